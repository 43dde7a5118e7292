//! The `flows` and `follow` subcommands: TCP reassembly of a capture file.
//!
//! ```text
//! capture::Source --RawPacket--> decode --Decoded--> tcp_segment --Segment--> flow::FlowTable
//!                                                                     │
//!   flows:  Vec<ConnSummary> (+ flow::FileSink with --write) ◄────────┤
//!   follow: FollowWriter (one connection, a turn at a time) ◄─────────┘
//! ```
//!
//! [`tcp_segment`] is the adapter from a decoded packet to the engine's
//! [`Segment`]; everything about reassembly itself is in [`crate::flow`].

use std::io::{self, Write};
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::process::ExitCode;

use crate::capture::{self, Source};
use crate::cli::args::{Command, FlowsArgs, FollowArgs, FollowFormat, LimitArgs};
use crate::decode::{self, ipv4, tcp, Decoded, Net, Transport};
use crate::error::AppError;
use crate::flow::{
    self, ConnInfo, ConnSummary, Direction, FileSink, FlowSink, FlowTable, Gap, Limits, Segment,
    TableStats, TcpFlags, Timestamp, WriteOptions,
};
use crate::render::flows::{self as view, FollowStyle, Totals};
use crate::render::time::LocalZone;
use crate::render::Output;

/// Runs a subcommand, writing to standard output.
pub fn run(cmd: &Command) -> Result<ExitCode, AppError> {
    let mut out = Output::stdout(false);
    let result = match cmd {
        Command::Flows(a) => run_flows(a, &mut out),
        Command::Follow(a) => run_follow(a, &mut out),
    };
    // What was produced is written before any error is reported.
    let flushed = out.flush().map_err(stdout_err);
    result?;
    flushed?;
    Ok(ExitCode::SUCCESS)
}

fn stdout_err(e: io::Error) -> AppError {
    AppError::io("standard output", e)
}

/// Why a packet gave no [`Segment`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotSegment {
    /// Not TCP over IPv4 (or the IPv4 header is unusable).
    NotTcp,
    /// An IPv4 fragment after the first: its TCP header is in another one.
    Fragment,
    /// TCP, but the fixed TCP header (or the IP header before it) was cut by
    /// the snaplen, or its data offset is impossible.
    CutHeader,
}

/// The TCP segment a decoded packet carries, for the reassembly engine.
///
/// Any link layer the decoder knows (Ethernet with or without VLAN tags,
/// Linux cooked, BSD loopback, raw IP) gives the same result. The payload
/// length comes from the IPv4 total length, not the frame length (see
/// [`flow::ipv4_tcp_payload_len`], which also handles a zero total length,
/// TCP segmentation offload); the payload is what was captured of it, so a
/// snaplen-cut segment has `payload.len() < payload_len`. A segment whose
/// options were cut still counts: its flags and sequence numbers were
/// captured.
pub fn tcp_segment<'a>(d: &Decoded<'a>, ts: capture::Timestamp) -> Result<Segment<'a>, NotSegment> {
    let Net::Ipv4(ip) = d.net else {
        return Err(NotSegment::NotTcp);
    };
    let usable = matches!(
        ip.form,
        ipv4::Form::Ok
            | ipv4::Form::TruncatedIp
            | ipv4::Form::BadHeaderLen
            | ipv4::Form::BadTotalLen
    );
    if !usable || ip.header.proto != ipv4::PROTO_TCP {
        return Err(NotSegment::NotTcp);
    }
    if ip.header.frag_offset() != 0 {
        return Err(NotSegment::Fragment);
    }
    let transport = match ip.form {
        ipv4::Form::Ok => d.transport,
        ipv4::Form::BadTotalLen if ip.header.total_len == 0 => tso_transport(d, &ip),
        _ => return Err(NotSegment::CutHeader),
    };
    let Transport::Tcp(t) = transport else {
        return Err(NotSegment::CutHeader);
    };
    if t.form != tcp::Form::Ok {
        return Err(NotSegment::CutHeader);
    }
    let h = &t.header;
    let payload_len = flow::ipv4_tcp_payload_len(
        ip.header.total_len,
        u32::from(ip.header.header_len),
        u32::from(h.header_len),
        ip.length,
    );
    let payload = t
        .payload
        .get(..usize::try_from(payload_len).unwrap_or(usize::MAX))
        .unwrap_or(t.payload);
    Ok(Segment {
        ts: flow_time(ts),
        src: SocketAddr::new(IpAddr::V4(ip.header.src), h.src_port),
        dst: SocketAddr::new(IpAddr::V4(ip.header.dst), h.dst_port),
        seq: h.seq,
        ack: h.ack,
        // The AE (ex-NS) bit sits just above the eight classic flags.
        flags: TcpFlags(u16::from(h.flags) | u16::from(h.reserved & 0x01) << 8),
        window: h.window,
        payload,
        payload_len,
    })
}

