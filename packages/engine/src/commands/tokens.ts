import { type ApiToken, newId, notFound } from '@araldo/core';
import { deleteApiToken, insertApiToken, listApiTokens } from '@araldo/store';
import type { Context } from '../context';
import { newApiTokenSecret } from '../security/tokens';

/** The secret is returned this once; only its hash is kept. */
export async function createApiToken(
  ctx: Context,
  userId: string,
  input: { name: string; scope: 'read' | 'write'; expiresInDays?: number | undefined },
  now = Date.now(),
): Promise<{ token: ApiToken; secret: string }> {
  const { secret, hash, prefix } = newApiTokenSecret();
  const id = newId();
  const expiresAt = input.expiresInDays === undefined ? null : now + input.expiresInDays * 86_400_000;
  await insertApiToken(
    ctx.store.db,
    { id, userId, name: input.name, tokenHash: hash, prefix, scope: input.scope, expiresAt },
    now,
  );
  const token = (await listApiTokens(ctx.store.db, userId)).find((t) => t.id === id)!;
  return { token, secret };
}

export async function revokeApiToken(ctx: Context, userId: string, id: string) {
  if (!(await deleteApiToken(ctx.store.db, userId, id))) throw notFound('Token');
}
