import type { MediaFile } from '../contract';
import { FormData } from '../http/http-client';
import { NetworkError } from '../http/network-error';
import type { OAuthSession } from '../oauth/oauth-session';
import { xError } from './errors';

// docs.x.com media upload: APPEND segments are at most 5 MB; 4 MB leaves room for the form.
const CHUNK_BYTES = 4 * 1024 * 1024;
const MAX_STATUS_CHECKS = 120;
const MAX_WAIT_MS = 10_000;

interface ProcessingInfo {
  state: 'pending' | 'in_progress' | 'failed' | 'succeeded';
  check_after_secs?: number;
  error?: { message?: string };
}
interface MediaAnswer {
  data: { id: string; processing_info?: ProcessingInfo };
}

const category = (file: MediaFile) =>
  file.mimeType.startsWith('video/')
    ? 'tweet_video'
    : file.mimeType === 'image/gif'
      ? 'tweet_gif'
      : 'tweet_image';

/**
 * Uploads one file through the v2 media endpoints: a still image in one request, a GIF or
 * a video in chunks (initialize, append, finalize) and then waits until X has processed it.
 */
export async function uploadXMedia(session: OAuthSession, base: string, file: MediaFile): Promise<string> {
  const bytes = await file.read();
  const send = async (req: Parameters<OAuthSession['send']>[0], doing: string) => {
    const response = await session.send(req);
    if (response.status >= 400) throw xError(response, doing);
    return response;
  };
  let answer: MediaAnswer;
  if (category(file) === 'tweet_image') {
    const form = new FormData();
    form.append('media', new Blob([bytes], { type: file.mimeType }), file.filename);
    form.append('media_category', 'tweet_image');
    form.append('media_type', file.mimeType);
    answer = (
      await send({ method: 'POST', url: `${base}/2/media/upload`, multipart: form }, 'take the image')
    ).json<MediaAnswer>();
  } else {
    const init = (
      await send(
        {
          method: 'POST',
          url: `${base}/2/media/upload/initialize`,
          json: { media_type: file.mimeType, total_bytes: bytes.length, media_category: category(file) },
        },
        'start the upload',
      )
    ).json<MediaAnswer>();
    const id = init.data.id;
    for (let offset = 0, segment = 0; offset < bytes.length; offset += CHUNK_BYTES, segment++) {
      const form = new FormData();
      form.append('media', new Blob([bytes.subarray(offset, offset + CHUNK_BYTES)]), file.filename);
      form.append('segment_index', String(segment));
      await send(
        { method: 'POST', url: `${base}/2/media/upload/${id}/append`, multipart: form },
        'take a part of the file',
      );
    }
    answer = (
      await send({ method: 'POST', url: `${base}/2/media/upload/${id}/finalize` }, 'finish the upload')
    ).json<MediaAnswer>();
  }
  const id = answer.data.id;
  await waitForProcessing(send, base, id, answer.data.processing_info);
  if (file.altText && category(file) !== 'tweet_video') {
    await send(
      {
        method: 'POST',
        url: `${base}/2/media/metadata`,
        json: { id, metadata: { alt_text: { text: file.altText.slice(0, 1000) } } },
      },
      'save the alt text',
    );
  }
  return id;
}

async function waitForProcessing(
  send: (req: Parameters<OAuthSession['send']>[0], doing: string) => Promise<{ json<T>(): T }>,
  base: string,
  id: string,
  info: ProcessingInfo | undefined,
) {
  // Only a finalize answer with processing_info needs STATUS polling (X media docs).
  for (let i = 0; info && info.state !== 'succeeded'; i++) {
    if (info.state === 'failed')
      throw new NetworkError(
        'permanent',
        `X could not process the media: ${info.error?.message ?? 'failed'}`,
      );
    if (i >= MAX_STATUS_CHECKS)
      throw new NetworkError('transient', 'X is still processing the media; Araldo will try again');
    await new Promise((r) => setTimeout(r, Math.min((info?.check_after_secs ?? 1) * 1000, MAX_WAIT_MS)));
    info = (
      await send(
        { method: 'GET', url: `${base}/2/media/upload?command=STATUS&media_id=${encodeURIComponent(id)}` },
        'report on the media',
      )
    ).json<MediaAnswer>().data.processing_info;
  }
}
