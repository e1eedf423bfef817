import { createDecipheriv } from 'node:crypto';
import { FakeSnapchat } from '@araldo/testkit';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Credentials, MediaFile, PublishRequest } from '../contract';
import { HttpClient } from '../http/http-client';
import type { NetworkError } from '../http/network-error';
import { authorizationRequest, exchangeCode, rebaseOAuth } from '../oauth/oauth-flow';
import { snapchatPolling } from './client';
import { snapchatDescriptor } from './descriptor';
import { encryptMedia } from './media';
import { SNAPCHAT_BASE_URL, snapchatOAuth } from './oauth';
import { measureSnapchat } from './text';

const MiB = 1024 * 1024;
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const mp4 = (size: number) => {
  const b = Buffer.alloc(size, 9);
  b.write('ftypmp42', 4, 'latin1');
  return b;
};
const file = (bytes: Buffer, mimeType: string, over: Partial<MediaFile> = {}): MediaFile => ({
  id: 'm',
  filename: mimeType.startsWith('video/') ? 'clip.mp4' : 'dot.png',
  mimeType,
  sizeBytes: bytes.length,
  read: async () => bytes,
  publicUrl: 'http://unused/',
  ...over,
});
const image = file(PNG, 'image/png');
const clip = file(mp4(300_000), 'video/mp4', { durationSeconds: 20 });

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
    text: '',
    link: null,
    media: [image],
    firstComment: null,
    options: {},
    journal,
    record: async (entries) => {
      Object.assign(journal, entries);
    },
    ...over,
  };
}

