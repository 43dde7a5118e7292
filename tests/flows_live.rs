//! Real traffic through `netdecode flows --write`: HTTP downloads of files
//! of 0, 1, 1000, 100 000 and 3 000 000 random bytes between two network
//! namespaces this test creates (joined by a veth pair, offloads off), over
//! IPv4 and over IPv6, captured by tcpdump in the client's namespace; every
//! response body reassembled from the capture must have the SHA-256 of the
//! file served.
//!
//! Needs root, iproute2, ethtool, python3, curl and tcpdump. Without them
//! the test prints why it is skipped and passes, unless
//! NETDECODE_REQUIRE_LIVE=1 (as `.ci/run` sets), which makes any reason to
//! skip a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;
use sha2::{Digest, Sha256};

const PORT: &str = "8000";
const SIZES: [usize; 5] = [0, 1, 1000, 100_000, 3_000_000];
/// How long any one step may take.
const PATIENCE: Duration = Duration::from_secs(20);

fn skip(reason: &str) {
    if std::env::var("NETDECODE_REQUIRE_LIVE").is_ok_and(|v| v == "1") {
        panic!("live test required (NETDECODE_REQUIRE_LIVE=1) but cannot run: {reason}");
    }
    eprintln!("flows live test skipped: {reason}");
}

/// Two namespaces and a veth pair, and the processes started in them;
/// all removed on drop, whatever happened.
struct Lab {
    ip: String,
    srv: String,
    cli: String,
    dev_srv: String,
    dev_cli: String,
    children: Vec<Child>,
}

impl Drop for Lab {
    fn drop(&mut self) {
        for c in &mut self.children {
            let _ = c.kill();
            let _ = c.wait();
        }
        common::netns_del(&self.ip, &[&self.srv, &self.cli]);
    }
}

/// The addresses of one run: IPv4 or IPv6.
struct Family {
    /// Names the namespaces and devices apart (both runs go at once).
    tag: &'static str,
    server: &'static str,
    client: &'static str,
}

const V4: Family = Family {
    tag: "4",
    server: "198.51.100.1",
    client: "198.51.100.2",
};

const V6: Family = Family {
    tag: "6",
    server: "2001:db8:77::1",
    client: "2001:db8:77::2",
};

impl Lab {
    fn new(ip: PathBuf, fam: &Family) -> Result<Lab, String> {
        let pid = std::process::id();
        let t = fam.tag;
        let lab = Lab {
            ip: ip.to_string_lossy().into_owned(),
            srv: format!("ndflows-{pid}-{t}srv"),
            cli: format!("ndflows-{pid}-{t}cli"),
            // Interface names: at most 15 bytes.
            dev_srv: format!("ndf{pid}{t}s"),
            dev_cli: format!("ndf{pid}{t}c"),
            children: Vec::new(),
        };
        common::netns_pair_up(
            &lab.ip,
            [&lab.srv, &lab.cli],
            [&lab.dev_srv, &lab.dev_cli],
            [fam.server, fam.client],
        )?;
        Ok(lab)
    }

    /// A command run in namespace `ns`.
    fn cmd(&self, ns: &str, args: &[&str]) -> Command {
        let mut c = Command::new(&self.ip);
        c.args(["netns", "exec", ns]).args(args);
        c
    }
}

/// Random bytes from the kernel.
fn random_bytes(n: usize) -> Vec<u8> {
    let mut v = vec![0u8; n];
    std::fs::File::open("/dev/urandom")
        .unwrap()
        .read_exact(&mut v)
        .unwrap();
    v
}

