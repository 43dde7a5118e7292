//! The one helper module of the integration tests: the built binary and
//! how to run it, the fixtures and their packets, the system tcpdump,
//! small captures written in the test itself, network namespaces for the
//! live tests, and a text comparison that prints a line diff when it fails.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The `netdecode` binary cargo built for these tests.
pub fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_netdecode"))
}

/// The repository's root.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The fixtures directory.
pub fn fixtures_dir() -> PathBuf {
    repo().join("fixtures")
}

/// A fixture by file name.
pub fn fixture(name: &str) -> PathBuf {
    fixtures_dir().join(name)
}

/// A command running the binary with a fixed environment: UTC time
/// stamps, no NO_COLOR inherited from the caller.
pub fn netdecode() -> Command {
    let mut c = Command::new(bin());
    c.env("TZ", "UTC").env_remove("NO_COLOR");
    c
}

/// What a finished run left.
#[derive(Debug)]
pub struct Run {
    pub stdout: Vec<u8>,
    pub stderr: String,
    /// The exit status; `None` when killed by a signal.
    pub code: Option<i32>,
}

impl Run {
    /// Standard output (lossily UTF-8), standard error, and the exit status
    /// (-1 when killed by a signal).
    pub fn into_parts(self) -> (String, String, i32) {
        (self.text(), self.stderr, self.code.unwrap_or(-1))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    pub fn stderr_lines(&self) -> Vec<&str> {
        self.stderr.lines().collect()
    }

    /// Asserts the run failed with `code` and exactly one line
    /// `netdecode: ...` on standard error, and returns that line.
    pub fn one_error_line(&self, code: i32) -> &str {
        assert_eq!(
            self.code,
            Some(code),
            "exit status; stderr: {:?}, stdout: {:?}",
            self.stderr,
            self.text()
        );
        let lines = self.stderr_lines();
        assert_eq!(lines.len(), 1, "one line on stderr, got {:?}", self.stderr);
        assert!(
            lines[0].starts_with("netdecode: "),
            "stderr line starts with 'netdecode: ': {:?}",
            lines[0]
        );
        lines[0]
    }
}

/// Runs a command to completion with `stdin` as its standard input.
pub fn run_cmd(mut c: Command, stdin: &[u8]) -> Run {
    c.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn");
    let mut input = child.stdin.take().expect("stdin");
    let data = stdin.to_vec();
    // Feed standard input from a thread so that a full stdout pipe cannot
    // deadlock against a full stdin pipe.
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().expect("wait");
    let _ = feeder.join();
    Run {
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code(),
    }
}

/// Runs netdecode with `args` and empty standard input.
pub fn run(args: &[&str]) -> Run {
    let mut c = netdecode();
    c.args(args);
    run_cmd(c, &[])
}

/// Runs netdecode with `args`, feeding `stdin`.
pub fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Run {
    let mut c = netdecode();
    c.args(args);
    run_cmd(c, stdin)
}

/// Whether a program is installed (found on PATH or in the sbin
/// directories, which a non-root PATH may lack).
pub fn which(prog: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/sbin", "/usr/bin", "/bin"].map(PathBuf::from))
        .map(|d| d.join(prog))
        .find(|p| p.is_file())
}

/// Prints why a test (or part of one) was skipped. Written to the real
/// standard error, which the test harness does not capture, so that the
/// reason shows in a normal `cargo test` run.
pub fn note(msg: &str) {
    let _ = writeln!(std::io::stderr(), "{msg}");
}

/// Whether the tests run as root.
pub fn is_root() -> bool {
    // The effective uid, from /proc (libc would need unsafe code).
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|e| e == "0"))
        })
        .unwrap_or(false)
}

// ---------------------------------------------------------------------
// Fixtures and tcpdump.

/// Every capture in fixtures/ (pcap and pcapng), sorted by name.
pub fn fixtures() -> Vec<PathBuf> {
    captures_in(&fixtures_dir())
}

/// Fixtures plus the captures in `$NETDECODE_EXTRA_CAPTURES` (a directory),
/// for running the robustness tests over other captures locally.
pub fn fixtures_and_extra() -> Vec<PathBuf> {
    let mut v = fixtures();
    if let Some(dir) = std::env::var_os("NETDECODE_EXTRA_CAPTURES") {
        v.extend(captures_in(Path::new(&dir)));
    }
    v
}

