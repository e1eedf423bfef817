import { Agent, FormData, request } from 'undici';
import { NetworkError } from './network-error';
import { redact } from './redact';
import { checkLiteralHost, guardedLookup } from './url-guard';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  url: string;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  multipart?: FormData;
  body?: Buffer | string;
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text(): string;
  json<T = unknown>(): T;
}

export interface HttpClientOptions {
  /** ARALDO_ALLOW_PRIVATE_URLS: lets requests reach loopback and LAN addresses (tests, LAN servers). */
  allowPrivate: boolean;
  timeoutMs?: number;
  userAgent?: string;
}

const SENT_ERRORS = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'ECONNRESET',
  'EPIPE',
]);

/**
 * The one HTTP layer every adapter uses: keep-alive pools per origin (undici; Node 20's
 * global fetch is several times slower on the publishing hot path), timeouts, the
 * private-address guard, and transport failures turned into NetworkErrors.
 * HTTP error statuses are returned, not thrown: only the adapter knows what they mean.
 */
export class HttpClient {
  readonly #agent: Agent;
  readonly #options: Required<HttpClientOptions>;

  constructor(options: HttpClientOptions) {
    this.#options = { timeoutMs: 30_000, userAgent: 'Araldo (+https://github.com/araldo)', ...options };
    this.#agent = new Agent({
      keepAliveTimeout: 10_000,
      connections: 64,
      ...(options.allowPrivate ? {} : { connect: { lookup: guardedLookup } }),
    });
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const url = new URL(req.url);
    if (!this.#options.allowPrivate) checkLiteralHost(url);
    const headers: Record<string, string> = { 'user-agent': this.#options.userAgent, ...req.headers };
    let body: Buffer | string | FormData | undefined = req.body;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] ??= 'application/json';
    } else if (req.form) {
      body = new URLSearchParams(req.form).toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    } else if (req.multipart) {
      body = req.multipart;
    }
    const timeout = req.timeoutMs ?? this.#options.timeoutMs;
    try {
      const response = await request(url, {
        method: req.method,
        headers,
        body,
        dispatcher: this.#agent,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      const buffer = Buffer.from(await response.body.arrayBuffer());
      return {
        status: response.statusCode,
        headers: response.headers as Record<string, string | string[] | undefined>,
        body: buffer,
        text: () => buffer.toString('utf8'),
        json: <T>() => JSON.parse(buffer.toString('utf8')) as T,
      };
    } catch (error) {
      if (error instanceof NetworkError) throw error;
      const cause = (error as { cause?: unknown }).cause;
      if (cause instanceof NetworkError) throw cause;
      const code = (error as NodeJS.ErrnoException).code ?? '';
      const sent = SENT_ERRORS.has(code) && req.method !== 'GET' && req.method !== 'HEAD';
      throw new NetworkError(
        'transient',
        redact(`${req.method} ${url.origin}${url.pathname} failed: ${(error as Error).message}`),
        { mayHaveSucceeded: sent, networkCode: code || undefined },
      );
    }
  }

  async close() {
    await this.#agent.close();
  }
}

export { FormData };
