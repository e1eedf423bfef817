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
import { NetworkError } from '../http/network-error';
import { oauthSession } from '../oauth/oauth-session';
import { pinterestCredentials } from './credentials';
import { pinterestError } from './errors';
import { mediaSource } from './media';
import { PINTEREST_DEFAULT_BASE_URL, pinterestOAuth } from './oauth';

interface Pin {
  id: string;
  board_id: string;
  description?: string | null;
  created_at?: string;
}

const CLOCK_SLACK_MS = 60_000;
const METRICS = ['IMPRESSION', 'OUTBOUND_CLICK', 'PIN_CLICK', 'SAVE', 'TOTAL_COMMENTS', 'TOTAL_REACTIONS'];
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function createPinterestClient(options: ClientOptions): NetworkClient {
  const session = oauthSession({
    network: 'Pinterest',
    options,
    credentials: pinterestCredentials.parse(options.credentials),
    oauth: pinterestOAuth,
    defaultBaseUrl: PINTEREST_DEFAULT_BASE_URL,
  });
  const base = options.baseUrl.replace(/\/$/, '');
  // The video upload URL is a storage bucket; with a base URL override it moves with it.
  const rebase = (url: string) => {
    if (new URL(base).origin === PINTEREST_DEFAULT_BASE_URL) return url;
    const u = new URL(url);
    return `${base}${u.pathname}${u.search}`;
  };

  const call = async (req: Omit<HttpRequest, 'url'> & { path: string }, doing: string) => {
    const { path, ...rest } = req;
    const response = await session.send({ ...rest, url: `${base}${path}` });
    if (response.status >= 400) throw pinterestError(response, doing);
    return response;
  };
  const toPublished = (id: string): Published => ({
    remoteId: id,
    url: `https://www.pinterest.com/pin/${id}/`,
  });

  async function pinsOn(boardId: string): Promise<Pin[]> {
    const response = await call(
      { method: 'GET', path: `/v5/boards/${encodeURIComponent(boardId)}/pins?page_size=50` },
      'list the board’s Pins',
    );
    return response.json<{ items?: Pin[] }>().items ?? [];
  }
  const findPin = async (boardId: string, text: string, since: number) =>
    (await pinsOn(boardId)).find(
      (p) => Date.parse(p.created_at ?? '') >= since - CLOCK_SLACK_MS && sameText(p.description ?? '', text),
    );

  return {
    async verify(): Promise<AccountInfo> {
      const me = (await call({ method: 'GET', path: '/v5/user_account' }, 'check the token')).json<{
        id?: string;
        username: string;
        business_name?: string;
      }>();
      return {
        accountId: me.id ?? me.username,
        handle: me.username,
        displayName: me.business_name || me.username,
      };
    },

    async publish(request: PublishRequest): Promise<Published> {
      const boardId = request.options.boardId;
      if (typeof boardId !== 'string' || boardId === '')
        throw new NetworkError('permanent', 'Pinterest needs a board to pin to; choose one for this post');
      if (request.media.length === 0)
        throw new NetworkError(
          'permanent',
          'A Pin needs an image or a video; Pinterest takes no text-only Pins',
        );
      const journal = request.journal;
      let pinId = journal.pinId as string | undefined;
      const pending = journal.pending as { since: number } | null | undefined;
      // Pinterest has no idempotency key: a create whose answer was lost is looked for on the board.
      if (!pinId && pending) pinId = (await findPin(boardId, request.text, pending.since))?.id;
      if (!pinId) {
        const source = await mediaSource(call, { http: options.http, rebase }, request);
        await request.record({ boardId, pending: { since: Date.now() } });
        const title = request.options.title;
        const alt = request.media[0]?.altText;
        const response = await call(
          {
            method: 'POST',
            path: '/v5/pins',
            json: {
              board_id: boardId,
              ...(typeof title === 'string' && title ? { title } : {}),
              description: request.text,
              ...(request.link ? { link: request.link } : {}),
              ...(alt ? { alt_text: alt.slice(0, 500) } : {}),
              media_source: source,
            },
          },
          'create the Pin',
        );
        pinId = response.json<Pin>().id;
      }
      await request.record({ pinId, pending: null });
      return toPublished(pinId);
    },

    async findPublished({ text, since, journal }): Promise<Published | null> {
      if (typeof journal.pinId === 'string') {
        const found = await session.send({ method: 'GET', url: `${base}/v5/pins/${journal.pinId}` });
        if (found.status === 200) return toPublished(journal.pinId);
      }
      const boardId =
        typeof journal.boardId === 'string' ? journal.boardId : session.credentials.defaultBoardId;
      if (!boardId) return null;
      const match = await findPin(boardId, text, since.getTime());
      return match ? toPublished(match.id) : null;
    },

    async fetchMetrics(remoteIds: string[]): Promise<PostMetrics[]> {
      // Pin analytics cover at most the last 90 days.
      const end = Date.now();
      const range = `start_date=${day(end - 89 * 86_400_000)}&end_date=${day(end)}`;
      const out: PostMetrics[] = [];
      for (const id of remoteIds) {
        const response = await call(
          {
            method: 'GET',
            path: `/v5/pins/${encodeURIComponent(id)}/analytics?${range}&metric_types=${METRICS.join(',')}`,
          },
          'read the Pin’s analytics',
        );
        const all = response.json<{
          all?: { summary_metrics?: Record<string, number>; lifetime_metrics?: Record<string, number> };
        }>().all;
        const m = { ...all?.summary_metrics, ...all?.lifetime_metrics };
        out.push({
          remoteId: id,
          likes: m.TOTAL_REACTIONS ?? 0,
          comments: m.TOTAL_COMMENTS ?? 0,
          shares: m.SAVE ?? 0,
          impressions: m.IMPRESSION ?? null,
          clicks: m.OUTBOUND_CLICK ?? null,
          raw: m,
        });
      }
      return out;
    },

    // Pinterest's API has no comment, mention or message endpoints.
    async fetchInbox(): Promise<InboxItem[]> {
      return [];
    },
    async reply(): Promise<Published> {
      throw new NetworkError('permanent', 'Replying is not supported by Pinterest');
    },
  };
}
