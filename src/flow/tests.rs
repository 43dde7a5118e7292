//! Connection-level tests: one per correctness case of the reassembly issue.
//! The segment builders are `pub(crate)` for the tests of the sinks in
//! `render::flows`.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use super::*;

pub(crate) const FIN: u16 = TcpFlags::FIN;
pub(crate) const SYN: u16 = TcpFlags::SYN;
pub(crate) const RST: u16 = TcpFlags::RST;
pub(crate) const PSH: u16 = TcpFlags::PSH;
pub(crate) const ACK: u16 = TcpFlags::ACK;

pub(crate) const C2S: Direction = Direction::ClientToServer;
pub(crate) const S2C: Direction = Direction::ServerToClient;

pub(crate) fn client() -> SocketAddr {
    "10.0.0.1:40000".parse().unwrap()
}

pub(crate) fn server() -> SocketAddr {
    "10.0.0.2:80".parse().unwrap()
}

/// A segment from the client (`from_client`) or the server.
fn seg(from_client: bool, seq: u32, ack: u32, flags: u16, payload: &[u8]) -> Segment<'_> {
    let (src, dst) = if from_client {
        (client(), server())
    } else {
        (server(), client())
    };
    Segment {
        ts: Timestamp::default(),
        src,
        dst,
        seq,
        ack,
        flags: TcpFlags(flags),
        window: 1000,
        payload,
        payload_len: payload.len() as u32,
        scope: Default::default(),
    }
}

pub(crate) fn c<'a>(seq: u32, ack: u32, flags: u16, payload: &'a [u8]) -> Segment<'a> {
    seg(true, seq, ack, flags, payload)
}

pub(crate) fn s<'a>(seq: u32, ack: u32, flags: u16, payload: &'a [u8]) -> Segment<'a> {
    seg(false, seq, ack, flags, payload)
}

