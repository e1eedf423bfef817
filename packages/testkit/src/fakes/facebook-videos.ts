import type { FakeRequest, FakeResponse } from './fake-server';
import { graphError, type MetaToken, missing } from './meta-graph';

/**
 * Page videos by the resumable protocol of Graph API "Video Uploads", as the Facebook fake
 * serves them: `upload_phase=start` (file_size, at most 10 GB) → `{upload_session_id,
 * video_id, start_offset, end_offset}`; `transfer` (multipart, `video_file_chunk` from exactly
 * `start_offset`, at most the range asked for) → the next range, equal offsets when all is in;
 * `finish` → `{success: true}` and the Page post, once only. The Video node reads back its
 * VideoStatus phases and `post_id`.
 */
export interface FakeFacebookVideo {
  id: string;
  pageId: string;
  session: string;
  fileSize: number;
  received: Buffer[];
  bytes: number;
  postId: string | null;
  description: string | null;
  title: string | null;
  finishCalls: number;
}

const MAX_BYTES = 10 * 1024 ** 3;

export interface VideoPageHost {
  newId(): string;
  pageAccess(pageId: string, t: MetaToken): FakeResponse | null;
  /** Makes the Page post for a finished video (targeting checks, duplicates): its id or an error. */
  createPost(pageId: string, params: URLSearchParams, message: string | null, videoId: string): FakeResponse;
}

export class FakeFacebookVideos {
  readonly videos = new Map<string, FakeFacebookVideo>();
  /** The chunk size Facebook asks for; small in tests to see several transfers. */
  chunkBytes = 1024 * 1024;

  constructor(private readonly host: VideoPageHost) {}

  /** `POST /{page-id}/videos`; the parameters come as a form, or multipart with a chunk. */
  async handle(pageId: string, t: MetaToken, r: FakeRequest, query: URLSearchParams): Promise<FakeResponse> {
    const denied = this.host.pageAccess(pageId, t);
    if (denied) return denied;
    const p = new URLSearchParams(query);
    let chunk: Buffer | null = null;
    if (String(r.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
      for (const [k, v] of await r.multipart()) {
        if (typeof v === 'string') p.set(k, v);
        else if (k === 'video_file_chunk') chunk = Buffer.from(await v.arrayBuffer());
      }
    }
    if (p.get('file_url'))
      return graphError(400, 100, '(#100) This fake takes videos by the resumable upload only');
    const phase = p.get('upload_phase');
    if (phase === 'start') return this.#start(pageId, p);
    const video = [...this.videos.values()].find((v) => v.session === p.get('upload_session_id'));
    if (phase !== 'transfer' && phase !== 'finish') return missing('upload_phase');
    if (!video || video.pageId !== pageId)
      return graphError(400, 100, '(#100) Invalid upload_session_id', { error_subcode: 1363030 });
    return phase === 'transfer' ? this.#transfer(video, p, chunk) : this.#finish(video, p);
  }

  /** The Video node (`GET /{video-id}`), or null when the id is not a video. */
  read(id: string, fields: string[]): FakeResponse | null {
    const v = this.videos.get(id);
    if (!v) return null;
    const uploaded = v.finishCalls > 0 || v.bytes === v.fileSize;
    const all: Record<string, unknown> = {
      id: v.id,
      status: {
        video_status: v.postId ? 'ready' : 'upload_in_progress',
        uploading_phase: { status: uploaded ? 'complete' : 'in_progress', bytes_transferred: v.bytes },
        processing_phase: { status: v.postId ? 'complete' : 'not_started' },
        publishing_phase: v.postId
          ? { status: 'complete', publish_status: 'published' }
          : { status: 'not_started' },
      },
      ...(v.postId ? { post_id: v.postId } : {}),
      ...(v.description ? { description: v.description } : {}),
      permalink_url: `/${v.pageId}/videos/${v.id}`,
    };
    const out: Record<string, unknown> = { id: v.id };
    for (const f of fields) if (f in all) out[f] = all[f];
    return { status: 200, json: out };
  }

  #start(pageId: string, p: URLSearchParams): FakeResponse {
    const size = Number(p.get('file_size'));
    if (!p.get('file_size') || !Number.isInteger(size) || size <= 0) return missing('file_size');
    if (size > MAX_BYTES)
      return graphError(400, 6000, 'There was a problem uploading your video file: the file is too large', {
        error_subcode: 1363023,
      });
    const video: FakeFacebookVideo = {
      id: this.host.newId(),
      pageId,
      session: this.host.newId(),
      fileSize: size,
      received: [],
      bytes: 0,
      postId: null,
      description: null,
      title: null,
      finishCalls: 0,
    };
    this.videos.set(video.id, video);
    return {
      status: 200,
      json: {
        video_id: video.id,
        upload_session_id: video.session,
        start_offset: '0',
        end_offset: String(Math.min(this.chunkBytes, size)),
      },
    };
  }

  #transfer(v: FakeFacebookVideo, p: URLSearchParams, chunk: Buffer | null): FakeResponse {
    if (!chunk) return missing('video_file_chunk');
    if (v.finishCalls > 0) return graphError(400, 6001, 'The upload session is already finished');
    if (Number(p.get('start_offset')) !== v.bytes)
      return graphError(400, 6001, `(#6001) start_offset must be ${v.bytes}`, { error_subcode: 1363037 });
    if (chunk.length === 0 || chunk.length > this.chunkBytes || v.bytes + chunk.length > v.fileSize)
      return graphError(400, 6001, '(#6001) The chunk does not fit the range asked for', {
        error_subcode: 1363019,
      });
    v.received.push(chunk);
    v.bytes += chunk.length;
    return {
      status: 200,
      json: {
        start_offset: String(v.bytes),
        end_offset: String(Math.min(v.bytes + this.chunkBytes, v.fileSize)),
      },
    };
  }

  #finish(v: FakeFacebookVideo, p: URLSearchParams): FakeResponse {
    v.finishCalls++;
    if (v.postId) return graphError(400, 6001, '(#6001) This upload session is already finished');
    if (v.bytes !== v.fileSize)
      return graphError(400, 6001, `(#6001) Only ${v.bytes} of ${v.fileSize} bytes were uploaded`);
    const created = this.host.createPost(v.pageId, p, p.get('description'), v.id);
    if (created.status !== 200) return created;
    v.postId = (created.json as { id: string }).id;
    v.description = p.get('description');
    v.title = p.get('title');
    return { status: 200, json: { success: true } };
  }
}
