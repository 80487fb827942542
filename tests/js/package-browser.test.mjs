// The built package in a real page: headless Chromium opens the dev server, imports
// /pkg/wasm_put.js as a page would, and runs the Requests tutorial snippets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from '../browser.mjs';
import { snippets, expected, server } from './tutorial.mjs';
import { apiExamples, rewrite, runChecked } from './readme.mjs';

let browser;
let page;
const consoleErrors = [];

before(async () => {
  browser = await launch();
  page = await browser.newPage();
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(server() + '/');
  await page.evaluate(async () => {
    const mod = await import('/pkg/wasm_put.js');
    await mod.default();
    window.__put = mod.put;
    window.__update = mod.update;
    window.__create = mod.create;
    window.__outbox = mod.outbox;
  });
});

after(async () => {
  await browser?.close();
});

for (const [name, snippet] of Object.entries(snippets)) {
  test(`tutorial snippet ${name} works from the package in Chromium`, async () => {
    const result = await page.evaluate(
      ([source, base]) => new Function('return ' + source)()(window.__put, base),
      [snippet.toString().replace(/^async \w+\(/, 'async function('), server()],
    );
    assert.deepEqual(result, expected[name](result));
  });
}

test('the page logged no errors while running the tutorial snippets', () => {
  assert.deepEqual(consoleErrors, []);
});

test('a relative url resolves against the location of each call, also when it moves', async () => {
  // put() remembers the last URL it resolved; the same relative text must follow the page.
  const urls = await page.evaluate(async () => {
    const id = 'moved-' + Math.random().toString(36).slice(2);
    const seen = [];
    for (const path of ['/', '/resources/', '/']) {
      history.pushState(null, '', path);
      const res = await window.__put(id, null, 'x');
      seen.push([new URL(res.url).pathname, res.status]);
    }
    history.pushState(null, '', '/');
    return { id, seen };
  });
  const { id, seen } = urls;
  assert.deepEqual(seen, [['/' + id, 404], ['/resources/' + id, 201], ['/' + id, 404]]);
});

// The API examples hit error statuses on purpose, which Chromium logs; they run after.
// Each `EXPRESSION; // VALUE` line of an example is a check (see readme.mjs).
const examples = await apiExamples();
test('the README has an API example for every option', () => {
  for (const option of ['json', 'params', 'timeout', 'signal', 'retry', 'auth', 'throwHttpErrors',
    'onUploadProgress', 'onDownloadProgress', 'redirect']) {
    assert.ok(examples.some((e) => e.source.includes(option + ':')), `no example uses ${option}`);
  }
});

test('the README examples are checked: at least one check for each example with a // value comment', () => {
  const commented = examples.filter((e) => /;\s*\/\/\s*\S/.test(e.source));
  const checks = examples.map((e) => rewrite(e.source, e.line).checks);
  assert.ok(commented.length >= 10, `only ${commented.length} examples state a value`);
  assert.ok(checks.flat().length >= commented.length, `${checks.flat().length} checks for ${commented.length} examples`);
  for (const [i, e] of examples.entries()) {
    if (commented.includes(e)) assert.ok(checks[i].length > 0, `README.md line ${e.line}: a // comment but no check`);
  }
});

examples.forEach(({ source, line }, i) => {
  test(`README API example ${i + 1} runs in Chromium and gives the values it states: ${source.split('\n')[0]}`, async () => {
    const { code, checks } = rewrite(source, line);
    const ran = await page.evaluate(
      ([run, body]) => new Function("return " + run)()(body, window.__put, window.__update, window.__create, window.__outbox),
      [runChecked.toString(), code],
    );
    const skipped = checks.filter((_, i) => !ran.includes(i)).map((c) => `README.md line ${c.line}`);
    assert.deepEqual(skipped, [], 'checks that never ran');
  });
});
