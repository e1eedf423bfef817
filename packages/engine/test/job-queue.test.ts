import { EmbeddedQueue, type JobQueue, PgBossQueue } from '@araldo/engine';
import { createTestContext, type TestContext } from '@araldo/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The same contract, proven for every implementation of the port. */
describe.each([
  { name: 'embedded on SQLite', dialect: 'sqlite' as const, queue: 'embedded' },
  { name: 'embedded on PostgreSQL', dialect: 'postgres' as const, queue: 'embedded' },
  { name: 'pg-boss on PostgreSQL', dialect: 'postgres' as const, queue: 'pg-boss' },
])('the job queue: $name', ({ dialect, queue: kind }) => {
  let ctx: TestContext;
  let queue: JobQueue;
  const claim = (worker = 'w1', leaseMs = 2_000) => queue.claim('q', { limit: 50, leaseMs, worker });
  const enqueue = (key: string, runAt = Date.now(), payload = {}) =>
    ctx.store.db.transaction().execute((trx) => queue.enqueue(trx, [{ queue: 'q', key, payload, runAt }]));

  beforeAll(async () => {
    ctx = await createTestContext(dialect, { ARALDO_QUEUE: 'embedded' });
    queue =
      kind === 'embedded'
        ? new EmbeddedQueue(ctx.store)
        : new PgBossQueue(ctx.store, ctx.database.url, { leaseSeconds: 2, maintenanceSeconds: 1 });
    await queue.start();
  });
  afterAll(async () => {
    await queue?.stop();
    await ctx?.dispose();
  });

  it('a job enqueued in a transaction that rolls back never exists', async () => {
    await ctx.store.db
      .transaction()
      .execute(async (trx) => {
        await queue.enqueue(trx, [{ queue: 'q', key: 'rolled-back', payload: {}, runAt: Date.now() }]);
        throw new Error('rollback');
      })
      .catch(() => undefined);
    expect(await claim()).toEqual([]);
  });

  it('a due job is claimed once; a claimed job is not handed to a second worker', async () => {
    await enqueue('a', Date.now(), { n: 1 });
    const first = await claim('w1');
    expect(first.map((j) => [j.key, j.payload.n])).toEqual([['a', 1]]);
    expect(await claim('w2')).toEqual([]);
    await queue.complete(first);
    expect(await claim('w2')).toEqual([]);
  });

  it('waits until the job is due', async () => {
    await enqueue('later', Date.now() + 600);
    expect(await claim()).toEqual([]);
    await sleep(900);
    const due = await claim();
    expect(due.map((j) => j.key)).toEqual(['later']);
    await queue.complete(due);
  });

  it('enqueueing a key again moves its job instead of doubling it, and cancel removes it', async () => {
    await enqueue('moved', Date.now() + 60_000);
    await enqueue('moved', Date.now());
    const claimed = await claim();
    expect(claimed.map((j) => j.key)).toEqual(['moved']);
    await queue.complete(claimed);
    await enqueue('cancelled', Date.now());
    await ctx.store.db.transaction().execute((trx) => queue.cancel(trx, ['cancelled']));
    expect(await claim()).toEqual([]);
  });

  it('a rescheduled job comes back at its new time; a released one at once', async () => {
    await enqueue('again', Date.now());
    const [job] = await claim();
    await queue.reschedule(job!, Date.now() + 500);
    expect(await claim()).toEqual([]);
    await sleep(800);
    const back = await claim();
    expect(back.map((j) => j.key)).toEqual(['again']);
    await queue.release(back);
    const released = await claim('w2');
    expect(released.map((j) => j.key)).toEqual(['again']);
    await queue.complete(released);
  });

  it("claim, complete and reschedule join the caller's transaction: rolled back, they never happened", async () => {
    const rolledBack = (run: (trx: Parameters<typeof queue.cancel>[0]) => Promise<unknown>) =>
      ctx.store.db
        .transaction()
        .execute(async (trx) => {
          await run(trx);
          throw new Error('rollback');
        })
        .catch((error: Error) => expect(error.message).toBe('rollback'));
    await enqueue('in-trx', Date.now());
    await rolledBack(async (trx) => {
      expect((await queue.claim('q', { limit: 50, leaseMs: 60_000, worker: 'w1' }, trx)).length).toBe(1);
    });
    const [job] = await claim('w1', 60_000);
    expect(job?.key).toBe('in-trx');
    // Had the completion escaped the rollback, there would be nothing left to release.
    await rolledBack((trx) => queue.complete([job!], trx));
    await queue.release([job!]);
    const [again] = await claim('w2', 60_000);
    expect(again?.key).toBe('in-trx');
    // Had half of the hand-back escaped, the job would be gone or an hour away.
    await rolledBack((trx) => queue.reschedule(again!, Date.now() + 3_600_000, trx));
    await queue.release([again!]);
    const [third] = await claim('w3', 60_000);
    expect(third?.key).toBe('in-trx');
    await ctx.store.db.transaction().execute((trx) => queue.reschedule(third!, Date.now(), trx));
    const back = await claim('w4');
    expect(back.map((j) => j.key)).toEqual(['in-trx']);
    await ctx.store.db.transaction().execute((trx) => queue.complete(back, trx));
    expect(await claim('w5')).toEqual([]);
  });

  it("a dead worker's lease expires and another worker takes the job over", async () => {
    await enqueue('orphan', Date.now());
    const taken = await claim('doomed', 1_000);
    expect(taken).toHaveLength(1);
    let rescued: Awaited<ReturnType<typeof claim>> = [];
    for (let i = 0; i < 40 && rescued.length === 0; i++) {
      await sleep(250);
      rescued = await claim('rescuer');
    }
    expect(rescued.map((j) => j.key)).toEqual(['orphan']);
    await queue.complete(rescued);
  }, 20_000);
});
