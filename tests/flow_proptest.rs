//! Property tests of the TCP reassembler, through its public API: random
//! byte streams, both directions of several connections at once, cut into
//! random segments, duplicated, partly overlapped, shuffled, with random
//! ISNs (often close to 2^32, so that sequence numbers wrap).

// A test crate: a failed unwrap is a failed test (clippy.toml allows it in
// `#[test]` functions, not in this file's helpers).
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::io;
use std::net::SocketAddr;

use netdecode::flow::{
    Began, ConnInfo, ConnSummary, DirSummary, Direction, Ended, FlowSink, FlowTable, Gap, GapCause,
    Limits, Segment, TcpFlags, Timestamp,
};
use proptest::prelude::*;

/// SplitMix64: the shuffles and cuts are a function of one seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 if `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Each direction's stream as the sink saw it: `None` for bytes in gaps.
#[derive(Default)]
struct Recorder {
    streams: BTreeMap<(u64, Direction), Vec<Option<u8>>>,
    gaps: BTreeMap<(u64, Direction), Vec<Gap>>,
    closed: BTreeMap<u64, ConnSummary>,
    clients: BTreeMap<u64, SocketAddr>,
}

impl FlowSink for Recorder {
    type Error = io::Error;
    fn opened(&mut self, conn: &ConnInfo) -> io::Result<()> {
        self.clients.insert(conn.id, conn.client);
        Ok(())
    }

    fn data(
        &mut self,
        conn: &ConnInfo,
        dir: Direction,
        offset: u64,
        bytes: &[u8],
    ) -> io::Result<()> {
        let s = self.streams.entry((conn.id, dir)).or_default();
        assert_eq!(offset, s.len() as u64, "data must follow on");
        assert!(!bytes.is_empty());
        s.extend(bytes.iter().map(|&b| Some(b)));
        Ok(())
    }

    fn gap(&mut self, conn: &ConnInfo, dir: Direction, gap: &Gap) -> io::Result<()> {
        let s = self.streams.entry((conn.id, dir)).or_default();
        assert_eq!(gap.offset, s.len() as u64, "gaps must follow on");
        assert!(gap.len > 0);
        s.resize(s.len() + gap.len as usize, None);
        self.gaps.entry((conn.id, dir)).or_default().push(*gap);
        Ok(())
    }

    fn closed(&mut self, summary: &ConnSummary) -> io::Result<()> {
        assert!(
            self.closed.insert(summary.id, summary.clone()).is_none(),
            "closed twice"
        );
        Ok(())
    }
}

/// One connection to simulate.
#[derive(Clone, Debug)]
struct ConnPlan {
    isn: [u32; 2],
    data: [Vec<u8>; 2],
}

fn isn() -> impl Strategy<Value = u32> {
    prop_oneof![
        any::<u32>(),
        (u32::MAX - 4096..=u32::MAX),
        Just(u32::MAX),
        Just(0u32),
    ]
}

fn conn_plan(max_len: usize) -> impl Strategy<Value = ConnPlan> {
    (
        isn(),
        isn(),
        prop::collection::vec(any::<u8>(), 0..max_len),
        prop::collection::vec(any::<u8>(), 0..max_len),
    )
        .prop_map(|(c, s, up, down)| ConnPlan {
            isn: [c, s],
            data: [up, down],
        })
}

fn endpoints(conn: usize) -> [SocketAddr; 2] {
    [
        SocketAddr::from(([10, 0, 0, 1], 40000 + conn as u16)),
        SocketAddr::from(([10, 0, 0, 2], 443)),
    ]
}

/// A segment of `conn`, direction `d` (0 = client to server).
fn segment<'a>(
    conn: usize,
    d: usize,
    seq: u32,
    ack: u32,
    flags: u16,
    payload: &'a [u8],
) -> Segment<'a> {
    let ends = endpoints(conn);
    Segment {
        ts: Timestamp::default(),
        src: ends[d],
        dst: ends[1 - d],
        seq,
        ack,
        flags: TcpFlags(flags),
        window: 65535,
        payload,
        payload_len: payload.len() as u32,
        scope: Default::default(),
    }
}

/// Byte ranges covering `0..len` in random pieces, some sent twice, some
/// overlapping others.
fn cut(len: usize, max_seg: usize, rng: &mut Rng) -> Vec<(usize, usize)> {
    let mut pieces = Vec::new();
    let mut at = 0;
    while at < len {
        let end = (at + 1 + rng.below(max_seg)).min(len);
        pieces.push((at, end));
        at = end;
    }
    for _ in 0..rng.below(pieces.len() / 3 + 1) {
        let i = rng.below(pieces.len());
        pieces.push(pieces[i]);
    }
    if len > 0 {
        for _ in 0..rng.below(6) {
            let a = rng.below(len);
            let b = (a + 1 + rng.below(2 * max_seg)).min(len);
            pieces.push((a, b));
        }
    }
    pieces
}

