import { createDecipheriv, randomUUID } from 'node:crypto';
import { bearer, type FakeRequest, type FakeResponse, FakeServer } from './fake-server';
import { FakeOAuth } from './oauth';

/**
 * Snapchat's Public Profile API (developers.snap.com, Public-Profile-API) as strict as its
 * docs allow: Snap OAuth, media objects bound to an AES-256-CBC key and IV, parts of at most
 * 32 MB, FINALIZE that decrypts with that key and IV and checks the result is a real image
 * or video (so a wrong encryption fails here as it would at Snap), one post per media object
 * (`MEDIA_POSTING_ALREADY_IN_PROGRESS`), 24-hour expiry, Story / Saved Story / Spotlight rules,
 * stats per asset type, 10 requests per second per token, and Snap's error body.
 */
export interface FakeSnapMedia {
  id: string;
  type: 'IMAGE' | 'VIDEO';
  name: string;
  key: Buffer;
  iv: Buffer;
  parts: Map<number, Buffer>;
  /** The decrypted file, once FINALIZE succeeded. */
  content: Buffer | null;
  createdAt: number;
  postedAs: string | null;
}

export interface FakeSnapPost {
  id: string;
  kind: 'story' | 'saved_story' | 'spotlight';
  mediaId: string;
  title: string | null;
  description: string | null;
  locale: string | null;
  createdAt: string;
}

const MiB = 1024 * 1024;

export const snapError = (status: number, errorCode: string, message: string): FakeResponse => ({
  status,
  json: {
    request_status: 'ERROR',
    request_id: randomUUID(),
    error_code: errorCode,
    display_message: message,
  },
});
const success = (body: Record<string, unknown> = {}): FakeResponse => ({
  status: 200,
  json: { request_status: 'SUCCESS', request_id: randomUUID(), ...body },
});

// Magic numbers, checked independently of what the adapter claims the file is.
const isJpeg = (b: Buffer) => b.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]));
const isPng = (b: Buffer) =>
  b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
const isMp4 = (b: Buffer) => b.subarray(4, 8).toString('latin1') === 'ftyp';

export class FakeSnapchat {
  readonly server = new FakeServer(() => snapError(404, 'NOT_FOUND', 'Resource not found'));
  readonly oauth: FakeOAuth;
  readonly profile = { id: randomUUID(), display_name: 'Araldo Demo', snap_user_name: 'araldodemo' };
  readonly media = new Map<string, FakeSnapMedia>();
  readonly posts: FakeSnapPost[] = [];
  /** Requests per second per token (Marketing API rate limits). */
  perTokenPerSecond = 10;
  /** How many post attempts right after FINALIZE answer MEDIA_PROCESSING. */
  processingAttempts = 0;
  readonly #calls = new Map<string, number[]>();
  readonly #processing = new Map<string, number>();

  constructor(readonly app = { clientId: 'snap-client', clientSecret: 'snap-secret' }) {
    this.oauth = new FakeOAuth(this.server, {
      authorizePath: '/login/oauth2/authorize',
      tokenPath: '/login/oauth2/access_token',
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      clientAuth: 'post',
      pkce: false,
      rotateRefreshTokens: true,
    });
  }

  get url() {
    return this.server.url;
  }

  /** Ages a media object past its 24 hours. */
  expireMedia(mediaId: string) {
    const m = this.media.get(mediaId);
    if (m) m.createdAt -= 25 * 3600_000;
  }

