//! The `flows` and `follow` subcommands: TCP reassembly of a capture file,
//! driven beside the packet loop.
//!
//! ```text
//! capture::Source --RawPacket--> decode --Decoded--> segment::tcp_segment --Segment--> flow::FlowTable
//!                                                                              │
//!   flows:  render::flows::Report (+ render::flows::FileSink with --write) ◄───┤
//!   follow: render::flows::FollowWriter (one connection, a turn at a time) ◄───┘
//! ```
//!
//! The options types here are what the command line builds; everything
//! about reassembly is in [`crate::flow`], everything printed or written in
//! [`crate::render::flows`].

use std::io::{self, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::file_threads::FileThreads;
use super::segment::{tcp_segment, NotSegment};
use crate::capture::{Source, Stopper};
use crate::decode;
use crate::error::AppError;
use crate::flow::{ConnInfo, ConnSummary, FlowSink, FlowTable, Segment, TcpFlags, Timestamp};
use crate::render::flows::{
    create_dir, Chunks, FileKey, FileSink, FollowWriter, Listing, OpenFiles, Report, StreamStore,
    Totals,
};
use crate::render::parquet::FlowWriter;
use crate::render::Output;

pub use crate::flow::Limits;
pub use crate::render::flows::{FollowStyle, WriteOptions};
pub use crate::render::parquet::ParquetOptions;

/// A reassembly subcommand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FlowCommand {
    Flows(FlowsOptions),
    Follow(FollowOptions),
}

/// `netdecode flows`: list the TCP connections of a capture.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowsOptions {
    /// The capture file ("-": standard input).
    pub read: PathBuf,
    /// Only the packets it accepts are reassembled.
    pub filter: Option<String>,
    /// A JSON line per connection instead of the table.
    pub json: bool,
    /// Write each direction's stream to a file in this directory, and the
    /// index (`--write`).
    pub write: Option<(PathBuf, WriteOptions)>,
    pub limits: Limits,
    /// The seed of the connections' Community IDs.
    pub community_id_seed: u16,
    /// Write the connections as Parquet files in this directory.
    pub parquet: Option<(PathBuf, ParquetOptions)>,
}

/// `netdecode follow`: print one connection's conversation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowOptions {
    /// The capture file ("-": standard input, with [`FollowTarget::Id`]).
    pub read: PathBuf,
    pub style: FollowStyle,
    pub limits: Limits,
    pub target: FollowTarget,
}

/// Which connection `follow` prints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FollowTarget {
    /// Its ID in `flows`, or in `flows FILTER` when `filter` is given.
    Id { id: u64, filter: Option<String> },
    /// The connection of the first TCP packet this filter accepts.
    FirstMatch(String),
    /// The first connection between these two ends (either way round).
    Between(SocketAddr, SocketAddr),
}

