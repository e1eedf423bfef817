import { FormData, type HttpClient, type HttpResponse } from '../http/http-client';
import { NetworkError } from '../http/network-error';
import { graphError } from './graph-error';

export type GraphParams = Record<string, string | number | boolean | object | null | undefined>;

/** One file part of a multipart call (a video chunk). */
export interface GraphFile {
  field: string;
  data: Buffer;
  filename: string;
  mimeType?: string;
}

/** Graph takes objects (targeting, attached_media) as JSON strings inside form and query fields. */
export function encodeParams(params: GraphParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    out[k] = typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return out;
}

export interface GraphSessionOptions {
  http: HttpClient;
  /** The API origin (the descriptor's default or the configured override). */
  origin: string;
  /** Path prefix of the versioned API, e.g. `/v26.0`; token endpoints are unversioned. */
  versionPath: string;
  network: string;
  token(): string;
  /** Whether the token should be renewed before the next call (close to its expiry). */
  stale?(): boolean;
  /** Whether the token is past its expiry, so a failed early renewal is final. */
  expired?(): boolean;
  /** Renews the token; throws NetworkError('auth_expired') when it cannot. */
  renew?(): Promise<void>;
}

/**
 * One Graph host (graph.facebook.com, graph.instagram.com, graph.threads.net) seen with one
 * token: the token travels as the documented `access_token` parameter, errors come back as
 * NetworkErrors, and an expired token is renewed once before the call is given up.
 */
export class GraphSession {
  #renewing: Promise<void> | null = null;

  constructor(readonly options: GraphSessionOptions) {}

  get origin() {
    return this.options.origin.replace(/\/$/, '');
  }

  get<T>(path: string, params: GraphParams, doing: string): Promise<T> {
    return this.#authed('GET', path, params, doing);
  }

  post<T>(path: string, params: GraphParams, doing: string): Promise<T> {
    return this.#authed('POST', path, params, doing);
  }

  /**
   * A multipart POST carrying one file part (a video chunk). The token travels in the
   * `Authorization: OAuth` header, which Meta's upload documentation asks for.
   */
  postFile<T>(path: string, params: GraphParams, file: GraphFile, doing: string): Promise<T> {
    return this.#authed('POST', path, params, doing, file);
  }

  /** An unversioned call with explicit parameters (token exchanges), no renewal. */
  async plain<T>(method: 'GET' | 'POST', path: string, params: GraphParams, doing: string): Promise<T> {
    const response = await this.#send(method, `${this.origin}${path}`, params);
    if (response.status >= 400) throw this.#error(response, doing, params);
    return response.json<T>();
  }

  async renew(): Promise<void> {
    if (!this.options.renew) {
      throw new NetworkError(
        'auth_expired',
        `${this.options.network} no longer accepts this channel's access token; reconnect the channel`,
      );
    }
    this.#renewing ??= this.options.renew().finally(() => {
      this.#renewing = null;
    });
    return this.#renewing;
  }

  async #authed<T>(
    method: 'GET' | 'POST',
    path: string,
    params: GraphParams,
    doing: string,
    file?: GraphFile,
  ): Promise<T> {
    if (this.options.stale?.() && this.options.renew) {
      // Renewing early is a courtesy: while the token still works, a refusal is not fatal.
      await this.renew().catch((error: unknown) => {
        if (this.options.expired?.() ?? true) throw error;
      });
    }
    const url = `${this.origin}${this.options.versionPath}${path}`;
    let response = await this.#send(method, url, { ...params, access_token: this.options.token() }, file);
    if (response.status >= 400) {
      const error = this.#error(response, doing, params);
      if (error.failure !== 'auth_expired' || !this.options.renew) throw error;
      await this.renew();
      response = await this.#send(method, url, { ...params, access_token: this.options.token() }, file);
      if (response.status >= 400) throw this.#error(response, doing, params);
    }
    return response.json<T>();
  }

  #send(method: 'GET' | 'POST', url: string, params: GraphParams, file?: GraphFile): Promise<HttpResponse> {
    const encoded = encodeParams(params);
    if (file) {
      const { access_token: token, ...fields } = encoded;
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      form.append(
        file.field,
        new Blob([file.data], { type: file.mimeType ?? 'application/octet-stream' }),
        file.filename,
      );
      return this.options.http.request({
        method,
        url,
        multipart: form,
        ...(token ? { headers: { authorization: `OAuth ${token}` } } : {}),
      });
    }
    if (method === 'GET') {
      const u = new URL(url);
      for (const [k, v] of Object.entries(encoded)) u.searchParams.set(k, v);
      return this.options.http.request({ method, url: u.toString() });
    }
    return this.options.http.request({ method, url, form: encoded });
  }

  #error(response: HttpResponse, doing: string, params: GraphParams) {
    const secrets = [
      this.options.token(),
      params.access_token,
      params.client_secret,
      params.fb_exchange_token,
    ].filter((s): s is string => typeof s === 'string');
    return graphError(response, this.options.network, doing, secrets);
  }
}
