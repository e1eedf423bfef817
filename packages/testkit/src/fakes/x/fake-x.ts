import { randomBytes } from 'node:crypto';
import { bearer, type FakeRequest, type FakeResponse, FakeServer } from '../fake-server';
import { FakeOAuth } from '../oauth';
import { type FakeXMedia, XMediaEndpoints } from './media';
import { nextSnowflake, xProblem } from './problems';
import { weightedLength } from './weighted-length';

/**
 * The X API v2 as docs.x.com describes it, strict about what an adapter sends: OAuth 2
 * bearer tokens with scopes and a 2-hour life, 280 weighted characters, media that must be
 * the caller's and processed, ≤4 media, replies to existing posts, duplicate text refused,
 * errors as RFC 7807 problems, x-rate-limit-* headers and 429s per 15-minute window.
 */
export interface FakeTweet {
  id: string;
  authorId: string;
  text: string;
  mediaIds: string[];
  inReplyToId: string | null;
  createdAt: string;
  likes: number;
  impressions: number;
}

export interface FakeXUser {
  id: string;
  username: string;
  name: string;
}

const WINDOW_MS = 15 * 60_000;

const unauthorized: FakeResponse = {
  status: 401,
  json: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' },
};

export class FakeX {
  readonly server = new FakeServer(() => xProblem(404, 'resource-not-found', 'Not Found', 'Not Found'));
  readonly users = new Map<string, FakeXUser>();
  readonly tweets: FakeTweet[] = [];
  readonly media = new Map<string, FakeXMedia>();
  readonly #calls = new Map<string, number[]>();
  /** POST /2/tweets per user per 15 minutes (docs: 100). */
  postLimit = 100;
  /** How many STATUS checks a video stays in_progress, and what check_after_secs says. */
  videoStatusChecks = 1;
  checkAfterSecs = 1;
  readonly oauth: FakeOAuth;
  /** The account the OAuth app's tokens open (the fake consents as this account). */
  readonly me: FakeXUser;
  readonly #media = new XMediaEndpoints(this);

  constructor(
    app: { clientId: string; clientSecret: string } = { clientId: 'x-app', clientSecret: 'x-secret' },
  ) {
    // docs.x.com OAuth 2: PKCE required, confidential clients use Basic, access tokens
    // last 2 hours, refresh tokens rotate.
    this.oauth = new FakeOAuth(this.server, {
      authorizePath: '/i/oauth2/authorize',
      tokenPath: '/2/oauth2/token',
      revokePath: '/2/oauth2/revoke',
      ...app,
      clientAuth: 'basic',
      pkce: true,
      accessTtlSeconds: 7200,
      rotateRefreshTokens: true,
    });
    this.me = this.addUser('araldo', 'Araldo');
  }

  get url() {
    return this.server.url;
  }

  addUser(username: string, name = username): FakeXUser {
    const user = { id: nextSnowflake(), username, name };
    this.users.set(user.id, user);
    return user;
  }

  /** A token pair for the account, as if it had consented. */
  issueTokens(scope = 'tweet.read tweet.write users.read media.write offline.access') {
    return this.oauth.issue(scope);
  }

  /** Someone else replies to or mentions the account (for inbox tests). */
  addMention(from: FakeXUser, text: string, inReplyToId: string | null = null): FakeTweet {
    return this.#store(from.id, `@${this.me.username} ${text}`, [], inReplyToId);
  }

