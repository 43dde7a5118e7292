//! The command line as a user meets it: errors (one line on stderr, the
//! documented exit status, everything decoded before the problem kept),
//! closed pipes, standard input and output, savefiles, counts, filter
//! files, colour and JSON. Every capture is written by the test itself.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::Stdio;

use common::{assert_text_eq, line_diff, run, run_with_stdin, udp_capture, Pcap, Run};

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Writes `p` into `dir` as `name` and returns the path.
fn write(dir: &Path, name: &str, p: &Pcap) -> std::path::PathBuf {
    let path = dir.join(name);
    p.write_to(&path);
    path
}

/// The text netdecode prints for a whole, valid capture.
fn text_of(path: &Path, extra: &[&str]) -> String {
    let mut args = vec!["-n", "-r", s(path)];
    args.extend_from_slice(extra);
    let r = run(&args);
    assert_eq!(r.code, Some(0), "stderr: {}", r.stderr);
    assert_eq!(r.stderr, "");
    r.text()
}

#[test]
fn line_diff_marks_changes() {
    assert_eq!(line_diff("a\nb\nc\n", "a\nx\nc\n"), " a\n-b\n+x\n c\n");
    assert_eq!(line_diff("a\n", "a"), "-a\n+a\u{23ce} (no newline)\n");
}

#[test]
fn udp_capture_prints_one_line_per_packet() {
    let dir = tmp();
    let f = write(dir.path(), "u.pcap", &udp_capture(3));
    let out = text_of(&f, &[]);
    assert_text_eq(
        "udp capture",
        "22:13:20.000000 IP 192.0.2.1.40000 > 192.0.2.2.40001: UDP, length 8\n\
         22:13:21.001013 IP 192.0.2.1.40001 > 192.0.2.2.40001: UDP, length 8\n\
         22:13:22.002026 IP 192.0.2.1.40002 > 192.0.2.2.40001: UDP, length 8\n",
        &out,
    );
}

// ---------------------------------------------------------------------
// Files that cannot be read.

#[test]
fn missing_file() {
    let dir = tmp();
    let f = dir.path().join("no-such.pcap");
    let r = run(&["-r", s(&f)]);
    let line = r.one_error_line(1);
    assert!(line.contains(s(&f)), "names the file: {line}");
    assert!(line.contains("No such file"), "says why: {line}");
    // The path appears once: libpcap's message already names it.
    assert_eq!(line.matches(s(&f)).count(), 1, "{line}");
    assert!(r.stdout.is_empty());
}

#[test]
fn file_that_is_not_a_capture() {
    let dir = tmp();
    let f = dir.path().join("notes.txt");
    std::fs::write(&f, "these are not packets\n").unwrap();
    let r = run(&["-r", s(&f)]);
    let line = r.one_error_line(1);
    assert!(line.contains("notes.txt"), "{line}");
    assert!(line.contains("unknown file format"), "{line}");
    assert!(r.stdout.is_empty());
}

#[test]
fn empty_file() {
    let dir = tmp();
    let f = dir.path().join("empty.pcap");
    std::fs::write(&f, b"").unwrap();
    let r = run(&["-r", s(&f)]);
    let line = r.one_error_line(1);
    assert!(line.contains("empty.pcap"), "{line}");
}

/// A capture cut in the middle of packet 7 of 10 (inside its data, or
/// inside its record header): the six packets before the cut are printed
/// exactly as from the whole file, then one error line, exit 1.
#[test]
fn capture_truncated_in_a_packet() {
    let dir = tmp();
    let whole = udp_capture(10);
    let full = write(dir.path(), "whole.pcap", &whole);
    let full_lines: Vec<String> = text_of(&full, &[])
        .lines()
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(full_lines.len(), 10);
    let before: String = full_lines[..6].concat();
    let rec = whole.record_offset(6);
    // 16-byte record header, then the frame: cut inside each.
    for (what, cut) in [("data", rec + 16 + 20), ("record header", rec + 9)] {
        let f = dir.path().join("cut.pcap");
        std::fs::write(&f, &whole.bytes()[..cut]).unwrap();
        let r = run(&["-n", "-r", s(&f)]);
        assert_text_eq(
            &format!("packets before a cut in the {what}"),
            &before,
            &r.text(),
        );
        let line = r.one_error_line(1);
        assert!(line.contains("truncated"), "{what}: {line}");

        // The same holds for JSON.
        let r = run(&["-r", s(&f), "--json"]);
        let text = r.text();
        assert_eq!(text.lines().count(), 6, "{what}: {text}");
        for l in text.lines() {
            serde_json::from_str::<serde_json::Value>(l).expect("valid JSON line");
        }
        r.one_error_line(1);
    }
}

