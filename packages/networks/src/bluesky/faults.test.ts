import { type FakeAccount, FakePds, makePng } from '@araldo/testkit/bluesky';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Credentials } from '../contract';
import { HttpClient } from '../http/http-client';
import { blueskyDescriptor } from './descriptor';
import { delivery, failure, makeMp4, mp4File, pngFile } from './test-delivery';

// What the reference PDS cannot be made to do on demand (rate limits, outages, lost answers,
// an AppView behind it), against the strict fake in the testkit.

let fake: FakePds;
let account: FakeAccount;
const http = new HttpClient({ allowPrivate: true, timeoutMs: 400 });

beforeAll(async () => {
  fake = await new FakePds().start();
  account = fake.createAccount('dana.bsky.social', 'Dana');
});

afterEach(() => {
  fake.server.clearFaults();
  fake.rateLimit = 3000;
});

afterAll(async () => {
  await http.close();
  await fake.stop();
});

function connect(over: Partial<Credentials> = {}) {
  const saved: Credentials[] = [];
  const client = blueskyDescriptor.createClient({
    baseUrl: fake.url,
    http,
    credentials: { identifier: account.handle, appPassword: account.appPassword, ...over },
    app: {},
    stateDir: '/nonexistent',
    onCredentials: async (c) => {
      saved.push(c);
    },
  });
  return { client, saved };
}

const xrpcError = (status: number, error: string, message: string) => ({
  kind: 'status' as const,
  response: { status, json: { error, message } },
});

