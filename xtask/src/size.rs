//! `cargo xtask size`: where the bytes of the wasm go, by crate and by module of ours, for
//! the package's wasm and the Rust example app's; the tables also go to
//! `target/size-report.md`.
//!
//! Each wasm is measured as shipped (wasm-bindgen, then `wasm-opt -Oz` with the flags of
//! `cargo xtask build`) but with `-g`, which keeps the `name` section through the passes.
//! Function bodies are sized from the code section and named from that section; the
//! `name` section itself is left out of the figures, as it is left out of the shipped file
//! (whose size is printed beside the package's table). Code and data sections come out
//! the same as shipped; the exports differ by a few bytes (see `named_oz`).
//! A function counts whole where it is named: with LTO and `-Oz` much code is inlined, so
//! a module's row holds what its surviving functions took in from elsewhere.

use crate::build;
use crate::cmd::{self, step};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use wasmparser::{KnownCustom, Name, Parser, Payload, TypeRef};

/// Our crate, which also gets a row per module.
const OURS: &str = "wasm_put";

/// Where a wasm's bytes go. Crate rows, data and rest add up to `total`; the module rows
/// split our crate's row.
#[derive(Debug)]
struct Breakdown {
    /// Bytes of the file without its `name` section.
    total: usize,
    /// Gzip (level 9) bytes of that file.
    gzip: usize,
    /// Crate (or "data segments", "rest") and its bytes, most first.
    crates: Vec<(String, usize)>,
    /// Module of our crate and its bytes, most first.
    modules: Vec<(String, usize)>,
}

/// Builds both wasms with their names kept, prints a table for each and writes them to
/// `target/size-report.md`.
pub fn run() -> Result<(), String> {
    let pkg = build::run()?;
    // Read now: another `cargo xtask build` may rewrite pkg/ while the rest runs.
    let (shipped, _) = build::sizes(&pkg.join("wasm_put_bg.wasm"))?;
    let root = cmd::root();
    let release = root.join("target/wasm32-unknown-unknown/release");
    // From the cargo output `build::run` leaves; the example's build comes after.
    step("the package's wasm again, with its names (wasm-bindgen, wasm-opt -Oz -g)");
    let package = named_oz(&release.join("wasm_put.wasm"), "package")?;
    step("building the Rust example app's wasm (examples/rust, release, wasm32)");
    build::build_wasm("wasm-put-example", &[])?;
    step("the example's wasm with its names (wasm-bindgen, wasm-opt -Oz -g)");
    let example = named_oz(&release.join("wasm_put_example.wasm"), "example")?;

    step("where the bytes go");
    let mut markdown = String::from("# Where the wasm's bytes go\n");
    for (title, wasm, note) in [
        (
            "package: pkg/wasm_put_bg.wasm",
            package,
            format!("pkg/wasm_put_bg.wasm as `cargo xtask build` left it (no -g): {shipped} B"),
        ),
        (
            "Rust example app: examples/rust",
            example,
            "The example app ships no -Oz wasm of its own: this is what -Oz makes of it.".into(),
        ),
    ] {
        let bytes =
            std::fs::read(&wasm).map_err(|e| format!("cannot read {}: {e}", wasm.display()))?;
        let report = breakdown(&bytes)?;
        print!("\n{title}\n{}  {note}\n", text_table(&report));
        markdown += &format!("\n## {title}\n\n{}\n{note}\n", markdown_table(&report));
    }
    let out = root.join("target/size-report.md");
    std::fs::write(&out, markdown).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    println!("\nthe tables, in markdown: {}", out.display());
    Ok(())
}

/// Runs wasm-bindgen on the cargo output `wasm` into `target/size/<name>`, then `wasm-opt
/// -Oz -g` in place; returns the `_bg.wasm` path. `--no-demangle` leaves the names for
/// `attribute` to demangle, without hashes; it also leaves the exports wasm-bindgen names
/// after closure symbols mangled, 2 bytes longer each than in `pkg/`.
fn named_oz(wasm: &Path, name: &str) -> Result<PathBuf, String> {
    let out = cmd::root().join("target/size").join(name);
    if out.exists() {
        std::fs::remove_dir_all(&out)
            .map_err(|e| format!("cannot clear {}: {e}", out.display()))?;
    }
    cmd::run(
        Command::new(crate::tools::wasm_bindgen_cli()?.join("wasm-bindgen"))
            .args(["--target", "web", "--no-demangle", "--out-dir"])
            .arg(&out)
            .arg(wasm),
    )?;
    let stem = wasm.file_stem().unwrap_or_default().to_string_lossy();
    let named = out.join(format!("{stem}_bg.wasm"));
    build::shrink_wasm(&named, &["-g"])?;
    Ok(named)
}

