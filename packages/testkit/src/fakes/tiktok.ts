import { randomBytes, randomInt } from 'node:crypto';
import { bearer, type FakeRequest, type FakeResponse, FakeServer } from './fake-server';
import { FakeOAuth } from './oauth';

/**
 * TikTok's Content Posting API as developers.tiktok.com documents it, strict about what an
 * adapter sends: OAuth v2 with `client_key` and rotating refresh tokens, scopes per endpoint,
 * creator_info privacy options, the chunk rules of the Media Transfer Guide, in-order
 * `Content-Range` PUTs, publish status polling, per-minute limits per token, and the
 * `{data, error:{code, message, log_id}}` body where `ok` is success.
 */
export interface FakeTikTokPost {
  publishId: string;
  kind: 'video' | 'photo';
  status: 'PROCESSING_UPLOAD' | 'PROCESSING_DOWNLOAD' | 'PUBLISH_COMPLETE' | 'FAILED';
  failReason: string | null;
  /** The public post id (19 digits, beyond a double's precision), once published. */
  postId: string | null;
  title: string;
  description: string;
  privacyLevel: string;
  size: number;
  chunkSize: number;
  chunkCount: number;
  received: number;
  images: string[];
  createTime: number;
  pollsLeft: number;
}

const MiB = 1024 * 1024;
const ALL_SCOPES = 'user.info.basic,user.info.profile,user.info.stats,video.publish,video.list';

export const tiktokError = (status: number, code: string, message: string): FakeResponse => ({
  status,
  json: { data: {}, error: { code, message, log_id: randomBytes(8).toString('hex') } },
});
const ok = (data: unknown): FakeResponse => ({
  status: 200,
  json: { data, error: { code: 'ok', message: '', log_id: randomBytes(8).toString('hex') } },
});

// The Media Transfer Guide, read independently of the adapter: what sizes a plan may have.
function chunkProblem(size: number, chunkSize: number, count: number): string | null {
  if (!Number.isInteger(size) || size <= 0) return 'video_size must be positive';
  if (size < 5 * MiB) return chunkSize === size && count === 1 ? null : 'videos under 5 MB go in one chunk';
  if (chunkSize < 5 * MiB || chunkSize > 64 * MiB) return 'chunk_size must be 5–64 MB';
  if (count !== Math.floor(size / chunkSize))
    return 'total_chunk_count must be video_size / chunk_size rounded down';
  if (count < 1 || count > 1000) return 'total_chunk_count must be 1–1000';
  if (size - (count - 1) * chunkSize > 128 * MiB) return 'the last chunk may not exceed 128 MB';
  return null;
}

const looksLikeVideo = (b: Buffer) =>
  b.subarray(4, 8).toString('latin1') === 'ftyp' ||
  b.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]));

export class FakeTikTok {
  readonly server = new FakeServer(() => tiktokError(404, 'invalid_params', 'Unknown endpoint'));
  readonly oauth: FakeOAuth;
  readonly posts: FakeTikTokPost[] = [];
  readonly creator = {
    openId: `open-${randomBytes(6).toString('hex')}`,
    username: 'araldo.demo',
    nickname: 'Araldo Demo',
    privacyLevelOptions: ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'],
    maxVideoPostDurationSec: 600,
    commentDisabled: false,
  };
  /** Requests per minute per token (Content Posting API reference). */
  readonly limits = { creatorInfo: 20, init: 6, status: 30 };
  /** Photo URLs must start with one of these (the app's verified domains). */
  verifiedUrlPrefixes: string[] = [];
  /** How many status polls a post stays processing once its media arrived. */
  processingPolls = 1;
  /** The fail_reason the next post ends with, if set. */
  failNext: string | null = null;
  /** Answers 503 to this chunk (1-based) once, keeping nothing of it: a cut transfer. */
  cutChunk: number | null = null;
  readonly #calls = new Map<string, number[]>();
  readonly #chunks = new Map<string, Buffer[]>();

