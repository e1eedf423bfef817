import { createHmac } from 'node:crypto';
import { FakeX, xWeightedLength } from '@araldo/testkit';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Credentials, MediaFile, NetworkClient, PublishRequest } from '../contract';
import { HttpClient } from '../http/http-client';
import type { NetworkError } from '../http/network-error';
import { authorizationRequest, exchangeCode, rebaseOAuth } from '../oauth/oauth-flow';
import { xDescriptor } from './descriptor';
import { xLength } from './text';
import { xCrcResponse } from './webhook';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const file = (over: Partial<MediaFile> = {}): MediaFile => ({
  id: 'm1',
  filename: 'dot.png',
  mimeType: 'image/png',
  sizeBytes: PNG.length,
  altText: 'A single dot',
  read: async () => PNG,
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
function request(text: string, over: Partial<PublishRequest> = {}) {
  const journal: Record<string, unknown> = {};
  const req: PublishRequest = {
    deliveryId: `d-${text}`,
    text,
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
  return req;
}

const app = { clientId: 'x-app', clientSecret: 'x-secret' };

describe('the X adapter against a strict fake', () => {
  const fake = new FakeX(app);
  const http = new HttpClient({ allowPrivate: true, timeoutMs: 1_000 });
  const saved: Credentials[] = [];
  let client: NetworkClient;
  const clientFor = (credentials: Credentials) =>
    xDescriptor.createClient({
      baseUrl: fake.url,
      http,
      credentials,
      app,
      stateDir: '',
      onCredentials: async (c) => {
        saved.push(c);
      },
    });

  beforeAll(async () => {
    await fake.start();
    fake.checkAfterSecs = 0;
    const tokens = fake.issueTokens();
    client = clientFor({ ...tokens, userId: fake.me.id, username: fake.me.username });
  });
  afterEach(() => fake.server.clearFaults());
  afterAll(async () => {
    await http.close();
    await fake.stop();
  });

  it('connects through OAuth 2 with PKCE and says whose account it is', async () => {
    const desc = rebaseOAuth(
      xDescriptor.connect.kind === 'oauth2' ? xDescriptor.connect.oauth : (null as never),
      fake.url,
      xDescriptor.defaultBaseUrl,
    );
    const redirectUri = 'http://araldo.example/oauth/callback';
    const start = await authorizationRequest(desc, app, { redirectUri });
    const consent = await http.request({ method: 'GET', url: start.url });
    expect(consent.status).toBe(302);
    const tokens = await exchangeCode(desc, app, {
      redirectUri,
      callbackUrl: String(consent.headers.location),
      state: start.state,
      codeVerifier: start.codeVerifier,
    });
    const credentials = await xDescriptor.credentialsFromTokens!(tokens, { http, baseUrl: fake.url, app });
    expect(credentials).toMatchObject({ userId: fake.me.id, username: 'araldo' });
    expect(await clientFor(credentials).verify()).toEqual({
      accountId: fake.me.id,
      handle: '@araldo',
      displayName: 'Araldo',
    });
  });

  it('publishes text with a link at the end, and images with alt text', async () => {
    const published = await client.publish(
      request('Launch day', {
        link: 'https://example.org/launch',
        media: [file(), file({ altText: 'Second' })],
      }),
    );
    const tweet = fake.tweets.find((t) => t.id === published.remoteId)!;
    expect(tweet.text).toBe('Launch day\n\nhttps://example.org/launch');
    expect(tweet.mediaIds).toHaveLength(2);
    expect(fake.media.get(tweet.mediaIds[1]!)?.altText).toBe('Second');
    expect(published.url).toBe(`https://x.com/araldo/status/${tweet.id}`);
  });

  it('uploads a video in chunks and waits for X to process it', async () => {
    fake.videoStatusChecks = 2;
    const video = file({
      filename: 'clip.mp4',
      mimeType: 'video/mp4',
      altText: undefined,
      read: async () => Buffer.alloc(9 * 1024 * 1024, 1),
    });
    const req = request('A clip', { media: [video] });
    const published = await client.publish(req);
    const tweet = fake.tweets.find((t) => t.id === published.remoteId)!;
    expect(fake.media.get(tweet.mediaIds[0]!)).toMatchObject({ kind: 'video', state: 'succeeded' });
    expect(fake.media.get(tweet.mediaIds[0]!)?.segments.size).toBe(3);
    expect(req.journal.mediaIds).toEqual(tweet.mediaIds);
  });

  it('posts a thread and the first comment as one reply chain, each step journalled', async () => {
    const req = request('Thread start', { options: { thread: ['Second part'] }, firstComment: 'More below' });
    const published = await client.publish(req);
    const ids = req.journal.tweetIds as string[];
    expect(ids[0]).toBe(published.remoteId);
    expect(ids.map((id) => fake.tweets.find((t) => t.id === id)?.inReplyToId)).toEqual([
      null,
      ids[0],
      ids[1],
    ]);
  });

  it('an answer lost after a reply was created: the retry finds it and finishes the chain once', async () => {
    fake.server.inject({ kind: 'drop' }, { method: 'POST', path: /^\/2\/tweets$/, times: 1 });
    const req = request('Lost answers', { options: { thread: ['Lost reply'] } });
    // The first POST (the post itself) is the one whose answer is lost.
    const error = await failure(client.publish(req));
    expect(error).toMatchObject({ failure: 'transient', mayHaveSucceeded: true });
    expect(req.journal.pending).toMatchObject({ index: 0 });
    await client.publish(req);
    const made = fake.tweets.filter((t) => t.text === 'Lost answers' || t.text === 'Lost reply');
    expect(made).toHaveLength(2);
    expect(made[1]?.inReplyToId).toBe(made[0]?.id);
  });

  it('finds a post whose answer timed out by its text, even with a t.co link and escaped <3 & co', async () => {
    const since = new Date();
    fake.server.inject({ kind: 'timeout' }, { method: 'POST', path: /^\/2\/tweets$/ });
    const text = 'Look for me <3 & co';
    await expect(client.publish(request(text, { link: 'https://example.org/a' }))).rejects.toMatchObject({
      mayHaveSucceeded: true,
    });
    const found = await client.findPublished({
      text: `${text}\n\nhttps://example.org/a`,
      since,
      journal: {},
    });
    expect(found?.remoteId).toBe(fake.tweets.at(-1)?.id);
    expect(await client.findPublished({ text: 'Never posted', since, journal: {} })).toBeNull();
  });

  it('refreshes an expired token once, stores the new one and carries on', async () => {
    const tokens = fake.issueTokens();
    fake.oauth.expire(tokens.accessToken);
    saved.length = 0;
    const account = await clientFor({ ...tokens, userId: fake.me.id }).verify();
    expect(account.accountId).toBe(fake.me.id);
    expect(saved[0]).toMatchObject({ userId: fake.me.id });
    expect(saved[0]?.accessToken).not.toBe(tokens.accessToken);
    expect(saved[0]?.refreshToken).not.toBe(tokens.refreshToken);
  });

  it('refreshes ahead of time when the token is about to expire', async () => {
    const tokens = fake.issueTokens();
    saved.length = 0;
    await clientFor({ ...tokens, expiresAt: Date.now() + 60_000 }).verify();
    expect(saved).toHaveLength(1);
  });

  it('says to reconnect when the refresh token no longer works', async () => {
    const tokens = fake.issueTokens();
    fake.oauth.expire(tokens.accessToken);
    const error = await failure(clientFor({ ...tokens, refreshToken: 'spent-refresh-token' }).verify());
    expect(error).toMatchObject({ failure: 'auth_expired' });
    expect(error.message).toMatch(/reconnect/);
    expect(error.message).not.toContain(tokens.accessToken);
  });

  it('classifies 429 with the reset instant, 5xx as transient, and X’s refusals with their reason', async () => {
    const reset = Math.floor(Date.now() / 1000) + 600;
    fake.server.inject({
      kind: 'status',
      response: {
        status: 429,
        json: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
        headers: { 'x-rate-limit-reset': String(reset) },
      },
    });
    const limited = await failure(client.publish(request('Rate limited')));
    expect(limited).toMatchObject({ failure: 'rate_limited', resetAt: reset * 1000 });

    fake.server.inject({ kind: 'status', response: { status: 503, json: { title: 'Service Unavailable' } } });
    await expect(client.publish(request('Down'))).rejects.toMatchObject({ failure: 'transient' });

    await client.publish(request('Said once'));
    const duplicate = await failure(client.publish(request('Said once')));
    expect(duplicate).toMatchObject({ failure: 'permanent', status: 403 });
    expect(duplicate.message).toMatch(/duplicate content/);

    const tooLong = await failure(client.publish(request('é'.repeat(281))));
    expect(tooLong.message).toMatch(/too long/);
  });

  it('the fake’s own 429 after the 15-minute allowance carries x-rate-limit-reset', async () => {
    fake.postLimit = 0;
    try {
      const limited = await failure(client.publish(request('Over the limit')));
      expect(limited.failure).toBe('rate_limited');
      expect(limited.resetAt).toBeGreaterThan(Date.now());
    } finally {
      fake.postLimit = 100;
    }
  });

  it('reads metrics and mentions, and replies to a mention', async () => {
    const published = await client.publish(request('Count me'));
    fake.tweets.find((t) => t.id === published.remoteId)!.likes = 3;
    const [metrics] = await client.fetchMetrics([published.remoteId]);
    expect(metrics).toMatchObject({ remoteId: published.remoteId, likes: 3, comments: 0 });
    const fan = fake.addUser('fan');
    fake.addMention(fan, 'Love it & more', published.remoteId);
    const inbox = await client.fetchInbox(new Date(Date.now() - 60_000));
    expect(inbox).toEqual([
      expect.objectContaining({
        kind: 'comment',
        text: '@araldo Love it & more',
        inReplyTo: published.remoteId,
        author: { id: fan.id, handle: '@fan', name: 'fan' },
      }),
    ]);
    const reply = await client.reply(inbox[0]!, 'Thank you!');
    expect(fake.tweets.find((t) => t.id === reply.remoteId)?.inReplyToId).toBe(inbox[0]?.remoteId);
  });
});

describe('X text, validation and webhooks', () => {
  it('counts like X: URLs 23, CJK and emoji 2', () => {
    expect(xLength('see https://example.org/a/very/long/path?and=more')).toBe(4 + 23);
    expect(xLength('visit araldo.org today')).toBe(6 + 23 + 6);
    expect(xLength('日本')).toBe(4);
    expect(xLength('👩‍👩‍👧 ok')).toBe(5);
  });

  it('agrees with an independent reading of the weighting rules', () => {
    const char = fc.oneof(
      fc.constantFrom('a', 'é', ' ', '—', '…', '日', 'ß', '😀', '👍🏽', 'Ж', '\n'),
      // No dots: "a.ac" is a bare domain, which X also counts as a 23-character link.
      fc.string({ maxLength: 3, unit: 'grapheme-ascii' }).map((t) => t.replace(/\./g, ',')),
    );
    // Ordinary links only: to X "http://a.aa" (no real TLD) is text, and which odd path
    // characters end a link is twitter-text's own business.
    const url = fc
      .tuple(
        fc.stringMatching(/^[a-z0-9]{1,20}$/),
        fc.constantFrom('com', 'org', 'it', 'io'),
        fc.stringMatching(/^(\/[a-z0-9_-]{1,10}){0,3}$/),
      )
      .map(([host, tld, path]) => `https://${host}.${tld}${path}`);
    fc.assert(
      fc.property(fc.array(char, { maxLength: 60 }), fc.option(url), (parts, link) => {
        const text = `${parts.join('')}${link ? ` ${link}` : ''}`;
        expect(xLength(text)).toBe(xWeightedLength(text));
      }),
    );
  });

  it('names every problem at once', () => {
    const image = { id: 'i', mimeType: 'image/png', sizeBytes: 1000 };
    const violations = xDescriptor.validate({
      text: 'y'.repeat(300),
      link: null,
      media: [
        image,
        image,
        image,
        image,
        { ...image, sizeBytes: 6 * 1024 * 1024 },
        { id: 'g', mimeType: 'image/gif', sizeBytes: 16 * 1024 * 1024 },
      ],
      firstComment: 'z'.repeat(281),
      options: { thread: ['ok', 'w'.repeat(281)] },
    });
    expect(violations.map((v) => `${v.path}:${v.code}`).sort()).toEqual(
      [
        'text:text_too_long',
        'media.4:media_too_large',
        'media.5:media_too_large',
        'media:too_many_images',
        'media:mixed_media',
        'options.thread.1:text_too_long',
        'firstComment:text_too_long',
      ].sort(),
    );
    const video = xDescriptor.validate({
      text: '',
      link: null,
      media: [{ id: 'v', mimeType: 'video/mp4', sizeBytes: 10, durationSeconds: 200 }],
      firstComment: null,
      options: {},
    });
    expect(video.map((v) => v.code)).toEqual(['video_too_long']);
  });

  it('checks the Account Activity signature and answers the CRC challenge', () => {
    const rawBody = Buffer.from('{"for_user_id":"1","tweet_create_events":[]}');
    const signature = `sha256=${createHmac('sha256', 'consumer-secret').update(rawBody).digest('base64')}`;
    const check = (headers: Record<string, string>) =>
      xDescriptor.verifyWebhook!({ headers, rawBody, secret: 'consumer-secret' });
    expect(check({ 'x-twitter-webhooks-signature': signature })).toBe(true);
    expect(check({ 'x-twitter-webhooks-signature': signature.replace(/.=$/, 'A=') })).toBe(false);
    expect(check({})).toBe(false);
    expect(xCrcResponse('challenge', 'consumer-secret').response_token).toBe(
      `sha256=${createHmac('sha256', 'consumer-secret').update('challenge').digest('base64')}`,
    );
  });
});