fn with_window(seg: Segment<'_>, window: u16) -> Segment<'_> {
    Segment { window, ..seg }
}

fn at(seg: Segment<'_>, secs: i64, nanos: u32) -> Segment<'_> {
    Segment {
        ts: Timestamp::new(secs, nanos),
        ..seg
    }
}

/// SYN, SYN-ACK, ACK with ISNs `ci` (client) and `si` (server).
pub(crate) fn handshake(ci: u32, si: u32) -> Vec<Segment<'static>> {
    vec![
        c(ci, 0, SYN, b""),
        s(si, ci.wrapping_add(1), SYN | ACK, b""),
        c(ci.wrapping_add(1), si.wrapping_add(1), ACK, b""),
    ]
}

/// One direction's events, checked to follow on from each other.
#[derive(Debug, Default)]
struct Rec {
    bytes: Vec<u8>,
    next: u64,
    gaps: Vec<Gap>,
}

/// Records every event of every connection.
#[derive(Debug, Default)]
struct Recorder {
    streams: BTreeMap<(u64, Direction), Rec>,
    opened: Vec<ConnInfo>,
    closed: Vec<ConnSummary>,
}

impl FlowSink for Recorder {
    type Error = std::convert::Infallible;
    fn opened(&mut self, conn: &ConnInfo) -> Result<(), std::convert::Infallible> {
        assert!(self.opened.iter().all(|o| o.id != conn.id), "opened twice");
        self.opened.push(conn.clone());
        Ok(())
    }

    fn data(
        &mut self,
        conn: &ConnInfo,
        dir: Direction,
        offset: u64,
        bytes: &[u8],
    ) -> Result<(), std::convert::Infallible> {
        assert!(!bytes.is_empty(), "empty data");
        assert!(
            self.closed.iter().all(|s| s.id != conn.id),
            "data after close"
        );
        let rec = self.streams.entry((conn.id, dir)).or_default();
        assert_eq!(offset, rec.next, "data does not follow on");
        rec.bytes.extend_from_slice(bytes);
        rec.next += bytes.len() as u64;
        Ok(())
    }

    fn gap(
        &mut self,
        conn: &ConnInfo,
        dir: Direction,
        gap: &Gap,
    ) -> Result<(), std::convert::Infallible> {
        assert!(gap.len > 0, "empty gap");
        let rec = self.streams.entry((conn.id, dir)).or_default();
        assert_eq!(gap.offset, rec.next, "gap does not follow on");
        rec.gaps.push(*gap);
        rec.next += gap.len;
        Ok(())
    }

    fn closed(&mut self, summary: &ConnSummary) -> Result<(), std::convert::Infallible> {
        assert!(
            self.closed.iter().all(|s| s.id != summary.id),
            "closed twice"
        );
        for dir in Direction::BOTH {
            let next = self.streams.get(&(summary.id, dir)).map_or(0, |r| r.next);
            assert_eq!(summary.dir(dir).stream_bytes, next, "stream_bytes");
        }
        self.closed.push(summary.clone());
        Ok(())
    }
}

impl Recorder {
    fn bytes(&self, id: u64, dir: Direction) -> &[u8] {
        self.streams.get(&(id, dir)).map_or(&[], |r| &r.bytes)
    }

    fn gaps(&self, id: u64, dir: Direction) -> &[Gap] {
        self.streams.get(&(id, dir)).map_or(&[], |r| &r.gaps)
    }

    fn summary(&self, id: u64) -> &ConnSummary {
        self.closed
            .iter()
            .find(|s| s.id == id)
            .expect("connection closed")
    }
}

fn run_with(limits: Limits, segs: &[Segment<'_>]) -> (Recorder, TableStats) {
    let mut table = FlowTable::new(limits);
    let mut rec = Recorder::default();
    for seg in segs {
        table.push(seg, &mut rec).unwrap();
    }
    let stats = table.finish(&mut rec).unwrap();
    (rec, stats)
}

fn run(segs: &[Segment<'_>]) -> (Recorder, TableStats) {
    run_with(Limits::default(), segs)
}

/// Every payload byte received is accounted for exactly once.
fn assert_accounted(d: &DirSummary) {
    assert_eq!(
        d.bytes,
        d.stream_bytes - d.missing_bytes
            + d.retransmitted_bytes
            + d.late_bytes
            + d.before_start_bytes
            + d.probe_bytes,
        "bytes not accounted for: {d:?}"
    );
}

pub(crate) const CI: u32 = 1000;
pub(crate) const SI: u32 = 5000;

#[test]
fn in_order_conversation_closes_when_both_fins_are_acked() {
    let mut segs = handshake(CI, SI);
    segs.extend([
        c(CI + 1, SI + 1, ACK | PSH, b"GET / HTTP/1.0\r\n"),
        c(CI + 17, SI + 1, ACK | PSH, b"\r\n"),
        s(SI + 1, CI + 19, ACK | PSH, b"HTTP/1.0 200 OK\r\n\r\nhi"),
        s(SI + 22, CI + 19, ACK | FIN, b""),
        c(CI + 19, SI + 23, ACK | FIN, b""),
        s(SI + 23, CI + 20, ACK, b""),
    ]);
    let mut table = FlowTable::new(Limits::default());
    let mut rec = Recorder::default();
    for (i, seg) in segs.iter().enumerate() {
        table.push(seg, &mut rec).unwrap();
        // Closed by the last ACK, not before.
        assert_eq!(
            rec.closed.len(),
            usize::from(i == segs.len() - 1),
            "after segment {i}"
        );
    }
    assert_eq!(table.open_connections(), 0);
    assert_eq!(table.buffered_bytes(), 0);
    let stats = table.finish(&mut rec).unwrap();
    assert_eq!(
        (stats.packets, stats.connections, stats.late_packets),
        (9, 1, 0)
    );

    assert_eq!(rec.bytes(0, C2S), b"GET / HTTP/1.0\r\n\r\n");
    assert_eq!(rec.bytes(0, S2C), b"HTTP/1.0 200 OK\r\n\r\nhi");
    let sum = rec.summary(0);
    assert_eq!((sum.client, sum.server), (client(), server()));
    assert_eq!((sum.began, sum.ended), (Began::Handshake, Ended::FinBoth));
    let (up, down) = (&sum.to_server, &sum.to_client);
    assert_eq!((up.packets, up.bytes, up.stream_bytes), (5, 18, 18));
    assert_eq!((down.packets, down.bytes, down.stream_bytes), (4, 21, 21));
    assert_eq!((up.isn, down.isn), (Some(CI), Some(SI)));
    assert!(up.syn && up.fin && !up.rst && down.syn && down.fin && !down.rst);
    for d in [up, down] {
        assert_eq!(
            d.retransmitted_bytes + d.out_of_order_segments + d.conflicts,
            0
        );
        assert!(d.gaps.is_empty());
        assert_accounted(d);
    }
}

#[test]
fn out_of_order_segments_are_put_in_order() {
    let mut segs = handshake(CI, SI);
    segs.extend([
        c(CI + 7, SI + 1, ACK, b"ghi"),
        c(CI + 4, SI + 1, ACK, b"def"),
        c(CI + 1, SI + 1, ACK, b"abc"),
        s(SI + 1, CI + 10, ACK, b"ok"),
    ]);
    let (rec, _) = run(&segs);
    assert_eq!(rec.bytes(0, C2S), b"abcdefghi");
    assert_eq!(rec.bytes(0, S2C), b"ok");
    let up = &rec.summary(0).to_server;
    assert_eq!(up.out_of_order_segments, 2);
    assert_eq!(up.retransmitted_bytes, 0);
    assert_accounted(up);
}

#[test]
fn duplicated_segments_count_as_retransmitted() {
    let mut segs = handshake(CI, SI);
    segs.extend([
        c(CI + 1, SI + 1, ACK, b"abc"),
        c(CI + 1, SI + 1, ACK, b"abc"),
        c(CI + 7, SI + 1, ACK, b"ghi"),
        c(CI + 7, SI + 1, ACK, b"ghi"),
        c(CI + 4, SI + 1, ACK, b"def"),
        c(CI + 4, SI + 1, ACK, b"def"),
    ]);
    let (rec, _) = run(&segs);
    assert_eq!(rec.bytes(0, C2S), b"abcdefghi");
    let up = &rec.summary(0).to_server;
    assert_eq!(up.retransmitted_bytes, 9);
    assert_eq!(up.out_of_order_segments, 1);
    assert_eq!((up.conflicts, up.unverified_bytes), (0, 0));
    assert_accounted(up);
}

#[test]
fn retransmissions_overlapping_earlier_data_partly() {
    let mut segs = handshake(CI, SI);
    segs.extend([
        c(CI + 1, SI + 1, ACK, b"abcdef"),
        // Overlaps delivered data by 3.
        c(CI + 4, SI + 1, ACK, b"defghi"),
        // Ahead of a hole, then overlapping it and the pending piece by 2.
        c(CI + 13, SI + 1, ACK, b"mnop"),
        c(CI + 10, SI + 1, ACK, b"jklmn"),
    ]);
    let (rec, _) = run(&segs);
    assert_eq!(rec.bytes(0, C2S), b"abcdefghijklmnop");
    let up = &rec.summary(0).to_server;
    assert_eq!(up.retransmitted_bytes, 5);
    assert_eq!(up.conflicts, 0);
    assert_accounted(up);
}

#[test]
fn overlaps_that_differ_keep_the_first_data_and_count_conflicts() {
    let mut segs = handshake(CI, SI);
    segs.extend([
        c(CI + 1, SI + 1, ACK, b"abcdef"),
        // Same offsets as delivered data, bytes 2 and 5 differ.
        c(CI + 1, SI + 1, ACK, b"abXdeY"),
        // A piece ahead of a hole, then a segment over it differing in 2.
        c(CI + 11, SI + 1, ACK, b"klmn"),
        c(CI + 7, SI + 1, ACK, b"ghijKLmnop"),
    ]);
    let (rec, _) = run(&segs);
    assert_eq!(rec.bytes(0, C2S), b"abcdefghijklmnop");
    let up = &rec.summary(0).to_server;
    assert_eq!(up.conflicts, 2);
    assert_eq!(up.conflict_bytes, 4);
    assert_eq!(
        up.conflict_ranges,
        vec![Span { offset: 2, len: 4 }, Span { offset: 10, len: 2 }]
    );
    assert_eq!(up.retransmitted_bytes, 10);
    assert_eq!(up.unverified_bytes, 0);
    assert_accounted(up);
}

#[test]
fn retransmitted_bytes_already_acknowledged_are_unverified() {
    let mut segs = handshake(CI, SI);
    segs.extend([
        c(CI + 1, SI + 1, ACK, b"abcdef"),
        // The server acknowledges 4 bytes: those are no longer kept.
        s(SI + 1, CI + 5, ACK, b""),
        c(CI + 1, SI + 1, ACK, b"XbcdeY"),
    ]);
    let (rec, _) = run(&segs);
    assert_eq!(rec.bytes(0, C2S), b"abcdef");
    let up = &rec.summary(0).to_server;
    assert_eq!(up.retransmitted_bytes, 6);
    assert_eq!(up.unverified_bytes, 4);
    // 'Y' at offset 5 was still kept, so that conflict is seen.
    assert_eq!((up.conflicts, up.conflict_bytes), (1, 1));
}

#[test]
fn nothing_retained_means_retransmissions_are_unverified() {
    let limits = Limits {
        retain_per_direction: 0,
        ..Limits::default()
    };
    let mut segs = handshake(CI, SI);
    segs.extend([
        c(CI + 1, SI + 1, ACK, b"abc"),
        c(CI + 1, SI + 1, ACK, b"abX"),
    ]);
    let (rec, _) = run_with(limits, &segs);
    let up = &rec.summary(0).to_server;
    assert_eq!(
        (up.retransmitted_bytes, up.unverified_bytes, up.conflicts),
        (3, 3, 0)
    );
}

#[test]
fn sequence_numbers_wrap_past_2_32() {
    let ci = u32::MAX - 5;
    let si = u32::MAX;
    let mut segs = handshake(ci, si);
    segs.extend([
        // Client data [ci+1, ci+21) crosses the wrap; sent out of order.
        c(ci.wrapping_add(9), si.wrapping_add(1), ACK, b"ijklmnop"),
        c(ci.wrapping_add(1), si.wrapping_add(1), ACK, b"abcdefgh"),
        c(ci.wrapping_add(17), si.wrapping_add(1), ACK, b"qrst"),
        // Server data starts at 0 exactly.
        s(si.wrapping_add(1), ci.wrapping_add(21), ACK, b"0123"),
        s(si.wrapping_add(5), ci.wrapping_add(21), ACK | FIN, b"4567"),
        c(ci.wrapping_add(21), si.wrapping_add(10), ACK | FIN, b""),
        s(si.wrapping_add(10), ci.wrapping_add(22), ACK, b""),
    ]);
    let mut table = FlowTable::new(Limits::default());
    let mut rec = Recorder::default();
    for seg in &segs {
        table.push(seg, &mut rec).unwrap();
    }
    assert_eq!(
        rec.closed.len(),
        1,
        "closed by the last ACK across the wrap"
    );
    assert_eq!(rec.bytes(0, C2S), b"abcdefghijklmnopqrst");
    assert_eq!(rec.bytes(0, S2C), b"01234567");
    let sum = rec.summary(0);
    assert_eq!(sum.ended, Ended::FinBoth);
    assert_eq!(sum.to_server.out_of_order_segments, 1);
    assert!(sum.to_server.gaps.is_empty() && sum.to_client.gaps.is_empty());
}

#[test]
fn syn_with_data_delivers_the_data() {
    let segs = [
        c(CI, 0, SYN, b"early"),
        // Retransmitted SYN, same data.
        c(CI, 0, SYN, b"early"),
        s(SI, CI + 6, SYN | ACK, b""),
        c(CI + 6, SI + 1, ACK, b" and late"),
    ];
    let (rec, stats) = run(&segs);
    assert_eq!(stats.connections, 1);
    assert_eq!(rec.bytes(0, C2S), b"early and late");
    let sum = rec.summary(0);
    assert_eq!(sum.began, Began::Handshake);
    assert_eq!(sum.to_server.retransmitted_bytes, 5);
    assert_eq!(sum.to_server.conflicts, 0);
}

#[test]
fn a_syn_ack_captured_before_its_syn_is_one_connection() {
    let segs = [
        s(SI, CI + 1, SYN | ACK, b""),
        c(CI, 0, SYN, b""),
        c(CI + 1, SI + 1, ACK, b"hi"),
    ];
    let (rec, stats) = run(&segs);
    assert_eq!(stats.connections, 1);
    let sum = rec.summary(0);
    assert_eq!((sum.client, sum.began), (client(), Began::Handshake));
    assert_eq!((sum.to_server.isn, sum.to_client.isn), (Some(CI), Some(SI)));
    assert_eq!(rec.bytes(0, C2S), b"hi");
}

#[test]
fn without_the_syn_the_client_stream_starts_at_the_syn_acks_ack() {
    let segs = [
        s(SI, CI + 1, SYN | ACK, b""),
        c(CI + 4, SI + 1, ACK, b"lo"),
        c(CI + 1, SI + 1, ACK, b"hel"),
    ];
    let (rec, _) = run(&segs);
    let sum = rec.summary(0);
    assert_eq!((sum.client, sum.began), (client(), Began::SynAckOnly));
    assert_eq!(sum.to_server.isn, None);
    assert_eq!(rec.bytes(0, C2S), b"hello");
}

#[test]
fn a_connection_without_its_handshake_is_picked_up_mid_stream() {
    // The server speaks first: it is taken for the client.
    let segs = [
        s(9000, 7000, ACK | PSH, b"xyz"),
        c(7000, 9003, ACK | PSH, b"abc"),
        s(9003, 7003, ACK, b"!"),
        c(7003, 9004, ACK, b"def"),
    ];
    let (rec, _) = run(&segs);
    let sum = rec.summary(0);
    assert_eq!((sum.client, sum.server), (server(), client()));
    assert_eq!((sum.began, sum.ended), (Began::Midstream, Ended::Open));
    assert_eq!((sum.to_server.isn, sum.to_client.isn), (None, None));
    assert_eq!(rec.bytes(0, C2S), b"xyz!");
    assert_eq!(rec.bytes(0, S2C), b"abcdef");
    assert!(sum.to_server.gaps.is_empty() && sum.to_client.gaps.is_empty());
}

#[test]
fn mid_stream_start_is_the_peers_acknowledgement_when_close() {
    let segs = [
        // The server has received up to 7000.
        s(9000, 7000, ACK, b""),
        // Client bytes arrive out of order from there.
        c(7003, 9000, ACK, b"def"),
        c(7000, 9000, ACK, b"abc"),
        // Already acknowledged: before the stream's start.
        c(6998, 9000, ACK, b"zz"),
    ];
    let (rec, _) = run(&segs);
    assert_eq!(rec.bytes(0, S2C), b"abcdef");
    let d = &rec.summary(0).to_client;
    assert_eq!(d.out_of_order_segments, 1);
    assert_eq!(d.before_start_bytes, 2);
    assert_accounted(d);
}

#[test]
fn rst_from_either_side_ends_the_connection_at_once() {
    for from_client in [true, false] {
        let mut segs = handshake(CI, SI);
        segs.extend([
            c(CI + 1, SI + 1, ACK, b"abc"),
            // "def" is never seen.
            c(CI + 7, SI + 1, ACK, b"ghi"),
        ]);
        segs.push(if from_client {
            c(CI + 10, SI + 1, RST | ACK, b"")
        } else {
            s(SI + 1, CI + 4, RST | ACK, b"")
        });
        let mut table = FlowTable::new(Limits::default());
        let mut rec = Recorder::default();
        for seg in &segs {
            table.push(seg, &mut rec).unwrap();
        }
        assert_eq!(rec.closed.len(), 1, "closed by the RST");
        assert_eq!(table.open_connections(), 0);
        assert_eq!(table.buffered_bytes(), 0);
        let sum = rec.summary(0);
        let want = if from_client {
            Ended::RstClient
        } else {
            Ended::RstServer
        };
        assert_eq!(sum.ended, want);
        assert!(sum.dir(if from_client { C2S } else { S2C }).rst);
        assert_eq!(rec.bytes(0, C2S), b"abcghi");
        let lost = Gap {
            offset: 3,
            len: 3,
            cause: GapCause::Lost,
        };
        assert_eq!(rec.gaps(0, C2S), [lost]);
        assert_eq!(sum.to_server.gaps, vec![lost]);
        assert_eq!(sum.to_server.missing_bytes, 3);
    }
}

#[test]
fn rst_payload_is_not_stream_data() {
    let mut segs = handshake(CI, SI);
    segs.push(s(SI + 1, CI + 1, RST | ACK, b"connection refused, go away"));
    let (rec, _) = run(&segs);
    assert!(rec.bytes(0, S2C).is_empty());
    assert_eq!(rec.summary(0).to_client.stream_bytes, 0);
}

#[test]
fn half_close_lets_the_other_side_keep_sending() {
    let mut segs = handshake(CI, SI);
    segs.extend([
        c(CI + 1, SI + 1, ACK, b"req"),
        c(CI + 4, SI + 1, ACK | FIN, b""),
        s(SI + 1, CI + 5, ACK, b""),
        s(SI + 1, CI + 5, ACK, b"resp1"),
        s(SI + 6, CI + 5, ACK, b"resp2"),
        c(CI + 5, SI + 11, ACK, b""),
    ]);
    // Still open: only the client's FIN so far.
    let (rec, _) = run(&segs);
    let sum = rec.summary(0);
    assert_eq!(sum.ended, Ended::FinClient);
    assert_eq!(rec.bytes(0, S2C), b"resp1resp2");

    segs.extend([
        s(SI + 11, CI + 5, ACK | FIN, b""),
        c(CI + 5, SI + 12, ACK, b""),
    ]);
    let mut table = FlowTable::new(Limits::default());
    let mut rec = Recorder::default();
    for seg in &segs {
        table.push(seg, &mut rec).unwrap();
    }
    assert_eq!(rec.closed.len(), 1);
    let sum = rec.summary(0);
    assert_eq!(sum.ended, Ended::FinBoth);
    assert_eq!(rec.bytes(0, C2S), b"req");
    assert_eq!(rec.bytes(0, S2C), b"resp1resp2");
}

#[test]
fn a_retransmitted_fin_adds_nothing_before_or_after_the_close() {
    let mut segs = handshake(CI, SI);
    segs.extend([
        c(CI + 1, SI + 1, ACK, b"abc"),
        c(CI + 4, SI + 1, ACK | FIN, b""),
        c(CI + 4, SI + 1, ACK | FIN, b""),
        s(SI + 1, CI + 5, ACK | FIN, b""),
        c(CI + 5, SI + 2, ACK, b""),
        // The final ACK was lost: both FINs come again after the close.
        s(SI + 1, CI + 5, ACK | FIN, b""),
        c(CI + 4, SI + 2, ACK | FIN, b""),
        c(CI + 5, SI + 2, ACK, b""),
    ]);
    let (rec, stats) = run(&segs);
    assert_eq!(stats.connections, 1);
    assert_eq!(stats.late_packets, 3);
    assert_eq!(rec.closed.len(), 1);
    let sum = rec.summary(0);
    assert_eq!(sum.ended, Ended::FinBoth);
    assert_eq!(rec.bytes(0, C2S), b"abc");
    assert_eq!(sum.to_server.stream_bytes, 3);
    assert_eq!(sum.to_client.stream_bytes, 0);
    assert!(sum.to_server.gaps.is_empty() && sum.to_client.gaps.is_empty());
}

/// A whole short connection on the usual 4-tuple.
pub(crate) fn whole_connection(
    ci: u32,
    si: u32,
    up: &'static [u8],
    down: &'static [u8],
) -> Vec<Segment<'static>> {
    let u = up.len() as u32;
    let d = down.len() as u32;
    let mut segs = handshake(ci, si);
    segs.extend([
        c(ci + 1, si + 1, ACK, up),
        s(si + 1, ci + 1 + u, ACK, down),
        c(ci + 1 + u, si + 1 + d, ACK | FIN, b""),
        s(si + 1 + d, ci + 2 + u, ACK | FIN, b""),
        c(ci + 2 + u, si + 2 + d, ACK, b""),
    ]);
    segs
}

#[test]
fn a_reused_4_tuple_is_a_new_connection() {
    let mut segs = whole_connection(CI, SI, b"one", b"1");
    segs.extend(whole_connection(900_000, 800_000, b"two", b"2"));
    let (rec, stats) = run(&segs);
    assert_eq!(stats.connections, 2);
    assert_eq!(stats.late_packets, 0);
    assert_eq!(rec.closed.len(), 2);
    assert_eq!((rec.summary(0).reuse, rec.summary(1).reuse), (0, 1));
    assert_eq!(rec.bytes(0, C2S), b"one");
    assert_eq!(rec.bytes(1, C2S), b"two");
    assert_eq!(rec.bytes(1, S2C), b"2");
    assert_eq!(rec.summary(1).ended, Ended::FinBoth);
}

#[test]
fn a_new_syn_on_an_open_4_tuple_starts_a_new_connection() {
    let mut segs = handshake(CI, SI);
    segs.push(c(CI + 1, SI + 1, ACK, b"abandoned"));
    // Same port, new ISN: the old connection is never seen to end.
    segs.extend(handshake(77_777, 88_888));
    segs.push(c(77_778, 88_889, ACK, b"fresh"));
    let (rec, _) = run(&segs);
    assert_eq!(rec.closed.len(), 2);
    assert_eq!(rec.summary(0).ended, Ended::Open);
    assert_eq!(rec.summary(1).reuse, 1);
    assert_eq!(rec.summary(1).began, Began::Handshake);
    assert_eq!(rec.bytes(0, C2S), b"abandoned");
    assert_eq!(rec.bytes(1, C2S), b"fresh");
}

#[test]
fn after_rst_a_new_syn_or_far_away_data_is_a_new_connection() {
    let mut segs = handshake(CI, SI);
    segs.push(s(SI + 1, CI + 1, RST | ACK, b""));
    // A stray RST and the same SYN again: late.
    segs.push(s(SI + 1, CI + 1, RST | ACK, b""));
    segs.push(c(CI, 0, SYN, b""));
    // New ISN: new connection.
    segs.push(c(5_000_000, 0, SYN, b""));
    segs.push(c(5_000_000, 0, RST, b""));
    // Data far from where that one ended: picked up mid-stream.
    segs.push(c(3_000_000_000, 60_000_000, ACK, b"mid"));
    let (rec, stats) = run(&segs);
    assert_eq!(stats.late_packets, 2);
    assert_eq!(stats.connections, 3);
    assert_eq!(rec.summary(0).ended, Ended::RstServer);
    assert_eq!(rec.summary(1).began, Began::SynOnly);
    assert_eq!(rec.summary(1).ended, Ended::RstClient);
    assert_eq!(rec.summary(2).began, Began::Midstream);
    assert_eq!(rec.summary(2).reuse, 2);
    assert_eq!(rec.bytes(2, C2S), b"mid");
}

#[test]
fn keep_alive_probes_add_no_bytes() {
    let mut segs = handshake(CI, SI);
    segs.extend([
        c(CI + 1, SI + 1, ACK, b"abc"),
        s(SI + 1, CI + 4, ACK, b""),
        // 1 garbage byte at the last sequence number, then a bare one.
        c(CI + 3, SI + 1, ACK, b"\0"),
        s(SI + 1, CI + 4, ACK, b""),
        c(CI + 3, SI + 1, ACK, b""),
        s(SI + 1, CI + 4, ACK, b""),
        c(CI + 4, SI + 1, ACK, b"def"),
    ]);
    let (rec, _) = run(&segs);
    assert_eq!(rec.bytes(0, C2S), b"abcdef");
    let up = &rec.summary(0).to_server;
    assert_eq!(up.keepalives, 2);
    assert_eq!(
        (up.retransmitted_bytes, up.conflicts, up.zero_window_probes),
        (0, 0, 0)
    );
    assert_eq!(up.probe_bytes, 1);
    assert_accounted(up);
}

#[test]
fn zero_window_probes_add_no_bytes() {
    let mut segs = handshake(CI, SI);
    segs.extend([
        c(CI + 1, SI + 1, ACK, b"abc"),
        with_window(s(SI + 1, CI + 4, ACK, b""), 0),
        // Probes carrying the next byte, refused.
        c(CI + 4, SI + 1, ACK, b"d"),
        with_window(s(SI + 1, CI + 4, ACK, b""), 0),
        c(CI + 4, SI + 1, ACK, b"d"),
        with_window(s(SI + 1, CI + 4, ACK, b""), 0),
        // Linux probes: nothing at the last acknowledged sequence number - 1.
        c(CI + 3, SI + 1, ACK, b""),
        with_window(s(SI + 1, CI + 4, ACK, b""), 0),
        // The window opens; the byte comes for real.
        s(SI + 1, CI + 4, ACK, b""),
        c(CI + 4, SI + 1, ACK, b"defg"),
    ]);
    let (rec, _) = run(&segs);
    assert_eq!(rec.bytes(0, C2S), b"abcdefg");
    let up = &rec.summary(0).to_server;
    assert_eq!(up.zero_window_probes, 3);
    assert_eq!(
        (up.retransmitted_bytes, up.keepalives, up.conflicts),
        (0, 0, 0)
    );
    // Two refused probe bytes; the byte itself came with "defg".
    assert_eq!(up.probe_bytes, 2);
    assert_accounted(up);
}

#[test]
fn an_accepted_zero_window_probe_is_data() {
    let mut segs = handshake(CI, SI);
    segs.extend([
        c(CI + 1, SI + 1, ACK, b"abc"),
        with_window(s(SI + 1, CI + 4, ACK, b""), 0),
        c(CI + 4, SI + 1, ACK, b"d"),
        // The receiver took it (and is full again).
        with_window(s(SI + 1, CI + 5, ACK, b""), 0),
        c(CI + 5, SI + 1, ACK, b"e"),
        // This one the sender carries on after without an acknowledgement.
        s(SI + 1, CI + 5, ACK, b""),
        c(CI + 6, SI + 1, ACK, b"fg"),
    ]);
    let (rec, _) = run(&segs);
    assert_eq!(rec.bytes(0, C2S), b"abcdefg");
    let up = &rec.summary(0).to_server;
    assert_eq!(up.zero_window_probes, 2);
    assert_eq!(up.probe_bytes, 0);
    assert_accounted(up);
}

#[test]
fn bytes_cut_by_the_snaplen_are_a_gap_never_invented() {
    let mut segs = handshake(CI, SI);
    let mut cut = c(CI + 1, SI + 1, ACK, b"abcd");
    cut.payload_len = 10;
    // Out of order and cut: 2 of 5 bytes captured.
    let mut cut2 = c(CI + 16, SI + 1, ACK, b"pq");
    cut2.payload_len = 5;
    segs.extend([
        cut,
        cut2,
        c(CI + 11, SI + 1, ACK, b"klmno"),
        c(CI + 21, SI + 1, ACK, b"uv"),
    ]);
    let (rec, _) = run(&segs);
    assert_eq!(rec.bytes(0, C2S), b"abcdklmnopquv");
    let snap = |offset, len| Gap {
        offset,
        len,
        cause: GapCause::Snaplen,
    };
    assert_eq!(rec.gaps(0, C2S), [snap(4, 6), snap(17, 3)]);
    let up = &rec.summary(0).to_server;
    assert_eq!((up.bytes, up.stream_bytes, up.missing_bytes), (22, 22, 9));
}

#[test]
fn ethernet_padding_is_not_data() {
    let mut segs = handshake(CI, SI);
    // A 2-byte payload in a padded 60-byte frame: the caller passes what
    // follows the TCP header, the headers say 2.
    let mut padded = c(CI + 1, SI + 1, ACK, b"hi\0\0\0\0");
    padded.payload_len = 2;
    segs.extend([padded, c(CI + 3, SI + 1, ACK, b"!")]);
    let (rec, _) = run(&segs);
    assert_eq!(rec.bytes(0, C2S), b"hi!");
    assert_eq!(rec.summary(0).to_server.bytes, 3);
}

#[test]
fn payload_length_comes_from_the_ip_header() {
    // 20-byte IPv4 header, 20-byte TCP header, 2 bytes payload, padded.
    assert_eq!(ipv4_tcp_payload_len(42, 20, 20, 46), 2);
    // Total length 0 (TSO): the frame is all there is.
    assert_eq!(ipv4_tcp_payload_len(0, 20, 32, 20 + 32 + 8000), 8000);
    // Claims more than was on the wire: cut to the wire.
    assert_eq!(ipv4_tcp_payload_len(1500, 20, 20, 100), 60);
    // Nonsense lengths give 0, not an underflow.
    assert_eq!(ipv4_tcp_payload_len(30, 20, 20, 60), 0);
    assert_eq!(ipv6_tcp_payload_len(22, 0, 20, 40 + 22 + 4), 2);
    assert_eq!(ipv6_tcp_payload_len(0, 8, 20, 40 + 8 + 20 + 9000), 9000);
    assert_eq!(ipv6_tcp_payload_len(9, 0, 20, 10), 0);
}

#[test]
fn a_tso_segment_with_zero_ip_total_length_is_reassembled_whole() {
    let big: Vec<u8> = (0..8000u32).map(|i| (i % 251) as u8).collect();
    let mut segs = handshake(CI, SI);
    let mut tso = c(CI + 1, SI + 1, ACK, &big);
    tso.payload_len = ipv4_tcp_payload_len(0, 20, 20, 40 + 8000);
    segs.extend([tso, c(CI + 8001, SI + 1, ACK, b"end")]);
    let (rec, _) = run(&segs);
    assert_eq!(&rec.bytes(0, C2S)[..8000], &big[..]);
    assert_eq!(&rec.bytes(0, C2S)[8000..], b"end");
}

#[test]
fn the_per_connection_limit_forces_a_counted_gap_never_silent_loss() {
    let limits = Limits {
        max_conn_buffered: 100,
        ..Limits::default()
    };
    let mut segs = handshake(CI, SI);
    // [0, 5) is late: 5 bytes wait, one piece (5 + 64), under the limit.
    segs.push(c(CI + 6, SI + 1, ACK, b"fghij"));
    let mut table = FlowTable::new(limits);
    let mut rec = Recorder::default();
    for seg in &segs {
        table.push(seg, &mut rec).unwrap();
    }
    assert!(rec.bytes(0, C2S).is_empty());
    assert_eq!(table.buffered_bytes(), 5 + PIECE_OVERHEAD);
    // A second piece (after another hole) is over it: the first hole is
    // given up and the data after it delivered; that is enough.
    table
        .push(&c(CI + 12, SI + 1, ACK, b"lmnop"), &mut rec)
        .unwrap();
    assert_eq!(rec.bytes(0, C2S), b"fghij");
    // The second hole fills normally.
    table
        .push(&c(CI + 11, SI + 1, ACK, b"k"), &mut rec)
        .unwrap();
    assert_eq!(rec.bytes(0, C2S), b"fghijklmnop");
    // The bytes of the first hole come after all: counted as late.
    table
        .push(&c(CI + 1, SI + 1, ACK, b"abcde"), &mut rec)
        .unwrap();
    table.finish(&mut rec).unwrap();
    let limit_gap = Gap {
        offset: 0,
        len: 5,
        cause: GapCause::Limit,
    };
    assert_eq!(rec.gaps(0, C2S), [limit_gap]);
    let up = &rec.summary(0).to_server;
    assert_eq!(up.gaps, vec![limit_gap]);
    assert_eq!(
        (up.limit_gap_bytes, up.missing_bytes, up.late_bytes),
        (5, 5, 5)
    );
    assert_eq!(up.stream_bytes, 16);
    assert_accounted(up);
}

#[test]
fn the_total_limit_forces_out_the_largest_holder_first() {
    let limits = Limits {
        max_total_buffered: 300,
        retain_per_direction: 0,
        ..Limits::default()
    };
    let other: SocketAddr = "10.0.0.3:50000".parse().unwrap();
    let from_other = |seq: u32, payload: &'static [u8]| Segment {
        src: other,
        ..c(seq, 200, ACK, payload)
    };
    let mut segs = handshake(CI, SI);
    // Connection 0 holds one piece of 150 (214 with overhead).
    segs.push(c(CI + 11, SI + 1, ACK, &[b'a'; 150]));
    // Connection 1: 30 bytes in order, then a piece of 20 (84).
    segs.extend([from_other(100, &[b'b'; 30]), from_other(140, &[b'c'; 20])]);
    let mut table = FlowTable::new(limits);
    let mut rec = Recorder::default();
    for seg in &segs {
        table.push(seg, &mut rec).unwrap();
    }
    assert_eq!(table.buffered_bytes(), 214 + 84);
    assert_eq!(table.stats().total_limit_events, 0);
    // Another piece of 21 (85): 383 > 300. Connection 0 goes first, which
    // brings the total to 169, under 3/4 of the limit: connection 1 stays.
    table.push(&from_other(200, &[b'd'; 21]), &mut rec).unwrap();
    assert_eq!(table.stats().total_limit_events, 1);
    assert_eq!(table.buffered_bytes(), 169);
    assert_eq!(rec.bytes(0, C2S), &[b'a'; 150][..]);
    let gap = |offset, len, cause| Gap { offset, len, cause };
    assert_eq!(rec.gaps(0, C2S), [gap(0, 10, GapCause::Limit)]);
    assert_eq!(rec.bytes(1, C2S), &[b'b'; 30][..]);
    assert!(rec.gaps(1, C2S).is_empty());
    let stats = table.finish(&mut rec).unwrap();
    assert_eq!(stats.peak_buffered_bytes, 383);
    assert_eq!(rec.summary(0).to_server.limit_gap_bytes, 10);
    // Connection 1's holes were only found at the end.
    assert_eq!(
        rec.summary(1).to_server.gaps,
        vec![gap(30, 10, GapCause::Lost), gap(60, 40, GapCause::Lost)]
    );
}

#[test]
fn retained_data_counts_toward_the_total_limit_and_goes_first() {
    let limits = Limits {
        max_total_buffered: 2000,
        retain_per_direction: 4096,
        ..Limits::default()
    };
    let mut segs = handshake(CI, SI);
    segs.push(c(CI + 1, SI + 1, ACK, &[b'x'; 1500]));
    let mut table = FlowTable::new(limits);
    let mut rec = Recorder::default();
    for seg in &segs {
        table.push(seg, &mut rec).unwrap();
    }
    // Delivered, not yet acknowledged: kept to check retransmissions.
    assert!(table.buffered_bytes() >= 1500);
    assert_eq!(table.stats().total_limit_events, 0);
    table
        .push(&c(CI + 1501, SI + 1, ACK, &[b'y'; 1000]), &mut rec)
        .unwrap();
    assert_eq!(table.stats().total_limit_events, 1);
    assert_eq!(table.buffered_bytes(), 0);
    // What was let go can no longer be compared.
    table
        .push(&c(CI + 1, SI + 1, ACK, &[b'z'; 10]), &mut rec)
        .unwrap();
    table.finish(&mut rec).unwrap();
    let up = &rec.summary(0).to_server;
    assert_eq!(
        (up.retransmitted_bytes, up.unverified_bytes, up.conflicts),
        (10, 10, 0)
    );
    assert_eq!(up.stream_bytes, 2500);
    assert!(up.gaps.is_empty());
}

#[test]
fn holes_are_reported_as_lost_when_the_connection_ends() {
    let mut segs = handshake(CI, SI);
    segs.extend([
        c(CI + 1, SI + 1, ACK, b"abc"),
        c(CI + 7, SI + 1, ACK, b"ghi"),
        // FIN at offset 11: "jk" never seen either.
        c(CI + 12, SI + 1, ACK | FIN, b""),
        s(SI + 1, CI + 13, ACK | FIN, b""),
        c(CI + 13, SI + 2, ACK, b""),
    ]);
    let (rec, _) = run(&segs);
    let lost = |offset, len| Gap {
        offset,
        len,
        cause: GapCause::Lost,
    };
    assert_eq!(rec.gaps(0, C2S), [lost(3, 3), lost(9, 2)]);
    let up = &rec.summary(0).to_server;
    assert_eq!((up.stream_bytes, up.missing_bytes), (11, 5));
    assert_eq!(rec.summary(0).ended, Ended::FinBoth);
}

#[test]
fn timestamps_give_start_end_and_duration() {
    let mut segs = handshake(CI, SI);
    segs[0] = at(segs[0], 100, 900_000_000);
    segs[1] = at(segs[1], 101, 100_000_000);
    // Out of order in time: the end is the latest.
    segs[2] = at(segs[2], 101, 50_000_000);
    let (rec, _) = run(&segs);
    let sum = rec.summary(0);
    assert_eq!(sum.start, Timestamp::new(100, 900_000_000));
    assert_eq!(sum.end, Timestamp::new(101, 100_000_000));
    assert_eq!(sum.duration_ns, 200_000_000);
}

#[test]
fn the_sink_pair_and_summary_list_see_the_same_events() {
    let segs = whole_connection(CI, SI, b"ping", b"pong");
    let mut table = FlowTable::new(Limits::default());
    let mut pair = (Recorder::default(), Vec::<ConnSummary>::new());
    for seg in &segs {
        table.push(seg, &mut pair).unwrap();
    }
    table.finish(&mut pair).unwrap();
    assert_eq!(pair.0.closed, pair.1);
    assert_eq!(pair.0.bytes(0, S2C), b"pong");
}

// ---------------------------------------------------------------------
// The state limit (Limits::max_state).

/// A SYN from 10.1.x.y:port to the server, at `secs`.
fn syn_from(i: u32, secs: i64) -> Segment<'static> {
    let src = SocketAddr::from(([10, 1, (i >> 8) as u8, i as u8], 1024 + (i % 50_000) as u16));
    Segment {
        ts: Timestamp::new(secs, 0),
        src,
        dst: server(),
        seq: i.wrapping_mul(7919),
        ack: 0,
        flags: TcpFlags(SYN),
        window: 1000,
        payload: &[],
        payload_len: 0,
        scope: Scope::default(),
    }
}

