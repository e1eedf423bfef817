import { FakeYouTube } from '@araldo/testkit';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Credentials, MediaFile, NetworkClient, PublishRequest } from '../contract';
import { HttpClient } from '../http/http-client';
import type { NetworkError } from '../http/network-error';
import { authorizationRequest, exchangeCode, rebaseOAuth } from '../oauth/oauth-flow';
import { youtubeDescriptor } from './descriptor';
import { nextPacificMidnight } from './errors';
import { YOUTUBE_BASE_URL, youtubeOAuth } from './oauth';
import { measureYouTube } from './text';

const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(40_000, 7)]);
const video = (over: Partial<MediaFile> = {}): MediaFile => ({
  id: 'v1',
  filename: 'clip.mp4',
  mimeType: 'video/mp4',
  sizeBytes: MP4.length,
  read: async () => MP4,
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
    text: 'Our launch, in two minutes',
    link: null,
    media: [video()],
    firstComment: null,
    options: { title: 'Launch day' },
    journal,
    record: async (entries) => {
      Object.assign(journal, entries);
    },
    ...over,
  };
}

describe('the YouTube adapter against a strict fake', () => {
  const fake = new FakeYouTube();
  const http = new HttpClient({ allowPrivate: true, timeoutMs: 1_000 });
  const app = { clientId: fake.app.clientId, clientSecret: fake.app.clientSecret };
  const saved: Credentials[] = [];
  let client: NetworkClient;
  const clientWith = (credentials: Credentials) =>
    youtubeDescriptor.createClient({
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
    const t = fake.oauth.issue();
    client = clientWith({ accessToken: t.accessToken, refreshToken: t.refreshToken });
  });
  afterEach(() => {
    fake.server.clearFaults();
    fake.quota.used = 0;
  });
  afterAll(async () => {
    await http.close();
    await fake.stop();
  });

  it('connects through Google OAuth with PKCE and offline access, then names the channel', async () => {
    const oauth = rebaseOAuth(youtubeOAuth, fake.url, YOUTUBE_BASE_URL);
    const redirectUri = 'http://araldo.test/api/v1/oauth/callback';
    const start = await authorizationRequest(oauth, app, { redirectUri });
    expect(new URL(start.url).searchParams.get('access_type')).toBe('offline');
    const consent = await fetch(start.url, { redirect: 'manual' });
    const tokens = await exchangeCode(oauth, app, {
      redirectUri,
      callbackUrl: consent.headers.get('location')!,
      state: start.state,
      codeVerifier: start.codeVerifier,
    });
    const credentials = await youtubeDescriptor.credentialsFromTokens!(tokens, {
      http,
      baseUrl: fake.url,
      app,
    });
    expect(credentials).toMatchObject({ channelId: fake.channel.id, refreshToken: tokens.refreshToken });
    expect(await clientWith(credentials).verify()).toEqual({
      accountId: fake.channel.id,
      handle: '@araldodemo',
      displayName: 'Araldo Demo',
    });
  });

  it('uploads a video with title, description, link, visibility, then the first comment', async () => {
    const req = request('d-1', {
      link: 'https://example.org/launch',
      firstComment: 'Chapters below',
      options: { title: 'Launch day', privacyStatus: 'unlisted' },
    });
    const published = await client.publish(req);
    const v = fake.videos.find((x) => x.id === published.remoteId)!;
    expect(v).toMatchObject({
      title: 'Launch day',
      description: 'Our launch, in two minutes\n\nhttps://example.org/launch',
      privacyStatus: 'unlisted',
      bytes: MP4.length,
    });
    expect(published.url).toBe(`https://www.youtube.com/watch?v=${v.id}`);
    expect(fake.comments.find((c) => c.videoId === v.id)?.text).toBe('Chapters below');
    expect(req.journal).toMatchObject({ videoId: v.id, commentId: expect.any(String) });
  });

  it('schedules a release: private until publishAt', async () => {
    const publishAt = new Date(Date.now() + 86_400_000).toISOString();
    const published = await client.publish(request('d-sched', { options: { title: 'Later', publishAt } }));
    expect(fake.videos.find((v) => v.id === published.remoteId)).toMatchObject({
      privacyStatus: 'private',
      publishAt,
    });
  });

  it('the upload URI is journalled before the bytes; a lost answer is resumed, not uploaded twice', async () => {
    const before = fake.videos.length;
    fake.server.inject({ kind: 'drop' }, { method: 'PUT', path: /\/upload\/youtube\/v3\/videos$/ });
    const req = request('d-lost');
    const error = await failure(client.publish(req));
    expect(error).toMatchObject({ failure: 'transient', mayHaveSucceeded: true });
    expect(req.journal.uploadUri).toEqual(expect.stringContaining('upload_id='));
    expect(fake.videos.length).toBe(before + 1);
    const found = await client.findPublished({ text: req.text, since: new Date(0), journal: req.journal });
    const again = await client.publish(req);
    expect(fake.videos.length).toBe(before + 1);
    expect(again.remoteId).toBe(fake.videos.at(-1)?.id);
    expect(found?.remoteId).toBe(again.remoteId);
  });

  it('a cut upload resumes from the byte YouTube reports (308 + Range)', async () => {
    fake.interruptNextUploadAt = 10_000;
    const req = request('d-cut');
    await expect(client.publish(req)).rejects.toMatchObject({ failure: 'transient' });
    const mark = fake.server.requests.length;
    const published = await client.publish(req);
    const ranges = fake.server.requests.slice(mark).map((r) => r.headers['content-range']);
    expect(ranges).toEqual([`bytes */${MP4.length}`, `bytes 10000-${MP4.length - 1}/${MP4.length}`]);
    expect(fake.videos.find((v) => v.id === published.remoteId)?.bytes).toBe(MP4.length);
  });

  it('finds an upload in the uploads playlist by its description', async () => {
    const since = new Date(Date.now() - 1000);
    const text = 'Findable  description';
    const published = await client.publish(request('d-find', { text }));
    expect((await client.findPublished({ text: 'findable description', since, journal: {} }))?.remoteId).toBe(
      published.remoteId,
    );
    expect(await client.findPublished({ text: 'never uploaded', since, journal: {} })).toBeNull();
  });

  it('refreshes after a 401 and keeps the non-rotating refresh token; a dead refresh token means reconnect', async () => {
    const t = fake.oauth.issue();
    fake.oauth.expire(t.accessToken);
    saved.length = 0;
    const account = await clientWith({ accessToken: t.accessToken, refreshToken: t.refreshToken }).verify();
    expect(account.accountId).toBe(fake.channel.id);
    expect(saved).toEqual([expect.objectContaining({ refreshToken: t.refreshToken })]);
    expect((saved[0] as { accessToken: string }).accessToken).not.toBe(t.accessToken);

    const soon = fake.oauth.issue();
    saved.length = 0;
    await clientWith({ ...soon, expiresAt: Date.now() + 60_000 }).verify();
    expect(saved).toHaveLength(1);

    const dead = fake.oauth.issue();
    fake.oauth.expire(dead.accessToken);
    const error = await failure(
      clientWith({ accessToken: dead.accessToken, refreshToken: 'revoked' }).verify(),
    );
    expect(error).toMatchObject({ failure: 'auth_expired' });
    expect(error.message).toMatch(/reconnect/);
    expect(error.message).not.toContain(dead.accessToken);
  });

  it('classifies quota, throttling, outages and refusals', async () => {
    fake.quota.used = fake.quota.dailyUnits;
    const quota = await failure(client.publish(request('d-quota')));
    expect(quota).toMatchObject({
      failure: 'rate_limited',
      networkCode: 'quotaExceeded',
      resetAt: nextPacificMidnight(),
    });
    fake.quota.used = 0;

    fake.server.inject({
      kind: 'status',
      response: {
        status: 403,
        headers: { 'retry-after': '30' },
        json: {
          error: { code: 403, message: 'Rate Limit Exceeded', errors: [{ reason: 'rateLimitExceeded' }] },
        },
      },
    });
    const throttled = await failure(client.verify());
    expect(throttled.failure).toBe('rate_limited');
    expect(Math.abs((throttled.resetAt ?? 0) - (Date.now() + 30_000))).toBeLessThan(2000);

    fake.server.inject({
      kind: 'status',
      response: { status: 503, json: { error: { code: 503, message: 'Backend Error' } } },
    });
    await expect(client.verify()).rejects.toMatchObject({ failure: 'transient' });

    const refused = await failure(client.publish(request('d-bad', { options: { title: 'a <b> title' } })));
    expect(refused).toMatchObject({ failure: 'permanent', networkCode: 'invalidTitle' });
    expect(refused.message).toMatch(/invalid or empty video title/);
  });

  it('reads statistics, reads comments from others, and replies', async () => {
    const published = await client.publish(request('d-inbox'));
    const since = new Date(Date.now() - 1000);
    fake.addComment(published.remoteId, 'Viewer', 'Great video!');
    const [metrics] = await client.fetchMetrics([published.remoteId]);
    expect(metrics).toMatchObject({ remoteId: published.remoteId, comments: 1, likes: 0 });
    const inbox = await client.fetchInbox(since);
    expect(inbox).toEqual([
      expect.objectContaining({ kind: 'comment', text: 'Great video!', inReplyTo: published.remoteId }),
    ]);
    const reply = await client.reply(inbox[0]!, 'Thank you!');
    expect(fake.comments.find((c) => c.id === reply.remoteId)).toMatchObject({
      parentId: inbox[0]!.remoteId,
      text: 'Thank you!',
    });
  });
});

