import { FakeThreads, threadsCount } from '@araldo/testkit';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Credentials, MediaFile, NetworkClient, PublishRequest } from '../contract';
import { HttpClient } from '../http/http-client';
import type { NetworkError } from '../http/network-error';
import { authorizationRequest, exchangeCode, rebaseOAuth } from '../oauth/oauth-flow';
import { threadsOAuth } from './connect';
import { threadsDescriptor } from './descriptor';
import { countLinks, threadsLength } from './text';

const png = (n: number): MediaFile => ({
  id: `i${n}`,
  filename: `p${n}.png`,
  mimeType: 'image/png',
  sizeBytes: 1000,
  altText: `Picture ${n}`,
  read: async () => Buffer.alloc(0),
  publicUrl: `https://media.araldo.example/signed/p${n}.png`,
});
const mp4 = (n: number): MediaFile => ({
  ...png(n),
  mimeType: 'video/mp4',
  altText: undefined,
  publicUrl: `https://media.araldo.example/signed/v${n}.mp4`,
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
    text: `Hello Threads (${deliveryId}) 🍞`,
    link: null,
    media: [],
    firstComment: null,
    options: {},
    journal,
    record: async (entries) => {
      Object.assign(journal, entries);
    },
    ...over,
  };
}

describe('the Threads adapter against a strict fake', () => {
  const fake = new FakeThreads();
  const http = new HttpClient({ allowPrivate: true, timeoutMs: 1_000 });
  const app = { clientId: fake.app.appId, clientSecret: fake.app.appSecret };
  const saved: Credentials[] = [];
  let profile: string;
  let client: NetworkClient;
  const clientFor = (c: Credentials) =>
    threadsDescriptor.createClient({
      baseUrl: fake.url,
      http,
      credentials: c,
      app,
      stateDir: '',
      onCredentials: async (next) => {
        saved.push(next);
      },
    });
  const byId = (id: string) => fake.posts.find((p) => p.id === id)!;

  beforeAll(async () => {
    await fake.start();
    profile = fake.addProfile('araldo.bakery');
  });
  afterEach(() => fake.server.clearFaults());
  afterAll(async () => {
    await http.close();
    await fake.stop();
  });

  it('connects: consent, code exchange, 60-day token, verify', async () => {
    const oauth = rebaseOAuth(threadsOAuth, fake.url, threadsDescriptor.defaultBaseUrl);
    const redirectUri = 'https://araldo.example/api/v1/oauth/callback';
    const start = await authorizationRequest(oauth, app, { redirectUri });
    const consent = await fetch(start.url, { redirect: 'manual' });
    const tokens = await exchangeCode(oauth, app, {
      redirectUri,
      callbackUrl: consent.headers.get('location')!,
      state: start.state,
      codeVerifier: start.codeVerifier,
    });
    const credentials = await threadsDescriptor.credentialsFromTokens!(tokens, {
      http,
      baseUrl: fake.url,
      app,
    });
    expect(credentials).toMatchObject({ userId: profile, username: 'araldo.bakery' });
    expect(fake.meta.valid(credentials.accessToken as string)?.long).toBe(true);
    client = clientFor(credentials);
    expect(await client.verify()).toMatchObject({ accountId: profile, handle: '@araldo.bakery' });
  });

  it('publishes text alone, and text with its link as the link attachment', async () => {
    const text = await client.publish(request('d-text'));
    expect(byId(text.remoteId)).toMatchObject({ mediaType: 'TEXT_POST', text: 'Hello Threads (d-text) 🍞' });
    expect(text.url).toContain(text.remoteId);
    const link = await client.publish(request('d-link', { link: 'https://bakery.example/menu' }));
    expect(byId(link.remoteId).linkAttachment).toBe('https://bakery.example/menu');
  });

  it('publishes an image, a video once processed, and a carousel', async () => {
    const image = await client.publish(
      request('d-image', { media: [png(1)], link: 'https://bakery.example' }),
    );
    expect(byId(image.remoteId)).toMatchObject({ mediaType: 'IMAGE_POST', urls: [png(1).publicUrl] });
    expect(byId(image.remoteId).text).toMatch(/\n\nhttps:\/\/bakery\.example$/);
    fake.containers.videoPolls = 2;
    const video = await client.publish(request('d-video', { media: [mp4(2)] }));
    fake.containers.videoPolls = 1;
    expect(byId(video.remoteId).mediaType).toBe('VIDEO_POST');
    const carousel = await client.publish(request('d-carousel', { media: [png(3), mp4(4), png(5)] }));
    expect(byId(carousel.remoteId)).toMatchObject({
      mediaType: 'CAROUSEL_ALBUM',
      urls: [png(3), mp4(4), png(5)].map((m) => m.publicUrl),
    });
  });

  it('publishes a thread as a chain of replies and the first comment as a reply to the post', async () => {
    const published = await client.publish(
      request('d-thread', { options: { thread: ['Part two', 'Part three'] }, firstComment: 'Comment first' }),
    );
    const two = fake.posts.find((p) => p.text === 'Part two')!;
    const three = fake.posts.find((p) => p.text === 'Part three')!;
    expect(two.replyTo).toBe(published.remoteId);
    expect(three.replyTo).toBe(two.id);
    expect(fake.posts.find((p) => p.text === 'Comment first')?.replyTo).toBe(published.remoteId);
  });

  it('answers lost mid-thread: each item is published exactly once across retries', async () => {
    const req = request('d-lost', {
      options: { thread: ['Lost two', 'Lost three'] },
      firstComment: 'Lost comment',
    });
    const before = fake.of(profile).length;
    fake.server.inject({ kind: 'drop' }, { method: 'POST', path: /\/threads_publish$/ });
    expect(await failure(client.publish(req))).toMatchObject({ mayHaveSucceeded: true });
    fake.server.inject({ kind: 'timeout' }, { method: 'POST', path: /\/threads_publish$/ });
    expect(await failure(client.publish(req))).toMatchObject({ mayHaveSucceeded: true });
    fake.server.inject({ kind: 'drop' }, { method: 'POST', path: /\/threads$/ });
    await failure(client.publish(req));
    const published = await client.publish(req);
    const mine = fake.of(profile).slice(before);
    expect(mine.map((p) => p.text).sort()).toEqual(
      ['Hello Threads (d-lost) 🍞', 'Lost two', 'Lost three', 'Lost comment'].sort(),
    );
    expect(mine.find((p) => p.text === 'Lost three')?.replyTo).toBe(
      mine.find((p) => p.text === 'Lost two')?.id,
    );
    expect(published.remoteId).toBe(mine[0]!.id);
    expect(await client.findPublished({ text: '', since: new Date(0), journal: req.journal })).toMatchObject({
      remoteId: published.remoteId,
    });
  });

  it('a rejected token is renewed with th_refresh_token once; one that cannot be renewed means reconnect', async () => {
    const token = fake.longToken(profile);
    fake.meta.rejectNext(token);
    await clientFor({ accessToken: token, userId: profile }).verify();
    expect(fake.meta.valid(saved.at(-1)?.accessToken as string)?.long).toBe(true);
    const expired = fake.longToken(profile);
    fake.meta.expire(expired);
    const error = await failure(clientFor({ accessToken: expired, userId: profile }).verify());
    expect(error).toMatchObject({ failure: 'auth_expired' });
    expect(error.message).not.toContain(expired);
  });

  it('classifies throttling, service errors, the link limit and the daily quota', async () => {
    fake.meta.callLimit = 0;
    const throttled = await failure(client.verify());
    fake.meta.callLimit = 200;
    expect(throttled.failure).toBe('rate_limited');
    expect(throttled.resetAt).toBeGreaterThan(Date.now() + 6 * 60_000);

    fake.server.inject({ kind: 'status', response: { status: 503, body: 'Service Unavailable' } });
    expect(await failure(client.verify())).toMatchObject({ failure: 'transient' });

    const six = Array.from({ length: 6 }, (_, i) => `https://l${i}.example`).join(' ');
    const links = await failure(client.publish(request('d-links', { text: six })));
    expect(links).toMatchObject({ failure: 'permanent', networkCode: '100' });
    expect(links.message).toMatch(/at most 5 links/);

    fake.postQuota = fake.of(profile).filter((p) => !p.replyTo).length;
    const quota = await failure(client.publish(request('d-quota')));
    fake.postQuota = 250;
    expect(quota.failure).toBe('rate_limited');
  });

  it('reads insights, lists replies from others and answers one', async () => {
    const published = await client.publish(request('d-metrics'));
    fake.insights.set(published.remoteId, { views: 50, likes: 4, replies: 1, reposts: 2, quotes: 1 });
    const theirs = fake.addReply(published.remoteId, 'ada', 'Yum');
    const [metrics] = await client.fetchMetrics([published.remoteId]);
    expect(metrics).toMatchObject({ likes: 4, comments: 1, shares: 3, impressions: 50 });
    const inbox = await client.fetchInbox(new Date(Date.now() - 60_000));
    const item = inbox.find((i) => i.remoteId === theirs.id)!;
    expect(item).toMatchObject({ inReplyTo: published.remoteId, author: { handle: '@ada' } });
    expect(inbox.some((i) => i.author.handle === '@araldo.bakery')).toBe(false);
    const reply = await client.reply(item, 'Thanks Ada');
    expect(byId(reply.remoteId)).toMatchObject({ replyTo: theirs.id, text: 'Thanks Ada' });
  });
});

