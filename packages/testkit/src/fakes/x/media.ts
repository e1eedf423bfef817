import type { FakeRequest, FakeResponse, FakeServer } from '../fake-server';
import type { FakeX, FakeXUser } from './fake-x';
import { nextSnowflake, xProblem } from './problems';

export interface FakeXMedia {
  ownerId: string;
  kind: 'image' | 'gif' | 'video';
  mimeType: string;
  totalBytes: number;
  segments: Map<number, number>;
  state: 'uploading' | 'pending' | 'in_progress' | 'succeeded' | 'failed';
  checksLeft: number;
  altText: string | null;
}

const MB = 1024 * 1024;
const LIMITS = { image: 5 * MB, gif: 15 * MB, video: 512 * MB };
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/bmp', 'image/pjpeg', 'image/tiff'];
const CATEGORY: Record<string, FakeXMedia['kind']> = {
  tweet_image: 'image',
  tweet_gif: 'gif',
  tweet_video: 'video',
};
const SEGMENT_MAX = 5 * MB;

type Authed = (
  r: FakeRequest,
  scope: string,
  handler: (u: FakeXUser) => FakeResponse | Promise<FakeResponse>,
) => FakeResponse | Promise<FakeResponse>;

const invalid = (detail: string) => xProblem(400, 'invalid-request', 'Invalid Request', detail);

/** The v2 media endpoints: one-shot upload, initialize/append/finalize, STATUS, metadata. */
export class XMediaEndpoints {
  constructor(private readonly x: FakeX) {}

  install(s: FakeServer, authed: Authed) {
    s.route('POST', '/2/media/upload', (r) => authed(r, 'media.write', (u) => this.#oneShot(r, u)));
    s.route('POST', '/2/media/upload/initialize', (r) => authed(r, 'media.write', (u) => this.#init(r, u)));
    s.route('POST', '/2/media/upload/:id/append', (r) => authed(r, 'media.write', (u) => this.#append(r, u)));
    s.route('POST', '/2/media/upload/:id/finalize', (r) =>
      authed(r, 'media.write', (u) => this.#finalize(r, u)),
    );
    s.route('GET', '/2/media/upload', (r) => authed(r, 'media.write', (u) => this.#status(r, u)));
    s.route('POST', '/2/media/metadata', (r) =>
      authed(r, 'media.write', (u) => {
        const body = r.json<{ id?: string; metadata?: { alt_text?: { text?: string } } }>();
        const m = this.x.media.get(body.id ?? '');
        if (!m || m.ownerId !== u.id) return invalid('Media id is invalid.');
        const alt = body.metadata?.alt_text?.text;
        if (alt !== undefined && alt.length > 1000)
          return invalid('alt_text.text must be at most 1000 characters');
        m.altText = alt ?? null;
        return { status: 200, json: { data: { associated_metadata: body.metadata } } };
      }),
    );
  }

  #answer(id: string, m: FakeXMedia): FakeResponse {
    const processing =
      m.kind === 'image'
        ? {}
        : { processing_info: { state: m.state, check_after_secs: this.x.checkAfterSecs } };
    return {
      status: 200,
      json: {
        data: { id, media_key: `3_${id}`, size: m.totalBytes, expires_after_secs: 86400, ...processing },
      },
    };
  }

  async #oneShot(r: FakeRequest, u: FakeXUser): Promise<FakeResponse> {
    if (!String(r.headers['content-type']).startsWith('multipart/form-data'))
      return invalid('The body must be multipart/form-data.');
    const form = await r.multipart();
    const file = form.get('media');
    const category = form.get('media_category');
    if (!(file instanceof Blob)) return invalid('media is required.');
    if (typeof category !== 'string') return invalid('media_category is required.');
    if (category !== 'tweet_image') return invalid('Use the chunked upload for GIFs and video.');
    const type = (form.get('media_type') as string | null) ?? file.type;
    if (!IMAGE_TYPES.includes(type)) return invalid(`media_type ${type} is not supported.`);
    if (file.size > LIMITS.image) return invalid('File size exceeds 5242880 bytes.');
    const id = nextSnowflake();
    const m: FakeXMedia = {
      ownerId: u.id,
      kind: 'image',
      mimeType: type,
      totalBytes: file.size,
      segments: new Map([[0, file.size]]),
      state: 'succeeded',
      checksLeft: 0,
      altText: null,
    };
    this.x.media.set(id, m);
    return this.#answer(id, m);
  }

  #init(r: FakeRequest, u: FakeXUser): FakeResponse {
    const body = r.json<{ media_type?: string; total_bytes?: number; media_category?: string }>();
    const kind = CATEGORY[body.media_category ?? ''];
    if (!kind) return invalid('media_category must be tweet_image, tweet_gif or tweet_video.');
    if (!body.media_type || typeof body.total_bytes !== 'number')
      return invalid('media_type and total_bytes are required.');
    if (kind === 'video' && !['video/mp4', 'video/quicktime'].includes(body.media_type))
      return invalid(`media_type ${body.media_type} is not a supported video.`);
    if (body.total_bytes > LIMITS[kind]) return invalid(`File size exceeds ${LIMITS[kind]} bytes.`);
    const id = nextSnowflake();
    this.x.media.set(id, {
      ownerId: u.id,
      kind,
      mimeType: body.media_type,
      totalBytes: body.total_bytes,
      segments: new Map(),
      state: 'uploading',
      checksLeft: this.x.videoStatusChecks,
      altText: null,
    });
    return { status: 200, json: { data: { id, media_key: `7_${id}`, expires_after_secs: 86400 } } };
  }

  async #append(r: FakeRequest, u: FakeXUser): Promise<FakeResponse> {
    const m = this.x.media.get(r.params.id ?? '');
    if (!m || m.ownerId !== u.id) return invalid('Media id is invalid.');
    if (m.state !== 'uploading') return invalid('The upload is already finalized.');
    const form = await r.multipart();
    const chunk = form.get('media');
    const segment = Number(form.get('segment_index'));
    if (!(chunk instanceof Blob)) return invalid('media is required.');
    if (!Number.isInteger(segment) || segment < 0 || segment > 999)
      return invalid('segment_index must be 0 to 999.');
    if (chunk.size > SEGMENT_MAX) return invalid('A segment must be at most 5 MB.');
    m.segments.set(segment, chunk.size);
    return { status: 200, json: { data: { expires_at: Date.now() + 86_400_000 } } };
  }

  #finalize(r: FakeRequest, u: FakeXUser): FakeResponse {
    const id = r.params.id ?? '';
    const m = this.x.media.get(id);
    if (!m || m.ownerId !== u.id) return invalid('Media id is invalid.');
    const received = [...m.segments.values()].reduce((a, b) => a + b, 0);
    if (received !== m.totalBytes)
      return invalid(`File size mismatch: expected ${m.totalBytes} bytes, received ${received}.`);
    m.state = m.kind === 'video' && m.checksLeft > 0 ? 'pending' : 'succeeded';
    return this.#answer(id, m);
  }

  #status(r: FakeRequest, u: FakeXUser): FakeResponse {
    if (r.query.get('command') !== 'STATUS') return invalid('command must be STATUS.');
    const id = r.query.get('media_id') ?? '';
    const m = this.x.media.get(id);
    if (!m || m.ownerId !== u.id) return invalid('Media id is invalid.');
    if (m.state === 'pending' || m.state === 'in_progress') {
      m.checksLeft--;
      m.state = m.checksLeft <= 0 ? 'succeeded' : 'in_progress';
    }
    return this.#answer(id, m);
  }
}
