// Takes docs/demo.png: the demo page at 1280×900 (full page) after a successful Send;
// and docs/offline-editor.png: the "Saving offline" panel holding a change through an outage.
// Not a test (node --test skips this file name); run it against a dev server:
//   WASM_PUT_TEST_SERVER=http://127.0.0.1:PORT node tests/e2e/demo-screenshot.mjs

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { button, launch, resetResource, sendAndWait, server, waitReady } from './helpers.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = path.join(ROOT, 'docs', 'demo.png');
const OFFLINE_OUT = path.join(ROOT, 'docs', 'offline-editor.png');

await resetResource('123');
await resetResource('offline-draft');
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
  const page = await context.newPage();
  await page.goto(server() + '/');
  await waitReady(page);

  // A little history first, then the default request: 201 Created.
  await button(page, 'Form fields').click();
  await sendAndWait(page);
  await button(page, 'JSON document').click();
  await sendAndWait(page);
  const status = await page.locator('#status').textContent();
  if (status !== '201 Created') throw new Error(`expected 201 Created, the page shows ${status}`);

  await page.locator('#url').blur();
  await page.evaluate(() => document.activeElement?.blur());
  await page.mouse.move(0, 0);
  await mkdir(path.dirname(OUT), { recursive: true });
  await page.screenshot({ path: OUT, fullPage: true });
  console.log(`wrote ${path.relative(ROOT, OUT)}`);

  // The offline panel: one change saved, a second held by an outage and retried.
  await page.waitForFunction(() => document.getElementById('offline').dataset.ready === 'true');
  const draft = page.getByLabel('Offline draft');
  await draft.fill('Saved before the outage.');
  await page.waitForFunction(() => document.getElementById('offline').dataset.saved === 'true');
  await button(page, 'Start a 10-second outage').click();
  await draft.fill('Saved before the outage.\nTyped during it: waiting to be sent.');
  await page.waitForFunction(() => /503/.test(document.getElementById('offline-pending').textContent));
  await page.evaluate(() => document.activeElement?.blur());
  await page.locator('#offline').screenshot({ path: OFFLINE_OUT });
  console.log(`wrote ${path.relative(ROOT, OFFLINE_OUT)}`);
  await (await fetch(server() + '/outage?ms=0', { method: 'POST' })).arrayBuffer();
} finally {
  await browser.close();
}
