//! `ipv6-forms.pcap`: IPv6 extension headers in every form tcpdump prints
//! (hop-by-hop and destination options with each option kind, routing
//! types 0, 2, 4 and unknown ones, fragments, mobility, AH, ESP), lengths
//! that lie, wrong versions, and UDP and TCP over IPv6 with right and
//! wrong checksums.
//!
//! `icmp6-types.pcap`: ICMPv6 messages: errors with their quoted packets,
//! echo, neighbour discovery with its options, MLDv1/v2, node information,
//! router renumbering, RPL, home agent discovery, mobile prefix messages,
//! and types tcpdump 4.99.3 does not know (RFC 8335 extended echo).
//!
//! `link-ipv6.pcap` (LINKTYPE_IPV6), `link-null-ipv6.pcap` (BSD loopback
//! with address families 24, 28 and 30) and `link-sll2-ipv6.pcap` carry
//! IPv6 on other link layers; the Ethernet frames include 802.1Q and
//! 802.1ad tags.

use crate::capture::Frame;
use crate::wire::*;

pub const SRC: [u8; 16] = [0xfd, 0x76, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];
pub const DST: [u8; 16] = [0xfd, 0x76, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
const FAR: [u8; 16] = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7];
const FAR2: [u8; 16] = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8];
const LL_SRV: [u8; 16] = [
    0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xfe, 0x76, 0, 1,
];
const ALL_NODES: [u8; 16] = [0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
const MLD_GROUP: [u8; 16] = [0xff, 0x15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x76];

const ETHERTYPE_IPV6: u16 = 0x86dd;
const NH_HOP: u8 = 0;
const NH_TCP: u8 = 6;
const NH_UDP: u8 = 17;
const NH_ROUTING: u8 = 43;
const NH_FRAG: u8 = 44;
const NH_ESP: u8 = 50;
const NH_AH: u8 = 51;
const NH_ICMP6: u8 = 58;
const NH_NONE: u8 = 59;
const NH_DST: u8 = 60;
const NH_MOB: u8 = 135;

/// An IPv6 header (traffic class 0, flow label 0x12345) and its payload;
/// the payload length is the payload's unless `plen` says otherwise.
fn ip6(nh: u8, src: [u8; 16], dst: [u8; 16], payload: &[u8], plen: Option<u16>) -> Vec<u8> {
    let mut p = vec![0x60, 0x01, 0x23, 0x45];
    p.extend_from_slice(&plen.unwrap_or(payload.len() as u16).to_be_bytes());
    p.extend_from_slice(&[nh, 64]);
    p.extend_from_slice(&src);
    p.extend_from_slice(&dst);
    p.extend_from_slice(payload);
    p
}

fn eth6(ip: &[u8]) -> Vec<u8> {
    ether(MAC_SRV, MAC_CLI, ETHERTYPE_IPV6, ip)
}

/// The upper-layer checksum over the IPv6 pseudo-header (RFC 8200 8.1).
fn sum6(src: [u8; 16], dst: [u8; 16], nh: u8, seg: &[u8]) -> u16 {
    let mut ph = Vec::new();
    ph.extend_from_slice(&src);
    ph.extend_from_slice(&dst);
    ph.extend_from_slice(&(seg.len() as u32).to_be_bytes());
    ph.extend_from_slice(&[0, 0, 0, nh]);
    fold(ones_sum(seg, ones_sum(&ph, 0)))
}

/// A UDP datagram with its checksum against `dst` (the final destination).
fn udp6(src: [u8; 16], dst: [u8; 16], sp: u16, dp: u16, payload: &[u8]) -> Vec<u8> {
    let mut s = Vec::new();
    s.extend_from_slice(&sp.to_be_bytes());
    s.extend_from_slice(&dp.to_be_bytes());
    s.extend_from_slice(&((8 + payload.len()) as u16).to_be_bytes());
    s.extend_from_slice(&[0, 0]);
    s.extend_from_slice(payload);
    let c = sum6(src, dst, NH_UDP, &s);
    s[6..8].copy_from_slice(&c.to_be_bytes());
    s
}

/// An ICMPv6 message with its checksum.
fn icmp6(src: [u8; 16], dst: [u8; 16], t: u8, code: u8, body: &[u8]) -> Vec<u8> {
    let mut m = vec![t, code, 0, 0];
    m.extend_from_slice(body);
    let c = sum6(src, dst, NH_ICMP6, &m);
    m[2..4].copy_from_slice(&c.to_be_bytes());
    m
}

/// A whole ICMPv6 packet from `src` to `dst` on Ethernet.
fn icmp_pkt(src: [u8; 16], dst: [u8; 16], t: u8, code: u8, body: &[u8]) -> Vec<u8> {
    eth6(&ip6(
        NH_ICMP6,
        src,
        dst,
        &icmp6(src, dst, t, code, body),
        None,
    ))
}

/// An options header (hop-by-hop or destination): the option bytes padded
/// with PadN (or Pad1) to a multiple of 8.
fn opts_hdr(nh: u8, options: &[u8]) -> Vec<u8> {
    let mut h = vec![nh, 0];
    h.extend_from_slice(options);
    let pad = (8 - h.len() % 8) % 8;
    match pad {
        0 => {}
        1 => h.push(0),
        n => {
            h.push(1);
            h.push((n - 2) as u8);
            h.extend(std::iter::repeat_n(0, n - 2));
        }
    }
    h[1] = (h.len() / 8 - 1) as u8;
    h
}

/// A routing header of `rtype` with `segleft`, a 4-byte type-specific
/// word and `addrs`.
fn routing(nh: u8, rtype: u8, segleft: u8, word: [u8; 4], addrs: &[[u8; 16]]) -> Vec<u8> {
    let mut h = vec![nh, (addrs.len() * 2) as u8, rtype, segleft];
    h.extend_from_slice(&word);
    for a in addrs {
        h.extend_from_slice(a);
    }
    h
}

fn frag(nh: u8, offset_bytes: u16, more: bool, id: u32) -> Vec<u8> {
    let mut h = vec![nh, 0];
    h.extend_from_slice(&(offset_bytes | u16::from(more)).to_be_bytes());
    h.extend_from_slice(&id.to_be_bytes());
    h
}

fn tcp6(src: [u8; 16], dst: [u8; 16], flags: u8, payload: &[u8]) -> Vec<u8> {
    let mut s = Vec::new();
    s.extend_from_slice(&40001u16.to_be_bytes());
    s.extend_from_slice(&80u16.to_be_bytes());
    s.extend_from_slice(&0x1000_0000u32.to_be_bytes());
    s.extend_from_slice(&0u32.to_be_bytes());
    s.extend_from_slice(&[0x50, flags, 0xff, 0xff, 0, 0, 0, 0]);
    s.extend_from_slice(payload);
    let c = sum6(src, dst, NH_TCP, &s);
    s[16..18].copy_from_slice(&c.to_be_bytes());
    s
}

pub fn forms() -> Vec<Frame> {
    let mut v = Vec::new();
    let u = udp6(SRC, DST, 40000, 7777, b"netdecode ipv6");
    v.push(Frame::new(
        "UDP, checksum right",
        eth6(&ip6(NH_UDP, SRC, DST, &u, None)),
    ));
    let mut bad = u.clone();
    spoil(&mut bad, 6);
    v.push(Frame::new(
        "UDP, checksum wrong",
        eth6(&ip6(NH_UDP, SRC, DST, &bad, None)),
    ));
    let t = tcp6(SRC, DST, 0x02, b"");
    v.push(Frame::new(
        "TCP SYN, checksum right",
        eth6(&ip6(NH_TCP, SRC, DST, &t, None)),
    ));
    let mut bt = tcp6(SRC, DST, 0x18, b"GET / HTTP/1.1\r\n\r\n");
    spoil(&mut bt, 16);
    v.push(Frame::new(
        "TCP with data, checksum wrong",
        eth6(&ip6(NH_TCP, SRC, DST, &bt, None)),
    ));

    // Hop-by-hop: router alert then an MLDv1 query.
    let q = icmp6(
        LL_SRV,
        ALL_NODES,
        130,
        0,
        &[[0x03, 0xe8, 0, 0].as_slice(), &[0; 16]].concat(),
    );
    let p = [opts_hdr(NH_ICMP6, &[5, 2, 0, 0]), q].concat();
    v.push(Frame::new(
        "HBH router alert, MLD query",
        eth6(&ip6(NH_HOP, LL_SRV, ALL_NODES, &p, None)),
    ));

    // Jumbo payload with payload length 0 (not all of it on the wire).
    let echo = icmp6(SRC, DST, 128, 0, &[0, 1, 0, 1, 1, 2, 3, 4]);
    let mut j = opts_hdr(NH_ICMP6, &[0xc2, 4, 0, 1, 0, 0]);
    j.extend_from_slice(&echo);
    v.push(Frame::new(
        "HBH jumbo 65536, payload length 0",
        eth6(&ip6(NH_HOP, SRC, DST, &j, Some(0))),
    ));
    // Jumbo with a non-zero payload length; a second jumbo; a short one.
    let mut j = opts_hdr(NH_NONE, &[0xc2, 4, 0, 1, 0, 0, 0xc2, 4, 0, 2, 0, 0]);
    j.extend_from_slice(b"abcd");
    v.push(Frame::new(
        "HBH two jumbo options, payload length set",
        eth6(&ip6(NH_HOP, SRC, DST, &j, None)),
    ));
    let j = opts_hdr(NH_NONE, &[0xc2, 4, 0, 0, 0x10, 0]);
    v.push(Frame::new(
        "HBH jumbo below 65536, payload length 0",
        eth6(&ip6(NH_HOP, SRC, DST, &j, Some(0))),
    ));
    let j = opts_hdr(NH_NONE, &[0xc2, 3, 0, 0, 0]);
    v.push(Frame::new(
        "HBH jumbo of bad length",
        eth6(&ip6(NH_HOP, SRC, DST, &j, None)),
    ));
    let j = opts_hdr(NH_NONE, &[5, 3, 0, 0, 0]);
    v.push(Frame::new(
        "HBH router alert of bad length",
        eth6(&ip6(NH_HOP, SRC, DST, &j, None)),
    ));
    // An option running past the header, then the Pad1/unknown forms.
    let j = vec![NH_NONE, 0, 0x3e, 9, 0, 0, 0, 0];
    v.push(Frame::new(
        "HBH option longer than the header",
        eth6(&ip6(NH_HOP, SRC, DST, &j, None)),
    ));
    let j = opts_hdr(NH_NONE, &[0, 0x3e, 2, 0xaa, 0xbb, 4, 1, 5]);
    v.push(Frame::new(
        "HBH pad1, unknown option, tunnel limit",
        eth6(&ip6(NH_HOP, SRC, DST, &j, None)),
    ));
    // Hop-by-hop after a destination options header; two hop-by-hops.
    let p = [opts_hdr(NH_HOP, &[]), opts_hdr(NH_NONE, &[])].concat();
    v.push(Frame::new(
        "HBH after DSTOPT",
        eth6(&ip6(NH_DST, SRC, DST, &p, None)),
    ));
    let p = [opts_hdr(NH_HOP, &[]), opts_hdr(NH_NONE, &[])].concat();
    v.push(Frame::new(
        "two HBH headers",
        eth6(&ip6(NH_HOP, SRC, DST, &p, None)),
    ));
    // Destination options: home address with a sub-option, unknown, then TCP.
    let mut ho = vec![0xc9, 18];
    ho.extend_from_slice(&FAR);
    ho.extend_from_slice(&[0x11, 0]);
    let p = [
        opts_hdr(NH_TCP, &[ho.as_slice(), &[0x1e, 1, 7]].concat()),
        t.clone(),
    ]
    .concat();
    v.push(Frame::new(
        "DSTOPT home address, unknown option, TCP",
        eth6(&ip6(NH_DST, SRC, DST, &p, None)),
    ));

    // Routing type 0 with two addresses; UDP checksummed to the last.
    let u = udp6(SRC, FAR2, 40000, 7777, b"routed");
    let p = [routing(NH_UDP, 0, 2, [0; 4], &[FAR, FAR2]), u].concat();
    v.push(Frame::new(
        "routing type 0, UDP to the final hop",
        eth6(&ip6(NH_ROUTING, SRC, DST, &p, None)),
    ));
    // Type 2 (mobile IPv6), reserved word set; then an echo request.
    let e = icmp6(SRC, FAR, 128, 0, &[0, 7, 0, 1]);
    let p = [routing(NH_ICMP6, 2, 1, [0, 0, 0, 9], &[FAR]), e].concat();
    v.push(Frame::new(
        "routing type 2, echo request",
        eth6(&ip6(NH_ROUTING, SRC, DST, &p, None)),
    ));
    // Segment routing header: two segments, flags and tag; UDP to seg 0.
    let u = udp6(SRC, FAR, 40000, 7777, b"srh");
    let p = [
        routing(NH_UDP, 4, 1, [1, 0x80, 0x12, 0x34], &[FAR, FAR2]),
        u,
    ]
    .concat();
    v.push(Frame::new(
        "segment routing header, UDP",
        eth6(&ip6(NH_ROUTING, SRC, DST, &p, None)),
    ));
    let p = routing(NH_NONE, 3, 0, [0; 4], &[FAR]);
    v.push(Frame::new(
        "routing type 3 (unknown to tcpdump)",
        eth6(&ip6(NH_ROUTING, SRC, DST, &p, None)),
    ));
    let mut p = routing(NH_NONE, 0, 0, [0; 4], &[FAR]);
    p[1] = 1;
    p.truncate(16);
    v.push(Frame::new(
        "routing type 0, odd length",
        eth6(&ip6(NH_ROUTING, SRC, DST, &p, None)),
    ));

    // Fragments: a first one carrying UDP, a later one.
    let u = udp6(SRC, DST, 40000, 7777, &[b'f'; 40]);
    let p = [frag(NH_UDP, 0, true, 0xabcd), u[..24].to_vec()].concat();
    v.push(Frame::new(
        "first fragment, UDP",
        eth6(&ip6(NH_FRAG, SRC, DST, &p, None)),
    ));
    let p = [frag(NH_UDP, 16, false, 0xabcd), u[24..].to_vec()].concat();
    v.push(Frame::new(
        "later fragment",
        eth6(&ip6(NH_FRAG, SRC, DST, &p, None)),
    ));

    // Mobility: binding update with options, binding ack, binding error,
    // home test init, unknown type, too short for its type.
    let mut bu = vec![NH_NONE, 0, 5, 0, 0, 0, 0, 0x2a, 0xc0, 0, 0, 0x10];
    bu.extend_from_slice(&[0, 1, 1, 0, 3, 16]);
    bu.extend_from_slice(&FAR);
    bu.extend_from_slice(&[1, 0]);
    bu[1] = (bu.len() / 8 - 1) as u8;
    v.push(Frame::new(
        "mobility binding update",
        eth6(&ip6(NH_MOB, SRC, DST, &bu, None)),
    ));
    let ba = vec![
        NH_NONE, 1, 6, 0, 0, 0, 0, 0x80, 0, 0x2a, 0, 0x10, 1, 2, 0, 0,
    ];
    v.push(Frame::new(
        "mobility binding ack",
        eth6(&ip6(NH_MOB, SRC, DST, &ba, None)),
    ));
    let mut be = vec![NH_NONE, 2, 7, 0, 0, 0, 1, 0];
    be.extend_from_slice(&FAR);
    v.push(Frame::new(
        "mobility binding error",
        eth6(&ip6(NH_MOB, SRC, DST, &be, None)),
    ));
    let hoti = vec![NH_NONE, 1, 1, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8];
    v.push(Frame::new(
        "mobility home test init",
        eth6(&ip6(NH_MOB, SRC, DST, &hoti, None)),
    ));
    let unk = vec![NH_NONE, 0, 9, 0, 0, 0, 0, 0];
    v.push(Frame::new(
        "mobility unknown type",
        eth6(&ip6(NH_MOB, SRC, DST, &unk, None)),
    ));
    let short = vec![NH_NONE, 0, 7, 0, 0, 0, 0, 0];
    v.push(Frame::new(
        "mobility binding error too short",
        eth6(&ip6(NH_MOB, SRC, DST, &short, None)),
    ));

    // AH then UDP; ESP; no next header; ICMP and IGMP over IPv6.
    let u = udp6(SRC, DST, 40000, 7777, b"after ah");
    let mut ah = vec![NH_UDP, 4, 0, 0, 0, 0, 0x10, 0x01, 0, 0, 0, 5];
    ah.extend_from_slice(&[0xa5; 12]);
    v.push(Frame::new(
        "AH, then UDP",
        eth6(&ip6(NH_AH, SRC, DST, &[ah, u].concat(), None)),
    ));
    let esp = [[0, 0, 0x20, 0x02, 0, 0, 0, 1].as_slice(), &[0x5a; 24]].concat();
    v.push(Frame::new("ESP", eth6(&ip6(NH_ESP, SRC, DST, &esp, None))));
    v.push(Frame::new(
        "no next header",
        eth6(&ip6(NH_NONE, SRC, DST, b"junk", None)),
    ));
    v.push(Frame::new(
        "ICMP (v4) over IPv6",
        eth6(&ip6(1, SRC, DST, &[8, 0, 0, 0], None)),
    ));
    v.push(Frame::new(
        "unknown next header 253",
        eth6(&ip6(253, SRC, DST, &[1, 2, 3], None)),
    ));

    // Lengths and versions.
    let u = udp6(SRC, DST, 40000, 7777, b"12345678");
    v.push(Frame::new(
        "payload length beyond the frame",
        eth6(&ip6(NH_UDP, SRC, DST, &u, Some(100))),
    ));
    v.push(Frame::new(
        "payload length 0, UDP",
        eth6(&ip6(NH_UDP, SRC, DST, &u, Some(0))),
    ));
    let p = [opts_hdr(NH_UDP, &[]), u.clone()].concat();
    v.push(Frame::new(
        "payload length shorter than the headers",
        eth6(&ip6(NH_DST, SRC, DST, &p, Some(4))),
    ));
    let mut p = ip6(NH_UDP, SRC, DST, &u, None);
    p[0] = 0x40;
    v.push(Frame::new("version 4 in an IPv6 ethertype", eth6(&p)));
    v.push(Frame::snapped(
        "header cut at 30 bytes",
        eth6(&ip6(NH_UDP, SRC, DST, &u, None)),
        14 + 30,
    ));
    let p = [routing(NH_UDP, 0, 2, [0; 4], &[FAR, FAR2]), u.clone()].concat();
    v.push(Frame::snapped(
        "routing header cut in its addresses",
        eth6(&ip6(NH_ROUTING, SRC, DST, &p, None)),
        14 + 40 + 20,
    ));
    let p = [opts_hdr(NH_UDP, &[5, 2, 0, 0]), u.clone()].concat();
    v.push(Frame::snapped(
        "HBH cut",
        eth6(&ip6(NH_HOP, SRC, DST, &p, None)),
        14 + 44,
    ));
    let p = [frag(NH_UDP, 0, true, 7), u.clone()].concat();
    v.push(Frame::snapped(
        "fragment header cut",
        eth6(&ip6(NH_FRAG, SRC, DST, &p, None)),
        14 + 46,
    ));

    // IPv6 in 802.1Q and in 802.1ad + 802.1Q.
    let u = udp6(SRC, DST, 40000, 7777, b"tagged");
    let ip = ip6(NH_UDP, SRC, DST, &u, None);
    v.push(Frame::new(
        "802.1Q, UDP over IPv6",
        tagged(
            MAC_SRV,
            MAC_CLI,
            &[(TPID_8021Q, 0x2064)],
            ETHERTYPE_IPV6,
            &ip,
        ),
    ));
    v.push(Frame::new(
        "802.1ad + 802.1Q, UDP over IPv6",
        tagged(
            MAC_SRV,
            MAC_CLI,
            &[(TPID_8021AD, 0x00c8), (TPID_8021Q, 0x0064)],
            ETHERTYPE_IPV6,
            &ip,
        ),
    ));
    v
}

/// A quoted packet for ICMPv6 errors: our UDP datagram to `dst`.
fn quoted_udp(dst: [u8; 16]) -> Vec<u8> {
    let u = udp6(SRC, dst, 40000, 53, b"quoted");
    ip6(NH_UDP, SRC, dst, &u, None)
}

fn nd_opt(t: u8, body: &[u8]) -> Vec<u8> {
    let mut o = vec![t, ((body.len() + 2) / 8) as u8];
    o.extend_from_slice(body);
    assert_eq!(o.len() % 8, 0);
    o
}

pub fn icmp_types() -> Vec<Frame> {
    let mut v = Vec::new();
    let mut err = |code: u8, t: u8, word: [u8; 4], q: &[u8], note: &str| {
        let body = [word.as_slice(), q].concat();
        v.push(Frame::new(note, icmp_pkt(DST, SRC, t, code, &body)));
    };
    let q = quoted_udp(FAR);
    for code in 0..=5 {
        err(
            code,
            1,
            [0; 4],
            &q,
            &format!("destination unreachable, code {code}"),
        );
    }
    let tq = {
        let t = tcp6(SRC, FAR, 0x02, b"");
        ip6(NH_TCP, SRC, FAR, &t, None)
    };
    err(4, 1, [0; 4], &tq, "port unreachable quoting TCP");
    let fq = {
        let u = udp6(SRC, FAR, 40000, 53, b"x");
        ip6(
            NH_FRAG,
            SRC,
            FAR,
            &[frag(NH_UDP, 0, true, 9), u].concat(),
            None,
        )
    };
    err(4, 1, [0; 4], &fq, "port unreachable quoting a fragment");
    err(4, 1, [0; 4], &q[..30], "port unreachable, quote cut");
    err(0, 2, [0, 0, 5, 0xdc], &q, "packet too big, mtu 1500");
    err(0, 3, [0; 4], &q, "time exceeded in transit");
    err(1, 3, [0; 4], &q, "time exceeded in reassembly");
    err(7, 3, [0; 4], &q, "time exceeded, unknown code");
    for code in 0..=4 {
        err(
            code,
            4,
            [0, 0, 0, 40],
            &q,
            &format!("parameter problem, code {code}"),
        );
    }
    // Echo.
    v.push(Frame::new(
        "echo request",
        icmp_pkt(
            SRC,
            DST,
            128,
            0,
            &[0x12, 0x34, 0, 1, b'p', b'i', b'n', b'g'],
        ),
    ));
    v.push(Frame::new(
        "echo reply",
        icmp_pkt(
            DST,
            SRC,
            129,
            0,
            &[0x12, 0x34, 0, 1, b'p', b'i', b'n', b'g'],
        ),
    ));
    let mut bad = eth6(&ip6(
        NH_ICMP6,
        SRC,
        DST,
        &icmp6(SRC, DST, 128, 0, &[0, 9, 0, 9]),
        None,
    ));
    spoil(&mut bad, 14 + 40 + 2);
    v.push(Frame::new("echo request, checksum wrong", bad));

    // Neighbour discovery.
    let slla = nd_opt(1, &MAC_CLI);
    let nonce = nd_opt(14, &[1, 2, 3, 4, 5, 6]);
    let rs = [[0u8; 4].as_slice(), &slla].concat();
    v.push(Frame::new(
        "router solicitation",
        icmp_pkt(SRC, ALL_NODES, 133, 0, &rs),
    ));
    let mut ra = vec![64, 0xc8, 0x07, 0x08, 0, 0, 0x75, 0x30, 0, 0, 0x03, 0xe8];
    ra.extend_from_slice(&nd_opt(1, &MAC_SRV));
    ra.extend_from_slice(&nd_opt(5, &[0, 0, 0, 0, 5, 0x78]));
    let mut pi = vec![
        64, 0xe0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0x38, 0x40, 0, 0, 0, 0,
    ];
    pi.extend_from_slice(&[0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    ra.extend_from_slice(&nd_opt(3, &pi));
    ra.extend_from_slice(&nd_opt(7, &[0, 0, 0, 0, 0x0b, 0xb8]));
    ra.extend_from_slice(&nd_opt(8, &[0, 0, 0, 5, 0x07, 0x08]));
    ra.extend_from_slice(&nd_opt(24, &[0, 0x18, 0, 0, 0x0e, 0x10]));
    ra.extend_from_slice(&nd_opt(
        24,
        &[
            56, 0x08, 0, 0, 0x0e, 0x10, 0x20, 0x01, 0x0d, 0xb8, 0, 2, 0, 0,
        ],
    ));
    let mut rdnss = vec![0, 0, 0, 0, 2, 0x58];
    rdnss.extend_from_slice(&DST);
    rdnss.extend_from_slice(&FAR);
    ra.extend_from_slice(&nd_opt(25, &rdnss));
    ra.extend_from_slice(&nd_opt(
        31,
        b"\0\0\0\0\x02\x58\x07example\x03net\0\x04test\0\0\0\0\0\0",
    ));
    ra.extend_from_slice(&nd_opt(
        38,
        &[0x04, 0xb1, 0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0],
    ));
    v.push(Frame::new(
        "router advertisement with every option",
        icmp_pkt(LL_SRV, ALL_NODES, 134, 0, &ra),
    ));
    let ns = [[0u8; 4].as_slice(), &DST, &slla, &nonce].concat();
    v.push(Frame::new(
        "neighbor solicitation with nonce",
        icmp_pkt(SRC, DST, 135, 0, &ns),
    ));
    let na = [[0xe0u8, 0, 0, 0].as_slice(), &DST, &nd_opt(2, &MAC_SRV)].concat();
    v.push(Frame::new(
        "neighbor advertisement, all flags",
        icmp_pkt(DST, SRC, 136, 0, &na),
    ));
    let na0 = [[0u8; 4].as_slice(), &DST].concat();
    v.push(Frame::new(
        "neighbor advertisement, no flags",
        icmp_pkt(DST, SRC, 136, 0, &na0),
    ));
    let mut rh = vec![4, 0, 0, 0, 0, 0, 0, 0];
    let rq = quoted_udp(FAR);
    rh.extend_from_slice(&rq[..48]);
    rh[1] = (rh.len() / 8) as u8;
    let rd = [
        [0u8; 4].as_slice(),
        &LL_SRV,
        &FAR,
        &nd_opt(2, &MAC_SRV),
        &rh,
    ]
    .concat();
    v.push(Frame::new(
        "redirect with redirected header",
        icmp_pkt(DST, SRC, 137, 0, &rd),
    ));
    let ns_bad = [[0u8; 4].as_slice(), &DST, &[1, 0, 0, 0, 0, 0, 0, 0]].concat();
    v.push(Frame::new(
        "neighbor solicitation, option length 0",
        icmp_pkt(SRC, DST, 135, 0, &ns_bad),
    ));

    // MLD.
    let mld = [[0u8, 0, 0, 0].as_slice(), &MLD_GROUP].concat();
    v.push(Frame::new(
        "MLDv1 report",
        icmp_pkt(LL_SRV, MLD_GROUP, 131, 0, &mld),
    ));
    v.push(Frame::new(
        "MLDv1 done",
        icmp_pkt(LL_SRV, MLD_GROUP, 132, 0, &mld),
    ));
    let mut q2 = vec![0x80, 0x10, 0, 0];
    q2.extend_from_slice(&MLD_GROUP);
    q2.extend_from_slice(&[0x0a, 0x85, 0, 2]);
    q2.extend_from_slice(&DST);
    q2.extend_from_slice(&SRC);
    v.push(Frame::new(
        "MLDv2 query with sources",
        icmp_pkt(LL_SRV, ALL_NODES, 130, 0, &q2),
    ));
    v.push(Frame::new(
        "MLD query of odd length",
        icmp_pkt(LL_SRV, ALL_NODES, 130, 0, &[0; 22]),
    ));
    let mut r2 = vec![0, 0, 0, 3];
    r2.extend_from_slice(&[4, 0, 0, 0]);
    r2.extend_from_slice(&MLD_GROUP);
    r2.extend_from_slice(&[1, 0, 0, 2]);
    r2.extend_from_slice(&MLD_GROUP);
    r2.extend_from_slice(&DST);
    r2.extend_from_slice(&SRC);
    r2.extend_from_slice(&[9, 0, 0, 0]);
    r2.extend_from_slice(&MLD_GROUP);
    v.push(Frame::new(
        "MLDv2 report, three records",
        icmp_pkt(LL_SRV, ALL_NODES, 143, 0, &r2),
    ));
    let r_bad = [[0u8, 0, 0, 2].as_slice(), &[4, 0, 0, 0], &MLD_GROUP].concat();
    v.push(Frame::new(
        "MLDv2 report claiming two records",
        icmp_pkt(LL_SRV, ALL_NODES, 143, 0, &r_bad),
    ));

    // Node information (RFC 4620).
    let nonce8 = [1u8, 2, 3, 4, 5, 6, 7, 8];
    let niq = [[0u8, 2, 0, 0].as_slice(), &nonce8, &DST].concat();
    v.push(Frame::new(
        "node information query, DNS name of an IPv6 address",
        icmp_pkt(SRC, DST, 139, 0, &niq),
    ));
    let niq = [
        [0u8, 3, 0, 0x3e].as_slice(),
        &nonce8,
        b"\x04host\x07example\x00\x00",
    ]
    .concat();
    v.push(Frame::new(
        "node information query, addresses of a name",
        icmp_pkt(SRC, DST, 139, 1, &niq),
    ));
    let nir = [
        [0u8, 2, 0, 0].as_slice(),
        &nonce8,
        &[0, 0, 0, 30],
        b"\x04host\x07example\x00",
    ]
    .concat();
    v.push(Frame::new(
        "node information reply, DNS name",
        icmp_pkt(DST, SRC, 140, 0, &nir),
    ));
    let nir = [[0u8, 3, 0, 0x22].as_slice(), &nonce8, &[0, 0, 0, 60], &DST].concat();
    v.push(Frame::new(
        "node information reply, addresses",
        icmp_pkt(DST, SRC, 140, 0, &nir),
    ));
    let nir = [[0u8, 1, 0, 0].as_slice(), &nonce8].concat();
    v.push(Frame::new(
        "node information reply, refused",
        icmp_pkt(DST, SRC, 140, 1, &nir),
    ));
    v.push(Frame::new(
        "who-are-you request",
        icmp_pkt(SRC, DST, 139, 0, &[0; 8]),
    ));

    // Router renumbering command with one use-prefix part.
    let mut rr = vec![0, 0, 0, 1, 0, 0xc0, 0, 10, 0, 0, 0, 0];
    rr.extend_from_slice(&[1, 7, 1, 32, 48, 64, 0, 0]);
    rr.extend_from_slice(&[0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    rr.extend_from_slice(&[
        48, 16, 0xc0, 0x80, 0xff, 0xff, 0xff, 0xff, 0, 0, 0x0e, 0x10, 0x80, 0, 0, 0,
    ]);
    rr.extend_from_slice(&[0x20, 0x01, 0x0d, 0xb8, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    v.push(Frame::new(
        "router renumbering command",
        icmp_pkt(SRC, DST, 138, 0, &rr),
    ));
    v.push(Frame::new(
        "router renumbering result",
        icmp_pkt(SRC, DST, 138, 1, &[0, 0, 0, 2, 0, 0, 0, 10, 0, 0, 0, 0]),
    ));

    // RPL (RFC 6550).
    v.push(Frame::new(
        "RPL DIS",
        icmp_pkt(LL_SRV, ALL_NODES, 155, 0, &[0, 0, 0, 0]),
    ));
    let mut dio = vec![1, 1, 0x01, 0x00, 0x88, 7, 0, 0];
    dio.extend_from_slice(&FAR);
    dio.extend_from_slice(&[4, 14, 0, 8, 0x0c, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    v.push(Frame::new(
        "RPL DIO with a configuration option",
        icmp_pkt(LL_SRV, ALL_NODES, 155, 1, &dio),
    ));
    let mut dao = vec![1, 0xc0, 0, 5];
    dao.extend_from_slice(&FAR);
    dao.extend_from_slice(&[0, 5, 18, 0x80]);
    dao.extend_from_slice(&DST);
    v.push(Frame::new(
        "RPL DAO with DODAG id and a target",
        icmp_pkt(SRC, LL_SRV, 155, 2, &dao),
    ));
    v.push(Frame::new(
        "RPL DAO-ACK",
        icmp_pkt(LL_SRV, SRC, 155, 3, &[1, 0, 5, 0]),
    ));
    let mut dack = vec![1, 0x80, 5, 1];
    dack.extend_from_slice(&FAR);
    v.push(Frame::new(
        "RPL DAO-ACK with DODAG id",
        icmp_pkt(LL_SRV, SRC, 155, 3, &dack),
    ));
    v.push(Frame::new(
        "RPL secured",
        icmp_pkt(LL_SRV, SRC, 155, 0x81, &[0; 8]),
    ));

    // Mobile IPv6 ICMP messages, inverse ND, unknown types.
    v.push(Frame::new(
        "home agent discovery request",
        icmp_pkt(SRC, DST, 144, 0, &[0x12, 0x34, 0, 0]),
    ));
    let hr = [[0x12u8, 0x34, 0, 0].as_slice(), &FAR, &FAR2].concat();
    v.push(Frame::new(
        "home agent discovery reply",
        icmp_pkt(DST, SRC, 145, 0, &hr),
    ));
    v.push(Frame::new(
        "mobile prefix solicitation",
        icmp_pkt(SRC, DST, 146, 0, &[0, 9, 0, 0]),
    ));
    let ma = [[0u8, 9, 0xc0, 0].as_slice(), &nd_opt(3, &pi)].concat();
    v.push(Frame::new(
        "mobile prefix advertisement",
        icmp_pkt(DST, SRC, 147, 0, &ma),
    ));
    v.push(Frame::new(
        "inverse neighbor solicitation",
        icmp_pkt(SRC, DST, 141, 0, &[0; 4]),
    ));
    v.push(Frame::new(
        "extended echo request (RFC 8335)",
        icmp_pkt(SRC, DST, 160, 0, &[0, 1, 1, 1, 0, 8, 3, 1, 0, 0, 0, 1]),
    ));
    v.push(Frame::new(
        "ICMPv6 length 0",
        eth6(&ip6(NH_ICMP6, SRC, DST, &[], None)),
    ));
    v.push(Frame::snapped(
        "echo request cut after the type",
        icmp_pkt(SRC, DST, 128, 0, &[0, 1, 0, 1]),
        14 + 41,
    ));
    v
}

/// A few IPv6 packets for the other link layers.
pub fn link_packets() -> Vec<(&'static str, Vec<u8>)> {
    let u = udp6(SRC, DST, 40000, 7777, b"over another link");
    let e = icmp6(SRC, DST, 128, 0, &[0, 1, 0, 2]);
    let t = tcp6(SRC, DST, 0x02, b"");
    vec![
        ("UDP", ip6(NH_UDP, SRC, DST, &u, None)),
        ("echo request", ip6(NH_ICMP6, SRC, DST, &e, None)),
        ("TCP SYN", ip6(NH_TCP, SRC, DST, &t, None)),
        ("cut header", ip6(NH_UDP, SRC, DST, &u, None)[..20].to_vec()),
    ]
}

pub fn raw_frames() -> Vec<Frame> {
    link_packets()
        .into_iter()
        .map(|(n, p)| Frame::new(n, p))
        .collect()
}

/// BSD loopback: address families 24, 28 and 30, host (little-endian) order.
pub fn null_frames() -> Vec<Frame> {
    let mut v = Vec::new();
    for (i, (n, p)) in link_packets().into_iter().enumerate() {
        let af: u32 = [24, 28, 30, 24][i];
        v.push(Frame::new(
            format!("AF {af}, {n}"),
            [af.to_le_bytes().as_slice(), &p].concat(),
        ));
    }
    v
}

/// Linux cooked v2, outgoing, protocol 0x86dd.
pub fn sll2_frames() -> Vec<Frame> {
    link_packets()
        .into_iter()
        .map(|(n, p)| {
            let mut h = vec![0x86, 0xdd, 0, 0, 0, 0, 0, 2, 0, 1, 4, 6];
            h.extend_from_slice(&MAC_CLI);
            h.extend_from_slice(&[0, 0]);
            Frame::new(n, [h, p].concat())
        })
        .collect()
}

/// `icmp6-cut.pcap`: ICMPv6 messages cut by a snapshot length inside the
/// fields tcpdump fetches together with their label (it prints neither),
/// and short forms that stop the printer (a prefix option whose prefix
/// lies past the message, a DODAG information object shorter than its
/// base). The ICMPv6 message starts 54 bytes into each frame.
pub fn icmp6_cuts() -> Vec<Frame> {
    const M: usize = 54;
    let mut v = Vec::new();
    let q = quoted_udp(FAR);
    let err = |t: u8, code: u8| icmp_pkt(DST, SRC, t, code, &[[0u8; 4].as_slice(), &q].concat());
    // Quoted destination at 8 + 24.
    v.push(Frame::snapped(
        "unreachable route, cut in the quoted destination",
        err(1, 0),
        M + 40,
    ));
    v.push(Frame::snapped(
        "beyond scope, cut in the quoted destination (after the source)",
        err(1, 2),
        M + 44,
    ));
    v.push(Frame::snapped(
        "time exceeded in transit, cut in the quoted destination",
        err(3, 0),
        M + 36,
    ));
    v.push(Frame::snapped(
        "parameter problem, cut in the pointer",
        icmp_pkt(DST, SRC, 4, 0, &[[0, 0, 0, 40].as_slice(), &q].concat()),
        M + 6,
    ));
    // Neighbour discovery: target at 8, destination (redirect) at 24.
    let ns = [[0u8; 4].as_slice(), &DST, &nd_opt(1, &MAC_CLI)].concat();
    v.push(Frame::snapped(
        "neighbour solicitation, cut in the target",
        icmp_pkt(SRC, DST, 135, 0, &ns),
        M + 20,
    ));
    let na = [[0x60u8, 0, 0, 0].as_slice(), &SRC, &nd_opt(2, &MAC_SRV)].concat();
    v.push(Frame::snapped(
        "neighbour advertisement, cut in the target",
        icmp_pkt(SRC, DST, 136, 0, &na),
        M + 12,
    ));
    let rd = [[0u8; 4].as_slice(), &FAR2, &FAR].concat();
    v.push(Frame::snapped(
        "redirect, cut in the destination",
        icmp_pkt(DST, SRC, 137, 0, &rd),
        M + 30,
    ));
    v.push(Frame::snapped(
        "redirect, cut in the target",
        icmp_pkt(DST, SRC, 137, 0, &rd),
        M + 12,
    ));
    let ra = [
        [64u8, 0xc8, 0x07, 0x08, 0, 0, 0x75, 0x30, 0, 0, 0x03, 0xe8].as_slice(),
        &nd_opt(1, &MAC_SRV),
    ]
    .concat();
    v.push(Frame::snapped(
        "router advertisement, cut in the retransmission timer",
        icmp_pkt(LL_SRV, ALL_NODES, 134, 0, &ra),
        M + 14,
    ));
    let mut short_prefix = vec![0u8; 4];
    short_prefix.extend_from_slice(&nd_opt(
        3,
        &[64, 0xc0, 0, 0, 0, 10, 0, 0, 0, 20, 0, 0, 0, 0],
    ));
    v.push(Frame::new(
        "router solicitation whose prefix option of length 2 ends the message: its prefix is not there",
        icmp_pkt(SRC, ALL_NODES, 133, 0, &short_prefix),
    ));
    // MLDv2 report: two records, the second with two sources.
    let mut rep = vec![0u8, 0, 0, 2];
    rep.extend_from_slice(&[4, 0, 0, 0]);
    rep.extend_from_slice(&MLD_GROUP);
    rep.extend_from_slice(&[1, 0, 0, 2]);
    rep.extend_from_slice(&MLD_GROUP);
    rep.extend_from_slice(&FAR);
    rep.extend_from_slice(&FAR2);
    let report = icmp_pkt(SRC, MLD_GROUP, 143, 0, &rep);
    v.push(Frame::snapped(
        "MLDv2 report, cut in the second record's group",
        report.clone(),
        M + 8 + 20 + 10,
    ));
    v.push(Frame::snapped(
        "MLDv2 report, cut in the second record's second source",
        report,
        M + 8 + 20 + 20 + 16 + 4,
    ));
    // MLDv2 query with two sources.
    let mut qry = vec![0x03u8, 0xe8, 0, 0];
    qry.extend_from_slice(&MLD_GROUP);
    qry.extend_from_slice(&[0x0a, 125, 0, 2]);
    qry.extend_from_slice(&FAR);
    qry.extend_from_slice(&FAR2);
    let query = icmp_pkt(LL_SRV, ALL_NODES, 130, 0, &qry);
    v.push(Frame::snapped(
        "MLDv2 query, cut in the group",
        query.clone(),
        M + 14,
    ));
    v.push(Frame::snapped(
        "MLDv2 query, cut in the second source",
        query,
        M + 28 + 20,
    ));
    // Home agent address discovery reply with two addresses.
    let ha = [[0x12u8, 0x34, 0, 0].as_slice(), &FAR, &FAR2].concat();
    v.push(Frame::snapped(
        "home agent discovery reply, cut in the second address",
        icmp_pkt(DST, SRC, 145, 0, &ha),
        M + 8 + 16 + 8,
    ));
    // RPL DIO of 8 bytes after the ICMPv6 header (the base is 24).
    v.push(Frame::new(
        "RPL DODAG information object 8 bytes long",
        icmp_pkt(LL_SRV, ALL_NODES, 155, 1, &[1, 0, 0, 1, 0x88, 7, 0, 0]),
    ));
    v
}
