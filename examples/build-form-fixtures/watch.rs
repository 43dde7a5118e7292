//! The rarer cases of `netdecode dhcp` and `netdecode neighbors`, which the
//! real captures (fixtures/make-watch-captures.sh) cannot easily show:
//! VLAN-tagged segments, relay agents seen from the client's side and from
//! the server's side, an unauthorized server behind a relayed official one,
//! INFORM, a rebooting client nobody answers, DHCPv6 through a relay with a
//! failure status and a DECLINE; ARP on two VLANs, a gratuitous ARP reply,
//! simultaneous RFC 5227 probes, simultaneous IPv6 duplicate address
//! detection, a late answer to a probe.
//!
//! Every frame is well formed (lengths and checksums computed); time stamps
//! are fixed and spaced as the exchanges need.

use crate::capture::Frame;
use crate::wire::*;

/// 2026-01-01 00:00:00 UTC.
const T0: u32 = 1_767_225_600;

fn mac(last: u16) -> [u8; 6] {
    let [a, b] = last.to_be_bytes();
    [0x02, 0x00, 0x00, 0x5a, a, b]
}

const BCAST4: [u8; 4] = [255, 255, 255, 255];
const ZERO4: [u8; 4] = [0, 0, 0, 0];

/// A BOOTP message: the fixed fields, the magic cookie, the options
/// (code, value) and the end option, padded to 300 bytes.
struct Bootp {
    op: u8,
    xid: u32,
    flags: u16,
    ciaddr: [u8; 4],
    yiaddr: [u8; 4],
    giaddr: [u8; 4],
    chaddr: [u8; 6],
    options: Vec<(u8, Vec<u8>)>,
}

impl Bootp {
    fn request(xid: u32, chaddr: [u8; 6], msg_type: u8) -> Bootp {
        Bootp {
            op: 1,
            xid,
            flags: 0,
            ciaddr: ZERO4,
            yiaddr: ZERO4,
            giaddr: ZERO4,
            chaddr,
            options: vec![(53, vec![msg_type])],
        }
    }
    fn reply(xid: u32, chaddr: [u8; 6], msg_type: u8, server: [u8; 4]) -> Bootp {
        Bootp {
            op: 2,
            options: vec![(53, vec![msg_type]), (54, server.to_vec())],
            ..Bootp::request(xid, chaddr, msg_type)
        }
    }
    fn opt(mut self, code: u8, value: &[u8]) -> Bootp {
        self.options.push((code, value.to_vec()));
        self
    }
    /// An offer's or ACK's address and options.
    fn lease(mut self, yiaddr: [u8; 4], mask: [u8; 4], router: [u8; 4], dns: [u8; 4]) -> Bootp {
        self.yiaddr = yiaddr;
        self.opt(51, &3600u32.to_be_bytes())
            .opt(1, &mask)
            .opt(3, &router)
            .opt(6, &dns)
    }
    fn bytes(&self) -> Vec<u8> {
        let mut b = vec![self.op, 1, 6, 0];
        b.extend_from_slice(&self.xid.to_be_bytes());
        b.extend_from_slice(&[0, 0]);
        b.extend_from_slice(&self.flags.to_be_bytes());
        b.extend_from_slice(&self.ciaddr);
        b.extend_from_slice(&self.yiaddr);
        b.extend_from_slice(&ZERO4);
        b.extend_from_slice(&self.giaddr);
        b.extend_from_slice(&self.chaddr);
        b.extend_from_slice(&[0; 10 + 64 + 128]);
        b.extend_from_slice(&[99, 130, 83, 99]);
        for (code, value) in &self.options {
            b.push(*code);
            b.push(value.len() as u8);
            b.extend_from_slice(value);
        }
        b.push(255);
        if b.len() < 300 {
            b.resize(300, 0);
        }
        b
    }
}

/// One UDP/IPv4 datagram in an Ethernet frame, with VLAN tags.
#[allow(clippy::too_many_arguments)]
fn udp4(
    tags: &[(u16, u16)],
    smac: [u8; 6],
    dmac: [u8; 6],
    sip: [u8; 4],
    dip: [u8; 4],
    sport: u16,
    dport: u16,
    payload: &[u8],
) -> Vec<u8> {
    let seg = udp(sip, dip, sport, dport, payload);
    let ip = Ipv4::new(sip, dip, PROTO_UDP, 0).build(&seg);
    tagged(dmac, smac, tags, ETHERTYPE_IPV4, &ip)
}

