import type {
  AccountInfo,
  ClientOptions,
  InboxItem,
  MediaFile,
  NetworkClient,
  PostMetrics,
  Published,
  PublishRequest,
} from '../contract';
import { sameText } from '../fingerprint';
import { NetworkError } from '../http/network-error';
import {
  type ContainerStatus,
  type ContainerStep,
  type GraphParams,
  type GraphSession,
  longLivedSession,
  publishOnce,
  settle,
} from '../meta';
import { THREADS_VERSION } from './connect';
import { type ThreadsCredentials, threadsCredentials } from './credentials';

interface Post {
  id: string;
  text?: string;
  timestamp: string;
  permalink?: string;
  username?: string;
}

interface Paged<T> {
  data: T[];
}

const SLACK_MS = 60_000;
const INBOX_POSTS = 25;
const time = (t: string) => Date.parse(t.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));

/** The thread items after the post, from `options.thread` (an array of texts). */
export const threadOf = (options: Record<string, unknown>): string[] =>
  Array.isArray(options.thread) ? options.thread.filter((t): t is string => typeof t === 'string') : [];

/** With media the link is written into the text; alone, it becomes the post's link attachment. */
export function mainText(r: { text: string; link: string | null; media: readonly unknown[] }) {
  if (!r.link || r.text.includes(r.link)) return { text: r.text, attachment: null };
  return r.media.length > 0
    ? { text: `${r.text}\n\n${r.link}`.trim(), attachment: null }
    : { text: r.text, attachment: r.link };
}

