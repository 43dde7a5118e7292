//! The connection table: which connection a segment belongs to, when a
//! connection begins and ends, and the memory limits across connections.

use std::collections::HashMap;
use std::net::SocketAddr;

use super::seq::seq_diff;
use super::stream::{DirSummary, GapCause, Out, Stream};
use super::stream::{Gap, Span};
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
    /// It was evicted to keep the connection state within
    /// [`super::Limits::max_state`]: flushed and reported before its end
    /// (`ended` says how far it had got); its later packets, if any, make
    /// a new connection.
    pub evicted: bool,
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
    /// Live connections evicted by the state limit ([`Limits::max_state`]).
    pub evicted_connections: u64,
    /// Records of closed connections forgotten by the state limit: a late
    /// packet of one of them is no longer recognised (it starts a new
    /// connection), and a new connection on its 4-tuple is numbered as if
    /// it were the first.
    pub forgotten_closed: u64,
    /// Times the state limit was reached.
    pub state_limit_events: u64,
    /// Most memory the connection state took at once, as the state limit
    /// counts it.
    pub peak_state_bytes: u64,
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
    /// The closed connection's ID (for the eviction order).
    id: u64,
    reuse: u32,
    /// The client is the key's first endpoint.
    client_first: bool,
    closed_at: Timestamp,
    isn: [Option<u32>; 2],
    next_seq: [Option<u32>; 2],
}

