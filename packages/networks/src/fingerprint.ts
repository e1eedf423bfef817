/**
 * Reconciliation matches a post we may have published by its text. Networks reformat text
 * (HTML, collapsed whitespace, entity escaping), so both sides are normalised first.
 */
const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  '#39': "'",
  nbsp: ' ',
};

export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#?\w+);/g, (whole, name: string) =>
      name.startsWith('#x')
        ? String.fromCodePoint(Number.parseInt(name.slice(2), 16))
        : name.startsWith('#') && name !== '#39'
          ? String.fromCodePoint(Number(name.slice(1)))
          : (ENTITIES[name] ?? whole),
    );
}

export const fingerprint = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Whether a network's post is the text we sent. Where a network has no field for the post's
 * link, adapters append it after the text, so the post may also be the text plus a trailing link.
 */
export const sameText = (published: string, text: string) =>
  fingerprint(published) === fingerprint(text) ||
  fingerprint(published.replace(/\s*https?:\/\/\S+$/u, '')) === fingerprint(text);
