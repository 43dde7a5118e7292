//! The Parquet renderer: decoded packets (and closed TCP connections) as
//! rows of Apache Parquet files in a directory, for DuckDB, Spark and
//! every engine that reads a directory of Parquet files as one table.
//!
//! A row is what a JSON line is: the JSON renderer's views, which read
//! decode's records, are serialised straight into the leaf columns of a
//! row group, as Parquet's data pages hold them ([`builder`]), following a
//! static schema ([`schema`], documented in `docs/parquet.md`). Nothing
//! here reads packet bytes.
//!
//! Memory stays flat whatever the input: a row group is closed every
//! [`ParquetOptions::row_group_rows`] rows or
//! [`ParquetOptions::row_group_bytes`] bytes (checked every
//! [`ParquetOptions::batch_rows`] rows) and handed to a writing thread,
//! which compresses its column chunks ([`encode`]) while the next is
//! built, in columns that reserve at the start what the last row group's
//! took (so that a row group grows, and copies, no buffer as its rows
//! come); a file is closed once it reaches
//! [`ParquetOptions::max_file_bytes`] or
//! [`ParquetOptions::file_row_groups`] row groups (the writer keeps each
//! row group's metadata until the file's footer is written) and the next
//! one started. Columns have no dictionary and a column chunk is one
//! page. Files are written under a hidden temporary name and renamed when
//! complete, so that a reader (or a crash) never sees half a file.

pub mod builder;
mod encode;
pub mod schema;

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;

use arrow_schema::{Schema, SchemaRef};
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use serde::Serialize;

pub use self::builder::Shred;
pub use self::builder::TsUnit;
use self::builder::{arrow_fields, put_row, Ctx, Kind, Problems, StructCol};
use self::encode::{encode_threads, FileWriter};
use self::schema::F;
pub use self::schema::SCHEMA_VERSION;
use crate::capture::RawPacket;
use crate::decode::community_id::CommunityId;
use crate::decode::Decoded;
use crate::flow::{ConnSummary, FlowSink};
use crate::render::flows::ConnJson;
use crate::render::json::{JsonOptions, PacketView};

/// How the files are cut.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParquetOptions {
    /// A file is closed, and the next started, once it holds this many
    /// bytes (checked after each row group, so files end a little past
    /// it).
    pub max_file_bytes: u64,
    /// Rows between checks of the row group's size (and the rows of a
    /// [`PacketBatcher`]'s batches).
    pub batch_rows: usize,
    /// Most rows in a row group.
    pub row_group_rows: usize,
    /// Most bytes a row group holds in memory before it is written.
    pub row_group_bytes: usize,
    /// Most row groups in a file: the writer keeps every row group's
    /// metadata (some 700 column chunks) until the file is closed, so a
    /// file is closed after this many even when it is smaller than
    /// `max_file_bytes`.
    pub file_row_groups: usize,
}

impl Default for ParquetOptions {
    fn default() -> Self {
        ParquetOptions {
            max_file_bytes: 1 << 30,
            batch_rows: 1024,
            row_group_rows: 16 * 1024,
            row_group_bytes: 8 << 20,
            file_row_groups: 16,
        }
    }
}

/// What a writer did.
#[derive(Clone, Debug, Default)]
pub struct ParquetSummary {
    pub rows: u64,
    /// The files written, in order.
    pub files: Vec<PathBuf>,
    /// Fields the schema has no column for, or values of the wrong type
    /// (a bug: tests keep it empty over every fixture).
    pub problems: Problems,
}

/// The files of one table: `part-00000.parquet`, `part-00001.parquet`, ...
///
/// Rows are built into a row group here; full row groups are handed, as
/// built, to a thread of their own ([`Parts`]) that finishes their columns'
/// levels ([`StructCol::take`]), compresses and writes them, sharing the
/// work with helpers on the cores available ([`encode::FileWriter`]), while
/// the next is built in another set of columns.
struct Table {
    opts: ParquetOptions,
    ts: TsUnit,
    fields: &'static [F],
    row: StructCol,
    ctx: Ctx,
    /// Rows since the row group's size was last checked.
    pending: usize,
    /// To the writing thread; `None` once it has stopped.
    tx: Option<SyncSender<StructCol>>,
    /// Columns the writing thread has taken the rows of, handed back to
    /// build the next row group in (their buffers were taken with the
    /// rows; their name tables are kept).
    spare: Receiver<StructCol>,
    thread: Option<JoinHandle<io::Result<Vec<PathBuf>>>>,
    summary: ParquetSummary,
}

