//! `man/netdecode.1` against clap's definition of the command line, in both
//! directions: every option clap knows is documented (with its value name
//! and, for an option with a fixed set of values, each value), and every
//! option documented exists. Also: the page has the expected sections and
//! renders without warnings.
//!
//! The page's convention, which this test relies on: under `.SH OPTIONS`
//! (and, for the subcommands, under `.SS netdecode <name>` in
//! `.SH COMMANDS`) each option is one `.TP` item whose tag line gives its
//! forms in bold with escaped hyphens, `\fB\-i\fR, \fB\-\-interface\fR`,
//! and its value in italics, `\fIINTERFACE\fR`; repeatable flags may list
//! their repeated forms (`\fB\-tt\fR`) as items of their own.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use clap::CommandFactory;

const PAGE: &str = include_str!("../man/netdecode.1");

/// One documented option: a `.TP` item.
#[derive(Debug)]
struct Item {
    /// The tag line, for messages.
    tag: String,
    /// Short forms, as their letter, with how many times it is repeated.
    shorts: Vec<(char, usize)>,
    longs: Vec<String>,
    /// Italic words of the tag: value names.
    values: Vec<String>,
    /// The item's text.
    body: String,
}

/// The lines of the section `.SH name` (up to the next `.SH`).
fn section<'a>(page: &'a str, name: &str) -> Vec<&'a str> {
    let mut lines = page
        .lines()
        .skip_while(|l| l.trim_end() != format!(".SH {name}"));
    assert!(lines.next().is_some(), "the page has a section {name}");
    lines.take_while(|l| !l.starts_with(".SH ")).collect()
}

/// Splits lines at `.SS` headings: (heading, lines).
fn subsections<'a>(lines: &[&'a str]) -> Vec<(String, Vec<&'a str>)> {
    let mut out: Vec<(String, Vec<&str>)> = vec![(String::new(), Vec::new())];
    for l in lines {
        if let Some(h) = l.strip_prefix(".SS ") {
            out.push((h.trim().to_string(), Vec::new()));
        } else {
            out.last_mut().unwrap().1.push(l);
        }
    }
    out
}

/// The spans of a line between `open` (`\fB` or `\fI`) and the next font
/// change.
fn spans(line: &str, open: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find(open) {
        let after = &rest[i + open.len()..];
        let end = after.find("\\f").unwrap_or(after.len());
        out.push(after[..end].to_string());
        rest = &after[end..];
    }
    out
}

/// The `.TP` items of a block of lines.
fn items(lines: &[&str]) -> Vec<Item> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim_end() != ".TP" {
            i += 1;
            continue;
        }
        let tag = lines.get(i + 1).copied().unwrap_or("").to_string();
        let mut body = String::new();
        let mut j = i + 2;
        while j < lines.len() && !matches!(lines[j].trim_end(), ".TP" | ".PP") {
            body.push_str(lines[j]);
            body.push('\n');
            j += 1;
        }
        let mut item = Item {
            tag: tag.clone(),
            shorts: Vec::new(),
            longs: Vec::new(),
            values: spans(&tag, "\\fI"),
            body,
        };
        for b in spans(&tag, "\\fB") {
            assert!(
                !b.replace("\\-", "").contains('-'),
                "unescaped hyphen in option {b:?} (write \\-): {tag}"
            );
            let b = b.replace("\\-", "-");
            if let Some(long) = b.strip_prefix("--") {
                item.longs.push(long.to_string());
            } else if let Some(short) = b.strip_prefix('-') {
                let mut cs = short.chars();
                let c = cs.next().unwrap_or_else(|| panic!("empty option in {tag}"));
                assert!(
                    cs.all(|d| d == c),
                    "{b:?} is neither one short option nor a repeated one: {tag}"
                );
                item.shorts.push((c, short.chars().count()));
            } else {
                panic!("bold text in an option tag that is not an option: {b:?} in {tag}");
            }
        }
        out.push(item);
        i = j;
    }
    out
}

/// What clap knows about one option.
#[derive(Debug)]
struct Opt {
    id: String,
    short: Option<char>,
    long: Option<String>,
    value_names: Vec<String>,
    possible_values: Vec<String>,
    repeatable: bool,
}

