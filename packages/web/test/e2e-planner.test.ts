/**
 * The planner in a real browser against a real Araldo server: a post moved to another day
 * with the keyboard alone (the Reschedule dialog, then Alt+→), and a channel's queue: its
 * posts in slot order on the channel's own clock, its empty slots, reordered, shuffled,
 * paused and resumed, and a post queued elsewhere appearing live. The browser's clock, the
 * workspace's and the channel's are three different zones on purpose.
 *
 * Needs `npm run build` (the web app and the server bundle) and Debian's Chromium at
 * /usr/bin/chromium (`apt-get install -y chromium`).
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Araldo,
  type apiFor,
  dayIn,
  launchBrowser,
  openContext,
  people,
  seriousA11yViolations,
  setUpOwner,
  shoot,
  startAraldo,
  status,
  text,
  visible,
  WAIT,
} from './harness.ts';

const WORKSPACE_ZONE = 'Europe/Rome';
const CHANNEL_ZONE = 'America/Los_Angeles';
const owner = people.ada;

interface Posted {
  id: string;
  deliveries: { dueAt: string | null }[];
}
interface Queue {
  paused: boolean;
  items: { deliveryId: string; text: string; dueAt: string }[];
}

const fullDate = (day: string) =>
  new Intl.DateTimeFormat('en-US', { dateStyle: 'full', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  );
const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** What a clock in `zone` shows at an instant, like 09:30. */
const clockIn = (zone: string, instant: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(
    new Date(instant),
  );

describe('the planner in a browser', () => {
  let araldo: Araldo;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let workspaceId: string;
  let api: ReturnType<typeof apiFor>;
  let csrf: string;
  let sandbox: string;
  let queueChannel: string;

  const patch = async (url: string, data: unknown) => {
    const answer = await context.request.patch(`/api/v1${url}`, { headers: { 'x-csrf-token': csrf }, data });
    expect(answer.status(), await answer.text()).toBe(200);
  };
  const queueOf = (channelId: string) =>
    api.get<Queue>(`/workspaces/${workspaceId}/channels/${channelId}/queue`);

  /** Presses Tab until `target` has the focus: how a keyboard user gets there. */
  const tabTo = async (target: Locator) => {
    for (let presses = 0; presses < 300; presses++) {
      if (await target.evaluate((element) => element === document.activeElement)) return;
      await page.keyboard.press('Tab');
    }
    throw new Error('Tab never reached the target');
  };
  const focusedName = () =>
    page.evaluate(
      () => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent,
    );

  beforeAll(async () => {
    araldo = await startAraldo();
    browser = await launchBrowser();
    context = await openContext(browser, araldo.baseUrl, {
      timezoneId: 'America/New_York',
      viewport: { width: 1360, height: 900 },
    });
    const created = await setUpOwner(context, {
      ...owner,
      workspaceName: 'Lovelace Bakery',
      timeZone: WORKSPACE_ZONE,
    });
    workspaceId = created.workspaceId;
    api = created.api;
    csrf = (await api.get<{ csrfToken: string }>('/me')).csrfToken;
    const channels = `/workspaces/${workspaceId}/channels`;
    sandbox = (await api.post<{ id: string }>(channels, { network: 'sandbox', name: 'Bakery Sandbox' })).id;
    queueChannel = (
      await api.post<{ id: string }>(channels, {
        network: 'sandbox',
        name: 'Bakery Queue',
        timeZone: CHANNEL_ZONE,
      })
    ).id;
    await patch(`${channels}/${queueChannel}`, {
      slots: [
        { weekday: 1, time: '09:30' },
        { weekday: 3, time: '12:00' },
        { weekday: 5, time: '17:15' },
      ],
    });
    for (const postText of ['First in line', 'Second in line', 'Third in line']) {
      await api.post(`/workspaces/${workspaceId}/posts`, {
        text: postText,
        channelIds: [queueChannel],
        schedule: { kind: 'queue' },
      });
    }
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await araldo?.stop();
  });

  it('moves a post to another day with the keyboard alone', { timeout: 60_000 }, async () => {
    // The 10th of next month: far from today and from the grid's edges, whatever today is.
    const from = `${dayIn(WORKSPACE_ZONE, 40).slice(0, 7)}-10`;
    const post = await api.post<Posted>(`/workspaces/${workspaceId}/posts`, {
      text: 'Sourdough workshop on Saturday',
      channelIds: [sandbox],
      schedule: { kind: 'at', at: `${from}T10:30`, timeZone: WORKSPACE_ZONE },
    });
    await page.goto(`/w/${workspaceId}/planner?view=month&date=${from}`);
    const day = (key: string) => page.getByRole('list', { name: fullDate(key) });
    await visible(day(from).getByRole('link', { name: /10:30.*Sourdough workshop/ }));

    const move = day(from).getByRole('button', {
      name: 'Reschedule “Sourdough workshop on Saturday” (Bakery Sandbox, 10:30)',
    });
    await tabTo(move);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Reschedule “Sourdough workshop on Saturday”' });
    await visible(dialog);
    const date = dialog.getByLabel('New date');
    expect(await date.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await dialog.getByLabel('Time (Europe/Rome)').inputValue()).toBe('10:30');
    // Chromium's date field takes the digits of its en-US form, mm/dd/yyyy, segment by segment.
    const next = addDays(from, 1);
    const [year, month, dayOfMonth] = next.split('-');
    await page.keyboard.type(`${month}${dayOfMonth}${year}`);
    await page.keyboard.press('Enter');

    await status(page, `Moved to ${fullDate(next)}.`);
    await visible(day(next).getByRole('link', { name: /10:30.*Sourdough workshop/ }));
    expect(await dialog.isVisible()).toBe(false);
    // Focus follows the post to its new day, so it can be moved again at once.
    await expect
      .poll(focusedName, WAIT)
      .toBe('Reschedule “Sourdough workshop on Saturday” (Bakery Sandbox, 10:30)');
    const moved = await api.get<Posted>(`/workspaces/${workspaceId}/posts/${post.id}`);
    expect(moved.deliveries[0]!.dueAt).toBe(new Date(`${next}T10:30:00${offsetOf(next)}`).toISOString());

    // Alt+→ moves it one more day, with the same call, announced in the live region.
    const later = addDays(next, 1);
    await page.keyboard.press('Alt+ArrowRight');
    await status(page, `Moved to ${fullDate(later)}.`);
    await visible(day(later).getByRole('link', { name: /10:30.*Sourdough workshop/ }));
    await expect.poll(focusedName, WAIT).toMatch(/10:30.*Sourdough workshop/);
    expect(page.url()).toContain('/planner');
    const again = await api.get<Posted>(`/workspaces/${workspaceId}/posts/${post.id}`);
    expect(again.deliveries[0]!.dueAt).toBe(new Date(`${later}T10:30:00${offsetOf(later)}`).toISOString());
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("shows a channel's queue in slot order on its own clock, with its empty slots", {
    timeout: 60_000,
  }, async () => {
    await page.goto(`/w/${workspaceId}/planner`);
    await page.getByRole('button', { name: 'Queue', exact: true }).click();
    await page.getByRole('combobox', { name: 'Channel' }).selectOption({ label: 'Bakery Queue' });
    await visible(page.getByRole('heading', { level: 2, name: 'Queue of Bakery Queue' }));
    await visible(page.getByText('Slot times on the channel’s clock (America/Los Angeles).'));
    const list = page.getByRole('list', { name: 'Slots of Bakery Queue, in order' });
    await text(list).toContain('First in line');

    const queued = await queueOf(queueChannel);
    const rows = list.getByRole('listitem');
    const posts = rows.filter({ has: page.getByRole('link') });
    await expect.poll(() => posts.allTextContents(), WAIT).toHaveLength(3);
    const lines = await posts.allTextContents();
    queued.items.forEach((item, index) => {
      expect(lines[index]).toContain(item.text);
      // Los Angeles time, not the workspace's (Rome) nor the browser's (New York).
      expect(lines[index]).toContain(clockIn(CHANNEL_ZONE, item.dueAt));
    });
    expect(queued.items.map((item) => item.text)).toEqual([
      'First in line',
      'Second in line',
      'Third in line',
    ]);
    const empty = rows.filter({ hasText: 'Empty slot' });
    expect(await empty.count()).toBe(6);
    for (const line of await empty.allTextContents()) expect(line).toMatch(/09:30|12:00|17:15/);
    expect(page.url()).toContain(`view=queue&channel=${queueChannel}`);
  });

  it('reorders, shuffles, pauses and resumes the queue, and shows a post queued elsewhere live', {
    timeout: 60_000,
  }, async () => {
    const list = page.getByRole('list', { name: 'Slots of Bakery Queue, in order' });
    const order = async () =>
      (await list.getByRole('link').allTextContents()).filter((line) => line.includes('in line'));
    const before = await queueOf(queueChannel);
    const slots = before.items.map((item) => item.dueAt);

    await page.getByRole('button', { name: 'Move “Third in line” earlier' }).click();
    await status(page, '“Third in line” now goes out on');
    await expect.poll(order, WAIT).toEqual(['First in line', 'Third in line', 'Second in line']);
    const reordered = await queueOf(queueChannel);
    expect(reordered.items.map((item) => [item.text, item.dueAt])).toEqual([
      ['First in line', slots[0]],
      ['Third in line', slots[1]],
      ['Second in line', slots[2]],
    ]);
    // The focus stays with the post that moved.
    await expect.poll(focusedName, WAIT).toBe('Move “Third in line” earlier');
    await page.keyboard.press('Enter');
    await expect.poll(order, WAIT).toEqual(['Third in line', 'First in line', 'Second in line']);
    await expect.poll(focusedName, WAIT).toBe('Move “Third in line” later');

    await page.getByRole('button', { name: 'Shuffle' }).click();
    await status(page, 'The queue was shuffled: same slots, new order.');
    const shuffled = await queueOf(queueChannel);
    expect(shuffled.items.map((item) => item.dueAt)).toEqual(slots);
    await expect.poll(order, WAIT).toEqual(shuffled.items.map((item) => item.text));

    // Queued through the API, as a script or a colleague would: it appears without a reload.
    await page.evaluate(() => {
      (window as unknown as { stillHere: boolean }).stillHere = true;
    });
    await api.post(`/workspaces/${workspaceId}/posts`, {
      text: 'Fourth in line',
      channelIds: [queueChannel],
      schedule: { kind: 'queue' },
    });
    await text(list).toContain('Fourth in line');
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);

    expect(await seriousA11yViolations(page)).toEqual([]);
    await shoot(page, 'planner-queue');

    await page.getByRole('button', { name: 'Pause queue' }).click();
    await status(page, 'The queue is paused.');
    await visible(page.getByText('This queue is paused: its posts stay in order'));
    expect((await queueOf(queueChannel)).paused).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Resume queue' }).click();
    await status(page, 'The queue is running again: its posts take the next free slots.');
    await visible(page.getByRole('button', { name: 'Pause queue' }));
    expect((await queueOf(queueChannel)).paused).toBe(false);
  });
});

/** Rome's UTC offset on a day, like +02:00, from Intl rather than the test machine's zone. */
const offsetOf = (day: string) => {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: WORKSPACE_ZONE, timeZoneName: 'longOffset' })
    .formatToParts(new Date(`${day}T10:30:00Z`))
    .find((part) => part.type === 'timeZoneName')?.value;
  return name === 'GMT' ? '+00:00' : (name ?? 'GMT+00:00').replace('GMT', '');
};