describe('YouTube rules', () => {
  const draft = (over = {}) => ({
    text: 'ok',
    link: null,
    media: [{ id: 'v', mimeType: 'video/mp4', sizeBytes: 1000 }],
    firstComment: null,
    options: { title: 'Fine' },
    ...over,
  });

  it('validate names every problem at once', () => {
    const codes = youtubeDescriptor
      .validate(
        draft({
          text: 'é'.repeat(2501),
          media: [{ id: 'i', mimeType: 'image/png', sizeBytes: 10 }],
          options: {
            title: `${'t'.repeat(101)}<`,
            privacyStatus: 'public',
            publishAt: '2001-01-01T00:00:00Z',
          },
        }),
      )
      .map((v) => v.code)
      .sort();
    expect(codes).toEqual(
      [
        'forbidden_characters',
        'invalid_option',
        'invalid_option',
        'media_required',
        'text_too_long',
        'title_too_long',
        'video_only',
      ].sort(),
    );
    expect(youtubeDescriptor.validate(draft({ options: {} })).map((v) => v.path)).toEqual(['options.title']);
    expect(youtubeDescriptor.validate(draft())).toEqual([]);
  });

  it('measures the description in UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        expect(measureYouTube(text).length).toBe(new TextEncoder().encode(text).length);
      }),
    );
    expect(measureYouTube('é'.repeat(2500)).fits).toBe(true);
    expect(measureYouTube('é'.repeat(2501)).fits).toBe(false);
  });

  it('the quota resets at the next midnight in Los Angeles, whatever the season', () => {
    expect(new Date(nextPacificMidnight(Date.parse('2026-07-01T12:00:00Z'))).toISOString()).toBe(
      '2026-07-02T07:00:00.000Z',
    );
    expect(new Date(nextPacificMidnight(Date.parse('2026-01-15T09:00:00Z'))).toISOString()).toBe(
      '2026-01-16T08:00:00.000Z',
    );
  });
});
