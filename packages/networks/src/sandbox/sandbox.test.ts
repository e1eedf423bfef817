import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { afterAll, describe, expect, it } from 'vitest';
import type { Draft, InboxItem, MediaFile, NetworkClient, Published, PublishRequest } from '../contract';
import type { NetworkError } from '../http/network-error';
import { AttentionCurve, HOUR_MS } from './attention';
import { createSandboxClient } from './client';
import { createSandboxCredentials, type SandboxCredentials, sandboxCredentials } from './credentials';
import { PHRASES } from './crowd';
import { sandboxDescriptor } from './descriptor';

const MINUTE = 60_000;
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const account = (over: Partial<SandboxCredentials['audience']> = {}): SandboxCredentials =>
  sandboxCredentials.parse({
    accountId: 'acct-1',
    handle: '@caffe.sandbox',
    displayName: 'Caffè',
    audience: { size: 2_000, timeZone: 'Europe/Rome', language: 'it', speed: 60, ...over },
  });

/** A sandbox world: a fresh state folder and a clock the test moves by hand. */
async function world(credentials = account()) {
  const stateDir = await mkdtemp(join(tmpdir(), 'araldo-sandbox-'));
  dirs.push(stateDir);
  const clock = { now: DateTime.fromISO('2025-03-10T12:00', { zone: 'Europe/Rome' }).toMillis() };
  const client = (): NetworkClient =>
    createSandboxClient(
      {
        baseUrl: sandboxDescriptor.defaultBaseUrl,
        http: null as never,
        credentials,
        app: {},
        onCredentials: async () => {},
        stateDir,
      },
      () => clock.now,
    );
  const files = async () => readdir(join(stateDir, credentials.accountId, 'items'));
  return { clock, client, files, credentials };
}

function request(deliveryId: string, over: Partial<PublishRequest> = {}): PublishRequest {
  const journal: Record<string, unknown> = {};
  return {
    deliveryId,
    text: 'Il nuovo menu di primavera è arrivato!',
    link: null,
    media: [],
    firstComment: null,
    options: {},
    journal,
    record: async (entries) => {
      Object.assign(journal, entries);
    },
    ...over,
  };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e as NetworkError,
  );

const image = (i: number, over: Partial<MediaFile> = {}): MediaFile => ({
  id: `m${i}`,
  filename: `p${i}.png`,
  mimeType: 'image/png',
  sizeBytes: 1_000,
  read: async () => Buffer.alloc(0),
  publicUrl: 'http://unused/',
  ...over,
});

describe('connecting a sandbox channel', () => {
  it('makes credentials a newcomer can use at once, and verify() names the account', async () => {
    const credentials = createSandboxCredentials({
      name: 'Caffè Roma',
      timeZone: 'Europe/Rome',
      language: 'it',
    });
    expect(credentials.handle).toBe('@cafferoma.sandbox');
    expect(credentials.audience).toEqual({ size: 2_000, timeZone: 'Europe/Rome', language: 'it', speed: 60 });
    expect(createSandboxCredentials({ timeZone: 'UTC' }).handle).toBe('@yourbrand.sandbox');
    expect(createSandboxCredentials({ timeZone: 'UTC' }).accountId).not.toBe(credentials.accountId);
    const { client } = await world(credentials);
    expect(await client().verify()).toEqual({
      accountId: credentials.accountId,
      handle: '@cafferoma.sandbox',
      displayName: 'Caffè Roma',
    });
    expect(sandboxDescriptor.connect).toEqual({ kind: 'none' });
    expect(() => createSandboxCredentials({ timeZone: 'Mars/Olympus' })).toThrow();
  });
});

