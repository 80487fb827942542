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
  | ArrayBufferView;

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
  /** The body parsed as JSON; throws a `SyntaxError` when it is not JSON. */
  json(): unknown;
  /** Throws an `HttpError` when `ok` is false. */
  raiseForStatus(): void;
}

/** The `name` of every error `put()` rejects with. */
export type PutErrorName =
  | "InvalidInputError"
  | "NetworkError"
  | "TimeoutError"
  | "AbortError"
  | "HttpError";
"#;
