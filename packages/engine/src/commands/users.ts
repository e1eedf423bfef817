import {
  AraldoError,
  conflict,
  invalid,
  isTimeZone,
  newId,
  type Role,
  type User,
  type Workspace,
} from '@araldo/core';
import {
  countUsers,
  findUserByEmail,
  getWorkspace,
  insertOrganization,
  insertUser,
  insertWorkspace,
  recordAudit,
  toUser,
  toWorkspace,
  upsertMembership,
} from '@araldo/store';
import type { Context } from '../context';
import { hashPassword } from '../security/passwords';

export const MIN_PASSWORD_LENGTH = 10;

export function checkPassword(password: string) {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw invalid(`Password must be at least ${MIN_PASSWORD_LENGTH} characters`, [
      { path: 'password', message: `at least ${MIN_PASSWORD_LENGTH} characters` },
    ]);
  }
}

export function checkTimeZone(zone: string, path = 'timeZone') {
  if (!isTimeZone(zone)) {
    throw invalid(`${zone} is not an IANA time zone (e.g. Europe/Rome)`, [
      { path, message: 'not an IANA time zone' },
    ]);
  }
}

export async function isSetupNeeded(ctx: Context): Promise<boolean> {
  return (await countUsers(ctx.store.db)) === 0;
}

export interface OwnerInput {
  email: string;
  password: string;
  name?: string | undefined;
  workspaceName?: string | undefined;
  timeZone?: string | undefined;
  locale?: string | undefined;
}

/**
 * First run: the first user becomes owner of a new organization and its first workspace.
 * Refuses once anyone exists, so the setup page cannot be replayed to take over.
 */
export async function createOwner(
  ctx: Context,
  input: OwnerInput,
): Promise<{ user: User; workspace: Workspace }> {
  checkPassword(input.password);
  const timeZone = input.timeZone ?? 'UTC';
  checkTimeZone(timeZone);
  const passwordHash = await hashPassword(input.password);
  return ctx.store.db.transaction().execute(async (trx) => {
    if ((await countUsers(trx)) > 0) throw conflict('Araldo is already set up; sign in instead');
    const userId = newId();
    const name = input.name?.trim() || input.email.split('@')[0] || input.email;
    await insertUser(trx, {
      id: userId,
      email: input.email,
      name,
      passwordHash,
      locale: input.locale ?? 'en',
    });
    const orgId = newId();
    const wsId = newId();
    const wsName = input.workspaceName?.trim() || 'My workspace';
    await insertOrganization(trx, { id: orgId, name: wsName });
    await insertWorkspace(trx, { id: wsId, organizationId: orgId, name: wsName, timeZone });
    await upsertMembership(trx, { workspaceId: wsId, userId, role: 'owner' });
    await recordAudit(trx, {
      workspaceId: wsId,
      actorId: userId,
      action: 'setup.completed',
      targetType: 'user',
      targetId: userId,
      after: { email: input.email, workspace: wsName },
    });
    const user = await trx.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
    const ws = await getWorkspace(trx, wsId);
    return { user: toUser(user), workspace: toWorkspace(ws!) };
  });
}

/** An account made by an administrator (CLI or members screen), optionally placed in a workspace. */
export async function createUser(
  ctx: Context,
  input: { email: string; password: string; name?: string | undefined },
  membership?: { workspaceId: string; role: Role; actorId: string | null },
): Promise<User> {
  checkPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  return ctx.store.db.transaction().execute(async (trx) => {
    if (await findUserByEmail(trx, input.email)) {
      throw new AraldoError('conflict', `A user with email ${input.email} already exists`, {
        details: [{ path: 'email', message: 'already in use' }],
      });
    }
    const id = newId();
    await insertUser(trx, {
      id,
      email: input.email,
      name: input.name?.trim() || input.email.split('@')[0] || input.email,
      passwordHash,
    });
    if (membership) {
      await upsertMembership(trx, { workspaceId: membership.workspaceId, userId: id, role: membership.role });
      await recordAudit(trx, {
        workspaceId: membership.workspaceId,
        actorId: membership.actorId,
        action: 'member.added',
        targetType: 'user',
        targetId: id,
        after: { email: input.email, role: membership.role },
      });
    }
    const row = await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return toUser(row);
  });
}
