import {
  type Actor,
  connectChannel,
  createPost,
  Publisher,
  refreshPostMetrics,
  syncMetrics,
  withDeliveries,
} from '@araldo/engine';
import {
  connectFakeMastodon,
  createTestContext,
  DIALECTS,
  FakeMastodon,
  seedWorkspace,
  type TestContext,
} from '@araldo/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe.each(DIALECTS)('metrics sync on %s', (dialect) => {
  const fake = new FakeMastodon();
  let ctx: TestContext;
  let ws: string;
  let owner: Actor;
  let viewer: Actor;
  let publisher: Publisher;
  let mastodon: string;
  let sandbox: string;
  let token: string;

  const view = async (postId: string) => (await withDeliveries(ctx, ws, [{ id: postId } as never]))[0]!;
  const deliveryOn = async (postId: string, channelId: string) =>
    (await view(postId)).deliveries.find((d) => d.channelId === channelId)!;
  const metricRow = (deliveryId: string) =>
    ctx.store.db
      .selectFrom('delivery_metrics')
      .selectAll()
      .where('delivery_id', '=', deliveryId)
      .executeTakeFirstOrThrow();
  const drain = async (at: number) => {
    for (let n = await publisher.runOnce(at); n > 0; n = await publisher.runOnce(at));
  };
  /** Publishes a post now on the given channels; the network's reactions are set afterwards. */
  const published = async (text: string, channelIds: string[], at = Date.now()) => {
    const post = await createPost(ctx, owner, ws, { text, channelIds }, { kind: 'instant', at });
    await drain(at);
    return post;
  };
  const status = (text: string) => fake.statuses.find((s) => s.text === text)!;

  beforeAll(async () => {
    await fake.start();
    ctx = await createTestContext(dialect, { ARALDO_ALLOW_PRIVATE_URLS: '1', ARALDO_QUEUE: 'embedded' });
    const seed = await seedWorkspace(ctx);
    ws = seed.workspaceId;
    owner = { userId: seed.callers.owner.userId, role: 'owner' };
    viewer = { userId: seed.callers.viewer.userId, role: 'viewer' };
    token = fake.issueToken('brand').token;
    mastodon = (await connectFakeMastodon(ctx, owner, ws, fake, token)).id;
    sandbox = (await connectChannel(ctx, owner, ws, { network: 'sandbox', name: 'Trial' })).id;
    publisher = new Publisher(ctx, { worker: 'metrics-test', leaseMs: 60_000 });
  });
  afterAll(async () => {
    await ctx?.dispose();
    await fake.stop();
  });

  it('stores each published delivery’s metrics after a sync; until then the post shows null', async () => {
    const t = Date.now();
    const post = await published('Measured', [mastodon, sandbox], t);
    expect((await view(post.id)).deliveries.map((d) => [d.state, d.metrics])).toEqual([
      ['published', null],
      ['published', null],
    ]);
    Object.assign(status('Measured'), { favourites: 5, reblogs: 2 });
    const report = await syncMetrics(ctx, { now: t + MINUTE });
    expect(report.skipped).toEqual([]);
    const m = await deliveryOn(post.id, mastodon);
    expect(m.metrics).toEqual({
      likes: 5,
      comments: 0,
      shares: 2,
      impressions: null,
      clicks: null,
      engagement: 7,
      fetchedAt: new Date(t + MINUTE).toISOString(),
    });
    // The sandbox's simulated audience reports impressions and clicks too.
    const s = (await deliveryOn(post.id, sandbox)).metrics!;
    expect(s.impressions).not.toBeNull();
    expect(s.engagement).toBe(s.likes + s.comments + s.shares + (s.clicks ?? 0));
    // Young posts are read again hourly: not before.
    expect((await metricRow(m.id)).next_sync_at).toBe(t + MINUTE + HOUR);
    Object.assign(status('Measured'), { favourites: 9 });
    await syncMetrics(ctx, { now: t + 30 * MINUTE });
    expect((await deliveryOn(post.id, mastodon)).metrics?.likes).toBe(5);
    await syncMetrics(ctx, { now: t + 2 * HOUR });
    expect((await deliveryOn(post.id, mastodon)).metrics?.likes).toBe(9);
    // Then daily, and never again once thirty days old.
    await syncMetrics(ctx, { now: t + 3 * DAY });
    expect((await metricRow(m.id)).next_sync_at).toBe(t + 4 * DAY);
    await syncMetrics(ctx, { now: t + 30 * DAY });
    expect((await metricRow(m.id)).next_sync_at).toBeNull();
  });

  it('two sync passes at once read each delivery once', async () => {
    const t = Date.now();
    const posts = [];
    for (const text of ['Twice 1', 'Twice 2', 'Twice 3']) posts.push(await published(text, [mastodon], t));
    const reads = () => fake.server.requests.filter((r) => /\/api\/v1\/statuses\/\d+$/.test(r.path)).length;
    const before = reads();
    const [a, b] = await Promise.all([
      syncMetrics(ctx, { now: t + MINUTE }),
      syncMetrics(ctx, { now: t + MINUTE }),
    ]);
    expect(a.synced + b.synced).toBe(3);
    expect(reads() - before).toBe(3);
    for (const p of posts) expect((await deliveryOn(p.id, mastodon)).metrics).not.toBeNull();
  });

  it('a rate-limited channel waits for the reset; refused credentials skip the channel and keep it active', async () => {
    const t = Date.now() + 10 * DAY;
    const limited = await published('Limited', [mastodon, sandbox], t);
    const reset = t + 2 * HOUR;
    fake.server.inject(
      {
        kind: 'status',
        response: {
          status: 429,
          json: { error: 'Too many requests' },
          headers: { 'x-ratelimit-reset': new Date(reset).toISOString() },
        },
      },
      { method: 'GET', path: /\/api\/v1\/statuses\/\d+$/ },
    );
    const report = await syncMetrics(ctx, { now: t + MINUTE });
    expect(report.skipped).toEqual([
      expect.objectContaining({ channelId: mastodon, reason: 'rate_limited' }),
    ]);
    const m = await deliveryOn(limited.id, mastodon);
    expect(m.metrics).toBeNull();
    expect((await metricRow(m.id)).next_sync_at).toBe(reset);
    // The other channel was read in the same pass.
    expect((await deliveryOn(limited.id, sandbox)).metrics).not.toBeNull();

    fake.server.inject(
      { kind: 'status', response: { status: 401, json: { error: 'The access token is invalid' } } },
      { method: 'GET', path: /\/api\/v1\/statuses\/\d+$/, times: 100 },
    );
    const refused = await syncMetrics(ctx, { now: reset });
    expect(refused.skipped).toEqual([
      expect.objectContaining({ channelId: mastodon, reason: 'auth_expired' }),
    ]);
    const channel = await ctx.store.db
      .selectFrom('channels')
      .select('status')
      .where('id', '=', mastodon)
      .executeTakeFirstOrThrow();
    expect(channel.status).toBe('active');
    expect((await metricRow(m.id)).next_sync_at).toBeGreaterThan(reset + HOUR);
    fake.server.clearFaults();
  });

  it('a post deleted on the network stops being read; the others still are', async () => {
    const t = Date.now() + 20 * DAY;
    const kept = await published('Kept', [mastodon], t);
    const removed = await published('Removed', [mastodon], t);
    fake.statuses.splice(fake.statuses.indexOf(status('Removed')), 1);
    Object.assign(status('Kept'), { favourites: 3 });
    await syncMetrics(ctx, { now: t + MINUTE });
    expect((await deliveryOn(kept.id, mastodon)).metrics?.likes).toBe(3);
    const gone = await deliveryOn(removed.id, mastodon);
    expect(gone.metrics).toBeNull();
    expect((await metricRow(gone.id)).next_sync_at).toBeNull();
  });

  it('a person can read one post’s metrics now', async () => {
    const t = Date.now() + 40 * DAY;
    const post = await published('Refresh me', [mastodon], t);
    Object.assign(status('Refresh me'), { favourites: 4 });
    await expect(refreshPostMetrics(ctx, viewer, ws, post.id, t + MINUTE)).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(await refreshPostMetrics(ctx, owner, ws, post.id, t + MINUTE)).toEqual({ synced: 1, skipped: [] });
    expect((await deliveryOn(post.id, mastodon)).metrics?.likes).toBe(4);
    // Numbers read a moment ago are not asked for again.
    expect(await refreshPostMetrics(ctx, owner, ws, post.id, t + MINUTE + 1000)).toEqual({
      synced: 0,
      skipped: [],
    });
  });
});
