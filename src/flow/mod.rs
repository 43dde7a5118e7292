//! Offline TCP reassembly: the engine alone. No I/O, no serde, no
//! command-line types; what it reassembles reaches a [`FlowSink`], and
//! `render::flows` prints it and writes it to files.
//!
//! The caller decodes packets and hands each TCP segment to a [`FlowTable`]
//! as a [`Segment`]: addresses, ports, sequence and acknowledgement numbers,
//! flags, window, the captured payload bytes and the payload length the IP
//! and TCP headers claim. Nothing here parses packet bytes.
//!
//! ```text
//!  Segment ──► FlowTable ──► Conn (one per connection: key = canonical 4-tuple)
//!                              └─ Stream × 2 (one per direction: seq map,
//!                                 out-of-order store, overlap and gap policy)
//!                                        │
//!               FlowSink ◄── data(offset, bytes) / gap(offset, len) / closed(summary)
//! ```
//!
//! Each direction's bytes reach the [`FlowSink`] in stream order, exactly
//! once, each byte either as data or inside a [`Gap`]: offsets are 64-bit
//! and count from the first byte after the SYN (or from the first byte seen,
//! for a connection picked up mid-stream), so sequence-number wrap never shows.
//!
//! Policies, stated once:
//!
//! * In-order data goes straight from the caller's buffer to the sink. Only
//!   data that arrives ahead of a hole is copied (and, up to
//!   [`Limits::retain_per_direction`], the not yet acknowledged tail of what
//!   was delivered, to compare retransmissions against).
//! * Overlaps: the first data received for an offset wins. Every byte
//!   received again counts as retransmitted; the bytes that differ from what
//!   was kept count as conflicts ([`DirSummary::conflicts`]).
//! * Missing bytes are never invented. A hole becomes a [`Gap`] (its cause:
//!   lost, cut by the snaplen, or given up by a memory limit) when the
//!   connection ends or a limit forces delivery past it.
//! * Memory is bounded by [`Limits`]; what a limit forces out is a counted
//!   gap, and data that arrives for a range already given up is counted as
//!   late, never silently dropped.
//! * A connection ends on RST, or once both FINs are acknowledged; it is then
//!   flushed, reported through [`FlowSink::closed`] and freed at once. Later
//!   stray packets of it (a retransmitted FIN, a trailing ACK or RST) are
//!   counted in [`TableStats`]; a new SYN on the same 4-tuple starts a new
//!   connection with `reuse` one higher.
//!
//! Heuristics, where the capture cannot say for sure:
//!
//! * Keep-alive: 0 or 1 byte at the last sequence number already sent (so a
//!   1-byte retransmission of the very last byte counts as one too).
//!   Zero-window probe: the same while the peer advertises a zero window, or
//!   1 byte at the next sequence number then, held back until the receiver
//!   acknowledges it or the sender carries on after it.
//! * Mid-stream pickup: a direction starts at the peer's latest
//!   acknowledgement when that is within 1 MiB of its first segment, else at
//!   that segment.
//! * After a close, a packet on the 4-tuple within 240 s whose sequence (or
//!   acknowledgement) number is within 1 MiB of where the connection ended
//!   is a late packet of it; a SYN with a new ISN, or anything else, starts
//!   a new connection.
//! * A payload length over 1 GiB is not believed (the captured length is
//!   used). An RST's payload is not stream data.
//! * Bytes the peer acknowledged but the capture never showed are reported
//!   as a gap only when a later segment or the FIN fixes where they end.
//!
//! Memory: a closed connection leaves a small record (under 200 bytes), to
//! recognise its late packets and to number the reuse of its 4-tuple. The
//! table, live connections and those records together stay within
//! [`Limits::max_state`]: over it, records and then live connections are
//! evicted (a live one is flushed and reported with
//! [`ConnSummary::evicted`] set, as if the capture ended for it, and leaves
//! no record: its later packets start a new connection, picked up
//! mid-stream).
//!
//! No function here panics on any input.
//!
//! ```
//! use netdecode::flow::{ConnSummary, FlowTable, Limits, Segment, TcpFlags, Timestamp};
//!
//! let (client, server) = ("10.0.0.1:40000".parse().unwrap(), "10.0.0.2:80".parse().unwrap());
//! let syn = Segment {
//!     scope: Default::default(),
//!     ts: Timestamp::new(1_700_000_000, 0),
//!     src: client,
//!     dst: server,
//!     seq: 1000,
//!     ack: 0,
//!     flags: TcpFlags(TcpFlags::SYN),
//!     window: 65535,
//!     payload: &[],
//!     payload_len: 0,
//! };
//! let data = Segment { seq: 1001, flags: TcpFlags(TcpFlags::ACK), payload: b"hi", payload_len: 2, ..syn };
//!
//! let mut table = FlowTable::new(Limits::default());
//! let mut summaries: Vec<ConnSummary> = Vec::new(); // a FlowSink
//! table.push(&syn, &mut summaries)?;
//! table.push(&data, &mut summaries)?;
//! table.finish(&mut summaries)?;
//! assert_eq!(summaries[0].to_server.stream_bytes, 2);
//! # Ok::<(), std::convert::Infallible>(())
//! ```

