import type { TextMeasure } from '../contract';

// Content Posting API: a video's `title` (its caption) ≤ 2,200 UTF-16 code units; a photo
// post's `title` ≤ 90 and `description` ≤ 4,000.
export const CAPTION_LIMIT = 2200;
export const PHOTO_TITLE_LIMIT = 90;
export const PHOTO_DESCRIPTION_LIMIT = 4000;

export function measureTikTok(text: string, limit = CAPTION_LIMIT): TextMeasure {
  // String#length is the count of UTF-16 code units, TikTok's own unit.
  return { network: 'tiktok', length: text.length, limit, fits: text.length <= limit };
}

export const tiktokCaption = (text: string, link: string | null) =>
  link && !text.includes(link) ? `${text}\n\n${link}`.trim() : text;