// ---------------------------------------------------------------------
// Filters.

#[test]
fn bad_filter_expression() {
    let dir = tmp();
    let f = write(dir.path(), "u.pcap", &udp_capture(2));
    for expr in [&["tcp", "port"][..], &["port", "99999"], &["nosuchkeyword"]] {
        let mut args = vec!["-r", s(&f)];
        args.extend_from_slice(expr);
        let r = run(&args);
        let line = r.one_error_line(1).to_string();
        assert!(r.stdout.is_empty());
        // libpcap's own message, as tcpdump prints it.
        if let Some(tcpdump) = common::which("tcpdump") {
            let t = std::process::Command::new(tcpdump)
                .arg("-r")
                .arg(&f)
                .args(expr)
                .output()
                .unwrap();
            let terr = String::from_utf8_lossy(&t.stderr);
            let msg = terr
                .lines()
                .find_map(|l| l.strip_prefix("tcpdump: "))
                .expect("tcpdump's error line");
            assert!(line.ends_with(msg), "{line:?} vs tcpdump's {msg:?}");
        } else {
            common::note("tcpdump not installed: libpcap's message not compared");
        }
    }
}

#[test]
fn filter_selects_packets() {
    let dir = tmp();
    let f = write(dir.path(), "u.pcap", &udp_capture(5));
    let out = text_of(&f, &["udp", "src", "port", "40003"]);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("192.0.2.1.40003 >"), "{out}");
}

#[test]
fn filter_file() {
    let dir = tmp();
    let f = write(dir.path(), "u.pcap", &udp_capture(6));
    let ff = dir.path().join("filter");
    std::fs::write(
        &ff,
        "# packets from port 40001 or 40004\nudp and\n  (src port 40001 or src port 40004) # two\n",
    )
    .unwrap();
    let out = text_of(&f, &["-F", s(&ff)]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].contains(".40001 >") && lines[1].contains(".40004 >"),
        "{out}"
    );

    // A bad expression in the file is reported like one on the command line.
    std::fs::write(&ff, "udp and\n").unwrap();
    let r = run(&["-r", s(&f), "-F", s(&ff)]);
    assert!(r.one_error_line(1).contains("syntax error"), "{}", r.stderr);

    // A missing filter file.
    let r = run(&["-r", s(&f), "-F", s(&dir.path().join("nope"))]);
    assert!(r.one_error_line(1).contains("nope"), "{}", r.stderr);
}

// ---------------------------------------------------------------------
// Live capture errors.

#[test]
fn nonexistent_interface() {
    let r = run(&["-i", "nosuchif0", "-c", "1"]);
    let line = r.one_error_line(1);
    assert!(line.contains("nosuchif0"), "{line}");
    if common::is_root() {
        assert!(line.contains("No such device"), "{line}");
    }
    assert!(r.stdout.is_empty());
}

/// As a user without capture rights: one line with the setcap hint.
#[test]
fn no_permission_to_capture() {
    let mut c = if common::is_root() {
        let Some(setpriv) = common::which("setpriv") else {
            common::note("no-permission test skipped: root, and setpriv (util-linux) is missing");
            return;
        };
        let mut c = std::process::Command::new(setpriv);
        c.args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--inh-caps=-all",
        ])
        .arg(common::bin());
        c
    } else {
        common::netdecode()
    };
    c.args(["-i", "lo", "-c", "1"]).env("TZ", "UTC");
    let r = common::run_cmd(c, &[]);
    if r.code == Some(0) {
        common::note("no-permission test skipped: this user may capture on lo");
        return;
    }
    if r.stderr.contains("setpriv:") {
        common::note(&format!(
            "no-permission test skipped: setpriv failed: {}",
            r.stderr
        ));
        return;
    }
    let line = r.one_error_line(1);
    assert!(line.contains("lo: "), "{line}");
    assert!(
        line.contains("setcap cap_net_raw,cap_net_admin=eip"),
        "{line}"
    );
}

