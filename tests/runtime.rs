//! Each wasm tier runs where it says it does: `cargo xtask test` names the runtime of
//! the tier in `WASM_PUT_TEST_RUNTIME` at build time, and this test checks the global
//! scope it finds against that name, so a tier that silently fell back to another
//! runtime fails instead of counting its tests twice.
#![cfg(target_arch = "wasm32")]

mod common;
use common::js_eval;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

/// The runtime `cargo xtask test` built this test for.
const CLAIMED: Option<&str> = option_env!("WASM_PUT_TEST_RUNTIME");

/// What the global scope is, told by the constructor it is an instance of.
fn actual_runtime() -> String {
    js_eval(
        "const has = (name) => typeof globalThis[name] === 'function' && globalThis instanceof globalThis[name];\
         if (has('ServiceWorkerGlobalScope')) return 'service worker';\
         if (has('SharedWorkerGlobalScope')) return 'shared worker';\
         if (has('DedicatedWorkerGlobalScope')) return 'dedicated worker';\
         if (typeof window === 'object' && typeof document === 'object') return 'page';\
         if (typeof process === 'object' && process.versions && process.versions.node) return 'node';\
         return 'unknown';",
    )
    .as_string()
    .unwrap_or_default()
}

#[wasm_bindgen_test]
fn the_tier_runs_in_the_runtime_it_claims() {
    let Some(claimed) = CLAIMED else {
        panic!("WASM_PUT_TEST_RUNTIME is not set: run the wasm tests with `cargo xtask test`");
    };
    assert_eq!(actual_runtime(), claimed);
}

/// An outbox needs IndexedDB: it opens in the browser tiers, and in Node (which has none)
/// `outbox()` rejects with `NotSupportedError` naming IndexedDB, as the Rust
/// `Outbox::open` fails with `ErrorKind::NotSupported`.
#[wasm_bindgen_test]
async fn an_outbox_opens_where_indexeddb_is_and_is_not_supported_in_node() {
    let name = common::fresh_key("runtime-outbox");
    let opened = wasm_bindgen_futures::JsFuture::from(wasm_put::js::outbox(
        name.clone().into(),
        JsValue::NULL,
    ))
    .await;
    let rust = wasm_put::Outbox::open(name).await;
    if CLAIMED == Some("node") {
        let err = opened.expect_err("Node has no IndexedDB");
        common::assert_error(
            &err,
            "NotSupportedError",
            &["IndexedDB", "outbox \"runtime-outbox"],
        );
        let err = rust.err().expect("Node has no IndexedDB");
        assert_eq!(err.kind(), wasm_put::ErrorKind::NotSupported);
    } else {
        let outbox = opened.expect("the browser has IndexedDB");
        common::call(&outbox, "close").unwrap();
        rust.expect("the browser has IndexedDB").close();
    }
}
