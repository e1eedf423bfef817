import type { Credentials } from '../contract';
import type { HttpClient, HttpResponse } from '../http/http-client';
import { NetworkError } from '../http/network-error';
import type { BlueskyCredentials } from './credentials';
import { errorBody, isOk, isSessionRejected, sendXrpc, type XrpcCall, xrpcError } from './xrpc';

interface SessionAnswer {
  did: string;
  handle: string;
  accessJwt: string;
  refreshJwt: string;
}

/**
 * The account's session: logs in with the app password when there is no token, refreshes
 * the access token when the PDS says it expired (400 ExpiredToken), logs in again when the
 * refresh token is gone too, and hands every new set of tokens to `onCredentials`.
 */
export class BlueskySession {
  readonly #http: HttpClient;
  readonly #onCredentials: (credentials: Credentials) => Promise<void>;
  #credentials: BlueskyCredentials;
  #renewing: Promise<void> | null = null;
  readonly service: string;

  constructor(
    http: HttpClient,
    service: string,
    credentials: BlueskyCredentials,
    onCredentials: (credentials: Credentials) => Promise<void>,
  ) {
    this.#http = http;
    this.service = service;
    this.#credentials = { ...credentials };
    this.#onCredentials = onCredentials;
  }

  get did(): string {
    const did = this.#credentials.did;
    if (!did) throw new Error('Bluesky session used before login');
    return did;
  }

  get handle(): string {
    return this.#credentials.handle ?? this.did;
  }

  /** Everything secret this session knows, for redaction. */
  get secrets(): string[] {
    const c = this.#credentials;
    return [c.appPassword, c.accessJwt, c.refreshJwt].filter((s): s is string => !!s);
  }

  /** A token-less call (resolveHandle): some PDSes refuse a token they cannot use for it. */
  async anonymous(call: Omit<XrpcCall, 'token'>): Promise<HttpResponse> {
    return sendXrpc(this.#http, this.service, call);
  }

  /** An authenticated call; throws a classified NetworkError on any failure. */
  async call<T>(call: Omit<XrpcCall, 'token'>, doing: string): Promise<T> {
    const response = await this.send(call);
    if (!isOk(response)) throw xrpcError(response, doing, this.secrets, call.type === 'procedure');
    return response.json<T>();
  }

  /** Logs in first when the channel has no session yet. */
  async ensure(): Promise<void> {
    if (!this.#credentials.accessJwt || !this.#credentials.did) await this.#renew(false);
  }

  /** An authenticated call whose error answers the caller reads itself (RecordNotFound…). */
  async send(call: Omit<XrpcCall, 'token'>): Promise<HttpResponse> {
    await this.ensure();
    const used = this.#credentials.accessJwt;
    let response = await sendXrpc(this.#http, this.service, { ...call, token: used });
    if (isSessionRejected(response)) {
      // Safe to send again: a rejected token means the PDS did nothing with the request. A
      // concurrent call may have renewed the session meanwhile; refresh tokens rotate, so
      // renewing again would only spend one.
      if (this.#credentials.accessJwt === used) await this.#renew(true);
      response = await sendXrpc(this.#http, this.service, { ...call, token: this.#credentials.accessJwt });
    }
    return response;
  }

  /** Logs in with the app password (verify() calls this when the channel is first connected). */
  async login(): Promise<void> {
    const c = this.#credentials;
    const response = await sendXrpc(this.#http, this.service, {
      nsid: 'com.atproto.server.createSession',
      type: 'procedure',
      json: { identifier: c.identifier, password: c.appPassword },
    });
    if (!isOk(response)) {
      const { error } = errorBody(response);
      if (response.status === 401 || error === 'AuthenticationRequired') {
        throw new NetworkError(
          'auth_expired',
          `Bluesky refused the identifier or app password for ${c.identifier}; check them, or create a new app password and reconnect the channel`,
          { status: response.status, networkCode: error },
        );
      }
      if (error === 'AuthFactorTokenRequired') {
        throw new NetworkError(
          'auth_expired',
          'This Bluesky account asks for an email code at sign-in; connect it with an app password instead of the account password',
          { status: response.status, networkCode: error },
        );
      }
      throw xrpcError(response, 'sign in', this.secrets);
    }
    await this.#adopt(response.json<SessionAnswer>());
  }

  /** Single flight: concurrent calls that all hit an expired token refresh it once. */
  #renew(expired: boolean): Promise<void> {
    this.#renewing ??= this.#renewOnce(expired).finally(() => {
      this.#renewing = null;
    });
    return this.#renewing;
  }

  async #renewOnce(expired: boolean): Promise<void> {
    const refreshJwt = this.#credentials.refreshJwt;
    if (!expired || !refreshJwt) return this.login();
    const response = await sendXrpc(this.#http, this.service, {
      nsid: 'com.atproto.server.refreshSession',
      type: 'procedure',
      token: refreshJwt,
    });
    if (isOk(response)) return this.#adopt(response.json<SessionAnswer>());
    // Only a refused refresh token means "log in again"; an outage or a rate limit is reported
    // as such, so a busy server does not burn the 30-per-5-minutes createSession budget.
    if (isSessionRejected(response) || errorBody(response).error === 'AuthenticationRequired') {
      return this.login();
    }
    throw xrpcError(response, 'refresh the session', this.secrets);
  }

  async #adopt(answer: SessionAnswer): Promise<void> {
    this.#credentials = {
      ...this.#credentials,
      did: answer.did,
      handle: answer.handle,
      accessJwt: answer.accessJwt,
      refreshJwt: answer.refreshJwt,
    };
    await this.#onCredentials({ ...this.#credentials });
  }
}
