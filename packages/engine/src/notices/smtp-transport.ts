import type { SmtpConfig } from '@araldo/core';
import nodemailer, { type NodemailerError } from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable across retries, so a mail client can tell a resent message from a new one. */
  messageId: string;
}

/** What the notice sender needs from a mail server; SMTP in production. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * A refused or failed send. `permanent` when retrying cannot help (the server refused the
 * recipient or the message with a 5xx reply); everything else, including a refused login,
 * is worth another try later, once the operator has fixed the settings.
 */
export class MailSendError extends Error {
  override name = 'MailSendError';
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/**
 * The password and the forms it travels in (AUTH PLAIN and AUTH LOGIN send it base64
 * encoded), so that a server echoing a command back, or a library quoting one, never puts it
 * in the outbox's recorded error.
 */
function secretForms(smtp: SmtpConfig): string[] {
  const password = smtp.password?.reveal();
  if (!password) return [];
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const user = smtp.user ?? '';
  return [
    password,
    encodeURIComponent(password),
    b64(password),
    b64(`\u0000${user}\u0000${password}`),
    b64(`${user}\u0000${user}\u0000${password}`),
  ].sort((a, b) => b.length - a.length);
}

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('[redacted]');
  return out;
}

export function openSmtpTransport(smtp: SmtpConfig, options: { timeoutMs?: number } = {}): MailTransport {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const secrets = secretForms(smtp);
  const transporter = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user === undefined ? {} : { auth: { user: smtp.user, pass: smtp.password?.reveal() ?? '' } }),
    // Bounded so one send stays well inside the sender's lease on the outbox row.
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    // Messages are built from our own strings: never let one pull in a file or a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
    debug: false,
  });
  return {
    send: async (mail) => {
      try {
        await transporter.sendMail({
          from: smtp.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          // RFC 3834: tells auto-responders (holiday replies) not to answer.
          headers: { 'Auto-Submitted': 'auto-generated' },
        });
      } catch (error) {
        const e = error as NodemailerError;
        // RFC 5321: 5yz refuses for good, 4yz for now. A refused login (535) is the operator's
        // settings, not the message, and 503 a confused session: both may pass later.
        const code = e.responseCode;
        const permanent =
          e.code !== 'EAUTH' && code !== undefined && code >= 500 && code < 600 && code !== 503;
        const detail = e.responseCode ? `SMTP ${e.responseCode}` : (e.code ?? 'SMTP error');
        throw new MailSendError(redact(`${detail}: ${e.message ?? String(error)}`, secrets), permanent);
      }
    },
    close: () => transporter.close(),
  };
}
