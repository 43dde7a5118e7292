//! Capture options side by side with tcpdump 4.99.3: `--count`, `-L`,
//! `-y`, `-Q`, `-B`. The live ones run as root in a network namespace the
//! test creates (loopback only), and are skipped with a printed reason
//! otherwise (a failure with NETDECODE_REQUIRE_LIVE=1).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::{Command, Output};

fn tcpdump() -> Option<std::path::PathBuf> {
    common::which("tcpdump")
}

#[test]
fn count_prints_the_number_as_tcpdump() {
    let f = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/arp-forms.pcap");
    for filter in [None, Some("arp"), Some("udp")] {
        let mut args = vec!["--count", "-r", f];
        args.extend(filter);
        let r = common::run(&args);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        let ours = r.text();
        assert!(
            ours.ends_with(" packets\n") || ours.ends_with(" packet\n"),
            "{ours}"
        );
        if let Some(t) = tcpdump() {
            let o = Command::new(t).args(&args).output().unwrap();
            assert_eq!(ours, String::from_utf8_lossy(&o.stdout), "{args:?}");
        }
    }
}

/// A network namespace with its loopback up, deleted on drop.
struct Ns(String);

impl Ns {
    fn new() -> Option<Ns> {
        let required = std::env::var("NETDECODE_REQUIRE_LIVE").is_ok_and(|v| v == "1");
        if !common::is_root() || common::which("ip").is_none() {
            assert!(!required, "live tests required but not root or no ip");
            common::note("capture option tests skipped: need root and iproute2");
            return None;
        }
        let name = format!("ndopt-{}-{}", std::process::id(), rand_suffix());
        let ok = Command::new("ip")
            .args(["netns", "add", &name])
            .status()
            .unwrap()
            .success()
            && Command::new("ip")
                .args(["-n", &name, "link", "set", "lo", "up"])
                .status()
                .unwrap()
                .success();
        assert!(ok, "set up namespace {name}");
        Some(Ns(name))
    }

    fn run(&self, prog: &std::path::Path, args: &[&str]) -> Output {
        Command::new("timeout")
            .arg("10")
            .args(["ip", "netns", "exec", &self.0])
            .arg(prog)
            .args(args)
            .output()
            .unwrap()
    }
}

fn rand_suffix() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    N.fetch_add(1, Ordering::SeqCst)
}

impl Drop for Ns {
    fn drop(&mut self) {
        let _ = Command::new("ip").args(["netns", "del", &self.0]).status();
    }
}

#[test]
fn list_and_set_link_types_as_tcpdump() {
    let Some(ns) = Ns::new() else { return };
    let bin = common::bin();
    let ours = ns.run(bin, &["-i", "lo", "-L"]);
    assert!(ours.status.success());
    let ours_err = String::from_utf8_lossy(&ours.stderr).into_owned();
    assert_eq!(
        ours_err,
        "Data link types for lo (use option -y to set):\n  EN10MB (Ethernet)\n"
    );
    let bad = ns.run(bin, &["-i", "lo", "-y", "NOSUCH", "-c", "1"]);
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&bad.stderr),
        "netdecode: invalid data link type NOSUCH\n"
    );
    if let Some(t) = tcpdump() {
        let theirs = ns.run(&t, &["-i", "lo", "-L"]);
        assert_eq!(ours_err, String::from_utf8_lossy(&theirs.stderr));
        let theirs = ns.run(&t, &["-i", "lo", "-y", "NOSUCH", "-c", "1"]);
        assert_eq!(theirs.status.code(), Some(1));
        assert_eq!(
            String::from_utf8_lossy(&theirs.stderr),
            "tcpdump: invalid data link type NOSUCH\n"
        );
    }
}

fn sh(cmd: &str) -> bool {
    Command::new("sh")
        .args(["-c", cmd])
        .status()
        .unwrap()
        .success()
}