  async start() {
    const s = this.server;
    const pp = '/v1/public_profiles/:pid';
    s.route('GET', '/v1/public_profiles/my_profile', (r) =>
      this.#authed(r, () => success({ public_profile: this.profile })),
    );
    s.route('POST', `${pp}/media`, (r) => this.#mine(r, () => this.#create(r)));
    s.route('POST', '/us/v1/public_profiles/:pid/media/:mid/multipart-upload-v2', (r) =>
      this.#mine(r, () => this.#part(r)),
    );
    s.route('POST', `${pp}/stories`, (r) =>
      this.#mine(r, () => this.#post(r.json<{ media_id?: string }>().media_id, 'story', {})),
    );
    s.route('POST', `${pp}/saved_stories`, (r) => this.#mine(r, () => this.#savedStory(r)));
    s.route('POST', `${pp}/spotlights`, (r) => this.#mine(r, () => this.#spotlight(r)));
    s.route('GET', `${pp}/spotlights`, (r) =>
      this.#mine(r, () => {
        const limit = Math.min(Number(r.query.get('limit') ?? 20), 50);
        const spots = this.posts
          .filter((p) => p.kind === 'spotlight')
          .reverse()
          .slice(0, limit);
        return success({
          spotlights: spots.map((p) => ({
            spotlight: {
              id: p.id,
              status: 'SUBMITTED',
              description: p.description,
              media_id: p.mediaId,
              created_at: p.createdAt,
            },
          })),
        });
      }),
    );
    s.route('GET', `${pp}/stats`, (r) => this.#mine(r, () => this.#stats(r)));
    await s.start();
    return this;
  }

  stop() {
    return this.server.stop();
  }

  #authed(r: FakeRequest, handler: () => FakeResponse | Promise<FakeResponse>) {
    const token = bearer(r);
    if (!token || !this.oauth.valid(token))
      return snapError(401, 'UNAUTHORIZED', 'The access token is invalid or expired');
    const now = Date.now();
    const window = (this.#calls.get(token) ?? []).filter((t) => t > now - 1000);
    window.push(now);
    this.#calls.set(token, window);
    if (window.length > this.perTokenPerSecond) return snapError(429, 'RATE_LIMITED', 'Too many requests');
    return handler();
  }

  #mine(r: FakeRequest, handler: () => FakeResponse | Promise<FakeResponse>) {
    return this.#authed(r, () =>
      r.params.pid === this.profile.id
        ? handler()
        : snapError(403, 'FORBIDDEN', 'This token does not manage that profile'),
    );
  }

