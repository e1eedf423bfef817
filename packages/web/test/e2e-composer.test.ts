/**
 * The composer in a real browser against a real Araldo server: a draft saved, reopened in the
 * composer, changed (text and one channel's own text) and scheduled; a weekly recurring post
 * built with the schedule picker, its next dates shown on the workspace's clock and checked
 * against the deliveries the server made; a first comment for all channels and one channel's
 * own, published on the sandbox; the note for a network without first comments; what the
 * composer says of a published post and of one being published right now.
 *
 * Needs `npm run build` and Debian's Chromium (see harness.ts).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Araldo,
  type apiFor,
  dayIn,
  fieldValue,
  launchBrowser,
  mainNav,
  openContext,
  people,
  seriousA11yViolations,
  setUpOwner,
  shoot,
  startAraldo,
  text,
  visible,
} from './harness.ts';

const ZONE = 'Europe/Rome';

interface Posted {
  id: string;
  text: string;
  status: string;
  firstComment: string | null;
  schedule: Record<string, unknown> | null;
  evergreen?: { afterDays: number; maxTimes: number } | null;
  variants: { channelId: string; text: string | null; firstComment: string | null }[];
  deliveries: { channelId: string; state: string; dueAt: string | null }[];
}

interface SandboxItem {
  kind: string;
  text: string;
  inReplyTo: string | null;
  deliveryId: string | null;
}

/** better-sqlite3, loaded by a specifier TypeScript does not follow (see e2e-channels.test.ts). */
type Sqlite = new (
  file: string,
) => {
  prepare(sql: string): { run(...values: unknown[]): unknown };
  close(): void;
};
const load = <T>(specifier: string) => import(/* @vite-ignore */ specifier) as Promise<T>;

/** `YYYY-MM-DD HH:mm` on the clock of a zone. */
const onClock = (instant: string, zone: string) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
};

