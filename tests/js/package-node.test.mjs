// The built package in Node: import pkg/wasm_put.js, init with the wasm bytes, run the
// Requests tutorial snippets against the dev server.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { inspect } from 'node:util';
import init, { put } from '../../pkg/wasm_put.js';
import { snippets, expected, server } from './tutorial.mjs';

before(async () => {
  const bytes = await readFile(new URL('../../pkg/wasm_put_bg.wasm', import.meta.url));
  await init({ module_or_path: bytes });
});

for (const [name, snippet] of Object.entries(snippets)) {
  test(`tutorial snippet ${name} works from the package in Node`, async () => {
    const result = await snippet(put, server());
    assert.deepEqual(result, expected[name](result));
  });
}

test('put rejects bad input with an Error and never throws synchronously', async () => {
  let promise;
  assert.doesNotThrow(() => {
    promise = put(Symbol('nope'), 42, () => {});
  });
  await assert.rejects(promise, (e) => e instanceof Error && e.name === 'InvalidInputError');
});

test('a response keeps its class name in the minified package, for logs', async () => {
  const res = await put(server() + '/echo', null, 'x');
  assert.equal(res.constructor.name, 'PutResponse');
  assert.match(inspect(res), /^PutResponse \{/);
});

test('the .d.ts types put precisely, with no any in its signature', async () => {
  const dts = await readFile(new URL('../../pkg/wasm_put.d.ts', import.meta.url), 'utf8');
  const signature = dts.split('\n').find((l) => l.startsWith('export function put('));
  assert.equal(
    signature,
    'export function put(url: string | URL, headers?: HeadersInput | null, data?: DataInput | null, options?: PutOptions | null): Promise<PutResponse>;',
  );
  for (const type of ['PutOptions', 'PutResponse', 'ProgressEvent', 'RetryOptions', 'PutErrorName']) {
    assert.match(dts, new RegExp(`export (interface|type) ${type}\\b`));
  }
});
