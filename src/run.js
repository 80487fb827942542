// The transport of wasm-put: the attempts of one call, driven by JS promises.
//
// Rust checks every input, encodes forms and sets the headers (src/fetch.rs), then hands
// the call to `run`, which makes the RequestInit. Waiting on fetch, the body, timers and
// signals is done here, in plain promises: no wasm closure or future per call, which
// keeps a call's cost next to a bare `fetch`. Whether and how long to wait before a
// retry is still decided in Rust, through the `RetryPlan` it passes (src/fetch.rs).

import { PutResponse, putError, httpError } from './response.js';

// Upload progress: fetch cannot say how many bytes of a request body have been sent
// (over HTTP/1.1 it has no upload progress at all); XMLHttpRequest can. So when
// `onUploadProgress` is given and XMLHttpRequest exists (pages and dedicated workers),
// the request goes through it; elsewhere (Node, service workers) it goes through fetch
// and progress is reported once, when the body has been sent.

const NETWORK =
  'Network error: the request could not be completed (server down, refused, DNS, reset, or blocked by CORS; see cause)';
const BROKEN_BODY = 'Network error: the response body broke off before its end (see cause)';
const ABORTED = 'Request aborted by options.signal (the reason is in cause)';

/**
 * The base to resolve `url` against: undefined when it starts with `scheme://`, which no
 * base changes (reading `location.href` costs time on every call); else the page's or
 * worker's `location.href`, or `null` where there is none (Node).
 */
export function baseFor(url) {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(url)) return undefined;
  try {
    const href = globalThis.location?.href;
    return typeof href === 'string' ? href : null;
  } catch {
    return null;
  }
}

/** `url` (a string) resolved against `base`: the URL, or null when it is none. */
export function parseUrl(url, base = baseFor(url)) {
  try {
    return new URL(url, base ?? undefined);
  } catch {
    return null;
  }
}

/**
 * What the checks in Rust (src/input.rs) need to know of `parseUrl`'s answer, as bits
 * (src/js.rs `url_flags`):
 * 1 it is no URL; 2 its scheme is not http: or https:; 4 it holds a user name or password.
 */
function urlFlags(url) {
  if (url === null) return 1;
  const { protocol } = url;
  return (protocol === 'http:' || protocol === 'https:' ? 0 : 2) | (url.username || url.password ? 4 : 0);
}

// The last URL that passed, with the base it was resolved against, and its href. A page
// often PUTs to one URL again and again (saving a document as it is edited); resolving
// it again would give the same href, at a cost on every call.
let last = { url: null, base: null, href: '' };

/**
 * `url` resolved and checked: its href when it is a string naming an http(s) URL without
 * a user name or password, else the `urlFlags` bits saying what is wrong (never 0), or 8
 * when it is not a string.
 */
export function resolveUrl(url) {
  if (typeof url !== 'string') return 8;
  // An absolute URL (no base) needs no look at the location to be found the same.
  if (url === last.url && last.base === undefined) return last.href;
  const base = baseFor(url);
  if (url === last.url && base === last.base) return last.href;
  const parsed = parseUrl(url, base);
  const flags = urlFlags(parsed);
  if (flags !== 0) return flags;
  last = { url, base, href: parsed.href };
  return last.href;
}

// The classes `kindOf` tells apart, in the order of the numbers after BYTES (10) in
// src/js.rs `kind`. Looked up when asked: a runtime may lack some of them.
const CLASSES = ['URL', 'Blob', 'FormData', 'URLSearchParams', 'ReadableStream', 'Map', 'Headers', 'AbortSignal'];
const TYPES = ['undefined', 'string', 'number', 'boolean', 'bigint', 'symbol', 'function'];

/** `kindOf` of three values in one number, five bits each: a | b << 5 | c << 10. */
export function kindsOf(a, b, c) {
  return kindOf(a) | (kindOf(b) << 5) | (kindOf(c) << 10);
}

/**
 * What a caller's value is, as a number for the checks in Rust (src/js.rs `kind`): one
 * call instead of a typeof, instanceof or prototype test each. 0 null; 1-7 the `typeof`s
 * in TYPES; 8 an array; 9 a plain object; 10 an ArrayBuffer or view; 11-18 CLASSES;
 * 19 any other object, or one whose test throws (a revoked proxy). Never throws.
 */
export function kindOf(v) {
  if (v === null) return 0;
  const type = TYPES.indexOf(typeof v);
  if (type >= 0) return type + 1;
  try {
    // Bytes first: the commonest body, and `isView` runs no caller code.
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return 10;
    if (Array.isArray(v)) return 8;
    const proto = Object.getPrototypeOf(v);
    if (proto === null || proto === Object.prototype) return 9;
    for (let i = 0; i < CLASSES.length; i++) {
      const C = globalThis[CLASSES[i]];
      if (typeof C === 'function' && v instanceof C) return 11 + i;
    }
  } catch {
    // A proxy's trap or a `Symbol.hasInstance` threw: just an object.
  }
  return 19;
}

