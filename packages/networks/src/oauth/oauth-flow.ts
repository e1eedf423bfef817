import * as oauth from 'oauth4webapi';
import type { OAuthDescription, TokenSet } from '../contract';
import { NetworkError } from '../http/network-error';
import { redact } from '../http/redact';

export interface OAuthApp {
  clientId: string;
  clientSecret?: string | undefined;
}

/** With a base URL override every OAuth endpoint moves to its origin, keeping its path. */
export function rebaseOAuth(
  desc: OAuthDescription,
  baseUrl: string,
  defaultBaseUrl: string,
): OAuthDescription {
  if (new URL(baseUrl).origin === new URL(defaultBaseUrl).origin) return desc;
  const move = (url: string) => {
    const u = new URL(url);
    return `${new URL(baseUrl).origin}${u.pathname}${u.search}`;
  };
  return {
    ...desc,
    authorizationUrl: move(desc.authorizationUrl),
    tokenUrl: move(desc.tokenUrl),
    ...(desc.revocationUrl ? { revocationUrl: move(desc.revocationUrl) } : {}),
  };
}

const server = (desc: OAuthDescription): oauth.AuthorizationServer => ({
  issuer: new URL(desc.tokenUrl).origin,
  authorization_endpoint: desc.authorizationUrl,
  token_endpoint: desc.tokenUrl,
  ...(desc.revocationUrl ? { revocation_endpoint: desc.revocationUrl } : {}),
});

/** Client authentication, honouring networks that rename client_id (TikTok's client_key). */
function clientAuth(desc: OAuthDescription, app: OAuthApp): oauth.ClientAuth {
  const idParam = desc.clientIdParameter ?? 'client_id';
  if (desc.clientAuth === 'basic' && app.clientSecret) return oauth.ClientSecretBasic(app.clientSecret);
  return (_as, _client, body) => {
    body.set(idParam, app.clientId);
    if (idParam !== 'client_id') body.delete('client_id');
    if (desc.clientAuth !== 'none' && app.clientSecret) body.set('client_secret', app.clientSecret);
  };
}

/**
 * Some token endpoints (LinkedIn, Meta) omit `token_type`, which RFC 6749 requires and
 * oauth4webapi checks; their tokens are bearer tokens, so the answer is completed here.
 */
const lenientFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  if (!response.ok || !response.headers.get('content-type')?.includes('json')) return response;
  const body = (await response.json()) as Record<string, unknown>;
  if (body.access_token && !body.token_type) body.token_type = 'bearer';
  return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
};

const options = (desc: OAuthDescription) => ({
  [oauth.customFetch]: lenientFetch,
  [oauth.allowInsecureRequests]: desc.tokenUrl.startsWith('http:'),
});

function toTokenSet(r: oauth.TokenEndpointResponse): TokenSet {
  return {
    accessToken: r.access_token,
    refreshToken: r.refresh_token,
    expiresAt: typeof r.expires_in === 'number' ? Date.now() + r.expires_in * 1000 : undefined,
    scope: r.scope,
    raw: Object.fromEntries(Object.entries(r).filter(([k]) => !/token/.test(k))),
  };
}

/** Maps what went wrong at the token endpoint to the engine's failure classes. */
function failure(error: unknown, doing: string, app: OAuthApp): NetworkError {
  if (error instanceof NetworkError) return error;
  const secrets = app.clientSecret ? [app.clientSecret] : [];
  if (error instanceof oauth.ResponseBodyError) {
    const permanent = ['invalid_grant', 'invalid_client', 'unauthorized_client', 'invalid_scope'].includes(
      error.error,
    );
    return new NetworkError(
      error.status >= 500 ? 'transient' : permanent && doing === 'refresh' ? 'auth_expired' : 'permanent',
      redact(`The network refused to ${doing} the token: ${error.error_description ?? error.error}`, secrets),
      { status: error.status, networkCode: error.error },
    );
  }
  const status = (error as { cause?: { status?: number } }).cause?.status;
  // fetch throws TypeError when the network cannot be reached; anything else is an answer
  // that breaks the protocol (a state mismatch, a malformed body) and will not fix itself.
  const transient = error instanceof TypeError || (status !== undefined && status >= 500);
  return new NetworkError(
    transient ? 'transient' : 'permanent',
    redact(`Could not ${doing} the token: ${(error as Error).message}`, secrets),
    { status },
  );
}

export async function authorizationRequest(
  desc: OAuthDescription,
  app: OAuthApp,
  o: { redirectUri: string; scopes?: string[] },
): Promise<{ url: string; state: string; codeVerifier: string | null }> {
  const state = oauth.generateRandomState();
  const url = new URL(desc.authorizationUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set(desc.clientIdParameter ?? 'client_id', app.clientId);
  url.searchParams.set('redirect_uri', o.redirectUri);
  url.searchParams.set('scope', (o.scopes ?? desc.scopes).join(desc.scopeSeparator ?? ' '));
  url.searchParams.set('state', state);
  let codeVerifier: string | null = null;
  if (desc.pkce) {
    codeVerifier = oauth.generateRandomCodeVerifier();
    url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
    url.searchParams.set('code_challenge_method', 'S256');
  }
  for (const [k, v] of Object.entries(desc.extraAuthorizationParams ?? {})) url.searchParams.set(k, v);
  return { url: url.toString(), state, codeVerifier };
}

/** Checks the callback's state and exchanges its code (with the PKCE verifier when used). */
export async function exchangeCode(
  desc: OAuthDescription,
  app: OAuthApp,
  o: { redirectUri: string; code?: string; codeVerifier: string | null; callbackUrl: string; state: string },
): Promise<TokenSet> {
  const as = server(desc);
  const client: oauth.Client = { client_id: app.clientId };
  try {
    const params = oauth.validateAuthResponse(as, client, new URL(o.callbackUrl), o.state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      clientAuth(desc, app),
      params,
      o.redirectUri,
      o.codeVerifier ?? oauth.nopkce,
      options(desc),
    );
    return toTokenSet(await oauth.processAuthorizationCodeResponse(as, client, response));
  } catch (error) {
    if (error instanceof oauth.AuthorizationResponseError) {
      throw new NetworkError(
        'permanent',
        `The network did not authorise Araldo: ${error.error_description ?? error.error}`,
      );
    }
    throw failure(error, 'exchange', app);
  }
}

export async function refreshAccessToken(
  desc: OAuthDescription,
  app: OAuthApp,
  refreshToken: string,
): Promise<TokenSet> {
  const as = server(desc);
  const client: oauth.Client = { client_id: app.clientId };
  try {
    const response = await oauth.refreshTokenGrantRequest(
      as,
      client,
      clientAuth(desc, app),
      refreshToken,
      options(desc),
    );
    const tokens = toTokenSet(await oauth.processRefreshTokenResponse(as, client, response));
    // Networks that do not rotate refresh tokens (Google) answer without one: keep the old.
    return { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken };
  } catch (error) {
    throw failure(error, 'refresh', app);
  }
}

export async function revokeToken(desc: OAuthDescription, app: OAuthApp, token: string): Promise<void> {
  if (!desc.revocationUrl) return;
  const as = server(desc);
  const client: oauth.Client = { client_id: app.clientId };
  try {
    const response = await oauth.revocationRequest(as, client, clientAuth(desc, app), token, options(desc));
    await oauth.processRevocationResponse(response);
  } catch (error) {
    throw failure(error, 'revoke', app);
  }
}
