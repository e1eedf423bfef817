import twitter from 'twitter-text';
import type { TextMeasure } from '../contract';

export const X_MAX_WEIGHTED_LENGTH = 280;

/**
 * X counts with twitter-text's v3 configuration: NFC, weight 1 for Latin and common
 * punctuation, 2 for everything else (CJK, emoji sequences as one unit), every URL 23.
 */
export function xLength(text: string): number {
  return twitter.parseTweet(text).weightedLength;
}

export function measureX(text: string): TextMeasure {
  const length = xLength(text);
  return { network: 'x', length, limit: X_MAX_WEIGHTED_LENGTH, fits: length <= X_MAX_WEIGHTED_LENGTH };
}

/** The post's text as sent: X turns a URL in the text into a card, so the link goes at the end. */
export function composeXText(text: string, link: string | null): string {
  return link && !text.includes(link) ? `${text}\n\n${link}`.trim() : text;
}

/**
 * X answers with every URL replaced by a t.co link (and a t.co link appended for media)
 * and with &, < and > escaped; reconciliation compares text with both taken out.
 */
export function comparableXText(text: string): string {
  return unescapeXText(text).replace(/https?:\/\/\S+/g, ' ');
}

export const unescapeXText = (text: string) =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
