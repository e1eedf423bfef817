import type { Role } from '@araldo/core';
import { type Actor, createPost, Publisher, withDeliveries } from '@araldo/engine';
import {
  connectFakeMastodon,
  createTestContext,
  DIALECTS,
  FakeMastodon,
  seedWorkspace,
  type TestContext,
} from '@araldo/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spendBudgets } from '../src/publishing/rate-limits';

const MINUTE = 60_000;

/**
 * Araldo spends each network's documented publishing budget itself (here Mastodon's per
 * account, lowered to 3 per 5 minutes by the operator), so a busy channel's posts wait for
 * the next window instead of being refused by the network.
 */
describe.each(DIALECTS)('publishing budgets on %s', (dialect) => {
  const fake = new FakeMastodon();
  let ctx: TestContext;
  let ws: string;
  let owner: Actor;
  let channel: string;
  let other: string;

  const states = async (ids: string[]) =>
    (
      await withDeliveries(
        ctx,
        ws,
        ids.map((id) => ({ id }) as never),
      )
    ).flatMap((p) => p.deliveries);
  const drain = async (publisher: Publisher, at: number) => {
    for (let n = await publisher.runOnce(at); n > 0; n = await publisher.runOnce(at));
  };
  const postMany = async (channelId: string, label: string, n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      ids.push(
        (
          await createPost(
            ctx,
            owner,
            ws,
            { text: `${label} ${i}`, channelIds: [channelId] },
            { kind: 'now' },
          )
        ).id,
      );
    }
    return ids;
  };

  beforeAll(async () => {
    await fake.start();
    ctx = await createTestContext(dialect, {
      ARALDO_ALLOW_PRIVATE_URLS: '1',
      ARALDO_QUEUE: 'embedded',
      ARALDO_MASTODON_CHANNEL_LIMIT: '3/5m',
    });
    const seed = await seedWorkspace(ctx);
    ws = seed.workspaceId;
    owner = { userId: seed.callers.owner.userId, role: 'owner' as Role };
    const connect = async (name: string) =>
      (await connectFakeMastodon(ctx, owner, ws, fake, fake.issueToken(name).token)).id;
    channel = await connect('busy');
    other = await connect('quiet');
  });
  afterAll(async () => {
    await ctx?.dispose();
    await fake.stop();
  });

  it('publishes up to the budget, tells why the rest waits, and sends it in the next window', async () => {
    const publisher = new Publisher(ctx, { worker: 'budget-worker' });
    // Align to the start of a 5-minute window so the test does not straddle two.
    const start = Math.ceil(Date.now() / (5 * MINUTE)) * 5 * MINUTE;
    const ids = await postMany(channel, 'Budgeted', 5);
    const elsewhere = await postMany(other, 'Other account', 2);
    await drain(publisher, start + 1_000);

    const first = await states(ids);
    expect(first.filter((d) => d.state === 'published')).toHaveLength(3);
    const waiting = first.filter((d) => d.state === 'scheduled');
    expect(waiting).toHaveLength(2);
    for (const d of waiting) {
      expect(d.failureReason).toMatch(
        /Waiting for Mastodon's limit of 3 posts per 5 minutes for this account/,
      );
    }
    // Another account has its own budget.
    expect((await states(elsewhere)).every((d) => d.state === 'published')).toBe(true);
    expect(fake.statuses.filter((s) => s.text.startsWith('Budgeted'))).toHaveLength(3);

    // Nothing more goes out within the same window, however often the workers look.
    await drain(publisher, start + 4 * MINUTE);
    expect(fake.statuses.filter((s) => s.text.startsWith('Budgeted'))).toHaveLength(3);

    await drain(publisher, start + 5 * MINUTE + 2_000);
    const after = await states(ids);
    expect(after.every((d) => d.state === 'published')).toBe(true);
    expect(after.every((d) => d.failureReason === null)).toBe(true);
    expect(fake.statuses.filter((s) => s.text.startsWith('Budgeted'))).toHaveLength(5);
  });

  it('two transactions spending one budget at once never overdraw it', async () => {
    const budget = [
      {
        key: `channel:race-${dialect}`,
        limit: { max: 4, windowMs: 5 * MINUTE },
        owner: 'x',
        network: 'Mastodon',
      },
    ];
    const now = Date.now();
    // The window's row exists and is committed, as it is for every batch after a window's first.
    await ctx.store.db
      .transaction()
      .execute((trx) => spendBudgets(trx, ctx.store.dialect, [{ id: 'z', budgets: budget }], now));
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let spentFirst!: () => void;
    const firstSpent = new Promise<void>((resolve) => {
      spentFirst = resolve;
    });
    const first = ctx.store.db.transaction().execute(async (trx) => {
      const over = await spendBudgets(
        trx,
        ctx.store.dialect,
        [
          { id: 'a1', budgets: budget },
          { id: 'a2', budgets: budget },
        ],
        now,
      );
      spentFirst();
      await held;
      return over;
    });
    await firstSpent;
    const second = ctx.store.db.transaction().execute((trx) =>
      spendBudgets(
        trx,
        ctx.store.dialect,
        [
          { id: 'b1', budgets: budget },
          { id: 'b2', budgets: budget },
        ],
        now,
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(a.size).toBe(0);
    expect([...b.keys()]).toEqual(['b2']);
  });

  it('holds across workers: two publishers at once never overdraw one budget', async () => {
    const start = Math.ceil(Date.now() / (5 * MINUTE)) * 5 * MINUTE + 20 * MINUTE;
    const ids = await postMany(channel, 'Contended', 12);
    const a = new Publisher(ctx, { worker: 'worker-a', batch: 2 });
    const b = new Publisher(ctx, { worker: 'worker-b', batch: 2 });
    await Promise.all([drain(a, start + 1_000), drain(b, start + 1_000)]);
    const published = (await states(ids)).filter((d) => d.state === 'published');
    expect(published).toHaveLength(3);
    expect(fake.statuses.filter((s) => s.text.startsWith('Contended'))).toHaveLength(3);
  });
});
