import { createHash, randomBytes } from 'node:crypto';
import { bearer, type FakeRequest, type FakeResponse, FakeServer } from '../fakes/fake-server';

/**
 * A PDS with an AppView behind it, as docs.bsky.app and the atproto specs describe it, for
 * what the reference PDS cannot do on demand: rate limits (RateLimit-* headers, 429
 * RateLimitExceeded), outages and lost answers (FakeServer faults), AppView reads
 * (getProfile, getPosts, listNotifications) and a refresh token that stops working.
 * Strict where the adapter could go wrong: token kinds and expiry, TID record keys,
 * putRecord's swapRecord semantics, blob references (type and size as the PDS stored them,
 * the embed lexicons' accept and maxSize), 300 graphemes, 25 URIs per getPosts.
 */
export interface FakeAccount {
  did: string;
  handle: string;
  appPassword: string;
  displayName: string;
}

export interface FakeRecord {
  uri: string;
  cid: string;
  value: Record<string, unknown>;
}

export interface FakeNotification {
  uri: string;
  reason: 'reply' | 'mention' | 'like' | 'repost' | 'follow' | 'quote';
  author: { did: string; handle: string; displayName?: string };
  record: Record<string, unknown>;
  indexedAt: string;
}

const err = (status: number, error: string, message: string): FakeResponse => ({
  status,
  json: { error, message },
});

const TID = /^[234567a-j][234567a-z]{12}$/;
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
// Keys sorted, as DAG-CBOR does, so the same record always gets the same CID.
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
/** As the PDS does (file-type): an ISO media file's `ftyp` box names it; mp4 brands are video/mp4. */
function sniff(bytes: Buffer): string | undefined {
  if (bytes.length >= 12 && bytes.toString('latin1', 4, 8) === 'ftyp') {
    const brand = bytes.toString('latin1', 8, 12).trim();
    return brand === 'qt' ? 'video/quicktime' : brand.startsWith('M4V') ? 'video/x-m4v' : 'video/mp4';
  }
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return undefined;
}

const cidOf = (bytes: string | Buffer) =>
  `bafyrei${createHash('sha256').update(bytes).digest('hex').slice(0, 52)}`;

export class FakePds {
  readonly server = new FakeServer(() => err(501, 'MethodNotImplemented', 'Method Not Implemented'));
  readonly accounts: FakeAccount[] = [];
  /** Records by at-uri, in creation order. */
  readonly records = new Map<string, FakeRecord>();
  readonly blobs = new Map<string, Buffer>();
  /** The type each blob was stored with: sniffed from its bytes, else the uploader's word. */
  readonly blobTypes = new Map<string, string>();
  readonly notifications: FakeNotification[] = [];
  /** Engagement counts getPosts reports, by at-uri. */
  readonly counts = new Map<
    string,
    { likeCount: number; repostCount: number; replyCount: number; quoteCount: number }
  >();
  /** Requests per window before 429; the reference PDS's is 3,000 per 5 minutes per IP. */
  rateLimit = 3000;
  rateWindowSeconds = 300;
  /** What uploadBlob takes at all; the embed lexicons set their own limits at putRecord. */
  maxBlobBytes = 100_000_000;
  /** app.bsky.embed.images `maxSize` (1,000,000 before April 2026). */
  maxImageBytes = 1_000_000;
  /** app.bsky.embed.video `maxSize`, as the reference PDS's lexicon has it. */
  maxVideoBytes = 100_000_000;
  readonly #access = new Map<string, { did: string; expiresAt: number }>();
  readonly #refresh = new Map<string, string>();
  #windowStart = Date.now();
  #used = 0;

  get url() {
    return this.server.url;
  }

