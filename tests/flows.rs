//! `netdecode flows` and `netdecode follow` end to end: the real HTTP
//! fixtures (the response body must be exactly what the server sent), the
//! snaplen fixtures (gaps reported, never invented), VLAN and malformed
//! frames, and captures built here with reordering, retransmissions,
//! conflicting overlaps, lost segments, port reuse and memory limits.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{fixtures_dir, read_packets, run, run_with_stdin, Pcap, LINKTYPE_ETHERNET};
use etherparse::{NetSlice, PacketBuilder, SlicedPacket, TransportSlice};
use serde_json::Value;

fn fixture(name: &str) -> String {
    fixtures_dir().join(name).to_string_lossy().into_owned()
}

/// Runs netdecode, expecting success; returns stdout.
fn ok(args: &[&str]) -> String {
    let (out, err, code) = run(args).into_parts();
    assert_eq!(code, 0, "netdecode {args:?} failed: {err}");
    assert_eq!(err, "", "netdecode {args:?} wrote to stderr");
    out
}

/// Runs netdecode, returning raw stdout bytes (for `follow --format raw`).
fn ok_bytes(args: &[&str]) -> Vec<u8> {
    let r = run(args);
    assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr);
    r.stdout
}

fn json_lines(s: &str) -> Vec<Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l}: {e}")))
        .collect()
}

/// `flows --json` (lines in the order connections close), sorted by
/// connection id; standard error may hold a note.
fn flows_json(file: &str, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["flows", "-r", file, "--json"];
    args.extend_from_slice(extra);
    let (out, err, code) = run(&args).into_parts();
    assert_eq!(code, 0, "netdecode {args:?} failed: {err}");
    let mut v = json_lines(&out);
    v.sort_by_key(|c| c["id"].as_u64().unwrap());
    for (i, c) in v.iter().enumerate() {
        assert_eq!(c["id"], i as u64, "every id once");
    }
    v
}

/// Runs `flows --write DIR` and reads the index.
fn write_dir(file: &str, extra: &[&str]) -> (tempfile::TempDir, Vec<Value>) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let mut args = vec!["flows", "-r", file, "--write", d];
    args.extend_from_slice(extra);
    ok(&args);
    let index = std::fs::read_to_string(dir.path().join("index.jsonl")).unwrap();
    (dir, json_lines(&index))
}

/// The TCP payloads of a capture (IPv4 or IPv6 over Ethernet)
/// concatenated per (src, dst) pair, in capture order: an oracle
/// independent of netdecode's decoders (etherparse).
fn etherparse_payloads(file: &str) -> BTreeMap<(String, String), Vec<u8>> {
    let (_, packets) = read_packets(Path::new(file));
    let mut m: BTreeMap<(String, String), Vec<u8>> = BTreeMap::new();
    for p in packets {
        let s = SlicedPacket::from_ethernet(&p.data).unwrap();
        let Some(TransportSlice::Tcp(tcp)) = s.transport else {
            continue;
        };
        let (src, dst) = match s.net {
            Some(NetSlice::Ipv4(ip)) => (
                ip.header().source_addr().to_string(),
                ip.header().destination_addr().to_string(),
            ),
            Some(NetSlice::Ipv6(ip)) => (
                ip.header().source_addr().to_string(),
                ip.header().destination_addr().to_string(),
            ),
            _ => continue,
        };
        let key = (
            format!("{src}.{}", tcp.source_port()),
            format!("{dst}.{}", tcp.destination_port()),
        );
        m.entry(key).or_default().extend_from_slice(tcp.payload());
    }
    m
}

/// The body of an HTTP/1.1 response (headers, Content-Length, body).
fn http_body(stream: &[u8]) -> (&[u8], &[u8]) {
    let end = stream
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of headers")
        + 4;
    let headers = std::str::from_utf8(&stream[..end]).unwrap();
    let len: usize = headers
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().unwrap())
        })
        .expect("Content-Length");
    (&stream[..end], &stream[end..end + len])
}

/// What the fixture server sent: hello.txt, 28 numbered lines.
fn hello_txt() -> Vec<u8> {
    (0..28)
        .flat_map(|i| {
            format!("netdecode fixture line {i:03}: the quick brown fox jumps over the lazy dog\n")
                .into_bytes()
        })
        .collect()
}

const CLIENT_FILE: &str = "10.77.0.2.34756-10.77.0.1.8080";
const SERVER_FILE: &str = "10.77.0.1.8080-10.77.0.2.34756";

#[test]
fn http_response_body_is_what_the_server_sent() {
    for name in ["http.pcap", "http.pcapng"] {
        let (dir, index) = write_dir(&fixture(name), &[]);
        assert_eq!(index.len(), 1, "{name}");
        let request = std::fs::read(dir.path().join(CLIENT_FILE)).unwrap();
        let response = std::fs::read(dir.path().join(SERVER_FILE)).unwrap();
        assert!(
            request.starts_with(b"GET /hello.txt HTTP/1.1\r\n"),
            "{name}"
        );
        assert!(request.ends_with(b"\r\n\r\n"), "{name}");
        let (headers, body) = http_body(&response);
        assert!(headers.starts_with(b"HTTP/1.1 200 OK\r\n"), "{name}");
        assert_eq!(body, hello_txt(), "{name}: body differs from hello.txt");
        // Nothing after the body: the stream is exactly headers + body.
        assert_eq!(response.len(), headers.len() + body.len(), "{name}");

        // The index describes both files, with no gap.
        let c = &index[0];
        assert_eq!(c["began"], "handshake");
        assert_eq!(c["ended"], "fin_both");
        assert_eq!(c["files"]["to_server"]["name"], CLIENT_FILE);
        assert_eq!(c["files"]["to_server"]["size"], request.len() as u64);
        assert_eq!(c["files"]["to_client"]["name"], SERVER_FILE);
        assert_eq!(c["files"]["to_client"]["size"], 2204);
        assert_eq!(c["files"]["to_client"]["gaps"], serde_json::json!([]));
        assert_eq!(c["to_client"]["stream_bytes"], 2204);
        assert_eq!(c["to_client"]["missing_bytes"], 0);
    }
}

#[test]
fn streams_equal_the_segment_payloads_per_etherparse() {
    // The fixture has no loss or reordering: each direction's stream is
    // its segments' payloads in order.
    let file = fixture("http.pcap");
    let (dir, _) = write_dir(&file, &[]);
    for ((src, dst), want) in etherparse_payloads(&file) {
        let got = std::fs::read(dir.path().join(format!("{src}-{dst}"))).unwrap();
        assert_eq!(got, want, "{src} -> {dst}");
    }
}

