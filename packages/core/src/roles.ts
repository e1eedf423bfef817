/**
 * Roles are ordered: each one can do everything the one below it can. Permissions are
 * named by what they protect, so a route asks `can(role, 'posts.approve')` and never
 * compares role names itself.
 */
export const ROLES = ['viewer', 'contributor', 'editor', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

const MINIMUM_ROLE = {
  'workspace.read': 'viewer',
  'workspace.update': 'admin',
  'workspace.delete': 'owner',
  'members.read': 'viewer',
  'members.manage': 'admin',
  'channels.read': 'viewer',
  'channels.manage': 'admin',
  'posts.read': 'viewer',
  'posts.create': 'contributor',
  'posts.edit_any': 'editor',
  'posts.approve': 'editor',
  'media.read': 'viewer',
  'media.upload': 'contributor',
  'media.delete': 'editor',
  'audit.read': 'admin',
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof MINIMUM_ROLE;
export const PERMISSIONS = Object.keys(MINIMUM_ROLE) as Permission[];

export const roleRank = (role: Role): number => ROLES.indexOf(role);

export const can = (role: Role, permission: Permission): boolean =>
  roleRank(role) >= roleRank(MINIMUM_ROLE[permission]);

export const minimumRole = (permission: Permission): Role => MINIMUM_ROLE[permission];

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
