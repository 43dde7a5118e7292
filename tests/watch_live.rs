//! `netdecode dhcp -i` and `netdecode dhcp --probe` live, against two
//! dnsmasq servers on a Linux bridge in network namespaces this test
//! creates (offloads off; traffic never leaves them):
//!
//! * watching the bridge while udhcpc takes a lease: the transaction, the
//!   findings (two servers; the one not allowed), a summary every second
//!   and one at Ctrl-C (SIGINT), exit status 3;
//! * `--probe` from another namespace: both servers' offers, exit status 3,
//!   and no lease taken (the servers' lease files stay empty: no REQUEST
//!   was sent);
//! * `--probe` without the permission to send: one error line, status 1.
//!
//! Needs root, iproute2, ethtool, dnsmasq and busybox (udhcpc); without
//! them the test prints why it is skipped and passes, unless
//! NETDECODE_REQUIRE_LIVE=1, which makes any reason to skip a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;

const PATIENCE: Duration = Duration::from_secs(20);
const SERVER_MACS: [&str; 2] = ["02:00:00:66:00:01", "02:00:00:66:00:02"];
const CLIENT_MAC: &str = "02:00:00:66:01:01";
const PROBE_MAC: &str = "02:00:00:66:02:01";

fn skip(reason: &str) {
    if std::env::var("NETDECODE_REQUIRE_LIVE").is_ok_and(|v| v == "1") {
        panic!("live test required (NETDECODE_REQUIRE_LIVE=1) but cannot run: {reason}");
    }
    common::note(&format!("dhcp live test skipped: {reason}"));
}

/// The namespaces (a bridge, two servers, a client, a prober) and the
/// processes started in them; all removed on drop.
struct Lab {
    ip: String,
    sw: String,
    hosts: Vec<String>,
    dir: tempfile::TempDir,
    children: Vec<Child>,
}

impl Drop for Lab {
    fn drop(&mut self) {
        for c in &mut self.children {
            let _ = c.kill();
            let _ = c.wait();
        }
        let mut all: Vec<&str> = self.hosts.iter().map(String::as_str).collect();
        all.push(&self.sw);
        common::netns_del(&self.ip, &all);
    }
}

impl Lab {
    fn new(ip: PathBuf) -> Result<Lab, String> {
        let pid = std::process::id();
        let mut lab = Lab {
            ip: ip.to_string_lossy().into_owned(),
            sw: format!("ndwl-{pid}-sw"),
            hosts: Vec::new(),
            dir: tempfile::tempdir().map_err(|e| e.to_string())?,
            children: Vec::new(),
        };
        let sw = lab.sw.clone();
        lab.sh(&["netns", "add", &sw])?;
        lab.in_ns(&sw, &["sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1"])?;
        lab.in_ns(&sw, &["ip", "link", "set", "lo", "up"])?;
        lab.in_ns(
            &sw,
            &[
                "ip",
                "link",
                "add",
                "br0",
                "type",
                "bridge",
                "stp_state",
                "0",
                "forward_delay",
                "0",
                "mcast_snooping",
                "0",
            ],
        )?;
        lab.in_ns(&sw, &["ip", "link", "set", "br0", "up"])?;
        for (i, (name, mac)) in [
            ("s1", SERVER_MACS[0]),
            ("s2", SERVER_MACS[1]),
            ("cl", CLIENT_MAC),
            ("pr", PROBE_MAC),
        ]
        .into_iter()
        .enumerate()
        {
            lab.host(&format!("ndwl-{pid}-{name}"), &format!("p{i}"), mac)?;
        }
        Ok(lab)
    }

    fn ns(&self, i: usize) -> &str {
        &self.hosts[i]
    }

    fn sh(&self, args: &[&str]) -> Result<String, String> {
        common::sh(&self.ip, args)
    }

    fn in_ns(&self, ns: &str, args: &[&str]) -> Result<String, String> {
        let mut a = vec!["netns", "exec", ns];
        a.extend_from_slice(args);
        self.sh(&a)
    }

    /// A host namespace with eth0 on the bridge (peer `port` in the
    /// bridge's namespace), IPv6 off, offloads off.
    fn host(&mut self, ns: &str, port: &str, mac: &str) -> Result<(), String> {
        self.sh(&["netns", "add", ns])?;
        self.hosts.push(ns.to_string());
        self.in_ns(ns, &["sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1"])?;
        self.in_ns(
            ns,
            &["sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=1"],
        )?;
        self.in_ns(ns, &["ip", "link", "set", "lo", "up"])?;
        let sw = self.sw.clone();
        self.sh(&[
            "link", "add", "eth0", "netns", ns, "address", mac, "type", "veth", "peer", "name",
            port, "netns", &sw,
        ])?;
        if let Some(ethtool) = common::which("ethtool") {
            let e = ethtool.to_string_lossy().into_owned();
            let off = [
                "tso", "off", "gso", "off", "gro", "off", "tx", "off", "rx", "off",
            ];
            let mut a = vec![e.as_str(), "-K", "eth0"];
            a.extend_from_slice(&off);
            self.in_ns(ns, &a)?;
            let mut a = vec![e.as_str(), "-K", port];
            a.extend_from_slice(&off);
            self.in_ns(&sw, &a)?;
        }
        self.in_ns(&sw, &["ip", "link", "set", port, "master", "br0"])?;
        self.in_ns(&sw, &["ip", "link", "set", port, "up"])?;
        self.in_ns(ns, &["ip", "link", "set", "eth0", "up"])?;
        Ok(())
    }

