import { FakeTikTok } from '@araldo/testkit';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Credentials, MediaFile, PublishRequest } from '../contract';
import { HttpClient } from '../http/http-client';
import type { NetworkError } from '../http/network-error';
import { authorizationRequest, exchangeCode, rebaseOAuth } from '../oauth/oauth-flow';
import { chunkPlan, chunkRange } from './chunks';
import { postIdsFrom, tiktokPolling } from './client';
import { tiktokDescriptor } from './descriptor';
import { TIKTOK_BASE_URL, tiktokOAuth } from './oauth';
import { measureTikTok } from './text';

const MiB = 1024 * 1024;
const mp4 = (size: number) => {
  const b = Buffer.alloc(size, 3);
  b.write('ftypisom', 4, 'latin1');
  return b;
};
const SMALL = mp4(200_000);
const video = (bytes = SMALL, over: Partial<MediaFile> = {}): MediaFile => ({
  id: 'v',
  filename: 'clip.mp4',
  mimeType: 'video/mp4',
  sizeBytes: bytes.length,
  durationSeconds: 12,
  read: async () => bytes,
  publicUrl: 'http://unused/',
  ...over,
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e as NetworkError,
  );

function request(deliveryId: string, over: Partial<PublishRequest> = {}): PublishRequest {
  const journal: Record<string, unknown> = {};
  return {
    deliveryId,
    text: 'Behind the scenes #launch',
    link: null,
    media: [video()],
    firstComment: null,
    options: { privacyLevel: 'PUBLIC_TO_EVERYONE' },
    journal,
    record: async (entries) => {
      Object.assign(journal, entries);
    },
    ...over,
  };
}

describe('the TikTok adapter against a strict fake', () => {
  const fake = new FakeTikTok();
  const http = new HttpClient({ allowPrivate: true, timeoutMs: 1_000 });
  const app = { clientId: fake.app.clientKey, clientSecret: fake.app.clientSecret };
  const saved: Credentials[] = [];
  const clientWith = (credentials: Credentials) =>
    tiktokDescriptor.createClient({
      baseUrl: fake.url,
      http,
      credentials,
      app,
      stateDir: '',
      onCredentials: async (c) => {
        saved.push(c);
      },
    });
  // A fresh token per test, as the documented per-minute limits are per token.
  const client = () => clientWith(fake.issueToken());
  const published = () => fake.posts.filter((p) => p.postId !== null);
  const inits = () => fake.server.requests.filter((r) => r.path.endsWith('/init/')).length;

  beforeAll(async () => {
    tiktokPolling.intervalMs = 5;
    await fake.start();
  });
  afterEach(() => fake.server.clearFaults());
  afterAll(async () => {
    await http.close();
    await fake.stop();
  });

  it('connects with client_key and comma-joined scopes, then reads the open_id', async () => {
    const oauth = rebaseOAuth(tiktokOAuth, fake.url, TIKTOK_BASE_URL);
    const redirectUri = 'https://araldo.test/api/v1/oauth/callback';
    const start = await authorizationRequest(oauth, app, { redirectUri });
    const q = new URL(start.url).searchParams;
    expect(q.get('client_key')).toBe(app.clientId);
    expect(q.get('client_id')).toBeNull();
    expect(q.get('scope')).toBe(tiktokOAuth.scopes.join(','));
    const consent = await fetch(start.url, { redirect: 'manual' });
    const tokens = await exchangeCode(oauth, app, {
      redirectUri,
      callbackUrl: consent.headers.get('location')!,
      state: start.state,
      codeVerifier: start.codeVerifier,
    });
    const credentials = await tiktokDescriptor.credentialsFromTokens!(tokens, {
      http,
      baseUrl: fake.url,
      app,
    });
    expect(credentials).toMatchObject({ openId: fake.creator.openId });
    expect(await clientWith(credentials).verify()).toEqual({
      accountId: fake.creator.openId,
      handle: '@araldo.demo',
      displayName: 'Araldo Demo',
    });
  });

  it('posts a small video as one chunk and returns its exact 19-digit id', async () => {
    const req = request('d-1', { link: 'https://example.org/bts' });
    const result = await client().publish(req);
    const post = fake.posts.find((p) => p.publishId === req.journal.publishId)!;
    expect(post).toMatchObject({
      status: 'PUBLISH_COMPLETE',
      chunkCount: 1,
      title: 'Behind the scenes #launch\n\nhttps://example.org/bts',
    });
    expect(result.remoteId).toBe(post.postId);
    expect(result.url).toBe(`https://www.tiktok.com/@araldo.demo/video/${post.postId}`);
  });

  it('sends a 70 MB video in documented chunks, in order', async () => {
    const big = mp4(70 * MiB);
    const mark = fake.server.requests.length;
    await client().publish(request('d-big', { media: [video(big)] }));
    const ranges = fake.server.requests
      .slice(mark)
      .filter((r) => r.method === 'PUT')
      .map((r) => r.headers['content-range']);
    expect(ranges).toEqual([
      `bytes 0-${32 * MiB - 1}/${big.length}`,
      `bytes ${32 * MiB}-${big.length - 1}/${big.length}`,
    ]);
  });

  it('a privacy level the creator does not offer is refused in plain words before anything is sent', async () => {
    const before = inits();
    const error = await failure(
      client().publish(request('d-priv', { options: { privacyLevel: 'FOLLOWER_OF_CREATOR' } })),
    );
    expect(error).toMatchObject({ failure: 'permanent', networkCode: 'privacy_level_option_mismatch' });
    expect(error.message).toContain('PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, SELF_ONLY');
    expect(inits()).toBe(before);
  });

  it('a lost answer after the upload: the retry polls the journalled publish_id and never inits again', async () => {
    const c = client();
    const before = published().length;
    fake.server.inject({ kind: 'drop' }, { method: 'PUT', path: /^\/upload\/$/ });
    const req = request('d-lost');
    await expect(c.publish(req)).rejects.toMatchObject({ mayHaveSucceeded: true });
    const initsAfterFirst = inits();
    fake.server.inject({ kind: 'timeout' }, { path: /status\/fetch\/$/ });
    await expect(c.publish(req)).rejects.toMatchObject({ failure: 'transient' });
    const result = await c.publish(req);
    expect(inits()).toBe(initsAfterFirst);
    expect(published().length).toBe(before + 1);
    expect(result.remoteId).toBe(published().at(-1)?.postId);
    expect(await c.findPublished({ text: req.text, since: new Date(0), journal: req.journal })).toEqual(
      result,
    );
  });

  it('a cut multi-chunk upload continues from the chunk TikTok is waiting for', async () => {
    const big = mp4(70 * MiB);
    const c = client();
    fake.cutChunk = 2;
    const req = request('d-cut', { media: [video(big)] });
    await expect(c.publish(req)).rejects.toMatchObject({ failure: 'transient' });
    const mark = fake.server.requests.length;
    await c.publish(req);
    const puts = fake.server.requests.slice(mark).filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.headers['content-range'])).toEqual([
      `bytes ${32 * MiB}-${big.length - 1}/${big.length}`,
    ]);
    expect(fake.posts.filter((p) => p.publishId === req.journal.publishId)).toHaveLength(1);
  });

  it('a post TikTok fails says why, and frees the delivery for a new attempt', async () => {
    fake.failNext = 'duration_check_failed';
    const req = request('d-fail');
    const error = await failure(client().publish(req));
    expect(error).toMatchObject({ failure: 'permanent', networkCode: 'duration_check_failed' });
    expect(error.message).toMatch(/too long or too short/);
    expect(req.journal.publishId).toBeNull();
    const bad = await failure(
      client().publish(request('d-notvideo', { media: [video(Buffer.alloc(5000, 1))] })),
    );
    expect(bad.networkCode).toBe('file_format_check_failed');
  });

  it('posts photos pulled from a verified URL, and says so when the domain is not verified', async () => {
    const photo = (n: number): MediaFile => ({
      id: `p${n}`,
      filename: `p${n}.jpg`,
      mimeType: 'image/jpeg',
      sizeBytes: 1000,
      read: async () => Buffer.alloc(0),
      publicUrl: `https://media.araldo.test/p${n}.jpg`,
    });
    const req = request('d-photo', {
      media: [photo(1), photo(2)],
      options: { privacyLevel: 'SELF_ONLY', title: 'Two' },
    });
    const refused = await failure(client().publish(req));
    expect(refused).toMatchObject({ failure: 'permanent', networkCode: 'url_ownership_unverified' });
    fake.verifiedUrlPrefixes = ['https://media.araldo.test/'];
    const result = await client().publish(req);
    const post = fake.posts.find((p) => p.publishId === req.journal.publishId)!;
    expect(post).toMatchObject({
      kind: 'photo',
      title: 'Two',
      description: req.text,
      images: [photo(1).publicUrl, photo(2).publicUrl],
    });
    // A private post has no public id: it is known by its publish_id.
    expect(result).toEqual({ remoteId: post.publishId, url: 'https://www.tiktok.com/@araldo.demo' });
  });

  it('refreshes a rejected token with client_key and stores the rotated refresh token', async () => {
    const t = fake.issueToken();
    fake.oauth.expire(t.accessToken);
    saved.length = 0;
    await clientWith(t).verify();
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ refreshToken: expect.any(String) });
    expect((saved[0] as { refreshToken: string }).refreshToken).not.toBe(t.refreshToken);
    const dead = fake.issueToken();
    fake.oauth.expire(dead.accessToken);
    await expect(clientWith({ ...dead, refreshToken: 'gone' }).verify()).rejects.toMatchObject({
      failure: 'auth_expired',
    });
  });

  it('classifies rate limits, outages, missing scopes', async () => {
    fake.server.inject({
      kind: 'status',
      response: {
        status: 429,
        json: { data: {}, error: { code: 'rate_limit_exceeded', message: 'slow down', log_id: 'x' } },
      },
    });
    const limited = await failure(client().publish(request('d-429')));
    expect(limited.failure).toBe('rate_limited');
    expect(Math.abs((limited.resetAt ?? 0) - (Date.now() + 60_000))).toBeLessThan(2000);

    fake.server.inject({
      kind: 'status',
      response: {
        status: 500,
        json: { data: {}, error: { code: 'internal_error', message: 'oops', log_id: 'x' } },
      },
    });
    await expect(client().verify()).rejects.toMatchObject({ failure: 'transient' });

    const readOnly = clientWith(fake.issueToken('user.info.basic'));
    const scope = await failure(readOnly.publish(request('d-scope')));
    expect(scope).toMatchObject({ failure: 'auth_expired', networkCode: 'scope_not_authorized' });
    expect(scope.message).toMatch(/reconnect/);
  });

  it('the documented per-minute limit on init answers rate_limited', async () => {
    const c = client();
    fake.limits.init = 1;
    try {
      await c.publish(request('d-lim-1'));
      await expect(c.publish(request('d-lim-2'))).rejects.toMatchObject({ failure: 'rate_limited' });
    } finally {
      fake.limits.init = 6;
    }
  });

  it('finds a post by its caption, reads metrics, and has no inbox', async () => {
    const c = client();
    const since = new Date(Date.now() - 1000);
    const result = await c.publish(request('d-find', { text: 'Find  me on TikTok' }));
    expect(await c.findPublished({ text: 'find me on tiktok', since, journal: {} })).toMatchObject({
      remoteId: result.remoteId,
    });
    expect(await c.findPublished({ text: 'never posted', since, journal: {} })).toBeNull();
    expect(await c.fetchMetrics([result.remoteId])).toEqual([
      expect.objectContaining({ remoteId: result.remoteId, likes: 0, shares: 0 }),
    ]);
    expect(await c.fetchInbox(null)).toEqual([]);
    await expect(c.reply({} as never, 'hi')).rejects.toMatchObject({ failure: 'permanent' });
  });
});