/// A client's broadcast message.
fn from_client(tags: &[(u16, u16)], b: &Bootp) -> Vec<u8> {
    udp4(
        tags,
        b.chaddr,
        MAC_BCAST,
        b.ciaddr,
        BCAST4,
        68,
        67,
        &b.bytes(),
    )
}

/// A server's (or relay's) broadcast answer.
fn from_server(tags: &[(u16, u16)], smac: [u8; 6], sip: [u8; 4], b: &Bootp) -> Vec<u8> {
    udp4(tags, smac, MAC_BCAST, sip, BCAST4, 67, 68, &b.bytes())
}

fn vlan(id: u16) -> [(u16, u16); 1] {
    [(TPID_8021Q, id)]
}

/// A v4 lease exchange (DISCOVER, OFFERs, REQUEST, ACK) on one VLAN.
fn at(f: Vec<u8>, note: &str, secs: u32, ms: u32) -> Frame {
    Frame::new(note, f).at(T0 + secs, ms * 1_000_000)
}

fn v6(s: &str) -> [u8; 16] {
    s.parse::<std::net::Ipv6Addr>()
        .map(|a| a.octets())
        .unwrap_or([0; 16])
}

/// An IPv6 packet (next header `nh`, hop limit `hlim`) in an Ethernet frame.
fn ip6(
    smac: [u8; 6],
    dmac: [u8; 6],
    src: [u8; 16],
    dst: [u8; 16],
    nh: u8,
    hlim: u8,
    payload: &[u8],
) -> Vec<u8> {
    let mut ip = vec![0x60, 0, 0, 0];
    ip.extend_from_slice(&(payload.len() as u16).to_be_bytes());
    ip.extend_from_slice(&[nh, hlim]);
    ip.extend_from_slice(&src);
    ip.extend_from_slice(&dst);
    ip.extend_from_slice(payload);
    ether(dmac, smac, 0x86dd, &ip)
}

/// The upper-layer checksum over the IPv6 pseudo-header.
fn sum6(src: [u8; 16], dst: [u8; 16], nh: u8, data: &[u8]) -> u16 {
    let mut pseudo = Vec::new();
    pseudo.extend_from_slice(&src);
    pseudo.extend_from_slice(&dst);
    pseudo.extend_from_slice(&(data.len() as u32).to_be_bytes());
    pseudo.extend_from_slice(&[0, 0, 0, nh]);
    fold(ones_sum(data, ones_sum(&pseudo, 0)))
}

fn udp6(
    smac: [u8; 6],
    dmac: [u8; 6],
    src: [u8; 16],
    dst: [u8; 16],
    sport: u16,
    dport: u16,
    payload: &[u8],
) -> Vec<u8> {
    let mut u = Vec::new();
    u.extend_from_slice(&sport.to_be_bytes());
    u.extend_from_slice(&dport.to_be_bytes());
    u.extend_from_slice(&((8 + payload.len()) as u16).to_be_bytes());
    u.extend_from_slice(&[0, 0]);
    u.extend_from_slice(payload);
    let mut s = sum6(src, dst, PROTO_UDP, &u);
    if s == 0 {
        s = 0xffff;
    }
    u[6..8].copy_from_slice(&s.to_be_bytes());
    ip6(smac, dmac, src, dst, PROTO_UDP, 64, &u)
}

fn opt6(code: u16, data: &[u8]) -> Vec<u8> {
    let mut v = code.to_be_bytes().to_vec();
    v.extend_from_slice(&(data.len() as u16).to_be_bytes());
    v.extend_from_slice(data);
    v
}

/// A DUID-LL of an Ethernet address.
fn duid_ll(m: [u8; 6]) -> Vec<u8> {
    let mut d = vec![0, 3, 0, 1];
    d.extend_from_slice(&m);
    d
}

/// A DHCPv6 client/server message.
fn msg6(t: u8, xid: u32, options: &[Vec<u8>]) -> Vec<u8> {
    let mut m = vec![t];
    m.extend_from_slice(&xid.to_be_bytes()[1..]);
    for o in options {
        m.extend_from_slice(o);
    }
    m
}

