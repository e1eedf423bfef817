import { groupBy, newId } from '@araldo/core';
import type { Schema, Store } from '@araldo/store';
import type { Kysely } from 'kysely';
import type { Job, JobQueue, NewJob } from './job-queue';

const toJob = (r: Schema['jobs']): Job => ({
  id: r.id,
  queue: r.queue,
  key: r.key,
  payload: JSON.parse(r.payload) as Record<string, unknown>,
  runAt: r.run_at,
  attempts: r.attempts,
  worker: r.lease_owner,
});

/**
 * Jobs as rows of the application's own database. On SQLite a claim is one UPDATE …
 * RETURNING, atomic under the database's single writer; on PostgreSQL the candidates are
 * locked with SKIP LOCKED so concurrent workers never claim the same job.
 */
export class EmbeddedQueue implements JobQueue {
  readonly kind = 'embedded' as const;
  constructor(private readonly store: Store) {}

  async start() {}
  async stop() {}

  async enqueue(trx: Kysely<Schema>, jobs: NewJob[]) {
    const now = Date.now();
    for (const job of jobs) {
      await trx
        .insertInto('jobs')
        .values({
          id: newId(),
          queue: job.queue,
          key: job.key,
          payload: JSON.stringify(job.payload),
          run_at: job.runAt,
          lease_owner: null,
          lease_until: null,
          attempts: 0,
          created_at: now,
        })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            queue: job.queue,
            payload: JSON.stringify(job.payload),
            run_at: job.runAt,
            lease_owner: null,
            lease_until: null,
          }),
        )
        .execute();
    }
  }

  async cancel(trx: Kysely<Schema>, keys: string[]) {
    if (keys.length > 0) await trx.deleteFrom('jobs').where('key', 'in', keys).execute();
  }

  async claim(
    queue: string,
    o: { limit: number; leaseMs: number; worker: string; now?: number },
    trx?: Kysely<Schema>,
  ) {
    const now = o.now ?? Date.now();
    const db = trx ?? this.store.db;
    let candidates = db
      .selectFrom('jobs')
      .select('id')
      .where('queue', '=', queue)
      .where('run_at', '<=', now)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .orderBy('run_at')
      .limit(o.limit);
    if (this.store.dialect === 'postgres') candidates = candidates.forUpdate().skipLocked();
    const rows = await db
      .updateTable('jobs')
      .set((eb) => ({
        lease_owner: o.worker,
        lease_until: now + o.leaseMs,
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', 'in', candidates)
      .returningAll()
      .execute();
    return rows.map(toJob).sort((a, b) => a.runAt - b.runAt);
  }

  // Each write below matches the lease too: if the job was re-enqueued while a worker held it
  // (the post was edited or rescheduled), the new schedule wins and the stale claim is ignored.
  async complete(jobs: Job[], trx?: Kysely<Schema>) {
    for (const [worker, group] of byWorker(jobs)) {
      await (trx ?? this.store.db)
        .deleteFrom('jobs')
        .where(
          'id',
          'in',
          group.map((j) => j.id),
        )
        .where('lease_owner', '=', worker)
        .execute();
    }
  }

  async reschedule(job: Job, runAt: number, trx?: Kysely<Schema>) {
    await (trx ?? this.store.db)
      .updateTable('jobs')
      .set({ run_at: runAt, lease_owner: null, lease_until: null })
      .where('id', '=', job.id)
      .where('lease_owner', '=', job.worker)
      .execute();
  }

  async release(jobs: Job[]) {
    for (const [worker, group] of byWorker(jobs)) {
      await this.store.db
        .updateTable('jobs')
        .set({ lease_owner: null, lease_until: null })
        .where(
          'id',
          'in',
          group.map((j) => j.id),
        )
        .where('lease_owner', '=', worker)
        .execute();
    }
  }
}

function byWorker(jobs: Job[]) {
  return groupBy(
    jobs.filter((j): j is Job & { worker: string } => j.worker !== null),
    (j) => j.worker,
  );
}
