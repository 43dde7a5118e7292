//! One direction of a connection: sequence mapping, the out-of-order store,
//! the overlap policy, gaps, and the probes that carry no stream bytes.
//!
//! State, in stream offsets (see [`super::seq`]):
//!
//! ```text
//!   0          retained.start      delivered            highest
//!   |---- given to the sink ----|------------|  pending  |
//!              |-- retained --|  (holes and out-of-order pieces)
//! ```
//!
//! * `delivered`: every byte before it went to the sink, as data or in a gap.
//! * `pending`: pieces after `delivered` that wait for a hole to fill; they
//!   never overlap and never start at or before `delivered` once a call
//!   returns. A piece is data, or a placeholder for bytes the snaplen cut.
//! * `retained`: a copy of the delivered bytes not yet acknowledged by the
//!   peer, to tell an identical retransmission from a conflicting one.

use std::collections::BTreeMap;

use super::seq::{seq_diff, SeqMap};
use super::{ConnInfo, Direction, FlowSink};

/// What each out-of-order piece costs against the limits, on top of its
/// bytes: its share of the map and allocator bookkeeping.
pub const PIECE_OVERHEAD: usize = 64;

/// A retained buffer emptied by acknowledgements is freed when it is
/// bigger than this.
const RETAIN_KEEP: usize = 16 << 10;

/// How far (in sequence space) a mid-stream direction's first segment may be
/// from the peer's acknowledgement for that acknowledgement to be its base.
const PEER_ACK_BASE_WINDOW: u32 = 1 << 20;

/// Why bytes of a stream are missing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GapCause {
    /// Never captured (found when the connection ended).
    Lost,
    /// Sent, but cut from the capture by its snapshot length.
    Snaplen,
    /// Given up by a memory limit, to deliver the data after it.
    Limit,
}

/// Missing bytes of a stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Gap {
    /// Stream offset of the first missing byte.
    pub offset: u64,
    /// How many bytes are missing.
    pub len: u64,
    /// Why.
    pub cause: GapCause,
}

/// A range of stream offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    /// First offset.
    pub offset: u64,
    /// Length in bytes.
    pub len: u64,
}

/// What one direction of a connection carried, and what reassembly met.
///
/// Every payload byte received (`bytes`) that was captured is exactly one
/// of: stream data (`stream_bytes - missing_bytes`), retransmitted, late,
/// before the start, or a probe byte. Bytes cut by the snaplen are in
/// [`GapCause::Snaplen`] gaps, unless their offsets were received otherwise.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DirSummary {
    /// Segments sent this way.
    pub packets: u64,
    /// Payload bytes sent this way, per the headers, retransmissions included.
    pub bytes: u64,
    /// Length of the reassembled stream: delivered bytes plus gaps.
    pub stream_bytes: u64,
    /// Bytes of the stream that are missing: the sum of `gaps`.
    pub missing_bytes: u64,
    /// Initial sequence number, if the SYN (or SYN-ACK) was seen.
    pub isn: Option<u32>,
    /// A SYN was seen this way.
    pub syn: bool,
    /// A FIN was seen this way.
    pub fin: bool,
    /// An RST was seen this way.
    pub rst: bool,
    /// Bytes received again for offsets already received, whether they
    /// matched (retransmission), differed (`conflict_bytes`) or could not be
    /// compared (`unverified_bytes`).
    pub retransmitted_bytes: u64,
    /// Retransmitted bytes that could not be compared: the first copy was
    /// already delivered and no longer retained, or the new copy was cut by
    /// the snaplen.
    pub unverified_bytes: u64,
    /// Segments that arrived ahead of a hole, carrying new data.
    pub out_of_order_segments: u64,
    /// Segments whose bytes differed from data received earlier for the same
    /// offsets. The first data received was kept.
    pub conflicts: u64,
    /// Bytes that differed, over all conflicts.
    pub conflict_bytes: u64,
    /// Where the conflicting bytes were (first to last differing byte of
    /// each conflict; adjacent ranges merged).
    pub conflict_ranges: Vec<Span>,
    /// Every gap, in stream order (adjacent gaps of one cause merged).
    pub gaps: Vec<Gap>,
    /// Bytes of gaps that a memory limit forced (cause `limit`).
    pub limit_gap_bytes: u64,
    /// Bytes that arrived for offsets already reported as a gap.
    pub late_bytes: u64,
    /// Bytes before the stream's first offset (data older than a mid-stream
    /// pickup, or before the ISN).
    pub before_start_bytes: u64,
    /// Keep-alive probes (0 or 1 byte at the last sequence number).
    pub keepalives: u64,
    /// Zero-window probes (sent while the peer advertised a zero window).
    pub zero_window_probes: u64,
    /// Payload bytes of keep-alive and zero-window probes that were not
    /// stream data (a probe byte the receiver took is stream data).
    pub probe_bytes: u64,
}

