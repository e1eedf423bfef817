import { ROLES, type Role, roleRank } from '@araldo/core';
import {
  addMember,
  createChannel,
  createPost,
  createUser,
  createWorkspace,
  uploadMedia,
} from '@araldo/engine';
import { DIALECTS, PASSWORD, seedWorkspace, startTestApi, type TestApi, uniqueEmail } from '@araldo/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

interface Fixture {
  ws: string;
  channel: string;
  post: string;
  media: string;
  spare: string;
}

interface Case {
  name: string;
  min: Role;
  ok: number;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: (f: Fixture) => string;
  body?: (f: Fixture) => unknown;
  raw?: { contentType: string; payload: Buffer };
}

const w = (f: Fixture) => `/api/v1/workspaces/${f.ws}`;

/** Every workspace endpoint with the least role that may use it. */
const CASES: Case[] = [
  { name: 'read workspace', min: 'viewer', ok: 200, method: 'GET', url: w },
  {
    name: 'rename workspace',
    min: 'admin',
    ok: 200,
    method: 'PATCH',
    url: w,
    body: () => ({ name: 'Renamed' }),
  },
  { name: 'delete workspace', min: 'owner', ok: 204, method: 'DELETE', url: w },
  { name: 'list members', min: 'viewer', ok: 200, method: 'GET', url: (f) => `${w(f)}/members` },
  {
    name: 'change a role',
    min: 'admin',
    ok: 200,
    method: 'PATCH',
    url: (f) => `${w(f)}/members/${f.spare}`,
    body: () => ({ role: 'editor' }),
  },
  {
    name: 'remove a member',
    min: 'admin',
    ok: 204,
    method: 'DELETE',
    url: (f) => `${w(f)}/members/${f.spare}`,
  },
  { name: 'read the audit log', min: 'admin', ok: 200, method: 'GET', url: (f) => `${w(f)}/audit` },
  { name: 'list channels', min: 'viewer', ok: 200, method: 'GET', url: (f) => `${w(f)}/channels` },
  {
    name: 'connect a channel',
    min: 'admin',
    ok: 201,
    method: 'POST',
    url: (f) => `${w(f)}/channels`,
    body: () => ({ network: 'sandbox', name: 'Sandbox' }),
  },
  {
    name: 'read a channel',
    min: 'viewer',
    ok: 200,
    method: 'GET',
    url: (f) => `${w(f)}/channels/${f.channel}`,
  },
  {
    name: 'rename a channel',
    min: 'admin',
    ok: 200,
    method: 'PATCH',
    url: (f) => `${w(f)}/channels/${f.channel}`,
    body: () => ({ name: 'New name' }),
  },
  {
    name: 'disconnect a channel',
    min: 'admin',
    ok: 204,
    method: 'DELETE',
    url: (f) => `${w(f)}/channels/${f.channel}`,
  },
  { name: 'list posts', min: 'viewer', ok: 200, method: 'GET', url: (f) => `${w(f)}/posts` },
  {
    name: 'write a post',
    min: 'contributor',
    ok: 201,
    method: 'POST',
    url: (f) => `${w(f)}/posts`,
    body: (f) => ({ text: 'Hello', channelIds: [f.channel] }),
  },
  { name: 'read a post', min: 'viewer', ok: 200, method: 'GET', url: (f) => `${w(f)}/posts/${f.post}` },
  {
    name: "edit someone else's post",
    min: 'editor',
    ok: 200,
    method: 'PATCH',
    url: (f) => `${w(f)}/posts/${f.post}`,
    body: () => ({ text: 'Edited' }),
  },
  {
    name: "delete someone else's post",
    min: 'editor',
    ok: 204,
    method: 'DELETE',
    url: (f) => `${w(f)}/posts/${f.post}`,
  },
  { name: 'list media', min: 'viewer', ok: 200, method: 'GET', url: (f) => `${w(f)}/media` },
  {
    name: 'upload media',
    min: 'contributor',
    ok: 201,
    method: 'POST',
    url: (f) => `${w(f)}/media?filename=dot.png`,
    raw: { contentType: 'image/png', payload: PNG },
  },
  { name: 'read media', min: 'viewer', ok: 200, method: 'GET', url: (f) => `${w(f)}/media/${f.media}` },
  {
    name: 'download media',
    min: 'viewer',
    ok: 200,
    method: 'GET',
    url: (f) => `${w(f)}/media/${f.media}/content`,
  },
  { name: 'delete media', min: 'editor', ok: 204, method: 'DELETE', url: (f) => `${w(f)}/media/${f.media}` },
  {
    name: 'schedule a post',
    min: 'editor',
    ok: 200,
    method: 'POST',
    url: (f) => `${w(f)}/posts/${f.post}/schedule`,
    body: () => ({ schedule: { kind: 'at', at: '2031-05-04T10:00', timeZone: 'Europe/Rome' } }),
  },
  { name: 'list webhooks', min: 'admin', ok: 200, method: 'GET', url: (f) => `${w(f)}/webhooks` },
  {
    name: 'add a webhook',
    min: 'admin',
    ok: 201,
    method: 'POST',
    url: (f) => `${w(f)}/webhooks`,
    body: () => ({ url: 'https://hooks.example.org/araldo', events: ['post.published'] }),
  },
  {
    name: 'import posts from CSV',
    min: 'contributor',
    ok: 201,
    method: 'POST',
    url: (f) => `${w(f)}/posts/import`,
    raw: { contentType: 'text/csv', payload: Buffer.from('text,channels\nFrom a file,S\n') },
  },
  { name: 'list feeds', min: 'viewer', ok: 200, method: 'GET', url: (f) => `${w(f)}/feeds` },
  { name: 'read notices', min: 'viewer', ok: 200, method: 'GET', url: (f) => `${w(f)}/notifications` },
];

