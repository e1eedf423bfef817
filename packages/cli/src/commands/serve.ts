import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Context } from '@araldo/engine';
import { isSetupNeeded, openContext, Publisher, startHousekeeping } from '@araldo/engine';
import { buildApp } from '@araldo/server';
import { migrate, openStore } from '@araldo/store';
import { loadConfig, webDir } from '../environment';

export interface RunOptions {
  api: boolean;
  workers: boolean;
}

/**
 * `start` = API + workers in one process; `serve` = API only; `worker` = workers only.
 * Each stops cleanly on SIGINT/SIGTERM: the server stops taking requests and finishes
 * those under way, workers stop taking work, and the database closes last.
 */
export async function run(options: RunOptions) {
  const config = loadConfig();
  const started = Date.now();
  const ctx: Context = await openContext(config);
  const stops: (() => Promise<void> | void)[] = [];

  if (options.workers) {
    const housekeeping = startHousekeeping(ctx);
    const publisher = new Publisher(ctx, {
      worker: `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    });
    publisher.start();
    stops.push(
      () => housekeeping.stop(),
      () => publisher.stop(),
    );
  }
  if (options.api) {
    const app = await buildApp(ctx, { webDir: webDir() });
    await app.listen({ port: config.port, host: config.host });
    stops.unshift(() => app.close());
    const url = config.publicUrl;
    console.log(`Araldo is ready at ${url} (${ctx.store.dialect}, ${Date.now() - started} ms)`);
    if (await isSetupNeeded(ctx)) {
      console.log(`First run: open ${url} to create the owner account,`);
      console.log(
        `or run: npx araldo user create --email you@example.org --password '<at least 10 characters>'`,
      );
    } else {
      console.log(`Sign in at ${url}. API docs: ${url}/api/docs`);
    }
  } else {
    console.log(`Araldo worker running (${ctx.store.dialect})`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping…`);
    for (const s of stops) await s();
    await ctx.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

export async function runMigrations() {
  const config = loadConfig();
  const store = openStore(config.database);
  try {
    const { applied } = await migrate(store);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date');
  } finally {
    await store.close();
  }
}