/// Row groups waiting for the writing thread besides the one it writes.
const ROW_GROUPS_IN_FLIGHT: usize = 0;

/// The files being written, on the writing thread.
struct Parts {
    dir: PathBuf,
    opts: ParquetOptions,
    schema: SchemaRef,
    props: WriterProperties,
    layout: Vec<(Kind, u8, bool)>,
    open: Option<OpenFile>,
    files: Vec<PathBuf>,
    /// Threads compressing a row group's columns ([`encode_threads`]).
    threads: usize,
}

struct OpenFile {
    writer: FileWriter<File>,
    tmp: PathBuf,
    path: PathBuf,
}

fn pq_err(e: parquet::errors::ParquetError) -> io::Error {
    io::Error::other(e)
}

/// The file's settings for a table (see [`Table::create`]); the column
/// chunks are `encode`'s: zstd, no dictionary, one page each, statistics
/// per chunk.
fn writer_props(table: &str) -> WriterProperties {
    WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::default()))
        .set_dictionary_enabled(false)
        .set_statistics_enabled(EnabledStatistics::Chunk)
        .set_created_by(format!("netdecode {}", env!("CARGO_PKG_VERSION")))
        .set_key_value_metadata(Some(vec![
            KeyValue::new("netdecode.schema".into(), SCHEMA_VERSION.to_string()),
            KeyValue::new("netdecode.table".into(), table.to_string()),
        ]))
        .build()
}

impl Table {
    fn create(
        dir: &Path,
        fields: &'static [F],
        table: &str,
        ts: TsUnit,
        opts: ParquetOptions,
    ) -> io::Result<Table> {
        fs::create_dir_all(dir)?;
        for entry in fs::read_dir(dir)? {
            let name = entry?.file_name();
            if name.to_string_lossy().ends_with(".parquet") {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!(
                        "{} already holds Parquet files ({}); give a new or empty directory",
                        dir.display(),
                        name.to_string_lossy()
                    ),
                ));
            }
        }
        let schema = Arc::new(Schema::new(arrow_fields(fields, ts)));
        let mut row = StructCol::new(fields, "", ts);
        let parts = Parts {
            dir: dir.to_path_buf(),
            opts,
            schema: schema.clone(),
            props: writer_props(table),
            layout: row.leaf_layout(),
            open: None,
            files: Vec::new(),
            threads: encode_threads(),
        };
        // The columns as built must be the schema's: checked once here
        // (the writing thread checks each file's).
        FileWriter::try_new(
            io::sink(),
            schema.clone(),
            parts.props.clone(),
            &parts.layout,
            1,
        )
        .map_err(pq_err)?;
        let (tx, rx) = sync_channel(ROW_GROUPS_IN_FLIGHT);
        let (back, spare) = sync_channel(1);
        let thread = std::thread::Builder::new()
            .name("parquet-writer".into())
            .spawn(move || parts.run(rx, back))?;
        Ok(Table {
            opts,
            ts,
            fields,
            row,
            ctx: Ctx::new(),
            pending: 0,
            tx: Some(tx),
            spare,
            thread: Some(thread),
            summary: ParquetSummary::default(),
        })
    }

    /// Adds a row: `prefill` fills the columns that do not come from the
    /// view, then the view fills the rest.
    fn push<T: Serialize + ?Sized>(
        &mut self,
        view: &T,
        prefill: impl FnOnce(&mut StructCol),
    ) -> io::Result<()> {
        self.row.begin(0);
        prefill(&mut self.row);
        put_row(&mut self.row, view, &mut self.ctx);
        self.row.end();
        self.summary.rows += 1;
        self.pending += 1;
        self.check(false)
    }

    /// Hands the row group to the writer when it is full (checking its
    /// bytes every `batch_rows` rows, or now with `now`).
    fn check(&mut self, now: bool) -> io::Result<()> {
        let rows = self.row.rows();
        let full = if rows as usize >= self.opts.row_group_rows.max(1) {
            true
        } else if now || self.pending >= self.opts.batch_rows.max(1) {
            self.pending = 0;
            self.row.held_bytes() >= self.opts.row_group_bytes
        } else {
            false
        };
        if full {
            self.pending = 0;
            self.write_row_group(true)?;
        }
        Ok(())
    }

    /// Hands the rows gathered to the writing thread; with `more`, rows
    /// follow, and the columns they go to reserve what these rows took
    /// ([`StructCol::reserve_like`]). When the writing thread has stopped
    /// on an error, returns it.
    fn write_row_group(&mut self, more: bool) -> io::Result<()> {
        if self.row.rows() == 0 {
            return Ok(());
        }
        let mut next = match self.spare.try_recv() {
            Ok(spare) => spare,
            Err(_) => StructCol::new(self.fields, "", self.ts),
        };
        if more {
            next.reserve_like(&mut self.row);
        }
        let rg = std::mem::replace(&mut self.row, next);
        let sent = match &self.tx {
            Some(tx) => tx.send(rg).is_ok(),
            None => false,
        };
        if sent {
            return Ok(());
        }
        self.tx = None;
        match self.join() {
            Err(e) => Err(e),
            Ok(_) => Err(io::Error::other("the Parquet writing thread stopped")),
        }
    }

    /// Waits for the writing thread (after the sender is dropped); the
    /// files it wrote.
    fn join(&mut self) -> io::Result<Vec<PathBuf>> {
        self.tx = None;
        match self.thread.take() {
            Some(t) => t
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("the Parquet writing thread panicked"))),
            None => Err(io::Error::other("the Parquet writing thread stopped")),
        }
    }

    /// Writes what is left and closes the last file. A table with no row
    /// still gets one (empty) file, so that the directory reads as a table
    /// with its columns.
    fn finish(mut self) -> io::Result<ParquetSummary> {
        self.write_row_group(false)?;
        self.summary.files = self.join()?;
        self.summary.problems = std::mem::take(&mut self.ctx.problems);
        Ok(self.summary)
    }
}

