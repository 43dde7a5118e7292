//! The mutation fuzzer shared by `tests/robustness.rs` (a bounded, seeded
//! run in `scripts/test`) and `examples/fuzz.rs` (as long as asked): fixture
//! packets mutated (bit flips, byte sets, truncations, splices of two
//! packets, length-field edits, insertions and deletions, wrong wire
//! lengths) and run through the decoders, every text mode, the hex dumps,
//! JSON (which must parse) and the flows engine (whose sink checks the
//! stream contract). A failure panics; the caller prints the seed and case.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io;
use std::path::{Path, PathBuf};

use netdecode::app::segment::tcp_segment;
use netdecode::capture::{RawPacket, Timestamp, TsPrecision};
use netdecode::decode::{self, LinkType};
use netdecode::flow::{ConnInfo, ConnSummary, Direction, FlowSink, FlowTable, Gap, Limits};
use netdecode::render::hex::{write_dump, DumpStyle};
use netdecode::render::json::{write_packet, JsonOptions};
use netdecode::render::text::{TextOptions, TextRenderer, TimeFormat};
use netdecode::render::Palette;

/// xorshift64*: deterministic, seedable, no dependency.
pub struct Rng(pub u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        // xorshift never leaves 0.
        Rng(seed ^ 0x6e65_7464_6563_6f64 | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// One packet of the corpus: link type, captured bytes, wire length.
#[derive(Clone, Debug, Default)]
pub struct Seed {
    pub linktype: i32,
    pub data: Vec<u8>,
    pub wire_len: u32,
}

/// Every packet of every pcap/pcapng capture in `dir` (sorted by name).
pub fn corpus(dir: &Path) -> Vec<Seed> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("pcap" | "pcapng")
            )
        })
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let Ok(mut cap) = pcap::Capture::from_file_with_precision(&f, pcap::Precision::Nano) else {
            continue;
        };
        let lt = cap.get_datalink().0;
        while let Ok(p) = cap.next_packet() {
            out.push(Seed {
                linktype: lt,
                data: p.data.to_vec(),
                wire_len: p.header.len,
            });
        }
    }
    out
}

