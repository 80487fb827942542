//! A Rust wasm app on wasm-put: on start it PUTs a serde struct to the dev server's
//! `/resources/example`, then shows the status, the ETag and the document the server
//! stored, read back into the same struct. Its page can then call the app's own `put` and
//! `update`: names wasm-put's npm package exports too, which a Rust app never gets (the
//! JS API is the `js` feature, off here). `cargo xtask test` builds it and drives it in
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

/// Where the profile is stored.
const PROFILE: &str = "/resources/example";

/// Saves a profile and writes the answer into the element `#answer`.
#[wasm_bindgen(start)]
pub async fn start() {
    let text = put("John Doe".into()).await;
    if let Some(answer) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("answer"))
    {
        answer.set_text_content(Some(&text));
        let _ = answer.set_attribute("data-done", "true");
    }
}

/// Saves the profile of `name` and says what the server stored, or what went wrong.
#[wasm_bindgen]
pub async fn put(name: String) -> String {
    said(save(name).await)
}

/// Adds `tag` to the stored profile without losing anyone else's change (a `GET`, then a
/// conditional `PUT`, again on a conflict) and says what the server stored.
#[wasm_bindgen]
pub async fn update(tag: String) -> String {
    let changed = wasm_put::update(PROFILE, move |stored: Option<Profile>| {
        let mut profile = stored.unwrap_or_else(|| Profile {
            name: "John Doe".into(),
            tags: Vec::new(),
        });
        if !profile.tags.contains(&tag) {
            profile.tags.push(tag.clone());
        }
        profile
    })
    .options(|put| put.timeout(Duration::from_secs(5)))
    .await;
    said(changed.and_then(stored))
}

/// The answer's text, or the error's name and message.
fn said(outcome: Result<String, wasm_put::Error>) -> String {
    outcome.unwrap_or_else(|e| format!("{}: {e}", e.kind().name()))
}

/// PUTs the profile of `name` and says what the server stored.
async fn save(name: String) -> Result<String, wasm_put::Error> {
    let profile = Profile {
        name,
        tags: vec!["rust".into(), "wasm".into()],
    };
    let res = wasm_put::put(PROFILE)
        .json(&profile)
        .timeout(Duration::from_secs(5))
        .retry(2)
        .send()
        .await?;
    stored(res)
}

/// What the dev server says it stored, after a 2xx.
fn stored(res: wasm_put::Response) -> Result<String, wasm_put::Error> {
    let res = res.error_for_status()?;
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
