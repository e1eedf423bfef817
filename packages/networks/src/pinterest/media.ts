import type { MediaFile, PublishRequest } from '../contract';
import { FormData, type HttpClient, type HttpRequest, type HttpResponse } from '../http/http-client';
import { NetworkError } from '../http/network-error';
import { pinterestError } from './errors';

const POLL_MS = 500;
const POLL_LIMIT = 600;
const BASE64_TYPES = ['image/jpeg', 'image/png'];

type Call = (req: Omit<HttpRequest, 'url'> & { path: string }, doing: string) => Promise<HttpResponse>;

interface MediaUpload {
  media_id: string;
  upload_url: string;
  upload_parameters: Record<string, string>;
}

/**
 * The Pin's media_source. Images go inline as base64 (JPEG and PNG only) or by their
 * public URL; 2–5 images make a carousel. Video: register an upload, post the file to the
 * upload URL with the parameters Pinterest gave, wait for `succeeded`, then use its id.
 */
export async function mediaSource(
  call: Call,
  upload: { http: HttpClient; rebase: (url: string) => string },
  request: PublishRequest,
): Promise<Record<string, unknown>> {
  const video = request.media.find((m) => m.mimeType.startsWith('video/'));
  if (video) {
    const mediaId = await uploadVideo(call, upload, request, video);
    const cover = request.options.coverFrameSeconds;
    return {
      source_type: 'video_id',
      media_id: mediaId,
      cover_image_key_frame_time: typeof cover === 'number' ? cover : 0,
    };
  }
  const inline = request.media.every((m) => BASE64_TYPES.includes(m.mimeType));
  const item = async (m: MediaFile) =>
    inline ? { content_type: m.mimeType, data: (await m.read()).toString('base64') } : { url: m.publicUrl };
  if (request.media.length === 1) {
    return { source_type: inline ? 'image_base64' : 'image_url', ...(await item(request.media[0]!)) };
  }
  return {
    source_type: inline ? 'multiple_image_base64' : 'multiple_image_urls',
    items: await Promise.all(request.media.map(item)),
  };
}

async function uploadVideo(
  call: Call,
  upload: { http: HttpClient; rebase: (url: string) => string },
  request: PublishRequest,
  video: MediaFile,
): Promise<string> {
  let mediaId = request.journal.videoMediaId as string | undefined;
  let status = mediaId ? await statusOf(call, mediaId) : 'none';
  // `registered` means the file never arrived (or its answer was lost): upload URLs are
  // single-use, so start a new registration rather than guess.
  if (!mediaId || status === 'registered' || status === 'failed') {
    const registered = (
      await call({ method: 'POST', path: '/v5/media', json: { media_type: 'video' } }, 'register the video')
    ).json<MediaUpload>();
    mediaId = registered.media_id;
    await request.record({ videoMediaId: mediaId });
    const form = new FormData();
    for (const [k, v] of Object.entries(registered.upload_parameters)) form.append(k, v);
    form.append('file', new Blob([await video.read()], { type: video.mimeType }), video.filename);
    // The upload URL is a storage bucket, not the API: no Pinterest token goes there.
    const sent = await upload.http.request({
      method: 'POST',
      url: upload.rebase(registered.upload_url),
      multipart: form,
    });
    if (sent.status >= 300) throw pinterestError(sent, 'take the video');
    status = await statusOf(call, mediaId);
  }
  for (let i = 0; status !== 'succeeded'; i++) {
    if (status === 'failed') throw new NetworkError('permanent', 'Pinterest could not process the video');
    if (i >= POLL_LIMIT)
      throw new NetworkError('transient', 'Pinterest is still processing the video; Araldo will try again');
    await new Promise((r) => setTimeout(r, POLL_MS));
    status = await statusOf(call, mediaId);
  }
  return mediaId;
}

async function statusOf(call: Call, mediaId: string): Promise<string> {
  const response = await call({ method: 'GET', path: `/v5/media/${mediaId}` }, 'report on the video');
  return response.json<{ status: string }>().status;
}
