//! The Parquet renderer: decoded packets (and closed TCP connections) as
//! rows of Apache Parquet files in a directory, for DuckDB, Spark and
//! every engine that reads a directory of Parquet files as one table.
//!
//! A row is what a JSON line is: the JSON renderer's views, which read
//! decode's records, are serialised straight into typed Arrow columns
//! ([`builder`]) following a static schema ([`schema`], documented in
//! `docs/parquet.md`). Nothing here reads packet bytes.
//!
//! Memory stays flat whatever the input: rows are gathered into record
//! batches of [`ParquetOptions::batch_rows`] (small: the writer computes
//! levels for every one of the ~700 leaf columns of a batch), handed to
//! the Parquet writer, which closes a row group every
//! [`ParquetOptions::row_group_rows`] rows or
//! [`ParquetOptions::row_group_bytes`] bytes; a file is closed once it
//! reaches [`ParquetOptions::max_file_bytes`] or
//! [`ParquetOptions::file_row_groups`] row groups (the writer keeps each
//! row group's metadata until the file's footer is written) and the next
//! one started. Columns have no dictionary and pages are cut by size only
//! (see [`Table::create`]). Files are written under a hidden temporary
//! name and renamed when complete, so that a reader (or a crash) never
//! sees half a file.

pub mod builder;
mod encode;
pub mod schema;

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;

use arrow_array::{Array, RecordBatch};
use arrow_schema::{Schema, SchemaRef};
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use serde::Serialize;

pub use self::builder::TsUnit;
use self::builder::{arrow_fields, put_row, Ctx, Problems, StructCol};
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
    /// bytes (checked after each batch, so files end a little past it).
    pub max_file_bytes: u64,
    /// Rows gathered before they are handed to the writer.
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

/// Most bytes of a data page before it is compressed.
const PAGE_BYTES: usize = 256 << 10;

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
/// Rows are built into batches here; the batches are encoded, compressed
/// and written by a thread of their own ([`Parts`]), so that the two
/// overlap. Encoding takes about twice the time building does, so that
/// thread shares it with helpers ([`encode::FileWriter`]) on the cores
/// available.
struct Table {
    opts: ParquetOptions,
    ts: TsUnit,
    schema: SchemaRef,
    row: StructCol,
    ctx: Ctx,
    pending: usize,
    /// To the writing thread; `None` once it has stopped.
    tx: Option<SyncSender<RecordBatch>>,
    thread: Option<JoinHandle<io::Result<Vec<PathBuf>>>>,
    summary: ParquetSummary,
}

/// Batches in flight between the building and the writing thread.
const BATCHES_IN_FLIGHT: usize = 2;

