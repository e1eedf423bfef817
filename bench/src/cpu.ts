/** CPU accounting from /proc: what the fake, the workers, PostgreSQL and the bench itself used. */
import fs from 'node:fs';

const TICK_MS = 10; // CLK_TCK = 100 on Linux
export function cpuMsOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return 0;
  }
}
export function postgresCpuMs(): number {
  let total = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres')
        total += cpuMsOf(Number(entry));
    } catch {}
  }
  return total;
}
export interface CpuSnapshot {
  at: number;
  fake: number;
  workers: number;
  postgres: number;
  self: number;
}
export function cpuSnapshot(fakePid: number, workerPids: number[]): CpuSnapshot {
  const self = process.cpuUsage();
  return {
    at: Date.now(),
    fake: cpuMsOf(fakePid),
    workers: workerPids.reduce((s, p) => s + cpuMsOf(p), 0),
    postgres: postgresCpuMs(),
    self: (self.user + self.system) / 1000,
  };
}
/** CPU each party used over the interval, in % of one core (200% = both cores of this machine). */
export function cpuSplit(a: CpuSnapshot, b: CpuSnapshot) {
  const wall = Math.max(1, b.at - a.at);
  const p = (x: number) => Math.round((100 * x) / wall);
  return {
    fake: p(b.fake - a.fake),
    workers: p(b.workers - a.workers),
    postgres: p(b.postgres - a.postgres),
    bench: p(b.self - a.self),
  };
}
export type Split = ReturnType<typeof cpuSplit>;
export const fmtSplit = (s: Split) =>
  `CPU fake ${s.fake}%, araldo ${s.workers}%, postgres ${s.postgres}% (all backends), bench ${s.bench}%`;
