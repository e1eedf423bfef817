import { createHash } from 'node:crypto';
import { createChannel, createPost } from '@araldo/engine';
import { DIALECTS, seedWorkspace, startTestApi, type TestApi } from '@araldo/testkit';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Everything a request could have changed. Login failures are excluded on purpose (recording
 * them is how sign-in is rate limited), and so is a token's coarse last-used stamp.
 */
async function digest(api: TestApi): Promise<string> {
  const db = api.ctx.store.db;
  const tables = [
    'organizations',
    'workspaces',
    'users',
    'memberships',
    'sessions',
    'channels',
    'posts',
    'variants',
    'media_assets',
    'audit_log',
    'notifications',
    'oauth_states',
    'deliveries',
    'attempts',
    'jobs',
    'webhook_endpoints',
    'webhook_deliveries',
    'feeds',
  ] as const;
  const hash = createHash('sha256');
  for (const table of tables) {
    const rows = await db.selectFrom(table).selectAll().execute();
    const sorted = rows.map((r) => JSON.stringify(r)).sort();
    hash.update(`${table}:${sorted.join('\n')}`);
  }
  const tokens = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'scope', 'token_hash'])
    .orderBy('id')
    .execute();
  hash.update(JSON.stringify(tokens));
  return hash.digest('hex');
}

/**
 * Any JSON at all; random keys with random values; and, the most searching, a valid body
 * with one field replaced by a value of a random type or dropped.
 */
const jsonBody = (valid: Record<string, unknown>) => {
  const keys = Object.keys(valid);
  const anyKey = fc.constantFrom(...keys, 'unknownField', '__proto__', 'constructor');
  return fc.oneof(
    fc.jsonValue(),
    fc.dictionary(anyKey, fc.jsonValue(), { maxKeys: keys.length + 1 }),
    fc
      .record({ key: anyKey, value: fc.oneof(fc.jsonValue(), fc.string(), fc.integer(), fc.constant(null)) })
      .map(({ key, value }) => ({ ...valid, [key]: value })),
    fc
      .constantFrom(...keys, 'none')
      .map((key) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key))),
  );
};

const rawBody = fc.oneof(
  fc.string().map((s) => ({ contentType: 'application/json', payload: s })),
  fc.string().map((s) => ({ contentType: 'text/plain', payload: s })),
  fc
    .uint8Array({ maxLength: 64 })
    .map((b) => ({ contentType: 'application/octet-stream', payload: Buffer.from(b) })),
  fc.constant({ contentType: 'application/json', payload: JSON.stringify({ text: 'x'.repeat(1_100_000) }) }),
);

