//! A Parquet file written the way the parquet crate's `ArrowWriter` writes
//! it, with the leaf columns of each batch encoded (levels computed,
//! values encoded, pages compressed) on several threads.
//!
//! `ArrowWriter` encodes the ~760 leaf columns of a batch one after the
//! other on the thread that calls it; that is most of the Parquet output's
//! work (see bench/README.md). Here the top-level columns (one per layer)
//! are handed out, the ones with the most leaves first, to the writing
//! thread and [`encode_threads`]` - 1` helpers, each taking the next one
//! when it is done; a top-level column's leaf writers are only ever used by
//! one thread at a time, and batches are written one after the other, so
//! every column chunk gets the same values in the same order as under
//! `ArrowWriter`. Row groups are cut by the same rules (the same code,
//! [`FileWriter::write`]) and the file's metadata is `ArrowWriter`'s
//! (the writer is made by `ArrowWriter::try_new`): the files are byte for
//! byte what `ArrowWriter` writes.
//!
//! This pays where cores are idle: the writing thread's share of the work
//! is split with the helpers (callgrind, 50 000 packets: 2 838 M
//! instructions on the writing thread become 1 458 M plus 1 384 M). On a
//! machine whose cores are all busy it does not (wall time within a few
//! per cent, about 4 % more CPU time, 3 MiB more peak RSS; see
//! bench/README.md).

use std::io::Write;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use parquet::arrow::arrow_writer::{
    compute_leaves, ArrowColumnChunk, ArrowColumnWriter, ArrowRowGroupWriterFactory,
};
use parquet::arrow::ArrowWriter;
use parquet::errors::{ParquetError, Result};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;

/// Threads that encode a batch's columns: the writing thread and helpers,
/// one per available core up to 4 (the rows are built on another thread,
/// which takes about half the time encoding does).
pub fn encode_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 4))
}

/// One Parquet file being written.
pub struct FileWriter<W: Write + Send> {
    writer: SerializedFileWriter<W>,
    factory: ArrowRowGroupWriterFactory,
    schema: SchemaRef,
    /// The leaf columns of each top-level column, in the file's order.
    leaves: Vec<Range<usize>>,
    /// The top-level columns in the order they are handed out.
    order: Vec<usize>,
    max_rows: Option<usize>,
    max_bytes: Option<usize>,
    threads: usize,
    row_group: Option<RowGroup>,
}

/// The row group being written: a writer per leaf column (`None` once
/// closed), then its column chunk.
struct RowGroup {
    writers: Vec<Mutex<Option<ArrowColumnWriter>>>,
    chunks: Vec<Mutex<Option<ArrowColumnChunk>>>,
    rows: usize,
}

fn poisoned<T>(_: T) -> ParquetError {
    ParquetError::General("a Parquet encoding thread panicked".into())
}

