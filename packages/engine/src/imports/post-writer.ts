import { type ErrorDetail, newId } from '@araldo/core';
import { descriptorFor } from '@araldo/networks';
import { insertPost, recordAudit, replaceVariants, type Schema } from '@araldo/store';
import type { Kysely } from 'kysely';
import type { Actor, Context } from '../context';
import { scheduleWithin, type When } from '../publishing/schedule';

/** A channel of the workspace, as imports need it to resolve names and check text. */
export interface ImportChannel {
  id: string;
  name: string;
  network: string;
  status: string;
  /** JSON; holds the queue's posting slots. */
  settings: string;
}

export interface ImportedPost {
  text: string;
  channelIds: string[];
  link: string | null;
  firstComment: string | null;
  campaign: string | null;
}

export async function workspaceChannels(db: Kysely<Schema>, workspaceId: string): Promise<ImportChannel[]> {
  return db
    .selectFrom('channels')
    .select(['id', 'name', 'network', 'status', 'settings'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('id')
    .execute();
}

/**
 * Each channel's network rules on a text-only post, before anything is written; the same
 * descriptors `validatePost` uses, so an import refuses exactly what scheduling would.
 */
export function checkFits(post: ImportedPost, channels: ImportChannel[]): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  for (const channel of channels.filter((c) => post.channelIds.includes(c.id))) {
    const descriptor = descriptorFor(channel.network);
    const draft = {
      text: post.text,
      link: post.link,
      media: [],
      firstComment: post.firstComment,
      options: {},
    };
    for (const v of descriptor.validate(draft)) {
      problems.push({
        path: v.path,
        message: `${descriptor.name} (${channel.name}): ${v.message}`,
        code: v.code,
      });
    }
  }
  return problems;
}

/**
 * `createPost` inside a transaction the caller holds, so a whole import commits or none of
 * it does. References were resolved by the caller against the workspace's own channels.
 */
export async function createPostWithin(
  ctx: Context,
  trx: Kysely<Schema>,
  actor: Actor,
  workspaceId: string,
  post: ImportedPost,
  when: When | undefined,
  source: Record<string, unknown>,
): Promise<string> {
  const id = newId();
  await insertPost(trx, {
    id,
    workspaceId,
    authorId: actor.userId,
    text: post.text,
    media: [],
    link: post.link,
    firstComment: post.firstComment,
    campaign: post.campaign,
    status: 'draft',
  });
  await replaceVariants(
    trx,
    workspaceId,
    id,
    post.channelIds.map((channelId) => ({
      id: newId(),
      channelId,
      text: null,
      media: null,
      link: null,
      firstComment: null,
      options: {},
    })),
  );
  await recordAudit(trx, {
    workspaceId,
    actorId: actor.userId,
    action: 'post.created',
    targetType: 'post',
    targetId: id,
    after: { text: post.text, channels: post.channelIds, ...source },
  });
  if (when) await scheduleWithin(ctx, trx, actor, workspaceId, id, when);
  return id;
}
