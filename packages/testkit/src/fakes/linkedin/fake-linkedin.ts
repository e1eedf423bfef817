import { randomBytes } from 'node:crypto';
import { bearer, type FakeRequest, type FakeResponse, FakeServer } from '../fake-server';
import { FakeOAuth } from '../oauth';
import { readLittleText } from './little-text';
import { FakeLinkedInVideos } from './videos';

/**
 * LinkedIn's versioned REST API (Posts, Images, socialActions) as learn.microsoft.com
 * documents it, strict about what an adapter sends: `LinkedIn-Version` and
 * `X-Restli-Protocol-Version: 2.0.0` on every /rest call, the full post body (422 otherwise),
 * authors the member may post as, images and videos (videos.ts) that are uploaded and
 * AVAILABLE, 3,000 characters,
 * duplicates refused, `{status, serviceErrorCode, code, message}` errors, daily 429s.
 */
export interface FakeLinkedInPost {
  urn: string;
  author: string;
  commentary: string;
  /** What a reader sees once LinkedIn has read the little text. */
  text: string;
  content: Record<string, unknown> | null;
  createdAt: number;
  likes: number;
}
export interface FakeLinkedInComment {
  urn: string;
  postUrn: string;
  actor: string;
  text: string;
  parentComment: string | null;
  createdAt: number;
}

const error = (status: number, message: string, extra: Record<string, unknown> = {}): FakeResponse => ({
  status,
  json: { status, message, ...extra },
});

export class FakeLinkedIn {
  readonly server = new FakeServer(() => error(404, 'Not Found', { code: 'NOT_FOUND' }));
  readonly oauth: FakeOAuth;
  readonly member = { sub: randomBytes(5).toString('hex'), name: 'Ada Araldo' };
  readonly organizations = new Map<string, { localizedName: string; vanityName: string }>();
  readonly posts: FakeLinkedInPost[] = [];
  readonly comments: FakeLinkedInComment[] = [];
  readonly images = new Map<string, { owner: string; uploadToken: string; status: string; bytes: number }>();
  readonly videos = new FakeLinkedInVideos({
    server: this.server,
    url: () => this.url,
    rest: (r, handler) => this.#rest(r, 'w_member_social', handler),
    mayActAs: (urn) => this.#mayActAs(urn),
  });
  /** Posts per member per day before 429 (the real numbers are only in the Developer Portal). */
  dailyPostLimit = 150;
  #postsToday = 0;
  #next = 7_000_000_000_000_000_000n;

  constructor(app = { clientId: 'linkedin-app', clientSecret: 'linkedin-secret' }) {
    // Access tokens live 60 days; partner refresh tokens keep their first expiry (no rotation).
    this.oauth = new FakeOAuth(this.server, {
      authorizePath: '/oauth/v2/authorization',
      tokenPath: '/oauth/v2/accessToken',
      revokePath: '/oauth/v2/revoke',
      ...app,
      clientAuth: 'post',
      pkce: false,
      accessTtlSeconds: 5_184_000,
      rotateRefreshTokens: false,
    });
  }

  get url() {
    return this.server.url;
  }
  get personUrn() {
    return `urn:li:person:${this.member.sub}`;
  }

  issueTokens(scope = 'openid profile w_member_social w_organization_social r_organization_social') {
    return this.oauth.issue(scope);
  }

  /** A company page the member administers. */
  addOrganization(id: string, localizedName: string, vanityName: string) {
    this.organizations.set(`urn:li:organization:${id}`, { localizedName, vanityName });
  }

  /** Someone else comments on a post (for inbox tests). */
  addComment(postUrn: string, actor: string, text: string): FakeLinkedInComment {
    const c = {
      urn: `urn:li:comment:(${postUrn},${this.#id()})`,
      postUrn,
      actor,
      text,
      parentComment: null,
      createdAt: Date.now(),
    };
    this.comments.push(c);
    return c;
  }

