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
import { linkedinCredentials } from './credentials';
import { linkedinError } from './errors';
import { uploadLinkedInImage } from './images';
import { LINKEDIN_DEFAULT_BASE_URL, LINKEDIN_VERSION, linkedinOAuth } from './oauth';
import { fromLittleText, toLittleText } from './text';
import { uploadLinkedInVideo } from './videos';

interface Post {
  id: string;
  author: string;
  commentary?: string;
  createdAt?: number;
}
interface Comment {
  id?: string;
  commentUrn?: string;
  $URN?: string;
  actor: string;
  object?: string;
  message: { text: string };
  created?: { time: number };
}

const CLOCK_SLACK_MS = 60_000;
const enc = encodeURIComponent;
/** Links are compared without their URLs: an article link is not in the commentary. */
const comparable = (text: string) => text.replace(/https?:\/\/\S+/g, ' ');

export function createLinkedInClient(options: ClientOptions): NetworkClient {
  const session = oauthSession({
    network: 'LinkedIn',
    options,
    credentials: linkedinCredentials.parse(options.credentials),
    oauth: linkedinOAuth,
    defaultBaseUrl: LINKEDIN_DEFAULT_BASE_URL,
  });
  const base = options.baseUrl.replace(/\/$/, '');

  /** A path of the API, or an absolute URL LinkedIn handed out (an upload URL). */
  const call = async (req: Omit<HttpRequest, 'url'> & { path: string }, doing: string) => {
    const { path, ...rest } = req;
    const response = await session.send({
      ...rest,
      url: /^https?:/.test(path) ? path : `${base}${path}`,
      headers: {
        'linkedin-version': LINKEDIN_VERSION,
        'x-restli-protocol-version': '2.0.0',
        ...rest.headers,
      },
    });
    if (response.status >= 400) throw linkedinError(response, doing);
    return response;
  };

  // Upload URLs point at another LinkedIn host; with a base URL override they move with it.
  const rebase = (url: string) => {
    if (new URL(base).origin === LINKEDIN_DEFAULT_BASE_URL) return url;
    const u = new URL(url);
    return `${base}${u.pathname}${u.search}`;
  };
  const defaultAuthor = () => session.credentials.organizationUrn ?? session.credentials.personUrn;
  function authorOf(opts: Record<string, unknown>): string {
    const author = typeof opts.author === 'string' ? opts.author : defaultAuthor();
    if (!author)
      throw new NetworkError('permanent', 'LinkedIn needs to know who posts: reconnect the channel');
    return author;
  }
  const toPublished = (urn: string): Published => ({
    remoteId: urn,
    url: `https://www.linkedin.com/feed/update/${urn}/`,
  });

  async function postsBy(author: string, count: number): Promise<Post[]> {
    const response = await call(
      {
        method: 'GET',
        path: `/rest/posts?author=${enc(author)}&q=author&count=${count}&sortBy=LAST_MODIFIED`,
        headers: { 'x-restli-method': 'FINDER' },
      },
      'list the channel’s posts',
    );
    return response.json<{ elements?: Post[] }>().elements ?? [];
  }
  async function commentsOn(urn: string): Promise<Comment[]> {
    const response = await call(
      { method: 'GET', path: `/rest/socialActions/${enc(urn)}/comments` },
      'read the comments',
    );
    return response.json<{ elements?: Comment[] }>().elements ?? [];
  }
  async function comment(urn: string, actor: string, text: string, parent?: string): Promise<string> {
    const response = await call(
      {
        method: 'POST',
        path: `/rest/socialActions/${enc(urn)}/comments`,
        json: { actor, object: urn, message: { text }, ...(parent ? { parentComment: parent } : {}) },
      },
      'add the comment',
    );
    const created = response.json<Comment>();
    return String(response.headers['x-restli-id'] ?? created.commentUrn ?? created.$URN ?? created.id);
  }
  const findPost = async (author: string, text: string, since: number) =>
    (await postsBy(author, 20)).find(
      (p) =>
        (p.createdAt ?? 0) >= since - CLOCK_SLACK_MS &&
        sameText(comparable(fromLittleText(p.commentary ?? '')), comparable(text)),
    );

  return {
    async verify(): Promise<AccountInfo> {
      const author = defaultAuthor();
      if (author?.startsWith('urn:li:organization:')) {
        const id = author.split(':').pop();
        const org = (
          await call({ method: 'GET', path: `/rest/organizations/${id}` }, 'read the company page')
        ).json<{ localizedName: string; vanityName?: string }>();
        return { accountId: author, handle: org.vanityName ?? null, displayName: org.localizedName };
      }
      const me = (await call({ method: 'GET', path: '/v2/userinfo' }, 'check the token')).json<{
        sub: string;
        name: string;
      }>();
      return { accountId: `urn:li:person:${me.sub}`, handle: null, displayName: me.name };
    },

    async publish(request: PublishRequest): Promise<Published> {
      const journal = request.journal;
      const author = authorOf(request.options);
      // A post's media is one video or 1–20 images (Posts API `content`), never both.
      const video = request.media.find((m) => m.mimeType.startsWith('video/'));
      if (video && request.media.length > 1)
        throw new NetworkError('permanent', 'LinkedIn takes one video alone, without images, in a post');
      const images = [...((journal.imageUrns as string[] | undefined) ?? [])];
      for (const file of video ? [] : request.media.slice(images.length)) {
        images.push(await uploadLinkedInImage(call, rebase, author, file));
        await request.record({ imageUrns: images });
      }
      // An article (link card) and media cannot share a post: with media the link is text.
      const withLink =
        request.link && request.media.length > 0 && !request.text.includes(request.link)
          ? `${request.text}\n\n${request.link}`
          : request.text;
      let postUrn = journal.postUrn as string | undefined;
      const pending = journal.pending as { since: number } | null | undefined;
      if (!postUrn && pending) postUrn = (await findPost(author, withLink, pending.since))?.id;
      if (!postUrn) {
        const videoUrn = video ? await uploadLinkedInVideo(call, rebase, author, video, request) : null;
        await request.record({ pending: { since: Date.now() } });
        const alt = (i: number) => request.media[i]?.altText;
        const content = videoUrn
          ? {
              media: {
                id: videoUrn,
                ...(typeof request.options.title === 'string' ? { title: request.options.title } : {}),
              },
            }
          : images.length === 1
            ? { media: { id: images[0], ...(alt(0) ? { altText: alt(0) } : {}) } }
            : images.length > 1
              ? {
                  multiImage: {
                    images: images.map((id, i) => ({ id, ...(alt(i) ? { altText: alt(i) } : {}) })),
                  },
                }
              : request.link
                ? {
                    article: {
                      source: request.link,
                      title:
                        typeof request.options.linkTitle === 'string'
                          ? request.options.linkTitle
                          : new URL(request.link).hostname,
                    },
                  }
                : undefined;
        const response = await call(
          {
            method: 'POST',
            path: '/rest/posts',
            json: {
              author,
              commentary: toLittleText(withLink),
              visibility: 'PUBLIC',
              distribution: {
                feedDistribution: 'MAIN_FEED',
                targetEntities: [],
                thirdPartyDistributionChannels: [],
              },
              lifecycleState: 'PUBLISHED',
              isReshareDisabledByAuthor: false,
              ...(content ? { content } : {}),
            },
          },
          'publish the post',
        );
        // 201 with an empty body: the new post's URN is in the x-restli-id header.
        postUrn = String(response.headers['x-restli-id']);
      }
      await request.record({ postUrn, pending: null });
      if (request.firstComment && !journal.commentUrn) {
        const commentPending = journal.commentPending as boolean | undefined;
        const existing = commentPending
          ? (await commentsOn(postUrn)).find(
              (c) => c.actor === author && c.message.text === request.firstComment,
            )
          : undefined;
        await request.record({ commentPending: true });
        const commentUrn = existing
          ? (existing.commentUrn ?? existing.$URN ?? existing.id)
          : await comment(postUrn, author, request.firstComment);
        await request.record({ commentUrn, commentPending: false });
      }
      return toPublished(postUrn);
    },

    async findPublished({ text, since, journal }): Promise<Published | null> {
      if (typeof journal.postUrn === 'string') {
        const found = await session.send({
          method: 'GET',
          url: `${base}/rest/posts/${enc(journal.postUrn)}`,
          headers: { 'linkedin-version': LINKEDIN_VERSION, 'x-restli-protocol-version': '2.0.0' },
        });
        if (found.status === 200) return toPublished(journal.postUrn);
      }
      const author = defaultAuthor();
      if (!author) return null;
      const match = await findPost(author, text, since.getTime());
      return match ? toPublished(match.id) : null;
    },

    async fetchMetrics(remoteIds: string[]): Promise<PostMetrics[]> {
      const out: PostMetrics[] = [];
      for (const urn of remoteIds) {
        const social = (
          await call({ method: 'GET', path: `/rest/socialActions/${enc(urn)}` }, 'read the post’s reactions')
        ).json<{
          likesSummary?: { totalLikes?: number };
          commentsSummary?: { aggregatedTotalComments?: number };
        }>();
        out.push({
          remoteId: urn,
          likes: social.likesSummary?.totalLikes ?? 0,
          comments: social.commentsSummary?.aggregatedTotalComments ?? 0,
          shares: 0,
          impressions: null,
          clicks: null,
          raw: { socialActions: social },
        });
      }
      await addOrganizationStatistics(out);
      return out;
    },

    async fetchInbox(since: Date | null): Promise<InboxItem[]> {
      const author = defaultAuthor();
      if (!author) return [];
      const items: InboxItem[] = [];
      for (const post of await postsBy(author, 10)) {
        for (const c of await commentsOn(post.id)) {
          const at = c.created?.time ?? 0;
          if (c.actor === author || (since && at <= since.getTime())) continue;
          items.push({
            remoteId: c.commentUrn ?? c.$URN ?? String(c.id),
            kind: 'comment',
            inReplyTo: post.id,
            author: { id: c.actor, handle: null, name: null },
            text: c.message.text,
            createdAt: new Date(at).toISOString(),
            url: `https://www.linkedin.com/feed/update/${post.id}/`,
          });
        }
      }
      return items;
    },

    async reply(to: InboxItem, text: string): Promise<Published> {
      if (!to.inReplyTo)
        throw new NetworkError('permanent', 'LinkedIn replies must answer a comment on a post');
      const author = authorOf({});
      const urn = await comment(to.inReplyTo, author, text, to.remoteId);
      return { remoteId: urn, url: `https://www.linkedin.com/feed/update/${to.inReplyTo}/` };
    },
  };

  /** Company pages also have impressions, clicks and shares (organizationalEntityShareStatistics). */
  async function addOrganizationStatistics(metrics: PostMetrics[]) {
    const org = session.credentials.organizationUrn;
    if (!org || metrics.length === 0) return;
    const list = (kind: string) => {
      const urns = metrics.map((m) => m.remoteId).filter((u) => u.startsWith(`urn:li:${kind}:`));
      return urns.length ? `&${kind}s=List(${urns.map(enc).join(',')})` : '';
    };
    const response = await call(
      {
        method: 'GET',
        path: `/rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity=${enc(org)}${list('share')}${list('ugcPost')}`,
      },
      'read the page’s post statistics',
    );
    for (const e of response.json<{
      elements?: { share?: string; ugcPost?: string; totalShareStatistics: Record<string, number> }[];
    }>().elements ?? []) {
      const m = metrics.find((x) => x.remoteId === (e.share ?? e.ugcPost));
      if (!m) continue;
      const s = e.totalShareStatistics;
      m.impressions = s.impressionCount ?? null;
      m.clicks = s.clickCount ?? null;
      m.shares = s.shareCount ?? 0;
      m.raw.shareStatistics = s;
    }
  }
}
