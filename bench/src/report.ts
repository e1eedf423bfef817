/** The results: the rows and details the runs record, the printed table and bench/results.md. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EngineResult } from './engine';
import {
  BENCH_DIR,
  CHANNELS,
  env,
  LATENESS_REPS,
  N_BURST,
  N_SPREAD,
  PER_POST,
  REPS,
  SLOW_REPS,
  SPREAD_MS,
} from './settings';
import { log } from './util';

export interface Row {
  name: string;
  /** "done of N" when a run stalled before finishing. */
  n: number | string;
  seconds: string;
  rate: string;
  latency: string;
  ratio: string;
  target: string;
  result: string;
}
export const rows: Row[] = [];
export const details: string[] = [];
export const f0 = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'n/a');
export const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
export const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
export const doneOf = (runs: EngineResult[], n: number) => {
  const done = Math.min(...runs.map((x) => x.done));
  return done < n ? `${done.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} (stalled)` : n;
};
export const repsNote = (xs: number[]) =>
  xs.length > 1 ? ` (median of ${xs.length}: ${xs.map(f0).join(', ')})` : '';

/** Prints the table and writes it, with the machine and the date, to bench/results.md. */
export function writeResults(startedAt: Date, load0: number[]) {
  const header = [
    '| measurement | N | seconds | rate/s | lateness p50 / p99 / max (ms) | ratio to its baseline | target | result |',
    '|---|---:|---:|---:|---:|---|---|---|',
  ];
  const table = [
    ...header,
    ...rows.map(
      (r) =>
        `| ${r.name} | ${typeof r.n === 'number' ? r.n.toLocaleString('en-US') : r.n} | ${r.seconds} | ${r.rate} | ${r.latency} | ${r.ratio} | ${r.target} | ${r.result} |`,
    ),
  ].join('\n');
  console.log(table);
  const cpus = os.cpus();
  const load1 = os.loadavg();
  const doc = [
    '# Araldo publishing benchmark',
    '',
    `Run ${startedAt.toISOString()} → ${new Date().toISOString()} on ${os.availableParallelism()} CPUs (${cpus[0]?.model ?? '?'}), Node ${process.version}, ${os.platform()} ${os.release()}.`,
    `Load average at start ${load0.map((x) => x.toFixed(2)).join(' ')}, at end ${load1.map((x) => x.toFixed(2)).join(' ')} (a shared machine: other work running meanwhile shows up as noise).`,
    `Scale: ${N_BURST.toLocaleString('en-US')} deliveries due at once, ${N_SPREAD.toLocaleString('en-US')} over ${SPREAD_MS / 1000} s; ${CHANNELS} Mastodon channels on one fake instance, ${PER_POST} channels per post; repetitions ${REPS} (PostgreSQL burst ${SLOW_REPS}, lateness ${LATENESS_REPS}); the sources benchmarked: ${env.BENCH_SOURCE_USED ?? '?'}.`,
    '',
    table,
    '',
    '## Details',
    '',
    ...details,
    '',
    'How: `npm run bench` (BENCH_SCALE=0.1 for a quick run; BENCH_ONLY=undici,fetch,sqlite-queue,pgboss-queue,embedded,postgres,late,diag to pick runs). See bench/README.md.',
    '',
  ].join('\n');
  // A patched copy's figures go next to the tree's, never over them.
  const file = path.join(BENCH_DIR, env.BENCH_SOURCE ? 'results-patched.md' : 'results.md');
  fs.writeFileSync(file, doc);
  log(`written ${file}`);
}