fn sha256_hex(b: &[u8]) -> String {
    Sha256::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

/// Splits an HTTP response stream into status line and body
/// (Content-Length bytes after the blank line).
fn response_body(stream: &[u8]) -> Result<(String, &[u8]), String> {
    let end = stream
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("no end of headers")?
        + 4;
    let head = String::from_utf8_lossy(&stream[..end]).into_owned();
    let len: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .ok_or_else(|| format!("no Content-Length in {head:?}"))?;
    let body = stream
        .get(end..end + len)
        .ok_or_else(|| format!("body shorter than {len}: {}", stream.len() - end))?;
    if stream.len() != end + len {
        return Err(format!("{} bytes after the body", stream.len() - end - len));
    }
    Ok((head.lines().next().unwrap_or("").to_string(), body))
}

#[test]
fn http_downloads_reassemble_to_the_served_files() {
    downloads(&V4);
}

#[test]
fn http_downloads_over_ipv6_reassemble_to_the_served_files() {
    downloads(&V6);
}

fn downloads(fam: &Family) {
    if !common::is_root() {
        return skip("need root (network namespaces and capture)");
    }
    let mut tools = BTreeMap::new();
    for t in ["ip", "ethtool", "python3", "curl", "tcpdump"] {
        match common::which(t) {
            Some(p) => {
                tools.insert(t, p);
            }
            None => return skip(&format!("{t} is not installed")),
        }
    }
    let mut lab = match Lab::new(tools["ip"].clone(), fam) {
        Ok(l) => l,
        Err(e) => return skip(&format!("cannot set up the namespaces: {e}")),
    };
    let tmp = tempfile::tempdir().unwrap();
    let www = tmp.path().join("www");
    std::fs::create_dir(&www).unwrap();
    let mut served = BTreeMap::new();
    for n in SIZES {
        let data = random_bytes(n);
        let name = format!("f{n}.bin");
        std::fs::write(www.join(&name), &data).unwrap();
        served.insert(format!("/{name}"), sha256_hex(&data));
    }

    // The server, and a first request (before the capture) to know it is up.
    let python = tools["python3"].to_string_lossy().into_owned();
    let server = lab
        .cmd(
            &lab.srv,
            &[
                &python,
                "-m",
                "http.server",
                "--bind",
                fam.server,
                "--directory",
                www.to_str().unwrap(),
                PORT,
            ],
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    lab.children.push(server);
    let curl = tools["curl"].to_string_lossy().into_owned();
    // An IPv6 address in brackets (and curl's -g: no globbing on them).
    let host = match fam.server.contains(':') {
        true => format!("[{}]", fam.server),
        false => fam.server.to_string(),
    };
    let url = |path: &str| format!("http://{host}:{PORT}{path}");
    let start = Instant::now();
    loop {
        let ok = lab
            .cmd(&lab.cli, &[&curl, "-gsS", "-o", "/dev/null", &url("/")])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            break;
        }
        assert!(start.elapsed() < PATIENCE, "the HTTP server did not start");
        std::thread::sleep(Duration::from_millis(100));
    }

    // The capture, in the client's namespace; wait for "listening on".
    let pcap = tmp.path().join("downloads.pcap");
    let tcpdump = tools["tcpdump"].to_string_lossy().into_owned();
    let mut capture = lab
        .cmd(
            &lab.cli,
            &[
                &tcpdump,
                "-i",
                &lab.dev_cli,
                "-w",
                pcap.to_str().unwrap(),
                "-U",
                "--immediate-mode",
                "-B",
                "65536",
                "-Z",
                "root",
                "tcp",
            ],
        )
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let stderr = capture.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let capture_pid = capture.id();
    lab.children.push(capture);
    let mut tcpdump_said = Vec::new();
    loop {
        let line = rx
            .recv_timeout(PATIENCE)
            .expect("tcpdump did not start listening");
        tcpdump_said.push(line.clone());
        if line.contains("listening on") {
            break;
        }
    }

    // The downloads, one connection each.
    let got_dir = tmp.path().join("curl");
    std::fs::create_dir(&got_dir).unwrap();
    for path in served.keys() {
        let out = got_dir.join(path.trim_start_matches('/'));
        let status = lab
            .cmd(
                &lab.cli,
                &[
                    &curl,
                    "-gsS",
                    "--fail",
                    "-o",
                    out.to_str().unwrap(),
                    &url(path),
                ],
            )
            .status()
            .unwrap();
        assert!(status.success(), "curl {path} failed");
        // curl itself got the file.
        assert_eq!(
            sha256_hex(&std::fs::read(&out).unwrap()),
            served[path],
            "curl {path}"
        );
    }
    // Let the last FIN/ACKs through, then stop tcpdump (SIGINT: it writes
    // its counts and exits).
    std::thread::sleep(Duration::from_millis(500));
    common::sh("kill", &["-INT", &capture_pid.to_string()]).unwrap();
    let deadline = Instant::now() + PATIENCE;
    if let Some(c) = lab.children.last_mut() {
        while c.try_wait().unwrap().is_none() {
            assert!(Instant::now() < deadline, "tcpdump did not stop");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    while let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
        tcpdump_said.push(line);
    }
    let said = tcpdump_said.join("\n");
    assert!(
        said.lines().any(|l| l == "0 packets dropped by kernel"),
        "tcpdump dropped packets: {said}"
    );

    // Reassemble.
    let outdir = tmp.path().join("flows");
    let out = common::netdecode()
        .args(["flows", "-r", pcap.to_str().unwrap(), "--write"])
        .arg(&outdir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "netdecode flows: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8_lossy(&out.stdout).into_owned();
    let index = std::fs::read_to_string(outdir.join("index.jsonl")).unwrap();
    let conns: Vec<Value> = index
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!conns.is_empty(), "no connection in the capture\n{table}");

    let mut matched = BTreeMap::new();
    for c in &conns {
        let read = |dir: &str| -> Vec<u8> {
            match c["files"][dir]["name"].as_str() {
                Some(name) => std::fs::read(outdir.join(name)).unwrap(),
                None => Vec::new(),
            }
        };
        let request = read("to_server");
        let Some(path) = request
            .strip_prefix(b"GET ")
            .and_then(|r| r.split(|&b| b == b' ').next())
            .map(|p| String::from_utf8_lossy(p).into_owned())
        else {
            // The tail (last ACK or FIN) of the readiness probe, made before
            // the capture started, may be in it; nothing else may be.
            assert_ne!(c["began"], "handshake", "a connection without GET: {c}");
            continue;
        };
        if path == "/" {
            continue; // the readiness probe, if its tail was captured
        }
        assert_eq!(c["began"], "handshake", "{path}: {c}");
        assert_eq!(c["ended"], "fin_both", "{path}: {c}");
        assert_eq!(c["server"], format!("{host}:{PORT}"), "{path}: {c}");
        for dir in ["to_server", "to_client"] {
            assert_eq!(c[dir]["missing_bytes"], 0, "{path} {dir}: {c}");
            assert_eq!(c[dir]["conflicts"], 0, "{path} {dir}: {c}");
        }
        let response = read("to_client");
        let (status, body) = response_body(&response).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(status.contains(" 200 "), "{path}: {status}");
        let want = served
            .get(&path)
            .unwrap_or_else(|| panic!("unexpected request {path}"));
        assert_eq!(
            &sha256_hex(body),
            want,
            "{path}: the reassembled body differs from the served file"
        );
        assert!(
            matched.insert(path.clone(), c["id"].clone()).is_none(),
            "{path} twice"
        );
    }
    assert_eq!(
        matched.keys().collect::<Vec<_>>(),
        served.keys().collect::<Vec<_>>(),
        "every download found once\n{table}"
    );

    // follow --format raw of the largest download: the request, then the
    // response, as written.
    let big_id = matched["/f3000000.bin"].clone();
    let big = big_id.to_string();
    let raw = common::netdecode()
        .args([
            "follow",
            "-r",
            pcap.to_str().unwrap(),
            "--format",
            "raw",
            &big,
        ])
        .output()
        .unwrap();
    assert!(raw.status.success());
    let c = conns.iter().find(|c| c["id"] == big_id).unwrap();
    let mut want =
        std::fs::read(outdir.join(c["files"]["to_server"]["name"].as_str().unwrap())).unwrap();
    want.extend(
        std::fs::read(outdir.join(c["files"]["to_client"]["name"].as_str().unwrap())).unwrap(),
    );
    assert!(
        raw.stdout == want,
        "follow raw differs from the written files"
    );
    eprintln!("{table}");
    drop(lab);
    assert!(Path::new(&outdir).exists());
}
