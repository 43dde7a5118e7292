//! Signals while netdecode reads a pipe that has stalled: every mode
//! (text, hex, JSON, `-w`, `flows` as a table, as JSON and with `--write`,
//! `follow`) stops at once on SIGINT, SIGTERM and SIGHUP; what was read is
//! printed or written, complete (the savefile readable, the index
//! written); the status is tcpdump's for an interrupted read of a pipe (1,
//! with one line on standard error). From a regular file a signal ends the
//! run with status 0, as tcpdump's. Every capture is built here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{netdecode, Pcap, LINKTYPE_ETHERNET};
use etherparse::PacketBuilder;

/// How long netdecode may take to end after the signal.
const PROMPT: Duration = Duration::from_secs(2);
/// How long any step may take before the test gives up.
const PATIENCE: Duration = Duration::from_secs(20);

/// An Ethernet/IPv4/TCP frame.
fn tcp(
    from: ([u8; 4], u16),
    to: ([u8; 4], u16),
    seq: u32,
    ack: Option<u32>,
    flags: &str,
    data: &[u8],
) -> Vec<u8> {
    let mut b = PacketBuilder::ethernet2(common::MAC_A, common::MAC_B)
        .ipv4(from.0, to.0, 64)
        .tcp(from.1, to.1, seq, 65535);
    if flags.contains('S') {
        b = b.syn();
    }
    if let Some(a) = ack {
        b = b.ack(a);
    }
    if flags.contains('F') {
        b = b.fin();
    }
    if flags.contains('P') {
        b = b.psh();
    }
    let mut v = Vec::new();
    b.write(&mut v, data).unwrap();
    v
}

/// A capture of 40 TCP connections (the even ones closed with FINs, the
/// odd ones left open with data both ways) and UDP packets between them:
/// about 400 packets.
fn capture() -> Pcap {
    let (c, s) = (common::IP_A, common::IP_B);
    let mut frames = Vec::new();
    for i in 0..40u16 {
        let (cp, sp) = ((c, 41000 + i), (s, 80));
        let (ci, si) = (1000 * u32::from(i), 5000 * u32::from(i));
        frames.push(tcp(cp, sp, ci, None, "S", b""));
        frames.push(tcp(sp, cp, si, Some(ci + 1), "S", b""));
        frames.push(tcp(cp, sp, ci + 1, Some(si + 1), "", b""));
        let req = format!("GET /{i} HTTP/1.1\r\n\r\n");
        frames.push(tcp(cp, sp, ci + 1, Some(si + 1), "P", req.as_bytes()));
        let rsp = format!("HTTP/1.1 200 OK\r\n\r\nbody {i}");
        let after_req = ci + 1 + req.len() as u32;
        frames.push(tcp(sp, cp, si + 1, Some(after_req), "P", rsp.as_bytes()));
        let after_rsp = si + 1 + rsp.len() as u32;
        frames.push(tcp(cp, sp, after_req, Some(after_rsp), "", b""));
        if i % 2 == 0 {
            frames.push(tcp(cp, sp, after_req, Some(after_rsp), "F", b""));
            frames.push(tcp(sp, cp, after_rsp, Some(after_req + 1), "F", b""));
            frames.push(tcp(cp, sp, after_req + 1, Some(after_rsp + 1), "", b""));
        }
        frames.push(common::udp_frame(5353, 5353, format!("udp {i}").as_bytes()));
    }
    let mut p = Pcap::new_nano(LINKTYPE_ETHERNET).snaplen(262_144);
    for (i, f) in frames.iter().enumerate() {
        let ns = 1_000_117 * i as u32;
        p.packet(1_700_000_000 + ns / 1_000_000_000, ns % 1_000_000_000, f);
    }
    p
}

/// The bytes a process has read so far (all its threads), from /proc.
fn bytes_read(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/io"))
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix("rchar: ")
                    .and_then(|n| n.trim().parse().ok())
            })
        })
        .unwrap_or(0)
}

fn kill(pid: u32, sig: &str) {
    let ok = Command::new("kill")
        .args([&format!("-{sig}"), &pid.to_string()])
        .status()
        .expect("run kill")
        .success();
    assert!(ok, "kill -{sig} {pid}");
}

