//! The decoders' contract, checked on real bytes: for every packet of every
//! fixture, decoding each truncation (every length from 0 to the full
//! size) and seeded byte mutations never panics, every renderer runs on the
//! result, and the JSON stays valid; then a bounded run of the mutation
//! fuzzer (`fuzzcore`, shared with `examples/fuzz.rs`) over the decoders,
//! renderers and the flows engine. Run in debug builds so that arithmetic
//! overflow panics too.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

#[path = "fuzzcore/mod.rs"]
mod fuzzcore;

use fuzzcore::{exercise, renderers, Fuzzer, Rng};

#[test]
fn every_truncation_of_every_fixture_packet() {
    let mut texts = renderers();
    let mut packets = 0;
    for f in common::fixtures_and_extra() {
        let (lt, pkts) = common::read_packets(&f);
        for p in &pkts {
            for n in 0..=p.data.len() {
                exercise(lt, &p.data[..n], p.wire_len, &mut texts);
            }
            packets += 1;
        }
    }
    assert!(packets > 0, "no fixture packets");
}

#[test]
fn seeded_mutations_of_every_fixture_packet() {
    let mut texts = renderers();
    let mut rng = Rng(0x6e65_7464_6563_6f64);
    for f in common::fixtures_and_extra() {
        let (lt, pkts) = common::read_packets(&f);
        for p in &pkts {
            for _ in 0..64 {
                let mut m = p.data.clone();
                if m.is_empty() {
                    break;
                }
                let flips = 1 + (rng.next() % 4) as usize;
                for _ in 0..flips {
                    let i = (rng.next() % m.len() as u64) as usize;
                    // Favour the values that break length logic.
                    m[i] = match rng.next() % 4 {
                        0 => 0,
                        1 => 0xff,
                        2 => m[i] ^ (1 << (rng.next() % 8)),
                        _ => rng.next() as u8,
                    };
                }
                let cut = (rng.next() % (m.len() as u64 + 1)) as usize;
                let wire = if rng.next() % 8 == 0 {
                    rng.next() as u32
                } else {
                    p.wire_len
                };
                exercise(lt, &m[..cut], wire, &mut texts);
                exercise(lt, &m, wire, &mut texts);
            }
        }
    }
}

#[test]
fn arbitrary_bytes_on_every_link_type() {
    let mut texts = renderers();
    let mut rng = Rng(42);
    for lt in [0, 1, 12, 101, 108, 113, 228, 276, 999] {
        for len in 0..200usize {
            let data: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            exercise(lt, &data, len as u32, &mut texts);
        }
    }
}

/// A bounded, seeded run of the fuzzer `examples/fuzz.rs` runs for as long
/// as asked: mutated fixture packets through every decoder and renderer
/// and the flows engine. `NETDECODE_FUZZ_CASES` and `NETDECODE_FUZZ_SEED`
/// change the budget and the seed.
#[test]
fn bounded_fuzz_run() {
    let cases: u64 = std::env::var("NETDECODE_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4000);
    let seed: u64 = std::env::var("NETDECODE_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12);
    let mut fz = Fuzzer::new(fuzzcore::corpus(&common::fixtures_dir()));
    let mut rng = Rng::new(seed);
    for _ in 0..cases {
        let (_, case) = fz.case(&mut rng);
        fz.run(&case);
    }
    fz.flush();
    assert_eq!(fz.counts.cases, cases);
    assert!(
        fz.counts.segments > 0,
        "no mutated packet reached the flows engine"
    );
    assert!(fz.counts.connections > 0, "no connection was reported");
}
