//! Live captures, as root, between two network namespaces this test
//! creates and joins with a veth pair (`A` 192.0.2.1 on one end, `B`
//! 192.0.2.2 on the other). netdecode captures in `A`; traffic is made from
//! `B` with ping and a UDP datagram. No other interface is touched.
//!
//! Not root: the tests print `live tests skipped: need root (...)` and
//! pass, unless NETDECODE_REQUIRE_LIVE=1 (as `.ci/run` sets), which makes
//! any reason to skip a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

const IP_A: &str = "192.0.2.1";
const IP_B: &str = "192.0.2.2";
/// How long any one step may take before the test gives up.
const PATIENCE: Duration = Duration::from_secs(15);

fn required() -> bool {
    std::env::var("NETDECODE_REQUIRE_LIVE").is_ok_and(|v| v == "1")
}

/// Skips the test (returns `None`) with a printed reason, or fails it when
/// live tests are required.
fn skip<T>(reason: &str) -> Option<T> {
    if required() {
        panic!("live tests required (NETDECODE_REQUIRE_LIVE=1) but cannot run: {reason}");
    }
    common::note(&format!("live tests skipped: {reason}"));
    None
}

/// Two namespaces joined by a veth pair; deleted (with the pair) on drop.
struct Lab {
    ns_a: String,
    ns_b: String,
    if_a: String,
    if_b: String,
    ip: String,
}

impl Drop for Lab {
    fn drop(&mut self) {
        common::netns_del(&self.ip, &[&self.ns_a, &self.ns_b]);
    }
}

static LABS: AtomicUsize = AtomicUsize::new(0);

impl Lab {
    /// Sets up the namespaces, or says why it cannot (`None` after a
    /// printed skip).
    fn new() -> Option<Lab> {
        if !common::is_root() {
            return skip("need root (to create network namespaces and capture)");
        }
        let Some(ip) = common::which("ip") else {
            return skip("need root and iproute2's `ip`, which is not installed");
        };
        if common::which("ping").is_none() {
            return skip("need ping (iputils-ping), which is not installed");
        }
        let n = LABS.fetch_add(1, Ordering::SeqCst);
        let pid = std::process::id();
        let ip = ip.to_str().unwrap().to_string();
        let lab = Lab {
            ns_a: format!("ndlive-{pid}-{n}-a"),
            ns_b: format!("ndlive-{pid}-{n}-b"),
            // Interface names are at most 15 bytes.
            if_a: format!("nd{pid}x{n}a"),
            if_b: format!("nd{pid}x{n}b"),
            ip,
        };
        if let Err(e) = lab.setup() {
            return skip(&format!("cannot set up network namespaces: {e}"));
        }
        Some(lab)
    }

    fn setup(&self) -> Result<(), String> {
        common::netns_pair_up(
            &self.ip,
            [&self.ns_a, &self.ns_b],
            [&self.if_a, &self.if_b],
            [IP_A, IP_B],
        )
    }

    /// A command run in namespace `ns`.
    fn exec(&self, ns: &str, prog: &str) -> Command {
        let mut c = Command::new(&self.ip);
        c.args(["netns", "exec", ns, prog]);
        c
    }

    /// netdecode capturing on A's end of the pair, with `args`.
    fn netdecode(&self, args: &[&str]) -> Capture {
        let mut c = self.exec(&self.ns_a, common::bin().to_str().unwrap());
        c.args(["-i", &self.if_a])
            .args(args)
            .env("TZ", "UTC")
            .env_remove("NO_COLOR")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        Capture::start(c)
    }

    /// `ping -c count` from B to A; returns ping's exit status.
    fn ping(&self, count: u32) -> bool {
        self.exec(&self.ns_b, "ping")
            .args(["-c", &count.to_string(), "-i", "0.2", "-W", "2", IP_A])
            .stdout(Stdio::null())
            .status()
            .expect("run ping")
            .success()
    }

