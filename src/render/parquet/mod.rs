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
//! batches of [`ParquetOptions::batch_rows`], handed to the Parquet writer,
//! which closes a row group every [`ParquetOptions::row_group_rows`] rows
//! or [`ParquetOptions::row_group_bytes`] bytes; a file is closed once it
//! reaches [`ParquetOptions::max_file_bytes`] and the next one started.
//! Files are written under a hidden temporary name and renamed when
//! complete, so that a reader (or a crash) never sees half a file.

pub mod builder;
pub mod schema;

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::{Array, RecordBatch};
use arrow_schema::{Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use serde::Serialize;

pub use self::builder::TsUnit;
use self::builder::{arrow_fields, put_row, Ctx, Problems, StructCol};
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
}

impl Default for ParquetOptions {
    fn default() -> Self {
        ParquetOptions {
            max_file_bytes: 1 << 30,
            batch_rows: 8192,
            row_group_rows: 128 * 1024,
            row_group_bytes: 64 << 20,
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
struct Table {
    dir: PathBuf,
    opts: ParquetOptions,
    ts: TsUnit,
    fields: &'static [F],
    schema: SchemaRef,
    props: WriterProperties,
    row: StructCol,
    ctx: Ctx,
    pending: usize,
    open: Option<OpenFile>,
    summary: ParquetSummary,
}

struct OpenFile {
    writer: ArrowWriter<File>,
    tmp: PathBuf,
    path: PathBuf,
}

fn pq_err(e: parquet::errors::ParquetError) -> io::Error {
    io::Error::other(e)
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
        let props = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::default()))
            .set_max_row_group_row_count(Some(opts.row_group_rows.max(1)))
            .set_max_row_group_bytes(Some(opts.row_group_bytes.max(1)))
            .set_created_by(format!("netdecode {}", env!("CARGO_PKG_VERSION")))
            .set_key_value_metadata(Some(vec![
                KeyValue::new("netdecode.schema".into(), SCHEMA_VERSION.to_string()),
                KeyValue::new("netdecode.table".into(), table.to_string()),
            ]))
            .build();
        Ok(Table {
            dir: dir.to_path_buf(),
            opts,
            ts,
            fields,
            schema,
            props,
            row: StructCol::new(fields, "", ts),
            ctx: Ctx::new(),
            pending: 0,
            open: None,
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

    /// Writes a batch of rows built elsewhere (with this table's schema).
    fn write_record_batch(&mut self, batch: &RecordBatch) -> io::Result<()> {
        if self.open.is_none() {
            let index = self.summary.files.len();
            let name = format!("part-{index:05}.parquet");
            let path = self.dir.join(&name);
            let tmp = self.dir.join(format!(".{name}.tmp"));
            let file = File::create(&tmp)?;
            let writer = ArrowWriter::try_new(file, self.schema.clone(), Some(self.props.clone()))
                .map_err(pq_err)?;
            self.open = Some(OpenFile { writer, tmp, path });
        }
        if let Some(f) = self.open.as_mut() {
            f.writer.write(batch).map_err(pq_err)?;
            let size = f.writer.bytes_written() as u64 + f.writer.in_progress_size() as u64;
            if size >= self.opts.max_file_bytes {
                self.close_file()?;
            }
        }
        Ok(())
    }

    fn close_file(&mut self) -> io::Result<()> {
        if let Some(f) = self.open.take() {
            f.writer.close().map_err(pq_err)?;
            fs::rename(&f.tmp, &f.path)?;
            self.summary.files.push(f.path);
        }
        Ok(())
    }

    /// Writes what is left and closes the last file. A table with no row
    /// still gets one (empty) file, so that the directory reads as a table
    /// with its columns.
    fn finish(mut self) -> io::Result<ParquetSummary> {
        self.write_batch()?;
        if self.summary.files.is_empty() && self.open.is_none() {
            let batch = RecordBatch::new_empty(self.schema.clone());
            self.pending = 0;
            let name = "part-00000.parquet";
            let tmp = self.dir.join(format!(".{name}.tmp"));
            let file = File::create(&tmp)?;
            let mut writer =
                ArrowWriter::try_new(file, self.schema.clone(), Some(self.props.clone()))
                    .map_err(pq_err)?;
            writer.write(&batch).map_err(pq_err)?;
            self.open = Some(OpenFile {
                writer,
                tmp,
                path: self.dir.join(name),
            });
        }
        self.close_file()?;
        let _ = self.fields;
        self.summary.problems = std::mem::take(&mut self.ctx.problems);
        Ok(self.summary)
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
    fn closed(&mut self, s: &ConnSummary) -> io::Result<()> {
        let view = ConnJson::new(s, self.seed);
        self.table.push(&view, |_| {})
    }
}

#[cfg(test)]
mod tests;
