import { DIALECTS, startApiWithChannel, type TestApi } from '@araldo/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe.each(DIALECTS)('evergreen posts and metrics over the API on %s', (dialect) => {
  let api: TestApi;
  let seed: Awaited<ReturnType<typeof startApiWithChannel>>['seed'];
  let ws: string;
  let channel: string;

  beforeAll(async () => {
    ({ api, seed, ws, channel } = await startApiWithChannel(dialect));
  });
  afterAll(async () => {
    await api?.close();
  });

  const create = (evergreen: unknown) =>
    api.call(seed.callers.editor, 'POST', `${ws}/posts`, {
      text: 'Evergreen',
      channelIds: [channel],
      evergreen,
    });

  it.each([
    [{ afterDays: 0, maxTimes: 3 }, 'evergreen.afterDays'],
    [{ afterDays: 366, maxTimes: 3 }, 'evergreen.afterDays'],
    [{ afterDays: 1.5, maxTimes: 3 }, 'evergreen.afterDays'],
    [{ afterDays: 7, maxTimes: 21 }, 'evergreen.maxTimes'],
    [{ afterDays: 7, maxTimes: '3' }, 'evergreen.maxTimes'],
    [{ afterDays: 7 }, 'evergreen.maxTimes'],
    [{ afterDays: 7, maxTimes: 3, every: 'day' }, 'evergreen'],
  ])('refuses %j, naming %s', async (evergreen, path) => {
    const response = await create(evergreen);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('keeps a valid rule on the post, changes it and turns it off; deliveries carry metrics', async () => {
    const created = await api.call(seed.callers.editor, 'POST', `${ws}/posts`, {
      text: 'Evergreen',
      channelIds: [channel],
      evergreen: { afterDays: 30, maxTimes: 3 },
      schedule: { kind: 'at', at: '2031-06-01T09:00', timeZone: 'Europe/Rome' },
    });
    expect(created.status).toBe(201);
    expect(created.body.evergreen).toEqual({ afterDays: 30, maxTimes: 3 });
    expect(created.body.deliveries).toEqual([expect.objectContaining({ state: 'scheduled', metrics: null })]);
    const url = `${ws}/posts/${created.body.id}`;
    const bad = await api.call(seed.callers.editor, 'PATCH', url, {
      evergreen: { afterDays: 400, maxTimes: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('evergreen.afterDays');
    const changed = await api.call(seed.callers.editor, 'PATCH', url, {
      evergreen: { afterDays: 7, maxTimes: 1 },
    });
    expect(changed.body.evergreen).toEqual({ afterDays: 7, maxTimes: 1 });
    const off = await api.call(seed.callers.editor, 'PATCH', url, { evergreen: null });
    expect(off.body.evergreen).toBeNull();
    expect((await api.call(seed.callers.viewer, 'GET', url)).body.evergreen).toBeNull();
  });

  it('refreshes a post’s metrics on request, for contributors and above', async () => {
    const created = await api.call(seed.callers.editor, 'POST', `${ws}/posts`, {
      text: 'Measure me',
      channelIds: [channel],
    });
    const url = `${ws}/posts/${created.body.id}/metrics/refresh`;
    expect((await api.call(seed.callers.viewer, 'POST', url, {})).status).toBe(403);
    const refreshed = await api.call(seed.callers.editor, 'POST', url, {});
    expect(refreshed.status).toBe(200);
    // A draft has nothing published to measure yet.
    expect(refreshed.body).toMatchObject({ synced: 0, skipped: [], post: { id: created.body.id } });
    expect(
      (await api.call(seed.callers.editor, 'POST', `${ws}/posts/${seed.workspaceId}/metrics/refresh`, {}))
        .status,
    ).toBe(404);
  });
});
