import type { NetworkId } from './networks';
import type { Role } from './roles';

/** What the API and CLI show. Instants are ISO-8601 UTC strings. */
export interface Workspace {
  id: string;
  organizationId: string;
  name: string;
  timeZone: string;
  createdAt: string;
}

export interface WorkspaceWithRole extends Workspace {
  role: Role;
}

export interface User {
  id: string;
  email: string;
  name: string;
  locale: string;
  createdAt: string;
}

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}

export type ChannelStatus = 'active' | 'needs_reconnect' | 'disabled';

export interface Channel {
  id: string;
  workspaceId: string;
  network: NetworkId;
  name: string;
  accountId: string;
  accountHandle: string | null;
  timeZone: string;
  status: ChannelStatus;
  settings: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export type PostStatus =
  | 'draft'
  | 'awaiting_approval'
  | 'approved'
  | 'rejected'
  | 'scheduled'
  | 'published'
  | 'failed';

export interface Variant {
  channelId: string;
  /** null = inherit the post's value */
  text: string | null;
  media: string[] | null;
  link: string | null;
  firstComment: string | null;
  options: Record<string, unknown>;
}

export interface Post {
  id: string;
  workspaceId: string;
  authorId: string;
  text: string;
  media: string[];
  link: string | null;
  firstComment: string | null;
  campaign: string | null;
  status: PostStatus;
  variants: Variant[];
  createdAt: string;
  updatedAt: string;
}

export interface MediaAsset {
  id: string;
  workspaceId: string;
  filename: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  scope: 'read' | 'write';
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

export interface AuditEntry {
  id: string;
  workspaceId: string | null;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
  at: string;
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

export const iso = (epochMs: number): string => new Date(epochMs).toISOString();
