import { AraldoError, notFound } from '@araldo/core';
import { type Context, createApiToken } from '@araldo/engine';
import { findUserByEmail } from '@araldo/store';
import { withContext } from '../environment';
import { printJson } from '../output';

/** Without --user, the CLI acts for the only owner (the common single-admin install). */
export async function defaultUser(ctx: Context) {
  const owners = await ctx.store.db
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .where('memberships.role', '=', 'owner')
    .selectAll('users')
    .distinct()
    .execute();
  if (owners.length === 0)
    throw new AraldoError('setup_required', 'No owner yet: run `araldo user create` first');
  if (owners.length > 1) {
    throw new AraldoError('validation_failed', `Several owners exist; say which with --user <email>`);
  }
  return owners[0]!;
}

export async function tokenCreate(o: {
  user?: string;
  name: string;
  scope: string;
  expiresInDays?: string;
  json?: boolean;
}) {
  await withContext(async (ctx) => {
    const user = o.user ? await findUserByEmail(ctx.store.db, o.user) : await defaultUser(ctx);
    if (!user) throw notFound(`User ${o.user}`);
    if (o.scope !== 'read' && o.scope !== 'write') {
      throw new AraldoError('validation_failed', '--scope must be read or write');
    }
    const days = o.expiresInDays === undefined ? undefined : Number(o.expiresInDays);
    if (days !== undefined && (!Number.isInteger(days) || days < 1)) {
      throw new AraldoError('validation_failed', '--expires-in-days must be a whole number of days');
    }
    const created = await createApiToken(ctx, user.id, { name: o.name, scope: o.scope, expiresInDays: days });
    if (o.json) return printJson(created);
    console.log(`Token "${created.token.name}" (${created.token.scope}) for ${user.email}:`);
    console.log(created.secret);
    console.log('This is the only time it is shown. Send it as: Authorization: Bearer <token>');
  });
}