    /// One UDP datagram "hi\n" from B to A's port 40001.
    fn udp(&self) {
        let ok = self
            .exec(&self.ns_b, "bash")
            .args(["-c", &format!("echo hi > /dev/udp/{IP_A}/40001")])
            .status()
            .expect("run bash")
            .success();
        assert!(ok, "sending a UDP datagram with bash's /dev/udp");
    }
}

/// A running netdecode: its standard output line by line, its standard
/// error in full once it ends.
struct Capture {
    child: Child,
    lines: Receiver<String>,
    stderr: Receiver<String>,
    /// The first line of stderr, read at start.
    listening: String,
}

impl Capture {
    /// Starts the command and waits for netdecode's "listening on" line,
    /// after which the capture (and its filter) is in place.
    fn start(mut c: Command) -> Capture {
        let mut child = c.spawn().expect("start netdecode");
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for l in BufReader::new(stdout).lines() {
                let Ok(l) = l else { break };
                if tx.send(l).is_err() {
                    break;
                }
            }
        });
        let mut err = BufReader::new(child.stderr.take().unwrap());
        let (etx, stderr) = mpsc::channel();
        let (ltx, first) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = err.read_line(&mut line);
            let _ = ltx.send(line.clone());
            let mut rest = String::new();
            let _ = err.read_to_string(&mut rest);
            let _ = etx.send(line + &rest);
        });
        let listening = first.recv_timeout(PATIENCE).unwrap_or_default();
        let mut cap = Capture {
            child,
            lines,
            stderr,
            listening,
        };
        if !cap.listening.contains("listening on") {
            let (code, err) = cap.finish();
            panic!(
                "netdecode did not start capturing: {:?}, status {code:?}, stderr {err:?}",
                cap.listening
            );
        }
        cap
    }

    /// The next line of output, waiting at most `PATIENCE`.
    fn next_line(&mut self) -> Option<String> {
        self.lines.recv_timeout(PATIENCE).ok()
    }

    /// Reads output lines until one satisfies `pred`; returns them all.
    fn lines_until(&mut self, what: &str, pred: impl Fn(&str) -> bool) -> Vec<String> {
        let mut got = Vec::new();
        loop {
            match self.next_line() {
                Some(l) => {
                    let done = pred(&l);
                    got.push(l);
                    if done {
                        return got;
                    }
                }
                None => {
                    let (code, err) = self.finish();
                    panic!(
                        "no output line {what} within {PATIENCE:?}; got {got:#?}, \
                         status {code:?}, stderr {err:?}"
                    );
                }
            }
        }
    }

    /// Waits for the process to end (killing it after `PATIENCE`); returns
    /// its exit status and its whole standard error.
    fn finish(&mut self) -> (Option<i32>, String) {
        let start = Instant::now();
        let status = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break Some(s);
            }
            if start.elapsed() > PATIENCE {
                let _ = self.child.kill();
                let _ = self.child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let err = self
            .stderr
            .recv_timeout(Duration::from_secs(5))
            .unwrap_or_default();
        match status {
            Some(s) => (s.code(), err),
            None => panic!("netdecode did not end within {PATIENCE:?}; stderr {err:?}"),
        }
    }

    /// The rest of the output, after the process ended.
    fn rest(&mut self) -> Vec<String> {
        let mut v = Vec::new();
        while let Ok(l) = self.lines.recv_timeout(Duration::from_secs(2)) {
            v.push(l);
        }
        v
    }

    /// Sends a signal with kill(1).
    fn signal(&self, sig: &str) {
        let pid = self.child.id().to_string();
        // `ip netns exec` execs the program: the child is netdecode itself.
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        assert_eq!(comm.trim(), "netdecode", "the child process is netdecode");
        let ok = Command::new("kill")
            .args([&format!("-{sig}"), &pid])
            .status()
            .expect("run kill")
            .success();
        assert!(ok, "kill -{sig} {pid}");
    }
}

/// A text line without its time stamp (the default format, HH:MM:SS.frac).
fn body(line: &str) -> &str {
    line.split_once(' ').map_or(line, |(_, rest)| rest)
}