/// What a run left, and how long it took to end after the signal.
struct Ended {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
    after_signal: Duration,
}

/// Runs netdecode with `args`, feeds `input` on standard input and then
/// keeps the pipe open and silent (a stalled `tcpdump -w -`); once
/// netdecode has read everything (its own copy included: twice the input,
/// by /proc), waits a little and sends `sig`.
fn stall_then_signal(args: &[&str], input: &[u8], sig: &str) -> Ended {
    let mut c = netdecode();
    c.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child: Child = c.spawn().expect("spawn netdecode");
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input).unwrap();
    stdin.flush().unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let err_t = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    while bytes_read(pid) < 2 * input.len() as u64 {
        assert!(
            start.elapsed() < PATIENCE,
            "netdecode {args:?} did not read its input"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        child.try_wait().unwrap().is_none(),
        "netdecode {args:?} ended before the signal"
    );
    let t = Instant::now();
    kill(pid, sig);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if t.elapsed() > PATIENCE {
            let _ = child.kill();
            panic!("netdecode {args:?} still running {PATIENCE:?} after SIG{sig}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let after_signal = t.elapsed();
    drop(stdin);
    Ended {
        code: status.code(),
        stdout: out_t.join().unwrap(),
        stderr: err_t.join().unwrap(),
        after_signal,
    }
}

/// What netdecode prints for the whole capture read from a file.
fn from_file(args: &[&str], file: &Path) -> (Vec<u8>, String) {
    let mut a: Vec<&str> = args.to_vec();
    let at = a.iter().position(|x| *x == "-").expect("-r -");
    let f = file.to_str().unwrap();
    a[at] = f;
    let r = common::run(&a);
    assert_eq!(r.code, Some(0), "{a:?}: {}", r.stderr);
    (r.stdout, r.stderr)
}

/// The checks every stalled run shares: ended promptly, status 1, one line
/// naming the signal.
fn assert_interrupted(e: &Ended, args: &[&str], sig: &str) {
    assert!(
        e.after_signal < PROMPT,
        "{args:?}: SIG{sig} took {:?} to end the run",
        e.after_signal
    );
    assert_eq!(e.code, Some(1), "{args:?} SIG{sig}: stderr {:?}", e.stderr);
    assert_eq!(
        e.stderr,
        format!("netdecode: standard input: reading interrupted by SIG{sig} before the end of the input\n"),
        "{args:?}"
    );
}

const SIGNALS: [&str; 3] = ["INT", "TERM", "HUP"];

#[test]
fn packet_modes_stop_at_once_and_print_what_was_read() {
    let dir = tempfile::tempdir().unwrap();
    let cap = capture();
    let file = dir.path().join("c.pcap");
    cap.write_to(&file);
    let modes: [&[&str]; 4] = [
        &["-n", "-r", "-"],
        &["-n", "-r", "-", "-x"],
        &["-r", "-", "--json"],
        &["-n", "-r", "-", "-v", "tcp"],
    ];
    for (i, args) in modes.iter().enumerate() {
        let (want, _) = from_file(args, &file);
        assert!(want.len() > 10_000, "{args:?}: {} bytes", want.len());
        // Every signal with the text mode; one each for the others.
        let sigs: &[&str] = if i == 0 {
            &SIGNALS
        } else {
            &SIGNALS[i % 3..i % 3 + 1]
        };
        for sig in sigs {
            let e = stall_then_signal(args, cap.bytes(), sig);
            assert_interrupted(&e, args, sig);
            common::assert_text_eq(
                &format!("{args:?} SIG{sig}"),
                &String::from_utf8_lossy(&want),
                &String::from_utf8_lossy(&e.stdout),
            );
        }
    }
}

/// `-w`: the savefile holds every packet read, and is a whole pcap file
/// (the same bytes as from the file).
#[test]
fn savefile_is_complete_after_a_signal() {
    let dir = tempfile::tempdir().unwrap();
    let cap = capture();
    let file = dir.path().join("c.pcap");
    cap.write_to(&file);
    let want = dir.path().join("want.pcap");
    let r = common::run(&["-r", file.to_str().unwrap(), "-w", want.to_str().unwrap()]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    for sig in ["TERM", "INT"] {
        let got = dir.path().join(format!("got-{sig}.pcap"));
        let args = ["-r", "-", "-w", got.to_str().unwrap()];
        let e = stall_then_signal(&args, cap.bytes(), sig);
        assert_interrupted(&e, &args, sig);
        assert!(e.stdout.is_empty());
        assert_eq!(
            std::fs::read(&got).unwrap(),
            std::fs::read(&want).unwrap(),
            "SIG{sig}"
        );
        // -w - : to standard output.
        let args = ["-r", "-", "-w", "-"];
        let e = stall_then_signal(&args, cap.bytes(), sig);
        assert_interrupted(&e, &args, sig);
        assert_eq!(e.stdout, std::fs::read(&want).unwrap(), "-w - SIG{sig}");
    }
}

/// `flows`: the table of what was read, marked as cut short; JSON lines;
/// `--write`: every stream file and the whole index.
#[test]
fn flows_and_follow_finish_their_output_after_a_signal() {
    let dir = tempfile::tempdir().unwrap();
    let cap = capture();
    let file = dir.path().join("c.pcap");
    cap.write_to(&file);

    // The table: as from the file, plus the cut-short line.
    let args = ["flows", "-r", "-"];
    let (want, _) = from_file(&args, &file);
    let want = String::from_utf8(want).unwrap();
    assert!(want.contains("40 TCP connections"), "{want}");
    for sig in SIGNALS {
        let e = stall_then_signal(&args, cap.bytes(), sig);
        assert_interrupted(&e, &args, sig);
        let got = String::from_utf8(e.stdout).unwrap();
        let cut = format!(
            "cut short by SIG{sig}: the capture was not read to its end; connections \
             still open then are listed as they stood\n"
        );
        common::assert_text_eq(&format!("flows SIG{sig}"), &(want.clone() + &cut), &got);
        let open_rows = got
            .lines()
            .filter(|l| l.split_whitespace().nth(10) == Some("open"))
            .count();
        assert_eq!(open_rows, 20, "{got}");
    }

    // JSON lines: the same set of lines (open connections flushed at the
    // end, in order of ID, as at the end of a file).
    let args = ["flows", "-r", "-", "--json"];
    let (want, _) = from_file(&args, &file);
    let e = stall_then_signal(&args, cap.bytes(), "TERM");
    assert_interrupted(&e, &args, "TERM");
    assert_eq!(
        String::from_utf8_lossy(&e.stdout),
        String::from_utf8_lossy(&want)
    );

    // --write: the same files, the same index.
    let full = dir.path().join("full");
    let (_, _) = from_file(
        &["flows", "-r", "-", "--write", full.to_str().unwrap()],
        &file,
    );
    let cut = dir.path().join("cut");
    let args = ["flows", "-r", "-", "--write", cut.to_str().unwrap()];
    let e = stall_then_signal(&args, cap.bytes(), "INT");
    assert_interrupted(&e, &args, "INT");
    let names = |d: &Path| {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names(&cut), names(&full));
    assert!(names(&cut).len() > 40, "{:?}", names(&cut));
    for n in names(&full) {
        assert_eq!(
            std::fs::read(cut.join(&n)).unwrap(),
            std::fs::read(full.join(&n)).unwrap(),
            "{n}"
        );
    }
    let index = std::fs::read_to_string(cut.join("index.jsonl")).unwrap();
    assert_eq!(index.lines().count(), 40, "{index}");

    // follow: the conversation of an open connection, whole.
    let args = ["follow", "-r", "-", "3"];
    let (want, _) = from_file(&args, &file);
    assert!(String::from_utf8_lossy(&want).contains("body 3"));
    let e = stall_then_signal(&args, cap.bytes(), "HUP");
    assert_interrupted(&e, &args, "HUP");
    assert_eq!(
        String::from_utf8_lossy(&e.stdout),
        String::from_utf8_lossy(&want)
    );
}

/// A pipe that stalls before the capture's header has come: the signal
/// still ends the run at once, with nothing printed.
#[test]
fn signal_before_the_header() {
    for args in [
        &["-r", "-"][..],
        &["flows", "-r", "-"],
        &["follow", "-r", "-", "0"],
    ] {
        let e = stall_then_signal(args, b"", "INT");
        assert_interrupted(&e, args, "INT");
        assert!(e.stdout.is_empty(), "{args:?}");
    }
}

/// `-r -` keeps the time stamps' precision, as from the file: nanoseconds
/// from a nanosecond capture, in JSON, text with --nano, and -w -.
#[test]
fn standard_input_keeps_nanoseconds() {
    let cap = capture();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("nano.pcap");
    cap.write_to(&file);
    let f = file.to_str().unwrap();
    for args in [
        &["-r", "-", "--json", "-c", "3"][..],
        &["-n", "-r", "-", "--nano", "-c", "3"],
        &["-r", "-", "-w", "-"],
    ] {
        let piped = common::run_with_stdin(args, cap.bytes());
        assert_eq!(piped.code, Some(0), "{args:?}: {}", piped.stderr);
        let mut a = args.to_vec();
        let at = a.iter().position(|x| *x == "-").unwrap();
        a[at] = f;
        let direct = common::run(&a);
        assert_eq!(piped.stdout, direct.stdout, "{args:?}");
    }
    let json = common::run_with_stdin(&["-r", "-", "--json", "-c", "2"], cap.bytes()).text();
    assert!(
        json.contains("\"ts\":\"2023-11-14T22:13:20.001000117Z\""),
        "{json}"
    );
    // The savefile written from standard input is a nanosecond file.
    let w = common::run_with_stdin(&["-r", "-", "-w", "-"], cap.bytes());
    assert_eq!(&w.stdout[..4], &0xa1b2_3c4du32.to_ne_bytes());
}

/// From a regular file, a signal ends the run at once with status 0, as
/// tcpdump's (its read of a file is not interrupted): `flows` marks its
/// table as cut short.
#[test]
fn signal_while_reading_a_regular_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.pcap");
    // 400,000 SYNs: long enough to read that the signal comes first.
    let mut p = Pcap::new(LINKTYPE_ETHERNET);
    for i in 0..400_000u32 {
        let ip = [10, (i >> 16) as u8, (i >> 8) as u8, i as u8];
        let f = tcp((ip, 40000), ([192, 0, 2, 1], 80), i, None, "S", b"");
        p.packet(1_700_000_000 + i / 1000, (i % 1000) * 1000, &f);
    }
    p.write_to(&file);
    let f = file.to_str().unwrap();
    for (args, sig) in [
        (&["flows", "-r", f][..], "INT"),
        (&["-n", "-r", f][..], "TERM"),
    ] {
        let mut c = netdecode();
        c.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        let mut out = child.stdout.take().unwrap();
        let out_t = std::thread::spawn(move || {
            let mut v = String::new();
            let _ = out.read_to_string(&mut v);
            v
        });
        std::thread::sleep(Duration::from_millis(300));
        if child.try_wait().unwrap().is_some() {
            common::note(&format!("{args:?}: ended before the signal; not checked"));
            continue;
        }
        let t = Instant::now();
        kill(child.id(), sig);
        let status = child.wait().unwrap();
        let took = t.elapsed();
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let out = out_t.join().unwrap();
        assert!(took < PROMPT, "{args:?}: {took:?}");
        assert_eq!(status.code(), Some(0), "{args:?}: {err}");
        if args[0] == "flows" {
            assert_eq!(err, "");
            assert!(
                out.contains(&format!("cut short by SIG{sig}")),
                "{}",
                &out[out.len().saturating_sub(500)..]
            );
            let conns: u64 = out
                .lines()
                .find(|l| l.contains(" TCP connection"))
                .and_then(|l| l.split(' ').next())
                .and_then(|n| n.parse().ok())
                .unwrap();
            assert!(conns > 0 && conns < 400_000, "{conns}");
        } else {
            // Whole lines only, and fewer than the file holds.
            assert!(out.ends_with('\n') || out.is_empty());
            assert!(out.lines().count() < 400_000);
            assert!(err.is_empty() || err.contains("note"), "{err}");
        }
    }
}
