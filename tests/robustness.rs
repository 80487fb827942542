//! Whatever it is given, `put` never throws synchronously, never traps, and leaks
//! nothing: a seeded fuzz of bad calls, then a leak check over thousands of calls.
#![cfg(target_arch = "wasm32")]

mod common;
use common::*;
use js_sys::Array;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

/// Odd JS values: symbols, BigInt, proxies whose traps throw, a revoked proxy, getters
/// and toString that throw, cycles, a 1 MiB string, and bad options of every kind.
fn odd_values() -> Array {
    js_eval(
        r#"
        const trap = () => { throw new Error('trap'); };
        const hostile = new Proxy({}, { get: trap, ownKeys: trap, getPrototypeOf: trap, has: trap });
        const revoked = Proxy.revocable({}, {}); revoked.revoke();
        const cyclic = {}; cyclic.self = cyclic;
        const getter = Object.defineProperty({}, 'x', { get: trap, enumerable: true });
        return [
          Symbol('s'), 10n, NaN, -0, Infinity, () => 1, [], [[]], [[1, 2, 3]], [1], {}, null,
          undefined, true, '', '\r\n', 'a'.repeat(1 << 20), hostile, revoked.proxy, cyclic, getter,
          { toString: trap }, new Date(0), /re/, new Map([[{}, 1]]), new Map([['k', {}]]),
          Object.create(null), [['a']], [['a', 'b', 'c']], { 'bad name': 'v' }, { X: 'a\nb' },
          { a: { b: 1 } }, { a: [[1]] }, { a: Symbol('v') }, new Error('e'), Promise.resolve(1),
          new WeakMap(), 'http://', 'ftp://x/', 'http://u:p@h/', ':::', 'http://127.0.0.1:9/',
          { timeout: -1 }, { timeout: 'x' }, { retry: 'x' }, { retry: { limit: 1e9 } },
          { json: 10n }, { json: cyclic }, { json: 1, extra: 2 }, { signal: {} }, { unknown: 1 },
          { auth: [1, 2] }, { auth: ['a:b', 'c'] }, { params: { a: {} } }, { params: hostile },
          { onUploadProgress: 'x' }, { mode: 'navigate' }, { credentials: 5 }, getter, hostile,
          new Uint8Array(4), new Blob(['x']), new URLSearchParams('a=1'),
        ];
        "#,
    )
    .into()
}

/// xorshift64*: a small seeded generator, so a failure can be replayed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick(&mut self, list: &Array) -> JsValue {
        list.get((self.next() % u64::from(list.length())) as u32)
    }
}

#[wasm_bindgen_test]
async fn a_thousand_random_bad_calls_leave_the_module_working() {
    let values = odd_values();
    let urls = odd_values();
    urls.push(&at("/echo"));
    urls.push(&at("/status/500"));
    let mut rng = Rng(0x5EED_2026);
    let mut rejected = 0;
    for _ in 0..1000 {
        let (url, headers, data, options) = (
            rng.pick(&urls),
            rng.pick(&values),
            rng.pick(&values),
            rng.pick(&values),
        );
        // Never a synchronous throw or a trap: `put` returns a promise for anything.
        let promise = wasm_put::js::put(url, headers, data, options);
        match JsFuture::from(promise).await {
            Ok(res) => assert!(get(&res, "status").as_f64().is_some()),
            Err(err) => {
                assert!(
                    err.is_instance_of::<js_sys::Error>(),
                    "rejected with a non-Error"
                );
                let name = string(&err, "name");
                assert!(
                    [
                        "InvalidInputError",
                        "NetworkError",
                        "TimeoutError",
                        "AbortError",
                        "HttpError"
                    ]
                    .contains(&name.as_str()),
                    "unexpected error name {name}"
                );
                rejected += 1;
            }
        }
    }
    assert!(rejected > 900, "most random calls are bad: {rejected}");
    let res = put(at("/echo"), JsValue::NULL, "still fine".into())
        .await
        .unwrap();
    assert_eq!(string(&json(&res), "body"), "still fine");
}

async fn mixed_calls(n: u32) {
    let aborted = web_sys::AbortController::new().unwrap();
    aborted.abort();
    for i in 0..n {
        let outcome = match i % 5 {
            0 => {
                put(
                    at("/echo"),
                    obj(&[("X-N", i.into())]),
                    obj(&[("k", "v".into())]),
                )
                .await
            }
            1 => {
                put_with(
                    at("/delay/200"),
                    JsValue::NULL,
                    JsValue::NULL,
                    obj(&[("timeout", 1.into())]),
                )
                .await
            }
            2 => {
                put_with(
                    at("/echo"),
                    JsValue::NULL,
                    JsValue::NULL,
                    obj(&[("signal", aborted.signal().into())]),
                )
                .await
            }
            3 => put("http://127.0.0.1:9/".into(), JsValue::NULL, JsValue::NULL).await,
            _ => put(at("/echo"), obj(&[("bad name", "v".into())]), JsValue::NULL).await,
        };
        if let Ok(res) = outcome {
            free(&res);
        }
    }
}

#[wasm_bindgen_test]
async fn thousands_of_mixed_calls_leave_wasm_memory_unchanged() {
    mixed_calls(300).await;
    collect_garbage().await;
    let before = wasm_memory_bytes();
    mixed_calls(3000).await;
    collect_garbage().await;
    let after = wasm_memory_bytes();
    assert_eq!(
        after, before,
        "wasm memory grew from {before} to {after} bytes"
    );
}

#[wasm_bindgen_test]
async fn no_timeout_timer_is_left_behind() {
    let timers = TimerWatch::start();
    for _ in 0..50 {
        let res = put_with(
            at("/echo"),
            JsValue::NULL,
            JsValue::NULL,
            obj(&[("timeout", 60_000.into())]),
        )
        .await
        .unwrap();
        assert_eq!(num(&res, "status"), 200.0);
    }
    assert_eq!(timers.live(), 0.0, "a 60 s timeout timer outlived its call");
}

use wasm_bindgen::JsCast;

/// `n` PUTs whose responses are dropped without `free()`, left to the garbage collector.
/// A collection is asked for every 1,000 calls, so that the test does not hang on when
/// the runtime chooses to collect (on a loaded machine it may wait long).
async fn unfreed_responses(n: u32) {
    for i in 0..n {
        if i % 1000 == 999 {
            collect_garbage().await;
        }
        let res = put(at("/echo"), obj(&[("X-N", i.into())]), "x".into())
            .await
            .unwrap();
        assert_eq!(num(&res, "status"), 200.0);
    }
}

#[wasm_bindgen_test]
async fn responses_left_to_the_garbage_collector_are_released_by_it() {
    // A `PutResponse` holds about 50 bytes of wasm memory until it is freed. Dropped
    // without `free()`, it is freed by its finalizer after a collection; memory may then
    // rise to a plateau (the responses alive between two collections), which the first
    // run reaches. Kept forever, 6,000 of them would take about 300,000 bytes.
    unfreed_responses(2000).await;
    collect_garbage().await;
    let plateau = wasm_memory_bytes();
    unfreed_responses(6000).await;
    collect_garbage().await;
    let grown = wasm_memory_bytes() - plateau;
    assert!(
        grown < 6000.0 * 16.0,
        "wasm memory grew by {grown} bytes over 6,000 unfreed responses: they are not released"
    );
}
