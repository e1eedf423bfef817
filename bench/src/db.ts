/** One fresh database per run (SQLite file or uniquely named PostgreSQL database) and its env. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { POSTGRES_URL, SECRET } from './settings';

export interface Db {
  dialect: 'sqlite' | 'postgres';
  url: string;
  dir: string;
  drop(): Promise<void>;
}
export async function makeDb(dialect: 'sqlite' | 'postgres'): Promise<Db> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'araldo-bench-'));
  const rm = () => fs.rmSync(dir, { recursive: true, force: true });
  if (dialect === 'sqlite') return { dialect, url: `sqlite:${dir}/araldo.db`, dir, drop: async () => rm() };
  const name = `araldo_bench_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    dialect,
    url: url.toString(),
    dir,
    drop: async () => {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      rm();
    },
  };
}
export const envFor = (db: Db): Record<string, string> => ({
  ...(process.env as Record<string, string>),
  ARALDO_DATA_DIR: path.join(db.dir, 'data'),
  DATABASE_URL: db.url,
  ARALDO_QUEUE: db.dialect === 'postgres' ? 'pg-boss' : 'embedded',
  ARALDO_ALLOW_PRIVATE_URLS: '1',
  ARALDO_SECRET: SECRET,
  LOG_LEVEL: 'silent',
  // Each bench account posts 1,000 times in seconds, far past Mastodon's 300 per 5 minutes:
  // the budget stays on (its bookkeeping is part of the cost measured) but never binds.
  ARALDO_MASTODON_CHANNEL_LIMIT: '10000000/5m',
});