/// The TCP layer of a packet whose IPv4 total length is 0: what a capture
/// on the sending host shows of a segment the stack left to the NIC to
/// split (TCP segmentation offload). The decoder follows tcpdump, which
/// calls that length bad and stops; for reassembly the frame is the packet,
/// so the TCP decoder is run on what follows the IPv4 header, with the
/// length the link layer gave.
fn tso_transport<'a>(d: &Decoded<'a>, ip: &ipv4::Ipv4<'a>) -> Transport<'a> {
    let hlen = usize::from(ip.header.header_len);
    let start = d.link_hdr_len.saturating_add(hlen);
    let Some(bytes) = d.frame.get(start..) else {
        return Transport::None;
    };
    let mut inner = *d;
    tcp::decode(
        bytes,
        ip.length.saturating_sub(u32::from(ip.header.header_len)),
        start,
        &mut inner,
    );
    inner.transport
}

/// A capture time stamp for the engine. A malformed file can give a
/// fraction outside 0..10^9 (libpcap reads a field of 2^31 or more as
/// negative): it is carried into the seconds.
fn flow_time(ts: capture::Timestamp) -> Timestamp {
    const NS: i64 = 1_000_000_000;
    let secs = ts.secs.saturating_add(ts.nanos.div_euclid(NS));
    Timestamp::new(secs, u32::try_from(ts.nanos.rem_euclid(NS)).unwrap_or(0))
}

/// The engine's limits from the command line.
pub fn limits(a: &LimitArgs) -> Limits {
    Limits {
        max_conn_buffered: a.max_per_flow,
        max_total_buffered: a.max_total,
        retain_per_direction: a.retain,
    }
}

fn join_filter(words: &[String]) -> Option<String> {
    let f = words.join(" ");
    (!f.trim().is_empty()).then_some(f)
}

/// How a pass over the capture ended.
enum End {
    /// The end of the file.
    Eof,
    /// The caller's condition was met.
    Early,
    /// The file is damaged: what came before it was used.
    ReadError(AppError),
}

/// Reads `source` to its end (or until `done` says so, asked after each
/// segment), handing every TCP segment to `table`. Errors are the sink's.
fn feed<S: FlowSink>(
    source: &mut Source,
    table: &mut FlowTable,
    sink: &mut S,
    totals: &mut Totals,
    mut done: impl FnMut(&S, &Segment<'_>) -> bool,
) -> io::Result<End> {
    let linktype = source.linktype();
    loop {
        let pkt = match source.next_packet() {
            Ok(Some(p)) => p,
            Ok(None) => return Ok(End::Eof),
            Err(e) => return Ok(End::ReadError(e)),
        };
        totals.packets += 1;
        let d = decode::decode(linktype, pkt.data, pkt.wire_len);
        match tcp_segment(&d, pkt.ts) {
            Ok(seg) => {
                totals.segments += 1;
                table.push(&seg, sink)?;
                if done(sink, &seg) {
                    return Ok(End::Early);
                }
            }
            Err(NotSegment::Fragment) => totals.fragments += 1,
            Err(NotSegment::CutHeader) => totals.cut_headers += 1,
            Err(NotSegment::NotTcp) => {}
        }
    }
}

fn add_stats(totals: &mut Totals, stats: &TableStats) {
    totals.late_packets = stats.late_packets;
    totals.late_bytes = stats.late_bytes;
    totals.peak_buffered = stats.peak_buffered_bytes;
    totals.limit_events = stats.total_limit_events;
}

/// What `flows` prints per connection.
enum Listing {
    /// The table, printed at the end in order of ID.
    Table(Vec<view::Row>),
    /// A JSON line, printed as the connection closes.
    Json,
    /// Nothing (with --write: the index has it all).
    Nothing,
}

/// The sink behind `flows`' standard output.
struct Report<'o> {
    listing: Listing,
    out: &'o mut Output,
    totals: Totals,
    conns: u64,
    /// Writing to standard output failed (so that the error is reported
    /// as such, not as one of --write's).
    stdout_failed: bool,
}

