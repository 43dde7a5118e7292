//! The DHCP engine on hand-made message sequences.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::dhcp::*;
use super::{Mac, Packet, Time, Vlans};

const CLIENT: Mac = Mac([2, 0, 0, 0, 0, 0x10]);
const CLIENT2: Mac = Mac([2, 0, 0, 0, 0, 0x11]);
const SRV_A_MAC: Mac = Mac([2, 0, 0, 0, 0, 1]);
const SRV_B_MAC: Mac = Mac([2, 0, 0, 0, 0, 2]);

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}
fn v4(s: &str) -> Ipv4Addr {
    s.parse().unwrap()
}

/// Builds messages with packet numbers and times in order.
struct Script {
    n: u64,
    ms: i64,
    vlans: Vlans,
}

impl Script {
    fn new() -> Script {
        Script {
            n: 0,
            ms: 0,
            vlans: Vlans::NONE,
        }
    }
    fn packet(&mut self, src_mac: Mac, dt_ms: i64) -> Packet {
        self.n += 1;
        self.ms += dt_ms;
        Packet {
            number: self.n,
            time: Time::new(1_000, self.ms * 1_000_000),
            src_mac: Some(src_mac),
            dst_mac: Some(Mac::BROADCAST),
            vlans: self.vlans,
        }
    }
    fn client(&mut self, mac: Mac, t: u8, xid: u32, dt_ms: i64) -> Message {
        let mut m = Message::new(self.packet(mac, dt_ms), Family::V4, Some(t), xid);
        m.client = Some(ClientId::Mac(mac));
        m.client_mac = Some(mac);
        m.src = ip("0.0.0.0");
        m.dst = ip("255.255.255.255");
        m
    }
    fn server(&mut self, srv: (&str, Mac), t: u8, client: Mac, xid: u32, dt_ms: i64) -> Message {
        let mut m = Message::new(self.packet(srv.1, dt_ms), Family::V4, Some(t), xid);
        m.client = Some(ClientId::Mac(client));
        m.client_mac = Some(client);
        m.server_id = Some(ServerId::Ip(ip(srv.0)));
        m.src = ip(srv.0);
        m.dst = ip("255.255.255.255");
        m
    }
}

const A: (&str, Mac) = ("10.0.0.1", SRV_A_MAC);
const B: (&str, Mac) = ("10.0.0.2", SRV_B_MAC);

fn offer(
    s: &mut Script,
    srv: (&str, Mac),
    client: Mac,
    xid: u32,
    addr: &str,
    router: &str,
) -> Message {
    let mut m = s.server(srv, v4::OFFER, client, xid, 10);
    m.addrs = vec![ip(addr)];
    m.lease = Some(3600);
    m.mask = Some(v4("255.255.255.0"));
    m.routers = Some(vec![ip(router)]);
    m.dns = Some(vec![ip(srv.0)]);
    m
}

fn request(s: &mut Script, client: Mac, xid: u32, srv: &str, addr: &str) -> Message {
    let mut m = s.client(client, v4::REQUEST, xid, 10);
    m.server_id = Some(ServerId::Ip(ip(srv)));
    m.requested = Some(ip(addr));
    m
}

fn ack(s: &mut Script, srv: (&str, Mac), t: u8, client: Mac, xid: u32, addr: &str) -> Message {
    let mut m = s.server(srv, t, client, xid, 10);
    if t == v4::ACK {
        m.addrs = vec![ip(addr)];
        m.lease = Some(3600);
        m.mask = Some(v4("255.255.255.0"));
        m.routers = Some(vec![ip(srv.0)]);
        m.dns = Some(vec![ip(srv.0)]);
    } else {
        m.message = Some("wrong address".into());
    }
    m
}

fn run(w: &mut DhcpWatch, msgs: Vec<Message>) -> Vec<Event> {
    let mut out = Vec::new();
    for m in msgs {
        w.push(m, &mut out);
    }
    w.finish(&mut out);
    out
}

