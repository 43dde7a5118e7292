//! Names without -n, against the system tcpdump, in an environment this
//! test controls: a private mount namespace whose /etc is an overlay on the
//! real one (the real /etc is never written) holding our own hosts,
//! ethers, services, nsswitch.conf and resolv.conf, the last pointing at a
//! small DNS server on loopback run by the test. It answers PTR queries
//! for some fixture addresses, says NXDOMAIN for the others, and never
//! answers for one (a dead name server, for the timeout path).
//!
//! Needs root (mount namespaces, port 53) and tcpdump; otherwise skipped
//! with a printed reason, unless NETDECODE_REQUIRE_LIVE=1 (CI, as root),
//! which makes that a failure.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::net::{Ipv4Addr, UdpSocket};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// What the test DNS server says about an address.
enum Answer {
    Name(&'static str),
    NxDomain,
    /// No reply at all.
    Silence,
}

/// The answers for the fixtures' addresses.
fn fixture_answers(a: Ipv4Addr) -> Answer {
    match a.octets() {
        // Also in the hosts file, which wins ("hosts: files dns").
        [10, 77, 0, 1] => Answer::Name("server.dns.test"),
        [10, 77, 0, 2] => Answer::Name("client.dns.test"),
        [10, 77, 100, 1] => Answer::Name("vlan-gw.dns.test"),
        [10, 77, 100, 2] => Answer::Silence,
        _ => Answer::NxDomain,
    }
}

const HOSTS: &str = "127.0.0.1 localhost\n10.77.0.1 server.hosts.test server\n";

const ETHERS: &str = "# test ethers\n02:00:00:77:00:01 srv-mac\n2:0:0:0:aa:1 dhcp-client\n";

/// Added before the system's services: the first name for a port wins,
/// and ports are read as C's strtoul reads them (0x: hexadecimal).
const SERVICES_HEAD: &str = "\
seven-first\t7777/udp
seven-second\t7777/udp
forty-hex\t0x9c40/udp\t# 40000
";

const NSSWITCH: &str = "\
passwd: files
group: files
hosts: files dns
services: files
ethers: files
protocols: files
";

fn reason_to_skip() -> Option<String> {
    if common::tcpdump().is_none() {
        return Some("tcpdump is not installed".into());
    }
    let uid = Command::new("id").arg("-u").output().ok()?;
    if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
        return Some("not root (needs a mount namespace and port 53)".into());
    }
    match Command::new("unshare").args(["-m", "true"]).status() {
        Ok(s) if s.success() => None,
        Ok(s) => Some(format!("unshare -m failed ({s})")),
        Err(e) => Some(format!("no unshare: {e}")),
    }
}

fn skip(test: &str) -> bool {
    let Some(reason) = reason_to_skip() else {
        return false;
    };
    if std::env::var("NETDECODE_REQUIRE_LIVE").as_deref() == Ok("1") {
        panic!("{test}: required (NETDECODE_REQUIRE_LIVE=1) but {reason}");
    }
    eprintln!("{test} skipped: {reason}");
    true
}

/// A DNS server on `ip`:53 answering PTR queries as `answers` says (other
/// queries: NXDOMAIN). Runs until the test process ends.
fn dns_server(ip: Ipv4Addr, answers: fn(Ipv4Addr) -> Answer) -> std::io::Result<()> {
    let sock = UdpSocket::bind((ip, 53))?;
    std::thread::spawn(move || {
        let mut buf = [0u8; 1500];
        loop {
            let Ok((n, peer)) = sock.recv_from(&mut buf) else {
                return;
            };
            if let Some(reply) = dns_reply(&buf[..n], answers) {
                let _ = sock.send_to(&reply, peer);
            }
        }
    });
    Ok(())
}

