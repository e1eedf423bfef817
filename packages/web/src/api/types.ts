/**
 * The shapes the server answers with. The domain types live in @araldo/core (imported for
 * their types only, so nothing of core reaches the bundle); the request and answer envelopes
 * specific to HTTP are declared here.
 */
import type { ApiToken, Channel, Member, Page, Role, User, Workspace, WorkspaceWithRole } from '@araldo/core';

export type { ApiToken, Channel, Member, Page, Role, User, Workspace, WorkspaceWithRole };

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

export interface ErrorDetail {
  path: string;
  message: string;
}

export interface ErrorBody {
  error: { code: string; message: string; details?: ErrorDetail[] };
}
