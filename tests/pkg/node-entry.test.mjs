// The package's Node entry, pkg/node.js: the wasm instantiated on import, so `put` is
// ready with no init(); init() and initSync() still work, for code written for the web.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PKG, ROOT, run, server, shown } from './helpers.mjs';

test('pkg/node.js gives a put that is ready on import, with no init()', async () => {
  const { put } = await import('../../pkg/node.js');
  const res = await put(`${server()}/echo?from=node`, { 'X-Entry': 'node' }, 'hello');
  assert.equal(res.status, 200);
  const echo = res.json();
  assert.equal(echo.method, 'PUT');
  assert.equal(echo.query, 'from=node');
  assert.equal(echo.body, 'hello');
  assert.equal(echo.headers['x-entry'], 'node');
});

test('init() and initSync() on the Node entry return the module it already instantiated', async () => {
  const node = await import('../../pkg/node.js');
  const web = await import('../../pkg/wasm_put.js');
  const fromInit = await node.default();
  assert.ok(fromInit.memory instanceof WebAssembly.Memory);
  assert.equal(node.initSync(), fromInit);
  assert.equal(await web.default(), fromInit, 'one instance, shared with the web glue');
  assert.equal(node.put, web.put);
  assert.deepEqual(Object.keys(node).sort(), Object.keys(web).sort(), 'the same exports as the web glue');
});

test('a fresh Node process imports the entry and PUTs, printing no warning', async () => {
  const script = `
    import { put } from './pkg/node.js';
    const res = await put(process.env.WASM_PUT_TEST_SERVER + '/resources/node-entry-' + process.pid,
      null, null, { json: { ok: true } });
    console.log(res.status, res.statusText);`;
  const result = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT });
  assert.equal(result.code, 0, shown(result));
  assert.equal(result.stdout, '201 Created\n');
  assert.equal(result.stderr, '', 'no deprecation warning from initSync, no error');
});

test('node.d.ts re-exports the web glue types, default export included', async () => {
  const dts = await readFile(path.join(PKG, 'node.d.ts'), 'utf8');
  assert.match(dts, /^export \* from '\.\/wasm_put\.js';$/m);
  assert.match(dts, /^export \{ default \} from '\.\/wasm_put\.js';$/m);
});
