//! The Parquet writer against the JSON renderer over every fixture: each
//! file is written, read back with the parquet crate's own reader, and
//! every row compared field by field with the JSON line of the same packet
//! (DuckDB and Spark read the same files in `tests/parquet_duckdb.rs` and
//! `bench/spark_example.py`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float64Type, Int32Type, Int64Type, Int8Type, TimestampMicrosecondType, TimestampNanosecondType,
    UInt16Type, UInt32Type, UInt8Type,
};
use arrow_array::{Array, RecordBatch};
use arrow_schema::{DataType, TimeUnit};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::{json, Map, Value};

use super::*;
use crate::capture::{Source, TsPrecision};
use crate::decode::{community_id, decode};
use crate::render::json::{write_packet, JsonOptions};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pcap" || e == "pcapng"))
        .collect();
    v.sort();
    v
}

/// Writes a capture as Parquet and as JSON lines (the same views).
fn write_both(path: &Path, dir: &Path, opts: ParquetOptions) -> (ParquetSummary, Vec<Value>) {
    write_both_as(path, dir, opts, false)
}

/// [`write_both`]; with `batched`, the rows are built in batches of
/// `opts.batch_rows` ([`PacketBatcher`], as for several inputs) and the
/// last `i % 3` rows of the `i`-th batch are cut off
/// ([`PacketWriter::write_batch`]'s `keep`, as `-c` does): the JSON lines
/// returned are the rows kept.
fn write_both_as(
    path: &Path,
    dir: &Path,
    opts: ParquetOptions,
    batched: bool,
) -> (ParquetSummary, Vec<Value>) {
    let mut src = Source::open_file(path, None).unwrap();
    let json = JsonOptions {
        precision: src.precision(),
        linktype: src.linktype().0,
    };
    let linktype = src.linktype();
    let mut w = PacketWriter::create(dir, json, opts).unwrap();
    let ts = w.ts_unit();
    let mut batcher = PacketBatcher::new(ts, json, opts.batch_rows);
    let mut lines = Vec::new();
    let mut pending = Vec::new();
    let mut batches = 0;
    let mut hand =
        |w: &mut PacketWriter, mut b: Shred, pending: &mut Vec<Value>, lines: &mut Vec<Value>| {
            let keep = pending.len().saturating_sub(batches % 3);
            batches += 1;
            lines.extend(pending.drain(..).take(keep));
            w.write_batch(&mut b, keep as u64, 0, Problems::default())
                .unwrap();
        };
    let mut n = 0;
    while let Some(pkt) = src.next_packet().unwrap() {
        n += 1;
        let d = decode(linktype, pkt.data, pkt.wire_len);
        let cid = community_id::of_packet(&d, 0);
        let mut buf = Vec::new();
        write_packet(&mut buf, n, &pkt, &d, cid.as_ref(), &json);
        let line = serde_json::from_slice(&buf).unwrap();
        if batched {
            pending.push(line);
            if let Some(b) = batcher.push(n, &pkt, &d, cid.as_ref()).unwrap() {
                hand(&mut w, b, &mut pending, &mut lines);
            }
        } else {
            w.write(n, &pkt, &d, cid.as_ref()).unwrap();
            lines.push(line);
        }
    }
    if batcher.pending() > 0 {
        let b = batcher.take().unwrap();
        hand(&mut w, b, &mut pending, &mut lines);
    }
    let mut summary = w.finish().unwrap();
    summary.problems.merge(batcher.take_problems());
    (summary, lines)
}

fn read_dir(files: &[PathBuf]) -> Vec<RecordBatch> {
    let mut out = Vec::new();
    for f in files {
        let file = std::fs::File::open(f).unwrap();
        let reader = ParquetRecordBatchReaderBuilder::try_new(file)
            .unwrap()
            .build()
            .unwrap();
        for b in reader {
            out.push(b.unwrap());
        }
    }
    out
}