describe('Threads text rules', () => {
  const units = ['a', 'Z', ' ', '\n', 'é', 'e\u0301', '日', '©', '™', '😀', '👍🏽', '👩‍👩‍👧', '🇮🇹', '❤️', '1️⃣'];

  it('counts a character as one and an emoji as its UTF-8 bytes', () => {
    expect(threadsLength('hello')).toBe(5);
    expect(threadsLength('😀')).toBe(4);
    expect(threadsLength('👩‍👩‍👧')).toBe(18);
    expect(threadsLength('🇮🇹 ok')).toBe(11);
    expect(threadsLength('café ©')).toBe(6);
  });

  it('agrees with an independent counter on any mix of text and emoji', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...units), { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        expect(threadsLength(text)).toBe(threadsCount(text));
      }),
    );
  });

  it('an emoji added between plain words costs exactly its bytes', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', ' ', '.') }),
        fc.constantFrom('😀', '👍🏽', '👩‍👩‍👧', '🇮🇹', '❤️'),
        fc.string({ unit: fc.constantFrom('a', 'b', ' ', '.') }),
        (before, emoji, after) => {
          expect(threadsLength(`${before}${emoji}${after}`)).toBe(
            threadsLength(before) + Buffer.byteLength(emoji) + threadsLength(after),
          );
        },
      ),
    );
  });

  it('counts unique links, the attachment once', () => {
    expect(countLinks('a https://x.example b https://x.example, www.y.example', 'https://x.example')).toBe(2);
    expect(countLinks('nothing here', 'https://z.example')).toBe(1);
  });

  it('names every problem at once', () => {
    const codes = threadsDescriptor
      .validate({
        text: `${'😀'.repeat(125)}!`,
        link: null,
        media: [...Array.from({ length: 21 }, (_, i) => png(i)), { ...png(99), mimeType: 'image/gif' }],
        firstComment: Array.from({ length: 6 }, (_, i) => `https://c${i}.example`).join(' '),
        options: { thread: ['fine', 'x'.repeat(501), ' '] },
      })
      .map((v) => `${v.path}:${v.code}`)
      .sort();
    expect(codes).toEqual(
      [
        'text:text_too_long',
        'media:too_many_images',
        'media:too_many_media',
        'media.21:unsupported_media_type',
        'options.thread.1:text_too_long',
        'options.thread.2:empty',
        'firstComment:too_many_links',
      ].sort(),
    );
    expect(threadsDescriptor.measure('😀'.repeat(125))).toMatchObject({ length: 500, fits: true });
  });
});
