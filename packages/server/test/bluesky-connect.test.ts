import { seedWorkspace, startTestApi, type TestApi } from '@araldo/testkit';
import { type BlueskyPds, startBlueskyPds } from '@araldo/testkit/bluesky';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('connecting a Bluesky account on the real reference PDS', () => {
  let pds: BlueskyPds;
  let api: TestApi;

  beforeAll(async () => {
    pds = await startBlueskyPds();
    api = await startTestApi('sqlite', { ARALDO_ALLOW_PRIVATE_URLS: '1' });
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await pds?.close();
  });

  it('connects with an app password, and a wrong one saves nothing', async () => {
    const account = await pds.createAccount('brand.test', 'account-password-1');
    const seed = await seedWorkspace(api.ctx);
    const url = `/api/v1/workspaces/${seed.workspaceId}/channels`;
    const wrong = await api.call(seed.callers.owner, 'POST', url, {
      network: 'bluesky',
      server: pds.url,
      identifier: account.handle,
      appPassword: 'xxxx-xxxx-xxxx-xxxx',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/^Bluesky refused the connection/);
    expect(JSON.stringify(wrong.body)).not.toContain('xxxx-xxxx');
    expect(await api.ctx.store.db.selectFrom('channels').selectAll().execute()).toEqual([]);

    const connected = await api.call(seed.callers.owner, 'POST', url, {
      network: 'bluesky',
      server: pds.url,
      identifier: account.handle,
      appPassword: account.appPassword,
    });
    expect(connected.status, JSON.stringify(connected.body)).toBe(201);
    expect(connected.body).toMatchObject({ network: 'bluesky', accountId: account.did, status: 'active' });
    expect(connected.body.accountHandle).toContain('brand.test');
    const row = await api.ctx.store.db.selectFrom('channels').selectAll().executeTakeFirstOrThrow();
    expect(row.credentials).not.toContain(account.appPassword);
  }, 60_000);
});
