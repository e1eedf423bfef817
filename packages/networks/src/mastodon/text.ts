import type { TextMeasure } from '../contract';

export const DEFAULT_MAX_CHARACTERS = 500;
const URL_LENGTH = 23;

// Mastodon's own rules (docs: "Counting characters"): every URL counts as 23 characters
// whatever its length, and a remote mention @user@domain counts only as @user.
const URL = /https?:\/\/[^\s<>"]+/g;
const REMOTE_MENTION = /(^|[^\w/])@(\w+(?:[.-]+\w+)*)@[\w.-]+\w/g;

const graphemes = (text: string) => {
  let n = 0;
  for (const _ of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) n++;
  return n;
};

export function mastodonLength(text: string): number {
  const withoutUrls = text.replace(URL, 'x'.repeat(URL_LENGTH));
  const withoutDomains = withoutUrls.replace(
    REMOTE_MENTION,
    (_, before: string, user: string) => `${before}@${user}`,
  );
  return graphemes(withoutDomains);
}

export function measureMastodon(text: string, limit = DEFAULT_MAX_CHARACTERS): TextMeasure {
  const length = mastodonLength(text);
  return { network: 'mastodon', length, limit, fits: length <= limit };
}
