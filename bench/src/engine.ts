/** The engine end to end: seeded deliveries published by `araldo worker` processes to the fake. */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseConfig } from '@araldo/core';
import { openContext } from '@araldo/engine';
import { cpuSnapshot, cpuSplit, type Split } from './cpu';
import { envFor, makeDb } from './db';
import type { Fake } from './fake';
import { seed, shiftTo } from './seed';
import { BENCH_DIR, STALL_MS } from './settings';
import { log, pct, sleep } from './util';
import { peakRssMb, startWorker, stopWorker } from './workers';

export interface EngineResult {
  n: number;
  done: number;
  seconds: number;
  rate: number;
  lateness?: { p50: number; p99: number; max: number; startP99: number };
  cpu: Split;
  /** CPU the araldo processes spent per delivery: robust to other load on the machine. */
  cpuPerDelivery: number;
  fakeCpu: number;
  /** The largest peak resident memory among the worker processes. */
  peakRssMb: number;
  checks: string;
}

export async function engineRun(
  fake: Fake,
  dialect: 'sqlite' | 'postgres',
  workers: number,
  n: number,
  spreadMs: number,
): Promise<EngineResult> {
  const db = await makeDb(dialect);
  const environment = envFor(db);
  const ctx = await openContext(parseConfig(environment));
  const procs: ChildProcess[] = [];
  try {
    const step = spreadMs / n;
    const { far } = await seed(ctx, db, fake, n, (i) => Math.floor(i * step));
    const logFile = path.join(db.dir, 'workers.log');
    for (let w = 0; w < workers; w++) {
      const { child, ready } = startWorker(environment, db.dir, logFile);
      procs.push(child);
      await ready;
    }
    await sleep(1000); // let the workers' start-up housekeeping settle
    await fake.arrivals(); // empties the fake's arrival log
    const before = await fake.stats();
    const cpu0 = cpuSnapshot(
      fake.pid,
      procs.map((p) => p.pid!),
    );
    const t0 = Date.now() + (dialect === 'postgres' ? 5000 : 1500);
    await shiftTo(ctx, db, far, t0);
    if (Date.now() > t0) log(`warning: the shift to T0 committed ${Date.now() - t0} ms after T0`);
    const count = async () =>
      Number(
        (
          await ctx.store.db
            .selectFrom('deliveries')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('state', '=', 'published')
            .executeTakeFirstOrThrow()
        ).n,
      );
    let done = 0;
    let progressAt = Date.now();
    while (done < n) {
      await sleep(500);
      const c = await count();
      if (c > done) progressAt = Date.now();
      done = c;
      if (Date.now() - progressAt > STALL_MS && Date.now() > t0 + spreadMs) {
        const kept = path.join(BENCH_DIR, 'dist', `stalled-${Date.now()}.log`);
        fs.copyFileSync(logFile, kept);
        log(`stalled at ${done}/${n}; worker log kept in ${kept}`);
        break;
      }
    }
    const cpu1 = cpuSnapshot(
      fake.pid,
      procs.map((p) => p.pid!),
    );
    const after = await fake.stats();
    const end = Number(
      (
        await ctx.store.db
          .selectFrom('deliveries')
          .select((eb) => eb.fn.max('updated_at').as('end'))
          .where('state', '=', 'published')
          .executeTakeFirstOrThrow()
      ).end,
    );
    const seconds = (end - t0) / 1000;
    const states = await ctx.store.db
      .selectFrom('deliveries')
      .select(['state', (eb) => eb.fn.countAll().as('n')])
      .groupBy('state')
      .execute();
    const reasons = await ctx.store.db
      .selectFrom('deliveries')
      .select(['state', 'failure_reason', (eb) => eb.fn.countAll().as('n')])
      .where('state', '!=', 'published')
      .groupBy(['state', 'failure_reason'])
      .orderBy('n', 'desc')
      .limit(3)
      .execute();
    const why = reasons.map((r) => `${r.n} ${r.state}: ${r.failure_reason ?? '(no reason)'}`).join('; ');
    const outcomes = await ctx.store.db
      .selectFrom('attempts')
      .select(['outcome', (eb) => eb.fn.countAll().as('n')])
      .groupBy('outcome')
      .execute();
    const attempts = outcomes.map((o) => `${o.n} ${o.outcome ?? 'unfinished'}`).join(', ');
    const sent = after.statuses - before.statuses;
    const checks = `${states.map((s) => `${s.state} ${s.n}`).join(', ')}; attempts ${attempts}; statuses created on the fake ${sent}${sent === n ? ' (= N: none lost, none doubled)' : ' (≠ N!)'}${why ? ` — not published: ${why}` : ''}`;
    const result: EngineResult = {
      n,
      done,
      seconds: spreadMs > 0 ? spreadMs / 1000 : seconds,
      rate: spreadMs > 0 ? n / (spreadMs / 1000) : done / seconds,
      cpu: cpuSplit(cpu0, cpu1),
      cpuPerDelivery: (cpu1.workers - cpu0.workers) / Math.max(1, done),
      fakeCpu: Math.round((100 * (after.cpuMs - before.cpuMs)) / Math.max(1, cpu1.at - cpu0.at)),
      peakRssMb: Math.max(...procs.map((p) => peakRssMb(p.pid!))),
      checks,
    };
    if (spreadMs > 0) {
      const arrivals = new Map(await fake.arrivals());
      const rows = await ctx.store.db
        .selectFrom('deliveries')
        .innerJoin('attempts', 'attempts.delivery_id', 'deliveries.id')
        .select(['deliveries.id', 'deliveries.due_at', 'attempts.started_at'])
        .execute();
      const late = rows
        .flatMap((r) => (arrivals.has(r.id) ? [arrivals.get(r.id)! - r.due_at!] : []))
        .sort((a, b) => a - b);
      const start = rows.map((r) => r.started_at - r.due_at!).sort((a, b) => a - b);
      result.lateness = {
        p50: pct(late, 50),
        p99: pct(late, 99),
        max: late.at(-1)!,
        startP99: pct(start, 99),
      };
    }
    return result;
  } finally {
    for (const p of procs) await stopWorker(p);
    await ctx.close();
    await db.drop();
  }
}
