import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export interface FakeSmtpMessage {
  /** The SMTP envelope, as the client gave it in MAIL FROM and RCPT TO. */
  envelope: { from: string | null; to: string[] };
  /** Who logged in for this message, when anyone did. */
  user: string | null;
  subject: string;
  text: string;
  html: string;
  messageId: string | null;
  headers: Map<string, unknown>;
  raw: string;
}

interface Failure {
  remaining: number;
  code: number;
  message: string;
}

export interface FakeSmtpOptions {
  /** When set, clients must log in (AUTH PLAIN or LOGIN) with one of these user → password. */
  users?: Record<string, string>;
}

/**
 * A real SMTP server on loopback (the `smtp-server` package, messages parsed by
 * `mailparser`) that keeps every message it accepts, and can be told to refuse the next ones
 * the way a busy or broken mail server does (451 "try again later", 550 "no such user"…).
 * Plain text with no STARTTLS, so clients connect with `SMTP_SECURE=0`.
 */
export class FakeSmtp {
  readonly messages: FakeSmtpMessage[] = [];
  /** Every login attempt, so a test can check what a client sent. */
  readonly logins: { user: string; ok: boolean }[] = [];
  /** Messages refused by an armed failure. */
  refused = 0;
  host = '127.0.0.1';
  port = 0;
  readonly #server: SMTPServer;
  readonly #failures: Failure[] = [];

  constructor(options: FakeSmtpOptions = {}) {
    const users = options.users;
    this.#server = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authOptional: users === undefined,
      authMethods: ['PLAIN', 'LOGIN'],
      logger: false,
      onAuth: (auth, _session, callback) => {
        const ok = users !== undefined && users[auth.username ?? ''] === auth.password;
        this.logins.push({ user: auth.username ?? '', ok });
        if (!ok) return callback(smtpError(535, 'Authentication failed'));
        callback(null, { user: auth.username });
      },
      onData: (stream, session, callback) => {
        this.#receive(stream, session).then(
          () => callback(),
          (error: Error) => callback(error),
        );
      },
    });
  }

  /** Makes the next `times` messages be refused, after their data is sent, with this reply. */
  failNext(times: number, reply: { code?: number; message?: string } = {}): this {
    this.#failures.push({
      remaining: times,
      code: reply.code ?? 451,
      message: reply.message ?? 'Requested action aborted: try again later',
    });
    return this;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.#server.server.address() as AddressInfo).port;
    return this;
  }

  async stop() {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** The environment that points Araldo at this server. */
  env(extra: { user?: string; password?: string; from?: string } = {}): Record<string, string> {
    return {
      SMTP_HOST: this.host,
      SMTP_PORT: String(this.port),
      SMTP_SECURE: '0',
      SMTP_FROM: extra.from ?? 'araldo@example.org',
      ...(extra.user === undefined ? {} : { SMTP_USER: extra.user }),
      ...(extra.password === undefined ? {} : { SMTP_PASSWORD: extra.password }),
    };
  }

  /** The messages received for one address (envelope recipient). */
  to(address: string) {
    return this.messages.filter((m) => m.envelope.to.includes(address.toLowerCase()));
  }

  async #receive(stream: SMTPServerDataStream, session: SMTPServerSession) {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const failure = this.#failures.find((f) => f.remaining > 0);
    if (failure) {
      failure.remaining--;
      if (failure.remaining === 0) this.#failures.splice(this.#failures.indexOf(failure), 1);
      this.refused++;
      throw smtpError(failure.code, failure.message);
    }
    const raw = Buffer.concat(chunks).toString('utf8');
    const parsed = await simpleParser(raw);
    const from = session.envelope.mailFrom;
    this.messages.push({
      envelope: {
        from: from === false ? null : from.address,
        to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
      },
      user: typeof session.user === 'string' ? session.user : null,
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : '',
      messageId: parsed.messageId ?? null,
      headers: parsed.headers as Map<string, unknown>,
      raw,
    });
  }
}

const smtpError = (code: number, message: string) =>
  Object.assign(new Error(message), { responseCode: code });
