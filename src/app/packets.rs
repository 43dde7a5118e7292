//! The per-packet loop: source -> decode -> render -> output.

use std::io::Write;

use super::config::{Config, Input, Mode};
use crate::capture::{LiveStats, RawPacket, Saved, Savefiles, Source, Stopper};
use crate::decode;
use crate::decode::community_id;
use crate::error::AppError;
use crate::names::Resolver;
use crate::render::hex::{dump_slice, write_dump};
use crate::render::json::{self, JsonOptions};
use crate::render::parquet::PacketWriter;
use crate::render::text::TextRenderer;
use crate::render::{Output, Palette};

/// What a run did.
#[derive(Clone, Copy, Debug, Default)]
pub struct Summary {
    /// Packets read from the source (after the filter).
    pub packets: u64,
    /// libpcap's counters, for live captures.
    pub live: Option<LiveStats>,
}

/// Opens the configured source, stopped by `stop` (see
/// [`super::catch_signals`]).
pub fn open_source(cfg: &Config, stop: &Stopper) -> Result<Source, AppError> {
    let filter = cfg.filter.as_deref();
    match &cfg.input {
        Input::File(path) => Source::open_file_with(path, filter, stop),
        Input::Files(_) => Err(AppError::Usage(
            "several input files are read with app::inputs::run_files".into(),
        )),
        Input::Live(iface) => Source::open_live_with(iface, cfg.live.clone(), filter, stop),
    }
}

/// The error for a run a signal stopped in the middle of a pipe, which
/// tcpdump reports (its blocked read fails) with status 1; `None` for a
/// run that read to its end, a regular file (tcpdump: status 0) or a live
/// capture (ended by the signal as it should be).
pub fn interruption(source: &Source) -> Option<AppError> {
    let stop = source.stopper();
    (stop.is_stopped() && source.is_piped()).then(|| AppError::Interrupted {
        what: source.name().to_string(),
        signal: stop.signal(),
    })
}

/// Creates the savefile `-w` asks for (none in the other modes). It is
/// created before the capture starts, as tcpdump does, so that a file that
/// cannot be written is reported before "listening on".
pub fn open_savefile(cfg: &Config, source: &Source) -> Result<Option<Savefiles>, AppError> {
    match (cfg.mode, &cfg.save_path) {
        (Mode::Save, Some(path)) => {
            Ok(Some(source.savefile(path, cfg.nano, cfg.rotate.clone())?))
        }
        _ => Ok(None),
    }
}

