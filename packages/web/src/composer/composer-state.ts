import type { Channel, MediaAsset, PostInput, ScheduleInput } from '../api/types';

export type When = 'now' | 'at' | 'queue' | 'draft';

/** Everything the composer holds before it is sent. */
export interface ComposerDraft {
  text: string;
  channelIds: string[];
  /** Per-channel text that replaces the common one; absent = the channel uses the common text. */
  overrides: Partial<Record<string, string>>;
  media: MediaAsset[];
  link: string;
  when: When;
  /** `YYYY-MM-DDTHH:mm` on the clock of `zone`. */
  at: string;
  zone: string;
}

export const emptyDraft = (zone: string, at: string): ComposerDraft => ({
  text: '',
  channelIds: [],
  overrides: {},
  media: [],
  link: '',
  when: 'now',
  at,
  zone,
});

/** The text a channel will publish: its own when it has one, else the common text. */
export const textFor = (draft: ComposerDraft, channelId: string): string =>
  draft.overrides[channelId] ?? draft.text;

export const selectedChannels = (draft: ComposerDraft, channels: readonly Channel[]): Channel[] =>
  channels.filter((channel) => draft.channelIds.includes(channel.id));

const scheduleOf = (draft: ComposerDraft): ScheduleInput | undefined => {
  if (draft.when === 'now') return { kind: 'now' };
  if (draft.when === 'queue') return { kind: 'queue' };
  if (draft.when === 'at') return { kind: 'at', at: draft.at, timeZone: draft.zone };
  return undefined;
};

/** The request body: overrides become variants; without a schedule the post is a draft. */
export const toPostInput = (draft: ComposerDraft): PostInput => {
  const link = draft.link.trim();
  const variants = draft.channelIds.flatMap((channelId) => {
    const text = draft.overrides[channelId];
    return text === undefined ? [] : [{ channelId, text }];
  });
  const schedule = scheduleOf(draft);
  return {
    text: draft.text,
    channelIds: draft.channelIds,
    media: draft.media.map((asset) => asset.id),
    link: link === '' ? null : link,
    ...(variants.length > 0 ? { variants } : {}),
    ...(schedule ? { schedule } : {}),
  };
};