/// The summary netdecode prints on stderr at the end of a live capture:
/// (captured, received by filter, dropped by kernel).
fn summary(stderr: &str) -> (u64, u64, u64) {
    let count = |suffix: &str| -> u64 {
        let line = stderr
            .lines()
            .find(|l| l.ends_with(suffix) || l.ends_with(&suffix.replacen("packets", "packet", 1)))
            .unwrap_or_else(|| panic!("no '{suffix}' line in stderr {stderr:?}"));
        line.split(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("count in {line:?}"))
    };
    (
        count("packets captured"),
        count("packets received by filter"),
        count("packets dropped by kernel"),
    )
}

#[test]
fn ping_and_udp_decoded_with_count() {
    let Some(lab) = Lab::new() else { return };
    // ARP request and reply, 3 echo requests and 3 replies, the UDP
    // datagram and the port-unreachable it draws: 10 packets.
    let mut cap = lab.netdecode(&["-n", "-l", "-c", "10"]);
    assert!(
        cap.listening.starts_with(&format!(
            "netdecode: listening on {}, link-type EN10MB (Ethernet),",
            lab.if_a
        )),
        "{}",
        cap.listening
    );
    assert!(lab.ping(3), "ping from B to A");
    lab.udp();
    let (code, err) = cap.finish();
    let lines = cap.rest();
    assert_eq!(code, Some(0), "stderr {err:?}, output {lines:#?}");
    assert_eq!(lines.len(), 10, "{lines:#?}");
    let bodies: Vec<&str> = lines.iter().map(|l| body(l)).collect();
    let has = |want: &str| bodies.iter().any(|b| b.starts_with(want));
    assert!(
        has(&format!(
            "ARP, Request who-has {IP_A} tell {IP_B}, length 28"
        )),
        "ARP who-has in {lines:#?}"
    );
    assert!(
        has(&format!("ARP, Reply {IP_A} is-at ")),
        "ARP reply in {lines:#?}"
    );
    for seq in 1..=3 {
        let req = format!("IP {IP_B} > {IP_A}: ICMP echo request, id ");
        let rep = format!("IP {IP_A} > {IP_B}: ICMP echo reply, id ");
        let tail = format!(", seq {seq}, length 64");
        assert!(
            bodies
                .iter()
                .any(|b| b.starts_with(&req) && b.ends_with(&tail)),
            "echo request {seq} in {lines:#?}"
        );
        assert!(
            bodies
                .iter()
                .any(|b| b.starts_with(&rep) && b.ends_with(&tail)),
            "echo reply {seq} in {lines:#?}"
        );
    }
    assert!(
        bodies.iter().any(|b| b.starts_with(&format!("IP {IP_B}."))
            && b.ends_with(&format!(" > {IP_A}.40001: UDP, length 3"))),
        "UDP datagram in {lines:#?}"
    );
    assert!(
        has(&format!(
            "IP {IP_A} > {IP_B}: ICMP {IP_A} udp port 40001 unreachable, length 39"
        )),
        "port unreachable in {lines:#?}"
    );
    // Time stamps: HH:MM:SS.ffffff.
    for l in &lines {
        let ts = l.split(' ').next().unwrap();
        assert_eq!(ts.len(), 15, "{l}");
        assert_eq!(&ts[2..3], ":", "{l}");
    }
    let (captured, received, dropped) = summary(&err);
    assert_eq!(captured, 10, "{err}");
    assert!(received >= 10, "{err}");
    assert_eq!(dropped, 0, "{err}");
}

#[test]
fn sigint_ends_the_capture_with_a_summary() {
    let Some(lab) = Lab::new() else { return };
    let mut cap = lab.netdecode(&["-n", "-l"]);
    assert!(lab.ping(2), "ping from B to A");
    let mut lines = cap.lines_until("with echo reply seq 2", |l| {
        l.contains("ICMP echo reply") && l.contains(", seq 2,")
    });
    cap.signal("INT");
    let (code, err) = cap.finish();
    lines.extend(cap.rest());
    assert_eq!(code, Some(0), "exit status after SIGINT; stderr {err:?}");
    let (captured, received, dropped) = summary(&err);
    assert_eq!(captured as usize, lines.len(), "{err} vs {lines:#?}");
    assert!(captured >= 4, "{err}");
    assert!(received >= captured, "{err}");
    assert_eq!(dropped, 0, "{err}");
    // stderr: the listening line and the three summary lines, nothing else.
    assert_eq!(err.lines().count(), 4, "{err}");
}

