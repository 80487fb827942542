// The demo's "Saving offline" panel and outbox() in real Chromium: what is typed during a
// server outage, with the browser offline, or before a reload reaches the server once the
// way is clear, exactly once; two tabs share one outbox and deliver in order; a module
// worker can queue too.
//
// The outage test makes every PUT /resources/{id} of the dev server answer 503 for a
// moment: it ends the outage as soon as it has checked what it needs.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { acceptedPuts, api, button, fresh, launch, openDemo, server, storedText, until, waitForText, waitReady } from './helpers.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

const DRAFT = '/resources/offline-draft';

/**
 * The page's problems, less the ones a failed delivery makes on purpose: Chromium logs
 * the 503s of an outage and the failed fetches of an offline browser as console errors.
 */
const unexpected = (problems) =>
  problems.filter((p) => !/Failed to load resource: (the server responded with a status of 503\b|net::ERR_INTERNET_DISCONNECTED)/.test(p));

/** Waits until the panel has opened its outbox and read the stored text. */
const panelReady = (page) =>
  page.waitForFunction(() => document.getElementById('offline').dataset.ready === 'true');

/** The panel's pending count (its `data-pending`). */
const pendingShown = async (page) => Number(await page.locator('#offline').getAttribute('data-pending'));

/** Waits until the panel says the server holds the text in the editor. */
const waitSaved = (page, timeout = 20_000) =>
  page.waitForFunction(() => document.getElementById('offline').dataset.saved === 'true', null, { timeout });

/** Types `text` into the panel's editor, as a user would. */
async function type(page, text) {
  await page.getByLabel('Offline draft').click();
  await page.keyboard.type(text, { delay: 10 });
}

test('offline editor: changes typed during an outage wait, then reach the server', async (t) => {
  await fresh('offline-draft');
  t.after(() => api('/outage?ms=0', { method: 'POST' }).then((res) => res.arrayBuffer()));
  const { page, problems } = await openDemo(browser, t);
  await panelReady(page);
  await button(page, 'Start a 10-second outage').click();
  await waitForText(page, '#offline-outage-state', /^Outage: the server answers every PUT with 503/);
  const text = 'Typed while the API was down.';
  await type(page, text);
  // The outbox tried, was refused, and keeps the one entry (the key coalesces keystrokes).
  await page.waitForFunction(() => /503/.test(document.getElementById('offline-pending').textContent));
  assert.equal(await pendingShown(page), 1);
  await waitForText(page, '#offline-state', '1 change waiting to be sent.');
  assert.equal(await page.locator('#offline').getAttribute('data-saved'), 'false');
  assert.equal(await storedText(DRAFT), null, 'nothing is stored during the outage');

  await (await api('/outage?ms=0', { method: 'POST' })).arrayBuffer();
  await waitSaved(page);
  assert.equal(await storedText(DRAFT), text);
  assert.equal(await page.locator('#offline-stored').textContent(), text);
  assert.equal(await pendingShown(page), 0);
  assert.equal((await acceptedPuts(DRAFT)).length, 1, 'one PUT delivered the coalesced text');
  assert.deepEqual(unexpected(problems), []);
});

test('offline editor: with the browser offline changes wait, and go when it is back online', async (t) => {
  await fresh('offline-draft');
  const { page, context, problems } = await openDemo(browser, t);
  await panelReady(page);
  // First the server asks for an hour's wait: the outbox's next try is then its longest
  // wait away (a minute), far past the 5 s below, so only the `online` event can
  // deliver in time.
  const later = (route) =>
    route.request().method() === 'PUT'
      ? route.fulfill({ status: 503, headers: { 'Retry-After': '3600' }, body: '' })
      : route.continue();
  await context.route('**/resources/offline-draft', later);
  await type(page, 'Written ');
  // Tried and refused (a replacing entry carries the tries and the wait over).
  await waitForText(page, '#offline-pending', /(try|tries) so far/);
  await context.setOffline(true);
  await context.unroute('**/resources/offline-draft', later);
  const text = 'Written on a train.';
  await type(page, 'on a train.');
  await page.waitForFunction(() => Number(document.getElementById('offline').dataset.pending) >= 1);
  await waitForText(page, '#offline-state', /change waiting to be sent/);
  // Half a second later, still nothing stored.
  await page.waitForTimeout(500);
  assert.equal(await storedText(DRAFT), null);
  assert.equal((await acceptedPuts(DRAFT)).length, 0);

  await context.setOffline(false);
  // The `online` event starts delivery at once, before the minute's wait runs out.
  await waitSaved(page, 5_000);
  assert.equal(await storedText(DRAFT), text);
  const accepted = await acceptedPuts(DRAFT);
  assert.deepEqual(accepted.map((r) => r.body), [text]);
  assert.deepEqual(unexpected(problems), []);
});