impl FlowSink for Report<'_> {
    fn closed(&mut self, s: &ConnSummary) -> io::Result<()> {
        self.conns += 1;
        self.totals.add_conn(s);
        match &mut self.listing {
            Listing::Table(rows) => rows.push(view::Row::from(s)),
            Listing::Json => {
                let r =
                    view::write_json_line(self.out.buf(), s).and_then(|()| self.out.end_packet());
                self.stdout_failed = r.is_err();
                r?;
            }
            Listing::Nothing => {}
        }
        Ok(())
    }
}

/// `netdecode flows`.
fn run_flows(a: &FlowsArgs, out: &mut Output) -> Result<(), AppError> {
    let filter = join_filter(&a.expression);
    let mut source = Source::open_file(&a.read, filter.as_deref())?;
    let mut table = FlowTable::new(limits(&a.limits));
    let mut totals = Totals::default();
    let mut report = Report {
        listing: match (a.json, &a.write) {
            (true, _) => Listing::Json,
            (false, None) => Listing::Table(Vec::new()),
            (false, Some(_)) => Listing::Nothing,
        },
        out,
        totals: Totals::default(),
        conns: 0,
        stdout_failed: false,
    };
    let end = match &a.write {
        Some(dir) => {
            let opts = WriteOptions {
                fill_gaps: a.fill_gaps,
                max_open_files: usize::try_from(a.max_open_files).unwrap_or(usize::MAX),
            };
            let mut files = FileSink::create(dir, opts)
                .map_err(|e| AppError::io(format!("can't create {}", dir.display()), e))?;
            let mut sink = (&mut files, &mut report);
            let r = feed(&mut source, &mut table, &mut sink, &mut totals, |_, _| {
                false
            })
            .and_then(|end| Ok((end, table.finish(&mut sink)?)))
            .and_then(|done| files.finish().map(|()| done));
            let (end, stats) = r.map_err(|e| match report.stdout_failed {
                true => stdout_err(e),
                false => AppError::io(format!("writing {}", dir.display()), e),
            })?;
            add_stats(&mut totals, &stats);
            end
        }
        None => {
            let end = feed(&mut source, &mut table, &mut report, &mut totals, |_, _| {
                false
            })
            .map_err(stdout_err)?;
            let stats = table.finish(&mut report).map_err(stdout_err)?;
            add_stats(&mut totals, &stats);
            end
        }
    };
    totals.limit_gap_bytes = report.totals.limit_gap_bytes;
    totals.limit_conns = report.totals.limit_conns;
    let conns = report.conns;
    let out = report.out;
    match report.listing {
        Listing::Json => {
            if totals.limit_gap_bytes > 0 {
                // JSON lines hold connections only: say it where it is seen.
                let mut note = Vec::new();
                view::write_totals(&mut note, conns, &totals);
                let note = String::from_utf8_lossy(&note);
                let _ = writeln!(
                    io::stderr(),
                    "netdecode: {}",
                    note.trim().replace('\n', "; ")
                );
            }
        }
        Listing::Table(mut rows) => {
            rows.sort_unstable_by_key(|r| r.id);
            let mut t = view::Table::new(&rows, LocalZone::system());
            t.write_header(out.buf());
            for r in &rows {
                t.write_row(out.buf(), r);
                out.end_packet().map_err(stdout_err)?;
            }
            out.buf().push(b'\n');
            view::write_totals(out.buf(), conns, &totals);
        }
        Listing::Nothing => {
            view::write_totals(out.buf(), conns, &totals);
            if let Some(dir) = &a.write {
                view::write_written(out.buf(), dir);
            }
        }
    }
    match end {
        End::ReadError(e) => Err(e),
        End::Eof | End::Early => Ok(()),
    }
}

