import type { Role } from '@araldo/core';
import { addMember, connectChannel, createApiToken, createOwner, createWorkspace } from '@araldo/engine';
import { buildApp } from '@araldo/server';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { createTestContext, type TestContext } from './context';

export interface Caller {
  userId: string;
  token: string;
}

export interface TestApi {
  ctx: TestContext;
  app: FastifyInstance;
  /** Sends a request as `caller` (bearer token) or anonymously. */
  call(
    caller: Caller | null,
    method: InjectOptions['method'],
    url: string,
    body?: unknown,
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
  ): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startTestApi(
  dialect: 'sqlite' | 'postgres',
  env: Record<string, string> = {},
): Promise<TestApi> {
  const ctx = await createTestContext(dialect, env);
  const app = await buildApp(ctx, { logger: false });
  await app.ready();
  return {
    ctx,
    app,
    call: async (caller, method, url, body) => {
      const response = await app.inject({
        method,
        url,
        headers: caller ? { authorization: `Bearer ${caller.token}` } : {},
        ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
      });
      const text = response.body;
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: response.statusCode, body: parsed, headers: response.headers };
    },
    close: async () => {
      await app.close();
      await ctx.dispose();
    },
  };
}

let counter = 0;
export const uniqueEmail = (label: string) => `${label}.${Date.now().toString(36)}${++counter}@example.org`;
export const PASSWORD = 'correct horse battery';

/** An owner with a workspace, plus one member per role, each with a write token. */
export async function seedWorkspace(ctx: TestContext, owner?: { userId: string }) {
  let ownerId: string;
  let workspaceId: string;
  if (owner) {
    ownerId = owner.userId;
    workspaceId = (
      await createWorkspace(ctx, ownerId, { name: 'Second brand', timeZone: 'America/New_York' })
    ).id;
  } else {
    const created = await createOwner(ctx, {
      email: uniqueEmail('owner'),
      password: PASSWORD,
      workspaceName: 'Acme',
      timeZone: 'Europe/Rome',
    });
    ownerId = created.user.id;
    workspaceId = created.workspace.id;
  }
  const callers = {} as Record<Role, Caller>;
  callers.owner = {
    userId: ownerId,
    token: (await createApiToken(ctx, ownerId, { name: 't', scope: 'write' })).secret,
  };
  for (const role of ['admin', 'editor', 'contributor', 'viewer'] as const) {
    const member = await addMember(ctx, { userId: ownerId, role: 'owner' }, workspaceId, {
      email: uniqueEmail(role),
      role,
      name: role,
      password: PASSWORD,
    });
    const token = (await createApiToken(ctx, member.userId, { name: 't', scope: 'write' })).secret;
    callers[role] = { userId: member.userId, token };
  }
  return { workspaceId, callers };
}

/**
 * The API with a seeded workspace and one Sandbox channel in it: the start of most tests of
 * posts over HTTP. `ws` is the workspace's base path.
 */
export async function startApiWithChannel(dialect: 'sqlite' | 'postgres') {
  const api = await startTestApi(dialect);
  const seed = await seedWorkspace(api.ctx);
  const ws = `/api/v1/workspaces/${seed.workspaceId}`;
  const channel: string = (
    await api.call(seed.callers.admin, 'POST', `${ws}/channels`, { network: 'sandbox', name: 'Main' })
  ).body.id;
  return { api, seed, ws, channel };
}

/** A channel on a FakeMastodon account, connected through the real path (credentials checked with the fake). */
export async function connectFakeMastodon(
  ctx: Parameters<typeof connectChannel>[0],
  actor: { userId: string; role: Role },
  workspaceId: string,
  fake: { url: string },
  accessToken: string,
) {
  return connectChannel(ctx, actor, workspaceId, {
    network: 'mastodon',
    server: fake.url,
    fields: { accessToken },
  });
}
