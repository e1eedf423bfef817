import type { MediaFile, PublishRequest } from '../contract';
import { NetworkError } from '../http/network-error';
import { youtubeError } from './errors';
import type { YouTubeSession } from './session';

export interface VideoResource {
  id: string;
  snippet?: { title?: string; description?: string; publishedAt?: string; channelId?: string };
  status?: { privacyStatus?: string; uploadStatus?: string };
}

type UploadState =
  | { kind: 'done'; video: VideoResource }
  | { kind: 'partial'; received: number }
  | { kind: 'gone' };

// Sending a large video takes longer than an API call; the engine retries a cut upload by resuming it.
const UPLOAD_TIMEOUT_MS = 15 * 60_000;

/**
 * Asks an upload URI how far it got (resumable upload protocol): `Content-Range: bytes
 * *\/TOTAL` answers 200/201 with the video when every byte arrived, 308 with `Range:
 * bytes=0-N` when N+1 bytes arrived (no Range: none), 404 when the session expired.
 */
export async function uploadState(session: YouTubeSession, uri: string, total: number): Promise<UploadState> {
  const response = await session.send({
    method: 'PUT',
    url: uri,
    headers: { 'content-range': `bytes */${total}`, 'content-length': '0' },
  });
  if (response.status === 200 || response.status === 201)
    return { kind: 'done', video: response.json<VideoResource>() };
  if (response.status === 308) {
    const range = /bytes=0-(\d+)/.exec(String(response.headers.range ?? ''));
    return { kind: 'partial', received: range ? Number(range[1]) + 1 : 0 };
  }
  if (response.status === 404 || response.status === 410) return { kind: 'gone' };
  throw youtubeError(response, 'report how much of the video it received');
}

async function startSession(
  session: YouTubeSession,
  base: string,
  file: MediaFile,
  total: number,
  metadata: Record<string, unknown>,
): Promise<string> {
  const response = await session.call(
    {
      method: 'POST',
      url: `${base}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`,
      json: metadata,
      headers: { 'x-upload-content-length': String(total), 'x-upload-content-type': file.mimeType },
    },
    'start the upload',
  );
  const location = response.headers.location;
  if (typeof location !== 'string')
    throw new NetworkError('transient', 'YouTube started an upload without saying where to send it');
  return new URL(location, base).toString();
}

async function sendBytes(
  session: YouTubeSession,
  uri: string,
  bytes: Buffer,
  offset: number,
  mimeType: string,
): Promise<VideoResource> {
  const total = bytes.length;
  const response = await session.send({
    method: 'PUT',
    url: uri,
    body: offset === 0 ? bytes : bytes.subarray(offset),
    headers: {
      'content-type': mimeType,
      ...(offset > 0 ? { 'content-range': `bytes ${offset}-${total - 1}/${total}` } : {}),
    },
    timeoutMs: UPLOAD_TIMEOUT_MS,
  });
  if (response.status === 200 || response.status === 201) return response.json<VideoResource>();
  if (response.status === 308)
    throw new NetworkError(
      'transient',
      'YouTube received only part of the video; Araldo will resume the upload',
    );
  throw youtubeError(response, 'take the video');
}

/**
 * The resumable upload, exactly once: the upload URI is journalled before any byte is sent,
 * and a retry asks that URI how far it got instead of starting a second video.
 */
export async function uploadVideo(
  session: YouTubeSession,
  base: string,
  file: MediaFile,
  metadata: Record<string, unknown>,
  request: PublishRequest,
): Promise<VideoResource> {
  const bytes = await file.read();
  let uri = typeof request.journal.uploadUri === 'string' ? request.journal.uploadUri : null;
  let offset = 0;
  if (uri) {
    const state = await uploadState(session, uri, bytes.length);
    if (state.kind === 'done') return state.video;
    // An expired session never became a video (a finished one answers 200), so start anew.
    if (state.kind === 'gone') uri = null;
    else offset = state.received;
  }
  if (!uri) {
    uri = await startSession(session, base, file, bytes.length, metadata);
    await request.record({ uploadUri: uri, uploadBytes: bytes.length });
  }
  return sendBytes(session, uri, bytes, offset, file.mimeType);
}