/// An out-of-order piece.
#[derive(Debug)]
enum Piece {
    Data(Vec<u8>),
    /// Bytes the snaplen cut: known to exist, not known.
    Missing(u64),
}

impl Piece {
    fn len(&self) -> u64 {
        match self {
            Piece::Data(d) => d.len() as u64,
            Piece::Missing(n) => *n,
        }
    }

    /// Memory held, as the limits count it.
    fn cost(&self) -> usize {
        match self {
            Piece::Data(d) => d.capacity() + PIECE_OVERHEAD,
            Piece::Missing(_) => PIECE_OVERHEAD,
        }
    }
}

/// Where a direction's events go.
pub(crate) struct Out<'a, S: ?Sized> {
    pub(crate) sink: &'a mut S,
    pub(crate) info: &'a ConnInfo,
    pub(crate) dir: Direction,
}

/// The tail of the delivered bytes, `[start, start + len)`, ending at the
/// stream's delivery point.
#[derive(Debug, Default)]
struct Retained {
    buf: Vec<u8>,
    head: usize,
    start: u64,
}

impl Retained {
    fn len(&self) -> usize {
        self.buf.len() - self.head
    }

    fn end(&self) -> u64 {
        self.start + self.len() as u64
    }

    /// Memory held, as the limits count it.
    fn memory(&self) -> usize {
        self.buf.capacity()
    }

    /// Appends the bytes at offset `off`, keeping at most `cap` bytes.
    fn push(&mut self, off: u64, data: &[u8], cap: usize) {
        if off != self.end() {
            self.reset(off);
        }
        if cap == 0 {
            self.start += data.len() as u64;
            return;
        }
        if data.len() >= cap {
            let keep = data.get(data.len() - cap..).unwrap_or(data);
            self.buf.clear();
            self.buf.extend_from_slice(keep);
            self.head = 0;
            self.start = off + (data.len() - cap) as u64;
            return;
        }
        if self.head > 0 && self.buf.len() + data.len() > self.buf.capacity() {
            // Reuse the dropped front rather than grow.
            self.buf.drain(..self.head);
            self.head = 0;
        }
        self.buf.extend_from_slice(data);
        let excess = self.len().saturating_sub(cap);
        self.drop_front(excess);
    }

    fn drop_front(&mut self, n: usize) {
        let n = n.min(self.len());
        self.head += n;
        self.start += n as u64;
        if self.head == self.buf.len() {
            if self.buf.capacity() > RETAIN_KEEP {
                self.buf = Vec::new();
            } else {
                self.buf.clear();
            }
            self.head = 0;
        } else if self.head * 2 >= self.buf.len() {
            // Amortised: each byte moves at most once per byte dropped.
            self.buf.drain(..self.head);
            self.head = 0;
        }
    }

    /// Forgets bytes before `off`.
    fn trim_to(&mut self, off: u64) {
        if off > self.start {
            self.drop_front(usize::try_from(off - self.start).unwrap_or(usize::MAX));
        }
    }

    /// Forgets everything; the tail starts again at `off`.
    fn reset(&mut self, off: u64) {
        self.buf.clear();
        self.head = 0;
        self.start = off;
    }

    /// Forgets everything and frees the memory.
    fn release(&mut self) -> usize {
        let n = self.memory();
        let end = self.end();
        self.buf = Vec::new();
        self.head = 0;
        self.start = end;
        n
    }

    /// The retained bytes `[from, to)`, if all are retained.
    fn get(&self, from: u64, to: u64) -> Option<&[u8]> {
        if from < self.start || to > self.end() || from > to {
            return None;
        }
        let a = self.head + (from - self.start) as usize;
        let b = self.head + (to - self.start) as usize;
        self.buf.get(a..b)
    }
}

/// `data[from..to]`, or empty if out of range (which callers rule out).
fn sub(data: &[u8], from: u64, to: u64) -> &[u8] {
    debug_assert!(from <= to && to <= data.len() as u64);
    usize::try_from(from)
        .ok()
        .zip(usize::try_from(to).ok())
        .and_then(|(a, b)| data.get(a..b))
        .unwrap_or(&[])
}

/// Appends `[a, b)` to sorted disjoint ranges, merging with the last one.
fn push_range(ranges: &mut Vec<(u64, u64)>, a: u64, b: u64) {
    match ranges.last_mut() {
        Some(last) if last.1 == a => last.1 = b,
        _ => ranges.push((a, b)),
    }
}

