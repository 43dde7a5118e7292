//! The connection-state budget of `flows` (`--max-state`): a capture of
//! many SYN-only connections (a scan, a SYN flood), generated here, keeps
//! the process within the budget, and every eviction is counted: in the
//! table's summary, per connection in the JSON lines and the index.
//!
//! Size: 1,000,000 connections (the issue's case, with the default
//! budget) in an optimised build or with NETDECODE_SYNFLOOD=1000000; a
//! debug build reads 100,000 with an 8 MB budget by default, which tests
//! the same bound in a tenth of the time. Peak memory is measured with
//! GNU time (`/usr/bin/time -v`, Debian package `time`, which
//! `scripts/ensure-deps.sh --test` installs); without it the test says so
//! and checks the counts only.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

/// A capture of `n` SYN-only connections, each from its own address
/// (10.x.y.z) and port to 192.0.2.1:80, 100 µs apart: Ethernet, IPv4, TCP,
/// 54 bytes a frame.
fn syn_flood(path: &Path, n: u32) {
    syns(path, n, n);
}

/// `packets` SYNs, 100 µs apart, the i-th of connection `i % conns` (so
/// with one connection, its SYN retransmitted `packets` times).
fn syns(path: &Path, conns: u32, packets: u32) {
    let n = packets;
    let mut frame: Vec<u8> = vec![2, 0, 0, 0, 0, 0xb, 2, 0, 0, 0, 0, 0xa, 0x08, 0x00];
    frame.extend_from_slice(&[
        0x45, 0, 0, 40, 0, 0, 0, 0, 64, 6, 0, 0, 10, 0, 0, 0, 192, 0, 2, 1,
    ]);
    frame.extend_from_slice(&[
        0, 0, 0, 80, 0, 0, 0, 0, 0, 0, 0, 0, 0x50, 0x02, 0xfa, 0xf0, 0, 0, 0, 0,
    ]);
    let mut out = Vec::with_capacity(24 + n as usize * (16 + frame.len()));
    for v in [0xa1b2_c3d4u32, 0x0004_0002, 0, 0, 65535, 1] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for i in 0..n {
        let c = i % conns;
        let f = &mut frame;
        f[18..20].copy_from_slice(&(i as u16).to_be_bytes()); // IP id
        f[27..30].copy_from_slice(&c.to_be_bytes()[1..]); // 10.x.y.z
        f[24..26].copy_from_slice(&[0, 0]);
        let sum = f[14..34]
            .chunks(2)
            .map(|w| u32::from(u16::from_be_bytes([w[0], w[1]])))
            .sum::<u32>();
        let sum = (sum & 0xffff) + (sum >> 16);
        let sum = !((sum & 0xffff) + (sum >> 16)) as u16;
        f[24..26].copy_from_slice(&sum.to_be_bytes());
        f[34..36].copy_from_slice(&(1024 + (c % 60000) as u16).to_be_bytes());
        f[38..42].copy_from_slice(&c.wrapping_mul(7919).to_be_bytes());
        for v in [1_700_000_000 + i / 10_000, (i % 10_000) * 100, 54, 54] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(f);
    }
    std::fs::write(path, out).unwrap();
}

/// Runs netdecode under GNU time: (stdout, stderr without time's report,
/// peak RSS in bytes if measured).
fn measured(args: &[&str]) -> (String, String, Option<u64>) {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("time.txt");
    let time = Path::new("/usr/bin/time");
    let out = if time.exists() {
        Command::new(time)
            .arg("-v")
            .arg("-o")
            .arg(&report)
            .arg(common::bin())
            .args(args)
            .env("TZ", "UTC")
            .output()
            .unwrap()
    } else {
        common::netdecode().args(args).output().unwrap()
    };
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    let rss = std::fs::read_to_string(&report).ok().and_then(|r| {
        r.lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix("Maximum resident set size (kbytes): ")
            })
            .and_then(|k| k.parse::<u64>().ok())
            .map(|k| k * 1024)
    });
    (String::from_utf8(out.stdout).unwrap(), stderr, rss)
}

fn mib(b: u64) -> String {
    format!("{:.1} MiB", b as f64 / (1 << 20) as f64)
}

