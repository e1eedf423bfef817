import { type FakeResponse, FakeServer } from './fake-server';
import { ContainerStore } from './meta-containers';
import { graphError, MetaGraph, type MetaToken, metaTime, missing } from './meta-graph';

/**
 * Threads on graph.threads.net/v1.0 as its guides describe it: 1 h → 60-day tokens and
 * `th_refresh_token`; containers (TEXT, IMAGE, VIDEO, CAROUSEL of 2–20 finished items,
 * replies by `reply_to_id`) published with `threads_publish` when FINISHED; 500 characters
 * with emoji counted in UTF-8 bytes; more than five links refused with
 * THREADS_API__LINK_LIMIT_EXCEEDED; 250 posts and 1,000 replies per 24 h; replies and insights.
 */
export const THREADS_FAKE_VERSION = 'v1.0';
const V = `/${THREADS_FAKE_VERSION}`;

export interface FakeThreadsPost {
  id: string;
  owner: string;
  username: string;
  mediaType: string;
  text: string;
  urls: string[];
  linkAttachment: string | null;
  replyTo: string | null;
  createdAt: number;
  containerId: string | null;
}

// An independent reading of the counting rule: RGI emoji sequences cost their UTF-8 bytes,
// every other grapheme one.
// biome-ignore lint/complexity/useRegexLiterals: a `v` literal needs target ES2024; the runtime has it
const RGI = new RegExp('^\\p{RGI_Emoji}$', 'v');
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
export const threadsCount = (text: string) =>
  [...graphemes.segment(text)].reduce(
    (n, { segment }) => n + (RGI.test(segment) ? Buffer.byteLength(segment, 'utf8') : 1),
    0,
  );
const links = (text: string, attachment: string | null) => {
  const found = new Set(
    (text.match(/(https?:\/\/|www\.)\S+/g) ?? []).map((u) => u.replace(/[.,;:!?)]+$/, '')),
  );
  if (attachment) found.add(attachment);
  return found.size;
};

const METRICS = new Set(['views', 'likes', 'replies', 'reposts', 'quotes', 'shares']);

export class FakeThreads {
  readonly server = new FakeServer(() => graphError(400, 100, 'Unsupported request'));
  readonly meta: MetaGraph;
  readonly profiles = new Map<string, { id: string; username: string }>();
  readonly containers: ContainerStore;
  readonly posts: FakeThreadsPost[] = [];
  readonly insights = new Map<string, Record<string, number>>();
  postQuota = 250;
  replyQuota = 1000;
  consentingUser = '';
  #next = 18_000_000_000;

