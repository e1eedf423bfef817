import { can, forbidden, minimumRole, type Permission } from '@araldo/core';
import type { Actor } from '../context';

export function ensureAllowed(actor: Actor, permission: Permission) {
  if (!can(actor.role, permission)) {
    throw forbidden(`This needs the ${minimumRole(permission)} role or above; you are ${actor.role}`);
  }
}