fn transactions(ev: &[Event]) -> Vec<&Transaction> {
    ev.iter()
        .filter_map(|e| match e {
            Event::Transaction(t) => Some(&**t),
            _ => None,
        })
        .collect()
}

fn findings(ev: &[Event]) -> Vec<&Finding> {
    ev.iter()
        .filter_map(|e| match e {
            Event::Finding(f) => Some(&**f),
            _ => None,
        })
        .collect()
}

#[test]
fn one_server_one_lease_no_finding() {
    let mut s = Script::new();
    let mut w = DhcpWatch::new(Config::default());
    let mut d = s.client(CLIENT, v4::DISCOVER, 7, 0);
    d.host_name = Some("pc1".into());
    let msgs = vec![
        d,
        offer(&mut s, A, CLIENT, 7, "10.0.0.50", "10.0.0.1"),
        request(&mut s, CLIENT, 7, "10.0.0.1", "10.0.0.50"),
        ack(&mut s, A, v4::ACK, CLIENT, 7, "10.0.0.50"),
    ];
    let ev = run(&mut w, msgs);
    assert!(findings(&ev).is_empty(), "{ev:?}");
    let t = transactions(&ev);
    assert_eq!(t.len(), 1);
    let t = t[0];
    assert_eq!(t.outcome, Outcome::Ack);
    assert_eq!(t.kind, TransactionKind::Lease);
    assert_eq!(t.host_name.as_deref(), Some("pc1"));
    assert_eq!(t.offers.len(), 1);
    assert_eq!(t.requested.as_ref().unwrap().offer, Some(0));
    let a = t.ack.as_ref().unwrap();
    assert_eq!(a.packet, 4);
    assert_eq!(a.after_ns, Some(30_000_000));
    assert_eq!(t.packets.items, [1, 2, 3, 4]);
    assert!(!t.open, "ended by its ACK, not by the end of the capture");
    let servers = w.servers();
    assert_eq!(servers.len(), 1);
    assert_eq!((servers[0].offers, servers[0].acks), (1, 1));
    assert_eq!(servers[0].range.as_ref().unwrap().low, ip("10.0.0.50"));
}

#[test]
fn an_ack_waits_for_a_decline_then_is_reported() {
    let mut s = Script::new();
    let mut w = DhcpWatch::new(Config::default());
    let mut out = Vec::new();
    for m in [
        s.client(CLIENT, v4::DISCOVER, 7, 0),
        offer(&mut s, A, CLIENT, 7, "10.0.0.50", "10.0.0.1"),
        request(&mut s, CLIENT, 7, "10.0.0.1", "10.0.0.50"),
        ack(&mut s, A, v4::ACK, CLIENT, 7, "10.0.0.50"),
    ] {
        w.push(m, &mut out);
    }
    w.tick(Time::new(1_004, 0), &mut out);
    assert!(out.is_empty(), "held for a DECLINE");
    w.tick(Time::new(1_006, 0), &mut out);
    assert_eq!(transactions(&out).len(), 1);
}

