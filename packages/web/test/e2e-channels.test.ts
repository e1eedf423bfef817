/**
 * The Channels screen in a real browser against a real Araldo server: connecting the sandbox in
 * one click and a Mastodon account through its form (against the strict fake Mastodon on
 * loopback), a refused token, renaming, pausing, a channel whose token expired (the notice, the
 * bell, reconnecting), disconnecting, and what a viewer sees. Controls are found by role and name.
 *
 * Needs `npm run build` (the web app and the server bundle) and Debian's Chromium at
 * /usr/bin/chromium (`apt-get install -y chromium`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '@araldo/core';
import axe from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const cliEntry = path.join(repoRoot, 'packages/cli/bin/araldo.js');
const cliBundle = path.join(repoRoot, 'packages/cli/dist/araldo.js');
const webIndex = path.join(repoRoot, 'packages/web/dist/index.html');
const screenshots = path.join(repoRoot, 'docs/screenshots');
const CHROMIUM = '/usr/bin/chromium';

const owner = { name: 'Ada Lovelace', email: 'ada@example.org', password: 'analytical-engine-1843' };
const viewer = { name: 'Charles Babbage', email: 'charles@example.org', password: 'difference-engine-1822' };

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

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });

const waitUntilReady = async (url: string, server: ChildProcess, log: () => string) => {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`araldo exited with ${server.exitCode}:\n${log()}`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`araldo did not become ready at ${url}:\n${log()}`);
};

interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core run inside the page; only serious and critical findings fail the test. */
const seriousA11yViolations = async (page: Page): Promise<string[]> => {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    const runner = (
      window as unknown as { axe: { run: (context: Document) => Promise<{ violations: unknown[] }> } }
    ).axe;
    return (await runner.run(document)).violations;
  });
  return (violations as AxeViolation[])
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.impact} ${violation.id}: ${violation.help} @ ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`,
    );
};

const WAIT = { timeout: 10_000 };
const visible = (locator: Locator) => locator.waitFor({ state: 'visible', ...WAIT });
const absent = (locator: Locator) => locator.first().waitFor({ state: 'detached', ...WAIT });
const fieldValue = (locator: Locator) => expect.poll(() => locator.inputValue(), WAIT);
const text = (locator: Locator) => expect.poll(() => locator.textContent(), WAIT);
/** The text a screen reader announces after the name: the elements named by aria-describedby. */
const description = (locator: Locator) =>
  expect.poll(
    () =>
      locator.evaluate((element) =>
        (element.getAttribute('aria-describedby') ?? '')
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' ')
          .trim(),
      ),
    WAIT,
  );

/** From the top: a full-page shot of a scrolled page would paint the sticky top bar mid-page. */
const shoot = async (page: Page, name: string) => {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({
    path: path.join(screenshots, `${name}.png`),
    fullPage: true,
    animations: 'disabled',
  });
};

describe('the Channels screen in a browser', () => {
  let dataDir: string;
  let server: ChildProcess;
  let serverLog = '';
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
      parseConfig({ ARALDO_DATA_DIR: dataDir, ARALDO_ALLOW_PRIVATE_URLS: '1', LOG_LEVEL: 'silent' }),
      { migrate: false },
    );
    try {
      return await checkChannels(ctx, { now: Date.now() + 7 * 3_600_000 });
    } finally {
      await ctx.close();
    }
  };

  const channelsPage = async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Channels' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Channels' }));
  };
  const channel = (name: string) => page.getByRole('article', { name, exact: true });
  const status = (message: string) => visible(page.getByRole('status').filter({ hasText: message }));

  beforeAll(async () => {
    for (const [file, hint] of [
      [cliEntry, 'the araldo entry point'],
      [cliBundle, 'the server bundle: run `npm run build`'],
      [webIndex, 'the built web app: run `npm run build`'],
      [CHROMIUM, "Debian's Chromium: run `apt-get install -y chromium`"],
    ] as const) {
      if (!existsSync(file)) throw new Error(`Missing ${file} (${hint})`);
    }
    mkdirSync(screenshots, { recursive: true });
    const { FakeMastodon } = await load<Testkit>('@araldo/testkit');
    mastodon = await new FakeMastodon().start();
    dataDir = await mkdtemp(path.join(tmpdir(), 'araldo-e2e-'));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [cliEntry, 'start'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        ARALDO_DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        // The fake Mastodon listens on loopback, which the server refuses to reach by default.
        ARALDO_ALLOW_PRIVATE_URLS: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk: Buffer) => {
      serverLog += chunk.toString();
    });
    server.stderr?.on('data', (chunk: Buffer) => {
      serverLog += chunk.toString();
    });
    await waitUntilReady(`${baseUrl}/readyz`, server, () => serverLog);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-gpu',
        '--no-first-run',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    context = await browser.newContext({
      baseURL: baseUrl,
      locale: 'en-US',
      timezoneId: 'Europe/Rome',
      viewport: { width: 1280, height: 860 },
      // axe is injected as an inline script; a Content-Security-Policy must not stop it.
      bypassCSP: true,
    });

    // The first-run screens have their own test: here the owner is made through the API, in the
    // browser context so the session cookie is the page's.
    const setup = await context.request.post('/api/v1/setup', {
      data: { ...owner, workspaceName: 'Lovelace Bakery', timeZone: 'Europe/Rome', locale: 'en' },
    });
    expect(setup.status()).toBe(201);
    const answer = (await setup.json()) as { workspace: { id: string }; csrfToken: string };
    workspaceId = answer.workspace.id;
    const added = await context.request.post(`/api/v1/workspaces/${workspaceId}/members`, {
      headers: { 'x-csrf-token': answer.csrfToken },
      data: { email: viewer.email, role: 'viewer', name: viewer.name, password: viewer.password },
    });
    expect(added.status()).toBe(201);
    const listed = await context.request.get('/api/v1/networks');
    networks = ((await listed.json()) as { items: { id: string }[] }).items.map(({ id }) => id);

    page = await context.newPage();
    await page.goto('/');
    await visible(page.getByRole('heading', { level: 1, name: 'Hello, Ada' }));
  });

  afterAll(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    await mastodon?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
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
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
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
    const other = await browser.newContext({ baseURL: baseUrl, locale: 'en-US', bypassCSP: true });
    const viewerPage = await other.newPage();
    await viewerPage.goto('/sign-in');
    await viewerPage.getByRole('textbox', { name: 'Email' }).fill(viewer.email);
    await viewerPage.getByLabel('Password', { exact: true }).fill(viewer.password);
    await viewerPage.getByRole('button', { name: 'Sign in' }).click();
    await viewerPage
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Channels' })
      .click();
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