describe('Bluesky failures, against the fake PDS', () => {
  it('reads the reset time of a 429 from the RateLimit-Reset header', async () => {
    const { client } = connect();
    await client.verify();
    fake.rateLimit = 1;
    const error = await failure(client.publish(delivery('Too many')));
    expect(error.failure).toBe('rate_limited');
    expect(error.networkCode).toBe('RateLimitExceeded');
    expect(error.resetAt).toBeGreaterThan(Date.now());
    expect(error.resetAt! % 1000).toBe(0); // epoch seconds from the header, not a guess
    expect(error.message).toMatch(
      /rate limiting this account, so Araldo could not .*; it will try again after \d{4}-/,
    );
  });

  it('prefers Retry-After when a proxy in front of the PDS sends it', async () => {
    const { client } = connect();
    fake.server.inject({
      kind: 'status',
      response: { status: 429, json: { error: 'RateLimitExceeded' }, headers: { 'retry-after': '30' } },
    });
    const before = Date.now();
    const error = await failure(client.verify());
    expect(error.failure).toBe('rate_limited');
    expect(error.resetAt).toBeGreaterThanOrEqual(before + 30_000);
  });

  it('calls a 5xx transient, and may-have-succeeded only for a write', async () => {
    const { client } = connect();
    fake.server.inject(xrpcError(502, 'UpstreamFailure', 'Upstream service unreachable'), {
      path: /getPosts/,
    });
    const read = await failure(client.fetchMetrics(['at://did:plc:x/app.bsky.feed.post/3kaaaaaaaaaa2']));
    expect(read).toMatchObject({ failure: 'transient', status: 502, mayHaveSucceeded: false });
    fake.server.inject(xrpcError(500, 'InternalServerError', 'Internal Server Error'), { path: /putRecord/ });
    const write = await failure(client.publish(delivery('A 500 on the write')));
    expect(write).toMatchObject({ failure: 'transient', status: 500, mayHaveSucceeded: true });
  });

  it('survives a publish that timed out after the PDS wrote the post: one post in the end', async () => {
    const { client } = connect();
    const before = fake.posts(account.did).length;
    fake.server.inject({ kind: 'timeout' }, { path: /putRecord/ });
    const request = delivery('Timed out, but written');
    const error = await failure(client.publish(request));
    expect(error).toMatchObject({ failure: 'transient', mayHaveSucceeded: true });
    const found = await client.findPublished({
      text: request.text,
      since: new Date(0),
      journal: request.journal,
    });
    expect(found).not.toBeNull();
    expect(await client.publish(request)).toEqual(found);
    expect(fake.posts(account.did).length).toBe(before + 1);
  });

  it('publishes a video whose putRecord timed out after the write as one post, uploaded once', async () => {
    const { client } = connect();
    const mp4 = makeMp4(3);
    const before = fake.posts(account.did).length;
    const uploads = () => fake.server.requests.filter((r) => r.path.endsWith('uploadBlob')).length;
    const uploadsBefore = uploads();
    fake.server.inject({ kind: 'timeout' }, { path: /putRecord/ });
    const request = delivery('Clip, timed out but written', { media: [mp4File(mp4, { altText: 'A clip' })] });
    expect(await failure(client.publish(request))).toMatchObject({ mayHaveSucceeded: true });
    const published = await client.publish(request);
    expect(fake.posts(account.did).length).toBe(before + 1);
    expect(uploads()).toBe(uploadsBefore + 1);
    const embed = fake.records.get(published.remoteId)?.value.embed as Record<string, unknown>;
    expect(embed).toMatchObject({
      $type: 'app.bsky.embed.video',
      alt: 'A clip',
      video: { size: mp4.length },
    });
  });

  it("passes on the PDS's refusal of a video over the lexicon's size", async () => {
    const { client } = connect();
    fake.maxVideoBytes = 1_000;
    try {
      const error = await failure(
        client.publish(delivery('Too big a clip', { media: [mp4File(makeMp4())] })),
      );
      expect(error).toMatchObject({ failure: 'permanent', networkCode: 'InvalidRequest', status: 400 });
      expect(error.message).toMatch(/blob too big \(maximum 1000/);
    } finally {
      fake.maxVideoBytes = 100_000_000;
    }
  });

  it('uploads the images again when the PDS dropped them between two attempts', async () => {
    const { client } = connect();
    const png = makePng(2, 2);
    const request = delivery('With a picture', { media: [pngFile(png)] });
    fake.server.inject(xrpcError(503, 'NotEnoughResources', 'Try again later'), { path: /putRecord/ });
    await failure(client.publish(request));
    const journalled = JSON.stringify(request.journal);
    fake.blobs.clear(); // the unreferenced blob was garbage-collected
    const published = await client.publish(request);
    expect(JSON.stringify(request.journal)).toBe(journalled);
    expect(fake.records.get(published.remoteId)?.value).toEqual(request.journal.record);
  });

  it('refreshes an expired access token once and hands over the rotated tokens', async () => {
    const first = connect();
    await first.client.verify();
    const session = first.saved[0]!;
    fake.expireAccessTokens();
    const { client, saved } = connect(session);
    await client.publish(delivery('After a refresh'));
    expect(saved).toHaveLength(1);
    expect(saved[0]?.refreshJwt).not.toBe(session.refreshJwt);
    const refreshes = fake.server.requests.filter((r) => r.path.endsWith('refreshSession'));
    expect(refreshes.length).toBeGreaterThanOrEqual(1);
  });

  it('logs in again with the app password when the refresh token was revoked', async () => {
    const first = connect();
    await first.client.verify();
    fake.expireAccessTokens();
    fake.revokeRefreshTokens();
    const { client, saved } = connect(first.saved[0]);
    expect((await client.verify()).accountId).toBe(account.did);
    expect(saved).toHaveLength(1);
  });

  it('gives up with auth_expired, naming no secret, when nothing opens the account any more', async () => {
    const first = connect();
    await first.client.verify();
    fake.expireAccessTokens();
    fake.revokeRefreshTokens();
    const session = first.saved[0]!;
    const { client } = connect({ ...session, appPassword: 'zzzz-zzzz-zzzz-zzzz' });
    const error = await failure(client.publish(delivery('Never sent')));
    expect(error.failure).toBe('auth_expired');
    for (const secret of ['zzzz-zzzz-zzzz-zzzz', String(session.accessJwt), String(session.refreshJwt)]) {
      expect(error.message).not.toContain(secret);
    }
  });

  it('keeps a refresh that hits an outage transient instead of logging in again', async () => {
    const first = connect();
    await first.client.verify();
    fake.expireAccessTokens();
    fake.server.inject(xrpcError(503, 'NotEnoughResources', 'Busy'), { path: /refreshSession/ });
    const { client } = connect(first.saved[0]);
    const error = await failure(client.verify());
    expect(error.failure).toBe('transient');
  });

  it('reads the display name from the AppView profile', async () => {
    const { client } = connect();
    expect(await client.verify()).toEqual({
      accountId: account.did,
      handle: account.handle,
      displayName: 'Dana',
    });
  });

  it('fetches metrics 25 posts per call', async () => {
    const { client } = connect();
    const uris: string[] = [];
    for (let i = 0; i < 30; i++) uris.push((await client.publish(delivery(`Post ${i}`))).remoteId);
    fake.counts.set(uris[0]!, { likeCount: 5, repostCount: 2, replyCount: 3, quoteCount: 1 });
    const calls = () => fake.server.requests.filter((r) => r.path.endsWith('getPosts')).length;
    const before = calls();
    const metrics = await client.fetchMetrics(uris);
    expect(calls() - before).toBe(2);
    expect(metrics).toHaveLength(30);
    expect(metrics[0]).toMatchObject({
      remoteId: uris[0],
      likes: 5,
      comments: 3,
      shares: 3,
      impressions: null,
    });
  });

  it('turns replies and mentions into inbox items, newest first, and skips likes and older ones', async () => {
    const { client } = connect();
    const author = { did: 'did:plc:eve', handle: 'eve.bsky.social', displayName: 'Eve' };
    const post = `at://${account.did}/app.bsky.feed.post/3kaaaaaaaaaa2`;
    fake.notifications.push(
      {
        uri: 'at://did:plc:eve/app.bsky.feed.post/3kbbbbbbbbbb2',
        reason: 'reply',
        author,
        record: {
          text: 'Nice post',
          createdAt: '2026-11-20T10:00:00.000Z',
          reply: { root: { uri: post, cid: 'c' }, parent: { uri: post, cid: 'c' } },
        },
        indexedAt: '2026-11-20T10:00:01.000Z',
      },
      {
        uri: 'at://did:plc:eve/app.bsky.feed.post/3kcccccccccc2',
        reason: 'mention',
        author,
        record: { text: 'cc @dana.bsky.social', createdAt: '2026-11-21T10:00:00.000Z' },
        indexedAt: '2026-11-21T10:00:01.000Z',
      },
      {
        uri: 'at://did:plc:eve/app.bsky.feed.like/3kdddddddddd2',
        reason: 'like',
        author,
        record: { subject: { uri: post } },
        indexedAt: '2026-11-22T10:00:01.000Z',
      },
    );
    const items = await client.fetchInbox(null);
    expect(items.map((i) => [i.kind, i.text])).toEqual([
      ['mention', 'cc @dana.bsky.social'],
      ['comment', 'Nice post'],
    ]);
    expect(items[1]).toMatchObject({
      inReplyTo: post,
      author: { id: 'did:plc:eve', handle: 'eve.bsky.social', name: 'Eve' },
      url: 'https://bsky.app/profile/eve.bsky.social/post/3kbbbbbbbbbb2',
    });
    expect(await client.fetchInbox(new Date('2026-11-21T00:00:00Z'))).toHaveLength(1);
  });
});
