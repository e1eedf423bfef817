import type { Schema } from '@araldo/store';
import type { Kysely } from 'kysely';

export interface Job {
  id: string;
  queue: string;
  /** What the job is about (a delivery id); one pending job per key. */
  key: string;
  payload: Record<string, unknown>;
  runAt: number;
  attempts: number;
  /** The worker holding the lease; a job re-enqueued meanwhile has none and is not touched. */
  worker: string | null;
}

export interface NewJob {
  queue: string;
  key: string;
  payload: Record<string, unknown>;
  runAt: number;
}

/**
 * The job-queue port. `enqueue` and `cancel` take the caller's transaction, so a post is
 * never scheduled without its job nor a job left for a withdrawn post. Claims are leases:
 * a worker that dies simply lets them expire and another takes the work over.
 * Both queues live in the application's database, so `claim`, `complete` and `reschedule`
 * may join the caller's transaction too: a publisher claims together with its attempt
 * journal and completes together with the outcomes (one commit each, not two).
 */
export interface JobQueue {
  readonly kind: 'embedded' | 'pg-boss';
  start(): Promise<void>;
  enqueue(trx: Kysely<Schema>, jobs: NewJob[]): Promise<void>;
  cancel(trx: Kysely<Schema>, keys: string[]): Promise<void>;
  claim(
    queue: string,
    options: { limit: number; leaseMs: number; worker: string; now?: number },
    trx?: Kysely<Schema>,
  ): Promise<Job[]>;
  complete(jobs: Job[], trx?: Kysely<Schema>): Promise<void>;
  /** Gives the job back to run again at `runAt` (a retry, a rate-limit wait). */
  reschedule(job: Job, runAt: number, trx?: Kysely<Schema>): Promise<void>;
  /** Graceful shutdown: hands unfinished claims back at once instead of waiting for the lease. */
  release(jobs: Job[]): Promise<void>;
  stop(): Promise<void>;
}
