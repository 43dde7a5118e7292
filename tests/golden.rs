//! Snapshot tests: every fixture in every output mode, through the binary.
//!
//! Each snapshot was read against tcpdump's output for the same file and
//! flags before it was accepted; `tests/tcpdump_diff.rs` keeps checking the
//! text modes against the system tcpdump byte for byte. CI never writes
//! snapshots (`INSTA_UPDATE=no`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

const MODES: &[(&str, &[&str])] = &[
    ("default", &[]),
    ("v", &["-v"]),
    ("vv", &["-vv"]),
    ("e", &["-e"]),
    ("q", &["-q"]),
    ("x", &["-x"]),
    ("xx_e", &["-xx", "-e"]),
    ("X", &["-X"]),
    ("A", &["-A"]),
    ("json", &["--json"]),
];

#[test]
fn every_fixture_in_every_mode() {
    let fixtures = common::fixtures();
    assert!(!fixtures.is_empty(), "no fixtures found");
    for f in &fixtures {
        let path = f.to_str().expect("utf-8 path");
        for (mode, flags) in MODES {
            let mut args = vec!["-n", "-r", path];
            args.extend_from_slice(flags);
            let (stdout, stderr, status) = common::run(&args).into_parts();
            let name = format!("{}__{}", common::stem(f), mode);
            let body = format!("status: {status}\nstderr: {stderr}\n---\n{stdout}");
            insta::assert_snapshot!(name, body);
        }
    }
}
