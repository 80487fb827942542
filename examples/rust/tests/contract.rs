//! The Rust example of the contract, written in a crate that depends on wasm-put by
//! path, run against the dev server in Node and in headless Chromium.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use serde::{Deserialize, Serialize};
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_put::{put, ErrorKind};

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Doc {
    name: String,
}

/// What the dev server answers to a PUT of JSON: the document it stored, among others.
#[derive(Deserialize)]
struct Saved {
    json: Doc,
}

fn server() -> &'static str {
    option_env!("WASM_PUT_TEST_SERVER").unwrap_or("http://127.0.0.1:9")
}

#[wasm_bindgen_test]
async fn the_contracts_rust_example_runs() -> Result<(), wasm_put::Error> {
    let doc = Doc {
        name: "John Doe".into(),
    };
    let id = (js_sys_random() * 1e12) as u64;
    let res = put(format!("{}/resources/contract-{id}", server()))
        .header("X-Token", "abc")
        .json(&doc)
        .timeout(Duration::from_secs(5))
        .retry(3)
        .send()
        .await?;
    let saved: Saved = res.json()?;
    assert_eq!(saved.json, doc);
    assert_eq!(res.status(), 201);
    assert!(res.text().contains("John Doe"));
    let refused = put("ftp://example.com/").send().await.unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::InvalidInput);
    Ok(())
}

/// `Math.random()`, without a dependency on js-sys in this example.
fn js_sys_random() -> f64 {
    #[wasm_bindgen::prelude::wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = Math)]
        fn random() -> f64;
    }
    random()
}