test('offline editor: a change queued offline survives a reload, shows as waiting, and is delivered once', async (t) => {
  await fresh('offline-draft');
  const { page, context, problems } = await openDemo(browser, t);
  await panelReady(page);
  await type(page, 'First');
  await waitSaved(page);
  await context.setOffline(true);
  const text = 'First, then more while offline.';
  await page.getByLabel('Offline draft').fill(text);
  await page.waitForFunction(() => Number(document.getElementById('offline').dataset.pending) >= 1);
  // The page goes away with its change still queued (IndexedDB keeps it for the context).
  await page.goto('about:blank');
  await context.setOffline(false);
  assert.equal(await storedText(DRAFT), 'First');

  // Reopened with its PUTs failing for now: the page shows the stored text and says a
  // change is waiting; once they can go, it delivers the change on its own.
  const failPuts = (route) => (route.request().method() === 'PUT' ? route.abort('internetdisconnected') : route.continue());
  await context.route('**/resources/offline-draft', failPuts);
  await page.goto(server() + '/');
  await waitReady(page);
  await panelReady(page);
  await waitForText(page, '#offline-state', '1 change waiting to be sent.');
  assert.equal(await pendingShown(page), 1);
  assert.equal(await page.locator('#offline-stored').textContent(), 'First');
  assert.equal(await page.getByLabel('Offline draft').inputValue(), 'First');
  await context.unroute('**/resources/offline-draft', failPuts);
  await waitForText(page, '#offline-stored', text, 15_000);
  await page.waitForFunction(() => document.getElementById('offline').dataset.saved === 'true', null, { timeout: 15_000 });
  // The user had not typed on the new page, so the editor follows the stored text.
  assert.equal(await page.getByLabel('Offline draft').inputValue(), text);
  assert.equal(await storedText(DRAFT), text);
  const accepted = (await acceptedPuts(DRAFT)).map((r) => r.body);
  assert.deepEqual(accepted.filter((body) => body === text), [text], 'the queued change went exactly once');
  assert.equal(accepted.at(-1), text);
  assert.deepEqual(unexpected(problems), []);
});

/** In `page`: opens the outbox `name` (importing the package) and queues one PUT. */
function queue(page, name, url, text, key) {
  return page.evaluate(async ({ name, url, text, key }) => {
    const wasmPut = await import('/pkg/wasm_put.js');
    await wasmPut.default();
    globalThis.boxes ??= {};
    globalThis.boxes[name] ??= await wasmPut.outbox(name);
    return globalThis.boxes[name].put(url, null, text, { key });
  }, { name, url, text, key });
}

test('outbox in two tabs: both queue offline, and every entry goes once, in order', async (t) => {
  const ids = ['outbox-tabs-a', 'outbox-tabs-b'];
  for (const id of ids) await fresh(id);
  const { page: first, context, problems } = await openDemo(browser, t);
  const second = await context.newPage();
  t.after(() => second.close().catch(() => {}));
  await second.goto(server() + '/');
  await waitReady(second);
  await context.setOffline(true);
  // Queued in turn from the two tabs: a1 (tab one), b1 (tab two), a2 replaces a1's text
  // under its key, b2 replaces b1's.
  await queue(first, 'e2e-tabs', '/resources/outbox-tabs-a', 'a1', 'a');
  await queue(second, 'e2e-tabs', '/resources/outbox-tabs-b', 'b1', 'b');
  await queue(first, 'e2e-tabs', '/resources/outbox-tabs-a', 'a2', 'a');
  await queue(second, 'e2e-tabs', '/resources/outbox-tabs-b', 'b2', 'b');
  const pending = await second.evaluate(() => globalThis.boxes['e2e-tabs'].pending());
  assert.deepEqual(pending.map((e) => e.key), ['a', 'b'], 'one entry per key, shared by both tabs');

  await context.setOffline(false);
  await until(async () => (await first.evaluate(() => globalThis.boxes['e2e-tabs'].pending())).length === 0, 'both entries delivered');
  assert.equal(await storedText('/resources/outbox-tabs-a'), 'a2');
  assert.equal(await storedText('/resources/outbox-tabs-b'), 'b2');
  const a = await acceptedPuts('/resources/outbox-tabs-a');
  const b = await acceptedPuts('/resources/outbox-tabs-b');
  assert.deepEqual(a.map((r) => r.body), ['a2'], 'a delivered once');
  assert.deepEqual(b.map((r) => r.body), ['b2'], 'b delivered once');
  assert.ok(a[0].arrivedMs <= b[0].arrivedMs, 'a (queued first) arrived first');
  assert.deepEqual(unexpected(problems), []);
});

test('outbox in a module worker: a PUT queued there reaches the server', async (t) => {
  await fresh('outbox-worker');
  const { page, problems } = await openDemo(browser, t);
  const result = await page.evaluate(async (pkg) => {
    const source = `
      import init, { outbox } from ${JSON.stringify(pkg)};
      await init();
      const sent = new Promise((resolve) => {
        globalThis.delivered = resolve;
      });
      const box = await outbox('e2e-worker', { onSent: ({ key, response }) => globalThis.delivered({ key, status: response.status }) });
      const queued = await box.put(new URL('/resources/outbox-worker', ${JSON.stringify(pkg)}).href, null, 'from a worker', { key: 'w' });
      postMessage({ queued, sent: await sent, pending: (await box.pending()).length });
    `;
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    const worker = new Worker(url, { type: 'module' });
    try {
      return await new Promise((resolve, reject) => {
        worker.onmessage = (event) => resolve(event.data);
        worker.onerror = (event) => reject(new Error(`worker error: ${event.message}`));
        setTimeout(() => reject(new Error('the worker did not answer in 10 s')), 10_000);
      });
    } finally {
      worker.terminate();
    }
  }, new URL('/pkg/wasm_put.js', server()).href);
  assert.equal(result.queued.key, 'w');
  assert.equal(typeof result.queued.id, 'number');
  assert.deepEqual(result.sent, { key: 'w', status: 201 });
  assert.equal(result.pending, 0);
  assert.equal(await storedText('/resources/outbox-worker'), 'from a worker');
  assert.equal((await acceptedPuts('/resources/outbox-worker')).length, 1);
  assert.deepEqual(unexpected(problems), []);
});
