import type { Evergreen } from '@araldo/core';
import {
  type Actor,
  channelQueue,
  createPost,
  Publisher,
  requeueEvergreen,
  reviewPost,
  syncMetrics,
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

const MINUTE = 60_000;
const DAY = 86_400_000;

/** The first 10:00 UTC strictly after `t`: the channel's only daily slot. */
const nextTenUtc = (t: number) => {
  const d = new Date(t);
  const today = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 10);
  return today > t ? today : today + DAY;
};

describe.each(DIALECTS)('evergreen re-queuing on %s', (dialect) => {
  const fake = new FakeMastodon();
  let ctx: TestContext;
  let ws: string;
  let owner: Actor;
  let contributor: Actor;
  let publisher: Publisher;
  let channel: string;
  /** When the posts of the first round went out. */
  let t0: number;

  const deliveries = async (postId: string) =>
    (await withDeliveries(ctx, ws, [{ id: postId } as never]))[0]!.deliveries;
  const drain = async (at: number) => {
    for (let n = await publisher.runOnce(at); n > 0; n = await publisher.runOnce(at));
  };
  /** What the audience did: every copy of the text on the network gets this many favourites. */
  const react = (text: string, favourites: number) => {
    for (const s of fake.statuses.filter((x) => x.text === text)) s.favourites = favourites;
  };
  const decisions = async (postId: string) =>
    (
      await ctx.store.db
        .selectFrom('audit_log')
        .select(['action', 'after'])
        .where('target_id', '=', postId)
        .where('action', 'like', 'post.evergreen%')
        .orderBy('id')
        .execute()
    ).map((r): Record<string, unknown> => ({ action: r.action, ...JSON.parse(r.after ?? '{}') }));
  const post = (text: string, evergreen?: Evergreen) =>
    createPost(ctx, owner, ws, { text, channelIds: [channel], evergreen }, { kind: 'instant', at: t0 });

  beforeAll(async () => {
    await fake.start();
    ctx = await createTestContext(dialect, { ARALDO_ALLOW_PRIVATE_URLS: '1', ARALDO_QUEUE: 'embedded' });
    const seed = await seedWorkspace(ctx);
    ws = seed.workspaceId;
    owner = { userId: seed.callers.owner.userId, role: 'owner' };
    contributor = { userId: seed.callers.contributor.userId, role: 'contributor' };
    const { token } = fake.issueToken('evergreen');
    channel = (await connectFakeMastodon(ctx, owner, ws, fake, token)).id;
    await updateChannel(ctx, owner, ws, channel, {
      timeZone: 'UTC',
      slots: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
        weekday: weekday as 1 | 2 | 3 | 4 | 5 | 6 | 7,
        time: '10:00',
      })),
    });
    publisher = new Publisher(ctx, { worker: 'evergreen-test', leaseMs: 60_000 });
    t0 = Date.now();
  });
  afterAll(async () => {
    await ctx?.dispose();
    await fake.stop();
  });

  let above: string;
  let below: string;
  let unmeasured: string;

  it('re-queues a post that beat the channel median into the next free slot, once, even with two passes at once', async () => {
    // The channel's usual posts, and three evergreen ones.
    const usual = [1, 2, 3, 4];
    for (const i of usual) await post(`Usual ${i}`);
    above = (await post('Crowd pleaser', { afterDays: 7, maxTimes: 2 })).id;
    below = (await post('Nobody cared', { afterDays: 7, maxTimes: 3 })).id;
    await drain(t0);
    for (const i of usual) react(`Usual ${i}`, i);
    react('Crowd pleaser', 10);
    react('Nobody cared', 1);
    await syncMetrics(ctx, { now: t0 + MINUTE });
    // Published after the sync: it has no metrics when its day comes.
    unmeasured = (await post('Never measured', { afterDays: 7, maxTimes: 3 })).id;
    await drain(t0 + 2 * MINUTE);

    // A week is not up yet: nothing is decided.
    expect(await requeueEvergreen(ctx, t0 + 6 * DAY)).toMatchObject({ requeued: 0, skipped: 0 });

    const at = t0 + 10 * DAY;
    const [a, b] = await Promise.all([requeueEvergreen(ctx, at), requeueEvergreen(ctx, at)]);
    expect(a.requeued + b.requeued).toBe(1);
    expect(a.skipped + b.skipped).toBe(2);
    expect(a.failed + b.failed).toBe(0);
    expect(await requeueEvergreen(ctx, at + MINUTE)).toMatchObject({ requeued: 0, skipped: 0 });

    const again = await deliveries(above);
    // Listed by occurrence: the re-queue (-1) before the post's own delivery (0).
    expect(again.map((d) => d.state)).toEqual(['scheduled', 'published']);
    const requeued = again.find((d) => d.state === 'scheduled')!;
    expect(Date.parse(requeued.dueAt!)).toBe(nextTenUtc(at));
    const occurrence = await ctx.store.db
      .selectFrom('deliveries')
      .select('occurrence')
      .where('id', '=', requeued.id)
      .executeTakeFirstOrThrow();
    expect(occurrence.occurrence).toBe(-1);
    // Its job is there, and it shows in the channel's queue.
    const job = await ctx.store.db
      .selectFrom('jobs')
      .select('run_at')
      .where('key', '=', requeued.id)
      .execute();
    expect(job).toEqual([{ run_at: nextTenUtc(at) }]);
    expect((await channelQueue(ctx, owner, ws, channel)).items.map((i) => i.deliveryId)).toEqual([
      requeued.id,
    ]);

    expect(await decisions(above)).toEqual([
      expect.objectContaining({
        action: 'post.evergreen_requeued',
        engagement: 10,
        median: 2,
        compared: 5,
        timesSoFar: 0,
        requeuedDeliveryId: requeued.id,
      }),
    ]);
  });

  it('leaves a post below the median, and one without metrics, where they are, saying why', async () => {
    expect((await deliveries(below)).map((d) => d.state)).toEqual(['published']);
    expect((await deliveries(unmeasured)).map((d) => d.state)).toEqual(['published']);
    expect(await decisions(below)).toEqual([
      expect.objectContaining({
        action: 'post.evergreen_skipped',
        reason: 'below_median',
        engagement: 1,
        median: 3,
      }),
    ]);
    expect(await decisions(unmeasured)).toEqual([
      expect.objectContaining({ action: 'post.evergreen_skipped', reason: 'no_metrics', engagement: null }),
    ]);
  });

  it('goes out again and again, at most maxTimes times per channel', async () => {
    let at = t0 + 10 * DAY;
    for (let round = 1; round <= 2; round++) {
      const pending = (await deliveries(above)).find((d) => d.state === 'scheduled')!;
      const due = Date.parse(pending.dueAt!);
      await drain(due);
      expect((await deliveries(above)).filter((d) => d.state === 'published')).toHaveLength(round + 1);
      react('Crowd pleaser', 10);
      await syncMetrics(ctx, { now: due + MINUTE });
      at = due + 8 * DAY;
      await requeueEvergreen(ctx, at);
    }
    const all = await deliveries(above);
    expect(all.map((d) => d.state)).toEqual(['published', 'published', 'published']);
    expect(fake.statuses.filter((s) => s.text === 'Crowd pleaser')).toHaveLength(3);
    expect((await decisions(above)).map((d) => [d.action, d.reason ?? null, d.timesSoFar])).toEqual([
      ['post.evergreen_requeued', null, 0],
      ['post.evergreen_requeued', null, 1],
      ['post.evergreen_skipped', 'limit_reached', 2],
    ]);
    expect(await requeueEvergreen(ctx, at + 30 * DAY)).toMatchObject({ requeued: 0 });
  });

  it('does not bring a post back to a channel it was taken off', async () => {
    const moved = await post('Moved on', { afterDays: 7, maxTimes: 3 });
    await drain(t0 + 3 * MINUTE);
    // What an edit taking the channel off leaves behind: the published delivery, no variant.
    await ctx.store.db.deleteFrom('variants').where('post_id', '=', moved.id).execute();
    await requeueEvergreen(ctx, t0 + 60 * DAY);
    expect((await deliveries(moved.id)).map((d) => d.state)).toEqual(['published']);
    expect(await decisions(moved.id)).toEqual([
      expect.objectContaining({ action: 'post.evergreen_skipped', reason: 'channel_removed' }),
    ]);
  });

  it('refuses an evergreen rule out of range or on a recurring post, naming the field', async () => {
    await expect(post('Too soon', { afterDays: 0, maxTimes: 21 })).rejects.toMatchObject({
      code: 'validation_failed',
      details: [
        expect.objectContaining({ path: 'evergreen.afterDays' }),
        expect.objectContaining({ path: 'evergreen.maxTimes' }),
      ],
    });
    await expect(
      createPost(
        ctx,
        owner,
        ws,
        { text: 'Weekly', channelIds: [channel], evergreen: { afterDays: 7, maxTimes: 1 } },
        { kind: 'recurring', rrule: 'FREQ=WEEKLY', start: '2031-01-06T09:00', zone: 'UTC' },
      ),
    ).rejects.toMatchObject({ details: [expect.objectContaining({ path: 'evergreen' })] });
    // Switching evergreen off is allowed once a post is out.
    await updatePost(ctx, owner, ws, below, { evergreen: null });
    expect((await withDeliveries(ctx, ws, [{ id: below } as never]))[0]!.evergreen).toBeNull();
    const draft = await createPost(ctx, owner, ws, { text: 'Later', channelIds: [channel] });
    await updatePost(ctx, owner, ws, draft.id, { evergreen: { afterDays: 30, maxTimes: 2 } });
    expect((await withDeliveries(ctx, ws, [draft]))[0]!.evergreen).toEqual({ afterDays: 30, maxTimes: 2 });
    await updatePost(ctx, owner, ws, draft.id, { evergreen: null });
    expect((await withDeliveries(ctx, ws, [draft]))[0]!.evergreen).toBeNull();
  });

  it("a contributor's edit sends a waiting re-queue to approval; approval puts it back in its slot", async () => {
    const t1 = t0 + 20 * DAY;
    const mine = await createPost(
      ctx,
      contributor,
      ws,
      { text: 'Team favourite', channelIds: [channel], evergreen: { afterDays: 7, maxTimes: 1 } },
      { kind: 'instant', at: t1 },
    );
    await reviewPost(ctx, owner, ws, mine.id, { approve: true });
    await drain(t1);
    react('Team favourite', 50);
    await syncMetrics(ctx, { now: t1 + MINUTE });
    const at = t1 + 10 * DAY;
    expect(await requeueEvergreen(ctx, at)).toMatchObject({ requeued: 1 });
    const slot = nextTenUtc(at);

    await updatePost(ctx, contributor, ws, mine.id, { text: 'Team favourite, reworded' });
    const waiting = await deliveries(mine.id);
    expect(waiting.map((d) => d.state)).toEqual(['awaiting_approval', 'published']);
    // Not approved: its slot comes and goes with nothing sent.
    await drain(slot + MINUTE);
    expect(fake.statuses.filter((s) => s.text === 'Team favourite, reworded')).toHaveLength(0);

    await reviewPost(ctx, owner, ws, mine.id, { approve: true });
    const back = await deliveries(mine.id);
    expect(back.map((d) => d.state)).toEqual(['scheduled', 'published']);
    expect(Date.parse(back.find((d) => d.state === 'scheduled')!.dueAt!)).toBe(slot);
    await drain(slot + MINUTE);
    expect(fake.statuses.filter((s) => s.text === 'Team favourite, reworded')).toHaveLength(1);
  });
});
