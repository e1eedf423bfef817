import { randomBytes } from 'node:crypto';
import type { Database } from '@araldo/core';
import { Secret } from '@araldo/core';
import pg from 'pg';

/** Where the test PostgreSQL server is; CI starts one here when the machine has none. */
export const TEST_POSTGRES_URL =
  process.env.ARALDO_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  dialect: 'sqlite' | 'postgres';
  /** The DATABASE_URL form, for processes started by a test. */
  url: string;
  config: Database;
  drop(): Promise<void>;
}

export const DIALECTS = ['sqlite', 'postgres'] as const;

/**
 * Each call makes a database of its own: a fresh SQLite file, or a uniquely named
 * PostgreSQL database dropped afterwards, because the server is shared between runs.
 */
export async function createTestDatabase(dialect: 'sqlite' | 'postgres', dir: string): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const file = `${dir}/araldo-test.db`;
    return { dialect, url: `sqlite:${file}`, config: { kind: 'sqlite', file }, drop: async () => {} };
  }
  const name = `araldo_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    dialect,
    url: url.toString(),
    config: { kind: 'postgres', url: new Secret(url.toString()), display: url.toString() },
    drop: async () => {
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