// ---------------------------------------------------------------------
// Usage errors: clap's and ours exit 2.

#[test]
fn usage_errors_exit_2() {
    let dir = tmp();
    let f = write(dir.path(), "u.pcap", &udp_capture(1));
    for args in [
        &["--no-such-option"][..],
        &["-r", s(&f), "--no-such-option"],
        &["-r", s(&f), "--color", "sometimes"],
        &["-r"],
    ] {
        let r = run(args);
        assert_eq!(r.code, Some(2), "{args:?}: {}", r.stderr);
        assert!(r.stderr.starts_with("error: "), "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty());
    }
    // Ours: two inputs. (No input at all captures on the default
    // interface, as tcpdump: tests/capture_options.rs.)
    let r = run(&["-r", s(&f), "-i", "lo"]);
    r.one_error_line(2);
}

/// Counts and snapshot lengths tcpdump 4.99.3 refuses: its words, its
/// exit status 1, nothing printed. Each answer was taken from
/// `tcpdump -n -r F -c 0` etc.; when tcpdump is installed, the test
/// checks it still answers so.
#[test]
fn bad_counts_and_snaplens_get_tcpdumps_answer() {
    let dir = tmp();
    let f = write(dir.path(), "u.pcap", &udp_capture(3));
    let cases: [(&[&str], &str); 8] = [
        (&["-c", "0"], "invalid packet count 0"),
        (&["-c", "-1"], "invalid packet count -1"),
        (&["-c", "abc"], "invalid packet count abc"),
        (
            &["-s", "-1"],
            "invalid snaplen -1 (must be >= 0 and <= 262144)",
        ),
        (
            &["-s", "262145"],
            "invalid snaplen 262145 (must be >= 0 and <= 262144)",
        ),
        (
            &["-s", "abc"],
            "invalid snaplen abc (must be >= 0 and <= 262144)",
        ),
        (
            &["-s", "08"],
            "invalid snaplen 08 (must be >= 0 and <= 262144)",
        ),
        (
            &["--snapshot-length", "-5"],
            "invalid snaplen -5 (must be >= 0 and <= 262144)",
        ),
    ];
    let td = common::tcpdump();
    for (opt, said) in cases {
        let mut args = vec!["-n", "-r", s(&f)];
        args.extend_from_slice(opt);
        let r = run(&args);
        assert_eq!(r.one_error_line(1), format!("netdecode: {said}"), "{opt:?}");
        assert!(r.stdout.is_empty(), "{opt:?}");
        if let (Some(td), false) = (&td, opt[0].starts_with("--")) {
            let out = std::process::Command::new(td).args(&args).output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "tcpdump {opt:?}: {err}");
            assert_eq!(
                err.trim_end(),
                format!("tcpdump: {said}"),
                "tcpdump {opt:?}"
            );
        }
    }
    // What tcpdump accepts: strtol's hexadecimal and octal, and 0.
    for (sn, count) in [("0x10", "2"), ("010", "1"), ("0", "3"), ("262144", "+2")] {
        let r = run(&["-n", "-r", s(&f), "-s", sn, "-c", count]);
        assert_eq!(r.code, Some(0), "-s {sn}: {}", r.stderr);
        let want = count.trim_start_matches('+').parse::<usize>().unwrap();
        assert_eq!(r.text().lines().count(), want, "-s {sn} -c {count}");
    }
}