/// `netdecode follow`.
fn run_follow(a: &FollowArgs, out: &mut Output) -> Result<(), AppError> {
    let style = match a.format {
        FollowFormat::Ascii => FollowStyle::Ascii,
        FollowFormat::Hex => FollowStyle::Hex,
        FollowFormat::Raw => FollowStyle::Raw,
    };
    let limits = limits(&a.limits);
    let (first, rest) = a.stream.split_first().ok_or_else(|| {
        AppError::Usage("follow: give a connection ID or a filter expression".into())
    })?;
    // `ID [FILTER]`: connection ID of `flows FILTER`; else a filter that
    // picks the connection of the first TCP packet it accepts.
    let (id, table_filter, label) = match first.trim().parse::<u64>() {
        Ok(id) => {
            let f = join_filter(rest);
            (id, f.clone(), f)
        }
        Err(_) => {
            let Some(filter) = join_filter(&a.stream) else {
                return Err(AppError::Usage(
                    "follow: give a connection ID or a filter expression".into(),
                ));
            };
            let id = resolve(&a.read, &filter, limits)?;
            (id, None, Some(filter))
        }
    };
    let mut source = Source::open_file(&a.read, table_filter.as_deref())?;
    let mut table = FlowTable::new(limits);
    let mut totals = Totals::default();
    let mut sink = FollowWriter {
        id,
        style,
        label,
        out,
        turn: None,
        gap: None,
        opened: false,
        closed: false,
    };
    let end = feed(&mut source, &mut table, &mut sink, &mut totals, |s, _| {
        s.closed
    })
    .map_err(stdout_err)?;
    if !sink.closed {
        // Only the connections still open are flushed, in order of ID;
        // the one followed is among them.
        let seen = table.stats().connections;
        table.finish(&mut sink).map_err(stdout_err)?;
        if !sink.opened {
            if let End::ReadError(e) = end {
                return Err(e);
            }
            return Err(AppError::NotFound(format!(
                "follow: no connection {id} in {} ({} found{}; see `netdecode flows`)",
                a.read.display(),
                match seen {
                    0 => "no TCP connection".to_string(),
                    1 => "1 connection, ID 0".to_string(),
                    n => format!("{n} connections, IDs 0 to {}", n - 1),
                },
                if table_filter.is_some() {
                    " with that filter"
                } else {
                    ""
                },
            )));
        }
    }
    match end {
        End::ReadError(e) => Err(e),
        End::Eof | End::Early => Ok(()),
    }
}

/// A segment's identity, to find the same packet in a second pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct SegmentId {
    ts: Timestamp,
    src: SocketAddr,
    dst: SocketAddr,
    seq: u32,
    ack: u32,
    flags: TcpFlags,
    payload_len: u32,
}

impl SegmentId {
    fn of(s: &Segment<'_>) -> Self {
        SegmentId {
            ts: s.ts,
            src: s.src,
            dst: s.dst,
            seq: s.seq,
            ack: s.ack,
            flags: s.flags,
            payload_len: s.payload_len,
        }
    }
}

