import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '@araldo/core';
import { type Context, createOwner, createPost, openContext } from '@araldo/engine';
import {
  connectFakeMastodon,
  createTestDatabase,
  DIALECTS,
  FakeMastodon,
  type Fault,
  type TestDatabase,
} from '@araldo/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'packages/cli/bin/araldo.js');
// Small in `npm test`; the benchmark runs it with ARALDO_CHAOS_POSTS=250 (1,000 deliveries).
const POSTS = Number(process.env.ARALDO_CHAOS_POSTS ?? 60);
const CHAOS_MS = 8_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The promise Araldo makes, under fire: two worker processes publish to fake networks while
 * they are killed with SIGKILL at random moments and the networks lose answers after
 * creating the post. Afterwards every delivery is published exactly once, or failed with the
 * network's reason when the refusal was permanent. One fake honours idempotency keys
 * (Mastodon does); the other ignores them, so only reconciliation can prevent duplicates.
 */
describe.each(DIALECTS)('chaos on %s with two worker processes', (dialect) => {
  const keyed = new FakeMastodon();
  const unkeyed = new FakeMastodon();
  let dir: string;
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let ctx: Context;
  const workers: (ChildProcess | undefined)[] = [undefined, undefined];
  /** When each worker said it was running: a worker killed while still starting tests nothing. */
  const readyAt: (number | undefined)[] = [undefined, undefined];
  let kills = 0;

  const startWorker = (i: number) => {
    readyAt[i] = undefined;
    const child = spawn('node', [bin, 'worker'], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr?.resume();
    child.stdout?.on('data', (chunk: Buffer) => {
      if (workers[i] === child && chunk.toString().includes('worker running')) readyAt[i] = Date.now();
    });
    workers[i] = child;
  };

  beforeAll(async () => {
    expect(fs.existsSync(path.join(root, 'packages/cli/dist/araldo.js')), 'run `npm run build` first').toBe(
      true,
    );
    await keyed.start();
    await unkeyed.start();
    unkeyed.honourIdempotencyKeys = false;
    for (const fake of [keyed, unkeyed]) {
      fake.refuse = (text) => text.includes('REFUSE');
      // Reconciliation reads the account's posts often; the test is about faults, not rate limits.
      fake.rateLimit = 1_000_000;
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'araldo-chaos-'));
    database = await createTestDatabase(dialect, dir);
    env = {
      ...process.env,
      ARALDO_DATA_DIR: path.join(dir, 'data'),
      DATABASE_URL: database.url,
      ARALDO_ALLOW_PRIVATE_URLS: '1',
      // Short leases and timeouts so dead workers and lost answers are noticed within seconds.
      ARALDO_JOB_LEASE_SECONDS: '6',
      ARALDO_HTTP_TIMEOUT_SECONDS: '1',
      LOG_LEVEL: 'silent',
    };
    ctx = await openContext(parseConfig(env as Record<string, string>));
  });
  afterAll(async () => {
    for (const w of workers) w?.kill('SIGKILL');
    await ctx?.close();
    await database?.drop();
    await keyed.stop();
    await unkeyed.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    'publishes every delivery exactly once, or fails it with the reason',
    async () => {
      const { user, workspace } = await createOwner(ctx, {
        email: 'chaos@example.org',
        password: 'long enough pw',
      });
      const owner = { userId: user.id, role: 'owner' as const };
      const channels: { id: string; fake: FakeMastodon; accountId: string }[] = [];
      for (const fake of [keyed, unkeyed]) {
        for (const name of ['a', 'b']) {
          const { token, accountId } = fake.issueToken(name);
          const channel = await connectFakeMastodon(ctx, owner, workspace.id, fake, token);
          channels.push({ id: channel.id, fake, accountId });
        }
      }
      for (let i = 0; i < POSTS; i++) {
        const text = i % 15 === 7 ? `Post ${i} REFUSE` : `Post ${i} of the chaos run`;
        await createPost(
          ctx,
          owner,
          workspace.id,
          { text, channelIds: channels.map((c) => c.id) },
          { kind: 'now' },
        );
      }

      // Lost answers: the fake creates the post, then the answer never comes or the socket dies.
      // Every other call is slow (some slower than the client's 1 s timeout), so workers are
      // killed with calls in flight however fast the machine is.
      const chaos = (): Fault => {
        const r = Math.random();
        if (r < 0.08) return { kind: 'timeout' };
        if (r < 0.16) return { kind: 'drop' };
        return { kind: 'delay', ms: 200 + Math.random() * 1_200 };
      };
      for (const fake of [keyed, unkeyed])
        fake.server.chaos = (method, p) =>
          method === 'POST' && p.endsWith('/statuses') ? chaos() : undefined;
      startWorker(0);
      startWorker(1);
      // Each kill lands 0.3–0.9 s into a running worker's life, however long it took to start
      // on a busy machine; the storm lasts until both time and kills are spent.
      const chaosFrom = Date.now();
      while (Date.now() < chaosFrom + CHAOS_MS || (kills < 8 && Date.now() < chaosFrom + 4 * CHAOS_MS)) {
        await sleep(100);
        const i = Math.floor(Math.random() * 2);
        const since = readyAt[i];
        if (since === undefined || Date.now() - since < 300 + Math.random() * 600) continue;
        workers[i]?.kill('SIGKILL');
        kills++;
        startWorker(i);
      }
      for (const fake of [keyed, unkeyed]) fake.server.chaos = undefined;

      const pending = async () =>
        (
          await ctx.store.db
            .selectFrom('deliveries')
            .select('id')
            .where('state', 'not in', ['published', 'failed'])
            .execute()
        ).length;
      for (let i = 0; i < 120 + POSTS && (await pending()) > 0; i++) await sleep(500);
      const left = await pending();

      const deliveries = await ctx.store.db
        .selectFrom('deliveries')
        .innerJoin('posts', 'posts.id', 'deliveries.post_id')
        .select([
          'deliveries.channel_id',
          'deliveries.state',
          'deliveries.remote_id',
          'deliveries.failure_reason',
          'posts.text',
        ])
        .execute();
      const outcomes = await ctx.store.db.selectFrom('attempts').select('outcome').execute();
      // Two fakes may give their accounts the same ids: a copy is counted within one fake.
      const copies = new Map<string, number>();
      for (const [f, fake] of [keyed, unkeyed].entries()) {
        for (const st of fake.statuses) {
          const key = `${f}|${st.accountId}|${st.text}`;
          copies.set(key, (copies.get(key) ?? 0) + 1);
        }
      }
      // One line the benchmark reads: what happened, whatever the assertions below decide.
      console.log(
        `CHAOS-SUMMARY ${JSON.stringify({
          dialect,
          deliveries: deliveries.length,
          published: deliveries.filter((d) => d.state === 'published').length,
          failed: deliveries.filter((d) => d.state === 'failed').length,
          lost: left,
          duplicates: [...copies.values()].reduce((sum, n) => sum + n - 1, 0),
          kills,
          unfinished: outcomes.filter((a) => a.outcome === null).length,
          reconciled: outcomes.filter((a) => a.outcome === 'reconciled').length,
        })}`,
      );
      expect(left).toBe(0);
      expect(deliveries).toHaveLength(POSTS * channels.length);
      let published = 0;
      for (const d of deliveries) {
        const channel = channels.find((c) => c.id === d.channel_id)!;
        const onNetwork = channel.fake.statuses.filter(
          (s) => s.accountId === channel.accountId && s.text === d.text,
        );
        if (d.text.includes('REFUSE')) {
          expect(d.state).toBe('failed');
          expect(d.failure_reason).toMatch(/refused by the moderators/);
          expect(onNetwork).toHaveLength(0);
        } else {
          expect(d.state, d.text).toBe('published');
          expect(
            onNetwork.map((s) => s.id),
            `${d.text} on ${channel.fake.url}`,
          ).toEqual([d.remote_id]);
          published++;
        }
      }
      // Nothing on the networks that Araldo does not know about.
      expect(keyed.statuses.length + unkeyed.statuses.length).toBe(published);
      expect(kills).toBeGreaterThan(5);
      // The faults really happened: workers died mid-call (attempts left unfinished) and posts
      // they had sent were found again by reconciliation instead of being sent twice.
      expect(outcomes.filter((a) => a.outcome === null).length).toBeGreaterThan(0);
      expect(outcomes.filter((a) => a.outcome === 'reconciled').length).toBeGreaterThan(0);
    },
    120_000 + POSTS * 1_000,
  );
});
