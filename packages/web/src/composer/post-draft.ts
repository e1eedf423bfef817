import type { DeliveryState, MediaAsset, PostWithDeliveries, ScheduleInput } from '../api/types';
import { WAITING_STATES } from '../posts/edit-action';
import { localDateTime } from '../time/zoned';
import { type ComposerDraft, emptyDraft, type KeptVariant, scheduleOf, type When } from './composer-state';
import { fromRRule } from './recurrence-draft';

/** A network call may be under way: an edit cannot reach these any more. */
const IN_FLIGHT: readonly DeliveryState[] = ['publishing', 'unknown'];

/** How the post stood when the composer opened it, to tell what a save has to change. */
export interface EditBaseline {
  postId: string;
  /** It is scheduled (or recurring): something will still go out unless withdrawn. */
  active: boolean;
  /** The schedule as loaded, in the form the composer sends it; undefined when not active. */
  schedule: ScheduleInput | undefined;
}

/** The channels whose delivery is being published right now. */
export const inFlightChannels = (post: PostWithDeliveries): string[] =>
  post.deliveries.filter((delivery) => IN_FLIGHT.includes(delivery.state)).map((d) => d.channelId);

interface StoredSchedule {
  kind: string;
  local?: unknown;
  zone?: unknown;
  rrule?: unknown;
  start?: unknown;
  dueAt?: unknown;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The "when" a stored schedule comes back as, and the fields it fills. */
const whenOf = (stored: StoredSchedule, fallbackZone: string): Partial<ComposerDraft> & { when: When } => {
  const zone = text(stored.zone) ?? fallbackZone;
  const dueAt = typeof stored.dueAt === 'number' ? stored.dueAt : undefined;
  const at = dueAt === undefined ? undefined : localDateTime(dueAt, zone);
  if (stored.kind === 'recurring') {
    const rrule = text(stored.rrule) ?? '';
    const start = text(stored.start) ?? at ?? '';
    return { when: 'recurring', zone, recurrence: fromRRule(rrule, start) };
  }
  if (stored.kind === 'queue') return { when: 'queue', ...(at ? { at } : {}) };
  const local = text(stored.local)?.slice(0, 16) ?? at;
  // `now` and `instant` (a post moved in the planner) are a time on the clock, like `at`.
  return { when: 'at', zone, ...(local ? { at: local } : {}) };
};

/** The variant parts the composer does not edit, when a channel has any. */
const keptOf = (variant: PostWithDeliveries['variants'][number]): KeptVariant | undefined =>
  variant.media !== null || variant.link !== null || Object.keys(variant.options).length > 0
    ? { media: variant.media, link: variant.link, options: variant.options }
    : undefined;

/**
 * The composer loaded with an existing post: its text and overrides, media (as the assets
 * given, in the post's order), link, first comments and schedule. A post that is not scheduled
 * opens as a draft, with its last schedule's time filled in for when it is scheduled again.
 */
export const draftFromPost = (
  post: PostWithDeliveries,
  assets: readonly MediaAsset[],
  fallback: { zone: string; at: string },
): { draft: ComposerDraft; baseline: EditBaseline } => {
  const draft = emptyDraft(fallback.zone, fallback.at);
  draft.text = post.text;
  draft.link = post.link ?? '';
  draft.firstComment = post.firstComment ?? '';
  draft.media = post.media.flatMap((id) => assets.find((asset) => asset.id === id) ?? []);
  if (post.evergreen) draft.evergreen = { on: true, ...post.evergreen };
  for (const variant of post.variants) {
    draft.channelIds.push(variant.channelId);
    if (variant.text !== null) draft.overrides[variant.channelId] = variant.text;
    // An empty first comment is how a network without comments was told "none" (composer-state.ts).
    if (variant.firstComment !== null && variant.firstComment !== '')
      draft.commentOverrides[variant.channelId] = variant.firstComment;
    const kept = keptOf(variant);
    if (kept) draft.kept[variant.channelId] = kept;
  }
  const stored = post.schedule as StoredSchedule | null;
  const waiting = post.deliveries.some((delivery) => WAITING_STATES.includes(delivery.state));
  // Between two occurrences a recurring post has nothing waiting, yet it goes on.
  const recurring =
    stored?.kind === 'recurring' && ['scheduled', 'published', 'failed'].includes(post.status);
  const active = stored !== null && (waiting || recurring);
  const loaded = stored ? { ...draft, ...whenOf(stored, fallback.zone) } : draft;
  const result: ComposerDraft = active ? loaded : { ...loaded, when: 'draft' };
  return {
    draft: result,
    baseline: { postId: post.id, active, schedule: active ? scheduleOf(result) : undefined },
  };
};

export type ScheduleStep =
  | { kind: 'keep' }
  | { kind: 'unschedule' }
  | { kind: 'schedule'; schedule: ScheduleInput };

/**
 * What a save does to the schedule along with the edit (an edit alone keeps a scheduled,
 * queued or recurring post's instants): withdraw it, schedule it anew, or leave it.
 */
export const scheduleStep = (baseline: EditBaseline, draft: ComposerDraft): ScheduleStep => {
  const schedule = scheduleOf(draft);
  if (!schedule) return baseline.active ? { kind: 'unschedule' } : { kind: 'keep' };
  const same = JSON.stringify(schedule) === JSON.stringify(baseline.schedule);
  if (baseline.active && same) return { kind: 'keep' };
  return { kind: 'schedule', schedule };
};
