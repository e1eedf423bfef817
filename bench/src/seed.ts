/** Setup (not measured): channels, posts and due deliveries with their jobs, then the move to T0. */
import { newId } from '@araldo/core';
import { type Context, connectChannel, createOwner, PUBLISH_QUEUE } from '@araldo/engine';
import type { Schema } from '@araldo/store';
import { type Insertable, sql } from 'kysely';
import PgBoss from 'pg-boss';
import type { Db } from './db';
import type { Fake } from './fake';
import { CHANNELS, FAR, PER_POST } from './settings';

export const queueOptions = (leaseSeconds: number) => ({
  // The same options PgBossQueue gives the queue it creates.
  name: PUBLISH_QUEUE,
  policy: 'standard' as const,
  retryLimit: 1_000_000,
  retryDelay: 0,
  expireInSeconds: leaseSeconds,
});

/** A bare pg-boss on the database, only to insert jobs: no scheduling, no maintenance. */
export async function startBoss(url: string) {
  const boss = new PgBoss({
    connectionString: url,
    schema: 'pgboss',
    max: 2,
    schedule: false,
    supervise: false,
  });
  boss.on('error', () => undefined);
  await boss.start();
  return boss;
}

/**
 * Connects CHANNELS channels through the real path, then bulk-inserts n deliveries
 * (posts of PER_POST channels each) and their jobs, due at FAR + offset(i).
 */
export async function seed(ctx: Context, db: Db, fake: Fake, n: number, offset: (i: number) => number) {
  const far = Date.now() + FAR;
  const { user, workspace } = await createOwner(ctx, {
    email: 'bench@example.org',
    password: 'long enough pw',
  });
  const actor = { userId: user.id, role: 'owner' as const };
  const channels: string[] = [];
  for (let c = 0; c < CHANNELS; c++) {
    const ch = await connectChannel(ctx, actor, workspace.id, {
      network: 'mastodon',
      server: fake.url,
      fields: { accessToken: `bench${c}` },
    });
    channels.push(ch.id);
  }
  const now = Date.now();
  const posts: Insertable<Schema['posts']>[] = [];
  const variants: Insertable<Schema['variants']>[] = [];
  const deliveries: Insertable<Schema['deliveries']>[] = [];
  const jobs: { id: string; key: string; due: number }[] = [];
  for (let p = 0; p * PER_POST < n; p++) {
    const postId = newId();
    posts.push({
      id: postId,
      workspace_id: workspace.id,
      author_id: user.id,
      text: `Bench post ${p}: write once, publish everywhere`,
      media: '[]',
      link: null,
      first_comment: null,
      campaign: null,
      status: 'scheduled' as const,
      created_at: now,
      updated_at: now,
      schedule: JSON.stringify({ kind: 'instant' }),
      review: null,
    });
    for (let k = 0; k < PER_POST && p * PER_POST + k < n; k++) {
      const i = p * PER_POST + k;
      const channelId = channels[(p * PER_POST + k) % CHANNELS]!;
      variants.push({
        id: newId(),
        workspace_id: workspace.id,
        post_id: postId,
        channel_id: channelId,
        text: null,
        media: null,
        link: null,
        first_comment: null,
        options: '{}',
      });
      const id = newId();
      const due = far + offset(i);
      deliveries.push({
        id,
        workspace_id: workspace.id,
        post_id: postId,
        channel_id: channelId,
        occurrence: 0,
        state: 'scheduled' as const,
        due_at: due,
        attempt_count: 0,
        journal: '{}',
        remote_id: null,
        remote_url: null,
        failure_class: null,
        failure_reason: null,
        published_at: null,
        created_at: now,
        updated_at: now,
      });
      jobs.push({ id: newId(), key: id, due });
    }
  }
  const CHUNK = 1000;
  await ctx.store.db.transaction().execute(async (trx) => {
    for (let i = 0; i < posts.length; i += CHUNK)
      await trx
        .insertInto('posts')
        .values(posts.slice(i, i + CHUNK))
        .execute();
    for (let i = 0; i < variants.length; i += CHUNK)
      await trx
        .insertInto('variants')
        .values(variants.slice(i, i + CHUNK))
        .execute();
    for (let i = 0; i < deliveries.length; i += CHUNK)
      await trx
        .insertInto('deliveries')
        .values(deliveries.slice(i, i + CHUNK))
        .execute();
    if (db.dialect === 'sqlite') {
      for (let i = 0; i < jobs.length; i += CHUNK)
        await trx
          .insertInto('jobs')
          .values(
            jobs.slice(i, i + CHUNK).map((j) => ({
              id: j.id,
              queue: PUBLISH_QUEUE,
              key: j.key,
              payload: JSON.stringify({ deliveryId: j.key }),
              run_at: j.due,
              lease_owner: null,
              lease_until: null,
              attempts: 0,
              created_at: now,
            })),
          )
          .execute();
    }
  });
  if (db.dialect === 'postgres') {
    const boss = await startBoss(db.url);
    if (!(await boss.getQueue(PUBLISH_QUEUE)))
      await boss.createQueue(PUBLISH_QUEUE, queueOptions(ctx.config.jobLeaseSeconds));
    for (let i = 0; i < jobs.length; i += 5000)
      await boss.insert(
        jobs.slice(i, i + 5000).map((j) => ({
          name: PUBLISH_QUEUE,
          data: { deliveryId: j.key, key: j.key },
          startAfter: new Date(j.due),
          expireInSeconds: ctx.config.jobLeaseSeconds,
        })),
      );
    await boss.stop({ graceful: false, wait: true });
    await sql`vacuum analyze`.execute(ctx.store.db);
  }
  return { far };
}

/** Moves every job and delivery from FAR + offset to T0 + offset in one transaction. */
export async function shiftTo(ctx: Context, db: Db, far: number, t0: number) {
  const delta = t0 - far;
  await ctx.store.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('deliveries')
      .set((eb) => ({ due_at: eb('due_at', '+', delta) }))
      .execute();
    if (db.dialect === 'sqlite')
      await trx
        .updateTable('jobs')
        .set((eb) => ({ run_at: eb('run_at', '+', delta) }))
        .execute();
    else
      await sql`update pgboss.job set start_after = start_after + (${delta}::bigint * interval '1 millisecond') where name = ${PUBLISH_QUEUE}`.execute(
        trx,
      );
  });
}
