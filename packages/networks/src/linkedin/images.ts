import type { MediaFile } from '../contract';
import type { HttpRequest, HttpResponse } from '../http/http-client';
import { NetworkError } from '../http/network-error';

const POLL_MS = 500;
const POLL_LIMIT = 60;

type Call = (req: Omit<HttpRequest, 'url'> & { path: string }, doing: string) => Promise<HttpResponse>;

/**
 * Images API: initializeUpload gives an upload URL and the image URN; the bytes go there by
 * PUT; the image can be used once its status is AVAILABLE.
 */
export async function uploadLinkedInImage(
  call: Call,
  rebase: (url: string) => string,
  owner: string,
  file: MediaFile,
): Promise<string> {
  const init = (
    await call(
      {
        method: 'POST',
        path: '/rest/images?action=initializeUpload',
        json: { initializeUploadRequest: { owner } },
      },
      'start the image upload',
    )
  ).json<{ value: { uploadUrl: string; image: string } }>().value;
  await call(
    {
      method: 'PUT',
      path: rebase(init.uploadUrl),
      body: await file.read(),
      headers: { 'content-type': 'application/octet-stream' },
    },
    'take the image',
  );
  for (let i = 0; i < POLL_LIMIT; i++) {
    const image = (
      await call(
        { method: 'GET', path: `/rest/images/${encodeURIComponent(init.image)}` },
        'report on the image',
      )
    ).json<{ status: string }>();
    if (image.status === 'AVAILABLE') return init.image;
    if (image.status === 'PROCESSING_FAILED')
      throw new NetworkError('permanent', 'LinkedIn could not process the image');
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  throw new NetworkError('transient', 'LinkedIn is still processing the image; Araldo will try again');
}
