import type { TextMeasure } from '../contract';

// Threads Posts: "Text posts are limited to 500 characters. Emojis are counted as the number
// of UTF-8 bytes." A character here is what a reader sees (a grapheme); an emoji — a grapheme
// shown as emoji (emoji presentation, the U+FE0F selector, a keycap) — costs its bytes.
export const THREADS_LIMIT = 500;
// From 2025-12-22 more than five links fail at container creation (THREADS_API__LINK_LIMIT_EXCEEDED).
export const LINK_LIMIT = 5;

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const EMOJI = /\p{Emoji_Presentation}|\uFE0F|\u20E3/u;
const utf8 = new TextEncoder();

export const isEmoji = (grapheme: string) => EMOJI.test(grapheme);

export function threadsLength(text: string): number {
  let length = 0;
  for (const { segment } of segmenter.segment(text)) {
    length += isEmoji(segment) ? utf8.encode(segment).length : 1;
  }
  return length;
}

export function measureThreads(text: string, limit = THREADS_LIMIT): TextMeasure {
  const length = threadsLength(text);
  return { network: 'threads', length, limit, fits: length <= limit };
}

const URL_LIKE = /\b(?:https?:\/\/|www\.)[^\s<>"]+/gi;

/**
 * The links Threads counts: every unique URL of the text, plus a link attachment unless it
 * repeats one of them (Text attachments guide, "How links are counted").
 */
export function countLinks(text: string, attachment: string | null = null): number {
  const found = new Set((text.match(URL_LIKE) ?? []).map((u) => u.replace(/[.,;:!?)\]]+$/, '')));
  if (attachment) found.add(attachment);
  return found.size;
}
