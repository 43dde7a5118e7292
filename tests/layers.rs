//! The layers' one-way arrows, checked by reading `src/`: cli -> app ->
//! capture / decode / flow / watch, render reads decode's (and flow's and
//! watch's) records. A
//! module that imports a layer above it, the reassembly engine reaching for
//! serde or the file system, or a clap type below the command line fails
//! here with the file and the import.
//!
//! Three more rules of `docs/architecture.md` are checked the same way:
//! protocol modules of `decode/` and `render/text/` import no circle (who
//! follows whom goes through `dispatch.rs`); renderers never parse packet
//! bytes (no multi-byte field reads, no nom, no checksums over bytes: the
//! named exceptions are [`RENDER_PARSES_ALLOWED`] and the raw-byte
//! printers listed in `src/render/mod.rs`); and every module opens with a
//! `//!` line saying what it owns.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Which top-level modules each layer may name with `crate::`. A layer not
/// listed is not checked; its own name is always allowed.
const ALLOWED: &[(&str, &[&str])] = &[
    ("cli", &["app", "error"]),
    (
        "app",
        &[
            "capture", "decode", "flow", "watch", "render", "names", "error", "testdata",
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

/// The code of a file before its unit tests (test modules come last, by
/// convention; tests may build frames from bytes freely).
fn without_tests(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |at| &text[..at])
}

/// Modules of a protocol directory that every protocol may use and that
/// may name every protocol: the record types (`mod.rs`, and `encap.rs`,
/// whose tunnel levels name each tunnel's record as `mod.rs`'s enums name
/// each protocol's), the dispatch tables, and shared helpers.
const HUBS: &[(&str, &[&str])] = &[
    ("decode", &["mod", "dispatch", "encap", "bytes", "error"]),
    ("render/text", &["mod", "dispatch", "fmt", "timestamp"]),
];

/// The sibling modules a file names: `super::x`, `super::{x, y}` and
/// `crate::<dir>::x`.
fn sibling_refs(code: &str, crate_path: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String {
        s.trim()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = BTreeSet::new();
    for prefix in ["super::".to_string(), format!("{crate_path}::")] {
        let mut rest = code;
        while let Some(at) = rest.find(&prefix) {
            let before = rest[..at].chars().next_back();
            let after = &rest[at + prefix.len()..];
            rest = after;
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            if let Some(list) = after.strip_prefix('{') {
                let end = list.find('}').unwrap_or(list.len());
                for item in list[..end].split(',') {
                    out.insert(ident(item));
                }
            } else {
                out.insert(ident(after));
            }
        }
    }
    out.retain(|m| !m.is_empty() && m != "self" && m != "super");
    out
}

/// The import graph of the modules directly in `dir` (a subdirectory counts
/// as its module), hubs left out.
fn module_graph(src: &Path, dir: &str, hubs: &[&str]) -> BTreeMap<String, BTreeSet<String>> {
    let base = src.join(dir);
    let mut files = Vec::new();
    rust_files(&base, &mut files);
    let crate_path = format!("crate::{}", dir.replace('/', "::"));
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let rel = file.strip_prefix(&base).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        if hubs.contains(&module.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        let code: String = code_lines(without_tests(&text))
            .map(|(_, l)| l)
            .collect::<Vec<_>>()
            .join("\n");
        // Inside a subdirectory, `super::` is the module itself.
        let refs = if rel.components().count() > 1 {
            sibling_refs(&code, &crate_path)
                .into_iter()
                .filter(|r| code.contains(&format!("{crate_path}::{r}")))
                .collect()
        } else {
            sibling_refs(&code, &crate_path)
        };
        graph.entry(module.clone()).or_default().extend(refs);
    }
    let names: BTreeSet<String> = graph.keys().cloned().collect();
    for (m, deps) in graph.iter_mut() {
        deps.retain(|d| d != m && names.contains(d));
    }
    graph
}

/// A circle through `start`, if there is one.
fn circle(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![(start.to_string(), vec![start.to_string()])];
    let mut seen = BTreeSet::new();
    while let Some((m, path)) = stack.pop() {
        for next in graph.get(&m).into_iter().flatten() {
            if next == start {
                let mut p = path.clone();
                p.push(next.clone());
                return Some(p);
            }
            if seen.insert(next.clone()) {
                let mut p = path.clone();
                p.push(next.clone());
                stack.push((next.clone(), p));
            }
        }
    }
    None
}

#[test]
fn protocol_modules_import_no_circle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    for (dir, hubs) in HUBS {
        let graph = module_graph(&src, dir, hubs);
        assert!(graph.len() > 5, "src/{dir}: only {} modules", graph.len());
        for m in graph.keys() {
            if let Some(c) = circle(&graph, m) {
                found.push(format!("src/{dir}: {}", c.join(" -> ")));
            }
        }
    }
    assert!(
        found.is_empty(),
        "import circles (route who-follows-whom through dispatch.rs, shared \
         helpers through a hub):\n{}",
        found.join("\n")
    );
}

/// What a renderer must not do with packet bytes: read multi-byte fields,
/// run a parser, walk raw offsets, or compute checksums. Decoders do that
/// once and renderers read the typed values.
const BYTE_PARSING: &[&str] = &[
    "from_be_bytes",
    "from_le_bytes",
    "from_ne_bytes",
    "be16_at",
    "be24_at",
    "be32_at",
    "be64_at",
    "u24_at",
    "nom::",
    ".u8_at(",
    ".u16_at(",
    ".u32_at(",
    "addr_at(",
    "checksum(",
    "ones_sum",
];

/// Renderer files allowed to match [`BYTE_PARSING`], each with the reason.
/// The printers tcpdump defines on raw bytes (hex and ASCII dumps,
/// `default_print`, the first line of a text protocol, escaped packet text)
/// need no entry: they print bytes without parsing them, and are named in
/// `src/render/mod.rs`. An entry that no longer matches fails the test, so
/// the list only shrinks.
const RENDER_PARSES_ALLOWED: &[(&str, &str)] = &[
    (
        "render/flows/table.rs",
        "reads back its own compact encoding of table rows (kept to bound \
         memory), not packet bytes",
    ),
    (
        "render/parquet/builder.rs",
        "reads back its own PLAIN-encoded column values (a batch's rows cut \
         short, packet numbers moved, string statistics compared by their \
         first bytes), not packet bytes",
    ),
    (
        "render/json/writer.rs",
        "reads the bytes of strings it writes eight at a time to find JSON \
         escapes, not packet bytes",
    ),
];

/// The lines of `code` (tests cut off) that match a byte-parsing pattern
/// (as a path or a free function: `x.checksum()` reads a decoded field).
fn byte_parsing_lines(text: &str) -> Vec<(usize, &'static str)> {
    let mut out = Vec::new();
    for (n, line) in code_lines(without_tests(text)) {
        for pat in BYTE_PARSING {
            let hit = line.match_indices(pat).any(|(at, _)| {
                pat.starts_with('.')
                    || !line[..at]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
            });
            if hit {
                out.push((n, *pat));
            }
        }
    }
    out
}

#[test]
fn renderers_do_not_parse_packet_bytes() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src.join("render"), &mut files);
    files.sort();
    let mut wrong = Vec::new();
    let mut used = BTreeSet::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap().display().to_string();
        let text = std::fs::read_to_string(file).unwrap();
        let hits = byte_parsing_lines(&text);
        if hits.is_empty() {
            continue;
        }
        if RENDER_PARSES_ALLOWED.iter().any(|(f, _)| *f == rel) {
            used.insert(rel);
            continue;
        }
        for (n, pat) in hits {
            wrong.push(format!("src/{rel}:{n}: {pat}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "renderers parsing packet bytes (decode them into typed values in \
         decode/ instead):\n{}",
        wrong.join("\n")
    );
    for (f, _) in RENDER_PARSES_ALLOWED {
        assert!(
            used.contains(*f),
            "src/{f} no longer parses bytes: remove it from RENDER_PARSES_ALLOWED"
        );
    }
}

#[test]
fn every_module_says_what_it_owns() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let missing: Vec<String> = files
        .iter()
        .filter(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            !text.trim_start().starts_with("//!")
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "modules without a `//!` first line:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_circle_and_byte_scanners_see_what_they_must() {
    let refs = sibling_refs(
        "use super::{dispatch, names, Cx}; super::ipv4::write(cx); crate::decode::tcp::Tcp",
        "crate::decode",
    );
    assert_eq!(
        refs.into_iter().collect::<Vec<_>>(),
        ["Cx", "dispatch", "ipv4", "names", "tcp"]
    );
    let mut g = BTreeMap::new();
    g.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    g.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
    g.insert("c".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(circle(&g, "a").unwrap(), ["a", "b", "a"]);
    assert!(circle(&g, "c").is_none());
    let hits = byte_parsing_lines(
        "let v = u16::from_be_bytes([a, b]);\nlet s = checksum(seg, 0);\n\
         fn tcp_checksum() {}\nlet c = ip.checksum();\nlet b = m.u8_at(3);\n\
         // u32::from_be_bytes in a comment\n\
         #[cfg(test)]\nlet t = be32_at(b, 0);",
    );
    assert_eq!(
        hits,
        [(1, "from_be_bytes"), (2, "checksum("), (5, ".u8_at(")]
    );
}
