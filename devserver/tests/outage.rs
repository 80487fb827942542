//! `POST /outage?ms=N`: for N ms every `PUT /resources/{id}` answers 503 with
//! `Retry-After: 1`, and stores nothing.

mod common;

use std::time::Duration;

use common::{agent, header, json, start};
use serde_json::json;

#[test]
fn an_outage_refuses_puts_with_retry_after_until_it_ends() {
    let server = start();
    let client = agent();
    let url = server.url("/resources/outage-doc");
    assert_eq!(client.put(&url).send("v1").unwrap().status(), 201);

    let mut started = client.post(&server.url("/outage?ms=300")).send("").unwrap();
    assert_eq!(json(&mut started), json!({ "outageMs": 300 }));
    let refused = client.put(&url).send("v2").unwrap();
    assert_eq!(refused.status(), 503);
    assert_eq!(header(&refused, "retry-after").as_deref(), Some("1"));
    // Reads go on, and the refused PUT stored nothing.
    let mut read = client.get(&url).call().unwrap();
    assert_eq!(read.body_mut().read_to_string().unwrap(), "v1");

    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(client.put(&url).send("v3").unwrap().status(), 200);
}

#[test]
fn an_outage_of_zero_ends_the_one_under_way_and_ms_is_required() {
    let server = start();
    let client = agent();
    let url = server.url("/resources/outage-end");
    client
        .post(&server.url("/outage?ms=60000"))
        .send("")
        .unwrap();
    assert_eq!(client.put(&url).send("x").unwrap().status(), 503);
    client.post(&server.url("/outage?ms=0")).send("").unwrap();
    assert_eq!(client.put(&url).send("x").unwrap().status(), 201);
    for bad in ["/outage", "/outage?ms=soon", "/outage?ms=-1"] {
        let refused = client.post(&server.url(bad)).send("").unwrap();
        assert_eq!(refused.status(), 400, "{bad}");
    }
}
