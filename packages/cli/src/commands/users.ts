import { invalid, isRole, notFound, type Role } from '@araldo/core';
import { createOwner, createUser, isSetupNeeded } from '@araldo/engine';
import { findUserByEmail, listWorkspaces } from '@araldo/store';
import { withContext } from '../environment';
import { printJson } from '../output';

export interface UserCreateOptions {
  email: string;
  password: string;
  name?: string;
  workspace?: string;
  role?: string;
  timeZone?: string;
  json?: boolean;
}

/**
 * On a fresh install the first user becomes the owner of a default workspace; later users
 * join a workspace (the one given, or the first) with the role given.
 */
export async function userCreate(o: UserCreateOptions) {
  await withContext(async (ctx) => {
    if (await isSetupNeeded(ctx)) {
      const timeZone = o.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
      const result = await createOwner(ctx, {
        email: o.email,
        password: o.password,
        name: o.name,
        timeZone,
      });
      if (o.json) return printJson({ ...result, role: 'owner' });
      console.log(
        `Created ${result.user.email}, owner of workspace "${result.workspace.name}" (${timeZone}).`,
      );
      console.log(`Sign in at ${ctx.config.publicUrl}`);
      return;
    }
    const role = (o.role ?? 'editor') as Role;
    if (!isRole(role)) throw invalid(`--role must be one of owner, admin, editor, contributor, viewer`);
    const workspaces = await listWorkspaces(ctx.store.db);
    const workspace = o.workspace ? workspaces.find((w) => w.id === o.workspace) : workspaces[0];
    if (!workspace) throw notFound(`Workspace ${o.workspace ?? ''}`.trim());
    if (await findUserByEmail(ctx.store.db, o.email)) throw invalid(`${o.email} already has an account`);
    const user = await createUser(ctx, o, { workspaceId: workspace.id, role, actorId: null });
    if (o.json) return printJson({ user, workspace, role });
    console.log(`Created ${user.email}, ${role} in workspace "${workspace.name}".`);
  });
}