/// An IA_NA with one address (and a status inside when `status` is set).
fn ia_na(iaid: u32, addr: Option<&str>, status: Option<(u16, &str)>) -> Vec<u8> {
    let mut d = iaid.to_be_bytes().to_vec();
    d.extend_from_slice(&1800u32.to_be_bytes());
    d.extend_from_slice(&2880u32.to_be_bytes());
    if let Some(a) = addr {
        let mut ia = v6(a).to_vec();
        ia.extend_from_slice(&3600u32.to_be_bytes());
        ia.extend_from_slice(&7200u32.to_be_bytes());
        d.extend_from_slice(&opt6(5, &ia));
    }
    if let Some((code, text)) = status {
        let mut s = code.to_be_bytes().to_vec();
        s.extend_from_slice(text.as_bytes());
        d.extend_from_slice(&opt6(13, &s));
    }
    opt6(3, &d)
}

/// `netdecode dhcp`'s rarer cases.
pub fn dhcp_frames() -> Vec<Frame> {
    let mut v = Vec::new();
    let mask24 = [255, 255, 255, 0];
    // --- VLAN 10 and VLAN 20: one server each, different routers: no
    // finding, segments apart.
    for (i, id) in [10u16, 20].into_iter().enumerate() {
        let base = (i as u32) * 2;
        let c = mac(id << 8 | 1);
        let s = mac(id << 8 | 0xfe);
        let net = id as u8;
        let srv = [10, net, 0, 1];
        let tags = vlan(id);
        let xid = 0x0a00_0000 | u32::from(id);
        v.push(at(
            from_client(&tags, &Bootp::request(xid, c, 1)),
            "VLAN DISCOVER",
            base,
            0,
        ));
        v.push(at(
            from_server(
                &tags,
                s,
                srv,
                &Bootp::reply(xid, c, 2, srv).lease([10, net, 0, 100], mask24, srv, srv),
            ),
            "VLAN OFFER",
            base,
            10,
        ));
        v.push(at(
            from_client(
                &tags,
                &Bootp::request(xid, c, 3)
                    .opt(54, &srv)
                    .opt(50, &[10, net, 0, 100]),
            ),
            "VLAN REQUEST",
            base,
            20,
        ));
        v.push(at(
            from_server(
                &tags,
                s,
                srv,
                &Bootp::reply(xid, c, 5, srv).lease([10, net, 0, 100], mask24, srv, srv),
            ),
            "VLAN ACK",
            base,
            30,
        ));
    }
    // --- VLAN 30: two servers, the second with another subnet mask.
    {
        let tags = vlan(30);
        let c = mac(0x3001);
        let (sa, sb) = ([10, 30, 0, 1], [10, 30, 0, 2]);
        let (ma, mb) = (mac(0x30fe), mac(0x30fd));
        let xid = 0x0a00_0030;
        v.push(at(
            from_client(&tags, &Bootp::request(xid, c, 1)),
            "VLAN 30 DISCOVER",
            5,
            0,
        ));
        v.push(at(
            from_server(
                &tags,
                ma,
                sa,
                &Bootp::reply(xid, c, 2, sa).lease([10, 30, 0, 50], mask24, sa, sa),
            ),
            "VLAN 30 OFFER, server A",
            5,
            10,
        ));
        v.push(at(
            from_server(
                &tags,
                mb,
                sb,
                &Bootp::reply(xid, c, 2, sb).lease([10, 30, 0, 60], [255, 255, 0, 0], sa, sa),
            ),
            "VLAN 30 OFFER, server B: mask /16",
            5,
            11,
        ));
        v.push(at(
            from_client(
                &tags,
                &Bootp::request(xid, c, 3)
                    .opt(54, &sa)
                    .opt(50, &[10, 30, 0, 50]),
            ),
            "VLAN 30 REQUEST of A's offer",
            5,
            20,
        ));
        v.push(at(
            from_server(
                &tags,
                ma,
                sa,
                &Bootp::reply(xid, c, 5, sa).lease([10, 30, 0, 50], mask24, sa, sa),
            ),
            "VLAN 30 ACK",
            5,
            30,
        ));
    }
    // --- The client's side of a relay: the official server (10.99.0.10)
    // answers through the relay agent 10.40.0.1; a local server answers too.
    let relay_mac = mac(0x4001);
    let relay = [10, 40, 0, 1];
    let central = [10, 99, 0, 10];
    let rogue_mac = mac(0x4066);
    let rogue = [10, 40, 0, 66];
    {
        let c = mac(0x4010);
        let xid = 0x0a00_0040;
        v.push(at(
            from_client(&[], &Bootp::request(xid, c, 1).opt(12, b"desk-40")),
            "DISCOVER",
            8,
            0,
        ));
        let mut o = Bootp::reply(xid, c, 2, central).lease([10, 40, 0, 50], mask24, relay, central);
        o.giaddr = relay;
        v.push(at(
            from_server(&[], relay_mac, relay, &o),
            "OFFER relayed from 10.99.0.10",
            8,
            15,
        ));
        v.push(at(
            from_server(
                &[],
                rogue_mac,
                rogue,
                &Bootp::reply(xid, c, 2, rogue).lease([10, 40, 0, 150], mask24, rogue, rogue),
            ),
            "OFFER from a local server",
            8,
            16,
        ));
        v.push(at(
            from_client(
                &[],
                &Bootp::request(xid, c, 3)
                    .opt(54, &central)
                    .opt(50, &[10, 40, 0, 50]),
            ),
            "REQUEST of the relayed offer",
            8,
            30,
        ));
        let mut a = Bootp::reply(xid, c, 5, central).lease([10, 40, 0, 50], mask24, relay, central);
        a.giaddr = relay;
        v.push(at(
            from_server(&[], relay_mac, relay, &a),
            "ACK relayed",
            8,
            45,
        ));
    }
    // --- The server's side of another relay (10.50.0.1): unicast between
    // relay and server, giaddr set.
    {
        let c = mac(0x5010);
        let xid = 0x0a00_0050;
        let r = [10, 50, 0, 1];
        let (rmac, smac) = (mac(0x5001), mac(0x9910));
        let mut d = Bootp::request(xid, c, 1);
        d.giaddr = r;
        v.push(at(
            udp4(&[], rmac, smac, r, central, 67, 67, &d.bytes()),
            "relayed DISCOVER to the server",
            10,
            0,
        ));
        let mut o = Bootp::reply(xid, c, 2, central).lease([10, 50, 0, 20], mask24, r, central);
        o.giaddr = r;
        v.push(at(
            udp4(&[], smac, rmac, central, r, 67, 67, &o.bytes()),
            "OFFER to the relay",
            10,
            5,
        ));
        let mut q = Bootp::request(xid, c, 3)
            .opt(54, &central)
            .opt(50, &[10, 50, 0, 20]);
        q.giaddr = r;
        v.push(at(
            udp4(&[], rmac, smac, r, central, 67, 67, &q.bytes()),
            "relayed REQUEST",
            10,
            20,
        ));
        let mut a = Bootp::reply(xid, c, 5, central).lease([10, 50, 0, 20], mask24, r, central);
        a.giaddr = r;
        v.push(at(
            udp4(&[], smac, rmac, central, r, 67, 67, &a.bytes()),
            "ACK to the relay",
            10,
            25,
        ));
    }
    // --- INFORM from a configured host, answered by the local server.
    {
        let c = mac(0x4077);
        let xid = 0x0a00_0077;
        let mut i = Bootp::request(xid, c, 8);
        i.ciaddr = [10, 40, 0, 77];
        v.push(at(
            udp4(&[], c, MAC_BCAST, i.ciaddr, BCAST4, 68, 67, &i.bytes()),
            "INFORM",
            12,
            0,
        ));
        let mut a = Bootp::reply(xid, c, 5, rogue).opt(3, &rogue).opt(6, &rogue);
        a.ciaddr = [10, 40, 0, 77];
        v.push(at(
            udp4(
                &[],
                rogue_mac,
                c,
                rogue,
                [10, 40, 0, 77],
                67,
                68,
                &a.bytes(),
            ),
            "ACK to the INFORM",
            12,
            5,
        ));
    }
    // --- A rebooting client asks three times for its old address; nobody
    // answers.
    {
        let c = mac(0x4088);
        let xid = 0x0a00_0088;
        for k in 0..3u32 {
            v.push(at(
                from_client(&[], &Bootp::request(xid, c, 3).opt(50, &[10, 40, 0, 88])),
                "REQUEST (INIT-REBOOT), unanswered",
                14 + 2 * k,
                0,
            ));
        }
    }
    // --- DHCPv6 through a relay (link 2001:db8:60::1): SOLICIT answered
    // NoAddrsAvail; a RENEW answered NoBinding; a lease declined.
    {
        let client = mac(0x6010);
        let cduid = duid_ll(client);
        let sduid = duid_ll(mac(0x6099));
        let relay6 = v6("2001:db8:60::1");
        let server6 = v6("2001:db8:99::10");
        let peer = v6("fe80::ff:fe5a:6010");
        let (rmac, smac) = (mac(0x6001), mac(0x6099));
        let relayed = |t: u8, inner: Vec<u8>| -> Vec<u8> {
            let mut m = vec![t, 0];
            m.extend_from_slice(&relay6);
            m.extend_from_slice(&peer);
            m.extend_from_slice(&opt6(9, &inner));
            m
        };
        let to_server = |m: Vec<u8>| udp6(rmac, smac, relay6, server6, 547, 547, &m);
        let to_relay = |m: Vec<u8>| udp6(smac, rmac, server6, relay6, 547, 547, &m);
        let sol = msg6(1, 0x61_0001, &[opt6(1, &cduid), ia_na(1, None, None)]);
        v.push(at(
            to_server(relayed(12, sol)),
            "RELAY-FORW(SOLICIT)",
            20,
            0,
        ));
        let adv = msg6(
            2,
            0x61_0001,
            &[
                opt6(1, &cduid),
                opt6(2, &sduid),
                opt6(13, b"\x00\x02no addresses"),
            ],
        );
        v.push(at(
            to_relay(relayed(13, adv)),
            "RELAY-REPL(ADVERTISE NoAddrsAvail)",
            20,
            5,
        ));
        let renew = msg6(
            5,
            0x61_0002,
            &[
                opt6(1, &cduid),
                opt6(2, &sduid),
                ia_na(1, Some("2001:db8:60::77"), None),
            ],
        );
        v.push(at(
            to_server(relayed(12, renew)),
            "RELAY-FORW(RENEW)",
            22,
            0,
        ));
        let nb = msg6(
            7,
            0x61_0002,
            &[
                opt6(1, &cduid),
                opt6(2, &sduid),
                ia_na(1, None, Some((3, "no binding"))),
            ],
        );
        v.push(at(
            to_relay(relayed(13, nb)),
            "RELAY-REPL(REPLY NoBinding in the IA)",
            22,
            5,
        ));
        let req = msg6(
            3,
            0x61_0003,
            &[
                opt6(1, &cduid),
                opt6(2, &sduid),
                ia_na(1, Some("2001:db8:60::78"), None),
            ],
        );
        v.push(at(
            to_server(relayed(12, req)),
            "RELAY-FORW(REQUEST)",
            24,
            0,
        ));
        let rep = msg6(
            7,
            0x61_0003,
            &[
                opt6(1, &cduid),
                opt6(2, &sduid),
                ia_na(1, Some("2001:db8:60::78"), None),
            ],
        );
        v.push(at(to_relay(relayed(13, rep)), "RELAY-REPL(REPLY)", 24, 5));
        let dec = msg6(
            9,
            0x61_0004,
            &[
                opt6(1, &cduid),
                opt6(2, &sduid),
                ia_na(1, Some("2001:db8:60::78"), None),
            ],
        );
        v.push(at(
            to_server(relayed(12, dec)),
            "RELAY-FORW(DECLINE)",
            25,
            0,
        ));
        let ok = msg6(
            7,
            0x61_0004,
            &[opt6(1, &cduid), opt6(2, &sduid), opt6(13, b"\x00\x00")],
        );
        v.push(at(
            to_relay(relayed(13, ok)),
            "RELAY-REPL(REPLY to the DECLINE)",
            25,
            5,
        ));
    }
    v
}

