import { randomBytes } from 'node:crypto';
import { bearer, type FakeRequest, type FakeResponse, FakeServer } from './fake-server';

/**
 * A Mastodon instance as docs.joinmastodon.org describes it, strict about what the adapter
 * sends: bearer auth, status length counted the Mastodon way, ≤4 media attachments owned by
 * the caller, processed media only, Idempotency-Key honoured for an hour, rate-limit headers.
 */
export interface FakeStatus {
  id: string;
  accountId: string;
  text: string;
  mediaIds: string[];
  inReplyToId: string | null;
  visibility: string;
  createdAt: string;
  /** Set by a test to stand for an audience's reactions. */
  favourites?: number;
  reblogs?: number;
}

interface Account {
  id: string;
  username: string;
}

const MAX_CHARACTERS = 500;
const MAX_MEDIA = 4;
const IMAGE_LIMIT = 16 * 1024 * 1024;
const VIDEO_LIMIT = 99 * 1024 * 1024;

// An independent reading of the counting rules, so the adapter's own code is not its oracle.
function countLikeMastodon(text: string): number {
  const replaced = text
    .replace(/https?:\/\/\S+/g, 'u'.repeat(23))
    .replace(/@(\w+)@[\w.-]+\w/g, (_: string, user: string) => `@${user}`);
  return [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(replaced)].length;
}

const err = (status: number, error: string): FakeResponse => ({ status, json: { error } });

export class FakeMastodon {
  readonly server = new FakeServer(() => err(404, 'Record not found'));
  readonly statuses: FakeStatus[] = [];
  readonly media = new Map<
    string,
    { accountId: string; ready: boolean; type: string; description: string | null }
  >();
  readonly #tokens = new Map<string, { account: Account; expiresAt: number }>();
  readonly #idempotency = new Map<string, { statusId: string; at: number }>();
  readonly #calls = new Map<string, number[]>();
  /** Requests per 5 minutes per token before 429, as the docs' default (300). */
  rateLimit = 300;
  /** Off, the fake behaves like a network without idempotency: retries must reconcile. */
  honourIdempotencyKeys = true;
  /** Statuses whose text this predicate matches are refused with 422 (a permanent failure). */
  refuse: (text: string) => boolean = () => false;
  /** How many polls a video stays in processing (206) before it is ready. */
  videoProcessingPolls = 1;
  #next = 1;

  get url() {
    return this.server.url;
  }