/// A ping from namespace A to B across a veth pair: on A's end, `-Q out`
/// sees the request, `-Q in` the reply, `-Q inout` both; tcpdump the same.
#[test]
fn direction_selects_packets_as_tcpdump() {
    let Some(a) = Ns::new() else { return };
    let Some(b) = Ns::new() else { return };
    if common::which("ping").is_none() {
        common::note("direction test skipped: no ping");
        return;
    }
    let n = rand_suffix();
    let (va, vb) = (
        format!("ndq{}a{n}", std::process::id() % 100000),
        format!("ndq{}b{n}", std::process::id() % 100000),
    );
    let ok = sh(&format!(
        "ip link add {va} netns {} type veth peer name {vb} netns {} && \
         ip -n {0} addr add 198.51.100.1/24 dev {va} && ip -n {1} addr add 198.51.100.2/24 dev {vb} && \
         ip -n {0} link set {va} up && ip -n {1} link set {vb} up && \
         ip netns exec {0} ethtool -K {va} tso off gso off gro off tx off rx off >/dev/null 2>&1; \
         ip netns exec {1} ethtool -K {vb} tso off gso off gro off tx off rx off >/dev/null 2>&1; \
         ip netns exec {0} ping -c 1 -W 2 198.51.100.2 >/dev/null",
        a.0, b.0
    ));
    assert!(ok, "veth pair between the namespaces");
    let bin = common::bin();
    let mut progs = vec![bin.to_path_buf()];
    progs.extend(tcpdump());
    for prog in &progs {
        for (dir, want) in [("in", "reply"), ("out", "request"), ("inout", "both")] {
            let count = if want == "both" { 2 } else { 1 };
            let script = format!(
                "{} -i {va} -n -t -B 4096 -Q {dir} -c {count} icmp & sleep 0.7; \
                 ping -c 1 -W 1 198.51.100.2 >/dev/null; wait",
                prog.display()
            );
            let o = Command::new("timeout")
                .arg("10")
                .args(["ip", "netns", "exec", &a.0, "sh", "-c", &script])
                .output()
                .unwrap();
            let out = String::from_utf8_lossy(&o.stdout);
            let what = format!("{} -Q {dir}", prog.display());
            assert!(
                o.status.success(),
                "{what}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            assert_eq!(out.lines().count(), count, "{what}: {out}");
            let req = out.matches("echo request").count();
            let rep = out.matches("echo reply").count();
            match want {
                "reply" => assert_eq!((req, rep), (0, 1), "{what}: {out}"),
                "request" => assert_eq!((req, rep), (1, 0), "{what}: {out}"),
                _ => assert_eq!((req, rep), (1, 1), "{what}: {out}"),
            }
        }
    }
}

/// A full disk (a 8 KiB tmpfs mounted in a private mount namespace): one
/// error line naming the file, status 1, and the file holds whole records
/// only, the first packets of the input, readable back.
#[test]
fn full_disk_keeps_whole_records() {
    if !common::is_root() || common::which("unshare").is_none() {
        let required = std::env::var("NETDECODE_REQUIRE_LIVE").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "full-disk test required but not root or no unshare"
        );
        common::note("full-disk test skipped: need root and unshare");
        return;
    }
    let input = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/dns.pcap");
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let kept = dir.path().join("kept.pcap");
    let script = format!(
        "mount -t tmpfs -o size=8k tmpfs {m} && {bin} -r {input} -w {m}/out.pcap; \
         echo status=$?; cp {m}/out.pcap {kept}",
        m = mnt.display(),
        bin = common::bin().display(),
        kept = kept.display()
    );
    let o = Command::new("unshare")
        .args(["-m", "--propagation", "private", "sh", "-c", &script])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(out.contains("status=1"), "{out} {err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(&format!("{}/out.pcap", mnt.display())),
        "{err}"
    );
    assert!(err.contains("No space left on device"), "{err}");
    let size = std::fs::metadata(&kept).unwrap().len();
    assert!(size > 24 && size <= 8192, "{size}");
    // Whole records only: read back without complaint, the same first
    // packets as the input.
    let back = common::run(&["-n", "-r", kept.to_str().unwrap()]);
    assert_eq!(back.code, Some(0), "{}", back.stderr);
    let all = common::run(&["-n", "-r", input]);
    let got = back.text();
    assert!(!got.is_empty());
    assert!(all.text().starts_with(&got), "{got}");
    assert!(got.lines().count() < all.text().lines().count());
}
