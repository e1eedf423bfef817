import { randomBytes } from 'node:crypto';
import { bearer, type FakeRequest, type FakeResponse, FakeServer } from '../fake-server';
import { FakeOAuth } from '../oauth';
import { checkMediaSource, type PinMedia } from './media-source';

/**
 * Pinterest API v5 as developers.pinterest.com documents it, strict about what an adapter
 * sends: bearer tokens with scopes, a board the account owns, title ≤100, description ≤800,
 * link ≤2048, alt text ≤500, a valid media_source (base64 JPEG/PNG, URLs, 2–5 items, a
 * video whose upload succeeded), `{code, message}` errors, per-category 429s.
 */
export interface FakePin {
  id: string;
  boardId: string;
  title: string | null;
  description: string | null;
  link: string | null;
  altText: string | null;
  media: PinMedia;
  createdAt: string;
  saves: number;
}
export interface FakePinterestVideo {
  status: 'registered' | 'processing' | 'succeeded' | 'failed';
  uploadKey: string;
  pollsLeft: number;
}

export const pinterestError = (status: number, code: number, message: string): FakeResponse => ({
  status,
  json: { code, message },
});

export class FakePinterest {
  readonly server = new FakeServer(() => pinterestError(404, 404, 'Not found'));
  readonly oauth: FakeOAuth;
  readonly user = { id: randomBytes(6).toString('hex'), username: 'araldo', business_name: 'Araldo' };
  readonly boards = new Map<string, { name: string }>();
  readonly pins: FakePin[] = [];
  readonly videos = new Map<string, FakePinterestVideo>();
  /** Pin creations per minute before 429 (the write category; real numbers vary by app tier). */
  writeLimit = 100;
  /** How many status checks a video stays `processing` after its upload. */
  videoProcessingPolls = 1;
  #writes: number[] = [];
  #next = 1_000_000_000_000;

  constructor(app = { clientId: 'pinterest-app', clientSecret: 'pinterest-secret' }) {
    // Continuous refresh: each refresh answers with a new refresh token.
    this.oauth = new FakeOAuth(this.server, {
      authorizePath: '/oauth/',
      tokenPath: '/v5/oauth/token',
      ...app,
      clientAuth: 'basic',
      pkce: false,
      accessTtlSeconds: 2_592_000,
      rotateRefreshTokens: true,
    });
  }

  get url() {
    return this.server.url;
  }

  issueTokens(scope = 'boards:read,pins:read,pins:write,user_accounts:read') {
    return this.oauth.issue(scope);
  }

