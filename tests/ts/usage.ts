// Typed usage of wasm-put, checked with `tsc --noEmit --strict` (tests/pkg/types.test.mjs).
// Never run: it only has to compile. Each `@ts-expect-error` line must be a type error,
// or tsc reports the directive as unused, so these lines prove the types reject them.
import init, {
  create,
  initSync,
  outbox,
  put,
  update,
  type AfterResponseHook,
  type BeforeRequestHook,
  type Client,
  type ClientDefaults,
  type RetryAttempt,
  type DataInput,
  type FormValue,
  type HeadersInput,
  type Outbox,
  type OutboxEntry,
  type OutboxOptions,
  type OutboxPutOptions,
  type ProgressEvent,
  type PutErrorName,
  type PutOptions,
  type PutResponse,
  type RetryOptions,
  type UpdateOptions,
} from 'wasm-put';

await init();
await init({ module_or_path: new URL('wasm_put_bg.wasm', import.meta.url) });
initSync({ module: new Uint8Array() });

const base = 'http://127.0.0.1:8080';

// url: a string or a URL; headers and data optional or null.
const first: PutResponse = await put(`${base}/resources/1`);
await put(new URL('/resources/2', base), null, null, null);
await put(`${base}/echo`, undefined, 'text');

// headers in every form
const headerForms: HeadersInput[] = [
  { 'Content-Type': 'application/json', 'X-Count': 3 },
  new Headers({ Accept: 'application/json' }),
  new Map<string, string | number>([['X-Trace', 7]]),
  [['X-A', 'a'], ['X-B', 2]],
];
for (const headers of headerForms) await put(`${base}/echo`, headers);

// data in every form
const field: FormValue = null;
const dataForms: DataInput[] = [
  '{"name":"John Doe"}',
  { key1: 'value1', key2: ['a', 'b'], n: 1, yes: true, skip: field, gone: undefined },
  new Map<string, FormValue | FormValue[]>([['tag', ['a', 'b']]]),
  [['k', 'v'], ['n', 2]],
  new URLSearchParams('a=1'),
  new FormData(),
  new Blob(['x'], { type: 'text/plain' }),
  new ArrayBuffer(8),
  new Uint8Array(8),
  new DataView(new ArrayBuffer(8)),
  new ReadableStream<Uint8Array>(),
];
for (const data of dataForms) await put(`${base}/echo`, null, data);

// every option
const controller = new AbortController();
const retry: RetryOptions = { limit: 3, statusCodes: [503], backoffMs: 10, maxBackoffMs: 1000, shouldRetry: ({ error, response }) => error !== null || response?.status === 503 };
const progress: number[] = [];
const options: PutOptions = {
  json: { name: 'John Doe', tags: ['a'], nested: { ok: true } },
  params: { tag: ['a', 'b'], page: 2, skip: null },
  timeout: 5000,
  totalTimeout: 30_000,
  signal: controller.signal,
  retry,
  auth: ['Aladdin', 'open sesame'],
  throwHttpErrors: true,
  onUploadProgress: (p: ProgressEvent) => progress.push(p.loaded),
  onDownloadProgress: ({ loaded, total }) => {
    const known: number | null = total;
    progress.push(loaded + (known ?? 0));
  },
  credentials: 'include',
  mode: 'cors',
  cache: 'no-store',
  redirect: 'follow',
  referrer: 'about:client',
  referrerPolicy: 'no-referrer',
  integrity: 'sha256-abc',
  keepalive: false,
  priority: 'high',
  ifMatch: '*',
  createOnly: false,
  supersede: 'draft',
};
await put(`${base}/resources/3`, null, null, options);
await put(`${base}/echo`, null, null, { params: new URLSearchParams('v=1'), retry: 2 });
await put(`${base}/echo`, null, null, { params: [['v', 1]], retry: {} });

// update(): a typed change, its own options
const updateOptions: UpdateOptions = { conflicts: 3, headers: { 'X-Writer': 'ts' }, timeout: 5000 };
const updated: PutResponse = await update<{ n: number }>(`${base}/resources/6`, (c) => ({ n: (c?.n ?? 0) + 1 }), updateOptions);
await update(`${base}/resources/6`, async (c) => c);
console.log(updated.status);

