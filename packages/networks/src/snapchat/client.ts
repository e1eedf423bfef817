import type {
  AccountInfo,
  ClientOptions,
  Credentials,
  NetworkClient,
  PostMetrics,
  Published,
  PublishRequest,
} from '../contract';
import { sameText } from '../fingerprint';
import { NetworkError } from '../http/network-error';
import { snapchatCredentials } from './credentials';
import { uploadMedia } from './media';
import { snapchatSession } from './session';
import { type SnapKind, snapchatDescription, snapKind } from './text';

/** How often and how long a post waits while Snapchat still processes fresh media (a setting). */
export const snapchatPolling = { intervalMs: 2000, attempts: 5 };

// A media object can be posted for 24 hours after its creation (Profile Asset Management).
const MEDIA_LIFETIME_MS = 24 * 3600_000;
const ASSET_TYPE: Record<SnapKind, string> = {
  story: 'STORY',
  saved_story: 'SAVED_STORY',
  spotlight: 'SPOTLIGHT',
};

interface Profile {
  id: string;
  display_name?: string;
  snap_user_name?: string;
}
interface Spotlight {
  id: string;
  status?: string;
  description?: string;
  media_id?: string;
  created_at?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Finds `{id, stats:{…}}` objects wherever the stats answer nests them (its shape is not documented in full). */
function statsById(node: unknown, out = new Map<string, Record<string, number>>()) {
  if (Array.isArray(node)) for (const n of node) statsById(n, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.id === 'string' && o.stats && typeof o.stats === 'object')
      out.set(o.id, o.stats as Record<string, number>);
    else for (const v of Object.values(o)) statsById(v, out);
  }
  return out;
}
const sum = (stats: Record<string, number>, pattern: RegExp) =>
  Object.entries(stats).reduce((n, [k, v]) => (pattern.test(k) && typeof v === 'number' ? n + v : n), 0);

