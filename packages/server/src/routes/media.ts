import { notFound } from '@araldo/core';
import { type Context, deleteMedia, ensureAllowed, MEDIA_TYPES, uploadMedia } from '@araldo/engine';
import { findMediaAsset, listMediaAssets, toMediaAsset } from '@araldo/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorFor } from '../auth';
import { commonErrors, errorBody, id, mediaAsset, pageOf, pageQuery, workspaceParams } from '../schemas';

const mediaParams = workspaceParams.extend({ mediaId: id });

export const mediaRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    // Uploads are the raw file as the body (what fetch(file) and curl --data-binary send).
    app.addContentTypeParser(
      Object.keys(MEDIA_TYPES),
      { parseAs: 'buffer', bodyLimit: ctx.config.maxUploadBytes },
      (_request, body, done) => done(null, body),
    );

    app.get(
      '/workspaces/:workspaceId/media',
      {
        schema: {
          tags: ['media'],
          summary: 'Uploaded images and videos, newest first',
          params: workspaceParams,
          querystring: pageQuery,
          response: { 200: pageOf(mediaAsset), ...commonErrors },
        },
      },
      async (request) => {
        const actor = await actorFor(ctx, request, request.params.workspaceId);
        ensureAllowed(actor, 'media.read');
        return listMediaAssets(ctx.store.db, request.params.workspaceId, request.query);
      },
    );

    app.post(
      '/workspaces/:workspaceId/media',
      {
        bodyLimit: ctx.config.maxUploadBytes,
        schema: {
          tags: ['media'],
          summary: `Upload one file as the request body (Content-Type one of ${Object.keys(MEDIA_TYPES).join(', ')})`,
          params: workspaceParams,
          querystring: z.strictObject({ filename: z.string().trim().min(1).max(255) }),
          response: { 201: mediaAsset, ...commonErrors, 413: errorBody, 415: errorBody },
        },
      },
      async (request, reply) => {
        const actor = await actorFor(ctx, request, request.params.workspaceId);
        const body = request.body;
        const declaredType = (request.headers['content-type'] ?? '').split(';')[0]!.trim();
        const asset = await uploadMedia(ctx, actor, request.params.workspaceId, {
          filename: request.query.filename,
          declaredType,
          body: Buffer.isBuffer(body) ? body : Buffer.alloc(0),
        });
        return reply.status(201).send(asset);
      },
    );

    app.get(
      '/workspaces/:workspaceId/media/:mediaId',
      {
        schema: {
          tags: ['media'],
          summary: 'One media item',
          params: mediaParams,
          response: { 200: mediaAsset, ...commonErrors },
        },
      },
      async (request) => {
        const { workspaceId, mediaId } = request.params;
        const actor = await actorFor(ctx, request, workspaceId);
        ensureAllowed(actor, 'media.read');
        const row = await findMediaAsset(ctx.store.db, workspaceId, mediaId);
        if (!row) throw notFound('Media');
        return toMediaAsset(row);
      },
    );

    app.get(
      '/workspaces/:workspaceId/media/:mediaId/content',
      { schema: { tags: ['media'], summary: 'The file itself', params: mediaParams } },
      async (request, reply) => {
        const { workspaceId, mediaId } = request.params;
        const actor = await actorFor(ctx, request, workspaceId);
        ensureAllowed(actor, 'media.read');
        const row = await findMediaAsset(ctx.store.db, workspaceId, mediaId);
        if (!row) throw notFound('Media');
        return reply
          .header('content-type', row.mime_type)
          .header('content-length', String(row.size_bytes))
          .header('cache-control', 'private, max-age=31536000, immutable')
          .send(ctx.media.open(row.storage_key));
      },
    );

    app.delete(
      '/workspaces/:workspaceId/media/:mediaId',
      {
        schema: {
          tags: ['media'],
          summary: 'Delete a media item (editor)',
          params: mediaParams,
          response: { 204: z.null(), ...commonErrors },
        },
      },
      async (request, reply) => {
        const { workspaceId, mediaId } = request.params;
        const actor = await actorFor(ctx, request, workspaceId);
        await deleteMedia(ctx, actor, workspaceId, mediaId);
        return reply.status(204).send(null);
      },
    );
  };