/// One direction of a connection.
#[derive(Debug)]
pub(crate) struct Stream {
    map: Option<SeqMap>,
    delivered: u64,
    /// End of the highest data seen (not counting the FIN).
    highest: u64,
    /// Offset of the FIN (the stream's length), once seen.
    fin: Option<u64>,
    /// Highest offset the peer acknowledged.
    acked: Option<u64>,
    /// The peer's latest acknowledgement number, raw (kept before the base
    /// is known, to choose it).
    peer_ack: Option<u32>,
    /// The peer's latest advertised window was 0.
    peer_window_zero: bool,
    /// A 1-byte zero-window probe at the delivery point, held back until
    /// the peer shows it accepted it: offset and byte (None if cut).
    probe: Option<(u64, Option<u8>)>,
    pending: BTreeMap<u64, Piece>,
    pending_cost: usize,
    retained: Retained,
    retain_cap: usize,
    pub(crate) stats: DirSummary,
}

impl Stream {
    pub(crate) fn new(retain_cap: usize) -> Self {
        Stream {
            map: None,
            delivered: 0,
            highest: 0,
            fin: None,
            acked: None,
            peer_ack: None,
            peer_window_zero: false,
            probe: None,
            pending: BTreeMap::new(),
            pending_cost: 0,
            retained: Retained::default(),
            retain_cap,
            stats: DirSummary::default(),
        }
    }

    pub(crate) fn has_base(&self) -> bool {
        self.map.is_some()
    }

    /// The sequence number of offset 0, once known.
    pub(crate) fn base(&self) -> Option<u32> {
        self.map.map(SeqMap::base)
    }

    pub(crate) fn isn(&self) -> Option<u32> {
        self.stats.isn
    }

    /// A SYN with sequence number `isn`: data starts at `isn + 1`.
    pub(crate) fn set_isn(&mut self, isn: u32) {
        self.stats.isn = Some(isn);
        self.map = Some(SeqMap::new(isn.wrapping_add(1)));
    }

    /// First segment of a direction whose SYN was not seen; `data_seq` is the
    /// sequence number of its first data byte.
    ///
    /// The stream starts at the peer's latest acknowledgement when that is
    /// close: bytes between it and `data_seq` were sent but not seen, and
    /// bytes before it were already received (an old retransmission or a
    /// keep-alive). Otherwise it starts at `data_seq`.
    pub(crate) fn start_midstream(&mut self, data_seq: u32) {
        let base = match self.peer_ack {
            Some(ack) if seq_diff(data_seq, ack).unsigned_abs() <= PEER_ACK_BASE_WINDOW => ack,
            _ => data_seq,
        };
        self.map = Some(SeqMap::new(base));
    }

    /// Memory held: out-of-order pieces and retained data.
    pub(crate) fn buffered(&self) -> usize {
        self.pending_cost + self.retained.memory()
    }

    pub(crate) fn pending_cost(&self) -> usize {
        self.pending_cost
    }

    pub(crate) fn retained_memory(&self) -> usize {
        self.retained.memory()
    }

    /// Frees the retained bytes; returns the memory freed.
    pub(crate) fn release_retained(&mut self) -> usize {
        self.retained.release()
    }

    /// The FIN was seen and the peer acknowledged it.
    pub(crate) fn fin_acked(&self) -> bool {
        matches!((self.fin, self.acked), (Some(f), Some(a)) if a > f)
    }

    /// The sequence number after everything seen this way (the FIN
    /// included), or the peer's acknowledgement if nothing was.
    pub(crate) fn next_seq(&self) -> Option<u32> {
        match self.map {
            Some(map) => {
                let end = self.fin.map_or(self.highest, |f| (f + 1).max(self.highest));
                Some(map.seq_at(end))
            }
            None => self.peer_ack,
        }
    }

    /// The peer advertised its window; only whether it is 0 matters here.
    pub(crate) fn set_peer_window(&mut self, window: u16) {
        self.peer_window_zero = window == 0;
    }

    /// The peer acknowledged up to `ack`.
    pub(crate) fn on_ack<S: FlowSink + ?Sized>(
        &mut self,
        ack: u32,
        out: &mut Out<'_, S>,
    ) -> Result<(), S::Error> {
        self.peer_ack = Some(ack);
        let Some(map) = self.map else {
            return Ok(());
        };
        let Ok(off) = u64::try_from(map.offset(ack, self.delivered)) else {
            return Ok(());
        };
        if self.acked.is_none_or(|a| off > a) {
            self.acked = Some(off);
        }
        if let Some((p, byte)) = self.probe {
            if off > p {
                // The receiver took the probe byte.
                self.probe = None;
                self.deliver_probe(p, byte, out)?;
            }
        }
        self.retained.trim_to(off.min(self.delivered));
        Ok(())
    }

