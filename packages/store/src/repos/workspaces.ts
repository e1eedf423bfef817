import { iso, type Member, type Role, type Workspace, type WorkspaceWithRole } from '@araldo/core';
import type { Kysely, Selectable } from 'kysely';
import type { Schema, WorkspacesTable } from '../schema';

export const toWorkspace = (r: Selectable<WorkspacesTable>): Workspace => ({
  id: r.id,
  organizationId: r.organization_id,
  name: r.name,
  timeZone: r.time_zone,
  createdAt: iso(r.created_at),
});

export async function insertOrganization(
  db: Kysely<Schema>,
  org: { id: string; name: string },
  now = Date.now(),
) {
  await db.insertInto('organizations').values({ id: org.id, name: org.name, created_at: now }).execute();
}

export async function insertWorkspace(
  db: Kysely<Schema>,
  ws: { id: string; organizationId: string; name: string; timeZone: string },
  now = Date.now(),
) {
  await db
    .insertInto('workspaces')
    .values({
      id: ws.id,
      organization_id: ws.organizationId,
      name: ws.name,
      time_zone: ws.timeZone,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

export async function getWorkspace(db: Kysely<Schema>, id: string) {
  return db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listWorkspaces(db: Kysely<Schema>) {
  const rows = await db.selectFrom('workspaces').selectAll().orderBy('id').execute();
  return rows.map(toWorkspace);
}

export async function listWorkspacesOfUser(db: Kysely<Schema>, userId: string): Promise<WorkspaceWithRole[]> {
  const rows = await db
    .selectFrom('workspaces')
    .innerJoin('memberships', 'memberships.workspace_id', 'workspaces.id')
    .selectAll('workspaces')
    .select('memberships.role')
    .where('memberships.user_id', '=', userId)
    .orderBy('workspaces.id')
    .execute();
  return rows.map((r) => ({ ...toWorkspace(r), role: r.role }));
}

export async function updateWorkspace(
  db: Kysely<Schema>,
  id: string,
  patch: { name?: string | undefined; timeZone?: string | undefined },
  now = Date.now(),
) {
  await db
    .updateTable('workspaces')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.timeZone !== undefined ? { time_zone: patch.timeZone } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteWorkspace(db: Kysely<Schema>, id: string) {
  await db.deleteFrom('workspaces').where('id', '=', id).execute();
}

export async function getRole(
  db: Kysely<Schema>,
  workspaceId: string,
  userId: string,
): Promise<Role | undefined> {
  const row = await db
    .selectFrom('memberships')
    .select('role')
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.role;
}

export async function listMembers(db: Kysely<Schema>, workspaceId: string): Promise<Member[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.email', 'users.name', 'memberships.role', 'memberships.created_at'])
    .where('memberships.workspace_id', '=', workspaceId)
    .orderBy('memberships.created_at')
    .orderBy('users.email')
    .execute();
  return rows.map((r) => ({
    userId: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    createdAt: iso(r.created_at),
  }));
}

export async function upsertMembership(
  db: Kysely<Schema>,
  m: { workspaceId: string; userId: string; role: Role },
  now = Date.now(),
) {
  await db
    .insertInto('memberships')
    .values({ workspace_id: m.workspaceId, user_id: m.userId, role: m.role, created_at: now })
    .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doUpdateSet({ role: m.role }))
    .execute();
}

export async function deleteMembership(db: Kysely<Schema>, workspaceId: string, userId: string) {
  await db
    .deleteFrom('memberships')
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .execute();
}

export async function countOwners(db: Kysely<Schema>, workspaceId: string): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
