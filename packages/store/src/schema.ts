import type { DeliveryState, Role } from '@araldo/core';

/**
 * Instants are epoch milliseconds (bigint on PostgreSQL, integer on SQLite) so both
 * dialects compare and index them the same way; JSON is stored as text for the same reason.
 */
export interface OrganizationsTable {
  id: string;
  name: string;
  created_at: number;
}

export interface WorkspacesTable {
  id: string;
  organization_id: string;
  name: string;
  time_zone: string;
  created_at: number;
  updated_at: number;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  locale: string;
  created_at: number;
}

export interface MembershipsTable {
  workspace_id: string;
  user_id: string;
  role: Role;
  created_at: number;
}

export interface SessionsTable {
  /** sha256 of the cookie value: a stolen database does not yield live sessions. */
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  /** The first characters of the token, shown in listings so people can tell tokens apart. */
  prefix: string;
  scope: 'read' | 'write';
  created_at: number;
  last_used_at: number | null;
  expires_at: number | null;
}

export interface LoginFailuresTable {
  id: string;
  email: string;
  ip: string;
  at: number;
}

export interface ChannelsTable {
  id: string;
  workspace_id: string;
  network: string;
  name: string;
  account_id: string;
  account_handle: string | null;
  time_zone: string;
  status: 'active' | 'needs_reconnect' | 'disabled';
  /** AES-256-GCM envelope; never returned by any API. */
  credentials: string | null;
  settings: string;
  created_at: number;
  updated_at: number;
  checked_at: number | null;
}

export interface PostsTable {
  id: string;
  workspace_id: string;
  author_id: string;
  text: string;
  media: string;
  link: string | null;
  first_comment: string | null;
  campaign: string | null;
  status: 'draft' | 'awaiting_approval' | 'approved' | 'rejected' | 'scheduled' | 'published' | 'failed';
  created_at: number;
  updated_at: number;
  /** JSON: how the post is scheduled (now, at an instant, queue, recurring); null for drafts. */
  schedule: string | null;
  /** JSON: the last approval decision (who, when, comment). */
  review: string | null;
  /** JSON `{ afterDays, maxTimes }`: re-queued while it does better than the channel's median. */
  evergreen: string | null;
}

export interface VariantsTable {
  id: string;
  workspace_id: string;
  post_id: string;
  channel_id: string;
  text: string | null;
  media: string | null;
  link: string | null;
  first_comment: string | null;
  options: string;
}

export interface MediaAssetsTable {
  id: string;
  workspace_id: string;
  uploaded_by: string;
  filename: string;
  mime_type: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
  created_at: number;
}

export interface AuditLogTable {
  id: string;
  workspace_id: string | null;
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  before: string | null;
  after: string | null;
  at: number;
}

export interface OAuthStatesTable {
  state: string;
  workspace_id: string;
  user_id: string;
  network: string;
  sealed: string;
  created_at: number;
  expires_at: number;
}

export interface NotificationsTable {
  id: string;
  workspace_id: string;
  kind: string;
  message: string;
  channel_id: string | null;
  created_at: number;
  read_at: number | null;
  /** When the e-mail pass handled the notice (e-mails queued, or none needed); null = not yet. */
  email_queued_at: number | null;
}

export interface DeliveriesTable {
  id: string;
  workspace_id: string;
  post_id: string;
  channel_id: string;
  occurrence: number;
  state: DeliveryState;
  due_at: number | null;
  attempt_count: number;
  journal: string;
  remote_id: string | null;
  remote_url: string | null;
  failure_class: string | null;
  failure_reason: string | null;
  published_at: number | null;
  /** When the evergreen decision on this published delivery was taken; null = not yet. */
  evergreen_decided_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface AttemptsTable {
  id: string;
  delivery_id: string;
  workspace_id: string;
  worker: string;
  started_at: number;
  finished_at: number | null;
  outcome: string | null;
  failure_class: string | null;
  message: string | null;
  remote_id: string | null;
}

export interface JobsTable {
  id: string;
  queue: string;
  key: string;
  payload: string;
  run_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  attempts: number;
  created_at: number;
}

export interface WebhookEndpointsTable {
  id: string;
  workspace_id: string;
  url: string;
  description: string | null;
  /** Sealed with the credential cipher; never returned by any API after creation. */
  secret: string;
  /** JSON list of the event types the endpoint subscribes to. */
  events: string;
  active: number;
  created_at: number;
  updated_at: number;
}

export interface WebhookDeliveriesTable {
  id: string;
  workspace_id: string;
  endpoint_id: string;
  event_id: string;
  type: string;
  payload: string;
  state: 'pending' | 'delivered' | 'failed';
  attempt_count: number;
  next_attempt_at: number | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: number | null;
  created_at: number;
}

export interface FeedsTable {
  id: string;
  workspace_id: string;
  created_by: string;
  url: string;
  title: string | null;
  /** JSON list of channel ids the feed's posts go to. */
  channel_ids: string;
  mode: 'draft' | 'queue' | 'now';
  backfill: number;
  /** JSON list of item keys already handled. */
  seen: string;
  etag: string | null;
  last_modified: string | null;
  version: number;
  active: number;
  polled_at: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

/** One e-mail to one person about one notification, rendered when queued. */
export interface MailOutboxTable {
  id: string;
  workspace_id: string;
  notification_id: string;
  user_id: string;
  to_address: string;
  locale: string;
  subject: string;
  text_body: string;
  html_body: string;
  state: 'pending' | 'sent' | 'failed';
  attempt_count: number;
  /** When the row is next due; pushed forward by a claim, so it is also the lease. */
  next_attempt_at: number;
  claim_token: string | null;
  last_error: string | null;
  sent_at: number | null;
  created_at: number;
}

export interface RateWindowsTable {
  /** `channel:<id>` or `app:<network>`. */
  key: string;
  window_start: number;
  used: number;
}

/** The latest metrics of a published delivery; counts the network does not give are null. */
export interface DeliveryMetricsTable {
  delivery_id: string;
  workspace_id: string;
  channel_id: string;
  likes: number;
  comments: number;
  shares: number;
  impressions: number | null;
  clicks: number | null;
  /** likes + comments + shares + clicks. */
  engagement: number;
  raw: string;
  fetched_at: number | null;
  /** Also the claim of a sync pass; null once the delivery is too old to be read again. */
  next_sync_at: number | null;
  created_at: number;
}

export interface Schema {
  organizations: OrganizationsTable;
  workspaces: WorkspacesTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_failures: LoginFailuresTable;
  channels: ChannelsTable;
  posts: PostsTable;
  variants: VariantsTable;
  media_assets: MediaAssetsTable;
  audit_log: AuditLogTable;
  oauth_states: OAuthStatesTable;
  notifications: NotificationsTable;
  deliveries: DeliveriesTable;
  attempts: AttemptsTable;
  jobs: JobsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  feeds: FeedsTable;
  mail_outbox: MailOutboxTable;
  rate_windows: RateWindowsTable;
  delivery_metrics: DeliveryMetricsTable;
}
