//! Differential test: for every fixture and a matrix of flag combinations,
//! netdecode's text output must equal the system tcpdump's, byte for byte.
//! Skipped with a printed reason when tcpdump is not installed, unless
//! NETDECODE_REQUIRE_TCPDUMP=1 (CI), which makes its absence a failure.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::Command;

const FLAGS: &[&[&str]] = &[
    &[],
    &["-v"],
    &["-vv"],
    &["-vvv"],
    &["-e"],
    &["-e", "-v"],
    &["-q"],
    &["-q", "-e"],
    &["-S"],
    &["-K", "-v"],
    &["-#"],
    &["-t"],
    &["-tt"],
    &["-ttt"],
    &["-tttt"],
    &["-ttttt"],
    &["--nano"],
    &["-x"],
    &["-xx"],
    &["-X"],
    &["-XX"],
    &["-A"],
    &["-AA"],
    &["-v", "-X"],
    &["-xx", "-e"],
];

#[test]
fn text_output_equals_tcpdump() {
    let Some(tcpdump) = common::tcpdump_or_skip("tcpdump_diff") else {
        return;
    };
    let mut failures = Vec::new();
    let mut compared = 0;
    for f in common::fixtures() {
        let path = f.to_str().expect("utf-8 path");
        for flags in FLAGS {
            let mut args = vec!["-n", "-r", path];
            args.extend_from_slice(flags);
            let theirs = Command::new(&tcpdump)
                .args(&args)
                .env("TZ", "UTC")
                .output()
                .expect("run tcpdump");
            let ours = common::run(&args).text();
            let theirs = String::from_utf8_lossy(&theirs.stdout);
            compared += 1;
            if ours != theirs {
                failures.push(common::first_difference(&f, flags, &theirs, &ours));
            }
        }
    }
    assert!(compared > 0, "no fixtures compared");
    assert!(
        failures.is_empty(),
        "{} of {} runs differ from tcpdump:\n{}",
        failures.len(),
        compared,
        failures.join("\n")
    );
}