#[test]
fn two_servers_overlapping_with_different_routers() {
    let mut s = Script::new();
    let mut w = DhcpWatch::new(Config::default());
    let msgs = vec![
        s.client(CLIENT, v4::DISCOVER, 7, 0),                    // 1
        offer(&mut s, A, CLIENT, 7, "10.0.0.50", "10.0.0.1"),    // 2
        offer(&mut s, B, CLIENT, 7, "10.0.0.60", "10.0.0.254"),  // 3
        request(&mut s, CLIENT, 7, "10.0.0.2", "10.0.0.60"),     // 4
        ack(&mut s, B, v4::ACK, CLIENT, 7, "10.0.0.60"),         // 5
        s.client(CLIENT2, v4::DISCOVER, 9, 1000),                // 6
        offer(&mut s, A, CLIENT2, 9, "10.0.0.70", "10.0.0.1"),   // 7
        offer(&mut s, B, CLIENT2, 9, "10.0.0.55", "10.0.0.254"), // 8
    ];
    let ev = run(&mut w, msgs);
    let f = findings(&ev);
    let names: Vec<&str> = f.iter().map(|f| f.kind.name()).collect();
    assert_eq!(
        names,
        [
            "multiple-servers",
            "different-options",
            "different-options",
            "overlapping-ranges"
        ],
        "{f:#?}"
    );
    assert_eq!(f[0].evidence.packets, [2, 3]);
    match &f[1].kind {
        FindingKind::DifferentOption { option, a, b } => {
            assert_eq!(*option, OptionKind::Router);
            assert_eq!((a.packet, b.packet), (2, 3));
            assert_eq!(b.addrs, [ip("10.0.0.254")]);
        }
        k => panic!("{k:?}"),
    }
    assert!(matches!(
        &f[2].kind,
        FindingKind::DifferentOption {
            option: OptionKind::Dns,
            ..
        }
    ));
    // A gave .50 then .70; B gave .60 (offered and acknowledged): A's
    // range [.50, .70] takes in B's [.60, .60] once packet 7 widens it.
    match &f[3].kind {
        FindingKind::OverlappingRanges { a, b } => {
            assert_eq!((a.low, a.high), (ip("10.0.0.60"), ip("10.0.0.60")));
            assert_eq!((b.low, b.high), (ip("10.0.0.50"), ip("10.0.0.70")));
        }
        k => panic!("{k:?}"),
    }
    assert_eq!(f[3].evidence.packets, [2, 3, 7]);
    assert_eq!(f[3].time, Time::new(1_000, 1_050 * 1_000_000));
    // Client 1 took B's offer.
    let t = transactions(&ev);
    assert_eq!(t[0].requested.as_ref().unwrap().offer, Some(1));
    assert_eq!(t[0].outcome, Outcome::Ack);
    // Client 2 never requested.
    assert_eq!(t[1].outcome, Outcome::NoRequest);
    assert!(t[1].open);
}

#[test]
fn nak_and_decline_are_findings() {
    let mut s = Script::new();
    let mut w = DhcpWatch::new(Config::default());
    let mut renew = s.client(CLIENT, v4::REQUEST, 1, 0); // 1
    renew.requested = Some(ip("192.168.9.9"));
    let msgs = vec![
        renew,
        ack(&mut s, A, v4::NAK, CLIENT, 1, ""), // 2
        s.client(CLIENT2, v4::DISCOVER, 2, 10), // 3
        offer(&mut s, A, CLIENT2, 2, "10.0.0.51", "10.0.0.1"), // 4
        request(&mut s, CLIENT2, 2, "10.0.0.1", "10.0.0.51"), // 5
        ack(&mut s, A, v4::ACK, CLIENT2, 2, "10.0.0.51"), // 6
        {
            let mut d = s.client(CLIENT2, v4::DECLINE, 2, 2000); // 7
            d.requested = Some(ip("10.0.0.51"));
            d
        },
    ];
    let ev = run(&mut w, msgs);
    let t = transactions(&ev);
    assert_eq!(t[0].outcome, Outcome::Nak);
    assert_eq!(t[0].kind, TransactionKind::Reboot);
    assert_eq!(t[1].outcome, Outcome::Decline);
    let f = findings(&ev);
    assert_eq!(f.len(), 2, "{f:#?}");
    match &f[0].kind {
        FindingKind::Nak {
            message, requested, ..
        } => {
            assert_eq!(message.as_deref(), Some("wrong address"));
            assert_eq!(*requested, Some(ip("192.168.9.9")));
        }
        k => panic!("{k:?}"),
    }
    assert_eq!(f[0].evidence.packets, [1, 2]);
    match &f[1].kind {
        FindingKind::Decline { addr, server, .. } => {
            assert_eq!(*addr, Some(ip("10.0.0.51")));
            assert_eq!(server.as_ref().unwrap().ip, ip("10.0.0.1"));
        }
        k => panic!("{k:?}"),
    }
    assert_eq!(f[1].evidence.packets, [6, 7]);
    // The transaction comes before the finding it raised.
    let first_t = ev
        .iter()
        .position(|e| matches!(e, Event::Transaction(_)))
        .unwrap();
    let first_f = ev
        .iter()
        .position(|e| matches!(e, Event::Finding(_)))
        .unwrap();
    assert!(first_t < first_f);
}