    fn cmd(&self, ns: &str, args: &[&str]) -> Command {
        let mut c = Command::new(&self.ip);
        c.args(["netns", "exec", ns]).args(args);
        c
    }

    fn lease_file(&self, i: usize) -> PathBuf {
        self.dir.path().join(format!("s{i}.leases"))
    }

    /// Two dnsmasq servers with overlapping ranges.
    fn servers(&mut self, dnsmasq: &Path) -> Result<(), String> {
        for i in 0..2 {
            let ns = self.ns(i).to_string();
            let addr = format!("10.66.0.{}/24", i + 1);
            self.in_ns(&ns, &["ip", "addr", "add", &addr, "dev", "eth0"])?;
            let range = if i == 0 {
                "--dhcp-range=10.66.0.100,10.66.0.150,255.255.255.0,1h"
            } else {
                "--dhcp-range=10.66.0.120,10.66.0.200,255.255.255.0,1h"
            };
            let leases = format!("--dhcp-leasefile={}", self.lease_file(i).display());
            let pidfile = format!(
                "--pid-file={}",
                self.dir.path().join(format!("s{i}.pid")).display()
            );
            let child = self
                .cmd(
                    &ns,
                    &[
                        dnsmasq.to_str().unwrap(),
                        "--no-daemon",
                        "--conf-file=/dev/null",
                        "--port=0",
                        "--user=root",
                        "--interface=eth0",
                        "--bind-interfaces",
                        "--no-ping",
                        range,
                        &leases,
                        &pidfile,
                    ],
                )
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .map_err(|e| format!("dnsmasq: {e}"))?;
            self.children.push(child);
        }
        // Until both listen on port 67.
        let start = Instant::now();
        for i in 0..2 {
            let ns = self.ns(i).to_string();
            loop {
                let out = self.in_ns(&ns, &["ss", "-uln"]).unwrap_or_default();
                if out.contains(":67 ") {
                    break;
                }
                if start.elapsed() > PATIENCE {
                    return Err("dnsmasq did not start".into());
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        Ok(())
    }
}

/// Everything needed, or why not.
fn tools() -> Result<(PathBuf, PathBuf, PathBuf), String> {
    if !common::is_root() {
        return Err("not root".into());
    }
    let ip = common::which("ip").ok_or("iproute2 (ip) is not installed")?;
    let dnsmasq = common::which("dnsmasq").ok_or("dnsmasq is not installed")?;
    let busybox = common::which("busybox").ok_or("busybox (udhcpc) is not installed")?;
    common::which("ss").ok_or("ss (iproute2) is not installed")?;
    Ok((ip, dnsmasq, busybox))
}

/// Lines of a child's standard output, as they come.
fn lines_of(child: &mut Child) -> mpsc::Receiver<String> {
    let out = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for l in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(l).is_err() {
                break;
            }
        }
    });
    rx
}

