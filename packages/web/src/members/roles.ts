import type { Role } from '../api/types';

/**
 * The role order of @araldo/core's roles.ts. Only its types reach the web app (its index also
 * holds the server's config parsing), so the ladder is repeated here; the server decides anyway,
 * this only hides controls a role cannot use.
 */
export const ROLES: readonly Role[] = ['viewer', 'contributor', 'editor', 'admin', 'owner'];

const rank = (role: Role): number => ROLES.indexOf(role);

export const atLeast = (role: Role, minimum: Role): boolean => rank(role) >= rank(minimum);

export const canManageMembers = (role: Role): boolean => atLeast(role, 'admin');
export const canUpdateWorkspace = (role: Role): boolean => atLeast(role, 'admin');
export const canManageChannels = (role: Role): boolean => atLeast(role, 'admin');

/** Only an owner grants, changes or removes the owner role. */
export const canChangeMember = (actor: Role, target: Role): boolean =>
  canManageMembers(actor) && (target !== 'owner' || actor === 'owner');

export const grantableRoles = (actor: Role): Role[] =>
  ROLES.filter((role) => role !== 'owner' || actor === 'owner').toReversed();
