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

/// Neither -i nor -r: the first interface libpcap lists, as tcpdump 4.99
/// picks it; "any" then keeps libpcap's Linux cooked v1 (a named `-i any`
/// is cooked v2). In a namespace with only loopback up that is "any"; once
/// a veth pair is up, one of its ends. -L without -i lists the same
/// interface's link types.
#[test]
fn default_interface_as_tcpdump() {
    let Some(ns) = Ns::new() else { return };
    let bin = common::bin().to_path_buf();
    // The "listening on" line of a capture stopped after half a second.
    let listening = |prog: &std::path::Path| {
        let o = ns.run(
            std::path::Path::new("timeout"),
            &["-s", "INT", "0.5", prog.to_str().unwrap(), "-n"],
        );
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        let line = err
            .lines()
            .find(|l| l.contains("listening on"))
            .unwrap_or_else(|| panic!("{}: {err}", prog.display()))
            .to_string();
        line.strip_prefix("netdecode: ")
            .unwrap_or(&line)
            .to_string()
    };
    let ours = listening(&bin);
    assert_eq!(
        ours,
        "listening on any, link-type LINUX_SLL (Linux cooked v1), snapshot length 262144 bytes"
    );
    if let Some(t) = tcpdump() {
        assert_eq!(ours, listening(&t));
    }
    let named = ns.run(
        std::path::Path::new("timeout"),
        &["-s", "INT", "0.5", bin.to_str().unwrap(), "-n", "-i", "any"],
    );
    assert!(
        String::from_utf8_lossy(&named.stderr).contains("link-type LINUX_SLL2"),
        "{named:?}"
    );
    let n = rand_suffix();
    let (va, vb) = (
        format!("ndd{}a{n}", std::process::id() % 100000),
        format!("ndd{}b{n}", std::process::id() % 100000),
    );
    assert!(sh(&format!(
        "ip -n {ns} link add {va} type veth peer name {vb} && \
         ip -n {ns} link set {va} up && ip -n {ns} link set {vb} up",
        ns = ns.0
    )));
    // The veth ends need a moment to be running.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let ours = listening(&bin);
    assert!(
        ours.starts_with(&format!("listening on {va}, link-type EN10MB"))
            || ours.starts_with(&format!("listening on {vb}, link-type EN10MB")),
        "{ours}"
    );
    let ours_l = ns.run(&bin, &["-L"]);
    assert!(ours_l.status.success(), "{ours_l:?}");
    let ours_l = String::from_utf8_lossy(&ours_l.stderr).into_owned();
    assert!(ours_l.starts_with("Data link types for ndd"), "{ours_l}");
    if let Some(t) = tcpdump() {
        assert_eq!(ours, listening(&t));
        let theirs = ns.run(&t, &["-L"]);
        assert_eq!(ours_l, String::from_utf8_lossy(&theirs.stderr));
    }
}

