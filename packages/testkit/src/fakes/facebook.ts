import { FakeFacebookVideos } from './facebook-videos';
import { type FakeResponse, FakeServer } from './fake-server';
import { graphError, MetaGraph, type MetaToken, metaTime, missing } from './meta-graph';

/**
 * Facebook Pages on the Graph API, as its reference describes it: a versioned path, Page
 * tokens from `/me/accounts`, `/{page}/feed` (message or link), `/{page}/photos` (url;
 * unpublished photos joined by `attached_media`), comments, counts and insights, `targeting`
 * and `feed_targeting` checked against their documented shapes, 506 for a duplicate message;
 * Page videos by the resumable upload (facebook-videos.ts).
 */
export const FACEBOOK_FAKE_VERSION = 'v26.0';

export interface FakeFacebookPost {
  id: string;
  pageId: string;
  message: string | null;
  link: string | null;
  photoUrls: string[];
  /** The video a video post shows. */
  videoId: string | null;
  targeting: Record<string, unknown> | null;
  feedTargeting: Record<string, unknown> | null;
  createdAt: number;
}

export interface FakeFacebookComment {
  id: string;
  objectId: string;
  from: { id: string; name: string };
  message: string;
  createdAt: number;
}

const V = `/${FACEBOOK_FAKE_VERSION}`;
const RESTRICT_AGES = new Set([13, 15, 18, 21, 25]);

function targetingProblem(raw: string | null, preference: boolean): string | null {
  if (raw === null) return null;
  let t: Record<string, unknown>;
  try {
    t = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return 'targeting is not valid JSON';
  }
  const geo = t.geo_locations as { countries?: unknown[] } | undefined;
  if (geo?.countries && geo.countries.length > 25) return 'at most 25 countries';
  const ageMin = t.age_min as number | undefined;
  if (preference) {
    const known = [
      'age_min',
      'age_max',
      'genders',
      'geo_locations',
      'locales',
      'interests',
      'education_statuses',
      'college_years',
      'relationship_statuses',
    ];
    if (Object.keys(t).some((k) => !known.includes(k))) return 'unknown feed_targeting field';
    if (ageMin !== undefined && ageMin < 13) return 'age_min must be at least 13';
    if (t.age_max !== undefined && (t.age_max as number) > 65) return 'age_max must be at most 65';
    if (Array.isArray(t.genders) && t.genders.some((g) => g !== 1 && g !== 2)) return 'genders are 1 or 2';
  } else {
    if (Object.keys(t).some((k) => !['geo_locations', 'age_min', 'locales'].includes(k)))
      return 'unknown targeting field';
    if (ageMin !== undefined && !RESTRICT_AGES.has(ageMin)) return 'age_min must be 13, 15, 18, 21 or 25';
  }
  return null;
}

export class FakeFacebook {
  readonly server = new FakeServer(() => graphError(400, 100, 'Unsupported get request.'));
  readonly meta: MetaGraph;
  readonly pages = new Map<
    string,
    { id: string; name: string; username: string; token: string; admins: Set<string> }
  >();
  readonly posts: FakeFacebookPost[] = [];
  readonly comments: FakeFacebookComment[] = [];
  readonly photos = new Map<
    string,
    { pageId: string; url: string; published: boolean; attachedTo: string | null }
  >();
  /** Reactions and shares a test sets on a post. */
  readonly counts = new Map<string, { reactions: number; shares: number; views: number; clicks: number }>();
  readonly videos = new FakeFacebookVideos({
    newId: () => this.#id(),
    pageAccess: (pageId, t) => this.#pageAccess(pageId, t),
    createPost: (pageId, p, message, videoId) => {
      const created = this.#create(pageId, p, { message, link: null, photoIds: [] });
      if (created.status === 200) this.posts.at(-1)!.videoId = videoId;
      return created;
    },
  });
  /** The user the authorize page consents for. */
  consentingUser = 'user-1';
  #next = 1000;

  constructor(readonly app = { appId: 'fb-app', appSecret: 'fb-app-secret' }) {
    this.meta = new MetaGraph(this.server, app);
  }

