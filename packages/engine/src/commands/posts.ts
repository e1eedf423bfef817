import {
  can,
  conflict,
  type ErrorDetail,
  type Evergreen,
  evergreenProblems,
  forbidden,
  IN_FLIGHT_STATES,
  invalid,
  newId,
  notFound,
  PENDING_STATES,
  type Post,
  type Variant,
} from '@araldo/core';
import type { Schema } from '@araldo/store';
import {
  channelIdsInWorkspace,
  deletePost as deletePostRow,
  deliveriesOfPosts,
  findPost,
  insertPost,
  mediaIdsInWorkspace,
  recordAudit,
  replaceVariants,
  updatePost as updatePostRow,
} from '@araldo/store';
import type { Kysely } from 'kysely';
import type { Actor, Context } from '../context';
import { scheduleWithin, unscheduleWithin, validatePost, type When } from '../publishing/schedule';
import { ensureAllowed } from './guard';

export interface VariantInput {
  channelId: string;
  text?: string | null | undefined;
  media?: string[] | null | undefined;
  link?: string | null | undefined;
  firstComment?: string | null | undefined;
  options?: Record<string, unknown> | undefined;
}

export interface PostInput {
  text: string;
  channelIds: string[];
  media?: string[] | undefined;
  link?: string | null | undefined;
  firstComment?: string | null | undefined;
  campaign?: string | null | undefined;
  variants?: VariantInput[] | undefined;
  /** Re-queue the post on each channel `afterDays` after it went out there, while it does well; null = off. */
  evergreen?: Evergreen | null | undefined;
}

/** Every reference must point inside the caller's workspace; all problems are reported together. */
async function checkReferences(db: Kysely<Schema>, workspaceId: string, input: Partial<PostInput>) {
  const problems: ErrorDetail[] = [];
  const channelIds = input.channelIds ?? [];
  const knownChannels = await channelIdsInWorkspace(db, workspaceId, channelIds);
  channelIds.forEach((id, i) => {
    if (!knownChannels.has(id))
      problems.push({ path: `channelIds.${i}`, message: 'no such channel in this workspace' });
  });
  const mediaIds = [...(input.media ?? []), ...(input.variants ?? []).flatMap((v) => v.media ?? [])];
  const knownMedia = await mediaIdsInWorkspace(db, workspaceId, mediaIds);
  (input.media ?? []).forEach((id, i) => {
    if (!knownMedia.has(id))
      problems.push({ path: `media.${i}`, message: 'no such media in this workspace' });
  });
  (input.variants ?? []).forEach((v, i) => {
    if (!channelIds.includes(v.channelId)) {
      problems.push({ path: `variants.${i}.channelId`, message: 'not one of the post’s channelIds' });
    }
    (v.media ?? []).forEach((id, j) => {
      if (!knownMedia.has(id)) problems.push({ path: `variants.${i}.media.${j}`, message: 'no such media' });
    });
  });
  if (new Set(channelIds).size !== channelIds.length) {
    problems.push({ path: 'channelIds', message: 'a channel is listed twice' });
  }
  if (problems.length > 0)
    throw invalid('The post refers to things that are not in this workspace', problems);
}

function variantsFor(input: Pick<PostInput, 'channelIds' | 'variants'>): (Variant & { id: string })[] {
  return input.channelIds.map((channelId) => {
    const o = input.variants?.find((v) => v.channelId === channelId);
    return {
      id: newId(),
      channelId,
      text: o?.text ?? null,
      media: o?.media ?? null,
      link: o?.link ?? null,
      firstComment: o?.firstComment ?? null,
      options: o?.options ?? {},
    };
  });
}

