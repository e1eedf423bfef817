/**
 * One (post, channel) pair is a delivery. Its states and the only moves between them
 * (DESIGN.md, "Publishing without loss or duplicates"). Every write of a state goes through
 * `canMove`, so an impossible jump (failed → publishing without a retry) is a bug caught
 * where it happens.
 */
export const DELIVERY_STATES = [
  'draft',
  'awaiting_approval',
  'scheduled',
  'publishing',
  'retrying',
  'unknown',
  'needs_reconnect',
  /** Its channel came back long after it was due: it waits for a person to say "send it now". */
  'held',
  'published',
  'failed',
  'cancelled',
] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

const MOVES: Record<DeliveryState, readonly DeliveryState[]> = {
  draft: ['awaiting_approval', 'scheduled', 'cancelled'],
  awaiting_approval: ['draft', 'scheduled', 'cancelled'],
  scheduled: ['draft', 'awaiting_approval', 'publishing', 'needs_reconnect', 'cancelled', 'scheduled'],
  // publishing ends in an outcome; a worker that died mid-call leaves it for reconciliation.
  publishing: ['published', 'retrying', 'unknown', 'failed', 'needs_reconnect'],
  retrying: ['publishing', 'needs_reconnect', 'cancelled', 'scheduled', 'draft'],
  // Never blindly retried: reconciled first. Found → published; not found → sent again by the
  // same worker (staying unknown until its outcome is known) → published, retrying or failed.
  unknown: ['published', 'publishing', 'failed', 'retrying', 'unknown', 'needs_reconnect'],
  needs_reconnect: ['scheduled', 'held', 'publishing', 'cancelled', 'draft'],
  // A person decides: publish now or at a new time (a contributor's new time goes to approval), or withdraw.
  held: ['scheduled', 'awaiting_approval', 'cancelled', 'draft'],
  published: [],
  failed: ['scheduled', 'cancelled'],
  cancelled: ['draft', 'scheduled'],
};

export const canMove = (from: DeliveryState, to: DeliveryState): boolean => MOVES[from].includes(to);

/** States in which a delivery is still waiting to go out and may be edited or withdrawn. */
export const PENDING_STATES: readonly DeliveryState[] = ['scheduled', 'retrying', 'needs_reconnect', 'held'];

/** States in which a network call may be under way or its outcome is not known yet. */
export const IN_FLIGHT_STATES: readonly DeliveryState[] = ['publishing', 'unknown'];

export const isFinal = (state: DeliveryState) => state === 'published' || state === 'cancelled';

/**
 * Exponential backoff with "equal jitter" (half fixed, half random), capped; a network's own
 * reset instant wins when it is later.
 */
export function retryDelayMs(
  attempt: number,
  random: number,
  options: { baseMs?: number; capMs?: number } = {},
) {
  const base = options.baseMs ?? 5_000;
  const cap = options.capMs ?? 30 * 60_000;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random * ceiling) / 2);
}
