//! Several threads for one capture file (`--threads`): this thread reads
//! the packets, workers decode and print them in batches, and this thread
//! writes the batches out in capture order.
//!
//! The text of a packet depends on the packets before it: its number
//! (`-#`), the time stamp deltas are taken from (`-ttt`, `-ttttt`) and the
//! TCP sequence numbers relative to a conversation's first (tcpdump's
//! sequence table). This thread works those out in order, cheaply, while
//! it reads ([`TextRenderer::carry`]: a decode and a table lookup for TCP,
//! no printing) and hands them over with each packet; a worker renders
//! with them ([`TextRenderer::render_carried`]), so its text is the text
//! of a run on one thread, byte for byte. Should a printer look up
//! sequence numbers that were not predicted (TCP quoted inside an ICMP
//! error is not), the worker says so; the packets before that one are
//! written and the caller starts over on one thread ([`Ended::Mismatch`]).
//! JSON needs nothing from earlier packets but its packet number. For
//! Parquet (`--parquet`) a worker builds its batch's rows as column data
//! ([`PacketBatcher`]) and this thread appends them, in order, to the row
//! group being built ([`PacketWriter::write_batch`]).
//!
//! Memory is bounded: batches hold at most [`BATCH_PACKETS`] packets or
//! about [`BATCH_BYTES`] of packet data, and at most one per worker and
//! two more, [`MAX_IN_FLIGHT`] in all, are in flight, written or not;
//! their buffers are reused.
//!
//! On one thread (see [`threads_for`]): live captures, `-w`, names (no
//! `-n`: the resolver's answers may depend on timing), `-l`/`-U`, `--count`,
//! several input files (`app::inputs`), standard input and other
//! files that are not regular files, and by default `-c`, text without a
//! hex/ASCII dump (threads did not pay there: bench/README.md) and files under
//! [`AUTO_MIN_BYTES`] ([`AUTO_MIN_BYTES_JSON`] for JSON).

use std::collections::BTreeMap;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Mutex, PoisonError};

use super::config::{Config, Input, Mode};
use super::packets::{end_text_packet, Summary};
use crate::capture::{RawPacket, Source, Timestamp};
use crate::decode::{self, community_id, Decoded, LinkType};
use crate::error::AppError;
use crate::render::json::{self, JsonOptions};
use crate::render::parquet::builder::Problems;
use crate::render::parquet::{PacketBatcher, PacketWriter, Shred, TsUnit};
use crate::render::text::{Carry, SeqLookup, TextRenderer};
use crate::render::{Output, Palette};

/// The most packets in a batch.
pub const BATCH_PACKETS: usize = 128;
/// A batch is handed over once it holds this many bytes of packet data.
pub const BATCH_BYTES: usize = 64 * 1024;
/// The same for Parquet: a batch's rows cost a fixed amount to take and to
/// append (some 760 leaf columns), so its batches are larger.
pub const BATCH_PACKETS_PARQUET: usize = 256;
pub const BATCH_BYTES_PARQUET: usize = 256 * 1024;
/// Files smaller than this are read on one thread unless `--threads` says
/// otherwise: starting threads would cost more than they save.
pub const AUTO_MIN_BYTES: u64 = 32 * 1024 * 1024;
/// The same for JSON, whose packets cost several times their text: two
/// threads already paid on a 2.7 MB file (10 000 packets: 19 against 22 ms)
/// and did not on a 126 KB one (bench/README.md, "Threads for JSON").
pub const AUTO_MIN_BYTES_JSON: u64 = 4 * 1024 * 1024;
/// The most threads, chosen or asked for.
const MAX_THREADS: usize = 4;
/// The most batches in flight (read and not yet written), whatever the
/// number of threads: with `-X` a batch's output is about 5 times its
/// packet data, and each thread's allocator keeps some of what it freed.
const MAX_IN_FLIGHT: usize = 8;