fn options(cmd: &clap::Command) -> Vec<Opt> {
    cmd.get_arguments()
        .filter(|a| !a.is_positional())
        .map(|a| {
            let takes = a.get_action().takes_values();
            Opt {
                id: a.get_id().to_string(),
                short: a.get_short(),
                long: a.get_long().map(str::to_string),
                value_names: if takes {
                    a.get_value_names()
                        .map(|v| v.iter().map(|s| s.to_string()).collect())
                        .unwrap_or_else(|| vec![a.get_id().to_string().to_uppercase()])
                } else {
                    Vec::new()
                },
                possible_values: if takes {
                    a.get_possible_values()
                        .iter()
                        .filter(|p| !p.is_hide_set())
                        .map(|p| p.get_name().to_string())
                        .collect()
                } else {
                    Vec::new()
                },
                repeatable: matches!(a.get_action(), clap::ArgAction::Count),
            }
        })
        .collect()
}

/// Checks one command's options against one block of the page; returns
/// the problems found.
fn compare(what: &str, cmd: &clap::Command, lines: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    let items = items(lines);
    if items.is_empty() {
        problems.push(format!("{what}: no .TP option items found"));
    }
    let opts = options(cmd);
    // Page -> clap: every documented form exists, and the forms of one
    // item are one option.
    for it in &items {
        let mut ids = BTreeSet::new();
        for &(c, n) in &it.shorts {
            match opts.iter().find(|o| o.short == Some(c)) {
                None => problems.push(format!("{what}: -{c} is documented but does not exist")),
                Some(o) => {
                    if n > 1 && !o.repeatable {
                        problems.push(format!(
                            "{what}: {} is documented but -{c} cannot be repeated",
                            "-".to_string() + &c.to_string().repeat(n)
                        ));
                    }
                    ids.insert(o.id.clone());
                }
            }
        }
        for l in &it.longs {
            let name = l.split('=').next().unwrap_or(l);
            match opts.iter().find(|o| o.long.as_deref() == Some(name)) {
                None => problems.push(format!("{what}: --{name} is documented but does not exist")),
                Some(o) => {
                    ids.insert(o.id.clone());
                }
            }
        }
        if ids.len() > 1 {
            problems.push(format!(
                "{what}: one item documents several options: {}",
                it.tag
            ));
        }
        if ids.is_empty() && it.shorts.is_empty() && it.longs.is_empty() {
            problems.push(format!("{what}: an item without an option: {:?}", it.tag));
        }
    }
    // clap -> page: every form is documented, with its value name and
    // possible values.
    for o in &opts {
        let documented: Vec<&Item> = items
            .iter()
            .filter(|it| {
                o.short
                    .is_some_and(|s| it.shorts.iter().any(|&(c, _)| c == s))
                    || o.long.as_ref().is_some_and(|l| it.longs.contains(l))
            })
            .collect();
        let name = o
            .long
            .as_ref()
            .map(|l| format!("--{l}"))
            .or(o.short.map(|s| format!("-{s}")))
            .unwrap_or_default();
        if documented.is_empty() {
            problems.push(format!("{what}: {name} is not documented"));
            continue;
        }
        if let Some(s) = o.short {
            if !documented.iter().any(|it| it.shorts.contains(&(s, 1))) {
                problems.push(format!(
                    "{what}: the short form -{s} of {name} is not documented"
                ));
            }
        }
        if let Some(l) = &o.long {
            if !documented.iter().any(|it| it.longs.contains(l)) {
                problems.push(format!("{what}: the long form --{l} is not documented"));
            }
        }
        for v in &o.value_names {
            if !documented.iter().any(|it| it.values.contains(v)) {
                problems.push(format!(
                    "{what}: {name} takes {v}, but its tag does not name \\fI{v}\\fR"
                ));
            }
        }
        for pv in &o.possible_values {
            // Each value is named in bold in the item's text.
            let bold = |t: &str| {
                t.lines().any(|l| {
                    let mut w = l.split_whitespace();
                    matches!(w.next(), Some(".B" | ".BR")) && w.next() == Some(pv.as_str())
                }) || t.contains(&format!("\\fB{pv}\\fR"))
            };
            if !documented.iter().any(|it| bold(&it.body)) {
                problems.push(format!(
                    "{what}: {name} accepts {pv:?}, which its text does not name in bold"
                ));
            }
        }
    }
    problems
}

fn command() -> clap::Command {
    let mut cmd = netdecode::cli::Args::command();
    cmd.build();
    cmd
}