/// Options may follow the filter expression, as with tcpdump on Linux.
#[test]
fn options_after_the_expression() {
    let dir = tmp();
    let f = write(dir.path(), "u.pcap", &udp_capture(5));
    let r = run(&["-r", s(&f), "udp", "and", "dst", "port", "40001", "-c", "2"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.text().lines().count(), 2, "{}", r.text());
}

// ---------------------------------------------------------------------
// Pipes, standard input and output.

/// Reads one line (or, for binary output, up to the first newline byte)
/// of netdecode's output, then closes the pipe: netdecode
/// must end quietly with status 0.
fn closed_pipe(args: &[&str]) {
    let mut child = common::netdecode()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut first = Vec::new();
    BufReader::new(stdout)
        .read_until(b'\n', &mut first)
        .unwrap();
    assert!(
        !first.is_empty(),
        "{args:?}: some output before the pipe closed"
    );
    // The reader is dropped here: the pipe is closed.
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(
        status.code(),
        Some(0),
        "{args:?}: status {status}, stderr {err:?}"
    );
    assert_eq!(err, "", "{args:?}: nothing on stderr");
}

#[test]
fn closed_pipe_ends_quietly() {
    let dir = tmp();
    // ~60 bytes a line, 40 000 lines: far more than any buffer.
    let f = write(dir.path(), "many.pcap", &udp_capture(40_000));
    closed_pipe(&["-n", "-r", s(&f)]);
    closed_pipe(&["-n", "-r", s(&f), "-X"]);
    closed_pipe(&["-r", s(&f), "--json"]);
    closed_pipe(&["-r", s(&f), "-l"]);
    closed_pipe(&["-r", s(&f), "-w", "-"]);
}

#[test]
fn read_from_stdin() {
    let dir = tmp();
    let cap = udp_capture(20);
    let f = write(dir.path(), "u.pcap", &cap);
    let expected = text_of(&f, &[]);
    let r = run_with_stdin(&["-n", "-r", "-"], cap.bytes());
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_text_eq("-r - from stdin", &expected, &r.text());

    // A damaged capture on stdin is reported like a damaged file.
    let r = run_with_stdin(&["-r", "-"], &cap.bytes()[..cap.record_offset(3) + 20]);
    assert_eq!(r.text().lines().count(), 3);
    assert!(r.one_error_line(1).contains("truncated"), "{}", r.stderr);
}

#[test]
fn write_then_read_back() {
    let dir = tmp();
    let cap = udp_capture(50);
    let f = write(dir.path(), "in.pcap", &cap);
    let out = dir.path().join("out.pcap");
    let r = run(&["-r", s(&f), "-w", s(&out)]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.is_empty(), "nothing decoded with -w");
    // A little-endian microsecond pcap comes back byte for byte on this
    // (little-endian) machine.
    if cfg!(target_endian = "little") {
        assert_eq!(std::fs::read(&out).unwrap(), cap.bytes());
    }
    assert_text_eq("-w then -r", &text_of(&f, &[]), &text_of(&out, &[]));
    if let Some(tcpdump) = common::which("tcpdump") {
        let td = |p: &Path| {
            let o = std::process::Command::new(&tcpdump)
                .args(["-n", "-r"])
                .arg(p)
                .env("TZ", "UTC")
                .output()
                .unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            String::from_utf8_lossy(&o.stdout).into_owned()
        };
        assert_text_eq("tcpdump on the -w file", &td(&f), &td(&out));
    } else {
        common::note("tcpdump not installed: -w file not checked with it");
    }

    // -c and a filter apply to what is written.
    let r = run(&[
        "-r",
        s(&f),
        "-w",
        s(&out),
        "-c",
        "3",
        "udp",
        "src",
        "port",
        "40010",
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let back = text_of(&out, &[]);
    assert_eq!(back.lines().count(), 1, "{back}");
    assert!(back.contains(".40010 >"), "{back}");
}

#[test]
fn write_keeps_nanoseconds_and_cut_packets() {
    let dir = tmp();
    let mut cap = Pcap::new_nano(common::LINKTYPE_ETHERNET);
    let frame = common::udp_frame(40000, 40001, b"0123456789");
    cap.packet(1_700_000_000, 123_456_789, &frame);
    cap.packet_cut(1_700_000_001, 5, &frame, 30);
    let f = write(dir.path(), "nano.pcap", &cap);
    let out = dir.path().join("out.pcap");
    let r = run(&["-r", s(&f), "-w", s(&out)]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    if cfg!(target_endian = "little") {
        assert_eq!(std::fs::read(&out).unwrap(), cap.bytes());
    }
    let text = text_of(&out, &["--nano", "-tt"]);
    assert!(text.starts_with("1700000000.123456789 "), "{text}");
    assert!(text.contains("1700000001.000000005 "), "{text}");
}

#[test]
fn write_to_stdout() {
    let dir = tmp();
    let cap = udp_capture(30);
    let f = write(dir.path(), "u.pcap", &cap);
    let r = run(&["-r", s(&f), "-w", "-"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    if cfg!(target_endian = "little") {
        assert_eq!(r.stdout, cap.bytes());
    }
    // And netdecode reads it back from a pipe.
    let back = run_with_stdin(&["-n", "-r", "-"], &r.stdout);
    assert_text_eq("-w - | -r -", &text_of(&f, &[]), &back.text());
}

#[test]
fn write_error_is_reported() {
    let dir = tmp();
    let f = write(dir.path(), "u.pcap", &udp_capture(100));
    let r = run(&[
        "-r",
        s(&f),
        "-w",
        s(&dir.path().join("no/such/dir/out.pcap")),
    ]);
    assert!(r.one_error_line(1).contains("out.pcap"), "{}", r.stderr);
    if Path::new("/dev/full").exists() {
        let r = run(&["-r", s(&f), "-w", "/dev/full"]);
        let line = r.one_error_line(1);
        assert!(line.contains("No space left"), "{line}");
    }
}

#[test]
fn count_stops_early() {
    let dir = tmp();
    let f = write(dir.path(), "u.pcap", &udp_capture(10));
    let all = text_of(&f, &[]);
    let three: String = all.lines().take(3).map(|l| format!("{l}\n")).collect();
    assert_text_eq("-c 3", &three, &text_of(&f, &["-c", "3"]));
    assert_text_eq("-c 100", &all, &text_of(&f, &["-c", "100"]));
    let r = run(&["-r", s(&f), "-c", "2", "--json"]);
    assert_eq!(r.text().lines().count(), 2);
}

// ---------------------------------------------------------------------
// Colour.

const ESC: u8 = 0x1b;

fn has_escape(r: &Run) -> bool {
    r.stdout.contains(&ESC)
}

#[test]
fn color_choice() {
    let dir = tmp();
    let f = write(dir.path(), "u.pcap", &udp_capture(3));
    let r = run(&["-r", s(&f), "--color", "always"]);
    assert!(has_escape(&r), "--color always colours a pipe");
    // Colour does not change the text.
    let plain: Vec<u8> = strip_ansi(&r.stdout);
    assert_eq!(String::from_utf8(plain).unwrap(), text_of(&f, &[]));

    let r = run(&["-r", s(&f), "--color", "never"]);
    assert!(!has_escape(&r), "--color never");
    let r = run(&["-r", s(&f)]);
    assert!(!has_escape(&r), "auto, into a pipe");
    let r = run(&["-r", s(&f), "--color", "always", "--json"]);
    assert!(!has_escape(&r), "JSON is never coloured");
    let r = run(&["-r", s(&f), "--color", "always", "-w", "-"]);
    assert!(
        r.stdout.starts_with(&0xa1b2_c3d4u32.to_ne_bytes()),
        "-w - is raw"
    );
}

/// Removes `ESC [ ... m` sequences.
fn strip_ansi(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == ESC && b.get(i + 1) == Some(&b'[') {
            i += 2;
            while i < b.len() && b[i] != b'm' {
                i += 1;
            }
            i += 1;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

/// On a terminal (made with util-linux `script`), colour is on unless
/// NO_COLOR is set to something non-empty or --color never is given.
#[test]
fn color_on_a_terminal_and_no_color() {
    let Some(script) = common::which("script") else {
        common::note("terminal colour test skipped: util-linux `script` is not installed");
        return;
    };
    let dir = tmp();
    let f = write(dir.path(), "u.pcap", &udp_capture(2));
    let on_tty = |extra: &str, no_color: Option<&str>| -> Vec<u8> {
        let cmd = format!("{} -r {} {extra}", s(common::bin()), s(&f));
        let mut c = std::process::Command::new(&script);
        c.args(["-qec", &cmd, "/dev/null"])
            .env("TZ", "UTC")
            .env_remove("NO_COLOR");
        if let Some(v) = no_color {
            c.env("NO_COLOR", v);
        }
        let r = common::run_cmd(c, &[]);
        assert_eq!(r.code, Some(0), "{cmd}: {}", r.stderr);
        assert!(!r.stdout.is_empty(), "{cmd}: output");
        r.stdout
    };
    assert!(on_tty("", None).contains(&ESC), "auto on a terminal");
    assert!(!on_tty("", Some("1")).contains(&ESC), "NO_COLOR=1");
    assert!(
        on_tty("", Some("")).contains(&ESC),
        "an empty NO_COLOR is unset"
    );
    assert!(
        !on_tty("--color never", None).contains(&ESC),
        "--color never"
    );
    assert!(
        on_tty("--color always", Some("1")).contains(&ESC),
        "--color always wins over NO_COLOR"
    );
}

// ---------------------------------------------------------------------
// JSON.

#[test]
fn json_lines_parse() {
    let dir = tmp();
    let mut cap = udp_capture(3);
    cap.packet(1_700_000_010, 0, &common::ping_frame(7, 1));
    cap.packet(1_700_000_011, 0, &common::tcp_syn_frame(40000, 8080, 1000));
    // A packet cut short in its UDP header.
    cap.packet_cut(
        1_700_000_012,
        0,
        &common::udp_frame(1, 2, b"x"),
        14 + 20 + 4,
    );
    let f = write(dir.path(), "mix.pcap", &cap);
    let r = run(&["-r", s(&f), "--json"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let text = r.text();
    assert!(text.ends_with('\n'));
    let v: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(v.len(), 6);
    for (i, p) in v.iter().enumerate() {
        assert_eq!(p["n"], i as u64 + 1, "{p}");
        assert_eq!(p["linktype"], 1);
        assert_eq!(p["ethernet"]["src"], "02:00:00:00:00:0a");
        assert_eq!(p["ipv4"]["src"], "192.0.2.1");
        assert_eq!(p["ipv4"]["dst"], "192.0.2.2");
    }
    assert_eq!(v[0]["ts"], "2023-11-14T22:13:20.000000Z");
    assert_eq!(v[0]["udp"]["src_port"], 40000);
    assert_eq!(v[0]["udp"]["dst_port"], 40001);
    assert_eq!(
        v[0]["layers"],
        serde_json::json!(["ethernet", "ipv4", "udp"])
    );
    assert_eq!(v[0]["truncated"], false);
    assert_eq!(v[0]["stop"], serde_json::Value::Null);
    assert_eq!(v[3]["layers"][2], "icmp");
    assert_eq!(v[4]["tcp"]["dst_port"], 8080);
    assert_eq!(v[4]["tcp"]["flags"]["syn"], true);
    assert_eq!(v[5]["truncated"], true);
    assert_eq!(v[5]["stop"]["layer"], "udp");
    assert_eq!(v[5]["stop"]["reason"], "truncated");
}

// ---------------------------------------------------------------------
// Parquet.

/// Rows in a Parquet directory, read with the parquet crate.
fn parquet_rows(dir: &Path) -> usize {
    let mut rows = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        assert!(
            p.extension().is_some_and(|x| x == "parquet"),
            "only whole Parquet files: {}",
            p.display()
        );
        let f = std::fs::File::open(&p).unwrap();
        let meta = parquet::file::reader::FileReader::metadata(
            &parquet::file::serialized_reader::SerializedFileReader::new(f).unwrap(),
        )
        .clone();
        rows += meta.file_metadata().num_rows() as usize;
    }
    rows
}

/// A capture cut inside a packet: the packets before it are in the
/// Parquet files, which are whole; one error line, exit 1. An existing
/// directory with Parquet files is refused; --parquet with --json or -w is
/// a usage error.
#[test]
fn parquet_keeps_what_came_before_an_error_and_refuses_to_mix_runs() {
    let dir = tmp();
    let whole = udp_capture(10);
    let rec = whole.record_offset(6);
    let f = dir.path().join("cut.pcap");
    std::fs::write(&f, &whole.bytes()[..rec + 16 + 20]).unwrap();
    let out = dir.path().join("pq");
    let r = run(&["-r", s(&f), "--parquet", s(&out)]);
    assert!(r.one_error_line(1).contains("truncated"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert_eq!(parquet_rows(&out), 6);

    let again = run(&["-r", s(&f), "--parquet", s(&out)]);
    let line = again.one_error_line(1);
    assert!(line.contains("already holds Parquet files"), "{line}");
    assert_eq!(parquet_rows(&out), 6, "the first run's files are untouched");

    for extra in [&["--json"][..], &["-w", "x.pcap"]] {
        let mut args = vec!["-r", s(&f), "--parquet", "elsewhere"];
        args.extend_from_slice(extra);
        let r = run(&args);
        assert_eq!(r.code, Some(2), "{args:?}: {}", r.stderr);
    }
}

// ---------------------------------------------------------------------
// Link types.

/// A capture of a link type libpcap does not know (4000, and 2, which no
/// DLT uses) is refused as tcpdump refuses it: libpcap's one line, exit 1,
/// nothing on standard output; in every mode.
#[test]
fn unknown_link_types_are_refused_as_tcpdump_does() {
    let dir = tmp();
    let td = common::tcpdump();
    for dlt in [4000u32, 2, 65000] {
        let mut p = Pcap::new(dlt);
        p.packet(1_700_000_000, 0, &[0u8; 20])
            .packet(1_700_000_001, 0, &[1u8; 20]);
        let f = write(dir.path(), &format!("dlt{dlt}.pcap"), &p);
        let want = format!("netdecode: unknown data link type {dlt} (min 104, max 289)");
        let out = dir.path().join("out.pcap");
        for extra in [&[][..], &["--json"], &["-x"], &["-w", s(&out)], &["udp"]] {
            let mut args = vec!["-n", "-r", s(&f)];
            args.extend_from_slice(extra);
            let r = run(&args);
            assert_eq!(r.one_error_line(1), want, "{extra:?}");
            assert!(r.stdout.is_empty(), "{extra:?}");
        }
        let r = run(&["flows", "-r", s(&f)]);
        assert_eq!(r.one_error_line(1), want);
        let r = run_with_stdin(&["-r", "-"], p.bytes());
        assert_eq!(r.one_error_line(1), want);
        if let Some(td) = &td {
            let o = std::process::Command::new(td)
                .args(["-n", "-r", s(&f)])
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&o.stderr);
            assert_eq!(o.status.code(), Some(1), "tcpdump: {err}");
            assert_eq!(
                err.lines().last(),
                Some(&*want.replace("netdecode", "tcpdump"))
            );
        }
    }
}

/// A link type libpcap knows but netdecode does not decode (147, USER0):
/// tcpdump's own answer, UNSUPPORTED and a hex and ASCII dump of each
/// packet, and one note on standard error.
#[test]
fn undecoded_link_types_print_as_tcpdump_with_one_note() {
    let dir = tmp();
    let mut p = Pcap::new(147);
    let frame: Vec<u8> = (0u8..20).collect();
    p.packet(1_700_000_000, 5, &frame)
        .packet(1_700_000_001, 6, &frame[..3]);
    let f = write(dir.path(), "user0.pcap", &p);
    let r = run(&["-n", "-r", s(&f)]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_text_eq(
        "DLT 147",
        "22:13:20.000005 UNSUPPORTED\n\
         \t0x0000:  0001 0203 0405 0607 0809 0a0b 0c0d 0e0f  ................\n\
         \t0x0010:  1011 1213                                ....\n\
         22:13:21.000006 UNSUPPORTED\n\
         \t0x0000:  0001 02                                  ...\n",
        &r.text(),
    );
    assert_eq!(r.stderr_lines().len(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("link-type 147 is not decoded"),
        "{}",
        r.stderr
    );
    if let Some(td) = common::tcpdump() {
        for flags in [&["-n"][..], &["-n", "-x"], &["-n", "-e", "-v"]] {
            let mut args = flags.to_vec();
            args.extend_from_slice(&["-r", s(&f)]);
            let o = std::process::Command::new(&td)
                .args(&args)
                .env("TZ", "UTC")
                .output()
                .unwrap();
            assert_text_eq(
                &format!("tcpdump {flags:?}"),
                &String::from_utf8_lossy(&o.stdout),
                &run(&args).text(),
            );
        }
    }
}
