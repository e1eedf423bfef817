import { createHash } from 'node:crypto';
import type {
  AccountInfo,
  ClientOptions,
  InboxItem,
  NetworkClient,
  PostMetrics,
  Published,
  PublishRequest,
} from '../contract';
import { sameText } from '../fingerprint';
import { NetworkError } from '../http/network-error';
import { followersFrom, ItemAudience } from './audience';
import { sandboxCredentials } from './credentials';
import { inboxAt } from './inbox';
import { measureSandbox, threadOf, validateSandbox } from './rules';
import { SandboxStore, type StoredItem } from './store';

/** Epoch ms. Tests pass their own clock; the descriptor's client reads the real one. */
export type Clock = () => number;

export function createSandboxClient(options: ClientOptions, now: Clock = Date.now): NetworkClient {
  const account = sandboxCredentials.parse(options.credentials);
  const store = new SandboxStore(options.stateDir, account.accountId);
  const host = account.handle.replace(/^@/, '');
  const urlOf = (id: string) => `sandbox://${host}/posts/${id}`;
  const idFor = (key: string) =>
    createHash('sha256').update(`${account.accountId}:${key}`).digest('hex').slice(0, 24);
  const toPublished = (item: StoredItem): Published => ({ remoteId: item.id, url: urlOf(item.id) });

  // Items never change once written, so neither does their audience: build each curve once.
  const audiences = new Map<string, ItemAudience>();
  const audienceOf = (item: StoredItem) => {
    const known = audiences.get(item.id);
    if (known) return known;
    const a = new ItemAudience(item, account.audience);
    audiences.set(item.id, a);
    return a;
  };
  const inbox = async (at: number) => inboxAt(await store.list(), at, { account, audienceOf, urlOf });

  const refuse = (what: string, problems: { code: string; message: string }[]) => {
    if (problems.length > 0) {
      throw new NetworkError(
        'permanent',
        `The sandbox refused ${what}: ${problems.map((p) => p.message).join('; ')}`,
        {
          networkCode: problems[0]!.code,
        },
      );
    }
  };

  return {
    async verify(): Promise<AccountInfo> {
      return { accountId: account.accountId, handle: account.handle, displayName: account.displayName };
    },

    async publish(request: PublishRequest): Promise<Published> {
      refuse('the post', validateSandbox(request));
      // The id is a hash of the delivery, so a retry (or a second worker publishing the
      // same delivery) lands on the same file, and the store keeps the first one written.
      const postId = idFor(`post:${request.deliveryId}`);
      if (request.journal.postId !== postId) await request.record({ postId });
      const media = request.media.map((m) => ({
        mimeType: m.mimeType,
        sizeBytes: m.sizeBytes,
        altText: m.altText ?? null,
      }));
      const base = { to: null, deliveryId: request.deliveryId };
      const main = await store.create({
        ...base,
        id: postId,
        kind: 'post',
        text: request.text,
        link: request.link,
        media,
        inReplyTo: null,
        publishedAt: now(),
      });
      // Thread and first comment hang from the post in order, each with an id of its own.
      const replies = [
        ...threadOf(request.options).map(String),
        ...(request.firstComment ? [request.firstComment] : []),
      ];
      let parent = main.id;
      for (const [i, text] of replies.entries()) {
        const reply = await store.create({
          ...base,
          id: idFor(`post:${request.deliveryId}:${i + 1}`),
          kind: 'reply',
          text,
          link: null,
          media: [],
          inReplyTo: parent,
          publishedAt: now(),
        });
        parent = reply.id;
      }
      return toPublished(main);
    },

    async findPublished({ text, since, journal }): Promise<Published | null> {
      const journalled = typeof journal.postId === 'string' ? await store.read(journal.postId) : null;
      if (journalled) return toPublished(journalled);
      const match = (await store.list()).find(
        (item) =>
          item.kind === 'post' && item.publishedAt >= since.getTime() - 60_000 && sameText(item.text, text),
      );
      return match ? toPublished(match) : null;
    },

    async fetchMetrics(remoteIds: string[]): Promise<PostMetrics[]> {
      const at = now();
      const items = await store.list();
      const followers =
        account.audience.size + items.reduce((n, item) => n + followersFrom(audienceOf(item), at), 0);
      const out: PostMetrics[] = [];
      for (const id of remoteIds) {
        // An item removed from the state folder by hand has no metrics left to report.
        const item = await store.read(id);
        if (!item) continue;
        const a = audienceOf(item);
        const audienceReplies = a.instants('replies', at).length;
        const ownReplies = items.filter(
          (o) => o.kind === 'reply' && o.publishedAt <= at && o.inReplyTo?.startsWith(item.id),
        ).length;
        const reposts = a.count('reposts', at);
        out.push({
          remoteId: id,
          likes: a.count('likes', at),
          comments: audienceReplies + ownReplies,
          shares: reposts,
          impressions: a.count('impressions', at),
          clicks: a.count('clicks', at),
          raw: {
            reposts,
            audienceReplies,
            ownReplies,
            newFollowers: followersFrom(a, at),
            followers,
            simulatedMinutes: Math.floor(a.age(at) / 60_000),
          },
        });
      }
      return out;
    },

    async fetchInbox(since: Date | null): Promise<InboxItem[]> {
      const items = await inbox(now());
      return since ? items.filter((i) => Date.parse(i.createdAt) > since.getTime()) : items;
    },

    async reply(to: InboxItem, text: string): Promise<Published> {
      const m = measureSandbox(text);
      refuse('the reply', [
        ...(text.trim() === '' ? [{ code: 'empty', message: 'the reply is empty' }] : []),
        ...(m.fits
          ? []
          : [
              {
                code: 'text_too_long',
                message: `the reply is ${m.length} characters; the limit is ${m.limit}`,
              },
            ]),
      ]);
      const at = now();
      const original = (await inbox(at)).find((i) => i.remoteId === to.remoteId);
      if (!original) {
        throw new NetworkError('permanent', 'The sandbox has no such message to answer', {
          networkCode: 'not_found',
        });
      }
      // Answering the same message with the same words twice (a retried reply) stores one answer.
      const answer = await store.create({
        id: idFor(`reply:${original.remoteId}:${text}`),
        kind: original.kind === 'direct_message' ? 'message' : 'reply',
        text,
        link: null,
        media: [],
        inReplyTo: original.remoteId,
        to: original.author,
        deliveryId: null,
        publishedAt: at,
      });
      return toPublished(answer);
    },
  };
}
