import { iso, type Post, type PostStatus, type Variant } from '@araldo/core';
import type { Kysely, Selectable } from 'kysely';
import { decodeCursor, toPage } from '../pagination';
import type { PostsTable, Schema, VariantsTable } from '../schema';

const toVariant = (r: Selectable<VariantsTable>): Variant => ({
  channelId: r.channel_id,
  text: r.text,
  media: r.media === null ? null : (JSON.parse(r.media) as string[]),
  link: r.link,
  firstComment: r.first_comment,
  options: JSON.parse(r.options) as Record<string, unknown>,
});

const toPost = (r: Selectable<PostsTable>, variants: Selectable<VariantsTable>[]): Post => ({
  id: r.id,
  workspaceId: r.workspace_id,
  authorId: r.author_id,
  text: r.text,
  media: JSON.parse(r.media) as string[],
  link: r.link,
  firstComment: r.first_comment,
  campaign: r.campaign,
  status: r.status,
  variants: variants.filter((v) => v.post_id === r.id).map(toVariant),
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

export interface PostFields {
  text: string;
  media: string[];
  link: string | null;
  firstComment: string | null;
  campaign: string | null;
  status: PostStatus;
}

export async function insertPost(
  db: Kysely<Schema>,
  p: PostFields & { id: string; workspaceId: string; authorId: string },
  now = Date.now(),
) {
  await db
    .insertInto('posts')
    .values({
      id: p.id,
      workspace_id: p.workspaceId,
      author_id: p.authorId,
      text: p.text,
      media: JSON.stringify(p.media),
      link: p.link,
      first_comment: p.firstComment,
      campaign: p.campaign,
      status: p.status,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

export async function updatePost(
  db: Kysely<Schema>,
  workspaceId: string,
  id: string,
  patch: Partial<PostFields>,
  now = Date.now(),
) {
  await db
    .updateTable('posts')
    .set({
      ...(patch.text !== undefined ? { text: patch.text } : {}),
      ...(patch.media !== undefined ? { media: JSON.stringify(patch.media) } : {}),
      ...(patch.link !== undefined ? { link: patch.link } : {}),
      ...(patch.firstComment !== undefined ? { first_comment: patch.firstComment } : {}),
      ...(patch.campaign !== undefined ? { campaign: patch.campaign } : {}),
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      updated_at: now,
    })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

/** Replaces the post's variants wholesale: the caller sends the channels it wants. */
export async function replaceVariants(
  db: Kysely<Schema>,
  workspaceId: string,
  postId: string,
  variants: (Variant & { id: string })[],
) {
  await db
    .deleteFrom('variants')
    .where('workspace_id', '=', workspaceId)
    .where('post_id', '=', postId)
    .execute();
  if (variants.length === 0) return;
  await db
    .insertInto('variants')
    .values(
      variants.map((v) => ({
        id: v.id,
        workspace_id: workspaceId,
        post_id: postId,
        channel_id: v.channelId,
        text: v.text,
        media: v.media === null ? null : JSON.stringify(v.media),
        link: v.link,
        first_comment: v.firstComment,
        options: JSON.stringify(v.options),
      })),
    )
    .execute();
}

export async function findPost(
  db: Kysely<Schema>,
  workspaceId: string,
  id: string,
): Promise<Post | undefined> {
  const row = await db
    .selectFrom('posts')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const variants = await db
    .selectFrom('variants')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('post_id', '=', id)
    .orderBy('id')
    .execute();
  return toPost(row, variants);
}

export interface PostFilter {
  status?: PostStatus | undefined;
  /** Written for this channel (one of its channels), or, with a range, delivered on it in the range. */
  channelId?: string | undefined;
  /** Epoch ms: posts with a delivery published, or else due, in [from, to). */
  from?: number | undefined;
  to?: number | undefined;
}

export async function listPosts(
  db: Kysely<Schema>,
  workspaceId: string,
  options: { limit: number; cursor?: string | undefined } & PostFilter,
) {
  const after = decodeCursor(options.cursor);
  let q = db.selectFrom('posts').selectAll().where('workspace_id', '=', workspaceId);
  if (options.status) q = q.where('status', '=', options.status);
  const { channelId, from, to } = options;
  if (from !== undefined || to !== undefined) {
    // The instant the planner places a delivery at: when it went out, else when it is due.
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('deliveries')
          .select('deliveries.id')
          .whereRef('deliveries.post_id', '=', 'posts.id')
          .where('deliveries.workspace_id', '=', workspaceId)
          .where((d) => {
            const at = d.fn.coalesce('deliveries.published_at', 'deliveries.due_at');
            return d.and([
              ...(from !== undefined ? [d(at, '>=', from)] : []),
              ...(to !== undefined ? [d(at, '<', to)] : []),
              ...(channelId ? [d('deliveries.channel_id', '=', channelId)] : []),
            ]);
          }),
      ),
    );
  } else if (channelId) {
    q = q.where(({ or, exists, selectFrom }) =>
      or([
        exists(
          selectFrom('variants')
            .select('variants.id')
            .whereRef('variants.post_id', '=', 'posts.id')
            .where('variants.channel_id', '=', channelId),
        ),
        exists(
          selectFrom('deliveries')
            .select('deliveries.id')
            .whereRef('deliveries.post_id', '=', 'posts.id')
            .where('deliveries.channel_id', '=', channelId),
        ),
      ]),
    );
  }
  if (after) q = q.where('id', '<', after);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
    .execute();
  const ids = rows.map((r) => r.id);
  const variants =
    ids.length === 0
      ? []
      : await db
          .selectFrom('variants')
          .selectAll()
          .where('workspace_id', '=', workspaceId)
          .where('post_id', 'in', ids)
          .orderBy('id')
          .execute();
  return toPage(rows, options.limit, (r) => toPost(r, variants));
}

export async function deletePost(db: Kysely<Schema>, workspaceId: string, id: string) {
  await db.deleteFrom('posts').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** Posts by id across workspaces: only for workers, which act on deliveries they were handed. */
export async function findPostsByIds(db: Kysely<Schema>, ids: string[]): Promise<Map<string, Post>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('posts').selectAll().where('id', 'in', ids).execute();
  const variants = await db
    .selectFrom('variants')
    .selectAll()
    .where('post_id', 'in', ids)
    .orderBy('id')
    .execute();
  return new Map(rows.map((r) => [r.id, toPost(r, variants)]));
}
