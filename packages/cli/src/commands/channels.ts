import { type Channel, notFound } from '@araldo/core';
import type { Context } from '@araldo/engine';
import { connectChannel } from '@araldo/engine';
import { listChannels, listWorkspaces } from '@araldo/store';
import { withContext } from '../environment';
import { printJson, printRows } from '../output';
import { defaultUser } from './tokens';

/** `--workspace` defaults to the only or first workspace, as the CLI contract says. */
export async function resolveWorkspace(ctx: Context, id: string | undefined) {
  const workspaces = await listWorkspaces(ctx.store.db);
  const workspace = id ? workspaces.find((w) => w.id === id) : workspaces[0];
  if (!workspace) throw notFound(id ? `Workspace ${id}` : 'Any workspace (run `araldo user create` first)');
  return workspace;
}

export interface ChannelAddOptions {
  workspace?: string;
  name?: string;
  timeZone?: string;
  service?: string;
  server?: string;
  identifier?: string;
  appPassword?: string;
  token?: string;
  json?: boolean;
}

export async function channelAdd(network: string, o: ChannelAddOptions) {
  await withContext(async (ctx) => {
    const workspace = await resolveWorkspace(ctx, o.workspace);
    const owner = await defaultUser(ctx);
    // The CLI runs with the database's own authority, as the workspace's owner.
    const channel = await connectChannel(ctx, { userId: owner.id, role: 'owner' }, workspace.id, {
      network,
      name: o.name,
      timeZone: o.timeZone,
      server: o.service ?? o.server,
      fields: { identifier: o.identifier, appPassword: o.appPassword, accessToken: o.token },
    });
    if (o.json) return printJson(channel);
    console.log(
      `Connected ${channel.network} ${channel.accountHandle ?? channel.name} (${channel.id}) to "${workspace.name}".`,
    );
  });
}

export async function channelList(o: { workspace?: string; json?: boolean }) {
  await withContext(async (ctx) => {
    const workspace = await resolveWorkspace(ctx, o.workspace);
    const items: Channel[] = [];
    let cursor: string | undefined;
    do {
      const page = await listChannels(ctx.store.db, workspace.id, { limit: 200, cursor });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    if (o.json) return printJson(items);
    printRows(
      items.map((c) => ({ ...c })),
      ['id', 'network', 'name', 'accountHandle', 'status', 'timeZone'],
    );
  });
}
