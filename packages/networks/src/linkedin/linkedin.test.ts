import { FakeLinkedIn, readLittleText } from '@araldo/testkit';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Credentials, MediaFile, MediaInfo, NetworkClient, PublishRequest } from '../contract';
import { HttpClient } from '../http/http-client';
import type { NetworkError } from '../http/network-error';
import { authorizationRequest, exchangeCode, rebaseOAuth } from '../oauth/oauth-flow';
import { linkedinDescriptor } from './descriptor';
import { linkedinOAuth } from './oauth';
import { fromLittleText, toLittleText } from './text';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const file = (altText = 'A single dot'): MediaFile => ({
  id: 'm1',
  filename: 'dot.png',
  mimeType: 'image/png',
  sizeBytes: PNG.length,
  altText,
  read: async () => PNG,
  publicUrl: 'http://unused/',
});
// Big enough for LinkedIn's 75 KB minimum; the fake cuts it in 32 KB parts to show several.
const MP4 = Buffer.concat([
  Buffer.from([0, 0, 0, 24]),
  Buffer.from('ftypisom\0\0\x02\0isommp41', 'latin1'),
  Buffer.alloc(100 * 1024 - 24, 7),
]);
const video = (): MediaFile => ({
  id: 'v1',
  filename: 'clip.mp4',
  mimeType: 'video/mp4',
  sizeBytes: MP4.length,
  durationSeconds: 12,
  read: async () => MP4,
  publicUrl: 'http://unused/',
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

const app = { clientId: 'linkedin-app', clientSecret: 'linkedin-secret' };

describe('the LinkedIn adapter against a strict fake', () => {
  const fake = new FakeLinkedIn(app);
  const http = new HttpClient({ allowPrivate: true, timeoutMs: 1_000 });
  const saved: Credentials[] = [];
  let client: NetworkClient;
  let person: Credentials;
  const clientFor = (credentials: Credentials) =>
    linkedinDescriptor.createClient({
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
    fake.addOrganization('2414183', 'Araldo Inc.', 'araldo');
    person = { ...fake.issueTokens(), personUrn: fake.personUrn };
    client = clientFor(person);
  });
  afterEach(() => fake.server.clearFaults());
  afterAll(async () => {
    await http.close();
    await fake.stop();
  });

  it('connects through OAuth (client credentials in the form) and finds the member', async () => {
    const desc = rebaseOAuth(linkedinOAuth, fake.url, linkedinDescriptor.defaultBaseUrl);
    const redirectUri = 'http://araldo.example/oauth/callback';
    const start = await authorizationRequest(desc, app, { redirectUri });
    expect(start.codeVerifier).toBeNull();
    const consent = await http.request({ method: 'GET', url: start.url });
    const tokens = await exchangeCode(desc, app, {
      redirectUri,
      callbackUrl: String(consent.headers.location),
      state: start.state,
      codeVerifier: null,
    });
    const credentials = await linkedinDescriptor.credentialsFromTokens!(tokens, {
      http,
      baseUrl: fake.url,
      app,
    });
    expect(credentials).toMatchObject({ personUrn: fake.personUrn, name: 'Ada Araldo' });
    expect(await clientFor(credentials).verify()).toEqual({
      accountId: fake.personUrn,
      handle: null,
      displayName: 'Ada Araldo',
    });
  });

  it('keeps reserved characters and hashtags intact in the commentary', async () => {
    const text = 'Launch (finally) #OpenSource — 50% off <today> *only* @team [v1] a_b ~x {y} | \\';
    const published = await client.publish(request(text));
    const post = fake.posts.find((p) => p.urn === published.remoteId)!;
    expect(post.text).toBe(text);
    expect(post.commentary).toContain('{hashtag|#|OpenSource}');
    expect(published.url).toBe(`https://www.linkedin.com/feed/update/${post.urn}/`);
  });

  it('publishes a link as an article, and images as media or multiImage with alt text', async () => {
    const link = await client.publish(
      request('Read this', { link: 'https://example.org/post', options: { linkTitle: 'Our post' } }),
    );
    expect(fake.posts.find((p) => p.urn === link.remoteId)?.content).toEqual({
      article: { source: 'https://example.org/post', title: 'Our post' },
    });
    const one = await client.publish(request('One picture', { media: [file()] }));
    expect(fake.posts.find((p) => p.urn === one.remoteId)?.content).toMatchObject({
      media: { altText: 'A single dot' },
    });
    const two = await client.publish(
      request('Two pictures', { media: [file(), file('Second')], link: 'https://example.org/x' }),
    );
    const post = fake.posts.find((p) => p.urn === two.remoteId)!;
    expect(post.content).toMatchObject({ multiImage: { images: [{}, { altText: 'Second' }] } });
    expect(post.text).toBe('Two pictures\n\nhttps://example.org/x');
  });

  it('publishes a video: initialize, every part with its ETag, finalize, then the post', async () => {
    fake.videos.partSize = 32 * 1024;
    const req = request('Watch this', { media: [video()], options: { title: 'Our clip' } });
    const published = await client.publish(req);
    const post = fake.posts.find((p) => p.urn === published.remoteId)!;
    const urn = (req.journal.video as { urn: string }).urn;
    expect(post.content).toEqual({ media: { id: urn, title: 'Our clip' } });
    const uploaded = fake.videos.videos.get(urn)!;
    expect(uploaded).toMatchObject({ owner: fake.personUrn, status: 'AVAILABLE', finalizeCalls: 1 });
    expect(uploaded.parts).toHaveLength(4);
    expect(req.journal.video).toMatchObject({ finalized: true, etags: uploaded.parts.map((p) => p.etag) });
  });

  it('a video upload cut short resumes its parts; a lost finalize or post answer is not repeated', async () => {
    fake.videos.partSize = 32 * 1024;
    const req = request('A video, exactly once', { media: [video()] });
    const puts = () => fake.server.requests.filter((r) => r.path.startsWith('/dms-uploads/videos/')).length;
    const putsBefore = puts();
    const videosBefore = fake.videos.videos.size;
    // The third part's connection breaks: two parts are in, their ETags journalled.
    let part = 0;
    fake.server.chaos = (method, path) =>
      method === 'PUT' && path.startsWith('/dms-uploads/videos/') && ++part === 3
        ? { kind: 'drop' }
        : undefined;
    expect(await failure(client.publish(req))).toMatchObject({ failure: 'transient' });
    fake.server.chaos = undefined;
    const afterFirst = (req.journal.video as { etags: (string | null)[] }).etags.filter(Boolean).length;
    // The finalize is received but its answer lost, then the post's answer is lost too.
    fake.server.inject({ kind: 'drop' }, { method: 'POST', path: /^\/rest\/videos$/ });
    expect(await failure(client.publish(req))).toMatchObject({ mayHaveSucceeded: true });
    fake.server.inject({ kind: 'drop' }, { method: 'POST', path: /^\/rest\/posts$/ });
    expect(await failure(client.publish(req))).toMatchObject({ mayHaveSucceeded: true });
    const published = await client.publish(req);
    const urn = (req.journal.video as { urn: string }).urn;
    expect(fake.posts.filter((p) => p.text === 'A video, exactly once')).toHaveLength(1);
    expect(published.remoteId).toBe(fake.posts.find((p) => p.text === 'A video, exactly once')?.urn);
    expect(fake.videos.videos.get(urn)).toMatchObject({ finalizeCalls: 1, status: 'AVAILABLE' });
    // Four parts, the third sent twice since its answer was lost; one video, never re-initialized.
    expect(afterFirst).toBe(2);
    expect(puts() - putsBefore).toBe(5);
    expect(fake.videos.videos.size).toBe(videosBefore + 1);
  });

  it('posts as a company page and adds the first comment as that page', async () => {
    const org = clientFor({ ...person, organizationUrn: 'urn:li:organization:2414183' });
    expect(await org.verify()).toMatchObject({ displayName: 'Araldo Inc.', handle: 'araldo' });
    const req = request('From the page', { firstComment: 'Details in the comments' });
    const published = await org.publish(req);
    expect(fake.posts.find((p) => p.urn === published.remoteId)?.author).toBe('urn:li:organization:2414183');
    const comment = fake.comments.find((c) => c.postUrn === published.remoteId)!;
    expect(comment).toMatchObject({ actor: 'urn:li:organization:2414183', text: 'Details in the comments' });
    expect(req.journal.commentUrn).toBe(comment.urn);
    const [metrics] = await org.fetchMetrics([published.remoteId]);
    expect(metrics).toMatchObject({ comments: 1, impressions: 10, clicks: 0 });
  });

  it('an answer lost after the post was created: the retry finds it instead of posting again', async () => {
    fake.server.inject({ kind: 'drop' }, { method: 'POST', path: /^\/rest\/posts$/ });
    const req = request('Exactly once (really)', { firstComment: 'And one comment' });
    expect(await failure(client.publish(req))).toMatchObject({
      failure: 'transient',
      mayHaveSucceeded: true,
    });
    fake.server.inject({ kind: 'timeout' }, { method: 'POST', path: /\/comments$/ });
    expect(await failure(client.publish(req))).toMatchObject({ mayHaveSucceeded: true });
    const published = await client.publish(req);
    expect(fake.posts.filter((p) => p.text === 'Exactly once (really)')).toHaveLength(1);
    expect(fake.comments.filter((c) => c.postUrn === published.remoteId)).toHaveLength(1);
  });

  it('finds a post an earlier attempt made, by the journal or by its text', async () => {
    const since = new Date();
    const published = await client.publish(request('Find me <please>'));
    expect(
      await client.findPublished({ text: 'x', since, journal: { postUrn: published.remoteId } }),
    ).toEqual(published);
    expect(await client.findPublished({ text: 'Find me <please>', since, journal: {} })).toEqual(published);
    expect(await client.findPublished({ text: 'Never posted', since, journal: {} })).toBeNull();
  });

  it('refreshes after a 401 when it has a refresh token, and says reconnect when it cannot', async () => {
    const tokens = fake.issueTokens();
    fake.oauth.expire(tokens.accessToken);
    saved.length = 0;
    await clientFor({ ...tokens, personUrn: fake.personUrn }).publish(request('After a refresh'));
    expect(saved[0]).toMatchObject({ personUrn: fake.personUrn, refreshToken: tokens.refreshToken });

    // Most apps get no refresh token: a token about to expire is still used until LinkedIn says no.
    const lasting = fake.issueTokens();
    await clientFor({ accessToken: lasting.accessToken, expiresAt: Date.now() + 60_000 }).verify();

    const bare = fake.issueTokens();
    fake.oauth.expire(bare.accessToken);
    const error = await failure(
      clientFor({ accessToken: bare.accessToken, personUrn: fake.personUrn }).publish(request('No refresh')),
    );
    expect(error).toMatchObject({ failure: 'auth_expired' });
    expect(error.message).toMatch(/reconnect/);
  });

  it('classifies 429 (reset at midnight UTC), 5xx, and LinkedIn’s refusals with their reason', async () => {
    fake.dailyPostLimit = 0;
    try {
      const limited = await failure(client.publish(request('Over the daily limit')));
      const midnight = new Date();
      midnight.setUTCHours(24, 0, 0, 0);
      expect(limited).toMatchObject({ failure: 'rate_limited', resetAt: midnight.getTime() });
    } finally {
      fake.dailyPostLimit = 150;
    }
    fake.server.inject({
      kind: 'status',
      response: { status: 504, json: { status: 504, message: 'Timeout' } },
    });
    await expect(client.publish(request('Down'))).rejects.toMatchObject({ failure: 'transient' });

    await client.publish(request('Said once'));
    const duplicate = await failure(client.publish(request('Said once')));
    expect(duplicate).toMatchObject({ failure: 'permanent', status: 422 });
    expect(duplicate.message).toMatch(/duplicate/);

    const stranger = await failure(
      client.publish(request('Not my page', { options: { author: 'urn:li:organization:999' } })),
    );
    expect(stranger).toMatchObject({ failure: 'permanent', status: 403, networkCode: '100' });
  });

  it('reads comments on the channel’s posts and replies to one', async () => {
    const since = new Date(Date.now() - 1000);
    const published = await client.publish(request('Tell us what you think'));
    fake.addComment(published.remoteId, 'urn:li:person:fan', 'Great!');
    const inbox = await client.fetchInbox(since);
    expect(inbox).toEqual([
      expect.objectContaining({ kind: 'comment', text: 'Great!', inReplyTo: published.remoteId }),
    ]);
    await client.reply(inbox[0]!, 'Thank you!');
    expect(fake.comments.at(-1)).toMatchObject({ parentComment: inbox[0]?.remoteId, actor: fake.personUrn });
    const [metrics] = await client.fetchMetrics([published.remoteId]);
    expect(metrics).toMatchObject({ comments: 2, likes: 0, impressions: null });
  });
});

describe('LinkedIn text and validation', () => {
  it('little text round-trips any plain text, as LinkedIn reads it', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        expect(readLittleText(toLittleText(text))).toBe(text);
        expect(fromLittleText(toLittleText(text))).toBe(text);
      }),
    );
  });

  it('names every problem at once', () => {
    const image = { id: 'i', mimeType: 'image/png', sizeBytes: 1000 };
    const violations = linkedinDescriptor.validate({
      text: 'y'.repeat(3001),
      link: null,
      media: [...Array.from({ length: 21 }, () => image), { id: 'v', mimeType: 'video/mp4', sizeBytes: 1 }],
      firstComment: null,
      options: { author: 'someone' },
    });
    expect(violations.map((v) => v.code).sort()).toEqual(
      ['invalid_author', 'text_too_long', 'too_many_images', 'mixed_media', 'media_too_small'].sort(),
    );
  });

  it('takes one MP4 of 75 KB to 500 MB lasting 3 s to 30 min', () => {
    const draft = (media: MediaInfo[]) => ({
      text: 'Clip',
      link: null,
      media,
      firstComment: null,
      options: {},
    });
    const mp4 = (over: Partial<MediaInfo> = {}): MediaInfo => ({
      id: 'v',
      mimeType: 'video/mp4',
      sizeBytes: 1_000_000,
      durationSeconds: 30,
      ...over,
    });
    expect(linkedinDescriptor.validate(draft([mp4()]))).toEqual([]);
    const codes = (media: MediaInfo[]) =>
      linkedinDescriptor.validate(draft(media)).map((v) => `${v.path}:${v.code}`);
    expect(
      codes([mp4({ sizeBytes: 600_000_000, durationSeconds: 1801 }), mp4({ durationSeconds: 2 })]).sort(),
    ).toEqual(
      [
        'media.0:media_too_large',
        'media.0:video_too_long',
        'media.1:video_too_short',
        'media:too_many_videos',
      ].sort(),
    );
    expect(codes([mp4({ mimeType: 'video/quicktime' })])).toEqual(['media.0:unsupported_media_type']);
  });
});
