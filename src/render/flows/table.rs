//! The `flows` connection table and the totals under it (and under
//! `--json` and `--write`).

use std::net::SocketAddr;
use std::path::Path;

use super::files::INDEX_NAME;
use crate::decode::community_id::{proto, CommunityId, FlowTuple};
use crate::flow::{Began, ConnSummary, Ended, Scope, TableStats, Timestamp, TunnelId};
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
    /// Live connections evicted by the state limit (`--max-state`).
    pub evicted: u64,
    /// Records of closed connections the state limit forgot.
    pub forgotten: u64,
    /// Times the state limit was reached.
    pub state_events: u64,
    /// Most memory the connection state took at once.
    pub peak_state: u64,
}

impl Totals {
    /// Takes the reassembly figures of the whole run.
    pub fn add_table_stats(&mut self, stats: &TableStats) {
        self.late_packets = stats.late_packets;
        self.late_bytes = stats.late_bytes;
        self.peak_buffered = stats.peak_buffered_bytes;
        self.limit_events = stats.total_limit_events;
        self.evicted = stats.evicted_connections;
        self.forgotten = stats.forgotten_closed;
        self.state_events = stats.state_limit_events;
        self.peak_state = stats.peak_state_bytes;
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

/// A TCP connection's Community ID (v1), from its innermost endpoints (the
/// specification does not cover tunnels: connections in different tunnels
/// between the same endpoints have the same ID).
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

/// The TUNNEL column (the last) is shown only when a connection was
/// carried in a tunnel.
const COLUMNS: [(&str, Align); 17] = [
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
    ("TUNNEL", Align::Left),
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
    /// Evicted by the state limit before its end.
    pub evicted: bool,
    /// Retransmitted bytes, both directions.
    pub retransmitted: u64,
    /// Out-of-order segments, both directions.
    pub out_of_order: u64,
    /// Segments whose data differed from data received before, both
    /// directions.
    pub conflicts: u64,
    /// Missing bytes, both directions.
    pub missing: u64,
    /// The tunnels it was carried in.
    pub scope: Scope,
}

impl From<&ConnSummary> for Row {
    fn from(s: &ConnSummary) -> Row {
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
            evicted: s.evicted,
            retransmitted: c.retransmitted_bytes + v.retransmitted_bytes,
            out_of_order: c.out_of_order_segments + v.out_of_order_segments,
            conflicts: c.conflicts + v.conflicts,
            missing: c.missing_bytes + v.missing_bytes,
            scope: s.scope,
        }
    }
}

/// The rows kept for the table until the end, a few dozen bytes each
/// (variable-length numbers), found by connection ID (IDs are dense: every
/// connection gets one row).
#[derive(Debug, Default)]
pub struct RowStore {
    bytes: Vec<u8>,
    /// Per ID: where its row starts in `bytes`, plus one (0: no row).
    at: Vec<u64>,
}

impl RowStore {
    /// Keeps `r` (a second row for the same ID replaces the first).
    pub fn push(&mut self, r: &Row) {
        let Ok(id) = usize::try_from(r.id) else {
            return;
        };
        if self.at.len() <= id {
            self.at.resize(id + 1, 0);
        }
        if let Some(slot) = self.at.get_mut(id) {
            *slot = self.bytes.len() as u64 + 1;
        }
        let b = &mut self.bytes;
        put(b, r.id);
        put_addr(b, &r.client);
        put_addr(b, &r.server);
        put(b, zigzag(r.start.secs));
        put(b, u64::from(r.start.nanos));
        put(b, r.duration_ns);
        for n in [r.c2s.0, r.c2s.1, r.s2c.0, r.s2c.1] {
            put(b, n);
        }
        b.push(began_code(r.began) | ended_code(r.ended) << 2 | u8::from(r.evicted) << 5);
        for n in [r.retransmitted, r.out_of_order, r.conflicts, r.missing] {
            put(b, n);
        }
        put_scope(b, &r.scope);
    }

    /// Rows kept.
    pub fn len(&self) -> usize {
        self.at.iter().filter(|&&a| a > 0).count()
    }

    pub fn is_empty(&self) -> bool {
        self.at.iter().all(|&a| a == 0)
    }