#[test]
fn ipv6_connection_is_listed_written_and_followed() {
    let file = fixture("ipv6-tcp.pcap");
    let v = flows_json(&file, &[]);
    assert_eq!(v.len(), 1);
    let c = &v[0];
    assert_eq!(c["client"], "[fd76::2]:58244");
    assert_eq!(c["server"], "[fd76::1]:8080");
    assert_eq!(
        (c["began"].as_str(), c["ended"].as_str()),
        (Some("handshake"), Some("fin_both"))
    );
    assert_eq!(c["to_server"]["packets"], 6);
    assert_eq!(c["to_server"]["bytes"], 87);
    assert_eq!(c["to_client"]["packets"], 6);
    assert_eq!(c["to_client"]["bytes"], 202);
    for d in ["to_server", "to_client"] {
        assert_eq!(c[d]["missing_bytes"], 0, "{d}");
        assert_eq!(c[d]["retransmitted_bytes"], 0, "{d}");
    }
    insta::assert_snapshot!("ipv6_table", ok(&["flows", "-r", &file]));

    // --write: each direction is its segments' payloads per etherparse,
    // in files named by the IPv6 addresses.
    let (dir, index) = write_dir(&file, &[]);
    let oracle = etherparse_payloads(&file);
    assert_eq!(oracle.len(), 2);
    for ((src, dst), want) in oracle {
        let name = format!("{src}-{dst}");
        assert_eq!(
            std::fs::read(dir.path().join(&name)).unwrap(),
            want,
            "{name}"
        );
    }
    assert_eq!(
        index[0]["files"]["to_server"]["name"],
        "fd76::2.58244-fd76::1.8080"
    );
    let response = std::fs::read(dir.path().join("fd76::1.8080-fd76::2.58244")).unwrap();
    assert!(response.starts_with(b"HTTP/1.0 200 OK\r\n"));

    // follow: by ID, by filter, and by its two ends in every accepted form.
    let by_id = ok(&["follow", "-r", &file, "0"]);
    assert!(by_id.contains("Node 0: [fd76::2]:58244\nNode 1: [fd76::1]:8080\n"));
    assert!(by_id.contains("GET /hello.txt HTTP/1.0\r\n"));
    let by_filter = ok(&["follow", "-r", &file, "ip6 and tcp port 8080"]);
    assert_eq!(
        by_filter.replace("Filter: ip6 and tcp port 8080\n", ""),
        by_id
    );
    for ends in [
        &["[fd76::2]:58244", "[fd76::1]:8080"][..],
        &["[fd76::1]:8080", "[fd76::2]:58244"],
        &["[fd76::1]:8080,[fd76::2]:58244"],
        &["[fd76::1]:8080,", "[fd76::2]:58244"],
    ] {
        let mut args = vec!["follow", "-r", &file, "--format", "raw"];
        args.extend_from_slice(ends);
        let mut want = std::fs::read(dir.path().join("fd76::2.58244-fd76::1.8080")).unwrap();
        want.extend_from_slice(&response);
        assert_eq!(ok_bytes(&args), want, "{ends:?}");
    }
    let (_, err, code) =
        run(&["follow", "-r", &file, "[fd76::1]:8080", "[fd76::2]:1"]).into_parts();
    assert_eq!(code, 1);
    assert_eq!(
        err.trim_end(),
        format!(
            "netdecode: follow: no connection between [fd76::1]:8080 and [fd76::2]:1 in {file} \
             (1 connection, ID 0 found; see `netdecode flows`)"
        )
    );
    // The two-ends form works for IPv4, and from standard input (one pass).
    let http = fixture("http.pcap");
    let data = std::fs::read(&http).unwrap();
    let r = run_with_stdin(
        &["follow", "-r", "-", "10.77.0.1:8080", "10.77.0.2:34756"],
        &data,
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout, ok(&["follow", "-r", &http, "0"]).into_bytes());
}

#[test]
fn flows_json_figures_of_the_http_fixture() {
    let v = flows_json(&fixture("http.pcap"), &[]);
    assert_eq!(v.len(), 1);
    let c = &v[0];
    assert_eq!(c["client"], "10.77.0.2:34756");
    assert_eq!(c["server"], "10.77.0.1:8080");
    assert_eq!(c["to_server"]["packets"], 8);
    assert_eq!(c["to_server"]["bytes"], 87);
    assert_eq!(c["to_client"]["packets"], 6);
    assert_eq!(c["to_client"]["bytes"], 2204);
    assert_eq!(c["start"]["secs"], 1_795_284_092);
    assert_eq!(c["start"]["nanos"], 619_812_000);
    assert_eq!(c["duration_ns"], 11_937_000);
    for d in ["to_server", "to_client"] {
        for k in [
            "retransmitted_bytes",
            "out_of_order_segments",
            "conflicts",
            "missing_bytes",
        ] {
            assert_eq!(c[d][k], 0, "{d}.{k}");
        }
    }
    // A filter that keeps nothing leaves no connection.
    assert_eq!(
        ok(&["flows", "-r", &fixture("http.pcap"), "--json", "udp"]),
        ""
    );
}

#[test]
fn flows_table_of_the_http_fixture() {
    let out = ok(&["flows", "-r", &fixture("http.pcap")]);
    insta::assert_snapshot!("http_table", out);
}

#[test]
fn standard_input_works_for_flows_and_follow_by_id() {
    let file = fixture("http.pcap");
    let data = std::fs::read(&file).unwrap();
    let from_stdin = |args: &[&str]| {
        let r = run_with_stdin(args, &data);
        assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr);
        r.stdout
    };
    assert_eq!(
        from_stdin(&["flows", "-r", "-"]),
        ok(&["flows", "-r", &file]).into_bytes()
    );
    assert_eq!(
        from_stdin(&["follow", "-r", "-", "0"]),
        ok(&["follow", "-r", &file, "0"]).into_bytes()
    );
}

