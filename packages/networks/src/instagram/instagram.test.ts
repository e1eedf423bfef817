import { FakeInstagram } from '@araldo/testkit';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Credentials, MediaFile, NetworkClient, PublishRequest } from '../contract';
import { HttpClient } from '../http/http-client';
import type { NetworkError } from '../http/network-error';
import { authorizationRequest, exchangeCode, rebaseOAuth } from '../oauth/oauth-flow';
import { instagramOAuth } from './connect';
import { instagramDescriptor } from './descriptor';
import { hashtags, mentions } from './text';

const jpeg = (n: number, altText?: string): MediaFile => ({
  id: `i${n}`,
  filename: `p${n}.jpg`,
  mimeType: 'image/jpeg',
  sizeBytes: 1000,
  altText,
  read: async () => Buffer.alloc(0),
  publicUrl: `https://media.araldo.example/signed/p${n}.jpg`,
});
const mp4 = (n: number): MediaFile => ({
  ...jpeg(n),
  filename: `v${n}.mp4`,
  mimeType: 'video/mp4',
  durationSeconds: 12,
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
    text: `Fresh from the oven (${deliveryId}) #bread`,
    link: null,
    media: [jpeg(1)],
    firstComment: null,
    options: {},
    journal,
    record: async (entries) => {
      Object.assign(journal, entries);
    },
    ...over,
  };
}