  async start() {
    const s = this.server;
    s.route('GET', '/2/users/me', (r) =>
      this.#authed(r, 'users.read', (u) => ({ status: 200, json: { data: u } })),
    );
    this.#media.install(s, (r, scope, h) => this.#authed(r, scope, h));
    s.route('POST', '/2/tweets', (r) => this.#authed(r, 'tweet.write', (u) => this.#create(r, u)));
    s.route('GET', '/2/tweets/:id', (r) =>
      this.#authed(r, 'tweet.read', () => {
        const t = this.tweets.find((x) => x.id === r.params.id);
        return t
          ? { status: 200, json: { data: this.render(t, r) } }
          : xProblem(
              404,
              'resource-not-found',
              'Not Found Error',
              `Could not find tweet with id: [${r.params.id}].`,
            );
      }),
    );
    s.route('GET', '/2/tweets', (r) =>
      this.#authed(r, 'tweet.read', () => {
        const ids = (r.query.get('ids') ?? '').split(',').filter(Boolean);
        if (ids.length === 0 || ids.length > 100)
          return xProblem(400, 'invalid-request', 'Invalid Request', 'ids must hold 1 to 100 ids');
        const found = this.tweets.filter((t) => ids.includes(t.id));
        return { status: 200, json: { data: found.map((t) => this.render(t, r)) } };
      }),
    );
    s.route('GET', '/2/users/:id/tweets', (r) =>
      this.#authed(r, 'tweet.read', () => this.#timeline(r, (t) => t.authorId === r.params.id)),
    );
    s.route('GET', '/2/users/:id/mentions', (r) =>
      this.#authed(r, 'tweet.read', () => {
        const user = this.users.get(r.params.id ?? '');
        return this.#timeline(
          r,
          (t) => !!user && t.authorId !== user.id && t.text.includes(`@${user.username}`),
        );
      }),
    );
    await s.start();
    return this;
  }

  stop() {
    return this.server.stop();
  }

  /** A post as the API answers it: URLs as t.co links, a t.co link for media, &<> escaped. */
  render(t: FakeTweet, r: FakeRequest) {
    const fields = (r.query.get('tweet.fields') ?? '').split(',');
    const tco = () => `https://t.co/${randomBytes(5).toString('hex')}`;
    const text =
      t.text
        .replace(/https?:\/\/[^\s]+/g, tco)
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;') + (t.mediaIds.length > 0 ? ` ${tco()}` : '');
    const out: Record<string, unknown> = { id: t.id, text, edit_history_tweet_ids: [t.id] };
    if (fields.includes('created_at')) out.created_at = t.createdAt;
    if (fields.includes('author_id')) out.author_id = t.authorId;
    if (fields.includes('referenced_tweets') && t.inReplyToId)
      out.referenced_tweets = [{ type: 'replied_to', id: t.inReplyToId }];
    if (fields.includes('public_metrics'))
      out.public_metrics = {
        retweet_count: 0,
        reply_count: this.tweets.filter((x) => x.inReplyToId === t.id).length,
        like_count: t.likes,
        quote_count: 0,
        bookmark_count: 0,
        impression_count: t.impressions,
      };
    if (fields.includes('non_public_metrics'))
      out.non_public_metrics = {
        impression_count: t.impressions,
        url_link_clicks: 0,
        user_profile_clicks: 0,
      };
    return out;
  }

  #timeline(r: FakeRequest, keep: (t: FakeTweet) => boolean): FakeResponse {
    const max = Number(r.query.get('max_results') ?? 10);
    if (!Number.isInteger(max) || max < 5 || max > 100)
      return xProblem(400, 'invalid-request', 'Invalid Request', 'max_results must be between 5 and 100');
    const start = r.query.get('start_time');
    if (start !== null && !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/.test(start))
      return xProblem(400, 'invalid-request', 'Invalid Request', 'start_time must be an ISO 8601 instant');
    const found = this.tweets
      .filter((t) => keep(t) && (start === null || Date.parse(t.createdAt) >= Date.parse(start)))
      .reverse()
      .slice(0, max);
    const json: Record<string, unknown> = {
      meta: { result_count: found.length, ...(found[0] ? { newest_id: found[0].id } : {}) },
    };
    if (found.length > 0) json.data = found.map((t) => this.render(t, r));
    if (r.query.get('expansions')?.includes('author_id'))
      json.includes = { users: [...new Set(found.map((t) => t.authorId))].map((id) => this.users.get(id)) };
    return { status: 200, json };
  }

  #create(r: FakeRequest, user: FakeXUser): FakeResponse {
    const now = Date.now();
    const window = (this.#calls.get(`post:${user.id}`) ?? []).filter((t) => t > now - WINDOW_MS);
    window.push(now);
    this.#calls.set(`post:${user.id}`, window);
    const rate = {
      'x-rate-limit-limit': String(this.postLimit),
      'x-rate-limit-remaining': String(Math.max(0, this.postLimit - window.length)),
      'x-rate-limit-reset': String(Math.ceil((window[0]! + WINDOW_MS) / 1000)),
    };
    if (window.length > this.postLimit)
      return {
        ...xProblem(429, 'rate-limit-exceeded', 'Too Many Requests', 'Too Many Requests'),
        headers: rate,
      };
    const body = r.json<{
      text?: string;
      media?: { media_ids?: string[] };
      reply?: { in_reply_to_tweet_id?: string };
    }>();
    const text = body.text ?? '';
    const mediaIds = body.media?.media_ids ?? [];
    const invalid = (detail: string) => ({
      ...xProblem(400, 'invalid-request', 'Invalid Request', detail),
      headers: rate,
    });
    if (!text && mediaIds.length === 0) return invalid('One or more parameters to your request was invalid.');
    if (weightedLength(text) > 280)
      return {
        ...xProblem(403, 'client-forbidden', 'Forbidden', 'Your Tweet text is too long.'),
        headers: rate,
      };
    if (mediaIds.length > 4) return invalid('media.media_ids: size must be between 1 and 4');
    for (const id of mediaIds) {
      const m = this.media.get(id);
      if (!m || m.ownerId !== user.id) return invalid(`Your media IDs are invalid.`);
      if (m.state !== 'succeeded')
        return invalid('Your media IDs are invalid: the media is not processed yet.');
    }
    const kinds = mediaIds.map((id) => this.media.get(id)!.kind);
    if (kinds.length > 1 && kinds.some((k) => k !== 'image'))
      return invalid('A post takes up to 4 images, or one GIF, or one video.');
    const parent = body.reply?.in_reply_to_tweet_id ?? null;
    if (parent !== null && !this.tweets.some((t) => t.id === parent))
      return invalid('The post you are replying to does not exist or is not visible to you.');
    if (text && this.tweets.some((t) => t.authorId === user.id && t.text === text))
      return {
        status: 403,
        json: {
          detail: 'You are not allowed to create a Tweet with duplicate content.',
          type: 'about:blank',
          title: 'Forbidden',
          status: 403,
        },
        headers: rate,
      };
    const tweet = this.#store(user.id, text, mediaIds, parent);
    return {
      status: 201,
      json: { data: { id: tweet.id, text: tweet.text, edit_history_tweet_ids: [tweet.id] } },
      headers: rate,
    };
  }

  #store(authorId: string, text: string, mediaIds: string[], inReplyToId: string | null): FakeTweet {
    const tweet: FakeTweet = {
      id: nextSnowflake(),
      authorId,
      text,
      mediaIds,
      inReplyToId,
      createdAt: new Date().toISOString(),
      likes: 0,
      impressions: 0,
    };
    this.tweets.push(tweet);
    return tweet;
  }

  #authed(
    r: FakeRequest,
    scope: string,
    handler: (u: FakeXUser) => FakeResponse | Promise<FakeResponse>,
  ): FakeResponse | Promise<FakeResponse> {
    const token = bearer(r);
    if (!this.oauth.valid(token)) return unauthorized;
    if (!this.oauth.access.get(token!)!.scope.split(/[ +]/).includes(scope))
      return xProblem(403, 'client-forbidden', 'Forbidden', `The token lacks the ${scope} scope.`);
    return handler(this.me);
  }
}
