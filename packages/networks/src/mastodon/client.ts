import { createHash } from 'node:crypto';
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
import { htmlToText, sameText } from '../fingerprint';
import { FormData, type HttpRequest } from '../http/http-client';
import { NetworkError } from '../http/network-error';
import { mastodonCredentials } from './credentials';
import { mastodonError } from './errors';

interface Status {
  id: string;
  url: string | null;
  uri: string;
  content: string;
  created_at: string;
  replies_count: number;
  reblogs_count: number;
  favourites_count: number;
  account: { id: string; acct: string; display_name: string };
  in_reply_to_id: string | null;
}

const MEDIA_POLL_MS = 500;
const MEDIA_POLL_LIMIT = 120;

export function createMastodonClient(options: ClientOptions): NetworkClient {
  const credentials = mastodonCredentials.parse(options.credentials);
  const base = options.baseUrl.replace(/\/$/, '');

  const call = async (req: Omit<HttpRequest, 'url'> & { path: string }, doing: string) => {
    const { path, ...rest } = req;
    const response = await options.http.request({
      ...rest,
      url: `${base}${path}`,
      headers: { authorization: `Bearer ${credentials.accessToken}`, ...rest.headers },
    });
    if (response.status >= 400) throw mastodonError(response, doing);
    return response;
  };

  const toPublished = (s: Status): Published => ({ remoteId: s.id, url: s.url ?? s.uri });

  async function accountId(): Promise<string> {
    if (credentials.accountId) return credentials.accountId;
    const me = (
      await call({ method: 'GET', path: '/api/v1/accounts/verify_credentials' }, 'check the token')
    ).json<{
      id: string;
    }>();
    credentials.accountId = me.id;
    return me.id;
  }

  /** Uploads one file and waits until the server has processed it (202 → poll until 200). */
  async function upload(file: MediaFile): Promise<string> {
    const form = new FormData();
    form.append(
      'file',
      new Blob([new Uint8Array(await file.read())], { type: file.mimeType }),
      file.filename,
    );
    if (file.altText) form.append('description', file.altText);
    const response = await call({ method: 'POST', path: '/api/v2/media', multipart: form }, 'take the media');
    const media = response.json<{ id: string; url: string | null }>();
    if (response.status === 200 && media.url) return media.id;
    for (let i = 0; i < MEDIA_POLL_LIMIT; i++) {
      await new Promise((r) => setTimeout(r, MEDIA_POLL_MS));
      const poll = await options.http.request({
        method: 'GET',
        url: `${base}/api/v1/media/${media.id}`,
        headers: { authorization: `Bearer ${credentials.accessToken}` },
      });
      if (poll.status === 200) return media.id;
      if (poll.status !== 206) throw mastodonError(poll, 'process the media');
    }
    throw new NetworkError('transient', 'Mastodon is still processing the media; Araldo will try again');
  }

  async function post(body: Record<string, unknown>, idempotencyKey: string): Promise<Status> {
    const response = await call(
      {
        method: 'POST',
        path: '/api/v1/statuses',
        json: body,
        headers: { 'idempotency-key': idempotencyKey },
      },
      'publish the post',
    );
    return response.json<Status>();
  }

  return {
    async verify(): Promise<AccountInfo> {
      const me = (
        await call({ method: 'GET', path: '/api/v1/accounts/verify_credentials' }, 'check the token')
      ).json<{
        id: string;
        acct: string;
        display_name: string;
        username: string;
      }>();
      const host = new URL(base).host;
      // Account ids are only unique within one instance: the channel is known by id@instance.
      return {
        accountId: `${me.id}@${host}`,
        handle: `@${me.acct}@${host}`,
        displayName: me.display_name || me.username,
      };
    },

    async publish(request: PublishRequest): Promise<Published> {
      // Mastodon keeps an Idempotency-Key for about an hour, so each status of a delivery
      // gets a key derived from the delivery: a retry repeats it and gets the same status back.
      const mediaIds = (request.journal.mediaIds as string[] | undefined) ?? [];
      if (mediaIds.length === 0 && request.media.length > 0) {
        for (const file of request.media) mediaIds.push(await upload(file));
        await request.record({ mediaIds });
      }
      const visibility =
        typeof request.options.visibility === 'string' ? request.options.visibility : 'public';
      const main = await post(
        {
          status:
            request.link && !request.text.includes(request.link)
              ? `${request.text}\n\n${request.link}`
              : request.text,
          media_ids: mediaIds,
          visibility,
          ...(typeof request.options.spoilerText === 'string'
            ? { spoiler_text: request.options.spoilerText }
            : {}),
          ...(typeof request.options.language === 'string' ? { language: request.options.language } : {}),
        },
        request.deliveryId,
      );
      const replies = [
        ...(Array.isArray(request.options.thread) ? (request.options.thread as string[]) : []),
        ...(request.firstComment ? [request.firstComment] : []),
      ];
      // Only a thread needs the main status journalled, to resume its replies after a crash;
      // a lone status is found again by reconciliation.
      if (replies.length > 0) await request.record({ statusId: main.id });
      let parent = main.id;
      for (const [i, text] of replies.entries()) {
        parent = (
          await post({ status: text, in_reply_to_id: parent, visibility }, `${request.deliveryId}:${i + 1}`)
        ).id;
      }
      return toPublished(main);
    },

    async findPublished({ text, since, journal }): Promise<Published | null> {
      if (typeof journal.statusId === 'string') {
        const found = await options.http.request({
          method: 'GET',
          url: `${base}/api/v1/statuses/${journal.statusId}`,
          headers: { authorization: `Bearer ${credentials.accessToken}` },
        });
        if (found.status === 200) return toPublished(found.json<Status>());
      }
      // Page back through the account's posts until they are older than the attempt.
      const account = await accountId();
      const horizon = since.getTime() - 60_000;
      let maxId = '';
      for (let page = 0; page < 25; page++) {
        const query = `limit=40${maxId ? `&max_id=${maxId}` : ''}`;
        const statuses = (
          await call({ method: 'GET', path: `/api/v1/accounts/${account}/statuses?${query}` }, 'list posts')
        ).json<Status[]>();
        const match = statuses.find(
          (s) => Date.parse(s.created_at) >= horizon && sameText(htmlToText(s.content), text),
        );
        if (match) return toPublished(match);
        const last = statuses.at(-1);
        if (!last || Date.parse(last.created_at) < horizon) return null;
        maxId = last.id;
      }
      return null;
    },

    async fetchMetrics(remoteIds: string[]): Promise<PostMetrics[]> {
      const out: PostMetrics[] = [];
      for (const id of remoteIds) {
        const s = (
          await call({ method: 'GET', path: `/api/v1/statuses/${id}` }, 'read the post')
        ).json<Status>();
        out.push({
          remoteId: id,
          likes: s.favourites_count,
          comments: s.replies_count,
          shares: s.reblogs_count,
          impressions: null,
          clicks: null,
          raw: {
            favourites_count: s.favourites_count,
            replies_count: s.replies_count,
            reblogs_count: s.reblogs_count,
          },
        });
      }
      return out;
    },

    async fetchInbox(since: Date | null): Promise<InboxItem[]> {
      const notifications = (
        await call(
          { method: 'GET', path: '/api/v1/notifications?types[]=mention&limit=40' },
          'read notifications',
        )
      ).json<
        { id: string; type: string; created_at: string; status?: Status; account: Status['account'] }[]
      >();
      return notifications
        .filter((n) => n.status && (!since || Date.parse(n.created_at) > since.getTime()))
        .map((n) => ({
          remoteId: n.status!.id,
          kind: n.status!.in_reply_to_id ? ('comment' as const) : ('mention' as const),
          inReplyTo: n.status!.in_reply_to_id,
          author: { id: n.account.id, handle: `@${n.account.acct}`, name: n.account.display_name || null },
          text: htmlToText(n.status!.content),
          createdAt: n.created_at,
          url: n.status!.url,
        }));
    },

    async reply(to: InboxItem, text: string): Promise<Published> {
      const mention = to.author.handle && !text.includes(to.author.handle) ? `${to.author.handle} ` : '';
      const key = createHash('sha256').update(`reply:${to.remoteId}:${text}`).digest('hex');
      return toPublished(await post({ status: `${mention}${text}`, in_reply_to_id: to.remoteId }, key));
    },
  };
}
