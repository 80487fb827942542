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

/// Every scalar, as a value and as a name, is its text.
#[test]
fn every_scalar_is_sent_as_its_text() {
    #[derive(serde::Serialize)]
    struct Scalars {
        i8: i8,
        i16: i16,
        i32: i32,
        i64: i64,
        u8: u8,
        u16: u16,
        u64: u64,
        f32: f32,
        no: bool,
        s: String,
    }
    let all = Scalars {
        i8: -8,
        i16: -16,
        i32: -32,
        i64: -64,
        u8: 8,
        u16: 16,
        u64: 64,
        f32: 0.5,
        no: false,
        s: "x".into(),
    };
    assert_eq!(
        encode(&all, "data").unwrap(),
        "i8=-8&i16=-16&i32=-32&i64=-64&u8=8&u16=16&u64=64&f32=0.5&no=false&s=x"
    );
    let names = [
        (encode(&[(-1i8, 0)], "d"), "-1=0"),
        (encode(&[(-2i16, 0)], "d"), "-2=0"),
        (encode(&[(-3i32, 0)], "d"), "-3=0"),
        (encode(&[(-4i64, 0)], "d"), "-4=0"),
        (encode(&[(5u16, 0)], "d"), "5=0"),
        (encode(&[(6u32, 0)], "d"), "6=0"),
        (encode(&[(7u64, 0)], "d"), "7=0"),
        (encode(&[(1.5f32, 0)], "d"), "1.5=0"),
        (encode(&[(2.5f64, 0)], "d"), "2.5=0"),
        (encode(&[(true, 0)], "d"), "true=0"),
        (encode(&[('k', 0)], "d"), "k=0"),
        (encode(&[(Some("s"), 0)], "d"), "s=0"),
        (encode(&[(Unit::A, 0)], "d"), "A=0"),
        (encode(&[(Newtype("n"), 0)], "d"), "n=0"),
    ];
    for (got, want) in names {
        assert_eq!(got.unwrap(), want);
    }
}

#[derive(serde::Serialize)]
enum Unit {
    A,
}

#[derive(serde::Serialize)]
struct Newtype(&'static str);

#[derive(serde::Serialize)]
struct Empty;

#[derive(serde::Serialize)]
struct TwoOf(u8, u8);

#[derive(serde::Serialize)]
enum Data {
    New(u8),
    Tuple(u8, u8),
    Struct { a: u8 },
}

/// Values that are left out, and lists in their three shapes.
#[test]
fn nothing_is_left_out_and_lists_repeat_the_name() {
    assert_eq!(encode(&map(()), "d").unwrap(), "");
    assert_eq!(encode(&map(Empty), "d").unwrap(), "");
    assert_eq!(encode(&map(Some(Newtype("v"))), "d").unwrap(), "k=v");
    assert_eq!(encode(&map(Unit::A), "d").unwrap(), "k=A");
    assert_eq!(encode(&map(TwoOf(1, 2)), "d").unwrap(), "k=1&k=2");
    assert_eq!(
        encode(&map([Some(1), None, Some(3)]), "d").unwrap(),
        "k=1&k=3"
    );
    // The whole value may be wrapped, or nothing at all.
    assert_eq!(encode(&Some(map(1)), "d").unwrap(), "k=1");
    assert_eq!(encode(&Newtype2(map(1)), "d").unwrap(), "k=1");
    assert_eq!(encode(&(), "d").unwrap(), "");
    assert_eq!(encode(&Empty, "d").unwrap(), "");
    assert_eq!(encode(&(("a", 1), ("b", 2)), "d").unwrap(), "a=1&b=2");
    assert_eq!(encode(&[Some(("a", 1))], "d").unwrap(), "a=1");
}

#[derive(serde::Serialize)]
struct Newtype2<T>(T);

/// `{ k: value }`, as a map.
fn map<T: serde::Serialize>(value: T) -> BTreeMap<&'static str, T> {
    [("k", value)].into_iter().collect()
}

/// `[(name, 1)]`: `name` as a pair's name.
fn named<K: serde::Serialize>(name: K) -> [(K, u8); 1] {
    [(name, 1)]
}

