import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { FakeRequest, FakeResponse, FakeServer } from './fake-server';

/**
 * What the three Meta fakes (Facebook Pages, Instagram, Threads) share, as Meta documents it
 * for every Graph host: tokens in the `access_token` parameter (or a bearer header), errors
 * as `{error:{message,type,code,error_subcode,fbtrace_id}}` with HTTP 400 even for an expired
 * token (code 190), usage headers (`X-App-Usage`, `X-Business-Use-Case-Usage`) and throttling
 * by error code (4, 32) rather than by 429, an authorize page that consents at once, and
 * webhook signatures.
 */
export interface MetaToken {
  /** The user, Page or professional account the token acts for. */
  subject: string;
  kind: 'user' | 'page';
  long: boolean;
  issuedAt: number;
  expiresAt: number;
  /** Answer 190 to the next call even though the token is valid (a revoked session). */
  rejectNext?: boolean;
}

export const graphError = (
  status: number,
  code: number,
  message: string,
  extra: { error_subcode?: number; type?: string; error_user_msg?: string } = {},
): FakeResponse => ({
  status,
  json: {
    error: {
      message,
      type: extra.type ?? (code === 190 ? 'OAuthException' : 'GraphMethodException'),
      code,
      ...(extra.error_subcode === undefined ? {} : { error_subcode: extra.error_subcode }),
      ...(extra.error_user_msg === undefined ? {} : { error_user_msg: extra.error_user_msg }),
      fbtrace_id: randomBytes(8).toString('base64url'),
    },
  },
});

export const missing = (name: string) =>
  graphError(400, 100, `(#100) The parameter ${name} is required`, { type: 'OAuthException' });

