import type {
  Channel,
  Evergreen,
  MediaAsset,
  PostFields,
  PostInput,
  ScheduleInput,
  VariantInput,
} from '../api/types';
import { defaultRecurrence, type RecurrenceDraft, startOf, toRRule } from './recurrence-draft';

export type When = 'now' | 'at' | 'queue' | 'recurring' | 'draft';

/** What a channel's variant holds that the composer does not edit (set through the API): sent back as it was. */
export interface KeptVariant {
  media: string[] | null;
  link: string | null;
  options: Record<string, unknown>;
}

/** Evergreen as the composer holds it: the numbers stay while it is switched off. */
export interface EvergreenDraft extends Evergreen {
  on: boolean;
}

/** The server's bounds (packages/core/src/evergreen.ts, EVERGREEN_LIMITS), checked before sending. */
export const EVERGREEN_BOUNDS = { afterDays: { min: 1, max: 365 }, maxTimes: { min: 1, max: 20 } } as const;

export const evergreenFits = (evergreen: Evergreen): boolean =>
  (['afterDays', 'maxTimes'] as const).every((key) => {
    const value = evergreen[key];
    return (
      Number.isInteger(value) && value >= EVERGREEN_BOUNDS[key].min && value <= EVERGREEN_BOUNDS[key].max
    );
  });

/** Everything the composer holds before it is sent. */
export interface ComposerDraft {
  text: string;
  channelIds: string[];
  /** Per-channel text that replaces the common one; absent = the channel uses the common text. */
  overrides: Partial<Record<string, string>>;
  media: MediaAsset[];
  link: string;
  /** Posted as the first reply under the post, where the network has comments. */
  firstComment: string;
  /** Per-channel first comment that replaces the common one. */
  commentOverrides: Partial<Record<string, string>>;
  when: When;
  /** `YYYY-MM-DDTHH:mm` on the clock of `zone`. */
  at: string;
  zone: string;
  recurrence: RecurrenceDraft;
  evergreen: EvergreenDraft;
  kept: Partial<Record<string, KeptVariant>>;
}

export const emptyDraft = (zone: string, at: string): ComposerDraft => ({
  text: '',
  channelIds: [],
  overrides: {},
  media: [],
  link: '',
  firstComment: '',
  commentOverrides: {},
  when: 'now',
  at,
  zone,
  recurrence: defaultRecurrence(at.slice(0, 10), at.slice(11, 16)),
  evergreen: { on: false, afterDays: 30, maxTimes: 3 },
  kept: {},
});

/** The evergreen rule to send: none when it is off, or for a recurring post (which comes back anyway). */
export const evergreenOf = (draft: ComposerDraft): Evergreen | null =>
  draft.evergreen.on && draft.when !== 'recurring'
    ? { afterDays: draft.evergreen.afterDays, maxTimes: draft.evergreen.maxTimes }
    : null;

/** The text a channel will publish: its own when it has one, else the common text. */
export const textFor = (draft: ComposerDraft, channelId: string): string =>
  draft.overrides[channelId] ?? draft.text;

/** The first comment a channel will post: its own when it has one, else the common one. */
export const commentFor = (draft: ComposerDraft, channelId: string): string =>
  draft.commentOverrides[channelId] ?? draft.firstComment;

export const selectedChannels = (draft: ComposerDraft, channels: readonly Channel[]): Channel[] =>
  channels.filter((channel) => draft.channelIds.includes(channel.id));

/** The `schedule` the API takes for the chosen "when"; undefined for a draft. */
export const scheduleOf = (draft: ComposerDraft): ScheduleInput | undefined => {
  switch (draft.when) {
    case 'now':
      return { kind: 'now' };
    case 'queue':
      return { kind: 'queue' };
    case 'at':
      return { kind: 'at', at: draft.at, timeZone: draft.zone };
    case 'recurring':
      return {
        kind: 'recurring',
        rrule: toRRule(draft.recurrence),
        start: startOf(draft.recurrence),
        timeZone: draft.zone,
      };
    default:
      return undefined;
  }
};

const orNull = (text: string) => (text.trim() === '' ? null : text);

/**
 * One variant per channel that differs from the post. `commentless` names the channels whose
 * network has no first comments: when the post has one, they get an empty one of their own
 * (which every network reads as "none"), so the post still fits them.
 */
const variantsOf = (draft: ComposerDraft, commentless: ReadonlySet<string>): VariantInput[] =>
  draft.channelIds.flatMap((channelId) => {
    const kept = draft.kept[channelId];
    const own = draft.commentOverrides[channelId];
    const firstComment = commentless.has(channelId)
      ? orNull(draft.firstComment) === null
        ? null
        : ''
      : own === undefined
        ? null
        : own;
    const variant: VariantInput = {
      channelId,
      text: draft.overrides[channelId] ?? null,
      firstComment,
      media: kept?.media ?? null,
      link: kept?.link ?? null,
      options: kept?.options ?? {},
    };
    const differs =
      variant.text !== null ||
      variant.firstComment !== null ||
      variant.media !== null ||
      variant.link !== null ||
      Object.keys(variant.options ?? {}).length > 0;
    return differs ? [variant] : [];
  });

/** The body of an edit (PATCH): every field, so what was cleared is cleared on the server too. */
export const toPostPatch = (
  draft: ComposerDraft,
  commentless: ReadonlySet<string> = new Set(),
): PostFields => {
  const link = draft.link.trim();
  return {
    text: draft.text,
    channelIds: draft.channelIds,
    media: draft.media.map((asset) => asset.id),
    link: link === '' ? null : link,
    firstComment: orNull(draft.firstComment),
    variants: variantsOf(draft, commentless),
    evergreen: evergreenOf(draft),
  };
};

/** The request body of a new post: overrides become variants; without a schedule it is a draft. */
export const toPostInput = (
  draft: ComposerDraft,
  commentless: ReadonlySet<string> = new Set(),
): PostInput => {
  const schedule = scheduleOf(draft);
  return {
    ...toPostPatch(draft, commentless),
    text: draft.text,
    channelIds: draft.channelIds,
    ...(schedule ? { schedule } : {}),
  };
};
