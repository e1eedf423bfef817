/** The fake network: bench/fake.mjs, a Mastodon-like endpoint in its own process. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Pool } from 'undici';
import { BENCH_DIR } from './settings';

export interface Fake {
  url: string;
  pid: number;
  stats(): Promise<{ requests: number; statuses: number; cpuMs: number }>;
  arrivals(): Promise<[string, number][]>;
  stop(): void;
}
export async function startFake(): Promise<Fake> {
  const child = spawn(process.execPath, [path.join(BENCH_DIR, 'fake.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', () => reject(new Error('the fake did not start')));
    child.stdout!.once('data', (d) => resolve(Number(String(d).trim().split(' ')[1])));
  });
  const url = `http://127.0.0.1:${port}`;
  const pool = new Pool(url, { connections: 1 });
  const get = async <T>(p: string) =>
    (await (await pool.request({ method: 'GET', path: p })).body.json()) as T;
  return {
    url,
    pid: child.pid!,
    stats: () => get('/__bench/stats'),
    arrivals: () => get('/__bench/log'),
    stop: () => {
      void pool.close();
      child.kill('SIGTERM');
    },
  };
}
