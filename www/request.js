// The request model: what the form holds, as plain data that history can store,
// how it is checked before sending, and how it becomes the arguments of put().

export const BODY_KINDS = ['json', 'form', 'text', 'file', 'none'];

export const DEFAULT_JSON = '{"name": "John Doe"}';

/** The request the page starts with: the Requests tutorial's JSON PUT. */
export function defaultRequest() {
  return {
    url: '/resources/123',
    headers: [['Content-Type', 'application/json']],
    bodyKind: 'json',
    json: DEFAULT_JSON,
    form: [['key1', 'value1'], ['key2', 'value2']],
    text: 'Hello from wasm-put',
    fileName: '',
    timeout: '',
    retry: '0',
    throwHttpErrors: false,
  };
}

const isPairs = (value) => Array.isArray(value)
  && value.every((pair) => Array.isArray(pair) && pair.length === 2 && pair.every((s) => typeof s === 'string'));

/** A request model from untrusted data (localStorage), missing or odd fields defaulted. */
export function normalizeRequest(raw) {
  const base = defaultRequest();
  if (!raw || typeof raw !== 'object') return base;
  const text = (key) => (typeof raw[key] === 'string' ? raw[key] : base[key]);
  return {
    url: text('url'),
    headers: isPairs(raw.headers) ? raw.headers : base.headers,
    bodyKind: BODY_KINDS.includes(raw.bodyKind) ? raw.bodyKind : base.bodyKind,
    json: text('json'),
    form: isPairs(raw.form) ? raw.form : base.form,
    text: text('text'),
    fileName: text('fileName'),
    timeout: typeof raw.timeout === 'number' ? String(raw.timeout) : text('timeout'),
    retry: typeof raw.retry === 'number' ? String(raw.retry) : text('retry'),
    throwHttpErrors: raw.throwHttpErrors === true,
  };
}

/** Header rows with a name, names trimmed. */
export function headerPairs(model) {
  return model.headers
    .map(([name, value]) => [name.trim(), value])
    .filter(([name]) => name !== '');
}

/** Whether a header of that name (any case) has a row. */
export function hasHeader(model, wanted) {
  return headerPairs(model).some(([name]) => name.toLowerCase() === wanted.toLowerCase());
}

/**
 * Form rows as the plain object wasm-put form-encodes, as Requests' `data={…}`:
 * rows without a name are skipped, a repeated name becomes a list.
 */
export function formObject(rows) {
  const object = {};
  for (const [rawName, value] of rows) {
    const name = rawName.trim();
    if (name === '') continue;
    const previous = Object.prototype.hasOwnProperty.call(object, name) ? object[name] : undefined;
    const next = previous === undefined ? value : [].concat(previous, value);
    // defineProperty, so that a field named __proto__ is a field like any other.
    Object.defineProperty(object, name, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return object;
}

/** The timeout in ms, or null when the field is empty or not a number above 0. */
export function timeoutMs(model) {
  const text = String(model.timeout).trim();
  if (text === '') return null;
  const ms = Number(text);
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

/** The retry count (0 when empty or not a whole number from 0 to 100). */
export function retryCount(model) {
  const text = String(model.retry).trim();
  const n = Number(text);
  return text !== '' && Number.isInteger(n) && n >= 0 && n <= 100 ? n : 0;
}

/** Why `text` is not JSON, or null when it is. */
export function jsonProblem(text) {
  if (text.trim() === '') return 'The JSON body is empty: write a JSON value, or choose None.';
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    return `Invalid JSON: ${error.message}`;
  }
}

/** What keeps the request from being sent, in the order a person would fix it. */
export function problems(model, file) {
  const found = [];
  if (model.url.trim() === '') found.push('Enter a URL to send the PUT to.');
  if (model.bodyKind === 'json' && jsonProblem(model.json)) {
    found.push('Fix the JSON body (or choose another body type) to send.');
  }
  if (model.bodyKind === 'file' && !file) found.push('Choose a file to send.');
  const timeout = String(model.timeout).trim();
  if (timeout !== '' && timeoutMs(model) === null) {
    found.push('The timeout is a number of ms above 0, or empty for none.');
  }
  const retry = String(model.retry).trim();
  if (retry !== '' && retryCount(model) !== Number(retry)) {
    found.push('Retries is a whole number from 0 to 100.');
  }
  return found;
}

/**
 * The arguments of `put(url, headers, data, options)` for `model`.
 * @param {object} model the request model
 * @param {File|null} file the chosen file, for a file body
 * @param {object} extra options the page adds (signal, progress callbacks)
 */
export function putArguments(model, file, extra = {}) {
  const headers = headerPairs(model);
  let data = null;
  switch (model.bodyKind) {
    case 'json': data = model.json; break;
    case 'text': data = model.text; break;
    case 'form': data = formObject(model.form); break;
    case 'file': data = file; break;
    default: break;
  }
  const options = { ...extra };
  const timeout = timeoutMs(model);
  if (timeout !== null) options.timeout = timeout;
  const retry = retryCount(model);
  if (retry > 0) options.retry = retry;
  if (model.throwHttpErrors) options.throwHttpErrors = true;
  return [model.url.trim(), headers.length ? headers : null, data, options];
}
