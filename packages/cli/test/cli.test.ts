import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, DIALECTS, type TestDatabase } from '@araldo/testkit';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'packages/cli/bin/araldo.js');
const run = promisify(execFile);

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe.each(DIALECTS)('the araldo command on %s', (dialect) => {
  let dir: string;
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let server: ChildProcess | undefined;

  const araldo = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run('node', [bin, ...args], { env, cwd: dir });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  beforeAll(async () => {
    expect(fs.existsSync(path.join(root, 'packages/cli/dist/araldo.js')), 'run `npm run build` first').toBe(
      true,
    );
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'araldo-cli-'));
    database = await createTestDatabase(dialect, dir);
    env = {
      ...process.env,
      ARALDO_DATA_DIR: path.join(dir, 'data'),
      DATABASE_URL: database.url,
      LOG_LEVEL: 'warn',
    };
  });
  afterAll(async () => {
    server?.kill('SIGKILL');
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('user create makes the owner and a default workspace on a fresh install', async () => {
    const created = await araldo(
      'user',
      'create',
      '--email',
      'Me@Example.org',
      '--password',
      'a long password',
      '--time-zone',
      'Europe/Rome',
    );
    expect(created.stderr).toBe('');
    expect(created.stdout).toMatch(
      /Created me@example.org, owner of workspace "My workspace" \(Europe\/Rome\)/,
    );
    const list = await araldo('workspace', 'list', '--json');
    const workspaces = JSON.parse(list.stdout);
    expect(workspaces).toHaveLength(1);
    expect(workspaces[0]).toMatchObject({ name: 'My workspace', timeZone: 'Europe/Rome' });
  });

  it('a second user joins the first workspace with the role given', async () => {
    const second = await araldo(
      'user',
      'create',
      '--email',
      'ed@example.org',
      '--password',
      'another long one',
      '--role',
      'editor',
      '--json',
    );
    expect(JSON.parse(second.stdout)).toMatchObject({ user: { email: 'ed@example.org' }, role: 'editor' });
  });

  it('bad input is one clear line and exit code 1, never a stack trace', async () => {
    const dup = await araldo('user', 'create', '--email', 'me@example.org', '--password', 'a long password');
    expect(dup.code).toBe(1);
    expect(dup.stderr.trim()).toBe('araldo: me@example.org already has an account');
    const short = await araldo('user', 'create', '--email', 'x@example.org', '--password', 'short');
    expect(short.stderr).toMatch(/^araldo: Password must be at least 10 characters/);
    const zone = await araldo('workspace', 'create', '--name', 'B', '--time-zone', 'Nowhere/Atlantis');
    expect(zone.stderr).toMatch(/Nowhere\/Atlantis is not an IANA time zone/);
    const config = await run('node', [bin, 'workspace', 'list'], { env: { ...env, PORT: 'eighty' } }).catch(
      (e) => e,
    );
    expect(config.code).toBe(1);
    expect(config.stderr).toMatch(/Invalid configuration:\n {2}PORT: .*\(got "eighty"\)/);
    for (const r of [dup, short, zone, config]) expect(r.stderr).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it('start serves the API to a token made by token create, and stops cleanly on SIGTERM', async () => {
    const token = JSON.parse((await araldo('token', 'create', '--name', 'script', '--json')).stdout);
    expect(token.secret).toMatch(/^araldo_pat_/);
    const port = await freePort();
    server = spawn('node', [bin, 'start'], {
      env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
      cwd: dir,
    });
    let output = '';
    server.stdout?.on('data', (d) => {
      output += d;
    });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100 && !output.includes('ready'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(output).toMatch(/Araldo is ready at http:\/\/localhost:\d+ \((sqlite|postgres), \d+ ms\)/);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const response = await fetch(`${base}/api/v1/workspaces`, {
      headers: { authorization: `Bearer ${token.secret}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: { name: string }[] };
    expect(body.items[0]?.name).toBe('My workspace');
    const exited = new Promise<number | null>((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    server = undefined;
  });

  it('channel add sandbox and channel list, as the CLI contract says', async () => {
    const added = await araldo('channel', 'add', 'sandbox', '--name', 'Trial', '--json');
    expect(added.stderr).toBe('');
    const channel = JSON.parse(added.stdout);
    expect(channel).toMatchObject({ network: 'sandbox', name: 'Trial', status: 'active' });
    expect(typeof channel.id).toBe('string');
    const listed = JSON.parse((await araldo('channel', 'list', '--json')).stdout);
    expect(listed.map((c: { id: string }) => c.id)).toContain(channel.id);
    const bad = await araldo(
      'channel',
      'add',
      'mastodon',
      '--server',
      'https://127.0.0.1:9',
      '--token',
      'abc',
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^araldo: Mastodon refused the connection: .*private or local address/);
  });

  it('a post created from the CLI is published by the workers of a running araldo start', async () => {
    const channel = JSON.parse(
      (await araldo('channel', 'add', 'sandbox', '--name', 'Live', '--json')).stdout,
    );
    const port = await freePort();
    server = spawn('node', [bin, 'start'], {
      env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
      cwd: dir,
    });
    const created = await araldo(
      'post',
      'create',
      '--channel',
      channel.id,
      '--text',
      'From the shell',
      '--now',
      '--json',
    );
    expect(created.stderr).toBe('');
    const post = JSON.parse(created.stdout);
    expect(post.deliveries).toEqual([expect.objectContaining({ channelId: channel.id, state: 'scheduled' })]);
    let shown = post;
    for (let i = 0; i < 100 && shown.deliveries[0].state !== 'published'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      shown = JSON.parse((await araldo('post', 'show', post.id, '--json')).stdout);
    }
    expect(shown.deliveries[0]).toMatchObject({
      state: 'published',
      remoteUrl: expect.stringContaining('sandbox://'),
    });
    const listed = JSON.parse((await araldo('post', 'list', '--status', 'published', '--json')).stdout);
    expect(listed.map((p: { id: string }) => p.id)).toContain(post.id);
    const draft = JSON.parse(
      (await araldo('post', 'create', '--channel', channel.id, '--text', 'Later', '--json')).stdout,
    );
    expect(draft.status).toBe('draft');
    const bad = await araldo(
      'post',
      'create',
      '--channel',
      channel.id,
      '--text',
      'x',
      '--at',
      '2031-03-30T02:30',
    );
    expect(bad.stderr).toMatch(/--at needs --tz/);
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    server = undefined;
  });

  it('text measure reads stdin and prints the network count as JSON', async () => {
    const child = spawn('node', [bin, 'text', 'measure', '--network', 'mastodon'], { env, cwd: dir });
    child.stdin.end('Visit https://example.org/a/very/long/path/indeed @ada@example.social\n');
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    await new Promise((resolve) => child.once('exit', resolve));
    expect(JSON.parse(out)).toEqual({ network: 'mastodon', length: 6 + 23 + 5, limit: 500, fits: true });
  });

  it('migrate reports an up-to-date database', async () => {
    expect((await araldo('migrate')).stdout).toMatch(/up to date/);
  });

  it('backup writes a consistent copy (SQLite) or says how to use pg_dump', async () => {
    const target = path.join(dir, 'backup.db');
    const result = await araldo('backup', target);
    if (dialect === 'sqlite') {
      expect(result.code).toBe(0);
      const copy = new Database(target, { readonly: true });
      expect(copy.prepare('select count(*) as n from users').get()).toEqual({ n: 2 });
      copy.close();
      expect((await araldo('backup', target)).stderr).toMatch(/already exists/);
    } else {
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/pg_dump/);
      expect(result.stderr).not.toMatch(/postgres:\/\/[^@]*:[^*@]+@/);
    }
  });
});
