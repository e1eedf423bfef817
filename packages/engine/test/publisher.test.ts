import type { Role } from '@araldo/core';
import {
  type Actor,
  channelQueue,
  connectChannel,
  createPost,
  createWebhookEndpoint,
  deletePost,
  extendRecurrences,
  Publisher,
  pauseQueue,
  reorderQueue,
  retryFailed,
  reviewPost,
  unschedulePost,
  updateChannel,
  updatePost,
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
import { RECONCILE_AFTER_MS } from '../src/publishing/outcomes';

const HOUR = 3_600_000;

describe.each(DIALECTS)('the publisher on %s', (dialect) => {
  const fake = new FakeMastodon();
  let ctx: TestContext;
  let ws: string;
  let owner: Actor;
  let contributor: Actor;
  let editor: Actor;
  let publisher: Publisher;
  let mastodon: string;
  let sandbox: string;
  let token: string;

  const deliveries = async (postId: string) =>
    (await withDeliveries(ctx, ws, [{ id: postId } as never]))[0]!.deliveries;
  const statuses = (text: string) => fake.statuses.filter((s) => s.text === text);
  /** Runs the publisher as if the clock read `at`, until nothing more is due. */
  const drain = async (at = Date.now()) => {
    let total = 0;
    for (let n = await publisher.runOnce(at); n > 0; n = await publisher.runOnce(at)) total += n;
    return total;
  };

  beforeAll(async () => {
    await fake.start();
    // The embedded queue lets these tests move the clock; pg-boss has its own tests.
    ctx = await createTestContext(dialect, { ARALDO_ALLOW_PRIVATE_URLS: '1', ARALDO_QUEUE: 'embedded' });
    const seed = await seedWorkspace(ctx);
    ws = seed.workspaceId;
    const as = (role: Role): Actor => ({ userId: seed.callers[role].userId, role });
    owner = as('owner');
    contributor = as('contributor');
    editor = as('editor');
    token = fake.issueToken('brand').token;
    mastodon = (await connectFakeMastodon(ctx, owner, ws, fake, token)).id;
    sandbox = (await connectChannel(ctx, owner, ws, { network: 'sandbox', name: 'Trial' })).id;
    publisher = new Publisher(ctx, { worker: 'test-worker', leaseMs: 60_000 });
  });
  afterAll(async () => {
    await ctx?.dispose();
    await fake.stop();
  });

  it('publishes a post due now on every channel, exactly once, with the remote link', async () => {
    const post = await createPost(
      ctx,
      owner,
      ws,
      { text: 'Hello, world', channelIds: [mastodon, sandbox] },
      { kind: 'now' },
    );
    expect((await deliveries(post.id)).map((d) => d.state)).toEqual(['scheduled', 'scheduled']);
    await drain();
    const done = await deliveries(post.id);
    expect(done.map((d) => d.state)).toEqual(['published', 'published']);
    expect(statuses('Hello, world')).toHaveLength(1);
    expect(done.find((d) => d.channelId === mastodon)?.remoteUrl).toContain(statuses('Hello, world')[0]!.id);
    const row = await ctx.store.db
      .selectFrom('posts')
      .select('status')
      .where('id', '=', post.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('published');
    expect(await drain()).toBe(0);
  });

  it('waits for the scheduled instant, resolved in the given zone', async () => {
    const post = await createPost(
      ctx,
      owner,
      ws,
      { text: 'Buongiorno', channelIds: [mastodon] },
      { kind: 'at', local: '2031-06-01T09:00', zone: 'Europe/Rome' },
    );
    const [d] = await deliveries(post.id);
    expect(d?.dueAt).toBe('2031-06-01T07:00:00.000Z');
    await drain(Date.parse('2031-06-01T06:59:59Z'));
    expect(statuses('Buongiorno')).toHaveLength(0);
    await drain(Date.parse('2031-06-01T07:00:00Z'));
    expect(statuses('Buongiorno')).toHaveLength(1);
  });

  it('an unscheduled or deleted post is never published; an edited one goes out with its latest text', async () => {
    const due = Date.now() + HOUR;
    const when = { kind: 'instant' as const, at: due };
    const withdrawn = await createPost(ctx, owner, ws, { text: 'Withdrawn', channelIds: [mastodon] }, when);
    const deleted = await createPost(ctx, owner, ws, { text: 'Deleted', channelIds: [mastodon] }, when);
    const edited = await createPost(ctx, owner, ws, { text: 'First draft', channelIds: [mastodon] }, when);
    expect(await unschedulePost(ctx, owner, ws, withdrawn.id)).toEqual({ withdrawn: 1, inFlight: [] });
    await deletePost(ctx, owner, ws, deleted.id);
    await updatePost(ctx, editor, ws, edited.id, { text: 'Final words' });
    await drain(due + 1000);
    expect(statuses('Withdrawn')).toHaveLength(0);
    expect(statuses('Deleted')).toHaveLength(0);
    expect(statuses('First draft')).toHaveLength(0);
    expect(statuses('Final words')).toHaveLength(1);
    expect((await deliveries(withdrawn.id)).map((d) => d.state)).toEqual(['draft']);
  });

  it('an edit saved with a new time, or with none, moves the post in the same transaction', async () => {
    const first = Date.now() + HOUR;
    const later = first + 2 * HOUR;
    const post = await createPost(
      ctx,
      owner,
      ws,
      { text: 'Moved with its edit', channelIds: [mastodon] },
      { kind: 'instant', at: first },
    );
    // Refused as a whole: the text breaks Mastodon's limit, so the time does not move either.
    await expect(
      updatePost(ctx, owner, ws, post.id, { text: 'x'.repeat(501) }, { kind: 'instant', at: later }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    expect((await deliveries(post.id)).map((d) => d.dueAt)).toEqual([new Date(first).toISOString()]);
    await updatePost(ctx, owner, ws, post.id, { text: 'Moved, edited' }, { kind: 'instant', at: later });
    expect((await deliveries(post.id)).map((d) => [d.state, d.dueAt])).toEqual([
      ['scheduled', new Date(later).toISOString()],
    ]);
    await drain(first + 1000);
    expect(statuses('Moved, edited')).toHaveLength(0);
    await drain(later + 1000);
    expect(statuses('Moved, edited')).toHaveLength(1);
    expect(statuses('Moved with its edit')).toHaveLength(0);

    const parked = await createPost(
      ctx,
      owner,
      ws,
      { text: 'Parked', channelIds: [mastodon] },
      { kind: 'instant', at: first },
    );
    const back = await updatePost(ctx, owner, ws, parked.id, { text: 'Parked, as a draft' }, null);
    expect(back.status).toBe('draft');
    expect((await deliveries(parked.id)).map((d) => d.state)).toEqual(['draft']);
    await drain(later + 1000);
    expect(statuses('Parked, as a draft')).toHaveLength(0);
  });

  it('an answer lost after the network created the post is reconciled, not re-sent', async () => {
    fake.server.inject({ kind: 'drop' }, { method: 'POST', path: /\/api\/v1\/statuses$/ });
    const post = await createPost(
      ctx,
      owner,
      ws,
      { text: 'Lost answer', channelIds: [mastodon] },
      { kind: 'now' },
    );
    const now = Date.now();
    await drain(now);
    expect((await deliveries(post.id))[0]?.state).toBe('unknown');
    expect(statuses('Lost answer')).toHaveLength(1);
    await drain(now + RECONCILE_AFTER_MS + 10);
    const [d] = await deliveries(post.id);
    expect(d?.state).toBe('published');
    expect(d?.remoteId).toBe(statuses('Lost answer')[0]!.id);
    expect(statuses('Lost answer')).toHaveLength(1);
    const attempts = await ctx.store.db
      .selectFrom('attempts')
      .select('outcome')
      .where('delivery_id', '=', d!.id)
      .orderBy('started_at')
      .execute();
    expect(attempts.map((a) => a.outcome)).toEqual(['unknown', 'reconciled']);
  });

  it('a reconciliation whose lookup fails asks again later and never re-sends meanwhile', async () => {
    fake.honourIdempotencyKeys = false;
    try {
      fake.server.inject({ kind: 'drop' }, { method: 'POST', path: /\/api\/v1\/statuses$/ });
      const post = await createPost(
        ctx,
        owner,
        ws,
        { text: 'Lookup trouble', channelIds: [mastodon] },
        {
          kind: 'now',
        },
      );
      const now = Date.now();
      await drain(now);
      expect((await deliveries(post.id))[0]?.state).toBe('unknown');
      // The network cannot list the account's posts, twice.
      fake.server.inject(
        { kind: 'status', response: { status: 503, json: { error: 'Service Unavailable' } } },
        { method: 'GET', path: /\/statuses/, times: 2 },
      );
      await drain(now + RECONCILE_AFTER_MS + 10);
      const [waiting] = await deliveries(post.id);
      expect(waiting?.state).toBe('unknown');
      expect(waiting?.failureReason).toMatch(/Could not check with mastodon whether this went out/);
      expect(statuses('Lookup trouble')).toHaveLength(1);
      await drain(now + HOUR);
      await drain(now + 2 * HOUR);
      const [d] = await deliveries(post.id);
      expect(d?.state).toBe('published');
      expect(d?.remoteId).toBe(statuses('Lookup trouble')[0]!.id);
      expect(statuses('Lookup trouble')).toHaveLength(1);
    } finally {
      fake.honourIdempotencyKeys = true;
    }
  });

  it('a lookup refused for a lapsed token waits for the reconnect, then looks before it would ever send', async () => {
    fake.honourIdempotencyKeys = false;
    try {
      fake.server.inject({ kind: 'drop' }, { method: 'POST', path: /\/api\/v1\/statuses$/ });
      const post = await createPost(
        ctx,
        owner,
        ws,
        { text: 'In doubt, then disconnected', channelIds: [mastodon] },
        { kind: 'now' },
      );
      const now = Date.now();
      await drain(now);
      expect((await deliveries(post.id))[0]?.state).toBe('unknown');
      fake.expireToken(token);
      await drain(now + RECONCILE_AFTER_MS + 10);
      const channel = await ctx.store.db
        .selectFrom('channels')
        .select('status')
        .where('id', '=', mastodon)
        .executeTakeFirstOrThrow();
      expect(channel.status).toBe('needs_reconnect');
      // Still in doubt, so never queued to be sent as if it had not gone out.
      expect((await deliveries(post.id))[0]?.state).toBe('unknown');
      await drain(now + HOUR);
      token = fake.reissue(token);
      await connectFakeMastodon(ctx, owner, ws, fake, token);
      await drain(now + 2 * HOUR);
      const [d] = await deliveries(post.id);
      expect(d?.state).toBe('published');
      expect(statuses('In doubt, then disconnected')).toHaveLength(1);
      expect(d?.remoteId).toBe(statuses('In doubt, then disconnected')[0]!.id);
    } finally {
      fake.honourIdempotencyKeys = true;
    }
  });

  it('a worker that died mid-call leaves the delivery publishing; the next one reconciles it', async () => {
    const post = await createPost(
      ctx,
      owner,
      ws,
      { text: 'Crash in flight', channelIds: [mastodon] },
      { kind: 'now' },
    );
    const [d] = await deliveries(post.id);
    // What a SIGKILL between "sent" and "recorded" leaves behind: the job leased, the
    // delivery journalled as publishing, and the post already on the network.
    const leased = await ctx.queue.claim('publish', { limit: 10, leaseMs: 60_000, worker: 'dead-worker' });
    expect(leased.map((j) => j.key)).toContain(d!.id);
    await ctx.store.db
      .updateTable('deliveries')
      .set({ state: 'publishing' })
      .where('id', '=', d!.id)
      .execute();
    const { token: t } = { token };
    await fetch(`${fake.url}/api/v1/statuses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json', 'idempotency-key': d!.id },
      body: JSON.stringify({ status: 'Crash in flight' }),
    });
    expect(await drain()).toBe(0); // still leased by the dead worker
    await drain(Date.now() + 61_000);
    expect((await deliveries(post.id))[0]?.state).toBe('published');
    expect(statuses('Crash in flight')).toHaveLength(1);
  });

  it('transient failures retry with backoff; permanent ones fail with the reason and tell the workspace', async () => {
    fake.server.inject(
      { kind: 'status', response: { status: 503, json: { error: 'Service Unavailable' } } },
      { method: 'POST', path: /statuses$/ },
    );
    const retried = await createPost(
      ctx,
      owner,
      ws,
      { text: 'Try again', channelIds: [mastodon] },
      { kind: 'now' },
    );
    const now = Date.now();
    await drain(now);
    const [r] = await deliveries(retried.id);
    expect(r?.state).toBe('retrying');
    expect(r?.failureClass).toBe('transient');
    await drain(now + 60_000);
    expect((await deliveries(retried.id))[0]?.state).toBe('published');

    fake.server.inject(
      {
        kind: 'status',
        response: { status: 422, json: { error: 'Validation failed: Text contains a forbidden word' } },
      },
      { method: 'POST', path: /statuses$/ },
    );
    const refused = await createPost(
      ctx,
      owner,
      ws,
      { text: 'Refused', channelIds: [mastodon] },
      { kind: 'now' },
    );
    await drain();
    const [f] = await deliveries(refused.id);
    expect(f?.state).toBe('failed');
    expect(f?.failureReason).toMatch(/forbidden word/);
    const notice = await ctx.store.db
      .selectFrom('notifications')
      .selectAll()
      .where('kind', '=', 'post.failed')
      .executeTakeFirst();
    expect(notice?.message).toMatch(/forbidden word/);
  });

  it('a channel whose token died waits in needs_reconnect and publishes after reconnection', async () => {
    fake.expireToken(token);
    const post = await createPost(
      ctx,
      owner,
      ws,
      { text: 'After reconnect', channelIds: [mastodon] },
      { kind: 'now' },
    );
    await drain();
    expect((await deliveries(post.id))[0]?.state).toBe('needs_reconnect');
    const channel = await ctx.store.db
      .selectFrom('channels')
      .select('status')
      .where('id', '=', mastodon)
      .executeTakeFirstOrThrow();
    expect(channel.status).toBe('needs_reconnect');
    // Due posts on a channel known to be disconnected wait without calling the network.
    const second = await createPost(
      ctx,
      owner,
      ws,
      { text: 'Also waiting', channelIds: [mastodon] },
      { kind: 'now' },
    );
    await drain();
    expect((await deliveries(second.id))[0]?.state).toBe('needs_reconnect');

    token = fake.reissue(token);
    await connectFakeMastodon(ctx, owner, ws, fake, token);
    await drain();
    expect((await deliveries(post.id))[0]?.state).toBe('published');
    expect((await deliveries(second.id))[0]?.state).toBe('published');
    expect(statuses('After reconnect')).toHaveLength(1);
  });

  /** Makes the post's delivery `hours` overdue, as if the channel stayed broken that long, then reconnects. */
  const reconnectLate = async (postId: string, hours: number) => {
    await ctx.store.db
      .updateTable('deliveries')
      .set({ due_at: Date.now() - hours * HOUR })
      .where('post_id', '=', postId)
      .execute();
    token = fake.reissue(token);
    await connectFakeMastodon(ctx, owner, ws, fake, token);
  };

  it('after a reconnect, a post long overdue is held for a person while a recent one goes out', async () => {
    fake.expireToken(token);
    const stale = await createPost(
      ctx,
      owner,
      ws,
      { text: 'Flash sale ends at noon', channelIds: [mastodon] },
      {
        kind: 'now',
      },
    );
    const fresh = await createPost(
      ctx,
      owner,
      ws,
      { text: 'Still timely', channelIds: [mastodon] },
      {
        kind: 'now',
      },
    );
    await drain();
    expect((await deliveries(stale.id))[0]?.state).toBe('needs_reconnect');
    // The channel stayed broken for three hours past the first post's time (the limit is 60 minutes).
    await reconnectLate(stale.id, 3);
    await drain();
    const [held] = await deliveries(stale.id);
    expect(held?.state).toBe('held');
    expect(held?.failureReason).toMatch(/came back 3 hours after this was due/);
    expect((await deliveries(fresh.id))[0]?.state).toBe('published');
    expect(statuses('Flash sale ends at noon')).toHaveLength(0);
    const notice = await ctx.store.db
      .selectFrom('notifications')
      .select('message')
      .where('workspace_id', '=', ws)
      .where('kind', '=', 'post.held')
      .executeTakeFirst();
    expect(notice?.message).toMatch(/1 overdue post waits for you/);
    // Nothing sends it on its own, however often the workers look.
    await drain(Date.now() + 24 * HOUR);
    expect(statuses('Flash sale ends at noon')).toHaveLength(0);

    // The person decides: send it now.
    await retryFailed(ctx, owner, ws, stale.id);
    await drain();
    expect((await deliveries(stale.id))[0]?.state).toBe('published');
    expect(statuses('Flash sale ends at noon')).toHaveLength(1);
  });

  it('a held delivery can be withdrawn instead', async () => {
    fake.expireToken(token);
    const post = await createPost(
      ctx,
      owner,
      ws,
      { text: 'Too late now', channelIds: [mastodon] },
      {
        kind: 'now',
      },
    );
    await drain();
    await reconnectLate(post.id, 2);
    expect((await deliveries(post.id))[0]?.state).toBe('held');
    expect((await unschedulePost(ctx, owner, ws, post.id)).withdrawn).toBe(1);
    await drain(Date.now() + HOUR);
    expect((await deliveries(post.id))[0]?.state).toBe('draft');
    expect(statuses('Too late now')).toHaveLength(0);
  });

  it('editing a held post keeps it held; a new time, even from a contributor, is the decision', async () => {
    fake.expireToken(token);
    const post = await createPost(
      ctx,
      contributor,
      ws,
      { text: 'Held, then fixed', channelIds: [mastodon] },
      { kind: 'now' },
    );
    await reviewPost(ctx, editor, ws, post.id, { approve: true });
    await drain();
    await reconnectLate(post.id, 2);
    expect((await deliveries(post.id))[0]?.state).toBe('held');
    // Fixing a typo is not "publish it now".
    await updatePost(ctx, owner, ws, post.id, { text: 'Held, then fixed properly' });
    expect((await deliveries(post.id))[0]?.state).toBe('held');
    await drain(Date.now() + HOUR);
    expect(statuses('Held, then fixed properly')).toHaveLength(0);
    // Its contributor picks a new time: it goes to approval (it used to be an illegal move, a 500).
    const at = Date.now() + 3 * HOUR;
    await updatePost(ctx, contributor, ws, post.id, {}, { kind: 'instant', at });
    expect((await deliveries(post.id)).map((d) => d.state)).toEqual(['awaiting_approval']);
  });

  it("a contributor's post waits for approval, then publishes", async () => {
    const post = await createPost(
      ctx,
      contributor,
      ws,
      { text: 'Please approve', channelIds: [sandbox] },
      { kind: 'now' },
    );
    expect((await deliveries(post.id))[0]?.state).toBe('awaiting_approval');
    await drain();
    expect((await deliveries(post.id))[0]?.state).toBe('awaiting_approval');
    await reviewPost(ctx, editor, ws, post.id, { approve: true, comment: 'Looks good' });
    await drain();
    expect((await deliveries(post.id))[0]?.state).toBe('published');
  });

  it("'add to queue' takes each channel's next free weekly slot in the channel's own zone", async () => {
    const channel = await connectChannel(ctx, owner, ws, {
      network: 'sandbox',
      name: 'Queued',
      timeZone: 'Europe/Rome',
    });
    await updateChannel(ctx, owner, ws, channel.id, {
      slots: [
        { weekday: 1, time: '09:00' },
        { weekday: 3, time: '02:30' },
      ],
    });
    const first = await createPost(
      ctx,
      owner,
      ws,
      { text: 'Queued one', channelIds: [channel.id] },
      { kind: 'queue' },
    );
    const second = await createPost(
      ctx,
      owner,
      ws,
      { text: 'Queued two', channelIds: [channel.id] },
      { kind: 'queue' },
    );
    const dues = [(await deliveries(first.id))[0]!.dueAt!, (await deliveries(second.id))[0]!.dueAt!].map(
      (d) => Date.parse(d),
    );
    expect(dues[0]).toBeLessThan(dues[1]!);
    const local = dues.map((d) =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Rome',
        weekday: 'short',
        hour: '2-digit',
        minute: '2-digit',
      }).format(d),
    );
    expect(new Set(local)).toEqual(new Set(['Mon 09:00', 'Wed 02:30']));
    await expect(
      createPost(ctx, owner, ws, { text: 'No slots', channelIds: [sandbox] }, { kind: 'queue' }),
    ).rejects.toMatchObject({ code: 'validation_failed', message: /has no posting slots/ });
  });

  it('a queue can be reordered, shuffled, paused and resumed', async () => {
    const channel = await connectChannel(ctx, owner, ws, {
      network: 'sandbox',
      name: 'Queue ops',
      timeZone: 'UTC',
    });
    await updateChannel(ctx, owner, ws, channel.id, {
      slots: [1, 2, 3, 4, 5].map((weekday) => ({ weekday: weekday as 1 | 2 | 3 | 4 | 5, time: '10:00' })),
    });
    for (const text of ['Q1', 'Q2', 'Q3']) {
      await createPost(ctx, owner, ws, { text, channelIds: [channel.id] }, { kind: 'queue' });
    }
    const before = await channelQueue(ctx, owner, ws, channel.id);
    expect(before.items.map((i) => i.text)).toEqual(['Q1', 'Q2', 'Q3']);
    const slots = before.items.map((i) => i.dueAt);
    const reversed = await reorderQueue(ctx, owner, ws, channel.id, {
      deliveryIds: [...before.items].reverse().map((i) => i.deliveryId),
    });
    expect(reversed.items.map((i) => [i.text, i.dueAt])).toEqual([
      ['Q3', slots[0]],
      ['Q2', slots[1]],
      ['Q1', slots[2]],
    ]);
    await expect(
      reorderQueue(ctx, owner, ws, channel.id, { deliveryIds: [before.items[0]!.deliveryId] }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    const shuffled = await reorderQueue(ctx, owner, ws, channel.id, { shuffleSeed: 'seed' });
    expect(shuffled.items.map((i) => i.dueAt)).toEqual(slots);
    expect(shuffled.items.map((i) => i.text).sort()).toEqual(['Q1', 'Q2', 'Q3']);

    const paused = await pauseQueue(ctx, owner, ws, channel.id, true);
    expect(paused.paused).toBe(true);
    await createPost(ctx, owner, ws, { text: 'Q4', channelIds: [channel.id] }, { kind: 'queue' });
    // Nothing of a paused queue goes out, even long after its slots.
    await drain(Date.parse(slots[2]!) + 30 * 86_400_000);
    expect((await channelQueue(ctx, owner, ws, channel.id)).items).toHaveLength(4);
    const resumed = await pauseQueue(ctx, owner, ws, channel.id, false);
    expect(resumed.paused).toBe(false);
    expect(Date.parse(resumed.items[0]!.dueAt)).toBeGreaterThan(Date.now());
    await drain(Date.parse(resumed.items[3]!.dueAt));
    expect((await channelQueue(ctx, owner, ws, channel.id)).items).toEqual([]);
  });

  it('a recurring post goes out at each occurrence, keeping its wall-clock time across DST', async () => {
    const rule = {
      kind: 'recurring' as const,
      rrule: 'FREQ=DAILY;BYHOUR=9;BYMINUTE=0',
      start: '2031-03-08T09:00',
      zone: 'America/New_York',
    };
    const post = await createPost(ctx, owner, ws, { text: 'Daily hello', channelIds: [mastodon] }, rule);
    expect((await deliveries(post.id)).map((d) => d.dueAt)).toEqual(['2031-03-08T14:00:00.000Z']);
    await drain(Date.parse('2031-03-08T14:00:00Z'));
    expect(await extendRecurrences(ctx, Date.parse('2031-03-08T14:00:01Z'))).toBe(1);
    expect(await extendRecurrences(ctx, Date.parse('2031-03-08T14:00:02Z'))).toBe(0);
    // New York moves its clocks on 2031-03-09: 09:00 local is now 13:00 UTC.
    expect((await deliveries(post.id)).map((d) => d.dueAt)).toEqual([
      '2031-03-08T14:00:00.000Z',
      '2031-03-09T13:00:00.000Z',
    ]);
    await drain(Date.parse('2031-03-09T13:00:00Z'));
    expect(statuses('Daily hello')).toHaveLength(2);
    await extendRecurrences(ctx, Date.parse('2031-03-09T13:00:01Z'));
    // An edit changes the text of what is to come and keeps the recurrence.
    await updatePost(ctx, owner, ws, post.id, { text: 'Daily hello, edited' });
    const row = await ctx.store.db
      .selectFrom('posts')
      .select('schedule')
      .where('id', '=', post.id)
      .executeTakeFirst();
    expect(JSON.parse(row!.schedule!)).toMatchObject({ kind: 'recurring', rrule: rule.rrule });
    expect((await deliveries(post.id)).filter((d) => d.state === 'scheduled').map((d) => d.dueAt)).toEqual([
      '2031-03-10T13:00:00.000Z',
    ]);
    await unschedulePost(ctx, owner, ws, post.id);
    expect(await extendRecurrences(ctx, Date.parse('2031-03-10T14:00:00Z'))).toBe(0);
  });

  it('a post published on every channel cannot be edited; the networks keep what was sent', async () => {
    const post = await createPost(
      ctx,
      owner,
      ws,
      { text: 'Set in stone', channelIds: [sandbox] },
      { kind: 'now' },
    );
    await drain();
    await expect(updatePost(ctx, owner, ws, post.id, { text: 'Changed my mind' })).rejects.toThrow(
      /already published; networks keep what was sent/,
    );
  });

  it('outcomes become signed webhook events in the same transaction', async () => {
    await createWebhookEndpoint(ctx, owner, ws, {
      url: 'https://hooks.example.org/araldo',
      events: ['post.published', 'post.failed'],
    });
    fake.server.inject(
      { kind: 'status', response: { status: 422, json: { error: 'Validation failed: Text is spam' } } },
      { method: 'POST', path: /statuses$/ },
    );
    const failed = await createPost(
      ctx,
      owner,
      ws,
      { text: 'Will fail', channelIds: [mastodon] },
      { kind: 'now' },
    );
    const published = await createPost(
      ctx,
      owner,
      ws,
      { text: 'Will publish', channelIds: [sandbox] },
      { kind: 'now' },
    );
    await drain();
    const events = await ctx.store.db.selectFrom('webhook_deliveries').select(['type', 'payload']).execute();
    const byPost = (postId: string) => events.filter((e) => e.payload.includes(postId)).map((e) => e.type);
    expect(byPost(failed.id)).toEqual(['post.failed']);
    expect(byPost(published.id)).toEqual(['post.published']);
  });

  it('refuses to schedule a post that breaks a channel rule, and creates nothing', async () => {
    const before = await ctx.store.db.selectFrom('posts').select('id').execute();
    await expect(
      createPost(ctx, owner, ws, { text: 'x'.repeat(501), channelIds: [mastodon, sandbox] }, { kind: 'now' }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      details: [
        expect.objectContaining({ path: `variants.${mastodon}.text`, code: 'text_too_long' }),
        expect.objectContaining({ path: `variants.${sandbox}.text`, code: 'text_too_long' }),
      ],
    });
    expect(await ctx.store.db.selectFrom('posts').select('id').execute()).toHaveLength(before.length);
  });
});
