//! A Parquet file written the way the parquet crate's `ArrowWriter` writes
//! it, but with the levels of a batch's columns computed ahead, on the
//! thread that built the batch ([`prepare`]).
//!
//! `ArrowWriter::write` computes the definition and repetition levels of
//! each of the ~760 leaf columns of a batch (`compute_leaves`), then
//! encodes and compresses them, all on the thread that calls it: the
//! writing thread, which took about 70 % of the Parquet output's work while
//! the building thread waited for it. The levels depend on the batch
//! alone, so the building thread computes them ([`prepare`], for the slices
//! of the batch [`plan`] expects the writer to cut it into) and the writing
//! thread only encodes: the two threads' shares are about even.
//!
//! [`FileWriter::write`] cuts row groups by `ArrowWriter::write`'s rules
//! (the same code) and the file's metadata is `ArrowWriter`'s (the writer
//! is made by `ArrowWriter::try_new`), so the files are byte for byte what
//! `ArrowWriter` writes. A slice the writer cuts that was not prepared (a
//! row group cut by its byte limit, a file closed by its size) has its
//! levels computed by the writer, as `ArrowWriter` would.
//!
//! (Encoding the columns on several threads with a barrier per batch was
//! tried: on the shared, loaded 2-core machine it was slower; see
//! bench/README.md.)

use std::io::Write;
use std::ops::Range;

use arrow_array::RecordBatch;
use arrow_schema::{Schema, SchemaRef};
use parquet::arrow::arrow_writer::{
    compute_leaves, ArrowColumnWriter, ArrowLeafColumn, ArrowRowGroupWriterFactory,
};
use parquet::arrow::ArrowWriter;
use parquet::errors::{ParquetError, Result};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;

/// The levels of rows `rows` of a batch, for each top-level column.
pub struct Prepared {
    rows: Range<usize>,
    columns: Vec<Vec<ArrowLeafColumn>>,
}

/// Computes the levels of the slices `plan` of `batch` (of `schema`).
pub fn prepare(
    schema: &Schema,
    batch: &RecordBatch,
    plan: &[Range<usize>],
) -> Result<Vec<Prepared>> {
    plan.iter()
        .map(|rows| {
            let slice = batch.slice(rows.start, rows.end - rows.start);
            let columns = schema
                .fields()
                .iter()
                .zip(slice.columns())
                .map(|(field, array)| compute_leaves(field, array))
                .collect::<Result<Vec<_>>>()?;
            Ok(Prepared {
                rows: rows.clone(),
                columns,
            })
        })
        .collect()
}

/// The slices [`FileWriter::write`] cuts a batch of `n` rows into when the
/// row group being written holds `pos` rows, row groups are cut at
/// `row_group_rows` rows and not by their byte limit: a row group's first
/// row is written alone (`ArrowWriter` then knows a row's size), and a
/// batch is cut where a row group is full.
pub fn plan(mut pos: usize, n: usize, row_group_rows: usize) -> Vec<Range<usize>> {
    let rg = row_group_rows.max(1);
    let mut out = Vec::new();
    let mut off = 0;
    while off < n {
        let take = if pos == 0 { 1 } else { (n - off).min(rg - pos) };
        out.push(off..off + take);
        off += take;
        pos = (pos + take) % rg;
    }
    out
}

/// One Parquet file being written.
pub struct FileWriter<W: Write + Send> {
    writer: SerializedFileWriter<W>,
    factory: ArrowRowGroupWriterFactory,
    schema: SchemaRef,
    /// The leaf columns of each top-level column, in the file's order.
    leaves: Vec<Range<usize>>,
    max_rows: Option<usize>,
    max_bytes: Option<usize>,
    row_group: Option<RowGroup>,
    /// Slices written whose levels were not prepared.
    unprepared: usize,
}

/// The row group being written: a writer per leaf column.
struct RowGroup {
    writers: Vec<ArrowColumnWriter>,
    rows: usize,
}

impl<W: Write + Send> FileWriter<W> {
    pub fn try_new(file: W, schema: SchemaRef, props: WriterProperties) -> Result<FileWriter<W>> {
        let max_rows = props.max_row_group_row_count();
        let max_bytes = props.max_row_group_bytes();
        let (writer, factory) =
            ArrowWriter::try_new(file, schema.clone(), Some(props))?.into_serialized_writer()?;
        let descr = writer.schema_descr();
        let mut leaves = vec![0..0; schema.fields().len()];
        for leaf in 0..descr.num_columns() {
            let root = descr.get_column_root_idx(leaf);
            let r = leaves
                .get_mut(root)
                .ok_or_else(|| ParquetError::General("a leaf column without its field".into()))?;
            if r.start == r.end {
                *r = leaf..leaf + 1;
            } else {
                r.end = leaf + 1;
            }
        }
        Ok(FileWriter {
            writer,
            factory,
            schema,
            leaves,
            max_rows,
            max_bytes,
            row_group: None,
            unprepared: 0,
        })
    }

    /// Bytes written to the file so far.
    pub fn bytes_written(&self) -> usize {
        self.writer.bytes_written()
    }

