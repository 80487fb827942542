// The examples of the README's API section, read from README.md, so the docs cannot
// drift from what the package does. Each is a ```js block between "## API" and the
// next "## " heading (```javascript blocks, other libraries' code shown for comparison,
// are not run); it runs as the body of an async function with `put`, `update`, `create`
// and `outbox` in scope.
//
// Their results are checked: a line `EXPRESSION; // VALUE` (an expression statement, not
// a declaration) is rewritten into a check that `[EXPRESSION]` deep-equals `[VALUE]`, so
// `error.name, error.cause; // 'AbortError', 'user left'` checks both. A comment there
// that is not a JS value (prose) is an error: prose goes on a comment line of its own.
import { readFile } from 'node:fs/promises';
import vm from 'node:vm';

/** The API examples: `source` is the block's text, `line` the README line of its first line. */
export async function apiExamples() {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('\n## API');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end);
  return [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => ({
    source: m[1],
    line: readme.slice(0, start + m.index + '```js\n'.length).split('\n').length,
  }));
}

// `code; // comment` where code is not a comment, a declaration or another statement.
const CHECK_LINE = /^(\s*)(?!\/[/*])(?!(?:const|let|var|function|class|return|throw|if|for|while|do|switch|try|import|export)\b)(\S.*?);\s*\/\/\s?(.*)$/;

/** Whether `text` parses as the inside of an array literal, in an async function. */
function parsesAsList(text) {
  try {
    new vm.Script(`(async () => [${text}\n]);`);
    return true;
  } catch {
    return false;
  }
}

/** Why `text` is not a JS value (a literal list, evaluated in an empty realm), or null. */
function notAValue(text) {
  try {
    vm.runInNewContext(`'use strict'; [${text}\n];`, {}, { timeout: 100 });
    return null;
  } catch (e) {
    return e.message;
  }
}

/**
 * The example with each `EXPRESSION; // VALUE` line turned into a check, as the body of
 * an async function that has `put`, `update`, `create`, `outbox` and `__check` in scope (see
 * `runChecked`).
 * `checks` lists them; `line` is the README line of the source's first line. Throws when
 * a `// VALUE` is not a JS value.
 */
export function rewrite(source, line = 1) {
  const checks = [];
  const lines = source.split('\n').map((text, i) => {
    const m = text.match(CHECK_LINE);
    if (!m || !parsesAsList(m[2])) return text;
    const [, indent, expression, value] = m;
    const where = `README.md line ${line + i}: ${text.trim()}`;
    const why = notAValue(value);
    if (why !== null) {
      throw new Error(
        `${where}\nthe README comment must be a value, what \`${expression}\` gives (${why}); ` +
          'move prose to a comment line of its own',
      );
    }
    checks.push({ line: line + i, expression, value });
    return `${indent}__check(${checks.length - 1}, ${JSON.stringify(where)}, [${expression}], [${value}\n]);`;
  });
  return { code: lines.join('\n'), checks };
}

/**
 * Runs a rewritten example with `put`, `update`, `create` and `outbox`; resolves to the
 * indices of the checks that ran, rejects at the first check whose values differ.
 * Self-contained, so its text can run in a page:
 * `new Function('return ' + runChecked)()(code, put, update, create, outbox)`.
 */
export async function runChecked(code, put, update, create, outbox) {
  const plain = (v) => [Object.prototype, null].includes(Object.getPrototypeOf(v));
  const same = (a, b) => {
    if (Object.is(a, b)) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    if (ArrayBuffer.isView(a) && !(a instanceof DataView)) {
      return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
    }
    if (!Array.isArray(a) && !plain(a)) return false; // other objects: only themselves
    if (Array.isArray(a) && a.length !== b.length) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && same(a[k], b[k]));
  };
  const show = (v) => {
    if (typeof v === 'string') return `'${v.replace(/['\\]/g, '\\$&')}'`;
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v !== 'object' || v === null) return Object.is(v, -0) ? '-0' : String(v);
    if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
    if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${v.length ?? v.byteLength})`;
    if (!plain(v)) return `${v.constructor?.name ?? 'Object'} {…}`;
    return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${show(x)}`).join(', ')} }`;
  };
  const ran = [];
  const check = (index, where, actual, expected) => {
    ran.push(index);
    if (!same(actual, expected)) {
      const list = (values) => values.map(show).join(', ');
      throw new Error(`${where}\n  gives    ${list(actual)}\n  expected ${list(expected)}`);
    }
  };
  const body = new Function('put', 'update', 'create', 'outbox', '__check', `return (async () => {\n${code}\n})();`);
  await body(put, update, create, outbox, check);
  return ran;
}