#[test]
fn a_client_that_retries_unanswered() {
    let mut s = Script::new();
    let mut w = DhcpWatch::new(Config::default());
    let mut out = Vec::new();
    for m in [
        s.client(CLIENT, v4::DISCOVER, 5, 0),
        s.client(CLIENT, v4::DISCOVER, 5, 3000),
        s.client(CLIENT, v4::DISCOVER, 5, 3000),
    ] {
        w.push(m, &mut out);
    }
    assert!(out.is_empty());
    // 30 s after the last one.
    w.tick(Time::new(1_037, 0), &mut out);
    let t = transactions(&out);
    assert_eq!(t.len(), 1);
    assert_eq!((t[0].outcome, t[0].discovers), (Outcome::NoAnswer, 3));
    assert!(!t[0].open);
    let f = findings(&out);
    assert_eq!(f.len(), 1);
    assert!(matches!(f[0].kind, FindingKind::NoAck { tries: 3, .. }));
    assert_eq!(f[0].evidence.packets, [1, 2, 3]);
    // Once is enough until it gets an ACK.
    let mut out = Vec::new();
    w.push(s.client(CLIENT, v4::DISCOVER, 6, 40_000), &mut out);
    w.push(s.client(CLIENT, v4::DISCOVER, 6, 3000), &mut out);
    w.finish(&mut out);
    assert!(findings(&out).is_empty());
}

#[test]
fn a_single_unanswered_discover_is_no_finding() {
    let mut s = Script::new();
    let mut w = DhcpWatch::new(Config::default());
    let ev = run(&mut w, vec![s.client(CLIENT, v4::DISCOVER, 5, 0)]);
    assert_eq!(transactions(&ev)[0].outcome, Outcome::NoAnswer);
    assert!(findings(&ev).is_empty());
}

#[test]
fn allowed_servers_by_ip_or_mac() {
    for allowed in [Allowed::Ip(ip("10.0.0.1")), Allowed::Mac(SRV_A_MAC)] {
        let mut s = Script::new();
        let mut w = DhcpWatch::new(Config {
            allowed: vec![allowed],
            ..Config::default()
        });
        let ev = run(
            &mut w,
            vec![
                s.client(CLIENT, v4::DISCOVER, 7, 0),
                offer(&mut s, A, CLIENT, 7, "10.0.0.50", "10.0.0.1"),
                offer(&mut s, B, CLIENT, 7, "10.0.0.60", "10.0.0.1"),
            ],
        );
        let f = findings(&ev);
        let rogue: Vec<_> = f
            .iter()
            .filter(|f| matches!(f.kind, FindingKind::UnauthorizedServer { .. }))
            .collect();
        assert_eq!(rogue.len(), 1, "{f:#?}");
        assert_eq!(rogue[0].evidence.packets, [3]);
        let servers = w.servers();
        assert_eq!(servers[0].allowed, Some(true));
        assert_eq!(servers[1].allowed, Some(false));
    }
}

