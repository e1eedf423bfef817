import { type DeliveryState, IN_FLIGHT_STATES, newId } from '@araldo/core';
import type { NetworkClient, Published } from '@araldo/networks';
import { type ChannelsTable, findPostsByIds, moveDelivery, type Schema } from '@araldo/store';
import type { Kysely, Selectable } from 'kysely';
import { markNeedsReconnect } from '../channel-health';
import type { Context } from '../context';
import { clientForChannel } from '../network-runtime';
import type { Job } from '../queue/job-queue';
import { emitEvents, type WebhookEvent } from '../webhooks/events';
import { recordPublishedBatch, refreshPostStatuses, startAttempts } from './batch-writes';
import { loadAssets, mediaFiles, resolveVariant } from './content';
import { JournalWriter } from './journal-writer';
import { type Outcome, recordOutcome } from './outcomes';
import { budgetsFor, type Deferral, spendBudgets } from './rate-limits';
import { PUBLISH_QUEUE } from './schedule';

export interface PublisherOptions {
  /** Names this worker in leases and the attempt journal. */
  worker: string;
  batch?: number;
  leaseMs?: number;
  /** How long an idle worker waits before looking for due work again. */
  idleMs?: number;
  /** Batches in flight at once in this process: one waits on the network while another writes. */
  loops?: number;
}

type Mode = 'publish' | 'reconcile';

/** How often a delivery in doubt on a disconnected channel comes back to see whether it is reconnected. */
const IN_DOUBT_WAIT_MS = 60_000;

/** A resting loop looks again this often even if nobody wakes it: a safety net, not the schedule. */
const RESTING_LOOP_BACKSTOP_MS = 1_000;

interface Work {
  job: Job;
  delivery: Awaited<ReturnType<typeof loadDeliveries>>[number];
  from: DeliveryState;
  mode: Mode;
  attemptId: string;
}

type Trx = Kysely<Schema>;

/** The states a claimed job can still act on; anything else means it has nothing left to do. */
const ACTIVE = new Set<DeliveryState>(['scheduled', 'retrying', 'publishing', 'unknown', 'needs_reconnect']);

async function loadDeliveries(trx: Trx, ids: string[]) {
  return trx
    .selectFrom('deliveries')
    .innerJoin('channels', 'channels.id', 'deliveries.channel_id')
    .selectAll('deliveries')
    .select([
      'channels.name as channel_name',
      'channels.network',
      'channels.status as channel_status',
      'channels.updated_at as channel_updated_at',
    ])
    .where('deliveries.id', 'in', ids)
    .execute();
}

/**
 * Publishes due deliveries in batches: claim jobs, journal every attempt in one
 * transaction BEFORE any network call, call the networks concurrently, record every outcome
 * in one transaction. A worker killed at any point leaves either a job whose lease will
 * expire (nothing sent) or a delivery in `publishing`, which the next worker reconciles
 * through the network before it would ever send again.
 */
export class Publisher {
  readonly #ctx: Context;
  readonly #o: Required<PublisherOptions>;
  #running = false;
  #loop: Promise<void> | undefined;
  #wake = new Set<() => void>();
  /** Loops resting on the short `idleMs` timer, watching for due work: one is enough. */
  #watchers = 0;
  /** Clients survive across batches while their channel row is unchanged (new tokens bump it). */
  readonly #clients = new Map<string, Promise<NetworkClient>>();
  readonly #journal: JournalWriter;

  constructor(ctx: Context, options: PublisherOptions) {
    this.#ctx = ctx;
    this.#o = { batch: 100, leaseMs: ctx.config.jobLeaseSeconds * 1000, idleMs: 50, loops: 4, ...options };
    this.#journal = new JournalWriter(ctx);
  }

