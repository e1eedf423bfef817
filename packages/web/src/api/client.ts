import { ApiError, errorFromResponse } from './api-error';
import type {
  AddMemberInput,
  ApiToken,
  Channel,
  ChannelPatch,
  ConnectChannelInput,
  FreeSlots,
  Locale,
  LoginAnswer,
  Me,
  MediaAsset,
  Member,
  MetricsRefresh,
  Network,
  NewToken,
  Notice,
  Page,
  PostInput,
  PostListQuery,
  PostPatch,
  PostWithDeliveries,
  QueueChange,
  QueueView,
  Role,
  ScheduleInput,
  SetupAnswer,
  SetupInput,
  SetupStatus,
  TextMeasure,
  TokenScope,
  User,
  Workspace,
  WorkspaceWithRole,
} from './types';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * One typed client for the whole app. It keeps the CSRF token the server hands out with the
 * session (login, setup and /me answers) and sends it on every request that changes state.
 */
export const createApiClient = (baseUrl = '') => {
  let csrfToken: string | null = null;

  /** JSON in and out; a File goes as the raw body with its own type (media uploads). */
  const request = async <T>(method: Method, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    const file = body instanceof Blob ? body : null;
    if (body !== undefined) headers['content-type'] = file ? file.type : 'application/json';
    if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/api/v1${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        body: file ?? (body === undefined ? null : JSON.stringify(body)),
      });
    } catch (cause) {
      throw new ApiError(0, 'network_error', cause instanceof Error ? cause.message : 'Network error');
    }
    if (!response.ok) throw await errorFromResponse(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  };

  const remember = <T extends { csrfToken: string | null }>(answer: T): T => {
    csrfToken = answer.csrfToken;
    return answer;
  };

  const ws = (workspaceId: string) => `/workspaces/${encodeURIComponent(workspaceId)}`;
  const post = (workspaceId: string, postId: string) =>
    `${ws(workspaceId)}/posts/${encodeURIComponent(postId)}`;

  return {
    setupStatus: () => request<SetupStatus>('GET', '/setup'),
    setup: async (input: SetupInput) => remember(await request<SetupAnswer>('POST', '/setup', input)),

    login: async (email: string, password: string) =>
      remember(await request<LoginAnswer>('POST', '/auth/login', { email, password })),
    logout: async () => {
      await request<void>('POST', '/auth/logout');
      csrfToken = null;
    },
    /** The signed-in person, or null when there is no session. */
    me: async (): Promise<Me | null> => {
      try {
        return remember(await request<Me>('GET', '/me'));
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          csrfToken = null;
          return null;
        }
        throw error;
      }
    },
    updateMe: (patch: { name?: string; locale?: Locale }) => request<{ user: User }>('PATCH', '/me', patch),

    listTokens: () => request<Page<ApiToken>>('GET', '/tokens'),
    createToken: (input: { name: string; scope: TokenScope; expiresInDays?: number }) =>
      request<NewToken>('POST', '/tokens', input),
    revokeToken: (tokenId: string) => request<void>('DELETE', `/tokens/${encodeURIComponent(tokenId)}`),

    listWorkspaces: () => request<Page<WorkspaceWithRole>>('GET', '/workspaces'),
    createWorkspace: (input: { name: string; timeZone: string }) =>
      request<Workspace>('POST', '/workspaces', input),
    updateWorkspace: (workspaceId: string, patch: { name?: string; timeZone?: string }) =>
      request<Workspace>('PATCH', ws(workspaceId), patch),

    listMembers: (workspaceId: string) => request<Page<Member>>('GET', `${ws(workspaceId)}/members`),
    addMember: (workspaceId: string, input: AddMemberInput) =>
      request<Member>('POST', `${ws(workspaceId)}/members`, input),
    changeMemberRole: (workspaceId: string, userId: string, role: Role) =>
      request<Member>('PATCH', `${ws(workspaceId)}/members/${encodeURIComponent(userId)}`, { role }),
    removeMember: (workspaceId: string, userId: string) =>
      request<void>('DELETE', `${ws(workspaceId)}/members/${encodeURIComponent(userId)}`),

    listNetworks: () => request<{ items: Network[] }>('GET', '/networks'),

    listChannels: (workspaceId: string) => request<Page<Channel>>('GET', `${ws(workspaceId)}/channels`),
    connectChannel: (workspaceId: string, input: ConnectChannelInput) =>
      request<Channel>('POST', `${ws(workspaceId)}/channels`, input),
    /** Where to send the browser to consent; the network sends it back to /api/v1/oauth/callback. */
    startOAuth: (workspaceId: string, network: string) =>
      request<{ authorizationUrl: string }>('POST', `${ws(workspaceId)}/channels/oauth/start`, { network }),
    updateChannel: (workspaceId: string, channelId: string, patch: ChannelPatch) =>
      request<Channel>('PATCH', `${ws(workspaceId)}/channels/${encodeURIComponent(channelId)}`, patch),
    deleteChannel: (workspaceId: string, channelId: string) =>
      request<void>('DELETE', `${ws(workspaceId)}/channels/${encodeURIComponent(channelId)}`),
    channelQueue: (workspaceId: string, channelId: string) =>
      request<QueueView>('GET', `${ws(workspaceId)}/channels/${encodeURIComponent(channelId)}/queue`),
    freeQueueSlots: (workspaceId: string, channelId: string, count: number) =>
      request<FreeSlots>(
        'GET',
        `${ws(workspaceId)}/channels/${encodeURIComponent(channelId)}/queue/slots?count=${count}`,
      ),
    /** Queue operations: `reorder` takes every queued delivery id once, in the new order. */
    changeQueue: (workspaceId: string, channelId: string, change: QueueChange) =>
      request<QueueView>(
        'POST',
        `${ws(workspaceId)}/channels/${encodeURIComponent(channelId)}/queue/${change.op}`,
        change.op === 'reorder' ? { deliveryIds: change.deliveryIds } : {},
      ),

    measureText: (network: string, text: string) =>
      request<TextMeasure>('POST', '/text/measure', { network, text }),

    listPosts: (workspaceId: string, query: PostListQuery = {}) => {
      const params = new URLSearchParams({ limit: String(query.limit ?? 200) });
      if (query.status) params.set('status', query.status);
      if (query.channelId) params.set('channelId', query.channelId);
      if (query.from) params.set('from', query.from);
      if (query.to) params.set('to', query.to);
      if (query.cursor) params.set('cursor', query.cursor);
      return request<Page<PostWithDeliveries>>('GET', `${ws(workspaceId)}/posts?${params}`);
    },
    getPost: (workspaceId: string, postId: string) =>
      request<PostWithDeliveries>('GET', post(workspaceId, postId)),
    createPost: (workspaceId: string, input: PostInput) =>
      request<PostWithDeliveries>('POST', `${ws(workspaceId)}/posts`, input),
    updatePost: (workspaceId: string, postId: string, patch: PostPatch) =>
      request<PostWithDeliveries>('PATCH', post(workspaceId, postId), patch),
    deletePost: (workspaceId: string, postId: string) => request<void>('DELETE', post(workspaceId, postId)),
    schedulePost: (workspaceId: string, postId: string, schedule: ScheduleInput) =>
      request<PostWithDeliveries>('POST', `${post(workspaceId, postId)}/schedule`, { schedule }),
    unschedulePost: (workspaceId: string, postId: string) =>
      request<PostWithDeliveries>('POST', `${post(workspaceId, postId)}/unschedule`, {}),
    /** Reads a published post's reactions from each network now, instead of at the next sync. */
    refreshPostMetrics: (workspaceId: string, postId: string) =>
      request<MetricsRefresh>('POST', `${post(workspaceId, postId)}/metrics/refresh`, {}),
    retryPost: (workspaceId: string, postId: string) =>
      request<PostWithDeliveries>('POST', `${post(workspaceId, postId)}/retry`, {}),
    reviewPost: (workspaceId: string, postId: string, decision: 'approve' | 'reject', comment: string) =>
      request<PostWithDeliveries>(
        'POST',
        `${post(workspaceId, postId)}/${decision}`,
        comment.trim() === '' ? {} : { comment: comment.trim() },
      ),

    uploadMedia: (workspaceId: string, file: File) =>
      request<MediaAsset>(
        'POST',
        `${ws(workspaceId)}/media?filename=${encodeURIComponent(file.name || 'upload')}`,
        file,
      ),
    getMedia: (workspaceId: string, mediaId: string) =>
      request<MediaAsset>('GET', `${ws(workspaceId)}/media/${encodeURIComponent(mediaId)}`),
    /** Same origin, so an <img> sends the session cookie. */
    mediaUrl: (workspaceId: string, mediaId: string) =>
      `${baseUrl}/api/v1${ws(workspaceId)}/media/${encodeURIComponent(mediaId)}/content`,
    eventsUrl: (workspaceId: string) => `${baseUrl}/api/v1${ws(workspaceId)}/events`,

    listUnreadNotices: (workspaceId: string) =>
      request<Page<Notice>>('GET', `${ws(workspaceId)}/notifications?unread=true`),
    markNoticesRead: (workspaceId: string, ids: string[]) =>
      request<void>('POST', `${ws(workspaceId)}/notifications/read`, { ids }),
  };
};

export type ApiClient = ReturnType<typeof createApiClient>;
