/**
 * `npm run bench` (issue 5, "Proof" → "Benchmark"). Not a test: it prints one table and writes
 * bench/results.md. Every ratio is computed against a baseline measured in the same run.
 *
 *   (a) N deliveries all due at the same instant → deliveries/s: embedded (SQLite, one
 *       `araldo worker` process) and PostgreSQL (pg-boss, two `araldo worker` processes).
 *   (b) M deliveries spread evenly over one minute → lateness (arrival at the fake − due).
 *   (c) baselines: bare HTTP calls to the same fake (undici Pool.request, global fetch), the
 *       bare job queues with a trivial handler (SQLite table, pg-boss batch fetch/complete).
 *   diagnostics: the engine in-process with the network stubbed out (storage + engine
 *   ceiling) and its queries per delivery.
 *
 * SETUP IS NOT MEASURED: channels are connected through the real `connectChannel` (against
 * the fake), but posts, variants, deliveries and jobs are bulk-inserted with Kysely / pg-boss
 * `insert()`, due far in the future; once the workers are up, one UPDATE moves every job
 * and delivery to T0 (+ its offset), and the clock starts at T0.
 *
 * Environment: BENCH_SCALE (default 1: 100,000 and 10,000), BENCH_REPS (3), BENCH_LATENESS_REPS
 * (1), BENCH_SLOW_REPS (PostgreSQL burst: 1 at full scale), BENCH_SPREAD_SECONDS (60), BENCH_ONLY (comma list of run ids, see RUNS), BENCH_BATCH
 * (diagnostics only), BENCH_POSTGRES_URL.
 *
 * This file only orchestrates; the parts are in bench/src/: settings.ts (the above) and util.ts,
 * runs.ts (each run id measured and recorded), report.ts (the table and results file),
 * baselines.ts, engine.ts (+ workers.ts, seed.ts, db.ts, fake.ts, cpu.ts), diag.ts and chaos.ts.
 */
import os from 'node:os';
import { installStatementCounters } from './src/diag';
import { startFake } from './src/fake';
import { writeResults } from './src/report';
import {
  type Baselines,
  runChaos,
  runDiag,
  runEmbedded,
  runFetch,
  runLateness,
  runPgbossQueue,
  runPostgres,
  runSqliteQueue,
  runUndici,
} from './src/runs';
import { ARALDO_BIN, env, N_BURST, N_SPREAD, REPS, SPREAD_MS } from './src/settings';
import { log } from './src/util';
import { workerNodeArgs } from './src/workers';

// Statements are counted from here on: the hooks must be in place before any database is opened.
installStatementCounters();

const RUNS = [
  'undici',
  'fetch',
  'sqlite-queue',
  'pgboss-queue',
  'embedded',
  'postgres',
  'late',
  'diag',
  'chaos',
];
const only = new Set((env.BENCH_ONLY ?? RUNS.join(',')).split(',').map((s) => s.trim()));

async function main() {
  const startedAt = new Date();
  const load0 = os.loadavg();
  log(
    `N=${N_BURST} burst, ${N_SPREAD} over ${SPREAD_MS / 1000}s, reps ${REPS}; runs: ${[...only].join(', ')}`,
  );
  log(`araldo bundle: ${ARALDO_BIN} (sources: ${env.BENCH_SOURCE_USED ?? '?'})`);
  log(`workers run as: node ${workerNodeArgs().join(' ')} araldo worker`);
  const fake = await startFake();
  const base: Baselines = {};
  try {
    if (only.has('undici')) await runUndici(fake, base);
    if (only.has('fetch')) await runFetch(fake, base);
    if (only.has('sqlite-queue')) await runSqliteQueue(base);
    if (only.has('pgboss-queue')) await runPgbossQueue(base);
    if (only.has('embedded')) await runEmbedded(fake, base);
    if (only.has('postgres')) await runPostgres(fake, base);
    if (only.has('late')) await runLateness(fake);
    if (only.has('diag')) await runDiag(fake);
    if (only.has('chaos')) await runChaos();
  } finally {
    fake.stop();
  }
  writeResults(startedAt, load0);
}

await main();
process.exit(0);
