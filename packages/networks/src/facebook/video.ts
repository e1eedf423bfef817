import type { MediaFile, PublishRequest } from '../contract';
import { NetworkError } from '../http/network-error';
import type { GraphParams, GraphSession } from '../meta';

/** "Videos must be published to graph-video.facebook.com instead of graph.facebook.com." */
export const FACEBOOK_VIDEO_ORIGIN = 'https://graph-video.facebook.com';

/** The video host; with a base URL override (a fake, a proxy) it is that same origin. */
export const videoOrigin = (baseUrl: string, defaultBaseUrl: string) =>
  new URL(baseUrl).origin === new URL(defaultBaseUrl).origin ? FACEBOOK_VIDEO_ORIGIN : baseUrl;

/** What the journal keeps of a resumable upload: enough to resume it or to ask how it ended. */
export interface VideoUpload {
  id: string;
  session: string;
  /** The chunk size Facebook asked for at the start, used again when resuming. */
  chunkBytes: number;
  /** When the finish call (which publishes) was first sent. */
  finishAt?: number;
}

interface Offsets {
  start_offset: string;
  end_offset: string;
}

/** The Video node as read back: `status` is a VideoStatus, `post_id` its Page post. */
export interface VideoState {
  id: string;
  post_id?: string;
  status?: {
    video_status?: string;
    uploading_phase?: { status?: string; bytes_transferred?: number };
    publishing_phase?: { status?: string; publish_status?: string };
  };
}

/** Reads the video; null when it no longer exists (deleted, or an upload that expired). */
export async function readVideo(graph: GraphSession, id: string): Promise<VideoState | null> {
  return graph
    .get<VideoState>(`/${id}`, { fields: 'id,post_id,status' }, 'read the video')
    .catch((error: unknown) => {
      if (error instanceof NetworkError && error.failure === 'permanent') return null;
      throw error;
    });
}

/** Once finish is received the publishing phase has begun: the post exists or is coming. */
export const isPublished = (state: VideoState) =>
  state.post_id !== undefined || (state.status?.publishing_phase?.status ?? 'not_started') !== 'not_started';

export interface VideoPublish {
  /** The API host, for reading the video back. */
  graph: GraphSession;
  /** The same session on the video host, for the upload phases. */
  video: GraphSession;
  page: string;
  file: MediaFile;
  /** Sent with the finish phase: description, title, targeting. */
  params: GraphParams;
  request: Pick<PublishRequest, 'journal' | 'record'>;
}

/**
 * A Page video by the resumable protocol on `/{page-id}/videos` (Graph API "Video Uploads"):
 * `upload_phase=start` with the file size gives the video id and an upload session, which are
 * journalled at once; `transfer` sends the chunks Facebook asks for (its answer names the next
 * byte range); `finish` publishes, and only it cannot be undone. A retry never starts again
 * while the journalled video lives: it asks the video (`status.uploading_phase`
 * bytes_transferred, `publishing_phase`) and resumes the transfer, or finds that an earlier
 * finish went through and returns that post.
 */
export async function publishVideo(o: VideoPublish): Promise<string> {
  const { request, file, page } = o;
  const postOf = (state: VideoState | null, id: string) => state?.post_id ?? `${page}_${id}`;
  let upload = (request.journal.video as VideoUpload | null | undefined) ?? undefined;
  let range: { start: number; end: number } | null = null;
  if (upload) {
    const state = await readVideo(o.graph, upload.id);
    const lost = ['expired', 'error'].includes(state?.status?.video_status ?? '');
    if (state && !lost && isPublished(state)) return postOf(state, upload.id);
    if (!state || lost) {
      upload = undefined;
    } else if (state.status?.uploading_phase?.status !== 'complete') {
      const start = state.status?.uploading_phase?.bytes_transferred ?? 0;
      range = { start, end: Math.min(start + upload.chunkBytes, file.sizeBytes) };
    }
  }
  if (!upload) {
    const started = await o.video.post<Offsets & { upload_session_id: string; video_id: string }>(
      `/${page}/videos`,
      { upload_phase: 'start', file_size: file.sizeBytes },
      'start the video upload',
    );
    range = { start: Number(started.start_offset), end: Number(started.end_offset) };
    upload = {
      id: started.video_id,
      session: started.upload_session_id,
      chunkBytes: range.end - range.start,
    };
    await request.record({ video: upload });
  }
  if (range && range.start < range.end) {
    const bytes = await file.read();
    while (range.start < range.end) {
      const next: Offsets = await o.video.postFile(
        `/${page}/videos`,
        { upload_phase: 'transfer', upload_session_id: upload.session, start_offset: range.start },
        {
          field: 'video_file_chunk',
          data: bytes.subarray(range.start, range.end),
          filename: file.filename,
          mimeType: file.mimeType,
        },
        'send the video',
      );
      range = { start: Number(next.start_offset), end: Number(next.end_offset) };
    }
  }
  upload = { ...upload, finishAt: upload.finishAt ?? Date.now() };
  await request.record({ video: upload });
  await o.video.post(
    `/${page}/videos`,
    { upload_phase: 'finish', upload_session_id: upload.session, ...o.params },
    'publish the video',
  );
  return postOf(await readVideo(o.graph, upload.id), upload.id);
}