describe('the Snapchat adapter against a strict fake', () => {
  const fake = new FakeSnapchat();
  const http = new HttpClient({ allowPrivate: true, timeoutMs: 1_000 });
  const app = fake.app;
  const saved: Credentials[] = [];
  const clientWith = (credentials: Credentials) =>
    snapchatDescriptor.createClient({
      baseUrl: fake.url,
      http,
      credentials,
      app,
      stateDir: '',
      onCredentials: async (c) => {
        saved.push(c);
      },
    });
  // A fresh token per test: Snap allows 10 requests per second per token.
  const client = () => clientWith(fake.oauth.issue('snapchat-profile-api'));

  beforeAll(async () => {
    snapchatPolling.intervalMs = 5;
    await fake.start();
  });
  afterEach(() => fake.server.clearFaults());
  afterAll(async () => {
    await http.close();
    await fake.stop();
  });

  it('connects through Snap OAuth and stores the profile id', async () => {
    const oauth = rebaseOAuth(snapchatOAuth, fake.url, SNAPCHAT_BASE_URL);
    const redirectUri = 'https://araldo.test/api/v1/oauth/callback';
    const start = await authorizationRequest(oauth, app, { redirectUri });
    const consent = await fetch(start.url, { redirect: 'manual' });
    const tokens = await exchangeCode(oauth, app, {
      redirectUri,
      callbackUrl: consent.headers.get('location')!,
      state: start.state,
      codeVerifier: start.codeVerifier,
    });
    const credentials = await snapchatDescriptor.credentialsFromTokens!(tokens, {
      http,
      baseUrl: fake.url,
      app,
    });
    expect(credentials).toMatchObject({ profileId: fake.profile.id });
    expect(await clientWith(credentials).verify()).toEqual({
      accountId: fake.profile.id,
      handle: 'araldodemo',
      displayName: 'Araldo Demo',
    });
  });

  it('posts an image Story, encrypted so that Snap decrypts exactly the original file', async () => {
    const req = request('d-story');
    const result = await client().publish(req);
    const media = fake.media.get(String(req.journal.mediaId))!;
    expect(media.content?.equals(PNG)).toBe(true);
    expect([...media.parts.values()][0]?.includes(PNG.subarray(1, 8))).toBe(false);
    expect(fake.posts.at(-1)).toMatchObject({ kind: 'story', mediaId: media.id });
    expect(result).toEqual({ remoteId: `story:${media.id}`, url: 'https://www.snapchat.com/add/araldodemo' });
  });

  it('posts a Spotlight with description and locale, and a Saved Story with its title', async () => {
    const spot = await client().publish(
      request('d-spot', {
        media: [clip],
        text: 'Behind the scenes #launch',
        options: { kind: 'spotlight', locale: 'it_IT' },
      }),
    );
    const id = spot.remoteId.replace('spotlight:', '');
    expect(fake.posts.find((p) => p.id === id)).toMatchObject({
      description: 'Behind the scenes #launch',
      locale: 'it_IT',
    });
    expect(spot.url).toBe(`https://www.snapchat.com/spotlight/${id}`);
    const story = await client().publish(
      request('d-saved', { options: { kind: 'saved_story', title: 'Launch week' } }),
    );
    expect(fake.posts.find((p) => `saved_story:${p.id}` === story.remoteId)?.title).toBe('Launch week');
  });

  it('splits a 40 MB video into parts of at most 32 MB', async () => {
    const big = file(mp4(40 * MiB), 'video/mp4');
    const req = request('d-big', { media: [big], options: { kind: 'spotlight' } });
    await client().publish(req);
    const media = fake.media.get(String(req.journal.mediaId))!;
    expect([...media.parts.values()].map((p) => p.length)).toEqual([32 * MiB, 8 * MiB + 16]);
    expect(media.content?.length).toBe(40 * MiB);
  });

  it('a Story whose answer was lost is not posted twice: the same media object reports it', async () => {
    const c = client();
    const before = { posts: fake.posts.length, media: fake.media.size };
    fake.server.inject({ kind: 'drop' }, { method: 'POST', path: /\/stories$/ });
    const req = request('d-lost');
    await expect(c.publish(req)).rejects.toMatchObject({ mayHaveSucceeded: true });
    const result = await c.publish(req);
    expect(fake.posts.length).toBe(before.posts + 1);
    expect(fake.media.size).toBe(before.media + 1);
    expect(result.remoteId).toBe(`story:${req.journal.mediaId}`);
  });

  it('a Spotlight whose answer was lost is found by listing Spotlights', async () => {
    const c = client();
    fake.server.inject({ kind: 'timeout' }, { method: 'POST', path: /\/spotlights$/ });
    const req = request('d-spot-lost', {
      media: [clip],
      text: 'Lost and found',
      options: { kind: 'spotlight' },
    });
    await expect(c.publish(req)).rejects.toMatchObject({ failure: 'transient', mayHaveSucceeded: true });
    const posted = fake.posts.at(-1)!;
    const { remoteId, url, ...journal } = req.journal;
    expect(remoteId).toBeUndefined();
    expect(
      await c.findPublished({ text: 'lost and found', since: new Date(Date.now() - 5000), journal }),
    ).toMatchObject({
      remoteId: `spotlight:${posted.id}`,
    });
    expect((await c.publish(req)).remoteId).toBe(`spotlight:${posted.id}`);
    expect(fake.posts.filter((p) => p.mediaId === posted.mediaId)).toHaveLength(1);
  });

  it('waits while Snap still processes fresh media, and never reuses an expired media object', async () => {
    fake.processingAttempts = 2;
    const req = request('d-processing');
    await client().publish(req);
    fake.processingAttempts = 0;
    expect(fake.posts.at(-1)?.mediaId).toBe(req.journal.mediaId);

    const old = request('d-expired');
    old.journal.mediaId = req.journal.mediaId;
    old.journal.mediaReady = true;
    old.journal.mediaCreatedAt = Date.now() - 25 * 3600_000;
    await client().publish(old);
    expect(old.journal.mediaId).not.toBe(req.journal.mediaId);
  });

  it('classifies failures: refresh on 401, reconnect, 429, 5xx, and Snap refusing a broken file', async () => {
    const t = fake.oauth.issue('snapchat-profile-api');
    fake.oauth.expire(t.accessToken);
    saved.length = 0;
    await clientWith(t).verify();
    expect(saved).toHaveLength(1);
    const dead = fake.oauth.issue();
    fake.oauth.expire(dead.accessToken);
    await expect(clientWith({ ...dead, refreshToken: 'nope' }).verify()).rejects.toMatchObject({
      failure: 'auth_expired',
    });

    fake.server.inject({
      kind: 'status',
      response: { status: 429, json: { request_status: 'ERROR', error_code: 'RATE_LIMITED' } },
    });
    const limited = await failure(client().verify());
    expect(limited.failure).toBe('rate_limited');
    expect(Math.abs((limited.resetAt ?? 0) - (Date.now() + 1000))).toBeLessThan(500);

    fake.server.inject({ kind: 'status', response: { status: 503, json: { request_status: 'ERROR' } } });
    await expect(client().verify()).rejects.toMatchObject({ failure: 'transient' });

    const broken = file(Buffer.alloc(4000, 1), 'video/mp4');
    const refused = await failure(client().publish(request('d-broken', { media: [broken] })));
    expect(refused).toMatchObject({ failure: 'permanent', networkCode: 'INVALID_MEDIA' });
    expect(refused.message).toMatch(/not a valid video/);
  });

  it('reads Spotlight and Story stats; has no inbox', async () => {
    const c = client();
    const spot = await c.publish(request('d-m1', { media: [clip], options: { kind: 'spotlight' } }));
    const story = await c.publish(request('d-m2'));
    const metrics = await client().fetchMetrics([spot.remoteId, story.remoteId]);
    expect(metrics.map((m) => m.remoteId).sort()).toEqual([spot.remoteId, story.remoteId].sort());
    expect(metrics[0]).toMatchObject({ impressions: 0, shares: 0 });
    expect(await c.fetchInbox(null)).toEqual([]);
    await expect(c.reply({} as never, 'hi')).rejects.toMatchObject({ failure: 'permanent' });
  });
});