/// The reply to one query, or `None` for silence.
fn dns_reply(q: &[u8], answers: fn(Ipv4Addr) -> Answer) -> Option<Vec<u8>> {
    // Header (12 bytes), then the question: labels, type, class.
    let mut labels = Vec::new();
    let mut i = 12;
    loop {
        let len = usize::from(*q.get(i)?);
        i += 1;
        if len == 0 {
            break;
        }
        labels.push(String::from_utf8_lossy(q.get(i..i + len)?).to_ascii_lowercase());
        i += len;
    }
    let question = q.get(12..i + 4)?;
    let qtype = u16::from_be_bytes([q[i], q[i + 1]]);
    // d.c.b.a.in-addr.arpa
    let addr = match (qtype, labels.as_slice()) {
        (12, [d, c, b, a, arpa1, arpa2]) if arpa1 == "in-addr" && arpa2 == "arpa" => {
            format!("{a}.{b}.{c}.{d}").parse::<Ipv4Addr>().ok()
        }
        _ => None,
    };
    let name = match addr.map(answers) {
        Some(Answer::Silence) => return None,
        Some(Answer::Name(n)) => Some(n),
        Some(Answer::NxDomain) | None => None,
    };
    let mut r = Vec::new();
    r.extend_from_slice(&q[..2]); // id
    let rcode = if name.is_some() { 0 } else { 3 }; // NOERROR / NXDOMAIN
    r.extend_from_slice(&[0x81, 0x80 | rcode]); // QR RD RA
    r.extend_from_slice(&[0, 1, 0, u8::from(name.is_some()), 0, 0, 0, 0]);
    r.extend_from_slice(question);
    if let Some(name) = name {
        let mut rdata = Vec::new();
        for l in name.split('.') {
            rdata.push(l.len() as u8);
            rdata.extend_from_slice(l.as_bytes());
        }
        rdata.push(0);
        r.extend_from_slice(&[0xc0, 12, 0, 12, 0, 1, 0, 0, 0, 60]);
        r.extend_from_slice(&(rdata.len() as u16).to_be_bytes());
        r.extend_from_slice(&rdata);
    }
    Some(r)
}

/// An /etc overlay: the files written into `upper` replace the real ones
/// for commands run through [`Etc::run`].
struct Etc {
    dir: tempfile::TempDir,
    runs: AtomicUsize,
}

impl Etc {
    fn new(resolv_conf: &str) -> Etc {
        let dir = tempfile::tempdir().unwrap();
        let upper = dir.path().join("upper");
        std::fs::create_dir(&upper).unwrap();
        let system_services = std::fs::read_to_string("/etc/services").unwrap_or_default();
        for (name, text) in [
            ("hosts", HOSTS.to_string()),
            ("ethers", ETHERS.to_string()),
            ("services", format!("{SERVICES_HEAD}{system_services}")),
            ("nsswitch.conf", NSSWITCH.to_string()),
            ("resolv.conf", resolv_conf.to_string()),
        ] {
            std::fs::write(upper.join(name), text).unwrap();
        }
        Etc {
            dir,
            runs: AtomicUsize::new(0),
        }
    }