/// The files being written, on the writing thread.
struct Parts {
    dir: PathBuf,
    opts: ParquetOptions,
    schema: SchemaRef,
    props: WriterProperties,
    open: Option<OpenFile>,
    files: Vec<PathBuf>,
    /// Threads encoding a batch's columns ([`encode_threads`]).
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

/// The writer's settings for a table's files (see [`Table::create`]).
fn writer_props(table: &str, opts: &ParquetOptions) -> WriterProperties {
    WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::default()))
        // Memory (see the module's documentation): no dictionaries (an
        // encoder each, allocated up front, for ~700 leaf columns; zstd
        // compresses repeated values as well here), statistics per
        // column chunk only, and pages cut by size, not by row count,
        // so that a column with little in it compresses its one page
        // when the row group closes and holds no zstd context before.
        .set_dictionary_enabled(false)
        .set_statistics_enabled(EnabledStatistics::Chunk)
        .set_data_page_row_count_limit(usize::MAX)
        .set_data_page_size_limit(PAGE_BYTES)
        .set_max_row_group_row_count(Some(opts.row_group_rows.max(1)))
        .set_max_row_group_bytes(Some(opts.row_group_bytes.max(1)))
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
        let props = writer_props(table, &opts);
        let parts = Parts {
            dir: dir.to_path_buf(),
            opts,
            schema: schema.clone(),
            props,
            open: None,
            files: Vec::new(),
            threads: encode_threads(),
        };
        let (tx, rx) = sync_channel(BATCHES_IN_FLIGHT);
        let thread = std::thread::Builder::new()
            .name("parquet-writer".into())
            .spawn(move || parts.run(rx))?;
        Ok(Table {
            opts,
            ts,
            schema,
            row: StructCol::new(fields, "", ts),
            ctx: Ctx::new(),
            pending: 0,
            tx: Some(tx),
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
        self.row.begin();
        prefill(&mut self.row);
        put_row(&mut self.row, view, &mut self.ctx);
        self.row.end(true);
        self.pending += 1;
        self.summary.rows += 1;
        if self.pending >= self.opts.batch_rows.max(1) {
            self.write_batch()?;
        }
        Ok(())
    }

    /// Hands the rows gathered to the writer, and closes the file when it
    /// has grown past the limit.
    fn write_batch(&mut self) -> io::Result<()> {
        if self.pending == 0 {
            return Ok(());
        }
        self.pending = 0;
        let columns = self.row.finish_columns(self.ts);
        let batch = RecordBatch::try_new(self.schema.clone(), columns).map_err(io::Error::other)?;
        self.write_record_batch(&batch)
    }

    /// Hands a batch of rows (with this table's schema) to the writing
    /// thread. When that thread has stopped on an error, returns it.
    fn write_record_batch(&mut self, batch: &RecordBatch) -> io::Result<()> {
        if batch.num_rows() == 0 {
            return Ok(());
        }
        let sent = match &self.tx {
            Some(tx) => tx.send(batch.clone()).is_ok(),
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
        self.write_batch()?;
        self.summary.files = self.join()?;
        self.summary.problems = std::mem::take(&mut self.ctx.problems);
        Ok(self.summary)
    }
}

impl Parts {
    /// Writes the batches received until the sender is dropped, then
    /// closes the last file. On an error, stops (dropping the receiver)
    /// with the files closed so far kept.
    fn run(mut self, rx: Receiver<RecordBatch>) -> io::Result<Vec<PathBuf>> {
        for batch in rx {
            self.write(&batch)?;
        }
        self.finish()
    }

    fn write(&mut self, batch: &RecordBatch) -> io::Result<()> {
        if self.open.is_none() {
            let index = self.files.len();
            let name = format!("part-{index:05}.parquet");
            let path = self.dir.join(&name);
            let tmp = self.dir.join(format!(".{name}.tmp"));
            let file = File::create(&tmp)?;
            let writer =
                FileWriter::try_new(file, self.schema.clone(), self.props.clone(), self.threads)
                    .map_err(pq_err)?;
            self.open = Some(OpenFile { writer, tmp, path });
        }
        if let Some(f) = self.open.as_mut() {
            f.writer.write(batch).map_err(pq_err)?;
            let size = f.writer.bytes_written() as u64 + f.writer.in_progress_size() as u64;
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
        if self.files.is_empty() && self.open.is_none() {
            let name = "part-00000.parquet";
            let tmp = self.dir.join(format!(".{name}.tmp"));
            let file = File::create(&tmp)?;
            let writer =
                FileWriter::try_new(file, self.schema.clone(), self.props.clone(), self.threads)
                    .map_err(pq_err)?;
            self.open = Some(OpenFile {
                writer,
                tmp,
                path: self.dir.join(name),
            });
        }
        self.close_file()?;
        Ok(self.files)
    }
}

/// Writes decoded packets, one row each.
pub struct PacketWriter {
    table: Table,
    json: JsonOptions,
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
        Ok(PacketWriter {
            table: Table::create(dir, schema::PACKET, "packets", ts, opts)?,
            json,
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
        self.table.push(&view, |row| {
            if let Some(c) = row.child_mut("ts") {
                c.append_ts(secs, nanos);
            }
        })
    }

    /// Writes rows a [`PacketBatcher`] built (on another thread), their
    /// packet numbers `n` moved up by `n_offset`; `problems` are the
    /// batcher's.
    pub fn write_batch(
        &mut self,
        batch: &RecordBatch,
        n_offset: i64,
        problems: Problems,
    ) -> io::Result<()> {
        self.table.write_batch()?;
        let mut columns = batch.columns().to_vec();
        if let Some(n) = columns.get_mut(1) {
            let old = n
                .as_any()
                .downcast_ref::<arrow_array::Int64Array>()
                .ok_or_else(|| io::Error::other("column n is not INT64"))?;
            let moved: arrow_array::Int64Array =
                old.iter().map(|v| v.map(|x| x + n_offset)).collect();
            *n = Arc::new(moved);
        }
        let batch =
            RecordBatch::try_new(self.table.schema.clone(), columns).map_err(io::Error::other)?;
        self.table.summary.rows += batch.num_rows() as u64;
        for (k, v) in problems.0 {
            *self.table.ctx.problems.0.entry(k).or_insert(0) += v;
        }
        self.table.write_record_batch(&batch)
    }

    /// The time stamp unit of the rows.
    pub fn ts_unit(&self) -> TsUnit {
        self.table.ts
    }

    pub fn finish(self) -> io::Result<ParquetSummary> {
        self.table.finish()
    }
}

/// Builds record batches of packets (with [`PacketWriter`]'s schema) where
/// they are decoded, for a [`PacketWriter`] elsewhere to write
/// ([`PacketWriter::write_batch`]): several inputs decoded in parallel.
pub struct PacketBatcher {
    row: StructCol,
    ctx: Ctx,
    ts: TsUnit,
    schema: SchemaRef,
    json: JsonOptions,
    pending: usize,
    batch_rows: usize,
}

impl PacketBatcher {
    pub fn new(ts: TsUnit, json: JsonOptions, batch_rows: usize) -> Self {
        PacketBatcher {
            row: StructCol::new(schema::PACKET, "", ts),
            ctx: Ctx::new(),
            ts,
            schema: Arc::new(Schema::new(arrow_fields(schema::PACKET, ts))),
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
    ) -> io::Result<Option<RecordBatch>> {
        let view = PacketView {
            n,
            pkt,
            d,
            cid,
            opts: &self.json,
        };
        self.row.begin();
        if let Some(c) = self.row.child_mut("ts") {
            c.append_ts(pkt.ts.secs, pkt.ts.nanos);
        }
        put_row(&mut self.row, &view, &mut self.ctx);
        self.row.end(true);
        self.pending += 1;
        if self.pending >= self.batch_rows {
            return self.take().map(Some);
        }
        Ok(None)
    }

    /// The rows gathered so far, as a batch.
    pub fn take(&mut self) -> io::Result<RecordBatch> {
        self.pending = 0;
        let columns = self.row.finish_columns(self.ts);
        RecordBatch::try_new(self.schema.clone(), columns).map_err(io::Error::other)
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
