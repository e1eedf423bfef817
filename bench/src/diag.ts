/**
 * Diagnostics: the engine in-process with the network stubbed out (the storage + engine
 * ceiling), and the statement counter/timer hooks that measure its queries per delivery.
 */
import { parseConfig } from '@araldo/core';
import { openContext, Publisher } from '@araldo/engine';
import type { HttpResponse } from '@araldo/networks';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { envFor, makeDb } from './db';
import type { Fake } from './fake';
import { seed, shiftTo } from './seed';
import { env } from './settings';
import { log } from './util';

/**
 * Counts statements the process runs (SQLite: executions of prepared statements, which
 * the store caches; PostgreSQL: client queries). BENCH_SQL_TIMES=1 also times each SQLite
 * statement and prints the costliest after the stubbed-network run.
 */
const queries = { n: 0 };
const sqlTimes = new Map<string, { n: number; ms: number }>();

/**
 * Installs the hooks on better-sqlite3's Statement prototype and on pg.Client.prototype.query:
 * call it once, before any database is opened (bench/main.ts does, when it loads).
 */
export function installStatementCounters() {
  const probe = new SQLite(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, unknown>;
  probe.close();
  for (const m of ['all', 'run', 'get', 'iterate']) {
    const orig = proto[m] as (this: { source: string }, ...a: unknown[]) => unknown;
    proto[m] = function (this: { source: string }, ...a: unknown[]) {
      queries.n++;
      if (!env.BENCH_SQL_TIMES) return orig.apply(this, a);
      const t0 = performance.now();
      try {
        return orig.apply(this, a);
      } finally {
        const key = this.source.replace(/\?(, \?)+/g, '?…').slice(0, 160);
        const e = sqlTimes.get(key) ?? { n: 0, ms: 0 };
        e.n++;
        e.ms += performance.now() - t0;
        sqlTimes.set(key, e);
      }
    };
  }
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    queries.n++;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
}

/**
 * The real Publisher in this process with the HTTP layer answering at once: what storage and
 * engine bookkeeping alone allow, and how many statements each delivery costs.
 */
export async function engineStubbed(fake: Fake, dialect: 'sqlite' | 'postgres', n: number) {
  const db = await makeDb(dialect);
  const environment = envFor(db);
  const ctx = await openContext(parseConfig(environment));
  try {
    const { far } = await seed(ctx, db, fake, n, () => 0);
    await shiftTo(ctx, db, far, Date.now() - 1);
    let id = 0;
    const canned = (): HttpResponse => {
      const body = Buffer.from(
        `{"id":"${++id}","url":"http://x/@b/${id}","uri":"u","content":"","created_at":""}`,
      );
      return {
        status: 200,
        headers: {},
        body,
        text: () => body.toString(),
        json: <T>() => JSON.parse(body.toString()) as T,
      };
    };
    ctx.http.request = async () => canned();
    const publisher = new Publisher(ctx, {
      worker: 'bench',
      ...(env.BENCH_BATCH ? { batch: Number(env.BENCH_BATCH) } : {}),
    });
    const q0 = queries.n;
    sqlTimes.clear();
    const c0 = process.cpuUsage();
    const t = performance.now();
    let done = 0;
    for (;;) {
      const k = await publisher.runOnce();
      if (k === 0) break;
      done += k;
    }
    const seconds = (performance.now() - t) / 1000;
    const c = process.cpuUsage(c0);
    if (env.BENCH_SQL_TIMES)
      for (const [k, v] of [...sqlTimes].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25))
        log(v.ms.toFixed(0).padStart(6), 'ms', String(v.n).padStart(7), k);
    return {
      seconds,
      rate: done / seconds,
      perDelivery: (queries.n - q0) / done,
      cpuPerDelivery: (c.user + c.system) / 1000 / done,
      done,
    };
  } finally {
    await ctx.close();
    await db.drop();
  }
}
