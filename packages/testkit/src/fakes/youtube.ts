import { randomBytes } from 'node:crypto';
import { bearer, type FakeRequest, type FakeResponse, FakeServer } from './fake-server';
import { FakeOAuth } from './oauth';

/**
 * YouTube Data API v3 as developers.google.com/youtube/v3 describes it, strict about what an
 * adapter sends: Google OAuth (PKCE, non-rotating refresh tokens), the resumable upload
 * protocol (session URI, byte ranges, `bytes *\/TOTAL` status queries answered 308 + Range),
 * video metadata rules, the daily quota in units with 403 quotaExceeded, Google's error body.
 */
export interface FakeYouTubeVideo {
  id: string;
  channelId: string;
  title: string;
  description: string;
  privacyStatus: string;
  publishAt: string | null;
  bytes: number;
  publishedAt: string;
  viewCount: number;
  likeCount: number;
}

export interface FakeYouTubeComment {
  id: string;
  videoId: string;
  parentId: string | null;
  authorChannelId: string;
  authorName: string;
  text: string;
  publishedAt: string;
}

interface UploadSession {
  total: number;
  mimeType: string;
  snippet: { title: string; description: string };
  status: { privacyStatus: string; publishAt: string | null };
  chunks: Buffer[];
  received: number;
  videoId: string | null;
}

export const googleError = (status: number, reason: string, message: string): FakeResponse => ({
  status,
  json: { error: { code: status, message, errors: [{ domain: 'youtube', reason, message }] } },
});

const id = (prefix = '') => prefix + randomBytes(8).toString('base64url');
const PRIVACY = ['public', 'unlisted', 'private'];

export class FakeYouTube {
  readonly server = new FakeServer(() =>
    googleError(404, 'notFound', 'The requested resource was not found.'),
  );
  readonly oauth: FakeOAuth;
  readonly videos: FakeYouTubeVideo[] = [];
  readonly comments: FakeYouTubeComment[] = [];
  readonly channel = { id: id('UC'), title: 'Araldo Demo', customUrl: '@araldodemo', uploads: '' };
  /** Units per day and per call (quota docs; the videos.insert price differs across doc pages). */
  readonly quota = { dailyUnits: 10_000, used: 0, insert: 100, list: 1, write: 50 };
  /** Keeps only this many bytes of the next upload and answers 503, as a cut connection would. */
  interruptNextUploadAt: number | null = null;
  readonly #sessions = new Map<string, UploadSession>();

  constructor(readonly app = { clientId: 'youtube-client', clientSecret: 'youtube-secret' }) {
    this.channel.uploads = `UU${this.channel.id.slice(2)}`;
    this.oauth = new FakeOAuth(this.server, {
      authorizePath: '/o/oauth2/v2/auth',
      tokenPath: '/token',
      revokePath: '/revoke',
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      clientAuth: 'post',
      pkce: true,
      rotateRefreshTokens: false,
    });
  }

  get url() {
    return this.server.url;
  }

  /** Someone else comments on a video (for inbox tests). */
  addComment(videoId: string, authorName: string, text: string): FakeYouTubeComment {
    const c = {
      id: id('Ug'),
      videoId,
      parentId: null,
      authorChannelId: id('UC'),
      authorName,
      text,
      publishedAt: new Date().toISOString(),
    };
    this.comments.push(c);
    return c;
  }

