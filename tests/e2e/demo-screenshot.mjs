// Takes docs/demo.png: the demo page at 1280×900 (full page) after a successful Send.
// Not a test (node --test skips this file name); run it against a dev server:
//   WASM_PUT_TEST_SERVER=http://127.0.0.1:PORT node tests/e2e/demo-screenshot.mjs

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { button, launch, resetResource, sendAndWait, server, waitReady } from './helpers.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = path.join(ROOT, 'docs', 'demo.png');

await resetResource('123');
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
} finally {
  await browser.close();
}
