import { type DeliveryState, retryDelayMs } from '@araldo/core';
import { NetworkError, type Published } from '@araldo/networks';
import { type DeliveriesTable, moveDelivery, notify, type Schema } from '@araldo/store';
import type { Kysely, Selectable } from 'kysely';

export type Outcome =
  | { kind: 'published'; published: Published; reconciled: boolean }
  | { kind: 'failed'; error: unknown }
  /** Reconciliation could not ask the network: whether the post went out is still unknown. */
  | { kind: 'unresolved'; error: unknown };

/** What the worker does with the job after recording an outcome. */
export type Next = { kind: 'complete' } | { kind: 'retry'; at: number };

export const MAX_ATTEMPTS = 8;
/** How soon a delivery whose answer was lost is looked for on the network. */
export const RECONCILE_AFTER_MS = 3_000;

interface Row extends Selectable<DeliveriesTable> {
  channel_name: string;
  network: string;
}

/**
 * Records one outcome and decides the next step from the failure class alone (STYLE.md §4):
 * lost answers are reconciled, transient and rate-limited failures retried with backoff
 * (the network's reset instant wins when later), expired credentials wait for a reconnect,
 * and permanent refusals fail with the network's reason in plain words.
 */
export async function recordOutcome(
  trx: Kysely<Schema>,
  d: Row,
  from: DeliveryState,
  attemptId: string,
  outcome: Outcome,
  now = Date.now(),
): Promise<{
  next: Next;
  state: DeliveryState /** The channel's credentials were refused. */;
  channelLost?: boolean;
}> {
  const finish = (fields: {
    outcome: string;
    failure_class?: string | null;
    message?: string | null;
    remote_id?: string | null;
  }) =>
    trx
      .updateTable('attempts')
      .set({ finished_at: now, ...fields })
      .where('id', '=', attemptId)
      .execute();

  if (outcome.kind === 'published') {
    const { remoteId, url } = outcome.published;
    await moveDelivery(trx, d.id, from, 'published', {
      remote_id: remoteId,
      remote_url: url,
      published_at: now,
      failure_class: null,
      failure_reason: null,
    });
    await finish({ outcome: outcome.reconciled ? 'reconciled' : 'published', remote_id: remoteId });
    return { next: { kind: 'complete' }, state: 'published' };
  }

  if (outcome.kind === 'unresolved') {
    // Never sent again before the network has answered whether it already has it: that is
    // how a lookup that timed out would turn into a duplicate. Asked again, with backoff.
    const cause = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
    const reason = `Could not check with ${d.network} whether this went out (${cause}); checking again`;
    const failure = outcome.error instanceof NetworkError ? outcome.error.failure : 'transient';
    // A refused token does not settle the doubt either: the delivery stays `unknown` (a
    // reconnected channel would otherwise send it as new) and the channel is flagged instead.
    await moveDelivery(trx, d.id, from, 'unknown', { failure_class: failure, failure_reason: reason });
    await finish({ outcome: 'unresolved', failure_class: failure, message: reason });
    const at = Math.max(
      // A lookup is cheap and the post may be waiting on it: ask again soon, at most a minute apart.
      now + retryDelayMs(d.attempt_count, Math.random(), { baseMs: RECONCILE_AFTER_MS, capMs: 60_000 }),
      outcome.error instanceof NetworkError ? (outcome.error.resetAt ?? 0) : 0,
    );
    return {
      next: { kind: 'retry', at },
      state: 'unknown',
      ...(failure === 'auth_expired' ? { channelLost: true } : {}),
    };
  }
  const error =
    outcome.error instanceof NetworkError
      ? outcome.error
      : new NetworkError(
          'transient',
          `Unexpected error: ${(outcome.error as Error)?.message ?? String(outcome.error)}`,
        );
  const reason = error.message;
  if (error.mayHaveSucceeded) {
    await moveDelivery(trx, d.id, from, 'unknown', { failure_class: error.failure, failure_reason: reason });
    await finish({ outcome: 'unknown', failure_class: error.failure, message: reason });
    return { next: { kind: 'retry', at: now + RECONCILE_AFTER_MS }, state: 'unknown' };
  }
  if (error.failure === 'auth_expired') {
    await moveDelivery(trx, d.id, from, 'needs_reconnect', {
      failure_class: error.failure,
      failure_reason: reason,
    });
    await finish({ outcome: 'needs_reconnect', failure_class: error.failure, message: reason });
    return { next: { kind: 'complete' }, state: 'needs_reconnect' };
  }
  const retryable = error.failure === 'transient' || error.failure === 'rate_limited';
  if (retryable && d.attempt_count < MAX_ATTEMPTS) {
    const backoff = now + retryDelayMs(d.attempt_count, Math.random());
    const at = Math.max(backoff, error.resetAt ?? 0);
    await moveDelivery(trx, d.id, from, 'retrying', { failure_class: error.failure, failure_reason: reason });
    await finish({ outcome: 'retry', failure_class: error.failure, message: reason });
    return { next: { kind: 'retry', at }, state: 'retrying' };
  }
  const final = retryable ? `Gave up after ${d.attempt_count} attempts: ${reason}` : reason;
  await moveDelivery(trx, d.id, from, 'failed', { failure_class: error.failure, failure_reason: final });
  await finish({ outcome: 'failed', failure_class: error.failure, message: final });
  await notify(trx, {
    workspaceId: d.workspace_id,
    kind: 'post.failed',
    channelId: d.channel_id,
    message: `A post to ${d.channel_name} (${d.network}) failed: ${final}`,
  });
  return { next: { kind: 'complete' }, state: 'failed' };
}

/** A post's status summarises its deliveries. */
export async function refreshPostStatus(trx: Kysely<Schema>, postId: string, now = Date.now()) {
  const states = (
    await trx.selectFrom('deliveries').select('state').where('post_id', '=', postId).execute()
  ).map((r) => r.state);
  if (states.length === 0) return;
  const status = states.every((s) => s === 'published' || s === 'cancelled')
    ? 'published'
    : states.some((s) => s === 'failed')
      ? 'failed'
      : states.some((s) => s === 'awaiting_approval')
        ? 'awaiting_approval'
        : states.every((s) => s === 'draft' || s === 'cancelled')
          ? 'draft'
          : 'scheduled';
  await trx.updateTable('posts').set({ status, updated_at: now }).where('id', '=', postId).execute();
}