impl Parts {
    /// Writes the row groups received until the sender is dropped, then
    /// closes the last file. On an error, stops (dropping the receiver)
    /// with the files closed so far kept.
    fn run(
        mut self,
        rx: Receiver<StructCol>,
        back: SyncSender<StructCol>,
    ) -> io::Result<Vec<PathBuf>> {
        for mut row in rx {
            let rg = row.take();
            self.write(rg)?;
            // Not waited for: when the builder has one already, this one
            // is dropped.
            let _ = back.try_send(row);
        }
        self.finish()
    }

    fn open(&mut self) -> io::Result<()> {
        if self.open.is_none() {
            let index = self.files.len();
            let name = format!("part-{index:05}.parquet");
            let path = self.dir.join(&name);
            let tmp = self.dir.join(format!(".{name}.tmp"));
            let file = File::create(&tmp)?;
            let writer = FileWriter::try_new(
                file,
                self.schema.clone(),
                self.props.clone(),
                &self.layout,
                self.threads,
            )
            .map_err(pq_err)?;
            self.open = Some(OpenFile { writer, tmp, path });
        }
        Ok(())
    }

    fn write(&mut self, rg: Shred) -> io::Result<()> {
        self.open()?;
        if let Some(f) = self.open.as_mut() {
            f.writer.write(rg).map_err(pq_err)?;
            let size = f.writer.bytes_written() as u64;
            if size >= self.opts.max_file_bytes
                || f.writer.row_groups() >= self.opts.file_row_groups.max(1)
            {
                self.close_file()?;
            }
        }
        Ok(())
    }

    fn close_file(&mut self) -> io::Result<()> {
        if let Some(f) = self.open.take() {
            drop(f.writer.close().map_err(pq_err)?);
            fs::rename(&f.tmp, &f.path)?;
            self.files.push(f.path);
        }
        Ok(())
    }

    fn finish(mut self) -> io::Result<Vec<PathBuf>> {
        if self.files.is_empty() {
            self.open()?;
        }
        self.close_file()?;
        Ok(self.files)
    }
}

/// Writes decoded packets, one row each.
pub struct PacketWriter {
    table: Table,
    json: JsonOptions,
    /// The leaf of the packet number `n` (moved in [`Self::write_batch`]).
    n_leaf: Option<usize>,
    layout: Vec<(Kind, u8, bool)>,
}

impl PacketWriter {
    /// Starts a table of packets in `dir` (created if needed; it must not
    /// hold Parquet files already). `json` gives the link type and the
    /// time stamp precision of the rows.
    pub fn create(dir: &Path, json: JsonOptions, opts: ParquetOptions) -> io::Result<Self> {
        let ts = match json.precision {
            crate::capture::TsPrecision::Nano => TsUnit::Nano,
            crate::capture::TsPrecision::Micro => TsUnit::Micro,
        };
        let mut table = Table::create(dir, schema::PACKET, "packets", ts, opts)?;
        let n_leaf = table.row.leaf_index("n");
        let layout = table.row.leaf_layout();
        Ok(PacketWriter {
            table,
            json,
            n_leaf,
            layout,
        })
    }