  async start() {
    const s = this.server;
    s.route('POST', '/upload/youtube/v3/videos', (r) =>
      this.#authed(r, this.quota.insert, () => this.#begin(r)),
    );
    s.route('PUT', '/upload/youtube/v3/videos', (r) => this.#authed(r, 0, () => this.#put(r)));
    s.route('GET', '/youtube/v3/channels', (r) =>
      this.#authed(r, this.quota.list, () => {
        if (r.query.get('mine') !== 'true')
          return googleError(400, 'missingRequiredParameter', 'No filter selected.');
        const c = this.channel;
        return {
          status: 200,
          json: {
            items: [
              {
                id: c.id,
                snippet: { title: c.title, customUrl: c.customUrl },
                contentDetails: { relatedPlaylists: { uploads: c.uploads, likes: '' } },
              },
            ],
          },
        };
      }),
    );
    s.route('GET', '/youtube/v3/videos', (r) => this.#authed(r, this.quota.list, () => this.#listVideos(r)));
    s.route('GET', '/youtube/v3/playlistItems', (r) =>
      this.#authed(r, this.quota.list, () => {
        if (r.query.get('playlistId') !== this.channel.uploads)
          return googleError(
            404,
            'playlistNotFound',
            'The playlist identified with the request cannot be found.',
          );
        const max = Math.min(Number(r.query.get('maxResults') ?? 5), 50);
        const items = [...this.videos].reverse().slice(0, max);
        return {
          status: 200,
          json: {
            items: items.map((v) => ({
              id: id(),
              snippet: {
                publishedAt: v.publishedAt,
                channelId: v.channelId,
                title: v.title,
                description: v.description,
                playlistId: this.channel.uploads,
                resourceId: { kind: 'youtube#video', videoId: v.id },
              },
            })),
          },
        };
      }),
    );
    s.route('POST', '/youtube/v3/commentThreads', (r) =>
      this.#authed(r, this.quota.write, () => this.#thread(r)),
    );
    s.route('GET', '/youtube/v3/commentThreads', (r) =>
      this.#authed(r, this.quota.list, () => this.#threads(r)),
    );
    s.route('POST', '/youtube/v3/comments', (r) => this.#authed(r, this.quota.write, () => this.#reply(r)));
    await s.start();
    return this;
  }

  stop() {
    return this.server.stop();
  }

  #authed(r: FakeRequest, cost: number, handler: () => FakeResponse): FakeResponse {
    if (!this.oauth.valid(bearer(r)))
      return googleError(401, 'authError', 'Request had invalid authentication credentials.');
    if (this.quota.used + cost > this.quota.dailyUnits)
      return googleError(
        403,
        'quotaExceeded',
        'The request cannot be completed because you have exceeded your quota.',
      );
    this.quota.used += cost;
    return handler();
  }

  #metadataProblem(snippet: UploadSession['snippet'], status: UploadSession['status']): FakeResponse | null {
    const title = snippet.title;
    if (!title.trim() || Array.from(title).length > 100 || /[<>]/.test(title))
      return googleError(
        400,
        'invalidTitle',
        'The request metadata specifies an invalid or empty video title.',
      );
    if (Buffer.byteLength(snippet.description) > 5000 || /[<>]/.test(snippet.description))
      return googleError(
        400,
        'invalidDescription',
        'The request metadata specifies an invalid video description.',
      );
    if (!PRIVACY.includes(status.privacyStatus))
      return googleError(400, 'invalidVideoMetadata', 'The request metadata is invalid.');
    if (status.publishAt !== null) {
      const at = Date.parse(status.publishAt);
      if (status.privacyStatus !== 'private' || Number.isNaN(at) || at <= Date.now())
        return googleError(
          400,
          'invalidPublishAt',
          'The request metadata specifies an invalid scheduled publishing time.',
        );
    }
    return null;
  }

  #begin(r: FakeRequest): FakeResponse {
    const parts = (r.query.get('part') ?? '').split(',');
    if (r.query.get('uploadType') !== 'resumable' || !parts.includes('snippet') || !parts.includes('status'))
      return googleError(400, 'invalidParameter', 'Expected uploadType=resumable with part=snippet,status.');
    const total = Number(r.headers['x-upload-content-length']);
    const mimeType = String(r.headers['x-upload-content-type'] ?? '');
    if (!Number.isInteger(total) || total <= 0)
      return googleError(400, 'badRequest', 'X-Upload-Content-Length must give the size of the video.');
    if (!mimeType.startsWith('video/'))
      return googleError(400, 'invalidContentType', 'The uploaded file is not a video.');
    const body = r.json<{
      snippet?: { title?: string; description?: string };
      status?: { privacyStatus?: string; publishAt?: string };
    }>();
    const snippet = { title: body.snippet?.title ?? '', description: body.snippet?.description ?? '' };
    const status = {
      privacyStatus: body.status?.privacyStatus ?? 'public',
      publishAt: body.status?.publishAt ?? null,
    };
    const problem = this.#metadataProblem(snippet, status);
    if (problem) return problem;
    const uploadId = id();
    this.#sessions.set(uploadId, {
      total,
      mimeType,
      snippet,
      status,
      chunks: [],
      received: 0,
      videoId: null,
    });
    return {
      status: 200,
      body: '',
      headers: {
        location: `${this.url}/upload/youtube/v3/videos?uploadType=resumable&upload_id=${uploadId}`,
      },
    };
  }

  #put(r: FakeRequest): FakeResponse {
    const session = this.#sessions.get(r.query.get('upload_id') ?? '');
    if (!session) return googleError(404, 'notFound', 'The upload session was not found or has expired.');
    const range = String(r.headers['content-range'] ?? '');
    const progress = (): FakeResponse =>
      session.received > 0
        ? { status: 308, body: '', headers: { range: `bytes=0-${session.received - 1}` } }
        : { status: 308, body: '' };
    const done = (status: number): FakeResponse => ({
      status,
      json: this.#render(this.#video(session.videoId!)!),
    });
    const query = /^bytes \*\/(\d+)$/.exec(range);
    if (query) {
      if (Number(query[1]) !== session.total)
        return googleError(400, 'badRequest', 'Content-Range total mismatch.');
      return session.videoId ? done(200) : progress();
    }
    if (session.videoId) return done(200);
    const chunk = range ? /^bytes (\d+)-(\d+)\/(\d+)$/.exec(range) : null;
    if (range && !chunk) return googleError(400, 'badRequest', 'Malformed Content-Range.');
    const from = chunk ? Number(chunk[1]) : 0;
    if (from !== session.received || (chunk && Number(chunk[3]) !== session.total))
      return googleError(400, 'badRequest', 'Content-Range does not continue the upload.');
    if (from + r.body.length > session.total)
      return googleError(400, 'badRequest', 'More bytes than announced.');
    if (this.interruptNextUploadAt !== null) {
      const keep = Math.max(0, this.interruptNextUploadAt - from);
      this.interruptNextUploadAt = null;
      session.chunks.push(r.body.subarray(0, keep));
      session.received += Math.min(keep, r.body.length);
      return googleError(503, 'backendError', 'Backend Error');
    }
    session.chunks.push(r.body);
    session.received += r.body.length;
    if (session.received < session.total) return progress();
    const video: FakeYouTubeVideo = {
      id: id(),
      channelId: this.channel.id,
      title: session.snippet.title,
      description: session.snippet.description,
      privacyStatus: session.status.privacyStatus,
      publishAt: session.status.publishAt,
      bytes: session.total,
      publishedAt: new Date().toISOString(),
      viewCount: 0,
      likeCount: 0,
    };
    this.videos.push(video);
    session.videoId = video.id;
    return done(201);
  }

  #video(videoId: string) {
    return this.videos.find((v) => v.id === videoId);
  }

  #render(v: FakeYouTubeVideo) {
    return {
      kind: 'youtube#video',
      id: v.id,
      snippet: {
        publishedAt: v.publishedAt,
        channelId: v.channelId,
        title: v.title,
        description: v.description,
      },
      status: {
        uploadStatus: 'uploaded',
        privacyStatus: v.privacyStatus,
        ...(v.publishAt ? { publishAt: v.publishAt } : {}),
      },
    };
  }

  #listVideos(r: FakeRequest): FakeResponse {
    const parts = (r.query.get('part') ?? '').split(',');
    const ids = (r.query.get('id') ?? '').split(',').filter(Boolean);
    if (!parts[0]) return googleError(400, 'missingRequiredParameter', 'No part specified.');
    if (ids.length > 50) return googleError(400, 'invalidParameter', 'At most 50 ids.');
    const items = ids.flatMap((vid) => {
      const v = this.#video(vid);
      if (!v) return [];
      return [
        {
          ...this.#render(v),
          ...(parts.includes('statistics')
            ? {
                statistics: {
                  viewCount: String(v.viewCount),
                  likeCount: String(v.likeCount),
                  favoriteCount: '0',
                  commentCount: String(this.comments.filter((c) => c.videoId === v.id).length),
                },
              }
            : {}),
        },
      ];
    });
    return { status: 200, json: { items } };
  }

  #thread(r: FakeRequest): FakeResponse {
    const body = r.json<{
      snippet?: { videoId?: string; topLevelComment?: { snippet?: { textOriginal?: string } } };
    }>();
    const text = body.snippet?.topLevelComment?.snippet?.textOriginal ?? '';
    const videoId = body.snippet?.videoId ?? '';
    if (!this.#video(videoId)) return googleError(404, 'videoNotFound', 'The video could not be found.');
    if (!text.trim() || text.length > 10_000)
      return googleError(400, 'commentTextTooLong', 'The comment text is empty or too long.');
    const c: FakeYouTubeComment = {
      id: id('Ug'),
      videoId,
      parentId: null,
      authorChannelId: this.channel.id,
      authorName: this.channel.title,
      text,
      publishedAt: new Date().toISOString(),
    };
    this.comments.push(c);
    return { status: 200, json: { id: c.id, snippet: { videoId, topLevelComment: this.#comment(c, true) } } };
  }

  /** textOriginal goes only to the comment's author (comments resource docs). */
  #comment(c: FakeYouTubeComment, forAuthor: boolean) {
    return {
      id: c.id,
      snippet: {
        videoId: c.videoId,
        authorDisplayName: c.authorName,
        authorChannelId: { value: c.authorChannelId },
        textDisplay: c.text,
        ...(forAuthor || c.authorChannelId === this.channel.id ? { textOriginal: c.text } : {}),
        publishedAt: c.publishedAt,
        ...(c.parentId ? { parentId: c.parentId } : {}),
      },
    };
  }

  #threads(r: FakeRequest): FakeResponse {
    const channelId = r.query.get('allThreadsRelatedToChannelId');
    const videoId = r.query.get('videoId');
    if (!channelId && !videoId) return googleError(400, 'missingRequiredParameter', 'No filter selected.');
    const mine = new Set(this.videos.filter((v) => v.channelId === channelId).map((v) => v.id));
    const top = this.comments
      .filter((c) => c.parentId === null && (videoId ? c.videoId === videoId : mine.has(c.videoId)))
      .reverse();
    const max = Math.min(Number(r.query.get('maxResults') ?? 20), 100);
    return {
      status: 200,
      json: {
        items: top.slice(0, max).map((c) => ({
          id: c.id,
          snippet: {
            videoId: c.videoId,
            channelId: this.channel.id,
            topLevelComment: this.#comment(c, false),
          },
        })),
      },
    };
  }

  #reply(r: FakeRequest): FakeResponse {
    const body = r.json<{ snippet?: { parentId?: string; textOriginal?: string } }>();
    const parent = this.comments.find((c) => c.id === body.snippet?.parentId && c.parentId === null);
    if (!parent) return googleError(404, 'parentCommentNotFound', 'The parent comment could not be found.');
    const text = body.snippet?.textOriginal ?? '';
    if (!text.trim()) return googleError(400, 'commentTextRequired', 'The comment text is required.');
    const c: FakeYouTubeComment = {
      id: `${parent.id}.${id()}`,
      videoId: parent.videoId,
      parentId: parent.id,
      authorChannelId: this.channel.id,
      authorName: this.channel.title,
      text,
      publishedAt: new Date().toISOString(),
    };
    this.comments.push(c);
    return { status: 200, json: this.#comment(c, true) };
  }
}
