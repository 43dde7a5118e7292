//! The connection table: which connection a segment belongs to, when a
//! connection begins and ends, and the memory limits across connections.

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;

use super::seq::seq_diff;
use super::stream::{DirSummary, GapCause, Out, Stream};
use super::{Direction, FlowSink, Limits, Scope, Segment, Timestamp};

/// A packet for a closed 4-tuple belongs to the closed connection when its
/// sequence (or acknowledgement) number is this close to where that
/// connection ended...
const LATE_WINDOW: u32 = 1 << 20;
/// ...and it came at most this long after (twice the usual MSL).
const LATE_SECS: i64 = 240;
/// A payload length beyond this is not believed; the captured length is used.
const MAX_PAYLOAD_LEN: u32 = 1 << 30;

/// Identity of a connection, as the sink sees it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ConnInfo {
    /// Sequential number, in order of first packet, from 0 (as tshark's
    /// `tcp.stream`).
    pub id: u64,
    /// How many connections this 4-tuple carried before this one.
    pub reuse: u32,
    /// The SYN sender; else the SYN-ACK receiver; else the first packet's
    /// sender.
    pub client: SocketAddr,
    /// The other end.
    pub server: SocketAddr,
    /// The first packet's timestamp.
    pub start: Timestamp,
    /// The tunnels it was carried in (empty on the wire itself).
    pub scope: Scope,
}

impl ConnInfo {
    /// Sender and receiver of `dir`.
    pub fn endpoints(&self, dir: Direction) -> (SocketAddr, SocketAddr) {
        match dir {
            Direction::ClientToServer => (self.client, self.server),
            Direction::ServerToClient => (self.server, self.client),
        }
    }
}

/// How a connection began, as far as the capture shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Began {
    /// SYN and SYN-ACK seen.
    Handshake,
    /// SYN seen, no SYN-ACK (unanswered, refused, or not captured).
    SynOnly,
    /// SYN-ACK seen, the SYN not captured.
    SynAckOnly,
    /// Picked up mid-stream.
    Midstream,
}

/// How a connection ended, as far as the capture shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ended {
    /// FIN both ways.
    FinBoth,
    /// FIN from the client only.
    FinClient,
    /// FIN from the server only.
    FinServer,
    /// RST from the client (first).
    RstClient,
    /// RST from the server (first).
    RstServer,
    /// Still open when the capture ended, or when a new connection took its
    /// 4-tuple.
    Open,
}

/// A finished connection: endpoints, timing, and both directions' figures.
///
/// `render::flows` shows it as a table row and as JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnSummary {
    /// See [`ConnInfo::id`].
    pub id: u64,
    /// See [`ConnInfo::reuse`].
    pub reuse: u32,
    /// See [`ConnInfo::client`].
    pub client: SocketAddr,
    /// See [`ConnInfo::server`].
    pub server: SocketAddr,
    /// First packet.
    pub start: Timestamp,
    /// See [`ConnInfo::scope`].
    pub scope: Scope,
    /// Last packet.
    pub end: Timestamp,
    /// From first to last packet, in nanoseconds.
    pub duration_ns: u64,
    /// How it began.
    pub began: Began,
    /// How it ended.
    pub ended: Ended,
    /// Client to server.
    pub to_server: DirSummary,
    /// Server to client.
    pub to_client: DirSummary,
}

impl ConnSummary {
    /// The connection's identity.
    pub fn info(&self) -> ConnInfo {
        ConnInfo {
            id: self.id,
            reuse: self.reuse,
            client: self.client,
            server: self.server,
            start: self.start,
            scope: self.scope,
        }
    }

    /// One direction's figures.
    pub fn dir(&self, dir: Direction) -> &DirSummary {
        match dir {
            Direction::ClientToServer => &self.to_server,
            Direction::ServerToClient => &self.to_client,
        }
    }
}

