//! The layers' one-way arrows, checked by reading `src/`: cli -> app ->
//! capture / decode / flow / watch, render reads decode's (and flow's and
//! watch's) records. A
//! module that imports a layer above it, the reassembly engine reaching for
//! serde or the file system, or a clap type below the command line fails
//! here with the file and the import.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Which top-level modules each layer may name with `crate::`. A layer not
/// listed is not checked; its own name is always allowed.
const ALLOWED: &[(&str, &[&str])] = &[
    ("cli", &["app", "error"]),
    (
        "app",
        &[
            "capture", "decode", "flow", "watch", "render", "names", "error",
        ],
    ),
    ("capture", &["decode", "error"]),
    ("decode", &["error", "testdata"]),
    ("flow", &[]),
    ("names", &[]),
    ("watch", &[]),
    (
        "render",
        &[
            "decode", "flow", "watch", "capture", "names", "error", "testdata",
        ],
    ),
];

/// Crates (or std modules) a layer must not use at all.
const FORBIDDEN: &[(&str, &[&str])] = &[
    ("flow", &["serde", "serde_json", "std::fs", "clap", "pcap"]),
    ("watch", &["serde", "serde_json", "std::fs", "clap", "pcap"]),
    (
        "decode",
        &["serde", "serde_json", "std::fs", "clap", "pcap"],
    ),
    ("capture", &["serde", "clap"]),
    ("names", &["serde", "serde_json", "clap", "pcap"]),
    ("app", &["clap"]),
    ("render", &["clap", "pcap"]),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The layer a file belongs to: its first directory under `src/`, or its
/// name for a file directly in `src/`.
fn layer(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap_or(file);
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    first
        .unwrap_or_default()
        .trim_end_matches(".rs")
        .to_string()
}

/// Code lines, without comments (doc links name other layers freely).
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().filter_map(|(i, l)| {
        let code = l.split("//").next().unwrap_or("");
        (!code.trim().is_empty()).then_some((i + 1, code))
    })
}

/// The top-level modules a line names after `crate::`, including each
/// entry of `crate::{a, b::c}`.
fn crate_modules(line: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.trim()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        if let Some(list) = after.strip_prefix('{') {
            // Top-level entries of the brace list (on this line).
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in list.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        out.push(ident(&list[start..i]));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push(ident(&list[start..i]));
                        start = i + 1;
                    }
                    _ => {}
                }
            }
        } else {
            out.push(ident(after));
        }
        rest = after;
    }
    out.retain(|m| !m.is_empty() && m != "self");
    out
}

/// Whether `line` uses `name` (a crate, or a path like `std::fs`) as a
/// path: `name::` or `use name;`, not as part of a longer identifier.
fn uses(line: &str, name: &str) -> bool {
    let mut rest = line;
    while let Some(at) = rest.find(name) {
        let before = rest[..at].chars().next_back();
        let after = &rest[at + name.len()..];
        let starts = !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':');
        if starts && (after.starts_with("::") || after.trim_start().starts_with(';')) {
            return true;
        }
        rest = after;
    }
    false
}

#[test]
fn layers_import_only_downwards() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    assert!(files.len() > 20, "src/ has only {} files", files.len());
    let mut wrong = Vec::new();
    let mut checked = BTreeSet::new();
    for file in &files {
        let layer = layer(&src, file);
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{e}"));
        let rel = file
            .strip_prefix(&src)
            .unwrap_or(file)
            .display()
            .to_string();
        if let Some((_, allowed)) = ALLOWED.iter().find(|(l, _)| *l == layer) {
            checked.insert(layer.clone());
            for (n, line) in code_lines(&text) {
                for m in crate_modules(line) {
                    if m != layer && !allowed.contains(&m.as_str()) {
                        wrong.push(format!("src/{rel}:{n}: {layer} imports crate::{m}"));
                    }
                }
            }
        }
        if let Some((_, names)) = FORBIDDEN.iter().find(|(l, _)| *l == layer) {
            for (n, line) in code_lines(&text) {
                for name in names.iter().filter(|name| uses(line, name)) {
                    wrong.push(format!("src/{rel}:{n}: {layer} uses {name}"));
                }
            }
        }
    }
    // Every layer of the table exists (a rename must update the table).
    for (l, _) in ALLOWED {
        assert!(checked.contains(*l), "no src/{l}/: update ALLOWED");
    }
    assert!(
        wrong.is_empty(),
        "imports against the arrows:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_scanner_sees_what_it_must() {
    assert_eq!(
        crate_modules("use crate::cli::config::MAX_SNAPLEN;"),
        ["cli"]
    );
    assert_eq!(
        crate_modules("use crate::{app::Config, render::{self, Output}};"),
        ["app", "render"]
    );
    assert_eq!(
        crate_modules("        opts: crate::cli::config::LiveOptions,"),
        ["cli"]
    );
    assert!(crate_modules("use super::Segment;").is_empty());
    assert!(uses("use serde::Serialize;", "serde"));
    assert!(uses("#[derive(serde::Serialize)]", "serde"));
    assert!(uses("let f = std::fs::File::open(p);", "std::fs"));
    assert!(!uses("use serde_json::Value;", "serde"));
    assert!(!uses("fn deserialize_it()", "serde"));
    assert!(code_lines("//! [`crate::flow`]\nlet x = 1; // crate::cli")
        .all(|(_, l)| crate_modules(l).is_empty()));
}