fn json_lines(lines: &[String]) -> Vec<Value> {
    lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn findings(v: &[Value]) -> Vec<String> {
    v.iter()
        .filter(|o| o["type"] == "finding")
        .map(|o| o["finding"].as_str().unwrap().to_string())
        .collect()
}

fn sigint(child: &Child) {
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
}

#[test]
fn dhcp_live_and_probe() {
    let (ip, dnsmasq, busybox) = match tools() {
        Ok(t) => t,
        Err(reason) => return skip(&reason),
    };
    let mut lab = match Lab::new(ip) {
        Ok(l) => l,
        Err(e) => return skip(&format!("cannot build the namespaces: {e}")),
    };
    lab.servers(&dnsmasq).expect("servers");
    let bin = common::bin().to_str().unwrap().to_string();
    let sw = lab.sw.clone();

    // --- Watching the bridge while a client takes a lease. ---------------
    let mut watch = lab
        .cmd(
            &sw,
            &[
                &bin,
                "dhcp",
                "-i",
                "br0",
                "--json",
                "--interval",
                "1",
                "--allowed-server",
                "10.66.0.1",
            ],
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("netdecode dhcp -i");
    // Started when it says so on standard error.
    let mut err = BufReader::new(watch.stderr.take().unwrap());
    let mut first = String::new();
    err.read_line(&mut first).unwrap();
    assert!(first.contains("watching br0"), "{first}");
    let rx = lines_of(&mut watch);
    let client = lab.ns(2).to_string();
    let script = lab.dir.path().join("udhcpc.sh");
    std::fs::write(&script, "#!/bin/sh\nexit 0\n").unwrap();
    let mut perm = std::fs::metadata(&script).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perm, 0o755);
    std::fs::set_permissions(&script, perm).unwrap();
    let status = lab
        .cmd(
            &client,
            &[
                busybox.to_str().unwrap(),
                "udhcpc",
                "-i",
                "eth0",
                "-f",
                "-q",
                "-n",
                "-t",
                "3",
                "-T",
                "2",
                "-s",
                script.to_str().unwrap(),
                "-x",
                "hostname:live1",
            ],
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("udhcpc");
    assert!(status.success(), "udhcpc got no lease");
    // The transaction is printed 5 s after its ACK; meanwhile summaries
    // come every second.
    let mut got = Vec::new();
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(l) => {
                let done = l.contains("\"type\":\"transaction\"");
                got.push(l);
                if done {
                    break;
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    sigint(&watch);
    let code = watch.wait().unwrap().code();
    while let Ok(l) = rx.recv_timeout(Duration::from_secs(2)) {
        got.push(l);
    }
    let mut rest = String::new();
    let _ = err.read_to_string(&mut rest);
    let v = json_lines(&got);
    assert_eq!(code, Some(3), "findings: exit status 3; stderr {rest}");
    let f = findings(&v);
    assert!(f.contains(&"multiple-servers".to_string()), "{f:?}");
    assert!(f.contains(&"unauthorized-server".to_string()), "{f:?}");
    let t: Vec<&Value> = v.iter().filter(|o| o["type"] == "transaction").collect();
    assert_eq!(t.len(), 1, "{got:#?}");
    assert_eq!(t[0]["outcome"], "ack");
    assert_eq!(t[0]["host_name"], "live1");
    assert_eq!(t[0]["client"], CLIENT_MAC);
    assert_eq!(t[0]["offers"].as_array().unwrap().len(), 2);
    let summaries: Vec<&Value> = v.iter().filter(|o| o["type"] == "summary").collect();
    assert!(
        summaries.len() >= 2,
        "a summary every second, and at the end: {summaries:?}"
    );
    assert_eq!(summaries.last().unwrap()["last"], true);
    assert!(summaries.iter().rev().skip(1).all(|s| s["last"] == false));
    let servers = v.iter().filter(|o| o["type"] == "server").count();
    assert!(servers >= 2);

    // --- --probe from another namespace. ---------------------------------
    let before: Vec<String> = (0..2)
        .map(|i| std::fs::read_to_string(lab.lease_file(i)).unwrap_or_default())
        .collect();
    let prober = lab.ns(3).to_string();
    let out = lab
        .cmd(
            &prober,
            &[
                &bin,
                "dhcp",
                "--probe",
                "-i",
                "eth0",
                "--timeout",
                "3",
                "--json",
            ],
        )
        .output()
        .expect("netdecode dhcp --probe");
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let v = json_lines(&lines);
    let offers: Vec<&Value> = v.iter().filter(|o| o["type"] == "offer").collect();
    assert_eq!(offers.len(), 2, "{text}");
    let mut ids: Vec<&str> = offers
        .iter()
        .map(|o| o["server"]["id"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, ["10.66.0.1", "10.66.0.2"]);
    // Both answer, and (dnsmasq's default) each names itself the router.
    assert_eq!(findings(&v), ["multiple-servers", "different-options"]);
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("sent a DHCPDISCOVER on eth0 from 02:00:00:66:02:01"),
        "{stderr}"
    );
    // No REQUEST, so no lease for the prober.
    for (i, before) in before.iter().enumerate() {
        let after = std::fs::read_to_string(lab.lease_file(i)).unwrap_or_default();
        assert!(
            !after.contains(PROBE_MAC),
            "server {i} leased to the prober: {after}"
        );
        assert_eq!(after.lines().count(), before.lines().count());
    }
    // Another MAC, and text: the offers are listed.
    let out = lab
        .cmd(
            &prober,
            &[
                &bin,
                "dhcp",
                "--probe",
                "-i",
                "eth0",
                "--timeout",
                "2",
                "--mac",
                "02:00:00:66:02:09",
                "--allowed-server",
                "10.66.0.1",
                "--allowed-server",
                "10.66.0.2",
            ],
        )
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches(" OFFER from ").count(), 2, "{text}");
    assert!(
        text.contains("2 offers from 2 servers within 2 s"),
        "{text}"
    );
    assert_eq!(
        out.status.code(),
        Some(3),
        "two servers answer: still a finding"
    );

    // --- Without the permission to send. ---------------------------------
    if let Some(setpriv) = common::which("setpriv") {
        let out = lab
            .cmd(
                &prober,
                &[
                    setpriv.to_str().unwrap(),
                    "--reuid=65534",
                    "--regid=65534",
                    "--clear-groups",
                    &bin,
                    "dhcp",
                    "--probe",
                    "-i",
                    "eth0",
                    "--timeout",
                    "1",
                ],
            )
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert_eq!(lines.len(), 1, "{stderr}");
        assert!(
            lines[0].starts_with("netdecode: eth0: --probe needs permission"),
            "{stderr}"
        );
        assert!(out.stdout.is_empty());
    } else {
        common::note("dhcp live test: setpriv is not installed, permission error not checked");
    }
}
