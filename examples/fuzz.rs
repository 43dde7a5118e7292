//! The mutation fuzzer, for as long as asked (cargo fuzz needs a nightly
//! toolchain; this runs on stable). Mutates the packets of fixtures/ (or of
//! the captures in DIR) and runs each case through every decoder, the text
//! renderer in every mode, the hex dumps, JSON (which must parse) and the
//! flows engine; see `tests/fuzzcore/mod.rs`, which `tests/robustness.rs`
//! runs for a bounded budget in `scripts/test`.
//!
//! ```text
//! cargo run --example fuzz -- SECONDS [SEED] [DIR]
//! bench/fuzz.sh SECONDS [SEED]
//! ```
//!
//! Build it in debug (the default) so that arithmetic overflow panics too.
//! On a failure it prints the seed and case number, writes the case to
//! `fuzz-crash-SEED-N.pcap` and exits 1; the same seed replays the run.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/fuzzcore/mod.rs"]
mod fuzzcore;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use fuzzcore::{Fuzzer, Rng, Seed};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: fuzz SECONDS [SEED] [DIR]";
    let secs: u64 = args
        .first()
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("{usage}"));
    let seed: u64 = match args.get(1) {
        Some(s) => s.parse().unwrap_or_else(|_| panic!("{usage}")),
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(1),
    };
    let dir = args
        .get(2)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures"));
    let corpus = fuzzcore::corpus(&dir);
    eprintln!(
        "fuzz: seed {seed}, {} packets from {}, {secs} s",
        corpus.len(),
        dir.display()
    );
    // The default hook would print every caught panic; print ours once.
    std::panic::set_hook(Box::new(|_| {}));
    let mut fz = Fuzzer::new(corpus);
    let mut rng = Rng::new(seed);
    let start = Instant::now();
    let budget = Duration::from_secs(secs);
    let mut last = Instant::now();
    while start.elapsed() < budget {
        let (from, case) = fz.case(&mut rng);
        let n = fz.counts.cases;
        if let Err(e) = catch_unwind(AssertUnwindSafe(|| fz.run(&case))) {
            fail(seed, n, from, &case, e);
        }
        if last.elapsed() >= Duration::from_secs(10) {
            last = Instant::now();
            eprintln!(
                "fuzz: {:>4} s  {} cases  {} TCP segments  {} connections",
                start.elapsed().as_secs(),
                fz.counts.cases,
                fz.counts.segments,
                fz.counts.connections
            );
        }
    }
    if let Err(e) = catch_unwind(AssertUnwindSafe(|| fz.flush())) {
        fail(seed, fz.counts.cases, 0, &Seed::default(), e);
    }
    println!(
        "fuzz: seed {seed}: {} cases in {:.0} s ({} TCP segments, {} connections), no failure",
        fz.counts.cases,
        start.elapsed().as_secs_f64(),
        fz.counts.segments,
        fz.counts.connections
    );
}

fn fail(seed: u64, n: u64, from: usize, case: &Seed, e: Box<dyn std::any::Any + Send>) -> ! {
    let msg = e
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default();
    let path = format!("fuzz-crash-{seed}-{n}.pcap");
    match write_pcap(&path, case) {
        Ok(()) => eprintln!("fuzz: case written to {path}"),
        Err(err) => eprintln!("fuzz: cannot write {path}: {err}"),
    }
    eprintln!(
        "fuzz: FAILED at case {n} (seed {seed}, corpus packet {from}, link type {}, {} bytes, wire length {}): {msg}",
        case.linktype,
        case.data.len(),
        case.wire_len
    );
    std::process::exit(1);
}

/// A one-packet pcap of the case (microsecond time stamps).
fn write_pcap(path: &str, case: &Seed) -> std::io::Result<()> {
    let mut b = Vec::new();
    b.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
    b.extend_from_slice(&2u16.to_le_bytes());
    b.extend_from_slice(&4u16.to_le_bytes());
    b.extend_from_slice(&0i32.to_le_bytes());
    b.extend_from_slice(&0u32.to_le_bytes());
    b.extend_from_slice(&262_144u32.to_le_bytes());
    b.extend_from_slice(&(case.linktype as u32).to_le_bytes());
    b.extend_from_slice(&0u32.to_le_bytes());
    b.extend_from_slice(&0u32.to_le_bytes());
    b.extend_from_slice(&(case.data.len() as u32).to_le_bytes());
    b.extend_from_slice(&case.wire_len.to_le_bytes());
    b.extend_from_slice(&case.data);
    std::fs::write(path, b)
}
