import { AraldoError, type MediaAsset, newId, notFound } from '@araldo/core';
import { deleteMediaAsset, findMediaAsset, insertMediaAsset, recordAudit, toMediaAsset } from '@araldo/store';
import type { Actor, Context } from '../context';
import { ensureAllowed } from './guard';

export const MEDIA_TYPES: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'video/webm': 'webm',
};

/** Checks the file's own signature, so a renamed script cannot pass for an image. */
export function sniffMediaType(body: Buffer): string | undefined {
  const hex = body.subarray(0, 12).toString('hex');
  if (hex.startsWith('ffd8ff')) return 'image/jpeg';
  if (hex.startsWith('89504e470d0a1a0a')) return 'image/png';
  if (hex.startsWith('474946383761') || hex.startsWith('474946383961')) return 'image/gif';
  if (hex.startsWith('52494646') && hex.slice(16, 24) === '57454250') return 'image/webp';
  if (hex.slice(8, 16) === '66747970') {
    return hex.slice(16, 24) === '71742020' ? 'video/quicktime' : 'video/mp4';
  }
  if (hex.startsWith('1a45dfa3')) return 'video/webm';
  return undefined;
}

export async function uploadMedia(
  ctx: Context,
  actor: Actor,
  workspaceId: string,
  input: { filename: string; declaredType: string; body: Buffer },
): Promise<MediaAsset> {
  ensureAllowed(actor, 'media.upload');
  const actual = sniffMediaType(input.body);
  if (!actual || !(input.declaredType in MEDIA_TYPES)) {
    throw new AraldoError(
      'unsupported_media_type',
      `Only ${Object.keys(MEDIA_TYPES).join(', ')} can be uploaded`,
    );
  }
  if (
    actual !== input.declaredType &&
    !(actual.startsWith('video/') && input.declaredType.startsWith('video/'))
  ) {
    throw new AraldoError(
      'unsupported_media_type',
      `The file says ${input.declaredType} but its content is ${actual}`,
    );
  }
  const id = newId();
  const storageKey = `${workspaceId}/${id}.${MEDIA_TYPES[actual]}`;
  const { sha256, sizeBytes } = await ctx.media.write(storageKey, input.body);
  try {
    return await ctx.store.db.transaction().execute(async (trx) => {
      await insertMediaAsset(trx, {
        id,
        workspaceId,
        uploadedBy: actor.userId,
        filename: input.filename,
        mimeType: actual,
        sizeBytes,
        sha256,
        storageKey,
      });
      await recordAudit(trx, {
        workspaceId,
        actorId: actor.userId,
        action: 'media.uploaded',
        targetType: 'media',
        targetId: id,
        after: { filename: input.filename, mimeType: actual, sizeBytes },
      });
      return toMediaAsset((await findMediaAsset(trx, workspaceId, id))!);
    });
  } catch (error) {
    await ctx.media.remove(storageKey);
    throw error;
  }
}

export async function deleteMedia(ctx: Context, actor: Actor, workspaceId: string, id: string) {
  ensureAllowed(actor, 'media.delete');
  const key = await ctx.store.db.transaction().execute(async (trx) => {
    const row = await findMediaAsset(trx, workspaceId, id);
    if (!row) throw notFound('Media');
    await deleteMediaAsset(trx, workspaceId, id);
    await recordAudit(trx, {
      workspaceId,
      actorId: actor.userId,
      action: 'media.deleted',
      targetType: 'media',
      targetId: id,
      before: { filename: row.filename },
    });
    return row.storage_key;
  });
  await ctx.media.remove(key);
}