  constructor(readonly app = { clientKey: 'tiktok-client-key', clientSecret: 'tiktok-secret' }) {
    this.oauth = new FakeOAuth(this.server, {
      authorizePath: '/v2/auth/authorize/',
      tokenPath: '/v2/oauth/token/',
      revokePath: '/v2/oauth/revoke/',
      clientId: app.clientKey,
      clientSecret: app.clientSecret,
      clientAuth: 'post',
      pkce: false,
      clientIdParameter: 'client_key',
      accessTtlSeconds: 7200,
      rotateRefreshTokens: true,
    });
  }

  get url() {
    return this.server.url;
  }

  /** A token with every scope the adapter asks for. */
  issueToken(scope = ALL_SCOPES) {
    return this.oauth.issue(scope);
  }

  async start() {
    const s = this.server;
    s.route('GET', '/v2/user/info/', (r) =>
      this.#authed(r, 'user.info.basic', null, () => {
        if (!r.query.get('fields')) return tiktokError(400, 'invalid_params', 'fields is required');
        const c = this.creator;
        return ok({ user: { open_id: c.openId, display_name: c.nickname, username: c.username } });
      }),
    );
    s.route('POST', '/v2/post/publish/creator_info/query/', (r) =>
      this.#authed(r, 'video.publish', 'creatorInfo', () => {
        const c = this.creator;
        return ok({
          creator_username: c.username,
          creator_nickname: c.nickname,
          creator_avatar_url: 'https://example.invalid/avatar.jpg',
          privacy_level_options: c.privacyLevelOptions,
          comment_disabled: c.commentDisabled,
          duet_disabled: false,
          stitch_disabled: false,
          max_video_post_duration_sec: c.maxVideoPostDurationSec,
        });
      }),
    );
    s.route('POST', '/v2/post/publish/video/init/', (r) =>
      this.#authed(r, 'video.publish', 'init', () => this.#initVideo(r)),
    );
    s.route('POST', '/v2/post/publish/content/init/', (r) =>
      this.#authed(r, 'video.publish', 'init', () => this.#initPhoto(r)),
    );
    s.route('PUT', '/upload/', (r) => this.#upload(r));
    s.route('POST', '/v2/post/publish/status/fetch/', (r) =>
      this.#authed(r, 'video.publish', 'status', () => this.#status(r)),
    );
    s.route('POST', '/v2/video/list/', (r) =>
      this.#authed(r, 'video.list', null, () => {
        const max = Math.min(Number(r.json<{ max_count?: number }>().max_count ?? 10), 20);
        const published = this.posts.filter((p) => p.postId).reverse();
        return ok({
          videos: published.slice(0, max).map((p) => this.#video(p)),
          cursor: 0,
          has_more: published.length > max,
        });
      }),
    );
    s.route('POST', '/v2/video/query/', (r) =>
      this.#authed(r, 'video.list', null, () => {
        const ids = r.json<{ filters?: { video_ids?: string[] } }>().filters?.video_ids ?? [];
        if (ids.length === 0 || ids.length > 20)
          return tiktokError(400, 'invalid_params', 'video_ids takes 1–20 ids');
        const found = this.posts.filter((p) => p.postId && ids.includes(p.postId));
        return ok({
          videos: found.map((p) => ({
            id: p.postId,
            like_count: 0,
            comment_count: 0,
            share_count: 0,
            view_count: 0,
          })),
        });
      }),
    );
    await s.start();
    return this;
  }

  stop() {
    return this.server.stop();
  }

  #authed(
    r: FakeRequest,
    scope: string,
    limit: keyof FakeTikTok['limits'] | null,
    handler: () => FakeResponse,
  ): FakeResponse {
    const token = bearer(r);
    if (!token || !this.oauth.valid(token))
      return tiktokError(
        401,
        'access_token_invalid',
        'The access token is invalid or not found in the request.',
      );
    const scopes = (this.oauth.access.get(token)?.scope ?? '').split(/[ ,]/);
    if (!scopes.includes(scope))
      return tiktokError(
        401,
        'scope_not_authorized',
        `The user did not authorize the scope required: ${scope}`,
      );
    if (r.method === 'POST' && !String(r.headers['content-type']).startsWith('application/json'))
      return tiktokError(400, 'invalid_params', 'Content-Type must be application/json');
    if (limit) {
      const key = `${token}:${limit}`;
      const now = Date.now();
      const window = (this.#calls.get(key) ?? []).filter((t) => t > now - 60_000);
      window.push(now);
      this.#calls.set(key, window);
      if (window.length > this.limits[limit])
        return tiktokError(
          429,
          'rate_limit_exceeded',
          'The API rate limit was exceeded. Please try again later.',
        );
    }
    return handler();
  }

  #privacyProblem(level: unknown): FakeResponse | null {
    return this.creator.privacyLevelOptions.includes(String(level))
      ? null
      : tiktokError(
          400,
          'privacy_level_option_mismatch',
          'privacy_level is not among the creator_info options',
        );
  }

  #newPost(kind: FakeTikTokPost['kind'], over: Partial<FakeTikTokPost>): FakeTikTokPost {
    const post: FakeTikTokPost = {
      publishId: `${kind === 'video' ? 'v_pub_file' : 'p_pub_url'}~v2-1.${randomInt(1e9, 9e9)}${randomInt(1e9, 9e9)}`,
      kind,
      status: kind === 'video' ? 'PROCESSING_UPLOAD' : 'PROCESSING_DOWNLOAD',
      failReason: null,
      postId: null,
      title: '',
      description: '',
      privacyLevel: '',
      size: 0,
      chunkSize: 0,
      chunkCount: 0,
      received: 0,
      images: [],
      createTime: Math.floor(Date.now() / 1000),
      pollsLeft: this.processingPolls,
      ...over,
    };
    this.posts.push(post);
    return post;
  }

  #initVideo(r: FakeRequest): FakeResponse {
    const body = r.json<{
      post_info?: { title?: string; privacy_level?: string };
      source_info?: { source?: string; video_size?: number; chunk_size?: number; total_chunk_count?: number };
    }>();
    const title = body.post_info?.title ?? '';
    if (title.length > 2200) return tiktokError(400, 'invalid_params', 'title exceeds 2200 UTF-16 runes');
    const privacy = this.#privacyProblem(body.post_info?.privacy_level);
    if (privacy) return privacy;
    const src = body.source_info ?? {};
    if (src.source !== 'FILE_UPLOAD')
      return tiktokError(400, 'invalid_params', 'this fake takes FILE_UPLOAD only');
    const problem = chunkProblem(
      Number(src.video_size),
      Number(src.chunk_size),
      Number(src.total_chunk_count),
    );
    if (problem) return tiktokError(400, 'invalid_params', problem);
    const post = this.#newPost('video', {
      title,
      privacyLevel: String(body.post_info?.privacy_level),
      size: Number(src.video_size),
      chunkSize: Number(src.chunk_size),
      chunkCount: Number(src.total_chunk_count),
    });
    this.#chunks.set(post.publishId, []);
    const uploadId = encodeURIComponent(post.publishId);
    return ok({
      publish_id: post.publishId,
      upload_url: `${this.url}/upload/?upload_id=${uploadId}&upload_token=${randomBytes(8).toString('hex')}`,
    });
  }

  #initPhoto(r: FakeRequest): FakeResponse {
    const body = r.json<{
      media_type?: string;
      post_mode?: string;
      post_info?: { title?: string; description?: string; privacy_level?: string };
      source_info?: { source?: string; photo_images?: string[]; photo_cover_index?: number };
    }>();
    if (body.media_type !== 'PHOTO') return tiktokError(400, 'invalid_params', 'media_type must be PHOTO');
    if (body.post_mode !== 'DIRECT_POST' && body.post_mode !== 'MEDIA_UPLOAD')
      return tiktokError(400, 'invalid_params', 'post_mode must be DIRECT_POST or MEDIA_UPLOAD');
    const title = body.post_info?.title ?? '';
    const description = body.post_info?.description ?? '';
    if (title.length > 90 || description.length > 4000)
      return tiktokError(400, 'invalid_params', 'title ≤ 90 and description ≤ 4000 UTF-16 runes');
    const privacy = this.#privacyProblem(body.post_info?.privacy_level);
    if (privacy) return privacy;
    const images = body.source_info?.photo_images ?? [];
    if (body.source_info?.source !== 'PULL_FROM_URL' || images.length < 1 || images.length > 35)
      return tiktokError(400, 'invalid_params', 'photos come from 1–35 URLs with source PULL_FROM_URL');
    const cover = body.source_info.photo_cover_index ?? -1;
    if (cover < 0 || cover >= images.length)
      return tiktokError(400, 'invalid_params', 'photo_cover_index out of range');
    if (!images.every((u) => this.verifiedUrlPrefixes.some((p) => u.startsWith(p))))
      return tiktokError(
        403,
        'url_ownership_unverified',
        'The photo URLs are not on a verified domain or prefix',
      );
    const post = this.#newPost('photo', {
      title,
      description,
      privacyLevel: String(body.post_info?.privacy_level),
      images,
    });
    return ok({ publish_id: post.publishId });
  }

  #upload(r: FakeRequest): FakeResponse {
    const post = this.posts.find((p) => p.publishId === r.query.get('upload_id'));
    const chunks = post ? this.#chunks.get(post.publishId) : undefined;
    if (!post || !chunks || post.received >= post.size)
      return tiktokError(404, 'invalid_params', 'Unknown or finished upload');
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(r.headers['content-range'] ?? ''));
    if (!range) return tiktokError(400, 'invalid_params', 'Content-Range is required');
    const [first, last, total] = [Number(range[1]), Number(range[2]), Number(range[3])];
    const index = chunks.length;
    const expected = index === post.chunkCount - 1 ? post.size - index * post.chunkSize : post.chunkSize;
    if (
      total !== post.size ||
      first !== post.received ||
      last - first + 1 !== expected ||
      r.body.length !== expected
    )
      return tiktokError(
        400,
        'invalid_params',
        `Chunk ${index + 1} must be bytes ${post.received}-${post.received + expected - 1}/${post.size}`,
      );
    if (this.cutChunk === index + 1) {
      this.cutChunk = null;
      return { status: 503, body: 'upstream connect error' };
    }
    chunks.push(r.body);
    post.received += r.body.length;
    if (post.received < post.size) return { status: 206, body: '' };
    if (!looksLikeVideo(Buffer.concat(chunks))) {
      post.status = 'FAILED';
      post.failReason = 'file_format_check_failed';
    }
    return { status: 201, body: '' };
  }

  #status(r: FakeRequest): FakeResponse {
    const post = this.posts.find((p) => p.publishId === r.json<{ publish_id?: string }>().publish_id);
    if (!post) return tiktokError(400, 'invalid_params', 'publish_id not found');
    const mediaIn = post.kind === 'photo' || post.received === post.size;
    if (post.status.startsWith('PROCESSING') && mediaIn && post.pollsLeft-- <= 0) {
      if (this.failNext) {
        post.status = 'FAILED';
        post.failReason = this.failNext;
        this.failNext = null;
      } else {
        post.status = 'PUBLISH_COMPLETE';
        post.postId = `7${randomInt(1e8, 1e9 - 1)}${randomInt(1e9, 1e10 - 1)}`;
      }
    }
    // Private posts get no public id (status/fetch reference); ids are bare int64 numbers.
    const ids = post.postId && post.privacyLevel !== 'SELF_ONLY' ? post.postId : '';
    const fail = post.failReason ? `"fail_reason":${JSON.stringify(post.failReason)},` : '';
    const log = randomBytes(8).toString('hex');
    return {
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: `{"data":{"status":"${post.status}",${fail}"publicaly_available_post_id":[${ids}],"uploaded_bytes":${post.received},"downloaded_bytes":0},"error":{"code":"ok","message":"","log_id":"${log}"}}`,
    };
  }

  #video(p: FakeTikTokPost) {
    return {
      id: p.postId,
      title: p.kind === 'photo' ? p.title : p.title,
      video_description: p.kind === 'photo' ? p.description : p.title,
      create_time: p.createTime,
      share_url: `https://www.tiktok.com/@${this.creator.username}/video/${p.postId}`,
    };
  }
}
