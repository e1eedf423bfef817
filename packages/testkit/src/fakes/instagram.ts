import { type FakeResponse, FakeServer } from './fake-server';
import { ContainerStore, type FakeContainer } from './meta-containers';
import { graphError, MetaGraph, type MetaToken, metaTime, missing } from './meta-graph';

/**
 * Instagram professional accounts through the Instagram API with Instagram Login
 * (graph.instagram.com): Business Login, 1 h → 60-day tokens and `ig_refresh_token`; content
 * publishing by containers (image, REELS, CAROUSEL of ≤ 10 finished items) and
 * `media_publish` of FINISHED containers only, within `content_publishing_limit`; caption
 * rules (2,200 characters, 30 hashtags, 20 @mentions); comments, replies and insights with
 * the metrics retired on 2025-04-21 refused.
 */
export const INSTAGRAM_FAKE_VERSION = 'v26.0';
const V = `/${INSTAGRAM_FAKE_VERSION}`;

export interface FakeInstagramMedia {
  id: string;
  owner: string;
  mediaType: string;
  caption: string;
  urls: string[];
  altTexts: (string | null)[];
  createdAt: number;
  containerId: string;
}

export interface FakeInstagramComment {
  id: string;
  mediaId: string;
  parentId: string | null;
  username: string;
  userId: string;
  text: string;
  createdAt: number;
}

