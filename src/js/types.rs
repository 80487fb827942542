//! The TypeScript types of the package, written into `wasm_put.d.ts`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Request headers: a plain object, a `Headers`, a `Map`, or `[name, value]` pairs. */
export type HeadersInput =
  | Record<string, string | number>
  | Headers
  | Map<string, string | number>
  | Array<[string, string | number]>;

/** A form field value: arrays repeat the key, `null`/`undefined` are skipped. */
export type FormValue = string | number | boolean | null | undefined;

/** The `data` of a PUT, as Requests' `data=`. */
export type DataInput =
  | string
  | Record<string, FormValue | FormValue[]>
  | Map<string, FormValue | FormValue[]>
  | Array<[string, FormValue]>
  | URLSearchParams
  | FormData
  | Blob
  | ArrayBuffer
  | ArrayBufferView
  | ReadableStream<Uint8Array>;

/** Progress of a body: bytes so far, and the whole size (`null` when unknown). */
export interface ProgressEvent {
  readonly loaded: number;
  readonly total: number | null;
}

/** `retry` as an object. */
export interface RetryOptions {
  /** Retries after the first attempt (0 to 100). */
  limit?: number;
  /** Statuses to retry; default 408, 413, 429, 500, 502, 503, 504. */
  statusCodes?: number[];
  /** Base of the exponential backoff in ms (default 300). */
  backoffMs?: number;
  /** Cap on one wait in ms, `Retry-After` included (default 30000). */
  maxBackoffMs?: number;
  /**
   * Decides each retry in place of `statusCodes` and the network-error rule (the limit
   * still holds): `true` to try again. A throw or rejection ends the call with it.
   */
  shouldRetry?: (attempted: RetryAttempt) => boolean | Promise<boolean>;
}

/** What `retry.shouldRetry` decides on: the attempt that ended. */
export interface RetryAttempt {
  /** Its error (network, or its `timeout`), or `null` when it had an answer. */
  readonly error: Error | null;
  /** Its answer, body and all, or `null` when it had none. */
  readonly response: PutResponse | null;
  /** The number of the retry being decided on: 1 for the first. */
  readonly attempt: number;
}

/** The options of `put()`; an unknown key rejects with `InvalidInputError`. */
export interface PutOptions {
  /** A JSON value to send; `Content-Type: application/json` unless set. Not with `data`. */
  json?: unknown;
  /** Query pairs appended to the URL (array values repeat the key). */
  params?: Record<string, FormValue | FormValue[]> | URLSearchParams | Array<[string, FormValue]>;
  /** Milliseconds for each attempt, up to the end of the body; then `TimeoutError`. */
  timeout?: number;
  /**
   * Milliseconds for the whole call: every attempt and every wait between them; then
   * `TimeoutError` saying it was the total.
   */
  totalTimeout?: number;
  /** Aborts the call with `AbortError`. */
  signal?: AbortSignal;
  /** Retries of network errors and retryable statuses; a count or `RetryOptions`. */
  retry?: number | RetryOptions;
  /** HTTP Basic credentials. */
  auth?: [user: string, password: string];
  /** Reject with `HttpError` on a non-2xx response. */
  throwHttpErrors?: boolean;
  /** Bytes sent so far; the last call has `loaded === total`. */
  onUploadProgress?: (progress: ProgressEvent) => void;
  /** Bytes received so far; the last call has `loaded === content.length`. */
  onDownloadProgress?: (progress: ProgressEvent) => void;
  credentials?: RequestCredentials;
  mode?: RequestMode;
  cache?: RequestCache;
  redirect?: RequestRedirect;
  referrer?: string;
  referrerPolicy?: ReferrerPolicy;
  integrity?: string;
  keepalive?: boolean;
  priority?: "high" | "low" | "auto";
  /** An ETag (or `*`), sent as `If-Match`: the PUT applies only to that version (else 412). */
  ifMatch?: string;
  /** `true`: sent as `If-None-Match: *`, so the PUT only creates (else 412). Not with `ifMatch`. */
  createOnly?: boolean;
  /**
   * `true` (keyed by the resolved URL) or a key: at most one PUT per key in flight; a call
   * made meanwhile waits, replacing any call already waiting, which rejects with
   * `AbortError` (`cause` `'superseded'`). The server sees the PUTs in call order.
   */
  supersede?: boolean | string;
}

/** The options of `update()`: those of `put()` less `json`, `ifMatch`, `createOnly` and `supersede`. */
export interface UpdateOptions extends Omit<PutOptions, "json" | "ifMatch" | "createOnly" | "supersede"> {
  /** Times to start again after a `412` (default 5); then `HttpError` 412. */
  conflicts?: number;
  /** Headers sent with both the GET and the PUT. */
  headers?: HeadersInput | null;
}

