//! Several capture files in one run (`-r A -r B ...`, `-V LIST`).
//!
//! JSON and Parquet output say nothing about one packet that depends on
//! another, so the inputs are decoded in parallel, one per worker thread
//! (as many workers as cores, at most one per input), and written here in
//! input order: a worker hands its output over in chunks through a small
//! bounded channel of its own, which this thread drains input after input,
//! so memory stays bounded (a few chunks per worker) whatever the inputs'
//! sizes. A worker does not know how many packets the inputs before its
//! own hold: it numbers its packets from 1, and the numbers (`n`) are
//! moved up here as the chunks are written.
//!
//! Text output carries state from packet to packet (relative times and
//! sequence numbers) as tcpdump's does across the files of `-V`: the
//! inputs are read one after the other.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Mutex;

use super::config::{Config, Mode};
use super::packets::{run, Summary};
use crate::capture::{Source, Stopper, TsPrecision};
use crate::decode::{self, community_id};
use crate::error::AppError;
use crate::render::json::{self, JsonOptions, SCHEMA_VERSION};
use crate::render::parquet::builder::Problems;
use crate::render::parquet::{PacketBatcher, PacketWriter, Shred, TsUnit};
use crate::render::Output;

/// Bytes of JSON a worker gathers before handing them over.
const CHUNK_BYTES: usize = 256 * 1024;
/// Chunks a worker may have waiting.
const CHANNEL_CHUNKS: usize = 4;

/// What a worker hands over.
enum Msg {
    /// JSON lines, and where each line's packet number is (offset of its
    /// digits, their length, the number).
    Json(Vec<u8>, Vec<(usize, usize, u64)>),
    /// Parquet rows, numbered from 1 within the input.
    Batch(Shred, Problems),
    /// The input ended after this many packets.
    End(u64),
    /// The input could not be read (after the packets before the damage).
    Err(AppError),
}

/// Runs the packet loop over several capture files.
pub fn run_files(
    cfg: &Config,
    paths: &[PathBuf],
    stop: &Stopper,
    out: &mut Output,
) -> Result<Summary, AppError> {
    match cfg.mode {
        Mode::Json | Mode::Parquet if !cfg.count_only => parallel(cfg, paths, stop, out),
        _ => sequential(cfg, paths, stop, out),
    }
}

/// One input after the other, with the same output.
fn sequential(
    cfg: &Config,
    paths: &[PathBuf],
    stop: &Stopper,
    out: &mut Output,
) -> Result<Summary, AppError> {
    let mut total = Summary::default();
    let mut cfg = cfg.clone();
    for p in paths {
        if cfg.count == Some(0) || stop.is_stopped() {
            break;
        }
        let mut src = Source::open_file_with(p, cfg.filter.as_deref(), stop)?;
        let s = run(&cfg, &mut src, None, out)?;
        total.packets += s.packets;
        cfg.count = cfg.count.map(|c| c.saturating_sub(s.packets));
    }
    Ok(total)
}

/// The inputs decoded by workers, written here in order.
fn parallel(
    cfg: &Config,
    paths: &[PathBuf],
    stop: &Stopper,
    out: &mut Output,
) -> Result<Summary, AppError> {
    // Every input is opened once first: a missing or unreadable file is
    // reported before anything is written, and the time stamp precision
    // of the Parquet columns is known (nanoseconds if any input has them).
    let mut nano = cfg.nano;
    for p in paths {
        let src = Source::open_file_with(p, cfg.filter.as_deref(), stop)?;
        nano |= src.precision() == TsPrecision::Nano;
    }
    let ts = if nano { TsUnit::Nano } else { TsUnit::Micro };
    let mut parquet = match (cfg.mode, &cfg.parquet_dir) {
        (Mode::Parquet, Some(dir)) => {
            let json = JsonOptions {
                precision: if nano {
                    TsPrecision::Nano
                } else {
                    TsPrecision::Micro
                },
                linktype: 0,
            };
            Some(
                PacketWriter::create(dir, json, cfg.parquet)
                    .map_err(|e| AppError::io(format!("can't create {}", dir.display()), e))?,
            )
        }
        _ => None,
    };
    let parquet_err = |e: std::io::Error| {
        let dir = cfg
            .parquet_dir
            .as_deref()
            .unwrap_or(std::path::Path::new(""));
        AppError::io(format!("writing {}", dir.display()), e)
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(paths.len())
        .max(1);
    let (senders, receivers): (Vec<SyncSender<Msg>>, Vec<Receiver<Msg>>) =
        paths.iter().map(|_| sync_channel(CHANNEL_CHUNKS)).unzip();
    let senders = Mutex::new(senders.into_iter().map(Some).collect::<Vec<_>>());
    let next = AtomicUsize::new(0);
    let mut summary = Summary::default();
    let result = std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(path) = paths.get(i) else { break };
                let tx = match senders.lock() {
                    Ok(mut v) => v.get_mut(i).and_then(Option::take),
                    Err(_) => None,
                };
                if let Some(tx) = tx {
                    work(cfg, path, stop, ts, &tx);
                }
            });
        }
        let r = write_in_order(cfg, receivers, out, parquet.as_mut(), &mut summary);
        // Dropping the receivers (at the end of `write_in_order`) stops
        // the workers still sending.
        r
    });
    let result = match parquet.take() {
        Some(w) => {
            let done = w.finish().map_err(parquet_err).map(|s| {
                super::flows::warn_problems(&s.problems);
            });
            result.and(done)
        }
        None => result,
    };
    let flushed = out.flush().map_err(|e| AppError::io("standard output", e));
    result?;
    flushed?;
    Ok(summary)
}

