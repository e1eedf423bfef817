import { FakeOAuth, FakeServer } from '@araldo/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OAuthDescription } from '../contract';
import {
  authorizationRequest,
  exchangeCode,
  rebaseOAuth,
  refreshAccessToken,
  revokeToken,
} from './oauth-flow';

const app = { clientId: 'araldo-app', clientSecret: 'app-secret-value' };
const redirectUri = 'http://araldo.example/api/v1/oauth/callback';

/** Follows the fake's consent redirect the way a browser would, without following it further. */
async function consent(url: string) {
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return response.headers.get('location')!;
}

describe.each([
  { clientAuth: 'basic' as const, pkce: true, rotate: true },
  { clientAuth: 'post' as const, pkce: false, rotate: false },
])('the generic OAuth flow ($clientAuth auth, PKCE $pkce)', ({ clientAuth, pkce, rotate }) => {
  const server = new FakeServer();
  const provider = new FakeOAuth(server, {
    authorizePath: '/oauth/authorize',
    tokenPath: '/oauth/token',
    revokePath: '/oauth/revoke',
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    clientAuth,
    pkce,
    rotateRefreshTokens: rotate,
  });
  let desc: OAuthDescription;

  beforeAll(async () => {
    await server.start();
    desc = rebaseOAuth(
      {
        authorizationUrl: 'https://network.example/oauth/authorize',
        tokenUrl: 'https://api.network.example/oauth/token',
        revocationUrl: 'https://api.network.example/oauth/revoke',
        scopes: ['read', 'write'],
        pkce,
        clientAuth,
      },
      server.url,
      'https://api.network.example',
    );
  });
  afterAll(() => server.stop());

  it('authorizes, exchanges the code, refreshes and revokes', async () => {
    const start = await authorizationRequest(desc, app, { redirectUri });
    expect(new URL(start.url).searchParams.get('scope')).toBe('read write');
    expect(start.codeVerifier !== null).toBe(pkce);
    const callbackUrl = await consent(start.url);
    const tokens = await exchangeCode(desc, app, {
      redirectUri,
      callbackUrl,
      state: start.state,
      codeVerifier: start.codeVerifier,
    });
    expect(provider.valid(tokens.accessToken)).toBe(true);
    expect(tokens.expiresAt).toBeGreaterThan(Date.now());

    const refreshed = await refreshAccessToken(desc, app, tokens.refreshToken!);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(provider.valid(refreshed.accessToken)).toBe(true);
    expect(refreshed.refreshToken === tokens.refreshToken).toBe(!rotate);

    await revokeToken(desc, app, refreshed.accessToken);
    expect(provider.valid(refreshed.accessToken)).toBe(false);
  });

  it('refuses a callback whose state does not match (CSRF on the callback)', async () => {
    const start = await authorizationRequest(desc, app, { redirectUri });
    const callbackUrl = await consent(start.url);
    await expect(
      exchangeCode(desc, app, {
        redirectUri,
        callbackUrl,
        state: 'someone-elses-state',
        codeVerifier: start.codeVerifier,
      }),
    ).rejects.toMatchObject({ failure: 'permanent' });
  });

  it('a code is single use, and a dead refresh token means reconnect', async () => {
    const start = await authorizationRequest(desc, app, { redirectUri });
    const callbackUrl = await consent(start.url);
    const o = { redirectUri, callbackUrl, state: start.state, codeVerifier: start.codeVerifier };
    await exchangeCode(desc, app, o);
    await expect(exchangeCode(desc, app, o)).rejects.toMatchObject({
      failure: 'permanent',
      networkCode: 'invalid_grant',
    });
    const error = (await refreshAccessToken(desc, app, 'not-a-refresh-token').catch(
      (e: unknown) => e,
    )) as Error;
    expect(error).toMatchObject({ failure: 'auth_expired' });
    expect(String(error.message)).not.toContain(app.clientSecret);
  });
});
