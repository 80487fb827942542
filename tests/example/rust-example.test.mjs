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

  // The app's own `put` and `update`, the names the npm package exports too.
  assert.match(await page.evaluate(() => window.app.update('fast')), /^200 replaced: John Doe \(rust, wasm, fast\), ETag "/);
  assert.match(await page.evaluate(() => window.app.put('Jane Roe')), /^200 replaced: Jane Roe \(rust, wasm\)/);
  const after = await (await fetch(`${site}/resources/example`)).json();
  assert.deepEqual(after, { name: 'Jane Roe', tags: ['rust', 'wasm'] });
  assert.deepEqual(errors, []);
});

test("the Rust app's wasm exports the app's functions and nothing of wasm-put's JS API", async () => {
  assert.ok(site, 'WASM_PUT_EXAMPLE_SERVER is not set: run the tests with `cargo xtask test`');
  const bytes = await (await fetch(`${site}/pkg/wasm_put_example_bg.wasm`)).arrayBuffer();
  const names = WebAssembly.Module.exports(await WebAssembly.compile(bytes)).map((e) => e.name);
  assert.ok(names.includes('put') && names.includes('update'), `the app's put and update: ${names}`);
  // The package's exports: `PutResponse`'s methods (`putresponse_…`) and its readers.
  const ours = names.filter((n) => /putresponse|^__wbg_putresponse/i.test(n));
  assert.deepEqual(ours, [], 'no export of the JS API in a Rust app');
  const glue = await (await fetch(`${site}/pkg/wasm_put_example.js`)).text();
  assert.doesNotMatch(glue, /class PutResponse/);
});
