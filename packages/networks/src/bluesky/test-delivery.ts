import { expect } from 'vitest';
import type { MediaFile, PublishRequest } from '../contract';
import { NetworkError } from '../http/network-error';

/** Test-only: a delivery whose journal lives in memory, as the engine keeps it in its database. */
export function delivery(
  text: string,
  over: Partial<PublishRequest> = {},
): PublishRequest & { saves: number } {
  const request = {
    deliveryId: 'd1',
    text,
    link: null,
    media: [],
    firstComment: null,
    options: {},
    journal: {} as Record<string, unknown>,
    saves: 0,
    async record(entries: Record<string, unknown>) {
      // A copy, as a database would keep: the adapter must not rely on sharing objects with it.
      request.journal = { ...request.journal, ...structuredClone(entries) };
      request.saves++;
    },
    ...over,
  };
  return request;
}

export function pngFile(bytes: Buffer, over: Partial<MediaFile> = {}): MediaFile {
  return {
    id: 'img',
    filename: 'gradient.png',
    mimeType: 'image/png',
    sizeBytes: bytes.length,
    publicUrl: 'https://media.invalid/gradient.png',
    read: async () => bytes,
    ...over,
  };
}

/** The NetworkError a call rejects with; fails the test when it resolves or throws anything else. */
export async function failure(promise: Promise<unknown>): Promise<NetworkError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NetworkError);
  return error as NetworkError;
}

const box = (type: string, ...payload: Buffer[]) => {
  const body = Buffer.concat(payload);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
};

/**
 * Test-only: a small MP4 as ISO/IEC 14496-12 lays one out — `ftyp` (brand isom, which the
 * PDS's sniffer reads as video/mp4), a `moov` with its movie header (timescale 1000 and the
 * duration), and an `mdat` of filler bytes. No player decodes frames from it; the PDS does
 * not decode either, it sniffs the type and stores the bytes.
 */
export function makeMp4(seconds = 2, payloadBytes = 2048): Buffer {
  const ftyp = box(
    'ftyp',
    Buffer.from('isom', 'latin1'),
    Buffer.from([0, 0, 2, 0]),
    Buffer.from('isomiso2mp41'),
  );
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(1000, 12); // timescale: milliseconds
  mvhd.writeUInt32BE(seconds * 1000, 16); // duration
  mvhd.writeUInt32BE(0x00010000, 20); // rate 1.0
  mvhd.writeUInt16BE(0x0100, 24); // volume 1.0
  for (const [i, v] of [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000].entries())
    mvhd.writeUInt32BE(v, 36 + i * 4); // unity matrix
  mvhd.writeUInt32BE(1, 96); // next track id
  const mdat = box('mdat', Buffer.alloc(payloadBytes, 0x2a));
  return Buffer.concat([ftyp, box('moov', box('mvhd', mvhd)), mdat]);
}

export function mp4File(bytes: Buffer, over: Partial<MediaFile> = {}): MediaFile {
  return {
    id: 'vid',
    filename: 'clip.mp4',
    mimeType: 'video/mp4',
    sizeBytes: bytes.length,
    durationSeconds: 2,
    publicUrl: 'https://media.invalid/clip.mp4',
    read: async () => bytes,
    ...over,
  };
}
