import { iso } from '@araldo/core';
import { withContext } from '../environment';
import { printJson, printRows } from '../output';

export async function userList(o: { json?: boolean }) {
  await withContext(async (ctx) => {
    const rows = await ctx.store.db
      .selectFrom('users')
      .select(['id', 'email', 'name', 'created_at'])
      .orderBy('id')
      .execute();
    const items = rows.map((r) => ({ id: r.id, email: r.email, name: r.name, createdAt: iso(r.created_at) }));
    if (o.json) return printJson(items);
    printRows(items, ['id', 'email', 'name', 'createdAt']);
  });
}