#[test]
fn snaplen_cut_bytes_are_gaps_never_data() {
    let file = fixture("snaplen.pcap");
    let v = flows_json(&file, &[]);
    assert_eq!(v.len(), 1);
    let c = &v[0];
    // The same session as http.pcap: same packets and lengths...
    assert_eq!(c["to_server"]["bytes"], 87);
    assert_eq!(c["to_client"]["bytes"], 2204);
    // ...but not one payload byte was captured.
    assert_eq!(c["to_server"]["missing_bytes"], 87);
    assert_eq!(c["to_client"]["missing_bytes"], 2204);
    assert_eq!(
        c["to_server"]["gaps"],
        serde_json::json!([{"offset": 0, "len": 87, "cause": "snaplen"}])
    );
    assert_eq!(
        c["to_client"]["gaps"],
        serde_json::json!([{"offset": 0, "len": 2204, "cause": "snaplen"}])
    );

    // --write: no byte written, so no file; every gap in the index.
    let (dir, index) = write_dir(&file, &[]);
    for name in [CLIENT_FILE, SERVER_FILE] {
        assert!(
            !dir.path().join(name).exists(),
            "{name} holds invented bytes"
        );
    }
    let c = &index[0];
    assert_eq!(c["files"]["to_server"], Value::Null);
    assert_eq!(c["files"]["to_client"], Value::Null);
    assert_eq!(c["to_server"]["gaps"], v[0]["to_server"]["gaps"]);
    assert_eq!(c["to_client"]["gaps"], v[0]["to_client"]["gaps"]);

    // --fill-gaps: zeros, as long as the streams.
    let (dir, index) = write_dir(&file, &["--fill-gaps"]);
    let req = std::fs::read(dir.path().join(CLIENT_FILE)).unwrap();
    let resp = std::fs::read(dir.path().join(SERVER_FILE)).unwrap();
    assert_eq!(req, vec![0u8; 87]);
    assert_eq!(resp, vec![0u8; 2204]);
    assert_eq!(index[0]["files"]["to_client"]["size"], 2204);
    let g = &index[0]["files"]["to_client"]["gaps"];
    assert_eq!(g[0]["offset"], 0);
    assert_eq!(g[0]["file_offset"], 0);
    assert_eq!(g[0]["cause"], "snaplen");

    // follow shows the gaps and no data.
    let out = ok(&["follow", "-r", &file, "0"]);
    insta::assert_snapshot!("snaplen_follow_ascii", out);
    assert!(ok_bytes(&["follow", "-r", &file, "--format", "raw", "0"]).is_empty());
}

#[test]
fn snaplen_40_has_no_usable_tcp_header() {
    let file = fixture("snaplen-40.pcap");
    assert_eq!(flows_json(&file, &[]).len(), 0);
    let out = ok(&["flows", "-r", &file]);
    assert!(
        out.contains("0 TCP connections, 0 segments of 14 packets read\n"),
        "{out}"
    );
    assert!(
        out.contains("not reassembled: 14 TCP packets whose header was cut or invalid\n"),
        "{out}"
    );
    let (_, _, code) = run(&["follow", "-r", &file, "0"]).into_parts();
    assert_eq!(code, 1);
}

#[test]
fn vlan_and_malformed_fixtures_do_not_crash() {
    for name in [
        "vlan.pcap",
        "malformed.pcap",
        "udp.pcap",
        "ping-arp.pcap",
        "dhcp.pcap",
    ] {
        let file = fixture(name);
        let v = flows_json(&file, &[]);
        ok(&["flows", "-r", &file]);
        let (_dir, index) = write_dir(&file, &[]);
        assert_eq!(index.len(), v.len(), "{name}");
        for c in &v {
            let id = c["id"].to_string();
            for f in ["ascii", "hex", "raw"] {
                ok_bytes(&["follow", "-r", &file, "--format", f, &id]);
            }
        }
    }
    // The malformed capture holds a few TCP connections (SYNs, one RST).
    let v = flows_json(&fixture("malformed.pcap"), &[]);
    assert!(!v.is_empty());
    assert!(v.iter().any(|c| c["ended"] == "rst_client"));
}

#[test]
fn follow_formats_of_the_http_fixture() {
    let file = fixture("http.pcap");
    insta::assert_snapshot!("http_follow_ascii", ok(&["follow", "-r", &file, "0"]));
    insta::assert_snapshot!(
        "http_follow_hex",
        ok(&["follow", "-r", &file, "--format", "hex", "0"])
    );
    // Raw: the request, then the response, byte for byte.
    let (dir, _) = write_dir(&file, &[]);
    let mut want = std::fs::read(dir.path().join(CLIENT_FILE)).unwrap();
    want.extend(std::fs::read(dir.path().join(SERVER_FILE)).unwrap());
    assert_eq!(
        ok_bytes(&["follow", "-r", &file, "--format", "raw", "0"]),
        want
    );
}

#[test]
fn follow_by_filter_picks_the_connection_of_the_first_match() {
    let file = fixture("http.pcap");
    let by_id = ok(&["follow", "-r", &file, "0"]);
    for filter in [
        &["tcp", "port", "8080"][..],
        &["tcp[tcpflags] & tcp-fin != 0"],
        &["src", "host", "10.77.0.1"],
    ] {
        let mut args = vec!["follow", "-r", &file];
        args.extend_from_slice(filter);
        let out = ok(&args);
        let label = format!("Filter: {}\n", filter.join(" "));
        assert!(out.contains(&label), "{out}");
        assert_eq!(out.replace(&label, ""), by_id);
    }
    // ID then filter: the ID is the one `flows FILTER` shows.
    assert_eq!(
        ok(&["follow", "-r", &file, "0", "tcp", "port", "8080"])
            .replace("Filter: tcp port 8080\n", ""),
        by_id
    );
    let (_, err, code) = run(&["follow", "-r", &file, "udp"]).into_parts();
    assert_eq!(code, 1);
    assert!(err.contains("no TCP packet"), "{err}");
    let (_, err, code) = run(&["follow", "-r", &file, "7"]).into_parts();
    assert_eq!(code, 1);
    assert!(err.contains("no connection 7"), "{err}");
    let (_, err, code) = run(&["follow", "-r", &file, "tcp", "port", "nonsense"]).into_parts();
    assert_eq!(code, 1);
    assert!(err.contains("bad filter expression"), "{err}");
}

#[test]
fn follow_hex_matches_tshark_where_turns_are_single_segments() {
    let Some(tshark) = ["/usr/bin/tshark", "/usr/local/bin/tshark"]
        .iter()
        .find(|p| Path::new(p).exists())
    else {
        eprintln!("skipped: tshark is not installed");
        return;
    };
    let file = fixture("http.pcap");
    let out = Command::new(tshark)
        .args(["-r", &file, "-q", "-z", "follow,tcp,hex,0"])
        .output()
        .unwrap();
    let theirs = String::from_utf8(out.stdout).unwrap();
    let ours = ok(&["follow", "-r", &file, "--format", "hex", "0"]);
    // tshark prints a chunk per segment, netdecode a turn (the response's
    // three segments make one): up to the line where the response headers
    // end and tshark starts a new chunk, the dumps are identical; the
    // header differs in its stream line only.
    let cut = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| !l.starts_with("Filter: ") && !l.starts_with("Stream: "))
            .take_while(|l| !l.starts_with("\t000000B0"))
            .map(str::to_string)
            .collect()
    };
    let (t, o) = (cut(&theirs), cut(&ours));
    assert!(t.len() > 15, "{theirs}");
    assert_eq!(o, t);
}

