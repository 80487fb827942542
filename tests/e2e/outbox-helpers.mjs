// What the end-to-end tests of outbox() share: an outage of the dev server, an outbox
// opened in a page, its calls made from Node, and more pages of one browser context.

import { api, server, waitReady } from './helpers.mjs';

/** Starts an outage of `ms` (0 ends it). */
export const outage = (ms) => api(`/outage?ms=${ms}`, { method: 'POST' }).then((res) => res.arrayBuffer());

/**
 * The page's problems, less the ones a failed delivery makes on purpose: Chromium logs
 * the 503s of an outage as console errors.
 */
export const unexpected = (problems) =>
  problems.filter((p) => !/Failed to load resource: the server responded with a status of 503\b/.test(p));

/**
 * In `page`: imports the package and opens the outbox `name` as `globalThis.box`, its
 * `onChange` events kept in `globalThis.changes`.
 */
export function openBox(page, name, options = {}) {
  return page.evaluate(async ({ name, options }) => {
    const wasmPut = await import('/pkg/wasm_put.js');
    await wasmPut.default();
    globalThis.changes = [];
    globalThis.box = await wasmPut.outbox(name, { ...options, onChange: (change) => globalThis.changes.push(change) });
  }, { name, options });
}

/** In `page`: `box.put(url, null, text, options)`, resolved once the entry is committed. */
export const boxPut = (page, url, text, options = {}) =>
  page.evaluate(({ url, text, options }) => globalThis.box.put(url, null, text, options), { url, text, options });

/** In `page`: the pending entries of `box`. */
export const pending = (page) => page.evaluate(() => globalThis.box.pending());

/** In `page`: what `promise()` rejects with, as `{ name, message }` (or `null` when it resolves). */
export function rejection(page, source, arg) {
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
export async function anotherPage(context, t) {
  const page = await context.newPage();
  t.after(() => page.close().catch(() => {}));
  await page.goto(server() + '/');
  await waitReady(page);
  return page;
}
