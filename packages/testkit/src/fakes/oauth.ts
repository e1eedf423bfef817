import { createHash, randomBytes } from 'node:crypto';
import type { FakeRequest, FakeResponse, FakeServer } from './fake-server';

export interface FakeOAuthOptions {
  authorizePath: string;
  tokenPath: string;
  revokePath?: string;
  clientId: string;
  clientSecret: string;
  clientAuth: 'basic' | 'post';
  pkce: boolean;
  clientIdParameter?: string;
  accessTtlSeconds?: number;
  /** Whether a refresh hands out a new refresh token (X, TikTok) or keeps the old (Google). */
  rotateRefreshTokens?: boolean;
}

/**
 * RFC 6749 authorization-code and refresh grants, as strict as a real provider: exact
 * redirect_uri, single-use codes, S256 PKCE checked, client authenticated the configured way.
 * The authorize endpoint consents at once and redirects back, like a user clicking "Allow".
 */
export class FakeOAuth {
  readonly #codes = new Map<string, { redirectUri: string; challenge: string | null; scope: string }>();
  readonly #refresh = new Map<string, string>();
  readonly access = new Map<string, { scope: string; expiresAt: number }>();
  readonly revoked = new Set<string>();

  constructor(
    server: FakeServer,
    readonly options: FakeOAuthOptions,
  ) {
    server.route('GET', options.authorizePath, (r) => this.#authorize(r));
    server.route('POST', options.tokenPath, (r) => this.#token(r));
    if (options.revokePath) {
      server.route('POST', options.revokePath, (r) => {
        const token = r.form().get('token');
        if (token) {
          this.revoked.add(token);
          this.access.delete(token);
          this.#refresh.delete(token);
        }
        return { status: 200, body: '' };
      });
    }
  }

  /** True when the bearer token is one this provider issued and it is still valid. */
  valid(token: string | undefined): boolean {
    const t = token ? this.access.get(token) : undefined;
    return t !== undefined && t.expiresAt > Date.now();
  }

  expire(token: string) {
    const t = this.access.get(token);
    if (t) t.expiresAt = 0;
  }

  /** Hands out a token pair directly, for tests that skip the browser step. */
  issue(scope = 'default'): { accessToken: string; refreshToken: string } {
    const accessToken = randomBytes(16).toString('hex');
    const refreshToken = randomBytes(16).toString('hex');
    this.access.set(accessToken, {
      scope,
      expiresAt: Date.now() + (this.options.accessTtlSeconds ?? 3600) * 1000,
    });
    this.#refresh.set(refreshToken, scope);
    return { accessToken, refreshToken };
  }

  #authorize(r: FakeRequest): FakeResponse {
    const q = r.query;
    const idParam = this.options.clientIdParameter ?? 'client_id';
    const redirectUri = q.get('redirect_uri');
    if (q.get(idParam) !== this.options.clientId || !redirectUri) {
      return { status: 400, body: 'unknown client or missing redirect_uri' };
    }
    if (q.get('response_type') !== 'code') return { status: 400, body: 'response_type must be code' };
    const challenge = q.get('code_challenge');
    if (this.options.pkce && (!challenge || q.get('code_challenge_method') !== 'S256')) {
      return { status: 400, body: 'PKCE with S256 is required' };
    }
    const code = randomBytes(12).toString('hex');
    this.#codes.set(code, { redirectUri, challenge, scope: q.get('scope') ?? '' });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    if (q.get('state')) back.searchParams.set('state', q.get('state')!);
    return { status: 302, headers: { location: back.toString() } };
  }

  #client(r: FakeRequest, form: URLSearchParams): boolean {
    const idParam = this.options.clientIdParameter ?? 'client_id';
    if (this.options.clientAuth === 'basic') {
      const basic = /^Basic (.+)$/.exec(String(r.headers.authorization ?? ''))?.[1];
      const [id, secret] = Buffer.from(basic ?? '', 'base64')
        .toString()
        .split(':')
        .map(decodeURIComponent);
      return id === this.options.clientId && secret === this.options.clientSecret;
    }
    return (
      form.get(idParam) === this.options.clientId && form.get('client_secret') === this.options.clientSecret
    );
  }

  #token(r: FakeRequest): FakeResponse {
    const error = (code: string, status = 400): FakeResponse => ({ status, json: { error: code } });
    if (!String(r.headers['content-type']).startsWith('application/x-www-form-urlencoded'))
      return error('invalid_request');
    const form = r.form();
    if (!this.#client(r, form)) return error('invalid_client', 401);
    const grant = form.get('grant_type');
    let scope: string;
    let oldRefresh: string | undefined;
    if (grant === 'authorization_code') {
      const code = this.#codes.get(form.get('code') ?? '');
      this.#codes.delete(form.get('code') ?? '');
      if (!code || code.redirectUri !== form.get('redirect_uri')) return error('invalid_grant');
      if (code.challenge) {
        const verifier = form.get('code_verifier') ?? '';
        if (createHash('sha256').update(verifier).digest('base64url') !== code.challenge)
          return error('invalid_grant');
      }
      scope = code.scope;
    } else if (grant === 'refresh_token') {
      oldRefresh = form.get('refresh_token') ?? '';
      const known = this.#refresh.get(oldRefresh);
      if (known === undefined) return error('invalid_grant');
      scope = known;
    } else {
      return error('unsupported_grant_type');
    }
    const issued = this.issue(scope);
    if (oldRefresh !== undefined && !this.options.rotateRefreshTokens) {
      this.#refresh.delete(issued.refreshToken);
    } else if (oldRefresh !== undefined) {
      this.#refresh.delete(oldRefresh);
    }
    const keepOld = oldRefresh !== undefined && !this.options.rotateRefreshTokens;
    return {
      status: 200,
      json: {
        access_token: issued.accessToken,
        token_type: 'bearer',
        expires_in: this.options.accessTtlSeconds ?? 3600,
        scope,
        ...(keepOld ? {} : { refresh_token: issued.refreshToken }),
      },
    };
  }
}
