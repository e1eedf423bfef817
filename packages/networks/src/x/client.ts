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
import type { HttpRequest } from '../http/http-client';
import { oauthSession } from '../oauth/oauth-session';
import { xCredentials } from './credentials';
import { xError } from './errors';
import { uploadXMedia } from './media';
import { X_DEFAULT_BASE_URL, xOAuth } from './oauth';
import { comparableXText, composeXText, unescapeXText } from './text';

interface Tweet {
  id: string;
  text: string;
  created_at?: string;
  author_id?: string;
  referenced_tweets?: { type: string; id: string }[];
  public_metrics?: Record<string, number>;
  non_public_metrics?: Record<string, number>;
}
interface User {
  id: string;
  username: string;
  name: string;
}

/** Earlier attempts may have started a little before the clock of the journal says. */
const CLOCK_SLACK_MS = 60_000;
const TWEET_FIELDS = 'created_at,author_id,referenced_tweets';

export function createXClient(options: ClientOptions): NetworkClient {
  const session = oauthSession({
    network: 'X',
    options,
    credentials: xCredentials.parse(options.credentials),
    oauth: xOAuth,
    defaultBaseUrl: X_DEFAULT_BASE_URL,
  });
  const base = options.baseUrl.replace(/\/$/, '');

  const call = async (req: Omit<HttpRequest, 'url'> & { path: string }, doing: string) => {
    const { path, ...rest } = req;
    const response = await session.send({ ...rest, url: `${base}${path}` });
    if (response.status >= 400) throw xError(response, doing);
    return response;
  };

  async function me(): Promise<User> {
    return (await call({ method: 'GET', path: '/2/users/me' }, 'check the token')).json<{ data: User }>()
      .data;
  }
  async function userId(): Promise<string> {
    return session.credentials.userId ?? (await me()).id;
  }
  const toPublished = (id: string): Published => ({
    remoteId: id,
    url: session.credentials.username
      ? `https://x.com/${session.credentials.username}/status/${id}`
      : `https://x.com/i/web/status/${id}`,
  });

  async function post(text: string, extra: Record<string, unknown>): Promise<string> {
    const response = await call(
      { method: 'POST', path: '/2/tweets', json: { text, ...extra } },
      'publish the post',
    );
    return response.json<{ data: { id: string } }>().data.id;
  }

  /** The account's posts since an instant (X keeps no idempotency key: this is how a retry looks). */
  async function postsSince(since: Date): Promise<Tweet[]> {
    const start = new Date(since.getTime() - CLOCK_SLACK_MS).toISOString().replace(/\.\d+Z$/, 'Z');
    const response = await call(
      {
        method: 'GET',
        path: `/2/users/${await userId()}/tweets?max_results=100&start_time=${start}&tweet.fields=${TWEET_FIELDS}`,
      },
      'list the account’s posts',
    );
    return response.json<{ data?: Tweet[] }>().data ?? [];
  }

  const matches = (t: Tweet, text: string, parent: string | null) =>
    // A reply's text may start with the @names it answers, which X adds itself.
    sameText(comparableXText(parent ? t.text.replace(/^(@\w+\s+)+/, '') : t.text), comparableXText(text)) &&
    (parent === null
      ? !t.referenced_tweets?.some((r) => r.type === 'replied_to')
      : t.referenced_tweets?.some((r) => r.type === 'replied_to' && r.id === parent) === true);

  return {
    async verify(): Promise<AccountInfo> {
      const user = await me();
      return { accountId: user.id, handle: `@${user.username}`, displayName: user.name };
    },

    async publish(request: PublishRequest): Promise<Published> {
      const journal = request.journal;
      const mediaIds = [...((journal.mediaIds as string[] | undefined) ?? [])];
      for (const file of request.media.slice(mediaIds.length)) {
        mediaIds.push(await uploadXMedia(session, base, file));
        await request.record({ mediaIds });
      }
      // The post, then each reply of the thread and the first comment, as one reply chain.
      const chain = [
        composeXText(request.text, request.link),
        ...(Array.isArray(request.options.thread) ? (request.options.thread as string[]) : []),
        ...(request.firstComment ? [request.firstComment] : []),
      ];
      const tweetIds = [...((journal.tweetIds as string[] | undefined) ?? [])];
      const pending = journal.pending as { index: number; since: string } | null | undefined;
      for (let i = tweetIds.length; i < chain.length; i++) {
        const text = chain[i]!;
        const parent = i === 0 ? null : tweetIds[i - 1]!;
        // A step that was sent but never answered may have been made: look before sending again.
        if (pending?.index === i) {
          const found = (await postsSince(new Date(pending.since))).find((t) => matches(t, text, parent));
          if (found) {
            tweetIds.push(found.id);
            await request.record({ tweetIds, pending: null });
            continue;
          }
        }
        await request.record({ pending: { index: i, since: new Date().toISOString() } });
        const id = await post(text, {
          ...(i === 0 && mediaIds.length > 0 ? { media: { media_ids: mediaIds } } : {}),
          ...(parent ? { reply: { in_reply_to_tweet_id: parent } } : {}),
        });
        tweetIds.push(id);
        await request.record({ tweetIds, pending: null });
      }
      return toPublished(tweetIds[0]!);
    },

    async findPublished({ text, since, journal }): Promise<Published | null> {
      const first = (journal.tweetIds as string[] | undefined)?.[0];
      if (first) {
        const found = await session.send({ method: 'GET', url: `${base}/2/tweets/${first}` });
        if (found.status === 200 && found.json<{ data?: Tweet }>().data) return toPublished(first);
      }
      const match = (await postsSince(since)).find((t) => matches(t, text, null));
      return match ? toPublished(match.id) : null;
    },

    async fetchMetrics(remoteIds: string[]): Promise<PostMetrics[]> {
      const out: PostMetrics[] = [];
      for (let i = 0; i < remoteIds.length; i += 100) {
        const ids = remoteIds.slice(i, i + 100).join(',');
        const response = await call(
          { method: 'GET', path: `/2/tweets?ids=${ids}&tweet.fields=public_metrics,non_public_metrics` },
          'read the posts’ metrics',
        );
        for (const t of response.json<{ data?: Tweet[] }>().data ?? []) {
          const pub = t.public_metrics ?? {};
          const priv = t.non_public_metrics ?? {};
          out.push({
            remoteId: t.id,
            likes: pub.like_count ?? 0,
            comments: pub.reply_count ?? 0,
            // The newest schema renames retweet_count to repost_count.
            shares: (pub.repost_count ?? pub.retweet_count ?? 0) + (pub.quote_count ?? 0),
            impressions: pub.impression_count ?? null,
            clicks: priv.url_link_clicks ?? null,
            raw: { public_metrics: pub, non_public_metrics: priv },
          });
        }
      }
      return out;
    },

    async fetchInbox(since: Date | null): Promise<InboxItem[]> {
      const start = since ? `&start_time=${since.toISOString().replace(/\.\d+Z$/, 'Z')}` : '';
      const response = await call(
        {
          method: 'GET',
          path: `/2/users/${await userId()}/mentions?max_results=100&tweet.fields=${TWEET_FIELDS}&expansions=author_id${start}`,
        },
        'read mentions',
      );
      const body = response.json<{ data?: Tweet[]; includes?: { users?: User[] } }>();
      const users = new Map((body.includes?.users ?? []).map((u) => [u.id, u]));
      return (body.data ?? [])
        .filter((t) => !since || !t.created_at || Date.parse(t.created_at) > since.getTime())
        .map((t) => {
          const author = users.get(t.author_id ?? '');
          const parent = t.referenced_tweets?.find((r) => r.type === 'replied_to')?.id ?? null;
          return {
            remoteId: t.id,
            kind: parent ? ('comment' as const) : ('mention' as const),
            inReplyTo: parent,
            author: {
              id: t.author_id ?? '',
              handle: author ? `@${author.username}` : null,
              name: author?.name ?? null,
            },
            text: unescapeXText(t.text),
            createdAt: t.created_at ?? new Date().toISOString(),
            url: author ? `https://x.com/${author.username}/status/${t.id}` : null,
          };
        });
    },

    async reply(to: InboxItem, text: string): Promise<Published> {
      return toPublished(await post(text, { reply: { in_reply_to_tweet_id: to.remoteId } }));
    },
  };
}
