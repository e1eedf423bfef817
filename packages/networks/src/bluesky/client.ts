import type {
  AccountInfo,
  ClientOptions,
  InboxItem,
  NetworkClient,
  PostMetrics,
  Published,
} from '../contract';
import { sameText } from '../fingerprint';
import { NetworkError } from '../http/network-error';
import { blueskyCredentials } from './credentials';
import { parseJournal, publishPost, put } from './publish';
import { POST, postUrl, type StrongRef, textRecord } from './records';
import { BlueskySession } from './session';
import { nextTid } from './tid';
import { errorBody, isOk, xrpcError } from './xrpc';

interface RepoRecord {
  uri: string;
  cid: string;
  value: { text?: string; createdAt?: string; reply?: { root: StrongRef; parent: StrongRef } };
}

interface Notification {
  uri: string;
  cid: string;
  reason: string;
  indexedAt: string;
  author: { did: string; handle: string; displayName?: string };
  record: RepoRecord['value'];
}

interface PostView {
  uri: string;
  likeCount?: number;
  repostCount?: number;
  replyCount?: number;
  quoteCount?: number;
  bookmarkCount?: number;
}

/** app.bsky.feed.getPosts takes at most 25 URIs. */
const POSTS_PER_CALL = 25;
const PAGES = 10;

export function createBlueskyClient(options: ClientOptions): NetworkClient {
  const credentials = blueskyCredentials.parse(options.credentials);
  const service = credentials.service ?? options.baseUrl;
  const session = new BlueskySession(options.http, service, credentials, options.onCredentials);

  async function getRecord(repo: string, collection: string, rkey: string): Promise<RepoRecord | null> {
    const response = await session.send({
      nsid: 'com.atproto.repo.getRecord',
      type: 'query',
      params: { repo, collection, rkey },
    });
    if (isOk(response)) return response.json<RepoRecord>();
    if (errorBody(response).error === 'RecordNotFound') return null;
    throw xrpcError(response, 'read a record', session.secrets);
  }

  /**
   * getProfile is served by the AppView behind the PDS; without one (a bare PDS answers 502
   * UpstreamFailure) the profile record in the account's own repository still names it.
   */
  async function displayName(): Promise<string> {
    const response = await session.send({
      nsid: 'app.bsky.actor.getProfile',
      type: 'query',
      params: { actor: session.did },
    });
    if (isOk(response)) return response.json<{ displayName?: string }>().displayName || session.handle;
    if (response.status === 429) throw xrpcError(response, 'read the profile', session.secrets);
    const profile = await getRecord(session.did, 'app.bsky.actor.profile', 'self');
    const name = (profile?.value as { displayName?: unknown } | undefined)?.displayName;
    return typeof name === 'string' && name !== '' ? name : session.handle;
  }

  return {
    async verify(): Promise<AccountInfo> {
      await session.ensure();
      const me = await session.call<{ did: string; handle: string }>(
        { nsid: 'com.atproto.server.getSession', type: 'query' },
        'check the session',
      );
      return { accountId: me.did, handle: me.handle, displayName: await displayName() };
    },

    publish: (request) => publishPost(session, request),

    async findPublished({ text, since, journal }): Promise<Published | null> {
      await session.ensure();
      const { rkey } = parseJournal(journal);
      if (rkey) {
        // The record key was fixed before the first attempt: the post exists under it or nowhere.
        const found = await getRecord(session.did, POST, rkey);
        return found ? { remoteId: found.uri, url: postUrl(session.handle, found.uri) } : null;
      }
      let cursor: string | undefined;
      for (let page = 0; page < PAGES; page++) {
        // listRecords is served by the PDS itself (no AppView), newest record key first.
        const answer = await session.call<{ records: RepoRecord[]; cursor?: string }>(
          {
            nsid: 'com.atproto.repo.listRecords',
            type: 'query',
            params: { repo: session.did, collection: POST, limit: 100, cursor },
          },
          'list recent posts',
        );
        for (const r of answer.records) {
          const created = Date.parse(r.value.createdAt ?? '');
          if (!r.value.reply && created >= since.getTime() && sameText(r.value.text ?? '', text)) {
            return { remoteId: r.uri, url: postUrl(session.handle, r.uri) };
          }
        }
        const oldest = answer.records.at(-1)?.value.createdAt;
        if (!answer.cursor || answer.records.length === 0 || Date.parse(oldest ?? '') < since.getTime())
          break;
        cursor = answer.cursor;
      }
      return null;
    },

    async fetchMetrics(remoteIds: string[]): Promise<PostMetrics[]> {
      const out: PostMetrics[] = [];
      for (let i = 0; i < remoteIds.length; i += POSTS_PER_CALL) {
        const { posts } = await session.call<{ posts: PostView[] }>(
          {
            nsid: 'app.bsky.feed.getPosts',
            type: 'query',
            params: { uris: remoteIds.slice(i, i + POSTS_PER_CALL) },
          },
          'read post counts',
        );
        for (const p of posts) {
          out.push({
            remoteId: p.uri,
            likes: p.likeCount ?? 0,
            comments: p.replyCount ?? 0,
            shares: (p.repostCount ?? 0) + (p.quoteCount ?? 0),
            impressions: null,
            clicks: null,
            raw: {
              likeCount: p.likeCount ?? 0,
              repostCount: p.repostCount ?? 0,
              replyCount: p.replyCount ?? 0,
              quoteCount: p.quoteCount ?? 0,
              bookmarkCount: p.bookmarkCount ?? 0,
            },
          });
        }
      }
      return out;
    },

    async fetchInbox(since: Date | null): Promise<InboxItem[]> {
      const items: InboxItem[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < PAGES; page++) {
        const answer = await session.call<{ notifications: Notification[]; cursor?: string }>(
          {
            nsid: 'app.bsky.notification.listNotifications',
            type: 'query',
            params: { limit: 50, cursor },
          },
          'read notifications',
        );
        let older = false;
        for (const n of answer.notifications) {
          if (since && Date.parse(n.indexedAt) <= since.getTime()) {
            older = true;
            continue;
          }
          if (n.reason !== 'reply' && n.reason !== 'mention') continue;
          items.push({
            remoteId: n.uri,
            kind: n.reason === 'reply' ? 'comment' : 'mention',
            inReplyTo: n.reason === 'reply' ? (n.record.reply?.parent.uri ?? null) : null,
            author: { id: n.author.did, handle: n.author.handle, name: n.author.displayName || null },
            text: n.record.text ?? '',
            createdAt: n.record.createdAt ?? n.indexedAt,
            url: postUrl(n.author.handle, n.uri),
          });
        }
        // Notifications come newest first: once one is older than `since`, the rest are too.
        if (older || !answer.cursor || answer.notifications.length === 0) break;
        cursor = answer.cursor;
      }
      return items;
    },

    async reply(to: InboxItem, text: string): Promise<Published> {
      await session.ensure();
      const [, repo, collection, rkey] = /^at:\/\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(to.remoteId) ?? [];
      const target = repo && collection && rkey ? await getRecord(repo, collection, rkey) : null;
      if (!target) {
        throw new NetworkError('permanent', 'The Bluesky post to answer is not there any more');
      }
      const parent = { uri: target.uri, cid: target.cid };
      const record = await textRecord(session, text, {
        reply: { root: target.value.reply?.root ?? parent, parent },
      });
      const ref = await put(session, { rkey: nextTid(), record }, []);
      return { remoteId: ref.uri, url: postUrl(session.handle, ref.uri) };
    },
  };
}
