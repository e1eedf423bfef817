import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { cachingStatements } from '../src/statement-cache';

describe('the SQLite statement cache', () => {
  let connection: SQLite.Database;
  afterEach(() => {
    if (connection.open) connection.close();
  });
  const open = (size?: number) => {
    connection = new SQLite(':memory:');
    connection.exec('create table t (id integer primary key, name text)');
    connection.exec("insert into t (name) values ('a'), ('b'), ('c')");
    return cachingStatements(connection, size);
  };

  it('hands back the statement it prepared for the same SQL, and evicts the least recently used', () => {
    const db = open(2);
    const first = db.prepare('select name from t where id = ?');
    expect(db.prepare('select name from t where id = ?')).toBe(first);
    expect(first.all([2])).toEqual([{ name: 'b' }]);
    db.prepare('select count(*) as n from t');
    db.prepare('select name from t where id = ?'); // used again: now the most recent
    db.prepare('select max(id) as m from t'); // evicts the count, not the lookup
    expect(db.prepare('select name from t where id = ?')).toBe(first);
    const count = db.prepare('select count(*) as n from t');
    expect(count.all([])).toEqual([{ n: 3 }]);
  });

  it('never hands out a statement still stepping through rows', () => {
    const db = open();
    const reading = db.prepare('select name from t order by id');
    const rows = reading.iterate([]);
    expect(rows.next().value).toEqual({ name: 'a' });
    const other = db.prepare('select name from t order by id');
    expect(other).not.toBe(reading);
    expect(other.all([])).toHaveLength(3);
    expect([...rows]).toEqual([{ name: 'b' }, { name: 'c' }]);
  });

  it('keeps answering right after the schema changes under a cached statement', () => {
    const db = open();
    expect(db.prepare('select * from t where id = ?').all([1])).toEqual([{ id: 1, name: 'a' }]);
    connection.exec("alter table t add column tag text not null default 'x'");
    expect(db.prepare('select * from t where id = ?').all([1])).toEqual([{ id: 1, name: 'a', tag: 'x' }]);
  });

  it('serves Kysely, which otherwise prepares every query it runs', async () => {
    open();
    let prepared = 0;
    const prepare = connection.prepare.bind(connection);
    connection.prepare = ((source: string) => {
      prepared++;
      return prepare(source);
    }) as typeof connection.prepare;
    const db = new Kysely<{ t: { id: number; name: string } }>({
      dialect: new SqliteDialect({ database: cachingStatements(connection) }),
    });
    for (const id of [1, 2, 3, 1])
      expect((await db.selectFrom('t').select('name').where('id', '=', id).executeTakeFirst())?.name).toBe(
        ['a', 'b', 'c'][id - 1],
      );
    expect(prepared).toBe(1);
    expect((await sql<{ n: number }>`select count(*) as n from t`.execute(db)).rows).toEqual([{ n: 3 }]);
    expect(prepared).toBe(2);
    await db.destroy();
    expect(connection.open).toBe(false);
  });
});
