import type { Kysely } from 'kysely';
import type { Schema } from '../schema';

/** How long a finished webhook delivery or e-mail stays in its log. */
export const OUTBOX_RETENTION_MS = 30 * 86_400_000;

/**
 * Deletes webhook deliveries and e-mails that finished (delivered or sent, or given up)
 * longer than `keepMs` ago. Pending rows are never touched, however old: they are work.
 * Safe in many processes at once: each pass is an idempotent delete.
 */
export async function purgeFinishedOutboxes(
  db: Kysely<Schema>,
  now = Date.now(),
  keepMs = OUTBOX_RETENTION_MS,
) {
  const before = now - keepMs;
  const webhooks = await db
    .deleteFrom('webhook_deliveries')
    .where('state', 'in', ['delivered', 'failed'])
    .where('created_at', '<', before)
    .executeTakeFirst();
  const mail = await db
    .deleteFrom('mail_outbox')
    .where('state', 'in', ['sent', 'failed'])
    .where('created_at', '<', before)
    .executeTakeFirst();
  return { webhookDeliveries: Number(webhooks.numDeletedRows), mail: Number(mail.numDeletedRows) };
}