describe.each(DIALECTS)('random bodies at every write endpoint on %s', (dialect) => {
  let api: TestApi;
  let seed: Awaited<ReturnType<typeof seedWorkspace>>;
  let endpoints: { method: 'POST' | 'PATCH'; url: string; valid: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    api = await startTestApi(dialect);
    seed = await seedWorkspace(api.ctx);
    const owner = { userId: seed.callers.owner.userId, role: 'owner' as const };
    const ws = `/api/v1/workspaces/${seed.workspaceId}`;
    const channel = (await createChannel(api.ctx, owner, seed.workspaceId, { network: 'sandbox', name: 'S' }))
      .id;
    const post = (await createPost(api.ctx, owner, seed.workspaceId, { text: 'Hi', channelIds: [channel] }))
      .id;
    const email = 'someone@example.org';
    endpoints = [
      {
        method: 'POST',
        url: '/api/v1/setup',
        valid: { email, password: 'long enough pw', name: 'N', workspaceName: 'W', timeZone: 'UTC' },
      },
      { method: 'POST', url: '/api/v1/auth/login', valid: { email, password: 'long enough pw' } },
      { method: 'PATCH', url: '/api/v1/me', valid: { name: 'Me', locale: 'it' } },
      { method: 'POST', url: '/api/v1/tokens', valid: { name: 'T', scope: 'read', expiresInDays: 3 } },
      { method: 'POST', url: '/api/v1/workspaces', valid: { name: 'W', timeZone: 'Asia/Tokyo' } },
      { method: 'PATCH', url: ws, valid: { name: 'W', timeZone: 'Asia/Tokyo' } },
      {
        method: 'POST',
        url: `${ws}/members`,
        valid: { email, role: 'viewer', name: 'Someone', password: 'long enough pw' },
      },
      { method: 'PATCH', url: `${ws}/members/${seed.callers.viewer.userId}`, valid: { role: 'viewer' } },
      {
        method: 'POST',
        url: `${ws}/channels`,
        valid: { network: 'sandbox', name: 'M', timeZone: 'UTC' },
      },
      {
        method: 'PATCH',
        url: `${ws}/channels/${channel}`,
        valid: { name: 'S', timeZone: 'UTC', status: 'active', settings: {} },
      },
      {
        method: 'POST',
        url: `${ws}/posts`,
        valid: {
          text: 'Hello',
          channelIds: [channel],
          media: [],
          link: 'https://example.org',
          firstComment: 'First!',
          campaign: 'launch',
          variants: [{ channelId: channel, text: 'Hi there' }],
          schedule: { kind: 'at', at: '2031-01-01T09:00', timeZone: 'America/New_York' },
        },
      },
      {
        method: 'PATCH',
        url: `${ws}/posts/${post}`,
        valid: { text: 'Edited', channelIds: [channel], variants: [{ channelId: channel, text: 'V' }] },
      },
      {
        method: 'POST',
        url: `${ws}/posts/${post}/schedule`,
        valid: { schedule: { kind: 'at', at: '2031-03-30T02:30', timeZone: 'Europe/Rome' } },
      },
      {
        method: 'POST',
        url: `${ws}/posts/${post}/schedule`,
        valid: {
          schedule: {
            kind: 'recurring',
            rrule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=9',
            start: '2031-01-06T09:00',
            timeZone: 'UTC',
          },
        },
      },
      { method: 'POST', url: `${ws}/posts/${post}/unschedule`, valid: {} },
      { method: 'POST', url: `${ws}/posts/${post}/approve`, valid: { comment: 'ok' } },
      { method: 'POST', url: `${ws}/posts/${post}/reject`, valid: { comment: 'no' } },
      { method: 'POST', url: `${ws}/posts/${post}/retry`, valid: {} },
      { method: 'POST', url: `${ws}/media?filename=x.png`, valid: {} },
      {
        method: 'POST',
        url: `${ws}/webhooks`,
        valid: { url: 'https://hooks.example.org/a', events: ['post.published'], description: 'CRM' },
      },
      { method: 'POST', url: `${ws}/channels/oauth/start`, valid: { network: 'x' } },
      { method: 'POST', url: '/api/v1/text/measure', valid: { network: 'x', text: 'hello' } },
      { method: 'PATCH', url: `${ws}/posts/not-an-id`, valid: { text: 'x' } },
    ];
  });
  afterAll(() => api?.close());

  it('never answers 5xx, always answers the error shape, and a rejected request changes nothing', async () => {
    for (const endpoint of endpoints) {
      const send = async (contentType: string, payload: string | Buffer) => {
        const before = await digest(api);
        const response = await api.app.inject({
          method: endpoint.method,
          url: endpoint.url,
          headers: { authorization: `Bearer ${seed.callers.owner.token}`, 'content-type': contentType },
          payload,
        });
        const where = `${endpoint.method} ${endpoint.url} ← ${String(payload).slice(0, 200)}`;
        expect(response.statusCode, where).toBeLessThan(500);
        if (response.statusCode >= 400) {
          const body = response.json();
          expect(typeof body.error?.code, where).toBe('string');
          expect(typeof body.error?.message, where).toBe('string');
          expect(response.body, where).not.toMatch(/\bat .+\.(ts|js):\d+/);
          expect(await digest(api), where).toBe(before);
        }
      };
      await fc.assert(
        fc.asyncProperty(jsonBody(endpoint.valid), async (body) => {
          await send('application/json', JSON.stringify(body));
        }),
        { numRuns: 40 },
      );
      await fc.assert(
        fc.asyncProperty(rawBody, async ({ contentType, payload }) => {
          await send(contentType, payload);
        }),
        { numRuns: 8 },
      );
    }
  });
});
