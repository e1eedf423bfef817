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