    /// Row groups written to the file so far.
    pub fn row_groups(&self) -> usize {
        self.writer.flushed_row_groups().len()
    }

    /// Rows in the row group being written.
    pub fn rows_in_row_group(&self) -> usize {
        self.row_group.as_ref().map_or(0, |rg| rg.rows)
    }

    /// The encoded size the row group being written is expected to have.
    pub fn in_progress_size(&self) -> usize {
        self.row_group.as_ref().map_or(0, RowGroup::estimated_bytes)
    }

    /// Writes a batch, closing row groups where `ArrowWriter::write` would;
    /// the slices of it in `prepared` are not levelled again.
    pub fn write(&mut self, batch: &RecordBatch, mut prepared: Vec<Prepared>) -> Result<()> {
        if batch.num_rows() == 0 {
            return Ok(());
        }
        // ArrowWriter::write (parquet 60.2), with the same limits.
        let mut remaining = batch.clone();
        let mut offset = 0;
        loop {
            if self.row_group.is_none() {
                let writers = self.factory.create_column_writers(self.row_groups())?;
                let total = self.leaves.last().map_or(0, |r| r.end);
                if writers.len() != total {
                    return Err(ParquetError::General(format!(
                        "{} column writers for {total} leaf columns",
                        writers.len()
                    )));
                }
                self.row_group = Some(RowGroup { writers, rows: 0 });
            }
            let (buffered_rows, current_bytes) = match &self.row_group {
                Some(rg) => (rg.rows, rg.estimated_bytes()),
                None => (0, 0),
            };
            let mut split_at = match self.max_rows {
                Some(max_rows) if buffered_rows + remaining.num_rows() > max_rows => {
                    Some(max_rows - buffered_rows)
                }
                _ => None,
            };
            let candidate_rows = split_at.unwrap_or_else(|| remaining.num_rows());
            if self.max_bytes.is_some() && buffered_rows == 0 {
                if candidate_rows > 1 {
                    split_at = Some(1);
                }
            } else if let Some(max_bytes) = self.max_bytes {
                if current_bytes >= max_bytes {
                    self.flush()?;
                    continue;
                }
                let avg_row_bytes = current_bytes / buffered_rows;
                if let Some(rows_that_fit) = (max_bytes - current_bytes).checked_div(avg_row_bytes)
                {
                    if candidate_rows > rows_that_fit {
                        if rows_that_fit > 0 {
                            split_at = Some(rows_that_fit);
                        } else {
                            self.flush()?;
                            continue;
                        }
                    }
                }
            }
            let rest = split_at.map(|to_write| {
                let rest = remaining.slice(to_write, remaining.num_rows() - to_write);
                remaining = remaining.slice(0, to_write);
                rest
            });
            let rows = offset..offset + remaining.num_rows();
            let ready = prepared
                .iter()
                .position(|p| p.rows == rows)
                .map(|i| prepared.swap_remove(i));
            self.write_rows(&remaining, ready)?;
            offset = rows.end;
            let (rows, bytes) = match &self.row_group {
                Some(rg) => (rg.rows, rg.estimated_bytes()),
                None => (0, 0),
            };
            if self.max_rows.is_some_and(|max| rows >= max)
                || self.max_bytes.is_some_and(|max| bytes >= max)
            {
                self.flush()?;
            }
            match rest {
                Some(rest) => remaining = rest,
                None => return Ok(()),
            }
        }
    }

    /// Encodes rows into the row group being written: the levels of each
    /// top-level column (`ready`, or computed here), then its leaves.
    fn write_rows(&mut self, batch: &RecordBatch, ready: Option<Prepared>) -> Result<()> {
        let Some(rg) = self.row_group.as_mut() else {
            return Err(ParquetError::General("no row group in progress".into()));
        };
        rg.rows += batch.num_rows();
        if ready.is_none() {
            self.unprepared += 1;
        }
        let mut ready = ready.map(|p| p.columns.into_iter());
        for (i, range) in self.leaves.iter().enumerate() {
            let field = self.schema.field(i);
            let computed = match ready.as_mut().and_then(Iterator::next) {
                Some(c) => c,
                None => compute_leaves(field, batch.column(i))?,
            };
            if computed.len() != range.end - range.start {
                return Err(ParquetError::General(format!(
                    "column {} has {} leaves, the file {}",
                    field.name(),
                    computed.len(),
                    range.end - range.start
                )));
            }
            let writers = rg
                .writers
                .get_mut(range.clone())
                .ok_or_else(|| ParquetError::General("too few column writers".into()))?;
            for (w, col) in writers.iter_mut().zip(&computed) {
                w.write(col)?;
            }
        }
        Ok(())
    }

    /// Closes the row group being written and appends its column chunks
    /// to the file.
    pub fn flush(&mut self) -> Result<()> {
        let Some(rg) = self.row_group.take() else {
            return Ok(());
        };
        let chunks = rg
            .writers
            .into_iter()
            .map(ArrowColumnWriter::close)
            .collect::<Result<Vec<_>>>()?;
        let mut out = self.writer.next_row_group()?;
        for chunk in chunks {
            chunk.append_to_row_group(&mut out)?;
        }
        out.close()?;
        Ok(())
    }

