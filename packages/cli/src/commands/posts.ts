import fs from 'node:fs';
import path from 'node:path';
import { AraldoError, type Evergreen, invalid, notFound, type PostStatus } from '@araldo/core';
import {
  type Context,
  createPost,
  sniffMediaType,
  uploadMedia,
  type When,
  withDeliveries,
} from '@araldo/engine';
import { findPost, listPosts } from '@araldo/store';
import { withContext } from '../environment';
import { printJson, printRows } from '../output';
import { resolveWorkspace } from './channels';
import { defaultUser } from './tokens';

export interface PostCreateOptions {
  channel: string;
  text: string;
  media?: string[];
  now?: boolean;
  at?: string;
  tz?: string;
  queue?: boolean;
  /** `<afterDays>:<maxTimes>`, e.g. `30:3`. */
  evergreen?: string;
  workspace?: string;
  json?: boolean;
}

/** The engine checks the ranges and names what is wrong; here only the shape is read. */
function evergreen(value: string | undefined): Evergreen | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+):(\d+)$/.exec(value.trim());
  if (!match) throw invalid(`--evergreen ${value} is not <afterDays>:<maxTimes>, e.g. 30:3`);
  return { afterDays: Number(match[1]), maxTimes: Number(match[2]) };
}

function when(o: PostCreateOptions): When | undefined {
  const chosen = [o.now, o.at !== undefined, o.queue].filter(Boolean).length;
  if (chosen > 1) throw invalid('Choose one of --now, --at or --queue');
  if (o.now) return { kind: 'now' };
  if (o.queue) return { kind: 'queue' };
  if (o.at !== undefined) {
    if (!o.tz) throw invalid('--at needs --tz <IANA zone>, e.g. --tz Europe/Rome');
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(o.at)) {
      throw invalid(`--at ${o.at} is not a local date and time like 2026-12-01T09:30`);
    }
    return { kind: 'at', local: o.at, zone: o.tz };
  }
  return undefined;
}

async function upload(
  ctx: Context,
  actor: { userId: string; role: 'owner' },
  workspaceId: string,
  file: string,
) {
  let body: Buffer;
  try {
    body = fs.readFileSync(file);
  } catch {
    throw invalid(`Cannot read ${file}`);
  }
  const type = sniffMediaType(body);
  if (!type)
    throw new AraldoError('unsupported_media_type', `${file} is not an image or video Araldo can post`);
  return uploadMedia(ctx, actor, workspaceId, { filename: path.basename(file), declaredType: type, body });
}

/** Without a time it is a draft; the workers of a running Araldo pick up what is scheduled. */
export async function postCreate(o: PostCreateOptions) {
  await withContext(async (ctx) => {
    const workspace = await resolveWorkspace(ctx, o.workspace);
    const owner = await defaultUser(ctx);
    const actor = { userId: owner.id, role: 'owner' as const };
    const schedule = when(o);
    const media = [];
    for (const file of o.media ?? []) media.push((await upload(ctx, actor, workspace.id, file)).id);
    const channelIds = o.channel
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    const post = await createPost(
      ctx,
      actor,
      workspace.id,
      { text: o.text, channelIds, media, evergreen: evergreen(o.evergreen) },
      schedule,
    );
    const [view] = await withDeliveries(ctx, workspace.id, [post]);
    if (o.json) return printJson(view);
    console.log(`Post ${post.id}: ${view!.status}`);
    printDeliveries(view!.deliveries);
  });
}

function printDeliveries(deliveries: Awaited<ReturnType<typeof withDeliveries>>[number]['deliveries']) {
  printRows(
    deliveries.map((d) => ({
      channel: d.channelId,
      state: d.state,
      due: d.dueAt,
      link: d.remoteUrl,
      reason: d.failureReason,
      engagement: d.metrics?.engagement ?? null,
    })),
    ['channel', 'state', 'due', 'link', 'reason', 'engagement'],
  );
}

export async function postList(o: { status?: string; workspace?: string; json?: boolean }) {
  await withContext(async (ctx) => {
    const workspace = await resolveWorkspace(ctx, o.workspace);
    const page = await listPosts(ctx.store.db, workspace.id, {
      limit: 200,
      status: o.status as PostStatus | undefined,
    });
    const items = await withDeliveries(ctx, workspace.id, page.items);
    if (o.json) return printJson(items);
    printRows(
      items.map((p) => ({
        id: p.id,
        status: p.status,
        channels: p.deliveries.map((d) => d.state).join(' ') || '(draft)',
        text: p.text.length > 50 ? `${p.text.slice(0, 49)}…` : p.text,
      })),
      ['id', 'status', 'channels', 'text'],
    );
  });
}

export async function postShow(id: string, o: { workspace?: string; json?: boolean }) {
  await withContext(async (ctx) => {
    const workspace = await resolveWorkspace(ctx, o.workspace);
    const post = await findPost(ctx.store.db, workspace.id, id);
    if (!post) throw notFound(`Post ${id}`);
    const [view] = await withDeliveries(ctx, workspace.id, [post]);
    if (o.json) return printJson(view);
    console.log(`Post ${post.id}: ${view!.status}\n${post.text}\n`);
    printDeliveries(view!.deliveries);
  });
}