  /**
   * Runs the loops. While there is nothing due, one loop watches (a claim every `idleMs`) and
   * the others rest: an idle worker costs a few claims a second, not one per loop. A loop that
   * gets work wakes the resting ones, so one of them takes over the watch and the rest help
   * with whatever else is due.
   */
  start() {
    if (this.#running) return;
    this.#running = true;
    const loop = async () => {
      while (this.#running) {
        const done = await this.runOnce().catch(() => 0);
        if (!this.#running) break;
        if (done > 0) this.#wakeAll();
        else if (this.#watchers === 0) {
          this.#watchers++;
          await this.#rest(this.#o.idleMs);
          this.#watchers--;
        } else await this.#rest(RESTING_LOOP_BACKSTOP_MS);
      }
    };
    this.#loop = Promise.all(Array.from({ length: this.#o.loops }, loop)).then(() => undefined);
  }

  #rest(ms: number) {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake.add(done);
    });
  }

  #wakeAll() {
    for (const wake of [...this.#wake]) wake();
  }

  /** Stops taking work and waits for the batch in hand to be recorded. */
  async stop() {
    this.#running = false;
    this.#wakeAll();
    await this.#loop;
  }

  async runOnce(now = Date.now()): Promise<number> {
    const ctx = this.#ctx;
    // The claim, the journal of every attempt and the jobs set aside commit together, before
    // anything is sent: one commit per batch, and a worker killed before it left no trace.
    const { claimed, started } = await withRetry(() =>
      ctx.store.db.transaction().execute(async (trx) => {
        const jobs = await ctx.queue.claim(
          PUBLISH_QUEUE,
          { limit: this.#o.batch, leaseMs: this.#o.leaseMs, worker: this.#o.worker, now },
          trx,
        );
        if (jobs.length === 0) return { claimed: 0, started: [] };
        return { claimed: jobs.length, started: await this.#journalAttempts(trx, jobs, now) };
      }),
    );
    if (claimed === 0) return 0;

    started.sort((a, b) => (a.delivery.id < b.delivery.id ? -1 : 1));
    const outcomes = await this.#callNetworks(started);

    const results = await withRetry(() =>
      ctx.store.db.transaction().execute(async (trx) => {
        const out: {
          w: Work;
          next: Awaited<ReturnType<typeof recordOutcome>>['next'];
          state: DeliveryState;
          channelLost?: boolean;
        }[] = [];
        const simple: { deliveryId: string; attemptId: string; remoteId: string; url: string }[] = [];
        for (const [i, w] of started.entries()) {
          const o = outcomes[i]!;
          if (o.kind === 'published' && !o.reconciled && w.from === 'publishing') {
            simple.push({ deliveryId: w.delivery.id, attemptId: w.attemptId, ...o.published });
            out.push({ w, next: { kind: 'complete' }, state: 'published' });
            continue;
          }
          out.push({ w, ...(await recordOutcome(trx, w.delivery, w.from, w.attemptId, o, now)) });
        }
        await recordPublishedBatch(trx, simple, now);
        // Posts in a fixed order: two workers finishing deliveries of the same posts never deadlock.
        await refreshPostStatuses(
          trx,
          started.map((w) => w.delivery.post_id),
          now,
        );
        // Webhooks are an outbox written in this same transaction: an event exists iff its outcome does.
        await emitEvents(
          trx,
          out.flatMap(({ w, state }, i): WebhookEvent[] => {
            const d = w.delivery;
            const base = { postId: d.post_id, deliveryId: d.id, channelId: d.channel_id, network: d.network };
            const outcome = outcomes[i]!;
            if (state === 'published' && outcome.kind === 'published') {
              const { remoteId, url } = outcome.published;
              return [
                {
                  workspaceId: d.workspace_id,
                  type: 'post.published' as const,
                  data: { ...base, remoteId, url },
                },
              ];
            }
            if (state === 'failed' || state === 'needs_reconnect') {
              const error = outcome.kind === 'failed' ? outcome.error : undefined;
              const reason = error instanceof Error ? error.message : null;
              const type = state === 'failed' ? ('post.failed' as const) : ('post.needs_reconnect' as const);
              return [{ workspaceId: d.workspace_id, type, data: { ...base, reason } }];
            }
            return [];
          }),
          now,
        );
        await ctx.queue.complete(
          out.filter((r) => r.next.kind === 'complete').map((r) => r.w.job),
          trx,
        );
        for (const r of out) if (r.next.kind === 'retry') await ctx.queue.reschedule(r.w.job, r.next.at, trx);
        return out;
      }),
    );
    for (const r of results.filter((x) => x.state === 'needs_reconnect' || x.channelLost)) {
      const channel = await ctx.store.db
        .selectFrom('channels')
        .selectAll()
        .where('id', '=', r.w.delivery.channel_id)
        .executeTakeFirst();
      if (channel)
        await markNeedsReconnect(
          ctx,
          channel,
          r.w.delivery.failure_reason ?? 'the network refused its credentials',
        );
    }
    return claimed;
  }

  /**
   * Inside the claim's transaction: sorts the claimed jobs into attempts to make now (moved
   * to `publishing`, or `unknown` to be looked up first), deliveries that wait for their
   * channel or its rate budget, and jobs with nothing left to do.
   */
  async #journalAttempts(trx: Trx, jobs: Job[], now: number): Promise<Work[]> {
    const ctx = this.#ctx;
    const rows = new Map(
      (
        await loadDeliveries(
          trx,
          jobs.map((j) => j.key),
        )
      ).map((r) => [r.id, r]),
    );
    const stale: Job[] = [];
    const inDoubt: Job[] = [];
    const waiting: Work['delivery'][] = [];
    const work: Work[] = [];
    for (const job of jobs) {
      const d = rows.get(job.key);
      if (!d || !ACTIVE.has(d.state)) {
        stale.push(job);
      } else if (d.channel_status !== 'active' && IN_FLIGHT_STATES.includes(d.state)) {
        // Still in doubt: it must be looked up, not queued as unsent, once the channel is back.
        inDoubt.push(job);
      } else if (d.channel_status !== 'active') {
        waiting.push(d);
        stale.push(job);
      } else {
        const mode: Mode = d.state === 'publishing' || d.state === 'unknown' ? 'reconcile' : 'publish';
        work.push({ job, delivery: d, from: d.state, mode, attemptId: newId() });
      }
    }
    for (const job of inDoubt) await ctx.queue.reschedule(job, now + IN_DOUBT_WAIT_MS, trx);
    const nowWaiting = waiting.filter((d) => d.state !== 'needs_reconnect');
    for (const d of nowWaiting) {
      await moveDelivery(trx, d.id, d.state, 'needs_reconnect', {
        failure_reason: `${d.channel_name} needs to be reconnected before this can be published`,
      });
    }
    await refreshPostStatuses(
      trx,
      nowWaiting.map((d) => d.post_id),
      now,
    );
    // A reconciliation spends nothing: the call it looks for was counted when it was made.
    const over = await spendBudgets(
      trx,
      ctx.store.dialect,
      work
        .filter((w) => w.mode === 'publish')
        .map((w) => ({
          id: w.delivery.id,
          budgets: budgetsFor(ctx, w.delivery.network, w.delivery.channel_id),
        })),
      now,
    );
    await this.#defer(trx, work, over);
    const target = (w: Work): DeliveryState => (w.mode === 'reconcile' ? 'unknown' : 'publishing');
    const moved = await startAttempts(
      trx,
      work
        .filter((w) => !over.has(w.delivery.id))
        .map((w) => ({
          deliveryId: w.delivery.id,
          workspaceId: w.delivery.workspace_id,
          from: w.from,
          to: target(w),
          attemptId: w.attemptId,
        })),
      this.#o.worker,
      now,
    );
    const ok: Work[] = [];
    for (const w of work) {
      if (over.has(w.delivery.id)) continue;
      if (!moved.has(w.delivery.id)) {
        stale.push(w.job);
        continue;
      }
      ok.push({
        ...w,
        from: target(w),
        delivery: { ...w.delivery, attempt_count: w.delivery.attempt_count + 1 },
      });
    }
    await ctx.queue.complete(stale, trx);
    return ok;
  }

  /** Deliveries over a budget wait for its window to end, and say so where people look. */
  async #defer(trx: Trx, work: Work[], over: Map<string, Deferral>) {
    for (const w of work) {
      const deferral = over.get(w.delivery.id);
      if (!deferral) continue;
      if (w.delivery.failure_reason !== deferral.reason) {
        await trx
          .updateTable('deliveries')
          .set({ failure_reason: deferral.reason })
          .where('id', '=', w.delivery.id)
          .execute();
      }
      // A little spread, so a full window's backlog does not wake as one herd.
      await this.#ctx.queue.reschedule(w.job, deferral.until + Math.floor(Math.random() * 1_000), trx);
    }
  }

  async #callNetworks(work: Work[]): Promise<Outcome[]> {
    const ctx = this.#ctx;
    const posts = await findPostsByIds(ctx.store.db, [...new Set(work.map((w) => w.delivery.post_id))]);
    const clients = this.#clients;
    const stamps = new Map(work.map((w) => [w.delivery.channel_id, w.delivery.channel_updated_at]));
    const clientFor = (channelId: string) => {
      const key = `${channelId}@${stamps.get(channelId)}`;
      let client = clients.get(key);
      if (!client) {
        client = ctx.store.db
          .selectFrom('channels')
          .selectAll()
          .where('id', '=', channelId)
          .executeTakeFirstOrThrow()
          .then((row: Selectable<ChannelsTable>) => clientForChannel(ctx, row));
        if (clients.size > 10_000) clients.clear();
        clients.set(key, client);
        client.catch(() => clients.delete(key));
      }
      return client;
    };
    return Promise.all(
      work.map(async (w): Promise<Outcome> => {
        // Until the network has said it does not have the post, nothing may send it again.
        let looked = w.mode === 'publish';
        try {
          const post = posts.get(w.delivery.post_id);
          if (!post) throw new Error('the post was deleted while it was being published');
          const variant = resolveVariant(post, w.delivery.channel_id);
          const client = await clientFor(w.delivery.channel_id);
          const journal = JSON.parse(w.delivery.journal) as Record<string, unknown>;
          if (w.mode === 'reconcile') {
            const since = new Date(Math.min(w.delivery.due_at ?? Date.now(), w.delivery.updated_at) - 60_000);
            const found: Published | null = await client.findPublished({
              text: variant.text,
              since,
              journal,
            });
            if (found) return { kind: 'published', published: found, reconciled: true };
            looked = true;
          }
          const assets = await loadAssets(ctx.store.db, w.delivery.workspace_id, variant.mediaIds);
          const published = await client.publish({
            deliveryId: w.delivery.id,
            text: variant.text,
            link: variant.link,
            media: mediaFiles(ctx, variant.mediaIds, assets),
            firstComment: variant.firstComment,
            options: variant.options,
            journal,
            record: async (entries) => {
              Object.assign(journal, await this.#journal.merge(w.delivery.id, entries));
            },
          });
          return { kind: 'published', published, reconciled: false };
        } catch (error) {
          return looked ? { kind: 'failed', error } : { kind: 'unresolved', error };
        }
      }),
    );
  }
}

/**
 * PostgreSQL may abort one of two transactions that wait on each other (deadlock, 40P01) or
 * fail a serialisation check (40001); both are safe to run again from the start.
 */
async function withRetry<T>(run: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (i >= attempts || (code !== '40P01' && code !== '40001')) throw error;
      await new Promise((r) => setTimeout(r, 10 * i + Math.random() * 20));
    }
  }
}
