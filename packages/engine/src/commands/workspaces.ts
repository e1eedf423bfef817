import { newId, notFound, type Workspace } from '@araldo/core';
import {
  deleteWorkspace as deleteWorkspaceRow,
  getWorkspace,
  insertOrganization,
  insertWorkspace,
  listWorkspacesOfUser,
  recordAudit,
  toWorkspace,
  updateWorkspace as updateWorkspaceRow,
  upsertMembership,
} from '@araldo/store';
import type { Actor, Context } from '../context';
import { ensureAllowed } from './guard';
import { checkTimeZone } from './users';

/**
 * A new workspace joins the organization of one the creator administers, or starts a new
 * organization when they administer none (a freelancer's second client, say).
 */
export async function createWorkspace(
  ctx: Context,
  userId: string,
  input: { name: string; timeZone: string },
): Promise<Workspace> {
  checkTimeZone(input.timeZone);
  return ctx.store.db.transaction().execute(async (trx) => {
    const administered = (await listWorkspacesOfUser(trx, userId)).find(
      (w) => w.role === 'owner' || w.role === 'admin',
    );
    let organizationId = administered?.organizationId;
    if (!organizationId) {
      organizationId = newId();
      await insertOrganization(trx, { id: organizationId, name: input.name });
    }
    const id = newId();
    await insertWorkspace(trx, { id, organizationId, name: input.name, timeZone: input.timeZone });
    await upsertMembership(trx, { workspaceId: id, userId, role: 'owner' });
    await recordAudit(trx, {
      workspaceId: id,
      actorId: userId,
      action: 'workspace.created',
      targetType: 'workspace',
      targetId: id,
      after: input,
    });
    return toWorkspace((await getWorkspace(trx, id))!);
  });
}

export async function updateWorkspace(
  ctx: Context,
  actor: Actor,
  workspaceId: string,
  patch: { name?: string | undefined; timeZone?: string | undefined },
): Promise<Workspace> {
  ensureAllowed(actor, 'workspace.update');
  if (patch.timeZone !== undefined) checkTimeZone(patch.timeZone);
  return ctx.store.db.transaction().execute(async (trx) => {
    const before = await getWorkspace(trx, workspaceId);
    if (!before) throw notFound('Workspace');
    await updateWorkspaceRow(trx, workspaceId, patch);
    const after = toWorkspace((await getWorkspace(trx, workspaceId))!);
    await recordAudit(trx, {
      workspaceId,
      actorId: actor.userId,
      action: 'workspace.updated',
      targetType: 'workspace',
      targetId: workspaceId,
      before: { name: before.name, timeZone: before.time_zone },
      after: { name: after.name, timeZone: after.timeZone },
    });
    return after;
  });
}

export async function deleteWorkspace(ctx: Context, actor: Actor, workspaceId: string) {
  ensureAllowed(actor, 'workspace.delete');
  await ctx.store.db.transaction().execute(async (trx) => {
    // The audit row would vanish with the workspace (cascade), so it is kept unattached.
    await recordAudit(trx, {
      workspaceId: null,
      actorId: actor.userId,
      action: 'workspace.deleted',
      targetType: 'workspace',
      targetId: workspaceId,
    });
    await deleteWorkspaceRow(trx, workspaceId);
  });
}
