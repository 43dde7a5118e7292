//! Several inputs in one run (`-r A -r B`, `-V LIST`): output in input
//! order, packet numbers running on across inputs; JSON and Parquet are
//! decoded in parallel, and must equal the inputs read one at a time.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{fixture, run};
use serde_json::Value;

fn json_of(args: &[&str]) -> Vec<Value> {
    let r = run(args);
    assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr);
    r.text()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

const FILES: [&str; 4] = ["http.pcap", "dns.pcap", "nano.pcap", "vlan.pcap"];

/// The JSON of each file alone, concatenated, numbered on.
fn one_at_a_time() -> Vec<Value> {
    let mut all = Vec::new();
    for f in FILES {
        let p = fixture(f);
        all.extend(json_of(&["-r", p.to_str().unwrap(), "--json"]));
    }
    for (i, v) in all.iter_mut().enumerate() {
        v["n"] = Value::from(i as u64 + 1);
    }
    all
}

#[test]
fn several_inputs_in_json_equal_the_files_one_after_the_other() {
    let paths: Vec<String> = FILES
        .iter()
        .map(|f| fixture(f).to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["--json"];
    for p in &paths {
        args.extend(["-r", p.as_str()]);
    }
    let want = one_at_a_time();
    assert!(want.len() > 100);
    assert_eq!(json_of(&args), want);

    // -V: the same files from a list (blank lines skipped).
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.txt");
    std::fs::write(
        &list,
        format!("{}\n\n{}\n", paths[..2].join("\n"), paths[2..].join("\n")),
    )
    .unwrap();
    assert_eq!(json_of(&["-V", list.to_str().unwrap(), "--json"]), want);

    // -c counts over all inputs.
    let mut counted = args.clone();
    counted.extend(["-c", "20"]);
    assert_eq!(json_of(&counted), want[..20].to_vec());
}

#[test]
fn several_inputs_in_parquet_are_one_table_in_input_order() {
    use arrow_array::cast::AsArray;
    use arrow_array::types::Int64Type;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    let want = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pq");
    let paths: Vec<String> = FILES
        .iter()
        .map(|f| fixture(f).to_string_lossy().into_owned())
        .collect();
    let mut args = vec![
        "--parquet",
        out.to_str().unwrap(),
        "--parquet-max-bytes",
        "1",
    ];
    for p in &paths {
        args.extend(["-r", p.as_str()]);
    }
    let r = run(&args);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stderr, "");
    let mut files: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut got = Vec::new();
    for f in &files {
        let reader = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(f).unwrap())
            .unwrap()
            .build()
            .unwrap();
        for b in reader {
            let b = b.unwrap();
            let n = b.column(1).as_primitive::<Int64Type>().clone();
            let cid = b
                .column(b.schema().index_of("community_id").unwrap())
                .clone();
            let cid = cid.as_string::<i32>();
            for i in 0..b.num_rows() {
                let c = (!arrow_array::Array::is_null(cid, i)).then(|| cid.value(i).to_string());
                got.push((n.value(i), c));
            }
        }
    }
    let want: Vec<(i64, Option<String>)> = want
        .iter()
        .map(|v| {
            (
                v["n"].as_i64().unwrap(),
                v.get("community_id")
                    .map(|c| c.as_str().unwrap().to_string()),
            )
        })
        .collect();
    assert_eq!(got, want);
}

#[test]
fn several_inputs_errors() {
    let http = fixture("http.pcap");
    let http = http.to_str().unwrap();
    for args in [
        &["-r", http, "-r", "-", "--json"][..],
        &["-r", http, "-r", http, "-w", "x.pcap"],
    ] {
        let r = run(args);
        assert_eq!(r.code, Some(2), "{args:?}: {}", r.stderr);
    }
    // A missing input is reported before anything is written.
    let r = run(&["-r", http, "-r", "/nonexistent.pcap", "--json"]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    // Text reads the inputs one after the other.
    let both = run(&["-n", "-r", http, "-r", http]);
    let one = run(&["-n", "-r", http]);
    assert_eq!(both.text(), format!("{}{}", one.text(), one.text()));
}
