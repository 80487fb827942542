// The request of the form as code: a wasm-put `put(…)` call and a Requests
// `requests.put(…)` call. Pure functions of the request model (see request.js).

import { formObject, headerPairs, timeoutMs, retryCount } from './request.js';

/** A JS string literal; a template literal for readable multi-line text. */
export function jsString(text) {
  if (text.includes('\n') && !/[`\\]|\$\{/.test(text) && !/[\u0000-\u0009\u000b-\u001f\u2028\u2029]/.test(text)) {
    return '`' + text + '`';
  }
  return "'" + escape(text, "'", true) + "'";
}

/** A Python string literal, quoted as `repr` would; triple-quoted for multi-line text. */
export function pyString(text) {
  if (text.includes('\n') && !/'''|\\/.test(text) && !text.endsWith("'")
      && !/[\u0000-\u0009\u000b-\u001f]/.test(text)) {
    return "'''" + text + "'''";
  }
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  return quote + escape(text, quote, false) + quote;
}

function escape(text, quote, js) {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += '\\' + quote;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += '\\x' + code.toString(16).padStart(2, '0');
    else if (js && (code === 0x2028 || code === 0x2029)) out += '\\u' + code.toString(16);
    else out += ch;
  }
  return out;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function jsKey(name) {
  // In a literal, `__proto__: x` (quoted or not) sets the prototype; a computed key does not.
  if (name === '__proto__') return "['__proto__']";
  return IDENTIFIER.test(name) ? name : jsString(name);
}

function jsValue(value) {
  return Array.isArray(value) ? '[' + value.map(jsString).join(', ') + ']' : jsString(value);
}

function pyValue(value) {
  return Array.isArray(value) ? '[' + value.map(pyString).join(', ') + ']' : pyString(value);
}

/** Lines longer than this are split, one item a line. */
const WIDTH = 72;

/**
 * `open items close` on one line when it fits after `indent`, else one item a line
 * (with a trailing comma), indented by `step` more than `indent`.
 */
function collection(open, items, close, indent, step, pad = '') {
  if (items.length === 0) return open + close;
  const flat = open + pad + items.join(', ') + pad + close;
  if (indent.length + flat.length <= WIDTH && !flat.includes('\n')) return flat;
  return open + '\n' + items.map((item) => `${indent}${step}${item},\n`).join('') + indent + close;
}

/** `{ 'Content-Type': 'application/json' }`, or pairs when a name repeats. */
function jsHeaders(pairs, indent) {
  const lower = pairs.map(([name]) => name.toLowerCase());
  if (new Set(lower).size !== lower.length) {
    return collection('[', pairs.map(([n, v]) => `[${jsString(n)}, ${jsString(v)}]`), ']', indent, '  ');
  }
  return collection('{', pairs.map(([n, v]) => `${jsString(n)}: ${jsString(v)}`), '}', indent, '  ', ' ');
}

/** A Python dict; repeated names are joined with ", " as HTTP allows. */
function pyHeaders(pairs, indent) {
  const merged = new Map();
  for (const [name, value] of pairs) {
    const key = [...merged.keys()].find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
    merged.set(key, merged.has(key) ? merged.get(key) + ', ' + value : value);
  }
  return collection('{', [...merged].map(([n, v]) => `${pyString(n)}: ${pyString(v)}`), '}', indent, '    ');
}

function jsForm(object, indent) {
  const items = Object.entries(object).map(([k, v]) => `${jsKey(k)}: ${jsValue(v)}`);
  return collection('{', items, '}', indent, '  ', ' ');
}

function pyForm(object, indent) {
  const items = Object.entries(object).map(([k, v]) => `${pyString(k)}: ${pyValue(v)}`);
  return collection('{', items, '}', indent, '    ');
}

/** The file's name, safe to show inside a one-line comment. */
function fileLabel(model) {
  return (model.fileName || 'a file').replace(/[\r\n]/g, ' ');
}

/**
 * The wasm-put call for `model`.
 * @param {object} model the request model of the form
 * @param {string} pkgPath how the snippet imports the package
 */
export function jsSnippet(model, pkgPath = './pkg/wasm_put.js') {
  const lines = [`import init, { put } from '${pkgPath}';`, 'await init();', ''];
  const headers = headerPairs(model);
  let data = null;
  switch (model.bodyKind) {
    case 'json': data = jsString(model.json); break;
    case 'text': data = jsString(model.text); break;
    case 'form': data = jsForm(formObject(model.form), '  '); break;
    case 'file':
      lines.push(`// ${fileLabel(model)}, from an <input type="file">`);
      lines.push('const file = input.files[0];');
      data = 'file';
      break;
    default: break;
  }
  const options = [];
  const timeout = timeoutMs(model);
  if (timeout !== null) options.push(`timeout: ${timeout}`);
  const retry = retryCount(model);
  if (retry > 0) options.push(`retry: ${retry}`);
  if (model.throwHttpErrors) options.push('throwHttpErrors: true');

  const args = [jsString(model.url.trim())];
  if (headers.length || data !== null || options.length) args.push(headers.length ? jsHeaders(headers, '  ') : 'null');
  if (data !== null || options.length) args.push(data ?? 'null');
  if (options.length) args.push('{ ' + options.join(', ') + ' }');

  if (args.length === 1) {
    lines.push(`const res = await put(${args[0]});`);
  } else {
    lines.push('const res = await put(');
    for (const arg of args) lines.push(`  ${arg},`);
    lines.push(');');
  }
  lines.push('console.log(res.status, res.statusText);');
  lines.push('console.log(res.text);');
  return lines.join('\n');
}

/**
 * The Requests call for `model`.
 * @param {object} model the request model of the form
 * @param {string} base the page's URL, to make a relative URL absolute
 */
export function pythonSnippet(model, base) {
  let url = model.url.trim();
  try {
    url = new URL(url, base).href;
  } catch {
    // Shown as typed: the form tells the user the URL is not valid.
  }
  const retry = retryCount(model);
  const lines = ['import requests'];
  if (retry > 0) {
    lines.push('from requests.adapters import HTTPAdapter');
    lines.push('from urllib3.util.retry import Retry');
  }
  lines.push('');
  let caller = 'requests';
  if (retry > 0) {
    lines.push('# wasm-put retries network errors and these statuses, with backoff and Retry-After');
    lines.push(`retry = Retry(total=${retry}, backoff_factor=0.3,`);
    lines.push('              status_forcelist=[408, 413, 429, 500, 502, 503, 504],');
    lines.push('              raise_on_status=False)');
    lines.push('session = requests.Session()');
    lines.push("session.mount('http://', HTTPAdapter(max_retries=retry))");
    lines.push("session.mount('https://', HTTPAdapter(max_retries=retry))");
    lines.push('');
    caller = 'session';
  }

  const indent = model.bodyKind === 'file' ? '    ' : '';
  const argIndent = indent + '    ';
  const args = [pyString(url)];
  const headers = headerPairs(model);
  if (headers.length) args.push('headers=' + pyHeaders(headers, argIndent));
  switch (model.bodyKind) {
    case 'json': args.push('data=' + pyString(model.json)); break;
    case 'text': args.push('data=' + pyString(model.text)); break;
    case 'form': args.push('data=' + pyForm(formObject(model.form), argIndent)); break;
    case 'file': args.push('data=f'); break;
    default: break;
  }
  const timeout = timeoutMs(model);
  if (timeout !== null) args.push('timeout=' + pySeconds(timeout));

  if (model.bodyKind === 'file') lines.push(`with open(${pyString(model.fileName || 'file.bin')}, 'rb') as f:`);
  if (args.length === 1) {
    lines.push(`${indent}r = ${caller}.put(${args[0]})`);
  } else {
    lines.push(`${indent}r = ${caller}.put(`);
    for (const arg of args) lines.push(`${argIndent}${arg},`);
    lines.push(`${indent})`);
  }
  if (model.throwHttpErrors) lines.push('r.raise_for_status()');
  lines.push('print(r.status_code, r.reason)');
  lines.push('print(r.text)');
  return lines.join('\n');
}

/** Milliseconds as Python seconds: 1000 → 1, 1500 → 1.5, 300 → 0.3. */
function pySeconds(ms) {
  const seconds = ms / 1000;
  return Number.isInteger(seconds) ? String(seconds) : String(Number(seconds.toFixed(3)));
}