    /// The packet's row: the fields of its JSON line.
    pub fn write(
        &mut self,
        n: u64,
        pkt: &RawPacket<'_>,
        d: &Decoded<'_>,
        cid: Option<&CommunityId>,
    ) -> io::Result<()> {
        let view = PacketView {
            n,
            pkt,
            d,
            cid,
            opts: &self.json,
        };
        let (secs, nanos) = (pkt.ts.secs, pkt.ts.nanos);
        self.table.push(&view, |row| row.put_ts("ts", secs, nanos))
    }

    /// Writes rows a [`PacketBatcher`] built (on another thread), their
    /// packet numbers `n` moved up by `n_offset`; `problems` are the
    /// batcher's.
    /// Only the first `keep` rows are written. `batch` is left empty, its
    /// buffers kept ([`PacketBatcher::take_into`]).
    pub fn write_batch(
        &mut self,
        batch: &mut Shred,
        keep: u64,
        n_offset: i64,
        problems: Problems,
    ) -> io::Result<()> {
        if keep < batch.rows {
            batch.truncate(keep, &self.layout);
        }
        self.table.summary.rows += batch.rows;
        self.table.ctx.problems.merge(problems);
        self.table.row.append(batch, self.n_leaf, n_offset);
        self.table.check(true)
    }

    /// The time stamp unit of the rows.
    pub fn ts_unit(&self) -> TsUnit {
        self.table.ts
    }

    pub fn finish(self) -> io::Result<ParquetSummary> {
        self.table.finish()
    }
}

/// Builds batches of packets' rows (with [`PacketWriter`]'s schema) where
/// they are decoded, for a [`PacketWriter`] elsewhere to write
/// ([`PacketWriter::write_batch`]): several inputs decoded in parallel.
pub struct PacketBatcher {
    row: StructCol,
    ctx: Ctx,
    json: JsonOptions,
    pending: usize,
    batch_rows: usize,
}

impl PacketBatcher {
    pub fn new(ts: TsUnit, json: JsonOptions, batch_rows: usize) -> Self {
        PacketBatcher {
            row: StructCol::new(schema::PACKET, "", ts),
            ctx: Ctx::new(),
            json,
            pending: 0,
            batch_rows: batch_rows.max(1),
        }
    }

    /// Adds a packet's row; returns a batch when one is full.
    pub fn push(
        &mut self,
        n: u64,
        pkt: &RawPacket<'_>,
        d: &Decoded<'_>,
        cid: Option<&CommunityId>,
    ) -> io::Result<Option<Shred>> {
        let view = PacketView {
            n,
            pkt,
            d,
            cid,
            opts: &self.json,
        };
        self.row.begin(0);
        self.row.put_ts("ts", pkt.ts.secs, pkt.ts.nanos);
        put_row(&mut self.row, &view, &mut self.ctx);
        self.row.end();
        self.pending += 1;
        if self.pending >= self.batch_rows {
            return self.take().map(Some);
        }
        Ok(None)
    }

    /// The rows gathered so far, as a batch.
    pub fn take(&mut self) -> io::Result<Shred> {
        self.pending = 0;
        Ok(self.row.take())
    }

    /// The rows gathered so far, into `batch` (emptied by
    /// [`PacketWriter::write_batch`]: its buffers are used again).
    pub fn take_into(&mut self, batch: &mut Shred) {
        self.pending = 0;
        self.row.take_into(batch);
    }

    /// Rows not yet taken.
    pub fn pending(&self) -> usize {
        self.pending
    }

    /// The problems met so far (and forgets them).
    pub fn take_problems(&mut self) -> Problems {
        std::mem::take(&mut self.ctx.problems)
    }
}

/// Writes closed TCP connections, one row each (a [`FlowSink`]).
pub struct FlowWriter {
    table: Table,
    seed: u16,
}

impl FlowWriter {
    /// Starts a table of connections in `dir`; Community IDs use `seed`.
    pub fn create(dir: &Path, seed: u16, opts: ParquetOptions) -> io::Result<Self> {
        Ok(FlowWriter {
            table: Table::create(dir, schema::FLOW, "flows", TsUnit::Nano, opts)?,
            seed,
        })
    }

    pub fn finish(self) -> io::Result<ParquetSummary> {
        self.table.finish()
    }
}

impl FlowSink for FlowWriter {
    type Error = io::Error;
    fn closed(&mut self, s: &ConnSummary) -> io::Result<()> {
        let view = ConnJson::new(s, self.seed);
        self.table.push(&view, |_| {})
    }
}

#[cfg(test)]
mod tests;