#[test]
fn syn_flood_stays_within_the_state_budget() {
    let n: u32 = std::env::var("NETDECODE_SYNFLOOD")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if cfg!(debug_assertions) {
            100_000
        } else {
            1_000_000
        });
    // The default budget for the issue's million; 8 MB for a smaller run,
    // so that it is crossed many times over as well.
    let budget: u64 = if n >= 1_000_000 { 64 << 20 } else { 8 << 20 };
    let budget_arg = format!("{}M", budget >> 20);
    let dir = tempfile::tempdir().unwrap();
    let cap = dir.path().join("synflood.pcap");
    let t = Instant::now();
    syn_flood(&cap, n);
    let c = cap.to_str().unwrap();
    // One connection, in as many bytes as the reader's buffer holds (so
    // that the base includes it, as the flood does).
    let small = dir.path().join("one.pcap");
    syns(&small, 1, 20_000);
    let (_, _, base) = measured(&["flows", "-r", small.to_str().unwrap()]);
    // The same for the JSON and --write run: what that mode costs whatever
    // the number of connections (the buffers of the thread that writes
    // the files, when there is a second core) is not connection state.
    let small_dir = dir.path().join("w1");
    let (_, _, base_json) = measured(&[
        "flows",
        "-r",
        small.to_str().unwrap(),
        "--json",
        "--write",
        small_dir.to_str().unwrap(),
    ]);

    // The table: every connection listed, the evictions counted under it.
    let (table, err, rss) = measured(&["flows", "-r", c, "--max-state", &budget_arg]);
    assert_eq!(err, "");
    let rows = table.lines().filter(|l| l.contains(" syn-only ")).count();
    assert_eq!(rows, n as usize);
    let evicted_rows = table
        .lines()
        .filter(|l| l.split_whitespace().nth(10) == Some("evicted"))
        .count();
    let summary = table
        .lines()
        .find(|l| l.contains("state limit (--max-state) reached"))
        .unwrap_or_else(|| {
            panic!(
                "no eviction line: {}",
                &table[table.len().saturating_sub(600)..]
            )
        });
    let counted: u64 = summary
        .split(": ")
        .last()
        .and_then(|s| s.split(' ').next())
        .and_then(|s| s.parse().ok())
        .unwrap();
    assert_eq!(counted, evicted_rows as u64, "{summary}");
    // All but the connections the budget can hold at the end.
    assert!(evicted_rows as u64 > u64::from(n) / 2, "{summary}");
    let peak_state: u64 = table
        .lines()
        .find_map(|l| l.split("connection state: peak ").nth(1))
        .and_then(|s| s.split(' ').next())
        .and_then(|s| s.parse().ok())
        .unwrap();
    assert!(
        peak_state <= budget + 4096,
        "state peak {peak_state} over {budget}"
    );

    // JSON lines and the index: the same evictions, one flag each.
    let out_dir = dir.path().join("w");
    let (json, note, rss_json) = measured(&[
        "flows",
        "-r",
        c,
        "--max-state",
        &budget_arg,
        "--json",
        "--write",
        out_dir.to_str().unwrap(),
    ]);
    let evicted_json = json
        .lines()
        .filter(|l| serde_json::from_str::<Value>(l).unwrap()["evicted"] == Value::Bool(true))
        .count();
    assert_eq!(evicted_json, evicted_rows);
    assert!(
        note.contains(&format!("{evicted_rows} connections evicted")),
        "{note}"
    );
    let index = std::fs::read_to_string(out_dir.join("index.jsonl")).unwrap();
    assert_eq!(index.lines().count(), n as usize);
    assert_eq!(index.matches("\"evicted\":true").count(), evicted_rows);

    // Memory: the process, beyond what it takes for one connection, within
    // the budget plus the table's rows (tens of bytes a connection).
    let took = t.elapsed();
    match (base, base_json, rss, rss_json) {
        (Some(base), Some(base_json), Some(rss), Some(rss_json)) => {
            common::note(&format!(
                "syn flood of {n} connections, --max-state {budget_arg}: peak RSS {} (table), \
                 {} (JSON and --write); one connection: {} (table), {} (JSON and --write); \
                 {took:?}",
                mib(rss),
                mib(rss_json),
                mib(base),
                mib(base_json)
            ));
            let rows_allowance = 96 * u64::from(n) + budget / 2;
            assert!(rss <= base + budget + rows_allowance, "table: {} > {} + {} + rows", mib(rss), mib(base), mib(budget));
            // The state as counted stays within the budget (checked above);
            // the allocator keeps some of what the table freed when it grew
            // (measured: 16 MB over 64 MB with a million connections).
            let slack = budget / 2;
            assert!(
                rss_json <= base_json + budget + slack,
                "JSON: {} > {} + {} + {}",
                mib(rss_json),
                mib(base_json),
                mib(budget),
                mib(slack)
            );
            if n >= 1_000_000 && budget == 64 << 20 {
                assert!(rss < 256 << 20, "the issue's bound: {}", mib(rss));
            }
        }
        _ => common::note("syn flood: /usr/bin/time is not installed (apt-get install time): peak memory not measured"),
    }
    assert!(took < Duration::from_secs(600), "{took:?}");
}
