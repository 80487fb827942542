// Example requests, each a change to the default request and a note on what it shows.

import { defaultRequest, DEFAULT_JSON } from './request.js';

const JSON_TYPE = ['Content-Type', 'application/json'];

/** A key no earlier run of the flaky preset used, so it fails again from the start. */
const freshKey = () => 'demo-' + Date.now().toString(36) + Math.random().toString(36).slice(2, 6);

/**
 * The current ETag of `/resources/123`, creating the resource first when it is missing.
 * Reads with plain fetch (wasm-put only does PUT); the list avoids a 404 in the console.
 */
async function currentEtag(put) {
  const list = await fetch('/resources', { cache: 'no-store' }).then((r) => r.json());
  if (Array.isArray(list.ids) && list.ids.includes('123')) {
    const res = await fetch('/resources/123', { cache: 'no-store' });
    const tag = res.headers.get('etag');
    if (res.ok && tag) return tag;
  }
  const res = await put('/resources/123', [JSON_TYPE], DEFAULT_JSON);
  return res.headers.etag;
}

export const presets = [
  {
    id: 'json',
    label: 'JSON document',
    note: 'Creates /resources/123 (201 Created, with Location and ETag); send again to replace it (200 OK).',
    request: () => ({}),
  },
  {
    id: 'if-match',
    label: 'Conditional update (If-Match)',
    loading: 'Reading the current ETag of /resources/123…',
    async request({ put }) {
      const tag = await currentEtag(put);
      const edited = new Date().toISOString();
      return {
        headers: [JSON_TYPE, ['If-Match', tag]],
        json: `{"name": "Jane Doe", "edited": "${edited}"}`,
        note: `If-Match holds ${tag}, the current ETag of /resources/123. Send: 200 OK, the tag matched `
          + 'and the document was replaced, which changed its ETag. Send again: 412 Precondition Failed, '
          + 'the tag is stale now, so nothing is overwritten. Choose this example again for a fresh tag.',
      };
    },
  },
  {
    id: 'form',
    label: 'Form fields',
    note: 'A plain object as data, like Requests\' data={…}: wasm-put form-encodes it and /echo shows the body it got.',
    request: () => ({ url: '/echo', headers: [], bodyKind: 'form', form: [['key1', 'value1'], ['key2', 'value2']] }),
  },
  {
    id: 'text',
    label: 'Plain text',
    note: '/echo-body answers with the body and Content-Type it received.',
    request: () => ({
      url: '/echo-body',
      headers: [['Content-Type', 'text/plain; charset=utf-8']],
      bodyKind: 'text',
      text: 'Hello from wasm-put ✓',
    }),
  },
  {
    id: 'timeout',
    label: 'Timeout',
    note: '/delay/3000 answers after 3 s, but the timeout is 1000 ms: wasm-put rejects with a TimeoutError.',
    request: () => ({ url: '/delay/3000', headers: [], bodyKind: 'none', timeout: '1000' }),
  },
  {
    id: 'retry',
    label: 'Flaky server + retry',
    note: 'This endpoint answers 503 twice, then 200. With 3 retries wasm-put backs off and tries again; '
      + 'the answer counts 3 attempts. Set Retries to 0 to see the 503.',
    request: () => ({
      url: `/flaky/${freshKey()}?fails=2&status=503`,
      headers: [],
      bodyKind: 'text',
      text: 'x',
      retry: '3',
    }),
  },
  {
    id: 'download',
    label: 'Large download',
    note: '/bytes/8000000 answers with 8 MB of binary: watch the download progress, then the size summary.',
    request: () => ({ url: '/bytes/8000000', headers: [], bodyKind: 'none' }),
  },
  {
    id: 'http-error',
    label: 'HTTP error',
    note: 'A 404 resolves like any answer, as in Requests and fetch; with "Throw on HTTP errors" it rejects with an HttpError.',
    request: () => ({ url: '/status/404', headers: [], bodyKind: 'none', throwHttpErrors: true }),
  },
];

/**
 * The full request of a preset, and its note.
 * @returns {Promise<{ request: object, note: string }>}
 */
export async function resolvePreset(preset, context) {
  const { note = preset.note, ...changes } = await preset.request(context);
  return { request: { ...defaultRequest(), ...changes }, note };
}
