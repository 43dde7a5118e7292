//! IPv6 captured live on `-i any` (Linux cooked v2) between two network
//! namespaces this test creates (2001:db8:76::1 and ::2 on a veth pair,
//! offloads off): ping -6 from one to the other, decoded as tcpdump
//! prints it, interface and direction first.
//!
//! Needs root, iproute2 and ping; without them the test prints why it is
//! skipped and passes, unless NETDECODE_REQUIRE_LIVE=1.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const IP_A: &str = "2001:db8:76::1";
const IP_B: &str = "2001:db8:76::2";
const PATIENCE: Duration = Duration::from_secs(15);

fn skip(reason: &str) {
    if std::env::var("NETDECODE_REQUIRE_LIVE").is_ok_and(|v| v == "1") {
        panic!("live test required (NETDECODE_REQUIRE_LIVE=1) but cannot run: {reason}");
    }
    eprintln!("live IPv6 test skipped: {reason}");
}

struct Namespaces {
    ip: String,
    names: [String; 2],
}

impl Drop for Namespaces {
    fn drop(&mut self) {
        common::netns_del(&self.ip, &[&self.names[0], &self.names[1]]);
    }
}

#[test]
fn ping6_on_any_is_decoded() {
    if !common::is_root() {
        return skip("need root (network namespaces and capture)");
    }
    let (Some(ip), Some(_)) = (common::which("ip"), common::which("ping")) else {
        return skip("need iproute2's ip and ping");
    };
    let pid = std::process::id();
    let ns = Namespaces {
        ip: ip.to_string_lossy().into_owned(),
        names: [format!("nd6any-{pid}-a"), format!("nd6any-{pid}-b")],
    };
    let (dev_a, dev_b) = (format!("nd6{pid}a"), format!("nd6{pid}b"));
    if let Err(e) = common::netns_pair_up(
        &ns.ip,
        [&ns.names[0], &ns.names[1]],
        [&dev_a, &dev_b],
        [IP_A, IP_B],
    ) {
        return skip(&format!("cannot set up the namespaces: {e}"));
    }
    // Echo requests and replies only: no neighbour discovery or MLD.
    let filter = "icmp6 and (ip6[40] == 128 or ip6[40] == 129)";
    let mut nd = Command::new(&ns.ip)
        .args(["netns", "exec", &ns.names[0]])
        .arg(common::bin())
        .args(["-i", "any", "-n", "-l", "-c", "4", filter])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(nd.stderr.take().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut first = String::new();
        let _ = err.read_line(&mut first);
        let _ = tx.send(first);
    });
    let first = rx.recv_timeout(PATIENCE).unwrap_or_default();
    assert!(first.contains("listening on any"), "{first:?}");
    let pinged = Command::new(&ns.ip)
        .args(["netns", "exec", &ns.names[1], "ping", "-6", "-n", "-c", "2"])
        .args(["-i", "0.2", "-W", "2", IP_A])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(pinged.success(), "ping -6 failed");
    let start = Instant::now();
    while nd.try_wait().unwrap().is_none() {
        if start.elapsed() > PATIENCE {
            let _ = nd.kill();
            panic!("netdecode did not stop after 4 packets");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut out = String::new();
    nd.stdout.take().unwrap().read_to_string(&mut out).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    for (i, l) in lines.iter().enumerate() {
        let (dir, from, to, what) = match i % 2 {
            0 => ("In ", IP_B, IP_A, "echo request"),
            _ => ("Out", IP_A, IP_B, "echo reply"),
        };
        let want = format!("{dev_a} {dir} IP6 {from} > {to}: ICMP6, {what}, id ");
        assert!(l.contains(&want), "line {i}: {l}\nwanted: {want}");
        assert!(l.ends_with(", length 64"), "{l}");
    }
}
