import { type BlueskyPds, type PdsAccount, startBlueskyPds } from '@araldo/testkit/bluesky';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Credentials, NetworkClient } from '../contract';
import { HttpClient } from '../http/http-client';
import { blueskyDescriptor } from './descriptor';

interface Ref {
  uri: string;
  cid: string;
}

export interface BlobValue {
  $type: string;
  ref: { $link: string };
  size: number;
  mimeType: string;
}

/** The parts of app.bsky.feed.post the tests read back. */
export interface PostValue {
  text: string;
  langs?: string[];
  facets: { index: { byteStart: number; byteEnd: number }; features: Record<string, unknown>[] }[];
  embed: {
    $type: string;
    images: {
      alt: string;
      image: BlobValue;
    }[];
    /** app.bsky.embed.video */
    video?: BlobValue;
    alt?: string;
    aspectRatio?: { width: number; height: number };
  };
  reply: { root: Ref; parent: Ref };
}

/** Credentials as a channel has them before its first login. */
export const noSession = { did: undefined, handle: undefined, accessJwt: undefined, refreshJwt: undefined };

/**
 * Test-only: starts the reference PDS for one test file, with two accounts (alice.test and
 * bob.test) logged in once each, since the PDS checks app passwords with scrypt.
 */
export function useReferencePds() {
  const http = new HttpClient({ allowPrivate: true, timeoutMs: 5_000 });
  const sessions = new Map<string, Credentials>();
  const ctx = {
    http,
    pds: undefined as unknown as BlueskyPds,
    alice: undefined as unknown as PdsAccount,
    bob: undefined as unknown as PdsAccount,

    connect(account: PdsAccount, over: Partial<Credentials> = {}, httpClient = http) {
      const saved: Credentials[] = [];
      const client: NetworkClient = blueskyDescriptor.createClient({
        baseUrl: ctx.pds.url,
        http: httpClient,
        credentials: {
          service: ctx.pds.url,
          identifier: account.handle,
          appPassword: account.appPassword,
          ...sessions.get(account.did),
          ...over,
        },
        app: {},
        stateDir: '/nonexistent',
        onCredentials: async (c) => {
          saved.push(c);
        },
      });
      return { client, saved };
    },

    /** The session the account logged in with at the start. */
    session(account: PdsAccount): Credentials {
      return sessions.get(account.did)!;
    },

    async getPost(uri: string) {
      const [, repo, collection, rkey] = /^at:\/\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(uri) ?? [];
      const answer = await ctx.pds.xrpc<{ uri: string; cid: string; value: PostValue }>(
        'com.atproto.repo.getRecord',
        { params: { repo: repo!, collection: collection!, rkey: rkey! } },
      );
      expect(answer.status).toBe(200);
      return answer.body;
    },

    async postCount(did: string): Promise<number> {
      const answer = await ctx.pds.xrpc<{ records: unknown[] }>('com.atproto.repo.listRecords', {
        params: { repo: did, collection: 'app.bsky.feed.post', limit: '100' },
      });
      return answer.body.records.length;
    },
  };

  beforeAll(async () => {
    ctx.pds = await startBlueskyPds();
    [ctx.alice, ctx.bob] = await Promise.all([
      ctx.pds.createAccount('alice.test', 'alice-password-1'),
      ctx.pds.createAccount('bob.test', 'bob-password-1'),
    ]);
    for (const account of [ctx.alice, ctx.bob]) {
      const { client, saved } = ctx.connect(account);
      await client.verify();
      sessions.set(account.did, saved[0]!);
    }
  });

  afterAll(async () => {
    await http.close();
    await ctx.pds?.close();
  });

  return ctx;
}
