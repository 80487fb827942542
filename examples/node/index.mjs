// wasm-put in Node: PUT a JSON document, then a file, to a REST API.
//
//   WASM_PUT_SERVER=http://127.0.0.1:8080 npm start
//
// The package's Node entry instantiates the wasm on import: no init() to call.
import * as fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import { put } from 'wasm-put';

const server = (process.env.WASM_PUT_SERVER || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const id = process.env.WASM_PUT_EXAMPLE_ID || 'node-example';

/**
 * The file as a Blob: read lazily from disk where Node can (≥ 19.8), else read whole.
 * @param {URL} url
 * @param {string} type
 * @returns {Promise<Blob>}
 */
async function fileBlob(url, type) {
  if (typeof fs.openAsBlob === 'function') return fs.openAsBlob(url, { type });
  return new Blob([await readFile(url)], { type });
}

try {
  // A JSON document, as requests.put(url, json={...}).
  const doc = await put(`${server}/resources/${id}`, null, null, {
    json: { name: 'John Doe', city: 'Lisbon', tags: ['node', 'example'] },
    timeout: 10_000,
  });
  console.log(`json: PUT /resources/${id} -> ${doc.status} ${doc.statusText} (ETag ${doc.headers.etag})`);

  // A file, with its own Content-Type; HTTP errors reject instead of resolving.
  const file = await fileBlob(new URL('./report.csv', import.meta.url), 'text/csv');
  const upload = await put(`${server}/resources/${id}.csv`, { 'Content-Type': 'text/csv' }, file, {
    retry: 2,
    throwHttpErrors: true,
  });
  console.log(`file: PUT /resources/${id}.csv -> ${upload.status} ${upload.statusText} (${file.size} bytes)`);
} catch (e) {
  // Every failure is an Error whose name says what happened.
  const error = /** @type {Error} */ (e);
  console.error(`${error.name}: ${error.message}`);
  process.exitCode = 1;
}
