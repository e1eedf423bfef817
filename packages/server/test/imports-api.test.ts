import { DIALECTS, FakeServer, seedWorkspace, startTestApi, type TestApi } from '@araldo/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const feedXml = `<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>
  <item><title>First item</title><link>https://news.example/1</link><guid>1</guid></item>
</channel></rss>`;

describe.each(DIALECTS)('the imports API on %s', (dialect) => {
  const site = new FakeServer();
  let api: TestApi;
  let seed: Awaited<ReturnType<typeof seedWorkspace>>;
  let ws: string;
  let channel: string;

  const upload = (token: string, csv: string, contentType = 'text/csv') =>
    api.app.inject({
      method: 'POST',
      url: `${ws}/posts/import`,
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      payload: csv,
    });

  beforeAll(async () => {
    site.route('GET', '/feed.xml', () => ({ status: 200, body: feedXml }));
    await site.start();
    api = await startTestApi(dialect, { ARALDO_ALLOW_PRIVATE_URLS: '1' });
    seed = await seedWorkspace(api.ctx);
    ws = `/api/v1/workspaces/${seed.workspaceId}`;
    const created = await api.call(seed.callers.admin, 'POST', `${ws}/channels`, {
      network: 'sandbox',
      name: 'Main',
    });
    channel = created.body.id;
  });
  afterAll(async () => {
    await api?.close();
    await site.stop();
  });

  it('imports a CSV sent as the raw body', async () => {
    const response = await upload(
      seed.callers.editor.token,
      'text,channels,at\nHello,Main,2031-03-01T10:00\nDraft,Main,\n',
    );
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      imported: 2,
      posts: [
        { line: 2, scheduled: true },
        { line: 3, scheduled: false },
      ],
    });
  });

  it('answers every bad line at once, as a validation error', async () => {
    const response = await upload(
      seed.callers.editor.token,
      'text,channels\nA,Nowhere\nB,Main\nC,Elsewhere\n',
    );
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'line.2.channels',
      'line.4.channels',
    ]);
  });

  it('refuses a viewer, a file too large, and a body that is not CSV', async () => {
    expect((await upload(seed.callers.viewer.token, 'text,channels\nA,Main\n')).statusCode).toBe(403);
    const big = await upload(seed.callers.editor.token, `text,channels\n${'z'.repeat(1_200_000)},Main\n`);
    expect(big.statusCode).toBe(413);
    expect(big.json().error.message).toMatch(/import at most 1 MB/);
    const json = await upload(seed.callers.editor.token, '{"text":"hi"}', 'application/json');
    expect(json.statusCode).toBe(400);
  });

  it('adds, lists, polls and deletes a feed', async () => {
    const created = await api.call(seed.callers.editor, 'POST', `${ws}/feeds`, {
      url: `${site.url}/feed.xml`,
      channelIds: [channel],
      mode: 'draft',
      backfill: 5,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ title: 'News', mode: 'draft', active: true, polledAt: null });
    const polled = await api.call(seed.callers.editor, 'POST', `${ws}/feeds/${created.body.id}/poll`);
    expect(polled.status).toBe(200);
    expect(polled.body).toMatchObject({ status: 'created', drafted: 0, error: null });
    expect(polled.body.postIds).toHaveLength(1);
    const post = await api.call(seed.callers.editor, 'GET', `${ws}/posts/${polled.body.postIds[0]}`);
    expect(post.body).toMatchObject({ text: 'First item', link: 'https://news.example/1', status: 'draft' });
    const list = await api.call(seed.callers.viewer, 'GET', `${ws}/feeds`);
    expect(list.body.items.map((f: { id: string }) => f.id)).toEqual([created.body.id]);
    expect(
      (await api.call(seed.callers.contributor, 'DELETE', `${ws}/feeds/${created.body.id}`)).status,
    ).toBe(403);
    expect((await api.call(seed.callers.editor, 'DELETE', `${ws}/feeds/${created.body.id}`)).status).toBe(
      204,
    );
  });

  it('refuses a feed URL that is not http(s)', async () => {
    const response = await api.call(seed.callers.editor, 'POST', `${ws}/feeds`, {
      url: 'file:///etc/passwd',
      channelIds: [channel],
      mode: 'now',
    });
    expect(response.status).toBe(400);
  });
});