#[test]
fn fill_gaps_needs_write_and_bad_sizes_are_refused() {
    let file = fixture("http.pcap");
    let (_, err, code) = run(&["flows", "-r", &file, "--fill-gaps"]).into_parts();
    assert_eq!(code, 2, "{err}");
    let (_, err, code) = run(&["flows", "-r", &file, "--max-buffer-total", "lots"]).into_parts();
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not a size"), "{err}");
    ok(&[
        "flows",
        "-r",
        &file,
        "--max-buffer-total",
        "64K",
        "--max-buffer-per-flow",
        "1k",
    ]);
}

#[test]
fn a_damaged_file_still_gives_what_came_before() {
    let data = std::fs::read(fixture("http.pcap")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("cut.pcap");
    // Cut inside the last record's data.
    std::fs::write(&cut, &data[..data.len() - 10]).unwrap();
    let (out, err, code) = run(&["flows", "-r", cut.to_str().unwrap()]).into_parts();
    assert_eq!(code, 1);
    assert!(
        err.contains("damaged") || err.contains("truncated"),
        "{err}"
    );
    assert!(out.contains("10.77.0.2:34756"), "{out}");
}

// ---------------------------------------------------------------------
// Built captures.

const CLI: [u8; 4] = [10, 1, 0, 2];
const SRV: [u8; 4] = [10, 1, 0, 1];

/// A capture under construction: Ethernet frames, 1 ms apart.
#[derive(Default)]
struct Cap {
    frames: Vec<Vec<u8>>,
    vlan: Option<u16>,
}

/// TCP flags for [`Cap::tcp`].
const S: u8 = 1;
const A: u8 = 2;
const F: u8 = 4;
const R: u8 = 8;
const P: u8 = 16;

impl Cap {
    fn tcp(
        &mut self,
        from: ([u8; 4], u16),
        to: ([u8; 4], u16),
        seq: u32,
        ack: u32,
        flags: u8,
        data: &[u8],
    ) {
        let mut b = PacketBuilder::ipv4(from.0, to.0, 64).tcp(from.1, to.1, seq, 65535);
        if flags & S != 0 {
            b = b.syn();
        }
        if flags & A != 0 {
            b = b.ack(ack);
        }
        if flags & F != 0 {
            b = b.fin();
        }
        if flags & R != 0 {
            b = b.rst();
        }
        if flags & P != 0 {
            b = b.psh();
        }
        let mut ip = Vec::new();
        b.write(&mut ip, data).unwrap();
        let mut f = vec![2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2];
        if let Some(vid) = self.vlan {
            f.extend_from_slice(&[0x81, 0x00]);
            f.extend_from_slice(&vid.to_be_bytes());
        }
        f.extend_from_slice(&[0x08, 0x00]);
        f.extend_from_slice(&ip);
        self.frames.push(f);
    }

    /// A client-to-server and a server-to-client sender for one
    /// connection.
    fn conn(&mut self, cport: u16, sport: u16) -> Conn<'_> {
        Conn {
            cap: self,
            c: (CLI, cport),
            s: (SRV, sport),
        }
    }

    /// Writes the capture: Ethernet, microseconds, snapshot length
    /// 262144, the frames 1 ms apart from 2023-11-14 22:13:20 UTC.
    fn write(&self, path: &Path) {
        let mut pcap = Pcap::new(LINKTYPE_ETHERNET).snaplen(262_144);
        for (i, f) in self.frames.iter().enumerate() {
            let usec = 1000 * i as u32;
            pcap.packet(1_700_000_000 + usec / 1_000_000, usec % 1_000_000, f);
        }
        pcap.write_to(path);
    }
}

struct Conn<'a> {
    cap: &'a mut Cap,
    c: ([u8; 4], u16),
    s: ([u8; 4], u16),
}

impl Conn<'_> {
    fn c2s(&mut self, seq: u32, ack: u32, flags: u8, data: &[u8]) -> &mut Self {
        self.cap.tcp(self.c, self.s, seq, ack, flags, data);
        self
    }
    fn s2c(&mut self, seq: u32, ack: u32, flags: u8, data: &[u8]) -> &mut Self {
        self.cap.tcp(self.s, self.c, seq, ack, flags, data);
        self
    }
}

/// Connection 0 (VLAN 100): handshake, out-of-order and retransmitted
/// client data, a server retransmission whose data differs, FIN both ways.
/// Connection 1: the same 4-tuple again after the close.
/// Connection 2: a client segment lost in the middle.
/// Connection 3: picked up mid-stream.
fn build_reassembly_capture(path: &Path) {
    let mut cap = Cap {
        vlan: Some(100),
        ..Default::default()
    };
    cap.conn(40000, 80)
        .c2s(1000, 0, S, b"")
        .s2c(5000, 1001, S | A, b"")
        .c2s(1001, 5001, A, b"")
        .c2s(1007, 5001, A | P, b"world") // ahead of a hole
        .c2s(1001, 5001, A | P, b"hello ") // fills it
        .c2s(1001, 5001, A | P, b"hello ") // retransmitted, same bytes
        .s2c(5001, 1012, A | P, b"ABCDEF")
        .s2c(5001, 1012, A | P, b"ABxDEF") // retransmitted, one byte differs
        .c2s(1012, 5007, A | F, b"")
        .s2c(5007, 1013, A | F, b"")
        .c2s(1013, 5008, A, b"");
    cap.vlan = None;
    cap.conn(40000, 80)
        .c2s(90_000, 0, S, b"")
        .s2c(70_000, 90_001, S | A, b"")
        .c2s(90_001, 70_001, A | P, b"again")
        .s2c(70_001, 90_006, A | R, b"");
    cap.conn(40001, 80)
        .c2s(2000, 0, S, b"")
        .s2c(6000, 2001, S | A, b"")
        .c2s(2001, 6001, A, &[b'a'; 100])
        // 2101..2201 never captured
        .c2s(2201, 6001, A, &[b'c'; 100])
        .c2s(2301, 6001, A | F, b"")
        .s2c(6001, 2302, A | F, b"")
        .c2s(2302, 6002, A, b"");
    cap.conn(40002, 80)
        .s2c(123_456, 9_000, A | P, b"mid-stream data")
        .c2s(9_000, 123_471, A, b"");
    cap.write(path);
}

fn built() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("reasm.pcap");
    build_reassembly_capture(&p);
    let s = p.to_string_lossy().into_owned();
    (dir, s)
}

