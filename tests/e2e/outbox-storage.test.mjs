// outbox() when the browser's storage fails, in real Chromium, each case checked against
// what the dev server saw (`/seen`): a quota too small for an entry, every write failing
// during a delivery, the database deleted by another tab, an open blocked by another tab.
// Each is reported, never hangs, and removes nothing that was not sent.
//
// One test starts an outage of the dev server (every PUT /resources/{id} answers 503)
// and ends it as soon as it has checked what it needs.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { acceptedPuts, fresh, launch, openDemo, seen, server, storedText, until } from './helpers.mjs';
import { anotherPage, boxPut, openBox, outage, pending, rejection, unexpected } from './outbox-helpers.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
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
  t.after(() => outage(0));
  await outage(60_000);
  const { page, problems } = await openDemo(browser, t, { beforeLoad: smallQuota });
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
    request.onblocked = () => resolve({ deleted: false, blocked: true });
    request.onsuccess = () => resolve({ deleted: true, blocked: false });
    request.onerror = () => resolve({ deleted: false, blocked: false });
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
  // Raced against 30 s, so that an open that hangs fails the test rather than stalling it.
  const refused = await rejection(page, `() => Promise.race([
    import('/pkg/wasm_put.js').then(async (m) => { await m.default(); return m.outbox('e2e-blocked'); }),
    new Promise((_, reject) => setTimeout(() => reject(new Error('still waiting after 30 s')), 30_000)),
  ])`);
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