/// The ID of the connection the first TCP packet `filter` accepts belongs
/// to (as `flows` without a filter numbers them): the filter finds the
/// packet, then a pass over the whole capture, up to that packet, numbers
/// the connections.
fn resolve(path: &Path, filter: &str, limits: Limits) -> Result<u64, AppError> {
    if path == Path::new("-") {
        return Err(AppError::Usage(
            "follow: a filter expression needs a capture file read twice; with standard \
             input, give a connection ID (see `netdecode flows -r -`)"
                .into(),
        ));
    }
    let mut source = Source::open_file(path, Some(filter))?;
    let linktype = source.linktype();
    let wanted = loop {
        let pkt = match source.next_packet()? {
            Some(p) => p,
            None => {
                return Err(AppError::NotFound(format!(
                    "follow: no TCP packet in {} matches the filter: {filter}",
                    path.display()
                )))
            }
        };
        let d = decode::decode(linktype, pkt.data, pkt.wire_len);
        if let Ok(seg) = tcp_segment(&d, pkt.ts) {
            break SegmentId::of(&seg);
        }
    };
    let mut source = Source::open_file(path, None)?;
    let mut table = FlowTable::new(limits);
    let mut tracker = Tracker {
        ends: (wanted.src, wanted.dst),
        last: None,
    };
    let end = feed(
        &mut source,
        &mut table,
        &mut tracker,
        &mut Totals::default(),
        |_, seg| SegmentId::of(seg) == wanted,
    )
    .map_err(stdout_err)?;
    match (end, tracker.last) {
        (End::Early, Some(id)) => Ok(id),
        (End::ReadError(e), _) => Err(e),
        _ => Err(AppError::NotFound(format!(
            "follow: the packet the filter found is not in the capture read unfiltered: {filter}"
        ))),
    }
}

/// Remembers the last connection opened on a 4-tuple: after a segment of
/// that 4-tuple is pushed, it is the connection the segment went to (a
/// new one, a live one, or the closed one whose late packet it is).
struct Tracker {
    ends: (SocketAddr, SocketAddr),
    last: Option<u64>,
}

impl FlowSink for Tracker {
    fn opened(&mut self, conn: &ConnInfo) -> io::Result<()> {
        let (a, b) = self.ends;
        if (conn.client, conn.server) == (a, b) || (conn.client, conn.server) == (b, a) {
            self.last = Some(conn.id);
        }
        Ok(())
    }
}

/// Prints one connection's conversation as it is reassembled, holding one
/// turn (the bytes one side sent in a row) at a time; in raw form not even
/// that.
struct FollowWriter<'o> {
    id: u64,
    style: FollowStyle,
    label: Option<String>,
    out: &'o mut Output,
    /// The turn being gathered: who, its first stream offset, its bytes.
    turn: Option<(Direction, u64, Vec<u8>)>,
    /// A gap not yet printed: the next ones may continue it.
    gap: Option<(Direction, Gap)>,
    opened: bool,
    closed: bool,
}

impl FollowWriter<'_> {
    fn end_turn(&mut self) -> io::Result<()> {
        if let Some((dir, offset, bytes)) = self.turn.take() {
            view::write_follow_turn(self.out.buf(), self.style, dir, offset, &bytes);
            self.out.end_packet()?;
        }
        Ok(())
    }

    fn end_gap(&mut self) {
        if let Some((dir, gap)) = self.gap.take() {
            view::write_follow_gap(self.out.buf(), self.style, dir, &gap);
        }
    }
}