    /// The rows, in order of ID.
    pub fn iter(&self) -> impl Iterator<Item = Row> + Clone + '_ {
        self.at.iter().filter(|&&a| a > 0).filter_map(|&a| {
            let from = usize::try_from(a - 1).ok()?;
            read_row(&mut self.bytes.get(from..)?)
        })
    }
}

fn put(b: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        b.push(n as u8 | 0x80);
        n >>= 7;
    }
    b.push(n as u8);
}

fn zigzag(n: i64) -> u64 {
    ((n << 1) ^ (n >> 63)) as u64
}

fn unzigzag(n: u64) -> i64 {
    (n >> 1) as i64 ^ -((n & 1) as i64)
}

fn put_addr(b: &mut Vec<u8>, a: &SocketAddr) {
    match a {
        SocketAddr::V4(v4) => {
            b.push(4);
            b.extend_from_slice(&v4.ip().octets());
        }
        SocketAddr::V6(v6) => {
            b.push(6);
            b.extend_from_slice(&v6.ip().octets());
            put(b, u64::from(v6.scope_id()));
        }
    }
    b.extend_from_slice(&a.port().to_be_bytes());
}

fn put_ip(b: &mut Vec<u8>, ip: &std::net::IpAddr) {
    match ip {
        std::net::IpAddr::V4(v4) => {
            b.push(4);
            b.extend_from_slice(&v4.octets());
        }
        std::net::IpAddr::V6(v6) => {
            b.push(6);
            b.extend_from_slice(&v6.octets());
        }
    }
}

fn get_ip(b: &mut &[u8]) -> Option<std::net::IpAddr> {
    Some(match take(b)? {
        4 => take_n::<4>(b)?.into(),
        _ => take_n::<16>(b)?.into(),
    })
}

/// A scope: the number of tunnels, then each: a tag and its identity.
fn put_scope(b: &mut Vec<u8>, scope: &Scope) {
    let tunnels = scope.tunnels();
    b.push(tunnels.len() as u8);
    for t in tunnels {
        match t {
            TunnelId::None => b.push(0),
            TunnelId::Vxlan(v) => {
                b.push(1);
                put(b, u64::from(*v));
            }
            TunnelId::VxlanGpe(v) => {
                b.push(2);
                put(b, u64::from(*v));
            }
            TunnelId::Geneve(v) => {
                b.push(3);
                put(b, u64::from(*v));
            }
            TunnelId::Gre { ends, key } => {
                b.push(4);
                put_ip(b, &ends.0);
                put_ip(b, &ends.1);
                put(b, key.map_or(0, |k| u64::from(k) + 1));
            }
            TunnelId::IpInIp { ends } => {
                b.push(5);
                put_ip(b, &ends.0);
                put_ip(b, &ends.1);
            }
        }
    }
}

fn get_scope(b: &mut &[u8]) -> Option<Scope> {
    let mut scope = Scope::default();
    for _ in 0..take(b)? {
        let vni = |b: &mut &[u8]| get(b).and_then(|v| u32::try_from(v).ok());
        let t = match take(b)? {
            1 => TunnelId::Vxlan(vni(b)?),
            2 => TunnelId::VxlanGpe(vni(b)?),
            3 => TunnelId::Geneve(vni(b)?),
            4 => {
                let ends = (get_ip(b)?, get_ip(b)?);
                let key = match get(b)? {
                    0 => None,
                    k => Some(u32::try_from(k - 1).ok()?),
                };
                TunnelId::Gre { ends, key }
            }
            5 => TunnelId::IpInIp {
                ends: (get_ip(b)?, get_ip(b)?),
            },
            _ => TunnelId::None,
        };
        scope.push(t);
    }
    Some(scope)
}

fn take(b: &mut &[u8]) -> Option<u8> {
    let (&first, rest) = b.split_first()?;
    *b = rest;
    Some(first)
}

fn take_n<const N: usize>(b: &mut &[u8]) -> Option<[u8; N]> {
    let (head, rest) = b.split_at_checked(N)?;
    *b = rest;
    head.try_into().ok()
}

fn get(b: &mut &[u8]) -> Option<u64> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = take(b)?;
        n |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Some(n);
        }
    }
    None
}

