import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bin = path.resolve(import.meta.dirname, '../bin/araldo.js');
// /bin/sh is dash on Debian: each shell is run once.
const shells = [
  ...new Set(['/bin/sh', '/usr/bin/dash'].filter((s) => fs.existsSync(s)).map((s) => fs.realpathSync(s))),
];
if (fs.existsSync('/usr/bin/busybox')) shells.push('/usr/bin/busybox');

/**
 * The launcher is both a shell script and an ES module: run as a program it must become Node
 * with the young-generation option, in the same process (signals reach Node), under any
 * POSIX shell; run by Node it must simply be the CLI.
 */
describe('the araldo launcher', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'araldo-launcher-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(shells)(
    'run through %s, it is Node with the option, in the same process',
    async (shell) => {
      const args = shell.endsWith('busybox') ? ['sh', bin, 'worker'] : [bin, 'worker'];
      const child = spawn(shell, args, {
        env: {
          ...process.env,
          ARALDO_DATA_DIR: path.join(dir, shell.replaceAll('/', '_')),
          LOG_LEVEL: 'silent',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      await expect.poll(() => out, { timeout: 20_000 }).toContain('worker running');
      const cmdline = fs.readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
      expect(path.basename(cmdline[0]!)).toBe('node');
      expect(cmdline).toContain('--max-semi-space-size=32');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    },
    30_000,
  );

  it('run by Node itself, it is the CLI', async () => {
    const child = spawn(process.execPath, [bin, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);
    expect(out).toContain('Usage: araldo');
  });
});
