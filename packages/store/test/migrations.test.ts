import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, DIALECTS } from '@araldo/testkit';
import { Migrator, NO_MIGRATIONS, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openStore, type Store } from '../src/database';
import { migrationProvider } from '../src/migrations/index';

const TABLES = [
  'api_tokens',
  'attempts',
  'audit_log',
  'channels',
  'deliveries',
  'delivery_metrics',
  'feeds',
  'jobs',
  'login_failures',
  'mail_outbox',
  'media_assets',
  'memberships',
  'notifications',
  'oauth_states',
  'organizations',
  'posts',
  'rate_windows',
  'sessions',
  'users',
  'variants',
  'webhook_deliveries',
  'webhook_endpoints',
  'workspaces',
];

async function tableNames(store: Store): Promise<string[]> {
  const query =
    store.dialect === 'sqlite'
      ? sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' and name not like 'kysely_%' and name not like 'sqlite_%'`
      : sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_name not like 'kysely_%'`;
  const { rows } = await query.execute(store.db);
  return rows.map((r) => r.name).sort();
}

describe.each(DIALECTS)('migrations on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  async function fresh() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'araldo-mig-'));
    const database = await createTestDatabase(dialect, dir);
    const store = openStore(database.config);
    cleanups.push(async () => {
      await store.close();
      await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    return store;
  }

  it('creates every table on an empty database, and a second run changes nothing', async () => {
    const store = await fresh();
    expect(await tableNames(store)).toEqual([]);
    const first = await migrate(store);
    expect(first.applied).toEqual([
      '0001-foundation',
      '0002-connections',
      '0003-publishing',
      '0004-webhooks',
      '0005-mail',
      '0006-metrics',
      '0007-rate-limits',
    ]);
    expect(await tableNames(store)).toEqual(TABLES);
    expect((await migrate(store)).applied).toEqual([]);
  });

  it('rolls back to empty and forward again', async () => {
    const store = await fresh();
    await migrate(store);
    const migrator = new Migrator({ db: store.db, provider: migrationProvider });
    const down = await migrator.migrateTo(NO_MIGRATIONS);
    expect(down.error).toBeUndefined();
    expect(await tableNames(store)).toEqual([]);
    expect((await migrate(store)).applied).toEqual([
      '0001-foundation',
      '0002-connections',
      '0003-publishing',
      '0004-webhooks',
      '0005-mail',
      '0006-metrics',
      '0007-rate-limits',
    ]);
  });

  it('enforces foreign keys: deleting a workspace removes what it owned', async () => {
    const store = await fresh();
    await migrate(store);
    const now = Date.now();
    await store.db.insertInto('organizations').values({ id: 'o', name: 'O', created_at: now }).execute();
    await store.db
      .insertInto('workspaces')
      .values({
        id: 'w',
        organization_id: 'o',
        name: 'W',
        time_zone: 'UTC',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await store.db
      .insertInto('channels')
      .values({
        id: 'c',
        workspace_id: 'w',
        network: 'sandbox',
        name: 'C',
        account_id: 'a',
        account_handle: null,
        time_zone: 'UTC',
        status: 'active',
        credentials: null,
        settings: '{}',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await expect(
      store.db
        .insertInto('workspaces')
        .values({
          id: 'x',
          organization_id: 'missing',
          name: 'X',
          time_zone: 'UTC',
          created_at: now,
          updated_at: now,
        })
        .execute(),
    ).rejects.toThrow();
    await store.db.deleteFrom('workspaces').where('id', '=', 'w').execute();
    expect(await store.db.selectFrom('channels').selectAll().execute()).toEqual([]);
  });

  it('keeps instants as exact numbers (epoch ms) on both dialects', async () => {
    const store = await fresh();
    await migrate(store);
    const instant = Date.UTC(2031, 2, 30, 1, 30, 0, 123);
    await store.db.insertInto('organizations').values({ id: 'o', name: 'O', created_at: instant }).execute();
    const row = await store.db.selectFrom('organizations').selectAll().executeTakeFirstOrThrow();
    expect(row.created_at).toBe(instant);
  });
});
