import type { Kysely } from 'kysely';

/**
 * The latest engagement metrics of each published delivery (one row per delivery, read
 * again on a schedule), and evergreen posts: their rule on the post, and on each published
 * delivery the instant its evergreen decision was taken (taken once, by one worker).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // JSON `{ afterDays, maxTimes }`; null for a post that is published once per channel.
  await db.schema.alterTable('posts').addColumn('evergreen', 'text').execute();
  // Also the claim: set in the transaction that records the decision, only where still null.
  await db.schema.alterTable('deliveries').addColumn('evergreen_decided_at', 'bigint').execute();

  await db.schema
    .createTable('delivery_metrics')
    .addColumn('delivery_id', 'text', (c) => c.primaryKey().references('deliveries.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id').onDelete('cascade'))
    // bigint: a video's views can pass 2^31.
    .addColumn('likes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('comments', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('shares', 'bigint', (c) => c.notNull().defaultTo(0))
    // null where the network does not report them.
    .addColumn('impressions', 'bigint')
    .addColumn('clicks', 'bigint')
    .addColumn('engagement', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('raw', 'text', (c) => c.notNull().defaultTo('{}'))
    // null until the first successful read.
    .addColumn('fetched_at', 'bigint')
    // Also the claim: a sync pass pushes it forward before calling the network. null = done.
    .addColumn('next_sync_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('delivery_metrics_due').on('delivery_metrics').column('next_sync_at').execute();
  await db.schema
    .createIndex('delivery_metrics_channel')
    .on('delivery_metrics')
    .columns(['channel_id', 'fetched_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('delivery_metrics').execute();
  await db.schema.alterTable('deliveries').dropColumn('evergreen_decided_at').execute();
  await db.schema.alterTable('posts').dropColumn('evergreen').execute();
}
