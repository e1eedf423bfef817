import { DIALECTS, startApiWithChannel, type TestApi } from '@araldo/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe.each(DIALECTS)('editing a post together with its schedule over the API on %s', (dialect) => {
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

  const scheduled = async (text: string) => {
    const created = await api.call(seed.callers.editor, 'POST', `${ws}/posts`, {
      text,
      channelIds: [channel],
      schedule: { kind: 'at', at: '2031-06-01T09:00', timeZone: 'Europe/Rome' },
    });
    expect(created.status).toBe(201);
    return `${ws}/posts/${created.body.id}`;
  };

  it('moves the post with its edit, or withdraws it, in one request', async () => {
    const url = await scheduled('Before');
    const moved = await api.call(seed.callers.editor, 'PATCH', url, {
      text: 'After',
      schedule: { kind: 'at', at: '2031-06-02T18:30', timeZone: 'America/New_York' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.text).toBe('After');
    expect(moved.body.deliveries).toEqual([
      expect.objectContaining({ state: 'scheduled', dueAt: '2031-06-02T22:30:00.000Z' }),
    ]);
    const kept = await api.call(seed.callers.editor, 'PATCH', url, { text: 'After, again' });
    expect(kept.body.deliveries[0].dueAt).toBe('2031-06-02T22:30:00.000Z');
    const withdrawn = await api.call(seed.callers.editor, 'PATCH', url, { text: 'Parked', schedule: null });
    expect(withdrawn.body).toMatchObject({ text: 'Parked', status: 'draft' });
    expect(withdrawn.body.deliveries.map((d: { state: string }) => d.state)).toEqual(['draft']);
  });

  it('refuses a bad schedule by name and saves nothing of the edit', async () => {
    const url = await scheduled('Untouched');
    // Accepted by the API's checks, refused by the engine after the text was written: the
    // whole edit goes, time and text.
    const tooLong = await api.call(seed.callers.editor, 'PATCH', url, {
      text: 'x'.repeat(20_000),
      schedule: { kind: 'at', at: '2031-06-02T09:00', timeZone: 'Europe/Rome' },
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details.map((d: { code: string }) => d.code)).toContain('text_too_long');
    for (const [schedule, path] of [
      [{ kind: 'at', at: '2031-06-01T09:00', timeZone: 'Mars/Olympus' }, 'schedule.timeZone'],
      [{ kind: 'someday' }, 'schedule.kind'],
    ] as const) {
      const refused = await api.call(seed.callers.editor, 'PATCH', url, { text: 'Changed', schedule });
      expect(refused.status).toBe(400);
      expect(refused.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    const now = await api.call(seed.callers.viewer, 'GET', url);
    expect(now.body.text).toBe('Untouched');
    expect(now.body.deliveries[0].dueAt).toBe('2031-06-01T07:00:00.000Z');
  });

  it('ends a recurrence and turns the post evergreen in the same edit', async () => {
    const created = await api.call(seed.callers.editor, 'POST', `${ws}/posts`, {
      text: 'Weekly',
      channelIds: [channel],
      schedule: {
        kind: 'recurring',
        rrule: 'FREQ=WEEKLY;BYDAY=MO',
        start: '2031-06-02T09:00',
        timeZone: 'Europe/Rome',
      },
    });
    expect(created.status).toBe(201);
    const url = `${ws}/posts/${created.body.id}`;
    const evergreen = { afterDays: 30, maxTimes: 2 };
    expect((await api.call(seed.callers.editor, 'PATCH', url, { evergreen })).status).toBe(400);
    const changed = await api.call(seed.callers.editor, 'PATCH', url, {
      evergreen,
      schedule: { kind: 'at', at: '2031-06-03T09:00', timeZone: 'Europe/Rome' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.evergreen).toEqual(evergreen);
    expect(changed.body.deliveries.filter((d: { state: string }) => d.state === 'scheduled')).toEqual([
      expect.objectContaining({ dueAt: '2031-06-03T07:00:00.000Z' }),
    ]);
  });
});