/// Figures for the whole table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableStats {
    /// Segments pushed.
    pub packets: u64,
    /// Connections seen.
    pub connections: u64,
    /// Segments that came after their connection had closed (a retransmitted
    /// FIN, a last ACK, an RST after RST), and were ignored.
    pub late_packets: u64,
    /// Payload bytes of those segments.
    pub late_bytes: u64,
    /// Most bytes held at once (out-of-order and retained).
    pub peak_buffered_bytes: u64,
    /// Times the total limit was exceeded and data was released or forced out.
    pub total_limit_events: u64,
}

/// A connection's key: its tunnels and its 4-tuple with the lower
/// endpoint first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct FlowKey(Scope, SocketAddr, SocketAddr);

impl FlowKey {
    fn new(scope: Scope, a: SocketAddr, b: SocketAddr) -> Self {
        if a <= b {
            FlowKey(scope, a, b)
        } else {
            FlowKey(scope, b, a)
        }
    }
}

/// What remains of a closed connection: enough to recognise its stray
/// packets, and the reuse count.
#[derive(Debug)]
struct Tombstone {
    reuse: u32,
    /// The client is the key's first endpoint.
    client_first: bool,
    closed_at: Timestamp,
    isn: [Option<u32>; 2],
    next_seq: [Option<u32>; 2],
}

impl Tombstone {
    fn is_late(&self, key: &FlowKey, seg: &Segment<'_>) -> bool {
        if seg.ts.secs.saturating_sub(self.closed_at.secs) > LATE_SECS {
            return false;
        }
        let dir = if (seg.src == key.1) == self.client_first {
            Direction::ClientToServer
        } else {
            Direction::ServerToClient
        };
        let f = seg.flags;
        if f.syn() && !f.rst() {
            // Only a copy of the closed connection's own SYN or SYN-ACK.
            let syn_dir = if f.ack() {
                Direction::ServerToClient
            } else {
                Direction::ClientToServer
            };
            return dir == syn_dir && self.isn[dir.index()] == Some(seg.seq);
        }
        let near = |a: u32, b: Option<u32>| {
            b.is_some_and(|b| seq_diff(a, b).unsigned_abs() <= LATE_WINDOW)
        };
        near(seg.seq, self.next_seq[dir.index()])
            || (f.ack() && near(seg.ack, self.next_seq[dir.reverse().index()]))
    }
}

/// One connection.
#[derive(Debug)]
struct Conn {
    info: ConnInfo,
    end: Timestamp,
    syn: bool,
    syn_ack: bool,
    rst: Option<Direction>,
    streams: [Stream; 2],
}

impl Conn {
    fn new(id: u64, reuse: u32, seg: &Segment<'_>, retain: usize) -> Self {
        let f = seg.flags;
        let (client, server) = if f.syn() && f.ack() && !f.rst() {
            (seg.dst, seg.src)
        } else {
            (seg.src, seg.dst)
        };
        Conn {
            info: ConnInfo {
                id,
                reuse,
                client,
                server,
                start: seg.ts,
                scope: seg.scope,
            },
            end: seg.ts,
            syn: false,
            syn_ack: false,
            rst: None,
            streams: [Stream::new(retain), Stream::new(retain)],
        }
    }

    fn direction_of(&self, src: SocketAddr) -> Direction {
        if src == self.info.client {
            Direction::ClientToServer
        } else {
            Direction::ServerToClient
        }
    }

    /// The identity, `dir`'s stream and the other one.
    fn parts(&mut self, dir: Direction) -> (&ConnInfo, &mut Stream, &mut Stream) {
        let [c2s, s2c] = &mut self.streams;
        match dir {
            Direction::ClientToServer => (&self.info, c2s, s2c),
            Direction::ServerToClient => (&self.info, s2c, c2s),
        }
    }

    fn stream(&self, dir: Direction) -> &Stream {
        let [c2s, s2c] = &self.streams;
        match dir {
            Direction::ClientToServer => c2s,
            Direction::ServerToClient => s2c,
        }
    }