#[test]
fn built_capture_figures() {
    let (_tmp, file) = built();
    let v = flows_json(&file, &[]);
    assert_eq!(v.len(), 4);

    let c = &v[0];
    assert_eq!(c["client"], "10.1.0.2:40000");
    assert_eq!(
        (c["began"].as_str(), c["ended"].as_str()),
        (Some("handshake"), Some("fin_both"))
    );
    assert_eq!(c["to_server"]["stream_bytes"], 11);
    assert_eq!(c["to_server"]["out_of_order_segments"], 1);
    assert_eq!(c["to_server"]["retransmitted_bytes"], 6);
    assert_eq!(c["to_server"]["conflicts"], 0);
    assert_eq!(c["to_client"]["retransmitted_bytes"], 6);
    assert_eq!(c["to_client"]["conflicts"], 1);
    assert_eq!(c["to_client"]["conflict_bytes"], 1);
    assert_eq!(
        c["to_client"]["conflict_ranges"],
        serde_json::json!([{"offset": 2, "len": 1}])
    );

    let c = &v[1];
    assert_eq!(c["reuse"], 1);
    assert_eq!(c["client"], "10.1.0.2:40000");
    assert_eq!(c["ended"], "rst_server");
    assert_eq!(c["to_server"]["stream_bytes"], 5);

    let c = &v[2];
    assert_eq!(c["to_server"]["missing_bytes"], 100);
    assert_eq!(
        c["to_server"]["gaps"],
        serde_json::json!([{"offset": 100, "len": 100, "cause": "lost"}])
    );

    let c = &v[3];
    assert_eq!(c["began"], "midstream");
    assert_eq!(c["ended"], "open");
    assert_eq!(c["client"], "10.1.0.1:80", "the first sender is the client");
    assert_eq!(c["to_server"]["stream_bytes"], 15);

    let table = ok(&["flows", "-r", &file]);
    insta::assert_snapshot!("built_table", table);
}

#[test]
fn json_lines_come_as_connections_close_like_the_index() {
    let (_tmp, file) = built();
    let (_dir, index) = write_dir(&file, &[]);
    let json = json_lines(&ok(&["flows", "-r", &file, "--json"]));
    let ids = |v: &[Value]| {
        v.iter()
            .map(|c| c["id"].as_u64().unwrap())
            .collect::<Vec<_>>()
    };
    // Connection 3 is still open at the end; the others close on the way.
    assert_eq!(ids(&json), [0, 1, 2, 3]);
    assert_eq!(ids(&json), ids(&index));
    for (j, i) in json.iter().zip(&index) {
        let mut i = i.clone();
        i.as_object_mut().unwrap().remove("files");
        assert_eq!(j, &i, "a JSON line is the index line without files");
    }
}

#[test]
fn write_prints_the_totals_and_where_the_files_are() {
    let (_tmp, file) = built();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let out = ok(&["flows", "-r", &file, "--write", d]);
    assert_eq!(
        out,
        format!(
            "4 TCP connections, 24 segments of 24 packets read\n\
             reassembly memory: peak 264 bytes\n\
             streams written to {d}, index in {d}/index.jsonl\n"
        )
    );
    // --json with --write: the lines too.
    let out = ok(&["flows", "-r", &file, "--write", d, "--json"]);
    assert_eq!(json_lines(&out).len(), 4);
}

#[test]
fn built_capture_written_streams() {
    let (_tmp, file) = built();
    let (dir, index) = write_dir(&file, &[]);
    let read = |name: &str| std::fs::read(dir.path().join(name)).unwrap();
    assert_eq!(read("10.1.0.2.40000-10.1.0.1.80"), b"hello world");
    assert_eq!(
        read("10.1.0.1.80-10.1.0.2.40000"),
        b"ABCDEF",
        "the first data wins"
    );
    // The reuse of the 4-tuple gets its own files.
    assert_eq!(read("10.1.0.2.40000-10.1.0.1.80-1"), b"again");
    assert_eq!(
        index[1]["files"]["to_server"]["name"],
        "10.1.0.2.40000-10.1.0.1.80-1"
    );
    assert_eq!(index[1]["files"]["to_client"], Value::Null);
    // The lost segment: the bytes after the gap follow the bytes before it.
    let mut want = vec![b'a'; 100];
    want.extend([b'c'; 100]);
    assert_eq!(read("10.1.0.2.40001-10.1.0.1.80"), want);
    let f = &index[2]["files"]["to_server"];
    assert_eq!(f["size"], 200);
    assert_eq!(
        f["gaps"],
        serde_json::json!([{"offset": 100, "len": 100, "cause": "lost", "file_offset": 100}])
    );
    assert_eq!(read("10.1.0.1.80-10.1.0.2.40002"), b"mid-stream data");
    // Every file the directory holds is in the index, and only those.
    let mut listed: Vec<String> = index
        .iter()
        .flat_map(|c| [&c["files"]["to_server"], &c["files"]["to_client"]])
        .filter_map(|f| f["name"].as_str().map(str::to_string))
        .collect();
    listed.push("index.jsonl".into());
    listed.sort();
    let mut present: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    present.sort();
    assert_eq!(present, listed);

    // --fill-gaps: zeros where the bytes are missing, offsets are stream
    // offsets.
    let (dir, index) = write_dir(&file, &["--fill-gaps"]);
    let got = std::fs::read(dir.path().join("10.1.0.2.40001-10.1.0.1.80")).unwrap();
    let mut want = vec![b'a'; 100];
    want.extend([0u8; 100]);
    want.extend([b'c'; 100]);
    assert_eq!(got, want);
    assert_eq!(index[2]["files"]["to_server"]["size"], 300);
}

#[test]
fn built_capture_follow() {
    let (_tmp, file) = built();
    // Connection 0, VLAN-tagged: the turns in order, reordering undone.
    insta::assert_snapshot!("built_follow_ascii_0", ok(&["follow", "-r", &file, "0"]));
    // Connection 2: the gap is marked where it falls.
    insta::assert_snapshot!(
        "built_follow_hex_2",
        ok(&["follow", "-r", &file, "--format", "hex", "2"])
    );
    assert_eq!(
        ok_bytes(&["follow", "-r", &file, "--format", "raw", "0"]),
        b"hello worldABCDEF"
    );
    // By filter. As in tcpdump, a BPF filter sees VLAN-tagged frames only
    // after `vlan`: "port 40000" first matches connection 1's SYN,
    // "vlan and port 40000" connection 0's.
    assert!(ok(&["follow", "-r", &file, "port", "40000"]).contains("Stream: 1\n"));
    assert!(ok(&["follow", "-r", &file, "vlan and port 40000"]).contains("Stream: 0\n"));
    assert!(ok(&["follow", "-r", &file, "port 40002"]).contains("Stream: 3\n"));
    let out = ok(&["follow", "-r", &file, "tcp[tcpflags] & tcp-rst != 0"]);
    assert!(out.contains("Stream: 1\n"), "{out}");
    assert!(out.contains("\n5\nagain\n"), "{out}");
}

