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
 */
export interface JobQueue {
  readonly kind: 'embedded' | 'pg-boss';
  start(): Promise<void>;
  enqueue(trx: Kysely<Schema>, jobs: NewJob[]): Promise<void>;
  cancel(trx: Kysely<Schema>, keys: string[]): Promise<void>;
  claim(
    queue: string,
    options: { limit: number; leaseMs: number; worker: string; now?: number },
  ): Promise<Job[]>;
  complete(jobs: Job[]): Promise<void>;
  /** Gives the job back to run again at `runAt` (a retry, a rate-limit wait). */
  reschedule(job: Job, runAt: number): Promise<void>;
  /** Graceful shutdown: hands unfinished claims back at once instead of waiting for the lease. */
  release(jobs: Job[]): Promise<void>;
  stop(): Promise<void>;
}
