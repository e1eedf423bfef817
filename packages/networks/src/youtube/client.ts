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
import { youtubeCredentials } from './credentials';
import { YOUTUBE_BASE_URL, youtubeOAuth } from './oauth';
import { youtubeSession } from './session';
import { youtubeDescription } from './text';
import { uploadState, uploadVideo, type VideoResource } from './upload';

const watchUrl = (id: string) => `https://www.youtube.com/watch?v=${id}`;
const published = (id: string): Published => ({ remoteId: id, url: watchUrl(id) });

interface CommentSnippet {
  authorDisplayName?: string;
  authorChannelId?: { value?: string };
  textOriginal?: string;
  textDisplay?: string;
  publishedAt: string;
  videoId?: string;
}

export function createYouTubeClient(options: ClientOptions): NetworkClient {
  const base = options.baseUrl.replace(/\/$/, '');
  const api = `${base}/youtube/v3`;
  const session = youtubeSession(
    options,
    youtubeCredentials.parse(options.credentials),
    youtubeOAuth,
    YOUTUBE_BASE_URL,
  );
  const get = async <T>(path: string, doing: string) =>
    (await session.call({ method: 'GET', url: `${api}${path}` }, doing)).json<T>();
  const post = async <T>(path: string, json: unknown, doing: string) =>
    (await session.call({ method: 'POST', url: `${api}${path}`, json }, doing)).json<T>();

  async function channel() {
    const found = await get<{
      items?: {
        id: string;
        snippet: { title: string; customUrl?: string };
        contentDetails: { relatedPlaylists: { uploads: string } };
      }[];
    }>('/channels?part=snippet,contentDetails&mine=true', 'read the channel');
    const first = found.items?.[0];
    if (!first)
      throw new NetworkError(
        'permanent',
        'This Google account has no YouTube channel; create one, then reconnect',
      );
    session.remember({
      channelId: first.id,
      uploadsPlaylistId: first.contentDetails.relatedPlaylists.uploads,
    });
    return first;
  }
  const channelId = async () => session.credentials.channelId ?? (await channel()).id;
  const uploadsPlaylist = async () =>
    session.credentials.uploadsPlaylistId ?? (await channel()).contentDetails.relatedPlaylists.uploads;

  function metadata(request: PublishRequest) {
    const o = request.options;
    const publishAt = typeof o.publishAt === 'string' ? o.publishAt : undefined;
    return {
      snippet: {
        title: String(o.title ?? ''),
        description: youtubeDescription(request.text, request.link),
        ...(Array.isArray(o.tags) ? { tags: o.tags.map(String) } : {}),
        ...(typeof o.categoryId === 'string' ? { categoryId: o.categoryId } : {}),
      },
      status: {
        // A scheduled release must be private until publishAt (videos resource docs).
        privacyStatus: publishAt
          ? 'private'
          : typeof o.privacyStatus === 'string'
            ? o.privacyStatus
            : 'public',
        ...(publishAt ? { publishAt } : {}),
        ...(typeof o.madeForKids === 'boolean' ? { selfDeclaredMadeForKids: o.madeForKids } : {}),
      },
    };
  }

  return {
    async verify(): Promise<AccountInfo> {
      const c = await channel();
      return { accountId: c.id, handle: c.snippet.customUrl ?? null, displayName: c.snippet.title };
    },

    async publish(request: PublishRequest): Promise<Published> {
      const video = request.media.find((m) => m.mimeType.startsWith('video/'));
      if (!video) throw new NetworkError('permanent', 'A YouTube post needs a video');
      let videoId = typeof request.journal.videoId === 'string' ? request.journal.videoId : null;
      if (!videoId) {
        videoId = (await uploadVideo(session, base, video, metadata(request), request)).id;
        await request.record({ videoId });
      }
      if (request.firstComment && typeof request.journal.commentId !== 'string') {
        const thread = await post<{ id: string }>(
          '/commentThreads?part=snippet',
          {
            snippet: {
              channelId: await channelId(),
              videoId,
              topLevelComment: { snippet: { textOriginal: request.firstComment } },
            },
          },
          'add the first comment',
        );
        await request.record({ commentId: thread.id });
      }
      return published(videoId);
    },

    async findPublished({ text, since, journal }): Promise<Published | null> {
      if (typeof journal.videoId === 'string') return published(journal.videoId);
      if (typeof journal.uploadUri === 'string' && typeof journal.uploadBytes === 'number') {
        const state = await uploadState(session, journal.uploadUri, journal.uploadBytes);
        if (state.kind === 'done') return published(state.video.id);
      }
      // Every upload lands in the channel's uploads playlist (channels.contentDetails).
      const list = await get<{
        items?: { snippet: { publishedAt: string; description: string; resourceId: { videoId: string } } }[];
      }>(`/playlistItems?part=snippet&maxResults=50&playlistId=${await uploadsPlaylist()}`, 'list uploads');
      const match = list.items?.find(
        (i) =>
          Date.parse(i.snippet.publishedAt) >= since.getTime() - 60_000 &&
          sameText(i.snippet.description, text),
      );
      return match ? published(match.snippet.resourceId.videoId) : null;
    },

    async fetchMetrics(remoteIds: string[]): Promise<PostMetrics[]> {
      const out: PostMetrics[] = [];
      // videos.list takes up to 50 ids per call, at 1 quota unit.
      for (let i = 0; i < remoteIds.length; i += 50) {
        const ids = remoteIds.slice(i, i + 50);
        const found = await get<{ items?: (VideoResource & { statistics?: Record<string, string> })[] }>(
          `/videos?part=statistics&id=${ids.map(encodeURIComponent).join(',')}`,
          'read video statistics',
        );
        for (const v of found.items ?? []) {
          const s = v.statistics ?? {};
          out.push({
            remoteId: v.id,
            likes: Number(s.likeCount ?? 0),
            comments: Number(s.commentCount ?? 0),
            // The Data API counts no shares; YouTube Analytics does.
            shares: 0,
            impressions: null,
            clicks: null,
            raw: { ...s },
          });
        }
      }
      return out;
    },

    async fetchInbox(since: Date | null): Promise<InboxItem[]> {
      const me = await channelId();
      const threads = await get<{
        items?: { snippet: { videoId?: string; topLevelComment: { id: string; snippet: CommentSnippet } } }[];
      }>(
        `/commentThreads?part=snippet&order=time&maxResults=100&textFormat=plainText&allThreadsRelatedToChannelId=${me}`,
        'read comments',
      );
      return (threads.items ?? [])
        .map((t) => ({ videoId: t.snippet.videoId ?? null, c: t.snippet.topLevelComment }))
        .filter(
          ({ c }) =>
            c.snippet.authorChannelId?.value !== me &&
            (!since || Date.parse(c.snippet.publishedAt) > since.getTime()),
        )
        .map(({ videoId, c }) => ({
          remoteId: c.id,
          kind: 'comment' as const,
          inReplyTo: videoId,
          author: {
            id: c.snippet.authorChannelId?.value ?? '',
            handle: null,
            name: c.snippet.authorDisplayName ?? null,
          },
          text: c.snippet.textOriginal ?? c.snippet.textDisplay ?? '',
          createdAt: c.snippet.publishedAt,
          url: videoId ? `${watchUrl(videoId)}&lc=${c.id}` : null,
        }));
    },

    async reply(to: InboxItem, text: string): Promise<Published> {
      const comment = await post<{ id: string }>(
        '/comments?part=snippet',
        { snippet: { parentId: to.remoteId, textOriginal: text } },
        'reply to the comment',
      );
      return {
        remoteId: comment.id,
        url: to.inReplyTo ? `${watchUrl(to.inReplyTo)}&lc=${comment.id}` : 'https://www.youtube.com/',
      };
    },
  };
}
