/**
 * The Channels screen in a real browser against a real Araldo server: connecting the sandbox in
 * one click and a Mastodon account through its form (against the strict fake Mastodon on
 * loopback), a refused token, renaming, pausing, a channel whose token expired (the notice, the
 * bell, reconnecting), disconnecting, and what a viewer sees. Controls are found by role and name.
 *
 * Needs `npm run build` (the web app and the server bundle) and Debian's Chromium at
 * /usr/bin/chromium (`apt-get install -y chromium`).
 */
import { parseConfig } from '@araldo/core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Araldo,
  absent,
  description,
  fieldValue,
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
  WAIT,
} from './harness.ts';

const owner = people.ada;
const viewer = people.charles;

/**
 * The server-side packages, loaded by a specifier TypeScript does not follow: this tsconfig
 * compiles with the DOM library, under which @araldo/networks does not typecheck (a Buffer
 * passed as a BlobPart). The little the test uses is typed here.
 */
interface FakeMastodon {
  readonly url: string;
  start(): Promise<FakeMastodon>;
  stop(): Promise<void>;
  issueToken(username?: string): { token: string; accountId: string };
  expireToken(token: string): void;
  /** A fresh token for the same account (the person made a new one). */
  reissue(oldToken: string): string;
}
interface Testkit {
  FakeMastodon: new () => FakeMastodon;
}
interface Engine {
  openContext(config: unknown, options?: { migrate?: boolean }): Promise<{ close(): Promise<void> }>;
  checkChannels(
    ctx: unknown,
    options?: { now?: number },
  ): Promise<Record<'ok' | 'needs_reconnect' | 'unreachable', number>>;
}
const load = <T>(specifier: string) => import(/* @vite-ignore */ specifier) as Promise<T>;

