/**
 * What every browser test of the web app needs: a real Araldo server on a fresh data folder
 * (SQLite), Debian's Chromium driven by playwright-core, axe-core for accessibility, and
 * short waits that read like the assertions they stand for.
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
import axe from 'axe-core';
import {
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Locator,
  type Page,
} from 'playwright-core';
import { expect } from 'vitest';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const webDist = path.join(repoRoot, 'packages/web/dist');
const webIndex = path.join(webDist, 'index.html');
const cliEntry = path.join(repoRoot, 'packages/cli/bin/araldo.js');
const cliBundle = path.join(repoRoot, 'packages/cli/dist/araldo.js');
const screenshots = path.join(repoRoot, 'docs/screenshots');
const CHROMIUM = '/usr/bin/chromium';

export interface Person {
  name: string;
  email: string;
  password: string;
}
export const people = {
  ada: { name: 'Ada Lovelace', email: 'ada@example.org', password: 'analytical-engine-1843' },
  grace: { name: 'Grace Hopper', email: 'grace@example.org', password: 'compiler-pioneer-1952' },
  charles: { name: 'Charles Babbage', email: 'charles@example.org', password: 'difference-engine-1822' },
} satisfies Record<string, Person>;

/** Fails at once, naming what to do, when the build or the browser is missing. */
const requirePrerequisites = () => {
  for (const [file, hint] of [
    [cliEntry, 'the araldo entry point'],
    [cliBundle, 'the server bundle: run `npm run build`'],
    [webIndex, 'the built web app: run `npm run build`'],
    [CHROMIUM, "Debian's Chromium: run `apt-get install -y chromium`"],
  ] as const) {
    if (!existsSync(file)) throw new Error(`Missing ${file} (${hint})`);
  }
};

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

export interface Araldo {
  baseUrl: string;
  /** The server's ARALDO_DATA_DIR, for tests that open the same database themselves. */
  dataDir: string;
  /** Everything the server wrote so far, for failure messages. */
  log(): string;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes its data folder. */
  stop(): Promise<void>;
}

/** `araldo start` on a free loopback port and a fresh data folder, once /readyz answers. */
export const startAraldo = async (options: { env?: Record<string, string> } = {}): Promise<Araldo> => {
  requirePrerequisites();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'araldo-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const server = spawn(process.execPath, [cliEntry, 'start'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ARALDO_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  server.stdout?.on('data', collect);
  server.stderr?.on('data', collect);
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(`${baseUrl}/readyz`, server, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, dataDir, log: () => output, stop };
};

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
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

/** A browser context on the server, in English, with the given overrides. */
export const openContext = (browser: Browser, baseUrl: string, options: BrowserContextOptions = {}) =>
  browser.newContext({
    baseURL: baseUrl,
    locale: 'en-US',
    // axe is injected as an inline script; a Content-Security-Policy must not stop it.
    bypassCSP: true,
    ...options,
  });

/** The API as the browser context's session, sending the CSRF token on writes. */
export const apiFor = (request: APIRequestContext, csrf: string) => ({
  post: async <T>(url: string, data: unknown, expected = 201): Promise<T> => {
    const answer = await request.post(`/api/v1${url}`, { headers: { 'x-csrf-token': csrf }, data });
    if (answer.status() !== expected) throw new Error(`${url}: ${answer.status()} ${await answer.text()}`);
    return (await answer.json()) as T;
  },
  get: async <T>(url: string): Promise<T> => (await (await request.get(`/api/v1${url}`)).json()) as T,
});

/**
 * First-run setup through the API, in the browser context so the session cookie is the page's
 * (the setup screens have their own test).
 */
export const setUpOwner = async (
  context: BrowserContext,
  setup: Person & { workspaceName: string; timeZone: string },
) => {
  const answer = await context.request.post('/api/v1/setup', { data: { ...setup, locale: 'en' } });
  if (answer.status() !== 201) throw new Error(`setup: ${answer.status()} ${await answer.text()}`);
  const created = (await answer.json()) as { workspace: { id: string }; csrfToken: string };
  return { workspaceId: created.workspace.id, api: apiFor(context.request, created.csrfToken) };
};

/** Signs in from the sign-in screen the page is on. */
export const signIn = async (page: Page, person: Person) => {
  await page.getByRole('textbox', { name: 'Email' }).fill(person.email);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
};

interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core run inside the page; only serious and critical findings fail the test. */
export const seriousA11yViolations = async (page: Page): Promise<string[]> => {
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

export const WAIT = { timeout: 10_000 };
export const visible = (locator: Locator) => locator.waitFor({ state: 'visible', ...WAIT });
export const absent = (locator: Locator) => locator.first().waitFor({ state: 'detached', ...WAIT });
export const text = (locator: Locator) => expect.poll(() => locator.textContent(), WAIT);
export const fieldValue = (locator: Locator) => expect.poll(() => locator.inputValue(), WAIT);
export const selectedLabel = (locator: Locator) =>
  expect.poll(
    () => locator.evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent),
    WAIT,
  );
export const attribute = (locator: Locator, name: string) =>
  expect.poll(() => locator.getAttribute(name), WAIT);
/** The text a screen reader announces after the name: the elements named by aria-describedby. */
export const description = (locator: Locator) =>
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
/** A live status message with this text appears. */
export const status = (page: Page, message: string) =>
  visible(page.getByRole('status').filter({ hasText: message }));
export const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

/** From the top: a full-page shot of a scrolled page would paint the sticky top bar mid-page. */
export const shoot = async (page: Page, name: string) => {
  mkdirSync(screenshots, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({
    path: path.join(screenshots, `${name}.png`),
    fullPage: true,
    animations: 'disabled',
  });
};

/** A civil date in a zone, and days after it, as the planner names them. */
export const dayIn = (zone: string, plusDays = 0) => {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
  const [y, m, d] = parts.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + plusDays)).toISOString().slice(0, 10);
};
