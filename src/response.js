// The response object and error constructor of wasm-put.
//
// These live in JS because a response needs prototype methods (`json()`,
// `raiseForStatus()`) and a lazy `text` getter, and because nothing of a response
// should stay in wasm memory after the call: the object holds only JS values.

/** Makes an `Error` with the contract's `name`, keeping `cause` when there is one. */
export function putError(name, message, cause) {
  const error = cause === undefined ? new Error(message) : new Error(message, { cause });
  error.name = name;
  return error;
}

/** The `HttpError` for a response that is not 2xx. */
export function httpError(response) {
  const error = putError(
    'HttpError',
    'Request failed with status code ' + response.status +
      (response.statusText ? ' ' + response.statusText : '') + ': PUT ' + response.url,
  );
  error.status = response.status;
  error.response = response;
  return error;
}

// An own, enumerable, writable property, set without calling any setter (of
// `Object.prototype.__proto__`, or of the class's own accessors).
const setOwn = (object, name, value) =>
  Object.defineProperty(object, name, { value, enumerable: true, writable: true, configurable: true });

// Response headers as a plain object with lower-case names; a repeated header
// (only `set-cookie` is listed more than once by `Headers`) is joined with ", ".
function headerObject(headers) {
  const out = {};
  headers.forEach((value, name) => {
    const joined = Object.prototype.hasOwnProperty.call(out, name) ? out[name] + ', ' + value : value;
    // `__proto__` is a valid header name; as a plain assignment it would set the prototype.
    if (name === '__proto__') {
      setOwn(out, name, joined);
    } else {
      out[name] = joined;
    }
  });
  return out;
}

/**
 * The `charset` parameter of a `Content-Type` value, unquoted, or undefined:
 * `text/html; charset="ISO-8859-1"` gives `ISO-8859-1`; the name matches in any case.
 */
export function charsetOf(contentType) {
  if (typeof contentType !== 'string') return undefined;
  for (const param of contentType.split(';').slice(1)) {
    const at = param.indexOf('=');
    if (at < 0 || param.slice(0, at).trim().toLowerCase() !== 'charset') continue;
    let value = param.slice(at + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1).trim();
    return value || undefined;
  }
  return undefined;
}

const decode = (content, charset) => {
  try {
    return new TextDecoder(charset || 'utf-8').decode(content);
  } catch {
    return new TextDecoder().decode(content); // unknown charset label: UTF-8, as Requests would guess
  }
};

/** What `put()` resolves to, modelled on a Requests `Response`. */
export class PutResponse {
  // Said outright: the minified package renames the class, and logs show this name
  // (`PutResponse { status: 201, … }`).
  static name = 'PutResponse';

  // The fetch `Headers` (or the XMLHttpRequest path's), kept out of sight.
  #headers;

  // `response` is a fetch Response, or what the XMLHttpRequest path resolves to.
  constructor(response, content, elapsed) {
    this.status = response.status;
    this.ok = response.status >= 200 && response.status <= 299;
    this.statusText = response.statusText;
    this.url = response.url;
    this.redirected = response.redirected;
    this.content = content;
    this.elapsed = elapsed;
    this.#headers = response.headers;
  }

  /** The headers as a plain object; built on first read (iterating `Headers` costs time). */
  get headers() {
    const headers = headerObject(this.#headers);
    setOwn(this, 'headers', headers);
    return headers;
  }

  set headers(value) {
    setOwn(this, 'headers', value);
  }

  /** The body decoded by the charset of `Content-Type` (UTF-8 when none is given). */
  get text() {
    const text = decode(this.content, charsetOf(this.#headers.get('content-type')));
    Object.defineProperty(this, 'text', { value: text, enumerable: false });
    return text;
  }

  /** The body parsed as JSON; throws a `SyntaxError` saying so when it is not JSON. */
  json() {
    try {
      return JSON.parse(this.text);
    } catch (cause) {
      throw new SyntaxError(
        'Response body is not JSON (' + cause.message + '); read .text instead: PUT ' + this.url,
        { cause },
      );
    }
  }

  /** Throws an `HttpError` when the status is not 2xx, as Requests' `raise_for_status()`. */
  raiseForStatus() {
    if (!this.ok) throw httpError(this);
  }
}