pub mod seq;
mod stream;
mod table;

#[cfg(test)]
pub(crate) mod tests;

use std::net::{IpAddr, SocketAddr};

pub use stream::{DirSummary, Gap, GapCause, Span, PIECE_OVERHEAD};
pub use table::{Began, ConnInfo, ConnSummary, Ended, FlowTable, TableStats};

/// A capture timestamp: seconds and nanoseconds since the Unix epoch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// Whole seconds since the epoch.
    pub secs: i64,
    /// Nanoseconds within the second, below 10^9.
    pub nanos: u32,
}

impl Timestamp {
    /// A timestamp from seconds and nanoseconds.
    pub fn new(secs: i64, nanos: u32) -> Self {
        Timestamp { secs, nanos }
    }

    /// Nanoseconds from `earlier` to `self`; 0 if `earlier` is later.
    pub fn nanos_since(self, earlier: Timestamp) -> u64 {
        let ns = |t: Timestamp| i128::from(t.secs) * 1_000_000_000 + i128::from(t.nanos);
        u64::try_from(ns(self) - ns(earlier)).unwrap_or(0)
    }
}

/// TCP header flags (RFC 9293 §3.1, RFC 3168 for ECE/CWR), as the low bits
/// of the 16-bit word that holds the data offset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TcpFlags(pub u16);

impl TcpFlags {
    /// No more data from the sender.
    pub const FIN: u16 = 0x001;
    /// Synchronize sequence numbers.
    pub const SYN: u16 = 0x002;
    /// Reset the connection.
    pub const RST: u16 = 0x004;
    /// Push function.
    pub const PSH: u16 = 0x008;
    /// Acknowledgement field is significant.
    pub const ACK: u16 = 0x010;
    /// Urgent pointer field is significant.
    pub const URG: u16 = 0x020;
    /// ECN echo.
    pub const ECE: u16 = 0x040;
    /// Congestion window reduced.
    pub const CWR: u16 = 0x080;

    /// All of the bits in `mask` are set.
    pub fn contains(self, mask: u16) -> bool {
        self.0 & mask == mask
    }
    /// FIN is set.
    pub fn fin(self) -> bool {
        self.contains(Self::FIN)
    }
    /// SYN is set.
    pub fn syn(self) -> bool {
        self.contains(Self::SYN)
    }
    /// RST is set.
    pub fn rst(self) -> bool {
        self.contains(Self::RST)
    }
    /// PSH is set.
    pub fn psh(self) -> bool {
        self.contains(Self::PSH)
    }
    /// ACK is set.
    pub fn ack(self) -> bool {
        self.contains(Self::ACK)
    }
}

/// Which way a segment or a byte stream goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Direction {
    /// From the client (the SYN sender, else the first packet's sender).
    ClientToServer,
    /// From the server.
    ServerToClient,
}