/// Runs a subcommand, writing to standard output; `stop` (see
/// [`super::catch_signals`]) cuts the reading short, after which what was
/// read is reported as usual, marked as cut short.
pub fn run(cmd: &FlowCommand, stop: &Stopper) -> Result<ExitCode, AppError> {
    let mut out = Output::stdout(false);
    let result = match cmd {
        FlowCommand::Flows(o) => run_flows(o, stop, &mut out),
        FlowCommand::Follow(o) => run_follow(o, stop, &mut out),
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

/// How a pass over the capture ended.
enum End {
    /// The end of the file.
    Eof,
    /// The caller's condition was met.
    Early,
    /// The file is damaged: what came before it was used.
    ReadError(AppError),
    /// A stop (a signal) cut the reading short: what came before it was
    /// used.
    Stopped,
}

impl End {
    /// How the run ends after its output is complete: a damaged file's
    /// error; for a pipe a stop cut short, tcpdump's status 1 (see
    /// [`super::interruption`]); else success.
    fn outcome(self, source: &Source) -> Result<(), AppError> {
        match self {
            End::ReadError(e) => Err(e),
            End::Stopped => super::interruption(source).map_or(Ok(()), Err),
            End::Eof | End::Early => Ok(()),
        }
    }
}

/// One line on standard error for a run a signal cut short from a regular
/// file (from a pipe, the interruption error says it).
fn note_cut_short(source: &Source, what: &str) {
    if source.is_piped() {
        return;
    }
    let by = source
        .stopper()
        .signal()
        .map(|n| format!(" by {}", crate::error::signal_name(n)))
        .unwrap_or_default();
    let _ = writeln!(
        io::stderr(),
        "netdecode: {what} cut short{by}: {} was not read to its end",
        source.name()
    );
}

/// Reads `source` to its end (or until `done` says so, asked after each
/// segment), handing every TCP segment to `table`. Errors are the sink's.
fn feed<S: FlowSink<Error = io::Error>>(
    source: &mut Source,
    table: &mut FlowTable,
    sink: &mut S,
    totals: &mut Totals,
    mut done: impl FnMut(&S, &Segment<'_>) -> bool,
) -> io::Result<End> {
    let linktype = source.linktype();
    let stop = source.stopper();
    loop {
        let pkt = match source.next_packet() {
            Ok(Some(p)) => p,
            Ok(None) if stop.is_stopped() => return Ok(End::Stopped),
            Ok(None) => return Ok(End::Eof),
            Err(e) => return Ok(End::ReadError(e)),
        };
        totals.packets += 1;
        // Built in place and decoded into, never moved (see decode_into:
        // a move of the record was a twelfth of this loop's instructions).
        let mut d = decode::Decoded::new(pkt.data, pkt.wire_len);
        decode::decode_into(linktype, &mut d);
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

/// A sink that may be absent, and remembers whether it failed (so that
/// an error names the output it came from).
struct Optional<S> {
    sink: Option<S>,
    failed: bool,
}

impl<S> Optional<S> {
    fn new(sink: Option<S>) -> Self {
        Optional {
            sink,
            failed: false,
        }
    }

    fn track<T>(&mut self, r: io::Result<T>) -> io::Result<T> {
        self.failed |= r.is_err();
        r
    }
}

impl<S: FlowSink<Error = io::Error>> FlowSink for Optional<S> {
    type Error = io::Error;
    fn opened(&mut self, conn: &ConnInfo) -> io::Result<()> {
        match self.sink.as_mut() {
            Some(s) => {
                let r = s.opened(conn);
                self.track(r)
            }
            None => Ok(()),
        }
    }
    fn data(
        &mut self,
        conn: &ConnInfo,
        dir: crate::flow::Direction,
        offset: u64,
        bytes: &[u8],
    ) -> io::Result<()> {
        match self.sink.as_mut() {
            Some(s) => {
                let r = s.data(conn, dir, offset, bytes);
                self.track(r)
            }
            None => Ok(()),
        }
    }
    fn gap(
        &mut self,
        conn: &ConnInfo,
        dir: crate::flow::Direction,
        gap: &crate::flow::Gap,
    ) -> io::Result<()> {
        match self.sink.as_mut() {
            Some(s) => {
                let r = s.gap(conn, dir, gap);
                self.track(r)
            }
            None => Ok(()),
        }
    }
    fn closed(&mut self, summary: &ConnSummary) -> io::Result<()> {
        match self.sink.as_mut() {
            Some(s) => {
                let r = s.closed(summary);
                self.track(r)
            }
            None => Ok(()),
        }
    }
}

/// Threads writing the stream files of `--write`, when there is a second
/// core: the files are shared out among them by connection (see
/// [`super::file_threads`]). The file system work is more than half the
/// CPU time of `bench/flows.sh`, more than the reading thread's: split in
/// two, it and the reading thread's work share two cores evenly
/// (bench/README.md, flows18).
const FILE_THREADS: usize = 2;

/// Where the `--write` stream files are written: on this thread, or on
/// [`FILE_THREADS`] threads of their own.
enum Store {
    Here(OpenFiles),
    Threads(FileThreads),
}

impl Store {
    /// The store for files in `dir` (which exists), at most `max_open`
    /// open at once in all.
    fn start(dir: &Path, max_open: usize) -> io::Result<Store> {
        if std::thread::available_parallelism().map_or(1, |n| n.get()) < 2 {
            return OpenFiles::new(dir, max_open).map(Store::Here);
        }
        let each = (max_open / FILE_THREADS).max(1);
        let stores = (0..FILE_THREADS)
            .map(|_| OpenFiles::new(dir, each))
            .collect::<io::Result<_>>()?;
        FileThreads::spawn(stores).map(Store::Threads)
    }
}

impl StreamStore for Store {
    fn write(
        &mut self,
        key: FileKey,
        new_name: Option<&str>,
        pos: u64,
        chunks: Chunks,
    ) -> io::Result<()> {
        match self {
            Store::Here(s) => s.write(key, new_name, pos, chunks),
            Store::Threads(s) => s.write(key, new_name, pos, chunks),
        }
    }
    fn write_whole(
        &mut self,
        name: &str,
        pos: u64,
        chunks: Chunks,
        set_len: Option<u64>,
    ) -> io::Result<()> {
        match self {
            Store::Here(s) => s.write_whole(name, pos, chunks, set_len),
            Store::Threads(s) => s.write_whole(name, pos, chunks, set_len),
        }
    }
    fn take_spare(&mut self, into: &mut Vec<Vec<u8>>) {
        match self {
            Store::Here(s) => s.take_spare(into),
            Store::Threads(s) => s.take_spare(into),
        }
    }
    fn close(&mut self, key: FileKey, set_len: Option<u64>) -> io::Result<()> {
        match self {
            Store::Here(s) => s.close(key, set_len),
            Store::Threads(s) => s.close(key, set_len),
        }
    }
    fn finish(self) -> io::Result<()> {
        match self {
            Store::Here(s) => s.finish(),
            Store::Threads(s) => s.finish(),
        }
    }
}

/// `netdecode flows`.
fn run_flows(o: &FlowsOptions, stop: &Stopper, out: &mut Output) -> Result<(), AppError> {
    let mut source = Source::open_file_with(&o.read, o.filter.as_deref(), stop)?;
    let mut table = FlowTable::new(o.limits);
    let mut totals = Totals::default();
    let listing = match (o.json, o.write.is_some() || o.parquet.is_some()) {
        (true, _) => Listing::Json,
        (false, false) => Listing::Table,
        (false, true) => Listing::Nothing,
    };
    let mut report = Report::new(listing, out, o.community_id_seed);
    let files = match &o.write {
        Some((dir, opts)) => Some(
            create_dir(dir)
                .and_then(|()| Store::start(dir, opts.max_open_files))
                .and_then(|store| FileSink::with_store(dir, *opts, store))
                .map_err(|e| AppError::io(format!("can't create {}", dir.display()), e))?,
        ),
        None => None,
    };
    let parquet = match &o.parquet {
        Some((dir, opts)) => Some(
            FlowWriter::create(dir, o.community_id_seed, *opts)
                .map_err(|e| AppError::io(format!("can't create {}", dir.display()), e))?,
        ),
        None => None,
    };
    let mut files = Optional::new(files);
    let mut parquet = Optional::new(parquet);
    let run = {
        let mut sink = (&mut files, (&mut parquet, &mut report));
        feed(&mut source, &mut table, &mut sink, &mut totals, |_, _| {
            false
        })
        .and_then(|end| Ok((end, table.finish(&mut sink)?)))
    };
    // Each output is finished (its files made whole) even after an error.
    let files_done = match files.sink.take() {
        Some(f) => {
            let r = f.finish();
            files.track(r)
        }
        None => Ok(()),
    };
    let parquet_done = match parquet.sink.take() {
        Some(p) => {
            let r = p.finish().map(|s| warn_problems(&s.problems));
            parquet.track(r)
        }
        None => Ok(()),
    };
    let which = |e: io::Error| {
        if report.stdout_failed() {
            stdout_err(e)
        } else if let (true, Some((dir, _))) = (files.failed, &o.write) {
            AppError::io(format!("writing {}", dir.display()), e)
        } else if let (true, Some((dir, _))) = (parquet.failed, &o.parquet) {
            AppError::io(format!("writing {}", dir.display()), e)
        } else {
            stdout_err(e)
        }
    };
    let (end, stats) = run.map_err(which)?;
    files_done.map_err(which)?;
    parquet_done.map_err(which)?;
    totals.add_table_stats(&stats);
    if let End::Stopped = end {
        totals.cut_short = true;
        totals.signal = stop.signal();
        if o.json {
            note_cut_short(&source, "flows");
        }
    }
    let written = o.write.as_ref().map(|(dir, _)| dir.as_path());
    report.finish(totals, written).map_err(stdout_err)?;
    if let (false, Some((dir, _))) = (o.json, &o.parquet) {
        let line = format!("connections written to {} (Parquet)\n", dir.display());
        out.buf().extend_from_slice(line.as_bytes());
    }
    end.outcome(&source)
}

/// Says on standard error when rows lost fields (a schema bug).
pub(crate) fn warn_problems(p: &crate::render::parquet::builder::Problems) {
    if p.is_empty() {
        return;
    }
    let mut err = io::stderr();
    let _ = writeln!(
        err,
        "netdecode: {} values had no Parquet column and were left out (please report):",
        p.total()
    );
    for (what, n) in p.0.iter().take(10) {
        let _ = writeln!(err, "netdecode:   {what} ({n})");
    }
}

/// `netdecode follow`.
fn run_follow(o: &FollowOptions, stop: &Stopper, out: &mut Output) -> Result<(), AppError> {
    // `ID [FILTER]`: connection ID of `flows FILTER`; else a filter that
    // picks the connection of the first TCP packet it accepts.
    let (id, table_filter, label) = match &o.target {
        FollowTarget::Id { id, filter } => (Some(*id), filter.clone(), filter.clone()),
        FollowTarget::FirstMatch(filter) => {
            let id = resolve(&o.read, filter, o.limits, stop)?;
            (Some(id), None, Some(filter.clone()))
        }
        FollowTarget::Between(..) => (None, None, None),
    };
    let mut source = Source::open_file_with(&o.read, table_filter.as_deref(), stop)?;
    let mut table = FlowTable::new(o.limits);
    let mut totals = Totals::default();
    let mut sink = match (id, &o.target) {
        (None, FollowTarget::Between(a, b)) => FollowWriter::between(*a, *b, o.style, out),
        _ => FollowWriter::new(id.unwrap_or(0), o.style, label, out),
    };
    let end = feed(&mut source, &mut table, &mut sink, &mut totals, |s, _| {
        s.done()
    })
    .map_err(stdout_err)?;
    if !sink.done() {
        // Only the connections still open are flushed, in order of ID;
        // the one followed is among them.
        let seen = table.stats().connections;
        table.finish(&mut sink).map_err(stdout_err)?;
        if !sink.seen() {
            let wanted = match (id, &o.target) {
                (_, FollowTarget::Between(a, b)) => format!("between {a} and {b}"),
                (id, _) => id.unwrap_or(0).to_string(),
            };
            if let End::ReadError(_) | End::Stopped = end {
                return end.outcome(&source).and(Err(AppError::NotFound(format!(
                    "follow: reading stopped before connection {wanted} was seen"
                ))));
            }
            return Err(AppError::NotFound(format!(
                "follow: no connection {wanted} in {} ({} found{}; see `netdecode flows`)",
                o.read.display(),
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
    if sink.evicted() {
        let _ = writeln!(
            io::stderr(),
            "netdecode: follow: the connection was evicted by the state limit before its \
             end: the conversation stops there (raise --max-state)"
        );
    }
    if let End::Stopped = end {
        note_cut_short(&source, "follow");
    }
    end.outcome(&source)
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
fn resolve(path: &Path, filter: &str, limits: Limits, stop: &Stopper) -> Result<u64, AppError> {
    if path == Path::new("-") {
        return Err(AppError::Usage(
            "follow: a filter expression needs a capture file read twice; with standard \
             input, give a connection ID (see `netdecode flows -r -`)"
                .into(),
        ));
    }
    let mut source = Source::open_file_with(path, Some(filter), stop)?;
    let linktype = source.linktype();
    let wanted = loop {
        let pkt = match source.next_packet()? {
            Some(p) => p,
            None if stop.is_stopped() => {
                return Err(AppError::NotFound(
                    "follow: stopped while looking for the connection".into(),
                ))
            }
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
    let mut source = Source::open_file_with(path, None, stop)?;
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
        (End::Stopped, _) => Err(AppError::NotFound(
            "follow: stopped while looking for the connection".into(),
        )),
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
    type Error = io::Error;
    fn opened(&mut self, conn: &ConnInfo) -> io::Result<()> {
        let (a, b) = self.ends;
        if (conn.client, conn.server) == (a, b) || (conn.client, conn.server) == (b, a) {
            self.last = Some(conn.id);
        }
        Ok(())
    }
}