#[test]
fn relayed_and_local_answers_share_the_client_segment() {
    let mut s = Script::new();
    let mut w = DhcpWatch::new(Config::default());
    let relay_mac = Mac([2, 0, 0, 0, 0, 0x99]);
    let mut relayed = offer(
        &mut s,
        ("10.9.0.1", relay_mac),
        CLIENT,
        7,
        "10.0.0.80",
        "10.0.0.1",
    );
    relayed.src = ip("10.0.0.254");
    relayed.relay = Some(ip("10.0.0.254"));
    let msgs = vec![
        s.client(CLIENT, v4::DISCOVER, 7, 0),
        relayed,
        offer(&mut s, A, CLIENT, 7, "10.0.0.50", "10.0.0.1"),
    ];
    // Reorder the numbers: discover 1, relayed 2, local 3.
    let ev = run(&mut w, msgs);
    let f = findings(&ev);
    assert_eq!(f[0].kind.name(), "multiple-servers");
    match &f[0].kind {
        FindingKind::MultipleServers { servers } => {
            assert!(servers[0].relayed && !servers[1].relayed);
            assert_eq!(servers[0].id, ServerId::Ip(ip("10.9.0.1")));
        }
        k => panic!("{k:?}"),
    }
    assert_eq!(f[0].segment, Segment::default());
    // Upstream of the relay: the segment is the relay's.
    let mut s = Script::new();
    let mut w = DhcpWatch::new(Config::default());
    let mut d = s.client(CLIENT, v4::DISCOVER, 7, 0);
    d.relay = Some(ip("10.5.0.1"));
    d.upstream = true;
    let mut o = offer(&mut s, A, CLIENT, 7, "10.5.0.50", "10.5.0.1");
    o.relay = Some(ip("10.5.0.1"));
    o.dst = ip("10.5.0.1");
    o.upstream = true;
    let ev = run(&mut w, vec![d, o]);
    let t = transactions(&ev);
    assert_eq!(t[0].segment.relay, Some(ip("10.5.0.1")));
    assert_eq!(t[0].relay, Some(ip("10.5.0.1")));
    assert_eq!(w.servers()[0].segment.relay, Some(ip("10.5.0.1")));
}

#[test]
fn vlans_are_separate_segments() {
    let mut s = Script::new();
    let mut w = DhcpWatch::new(Config::default());
    let d1 = s.client(CLIENT, v4::DISCOVER, 7, 0);
    let o1 = offer(&mut s, A, CLIENT, 7, "10.0.0.50", "10.0.0.1");
    s.vlans = Vlans::from_ids([20]);
    let d2 = s.client(CLIENT2, v4::DISCOVER, 8, 0);
    let o2 = offer(&mut s, B, CLIENT2, 8, "10.0.0.50", "10.0.0.254");
    let ev = run(&mut w, vec![d1, o1, d2, o2]);
    assert!(findings(&ev).is_empty(), "{:#?}", findings(&ev));
    let servers = w.servers();
    assert_eq!(servers.len(), 2);
    assert_eq!(servers[1].segment.vlans, Vlans::from_ids([20]));
}

fn v6msg(
    s: &mut Script,
    mac: Mac,
    t: u8,
    xid: u32,
    client: &[u8],
    server: Option<&[u8]>,
) -> Message {
    let mut m = Message::new(s.packet(mac, 10), Family::V6, Some(t), xid);
    m.client = Some(ClientId::Duid(client.to_vec()));
    m.server_id = server.map(|d| ServerId::Duid(d.to_vec()));
    m.src = ip("fe80::1");
    m.dst = ip("ff02::1:2");
    m
}

#[test]
fn dhcpv6_solicit_to_reply_across_two_xids() {
    let mut s = Script::new();
    let mut w = DhcpWatch::new(Config::default());
    let duid: &[u8] = &[0, 3, 0, 1, 2, 0, 0, 0, 0, 0x10];
    let sa: &[u8] = &[0, 3, 0, 1, 2, 0, 0, 0, 0, 1];
    let sb: &[u8] = &[0, 3, 0, 1, 2, 0, 0, 0, 0, 2];
    let mut adv_a = v6msg(&mut s, SRV_A_MAC, v6::ADVERTISE, 0x11, duid, Some(sa));
    adv_a.addrs = vec![ip("2001:db8::50")];
    adv_a.dns = Some(vec![ip("2001:db8::1")]);
    let mut adv_b = v6msg(&mut s, SRV_B_MAC, v6::ADVERTISE, 0x11, duid, Some(sb));
    adv_b.addrs = vec![ip("2001:db8::60")];
    adv_b.dns = Some(vec![ip("2001:db8::2")]);
    let req = v6msg(&mut s, CLIENT, v6::REQUEST, 0x22, duid, Some(sa));
    let mut reply = v6msg(&mut s, SRV_A_MAC, v6::REPLY, 0x22, duid, Some(sa));
    reply.addrs = vec![ip("2001:db8::50")];
    let sol = {
        let mut m = Message::new(
            Packet {
                number: 0,
                ..adv_a.packet
            },
            Family::V6,
            Some(v6::SOLICIT),
            0x11,
        );
        m.client = Some(ClientId::Duid(duid.to_vec()));
        m.packet.time = Time::new(999, 0);
        m
    };
    let ev = run(&mut w, vec![sol, adv_a, adv_b, req, reply]);
    let t = transactions(&ev);
    assert_eq!(t.len(), 1, "{ev:#?}");
    assert_eq!(t[0].family, Family::V6);
    assert_eq!(t[0].xids, [0x11, 0x22]);
    assert_eq!(t[0].offers.len(), 2);
    assert_eq!(t[0].requested.as_ref().unwrap().offer, Some(0));
    assert_eq!(t[0].outcome, Outcome::Ack);
    let names: Vec<&str> = findings(&ev).iter().map(|f| f.kind.name()).collect();
    assert_eq!(names, ["multiple-servers", "different-options"]);
}