  get url() {
    return this.server.url;
  }

  #id() {
    return String(this.#next++);
  }

  addPage(name: string, admin = this.consentingUser) {
    const id = this.#id();
    const token = this.meta.issue(id, { kind: 'page', long: true, ttlMs: 100 * 365 * 86_400_000 });
    this.pages.set(id, {
      id,
      name,
      username: name.toLowerCase().replace(/\W+/g, ''),
      token,
      admins: new Set([admin]),
    });
    return { pageId: id, pageToken: token };
  }

  /** Someone comments on a post (for inbox tests). */
  addComment(objectId: string, from: { id: string; name: string }, message: string) {
    const c = {
      id: `${objectId.split('_')[1] ?? objectId}_${this.#id()}`,
      objectId,
      from,
      message,
      createdAt: Date.now(),
    };
    this.comments.push(c);
    return c;
  }

  async start() {
    const s = this.server;
    s.route('GET', `${V}/dialog/oauth`, (r) => this.meta.authorize(r, this.consentingUser));
    s.route('POST', `${V}/oauth/access_token`, (r) => this.meta.exchange(r));
    s.route('GET', `${V}/oauth/access_token`, (r) => {
      const q = r.query;
      if (q.get('grant_type') !== 'fb_exchange_token') return this.meta.exchange(r);
      if (q.get('client_id') !== this.app.appId || q.get('client_secret') !== this.app.appSecret)
        return graphError(400, 101, 'Error validating client secret.', { type: 'OAuthException' });
      return this.meta.longLived(q.get('fb_exchange_token'), { refresh: false });
    });
    s.route('GET', `${V}/me/accounts`, (r) =>
      this.meta.authed(r, (t) => {
        if (t.kind !== 'user')
          return graphError(400, 100, '(#100) Tried accessing nonexisting field (accounts)');
        const data = [...this.pages.values()]
          .filter((p) => p.admins.has(t.subject))
          .map((p) => ({ id: p.id, name: p.name, category: 'Brand', access_token: p.token }));
        return { status: 200, json: { data, paging: {} } };
      }),
    );
    s.route('GET', `${V}/:id/feed`, (r) => this.meta.authed(r, (t, p) => this.#feed(r.params.id!, t, p)));
    s.route('POST', `${V}/:id/feed`, (r) => this.meta.authed(r, (t, p) => this.#post(r.params.id!, t, p)));
    s.route('POST', `${V}/:id/photos`, (r) => this.meta.authed(r, (t, p) => this.#photo(r.params.id!, t, p)));
    s.route('POST', `${V}/:id/videos`, (r) =>
      this.meta.authed(r, (t, p) => this.videos.handle(r.params.id!, t, r, p)),
    );
    s.route('GET', `${V}/:id/comments`, (r) =>
      this.meta.authed(r, (_t, p) => this.#comments(r.params.id!, p)),
    );
    s.route('POST', `${V}/:id/comments`, (r) =>
      this.meta.authed(r, (t, p) => this.#comment(r.params.id!, t, p)),
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

  /** A Page token for this very Page, or a user token of one of its admins when `asUser`. */
  #pageAccess(pageId: string, t: MetaToken): FakeResponse | null {
    const page = this.pages.get(pageId);
    if (!page)
      return graphError(400, 100, `(#100) Object with ID '${pageId}' does not exist`, { error_subcode: 33 });
    if (t.kind !== 'page' || t.subject !== pageId)
      return graphError(
        403,
        200,
        "(#200) The user hasn't authorized the application to perform this action; publish as the Page with a Page access token",
      );
    return null;
  }

  #feed(pageId: string, t: MetaToken, p: URLSearchParams): FakeResponse {
    const denied = this.#pageAccess(pageId, t);
    if (denied) return denied;
    const limit = Math.min(Number(p.get('limit') ?? 25), 100);
    const since = p.get('since') ? Number(p.get('since')) * 1000 : 0;
    const fields = (p.get('fields') ?? 'id,message,created_time').split(',');
    const data = this.posts
      .filter((x) => x.pageId === pageId && x.createdAt >= since)
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, limit)
      .map((x) => this.#render(x, fields));
    return { status: 200, json: { data, paging: {} } };
  }

  #render(x: FakeFacebookPost, fields: string[]) {
    const all: Record<string, unknown> = { id: x.id, created_time: metaTime(x.createdAt) };
    if (x.message !== null) all.message = x.message;
    const out: Record<string, unknown> = {};
    for (const f of fields) if (f in all) out[f] = all[f];
    return { id: x.id, ...out };
  }

  #post(pageId: string, t: MetaToken, p: URLSearchParams): FakeResponse {
    const denied = this.#pageAccess(pageId, t);
    if (denied) return denied;
    const message = p.get('message');
    const link = p.get('link');
    let attached: string[] = [];
    if (p.get('attached_media')) {
      try {
        attached = (JSON.parse(p.get('attached_media')!) as { media_fbid: string }[]).map(
          (m) => m.media_fbid,
        );
      } catch {
        return graphError(400, 100, '(#100) param attached_media must be an array of objects');
      }
      for (const id of attached) {
        const photo = this.photos.get(id);
        if (!photo || photo.pageId !== pageId || photo.published || photo.attachedTo)
          return graphError(
            400,
            100,
            `(#100) Invalid media_fbid ${id}: use an unpublished photo of this Page`,
          );
      }
    }
    if (!message && !link && attached.length === 0) return missing('message or link');
    return this.#create(pageId, p, { message, link, photoIds: attached });
  }

  #create(
    pageId: string,
    p: URLSearchParams,
    c: { message: string | null; link: string | null; photoIds: string[] },
  ): FakeResponse {
    for (const [field, preference] of [
      ['targeting', false],
      ['feed_targeting', true],
    ] as const) {
      const problem = targetingProblem(p.get(field), preference);
      if (problem) return graphError(400, 100, `(#100) Invalid ${field}: ${problem}`);
    }
    // Facebook refuses the same status twice in a row (error 506).
    const last = this.posts.filter((x) => x.pageId === pageId).at(-1);
    if (c.message && last?.message === c.message && Date.now() - last.createdAt < 3_600_000)
      return graphError(400, 506, 'Duplicate status message', {
        error_user_msg: 'You already posted this status.',
      });
    const post: FakeFacebookPost = {
      id: `${pageId}_${this.#id()}`,
      pageId,
      message: c.message,
      link: c.link,
      photoUrls: c.photoIds.map((id) => this.photos.get(id)!.url),
      videoId: null,
      targeting: p.get('targeting') ? JSON.parse(p.get('targeting')!) : null,
      feedTargeting: p.get('feed_targeting') ? JSON.parse(p.get('feed_targeting')!) : null,
      createdAt: Date.now(),
    };
    for (const id of c.photoIds) this.photos.get(id)!.attachedTo = post.id;
    this.posts.push(post);
    return { status: 200, json: { id: post.id } };
  }

  #photo(pageId: string, t: MetaToken, p: URLSearchParams): FakeResponse {
    const denied = this.#pageAccess(pageId, t);
    if (denied) return denied;
    const url = p.get('url');
    if (!url) return missing('url');
    if (!/^https?:\/\//.test(url))
      return graphError(400, 324, '(#324) Requires upload file: the url is not a web address');
    const id = this.#id();
    const published = p.get('published') !== 'false';
    this.photos.set(id, { pageId, url, published, attachedTo: null });
    if (!published) return { status: 200, json: { id } };
    const created = this.#create(pageId, p, { message: p.get('message'), link: null, photoIds: [] });
    if (created.status !== 200) return created;
    const post = this.posts.at(-1)!;
    post.photoUrls = [url];
    this.photos.get(id)!.attachedTo = post.id;
    return { status: 200, json: { id, post_id: post.id } };
  }

  #comments(objectId: string, p: URLSearchParams): FakeResponse {
    if (!this.posts.some((x) => x.id === objectId) && !this.comments.some((c) => c.id === objectId))
      return graphError(400, 100, `(#100) Object with ID '${objectId}' does not exist`, {
        error_subcode: 33,
      });
    const reverse = p.get('order') === 'reverse_chronological';
    const data = this.comments
      .filter((c) => c.objectId === objectId || (p.get('filter') === 'stream' && this.#under(c, objectId)))
      .sort((a, b) => (reverse ? b.createdAt - a.createdAt : a.createdAt - b.createdAt))
      .map((c) => ({
        id: c.id,
        message: c.message,
        from: c.from,
        created_time: metaTime(c.createdAt),
        permalink_url: `https://www.facebook.com/${c.id}`,
      }));
    return { status: 200, json: { data, paging: {} } };
  }

  #under(c: FakeFacebookComment, objectId: string): boolean {
    const parent = this.comments.find((x) => x.id === c.objectId);
    return parent ? parent.objectId === objectId || this.#under(parent, objectId) : false;
  }

  #comment(objectId: string, t: MetaToken, p: URLSearchParams): FakeResponse {
    const message = p.get('message');
    if (!message) return missing('message');
    const target = this.posts.find((x) => x.id === objectId) ?? this.comments.find((c) => c.id === objectId);
    if (!target)
      return graphError(400, 100, `(#100) Object with ID '${objectId}' does not exist`, {
        error_subcode: 33,
      });
    const page = t.kind === 'page' ? this.pages.get(t.subject) : undefined;
    if (!page) return graphError(403, 200, '(#200) Comment as the Page with a Page access token');
    return {
      status: 200,
      json: { id: this.addComment(objectId, { id: page.id, name: page.name }, message).id },
    };
  }

  #insights(postId: string, p: URLSearchParams): FakeResponse {
    const known = new Set(['post_total_media_view_unique', 'post_clicks', 'post_reactions_by_type_total']);
    const metrics = (p.get('metric') ?? '').split(',').filter(Boolean);
    if (metrics.length === 0) return missing('metric');
    // Renamed 2025-11-15: the old name is refused, as on the real API.
    const unknown = metrics.find((m) => !known.has(m));
    if (unknown) return graphError(400, 100, `(#100) The value must be a valid insights metric: ${unknown}`);
    const c = this.counts.get(postId) ?? { reactions: 0, shares: 0, views: 0, clicks: 0 };
    const value = (m: string) =>
      m === 'post_clicks' ? c.clicks : m === 'post_total_media_view_unique' ? c.views : {};
    return {
      status: 200,
      json: { data: metrics.map((name) => ({ name, period: 'lifetime', values: [{ value: value(name) }] })) },
    };
  }

  #object(id: string, t: MetaToken, p: URLSearchParams): FakeResponse {
    const fields = (p.get('fields') ?? 'id').split(',');
    const page = this.pages.get(id);
    if (page) {
      if (fields.includes('access_token')) {
        if (t.kind !== 'user' || !page.admins.has(t.subject))
          return graphError(400, 190, 'The user must be an administrator of the Page', {
            error_subcode: 492,
          });
        page.token = this.meta.issue(id, { kind: 'page', long: true, ttlMs: 100 * 365 * 86_400_000 });
        return { status: 200, json: { id, access_token: page.token } };
      }
      return { status: 200, json: { id, name: page.name, username: page.username } };
    }
    const video = this.videos.read(id, fields);
    if (video) return video;
    const post = this.posts.find((x) => x.id === id);
    if (!post)
      return graphError(400, 100, `(#100) Object with ID '${id}' does not exist`, { error_subcode: 33 });
    const c = this.counts.get(id) ?? { reactions: 0, shares: 0, views: 0, clicks: 0 };
    const out: Record<string, unknown> = this.#render(post, fields);
    const wanted = p.get('fields') ?? '';
    if (wanted.includes('shares')) out.shares = { count: c.shares };
    if (wanted.includes('reactions.summary('))
      out.reactions = { data: [], summary: { total_count: c.reactions } };
    if (wanted.includes('comments.summary(')) {
      const total = this.comments.filter((x) => x.objectId === id).length;
      out.comments = { data: [], summary: { total_count: total, order: 'chronological' } };
    }
    return { status: 200, json: out };
  }
}
