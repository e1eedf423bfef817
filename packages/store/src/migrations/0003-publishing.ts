import type { Kysely } from 'kysely';

/**
 * Deliveries (one per post × channel × occurrence), the attempt journal, and the embedded
 * job queue. A delivery's job is written in the same transaction that schedules it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('posts').addColumn('schedule', 'text').execute();
  await db.schema.alterTable('posts').addColumn('review', 'text').execute();

  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id').onDelete('cascade'))
    // 0 for a one-off post; the occurrence's instant for a recurring one.
    .addColumn('occurrence', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('due_at', 'bigint')
    .addColumn('attempt_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('journal', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('remote_id', 'text')
    .addColumn('remote_url', 'text')
    .addColumn('failure_class', 'text')
    .addColumn('failure_reason', 'text')
    .addColumn('published_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('deliveries_occurrence', ['post_id', 'channel_id', 'occurrence'])
    .execute();
  await db.schema.createIndex('deliveries_post').on('deliveries').column('post_id').execute();
  await db.schema
    .createIndex('deliveries_due')
    .on('deliveries')
    .columns(['workspace_id', 'state', 'due_at'])
    .execute();

  await db.schema
    .createTable('attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('delivery_id', 'text', (c) => c.notNull().references('deliveries.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('worker', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addColumn('outcome', 'text')
    .addColumn('failure_class', 'text')
    .addColumn('message', 'text')
    .addColumn('remote_id', 'text')
    .execute();
  await db.schema.createIndex('attempts_delivery').on('attempts').column('delivery_id').execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('queue', 'text', (c) => c.notNull())
    // At most one pending job per key (a delivery id): rescheduling moves it, never doubles it.
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'bigint')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['queue', 'run_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('jobs').execute();
  await db.schema.dropTable('attempts').execute();
  await db.schema.dropTable('deliveries').execute();
  await db.schema.alterTable('posts').dropColumn('review').execute();
  await db.schema.alterTable('posts').dropColumn('schedule').execute();
}