describe('publishing exactly once', () => {
  it('publishing the same delivery again returns the same post and stores no second one', async () => {
    const { client, clock, files } = await world();
    const first = await client().publish(request('delivery-1'));
    clock.now += MINUTE;
    const again = await client().publish(request('delivery-1'));
    expect(again).toEqual(first);
    expect(await files()).toHaveLength(1);
    const other = await client().publish(request('delivery-2'));
    expect(other.remoteId).not.toBe(first.remoteId);
    expect(await files()).toHaveLength(2);
  });

  it('two workers publishing one delivery at the same moment make one post', async () => {
    const { client, files } = await world();
    const [a, b] = [client(), client()];
    const req = () => request('delivery-race', { options: { thread: ['Seconda parte', 'Terza parte'] } });
    const results = await Promise.all([...Array(8)].map((_, i) => (i % 2 ? a : b).publish(req())));
    expect(new Set(results.map((r) => r.remoteId)).size).toBe(1);
    // The post and its two thread replies, each once; no temporary file left behind.
    expect(await files()).toHaveLength(3);
  });

  it('journals the post id and finds the post again by journal or by text', async () => {
    const { client, clock } = await world();
    const since = new Date(clock.now);
    const req = request('delivery-3');
    const published = await client().publish(req);
    expect(req.journal.postId).toBe(published.remoteId);
    const c = client();
    expect(await c.findPublished({ text: 'x', since, journal: req.journal })).toEqual(published);
    expect(
      await c.findPublished({ text: ' il NUOVO menu di primavera è arrivato! ', since, journal: {} }),
    ).toEqual(published);
    expect(await c.findPublished({ text: 'another text', since, journal: {} })).toBeNull();
    expect(
      await c.findPublished({ text: req.text, since: new Date(clock.now + 10 * MINUTE), journal: {} }),
    ).toBeNull();
  });

  it('stores a thread and a first comment as replies under the post, counted as its comments', async () => {
    const { client, files } = await world();
    const c = client();
    const post = await c.publish(
      request('delivery-4', { options: { thread: ['Parte due'] }, firstComment: 'Link in bio' }),
    );
    expect(await files()).toHaveLength(3);
    const [metrics] = await c.fetchMetrics([post.remoteId]);
    expect(metrics?.raw.ownReplies).toBe(1);
    expect(metrics?.comments).toBe(1);
  });

  it('refuses a post the network would refuse, naming the problem', async () => {
    const { client, files } = await world();
    const error = await failure(client().publish(request('delivery-5', { text: 'a'.repeat(501) })));
    expect(error.failure).toBe('permanent');
    expect(error.networkCode).toBe('text_too_long');
    expect(error.message).toContain('501');
    await expect(files()).rejects.toThrow();
  });
});

describe('the simulated audience', () => {
  it('reactions only grow as time passes, and fade after a few simulated hours', async () => {
    const { client, clock } = await world();
    const c = client();
    const published = clock.now;
    const post = await c.publish(
      request('delivery-m', { link: 'https://example.com/menu', media: [image(1)] }),
    );
    const [atStart] = await c.fetchMetrics([post.remoteId]);
    expect(atStart).toMatchObject({ likes: 0, comments: 0, shares: 0, impressions: 0, clicks: 0 });
    const keys = ['likes', 'comments', 'shares', 'impressions', 'clicks'] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 8 * 60 * 60_000 }), { minLength: 2, maxLength: 12 }),
        async (ts) => {
          let last: Record<string, number> = {};
          for (const t of [...ts].sort((x, y) => x - y)) {
            clock.now = published + t;
            const [m] = await c.fetchMetrics([post.remoteId]);
            for (const k of keys) {
              expect(m![k]!).toBeGreaterThanOrEqual(last[k] ?? 0);
              last = { ...last, [k]: m![k]! };
            }
          }
        },
      ),
      { numRuns: 25 },
    );
    clock.now = published + 30 * MINUTE; // 30 simulated hours at speed 60
    const [late] = await c.fetchMetrics([post.remoteId]);
    clock.now = published + 120 * MINUTE;
    const [later] = await c.fetchMetrics([post.remoteId]);
    expect(later!.impressions!).toBeLessThan(late!.impressions! * 1.01);
    expect(later!.likes).toBe(late!.likes);
    expect(late!.likes).toBeGreaterThan(20);
    expect(late!.impressions).toBeGreaterThan(late!.likes);
    expect(late!.raw.followers).toBe(2_000 + (late!.raw.newFollowers as number));
  });

  it('a post reaches more people by day than at night, at the same age', async () => {
    const { client, clock } = await world();
    const c = client();
    const at = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Rome' }).toMillis();
    clock.now = at('2025-03-11T12:00');
    const day = await c.publish(request('delivery-day'));
    clock.now = at('2025-03-12T02:00');
    const night = await c.publish(request('delivery-night'));
    // 45 real seconds = 45 simulated minutes at speed 60.
    clock.now = at('2025-03-11T12:00') + 45_000;
    const [d] = await c.fetchMetrics([day.remoteId]);
    clock.now = at('2025-03-12T02:00') + 45_000;
    const [n] = await c.fetchMetrics([night.remoteId]);
    expect(d!.impressions!).toBeGreaterThan(5 * n!.impressions!);
    expect(d!.likes).toBeGreaterThan(n!.likes);
  });

  it('brings replies, mentions and messages over time, in the audience language', async () => {
    const { client, clock, credentials } = await world();
    const c = client();
    const post = await c.publish(request('delivery-i'));
    expect(await c.fetchInbox(null)).toEqual([]);
    clock.now += 2 * MINUTE;
    const early = await c.fetchInbox(null);
    clock.now += 60 * MINUTE;
    const all = await c.fetchInbox(null);
    expect(early.length).toBeGreaterThan(0);
    expect(all.length).toBeGreaterThan(early.length);
    expect(all.slice(0, early.length)).toEqual(early);
    const newer = await c.fetchInbox(new Date(early.at(-1)!.createdAt));
    expect(newer).toEqual(all.slice(early.length));

    const italian = Object.values(PHRASES.it)
      .flat()
      .map((p) => p.replace('{handle}', credentials.handle));
    for (const item of all) {
      expect(italian).toContain(item.text);
      expect(item.author.handle).toMatch(/^@[a-z]+\.[a-z]+\d+$/);
      expect(Date.parse(item.createdAt)).toBeLessThanOrEqual(clock.now);
    }
    expect(new Set(all.map((i) => i.kind))).toEqual(new Set(['comment', 'mention', 'direct_message']));
    const comments = all.filter((i) => i.kind === 'comment');
    expect(comments.every((i) => i.inReplyTo === post.remoteId)).toBe(true);
    const [m] = await c.fetchMetrics([post.remoteId]);
    expect(m!.comments).toBe(comments.length);
  });

  it('an English audience speaks English', async () => {
    const { client, clock } = await world(account({ language: 'en', timeZone: 'America/New_York' }));
    const c = client();
    await c.publish(request('delivery-en', { text: 'Our spring menu is here' }));
    clock.now += 3 * 60 * MINUTE;
    const texts = (await c.fetchInbox(null)).map((i) => i.text);
    expect(texts.length).toBeGreaterThan(0);
    const english = Object.values(PHRASES.en).flat();
    for (const t of texts)
      expect(english.some((p) => p.replace('{handle}', '@caffe.sandbox') === t)).toBe(true);
  });
});