    /// A segment of this direction (after any SYN): its first data byte's
    /// sequence number, the captured payload (at most `len` bytes), the
    /// payload length per the headers, and whether FIN is set.
    pub(crate) fn on_segment<S: FlowSink + ?Sized>(
        &mut self,
        data_seq: u32,
        payload: &[u8],
        len: u32,
        fin: bool,
        out: &mut Out<'_, S>,
    ) -> Result<(), S::Error> {
        let Some(map) = self.map else {
            return Ok(());
        };
        let start = map.offset(data_seq, self.delivered);
        let end = start + i64::from(len);
        let highest = self.highest as i64;

        if !fin && len <= 1 {
            // Keep-alive (RFC 9293 §3.8.4): 0 or 1 (garbage) byte at the
            // last sequence number already sent. Linux sends its zero-window
            // probes the same way.
            if start + 1 == highest && (len == 0 || self.delivered >= self.highest) {
                if self.peer_window_zero {
                    self.stats.zero_window_probes += 1;
                } else {
                    self.stats.keepalives += 1;
                }
                self.stats.probe_bytes += u64::from(len);
                return Ok(());
            }
            // Zero-window probe carrying the next byte (RFC 9293 §3.8.6.1):
            // the receiver normally drops it, and the byte comes again once
            // the window opens. Held back until the peer acknowledges it or
            // the sender carries on after it.
            if len == 1
                && start == highest
                && self.peer_window_zero
                && self.delivered == self.highest
                && self.pending.is_empty()
            {
                self.stats.zero_window_probes += 1;
                if self.probe.is_some() {
                    // The one before was refused.
                    self.stats.probe_bytes += 1;
                }
                self.probe = Some((self.highest, payload.first().copied()));
                return Ok(());
            }
        }

        if let Some((p, byte)) = self.probe {
            let p_i = p as i64;
            if start == p_i + 1 && (len > 0 || fin) {
                // The sender went on after the probe: it was accepted.
                self.probe = None;
                self.deliver_probe(p, byte, out)?;
            } else if start <= p_i && (len > 0 || fin) {
                // Sent again (or the stream ends before it).
                self.probe = None;
                self.stats.probe_bytes += 1;
            }
        }

        if fin && self.fin.is_none() && end >= 0 {
            self.fin = Some(end as u64);
        }
        if len == 0 {
            return Ok(());
        }
        if end <= 0 {
            self.stats.before_start_bytes += u64::from(len);
            return Ok(());
        }
        if start < 0 {
            self.stats.before_start_bytes += start.unsigned_abs();
        }
        let end = end as u64;
        self.highest = self.highest.max(end);

        // Captured bytes [start, start + cap), cut bytes after them.
        let cap = payload.len() as i64;
        let data_lo = start.max(0);
        let data_hi = (start + cap).max(0);
        if data_hi > data_lo {
            let bytes = sub(payload, (data_lo - start) as u64, (data_hi - start) as u64);
            self.place(data_lo as u64, bytes.len() as u64, Some(bytes), out)?;
        }
        let cut_lo = data_hi as u64;
        if end > cut_lo {
            self.place(cut_lo, end - cut_lo, None, out)?;
        }
        Ok(())
    }

    fn deliver_probe<S: FlowSink + ?Sized>(
        &mut self,
        p: u64,
        byte: Option<u8>,
        out: &mut Out<'_, S>,
    ) -> Result<(), S::Error> {
        self.highest = self.highest.max(p + 1);
        match byte {
            Some(b) => self.place(p, 1, Some(&[b]), out),
            None => self.place(p, 1, None, out),
        }
    }

    /// Takes bytes `[s, s + n)`: `data` holds them, or None if the snaplen
    /// cut them.
    fn place<S: FlowSink + ?Sized>(
        &mut self,
        mut s: u64,
        n: u64,
        mut data: Option<&[u8]>,
        out: &mut Out<'_, S>,
    ) -> Result<(), S::Error> {
        let e = s + n;
        if s < self.delivered {
            let old_end = e.min(self.delivered);
            self.account_old(s, old_end, data.map(|d| sub(d, 0, old_end - s)));
            if e <= self.delivered {
                return Ok(());
            }
            data = data.map(|d| sub(d, self.delivered - s, n));
            s = self.delivered;
        }
        let in_order = s == self.delivered;
        let clear_ahead = self.pending.first_key_value().is_none_or(|(&k, _)| k >= e);
        if in_order && clear_ahead {
            // The common case: straight from the caller's buffer.
            match data {
                Some(d) => self.emit_data(d, out)?,
                None => self.emit_gap(e - s, GapCause::Snaplen, out)?,
            }
            return self.drain(out);
        }
        self.place_overlapping(s, e, data, out)
    }

