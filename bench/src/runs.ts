/**
 * The runs (see RUNS in bench/main.ts): each measures, logs its progress and records its rows
 * and details for the table. `base` carries the baselines measured earlier in the same run.
 */
import { bareFetch, barePgBoss, bareSqliteQueue, bareUndici } from './baselines';
import { chaosAtScale } from './chaos';
import { fmtSplit } from './cpu';
import { engineStubbed } from './diag';
import { type EngineResult, engineRun } from './engine';
import type { Fake } from './fake';
import { details, doneOf, f0, f2, pass, type Row, repsNote, rows } from './report';
import { CONCURRENCY, LATENESS_REPS, N_BURST, N_SPREAD, REPS, SCALE, SLOW_REPS, SPREAD_MS } from './settings';
import { log, median } from './util';

export type Baselines = Record<string, number>;

async function repeat(times: number, what: string, run: () => Promise<number>) {
  const secs: number[] = [];
  for (let r = 0; r < times; r++) {
    const s = await run();
    log(`${what} #${r + 1}: ${s.toFixed(2)} s`);
    secs.push(s);
  }
  return secs;
}

/** A baseline's row: N at its median rate, with no target of its own. */
const baselineRow = (name: string, rate: number, ratio: string): Row => ({
  name,
  n: N_BURST,
  seconds: f2(N_BURST / rate),
  rate: f0(rate),
  latency: '',
  ratio,
  target: '—',
  result: '—',
});

// (c) bare HTTP
export async function runUndici(fake: Fake, base: Baselines) {
  await bareUndici(fake, Math.min(N_BURST, 5000)); // warm-up
  const s0 = await fake.stats();
  const t0 = Date.now();
  const secs = await repeat(REPS, 'bare undici', () => bareUndici(fake, N_BURST));
  const s1 = await fake.stats();
  const rates = secs.map((s) => N_BURST / s);
  base.undici = median(rates);
  const fakeCpu = Math.round((100 * (s1.cpuMs - s0.cpuMs)) / (Date.now() - t0));
  rows.push(
    baselineRow('(c) bare HTTP calls, undici Pool.request, 1 process', base.undici, '1.00 (the limit)'),
  );
  details.push(
    `- bare undici: ${CONCURRENCY} requests in flight over 8 connections${repsNote(rates)}; the fake used ${fakeCpu}% of one core meanwhile (not saturated while < ~90%).`,
  );
}

export async function runFetch(fake: Fake, base: Baselines) {
  await bareFetch(fake, Math.min(N_BURST, 2000));
  const secs = await repeat(REPS, 'bare fetch', () => bareFetch(fake, N_BURST));
  const rates = secs.map((s) => N_BURST / s);
  base.fetch = median(rates);
  rows.push(
    baselineRow(
      '(c) bare HTTP calls, global fetch, 1 process',
      base.fetch,
      base.undici ? `${f2(base.fetch / base.undici)} of undici` : 'n/a',
    ),
  );
  details.push(`- bare fetch: ${CONCURRENCY} in flight, default global dispatcher${repsNote(rates)}.`);
}

// (c) bare queues
export async function runSqliteQueue(base: Baselines) {
  const secs = await repeat(REPS, 'bare sqlite queue', () => bareSqliteQueue(N_BURST));
  const rates = secs.map((s) => N_BURST / s);
  base.sqliteQueue = median(rates);
  rows.push(baselineRow('(c) bare job queue: SQLite jobs table, claim+complete ×100', base.sqliteQueue, '—'));
  details.push(`- bare SQLite queue (EmbeddedQueue.claim/complete, batches of 100)${repsNote(rates)}.`);
}

export async function runPgbossQueue(base: Baselines) {
  const secs = await repeat(REPS, 'bare pg-boss', () => barePgBoss(N_BURST));
  const rates = secs.map((s) => N_BURST / s);
  base.pgboss = median(rates);
  rows.push(baselineRow('(c) bare job queue: pg-boss 10 fetch+complete ×100, 1 process', base.pgboss, '—'));
  details.push(`- bare pg-boss (PgBossQueue.claim/complete, batches of 100, one loop)${repsNote(rates)}.`);
}

// (a) the engine, all due at once
/** `reps` end-to-end runs of N deliveries due at one instant, each logged as it ends. */
async function burst(
  fake: Fake,
  label: string,
  dialect: 'sqlite' | 'postgres',
  workers: number,
  reps: number,
) {
  const runs: EngineResult[] = [];
  for (let r = 0; r < reps; r++) {
    const res = await engineRun(fake, dialect, workers, N_BURST, 0);
    log(
      `${label} #${r + 1}: ${res.done}/${res.n} in ${res.seconds.toFixed(2)} s = ${f0(res.rate)}/s; ${res.cpuPerDelivery.toFixed(3)} araldo CPU-ms/delivery; ${fmtSplit(res.cpu)}`,
    );
    runs.push(res);
  }
  return runs;
}
const burstDetails = (what: string, runs: EngineResult[]) =>
  `- ${what}${repsNote(runs.map((x) => x.rate))}; araldo CPU ${median(runs.map((x) => x.cpuPerDelivery)).toFixed(3)} ms per delivery (median); peak memory of a worker ${median(runs.map((x) => x.peakRssMb))} MB (median); last run ${fmtSplit(runs.at(-1)!.cpu)}; checks: ${runs.at(-1)!.checks}.`;