// every PutResponse field, typed
const res = await put(`${base}/resources/4`, { 'Content-Type': 'application/json' }, '{}');
const status: number = res.status;
const ok: boolean = res.ok;
const statusText: string = res.statusText;
const url: string = res.url;
const redirected: boolean = res.redirected;
const headers: Record<string, string> = res.headers;
const etag: string | undefined = res.headers['etag'];
const content: Uint8Array = res.content;
const text: string = res.text;
const elapsed: number = res.elapsed;
const tag: string | null = res.etag;
const body: unknown = res.json();
const nothing: void = res.raiseForStatus();
console.log(first, status, ok, statusText, url, redirected, headers, etag, content, text, elapsed, tag, body, nothing);

// errors: the names are a closed union
try {
  await put(`${base}/status/404`, null, null, { throwHttpErrors: true });
} catch (e) {
  const name = (e as Error).name as PutErrorName;
  const known: PutErrorName[] = ['InvalidInputError', 'NetworkError', 'TimeoutError', 'AbortError', 'HttpError'];
  console.log(known.includes(name));
}

// ---- what the types reject -------------------------------------------------------------

// @ts-expect-error: the url is a string or a URL
await put(42);
// @ts-expect-error: a header value is a string or a number
await put(base, { 'X-Flag': true });
// @ts-expect-error: headers are not a string
await put(base, 'Content-Type: text/plain');
// @ts-expect-error: a form value cannot be a nested object
await put(base, null, { user: { name: 'x' } });
// @ts-expect-error: a number is not a body
await put(base, null, 42);
// @ts-expect-error: an unknown option (a typo of json)
await put(base, null, null, { jsn: {} });
// @ts-expect-error: an unknown option (Requests' `data` is the third argument)
await put(base, null, null, { data: 'x' });
// @ts-expect-error: timeout is a number of ms
await put(base, null, null, { timeout: '100' });
// @ts-expect-error: signal is an AbortSignal, not its controller
await put(base, null, null, { signal: controller });
// @ts-expect-error: retry is a count or RetryOptions
await put(base, null, null, { retry: 'three' });
// @ts-expect-error: an unknown RetryOptions key
await put(base, null, null, { retry: { limt: 3 } });
// @ts-expect-error: statusCodes are numbers
await put(base, null, null, { retry: { statusCodes: ['503'] } });
// @ts-expect-error: auth is a [user, password] pair
await put(base, null, null, { auth: ['Aladdin'] });
// @ts-expect-error: auth is not a "user:password" string
await put(base, null, null, { auth: 'Aladdin:open sesame' });
// @ts-expect-error: throwHttpErrors is a boolean
await put(base, null, null, { throwHttpErrors: 'yes' });
// @ts-expect-error: a progress callback takes a ProgressEvent
await put(base, null, null, { onUploadProgress: (p: string) => p });
// @ts-expect-error: params cannot be a number
await put(base, null, null, { params: 42 });
// @ts-expect-error: credentials is one of fetch's values
await put(base, null, null, { credentials: 'sometimes' });
// @ts-expect-error: mode is one of fetch's values
await put(base, null, null, { mode: 'none' });
// @ts-expect-error: cache is one of fetch's values
await put(base, null, null, { cache: 'forever' });
// @ts-expect-error: redirect is one of fetch's values
await put(base, null, null, { redirect: 'never' });
// @ts-expect-error: referrerPolicy is one of fetch's values
await put(base, null, null, { referrerPolicy: 'nobody' });
// @ts-expect-error: keepalive is a boolean
await put(base, null, null, { keepalive: 1 });
// @ts-expect-error: priority is high, low or auto
await put(base, null, null, { priority: 'urgent' });
// @ts-expect-error: status is read-only
res.status = 200;
// @ts-expect-error: json() is unknown until narrowed
res.json().name;
// @ts-expect-error: content is bytes, not a string
const notText: string = res.content;
// @ts-expect-error: there is no status_code (that is Requests' name)
res.status_code;
// @ts-expect-error: not an error name put() rejects with
const notAName: PutErrorName = 'OopsError';
console.log(notText, notAName);