export function createSnapchatClient(options: ClientOptions): NetworkClient {
  const base = options.baseUrl.replace(/\/$/, '');
  const session = snapchatSession(options, snapchatCredentials.parse(options.credentials));
  let profile: Profile | null = null;

  async function me(): Promise<Profile> {
    profile ??= (
      await session.call<{ public_profile: Profile }>(
        { method: 'GET', url: `${base}/v1/public_profiles/my_profile` },
        'read the public profile',
      )
    ).public_profile;
    session.remember({ profileId: profile.id });
    return profile;
  }
  const profileId = async () => session.credentials.profileId ?? (await me()).id;
  const profileUrl = (p: Profile | null) =>
    p?.snap_user_name ? `https://www.snapchat.com/add/${p.snap_user_name}` : 'https://www.snapchat.com/';
  const path = async (rest: string) => `${base}/v1/public_profiles/${await profileId()}${rest}`;

  async function listSpotlights(): Promise<Spotlight[]> {
    const body = await session.call<{ spotlights?: { spotlight: Spotlight }[] }>(
      { method: 'GET', url: await path('/spotlights?limit=50') },
      'list Spotlights',
    );
    return (body.spotlights ?? []).map((s) => s.spotlight);
  }

  async function postMedia(kind: SnapKind, mediaId: string, request: PublishRequest): Promise<Published> {
    const text = snapchatDescription(request.text, request.link);
    const o = request.options;
    if (kind === 'spotlight') {
      const body = await session.call<{ spotlight_id?: string }>(
        {
          method: 'POST',
          url: await path('/spotlights'),
          json: {
            media_id: mediaId,
            locale: typeof o.locale === 'string' ? o.locale : 'en_US',
            description: text,
            skip_save_to_profile: o.saveToProfile === false,
          },
        },
        'post the Spotlight',
      );
      const id = body.spotlight_id ?? mediaId;
      return { remoteId: `spotlight:${id}`, url: `https://www.snapchat.com/spotlight/${id}` };
    }
    if (kind === 'saved_story') {
      const title = typeof o.title === 'string' && o.title ? o.title : text;
      const body = await session.call<{
        saved_stories?: { sub_request_status?: string; saved_story?: { id: string } }[];
      }>(
        {
          method: 'POST',
          url: await path('/saved_stories'),
          json: { saved_stories: [{ title, snap_sources: [{ media_id: mediaId }] }] },
        },
        'post the Saved Story',
      );
      const id = body.saved_stories?.[0]?.saved_story?.id;
      if (!id) throw new NetworkError('permanent', 'Snapchat did not save the story');
      return { remoteId: `saved_story:${id}`, url: profileUrl(await me()) };
    }
    await session.call(
      { method: 'POST', url: await path('/stories'), json: { media_id: mediaId } },
      'post the Story',
    );
    // Stories come back without an id; the media object, used by exactly one post, names it.
    return { remoteId: `story:${mediaId}`, url: profileUrl(await me()) };
  }

  /** An earlier attempt already posted this media object (one post per media object). */
  async function reconcile(kind: SnapKind, mediaId: string, request: PublishRequest): Promise<Published> {
    if (kind !== 'spotlight') return { remoteId: `${kind}:${mediaId}`, url: profileUrl(await me()) };
    const text = snapchatDescription(request.text, request.link);
    const since = Number(request.journal.postStartedAt ?? 0) - 60_000;
    const found = (await listSpotlights()).find(
      (s) =>
        s.media_id === mediaId ||
        (sameText(s.description ?? '', text) && Date.parse(s.created_at ?? '') >= since),
    );
    if (found)
      return { remoteId: `spotlight:${found.id}`, url: `https://www.snapchat.com/spotlight/${found.id}` };
    throw new NetworkError(
      'transient',
      'Snapchat is still posting the earlier attempt; Araldo will check again',
      {
        mayHaveSucceeded: true,
        networkCode: 'MEDIA_POSTING_ALREADY_IN_PROGRESS',
      },
    );
  }

  return {
    async verify(): Promise<AccountInfo> {
      profile = null;
      const p = await me();
      return {
        accountId: p.id,
        handle: p.snap_user_name ?? null,
        displayName: p.display_name ?? p.snap_user_name ?? p.id,
      };
    },

    async publish(request: PublishRequest): Promise<Published> {
      const j = request.journal;
      if (typeof j.remoteId === 'string' && typeof j.url === 'string')
        return { remoteId: j.remoteId, url: j.url };
      const [file, ...more] = request.media;
      if (!file || more.length > 0)
        throw new NetworkError('permanent', 'A Snapchat post takes exactly one image or video');
      const kind = snapKind(request.options);
      // Only a finished, unexpired media object is reused: an unfinished one was never posted.
      const fresh =
        j.mediaReady === true && Date.now() - Number(j.mediaCreatedAt) < MEDIA_LIFETIME_MS - 60_000;
      let mediaId = fresh && typeof j.mediaId === 'string' ? j.mediaId : null;
      if (!mediaId) {
        mediaId = await uploadMedia(
          session,
          base,
          await profileId(),
          file,
          `araldo-${request.deliveryId}`,
          (id) => request.record({ mediaId: id, mediaCreatedAt: Date.now(), mediaReady: false }),
        );
        await request.record({ mediaReady: true });
      }
      await request.record({ postStartedAt: Date.now() });
      for (let attempt = 0; ; attempt++) {
        try {
          const result = await postMedia(kind, mediaId, request);
          await request.record({ remoteId: result.remoteId, url: result.url });
          return result;
        } catch (error) {
          if (!(error instanceof NetworkError)) throw error;
          if (error.networkCode === 'MEDIA_POSTING_ALREADY_IN_PROGRESS')
            return reconcile(kind, mediaId, request);
          if (error.networkCode !== 'MEDIA_PROCESSING' || attempt + 1 >= snapchatPolling.attempts)
            throw error;
          await sleep(snapchatPolling.intervalMs);
        }
      }
    },

    async findPublished({ text, since, journal }): Promise<Published | null> {
      if (typeof journal.remoteId === 'string' && typeof journal.url === 'string')
        return { remoteId: journal.remoteId, url: journal.url };
      // Only Spotlights can be listed; a Story's fate is learnt by posting its media again.
      const found = (await listSpotlights()).find(
        (s) =>
          (typeof journal.mediaId === 'string' && s.media_id === journal.mediaId) ||
          (sameText(s.description ?? '', text) && Date.parse(s.created_at ?? '') >= since.getTime() - 60_000),
      );
      return found
        ? { remoteId: `spotlight:${found.id}`, url: `https://www.snapchat.com/spotlight/${found.id}` }
        : null;
    },

    async fetchMetrics(remoteIds: string[]): Promise<PostMetrics[]> {
      const out: PostMetrics[] = [];
      for (const kind of Object.keys(ASSET_TYPE) as SnapKind[]) {
        const wanted = remoteIds.filter((r) => r.startsWith(`${kind}:`));
        if (wanted.length === 0) continue;
        // Without `fields` Snap returns every field the asset type has; a wrong name is an error.
        const body = await session.call(
          { method: 'GET', url: await path(`/stats?assetType=${ASSET_TYPE[kind]}&granularity=LIFETIME`) },
          'read statistics',
        );
        const stats = statsById(body);
        for (const remoteId of wanted) {
          const s = stats.get(remoteId.slice(kind.length + 1));
          if (!s) continue;
          out.push({
            remoteId,
            likes: sum(s, /FAVORITE|LIKE/),
            comments: sum(s, /REPL|COMMENT/),
            shares: sum(s, /SHARE/),
            impressions: sum(s, /(^|_)VIEWS$/),
            clicks: null,
            raw: { ...s },
          });
        }
      }
      return out;
    },

    // The Public Profile API has no comments, replies or messages.
    async fetchInbox() {
      return [];
    },
    async reply(): Promise<Published> {
      throw new NetworkError('permanent', 'Replying is not supported by Snapchat');
    },
  };
}

export async function snapchatProfileId(
  context: Omit<ClientOptions, 'stateDir' | 'onCredentials'> & { credentials: Credentials },
) {
  const client = createSnapchatClient({ ...context, stateDir: '', onCredentials: async () => {} });
  return (await client.verify()).accountId;
}