fn get_addr(b: &mut &[u8]) -> Option<SocketAddr> {
    use std::net::{SocketAddrV4, SocketAddrV6};
    Some(match take(b)? {
        4 => {
            let ip = take_n::<4>(b)?;
            let port = u16::from_be_bytes(take_n::<2>(b)?);
            SocketAddr::V4(SocketAddrV4::new(ip.into(), port))
        }
        _ => {
            let ip = take_n::<16>(b)?;
            let scope = u32::try_from(get(b)?).ok()?;
            let port = u16::from_be_bytes(take_n::<2>(b)?);
            SocketAddr::V6(SocketAddrV6::new(ip.into(), port, 0, scope))
        }
    })
}

const BEGAN: [Began; 4] = [
    Began::Handshake,
    Began::SynOnly,
    Began::SynAckOnly,
    Began::Midstream,
];
const ENDED: [Ended; 6] = [
    Ended::FinBoth,
    Ended::FinClient,
    Ended::FinServer,
    Ended::RstClient,
    Ended::RstServer,
    Ended::Open,
];

fn began_code(b: Began) -> u8 {
    BEGAN.iter().position(|&x| x == b).unwrap_or(0) as u8
}

fn ended_code(e: Ended) -> u8 {
    ENDED.iter().position(|&x| x == e).unwrap_or(0) as u8
}

fn read_row(b: &mut &[u8]) -> Option<Row> {
    let id = get(b)?;
    let client = get_addr(b)?;
    let server = get_addr(b)?;
    let secs = unzigzag(get(b)?);
    let nanos = u32::try_from(get(b)?).ok()?;
    let duration_ns = get(b)?;
    let c2s = (get(b)?, get(b)?);
    let s2c = (get(b)?, get(b)?);
    let codes = take(b)?;
    let began = *BEGAN.get(usize::from(codes & 3))?;
    let ended = *ENDED.get(usize::from(codes >> 2 & 7))?;
    Some(Row {
        id,
        client,
        server,
        start: Timestamp { secs, nanos },
        duration_ns,
        c2s,
        s2c,
        began,
        ended,
        evicted: codes & 0x20 != 0,
        retransmitted: get(b)?,
        out_of_order: get(b)?,
        conflicts: get(b)?,
        missing: get(b)?,
        scope: get_scope(b)?,
    })
}

/// The connection table: columns as wide as their widest cell, numbers
/// right-aligned, two spaces between columns.
pub struct Table {
    widths: [usize; 17],
    zone: LocalZone,
    cells: [String; 17],
    /// Columns shown: 17 when some connection was tunnelled, else 16.
    shown: usize,
    /// The seed of the Community IDs shown.
    seed: u16,
}

impl Table {
    /// A table sized for `rows`, with times shown in `zone`.
    pub fn new(rows: &[Row], zone: LocalZone) -> Table {
        Table::sized(rows.iter().copied(), zone)
    }

    /// A table sized for the rows `rows` gives.
    pub fn sized(rows: impl Iterator<Item = Row> + Clone, zone: LocalZone) -> Table {
        let mut t = Table {
            widths: COLUMNS.map(|(name, _)| name.len()),
            zone,
            cells: Default::default(),
            shown: if rows.clone().any(|r| !r.scope.is_empty()) {
                17
            } else {
                16
            },
            seed: 0,
        };
        for r in rows {
            t.fill(&r);
            for (w, c) in t.widths.iter_mut().zip(&t.cells) {
                *w = (*w).max(c.len());
            }
        }
        t
    }

    /// Shows Community IDs computed with `seed` (0 by default; every ID
    /// has the same width, so the table's size does not change).
    pub fn with_community_id_seed(mut self, seed: u16) -> Table {
        self.seed = seed;
        self
    }

    /// Formats `r` into the cell buffers.
    fn fill(&mut self, r: &Row) {
        use std::fmt::Write as _;
        for c in &mut self.cells {
            c.clear();
        }
        let civil = self.zone.civil(r.start.secs);
        // Writing to a String cannot fail.
        let [id, client, server, start, dur, cp, cb, sp, sb, began, ended, re, ooo, diff, miss, cid, tunnel] =
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
        ended.push_str(if r.evicted {
            "evicted"
        } else {
            ended_label(r.ended)
        });
        let _ = write!(re, "{}", r.retransmitted);
        let _ = write!(ooo, "{}", r.out_of_order);
        let _ = write!(diff, "{}", r.conflicts);
        let _ = write!(miss, "{}", r.missing);
        let tuple = FlowTuple::transport(proto::TCP, r.client, r.server);
        cid.push_str(tuple.community_id(self.seed).as_str());
        let _ = write!(tunnel, "{}", ScopeLabel(&r.scope));
    }