/// How many threads decode and print the packets of this run: 1 for the
/// loop of [`super::packets`], more for [`run`]. `shown` is what the run
/// prints (none for `-w` alone).
pub fn threads_for(cfg: &Config, shown: Option<Mode>) -> usize {
    let Input::File(path) = &cfg.input else {
        return 1;
    };
    let eligible = matches!(shown, Some(Mode::Text | Mode::Json | Mode::Parquet))
        && cfg.mode != Mode::Save
        && !cfg.names
        && !cfg.line_buffered
        && !cfg.packet_buffered
        && !cfg.count_only;
    if !eligible || cfg.threads == Some(1) {
        return 1;
    }
    // Only a regular file can be read again (see `Ended::Mismatch`).
    let meta = match std::fs::metadata(path) {
        Ok(m) if m.is_file() => m,
        _ => return 1,
    };
    match cfg.threads {
        // More threads would add memory (each worker's allocator keeps
        // some) for no gain the batches can feed.
        Some(n) => n.clamp(1, MAX_THREADS),
        // Chosen only where threads were measured to pay (bench/README.md,
        // "Threads"): JSON and the hex/ASCII dumps. Not Parquet: on two
        // cores its writing thread already takes the second (bench/README.md,
        // "Rows shredded straight into pages"). Plain text costs this
        // thread's in-order pass about as much as it hands off.
        None if cfg.count.is_none()
            && ((shown == Some(Mode::Json) && meta.len() >= AUTO_MIN_BYTES_JSON)
                || (cfg.dump.is_some() && meta.len() >= AUTO_MIN_BYTES)) =>
        {
            std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_THREADS))
        }
        None => 1,
    }
}

/// How a threaded run ended.
pub enum Ended {
    /// The source ended (or failed, or the count was reached) and every
    /// packet read was written; or writing failed.
    Read(Result<(), AppError>),
    /// A worker's text could differ from a run on one thread from this
    /// packet on (counted from 1); the packets before it were written.
    Mismatch(u64),
}

/// One packet of a batch.
struct Meta {
    ts: Timestamp,
    wire_len: u32,
    /// Where its bytes end in the batch's data (they start where the
    /// previous packet's end).
    end: usize,
    carry: Carry,
    /// Where its sequence lookups end in the batch's list.
    seqs_end: usize,
}

/// Packets handed to a worker, and its output.
#[derive(Default)]
struct Batch {
    /// Its place in capture order.
    seq: u64,
    /// The number of its first packet (from 1).
    first: u64,
    data: Vec<u8>,
    pkts: Vec<Meta>,
    seqs: Vec<SeqLookup>,
    /// The text or JSON of its packets, and where each packet's ends.
    out: Vec<u8>,
    ends: Vec<usize>,
    /// The first packet (index in the batch) whose text may differ from
    /// a run on one thread.
    mismatch: Option<usize>,
    /// Parquet: the packets' rows (buffers kept from batch to batch), and
    /// what the builder could not place (`Some` once the rows are in).
    rows: Shred,
    problems: Option<Problems>,
}

impl Batch {
    fn clear(&mut self) {
        self.data.clear();
        self.pkts.clear();
        self.seqs.clear();
        self.out.clear();
        self.ends.clear();
        self.mismatch = None;
        self.problems = None;
    }
}

/// What the workers need to know of the run.
struct Job<'c> {
    cfg: &'c Config,
    shown: Mode,
    linktype: LinkType,
    json: &'c JsonOptions,
    /// Parquet: the time stamps' unit.
    ts: TsUnit,
}

/// Reads the source to its end (or the count) with `threads` workers,
/// writing into `out` in capture order. `summary.packets` counts the
/// packets read.
#[allow(clippy::too_many_arguments)]
pub fn run(
    cfg: &Config,
    source: &mut Source,
    out: &mut Output,
    parquet: Option<&mut PacketWriter>,
    shown: Mode,
    threads: usize,
    json_opts: &JsonOptions,
    summary: &mut Summary,
) -> Ended {
    let job = Job {
        cfg,
        shown,
        linktype: source.linktype(),
        json: json_opts,
        ts: parquet.as_ref().map_or(TsUnit::Micro, |w| w.ts_unit()),
    };
    let (batch_tx, batch_rx) = channel::<Batch>();
    let batch_rx = Mutex::new(batch_rx);
    let (done_tx, done_rx) = channel::<Batch>();
    std::thread::scope(|s| {
        for _ in 0..threads {
            let (job, rx, tx) = (&job, &batch_rx, done_tx.clone());
            s.spawn(move || work(job, rx, tx));
        }
        drop(done_tx);
        let ended = read(
            &job, source, out, parquet, threads, batch_tx, &done_rx, summary,
        );
        // Dropping the sender (done in `read`) ends the workers.
        ended
    })
}

