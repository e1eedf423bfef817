import { createHash } from 'node:crypto';
import { fingerprint } from '../fingerprint';
import { AttentionCurve } from './attention';
import type { SandboxCredentials } from './credentials';
import type { StoredItem } from './store';

/** A number in [0, 1) fixed by its key: the simulation's only source of chance. */
export function chance(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;
}

export type Reaction = 'impressions' | 'likes' | 'reposts' | 'replies' | 'clicks' | 'mentions' | 'messages';

/** The share of the audience that reacts so to an average post, over the post's life. */
const SHARE: Record<Reaction, number> = {
  impressions: 0.9,
  likes: 0.05,
  reposts: 0.01,
  replies: 0.006,
  clicks: 0.02,
  mentions: 0.0015,
  messages: 0.001,
};

/** How much a post appeals, stable for its text: 0.5 to 1.5, more with pictures or a link. */
export function quality(item: Pick<StoredItem, 'text' | 'link' | 'media' | 'kind'>): number {
  let q = 0.5 + chance(`quality:${fingerprint(item.text)}`);
  if (item.media.some((m) => m.mimeType.startsWith('video/'))) q *= 1.6;
  else if (item.media.length > 0) q *= 1.4;
  if (hasLink(item)) q *= 1.2;
  // A reply in a thread is seen by those who open the thread, a fraction of the audience.
  return item.kind === 'post' ? q : item.kind === 'reply' ? q * 0.15 : 0;
}

const hasLink = (item: Pick<StoredItem, 'text' | 'link'>) =>
  item.link !== null || /https?:\/\//.test(item.text);

/**
 * What the audience does with one item over time. Reactions at real instant t are the
 * integral of the attention curve up to the simulated age `(t - publishedAt) × speed`, so
 * they never decrease and the same (item, t) always gives the same numbers.
 */
export class ItemAudience {
  private readonly curve: AttentionCurve;
  private readonly lifetime: Record<Reaction, number>;

  constructor(
    readonly item: StoredItem,
    private readonly audience: SandboxCredentials['audience'],
  ) {
    this.curve = new AttentionCurve(item.publishedAt, audience.timeZone);
    const q = quality(item);
    const key = fingerprint(item.text);
    const lifetime = {} as Record<Reaction, number>;
    for (const r of Object.keys(SHARE) as Reaction[]) {
      const jitter = 0.8 + 0.4 * chance(`${r}:${key}`);
      lifetime[r] = r === 'clicks' && !hasLink(item) ? 0 : audience.size * SHARE[r] * q * jitter;
    }
    this.lifetime = lifetime;
  }

  /** Simulated ms since publication at real instant `now`. */
  age(now: number): number {
    return Math.max(0, now - this.item.publishedAt) * this.audience.speed;
  }

  /** How many reactions of this kind have happened by `now`. */
  count(reaction: Reaction, now: number): number {
    return Math.floor(this.lifetime[reaction] * this.curve.at(this.age(now)) + 1e-9);
  }

  /**
   * When each reaction of this kind happened, up to `now` (epoch ms, ascending). Reaction k
   * happens when the expected count reaches k; the inbox and the metrics both read this.
   */
  instants(reaction: Reaction, now: number): number[] {
    const out: number[] = [];
    const per = this.lifetime[reaction];
    for (let k = 1; per > 0; k++) {
      const age = this.curve.ageOf(k / per);
      if (age === null) break;
      const at = this.item.publishedAt + Math.ceil(age / this.audience.speed);
      if (at > now) break;
      out.push(at);
    }
    return out;
  }
}

/** New followers one item has brought by `now`: some who liked it, more who shared it. */
export const followersFrom = (a: ItemAudience, now: number) =>
  Math.floor(0.05 * a.count('likes', now) + 0.25 * a.count('reposts', now));