  issueToken(username = 'araldo', ttlMs = 3_600_000): { token: string; accountId: string } {
    const token = randomBytes(16).toString('hex');
    const account = { id: String(this.#next++), username };
    this.#tokens.set(token, { account, expiresAt: Date.now() + ttlMs });
    return { token, accountId: account.id };
  }

  /** A fresh token for the same account as an earlier one (the user made a new one). */
  reissue(oldToken: string): string {
    const entry = this.#tokens.get(oldToken);
    if (!entry) throw new Error('unknown token');
    const token = randomBytes(16).toString('hex');
    this.#tokens.set(token, { account: entry.account, expiresAt: Date.now() + 3_600_000 });
    return token;
  }

  expireToken(token: string) {
    const t = this.#tokens.get(token);
    if (t) t.expiresAt = 0;
  }

  async start() {
    const s = this.server;
    s.route('GET', '/api/v1/accounts/verify_credentials', (r) =>
      this.#authed(r, (a) => ({
        status: 200,
        json: { id: a.id, username: a.username, acct: a.username, display_name: a.username },
      })),
    );
    s.route('GET', '/api/v2/instance', () => ({
      status: 200,
      json: {
        configuration: {
          statuses: {
            max_characters: MAX_CHARACTERS,
            max_media_attachments: MAX_MEDIA,
            characters_reserved_per_url: 23,
          },
          media_attachments: { image_size_limit: IMAGE_LIMIT, video_size_limit: VIDEO_LIMIT },
        },
      },
    }));
    s.route('POST', '/api/v2/media', (r) => this.#authed(r, (a) => this.#upload(r, a)));
    s.route('GET', '/api/v1/media/:id', (r) =>
      this.#authed(r, (a) => {
        const m = this.media.get(r.params.id ?? '');
        if (!m || m.accountId !== a.id) return err(404, 'Record not found');
        if (!m.ready) {
          if (--this.#polls[r.params.id!]! <= 0) m.ready = true;
          return { status: 206, json: { id: r.params.id, url: null } };
        }
        return { status: 200, json: { id: r.params.id, url: `${this.url}/media/${r.params.id}` } };
      }),
    );
    s.route('POST', '/api/v1/statuses', (r) => this.#authed(r, (a) => this.#post(r, a)));
    s.route('GET', '/api/v1/statuses/:id', (r) =>
      this.#authed(r, () => {
        const st = this.statuses.find((x) => x.id === r.params.id);
        return st ? { status: 200, json: this.#render(st) } : err(404, 'Record not found');
      }),
    );
    s.route('GET', '/api/v1/accounts/:id/statuses', (r) =>
      this.#authed(r, () => {
        const limit = Math.min(Number(r.query.get('limit') ?? 20), 40);
        const maxId = r.query.get('max_id');
        // Newest first, paged backwards with max_id (ids here grow with time, as Mastodon's do).
        const own = this.statuses
          .filter((x) => x.accountId === r.params.id && (!maxId || Number(x.id) < Number(maxId)))
          .reverse();
        return { status: 200, json: own.slice(0, limit).map((x) => this.#render(x)) };
      }),
    );
    s.route('GET', '/api/v1/notifications', (r) =>
      this.#authed(r, (a) => ({
        status: 200,
        json: this.mentions
          .filter((m) => m.toAccountId === a.id)
          .map((m) => ({
            id: m.status.id,
            type: 'mention',
            created_at: m.status.createdAt,
            account: m.from,
            status: this.#render(m.status),
          })),
      })),
    );
    await s.start();
    return this;
  }

  /** Someone else replies to or mentions the account (for inbox tests). */
  readonly mentions: {
    toAccountId: string;
    from: { id: string; acct: string; display_name: string };
    status: FakeStatus;
  }[] = [];
  addMention(toAccountId: string, fromAcct: string, text: string, inReplyToId: string | null = null) {
    const status: FakeStatus = {
      id: String(this.#next++),
      accountId: 'remote',
      text,
      mediaIds: [],
      inReplyToId,
      visibility: 'public',
      createdAt: new Date().toISOString(),
    };
    this.mentions.push({
      toAccountId,
      from: { id: 'remote', acct: fromAcct, display_name: fromAcct },
      status,
    });
  }

  stop() {
    return this.server.stop();
  }

  readonly #polls: Record<string, number> = {};

  #authed(
    r: FakeRequest,
    handler: (a: Account) => FakeResponse | Promise<FakeResponse>,
  ): Promise<FakeResponse> | FakeResponse {
    const token = bearer(r);
    const entry = token ? this.#tokens.get(token) : undefined;
    if (!entry || entry.expiresAt <= Date.now()) return err(401, 'The access token is invalid');
    const now = Date.now();
    const window = (this.#calls.get(token!) ?? []).filter((t) => t > now - 300_000);
    window.push(now);
    this.#calls.set(token!, window);
    const reset = new Date(Math.ceil((now + 300_000) / 1000) * 1000).toISOString();
    const headers = {
      'x-ratelimit-limit': String(this.rateLimit),
      'x-ratelimit-remaining': String(Math.max(0, this.rateLimit - window.length)),
      'x-ratelimit-reset': reset,
    };
    if (window.length > this.rateLimit) return { ...err(429, 'Too many requests'), headers };
    const withHeaders = (res: FakeResponse) => ({ ...res, headers: { ...headers, ...res.headers } });
    const result = handler(entry.account);
    return result instanceof Promise ? result.then(withHeaders) : withHeaders(result);
  }

  async #upload(r: FakeRequest, a: Account): Promise<FakeResponse> {
    if (!String(r.headers['content-type']).startsWith('multipart/form-data'))
      return err(422, 'Validation failed: File is missing');
    const form = await r.multipart();
    const file = form.get('file');
    if (!(file instanceof Blob)) return err(422, 'Validation failed: File is missing');
    const isVideo = file.type.startsWith('video/');
    const isImage = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'].includes(file.type);
    if (!isVideo && !isImage) return err(422, `Validation failed: File content type ${file.type} is invalid`);
    if (file.size > (isVideo ? VIDEO_LIMIT : IMAGE_LIMIT))
      return err(422, 'Validation failed: File file size is too big');
    const id = String(this.#next++);
    const description = form.get('description');
    this.media.set(id, {
      accountId: a.id,
      ready: !isVideo,
      type: file.type,
      description: typeof description === 'string' ? description : null,
    });
    if (isVideo) {
      this.#polls[id] = this.videoProcessingPolls;
      return { status: 202, json: { id, type: 'video', url: null } };
    }
    return { status: 200, json: { id, type: 'image', url: `${this.url}/media/${id}` } };
  }

  #post(r: FakeRequest, a: Account): FakeResponse {
    const key = r.headers['idempotency-key'];
    const token = bearer(r)!;
    if (typeof key === 'string' && this.honourIdempotencyKeys) {
      const seen = this.#idempotency.get(`${token}:${key}`);
      if (seen && seen.at > Date.now() - 3_600_000) {
        return { status: 200, json: this.#render(this.statuses.find((s) => s.id === seen.statusId)!) };
      }
    }
    const body = String(r.headers['content-type']).startsWith('application/json')
      ? r.json<{ status?: string; media_ids?: string[]; in_reply_to_id?: string; visibility?: string }>()
      : Object.fromEntries(r.form());
    const text = typeof body.status === 'string' ? body.status : '';
    const mediaIds = Array.isArray(body.media_ids) ? body.media_ids : [];
    if (!text && mediaIds.length === 0) return err(422, "Validation failed: Text can't be blank");
    if (this.refuse(text)) return err(422, 'Validation failed: Text was refused by the moderators');
    if (countLikeMastodon(text) > MAX_CHARACTERS)
      return err(422, 'Validation failed: Text character limit of 500 exceeded');
    if (mediaIds.length > MAX_MEDIA) return err(422, 'Validation failed: Media attachments too many');
    for (const id of mediaIds) {
      const m = this.media.get(id);
      if (!m || m.accountId !== a.id) return err(422, 'Validation failed: Media attachments is invalid');
      if (!m.ready)
        return err(422, 'Cannot attach files that have not finished processing. Try again in a moment!');
    }
    const visibility = body.visibility ?? 'public';
    if (!['public', 'unlisted', 'private', 'direct'].includes(visibility))
      return err(422, 'Validation failed: Visibility is invalid');
    if (
      body.in_reply_to_id &&
      !this.statuses.some((s) => s.id === body.in_reply_to_id) &&
      !this.mentions.some((m) => m.status.id === body.in_reply_to_id)
    ) {
      return err(404, 'Record not found');
    }
    const status: FakeStatus = {
      id: String(this.#next++),
      accountId: a.id,
      text,
      mediaIds,
      inReplyToId: body.in_reply_to_id ?? null,
      visibility,
      createdAt: new Date().toISOString(),
    };
    this.statuses.push(status);
    if (typeof key === 'string')
      this.#idempotency.set(`${token}:${key}`, { statusId: status.id, at: Date.now() });
    return { status: 200, json: this.#render(status) };
  }

  #render(s: FakeStatus) {
    const html = `<p>${s.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '<br />')}</p>`;
    return {
      id: s.id,
      uri: `${this.url}/users/x/statuses/${s.id}`,
      url: `${this.url}/@x/${s.id}`,
      content: html,
      created_at: s.createdAt,
      in_reply_to_id: s.inReplyToId,
      visibility: s.visibility,
      replies_count: this.statuses.filter((x) => x.inReplyToId === s.id).length,
      reblogs_count: s.reblogs ?? 0,
      favourites_count: s.favourites ?? 0,
      media_attachments: s.mediaIds.map((id) => ({ id })),
      account: { id: s.accountId, acct: 'x', display_name: 'x' },
    };
  }
}
