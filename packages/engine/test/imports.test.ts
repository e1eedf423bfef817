import type { AraldoError, Role } from '@araldo/core';
import { type Actor, createChannel, updateChannel, withDeliveries } from '@araldo/engine';
import { findPost } from '@araldo/store';
import { createTestContext, DIALECTS, FakeServer, seedWorkspace, type TestContext } from '@araldo/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CSV_MAX_ROWS,
  createFeed,
  FeedPoller,
  importPostsFromCsv,
  parseFeed,
  pollFeed,
  pollFeedRow,
} from '../src/imports/index';

interface Item {
  guid: string;
  title: string;
  link: string;
  date: string;
}

const rss = (items: Item[]) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
  <title>Acme news</title><link>https://acme.example/</link>
  <atom:link href="https://acme.example/feed.xml" rel="self" type="application/rss+xml"/>
  ${items
    .map(
      (i) =>
        `<item><title>${i.title}</title><link>${i.link}</link><guid isPermaLink="false">${i.guid}</guid><pubDate>${i.date}</pubDate></item>`,
    )
    .join('\n')}
</channel></rss>`;

const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title type="text">Acme blog</title>
  <entry><id>urn:uuid:1</id><title type="html">&lt;b&gt;Launch&lt;/b&gt; day</title>
    <link rel="alternate" href="https://acme.example/launch"/><updated>2026-01-02T10:00:00Z</updated></entry>
  <entry><id>urn:uuid:0</id><title>Teaser</title>
    <link rel="enclosure" href="https://acme.example/teaser.mp3"/>
    <link href="https://acme.example/teaser"/><updated>2026-01-01T10:00:00Z</updated></entry>
</feed>`;

const problemLines = (error: AraldoError) => [
  ...new Set(error.details!.map((d) => Number(d.path.split('.')[1]))),
];