describe.each(DIALECTS)('permissions on %s', (dialect) => {
  let api: TestApi;
  let seed: Awaited<ReturnType<typeof seedWorkspace>>;
  let spareId: string;

  beforeAll(async () => {
    api = await startTestApi(dialect);
    seed = await seedWorkspace(api.ctx);
    spareId = (await createUser(api.ctx, { email: uniqueEmail('spare'), password: PASSWORD })).id;
  });
  afterAll(() => api?.close());

  /** A fresh workspace per case, so destructive calls never disturb the next one. */
  async function fixture(): Promise<Fixture> {
    const ownerActor = { userId: seed.callers.owner.userId, role: 'owner' as const };
    const ws = (await createWorkspace(api.ctx, ownerActor.userId, { name: 'Case', timeZone: 'UTC' })).id;
    for (const role of ROLES.filter((r) => r !== 'owner')) {
      const user = await api.ctx.store.db
        .selectFrom('users')
        .select('email')
        .where('id', '=', seed.callers[role].userId)
        .executeTakeFirstOrThrow();
      await addMember(api.ctx, ownerActor, ws, { email: user.email, role });
    }
    const spare = await api.ctx.store.db
      .selectFrom('users')
      .select('email')
      .where('id', '=', spareId)
      .executeTakeFirstOrThrow();
    await addMember(api.ctx, ownerActor, ws, { email: spare.email, role: 'viewer' });
    const channel = (await createChannel(api.ctx, ownerActor, ws, { network: 'sandbox', name: 'S' })).id;
    const post = (await createPost(api.ctx, ownerActor, ws, { text: 'Owner post', channelIds: [channel] }))
      .id;
    const media = (
      await uploadMedia(api.ctx, ownerActor, ws, { filename: 'a.png', declaredType: 'image/png', body: PNG })
    ).id;
    return { ws, channel, post, media, spare: spareId };
  }

  const table = CASES.flatMap((c) => ROLES.map((role) => ({ ...c, role })));

  it.each(table)('$name as $role', async (c) => {
    const f = await fixture();
    const response = await api.app.inject({
      method: c.method,
      url: c.url(f),
      headers: {
        authorization: `Bearer ${seed.callers[c.role].token}`,
        ...(c.raw ? { 'content-type': c.raw.contentType } : {}),
      },
      ...(c.raw ? { payload: c.raw.payload } : c.body ? { payload: c.body(f) as object } : {}),
    });
    const allowed = roleRank(c.role) >= roleRank(c.min);
    expect(response.statusCode, response.body).toBe(allowed ? c.ok : 403);
    if (!allowed) expect(response.json().error.code).toBe('forbidden');
  });

  it('a contributor may edit and delete their own post but not approve others’ work', async () => {
    const f = await fixture();
    const contributor = seed.callers.contributor;
    const created = await api.call(contributor, 'POST', `${w(f)}/posts`, {
      text: 'Mine',
      channelIds: [f.channel],
    });
    expect(created.status).toBe(201);
    const edited = await api.call(contributor, 'PATCH', `${w(f)}/posts/${created.body.id}`, {
      text: 'Mine, edited',
    });
    expect(edited.status).toBe(200);
    expect(edited.body.text).toBe('Mine, edited');
    expect((await api.call(contributor, 'DELETE', `${w(f)}/posts/${created.body.id}`)).status).toBe(204);
  });

  it('only an owner grants ownership, and the last owner cannot leave or be demoted', async () => {
    const f = await fixture();
    const admin = seed.callers.admin;
    const owner = seed.callers.owner;
    const grant = await api.call(admin, 'PATCH', `${w(f)}/members/${f.spare}`, { role: 'owner' });
    expect(grant.status).toBe(403);
    const demote = await api.call(owner, 'PATCH', `${w(f)}/members/${owner.userId}`, { role: 'admin' });
    expect(demote.status).toBe(409);
    const leave = await api.call(owner, 'DELETE', `${w(f)}/members/${owner.userId}`);
    expect(leave.status).toBe(409);
    expect((await api.call(owner, 'PATCH', `${w(f)}/members/${f.spare}`, { role: 'owner' })).status).toBe(
      200,
    );
    expect((await api.call(owner, 'DELETE', `${w(f)}/members/${owner.userId}`)).status).toBe(204);
  });

  it('a read-only token can read but not write', async () => {
    const { secret } = await import('@araldo/engine').then((m) =>
      m.createApiToken(api.ctx, seed.callers.owner.userId, { name: 'ro', scope: 'read' }),
    );
    const reader = { userId: seed.callers.owner.userId, token: secret };
    expect((await api.call(reader, 'GET', `/api/v1/workspaces/${seed.workspaceId}/posts`)).status).toBe(200);
    const write = await api.call(reader, 'POST', '/api/v1/workspaces', { name: 'X', timeZone: 'UTC' });
    expect(write.status).toBe(403);
    expect(write.body.error.message).toMatch(/read-only/);
  });
});