/// The sizes the state limit counts with, as docs/flows.md gives them: a
/// live connection about 1 KB, a table entry (its key holds the tunnel
/// scope) about 300 bytes.
#[test]
fn state_costs_are_as_documented() {
    let (conn, entry) = (table::LIVE_CONN_COST, table::ENTRY_COST);
    assert!((500..1300).contains(&conn), "{conn}");
    assert!((64..400).contains(&entry), "{entry}");
}

/// 5,000 SYN-only connections under a 512 KiB limit: the state never goes
/// over it (by more than the connection being added), every connection is
/// reported once, the evicted ones flagged and counted, oldest first.
#[test]
fn syn_flood_is_evicted_within_the_limit() {
    let limits = Limits {
        max_state: 512 << 10,
        ..Limits::default()
    };
    let mut table = FlowTable::new(limits);
    let mut rec = Recorder::default();
    for i in 0..5_000 {
        table.push(&syn_from(i, i64::from(i)), &mut rec).unwrap();
        assert!(
            table.state_bytes() <= (512 << 10) + table::LIVE_CONN_COST,
            "{} after {i}",
            table.state_bytes()
        );
    }
    let live_at_end = table.open_connections() as u64;
    let stats = table.finish(&mut rec).unwrap();
    assert_eq!(stats.connections, 5_000);
    assert_eq!(rec.closed.len(), 5_000);
    let evicted: Vec<&ConnSummary> = rec.closed.iter().filter(|s| s.evicted).collect();
    assert_eq!(evicted.len() as u64, stats.evicted_connections);
    assert_eq!(stats.evicted_connections + live_at_end, 5_000);
    assert!(stats.evicted_connections > 4_000, "{stats:?}");
    assert!(stats.state_limit_events > 1);
    assert!(stats.peak_state_bytes <= (512 << 10) + table::LIVE_CONN_COST as u64);
    // Oldest first: the evicted are the first IDs; the rest stayed to the end.
    let mut ids: Vec<u64> = evicted.iter().map(|s| s.id).collect();
    ids.sort_unstable();
    assert_eq!(ids, (0..stats.evicted_connections).collect::<Vec<_>>());
    assert!(evicted
        .iter()
        .all(|s| s.ended == Ended::Open && s.began == Began::SynOnly));
}

