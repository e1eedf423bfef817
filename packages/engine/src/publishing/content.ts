import { timingSafeEqual } from 'node:crypto';
import type { Post } from '@araldo/core';
import type { Draft, MediaFile, MediaInfo } from '@araldo/networks';
import type { MediaAssetsTable, Schema } from '@araldo/store';
import type { Kysely, Selectable } from 'kysely';
import type { Context } from '../context';

type Asset = Selectable<MediaAssetsTable>;

/** What one channel publishes: the post with that channel's overrides applied. */
export function resolveVariant(post: Post, channelId: string) {
  const v = post.variants.find((x) => x.channelId === channelId);
  return {
    text: v?.text ?? post.text,
    link: v?.link ?? post.link,
    mediaIds: v?.media ?? post.media,
    firstComment: v?.firstComment ?? post.firstComment,
    options: v?.options ?? {},
  };
}

/** `db` is the caller's transaction when there is one: SQLite has a single connection. */
export async function loadAssets(
  db: Kysely<Schema>,
  workspaceId: string,
  ids: string[],
): Promise<Map<string, Asset>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('media_assets')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

const info = (a: Asset): MediaInfo => ({ id: a.id, mimeType: a.mime_type, sizeBytes: a.size_bytes });

export function draftFor(post: Post, channelId: string, assets: Map<string, Asset>): Draft {
  const v = resolveVariant(post, channelId);
  return {
    text: v.text,
    link: v.link,
    media: v.mediaIds.flatMap((id) => (assets.has(id) ? [info(assets.get(id)!)] : [])),
    firstComment: v.firstComment,
    options: v.options,
  };
}

const PUBLIC_URL_TTL_MS = 24 * 3_600_000;

/**
 * Instagram, Threads and Pinterest fetch media themselves: they get a signed URL that
 * expires, not a path anyone could guess or reuse later.
 */
export function publicMediaUrl(ctx: Context, asset: Asset, now = Date.now()): string {
  const payload = Buffer.from(
    JSON.stringify({ k: asset.storage_key, t: asset.mime_type, e: now + PUBLIC_URL_TTL_MS }),
  ).toString('base64url');
  return `${ctx.config.publicUrl}/media/public/${payload}.${ctx.cipher.sign(payload)}`;
}

export function openPublicMediaToken(ctx: Context, token: string, now = Date.now()) {
  const [payload, mac] = token.split('.');
  if (!payload || !mac) return undefined;
  const expected = Buffer.from(ctx.cipher.sign(payload));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  const body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
    k: string;
    t: string;
    e: number;
  };
  return body.e > now ? { storageKey: body.k, mimeType: body.t } : undefined;
}

export function mediaFiles(ctx: Context, ids: string[], assets: Map<string, Asset>): MediaFile[] {
  return ids.flatMap((id) => {
    const a = assets.get(id);
    if (!a) return [];
    return [
      {
        ...info(a),
        filename: a.filename,
        read: () => import('node:fs/promises').then((fs) => fs.readFile(ctx.media.pathOf(a.storage_key))),
        publicUrl: publicMediaUrl(ctx, a),
      },
    ];
  });
}
