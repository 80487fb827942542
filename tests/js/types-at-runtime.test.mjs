// The types of pkg/wasm_put.d.ts against what the built package really gives in Node:
// every member of `export interface PutResponse` has, on real answers from the dev
// server, a value of its declared type; the class's getters and methods are the
// interface's members; the hand-written TypeScript of src/js/types.rs is in the .d.ts
// as written; and the options it declares are those of the option table, as the library
// itself lists them when it refuses an unknown one.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { inspect } from 'node:util';
import init, { put, update as updateFn, create, PutResponse } from '../../pkg/wasm_put.js';
const putFn = put;
import { server } from './tutorial.mjs';

const dts = await readFile(new URL('../../pkg/wasm_put.d.ts', import.meta.url), 'utf8');

/** The members of `export interface PutResponse`: name, declared type, and whether a method. */
function declaredMembers() {
  const body = dts.match(/export interface PutResponse \{([\s\S]*?)\n\}/)?.[1];
  assert.ok(body, 'pkg/wasm_put.d.ts has no `export interface PutResponse { … }`');
  const code = body.replace(/\/\*[\s\S]*?\*\//g, '');
  const members = [...code.matchAll(/^\s*(readonly\s+)?(\w+)(\(\))?\s*:\s*([^;]+);\s*$/gm)].map((m) => ({
    name: m[2],
    readonly: Boolean(m[1]),
    method: Boolean(m[3]),
    type: m[4].trim(),
  }));
  const lines = code.split('\n').filter((l) => l.trim()).length;
  assert.equal(members.length, lines, `a member of PutResponse this test cannot read:\n${code}`);
  return members;
}

// Names wasm-bindgen puts on every exported class by itself, which no interface declares:
// the JS constructor, `free()` and `[Symbol.dispose]()` (explicit freeing, `using`) and
// the internal `__destroy_into_raw()`.
const BINDGEN_OWN = ['constructor', 'free', '__destroy_into_raw', Symbol.dispose];

/** The own keys of PutResponse.prototype, less those wasm-bindgen adds to every class. */
function classMembers() {
  return Reflect.ownKeys(PutResponse.prototype).filter((key) => !BINDGEN_OWN.includes(key));
}

/**
 * Asserts that `value` fits the declared `type` of `name`; `hasEtag` tells whether the
 * answer carried the header behind a `string | null` field, which must then be a string,
 * else strictly `null`.
 */
function assertOfType(name, type, value, { hasEtag }) {
  const where = `PutResponse.${name}, declared \`${type}\`, is ${inspect(value, { depth: 0 }).slice(0, 60)}`;
  switch (type) {
    case 'number':
      assert.equal(typeof value, 'number', where);
      assert.ok(Number.isFinite(value), where);
      break;
    case 'boolean':
    case 'string':
      assert.equal(typeof value, type, where);
      break;
    case 'string | null':
      if (hasEtag) assert.equal(typeof value, 'string', where);
      else assert.ok(value === null, `${where}: expected null on an answer without it`);
      break;
    case 'Record<string, string>':
      assert.equal(typeof value, 'object', where);
      assert.notEqual(value, null, where);
      assert.ok([Object.prototype, null].includes(Object.getPrototypeOf(value)), `${where}: not a plain object`);
      for (const [key, v] of Object.entries(value)) assert.equal(typeof v, 'string', `${where}: [${key}] is ${typeof v}`);
      assert.deepEqual(Object.getOwnPropertySymbols(value), [], where);
      break;
    case 'Uint8Array':
      assert.ok(value instanceof Uint8Array, where);
      assert.equal(Object.getPrototypeOf(value), Uint8Array.prototype, where);
      break;
    default:
      assert.fail(`no runtime check for the type \`${type}\` of PutResponse.${name}: add one to this test`);
  }
}

/** Checks every declared member of `res`, reading fields and calling methods. */
function assertFitsInterface(res, { hasEtag }) {
  assert.ok(res instanceof PutResponse);
  for (const { name, type, method } of declaredMembers()) {
    if (method) {
      assert.equal(typeof res[name], 'function', `PutResponse.${name}() is not a function`);
      // Both answers are 2xx with a JSON body: json() parses, raiseForStatus() returns nothing.
      const returned = res[name]();
      if (type === 'void') assert.equal(returned, undefined, `PutResponse.${name}() returned ${returned}`);
      else assert.equal(type, 'unknown', `no runtime check for PutResponse.${name}(): ${type}`);
    } else {
      assertOfType(name, type, res[name], { hasEtag });
    }
  }
}

before(async () => {
  const bytes = await readFile(new URL('../../pkg/wasm_put_bg.wasm', import.meta.url));
  await init({ module_or_path: bytes });
});

test('the .d.ts PutResponse interface declares the fields and methods this test checks', () => {
  const members = declaredMembers();
  assert.ok(members.length >= 12, `only ${members.length} members`);
  for (const name of ['status', 'headers', 'content', 'etag', 'json', 'raiseForStatus']) {
    assert.ok(members.some((m) => m.name === name), `no ${name}`);
  }
});

test('every PutResponse field has its declared runtime type on an answer with an ETag', async () => {
  const id = `types-${process.pid}-${Date.now().toString(36)}`;
  const res = await put(`${server()}/resources/${id}`, { 'Content-Type': 'application/json' }, '{"a":1}');
  assert.equal(res.status, 201);
  assert.equal(typeof res.headers.etag, 'string', 'the dev server gave no ETag');
  assertFitsInterface(res, { hasEtag: true });
  assert.equal(res.etag, res.headers.etag);
});

test('every PutResponse field has its declared runtime type on an answer without an ETag, etag strictly null', async () => {
  const res = await put(`${server()}/echo`, null, 'x');
  assert.equal(res.status, 200);
  assert.equal(res.headers.etag, undefined, 'the dev server gave an ETag');
  assertFitsInterface(res, { hasEtag: false });
});

test('the getters and methods of PutResponse.prototype are the members of the .d.ts interface, both ways', () => {
  const declared = declaredMembers();
  const own = classMembers();
  const names = declared.map((m) => m.name);
  assert.deepEqual(own.filter((k) => !names.includes(k)).map(String), [], 'on the class but not in the .d.ts');
  assert.deepEqual(names.filter((n) => !own.includes(n)), [], 'in the .d.ts but not on the class');
  for (const { name, method, readonly } of declared) {
    const d = Object.getOwnPropertyDescriptor(PutResponse.prototype, name);
    if (method) {
      assert.equal(typeof d.value, 'function', `${name}() is declared a method but is not one`);
    } else {
      assert.ok(readonly, `${name} is not readonly in the .d.ts`);
      assert.equal(typeof d.get, 'function', `${name} is declared a field but is no getter`);
      assert.equal(d.set, undefined, `${name} is readonly in the .d.ts but has a setter`);
    }
  }
});

// wasm-bindgen writes a typescript_custom_section through its `reset_indentation`: each
// line trimmed and indented again by brace depth (4 spaces). So the lines are compared
// without their leading and trailing blanks; their text and order must be the same.
test('the TypeScript of the typescript_custom_section in src/js/types.rs is in pkg/wasm_put.d.ts as written, line for line', async () => {
  const rust = await readFile(new URL('../../src/js/types.rs', import.meta.url), 'utf8');
  const sections = [...rust.matchAll(/#\[wasm_bindgen\(typescript_custom_section\)\]\s*const \w+: &(?:'static )?str = r#"([\s\S]*?)"#;/g)];
  assert.equal(sections.length, 1, 'src/js/types.rs should hold one typescript_custom_section');
  const lines = (text) => text.trim().split('\n').map((l) => l.trim());
  const written = lines(sections[0][1]);
  const generated = lines(dts);
  assert.ok(written.includes('export interface PutResponse {'));
  const start = generated.indexOf(written[0]);
  assert.ok(start >= 0, `pkg/wasm_put.d.ts lacks the first line of the section: ${written[0]}`);
  const differs = written.findIndex((l, i) => generated[start + i] !== l);
  assert.equal(differs, -1, `line ${differs + 1} of the section of src/js/types.rs, "${written[differs]}", is "${generated[start + differs]}" in pkg/wasm_put.d.ts`);
});

/** The keys an `export interface` of the .d.ts declares at its top level (`key?:`). */
function declaredKeys(name) {
  const body = dts.match(new RegExp(`export interface ${name}[^{]*\\{([\\s\\S]*?)\\n\\}`))?.[1];
  assert.ok(body, `pkg/wasm_put.d.ts has no \`export interface ${name} { … }\``);
  const code = body.replace(/\/\*[\s\S]*?\*\//g, '');
  const indent = code.match(/^( +)\w/m)?.[1] ?? '  ';
  return [...code.matchAll(new RegExp(`^${indent}(\\w+)\\?:`, "gm"))].map((m) => m[1]);
}

/** The option names the library itself knows, as its refusal of an unknown one lists them. */
async function knownOptions(call) {
  const error = await call({ notAnOption: 1 }).catch((e) => e);
  assert.equal(error.name, 'InvalidInputError');
  const list = error.message.match(/the options are (.*): PUT|the options are (.*): GET/);
  assert.ok(list, error.message);
  return (list[1] ?? list[2]).split(', ');
}

test("the .d.ts declares exactly the options the library's option table knows", async () => {
  const put = await knownOptions((o) => putFn(`${server()}/echo`, null, null, o));
  assert.deepEqual(declaredKeys('PutOptions'), put);
  const update = await knownOptions((o) => updateFn(`${server()}/echo`, (c) => c, o));
  const omitted = dts.match(/UpdateOptions extends Omit<PutOptions, ([^>]+)>/)?.[1];
  assert.ok(omitted, 'UpdateOptions omits some of PutOptions');
  const notForUpdate = [...omitted.matchAll(/"(\w+)"/g)].map((m) => m[1]);
  const expected = [...put.filter((k) => !notForUpdate.includes(k)), ...declaredKeys('UpdateOptions')];
  assert.deepEqual(update, expected);
  const retry = await putFn(`${server()}/echo`, null, null, { retry: { notAField: 1 } }).catch((e) => e);
  const fields = retry.message.match(/the options are (.*): PUT/)[1].split(', ').map((k) => k.replace('retry.', ''));
  assert.deepEqual(declaredKeys('RetryOptions'), fields);
  let refused;
  try {
    create({ notAnOption: 1 });
  } catch (e) {
    refused = e;
  }
  assert.equal(refused?.name, 'InvalidInputError');
  const forCreate = refused.message.match(/the options are (.*): create\(\)/)[1].split(', ');
  const notForCreate = [...dts.match(/ClientDefaults extends Omit<PutOptions, ([^>]+)>/)[1].matchAll(/"(\w+)"/g)].map((m) => m[1]);
  const own = declaredKeys('ClientDefaults');
  const expectedForCreate = [...put.filter((k) => !notForCreate.includes(k) && !own.includes(k)), ...own];
  assert.deepEqual([...forCreate].sort(), [...expectedForCreate].sort());
});