/// `--time-stamp-precision` live, as tcpdump: a `-w` file of a live
/// capture has microsecond time stamps (magic a1b2c3d4) unless nano is
/// asked for (a1b23c4d), and text time stamps have 6 or 9 digits.
#[test]
fn live_time_stamp_precision_as_tcpdump() {
    let Some(ns) = Ns::new() else { return };
    if common::which("ping").is_none() {
        common::note("precision test skipped: no ping");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut progs = vec![common::bin().to_path_buf()];
    progs.extend(tcpdump());
    // Two packets of a ping on loopback, captured with `args`.
    let capture = |prog: &std::path::Path, args: &str| {
        let script = format!(
            "{} -i lo -c 2 {args} icmp & sleep 0.7; ping -c 1 -W 1 127.0.0.1 >/dev/null; wait",
            prog.display()
        );
        let o = Command::new("timeout")
            .arg("10")
            .args(["ip", "netns", "exec", &ns.0, "sh", "-c", &script])
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{} {args}: {}",
            prog.display(),
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    for (i, prog) in progs.iter().enumerate() {
        for (precision, magic, digits) in [
            (None, [0xd4, 0xc3, 0xb2, 0xa1], 6),
            (Some("micro"), [0xd4, 0xc3, 0xb2, 0xa1], 6),
            (Some("nano"), [0x4d, 0x3c, 0xb2, 0xa1], 9),
        ] {
            let opt = precision
                .map(|p| format!("--time-stamp-precision={p}"))
                .unwrap_or_default();
            let what = format!("{} {opt}", prog.display());
            let f = dir
                .path()
                .join(format!("p{i}-{}.pcap", precision.unwrap_or("none")));
            capture(prog, &format!("{opt} -w {}", f.display()));
            let bytes = std::fs::read(&f).unwrap();
            assert_eq!(bytes.get(..4), Some(&magic[..]), "{what}: magic");
            let (_, pkts) = common::read_packets(&f);
            assert_eq!(pkts.len(), 2, "{what}");
            if digits == 6 {
                // Microseconds, read back at nanosecond precision.
                assert!(pkts.iter().all(|p| p.nanos % 1000 == 0), "{what}");
            }
            let text = capture(prog, &format!("{opt} -n -tt"));
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(lines.len(), 2, "{what}: {text}");
            for l in lines {
                let ts = l.split(' ').next().unwrap();
                let frac = ts.split('.').nth(1).unwrap_or("");
                assert_eq!(frac.len(), digits, "{what}: {l}");
                assert!(frac.bytes().all(|b| b.is_ascii_digit()), "{what}: {l}");
            }
        }
    }
}

/// `-J` lists the time stamp types as tcpdump does; `-j` refuses a name
/// libpcap does not know, and warns (then captures) when the interface
/// does not offer the type, in tcpdump's words.
#[test]
fn time_stamp_types_as_tcpdump() {
    let bin = common::bin();
    let bad = common::run(&["-j", "nosuch", "-i", "lo"]);
    assert_eq!(
        bad.one_error_line(1),
        "netdecode: invalid time stamp type nosuch"
    );
    let Some(ns) = Ns::new() else { return };
    let ours = ns.run(bin, &["-J", "-i", "lo"]);
    assert!(ours.status.success(), "{ours:?}");
    let ours_err = String::from_utf8_lossy(&ours.stderr).into_owned();
    assert!(
        ours_err.starts_with("Time stamp types for lo (use option -j to set):\n  host (Host)\n"),
        "{ours_err}"
    );
    assert!(ours.stdout.is_empty());
    // Without -i: the default interface's ("any" in this namespace).
    let ours_default = ns.run(bin, &["-J"]);
    let ours_default = String::from_utf8_lossy(&ours_default.stderr).into_owned();
    assert!(
        ours_default.starts_with("Time stamp types for any "),
        "{ours_default}"
    );
    // A type loopback does not offer: a warning, and the capture goes on.
    let warn = ns.run(
        std::path::Path::new("timeout"),
        &[
            "-s",
            "INT",
            "0.5",
            bin.to_str().unwrap(),
            "-j",
            "adapter",
            "-i",
            "lo",
        ],
    );
    let warn_err = String::from_utf8_lossy(&warn.stderr).into_owned();
    let warning = "WARNING: When trying to set timestamp type 'adapter' on lo: \
                   That type of time stamp is not supported by that device";
    assert!(
        warn_err.starts_with(&format!("netdecode: {warning}\n")),
        "{warn_err}"
    );
    assert!(warn_err.contains("listening on lo"), "{warn_err}");
    // The warning comes first even when the open then fails.
    let failed = ns.run(bin, &["-j", "adapter", "-i", "nosuchdev"]);
    assert_eq!(failed.status.code(), Some(1), "{failed:?}");
    assert_eq!(
        String::from_utf8_lossy(&failed.stderr),
        "netdecode: WARNING: When trying to set timestamp type 'adapter' on nosuchdev: \
         That type of time stamp is not supported by that device\n\
         netdecode: nosuchdev: No such device exists\n"
    );
    if let Some(t) = tcpdump() {
        let theirs = ns.run(&t, &["-J", "-i", "lo"]);
        assert_eq!(ours_err, String::from_utf8_lossy(&theirs.stderr));
        let theirs = ns.run(&t, &["-J"]);
        assert_eq!(ours_default, String::from_utf8_lossy(&theirs.stderr));
        let theirs = Command::new(&t)
            .args(["-j", "nosuch", "-i", "lo"])
            .output()
            .unwrap();
        assert_eq!(theirs.status.code(), Some(1));
        assert_eq!(
            String::from_utf8_lossy(&theirs.stderr),
            "tcpdump: invalid time stamp type nosuch\n"
        );
        let theirs = ns.run(
            std::path::Path::new("timeout"),
            &[
                "-s",
                "INT",
                "0.5",
                t.to_str().unwrap(),
                "-j",
                "adapter",
                "-i",
                "lo",
            ],
        );
        assert!(
            String::from_utf8_lossy(&theirs.stderr).starts_with(&format!("tcpdump: {warning}\n")),
            "{theirs:?}"
        );
        let theirs = ns.run(&t, &["-j", "adapter", "-i", "nosuchdev"]);
        assert_eq!(theirs.status.code(), Some(1), "{theirs:?}");
        let theirs = String::from_utf8_lossy(&theirs.stderr).into_owned();
        assert!(
            theirs.starts_with(&format!(
                "tcpdump: {}\ntcpdump: nosuchdev: No such device exists\n",
                warning.replace("on lo:", "on nosuchdev:")
            )),
            "{theirs}"
        );
    }
}
