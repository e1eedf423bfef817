import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Kysely's SQLite driver prepares every statement it runs, and SQLite's planner then runs on
 * each call: on the publishing hot path that was a measurable share of a worker's CPU for
 * the same few dozen statements. This keeps the most recently used prepared statements.
 *
 * A statement still stepping through rows (an open `iterate`) cannot be run again until it
 * finishes, so a busy one is never handed out twice: the caller gets a fresh one instead.
 * Schema changes are safe: SQLite re-prepares a statement whose schema went stale.
 */
export function cachingStatements(connection: SQLite.Database, size = 256): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      cache.clear();
      connection.close();
    },
    prepare: (sql: string): SqliteStatement => {
      const hit = cache.get(sql);
      if (hit && !hit.busy) {
        // Map keeps insertion order: re-inserting marks it as the most recently used.
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const statement = connection.prepare(sql);
      if (!hit) {
        cache.set(sql, statement);
        if (cache.size > size) cache.delete(cache.keys().next().value as string);
      }
      return statement;
    },
  };
}
