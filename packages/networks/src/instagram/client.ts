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
  GRAPH_VERSION,
  type GraphParams,
  type GraphSession,
  longLivedSession,
  publishOnce,
  settle,
} from '../meta';
import { type InstagramCredentials, instagramCredentials } from './credentials';

interface Media {
  id: string;
  caption?: string;
  timestamp: string;
  permalink?: string;
}

interface Comment {
  id: string;
  text: string;
  timestamp: string;
  username?: string;
  from?: { id: string; username?: string };
}

interface Paged<T> {
  data: T[];
}

const SLACK_MS = 60_000;
const INBOX_MEDIA = 25;
const time = (t: string) => Date.parse(t.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));

/** The caption as published: Instagram does not link URLs, so a link is written out. */
export const captionOf = (r: Pick<PublishRequest, 'text' | 'link'>) =>
  r.link && !r.text.includes(r.link) ? `${r.text}\n\n${r.link}`.trim() : r.text;

export function createInstagramClient(options: ClientOptions): NetworkClient {
  const credentials: InstagramCredentials = instagramCredentials.parse(options.credentials);
  const uid = credentials.userId;
  const graph: GraphSession = longLivedSession({
    options,
    credentials,
    versionPath: `/${GRAPH_VERSION}`,
    network: 'Instagram',
    grantType: 'ig_refresh_token',
  });

  async function username(): Promise<string> {
    if (credentials.username) return credentials.username;
    const me = await graph.get<{ username: string }>('/me', { fields: 'username' }, 'read the account');
    credentials.username = me.username;
    return me.username;
  }

  const status = async (id: string) => {
    const c = await graph.get<{ status_code: ContainerStatus; status?: string }>(
      `/${id}`,
      { fields: 'status_code,status' },
      'check the media container',
    );
    return { status: c.status_code, error: c.status };
  };

  const item = (file: MediaFile, carousel: boolean) =>
    file.mimeType.startsWith('video/')
      ? carousel
        ? { media_type: 'VIDEO', video_url: file.publicUrl, is_carousel_item: true }
        : { media_type: 'REELS', video_url: file.publicUrl, share_to_feed: true }
      : {
          image_url: file.publicUrl,
          alt_text: file.altText,
          ...(carousel ? { is_carousel_item: true } : {}),
        };

  const container = (params: GraphParams) =>
    graph.post<{ id: string }>(`/${uid}/media`, params, 'prepare the media').then((c) => c.id);

  /** 50 posts per rolling 24 h (a carousel is one); the quota answer says where we stand. */
  async function checkQuota() {
    const limit = await graph.get<Paged<{ quota_usage: number; config?: { quota_total: number } }>>(
      `/${uid}/content_publishing_limit`,
      { fields: 'quota_usage,config' },
      'read the publishing quota',
    );
    const entry = limit.data[0];
    const total = entry?.config?.quota_total;
    if (!entry || total === undefined || entry.quota_usage < total) return;
    // The window rolls: a place frees up 24 h after the oldest post still inside it.
    const recent = await graph.get<Paged<Media>>(
      `/${uid}/media`,
      { fields: 'id,timestamp', limit: total },
      'list recent posts',
    );
    const day = 86_400_000;
    const inside = recent.data.map((m) => time(m.timestamp)).filter((t) => t > Date.now() - day);
    throw new NetworkError(
      'rate_limited',
      `Instagram allows ${total} posts a day through its API and this account has used them; Araldo will wait`,
      {
        resetAt: inside.length ? Math.min(...inside) + day : undefined,
        networkCode: 'content_publishing_limit',
      },
    );
  }

  async function findMedia(caption: string, since: number): Promise<Media | null> {
    const recent = await graph.get<Paged<Media>>(
      `/${uid}/media`,
      { fields: 'id,caption,timestamp,permalink', limit: 25 },
      'list recent posts',
    );
    return (
      recent.data
        .filter((m) => time(m.timestamp) >= since - SLACK_MS && sameText(m.caption ?? '', caption))
        .sort((a, b) => time(a.timestamp) - time(b.timestamp))[0] ?? null
    );
  }

  const mainStep = (request: PublishRequest, caption: string): ContainerStep => ({
    async create(entry, save) {
      if (request.media.length === 1) return container({ ...item(request.media[0]!, false), caption });
      if (!entry.children) {
        entry.children = [];
        for (const file of request.media) entry.children.push(await container(item(file, true)));
        await save();
      }
      for (const child of entry.children) {
        const state = await settle('Instagram', child, status);
        if (state.status !== 'FINISHED') {
          delete entry.children;
          await save();
          throw new NetworkError(
            state.status === 'EXPIRED' ? 'transient' : 'permanent',
            `Instagram could not process an item of the carousel${state.error ? `: ${state.error}` : ''}`,
          );
        }
      }
      return container({ media_type: 'CAROUSEL', children: entry.children.join(','), caption });
    },
    status,
    async publish(creationId) {
      await checkQuota();
      const media = await graph.post<{ id: string }>(
        `/${uid}/media_publish`,
        { creation_id: creationId },
        'publish the post',
      );
      return media.id;
    },
    find: async (since) => (await findMedia(caption, since))?.id ?? null,
  });

  async function commentOnce(request: PublishRequest, mediaId: string, text: string) {
    if (request.journal.commentId) return;
    if (typeof request.journal.commentAt === 'number') {
      const me = await username();
      const earlier = await graph.get<Paged<Comment>>(
        `/${mediaId}/comments`,
        { fields: 'id,text,username' },
        'read the comments',
      );
      const mine = earlier.data.find((c) => c.username === me && sameText(c.text, text));
      if (mine) return request.record({ commentId: mine.id });
    }
    await request.record({ commentAt: Date.now() });
    const comment = await graph.post<{ id: string }>(
      `/${mediaId}/comments`,
      { message: text },
      'add the first comment',
    );
    await request.record({ commentId: comment.id });
  }

  const permalink = async (id: string): Promise<Published> => {
    const m = await graph.get<Media>(`/${id}`, { fields: 'id,permalink' }, 'read the post');
    return { remoteId: id, url: m.permalink ?? `https://www.instagram.com/` };
  };

  return {
    async verify(): Promise<AccountInfo> {
      const me = await graph.get<{ id: string; user_id?: string; username: string; name?: string }>(
        '/me',
        { fields: 'user_id,username,name' },
        'read the account',
      );
      return {
        accountId: me.user_id ?? me.id,
        handle: `@${me.username}`,
        displayName: me.name || me.username,
      };
    },

    async publish(request: PublishRequest): Promise<Published> {
      if (request.media.length === 0) {
        throw new NetworkError('permanent', 'Instagram posts need at least one photo or video');
      }
      const mediaId = await publishOnce('Instagram', 'main', mainStep(request, captionOf(request)), request);
      if (request.firstComment) await commentOnce(request, mediaId, request.firstComment);
      return permalink(mediaId);
    },

    async findPublished({ text, since, journal }): Promise<Published | null> {
      const main = (journal.steps as Record<string, { published?: string; containerAt?: number }> | undefined)
        ?.main;
      if (main?.published) return permalink(main.published);
      const from = Math.min(main?.containerAt ?? Infinity, since.getTime());
      const found = await findMedia(text, from);
      return found ? { remoteId: found.id, url: found.permalink ?? 'https://www.instagram.com/' } : null;
    },

    async fetchMetrics(remoteIds: string[]): Promise<PostMetrics[]> {
      const out: PostMetrics[] = [];
      for (const id of remoteIds) {
        const counts = await graph.get<{ like_count?: number; comments_count?: number }>(
          `/${id}`,
          { fields: 'like_count,comments_count' },
          'read the post counts',
        );
        // impressions, plays and video_views were retired on 2025-04-21: views replaces them.
        // A post with no data yet (48 h lag) answers an empty set, not an error.
        const insights = await graph
          .get<Paged<{ name: string; values?: { value: number }[]; total_value?: { value: number } }>>(
            `/${id}/insights`,
            { metric: 'views,reach,likes,comments,shares,saved,total_interactions' },
            'read the post insights',
          )
          .catch((error: unknown) => {
            if (error instanceof NetworkError && error.failure === 'permanent') return { data: [] };
            throw error;
          });
        const value = (name: string) => {
          const m = insights.data.find((x) => x.name === name);
          return m ? (m.total_value?.value ?? m.values?.[0]?.value ?? null) : null;
        };
        out.push({
          remoteId: id,
          likes: counts.like_count ?? value('likes') ?? 0,
          comments: counts.comments_count ?? value('comments') ?? 0,
          shares: value('shares') ?? 0,
          impressions: value('views'),
          clicks: null,
          raw: { ...counts, insights: insights.data },
        });
      }
      return out;
    },

    async fetchInbox(since: Date | null): Promise<InboxItem[]> {
      const me = await username();
      const media = await graph.get<Paged<Media>>(
        `/${uid}/media`,
        { fields: 'id,timestamp,permalink', limit: INBOX_MEDIA },
        'list recent posts',
      );
      const items: InboxItem[] = [];
      for (const m of media.data) {
        const comments = await graph.get<Paged<Comment>>(
          `/${m.id}/comments`,
          { fields: 'id,text,timestamp,username,from' },
          'read the comments',
        );
        for (const c of comments.data) {
          if (c.username === me || (since && time(c.timestamp) <= since.getTime())) continue;
          items.push({
            remoteId: c.id,
            kind: 'comment',
            inReplyTo: m.id,
            author: {
              id: c.from?.id ?? c.username ?? 'unknown',
              handle: c.username ? `@${c.username}` : null,
              name: null,
            },
            text: c.text,
            createdAt: new Date(time(c.timestamp)).toISOString(),
            url: m.permalink ?? null,
          });
        }
      }
      return items;
    },

    async reply(to: InboxItem, text: string): Promise<Published> {
      const reply = await graph.post<{ id: string }>(
        `/${to.remoteId}/replies`,
        { message: text },
        'reply to the comment',
      );
      return { remoteId: reply.id, url: to.url ?? 'https://www.instagram.com/' };
    },
  };
}