/// A cell as JSON, the way the JSON renderer would have written it (null
/// for an absent field; JSON-text columns parsed).
fn cell(a: &dyn Array, i: usize, json_text: bool) -> Value {
    if a.is_null(i) {
        return Value::Null;
    }
    match a.data_type() {
        DataType::Boolean => json!(a.as_boolean().value(i)),
        DataType::UInt8 => json!(a.as_primitive::<UInt8Type>().value(i)),
        DataType::UInt16 => json!(a.as_primitive::<UInt16Type>().value(i)),
        DataType::UInt32 => json!(a.as_primitive::<UInt32Type>().value(i)),
        DataType::Int8 => json!(a.as_primitive::<Int8Type>().value(i)),
        DataType::Int32 => json!(a.as_primitive::<Int32Type>().value(i)),
        DataType::Int64 => json!(a.as_primitive::<Int64Type>().value(i)),
        DataType::Float64 => json!(a.as_primitive::<Float64Type>().value(i)),
        DataType::Utf8 if json_text => serde_json::from_str(a.as_string::<i32>().value(i)).unwrap(),
        DataType::Utf8 => json!(a.as_string::<i32>().value(i)),
        DataType::Timestamp(TimeUnit::Microsecond, _) => {
            json!(a.as_primitive::<TimestampMicrosecondType>().value(i))
        }
        DataType::Timestamp(TimeUnit::Nanosecond, _) => {
            json!(a.as_primitive::<TimestampNanosecondType>().value(i))
        }
        DataType::List(_) => {
            let l = a.as_list::<i32>();
            let v = l.value(i);
            Value::Array((0..v.len()).map(|k| cell(&v, k, json_text)).collect())
        }
        DataType::Struct(fields) => {
            let s = a.as_struct();
            let mut m = Map::new();
            for (k, f) in fields.iter().enumerate() {
                m.insert(f.name().clone(), cell(s.column(k), i, false));
            }
            Value::Object(m)
        }
        t => panic!("unexpected type {t}"),
    }
}

/// The JSON value with the nulls a Parquet row has for absent fields
/// removed on both sides: objects compare by the keys present in JSON.
fn same(json: &Value, pq: &Value, ty: &schema::Ty, path: &str) {
    use schema::Ty;
    match (ty, json) {
        (Ty::Struct(fields), Value::Object(m)) => {
            let pm = pq.as_object().unwrap_or_else(|| panic!("{path}: {pq}"));
            for f in *fields {
                let p = format!("{path}.{}", f.name);
                match m.get(f.name) {
                    Some(v) => same(v, &pm[f.name], &f.ty, &p),
                    None => assert_eq!(pm[f.name], Value::Null, "{p}: absent in JSON"),
                }
            }
            for k in m.keys() {
                assert!(fields.iter().any(|f| f.name == k), "{path}.{k}: no column");
            }
        }
        (Ty::List(item), Value::Array(a)) => {
            let pa = pq.as_array().unwrap_or_else(|| panic!("{path}: {pq}"));
            assert_eq!(a.len(), pa.len(), "{path}: length");
            for (k, (x, y)) in a.iter().zip(pa).enumerate() {
                same(x, y, item, &format!("{path}[{k}]"));
            }
        }
        (Ty::Json, _) => {
            let parsed = match pq {
                Value::String(t) => serde_json::from_str(t).unwrap(),
                v => v.clone(),
            };
            assert_eq!(json, &parsed, "{path}");
        }
        (Ty::F64, Value::Number(n)) => {
            let (x, y) = (n.as_f64().unwrap(), pq.as_f64().unwrap());
            assert!((x - y).abs() <= x.abs() * 1e-15, "{path}: {x} != {y}");
        }
        _ => assert_eq!(json, pq, "{path}"),
    }
}

#[test]
fn every_fixture_row_equals_its_json_line() {
    every_row_equals_its_json_line(ParquetOptions::default());
}

/// Batches of 3 rows: a column is untouched (all null, from the shared
/// null arrays) in one batch and written in the next, nested lists'
/// items outnumber the rows, and the last batch of a file is shorter.
#[test]
fn every_fixture_row_equals_its_json_line_in_small_batches() {
    every_row_equals_its_json_line(ParquetOptions {
        batch_rows: 3,
        ..ParquetOptions::default()
    });
}

/// Rows built in batches elsewhere (several inputs), some batches cut
/// short (`-c`): the rows kept are whole, in order, and equal their JSON.
#[test]
fn every_fixture_row_equals_its_json_line_in_batches_cut_short() {
    for batch_rows in [4, 7] {
        every_row_equals_its_json_line_as(
            ParquetOptions {
                batch_rows,
                row_group_rows: 30,
                ..ParquetOptions::default()
            },
            true,
        );
    }
}