describe('the Channels screen in a browser', () => {
  let araldo: Araldo;
  let baseUrl: string;
  let mastodon: FakeMastodon;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let workspaceId: string;
  let networks: string[] = [];
  /** The Mastodon token the channel was connected with. */
  let brandToken = '';

  /**
   * The server checks channels in its housekeeping loop (at start, then every 10 minutes, each
   * channel at most every 6 hours). The test runs one pass itself, against the same data folder,
   * as if those 6 hours had gone by.
   */
  const runHealthCheck = async () => {
    const { openContext, checkChannels } = await load<Engine>('@araldo/engine');
    const ctx = await openContext(
      parseConfig({ ARALDO_DATA_DIR: araldo.dataDir, ARALDO_ALLOW_PRIVATE_URLS: '1', LOG_LEVEL: 'silent' }),
      { migrate: false },
    );
    try {
      return await checkChannels(ctx, { now: Date.now() + 7 * 3_600_000 });
    } finally {
      await ctx.close();
    }
  };

  const channelsPage = async () => {
    await mainNav(page).getByRole('link', { name: 'Channels' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Channels' }));
  };
  const channel = (name: string) => page.getByRole('article', { name, exact: true });
  const status = (message: string) => statusIn(page, message);

  beforeAll(async () => {
    const { FakeMastodon } = await load<Testkit>('@araldo/testkit');
    mastodon = await new FakeMastodon().start();
    // The fake Mastodon listens on loopback, which the server refuses to reach by default.
    araldo = await startAraldo({ env: { ARALDO_ALLOW_PRIVATE_URLS: '1' } });
    baseUrl = araldo.baseUrl;
    browser = await launchBrowser();
    context = await openContext(browser, baseUrl, {
      timezoneId: 'Europe/Rome',
      viewport: { width: 1280, height: 860 },
    });

    const created = await setUpOwner(context, {
      ...owner,
      workspaceName: 'Lovelace Bakery',
      timeZone: 'Europe/Rome',
    });
    workspaceId = created.workspaceId;
    await created.api.post(`/workspaces/${workspaceId}/members`, {
      email: viewer.email,
      role: 'viewer',
      name: viewer.name,
      password: viewer.password,
    });
    const listed = await context.request.get('/api/v1/networks');
    networks = ((await listed.json()) as { items: { id: string }[] }).items.map(({ id }) => id);

    page = await context.newPage();
    await page.goto('/');
    await visible(page.getByRole('heading', { level: 1, name: 'Hello, Ada' }));
  });

  afterAll(async () => {
    await browser?.close();
    await araldo?.stop();
    await mastodon?.stop();
  });

  it('leads from the empty Home page to the Channels page', { timeout: 60_000 }, async () => {
    await visible(page.getByRole('heading', { name: 'Connect your first channel' }));
    await page.getByRole('main').getByRole('link', { name: 'Connect a channel' }).first().click();
    await visible(page.getByRole('heading', { level: 1, name: 'Channels' }));
    await visible(page.getByText('No channels yet. Connect the first one below.'));
    // Every network the server lists is offered, however it connects.
    const offer = page.getByRole('region', { name: 'Connect a channel' });
    await visible(offer.getByRole('button', { name: 'Connect Mastodon', exact: true }));
    expect(await offer.getByRole('listitem').count()).toBe(networks.length);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shoot(page, 'channels-empty');
  });

  it('connects the sandbox in one click', { timeout: 60_000 }, async (test) => {
    if (!networks.includes('sandbox')) test.skip('the server does not list the sandbox network yet');
    await channelsPage();
    const offer = page.getByRole('region', { name: 'Connect a channel' });
    await offer.getByRole('button', { name: 'Connect Sandbox', exact: true }).click();
    await status('is connected.');
    const connected = page.getByRole('region', { name: 'Connected channels' }).getByRole('article');
    await text(connected.first()).toContain('Sandbox');
    await text(connected.first()).toContain('Active');
  });

  it('connects Mastodon through its form, after refusing a wrong token', { timeout: 60_000 }, async () => {
    await channelsPage();
    const offer = page.getByRole('region', { name: 'Connect a channel' });
    await offer.getByRole('button', { name: 'Connect Mastodon', exact: true }).click();
    const form = page.getByRole('region', { name: 'Connect Mastodon' });
    await visible(form);
    const token = form.getByLabel('Access token');
    await description(token).toMatch('Preferences → Development → New application');
    await description(token).toMatch('write:statuses and write:media');

    // Nothing filled in: each problem next to its field, before anything is sent.
    await form.getByRole('button', { name: 'Connect', exact: true }).click();
    await description(form.getByRole('textbox', { name: 'Server address' })).toMatch(
      'This field is required.',
    );
    await description(token).toMatch('This field is required.');

    // The server asks Mastodon, which refuses the token: the form says so and saves nothing.
    await form.getByRole('textbox', { name: 'Server address' }).fill(mastodon.url);
    await token.fill('not-a-token-mastodon-knows');
    await form.getByRole('button', { name: 'Connect', exact: true }).click();
    await text(form.getByRole('alert')).toContain('Mastodon refused the connection');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shoot(page, 'channels-connect-error');

    const { token: good } = mastodon.issueToken('brand');
    await token.fill(good);
    await form.getByRole('button', { name: 'Connect', exact: true }).click();
    await status('brand is connected.');
    await absent(form);
    const brand = channel('brand');
    await text(brand).toContain('Mastodon');
    await text(brand).toContain('@brand@127.0.0.1');
    await text(brand).toContain('Active');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shoot(page, 'channels');
    brandToken = good;
  });

  it('renames a channel and sets its time zone', { timeout: 60_000 }, async () => {
    await page.getByRole('button', { name: 'Edit brand' }).click();
    const name = page.getByRole('textbox', { name: 'Channel name' });
    await fieldValue(name).toBe('brand');
    await name.fill('Bakery on Mastodon');
    await page.getByRole('combobox', { name: 'Time zone' }).selectOption('America/New_York');
    await description(page.getByRole('combobox', { name: 'Time zone' })).toMatch(
      'Posts scheduled for this channel follow this zone.',
    );
    await page.getByRole('button', { name: 'Save changes' }).click();
    await status('Bakery on Mastodon was saved.');
    await text(channel('Bakery on Mastodon')).toContain('Time zone: America/New York');

    await page.reload();
    await text(channel('Bakery on Mastodon')).toContain('Time zone: America/New York');
  });

  it('pauses and resumes a channel', { timeout: 60_000 }, async () => {
    const bakery = channel('Bakery on Mastodon');
    await bakery.getByRole('button', { name: 'Pause Bakery on Mastodon' }).click();
    await status('Bakery on Mastodon is paused.');
    await text(bakery).toContain('Paused');
    await bakery.getByRole('button', { name: 'Resume Bakery on Mastodon' }).click();
    await status('Bakery on Mastodon is active again.');
    await text(bakery).toContain('Active');
  });

  it('shows a needs_reconnect notice when the token stops working, and reconnects', {
    timeout: 60_000,
  }, async () => {
    mastodon.expireToken(brandToken);
    expect(await runHealthCheck()).toMatchObject({ needs_reconnect: 1 });
    await page.reload();

    const bakery = channel('Bakery on Mastodon');
    await text(bakery).toContain('Needs reconnecting');
    await text(bakery).toContain('Araldo can no longer publish here');
    const bell = page.getByRole('button', { name: 'Notices, 1 unread' });
    await visible(bell);
    await bell.click();
    const notices = page.getByRole('region', { name: 'Notices' });
    await text(notices).toContain('A channel needs reconnecting');
    await text(notices).toContain('Bakery on Mastodon (mastodon) needs to be reconnected');
    await visible(notices.getByRole('link', { name: 'Open Channels' }));
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shoot(page, 'notices');
    await notices.getByRole('button', { name: /^Mark as read: Bakery on Mastodon/ }).click();
    await visible(page.getByRole('button', { name: 'Notices', exact: true }));
    await text(notices).toContain('You are all caught up.');
    await page.keyboard.press('Escape');

    // Home points at the broken channel too.
    await mainNav(page).getByRole('link', { name: 'Home' }).click();
    const summary = page.getByRole('region', { name: 'Your channels' });
    await text(summary).toContain('Needs reconnecting: Bakery on Mastodon');
    await shoot(page, 'home-channels');

    await channelsPage();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shoot(page, 'channels-needs-reconnect');
    await bakery.getByRole('button', { name: 'Reconnect Bakery on Mastodon' }).click();
    const form = page.getByRole('region', { name: 'Reconnect Bakery on Mastodon' });
    await fieldValue(form.getByRole('textbox', { name: 'Server address' })).toBe(mastodon.url);
    await form.getByLabel('Access token').fill(mastodon.reissue(brandToken));
    await form.getByRole('button', { name: 'Reconnect', exact: true }).click();
    await status('Bakery on Mastodon is reconnected.');
    await text(bakery).toContain('Active');
    // The same account came back: still one channel, with its name and zone.
    expect(await page.getByRole('region', { name: 'Connected channels' }).getByRole('article').count()).toBe(
      networks.includes('sandbox') ? 2 : 1,
    );
  });

  it('shows the channels read-only to a viewer', { timeout: 60_000 }, async () => {
    const other = await openContext(browser, baseUrl);
    const viewerPage = await other.newPage();
    await viewerPage.goto('/sign-in');
    await signIn(viewerPage, viewer);
    await mainNav(viewerPage).getByRole('link', { name: 'Channels' }).click();
    await visible(viewerPage.getByRole('article', { name: 'Bakery on Mastodon' }));
    await visible(viewerPage.getByText('Only admins and owners can connect, change or disconnect channels.'));
    await absent(viewerPage.getByRole('region', { name: 'Connect a channel' }));
    await absent(viewerPage.getByRole('button', { name: 'Edit Bakery on Mastodon' }));
    await other.close();
  });

  it('disconnects a channel after asking', { timeout: 60_000 }, async () => {
    await page.getByRole('button', { name: 'Disconnect Bakery on Mastodon' }).click();
    const dialog = page.getByRole('dialog', { name: 'Disconnect Bakery on Mastodon?' });
    await text(dialog).toContain('Nothing is deleted on Mastodon.');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await visible(channel('Bakery on Mastodon'));

    await page.getByRole('button', { name: 'Disconnect Bakery on Mastodon' }).click();
    await dialog.getByRole('button', { name: 'Disconnect' }).click();
    await status('Bakery on Mastodon was disconnected.');
    await absent(channel('Bakery on Mastodon'));
  });

  it('shows an OAuth network the administrator has not set up, disabled with the reason', {
    timeout: 60_000,
  }, async () => {
    // The test server sets no ARALDO_X_CLIENT_ID, so X is listed but cannot be connected.
    await page.reload();
    const connectX = page.getByRole('button', { name: 'Connect with X' });
    await visible(connectX);
    expect(await connectX.isDisabled()).toBe(true);
    await description(connectX).toMatch(
      'the administrator must set ARALDO_X_CLIENT_ID and ARALDO_X_CLIENT_SECRET',
    );
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('shows how an OAuth connection ended, once', { timeout: 60_000 }, async () => {
    const listed = await context.request.get(`/api/v1/workspaces/${workspaceId}/channels`);
    const [first] = ((await listed.json()) as { items: { id: string; name: string }[] }).items;
    if (first) {
      await page.goto(`/w/${workspaceId}/channels?connected=${first.id}`);
      await visible(page.getByRole('status').filter({ hasText: `${first.name} is connected.` }));
      await page.getByRole('button', { name: 'Dismiss' }).click();
      await absent(page.getByRole('status').filter({ hasText: `${first.name} is connected.` }));
    }

    await page.goto(`/?connectError=${encodeURIComponent('The consent was refused')}`);
    await expect.poll(() => new URL(page.url()).pathname, WAIT).toBe(`/w/${workspaceId}/channels`);
    await text(page.getByRole('alert').first()).toContain(
      'The channel could not be connected: The consent was refused',
    );
    // Read once: the address no longer carries it.
    expect(new URL(page.url()).search).toBe('');
    await page.reload();
    await absent(page.getByText('The consent was refused'));
  });
});
