use super::*;

#[test]
fn functions_go_to_the_crate_their_path_reads_and_ours_to_a_module() {
    let ours = |m: &str| ("wasm_put".to_string(), Some(m.to_string()));
    let theirs = |c: &str| (c.to_string(), None);
    for (name, want) in [
        ("wasm_put::client::supersede::Queue::push", ours("wasm_put::client::supersede")),
        ("wasm_put::client::Put::send::{closure#0}", ours("wasm_put::client")),
        ("wasm_put::js::request", ours("wasm_put::js")),
        ("wasm_put::put::<()>", ours("wasm_put (root)")),
        (
            "<wasm_put::js::options::Options as serde::de::Deserialize>::deserialize",
            ours("wasm_put::js::options"),
        ),
        ("<&mut wasm_put::Error as core::fmt::Debug>::fmt", ours("wasm_put (root)")),
        (
            // Legacy mangling, as wasm_put's own symbols come out of rustc 1.95.
            "_ZN8wasm_put5error101_$LT$impl$u20$core..convert..From$LT$wasm_put..error..Error$GT$$u20$for$u20$wasm_bindgen..JsValue$GT$4from17hb8c5dd206725e4e8E",
            ours("wasm_put::error"),
        ),
        ("core::ptr::drop_in_place::<wasm_put::client::Put>", theirs("core")),
        ("<alloc::vec::Vec<wasm_put::Put> as core::ops::drop::Drop>::drop", theirs("alloc")),
        ("<[u8] as alloc::borrow::ToOwned>::to_owned", theirs("alloc")),
        ("<u32 as core::fmt::Display>::fmt", theirs("core")),
        ("<char>::escape_debug_ext", theirs("core")),
        (
            // v0 mangling, as the standard library's come, with a suffix wasm-opt added.
            "_RNvXsZ_NtCs5cOc02OMXlo_5alloc6stringNtB5_6StringNtNtCsgXGp5Oqx2Ny_4core3fmt5Write10write_char_251",
            theirs("alloc"),
        ),
        ("<<serde_wasm_bindgen::de::Deserializer as serde::de::Deserializer>::deserialize_any::V as serde::de::Visitor>::visit_str", theirs("serde_wasm_bindgen")),
        ("put externref shim", theirs("other")),
        ("__wbindgen_malloc", theirs("other")),
        ("", theirs("other")),
    ] {
        assert_eq!(attribute(name), want, "{name}");
    }
}

#[test]
fn segments_split_outside_brackets() {
    assert_eq!(segments("a::B<c::D>::e"), ["a", "B<c::D>", "e"]);
    assert_eq!(owner("<a::B<c::D> as e::F>::g"), "a::B<c::D>");
}

#[test]
fn leb_lengths() {
    for (n, len) in [(0, 1), (127, 1), (128, 2), (16_383, 2), (16_384, 3)] {
        assert_eq!(leb_len(n), len, "{n}");
    }
}

/// A section: id, one-byte size, payload.
fn section(id: u8, payload: &[u8]) -> Vec<u8> {
    [&[id, payload.len() as u8], payload].concat()
}

/// A wasm string: one-byte length, bytes.
fn string(s: &str) -> Vec<u8> {
    [&[s.len() as u8], s.as_bytes()].concat()
}

#[test]
fn the_rows_add_up_to_the_file_without_its_name_section() {
    let names = [
        &[2, 0][..],
        &string("wasm_put::js::options::read"),
        &[1],
        &string("memcpy"),
    ];
    let names = names.concat();
    let wasm = [
        &b"\0asm\x01\0\0\0"[..],
        &section(1, &[1, 0x60, 0, 0]), // one type: [] -> []
        &section(3, &[2, 0, 0]),       // two functions
        &section(10, &[2, 2, 0, 0x0b, 4, 0, 1, 1, 0x0b]), // bodies of 2 and 4 bytes
        &section(11, &[1, 1, 3, b'a', b'b', b'c']), // one passive segment
        &section(0, &[string("name"), section(1, &names)].concat()),
    ]
    .concat();
    let report = breakdown(&wasm).unwrap();
    let name_section = 1 + 1 + 5 + 1 + 1 + names.len();
    assert_eq!(report.total, wasm.len() - name_section);
    let row = |rows: &[(String, usize)], label: &str| rows.iter().find(|r| r.0 == label).unwrap().1;
    assert_eq!(row(&report.crates, "wasm_put"), 3);
    assert_eq!(row(&report.crates, "other"), 5);
    assert_eq!(row(&report.crates, "data segments"), 5);
    assert_eq!(
        report.crates.iter().map(|r| r.1).sum::<usize>(),
        report.total
    );
    assert_eq!(report.modules, [("wasm_put::js::options".to_string(), 3)]);
    assert!(report.gzip > 0);
}

fn sample() -> Breakdown {
    Breakdown {
        total: 1000,
        gzip: 400,
        crates: vec![("wasm_put".into(), 600), ("core".into(), 400)],
        modules: vec![
            ("wasm_put::client".into(), 500),
            ("wasm_put::js".into(), 100),
        ],
    }
}

#[test]
fn the_text_table_lists_crates_then_our_modules_then_the_total() {
    let text = text_table(&sample());
    let lines: Vec<Vec<&str>> = text
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(lines[0], ["crate", "/", "module", "bytes", "share"]);
    assert_eq!(lines[1], ["wasm_put", "600", "60.0%"]);
    assert_eq!(lines[2], ["core", "400", "40.0%"]);
    assert_eq!(lines[3], ["wasm_put::client", "500", "50.0%"]);
    assert_eq!(lines[4], ["wasm_put::js", "100", "10.0%"]);
    assert_eq!(lines[5], ["total", "1000", "100.0%"]);
    assert_eq!(lines[6], ["gzip", "-9", "of", "the", "whole", "400"]);
    assert!(
        text.contains("\n    wasm_put::client "),
        "modules are indented:\n{text}"
    );
}

#[test]
fn the_markdown_table_has_the_same_rows() {
    assert_eq!(
        markdown_table(&sample()),
        "| crate / module | bytes | share |\n|---|---:|---:|\n\
         | wasm_put | 600 | 60.0 % |\n| core | 400 | 40.0 % |\n\
         | ↳ `wasm_put::client` | 500 | 50.0 % |\n| ↳ `wasm_put::js` | 100 | 10.0 % |\n\
         | total | 1000 | 100.0 % |\n| gzip -9 of the whole | 400 | |\n"
    );
}