    fn write_cells(&self, buf: &mut Vec<u8>, cells: &[String; 17]) {
        let start = buf.len();
        for (i, ((cell, &w), (_, align))) in cells
            .iter()
            .zip(&self.widths)
            .zip(COLUMNS)
            .take(self.shown)
            .enumerate()
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

/// A connection's tunnels, outermost first, joined by `>`: `vxlan:5001`,
/// `vxlan-gpe:5001`, `geneve:5001`, `gre:A-B` (with `/key=K` when the
/// tunnel has a key), `ipip:A-B`; empty for no tunnel.
pub struct ScopeLabel<'a>(pub &'a Scope);

impl std::fmt::Display for ScopeLabel<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, t) in self.0.tunnels().iter().enumerate() {
            if i > 0 {
                f.write_str(">")?;
            }
            match t {
                TunnelId::None => f.write_str("-")?,
                TunnelId::Vxlan(v) => write!(f, "vxlan:{v}")?,
                TunnelId::VxlanGpe(v) => write!(f, "vxlan-gpe:{v}")?,
                TunnelId::Geneve(v) => write!(f, "geneve:{v}")?,
                TunnelId::Gre { ends, key } => {
                    write!(f, "gre:{}-{}", ends.0, ends.1)?;
                    if let Some(k) = key {
                        write!(f, "/key={k}")?;
                    }
                }
                TunnelId::IpInIp { ends } => write!(f, "ipip:{}-{}", ends.0, ends.1)?,
            }
        }
        Ok(())
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
    if t.state_events > 0 {
        s.push_str(&format!(
            "connection state: peak {}; state limit (--max-state) reached {}: {} evicted \
             before their end (ENDED evicted), {} forgotten\n",
            plural(t.peak_state, "byte", "bytes"),
            plural(t.state_events, "time", "times"),
            plural(t.evicted, "connection", "connections"),
            plural(
                t.forgotten,
                "record of a closed connection",
                "records of closed connections"
            ),
        ));
    }
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

    /// Rows come back from the compact store as they went in, in order of
    /// ID whatever the order they were kept in: IPv4, IPv6 with a zone,
    /// every kind of tunnel, large numbers, times before 1970.
    #[test]
    fn row_store_gives_back_what_it_kept() {
        let base = Row::from(&summary());
        let mut scope = Scope::default();
        let gre = TunnelId::Gre {
            ends: ("192.0.2.1".parse().unwrap(), "2001:db8::1".parse().unwrap()),
            key: Some(u32::MAX),
        };
        for t in [TunnelId::Vxlan(16_777_215), gre, TunnelId::Geneve(7)] {
            scope.push(t);
        }
        let ipip = TunnelId::IpInIp {
            ends: ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap()),
        };
        scope.push(ipip);
        let rows = [
            Row { id: 2, ..base },
            Row {
                id: 0,
                client: "[fe80::1%3]:5000".parse().unwrap(),
                server: "[2001:db8::2]:443".parse().unwrap(),
                start: Timestamp::new(-86_400, 999_999_999),
                c2s: (u64::MAX, 1 << 40),
                evicted: true,
                ended: Ended::Open,
                began: Began::SynAckOnly,
                scope,
                ..base
            },
            Row {
                id: 1,
                missing: 12345,
                ..base
            },
        ];
        let mut store = RowStore::default();
        for r in &rows {
            store.push(r);
        }
        let back: Vec<Row> = store.iter().collect();
        assert_eq!(back, [rows[1], rows[2], rows[0]]);
        assert_eq!(store.len(), 3);
    }

    fn conn() -> ConnInfo {
        ConnInfo {
            id: 3,
            reuse: 0,
            client: "10.0.0.2:40000".parse().unwrap(),
            server: "10.0.0.1:80".parse().unwrap(),
            start: Timestamp::new(0, 0),
            scope: Default::default(),
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
            scope: Default::default(),
            end: Timestamp::new(3_725, 0),
            duration_ns: 1_543_210_001,
            began: Began::Midstream,
            ended: Ended::RstServer,
            evicted: false,
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
        let rows = [Row::from(&summary())];
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
