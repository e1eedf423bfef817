/**
 * The baselines (c): bare HTTP calls to the fake (undici Pool.request, global fetch) and the
 * bare job queues with a trivial handler (SQLite jobs table, pg-boss batch fetch/complete).
 */
import { newId, Secret } from '@araldo/core';
import { EmbeddedQueue, PgBossQueue, PUBLISH_QUEUE } from '@araldo/engine';
import { migrate, openStore } from '@araldo/store';
import { sql } from 'kysely';
import { Pool } from 'undici';
import { makeDb } from './db';
import type { Fake } from './fake';
import { queueOptions, startBoss } from './seed';
import { CHANNELS, CONCURRENCY } from './settings';

const statusBody = JSON.stringify({
  status: 'Bench post: write once, publish everywhere',
  media_ids: [],
  visibility: 'public',
});
const statusHeaders = (i: number) => ({
  authorization: `Bearer bench${i % CHANNELS}`,
  'content-type': 'application/json',
  'idempotency-key': `bare-${i}`,
  'user-agent': 'Araldo bench',
});
async function inFlight(n: number, call: (i: number) => Promise<void>) {
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) await call(next++);
    }),
  );
  return (performance.now() - t) / 1000;
}
export async function bareUndici(fake: Fake, n: number) {
  const pool = new Pool(fake.url, { connections: 8 });
  const seconds = await inFlight(n, async (i) => {
    const r = await pool.request({
      method: 'POST',
      path: '/api/v1/statuses',
      headers: statusHeaders(i),
      body: statusBody,
    });
    if (r.statusCode !== 200) throw new Error(`status ${r.statusCode}`);
    await r.body.arrayBuffer();
  });
  await pool.close();
  return seconds;
}
export async function bareFetch(fake: Fake, n: number) {
  return inFlight(n, async (i) => {
    const r = await fetch(`${fake.url}/api/v1/statuses`, {
      method: 'POST',
      headers: statusHeaders(i),
      body: statusBody,
    });
    if (r.status !== 200) throw new Error(`status ${r.status}`);
    await r.arrayBuffer();
  });
}
export async function bareSqliteQueue(n: number) {
  const db = await makeDb('sqlite');
  const store = openStore({ kind: 'sqlite', file: db.url.slice('sqlite:'.length) });
  try {
    await migrate(store);
    const now = Date.now();
    for (let i = 0; i < n; i += 1000)
      await store.db
        .insertInto('jobs')
        .values(
          Array.from({ length: Math.min(1000, n - i) }, () => {
            const key = newId();
            return {
              id: newId(),
              queue: PUBLISH_QUEUE,
              key,
              payload: JSON.stringify({ deliveryId: key }),
              run_at: now,
              lease_owner: null,
              lease_until: null,
              attempts: 0,
              created_at: now,
            };
          }),
        )
        .execute();
    const queue = new EmbeddedQueue(store);
    let handled = 0;
    const t = performance.now();
    for (;;) {
      const jobs = await queue.claim(PUBLISH_QUEUE, { limit: 100, leaseMs: 60_000, worker: 'bench' });
      if (jobs.length === 0) break;
      handled += jobs.length; // the trivial handler
      await queue.complete(jobs);
    }
    if (handled !== n) throw new Error(`sqlite queue handled ${handled}/${n}`);
    return (performance.now() - t) / 1000;
  } finally {
    await store.close();
    await db.drop();
  }
}
export async function barePgBoss(n: number) {
  const db = await makeDb('postgres');
  const store = openStore({ kind: 'postgres', url: new Secret(db.url), display: db.url });
  const queue = new PgBossQueue(store, db.url, { leaseSeconds: 120 });
  try {
    await queue.start();
    const boss = await startBoss(db.url);
    await boss.createQueue(PUBLISH_QUEUE, queueOptions(120));
    for (let i = 0; i < n; i += 5000)
      await boss.insert(
        Array.from({ length: Math.min(5000, n - i) }, () => {
          const key = newId();
          return { name: PUBLISH_QUEUE, data: { deliveryId: key, key }, expireInSeconds: 120 };
        }),
      );
    await boss.stop({ graceful: false, wait: true });
    await sql`vacuum analyze`.execute(store.db);
    let handled = 0;
    const t = performance.now();
    for (;;) {
      const jobs = await queue.claim(PUBLISH_QUEUE, { limit: 100, leaseMs: 120_000, worker: 'bench' });
      if (jobs.length === 0) break;
      handled += jobs.length;
      await queue.complete(jobs);
    }
    if (handled !== n) throw new Error(`pg-boss handled ${handled}/${n}`);
    return (performance.now() - t) / 1000;
  } finally {
    await queue.stop();
    await store.close();
    await db.drop();
  }
}
