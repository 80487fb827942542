// Upload progress and waiting, the two pieces of wasm-put that need JS callbacks.
//
// fetch cannot say how many bytes of a request body have been sent (over HTTP/1.1 it
// has no upload progress at all); XMLHttpRequest can. So when `onUploadProgress` is
// given and XMLHttpRequest exists (pages and dedicated workers), the request goes
// through it; elsewhere (Node, service workers) it goes through fetch and progress is
// reported once, when the body has been sent.

const report = (callback, loaded, total) => {
  try {
    callback({ loaded, total });
  } catch (error) {
    console.error('wasm-put: a progress callback threw; the transfer goes on', error);
  }
};

/** Whether XMLHttpRequest exists here. */
export const hasXhr = () => typeof XMLHttpRequest === 'function';

// From this size up, a byte or string body goes to the browser as a Blob: measured with
// `cargo xtask bench` in Chromium against the dev server, a Blob body uploads 20-30 %
// faster from 1 MiB up, while for small bodies it costs more than it saves.
const BLOB_FROM = 256 * 1024;

/** In browsers, a large byte or string body as a Blob; any other body as it is. */
export function fastBody(body) {
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
export function bodySize(body) {
  if (body == null) return 0;
  if (typeof body === 'string') return new TextEncoder().encode(body).length;
  if (body instanceof Blob) return body.size;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return body.byteLength;
  if (body instanceof URLSearchParams) return new TextEncoder().encode(body.toString()).length;
  return null;
}

/** Reports upload progress once, for a body sent by fetch. */
export function uploadDone(callback, body) {
  const size = bodySize(body);
  report(callback, size, size);
}

/** Calls a download progress callback. */
export function downloadProgress(callback, loaded, total) {
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
export function xhrPut(url, headers, body, signal, withCredentials, onUpload, onDownload) {
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
    headers.forEach((value, name) => xhr.setRequestHeader(name, value));
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

/** Resolves after `ms`, or rejects with the reason when `signal` aborts first. */
export function sleep(ms, signal) {
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
