/**
 * The sizes and settings every part of the benchmark shares, read once from the environment
 * (see the list at the top of bench/main.ts and bench/README.md).
 */
import path from 'node:path';

export const env = process.env;
export const SCALE = Number(env.BENCH_SCALE ?? 1);
export const N_BURST = Math.max(100, Math.round(100_000 * SCALE));
export const N_SPREAD = Math.max(100, Math.round(10_000 * SCALE));
export const SPREAD_MS = Number(env.BENCH_SPREAD_SECONDS ?? 60) * 1000;
export const REPS = Number(env.BENCH_REPS ?? 3);
export const LATENESS_REPS = Number(env.BENCH_LATENESS_REPS ?? 1);
/** The PostgreSQL end-to-end burst takes minutes per repetition at full scale. */
export const SLOW_REPS = Number(env.BENCH_SLOW_REPS ?? (SCALE < 0.5 ? REPS : 1));
/** Lost outcomes wait for the job lease (120 s) and pg-boss maintenance (30 s): wait that long. */
export const STALL_MS = Number(env.BENCH_STALL_SECONDS ?? 200) * 1000;
export const CHANNELS = 100;
export const PER_POST = 10;
export const CONCURRENCY = 100; // bare-call baselines: as many requests in flight as one Publisher batch
export const POSTGRES_URL = env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const BENCH_DIR = env.BENCH_DIR ?? path.resolve('bench');
export const ARALDO_BIN = env.BENCH_ARALDO_BIN ?? '';
export const SECRET = 'bench-secret-bench-secret-bench-secret-0123';
export const FAR = 10 * 86_400_000;