describe('answering the audience', () => {
  it('stores the answer as a reply once, and some people answer back', async () => {
    const { client, clock } = await world();
    const c = client();
    const post = await c.publish(request('delivery-r'));
    clock.now += 60 * MINUTE;
    const inbox = await c.fetchInbox(null);
    const comments = inbox.filter((i) => i.kind === 'comment');
    const before = (await c.fetchMetrics([post.remoteId]))[0]!;
    const answers: Published[] = [];
    for (const comment of comments) answers.push(await c.reply(comment, 'Grazie mille!'));
    expect(await c.reply(comments[0]!, 'Grazie mille!')).toEqual(answers[0]);
    const after = (await c.fetchMetrics([post.remoteId]))[0]!;
    expect(after.comments).toBe(before.comments + comments.length);
    expect(
      await client().findPublished({ text: 'grazie mille!', since: new Date(0), journal: {} }),
    ).toBeNull();

    clock.now += 2 * MINUTE; // two simulated hours: every answer back has arrived
    const backs = (await c.fetchInbox(new Date(clock.now - 2 * MINUTE))).filter((i) =>
      answers.some((a) => a.remoteId === i.inReplyTo),
    );
    expect(backs.length).toBeGreaterThan(0);
    const back = backs[0]!;
    const answered = comments[answers.findIndex((a) => a.remoteId === back.inReplyTo)]!;
    expect(back.author).toEqual(answered.author);
    expect(PHRASES.it.answer).toContain(back.text);
  });

  it('answers a direct message privately', async () => {
    const { client, clock } = await world();
    const c = client();
    await c.publish(request('delivery-dm'));
    clock.now += 3 * 60 * MINUTE;
    const dm = (await c.fetchInbox(null)).find((i) => i.kind === 'direct_message')!;
    expect(dm.url).toBeNull();
    const answer = await c.reply(dm, 'Sì, spediamo in Svizzera');
    expect(answer.remoteId).toMatch(/^[a-f0-9]{24}$/);
  });

  it('refuses to answer what is not in the inbox', async () => {
    const { client } = await world();
    const ghost: InboxItem = {
      remoteId: 'nope',
      kind: 'comment',
      inReplyTo: null,
      author: { id: 'x', handle: null, name: null },
      text: '',
      createdAt: new Date(0).toISOString(),
      url: null,
    };
    const error = await failure(client().reply(ghost, 'hello'));
    expect(error.failure).toBe('permanent');
    expect(error.networkCode).toBe('not_found');
  });
});

