/**
 * The foundation screens in a real browser against a real Araldo server: first-run setup,
 * signing in and out, API tokens, members and the language choice. Controls are found by
 * role and accessible name, as a person using a screen reader would find them.
 *
 * Needs `npm run build` (the web app and the server bundle) and Debian's Chromium at
 * /usr/bin/chromium (`apt-get install -y chromium`).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Araldo,
  absent,
  attribute,
  description,
  fieldValue,
  launchBrowser,
  openContext,
  people,
  selectedLabel,
  seriousA11yViolations,
  shoot,
  signIn,
  startAraldo,
  visible,
  WAIT,
} from './harness.ts';

const owner = people.ada;
const newcomer = people.grace;

describe('the foundation screens in a browser', () => {
  let araldo: Araldo;
  let baseUrl: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    araldo = await startAraldo();
    baseUrl = araldo.baseUrl;
    browser = await launchBrowser();
    context = await openContext(browser, baseUrl, {
      timezoneId: 'Europe/Rome',
      viewport: { width: 1280, height: 860 },
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await araldo?.stop();
  });

  it('first-run setup creates the owner and lands in the app', { timeout: 60_000 }, async () => {
    await page.goto('/');
    await visible(page.getByRole('heading', { name: 'Welcome to Araldo' }));
    // The time zone starts at the browser's own.
    await fieldValue(page.getByRole('combobox', { name: 'Time zone' })).toBe('Europe/Rome');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shoot(page, 'setup');

    // Asking with nothing filled in shows each problem next to its field.
    await page.getByRole('button', { name: 'Create account and workspace' }).click();
    await description(page.getByRole('textbox', { name: 'Your name' })).toMatch('This field is required.');
    await page.getByRole('textbox', { name: 'Your name' }).fill(owner.name);
    await page.getByRole('textbox', { name: 'Email' }).fill(owner.email);
    await page.getByLabel('Password', { exact: true }).fill('too short');
    await page.getByRole('textbox', { name: 'Workspace name' }).fill('Lovelace Bakery');
    await page.getByRole('button', { name: 'Create account and workspace' }).click();
    await visible(page.getByText('Use at least 10 characters.'));
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shoot(page, 'setup-errors');

    await page.getByLabel('Password', { exact: true }).fill(owner.password);
    await page.getByRole('button', { name: 'Create account and workspace' }).click();

    await visible(page.getByRole('heading', { level: 1, name: 'Hello, Ada' }));
    await visible(page.getByRole('heading', { name: 'Connect your first channel' }));
    await selectedLabel(page.getByRole('combobox', { name: 'Workspace' })).toBe('Lovelace Bakery');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await attribute(nav.getByRole('link', { name: 'Home' }), 'aria-current').toBe('page');
    expect(new URL(page.url()).pathname).toMatch(/^\/w\/[^/]+$/);
    await shoot(page, 'home');
  });

  it('signs out, refuses a wrong password, and signs back in', { timeout: 60_000 }, async () => {
    await page.getByRole('button', { name: `${owner.name} (account menu)` }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await visible(page.getByRole('heading', { name: 'Sign in to Araldo' }));
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('textbox', { name: 'Email' }).fill(owner.email);
    await page.getByLabel('Password', { exact: true }).fill('not-the-right-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent(), WAIT)
      .toContain('That email and password do not match an account');
    await shoot(page, 'sign-in');

    await page.getByLabel('Password', { exact: true }).fill(owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Hello, Ada' }));
  });

  it('creates an API token and shows its secret only once', { timeout: 60_000 }, async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API tokens' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'API tokens' }));
    await visible(page.getByText('You have no tokens yet.'));
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('textbox', { name: 'Token name' }).fill('Nightly report');
    await page.getByRole('radio', { name: /Read and write/ }).check();
    await page.getByRole('button', { name: 'Create token' }).click();

    const reveal = page.getByRole('region', { name: 'Copy your new token “Nightly report” now' });
    await visible(reveal);
    await expect.poll(() => reveal.textContent(), WAIT).toContain('This is the only time the token is shown');
    const secretField = reveal.getByRole('textbox', { name: 'New token secret' });
    const secret = await secretField.inputValue();
    expect(secret).toMatch(/^araldo_pat_/);
    await reveal.getByRole('button', { name: 'Copy token' }).click();
    await expect.poll(() => reveal.getByRole('status').textContent(), WAIT).toBe('Copied to the clipboard.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shoot(page, 'tokens-secret');

    // The secret works against the API, and the list shows only its prefix.
    const answer = await fetch(`${baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(answer.status).toBe(200);
    await reveal.getByRole('button', { name: 'I have stored it safely' }).click();
    await absent(reveal);
    const row = page.getByRole('row', { name: /Nightly report/ });
    await expect.poll(() => row.textContent(), WAIT).toContain('Read and write');
    await visible(row.getByRole('button', { name: 'Revoke Nightly report' }));
    await absent(page.getByText(secret));

    await page.reload();
    await visible(page.getByRole('row', { name: /Nightly report/ }));
    await absent(page.getByRole('textbox', { name: 'New token secret' }));
    await shoot(page, 'tokens');
  });

  it('adds a member as editor, then makes them a viewer', { timeout: 60_000 }, async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Members' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Members' }));
    expect(await seriousA11yViolations(page)).toEqual([]);

    const form = page.getByRole('region', { name: 'Add a member' });
    await form.getByRole('textbox', { name: 'Email' }).fill(newcomer.email);
    await form.getByRole('combobox', { name: 'Role' }).selectOption({ label: 'Editor' });
    // Without an account the server asks for a password; the form opens those fields.
    await form.getByRole('button', { name: 'Add member' }).click();
    await expect
      .poll(
        () => form.getByRole('checkbox', { name: 'This person has no Araldo account yet' }).isChecked(),
        WAIT,
      )
      .toBe(true);
    await description(form.getByLabel('Initial password')).toMatch(/required for a new account/);
    await form.getByRole('textbox', { name: 'Name' }).fill(newcomer.name);
    await form.getByLabel('Initial password').fill(newcomer.password);
    await form.getByRole('button', { name: 'Add member' }).click();

    const roleOfGrace = page.getByRole('combobox', { name: `Role for ${newcomer.name}` });
    await fieldValue(roleOfGrace).toBe('editor');
    await visible(page.getByRole('status').filter({ hasText: 'Grace Hopper was added.' }));

    await roleOfGrace.selectOption({ label: 'Viewer' });
    await visible(page.getByRole('status').filter({ hasText: 'Grace Hopper is now Viewer.' }));
    await page.reload();
    await fieldValue(page.getByRole('combobox', { name: `Role for ${newcomer.name}` })).toBe('viewer');
    // The last owner's own role is not offered for change to an owner... but stays visible.
    await expect
      .poll(() => page.getByRole('row', { name: /Ada Lovelace/ }).textContent(), WAIT)
      .toContain('ada@example.org');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shoot(page, 'members');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Workspace settings' }));
    await fieldValue(page.getByRole('textbox', { name: 'Workspace name', exact: true })).toBe(
      'Lovelace Bakery',
    );
    await shoot(page, 'workspace-settings');
  });

  it('creates a second workspace and switches between them, keeping the choice', {
    timeout: 60_000,
  }, async () => {
    const bakery = new URL(page.url()).pathname.split('/')[2];
    const create = page.getByRole('region', { name: 'Create another workspace' });
    await create.getByRole('textbox', { name: 'New workspace name' }).fill('Hopper Consulting');
    await create.getByRole('button', { name: 'Create workspace' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Hello, Ada' }));
    const switcher = page.getByRole('combobox', { name: 'Workspace', exact: true });
    await selectedLabel(switcher).toBe('Hopper Consulting');
    const consulting = new URL(page.url()).pathname.split('/')[2];
    expect(consulting).not.toBe(bakery);

    // Switching keeps the section, puts the workspace in the URL and remembers it here.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Members' }).click();
    await switcher.selectOption({ label: 'Lovelace Bakery' });
    await expect.poll(() => new URL(page.url()).pathname, WAIT).toBe(`/w/${bakery}/members`);
    await visible(page.getByRole('combobox', { name: `Role for ${newcomer.name}` }));
    expect(await page.evaluate(() => localStorage.getItem('araldo.workspace'))).toBe(bakery);
    await page.goto('/');
    await expect.poll(() => new URL(page.url()).pathname, WAIT).toBe(`/w/${bakery}`);
    await page.goto(`/w/${bakery}/settings`);
    await visible(page.getByRole('heading', { level: 1, name: 'Workspace settings' }));
  });

  it('switches to Italian and stays Italian after a reload', { timeout: 60_000 }, async () => {
    await page.getByRole('button', { name: `${owner.name} (account menu)` }).click();
    await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Italiano' });
    const nav = page.getByRole('navigation', { name: 'Principale' });
    await visible(nav.getByRole('link', { name: 'Membri' }));
    await attribute(page.locator('html'), 'lang').toBe('it');
    await page.keyboard.press('Escape');

    await page.reload();
    await visible(page.getByRole('heading', { level: 1, name: 'Impostazioni dello spazio di lavoro' }));
    await nav.getByRole('link', { name: 'Membri' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Membri' }));
    await fieldValue(page.getByRole('combobox', { name: `Ruolo di ${newcomer.name}` })).toBe('viewer');
    await shoot(page, 'members-it');

    // The choice lives on the account, not only in this browser.
    const fresh = await openContext(browser, baseUrl);
    const other = await fresh.newPage();
    await other.goto('/');
    await signIn(other, owner);
    await visible(other.getByRole('navigation', { name: 'Principale' }));
    await fresh.close();
  });
});