fn every_row_equals_its_json_line(opts: ParquetOptions) {
    every_row_equals_its_json_line_as(opts, false);
}

fn every_row_equals_its_json_line_as(opts: ParquetOptions, batched: bool) {
    let mut total = 0;
    for f in fixtures() {
        let dir = tempfile::tempdir().unwrap();
        let (summary, lines) = write_both_as(&f, dir.path(), opts, batched);
        assert!(
            summary.problems.is_empty(),
            "{}: {:?}",
            f.display(),
            summary.problems
        );
        assert_eq!(summary.rows, lines.len() as u64);
        let batches = read_dir(&summary.files);
        let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
        assert_eq!(rows, lines.len(), "{}", f.display());
        let mut k = 0;
        for b in &batches {
            for i in 0..b.num_rows() {
                let json = &lines[k];
                k += 1;
                for (c, field) in schema::PACKET.iter().enumerate() {
                    let col = b.column(c);
                    let path = format!("{}#{}: {}", f.display(), k, field.name);
                    let json_text = matches!(field.ty, schema::Ty::Json);
                    let pq = cell(col, i, json_text);
                    match (field.name, json.get(field.name)) {
                        // The time stamp as a number of units since the
                        // epoch, against the JSON's seconds and fraction.
                        ("ts", Some(_)) => {
                            let epoch = json["ts_epoch"].as_f64().unwrap();
                            let unit = match col.data_type() {
                                DataType::Timestamp(TimeUnit::Nanosecond, _) => 1e9,
                                _ => 1e6,
                            };
                            let got = pq.as_i64().unwrap() as f64 / unit;
                            assert!((got - epoch).abs() < 1e-5, "{path}");
                        }
                        (_, Some(v)) => same(v, &pq, &field.ty, &path),
                        (_, None) => assert_eq!(pq, Value::Null, "{path}: absent in JSON"),
                    }
                }
                for key in json.as_object().unwrap().keys() {
                    assert!(
                        schema::PACKET.iter().any(|f| f.name == key),
                        "{}: no column for {key}",
                        f.display()
                    );
                }
            }
        }
        total += k;
    }
    assert!(total > 500, "fixtures read: {total} packets");
}

#[test]
fn files_split_at_the_size_limit_and_rows_stay_in_order() {
    let f = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/dns.pcap");
    let dir = tempfile::tempdir().unwrap();
    let opts = ParquetOptions {
        max_file_bytes: 1,
        batch_rows: 4,
        row_group_rows: 4,
        ..ParquetOptions::default()
    };
    let (summary, lines) = write_both(&f, dir.path(), opts);
    let want_files = lines.len().div_ceil(4);
    assert_eq!(summary.files.len(), want_files);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), want_files, "no temporary file left: {names:?}");
    let batches = read_dir(&summary.files);
    let ns: Vec<i64> = batches
        .iter()
        .flat_map(|b| {
            let c = b.column(1).as_primitive::<Int64Type>().clone();
            (0..c.len()).map(move |i| c.value(i))
        })
        .collect();
    assert_eq!(ns, (1..=lines.len() as i64).collect::<Vec<_>>());
}

#[test]
fn a_directory_with_parquet_files_is_refused_and_an_empty_run_writes_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let json = JsonOptions {
        precision: TsPrecision::Micro,
        linktype: 1,
    };
    let w = PacketWriter::create(dir.path(), json, ParquetOptions::default()).unwrap();
    let s = w.finish().unwrap();
    assert_eq!(s.files.len(), 1);
    let batches = read_dir(&s.files);
    assert_eq!(batches.iter().map(|b| b.num_rows()).sum::<usize>(), 0);
    let again = PacketWriter::create(dir.path(), json, ParquetOptions::default());
    let err = again.err().unwrap();
    assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
}

#[test]
fn row_groups_are_bounded() {
    let f = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tcp-forms.pcap");
    let dir = tempfile::tempdir().unwrap();
    let opts = ParquetOptions {
        batch_rows: 5,
        row_group_rows: 10,
        ..ParquetOptions::default()
    };
    let (summary, lines) = write_both(&f, dir.path(), opts);
    let file = std::fs::File::open(&summary.files[0]).unwrap();
    let meta = ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .metadata()
        .clone();
    assert_eq!(meta.num_row_groups(), lines.len().div_ceil(10));
    for rg in meta.row_groups() {
        assert!(rg.num_rows() <= 10);
    }
    let kv = meta.file_metadata().key_value_metadata().unwrap();
    assert!(kv.iter().any(|k| k.key == "netdecode.schema"
        && k.value.as_deref() == Some(SCHEMA_VERSION.to_string().as_str())));
}

