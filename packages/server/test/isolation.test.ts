import { createChannel, createPost, createUser, uploadMedia } from '@araldo/engine';
import { DIALECTS, PASSWORD, seedWorkspace, startTestApi, type TestApi, uniqueEmail } from '@araldo/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe.each(DIALECTS)('workspace isolation on %s', (dialect) => {
  let api: TestApi;
  let a: Awaited<ReturnType<typeof seedWorkspace>>;
  let b: Awaited<ReturnType<typeof seedWorkspace>>;
  const ids = { channel: '', post: '', media: '' };
  let bChannel = '';

  beforeAll(async () => {
    api = await startTestApi(dialect);
    a = await seedWorkspace(api.ctx);
    // B belongs to another organization altogether: its owner administers nothing of A's.
    const ownerB = await createUser(api.ctx, { email: uniqueEmail('owner-b'), password: PASSWORD });
    b = await seedWorkspace(api.ctx, { userId: ownerB.id });
    const owner = { userId: a.callers.owner.userId, role: 'owner' as const };
    ids.channel = (await createChannel(api.ctx, owner, a.workspaceId, { network: 'sandbox', name: 'A' })).id;
    ids.post = (
      await createPost(api.ctx, owner, a.workspaceId, { text: 'A only', channelIds: [ids.channel] })
    ).id;
    ids.media = (
      await uploadMedia(api.ctx, owner, a.workspaceId, {
        filename: 'a.png',
        declaredType: 'image/png',
        body: PNG,
      })
    ).id;
    const bOwner = { userId: b.callers.owner.userId, role: 'owner' as const };
    bChannel = (await createChannel(api.ctx, bOwner, b.workspaceId, { network: 'sandbox', name: 'B' })).id;
  });
  afterAll(() => api?.close());

  const aUrls = () => {
    const ws = `/api/v1/workspaces/${a.workspaceId}`;
    return [
      ['GET', ws],
      ['PATCH', ws, { name: 'Taken over' }],
      ['DELETE', ws],
      ['GET', `${ws}/members`],
      ['POST', `${ws}/members`, { email: uniqueEmail('x'), role: 'viewer', password: PASSWORD }],
      ['PATCH', `${ws}/members/${a.callers.viewer.userId}`, { role: 'admin' }],
      ['DELETE', `${ws}/members/${a.callers.viewer.userId}`],
      ['GET', `${ws}/audit`],
      ['GET', `${ws}/channels`],
      ['POST', `${ws}/channels`, { network: 'sandbox', name: 'Intruder' }],
      ['GET', `${ws}/channels/${ids.channel}`],
      ['PATCH', `${ws}/channels/${ids.channel}`, { name: 'x' }],
      ['DELETE', `${ws}/channels/${ids.channel}`],
      ['GET', `${ws}/posts`],
      ['POST', `${ws}/posts`, { text: 'x', channelIds: [ids.channel] }],
      ['GET', `${ws}/posts/${ids.post}`],
      ['PATCH', `${ws}/posts/${ids.post}`, { text: 'x' }],
      ['DELETE', `${ws}/posts/${ids.post}`],
      ['GET', `${ws}/media`],
      ['GET', `${ws}/media/${ids.media}`],
      ['GET', `${ws}/media/${ids.media}/content`],
      ['DELETE', `${ws}/media/${ids.media}`],
    ] as const;
  };

  it("another workspace's owner gets 404 on every endpoint of this one", async () => {
    for (const [method, url, body] of aUrls()) {
      const response = await api.call(b.callers.owner, method, url, body);
      expect(response.status, `${method} ${url}`).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
  });

  it("this workspace's objects cannot be reached through another workspace's URL", async () => {
    const ws = `/api/v1/workspaces/${b.workspaceId}`;
    const owner = b.callers.owner;
    for (const [method, url, body] of [
      ['GET', `${ws}/channels/${ids.channel}`],
      ['PATCH', `${ws}/channels/${ids.channel}`, { name: 'x' }],
      ['DELETE', `${ws}/channels/${ids.channel}`],
      ['GET', `${ws}/posts/${ids.post}`],
      ['PATCH', `${ws}/posts/${ids.post}`, { text: 'x' }],
      ['DELETE', `${ws}/posts/${ids.post}`],
      ['GET', `${ws}/media/${ids.media}`],
      ['GET', `${ws}/media/${ids.media}/content`],
      ['DELETE', `${ws}/media/${ids.media}`],
      ['PATCH', `${ws}/members/${a.callers.viewer.userId}`, { role: 'admin' }],
      ['DELETE', `${ws}/members/${a.callers.viewer.userId}`],
    ] as const) {
      expect((await api.call(owner, method, url, body)).status, `${method} ${url}`).toBe(404);
    }
    const borrowing = await api.call(owner, 'POST', `${ws}/posts`, {
      text: 'Using A’s channel and image',
      channelIds: [bChannel, ids.channel],
      media: [ids.media],
    });
    expect(borrowing.status).toBe(400);
    expect(borrowing.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'channelIds.1',
      'media.0',
    ]);
  });

  it('listings show only the caller’s own workspaces and objects', async () => {
    const workspaces = await api.call(b.callers.owner, 'GET', '/api/v1/workspaces');
    expect(workspaces.body.items.map((w: { id: string }) => w.id)).toEqual([b.workspaceId]);
    const channels = await api.call(b.callers.owner, 'GET', `/api/v1/workspaces/${b.workspaceId}/channels`);
    expect(channels.body.items.map((c: { id: string }) => c.id)).toEqual([bChannel]);
    const posts = await api.call(b.callers.owner, 'GET', `/api/v1/workspaces/${b.workspaceId}/posts`);
    expect(posts.body.items).toEqual([]);
    // and A's data is untouched by all of the above
    const post = await api.call(
      a.callers.owner,
      'GET',
      `/api/v1/workspaces/${a.workspaceId}/posts/${ids.post}`,
    );
    expect(post.body.text).toBe('A only');
  });
});