const failure = (name, detail, url, cause) => putError(name, detail + ': PUT ' + url, cause);
const aborted = (url, signal) => failure('AbortError', ABORTED, url, signal.reason);

const report = (callback, loaded, total) => {
  try {
    callback({ loaded, total });
  } catch (error) {
    console.error('wasm-put: a progress callback threw; the transfer goes on', error);
  }
};

/** Whether XMLHttpRequest exists here. */
const hasXhr = () => typeof XMLHttpRequest === 'function';

// From this size up, a byte or string body goes to the browser as a Blob: measured with
// `cargo xtask bench` in Chromium against the dev server, a Blob body uploads 20-30 %
// faster from 1 MiB up, while for small bodies it costs more than it saves.
const BLOB_FROM = 256 * 1024;

/** In browsers, a large byte or string body as a Blob; any other body as it is. */
function fastBody(body) {
  if (!hasXhr()) return body;
  if (typeof body === 'string') {
    // A Blob of the string keeps the Content-Type fetch gives a string body.
    return body.length >= BLOB_FROM ? new Blob([body], { type: 'text/plain;charset=UTF-8' }) : body;
  }
  if ((body instanceof ArrayBuffer || ArrayBuffer.isView(body)) && body.byteLength >= BLOB_FROM) {
    return new Blob([body]);
  }
  return body;
}

/** The byte size of a body when it can be known without reading it, else null. */
function bodySize(body) {
  if (body == null) return 0;
  if (typeof body === 'string') return new TextEncoder().encode(body).length;
  if (body instanceof Blob) return body.size;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return body.byteLength;
  if (body instanceof URLSearchParams) return new TextEncoder().encode(body.toString()).length;
  return null;
}

/** Reports upload progress once, for a body sent by fetch. */
function uploadDone(callback, body) {
  const size = bodySize(body);
  report(callback, size, size);
}

/** Calls a download progress callback. */
function downloadProgress(callback, loaded, total) {
  report(callback, loaded, total ?? null);
}

function headersOf(raw) {
  const headers = new Headers();
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const at = line.indexOf(':');
    if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return headers;
}

/**
 * PUT through XMLHttpRequest, reporting upload (and download) progress. Resolves to
 * what the response class needs; rejects with a TypeError on a network failure and
 * with `signal.reason` when `signal` aborts.
 */
function xhrPut(url, headers, body, signal, withCredentials, onUpload, onDownload) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const abort = () => xhr.abort();
    const settle = (fn, value) => {
      if (signal) signal.removeEventListener('abort', abort);
      fn(value);
    };
    xhr.open('PUT', url);
    xhr.responseType = 'arraybuffer';
    xhr.withCredentials = withCredentials;
    if (headers) headers.forEach((value, name) => xhr.setRequestHeader(name, value));
    let sent = null;
    xhr.upload.onprogress = (e) => {
      sent = e.loaded;
      report(onUpload, e.loaded, e.lengthComputable ? e.total : null);
    };
    let received = null;
    if (onDownload) {
      xhr.onprogress = (e) => {
        received = e.loaded;
        report(onDownload, e.loaded, e.lengthComputable ? e.total : null);
      };
    }
    xhr.onload = () => {
      const size = bodySize(body) ?? sent;
      if (sent !== size) report(onUpload, size, size);
      const content = new Uint8Array(xhr.response ?? new ArrayBuffer(0));
      if (onDownload && received !== content.length) report(onDownload, content.length, content.length);
      settle(resolve, {
        status: xhr.status,
        statusText: xhr.statusText,
        url: xhr.responseURL || url,
        redirected: xhr.responseURL !== '' && xhr.responseURL !== url,
        headers: headersOf(xhr.getAllResponseHeaders()),
        content,
      });
    };
    xhr.onerror = () => settle(reject, new TypeError('XMLHttpRequest failed: network error'));
    xhr.onabort = () => settle(reject, signal.reason);
    if (signal) {
      if (signal.aborted) return reject(signal.reason);
      signal.addEventListener('abort', abort);
    }
    xhr.send(body ?? null);
  });
}

// One attempt's abort controller: aborts on `timeout` ms or when the caller's signal
// aborts; `release()` removes the timer and the listener on every path.
class Guard {
  constructor(timeout, caller) {
    this.controller = new AbortController();
    this.caller = caller;
    this.timeout = timeout;
    this.reason = {};
    this.abort = () => this.controller.abort(caller && caller.aborted ? caller.reason : undefined);
    if (timeout !== undefined) {
      this.timer = setTimeout(() => this.controller.abort(this.reason), timeout);
    }
    if (caller) caller.addEventListener('abort', this.abort);
  }