/// An Ethernet ARP packet (IPv4 over Ethernet).
fn arp(
    tags: &[(u16, u16)],
    op: u16,
    sha: [u8; 6],
    spa: [u8; 4],
    tha: [u8; 6],
    tpa: [u8; 4],
    dst: [u8; 6],
) -> Vec<u8> {
    let mut a = vec![0, 1, 8, 0, 6, 4];
    a.extend_from_slice(&op.to_be_bytes());
    a.extend_from_slice(&sha);
    a.extend_from_slice(&spa);
    a.extend_from_slice(&tha);
    a.extend_from_slice(&tpa);
    pad60(tagged(dst, sha, tags, ETHERTYPE_ARP, &a))
}

/// An ICMPv6 neighbour discovery message: type, the 4 bytes after the
/// checksum, the body (target and options); checksum computed.
#[allow(clippy::too_many_arguments)]
fn nd(
    smac: [u8; 6],
    dmac: [u8; 6],
    src: [u8; 16],
    dst: [u8; 16],
    t: u8,
    word: [u8; 4],
    body: &[u8],
) -> Vec<u8> {
    let mut m = vec![t, 0, 0, 0];
    m.extend_from_slice(&word);
    m.extend_from_slice(body);
    let s = sum6(src, dst, 58, &m);
    m[2..4].copy_from_slice(&s.to_be_bytes());
    ip6(smac, dmac, src, dst, 58, 255, &m)
}