#[test]
fn options_match_clap_both_ways() {
    let cmd = command();
    let mut problems = compare("OPTIONS", &cmd, &section(PAGE, "OPTIONS"));

    // Subcommands: one `.SS netdecode <name>` each under COMMANDS.
    let commands = section(PAGE, "COMMANDS");
    let subs: BTreeMap<String, Vec<&str>> = subsections(&commands)
        .into_iter()
        .filter(|(h, _)| !h.is_empty())
        .collect();
    let mut seen = BTreeSet::new();
    for sc in cmd.get_subcommands() {
        let heading = format!("netdecode {}", sc.get_name());
        match subs.get(&heading) {
            None => problems.push(format!("COMMANDS: no .SS {heading}")),
            Some(lines) => problems.extend(compare(&heading, sc, lines)),
        }
        seen.insert(heading);
    }
    for h in subs.keys() {
        if !seen.contains(h) {
            problems.push(format!(
                "COMMANDS: {h} is documented but is not a subcommand"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "man page vs clap:\n{}",
        problems.join("\n")
    );
}

/// The comparison itself finds problems (a test that cannot fail proves
/// nothing).
#[test]
fn comparison_catches_differences() {
    let cmd = command();
    let mut lines = section(PAGE, "OPTIONS");
    // Drop the -c item and add an option that does not exist.
    let c = lines
        .iter()
        .position(|l| l.starts_with("\\fB\\-c\\fR"))
        .expect("a -c item");
    lines.remove(c);
    lines.push(".TP");
    lines.push("\\fB\\-\\-frobnicate\\fR");
    lines.push("Not an option.");
    let problems = compare("OPTIONS", &cmd, &lines).join("\n");
    assert!(problems.contains("-c is not documented"), "{problems}");
    assert!(
        problems.contains("--frobnicate is documented but does not exist"),
        "{problems}"
    );
    // A value name that differs from clap's.
    let page = PAGE.replace("\\fIINTERFACE\\fR", "\\fIIFACE\\fR");
    let problems = compare("OPTIONS", &cmd, &section(&page, "OPTIONS")).join("\n");
    assert!(
        problems.contains("does not name \\fIINTERFACE\\fR"),
        "{problems}"
    );
    // A possible value left out.
    let page = PAGE.replace(".BR never .", "not at all.");
    let problems = compare("OPTIONS", &cmd, &section(&page, "OPTIONS")).join("\n");
    assert!(problems.contains("--color accepts \"never\""), "{problems}");
    // A repeated form of a flag that cannot be repeated.
    let page = PAGE.replace("\\fB\\-e\\fR\n", "\\fB\\-ee\\fR\n");
    let problems = compare("OPTIONS", &cmd, &section(&page, "OPTIONS")).join("\n");
    assert!(
        problems.contains("-ee is documented but -e cannot be repeated"),
        "{problems}"
    );
}

#[test]
fn page_has_the_sections_and_version() {
    for s in [
        "NAME",
        "SYNOPSIS",
        "DESCRIPTION",
        "OPTIONS",
        "COMMANDS",
        "FILTER EXPRESSIONS",
        "OUTPUT",
        "EXIT STATUS",
        "ENVIRONMENT",
        "EXAMPLES",
        "SEE ALSO",
    ] {
        assert!(
            PAGE.lines().any(|l| l.trim_end() == format!(".SH {s}")),
            "section {s}"
        );
    }
    let th = PAGE.lines().find(|l| l.starts_with(".TH ")).expect(".TH");
    let version = format!("\"netdecode {}\"", env!("CARGO_PKG_VERSION"));
    assert!(th.contains(&version), "{th} names {version}");
    for needle in [
        "NO_COLOR",
        "TZ",
        "tcpdump (8)",
        "pcap\\-filter (7)",
        "docs/json.md",
    ] {
        assert!(PAGE.contains(needle), "the page mentions {needle}");
    }
}

/// groff renders the page without a warning (`-ww`: all warnings).
#[test]
fn page_renders_without_warnings() {
    let Some(groff) = common::which("groff") else {
        common::note("man page rendering not checked: groff is not installed");
        return;
    };
    let out = Command::new(groff)
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .arg(common::repo().join("man/netdecode.1"))
        .output()
        .expect("run groff");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "groff failed: {err}");
    assert_eq!(err, "", "groff warnings");

    // And man(1) itself, when present, formats it.
    if let Some(man) = common::which("man") {
        let out = Command::new(man)
            .arg("-l")
            .arg(common::repo().join("man/netdecode.1"))
            .env("MANWIDTH", "80")
            .env("MANPAGER", "cat")
            .env("PAGER", "cat")
            .output()
            .expect("run man");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "man -l: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(text.contains("NETDECODE(1)"), "{text}");
        assert!(
            text.contains("--time-stamp-precision"),
            "hyphens render as ASCII"
        );
    } else {
        common::note("man -l not checked: man is not installed");
    }
}
