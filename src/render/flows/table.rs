//! The `flows` connection table and the totals under it (and under
//! `--json` and `--write`).

use std::net::SocketAddr;
use std::path::Path;

use super::files::INDEX_NAME;
use crate::decode::community_id::{proto, CommunityId, FlowTuple};
use crate::flow::{Began, ConnSummary, Ended, TableStats, Timestamp};
use crate::render::time::LocalZone;

/// Run-wide figures printed under the table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Packets read (after the filter).
    pub packets: u64,
    /// TCP segments handed to reassembly.
    pub segments: u64,
    /// IPv4 fragments after the first, whose TCP header is elsewhere.
    pub fragments: u64,
    /// TCP packets whose fixed header was cut by the snaplen or is invalid.
    pub cut_headers: u64,
    /// Segments that came after their connection had closed.
    pub late_packets: u64,
    /// Their payload bytes.
    pub late_bytes: u64,
    /// Most bytes reassembly held at once.
    pub peak_buffered: u64,
    /// Times the total memory limit was reached.
    pub limit_events: u64,
    /// Bytes the memory limits gave up as gaps, over all connections.
    pub limit_gap_bytes: u64,
    /// Connections that lost bytes to a memory limit.
    pub limit_conns: u64,
    /// A stop (a signal) cut the reading short: connections still open
    /// were flushed as they stood.
    pub cut_short: bool,
    /// The signal that did, if one did.
    pub signal: Option<i32>,
}

impl Totals {
    /// Takes the reassembly figures of the whole run.
    pub fn add_table_stats(&mut self, stats: &TableStats) {
        self.late_packets = stats.late_packets;
        self.late_bytes = stats.late_bytes;
        self.peak_buffered = stats.peak_buffered_bytes;
        self.limit_events = stats.total_limit_events;
    }

    /// Adds a closed connection's limit figures.
    pub fn add_conn(&mut self, s: &ConnSummary) {
        let lost = s.to_server.limit_gap_bytes + s.to_client.limit_gap_bytes;
        if lost > 0 {
            self.limit_gap_bytes += lost;
            self.limit_conns += 1;
        }
    }
}

/// A TCP connection's Community ID (v1).
pub fn conn_community_id(s: &ConnSummary, seed: u16) -> CommunityId {
    FlowTuple::transport(proto::TCP, s.client, s.server).community_id(seed)
}

/// How a connection began, as the table shows it.
pub fn began_label(b: Began) -> &'static str {
    match b {
        Began::Handshake => "handshake",
        Began::SynOnly => "syn-only",
        Began::SynAckOnly => "synack-only",
        Began::Midstream => "midstream",
    }
}

/// How a connection ended, as the table shows it.
pub fn ended_label(e: Ended) -> &'static str {
    match e {
        Ended::FinBoth => "fin-both",
        Ended::FinClient => "fin-client",
        Ended::FinServer => "fin-server",
        Ended::RstClient => "rst-client",
        Ended::RstServer => "rst-server",
        Ended::Open => "open",
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Right,
}

const COLUMNS: [(&str, Align); 16] = [
    ("ID", Align::Right),
    ("CLIENT", Align::Left),
    ("SERVER", Align::Left),
    ("START", Align::Left),
    ("DURATION", Align::Right),
    ("C>S PKTS", Align::Right),
    ("C>S BYTES", Align::Right),
    ("S>C PKTS", Align::Right),
    ("S>C BYTES", Align::Right),
    ("BEGAN", Align::Left),
    ("ENDED", Align::Left),
    ("RETRANS", Align::Right),
    ("OOO", Align::Right),
    ("DIFFER", Align::Right),
    ("MISSING", Align::Right),
    ("COMMUNITY ID", Align::Left),
];

/// What the table shows of a connection: a few numbers, kept for every
/// connection until the table is printed (the [`ConnSummary`] itself, with
/// its gap lists, is not).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    pub id: u64,
    pub client: SocketAddr,
    pub server: SocketAddr,
    pub start: Timestamp,
    pub duration_ns: u64,
    /// Packets and payload bytes, client to server.
    pub c2s: (u64, u64),
    /// Packets and payload bytes, server to client.
    pub s2c: (u64, u64),
    pub began: Began,
    pub ended: Ended,
    /// Retransmitted bytes, both directions.
    pub retransmitted: u64,
    /// Out-of-order segments, both directions.
    pub out_of_order: u64,
    /// Segments whose data differed from data received before, both
    /// directions.
    pub conflicts: u64,
    /// Missing bytes, both directions.
    pub missing: u64,
    pub community_id: CommunityId,
}

