import type { TextMeasure } from '../contract';

// A Spotlight description takes 160 characters including hashtags; a Saved Story title 45.
export const SPOTLIGHT_DESCRIPTION_LIMIT = 160;
export const SAVED_STORY_TITLE_LIMIT = 45;

export const characters = (text: string) => [...text].length;

export function measureSnapchat(text: string, limit = SPOTLIGHT_DESCRIPTION_LIMIT): TextMeasure {
  const length = characters(text);
  return { network: 'snapchat', length, limit, fits: length <= limit };
}

export const snapchatDescription = (text: string, link: string | null) =>
  link && !text.includes(link) ? `${text} ${link}`.trim() : text;

export type SnapKind = 'story' | 'saved_story' | 'spotlight';
export const SNAP_KINDS: SnapKind[] = ['story', 'saved_story', 'spotlight'];
export const snapKind = (options: Record<string, unknown>): SnapKind =>
  SNAP_KINDS.includes(options.kind as SnapKind) ? (options.kind as SnapKind) : 'story';
