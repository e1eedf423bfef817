import { FakeMastodon } from '@araldo/testkit';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MediaFile, NetworkClient, PublishRequest } from '../contract';
import { HttpClient } from '../http/http-client';
import { NetworkError } from '../http/network-error';
import { mastodonDescriptor } from './descriptor';
import { mastodonLength } from './text';

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

/** The error a call failed with; fails the test if the call succeeded. */
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e as NetworkError,
  );

function request(deliveryId: string, over: Partial<PublishRequest> = {}) {
  const journal: Record<string, unknown> = {};
  const req: PublishRequest = {
    deliveryId,
    text: 'Hello from Araldo',
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

describe('the Mastodon adapter against a strict fake', () => {
  const fake = new FakeMastodon();
  const http = new HttpClient({ allowPrivate: true, timeoutMs: 1_000 });
  let token: string;
  let client: NetworkClient;
  const clientFor = (accessToken: string) =>
    mastodonDescriptor.createClient({
      baseUrl: fake.url,
      http,
      credentials: { accessToken },
      app: {},
      onCredentials: async () => {},
      stateDir: '/nonexistent',
    });

  beforeAll(async () => {
    await fake.start();
    token = fake.issueToken('brand').token;
    client = clientFor(token);
  });
  afterEach(() => fake.server.clearFaults());
  afterAll(async () => {
    await http.close();
    await fake.stop();
  });

  it('verifies the token and names the account with its server', async () => {
    const account = await client.verify();
    expect(account.handle).toBe(`@brand@${new URL(fake.url).host}`);
  });

  it('publishes text with a link and an image with alt text, then the first comment as a reply', async () => {
    const published = await client.publish(
      request('d-1', { link: 'https://example.org/launch', media: [file()], firstComment: 'Details inside' }),
    );
    const main = fake.statuses.find((s) => s.id === published.remoteId)!;
    expect(main.text).toBe('Hello from Araldo\n\nhttps://example.org/launch');
    expect(main.mediaIds).toHaveLength(1);
    expect(fake.media.get(main.mediaIds[0]!)?.description).toBe('A single dot');
    const reply = fake.statuses.find((s) => s.inReplyToId === main.id)!;
    expect(reply.text).toBe('Details inside');
    expect(published.url).toContain(main.id);
  });

  it('waits for a video to finish processing before posting it', async () => {
    fake.videoProcessingPolls = 2;
    const video = file({
      filename: 'clip.mp4',
      mimeType: 'video/mp4',
      read: async () => Buffer.alloc(2048, 1),
    });
    const published = await client.publish(request('d-video', { media: [video] }));
    expect(fake.statuses.find((s) => s.id === published.remoteId)?.mediaIds).toHaveLength(1);
  });

  it('an answer lost after the post was created: the retry gets the same status, not a second one', async () => {
    const before = fake.statuses.length;
    fake.server.inject({ kind: 'drop' }, { method: 'POST', path: /\/api\/v1\/statuses$/ });
    const req = request('d-lost', { text: 'Exactly once' });
    const error = await failure(client.publish(req));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).mayHaveSucceeded).toBe(true);
    expect(fake.statuses.length).toBe(before + 1);
    const again = await client.publish(req);
    expect(fake.statuses.length).toBe(before + 1);
    expect(fake.statuses.at(-1)?.id).toBe(again.remoteId);
  });

  it('finds a post made by an earlier attempt whose answer was lost', async () => {
    const since = new Date(Date.now() - 1000);
    fake.server.inject({ kind: 'timeout' }, { method: 'POST', path: /\/api\/v1\/statuses$/ });
    const req = request('d-timeout', { text: 'Look for me <3 & co' });
    await expect(client.publish(req)).rejects.toMatchObject({ failure: 'transient', mayHaveSucceeded: true });
    const found = await client.findPublished({ text: 'Look for me <3 & co', since, journal: {} });
    expect(found?.remoteId).toBe(fake.statuses.at(-1)?.id);
    expect(await client.findPublished({ text: 'Never posted', since, journal: {} })).toBeNull();
  });

  it('finds a lost post whose link was appended to its text, so a retry never doubles it', async () => {
    const since = new Date(Date.now() - 1000);
    fake.server.inject({ kind: 'timeout' }, { method: 'POST', path: /\/api\/v1\/statuses$/ });
    const req = request('d-link', { text: 'Our new bakery', link: 'https://example.org/bakery' });
    await expect(client.publish(req)).rejects.toMatchObject({ mayHaveSucceeded: true });
    // What reconciliation asks with: the post's own text; the status carries the link after it.
    const found = await client.findPublished({ text: 'Our new bakery', since, journal: req.journal });
    expect(found?.remoteId).toBe(fake.statuses.at(-1)?.id);
    expect(await client.findPublished({ text: 'Our new', since, journal: {} })).toBeNull();
  });

  it('classifies failures: 401 auth expired, 422 permanent with the reason, 429 with the reset, 5xx transient', async () => {
    const expired = fake.issueToken('old');
    fake.expireToken(expired.token);
    await expect(clientFor(expired.token).publish(request('d-401'))).rejects.toMatchObject({
      failure: 'auth_expired',
    });

    const long = request('d-422', { text: 'x'.repeat(501) });
    const refused = await failure(client.publish(long));
    expect(refused).toMatchObject({ failure: 'permanent', status: 422 });
    expect(refused.message).toMatch(/character limit of 500/);

    const reset = new Date(Date.now() + 120_000);
    fake.server.inject({
      kind: 'status',
      response: {
        status: 429,
        json: { error: 'Too many requests' },
        headers: { 'x-ratelimit-reset': reset.toISOString() },
      },
    });
    const limited = await failure(client.publish(request('d-429')));
    expect(limited.failure).toBe('rate_limited');
    expect(Math.abs((limited.resetAt ?? 0) - reset.getTime())).toBeLessThan(1000);

    fake.server.inject({ kind: 'status', response: { status: 503, json: { error: 'Service Unavailable' } } });
    await expect(client.publish(request('d-503'))).rejects.toMatchObject({
      failure: 'transient',
      mayHaveSucceeded: false,
    });
  });

  it('never puts the token in an error message', async () => {
    const error = await failure(clientFor('secret-token-123456').verify());
    expect(String(error.message)).not.toContain('secret-token-123456');
  });

  it('reads metrics and mentions, and replies to a mention', async () => {
    const published = await client.publish(request('d-metrics', { text: 'Count me' }));
    const [metrics] = await client.fetchMetrics([published.remoteId]);
    expect(metrics).toMatchObject({ remoteId: published.remoteId, likes: 0, comments: 0 });
    const me = await client.verify();
    fake.addMention(me.accountId.split('@')[0]!, 'fan@elsewhere.social', 'Love it!', published.remoteId);
    const inbox = await client.fetchInbox(null);
    expect(inbox).toEqual([
      expect.objectContaining({ kind: 'comment', text: 'Love it!', inReplyTo: published.remoteId }),
    ]);
    const reply = await client.reply(inbox[0]!, 'Thank you!');
    expect(fake.statuses.find((s) => s.id === reply.remoteId)?.text).toBe('@fan@elsewhere.social Thank you!');
  });
});

