//! `/redirect/{n}` and `/redirect-loop`: chains of `307`s.

mod common;

use common::{agent, header, json, start};

#[test]
fn redirect_n_points_to_redirect_n_minus_1() {
    let server = start();
    let response = agent().put(server.url("/redirect/3")).send("body").unwrap();
    assert_eq!(response.status(), 307);
    assert_eq!(
        header(&response, "location").as_deref(),
        Some("/redirect/2")
    );
}

#[test]
fn redirect_0_points_to_echo() {
    let server = start();
    let response = agent().get(server.url("/redirect/0")).call().unwrap();
    assert_eq!(response.status(), 307);
    assert_eq!(header(&response, "location").as_deref(), Some("/echo"));
}

#[test]
fn redirects_keep_the_query_string() {
    let server = start();
    let response = agent()
        .get(server.url("/redirect/1?x=1&y=2"))
        .call()
        .unwrap();
    assert_eq!(
        header(&response, "location").as_deref(),
        Some("/redirect/0?x=1&y=2")
    );
}

#[test]
fn following_a_chain_ends_at_echo() {
    let server = start();
    let client = ureq::Agent::config_builder()
        .max_redirects(5)
        .build()
        .new_agent();
    let mut response = client
        .get(server.url("/redirect/3?from=chain"))
        .call()
        .unwrap();
    assert_eq!(response.status(), 200);
    let echo = json(&mut response);
    assert_eq!(echo["path"], "/echo");
    assert_eq!(echo["args"]["from"], "chain");
}

#[test]
fn redirect_loop_points_to_itself_and_a_client_gives_up() {
    let server = start();
    let response = agent().get(server.url("/redirect-loop")).call().unwrap();
    assert_eq!(response.status(), 307);
    assert_eq!(
        header(&response, "location").as_deref(),
        Some("/redirect-loop")
    );
    let following = ureq::Agent::config_builder()
        .max_redirects(4)
        .build()
        .new_agent();
    assert!(following.get(server.url("/redirect-loop")).call().is_err());
}

#[test]
fn redirect_with_a_bad_count_answers_400() {
    let server = start();
    let response = agent().get(server.url("/redirect/x")).call().unwrap();
    assert_eq!(response.status(), 400);
}
