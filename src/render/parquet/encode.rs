//! Writing a row group's column chunks: each leaf column's levels and
//! values ([`LeafData`], already in a data page's layout) become one
//! compressed data page, appended to the file with its metadata. The
//! chunks of a row group are compressed on several threads (the writing
//! thread and [`encode_threads`]` - 1` helpers, the largest first), then
//! appended in the file's column order. All-null columns whose levels are
//! byte for byte another's (the null fields of one struct, which have its
//! levels) have that column's page: it is compressed once ([`same_pages`]).
//!
//! The file itself (schema, key-value metadata with the Arrow schema,
//! footer) is the parquet crate's: the writer is made by `ArrowWriter`
//! and turned into its `SerializedFileWriter`, so a file reads back, with
//! the Arrow types, as if `ArrowWriter` had written it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use arrow_schema::SchemaRef;
use bytes::Bytes;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, Encoding, Type as Physical, ZstdLevel};
use parquet::column::page::{CompressedPage, Page, PageWriter};
use parquet::column::writer::ColumnCloseResult;
use parquet::data_type::ByteArray;
use parquet::errors::{ParquetError, Result};
use parquet::file::metadata::ColumnChunkMetaData;
use parquet::file::properties::WriterProperties;
use parquet::file::statistics::Statistics;
use parquet::file::writer::{SerializedFileWriter, SerializedPageWriter, TrackedWrite};
use parquet::schema::types::ColumnDescPtr;

use super::builder::{Kind, LeafData, Shred, Stat};

/// Threads that compress a row group's column chunks: the writing thread
/// and helpers, one per available core up to 4.
pub fn encode_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 4))
}

/// The zstd level (the parquet crate's default).
const ZSTD_LEVEL: i32 = 1;

/// Pages smaller than this are stored uncompressed (a column chunk names
/// its own codec): a zstd frame of a few bytes costs more than it saves,
/// and most column chunks of a row group are all null, a few bytes of
/// levels.
const MIN_COMPRESS: usize = 64;

/// Byte-array statistics longer than this are left out (as the parquet
/// crate truncates them; here simply not written).
const MAX_STAT_BYTES: usize = 64;

/// One Parquet file being written.
pub struct FileWriter<W: Write + Send> {
    writer: SerializedFileWriter<W>,
    /// Each leaf column's descriptor and kind, in the file's order.
    columns: Vec<(ColumnDescPtr, Kind)>,
    /// Which levels each column's pages hold (repetition, definition).
    page_levels: Vec<(bool, bool)>,
    threads: usize,
}

fn poisoned<T>(_: T) -> ParquetError {
    ParquetError::General("a Parquet encoding thread panicked".into())
}

