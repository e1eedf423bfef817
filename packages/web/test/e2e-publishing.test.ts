/**
 * Publishing in a real browser against a real Araldo server: two sandbox channels, a post
 * composed for both with its own text on one (a counter past the limit, the server's refusal
 * on the right tab), published now and seen in the planner and turning published live
 * (server-sent events, no reload), a post dragged to another day, a contributor's post
 * approved by the owner, and the planner in Italian. Also measures the first page's
 * JavaScript and the time the planner takes to show a month of 2,000 posts.
 *
 * Needs `npm run build` (the web app and the server bundle) and Debian's Chromium at
 * /usr/bin/chromium (`apt-get install -y chromium`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Araldo,
  absent,
  type apiFor,
  dayIn,
  launchBrowser,
  mainNav,
  openContext,
  people,
  seriousA11yViolations,
  setUpOwner,
  shoot,
  signIn,
  startAraldo,
  status as statusIn,
  text,
  visible,
  webDist,
} from './harness.ts';

const ZONE = 'Europe/Rome';
const BENCH_POSTS = 2_000;

const owner = people.ada;
const contributor = people.grace;

const fullDate = (day: string, locale = 'en-US') =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  );

/** The gzipped size of the JavaScript index.html loads before anything else. */
const firstPageJsGzip = () => {
  const html = readFileSync(path.join(webDist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((match) => match[1]!);
  return files.reduce((sum, file) => sum + gzipSync(readFileSync(path.join(webDist, file))).length, 0);
};

interface Posted {
  id: string;
  status: string;
  deliveries: { channelId: string; state: string; dueAt: string | null }[];
}

describe('publishing in a browser', () => {
  let araldo: Araldo;
  let baseUrl: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let workspaceId: string;
  let benchWorkspaceId: string;
  let api: ReturnType<typeof apiFor>;
  const benchMonth = dayIn(ZONE, 40).slice(0, 7);

  const nav = () => mainNav(page);
  const status = (message: string) => statusIn(page, message);

  /** A second workspace holding 2,000 posts, all scheduled in one month, for the planner's timing. */
  const fillBenchWorkspace = async () => {
    const workspace = await api.post<{ id: string }>('/workspaces', { name: 'Benchmark', timeZone: ZONE });
    benchWorkspaceId = workspace.id;
    const channel = await api.post<{ id: string }>(`/workspaces/${workspace.id}/channels`, {
      network: 'sandbox',
    });
    let next = 0;
    const worker = async () => {
      while (next < BENCH_POSTS) {
        const i = next++;
        const day = String((i % 28) + 1).padStart(2, '0');
        const time = `${String(8 + (i % 12)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
        await api.post(`/workspaces/${workspace.id}/posts`, {
          text: `Benchmark post ${i + 1}`,
          channelIds: [channel.id],
          schedule: { kind: 'at', at: `${benchMonth}-${day}T${time}`, timeZone: ZONE },
        });
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
  };

  beforeAll(async () => {
    araldo = await startAraldo();
    baseUrl = araldo.baseUrl;
    browser = await launchBrowser();
    // The browser's clock is in New York, the workspace's in Rome: the planner must follow Rome.
    context = await openContext(browser, baseUrl, {
      timezoneId: 'America/New_York',
      viewport: { width: 1360, height: 900 },
    });
    const created = await setUpOwner(context, { ...owner, workspaceName: 'Lovelace Bakery', timeZone: ZONE });
    workspaceId = created.workspaceId;
    api = created.api;
    await api.post(`/workspaces/${workspaceId}/members`, {
      email: contributor.email,
      role: 'contributor',
      name: contributor.name,
      password: contributor.password,
    });
    await fillBenchWorkspace();

    page = await context.newPage();
    await page.goto(`/w/${workspaceId}`);
    await visible(page.getByRole('heading', { level: 1, name: 'Hello, Ada' }));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await araldo?.stop();
  });

  it('connects two sandbox channels and names them', { timeout: 60_000 }, async () => {
    await nav().getByRole('link', { name: 'Channels' }).click();
    const offer = page.getByRole('region', { name: 'Connect a channel' });
    for (const name of ['Bakery Sandbox', 'Bakery News']) {
      await offer.getByRole('button', { name: 'Connect Sandbox', exact: true }).click();
      await status('Lovelace Bakery is connected.');
      await page.getByRole('button', { name: 'Edit Lovelace Bakery' }).click();
      await page.getByRole('textbox', { name: 'Channel name' }).fill(name);
      await page.getByRole('button', { name: 'Save changes' }).click();
      await status(`${name} was saved.`);
    }

    // Weekly posting slots, which "Add to queue" fills.
    await page.getByRole('button', { name: 'Edit Bakery Sandbox' }).click();
    await page.getByRole('button', { name: 'Add a slot' }).click();
    await page.getByRole('combobox', { name: 'Day of slot 1' }).selectOption({ label: 'Friday' });
    await page.getByRole('textbox', { name: 'Time of slot 1' }).fill('09:30');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await status('Bakery Sandbox was saved.');
    const listed = await api.get<{
      items: { name: string; settings: { slots?: unknown } }[];
    }>(`/workspaces/${workspaceId}/channels`);
    expect(listed.items.find((channel) => channel.name === 'Bakery Sandbox')?.settings.slots).toEqual([
      { weekday: 5, time: '09:30' },
    ]);
  });

  it('composes for both channels with its own text on one, refuses past the limit, and publishes now', {
    timeout: 60_000,
  }, async () => {
    await nav().getByRole('link', { name: 'New post' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'New post' }));
    await page.getByRole('checkbox', { name: /^Bakery Sandbox/ }).check();
    await page.getByRole('checkbox', { name: /^Bakery News/ }).check();
    await page.getByRole('textbox', { name: 'Text', exact: true }).fill('Fresh focaccia from 7 tomorrow 🥖');
    const counters = page.getByRole('list', { name: 'Character counts' });
    await text(counters).toContain('Bakery Sandbox (Sandbox)32 / 500');

    // Bakery News gets its own text, first far too long: its counter turns red.
    await page.getByRole('tab', { name: /^Bakery News/ }).click();
    const own = page.getByRole('textbox', { name: 'Text for Bakery News (Sandbox)' });
    await own.fill(`Today only: ${'focaccia '.repeat(56)}`);
    const over = counters.getByRole('listitem').filter({ hasText: 'over the limit' });
    await text(over).toContain('16 characters over the limit');
    expect(await over.evaluate((element) => getComputedStyle(element).color)).toBe('rgb(180, 35, 24)');
    await text(page.getByRole('article', { name: 'Preview for Bakery News' })).toContain(
      'Sandbox would cut the text here.',
    );
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shoot(page, 'composer');

    // Sent anyway, the server refuses it and the problem lands on that channel's tab.
    await page.getByRole('button', { name: 'Publish now' }).click();
    await text(page.getByRole('alert').first()).toContain('Some fields need your attention.');
    await visible(page.getByRole('tab', { name: /^Bakery News.*1 problem/ }));
    await text(page.getByRole('tabpanel')).toContain('Sandbox (Bakery News)');

    await own.fill('Bakery News: focaccia is back tomorrow at 7.');
    await page.getByRole('button', { name: 'Publish now' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Post' }));
    const deliveries = page.getByRole('region', { name: 'Channels' });
    await expect
      .poll(() => deliveries.getByText('Published', { exact: true }).count(), { timeout: 15_000 })
      .toBe(2);
    await text(deliveries).toContain('sandbox://');

    // What the audience made of it: not read yet, then read on request, per channel and in total.
    const reactions = page.getByRole('region', { name: 'Reactions' });
    await expect.poll(() => reactions.getByText('Not read yet').count(), { timeout: 15_000 }).toBe(2);
    await reactions.getByRole('button', { name: 'Read the numbers now' }).click();
    await text(reactions.getByRole('status')).toContain('Read just now from 2 channels.');
    expect(await reactions.getByText('Not read yet').count()).toBe(0);
    const rows = reactions.getByRole('row');
    await text(rows.filter({ hasText: 'Bakery News' })).toMatch(/Bakery News(\d+|—){5}/);
    await visible(reactions.getByRole('rowheader', { name: 'All channels' }));
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shoot(page, 'post-detail');
  });

  it('shows the post in the planner, and posts turning published live, without a reload', {
    timeout: 60_000,
  }, async () => {
    await nav().getByRole('link', { name: 'Planner' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Planner' }));
    const today = page.getByRole('list', { name: fullDate(dayIn(ZONE)) });
    await visible(today.getByRole('link', { name: /Bakery News.*focaccia is back.*Published/ }));
    await visible(today.getByRole('link', { name: /Bakery Sandbox.*Fresh focaccia.*Published/ }));

    // Made elsewhere (here, through the API): the planner learns of it from the events stream.
    await page.evaluate(() => {
      (window as unknown as { stillHere: boolean }).stillHere = true;
    });
    const channels = await api.get<{ items: { id: string; name: string }[] }>(
      `/workspaces/${workspaceId}/channels`,
    );
    const sandbox = channels.items.find((channel) => channel.name === 'Bakery Sandbox')!;
    await api.post(`/workspaces/${workspaceId}/posts`, {
      text: 'Made by a script, published at once',
      channelIds: [sandbox.id],
      schedule: { kind: 'now' },
    });
    await visible(today.getByRole('link', { name: /Made by a script.*Published/ }));

    // A draft open on screen turns published when it is scheduled elsewhere.
    const draft = await api.post<Posted>(`/workspaces/${workspaceId}/posts`, {
      text: 'A draft someone else schedules',
      channelIds: [sandbox.id],
    });
    await today.getByRole('link', { name: /Made by a script/ }).click();
    await page.evaluate((url) => {
      window.history.pushState(null, '', url);
      window.dispatchEvent(new Event('araldo:navigate'));
    }, `/w/${workspaceId}/posts/${draft.id}`);
    await visible(page.getByText('Not scheduled: this post is a draft.'));
    await api.post(
      `/workspaces/${workspaceId}/posts/${draft.id}/schedule`,
      { schedule: { kind: 'now' } },
      200,
    );
    await visible(page.getByRole('region', { name: 'Channels' }).getByText('Published', { exact: true }));
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
  });

  it('schedules a post for tomorrow and drags it to the next day', { timeout: 60_000 }, async () => {
    const tomorrow = dayIn(ZONE, 1);
    const later = dayIn(ZONE, 2);
    await nav().getByRole('link', { name: 'New post' }).click();
    await page.getByRole('checkbox', { name: /^Bakery Sandbox/ }).check();
    await page.getByRole('textbox', { name: 'Text', exact: true }).fill('Sourdough workshop on Saturday');
    await page.getByRole('radio', { name: /^At a date and time/ }).check();
    await page.getByRole('textbox', { name: 'Date and time' }).fill(`${tomorrow}T10:30`);
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Post' }));
    await visible(page.getByText('Scheduled', { exact: true }));
    const postId = new URL(page.url()).pathname.split('/').at(-1)!;

    await page.goto(`/w/${workspaceId}/planner?view=month&date=${tomorrow}`);
    const from = page.getByRole('list', { name: fullDate(tomorrow) });
    const chip = from.getByRole('listitem').filter({ hasText: 'Sourdough workshop' });
    await visible(chip);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await chip.dragTo(page.getByRole('list', { name: fullDate(later) }).locator('xpath=..'));
    await status(`Moved to ${fullDate(later)}.`);
    await visible(
      page.getByRole('list', { name: fullDate(later) }).getByRole('link', { name: /10:30.*Sourdough/ }),
    );
    const moved = await api.get<Posted>(`/workspaces/${workspaceId}/posts/${postId}`);
    expect(new Date(moved.deliveries[0]!.dueAt!).toISOString()).toBe(
      new Date(`${later}T10:30:00${offsetOf(later)}`).toISOString(),
    );
    await page.goto(`/w/${workspaceId}/planner`);
    await visible(page.getByRole('list', { name: fullDate(dayIn(ZONE)) }));
    await shoot(page, 'planner');
  });

  it("approves a contributor's post from the approvals list", { timeout: 60_000 }, async () => {
    const other = await openContext(browser, baseUrl);
    const grace = await other.newPage();
    await grace.goto('/sign-in');
    await signIn(grace, contributor);
    await mainNav(grace).getByRole('link', { name: 'New post' }).click();
    await grace.getByRole('checkbox', { name: /^Bakery News/ }).check();
    await grace.getByRole('textbox', { name: 'Text', exact: true }).fill('Grace suggests: cannoli Fridays');
    await visible(grace.getByText('An editor reviews your post before it is published'));
    await grace.getByRole('button', { name: 'Submit for approval' }).click();
    await visible(grace.getByText('Awaiting approval', { exact: true }));
    await other.close();

    await nav().getByRole('link', { name: 'Approvals' }).click();
    const item = page.getByRole('article', { name: 'Grace suggests: cannoli Fridays' });
    await text(item).toContain('by Grace Hopper');
    await item.getByRole('textbox', { name: 'Comment (optional)' }).fill('Lovely idea, go ahead.');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shoot(page, 'approvals');
    await item.getByRole('button', { name: 'Approve “Grace suggests: cannoli Fridays”' }).click();
    await status('“Grace suggests: cannoli Fridays” was approved and scheduled.');
    await visible(page.getByText('Nothing is waiting for approval.'));
  });

  it('measures the first page and a month of 2,000 posts in the planner', { timeout: 120_000 }, async () => {
    const kilobytes = firstPageJsGzip() / 1024;
    console.log(`first page JavaScript: ${kilobytes.toFixed(1)} kB gzipped`);
    expect(kilobytes).toBeLessThan(300);

    await page.goto(`/w/${benchWorkspaceId}`);
    await visible(page.getByRole('heading', { level: 1, name: 'Hello, Ada' }));
    const shown = `${BENCH_POSTS} posts in this period`;
    const elapsed = await page.evaluate(
      ({ url, shown }) =>
        new Promise<number>((resolve) => {
          const start = performance.now();
          window.history.pushState(null, '', url);
          window.dispatchEvent(new Event('araldo:navigate'));
          const check = () => {
            const grid = document.querySelector('table');
            if (grid && document.body.textContent?.includes(shown)) resolve(performance.now() - start);
            else requestAnimationFrame(check);
          };
          check();
        }),
      { url: `/w/${benchWorkspaceId}/planner?view=month&date=${benchMonth}-01`, shown },
    );
    console.log(`planner month with ${BENCH_POSTS} posts: ${Math.round(elapsed)} ms from navigation to grid`);
    await visible(
      page
        .getByRole('list', { name: fullDate(`${benchMonth}-15`) })
        .getByRole('listitem')
        .first(),
    );
    expect(elapsed).toBeLessThan(5_000);
  });

  it('shows the planner and the composer in Italian', { timeout: 60_000 }, async () => {
    await page.goto(`/w/${workspaceId}/planner`);
    await page.getByRole('button', { name: `${owner.name} (account menu)` }).click();
    await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Italiano' });
    await visible(page.getByRole('heading', { level: 1, name: 'Calendario' }));
    await page.keyboard.press('Escape');
    await visible(page.getByRole('button', { name: 'Mese successivo' }));
    await visible(page.getByRole('list', { name: fullDate(dayIn(ZONE), 'it') }));
    const italianNav = page.getByRole('navigation', { name: 'Principale' });
    await italianNav.getByRole('link', { name: 'Nuovo post' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Nuovo post' }));
    await visible(page.getByRole('button', { name: 'Pubblica ora' }));
    await absent(page.getByRole('button', { name: 'Publish now' }));
  });
});

/** Rome's UTC offset on a day, like +02:00, from Intl rather than the test machine's zone. */
const offsetOf = (day: string) => {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, timeZoneName: 'longOffset' })
    .formatToParts(new Date(`${day}T10:30:00Z`))
    .find((part) => part.type === 'timeZoneName')?.value;
  return name === 'GMT' ? '+00:00' : (name ?? 'GMT+00:00').replace('GMT', '');
};