/// This thread's part: each input's chunks in turn.
fn write_in_order(
    cfg: &Config,
    receivers: Vec<Receiver<Msg>>,
    out: &mut Output,
    mut parquet: Option<&mut PacketWriter>,
    summary: &mut Summary,
) -> Result<(), AppError> {
    let stdout_err = |e: std::io::Error| AppError::io("standard output", e);
    let parquet_err = |e: std::io::Error| {
        let dir = cfg
            .parquet_dir
            .as_deref()
            .unwrap_or(std::path::Path::new(""));
        AppError::io(format!("writing {}", dir.display()), e)
    };
    let limit = cfg.count.unwrap_or(u64::MAX);
    for rx in receivers {
        let base = summary.packets;
        // Packets of this input written so far.
        let mut written = 0u64;
        // A worker always ends with End or Err; a closed channel ends the
        // input all the same.
        while let Ok(msg) = rx.recv() {
            match msg {
                Msg::Json(bytes, ns) => {
                    let buf = out.buf();
                    let mut from = 0;
                    for (at, len, local) in ns {
                        let n = base + local;
                        if n > limit {
                            // Up to the end of the line before this one.
                            let line_start = at.saturating_sub(json_prefix_len());
                            buf.extend_from_slice(bytes.get(from..line_start).unwrap_or(&[]));
                            from = bytes.len();
                            break;
                        }
                        buf.extend_from_slice(bytes.get(from..at).unwrap_or(&[]));
                        buf.extend_from_slice(n.to_string().as_bytes());
                        from = at + len;
                        written = local;
                    }
                    buf.extend_from_slice(bytes.get(from..).unwrap_or(&[]));
                    out.end_packet().map_err(stdout_err)?;
                }
                Msg::Batch(mut batch, problems) => {
                    let room = limit.saturating_sub(base + written);
                    let keep = room.min(batch.rows);
                    if let Some(w) = parquet.as_deref_mut() {
                        w.write_batch(&mut batch, keep, base as i64, problems)
                            .map_err(parquet_err)?;
                    }
                    written += keep;
                }
                Msg::End(n) => {
                    debug_assert!(written <= n);
                    break;
                }
                Msg::Err(e) => {
                    summary.packets = base + written;
                    return Err(e);
                }
            }
            summary.packets = base + written;
            if summary.packets >= limit {
                return Ok(());
            }
        }
        summary.packets = base + written;
        if summary.packets >= limit {
            return Ok(());
        }
    }
    Ok(())
}

/// `{"schema":1,"n":` before the packet number of a JSON line.
fn json_prefix_len() -> usize {
    format!("{{\"schema\":{SCHEMA_VERSION},\"n\":").len()
}

/// A worker's part: one input, decoded and rendered, handed over in
/// chunks.
fn work(cfg: &Config, path: &std::path::Path, stop: &Stopper, ts: TsUnit, tx: &SyncSender<Msg>) {
    let mut src = match Source::open_file_with(path, cfg.filter.as_deref(), stop) {
        Ok(s) => s,
        Err(e) => {
            let _ = tx.send(Msg::Err(e));
            return;
        }
    };
    let linktype = src.linktype();
    let json_opts = JsonOptions {
        precision: if cfg.nano {
            TsPrecision::Nano
        } else {
            src.precision()
        },
        linktype: linktype.0,
    };
    let prefix = json_prefix_len();
    let mut bytes = Vec::with_capacity(CHUNK_BYTES + 4096);
    let mut ns: Vec<(usize, usize, u64)> = Vec::new();
    let mut batcher = (cfg.mode == Mode::Parquet)
        .then(|| PacketBatcher::new(ts, json_opts, cfg.parquet.batch_rows));
    let mut n = 0u64;
    let end = loop {
        let pkt = match src.next_packet() {
            Ok(Some(p)) => p,
            Ok(None) => break Ok(()),
            Err(e) => break Err(e),
        };
        n += 1;
        let mut d = decode::Decoded::new(pkt.data, pkt.wire_len);
        decode::decode_into(linktype, &mut d);
        let d = &d;
        let cid = community_id::of_packet(d, cfg.community_id_seed);
        match batcher.as_mut() {
            Some(b) => match b.push(n, &pkt, d, cid.as_ref()) {
                Ok(Some(batch)) => {
                    if tx.send(Msg::Batch(batch, b.take_problems())).is_err() {
                        return;
                    }
                }
                Ok(None) => {}
                Err(e) => break Err(AppError::io("building Parquet rows", e)),
            },
            None => {
                let at = bytes.len() + prefix;
                json::write_packet(&mut bytes, n, &pkt, d, cid.as_ref(), &json_opts);
                ns.push((at, n.to_string().len(), n));
                if bytes.len() >= CHUNK_BYTES {
                    let chunk =
                        std::mem::replace(&mut bytes, Vec::with_capacity(CHUNK_BYTES + 4096));
                    if tx.send(Msg::Json(chunk, std::mem::take(&mut ns))).is_err() {
                        return;
                    }
                }
            }
        }
    };
    // What was decoded goes over before the end or the error.
    if let Some(b) = batcher.as_mut() {
        if b.pending() > 0 {
            match b.take() {
                Ok(batch) => {
                    if tx.send(Msg::Batch(batch, b.take_problems())).is_err() {
                        return;
                    }
                }
                Err(e) => {
                    let _ = tx.send(Msg::Err(AppError::io("building Parquet rows", e)));
                    return;
                }
            }
        }
    } else if !bytes.is_empty() && tx.send(Msg::Json(bytes, ns)).is_err() {
        return;
    }
    let _ = match end {
        Ok(()) => tx.send(Msg::End(n)),
        Err(e) => tx.send(Msg::Err(e)),
    };
}
