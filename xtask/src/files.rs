//! Which test file a line of `cargo test`'s output belongs to.
//!
//! Cargo says `Running tests/client.rs (target/…/deps/client-1a2b…)` before each test
//! binary's results and `Doc-tests wasm_put` before a crate's doc tests, but names the
//! file relative to its package, so `tests/faults.rs` of the library and of the dev
//! server read alike. Run with `--message-format=json-render-diagnostics`, cargo also
//! writes one JSON line per artifact built, naming its source file in full and its
//! executable: those name each file from the repository root
//! (`devserver/tests/faults.rs`), and are not echoed.

use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

/// What one line of the output is.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// One of cargo's JSON messages: read, not shown.
    Message,
    /// The results that follow are of this test file (from the repository root).
    File(String),
    /// Anything else: shown, and counted if it is a closing line.
    Other,
}

/// Reads `cargo test`'s output line by line, naming the file of each test binary.
pub struct TestFiles<'a> {
    root: &'a Path,
    /// Each test executable's file name, and the source file it was built from.
    sources: HashMap<String, String>,
    /// Each library's crate name, and its source file (for its doc tests).
    libraries: HashMap<String, String>,
}

impl<'a> TestFiles<'a> {
    /// Names files from `root`, the repository root.
    pub fn new(root: &'a Path) -> Self {
        TestFiles {
            root,
            sources: HashMap::new(),
            libraries: HashMap::new(),
        }
    }

    /// Reads one line.
    pub fn read(&mut self, line: &str) -> Line {
        if line.starts_with("{\"reason\":") {
            if let Ok(message) = serde_json::from_str::<Value>(line) {
                self.learn(&message);
            }
            return Line::Message;
        }
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("Running ") {
            let rest = rest.strip_prefix("unittests ").unwrap_or(rest);
            let Some((source, executable)) =
                rest.strip_suffix(')').and_then(|r| r.rsplit_once(" ("))
            else {
                return Line::Other;
            };
            let name = file_name(executable);
            return Line::File(self.sources.get(name).cloned().unwrap_or(source.into()));
        }
        if let Some(krate) = line.strip_prefix("Doc-tests ") {
            let krate = krate.trim();
            return Line::File(match self.libraries.get(krate) {
                Some(source) => format!("{source} (doc tests)"),
                None => format!("{krate} (doc tests)"),
            });
        }
        Line::Other
    }

    /// Notes an artifact's source file: by its executable, or by its crate if a library.
    fn learn(&mut self, message: &Value) {
        if message["reason"] != "compiler-artifact" {
            return;
        }
        let target = &message["target"];
        let Some(source) = target["src_path"].as_str() else {
            return;
        };
        let source = Path::new(source);
        let source = source
            .strip_prefix(self.root)
            .unwrap_or(source)
            .display()
            .to_string();
        if let Some(executable) = message["executable"].as_str() {
            self.sources
                .insert(file_name(executable).to_string(), source.clone());
        }
        let library = target["kind"].as_array().is_some_and(|kinds| {
            kinds
                .iter()
                .any(|k| k.as_str().is_some_and(|k| k.ends_with("lib")))
        });
        if let (true, Some(name)) = (library, target["name"].as_str()) {
            self.libraries.insert(name.replace('-', "_"), source);
        }
    }
}

/// The last part of a path as cargo prints it (`/` even on Windows).
fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn artifact(kind: &str, name: &str, source: &str, executable: Option<&str>) -> String {
        serde_json::json!({
            "reason": "compiler-artifact",
            "target": { "kind": [kind], "name": name, "src_path": source },
            "executable": executable,
            "fresh": true,
        })
        .to_string()
    }

    #[test]
    fn files_are_named_from_the_repository_root_through_cargos_artifacts() {
        let root = Path::new("/repo");
        let mut files = TestFiles::new(root);
        for message in [
            artifact("cdylib", "wasm_put", "/repo/src/lib.rs", None),
            artifact(
                "test",
                "faults",
                "/repo/devserver/tests/faults.rs",
                Some("/repo/target/debug/deps/faults-22"),
            ),
            artifact(
                "test",
                "faults",
                "/repo/tests/faults.rs",
                Some("/repo/target/debug/deps/faults-11"),
            ),
        ] {
            assert_eq!(files.read(&message), Line::Message);
        }
        let read = |files: &mut TestFiles, line: &str| files.read(line);
        assert_eq!(
            read(
                &mut files,
                "     Running tests/faults.rs (target/debug/deps/faults-11)"
            ),
            Line::File("tests/faults.rs".into())
        );
        assert_eq!(
            read(
                &mut files,
                "     Running tests/faults.rs (target/debug/deps/faults-22)"
            ),
            Line::File("devserver/tests/faults.rs".into())
        );
        assert_eq!(
            read(&mut files, "   Doc-tests wasm_put"),
            Line::File("src/lib.rs (doc tests)".into())
        );
        assert_eq!(
            read(&mut files, r#"{"reason":"build-finished","success":true}"#),
            Line::Message
        );
        assert_eq!(read(&mut files, "test put ... ok"), Line::Other);
    }

    #[test]
    fn without_artifacts_files_are_named_as_cargo_prints_them() {
        let root = Path::new("/repo");
        let mut files = TestFiles::new(root);
        assert_eq!(
            files.read(
                "     Running unittests src/lib.rs (target/wasm32-unknown-unknown/debug/deps/wasm_put-3f.wasm)"
            ),
            Line::File("src/lib.rs".into())
        );
        assert_eq!(
            files.read("   Doc-tests wasm_put_devserver"),
            Line::File("wasm_put_devserver (doc tests)".into())
        );
        assert_eq!(files.read("     Running nowhere"), Line::Other);
    }
}
