//! `/tokens/{key}` and `/protected/{key}`: the bearer tokens the token-refresh tests use.

mod common;

use common::{agent, header, json, start};
use serde_json::json;

#[test]
fn a_protected_resource_wants_the_token_issued_last() {
    let server = start();
    let client = agent();
    let url = server.url("/protected/notes");
    let refused = client.put(&url).send("x").unwrap();
    assert_eq!(refused.status(), 401);
    assert_eq!(
        header(&refused, "www-authenticate").as_deref(),
        Some("Bearer")
    );

    let mut first = client.post(&server.url("/tokens/notes")).send("").unwrap();
    assert_eq!(json(&mut first), json!({ "token": "notes.1", "issued": 1 }));
    let mut ok = client
        .put(&url)
        .header("Authorization", "Bearer notes.1")
        .send("x")
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(json(&mut ok), json!({ "key": "notes", "issued": 1 }));

    // A new token replaces the one before.
    let mut second = client.post(&server.url("/tokens/notes")).send("").unwrap();
    assert_eq!(json(&mut second)["token"], "notes.2");
    let stale = client
        .put(&url)
        .header("Authorization", "Bearer notes.1")
        .send("x")
        .unwrap();
    assert_eq!(stale.status(), 401);
    let other_key = client
        .put(&server.url("/protected/other"))
        .header("Authorization", "Bearer notes.2")
        .send("x")
        .unwrap();
    assert_eq!(other_key.status(), 401);
}

#[test]
fn a_token_key_must_be_a_safe_segment() {
    let server = start();
    let refused = agent().post(&server.url("/tokens/a%20b")).send("").unwrap();
    assert_eq!(refused.status(), 400);
}
