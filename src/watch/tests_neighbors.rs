//! The neighbours engine on hand-made observations.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::neighbors::*;
use super::{Mac, Packet, Time, Vlans};

const A: Mac = Mac([2, 0, 0, 0, 0, 0xa]);
const B: Mac = Mac([2, 0, 0, 0, 0, 0xb]);
const C: Mac = Mac([2, 0, 0, 0, 0, 0xc]);

fn v4(s: &str) -> Ipv4Addr {
    s.parse().unwrap()
}
fn v6(s: &str) -> Ipv6Addr {
    s.parse().unwrap()
}

struct Feed {
    n: u64,
    ms: i64,
    w: NeighborWatch,
    out: Vec<Finding>,
}

impl Feed {
    fn new(cfg: Config) -> Feed {
        Feed {
            n: 0,
            ms: 0,
            w: NeighborWatch::new(cfg),
            out: Vec::new(),
        }
    }
    fn push(&mut self, src: Mac, dt_ms: i64, what: What) -> u64 {
        self.n += 1;
        self.ms += dt_ms;
        let packet = Packet {
            number: self.n,
            time: Time::new(2_000, self.ms * 1_000_000),
            src_mac: Some(src),
            dst_mac: Some(Mac::BROADCAST),
            vlans: Vlans::NONE,
        };
        self.w.push(Observation { packet, what }, &mut self.out);
        self.n
    }
    fn arp(&mut self, op: ArpOp, sha: Mac, spa: &str, tpa: &str, dt_ms: i64) -> u64 {
        self.push(
            sha,
            dt_ms,
            What::Arp {
                op,
                sha,
                spa: v4(spa),
                tha: Mac::ZERO,
                tpa: v4(tpa),
            },
        )
    }
    fn names(&self) -> Vec<&'static str> {
        self.out.iter().map(|f| f.kind.name()).collect()
    }
}

#[test]
fn two_macs_answer_for_one_address() {
    let mut f = Feed::new(Config::default());
    f.arp(ArpOp::Request, A, "10.0.0.1", "10.0.0.5", 0);
    f.arp(ArpOp::Reply, B, "10.0.0.5", "10.0.0.1", 1);
    f.arp(ArpOp::Reply, C, "10.0.0.5", "10.0.0.1", 1);
    // Again: raised once.
    f.arp(ArpOp::Reply, B, "10.0.0.5", "10.0.0.1", 1000);
    f.arp(ArpOp::Reply, C, "10.0.0.5", "10.0.0.1", 1);
    assert_eq!(f.names(), ["duplicate-address"]);
    assert_eq!(f.out[0].evidence.packets, [2, 3]);
    match f.out[0].kind {
        FindingKind::DuplicateAddress {
            old, new, apart_ns, ..
        } => {
            assert_eq!((old, new, apart_ns), (B, C, 1_000_000));
        }
        ref k => panic!("{k:?}"),
    }
    let pairs = f.w.pairs();
    let five: Vec<_> = pairs
        .iter()
        .filter(|p| p.ip == IpAddr::V4(v4("10.0.0.5")))
        .collect();
    assert_eq!(five.len(), 2);
    assert_eq!(
        (
            five[0].mac,
            five[0].count,
            five[0].first_packet,
            five[0].last_packet
        ),
        (B, 2, 2, 4)
    );
    assert_eq!(five[1].mac, C);
}

#[test]
fn a_new_mac_long_after_is_no_duplicate_unless_announced() {
    let mut f = Feed::new(Config::default());
    f.arp(ArpOp::Reply, B, "10.0.0.5", "10.0.0.1", 0);
    f.arp(ArpOp::Reply, C, "10.0.0.5", "10.0.0.1", 301_000);
    assert!(f.out.is_empty(), "{:?}", f.out);
    // A gratuitous ARP moving it back is raised.
    f.arp(ArpOp::Request, B, "10.0.0.5", "10.0.0.5", 400_000);
    assert_eq!(f.names(), ["announced-change"]);
    assert_eq!(f.out[0].evidence.packets, [2, 3]);
}

#[test]
fn a_gratuitous_arp_taking_a_live_address() {
    let mut f = Feed::new(Config::default());
    f.arp(ArpOp::Reply, B, "10.0.0.1", "10.0.0.9", 0);
    f.arp(ArpOp::Reply, C, "10.0.0.1", "10.0.0.1", 500);
    assert_eq!(f.names(), ["duplicate-address", "announced-change"]);
    // The owner's own announcement changes nothing.
    let mut f = Feed::new(Config::default());
    f.arp(ArpOp::Request, B, "10.0.0.1", "10.0.0.1", 0);
    f.arp(ArpOp::Request, B, "10.0.0.1", "10.0.0.1", 500);
    assert!(f.out.is_empty());
}

#[test]
fn a_mac_flipping_between_addresses() {
    let mut f = Feed::new(Config::default());
    f.arp(ArpOp::Request, A, "10.0.0.1", "10.0.0.9", 0);
    f.arp(ArpOp::Request, A, "10.0.0.1", "10.0.0.9", 100);
    f.arp(ArpOp::Request, A, "10.0.0.2", "10.0.0.9", 100);
    f.arp(ArpOp::Request, A, "10.0.0.1", "10.0.0.9", 100);
    f.arp(ArpOp::Request, A, "10.0.0.2", "10.0.0.9", 100);
    assert_eq!(f.names(), ["mac-flip"]);
    assert_eq!(f.out[0].evidence.packets, [1, 3, 4]);
    // Slower than the window: no flip.
    let mut f = Feed::new(Config::default());
    f.arp(ArpOp::Request, A, "10.0.0.1", "10.0.0.9", 0);
    f.arp(ArpOp::Request, A, "10.0.0.2", "10.0.0.9", 30_000);
    f.arp(ArpOp::Request, A, "10.0.0.1", "10.0.0.9", 31_000);
    assert!(f.out.is_empty());
}

