import { Secret } from '@araldo/core';
import {
  type Context,
  createChannel,
  type MailTransport,
  markNeedsReconnect,
  openSmtpTransport,
  queueNoticeMail,
  runNoticeMail,
  startNoticeMail,
} from '@araldo/engine';
import { listMail, notify, openStore } from '@araldo/store';
import { createTestContext, DIALECTS, FakeSmtp, seedWorkspace, type TestContext } from '@araldo/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const SMTP_USER = 'araldo-notices';
const SMTP_PASSWORD = 'pw-Zq8/mailbox+secret=';
const PUBLIC_URL = 'https://araldo.example.org';
const HOUR = 3_600_000;

describe.each(DIALECTS)('e-mail notices on %s', (dialect) => {
  let smtp: FakeSmtp;
  let ctx: TestContext;
  let transport: MailTransport;
  let owner: { userId: string };

  beforeAll(async () => {
    smtp = await new FakeSmtp({ users: { [SMTP_USER]: SMTP_PASSWORD } }).start();
    ctx = await createTestContext(dialect, {
      ...smtp.env({ user: SMTP_USER, password: SMTP_PASSWORD }),
      ARALDO_PUBLIC_URL: PUBLIC_URL,
    });
    transport = openSmtpTransport(ctx.config.smtp!, { timeoutMs: 5_000 });
    // Every test's workspace belongs to this owner, with members of its own.
    owner = { userId: (await seedWorkspace(ctx)).callers.owner.userId };
  });
  afterAll(async () => {
    transport?.close();
    await ctx?.dispose();
    await smtp?.stop();
  });
  afterEach(async () => {
    // Each test starts with an empty inbox and no e-mail left to retry.
    smtp.messages.length = 0;
    await ctx.store.db
      .updateTable('mail_outbox')
      .set({ state: 'failed' })
      .where('state', '=', 'pending')
      .execute();
  });

  /** A workspace with one member per role, the admin reading Italian, and one channel. */
  async function workspaceWithChannel(name: string) {
    const seed = await seedWorkspace(ctx, owner);
    const { callers } = seed;
    await ctx.store.db
      .updateTable('users')
      .set({ locale: 'it' })
      .where('id', '=', callers.admin.userId)
      .execute();
    const channel = await createChannel(
      ctx,
      { userId: callers.owner.userId, role: 'owner' },
      seed.workspaceId,
      {
        network: 'mastodon',
        name,
        accountId: `${name}-${seed.workspaceId}`,
        credentials: { accessToken: 'token' },
      },
    );
    const row = await ctx.store.db
      .selectFrom('channels')
      .selectAll()
      .where('id', '=', channel.id)
      .executeTakeFirstOrThrow();
    const email = async (role: keyof typeof callers) =>
      (
        await ctx.store.db
          .selectFrom('users')
          .select('email')
          .where('id', '=', callers[role].userId)
          .executeTakeFirstOrThrow()
      ).email.toLowerCase();
    return {
      workspaceId: seed.workspaceId,
      channel: row,
      owner: await email('owner'),
      admin: await email('admin'),
      others: [await email('editor'), await email('contributor'), await email('viewer')],
    };
  }

  it('tells each owner and admin once, in their language, with the link to reconnect', async () => {
    const w = await workspaceWithChannel('Acme Mastodon');
    await markNeedsReconnect(ctx, w.channel, 'The access token was revoked');

    const first = await runNoticeMail(ctx, transport);
    expect(first).toMatchObject({ emails: 2, sent: 2, retrying: 0, failed: 0 });
    expect(smtp.messages).toHaveLength(2);
    const link = `${PUBLIC_URL}/w/${w.workspaceId}/channels`;

    const [toOwner] = smtp.to(w.owner);
    expect(toOwner?.subject).toBe('Reconnect Acme Mastodon (mastodon) in Second brand');
    expect(toOwner?.text).toContain(
      'Araldo can no longer publish to Acme Mastodon (mastodon) in Second brand',
    );
    expect(toOwner?.text).toContain(`Reconnect the channel: ${link}`);
    expect(toOwner?.text).toContain('The access token was revoked');
    expect(toOwner?.html).toContain(`<a href="${link}">Reconnect the channel</a>`);
    expect(toOwner?.envelope.from).toBe('araldo@example.org');
    expect(toOwner?.user).toBe(SMTP_USER);
    expect(toOwner?.messageId).toMatch(/@araldo\.example\.org>$/);
    expect(toOwner?.headers.get('auto-submitted')).toBe('auto-generated');

    const [toAdmin] = smtp.to(w.admin);
    expect(toAdmin?.subject).toBe('Ricollega Acme Mastodon (mastodon) in Second brand');
    expect(toAdmin?.text).toContain('Araldo non riesce più a pubblicare su Acme Mastodon (mastodon)');
    expect(toAdmin?.text).toContain(`Ricollega il canale: ${link}`);
    expect(toAdmin?.html).toContain(`<a href="${link}">Ricollega il canale</a>`);
    expect(toAdmin?.html).toContain('<html lang="it">');

    for (const other of w.others) expect(smtp.to(other)).toHaveLength(0);

    // Later passes find nothing new: a notice is mailed once.
    expect(await runNoticeMail(ctx, transport)).toMatchObject({ emails: 0, sent: 0 });
    expect(smtp.messages).toHaveLength(2);
    const recorded = await listMail(ctx.store.db, w.workspaceId);
    expect(recorded.map((m) => [m.to_address, m.state, m.attempt_count, m.locale]).sort()).toEqual(
      [
        [w.admin, 'sent', 1, 'it'],
        [w.owner, 'sent', 1, 'en'],
      ].sort(),
    );
  });

  it('mails only the notices that ask someone to act, and not old ones', async () => {
    const w = await workspaceWithChannel('Quiet');
    const now = Date.now();
    await notify(
      ctx.store.db,
      { workspaceId: w.workspaceId, kind: 'post.published', message: 'went out' },
      now,
    );
    await notify(
      ctx.store.db,
      { workspaceId: w.workspaceId, kind: 'post.failed', channelId: w.channel.id, message: 'refused' },
      now - 2 * 24 * HOUR,
    );
    expect(await runNoticeMail(ctx, transport, { now })).toMatchObject({ notices: 2, emails: 0, sent: 0 });
    expect(smtp.messages).toHaveLength(0);
    const left = await ctx.store.db
      .selectFrom('notifications')
      .select('id')
      .where('workspace_id', '=', w.workspaceId)
      .where('email_queued_at', 'is', null)
      .execute();
    expect(left).toHaveLength(0);
  });

  it('retries with backoff when the server answers 451, and sends each e-mail once', async () => {
    const w = await workspaceWithChannel('Busy');
    await markNeedsReconnect(ctx, w.channel, 'token expired');
    const now = Date.now();
    smtp.failNext(1, { code: 451, message: '4.3.0 Mailbox busy, try again later' });

    expect(await runNoticeMail(ctx, transport, { now })).toMatchObject({ emails: 2, sent: 1, retrying: 1 });
    expect(smtp.refused).toBeGreaterThanOrEqual(1);
    expect(smtp.messages).toHaveLength(1);
    const waiting = (await listMail(ctx.store.db, w.workspaceId)).find((m) => m.state === 'pending');
    expect(waiting?.attempt_count).toBe(1);
    expect(waiting?.last_error).toMatch(/451/);
    // Backoff: 1 minute ± 25% before the next try.
    expect(waiting?.next_attempt_at).toBeGreaterThanOrEqual(now + 45_000);
    expect(waiting?.next_attempt_at).toBeLessThanOrEqual(now + 75_000);

    expect(await runNoticeMail(ctx, transport, { now: now + 1_000 })).toMatchObject({ sent: 0 });
    expect(await runNoticeMail(ctx, transport, { now: now + 2 * 60_000 })).toMatchObject({ sent: 1 });
    expect(await runNoticeMail(ctx, transport, { now: now + HOUR })).toMatchObject({ sent: 0 });
    expect(smtp.to(w.owner)).toHaveLength(1);
    expect(smtp.to(w.admin)).toHaveLength(1);
    const all = await listMail(ctx.store.db, w.workspaceId);
    expect(all.map((m) => m.state)).toEqual(['sent', 'sent']);
    expect(all.map((m) => m.attempt_count).sort()).toEqual([1, 2]);
  });

  it('gives up after the last attempt, and at once on a permanent refusal', async () => {
    const w = await workspaceWithChannel('Broken');
    await markNeedsReconnect(ctx, w.channel, 'token expired');
    const now = Date.now();
    smtp.failNext(1, { code: 550, message: '5.1.1 No such user' });
    smtp.failNext(3, { code: 451 });
    const options = { maxAttempts: 3, random: () => 0.5 };
    expect(await runNoticeMail(ctx, transport, { now, ...options })).toMatchObject({
      failed: 1,
      retrying: 1,
    });
    expect(await runNoticeMail(ctx, transport, { now: now + HOUR, ...options })).toMatchObject({
      retrying: 1,
    });
    expect(await runNoticeMail(ctx, transport, { now: now + 2 * HOUR, ...options })).toMatchObject({
      failed: 1,
    });
    const all = await listMail(ctx.store.db, w.workspaceId);
    expect(all.map((m) => [m.state, m.attempt_count]).sort()).toEqual([
      ['failed', 1],
      ['failed', 3],
    ]);
    expect(smtp.messages).toHaveLength(0);
  });

  it('sends no e-mail twice when several workers run the pass at once', async () => {
    const w = await workspaceWithChannel('Crowded');
    await markNeedsReconnect(ctx, w.channel, 'token expired');
    for (const kind of ['post.failed', 'channel.token_expiring', 'post.failed']) {
      await notify(ctx.store.db, {
        workspaceId: w.workspaceId,
        kind,
        channelId: w.channel.id,
        message: kind,
      });
    }
    // A second connection to the same database, as another worker process has. On SQLite one
    // process cannot hold two write transactions at once, so the workers there share one.
    const second = openStore(ctx.config.database);
    const other: Context = dialect === 'postgres' ? { ...ctx, store: second } : ctx;
    const otherTransport = openSmtpTransport(ctx.config.smtp!, { timeoutMs: 5_000 });
    try {
      const workers = [ctx, other, ctx, other].map((c, i) =>
        runNoticeMail(c, i % 2 ? otherTransport : transport, { batch: 3 }),
      );
      const reports = await Promise.all(workers);
      const drain = await runNoticeMail(ctx, transport);
      expect(reports.reduce((n, r) => n + r.emails, 0) + drain.emails).toBe(8);
      expect(reports.reduce((n, r) => n + r.sent, 0) + drain.sent).toBe(8);
    } finally {
      otherTransport.close();
      await second.close();
    }
    const ids = smtp.messages.map((m) => m.messageId);
    expect(ids).toHaveLength(8);
    expect(new Set(ids).size).toBe(8);
    expect(smtp.to(w.owner)).toHaveLength(4);
    expect(smtp.to(w.admin)).toHaveLength(4);
  });

  it('never records the SMTP password, even when the server quotes it back', async () => {
    const w = await workspaceWithChannel('Secretive');
    await markNeedsReconnect(ctx, w.channel, 'token expired');
    const wrong = 'Wrong-Password-7Hq';
    const badLogin = openSmtpTransport(
      { ...ctx.config.smtp!, password: new Secret(wrong) },
      { timeoutMs: 5_000 },
    );
    const now = Date.now();
    try {
      expect(await runNoticeMail(ctx, badLogin, { now })).toMatchObject({ retrying: 2 });
    } finally {
      badLogin.close();
    }
    expect(smtp.logins.at(-1)).toEqual({ user: SMTP_USER, ok: false });
    smtp.failNext(2, { code: 451, message: `Try later, and stop sending ${SMTP_PASSWORD}` });
    expect(await runNoticeMail(ctx, transport, { now: now + HOUR })).toMatchObject({ retrying: 2 });

    const errors = (
      await ctx.store.db
        .selectFrom('mail_outbox')
        .select('last_error')
        .where('last_error', 'is not', null)
        .execute()
    ).map((r) => r.last_error ?? '');
    expect(errors.length).toBeGreaterThanOrEqual(2);
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    for (const error of errors) {
      for (const secret of [
        SMTP_PASSWORD,
        wrong,
        b64(SMTP_PASSWORD),
        b64(`\u0000${SMTP_USER}\u0000${wrong}`),
      ]) {
        expect(error).not.toContain(secret);
      }
    }
    expect(errors.some((e) => e.includes('[redacted]'))).toBe(true);
    expect(JSON.stringify(ctx.config)).not.toContain(SMTP_PASSWORD);
  });
});