/** Graph reads parameters from the query string and from a form body alike. */
export function graphParams(r: FakeRequest): URLSearchParams {
  const params = new URLSearchParams(r.query);
  if (String(r.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of r.form()) params.set(k, v);
  } else if (String(r.headers['content-type'] ?? '').startsWith('application/json')) {
    for (const [k, v] of Object.entries(r.json()))
      params.set(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
  }
  return params;
}

export interface MetaAppOptions {
  appId: string;
  appSecret: string;
  /** Calls per token per hour before Meta throttles (`X-*-Usage` reaches 100 %). */
  callLimit?: number;
}

export class MetaGraph {
  readonly tokens = new Map<string, MetaToken>();
  readonly #codes = new Map<string, { redirectUri: string; subject: string; challenge: string | null }>();
  readonly #calls = new Map<string, number[]>();
  callLimit: number;
  /** Minutes Meta says a throttled token waits (`estimated_time_to_regain_access`). */
  regainMinutes = 7;

  constructor(
    readonly server: FakeServer,
    readonly app: MetaAppOptions,
  ) {
    this.callLimit = app.callLimit ?? 200;
  }

  issue(
    subject: string,
    o: { kind?: MetaToken['kind']; long?: boolean; ttlMs?: number; ageMs?: number } = {},
  ) {
    const token = `${o.long ? 'EAAL' : 'EAAS'}${randomBytes(18).toString('hex')}`;
    const now = Date.now();
    this.tokens.set(token, {
      subject,
      kind: o.kind ?? 'user',
      long: o.long ?? false,
      issuedAt: now - (o.ageMs ?? 0),
      expiresAt: now + (o.ttlMs ?? 3_600_000),
    });
    return token;
  }

  valid(token: string | undefined): MetaToken | undefined {
    const t = token ? this.tokens.get(token) : undefined;
    return t && t.expiresAt > Date.now() ? t : undefined;
  }

  expire(token: string) {
    const t = this.tokens.get(token);
    if (t) t.expiresAt = 0;
  }

  rejectNext(token: string) {
    const t = this.tokens.get(token);
    if (t) t.rejectNext = true;
  }

  static tokenOf(r: FakeRequest): string | undefined {
    return (
      graphParams(r).get('access_token') ??
      /^(?:Bearer|OAuth) (.+)$/.exec(String(r.headers.authorization ?? ''))?.[1]
    );
  }

  /** Authenticates, counts the call against the token's hourly allowance, adds usage headers. */
  async authed(
    r: FakeRequest,
    handler: (t: MetaToken, params: URLSearchParams) => FakeResponse | Promise<FakeResponse>,
  ): Promise<FakeResponse> {
    const token = MetaGraph.tokenOf(r);
    const t = this.valid(token);
    if (!t) {
      return token && this.tokens.has(token)
        ? graphError(400, 190, 'Error validating access token: Session has expired', { error_subcode: 463 })
        : graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token');
    }
    if (t.rejectNext) {
      t.rejectNext = false;
      return graphError(400, 190, 'Error validating access token: The session has been invalidated', {
        error_subcode: 460,
      });
    }
    const now = Date.now();
    const window = (this.#calls.get(token!) ?? []).filter((at) => at > now - 3_600_000);
    window.push(now);
    this.#calls.set(token!, window);
    const percent = Math.min(100, Math.round((window.length / this.callLimit) * 100));
    const over = window.length > this.callLimit;
    const usage = {
      type: t.kind === 'page' ? 'pages' : 'instagram',
      call_count: percent,
      total_cputime: Math.round(percent / 2),
      total_time: Math.round(percent / 2),
      estimated_time_to_regain_access: over ? this.regainMinutes : 0,
    };
    const headers = { 'x-business-use-case-usage': JSON.stringify({ [t.subject]: [usage] }) };
    if (over) {
      const code = t.kind === 'page' ? 32 : 4;
      return { ...graphError(400, code, `(#${code}) Application request limit reached`), headers };
    }
    const response = await handler(t, graphParams(r));
    return { ...response, headers: { ...headers, ...response.headers } };
  }

  /** `GET <authorize>`: consents at once for `subject` and redirects with a single-use code. */
  authorize(r: FakeRequest, subject: string, o: { pkce?: boolean } = {}): FakeResponse {
    const q = r.query;
    const redirectUri = q.get('redirect_uri');
    if (q.get('client_id') !== this.app.appId || !redirectUri)
      return { status: 400, body: 'Invalid App ID or missing redirect_uri' };
    if (q.get('response_type') !== 'code') return { status: 400, body: 'response_type must be code' };
    if (!q.get('scope')) return { status: 400, body: 'scope is required' };
    const challenge = q.get('code_challenge');
    if (o.pkce && (!challenge || q.get('code_challenge_method') !== 'S256'))
      return { status: 400, body: 'code_challenge with S256 is required' };
    const code = randomBytes(12).toString('hex');
    this.#codes.set(code, { redirectUri, subject, challenge });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    if (q.get('state')) back.searchParams.set('state', q.get('state')!);
    return { status: 302, headers: { location: back.toString() } };
  }

  /** `POST <token>` with grant_type=authorization_code: a short-lived (1 h) user token. */
  exchange(r: FakeRequest, extra: (subject: string) => Record<string, unknown> = () => ({})): FakeResponse {
    const p = graphParams(r);
    if (p.get('client_id') !== this.app.appId || p.get('client_secret') !== this.app.appSecret)
      return graphError(400, 101, 'Error validating client secret.', { type: 'OAuthException' });
    if (p.get('grant_type') && p.get('grant_type') !== 'authorization_code') return missing('grant_type');
    const code = this.#codes.get(p.get('code') ?? '');
    this.#codes.delete(p.get('code') ?? '');
    if (!code)
      return graphError(400, 100, 'This authorization code has been used.', { error_subcode: 36009 });
    if (code.redirectUri !== p.get('redirect_uri'))
      return graphError(
        400,
        100,
        'Error validating verification code. Please make sure your redirect_uri is identical',
        {
          error_subcode: 36008,
        },
      );
    if (code.challenge) {
      const digest = createHash('sha256')
        .update(p.get('code_verifier') ?? '')
        .digest('base64url');
      if (digest !== code.challenge) return graphError(400, 100, 'Invalid code verifier');
    }
    const token = this.issue(code.subject);
    return {
      status: 200,
      json: { access_token: token, token_type: 'bearer', expires_in: 3600, ...extra(code.subject) },
    };
  }

  /**
   * Short → long-lived exchange (`fb_exchange_token`, `ig_exchange_token`, `th_exchange_token`)
   * and the refresh of a long-lived token (`ig_refresh_token`, `th_refresh_token`): 60 days,
   * refresh only when the token is at least 24 h old and unexpired.
   */
  longLived(presented: string | null, o: { refresh: boolean }): FakeResponse {
    const t = this.valid(presented ?? undefined);
    if (!t)
      return graphError(400, 190, 'Error validating access token: Session has expired', {
        error_subcode: 463,
      });
    if (o.refresh && (!t.long || Date.now() - t.issuedAt < 24 * 3_600_000))
      return graphError(400, 10, 'The access token must be long-lived and at least 24 hours old to refresh');
    if (!o.refresh && t.long) return graphError(400, 100, 'The token is already long-lived');
    const ttl = 60 * 24 * 3_600_000;
    const token = this.issue(t.subject, { kind: t.kind, long: true, ttlMs: ttl });
    if (o.refresh) this.expire(presented!);
    return { status: 200, json: { access_token: token, token_type: 'bearer', expires_in: ttl / 1000 } };
  }

  /** Signs a webhook body the way Meta does, for tests of an adapter's `verifyWebhook`. */
  sign(body: string | Buffer): string {
    return `sha256=${createHmac('sha256', this.app.appSecret).update(body).digest('hex')}`;
  }
}

/** Meta's timestamps: ISO 8601 with a `+0000` offset. */
export const metaTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