// create(): a client configured once
const store = { token: 'first' };
const defaults: ClientDefaults = {
  baseUrl: `${base}/resources/`,
  headers: { 'X-App': 'notes' },
  timeout: 10_000,
  totalTimeout: 30_000,
  retry: { limit: 2, shouldRetry: async ({ response, attempt }: RetryAttempt) => attempt < 3 && response?.status === 503 },
  bearer: { token: () => store.token, refresh: async () => { store.token = 'renewed'; } },
  hooks: {
    beforeRequest: [(req, { attempt }) => req.headers.set('X-Attempt', String(attempt))],
    afterResponse: [async (_req, res) => (res.status === 202 ? res : undefined)],
  },
};
const api: Client = create(defaults);
const saved: PutResponse = await api.put('notes/42', { 'X-App': undefined }, null, { json: { done: true } });
await api.update<{ n: number }>('counter', (c) => ({ n: (c?.n ?? 0) + 1 }), { conflicts: 2 });
const admin: Client = api.extend({ headers: { 'X-Role': 'admin' } });
const before: BeforeRequestHook = async (req) => { req.headers.delete('X-App'); };
const after: AfterResponseHook = (_req, res) => res;
create({ hooks: { beforeRequest: [before], afterResponse: [after] } });
console.log(saved.status, admin);
// @ts-expect-error: json is a call's, not a default
create({ json: {} });
// @ts-expect-error: signal is a call's, not a default
create({ signal: new AbortController().signal });
// @ts-expect-error: the bearer needs its refresh
create({ bearer: { token: () => 't' } });
// @ts-expect-error: a token is a string
create({ bearer: { token: () => 1, refresh: () => {} } });
// @ts-expect-error: shouldRetry decides with a boolean
await put(base, null, null, { retry: { shouldRetry: () => 'yes' } });
// @ts-expect-error: totalTimeout is milliseconds
await put(base, null, null, { totalTimeout: '30s' });
// @ts-expect-error: an afterResponse hook returns a PutResponse or nothing
create({ hooks: { afterResponse: [() => 5] } });

// outbox(): a durable queue of PUTs, its callbacks and its entries
const boxOptions: OutboxOptions = {
  onSent: ({ id, key, response }) => console.log(id, key, response.status),
  onFailed: ({ response, error }) => console.log(response?.status, error?.name),
  onChange: ({ pending, closed }) => console.log(pending, closed),
  maxBackoffMs: 30_000,
  maxAgeMs: 86_400_000,
};
const box: Outbox = await outbox('notes', boxOptions);
const entryOptions: OutboxPutOptions = { json: { done: true }, key: 'note-42', ifMatch: '"v1"', timeout: 5_000 };
const queued: { id: number; key: string | null } = await box.put('/notes/42', { 'X-App': 'notes' }, null, entryOptions);
await box.put('/files/1', null, new Blob(['x']));
const waiting: OutboxEntry[] = await box.pending();
const left: number = await box.flush();
await box.clear();
box.close();
console.log(queued.id, waiting[0]?.lastError, left, box.name);
// @ts-expect-error: an entry cannot keep a signal
await box.put('/notes/1', null, 'x', { signal: new AbortController().signal });
await box.put('/notes/1', null, 'x', { retry: { limit: 2, backoffMs: 100 }, totalTimeout: 10_000 });
// @ts-expect-error: an entry cannot keep a function, such as shouldRetry
await box.put('/notes/1', null, 'x', { retry: { shouldRetry: () => true } });
// @ts-expect-error: FormData cannot be stored
await box.put('/notes/1', null, new FormData());
// @ts-expect-error: a key is a string
await box.put('/notes/1', null, 'x', { key: 42 });
// @ts-expect-error: onChange is told the count
await outbox('notes', { onChange: (n: string) => n });
