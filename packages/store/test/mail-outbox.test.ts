import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, DIALECTS } from '@araldo/testkit';
import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openStore, type Store } from '../src/database';
import { migrationProvider } from '../src/migrations/index';
import { claimMail, dueMail, insertMail, recordMailAttempt } from '../src/repos/mail-outbox';
import { OUTBOX_RETENTION_MS, purgeFinishedOutboxes } from '../src/repos/retention';

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

  async function noticeWithReader(store: Store) {
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
  }

  const mail = (id: string, state: 'pending' | 'sent' | 'failed', createdAt = NOW) => ({
    id,
    workspace_id: 'w',
    notification_id: 'n',
    user_id: `u-${id}`,
    to_address: 'u@example.org',
    locale: 'en',
    subject: 's',
    text_body: 't',
    html_body: 'h',
    state,
    attempt_count: 0,
    next_attempt_at: createdAt,
    created_at: createdAt,
  });

  it('lets one sender claim an e-mail, and only that sender record its outcome', async () => {
    const store = await fresh();
    await noticeWithReader(store);
    await insertMail(store.db, [{ ...mail('m1', 'pending'), user_id: 'u' }]);
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

  it('forgets finished e-mails and webhook deliveries after 30 days, never pending ones', async () => {
    const store = await fresh();
    await noticeWithReader(store);
    const old = NOW - OUTBOX_RETENTION_MS - 1;
    const users = ['old-sent', 'old-failed', 'old-pending', 'new-sent'];
    await store.db
      .insertInto('users')
      .values(
        users.map((u) => ({
          id: `u-${u}`,
          email: `${u}@example.org`,
          name: u,
          password_hash: 'x',
          locale: 'en',
          created_at: NOW,
        })),
      )
      .execute();
    await insertMail(store.db, [
      mail('old-sent', 'sent', old),
      mail('old-failed', 'failed', old),
      mail('old-pending', 'pending', old),
      mail('new-sent', 'sent', NOW - 1_000),
    ]);
    await store.db
      .insertInto('webhook_endpoints')
      .values({
        id: 'e',
        workspace_id: 'w',
        url: 'https://example.org/hook',
        description: null,
        secret: 's',
        events: '[]',
        active: 1,
        created_at: NOW,
        updated_at: NOW,
      })
      .execute();
    const hook = (id: string, state: 'pending' | 'delivered' | 'failed', createdAt: number) => ({
      id,
      workspace_id: 'w',
      endpoint_id: 'e',
      event_id: id,
      type: 'post.published',
      payload: '{}',
      state,
      attempt_count: 1,
      next_attempt_at: null,
      last_status: null,
      last_error: null,
      delivered_at: null,
      created_at: createdAt,
    });
    await store.db
      .insertInto('webhook_deliveries')
      .values([
        hook('h-old', 'delivered', old),
        hook('h-old-pending', 'pending', old),
        hook('h-new', 'failed', NOW),
      ])
      .execute();
    expect(await purgeFinishedOutboxes(store.db, NOW)).toEqual({ webhookDeliveries: 1, mail: 2 });
    const left = await store.db.selectFrom('mail_outbox').select('id').orderBy('id').execute();
    expect(left.map((r) => r.id)).toEqual(['new-sent', 'old-pending']);
    const hooks = await store.db.selectFrom('webhook_deliveries').select('id').orderBy('id').execute();
    expect(hooks.map((r) => r.id)).toEqual(['h-new', 'h-old-pending']);
    expect(await purgeFinishedOutboxes(store.db, NOW)).toEqual({ webhookDeliveries: 0, mail: 0 });
  });
});
