//! `/resources`: storing, reading, replacing, deleting and listing, ETags,
//! conditional writes, and the limits on what is stored.

mod common;

use common::{agent, header, json, raw_exchange, start, start_with, text, Zeros};
use ureq::SendBody;

#[test]
fn put_new_resource_answers_201_with_location_and_etag() {
    let server = start();
    let mut response = agent()
        .put(server.url("/resources/greeting"))
        .header("Content-Type", "text/plain")
        .send("hello")
        .unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(
        header(&response, "location").as_deref(),
        Some("/resources/greeting")
    );
    let etag = header(&response, "etag").unwrap();
    assert!(
        etag.starts_with('"') && etag.ends_with('"') && etag.len() > 2,
        "{etag}"
    );
    let body = json(&mut response);
    assert_eq!(body["id"], "greeting");
    assert_eq!(body["created"], true);
    assert_eq!(body["size"], 5);
    assert_eq!(body["contentType"], "text/plain");
    assert_eq!(body["etag"], etag.as_str());
    assert_eq!(body["data"], "hello");
    assert!(body["json"].is_null());
    assert!(body["form"].is_null());
}

#[test]
fn put_existing_resource_answers_200_without_location_and_a_new_etag() {
    let server = start();
    let client = agent();
    let first = client.put(server.url("/resources/a")).send("one").unwrap();
    let first_etag = header(&first, "etag").unwrap();
    let mut second = client.put(server.url("/resources/a")).send("two").unwrap();
    assert_eq!(second.status(), 200);
    assert_eq!(header(&second, "location"), None);
    let second_etag = header(&second, "etag").unwrap();
    assert_ne!(first_etag, second_etag);
    assert_eq!(json(&mut second)["created"], false);
}

#[test]
fn the_same_content_always_gets_the_same_etag() {
    let server = start();
    let client = agent();
    let a = client.put(server.url("/resources/a")).send("same").unwrap();
    let b = client.put(server.url("/resources/b")).send("same").unwrap();
    let c = client
        .put(server.url("/resources/c"))
        .send("other")
        .unwrap();
    assert_eq!(header(&a, "etag"), header(&b, "etag"));
    assert_ne!(header(&a, "etag"), header(&c, "etag"));
}

#[test]
fn get_returns_the_stored_bytes_with_their_content_type_and_etag() {
    let server = start();
    let client = agent();
    let put = client
        .put(server.url("/resources/doc.txt"))
        .header("Content-Type", "text/markdown; charset=utf-8")
        .send("# title")
        .unwrap();
    let mut got = client.get(server.url("/resources/doc.txt")).call().unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(
        header(&got, "content-type").as_deref(),
        Some("text/markdown; charset=utf-8")
    );
    assert_eq!(header(&got, "etag"), header(&put, "etag"));
    assert_eq!(text(&mut got), "# title");
}

#[test]
fn a_body_without_content_type_is_stored_as_octet_stream() {
    let server = start();
    let client = agent();
    let data: Vec<u8> = vec![0, 159, 146, 150, 255];
    let mut put = client
        .put(server.url("/resources/bin"))
        .send(&data[..])
        .unwrap();
    let body = json(&mut put);
    assert_eq!(body["contentType"], "application/octet-stream");
    assert!(body["data"].is_null(), "not UTF-8, so no text");
    let mut got = client.get(server.url("/resources/bin")).call().unwrap();
    assert_eq!(
        header(&got, "content-type").as_deref(),
        Some("application/octet-stream")
    );
    assert_eq!(common::bytes(&mut got), data);
}

