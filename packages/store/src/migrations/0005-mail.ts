import { type Kysely, sql } from 'kysely';

/**
 * E-mail notices. A notification is turned into one outbox row per recipient by a pass that
 * runs outside any request or publishing transaction; a sender then delivers the outbox over
 * SMTP, so a slow or failing mail server never holds up the work that raised the notice, and
 * one recipient's failure is retried without mailing the others again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // When the e-mail pass handled the notice (its e-mails queued, or none needed); null = not yet.
  await db.schema.alterTable('notifications').addColumn('email_queued_at', 'bigint').execute();
  // Notices raised before this version (or before SMTP was set) are history, not news.
  await sql`update notifications set email_queued_at = created_at`.execute(db);
  await db.schema
    .createIndex('notifications_email_pending')
    .on('notifications')
    .column('id')
    .where(sql.ref('email_queued_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('notification_id', 'text', (c) =>
      c.notNull().references('notifications.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    // The message is rendered once when queued, so a retry sends exactly the same e-mail.
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempt_count', 'integer', (c) => c.notNull().defaultTo(0))
    // Also the lease: a sender pushes it forward when it claims the row.
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    // Who holds the row now; an outcome is recorded only by the holder of the claim.
    .addColumn('claim_token', 'text')
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('mail_outbox_notification_user', ['notification_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('mail_outbox_due')
    .on('mail_outbox')
    .columns(['state', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('mail_outbox_workspace')
    .on('mail_outbox')
    .columns(['workspace_id', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('mail_outbox').execute();
  await db.schema.dropIndex('notifications_email_pending').execute();
  await db.schema.alterTable('notifications').dropColumn('email_queued_at').execute();
}
