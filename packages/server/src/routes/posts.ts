import { notFound } from '@araldo/core';
import { type Context, createPost, deletePost, ensureAllowed, updatePost } from '@araldo/engine';
import { findPost, listPosts } from '@araldo/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorFor } from '../auth';
import { commonErrors, id, pageOf, pageQuery, post, workspaceParams } from '../schemas';

const postParams = workspaceParams.extend({ postId: id });
// Generous ceilings: the per-network limits are checked later, with each network's own rules.
const text = z.string().max(100_000);
const link = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048);
const media = z.array(id).max(50);

const variantInput = z.strictObject({
  channelId: id,
  text: text.nullable().optional(),
  media: media.nullable().optional(),
  link: link.nullable().optional(),
  firstComment: text.nullable().optional(),
  options: z.record(z.string().max(64), z.unknown()).optional(),
});

const postFields = {
  text,
  channelIds: z.array(id).max(100),
  media: media.optional(),
  link: link.nullable().optional(),
  firstComment: text.nullable().optional(),
  campaign: z.string().max(200).nullable().optional(),
  variants: z.array(variantInput).max(100).optional(),
};

const statusFilter = z.enum([
  'draft',
  'awaiting_approval',
  'approved',
  'rejected',
  'scheduled',
  'published',
  'failed',
]);

export const postRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/workspaces/:workspaceId/posts',
      {
        schema: {
          tags: ['posts'],
          summary: 'Posts, newest first',
          params: workspaceParams,
          querystring: pageQuery.extend({ status: statusFilter.optional() }),
          response: { 200: pageOf(post), ...commonErrors },
        },
      },
      async (request) => {
        const actor = await actorFor(ctx, request, request.params.workspaceId);
        ensureAllowed(actor, 'posts.read');
        return listPosts(ctx.store.db, request.params.workspaceId, request.query);
      },
    );

    app.post(
      '/workspaces/:workspaceId/posts',
      {
        schema: {
          tags: ['posts'],
          summary: 'Write a post for one or more channels, with optional per-channel overrides',
          params: workspaceParams,
          body: z.strictObject(postFields),
          response: { 201: post, ...commonErrors },
        },
      },
      async (request, reply) => {
        const actor = await actorFor(ctx, request, request.params.workspaceId);
        return reply.status(201).send(await createPost(ctx, actor, request.params.workspaceId, request.body));
      },
    );

    app.get(
      '/workspaces/:workspaceId/posts/:postId',
      {
        schema: {
          tags: ['posts'],
          summary: 'One post with its per-channel variants',
          params: postParams,
          response: { 200: post, ...commonErrors },
        },
      },
      async (request) => {
        const { workspaceId, postId } = request.params;
        const actor = await actorFor(ctx, request, workspaceId);
        ensureAllowed(actor, 'posts.read');
        const found = await findPost(ctx.store.db, workspaceId, postId);
        if (!found) throw notFound('Post');
        return found;
      },
    );

    app.patch(
      '/workspaces/:workspaceId/posts/:postId',
      {
        schema: {
          tags: ['posts'],
          summary: 'Edit a post (its author, or an editor and above)',
          params: postParams,
          body: z.strictObject({
            ...postFields,
            text: text.optional(),
            channelIds: postFields.channelIds.optional(),
          }),
          response: { 200: post, ...commonErrors },
        },
      },
      async (request) => {
        const { workspaceId, postId } = request.params;
        const actor = await actorFor(ctx, request, workspaceId);
        return updatePost(ctx, actor, workspaceId, postId, request.body);
      },
    );

    app.delete(
      '/workspaces/:workspaceId/posts/:postId',
      {
        schema: {
          tags: ['posts'],
          summary: 'Delete a post (its author, or an editor and above)',
          params: postParams,
          response: { 204: z.null(), ...commonErrors },
        },
      },
      async (request, reply) => {
        const { workspaceId, postId } = request.params;
        const actor = await actorFor(ctx, request, workspaceId);
        await deletePost(ctx, actor, workspaceId, postId);
        return reply.status(204).send(null);
      },
    );
  };