describe('text and media rules', () => {
  const draft = (over: Partial<Draft> = {}): Draft => ({
    text: 'Ciao',
    link: null,
    media: [],
    firstComment: null,
    options: {},
    ...over,
  });

  it('counts graphemes up to 500', () => {
    expect(sandboxDescriptor.measure('👨‍👩‍👧‍👦🇮🇹é')).toMatchObject({ length: 3, limit: 500, fits: true });
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 600 }), (s) => {
        const m = sandboxDescriptor.measure(s);
        expect(m.fits).toBe(m.length <= 500);
        expect(m.length).toBeLessThanOrEqual(s.length);
      }),
    );
    expect(sandboxDescriptor.measure('é'.repeat(500)).fits).toBe(true);
    expect(sandboxDescriptor.measure('é'.repeat(501)).fits).toBe(false);
  });

  it('names every problem at once', () => {
    const problems = sandboxDescriptor.validate(
      draft({
        text: 'x'.repeat(495),
        link: 'https://example.com/long',
        media: [...[1, 2, 3, 4, 5].map((i) => image(i)), image(6, { mimeType: 'image/tiff' })],
        options: { thread: ['ok', ''] },
        firstComment: 'y'.repeat(501),
      }),
    );
    expect(problems.map((p) => `${p.path}:${p.code}`).sort()).toEqual(
      [
        'text:text_too_long',
        'media.5:unsupported_media_type',
        'media:too_many_images',
        'options.thread.1:empty',
        'firstComment:text_too_long',
      ].sort(),
    );
    expect(
      sandboxDescriptor
        .validate(draft({ media: [image(1), image(2, { mimeType: 'video/mp4', durationSeconds: 700 })] }))
        .map((p) => p.code)
        .sort(),
    ).toEqual(['mixed_media', 'video_too_long']);
    expect(sandboxDescriptor.validate(draft({ text: ' ' })).map((p) => p.code)).toEqual(['empty']);
    expect(sandboxDescriptor.validate(draft({ text: '', media: [image(1)] }))).toEqual([]);
    expect(sandboxDescriptor.validate(draft())).toEqual([]);
  });
});

describe('time zones', () => {
  it('gives the same numbers whatever the process time zone', async () => {
    const { client, clock } = await world();
    const post = await client().publish(request('delivery-tz', { media: [image(1)] }));
    clock.now += 90_000;
    const read = async () => {
      const c = client();
      return { metrics: await c.fetchMetrics([post.remoteId]), inbox: await c.fetchInbox(null) };
    };
    const original = process.env.TZ;
    try {
      const underChatham = await read();
      process.env.TZ = 'America/Los_Angeles';
      expect(new Date(Date.UTC(2025, 0, 1)).getHours()).toBe(16);
      expect(await read()).toEqual(underChatham);
    } finally {
      process.env.TZ = original;
    }
  });

  it("follows the audience's zone, not the server's", async () => {
    const rome = await world(account({ timeZone: 'Europe/Rome' }));
    const auckland = await world(account({ timeZone: 'Pacific/Auckland' }));
    const read = async (w: typeof rome) => {
      const c = w.client();
      const post = await c.publish(request('delivery-zone')); // 12:00 in Rome, 00:00 in Auckland
      w.clock.now += 45_000;
      return (await c.fetchMetrics([post.remoteId]))[0]!.impressions!;
    };
    expect(await read(rome)).toBeGreaterThan(3 * (await read(auckland)));
  });
});

describe('the attention curve', () => {
  it('never decreases and inverts exactly, across DST changes and odd offsets', () => {
    const zones = [
      'Europe/Rome',
      'Pacific/Chatham',
      'Australia/Lord_Howe',
      'America/St_Johns',
      'Asia/Kathmandu',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        // Around the 2025 DST changes of both hemispheres, and anywhere in between.
        fc.integer({ min: Date.UTC(2025, 2, 25), max: Date.UTC(2025, 10, 10) }),
        fc.array(fc.integer({ min: 0, max: 48 * HOUR_MS }), { minLength: 2, maxLength: 20 }),
        (zone, publishedAt, ages) => {
          const curve = new AttentionCurve(publishedAt, zone);
          // About 0.3 for a post at the start of an ordinary night; a night with an hour lived
          // twice (DST ends) gives it one more quiet hour: 0.2923 at worst for these zones in
          // 2025 (every start scanned at 5-minute steps), Pacific/Chatham at 00:15 on April 6.
          expect(curve.total).toBeGreaterThan(0.29);
          expect(curve.total).toBeLessThan(2);
          const sorted = [...ages].sort((a, b) => a - b);
          const values = sorted.map((a) => curve.at(a));
          values.forEach((v, i) => {
            expect(v).toBeGreaterThanOrEqual(values[i - 1] ?? 0);
            const age = curve.ageOf(v)!;
            expect(age).toBeLessThanOrEqual(sorted[i]! + 1);
            expect(curve.at(age)).toBeCloseTo(v, 9);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