/// This thread's part: reads, works out what carries from packet to
/// packet, hands batches over, writes them back in order.
#[allow(clippy::too_many_arguments)]
fn read(
    job: &Job<'_>,
    source: &mut Source,
    out: &mut Output,
    parquet: Option<&mut PacketWriter>,
    threads: usize,
    batches: Sender<Batch>,
    done: &Receiver<Batch>,
    summary: &mut Summary,
) -> Ended {
    let cfg = job.cfg;
    let counters = &super::signals::COUNTERS;
    let max_in_flight = (threads + 2).min(MAX_IN_FLIGHT);
    let mut carry =
        (job.shown == Mode::Text).then(|| TextRenderer::new(cfg.text, Palette::new(cfg.color)));
    let needs_decode = carry.as_ref().is_some_and(|t| t.carry_needs_decode());
    let (batch_packets, batch_bytes) = if job.shown == Mode::Parquet {
        (BATCH_PACKETS_PARQUET, BATCH_BYTES_PARQUET)
    } else {
        (BATCH_PACKETS, BATCH_BYTES)
    };
    let group_rows = (job.shown == Mode::Parquet).then(|| cfg.parquet.row_group_rows.max(1) as u64);
    let mut w = Writer {
        out,
        parquet,
        parquet_dir: cfg
            .parquet_dir
            .as_deref()
            .map(|d| d.display().to_string())
            .unwrap_or_default(),
        waiting: BTreeMap::new(),
        next: 0,
        spare: Vec::new(),
        in_flight: 0,
    };
    let mut sent = 0u64;
    let mut batch = w.batch(sent, 1);
    let result = loop {
        counters.set_packets(summary.packets);
        if cfg.count.is_some_and(|c| summary.packets >= c) {
            break Ok(());
        }
        let pkt = match source.next_packet() {
            Ok(Some(p)) => p,
            Ok(None) => break Ok(()),
            Err(e) => break Err(e),
        };
        summary.packets += 1;
        batch.data.extend_from_slice(pkt.data);
        let c = match carry.as_mut() {
            Some(t) if needs_decode => {
                let mut d = Decoded::new(pkt.data, pkt.wire_len);
                decode::decode_into(job.linktype, &mut d);
                t.carry(&pkt, Some(&d), &mut batch.seqs)
            }
            Some(t) => t.carry(&pkt, None, &mut batch.seqs),
            None => Carry::default(),
        };
        batch.pkts.push(Meta {
            ts: pkt.ts,
            wire_len: pkt.wire_len,
            end: batch.data.len(),
            carry: c,
            seqs_end: batch.seqs.len(),
        });
        // Parquet: a batch also ends where a row group must (its rows are
        // never split).
        let group_end = group_rows.is_some_and(|g| summary.packets % g == 0);
        if batch.pkts.len() >= batch_packets || batch.data.len() >= batch_bytes || group_end {
            sent += 1;
            let next = w.batch(sent, summary.packets + 1);
            if batches.send(std::mem::replace(&mut batch, next)).is_err() {
                break Ok(());
            }
            w.in_flight += 1;
            match w.drain(done, max_in_flight - 1) {
                Some(e) => return e,
                None => continue,
            }
        }
    };
    if !batch.pkts.is_empty() && batches.send(batch).is_ok() {
        w.in_flight += 1;
    }
    drop(batches);
    match w.drain(done, 0) {
        Some(Ended::Read(Ok(()))) | None => Ended::Read(result),
        Some(Ended::Read(Err(e))) => Ended::Read(result.and(Err(e))),
        Some(m) => m,
    }
}

/// Writes finished batches in capture order.
struct Writer<'o> {
    out: &'o mut Output,
    /// Parquet: where the batches' rows go, and the directory's name.
    parquet: Option<&'o mut PacketWriter>,
    parquet_dir: String,
    /// Finished batches not yet written, by place.
    waiting: BTreeMap<u64, Batch>,
    /// The place of the next batch to write.
    next: u64,
    /// Written batches, for reuse.
    spare: Vec<Batch>,
    in_flight: usize,
}

