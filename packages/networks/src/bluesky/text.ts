import type { TextMeasure } from '../contract';

/** app.bsky.feed.post `text`: maxGraphemes 300, maxLength 3000 (UTF-8 bytes). */
export const GRAPHEME_LIMIT = 300;
export const BYTE_LIMIT = 3000;
/** app.bsky.richtext.facet#tag: maxGraphemes 64. */
const TAG_GRAPHEME_LIMIT = 64;

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

export const graphemes = (text: string) => {
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
};

export const utf8Length = (text: string) => Buffer.byteLength(text, 'utf8');

export function measure(text: string): TextMeasure {
  const length = graphemes(text);
  return {
    network: 'bluesky',
    length,
    limit: GRAPHEME_LIMIT,
    fits: length <= GRAPHEME_LIMIT && utf8Length(text) <= BYTE_LIMIT,
  };
}

interface Span {
  /** Exactly the characters the facet covers, as they appear in the text. */
  text: string;
  /** UTF-16 offsets into the JavaScript string. */
  start: number;
  end: number;
  /** UTF-8 offsets, exclusive end: what the lexicon's `byteSlice` wants. */
  byteStart: number;
  byteEnd: number;
}

export type DetectedFacet =
  | (Span & { kind: 'link'; uri: string })
  | (Span & { kind: 'mention'; handle: string })
  | (Span & { kind: 'tag'; tag: string });

// A URL starts at the beginning, after whitespace or an opening bracket/quote, never inside a word,
// an address or a handle ("me@https://…" is not a link).
const LINK = /(?<=^|[\s([{"'“‘«<])https?:\/\/[^\s<>"]+/giu;
const LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?';
// Handle syntax from atproto.com/specs/handle: dot-separated DNS labels, two at least.
const MENTION = new RegExp(`(?<=^|[\\s(])@(${LABEL}(?:\\.${LABEL})+)(?![a-zA-Z0-9_-])`, 'gu');
// Same exclusions as the Bluesky app: soft hyphen, word joiner and zero-width characters end a tag;
// a keycap (# U+FE0F U+20E3) is an emoji, not a tag.
const TAG = /(?<=^|\s)[#＃](?!\ufe0f|\u20e3)(?:(?!\u20e2)[^\s#＃\u00ad\u2060\u200a-\u200d])+/gu;
const TRAILING_PUNCTUATION = /[.,;:!?'"’”»…]+$/u;

function trimLink(raw: string): string {
  let url = raw.replace(TRAILING_PUNCTUATION, '');
  // "(see https://example.com/a)" ends the link before ")", but "…/Foo_(bar)" keeps its own pair.
  for (const [open, close] of [
    ['(', ')'],
    ['[', ']'],
  ] as const) {
    while (url.endsWith(close) && url.split(open).length < url.split(close).length) {
      url = url.slice(0, -1).replace(TRAILING_PUNCTUATION, '');
    }
  }
  return url;
}

const isUrl = (text: string) => {
  try {
    return new URL(text).hostname.length > 0;
  } catch {
    return false;
  }
};

/**
 * Finds the links, mentions and hashtags in a post, with the UTF-8 byte offsets Bluesky's
 * facets use. Mentions are handles here; the client resolves them to DIDs when it publishes.
 */
export function facets(text: string): DetectedFacet[] {
  const found: DetectedFacet[] = [];
  const span = (start: number, matched: string): Span => {
    const byteStart = utf8Length(text.slice(0, start));
    return {
      text: matched,
      start,
      end: start + matched.length,
      byteStart,
      byteEnd: byteStart + utf8Length(matched),
    };
  };
  for (const m of text.matchAll(LINK)) {
    const uri = trimLink(m[0]);
    if (isUrl(uri)) found.push({ kind: 'link', uri, ...span(m.index, uri) });
  }
  for (const m of text.matchAll(MENTION)) {
    const handle = m[1]!;
    // The last label of a handle is a TLD, which never starts with a digit ("@1.5x" is not one).
    if (/\.[a-zA-Z][^.]*$/.test(handle)) {
      found.push({ kind: 'mention', handle: handle.toLowerCase(), ...span(m.index, m[0]) });
    }
  }
  for (const m of text.matchAll(TAG)) {
    const matched = m[0].replace(/\p{P}+$/u, '');
    const tag = matched.slice(1);
    // A bare number ("#1") is a rank, not a tag, as in the Bluesky app.
    if (tag.length === 0 || /^\d+$/.test(tag) || graphemes(tag) > TAG_GRAPHEME_LIMIT) continue;
    found.push({ kind: 'tag', tag, ...span(m.index, matched) });
  }
  found.sort((a, b) => a.start - b.start);
  // Facets may not overlap; the earlier one wins ("https://x.test/#a" is one link, not a tag).
  const out: DetectedFacet[] = [];
  for (const f of found) {
    const last = out[out.length - 1];
    if (!last || f.start >= last.end) out.push(f);
  }
  return out;
}