    /// `place` when `[s, e)` (after the delivery point) may overlap pending
    /// pieces, or lies ahead of a hole.
    fn place_overlapping<S: FlowSink + ?Sized>(
        &mut self,
        s: u64,
        e: u64,
        data: Option<&[u8]>,
        out: &mut Out<'_, S>,
    ) -> Result<(), S::Error> {
        // Ranges of [s, e) the new bytes fill: not covered by earlier data,
        // and (for new data) over placeholders of cut bytes.
        let mut fresh: Vec<(u64, u64)> = Vec::new();
        let mut replaced: Vec<u64> = Vec::new();
        let mut cursor = s;
        let lo = self
            .pending
            .range(..s)
            .next_back()
            .filter(|(&k, p)| k + p.len() > s)
            .map_or(s, |(&k, _)| k);
        for (&ps, piece) in self.pending.range(lo..e) {
            let pe = ps + piece.len();
            let (os, oe) = (ps.max(s), pe.min(e));
            if os >= oe {
                continue;
            }
            if cursor < os {
                push_range(&mut fresh, cursor, os);
            }
            match (piece, data) {
                (Piece::Data(old), Some(new)) => compare(
                    &mut self.stats,
                    os,
                    sub(new, os - s, oe - s),
                    sub(old, os - ps, oe - ps),
                ),
                (Piece::Missing(_), Some(_)) => {
                    push_range(&mut fresh, os, oe);
                    replaced.push(ps);
                }
                (_, None) => {
                    self.stats.retransmitted_bytes += oe - os;
                    self.stats.unverified_bytes += oe - os;
                }
            }
            cursor = cursor.max(oe);
        }
        if cursor < e {
            push_range(&mut fresh, cursor, e);
        }
        // Real bytes replace placeholders; keep the placeholders' ends.
        for ps in replaced {
            if let Some(piece) = self.pending.remove(&ps) {
                self.pending_cost -= piece.cost();
                let pe = ps + piece.len();
                if ps < s {
                    self.insert_missing(ps, s - ps);
                }
                if pe > e {
                    self.insert_missing(e, pe - e);
                }
            }
        }

        if s == self.delivered {
            // Fresh ranges and pending pieces tile [s, e): deliver in order.
            let mut fresh = fresh.into_iter().peekable();
            while self.delivered < e {
                let pos = self.delivered;
                match fresh.peek() {
                    Some(&(a, b)) if a == pos => {
                        fresh.next();
                        match data {
                            Some(d) => self.emit_data(sub(d, a - s, b - s), out)?,
                            None => self.emit_gap(b - a, GapCause::Snaplen, out)?,
                        }
                    }
                    _ => match self.pending.remove(&pos) {
                        Some(piece) => self.emit_piece(piece, out)?,
                        None => {
                            debug_assert!(
                                self.pending.contains_key(&pos),
                                "untiled range at {pos}"
                            );
                            break;
                        }
                    },
                }
            }
            self.drain(out)
        } else {
            if data.is_some() && !fresh.is_empty() {
                self.stats.out_of_order_segments += 1;
            }
            for (a, b) in fresh {
                match data {
                    Some(d) => self.insert_data(a, sub(d, a - s, b - s)),
                    None => self.insert_missing(a, b - a),
                }
            }
            Ok(())
        }
    }

    /// Stores out-of-order bytes, appended to the piece just before them
    /// when there is one (a run of segments after a hole makes one piece).
    fn insert_data(&mut self, at: u64, bytes: &[u8]) {
        if let Some((&k, Piece::Data(prev))) = self.pending.range_mut(..at).next_back() {
            if k + prev.len() as u64 == at {
                self.pending_cost -= prev.capacity();
                prev.extend_from_slice(bytes);
                self.pending_cost += prev.capacity();
                return;
            }
        }
        let piece = Piece::Data(bytes.to_vec());
        self.pending_cost += piece.cost();
        self.pending.insert(at, piece);
    }

    fn insert_missing(&mut self, at: u64, len: u64) {
        let piece = Piece::Missing(len);
        self.pending_cost += piece.cost();
        self.pending.insert(at, piece);
    }