export async function runEmbedded(fake: Fake, base: Baselines) {
  const runs = await burst(fake, 'embedded', 'sqlite', 1, REPS);
  const rate = median(runs.map((x) => x.rate));
  const ratio = base.undici ? rate / base.undici : Number.NaN;
  rows.push({
    name: '(a) embedded: SQLite, 1 `araldo worker` process, all due at once',
    n: doneOf(runs, N_BURST),
    seconds: f2(N_BURST / rate),
    rate: f0(rate),
    latency: '',
    ratio: `${f2(ratio)} of bare undici`,
    target: '≥ 5,000/s and ≥ 0.25',
    result: Number.isNaN(ratio) ? 'n/a: no baseline in this run' : pass(rate >= 5000 && ratio >= 0.25),
  });
  details.push(burstDetails('embedded burst', runs));
}

export async function runPostgres(fake: Fake, base: Baselines) {
  const runs = await burst(fake, 'postgres', 'postgres', 2, SLOW_REPS);
  const rate = median(runs.map((x) => x.rate));
  const ratio = base.pgboss ? rate / base.pgboss : Number.NaN;
  rows.push({
    name: '(a) PostgreSQL: pg-boss, 2 `araldo worker` processes, all due at once',
    n: doneOf(runs, N_BURST),
    seconds: f2(median(runs.map((x) => x.seconds))),
    rate: f0(rate),
    latency: '',
    ratio: `${f2(ratio)} of bare pg-boss`,
    target: '≥ 2,000/s and ≥ 0.50',
    result: Number.isNaN(ratio) ? 'n/a: no baseline in this run' : pass(rate >= 2000 && ratio >= 0.5),
  });
  details.push(burstDetails('PostgreSQL burst', runs));
}

// (b) lateness
export async function runLateness(fake: Fake) {
  for (const [dialect, workers, limit] of [
    ['sqlite', 1, 100],
    ['postgres', 2, 1000],
  ] as const) {
    const runs: EngineResult[] = [];
    for (let r = 0; r < LATENESS_REPS; r++) {
      const res = await engineRun(fake, dialect, workers, N_SPREAD, SPREAD_MS);
      log(
        `lateness ${dialect} #${r + 1}: ${JSON.stringify(res.lateness)}; ${res.cpuPerDelivery.toFixed(3)} araldo CPU-ms/delivery; ${fmtSplit(res.cpu)}`,
      );
      runs.push(res);
    }
    const l = (k: 'p50' | 'p99' | 'max' | 'startP99') => median(runs.map((x) => x.lateness![k]));
    rows.push({
      name: `(b) lateness, ${dialect === 'sqlite' ? 'embedded (SQLite, 1 worker)' : 'PostgreSQL (pg-boss, 2 workers)'}, spread over ${SPREAD_MS / 1000} s`,
      n: N_SPREAD,
      seconds: f2(SPREAD_MS / 1000),
      rate: f0(N_SPREAD / (SPREAD_MS / 1000)),
      latency: `${f0(l('p50'))} / ${f0(l('p99'))} / ${f0(l('max'))}`,
      ratio: '—',
      target: `p99 ≤ ${limit.toLocaleString('en-US')} ms`,
      result: pass(l('p99') <= limit),
    });
    details.push(
      `- lateness ${dialect}: measured as (arrival of the POST at the fake − due_at); p99 of (attempt journalled − due_at) = ${f0(l('startP99'))} ms; CPU: ${fmtSplit(runs.at(-1)!.cpu)}; checks: ${runs.at(-1)!.checks}.`,
    );
  }
}

// diagnostics
export async function runDiag(fake: Fake) {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    const n = dialect === 'sqlite' ? N_BURST : Math.min(N_BURST, 20_000);
    const res = await engineStubbed(fake, dialect, n);
    log(
      `stubbed ${dialect}: ${f0(res.rate)}/s, ${res.perDelivery.toFixed(1)} statements, ${res.cpuPerDelivery.toFixed(3)} CPU-ms per delivery`,
    );
    rows.push({
      name: `diag: engine in-process, network stubbed, ${dialect}, 1 Publisher`,
      n,
      seconds: f2(res.seconds),
      rate: f0(res.rate),
      latency: '',
      ratio: `${res.perDelivery.toFixed(1)} statements and ${res.cpuPerDelivery.toFixed(3)} CPU-ms per delivery`,
      target: '—',
      result: '—',
    });
  }
}

export async function runChaos() {
  const posts = Math.max(10, Math.round(250 * SCALE));
  const t0 = Date.now();
  const { ok, summaries } = await chaosAtScale(posts);
  log(
    `chaos (${posts} posts × 4 channels): ${ok ? 'passed' : 'FAILED'} in ${f2((Date.now() - t0) / 1000)} s`,
  );
  for (const c of summaries) {
    rows.push({
      name: `(proof) chaos, ${c.dialect}: 2 \`araldo worker\` processes SIGKILLed ${c.kills} times, answers lost after the post was made`,
      n: c.deliveries,
      seconds: '',
      rate: '',
      latency: '',
      ratio: `${c.published} published, ${c.failed} failed (refused on purpose), ${c.lost} lost, ${c.duplicates} duplicates; ${c.unfinished} attempts cut by a kill, ${c.reconciled} reconciled`,
      target: '0 lost, 0 duplicates',
      result: pass(ok && c.lost === 0 && c.duplicates === 0),
    });
  }
  if (summaries.length === 0)
    details.push('- chaos: the test printed no summary (see its output by running it alone).');
}
