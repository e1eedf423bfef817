import { FakeFacebook } from '@araldo/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Credentials, MediaFile, MediaInfo, NetworkClient, PublishRequest } from '../contract';
import { HttpClient } from '../http/http-client';
import type { NetworkError } from '../http/network-error';
import { answerMetaChallenge } from '../meta';
import { authorizationRequest, exchangeCode, rebaseOAuth } from '../oauth/oauth-flow';
import { facebookOAuth } from './connect';
import { facebookDescriptor } from './descriptor';

const image = (n: number): MediaFile => ({
  id: `m${n}`,
  filename: `photo${n}.jpg`,
  mimeType: 'image/jpeg',
  sizeBytes: 1000,
  read: async () => Buffer.alloc(0),
  publicUrl: `https://media.araldo.example/signed/photo${n}.jpg`,
});

const CLIP = Buffer.concat([
  Buffer.from('\0\0\0\x18ftypisom\0\0\x02\0isommp41', 'latin1'),
  Buffer.alloc(3000, 9),
]);
const clip = (over: Partial<MediaFile> = {}): MediaFile => ({
  id: 'v1',
  filename: 'clip.mp4',
  mimeType: 'video/mp4',
  sizeBytes: CLIP.length,
  durationSeconds: 8,
  read: async () => CLIP,
  publicUrl: 'https://media.araldo.example/signed/clip.mp4',
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
    text: `Hello from Araldo (${deliveryId})`,
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

describe('the Facebook Pages adapter against a strict fake', () => {
  const fake = new FakeFacebook();
  const http = new HttpClient({ allowPrivate: true, timeoutMs: 1_000 });
  const app = { clientId: fake.app.appId, clientSecret: fake.app.appSecret };
  const saved: Credentials[] = [];
  let credentials: Credentials;
  let client: NetworkClient;
  const clientFor = (c: Credentials) =>
    facebookDescriptor.createClient({
      baseUrl: fake.url,
      http,
      credentials: c,
      app,
      stateDir: '',
      onCredentials: async (next) => {
        saved.push(next);
      },
    });

  beforeAll(async () => {
    await fake.start();
    fake.addPage('Araldo Bakery');
  });
  afterEach(() => fake.server.clearFaults());
  afterAll(async () => {
    await http.close();
    await fake.stop();
  });

  it('connects: consent, code exchange, long-lived login, Page token, verify', async () => {
    const oauth = rebaseOAuth(facebookOAuth, fake.url, facebookDescriptor.defaultBaseUrl);
    const redirectUri = 'https://araldo.example/api/v1/oauth/callback';
    const start = await authorizationRequest(oauth, app, { redirectUri });
    expect(new URL(start.url).pathname).toBe('/v26.0/dialog/oauth');
    expect(new URL(start.url).searchParams.get('scope')).toContain('pages_manage_posts,');
    const consent = await fetch(start.url, { redirect: 'manual' });
    const callbackUrl = consent.headers.get('location')!;
    const tokens = await exchangeCode(oauth, app, {
      redirectUri,
      callbackUrl,
      state: start.state,
      codeVerifier: start.codeVerifier,
    });
    credentials = await facebookDescriptor.credentialsFromTokens!(tokens, { http, baseUrl: fake.url, app });
    expect(credentials).toMatchObject({ pageName: 'Araldo Bakery' });
    expect(fake.meta.valid(credentials.userAccessToken as string)?.long).toBe(true);
    expect(credentials.userTokenExpiresAt).toBeGreaterThan(Date.now() + 59 * 86_400_000);
    client = clientFor(credentials);
    expect(await client.verify()).toMatchObject({ displayName: 'Araldo Bakery', handle: 'araldobakery' });
  });

  it('publishes text with a link as a link post, with its audience targeting', async () => {
    const targeting = { geo_locations: { countries: ['IT', 'CH'] }, age_min: 18 };
    const feed_targeting = { age_min: 25, age_max: 45, genders: [2] };
    const published = await client.publish(
      request('d-link', { link: 'https://bakery.example/bread', options: { targeting, feed_targeting } }),
    );
    const post = fake.posts.find((p) => p.id === published.remoteId)!;
    expect(post).toMatchObject({
      message: 'Hello from Araldo (d-link)',
      link: 'https://bakery.example/bread',
      targeting,
      feedTargeting: feed_targeting,
    });
    expect(published.url).toBe(`https://www.facebook.com/${post.id}`);
  });

  it('publishes one photo directly, and several as unpublished photos attached to one post', async () => {
    const one = await client.publish(request('d-photo', { media: [image(1)] }));
    expect(fake.posts.find((p) => p.id === one.remoteId)?.photoUrls).toEqual([image(1).publicUrl]);
    const req = request('d-album', { media: [image(2), image(3), image(4)], link: 'https://bakery.example' });
    const many = await client.publish(req);
    const post = fake.posts.find((p) => p.id === many.remoteId)!;
    expect(post.photoUrls).toEqual([image(2), image(3), image(4)].map((m) => m.publicUrl));
    expect(post.message).toBe('Hello from Araldo (d-album)\n\nhttps://bakery.example');
    expect(req.journal.photos).toHaveLength(3);
  });

  it('publishes a video by the resumable upload: start, chunked transfers, finish', async () => {
    fake.videos.chunkBytes = 1024;
    const req = request('d-video', {
      media: [clip()],
      link: 'https://bakery.example/film',
      options: { title: 'Our bakery', feed_targeting: { age_min: 18 } },
    });
    const published = await client.publish(req);
    const video = fake.videos.videos.get((req.journal.video as { id: string }).id)!;
    expect(Buffer.concat(video.received).equals(CLIP)).toBe(true);
    expect(video).toMatchObject({ received: { length: 3 }, finishCalls: 1, title: 'Our bakery' });
    const post = fake.posts.find((p) => p.id === published.remoteId)!;
    expect(post).toMatchObject({
      videoId: video.id,
      message: 'Hello from Araldo (d-video)\n\nhttps://bakery.example/film',
      feedTargeting: { age_min: 18 },
    });
    expect(req.journal).toMatchObject({ postId: post.id, video: { session: video.session } });
    // Uploads go to the video host's path; with a base URL override that is the same origin.
    expect(fake.server.requests.filter((r) => r.path === `/v26.0/${post.pageId}/videos`)).toHaveLength(5);
  });

  it('a video whose transfer and finish answers were lost resumes, and publishes once', async () => {
    fake.videos.chunkBytes = 1024;
    const req = request('d-video-lost', { media: [clip()] });
    const before = fake.posts.length;
    const sessions = fake.videos.videos.size;
    let transfers = 0;
    fake.server.chaos = (method, path) =>
      method === 'POST' && path.endsWith('/videos') && ++transfers === 3 ? { kind: 'drop' } : undefined;
    expect(await failure(client.publish(req))).toMatchObject({ failure: 'transient' });
    fake.server.chaos = undefined;
    const id = (req.journal.video as { id: string }).id;
    expect(fake.videos.videos.get(id)?.bytes).toBe(2048); // the dropped chunk was taken
    // The retry asks the video how far it got (2048 bytes) and sends only the last chunk.
    fake.server.inject({ kind: 'drop' }, { method: 'POST', path: /\/videos$/ });
    expect(await failure(client.publish(req))).toMatchObject({ mayHaveSucceeded: true });
    const video = fake.videos.videos.get(id)!;
    expect(video.bytes).toBe(CLIP.length);
    // The finish is received and publishes; its answer is lost.
    fake.server.inject({ kind: 'drop' }, { method: 'POST', path: /\/videos$/ });
    expect(await failure(client.publish(req))).toMatchObject({ mayHaveSucceeded: true });
    expect(video.finishCalls).toBe(1);
    const since = new Date(Date.now() - 60_000);
    const found = await client.findPublished({ text: req.text, since, journal: req.journal });
    const again = await client.publish(req);
    expect(again).toEqual(found);
    expect(fake.posts.length).toBe(before + 1);
    expect(again.remoteId).toBe(video.postId);
    expect(video).toMatchObject({ finishCalls: 1, received: { length: 3 } });
    expect(fake.videos.videos.size).toBe(sessions + 1);
  });

  it('adds the first comment as the Page', async () => {
    const published = await client.publish(request('d-comment', { firstComment: 'Order at the link' }));
    expect(fake.comments.filter((c) => c.objectId === published.remoteId)).toEqual([
      expect.objectContaining({
        message: 'Order at the link',
        from: expect.objectContaining({ name: 'Araldo Bakery' }),
      }),
    ]);
  });

  it('an answer lost after the post was made: the retry finds it instead of posting twice', async () => {
    const req = request('d-lost', { firstComment: 'Once only' });
    const before = fake.posts.length;
    fake.server.inject({ kind: 'drop' }, { method: 'POST', path: /\/feed$/ });
    expect(await failure(client.publish(req))).toMatchObject({
      failure: 'transient',
      mayHaveSucceeded: true,
    });
    expect(fake.posts.length).toBe(before + 1);
    fake.server.inject({ kind: 'timeout' }, { method: 'POST', path: /\/comments$/ });
    expect(await failure(client.publish(req))).toMatchObject({ mayHaveSucceeded: true });
    const again = await client.publish(req);
    expect(fake.posts.length).toBe(before + 1);
    expect(again.remoteId).toBe(fake.posts.at(-1)!.id);
    expect(fake.comments.filter((c) => c.objectId === again.remoteId)).toHaveLength(1);
  });

  it('finds a post by the journal, else by its text on the Page since the attempt', async () => {
    const since = new Date(Date.now() - 1000);
    const published = await client.publish(request('d-find', { text: 'Find  me\nplease' }));
    expect(await client.findPublished({ text: 'find me please', since, journal: {} })).toMatchObject({
      remoteId: published.remoteId,
    });
    expect(
      await client.findPublished({ text: 'other', since, journal: { postId: published.remoteId } }),
    ).toMatchObject({ remoteId: published.remoteId });
    expect(await client.findPublished({ text: 'Never posted', since, journal: {} })).toBeNull();
  });

  it('a revoked Page token is replaced through the login, once, and the new one is stored', async () => {
    fake.meta.rejectNext(credentials.accessToken as string);
    const c = clientFor({ ...credentials });
    await c.publish(request('d-renew'));
    expect(saved.at(-1)?.accessToken).not.toBe(credentials.accessToken);
    expect(fake.meta.valid(saved.at(-1)?.accessToken as string)).toBeTruthy();
    credentials = saved.at(-1)!;
    client = clientFor(credentials);
  });

  it('when the login behind the Page has lapsed too, the channel must be reconnected', async () => {
    fake.meta.rejectNext(credentials.accessToken as string);
    const lapsed = clientFor({ ...credentials, userTokenExpiresAt: Date.now() - 1 });
    const error = await failure(lapsed.publish(request('d-lapsed')));
    expect(error.failure).toBe('auth_expired');
    expect(error.message).toMatch(/reconnect/);
    expect(error.message).not.toContain(credentials.accessToken as string);
  });

  it('classifies Meta errors: throttling with the reset, service errors, duplicates, bad parameters', async () => {
    fake.meta.callLimit = 0;
    const throttled = await failure(client.verify());
    fake.meta.callLimit = 200;
    expect(throttled).toMatchObject({ failure: 'rate_limited', networkCode: '32' });
    expect(Math.abs(throttled.resetAt! - (Date.now() + 7 * 60_000))).toBeLessThan(5_000);

    fake.server.inject({
      kind: 'status',
      response: { status: 500, json: { error: { message: 'An unexpected error has occurred', code: 2 } } },
    });
    expect(await failure(client.publish(request('d-500')))).toMatchObject({ failure: 'transient' });

    await client.publish(request('d-dup', { text: 'Same words' }));
    const duplicate = await failure(client.publish(request('d-dup-2', { text: 'Same words' })));
    expect(duplicate).toMatchObject({ failure: 'permanent', networkCode: '506' });
    expect(duplicate.message).toMatch(/You already posted this status/);

    const bad = await failure(client.publish(request('d-bad', { options: { targeting: { age_min: 16 } } })));
    expect(bad).toMatchObject({ failure: 'permanent', networkCode: '100' });
  });

  it('reads counts and insights, lists comments from others and replies to one', async () => {
    const published = await client.publish(request('d-metrics', { text: 'Count me' }));
    fake.counts.set(published.remoteId, { reactions: 12, shares: 3, views: 340, clicks: 9 });
    const comment = fake.addComment(published.remoteId, { id: 'fan-1', name: 'Ada' }, 'Lovely bread!');
    const [metrics] = await client.fetchMetrics([published.remoteId]);
    expect(metrics).toMatchObject({ likes: 12, shares: 3, comments: 1, impressions: 340, clicks: 9 });
    const inbox = await client.fetchInbox(new Date(Date.now() - 60_000));
    expect(inbox).toContainEqual(
      expect.objectContaining({ remoteId: comment.id, inReplyTo: published.remoteId, text: 'Lovely bread!' }),
    );
    const reply = await client.reply(inbox.find((i) => i.remoteId === comment.id)!, 'Thank you, Ada!');
    expect(fake.comments.find((c) => c.id === reply.remoteId)).toMatchObject({ objectId: comment.id });
  });

  it('verifies webhook signatures and answers the subscription challenge', () => {
    const body = Buffer.from(JSON.stringify({ object: 'page', entry: [] }));
    const headers = { 'x-hub-signature-256': fake.meta.sign(body) };
    expect(facebookDescriptor.verifyWebhook!({ headers, rawBody: body, secret: fake.app.appSecret })).toBe(
      true,
    );
    expect(
      facebookDescriptor.verifyWebhook!({ headers, rawBody: Buffer.from('{}'), secret: fake.app.appSecret }),
    ).toBe(false);
    const q = new URLSearchParams({
      'hub.mode': 'subscribe',
      'hub.challenge': '1158201444',
      'hub.verify_token': 'v',
    });
    expect(answerMetaChallenge(q, 'v')).toBe('1158201444');
    expect(answerMetaChallenge(q, 'w')).toBeNull();
  });
});

describe('Facebook post rules', () => {
  it('names every problem at once, targeting included', () => {
    const violations = facebookDescriptor.validate({
      text: '',
      link: null,
      media: [
        { id: 'v', mimeType: 'video/mp4', sizeBytes: 10 },
        { id: 'big', mimeType: 'image/jpeg', sizeBytes: 9 * 1024 * 1024 },
      ],
      firstComment: ' ',
      options: {
        targeting: { age_min: 16, geo_locations: { countries: ['Italy'] }, interests: [1] },
        feed_targeting: { age_min: 40, age_max: 30, genders: [3] },
      },
    });
    expect(violations.map((v) => v.path).sort()).toEqual(
      [
        'firstComment',
        'media',
        'media.1',
        'options.feed_targeting.age_min',
        'options.feed_targeting.genders.0',
        'options.targeting',
        'options.targeting.age_min',
        'options.targeting.geo_locations.countries.0',
      ].sort(),
    );
    expect(violations.find((v) => v.path === 'options.targeting')?.message).toMatch(/interests/);
    expect(violations.find((v) => v.path === 'options.targeting.age_min')?.message).toMatch(
      /13, 15, 18, 21 or 25/,
    );
  });

  it('takes one video of a known format, at most 10 GB and 4 hours, 9:16 to 16:9', () => {
    const draft = (media: MediaInfo[]) => ({
      text: 'Film',
      link: null,
      media,
      firstComment: null,
      options: {},
    });
    const video = (over: Partial<MediaInfo> = {}): MediaInfo => ({
      id: 'v',
      mimeType: 'video/mp4',
      sizeBytes: 50_000_000,
      durationSeconds: 600,
      width: 1080,
      height: 1920,
      ...over,
    });
    expect(facebookDescriptor.validate(draft([video()]))).toEqual([]);
    expect(facebookDescriptor.validate(draft([video({ mimeType: 'video/quicktime' })]))).toEqual([]);
    const codes = facebookDescriptor
      .validate(
        draft([
          video({ sizeBytes: 11 * 1024 ** 3, durationSeconds: 4 * 3600 + 1 }),
          video({ width: 3000, height: 1000 }),
          video({ mimeType: 'video/webm' }),
        ]),
      )
      .map((v) => `${v.path}:${v.code}`)
      .sort();
    expect(codes).toEqual(
      [
        'media.0:media_too_large',
        'media.0:video_too_long',
        'media.1:aspect_ratio',
        'media.2:unsupported_media_type',
        'media:too_many_videos',
      ].sort(),
    );
    expect(
      facebookDescriptor.validate(draft([video(), { id: 'p', mimeType: 'image/png', sizeBytes: 10 }])),
    ).toEqual([expect.objectContaining({ code: 'mixed_media' })]);
  });

  it('a post needs text, a link or a photo', () => {
    const empty = { text: ' ', link: null, media: [], firstComment: null, options: {} };
    expect(facebookDescriptor.validate(empty).map((v) => v.code)).toEqual(['empty']);
    expect(facebookDescriptor.validate({ ...empty, link: 'https://x.example' })).toEqual([]);
  });
});
