// Shared by the end-to-end tests of the demo page: the server address, Chromium, a fresh
// page per test (screenshotted and closed after it), and waits on visible state.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumArgs, launch, server } from '../browser.mjs';

export { chromiumArgs, launch, server };

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOTS = path.join(ROOT, 'test-output', 'e2e');

/** "Send gives 201 then 200" → "send-gives-201-then-200". */
export function slug(name) {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/**
 * Opens the demo in a fresh browser context. After the test (passed or failed) the page
 * is screenshotted into test-output/e2e/<test name>.png and the context closed.
 * @param {import('playwright-core').Browser} browser
 * @param {import('node:test').TestContext} t
 * @param {{ viewport?: { width: number, height: number }, permissions?: string[],
 *           beforeLoad?: (page) => Promise<void>, ready?: boolean }} options
 */
export async function openDemo(browser, t, options = {}) {
  const { viewport = { width: 1280, height: 900 }, permissions = [], beforeLoad, ready = true } = options;
  const context = await browser.newContext({ viewport });
  if (permissions.length) await context.grantPermissions(permissions, { origin: server() });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error}`));
  t.after(async () => {
    try {
      await mkdir(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, slug(t.name) + '.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });
  if (beforeLoad) await beforeLoad(page);
  await page.goto(server() + '/');
  if (ready) await waitReady(page);
  return { page, context, problems };
}

/** Waits until the page has loaded wasm-put (it marks <html data-ready="true">). */
export async function waitReady(page) {
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
}

/** The button named exactly `name`. */
export const button = (page, name) => page.getByRole('button', { name, exact: true });

/**
 * Waits until the text of `selector` matches `expected` (a substring or a RegExp);
 * on timeout the error says what the text was.
 */
export async function waitForText(page, selector, expected, timeout = 10_000) {
  const pattern = expected instanceof RegExp
    ? { source: expected.source, flags: expected.flags }
    : { source: expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags: '' };
  try {
    await page.waitForFunction(
      ({ selector, source, flags }) => {
        const element = document.querySelector(selector);
        return element !== null && new RegExp(source, flags).test(element.textContent);
      },
      { selector, ...pattern },
      { timeout },
    );
  } catch (error) {
    const actual = await page.locator(selector).first().textContent().catch(() => null);
    throw new Error(`waited for ${selector} to show ${expected}; it shows ${JSON.stringify(actual)}`, { cause: error });
  }
}

/** Clicks Send and waits until that request has ended (answer or error shown). */
export async function sendAndWait(page) {
  await button(page, 'Send').click();
  // The click starts the request at once: the status reads "Sending…" until it ends.
  await page.waitForFunction(() => {
    const status = document.getElementById('status');
    return !status.classList.contains('status-pending') && status.textContent !== '';
  });
}

/** The status badge's text and class. */
export function status(page) {
  return page.locator('#status').evaluate((el) => ({ text: el.textContent, className: el.className }));
}

/** Plain fetch from Node to the dev server (e.g. to reset a resource). */
export function api(pathname, init) {
  return fetch(server() + pathname, init);
}

/** Deletes a stored resource so the next PUT creates it again (404 if absent is fine). */
export async function resetResource(id) {
  const res = await api(`/resources/${id}`, { method: 'DELETE' });
  if (![200, 204, 404].includes(res.status)) throw new Error(`DELETE /resources/${id} gave ${res.status}`);
  await res.arrayBuffer();
}

/** The text stored under `path` now (`null` when there is none). */
export async function storedText(path) {
  const res = await api(path);
  const text = await res.text();
  return res.ok ? text : null;
}

/** What the dev server saw of `path`: `{ requests, inFlight, maxInFlight }` (its `/seen` record). */
export async function seen(path) {
  return (await api(`/seen${path}`)).json();
}

/** The PUTs of `path` the dev server has answered with a 2xx, oldest first. */
export async function acceptedPuts(path) {
  return (await seen(path)).requests.filter((r) => r.method === 'PUT' && r.status >= 200 && r.status < 300);
}

/** Resets a resource and forgets what the dev server saw of it. */
export async function fresh(id) {
  await resetResource(id);
  await (await api(`/seen/resources/${id}`, { method: 'DELETE' })).arrayBuffer();
}

/** Waits until `check()` resolves true, asking every 100 ms for up to `timeout` ms. */
export async function until(check, what, timeout = 15_000) {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`waited ${timeout} ms for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

