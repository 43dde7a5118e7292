//! Fixture helpers shared by the snapshot, robustness, oracle and
//! differential tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository's fixtures directory.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Every capture in fixtures/ (pcap and pcapng), sorted by name.
pub fn fixtures() -> Vec<PathBuf> {
    captures_in(&fixtures_dir())
}

/// Fixtures plus the captures in `$NETDECODE_EXTRA_CAPTURES` (a directory),
/// for running the robustness tests over other captures locally.
pub fn fixtures_and_extra() -> Vec<PathBuf> {
    let mut v = fixtures();
    if let Some(dir) = std::env::var_os("NETDECODE_EXTRA_CAPTURES") {
        v.extend(captures_in(Path::new(&dir)));
    }
    v
}

fn captures_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    matches!(
                        p.extension().and_then(|e| e.to_str()),
                        Some("pcap") | Some("pcapng")
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// One packet of a fixture, owned.
pub struct Packet {
    pub secs: i64,
    pub nanos: u32,
    pub data: Vec<u8>,
    pub wire_len: u32,
}

/// Reads every packet of a capture file, with its link type.
pub fn read_packets(path: &Path) -> (i32, Vec<Packet>) {
    let mut cap = pcap::Capture::from_file_with_precision(path, pcap::Precision::Nano)
        .unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
    let lt = cap.get_datalink().0;
    let mut out = Vec::new();
    loop {
        match cap.next_packet() {
            Ok(p) => out.push(Packet {
                secs: p.header.ts.tv_sec,
                nanos: p.header.ts.tv_usec as u32,
                data: p.data.to_vec(),
                wire_len: p.header.len,
            }),
            Err(pcap::Error::NoMorePackets) => break,
            Err(e) => panic!("read {}: {e}", path.display()),
        }
    }
    (lt, out)
}

/// Runs the netdecode binary with `args` and a fixed time zone; returns
/// stdout, stderr and the exit status.
pub fn netdecode(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_netdecode"))
        .args(args)
        .env("TZ", "UTC")
        .env_remove("NO_COLOR")
        .output()
        .expect("run netdecode");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// The system tcpdump, if installed.
pub fn tcpdump() -> Option<PathBuf> {
    [
        "/usr/bin/tcpdump",
        "/usr/sbin/tcpdump",
        "/sbin/tcpdump",
        "/usr/local/sbin/tcpdump",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

/// File name of a fixture, for snapshot names.
pub fn stem(p: &Path) -> String {
    p.file_name()
        .and_then(|s| s.to_str())
        .unwrap_or("fixture")
        .replace('.', "_")
}

/// A report of where netdecode's output first differs from tcpdump's for
/// one file and flag set: the line number and both lines.
pub fn first_difference(file: &Path, flags: &[&str], theirs: &str, ours: &str) -> String {
    let first = ours
        .lines()
        .zip(theirs.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| ours.lines().count().min(theirs.lines().count()));
    format!(
        "{} {}: line {}\n  tcpdump:   {}\n  netdecode: {}",
        file.file_name().and_then(|s| s.to_str()).unwrap_or(""),
        flags.join(" "),
        first + 1,
        theirs.lines().nth(first).unwrap_or("<end>"),
        ours.lines().nth(first).unwrap_or("<end>"),
    )
}
