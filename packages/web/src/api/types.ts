/**
 * The shapes the server answers with. The domain types live in @araldo/core (imported for
 * their types only, so nothing of core reaches the bundle); the request and answer envelopes
 * specific to HTTP are declared here.
 */
import type {
  ApiToken,
  Channel,
  DeliveryState,
  Evergreen,
  MediaAsset,
  Member,
  Page,
  Post,
  PostStatus,
  Role,
  User,
  Variant,
  Workspace,
  WorkspaceWithRole,
} from '@araldo/core';

export type {
  ApiToken,
  Channel,
  DeliveryState,
  Evergreen,
  MediaAsset,
  Member,
  Page,
  Post,
  PostStatus,
  Role,
  User,
  Variant,
  Workspace,
  WorkspaceWithRole,
};

export type Locale = 'en' | 'it';
export type TokenScope = ApiToken['scope'];

export interface SetupStatus {
  needed: boolean;
}

export interface SetupInput {
  email: string;
  password: string;
  name: string;
  workspaceName: string;
  timeZone: string;
}

export interface SetupAnswer {
  user: User;
  workspace: Workspace;
  csrfToken: string;
}

export interface LoginAnswer {
  user: User;
  csrfToken: string;
}

export interface Me {
  user: User;
  workspaces: WorkspaceWithRole[];
  /** null when the caller authenticated with an API token rather than the session cookie */
  csrfToken: string | null;
}

export interface NewToken {
  token: ApiToken;
  secret: string;
}

export interface AddMemberInput {
  email: string;
  role: Role;
  name?: string;
  password?: string;
}

export type ConnectKind = 'oauth2' | 'app_password' | 'access_token' | 'none';

/** A network this Araldo can connect (GET /networks); the list is the server's, never ours. */
export interface Network {
  id: string;
  name: string;
  connect: ConnectKind;
  /** The credential fields a form login asks for: server/service, identifier, appPassword, accessToken. */
  fields: string[];
  /** false for an OAuth network whose app credentials the administrator has not set. */
  available: boolean;
  capabilities: Record<string, unknown>;
}

/** POST /workspaces/:ws/channels: the network checks the credentials before anything is saved. */
export interface ConnectChannelInput {
  network: string;
  name?: string;
  timeZone?: string;
  server?: string;
  identifier?: string;
  appPassword?: string;
  accessToken?: string;
}

/** A weekly posting slot in the channel's zone; ISO weekday, Monday = 1. */
export interface Slot {
  weekday: number;
  time: string;
}

export interface ChannelPatch {
  name?: string;
  timeZone?: string;
  status?: 'active' | 'disabled';
  slots?: Slot[];
}

/** One (post, channel) pair on its way out (GET /posts → deliveries, and the events stream). */
export interface Delivery {
  id: string;
  postId: string;
  channelId: string;
  state: DeliveryState;
  dueAt: string | null;
  attempts: number;
  remoteId: string | null;
  remoteUrl: string | null;
  failureClass: string | null;
  failureReason: string | null;
  publishedAt: string | null;
  /** The latest numbers read from the network (GET /posts only; not on the events stream). */
  metrics?: DeliveryMetrics | null;
}

/** POST /channels/:id/queue: one change to a channel's queue. */
export type QueueChange = { op: 'reorder'; deliveryIds: string[] } | { op: 'shuffle' | 'pause' | 'resume' };

/** POST /posts/:id/metrics/refresh: the post with its numbers read now. */
export interface MetricsRefresh {
  post: PostWithDeliveries;
  synced: number;
  /** Channels that could not be read now; their last numbers stay. */
  skipped: { channelId: string; reason: string; message: string }[];
}

/** A published delivery's reactions, as last read from its network. */
export interface DeliveryMetrics {
  likes: number;
  comments: number;
  shares: number;
  /** null where the network does not report it */
  impressions: number | null;
  clicks: number | null;
  engagement: number;
  fetchedAt: string;
}

export interface PostReview {
  by?: string;
  at?: string;
  approved?: boolean;
  comment?: string | null;
}

export interface PostWithDeliveries extends Post {
  schedule: Record<string, unknown> | null;
  review: PostReview | null;
  /** Re-queued when it does well (absent from servers before evergreen posts). */
  evergreen?: Evergreen | null;
  deliveries: Delivery[];
}

/** When to publish: now, a channel's next queue slot, a wall-clock time in a zone, or a recurrence. */
export type ScheduleInput =
  | { kind: 'now' }
  | { kind: 'queue' }
  | { kind: 'at'; at: string; timeZone: string }
  /** An RFC 5545 RRULE line on the clock of `timeZone`, anchored at `start` (`YYYY-MM-DDTHH:mm`). */
  | { kind: 'recurring'; rrule: string; start: string; timeZone: string };

export interface VariantInput {
  channelId: string;
  text?: string | null;
  media?: string[] | null;
  link?: string | null;
  firstComment?: string | null;
  options?: Record<string, unknown>;
}

export interface PostInput {
  text: string;
  channelIds: string[];
  media?: string[];
  link?: string | null;
  firstComment?: string | null;
  variants?: VariantInput[];
  /** null turns it off; a recurring post cannot be evergreen. */
  evergreen?: Evergreen | null;
  schedule?: ScheduleInput;
}

/** What an edit changes; `variants` replaces them all. */
export type PostFields = Partial<Omit<PostInput, 'schedule'>>;

/**
 * PATCH /posts/:id: the fields that change, and optionally a new `schedule` saved with them in
 * one transaction (`null` withdraws what has not gone out, back to a draft).
 */
export type PostPatch = PostFields & { schedule?: ScheduleInput | null };

/** GET /workspaces/:ws/posts: pages, narrowed by post status, channel and a range of instants. */
export interface PostListQuery {
  status?: PostStatus;
  channelId?: string;
  /** ISO instants: posts with a delivery published, or else due, in [from, to). */
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

/** A post waiting in a channel's queue, at the slot it holds. */
export interface QueuedItem {
  deliveryId: string;
  postId: string;
  text: string;
  dueAt: string;
}

/** GET /channels/:id/queue: the queued posts in publishing order. */
export interface QueueView {
  paused: boolean;
  items: QueuedItem[];
}

/** GET /channels/:id/queue/slots: the next slots no pending post holds. */
export interface FreeSlots {
  timeZone: string;
  hasSlots: boolean;
  slots: string[];
}

/** POST /text/measure: the network's own count. */
export interface TextMeasure {
  network: string;
  length: number;
  limit: number;
  fits: boolean;
}

/** A workspace notice (GET /workspaces/:ws/notifications); `kind` like `channel.needs_reconnect`. */
export interface Notice {
  id: string;
  kind: string;
  message: string;
  channelId: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface ErrorDetail {
  path: string;
  message: string;
}

export interface ErrorBody {
  error: { code: string; message: string; details?: ErrorDetail[] };
}