  async start(): Promise<this> {
    const r = (
      method: string,
      nsid: string,
      handler: (q: FakeRequest) => FakeResponse | Promise<FakeResponse>,
    ) => this.server.route(method, `/xrpc/${nsid}`, (q) => this.#limited(() => handler(q)));
    r('POST', 'com.atproto.server.createSession', (q) => this.#createSession(q));
    r('POST', 'com.atproto.server.refreshSession', (q) => this.#refreshSession(q));
    r('GET', 'com.atproto.server.getSession', (q) =>
      this.#authed(q, (a) => ({ status: 200, json: { did: a.did, handle: a.handle } })),
    );
    r('GET', 'com.atproto.identity.resolveHandle', (q) => {
      const account = this.accounts.find((a) => a.handle === q.query.get('handle'));
      return account
        ? { status: 200, json: { did: account.did } }
        : err(400, 'InvalidRequest', 'Unable to resolve handle');
    });
    r('POST', 'com.atproto.repo.uploadBlob', (q) => this.#authed(q, () => this.#uploadBlob(q)));
    r('POST', 'com.atproto.repo.putRecord', (q) => this.#authed(q, (a) => this.#putRecord(q, a)));
    r('GET', 'com.atproto.repo.getRecord', (q) => {
      const uri = `at://${q.query.get('repo')}/${q.query.get('collection')}/${q.query.get('rkey')}`;
      const found = this.records.get(uri);
      return found
        ? { status: 200, json: found }
        : err(400, 'RecordNotFound', `Could not locate record: ${uri}`);
    });
    r('GET', 'com.atproto.repo.listRecords', (q) => this.#listRecords(q));
    r('GET', 'app.bsky.actor.getProfile', (q) =>
      this.#authed(q, () => {
        const a = this.accounts.find(
          (x) => x.did === q.query.get('actor') || x.handle === q.query.get('actor'),
        );
        return a
          ? { status: 200, json: { did: a.did, handle: a.handle, displayName: a.displayName } }
          : err(400, 'InvalidRequest', 'Profile not found');
      }),
    );
    r('GET', 'app.bsky.feed.getPosts', (q) => this.#authed(q, () => this.#getPosts(q)));
    r('GET', 'app.bsky.notification.listNotifications', (q) =>
      this.#authed(q, () => this.#listNotifications(q)),
    );
    await this.server.start();
    return this;
  }

  stop() {
    return this.server.stop();
  }

  createAccount(handle: string, displayName = handle): FakeAccount {
    const account = {
      did: `did:plc:${randomBytes(12).toString('hex')}`,
      handle,
      appPassword: `${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}`,
      displayName,
    };
    this.accounts.push(account);
    return account;
  }

  /** Makes every access token issued so far expire now, as two hours passing would. */
  expireAccessTokens() {
    for (const t of this.#access.values()) t.expiresAt = 0;
  }

  /** Revokes every refresh token (the user deleted the app password, or 90 days passed). */
  revokeRefreshTokens() {
    this.#refresh.clear();
  }

  posts(did: string): FakeRecord[] {
    return [...this.records.values()].filter((r) => r.uri.startsWith(`at://${did}/app.bsky.feed.post/`));
  }

  #limited(handler: () => FakeResponse | Promise<FakeResponse>): FakeResponse | Promise<FakeResponse> {
    const now = Date.now();
    if (now - this.#windowStart >= this.rateWindowSeconds * 1000) {
      this.#windowStart = now;
      this.#used = 0;
    }
    this.#used++;
    const headers = {
      'ratelimit-limit': String(this.rateLimit),
      'ratelimit-remaining': String(Math.max(0, this.rateLimit - this.#used)),
      'ratelimit-reset': String(Math.ceil((this.#windowStart + this.rateWindowSeconds * 1000) / 1000)),
      'ratelimit-policy': `${this.rateLimit};w=${this.rateWindowSeconds}`,
    };
    if (this.#used > this.rateLimit) {
      return { ...err(429, 'RateLimitExceeded', 'Rate Limit Exceeded'), headers };
    }
    return Promise.resolve(handler()).then((response) => ({
      ...response,
      headers: { ...headers, ...response.headers },
    }));
  }

  #issue(account: FakeAccount) {
    const accessJwt = `access.${randomBytes(16).toString('hex')}`;
    const refreshJwt = `refresh.${randomBytes(16).toString('hex')}`;
    this.#access.set(accessJwt, { did: account.did, expiresAt: Date.now() + 2 * 3600_000 });
    this.#refresh.set(refreshJwt, account.did);
    return {
      status: 200,
      json: { did: account.did, handle: account.handle, accessJwt, refreshJwt, active: true },
    };
  }

  #createSession(q: FakeRequest): FakeResponse {
    const { identifier, password } = q.json<{ identifier?: string; password?: string }>();
    const account = this.accounts.find(
      (a) => (a.handle === identifier || a.did === identifier) && a.appPassword === password,
    );
    return account
      ? this.#issue(account)
      : err(401, 'AuthenticationRequired', 'Invalid identifier or password');
  }

  #refreshSession(q: FakeRequest): FakeResponse {
    const token = bearer(q);
    if (!token) return err(401, 'AuthenticationRequired', 'Authentication Required');
    const did = this.#refresh.get(token);
    if (!did) return err(400, this.#access.has(token) ? 'InvalidToken' : 'ExpiredToken', 'Token has expired');
    this.#refresh.delete(token); // rotation: a refresh token works once
    return this.#issue(this.accounts.find((a) => a.did === did)!);
  }

  #authed(q: FakeRequest, handler: (account: FakeAccount) => FakeResponse): FakeResponse {
    const token = bearer(q);
    if (!token) return err(401, 'AuthenticationRequired', 'Authentication Required');
    const session = this.#access.get(token);
    if (!session)
      return err(
        400,
        'InvalidToken',
        this.#refresh.has(token) ? 'Invalid token type' : 'Token could not be verified',
      );
    if (session.expiresAt <= Date.now()) return err(400, 'ExpiredToken', 'Token has expired');
    return handler(this.accounts.find((a) => a.did === session.did)!);
  }

  #uploadBlob(q: FakeRequest): FakeResponse {
    const mimeType = String(q.headers['content-type'] ?? '');
    if (!mimeType || mimeType.startsWith('application/json'))
      return err(400, 'InvalidRequest', 'Missing content type');
    if (q.body.length > this.maxBlobBytes) return err(400, 'BlobTooLarge', 'This file is too large');
    const link = cidOf(q.body).replace('bafyrei', 'bafkrei');
    const stored = sniff(q.body) ?? mimeType;
    this.blobs.set(link, q.body);
    this.blobTypes.set(link, stored);
    return {
      status: 200,
      json: { blob: { $type: 'blob', ref: { $link: link }, mimeType: stored, size: q.body.length } },
    };
  }

  /** The embed's blobs against the stored ones and the lexicon (app.bsky.embed.images / video). */
  #embedProblem(embed: Record<string, unknown> | undefined): FakeResponse | null {
    const invalid = (message: string) =>
      err(400, 'InvalidRequest', `Invalid app.bsky.feed.post record: ${message}`);
    const check = (blob: unknown, path: string, accept: (m: string) => boolean, max: number) => {
      const b = blob as { $type?: string; ref?: { $link?: string }; mimeType?: string; size?: number };
      if (b?.$type !== 'blob' || !b.ref?.$link) return invalid(`${path} should be a blob ref`);
      const bytes = this.blobs.get(b.ref.$link);
      if (!bytes) return err(400, 'BlobNotFound', `Could not find blob: ${b.ref.$link}`);
      if (b.mimeType !== this.blobTypes.get(b.ref.$link))
        return err(400, 'InvalidMimeType', 'Referenced Mimetype does not match stored blob');
      if (b.size !== bytes.length)
        return err(400, 'InvalidSize', 'Referenced Size does not match stored blob');
      if (!accept(b.mimeType ?? '')) return invalid(`${path} has an unaccepted mimetype: ${b.mimeType}`);
      if (bytes.length > max) return invalid(`${path} blob too big (maximum ${max}, got ${bytes.length})`);
      return null;
    };
    if (embed?.$type === 'app.bsky.embed.video') {
      const alt = embed.alt;
      if (typeof alt === 'string' && [...segmenter.segment(alt)].length > 1000)
        return invalid('Record/embed/alt must not be longer than 1000 graphemes');
      return check(embed.video, 'Record/embed/video', (m) => m === 'video/mp4', this.maxVideoBytes);
    }
    if (embed?.$type === 'app.bsky.embed.images') {
      const images = (embed.images as { image?: unknown }[] | undefined) ?? [];
      if (images.length > 4) return invalid('Record/embed/images must not have more than 4 elements');
      for (const [i, image] of images.entries()) {
        const problem = check(
          image.image,
          `Record/embed/images/${i}/image`,
          (m) => m.startsWith('image/'),
          this.maxImageBytes,
        );
        if (problem) return problem;
      }
    }
    return null;
  }

  #putRecord(q: FakeRequest, account: FakeAccount): FakeResponse {
    const body = q.json<{
      repo?: string;
      collection?: string;
      rkey?: string;
      record?: Record<string, unknown>;
      swapRecord?: string | null;
    }>();
    if (body.repo !== account.did && body.repo !== account.handle)
      return err(400, 'InvalidRequest', 'Invalid repo');
    if (body.collection !== 'app.bsky.feed.post') return err(400, 'InvalidRequest', 'Unsupported collection');
    if (!body.rkey || !TID.test(body.rkey))
      return err(
        400,
        'InvalidRequest',
        `Invalid record key for app.bsky.feed.post: Invalid TID string (got "${body.rkey}") at $`,
      );
    const record = body.record;
    if (
      record?.$type !== 'app.bsky.feed.post' ||
      typeof record.text !== 'string' ||
      typeof record.createdAt !== 'string'
    ) {
      return err(
        400,
        'InvalidRequest',
        'Invalid app.bsky.feed.post record: Record must have the properties "text" and "createdAt"',
      );
    }
    const length = [...segmenter.segment(record.text)].length;
    if (length > 300)
      return err(
        400,
        'InvalidRequest',
        `Invalid app.bsky.feed.post record: grapheme too big (maximum 300, got ${length}) at $.record.text`,
      );
    for (const link of canonical(record).matchAll(/"\$link":"([^"]+)"/g)) {
      if (!this.blobs.has(link[1]!)) return err(400, 'BlobNotFound', `Could not find blob: ${link[1]}`);
    }
    const problem = this.#embedProblem(record.embed as Record<string, unknown> | undefined);
    if (problem) return problem;
    const uri = `at://${account.did}/app.bsky.feed.post/${body.rkey}`;
    const cid = cidOf(canonical(record));
    const existing = this.records.get(uri);
    if (body.swapRecord === null && existing && existing.cid !== cid) {
      return err(400, 'InvalidSwap', `Record was at ${existing.cid}`);
    }
    if (!existing || existing.cid !== cid) this.records.set(uri, { uri, cid, value: record });
    return { status: 200, json: { uri, cid, validationStatus: 'valid' } };
  }

  #listRecords(q: FakeRequest): FakeResponse {
    const prefix = `at://${q.query.get('repo')}/${q.query.get('collection')}/`;
    const limit = Math.min(100, Number(q.query.get('limit') ?? 50));
    const cursor = q.query.get('cursor');
    const all = [...this.records.values()]
      .filter((r) => r.uri.startsWith(prefix))
      .sort((a, b) => (a.uri < b.uri ? 1 : -1))
      .filter((r) => !cursor || r.uri.slice(prefix.length) < cursor);
    const page = all.slice(0, limit);
    const last = page.at(-1);
    return {
      status: 200,
      json: {
        records: page,
        ...(last && all.length > limit ? { cursor: last.uri.slice(prefix.length) } : {}),
      },
    };
  }

  #getPosts(q: FakeRequest): FakeResponse {
    const uris = q.query.getAll('uris');
    if (uris.length > 25) return err(400, 'InvalidRequest', 'Array too long: uris (maximum 25)');
    const posts = uris.flatMap((uri) => {
      const record = this.records.get(uri);
      if (!record) return [];
      const counts = this.counts.get(uri) ?? { likeCount: 0, repostCount: 0, replyCount: 0, quoteCount: 0 };
      return [{ uri, cid: record.cid, record: record.value, indexedAt: record.value.createdAt, ...counts }];
    });
    return { status: 200, json: { posts } };
  }

  #listNotifications(q: FakeRequest): FakeResponse {
    const limit = Math.min(100, Number(q.query.get('limit') ?? 50));
    const start = Number(q.query.get('cursor') ?? 0);
    const sorted = [...this.notifications].sort((a, b) => b.indexedAt.localeCompare(a.indexedAt));
    const page = sorted
      .slice(start, start + limit)
      .map((n) => ({ ...n, cid: cidOf(n.uri), isRead: false, labels: [] }));
    return {
      status: 200,
      json: {
        notifications: page,
        ...(start + limit < sorted.length ? { cursor: String(start + limit) } : {}),
      },
    };
  }
}