    /// Runs `prog args` with the overlay on /etc; returns its standard
    /// output and how long it took.
    fn run(&self, prog: &Path, args: &[&str]) -> (String, Duration) {
        // overlayfs wants a work directory of its own per mount.
        let n = self.runs.fetch_add(1, Ordering::SeqCst);
        let work = self.dir.path().join(format!("work{n}"));
        std::fs::create_dir(&work).unwrap();
        let start = Instant::now();
        let out = Command::new("unshare")
            .args(["-m", "sh", "-c"])
            .arg(
                "mount -t overlay overlay -o \"lowerdir=/etc,upperdir=$1,workdir=$2\" /etc \
                 && shift 2 && exec \"$@\"",
            )
            .arg("sh")
            .arg(self.dir.path().join("upper"))
            .arg(&work)
            .arg(prog)
            .args(args)
            .env("TZ", "UTC")
            .output()
            .unwrap();
        let took = start.elapsed();
        assert!(
            out.status.success() || !out.stdout.is_empty(),
            "{} {args:?}: {}",
            prog.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        (String::from_utf8_lossy(&out.stdout).into_owned(), took)
    }
}

const FLAGS: &[&[&str]] = &[&[], &["-e"], &["-v"], &["-e", "-vv"], &["-q"]];

#[test]
fn names_equal_tcpdump_without_n() {
    if skip("names_equal_tcpdump_without_n") {
        return;
    }
    let ns = Ipv4Addr::new(127, 77, 0, 53);
    dns_server(ns, fixture_answers).expect("bind the test DNS server on port 53");
    // One try, one second, for the silent address: tcpdump waits that long
    // for it on each run.
    let etc = Etc::new(&format!("nameserver {ns}\noptions timeout:1 attempts:1\n"));
    let tcpdump = common::tcpdump().unwrap();
    let mut failures = Vec::new();
    let mut compared = 0;
    let mut seen = String::new();
    for f in common::fixtures() {
        let path = f.to_str().unwrap();
        for flags in FLAGS {
            let mut args = vec!["-r", path];
            args.extend_from_slice(flags);
            let (theirs, _) = etc.run(&tcpdump, &args);
            // An answer slower than netdecode's wait (a loaded machine)
            // leaves a number where tcpdump, which waits, has a name: a
            // run that differs is tried again before it counts.
            let mut ours = String::new();
            for _ in 0..3 {
                ours = etc.run(common::bin(), &args).0;
                if ours == theirs {
                    break;
                }
            }
            compared += 1;
            seen.push_str(&ours);
            if ours != theirs {
                failures.push(common::first_difference(&f, flags, &theirs, &ours));
            }
        }
    }
    assert!(compared > 0, "no fixtures compared");
    assert!(
        failures.is_empty(),
        "{} of {} runs differ from tcpdump:\n{}",
        failures.len(),
        compared,
        failures.join("\n")
    );
    // The comparison covered every kind of name.
    for expected in [
        "server.hosts.test.http-alt", // hosts file, then port from services
        "client.dns.test.34756",      // reverse DNS
        "vlan-gw.dns.test",
        "10.77.100.2",   // the silent name server: a number
        "seven-first",   // first services entry for 7777/udp
        "forty-hex",     // 0x9c40 read as 40000
        "bootps",        // system services
        "srv-mac",       // ethers
        "dhcp-client",   // ethers, one-digit octets
        "Broadcast",     // tcpdump's own name
        "(oui Unknown)", // no vendor
    ] {
        assert!(seen.contains(expected), "no {expected:?} in any output");
    }
    assert!(!seen.contains("seven-second"));
}

#[test]
fn a_dead_name_server_does_not_hold_up_output() {
    if skip("a_dead_name_server_does_not_hold_up_output") {
        return;
    }
    let ns = Ipv4Addr::new(127, 77, 0, 54);
    dns_server(ns, |_| Answer::Silence).expect("bind the test DNS server on port 53");
    // Five seconds per try, the C library's default: tcpdump would take
    // ten seconds on this file.
    let etc = Etc::new(&format!("nameserver {ns}\noptions timeout:5 attempts:1\n"));
    let fixture = common::fixtures_dir().join("ping-arp.pcap");
    let (ours, took) = etc.run(common::bin(), &["-r", fixture.to_str().unwrap(), "-e"]);
    // 10.77.0.1 is in the hosts file; 10.77.0.2 and 10.77.0.99 cost one
    // bounded wait each, and nothing waits for the lookups still running
    // at the end.
    assert!(
        took < Duration::from_secs(2),
        "netdecode took {took:?} with a dead name server"
    );
    eprintln!("dead name server: netdecode took {took:?}");
    let first = ours.lines().next().unwrap_or_default();
    assert!(
        first.ends_with(
            "02:00:00:77:00:02 (oui Unknown) > Broadcast, ethertype ARP (0x0806), \
             length 42: Request who-has server.hosts.test tell 10.77.0.2, length 28"
        ),
        "{ours}"
    );
    assert!(
        ours.contains("10.77.0.2 > server.hosts.test: ICMP echo request"),
        "{ours}"
    );
}
