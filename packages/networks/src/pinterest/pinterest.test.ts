import { FakePinterest } from '@araldo/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Credentials, MediaFile, NetworkClient, PublishRequest } from '../contract';
import { HttpClient } from '../http/http-client';
import type { NetworkError } from '../http/network-error';
import { authorizationRequest, exchangeCode, rebaseOAuth } from '../oauth/oauth-flow';
import { pinterestDescriptor } from './descriptor';
import { pinterestOAuth } from './oauth';

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
  publicUrl: 'https://media.araldo.example/signed/dot.webp',
  ...over,
});
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e as NetworkError,
  );

const app = { clientId: 'pinterest-app', clientSecret: 'pinterest-secret' };

describe('the Pinterest adapter against a strict fake', () => {
  const fake = new FakePinterest(app);
  const http = new HttpClient({ allowPrivate: true, timeoutMs: 1_000 });
  const saved: Credentials[] = [];
  let client: NetworkClient;
  let board: string;
  const clientFor = (credentials: Credentials) =>
    pinterestDescriptor.createClient({
      baseUrl: fake.url,
      http,
      credentials,
      app,
      stateDir: '',
      onCredentials: async (c) => {
        saved.push(c);
      },
    });
  function request(text: string, over: Partial<PublishRequest> = {}) {
    const journal: Record<string, unknown> = {};
    const req: PublishRequest = {
      deliveryId: `d-${text}`,
      text,
      link: null,
      media: [file()],
      firstComment: null,
      options: { boardId: board },
      journal,
      record: async (entries) => {
        Object.assign(journal, entries);
      },
      ...over,
    };
    return req;
  }

  beforeAll(async () => {
    await fake.start();
    board = fake.addBoard('Launches');
    client = clientFor(fake.issueTokens());
  });
  afterEach(() => fake.server.clearFaults());
  afterAll(async () => {
    await http.close();
    await fake.stop();
  });

  it('connects through OAuth (Basic client auth, comma-separated scopes) and names the account', async () => {
    const desc = rebaseOAuth(pinterestOAuth, fake.url, pinterestDescriptor.defaultBaseUrl);
    const redirectUri = 'http://araldo.example/oauth/callback';
    const start = await authorizationRequest(desc, app, { redirectUri });
    expect(new URL(start.url).pathname).toBe('/oauth/');
    expect(new URL(start.url).searchParams.get('scope')).toBe(
      'boards:read,pins:read,pins:write,user_accounts:read',
    );
    const consent = await http.request({ method: 'GET', url: start.url });
    const tokens = await exchangeCode(desc, app, {
      redirectUri,
      callbackUrl: String(consent.headers.location),
      state: start.state,
      codeVerifier: null,
    });
    const credentials = await pinterestDescriptor.credentialsFromTokens!(tokens, {
      http,
      baseUrl: fake.url,
      app,
    });
    expect(credentials).toMatchObject({ username: 'araldo' });
    expect(await clientFor(credentials).verify()).toEqual({
      accountId: fake.user.id,
      handle: 'araldo',
      displayName: 'Araldo',
    });
  });

  it('pins an image inline with its title, description, link and alt text', async () => {
    const published = await client.publish(
      request('Our new notebook', {
        link: 'https://example.org/notebook',
        options: { boardId: board, title: 'Notebook' },
      }),
    );
    const pin = fake.pins.find((p) => p.id === published.remoteId)!;
    expect(pin).toMatchObject({
      boardId: board,
      title: 'Notebook',
      description: 'Our new notebook',
      link: 'https://example.org/notebook',
      altText: 'A single dot',
      media: { type: 'image', contentTypes: ['image/png'] },
    });
    expect(published.url).toBe(`https://www.pinterest.com/pin/${pin.id}/`);
  });

  it('pins 2–5 images as a carousel, and formats base64 cannot carry by their public URL', async () => {
    const carousel = await client.publish(request('Three views', { media: [file(), file(), file()] }));
    expect(fake.pins.find((p) => p.id === carousel.remoteId)?.media).toMatchObject({
      type: 'image',
      count: 3,
    });
    const webp = await client.publish(request('A webp', { media: [file({ mimeType: 'image/webp' })] }));
    expect(fake.pins.find((p) => p.id === webp.remoteId)?.media).toEqual({
      type: 'image_url',
      urls: ['https://media.araldo.example/signed/dot.webp'],
    });
  });

  it('uploads a video, waits until Pinterest has processed it, and pins it', async () => {
    const video = file({
      filename: 'clip.mp4',
      mimeType: 'video/mp4',
      read: async () => Buffer.alloc(4096, 1),
    });
    const req = request('A clip', { media: [video] });
    const published = await client.publish(req);
    const pin = fake.pins.find((p) => p.id === published.remoteId)!;
    expect(pin.media).toEqual({ type: 'video', mediaId: req.journal.videoMediaId });
    expect(fake.videos.get(String(req.journal.videoMediaId))?.status).toBe('succeeded');
  });

  it('an answer lost after the Pin was created: the retry finds it on the board', async () => {
    fake.server.inject({ kind: 'drop' }, { method: 'POST', path: /^\/v5\/pins$/ });
    const req = request('Exactly once');
    expect(await failure(client.publish(req))).toMatchObject({
      failure: 'transient',
      mayHaveSucceeded: true,
    });
    const found = await client.findPublished({
      text: 'Exactly once',
      since: new Date(Date.now() - 5000),
      journal: req.journal,
    });
    const again = await client.publish(req);
    expect(found).toEqual(again);
    expect(fake.pins.filter((p) => p.description === 'Exactly once')).toHaveLength(1);
    expect(
      await client.findPublished({ text: 'Never pinned', since: new Date(0), journal: { boardId: board } }),
    ).toBeNull();
  });

  it('refuses a Pin without a board or without media before calling Pinterest', async () => {
    await expect(client.publish(request('No board', { options: {} }))).rejects.toMatchObject({
      failure: 'permanent',
      message: expect.stringMatching(/board/),
    });
    await expect(client.publish(request('Text only', { media: [] }))).rejects.toMatchObject({
      failure: 'permanent',
      message: expect.stringMatching(/image or a video/),
    });
  });

  it('refreshes after a 401 and stores the rotated tokens; says reconnect when refresh fails', async () => {
    const tokens = fake.issueTokens();
    fake.oauth.expire(tokens.accessToken);
    saved.length = 0;
    await clientFor(tokens).publish(request('After a refresh'));
    expect(saved).toHaveLength(1);
    expect(saved[0]?.refreshToken).not.toBe(tokens.refreshToken);

    fake.oauth.expire(tokens.accessToken);
    const error = await failure(clientFor(tokens).verify());
    expect(error).toMatchObject({ failure: 'auth_expired' });
    expect(error.message).toMatch(/reconnect/);
  });

  it('classifies 429 with the reset, 5xx as transient, and Pinterest’s refusals with their reason', async () => {
    fake.writeLimit = 0;
    try {
      const limited = await failure(client.publish(request('Rate limited')));
      expect(limited.failure).toBe('rate_limited');
      expect(limited.resetAt).toBeGreaterThan(Date.now());
    } finally {
      fake.writeLimit = 100;
    }
    fake.server.inject({
      kind: 'status',
      response: { status: 503, json: { code: 0, message: 'Unavailable' } },
    });
    await expect(client.publish(request('Down'))).rejects.toMatchObject({ failure: 'transient' });
    const unknownBoard = await failure(client.publish(request('Lost board', { options: { boardId: '42' } })));
    expect(unknownBoard).toMatchObject({ failure: 'permanent', status: 404, networkCode: '2' });
    expect(unknownBoard.message).toMatch(/Board not found/);
  });

  it('reads Pin analytics; has no inbox', async () => {
    const published = await client.publish(request('Measure me'));
    fake.pins.find((p) => p.id === published.remoteId)!.saves = 4;
    const [metrics] = await client.fetchMetrics([published.remoteId]);
    expect(metrics).toMatchObject({ remoteId: published.remoteId, shares: 4, impressions: 40, clicks: 0 });
    expect(await client.fetchInbox(null)).toEqual([]);
  });
});

describe('Pinterest validation', () => {
  it('names every problem at once', () => {
    const violations = pinterestDescriptor.validate({
      text: 'd'.repeat(801),
      link: `https://example.org/${'l'.repeat(2048)}`,
      media: [],
      firstComment: 'first!',
      options: { title: 't'.repeat(101) },
    });
    expect(violations.map((v) => `${v.path}:${v.code}`).sort()).toEqual(
      [
        'text:text_too_long',
        'media:media_required',
        'options.boardId:board_required',
        'options.title:title_too_long',
        'link:link_too_long',
        'firstComment:unsupported',
      ].sort(),
    );
    const images = Array.from({ length: 6 }, (_, i) => ({
      id: `i${i}`,
      mimeType: 'image/png',
      sizeBytes: 10,
    }));
    expect(
      pinterestDescriptor
        .validate({ text: 'ok', link: null, media: images, firstComment: null, options: { boardId: 'b' } })
        .map((v) => v.code),
    ).toEqual(['too_many_images']);
  });
});
