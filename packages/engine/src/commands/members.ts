import { conflict, forbidden, invalid, type Member, notFound, type Role } from '@araldo/core';
import {
  countOwners,
  deleteMembership,
  findUserByEmail,
  getRole,
  listMembers,
  recordAudit,
  upsertMembership,
} from '@araldo/store';
import type { Actor, Context } from '../context';
import { ensureAllowed } from './guard';
import { createUser } from './users';

/** Only an owner may hand out or take away ownership. */
function checkOwnerRule(actor: Actor, ...roles: (Role | undefined)[]) {
  if (roles.includes('owner') && actor.role !== 'owner') {
    throw forbidden('Only an owner can grant or remove the owner role');
  }
}

async function memberOf(ctx: Context, workspaceId: string, userId: string): Promise<Member> {
  const member = (await listMembers(ctx.store.db, workspaceId)).find((m) => m.userId === userId);
  if (!member) throw notFound('Member');
  return member;
}

export async function addMember(
  ctx: Context,
  actor: Actor,
  workspaceId: string,
  input: { email: string; role: Role; name?: string | undefined; password?: string | undefined },
): Promise<Member> {
  ensureAllowed(actor, 'members.manage');
  checkOwnerRule(actor, input.role);
  const existing = await findUserByEmail(ctx.store.db, input.email);
  if (!existing) {
    if (!input.password) {
      throw invalid(`${input.email} has no account yet: give a name and an initial password`, [
        { path: 'password', message: 'required for a new account' },
      ]);
    }
    const user = await createUser(ctx, input as { email: string; password: string; name?: string }, {
      workspaceId,
      role: input.role,
      actorId: actor.userId,
    });
    return memberOf(ctx, workspaceId, user.id);
  }
  await ctx.store.db.transaction().execute(async (trx) => {
    if (await getRole(trx, workspaceId, existing.id)) throw conflict(`${input.email} is already a member`);
    await upsertMembership(trx, { workspaceId, userId: existing.id, role: input.role });
    await recordAudit(trx, {
      workspaceId,
      actorId: actor.userId,
      action: 'member.added',
      targetType: 'user',
      targetId: existing.id,
      after: { email: existing.email, role: input.role },
    });
  });
  return memberOf(ctx, workspaceId, existing.id);
}

export async function changeMemberRole(
  ctx: Context,
  actor: Actor,
  workspaceId: string,
  userId: string,
  role: Role,
): Promise<Member> {
  ensureAllowed(actor, 'members.manage');
  await ctx.store.db.transaction().execute(async (trx) => {
    const current = await getRole(trx, workspaceId, userId);
    if (!current) throw notFound('Member');
    checkOwnerRule(actor, current, role);
    if (current === 'owner' && role !== 'owner' && (await countOwners(trx, workspaceId)) <= 1) {
      throw conflict('A workspace needs at least one owner; make someone else owner first');
    }
    await upsertMembership(trx, { workspaceId, userId, role });
    await recordAudit(trx, {
      workspaceId,
      actorId: actor.userId,
      action: 'member.role_changed',
      targetType: 'user',
      targetId: userId,
      before: { role: current },
      after: { role },
    });
  });
  return memberOf(ctx, workspaceId, userId);
}

export async function removeMember(ctx: Context, actor: Actor, workspaceId: string, userId: string) {
  // Anyone may leave; removing someone else takes the right to manage members.
  if (userId !== actor.userId) ensureAllowed(actor, 'members.manage');
  await ctx.store.db.transaction().execute(async (trx) => {
    const current = await getRole(trx, workspaceId, userId);
    if (!current) throw notFound('Member');
    if (userId !== actor.userId) checkOwnerRule(actor, current);
    if (current === 'owner' && (await countOwners(trx, workspaceId)) <= 1) {
      throw conflict('A workspace needs at least one owner; make someone else owner first');
    }
    await deleteMembership(trx, workspaceId, userId);
    await recordAudit(trx, {
      workspaceId,
      actorId: actor.userId,
      action: 'member.removed',
      targetType: 'user',
      targetId: userId,
      before: { role: current },
    });
  });
}