export function createThreadsClient(options: ClientOptions): NetworkClient {
  const credentials: ThreadsCredentials = threadsCredentials.parse(options.credentials);
  const uid = credentials.userId;
  const graph: GraphSession = longLivedSession({
    options,
    credentials,
    versionPath: `/${THREADS_VERSION}`,
    network: 'Threads',
    grantType: 'th_refresh_token',
  });

  async function username(): Promise<string> {
    if (credentials.username) return credentials.username;
    const me = await graph.get<{ username: string }>('/me', { fields: 'username' }, 'read the profile');
    credentials.username = me.username;
    return me.username;
  }

  const status = async (id: string) => {
    const c = await graph.get<{ status: ContainerStatus; error_message?: string }>(
      `/${id}`,
      { fields: 'status,error_message' },
      'check the media container',
    );
    return { status: c.status, error: c.error_message };
  };

  const container = (params: GraphParams) =>
    graph.post<{ id: string }>(`/${uid}/threads`, params, 'prepare the post').then((c) => c.id);

  const item = (file: MediaFile, carousel: boolean): GraphParams =>
    file.mimeType.startsWith('video/')
      ? { media_type: 'VIDEO', video_url: file.publicUrl, ...(carousel ? { is_carousel_item: true } : {}) }
      : {
          media_type: 'IMAGE',
          image_url: file.publicUrl,
          alt_text: file.altText,
          ...(carousel ? { is_carousel_item: true } : {}),
        };

  /** 250 posts and 1,000 replies per rolling 24 h (threads_publishing_limit). */
  async function checkQuota(reply: boolean) {
    type Quota = { quota_total: number };
    const limit = await graph.get<
      Paged<{ quota_usage?: number; config?: Quota; reply_quota_usage?: number; reply_config?: Quota }>
    >(
      `/${uid}/threads_publishing_limit`,
      { fields: 'quota_usage,config,reply_quota_usage,reply_config' },
      'read the publishing quota',
    );
    const q = limit.data[0];
    const used = reply ? q?.reply_quota_usage : q?.quota_usage;
    const total = reply ? q?.reply_config?.quota_total : q?.config?.quota_total;
    if (used !== undefined && total !== undefined && used >= total) {
      throw new NetworkError(
        'rate_limited',
        `Threads allows ${total} ${reply ? 'replies' : 'posts'} a day through its API and this profile has used them; Araldo will wait`,
        { networkCode: 'threads_publishing_limit' },
      );
    }
  }

  async function find(edge: 'threads' | 'replies', text: string, since: number): Promise<Post | null> {
    const recent = await graph.get<Paged<Post>>(
      `/${uid}/${edge}`,
      { fields: 'id,text,timestamp,permalink', limit: 50 },
      'list recent posts',
    );
    return (
      recent.data
        .filter((p) => time(p.timestamp) >= since - SLACK_MS && sameText(p.text ?? '', text))
        .sort((a, b) => time(a.timestamp) - time(b.timestamp))[0] ?? null
    );
  }

  const step = (o: { text: string; replyTo?: string; create: ContainerStep['create'] }): ContainerStep => ({
    create: o.create,
    status,
    async publish(creationId) {
      await checkQuota(o.replyTo !== undefined);
      const post = await graph.post<{ id: string }>(
        `/${uid}/threads_publish`,
        { creation_id: creationId },
        'publish the post',
      );
      return post.id;
    },
    find: async (since) => (await find(o.replyTo ? 'replies' : 'threads', o.text, since))?.id ?? null,
  });

  const replyStep = (text: string, replyTo: string) =>
    step({ text, replyTo, create: () => container({ media_type: 'TEXT', text, reply_to_id: replyTo }) });

  const mainStep = (request: PublishRequest): ContainerStep => {
    const { text, attachment } = mainText(request);
    return step({
      text,
      async create(entry, save) {
        if (request.media.length === 0)
          return container({ media_type: 'TEXT', text, link_attachment: attachment });
        if (request.media.length === 1) return container({ ...item(request.media[0]!, false), text });
        if (!entry.children) {
          entry.children = [];
          for (const file of request.media) entry.children.push(await container(item(file, true)));
          await save();
        }
        for (const child of entry.children) {
          const state = await settle('Threads', child, status);
          if (state.status !== 'FINISHED') {
            delete entry.children;
            await save();
            throw new NetworkError(
              state.status === 'EXPIRED' ? 'transient' : 'permanent',
              `Threads could not process an item of the carousel${state.error ? `: ${state.error}` : ''}`,
            );
          }
        }
        return container({ media_type: 'CAROUSEL', children: entry.children.join(','), text });
      },
    });
  };

  const permalink = async (id: string): Promise<Published> => {
    const p = await graph.get<Post>(`/${id}`, { fields: 'id,permalink' }, 'read the post');
    return { remoteId: id, url: p.permalink ?? 'https://www.threads.com/' };
  };

  return {
    async verify(): Promise<AccountInfo> {
      const me = await graph.get<{ id: string; username: string; name?: string }>(
        '/me',
        { fields: 'id,username,name' },
        'read the profile',
      );
      return { accountId: me.id, handle: `@${me.username}`, displayName: me.name || me.username };
    },

    // Each item — the post, every reply of the thread, the first comment — is its own
    // container, journalled under its own key, so a retry resumes at the item it stopped at.
    async publish(request: PublishRequest): Promise<Published> {
      const main = await publishOnce('Threads', 'main', mainStep(request), request);
      let parent = main;
      for (const [i, text] of threadOf(request.options).entries()) {
        parent = await publishOnce('Threads', `thread.${i}`, replyStep(text, parent), request);
      }
      if (request.firstComment) {
        await publishOnce('Threads', 'comment', replyStep(request.firstComment, main), request);
      }
      return permalink(main);
    },

    async findPublished({ text, since, journal }): Promise<Published | null> {
      const main = (journal.steps as Record<string, { published?: string; containerAt?: number }> | undefined)
        ?.main;
      if (main?.published) return permalink(main.published);
      const found = await find('threads', text, Math.min(main?.containerAt ?? Infinity, since.getTime()));
      return found ? { remoteId: found.id, url: found.permalink ?? 'https://www.threads.com/' } : null;
    },

    async fetchMetrics(remoteIds: string[]): Promise<PostMetrics[]> {
      const out: PostMetrics[] = [];
      for (const id of remoteIds) {
        const insights = await graph.get<Paged<{ name: string; values?: { value: number }[] }>>(
          `/${id}/insights`,
          { metric: 'views,likes,replies,reposts,quotes,shares' },
          'read the post insights',
        );
        const value = (name: string) => insights.data.find((m) => m.name === name)?.values?.[0]?.value ?? 0;
        out.push({
          remoteId: id,
          likes: value('likes'),
          comments: value('replies'),
          shares: value('reposts') + value('quotes') + value('shares'),
          impressions: value('views'),
          clicks: null,
          raw: { insights: insights.data },
        });
      }
      return out;
    },

    async fetchInbox(since: Date | null): Promise<InboxItem[]> {
      const me = await username();
      const posts = await graph.get<Paged<Post>>(
        `/${uid}/threads`,
        { fields: 'id,timestamp,permalink', limit: INBOX_POSTS },
        'list recent posts',
      );
      const items: InboxItem[] = [];
      for (const post of posts.data) {
        const replies = await graph.get<Paged<Post>>(
          `/${post.id}/replies`,
          { fields: 'id,text,username,timestamp,permalink' },
          'read the replies',
        );
        for (const r of replies.data) {
          if (r.username === me || (since && time(r.timestamp) <= since.getTime())) continue;
          items.push({
            remoteId: r.id,
            kind: 'comment',
            inReplyTo: post.id,
            author: { id: r.username ?? 'unknown', handle: r.username ? `@${r.username}` : null, name: null },
            text: r.text ?? '',
            createdAt: new Date(time(r.timestamp)).toISOString(),
            url: r.permalink ?? null,
          });
        }
      }
      return items;
    },

    async reply(to: InboxItem, text: string): Promise<Published> {
      const journal: Record<string, unknown> = {};
      const record = async (entries: Record<string, unknown>) => {
        Object.assign(journal, entries);
      };
      const id = await publishOnce('Threads', 'reply', replyStep(text, to.remoteId), { journal, record });
      return permalink(id);
    },
  };
}
