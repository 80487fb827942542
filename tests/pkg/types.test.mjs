// TypeScript: tests/ts/usage.ts, compiled with `tsc --noEmit --strict` against the built
// pkg/wasm_put.d.ts, uses every option and every PutResponse field, and its
// `@ts-expect-error` lines prove that wrong option names and types do not compile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PKG, ROOT, TSC, run, shown } from './helpers.mjs';

const usagePath = path.join(ROOT, 'tests', 'ts', 'usage.ts');
const usage = await readFile(usagePath, 'utf8');
const dts = await readFile(path.join(PKG, 'wasm_put.d.ts'), 'utf8');

/** The member names of an `export interface NAME { … }` of the .d.ts. */
function members(name) {
  const body = dts.match(new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`))?.[1];
  assert.ok(body, `the .d.ts has no interface ${name}`);
  return [...body.matchAll(/^\s+(?:readonly\s+)?(\w+)\??\s*[:(]/gm)].map((m) => m[1]);
}

test('tests/ts/usage.ts compiles with tsc --noEmit --strict against pkg/wasm_put.d.ts', async () => {
  const compiled = await run(process.execPath, [TSC, '-p', path.join(ROOT, 'tests', 'ts')]);
  assert.equal(compiled.code, 0, shown(compiled));
  assert.equal(compiled.stdout, '');
});

test('each @ts-expect-error line of usage.ts is a type error once the directive is gone', async () => {
  const lines = usage.split('\n');
  const directives = lines.flatMap((l, i) => (l.startsWith('// @ts-expect-error') ? [i + 2] : []));
  assert.ok(directives.length >= 25, `only ${directives.length} rejected usages`);
  const dir = path.join(ROOT, 'target', 'ts-check');
  await mkdir(dir, { recursive: true });
  await writeFile(
    path.join(dir, 'unchecked.ts'),
    lines.map((l) => (l.startsWith('// @ts-expect-error') ? '' : l)).join('\n'),
  );
  await writeFile(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: path.join(ROOT, 'tests', 'ts', 'tsconfig.json'), files: ['unchecked.ts'] }),
  );
  const compiled = await run(process.execPath, [TSC, '-p', dir]);
  assert.notEqual(compiled.code, 0);
  const errorLines = [...compiled.stdout.matchAll(/unchecked\.ts\((\d+),\d+\): error TS\d+/g)].map((m) => Number(m[1]));
  assert.deepEqual([...new Set(errorLines)].sort((a, b) => a - b), directives, shown(compiled));
});

test('usage.ts uses every option of PutOptions and RetryOptions, and every PutResponse field', () => {
  const options = usage.slice(usage.indexOf('const options: PutOptions = {'), usage.indexOf('};', usage.indexOf('const options: PutOptions')));
  for (const option of members('PutOptions')) {
    assert.match(options, new RegExp(`^\\s+${option}[,:]`, 'm'), `usage.ts does not set ${option}`);
  }
  const retry = usage.match(/const retry: RetryOptions = \{([^}]*)\}/)[1];
  for (const key of members('RetryOptions')) assert.match(retry, new RegExp(`\\b${key}:`), `no retry.${key}`);
  for (const field of members('PutResponse')) {
    assert.match(usage, new RegExp(`= res\\.${field}\\b`), `usage.ts does not read res.${field}`);
  }
});