/// Each shape a value, a name, a pair or the whole cannot take is refused, saying which.
#[test]
fn every_refusal_names_the_shape() {
    let refused = |e: Result<String, FormError>, says: &str| {
        let e = e.unwrap_err();
        assert!(e.0.contains(says), "{e} lacks {says:?}");
        assert_eq!(e.to_string(), e.0);
    };
    refused(encode(&map(serde_bytes(b"x")), "d"), "holds bytes");
    refused(
        encode(&map(Data::New(1)), "d"),
        "holds an enum variant with data",
    );
    refused(
        encode(&map(Data::Tuple(1, 2)), "d"),
        "holds an enum variant with data",
    );
    refused(
        encode(&map(Data::Struct { a: 1 }), "d"),
        "holds an enum variant with data",
    );
    refused(encode(&map(map(1)), "d"), "holds a map");
    refused(encode(&map(Scalar { a: 1 }), "d"), "holds a struct");
    refused(encode(&map(vec![TwoOf(1, 2)]), "d"), "a list inside a list");
    refused(encode(&map(vec![(1, 2)]), "d"), "a list inside a list");
    refused(encode(&map(vec![vec![1]]), "d"), "a list inside a list");
    // Names.
    refused(
        encode(&named(None::<u8>), "d"),
        "name must be a string, a number, a boolean or a char, not None",
    );
    refused(encode(&named(()), "d"), "not ()");
    refused(encode(&named(Empty), "d"), "not a unit struct");
    refused(encode(&named(TwoOf(1, 2)), "d"), "not a tuple struct");
    refused(encode(&named((1, 2)), "d"), "not a tuple");
    refused(encode(&named(BTreeMap::<u8, u8>::new()), "d"), "not a map");
    refused(encode(&named(Scalar { a: 1 }), "d"), "not a struct");
    refused(encode(&named(serde_bytes(b"x")), "d"), "not bytes");
    refused(
        encode(&named(Data::New(1)), "d"),
        "not an enum variant with data",
    );
    // Pairs.
    refused(
        encode(&[None::<(u8, u8)>], "d"),
        "(name, value) pair, not None",
    );
    refused(encode(&[()], "d"), "pair, not ()");
    refused(encode(&[Empty], "d"), "pair, not a unit struct");
    refused(encode(&[TwoOf(1, 2)], "d"), "pair, not a tuple struct");
    refused(encode(&[map(1)], "d"), "pair, not a map");
    refused(encode(&[Scalar { a: 1 }], "d"), "pair, not a struct");
    refused(encode(&[serde_bytes(b"x")], "d"), "pair, not bytes");
    refused(encode(&[(1, 2, 3)], "d"), "a longer list");
    refused(encode(&[vec![1]], "d"), "a shorter list");
    refused(encode(&[(1,)], "d"), "a shorter list");
    // The whole value.
    refused(
        encode(&TwoOf(1, 2), "params"),
        "The params must be a struct, a map or a list of (name, value) pairs, not a tuple struct",
    );
    refused(encode(&1, "d"), "not a single value");
    refused(encode(&serde_bytes(b"x"), "d"), "not bytes");
    refused(encode(&Data::New(1), "d"), "not an enum variant with data");
    refused(
        encode(&Data::Tuple(1, 2), "d"),
        "not an enum variant with data",
    );
    refused(
        encode(&Data::Struct { a: 1 }, "d"),
        "not an enum variant with data",
    );
    // An error of the value's own Serialize.
    refused(encode(&Failing, "d"), "no form of this");
}

#[derive(serde::Serialize)]
struct Scalar {
    a: u8,
}

/// Bytes as serde serializes them (`serialize_bytes`).
fn serde_bytes(bytes: &'static [u8]) -> Bytes {
    Bytes(bytes)
}

struct Bytes(&'static [u8]);

impl serde::Serialize for Bytes {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
    }
}

/// A value whose `Serialize` fails with its own message.
struct Failing;

impl serde::Serialize for Failing {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom("no form of this"))
    }
}
