import type { InboxItem } from '../contract';
import { chance, type ItemAudience, type Reaction } from './audience';
import type { SandboxCredentials } from './credentials';
import { personFor, say, type Utterance } from './crowd';
import type { StoredItem } from './store';

export interface InboxContext {
  account: SandboxCredentials;
  audienceOf(item: StoredItem): ItemAudience;
  urlOf(id: string): string;
}

const KINDS: { reaction: Reaction; tag: string; says: Utterance; kind: InboxItem['kind'] }[] = [
  { reaction: 'replies', tag: 'c', says: 'comment', kind: 'comment' },
  { reaction: 'mentions', tag: 'm', says: 'mention', kind: 'mention' },
  { reaction: 'messages', tag: 'd', says: 'message', kind: 'direct_message' },
];

/**
 * Everything the audience has said to the account by `now`, oldest first: replies to its
 * posts, mentions and direct messages the posts provoked, and answers back to the account's
 * own replies. Computed from the stored items and the instant alone, so every worker
 * process sees the same inbox and an item keeps its id and instant forever.
 */
export function inboxAt(items: StoredItem[], now: number, ctx: InboxContext): InboxItem[] {
  const { accountId, handle, audience } = ctx.account;
  const out: InboxItem[] = [];
  for (const item of items) {
    if (item.kind === 'post') {
      const crowd = ctx.audienceOf(item);
      for (const k of KINDS) {
        crowd.instants(k.reaction, now).forEach((at, i) => {
          const id = `${item.id}.${k.tag}${i + 1}`;
          out.push({
            remoteId: id,
            kind: k.kind,
            inReplyTo: k.kind === 'comment' ? item.id : null,
            author: personFor(accountId, audience.language, id),
            text: say(audience.language, k.says, id, handle),
            createdAt: new Date(at).toISOString(),
            url: k.kind === 'direct_message' ? null : ctx.urlOf(id),
          });
        });
      }
    }
    const back = answerBack(item, audience.speed);
    if (back !== null && item.to && back <= now) {
      const id = `${item.id}.f`;
      const dm = item.kind === 'message';
      out.push({
        remoteId: id,
        kind: dm ? 'direct_message' : 'comment',
        inReplyTo: dm ? null : item.id,
        author: item.to,
        text: say(audience.language, 'answer', id, handle),
        createdAt: new Date(back).toISOString(),
        url: dm ? null : ctx.urlOf(id),
      });
    }
  }
  return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.remoteId.localeCompare(b.remoteId));
}

/** About half the people the account answers write back, 10 to 90 simulated minutes later. */
function answerBack(item: StoredItem, speed: number): number | null {
  if (!item.to || chance(`back:${item.id}`) >= 0.5) return null;
  const minutes = 10 + 80 * chance(`back-delay:${item.id}`);
  return item.publishedAt + Math.ceil((minutes * 60_000) / speed);
}
