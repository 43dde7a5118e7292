//! IPv6 filter expressions (`ip6`, `icmp6`, `ip6 host`, `ip6 net`,
//! `ip6 proto`, ports over IPv6) applied through libpcap to the real IPv6
//! fixtures: every packet netdecode prints passes the filter by what it
//! prints, the selective filters keep some packets and drop others, and
//! where tcpdump is installed it keeps the same packets.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::Command;

use common::{fixtures_dir, run};

/// (filter, what every line it keeps shows: one of these; libpcap's
/// protocol tests also take the later fragments of a datagram)
const FILTERS: &[(&str, &[&str])] = &[
    ("ip6", &["IP6 "]),
    ("icmp6", &["ICMP6", "frag ("]),
    ("ip6 host fd76::1", &["fd76::1"]),
    ("ip6 src host fd76::2", &["IP6 fd76::2"]),
    ("ip6 net fd76::/64", &["fd76::"]),
    ("ip6 net fe80::/10", &["fe80::"]),
    ("ip6 proto 58", &["ICMP6", "frag ("]),
    ("ip6 proto 17", &["UDP", "frag ("]),
    ("ip6 and tcp port 8080", &[".8080"]),
    ("icmp6 and ip6[40] == 135", &["neighbor solicitation"]),
    ("ip6 multicast", &[" > ff"]),
];

const FILES: &[&str] = &[
    "ipv6-nd.pcap",
    "ipv6-ping.pcap",
    "ipv6-tcp.pcap",
    "ipv6-udp.pcap",
];

fn lines(args: &[&str]) -> Vec<String> {
    let (out, err, code) = run(args).into_parts();
    assert_eq!(code, 0, "netdecode {args:?}: {err}");
    out.lines().map(str::to_string).collect()
}

#[test]
fn ipv6_filters_keep_what_they_say() {
    let tcpdump = common::tcpdump_or_skip("ipv6_filters");
    for &(filter, shows) in FILTERS {
        let mut kept = 0;
        let mut dropped = 0;
        for file in FILES {
            let path = fixtures_dir().join(file);
            let path = path.to_str().unwrap();
            let all = lines(&["-n", "-t", "-r", path]).len();
            let got = lines(&["-n", "-t", "-r", path, filter]);
            for l in &got {
                assert!(
                    shows.iter().any(|s| l.contains(s)),
                    "{file}, filter {filter:?}: {l}"
                );
            }
            kept += got.len();
            dropped += all - got.len();
            if let Some(td) = &tcpdump {
                let out = Command::new(td)
                    .args(["-n", "-t", "-r", path, filter])
                    .output()
                    .unwrap();
                assert!(out.status.success(), "tcpdump {filter:?}");
                let want: Vec<String> = String::from_utf8_lossy(&out.stdout)
                    .lines()
                    .map(str::to_string)
                    .collect();
                assert_eq!(got, want, "{file}, filter {filter:?}");
            }
        }
        assert!(kept > 0, "{filter:?} kept nothing");
        if filter != "ip6" {
            assert!(dropped > 0, "{filter:?} dropped nothing");
        }
    }
}
