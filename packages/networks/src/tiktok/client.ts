import type {
  AccountInfo,
  ClientOptions,
  Credentials,
  MediaFile,
  NetworkClient,
  PostMetrics,
  Published,
  PublishRequest,
} from '../contract';
import { sameText } from '../fingerprint';
import { NetworkError } from '../http/network-error';
import { type ChunkPlan, chunkPlan, chunkRange } from './chunks';
import { tiktokCredentials } from './credentials';
import { publishFailure, tiktokError } from './errors';
import { tiktokSession } from './session';
import { tiktokCaption } from './text';

/** How often and how long publish waits for TikTok to process a post (a setting, not a constant). */
export const tiktokPolling = { intervalMs: 3000, attempts: 20 };

// Sending a chunk of up to 128 MB takes longer than an API call.
const CHUNK_TIMEOUT_MS = 10 * 60_000;

interface CreatorInfo {
  creator_username: string;
  privacy_level_options: string[];
  comment_disabled: boolean;
  duet_disabled: boolean;
  stitch_disabled: boolean;
  max_video_post_duration_sec: number;
}

interface PublishStatus {
  status: string;
  fail_reason?: string;
  uploaded_bytes?: number;
}

interface ListedVideo {
  id: string;
  title?: string;
  video_description?: string;
  create_time: number;
  share_url?: string;
}

/**
 * status/fetch gives post ids as JSON int64 numbers, beyond what a double holds exactly
 * (TikTok ids have 19 digits), so they are read from the raw text, not from JSON.parse.
 */
export function postIdsFrom(raw: string): string[] {
  const list = /"publicaly_available_post_id"\s*:\s*\[([^\]]*)\]/.exec(raw)?.[1] ?? '';
  return list
    .split(',')
    .map((s) => s.trim().replace(/^"|"$/g, ''))
    .filter((s) => /^\d+$/.test(s));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const bool = (v: unknown) => v === true;