/// Sizes a wasm's function bodies (each with its size prefix) by crate and module, its
/// data segments, and the rest of the file, leaving out the `name` section.
fn breakdown(wasm: &[u8]) -> Result<Breakdown, String> {
    let bad = |e: wasmparser::BinaryReaderError| format!("cannot read the wasm: {e}");
    let (mut imported, mut bodies, mut data) = (0, Vec::new(), 0);
    let mut names = HashMap::new();
    let (mut section_start, mut name_section) = (8, 0..0);
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.map_err(bad)?;
        match &payload {
            Payload::ImportSection(reader) => {
                for import in reader.clone().into_imports() {
                    let ty = import.map_err(bad)?.ty;
                    imported += matches!(ty, TypeRef::Func(_) | TypeRef::FuncExact(_)) as u32;
                }
            }
            Payload::CodeSectionEntry(body) => {
                let len = (body.range().end - body.range().start) as usize;
                bodies.push(len + leb_len(len));
            }
            Payload::DataSection(reader) => {
                for segment in reader.clone() {
                    let range = segment.map_err(bad)?.range;
                    data += (range.end - range.start) as usize;
                }
            }
            Payload::CustomSection(reader) => {
                if let KnownCustom::Name(reader) = reader.as_known() {
                    for part in reader {
                        if let Name::Function(map) = part.map_err(bad)? {
                            for naming in map {
                                let naming = naming.map_err(bad)?;
                                names.insert(naming.index, naming.name.to_string());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        // Each section starts where the one before ends (its id and size come first).
        if let Some((_, range)) = payload.as_section() {
            let end = range.end as usize;
            if matches!(&payload, Payload::CustomSection(c) if c.name() == "name") {
                name_section = section_start..end;
            }
            section_start = end;
        }
    }
    let (mut crates, mut modules) = (HashMap::new(), HashMap::new());
    for (i, len) in bodies.iter().enumerate() {
        let name = names.get(&(imported + i as u32)).map_or("", String::as_str);
        let (krate, module) = attribute(name);
        *crates.entry(krate).or_insert(0) += len;
        if let Some(module) = module {
            *modules.entry(module).or_insert(0) += len;
        }
    }
    let stripped = [&wasm[..name_section.start], &wasm[name_section.end..]].concat();
    let code: usize = bodies.iter().sum();
    crates.insert("data segments".into(), data);
    let rest = stripped.len().saturating_sub(code + data);
    crates.insert("rest (types, imports, exports, headers)".into(), rest);
    Ok(Breakdown {
        total: stripped.len(),
        gzip: build::gzip_len(&stripped)?,
        crates: most_first(crates),
        modules: most_first(modules),
    })
}

/// Bytes of `n` as an unsigned LEB128.
fn leb_len(n: usize) -> usize {
    (usize::BITS - n.leading_zeros()).max(1).div_ceil(7) as usize
}

/// The rows of a tally, most bytes first (then by name).
fn most_first(tally: HashMap<String, usize>) -> Vec<(String, usize)> {
    let mut rows: Vec<_> = tally.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    rows
}

/// The crate a function belongs to, and for ours its module, from its (mangled or not)
/// name: the first segment of its path, as it reads. `core::ptr::drop_in_place<wasm_put::X>`
/// is core's, though it only exists for our type; `wasm_put::f<serde::X>` is ours.
///
/// A trait method, `<Type as Trait>::method`, goes to the implementing type's path:
/// `<wasm_put::js::options::Options as serde::de::Deserialize>::deserialize` counts for
/// `wasm_put::js::options`, because the code is there because of that type (here a
/// derive on it), and it is that type's module that has to change to shrink it. When the
/// type has no crate (`u8`, `[T]`) the trait's path is used, and a primitive's own method
/// (`<char>::escape_debug_ext`, no path at all) is core's, where nearly all are. Names
/// that are no Rust path (wasm-bindgen's shims, `memcpy`, functions wasm-opt made) are
/// "other".
fn attribute(name: &str) -> (String, Option<String>) {
    // wasm-opt suffixes `_N` to some names it copies.
    let unsuffixed = name.trim_end_matches(|c: char| c.is_ascii_digit());
    let demangled = match rustc_demangle::try_demangle(name)
        .or_else(|_| rustc_demangle::try_demangle(unsuffixed.strip_suffix('_').unwrap_or(name)))
    {
        Ok(d) => format!("{d:#}"),
        Err(_) => name.to_string(),
    };
    let path = segments(owner(&demangled));
    let krate = path[0];
    let is_ident = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_');
    if path.len() < 2 && demangled.starts_with('<') {
        return ("core".into(), None); // a method of a primitive type: `<char>::…`
    } else if path.len() < 2 || !is_ident(krate) {
        return ("other".into(), None);
    }
    // Our module: up to two segments after the crate that are lowercase and are followed
    // by more than a closure or generic arguments (else they name a function).
    let mut module = vec![krate];
    for (i, seg) in path.iter().enumerate().skip(1).take(2) {
        let next = path.get(i + 1).copied().unwrap_or("{");
        if !seg.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            || !is_ident(seg)
            || (next.starts_with(['{', '<']) && !next.starts_with("<impl "))
        {
            break;
        }
        module.push(seg);
    }
    let module = match module.len() {
        1 => format!("{OURS} (root)"),
        _ => module.join("::"),
    };
    (krate.to_string(), (krate == OURS).then_some(module))
}

/// The path that owns a function: `Type` in `<Type as Trait>::f` (or `Trait` when `Type`
/// is no path), `name` itself otherwise.
fn owner(name: &str) -> &str {
    let Some(inner) = name.strip_prefix('<') else {
        return name;
    };
    let close = top_level(inner, ">").unwrap_or(inner.len());
    let inner = &inner[..close];
    let (mut ty, tr) = match top_level(inner, " as ") {
        Some(at) => (&inner[..at], Some(&inner[at + 4..])),
        None => (inner, None),
    };
    for sigil in ["&", "mut ", "*const ", "*mut ", "dyn ", "[", "("] {
        ty = ty.strip_prefix(sigil).unwrap_or(ty).trim_start();
    }
    let ty = owner(ty);
    match tr {
        Some(tr) if segments(ty).len() < 2 => owner(tr),
        _ => ty,
    }
}

/// The first place `pat` occurs in `s` outside brackets.
fn top_level(s: &str, pat: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        if depth == 0 && s[i..].starts_with(pat) {
            return Some(i);
        }
        match c {
            '<' | '[' | '(' => depth += 1,
            '>' | ']' | ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// A path's `::`-separated segments, outside brackets.
fn segments(path: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(at) = top_level(rest, "::") {
        out.push(&rest[..at]);
        rest = &rest[at + 2..];
    }
    out.push(rest);
    out
}

/// A table's rows: the crates, then our modules (which split our crate's row), labelled
/// by `module`, then the total; each with its bytes and share of the total.
fn rows(report: &Breakdown, module: fn(&str) -> String) -> Vec<(String, usize, f64)> {
    let modules = report.modules.iter().map(|(l, n)| (module(l), *n));
    let rows = report.crates.iter().cloned().chain(modules);
    rows.chain([("total".to_string(), report.total)])
        .map(|(label, n)| (label, n, share(n, report.total)))
        .collect()
}

/// The rows as text: label, bytes, share of the total; then the gzip size.
fn text_table(report: &Breakdown) -> String {
    let mut out = format!("  {:<52} {:>9} {:>7}\n", "crate / module", "bytes", "share");
    for (label, n, share) in rows(report, |m| format!("  {m}")) {
        out += &format!("  {label:<52} {n:>9} {share:>6.1}%\n");
    }
    out + &format!("  {:<52} {:>9}\n", "gzip -9 of the whole", report.gzip)
}

/// The same rows as a markdown table.
fn markdown_table(report: &Breakdown) -> String {
    let mut out = String::from("| crate / module | bytes | share |\n|---|---:|---:|\n");
    for (label, n, share) in rows(report, |m| format!("↳ `{m}`")) {
        out += &format!("| {label} | {n} | {share:.1} % |\n");
    }
    out + &format!("| gzip -9 of the whole | {} | |\n", report.gzip)
}

/// `n` as a percentage of `total`.
fn share(n: usize, total: usize) -> f64 {
    100.0 * n as f64 / total.max(1) as f64
}

#[cfg(test)]
#[path = "size_tests.rs"]
mod tests;
