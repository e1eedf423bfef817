import { AraldoError, newId, type Role, type User, unauthorized } from '@araldo/core';
import {
  clearLoginFailures,
  countLoginFailures,
  deleteSession,
  findApiTokenByHash,
  findLiveSession,
  findUserByEmail,
  findUserById,
  getRole,
  insertSession,
  normalizeEmail,
  recordLoginFailure,
  toUser,
  touchApiToken,
} from '@araldo/store';
import type { Context } from '../context';
import { decoyHash, verifyPassword } from '../security/passwords';
import { API_TOKEN_PREFIX, hashToken, randomToken } from '../security/tokens';

const FAILURE_WINDOW_MS = 15 * 60_000;
const MAX_FAILURES_PER_EMAIL = 5;
const MAX_FAILURES_PER_IP = 30;

export interface SessionGrant {
  user: User;
  /** The cookie value; only its hash is stored. */
  sessionToken: string;
  csrfToken: string;
  expiresAt: number;
}

export async function openSession(ctx: Context, userId: string, now = Date.now()) {
  const sessionToken = randomToken();
  const csrfToken = randomToken(24);
  const expiresAt = now + ctx.config.sessionDays * 86_400_000;
  await insertSession(
    ctx.store.db,
    { tokenHash: hashToken(sessionToken), userId, csrfToken, expiresAt },
    now,
  );
  return { sessionToken, csrfToken, expiresAt };
}

export async function login(
  ctx: Context,
  input: { email: string; password: string; ip: string },
  now = Date.now(),
): Promise<SessionGrant> {
  const db = ctx.store.db;
  const email = normalizeEmail(input.email);
  const since = now - FAILURE_WINDOW_MS;
  const [byEmail, byIp] = await Promise.all([
    countLoginFailures(db, { email }, since),
    countLoginFailures(db, { ip: input.ip }, since),
  ]);
  if (byEmail >= MAX_FAILURES_PER_EMAIL || byIp >= MAX_FAILURES_PER_IP) {
    throw new AraldoError('rate_limited', 'Too many failed sign-ins; wait 15 minutes and try again', {
      retryAfterSeconds: FAILURE_WINDOW_MS / 1000,
    });
  }
  const user = await findUserByEmail(db, email);
  const ok = await verifyPassword(input.password, user?.password_hash ?? (await decoyHash()));
  if (!user || !ok) {
    await recordLoginFailure(db, { id: newId(), email, ip: input.ip }, now);
    throw unauthorized('Wrong email or password');
  }
  await clearLoginFailures(db, email);
  return { user: toUser(user), ...(await openSession(ctx, user.id, now)) };
}

export async function logout(ctx: Context, sessionToken: string) {
  await deleteSession(ctx.store.db, hashToken(sessionToken));
}

export interface SessionPrincipal {
  kind: 'session';
  userId: string;
  csrfToken: string;
  tokenHash: string;
}
export interface TokenPrincipal {
  kind: 'token';
  userId: string;
  tokenId: string;
  scope: 'read' | 'write';
}
export type Principal = SessionPrincipal | TokenPrincipal;

export async function authenticateSession(
  ctx: Context,
  sessionToken: string,
): Promise<SessionPrincipal | undefined> {
  const tokenHash = hashToken(sessionToken);
  const session = await findLiveSession(ctx.store.db, tokenHash);
  return session
    ? { kind: 'session', userId: session.user_id, csrfToken: session.csrf_token, tokenHash }
    : undefined;
}

export async function authenticateApiToken(ctx: Context, secret: string, now = Date.now()) {
  if (!secret.startsWith(API_TOKEN_PREFIX)) return undefined;
  const row = await findApiTokenByHash(ctx.store.db, hashToken(secret));
  if (!row || (row.expires_at !== null && row.expires_at <= now)) return undefined;
  // Coarse on purpose: one write a minute per token, not one per request.
  if (row.last_used_at === null || now - row.last_used_at > 60_000)
    await touchApiToken(ctx.store.db, row.id, now);
  return { kind: 'token', userId: row.user_id, tokenId: row.id, scope: row.scope } satisfies TokenPrincipal;
}

export async function currentUser(ctx: Context, userId: string): Promise<User> {
  const row = await findUserById(ctx.store.db, userId);
  if (!row) throw unauthorized();
  return toUser(row);
}

/** The caller's role in a workspace; a workspace they do not belong to does not exist for them. */
export async function roleIn(ctx: Context, workspaceId: string, userId: string): Promise<Role> {
  const role = await getRole(ctx.store.db, workspaceId, userId);
  if (!role) throw new AraldoError('not_found', 'Workspace not found');
  return role;
}

export async function actorForUser(ctx: Context, workspaceId: string, userId: string) {
  return { userId, role: await roleIn(ctx, workspaceId, userId) };
}