fn lladdr(t: u8, m: [u8; 6]) -> Vec<u8> {
    let mut o = vec![t, 1];
    o.extend_from_slice(&m);
    o
}

/// `netdecode neighbors`' rarer cases.
pub fn neighbor_frames() -> Vec<Frame> {
    let mut v = Vec::new();
    let (a, b, c, d) = (mac(0x0a), mac(0x0b), mac(0x0c), mac(0x0d));
    let ip5 = [10, 1, 0, 5];
    let asker = [10, 1, 0, 1];
    // One address, a MAC on each of two VLANs: no finding.
    v.push(at(
        arp(&vlan(10), 2, a, ip5, d, asker, d),
        "VLAN 10: 10.1.0.5 is-at a",
        0,
        0,
    ));
    v.push(at(
        arp(&vlan(20), 2, b, ip5, d, asker, d),
        "VLAN 20: 10.1.0.5 is-at b",
        0,
        100,
    ));
    // On VLAN 10, b announces the address with a gratuitous ARP reply.
    v.push(at(
        arp(&vlan(10), 2, b, ip5, MAC_BCAST, ip5, MAC_BCAST),
        "VLAN 10: gratuitous ARP reply, 10.1.0.5 is-at b",
        1,
        0,
    ));
    // Two hosts probe for one address at once (RFC 5227 §2.1.1).
    let ip9 = [10, 1, 0, 9];
    v.push(at(
        arp(&[], 1, c, ZERO4, [0; 6], ip9, MAC_BCAST),
        "ARP probe for 10.1.0.9 by c",
        2,
        0,
    ));
    v.push(at(
        arp(&[], 1, d, ZERO4, [0; 6], ip9, MAC_BCAST),
        "ARP probe for 10.1.0.9 by d",
        2,
        300,
    ));
    // A probe answered too late (11 s): no conflict.
    let ip20 = [10, 1, 0, 20];
    v.push(at(
        arp(&[], 1, c, ZERO4, [0; 6], ip20, MAC_BCAST),
        "ARP probe for 10.1.0.20 by c",
        3,
        0,
    ));
    v.push(at(
        arp(&[], 2, a, ip20, c, ZERO4, c),
        "10.1.0.20 is-at a, 11 s later",
        14,
        0,
    ));
    // IPv6: two hosts run duplicate address detection for one address.
    let t9 = v6("2001:db8::9");
    let snm = v6("ff02::1:ff00:9");
    let snm_mac = [0x33, 0x33, 0xff, 0, 0, 9];
    let unspec = [0u8; 16];
    v.push(at(
        nd(c, snm_mac, unspec, snm, 135, [0; 4], &t9),
        "DAD NS for 2001:db8::9 by c",
        15,
        0,
    ));
    v.push(at(
        nd(d, snm_mac, unspec, snm, 135, [0; 4], &t9),
        "DAD NS for 2001:db8::9 by d",
        15,
        200,
    ));
    // A router advertisement with its link-layer address, a solicitation
    // and its answer, an advertisement without the target option.
    let r = v6("fe80::1");
    let all = v6("ff02::1");
    let all_mac = [0x33, 0x33, 0, 0, 0, 1];
    // Reachable time and retransmission timer (0), then the option.
    let mut ra = vec![0u8; 8];
    ra.extend_from_slice(&lladdr(1, a));
    v.push(at(
        nd(a, all_mac, r, all, 134, [64, 0, 0x07, 0x08], &ra),
        "RA from fe80::1 with its MAC",
        16,
        0,
    ));
    let h = v6("2001:db8::20");
    let t21 = v6("2001:db8::21");
    let mut ns = t21.to_vec();
    ns.extend_from_slice(&lladdr(1, b));
    v.push(at(
        nd(
            b,
            [0x33, 0x33, 0xff, 0, 0, 0x21],
            h,
            v6("ff02::1:ff00:21"),
            135,
            [0; 4],
            &ns,
        ),
        "NS for 2001:db8::21",
        17,
        0,
    ));
    let mut na = t21.to_vec();
    na.extend_from_slice(&lladdr(2, c));
    v.push(at(
        nd(c, b, t21, h, 136, [0x60, 0, 0, 0], &na),
        "NA (solicited, override) 2001:db8::21 is-at c",
        17,
        1,
    ));
    v.push(at(
        nd(
            d,
            b,
            v6("2001:db8::22"),
            h,
            136,
            [0x40, 0, 0, 0],
            &v6("2001:db8::22"),
        ),
        "NA without a target option",
        18,
        0,
    ));
    v
}
