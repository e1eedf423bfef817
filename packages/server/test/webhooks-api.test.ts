import { createHmac } from 'node:crypto';
import { DIALECTS, FakeServer, seedWorkspace, startTestApi, type TestApi } from '@araldo/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe.each(DIALECTS)('the webhooks API on %s', (dialect) => {
  const receiver = new FakeServer();
  let api: TestApi;
  let strict: TestApi;
  let seed: Awaited<ReturnType<typeof seedWorkspace>>;
  let hooks: string;

  beforeAll(async () => {
    receiver.route('POST', '/hook', () => ({ status: 200, json: { ok: true } }));
    await receiver.start();
    // The receiver listens on loopback, which only ARALDO_ALLOW_PRIVATE_URLS=1 lets Araldo reach.
    api = await startTestApi(dialect, { ARALDO_ALLOW_PRIVATE_URLS: '1' });
    strict = await startTestApi(dialect);
    seed = await seedWorkspace(api.ctx);
    hooks = `/api/v1/workspaces/${seed.workspaceId}/webhooks`;
  });
  afterAll(async () => {
    await api?.close();
    await strict?.close();
    await receiver.stop();
  });

  it('shows the secret once, sends a signed ping, keeps the log, and redelivers', async () => {
    const created = await api.call(seed.callers.admin, 'POST', hooks, {
      url: `${receiver.url}/hook`,
      events: ['post.published', 'channel.needs_reconnect'],
      description: 'Our CRM',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { endpoint, secret } = created.body;
    expect(secret).toMatch(/^whsec_/);
    expect(endpoint).toMatchObject({
      active: true,
      description: 'Our CRM',
      events: ['post.published', 'channel.needs_reconnect'],
    });

    const list = await api.call(seed.callers.admin, 'GET', hooks);
    expect(list.body.items.map((e: { id: string }) => e.id)).toContain(endpoint.id);
    expect(JSON.stringify(list.body)).not.toContain(secret);

    const ping = await api.call(seed.callers.admin, 'POST', `${hooks}/${endpoint.id}/test`);
    expect(ping.status, JSON.stringify(ping.body)).toBe(200);
    expect(ping.body).toMatchObject({ type: 'ping', state: 'delivered', lastStatus: 200, attempts: 1 });
    const request = receiver.requests.at(-1)!;
    const [t, v1] = String(request.headers['araldo-signature'])
      .split(',')
      .map((p) => p.split('=')[1]);
    expect(v1).toBe(
      createHmac('sha256', secret)
        .update(`${t}.${request.body.toString('utf8')}`)
        .digest('hex'),
    );

    const again = await api.call(
      seed.callers.admin,
      'POST',
      `${hooks}/${endpoint.id}/deliveries/${ping.body.id}/redeliver`,
    );
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ eventId: ping.body.eventId, state: 'delivered' });
    const log = await api.call(seed.callers.admin, 'GET', `${hooks}/${endpoint.id}/deliveries?limit=1`);
    expect(log.body.items.map((d: { id: string }) => d.id)).toEqual([again.body.id]);
    expect(log.body.nextCursor).not.toBeNull();
    const older = await api.call(
      seed.callers.admin,
      'GET',
      `${hooks}/${endpoint.id}/deliveries?limit=1&cursor=${log.body.nextCursor}`,
    );
    expect(older.body.items.map((d: { id: string }) => d.id)).toEqual([ping.body.id]);

    const paused = await api.call(seed.callers.admin, 'PATCH', `${hooks}/${endpoint.id}`, { active: false });
    expect(paused.body.active).toBe(false);
    expect((await api.call(seed.callers.admin, 'DELETE', `${hooks}/${endpoint.id}`)).status).toBe(204);
    expect((await api.call(seed.callers.admin, 'GET', `${hooks}/${endpoint.id}/deliveries`)).status).toBe(
      404,
    );
  });

  it('is for admins and owners only', async () => {
    for (const role of ['editor', 'contributor', 'viewer'] as const) {
      const response = await api.call(seed.callers[role], 'GET', hooks);
      expect(response.status).toBe(403);
      expect(response.body.error.message).toMatch(/admin role/);
    }
    const owner = await api.call(seed.callers.owner, 'POST', hooks, {
      url: 'https://example.org/h',
      events: ['post.failed'],
    });
    expect(owner.status).toBe(201);
  });

  it('refuses URLs that are not http(s) and events Araldo does not send', async () => {
    const ftp = await api.call(seed.callers.admin, 'POST', hooks, {
      url: 'ftp://example.org/h',
      events: ['post.failed'],
    });
    expect(ftp.status).toBe(400);
    expect(ftp.body.error.details[0].path).toBe('url');
    const event = await api.call(seed.callers.admin, 'POST', hooks, {
      url: 'https://example.org/h',
      events: ['post.liked'],
    });
    expect(event.status).toBe(400);
    const none = await api.call(seed.callers.admin, 'POST', hooks, {
      url: 'https://example.org/h',
      events: [],
    });
    expect(none.status).toBe(400);
  });

  it('never reaches a private address unless ARALDO_ALLOW_PRIVATE_URLS=1, and says why', async () => {
    const s = await seedWorkspace(strict.ctx);
    const base = `/api/v1/workspaces/${s.workspaceId}/webhooks`;
    const before = receiver.requests.length;
    const created = await strict.call(s.callers.admin, 'POST', base, {
      url: `${receiver.url}/hook`,
      events: ['post.failed'],
    });
    expect(created.status).toBe(201);
    const ping = await strict.call(s.callers.admin, 'POST', `${base}/${created.body.endpoint.id}/test`);
    expect(ping.body).toMatchObject({ state: 'failed', lastStatus: null, attempts: 1 });
    expect(ping.body.lastError).toMatch(/private or local address.*ARALDO_ALLOW_PRIVATE_URLS/);
    expect(receiver.requests.length).toBe(before);
  });
});