  constructor(readonly app = { appId: 'threads-app', appSecret: 'threads-app-secret' }) {
    this.meta = new MetaGraph(this.server, app);
    this.containers = new ContainerStore(() => this.#id());
  }

  get url() {
    return this.server.url;
  }

  #id() {
    return String(this.#next++);
  }

  addProfile(username: string) {
    const id = this.#id();
    this.profiles.set(id, { id, username });
    this.consentingUser ||= id;
    return id;
  }

  longToken(profile: string, o: { ageMs?: number; ttlMs?: number } = {}) {
    return this.meta.issue(profile, {
      long: true,
      ttlMs: o.ttlMs ?? 60 * 86_400_000,
      ageMs: o.ageMs ?? 2 * 86_400_000,
    });
  }

  /** Someone else replies to a post (for inbox tests). */
  addReply(postId: string, username: string, text: string) {
    const p: FakeThreadsPost = {
      id: this.#id(),
      owner: `other-${username}`,
      username,
      mediaType: 'TEXT_POST',
      text,
      urls: [],
      linkAttachment: null,
      replyTo: postId,
      createdAt: Date.now(),
      containerId: null,
    };
    this.posts.push(p);
    return p;
  }

  of(owner: string) {
    return this.posts.filter((p) => p.owner === owner);
  }

  async start() {
    const s = this.server;
    s.route('GET', '/oauth/authorize', (r) => this.meta.authorize(r, this.consentingUser));
    s.route('POST', '/oauth/access_token', (r) => this.meta.exchange(r, (subject) => ({ user_id: subject })));
    s.route('GET', '/access_token', (r) => {
      if (r.query.get('grant_type') !== 'th_exchange_token') return missing('grant_type');
      if (r.query.get('client_secret') !== this.app.appSecret)
        return graphError(400, 101, 'Error validating client secret.', { type: 'OAuthException' });
      return this.meta.longLived(r.query.get('access_token'), { refresh: false });
    });
    s.route('GET', '/refresh_access_token', (r) =>
      r.query.get('grant_type') === 'th_refresh_token'
        ? this.meta.longLived(r.query.get('access_token'), { refresh: true })
        : missing('grant_type'),
    );
    s.route('GET', `${V}/me`, (r) =>
      this.meta.authed(r, (t) => {
        const p = this.profiles.get(t.subject)!;
        return { status: 200, json: { id: p.id, username: p.username, name: p.username } };
      }),
    );
    s.route('POST', `${V}/:uid/threads`, (r) =>
      this.meta.authed(r, (t, p) => this.#container(r.params.uid!, t, p)),
    );
    s.route('GET', `${V}/:uid/threads`, (r) =>
      this.meta.authed(r, (t, p) => this.#list(r.params.uid!, t, p, false)),
    );
    s.route('GET', `${V}/:uid/threads_publishing_limit`, (r) =>
      this.meta.authed(r, (t) => {
        const denied = this.#owns(r.params.uid!, t);
        if (denied) return denied;
        const today = this.of(t.subject).filter((p) => p.createdAt > Date.now() - 86_400_000);
        return {
          status: 200,
          json: {
            data: [
              {
                quota_usage: today.filter((p) => !p.replyTo).length,
                config: { quota_total: this.postQuota, quota_duration: 86400 },
                reply_quota_usage: today.filter((p) => p.replyTo).length,
                reply_config: { quota_total: this.replyQuota, quota_duration: 86400 },
              },
            ],
          },
        };
      }),
    );
    s.route('POST', `${V}/:uid/threads_publish`, (r) =>
      this.meta.authed(r, (t, p) => this.#publish(r.params.uid!, t, p)),
    );
    s.route('GET', `${V}/:id/replies`, (r) =>
      this.meta.authed(r, (t, p) =>
        this.profiles.has(r.params.id!) ? this.#list(r.params.id!, t, p, true) : this.#replies(r.params.id!),
      ),
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
    if (!this.profiles.has(uid))
      return graphError(400, 100, `Object with ID '${uid}' does not exist`, { error_subcode: 33 });
    return t.subject === uid ? null : graphError(403, 10, '(#10) The user is not the owner of this profile');
  }

  #container(uid: string, t: MetaToken, p: URLSearchParams): FakeResponse {
    const denied = this.#owns(uid, t);
    if (denied) return denied;
    const type = p.get('media_type');
    if (!type) return missing('media_type');
    const params = Object.fromEntries(p);
    delete params.access_token;
    const text = p.get('text') ?? '';
    if (threadsCount(text) > 500)
      return graphError(400, 100, 'The text is longer than 500 characters', { error_subcode: 4279009 });
    const attachment = p.get('link_attachment');
    if (attachment && type !== 'TEXT') return graphError(400, 100, 'link_attachment is only for TEXT posts');
    if (links(text, attachment) > 5)
      return graphError(400, 100, 'THREADS_API__LINK_LIMIT_EXCEEDED', {
        error_user_msg: 'Posts can contain at most 5 links',
      });
    const replyTo = p.get('reply_to_id');
    if (replyTo && !this.posts.some((x) => x.id === replyTo))
      return graphError(400, 100, `reply_to_id ${replyTo} does not exist`, { error_subcode: 4279005 });
    if (type === 'TEXT' && !text && !attachment) return missing('text');
    if (type === 'IMAGE' && !p.get('image_url')) return missing('image_url');
    if (type === 'VIDEO' && !p.get('video_url')) return missing('video_url');
    if (type === 'CAROUSEL') {
      const children = (p.get('children') ?? '').split(',').filter(Boolean);
      if (children.length < 2 || children.length > 20)
        return graphError(400, 100, 'A carousel has 2 to 20 children');
      for (const id of children) {
        const child = this.containers.read(id, uid);
        if (child?.params.is_carousel_item !== 'true' || child.status !== 'FINISHED')
          return graphError(400, 100, `Child ${id} is not a finished carousel item`);
      }
      return { status: 200, json: { id: this.containers.create(uid, type, params, children).id } };
    }
    if (!['TEXT', 'IMAGE', 'VIDEO'].includes(type)) return graphError(400, 100, `Invalid media_type ${type}`);
    return { status: 200, json: { id: this.containers.create(uid, type, params).id } };
  }

  #publish(uid: string, t: MetaToken, p: URLSearchParams): FakeResponse {
    const denied = this.#owns(uid, t);
    if (denied) return denied;
    const creationId = p.get('creation_id');
    if (!creationId) return missing('creation_id');
    const c = this.containers.read(creationId, uid);
    if (!c || c.params.is_carousel_item === 'true')
      return graphError(400, 100, 'The media container does not exist');
    if (c.status !== 'FINISHED')
      return graphError(400, 24, `The media container is ${c.status} and cannot be published`, {
        error_subcode: 4279009,
      });
    const replyTo = c.params.reply_to_id ?? null;
    const today = this.of(uid).filter(
      (x) => x.createdAt > Date.now() - 86_400_000 && Boolean(x.replyTo) === Boolean(replyTo),
    );
    if (today.length >= (replyTo ? this.replyQuota : this.postQuota))
      return graphError(400, 4, 'The publishing limit for the last 24 hours has been reached');
    const items = c.children.length ? c.children.map((id) => this.containers.all.get(id)!) : [c];
    const post: FakeThreadsPost = {
      id: this.#id(),
      owner: uid,
      username: this.profiles.get(uid)!.username,
      mediaType: `${c.mediaType}${c.mediaType === 'CAROUSEL' ? '_ALBUM' : '_POST'}`,
      text: c.params.text ?? '',
      urls: items.map((i) => i.params.image_url ?? i.params.video_url ?? '').filter(Boolean),
      linkAttachment: c.params.link_attachment ?? null,
      replyTo,
      createdAt: Date.now(),
      containerId: c.id,
    };
    c.status = 'PUBLISHED';
    c.publishedId = post.id;
    this.posts.push(post);
    return { status: 200, json: { id: post.id } };
  }

  #render(x: FakeThreadsPost, fields: string[]) {
    const all: Record<string, unknown> = {
      id: x.id,
      text: x.text,
      username: x.username,
      media_type: x.mediaType,
      timestamp: metaTime(x.createdAt),
      permalink: `https://www.threads.com/@${x.username}/post/${x.id}`,
    };
    return Object.fromEntries(Object.entries(all).filter(([k]) => k === 'id' || fields.includes(k)));
  }

  #list(uid: string, t: MetaToken, p: URLSearchParams, replies: boolean): FakeResponse {
    const denied = this.#owns(uid, t);
    if (denied) return denied;
    const fields = (p.get('fields') ?? 'id').split(',');
    const limit = Math.min(Number(p.get('limit') ?? 25), 100);
    const data = this.of(uid)
      .filter((x) => Boolean(x.replyTo) === replies)
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, limit)
      .map((x) => this.#render(x, fields));
    return { status: 200, json: { data, paging: {} } };
  }

  #replies(postId: string): FakeResponse {
    if (!this.posts.some((x) => x.id === postId))
      return graphError(400, 100, `Object with ID '${postId}' does not exist`);
    const fields = ['text', 'username', 'timestamp', 'permalink'];
    return {
      status: 200,
      json: { data: this.posts.filter((x) => x.replyTo === postId).map((x) => this.#render(x, fields)) },
    };
  }

  #object(id: string, t: MetaToken, p: URLSearchParams): FakeResponse {
    const fields = (p.get('fields') ?? 'id').split(',');
    const c = this.containers.read(id, t.subject);
    if (c) {
      return {
        status: 200,
        json: {
          id,
          status: c.status,
          ...(c.error && fields.includes('error_message') ? { error_message: c.error } : {}),
        },
      };
    }
    const post = this.posts.find((x) => x.id === id);
    if (!post) return graphError(400, 100, `Object with ID '${id}' does not exist`, { error_subcode: 33 });
    return { status: 200, json: this.#render(post, fields) };
  }

  #insights(postId: string, p: URLSearchParams): FakeResponse {
    if (!this.posts.some((x) => x.id === postId))
      return graphError(400, 100, `Object with ID '${postId}' does not exist`);
    const metrics = (p.get('metric') ?? '').split(',').filter(Boolean);
    if (metrics.length === 0) return missing('metric');
    const unknown = metrics.find((m) => !METRICS.has(m));
    if (unknown) return graphError(400, 100, `(#100) Invalid metric ${unknown}`);
    const values = this.insights.get(postId) ?? {};
    return {
      status: 200,
      json: {
        data: metrics.map((name) => ({
          name,
          period: 'lifetime',
          values: [{ value: values[name] ?? 0 }],
          id: `${postId}/insights/${name}/lifetime`,
        })),
      },
    };
  }
}
