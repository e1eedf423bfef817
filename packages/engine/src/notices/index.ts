import type { Context } from '../context';
import { type QueueNoticeMailOptions, queueNoticeMail } from './queue-notice-mail';
import { type SendNoticeMailOptions, sendNoticeMail } from './send-notice-mail';
import { type MailTransport, openSmtpTransport } from './smtp-transport';

export * from './notice-mail';
export * from './queue-notice-mail';
export * from './send-notice-mail';
export * from './smtp-transport';

/** One pass: new notices into the outbox, then whatever the outbox has due. */
export async function runNoticeMail(
  ctx: Context,
  transport: MailTransport,
  options: QueueNoticeMailOptions & SendNoticeMailOptions = {},
) {
  const queued = await queueNoticeMail(ctx, options);
  const sent = await sendNoticeMail(ctx, transport, options);
  return { ...queued, ...sent };
}

/**
 * E-mails notices every `everyMs` while SMTP is configured; without SMTP it does nothing and
 * notices stay in the app and in webhooks. Passes never overlap within a process, and
 * several processes may run it at once (see queueNoticeMail and claimMail).
 */
export function startNoticeMail(ctx: Context, everyMs = 15_000) {
  const smtp = ctx.config.smtp;
  if (!smtp) return { stop: async () => {} };
  const transport = openSmtpTransport(smtp);
  let running: Promise<unknown> | undefined;
  const tick = () => {
    if (running) return;
    running = runNoticeMail(ctx, transport)
      .catch(() => undefined)
      .finally(() => {
        running = undefined;
      });
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
      transport.close();
    },
  };
}
