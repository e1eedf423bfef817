/**
 * A newcomer's first five minutes in a real browser against a real Araldo server: after the
 * first-run setup the home page leads the way (connect the sandbox in one click, write a post
 * in the composer it opens, watch it publish), ticking each step from the server's state and
 * the last one live, then congratulates and steps aside. Dismissed, it stays away.
 *
 * Needs `npm run build` (the web app and the server bundle) and Debian's Chromium at
 * /usr/bin/chromium (`apt-get install -y chromium`).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Araldo,
  absent,
  apiFor,
  attribute,
  launchBrowser,
  openContext,
  people,
  seriousA11yViolations,
  shoot,
  startAraldo,
  text,
  visible,
  WAIT,
} from './harness.ts';

const owner = people.ada;

describe("a newcomer's first five minutes", () => {
  let araldo: Araldo;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let home: string;

  const guide = (on: Page = page) => on.getByRole('region', { name: 'Your first five minutes' });
  const step = (name: string, state: 'done' | 'to do', on: Page = page) =>
    on.getByRole('heading', { level: 3, name: `${name} (${state})` });

  beforeAll(async () => {
    araldo = await startAraldo();
    browser = await launchBrowser();
    context = await openContext(browser, araldo.baseUrl, {
      timezoneId: 'Europe/Rome',
      viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await araldo?.stop();
  });

  it('after the first-run setup, the home page shows three steps to a first post', {
    timeout: 60_000,
  }, async () => {
    await page.goto('/');
    await page.getByRole('textbox', { name: 'Your name' }).fill(owner.name);
    await page.getByRole('textbox', { name: 'Email' }).fill(owner.email);
    await page.getByLabel('Password', { exact: true }).fill(owner.password);
    await page.getByRole('textbox', { name: 'Workspace name' }).fill('Lovelace Bakery');
    await page.getByRole('button', { name: 'Create account and workspace' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Hello, Ada' }));
    home = new URL(page.url()).pathname;

    await visible(guide());
    await text(guide()).toContain('0 of 3 done');
    await visible(step('Connect your first channel', 'to do'));
    await visible(step('Write and schedule your first post', 'to do'));
    await visible(step('Watch it publish', 'to do'));
    await attribute(guide().getByRole('listitem').first(), 'aria-current').toBe('step');
    await visible(guide().getByRole('button', { name: 'Connect the sandbox' }));
    await visible(guide().getByRole('link', { name: 'Connect a channel on another network' }));
    await visible(guide().getByRole('button', { name: 'I’ll explore on my own' }));
    // The guide is the way to a first channel: the empty-state card does not repeat it.
    expect(await page.getByRole('heading', { name: 'Getting started' }).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shoot(page, 'onboarding');
  });

  it('connects the sandbox in one click, and the next step takes the focus', {
    timeout: 60_000,
  }, async () => {
    await guide().getByRole('button', { name: 'Connect the sandbox' }).click();
    await visible(step('Connect your first channel', 'done'));
    await text(guide()).toContain('Connected: Lovelace Bakery.');
    await text(guide().getByRole('status')).toBe('Done: Connect your first channel');
    await text(guide()).toContain('1 of 3 done');
    const write = guide().getByRole('link', { name: 'Write your first post' });
    await expect.poll(() => write.evaluate((link) => link === document.activeElement), WAIT).toBe(true);
    // The home page lists the new channel below the guide.
    await text(page.getByRole('region', { name: 'Your channels' })).toContain('Lovelace Bakery');
  });

  it('opens the composer with the sandbox chosen, publishes now, and the step ticks live elsewhere', {
    timeout: 90_000,
  }, async () => {
    // A second tab stays on the home page: it must learn of the publication without a reload.
    const watcher = await context.newPage();
    await watcher.goto(home);
    await visible(step('Write and schedule your first post', 'to do', watcher));
    await watcher.evaluate(() => {
      (window as unknown as { stillHere: boolean }).stillHere = true;
    });

    await guide().getByRole('link', { name: 'Write your first post' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'New post' }));
    expect(new URL(page.url()).searchParams.get('channel')).toMatch(/.+/);
    await expect
      .poll(() => page.getByRole('checkbox', { name: /^Lovelace Bakery/ }).isChecked(), WAIT)
      .toBe(true);
    await page
      .getByRole('textbox', { name: 'Text', exact: true })
      .fill('Our first focaccia of the day, warm at 7.');
    await page.getByRole('button', { name: 'Publish now' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Post' }));
    // The sandbox answers at once, but the worker may be slow on a busy machine.
    const published = { timeout: 30_000 };
    await page
      .getByRole('region', { name: 'Channels' })
      .getByText('Published', { exact: true })
      .waitFor({ state: 'visible', ...published });

    const watched = watcher.getByRole('region', { name: 'Your first post is out' });
    await watched.waitFor({ state: 'visible', ...published });
    await visible(step('Write and schedule your first post', 'done', watcher));
    await visible(step('Watch it publish', 'done', watcher));
    await text(watched).toContain('3 of 3 done');
    await text(watched).toContain('Published on Lovelace Bakery.');
    await visible(watched.getByRole('link', { name: 'See your published post' }));
    expect(await watcher.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);

    // The sandbox's simulated audience, read now rather than at the next background sync.
    await text(watched).toContain('Araldo reads the audience’s reactions every few minutes');
    await watched.getByRole('button', { name: 'See how the audience reacts' }).click();
    await text(watched).toContain('How the audience of Lovelace Bakery has reacted so far:');
    await text(watched).toMatch(/Views\d+Likes\d+Replies\d+Reposts\d+/);
    await visible(watched.getByRole('button', { name: 'Read the reactions again' }));
    expect(await seriousA11yViolations(watcher)).toEqual([]);
    await shoot(watcher, 'onboarding-done');
    await watcher.close();
  });

  it('congratulates once, links to the published post, and steps aside when closed', {
    timeout: 60_000,
  }, async () => {
    await page.goto(home);
    const done = page.getByRole('region', { name: 'Your first post is out' });
    await done.getByRole('link', { name: 'See your published post' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Post' }));
    await text(page.getByRole('region', { name: 'Channels' })).toContain('sandbox://');

    await page.goBack();
    await done.getByRole('button', { name: 'Close' }).click();
    await absent(done);
    await page.reload();
    await visible(page.getByRole('heading', { level: 1, name: 'Hello, Ada' }));
    await visible(page.getByRole('region', { name: 'Your channels' }));
    await absent(page.getByRole('region', { name: /Your first (five minutes|post is out)/ }));
  });

  it('in Italian, and dismissed for good in another new workspace', { timeout: 60_000 }, async () => {
    const me = await context.request.get('/api/v1/me');
    const { csrfToken } = (await me.json()) as { csrfToken: string };
    const api = apiFor(context.request, csrfToken);
    const workspace = await api.post<{ id: string }>('/workspaces', {
      name: 'Hopper Consulting',
      timeZone: 'Europe/Rome',
    });
    const patched = await context.request.patch('/api/v1/me', {
      headers: { 'x-csrf-token': csrfToken },
      data: { locale: 'it' },
    });
    expect(patched.status()).toBe(200);

    await page.goto(`/w/${workspace.id}`);
    const italian = page.getByRole('region', { name: 'I tuoi primi cinque minuti' });
    await visible(italian);
    await visible(italian.getByRole('button', { name: 'Collega il sandbox' }));
    await visible(italian.getByRole('heading', { level: 3, name: 'Collega il tuo primo canale (da fare)' }));
    await italian.getByRole('button', { name: 'Esploro da solo' }).click();
    await absent(italian);
    // Without the guide, the empty workspace still points at Channels.
    await visible(page.getByRole('heading', { name: 'Collega il tuo primo canale' }));
    await page.reload();
    await visible(page.getByRole('heading', { level: 1, name: 'Ciao, Ada' }));
    await absent(page.getByRole('region', { name: 'I tuoi primi cinque minuti' }));
  });
});