/** What `put()` resolves to, modelled on a Requests `Response`. */
export interface PutResponse {
  /** The HTTP status code, e.g. 201. */
  readonly status: number;
  /** `true` for a status from 200 to 299. */
  readonly ok: boolean;
  /** The status text, e.g. `Created`. */
  readonly statusText: string;
  /** The final URL, after redirects. */
  readonly url: string;
  /** Whether a redirect was followed. */
  readonly redirected: boolean;
  /** Response headers, lower-case names, repeated headers joined with `, `. */
  readonly headers: Record<string, string>;
  /** The body bytes (Requests' `.content`). */
  readonly content: Uint8Array;
  /** The body decoded by the charset of `Content-Type` (UTF-8 by default). */
  readonly text: string;
  /** Milliseconds from the start of the call to the end of the body. */
  readonly elapsed: number;
  /** The `ETag` header, or `null`. */
  readonly etag: string | null;
  /** The body parsed as JSON; throws a `SyntaxError` when it is not JSON. */
  json(): unknown;
  /** Throws an `HttpError` when `ok` is false. */
  raiseForStatus(): void;
}

/**
 * Sends `data` to `url` with the HTTP method PUT, as Python Requests' `requests.put`.
 *
 * * `url`: a string or `URL`; a relative URL resolves against the page or worker.
 * * `headers`: a plain object, `Headers`, `Map` or array of `[name, value]` pairs.
 * * `data`: a string (sent as is); a plain object, `Map` or pairs (sent as a form);
 *   `URLSearchParams`, `FormData`, `Blob`, `ArrayBuffer`, a typed array or a
 *   `ReadableStream` (sent as they are).
 * * `options`: `json`, `params`, `timeout`, `signal`, `retry`, `auth`,
 *   `throwHttpErrors`, `onUploadProgress`, `onDownloadProgress`, and fetch's own
 *   `credentials`, `mode`, `cache`, `redirect`, `referrer`, `referrerPolicy`,
 *   `integrity`, `keepalive`, `priority`; and `ifMatch`, `createOnly` for conditional PUTs.
 *
 * Resolves to a `PutResponse`. Never throws: every failure rejects the promise with an
 * `Error` whose `name` says what happened (`InvalidInputError`, `NetworkError`,
 * `TimeoutError`, `AbortError`, `HttpError`, `NotSupportedError`).
 */
export function put(url: string | URL, headers?: HeadersInput | null, data?: DataInput | null, options?: PutOptions | null): Promise<PutResponse>;

/**
 * Changes a JSON resource without losing anyone's update: GET `url`, `next = await
 * change(current)` (`current` is the parsed body, or `null` on 404), PUT `next` as JSON
 * with `If-Match` (or `If-None-Match: *`), and on 412 start again, at most
 * `options.conflicts` times. Resolves to the PUT's `PutResponse`; a `change` that throws
 * or rejects makes it reject with that same error, and nothing is PUT.
 */
export function update<T = unknown>(url: string | URL, change: (current: T | null) => T | Promise<T>, options?: UpdateOptions | null): Promise<PutResponse>;

/** The request a client's hook sees: `headers` may be changed by `beforeRequest`. */
export interface HookRequest {
  readonly method: "PUT" | "GET";
  /** The URL, resolved against the base URL. */
  readonly url: string;
  /** The headers of this attempt. */
  readonly headers: Headers;
}

/** Which attempt a hook runs for: 0 first, then 1, 2, … for retries and a resend after a token refresh. */
export interface HookAttempt {
  readonly attempt: number;
}

/** Runs before every attempt (retries too); may change `request.headers`; a throw or rejection ends the call, sending nothing more. */
export type BeforeRequestHook = (request: HookRequest, attempt: HookAttempt) => void | Promise<void>;

/**
 * Runs on the call's final response (after retries, before `throwHttpErrors`); a returned
 * `PutResponse` replaces it for the next hook and the caller; a throw or rejection ends the call.
 */
export type AfterResponseHook = (
  request: HookRequest,
  response: PutResponse,
  attempt: HookAttempt,
) => void | PutResponse | Promise<void | PutResponse>;

/** Bearer tokens with one shared refresh. */
export interface BearerOptions {
  /** The current token, sent as `Authorization: Bearer <token>` on every attempt. */
  token: () => string | Promise<string>;
  /**
   * Gets a new token (so that `token()` returns it). On a `401` it runs once for every
   * call that meets the 401 while it runs; each such call is sent again once.
   */
  refresh: () => void | Promise<void>;
}

/** A client's hooks: each list runs in order, those of `extend()` after its parent's. */
export interface Hooks {
  beforeRequest?: BeforeRequestHook[];
  afterResponse?: AfterResponseHook[];
}

/** The defaults of `create()` and `extend()`: any `put()` option but `json`, `ifMatch`, `createOnly` and `signal`, plus these. */
export interface ClientDefaults extends Omit<PutOptions, "json" | "ifMatch" | "createOnly" | "signal"> {
  /** Each call's `url` resolves against it as `new URL(url, baseUrl)` does; a relative one resolves against the page. */
  baseUrl?: string | URL;
  /** Sent with every call, under its own headers (merged by name, case-insensitively; a call's `undefined` value removes one). */
  headers?: HeadersInput | null;
  bearer?: BearerOptions;
  hooks?: Hooks;
}

