//! A Rust wasm app on wasm-put: on start it PUTs a serde struct to the dev server's
//! `/resources/example`, then shows the status, the ETag and the document the server
//! stored, read back into the same struct. `cargo xtask test` builds it and drives it in
//! headless Chromium; `index.html` beside this crate is its page.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// The document this app saves.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Profile {
    /// A display name.
    pub name: String,
    /// Free tags.
    pub tags: Vec<String>,
}

/// What the dev server answers to a PUT of JSON.
#[derive(Deserialize)]
struct Stored {
    created: bool,
    json: Profile,
}

/// Saves a profile and writes the answer into the element `#answer`.
#[wasm_bindgen(start)]
pub async fn start() {
    let text = match save().await {
        Ok(text) => text,
        Err(e) => format!("{}: {e}", e.kind().name()),
    };
    if let Some(answer) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("answer"))
    {
        answer.set_text_content(Some(&text));
        let _ = answer.set_attribute("data-done", "true");
    }
}

/// PUTs the profile and says what the server stored.
async fn save() -> Result<String, wasm_put::Error> {
    let profile = Profile {
        name: "John Doe".into(),
        tags: vec!["rust".into(), "wasm".into()],
    };
    let res = wasm_put::put("/resources/example")
        .json(&profile)
        .timeout(Duration::from_secs(5))
        .retry(2)
        .send()
        .await?
        .error_for_status()?;
    let stored: Stored = res.json()?;
    let verb = if stored.created {
        "created"
    } else {
        "replaced"
    };
    Ok(format!(
        "{} {verb}: {} ({}), ETag {}",
        res.status(),
        stored.json.name,
        stored.json.tags.join(", "),
        res.etag().unwrap_or_default()
    ))
}
