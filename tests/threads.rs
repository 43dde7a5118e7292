//! `--threads`: the output of a file read on several threads is the output
//! of one thread, byte for byte (standard output, standard error and the
//! exit status), on every fixture in every family of flags, and on a
//! capture long enough to make many batches whose text depends on the
//! packets before (relative sequence numbers, deltas, packet numbers),
//! including the case the threads cannot predict (TCP quoted in an ICMP
//! error), where the run starts over on one thread.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use common::{netdecode, run_cmd, Pcap};

/// The flag families: plain, verbose, link header, the dumps, time stamp
/// deltas and formats, absolute sequence numbers, quiet, numbers, JSON,
/// colour, a count.
const FLAG_SETS: &[&[&str]] = &[
    &["-n"],
    &["-n", "-vv"],
    &["-n", "-e", "-v"],
    &["-n", "-X"],
    &["-n", "-xx"],
    &["-n", "-A"],
    &["-n", "-ttt"],
    &["-n", "-ttttt", "--nano"],
    &["-n", "-tt", "-S"],
    &["-n", "-q", "-#"],
    &["--json"],
    &["-n", "--color=always", "-v"],
    &["-n", "-c", "5", "-ttt"],
];

/// Standard output, standard error and status of one run.
fn output(file: &Path, threads: &str, flags: &[&str]) -> (Vec<u8>, String, Option<i32>) {
    let mut c = netdecode();
    c.args(["--threads", threads])
        .args(flags)
        .arg("-r")
        .arg(file);
    let r = run_cmd(c, b"");
    (r.stdout, r.stderr, r.code)
}

fn same_with_threads(file: &Path, flags: &[&str], threads: &[&str]) {
    let one = output(file, "1", flags);
    for t in threads {
        let many = output(file, t, flags);
        assert!(
            one == many,
            "{} {flags:?}: --threads {t} differs from --threads 1 \
             (stdout {} vs {} bytes, stderr {:?} vs {:?}, status {:?} vs {:?})",
            file.display(),
            one.0.len(),
            many.0.len(),
            one.1,
            many.1,
            one.2,
            many.2
        );
    }
}

#[test]
fn every_fixture_in_every_flag_family() {
    let fixtures = common::fixtures_and_extra();
    assert!(fixtures.len() > 50, "fixtures missing");
    for f in &fixtures {
        for flags in FLAG_SETS {
            same_with_threads(f, flags, &["2"]);
        }
        same_with_threads(f, &["-n", "-v"], &["3"]);
    }
}

fn tcp(sport: u16, dport: u16, seq: u32, ack: u32, flags: u8, payload: usize) -> Vec<u8> {
    let mut t = Vec::new();
    t.extend_from_slice(&sport.to_be_bytes());
    t.extend_from_slice(&dport.to_be_bytes());
    t.extend_from_slice(&seq.to_be_bytes());
    t.extend_from_slice(&ack.to_be_bytes());
    t.push(5 << 4);
    t.push(flags);
    t.extend_from_slice(&1000u16.to_be_bytes());
    t.extend_from_slice(&[0, 0, 0, 0]);
    t.resize(20 + payload, b'x');
    t
}

fn ipv4(src: [u8; 4], dst: [u8; 4], proto: u8, payload: &[u8]) -> Vec<u8> {
    let mut ip = vec![0x45, 0];
    ip.extend_from_slice(&((20 + payload.len()) as u16).to_be_bytes());
    ip.extend_from_slice(&[0, 1, 0x40, 0, 64, proto, 0, 0]);
    ip.extend_from_slice(&src);
    ip.extend_from_slice(&dst);
    ip.extend_from_slice(payload);
    ip
}

