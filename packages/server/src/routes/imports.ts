import {
  type Context,
  CSV_COLUMNS,
  CSV_MAX_BYTES,
  CSV_MAX_ROWS,
  createFeed,
  deleteFeed,
  FEED_MODES,
  importPostsFromCsv,
  listFeeds,
  pollFeed,
} from '@araldo/engine';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorFor } from '../auth';
import { commonErrors, errorBody, id, isoInstant, pageOf, workspaceParams } from '../schemas';

const CSV_TYPES = ['text/csv', 'application/csv'];

const feed = z
  .object({
    id,
    workspaceId: id,
    url: z.string(),
    title: z.string().nullable(),
    channelIds: z.array(id),
    mode: z.enum(FEED_MODES),
    backfill: z.number(),
    active: z.boolean(),
    createdBy: id,
    polledAt: isoInstant.nullable(),
    lastError: z.string().nullable(),
    createdAt: isoInstant,
  })
  .meta({ id: 'Feed' });

const feedParams = workspaceParams.extend({ feedId: id });

/** Bulk ways in: a CSV file of posts, and RSS/Atom feeds that turn new items into posts. */
export const importRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    // The file is the raw body, as `curl --data-binary @posts.csv` sends it. The limit here
    // is above the engine's so that a large file gets the engine's plain-words answer.
    app.addContentTypeParser(
      CSV_TYPES,
      { parseAs: 'string', bodyLimit: CSV_MAX_BYTES * 2 },
      (_r, body, done) => done(null, body),
    );

    app.post(
      '/workspaces/:workspaceId/posts/import',
      {
        bodyLimit: CSV_MAX_BYTES * 2,
        schema: {
          tags: ['posts'],
          summary:
            `Import posts from a CSV file sent as the body (Content-Type text/csv), at most ${CSV_MAX_ROWS} rows ` +
            `and ${CSV_MAX_BYTES / 1024 / 1024} MB. Columns: ${CSV_COLUMNS.join(', ')} (docs/csv-import.md). ` +
            'Every row is checked first; if any is wrong, the answer lists each one by line number and nothing is imported',
          consumes: CSV_TYPES,
          params: workspaceParams,
          body: z.string(),
          response: {
            201: z.object({
              imported: z.number(),
              posts: z.array(z.object({ line: z.number(), postId: id, scheduled: z.boolean() })),
            }),
            ...commonErrors,
            413: errorBody,
            415: errorBody,
          },
        },
      },
      async (request, reply) => {
        const actor = await actorFor(ctx, request, request.params.workspaceId);
        const result = await importPostsFromCsv(ctx, actor, request.params.workspaceId, request.body);
        return reply.status(201).send(result);
      },
    );

    app.get(
      '/workspaces/:workspaceId/feeds',
      {
        schema: {
          tags: ['feeds'],
          summary: 'RSS and Atom feeds that make posts from their new items',
          params: workspaceParams,
          response: { 200: pageOf(feed), ...commonErrors },
        },
      },
      async (request) => {
        const actor = await actorFor(ctx, request, request.params.workspaceId);
        return { items: await listFeeds(ctx, actor, request.params.workspaceId), nextCursor: null };
      },
    );

    app.post(
      '/workspaces/:workspaceId/feeds',
      {
        schema: {
          tags: ['feeds'],
          summary:
            'Add a feed. Each new item becomes a post (title and link) on the channels: a `draft`, published ' +
            'as soon as possible (`now`), or in each channel’s next free posting slot (`queue`). The feed is read ' +
            'once now, so a URL that is not a feed, or a private address, is refused here. `backfill` items ' +
            'already in the feed are posted on the first poll',
          params: workspaceParams,
          body: z.strictObject({
            url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048),
            channelIds: z.array(id).min(1).max(100),
            mode: z.enum(FEED_MODES),
            backfill: z.number().int().min(0).max(20).optional(),
          }),
          response: { 201: feed, ...commonErrors },
        },
      },
      async (request, reply) => {
        const actor = await actorFor(ctx, request, request.params.workspaceId);
        return reply.status(201).send(await createFeed(ctx, actor, request.params.workspaceId, request.body));
      },
    );

    app.delete(
      '/workspaces/:workspaceId/feeds/:feedId',
      {
        schema: {
          tags: ['feeds'],
          summary: 'Stop following a feed; posts already made from it stay',
          params: feedParams,
          response: { 204: z.null(), ...commonErrors },
        },
      },
      async (request, reply) => {
        const { workspaceId, feedId } = request.params;
        const actor = await actorFor(ctx, request, workspaceId);
        await deleteFeed(ctx, actor, workspaceId, feedId);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/workspaces/:workspaceId/feeds/:feedId/poll',
      {
        schema: {
          tags: ['feeds'],
          summary: 'Read the feed now; the answer lists the posts made from its new items',
          params: feedParams,
          response: {
            200: z.object({
              status: z.enum(['created', 'not_modified', 'failed', 'raced']),
              postIds: z.array(id),
              drafted: z.number(),
              error: z.string().nullable(),
              feed,
            }),
            ...commonErrors,
          },
        },
      },
      async (request) => {
        const { workspaceId, feedId } = request.params;
        const actor = await actorFor(ctx, request, workspaceId);
        return pollFeed(ctx, actor, workspaceId, feedId);
      },
    );
  };