impl<W: Write + Send> FileWriter<W> {
    /// A file of `schema`'s rows; `layout` is each leaf's kind, maximum
    /// definition level and whether it repeats, as the builder makes them
    /// ([`super::builder::StructCol::leaf_layout`]): checked against the
    /// Parquet schema.
    pub fn try_new(
        file: W,
        schema: SchemaRef,
        props: WriterProperties,
        layout: &[(Kind, u8, bool)],
        threads: usize,
    ) -> Result<FileWriter<W>> {
        let (writer, _) =
            ArrowWriter::try_new(file, schema, Some(props))?.into_serialized_writer()?;
        let descr = writer.schema_descr();
        if descr.num_columns() != layout.len() {
            return Err(ParquetError::General(format!(
                "{} leaf columns built, {} in the schema",
                layout.len(),
                descr.num_columns()
            )));
        }
        let mut columns = Vec::with_capacity(layout.len());
        for (i, &(kind, def, rep)) in layout.iter().enumerate() {
            let c = descr.column(i);
            let physical = match kind {
                Kind::Bool => Physical::BOOLEAN,
                Kind::I32 | Kind::U32 => Physical::INT32,
                Kind::I64 => Physical::INT64,
                Kind::F64 => Physical::DOUBLE,
                Kind::Bytes => Physical::BYTE_ARRAY,
            };
            if c.physical_type() != physical
                || c.max_def_level() != i16::from(def)
                || (c.max_rep_level() > 0) != rep
            {
                return Err(ParquetError::General(format!(
                    "column {}: built as {kind:?}, levels {def}/{rep}; the schema has {}, {}/{}",
                    c.path(),
                    c.physical_type(),
                    c.max_def_level(),
                    c.max_rep_level()
                )));
            }
            columns.push((c, kind));
        }
        let page_levels = columns
            .iter()
            .map(|(d, _)| (d.max_rep_level() > 0, d.max_def_level() > 0))
            .collect();
        Ok(FileWriter {
            writer,
            columns,
            page_levels,
            threads: threads.max(1),
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

    /// Writes a row group.
    pub fn write(&mut self, mut rg: Shred) -> Result<()> {
        if rg.rows == 0 {
            return Ok(());
        }
        if rg.leaves.len() != self.columns.len() {
            return Err(ParquetError::General(
                "a row group of another schema".into(),
            ));
        }
        for leaf in &mut rg.leaves {
            leaf.defs.flush();
            leaf.reps.flush();
        }
        let same = same_pages(&rg.leaves, &self.page_levels);
        let mut order: Vec<usize> = (0..rg.leaves.len())
            .filter(|&i| same.get(i).is_some_and(Option::is_none))
            .collect();
        order.sort_by_key(|&i| std::cmp::Reverse(rg.leaves.get(i).map_or(0, |l| l.values.len())));
        let rows = rg.rows;
        // A leaf whose page is another's has no value (its statistics are
        // an empty leaf's): its data is dropped now, the others' once their
        // chunk is made.
        let leaves: Vec<Mutex<Option<LeafData>>> = rg
            .leaves
            .into_iter()
            .zip(&same)
            .map(|(leaf, same)| Mutex::new(same.is_none().then_some(leaf)))
            .collect();
        let no_value = LeafData::default();
        let pages: Vec<Mutex<Option<EncodedPage>>> =
            (0..leaves.len()).map(|_| Mutex::new(None)).collect();
        let chunks: Vec<Mutex<Option<(Bytes, ColumnCloseResult)>>> =
            (0..leaves.len()).map(|_| Mutex::new(None)).collect();
        let columns = &self.columns;
        in_parallel(self.threads, order.len(), |k| {
            let i = order.get(k).copied().unwrap_or(0);
            let (Some(leaf), Some((descr, kind)), Some(page_slot), Some(slot)) =
                (leaves.get(i), columns.get(i), pages.get(i), chunks.get(i))
            else {
                return Err(ParquetError::General("a column out of range".into()));
            };
            let leaf = leaf
                .lock()
                .map_err(poisoned)?
                .take()
                .ok_or_else(|| ParquetError::General("a column encoded twice".into()))?;
            let page = encode_page(&leaf, descr, *kind)?;
            let chunk = chunk(&page, &leaf, descr, *kind, rows)?;
            drop(leaf);
            *page_slot.lock().map_err(poisoned)? = Some(page);
            *slot.lock().map_err(poisoned)? = Some(chunk);
            Ok(())
        })?;
        let pages: Vec<Option<EncodedPage>> = pages
            .into_iter()
            .map(|p| p.into_inner().map_err(poisoned))
            .collect::<Result<_>>()?;
        let mut row_group = self.writer.next_row_group()?;
        for (i, c) in chunks.into_iter().enumerate() {
            let made = c.into_inner().map_err(poisoned)?;
            let (bytes, close) = match (made, same.get(i).copied().flatten()) {
                (Some(made), _) => made,
                (None, Some(j)) => {
                    let (Some(Some(page)), Some((descr, kind))) = (pages.get(j), columns.get(i))
                    else {
                        return Err(ParquetError::General("a shared page is missing".into()));
                    };
                    chunk(page, &no_value, descr, *kind, rows)?
                }
                (None, None) => {
                    return Err(ParquetError::General(
                        "a column chunk was not written".into(),
                    ))
                }
            };
            row_group.append_column(&bytes, close)?;
        }
        row_group.close()?;
        Ok(())
    }

    /// Writes the footer; the file.
    pub fn close(self) -> Result<W> {
        self.writer.into_inner()
    }
}

thread_local! {
    /// Each thread's zstd context, made once.
    static ZSTD: RefCell<Option<zstd::bulk::Compressor<'static>>> = const { RefCell::new(None) };
}

fn compress(data: &[u8]) -> Result<Vec<u8>> {
    ZSTD.with(|z| {
        let mut z = z.borrow_mut();
        if z.is_none() {
            *z = Some(zstd::bulk::Compressor::new(ZSTD_LEVEL)?);
        }
        let c = z
            .as_mut()
            .ok_or_else(|| ParquetError::General("no zstd context".into()))?;
        let mut out = Vec::with_capacity(zstd::zstd_safe::compress_bound(data.len()));
        c.compress_to_buffer(data, &mut out)?;
        Ok(out)
    })
}

/// Which leaves' pages are another's, byte for byte: `Some(j)` for a leaf
/// with no value (all null) whose levels are those of an earlier leaf `j`
/// with no value. All the null fields of a struct have its levels, so
/// their pages are the same; such a page is compressed once. `levels`
/// says which levels each leaf's page holds (repetition, definition);
/// levels must be flushed.
pub(super) fn same_pages(leaves: &[LeafData], levels: &[(bool, bool)]) -> Vec<Option<usize>> {
    // Candidates by what the page's layout and lengths are; equal bytes
    // are checked.
    type Key = (bool, bool, u64, usize, usize);
    let mut seen: HashMap<Key, Vec<usize>> = HashMap::new();
    let mut same = vec![None; leaves.len()];
    for (i, (leaf, &(has_reps, has_defs))) in leaves.iter().zip(levels).enumerate() {
        if !leaf.values.is_empty() || leaf.count != 0 {
            continue;
        }
        let (reps, defs) = (leaf.reps.bytes(), leaf.defs.bytes());
        let key = (has_reps, has_defs, leaf.defs.len(), reps.len(), defs.len());
        let firsts = seen.entry(key).or_default();
        let found = firsts.iter().copied().find(|&j| {
            leaves
                .get(j)
                .is_some_and(|l| l.reps.bytes() == reps && l.defs.bytes() == defs)
        });
        match (found, same.get_mut(i)) {
            (Some(j), Some(s)) => *s = Some(j),
            _ => firsts.push(i),
        }
    }
    same
}

/// A data page (v1: repetition levels, definition levels, PLAIN values),
/// compressed, with its header.
struct EncodedPage {
    bytes: Bytes,
    compressed: bool,
    num_values: u32,
    compressed_size: usize,
    uncompressed_size: usize,
}

fn encode_page(leaf: &LeafData, descr: &ColumnDescPtr, kind: Kind) -> Result<EncodedPage> {
    let reps = leaf.reps.bytes();
    let defs = leaf.defs.bytes();
    let mut page = Vec::with_capacity(8 + reps.len() + defs.len() + leaf.values.len());
    let len32 = |n: usize| {
        u32::try_from(n)
            .map(u32::to_le_bytes)
            .map_err(|_| ParquetError::General("a page over 4 GiB".into()))
    };
    if descr.max_rep_level() > 0 {
        page.extend_from_slice(&len32(reps.len())?);
        page.extend_from_slice(reps);
    }
    if descr.max_def_level() > 0 {
        page.extend_from_slice(&len32(defs.len())?);
        page.extend_from_slice(defs);
    }
    if kind == Kind::Bool {
        // PLAIN booleans: one bit each, the first in the lowest bit.
        for eight in leaf.values.chunks(8) {
            let mut b = 0u8;
            for (k, v) in eight.iter().enumerate() {
                b |= (v & 1) << k;
            }
            page.push(b);
        }
    } else {
        page.extend_from_slice(&leaf.values);
    }
    let num_values = u32::try_from(leaf.defs.len())
        .map_err(|_| ParquetError::General("too many values in a page".into()))?;
    let uncompressed = page.len();
    let compressed = uncompressed >= MIN_COMPRESS;
    let buf = if compressed { compress(&page)? } else { page };
    let data = Page::DataPage {
        buf: Bytes::from(buf),
        num_values,
        encoding: Encoding::PLAIN,
        def_level_encoding: Encoding::RLE,
        rep_level_encoding: Encoding::RLE,
        statistics: None,
    };
    let mut sink = TrackedWrite::new(Vec::new());
    let spec = {
        let mut w = SerializedPageWriter::new(&mut sink);
        let spec = w.write_page(CompressedPage::new(data, uncompressed))?;
        w.close()?;
        spec
    };
    Ok(EncodedPage {
        bytes: Bytes::from(sink.into_inner()?),
        compressed,
        num_values,
        compressed_size: spec.compressed_size,
        uncompressed_size: spec.uncompressed_size,
    })
}

/// A leaf column's chunk, its one page, and its metadata.
fn chunk(
    page: &EncodedPage,
    leaf: &LeafData,
    descr: &ColumnDescPtr,
    kind: Kind,
    rows: u64,
) -> Result<(Bytes, ColumnCloseResult)> {
    let mut meta = ColumnChunkMetaData::builder(descr.clone())
        .set_encodings(vec![Encoding::PLAIN, Encoding::RLE])
        .set_compression(if page.compressed {
            Compression::ZSTD(ZstdLevel::try_new(ZSTD_LEVEL)?)
        } else {
            Compression::UNCOMPRESSED
        })
        .set_num_values(i64::from(page.num_values))
        .set_total_compressed_size(page.compressed_size as i64)
        .set_total_uncompressed_size(page.uncompressed_size as i64)
        .set_data_page_offset(0);
    if let Some(s) = statistics(leaf, kind, u64::from(page.num_values)) {
        meta = meta.set_statistics(s);
    }
    let close = ColumnCloseResult {
        bytes_written: page.bytes.len() as u64,
        rows_written: rows,
        metadata: meta.build()?,
        bloom_filter: None,
        column_index: None,
        offset_index: None,
    };
    Ok((page.bytes.clone(), close))
}

/// The chunk's minimum, maximum and null count (none for floating point,
/// and no minimum and maximum for long byte arrays).
fn statistics(leaf: &LeafData, kind: Kind, levels: u64) -> Option<Statistics> {
    let nulls = Some(levels.saturating_sub(leaf.count));
    let (lo, hi) = match leaf.min_max(kind) {
        Some((lo, hi)) => (Some(lo), Some(hi)),
        None => (None, None),
    };
    let int = |s: Option<Stat<'_>>| match s {
        Some(Stat::Int(x)) => Some(x),
        _ => None,
    };
    Some(match kind {
        Kind::Bool => Statistics::boolean(
            int(lo).map(|x| x != 0),
            int(hi).map(|x| x != 0),
            None,
            nulls,
            false,
        ),
        // The value's bits: an unsigned column's order is its own.
        Kind::I32 | Kind::U32 => Statistics::int32(
            int(lo).map(|x| x as u32 as i32),
            int(hi).map(|x| x as u32 as i32),
            None,
            nulls,
            false,
        ),
        Kind::I64 => Statistics::int64(int(lo), int(hi), None, nulls, false),
        Kind::F64 => return None,
        Kind::Bytes => {
            let (lo, hi) = match (lo, hi) {
                (Some(Stat::Bytes(lo)), Some(Stat::Bytes(hi))) => (Some(lo), Some(hi)),
                _ => (None, None),
            };
            let fits = lo.is_some_and(|b| b.len() <= MAX_STAT_BYTES)
                && hi.is_some_and(|b| b.len() <= MAX_STAT_BYTES);
            Statistics::byte_array(
                lo.filter(|_| fits).map(|b| ByteArray::from(b.to_vec())),
                hi.filter(|_| fits).map(|b| ByteArray::from(b.to_vec())),
                None,
                nulls,
                false,
            )
        }
    })
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