impl Tombstone {
    /// A stand-in while a connection is being closed in its entry.
    const NONE: Tombstone = Tombstone {
        id: u64::MAX,
        reuse: 0,
        client_first: true,
        closed_at: Timestamp { secs: 0, nanos: 0 },
        isn: [None, None],
        next_seq: [None, None],
    };

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
    ) -> Result<(), S::Error> {
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

    /// Memory the connection's state takes, as the state limit counts it:
    /// the boxed connection and its gap and conflict lists (its buffers
    /// count against the buffer limits instead).
    fn state_cost(&self) -> usize {
        let lists: usize = self
            .streams
            .iter()
            .map(|s| {
                s.stats.gaps.capacity() * std::mem::size_of::<Gap>()
                    + s.stats.conflict_ranges.capacity() * std::mem::size_of::<Span>()
            })
            .sum();
        LIVE_CONN_COST + lists
    }

    /// Whether any payload went either way (else: a scan, a refused or
    /// unanswered SYN, a bare ACK), for the eviction order.
    fn carried_payload(&self) -> bool {
        self.streams.iter().any(|s| s.stats.bytes > 0)
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
    fn skip_hole<S: FlowSink + ?Sized>(&mut self, sink: &mut S) -> Result<bool, S::Error> {
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

    /// Flushes both directions and reports the summary (`evicted`: closed
    /// early by the state limit).
    fn close<S: FlowSink + ?Sized>(
        mut self,
        key: &FlowKey,
        evicted: bool,
        sink: &mut S,
    ) -> Result<Tombstone, S::Error> {
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
            id: self.info.id,
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
            evicted,
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

/// The table's hasher: the same keys in every run (aHash with fixed
/// seeds). The state limit's decisions depend on when the table grows and
/// how much room it has, which depend on where its entries hash to: with
/// random keys, the same capture would evict different connections from
/// one run to the next. It was SipHash with fixed keys (as predictable to
/// an attacker), which took a sixth of `flows`' instructions: a key is
/// hashed field by field, and SipHash pays for every small write.
type FixedHash = ahash::RandomState;

/// The fixed seeds of [`FixedHash`] (any constants do).
fn fixed_hash() -> FixedHash {
    ahash::RandomState::with_seeds(
        0x243f_6a88_85a3_08d3,
        0x1319_8a2e_0370_7344,
        0xa409_3822_299f_31d0,
        0x082e_fa98_ec4e_6c89,
    )
}

/// What one entry of the table costs, as the state limit counts it: a
/// bucket (key and entry) and its control byte.
pub(crate) const ENTRY_COST: usize = std::mem::size_of::<(FlowKey, Entry)>() + 1;
/// What the allocator keeps beside each boxed connection.
const BOX_OVERHEAD: usize = 16;

/// What a live connection with no gaps or conflicts costs, as the state
/// limit counts it.
pub(crate) const LIVE_CONN_COST: usize = std::mem::size_of::<Conn>() + BOX_OVERHEAD;

/// Bytes of the table's buckets when `full` entries fit before it grows
/// (the map keeps 1/8 of its buckets free).
fn map_bytes(full: usize) -> usize {
    full.saturating_mul(8) / 7 * ENTRY_COST
}

/// The entries a table of `full` entries holds after it grows (its
/// buckets double).
fn grown(full: usize) -> usize {
    (full.saturating_mul(2)).max(3)
}

/// Reassembles every TCP connection of a capture.
///
/// Push segments in capture order; call [`FlowTable::finish`] at the end to
/// flush the connections still open.
///
/// Eviction policy (the state limit, [`Limits::max_state`]). The state is
/// the table's buckets (at most half of the limit) and the live
/// connections. When a new connection needs a bucket the table cannot give
/// without growing past the limit, or the live connections take more than
/// the limit leaves them, entries are evicted in this order until the
/// table has room and the state is at most three quarters of the limit:
///
/// 1. records of closed connections, closed longest ago first (only to make
///    room in the table: they hold no connection memory);
/// 2. live connections that carried no payload either way, idle longest
///    first (capture time of their last packet);
/// 3. the other live connections, idle longest first.
///
/// An evicted live connection is flushed and reported at once, with
/// [`ConnSummary::evicted`], and leaves no record.
#[derive(Debug)]
pub struct FlowTable {
    limits: Limits,
    conns: HashMap<FlowKey, Entry, FixedHash>,
    live: usize,
    next_id: u64,
    buffered: usize,
    /// State of the live connections ([`Conn::state_cost`], summed).
    live_state: usize,
    /// Entries the table holds before it must grow (its largest capacity
    /// so far: it never shrinks).
    map_full: usize,
    stats: TableStats,
}

impl FlowTable {
    /// An empty table.
    pub fn new(limits: Limits) -> Self {
        FlowTable {
            limits,
            conns: HashMap::with_hasher(fixed_hash()),
            live: 0,
            next_id: 0,
            buffered: 0,
            live_state: 0,
            map_full: 0,
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

    /// Memory the connection state takes now, as the state limit counts it.
    pub fn state_bytes(&self) -> usize {
        map_bytes(self.map_full) + self.live_state
    }

    /// Takes one segment. Data it completes goes to `sink` now; if it ends its
    /// connection, the connection is flushed, reported and freed now.
    pub fn push<S: FlowSink + ?Sized>(
        &mut self,
        seg: &Segment<'_>,
        sink: &mut S,
    ) -> Result<(), S::Error> {
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
                    let before = (conn.buffered(), conn.state_cost());
                    conn.process(seg, dir, &self.limits, sink)?;
                    let after = (conn.buffered(), conn.state_cost());
                    let done = conn.is_done();
                    self.buffered = self.buffered.saturating_sub(before.0) + after.0;
                    self.live_state = self.live_state.saturating_sub(before.1) + after.1;
                    if done {
                        self.close(key, sink)?;
                    }
                    self.enforce_total(sink)?;
                    return self.enforce_state(false, sink);
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
    pub fn finish<S: FlowSink + ?Sized>(mut self, sink: &mut S) -> Result<TableStats, S::Error> {
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
    ) -> Result<(), S::Error> {
        let id = self.next_id;
        self.next_id += 1;
        self.stats.connections += 1;
        let mut conn = Box::new(Conn::new(id, reuse, seg, self.limits.retain_per_direction));
        sink.opened(&conn.info)?;
        let dir = conn.direction_of(seg.src);
        conn.process(seg, dir, &self.limits, sink)?;
        let entry = if conn.is_done() {
            Entry::Closed(conn.close(&key, false, sink)?)
        } else {
            self.buffered += conn.buffered();
            self.live_state += conn.state_cost();
            self.live += 1;
            Entry::Live(conn)
        };
        let live = matches!(entry, Entry::Live(_));
        if let Some(e) = self.conns.get_mut(&key) {
            // The 4-tuple's record: replaced in place (an insert could make
            // the table grow).
            *e = entry;
        } else {
            self.make_room(sink)?;
            self.conns.insert(key, entry);
            self.map_full = self.map_full.max(self.conns.capacity());
        }
        if live {
            self.enforce_total(sink)?;
        }
        self.enforce_state(false, sink)
    }

    /// Closes a live connection, leaving its record in its place.
    fn close<S: FlowSink + ?Sized>(&mut self, key: FlowKey, sink: &mut S) -> Result<(), S::Error> {
        let conn = match self.conns.get_mut(&key) {
            Some(e @ Entry::Live(_)) => {
                match std::mem::replace(e, Entry::Closed(Tombstone::NONE)) {
                    Entry::Live(conn) => conn,
                    Entry::Closed(_) => return Ok(()),
                }
            }
            _ => return Ok(()),
        };
        self.live -= 1;
        self.buffered = self.buffered.saturating_sub(conn.buffered());
        self.live_state = self.live_state.saturating_sub(conn.state_cost());
        let tomb = conn.close(&key, false, sink)?;
        if let Some(e) = self.conns.get_mut(&key) {
            *e = Entry::Closed(tomb);
        }
        Ok(())
    }

    /// Makes sure that inserting one more entry does not grow the table past
    /// its share of the state limit (half of it, and its old and new
    /// buckets together within the limit while it grows).
    fn make_room<S: FlowSink + ?Sized>(&mut self, sink: &mut S) -> Result<(), S::Error> {
        let (len, cap) = (self.conns.len(), self.conns.capacity());
        // With room left, or when the table would rehash in place rather
        // than grow, an insert allocates nothing.
        let full = self.map_full.max(cap);
        if len < cap || len < full / 2 {
            return Ok(());
        }
        let max = self.limits.max_state;
        let after = map_bytes(grown(full));
        if after <= max / 2 && after + map_bytes(full) + self.live_state <= max {
            return Ok(());
        }
        self.enforce_state(true, sink)
    }

    /// Evicts entries when the state is over the limit (or, with
    /// `need_slot`, until the table has room without growing); see the
    /// eviction policy on [`FlowTable`].
    fn enforce_state<S: FlowSink + ?Sized>(
        &mut self,
        need_slot: bool,
        sink: &mut S,
    ) -> Result<(), S::Error> {
        let max = self.limits.max_state;
        self.stats.peak_state_bytes = self.stats.peak_state_bytes.max(self.state_bytes() as u64);
        if !need_slot && self.state_bytes() <= max {
            return Ok(());
        }
        self.stats.state_limit_events += 1;
        let target = max / 4 * 3;
        let slots_target = self.map_full.max(self.conns.capacity()) / 2;
        // The eviction order: records (class 0), live without payload (1),
        // other live (2); within a class, longest idle first. Entries are
        // named by connection ID (a record keeps its connection's), which
        // is unique: the order takes a few dozen bytes an entry, not a
        // copy of each key.
        let mut order: Vec<(u8, Timestamp, u64, usize)> = self
            .conns
            .values()
            .map(|e| match e {
                Entry::Closed(t) => (0, t.closed_at, t.id, 0),
                Entry::Live(c) => (
                    1 + u8::from(c.carried_payload()),
                    c.end,
                    c.info.id,
                    c.state_cost(),
                ),
            })
            .collect();
        order.sort_unstable_by_key(|a| (a.0, a.1, a.2));
        let (mut len, mut state) = (self.conns.len(), self.state_bytes());
        let mut victims = std::collections::HashSet::new();
        for (class, _, id, cost) in order {
            let slots_done = !need_slot || len < slots_target;
            if slots_done && state <= target {
                break;
            }
            if class == 0 {
                // A record holds no connection memory: it goes only to make
                // room in the table.
                if !slots_done {
                    victims.insert(id);
                    len -= 1;
                    self.stats.forgotten_closed += 1;
                }
                continue;
            }
            victims.insert(id);
            len -= 1;
            state = state.saturating_sub(cost);
        }
        let mut evicted: Vec<(FlowKey, Box<Conn>)> = Vec::new();
        self.conns.retain(|k, e| match e {
            Entry::Closed(t) => !victims.contains(&t.id),
            Entry::Live(c) if victims.contains(&c.info.id) => {
                if let Entry::Live(conn) = std::mem::replace(e, Entry::Closed(Tombstone::NONE)) {
                    evicted.push((*k, conn));
                }
                false
            }
            Entry::Live(_) => true,
        });
        evicted.sort_unstable_by_key(|(_, c)| (c.carried_payload(), c.end, c.info.id));
        for (key, conn) in evicted {
            self.evict(key, conn, sink)?;
        }
        self.stats.peak_state_bytes = self.stats.peak_state_bytes.max(self.state_bytes() as u64);
        Ok(())
    }

    /// Evicts a live connection, taken out of the table: flushed, reported
    /// with `evicted` set, no record left.
    fn evict<S: FlowSink + ?Sized>(
        &mut self,
        key: FlowKey,
        conn: Box<Conn>,
        sink: &mut S,
    ) -> Result<(), S::Error> {
        self.live -= 1;
        self.buffered = self.buffered.saturating_sub(conn.buffered());
        self.live_state = self.live_state.saturating_sub(conn.state_cost());
        self.stats.evicted_connections += 1;
        conn.close(&key, true, sink)?;
        Ok(())
    }

    /// Over the total limit: release retained bytes, then force out-of-order
    /// data out, from the connections holding most, down to 3/4 of the limit.
    fn enforce_total<S: FlowSink + ?Sized>(&mut self, sink: &mut S) -> Result<(), S::Error> {
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
