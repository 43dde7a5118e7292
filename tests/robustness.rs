//! The decoders' contract, checked on real bytes: for every packet of every
//! fixture, decoding each truncation (every length from 0 to the full
//! size) and seeded byte mutations never panics, every renderer runs on the
//! result, and the JSON stays valid. Run in debug builds so that arithmetic
//! overflow panics too.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use netdecode::capture::{RawPacket, Timestamp, TsPrecision};
use netdecode::decode::{self, LinkType};
use netdecode::render::hex::{write_dump, DumpStyle};
use netdecode::render::json::{write_packet, JsonOptions};
use netdecode::render::text::{TextOptions, TextRenderer, TimeFormat};
use netdecode::render::Palette;

fn renderers() -> Vec<TextRenderer> {
    let mut v = Vec::new();
    for verbose in 0..=3 {
        for link_header in [false, true] {
            for quiet in [false, true] {
                let o = TextOptions {
                    verbose,
                    link_header,
                    quiet,
                    time: TimeFormat::DeltaPrevious,
                    ..TextOptions::default()
                };
                v.push(TextRenderer::new(o, Palette::new(verbose == 1)));
            }
        }
    }
    v
}

/// Decodes and renders one frame every way; returns the JSON line.
fn exercise(lt: i32, data: &[u8], wire_len: u32, texts: &mut [TextRenderer]) {
    let pkt = RawPacket {
        ts: Timestamp { secs: 1, nanos: 2 },
        data,
        wire_len,
    };
    let d = decode::decode(LinkType(lt), data, wire_len);
    let mut buf = Vec::new();
    for r in texts.iter_mut() {
        buf.clear();
        r.render(&pkt, &d, &mut buf);
        std::str::from_utf8(&buf).expect("text output is UTF-8");
    }
    for style in [DumpStyle::Hex, DumpStyle::HexAscii, DumpStyle::Ascii] {
        buf.clear();
        write_dump(&mut buf, style, data).expect("dump into a Vec");
    }
    buf.clear();
    let opts = JsonOptions {
        precision: TsPrecision::Micro,
        linktype: lt,
    };
    let cid = decode::community_id::of_packet(&d, 0);
    write_packet(&mut buf, 1, &pkt, &d, cid.as_ref(), &opts);
    assert_eq!(buf.last(), Some(&b'\n'));
    let v: serde_json::Value = serde_json::from_slice(&buf)
        .unwrap_or_else(|e| panic!("invalid JSON ({e}): {}", String::from_utf8_lossy(&buf)));
    assert_eq!(v["caplen"], serde_json::json!(data.len()));
    assert!(v["layers"].is_array());
}

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

/// xorshift64*: deterministic, seedable, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
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
