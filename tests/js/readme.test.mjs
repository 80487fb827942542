// The rewriting of README examples into checks (readme.mjs), on small made-up examples:
// a right value passes, a wrong one fails with the README line, prose is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rewrite, runChecked } from './readme.mjs';

/** Rewrites and runs `source` in Node, as README line 10 onwards. */
function run(source) {
  const { code } = rewrite(source, 10);
  return runChecked(code, null, null);
}

test('a line whose value is right passes, and its check runs', async () => {
  const source = "const res = { status: 201, json: () => ({ query: 'v=1' }) };\nres.json().query; // 'v=1'";
  assert.deepEqual(rewrite(source).checks, [{ line: 2, expression: 'res.json().query', value: "'v=1'" }]);
  assert.deepEqual(await run(source), [0]);
});

test('a line whose value is wrong fails, quoting the README line and both values', async () => {
  await assert.rejects(run("const res = { status: 201 };\nres.status; // 200"), {
    message: 'README.md line 11: res.status; // 200\n  gives    201\n  expected 200',
  });
});

test('a list of expressions checks each against its value, deeply', async () => {
  const e = "const e = { name: 'AbortError', cause: 'user left', list: [1, { a: 'b' }] };\n";
  assert.deepEqual(await run(e + "e.name, e.cause, e.list; // 'AbortError', 'user left', [1, { a: 'b' }]"), [0]);
  await assert.rejects(run(e + "e.name, e.cause; // 'AbortError', 'user stayed'"), /expected 'AbortError', 'user stayed'$/);
  await assert.rejects(run(e + "e.list; // [1, { a: 'c' }]"), /gives    \[1, \{ a: 'b' \}\]/);
  await assert.rejects(run(e + 'e.name; // undefined'), /gives    'AbortError'/);
  await assert.rejects(run('new Uint8Array([1, 2]); // [1, 2]'), /gives    Uint8Array\(2\)/);
  assert.deepEqual(await run('new Uint8Array([1, 2]); // new Uint8Array([1, 2])'), [0]);
});

test('a comment that is prose, not a value, is refused, saying it must be a value', () => {
  for (const prose of [
    'res.status; // 201 the first time, 200 after',
    'second.status; // 200; a stale ETag gives 412',
    "await Promise.all(saves); // [PutResponse, 'superseded', PutResponse]: 'a' then 'abc'",
    "await Promise.all(saves); // [PutResponse, 'superseded', PutResponse]",
  ]) {
    assert.throws(() => rewrite('let res;\n' + prose, 10), (e) => {
      assert.match(e.message, /^README\.md line 11: .*\nthe README comment must be a value/);
      return true;
    }, prose);
  }
});

test('declarations, statements and comment lines are left as they are', () => {
  const source = [
    '// a comment line; // not a check',
    "const res = await put('/echo'); // 'not checked'",
    'let last; // undefined',
    'if (x) y(); // done',
    '  x;',
  ].join('\n');
  assert.deepEqual(rewrite(source), { code: source, checks: [] });
});

test('a check that never runs is not reported as run', async () => {
  assert.deepEqual(await run('try {\n  1 + 1;\n} catch (e) {\n  e.name; // \'Error\'\n}'), []);
});
