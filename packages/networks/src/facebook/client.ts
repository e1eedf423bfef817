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
import { GRAPH_VERSION, GraphSession } from '../meta';
import { type FacebookCredentials, facebookCredentials } from './credentials';
import { FACEBOOK_DEFAULT_BASE_URL } from './origin';
import { isPublished, publishVideo, readVideo, type VideoUpload, videoOrigin } from './video';

interface FeedPost {
  id: string;
  message?: string;
  created_time: string;
}

interface Comment {
  id: string;
  message?: string;
  created_time: string;
  from?: { id: string; name?: string };
  permalink_url?: string;
}

interface Paged<T> {
  data: T[];
}

/** The public address of a Page post or comment; `{page}_{post}` ids resolve on facebook.com. */
export const postUrl = (id: string) => `https://www.facebook.com/${id}`;

/** Graph's `created_time` is `2026-11-04T10:00:00+0000`, which not every parser takes. */
export const graphTime = (t: string) => Date.parse(t.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));

// Comments in the inbox are read from this many recent posts (feed reads ≤100 a page).
const INBOX_POSTS = 25;
const RECONCILE_SLACK_MS = 60_000;

export function createFacebookClient(options: ClientOptions): NetworkClient {
  const credentials: FacebookCredentials = facebookCredentials.parse(options.credentials);
  const page = credentials.pageId;

  const graph: GraphSession = new GraphSession({
    http: options.http,
    origin: options.baseUrl,
    versionPath: `/${GRAPH_VERSION}`,
    network: 'Facebook',
    token: () => credentials.accessToken,
    // A Page token has no expiry; if Meta invalidates it, a fresh one is read with the
    // long-lived user token (GET /{page-id}?fields=access_token) while that one lives.
    async renew() {
      const user = credentials.userAccessToken;
      if (!user || (credentials.userTokenExpiresAt ?? Infinity) <= Date.now()) {
        throw new NetworkError(
          'auth_expired',
          'Facebook no longer accepts the Page token and the login behind it has lapsed; reconnect the channel',
        );
      }
      const fresh = await graph
        .plain<{ access_token?: string }>(
          'GET',
          `/${GRAPH_VERSION}/${page}`,
          { fields: 'access_token', access_token: user },
          'renew the Page token',
        )
        .catch((error: unknown) => {
          throw error instanceof NetworkError && error.failure !== 'auth_expired'
            ? error
            : new NetworkError(
                'auth_expired',
                'Facebook no longer accepts this channel; reconnect the channel',
              );
        });
      if (!fresh.access_token) {
        throw new NetworkError(
          'auth_expired',
          'Facebook no longer lets this login manage the Page; reconnect',
        );
      }
      credentials.accessToken = fresh.access_token;
      await options.onCredentials({ ...credentials });
    },
  });

  // The Video API lives on graph-video.facebook.com: the same token, renewed the same way.
  const videoHost = new GraphSession({
    ...graph.options,
    origin: videoOrigin(options.baseUrl, FACEBOOK_DEFAULT_BASE_URL),
    renew: () => graph.renew(),
  });

  async function findOnFeed(text: string, since: number): Promise<string | null> {
    const feed = await graph.get<Paged<FeedPost>>(
      `/${page}/feed`,
      {
        fields: 'id,message,created_time',
        since: Math.floor((since - RECONCILE_SLACK_MS) / 1000),
        limit: 100,
      },
      'list the Page posts',
    );
    const match = feed.data
      .filter(
        (p) => graphTime(p.created_time) >= since - RECONCILE_SLACK_MS && sameText(p.message ?? '', text),
      )
      .sort((a, b) => graphTime(a.created_time) - graphTime(b.created_time))[0];
    return match?.id ?? null;
  }

  /** The post itself: one photo, several unpublished photos attached, or text and a link. */
  async function createPost(request: PublishRequest, message: string): Promise<string> {
    const targeting = {
      targeting: request.options.targeting as object | undefined,
      feed_targeting: request.options.feed_targeting as object | undefined,
    };
    const images = request.media;
    if (images.length === 1) {
      const photo = await graph.post<{ id: string; post_id?: string }>(
        `/${page}/photos`,
        { url: images[0]!.publicUrl, message, published: true, ...targeting },
        'publish the photo',
      );
      return photo.post_id ?? `${page}_${photo.id}`;
    }
    if (images.length > 1) {
      // Unpublished photos are invisible until attached, so re-uploading them is harmless;
      // journalling them only saves the work.
      let photos = request.journal.photos as string[] | undefined;
      if (!photos) {
        photos = [];
        for (const image of images) {
          const uploaded = await graph.post<{ id: string }>(
            `/${page}/photos`,
            { url: image.publicUrl, published: false },
            'upload a photo',
          );
          photos.push(uploaded.id);
        }
        await request.record({ photos });
      }
      const post = await graph.post<{ id: string }>(
        `/${page}/feed`,
        { message, attached_media: photos.map((id) => ({ media_fbid: id })), ...targeting },
        'publish the post',
      );
      return post.id;
    }
    const post = await graph.post<{ id: string }>(
      `/${page}/feed`,
      { message: message || undefined, link: request.link ?? undefined, ...targeting },
      'publish the post',
    );
    return post.id;
  }

  async function commentOnce(request: PublishRequest, postId: string, text: string) {
    if (request.journal.commentId) return;
    if (typeof request.journal.commentAt === 'number') {
      const earlier = await graph.get<Paged<Comment>>(
        `/${postId}/comments`,
        { fields: 'id,message,from,created_time', filter: 'stream', limit: 100 },
        'read the comments',
      );
      const mine = earlier.data.find((c) => c.from?.id === page && sameText(c.message ?? '', text));
      if (mine) return request.record({ commentId: mine.id });
    }
    await request.record({ commentAt: Date.now() });
    const comment = await graph.post<{ id: string }>(
      `/${postId}/comments`,
      { message: text },
      'add the first comment',
    );
    await request.record({ commentId: comment.id });
  }

  return {
    async verify(): Promise<AccountInfo> {
      const me = await graph.get<{ id: string; name: string; username?: string }>(
        `/${page}`,
        { fields: 'id,name,username' },
        'read the Page',
      );
      return { accountId: me.id, handle: me.username ?? null, displayName: me.name };
    },

    // No idempotency on Facebook (DESIGN.md): the moment of each attempt is journalled before
    // the post is sent, and a retry first looks for that text on the Page since then.
    async publish(request: PublishRequest): Promise<Published> {
      const withLink = request.link && request.media.length > 0 && !request.text.includes(request.link);
      const message = withLink ? `${request.text}\n\n${request.link}` : request.text;
      let postId = request.journal.postId as string | undefined;
      const video = request.media.find((m) => m.mimeType.startsWith('video/'));
      if (!postId && video) {
        if (request.media.length > 1)
          throw new NetworkError('permanent', 'Facebook takes one video alone, without photos, in a post');
        postId = await publishVideo({
          graph,
          video: videoHost,
          page,
          file: video,
          request,
          params: {
            description: message || undefined,
            title: typeof request.options.title === 'string' ? request.options.title : undefined,
            targeting: request.options.targeting as object | undefined,
            feed_targeting: request.options.feed_targeting as object | undefined,
          },
        });
        await request.record({ postId });
      }
      if (!postId && typeof request.journal.postAt === 'number') {
        postId = (await findOnFeed(message, request.journal.postAt)) ?? undefined;
        if (postId) await request.record({ postId });
      }
      if (!postId) {
        await request.record({ postAt: Date.now() });
        postId = await createPost(request, message);
        await request.record({ postId });
      }
      if (request.firstComment) await commentOnce(request, postId, request.firstComment);
      return { remoteId: postId, url: postUrl(postId) };
    },

    async findPublished({ text, since, journal }): Promise<Published | null> {
      if (typeof journal.postId === 'string') {
        const post = await graph
          .get<{ id: string }>(`/${journal.postId}`, { fields: 'id' }, 'read the post')
          .catch((error: unknown) => {
            // A post deleted since is no longer there; anything else is worth reporting.
            if (error instanceof NetworkError && error.failure === 'permanent') return null;
            throw error;
          });
        if (post) return { remoteId: post.id, url: postUrl(post.id) };
      }
      const upload = journal.video as VideoUpload | null | undefined;
      if (upload?.id) {
        const state = await readVideo(graph, upload.id);
        if (state && isPublished(state)) {
          const id = state.post_id ?? `${page}_${upload.id}`;
          return { remoteId: id, url: postUrl(id) };
        }
      }
      const from =
        typeof journal.postAt === 'number' ? Math.min(journal.postAt, since.getTime()) : since.getTime();
      const id = await findOnFeed(text, from);
      return id ? { remoteId: id, url: postUrl(id) } : null;
    },

    async fetchMetrics(remoteIds: string[]): Promise<PostMetrics[]> {
      const out: PostMetrics[] = [];
      for (const id of remoteIds) {
        const post = await graph.get<{
          shares?: { count: number };
          reactions?: { summary?: { total_count: number } };
          comments?: { summary?: { total_count: number } };
        }>(
          `/${id}`,
          { fields: 'shares,reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0)' },
          'read the post counts',
        );
        // Since 2025-11-15 post_impressions_unique is post_total_media_view_unique. Insights
        // need pages with enough likes: without them the counts stay, impressions are unknown.
        const insights = await graph
          .get<Paged<{ name: string; values: { value: number }[] }>>(
            `/${id}/insights`,
            { metric: 'post_total_media_view_unique,post_clicks' },
            'read the post insights',
          )
          .catch((error: unknown) => {
            if (error instanceof NetworkError && error.failure === 'permanent') return { data: [] };
            throw error;
          });
        const value = (name: string) => insights.data.find((m) => m.name === name)?.values[0]?.value ?? null;
        out.push({
          remoteId: id,
          likes: post.reactions?.summary?.total_count ?? 0,
          comments: post.comments?.summary?.total_count ?? 0,
          shares: post.shares?.count ?? 0,
          impressions: value('post_total_media_view_unique'),
          clicks: value('post_clicks'),
          raw: { ...post, insights: insights.data },
        });
      }
      return out;
    },

    async fetchInbox(since: Date | null): Promise<InboxItem[]> {
      const feed = await graph.get<Paged<FeedPost>>(
        `/${page}/feed`,
        { fields: 'id,created_time', limit: INBOX_POSTS },
        'list the Page posts',
      );
      const items: InboxItem[] = [];
      for (const post of feed.data) {
        const comments = await graph.get<Paged<Comment>>(
          `/${post.id}/comments`,
          {
            fields: 'id,message,from,created_time,permalink_url',
            filter: 'stream',
            order: 'reverse_chronological',
            limit: 100,
          },
          'read the comments',
        );
        for (const c of comments.data) {
          if (c.from?.id === page) continue;
          if (since && graphTime(c.created_time) <= since.getTime()) continue;
          items.push({
            remoteId: c.id,
            kind: 'comment',
            inReplyTo: post.id,
            author: { id: c.from?.id ?? 'unknown', handle: null, name: c.from?.name ?? null },
            text: c.message ?? '',
            createdAt: new Date(graphTime(c.created_time)).toISOString(),
            url: c.permalink_url ?? null,
          });
        }
      }
      return items;
    },

    async reply(to: InboxItem, text: string): Promise<Published> {
      const comment = await graph.post<{ id: string }>(
        `/${to.remoteId}/comments`,
        { message: text },
        'reply to the comment',
      );
      return { remoteId: comment.id, url: postUrl(comment.id) };
    },
  };
}
