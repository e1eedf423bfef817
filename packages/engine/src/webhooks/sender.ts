import { claimWebhookDelivery, dueWebhookDeliveries, recordWebhookAttempt } from '@araldo/store';
import type { Context } from '../context';
import { signWebhook } from './signature';

export interface WebhookSenderOptions {
  batch?: number;
  /** How long a claimed delivery stays out of other senders' hands. */
  leaseMs?: number;
  /** How long an idle sender waits before looking for due deliveries again. */
  idleMs?: number;
  timeoutMs?: number;
  /** Attempts before a delivery is given up as failed (the first one included). */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Injectable for tests; jitter draws from it. */
  random?: () => number;
}

type Settings = Required<WebhookSenderOptions>;

// 45 s doubling, capped at 6 h, with 12 attempts: the last try comes about 18 h after the
// first, long enough to ride out a receiver's overnight outage.
const DEFAULTS: Settings = {
  batch: 50,
  leaseMs: 60_000,
  idleMs: 1_000,
  timeoutMs: 10_000,
  maxAttempts: 12,
  baseDelayMs: 45_000,
  maxDelayMs: 6 * 3_600_000,
  random: Math.random,
};

/**
 * The wait before attempt `failures + 1`: exponential, capped, and spread ±25% so that
 * deliveries failed together by one outage do not all come back at the same instant.
 */
export function retryDelay(failures: number, o: Pick<Settings, 'baseDelayMs' | 'maxDelayMs' | 'random'>) {
  const exponential = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exponential * (0.75 + o.random() * 0.5));
}

const MAX_ERROR_LENGTH = 500;
/** An error message short enough for a delivery log. */
export const clip = (s: string) => (s.length > MAX_ERROR_LENGTH ? `${s.slice(0, MAX_ERROR_LENGTH)}…` : s);

/** Seconds from a Retry-After header (429/503), when the receiver gives one. */
function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

type Row = Awaited<ReturnType<typeof dueWebhookDeliveries>>[number];

interface Outcome {
  ok: boolean;
  status: number | null;
  error: string | null;
  retryAfterMs?: number | undefined;
}

/**
 * Delivers the webhook outbox: claims due rows, POSTs each through the process's HTTP layer
 * (so the private-address guard applies to every endpoint), and records the outcome.
 * Receivers may see a delivery twice (a sender killed after sending, before recording);
 * the `araldo-delivery` header is what they deduplicate on.
 */
export class WebhookSender {
  readonly #ctx: Context;
  readonly #o: Settings;
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(ctx: Context, options: WebhookSenderOptions = {}) {
    this.#ctx = ctx;
    this.#o = { ...DEFAULTS, ...options };
  }

  start() {
    if (this.#running) return;
    this.#running = true;
    this.#loop = (async () => {
      while (this.#running) {
        const done = await this.runOnce().catch(() => 0);
        if (done === 0 && this.#running) {
          await new Promise<void>((resolve) => {
            this.#wake = resolve;
            setTimeout(resolve, this.#o.idleMs).unref();
          });
        }
      }
    })();
  }

  /** Stops looking for work and waits for the batch in hand to be recorded. */
  async stop() {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
  }

  /** One batch of due deliveries; answers how many were attempted. */
  async runOnce(now = Date.now()): Promise<number> {
    const rows = await dueWebhookDeliveries(this.#ctx.store.db, now, this.#o.batch);
    return this.#sendAll(rows, now);
  }

  /** Sends these deliveries at once, whatever their due time (a redelivery, a test ping). */
  async sendNow(ids: string[], now = Date.now()): Promise<number> {
    const rows = await dueWebhookDeliveries(this.#ctx.store.db, now, ids.length, ids);
    return this.#sendAll(
      rows.filter((r) => r.state === 'pending'),
      now,
    );
  }

  async #sendAll(rows: Row[], now: number): Promise<number> {
    const db = this.#ctx.store.db;
    const claimed: Row[] = [];
    for (const row of rows) {
      if (await claimWebhookDelivery(db, row.id, row.next_attempt_at, now + this.#o.leaseMs))
        claimed.push(row);
    }
    await Promise.all(claimed.map(async (row) => this.#record(row, await this.#post(row), now)));
    return claimed.length;
  }

  async #post(row: Row): Promise<Outcome> {
    let secret: string;
    try {
      secret = this.#ctx.cipher.open<string>(row.secret);
    } catch {
      return { ok: false, status: null, error: 'the signing secret cannot be read with this server’s key' };
    }
    // The wall clock, not the scheduling `now`: receivers compare it with their own clock.
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const response = await this.#ctx.http.request({
        method: 'POST',
        url: row.url,
        timeoutMs: this.#o.timeoutMs,
        headers: {
          'content-type': 'application/json',
          'araldo-event': row.type,
          'araldo-delivery': row.id,
          'araldo-timestamp': String(timestamp),
          'araldo-signature': signWebhook(secret, row.payload, timestamp),
        },
        body: row.payload,
      });
      if (response.status >= 200 && response.status < 300)
        return { ok: true, status: response.status, error: null };
      const snippet = response.text().trim().slice(0, 200);
      return {
        ok: false,
        status: response.status,
        error: clip(`the endpoint answered HTTP ${response.status}${snippet ? `: ${snippet}` : ''}`),
        retryAfterMs: retryAfterMs(response.headers['retry-after']),
      };
    } catch (error) {
      // Transport failures, timeouts and private-address refusals all arrive here, redacted.
      return { ok: false, status: null, error: clip((error as Error).message) };
    }
  }

  async #record(row: Row, outcome: Outcome, now: number) {
    const attempts = row.attempt_count + 1;
    const db = this.#ctx.store.db;
    const base = { attempt_count: attempts, last_status: outcome.status, last_error: outcome.error };
    if (outcome.ok) {
      await recordWebhookAttempt(db, row.id, {
        ...base,
        state: 'delivered',
        next_attempt_at: null,
        delivered_at: now,
      });
      return;
    }
    // A ping answers "does this endpoint work right now?": retrying it would only confuse.
    if (attempts >= this.#o.maxAttempts || row.type === 'ping') {
      await recordWebhookAttempt(db, row.id, { ...base, state: 'failed', next_attempt_at: null });
      return;
    }
    const wait = Math.min(
      this.#o.maxDelayMs,
      Math.max(retryDelay(attempts, this.#o), outcome.retryAfterMs ?? 0),
    );
    await recordWebhookAttempt(db, row.id, { ...base, state: 'pending', next_attempt_at: now + wait });
  }
}