/// Live connections that carried payload outlast those that carried none,
/// even when they are idle longer; a late packet of an evicted connection
/// starts a new one.
#[test]
fn eviction_spares_connections_with_payload() {
    let limits = Limits {
        max_state: 256 << 10,
        ..Limits::default()
    };
    let mut table = FlowTable::new(limits);
    let mut rec = Recorder::default();
    for seg in handshake(CI, SI)
        .into_iter()
        .chain([c(CI + 1, SI + 1, ACK | PSH, b"kept")])
    {
        table.push(&seg, &mut rec).unwrap();
    }
    for i in 0..2000 {
        table
            .push(&syn_from(i, 10 + i64::from(i)), &mut rec)
            .unwrap();
    }
    assert!(table.stats().evicted_connections > 1000);
    assert!(
        rec.closed.iter().all(|s| s.id != 0),
        "the data connection was evicted"
    );
    // A packet of an evicted SYN-only connection: a new connection.
    let before = table.stats().connections;
    table.push(&syn_from(0, 5000), &mut rec).unwrap();
    assert_eq!(table.stats().connections, before + 1);
    table.finish(&mut rec).unwrap();
    let kept = rec.summary(0);
    assert!(!kept.evicted);
    assert_eq!(rec.bytes(0, C2S), b"kept");
}

/// Records of closed connections go first, and only to make room in the
/// table: many short connections under a small limit forget old records,
/// evict no live connection, and still number a reused 4-tuple from its
/// record when the record is kept.
#[test]
fn closed_records_are_forgotten_oldest_first() {
    let limits = Limits {
        max_state: 128 << 10,
        ..Limits::default()
    };
    let mut table = FlowTable::new(limits);
    let mut rec = Recorder::default();
    for i in 0..5_000u32 {
        let syn = syn_from(i, i64::from(i));
        let rst = Segment {
            flags: TcpFlags(RST | ACK),
            src: syn.dst,
            dst: syn.src,
            seq: 1,
            ack: syn.seq.wrapping_add(1),
            ..syn
        };
        table.push(&syn, &mut rec).unwrap();
        table.push(&rst, &mut rec).unwrap();
    }
    let stats = table.finish(&mut rec).unwrap();
    assert_eq!(stats.evicted_connections, 0, "{stats:?}");
    assert!(stats.forgotten_closed > 2_000, "{stats:?}");
    assert!(stats.peak_state_bytes <= 128 << 10, "{stats:?}");
    assert_eq!(rec.closed.len(), 5_000);
}
