// The demo page in real Chromium: first load, sending, history, validation, code
// snippets, the If-Match preset, a narrow screen and a package that fails to load.
// The tests that use /resources/123 live in this file so they never run at the same time.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  api, button, launch, openDemo, resetResource, sendAndWait, server, status, waitForText,
} from './helpers.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test('first load has no console errors or page errors, and the Send button is enabled', async (t) => {
  const failed = [];
  const { page, problems } = await openDemo(browser, t, {
    beforeLoad: async (p) => {
      p.on('requestfailed', (request) => failed.push(`${request.url()}: ${request.failure()?.errorText}`));
      p.on('response', (response) => response.status() >= 400 && failed.push(`${response.url()}: ${response.status()}`));
    },
  });
  assert.equal(await button(page, 'Send').isEnabled(), true);
  assert.equal(await button(page, 'Cancel').isEnabled(), false);
  assert.equal(await page.locator('#url').inputValue(), '/resources/123');
  assert.equal(await page.locator('#json-body').inputValue(), '{"name": "John Doe"}');
  assert.equal(await page.getByRole('textbox', { name: 'Header 1 value' }).inputValue(), 'application/json');
  assert.equal(await page.locator('#load-error').isHidden(), true);
  assert.match(await page.locator('h1').textContent(), /wasm-put/);
  assert.deepEqual(problems, []);
  assert.deepEqual(failed, []);
});

test('Send gives 201 Created then 200 OK, in colour, and the history grows', async (t) => {
  await resetResource('123');
  const { page } = await openDemo(browser, t);

  await sendAndWait(page);
  let shown = await status(page);
  assert.equal(shown.text, '201 Created');
  assert.match(shown.className, /\bstatus-2xx\b/);
  assert.equal(await page.locator('#status').evaluate((el) => getComputedStyle(el).color), 'rgb(23, 102, 58)');
  await waitForText(page, '#response-body', '"created": true');
  await waitForText(page, '#response-headers', '/resources/123'); // Location
  await waitForText(page, '#result-meta', / ms · /);
  assert.equal(await page.locator('#history li').count(), 1);

  await sendAndWait(page);
  shown = await status(page);
  assert.equal(shown.text, '200 OK');
  assert.match(shown.className, /\bstatus-2xx\b/);
  await waitForText(page, '#response-body', '"created": false');
  assert.equal(await page.locator('#history li').count(), 2);
  await waitForText(page, '#history li:first-child', /PUT \/resources\/123\s*→\s*200 OK/);
});

test('clicking a history entry loads that request back into the form', async (t) => {
  const { page } = await openDemo(browser, t);
  await button(page, 'Form fields').click();
  await page.getByRole('textbox', { name: 'Field 1 value' }).fill('from history');
  await page.locator('#timeout').fill('4000');
  await sendAndWait(page);
  assert.equal((await status(page)).text, '200 OK');

  // Change everything, then bring the sent request back.
  await button(page, 'JSON document').click();
  await page.locator('#url').fill('/status/418');
  await page.locator('#timeout').fill('');
  assert.equal(await page.getByLabel('JSON', { exact: true }).isChecked(), true);

  await page.locator('#history li button').first().click();
  assert.equal(await page.locator('#url').inputValue(), '/echo');
  assert.equal(await page.getByLabel('Form fields', { exact: true }).isChecked(), true);
  assert.equal(await page.getByRole('textbox', { name: 'Field 1 name' }).inputValue(), 'key1');
  assert.equal(await page.getByRole('textbox', { name: 'Field 1 value' }).inputValue(), 'from history');
  assert.equal(await page.locator('#timeout').inputValue(), '4000');
  assert.equal(await page.locator('#header-rows .row').count(), 0);
  await waitForText(page, '#snippet-js', "key1: 'from history'");

  // The history survives a reload (localStorage) and still loads.
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  assert.equal(await page.locator('#history li').count(), 1);
  await page.locator('#history li button').first().click();
  assert.equal(await page.locator('#url').inputValue(), '/echo');
});

test('invalid JSON in the body shows a validation message and is not sent', async (t) => {
  const { page } = await openDemo(browser, t);
  const puts = [];
  page.on('request', (request) => request.method() === 'PUT' && puts.push(request.url()));

  await page.locator('#json-body').fill('{"name": "John Doe",}');
  await waitForText(page, '#json-status', /^Invalid JSON: /);
  assert.equal(await page.locator('#json-status').isVisible(), true);
  assert.equal(await page.locator('#json-body').getAttribute('aria-invalid'), 'true');
  assert.equal(await button(page, 'Send').isDisabled(), true);
  await waitForText(page, '#send-hint', 'Fix the JSON body');

  // Neither Enter in the URL field nor a scripted submit sends it.
  await page.locator('#url').press('Enter');
  await page.locator('#request').evaluate((form) => form.requestSubmit());
  assert.equal(await page.locator('#result-summary').isHidden(), true);
  assert.deepEqual(puts, []);

  await page.locator('#json-body').fill('{"name": "John Doe"}');
  await waitForText(page, '#json-status', 'Valid JSON.');
  assert.equal(await button(page, 'Send').isEnabled(), true);
  assert.deepEqual(puts, []);
});

