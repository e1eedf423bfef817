import { openSession } from '@araldo/engine';
import { FakePinterest, seedWorkspace, startTestApi, type TestApi } from '@araldo/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('connecting an OAuth network through the browser flow', () => {
  const fake = new FakePinterest();
  let api: TestApi;
  let unconfigured: TestApi;
  let seed: Awaited<ReturnType<typeof seedWorkspace>>;
  let owner: { cookie: string; 'x-csrf-token': string };

  beforeAll(async () => {
    await fake.start();
    api = await startTestApi('sqlite', {
      ARALDO_ALLOW_PRIVATE_URLS: '1',
      ARALDO_PUBLIC_URL: 'http://araldo.test',
      ARALDO_PINTEREST_BASE_URL: fake.url,
      ARALDO_PINTEREST_CLIENT_ID: 'pinterest-app',
      ARALDO_PINTEREST_CLIENT_SECRET: 'pinterest-secret',
    });
    unconfigured = await startTestApi('sqlite');
    seed = await seedWorkspace(api.ctx);
    const grant = await openSession(api.ctx, seed.callers.owner.userId);
    owner = { cookie: `araldo_session=${grant.sessionToken}`, 'x-csrf-token': grant.csrfToken };
  });
  afterAll(async () => {
    await api?.close();
    await unconfigured?.close();
    await fake.stop();
  });

  const start = () =>
    api.app.inject({
      method: 'POST',
      url: `/api/v1/workspaces/${seed.workspaceId}/channels/oauth/start`,
      headers: owner,
      payload: { network: 'pinterest' },
    });
  /** The network's consent page answers with a redirect back to Araldo, as a browser sees it. */
  const consent = async (authorizationUrl: string) => {
    const response = await fetch(authorizationUrl, { redirect: 'manual' });
    return new URL(response.headers.get('location')!);
  };
  const callback = (url: URL, headers: Record<string, string> = owner) =>
    api.app.inject({ method: 'GET', url: `${url.pathname}${url.search}`, headers });

  it('start → consent → callback connects the account with its tokens sealed', async () => {
    const started = await start();
    expect(started.statusCode).toBe(200);
    const authorizationUrl = new URL(started.json().authorizationUrl);
    expect(authorizationUrl.origin).toBe(fake.url);
    expect(authorizationUrl.searchParams.get('redirect_uri')).toBe(
      'http://araldo.test/api/v1/oauth/callback',
    );
    const back = await consent(authorizationUrl.toString());
    expect(back.pathname).toBe('/api/v1/oauth/callback');
    const done = await callback(back);
    expect(done.statusCode).toBe(302);
    const location = String(done.headers.location);
    expect(location).toMatch(new RegExp(`^/w/${seed.workspaceId}/channels\\?connected=`));
    const channelId = new URL(location, 'http://x').searchParams.get('connected')!;
    const row = await api.ctx.store.db
      .selectFrom('channels')
      .selectAll()
      .where('id', '=', channelId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ network: 'pinterest', status: 'active' });
    expect(row.credentials).toMatch(/^v1\./);
    const [token] = fake.oauth.access.keys();
    expect(row.credentials).not.toContain(token);

    // The same callback again: the state was single use.
    const replay = await callback(back);
    expect(decodeURIComponent(String(replay.headers.location))).toMatch(
      /^\/\?connectError=.*expired or was already used/,
    );
  });

  it('only the person who started the connection can finish it', async () => {
    const started = await start();
    const back = await consent(started.json().authorizationUrl);
    const other = await openSession(api.ctx, seed.callers.admin.userId);
    const stolen = await callback(back, { cookie: `araldo_session=${other.sessionToken}` });
    expect(decodeURIComponent(String(stolen.headers.location))).toMatch(
      /connectError=.*started by someone else/,
    );
    const signedOut = await callback(back, {});
    expect(signedOut.statusCode).toBe(401);
  });

  it('editors cannot connect, and an Araldo without the app credentials says what to set', async () => {
    const editor = await openSession(api.ctx, seed.callers.editor.userId);
    const refused = await api.app.inject({
      method: 'POST',
      url: `/api/v1/workspaces/${seed.workspaceId}/channels/oauth/start`,
      headers: { cookie: `araldo_session=${editor.sessionToken}`, 'x-csrf-token': editor.csrfToken },
      payload: { network: 'pinterest' },
    });
    expect(refused.statusCode).toBe(403);
    const s = await seedWorkspace(unconfigured.ctx);
    const missing = await unconfigured.call(
      s.callers.owner,
      'POST',
      `/api/v1/workspaces/${s.workspaceId}/channels/oauth/start`,
      {
        network: 'pinterest',
      },
    );
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/ARALDO_PINTEREST_CLIENT_ID/);
  });
});