describe('e-mail notices without SMTP', () => {
  it('queues and sends nothing: notices stay in the app and in webhooks', async () => {
    const smtp = await new FakeSmtp().start();
    const ctx = await createTestContext('sqlite');
    try {
      expect(ctx.config.smtp).toBeUndefined();
      const seed = await seedWorkspace(ctx);
      await notify(ctx.store.db, {
        workspaceId: seed.workspaceId,
        kind: 'channel.needs_reconnect',
        message: 'reconnect it',
      });
      const mail = startNoticeMail(ctx, 10);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await mail.stop();
      expect(await listMail(ctx.store.db, seed.workspaceId)).toHaveLength(0);
      const notice = await ctx.store.db
        .selectFrom('notifications')
        .select('email_queued_at')
        .executeTakeFirst();
      expect(notice?.email_queued_at).toBeNull();
      expect(smtp.messages).toHaveLength(0);
    } finally {
      await ctx.dispose();
      await smtp.stop();
    }
  });

  it('starts mailing within one pass once SMTP is set', async () => {
    const smtp = await new FakeSmtp().start();
    const ctx = await createTestContext('sqlite', smtp.env());
    try {
      const seed = await seedWorkspace(ctx);
      await notify(ctx.store.db, {
        workspaceId: seed.workspaceId,
        kind: 'channel.token_expiring',
        message: 'ends on 2030-01-01',
      });
      const mail = startNoticeMail(ctx, 60_000);
      await mail.stop();
      expect(smtp.messages).toHaveLength(2);
      expect(await queueNoticeMail(ctx)).toEqual({ notices: 0, emails: 0 });
    } finally {
      await ctx.dispose();
      await smtp.stop();
    }
  });
});
