// wasm-put in a Vite app: init() fetches wasm_put_bg.wasm (which `vite build` emits into
// dist/assets), then put() sends a JSON document to the API given by ?server=.
import init, { put } from 'wasm-put';

const query = new URLSearchParams(location.search);
const server = (query.get('server') || location.origin).replace(/\/+$/, '');
const url = `${server}/resources/${encodeURIComponent(query.get('id') || 'vite-example')}`;

const form = /** @type {HTMLFormElement} */ (document.getElementById('form'));
const name = /** @type {HTMLInputElement} */ (document.getElementById('name'));
const send = /** @type {HTMLButtonElement} */ (document.getElementById('send'));
const status = /** @type {HTMLOutputElement} */ (document.getElementById('status'));
const body = /** @type {HTMLPreElement} */ (document.getElementById('body'));
/** @type {HTMLElement} */ (document.getElementById('target')).textContent = url;

await init();
status.textContent = 'ready';
send.disabled = false;

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  status.textContent = 'sending…';
  try {
    const res = await put(url, null, null, { json: { name: name.value }, timeout: 10_000 });
    status.textContent = `${res.status} ${res.statusText}`;
    const json = (res.headers['content-type'] ?? '').includes('json');
    body.textContent = json ? JSON.stringify(res.json(), null, 2) : res.text;
  } catch (e) {
    // Every failure is an Error whose name says what happened.
    const error = /** @type {Error} */ (e);
    status.textContent = `${error.name}: ${error.message}`;
  }
});