impl Row {
    /// The row of a connection, its Community ID computed with `seed`.
    pub fn new(s: &ConnSummary, seed: u16) -> Row {
        let (c, v) = (&s.to_server, &s.to_client);
        Row {
            id: s.id,
            client: s.client,
            server: s.server,
            start: s.start,
            duration_ns: s.duration_ns,
            c2s: (c.packets, c.bytes),
            s2c: (v.packets, v.bytes),
            began: s.began,
            ended: s.ended,
            retransmitted: c.retransmitted_bytes + v.retransmitted_bytes,
            out_of_order: c.out_of_order_segments + v.out_of_order_segments,
            conflicts: c.conflicts + v.conflicts,
            missing: c.missing_bytes + v.missing_bytes,
            community_id: conn_community_id(s, seed),
        }
    }
}

/// The connection table: columns as wide as their widest cell, numbers
/// right-aligned, two spaces between columns.
pub struct Table {
    widths: [usize; 16],
    zone: LocalZone,
    cells: [String; 16],
}

impl Table {
    /// A table sized for `rows`, with times shown in `zone`.
    pub fn new(rows: &[Row], zone: LocalZone) -> Table {
        let mut t = Table {
            widths: COLUMNS.map(|(name, _)| name.len()),
            zone,
            cells: Default::default(),
        };
        for r in rows {
            t.fill(r);
            for (w, c) in t.widths.iter_mut().zip(&t.cells) {
                *w = (*w).max(c.len());
            }
        }
        t
    }

    /// Formats `r` into the cell buffers.
    fn fill(&mut self, r: &Row) {
        use std::fmt::Write as _;
        for c in &mut self.cells {
            c.clear();
        }
        let civil = self.zone.civil(r.start.secs);
        // Writing to a String cannot fail.
        let [id, client, server, start, dur, cp, cb, sp, sb, began, ended, re, ooo, diff, miss, cid] =
            &mut self.cells;
        let _ = write!(id, "{}", r.id);
        let _ = write!(client, "{}", r.client);
        let _ = write!(server, "{}", r.server);
        let _ = write!(
            start,
            "{:02}:{:02}:{:02}.{:06}",
            civil.hour,
            civil.minute,
            civil.second,
            r.start.nanos / 1000
        );
        let _ = write!(
            dur,
            "{}.{:06}",
            r.duration_ns / 1_000_000_000,
            r.duration_ns % 1_000_000_000 / 1000
        );
        let _ = write!(cp, "{}", r.c2s.0);
        let _ = write!(cb, "{}", r.c2s.1);
        let _ = write!(sp, "{}", r.s2c.0);
        let _ = write!(sb, "{}", r.s2c.1);
        began.push_str(began_label(r.began));
        ended.push_str(ended_label(r.ended));
        let _ = write!(re, "{}", r.retransmitted);
        let _ = write!(ooo, "{}", r.out_of_order);
        let _ = write!(diff, "{}", r.conflicts);
        let _ = write!(miss, "{}", r.missing);
        cid.push_str(r.community_id.as_str());
    }

    fn write_cells(&self, buf: &mut Vec<u8>, cells: &[String; 16]) {
        let start = buf.len();
        for (i, ((cell, &w), (_, align))) in cells.iter().zip(&self.widths).zip(COLUMNS).enumerate()
        {
            if i > 0 {
                buf.extend_from_slice(b"  ");
            }
            let pad = w.saturating_sub(cell.len());
            if align == Align::Right {
                buf.resize(buf.len() + pad, b' ');
            }
            buf.extend_from_slice(cell.as_bytes());
            if align == Align::Left {
                buf.resize(buf.len() + pad, b' ');
            }
        }
        while buf.len() > start && buf.last() == Some(&b' ') {
            buf.pop();
        }
        buf.push(b'\n');
    }

    /// The header line.
    pub fn write_header(&self, buf: &mut Vec<u8>) {
        let names = COLUMNS.map(|(name, _)| name.to_string());
        self.write_cells(buf, &names);
    }

    /// One connection's line.
    pub fn write_row(&mut self, buf: &mut Vec<u8>, r: &Row) {
        self.fill(r);
        let cells = std::mem::take(&mut self.cells);
        self.write_cells(buf, &cells);
        self.cells = cells;
    }
}