#[test]
fn memory_limits_force_data_out_and_say_so() {
    // A hole of 1000 bytes at the start of the client's stream, then 8
    // out-of-order segments of 1000 bytes, then the hole's bytes.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("limit.pcap");
    let mut cap = Cap::default();
    let mut c = cap.conn(40010, 80);
    c.c2s(0, 0, S, b"").s2c(500, 1, S | A, b"");
    for i in 1..=8u8 {
        c.c2s(1 + 1000 * u32::from(i), 501, A, &[b'0' + i; 1000]);
    }
    c.c2s(1, 501, A, &[b'0'; 1000]);
    cap.write(&path);
    let file = path.to_str().unwrap();

    // Unlimited: all in order.
    let v = flows_json(file, &[]);
    assert_eq!(v[0]["to_server"]["missing_bytes"], 0);
    assert_eq!(v[0]["to_server"]["out_of_order_segments"], 8);

    // 4 KiB per connection: the hole is given up, counted and reported.
    let limits = ["--max-buffer-per-flow", "4K"];
    let v = flows_json(file, &limits);
    let d = &v[0]["to_server"];
    assert_eq!(d["limit_gap_bytes"], 1000, "{d}");
    assert_eq!(d["gaps"][0]["cause"], "limit");
    assert_eq!(
        d["late_bytes"], 1000,
        "the hole's bytes came after it was given up"
    );
    let table = ok(&["flows", "-r", file, "--max-buffer-per-flow", "4K"]);
    assert!(
        table.contains("memory limits gave up 1000 bytes in 1 connection"),
        "{table}"
    );
    // With --json the note goes to standard error.
    let (_, err, code) =
        run(&["flows", "-r", file, "--json", "--max-buffer-per-flow", "4K"]).into_parts();
    assert_eq!(code, 0);
    assert!(err.contains("memory limits gave up 1000 bytes"), "{err}");
    // The total limit too.
    let table = ok(&["flows", "-r", file, "--max-buffer-total", "3K"]);
    assert!(table.contains("total limit reached"), "{table}");
    // And the written stream has the 8000 bytes after the gap, no invented ones.
    let (dir, _) = write_dir(file, &limits);
    let got = std::fs::read(dir.path().join("10.1.0.2.40010-10.1.0.1.80")).unwrap();
    let want: Vec<u8> = (1..=8u8).flat_map(|i| [b'0' + i; 1000]).collect();
    assert_eq!(got, want);
}

