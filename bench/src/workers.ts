/** `araldo worker` processes, started as users start them, and what they held in memory. */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ARALDO_BIN, env } from './settings';

/** The Node options the `araldo` launcher starts Node with: workers run as users run them. */
export function launcherNodeArgs(): string[] {
  const launcher = path.join(env.BENCH_SOURCE_USED ?? '.', 'packages/cli/bin/araldo.js');
  const exec = /exec node (.*?) "\$0"/.exec(fs.readFileSync(launcher, 'utf8'))?.[1] ?? '';
  return exec.split(/\s+/).filter(Boolean);
}

/** The launcher's Node options, then those in BENCH_WORKER_NODE_ARGS (the later ones win). */
export const workerNodeArgs = () => [
  ...launcherNodeArgs(),
  ...(env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean),
];

/** The most memory the process ever held (VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  try {
    const kb = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export function startWorker(environment: Record<string, string>, cwd: string, logFile: string) {
  const out = fs.openSync(logFile, 'a');
  const nodeArgs = workerNodeArgs();
  const child = spawn(process.execPath, [...nodeArgs, ARALDO_BIN, 'worker'], {
    env: environment,
    cwd,
    stdio: ['ignore', 'pipe', out],
  });
  const ready = new Promise<void>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (d) => {
      text += String(d);
      if (text.includes('worker running')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`araldo worker exited (${code}); see ${logFile}`)));
  });
  return { child, ready };
}
export async function stopWorker(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