/// A capture on a quiet interface (nothing matches the filter) still ends
/// promptly on SIGINT and on SIGTERM.
#[test]
fn signals_stop_a_quiet_capture() {
    let Some(lab) = Lab::new() else { return };
    for sig in ["INT", "TERM"] {
        let mut cap = lab.netdecode(&["-n", "udp port 9"]);
        std::thread::sleep(Duration::from_millis(300));
        let t = Instant::now();
        cap.signal(sig);
        let (code, err) = cap.finish();
        assert_eq!(code, Some(0), "SIG{sig}: {err}");
        assert!(
            t.elapsed() < Duration::from_secs(3),
            "SIG{sig} took {:?}",
            t.elapsed()
        );
        assert_eq!(summary(&err).0, 0, "{err}");
    }
}

#[test]
fn write_live_then_read() {
    let Some(lab) = Lab::new() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("live.pcap");
    let mut cap = lab.netdecode(&["-c", "8", "-w", file.to_str().unwrap()]);
    assert!(lab.ping(3), "ping from B to A");
    let (code, err) = cap.finish();
    assert_eq!(code, Some(0), "{err}");
    assert!(cap.rest().is_empty(), "-w prints no packets");
    assert_eq!(summary(&err).0, 8, "{err}");

    let r = common::run(&["-n", "-r", file.to_str().unwrap(), "--nano"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let text = r.text();
    assert_eq!(text.lines().count(), 8, "{text}");
    assert_eq!(text.matches("ICMP echo request").count(), 3, "{text}");
    assert_eq!(text.matches("ICMP echo reply").count(), 3, "{text}");
    assert!(
        text.contains(&format!("ARP, Request who-has {IP_A} tell {IP_B}")),
        "{text}"
    );
    // Live captures are written with nanosecond time stamps.
    let first = text.lines().next().unwrap().split(' ').next().unwrap();
    assert_eq!(first.len(), 18, "HH:MM:SS.nnnnnnnnn: {first}");

    // tcpdump reads the file and prints the same lines for these packets.
    if let Some(tcpdump) = common::which("tcpdump") {
        let o = Command::new(tcpdump)
            .args(["-n", "--nano", "-r"])
            .arg(&file)
            .env("TZ", "UTC")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let theirs = String::from_utf8_lossy(&o.stdout);
        assert_eq!(theirs.lines().count(), 8, "{theirs}");
        for l in theirs.lines() {
            if l.contains("ICMP echo") || l.contains("ARP, Request") {
                assert!(
                    text.lines().any(|m| m == l),
                    "tcpdump's {l:?} in ours:\n{text}"
                );
            }
        }
    } else {
        common::note("tcpdump not installed: live -w file not checked with it");
    }
}

#[test]
fn filter_applied_live() {
    let Some(lab) = Lab::new() else { return };
    let mut cap = lab.netdecode(&["-n", "-l", "-c", "4", "icmp"]);
    lab.udp();
    assert!(lab.ping(2), "ping from B to A");
    let (code, err) = cap.finish();
    let lines = cap.rest();
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(lines.len(), 4, "{lines:#?}");
    // Neither ARP nor the UDP datagram; the port-unreachable is ICMP.
    for l in &lines {
        assert!(body(l).starts_with("IP ") && l.contains(": ICMP "), "{l}");
    }
    assert!(
        lines.iter().any(|l| l.contains("echo request")),
        "{lines:#?}"
    );
}

/// `-w -` into a pipe that closes: the capture ends quietly at the next
/// packet (with -U, which writes each packet as it comes).
#[test]
fn write_to_a_closed_pipe_ends_a_live_capture() {
    let Some(lab) = Lab::new() else { return };
    let mut c = lab.exec(&lab.ns_a, common::bin().to_str().unwrap());
    c.args(["-i", &lab.if_a, "-U", "-w", "-"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut listening = String::new();
    err.read_line(&mut listening).unwrap();
    assert!(listening.contains("listening on"), "{listening}");
    // The first packet shows the pcap stream flows, then the pipe closes.
    lab.ping(1);
    let mut head = [0u8; 24 + 16];
    stdout.read_exact(&mut head).unwrap();
    // Microseconds, as tcpdump writes a live capture unless asked for
    // nanoseconds (tests/capture_options.rs).
    assert_eq!(
        &head[..4],
        &0xa1b2_c3d4u32.to_ne_bytes(),
        "microsecond pcap"
    );
    drop(stdout);
    lab.ping(2);
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break Some(s);
        }
        if start.elapsed() > PATIENCE {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut rest = String::new();
    let _ = err.read_to_string(&mut rest);
    let status = status.unwrap_or_else(|| panic!("still capturing after the pipe closed"));
    assert_eq!(status.code(), Some(0), "{rest}");
    assert!(!rest.contains("rror"), "no error for a closed pipe: {rest}");
}

/// A savefile that cannot be written is refused before the capture
/// starts: one error line, no "listening on", exit 1 (tcpdump opens its
/// savefile before it prints that line).
#[test]
fn unwritable_savefile_fails_before_listening() {
    let Some(lab) = Lab::new() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("no-such-dir").join("x.pcap");
    let out = lab
        .exec(&lab.ns_a, common::bin().to_str().unwrap())
        .args(["-i", &lab.if_a, "-w", file.to_str().unwrap()])
        .stdin(Stdio::null())
        .output()
        .expect("run netdecode");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("listening on"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("netdecode: ") && err.contains("x.pcap"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

/// Every mode of a live capture on a quiet interface ends promptly on
/// each of SIGINT, SIGTERM and SIGHUP, with status 0 and the summary; the
/// savefile of -w is a whole pcap file (its header, no packet).
#[test]
fn every_mode_stops_on_a_quiet_interface() {
    let Some(lab) = Lab::new() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("quiet.pcap");
    let f = file.to_str().unwrap();
    let modes: [&[&str]; 3] = [
        &["--json", "udp port 9"],
        &["-w", f, "udp port 9"],
        &["-n", "-X", "udp port 9"],
    ];
    for (args, sig) in modes.iter().zip(["HUP", "TERM", "INT"]) {
        let mut cap = lab.netdecode(args);
        std::thread::sleep(Duration::from_millis(200));
        let t = Instant::now();
        cap.signal(sig);
        let (code, err) = cap.finish();
        assert_eq!(code, Some(0), "{args:?} SIG{sig}: {err}");
        assert!(
            t.elapsed() < Duration::from_secs(2),
            "{args:?} SIG{sig} took {:?}",
            t.elapsed()
        );
        assert_eq!(summary(&err).0, 0, "{err}");
        assert!(cap.rest().is_empty());
    }
    let saved = std::fs::read(&file).unwrap();
    assert_eq!(saved.len(), 24, "a pcap header and no packet");
    assert_eq!(&saved[..4], &0xa1b2_c3d4u32.to_ne_bytes());
}

/// The names and sizes of the files in `dir` whose names begin with
/// `prefix`, sorted by name.
fn files_of(dir: &std::path::Path, prefix: &str) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter_map(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.starts_with(prefix)
                .then(|| (n, e.metadata().unwrap().len()))
        })
        .collect();
    v.sort();
    v
}

/// Packets in a savefile, as netdecode reads it back.
fn packets_in(path: &std::path::Path) -> usize {
    let r = common::run(&["-n", "-t", "-r", path.to_str().unwrap()]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    r.text().lines().count()
}

#[test]
fn rotation_by_size_as_tcpdump() {
    let Some(lab) = Lab::new() else { return };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // -z: each closed file's name is appended to a list.
    let hook = d.join("hook.sh");
    std::fs::write(
        &hook,
        format!("#!/bin/sh\necho \"$1\" >> {}/closed.txt\n", d.display()),
    )
    .unwrap();
    Command::new("chmod").arg("+x").arg(&hook).status().unwrap();
    let nd = d.join("nd");
    let mut cap = lab.netdecode(&[
        "-C",
        "1",
        "-W",
        "3",
        "-z",
        hook.to_str().unwrap(),
        "-w",
        nd.to_str().unwrap(),
        "--print",
        "-n",
        "icmp",
    ]);
    // tcpdump, side by side, with the same options.
    let tcpdump = common::which("tcpdump");
    let mut theirs = tcpdump.as_ref().map(|t| {
        let mut c = lab.exec(&lab.ns_a, t.to_str().unwrap());
        c.args(["-i", &lab.if_a, "-C", "1", "-W", "3", "-Z", "root", "-w"])
            .arg(d.join("td"))
            .arg("icmp")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        let mut err = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        err.read_line(&mut line).unwrap();
        assert!(line.contains("listening on"), "tcpdump: {line}");
        child
    });
    // About 4.4 MB of ICMP in 1,500 echo requests and their replies.
    let ok = lab
        .exec(&lab.ns_b, "ping")
        .args(["-f", "-c", "1500", "-s", "1400", "-W", "1", "-q", IP_A])
        .stdout(Stdio::null())
        .status()
        .unwrap()
        .success();
    assert!(ok, "ping -f from B to A");
    std::thread::sleep(Duration::from_millis(300));
    cap.signal("INT");
    let (code, err) = cap.finish();
    assert_eq!(code, Some(0), "{err}");
    let (captured, _, _) = summary(&err);
    let printed = cap.rest().len();
    let ours = files_of(d, "nd");
    let names: Vec<&str> = ours.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["nd0", "nd1", "nd2"], "{err}");
    for (n, size) in &ours {
        // A file exceeds 1,000,000 bytes by at most one packet.
        assert!(*size <= 1_000_000 + 16 + 1442, "{n}: {size}");
    }
    // --print printed every captured packet, one line each.
    assert_eq!(printed as u64, captured, "{err}");
    // -z ran on each file a rotation closed (not on the last one).
    let mut closed = String::new();
    for _ in 0..50 {
        closed = std::fs::read_to_string(d.join("closed.txt")).unwrap_or_default();
        if closed.lines().count() >= 2 {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(closed.lines().count() >= 2, "{closed:?}");
    assert!(
        closed.lines().all(|l| l.starts_with(nd.to_str().unwrap())),
        "{closed}"
    );
    // The ring's files hold whole packets, readable back.
    let total: usize = ours.iter().map(|(n, _)| packets_in(&d.join(n))).sum();
    assert!(
        total > 0 && total as u64 <= captured,
        "{total} of {captured}"
    );
    if let Some(mut child) = theirs.take() {
        let _ = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let _ = child.wait();
        let td = files_of(d, "td");
        let tnames: Vec<String> = td.iter().map(|(n, _)| n.replacen("td", "nd", 1)).collect();
        assert_eq!(tnames, names, "tcpdump's files {td:?}, ours {ours:?}");
    } else {
        common::note("tcpdump not installed: -C names not compared with it");
    }
}

#[test]
fn rotation_by_time_stops_after_w_files() {
    let Some(lab) = Lab::new() else { return };
    let dir = tempfile::tempdir().unwrap();
    let pattern = dir.path().join("t-%s.pcap");
    let mut cap = lab.netdecode(&["-G", "1", "-W", "2", "-w", pattern.to_str().unwrap()]);
    let start = Instant::now();
    // Pings every 0.2 s until netdecode stops by itself after 2 files.
    let mut ended = None;
    while start.elapsed() < PATIENCE && ended.is_none() {
        lab.ping(2);
        ended = cap.child.try_wait().unwrap();
    }
    let (code, err) = cap.finish();
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("Maximum file limit reached: 2"), "{err}");
    let files = files_of(dir.path(), "t-");
    assert_eq!(files.len(), 2, "{files:?}");
    let mut total = 0;
    for (n, _) in &files {
        // strftime's %s: seconds since the epoch.
        let secs: i64 = n
            .trim_start_matches("t-")
            .trim_end_matches(".pcap")
            .parse()
            .unwrap();
        assert!(secs > 1_600_000_000, "{n}");
        total += packets_in(&dir.path().join(n));
    }
    assert_eq!(total as u64, summary(&err).0, "{err}");
}

#[test]
fn privileges_dropped_after_the_first_savefile() {
    let Some(lab) = Lab::new() else { return };
    let dir = tempfile::tempdir().unwrap();
    // nobody must be able to create the rotated files.
    Command::new("chmod")
        .arg("1777")
        .arg(dir.path())
        .status()
        .unwrap();
    let base = dir.path().join("z");
    let mut cap = lab.netdecode(&["-Z", "nobody", "-C", "1", "-w", base.to_str().unwrap()]);
    let status = std::fs::read_to_string(format!("/proc/{}/status", cap.child.id())).unwrap();
    let uid = status.lines().find(|l| l.starts_with("Uid:")).unwrap();
    // Real, effective, saved and filesystem ids are all nobody's.
    assert_eq!(
        uid.split_whitespace().skip(1).collect::<Vec<_>>(),
        ["65534"; 4],
        "{uid}"
    );
    // About 2.3 MB: three files.
    let ok = lab
        .exec(&lab.ns_b, "ping")
        .args(["-f", "-c", "800", "-s", "1400", "-W", "1", "-q", IP_A])
        .stdout(Stdio::null())
        .status()
        .unwrap()
        .success();
    assert!(ok, "ping -f from B to A");
    std::thread::sleep(Duration::from_millis(300));
    cap.signal("TERM");
    let (code, err) = cap.finish();
    assert_eq!(code, Some(0), "{err}");
    use std::os::unix::fs::MetadataExt;
    let owner = |n: &str| std::fs::metadata(dir.path().join(n)).unwrap().uid();
    assert_eq!(owner("z"), 0, "the first file is created before the drop");
    assert_eq!(owner("z1"), 65534, "later files after it");
    let total: usize = files_of(dir.path(), "z")
        .iter()
        .map(|(n, _)| packets_in(&dir.path().join(n)))
        .sum();
    assert_eq!(total as u64, summary(&err).0, "{err}");

    // An unknown user: refused before the capture starts.
    let o = lab
        .exec(&lab.ns_a, common::bin().to_str().unwrap())
        .args(["-i", &lab.if_a, "-Z", "no-such-user-nd", "-c", "1"])
        .output()
        .unwrap();
    let e = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{e}");
    assert_eq!(e, "netdecode: Couldn't find user 'no-such-user-nd'\n");
}

#[test]
fn sigusr1_prints_the_counters_and_goes_on() {
    let Some(lab) = Lab::new() else { return };
    let mut cap = lab.netdecode(&["-l", "-n", "icmp"]);
    assert!(lab.ping(2), "ping from B to A");
    cap.lines_until("the second echo reply", |l| {
        l.contains("echo reply, id") && l.contains("seq 2")
    });
    cap.signal("USR1");
    std::thread::sleep(Duration::from_millis(300));
    // Still running, still capturing.
    assert!(
        cap.child.try_wait().unwrap().is_none(),
        "SIGUSR1 stopped the run"
    );
    assert!(lab.ping(1), "ping from B to A");
    cap.lines_until("a third echo reply", |l| l.contains("echo reply"));
    cap.signal("INT");
    let (code, err) = cap.finish();
    assert_eq!(code, Some(0), "{err}");
    let captured: Vec<&str> = err.lines().filter(|l| l.contains("captured")).collect();
    assert_eq!(
        captured.len(),
        2,
        "SIGUSR1's counters, then the final ones: {err}"
    );
    assert_eq!(captured[0], "4 packets captured", "{err}");
    assert_eq!(captured[1], "6 packets captured", "{err}");
}