#[test]
fn files_are_closed_after_their_most_row_groups() {
    let f = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tcp-forms.pcap");
    let dir = tempfile::tempdir().unwrap();
    let opts = ParquetOptions {
        batch_rows: 5,
        row_group_rows: 5,
        file_row_groups: 2,
        ..ParquetOptions::default()
    };
    let (summary, lines) = write_both(&f, dir.path(), opts);
    assert!(lines.len() > 20, "{} packets", lines.len());
    assert_eq!(summary.files.len(), lines.len().div_ceil(10));
    let mut rows = 0;
    for path in &summary.files {
        let file = std::fs::File::open(path).unwrap();
        let meta = ParquetRecordBatchReaderBuilder::try_new(file)
            .unwrap()
            .metadata()
            .clone();
        assert!(meta.num_row_groups() <= 2, "{}", path.display());
        rows += meta.file_metadata().num_rows() as usize;
    }
    assert_eq!(rows, lines.len());
}

/// Every column chunk's statistics are those of the values it holds (an
/// engine skips row groups by them, so a wrong minimum loses rows): read
/// back value by value with the parquet crate's column readers, on every
/// fixture, in row groups of 50 rows. Unsigned columns compare as
/// unsigned; byte arrays by their bytes.
#[test]
fn column_statistics_are_their_values() {
    use parquet::basic::LogicalType;
    use parquet::column::reader::ColumnReader;
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::file::statistics::Statistics;

    /// Reads a chunk's records: its levels and values.
    macro_rules! read {
        ($rd:expr, $n:expr) => {{
            let (mut defs, mut reps, mut v) = (Vec::new(), Vec::new(), Vec::new());
            let mut rd = $rd;
            let mut got = 0;
            loop {
                let (records, _, _) = rd
                    .read_records($n, Some(&mut defs), Some(&mut reps), &mut v)
                    .unwrap();
                if records == 0 {
                    break;
                }
                got += records;
            }
            let _ = got;
            (defs, v)
        }};
    }
    fn check<T: PartialOrd + Copy + std::fmt::Debug>(
        what: &str,
        v: &[T],
        min: Option<&T>,
        max: Option<&T>,
        key: impl Fn(T) -> i128,
    ) {
        let lo = v.iter().map(|&x| key(x)).min();
        let hi = v.iter().map(|&x| key(x)).max();
        assert_eq!(min.map(|&x| key(x)), lo, "{what}: minimum");
        assert_eq!(max.map(|&x| key(x)), hi, "{what}: maximum");
    }
    let mut chunks = 0;
    let mut with_values = 0;
    // Rows written one by one, and in batches of 7 cut short (the
    // statistics of batches appended and of rows cut off).
    for (f, batched) in fixtures()
        .into_iter()
        .flat_map(|f| [(f.clone(), false), (f, true)])
    {
        let dir = tempfile::tempdir().unwrap();
        let opts = ParquetOptions {
            row_group_rows: 50,
            batch_rows: 7,
            ..ParquetOptions::default()
        };
        let (summary, _) = write_both_as(&f, dir.path(), opts, batched);
        for path in &summary.files {
            let r = SerializedFileReader::new(std::fs::File::open(path).unwrap()).unwrap();
            for g in 0..r.num_row_groups() {
                let rg = r.get_row_group(g).unwrap();
                let meta = rg.metadata().clone();
                for c in 0..meta.num_columns() {
                    let cm = meta.column(c);
                    let descr = cm.column_descr();
                    let what = format!("{}: group {g}, {}", f.display(), descr.path());
                    let n = cm.num_values() as usize;
                    let max_def = descr.max_def_level();
                    let unsigned = matches!(
                        descr.logical_type_ref(),
                        Some(LogicalType::Integer(t)) if !t.is_signed
                    );
                    let Some(stats) = cm.statistics() else {
                        // None for floating point only.
                        assert_eq!(
                            descr.physical_type(),
                            parquet::basic::Type::DOUBLE,
                            "{what}"
                        );
                        continue;
                    };
                    let (defs, values) = match (rg.get_column_reader(c).unwrap(), stats) {
                        (ColumnReader::Int32ColumnReader(rd), Statistics::Int32(s)) => {
                            let (d, v) = read!(rd, n);
                            let key = |x: i32| {
                                if unsigned {
                                    i128::from(x as u32)
                                } else {
                                    i128::from(x)
                                }
                            };
                            check(&what, &v, s.min_opt(), s.max_opt(), key);
                            (d, v.len())
                        }
                        (ColumnReader::Int64ColumnReader(rd), Statistics::Int64(s)) => {
                            let (d, v) = read!(rd, n);
                            check(&what, &v, s.min_opt(), s.max_opt(), i128::from);
                            (d, v.len())
                        }
                        (ColumnReader::BoolColumnReader(rd), Statistics::Boolean(s)) => {
                            let (d, v) = read!(rd, n);
                            check(&what, &v, s.min_opt(), s.max_opt(), i128::from);
                            (d, v.len())
                        }
                        (ColumnReader::ByteArrayColumnReader(rd), Statistics::ByteArray(s)) => {
                            let (d, v) = read!(rd, n);
                            let lo = v.iter().map(|x| x.data()).min();
                            let hi = v.iter().map(|x| x.data()).max();
                            if let Some(m) = s.min_opt() {
                                assert_eq!(Some(m.data()), lo, "{what}: minimum");
                            }
                            if let Some(m) = s.max_opt() {
                                assert_eq!(Some(m.data()), hi, "{what}: maximum");
                            }
                            if s.min_opt().is_none() && !v.is_empty() {
                                assert!(lo.unwrap().len() > 64 || hi.unwrap().len() > 64, "{what}");
                            }
                            (d, v.len())
                        }
                        (_, s) => panic!("{what}: statistics {s:?} of another type"),
                    };
                    assert_eq!(defs.len(), n, "{what}: levels");
                    let nulls = defs.iter().filter(|&&d| d < max_def).count();
                    assert_eq!(nulls + values, n, "{what}: values");
                    assert_eq!(stats.null_count_opt(), Some(nulls as u64), "{what}: nulls");
                    chunks += 1;
                    with_values += usize::from(values > 0);
                }
            }
        }
    }
    assert!(
        chunks > 10_000 && with_values > 1_000,
        "{chunks} chunks, {with_values} with values"
    );
}

