import { DIALECTS, seedWorkspace, startTestApi, type TestApi } from '@araldo/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * What the planner asks the API for: posts with a delivery in a range of instants (and on a
 * channel), and a channel's free queue slots.
 */
describe.each(DIALECTS)('the planner API on %s', (dialect) => {
  let api: TestApi;
  let seed: Awaited<ReturnType<typeof seedWorkspace>>;
  let base: string;
  let bakery: string;
  let news: string;
  const ids: Record<string, string> = {};

  const schedule = async (text: string, channelIds: string[], at?: string) => {
    const created = await api.call(seed.callers.owner, 'POST', `${base}/posts`, {
      text,
      channelIds,
      ...(at ? { schedule: { kind: 'at', at, timeZone: 'UTC' } } : {}),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    ids[text] = created.body.id;
    return created.body.id as string;
  };
  const list = async (query: string) => {
    const response = await api.call(seed.callers.viewer, 'GET', `${base}/posts?${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return (response.body.items as { text: string }[]).map((post) => post.text).sort();
  };

  beforeAll(async () => {
    api = await startTestApi(dialect);
    seed = await seedWorkspace(api.ctx);
    base = `/api/v1/workspaces/${seed.workspaceId}`;
    const connect = async (name: string) =>
      (
        await api.call(seed.callers.admin, 'POST', `${base}/channels`, {
          network: 'sandbox',
          name,
          timeZone: 'Europe/Rome',
        })
      ).body.id as string;
    bakery = await connect('Bakery');
    news = await connect('News');

    await schedule('at the start', [bakery], '2031-07-01T00:00');
    await schedule('in the middle', [bakery, news], '2031-07-15T12:00');
    await schedule('a minute before the end', [news], '2031-07-31T23:59');
    await schedule('at the end', [bakery], '2031-08-01T00:00');
    await schedule('the month before', [bakery], '2031-06-30T23:59');
    await schedule('a draft', [bakery]);
    // Due in August but published in July: a delivery counts where the planner shows it.
    const early = await schedule('published early', [news], '2031-08-20T09:00');
    await api.ctx.store.db
      .updateTable('deliveries')
      .set({ state: 'published', published_at: Date.parse('2031-07-10T08:00:00Z') })
      .where('post_id', '=', early)
      .execute();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('lists the posts with a delivery due or published in [from, to)', async () => {
    expect(await list('from=2031-07-01T00:00:00Z&to=2031-08-01T00:00:00Z')).toEqual([
      'a minute before the end',
      'at the start',
      'in the middle',
      'published early',
    ]);
  });

  it('takes instants with an offset, and either end alone', async () => {
    // 02:00 in Rome's summer is midnight UTC.
    expect(await list('from=2031-07-31T23:59:00%2B00:00&to=2031-08-01T02:00:00%2B02:00')).toEqual([
      'a minute before the end',
    ]);
    expect(await list('from=2031-08-01T00:00:00Z')).toEqual(['at the end']);
    expect(await list('to=2031-07-01T00:00:00Z')).toEqual(['the month before']);
  });

  it('a post is listed once, with all its deliveries, even those outside the range', async () => {
    const response = await api.call(
      seed.callers.viewer,
      'GET',
      `${base}/posts?from=2031-07-15T00:00:00Z&to=2031-07-16T00:00:00Z`,
    );
    expect(response.body.items).toHaveLength(1);
    expect(response.body.items[0].deliveries).toHaveLength(2);
  });

  it('with a channel, only the deliveries on that channel count', async () => {
    const july = 'from=2031-07-01T00:00:00Z&to=2031-08-01T00:00:00Z';
    expect(await list(`${july}&channelId=${bakery}`)).toEqual(['at the start', 'in the middle']);
    expect(await list(`${july}&channelId=${news}`)).toEqual([
      'a minute before the end',
      'in the middle',
      'published early',
    ]);
  });

  it('a channel alone lists the posts written for it, drafts included', async () => {
    expect(await list(`channelId=${bakery}`)).toEqual([
      'a draft',
      'at the end',
      'at the start',
      'in the middle',
      'the month before',
    ]);
  });

  it('pages through a range like any list', async () => {
    const range = 'from=2031-07-01T00:00:00Z&to=2031-08-01T00:00:00Z';
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const after: string = cursor ? `&cursor=${cursor}` : '';
      const response = await api.call(seed.callers.viewer, 'GET', `${base}/posts?${range}&limit=3${after}`);
      seen.push(...response.body.items.map((post: { text: string }) => post.text));
      cursor = response.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
  });

  it.each([
    [
      'from after to',
      'from=2031-08-01T00:00:00Z&to=2031-07-01T00:00:00Z',
      'to',
      /to: must be later than from/,
    ],
    ['an empty range', 'from=2031-08-01T00:00:00Z&to=2031-08-01T00:00:00Z', 'to', /must be later than from/],
    ['a date without a time', 'from=2031-07-01', 'from', /from: must be an ISO-8601 instant/],
    ['a time without a zone', 'to=2031-07-01T00:00:00', 'to', /to: must be an ISO-8601 instant/],
    ['a channel that is not an id', 'channelId=bakery', 'channelId', /channelId: must be an id/],
  ])('refuses %s with a 400 naming the field', async (_, query, field, message) => {
    const response = await api.call(seed.callers.viewer, 'GET', `${base}/posts?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.message).toMatch(message);
    expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
  });

  it('documents the range in the OpenAPI description', async () => {
    const doc = await api.call(null, 'GET', '/api/openapi.json');
    const operation = doc.body.paths['/api/v1/workspaces/{workspaceId}/posts'].get;
    expect(operation.description).toMatch(/\[from, to\)/);
    expect(operation.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['from', 'to', 'channelId', 'status', 'limit', 'cursor']),
    );
  });

  it("lists a channel's free queue slots in its zone, after those queued posts hold", async () => {
    const channel = (
      await api.call(seed.callers.admin, 'POST', `${base}/channels`, {
        network: 'sandbox',
        name: 'Queue',
        timeZone: 'America/New_York',
      })
    ).body.id as string;
    const slots = `${base}/channels/${channel}/queue/slots`;
    const none = await api.call(seed.callers.viewer, 'GET', slots);
    expect(none.body).toEqual({ timeZone: 'America/New_York', hasSlots: false, slots: [] });

    const patched = await api.call(seed.callers.admin, 'PATCH', `${base}/channels/${channel}`, {
      slots: [
        { weekday: 2, time: '09:30' },
        { weekday: 4, time: '17:00' },
      ],
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    for (const text of ['Q1', 'Q2']) {
      const queued = await api.call(seed.callers.owner, 'POST', `${base}/posts`, {
        text,
        channelIds: [channel],
        schedule: { kind: 'queue' },
      });
      expect(queued.status, JSON.stringify(queued.body)).toBe(201);
    }
    const queue = await api.call(seed.callers.viewer, 'GET', `${base}/channels/${channel}/queue`);
    const held = queue.body.items.map((item: { dueAt: string }) => item.dueAt);
    expect(held).toHaveLength(2);

    const free = await api.call(seed.callers.viewer, 'GET', `${slots}?count=4`);
    expect(free.status).toBe(200);
    expect(free.body.hasSlots).toBe(true);
    expect(free.body.slots).toHaveLength(4);
    expect(free.body.slots.some((at: string) => held.includes(at))).toBe(false);
    expect(Date.parse(free.body.slots[0])).toBeGreaterThan(Date.parse(held[1]));
    expect([...free.body.slots].sort()).toEqual(free.body.slots);
    const local = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'America/New_York',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    for (const at of free.body.slots)
      expect(['Tue 09:30', 'Thu 17:00']).toContain(local.format(new Date(at)));

    const tooMany = await api.call(seed.callers.viewer, 'GET', `${slots}?count=1000`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/count/);
    const elsewhere = await api.call(
      seed.callers.viewer,
      'GET',
      `${base}/channels/00000000-0000-4000-8000-000000000000/queue/slots`,
    );
    expect(elsewhere.status).toBe(404);
  });
});
