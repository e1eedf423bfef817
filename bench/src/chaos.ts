/** The chaos proof at full size, run as the test it is, with its summaries collected. */
import { spawn } from 'node:child_process';

export interface ChaosSummary {
  dialect: string;
  deliveries: number;
  published: number;
  failed: number;
  lost: number;
  duplicates: number;
  kills: number;
  unfinished: number;
  reconciled: number;
}

/**
 * The chaos proof at its full size: packages/engine/test/chaos.test.ts with 250 posts
 * on 4 channels (1,000 deliveries) per dialect, two `araldo worker` processes killed with
 * SIGKILL at random and answers lost after the fake created the post. Runs the test as it is
 * (it asserts exactly-once) against a server bundle built from these sources.
 */
export async function chaosAtScale(posts: number): Promise<{ ok: boolean; summaries: ChaosSummary[] }> {
  const run = (command: string, args: string[], extra: Record<string, string> = {}) =>
    new Promise<{ code: number; out: string }>((resolve) => {
      const child = spawn(command, args, {
        env: { ...process.env, ...extra },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
      });
      child.stderr.on('data', (d: Buffer) => {
        out += d.toString();
      });
      child.on('exit', (code) => resolve({ code: code ?? 1, out }));
    });
  const built = await run(process.execPath, ['scripts/build-server.mjs']);
  if (built.code !== 0) throw new Error(`building the server bundle failed:\n${built.out}`);
  const test = await run('npx', ['vitest', 'run', 'packages/engine/test/chaos.test.ts'], {
    ARALDO_CHAOS_POSTS: String(posts),
  });
  const summaries = [...test.out.matchAll(/CHAOS-SUMMARY (\{.*\})/g)].map(
    (m) => JSON.parse(m[1]!) as ChaosSummary,
  );
  return { ok: test.code === 0, summaries };
}