/** ISO weekday of a civil date, Monday = 1. */
const weekdayOf = (day: string) => ((new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
const fullDate = (day: string) =>
  new Intl.DateTimeFormat('en-US', { dateStyle: 'full', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  );

/** Every item the sandbox networks published, read from their state folders. */
const sandboxItems = async (dataDir: string): Promise<SandboxItem[]> => {
  const files = (await readdir(dataDir, { recursive: true })).filter(
    (file) => file.includes(`${path.sep}items${path.sep}`) && file.endsWith('.json'),
  );
  return Promise.all(
    files.map(async (file) => JSON.parse(await readFile(path.join(dataDir, file), 'utf8')) as SandboxItem),
  );
};

describe('the composer in a browser', () => {
  let araldo: Araldo;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let workspaceId: string;
  let api: ReturnType<typeof apiFor>;
  const channelIds: Record<string, string> = {};

  const heading = (name: string) => visible(page.getByRole('heading', { level: 1, name, exact: true }));
  const postIdInUrl = () => new URL(page.url()).pathname.split('/').at(-1)!;
  const getPost = (id: string) => api.get<Posted>(`/workspaces/${workspaceId}/posts/${id}`);
  const compose = async () => {
    await mainNav(page).getByRole('link', { name: 'New post' }).click();
    await heading('New post');
  };
  const textBox = (name: string) => page.getByRole('textbox', { name, exact: true });

  beforeAll(async () => {
    araldo = await startAraldo();
    browser = await launchBrowser();
    context = await openContext(browser, araldo.baseUrl, {
      timezoneId: ZONE,
      viewport: { width: 1280, height: 900 },
    });
    const created = await setUpOwner(context, {
      ...people.ada,
      workspaceName: 'Lovelace Bakery',
      timeZone: ZONE,
    });
    workspaceId = created.workspaceId;
    api = created.api;
    for (const name of ['Bakery Sandbox', 'Bakery Outpost']) {
      const channel = await api.post<{ id: string }>(`/workspaces/${workspaceId}/channels`, {
        network: 'sandbox',
        name,
      });
      channelIds[name] = channel.id;
    }
    page = await context.newPage();
    await page.goto('/');
    await heading('Hello, Ada');
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await araldo?.stop();
  });

  it('saves a draft, reopens it, changes its text and one channel’s text, and schedules it', {
    timeout: 90_000,
  }, async () => {
    const tomorrow = dayIn(ZONE, 1);
    await compose();
    await page.getByRole('checkbox', { name: /^Bakery Sandbox/ }).check();
    await page.getByRole('checkbox', { name: /^Bakery Outpost/ }).check();
    await textBox('Text').fill('Spring menu, draft');
    await page.getByRole('radio', { name: /^Save as draft/ }).check();
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await heading('Post');
    await visible(page.getByText('Not scheduled: this post is a draft.'));
    const postId = postIdInUrl();

    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await heading('Edit post');
    await fieldValue(textBox('Text')).toBe('Spring menu, draft');
    expect(await page.getByRole('radio', { name: /^Save as draft/ }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: /^Bakery Outpost/ }).isChecked()).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await textBox('Text').fill('Spring menu: wild garlic focaccia');
    await page.getByRole('tab', { name: 'Bakery Outpost' }).click();
    await textBox('Text for Bakery Outpost (Sandbox)').fill(
      'At the Outpost from Friday: wild garlic focaccia',
    );

    // Leaving with unsaved changes asks first; saying no stays here with the changes.
    const asked = new Promise<string>((resolve) =>
      page.once('dialog', async (dialog) => {
        resolve(dialog.message());
        await dialog.dismiss();
      }),
    );
    await mainNav(page).getByRole('link', { name: 'Planner' }).click();
    expect(await asked).toBe('You have unsaved changes. Leave this page and lose them?');
    await heading('Edit post');
    await fieldValue(textBox('Text for Bakery Outpost (Sandbox)')).toBe(
      'At the Outpost from Friday: wild garlic focaccia',
    );

    await page.getByRole('radio', { name: /^At a date and time/ }).check();
    await textBox('Date and time').fill(`${tomorrow}T10:30`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save and schedule' }).click();
    await heading('Post');
    await visible(page.getByText('Scheduled', { exact: true }).first());

    const saved = await getPost(postId);
    expect(saved).toMatchObject({ text: 'Spring menu: wild garlic focaccia', status: 'scheduled' });
    expect(saved.variants.find((v) => v.channelId === channelIds['Bakery Outpost'])?.text).toBe(
      'At the Outpost from Friday: wild garlic focaccia',
    );
    expect(saved.variants.find((v) => v.channelId === channelIds['Bakery Sandbox'])?.text).toBeNull();
    expect(saved.deliveries.map((d) => [d.state, onClock(d.dueAt!, ZONE)])).toEqual([
      ['scheduled', `${tomorrow} 10:30`],
      ['scheduled', `${tomorrow} 10:30`],
    ]);

    // Opened again from the planner's list it is scheduled at that time; a change of text and
    // turning it evergreen keep the time.
    await page.goto(`/w/${workspaceId}/planner?view=list&date=${tomorrow}`);
    // One row per channel, each with the same link.
    await page.getByRole('link', { name: 'Edit “Spring menu: wild garlic focaccia”' }).first().click();
    await heading('Edit post');
    expect(await page.getByRole('radio', { name: /^At a date and time/ }).isChecked()).toBe(true);
    await fieldValue(textBox('Date and time')).toBe(`${tomorrow}T10:30`);
    await textBox('Text').fill('Spring menu: wild garlic focaccia, from 8 am');
    await page.getByRole('checkbox', { name: 'Publish it again when it does well' }).check();
    await page.getByRole('spinbutton', { name: 'Again after how many days' }).fill('45');
    await page.getByRole('spinbutton', { name: 'At most how many times' }).fill('2');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await heading('Post');
    const kept = await getPost(postId);
    expect(kept.text).toBe('Spring menu: wild garlic focaccia, from 8 am');
    expect(kept.evergreen).toEqual({ afterDays: 45, maxTimes: 2 });
    expect(kept.deliveries.map((d) => [d.state, onClock(d.dueAt!, ZONE)])).toEqual([
      ['scheduled', `${tomorrow} 10:30`],
      ['scheduled', `${tomorrow} 10:30`],
    ]);
  });

  it('builds a weekly recurring post, shows its next dates, and the server schedules the first', {
    timeout: 90_000,
  }, async () => {
    const start = dayIn(ZONE, 1);
    // The first three Tuesdays and Fridays from the start day, on the workspace's clock.
    const expected = Array.from({ length: 14 }, (_, i) => dayIn(ZONE, 1 + i))
      .filter((day) => [2, 5].includes(weekdayOf(day)))
      .slice(0, 3);

    await compose();
    await page.getByRole('checkbox', { name: /^Bakery Sandbox/ }).check();
    await textBox('Text').fill('The bread box is ready for pick-up');
    await page.getByRole('radio', { name: /^Repeat/ }).check();
    expect(await page.getByRole('combobox', { name: 'Repeats' }).inputValue()).toBe('weekly');
    await visible(page.getByText('A recurring post already comes back on its own schedule'));
    for (const [day, on] of [
      ['Monday', false],
      ['Tuesday', true],
      ['Wednesday', false],
      ['Thursday', false],
      ['Friday', true],
      ['Saturday', false],
      ['Sunday', false],
    ] as const) {
      await page.getByRole('checkbox', { name: day, exact: true }).setChecked(on);
    }
    await textBox('At').fill('08:15');
    await textBox('Starting on').fill(start);
    await page.getByRole('radio', { name: 'After a number of times' }).check();
    await page.getByRole('spinbutton', { name: 'Number of times' }).fill('6');

    await text(page.locator('.recurrence-summary')).toContain(
      'Every week on Tuesday and Friday at 08:15, from',
    );
    await text(page.locator('.recurrence-summary')).toContain('6 times in all');
    const next = page.getByRole('list', { name: `Next dates (${ZONE})` }).getByRole('listitem');
    await expect.poll(() => next.count()).toBe(3);
    for (const [i, day] of expected.entries()) {
      await text(next.nth(i)).toContain(fullDate(day));
      await text(next.nth(i)).toContain('8:15');
    }
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shoot(page, 'composer-recurring');

    await page.getByRole('button', { name: 'Schedule the repeats' }).click();
    await heading('Post');
    const postId = postIdInUrl();
    const posted = await getPost(postId);
    expect(posted.schedule).toMatchObject({
      kind: 'recurring',
      rrule: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=TU,FR;BYHOUR=8;BYMINUTE=15;COUNT=6',
      start: `${start}T08:15`,
      zone: ZONE,
    });
    // One delivery per channel per occurrence, made one occurrence ahead.
    expect(posted.deliveries.map((d) => [d.state, onClock(d.dueAt!, ZONE)])).toEqual([
      ['scheduled', `${expected[0]} 08:15`],
    ]);

    // Reopened, the builder shows the rule; an edit of the text keeps the post recurring.
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await heading('Edit post');
    expect(await page.getByRole('radio', { name: /^Repeat/ }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Tuesday', exact: true }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Monday', exact: true }).isChecked()).toBe(false);
    await fieldValue(page.getByRole('spinbutton', { name: 'Number of times' })).toBe('6');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await textBox('Text').fill('The bread box is ready: pick it up before noon');
    // The rule is unchanged, so the save says so: the edit alone keeps the occurrences.
    await page.getByRole('button', { name: 'Save changes' }).click();
    await heading('Post');
    const edited = await getPost(postId);
    expect(edited.text).toBe('The bread box is ready: pick it up before noon');
    expect(edited.schedule).toMatchObject({ kind: 'recurring', start: `${start}T08:15` });
    expect(
      edited.deliveries.filter((d) => d.state === 'scheduled').map((d) => onClock(d.dueAt!, ZONE)),
    ).toEqual([`${expected[0]} 08:15`]);
  });

  it('publishes a first comment for all channels and one channel’s own', { timeout: 90_000 }, async () => {
    await compose();
    await page.getByRole('checkbox', { name: /^Bakery Sandbox/ }).check();
    await page.getByRole('checkbox', { name: /^Bakery Outpost/ }).check();
    await textBox('Text').fill('Fresh focaccia at noon');
    await textBox('First comment').fill('Order ahead: bakery.example/order');
    await page.getByRole('tab', { name: 'Bakery Outpost' }).click();
    await fieldValue(textBox('First comment for Bakery Outpost (Sandbox)')).toBe(
      'Order ahead: bakery.example/order',
    );
    await textBox('First comment for Bakery Outpost (Sandbox)').fill('The Outpost opens at 11 today');
    await page.getByRole('radio', { name: /^Now/ }).check();
    await page.getByRole('button', { name: 'Publish now' }).click();
    await heading('Post');
    const postId = postIdInUrl();
    await expect
      .poll(async () => (await getPost(postId)).deliveries.map((d) => d.state), { timeout: 15_000 })
      .toEqual(['published', 'published']);
    const posted = await getPost(postId);
    expect(posted.firstComment).toBe('Order ahead: bakery.example/order');
    expect(posted.variants.find((v) => v.channelId === channelIds['Bakery Outpost'])?.firstComment).toBe(
      'The Outpost opens at 11 today',
    );

    // On the sandbox, each channel's post has its first comment as the reply under it.
    const items = await sandboxItems(araldo.dataDir);
    const main = items.filter((item) => item.kind === 'post' && item.text === 'Fresh focaccia at noon');
    expect(main).toHaveLength(2);
    const replies = items.filter((item) => item.kind === 'reply').map((item) => item.text);
    expect(replies).toEqual(
      expect.arrayContaining(['Order ahead: bakery.example/order', 'The Outpost opens at 11 today']),
    );

    // Published, it cannot be edited, and the post says why.
    await visible(page.getByText('Published posts cannot be edited: the networks already show them.'));
    expect(await page.getByRole('link', { name: 'Edit', exact: true }).count()).toBe(0);
    await page.goto(`/w/${workspaceId}/posts/${postId}/edit`);
    await visible(page.getByRole('heading', { level: 2, name: 'This post has been published' }));
  });

  it('names a network without first comments, and sends the post there without one', {
    timeout: 60_000,
  }, async () => {
    // As if the sandbox's descriptor said it had no first comments (Pinterest, TikTok, Snapchat).
    await page.route('**/api/v1/networks', async (route) => {
      const answer = await route.fetch();
      const body = (await answer.json()) as {
        items: { id: string; capabilities: Record<string, unknown> }[];
      };
      for (const item of body.items)
        if (item.id === 'sandbox') item.capabilities = { ...item.capabilities, firstComment: false };
      await route.fulfill({ response: answer, json: body });
    });
    try {
      await page.goto(`/w/${workspaceId}/compose`);
      await heading('New post');
      await page.getByRole('checkbox', { name: /^Bakery Sandbox/ }).check();
      await textBox('Text').fill('Closed on Monday');
      await textBox('First comment').fill('See you on Tuesday');
      await visible(
        page.getByText('Sandbox has no first comments: Bakery Sandbox is published without one.'),
      );
      await page.getByRole('tab', { name: 'Bakery Sandbox' }).click();
      await visible(
        page
          .getByRole('tabpanel')
          .getByText('Sandbox has no first comments: Bakery Sandbox is published without one.'),
      );
      expect(await textBox('First comment for Bakery Sandbox (Sandbox)').count()).toBe(0);
      await page.getByRole('radio', { name: /^Save as draft/ }).check();
      await page.getByRole('button', { name: 'Save as draft' }).click();
      await heading('Post');
      const saved = await getPost(postIdInUrl());
      expect(saved.firstComment).toBe('See you on Tuesday');
      expect(saved.variants).toMatchObject([{ channelId: channelIds['Bakery Sandbox'], firstComment: '' }]);
    } finally {
      await page.unroute('**/api/v1/networks');
    }
  });

  it('warns that a channel being published right now will not get the changes', {
    timeout: 60_000,
  }, async () => {
    const later = await api.post<Posted>(`/workspaces/${workspaceId}/posts`, {
      text: 'Cannoli on Sunday',
      channelIds: [channelIds['Bakery Sandbox']],
      schedule: { kind: 'at', at: `${dayIn(ZONE, 3)}T09:00`, timeZone: ZONE },
    });
    // A worker has just taken the delivery: set its state as the publisher does.
    const Database = (await load<{ default: Sqlite }>('better-sqlite3')).default;
    const db = new Database(path.join(araldo.dataDir, 'araldo.db'));
    try {
      db.prepare(`UPDATE deliveries SET state = 'publishing' WHERE post_id = ?`).run(later.id);
    } finally {
      db.close();
    }
    await page.goto(`/w/${workspaceId}/posts/${later.id}/edit`);
    await heading('Edit post');
    await visible(
      page.getByText('Being published on Bakery Sandbox right now: your changes will not reach it.'),
    );
    await textBox('Text').fill('Cannoli on Sunday, and sfogliatelle');
    await page.getByRole('button', { name: 'Save changes' }).click();
    // The server takes the edit (200): the delivery under way publishes what it already read.
    await heading('Post');
    const saved = await getPost(later.id);
    expect(saved.text).toBe('Cannoli on Sunday, and sfogliatelle');
    expect(saved.deliveries.map((d) => d.state)).toEqual(['publishing']);
  });
});