/** Checked here as well as in the API schema: the CLI and imports call the commands directly. */
async function saveEvergreen(
  trx: Kysely<Schema>,
  workspaceId: string,
  postId: string,
  evergreen: Evergreen | null,
  recurring: boolean,
) {
  if (evergreen) {
    const problems = evergreenProblems(evergreen);
    if (recurring) {
      problems.push({
        path: 'evergreen',
        message: 'a recurring post already comes back on its own schedule',
      });
    }
    if (problems.length > 0) throw invalid('The evergreen rule cannot be used as given', problems);
  }
  const value = evergreen
    ? JSON.stringify({ afterDays: evergreen.afterDays, maxTimes: evergreen.maxTimes })
    : null;
  await trx
    .updateTable('posts')
    .set({ evergreen: value })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', postId)
    .execute();
}

export async function createPost(
  ctx: Context,
  actor: Actor,
  workspaceId: string,
  input: PostInput,
  when?: When,
): Promise<Post> {
  ensureAllowed(actor, 'posts.create');
  return ctx.store.db.transaction().execute(async (trx) => {
    await checkReferences(trx, workspaceId, input);
    const id = newId();
    await insertPost(trx, {
      id,
      workspaceId,
      authorId: actor.userId,
      text: input.text,
      media: input.media ?? [],
      link: input.link ?? null,
      firstComment: input.firstComment ?? null,
      campaign: input.campaign ?? null,
      status: 'draft',
    });
    await replaceVariants(trx, workspaceId, id, variantsFor(input));
    if (input.evergreen) {
      await saveEvergreen(trx, workspaceId, id, input.evergreen, when?.kind === 'recurring');
    }
    await recordAudit(trx, {
      workspaceId,
      actorId: actor.userId,
      action: 'post.created',
      targetType: 'post',
      targetId: id,
      after: { text: input.text, channels: input.channelIds },
    });
    // Scheduling in the same transaction: a post that does not fit a channel is not created.
    if (when) await scheduleWithin(ctx, trx, actor, workspaceId, id, when);
    return (await findPost(trx, workspaceId, id))!;
  });
}

/** Contributors may touch only their own posts; editors and above any post. */
function ensureMayEdit(actor: Actor, post: Post) {
  if (post.authorId !== actor.userId && !can(actor.role, 'posts.edit_any')) {
    throw forbidden('Contributors can change only their own posts');
  }
}