impl Direction {
    /// Both directions, client to server first.
    pub const BOTH: [Direction; 2] = [Direction::ClientToServer, Direction::ServerToClient];

    /// The other direction.
    pub fn reverse(self) -> Direction {
        match self {
            Direction::ClientToServer => Direction::ServerToClient,
            Direction::ServerToClient => Direction::ClientToServer,
        }
    }

    pub(crate) fn index(self) -> usize {
        match self {
            Direction::ClientToServer => 0,
            Direction::ServerToClient => 1,
        }
    }
}

/// The most tunnels a [`Scope`] holds.
pub const MAX_SCOPE: usize = 4;

/// The tunnels a connection was captured inside, outermost first. It is
/// part of a connection's key: the same addresses and ports inside
/// different tunnels, or inside one and on the wire itself, are different
/// connections. Empty for a connection on the wire itself (the default).
#[derive(Clone, Copy, Debug, Default)]
pub struct Scope {
    ids: [TunnelId; MAX_SCOPE],
    len: u8,
}

/// What identifies one tunnel level of a [`Scope`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TunnelId {
    /// Not a tunnel (unused entries of a scope).
    #[default]
    None,
    /// A VXLAN segment, by its network identifier (the VNI names the
    /// segment across all tunnel endpoints).
    Vxlan(u32),
    /// A VXLAN-GPE segment, by its VNI.
    VxlanGpe(u32),
    /// A Geneve segment, by its VNI.
    Geneve(u32),
    /// A GRE tunnel between two endpoints (lower address first), with the
    /// key that tells its flows apart, when it has one. (PPTP's call IDs
    /// differ by direction and are not part of it.)
    Gre {
        ends: (IpAddr, IpAddr),
        key: Option<u32>,
    },
    /// IP in IP between two endpoints, lower address first.
    IpInIp { ends: (IpAddr, IpAddr) },
}

impl TunnelId {
    /// Two tunnel endpoints in a fixed order, whichever way the packet went.
    pub fn ends(a: IpAddr, b: IpAddr) -> (IpAddr, IpAddr) {
        if a <= b {
            (a, b)
        } else {
            (b, a)
        }
    }
}

impl Scope {
    /// Adds the next tunnel inward; false (and no change) when the scope
    /// is full.
    pub fn push(&mut self, id: TunnelId) -> bool {
        match self.ids.get_mut(usize::from(self.len)) {
            Some(slot) => {
                *slot = id;
                self.len += 1;
                true
            }
            None => false,
        }
    }

    /// The tunnels, outermost first.
    pub fn tunnels(&self) -> &[TunnelId] {
        self.ids.get(..usize::from(self.len)).unwrap_or(&[])
    }

    /// Not inside any tunnel.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl PartialEq for Scope {
    fn eq(&self, other: &Scope) -> bool {
        self.tunnels() == other.tunnels()
    }
}

impl Eq for Scope {}

impl std::hash::Hash for Scope {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.tunnels().hash(state);
    }
}

impl PartialOrd for Scope {
    fn partial_cmp(&self, other: &Scope) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Scope {
    fn cmp(&self, other: &Scope) -> std::cmp::Ordering {
        self.tunnels().cmp(other.tunnels())
    }
}

/// One TCP segment, decoded by the caller.
#[derive(Clone, Copy, Debug)]
pub struct Segment<'a> {
    /// When it was captured.
    pub ts: Timestamp,
    /// Sender address and port.
    pub src: SocketAddr,
    /// Receiver address and port.
    pub dst: SocketAddr,
    /// Sequence number.
    pub seq: u32,
    /// Acknowledgement number (meaningful when ACK is set).
    pub ack: u32,
    /// TCP flags.
    pub flags: TcpFlags,
    /// Advertised receive window, unscaled.
    pub window: u16,
    /// The payload bytes that were captured. Shorter than `payload_len` when
    /// the snaplen cut the packet; anything beyond `payload_len` (Ethernet
    /// padding) is ignored.
    pub payload: &'a [u8],
    /// The payload length per the IP and TCP headers (see
    /// [`ipv4_tcp_payload_len`] and [`ipv6_tcp_payload_len`]), never the
    /// frame length.
    pub payload_len: u32,
    /// The tunnels the segment was carried in (part of the connection's
    /// key).
    pub scope: Scope,
}

