// outbox() keeping its promise in real Chromium, each case checked against what the dev
// server saw (`/seen`): another tab takes over when the one that tried goes away; a page
// closed or reloaded with its PUT in flight, or right after `box.put` resolved, loses
// nothing and keeps the order; and the browser's storage failing (full, the database
// deleted by another tab, an open left blocked, a write failing during a delivery) is
// reported, never hangs, and removes nothing that was not sent.
//
// Some tests start an outage of the dev server (every PUT /resources/{id} answers 503)
// and end it as soon as they have checked what they need.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { acceptedPuts, api, fresh, launch, openDemo, seen, server, storedText, until, waitReady } from './helpers.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** Starts an outage of `ms` (0 ends it). */
const outage = (ms) => api(`/outage?ms=${ms}`, { method: 'POST' }).then((res) => res.arrayBuffer());

/**
 * The page's problems, less the ones a failed delivery makes on purpose: Chromium logs
 * the 503s of an outage and the failed fetches of a route aborted as console errors.
 */
const unexpected = (problems) =>
  problems.filter((p) => !/Failed to load resource: (the server responded with a status of 503\b|net::ERR_(FAILED|INTERNET_DISCONNECTED))/.test(p));

/**
 * In `page`: imports the package and opens the outbox `name` as `globalThis.box`, its
 * `onChange` events kept in `globalThis.changes`.
 */
function openBox(page, name, options = {}) {
  return page.evaluate(async ({ name, options }) => {
    const wasmPut = await import('/pkg/wasm_put.js');
    await wasmPut.default();
    globalThis.changes = [];
    globalThis.box = await wasmPut.outbox(name, { ...options, onChange: (change) => globalThis.changes.push(change) });
  }, { name, options });
}

/** In `page`: `box.put(url, null, text, options)`, resolved once the entry is committed. */
const boxPut = (page, url, text, options = {}) =>
  page.evaluate(({ url, text, options }) => globalThis.box.put(url, null, text, options), { url, text, options });

/** In `page`: the pending entries of `box`. */
const pending = (page) => page.evaluate(() => globalThis.box.pending());

/** In `page`: what `promise()` rejects with, as `{ name, message }` (or `null` when it resolves). */
function rejection(page, source, arg) {
  return page.evaluate(async ({ source, arg }) => {
    try {
      await new Function('arg', `return (${source})(arg);`)(arg);
      return null;
    } catch (error) {
      return { name: error?.name, message: String(error?.message ?? error) };
    }
  }, { source, arg });
}

/** A new page in `context` at the demo, ready. */
async function anotherPage(context, t) {
  const page = await context.newPage();
  t.after(() => page.close().catch(() => {}));
  await page.goto(server() + '/');
  await waitReady(page);
  return page;
}

/** Aborts every PUT to `pattern` in `context` (a network error, the entry kept); returns the undo. */
async function failPuts(context, pattern) {
  const handler = (route) => (route.request().method() === 'PUT' ? route.abort('failed') : route.continue());
  await context.route(pattern, handler);
  return () => context.unroute(pattern, handler);
}

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
  const { page: reopened, context, problems } = await openDemo(browser, t);
  const undo = await failPuts(context, `**${path}`);
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
  await undo();
  assert.equal(await reopened.evaluate(() => globalThis.box.flush()), 0);
  assert.equal(await storedText(path), 'committed before close');
  assert.equal((await acceptedPuts(path)).length, 1);
  assert.deepEqual(unexpected(problems), []);
});

test('outbox: several entries queued before a reload are delivered after it in their order', async (t) => {
  const path = '/resources/outbox-order';
  await fresh('outbox-order');
  const { page, context, problems } = await openDemo(browser, t);
  const undo = await failPuts(context, `**${path}`);
  await openBox(page, 'e2e-order');
  const texts = ['one', 'two', 'three', 'four', 'five'];
  for (const text of texts) await boxPut(page, path, text);
  await page.reload();
  await waitReady(page);
  await openBox(page, 'e2e-order');
  assert.equal((await pending(page)).length, texts.length);
  await undo();
  assert.equal(await page.evaluate(() => globalThis.box.flush()), 0);
  assert.deepEqual((await acceptedPuts(path)).map((r) => r.body), texts);
  assert.equal(await storedText(path), 'five');
  assert.deepEqual(unexpected(problems), []);
});

