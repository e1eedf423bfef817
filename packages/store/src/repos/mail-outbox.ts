import type { Role } from '@araldo/core';
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { MailOutboxTable, Schema } from '../schema';

/** Notices the e-mail pass has not looked at yet, oldest first, with what a message names. */
export async function noticesAwaitingEmail(db: Kysely<Schema>, limit: number) {
  return db
    .selectFrom('notifications as n')
    .innerJoin('workspaces as w', 'w.id', 'n.workspace_id')
    .leftJoin('channels as c', 'c.id', 'n.channel_id')
    .select([
      'n.id',
      'n.workspace_id',
      'n.kind',
      'n.message',
      'n.channel_id',
      'n.created_at',
      'w.name as workspace_name',
      'c.name as channel_name',
      'c.network as channel_network',
    ])
    .where('n.email_queued_at', 'is', null)
    .orderBy('n.id')
    .limit(limit)
    .execute();
}

/** The members of a workspace holding one of `roles`, with where and how to write to them. */
export async function membersWithRoles(trx: Kysely<Schema>, workspaceId: string, roles: readonly Role[]) {
  return trx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'u.name', 'u.locale', 'm.role'])
    .where('m.workspace_id', '=', workspaceId)
    .where('m.role', 'in', [...roles])
    .orderBy('u.id')
    .execute();
}

/**
 * Takes a notice for the e-mail pass. Answers false when another pass took it first: the
 * caller then writes nothing, so each notice is turned into e-mails once.
 */
export async function takeNoticeForEmail(trx: Kysely<Schema>, notificationId: string, now: number) {
  const result = await trx
    .updateTable('notifications')
    .set({ email_queued_at: now })
    .where('id', '=', notificationId)
    .where('email_queued_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function insertMail(trx: Kysely<Schema>, rows: Insertable<MailOutboxTable>[]) {
  if (rows.length === 0) return;
  await trx.insertInto('mail_outbox').values(rows).execute();
}

/** Pending e-mails whose time has come (a lapsed claim counts as due again). */
export async function dueMail(db: Kysely<Schema>, now: number, limit: number) {
  return db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('state', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * Claims one e-mail for sending: a compare-and-set on the due time it was seen with, which
 * the claim pushes to the end of the lease. Of two senders that saw the same row, one wins;
 * a sender that dies mid-send leaves the row due again once the lease lapses.
 */
export async function claimMail(
  db: Kysely<Schema>,
  id: string,
  seenNextAttemptAt: number,
  leaseUntil: number,
  token: string,
) {
  const result = await db
    .updateTable('mail_outbox')
    .set({ next_attempt_at: leaseUntil, claim_token: token })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .where('next_attempt_at', '=', seenNextAttemptAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Records an outcome, only for the holder of the claim; answers whether it still held it. */
export async function recordMailAttempt(
  db: Kysely<Schema>,
  id: string,
  token: string,
  outcome: Pick<
    Updateable<MailOutboxTable>,
    'state' | 'attempt_count' | 'next_attempt_at' | 'last_error' | 'sent_at'
  >,
) {
  const result = await db
    .updateTable('mail_outbox')
    .set({ ...outcome, claim_token: null })
    .where('id', '=', id)
    .where('claim_token', '=', token)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The e-mails a workspace's notices produced, newest first (support and tests). */
export async function listMail(db: Kysely<Schema>, workspaceId: string, limit = 100) {
  return db
    .selectFrom('mail_outbox')
    .select([
      'id',
      'notification_id',
      'user_id',
      'to_address',
      'locale',
      'subject',
      'state',
      'attempt_count',
      'next_attempt_at',
      'last_error',
      'sent_at',
      'created_at',
    ])
    .where('workspace_id', '=', workspaceId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
