import { DIALECTS, startTestApi, type TestApi } from '@araldo/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const OWNER = { email: 'Owner@Example.org', password: 'a long enough pass', name: 'Olga' };

const cookieFrom = (headers: Record<string, unknown>) => {
  const raw = headers['set-cookie'];
  const first = Array.isArray(raw) ? raw[0] : raw;
  return String(first ?? '');
};

describe.each(DIALECTS)('sign-in and sessions on %s', (dialect) => {
  let api: TestApi;
  let cookie = '';
  let csrf = '';

  beforeAll(async () => {
    api = await startTestApi(dialect);
  });
  afterAll(() => api?.close());

  it('first run creates the owner once, signed in with an HttpOnly SameSite cookie', async () => {
    expect((await api.call(null, 'GET', '/api/v1/setup')).body).toEqual({ needed: true });
    const badZone = await api.call(null, 'POST', '/api/v1/setup', {
      ...OWNER,
      workspaceName: 'Acme',
      timeZone: 'Mars/Olympus',
    });
    expect(badZone.status).toBe(400);
    expect(badZone.body.error.details).toEqual([{ path: 'timeZone', message: 'not an IANA time zone' }]);
    expect((await api.call(null, 'GET', '/api/v1/setup')).body).toEqual({ needed: true });

    const setup = await api.call(null, 'POST', '/api/v1/setup', {
      ...OWNER,
      workspaceName: 'Acme',
      timeZone: 'Europe/Rome',
    });
    expect(setup.status).toBe(201);
    expect(setup.body.user.email).toBe('owner@example.org');
    expect(setup.body.workspace.timeZone).toBe('Europe/Rome');
    const setCookie = cookieFrom(setup.headers);
    expect(setCookie).toMatch(/^araldo_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);

    const again = await api.call(null, 'POST', '/api/v1/setup', {
      ...OWNER,
      email: 'x@example.org',
      workspaceName: 'B',
      timeZone: 'UTC',
    });
    expect(again.status).toBe(409);
    expect((await api.call(null, 'GET', '/api/v1/setup')).body).toEqual({ needed: false });
  });

  it('signs in with any letter case of the email and reads /me with the cookie', async () => {
    const login = await api.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'OWNER@example.ORG', password: OWNER.password },
    });
    expect(login.statusCode).toBe(200);
    cookie = cookieFrom(login.headers).split(';')[0]!;
    csrf = login.json().csrfToken;
    const me = await api.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().workspaces).toHaveLength(1);
    expect(me.json().csrfToken).toBe(csrf);
  });

  it('a cookie alone cannot change anything: the CSRF header must match', async () => {
    const payload = { name: 'Second', timeZone: 'UTC' };
    const without = await api.app.inject({
      method: 'POST',
      url: '/api/v1/workspaces',
      headers: { cookie },
      payload,
    });
    expect(without.statusCode).toBe(403);
    const wrong = await api.app.inject({
      method: 'POST',
      url: '/api/v1/workspaces',
      headers: { cookie, 'x-csrf-token': 'guess' },
      payload,
    });
    expect(wrong.statusCode).toBe(403);
    const right = await api.app.inject({
      method: 'POST',
      url: '/api/v1/workspaces',
      headers: { cookie, 'x-csrf-token': csrf },
      payload,
    });
    expect(right.statusCode).toBe(201);
  });

  it('signing out ends the session', async () => {
    const out = await api.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(204);
    const me = await api.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
    expect(me.json().error.code).toBe('unauthorized');
  });

  it('repeated wrong passwords are rate limited, even with the right one afterwards', async () => {
    for (let i = 0; i < 5; i++) {
      const wrong = await api.call(null, 'POST', '/api/v1/auth/login', {
        email: OWNER.email,
        password: 'wrong guess',
      });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.message).toBe('Wrong email or password');
    }
    const limited = await api.call(null, 'POST', '/api/v1/auth/login', {
      email: OWNER.email,
      password: OWNER.password,
    });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(limited.headers['retry-after']).toBe('900');
  });

  it('an unknown email answers exactly like a wrong password', async () => {
    const unknown = await api.call(null, 'POST', '/api/v1/auth/login', {
      email: 'nobody@example.org',
      password: 'whatever1234',
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.message).toBe('Wrong email or password');
  });

  it('API tokens: shown once, listed without the secret, useless once revoked', async () => {
    // The owner is rate limited by now; a new session is made directly.
    const { openSession } = await import('@araldo/engine');
    const owner = await api.ctx.store.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
    const grant = await openSession(api.ctx, owner.id);
    const headers = { cookie: `araldo_session=${grant.sessionToken}`, 'x-csrf-token': grant.csrfToken };
    const created = await api.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers,
      payload: { name: 'ci', scope: 'write' },
    });
    expect(created.statusCode).toBe(201);
    const { secret, token } = created.json();
    expect(secret).toMatch(/^araldo_pat_/);
    const list = await api.app.inject({ method: 'GET', url: '/api/v1/tokens', headers });
    expect(list.body).not.toContain(secret);
    expect(list.json().items[0].prefix).toBe(secret.slice(0, token.prefix.length));
    const stored = await api.ctx.store.db.selectFrom('api_tokens').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(secret);

    const caller = { userId: owner.id, token: secret };
    expect((await api.call(caller, 'GET', '/api/v1/workspaces')).status).toBe(200);
    const revoke = await api.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${token.id}`, headers });
    expect(revoke.statusCode).toBe(204);
    const after = await api.call(caller, 'GET', '/api/v1/workspaces');
    expect(after.status).toBe(401);
    expect(after.body.error.message).toMatch(/unknown, revoked or expired/);
  });
});
