import { notFound, validateRecurrence } from '@araldo/core';
import {
  type Context,
  checkTimeZone,
  createPost,
  deletePost,
  ensureAllowed,
  retryFailed,
  reviewPost,
  schedulePost,
  unschedulePost,
  updatePost,
  type When,
  withDeliveries,
} from '@araldo/engine';
import { findPost, listPosts } from '@araldo/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorFor } from '../auth';
import {
  commonErrors,
  evergreen,
  id,
  pageOf,
  pageQuery,
  postWithDeliveries as post,
  scheduleInput,
  workspaceParams,
} from '../schemas';

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
  evergreen: evergreen.nullable().optional(),
};

type ScheduleInput = z.infer<typeof scheduleInput>;

function toWhen(input: ScheduleInput): When {
  if (input.kind === 'now') return { kind: 'now' };
  if (input.kind === 'queue') return { kind: 'queue' };
  if (input.kind === 'recurring') {
    checkTimeZone(input.timeZone, 'schedule.timeZone');
    validateRecurrence({ rrule: input.rrule, start: input.start, zone: input.timeZone });
    return { kind: 'recurring', rrule: input.rrule, start: input.start, zone: input.timeZone };
  }
  checkTimeZone(input.timeZone, 'schedule.timeZone');
  return { kind: 'at', local: input.at, zone: input.timeZone };
}

const statusFilter = z.enum([
  'draft',
  'awaiting_approval',
  'approved',
  'rejected',
  'scheduled',
  'published',
  'failed',
]);

const instant = (field: string) =>
  z.iso
    .datetime({ offset: true, error: 'must be an ISO-8601 instant with a zone, like 2026-07-01T00:00:00Z' })
    .optional()
    .meta({ description: `${field}, as an ISO-8601 instant (UTC \`Z\` or an offset)` });

const postListQuery = pageQuery
  .extend({
    status: statusFilter.optional(),
    channelId: id.optional().meta({ description: 'Only posts for this channel' }),
    from: instant('Start of the range, included'),
    to: instant('End of the range, excluded'),
  })
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) < Date.parse(q.to), {
    path: ['to'],
    error: 'must be later than from',
  });

export const postRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/workspaces/:workspaceId/posts',
      {
        schema: {
          tags: ['posts'],
          summary: 'Posts, newest first',
          description:
            'With `from` and/or `to`, only posts with at least one delivery in the half-open range ' +
            '[from, to): a delivery counts at its `publishedAt` once it has gone out, else at its ' +
            '`dueAt` (deliveries without either, such as drafts, never match). A post is listed once ' +
            'with all its deliveries, including those outside the range. With `channelId` as well, the ' +
            'delivery in the range must be on that channel; `channelId` alone lists the posts written ' +
            'for that channel. Results are paged like every list (`limit`, `cursor`).',
          params: workspaceParams,
          querystring: postListQuery,
          response: { 200: pageOf(post), ...commonErrors },
        },
      },
      async (request) => {
        const actor = await actorFor(ctx, request, request.params.workspaceId);
        ensureAllowed(actor, 'posts.read');
        const { from, to, ...query } = request.query;
        const page = await listPosts(ctx.store.db, request.params.workspaceId, {
          ...query,
          from: from === undefined ? undefined : Date.parse(from),
          to: to === undefined ? undefined : Date.parse(to),
        });
        return { ...page, items: await withDeliveries(ctx, request.params.workspaceId, page.items) };
      },
    );

    app.post(
      '/workspaces/:workspaceId/posts',
      {
        schema: {
          tags: ['posts'],
          summary:
            'Write a post for one or more channels, with optional per-channel overrides. With `schedule` it is ' +
            "checked against every channel's rules and scheduled in the same step (a contributor's post goes " +
            'to approval); without, it is a draft',
          params: workspaceParams,
          body: z.strictObject({ ...postFields, schedule: scheduleInput.optional() }),
          response: { 201: post, ...commonErrors },
        },
      },
      async (request, reply) => {
        const { workspaceId } = request.params;
        const actor = await actorFor(ctx, request, workspaceId);
        const { schedule, ...fields } = request.body;
        const created = await createPost(
          ctx,
          actor,
          workspaceId,
          fields,
          schedule ? toWhen(schedule) : undefined,
        );
        const [view] = await withDeliveries(ctx, workspaceId, [created]);
        return reply.status(201).send(view!);
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
        return postView(ctx, workspaceId, postId);
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
            schedule: scheduleInput
              .nullable()
              .optional()
              .describe(
                'A new time saved in the same transaction as the edit; null withdraws what has not gone out (back to draft); left out, the post keeps its time',
              ),
          }),
          response: { 200: post, ...commonErrors },
        },
      },
      async (request) => {
        const { workspaceId, postId } = request.params;
        const actor = await actorFor(ctx, request, workspaceId);
        const { schedule, ...fields } = request.body;
        const updated = await updatePost(
          ctx,
          actor,
          workspaceId,
          postId,
          fields,
          schedule === undefined ? undefined : schedule === null ? null : toWhen(schedule),
        );
        return (await withDeliveries(ctx, workspaceId, [updated]))[0]!;
      },
    );

    const action = (
      path: string,
      summary: string,
      body: z.ZodType,
      run: (
        actor: Awaited<ReturnType<typeof actorFor>>,
        workspaceId: string,
        postId: string,
        body: never,
      ) => Promise<unknown>,
    ) =>
      app.post(
        `/workspaces/:workspaceId/posts/:postId/${path}`,
        {
          schema: {
            tags: ['posts'],
            summary,
            params: postParams,
            body,
            response: { 200: post, ...commonErrors },
          },
        },
        async (request) => {
          const { workspaceId, postId } = request.params;
          const actor = await actorFor(ctx, request, workspaceId);
          await run(actor, workspaceId, postId, request.body as never);
          return postView(ctx, workspaceId, postId);
        },
      );

    action(
      'schedule',
      "Schedule (or reschedule) a post on all its channels; a contributor's post goes to approval",
      z.strictObject({ schedule: scheduleInput }),
      (actor, ws, postId, body: { schedule: ScheduleInput }) =>
        schedulePost(ctx, actor, ws, postId, toWhen(body.schedule)),
    );
    action(
      'unschedule',
      'Withdraw what has not been published yet; deliveries already under way finish and stay visible',
      z.strictObject({}),
      (actor, ws, postId) => unschedulePost(ctx, actor, ws, postId),
    );
    action(
      'approve',
      'Approve a post awaiting approval, with an optional comment (editor)',
      z.strictObject({ comment: z.string().max(2000).optional() }),
      (actor, ws, postId, body: { comment?: string }) =>
        reviewPost(ctx, actor, ws, postId, { approve: true, comment: body.comment }),
    );
    action(
      'reject',
      'Send a post back to its author with a comment (editor)',
      z.strictObject({ comment: z.string().max(2000).optional() }),
      (actor, ws, postId, body: { comment?: string }) =>
        reviewPost(ctx, actor, ws, postId, { approve: false, comment: body.comment }),
    );
    action(
      'retry',
      'Send the failed deliveries of a post again, now, and the held ones (overdue after a reconnect)',
      z.strictObject({}),
      (actor, ws, postId) => retryFailed(ctx, actor, ws, postId),
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

/** One post with its deliveries as the API shows it; 404 when it is not in this workspace. */
export async function postView(ctx: Context, workspaceId: string, postId: string) {
  const found = await findPost(ctx.store.db, workspaceId, postId);
  if (!found) throw notFound('Post');
  return (await withDeliveries(ctx, workspaceId, [found]))[0]!;
}
