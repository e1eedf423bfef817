import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Role } from '@araldo/core';
import type { Actor } from '@araldo/engine';
import { createTestContext, DIALECTS, FakeServer, seedWorkspace, type TestContext } from '@araldo/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createWebhookEndpoint,
  emitEvent,
  emitEvents,
  listWebhookDeliveries,
  redeliverWebhook,
  retryDelay,
  type WebhookEventType,
  WebhookSender,
} from '../src/webhooks/index';

/** The receiver's side, exactly as docs/webhooks.md tells people to write it. */
function verify(secret: string, rawBody: string, header: string): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]));
  const t = parts.t;
  const v1 = parts.v1;
  if (!t || !v1) return false;
  if (Math.abs(Date.now() / 1000 - Number(t)) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');
  return expected.length === v1.length && timingSafeEqual(Buffer.from(expected), Buffer.from(v1));
}

describe.each(DIALECTS)('outgoing webhooks on %s', (dialect) => {
  const receiver = new FakeServer();
  let ctx: TestContext;
  let ws: string;
  let admin: Actor;
  let hookCount = 0;

  const received = (name: string) => receiver.requests.filter((r) => r.path === `/hooks/${name}`);
  /** A fresh endpoint per test, on a path of its own, so tests never see each other's requests. */
  async function endpoint(events: WebhookEventType[] = ['post.published']) {
    const name = `h${++hookCount}`;
    const created = await createWebhookEndpoint(ctx, admin, ws, {
      url: `${receiver.url}/hooks/${name}`,
      events,
    });
    return { ...created, name };
  }
  const emit = (data: Record<string, unknown> = { postId: 'p1' }) =>
    ctx.store.db
      .transaction()
      .execute((trx) => emitEvent(trx, { workspaceId: ws, type: 'post.published', data }));
  const deliveriesOf = async (endpointId: string) =>
    (await listWebhookDeliveries(ctx, admin, ws, endpointId, { limit: 50 })).items;

  beforeAll(async () => {
    receiver.route('POST', '/hooks/:name', () => ({ status: 204 }));
    await receiver.start();
    ctx = await createTestContext(dialect, { ARALDO_ALLOW_PRIVATE_URLS: '1' });
    const seed = await seedWorkspace(ctx);
    ws = seed.workspaceId;
    const as = (role: Role): Actor => ({ userId: seed.callers[role].userId, role });
    admin = as('admin');
  });
  afterAll(async () => {
    await ctx?.dispose();
    await receiver.stop();
  });

  it('signs each delivery so the receiver can verify it with the documented recipe', async () => {
    const { endpoint: e, secret, name } = await endpoint();
    const eventId = await emit({ postId: 'p-signed', url: 'https://example.org/1' });
    await new WebhookSender(ctx).runOnce();
    const [request] = received(name);
    expect(request).toBeDefined();
    const body = request!.body.toString('utf8');
    const headers = request!.headers;
    expect(headers['content-type']).toBe('application/json');
    expect(headers['araldo-event']).toBe('post.published');
    expect(verify(secret, body, String(headers['araldo-signature']))).toBe(true);
    expect(String(headers['araldo-signature'])).toMatch(new RegExp(`^t=${headers['araldo-timestamp']},v1=`));
    expect(verify('whsec_someone-else', body, String(headers['araldo-signature']))).toBe(false);
    expect(verify(secret, body.replace('p-signed', 'p-forged'), String(headers['araldo-signature']))).toBe(
      false,
    );
    expect(JSON.parse(body)).toMatchObject({
      id: eventId,
      type: 'post.published',
      workspaceId: ws,
      data: { postId: 'p-signed', url: 'https://example.org/1' },
    });
    const [d] = await deliveriesOf(e.id);
    expect(headers['araldo-delivery']).toBe(d!.id);
    expect(d).toMatchObject({ state: 'delivered', attempts: 1, lastStatus: 204, lastError: null });
    // The secret is never stored as such.
    const row = await ctx.store.db
      .selectFrom('webhook_endpoints')
      .select('secret')
      .where('id', '=', e.id)
      .executeTakeFirstOrThrow();
    expect(row.secret).not.toContain(secret.slice(6));
  });

  it('retries after a 500 with backoff, then succeeds with the same delivery id and body', async () => {
    const { endpoint: e, name } = await endpoint();
    receiver.inject(
      { kind: 'status', response: { status: 500, body: 'database down' } },
      { path: new RegExp(`/hooks/${name}$`) },
    );
    await emit();
    const sender = new WebhookSender(ctx, { random: () => 0.5 });
    const now = Date.now();
    expect(await sender.runOnce(now)).toBeGreaterThanOrEqual(1);
    const [failed] = await deliveriesOf(e.id);
    expect(failed).toMatchObject({ state: 'pending', attempts: 1, lastStatus: 500 });
    expect(failed!.lastError).toContain('HTTP 500: database down');
    const retryAt = Date.parse(failed!.nextAttemptAt!);
    expect(retryAt - now).toBe(45_000);
    await sender.runOnce(retryAt - 1);
    expect(received(name)).toHaveLength(1);
    await sender.runOnce(retryAt);
    const [done] = await deliveriesOf(e.id);
    expect(done).toMatchObject({ state: 'delivered', attempts: 2, lastStatus: 204, lastError: null });
    const [first, second] = received(name);
    expect(second!.headers['araldo-delivery']).toBe(first!.headers['araldo-delivery']);
    expect(second!.body.equals(first!.body)).toBe(true);
  });

  it('counts a receiver that never answers as a failure, and gives up after the last attempt', async () => {
    const { endpoint: e, name } = await endpoint();
    receiver.inject({ kind: 'timeout' }, { path: new RegExp(`/hooks/${name}$`) });
    receiver.inject(
      { kind: 'status', response: { status: 503, headers: { 'retry-after': '120' } } },
      { path: new RegExp(`/hooks/${name}$`), times: 2 },
    );
    await emit();
    const sender = new WebhookSender(ctx, { maxAttempts: 3, timeoutMs: 300, random: () => 0.5 });
    let now = Date.now();
    await sender.runOnce(now);
    let [d] = await deliveriesOf(e.id);
    expect(d).toMatchObject({ state: 'pending', attempts: 1, lastStatus: null });
    expect(d!.lastError).toMatch(/timeout|failed/i);
    now = Date.parse(d!.nextAttemptAt!);
    await sender.runOnce(now);
    [d] = await deliveriesOf(e.id);
    // The receiver's Retry-After (120 s) is longer than the backoff (90 s): it wins.
    expect(Date.parse(d!.nextAttemptAt!) - now).toBe(120_000);
    await sender.runOnce(Date.parse(d!.nextAttemptAt!));
    [d] = await deliveriesOf(e.id);
    expect(d).toMatchObject({ state: 'failed', attempts: 3, lastStatus: 503, nextAttemptAt: null });
    expect(await sender.runOnce(Date.now() + 48 * 3_600_000)).toBe(0);
    expect(received(name)).toHaveLength(3);
  });

  it('records nothing when the transaction that emits the event rolls back', async () => {
    const { endpoint: e, name } = await endpoint();
    await expect(
      ctx.store.db.transaction().execute(async (trx) => {
        await emitEvent(trx, { workspaceId: ws, type: 'post.published', data: { postId: 'never' } });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await deliveriesOf(e.id)).toEqual([]);
    await new WebhookSender(ctx).runOnce(Date.now() + 3_600_000);
    expect(received(name)).toHaveLength(0);
  });

  it('sends only to active endpoints subscribed to the event type', async () => {
    const subscribed = await endpoint(['post.published']);
    const other = await endpoint(['post.failed']);
    const paused = await createWebhookEndpoint(ctx, admin, ws, {
      url: `${receiver.url}/hooks/paused`,
      events: ['post.published'],
      active: false,
    });
    await emit();
    await new WebhookSender(ctx).runOnce();
    expect(await deliveriesOf(subscribed.endpoint.id)).toHaveLength(1);
    expect(await deliveriesOf(other.endpoint.id)).toHaveLength(0);
    expect(await deliveriesOf(paused.endpoint.id)).toHaveLength(0);
  });

  it('records a batch of events in one go, each to the endpoints subscribed to its type', async () => {
    const published = await endpoint(['post.published']);
    const failed = await endpoint(['post.failed', 'post.published']);
    const ids = await ctx.store.db.transaction().execute((trx) =>
      emitEvents(trx, [
        { workspaceId: ws, type: 'post.failed', data: { n: 1 } },
        { workspaceId: ws, type: 'post.published', data: { n: 2 } },
        { workspaceId: ws, type: 'channel.needs_reconnect', data: { n: 3 } },
      ]),
    );
    expect(new Set(ids).size).toBe(3);
    expect((await deliveriesOf(published.endpoint.id)).map((d) => d.eventId)).toEqual([ids[1]]);
    expect((await deliveriesOf(failed.endpoint.id)).map((d) => d.eventId).sort()).toEqual(
      [ids[0], ids[1]].sort(),
    );
    await new WebhookSender(ctx).runOnce();
  });

  it('keeps a delivery log, newest first, and redelivers an event byte for byte', async () => {
    const { endpoint: e, name } = await endpoint();
    const first = await emit({ n: 1 });
    const second = await emit({ n: 2 });
    await new WebhookSender(ctx).runOnce();
    const log = await deliveriesOf(e.id);
    expect(log.map((d) => d.eventId)).toEqual([second, first]);
    expect(log[0]!.payload).toMatchObject({ data: { n: 2 } });
    const again = await redeliverWebhook(ctx, admin, ws, e.id, log[1]!.id);
    expect(again).toMatchObject({ state: 'delivered', eventId: first, attempts: 1 });
    expect(again.id).not.toBe(log[1]!.id);
    const bodies = received(name).map((r) => r.body.toString('utf8'));
    expect(bodies.filter((b) => JSON.parse(b).id === first)).toHaveLength(2);
    expect(new Set(bodies.filter((b) => JSON.parse(b).id === first)).size).toBe(1);
    expect((await deliveriesOf(e.id)).map((d) => d.id)[0]).toBe(again.id);
  });

  it('two senders never send the same delivery twice', async () => {
    const { name } = await endpoint();
    for (let i = 0; i < 10; i++) await emit({ i });
    const drain = async (sender: WebhookSender) => {
      while ((await sender.runOnce()) > 0);
    };
    await Promise.all([
      drain(new WebhookSender(ctx, { batch: 7 })),
      drain(new WebhookSender(ctx, { batch: 7 })),
    ]);
    const ids = received(name).map((r) => String(r.headers['araldo-delivery']));
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
  });

  it('refuses URLs that are not http(s), and non-admins', async () => {
    for (const url of ['ftp://example.org/hook', 'javascript:alert(1)', 'not a url']) {
      await expect(
        createWebhookEndpoint(ctx, admin, ws, { url, events: ['post.failed'] }),
      ).rejects.toMatchObject({
        code: 'validation_failed',
      });
    }
    const editor: Actor = { userId: admin.userId, role: 'editor' };
    await expect(
      createWebhookEndpoint(ctx, editor, ws, { url: 'https://example.org/h', events: ['post.failed'] }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('backs off exponentially with jitter, capped, reaching about a day over the attempts', () => {
    const o = { baseDelayMs: 45_000, maxDelayMs: 6 * 3_600_000 };
    const mid = Array.from({ length: 11 }, (_, i) => retryDelay(i + 1, { ...o, random: () => 0.5 }));
    expect(mid.slice(0, 4)).toEqual([45_000, 90_000, 180_000, 360_000]);
    expect(Math.max(...mid)).toBe(6 * 3_600_000);
    const total = mid.reduce((a, b) => a + b, 0);
    expect(total / 3_600_000).toBeGreaterThan(15);
    expect(total / 3_600_000).toBeLessThan(30);
    expect(retryDelay(1, { ...o, random: () => 0 })).toBe(33_750);
    expect(retryDelay(1, { ...o, random: () => 1 })).toBe(56_250);
  });
});
