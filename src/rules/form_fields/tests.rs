//! Tests of `form_fields`: structs, maps and pairs as forms, and what is refused.
use super::*;
use std::collections::BTreeMap;

#[derive(serde::Serialize)]
struct Fields {
    key1: &'static str,
    key2: Vec<&'static str>,
    n: u32,
    x: f64,
    yes: bool,
    c: char,
    skipped: Option<u32>,
}

#[test]
fn structs_maps_and_pairs_are_forms() {
    let fields = Fields {
        key1: "value1",
        key2: vec!["a", "b c"],
        n: 2,
        x: 1.5,
        yes: true,
        c: 'é',
        skipped: None,
    };
    assert_eq!(
        encode(&fields, "data").unwrap(),
        "key1=value1&key2=a&key2=b+c&n=2&x=1.5&yes=true&c=%C3%A9"
    );
    let map: BTreeMap<u8, (u8, u8)> = [(1, (2, 3))].into_iter().collect();
    assert_eq!(encode(&map, "data").unwrap(), "1=2&1=3");
    assert_eq!(
        encode(&[("a", "1"), ("a", "2")], "data").unwrap(),
        "a=1&a=2"
    );
    assert_eq!(encode(&vec![vec!["k", "v"]], "data").unwrap(), "k=v");
    assert_eq!(encode(&Vec::<(u8, u8)>::new(), "data").unwrap(), "");
    assert_eq!(encode(&None::<Fields>, "data").unwrap(), "");
}

#[test]
fn nested_values_are_refused_naming_the_field() {
    let nested: BTreeMap<&str, BTreeMap<&str, u8>> =
        [("outer", [("inner", 1)].into_iter().collect())]
            .into_iter()
            .collect();
    let e = encode(&nested, "data").unwrap_err();
    assert_eq!(
        e.0,
        "Form field \"outer\" holds a map; form fields are strings, numbers, booleans or lists of them (send nested data as JSON)"
    );
    let deep: BTreeMap<&str, Vec<Vec<u8>>> = [("k", vec![vec![1]])].into_iter().collect();
    assert!(encode(&deep, "data")
        .unwrap_err()
        .0
        .contains("a list inside a list"));
}

#[test]
fn what_is_not_pairs_is_refused_naming_the_argument() {
    assert_eq!(
        encode("text", "params").unwrap_err().0,
        "The params must be a struct, a map or a list of (name, value) pairs, not a single value"
    );
    assert!(encode(&[("a", 1, 2)], "data")
        .unwrap_err()
        .0
        .contains("a longer list"));
    assert!(encode(&[["a"]], "data")
        .unwrap_err()
        .0
        .contains("a shorter list"));
    assert!(encode(&["a"], "data")
        .unwrap_err()
        .0
        .contains("not a single value"));
    let by_list: BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into_iter().collect();
    assert!(encode(&by_list, "data")
        .unwrap_err()
        .0
        .starts_with("A form field name must be"));
}
