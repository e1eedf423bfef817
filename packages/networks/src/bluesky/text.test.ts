import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { facets, measure } from './text';
import { isTid, nextTid } from './tid';

const byteSlice = (text: string, start: number, end: number) =>
  Buffer.from(text, 'utf8').subarray(start, end).toString('utf8');

describe('measure', () => {
  it('counts graphemes, so a family emoji or an accented letter is one character', () => {
    expect(measure('👩‍👩‍👧‍👦').length).toBe(1);
    expect(measure('e\u0301').length).toBe(1);
    expect(measure('日本語').length).toBe(3);
  });

  it('fits at 300 graphemes and not at 301', () => {
    expect(measure('a'.repeat(300))).toMatchObject({
      network: 'bluesky',
      length: 300,
      limit: 300,
      fits: true,
    });
    expect(measure('a'.repeat(301)).fits).toBe(false);
  });

  it('also holds the 3000-byte limit, which 300 heavy graphemes can pass', () => {
    // Each is one grapheme of 7 code points, 25 bytes.
    const heavy = '👩‍👩‍👧‍👦'.repeat(150);
    expect(measure(heavy).length).toBe(150);
    expect(Buffer.byteLength(heavy)).toBeGreaterThan(3000);
    expect(measure(heavy).fits).toBe(false);
  });
});

describe('facets', () => {
  it('finds a link and trims the sentence punctuation after it', () => {
    const text = 'Read https://example.com/a?b=1. Then (https://en.wikipedia.org/wiki/Foo_(bar)) ok!';
    const found = facets(text).filter((f) => f.kind === 'link');
    expect(found.map((f) => f.kind === 'link' && f.uri)).toEqual([
      'https://example.com/a?b=1',
      'https://en.wikipedia.org/wiki/Foo_(bar)',
    ]);
  });

  it('gives UTF-8 byte offsets, not string indexes', () => {
    const text = '日本 👋🏽 @bob.test #タグ https://例え.jp/パス';
    const found = facets(text);
    expect(found.map((f) => f.kind)).toEqual(['mention', 'tag', 'link']);
    for (const f of found) expect(byteSlice(text, f.byteStart, f.byteEnd)).toBe(f.text);
    expect(found[0]).toMatchObject({ kind: 'mention', handle: 'bob.test', text: '@bob.test' });
    expect(found[1]).toMatchObject({ kind: 'tag', tag: 'タグ', byteStart: 26 });
  });

  it('leaves e-mail addresses, bare numbers and keycaps alone', () => {
    expect(facets('write to me@example.com, rank #1, press #️⃣')).toEqual([]);
  });

  it('does not take a hashtag or a handle inside a link', () => {
    const found = facets('https://example.com/@bob.test/#frag');
    expect(found).toHaveLength(1);
    expect(found[0]?.kind).toBe('link');
  });

  it('ends a mention at punctuation that cannot be in a handle', () => {
    const [mention] = facets('thanks @bob.example.com.');
    expect(mention).toMatchObject({ handle: 'bob.example.com', text: '@bob.example.com' });
  });
});

// Fragments that stress offsets: multi-unit graphemes, astral planes, combining marks, RTL.
const filler = fc.constantFrom(
  ' ',
  '\n',
  'word',
  '日本語',
  'e\u0301',
  '👩‍👩‍👧',
  '👋🏽',
  '🇮🇹',
  'ñ',
  'שלום',
  '.',
  ',',
  '(',
  ')',
);
const link = fc
  .tuple(
    fc.constantFrom('http', 'https'),
    fc.constantFrom('example.com', 'sub.example.org', '例え.jp'),
    fc.constantFrom('', '/', '/a/b', '/путь?q=1', '/x_(y)', '/#frag'),
  )
  .map(([scheme, host, path]) => `${scheme}://${host}${path}`);
const mention = fc.constantFrom('@bob.test', '@alice.example.com', '@x-y.bsky.social');
const tag = fc.constantFrom('#araldo', '#日本', '#café', '#tag_2');
const token = fc.oneof(filler, link, mention, tag);

describe('facets, for any text', () => {
  it("each facet's byte slice decodes back to exactly the matched text", () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (tokens) => {
        const text = tokens.join('');
        for (const f of facets(text)) {
          expect(byteSlice(text, f.byteStart, f.byteEnd)).toBe(f.text);
          expect(text.slice(f.start, f.end)).toBe(f.text);
          if (f.kind === 'link') expect(f.text).toBe(f.uri);
          if (f.kind === 'mention') expect(f.text.toLowerCase()).toBe(`@${f.handle}`);
          if (f.kind === 'tag') expect(f.text.slice(1)).toBe(f.tag);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('finds every link, mention and tag that stands between spaces, and never overlaps two', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(filler, fc.oneof(link, mention, tag)), { maxLength: 12 }), (pairs) => {
        const text = pairs.map(([f, t]) => `${f} ${t} `).join('');
        const found = facets(text);
        const expected = pairs.map(([, t]) => t);
        expect(found.map((f) => f.text)).toEqual(expected);
        for (let i = 1; i < found.length; i++)
          expect(found[i]!.byteStart).toBeGreaterThanOrEqual(found[i - 1]!.byteEnd);
      }),
      { numRuns: 300 },
    );
  });
});

describe('record keys', () => {
  it('are valid TIDs that sort in the order they were made, even within one millisecond', () => {
    const keys = Array.from({ length: 50 }, () => nextTid(1_800_000_000_000));
    for (const k of keys) expect(isTid(k)).toBe(true);
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