/**
 * Limits the origin's storage to 1 MiB through the DevTools protocol, for `openDemo`'s
 * `beforeLoad`: Chromium reads the quota when the origin's storage is first opened, so it
 * is set before the page loads, and its session stays open for as long as it is to last.
 */
async function smallQuota(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(server()).origin, quotaSize: 1 << 20 });
}

/**
 * In `page`: fills the origin's storage to its quota with random bytes (which do not
 * compress) in a database of its own, until not even a few hundred bytes fit.
 */
function fillStorage(page) {
  return page.evaluate(async () => {
    globalThis.filler = await new Promise((resolve, reject) => {
      const request = indexedDB.open('e2e-filler', 1);
      request.onupgradeneeded = () => request.result.createObjectStore('bytes', { autoIncrement: true });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const write = (size) => new Promise((resolve) => {
      const tx = globalThis.filler.transaction('bytes', 'readwrite');
      tx.objectStore('bytes').put(crypto.getRandomValues(new Uint8Array(size)));
      tx.oncomplete = () => resolve(true);
      tx.onabort = () => resolve(false);
    });
    for (const size of [65536, 4096, 256]) while (await write(size));
  });
}

/** In `page`: frees what `fillStorage` took. */
const freeStorage = (page) => page.evaluate(() => new Promise((resolve, reject) => {
  const tx = globalThis.filler.transaction('bytes', 'readwrite');
  tx.objectStore('bytes').clear();
  tx.oncomplete = () => resolve();
  tx.onabort = () => reject(tx.error);
}));

test('outbox: with the storage full, put() rejects with a StorageError saying so and the queue is as it was', async (t) => {
  const path = '/resources/outbox-quota';
  await fresh('outbox-quota');
  const { page, context, problems } = await openDemo(browser, t, { beforeLoad: smallQuota });
  await failPuts(context, `**${path}`);
  await openBox(page, 'e2e-quota');
  await boxPut(page, path, 'fits', { key: 'small' });
  // Its tries change its attempts meanwhile: the entries are compared by id, key and URL.
  const queue = async () => (await pending(page)).map((e) => [e.id, e.key, e.url]);
  const before = await queue();
  assert.equal(before.length, 1);
  // 2 MiB of random bytes: more than the whole quota.
  const refused = await rejection(page, `(url) => {
    const bytes = new Uint8Array(2 << 20);
    for (let at = 0; at < bytes.length; at += 65536) crypto.getRandomValues(bytes.subarray(at, at + 65536));
    return globalThis.box.put(url, null, bytes, { key: 'large' });
  }`, path);
  assert.equal(refused?.name, 'StorageError');
  assert.match(refused.message, /^IndexedDB could not store an entry: the origin's storage is full; free some or clear\(\) the outbox/);
  assert.deepEqual(await queue(), before, 'the queue is as it was');
  assert.deepEqual(unexpected(problems), []);
});

test('outbox: a storage failure during a delivery is tried again, and nothing unsent is removed', async (t) => {
  const path = '/resources/outbox-storage-fails';
  await fresh('outbox-storage-fails');
  t.after(() => outage(0));
  const { page, problems } = await openDemo(browser, t, { beforeLoad: smallQuota });
  await openBox(page, 'e2e-storage-fails', { maxBackoffMs: 500 });
  await outage(60_000);
  await boxPut(page, path, 'survives a failed write');
  await until(async () => (await seen(path)).requests.some((r) => r.status === 503), 'a PUT refused by the outage');
  // No write has room now: each refused try cannot be recorded, and the outbox keeps
  // trying (after maxBackoffMs) without removing the entry.
  await fillStorage(page);
  const [entry] = await pending(page);
  const tried = (await seen(path)).requests.length;
  await until(async () => (await seen(path)).requests.length >= tried + 2, 'two more tries while writes fail');
  assert.deepEqual(await pending(page), [entry], 'the entry is still there, its tries not recorded');
  await freeStorage(page);
  await outage(0);
  await until(async () => (await pending(page)).length === 0, 'the entry delivered once storage and server are back');
  assert.equal(await storedText(path), 'survives a failed write');
  assert.equal((await acceptedPuts(path)).length, 1);
  assert.deepEqual(unexpected(problems), []);
});

test('outbox: another tab deleting its database closes it at once, says so, and it opens again', async (t) => {
  const path = '/resources/outbox-deleted';
  await fresh('outbox-deleted');
  const { page, context, problems } = await openDemo(browser, t);
  await openBox(page, 'e2e-deleted');
  const other = await anotherPage(context, t);
  // Not blocked: the outbox closed its connection on `versionchange`.
  const deleted = await other.evaluate(() => new Promise((resolve) => {
    const request = indexedDB.deleteDatabase('wasm-put-outbox:e2e-deleted');
    let blocked = false;
    request.onblocked = () => { blocked = true; };
    request.onsuccess = () => resolve({ deleted: true, blocked });
    request.onerror = () => resolve({ deleted: false, blocked });
  }));
  assert.deepEqual(deleted, { deleted: true, blocked: false });
  const changes = await page.evaluate(() => globalThis.changes);
  assert.deepEqual(changes.at(-1), { pending: 0, closed: true });
  const refused = await rejection(page, '(url) => globalThis.box.put(url, null, "x")', path);
  assert.equal(refused?.name, 'StorageError');
  assert.match(refused.message, /Another tab deleted or upgraded the outbox's database, so this outbox closed; open it again/);
  await openBox(page, 'e2e-deleted');
  await boxPut(page, path, 'after reopening');
  await until(async () => (await storedText(path)) === 'after reopening', 'the reopened outbox delivering');
  assert.deepEqual(unexpected(problems), []);
});

test('outbox: an open left blocked by another tab rejects with a StorageError within its bound, and opens once freed', async (t) => {
  const { page, context, problems } = await openDemo(browser, t);
  const other = await anotherPage(context, t);
  // The other tab holds the database open, ignoring `versionchange`, and deletes it: the
  // deletion waits for that connection, and every open behind it waits too.
  await other.evaluate(() => new Promise((resolve, reject) => {
    const request = indexedDB.open('wasm-put-outbox:e2e-blocked', 1);
    request.onsuccess = () => {
      globalThis.held = request.result;
      globalThis.deletion = new Promise((done) => {
        indexedDB.deleteDatabase('wasm-put-outbox:e2e-blocked').onsuccess = () => done('deleted');
      });
      resolve();
    };
    request.onerror = () => reject(request.error);
  }));
  const started = Date.now();
  const refused = await rejection(page, '() => import("/pkg/wasm_put.js").then(async (m) => { await m.default(); return m.outbox("e2e-blocked"); })');
  const waited = Date.now() - started;
  assert.equal(refused?.name, 'StorageError');
  assert.match(refused.message, /IndexedDB did not open the outbox's database within 10000 ms: another tab holds it open/);
  assert.ok(waited < 30_000, `it gave up within its bound, not never: ${waited} ms`);
  // Freed, the deletion goes through; the open left behind closes itself when it
  // succeeds, so a second deletion is not blocked by it.
  assert.equal(await other.evaluate(() => { globalThis.held.close(); return globalThis.deletion; }), 'deleted');
  const again = await other.evaluate(() => new Promise((resolve) => {
    const request = indexedDB.deleteDatabase('wasm-put-outbox:e2e-blocked');
    let blocked = false;
    request.onblocked = () => resolve({ blocked: true });
    request.onsuccess = () => resolve({ blocked: false });
  }));
  assert.deepEqual(again, { blocked: false });
  await openBox(page, 'e2e-blocked');
  assert.deepEqual(await pending(page), []);
  assert.deepEqual(unexpected(problems), []);
});