impl FlowSink for FollowWriter<'_> {
    fn opened(&mut self, conn: &ConnInfo) -> io::Result<()> {
        if conn.id == self.id {
            self.opened = true;
            view::write_follow_header(self.out.buf(), self.style, conn, self.label.as_deref());
        }
        Ok(())
    }

    fn data(
        &mut self,
        conn: &ConnInfo,
        dir: Direction,
        offset: u64,
        bytes: &[u8],
    ) -> io::Result<()> {
        if conn.id != self.id {
            return Ok(());
        }
        self.end_gap();
        if self.style == FollowStyle::Raw {
            self.out.buf().extend_from_slice(bytes);
            return self.out.end_packet();
        }
        match &mut self.turn {
            Some((d, start, buf)) if *d == dir && *start + buf.len() as u64 == offset => {
                buf.extend_from_slice(bytes);
                Ok(())
            }
            _ => {
                self.end_turn()?;
                self.turn = Some((dir, offset, bytes.to_vec()));
                Ok(())
            }
        }
    }

    fn gap(&mut self, conn: &ConnInfo, dir: Direction, gap: &Gap) -> io::Result<()> {
        if conn.id != self.id {
            return Ok(());
        }
        self.end_turn()?;
        // Consecutive gaps of one side and one cause (a segment each) are
        // shown as one.
        match &mut self.gap {
            Some((d, g)) if *d == dir && g.cause == gap.cause && g.offset + g.len == gap.offset => {
                g.len += gap.len;
            }
            _ => {
                self.end_gap();
                self.gap = Some((dir, *gap));
            }
        }
        Ok(())
    }

    fn closed(&mut self, summary: &ConnSummary) -> io::Result<()> {
        if summary.id == self.id {
            self.end_turn()?;
            self.end_gap();
            view::write_follow_footer(self.out.buf(), self.style);
            self.closed = true;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::LinkType;

    #[rustfmt::skip]
    const FRAME: [u8; 62] = [
        // Ethernet: dst, src, 802.1Q tag (TPID 0x8100, VLAN 100), type IPv4
        0x02, 0, 0, 0x77, 0, 0x01,  0x02, 0, 0, 0x77, 0, 0x02,
        0x81, 0x00, 0x00, 0x64,  0x08, 0x00,
        // IPv4: v4 ihl 5, tos, total length 44, id, DF, ttl 64, proto 6, cksum
        0x45, 0x00, 0x00, 0x2c,  0x00, 0x01, 0x40, 0x00,  0x40, 0x06, 0x00, 0x00,
        10, 77, 0, 2,  10, 77, 0, 1,
        // TCP: ports 40000 -> 80, seq 1000, ack 2000, offset 5, flags PSH|ACK, window 512
        0x9c, 0x40, 0x00, 0x50,  0x00, 0x00, 0x03, 0xe8,  0x00, 0x00, 0x07, 0xd0,
        0x50, 0x18, 0x02, 0x00,  0x00, 0x00, 0x00, 0x00,
        // payload "abcd"
        b'a', b'b', b'c', b'd',
    ];

    fn ts() -> capture::Timestamp {
        capture::Timestamp { secs: 5, nanos: 7 }
    }

    #[test]
    fn malformed_fractions_carry_into_seconds() {
        let t = |secs, nanos| flow_time(capture::Timestamp { secs, nanos });
        assert_eq!(t(5, 7), Timestamp::new(5, 7));
        assert_eq!(t(5, -1), Timestamp::new(4, 999_999_999));
        assert_eq!(t(5, 2_500_000_000), Timestamp::new(7, 500_000_000));
        assert_eq!(t(i64::MAX, 1_000_000_000), Timestamp::new(i64::MAX, 0));
    }

    #[test]
    fn vlan_tagged_segment() {
        let d = decode::decode(LinkType::ETHERNET, &FRAME, FRAME.len() as u32);
        let s = tcp_segment(&d, ts()).unwrap();
        assert_eq!(s.src, "10.77.0.2:40000".parse().unwrap());
        assert_eq!(s.dst, "10.77.0.1:80".parse().unwrap());
        assert_eq!((s.seq, s.ack, s.window), (1000, 2000, 512));
        assert_eq!(s.flags, TcpFlags(TcpFlags::PSH | TcpFlags::ACK));
        assert_eq!((s.payload, s.payload_len), (&b"abcd"[..], 4));
        assert_eq!(s.ts, Timestamp::new(5, 7));
    }

    #[test]
    fn padding_is_not_payload_and_snaplen_cut_is_short() {
        // Two bytes of Ethernet padding after the IP packet.
        let mut padded = FRAME.to_vec();
        padded.extend_from_slice(&[0, 0]);
        let d = decode::decode(LinkType::ETHERNET, &padded, padded.len() as u32);
        let s = tcp_segment(&d, ts()).unwrap();
        assert_eq!((s.payload, s.payload_len), (&b"abcd"[..], 4));
        // Cut 3 bytes into the payload: the length still says 4.
        let cut = &FRAME[..61];
        let d = decode::decode(LinkType::ETHERNET, cut, FRAME.len() as u32);
        let s = tcp_segment(&d, ts()).unwrap();
        assert_eq!((s.payload, s.payload_len), (&b"abc"[..], 4));
    }

    #[test]
    fn zero_total_length_is_tso() {
        // The decoder (as tcpdump) stops at the bad length; the adapter
        // takes the frame as the packet, behind the VLAN tag too.
        let mut f = FRAME;
        f[20] = 0;
        f[21] = 0;
        let d = decode::decode(LinkType::ETHERNET, &f, f.len() as u32);
        assert!(matches!(d.transport, Transport::None));
        let s = tcp_segment(&d, ts()).unwrap();
        assert_eq!((s.payload, s.payload_len), (&b"abcd"[..], 4));
        assert_eq!((s.seq, s.src.port()), (1000, 40000));
        // Cut by the snaplen: what was captured, the length from the wire.
        let d = decode::decode(LinkType::ETHERNET, &f[..60], f.len() as u32);
        let s = tcp_segment(&d, ts()).unwrap();
        assert_eq!((s.payload, s.payload_len), (&b"ab"[..], 4));
    }

    #[test]
    fn ae_bit_is_kept() {
        let mut f = FRAME;
        f[50] = 0x51; // data offset 5, AE set
        let d = decode::decode(LinkType::ETHERNET, &f, f.len() as u32);
        let s = tcp_segment(&d, ts()).unwrap();
        assert_eq!(s.flags.0, 0x100 | u16::from(tcp::FLAG_PSH | tcp::FLAG_ACK));
    }

    #[test]
    fn fragments_and_cut_headers_are_skipped() {
        // A later fragment (offset 185 × 8).
        let mut f = FRAME;
        f[24] = 0x00;
        f[25] = 0xb9;
        let d = decode::decode(LinkType::ETHERNET, &f, f.len() as u32);
        assert_eq!(tcp_segment(&d, ts()).err(), Some(NotSegment::Fragment));
        // Cut inside the fixed TCP header (ports and half the sequence).
        let d = decode::decode(LinkType::ETHERNET, &FRAME[..44], FRAME.len() as u32);
        assert_eq!(tcp_segment(&d, ts()).err(), Some(NotSegment::CutHeader));
        // Cut inside the IP header.
        let d = decode::decode(LinkType::ETHERNET, &FRAME[..30], FRAME.len() as u32);
        assert!(tcp_segment(&d, ts()).is_err());
        // A total length shorter than the IP header (not 0): invalid.
        let mut f = FRAME;
        f[21] = 10;
        let d = decode::decode(LinkType::ETHERNET, &f, f.len() as u32);
        assert_eq!(tcp_segment(&d, ts()).err(), Some(NotSegment::CutHeader));
        // A data offset below 5.
        let mut f = FRAME;
        f[50] = 0x40;
        let d = decode::decode(LinkType::ETHERNET, &f, f.len() as u32);
        assert_eq!(tcp_segment(&d, ts()).err(), Some(NotSegment::CutHeader));
        // UDP.
        let mut f = FRAME;
        f[27] = 17;
        let d = decode::decode(LinkType::ETHERNET, &f, f.len() as u32);
        assert_eq!(tcp_segment(&d, ts()).err(), Some(NotSegment::NotTcp));
    }

    #[test]
    fn raw_ip_link_gives_the_same_segment() {
        let ip = &FRAME[18..];
        let d = decode::decode(LinkType::RAW, ip, ip.len() as u32);
        let s = tcp_segment(&d, ts()).unwrap();
        assert_eq!((s.seq, s.payload), (1000, &b"abcd"[..]));
    }
}
