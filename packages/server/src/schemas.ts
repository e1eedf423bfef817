import { DELIVERY_STATES, EVERGREEN_LIMITS, NETWORK_IDS, ROLES } from '@araldo/core';
import { z } from 'zod';

/** Shapes shared by several routes; a route's own input shapes live beside it. */
export const id = z.uuid({ error: 'must be an id (UUID)' });
export const timeZone = z.string().min(1).max(64).meta({ description: 'IANA time zone, e.g. Europe/Rome' });
export const role = z.enum(ROLES);
export const network = z.enum(NETWORK_IDS);
export const isoInstant = z.string().meta({ format: 'date-time' });

export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const workspaceParams = z.strictObject({ workspaceId: id });

export const errorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z
        .array(z.object({ path: z.string(), message: z.string(), code: z.string().optional() }))
        .optional(),
    }),
  })
  .meta({ id: 'Error' });

export const user = z
  .object({ id, email: z.string(), name: z.string(), locale: z.string(), createdAt: isoInstant })
  .meta({ id: 'User' });

export const workspace = z
  .object({ id, organizationId: id, name: z.string(), timeZone: z.string(), createdAt: isoInstant })
  .meta({ id: 'Workspace' });

export const workspaceWithRole = workspace.extend({ role }).meta({ id: 'WorkspaceWithRole' });

export const member = z
  .object({ userId: id, email: z.string(), name: z.string(), role, createdAt: isoInstant })
  .meta({ id: 'Member' });

export const apiToken = z
  .object({
    id,
    name: z.string(),
    prefix: z.string(),
    scope: z.enum(['read', 'write']),
    createdAt: isoInstant,
    lastUsedAt: isoInstant.nullable(),
    expiresAt: isoInstant.nullable(),
  })
  .meta({ id: 'ApiToken' });

export const channel = z
  .object({
    id,
    workspaceId: id,
    network,
    name: z.string(),
    accountId: z.string(),
    accountHandle: z.string().nullable(),
    timeZone: z.string(),
    status: z.enum(['active', 'needs_reconnect', 'disabled']),
    settings: z.record(z.string(), z.unknown()),
    createdAt: isoInstant,
    updatedAt: isoInstant,
  })
  .meta({ id: 'Channel' });

export const variant = z
  .object({
    channelId: id,
    text: z.string().nullable(),
    media: z.array(id).nullable(),
    link: z.string().nullable(),
    firstComment: z.string().nullable(),
    options: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'Variant' });

export const post = z
  .object({
    id,
    workspaceId: id,
    authorId: id,
    text: z.string(),
    media: z.array(id),
    link: z.string().nullable(),
    firstComment: z.string().nullable(),
    campaign: z.string().nullable(),
    status: z.enum([
      'draft',
      'awaiting_approval',
      'approved',
      'rejected',
      'scheduled',
      'published',
      'failed',
    ]),
    variants: z.array(variant),
    createdAt: isoInstant,
    updatedAt: isoInstant,
  })
  .meta({ id: 'Post' });

export const mediaAsset = z
  .object({
    id,
    workspaceId: id,
    filename: z.string(),
    mimeType: z.string(),
    sizeBytes: z.number(),
    sha256: z.string(),
    createdAt: isoInstant,
  })
  .meta({ id: 'MediaAsset' });

export const auditEntry = z
  .object({
    id,
    workspaceId: id.nullable(),
    actorId: id.nullable(),
    action: z.string(),
    targetType: z.string(),
    targetId: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    at: isoInstant,
  })
  .meta({ id: 'AuditEntry' });

/** Error answers every route can give, for the OpenAPI document. */
export const commonErrors = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
  429: errorBody,
};

export const deliveryMetrics = z
  .object({
    likes: z.number(),
    comments: z.number(),
    shares: z.number(),
    impressions: z.number().nullable().meta({ description: 'null where the network does not report it' }),
    clicks: z.number().nullable().meta({ description: 'null where the network does not report it' }),
    engagement: z.number().meta({ description: 'likes + comments + shares + clicks' }),
    fetchedAt: isoInstant,
  })
  .meta({ id: 'DeliveryMetrics', description: 'The latest numbers read from the network' });

const whole = ({ min, max }: { min: number; max: number }) =>
  z
    .number()
    .int(`must be a whole number from ${min} to ${max}`)
    .min(min, `must be a whole number from ${min} to ${max}`)
    .max(max, `must be a whole number from ${min} to ${max}`);

export const evergreen = z
  .strictObject({
    afterDays: whole(EVERGREEN_LIMITS.afterDays).meta({
      description: 'days after a channel published it before it may go again',
    }),
    maxTimes: whole(EVERGREEN_LIMITS.maxTimes).meta({
      description: 'at most this many re-queues per channel',
    }),
  })
  .meta({
    id: 'Evergreen',
    description:
      "Re-queue the post into each channel's next free slot `afterDays` after it went out there, " +
      "if its engagement beat the channel's median over the last 90 days; null turns it off",
  });

export const delivery = z
  .object({
    id,
    postId: id,
    channelId: id,
    state: z.enum(DELIVERY_STATES),
    dueAt: isoInstant.nullable(),
    attempts: z.number(),
    remoteId: z.string().nullable(),
    remoteUrl: z.string().nullable(),
    failureClass: z.string().nullable(),
    failureReason: z.string().nullable(),
    publishedAt: isoInstant.nullable(),
    metrics: deliveryMetrics.nullable(),
  })
  .meta({ id: 'Delivery' });

export const postWithDeliveries = post
  .extend({
    schedule: z.record(z.string(), z.unknown()).nullable(),
    review: z.record(z.string(), z.unknown()).nullable(),
    evergreen: evergreen.nullable(),
    deliveries: z.array(delivery),
  })
  .meta({ id: 'PostWithDeliveries' });

/** When to publish: now, or a wall-clock time in a zone (resolved with the zone's DST rules). */
export const scheduleInput = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('now') }),
    z.strictObject({ kind: z.literal('queue') }),
    z.strictObject({
      kind: z.literal('recurring'),
      rrule: z
        .string()
        .min(1)
        .max(500)
        .meta({ description: 'an RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=MO;BYHOUR=9' }),
      start: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'a local date and time like 2026-12-01T09:30'),
      timeZone,
    }),
    z.strictObject({
      kind: z.literal('at'),
      at: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'a local date and time like 2026-12-01T09:30'),
      timeZone,
    }),
  ])
  .meta({ id: 'Schedule' });

export const slots = z
  .array(
    z.strictObject({
      weekday: z.literal([1, 2, 3, 4, 5, 6, 7]).meta({ description: 'ISO weekday, Monday = 1' }),
      time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like 09:30'),
    }),
  )
  .max(100)
  .meta({ id: 'Slots', description: "Weekly posting slots, in the channel's time zone" });
