import fs from 'node:fs';
import path from 'node:path';
import { AraldoError, type Database as DatabaseConfig } from '@araldo/core';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { migrationProvider } from './migrations/index';
import type { Schema } from './schema';
import { cachingStatements } from './statement-cache';

export type DialectName = 'sqlite' | 'postgres';

export interface Store {
  readonly db: Kysely<Schema>;
  readonly dialect: DialectName;
  ping(): Promise<void>;
  /** A consistent copy taken while the database is in use (SQLite only; PostgreSQL has pg_dump). */
  backup(file: string): Promise<void>;
  close(): Promise<void>;
}

const INT8_OID = 20;

/** pg returns bigint as string by default; our instants and sizes fit in a double. */
const pgTypes = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format),
};

export function openStore(config: DatabaseConfig, options: { poolSize?: number } = {}): Store {
  if (config.kind === 'sqlite') {
    fs.mkdirSync(path.dirname(config.file), { recursive: true });
    const connection = new SQLite(config.file);
    connection.pragma('journal_mode = WAL');
    // Several processes (server, CLI, workers) share one file: wait instead of failing.
    connection.pragma('busy_timeout = 5000');
    connection.pragma('foreign_keys = ON');
    connection.pragma('synchronous = NORMAL');
    const db = new Kysely<Schema>({
      dialect: new SqliteDialect({ database: cachingStatements(connection) }),
    });
    return {
      db,
      dialect: 'sqlite',
      ping: async () => {
        await sql`select 1`.execute(db);
      },
      backup: async (file) => {
        await connection.backup(file);
      },
      close: () => db.destroy(),
    };
  }
  const pool = new pg.Pool({
    connectionString: config.url.reveal(),
    max: options.poolSize ?? 10,
    types: pgTypes,
  });
  // An idle client losing its server (a restart, a failover) must not crash the process;
  // the pool replaces it and the next query reports any real problem.
  pool.on('error', () => undefined);
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    backup: async () => {
      throw new AraldoError(
        'validation_failed',
        `On PostgreSQL use pg_dump: pg_dump --format=custom --file=araldo.dump "${config.display}"`,
      );
    },
    close: () => db.destroy(),
  };
}

export interface MigrationReport {
  applied: string[];
}

export async function migrate(store: Store): Promise<MigrationReport> {
  const migrator = new Migrator({ db: store.db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