/// Levels given one a byte come out as the same runs however they are cut
/// (the eight-at-a-time run counting, at every offset and length).
#[test]
fn raw_levels_are_their_runs() {
    use super::builder::Levels;
    let mut bytes = Vec::new();
    for (i, n) in [1usize, 7, 8, 9, 16, 17, 1, 1, 2, 63, 64, 65, 130]
        .iter()
        .enumerate()
    {
        bytes.extend(std::iter::repeat_n((i % 3) as u8, *n));
    }
    let expect = |b: &[u8]| {
        let mut runs: Vec<(u8, u64)> = Vec::new();
        for &v in b {
            match runs.last_mut() {
                Some((l, k)) if *l == v => *k += 1,
                _ => runs.push((v, 1)),
            }
        }
        runs
    };
    for cut in 0..=bytes.len() {
        let (a, b) = bytes.split_at(cut);
        let mut l = Levels::default();
        l.push_raw(a);
        l.push_raw(b);
        assert_eq!(l.len(), bytes.len() as u64);
        assert_eq!(l.runs(), expect(&bytes), "cut at {cut}");
    }
}

/// The rows of `fixtures/tcp-options.pcap` (many leaves below a list),
/// built in one batch (in the columns `into`, if given), not yet taken.
fn tcp_options_rows(into: Option<StructCol>) -> PacketBatcher {
    let path = fixtures()
        .into_iter()
        .find(|p| p.ends_with("tcp-options.pcap"))
        .expect("the fixture");
    let mut src = Source::open_file(&path, None).unwrap();
    let json = JsonOptions {
        precision: src.precision(),
        linktype: src.linktype().0,
    };
    let linktype = src.linktype();
    let mut b = PacketBatcher::new(TsUnit::Micro, json, 1 << 20);
    if let Some(row) = into {
        b.row = row;
    }
    let mut n = 0;
    while let Some(pkt) = src.next_packet().unwrap() {
        n += 1;
        let d = decode(linktype, pkt.data, pkt.wire_len);
        let cid = community_id::of_packet(&d, 0);
        assert!(b.push(n, &pkt, &d, cid.as_ref()).unwrap().is_none());
    }
    b
}

