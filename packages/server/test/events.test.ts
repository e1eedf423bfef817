import { connectChannel, createPost, Publisher } from '@araldo/engine';
import { seedWorkspace, startTestApi, type TestApi } from '@araldo/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('server-sent events', () => {
  let api: TestApi;
  let url: string;

  beforeAll(async () => {
    api = await startTestApi('sqlite');
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    const address = api.app.server.address() as { port: number };
    url = `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => api?.close());

  it('streams a delivery becoming published, and refuses outsiders', async () => {
    const seed = await seedWorkspace(api.ctx);
    const owner = { userId: seed.callers.owner.userId, role: 'owner' as const };
    const channel = await connectChannel(api.ctx, owner, seed.workspaceId, {
      network: 'sandbox',
      name: 'Live',
    });
    const controller = new AbortController();
    const response = await fetch(`${url}/api/v1/workspaces/${seed.workspaceId}/events`, {
      headers: { authorization: `Bearer ${seed.callers.viewer.token}` },
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const post = await createPost(
      api.ctx,
      owner,
      seed.workspaceId,
      { text: 'Live!', channelIds: [channel.id] },
      { kind: 'now' },
    );
    await new Publisher(api.ctx, { worker: 'events-test' }).runOnce();
    const reader = response.body!.getReader();
    let text = '';
    const deadline = Date.now() + 5_000;
    while (!text.includes('"state":"published"') && Date.now() < deadline) {
      const { value } = await reader.read();
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    const events = text
      .split('\n\n')
      .filter((block) => block.startsWith('event: delivery'))
      .map((block) => JSON.parse(block.split('data: ')[1]!));
    expect(events.at(-1)).toMatchObject({ postId: post.id, channelId: channel.id, state: 'published' });

    const outsider = await fetch(`${url}/api/v1/workspaces/${seed.workspaceId}/events`);
    expect(outsider.status).toBe(401);
  });
});
