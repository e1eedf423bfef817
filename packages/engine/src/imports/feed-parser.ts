import { invalid } from '@araldo/core';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface FeedItem {
  /** What identifies the item across polls: its guid (RSS) or id (Atom), else its link. */
  key: string;
  title: string;
  link: string | null;
  publishedAt: number | null;
}

export interface ParsedFeed {
  title: string | null;
  items: FeedItem[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // `dc:date`, `atom:link` and `rdf:RDF` read as `date`, `link` and `RDF`.
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

type Node = Record<string, unknown>;

/** A text node, whether the parser gave a string or an object with attributes. */
function text(value: unknown): string | null {
  if (Array.isArray(value)) return text(value[0]);
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && '#text' in value) return String((value as Node)['#text']);
  return null;
}

// Titles are plain text on every network; Atom's type="html" titles may carry tags.
const plain = (s: string | null) =>
  s === null
    ? null
    : s
        .replace(/<[^>]*>/g, '')
        .replace(/\s+/g, ' ')
        .trim();

/** RSS puts the URL in `<link>`'s text; Atom in the `href` of the alternate (or first) link. */
function linkOf(links: unknown): string | null {
  const list = (Array.isArray(links) ? links : links === undefined ? [] : [links]) as unknown[];
  for (const l of list) if (typeof l === 'string' && l.trim()) return l.trim();
  const objects = list.filter((l): l is Node => typeof l === 'object' && l !== null);
  const alternate = objects.find((l) => (l['@_rel'] ?? 'alternate') === 'alternate' && l['@_href']);
  const chosen = alternate ?? objects.find((l) => l['@_href']);
  return chosen ? String(chosen['@_href']).trim() : null;
}

function dateOf(node: Node): number | null {
  for (const field of ['pubDate', 'published', 'updated', 'date']) {
    const value = text(node[field]);
    const at = value === null ? Number.NaN : Date.parse(value);
    if (!Number.isNaN(at)) return at;
  }
  return null;
}

function itemOf(node: Node): FeedItem | null {
  const link = linkOf(node.link);
  const title = plain(text(node.title)) || link;
  const key = (text(node.guid) ?? text(node.id) ?? link ?? title)?.trim();
  if (!key || !title) return null;
  return { key, title, link, publishedAt: dateOf(node) };
}

/**
 * RSS 2.0 (and 0.9x), RSS 1.0 (RDF) and Atom. Items come newest first: by their dates when
 * every item has one, otherwise in the order the feed lists them (which is newest first by
 * convention).
 */
export function parseFeed(xml: string): ParsedFeed {
  // Feeds never need DTD entities; refusing them rules out entity-expansion attacks.
  if (/<!ENTITY/i.test(xml)) throw invalid('The feed declares XML entities, which Araldo does not read');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw invalid(`The feed is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  }
  const doc = parser.parse(xml) as Node;
  const rss = (doc.rss as Node | undefined)?.channel as Node | undefined;
  const rdf = doc.RDF as Node | undefined;
  const atom = doc.feed as Node | undefined;
  const container = rss ?? (rdf?.channel as Node | undefined) ?? atom;
  const nodes = ((rss?.item ?? rdf?.item ?? atom?.entry ?? []) as Node[]).filter(
    (n) => typeof n === 'object' && n !== null,
  );
  if (!container && !rdf) throw invalid('This is not an RSS or Atom feed');
  const items = nodes.map(itemOf).filter((i): i is FeedItem => i !== null);
  if (items.every((i) => i.publishedAt !== null)) items.sort((a, b) => b.publishedAt! - a.publishedAt!);
  return { title: plain(text(container?.title)), items };
}