/** The headers of a client's call: a value `undefined` removes the client's header of that name. */
export type ClientHeadersInput =
  | HeadersInput
  | Record<string, string | number | undefined>;

/** A client configured once, made by `create()`. */
export interface Client {
  /** `put()` with the client's defaults: its URL resolves against `baseUrl`. */
  put(url: string | URL, headers?: ClientHeadersInput | null, data?: DataInput | null, options?: PutOptions | null): Promise<PutResponse>;
  /** `update()` with the client's defaults. */
  update<T = unknown>(url: string | URL, change: (current: T | null) => T | Promise<T>, options?: UpdateOptions | null): Promise<PutResponse>;
  /** A new client: `more` merged over these defaults as a call's options are, hooks appended. This client is unchanged. */
  extend(more: ClientDefaults): Client;
}

/**
 * A client configured once, as Requests' `Session` or ky's `create`: a base URL, default
 * headers and options, bearer tokens with one shared refresh, and hooks. Throws
 * `InvalidInputError` at once for a bad default.
 */
export function create(defaults?: ClientDefaults | null): Client;

/**
 * The options of an outbox's `put`: `put()`'s less `signal`, `supersede` and the progress
 * callbacks, plus `key`. `retry` and `timeout` apply within each delivery (a function,
 * `shouldRetry`, cannot be stored); `throwHttpErrors` changes nothing, as every answer
 * goes to `onSent` or `onFailed`.
 */
export interface OutboxPutOptions extends Omit<PutOptions,
  "signal" | "supersede" | "retry" | "onUploadProgress" | "onDownloadProgress"> {
  retry?: number | Omit<RetryOptions, "shouldRetry">;
  /** A new entry with the key of a pending one replaces it (the older is never sent). */
  key?: string;
}

/** The `data` an outbox can store: `put()`'s less `FormData` and `ReadableStream`. */
export type OutboxDataInput = Exclude<DataInput, FormData | ReadableStream<Uint8Array>>;

/** A pending entry of an outbox. */
export interface OutboxEntry {
  readonly id: number;
  readonly key: string | null;
  readonly method: "PUT";
  readonly url: string;
  /** When it was queued, in ms since the Unix epoch. */
  readonly queuedAt: number;
  /** Deliveries tried that will be tried again. */
  readonly attempts: number;
  /** Why the last delivery did not go through, or `null`. */
  readonly lastError: string | null;
}

/** The options of `outbox()`. */
export interface OutboxOptions {
  /** An entry delivered (a 2xx), in the tab that delivered it. */
  onSent?: (sent: { id: number; key: string | null; response: PutResponse }) => void;
  /**
   * An entry given up: an answer retrying cannot change (`response`, such as a 412), or
   * `error` (a `TimeoutError` past `maxAgeMs`).
   */
  onFailed?: (failed: { id: number; key: string | null; response: PutResponse | null; error: Error | null }) => void;
  /**
   * The number of entries pending may have changed. `closed` is `true` once, when
   * another tab deleted or upgraded the outbox's database and this outbox closed so as
   * not to block it (`pending` is then the last count known here); open it again.
   */
  onChange?: (change: { pending: number; closed: boolean }) => void;
  /** The longest wait between two tries of an entry, `Retry-After` included (default 60000). */
  maxBackoffMs?: number;
  /** The age past which an entry is given up with `onFailed` (default 7 days). */
  maxAgeMs?: number;
}

/**
 * A durable queue of PUTs in IndexedDB, delivered in order when the network allows. Its
 * methods reject with `StorageError` when the browser's storage fails them.
 */
export interface Outbox {
  readonly name: string;
  /** Stores a PUT; resolves once it is committed to IndexedDB, before anything is sent. */
  put(url: string | URL, headers?: HeadersInput | null, data?: OutboxDataInput | null, options?: OutboxPutOptions | null): Promise<{ id: number; key: string | null }>;
  /** The pending entries, in delivery order. */
  pending(): Promise<OutboxEntry[]>;
  /** Tries now; resolves with the number still pending when it cannot go further. */
  flush(): Promise<number>;
  /** Removes every pending entry. */
  clear(): Promise<void>;
  /** Stops delivering from this tab; the entries stay stored. */
  close(): void;
}

/**
 * Opens the outbox `name` (a durable queue of PUTs in IndexedDB, shared by the tabs of
 * an origin). Rejects with `NotSupportedError` where there is no IndexedDB (Node), and
 * `StorageError` when the browser's storage fails it (refused, or the open blocked past
 * 10 s by another tab). The outbox's methods reject with `StorageError` when the storage
 * is full, or once another tab deleted or upgraded its database.
 */
export function outbox(name: string, options?: OutboxOptions | null): Promise<Outbox>;

/** The `name` of every error `put()` and an outbox reject with. */
export type PutErrorName =
  | "InvalidInputError"
  | "NetworkError"
  | "TimeoutError"
  | "AbortError"
  | "HttpError"
  | "NotSupportedError"
  | "StorageError";
"#;
