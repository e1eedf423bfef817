import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, DIALECTS } from '@araldo/testkit';
import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openStore, type Store } from '../src/database';
import { migrationProvider } from '../src/migrations/index';
import { claimMail, dueMail, insertMail, recordMailAttempt } from '../src/repos/mail-outbox';

const NOW = 1_700_000_000_000;

describe.each(DIALECTS)('the mail outbox on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  async function fresh(): Promise<Store> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'araldo-mail-'));
    const database = await createTestDatabase(dialect, dir);
    const store = openStore(database.config);
    cleanups.push(async () => {
      await store.close();
      await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    return store;
  }

  async function workspace(store: Store) {
    await store.db.insertInto('organizations').values({ id: 'o', name: 'O', created_at: NOW }).execute();
    await store.db
      .insertInto('workspaces')
      .values({
        id: 'w',
        organization_id: 'o',
        name: 'W',
        time_zone: 'UTC',
        created_at: NOW,
        updated_at: NOW,
      })
      .execute();
  }

  it('does not mail, after the upgrade, notices raised before it', async () => {
    const store = await fresh();
    const migrator = new Migrator({ db: store.db, provider: migrationProvider });
    expect((await migrator.migrateTo('0004-webhooks')).error).toBeUndefined();
    await workspace(store);
    await sql`insert into notifications (id, workspace_id, kind, message, created_at)
              values ('n', 'w', 'channel.needs_reconnect', 'old news', ${NOW})`.execute(store.db);
    expect((await migrator.migrateTo('0005-mail')).error).toBeUndefined();
    const notice = await store.db.selectFrom('notifications').selectAll().executeTakeFirstOrThrow();
    expect(notice.email_queued_at).toBe(NOW);
    expect((await migrator.migrateTo('0004-webhooks')).error).toBeUndefined();
    expect((await migrator.migrateTo('0005-mail')).error).toBeUndefined();
  });

  it('lets one sender claim an e-mail, and only that sender record its outcome', async () => {
    const store = await fresh();
    await migrate(store);
    await workspace(store);
    await store.db
      .insertInto('users')
      .values({
        id: 'u',
        email: 'u@example.org',
        name: 'U',
        password_hash: 'x',
        locale: 'en',
        created_at: NOW,
      })
      .execute();
    await store.db
      .insertInto('notifications')
      .values({
        id: 'n',
        workspace_id: 'w',
        kind: 'post.failed',
        message: 'm',
        created_at: NOW,
        email_queued_at: NOW,
      })
      .execute();
    await insertMail(store.db, [
      {
        id: 'm1',
        workspace_id: 'w',
        notification_id: 'n',
        user_id: 'u',
        to_address: 'u@example.org',
        locale: 'en',
        subject: 's',
        text_body: 't',
        html_body: 'h',
        state: 'pending',
        attempt_count: 0,
        next_attempt_at: NOW,
        created_at: NOW,
      },
    ]);
    const [seen] = await dueMail(store.db, NOW, 10);
    expect(seen?.id).toBe('m1');
    expect(await claimMail(store.db, 'm1', NOW, NOW + 60_000, 'a')).toBe(true);
    // A second sender that saw the same row loses, and the row is not due while claimed.
    expect(await claimMail(store.db, 'm1', NOW, NOW + 60_000, 'b')).toBe(false);
    expect(await dueMail(store.db, NOW + 1_000, 10)).toEqual([]);
    // The lease lapses: another sender takes over, and the first can no longer record.
    const [lapsed] = await dueMail(store.db, NOW + 60_000, 10);
    expect(await claimMail(store.db, 'm1', lapsed!.next_attempt_at, NOW + 120_000, 'b')).toBe(true);
    expect(await recordMailAttempt(store.db, 'm1', 'a', { state: 'sent', attempt_count: 1 })).toBe(false);
    expect(await recordMailAttempt(store.db, 'm1', 'b', { state: 'sent', attempt_count: 1 })).toBe(true);
    const row = await store.db.selectFrom('mail_outbox').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'sent', attempt_count: 1, claim_token: null });
  });
});
