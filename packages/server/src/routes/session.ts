import type { Context } from '@araldo/engine';
import { createOwner, currentUser, isSetupNeeded, login, logout, openSession } from '@araldo/engine';
import { listWorkspacesOfUser, updateUser } from '@araldo/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clearSessionCookie, requireUser, SESSION_COOKIE, setSessionCookie } from '../auth';
import { commonErrors, timeZone, user, workspace, workspaceWithRole } from '../schemas';

const email = z.email({ error: 'must be an email address' }).max(254);
const password = z.string().min(1).max(1024);
const newPassword = z.string().min(10, 'at least 10 characters').max(1024);

/** First run, sign in and out, and the caller's own profile. */
export const sessionRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/setup',
      {
        schema: {
          tags: ['session'],
          summary: 'Whether the first owner still has to be created',
          response: { 200: z.object({ needed: z.boolean() }) },
        },
      },
      async () => ({ needed: await isSetupNeeded(ctx) }),
    );

    app.post(
      '/setup',
      {
        schema: {
          tags: ['session'],
          summary: 'Create the first owner and workspace (only on a fresh install)',
          body: z.strictObject({
            email,
            password: newPassword,
            name: z.string().trim().min(1).max(120),
            workspaceName: z.string().trim().min(1).max(120),
            timeZone,
            locale: z.enum(['en', 'it']).optional(),
          }),
          response: { 201: z.object({ user, workspace, csrfToken: z.string() }), ...commonErrors },
        },
      },
      async (request, reply) => {
        const { user: created, workspace: ws } = await createOwner(ctx, request.body);
        const grant = await openSession(ctx, created.id);
        setSessionCookie(reply, ctx, grant);
        return reply.status(201).send({ user: created, workspace: ws, csrfToken: grant.csrfToken });
      },
    );

    app.post(
      '/auth/login',
      {
        schema: {
          tags: ['session'],
          summary: 'Sign in with email and password; sets the session cookie',
          body: z.strictObject({ email, password }),
          response: { 200: z.object({ user, csrfToken: z.string() }), ...commonErrors },
        },
      },
      async (request, reply) => {
        const grant = await login(ctx, { ...request.body, ip: request.ip });
        setSessionCookie(reply, ctx, grant);
        return { user: grant.user, csrfToken: grant.csrfToken };
      },
    );

    app.post(
      '/auth/logout',
      { schema: { tags: ['session'], summary: 'Sign out (ends this session)' } },
      async (request, reply) => {
        const cookie = request.cookies[SESSION_COOKIE];
        if (cookie && request.principal?.kind === 'session') await logout(ctx, cookie);
        clearSessionCookie(reply);
        return reply.status(204).send();
      },
    );

    app.get(
      '/me',
      {
        schema: {
          tags: ['session'],
          summary: 'The signed-in user, their workspaces and the CSRF token for this session',
          response: {
            200: z.object({ user, workspaces: z.array(workspaceWithRole), csrfToken: z.string().nullable() }),
            ...commonErrors,
          },
        },
      },
      async (request) => {
        const principal = requireUser(request);
        return {
          user: await currentUser(ctx, principal.userId),
          workspaces: await listWorkspacesOfUser(ctx.store.db, principal.userId),
          csrfToken: principal.kind === 'session' ? principal.csrfToken : null,
        };
      },
    );

    app.patch(
      '/me',
      {
        schema: {
          tags: ['session'],
          summary: 'Change your name or language',
          body: z.strictObject({
            name: z.string().trim().min(1).max(120).optional(),
            locale: z.enum(['en', 'it']).optional(),
          }),
          response: { 200: z.object({ user }), ...commonErrors },
        },
      },
      async (request) => {
        const principal = requireUser(request);
        await updateUser(ctx.store.db, principal.userId, request.body);
        return { user: await currentUser(ctx, principal.userId) };
      },
    );
  };