impl Writer<'_> {
    /// An empty batch (a spare one when there is one).
    fn batch(&mut self, seq: u64, first: u64) -> Batch {
        // Made here at about the size they will need, so that workers
        // seldom grow them: memory a worker's allocator takes it keeps.
        let mut b = self.spare.pop().unwrap_or_else(|| Batch {
            data: Vec::with_capacity(BATCH_BYTES + 64 * 1024),
            out: Vec::with_capacity(8 * BATCH_BYTES),
            ..Batch::default()
        });
        b.clear();
        b.seq = seq;
        b.first = first;
        b
    }

    /// Waits for finished batches until at most `keep` are in flight,
    /// writing what can be written. `Some` when the run must end: writing
    /// failed, or a worker reported a mismatch.
    fn drain(&mut self, done: &Receiver<Batch>, keep: usize) -> Option<Ended> {
        loop {
            // Take what is finished without waiting, then wait if needed.
            let b = match done.try_recv() {
                Ok(b) => b,
                Err(_) if self.in_flight > keep => match done.recv() {
                    Ok(b) => b,
                    // Every worker is gone: a worker panicked, which the
                    // scope reports when it joins them.
                    Err(_) => return Some(Ended::Read(Ok(()))),
                },
                Err(_) => return None,
            };
            self.in_flight -= 1;
            self.waiting.insert(b.seq, b);
            while let Some(b) = self.waiting.remove(&self.next) {
                self.next += 1;
                let mut b = b;
                if let Some(e) = self.write(&mut b) {
                    return Some(e);
                }
                self.spare.push(b);
            }
        }
    }

    /// Writes one batch's packets (up to a mismatch).
    fn write(&mut self, b: &mut Batch) -> Option<Ended> {
        if let Some(w) = self.parquet.as_deref_mut() {
            let written = match b.problems.take() {
                Some(problems) => {
                    let keep = b.rows.rows;
                    w.write_batch(&mut b.rows, keep, 0, problems)
                }
                None if b.pkts.is_empty() => Ok(()),
                None => Err(std::io::Error::other("a worker lost a batch of rows")),
            };
            return written.err().map(|e| {
                let what = format!("writing {}", self.parquet_dir);
                Ended::Read(Err(AppError::io(what, e)))
            });
        }
        if b.mismatch.is_none() && !self.out.flushes_each_packet() {
            // All of it at once: no copy into the output's buffer (JSON
            // batches are larger than that buffer).
            let all = b
                .ends
                .last()
                .map_or(&[][..], |&end| b.out.get(..end).unwrap_or_default());
            return match self.out.write_packets(all) {
                Ok(()) => None,
                Err(e) => Some(Ended::Read(Err(AppError::io("standard output", e)))),
            };
        }
        let mut start = 0;
        for (i, &end) in b.ends.iter().enumerate() {
            if b.mismatch == Some(i) {
                return Some(Ended::Mismatch(b.first + i as u64));
            }
            self.out
                .buf()
                .extend_from_slice(b.out.get(start..end).unwrap_or_default());
            start = end;
            if let Err(e) = self.out.end_packet() {
                return Some(Ended::Read(Err(AppError::io("standard output", e))));
            }
        }
        None
    }
}

/// A worker: decodes and prints batches until there are none.
fn work(job: &Job<'_>, batches: &Mutex<Receiver<Batch>>, done: Sender<Batch>) {
    let cfg = job.cfg;
    let mut text = TextRenderer::new(cfg.text, Palette::new(cfg.color));
    // Parquet: rows are taken at the end of each batch, never before.
    let mut rows =
        (job.shown == Mode::Parquet).then(|| PacketBatcher::new(job.ts, *job.json, usize::MAX));
    loop {
        let next = batches
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .recv();
        let Ok(mut b) = next else {
            return;
        };
        let mut start = 0;
        let mut seqs_start = 0;
        for (i, m) in b.pkts.iter().enumerate() {
            let pkt = RawPacket {
                ts: m.ts,
                data: b.data.get(start..m.end).unwrap_or_default(),
                wire_len: m.wire_len,
            };
            start = m.end;
            let mut d = Decoded::new(pkt.data, pkt.wire_len);
            decode::decode_into(job.linktype, &mut d);
            match job.shown {
                Mode::Json => {
                    let cid = community_id::of_packet(&d, cfg.community_id_seed);
                    let n = b.first + i as u64;
                    json::write_packet(&mut b.out, n, &pkt, &d, cid.as_ref(), job.json);
                }
                Mode::Parquet => {
                    let cid = community_id::of_packet(&d, cfg.community_id_seed);
                    let n = b.first + i as u64;
                    if let Some(r) = rows.as_mut() {
                        // Never full before the batch ends (`usize::MAX`).
                        let _ = r.push(n, &pkt, &d, cid.as_ref());
                    }
                }
                _ => {
                    let seqs = b.seqs.get(seqs_start..m.seqs_end).unwrap_or_default();
                    seqs_start = m.seqs_end;
                    if !text.render_carried(&pkt, &d, &mut b.out, m.carry, seqs)
                        && b.mismatch.is_none()
                    {
                        b.mismatch = Some(i);
                    }
                    end_text_packet(cfg, &text, &pkt, &d, &mut b.out);
                }
            }
            b.ends.push(b.out.len());
        }
        if let Some(r) = rows.as_mut() {
            r.take_into(&mut b.rows);
            b.problems = Some(r.take_problems());
        }
        if done.send(b).is_err() {
            return;
        }
    }
}