export async function updatePost(
  ctx: Context,
  actor: Actor,
  workspaceId: string,
  id: string,
  patch: Partial<PostInput>,
  /** A new time (or `null`: back to draft) saved with the edit; left out, the post keeps its own. */
  schedule?: When | null,
): Promise<Post> {
  ensureAllowed(actor, 'posts.create');
  return ctx.store.db.transaction().execute(async (trx) => {
    const before = await findPost(trx, workspaceId, id);
    if (!before) throw notFound('Post');
    ensureMayEdit(actor, before);
    const existing = await deliveriesOfPosts(trx, workspaceId, [id]);
    const row = await trx.selectFrom('posts').select('schedule').where('id', '=', id).executeTakeFirst();
    const stored = row?.schedule ? (JSON.parse(row.schedule) as When & { dueAt: number }) : null;
    const recurring = stored?.kind === 'recurring';
    // Turning evergreen on or off changes nothing already sent, so it is allowed after publishing.
    const evergreenOnly =
      schedule === undefined &&
      patch.evergreen !== undefined &&
      Object.entries(patch).every(([k, v]) => k === 'evergreen' || v === undefined);
    if (
      !recurring &&
      !evergreenOnly &&
      existing.some((d) => d.state === 'published') &&
      !existing.some((d) => PENDING_STATES.includes(d.state) || d.state === 'awaiting_approval')
    ) {
      throw conflict(
        'This post is already published; networks keep what was sent. Write a new post, or copy this one',
      );
    }
    const channelIds = patch.channelIds ?? before.variants.map((v) => v.channelId);
    await checkReferences(trx, workspaceId, { ...patch, channelIds });
    await updatePostRow(trx, workspaceId, id, {
      ...(patch.text !== undefined ? { text: patch.text } : {}),
      ...(patch.media !== undefined ? { media: patch.media } : {}),
      ...(patch.link !== undefined ? { link: patch.link } : {}),
      ...(patch.firstComment !== undefined ? { firstComment: patch.firstComment } : {}),
      ...(patch.campaign !== undefined ? { campaign: patch.campaign } : {}),
    });
    // Judged against the schedule the post will have: an edit may end a recurrence and turn evergreen.
    const willRecur = schedule === undefined ? recurring : schedule?.kind === 'recurring';
    if (patch.evergreen !== undefined) await saveEvergreen(trx, workspaceId, id, patch.evergreen, willRecur);
    if (patch.channelIds !== undefined || patch.variants !== undefined) {
      const kept = patch.variants ?? before.variants.filter((v) => channelIds.includes(v.channelId));
      await replaceVariants(trx, workspaceId, id, variantsFor({ channelIds, variants: kept }));
    }
    // A scheduled post keeps its time but is checked again, and a contributor's edit goes back
    // to approval; the worker reads the latest text when it publishes.
    // The edit above touched the post and its variants, never its deliveries: `existing` holds.
    const pending = existing.filter(
      (d) => PENDING_STATES.includes(d.state) || d.state === 'awaiting_approval',
    );
    if (schedule === null) {
      await unscheduleWithin(ctx, trx, actor, workspaceId, id);
    } else if (schedule) {
      await scheduleWithin(ctx, trx, actor, workspaceId, id, schedule);
    } else if (pending.length > 0 && stored) {
      const sameChannels = patch.channelIds === undefined;
      if ((stored.kind === 'queue' || recurring) && sameChannels && can(actor.role, 'posts.approve')) {
        // Queued and recurring deliveries keep their instants; the edit is checked against every channel again.
        const problems = await validatePost(trx, (await findPost(trx, workspaceId, id))!);
        if (problems.length > 0) throw invalid('The post does not fit every channel yet', problems);
      } else {
        // A recurring post stays recurring; any other keeps its time (or goes now if that passed).
        const when: When =
          stored.kind === 'recurring'
            ? { kind: 'recurring', rrule: stored.rrule, start: stored.start, zone: stored.zone }
            : stored.kind === 'queue'
              ? { kind: 'queue' }
              : { kind: 'instant', at: Math.max(stored.dueAt, Date.now()) };
        await scheduleWithin(ctx, trx, actor, workspaceId, id, when, { keepHeld: true });
      }
    }
    const after = (await findPost(trx, workspaceId, id))!;
    await recordAudit(trx, {
      workspaceId,
      actorId: actor.userId,
      action: 'post.updated',
      targetType: 'post',
      targetId: id,
      before: { text: before.text, channels: before.variants.map((v) => v.channelId) },
      after: { text: after.text, channels: after.variants.map((v) => v.channelId) },
    });
    return after;
  });
}

export async function deletePost(ctx: Context, actor: Actor, workspaceId: string, id: string) {
  ensureAllowed(actor, 'posts.create');
  await ctx.store.db.transaction().execute(async (trx) => {
    const before = await findPost(trx, workspaceId, id);
    if (!before) throw notFound('Post');
    ensureMayEdit(actor, before);
    const deliveries = await deliveriesOfPosts(trx, workspaceId, [id]);
    const inFlight = deliveries.filter((d) => IN_FLIGHT_STATES.includes(d.state));
    if (inFlight.length > 0) {
      throw conflict(
        `${inFlight.length} of its deliveries are being published right now; delete it once they finish`,
      );
    }
    await ctx.queue.cancel(
      trx,
      deliveries.map((d) => d.id),
    );
    await deletePostRow(trx, workspaceId, id);
    await recordAudit(trx, {
      workspaceId,
      actorId: actor.userId,
      action: 'post.deleted',
      targetType: 'post',
      targetId: id,
      before: { text: before.text },
    });
  });
}
