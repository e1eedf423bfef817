import { newId } from '@araldo/core';
import { claimMail, dueMail, recordMailAttempt } from '@araldo/store';
import type { Context } from '../context';
import { clip, retryDelay } from '../webhooks/sender';
import { MailSendError, type MailTransport } from './smtp-transport';

export interface SendNoticeMailOptions {
  now?: number;
  batch?: number;
  /** How long a claimed e-mail stays out of other senders' hands; longer than one send. */
  leaseMs?: number;
  /** Attempts before an e-mail is given up as failed (the first one included). */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Injectable for tests; jitter draws from it. */
  random?: () => number;
}

type Settings = Required<Omit<SendNoticeMailOptions, 'now'>>;

// 1 min doubling, capped at 1 h, 8 attempts: the last try comes about 2 h after the first.
// A notice that old is stale news, and the in-app notice and the webhook are still there.
const DEFAULTS: Settings = {
  batch: 50,
  leaseMs: 5 * 60_000,
  maxAttempts: 8,
  baseDelayMs: 60_000,
  maxDelayMs: 3_600_000,
  random: Math.random,
};

export interface SendReport {
  sent: number;
  retrying: number;
  failed: number;
}

/**
 * Sends the e-mails that are due, one claim at a time so the lease covers a single send.
 * Delivery is at least once: a sender killed between the server's "250 OK" and recording
 * it leaves the row to be sent again after the lease; the Message-ID stays the same.
 */
export async function sendNoticeMail(
  ctx: Context,
  transport: MailTransport,
  options: SendNoticeMailOptions = {},
): Promise<SendReport> {
  const o: Settings = { ...DEFAULTS, ...options };
  const db = ctx.store.db;
  const now = options.now ?? Date.now();
  const domain = new URL(ctx.config.publicUrl).hostname || 'araldo.invalid';
  const report: SendReport = { sent: 0, retrying: 0, failed: 0 };
  for (const row of await dueMail(db, now, o.batch)) {
    const token = newId();
    if (!(await claimMail(db, row.id, row.next_attempt_at, now + o.leaseMs, token))) continue;
    const attempts = row.attempt_count + 1;
    try {
      await transport.send({
        to: row.to_address,
        subject: row.subject,
        text: row.text_body,
        html: row.html_body,
        messageId: `<${row.id}@${domain}>`,
      });
      await recordMailAttempt(db, row.id, token, {
        state: 'sent',
        attempt_count: attempts,
        sent_at: Date.now(),
        last_error: null,
      });
      report.sent++;
    } catch (error) {
      // Only MailSendError messages are redacted by the transport; anything else is ours.
      const message = clip(
        error instanceof MailSendError ? error.message : `Unexpected error: ${(error as Error).message}`,
      );
      const permanent = error instanceof MailSendError && error.permanent;
      if (permanent || attempts >= o.maxAttempts) {
        await recordMailAttempt(db, row.id, token, {
          state: 'failed',
          attempt_count: attempts,
          last_error: message,
        });
        report.failed++;
      } else {
        await recordMailAttempt(db, row.id, token, {
          state: 'pending',
          attempt_count: attempts,
          next_attempt_at: now + retryDelay(attempts, o),
          last_error: message,
        });
        report.retrying++;
      }
    }
  }
  return report;
}
