// outbox() keeping its promise in real Chromium when pages go away, each case checked
// against what the dev server saw (`/seen`): another tab takes over when the one that
// tried is closed during an outage; a page closed or reloaded with its PUT in flight, or
// right after `box.put` resolved, loses nothing and keeps the order.
//
// The takeover test starts an outage of the dev server (every PUT /resources/{id}
// answers 503) and ends it as soon as it has checked what it needs.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { acceptedPuts, fresh, launch, openDemo, seen, storedText, until, waitReady } from './helpers.mjs';
import { anotherPage, boxPut, openBox, outage, pending, unexpected } from './outbox-helpers.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test('outbox: when the tab that tried goes away during an outage, a tab opened earlier delivers on its own', async (t) => {
  const path = '/resources/outbox-takeover';
  await fresh('outbox-takeover');
  t.after(() => outage(0));
  // The demo's page stays for the screenshot; the one that tries is another page.
  const { page: second, context, problems } = await openDemo(browser, t);
  const first = await anotherPage(context, t);
  await openBox(second, 'e2e-takeover');
  await openBox(first, 'e2e-takeover');
  await outage(60_000);
  await boxPut(first, path, 'kept through the outage', { key: 'doc' });
  // The first tab tried it and was refused: the entry waits for its next try.
  await until(async () => (await seen(path)).requests.some((r) => r.status === 503), 'a PUT refused by the outage');
  await first.close();
  await outage(0);
  // The second tab was told of the entry but never asked to deliver: no put, flush or
  // online event there. Its own timer takes over.
  await until(async () => (await storedText(path)) === 'kept through the outage', 'the second tab delivering the entry', 20_000);
  await until(async () => (await pending(second)).length === 0, 'the queue empty');
  assert.deepEqual((await acceptedPuts(path)).map((r) => r.body), ['kept through the outage']);
  assert.deepEqual(unexpected(problems), []);
});

test('outbox: a page closed while its PUT is in flight loses nothing; reopened, the entry goes again', async (t) => {
  const path = '/resources/outbox-close-in-flight';
  await fresh('outbox-close-in-flight');
  const { page: reopened, context, problems } = await openDemo(browser, t);
  const page = await anotherPage(context, t);
  await openBox(page, 'e2e-close-in-flight');
  // The server answers 1.5 s after the PUT arrives; the page is closed before that.
  await boxPut(page, `${path}?delay=1500`, 'in flight when the page closed');
  await until(async () => (await seen(path)).inFlight === 1, 'the PUT in flight at the server');
  await page.close();
  await openBox(reopened, 'e2e-close-in-flight');
  await until(async () => (await pending(reopened)).length === 0, 'the entry delivered after reopening', 20_000);
  assert.equal(await storedText(path), 'in flight when the page closed');
  const accepted = await acceptedPuts(path);
  assert.ok(accepted.length >= 1 && accepted.length <= 2, `delivered once or twice, never lost: ${accepted.length}`);
  assert.deepEqual(unexpected(problems), []);
});

test('outbox: a page reloaded while its PUT is in flight delivers that entry and the next, in order, the last one stored', async (t) => {
  const path = '/resources/outbox-reload-in-flight';
  await fresh('outbox-reload-in-flight');
  const { page, problems } = await openDemo(browser, t);
  await openBox(page, 'e2e-reload-in-flight');
  await boxPut(page, `${path}?delay=1500`, 'first');
  await boxPut(page, `${path}?delay=1500`, 'second');
  await until(async () => (await seen(path)).inFlight === 1, 'the first PUT in flight at the server');
  await page.reload();
  await waitReady(page);
  await openBox(page, 'e2e-reload-in-flight');
  await until(async () => (await pending(page)).length === 0, 'both entries delivered after the reload', 20_000);
  assert.equal(await storedText(path), 'second', 'the stored body is the last one queued');
  const bodies = (await acceptedPuts(path)).map((r) => r.body);
  assert.equal(bodies.at(-1), 'second');
  assert.deepEqual(bodies.filter((b) => b === 'second'), ['second'], 'the entry queued after the one in flight went once');
  assert.ok([1, 2].includes(bodies.filter((b) => b === 'first').length), `first delivered once or twice: ${bodies}`);
  assert.deepEqual(unexpected(problems), []);
});

test('outbox: an entry whose put() resolved is there when the page is closed at once and reopened', async (t) => {
  const path = '/resources/outbox-put-then-close';
  await fresh('outbox-put-then-close');
  // An outage, not a route: a request the browser holds for a route may still go out as
  // its page closes, and the server must store nothing before the reopening.
  t.after(() => outage(0));
  await outage(60_000);
  const { page: reopened, context, problems } = await openDemo(browser, t);
  const page = await anotherPage(context, t);
  await openBox(page, 'e2e-put-then-close');
  const queued = await page.evaluate(
    (url) => globalThis.box.put(url, null, 'committed before close', { key: 'k' }),
    path,
  );
  await page.close();
  await openBox(reopened, 'e2e-put-then-close');
  const entries = await pending(reopened);
  assert.deepEqual(entries.map((e) => [e.id, e.key, e.url.endsWith(path)]), [[queued.id, 'k', true]]);
  await outage(0);
  assert.equal(await reopened.evaluate(() => globalThis.box.flush()), 0);
  assert.equal(await storedText(path), 'committed before close');
  assert.equal((await acceptedPuts(path)).length, 1);
  assert.deepEqual(unexpected(problems), []);
});

test('outbox: several entries queued before a reload are delivered after it in their order', async (t) => {
  const path = '/resources/outbox-order';
  await fresh('outbox-order');
  t.after(() => outage(0));
  await outage(60_000);
  const { page, problems } = await openDemo(browser, t);
  await openBox(page, 'e2e-order');
  const texts = ['one', 'two', 'three', 'four', 'five'];
  for (const text of texts) await boxPut(page, path, text);
  await page.reload();
  await waitReady(page);
  await openBox(page, 'e2e-order');
  assert.equal((await pending(page)).length, texts.length);
  await outage(0);
  assert.equal(await page.evaluate(() => globalThis.box.flush()), 0);
  assert.deepEqual((await acceptedPuts(path)).map((r) => r.body), texts);
  assert.equal(await storedText(path), 'five');
  assert.deepEqual(unexpected(problems), []);
});