describe.each(DIALECTS)('imports on %s', (dialect) => {
  const site = new FakeServer();
  const items: Item[] = [];
  let ctx: TestContext;
  let ws: string;
  let owner: Actor;
  let contributor: Actor;
  let main: string;
  let second: string;

  const postCount = async () =>
    Number(
      (
        await ctx.store.db
          .selectFrom('posts')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('workspace_id', '=', ws)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const postsWithText = (texts: string[]) =>
    ctx.store.db
      .selectFrom('posts')
      .selectAll()
      .where('workspace_id', '=', ws)
      .where('text', 'in', texts)
      .execute();
  const attempt = async (fn: () => Promise<unknown>) =>
    fn().then(
      () => expect.unreachable('should have failed') as never,
      (e: AraldoError) => e,
    );

  beforeAll(async () => {
    site.route('GET', '/feed.xml', (request) => {
      const etag = `"${items.map((i) => i.guid).join('-')}"`;
      if (request.headers['if-none-match'] === etag) return { status: 304 };
      return { status: 200, body: rss(items), headers: { 'content-type': 'application/rss+xml', etag } };
    });
    site.route('GET', '/atom.xml', () => ({ status: 200, body: atom }));
    site.route('GET', '/page.html', () => ({ status: 200, body: '<html><body>Hello</body></html>' }));
    await site.start();
    ctx = await createTestContext(dialect, { ARALDO_ALLOW_PRIVATE_URLS: '1' });
    const seed = await seedWorkspace(ctx);
    ws = seed.workspaceId;
    const as = (role: Role): Actor => ({ userId: seed.callers[role].userId, role });
    owner = as('owner');
    contributor = as('contributor');
    main = (await createChannel(ctx, owner, ws, { network: 'sandbox', name: 'Main' })).id;
    second = (await createChannel(ctx, owner, ws, { network: 'sandbox', name: 'Second' })).id;
  });
  afterAll(async () => {
    await ctx?.dispose();
    await site.stop();
  });

  describe('CSV', () => {
    it('reports every bad row by its line number and imports nothing', async () => {
      const before = await postCount();
      const csv = [
        'text,channels,at,time_zone,link',
        'Good one,Main,,,',
        'Unknown channel,Nowhere,,,',
        '"A text that spans',
        'two lines",Main|Second,2031-01-10T09:00,,',
        `${'x'.repeat(501)},Main,,,`,
        'Bad zone,Main,2031-01-10T09:00,Mars/Olympus,',
        'Good link,Main,,,https://example.org',
      ].join('\n');
      const error = await attempt(() => importPostsFromCsv(ctx, owner, ws, csv));
      expect(error.code).toBe('validation_failed');
      expect(error.message).toBe('3 rows have problems; nothing was imported');
      expect(problemLines(error)).toEqual([3, 6, 7]);
      expect(error.details!.map((d) => d.message)).toEqual([
        'Line 3: no channel "Nowhere" in this workspace',
        expect.stringMatching(/^Line 6: Sandbox \(Main\): .*501.*500/),
        'Line 7: "Mars/Olympus" is not an IANA time zone (e.g. Europe/Rome)',
      ]);
      expect(await postCount()).toBe(before);
    });

    it('names each kind of problem: times, links, columns, field counts', async () => {
      const csv = [
        'text,channels,at,link',
        'No such day,Main,2031-02-30T09:00,',
        'In the past,Main,2020-01-01T09:00,',
        'Not a link,Main,,ftp://example.org/x',
        ',Main,,',
        'Too,many,fields,here,extra',
        'No channel,,,',
      ].join('\r\n');
      const error = await attempt(() => importPostsFromCsv(ctx, owner, ws, csv));
      expect(problemLines(error)).toEqual([2, 3, 4, 5, 6, 7]);
      expect(error.details!.map((d) => d.path)).toEqual([
        'line.2.at',
        'line.3.at',
        'line.4.link',
        'line.5.text',
        'line.6.file',
        'line.7.channels',
      ]);
      const header = await attempt(() => importPostsFromCsv(ctx, owner, ws, 'txt,channel\nHello,Main\n'));
      expect(header.details!.map((d) => d.message)).toEqual([
        expect.stringMatching(/^Line 1: unknown column "txt"/),
        expect.stringMatching(/^Line 1: unknown column "channel"/),
        'Line 1: the column "text" is required',
        'Line 1: the column "channels" is required',
      ]);
      const quote = await attempt(() =>
        importPostsFromCsv(ctx, owner, ws, 'text,channels\n"ok",Main\n"bad"x,Main\n'),
      );
      expect(quote.message).toMatch(/not valid CSV/);
      expect(problemLines(quote)).toEqual([3]);
    });

    it('refuses files over the row and size limits with a clear answer', async () => {
      const many = ['text,channels', ...Array.from({ length: CSV_MAX_ROWS + 1 }, (_, i) => `Post ${i},Main`)];
      const rows = await attempt(() => importPostsFromCsv(ctx, owner, ws, many.join('\n')));
      expect(rows.message).toBe(
        `The file has ${CSV_MAX_ROWS + 1} posts; import at most ${CSV_MAX_ROWS} at a time`,
      );
      const big = await attempt(() =>
        importPostsFromCsv(ctx, owner, ws, `text,channels\n${'y'.repeat(1_100_000)},Main\n`),
      );
      expect(big.code).toBe('payload_too_large');
      expect(big.message).toMatch(/^The file is 1\.\d MB; import at most 1 MB at a time$/);
    });

    it('imports a good file whole: drafts, and posts scheduled in the row’s or the workspace’s zone', async () => {
      const csv = [
        '\uFEFFtext,channels,at,time_zone,link,first_comment,campaign',
        'CSV draft,main,,,,,',
        'CSV in Rome,Main,2031-06-01T09:00,,https://example.org/a,First!,Spring',
        `"CSV, in New York",${second} | Main,2031-06-01 09:00,America/New_York,,,`,
      ].join('\n');
      const result = await importPostsFromCsv(ctx, owner, ws, csv);
      expect(result.imported).toBe(3);
      expect(result.posts.map((p) => [p.line, p.scheduled])).toEqual([
        [2, false],
        [3, true],
        [4, true],
      ]);
      const [draft, rome, ny] = await withDeliveries(
        ctx,
        ws,
        await Promise.all(result.posts.map((p) => findPost(ctx.store.db, ws, p.postId).then((x) => x!))),
      );
      expect(draft).toMatchObject({ text: 'CSV draft', status: 'draft', deliveries: [] });
      expect(rome).toMatchObject({
        link: 'https://example.org/a',
        firstComment: 'First!',
        campaign: 'Spring',
      });
      expect(rome!.deliveries.map((d) => [d.state, d.dueAt])).toEqual([
        ['scheduled', '2031-06-01T07:00:00.000Z'],
      ]);
      expect(ny!.text).toBe('CSV, in New York');
      expect(ny!.deliveries.map((d) => d.dueAt)).toEqual([
        '2031-06-01T13:00:00.000Z',
        '2031-06-01T13:00:00.000Z',
      ]);
    });

    it('sends a contributor’s scheduled rows to approval', async () => {
      const result = await importPostsFromCsv(
        ctx,
        contributor,
        ws,
        'text,channels,at\nFrom a contributor,Main,2031-07-01T10:00\n',
      );
      const [post] = await postsWithText(['From a contributor']);
      expect(post?.id).toBe(result.posts[0]!.postId);
      expect(post?.status).toBe('awaiting_approval');
    });
  });

  describe('feeds', () => {
    it('a feed polled twice makes posts only for new items, never twice for one item', async () => {
      items.splice(
        0,
        items.length,
        ...[
          {
            guid: 'a',
            title: 'Older news',
            link: 'https://acme.example/a',
            date: 'Mon, 05 Jan 2026 09:00:00 GMT',
          },
          {
            guid: 'b',
            title: 'Newer news',
            link: 'https://acme.example/b',
            date: 'Tue, 06 Jan 2026 09:00:00 GMT',
          },
        ],
      );
      const feed = await createFeed(ctx, owner, ws, {
        url: `${site.url}/feed.xml`,
        channelIds: [main],
        mode: 'draft',
        backfill: 1,
      });
      expect(feed.title).toBe('Acme news');
      const first = await pollFeed(ctx, owner, ws, feed.id);
      expect(first.status).toBe('created');
      expect(first.postIds).toHaveLength(1);
      expect((await postsWithText(['Newer news'])).map((p) => [p.link, p.status])).toEqual([
        ['https://acme.example/b', 'draft'],
      ]);
      expect(await postsWithText(['Older news'])).toEqual([]);

      const unchanged = await pollFeed(ctx, owner, ws, feed.id);
      expect(unchanged.status).toBe('not_modified');

      items.unshift({
        guid: 'c',
        title: 'Fresh news',
        link: 'https://acme.example/c',
        date: 'Wed, 07 Jan 2026 09:00:00 GMT',
      });
      const second = await pollFeed(ctx, owner, ws, feed.id);
      expect(second.postIds).toHaveLength(1);
      expect(await postsWithText(['Fresh news'])).toHaveLength(1);
      // The same items again, without the ETag shortcut: nothing new.
      await ctx.store.db.updateTable('feeds').set({ etag: null }).where('id', '=', feed.id).execute();
      expect((await pollFeed(ctx, owner, ws, feed.id)).postIds).toEqual([]);
      expect(await postsWithText(['Newer news', 'Fresh news', 'Older news'])).toHaveLength(2);
    });

    it('of two pollers reading the same new items, only one makes posts', async () => {
      items.unshift({
        guid: 'd',
        title: 'Raced news',
        link: 'https://acme.example/d',
        date: 'Thu, 08 Jan 2026 09:00:00 GMT',
      });
      const feed = await createFeed(ctx, owner, ws, {
        url: `${site.url}/feed.xml`,
        channelIds: [main],
        mode: 'draft',
        backfill: 1,
      });
      const row = await ctx.store.db
        .selectFrom('feeds')
        .selectAll()
        .where('id', '=', feed.id)
        .executeTakeFirstOrThrow();
      const results = await Promise.all([pollFeedRow(ctx, row), pollFeedRow(ctx, row)]);
      expect(results.map((r) => r.status).sort()).toEqual(['created', 'raced']);
      expect(await postsWithText(['Raced news'])).toHaveLength(1);
    });

    it('Atom entries in `now` mode are scheduled at once on every channel', async () => {
      const feed = await createFeed(ctx, owner, ws, {
        url: `${site.url}/atom.xml`,
        channelIds: [main, second],
        mode: 'now',
        backfill: 2,
      });
      const result = await pollFeed(ctx, owner, ws, feed.id);
      expect(result.postIds).toHaveLength(2);
      const posts = await postsWithText(['Launch day', 'Teaser']);
      // Oldest first, so they go out in the order they were written.
      expect(posts.map((p) => [p.text, p.link, p.status]).sort()).toEqual([
        ['Launch day', 'https://acme.example/launch', 'scheduled'],
        ['Teaser', 'https://acme.example/teaser', 'scheduled'],
      ]);
      expect(
        posts.find((p) => p.text === 'Teaser')!.id < posts.find((p) => p.text === 'Launch day')!.id,
      ).toBe(true);
    });

    it('`queue` mode puts each item in the channel’s next free slot, and needs slots to start', async () => {
      const noSlots = await attempt(() =>
        createFeed(ctx, owner, ws, { url: `${site.url}/atom.xml`, channelIds: [main], mode: 'queue' }),
      );
      expect(noSlots.details).toEqual([
        { path: 'channelIds.0', message: 'Main has no posting slots for the queue' },
      ]);
      const queued = await createChannel(ctx, owner, ws, {
        network: 'sandbox',
        name: 'Queued',
        timeZone: 'Europe/Rome',
      });
      await updateChannel(ctx, owner, ws, queued.id, { slots: [{ weekday: 1, time: '09:00' }] });
      const feed = await createFeed(ctx, owner, ws, {
        url: `${site.url}/atom.xml`,
        channelIds: [queued.id],
        mode: 'queue',
        backfill: 2,
      });
      const result = await pollFeed(ctx, owner, ws, feed.id);
      expect(result.status, result.error ?? '').toBe('created');
      const [older, newer] = await withDeliveries(
        ctx,
        ws,
        await Promise.all(result.postIds.map((id) => findPost(ctx.store.db, ws, id).then((p) => p!))),
      );
      const dues = [older!, newer!].map((p) => Date.parse(p.deliveries[0]!.dueAt!));
      expect(dues[1]! - dues[0]!).toBe(7 * 24 * 3_600_000);
      for (const due of dues) {
        expect(
          new Intl.DateTimeFormat('en-GB', {
            timeZone: 'Europe/Rome',
            weekday: 'short',
            hour: '2-digit',
            minute: '2-digit',
          }).format(due),
        ).toBe('Mon 09:00');
      }
    });

    it('refuses a page that is not a feed, and a feed on a private address unless allowed', async () => {
      const notFeed = await attempt(() =>
        createFeed(ctx, owner, ws, { url: `${site.url}/page.html`, channelIds: [main], mode: 'draft' }),
      );
      expect(notFeed.message).toMatch(/could not read this feed: This is not an RSS or Atom feed/);
      const strict = await createTestContext(dialect);
      try {
        const s = await seedWorkspace(strict);
        const ownerActor: Actor = { userId: s.callers.owner.userId, role: 'owner' };
        const channel = (
          await createChannel(strict, ownerActor, s.workspaceId, { network: 'sandbox', name: 'S' })
        ).id;
        const refused = await attempt(() =>
          createFeed(strict, ownerActor, s.workspaceId, {
            url: `${site.url}/feed.xml`,
            channelIds: [channel],
            mode: 'draft',
          }),
        );
        expect(refused.code).toBe('validation_failed');
        expect(refused.message).toMatch(/private or local address.*ARALDO_ALLOW_PRIVATE_URLS/);
      } finally {
        await strict.dispose();
      }
    });

    it('the poller reads each due feed once per interval', async () => {
      const poller = new FeedPoller(ctx, { everyMs: 60_000 });
      const now = Date.now() + 3_600_000;
      expect(await poller.runOnce(now)).toBeGreaterThan(0);
      expect(await poller.runOnce(now)).toBe(0);
      expect(await poller.runOnce(now + 60_000)).toBeGreaterThan(0);
    });
  });

  describe('feed parsing', () => {
    it('reads RSS 1.0, strips markup from titles, and refuses DTD entities', () => {
      const rdf = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
        <channel rdf:about="https://x.example/"><title>X</title></channel>
        <item rdf:about="https://x.example/1"><title>One &amp; only</title><link>https://x.example/1</link></item></rdf:RDF>`;
      expect(parseFeed(rdf)).toEqual({
        title: 'X',
        items: [
          { key: 'https://x.example/1', title: 'One & only', link: 'https://x.example/1', publishedAt: null },
        ],
      });
      expect(parseFeed(atom).items.map((i) => i.title)).toEqual(['Launch day', 'Teaser']);
      expect(() => parseFeed('<!DOCTYPE r [<!ENTITY a "aaaa">]><rss><channel/></rss>')).toThrow(/entities/);
      expect(() => parseFeed('<rss><channel>')).toThrow(/not well-formed/);
    });
  });
});