    /// A SYN that cannot belong to this connection: it starts a new one on
    /// the same 4-tuple.
    fn starts_new(&self, seg: &Segment<'_>, dir: Direction) -> bool {
        let f = seg.flags;
        if !f.syn() || f.rst() {
            return false;
        }
        let me = self.stream(dir);
        let fits = me.isn() == Some(seg.seq)
            || (me.isn().is_none() && me.base().is_none_or(|b| b == seg.seq.wrapping_add(1)));
        if f.ack() {
            !fits
        } else {
            // A SYN only ever comes from the client.
            dir != Direction::ClientToServer || !fits
        }
    }

    fn process<S: FlowSink + ?Sized>(
        &mut self,
        seg: &Segment<'_>,
        dir: Direction,
        limits: &Limits,
        sink: &mut S,
    ) -> io::Result<()> {
        let f = seg.flags;
        let len = if seg.payload_len > MAX_PAYLOAD_LEN {
            u32::try_from(seg.payload.len())
                .unwrap_or(MAX_PAYLOAD_LEN)
                .min(MAX_PAYLOAD_LEN)
        } else {
            seg.payload_len
        };
        // Bytes past the headers' length (Ethernet padding) are not payload.
        let payload = seg.payload.get(..len as usize).unwrap_or(seg.payload);
        self.end = self.end.max(seg.ts);
        if f.rst() {
            self.rst.get_or_insert(dir);
        } else if f.syn() && f.ack() {
            self.syn_ack = true;
        } else if f.syn() {
            self.syn = true;
        }

        let (info, me, peer) = self.parts(dir);
        me.stats.packets += 1;
        me.stats.bytes += u64::from(len);
        if f.rst() {
            // An RST's payload (diagnostic text, RFC 9293 §3.5.3) is not
            // stream data, and its acknowledgement is not trusted.
            me.stats.rst = true;
            return Ok(());
        }
        if f.syn() {
            me.stats.syn = true;
            if me.isn().is_none() {
                me.set_isn(seg.seq);
            }
        }
        if f.ack() {
            let mut out = Out {
                sink: &mut *sink,
                info,
                dir: dir.reverse(),
            };
            peer.on_ack(seg.ack, &mut out)?;
            if !f.syn() {
                peer.set_peer_window(seg.window);
            }
        }
        let data_seq = seg.seq.wrapping_add(u32::from(f.syn()));
        if !me.has_base() {
            me.start_midstream(data_seq);
        }
        let mut out = Out {
            sink: &mut *sink,
            info,
            dir,
        };
        me.on_segment(data_seq, payload, len, f.fin(), &mut out)?;
        if f.fin() {
            me.stats.fin = true;
        }
        while self.pending_cost() > limits.max_conn_buffered {
            if !self.skip_hole(sink)? {
                break;
            }
        }
        Ok(())
    }

    fn pending_cost(&self) -> usize {
        self.streams.iter().map(Stream::pending_cost).sum()
    }

    fn buffered(&self) -> usize {
        self.streams.iter().map(Stream::buffered).sum()
    }

    fn retained(&self) -> usize {
        self.streams.iter().map(Stream::retained_memory).sum()
    }

    fn release_retained(&mut self) -> usize {
        self.streams.iter_mut().map(Stream::release_retained).sum()
    }

    /// A limit forces out the first hole of the direction holding more.
    fn skip_hole<S: FlowSink + ?Sized>(&mut self, sink: &mut S) -> io::Result<bool> {
        let [c2s, s2c] = &self.streams;
        let dir = if c2s.pending_cost() >= s2c.pending_cost() {
            Direction::ClientToServer
        } else {
            Direction::ServerToClient
        };
        let (info, me, _) = self.parts(dir);
        me.skip_hole(GapCause::Limit, &mut Out { sink, info, dir })
    }

    fn is_done(&self) -> bool {
        self.rst.is_some() || self.streams.iter().all(Stream::fin_acked)
    }