    /// Bytes `[s, e)`, all before the delivery point, received again.
    fn account_old(&mut self, s: u64, e: u64, data: Option<&[u8]>) {
        let kept_from = s.max(self.retained.start);
        if kept_from < e {
            match (data, self.retained.get(kept_from, e)) {
                (Some(new), Some(old)) => {
                    compare(
                        &mut self.stats,
                        kept_from,
                        sub(new, kept_from - s, e - s),
                        old,
                    );
                }
                _ => {
                    self.stats.retransmitted_bytes += e - kept_from;
                    self.stats.unverified_bytes += e - kept_from;
                }
            }
        }
        let unkept_to = e.min(self.retained.start);
        if s < unkept_to {
            let late = self.gap_bytes_in(s, unkept_to);
            let again = unkept_to - s - late;
            self.stats.late_bytes += late;
            self.stats.retransmitted_bytes += again;
            self.stats.unverified_bytes += again;
        }
    }

    /// How many bytes of `[s, e)` lie in reported gaps.
    fn gap_bytes_in(&self, s: u64, e: u64) -> u64 {
        let gaps = &self.stats.gaps;
        let first = gaps.partition_point(|g| g.offset + g.len <= s);
        gaps.get(first..)
            .unwrap_or(&[])
            .iter()
            .take_while(|g| g.offset < e)
            .map(|g| (g.offset + g.len).min(e) - g.offset.max(s))
            .sum()
    }

    fn emit_piece<S: FlowSink + ?Sized>(
        &mut self,
        piece: Piece,
        out: &mut Out<'_, S>,
    ) -> Result<(), S::Error> {
        self.pending_cost -= piece.cost();
        match piece {
            Piece::Data(d) => self.emit_data(&d, out),
            Piece::Missing(n) => self.emit_gap(n, GapCause::Snaplen, out),
        }
    }

    /// Delivers bytes at the delivery point.
    fn emit_data<S: FlowSink + ?Sized>(
        &mut self,
        d: &[u8],
        out: &mut Out<'_, S>,
    ) -> Result<(), S::Error> {
        if d.is_empty() {
            return Ok(());
        }
        out.sink.data(out.info, out.dir, self.delivered, d)?;
        self.retained.push(self.delivered, d, self.retain_cap);
        self.delivered += d.len() as u64;
        Ok(())
    }

    /// Reports `len` missing bytes at the delivery point.
    fn emit_gap<S: FlowSink + ?Sized>(
        &mut self,
        len: u64,
        cause: GapCause,
        out: &mut Out<'_, S>,
    ) -> Result<(), S::Error> {
        if len == 0 {
            return Ok(());
        }
        let gap = Gap {
            offset: self.delivered,
            len,
            cause,
        };
        out.sink.gap(out.info, out.dir, &gap)?;
        match self.stats.gaps.last_mut() {
            Some(last) if last.offset + last.len == gap.offset && last.cause == cause => {
                last.len += len;
            }
            _ => self.stats.gaps.push(gap),
        }
        self.stats.missing_bytes += len;
        if cause == GapCause::Limit {
            self.stats.limit_gap_bytes += len;
        }
        self.delivered += len;
        self.retained.reset(self.delivered);
        Ok(())
    }

    /// Delivers pending pieces that start at the delivery point.
    fn drain<S: FlowSink + ?Sized>(&mut self, out: &mut Out<'_, S>) -> Result<(), S::Error> {
        while let Some(entry) = self.pending.first_entry() {
            if *entry.key() != self.delivered {
                debug_assert!(*entry.key() > self.delivered);
                break;
            }
            let piece = entry.remove();
            self.emit_piece(piece, out)?;
        }
        Ok(())
    }

    /// Gives up the first hole (a gap of cause `cause`) and delivers what
    /// follows it. False if nothing is pending.
    pub(crate) fn skip_hole<S: FlowSink + ?Sized>(
        &mut self,
        cause: GapCause,
        out: &mut Out<'_, S>,
    ) -> Result<bool, S::Error> {
        let Some((&k, _)) = self.pending.first_key_value() else {
            return Ok(false);
        };
        if k > self.delivered {
            self.emit_gap(k - self.delivered, cause, out)?;
        }
        self.drain(out)?;
        Ok(true)
    }

    /// The connection ended: delivers everything pending, reporting holes
    /// (and bytes missing before the FIN) as lost.
    pub(crate) fn flush<S: FlowSink + ?Sized>(
        &mut self,
        out: &mut Out<'_, S>,
    ) -> Result<(), S::Error> {
        if let Some((p, byte)) = self.probe.take() {
            if self.acked.is_some_and(|a| a > p) {
                self.deliver_probe(p, byte, out)?;
            } else {
                self.stats.probe_bytes += 1;
            }
        }
        while self.skip_hole(GapCause::Lost, out)? {}
        if let Some(f) = self.fin {
            if f > self.delivered {
                self.emit_gap(f - self.delivered, GapCause::Lost, out)?;
            }
        }
        Ok(())
    }