/// Memory limits of a [`FlowTable`].
///
/// They count memory, not payload: an out-of-order piece costs its bytes
/// (its allocation) plus [`PIECE_OVERHEAD`]; consecutive out-of-order
/// segments make one piece. Data a limit forces out is not dropped: the hole
/// in front of it becomes a [`Gap`] with cause [`GapCause::Limit`], and the
/// data is delivered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Out-of-order data one connection may hold, both directions
    /// together. Over it, the first hole of the direction holding more is
    /// given up, until it is under again.
    pub max_conn_buffered: usize,
    /// Bytes all connections together may hold: out-of-order data and
    /// retained data. Over it, retained data is dropped first (from the
    /// connections holding most), then out-of-order data is forced out (from
    /// the connections holding most) until three quarters of it remain.
    pub max_total_buffered: usize,
    /// Delivered bytes kept per direction, until the peer acknowledges them,
    /// to compare retransmissions against. 0 keeps none: retransmitted bytes
    /// are then counted as unverified, and conflicts with delivered data go
    /// unseen.
    pub retain_per_direction: usize,
    /// Memory the connection state may take, beside the buffers above:
    /// the table of connections (live ones and the records closed ones
    /// leave), each live connection's own state (about 1 KB, plus its gap
    /// and conflict lists). Over it, connections are evicted, in this
    /// order, until three quarters of it are used (see
    /// [`FlowTable`]'s eviction policy): the records of closed connections,
    /// oldest first; live connections that carried no payload either way
    /// (a scan, a SYN flood, a half-open connection), longest idle first;
    /// then the other live connections, longest idle first. Every eviction
    /// is counted ([`TableStats`], [`ConnSummary::evicted`]).
    pub max_state: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_conn_buffered: 4 << 20,
            max_total_buffered: 256 << 20,
            retain_per_direction: 128 << 10,
            max_state: 64 << 20,
        }
    }
}

/// Receives what a [`FlowTable`] reassembles.
///
/// For each connection: `opened` once, then for each direction `data` and
/// `gap` calls whose offsets follow on from each other without holes or
/// overlaps, starting at 0 (the two directions interleave in the order the
/// capture made their bytes available), then `closed` once.
///
/// An error ends the call that met it; the table's state is then
/// unspecified and the run should stop.
pub trait FlowSink {
    /// What a failed call reports (a file sink's I/O error, say); the
    /// table hands it back unchanged.
    type Error;
    /// A connection was seen for the first time.
    fn opened(&mut self, _conn: &ConnInfo) -> Result<(), Self::Error> {
        Ok(())
    }
    /// Bytes of `dir`'s stream, starting at stream offset `offset`.
    fn data(
        &mut self,
        _conn: &ConnInfo,
        _dir: Direction,
        _offset: u64,
        _bytes: &[u8],
    ) -> Result<(), Self::Error> {
        Ok(())
    }
    /// Bytes of `dir`'s stream that are missing.
    fn gap(&mut self, _conn: &ConnInfo, _dir: Direction, _gap: &Gap) -> Result<(), Self::Error> {
        Ok(())
    }
    /// The connection ended (or the capture did) and was flushed.
    fn closed(&mut self, _summary: &ConnSummary) -> Result<(), Self::Error> {
        Ok(())
    }
}

impl<S: FlowSink + ?Sized> FlowSink for &mut S {
    type Error = S::Error;
    fn opened(&mut self, conn: &ConnInfo) -> Result<(), Self::Error> {
        (**self).opened(conn)
    }
    fn data(
        &mut self,
        conn: &ConnInfo,
        dir: Direction,
        offset: u64,
        bytes: &[u8],
    ) -> Result<(), Self::Error> {
        (**self).data(conn, dir, offset, bytes)
    }
    fn gap(&mut self, conn: &ConnInfo, dir: Direction, gap: &Gap) -> Result<(), Self::Error> {
        (**self).gap(conn, dir, gap)
    }
    fn closed(&mut self, summary: &ConnSummary) -> Result<(), Self::Error> {
        (**self).closed(summary)
    }
}

