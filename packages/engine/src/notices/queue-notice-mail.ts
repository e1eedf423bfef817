import { newId, type Role } from '@araldo/core';
import { insertMail, membersWithRoles, noticesAwaitingEmail, takeNoticeForEmail } from '@araldo/store';
import type { Context } from '../context';
import { isEmailedNotice, mailLocale, noticeLink, renderNoticeMail } from './notice-mail';

/**
 * Who is e-mailed: the people who can act on a notice. Reconnecting a channel takes
 * `channels.manage` (admin and up); editors and below still see every notice in the app, but
 * an e-mail asking them to do what they cannot would only teach them to ignore these.
 */
export const NOTICE_MAIL_ROLES: readonly Role[] = ['owner', 'admin'];

export interface QueueNoticeMailOptions {
  now?: number;
  batch?: number;
  /**
   * Notices older than this when first seen are not mailed: they were raised while e-mail
   * was off (SMTP unset, no worker running), and news that late would mislead more than help.
   */
  maxAgeMs?: number;
}

/**
 * Turns new notices into e-mails in the outbox, one per owner and admin, rendered in each
 * person's language. Each notice is taken with a compare-and-set in the same transaction that
 * writes its e-mails, so with many workers at once every notice is queued exactly once.
 */
export async function queueNoticeMail(ctx: Context, options: QueueNoticeMailOptions = {}) {
  const now = options.now ?? Date.now();
  const maxAgeMs = options.maxAgeMs ?? 24 * 3_600_000;
  const notices = await noticesAwaitingEmail(ctx.store.db, options.batch ?? 100);
  let queued = 0;
  for (const n of notices) {
    queued += await ctx.store.db.transaction().execute(async (trx) => {
      if (!(await takeNoticeForEmail(trx, n.id, now))) return 0;
      if (!isEmailedNotice(n.kind) || now - n.created_at > maxAgeMs) return 0;
      const kind = n.kind;
      const channel =
        n.channel_name !== null && n.channel_network !== null
          ? { name: n.channel_name, network: n.channel_network }
          : null;
      const link = noticeLink(ctx.config.publicUrl, n.workspace_id, kind);
      const recipients = await membersWithRoles(trx, n.workspace_id, NOTICE_MAIL_ROLES);
      await insertMail(
        trx,
        recipients.map((r) => {
          const locale = mailLocale(r.locale);
          const mail = renderNoticeMail({
            kind,
            locale,
            workspaceName: n.workspace_name,
            channel,
            message: n.message,
            link,
          });
          return {
            id: newId(),
            workspace_id: n.workspace_id,
            notification_id: n.id,
            user_id: r.id,
            to_address: r.email,
            locale,
            subject: mail.subject,
            text_body: mail.text,
            html_body: mail.html,
            state: 'pending' as const,
            attempt_count: 0,
            next_attempt_at: now,
            claim_token: null,
            last_error: null,
            sent_at: null,
            created_at: now,
          };
        }),
      );
      return recipients.length;
    });
  }
  return { notices: notices.length, emails: queued };
}