describe('Mastodon text rules', () => {
  it('counts any URL as 23 and a remote mention as its username', () => {
    expect(mastodonLength('see https://example.org/a/very/long/path/that/goes/on?and=on')).toBe(4 + 23);
    expect(mastodonLength('hi @alice@mastodon.example.org')).toBe('hi @alice'.length);
    expect(mastodonLength('👩‍👩‍👧 ok')).toBe(4);
  });

  it('a URL of any length costs 23', () => {
    fc.assert(
      fc.property(fc.webUrl(), fc.string({ maxLength: 40 }), (url, words) => {
        const text = `${words.replace(/\S*https?:\/\/\S*/g, '')} ${url}`;
        expect(mastodonLength(text)).toBe(mastodonLength(text.replace(url, 'x'.repeat(23))));
      }),
    );
  });

  it('validate names every problem at once', () => {
    const image = { id: 'i', mimeType: 'image/png', sizeBytes: 1000 };
    const violations = mastodonDescriptor.validate({
      text: 'y'.repeat(600),
      link: null,
      media: [
        image,
        image,
        image,
        image,
        { ...image, sizeBytes: 20 * 1024 * 1024 },
        { id: 'v', mimeType: 'video/mp4', sizeBytes: 10 },
        { id: 't', mimeType: 'image/tiff', sizeBytes: 10 },
      ],
      firstComment: null,
      options: {},
    });
    expect(violations.map((v) => v.code).sort()).toEqual(
      ['media_too_large', 'mixed_media', 'text_too_long', 'too_many_images', 'unsupported_media_type'].sort(),
    );
  });
});
