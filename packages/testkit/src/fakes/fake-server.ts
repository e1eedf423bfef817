import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  json<T = Record<string, unknown>>(): T;
  form(): URLSearchParams;
  /** multipart/form-data, parsed with the platform's own parser. */
  multipart(): Promise<FormData>;
}

export interface FakeResponse {
  status: number;
  json?: unknown;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

export type Handler = (request: FakeRequest) => FakeResponse | Promise<FakeResponse>;

/**
 * What a test can make the next matching request suffer. `timeout` and `drop` let the
 * handler run first (the post IS created) and then lose the answer: the hardest case for
 * exactly-once publishing.
 */
export type Fault =
  | { kind: 'status'; response: FakeResponse }
  | { kind: 'timeout' }
  | { kind: 'drop' }
  | { kind: 'delay'; ms: number };

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

interface ArmedFault {
  method: string | undefined;
  path: RegExp | undefined;
  remaining: number;
  fault: Fault;
}

const compile = (path: string) => {
  const names: string[] = [];
  const source = path.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { pattern: new RegExp(`^${source}$`), names };
};

/**
 * A real HTTP server on loopback that a network fake fills with the endpoints its adapter
 * uses. Unknown endpoints answer 404 so an adapter calling something undocumented fails.
 */
export class FakeServer {
  readonly #routes: Route[] = [];
  readonly #faults: ArmedFault[] = [];
  readonly #server: http.Server;
  /** Every request received, for assertions on exactly what an adapter sent. */
  readonly requests: { method: string; path: string; headers: http.IncomingHttpHeaders; body: Buffer }[] = [];
  url = '';

  constructor(
    private readonly notFound: (request: FakeRequest) => FakeResponse = () => ({
      status: 404,
      json: { error: 'not found' },
    }),
  ) {
    this.#server = http.createServer((req, res) => void this.#handle(req, res));
    this.#server.keepAliveTimeout = 5_000;
  }

  route(method: string, path: string, handler: Handler): this {
    this.#routes.push({ method, ...compile(path), handler });
    return this;
  }

  /** Arms a fault for the next `times` requests matching method and path (both optional). */
  inject(fault: Fault, match: { method?: string; path?: RegExp; times?: number } = {}): this {
    this.#faults.push({ method: match.method, path: match.path, remaining: match.times ?? 1, fault });
    return this;
  }

  clearFaults() {
    this.#faults.length = 0;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop() {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Decides a fault for any request (chaos tests); armed faults from `inject` come first. */
  chaos: ((method: string, path: string) => Fault | undefined) | undefined;

  #takeFault(method: string, path: string): Fault | undefined {
    const armed = this.#faults.find(
      (f) => f.remaining > 0 && (!f.method || f.method === method) && (!f.path || f.path.test(path)),
    );
    if (!armed) return this.chaos?.(method, path);
    armed.remaining--;
    if (armed.remaining === 0) this.#faults.splice(this.#faults.indexOf(armed), 1);
    return armed.fault;
  }

  async #handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    this.requests.push({ method, path: url.pathname, headers: req.headers, body });
    const route = this.#routes.find((r) => r.method === method && r.pattern.test(url.pathname));
    const match = route?.pattern.exec(url.pathname);
    const request: FakeRequest = {
      method,
      path: url.pathname,
      params: Object.fromEntries(
        (route?.names ?? []).map((n, i) => [n, decodeURIComponent(match?.[i + 1] ?? '')]),
      ),
      query: url.searchParams,
      headers: req.headers,
      body,
      json: <T>() => (body.length ? JSON.parse(body.toString('utf8')) : {}) as T,
      form: () => new URLSearchParams(body.toString('utf8')),
      multipart: () =>
        new Response(body, { headers: { 'content-type': String(req.headers['content-type']) } }).formData(),
    };
    const fault = this.#takeFault(method, url.pathname);
    if (fault?.kind === 'status') return this.#send(res, fault.response);
    if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
    let response: FakeResponse;
    try {
      response = route ? await route.handler(request) : this.notFound(request);
    } catch (error) {
      response = { status: 500, json: { error: String(error) } };
    }
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'timeout') return; // the work is done; the answer never comes
    this.#send(res, response);
  }

  #send(res: http.ServerResponse, response: FakeResponse) {
    const headers = { ...response.headers };
    let payload: string | Buffer = '';
    if (response.json !== undefined) {
      payload = JSON.stringify(response.json);
      headers['content-type'] ??= 'application/json; charset=utf-8';
    } else if (response.body !== undefined) {
      payload = response.body;
    }
    res.writeHead(response.status, headers);
    res.end(payload);
  }
}

/** Checks a bearer token; fakes call it first on every authenticated endpoint. */
export const bearer = (request: FakeRequest): string | undefined =>
  /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
