import type { TextMeasure } from '../contract';

export const LINKEDIN_MAX_CHARACTERS = 3000;

/** Commentary is limited to 3,000 characters (counted here as code points). */
export function measureLinkedIn(text: string): TextMeasure {
  const length = [...text].length;
  return {
    network: 'linkedin',
    length,
    limit: LINKEDIN_MAX_CHARACTERS,
    fits: length <= LINKEDIN_MAX_CHARACTERS,
  };
}

// The "little" text format of the Posts API: these characters are markup and must be
// escaped with a backslash to be plain text, or LinkedIn may drop the text after them.
const RESERVED = /[\\|{}@[\]()<>#*_~]/g;
const HASHTAG = /#([\p{L}\p{N}_]+)/gu;

/** Plain text to commentary: reserved characters escaped, #words kept as hashtags. */
export function toLittleText(text: string): string {
  return text
    .split(HASHTAG)
    .map((part, i) => (i % 2 === 1 ? `{hashtag|#|${part}}` : part.replace(RESERVED, (c) => `\\${c}`)))
    .join('');
}

/** Commentary back to what a reader sees: hashtags and mentions as text, escapes removed. */
export function fromLittleText(little: string): string {
  return little
    .replace(/\{hashtag\|\\?[#＃]\|([^}]*)\}/g, '#$1')
    .replace(/@\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\\(.)/g, '$1');
}
