//! DHCP/BOOTP: insta snapshots of the text (-v, -vv, -vvv) and JSON output
//! for the DHCP fixtures, and differential checks against the system
//! tcpdump (skipped, with the reason printed, when it is not installed,
//! unless NETDECODE_REQUIRE_TCPDUMP=1):
//! the fixtures themselves, every truncation of every DHCP packet, and
//! seeded byte mutations of the BOOTP messages.
//!
//! fixtures/dhcp.pcap is a real dnsmasq/udhcpc exchange captured between
//! network namespaces (fixtures/make-captures.sh); fixtures/dhcp-built.pcap
//! is made by `cargo run --example build-dhcp-fixtures` (see
//! fixtures/README-dhcp.md).

// Test helpers outside #[test] functions may fail loudly too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Command;

use common::fixture;

/// Only the BOOTP/DHCP packets: ARP and the rest belong to other tests.
const FILTER: &str = "udp port 67 or udp port 68";

fn run(program: &Path, args: &[&str], file: &Path) -> String {
    let out = Command::new(program)
        .env("TZ", "GMT0")
        .args(args)
        .arg("-r")
        .arg(file)
        .arg(FILTER)
        .output()
        .unwrap_or_else(|e| panic!("running {}: {e}", program.display()));
    assert!(
        out.status.success(),
        "{} {args:?} {} failed: {}",
        program.display(),
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("output is UTF-8")
}

fn netdecode(args: &[&str], file: &Path) -> String {
    run(common::bin(), args, file)
}

/// Re-indents NDJSON for readable snapshots, keeping key order (a
/// round trip through serde_json::Value would sort the keys).
fn pretty_ndjson(ndjson: &str) -> String {
    let mut out = String::new();
    for line in ndjson.lines() {
        let _: serde_json::Value = serde_json::from_str(line).expect("every line is JSON");
        let mut depth = 0usize;
        let mut in_str = false;
        let mut escaped = false;
        let newline = |out: &mut String, depth: usize| {
            out.push('\n');
            out.push_str(&"  ".repeat(depth));
        };
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if in_str {
                out.push(c);
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => in_str = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => {
                    in_str = true;
                    out.push(c);
                }
                '{' | '[' => {
                    out.push(c);
                    if matches!(chars.peek(), Some('}') | Some(']')) {
                        out.push(chars.next().unwrap_or(' '));
                    } else {
                        depth += 1;
                        newline(&mut out, depth);
                    }
                }
                '}' | ']' => {
                    depth = depth.saturating_sub(1);
                    newline(&mut out, depth);
                    out.push(c);
                }
                ',' => {
                    out.push(c);
                    newline(&mut out, depth);
                }
                ':' => out.push_str(": "),
                c => out.push(c),
            }
        }
        out.push('\n');
    }
    out
}

/// Each packet's JSON reduced to its number, truncation and `dhcp`
/// object: the other layers have snapshots of their own. The `dhcp` text
/// is cut out as written, to keep its key order.
fn dhcp_json(ndjson: &str) -> String {
    let mut out = String::new();
    for line in ndjson.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("every line is JSON");
        let dhcp = match line.find("\"dhcp\":{") {
            Some(at) => balanced(&line[at + "\"dhcp\":".len()..]),
            None => "null",
        };
        out.push_str(&format!(
            "{{\"n\":{},\"truncated\":{},\"stop\":{},\"dhcp\":{dhcp}}}\n",
            v["n"], v["truncated"], v["stop"]
        ));
    }
    out
}