/// The pages compressed once for several columns are the all-null leaves
/// whose levels are byte for byte another all-null leaf's (the null fields
/// of one struct), each pointing at the first such leaf; on a capture of
/// TCP with options, most of the schema's leaves are shared so.
#[test]
fn null_columns_with_the_same_levels_share_a_page() {
    let mut b = tcp_options_rows(None);
    let mut shred = b.take().unwrap();
    let layout = StructCol::new(schema::PACKET, "", TsUnit::Micro).leaf_layout();
    let levels: Vec<(bool, bool)> = layout.iter().map(|&(_, def, rep)| (rep, def > 0)).collect();
    for l in &mut shred.leaves {
        l.defs.flush();
        l.reps.flush();
    }
    let same = encode::same_pages(&shred.leaves, &levels);
    assert_eq!(same.len(), shred.leaves.len());
    let mut shared = 0;
    for (i, s) in same.iter().enumerate() {
        let Some(j) = *s else { continue };
        shared += 1;
        let (a, b) = (&shred.leaves[i], &shred.leaves[j]);
        assert!(j < i && same[j].is_none(), "leaf {i} shares {j}'s page");
        assert!(a.values.is_empty() && b.values.is_empty(), "leaf {i}, {j}");
        assert_eq!(levels[i], levels[j], "leaf {i}, {j}");
        assert_eq!(a.reps.bytes(), b.reps.bytes(), "leaf {i}, {j}");
        assert_eq!(a.defs.bytes(), b.defs.bytes(), "leaf {i}, {j}");
    }
    // A leaf with values is never shared.
    for (i, l) in shred.leaves.iter().enumerate() {
        if !l.values.is_empty() {
            assert_eq!(same[i], None, "leaf {i} has values");
        }
    }
    assert!(
        shared > same.len() / 2,
        "{shared} of {} leaves shared",
        same.len()
    );
}

/// Columns that reserved like a row group's ([`StructCol::reserve_like`])
/// build the same rows without growing (moving) any buffer, and reserve
/// no more than a quarter above what the values need.
#[test]
fn columns_that_reserved_like_a_row_group_grow_no_buffer_for_its_rows() {
    let mut first = tcp_options_rows(None);
    let mut reserved = StructCol::new(schema::PACKET, "", TsUnit::Micro);
    reserved.reserve_like(&mut first.row);
    // Each leaf's buffers (address; capacity of the values) before the
    // same rows are built in them: a buffer that grows moves.
    let mut before = Vec::new();
    reserved.children.iter_mut().for_each(|c| {
        c.for_each_leaf(&mut |l| {
            before.push([
                (l.data.values.as_ptr() as usize, l.data.values.capacity()),
                (l.data.defs.bytes().as_ptr() as usize, 0),
            ])
        })
    });
    let mut second = tcp_options_rows(Some(reserved));
    let mut lens = Vec::new();
    first.row.children.iter_mut().for_each(|c| {
        c.for_each_leaf(&mut |l| lens.push([l.data.values.len(), l.data.defs.bytes().len()]))
    });
    let mut k = 0;
    let mut with_values = 0;
    second.row.children.iter_mut().for_each(|c| {
        c.for_each_leaf(&mut |l| {
            let now = [
                (l.data.values.as_ptr() as usize, l.data.values.capacity()),
                (l.data.defs.bytes().as_ptr() as usize, 0),
            ];
            let held = [l.data.values.len(), l.data.defs.bytes().len()];
            assert_eq!(held, lens[k], "leaf {k}: the same rows");
            for (i, len) in held.into_iter().enumerate() {
                if len > 0 {
                    assert_eq!(now[i], before[k][i], "leaf {k} ({i}) grew");
                    // Values: no more than a quarter above what they need.
                    assert!(now[i].1 <= len + len / 4 + 8, "leaf {k} over-reserved");
                }
            }
            with_values += usize::from(held[0] > 0);
            k += 1;
        })
    });
    assert!(with_values > 20, "{with_values} leaves with values");
}
