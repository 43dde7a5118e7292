//! DuckDB reads the Parquet of every fixture: `tests/parquet_duckdb.py`
//! (Python `duckdb` from PyPI, installed by `scripts/ensure-deps.sh
//! --test`) compares row counts and a set of fields with `--json`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::Command;

#[test]
fn duckdb_reads_every_fixture_as_json_prints_it() {
    let have = Command::new("python3")
        .args(["-c", "import duckdb"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        have,
        "python3 with the duckdb module is needed: run scripts/ensure-deps.sh --test"
    );
    let fixtures = common::fixtures();
    assert!(!fixtures.is_empty());
    let out = Command::new("python3")
        .arg(common::repo().join("tests/parquet_duckdb.py"))
        .arg(common::bin())
        .args(&fixtures)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let last = stdout.lines().last().unwrap_or("");
    assert!(
        last.contains(&format!("{} fixtures", fixtures.len())),
        "{stdout}"
    );
    common::note(last);
}
