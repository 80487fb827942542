// The README's API section against pkg/wasm_put.d.ts, so they cannot drift: every option
// of PutOptions is a **`name`** of the README's Options subsection and the other way
// round, every PutResponse field is in its table, and the same for RetryOptions and the
// error names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PKG, ROOT } from './helpers.mjs';

const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
const dts = await readFile(path.join(PKG, 'wasm_put.d.ts'), 'utf8');

/** The text of a `## `/`### ` heading's section, up to the next heading of that level or above. */
function section(text, heading) {
  const level = heading.match(/^#+/)[0].length;
  const start = text.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `README.md has no heading "${heading}"`);
  const rest = text.slice(start + heading.length + 2);
  const next = rest.search(new RegExp(`^#{1,${level}} `, 'm'));
  return next < 0 ? rest : rest.slice(0, next);
}

const api = section(readme, '## API');

/** The member names of an interface of the .d.ts. */
function members(name) {
  const body = dts.match(new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`))?.[1];
  assert.ok(body, `the .d.ts has no interface ${name}`);
  return [...body.matchAll(/^\s+(?:readonly\s+)?(\w+)\??\s*[:(]/gm)].map((m) => m[1]).sort();
}

/** Code names inside bold runs of text: **`a`**, **`b`, `c`** → a, b, c. */
function boldNames(text) {
  return [...text.matchAll(/\*\*(`[^*]+`)\*\*/g)]
    .flatMap((m) => [...m[1].matchAll(/`([^`]+)`/g)].map((n) => n[1]))
    .sort();
}

/** Code names in the first column of a Markdown table. */
function firstColumnNames(text) {
  return text
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .flatMap((l) => [...l.split('|')[1].matchAll(/`([^`]+)`/g)].map((m) => m[1].replace(/\(\)$/, '')))
    .sort();
}

test('every PutOptions option of the .d.ts is a **`name`** of the README Options, and vice versa', () => {
  const documented = boldNames(section(api, '### Options'));
  const typed = members('PutOptions');
  assert.deepEqual(typed.filter((o) => !documented.includes(o)), [], 'typed but not in the README');
  assert.deepEqual(documented.filter((o) => !typed.includes(o)), [], 'in the README but not typed');
  assert.equal(new Set(documented).size, documented.length, 'an option documented twice');
});

test('every RetryOptions key is named in the README retry option', () => {
  const options = section(api, '### Options');
  const retry = options.slice(options.indexOf('**`retry`**'), options.indexOf('**`auth`**'));
  for (const key of members('RetryOptions')) {
    const inCode = [...retry.matchAll(/`([^`]+)`/g)].some((m) => new RegExp(`\\b${key}\\b`).test(m[1]));
    assert.ok(inCode, `retry: ${key} is not documented`);
  }
});

test('every PutResponse field of the .d.ts is in the README PutResponse table, and vice versa', () => {
  const documented = firstColumnNames(section(api, '### `PutResponse`'));
  const typed = members('PutResponse');
  assert.deepEqual(typed.filter((f) => !documented.includes(f)), [], 'typed but not in the README');
  assert.deepEqual(documented.filter((f) => !typed.includes(f)), [], 'in the README but not typed');
  // Methods are written with their parentheses in the README.
  const body = dts.match(/export interface PutResponse \{([\s\S]*?)\n\}/)[1];
  for (const method of [...body.matchAll(/^\s+(\w+)\(\): \w+;$/gm)].map((m) => m[1])) {
    assert.ok(section(api, '### `PutResponse`').includes(`\`${method}()\``), `${method}() without ()`);
  }
});

test('every PutErrorName is in the README Errors table, and vice versa', () => {
  const union = dts.match(/export type PutErrorName =([^;]+);/)[1];
  const typed = [...union.matchAll(/"(\w+)"/g)].map((m) => m[1]).sort();
  assert.equal(typed.length, 7); // NotSupportedError and the outbox's StorageError joined the five of the contract
  assert.deepEqual(firstColumnNames(section(api, '### Errors')), typed);
});
