import { type ApiToken, iso } from '@araldo/core';
import type { Kysely, Selectable } from 'kysely';
import type { ApiTokensTable, Schema } from '../schema';

export async function insertSession(
  db: Kysely<Schema>,
  s: { tokenHash: string; userId: string; csrfToken: string; expiresAt: number },
  now = Date.now(),
) {
  await db
    .insertInto('sessions')
    .values({
      token_hash: s.tokenHash,
      user_id: s.userId,
      csrf_token: s.csrfToken,
      created_at: now,
      expires_at: s.expiresAt,
    })
    .execute();
}

export async function findLiveSession(db: Kysely<Schema>, tokenHash: string, now = Date.now()) {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function deleteSession(db: Kysely<Schema>, tokenHash: string) {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteSessionsOfUser(db: Kysely<Schema>, userId: string) {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export const toApiToken = (r: Selectable<ApiTokensTable>): ApiToken => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scope: r.scope,
  createdAt: iso(r.created_at),
  lastUsedAt: r.last_used_at === null ? null : iso(r.last_used_at),
  expiresAt: r.expires_at === null ? null : iso(r.expires_at),
});

export async function insertApiToken(
  db: Kysely<Schema>,
  t: {
    id: string;
    userId: string;
    name: string;
    tokenHash: string;
    prefix: string;
    scope: 'read' | 'write';
    expiresAt: number | null;
  },
  now = Date.now(),
) {
  await db
    .insertInto('api_tokens')
    .values({
      id: t.id,
      user_id: t.userId,
      name: t.name,
      token_hash: t.tokenHash,
      prefix: t.prefix,
      scope: t.scope,
      created_at: now,
      last_used_at: null,
      expires_at: t.expiresAt,
    })
    .execute();
}

export async function findApiTokenByHash(db: Kysely<Schema>, tokenHash: string) {
  return db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function touchApiToken(db: Kysely<Schema>, id: string, now = Date.now()) {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

export async function listApiTokens(db: Kysely<Schema>, userId: string) {
  const rows = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toApiToken);
}

export async function deleteApiToken(db: Kysely<Schema>, userId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('api_tokens')
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function recordLoginFailure(
  db: Kysely<Schema>,
  f: { id: string; email: string; ip: string },
  now = Date.now(),
) {
  await db.insertInto('login_failures').values({ id: f.id, email: f.email, ip: f.ip, at: now }).execute();
}

export async function countLoginFailures(
  db: Kysely<Schema>,
  by: { email: string } | { ip: string },
  since: number,
): Promise<number> {
  let q = db
    .selectFrom('login_failures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('at', '>', since);
  q = 'email' in by ? q.where('email', '=', by.email) : q.where('ip', '=', by.ip);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function clearLoginFailures(db: Kysely<Schema>, email: string) {
  await db.deleteFrom('login_failures').where('email', '=', email).execute();
}

/** Housekeeping: expired sessions and old login failures are of no use to anyone. */
export async function purgeExpired(db: Kysely<Schema>, now = Date.now(), failureWindowMs = 86_400_000) {
  const sessions = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  const failures = await db
    .deleteFrom('login_failures')
    .where('at', '<', now - failureWindowMs)
    .executeTakeFirst();
  const states = await db.deleteFrom('oauth_states').where('expires_at', '<=', now).executeTakeFirst();
  return {
    sessions: Number(sessions.numDeletedRows),
    loginFailures: Number(failures.numDeletedRows),
    oauthStates: Number(states.numDeletedRows),
  };
}