    /// Writes the rows left and the footer; the sink.
    pub fn close(mut self) -> Result<W> {
        self.flush()?;
        self.writer.into_inner()
    }
}

impl RowGroup {
    fn estimated_bytes(&self) -> usize {
        self.writers
            .iter()
            .map(ArrowColumnWriter::get_estimated_total_bytes)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use std::path::Path;
    use std::sync::Arc;

    use arrow_schema::Schema;

    use super::*;
    use crate::capture::Source;
    use crate::decode::{community_id, decode};
    use crate::render::json::JsonOptions;
    use crate::render::parquet::{arrow_fields, schema, writer_props, ParquetOptions};
    use crate::render::parquet::{PacketBatcher, TsUnit};

    /// A fixture's rows in batches of `rows`.
    fn batches(name: &str, rows: usize) -> Vec<RecordBatch> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(name);
        let mut src = Source::open_file(&path, None).unwrap();
        let json = JsonOptions {
            precision: src.precision(),
            linktype: src.linktype().0,
        };
        let linktype = src.linktype();
        let mut b = PacketBatcher::new(TsUnit::Micro, json, rows);
        let mut out = Vec::new();
        let mut n = 0;
        while let Some(pkt) = src.next_packet().unwrap() {
            n += 1;
            let d = decode(linktype, pkt.data, pkt.wire_len);
            let cid = community_id::of_packet(&d, 0);
            out.extend(b.push(n, &pkt, &d, cid.as_ref()).unwrap());
        }
        if b.pending() > 0 {
            out.push(b.take().unwrap());
        }
        out
    }

    /// The files are byte for byte what the parquet crate's ArrowWriter
    /// writes, with row groups cut by rows, by bytes and inside batches,
    /// whether the levels were prepared for the slices the writer cuts,
    /// for other slices, or not at all.
    #[test]
    fn files_are_arrow_writers_with_levels_prepared_or_not() {
        let schema = Arc::new(Schema::new(arrow_fields(schema::PACKET, TsUnit::Micro)));
        let mut fixtures: Vec<_> =
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".pcap"))
                .collect();
        fixtures.sort();
        let mut compared = 0;
        let mut used = 0;
        for name in fixtures.iter().take(40) {
            for (batch_rows, row_group_rows, row_group_bytes) in
                [(7, 20, 1 << 20), (50, 1000, 6000), (1024, 16384, 8 << 20)]
            {
                let batches = batches(name, batch_rows);
                let opts = ParquetOptions {
                    batch_rows,
                    row_group_rows,
                    row_group_bytes,
                    ..ParquetOptions::default()
                };
                let props = writer_props("packets", &opts);
                let mut expected =
                    ArrowWriter::try_new(Vec::new(), schema.clone(), Some(props.clone())).unwrap();
                for b in &batches {
                    expected.write(b).unwrap();
                }
                let expected = expected.into_inner().unwrap();
                // None, the writer's own row count, a wrong one.
                for skew in [None, Some(0), Some(3)] {
                    let mut w =
                        FileWriter::try_new(Vec::new(), schema.clone(), props.clone()).unwrap();
                    for b in &batches {
                        let prepared = match skew {
                            None => Vec::new(),
                            Some(k) => {
                                let pos = (w.rows_in_row_group() + k) % row_group_rows;
                                let plan = plan(pos, b.num_rows(), row_group_rows);
                                prepare(&schema, b, &plan).unwrap()
                            }
                        };
                        w.write(b, prepared).unwrap();
                    }
                    // Without byte cuts (the first setting), every slice
                    // the writer cut was prepared when the plan started
                    // from the writer's row count.
                    match skew {
                        Some(0) if row_group_rows == 20 => assert_eq!(w.unprepared, 0, "{name}"),
                        None => assert!(w.unprepared >= batches.len(), "{name}"),
                        _ => {}
                    }
                    if skew.is_some() && w.unprepared == 0 {
                        used += 1;
                    }
                    let got = w.close().unwrap();
                    assert!(
                        got == expected,
                        "{name}: prepared {skew:?}, batches of {batch_rows}: {} bytes, ArrowWriter {}",
                        got.len(),
                        expected.len()
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared >= 9 * 10, "{compared} files compared");
        assert!(used >= 40, "{used} files written from prepared levels only");
    }

    /// The slices planned are the ones the writer cuts when only the row
    /// limit cuts row groups.
    #[test]
    fn the_plan_is_the_writers_cuts() {
        assert_eq!(plan(0, 5, 16), vec![0..1, 1..5]);
        assert_eq!(plan(3, 5, 16), vec![0..5]);
        assert_eq!(plan(14, 5, 16), vec![0..2, 2..3, 3..5]);
        assert_eq!(plan(0, 1, 16), vec![0..1]);
        assert_eq!(plan(0, 3, 1), vec![0..1, 1..2, 2..3]);
        assert_eq!(plan(5, 0, 16), Vec::<Range<usize>>::new());
    }
}