fn captures_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    matches!(
                        p.extension().and_then(|e| e.to_str()),
                        Some("pcap") | Some("pcapng")
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// One packet of a fixture, owned.
pub struct Packet {
    pub secs: i64,
    pub nanos: u32,
    pub data: Vec<u8>,
    pub wire_len: u32,
}

/// Reads every packet of a capture file, with its link type.
pub fn read_packets(path: &Path) -> (i32, Vec<Packet>) {
    let mut cap = pcap::Capture::from_file_with_precision(path, pcap::Precision::Nano)
        .unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
    let lt = cap.get_datalink().0;
    let mut out = Vec::new();
    loop {
        match cap.next_packet() {
            Ok(p) => out.push(Packet {
                secs: p.header.ts.tv_sec,
                nanos: p.header.ts.tv_usec as u32,
                data: p.data.to_vec(),
                wire_len: p.header.len,
            }),
            Err(pcap::Error::NoMorePackets) => break,
            Err(e) => panic!("read {}: {e}", path.display()),
        }
    }
    (lt, out)
}

/// The system tcpdump, if installed.
pub fn tcpdump() -> Option<PathBuf> {
    [
        "/usr/bin/tcpdump",
        "/usr/sbin/tcpdump",
        "/sbin/tcpdump",
        "/usr/local/sbin/tcpdump",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

/// The system tcpdump for a differential test named `test`; without it,
/// the test is skipped with a printed reason, unless
/// NETDECODE_REQUIRE_TCPDUMP=1 (CI), which makes its absence a failure.
pub fn tcpdump_or_skip(test: &str) -> Option<PathBuf> {
    let td = tcpdump();
    if td.is_none() {
        if std::env::var("NETDECODE_REQUIRE_TCPDUMP").as_deref() == Ok("1") {
            panic!("{test}: tcpdump is required (NETDECODE_REQUIRE_TCPDUMP=1) but not installed");
        }
        note(&format!("{test} skipped: tcpdump is not installed"));
    }
    td
}

/// File name of a fixture, for snapshot names.
pub fn stem(p: &Path) -> String {
    p.file_name()
        .and_then(|s| s.to_str())
        .unwrap_or("fixture")
        .replace('.', "_")
}

/// A report of where netdecode's output first differs from tcpdump's for
/// one file and flag set: the line number and both lines.
pub fn first_difference(file: &Path, flags: &[&str], theirs: &str, ours: &str) -> String {
    let first = ours
        .lines()
        .zip(theirs.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| ours.lines().count().min(theirs.lines().count()));
    format!(
        "{} {}: line {}\n  tcpdump:   {}\n  netdecode: {}",
        file.file_name().and_then(|s| s.to_str()).unwrap_or(""),
        flags.join(" "),
        first + 1,
        theirs.lines().nth(first).unwrap_or("<end>"),
        ours.lines().nth(first).unwrap_or("<end>"),
    )
}

// ---------------------------------------------------------------------
// Captures written by the tests.

/// Link-layer type of Ethernet captures.
pub const LINKTYPE_ETHERNET: u32 = 1;

/// A pcap file built in memory: little-endian, microsecond (or nanosecond)
/// time stamps, snapshot length 65535 (unless [`Pcap::snaplen`] says).
pub struct Pcap {
    bytes: Vec<u8>,
    /// Offset of each record header in `bytes`.
    records: Vec<usize>,
}

impl Pcap {
    /// A microsecond pcap file of link type `linktype`.
    pub fn new(linktype: u32) -> Pcap {
        Pcap::with_magic(0xa1b2_c3d4, linktype)
    }

    /// A nanosecond pcap file.
    pub fn new_nano(linktype: u32) -> Pcap {
        Pcap::with_magic(0xa1b2_3c4d, linktype)
    }

    fn with_magic(magic: u32, linktype: u32) -> Pcap {
        let mut bytes = Vec::new();
        bytes.extend_from_slice(&magic.to_le_bytes());
        bytes.extend_from_slice(&2u16.to_le_bytes()); // version 2.4
        bytes.extend_from_slice(&4u16.to_le_bytes());
        bytes.extend_from_slice(&0i32.to_le_bytes()); // thiszone
        bytes.extend_from_slice(&0u32.to_le_bytes()); // sigfigs
        bytes.extend_from_slice(&65535u32.to_le_bytes()); // snaplen
        bytes.extend_from_slice(&linktype.to_le_bytes());
        Pcap {
            bytes,
            records: Vec::new(),
        }
    }

    /// The same file with snapshot length `snaplen` in its header.
    pub fn snaplen(mut self, snaplen: u32) -> Pcap {
        self.bytes[16..20].copy_from_slice(&snaplen.to_le_bytes());
        self
    }

    /// Appends a whole packet; `frac` is micro- or nanoseconds as the
    /// file's precision.
    pub fn packet(&mut self, secs: u32, frac: u32, frame: &[u8]) -> &mut Pcap {
        self.packet_cut(secs, frac, frame, frame.len())
    }

    /// Appends a packet of which only `caplen` bytes were captured.
    pub fn packet_cut(&mut self, secs: u32, frac: u32, frame: &[u8], caplen: usize) -> &mut Pcap {
        self.records.push(self.bytes.len());
        let caplen = caplen.min(frame.len());
        self.bytes.extend_from_slice(&secs.to_le_bytes());
        self.bytes.extend_from_slice(&frac.to_le_bytes());
        self.bytes.extend_from_slice(&(caplen as u32).to_le_bytes());
        self.bytes
            .extend_from_slice(&(frame.len() as u32).to_le_bytes());
        self.bytes.extend_from_slice(&frame[..caplen]);
        self
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Offset of record `i`'s 16-byte header in the file.
    pub fn record_offset(&self, i: usize) -> usize {
        self.records[i]
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn write_to(&self, path: &Path) {
        std::fs::write(path, &self.bytes).expect("write capture");
    }
}

pub const MAC_A: [u8; 6] = [0x02, 0x00, 0x00, 0x00, 0x00, 0x0a];
pub const MAC_B: [u8; 6] = [0x02, 0x00, 0x00, 0x00, 0x00, 0x0b];
pub const IP_A: [u8; 4] = [192, 0, 2, 1];
pub const IP_B: [u8; 4] = [192, 0, 2, 2];

/// An Ethernet/IPv4/UDP frame from A to B.
pub fn udp_frame(sport: u16, dport: u16, payload: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    etherparse::PacketBuilder::ethernet2(MAC_A, MAC_B)
        .ipv4(IP_A, IP_B, 64)
        .udp(sport, dport)
        .write(&mut v, payload)
        .expect("build udp");
    v
}

/// An Ethernet/IPv4/ICMP echo request from A to B.
pub fn ping_frame(id: u16, seq: u16) -> Vec<u8> {
    let mut v = Vec::new();
    etherparse::PacketBuilder::ethernet2(MAC_A, MAC_B)
        .ipv4(IP_A, IP_B, 64)
        .icmpv4_echo_request(id, seq)
        .write(&mut v, b"abcdefgh")
        .expect("build icmp");
    v
}

/// An Ethernet/IPv4/TCP SYN from A to B.
pub fn tcp_syn_frame(sport: u16, dport: u16, seq: u32) -> Vec<u8> {
    let mut v = Vec::new();
    etherparse::PacketBuilder::ethernet2(MAC_A, MAC_B)
        .ipv4(IP_A, IP_B, 64)
        .tcp(sport, dport, seq, 64240)
        .syn()
        .write(&mut v, &[])
        .expect("build tcp");
    v
}

/// A capture of `n` UDP packets, one per second from 2023-11-14 22:13:20
/// UTC, source port 40000 + i % 1000, destination port 40001 (no
/// application protocol), payload "packet <i>".
pub fn udp_capture(n: usize) -> Pcap {
    let mut p = Pcap::new(LINKTYPE_ETHERNET);
    for i in 0..n {
        let payload = format!("packet {i}");
        let frame = udp_frame(40000 + (i % 1000) as u16, 40001, payload.as_bytes());
        p.packet(
            1_700_000_000 + i as u32,
            (i as u32 * 1013) % 1_000_000,
            &frame,
        );
    }
    p
}

// ---------------------------------------------------------------------
// Comparing text.

/// Asserts two texts are equal, printing a line diff (`-` expected,
/// `+` actual) when they are not.
#[track_caller]
pub fn assert_text_eq(what: &str, expected: &str, actual: &str) {
    if expected == actual {
        return;
    }
    panic!(
        "{what}: texts differ (- expected, + actual):\n{}",
        line_diff(expected, actual)
    );
}

/// A line diff of two texts, by longest common subsequence (texts longer
/// than a few thousand lines fall back to the first differing line).
pub fn line_diff(a: &str, b: &str) -> String {
    let a: Vec<&str> = a.split_inclusive('\n').collect();
    let b: Vec<&str> = b.split_inclusive('\n').collect();
    let show = |s: &str| {
        if s.ends_with('\n') {
            s.trim_end_matches('\n').to_string()
        } else {
            format!("{s}\u{23ce} (no newline)")
        }
    };
    if a.len() * b.len() > 4_000_000 {
        let i = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        return format!(
            "first difference at line {}:\n-{}\n+{}\n",
            i + 1,
            a.get(i).map(|s| show(s)).unwrap_or_default(),
            b.get(i).map(|s| show(s)).unwrap_or_default()
        );
    }
    // lcs[i][j]: length of the LCS of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = String::new();
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push_str(&format!(" {}\n", show(a[i])));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push_str(&format!("-{}\n", show(a[i])));
            i += 1;
        } else {
            out.push_str(&format!("+{}\n", show(b[j])));
            j += 1;
        }
    }
    out
}

/// Runs a setup command to completion; its failure is an error with its
/// stderr. Returns its standard output.
pub fn sh(prog: &str, args: &[&str]) -> Result<String, String> {
    let out = Command::new(prog)
        .args(args)
        .output()
        .map_err(|e| format!("{prog}: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "{prog} {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// Creates two network namespaces joined by a veth pair (`dev[i]` in
/// `ns[i]`, with address `addrs[i]`/24), IPv6 off (no router solicitations
/// or MLD reports in the captures), loopback up, and offloads off so that
/// the frames captured are the frames sent (no giant segments, no
/// checksums left to the card). With IPv6 addresses (`addrs[i]`/64), IPv6
/// stays on, without duplicate address detection or router solicitations.
/// `ip` is iproute2's binary. The caller deletes the namespaces with
/// [`netns_del`], also when this fails.
pub fn netns_pair_up(
    ip: &str,
    ns: [&str; 2],
    dev: [&str; 2],
    addrs: [&str; 2],
) -> Result<(), String> {
    let v6 = addrs.iter().all(|a| a.contains(':'));
    let sysctl = if v6 {
        "for c in all default; do echo 0 > /proc/sys/net/ipv6/conf/$c/accept_dad; \
         echo 0 > /proc/sys/net/ipv6/conf/$c/router_solicitations; done"
    } else {
        "echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6; \
         echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6"
    };
    for n in ns {
        sh(ip, &["netns", "add", n])?;
        let _ = sh(ip, &["netns", "exec", n, "sh", "-c", sysctl]);
        sh(ip, &["-n", n, "link", "set", "lo", "up"])?;
    }
    sh(
        ip,
        &[
            "link", "add", dev[0], "netns", ns[0], "type", "veth", "peer", "name", dev[1], "netns",
            ns[1],
        ],
    )?;
    let ethtool = which("ethtool");
    if ethtool.is_none() {
        note("network namespaces: ethtool is not installed, offloads left on");
    }
    for i in 0..2 {
        let (n, d) = (ns[i], dev[i]);
        let addr = format!("{}/{}", addrs[i], if v6 { 64 } else { 24 });
        let mut args = vec!["-n", n, "addr", "add", &addr, "dev", d];
        if v6 {
            args.push("nodad");
        }
        sh(ip, &args)?;
        if let Some(ethtool) = &ethtool {
            let ethtool = ethtool.to_string_lossy();
            sh(
                ip,
                &[
                    "netns", "exec", n, &ethtool, "-K", d, "tso", "off", "gso", "off", "gro",
                    "off", "tx", "off", "rx", "off",
                ],
            )?;
        }
        sh(ip, &["-n", n, "link", "set", d, "up"])?;
    }
    Ok(())
}

/// Deletes network namespaces (and the veth ends in them), ignoring
/// failures: for Drop guards.
pub fn netns_del(ip: &str, ns: &[&str]) {
    for n in ns {
        let _ = Command::new(ip)
            .args(["netns", "del", n])
            .stderr(Stdio::null())
            .status();
    }
}