    /// Flushes both directions and reports the summary.
    fn close<S: FlowSink + ?Sized>(mut self, key: &FlowKey, sink: &mut S) -> io::Result<Tombstone> {
        for dir in Direction::BOTH {
            let (info, me, _) = self.parts(dir);
            me.flush(&mut Out {
                sink: &mut *sink,
                info,
                dir,
            })?;
        }
        let [c2s, s2c] = self.streams;
        let tomb = Tombstone {
            reuse: self.info.reuse,
            client_first: self.info.client == key.1,
            closed_at: self.end,
            isn: [c2s.isn(), s2c.isn()],
            next_seq: [c2s.next_seq(), s2c.next_seq()],
        };
        let began = match (self.syn, self.syn_ack) {
            (true, true) => Began::Handshake,
            (true, false) => Began::SynOnly,
            (false, true) => Began::SynAckOnly,
            (false, false) => Began::Midstream,
        };
        let (to_server, to_client) = (c2s.into_summary(), s2c.into_summary());
        let ended = match self.rst {
            Some(Direction::ClientToServer) => Ended::RstClient,
            Some(Direction::ServerToClient) => Ended::RstServer,
            None => match (to_server.fin, to_client.fin) {
                (true, true) => Ended::FinBoth,
                (true, false) => Ended::FinClient,
                (false, true) => Ended::FinServer,
                (false, false) => Ended::Open,
            },
        };
        let summary = ConnSummary {
            id: self.info.id,
            reuse: self.info.reuse,
            client: self.info.client,
            server: self.info.server,
            start: self.info.start,
            scope: self.info.scope,
            end: self.end,
            duration_ns: self.end.nanos_since(self.info.start),
            began,
            ended,
            to_server,
            to_client,
        };
        sink.closed(&summary)?;
        Ok(tomb)
    }
}

#[derive(Debug)]
enum Entry {
    Live(Box<Conn>),
    Closed(Tombstone),
}

/// Reassembles every TCP connection of a capture.
///
/// Push segments in capture order; call [`FlowTable::finish`] at the end to
/// flush the connections still open.
#[derive(Debug)]
pub struct FlowTable {
    limits: Limits,
    conns: HashMap<FlowKey, Entry>,
    live: usize,
    next_id: u64,
    buffered: usize,
    stats: TableStats,
}