/// Runs the capture loop on an open source until it ends, the count is
/// reached, or the source's stop flag is set; with `-w`, into `savefile`
/// (from [`open_savefile`]). Everything decoded before an error is written
/// before the error is returned.
pub fn run(
    cfg: &Config,
    source: &mut Source,
    mut savefile: Option<Savefiles>,
    out: &mut Output,
) -> Result<Summary, AppError> {
    let linktype = source.linktype();
    let mut summary = Summary::default();
    let stdout_err = |e: std::io::Error| AppError::io("standard output", e);
    // What is printed: the mode, or with -w what --print asks for.
    let shown = match cfg.mode {
        _ if cfg.count_only => None,
        Mode::Save => cfg.print,
        m => Some(m),
    };
    if shown.is_some() && !linktype.is_decoded() {
        // libpcap knows the link type (else opening failed), netdecode
        // does not decode it: said once, not once per packet.
        let _ = writeln!(
            std::io::stderr(),
            "netdecode: link-type {} is not decoded: text shows each packet as \
             UNSUPPORTED and a hex dump (as tcpdump does), JSON with no layers",
            linktype.0
        );
    }
    let mut text = TextRenderer::new(cfg.text, Palette::new(cfg.color));
    if cfg.names {
        text = text.with_names(Resolver::system());
    }
    let json_opts = JsonOptions {
        precision: if cfg.nano {
            crate::capture::TsPrecision::Nano
        } else {
            source.precision()
        },
        linktype: linktype.0,
    };
    let mut parquet = match (shown, &cfg.parquet_dir) {
        (Some(Mode::Parquet), Some(dir)) => Some(
            PacketWriter::create(dir, json_opts, cfg.parquet)
                .map_err(|e| AppError::io(format!("can't create {}", dir.display()), e))?,
        ),
        _ => None,
    };
    let parquet_err = |e: std::io::Error| {
        let dir = cfg
            .parquet_dir
            .as_deref()
            .unwrap_or(std::path::Path::new(""));
        AppError::io(format!("writing {}", dir.display()), e)
    };
    let counters = &super::signals::COUNTERS;
    let mut last_dropped = 0u32;
    if let Some(st) = source.stats() {
        counters.set_live(st);
        last_dropped = st.dropped;
    }
    // Threads, when they pay (see `parallel`); should their text differ
    // from one thread's, the file is read again on one thread, the packets
    // they wrote rendered without being written.
    let mut silent = 0;
    let threads = super::parallel::threads_for(cfg, shown);
    let threaded = match shown {
        Some(shown) if threads > 1 => {
            match super::parallel::run(
                cfg,
                source,
                out,
                parquet.as_mut(),
                shown,
                threads,
                &json_opts,
                &mut summary,
            ) {
                super::parallel::Ended::Read(r) => Some(r),
                super::parallel::Ended::Mismatch(at) => {
                    *source = open_source(cfg, &source.stopper())?;
                    summary.packets = 0;
                    silent = at - 1;
                    None
                }
            }
        }
        _ => None,
    };
    let result = if let Some(r) = threaded {
        r
    } else {
        loop {
            counters.set_packets(summary.packets);
            if summary.packets % super::signals::STATS_EVERY == 0 {
                if let Some(st) = source.stats() {
                    counters.set_live(st);
                    // Live with -v: said whenever the kernel's drop counter
                    // grows.
                    if cfg.text.verbose > 0 && st.dropped > last_dropped {
                        let _ = writeln!(
                            std::io::stderr(),
                            "netdecode: the kernel dropped {} more packets ({} in all)",
                            st.dropped - last_dropped,
                            st.dropped
                        );
                    }
                    last_dropped = last_dropped.max(st.dropped);
                }
            }
            if cfg.count.is_some_and(|c| summary.packets >= c) {
                break Ok(());
            }
            let pkt = match source.next_packet() {
                Ok(Some(p)) => p,
                Ok(None) => break Ok(()),
                Err(e) => break Err(e),
            };
            if let Some(sf) = savefile.as_mut() {
                let written = sf.write(&pkt);
                let written = match written {
                    Ok(Saved::Written) if cfg.packet_buffered => sf.flush(),
                    Ok(Saved::Written) => Ok(()),
                    Ok(Saved::Limit(n)) => {
                        // tcpdump's words; the packet that would have begun a
                        // new file is not counted, as it is in no file.
                        let _ = writeln!(std::io::stderr(), "Maximum file limit reached: {n}");
                        break Ok(());
                    }
                    Err(e) => Err(e),
                };
                if let Err(e) = written {
                    break Err(e);
                }
            }
            summary.packets += 1;
            let Some(shown) = shown else {
                continue;
            };
            // Built in place and decoded into, never moved (see decode_into).
            let mut d = decode::Decoded::new(pkt.data, pkt.wire_len);
            decode::decode_into(linktype, &mut d);
            let d = &d;
            let buf = out.buf();
            match shown {
                Mode::Json => {
                    let cid = community_id::of_packet(d, cfg.community_id_seed);
                    json::write_packet(buf, summary.packets, &pkt, d, cid.as_ref(), &json_opts)
                }
                Mode::Parquet => {
                    let cid = community_id::of_packet(d, cfg.community_id_seed);
                    if let Some(w) = parquet.as_mut() {
                        if let Err(e) = w.write(summary.packets, &pkt, d, cid.as_ref()) {
                            break Err(parquet_err(e));
                        }
                    }
                    continue;
                }
                // Text, or (never built) a savefile as what to show.
                Mode::Text | Mode::Save => {
                    let mark = buf.len();
                    text.render(&pkt, d, buf);
                    end_text_packet(cfg, &text, &pkt, d, buf);
                    if summary.packets <= silent {
                        // Printed by threads before they started over.
                        buf.truncate(mark);
                        continue;
                    }
                }
            }
            if let Err(e) = out.end_packet() {
                break Err(stdout_err(e));
            }
        }
    };
    // Whatever happened, what was read is written before any error.
    let result = match savefile.as_mut() {
        Some(sf) => {
            let flushed = sf.flush();
            result.and(flushed)
        }
        None => result,
    };
    // The Parquet files are closed (made whole) whatever happened.
    let result = match parquet.take() {
        Some(w) => {
            let done = w.finish().map_err(parquet_err).map(|s| {
                super::flows::warn_problems(&s.problems);
            });
            result.and(done)
        }
        None => result,
    };
    let flushed = out.flush().map_err(stdout_err);
    summary.live = source.stats();
    result?;
    flushed?;
    match interruption(source) {
        Some(e) => Err(e),
        None => Ok(summary),
    }
}

/// What follows a packet's text: the -x/-X/-A dump, if asked for, and
/// the newline.
pub(super) fn end_text_packet(
    cfg: &Config,
    text: &TextRenderer,
    pkt: &RawPacket<'_>,
    d: &decode::Decoded<'_>,
    buf: &mut Vec<u8>,
) {
    if let Some(dump) = cfg.dump {
        if !TextRenderer::header_invalid(pkt) {
            let hdr = text.dump_start(d);
            if let Some(bytes) = dump_slice(pkt.data, hdr, dump.with_link_header) {
                write_dump(buf, dump.style, bytes);
            }
        }
    }
    buf.push(b'\n');
}

/// tcpdump's end-of-capture summary for live captures.
pub fn write_live_summary(err: &mut dyn Write, s: &Summary) -> std::io::Result<()> {
    let plural = |n: u64| if n == 1 { "" } else { "s" };
    writeln!(err, "{} packet{} captured", s.packets, plural(s.packets))?;
    if let Some(l) = s.live {
        let r = u64::from(l.received);
        let dr = u64::from(l.dropped);
        writeln!(err, "{} packet{} received by filter", r, plural(r))?;
        writeln!(err, "{} packet{} dropped by kernel", dr, plural(dr))?;
    }
    Ok(())
}