export function createTikTokClient(options: ClientOptions): NetworkClient {
  const base = options.baseUrl.replace(/\/$/, '');
  const session = tiktokSession(options, tiktokCredentials.parse(options.credentials));
  const post = <T>(path: string, json: unknown, doing: string) =>
    session.call<T>({ method: 'POST', url: `${base}${path}`, json }, doing);

  const profileUrl = (username: unknown) =>
    typeof username === 'string' && username
      ? `https://www.tiktok.com/@${username}`
      : 'https://www.tiktok.com/';

  async function status(publishId: string) {
    const { data, raw } = await post<PublishStatus>(
      '/v2/post/publish/status/fetch/',
      { publish_id: publishId },
      'report on the post',
    );
    return { ...data, postIds: postIdsFrom(raw) };
  }

  async function sendChunks(
    uploadUrl: string,
    file: MediaFile,
    bytes: Buffer,
    plan: ChunkPlan,
    from: number,
  ) {
    for (let i = from; i < plan.count; i++) {
      const { first, last } = chunkRange(plan, bytes.length, i);
      const response = await options.http.request({
        method: 'PUT',
        url: uploadUrl,
        body: bytes.subarray(first, last + 1),
        headers: { 'content-type': file.mimeType, 'content-range': `bytes ${first}-${last}/${bytes.length}` },
        timeoutMs: CHUNK_TIMEOUT_MS,
      });
      if (response.status !== 201 && response.status !== 206) throw tiktokError(response, 'take the video');
    }
  }

  function checkCreator(creator: CreatorInfo, request: PublishRequest, video: MediaFile | undefined) {
    const privacy = String(request.options.privacyLevel ?? '');
    if (!creator.privacy_level_options.includes(privacy))
      throw new NetworkError(
        'permanent',
        `This TikTok account cannot post with privacy "${privacy || 'not chosen'}"; it offers ${creator.privacy_level_options.join(', ')}`,
        { networkCode: 'privacy_level_option_mismatch' },
      );
    const max = creator.max_video_post_duration_sec;
    if (video?.durationSeconds !== undefined && max && video.durationSeconds > max)
      throw new NetworkError(
        'permanent',
        `This video lasts ${Math.round(video.durationSeconds)} s; this TikTok account can post at most ${max} s`,
      );
  }

  function postInfo(request: PublishRequest, creator: CreatorInfo, photo: boolean) {
    const o = request.options;
    const caption = tiktokCaption(request.text, request.link);
    return {
      ...(photo
        ? {
            title: typeof o.title === 'string' ? o.title : '',
            description: caption,
            auto_add_music: bool(o.autoAddMusic),
          }
        : {
            title: caption,
            disable_duet: bool(o.disableDuet) || creator.duet_disabled,
            disable_stitch: bool(o.disableStitch) || creator.stitch_disabled,
          }),
      privacy_level: o.privacyLevel,
      // A setting the creator turned off in the app cannot be turned on through the API.
      disable_comment: bool(o.disableComment) || creator.comment_disabled,
      brand_content_toggle: bool(o.brandContent),
      brand_organic_toggle: bool(o.brandOrganic),
      ...(typeof o.videoCoverTimestampMs === 'number' && !photo
        ? { video_cover_timestamp_ms: o.videoCoverTimestampMs }
        : {}),
    };
  }

  /** Inits the post and journals its publish_id before any byte or URL is handed over. */
  async function start(request: PublishRequest, video: MediaFile | undefined, photos: MediaFile[]) {
    const { data: creator } = await post<CreatorInfo>(
      '/v2/post/publish/creator_info/query/',
      {},
      'describe the account',
    );
    checkCreator(creator, request, video);
    if (!video) {
      const { data } = await post<{ publish_id: string }>(
        '/v2/post/publish/content/init/',
        {
          media_type: 'PHOTO',
          post_mode: 'DIRECT_POST',
          post_info: postInfo(request, creator, true),
          // Photos are pulled by TikTok from a URL on a domain verified for the app.
          source_info: {
            source: 'PULL_FROM_URL',
            photo_cover_index: 0,
            photo_images: photos.map((p) => p.publicUrl),
          },
        },
        'start the photo post',
      );
      await request.record({ publishId: data.publish_id, username: creator.creator_username });
      return data.publish_id;
    }
    const bytes = await video.read();
    const plan = chunkPlan(bytes.length);
    const { data } = await post<{ publish_id: string; upload_url: string }>(
      '/v2/post/publish/video/init/',
      {
        post_info: postInfo(request, creator, false),
        source_info: {
          source: 'FILE_UPLOAD',
          video_size: bytes.length,
          chunk_size: plan.chunkSize,
          total_chunk_count: plan.count,
        },
      },
      'start the video post',
    );
    await request.record({
      publishId: data.publish_id,
      uploadUrl: data.upload_url,
      username: creator.creator_username,
    });
    await sendChunks(data.upload_url, video, bytes, plan, 0);
    return data.publish_id;
  }

  /** A journalled post whose upload was cut: continue from the chunk TikTok is waiting for. */
  async function resume(request: PublishRequest, publishId: string, video: MediaFile | undefined) {
    const s = await status(publishId);
    if (s.status !== 'PROCESSING_UPLOAD' || !video || typeof request.journal.uploadUrl !== 'string') return;
    const bytes = await video.read();
    const uploaded = s.uploaded_bytes ?? 0;
    if (uploaded >= bytes.length) return;
    const plan = chunkPlan(bytes.length);
    await sendChunks(
      request.journal.uploadUrl,
      video,
      bytes,
      plan,
      Math.min(Math.floor(uploaded / plan.chunkSize), plan.count - 1),
    );
  }

  async function waitForPublish(
    request: PublishRequest,
    publishId: string,
    photo: boolean,
  ): Promise<Published> {
    for (let i = 0; i < tiktokPolling.attempts; i++) {
      const s = await status(publishId);
      if (s.status === 'PUBLISH_COMPLETE') {
        const id = s.postIds[0];
        // Private posts, and public ones still in moderation, have no public id yet.
        const url = id
          ? `${profileUrl(request.journal.username)}/${photo ? 'photo' : 'video'}/${id}`
          : profileUrl(request.journal.username);
        return { remoteId: id ?? publishId, url };
      }
      if (s.status === 'FAILED') {
        // A failed post was not published: a later attempt may start a new one.
        await request.record({ publishId: null, uploadUrl: null });
        throw publishFailure(s.fail_reason ?? 'unknown');
      }
      await sleep(tiktokPolling.intervalMs);
    }
    throw new NetworkError(
      'transient',
      'TikTok is still processing the post; Araldo will check on it again',
      {
        mayHaveSucceeded: true,
      },
    );
  }

  return {
    async verify(): Promise<AccountInfo> {
      const { data } = await session.call<{
        user: { open_id: string; display_name?: string; username?: string };
      }>(
        { method: 'GET', url: `${base}/v2/user/info/?fields=open_id,display_name,username` },
        'read the account',
      );
      return {
        accountId: data.user.open_id,
        handle: data.user.username ? `@${data.user.username}` : null,
        displayName: data.user.display_name ?? data.user.username ?? data.user.open_id,
      };
    },

    async publish(request: PublishRequest): Promise<Published> {
      const video = request.media.find((m) => m.mimeType.startsWith('video/'));
      const photos = request.media.filter((m) => m.mimeType.startsWith('image/'));
      if (!video && photos.length === 0)
        throw new NetworkError('permanent', 'A TikTok post needs a video or photos');
      let publishId = typeof request.journal.publishId === 'string' ? request.journal.publishId : null;
      // Never init twice: a journalled publish_id is followed to its end.
      if (publishId) await resume(request, publishId, video);
      else publishId = await start(request, video, photos);
      return waitForPublish(request, publishId, !video);
    },

    async findPublished({ text, since, journal }): Promise<Published | null> {
      if (typeof journal.publishId === 'string') {
        const s = await status(journal.publishId);
        if (s.status !== 'PUBLISH_COMPLETE') return null;
        const id = s.postIds[0];
        return {
          remoteId: id ?? journal.publishId,
          url: `${profileUrl(journal.username)}${id ? `/video/${id}` : ''}`,
        };
      }
      const { data } = await post<{ videos?: ListedVideo[] }>(
        '/v2/video/list/?fields=id,title,video_description,create_time,share_url',
        { max_count: 20 },
        'list posts',
      );
      const match = data.videos?.find(
        (v) =>
          v.create_time * 1000 >= since.getTime() - 60_000 &&
          sameText(v.video_description ?? v.title ?? '', text),
      );
      return match ? { remoteId: match.id, url: match.share_url ?? profileUrl(null) } : null;
    },

    async fetchMetrics(remoteIds: string[]): Promise<PostMetrics[]> {
      // A post published without a public id is known by its publish_id until moderation ends.
      const ids = new Map<string, string>();
      for (const remoteId of remoteIds) {
        if (/^\d+$/.test(remoteId)) ids.set(remoteId, remoteId);
        else {
          const id = (await status(remoteId)).postIds[0];
          if (id) ids.set(id, remoteId);
        }
      }
      const out: PostMetrics[] = [];
      const all = [...ids.keys()];
      // video/query takes at most 20 ids.
      for (let i = 0; i < all.length; i += 20) {
        const { data } = await post<{ videos?: Record<string, number | string>[] }>(
          '/v2/video/query/?fields=id,like_count,comment_count,share_count,view_count',
          { filters: { video_ids: all.slice(i, i + 20) } },
          'read post statistics',
        );
        for (const v of data.videos ?? []) {
          out.push({
            remoteId: ids.get(String(v.id)) ?? String(v.id),
            likes: Number(v.like_count ?? 0),
            comments: Number(v.comment_count ?? 0),
            shares: Number(v.share_count ?? 0),
            impressions: null,
            clicks: null,
            raw: { ...v },
          });
        }
      }
      return out;
    },

    // The Content Posting and Display APIs expose no comments, mentions or messages.
    async fetchInbox() {
      return [];
    },
    async reply(): Promise<Published> {
      throw new NetworkError('permanent', 'Replying is not supported by TikTok');
    },
  };
}

export async function tiktokOpenId(
  context: Omit<ClientOptions, 'stateDir' | 'onCredentials'> & { credentials: Credentials },
) {
  const client = createTikTokClient({ ...context, stateDir: '', onCredentials: async () => {} });
  return (await client.verify()).accountId;
}
