// The demo page sending real bodies and meeting real failures: a form, a 2 MiB file with
// upload progress, a timeout, a cancelled request and a retried flaky endpoint.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  api, button, launch, openDemo, resetResource, sendAndWait, status, waitForText,
} from './helpers.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test('a form body is sent form-encoded and /echo shows key1=value1&key2=value2', async (t) => {
  const { page } = await openDemo(browser, t);
  await button(page, 'Form fields').click();
  assert.equal(await page.locator('#url').inputValue(), '/echo');
  await button(page, '+ Add field').click();
  // The new row's name field has the focus.
  await page.keyboard.type('key3');
  await page.getByRole('textbox', { name: 'Field 3 value' }).fill('a b&c');

  await sendAndWait(page);
  assert.equal((await status(page)).text, '200 OK');
  await waitForText(page, '#response-body', '"body": "key1=value1&key2=value2&key3=a+b%26c"');
  await waitForText(page, '#response-body', '"content-type": "application/x-www-form-urlencoded');
  await waitForText(page, '#snippet-py', "data={'key1': 'value1', 'key2': 'value2', 'key3': 'a b&c'}");
});

test('a 2 MiB file upload to /resources succeeds and the upload bar reaches 100 %', async (t) => {
  const id = 'e2e-upload';
  await resetResource(id);
  const { page } = await openDemo(browser, t);
  await page.locator('#url').fill(`/resources/${id}`);
  await button(page, 'Remove header 1').click();
  await page.getByLabel('File', { exact: true }).check();
  assert.equal(await button(page, 'Send').isDisabled(), true);
  await waitForText(page, '#send-hint', 'Choose a file');

  const size = 2 * 1024 * 1024;
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i += 1) bytes[i] = (i * 7) % 251;
  await page.getByLabel('File to send').setInputFiles({ name: 'upload.bin', mimeType: 'application/octet-stream', buffer: bytes });
  await waitForText(page, '#file-info', 'upload.bin: 2.0 MiB');

  await sendAndWait(page);
  assert.deepEqual(await status(page), { text: '201 Created', className: 'status status-2xx' });
  assert.equal(await page.locator('#upload-row').isVisible(), true);
  const bar = await page.locator('#upload-progress').evaluate((el) => ({ value: el.value, max: el.max }));
  assert.deepEqual(bar, { value: size, max: size });
  await waitForText(page, '#upload-text', /^100 % · 2\.0 MiB of 2\.0 MiB$/);
  await waitForText(page, '#response-body', `"size": ${size}`);
  await waitForText(page, '#history li:first-child', `PUT /resources/${id}`);

  const stored = await api(`/resources/${id}`);
  assert.equal(stored.headers.get('content-type'), 'application/octet-stream');
  assert.deepEqual(Buffer.from(await stored.arrayBuffer()), bytes);
});

test('a slow answer with a 300 ms timeout shows a TimeoutError', async (t) => {
  const { page } = await openDemo(browser, t);
  await page.locator('#url').fill('/delay/3000');
  await page.getByLabel('None', { exact: true }).check();
  await page.locator('#timeout').fill('300');
  await sendAndWait(page);
  assert.deepEqual(await status(page), { text: 'Failed', className: 'status status-error' });
  await waitForText(page, '#error-name', /^TimeoutError$/);
  await waitForText(page, '#error-message', /300 ?ms/);
  assert.equal(await page.locator('#error').isVisible(), true);
  await waitForText(page, '#history li:first-child', 'TimeoutError');
  assert.equal(await button(page, 'Send').isEnabled(), true);
});

test('Cancel aborts a running request with an AbortError and Send works again', async (t) => {
  const { page } = await openDemo(browser, t);
  await page.locator('#url').fill('/delay/5000');
  await page.getByLabel('None', { exact: true }).check();
  await button(page, 'Send').click();
  assert.equal(await button(page, 'Send').isDisabled(), true);
  await waitForText(page, '#status', 'Sending…');
  await button(page, 'Cancel').click();

  await waitForText(page, '#error-name', /^AbortError$/);
  await waitForText(page, '#error-message', 'cancelled by the user');
  assert.equal(await button(page, 'Send').isEnabled(), true);
  assert.equal(await button(page, 'Cancel').isDisabled(), true);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'send');

  // And the next request goes through.
  await page.locator('#url').fill('/delay/10');
  await sendAndWait(page);
  assert.equal((await status(page)).text, '200 OK');
});

test('the flaky preset succeeds after retries, and without retries shows the 503', async (t) => {
  const { page } = await openDemo(browser, t);
  await button(page, 'Flaky server + retry').click();
  await page.waitForFunction(() => document.getElementById('url').value.startsWith('/flaky/'));
  assert.equal(await page.locator('#retry').inputValue(), '3');
  await sendAndWait(page);
  assert.equal((await status(page)).text, '200 OK');
  await waitForText(page, '#response-body', '"attempts": 3');

  await button(page, 'Flaky server + retry').click();
  await page.locator('#retry').fill('0');
  await sendAndWait(page);
  assert.deepEqual(await status(page), { text: '503 Service Unavailable', className: 'status status-5xx' });
});

test('the large download shows its progress and a size summary of the binary body', async (t) => {
  const { page } = await openDemo(browser, t);
  await button(page, 'Large download').click();
  await sendAndWait(page);
  assert.equal((await status(page)).text, '200 OK');
  await waitForText(page, '#download-text', /^100 % · 7\.6 MiB of 7\.6 MiB$/);
  await waitForText(page, '#response-body', /^Binary body: 8,000,000 bytes \(7\.6 MiB\) of application\/octet-stream\./);
});
