// The demo's "Saving safely" panels in real Chromium: the autosave editor keeps the last
// text typed on the server, never an older one; ten concurrent updates of one counter,
// in one page and in two at once, lose no increment.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, button, launch, openDemo, resetResource, waitForText } from './helpers.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/**
 * The page's problems, less the ones the safe update makes on purpose: Chromium logs
 * every 4xx answer as a console error, and the conflicts it retries are 412s (and the
 * first read of a new counter a 404).
 */
const unexpected = (problems) =>
  problems.filter((p) => !/Failed to load resource: the server responded with a status of (404|412)\b/.test(p));

/** How many PUTs of `path` the dev server has answered with 412 so far (its `/seen` record). */
async function refusedPuts(path) {
  const seen = await (await api(`/seen${path}`)).json();
  return seen.requests.filter((r) => r.method === 'PUT' && r.status === 412).length;
}

/** The number of conflicts the panel's result line says it retried. */
async function conflictsShown(page) {
  const line = await page.locator('#safe-update-result').textContent();
  return Number(line.match(/(\d+) conflicts retried/)[1]);
}

/** The counter the safe update increments, as stored now (0 when absent). */
async function counter() {
  const res = await api('/resources/safe-counter');
  return res.ok ? (await res.json()).n : 0;
}

test('autosave: fast typing supersedes saves, and the server keeps the last text typed', async (t) => {
  await resetResource('autosave-draft');
  const { page, problems } = await openDemo(browser, t);
  const editor = page.getByLabel('Document');
  await editor.click();
  const text = 'Saved in order, every time.';
  await page.keyboard.type(text, { delay: 15 });
  await page.waitForFunction(() => document.getElementById('autosave').dataset.saved === 'true', null, { timeout: 15_000 });
  assert.equal(await page.locator('#autosave-stored').textContent(), text);
  assert.equal(await (await api('/resources/autosave-draft')).text(), text);
  const typed = Number(await page.locator('#autosave-typed').textContent());
  const sent = Number(await page.locator('#autosave-sent').textContent());
  const superseded = Number(await page.locator('#autosave-superseded').textContent());
  assert.equal(typed, text.length);
  assert.ok(superseded > 0, `${superseded} superseded`);
  assert.ok(sent >= 2 && sent < typed, `${sent} sent of ${typed}`);
  assert.equal(sent + superseded, typed, 'every keystroke was either sent or superseded');
  assert.deepEqual(problems, []);
});

test('safe update: ten concurrent increments are all applied', async (t) => {
  const { page, problems } = await openDemo(browser, t);
  const start = await counter();
  const refusedBefore = await refusedPuts('/resources/safe-counter');
  await button(page, 'Run 10 concurrent updates').click();
  await page.waitForFunction(() => document.getElementById('safe-update').dataset.done === 'true', null, { timeout: 20_000 });
  await waitForText(page, '#safe-update-result', /^10 applied, 0 lost, \d+ conflicts retried; the counter is now \d+\.$/);
  assert.equal(await counter(), start + 10);
  // Ten writers at once collide: the conflicts shown are the 412s the server gave.
  const conflicts = await conflictsShown(page);
  assert.ok(conflicts >= 1, 'no conflict happened, so nothing was tested');
  assert.equal(await refusedPuts('/resources/safe-counter') - refusedBefore, conflicts);
  assert.deepEqual(unexpected(problems), []);
});

test('safe update in two pages at once: twenty increments, none lost', async (t) => {
  const first = await openDemo(browser, t);
  const second = await openDemo(browser, t);
  const start = await counter();
  const refusedBefore = await refusedPuts('/resources/safe-counter');
  await Promise.all([first, second].map(({ page }) => button(page, 'Run 10 concurrent updates').click()));
  let conflicts = 0;
  for (const { page, problems } of [first, second]) {
    await page.waitForFunction(() => document.getElementById('safe-update').dataset.done === 'true', null, { timeout: 30_000 });
    await waitForText(page, '#safe-update-result', /^10 applied, 0 lost, /);
    conflicts += await conflictsShown(page);
    assert.deepEqual(unexpected(problems), []);
  }
  assert.equal(await counter(), start + 20);
  assert.ok(conflicts >= 1, 'no conflict happened, so nothing was tested');
  assert.equal(await refusedPuts('/resources/safe-counter') - refusedBefore, conflicts);
});
