import { iso, type MediaAsset } from '@araldo/core';
import type { Kysely, Selectable } from 'kysely';
import { decodeCursor, toPage } from '../pagination';
import type { MediaAssetsTable, Schema } from '../schema';

export const toMediaAsset = (r: Selectable<MediaAssetsTable>): MediaAsset => ({
  id: r.id,
  workspaceId: r.workspace_id,
  filename: r.filename,
  mimeType: r.mime_type,
  sizeBytes: r.size_bytes,
  sha256: r.sha256,
  createdAt: iso(r.created_at),
});

export async function insertMediaAsset(
  db: Kysely<Schema>,
  m: {
    id: string;
    workspaceId: string;
    uploadedBy: string;
    filename: string;
    mimeType: string;
    sizeBytes: number;
    sha256: string;
    storageKey: string;
  },
  now = Date.now(),
) {
  await db
    .insertInto('media_assets')
    .values({
      id: m.id,
      workspace_id: m.workspaceId,
      uploaded_by: m.uploadedBy,
      filename: m.filename,
      mime_type: m.mimeType,
      size_bytes: m.sizeBytes,
      sha256: m.sha256,
      storage_key: m.storageKey,
      created_at: now,
    })
    .execute();
}

export async function findMediaAsset(db: Kysely<Schema>, workspaceId: string, id: string) {
  return db
    .selectFrom('media_assets')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function mediaIdsInWorkspace(db: Kysely<Schema>, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return new Set<string>();
  const rows = await db
    .selectFrom('media_assets')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .execute();
  return new Set(rows.map((r) => r.id));
}

export async function listMediaAssets(
  db: Kysely<Schema>,
  workspaceId: string,
  options: { limit: number; cursor?: string | undefined },
) {
  const after = decodeCursor(options.cursor);
  let q = db.selectFrom('media_assets').selectAll().where('workspace_id', '=', workspaceId);
  if (after) q = q.where('id', '<', after);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
    .execute();
  return toPage(rows, options.limit, toMediaAsset);
}

export async function deleteMediaAsset(db: Kysely<Schema>, workspaceId: string, id: string) {
  await db.deleteFrom('media_assets').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}