// An independent reading of the caption rules: code points, whitespace-delimited tags.
const captionProblem = (caption: string): string | null => {
  if ([...caption].length > 2200) return 'The caption is too long (2,200 characters at most)';
  if ((caption.match(/#[^\s#]+/g) ?? []).length > 30) return 'The caption has more than 30 hashtags';
  if ((caption.match(/(^|\s)@[\w.]+/g) ?? []).length > 20)
    return 'The caption mentions more than 20 accounts';
  return null;
};

const RETIRED = new Set(['impressions', 'plays', 'video_views']);
const METRICS = new Set(['views', 'reach', 'likes', 'comments', 'shares', 'saved', 'total_interactions']);

export class FakeInstagram {
  readonly server = new FakeServer(() => graphError(400, 100, 'Unsupported request'));
  readonly meta: MetaGraph;
  readonly accounts = new Map<string, { id: string; username: string; name: string }>();
  readonly containers: ContainerStore;
  readonly media: FakeInstagramMedia[] = [];
  readonly comments: FakeInstagramComment[] = [];
  readonly insights = new Map<string, Record<string, number>>();
  /** `config.quota_total` (the docs say 50; some newer sources 100). */
  quotaTotal = 50;
  consentingUser = '';
  #next = 17_840_000_000;

  constructor(readonly app = { appId: 'ig-app', appSecret: 'ig-app-secret' }) {
    this.meta = new MetaGraph(this.server, app);
    this.containers = new ContainerStore(() => this.#id());
  }

  get url() {
    return this.server.url;
  }

  #id() {
    return String(this.#next++);
  }

  addAccount(username: string) {
    const id = this.#id();
    this.accounts.set(id, { id, username, name: username });
    this.consentingUser ||= id;
    return id;
  }

  /** A 60-day token, `ageMs` old (refresh needs at least 24 h). */
  longToken(account: string, o: { ageMs?: number; ttlMs?: number } = {}) {
    return this.meta.issue(account, {
      long: true,
      ttlMs: o.ttlMs ?? 60 * 86_400_000,
      ageMs: o.ageMs ?? 2 * 86_400_000,
    });
  }

  addComment(mediaId: string, username: string, text: string) {
    const c: FakeInstagramComment = {
      id: this.#id(),
      mediaId,
      parentId: null,
      username,
      userId: `u-${username}`,
      text,
      createdAt: Date.now(),
    };
    this.comments.push(c);
    return c;
  }

  published(owner: string) {
    return this.media.filter((m) => m.owner === owner);
  }

  async start() {
    const s = this.server;
    s.route('GET', '/oauth/authorize', (r) => this.meta.authorize(r, this.consentingUser));
    s.route('POST', '/oauth/access_token', (r) => this.meta.exchange(r, (subject) => ({ user_id: subject })));
    s.route('GET', '/access_token', (r) => {
      if (r.query.get('grant_type') !== 'ig_exchange_token') return missing('grant_type');
      if (r.query.get('client_secret') !== this.app.appSecret)
        return graphError(400, 101, 'Error validating client secret.', { type: 'OAuthException' });
      return this.meta.longLived(r.query.get('access_token'), { refresh: false });
    });
    s.route('GET', '/refresh_access_token', (r) =>
      r.query.get('grant_type') === 'ig_refresh_token'
        ? this.meta.longLived(r.query.get('access_token'), { refresh: true })
        : missing('grant_type'),
    );
    s.route('GET', `${V}/me`, (r) =>
      this.meta.authed(r, (t) => {
        const a = this.accounts.get(t.subject)!;
        return {
          status: 200,
          json: { id: `app-scoped-${a.id}`, user_id: a.id, username: a.username, name: a.name },
        };
      }),
    );
    s.route('POST', `${V}/:uid/media`, (r) =>
      this.meta.authed(r, (t, p) => this.#container(r.params.uid!, t, p)),
    );
    s.route('GET', `${V}/:uid/media`, (r) => this.meta.authed(r, (t, p) => this.#list(r.params.uid!, t, p)));
    s.route('POST', `${V}/:uid/media_publish`, (r) =>
      this.meta.authed(r, (t, p) => this.#publish(r.params.uid!, t, p)),
    );
    s.route('GET', `${V}/:uid/content_publishing_limit`, (r) =>
      this.meta.authed(
        r,
        (t) =>
          this.#owns(r.params.uid!, t) ?? {
            status: 200,
            json: {
              data: [
                {
                  quota_usage: this.#usedToday(t.subject),
                  config: { quota_total: this.quotaTotal, quota_duration: 86400 },
                },
              ],
            },
          },
      ),
    );
    s.route('GET', `${V}/:id/comments`, (r) => this.meta.authed(r, () => this.#comments(r.params.id!)));
    s.route('POST', `${V}/:id/comments`, (r) =>
      this.meta.authed(r, (t, p) => this.#comment(r.params.id!, t, p, false)),
    );
    s.route('POST', `${V}/:id/replies`, (r) =>
      this.meta.authed(r, (t, p) => this.#comment(r.params.id!, t, p, true)),
    );
    s.route('GET', `${V}/:id/insights`, (r) =>
      this.meta.authed(r, (_t, p) => this.#insights(r.params.id!, p)),
    );
    s.route('GET', `${V}/:id`, (r) => this.meta.authed(r, (t, p) => this.#object(r.params.id!, t, p)));
    await s.start();
    return this;
  }

  stop() {
    return this.server.stop();
  }

  #owns(uid: string, t: MetaToken): FakeResponse | null {
    if (!this.accounts.has(uid))
      return graphError(400, 100, `Object with ID '${uid}' does not exist`, { error_subcode: 33 });
    return t.subject === uid ? null : graphError(403, 10, '(#10) The user is not the owner of this account');
  }

  #usedToday(owner: string) {
    return this.media.filter((m) => m.owner === owner && m.createdAt > Date.now() - 86_400_000).length;
  }

  #container(uid: string, t: MetaToken, p: URLSearchParams): FakeResponse {
    const denied = this.#owns(uid, t);
    if (denied) return denied;
    if (this.containers.madeToday(uid) >= 400)
      return graphError(400, 4, '(#4) Application request limit reached');
    const type = p.get('media_type') ?? 'IMAGE';
    const params = Object.fromEntries(p);
    delete params.access_token;
    const caption = p.get('caption') ?? '';
    const problem = captionProblem(caption);
    if (problem) return graphError(400, 100, problem, { error_subcode: 2207010, error_user_msg: problem });
    const item = p.get('is_carousel_item') === 'true';
    if (type === 'IMAGE' && !p.get('image_url')) return missing('image_url');
    if (type === 'REELS' && !p.get('video_url')) return missing('video_url');
    if (type === 'VIDEO' && (!item || !p.get('video_url')))
      return graphError(400, 100, 'media_type VIDEO is only for carousel items; publish videos as REELS');
    if (type === 'CAROUSEL') {
      const children = (p.get('children') ?? '').split(',').filter(Boolean);
      if (children.length < 2 || children.length > 10)
        return graphError(400, 100, 'A carousel has 2 to 10 children', { error_subcode: 2207013 });
      for (const id of children) {
        const child = this.containers.read(id, uid);
        if (child?.params.is_carousel_item !== 'true' || child.status !== 'FINISHED')
          return graphError(400, 100, `Child ${id} is not a finished carousel item`, {
            error_subcode: 2207006,
          });
      }
      return { status: 200, json: { id: this.containers.create(uid, type, params, children).id } };
    }
    if (!['IMAGE', 'REELS', 'VIDEO', 'STORIES'].includes(type))
      return graphError(400, 100, `Invalid media_type ${type}`);
    return { status: 200, json: { id: this.containers.create(uid, type, params).id } };
  }

  #publish(uid: string, t: MetaToken, p: URLSearchParams): FakeResponse {
    const denied = this.#owns(uid, t);
    if (denied) return denied;
    const creationId = p.get('creation_id');
    if (!creationId) return missing('creation_id');
    const c = this.containers.read(creationId, uid);
    if (!c) return graphError(400, 100, 'Media ID is not available', { error_subcode: 2207006 });
    if (c.params.is_carousel_item === 'true')
      return graphError(400, 100, 'A carousel item is published through its carousel');
    if (c.status === 'IN_PROGRESS')
      return graphError(400, 9007, 'The media is not ready for publishing, please wait for a moment', {
        error_subcode: 2207027,
      });
    if (c.status !== 'FINISHED')
      return graphError(400, 9007, `The container is ${c.status} and cannot be published`, {
        error_subcode: 2207006,
      });
    if (this.#usedToday(uid) >= this.quotaTotal)
      return graphError(400, 9, 'The maximum number of posts that were published has been reached', {
        error_subcode: 2207042,
      });
    const items: FakeContainer[] = c.children.length
      ? c.children.map((id) => this.containers.all.get(id)!)
      : [c];
    const m: FakeInstagramMedia = {
      id: this.#id(),
      owner: uid,
      mediaType: c.mediaType === 'REELS' ? 'VIDEO' : c.mediaType === 'CAROUSEL' ? 'CAROUSEL_ALBUM' : 'IMAGE',
      caption: c.params.caption ?? '',
      urls: items.map((i) => i.params.image_url ?? i.params.video_url ?? ''),
      altTexts: items.map((i) => i.params.alt_text ?? null),
      createdAt: Date.now(),
      containerId: c.id,
    };
    c.status = 'PUBLISHED';
    c.publishedId = m.id;
    this.media.push(m);
    return { status: 200, json: { id: m.id } };
  }

  #render(m: FakeInstagramMedia) {
    return {
      id: m.id,
      caption: m.caption,
      media_type: m.mediaType,
      timestamp: metaTime(m.createdAt),
      permalink: `https://www.instagram.com/p/${Buffer.from(m.id).toString('base64url')}/`,
      like_count: this.insights.get(m.id)?.likes ?? 0,
      comments_count: this.comments.filter((c) => c.mediaId === m.id).length,
    };
  }

  #list(uid: string, t: MetaToken, p: URLSearchParams): FakeResponse {
    const denied = this.#owns(uid, t);
    if (denied) return denied;
    const limit = Math.min(Number(p.get('limit') ?? 25), 100);
    const fields = (p.get('fields') ?? 'id').split(',');
    const data = this.published(uid)
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, limit)
      .map((m) =>
        Object.fromEntries(Object.entries(this.#render(m)).filter(([k]) => k === 'id' || fields.includes(k))),
      );
    return { status: 200, json: { data, paging: {} } };
  }

  #object(id: string, t: MetaToken, p: URLSearchParams): FakeResponse {
    const fields = (p.get('fields') ?? 'id').split(',');
    const c = this.containers.read(id, t.subject);
    if (c) {
      return {
        status: 200,
        json: {
          id,
          status_code: c.status,
          ...(fields.includes('status') ? { status: c.error ?? c.status } : {}),
        },
      };
    }
    const m = this.media.find((x) => x.id === id);
    if (!m) return graphError(400, 100, `Object with ID '${id}' does not exist`, { error_subcode: 33 });
    return {
      status: 200,
      json: Object.fromEntries(
        Object.entries(this.#render(m)).filter(([k]) => k === 'id' || fields.includes(k)),
      ),
    };
  }

  #comments(mediaId: string): FakeResponse {
    if (!this.media.some((m) => m.id === mediaId))
      return graphError(400, 100, `Object with ID '${mediaId}' does not exist`);
    const data = this.comments
      .filter((c) => c.mediaId === mediaId && c.parentId === null)
      .map((c) => ({
        id: c.id,
        text: c.text,
        timestamp: metaTime(c.createdAt),
        username: c.username,
        from: { id: c.userId, username: c.username },
      }));
    return { status: 200, json: { data } };
  }

  #comment(targetId: string, t: MetaToken, p: URLSearchParams, reply: boolean): FakeResponse {
    const message = p.get('message');
    if (!message) return missing('message');
    const parent = reply ? this.comments.find((c) => c.id === targetId) : undefined;
    const media = this.media.find((m) => m.id === (reply ? parent?.mediaId : targetId));
    if (!media || (reply && !parent))
      return graphError(400, 100, `Object with ID '${targetId}' does not exist`);
    const me = this.accounts.get(t.subject)!;
    const c = this.addComment(media.id, me.username, message);
    c.userId = me.id;
    c.parentId = parent?.id ?? null;
    return { status: 200, json: { id: c.id } };
  }

  #insights(mediaId: string, p: URLSearchParams): FakeResponse {
    if (!this.media.some((m) => m.id === mediaId))
      return graphError(400, 100, `Object with ID '${mediaId}' does not exist`);
    const metrics = (p.get('metric') ?? '').split(',').filter(Boolean);
    if (metrics.length === 0) return missing('metric');
    const retired = metrics.find((m) => RETIRED.has(m));
    if (retired)
      return graphError(
        400,
        100,
        `(#100) Starting from version v22.0 the ${retired} metric is no longer supported`,
      );
    const unknown = metrics.find((m) => !METRICS.has(m));
    if (unknown)
      return graphError(
        400,
        100,
        `(#100) metric[0] must be one of the following values: ${[...METRICS].join(', ')}`,
      );
    const values = this.insights.get(mediaId) ?? {};
    return {
      status: 200,
      json: {
        data: metrics.map((name) => ({ name, period: 'lifetime', values: [{ value: values[name] ?? 0 }] })),
      },
    };
  }
}
