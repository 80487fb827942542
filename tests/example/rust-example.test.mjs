// The Rust example app (examples/rust/) in headless Chromium: its page loads the wasm
// that `cargo xtask test` built from the crate, whose Rust PUTs a serde struct with
// wasm-put and shows the answer. `WASM_PUT_EXAMPLE_SERVER` serves that page with the
// dev API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from '../browser.mjs';

const site = (process.env.WASM_PUT_EXAMPLE_SERVER || '').replace(/\/+$/, '');

test('the Rust example PUTs its struct and shows what the server stored', async (t) => {
  assert.ok(site, 'WASM_PUT_EXAMPLE_SERVER is not set: run the tests with `cargo xtask test`');
  const browser = await launch();
  t.after(() => browser.close());
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  for (const expected of [/^201 created: John Doe \(rust, wasm\), ETag "/, /^200 replaced: John Doe/]) {
    await page.goto(`${site}/`);
    await page.waitForSelector('#answer[data-done]', { timeout: 15_000 });
    assert.match(await page.textContent('#answer'), expected);
  }
  const stored = await (await fetch(`${site}/resources/example`)).json();
  assert.deepEqual(stored, { name: 'John Doe', tags: ['rust', 'wasm'] });
  assert.deepEqual(errors, []);
});