describe('the Instagram adapter against a strict fake', () => {
  const fake = new FakeInstagram();
  const http = new HttpClient({ allowPrivate: true, timeoutMs: 1_000 });
  const app = { clientId: fake.app.appId, clientSecret: fake.app.appSecret };
  const saved: Credentials[] = [];
  let account: string;
  let client: NetworkClient;
  const clientFor = (c: Credentials) =>
    instagramDescriptor.createClient({
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
    account = fake.addAccount('araldo.bakery');
  });
  afterEach(() => fake.server.clearFaults());
  afterAll(async () => {
    await http.close();
    await fake.stop();
  });

  it('connects: consent, code exchange, 60-day token, the professional account id, verify', async () => {
    const oauth = rebaseOAuth(instagramOAuth, fake.url, instagramDescriptor.defaultBaseUrl);
    const redirectUri = 'https://araldo.example/api/v1/oauth/callback';
    const start = await authorizationRequest(oauth, app, { redirectUri });
    expect(new URL(start.url).searchParams.get('scope')).toBe(instagramOAuth.scopes.join(','));
    const consent = await fetch(start.url, { redirect: 'manual' });
    const tokens = await exchangeCode(oauth, app, {
      redirectUri,
      callbackUrl: consent.headers.get('location')!,
      state: start.state,
      codeVerifier: start.codeVerifier,
    });
    const credentials = await instagramDescriptor.credentialsFromTokens!(tokens, {
      http,
      baseUrl: fake.url,
      app,
    });
    expect(credentials).toMatchObject({ userId: account, username: 'araldo.bakery' });
    expect(credentials.expiresAt).toBeGreaterThan(Date.now() + 59 * 86_400_000);
    client = clientFor(credentials);
    expect(await client.verify()).toMatchObject({ accountId: account, handle: '@araldo.bakery' });
  });

  it('publishes a photo with alt text and the link written into the caption, then the first comment', async () => {
    const published = await client.publish(
      request('d-photo', {
        media: [jpeg(1, 'A loaf')],
        link: 'https://bakery.example',
        firstComment: 'Recipe below',
      }),
    );
    const media = fake.media.find((m) => m.id === published.remoteId)!;
    expect(media).toMatchObject({
      caption: 'Fresh from the oven (d-photo) #bread\n\nhttps://bakery.example',
      altTexts: ['A loaf'],
    });
    expect(published.url).toMatch(/^https:\/\/www\.instagram\.com\/p\//);
    expect(fake.comments.filter((c) => c.mediaId === media.id)).toEqual([
      expect.objectContaining({ text: 'Recipe below', username: 'araldo.bakery' }),
    ]);
  });

  it('publishes a carousel of a photo and a video, and a Reel once Instagram has processed it', async () => {
    const carousel = await client.publish(request('d-carousel', { media: [jpeg(2), mp4(3)] }));
    expect(fake.media.find((m) => m.id === carousel.remoteId)).toMatchObject({
      mediaType: 'CAROUSEL_ALBUM',
      urls: [jpeg(2).publicUrl, mp4(3).publicUrl],
    });
    fake.containers.videoPolls = 2;
    const reel = await client.publish(request('d-reel', { media: [mp4(4)] }));
    fake.containers.videoPolls = 1;
    expect(fake.media.find((m) => m.id === reel.remoteId)?.mediaType).toBe('VIDEO');
  });

  it('the publish answer is lost: the journalled container says PUBLISHED and the post is found, not repeated', async () => {
    const req = request('d-lost', { firstComment: 'Only once' });
    const before = fake.published(account).length;
    fake.server.inject({ kind: 'drop' }, { method: 'POST', path: /\/media_publish$/ });
    expect(await failure(client.publish(req))).toMatchObject({ mayHaveSucceeded: true });
    expect(req.journal.steps).toMatchObject({ main: { container: expect.any(String) } });
    const again = await client.publish(req);
    expect(fake.published(account).length).toBe(before + 1);
    expect(again.remoteId).toBe(fake.published(account).at(-1)!.id);
    expect(fake.comments.filter((c) => c.mediaId === again.remoteId)).toHaveLength(1);
  });

  it('an expired container is made anew; a container in ERROR fails with the reason', async () => {
    const req = request('d-expired');
    fake.server.inject({ kind: 'status', response: { status: 503, json: {} } }, { path: /\/media_publish$/ });
    await failure(client.publish(req));
    const first = (req.journal.steps as { main: { container: string } }).main.container;
    fake.containers.expire(first);
    const published = await client.publish(req);
    expect(fake.media.find((m) => m.id === published.remoteId)?.containerId).not.toBe(first);

    fake.containers.unreachable.add(jpeg(9).publicUrl);
    const error = await failure(client.publish(request('d-error', { media: [jpeg(9)] })));
    expect(error).toMatchObject({ failure: 'permanent' });
    expect(error.message).toMatch(/could not be fetched/);
  });

  it('stops at the publishing quota, saying when a place frees up', async () => {
    fake.quotaTotal = fake.published(account).length;
    const oldest = Math.min(...fake.published(account).map((m) => m.createdAt));
    const error = await failure(client.publish(request('d-quota')));
    fake.quotaTotal = 50;
    expect(error.failure).toBe('rate_limited');
    expect(Math.abs(error.resetAt! - (oldest + 86_400_000))).toBeLessThan(2_000);
  });

  it('a rejected token is renewed with ig_refresh_token once; a token that cannot be renewed means reconnect', async () => {
    const token = fake.longToken(account);
    fake.meta.rejectNext(token);
    await clientFor({ accessToken: token, userId: account }).verify();
    expect(saved.at(-1)?.accessToken).not.toBe(token);
    expect(fake.meta.valid(saved.at(-1)?.accessToken as string)?.long).toBe(true);

    const young = fake.longToken(account, { ageMs: 0 });
    fake.meta.rejectNext(young);
    const error = await failure(clientFor({ accessToken: young, userId: account }).verify());
    expect(error.failure).toBe('auth_expired');
    expect(error.message).toMatch(/reconnect/);
    expect(error.message).not.toContain(young);
  });

  it('renews a token close to its expiry before using it', async () => {
    const token = fake.longToken(account, { ttlMs: 86_400_000 });
    const count = saved.length;
    await clientFor({ accessToken: token, userId: account, expiresAt: Date.now() + 86_400_000 }).verify();
    expect(saved.length).toBe(count + 1);
    expect(saved.at(-1)!.expiresAt).toBeGreaterThan(Date.now() + 59 * 86_400_000);
  });

  it('classifies throttling, service errors and refused captions', async () => {
    fake.meta.callLimit = 0;
    const throttled = await failure(client.verify());
    fake.meta.callLimit = 200;
    expect(throttled).toMatchObject({ failure: 'rate_limited', networkCode: '4' });
    expect(throttled.resetAt).toBeGreaterThan(Date.now() + 6 * 60_000);

    fake.server.inject({
      kind: 'status',
      response: { status: 500, json: { error: { code: 1, message: 'Unknown' } } },
    });
    expect(await failure(client.verify())).toMatchObject({ failure: 'transient' });

    const tags = Array.from({ length: 31 }, (_, i) => `#t${i}`).join(' ');
    const refused = await failure(client.publish(request('d-tags', { text: tags })));
    expect(refused).toMatchObject({ failure: 'permanent', networkCode: '100/2207010' });
    expect(refused.message).toMatch(/more than 30 hashtags/);
  });

  it('reads counts and insights, lists comments from others and replies', async () => {
    const published = await client.publish(request('d-metrics'));
    fake.insights.set(published.remoteId, { likes: 5, views: 120, shares: 2, reach: 90 });
    const comment = fake.addComment(published.remoteId, 'ada', 'Looks great');
    const [metrics] = await client.fetchMetrics([published.remoteId]);
    expect(metrics).toMatchObject({ likes: 5, comments: 1, shares: 2, impressions: 120, clicks: null });
    const inbox = await client.fetchInbox(new Date(Date.now() - 60_000));
    const item = inbox.find((i) => i.remoteId === comment.id)!;
    expect(item).toMatchObject({
      inReplyTo: published.remoteId,
      author: { handle: '@ada' },
      text: 'Looks great',
    });
    expect(inbox.every((i) => i.author.handle !== '@araldo.bakery')).toBe(true);
    const reply = await client.reply(item, 'Thanks!');
    expect(fake.comments.find((c) => c.id === reply.remoteId)).toMatchObject({ parentId: comment.id });
  });

  it('finds a post by its caption when the journal has nothing', async () => {
    const since = new Date(Date.now() - 1000);
    const published = await client.publish(request('d-find', { text: 'Find me #now' }));
    expect(await client.findPublished({ text: 'find me #now', since, journal: {} })).toMatchObject({
      remoteId: published.remoteId,
    });
    expect(await client.findPublished({ text: 'nothing like it', since, journal: {} })).toBeNull();
  });
});

describe('Instagram post rules', () => {
  const draft = { text: 'ok', link: null, media: [jpeg(1)], firstComment: null, options: {} };

  it('names every problem at once', () => {
    const codes = instagramDescriptor
      .validate({
        ...draft,
        text: `${'x'.repeat(2200)} ${Array.from({ length: 31 }, (_, i) => `#t${i}`).join(' ')} ${Array.from({ length: 21 }, (_, i) => `@u${i}`).join(' ')}`,
        media: [
          ...Array.from({ length: 10 }, (_, i) => jpeg(i)),
          { ...jpeg(11), mimeType: 'image/png' },
          { ...mp4(12), durationSeconds: 1 },
        ],
      })
      .map((v) => v.code)
      .sort();
    expect(codes).toEqual(
      [
        'text_too_long',
        'too_many_hashtags',
        'too_many_mentions',
        'unsupported_media_type',
        'video_too_short',
        'too_many_images',
        'too_many_media',
      ].sort(),
    );
    expect(instagramDescriptor.validate({ ...draft, media: [] }).map((v) => v.code)).toEqual([
      'media_required',
    ]);
  });

  it('counts hashtags and mentions, never an email or a URL fragment', () => {
    expect(hashtags('#a #b,#c https://x.example/#frag &#123;')).toEqual(['#a', '#b', '#c']);
    expect(mentions('@ada hi ada@example.org @bob.s')).toEqual(['@ada', '@bob.s']);
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/), { maxLength: 40 }), (words) => {
        expect(hashtags(words.map((w) => `#${w}`).join(' '))).toHaveLength(words.length);
        expect(mentions(words.map((w) => `@${w}`).join(' '))).toHaveLength(words.length);
      }),
    );
  });
});
