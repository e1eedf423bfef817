import { checkChannels } from '@araldo/engine';
import { DIALECTS, FakeMastodon, seedWorkspace, startTestApi, type TestApi } from '@araldo/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe.each(DIALECTS)('connecting channels on %s', (dialect) => {
  const fake = new FakeMastodon();
  let api: TestApi;
  let strict: TestApi;
  let seed: Awaited<ReturnType<typeof seedWorkspace>>;
  let channels: string;
  const count = async () => (await api.ctx.store.db.selectFrom('channels').selectAll().execute()).length;

  beforeAll(async () => {
    await fake.start();
    // The fake listens on loopback, which only ARALDO_ALLOW_PRIVATE_URLS=1 lets Araldo reach.
    api = await startTestApi(dialect, { ARALDO_ALLOW_PRIVATE_URLS: '1' });
    strict = await startTestApi(dialect);
    seed = await seedWorkspace(api.ctx);
    channels = `/api/v1/workspaces/${seed.workspaceId}/channels`;
  });
  afterAll(async () => {
    await api?.close();
    await strict?.close();
    await fake.stop();
  });

  it('connects a Mastodon account after the server confirms the token', async () => {
    const { token } = fake.issueToken('acme');
    const response = await api.call(seed.callers.admin, 'POST', channels, {
      network: 'mastodon',
      server: fake.url,
      accessToken: token,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({ network: 'mastodon', status: 'active', name: 'acme' });
    expect(response.body.accountHandle).toBe(`@acme@${new URL(fake.url).host}`);
    expect(JSON.stringify(response.body)).not.toContain(token);
    const row = await api.ctx.store.db
      .selectFrom('channels')
      .selectAll()
      .where('id', '=', response.body.id)
      .executeTakeFirstOrThrow();
    expect(row.credentials).not.toContain(token);
  });

  it('a wrong token is a clear error and nothing is saved', async () => {
    const before = await count();
    const response = await api.call(seed.callers.admin, 'POST', channels, {
      network: 'mastodon',
      server: fake.url,
      accessToken: 'not-a-real-token',
    });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/^Mastodon refused the connection: .*reconnect/i);
    expect(await count()).toBe(before);
  });

  it('names the missing field', async () => {
    const response = await api.call(seed.callers.admin, 'POST', channels, {
      network: 'mastodon',
      server: fake.url,
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([{ path: 'accessToken', message: 'required' }]);
  });

  it('refuses a server on a private address unless ARALDO_ALLOW_PRIVATE_URLS=1', async () => {
    const s = await seedWorkspace(strict.ctx);
    const { token } = fake.issueToken('lan');
    const response = await strict.call(
      s.callers.owner,
      'POST',
      `/api/v1/workspaces/${s.workspaceId}/channels`,
      {
        network: 'mastodon',
        server: fake.url,
        accessToken: token,
      },
    );
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/private or local address.*ARALDO_ALLOW_PRIVATE_URLS=1/);
    expect(fake.server.requests.some((r) => r.headers.authorization === `Bearer ${token}`)).toBe(false);
    expect(await strict.ctx.store.db.selectFrom('channels').selectAll().execute()).toEqual([]);
  });

  it('a token the network stops accepting marks the channel needs_reconnect and tells the workspace; reconnecting fixes it', async () => {
    const issued = fake.issueToken('brand');
    const created = await api.call(seed.callers.owner, 'POST', channels, {
      network: 'mastodon',
      server: fake.url,
      accessToken: issued.token,
    });
    fake.expireToken(issued.token);
    await checkChannels(api.ctx, { everyMs: 0 });
    const channel = await api.call(seed.callers.viewer, 'GET', `${channels}/${created.body.id}`);
    expect(channel.body.status).toBe('needs_reconnect');
    const notices = await api.call(
      seed.callers.viewer,
      'GET',
      `/api/v1/workspaces/${seed.workspaceId}/notifications`,
    );
    expect(notices.body.items[0]).toMatchObject({
      kind: 'channel.needs_reconnect',
      channelId: created.body.id,
    });
    expect(notices.body.items[0].message).toMatch(/brand \(mastodon\) needs to be reconnected/);

    // A new token for the same account: the same channel comes back to life.
    const again = await api.call(seed.callers.owner, 'POST', channels, {
      network: 'mastodon',
      server: fake.url,
      accessToken: fake.reissue(issued.token),
    });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(created.body.id);
    expect(again.body.status).toBe('active');
  });

  it('lists the networks with how each connects', async () => {
    const response = await api.call(seed.callers.viewer, 'GET', '/api/v1/networks');
    const mastodon = response.body.items.find((n: { id: string }) => n.id === 'mastodon');
    expect(mastodon).toMatchObject({
      connect: 'access_token',
      fields: ['server', 'accessToken'],
      available: true,
    });
  });

  it('measures text as a network counts it', async () => {
    const response = await api.call(seed.callers.viewer, 'POST', '/api/v1/text/measure', {
      network: 'mastodon',
      text: `${'a'.repeat(470)} https://example.org/${'p'.repeat(100)}`,
    });
    expect(response.body).toEqual({ network: 'mastodon', length: 494, limit: 500, fits: true });
  });
});