describe('Snapchat rules', () => {
  it('encrypts with AES-256-CBC and PKCS#7 so any length decrypts back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const plain = Buffer.from(bytes);
        const { key, iv, encrypted } = encryptMedia(plain);
        expect(encrypted.length).toBe((Math.floor(plain.length / 16) + 1) * 16);
        const d = createDecipheriv('aes-256-cbc', key, iv);
        expect(Buffer.concat([d.update(encrypted), d.final()]).equals(plain)).toBe(true);
      }),
    );
  });

  it('measures Spotlight descriptions in characters', () => {
    expect(measureSnapchat('😀'.repeat(160)).fits).toBe(true);
    expect(measureSnapchat('x'.repeat(161)).fits).toBe(false);
  });

  it('validate names every problem at once', () => {
    const v = (over: Record<string, unknown>) =>
      snapchatDescriptor
        .validate({ text: '', link: null, media: [], firstComment: null, options: {}, ...over })
        .map((x) => x.code)
        .sort();
    expect(v({})).toEqual(['media_required']);
    expect(
      v({
        text: 'hello',
        media: [
          { id: 'a', mimeType: 'image/png', sizeBytes: 1 },
          { id: 'b', mimeType: 'image/png', sizeBytes: 1 },
        ],
      }),
    ).toEqual(['text_not_posted', 'too_many_images'].sort());
    expect(
      v({
        text: 'y'.repeat(161),
        media: [{ id: 'a', mimeType: 'image/gif', sizeBytes: 1 }],
        options: { kind: 'spotlight', locale: 'english' },
      }),
    ).toEqual(['invalid_option', 'text_too_long', 'unsupported_media_type', 'video_required'].sort());
    expect(
      v({
        media: [{ id: 'a', mimeType: 'video/mp4', sizeBytes: 1, durationSeconds: 3 }],
        options: { kind: 'saved_story' },
      }),
    ).toEqual(['title_required', 'video_too_short'].sort());
  });
});