impl<W: Write + Send> FileWriter<W> {
    pub fn try_new(
        file: W,
        schema: SchemaRef,
        props: WriterProperties,
        threads: usize,
    ) -> Result<FileWriter<W>> {
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
        let mut order: Vec<usize> = (0..leaves.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(leaves[i].end - leaves[i].start));
        Ok(FileWriter {
            writer,
            factory,
            schema,
            leaves,
            order,
            max_rows,
            max_bytes,
            threads: threads.max(1),
            row_group: None,
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

    /// The encoded size the row group being written is expected to have.
    pub fn in_progress_size(&self) -> usize {
        self.row_group.as_ref().map_or(0, RowGroup::estimated_bytes)
    }

    /// Writes a batch, closing row groups where `ArrowWriter::write` would.
    pub fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        if batch.num_rows() == 0 {
            return Ok(());
        }
        // ArrowWriter::write (parquet 60.2), with the same limits.
        let mut remaining = batch.clone();
        loop {
            if self.row_group.is_none() {
                let writers = self.factory.create_column_writers(self.row_groups())?;
                self.row_group = Some(RowGroup::new(writers, &self.leaves)?);
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
            self.write_rows(&remaining)?;
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

    /// Encodes rows into the row group being written, a top-level column
    /// at a time on each thread (its levels computed, then its leaves
    /// written, so that only the levels of the columns being written are
    /// held at a time).
    fn write_rows(&mut self, batch: &RecordBatch) -> Result<()> {
        let Some(rg) = self.row_group.as_mut() else {
            return Err(ParquetError::General("no row group in progress".into()));
        };
        rg.rows += batch.num_rows();
        let rg = &*rg;
        let schema = &self.schema;
        let leaves = &self.leaves;
        // Threads are not worth starting for a row or two.
        let threads = if batch.num_rows() < 16 {
            1
        } else {
            self.threads
        };
        in_parallel(threads, self.order.len(), |k| {
            let i = self.order[k];
            let field = schema.field(i);
            let range = leaves[i].clone();
            let computed = compute_leaves(field, batch.column(i))?;
            if computed.len() != range.end - range.start {
                return Err(ParquetError::General(format!(
                    "column {} has {} leaves, the file {}",
                    field.name(),
                    computed.len(),
                    range.end - range.start
                )));
            }
            for (leaf, col) in range.zip(&computed) {
                match rg.writers[leaf].lock().map_err(poisoned)?.as_mut() {
                    Some(w) => w.write(col)?,
                    None => return Err(ParquetError::General("a closed column writer".into())),
                }
            }
            Ok(())
        })
    }

    /// Closes the row group being written (its column chunks on each
    /// thread) and appends its column chunks to the file.
    pub fn flush(&mut self) -> Result<()> {
        let Some(rg) = self.row_group.take() else {
            return Ok(());
        };
        in_parallel(self.threads, rg.writers.len(), |leaf| {
            if let Some(w) = rg.writers[leaf].lock().map_err(poisoned)?.take() {
                *rg.chunks[leaf].lock().map_err(poisoned)? = Some(w.close()?);
            }
            Ok(())
        })?;
        let mut out = self.writer.next_row_group()?;
        for chunk in rg.chunks {
            match chunk.into_inner().map_err(poisoned)? {
                Some(c) => c.append_to_row_group(&mut out)?,
                None => return Err(ParquetError::General("a column chunk missing".into())),
            }
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
    fn new(writers: Vec<ArrowColumnWriter>, leaves: &[Range<usize>]) -> Result<RowGroup> {
        let total = leaves.last().map_or(0, |r| r.end);
        if writers.len() != total {
            return Err(ParquetError::General(format!(
                "{} column writers for {total} leaf columns",
                writers.len()
            )));
        }
        Ok(RowGroup {
            chunks: writers.iter().map(|_| Mutex::new(None)).collect(),
            writers: writers.into_iter().map(|w| Mutex::new(Some(w))).collect(),
            rows: 0,
        })
    }

    fn estimated_bytes(&self) -> usize {
        self.writers
            .iter()
            .map(|w| match w.lock() {
                Ok(w) => w
                    .as_ref()
                    .map_or(0, ArrowColumnWriter::get_estimated_total_bytes),
                Err(_) => 0,
            })
            .sum()
    }
}

/// Runs `f` on `0..items`, on `threads` threads (this one and helpers),
/// each taking the next item when done with one; the first error.
fn in_parallel<F>(threads: usize, items: usize, f: F) -> Result<()>
where
    F: Fn(usize) -> Result<()> + Sync,
{
    let next = AtomicUsize::new(0);
    let work = || -> Result<()> {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= items {
                return Ok(());
            }
            if let Err(e) = f(i) {
                // The others stop at their next item.
                next.store(items, Ordering::Relaxed);
                return Err(e);
            }
        }
    };
    if threads <= 1 {
        return work();
    }
    std::thread::scope(|s| {
        // A helper that cannot be started leaves its share to the others.
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| std::thread::Builder::new().spawn_scoped(s, work).ok())
            .collect();
        let mut result = work();
        for h in helpers {
            let r = h.join().unwrap_or_else(|e| Err(poisoned(e)));
            if result.is_ok() {
                result = r;
            }
        }
        result
    })
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
    /// writes, on one thread or several, with row groups cut by rows, by
    /// bytes and inside batches.
    #[test]
    fn files_are_arrow_writers_on_any_number_of_threads() {
        let schema = Arc::new(Schema::new(arrow_fields(schema::PACKET, TsUnit::Micro)));
        let mut fixtures: Vec<_> =
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".pcap"))
                .collect();
        fixtures.sort();
        let mut compared = 0;
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
                for threads in [1, 2, 3] {
                    let mut w =
                        FileWriter::try_new(Vec::new(), schema.clone(), props.clone(), threads)
                            .unwrap();
                    for b in &batches {
                        w.write(b).unwrap();
                    }
                    let got = w.close().unwrap();
                    assert!(
                        got == expected,
                        "{name}: {threads} threads, batches of {batch_rows}: {} bytes, ArrowWriter {}",
                        got.len(),
                        expected.len()
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared >= 9 * 10, "{compared} files compared");
    }
}