  async start() {
    const s = this.server;
    s.route('GET', '/v2/userinfo', (r) =>
      this.#authed(r, 'openid', () => ({
        status: 200,
        json: { sub: this.member.sub, name: this.member.name, given_name: 'Ada', family_name: 'Araldo' },
      })),
    );
    s.route('GET', '/rest/organizations/:id', (r) =>
      this.#rest(r, 'r_organization_social', () => {
        const org = this.organizations.get(`urn:li:organization:${r.params.id}`);
        return org ? { status: 200, json: { id: Number(r.params.id), ...org } } : error(404, 'Not Found');
      }),
    );
    s.route('POST', '/rest/images', (r) => this.#rest(r, 'w_member_social', () => this.#initImage(r)));
    s.route('PUT', '/dms-uploads/:token', (r) =>
      this.#authed(r, 'w_member_social', () => {
        const image = [...this.images.values()].find((i) => i.uploadToken === r.params.token);
        if (!image) return error(404, 'Upload URL not found');
        if (r.body.length === 0) return error(400, 'Empty upload');
        image.bytes = r.body.length;
        image.status = 'AVAILABLE';
        return { status: 201, body: '' };
      }),
    );
    s.route('GET', '/rest/images/:urn', (r) =>
      this.#rest(r, 'w_member_social', () => {
        const image = this.images.get(r.params.urn ?? '');
        return image
          ? { status: 200, json: { id: r.params.urn, status: image.status, owner: image.owner } }
          : error(404, 'Not Found');
      }),
    );
    this.videos.routes();
    s.route('POST', '/rest/posts', (r) => this.#rest(r, 'w_member_social', () => this.#createPost(r)));
    s.route('GET', '/rest/posts', (r) => this.#rest(r, 'w_member_social', () => this.#postsByAuthor(r)));
    s.route('GET', '/rest/posts/:urn', (r) =>
      this.#rest(r, 'w_member_social', () => {
        const post = this.posts.find((p) => p.urn === r.params.urn);
        return post ? { status: 200, json: this.#render(post) } : error(404, 'Not Found');
      }),
    );
    s.route('GET', '/rest/socialActions/:urn', (r) =>
      this.#rest(r, 'w_member_social', () => {
        const post = this.posts.find((p) => p.urn === r.params.urn);
        if (!post) return error(404, 'Not Found');
        const comments = this.comments.filter((c) => c.postUrn === post.urn);
        return {
          status: 200,
          json: {
            target: post.urn,
            likesSummary: { totalLikes: post.likes, likedByCurrentUser: false },
            commentsSummary: {
              aggregatedTotalComments: comments.length,
              totalFirstLevelComments: comments.filter((c) => !c.parentComment).length,
            },
          },
        };
      }),
    );
    s.route('GET', '/rest/socialActions/:urn/comments', (r) =>
      this.#rest(r, 'w_member_social', () => ({
        status: 200,
        json: {
          elements: this.comments
            .filter((c) => c.postUrn === r.params.urn)
            .map((c) => this.#renderComment(c)),
          paging: { start: 0, count: 10 },
        },
      })),
    );
    s.route('POST', '/rest/socialActions/:urn/comments', (r) =>
      this.#rest(r, 'w_member_social', () => this.#createComment(r)),
    );
    s.route('GET', '/rest/organizationalEntityShareStatistics', (r) =>
      this.#rest(r, 'r_organization_social', () => this.#shareStatistics(r)),
    );
    await s.start();
    return this;
  }

  stop() {
    return this.server.stop();
  }

  #id() {
    this.#next += BigInt(1 + Math.floor(Math.random() * 1000));
    return String(this.#next);
  }

  #mayActAs(urn: unknown): boolean {
    return urn === this.personUrn || (typeof urn === 'string' && this.organizations.has(urn));
  }

  #initImage(r: FakeRequest): FakeResponse {
    if (r.query.get('action') !== 'initializeUpload') return error(400, 'Unsupported action');
    const owner = r.json<{ initializeUploadRequest?: { owner?: string } }>().initializeUploadRequest?.owner;
    if (!owner) return error(422, 'initializeUploadRequest.owner is required');
    if (!this.#mayActAs(owner)) return error(403, `Not enough permissions to upload as ${owner}`);
    const urn = `urn:li:image:${randomBytes(8).toString('base64url')}`;
    const uploadToken = randomBytes(12).toString('hex');
    this.images.set(urn, { owner, uploadToken, status: 'WAITING_UPLOAD', bytes: 0 });
    return {
      status: 200,
      json: {
        value: {
          uploadUrlExpiresAt: Date.now() + 86_400_000,
          uploadUrl: `${this.url}/dms-uploads/${uploadToken}`,
          image: urn,
        },
      },
    };
  }

  #createPost(r: FakeRequest): FakeResponse {
    const body = r.json<Record<string, unknown>>();
    const distribution = body.distribution as { feedDistribution?: string } | undefined;
    for (const field of ['author', 'visibility', 'lifecycleState'] as const)
      if (body[field] === undefined) return error(422, `/${field} :: field is required but not found`);
    if (!distribution?.feedDistribution)
      return error(422, '/distribution :: field is required but not found');
    if (!this.#mayActAs(body.author))
      return error(403, 'Not enough permissions to access: partnerApiPostsExternal.CREATE', {
        serviceErrorCode: 100,
        code: 'ACCESS_DENIED',
      });
    const commentary = typeof body.commentary === 'string' ? body.commentary : '';
    if (commentary.length > 3000) return error(422, 'commentary :: length must be at most 3000');
    const content = (body.content as Record<string, unknown> | undefined) ?? null;
    const problem = content ? this.#checkContent(content, String(body.author)) : null;
    if (problem) return error(422, problem);
    const duplicate = this.posts.find(
      (p) => p.author === body.author && p.commentary === commentary && commentary,
    );
    if (duplicate)
      return error(422, `Content is a duplicate of ${duplicate.urn}`, { code: 'DUPLICATE_POST' });
    if (++this.#postsToday > this.dailyPostLimit)
      return error(429, 'Resource level throttle MEMBER DAY limit for calls to this resource is reached.');
    const post: FakeLinkedInPost = {
      urn: `urn:li:share:${this.#id()}`,
      author: String(body.author),
      commentary,
      text: readLittleText(commentary),
      content,
      createdAt: Date.now(),
      likes: 0,
    };
    this.posts.push(post);
    return { status: 201, body: '', headers: { 'x-restli-id': post.urn, 'x-linkedin-id': post.urn } };
  }

  #checkContent(content: Record<string, unknown>, author: string): string | null {
    const media = content.media as { id?: string } | undefined;
    const multi = content.multiImage as { images?: { id?: string }[] } | undefined;
    const article = content.article as { source?: string; title?: string } | undefined;
    if (article)
      return article.source && article.title ? null : '/content/article :: source and title are required';
    const ids = media ? [media.id] : (multi?.images ?? []).map((i) => i.id);
    if (multi && (ids.length < 2 || ids.length > 20)) return '/content/multiImage/images :: 2 to 20 images';
    if (!media && !multi) return '/content :: unsupported content';
    if (media?.id?.startsWith('urn:li:video:')) return this.videos.problemAsMedia(media.id, author);
    for (const id of ids) {
      const image = this.images.get(id ?? '');
      if (!image || image.owner !== author) return `Image ${id} does not exist or belongs to someone else`;
      if (image.status !== 'AVAILABLE') return `Image ${id} is not AVAILABLE (${image.status})`;
    }
    return null;
  }

  #postsByAuthor(r: FakeRequest): FakeResponse {
    if (r.query.get('q') !== 'author') return error(400, 'Unsupported finder');
    const author = r.query.get('author');
    if (!author) return error(400, 'author is required');
    const count = Math.min(Number(r.query.get('count') ?? 10), 100);
    const mine = this.posts.filter((p) => p.author === author).reverse();
    return {
      status: 200,
      json: { elements: mine.slice(0, count).map((p) => this.#render(p)), paging: { count } },
    };
  }

  #createComment(r: FakeRequest): FakeResponse {
    const postUrn = r.params.urn ?? '';
    if (!this.posts.some((p) => p.urn === postUrn)) return error(404, 'Not Found');
    const body = r.json<{
      actor?: string;
      object?: string;
      message?: { text?: string };
      parentComment?: string;
    }>();
    if (!body.actor || !body.message?.text) return error(422, 'actor and message.text are required');
    if (body.object !== postUrn) return error(422, 'object must be the post the comment is on');
    if (!this.#mayActAs(body.actor)) return error(403, `Not enough permissions to comment as ${body.actor}`);
    if (body.parentComment && !this.comments.some((c) => c.urn === body.parentComment))
      return error(404, 'Parent comment not found');
    const c = this.addComment(postUrn, body.actor, body.message.text);
    c.parentComment = body.parentComment ?? null;
    return { status: 201, json: this.#renderComment(c), headers: { 'x-restli-id': c.urn } };
  }

  #shareStatistics(r: FakeRequest): FakeResponse {
    if (r.query.get('q') !== 'organizationalEntity') return error(400, 'Unsupported finder');
    const org = r.query.get('organizationalEntity') ?? '';
    if (!this.organizations.has(org)) return error(403, 'Not an administrator of this organization');
    // Rest.li 2.0 lists: shares=List(urn%3Ali%3Ashare%3A1,…)
    const listed = ['shares', 'ugcPosts'].flatMap((k) =>
      (/^List\((.*)\)$/.exec(r.query.get(k) ?? '')?.[1] ?? '')
        .split(',')
        .filter(Boolean)
        .map(decodeURIComponent),
    );
    const elements = this.posts
      .filter((p) => p.author === org && listed.includes(p.urn))
      .map((p) => ({
        share: p.urn,
        organizationalEntity: org,
        totalShareStatistics: {
          impressionCount: 10 * (p.likes + 1),
          clickCount: p.likes,
          likeCount: p.likes,
          commentCount: this.comments.filter((c) => c.postUrn === p.urn).length,
          shareCount: 0,
        },
      }));
    return { status: 200, json: { elements } };
  }

  #render(p: FakeLinkedInPost) {
    return {
      id: p.urn,
      author: p.author,
      commentary: p.commentary,
      visibility: 'PUBLIC',
      lifecycleState: 'PUBLISHED',
      createdAt: p.createdAt,
      publishedAt: p.createdAt,
      lastModifiedAt: p.createdAt,
      ...(p.content ? { content: p.content } : {}),
    };
  }

  #renderComment(c: FakeLinkedInComment) {
    return {
      id: c.urn.replace(/^.*,(\d+)\)$/, '$1'),
      commentUrn: c.urn,
      actor: c.actor,
      object: c.postUrn,
      message: { text: c.text },
      created: { actor: c.actor, time: c.createdAt },
      ...(c.parentComment ? { parentComment: c.parentComment } : {}),
    };
  }

  /** Versioned /rest calls must say which version and protocol they speak. */
  #rest(r: FakeRequest, scope: string, handler: () => FakeResponse): FakeResponse {
    if (!/^\d{6}$/.test(String(r.headers['linkedin-version'] ?? '')))
      return error(426, 'A valid LinkedIn-Version header (YYYYMM) is required', { code: 'VERSION_MISSING' });
    if (r.headers['x-restli-protocol-version'] !== '2.0.0')
      return error(400, 'X-Restli-Protocol-Version must be 2.0.0');
    return this.#authed(r, scope, handler);
  }

  #authed(r: FakeRequest, scope: string, handler: () => FakeResponse): FakeResponse {
    const token = bearer(r);
    if (!this.oauth.valid(token))
      return error(401, 'Invalid access token', { serviceErrorCode: 65600, code: 'INVALID_ACCESS_TOKEN' });
    if (!this.oauth.access.get(token!)!.scope.split(/[ ,+]/).includes(scope))
      return error(403, `Not enough permissions to access this resource (needs ${scope})`, {
        serviceErrorCode: 100,
        code: 'ACCESS_DENIED',
      });
    return handler();
  }
}
