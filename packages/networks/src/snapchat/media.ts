import { createCipheriv, randomBytes } from 'node:crypto';
import type { MediaFile } from '../contract';
import { FormData } from '../http/http-client';
import type { SnapchatSession } from './session';

// Profile Asset Management: encrypt with AES-256-CBC (random 32-byte key, 16-byte IV,
// PKCS#7 padding as `openssl enc -nosalt` does), then send the ciphertext in parts of at
// most 32 MB (`split -b 32m`).
export const PART_BYTES = 32 * 1024 * 1024;

export function encryptMedia(plain: Buffer) {
  const key = randomBytes(32);
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return { key, iv, encrypted: Buffer.concat([cipher.update(plain), cipher.final()]) };
}

export interface MediaObject {
  media_id: string;
  add_path: string;
  finalize_path: string;
}

/** Creates the media object; `onCreated` journals its id before any byte is sent. */
export async function uploadMedia(
  session: SnapchatSession,
  base: string,
  profileId: string,
  file: MediaFile,
  name: string,
  onCreated: (mediaId: string) => Promise<void>,
): Promise<string> {
  const { key, iv, encrypted } = encryptMedia(await file.read());
  const created = await session.call<MediaObject>(
    {
      method: 'POST',
      url: `${base}/v1/public_profiles/${profileId}/media`,
      json: {
        type: file.mimeType.startsWith('video/') ? 'VIDEO' : 'IMAGE',
        name,
        key: key.toString('base64'),
        iv: iv.toString('base64'),
      },
    },
    'create the media',
  );
  await onCreated(created.media_id);
  for (let i = 0; i * PART_BYTES < encrypted.length; i++) {
    const form = new FormData();
    form.append('action', 'ADD');
    form.append('part_number', String(i + 1));
    form.append(
      'file',
      new Blob([encrypted.subarray(i * PART_BYTES, (i + 1) * PART_BYTES)]),
      `${file.filename}.part${i + 1}`,
    );
    // The paths come back relative to the API host.
    await session.call(
      { method: 'POST', url: `${base}${created.add_path}`, multipart: form, timeoutMs: 10 * 60_000 },
      'take the media',
    );
  }
  const finalize = new FormData();
  finalize.append('action', 'FINALIZE');
  await session.call(
    { method: 'POST', url: `${base}${created.finalize_path}`, multipart: finalize },
    'finish the media upload',
  );
  return created.media_id;
}