test('the code snippets follow the form', async (t) => {
  const { page } = await openDemo(browser, t, { permissions: ['clipboard-read', 'clipboard-write'] });
  await waitForText(page, '#snippet-js', "'{\"name\": \"John Doe\"}'");
  await waitForText(page, '#snippet-py', `'${server()}/resources/123'`);

  await page.locator('#url').fill('/echo?lang=py');
  await page.locator('#timeout').fill('1500');
  await page.locator('#retry').fill('2');
  await page.getByLabel('Throw on HTTP errors').check();
  const py = await page.locator('#snippet-py').textContent();
  assert.match(py, /session\.put\(|requests\.put\(/);
  assert.ok(py.includes(`'${server()}/echo?lang=py'`), py);
  assert.ok(py.includes('timeout=1.5'), py);
  assert.ok(py.includes('Retry(total=2'), py);
  assert.ok(py.includes('r.raise_for_status()'), py);
  const js = await page.locator('#snippet-js').textContent();
  assert.ok(js.includes("'/echo?lang=py'"), js);
  assert.ok(js.includes('{ timeout: 1500, retry: 2, throwHttpErrors: true }'), js);

  await page.locator('#retry').fill('0');
  await button(page, 'Form fields').click();
  await page.locator('#url').fill('/echo?v=2');
  await waitForText(page, '#snippet-py', 'requests.put(');
  await waitForText(page, '#snippet-py', `'${server()}/echo?v=2'`);
  await waitForText(page, '#snippet-py', "data={'key1': 'value1', 'key2': 'value2'}");
  await waitForText(page, '#snippet-js', "{ key1: 'value1', key2: 'value2' }");

  // Copy puts the snippet on the clipboard.
  await page.locator('figure', { hasText: 'Python with Requests' }).getByRole('button', { name: 'Copy' }).click();
  await waitForText(page, '#copy-status', 'Copied the Python snippet.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, await page.locator('#snippet-py').textContent());
});

test('the If-Match preset gives 200 with a fresh tag and 412 with a stale one', async (t) => {
  await resetResource('123');
  const { page } = await openDemo(browser, t);
  await button(page, 'Conditional update (If-Match)').click();
  await waitForText(page, '#preset-note', 'Precondition Failed');
  const tag = await page.getByRole('textbox', { name: 'Header 2 value' }).inputValue();
  assert.equal(await page.getByLabel('Header 2 name', { exact: true }).inputValue(), 'If-Match');
  const current = await api('/resources/123');
  assert.equal(tag, current.headers.get('etag'));
  await current.arrayBuffer();

  await sendAndWait(page);
  assert.deepEqual(await status(page), { text: '200 OK', className: 'status status-2xx' });

  await sendAndWait(page);
  assert.deepEqual(await status(page), { text: '412 Precondition Failed', className: 'status status-4xx' });
  assert.equal(await page.locator('#status').evaluate((el) => getComputedStyle(el).color), 'rgb(143, 68, 0)');
  await waitForText(page, '#history li:first-child', '412 Precondition Failed');

  // Choosing the preset again reads the new tag, which holds again.
  await button(page, 'Conditional update (If-Match)').click();
  await page.waitForFunction(
    (old) => document.querySelector('input[aria-label="Header 2 value"]').value !== old, tag,
  );
  await sendAndWait(page);
  assert.equal((await status(page)).text, '200 OK');
});

test('on a narrow screen of 375 px nothing scrolls sideways', async (t) => {
  const { page } = await openDemo(browser, t, { viewport: { width: 375, height: 740 } });
  const width = () => page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(await width() <= 375, `scrollWidth ${await width()} on load`);

  await sendAndWait(page);
  await button(page, 'Form fields').click();
  await page.locator('#url').fill('/echo?a-rather-long-query-string=' + 'x'.repeat(120));
  await sendAndWait(page);
  await page.locator('#response-body').waitFor();
  assert.ok(await width() <= 375, `scrollWidth ${await width()} with an answer, snippets and history`);
  const sendBox = await button(page, 'Send').boundingBox();
  assert.ok(sendBox.x >= 0 && sendBox.x + sendBox.width <= 375);
});

test('a package that fails to load shows a visible error on the page', async (t) => {
  const { page, problems } = await openDemo(browser, t, {
    ready: false,
    beforeLoad: (p) => p.route('**/pkg/wasm_put_bg.wasm', (route) => route.fulfill({ status: 404, body: 'gone' })),
  });
  await page.locator('#load-error').waitFor({ state: 'visible' });
  await waitForText(page, '#load-error', 'wasm-put did not load');
  await waitForText(page, '#load-error', 'cargo xtask build');
  assert.equal(await button(page, 'Send').isDisabled(), true);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.ready), 'error');
  assert.ok(problems.every((p) => !p.startsWith('page error')), problems.join('\n'));
});

test('every control is labelled, reachable with Tab and shows its focus', async (t) => {
  const { page } = await openDemo(browser, t);
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, textarea, select, button')]
    .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')
      || (el.tagName === 'BUTTON' && el.textContent.trim())))
    .map((el) => el.outerHTML));
  assert.deepEqual(unlabelled, []);

  const reached = new Map();
  for (let i = 0; i < 40; i += 1) {
    await page.keyboard.press('Tab');
    const { key, outline } = await page.evaluate(() => {
      const el = document.activeElement;
      // A body-type radio is drawn by its label, which carries the focus ring.
      const drawn = el.matches('.segmented input') ? el.nextElementSibling : el;
      return { key: el.id || el.textContent.trim(), outline: getComputedStyle(drawn).outlineStyle };
    });
    reached.set(key, outline);
  }
  for (const key of ['JSON document', 'Conditional update (If-Match)', 'url', 'add-header', 'kind-json',
    'json-body', 'timeout', 'retry', 'throw-http-errors', 'send']) {
    assert.ok(reached.has(key), `${key} is not reached with Tab: ${[...reached.keys()].join(', ')}`);
    assert.equal(reached.get(key), 'solid', `${key} shows no focus ring`);
  }

  // Enter in the URL field sends.
  await page.locator('#url').fill('/echo');
  await page.locator('#url').press('Enter');
  await waitForText(page, '#status', '200 OK');
  await waitForText(page, '#response-body', '"method": "PUT"');
});