#[test]
fn an_answered_probe_is_a_conflict() {
    let mut f = Feed::new(Config::default());
    f.arp(ArpOp::Request, C, "0.0.0.0", "10.0.0.5", 0);
    f.arp(ArpOp::Reply, B, "10.0.0.5", "0.0.0.0", 5);
    assert_eq!(f.names(), ["probe-answered"]);
    assert_eq!(f.out[0].evidence.packets, [1, 2]);
    assert!(matches!(
        f.out[0].kind,
        FindingKind::ProbeAnswered {
            prober: C,
            owner: B,
            ..
        }
    ));
    // The prober's own announcement after an unanswered probe is fine;
    // so is an answer after the window.
    let mut f = Feed::new(Config::default());
    f.arp(ArpOp::Request, C, "0.0.0.0", "10.0.0.5", 0);
    f.arp(ArpOp::Request, C, "10.0.0.5", "10.0.0.5", 2000);
    f.arp(ArpOp::Request, C, "0.0.0.0", "10.0.0.6", 0);
    f.arp(ArpOp::Reply, B, "10.0.0.6", "0.0.0.0", 11_000);
    assert!(f.out.is_empty(), "{:?}", f.out);
    // Two hosts probing for one address at once.
    let mut f = Feed::new(Config::default());
    f.arp(ArpOp::Request, C, "0.0.0.0", "10.0.0.5", 0);
    f.arp(ArpOp::Request, B, "0.0.0.0", "10.0.0.5", 300);
    assert_eq!(f.names(), ["probe-answered"]);
}

#[test]
fn dad_answered_is_a_failure() {
    let mut f = Feed::new(Config::default());
    let target = v6("2001:db8::5");
    f.push(
        C,
        0,
        What::Solicit {
            src: Ipv6Addr::UNSPECIFIED,
            target,
            slla: None,
        },
    );
    f.push(
        B,
        3,
        What::Advert {
            src: v6("fe80::b"),
            target,
            tlla: Some(B),
            solicited: false,
            override_flag: true,
            router: false,
        },
    );
    assert_eq!(f.names(), ["dad-failed"]);
    assert_eq!(f.out[0].evidence.packets, [1, 2]);
    assert!(matches!(
        f.out[0].kind,
        FindingKind::DadFailed {
            prober: C,
            owner: B,
            ..
        }
    ));
    // The defender's pair is in the table; the prober has none.
    let pairs = f.w.pairs();
    assert_eq!(pairs.len(), 1);
    assert_eq!(
        (pairs[0].mac, pairs[0].via, pairs[0].announced),
        (B, Via::Nd, 1)
    );
}

#[test]
fn an_arp_storm_is_raised_once() {
    let mut f = Feed::new(Config {
        storm_rate: 10,
        ..Config::default()
    });
    for i in 0..30 {
        let (who, ip) = if i % 3 == 0 {
            (A, "10.0.0.1")
        } else {
            (B, "10.0.0.2")
        };
        f.arp(ArpOp::Request, who, ip, "10.0.0.9", 20);
    }
    assert_eq!(f.names(), ["arp-storm"]);
    match f.out[0].kind {
        FindingKind::ArpStorm {
            requests,
            threshold,
            top,
            top_count,
        } => {
            assert_eq!((requests, threshold, top), (11, 10, Some(B)));
            assert!(top_count >= 7);
        }
        ref k => panic!("{k:?}"),
    }
    assert_eq!(f.out[0].evidence.packets.len(), 11);
    assert_eq!(f.out[0].evidence.packets[0], 1);
    // Quiet, then another storm: raised again.
    f.arp(ArpOp::Request, A, "10.0.0.1", "10.0.0.9", 5000);
    for _ in 0..30 {
        f.arp(ArpOp::Request, A, "10.0.0.1", "10.0.0.9", 20);
    }
    assert_eq!(f.names(), ["arp-storm", "arp-storm"]);
    // Below the rate: nothing.
    let mut f = Feed::new(Config {
        storm_rate: 10,
        ..Config::default()
    });
    for _ in 0..50 {
        f.arp(ArpOp::Request, A, "10.0.0.1", "10.0.0.9", 120);
    }
    assert!(f.out.is_empty());
}

#[test]
fn tables_are_bounded_and_age() {
    let mut f = Feed::new(Config {
        max_entries: 100,
        max_age: 600,
        ..Config::default()
    });
    for i in 0..1000u32 {
        let mac = Mac([2, 0, 0, 0, (i >> 8) as u8, i as u8]);
        let ip = Ipv4Addr::from(0x0a00_0000 + i);
        f.push(
            mac,
            100,
            What::Arp {
                op: ArpOp::Reply,
                sha: mac,
                spa: ip,
                tha: Mac::ZERO,
                tpa: v4("10.255.0.1"),
            },
        );
    }
    // Never more than half again the limit, even between sweeps.
    assert!(f.w.pairs().len() <= 150, "{}", f.w.pairs().len());
    f.w.tick(Time::new(2_000 + 100 + 3600, 0));
    assert!(f.w.pairs().is_empty());
    assert!(f.w.stats().forgotten >= 1000 - 100);
}
