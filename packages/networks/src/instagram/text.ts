import type { TextMeasure, Violation } from '../contract';

// Content publishing guide: a caption holds at most 2,200 characters, 30 hashtags and 20
// @tags. How characters are counted is not documented; UTF-16 units count an emoji as two,
// which can only err towards refusing a caption Instagram would have taken.
export const CAPTION_LIMIT = 2_200;
export const HASHTAG_LIMIT = 30;
export const MENTION_LIMIT = 20;

const HASHTAG = /(?<![\p{L}\p{N}_&/])#[\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*/gu;
// Instagram usernames: letters, digits, periods and underscores, up to 30; not an email.
const MENTION = /(?<![\p{L}\p{N}_.])@[A-Za-z0-9._]{1,30}/gu;

export const hashtags = (text: string) => text.match(HASHTAG) ?? [];
export const mentions = (text: string) => text.match(MENTION) ?? [];

export function measureInstagram(text: string): TextMeasure {
  return {
    network: 'instagram',
    length: text.length,
    limit: CAPTION_LIMIT,
    fits: text.length <= CAPTION_LIMIT,
  };
}

/** Every caption rule at once: length, hashtags, @mentions. */
export function checkCaption(text: string, path = 'text'): Violation[] {
  const out: Violation[] = [];
  const m = measureInstagram(text);
  if (!m.fits)
    out.push({
      path,
      code: 'text_too_long',
      message: `The caption is ${m.length} characters; Instagram takes at most ${CAPTION_LIMIT}`,
    });
  const tags = hashtags(text).length;
  if (tags > HASHTAG_LIMIT)
    out.push({
      path,
      code: 'too_many_hashtags',
      message: `The caption has ${tags} hashtags; Instagram takes at most ${HASHTAG_LIMIT}`,
    });
  const tagged = mentions(text).length;
  if (tagged > MENTION_LIMIT)
    out.push({
      path,
      code: 'too_many_mentions',
      message: `The caption mentions ${tagged} accounts; Instagram takes at most ${MENTION_LIMIT}`,
    });
  return out;
}