    /// The figures, once flushed.
    pub(crate) fn into_summary(mut self) -> DirSummary {
        self.stats.stream_bytes = self.delivered;
        self.stats
    }
}

/// Bytes received again (`new`) against the first copy (`old`), at `off`.
fn compare(stats: &mut DirSummary, off: u64, new: &[u8], old: &[u8]) {
    debug_assert_eq!(new.len(), old.len());
    stats.retransmitted_bytes += new.len() as u64;
    if new == old {
        return;
    }
    let mut first = None;
    let mut last = 0;
    let mut differing = 0u64;
    for (i, (a, b)) in new.iter().zip(old).enumerate() {
        if a != b {
            first.get_or_insert(i);
            last = i;
            differing += 1;
        }
    }
    let Some(first) = first else {
        return;
    };
    stats.conflicts += 1;
    stats.conflict_bytes += differing;
    let span = Span {
        offset: off + first as u64,
        len: (last - first + 1) as u64,
    };
    match stats.conflict_ranges.last_mut() {
        Some(prev) if prev.offset + prev.len == span.offset => prev.len += span.len,
        _ => stats.conflict_ranges.push(span),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::SocketAddr;

    /// Records one direction's events and checks they follow on.
    #[derive(Default)]
    struct Rec {
        bytes: Vec<u8>,
        next: u64,
        gaps: Vec<Gap>,
    }

    impl FlowSink for Rec {
        type Error = std::convert::Infallible;
        fn data(
            &mut self,
            _: &ConnInfo,
            _: Direction,
            offset: u64,
            bytes: &[u8],
        ) -> Result<(), std::convert::Infallible> {
            assert_eq!(offset, self.next, "data does not follow on");
            self.bytes.extend_from_slice(bytes);
            self.next += bytes.len() as u64;
            Ok(())
        }
        fn gap(
            &mut self,
            _: &ConnInfo,
            _: Direction,
            gap: &Gap,
        ) -> Result<(), std::convert::Infallible> {
            assert_eq!(gap.offset, self.next, "gap does not follow on");
            self.gaps.push(*gap);
            self.next += gap.len;
            Ok(())
        }
    }

    fn info() -> ConnInfo {
        let a: SocketAddr = "10.0.0.1:1000".parse().unwrap();
        let b: SocketAddr = "10.0.0.2:80".parse().unwrap();
        ConnInfo {
            id: 0,
            reuse: 0,
            client: a,
            server: b,
            start: Default::default(),
            scope: Default::default(),
        }
    }

    /// A stream with base sequence number 1000 and a recorder.
    fn stream(retain: usize) -> (Stream, Rec) {
        let mut s = Stream::new(retain);
        s.set_isn(999);
        (s, Rec::default())
    }

    fn put(s: &mut Stream, rec: &mut Rec, off: u32, data: &[u8]) {
        put_cut(s, rec, off, data, data.len() as u32);
    }

    fn put_cut(s: &mut Stream, rec: &mut Rec, off: u32, data: &[u8], len: u32) {
        let info = info();
        let mut out = Out {
            sink: rec,
            info: &info,
            dir: Direction::ClientToServer,
        };
        s.on_segment(1000 + off, data, len, false, &mut out)
            .unwrap();
    }

    fn flush(s: &mut Stream, rec: &mut Rec) {
        let info = info();
        let mut out = Out {
            sink: rec,
            info: &info,
            dir: Direction::ClientToServer,
        };
        s.flush(&mut out).unwrap();
    }

    #[test]
    fn in_order_data_is_not_buffered() {
        let (mut s, mut rec) = stream(0);
        put(&mut s, &mut rec, 0, b"hello ");
        put(&mut s, &mut rec, 6, b"world");
        assert_eq!(rec.bytes, b"hello world");
        assert_eq!(s.buffered(), 0);
        assert!(s.pending.is_empty());
    }

    #[test]
    fn out_of_order_pieces_wait_for_the_hole() {
        let (mut s, mut rec) = stream(0);
        put(&mut s, &mut rec, 6, b"world");
        assert_eq!(s.pending_cost(), 5 + PIECE_OVERHEAD);
        put(&mut s, &mut rec, 11, b"!");
        assert!(rec.bytes.is_empty());
        // One piece now.
        assert_eq!(s.pending.len(), 1);
        assert!(s.pending_cost() >= 6 + PIECE_OVERHEAD);
        put(&mut s, &mut rec, 0, b"hello ");
        assert_eq!(rec.bytes, b"hello world!");
        assert_eq!(s.pending_cost(), 0);
        assert_eq!(s.stats.out_of_order_segments, 2);
    }

    #[test]
    fn new_data_overlapping_pending_keeps_the_first_copy() {
        let (mut s, mut rec) = stream(0);
        put(&mut s, &mut rec, 4, b"EFGH");
        put(&mut s, &mut rec, 10, b"KL");
        // Covers both pieces and the holes around them; differs in 'F'.
        put(&mut s, &mut rec, 2, b"cdeXghijklmn");
        assert!(rec.bytes.is_empty());
        assert_eq!(s.stats.retransmitted_bytes, 6);
        assert_eq!(s.stats.conflicts, 2);
        assert_eq!(s.stats.conflict_bytes, 6);
        put(&mut s, &mut rec, 0, b"ab");
        assert_eq!(rec.bytes, b"abcdEFGHijKLmn");
    }

    #[test]
    fn a_probe_acknowledged_before_it_was_seen_is_delivered_at_the_end() {
        let (mut s, mut rec) = stream(1 << 10);
        put(&mut s, &mut rec, 0, b"abc");
        s.set_peer_window(0);
        // The capture has the acknowledgement of the probe before the probe.
        let info = info();
        let mut out = Out {
            sink: &mut rec,
            info: &info,
            dir: Direction::ClientToServer,
        };
        s.on_ack(1004, &mut out).unwrap();
        put(&mut s, &mut rec, 3, b"d");
        assert_eq!(s.stats.zero_window_probes, 1);
        assert_eq!(rec.bytes, b"abc");
        flush(&mut s, &mut rec);
        assert_eq!(rec.bytes, b"abcd");
        assert_eq!(s.stats.probe_bytes, 0);
    }

    #[test]
    fn an_unacknowledged_probe_is_dropped_at_the_end() {
        let (mut s, mut rec) = stream(1 << 10);
        put(&mut s, &mut rec, 0, b"abc");
        s.set_peer_window(0);
        put(&mut s, &mut rec, 3, b"d");
        flush(&mut s, &mut rec);
        assert_eq!(rec.bytes, b"abc");
        assert_eq!(s.stats.probe_bytes, 1);
    }

    #[test]
    fn retained_tail_is_trimmed_and_capped() {
        let mut r = Retained::default();
        r.push(0, b"abcdef", 4);
        assert_eq!((r.start, r.get(2, 6)), (2, Some(&b"cdef"[..])));
        r.push(6, b"gh", 4);
        assert_eq!(r.get(4, 8), Some(&b"efgh"[..]));
        assert_eq!(r.get(3, 8), None);
        r.trim_to(7);
        assert_eq!(r.get(7, 8), Some(&b"h"[..]));
        // Not contiguous: starts again.
        r.push(20, b"z", 4);
        assert_eq!((r.start, r.len()), (20, 1));
        r.push(21, b"0123456789", 4);
        assert_eq!(r.get(27, 31), Some(&b"6789"[..]));
        assert!(r.release() >= 4);
        assert_eq!((r.start, r.len(), r.memory()), (31, 0, 0));
        // Emptied by acknowledgements: a big buffer is freed.
        r.push(31, &[7; RETAIN_KEEP + 1], RETAIN_KEEP * 2);
        r.trim_to(31 + RETAIN_KEEP as u64 + 1);
        assert_eq!(r.memory(), 0);
    }

    #[test]
    fn cut_bytes_are_a_gap_and_real_bytes_replace_placeholders() {
        let (mut s, mut rec) = stream(1 << 10);
        // Out of order, cut after 2 of 6 bytes: [10, 12) data, [12, 16) cut.
        put_cut(&mut s, &mut rec, 10, b"kl", 6);
        // A full copy of [13, 15) arrives: it replaces part of the placeholder.
        put(&mut s, &mut rec, 13, b"NO");
        put(&mut s, &mut rec, 0, b"abcdefghij");
        // [12,13) and [15,16) stay missing.
        flush(&mut s, &mut rec);
        assert_eq!(rec.bytes, b"abcdefghijklNO");
        assert_eq!(
            rec.gaps,
            vec![
                Gap {
                    offset: 12,
                    len: 1,
                    cause: GapCause::Snaplen
                },
                Gap {
                    offset: 15,
                    len: 1,
                    cause: GapCause::Snaplen
                },
            ]
        );
        assert_eq!(s.pending_cost(), 0);
    }
}