#[test]
fn put_answer_parses_json_bodies() {
    let server = start();
    let mut put = agent()
        .put(server.url("/resources/j"))
        .header("Content-Type", "application/json; charset=utf-8")
        .send(r#"{"name": "wasm-put", "n": [1, 2]}"#)
        .unwrap();
    let body = json(&mut put);
    assert_eq!(body["json"]["name"], "wasm-put");
    assert_eq!(body["json"]["n"][1], 2);
    assert!(body["form"].is_null());

    let mut broken = agent()
        .put(server.url("/resources/j"))
        .header("Content-Type", "application/json")
        .send("{not json")
        .unwrap();
    let body = json(&mut broken);
    assert!(body["json"].is_null());
    assert_eq!(body["data"], "{not json");
}

#[test]
fn put_answer_parses_urlencoded_forms_with_repeated_keys_as_arrays() {
    let server = start();
    let mut put = agent()
        .put(server.url("/resources/f"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .send("a=1&b=two+words&a=3&c=%C3%A9")
        .unwrap();
    let body = json(&mut put);
    assert_eq!(body["form"]["a"], serde_json::json!(["1", "3"]));
    assert_eq!(body["form"]["b"], "two words");
    assert_eq!(body["form"]["c"], "é");
    assert!(body["json"].is_null());
}

#[test]
fn put_answer_leaves_out_the_text_of_bodies_over_64_kib() {
    let server = start();
    let big = "x".repeat(64 * 1024 + 1);
    let mut put = agent()
        .put(server.url("/resources/big"))
        .send(&big)
        .unwrap();
    let body = json(&mut put);
    assert_eq!(body["size"], 64 * 1024 + 1);
    assert!(body["data"].is_null());
}

#[test]
fn delete_answers_204_then_the_resource_is_gone() {
    let server = start();
    let client = agent();
    client.put(server.url("/resources/gone")).send("x").unwrap();
    let deleted = client.delete(server.url("/resources/gone")).call().unwrap();
    assert_eq!(deleted.status(), 204);
    let mut got = client.get(server.url("/resources/gone")).call().unwrap();
    assert_eq!(got.status(), 404);
    assert!(json(&mut got)["error"].as_str().unwrap().contains("gone"));
    let again = client.delete(server.url("/resources/gone")).call().unwrap();
    assert_eq!(again.status(), 404);
}

#[test]
fn get_of_a_missing_resource_answers_404_json() {
    let server = start();
    let mut got = agent()
        .get(server.url("/resources/nothing"))
        .call()
        .unwrap();
    assert_eq!(got.status(), 404);
    assert!(json(&mut got)["error"].is_string());
}

#[test]
fn list_gives_the_sorted_ids() {
    let server = start();
    let client = agent();
    let mut empty = client.get(server.url("/resources")).call().unwrap();
    assert_eq!(json(&mut empty), serde_json::json!({ "ids": [] }));
    for id in ["b", "a", "c-1", "A"] {
        client
            .put(server.url(&format!("/resources/{id}")))
            .send("x")
            .unwrap();
    }
    let mut list = client.get(server.url("/resources")).call().unwrap();
    assert_eq!(
        json(&mut list),
        serde_json::json!({ "ids": ["A", "a", "b", "c-1"] })
    );
}

#[test]
fn ids_that_are_not_safe_path_segments_answer_400() {
    let server = start();
    let client = agent();
    let too_long = "a".repeat(129);
    for id in [
        ".",
        "..",
        "%2e%2e",
        "a%2Fb",
        "a/b",
        "a%20b",
        "caf%C3%A9",
        "a%00b",
        "%FF",
        too_long.as_str(),
    ] {
        let mut put = client
            .put(server.url(&format!("/resources/{id}")))
            .send("x")
            .unwrap();
        assert_eq!(put.status(), 400, "PUT id {id:?}");
        assert!(json(&mut put)["error"].is_string());
    }
    let longest = "a".repeat(128);
    let put = client
        .put(server.url(&format!("/resources/{longest}")))
        .send("x")
        .unwrap();
    assert_eq!(put.status(), 201);
    let put = client
        .put(server.url("/resources/A.b_c~d-9"))
        .send("x")
        .unwrap();
    assert_eq!(put.status(), 201);
    let mut list = client.get(server.url("/resources")).call().unwrap();
    assert_eq!(json(&mut list)["ids"].as_array().unwrap().len(), 2);
}

#[test]
fn if_match_on_an_absent_resource_answers_412() {
    let server = start();
    let mut put = agent()
        .put(server.url("/resources/x"))
        .header("If-Match", "*")
        .send("x")
        .unwrap();
    assert_eq!(put.status(), 412);
    assert!(json(&mut put)["error"]
        .as_str()
        .unwrap()
        .contains("If-Match"));
}

#[test]
fn if_match_with_a_stale_etag_answers_412_and_keeps_the_resource() {
    let server = start();
    let client = agent();
    let first = client.put(server.url("/resources/x")).send("one").unwrap();
    let etag = header(&first, "etag").unwrap();
    client.put(server.url("/resources/x")).send("two").unwrap();
    let mut stale = client
        .put(server.url("/resources/x"))
        .header("If-Match", &etag)
        .send("three")
        .unwrap();
    assert_eq!(stale.status(), 412);
    assert!(json(&mut stale)["error"]
        .as_str()
        .unwrap()
        .contains("If-Match"));
    let mut got = client.get(server.url("/resources/x")).call().unwrap();
    assert_eq!(text(&mut got), "two");
}

#[test]
fn if_match_with_the_current_etag_or_star_replaces() {
    let server = start();
    let client = agent();
    let first = client.put(server.url("/resources/x")).send("one").unwrap();
    let etag = header(&first, "etag").unwrap();
    let listed = format!("\"nope\", {etag}");
    let second = client
        .put(server.url("/resources/x"))
        .header("If-Match", &listed)
        .send("two")
        .unwrap();
    assert_eq!(second.status(), 200);
    let third = client
        .put(server.url("/resources/x"))
        .header("If-Match", "*")
        .send("three")
        .unwrap();
    assert_eq!(third.status(), 200);
    let weak = format!("W/{}", header(&third, "etag").unwrap());
    let fourth = client
        .put(server.url("/resources/x"))
        .header("If-Match", &weak)
        .send("four")
        .unwrap();
    assert_eq!(fourth.status(), 412, "If-Match compares strongly");
}

#[test]
fn if_none_match_star_answers_412_when_the_resource_exists() {
    let server = start();
    let client = agent();
    let created = client
        .put(server.url("/resources/once"))
        .header("If-None-Match", "*")
        .send("first")
        .unwrap();
    assert_eq!(created.status(), 201);
    let mut again = client
        .put(server.url("/resources/once"))
        .header("If-None-Match", "*")
        .send("second")
        .unwrap();
    assert_eq!(again.status(), 412);
    assert!(json(&mut again)["error"]
        .as_str()
        .unwrap()
        .contains("If-None-Match"));
    let mut got = client.get(server.url("/resources/once")).call().unwrap();
    assert_eq!(text(&mut got), "first");
}

#[test]
fn a_body_over_max_body_answers_413_from_content_length_without_reading_it() {
    let server = start_with(|config| config.max_body = 1000);
    // The head announces a huge body that never comes: the answer must not wait for it.
    let started = std::time::Instant::now();
    let answer = raw_exchange(
        server.addr,
        b"PUT /resources/huge HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n",
    );
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413 "), "{answer}");
    assert!(answer.contains("--max-body"), "{answer}");
    assert!(started.elapsed() < std::time::Duration::from_secs(3));

    let mut sized = agent()
        .put(server.url("/resources/big"))
        .send(&vec![b'x'; 1001])
        .unwrap();
    assert_eq!(sized.status(), 413);
    assert!(json(&mut sized)["error"].is_string());
    let exact = agent()
        .put(server.url("/resources/big"))
        .send(&vec![b'x'; 1000])
        .unwrap();
    assert_eq!(exact.status(), 201);
}

#[test]
fn a_chunked_body_over_max_body_answers_413() {
    let server = start_with(|config| config.max_body = 10_000);
    let mut zeros = Zeros(10_001);
    let mut put = agent()
        .put(server.url("/resources/chunked"))
        .send(SendBody::from_reader(&mut zeros))
        .unwrap();
    assert_eq!(put.status(), 413);
    assert!(json(&mut put)["error"].is_string());
    let mut zeros = Zeros(10_000);
    let mut fits = agent()
        .put(server.url("/resources/chunked"))
        .send(SendBody::from_reader(&mut zeros))
        .unwrap();
    assert_eq!(fits.status(), 201);
    assert_eq!(json(&mut fits)["size"], 10_000);
}

#[test]
fn storing_more_than_max_resources_answers_507() {
    let server = start_with(|config| config.max_resources = 2);
    let client = agent();
    assert_eq!(
        client
            .put(server.url("/resources/a"))
            .send("1")
            .unwrap()
            .status(),
        201
    );
    assert_eq!(
        client
            .put(server.url("/resources/b"))
            .send("2")
            .unwrap()
            .status(),
        201
    );
    let mut third = client.put(server.url("/resources/c")).send("3").unwrap();
    assert_eq!(third.status(), 507);
    assert!(json(&mut third)["error"]
        .as_str()
        .unwrap()
        .contains("--max-resources"));
    // Replacing one that exists is still fine, and deleting makes room.
    assert_eq!(
        client
            .put(server.url("/resources/a"))
            .send("1b")
            .unwrap()
            .status(),
        200
    );
    client.delete(server.url("/resources/b")).call().unwrap();
    assert_eq!(
        client
            .put(server.url("/resources/c"))
            .send("3")
            .unwrap()
            .status(),
        201
    );
}

#[test]
fn storing_more_than_max_total_bytes_answers_507() {
    let server = start_with(|config| config.max_total_bytes = 100);
    let client = agent();
    let sixty = "x".repeat(60);
    assert_eq!(
        client
            .put(server.url("/resources/a"))
            .send(&sixty)
            .unwrap()
            .status(),
        201
    );
    let mut over = client.put(server.url("/resources/b")).send(&sixty).unwrap();
    assert_eq!(over.status(), 507);
    assert!(json(&mut over)["error"]
        .as_str()
        .unwrap()
        .contains("--max-total-bytes"));
    // Without Content-Length the limit is checked once the body is read.
    let mut zeros = Zeros(60);
    let chunked = client
        .put(server.url("/resources/b"))
        .send(SendBody::from_reader(&mut zeros))
        .unwrap();
    assert_eq!(chunked.status(), 507);
    // Replacing counts the new size in place of the old one.
    let hundred = "x".repeat(100);
    assert_eq!(
        client
            .put(server.url("/resources/a"))
            .send(&hundred)
            .unwrap()
            .status(),
        200
    );
}

#[test]
fn other_methods_on_a_resource_answer_405_json() {
    let server = start();
    let mut post = agent().post(server.url("/resources/x")).send("x").unwrap();
    assert_eq!(post.status(), 405);
    assert!(json(&mut post)["error"].is_string());
}

#[test]
fn head_of_a_resource_gives_its_headers_without_the_body() {
    let server = start();
    let client = agent();
    client
        .put(server.url("/resources/h"))
        .send("hello")
        .unwrap();
    let mut head = client.head(server.url("/resources/h")).call().unwrap();
    assert_eq!(head.status(), 200);
    assert_eq!(header(&head, "content-length").as_deref(), Some("5"));
    assert!(header(&head, "etag").is_some());
    assert_eq!(text(&mut head), "");
}

#[test]
fn put_with_a_delay_is_stored_that_much_later() {
    let server = start();
    let client = agent();
    let started = std::time::Instant::now();
    let url = server.url("/resources/slow?delay=300");
    let slow = std::thread::spawn(move || agent().put(&url).send("slow").unwrap().status());
    // A PUT sent after the slow one, without a delay, lands first.
    std::thread::sleep(std::time::Duration::from_millis(50));
    assert_eq!(
        client
            .put(server.url("/resources/slow"))
            .send("fast")
            .unwrap()
            .status(),
        201
    );
    assert_eq!(slow.join().unwrap(), 200);
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));
    let mut stored = client.get(server.url("/resources/slow")).call().unwrap();
    assert_eq!(
        text(&mut stored),
        "slow",
        "the late PUT replaced the early one"
    );
}

#[test]
fn put_delay_must_be_a_whole_number() {
    let server = start();
    let answer = agent()
        .put(server.url("/resources/x?delay=soon"))
        .send("x")
        .unwrap();
    assert_eq!(answer.status(), 400);
}

#[test]
fn get_returns_the_stored_content_type_and_etag() {
    let server = start();
    let client = agent();
    let put = client
        .put(server.url("/resources/typed"))
        .header("Content-Type", "application/json")
        .send("{\"n\":1}")
        .unwrap();
    let etag = header(&put, "etag").unwrap();
    let got = client.get(server.url("/resources/typed")).call().unwrap();
    assert_eq!(
        header(&got, "content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(header(&got, "etag"), Some(etag));
}
