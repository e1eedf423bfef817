import { notFound } from '@araldo/core';
import { createWorkspace } from '@araldo/engine';
import { findUserByEmail, listWorkspaces } from '@araldo/store';
import { withContext } from '../environment';
import { printJson, printRows } from '../output';
import { defaultUser } from './tokens';

export async function workspaceList(o: { json?: boolean }) {
  await withContext(async (ctx) => {
    const items = await listWorkspaces(ctx.store.db);
    if (o.json) return printJson(items);
    printRows(
      items.map((w) => ({ ...w })),
      ['id', 'name', 'timeZone', 'createdAt'],
    );
  });
}

export async function workspaceCreate(o: { name: string; timeZone: string; owner?: string; json?: boolean }) {
  await withContext(async (ctx) => {
    const owner = o.owner ? await findUserByEmail(ctx.store.db, o.owner) : await defaultUser(ctx);
    if (!owner) throw notFound(`User ${o.owner}`);
    const ws = await createWorkspace(ctx, owner.id, { name: o.name, timeZone: o.timeZone });
    if (o.json) return printJson(ws);
    console.log(`Created workspace "${ws.name}" (${ws.id}), owned by ${owner.email}.`);
  });
}