  #create(r: FakeRequest): FakeResponse {
    const body = r.json<{ type?: string; name?: string; key?: string; iv?: string }>();
    if (body.type !== 'IMAGE' && body.type !== 'VIDEO')
      return snapError(400, 'INVALID_REQUEST', 'type must be IMAGE or VIDEO');
    if (!body.name) return snapError(400, 'INVALID_REQUEST', 'name is required');
    const key = Buffer.from(body.key ?? '', 'base64');
    const iv = Buffer.from(body.iv ?? '', 'base64');
    if (key.length !== 32 || iv.length !== 16)
      return snapError(400, 'INVALID_REQUEST', 'key must be 32 bytes and iv 16 bytes, base64 encoded');
    const id = randomUUID();
    this.media.set(id, {
      id,
      type: body.type,
      name: body.name,
      key,
      iv,
      parts: new Map(),
      content: null,
      createdAt: Date.now(),
      postedAs: null,
    });
    const upload = `/us/v1/public_profiles/${this.profile.id}/media/${id}/multipart-upload-v2`;
    return success({
      media_id: id,
      add_path: `${upload}?action=ADD`,
      finalize_path: `${upload}?action=FINALIZE`,
    });
  }

  async #part(r: FakeRequest): Promise<FakeResponse> {
    const m = this.media.get(r.params.mid ?? '');
    if (!m) return snapError(404, 'NOT_FOUND', 'Unknown media');
    if (Date.now() - m.createdAt > 24 * 3600_000)
      return snapError(400, 'MEDIA_EXPIRED', 'The media has expired');
    if (!String(r.headers['content-type']).startsWith('multipart/form-data'))
      return snapError(400, 'INVALID_REQUEST', 'multipart/form-data expected');
    const form = await r.multipart();
    const action = form.get('action');
    if (m.content) return snapError(400, 'INVALID_REQUEST', 'The media is already finalized');
    if (action === 'ADD') {
      const n = Number(form.get('part_number'));
      const file = form.get('file');
      if (!Number.isInteger(n) || n < 1 || !(file instanceof Blob))
        return snapError(400, 'INVALID_REQUEST', 'ADD takes part_number (from 1) and file');
      if (file.size > 32 * MiB) return snapError(400, 'INVALID_REQUEST', 'A part may not exceed 32 MB');
      m.parts.set(n, Buffer.from(await file.arrayBuffer()));
      return success();
    }
    if (action !== 'FINALIZE') return snapError(400, 'INVALID_REQUEST', 'action must be ADD or FINALIZE');
    const numbers = [...m.parts.keys()].sort((a, b) => a - b);
    if (numbers.length === 0 || numbers.some((n, i) => n !== i + 1))
      return snapError(400, 'INVALID_REQUEST', 'Parts must be numbered 1..n without gaps');
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-cbc', m.key, m.iv);
      plain = Buffer.concat([
        decipher.update(Buffer.concat(numbers.map((n) => m.parts.get(n)!))),
        decipher.final(),
      ]);
    } catch {
      return snapError(400, 'INVALID_MEDIA', 'The media could not be decrypted with the key and iv given');
    }
    const valid = m.type === 'IMAGE' ? isJpeg(plain) || isPng(plain) : isMp4(plain);
    if (!valid)
      return snapError(400, 'INVALID_MEDIA', `The decrypted file is not a valid ${m.type.toLowerCase()}`);
    m.content = plain;
    this.#processing.set(m.id, this.processingAttempts);
    return success();
  }

  #post(
    mediaId: string | undefined,
    kind: FakeSnapPost['kind'],
    extra: Partial<FakeSnapPost>,
    type?: 'VIDEO',
  ): FakeResponse {
    const m = this.media.get(mediaId ?? '');
    if (!m) return snapError(400, 'INVALID_REQUEST', 'media_id is unknown');
    if (Date.now() - m.createdAt > 24 * 3600_000)
      return snapError(400, 'MEDIA_EXPIRED', 'The media has expired');
    if (m.postedAs)
      return snapError(400, 'MEDIA_POSTING_ALREADY_IN_PROGRESS', 'This media is already being posted');
    if (!m.content) return snapError(400, 'INVALID_REQUEST', 'The media upload is not finalized');
    const wait = this.#processing.get(m.id) ?? 0;
    if (wait > 0) {
      this.#processing.set(m.id, wait - 1);
      return snapError(400, 'MEDIA_PROCESSING', 'The media is still being processed');
    }
    if (type && m.type !== type) return snapError(400, 'INVALID_REQUEST', `A ${kind} must be a video`);
    const post: FakeSnapPost = {
      id: randomUUID(),
      kind,
      mediaId: m.id,
      title: null,
      description: null,
      locale: null,
      createdAt: new Date().toISOString(),
      ...extra,
    };
    m.postedAs = post.id;
    this.posts.push(post);
    return success(
      kind === 'spotlight'
        ? { spotlight_id: post.id }
        : kind === 'saved_story'
          ? {
              saved_stories: [
                { sub_request_status: 'SUCCESS', saved_story: { id: post.id, title: post.title } },
              ],
            }
          : {},
    );
  }

  #savedStory(r: FakeRequest): FakeResponse {
    const story = r.json<{ saved_stories?: { title?: string; snap_sources?: { media_id?: string }[] }[] }>()
      .saved_stories?.[0];
    const title = story?.title ?? '';
    if (!title.trim() || [...title].length > 45)
      return snapError(400, 'INVALID_REQUEST', 'title is required, at most 45 characters');
    if (story?.snap_sources?.length !== 1)
      return snapError(400, 'INVALID_REQUEST', 'one snap source per saved story here');
    return this.#post(story.snap_sources[0]?.media_id, 'saved_story', { title });
  }

  #spotlight(r: FakeRequest): FakeResponse {
    const body = r.json<{ media_id?: string; locale?: string; description?: string }>();
    if (!body.locale) return snapError(400, 'INVALID_REQUEST', 'locale is required');
    if ([...(body.description ?? '')].length > 160)
      return snapError(400, 'INVALID_REQUEST', 'description is at most 160 characters, hashtags included');
    return this.#post(
      body.media_id,
      'spotlight',
      { description: body.description ?? '', locale: body.locale },
      'VIDEO',
    );
  }

  #stats(r: FakeRequest): FakeResponse {
    const type = r.query.get('assetType') ?? 'PROFILE';
    const granularity = r.query.get('granularity') ?? 'LIFETIME';
    if (granularity !== 'LIFETIME' && (!r.query.get('startTime') || !r.query.get('endTime')))
      return snapError(
        400,
        'INVALID_REQUEST',
        'startTime and endTime are required unless granularity is LIFETIME',
      );
    const kinds: Record<string, FakeSnapPost['kind']> = {
      STORY: 'story',
      SAVED_STORY: 'saved_story',
      SPOTLIGHT: 'spotlight',
    };
    const fields = type === 'SPOTLIGHT' ? ['VIEWS', 'SHARES'] : ['VIEWS', 'VIEWERS', 'SCREENSHOTS', 'SHARES'];
    const asked = r.query.get('fields')?.split(',');
    if (asked?.some((f) => !fields.includes(f)))
      return snapError(400, 'INVALID_REQUEST', 'A requested field is not available');
    const assets = this.posts
      .filter((p) => p.kind === kinds[type])
      // Stories have no id of their own here; Snap's own id for them is not documented.
      .map((p) => ({ id: p.kind === 'story' ? p.mediaId : p.id }));
    return success({
      lifetime_stats: assets.map((a) => ({
        lifetime_stat: { id: a.id, type, stats: Object.fromEntries((asked ?? fields).map((f) => [f, 0])) },
      })),
    });
  }
}