const ACK: u16 = TcpFlags::ACK;
const FIN: u16 = TcpFlags::FIN;
const SYN: u16 = TcpFlags::SYN;

/// Every segment of `conns`: the handshakes, then the data and FINs of all
/// connections shuffled together, then the ACKs of the FINs. `cut_pct` % of
/// the data segments are cut short, as by a snaplen: their cut byte ranges
/// are put in `cuts` as (connection, direction, from, to).
fn segments<'a>(
    conns: &'a [ConnPlan],
    max_seg: usize,
    seed: u64,
    cut_pct: usize,
    cuts: &mut Vec<(usize, usize, usize, usize)>,
) -> Vec<Segment<'a>> {
    let mut rng = Rng(seed);
    let mut head = Vec::new();
    let mut body = Vec::new();
    let mut tail = Vec::new();
    for (i, plan) in conns.iter().enumerate() {
        let [ci, si] = plan.isn;
        head.push(segment(i, 0, ci, 0, SYN, &[]));
        head.push(segment(i, 1, si, ci.wrapping_add(1), SYN | ACK, &[]));
        head.push(segment(
            i,
            0,
            ci.wrapping_add(1),
            si.wrapping_add(1),
            ACK,
            &[],
        ));
        for d in 0..2 {
            let data = &plan.data[d];
            let base = plan.isn[d].wrapping_add(1);
            let peer_base = plan.isn[1 - d].wrapping_add(1);
            let peer_len = plan.data[1 - d].len();
            for (a, b) in cut(data.len(), max_seg, &mut rng) {
                // Acknowledging some of the peer's data, never its FIN.
                let ack = peer_base.wrapping_add(rng.below(peer_len + 1) as u32);
                let mut seg = segment(i, d, base.wrapping_add(a as u32), ack, ACK, &data[a..b]);
                if rng.below(100) < cut_pct {
                    let captured = a + rng.below(b - a);
                    seg.payload = &data[a..captured];
                    cuts.push((i, d, captured, b));
                }
                body.push(seg);
            }
            let fin_seq = base.wrapping_add(data.len() as u32);
            body.push(segment(i, d, fin_seq, peer_base, ACK | FIN, &[]));
            let peer_fin = peer_base.wrapping_add(peer_len as u32);
            tail.push(segment(
                i,
                d,
                fin_seq.wrapping_add(1),
                peer_fin.wrapping_add(1),
                ACK,
                &[],
            ));
        }
    }
    // Fisher-Yates.
    for i in (1..body.len()).rev() {
        body.swap(i, rng.below(i + 1));
    }
    let mut all = head;
    all.extend(body);
    all.extend(tail);
    for (n, seg) in all.iter_mut().enumerate() {
        seg.ts = Timestamp::new(n as i64 / 1000, (n % 1000) as u32 * 1_000_000);
    }
    all
}

/// Every captured payload byte is accounted for exactly once.
fn assert_accounted(d: &DirSummary) {
    assert_eq!(
        d.bytes,
        d.stream_bytes - d.missing_bytes
            + d.retransmitted_bytes
            + d.late_bytes
            + d.before_start_bytes
            + d.probe_bytes,
        "{d:?}"
    );
}

