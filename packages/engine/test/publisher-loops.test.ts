import { connectChannel, createPost, Publisher, withDeliveries } from '@araldo/engine';
import { createTestContext, seedWorkspace, type TestContext } from '@araldo/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * How the publisher's loops share the watch. The bound below only fails when the worker claims
 * too often: a slow or loaded machine makes fewer claims, never more.
 */
describe('the publisher loops', () => {
  let ctx: TestContext;
  let claims = 0;

  beforeAll(async () => {
    ctx = await createTestContext('sqlite', { ARALDO_QUEUE: 'embedded' });
    const claim = ctx.queue.claim.bind(ctx.queue);
    ctx.queue.claim = (...args) => {
      claims++;
      return claim(...args);
    };
  });
  afterAll(async () => {
    await ctx?.dispose();
  });

  it('keep one watcher while idle, and still publish what falls due at once', async () => {
    const publisher = new Publisher(ctx, { worker: 'idle', loops: 4, idleMs: 50 });
    publisher.start();
    try {
      await sleep(200);
      claims = 0;
      await sleep(1_000);
      // One loop watching every 50 ms (about 20) plus three resting ones looking once a second.
      // Four loops each watching would make about 80.
      expect(claims).toBeLessThanOrEqual(30);
      expect(claims).toBeGreaterThan(0);

      const seed = await seedWorkspace(ctx);
      const owner = { userId: seed.callers.owner.userId, role: 'owner' as const };
      const channel = await connectChannel(ctx, owner, seed.workspaceId, {
        network: 'sandbox',
        name: 'Idle',
      });
      const post = await createPost(
        ctx,
        owner,
        seed.workspaceId,
        { text: 'Due while idle', channelIds: [channel.id] },
        { kind: 'now' },
      );
      await expect
        .poll(async () => (await withDeliveries(ctx, seed.workspaceId, [post]))[0]!.deliveries[0]!.state, {
          timeout: 10_000,
        })
        .toBe('published');
    } finally {
      await publisher.stop();
    }
  });
});
