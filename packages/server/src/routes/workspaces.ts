import {
  addMember,
  type Context,
  changeMemberRole,
  createWorkspace,
  deleteWorkspace,
  ensureAllowed,
  removeMember,
  updateWorkspace,
} from '@araldo/engine';
import { getWorkspace, listAudit, listMembers, listWorkspacesOfUser, toWorkspace } from '@araldo/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorFor, requireUser } from '../auth';
import {
  auditEntry,
  commonErrors,
  id,
  member,
  pageOf,
  pageQuery,
  role,
  timeZone,
  workspace,
  workspaceParams,
  workspaceWithRole,
} from '../schemas';

const memberParams = workspaceParams.extend({ userId: id });

export const workspaceRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/workspaces',
      {
        schema: {
          tags: ['workspaces'],
          summary: 'The workspaces you belong to, with your role in each',
          response: { 200: pageOf(workspaceWithRole), ...commonErrors },
        },
      },
      async (request) => ({
        items: await listWorkspacesOfUser(ctx.store.db, requireUser(request).userId),
        nextCursor: null,
      }),
    );

    app.post(
      '/workspaces',
      {
        schema: {
          tags: ['workspaces'],
          summary: 'Create a workspace (a brand or client); you become its owner',
          body: z.strictObject({ name: z.string().trim().min(1).max(120), timeZone }),
          response: { 201: workspace, ...commonErrors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createWorkspace(ctx, requireUser(request).userId, request.body)),
    );

    app.get(
      '/workspaces/:workspaceId',
      {
        schema: {
          tags: ['workspaces'],
          summary: 'One workspace',
          params: workspaceParams,
          response: { 200: workspaceWithRole, ...commonErrors },
        },
      },
      async (request) => {
        const actor = await actorFor(ctx, request, request.params.workspaceId);
        const ws = await getWorkspace(ctx.store.db, request.params.workspaceId);
        return { ...toWorkspace(ws!), role: actor.role };
      },
    );

    app.patch(
      '/workspaces/:workspaceId',
      {
        schema: {
          tags: ['workspaces'],
          summary: 'Rename a workspace or change its default time zone (admin)',
          params: workspaceParams,
          body: z.strictObject({
            name: z.string().trim().min(1).max(120).optional(),
            timeZone: timeZone.optional(),
          }),
          response: { 200: workspace, ...commonErrors },
        },
      },
      async (request) => {
        const actor = await actorFor(ctx, request, request.params.workspaceId);
        return updateWorkspace(ctx, actor, request.params.workspaceId, request.body);
      },
    );

    app.delete(
      '/workspaces/:workspaceId',
      {
        schema: {
          tags: ['workspaces'],
          summary: 'Delete a workspace and everything in it (owner)',
          params: workspaceParams,
          response: { 204: z.null(), ...commonErrors },
        },
      },
      async (request, reply) => {
        const actor = await actorFor(ctx, request, request.params.workspaceId);
        await deleteWorkspace(ctx, actor, request.params.workspaceId);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/workspaces/:workspaceId/members',
      {
        schema: {
          tags: ['members'],
          summary: 'Members and their roles',
          params: workspaceParams,
          response: { 200: pageOf(member), ...commonErrors },
        },
      },
      async (request) => {
        const actor = await actorFor(ctx, request, request.params.workspaceId);
        ensureAllowed(actor, 'members.read');
        return { items: await listMembers(ctx.store.db, request.params.workspaceId), nextCursor: null };
      },
    );

    app.post(
      '/workspaces/:workspaceId/members',
      {
        schema: {
          tags: ['members'],
          summary: 'Add a member by email; a new person also needs a name and an initial password (admin)',
          params: workspaceParams,
          body: z.strictObject({
            email: z.email().max(254),
            role,
            name: z.string().trim().min(1).max(120).optional(),
            password: z.string().min(10, 'at least 10 characters').max(1024).optional(),
          }),
          response: { 201: member, ...commonErrors },
        },
      },
      async (request, reply) => {
        const actor = await actorFor(ctx, request, request.params.workspaceId);
        return reply.status(201).send(await addMember(ctx, actor, request.params.workspaceId, request.body));
      },
    );

    app.patch(
      '/workspaces/:workspaceId/members/:userId',
      {
        schema: {
          tags: ['members'],
          summary: "Change a member's role (admin; owner role only by an owner)",
          params: memberParams,
          body: z.strictObject({ role }),
          response: { 200: member, ...commonErrors },
        },
      },
      async (request) => {
        const { workspaceId, userId } = request.params;
        const actor = await actorFor(ctx, request, workspaceId);
        return changeMemberRole(ctx, actor, workspaceId, userId, request.body.role);
      },
    );

    app.delete(
      '/workspaces/:workspaceId/members/:userId',
      {
        schema: {
          tags: ['members'],
          summary: 'Remove a member (admin), or leave the workspace yourself',
          params: memberParams,
          response: { 204: z.null(), ...commonErrors },
        },
      },
      async (request, reply) => {
        const { workspaceId, userId } = request.params;
        const actor = await actorFor(ctx, request, workspaceId);
        await removeMember(ctx, actor, workspaceId, userId);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/workspaces/:workspaceId/audit',
      {
        schema: {
          tags: ['workspaces'],
          summary: 'Who did what, newest first (admin)',
          params: workspaceParams,
          querystring: pageQuery,
          response: { 200: pageOf(auditEntry), ...commonErrors },
        },
      },
      async (request) => {
        const actor = await actorFor(ctx, request, request.params.workspaceId);
        ensureAllowed(actor, 'audit.read');
        return listAudit(ctx.store.db, request.params.workspaceId, request.query);
      },
    );
  };
