import { groupBy } from '@araldo/core';
import type { Schema, Store } from '@araldo/store';
import { CompiledQuery, type Kysely } from 'kysely';
import PgBoss from 'pg-boss';
import type { Job, JobQueue, NewJob } from './job-queue';

/** Lets pg-boss write inside a transaction Araldo holds (how a job joins its post's commit). */
const within = (trx: Kysely<Schema>): PgBoss.Db => ({
  executeSql: async (text, values) => {
    const result = await trx.executeQuery(CompiledQuery.raw(text, values));
    return { rows: result.rows as unknown[] as never[] };
  },
});

const SCHEMA = 'pgboss';

/**
 * pg-boss on the application's PostgreSQL, so many `araldo worker` processes on many
 * machines share the work. Jobs are fetched and completed in batches: pg-boss's own
 * polling `work()` takes one job per round trip, far too slow for thousands a second.
 * A fetched job is active for the lease; pg-boss's maintenance fails an expired one and,
 * with retries allowed, hands it to the next fetch: that is how a dead worker's share is
 * taken over.
 */
export class PgBossQueue implements JobQueue {
  readonly kind = 'pg-boss' as const;
  readonly #boss: PgBoss;
  readonly #queues = new Set<string>();

  constructor(
    private readonly store: Store,
    connectionString: string,
    private readonly options: { leaseSeconds: number; maintenanceSeconds?: number },
  ) {
    this.#boss = new PgBoss({
      connectionString,
      schema: SCHEMA,
      max: 4,
      schedule: false,
      supervise: true,
      maintenanceIntervalSeconds: options.maintenanceSeconds ?? 30,
    });
    // Errors from pg-boss's background maintenance must not crash the process.
    this.#boss.on('error', () => undefined);
  }

  async start() {
    await this.#boss.start();
  }

  async stop() {
    await this.#boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }

  async #ensureQueue(name: string) {
    if (this.#queues.has(name)) return;
    if (!(await this.#boss.getQueue(name))) {
      await this.#boss.createQueue(name, {
        name,
        policy: 'standard',
        // Only lease expiry ever fails a job (outcomes are completed explicitly), so a
        // failure means "the worker died": retry it at once, as often as that happens.
        retryLimit: 1_000_000,
        retryDelay: 0,
        expireInSeconds: this.options.leaseSeconds,
      });
    }
    this.#queues.add(name);
  }

  async enqueue(trx: Kysely<Schema>, jobs: NewJob[]) {
    for (const queue of new Set(jobs.map((j) => j.queue))) await this.#ensureQueue(queue);
    await this.cancel(
      trx,
      jobs.map((j) => j.key),
    );
    for (const job of jobs) {
      await this.#boss.send(
        job.queue,
        { ...job.payload, key: job.key },
        {
          startAfter: new Date(job.runAt),
          expireInSeconds: this.options.leaseSeconds,
          db: within(trx),
        },
      );
    }
  }

  async cancel(trx: Kysely<Schema>, keys: string[]) {
    if (keys.length === 0) return;
    await trx.executeQuery(
      CompiledQuery.raw(
        `delete from ${SCHEMA}.job where data->>'key' = any($1) and state in ('created', 'retry')`,
        [keys],
      ),
    );
  }

  async claim(
    queue: string,
    o: { limit: number; leaseMs: number; worker: string },
    trx?: Kysely<Schema>,
  ): Promise<Job[]> {
    await this.#ensureQueue(queue);
    const fetched = await this.#boss.fetch<Record<string, unknown>>(queue, {
      batchSize: o.limit,
      includeMetadata: true,
      ...(trx ? { db: within(trx) } : {}),
    });
    return fetched.map((j) => ({
      id: j.id,
      queue,
      key: String(j.data.key),
      payload: j.data,
      runAt: new Date(j.startAfter).getTime(),
      attempts: j.retryCount + 1,
      worker: o.worker,
    }));
  }

  async complete(jobs: Job[], trx?: Kysely<Schema>) {
    for (const [queue, group] of byQueue(jobs))
      await completeJobs(
        this.#boss,
        queue,
        group.map((j) => j.id),
        trx,
      );
  }

  /** Completing the claimed job and sending its successor happen in one transaction. */
  async reschedule(job: Job, runAt: number, trx?: Kysely<Schema>) {
    const run = async (t: Kysely<Schema>) => {
      await completeJobs(this.#boss, job.queue, [job.id], t);
      await this.#boss.send(job.queue, job.payload, {
        startAfter: new Date(runAt),
        expireInSeconds: this.options.leaseSeconds,
        db: within(t),
      });
    };
    if (trx) await run(trx);
    else await this.store.db.transaction().execute(run);
  }

  async release(jobs: Job[]) {
    if (jobs.length === 0) return;
    await this.store.db.executeQuery(
      CompiledQuery.raw(
        `update ${SCHEMA}.job set state = 'created', started_on = null where id = any($1::uuid[]) and state = 'active'`,
        [jobs.map((j) => j.id)],
      ),
    );
  }
}

/**
 * pg-boss 10 takes the connection as the fourth argument of `complete` (after the output
 * data), while its type declarations offer it as the third: passed there, it was stored as
 * the job's output and the completion ran outside the caller's transaction.
 */
async function completeJobs(boss: PgBoss, queue: string, ids: string[], trx?: Kysely<Schema>) {
  if (ids.length === 0) return;
  const complete = boss.complete.bind(boss) as (
    name: string,
    ids: string[],
    data: object | null,
    options: PgBoss.ConnectionOptions,
  ) => Promise<unknown>;
  await complete(queue, ids, null, trx ? { db: within(trx) } : {});
}

function byQueue(jobs: Job[]) {
  return groupBy(jobs, (j) => j.queue);
}