/// Pushes everything; checks that each connection closed on its last ACK.
fn run(conns: &[ConnPlan], segs: &[Segment<'_>], limits: Limits) -> Recorder {
    let mut table = FlowTable::new(limits);
    let mut rec = Recorder::default();
    for seg in segs {
        table.push(seg, &mut rec).unwrap();
        assert!(
            table.buffered_bytes() <= limits.max_total_buffered,
            "over the total limit"
        );
    }
    assert_eq!(table.open_connections(), 0, "all closed by their last ACKs");
    assert_eq!(table.buffered_bytes(), 0);
    let stats = table.finish(&mut rec).unwrap();
    assert_eq!(stats.connections, conns.len() as u64);
    assert_eq!(stats.late_packets, 0);
    assert_eq!(rec.closed.len(), conns.len());
    rec
}

proptest! {
    // 256 cases each; PROPTEST_CASES=n for more.
    /// With room enough, every stream comes out exactly as it went in.
    #[test]
    fn shuffled_duplicated_overlapping_segments_reassemble_exactly(
        conns in prop::collection::vec(conn_plan(3000), 1..4),
        max_seg in 1usize..400,
        seed in any::<u64>(),
    ) {
        let segs = segments(&conns, max_seg, seed, 0, &mut Vec::new());
        let rec = run(&conns, &segs, Limits::default());
        for (i, plan) in conns.iter().enumerate() {
            let id = rec.clients.iter().find(|(_, a)| **a == endpoints(i)[0]).map(|(id, _)| *id).unwrap();
            let sum = &rec.closed[&id];
            prop_assert_eq!(sum.began, Began::Handshake);
            prop_assert_eq!(sum.ended, Ended::FinBoth);
            for (d, dir) in Direction::BOTH.into_iter().enumerate() {
                let got: Vec<u8> = rec.streams.get(&(id, dir)).map_or(Vec::new(), |s| s.iter().map(|b| b.unwrap()).collect());
                prop_assert_eq!(&got, &plan.data[d], "conn {} dir {:?}", i, dir);
                let ds = sum.dir(dir);
                prop_assert_eq!(ds.stream_bytes, plan.data[d].len() as u64);
                prop_assert_eq!(ds.missing_bytes, 0);
                prop_assert!(ds.gaps.is_empty());
                prop_assert_eq!(ds.conflicts, 0);
                prop_assert_eq!(ds.isn, Some(plan.isn[d]));
                assert_accounted(ds);
            }
        }
    }

    /// With tight limits, data is forced out past holes: the holes are
    /// counted gaps, every delivered byte is the original one, and every
    /// byte received is accounted for.
    #[test]
    fn limits_force_out_counted_gaps_never_wrong_or_lost_bytes(
        conns in prop::collection::vec(conn_plan(2000), 1..4),
        max_seg in 1usize..300,
        seed in any::<u64>(),
        conn_limit in 0usize..1500,
        total_limit in 0usize..3000,
        retain in 0usize..600,
    ) {
        let limits = Limits {
            max_conn_buffered: conn_limit,
            max_total_buffered: total_limit,
            retain_per_direction: retain,
            ..Limits::default()
        };
        let segs = segments(&conns, max_seg, seed, 0, &mut Vec::new());
        let rec = run(&conns, &segs, limits);
        for (i, plan) in conns.iter().enumerate() {
            let id = rec.clients.iter().find(|(_, a)| **a == endpoints(i)[0]).map(|(id, _)| *id).unwrap();
            let sum = &rec.closed[&id];
            for (d, dir) in Direction::BOTH.into_iter().enumerate() {
                let got = rec.streams.get(&(id, dir)).cloned().unwrap_or_default();
                prop_assert_eq!(got.len(), plan.data[d].len());
                for (off, (g, want)) in got.iter().zip(&plan.data[d]).enumerate() {
                    if let Some(g) = g {
                        prop_assert_eq!(g, want, "conn {} dir {:?} offset {}", i, dir, off);
                    }
                }
                let ds = sum.dir(dir);
                let gaps = rec.gaps.get(&(id, dir)).cloned().unwrap_or_default();
                let missing: u64 = gaps.iter().map(|g| g.len).sum();
                prop_assert_eq!(ds.missing_bytes, missing);
                prop_assert_eq!(got.iter().filter(|b| b.is_none()).count() as u64, missing);
                // Everything arrived before the close: only limits made gaps.
                prop_assert!(gaps.iter().all(|g| g.cause == GapCause::Limit));
                prop_assert_eq!(ds.limit_gap_bytes, missing);
                prop_assert_eq!(ds.conflicts, 0);
                assert_accounted(ds);
            }
        }
    }

    /// Segments cut short by the snaplen: the bytes never captured are
    /// gaps, every delivered byte is the original one, nothing is invented.
    #[test]
    fn bytes_cut_by_the_snaplen_are_gaps_never_invented(
        conns in prop::collection::vec(conn_plan(2000), 1..4),
        max_seg in 1usize..300,
        seed in any::<u64>(),
        cut_pct in 0usize..100,
    ) {
        let mut cuts = Vec::new();
        let segs = segments(&conns, max_seg, seed, cut_pct, &mut cuts);
        let rec = run(&conns, &segs, Limits::default());
        for (i, plan) in conns.iter().enumerate() {
            let id = rec.clients.iter().find(|(_, a)| **a == endpoints(i)[0]).map(|(id, _)| *id).unwrap();
            let sum = &rec.closed[&id];
            for (d, dir) in Direction::BOTH.into_iter().enumerate() {
                let got = rec.streams.get(&(id, dir)).cloned().unwrap_or_default();
                prop_assert_eq!(got.len(), plan.data[d].len());
                for (off, (g, want)) in got.iter().zip(&plan.data[d]).enumerate() {
                    match g {
                        Some(g) => prop_assert_eq!(g, want, "conn {} dir {:?} offset {}", i, dir, off),
                        None => prop_assert!(
                            cuts.iter().any(|&(ci, cd, a, b)| ci == i && cd == d && (a..b).contains(&off)),
                            "conn {} dir {:?}: offset {} is a gap but was never cut", i, dir, off
                        ),
                    }
                }
                let gaps = rec.gaps.get(&(id, dir)).cloned().unwrap_or_default();
                prop_assert!(gaps.iter().all(|g| g.cause == GapCause::Snaplen));
                prop_assert_eq!(sum.dir(dir).missing_bytes, got.iter().filter(|b| b.is_none()).count() as u64);
                prop_assert_eq!(sum.dir(dir).conflicts, 0);
            }
        }
    }
}
