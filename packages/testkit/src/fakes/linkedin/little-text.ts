/**
 * How LinkedIn reads a post's commentary (the "little" text format), written from the docs
 * rather than with the adapter's code: `\x` is a literal x; `{hashtag|#|tag}` or `#tag` is a hashtag;
 * `@[Name](urn)` is a mention; any other unescaped reserved character is markup LinkedIn does
 * not understand, and the text from there on is lost (reported by integrators; secondary).
 */
const RESERVED = new Set([...'\\|{}@[]()<>#*_~']);

export function readLittleText(little: string): string {
  let out = '';
  for (let i = 0; i < little.length; i++) {
    const ch = little[i]!;
    if (ch === '\\' && i + 1 < little.length) {
      out += little[++i];
      continue;
    }
    const rest = little.slice(i);
    const hashtag = /^\{hashtag\|[#＃]\|([^}|]+)\}/.exec(rest) ?? /^#([\p{L}\p{N}_]+)/u.exec(rest);
    if (hashtag) {
      out += `#${hashtag[1]}`;
      i += hashtag[0].length - 1;
      continue;
    }
    const mention = /^@\[([^\]]+)\]\((urn:li:(?:person|organization):[^)]+)\)/.exec(rest);
    if (mention) {
      out += mention[1];
      i += mention[0].length - 1;
      continue;
    }
    if (RESERVED.has(ch)) break;
    out += ch;
  }
  return out;
}