impl FlowTable {
    /// An empty table.
    pub fn new(limits: Limits) -> Self {
        FlowTable {
            limits,
            conns: HashMap::new(),
            live: 0,
            next_id: 0,
            buffered: 0,
            stats: TableStats::default(),
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Figures so far.
    pub fn stats(&self) -> &TableStats {
        &self.stats
    }

    /// Connections not yet closed.
    pub fn open_connections(&self) -> usize {
        self.live
    }

    /// Memory held now for out-of-order and retained data, as the limits
    /// count it.
    pub fn buffered_bytes(&self) -> usize {
        self.buffered
    }

    /// Takes one segment. Data it completes goes to `sink` now; if it ends its
    /// connection, the connection is flushed, reported and freed now.
    pub fn push<S: FlowSink + ?Sized>(
        &mut self,
        seg: &Segment<'_>,
        sink: &mut S,
    ) -> io::Result<()> {
        self.stats.packets += 1;
        let key = FlowKey::new(seg.scope, seg.src, seg.dst);
        let reuse = match self.conns.get_mut(&key) {
            Some(Entry::Live(conn)) => {
                let dir = conn.direction_of(seg.src);
                if conn.starts_new(seg, dir) {
                    let reuse = conn.info.reuse.saturating_add(1);
                    self.close(key, sink)?;
                    reuse
                } else {
                    let before = conn.buffered();
                    conn.process(seg, dir, &self.limits, sink)?;
                    let after = conn.buffered();
                    let done = conn.is_done();
                    self.buffered = self.buffered.saturating_sub(before) + after;
                    if done {
                        self.close(key, sink)?;
                    }
                    return self.enforce_total(sink);
                }
            }
            Some(Entry::Closed(tomb)) => {
                if tomb.is_late(&key, seg) {
                    self.stats.late_packets += 1;
                    self.stats.late_bytes += u64::from(seg.payload_len);
                    return Ok(());
                }
                tomb.reuse.saturating_add(1)
            }
            None => 0,
        };
        self.open(key, reuse, seg, sink)
    }

    /// Flushes and reports every connection still open, in order of `id`.
    pub fn finish<S: FlowSink + ?Sized>(mut self, sink: &mut S) -> io::Result<TableStats> {
        let mut open: Vec<(u64, FlowKey)> = self
            .conns
            .iter()
            .filter_map(|(k, e)| match e {
                Entry::Live(c) => Some((c.info.id, *k)),
                Entry::Closed(_) => None,
            })
            .collect();
        open.sort_unstable_by_key(|(id, _)| *id);
        for (_, key) in open {
            self.close(key, sink)?;
        }
        Ok(self.stats)
    }

    fn open<S: FlowSink + ?Sized>(
        &mut self,
        key: FlowKey,
        reuse: u32,
        seg: &Segment<'_>,
        sink: &mut S,
    ) -> io::Result<()> {
        let id = self.next_id;
        self.next_id += 1;
        self.stats.connections += 1;
        let mut conn = Box::new(Conn::new(id, reuse, seg, self.limits.retain_per_direction));
        sink.opened(&conn.info)?;
        let dir = conn.direction_of(seg.src);
        conn.process(seg, dir, &self.limits, sink)?;
        if conn.is_done() {
            let tomb = conn.close(&key, sink)?;
            self.conns.insert(key, Entry::Closed(tomb));
            return Ok(());
        }
        self.buffered += conn.buffered();
        self.conns.insert(key, Entry::Live(conn));
        self.live += 1;
        self.enforce_total(sink)
    }

    fn close<S: FlowSink + ?Sized>(&mut self, key: FlowKey, sink: &mut S) -> io::Result<()> {
        let conn = match self.conns.remove(&key) {
            Some(Entry::Live(conn)) => conn,
            Some(other) => {
                self.conns.insert(key, other);
                return Ok(());
            }
            None => return Ok(()),
        };
        self.live -= 1;
        self.buffered = self.buffered.saturating_sub(conn.buffered());
        let tomb = conn.close(&key, sink)?;
        self.conns.insert(key, Entry::Closed(tomb));
        Ok(())
    }

    /// Over the total limit: release retained bytes, then force out-of-order
    /// data out, from the connections holding most, down to 3/4 of the limit.
    fn enforce_total<S: FlowSink + ?Sized>(&mut self, sink: &mut S) -> io::Result<()> {
        self.stats.peak_buffered_bytes = self.stats.peak_buffered_bytes.max(self.buffered as u64);
        if self.buffered <= self.limits.max_total_buffered {
            return Ok(());
        }
        self.stats.total_limit_events += 1;
        let target = self.limits.max_total_buffered / 4 * 3;

        for key in self.holders(Conn::retained) {
            if self.buffered <= target {
                return Ok(());
            }
            if let Some(Entry::Live(conn)) = self.conns.get_mut(&key) {
                self.buffered = self.buffered.saturating_sub(conn.release_retained());
            }
        }
        for key in self.holders(Conn::pending_cost) {
            if self.buffered <= target {
                return Ok(());
            }
            if let Some(Entry::Live(conn)) = self.conns.get_mut(&key) {
                let before = conn.buffered();
                while self.buffered.saturating_sub(before) + conn.buffered() > target {
                    if !conn.skip_hole(sink)? {
                        break;
                    }
                }
                // What was forced out is now retained: let it go too.
                conn.release_retained();
                self.buffered = self.buffered.saturating_sub(before) + conn.buffered();
            }
        }
        Ok(())
    }

    /// Live connections holding something by `measure`, largest first.
    fn holders(&self, measure: fn(&Conn) -> usize) -> Vec<FlowKey> {
        let mut v: Vec<(usize, u64, FlowKey)> = self
            .conns
            .iter()
            .filter_map(|(k, e)| match e {
                Entry::Live(c) => Some((measure(c), c.info.id, *k)).filter(|t| t.0 > 0),
                Entry::Closed(_) => None,
            })
            .collect();
        v.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        v.into_iter().map(|(_, _, k)| k).collect()
    }
}
