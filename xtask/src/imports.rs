//! Short import names for a wasm-bindgen build.
//!
//! wasm-bindgen names every import after the JS it calls plus a hash
//! (`__wbg_instanceof_Blob_56431c8f5387c12d`), and the name is written twice: in the wasm's
//! import section and as a key of the glue's imports object. Neither is seen by users, so
//! the build renames them `a`, `b`, … in both files. Only function imports whose name is a
//! key exactly once in the glue are renamed; anything unexpected leaves the files as
//! they are.

use std::path::Path;

/// Renames the function imports of `wasm` and the matching keys of its `glue`, in place.
/// Returns how many were renamed.
pub fn shorten(wasm: &Path, glue: &Path) -> Result<usize, String> {
    let bytes = std::fs::read(wasm).map_err(|e| format!("cannot read {}: {e}", wasm.display()))?;
    let js = std::fs::read_to_string(glue)
        .map_err(|e| format!("cannot read {}: {e}", glue.display()))?;
    let Some((bytes, js, renamed)) = rename(&bytes, &js) else {
        return Ok(0);
    };
    std::fs::write(wasm, bytes).map_err(|e| format!("cannot write {}: {e}", wasm.display()))?;
    std::fs::write(glue, js).map_err(|e| format!("cannot write {}: {e}", glue.display()))?;
    Ok(renamed)
}

/// The short name number `i`: `a`…`z`, `A`…`Z`, then `aa`, `ab`, …
fn short_name(mut i: usize) -> String {
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = Vec::new();
    loop {
        name.push(CHARS[i % CHARS.len()]);
        i /= CHARS.len();
        if i == 0 {
            break;
        }
        i -= 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// Whether `name` occurs in `js` exactly once (not counting longer identifiers that
/// contain it), as an object key: `name:`.
fn is_single_key(js: &str, name: &str) -> bool {
    let mut found = js.match_indices(name).filter(|(at, _)| {
        let before = js[..*at].chars().next_back();
        let after = js[at + name.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$')
            && !after.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$')
    });
    let first = found.next();
    found.next().is_none() && first.is_some_and(|(at, _)| js[at + name.len()..].starts_with(':'))
}

fn read_leb(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

fn write_leb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn read_name<'a>(bytes: &'a [u8], at: &mut usize) -> Option<&'a [u8]> {
    let len = usize::try_from(read_leb(bytes, at)?).ok()?;
    let name = bytes.get(*at..at.checked_add(len)?)?;
    *at += len;
    Some(name)
}

/// The renamed wasm and glue, and the number of imports renamed; `None` when the wasm
/// is not what this expects (a non-function import, a malformed section) or nothing
/// could be renamed.
fn rename(wasm: &[u8], js: &str) -> Option<(Vec<u8>, String, usize)> {
    if wasm.get(..8)? != b"\0asm\x01\0\0\0" {
        return None;
    }
    let mut out = wasm[..8].to_vec();
    let mut js = js.to_string();
    let mut renamed = 0;
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        at += 1;
        let size = usize::try_from(read_leb(wasm, &mut at)?).ok()?;
        let body = wasm.get(at..at.checked_add(size)?)?;
        at += size;
        if id != 2 {
            out.push(id);
            write_leb(&mut out, size as u64);
            out.extend_from_slice(body);
            continue;
        }
        let mut p = 0;
        let count = read_leb(body, &mut p)?;
        let mut section = Vec::new();
        write_leb(&mut section, count);
        for _ in 0..count {
            let module = read_name(body, &mut p)?;
            let field = read_name(body, &mut p)?;
            if *body.get(p)? != 0x00 {
                return None; // only function imports are expected
            }
            p += 1;
            let type_start = p;
            read_leb(body, &mut p)?;
            let kind_and_type = &body[type_start - 1..p];
            let old = std::str::from_utf8(field).ok()?;
            let new = if is_single_key(&js, old) {
                let new = short_name(renamed);
                js = js.replacen(&format!("{old}:"), &format!("{new}:"), 1);
                renamed += 1;
                new
            } else {
                old.to_string()
            };
            write_leb(&mut section, module.len() as u64);
            section.extend_from_slice(module);
            write_leb(&mut section, new.len() as u64);
            section.extend_from_slice(new.as_bytes());
            section.extend_from_slice(kind_and_type);
        }
        if p != body.len() {
            return None;
        }
        out.push(2);
        write_leb(&mut out, section.len() as u64);
        out.extend_from_slice(&section);
    }
    (renamed > 0).then_some((out, js, renamed))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing two functions, `m.long_name_one` and `m.long_name_two`, with
    /// one type section before and a custom section after the imports.
    fn module() -> Vec<u8> {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        m.extend_from_slice(&[1, 4, 1, 0x60, 0, 0]); // type section: () -> ()
        let mut imports = vec![2];
        for name in ["long_name_one", "long_name_two"] {
            imports.extend_from_slice(&[1, b'm', name.len() as u8]);
            imports.extend_from_slice(name.as_bytes());
            imports.extend_from_slice(&[0x00, 0x00]);
        }
        m.push(2);
        m.push(imports.len() as u8);
        m.extend_from_slice(&imports);
        m.extend_from_slice(&[0, 3, 2, b'h', b'i']); // custom section "h" holding "i"
        m
    }

    #[test]
    fn renames_imports_in_both_files_and_keeps_the_rest() {
        let js = "const i = { long_name_one: function() {}, long_name_two: () => 1 };";
        let (wasm, js, n) = rename(&module(), js).unwrap();
        assert_eq!(n, 2);
        assert_eq!(js, "const i = { a: function() {}, b: () => 1 };");
        let mut expected = b"\0asm\x01\0\0\0".to_vec();
        expected.extend_from_slice(&[1, 4, 1, 0x60, 0, 0]);
        expected.extend_from_slice(&[2, 13, 2, 1, b'm', 1, b'a', 0, 0, 1, b'm', 1, b'b', 0, 0]);
        expected.extend_from_slice(&[0, 3, 2, b'h', b'i']);
        assert_eq!(wasm, expected);
    }

    #[test]
    fn a_name_used_elsewhere_in_the_glue_is_left_alone() {
        let js = "x = { long_name_one: f, long_name_two: g }; long_name_two();";
        let (_, js, n) = rename(&module(), js).unwrap();
        assert_eq!(n, 1);
        assert_eq!(js, "x = { a: f, long_name_two: g }; long_name_two();");
    }

    #[test]
    fn anything_unexpected_changes_nothing() {
        assert!(rename(b"not wasm", "").is_none());
        let mut truncated = module();
        truncated.truncate(20);
        assert!(rename(&truncated, "{ long_name_one: 1, long_name_two: 2 }").is_none());
        assert!(rename(&module(), "no keys here").is_none());
    }

    #[test]
    fn short_names_are_unique() {
        let names: std::collections::HashSet<String> = (0..3000).map(short_name).collect();
        assert_eq!(names.len(), 3000);
        assert_eq!(short_name(0), "a");
        assert_eq!(short_name(51), "Z");
        assert_eq!(short_name(52), "aa");
    }
}