/// Two sinks fed the same events, the first one first; the second's
/// errors are reported as the first's kind.
impl<A: FlowSink, B: FlowSink> FlowSink for (A, B)
where
    B::Error: Into<A::Error>,
{
    type Error = A::Error;
    fn opened(&mut self, conn: &ConnInfo) -> Result<(), Self::Error> {
        self.0.opened(conn)?;
        self.1.opened(conn).map_err(Into::into)
    }
    fn data(
        &mut self,
        conn: &ConnInfo,
        dir: Direction,
        offset: u64,
        bytes: &[u8],
    ) -> Result<(), Self::Error> {
        self.0.data(conn, dir, offset, bytes)?;
        self.1.data(conn, dir, offset, bytes).map_err(Into::into)
    }
    fn gap(&mut self, conn: &ConnInfo, dir: Direction, gap: &Gap) -> Result<(), Self::Error> {
        self.0.gap(conn, dir, gap)?;
        self.1.gap(conn, dir, gap).map_err(Into::into)
    }
    fn closed(&mut self, summary: &ConnSummary) -> Result<(), Self::Error> {
        self.0.closed(summary)?;
        self.1.closed(summary).map_err(Into::into)
    }
}

/// Collects the summaries (for `flows`), in the order connections close.
impl FlowSink for Vec<ConnSummary> {
    type Error = std::convert::Infallible;
    fn closed(&mut self, summary: &ConnSummary) -> Result<(), Self::Error> {
        self.push(summary.clone());
        Ok(())
    }
}

/// TCP payload length of an IPv4 packet, from its headers (RFC 791).
///
/// `ip_total_len` is the IPv4 Total Length field, `ip_header_len` and
/// `tcp_header_len` the header lengths in bytes (IHL × 4, data offset × 4),
/// and `ip_wire_len` the bytes from the start of the IPv4 header to the end
/// of the frame as it was on the wire (the pcap original length minus the
/// link header), not as captured.
///
/// The frame can be longer than the packet (Ethernet pads short frames to
/// 60 bytes): the padding is not payload. A Total Length of 0 is what a
/// capture shows for a segment the stack left for the NIC to split (TSO):
/// then the frame is all there is. A Total Length that claims more than was
/// on the wire is cut to the wire length.
pub fn ipv4_tcp_payload_len(
    ip_total_len: u16,
    ip_header_len: u32,
    tcp_header_len: u32,
    ip_wire_len: u32,
) -> u32 {
    let total = match ip_total_len {
        0 => ip_wire_len,
        n => u32::from(n).min(ip_wire_len),
    };
    total
        .saturating_sub(ip_header_len)
        .saturating_sub(tcp_header_len)
}

/// TCP payload length of an IPv6 packet, from its headers (RFC 8200).
///
/// `ip6_payload_len` is the Payload Length field (everything after the fixed
/// 40-byte header), `ext_headers_len` the bytes of extension headers before
/// TCP, `tcp_header_len` the TCP header length, and `ip_wire_len` as for
/// [`ipv4_tcp_payload_len`]. A Payload Length of 0 (jumbogram, or TSO as
/// captured) means the frame is all there is.
pub fn ipv6_tcp_payload_len(
    ip6_payload_len: u16,
    ext_headers_len: u32,
    tcp_header_len: u32,
    ip_wire_len: u32,
) -> u32 {
    let after_fixed = ip_wire_len.saturating_sub(40);
    let payload = match ip6_payload_len {
        0 => after_fixed,
        n => u32::from(n).min(after_fixed),
    };
    payload
        .saturating_sub(ext_headers_len)
        .saturating_sub(tcp_header_len)
}
