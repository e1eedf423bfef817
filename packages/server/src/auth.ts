import { forbidden, unauthorized } from '@araldo/core';
import {
  type Actor,
  authenticateApiToken,
  authenticateSession,
  type Context,
  type Principal,
  roleIn,
} from '@araldo/engine';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export const SESSION_COOKIE = 'araldo_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Reads who is calling from a bearer token or the session cookie. A cookie alone never
 * authorises a change: the CSRF header must match the session's token (synchroniser pattern).
 */
export function installAuthentication(app: FastifyInstance, ctx: Context) {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/v1/')) return;
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const principal = match?.[1] ? await authenticateApiToken(ctx, match[1]) : undefined;
      if (!principal) throw unauthorized('The API token is unknown, revoked or expired');
      if (principal.scope === 'read' && !SAFE_METHODS.has(request.method)) {
        throw forbidden('This API token is read-only');
      }
      request.principal = principal;
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return;
    const principal = await authenticateSession(ctx, cookie);
    if (!principal) return;
    if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== principal.csrfToken) {
      throw forbidden('Missing or wrong x-csrf-token header; reload the page and try again');
    }
    request.principal = principal;
  });
}

export function requireUser(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthorized();
  return request.principal;
}

/** The caller as a member of the workspace in the URL; non-members get 404, not 403. */
export async function actorFor(ctx: Context, request: FastifyRequest, workspaceId: string): Promise<Actor> {
  const principal = requireUser(request);
  return { userId: principal.userId, role: await roleIn(ctx, workspaceId, principal.userId) };
}

export function setSessionCookie(
  reply: FastifyReply,
  ctx: Context,
  grant: { sessionToken: string; expiresAt: number },
) {
  reply.setCookie(SESSION_COOKIE, grant.sessionToken, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.publicUrl.startsWith('https://'),
    expires: new Date(grant.expiresAt),
  });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