  addBoard(name: string): string {
    const id = String(this.#next++);
    this.boards.set(id, { name });
    return id;
  }

  async start() {
    const s = this.server;
    s.route('GET', '/v5/user_account', (r) =>
      this.#authed(r, 'user_accounts:read', () => ({
        status: 200,
        json: { ...this.user, account_type: 'BUSINESS', follower_count: 0 },
      })),
    );
    s.route('GET', '/v5/boards/:id/pins', (r) =>
      this.#authed(r, 'pins:read', () => {
        if (!this.boards.has(r.params.id ?? '')) return pinterestError(404, 2, 'Board not found.');
        const size = Number(r.query.get('page_size') ?? 25);
        if (!Number.isInteger(size) || size < 1 || size > 250)
          return pinterestError(400, 1, 'page_size must be between 1 and 250');
        const pins = this.pins.filter((p) => p.boardId === r.params.id).reverse();
        return {
          status: 200,
          json: { items: pins.slice(0, size).map((p) => this.#render(p)), bookmark: null },
        };
      }),
    );
    s.route('POST', '/v5/pins', (r) => this.#authed(r, 'pins:write', () => this.#createPin(r)));
    s.route('GET', '/v5/pins/:id', (r) =>
      this.#authed(r, 'pins:read', () => {
        const pin = this.pins.find((p) => p.id === r.params.id);
        return pin ? { status: 200, json: this.#render(pin) } : pinterestError(404, 50, 'Pin not found.');
      }),
    );
    s.route('GET', '/v5/pins/:id/analytics', (r) => this.#authed(r, 'pins:read', () => this.#analytics(r)));
    s.route('POST', '/v5/media', (r) =>
      this.#authed(r, 'pins:write', () => {
        if (r.json<{ media_type?: string }>().media_type !== 'video')
          return pinterestError(400, 1, 'media_type must be video');
        const mediaId = String(this.#next++);
        const uploadKey = `uploads/${randomBytes(8).toString('hex')}`;
        this.videos.set(mediaId, { status: 'registered', uploadKey, pollsLeft: this.videoProcessingPolls });
        return {
          status: 201,
          json: {
            media_id: mediaId,
            media_type: 'video',
            upload_url: `${this.url}/pinterest-media-upload/`,
            upload_parameters: {
              key: uploadKey,
              policy: randomBytes(12).toString('base64'),
              'x-amz-algorithm': 'AWS4-HMAC-SHA256',
              'x-amz-credential': 'fake/credential',
              'x-amz-date': '20261101T000000Z',
              'x-amz-signature': randomBytes(16).toString('hex'),
              'Content-Type': 'multipart/form-data',
            },
          },
        };
      }),
    );
    s.route('GET', '/v5/media/:id', (r) =>
      this.#authed(r, 'pins:read', () => {
        const video = this.videos.get(r.params.id ?? '');
        if (!video) return pinterestError(404, 3, 'Media not found.');
        if (video.status === 'processing' && --video.pollsLeft < 0) video.status = 'succeeded';
        return { status: 200, json: { media_id: r.params.id, media_type: 'video', status: video.status } };
      }),
    );
    // The storage bucket's form POST: the signed fields, then the file; no bearer token.
    s.route('POST', '/pinterest-media-upload/', async (r) => {
      if (r.headers.authorization)
        return { status: 400, body: '<Error><Code>InvalidArgument</Code></Error>' };
      const form = await r.multipart();
      const video = [...this.videos.values()].find((v) => v.uploadKey === form.get('key'));
      if (!video || !form.get('x-amz-signature') || !form.get('policy'))
        return { status: 403, body: '<Error><Code>AccessDenied</Code></Error>' };
      if (!(form.get('file') instanceof Blob))
        return { status: 400, body: '<Error><Code>MissingFile</Code></Error>' };
      video.status = 'processing';
      return { status: 204, body: '' };
    });
    await s.start();
    return this;
  }

  stop() {
    return this.server.stop();
  }

  #createPin(r: FakeRequest): FakeResponse {
    const now = Date.now();
    this.#writes = this.#writes.filter((t) => t > now - 60_000);
    this.#writes.push(now);
    const headers = {
      'x-ratelimit-limit': String(this.writeLimit),
      'x-ratelimit-remaining': String(Math.max(0, this.writeLimit - this.#writes.length)),
      'x-ratelimit-reset': String(Math.ceil((this.#writes[0]! + 60_000 - now) / 1000)),
    };
    if (this.#writes.length > this.writeLimit)
      return { ...pinterestError(429, 8, 'Rate limit exceeded. Please try again later.'), headers };
    const body = r.json<Record<string, unknown>>();
    const bad = (message: string) => ({ ...pinterestError(400, 1, message), headers });
    if (typeof body.board_id !== 'string') return bad('board_id is a required property');
    if (!this.boards.has(body.board_id)) return { ...pinterestError(404, 2, 'Board not found.'), headers };
    const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : null);
    const over = (k: string, max: number) => (str(k)?.length ?? 0) > max;
    if (over('title', 100)) return bad('title: must be at most 100 characters');
    if (over('description', 800)) return bad('description: must be at most 800 characters');
    if (over('link', 2048)) return bad('link: must be at most 2048 characters');
    if (over('alt_text', 500)) return bad('alt_text: must be at most 500 characters');
    const media = checkMediaSource(body.media_source, this.videos);
    if (typeof media === 'string') return bad(media);
    const pin: FakePin = {
      id: String(this.#next++),
      boardId: body.board_id,
      title: str('title'),
      description: str('description'),
      link: str('link'),
      altText: str('alt_text'),
      media,
      createdAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      saves: 0,
    };
    this.pins.push(pin);
    return { status: 201, json: this.#render(pin), headers };
  }

  #analytics(r: FakeRequest): FakeResponse {
    const pin = this.pins.find((p) => p.id === r.params.id);
    if (!pin) return pinterestError(404, 50, 'Pin not found.');
    const start = r.query.get('start_date') ?? '';
    const end = r.query.get('end_date') ?? '';
    const today = new Date().toISOString().slice(0, 10);
    const oldest = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
    if (!/^\d{4}-\d\d-\d\d$/.test(start) || !/^\d{4}-\d\d-\d\d$/.test(end))
      return pinterestError(400, 1, 'start_date and end_date are required (YYYY-MM-DD)');
    if (start < oldest || end > today || start > end)
      return pinterestError(400, 1, 'The date range must lie within the last 90 days');
    const known = ['IMPRESSION', 'OUTBOUND_CLICK', 'PIN_CLICK', 'SAVE', 'TOTAL_COMMENTS', 'TOTAL_REACTIONS'];
    const wanted = (r.query.get('metric_types') ?? '').split(',').filter(Boolean);
    if (wanted.length === 0 || wanted.some((m) => !known.includes(m)))
      return pinterestError(400, 1, 'metric_types holds an unknown metric');
    const values: Record<string, number> = { IMPRESSION: 10 * pin.saves, SAVE: pin.saves };
    const summary = Object.fromEntries(wanted.map((m) => [m, values[m] ?? 0]));
    return { status: 200, json: { all: { daily_metrics: [], summary_metrics: summary } } };
  }

  #render(p: FakePin) {
    return {
      id: p.id,
      board_id: p.boardId,
      title: p.title,
      description: p.description,
      link: p.link,
      alt_text: p.altText,
      created_at: p.createdAt,
      media: { media_type: p.media.type },
    };
  }

  #authed(r: FakeRequest, scope: string, handler: () => FakeResponse): FakeResponse {
    const token = bearer(r);
    if (!this.oauth.valid(token)) return pinterestError(401, 2, 'Authentication failed.');
    if (!this.oauth.access.get(token!)!.scope.split(/[ ,+]/).includes(scope))
      return pinterestError(403, 29, 'You are not permitted to access that resource.');
    return handler();
  }
}
