import { createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface PdsAccount {
  did: string;
  handle: string;
  password: string;
  /** Made with com.atproto.server.createAppPassword, as a user connecting Araldo would. */
  appPassword: string;
}

export interface XrpcAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export interface BlueskyPds {
  /** http://localhost:<port>; handles end in `.test`. */
  url: string;
  /** How long the PDS and PLC took to start, module loading aside. */
  startMs: number;
  createAccount(handle: string, password: string): Promise<PdsAccount>;
  /** The same access JWT, already expired, signed as the PDS signs its own (400 ExpiredToken). */
  expireAccessJwt(accessJwt: string): string;
  xrpc<T = Record<string, unknown>>(
    nsid: string,
    request?: { params?: Record<string, string>; body?: unknown; token?: string },
  ): Promise<XrpcAnswer<T>>;
  close(): Promise<void>;
}

/**
 * The reference PDS (@atproto/pds through @atproto/dev-env's TestNetworkNoAppView), with an
 * in-memory PLC directory, on loopback, offline. No AppView runs: app.bsky.* queries the PDS
 * would proxy (getProfile, getPosts, listNotifications) answer 502 UpstreamFailure.
 */
export async function startBlueskyPds(): Promise<BlueskyPds> {
  // Loaded on demand, and without dev-env's index (which loads the AppView, Ozone and Bsync
  // too, a second more), so importing the testkit does not load the atproto stack.
  const { TestNetworkNoAppView } = await import('@atproto/dev-env/dist/network-no-appview.js');
  const started = performance.now();
  const dataDirectory = await mkdtemp(path.join(os.tmpdir(), 'araldo-pds-'));
  const jwtSecret = randomBytes(16).toString('hex');
  const network = await onLoopback(() =>
    TestNetworkNoAppView.create({
      pds: {
        jwtSecret,
        dataDirectory,
        blobstoreDiskLocation: path.join(dataDirectory, 'blobs'),
        blobstoreDiskTmpLocation: path.join(dataDirectory, 'tmp'),
      },
    }),
  );
  const url = network.pds.url;
  const startMs = performance.now() - started;

  const xrpc: BlueskyPds['xrpc'] = async (nsid, request = {}) => {
    const query = request.params ? `?${new URLSearchParams(request.params)}` : '';
    const headers: Record<string, string> = {};
    if (request.token) headers.authorization = `Bearer ${request.token}`;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${url}/xrpc/${nsid}${query}`, {
      method: request.body === undefined ? 'GET' : 'POST',
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {} };
  };

  const ok = <T>(answer: XrpcAnswer<T>, doing: string): T => {
    if (answer.status !== 200) throw new Error(`PDS refused to ${doing}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };

  return {
    url,
    startMs,
    xrpc,
    async createAccount(handle, password) {
      const account = ok(
        await xrpc<{ did: string; handle: string; accessJwt: string }>('com.atproto.server.createAccount', {
          body: { handle, password, email: `${handle}@example.test` },
        }),
        `create ${handle}`,
      );
      const app = ok(
        await xrpc<{ password: string }>('com.atproto.server.createAppPassword', {
          body: { name: 'araldo' },
          token: account.accessJwt,
        }),
        `create an app password for ${handle}`,
      );
      return { did: account.did, handle: account.handle, password, appPassword: app.password };
    },
    expireAccessJwt(accessJwt) {
      const [header, payload] = accessJwt.split('.');
      const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
      const past = Math.floor(Date.now() / 1000) - 60;
      const body = Buffer.from(JSON.stringify({ ...claims, iat: past - 7200, exp: past })).toString(
        'base64url',
      );
      const signature = createHmac('sha256', jwtSecret).update(`${header}.${body}`).digest('base64url');
      return `${header}.${body}.${signature}`;
    },
    async close() {
      await network.close();
      await rm(dataDirectory, { recursive: true, force: true });
    },
  };
}

/**
 * dev-env's PDS and PLC call `listen(port)`, which binds every interface. While they start,
 * a bare port gets the loopback host added, so nothing listens beyond this machine.
 */
async function onLoopback<T>(start: () => Promise<T>): Promise<T> {
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]) {
    if (typeof args[0] === 'number' && typeof args[1] !== 'string') args.splice(1, 0, 'localhost');
    return (listen as (...a: unknown[]) => net.Server).apply(this, args);
  } as typeof listen;
  try {
    return await start();
  } finally {
    net.Server.prototype.listen = listen;
  }
}