  release() {
    clearTimeout(this.timer);
    if (this.caller) this.caller.removeEventListener('abort', this.abort);
  }

  // What a rejection during this attempt means: the timeout, the caller's abort, or
  // else `otherwise` (a network failure).
  explain(url, cause, otherwise) {
    if (this.controller.signal.reason === this.reason) {
      return failure(
        'TimeoutError',
        'Request timed out after ' + Math.ceil(this.timeout) +
          ' ms; raise options.timeout or check that the server answers',
        url,
      );
    }
    if (this.caller && this.caller.aborted) return aborted(url, this.caller);
    return failure('NetworkError', otherwise, url, cause);
  }
}

// Without timeout or signal an attempt has no controller at all (measurable on a small PUT).
const UNGUARDED = {
  release() {},
  explain: (url, cause, otherwise) => failure('NetworkError', otherwise, url, cause),
};

/** Resolves after `ms`, or rejects with the reason when `signal` aborts first. */
function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal && signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      if (signal) signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
  });
}

// Reads a body chunk by chunk, reporting `{ loaded, total }` after each; the last
// report has `loaded` equal to the body's length. Chunks are joined here, in JS.
async function readWithProgress(response, progress) {
  const headers = response.headers;
  const length = headers.get('content-encoding') === null ? headers.get('content-length') : null;
  const total = length !== null && /^\s*\d+\s*$/.test(length) ? Number(length) : undefined;
  if (!response.body) {
    downloadProgress(progress, 0, total);
    return new Uint8Array(0);
  }
  const reader = response.body.getReader();
  const chunks = [];
  let loaded = 0;
  for (;;) {
    const step = await reader.read();
    if (step.done) break;
    if (!(step.value instanceof Uint8Array)) continue;
    loaded += step.value.length;
    chunks.push(step.value);
    downloadProgress(progress, loaded, total);
  }
  if (chunks.length === 0) downloadProgress(progress, 0, total);
  const content = new Uint8Array(loaded);
  let at = 0;
  for (const chunk of chunks) {
    content.set(chunk, at);
    at += chunk.length;
  }
  return content;
}

/**
 * Sends one checked call. `headers` is absent when there are none, `extra` holds the
 * pass-through options (`credentials`, `mode`, …) when there are any; `retry` is the
 * call's `RetryPlan` (absent when it may not retry) and `limit` its number of retries;
 * the rest are the options of the same names.
 *
 * The attempts run in this one async function: an attempt in an async function of its
 * own cost every call about 20 µs more (`cargo xtask bench`-style pairs, 0 B PUTs).
 */
export async function run(url, headers, body, extra, timeout, signal, retry, limit, onUpload, onDownload, throwHttpErrors, stream) {
  // `elapsed` counts from here: still inside the put() call, after its checks.
  const started = performance.now();
  try {
    const init = { method: 'PUT', headers, body: fastBody(body) };
    if (extra) Object.assign(init, extra);
    if (stream) init.duplex = 'half';
    // Upload progress needs XMLHttpRequest where there is one (see the top of this file).
    const viaXhr = onUpload && hasXhr() && !stream;
    // Leave the wasm call first: fetch called with wasm frames on the stack costs more.
    await undefined;
    for (let n = 0; ; n++) {
      if (signal && signal.aborted) throw aborted(url, signal);
      const mayRetry = retry !== undefined && n < limit;
      const guard = timeout === undefined && !signal ? UNGUARDED : new Guard(timeout, signal);
      if (guard !== UNGUARDED) init.signal = guard.controller.signal;
      let response = null;
      let result = null;
      let retryAfter = null;
      try {
        if (viaXhr) {
          response = await xhrPut(url, init.headers, init.body, init.signal, init.credentials === 'include', onUpload, onDownload);
        } else {
          response = await fetch(url, init);
          if (onUpload) uploadDone(onUpload, init.body);
        }
        if (mayRetry && retry.retries(response.status)) {
          if (!viaXhr && response.body) response.body.cancel().catch(() => {});
          retryAfter = response.headers.get('retry-after');
        } else {
          const content = viaXhr
            ? response.content
            : onDownload
              ? await readWithProgress(response, onDownload)
              : new Uint8Array(await response.arrayBuffer());
          result = new PutResponse(response, content, performance.now() - started);
        }
      } catch (cause) {
        // No response yet: the request failed; else its body broke off.
        const error = guard.explain(url, cause, response === null ? NETWORK : BROKEN_BODY);
        if (!(mayRetry && error.name === 'NetworkError')) throw error;
      } finally {
        guard.release();
      }
      if (result !== null) {
        if (throwHttpErrors && !result.ok) throw httpError(result);
        return result;
      }
      try {
        await sleep(retry.wait(n, retryAfter ?? undefined), signal);
      } catch {
        throw aborted(url, signal);
      }
    }
  } finally {
    if (retry !== undefined) retry.free();
  }
}