#[test]
fn tso_super_segments_are_reassembled() {
    // On the sending host a capture shows the segments the NIC will split
    // with an IPv4 total length of 0: the frame is the packet.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tso.pcap");
    let body: Vec<u8> = (0..20_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let mut cap = Cap::default();
    cap.conn(40030, 80)
        .c2s(0, 0, S, b"")
        .s2c(500, 1, S | A, b"")
        .c2s(1, 501, A, b"")
        .s2c(501, 1, A, &body[..12_000])
        .s2c(12_501, 1, A | P, &body[12_000..]);
    for f in &mut cap.frames[3..5] {
        f[16] = 0; // Ethernet 14 + total length at IPv4 offset 2
        f[17] = 0;
    }
    cap.write(&path);
    let file = path.to_str().unwrap();
    let v = flows_json(file, &[]);
    assert_eq!(v[0]["to_client"]["bytes"], 20_000);
    assert_eq!(v[0]["to_client"]["missing_bytes"], 0);
    let (out, _) = write_dir(file, &[]);
    assert_eq!(
        std::fs::read(out.path().join("10.1.0.1.80-10.1.0.2.40030")).unwrap(),
        body
    );
}

#[test]
fn closed_pipe_ends_quietly() {
    // 2 MB one way: more than any pipe buffer.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.pcap");
    let mut cap = Cap::default();
    let mut c = cap.conn(40020, 80);
    c.c2s(0, 0, S, b"").s2c(500, 1, S | A, b"");
    for i in 0..1500u32 {
        c.s2c(501 + 1400 * i, 1, A, &[b'x'; 1400]);
    }
    cap.write(&path);
    for format in ["ascii", "hex", "raw"] {
        let mut child = common::netdecode()
            .args([
                "follow",
                "-r",
                path.to_str().unwrap(),
                "--format",
                format,
                "0",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut head = [0u8; 100];
        child
            .stdout
            .as_mut()
            .unwrap()
            .read_exact(&mut head)
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{format}: {:?}", out.status);
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{format}");
    }
}

#[test]
fn write_dir_that_cannot_be_created_is_an_error() {
    let file = fixture("http.pcap");
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, b"").unwrap();
    let target: PathBuf = blocker.join("sub");
    let (_, err, code) =
        run(&["flows", "-r", &file, "--write", target.to_str().unwrap()]).into_parts();
    assert_eq!(code, 1);
    assert!(err.starts_with("netdecode: can't create"), "{err}");
}

/// Every connection's Community ID, in `flows --json`, `index.jsonl` and
/// the table, is the one every packet of that connection has in
/// `netdecode --json`, for the default seed and another; the seed changes
/// it.
#[test]
fn community_ids_of_connections_are_their_packets() {
    for file in ["http.pcap", "tcp-forms.pcap", "ipv6-tcp.pcap"] {
        let path = fixture(file);
        let mut by_seed = Vec::new();
        for seed in ["0", "4242"] {
            let packets = json_lines(&ok(&[
                "-r",
                &path,
                "--json",
                "--community-id-seed",
                seed,
                "tcp",
            ]));
            let conns = flows_json(&path, &["--community-id-seed", seed]);
            let (_dir, index) = write_dir(&path, &["--community-id-seed", seed]);
            let table = ok(&["flows", "-r", &path, "--community-id-seed", seed]);
            assert!(!conns.is_empty(), "{file}: connections");
            for c in &conns {
                let cid = c["community_id"].as_str().unwrap();
                assert!(cid.starts_with("1:") && cid.len() == 30, "{cid}");
                let ends = [c["client"].as_str().unwrap(), c["server"].as_str().unwrap()];
                let mut seen = 0;
                for p in &packets {
                    let (ip, tcp) = (p.get("ipv4").or(p.get("ipv6")), &p["tcp"]);
                    let Some(ip) = ip else { continue };
                    let fmt = |a: &Value, port: &Value| {
                        let a = a.as_str().unwrap();
                        if a.contains(':') {
                            format!("[{a}]:{port}")
                        } else {
                            format!("{a}:{port}")
                        }
                    };
                    let src = fmt(&ip["src"], &tcp["src_port"]);
                    let dst = fmt(&ip["dst"], &tcp["dst_port"]);
                    if ends.contains(&src.as_str()) && ends.contains(&dst.as_str()) {
                        assert_eq!(p["community_id"].as_str(), Some(cid), "{file} {src} {dst}");
                        seen += 1;
                    }
                }
                assert!(seen > 0, "{file}: no packet of connection {}", c["id"]);
                let line = index.iter().find(|l| l["id"] == c["id"]).unwrap();
                assert_eq!(line["community_id"].as_str(), Some(cid));
                assert!(table.contains(cid), "{file}: table lacks {cid}");
            }
            by_seed.push(conns);
        }
        for (a, b) in by_seed[0].iter().zip(&by_seed[1]) {
            assert_ne!(
                a["community_id"], b["community_id"],
                "{file}: the seed matters"
            );
        }
    }
}

/// `flows --parquet` writes one row per connection with the fields of
/// `flows --json` (read back with the parquet crate's reader).
#[test]
fn flows_parquet_rows_are_the_json_lines() {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Int64Type, TimestampNanosecondType};
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    for file in ["http.pcap", "tcp-forms.pcap", "snaplen.pcap"] {
        let path = fixture(file);
        let json = flows_json(&path, &[]);
        let dir = tempfile::tempdir().unwrap();
        let pq = dir.path().join("conns");
        let out = ok(&["flows", "-r", &path, "--parquet", pq.to_str().unwrap()]);
        assert!(out.contains("(Parquet)"), "{out}");
        let f = std::fs::File::open(pq.join("part-00000.parquet")).unwrap();
        let reader = ParquetRecordBatchReaderBuilder::try_new(f)
            .unwrap()
            .build()
            .unwrap();
        let mut rows = Vec::new();
        for b in reader {
            let b = b.unwrap();
            let col = |name: &str| b.column(b.schema().index_of(name).unwrap()).clone();
            let (id, cid, client) = (col("id"), col("community_id"), col("client"));
            let (start, ts) = (col("start"), col("to_server"));
            let c2s_bytes = ts.as_struct().column_by_name("bytes").unwrap().clone();
            for i in 0..b.num_rows() {
                rows.push((
                    id.as_primitive::<Int64Type>().value(i),
                    cid.as_string::<i32>().value(i).to_string(),
                    client.as_string::<i32>().value(i).to_string(),
                    start.as_primitive::<TimestampNanosecondType>().value(i),
                    c2s_bytes.as_primitive::<Int64Type>().value(i),
                ));
            }
        }
        rows.sort();
        assert_eq!(rows.len(), json.len(), "{file}");
        for (r, j) in rows.iter().zip(&json) {
            assert_eq!(r.0, j["id"].as_i64().unwrap(), "{file}");
            assert_eq!(r.1, j["community_id"].as_str().unwrap(), "{file}");
            assert_eq!(r.2, j["client"].as_str().unwrap(), "{file}");
            let ns = j["start"]["secs"].as_i64().unwrap() * 1_000_000_000
                + j["start"]["nanos"].as_i64().unwrap();
            assert_eq!(r.3, ns, "{file}");
            assert_eq!(r.4, j["to_server"]["bytes"].as_i64().unwrap(), "{file}");
        }
    }
}

/// Options after the filter expression (flows) or the connection (follow)
/// are options, as in the main mode; after `--`, everything is filter.
#[test]
fn options_after_the_filter_or_the_connection() {
    let http = fixture("http.pcap");
    let before = ok(&["flows", "-r", &http, "--json", "tcp port 8080"]);
    let after = ok(&["flows", "-r", &http, "tcp", "port", "8080", "--json"]);
    assert_eq!(json_lines(&after).len(), 1, "{after}");
    assert_eq!(before, after);
    let split = ok(&["flows", "-r", &http, "tcp", "--json", "port", "8080"]);
    assert_eq!(before, split);
    // follow: ID then options; ID, filter, then options; filter then options.
    for target in [&["0"][..], &["0", "tcp"], &["tcp port 8080"]] {
        let mut before = vec!["follow", "-r", &http, "--format", "hex"];
        before.extend_from_slice(target);
        let mut after = vec!["follow", "-r", &http];
        after.extend_from_slice(target);
        after.extend_from_slice(&["--format", "hex"]);
        let want = ok(&before);
        assert!(want.starts_with("\n====") && want.contains("00000000  47 45 54"));
        assert!(
            ok(&after) == want,
            "{target:?}: options after the connection"
        );
    }
    // After `--` an option-like word is filter text (and libpcap refuses it).
    let r = run(&["flows", "-r", &http, "--", "tcp", "--json"]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("bad filter expression"), "{}", r.stderr);
}

#[test]
fn connections_inside_vxlan_are_listed_per_vni_and_written_apart() {
    // The real VXLAN capture: the same overlay 4-tuple in VNI 5001 and
    // VNI 5002, and a connection over IPv6 in the overlay.
    let file = fixture("vxlan.pcap");
    let v = flows_json(&file, &[]);
    assert_eq!(v.len(), 3);
    let vnis: Vec<_> = v.iter().map(|c| c["tunnels"][0]["vni"].as_u64()).collect();
    assert_eq!(vnis, [Some(5001), Some(5001), Some(5002)]);
    assert!(v.iter().all(|c| c["tunnels"][0]["type"] == "vxlan"));
    assert_eq!(v[0]["client"], v[2]["client"]);
    assert_eq!(v[0]["server"], v[2]["server"]);
    for c in &v {
        assert_eq!(
            (c["began"].as_str(), c["ended"].as_str()),
            (Some("handshake"), Some("fin_both"))
        );
        assert_eq!(c["to_server"]["stream_bytes"], 18);
        assert_eq!(c["to_client"]["stream_bytes"], 41);
    }
    let table = ok(&["flows", "-r", &file]);
    let header = table.lines().next().unwrap();
    assert!(
        header.ends_with("  TUNNEL") && header.contains("MISSING  COMMUNITY ID"),
        "{header}"
    );
    assert!(table.contains("vxlan:5002"));
    // An untunnelled capture has no TUNNEL column and no tunnels field.
    let http = fixture("http.pcap");
    assert!(!ok(&["flows", "-r", &http]).contains("TUNNEL"));
    assert!(flows_json(&http, &[])[0].get("tunnels").is_none());
    // --write keeps the two VNIs' streams apart.
    let (dir, index) = write_dir(&file, &[]);
    assert_eq!(index.len(), 3);
    for vni in [5001, 5002] {
        let name = format!("vxlan-{vni}+192.168.79.2.8080-192.168.79.1.40000");
        let body = std::fs::read(dir.path().join(&name)).unwrap();
        assert!(body.starts_with(b"HTTP/1.0 200 OK\r\n"), "{name}");
    }
}

/// Thousands of connections over both IP versions (bench/gen_flows.py:
/// interleaved, with late and retransmitted segments): every direction is
/// listed with its exact length and written byte for byte.
#[test]
fn mixed_ipv4_and_ipv6_connections_reassemble_exactly() {
    use sha2::{Digest, Sha256};
    let Some(python) = common::which("python3") else {
        if std::env::var("NETDECODE_REQUIRE_LIVE").is_ok_and(|v| v == "1") {
            panic!("python3 is needed to generate the capture");
        }
        eprintln!("skipped: python3 is not installed");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let pcap = tmp.path().join("mixed.pcap");
    let manifest = tmp.path().join("manifest.json");
    let gen = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/gen_flows.py");
    let status = Command::new(python)
        .arg(gen)
        .args([pcap.as_os_str(), manifest.as_os_str()])
        .args(["--connections", "1500", "--ipv6", "0.4"])
        .args(["--max-response", "12000", "--seed", "5"])
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let streams: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    let (dir, index) = write_dir(pcap.to_str().unwrap(), &[]);
    assert_eq!(index.len(), 1500);
    // Each direction of the index, by its file name.
    let mut listed = BTreeMap::new();
    for c in &index {
        assert_eq!(c["began"], "handshake", "{c}");
        assert_eq!(c["ended"], "fin_both", "{c}");
        let (cl, sv) = (c["client"].as_str().unwrap(), c["server"].as_str().unwrap());
        for (dir, from, to) in [("to_server", cl, sv), ("to_client", sv, cl)] {
            assert_eq!(c[dir]["missing_bytes"], 0, "{c}");
            listed.insert(
                (from.to_string(), to.to_string()),
                c[dir]["stream_bytes"].clone(),
            );
        }
    }
    let mut v6 = 0;
    for s in &streams {
        let (src, dst) = (s["src"].as_str().unwrap(), s["dst"].as_str().unwrap());
        let end = |a: &str, p: &Value| match a.contains(':') {
            true => format!("[{a}]:{p}"),
            false => format!("{a}:{p}"),
        };
        let key = (end(src, &s["sport"]), end(dst, &s["dport"]));
        assert_eq!(listed.get(&key), Some(&s["len"]), "{key:?}");
        v6 += usize::from(src.contains(':'));
        if s["len"] == 0 {
            continue;
        }
        let name = format!("{src}.{}-{dst}.{}", s["sport"], s["dport"]);
        let bytes = std::fs::read(dir.path().join(&name)).unwrap();
        let sum: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(sum, s["sha256"].as_str().unwrap(), "{name}");
    }
    assert!(v6 > 900, "IPv6 directions: {v6}");
}

/// The connection-state limit on a small capture: 300 connections with
/// data under `--max-state 64K` evict the idlest; every eviction shows:
/// ENDED `evicted` and the count under the table, `"evicted": true` in the
/// JSON lines and the index; `follow` of an evicted connection says so.
#[test]
fn evictions_are_counted_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.pcap");
    let mut cap = Cap::default();
    for i in 0..300u16 {
        cap.conn(20000 + i, 80)
            .c2s(1000, 0, S, b"")
            .s2c(5000, 1001, S | A, b"")
            .c2s(1001, 5001, A | P, b"hello");
    }
    // Connection 0 again, after all the others: by then it was evicted.
    cap.conn(20000, 80).c2s(1006, 5001, A | P, b" again");
    cap.write(&path);
    let f = path.to_str().unwrap();
    let table = ok(&["flows", "-r", f, "--max-state", "64K"]);
    // The same evictions in every run.
    assert_eq!(ok(&["flows", "-r", f, "--max-state", "64K"]), table);
    let evicted_rows = table
        .lines()
        .filter(|l| l.split_whitespace().nth(10) == Some("evicted"))
        .count();
    assert!(evicted_rows > 100, "{table}");
    let line = table
        .lines()
        .find(|l| l.contains("state limit (--max-state) reached"))
        .expect("eviction line");
    assert!(
        line.ends_with(&format!(
            "{evicted_rows} connections evicted before their end (ENDED evicted), 0 records of closed connections forgotten"
        )),
        "{line}"
    );
    // The late packet of connection 0 made a new connection, mid-stream.
    let last = table.lines().rfind(|l| l.contains(":80 ")).unwrap();
    assert!(
        last.contains("10.1.0.2:20000") && last.contains("midstream"),
        "{last}"
    );
    let r = run(&["flows", "-r", f, "--max-state", "64K", "--json"]);
    assert_eq!(r.code, Some(0));
    assert!(
        r.stderr
            .contains(&format!("{evicted_rows} connections evicted")),
        "{}",
        r.stderr
    );
    let json = json_lines(&r.text());
    let rows = table.lines().filter(|l| l.contains(":80 ")).count();
    assert_eq!(json.len(), rows);
    assert!(rows > 300, "{table}");
    let flagged = json.iter().filter(|c| c["evicted"] == true).count();
    assert_eq!(flagged, evicted_rows);
    assert!(json.iter().all(|c| c["evicted"].is_boolean()));
    let (_d, index) = write_dir(f, &["--max-state", "64K"]);
    assert_eq!(
        index.iter().filter(|c| c["evicted"] == true).count(),
        evicted_rows
    );
    // Without the limit (the default), nothing is evicted.
    assert!(flows_json(f, &[]).iter().all(|c| c["evicted"] == false));
    // follow of an evicted connection: what it had, and a note.
    let r = run(&["follow", "-r", f, "0", "--max-state", "64K"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.text().contains("hello") && !r.text().contains("again"),
        "{}",
        r.text()
    );
    assert!(
        r.stderr.contains("evicted by the state limit"),
        "{}",
        r.stderr
    );
}

/// A TCP connection under 100 stacked VLAN tags (vlan-deep.pcap, built by
/// build-form-fixtures) is a connection like any other: counted, its
/// figures right and its stream followed.
#[test]
fn connection_under_a_hundred_vlan_tags() {
    let file = fixture("vlan-deep.pcap");
    let v = flows_json(&file, &[]);
    assert_eq!(v.len(), 1, "{v:?}");
    let c = &v[0];
    assert_eq!(c["client"], "10.77.0.2:40100");
    assert_eq!(c["server"], "10.77.0.1:8080");
    assert_eq!(c["began"], "handshake");
    assert_eq!(c["ended"], "fin_both");
    assert_eq!(c["to_server"]["packets"], 4);
    assert_eq!(c["to_server"]["stream_bytes"], 18);
    assert_eq!(c["to_server"]["missing_bytes"], 0);
    assert_eq!(c["to_client"]["packets"], 3);
    assert_eq!(
        ok_bytes(&["follow", "-r", &file, "--format", "raw", "0"]),
        b"hello, deep stack\n"
    );
    // The filter sees through the tags as the decoder does.
    let table = ok(&["flows", "-r", &file]);
    assert!(table.contains("1 TCP connection"), "{table}");
}