/// The text renderers of every mode: -v levels 0-3, with and without -e and -q.
pub fn renderers() -> Vec<TextRenderer> {
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

/// Decodes and renders one frame every way (text in every mode, hex dumps,
/// JSON that must parse).
pub fn exercise(lt: i32, data: &[u8], wire_len: u32, texts: &mut [TextRenderer]) {
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
        write_dump(&mut buf, style, data);
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

/// Values that break length logic, for length-field edits and byte sets.
const EDGES16: [u16; 10] = [0, 1, 2, 3, 4, 0x7f, 0x80, 0x7fff, 0x8000, 0xffff];

/// Mutates `data` in place (1-4 operators); `donor` is another corpus
/// packet for splices. Returns the wire length to claim.
pub fn mutate(rng: &mut Rng, data: &mut Vec<u8>, wire_len: u32, donor: &[u8]) -> u32 {
    let mut wire = wire_len;
    for _ in 0..1 + rng.below(4) {
        let n = data.len();
        match rng.below(9) {
            // A bit flip.
            0 if n > 0 => {
                let i = rng.below(n);
                data[i] ^= 1 << rng.below(8);
            }
            // A byte set to an edge or random value.
            1 if n > 0 => {
                let i = rng.below(n);
                data[i] = match rng.below(4) {
                    0 => 0,
                    1 => 0xff,
                    2 => 0x80,
                    _ => rng.next() as u8,
                };
            }
            // A truncation.
            2 => data.truncate(rng.below(n + 1)),
            // A splice: our head, the donor's tail from any offset.
            3 => {
                let at = rng.below(n + 1);
                let from = rng.below(donor.len() + 1);
                data.truncate(at);
                data.extend_from_slice(&donor[from..]);
            }
            // A length-field edit: a big-endian u16 set to an edge, to a
            // value near the packet's length, or nudged by a little.
            4 if n >= 2 => {
                let i = rng.below(n - 1);
                let old = u16::from_be_bytes([data[i], data[i + 1]]);
                let v = match rng.below(3) {
                    0 => EDGES16[rng.below(EDGES16.len())],
                    1 => (n - i) as u16 ^ (rng.below(8) as u16),
                    _ => old.wrapping_add(rng.below(9) as u16).wrapping_sub(4),
                };
                data[i..i + 2].copy_from_slice(&v.to_be_bytes());
            }
            // Insert random bytes.
            5 => {
                let at = rng.below(n + 1);
                let k = 1 + rng.below(8);
                for _ in 0..k {
                    data.insert(at, rng.next() as u8);
                }
            }
            // Delete a run.
            6 if n > 0 => {
                let at = rng.below(n);
                let k = 1 + rng.below((n - at).min(16));
                data.drain(at..at + k);
            }
            // Repeat a chunk (a nested header twice, a stack grown).
            7 if n > 0 => {
                let at = rng.below(n);
                let k = 1 + rng.below((n - at).min(32));
                let chunk = data[at..at + k].to_vec();
                for _ in 0..1 + rng.below(4) {
                    data.splice(at..at, chunk.iter().copied());
                }
            }
            // A wrong wire length.
            8 => {
                wire = match rng.below(3) {
                    0 => rng.next() as u32,
                    1 => data.len() as u32,
                    _ => (data.len() as u32).saturating_sub(rng.below(64) as u32),
                }
            }
            _ => {}
        }
    }
    wire
}

/// A sink that checks the flows engine's contract: per connection and
/// direction, data and gaps follow on from offset 0 without holes or
/// overlaps; `opened` before anything and `closed` once.
#[derive(Default)]
pub struct CheckSink {
    open: std::collections::HashMap<u64, [u64; 2]>,
    pub closed: u64,
}

impl CheckSink {
    fn next(&mut self, conn: &ConnInfo, dir: Direction) -> &mut u64 {
        let o = self
            .open
            .get_mut(&conn.id)
            .unwrap_or_else(|| panic!("data for connection {} before opened", conn.id));
        &mut o[usize::from(dir != Direction::ClientToServer)]
    }
}

impl FlowSink for CheckSink {
    type Error = io::Error;
    fn opened(&mut self, conn: &ConnInfo) -> io::Result<()> {
        assert!(
            self.open.insert(conn.id, [0, 0]).is_none(),
            "connection {} opened twice",
            conn.id
        );
        Ok(())
    }
    fn data(
        &mut self,
        conn: &ConnInfo,
        dir: Direction,
        offset: u64,
        bytes: &[u8],
    ) -> io::Result<()> {
        let next = self.next(conn, dir);
        assert_eq!(
            offset, *next,
            "data offset of connection {} {dir:?}",
            conn.id
        );
        *next += bytes.len() as u64;
        Ok(())
    }
    fn gap(&mut self, conn: &ConnInfo, dir: Direction, gap: &Gap) -> io::Result<()> {
        let next = self.next(conn, dir);
        assert_eq!(
            gap.offset, *next,
            "gap offset of connection {} {dir:?}",
            conn.id
        );
        *next += gap.len;
        Ok(())
    }
    fn closed(&mut self, summary: &ConnSummary) -> io::Result<()> {
        assert!(
            self.open.remove(&summary.id).is_some(),
            "connection closed but not open"
        );
        self.closed += 1;
        Ok(())
    }
}

/// What a run did.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub cases: u64,
    pub segments: u64,
    pub connections: u64,
}

/// The fuzzer: a corpus, the renderers, and a flow table fed with every
/// mutated packet that decodes to a TCP segment (a fresh table every
/// `TABLE_EVERY` cases, alternately with the default limits and with tiny
/// ones so that evictions and buffer limits are exercised).
pub struct Fuzzer {
    corpus: Vec<Seed>,
    texts: Vec<TextRenderer>,
    table: FlowTable,
    sink: CheckSink,
    tables: u64,
    pub counts: Counts,
}

const TABLE_EVERY: u64 = 512;

fn limits(k: u64) -> Limits {
    if k % 2 == 0 {
        Limits::default()
    } else {
        Limits {
            max_conn_buffered: 64,
            max_total_buffered: 256,
            retain_per_direction: 16,
            max_state: 8 << 10,
        }
    }
}

impl Fuzzer {
    pub fn new(corpus: Vec<Seed>) -> Fuzzer {
        assert!(!corpus.is_empty(), "empty corpus");
        Fuzzer {
            corpus,
            texts: renderers(),
            table: FlowTable::new(limits(0)),
            sink: CheckSink::default(),
            tables: 0,
            counts: Counts::default(),
        }
    }

    /// The case `rng` draws next: a corpus packet (its index), mutated.
    pub fn case(&self, rng: &mut Rng) -> (usize, Seed) {
        let i = rng.below(self.corpus.len());
        let donor = rng.below(self.corpus.len());
        let mut s = self.corpus[i].clone();
        s.wire_len = mutate(rng, &mut s.data, s.wire_len, &self.corpus[donor].data);
        (i, s)
    }

    /// Runs one case through everything; panics on a failure.
    pub fn run(&mut self, case: &Seed) {
        exercise(case.linktype, &case.data, case.wire_len, &mut self.texts);
        let d = decode::decode(LinkType(case.linktype), &case.data, case.wire_len);
        let ts = Timestamp {
            secs: self.counts.cases as i64,
            nanos: 0,
        };
        if let Ok(seg) = tcp_segment(&d, ts) {
            self.table
                .push(&seg, &mut self.sink)
                .expect("sink never fails");
            self.counts.segments += 1;
        }
        self.counts.cases += 1;
        if self.counts.cases % TABLE_EVERY == 0 {
            self.flush();
        }
    }

    /// Finishes the current flow table (every connection reported) and
    /// starts a new one.
    pub fn flush(&mut self) {
        self.tables += 1;
        let t = std::mem::replace(&mut self.table, FlowTable::new(limits(self.tables)));
        t.finish(&mut self.sink).expect("sink never fails");
        assert!(
            self.sink.open.is_empty(),
            "{} connections not closed by finish",
            self.sink.open.len()
        );
        self.counts.connections = self.sink.closed;
    }
}