pub(super) fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The lines under the table: what was read and what reassembly could not
/// use or had to give up.
pub fn write_totals(buf: &mut Vec<u8>, conns: u64, t: &Totals) {
    let mut s = format!(
        "{}, {} of {} read\n",
        plural(conns, "TCP connection", "TCP connections"),
        plural(t.segments, "segment", "segments"),
        plural(t.packets, "packet", "packets"),
    );
    let mut skipped = Vec::new();
    if t.fragments > 0 {
        skipped.push(plural(
            t.fragments,
            "IP fragment after the first",
            "IP fragments after the first",
        ));
    }
    if t.cut_headers > 0 {
        skipped.push(plural(
            t.cut_headers,
            "TCP packet whose header was cut or invalid",
            "TCP packets whose header was cut or invalid",
        ));
    }
    if !skipped.is_empty() {
        s.push_str(&format!("not reassembled: {}\n", skipped.join(", ")));
    }
    if t.late_packets > 0 {
        s.push_str(&format!(
            "{} ({}) after their connection closed, ignored\n",
            plural(t.late_packets, "late packet", "late packets"),
            plural(t.late_bytes, "payload byte", "payload bytes"),
        ));
    }
    s.push_str(&format!(
        "reassembly memory: peak {}",
        plural(t.peak_buffered, "byte", "bytes")
    ));
    if t.limit_gap_bytes > 0 {
        s.push_str(&format!(
            "; memory limits gave up {} in {}",
            plural(t.limit_gap_bytes, "byte", "bytes"),
            plural(t.limit_conns, "connection", "connections"),
        ));
    }
    if t.limit_events > 0 {
        s.push_str(&format!(
            "; total limit reached {}",
            plural(t.limit_events, "time", "times")
        ));
    }
    s.push('\n');
    if t.cut_short {
        let by = t
            .signal
            .map(|n| format!(" by {}", crate::error::signal_name(n)))
            .unwrap_or_default();
        s.push_str(&format!(
            "cut short{by}: the capture was not read to its end; connections still open \
             then are listed as they stood\n"
        ));
    }
    buf.extend_from_slice(s.as_bytes());
}

/// Where `--write` put the streams.
pub fn write_written(buf: &mut Vec<u8>, dir: &Path) {
    let line = format!(
        "streams written to {}, index in {}\n",
        dir.display(),
        dir.join(INDEX_NAME).display()
    );
    buf.extend_from_slice(line.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::{ConnInfo, DirSummary};

    fn conn() -> ConnInfo {
        ConnInfo {
            id: 3,
            reuse: 0,
            client: "10.0.0.2:40000".parse().unwrap(),
            server: "10.0.0.1:80".parse().unwrap(),
            start: Timestamp::new(0, 0),
        }
    }

    fn text(buf: Vec<u8>) -> String {
        String::from_utf8(buf).unwrap()
    }

    fn summary() -> ConnSummary {
        let c = conn();
        ConnSummary {
            id: 12,
            reuse: 0,
            client: c.client,
            server: c.server,
            start: Timestamp::new(3_723, 456_789_999),
            end: Timestamp::new(3_725, 0),
            duration_ns: 1_543_210_001,
            began: Began::Midstream,
            ended: Ended::RstServer,
            to_server: DirSummary {
                packets: 3,
                bytes: 100,
                retransmitted_bytes: 10,
                out_of_order_segments: 1,
                missing_bytes: 7,
                ..Default::default()
            },
            to_client: DirSummary {
                packets: 40,
                bytes: 123_456,
                retransmitted_bytes: 5,
                conflicts: 2,
                ..Default::default()
            },
        }
    }

    #[test]
    fn table_aligns_columns_and_sums_both_directions() {
        let mut buf = Vec::new();
        let rows = [Row::new(&summary(), 0)];
        let mut t = Table::new(&rows, LocalZone::utc());
        t.write_header(&mut buf);
        t.write_row(&mut buf, &rows[0]);
        let out = text(buf);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines,
            [
                concat!(
                    "ID  CLIENT          SERVER       START            DURATION  C>S PKTS  ",
                    "C>S BYTES  S>C PKTS  S>C BYTES  BEGAN      ENDED       RETRANS  OOO  ",
                    "DIFFER  MISSING  COMMUNITY ID"
                ),
                concat!(
                    "12  10.0.0.2:40000  10.0.0.1:80  01:02:03.456789  1.543210         3  ",
                    "      100        40     123456  midstream  rst-server       15    1  ",
                    "     2        7  1:wiztte4BBo/nz6LuCKq48Eb9IM8="
                ),
            ]
        );
    }

    #[test]
    fn totals_mention_only_what_happened() {
        let mut buf = Vec::new();
        let t = Totals {
            packets: 20,
            segments: 14,
            peak_buffered: 1,
            ..Default::default()
        };
        write_totals(&mut buf, 1, &t);
        assert_eq!(
            text(buf),
            "1 TCP connection, 14 segments of 20 packets read\nreassembly memory: peak 1 byte\n"
        );
        let mut buf = Vec::new();
        let t = Totals {
            fragments: 2,
            late_packets: 1,
            late_bytes: 0,
            limit_gap_bytes: 4096,
            limit_conns: 1,
            limit_events: 1,
            ..t
        };
        write_totals(&mut buf, 2, &t);
        let out = text(buf);
        assert!(
            out.contains("not reassembled: 2 IP fragments after the first\n"),
            "{out}"
        );
        assert!(
            out.contains("1 late packet (0 payload bytes) after their connection closed"),
            "{out}"
        );
        assert!(
            out.contains(
                "memory limits gave up 4096 bytes in 1 connection; total limit reached 1 time\n"
            ),
            "{out}"
        );
    }
}