describe('TikTok rules', () => {
  it('plans chunks by the Media Transfer Guide for any size up to 4 GB', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 * 1024 * MiB }), (size) => {
        const plan = chunkPlan(size);
        if (size < 5 * MiB) expect(plan).toEqual({ chunkSize: size, count: 1 });
        else {
          expect(plan.chunkSize).toBeGreaterThanOrEqual(Math.min(size, 5 * MiB));
          expect(plan.chunkSize).toBeLessThanOrEqual(64 * MiB);
          expect(plan.count).toBe(Math.floor(size / plan.chunkSize));
        }
        expect(plan.count).toBeGreaterThanOrEqual(1);
        expect(plan.count).toBeLessThanOrEqual(1000);
        const last = chunkRange(plan, size, plan.count - 1);
        expect(last.last).toBe(size - 1);
        expect(last.last - last.first + 1).toBeLessThanOrEqual(128 * MiB);
      }),
    );
  });

  it('counts UTF-16 code units, so an emoji outside the BMP costs 2', () => {
    expect(measureTikTok('😀').length).toBe(2);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (s) => {
        expect(measureTikTok(s).length).toBe(
          [...s].reduce((n, ch) => n + (ch.codePointAt(0)! > 0xffff ? 2 : 1), 0),
        );
      }),
    );
  });

  it('keeps 19-digit post ids exact', () => {
    expect(postIdsFrom('{"data":{"publicaly_available_post_id":[7234567890123456789]}}')).toEqual([
      '7234567890123456789',
    ]);
    expect(postIdsFrom('{"data":{"publicaly_available_post_id":[]}}')).toEqual([]);
  });

  it('validate names every problem at once', () => {
    const codes = tiktokDescriptor
      .validate({
        text: 'x'.repeat(2201),
        link: null,
        media: [
          { id: 'v', mimeType: 'video/mp4', sizeBytes: 10, durationSeconds: 700 },
          { id: 'i', mimeType: 'image/png', sizeBytes: 10 },
        ],
        firstComment: null,
        options: {},
      })
      .map((v) => v.code)
      .sort();
    expect(codes).toEqual(
      ['mixed_media', 'option_required', 'text_too_long', 'unsupported_media_type', 'video_too_long'].sort(),
    );
    const photos = tiktokDescriptor.validate({
      text: 'x'.repeat(3000),
      link: null,
      media: [{ id: 'i', mimeType: 'image/jpeg', sizeBytes: 10 }],
      firstComment: null,
      options: { privacyLevel: 'SELF_ONLY', title: 't'.repeat(91) },
    });
    expect(photos.map((v) => v.code)).toEqual(['title_too_long']);
    expect(
      tiktokDescriptor.validate({
        text: 'hi',
        link: null,
        media: [],
        firstComment: null,
        options: { privacyLevel: 'SELF_ONLY' },
      }),
    ).toEqual([expect.objectContaining({ code: 'media_required' })]);
  });
});