/// Raw IPv4 (link type 101): TCP conversations over 3000 packets (many
/// batches), their handshakes again now and then (new bases), and ICMP
/// errors quoting a whole TCP header with ACK set, which the relative
/// sequence numbers of the packets after them depend on.
fn long_capture(path: &Path, with_quotes: bool) {
    const SYN: u8 = 0x02;
    const ACK: u8 = 0x10;
    const PSH: u8 = 0x08;
    let (a, b) = ([10, 0, 0, 1], [10, 0, 0, 2]);
    let mut p = Pcap::new(101);
    let mut secs = 1_700_000_000u32;
    let mut usec = 0u32;
    let mut next_time = || {
        usec += 1_337;
        if usec >= 1_000_000 {
            usec -= 1_000_000;
            secs += 1;
        }
        (secs, usec)
    };
    for i in 0..3000u32 {
        let conv = (i % 7) as u16;
        let (sp, dp) = (40_000 + conv, 5201);
        let base = 1_000_000 * u32::from(conv) + (i / 700) * 77;
        let frame = if i % 700 < 7 {
            // A handshake, once per conversation every 700 packets.
            if i % 2 == 0 {
                ipv4(a, b, 6, &tcp(sp, dp, base, 0, SYN, 0))
            } else {
                ipv4(b, a, 6, &tcp(dp, sp, base + 5, base + 1, SYN | ACK, 0))
            }
        } else if with_quotes && i % 500 == 250 {
            // Port unreachable, quoting a segment of a conversation not
            // seen yet (its first lookup records its bases).
            let q = ipv4(a, b, 6, &tcp(sp + 100, dp, 77_777 + i, 99, ACK | PSH, 0));
            let mut icmp = vec![3, 3, 0, 0, 0, 0, 0, 0];
            icmp.extend_from_slice(&q);
            ipv4(b, a, 1, &icmp)
        } else if with_quotes && i % 500 == 251 {
            // A segment of the quoted conversation: relative to the quote.
            ipv4(
                a,
                b,
                6,
                &tcp(40_100 + conv, dp, 77_777 + i + 9, 120, ACK, 10),
            )
        } else if i % 3 == 0 {
            ipv4(b, a, 6, &tcp(dp, sp, base + 5 + i, base + 1 + i, ACK, 0))
        } else {
            ipv4(
                a,
                b,
                6,
                &tcp(sp, dp, base + 1 + i, base + 6 + i, ACK | PSH, 100),
            )
        };
        let (s, u) = next_time();
        p.packet(s, u, &frame);
    }
    p.write_to(path);
}

#[test]
fn many_batches_with_state_across_packets() {
    let dir = std::env::temp_dir().join(format!("netdecode-threads-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for quotes in [false, true] {
        let f = dir.join(format!("long-{quotes}.pcap"));
        long_capture(&f, quotes);
        for flags in [
            &["-n", "-#", "-ttt"][..],
            &["-n", "-v", "-ttttt"],
            &["-n", "-X"],
            &["--json"],
        ] {
            same_with_threads(&f, flags, &["2", "3"]);
        }
        // The file does exercise relative numbers and the quotes.
        let (text, _, _) = output(&f, "1", &["-n"]);
        let text = String::from_utf8(text).unwrap();
        let relative = text.lines().any(|l| {
            l.split_once("Flags [P.], seq ")
                .and_then(|(_, r)| r.split_once(':'))
                .is_some_and(|(n, _)| n.parse::<u32>().is_ok_and(|n| n < 1000))
        });
        assert!(relative, "relative sequence numbers expected");
        assert_eq!(text.contains("unreachable"), quotes);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The rows of a Parquet directory, one `RecordBatch` of one row each.
fn parquet_rows(dir: &Path) -> Vec<arrow_array::RecordBatch> {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut rows = Vec::new();
    for f in files {
        let reader = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&f).unwrap())
            .unwrap()
            .build()
            .unwrap();
        for b in reader {
            let b = b.unwrap();
            rows.extend((0..b.num_rows()).map(|i| b.slice(i, 1)));
        }
    }
    rows
}

/// `--parquet` on several threads (workers build the rows, this thread
/// appends them in order) writes the rows of one thread, with row groups
/// as bounded; on every fixture, with a count, and on many batches.
#[test]
fn parquet_rows_are_the_same_on_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let long = tmp.path().join("long.pcap");
    long_capture(&long, true);
    let mut files = common::fixtures_and_extra();
    files.push(long.clone());
    let mut compared = 0;
    for f in &files {
        for extra in [&[][..], &["-c", "5"][..]] {
            let mut outs = Vec::new();
            for t in ["1", "3"] {
                let dir = tmp.path().join(format!("pq-{t}"));
                let _ = std::fs::remove_dir_all(&dir);
                let mut c = netdecode();
                c.args(["--threads", t, "--parquet"])
                    .arg(&dir)
                    .args(extra)
                    .arg("-r")
                    .arg(f);
                let r = run_cmd(c, b"");
                assert_eq!(
                    r.code,
                    Some(0),
                    "{} --threads {t}: {}",
                    f.display(),
                    r.stderr
                );
                outs.push((parquet_rows(&dir), r.stderr));
            }
            let (one, many) = (&outs[0], &outs[1]);
            assert_eq!(one.1, many.1, "{}: standard error", f.display());
            assert_eq!(one.0.len(), many.0.len(), "{} {extra:?}: rows", f.display());
            for (i, (a, b)) in one.0.iter().zip(&many.0).enumerate() {
                assert!(a == b, "{} {extra:?}: row {i} differs", f.display());
            }
            compared += one.0.len();
        }
    }
    assert!(compared > 2000, "{compared} rows compared");
}
