import type { Kysely } from 'kysely';
import type { CredentialCipher } from '../credential-cipher';
import type { Schema } from '../schema';

export interface PendingConnection {
  workspaceId: string;
  userId: string;
  network: string;
  codeVerifier: string | null;
  redirectUri: string;
}

export async function savePendingConnection(
  db: Kysely<Schema>,
  cipher: CredentialCipher,
  state: string,
  p: PendingConnection,
  ttlMs = 15 * 60_000,
  now = Date.now(),
) {
  await db
    .insertInto('oauth_states')
    .values({
      state,
      workspace_id: p.workspaceId,
      user_id: p.userId,
      network: p.network,
      sealed: cipher.seal({ codeVerifier: p.codeVerifier, redirectUri: p.redirectUri }),
      created_at: now,
      expires_at: now + ttlMs,
    })
    .execute();
}

/** Takes the pending connection out: a state is good for one callback only. */
export async function takePendingConnection(
  db: Kysely<Schema>,
  cipher: CredentialCipher,
  state: string,
  now = Date.now(),
): Promise<PendingConnection | undefined> {
  const row = await db.selectFrom('oauth_states').selectAll().where('state', '=', state).executeTakeFirst();
  if (!row) return undefined;
  await db.deleteFrom('oauth_states').where('state', '=', state).execute();
  if (row.expires_at <= now) return undefined;
  const sealed = cipher.open<{ codeVerifier: string | null; redirectUri: string }>(row.sealed);
  return { workspaceId: row.workspace_id, userId: row.user_id, network: row.network, ...sealed };
}