/// The JSON object at the start of `s`.
fn balanced(s: &str) -> &str {
    let (mut depth, mut in_str, mut escaped) = (0usize, false, false);
    for (i, c) in s.char_indices() {
        if in_str {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '{' | '[' => depth += 1,
            '}' | ']' => {
                depth -= 1;
                if depth == 0 {
                    return &s[..=i];
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced JSON: {s}")
}

macro_rules! snapshots {
    ($($test:ident: $file:literal, $args:expr;)*) => {$(
        #[test]
        fn $test() {
            let args: &[&str] = $args;
            let file = fixture($file);
            let out = if args.contains(&"--json") {
                pretty_ndjson(&dhcp_json(&netdecode(args, &file)))
            } else {
                netdecode(args, &file)
            };
            insta::assert_snapshot!(out);
        }
    )*};
}

snapshots! {
    dora_v: "dhcp.pcap", &["-n", "-v"];
    dora_vv: "dhcp.pcap", &["-n", "-vv"];
    dora_json: "dhcp.pcap", &["--json"];
    built_v: "dhcp-built.pcap", &["-n", "-v"];
    built_vv: "dhcp-built.pcap", &["-n", "-vv"];
    built_vvv: "dhcp-built.pcap", &["-n", "-vvv"];
    built_json: "dhcp-built.pcap", &["--json"];
}

#[test]
fn jq_style_selection_works() {
    // What `jq 'select(.dhcp.message_type=="offer") | .dhcp.options.server_id'` reads.
    let out = netdecode(&["--json"], &fixture("dhcp.pcap"));
    let offers: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["dhcp"]["message_type"] == "offer")
        .map(|v| v["dhcp"]["options"]["server_id"].clone())
        .collect();
    assert_eq!(offers, vec![serde_json::json!("10.77.0.1")]);
}

// ---- Differential checks against tcpdump ---------------------------------

/// Verbosities, and dumps: where tcpdump gives up in a `GET_*` read (a
/// longjmp) its dump covers the whole frame, link header included.
const FLAGS: [&[&str]; 7] = [
    &["-n"],
    &["-n", "-v"],
    &["-n", "-vv"],
    &["-n", "-vvv"],
    &["-n", "-q"],
    &["-n", "-x"],
    &["-n", "-v", "-X"],
];

fn assert_same_as_tcpdump(td: &Path, file: &Path) {
    for flags in FLAGS {
        let want = run(td, flags, file);
        let got = netdecode(flags, file);
        assert!(
            want == got,
            "{}",
            common::first_difference(file, flags, &want, &got)
        );
    }
}

#[test]
fn fixtures_match_tcpdump() {
    let Some(td) = common::tcpdump_or_skip("fixtures_match_tcpdump") else {
        return;
    };
    for f in ["dhcp.pcap", "dhcp-built.pcap"] {
        assert_same_as_tcpdump(&td, &fixture(f));
    }
}

/// The records of a little-endian microsecond pcap file: (header, data).
fn records(pcap: &[u8]) -> Vec<([u8; 16], Vec<u8>)> {
    assert_eq!(
        &pcap[..4],
        &0xa1b2_c3d4u32.to_le_bytes(),
        "little-endian pcap"
    );
    let mut out = Vec::new();
    let mut p = 24;
    while p + 16 <= pcap.len() {
        let hdr: [u8; 16] = pcap[p..p + 16].try_into().unwrap();
        let caplen = u32::from_le_bytes(hdr[8..12].try_into().unwrap()) as usize;
        out.push((hdr, pcap[p + 16..p + 16 + caplen].to_vec()));
        p += 16 + caplen;
    }
    out
}

fn write_pcap(path: &Path, header: &[u8], recs: &[([u8; 16], Vec<u8>)]) {
    let mut out = header[..24].to_vec();
    for (hdr, data) in recs {
        out.extend_from_slice(&hdr[..8]);
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(&hdr[12..16]);
        out.extend_from_slice(data);
    }
    std::fs::write(path, out).unwrap();
}

/// Whether an Ethernet frame carries IPv4/UDP to or from port 67 or 68
/// (no IP options in these fixtures).
fn is_bootp(f: &[u8]) -> bool {
    f.len() >= 42
        && f[12..14] == [8, 0]
        && f[23] == 17
        && [&f[34..36], &f[36..38]]
            .iter()
            .any(|p| **p == [0, 67] || **p == [0, 68])
}

/// Every BOOTP frame of the fixtures, cut at every length from the end of
/// the UDP header on, through netdecode and tcpdump at each verbosity.
#[test]
fn every_truncation_matches_tcpdump() {
    let Some(td) = common::tcpdump_or_skip("every_truncation_matches_tcpdump") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for f in ["dhcp.pcap", "dhcp-built.pcap"] {
        let bytes = std::fs::read(fixture(f)).unwrap();
        let mut cut = Vec::new();
        for (hdr, data) in records(&bytes).into_iter().filter(|(_, d)| is_bootp(d)) {
            for n in 42..data.len() {
                cut.push((hdr, data[..n].to_vec()));
            }
        }
        let path = dir.path().join(format!("cut-{f}"));
        write_pcap(&path, &bytes, &cut);
        assert_same_as_tcpdump(&td, &path);
        let json = netdecode(&["--json"], &path);
        assert_eq!(json.lines().count(), cut.len());
        for line in json.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            assert!(
                v["dhcp"].is_object() || v["stop"]["layer"] == "udp",
                "{line}"
            );
        }
    }
}

/// Seeded byte mutations inside the BOOTP messages (the IP and UDP
/// headers are left alone), compared with tcpdump.
#[test]
fn mutations_match_tcpdump() {
    let Some(td) = common::tcpdump_or_skip("mutations_match_tcpdump") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(fixture("dhcp-built.pcap")).unwrap();
    let frames: Vec<_> = records(&bytes)
        .into_iter()
        .filter(|(_, d)| is_bootp(d))
        .collect();
    // xorshift64*: deterministic, no dependency.
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut rand = move || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    };
    let mut mutated = Vec::new();
    for round in 0..40 {
        for (hdr, data) in &frames {
            let mut d = data.clone();
            // Mutate the option area most of the time, the header sometimes.
            let start = if round % 4 == 0 { 42 } else { 42 + 240 };
            if d.len() <= start {
                continue;
            }
            for _ in 0..1 + rand() % 4 {
                let i = start + (rand() as usize) % (d.len() - start);
                d[i] = match rand() % 4 {
                    0 => 0,
                    1 => 255,
                    _ => rand() as u8,
                };
            }
            mutated.push((*hdr, d));
        }
    }
    let path = dir.path().join("mutated.pcap");
    write_pcap(&path, &bytes, &mutated);
    // -vv and up check the UDP checksum, which the mutations break; the
    // option printing is what is compared here.
    for flags in [&["-n", "-v"][..], &["-n", "-vvv", "-K"][..]] {
        let want = run(&td, flags, &path);
        let got = netdecode(flags, &path);
        assert!(want == got, "mutations differ with {flags:?}");
    }
    let json = netdecode(&["--json"], &path);
    for line in json.lines() {
        let _: serde_json::Value = serde_json::from_str(line).unwrap();
    }
}