#[test]
fn dhcpv6_failure_status_is_a_nak() {
    let mut s = Script::new();
    let mut w = DhcpWatch::new(Config::default());
    let duid: &[u8] = &[0, 3, 0, 1, 2, 0, 0, 0, 0, 0x10];
    let sa: &[u8] = &[0, 3, 0, 1, 2, 0, 0, 0, 0, 1];
    let renew = v6msg(&mut s, CLIENT, v6::RENEW, 0x33, duid, Some(sa));
    let mut reply = v6msg(&mut s, SRV_A_MAC, v6::REPLY, 0x33, duid, Some(sa));
    reply.status = Some(3);
    reply.message = Some("no binding".into());
    let ev = run(&mut w, vec![renew, reply]);
    let t = transactions(&ev);
    assert_eq!(
        (t[0].kind, t[0].outcome),
        (TransactionKind::Renew, Outcome::Nak)
    );
    let f = findings(&ev);
    assert!(matches!(
        f[0].kind,
        FindingKind::Nak {
            status: Some(3),
            ..
        }
    ));
    assert_eq!(f[0].evidence.packets, [1, 2]);
    let _ = Ipv6Addr::LOCALHOST;
}

#[test]
fn open_transactions_and_clients_are_bounded() {
    let mut s = Script::new();
    let mut w = DhcpWatch::new(Config {
        max_clients: 100,
        ..Config::default()
    });
    let mut out = Vec::new();
    for i in 0..1000u32 {
        let mac = Mac([2, 0, 0, 0, (i >> 8) as u8, i as u8]);
        w.push(s.client(mac, v4::DISCOVER, i, 1), &mut out);
    }
    // Each new client past the limit ended the oldest open one.
    assert_eq!(transactions(&out).len(), 900);
    assert!(w.stats().evicted >= 900);
    w.finish(&mut out);
    assert_eq!(transactions(&out).len(), 1000);
}

#[test]
fn servers_age_out() {
    let mut s = Script::new();
    let mut w = DhcpWatch::new(Config {
        max_age: 60,
        ..Config::default()
    });
    let mut out = Vec::new();
    w.push(s.client(CLIENT, v4::DISCOVER, 7, 0), &mut out);
    w.push(
        offer(&mut s, A, CLIENT, 7, "10.0.0.50", "10.0.0.1"),
        &mut out,
    );
    assert_eq!(w.servers().len(), 1);
    w.tick(Time::new(1_200, 0), &mut out);
    assert!(w.servers().is_empty());
    // A new server later is alone on the segment: no finding.
    w.push(s.client(CLIENT, v4::DISCOVER, 8, 300_000), &mut out);
    w.push(
        offer(&mut s, B, CLIENT, 8, "10.0.0.60", "10.0.0.1"),
        &mut out,
    );
    assert!(findings(&out).is_empty());
}
