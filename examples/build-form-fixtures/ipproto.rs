//! `igmp-forms.pcap`: the IGMP messages fixtures/make-ipproto-captures.sh
//! cannot get from a Linux host and bridge: version 1/2 queries of odd
//! lengths, version 3 queries with sources and every max-response-time
//! form, reports with every record type (and an unknown one), invalid
//! lengths and counts, mtrace queries and responses, DVMRP (every type,
//! routes, neighbour lists, short lists) and PIMv1 (every type, both
//! Join/Prune layouts), unknown types, bad checksums, IGMP over IPv6, an
//! ICMP error quoting IGMP, and messages cut by the capture at every
//! stage.
//!
//! `vrrp-forms.pcap`: VRRP versions 2 and 3 over IPv4 and IPv6 beyond
//! what keepalived sends: every authentication type, passwords short,
//! long and unprintable, zero or many addresses, TTLs other than 255,
//! other versions and types, bad checksums, version 2 over IPv6, an ICMP
//! error quoting VRRP, and messages cut by the capture.

use crate::capture::Frame;
use crate::wire::*;

const PROTO_IGMP: u8 = 2;
const PROTO_VRRP: u8 = 112;
const ETHERTYPE_IPV6: u16 = 0x86dd;
/// The IPv4 Router Alert option real IGMP carries.
const OPT_RA: [u8; 4] = [0x94, 0x04, 0x00, 0x00];
const ALL_HOSTS: [u8; 4] = [224, 0, 0, 1];
const ALL_ROUTERS: [u8; 4] = [224, 0, 0, 2];
const DVMRP_GROUP: [u8; 4] = [224, 0, 0, 4];
const VRRP_GROUP: [u8; 4] = [224, 0, 0, 18];
const LL_SRC: [u8; 16] = [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
const VRRP_GROUP6: [u8; 16] = [0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12];

/// An IGMP message with its checksum computed.
fn igmp_msg(kind: u8, code: u8, group: [u8; 4], rest: &[u8]) -> Vec<u8> {
    let mut m = vec![kind, code, 0, 0];
    m.extend_from_slice(&group);
    m.extend_from_slice(rest);
    resum(m)
}

/// The message with its IGMP checksum computed again (after a field was
/// changed on purpose).
fn resum(mut m: Vec<u8>) -> Vec<u8> {
    m[2] = 0;
    m[3] = 0;
    let sum = checksum(&m);
    m[2..4].copy_from_slice(&sum.to_be_bytes());
    m
}

/// An Ethernet frame with an IPv4 datagram (TTL 1, Router Alert) carrying
/// `payload` as IGMP.
fn igmp_frame(dst: [u8; 4], payload: &[u8], id: u16) -> Vec<u8> {
    let mut ip = Ipv4::new(IP_CLI, dst, PROTO_IGMP, id).options(&OPT_RA);
    ip.ttl = 1;
    ip.tos = 0xc0;
    pad60(eth_ip(&ip.build(payload)))
}

fn ip6(nh: u8, src: [u8; 16], dst: [u8; 16], hlim: u8, payload: &[u8]) -> Vec<u8> {
    let mut p = vec![0x60, 0x00, 0x00, 0x00];
    p.extend_from_slice(&(payload.len() as u16).to_be_bytes());
    p.extend_from_slice(&[nh, hlim]);
    p.extend_from_slice(&src);
    p.extend_from_slice(&dst);
    p.extend_from_slice(payload);
    ether(MAC_SRV, MAC_CLI, ETHERTYPE_IPV6, &p)
}

fn sum6(src: [u8; 16], dst: [u8; 16], nh: u8, seg: &[u8]) -> u16 {
    let mut ph = Vec::new();
    ph.extend_from_slice(&src);
    ph.extend_from_slice(&dst);
    ph.extend_from_slice(&(seg.len() as u32).to_be_bytes());
    ph.extend_from_slice(&[0, 0, 0, nh]);
    fold(ones_sum(seg, ones_sum(&ph, 0)))
}

fn be32(v: u32) -> [u8; 4] {
    v.to_be_bytes()
}

/// A PIMv1 message (IGMP type 0x14, PIM version 1 in byte 4).
fn pimv1(code: u8, rest: &[u8]) -> Vec<u8> {
    pimv1_version(code, 1, rest)
}

fn pimv1_version(code: u8, version: u8, rest: &[u8]) -> Vec<u8> {
    igmp_msg(0x14, code, [version << 4, 0, 0, 0], rest)
}

/// A PIMv1 Join/Prune body: upstream neighbour, hold time, and groups
/// of (group, mask, joined sources, pruned sources); a source is its
/// (flags, wc/rpt/mask-length, address).
type JpSource = (u8, u8, [u8; 4]);
/// A group, its mask, and its joined and pruned sources.
type JpGroup<'a> = ([u8; 4], [u8; 4], &'a [JpSource], &'a [JpSource]);

fn jp_body(holdtime: u16, groups: &[JpGroup<'_>]) -> Vec<u8> {
    let mut b = vec![10, 77, 0, 254, 0, 0];
    b.extend_from_slice(&holdtime.to_be_bytes());
    b.extend_from_slice(&[0, 0, 0, groups.len() as u8]);
    for (g, mask, joins, prunes) in groups {
        b.extend_from_slice(g);
        b.extend_from_slice(mask);
        b.extend_from_slice(&(joins.len() as u16).to_be_bytes());
        b.extend_from_slice(&(prunes.len() as u16).to_be_bytes());
        for (flags, bits, a) in joins.iter().chain(prunes.iter()) {
            b.extend_from_slice(&[*flags, *bits]);
            b.extend_from_slice(a);
        }
    }
    b
}

pub fn igmp_forms() -> Vec<Frame> {
    let mut v = Vec::new();
    let mut id = 0x7700u16;
    let mut push = |v: &mut Vec<Frame>, note: &str, dst: [u8; 4], m: &[u8]| {
        id += 1;
        v.push(Frame::new(note, igmp_frame(dst, m, id)));
    };
    let g1 = [239, 1, 2, 3];
    let s1 = [10, 77, 0, 9];
    let s2 = [10, 77, 0, 10];
    let s3 = [192, 0, 2, 33];

    // Version 1 and 2 queries.
    push(
        &mut v,
        "v1 general query",
        ALL_HOSTS,
        &igmp_msg(0x11, 0, [0; 4], &[]),
    );
    push(
        &mut v,
        "v2 general query, max resp 10 s",
        ALL_HOSTS,
        &igmp_msg(0x11, 100, [0; 4], &[]),
    );
    push(
        &mut v,
        "v2 group query, max resp 1 s",
        g1,
        &igmp_msg(0x11, 10, g1, &[]),
    );
    push(
        &mut v,
        "v1 query with a group (non-standard)",
        ALL_HOSTS,
        &igmp_msg(0x11, 0, g1, &[]),
    );
    push(
        &mut v,
        "v2 query of 10 bytes ([len 10])",
        ALL_HOSTS,
        &igmp_msg(0x11, 100, [0; 4], &[0, 0]),
    );
    // Version 3 queries.
    let q3 = |mrc: u8, group: [u8; 4], srcs: &[[u8; 4]]| {
        let mut rest = vec![0x0a, 125];
        rest.extend_from_slice(&(srcs.len() as u16).to_be_bytes());
        for s in srcs {
            rest.extend_from_slice(s);
        }
        igmp_msg(0x11, mrc, group, &rest)
    };
    push(
        &mut v,
        "v3 general query, max resp code 100 (not printed)",
        ALL_HOSTS,
        &q3(100, [0; 4], &[]),
    );
    push(
        &mut v,
        "v3 general query, max resp 0.5 s",
        ALL_HOSTS,
        &q3(5, [0; 4], &[]),
    );
    push(
        &mut v,
        "v3 group query, max resp code 0x8a (20.8 s)",
        g1,
        &q3(0x8a, g1, &[]),
    );
    push(
        &mut v,
        "v3 general query, max resp code 0xff (52m54s)",
        ALL_HOSTS,
        &q3(0xff, [0; 4], &[]),
    );
    push(
        &mut v,
        "v3 group-and-source query, 3 sources",
        g1,
        &q3(100, g1, &[s1, s2, s3]),
    );
    let mut bad = q3(100, g1, &[s1]);
    bad[11] = 5;
    push(
        &mut v,
        "v3 query claiming 5 sources with room for 1",
        g1,
        &resum(bad),
    );
    push(
        &mut v,
        "v3 query of 14 bytes (invalid length)",
        ALL_HOSTS,
        &igmp_msg(0x11, 100, [0; 4], &[0, 0, 0, 0, 0, 0]),
    );
    // Reports and leave.
    push(&mut v, "v1 report", g1, &igmp_msg(0x12, 0, g1, &[]));
    push(
        &mut v,
        "v1 report of 12 bytes ([len 12])",
        g1,
        &igmp_msg(0x12, 0, g1, &[0, 0, 0, 0]),
    );
    push(&mut v, "v2 report", g1, &igmp_msg(0x16, 0, g1, &[]));
    push(&mut v, "v2 leave", ALL_ROUTERS, &igmp_msg(0x17, 0, g1, &[]));
    let rec = |t: u8, g: [u8; 4], srcs: &[[u8; 4]]| {
        let mut r = vec![t, 0];
        r.extend_from_slice(&(srcs.len() as u16).to_be_bytes());
        r.extend_from_slice(&g);
        for s in srcs {
            r.extend_from_slice(s);
        }
        r
    };
    let report = |n: u16, recs: &[Vec<u8>]| {
        let mut rest = Vec::new();
        for r in recs {
            rest.extend_from_slice(r);
        }
        let [hi, lo] = n.to_be_bytes();
        igmp_msg(0x22, 0, [0, 0, hi, lo], &rest)
    };
    let all_types: Vec<Vec<u8>> = vec![
        rec(1, [239, 0, 0, 1], &[s1]),
        rec(2, [239, 0, 0, 2], &[]),
        rec(3, [239, 0, 0, 3], &[s1, s2]),
        rec(4, [239, 0, 0, 4], &[]),
        rec(5, [232, 0, 0, 5], &[s3]),
        rec(6, [232, 0, 0, 6], &[s1, s2, s3]),
        rec(9, [239, 0, 0, 9], &[]),
    ];
    let v3_all = report(7, &all_types);
    push(
        &mut v,
        "v3 report: every record type and type 9",
        [224, 0, 0, 22],
        &v3_all,
    );
    push(
        &mut v,
        "v3 report claiming 3 records, holding 1 (invalid number of groups)",
        [224, 0, 0, 22],
        &report(3, &[rec(4, g1, &[])]),
    );
    let mut many = report(1, &[rec(1, g1, &[s1])]);
    many[10..12].copy_from_slice(&4u16.to_be_bytes());
    push(
        &mut v,
        "v3 report whose record claims 4 sources with room for 1",
        [224, 0, 0, 22],
        &resum(many),
    );
    push(
        &mut v,
        "v3 report of 12 bytes (invalid length)",
        [224, 0, 0, 22],
        &igmp_msg(0x22, 0, [0; 4], &[0, 0, 0, 0]),
    );
    push(
        &mut v,
        "v3 report of 18 bytes (not a multiple of 4)",
        [224, 0, 0, 22],
        &igmp_msg(0x22, 0, [0, 0, 0, 1], &[4, 0, 0, 0, 239, 0, 0, 1, 0, 0]),
    );
    // Mtrace.
    let tr = |t: u8, raddr: [u8; 4]| {
        let mut rest = Vec::new();
        rest.extend_from_slice(&s1);
        rest.extend_from_slice(&[192, 0, 2, 7]);
        rest.extend_from_slice(&raddr);
        rest.extend_from_slice(&[64, 0x01, 0xe2, 0x40]); // ttl 64, qid 123456
        igmp_msg(t, 32, g1, &rest)
    };
    push(
        &mut v,
        "mtrace query, unicast response address",
        g1,
        &tr(0x1f, IP_CLI),
    );
    push(
        &mut v,
        "mtrace response, multicast response address (with-ttl)",
        [224, 0, 1, 32],
        &tr(0x1e, [224, 0, 1, 32]),
    );
    push(
        &mut v,
        "mtrace of 20 bytes (invalid length)",
        g1,
        &igmp_msg(0x1f, 32, g1, &[10, 77, 0, 9, 10, 77, 0, 1, 10, 77, 0, 2]),
    );
    // DVMRP (sent to 224.0.0.4; the version in the group field: 3.255).
    let dv = |code: u8, rest: &[u8]| igmp_msg(0x13, code, [0, 0, 0xff, 3], rest);
    let mut probe = be32(0x1234_5678).to_vec();
    probe.extend_from_slice(&[10, 77, 0, 3, 10, 77, 0, 4]);
    push(
        &mut v,
        "DVMRP probe, two neighbours",
        DVMRP_GROUP,
        &dv(1, &probe),
    );
    push(
        &mut v,
        "DVMRP probe, 2 bytes after the generation id",
        DVMRP_GROUP,
        &dv(1, &[0, 0, 0, 1, 10, 77]),
    );
    push(
        &mut v,
        "DVMRP probe, 2 bytes (no generation id)",
        DVMRP_GROUP,
        &dv(1, &[0, 0]),
    );
    let routes = [
        0xff, 0, 0, 10, 1, 3, 10, 2, 0x85, // 255.255.0.0: 10.1 metric 3, 10.2 metric 5 (last)
        0xff, 0xff, 0, 192, 0, 2, 1, 198, 18, 0, 0x82, // 255.255.255.0: two routes
        0xff, 0xff, 0x80, 198, 51, 100, 128, 0x84, // 255.255.255.128: width 4
    ];
    push(
        &mut v,
        "DVMRP report: masks of widths 2, 3 and 4",
        DVMRP_GROUP,
        &dv(2, &routes),
    );
    push(
        &mut v,
        "DVMRP report cut inside a route (Truncated Report)",
        DVMRP_GROUP,
        &dv(2, &routes[..7]),
    );
    push(
        &mut v,
        "DVMRP report with 2 bytes left for a mask",
        DVMRP_GROUP,
        &dv(2, &[0xff, 0]),
    );
    push(
        &mut v,
        "DVMRP ask neighbors (old)",
        [10, 77, 0, 1],
        &dv(3, &[]),
    );
    push(
        &mut v,
        "DVMRP neighbors (old): one local address, two neighbours",
        [10, 77, 0, 1],
        &dv(4, &[10, 77, 0, 2, 1, 16, 2, 10, 77, 1, 1, 10, 77, 2, 1]),
    );
    push(
        &mut v,
        "DVMRP neighbors (old): 5 bytes left",
        [10, 77, 0, 1],
        &dv(4, &[10, 77, 0, 2, 1]),
    );
    push(&mut v, "DVMRP ask neighbors2", [10, 77, 0, 1], &dv(5, &[]));
    let n2 = [
        10, 77, 0, 2, 1, 16, 0x41, 2, 10, 77, 1, 1, 10, 77, 2, 1, // tunnel, querier
        10, 77, 0, 3, 2, 32, 0x32, 1, 10, 77, 3, 1, // srcrt, disabled, down
    ];
    push(
        &mut v,
        "DVMRP neighbors2: every flag",
        [10, 77, 0, 1],
        &dv(6, &n2),
    );
    push(
        &mut v,
        "DVMRP neighbors2 claiming 3 neighbours with room for 1",
        [10, 77, 0, 1],
        &dv(6, &[10, 77, 0, 2, 1, 16, 0, 3, 10, 77, 1, 1]),
    );
    let mut prune = s1.to_vec();
    prune.extend_from_slice(&g1);
    prune.extend_from_slice(&be32(7200 + 65));
    push(
        &mut v,
        "DVMRP prune, lifetime 2h1m5s",
        [10, 77, 0, 1],
        &dv(7, &prune),
    );
    push(&mut v, "DVMRP graft", [10, 77, 0, 1], &dv(8, &prune[..8]));
    push(
        &mut v,
        "DVMRP graft ack",
        [10, 77, 0, 1],
        &dv(9, &prune[..8]),
    );
    push(&mut v, "DVMRP type 12 (unknown)", DVMRP_GROUP, &dv(12, &[]));
    let short = resum(vec![0x13, 1, 0, 0, 0, 0]);
    push(&mut v, "DVMRP of 6 bytes ([len 6])", DVMRP_GROUP, &short);
    // PIMv1.
    push(
        &mut v,
        "PIMv1 query, dense mode, hold time 1m45s",
        ALL_ROUTERS,
        &pimv1(0, &[0x00, 0, 0, 105]),
    );
    push(
        &mut v,
        "PIMv1 query, sparse mode",
        ALL_ROUTERS,
        &pimv1(0, &[0x10, 0, 0, 105]),
    );
    push(
        &mut v,
        "PIMv1 query, sparse-dense mode",
        ALL_ROUTERS,
        &pimv1(0, &[0x20, 0, 0, 105]),
    );
    push(
        &mut v,
        "PIMv1 query, mode 5",
        ALL_ROUTERS,
        &pimv1(0, &[0x50, 0, 0, 0]),
    );
    push(
        &mut v,
        "PIMv1 query without the mode byte",
        ALL_ROUTERS,
        &pimv1(0, &[]),
    );
    let inner = Ipv4::new(s1, g1, PROTO_UDP, 1).build(&[]);
    push(
        &mut v,
        "PIMv1 register, encapsulated 10.77.0.9 > 239.1.2.3",
        [10, 77, 0, 1],
        &pimv1(1, &inner),
    );
    push(
        &mut v,
        "PIMv1 register too short for its inner header",
        [10, 77, 0, 1],
        &pimv1(1, &inner[..12]),
    );
    let mut stop = s1.to_vec();
    stop.extend_from_slice(&g1);
    push(
        &mut v,
        "PIMv1 register-stop",
        [10, 77, 0, 1],
        &pimv1(2, &stop),
    );
    let rp = |mask: [u8; 4]| {
        let mut b = g1.to_vec();
        b.extend_from_slice(&mask);
        b.extend_from_slice(&[10, 77, 0, 254, 0, 0, 0, 210]);
        b
    };
    push(
        &mut v,
        "PIMv1 RP-reachable, group mask 255.255.0.0",
        ALL_ROUTERS,
        &pimv1(4, &rp([255, 255, 0, 0])),
    );
    push(
        &mut v,
        "PIMv1 RP-reachable, host group",
        ALL_ROUTERS,
        &pimv1(4, &rp([255; 4])),
    );
    let assert = |pref: u32, mask: [u8; 4]| {
        let mut b = g1.to_vec();
        b.extend_from_slice(&mask);
        b.extend_from_slice(&s1);
        b.extend_from_slice(&be32(pref));
        b.extend_from_slice(&be32(20));
        b
    };
    push(
        &mut v,
        "PIMv1 assert, RP tree, pref 110",
        ALL_ROUTERS,
        &pimv1(5, &assert(0x8000_006e, [255; 4])),
    );
    push(
        &mut v,
        "PIMv1 assert, SPT, group mask",
        ALL_ROUTERS,
        &pimv1(5, &assert(90, [255, 255, 255, 0])),
    );
    let sparse_spt: JpSource = (0x01, 32, s1);
    let dense_wc_rp: JpSource = (0x00, 0x80 | 0x40 | 24, [192, 0, 2, 0]);
    push(
        &mut v,
        "PIMv1 join/prune, one join (one-line form, hold 3m30s)",
        ALL_ROUTERS,
        &pimv1(3, &jp_body(210, &[(g1, [255; 4], &[sparse_spt], &[])])),
    );
    push(
        &mut v,
        "PIMv1 join/prune, one prune, WC RP, hold 180 s, group mask",
        ALL_ROUTERS,
        &pimv1(
            3,
            &jp_body(180, &[(g1, [255, 255, 255, 0], &[], &[dense_wc_rp])]),
        ),
    );
    let two = jp_body(
        210,
        &[
            (g1, [255; 4], &[sparse_spt, dense_wc_rp], &[(0x01, 32, s2)]),
            ([239, 9, 9, 9], [255, 255, 0, 0], &[], &[]),
        ],
    );
    push(
        &mut v,
        "PIMv1 join/prune, two groups (list form)",
        ALL_ROUTERS,
        &pimv1(3, &two),
    );
    push(
        &mut v,
        "PIMv1 graft, two groups",
        [10, 77, 0, 254],
        &pimv1(6, &two),
    );
    push(
        &mut v,
        "PIMv1 graft-ack, one join",
        IP_CLI,
        &pimv1(7, &jp_body(210, &[(g1, [255; 4], &[sparse_spt], &[])])),
    );
    push(
        &mut v,
        "PIMv1 join/prune whose length ends inside the groups",
        ALL_ROUTERS,
        &pimv1(3, &two[..26]),
    );
    let jp_short = resum(vec![0x14, 3, 0, 0, 0x10, 0]);
    push(
        &mut v,
        "PIMv1 join/prune of 6 bytes",
        ALL_ROUTERS,
        &jp_short,
    );
    push(
        &mut v,
        "PIMv1 register-stop, PIM version 2 ([v2])",
        [10, 77, 0, 1],
        &pimv1_version(2, 2, &stop),
    );
    push(
        &mut v,
        "PIMv1 type 9 (unknown)",
        ALL_ROUTERS,
        &pimv1(9, &[]),
    );
    // Other types and checksums.
    push(
        &mut v,
        "IGMP type 0x42 (unknown)",
        ALL_HOSTS,
        &igmp_msg(0x42, 0, [0; 4], &[]),
    );
    let mut spoilt = igmp_msg(0x16, 0, g1, &[]);
    spoil(&mut spoilt, 2);
    push(&mut v, "v2 report with a bad checksum", g1, &spoilt);
    let mut spoilt3 = v3_all.clone();
    spoil(&mut spoilt3, 2);
    push(
        &mut v,
        "v3 report with a bad checksum",
        [224, 0, 0, 22],
        &spoilt3,
    );
    push(
        &mut v,
        "IGMP of 3 bytes (no checksum check)",
        ALL_HOSTS,
        &[0x11, 0, 0],
    );
    // IGMP over IPv6 (tcpdump: requires IPv4).
    v.push(Frame::new(
        "IGMP as an IPv6 next header",
        ip6(
            PROTO_IGMP,
            LL_SRC,
            [0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            1,
            &igmp_msg(0x16, 0, g1, &[]),
        ),
    ));
    // An ICMP protocol unreachable quoting an IGMP report.
    let quoted = {
        let mut ip = Ipv4::new(IP_CLI, IP_SRV, PROTO_IGMP, 0x77ff);
        ip.ttl = 1;
        ip.build(&igmp_msg(0x16, 0, g1, &[]))
    };
    let unreach = icmp(3, 2, [0; 4], &quoted);
    v.push(Frame::new(
        "ICMP protocol unreachable quoting a v2 report",
        pad60(eth_ip_rev(
            &Ipv4::new(IP_SRV, IP_CLI, PROTO_ICMP, 0x7800).build(&unreach),
        )),
    ));
    // Cut by the capture: the frame has 14 (Ethernet) + 24 (IPv4 with
    // Router Alert) bytes before IGMP.
    let at = |n: usize| 38 + n;
    let cuts: Vec<(&str, Vec<u8>, usize)> = vec![
        (
            "v2 query cut before the type",
            igmp_msg(0x11, 100, [0; 4], &[]),
            at(0),
        ),
        (
            "v2 query cut after the type",
            igmp_msg(0x11, 100, [0; 4], &[]),
            at(1),
        ),
        (
            "v2 group query cut in the group",
            igmp_msg(0x11, 10, g1, &[]),
            at(6),
        ),
        (
            "v2 report cut in the group",
            igmp_msg(0x16, 0, g1, &[]),
            at(7),
        ),
        ("v3 query cut before the group", q3(5, g1, &[s1, s2]), at(4)),
        (
            "v3 query cut before the source count",
            q3(5, g1, &[s1, s2]),
            at(10),
        ),
        (
            "v3 query cut in the second source",
            q3(5, g1, &[s1, s2]),
            at(18),
        ),
        (
            "v3 report cut before the record count",
            v3_all.clone(),
            at(7),
        ),
        (
            "v3 report cut in the second record's header",
            v3_all.clone(),
            at(22),
        ),
        (
            "v3 report cut in the third record's sources",
            v3_all.clone(),
            at(40),
        ),
        ("mtrace cut in the query id", tr(0x1f, IP_CLI), at(22)),
        (
            "DVMRP probe cut in the generation id",
            dv(1, &probe),
            at(10),
        ),
        ("DVMRP probe cut in a neighbour", dv(1, &probe), at(14)),
        ("DVMRP report cut in a route", dv(2, &routes), at(12)),
        (
            "DVMRP neighbors (old) cut in a neighbour",
            dv(4, &[10, 77, 0, 2, 1, 16, 2, 10, 77, 1, 1, 10, 77, 2, 1]),
            at(17),
        ),
        ("DVMRP neighbors2 cut in a neighbour", dv(6, &n2), at(18)),
        ("DVMRP prune cut in the lifetime", dv(7, &prune), at(18)),
        (
            "PIMv1 query cut in the hold time",
            pimv1(0, &[0x10, 0, 0, 105]),
            at(11),
        ),
        (
            "PIMv1 assert cut in the metric",
            pimv1(5, &assert(90, [255; 4])),
            at(26),
        ),
        (
            "PIMv1 RP-reachable cut in the hold time",
            pimv1(4, &rp([255; 4])),
            at(23),
        ),
        (
            "PIMv1 join/prune cut in the hold time (list form)",
            pimv1(3, &two),
            at(14),
        ),
        (
            "PIMv1 join/prune cut in a source (list form)",
            pimv1(3, &two),
            at(40),
        ),
        (
            "PIMv1 graft cut before the PIM version",
            pimv1(6, &[]),
            at(3),
        ),
    ];
    for (note, m, snap) in cuts {
        id += 1;
        let mut ip = Ipv4::new(IP_CLI, ALL_HOSTS, PROTO_IGMP, id).options(&OPT_RA);
        ip.ttl = 1;
        v.push(Frame::snapped(note, eth_ip(&ip.build(&m)), snap));
    }
    v
}

/// A VRRP message: version/type, vrid, priority, the addresses, the
/// fourth and fifth bytes (auth type and interval, or the v3 interval),
/// and v2 authentication data; the checksum is left for the caller.
fn vrrp_msg(vt: u8, vrid: u8, prio: u8, b45: [u8; 2], addrs: &[&[u8]], auth: &[u8]) -> Vec<u8> {
    let mut m = vec![vt, vrid, prio, addrs.len() as u8, b45[0], b45[1], 0, 0];
    for a in addrs {
        m.extend_from_slice(a);
    }
    m.extend_from_slice(auth);
    m
}

fn v2_sum(mut m: Vec<u8>) -> Vec<u8> {
    let sum = checksum(&m);
    m[6..8].copy_from_slice(&sum.to_be_bytes());
    m
}

fn vrrp4(m: &[u8], ttl: u8, id: u16) -> Vec<u8> {
    let mut ip = Ipv4::new(IP_SRV, VRRP_GROUP, PROTO_VRRP, id);
    ip.ttl = ttl;
    ip.tos = 0xc0;
    ip.frag = 0;
    pad60(eth_ip_rev(&ip.build(m)))
}

/// A version 3 message over IPv4 with its pseudo-header checksum.
fn v3_over_ipv4(mut m: Vec<u8>) -> Vec<u8> {
    set_l4_checksum(&mut m, 6, IP_SRV, VRRP_GROUP, PROTO_VRRP);
    m
}

fn v3_over_ipv6(mut m: Vec<u8>) -> Vec<u8> {
    m[6] = 0;
    m[7] = 0;
    let sum = sum6(LL_SRC, VRRP_GROUP6, PROTO_VRRP, &m);
    m[6..8].copy_from_slice(&sum.to_be_bytes());
    m
}

pub fn vrrp_forms() -> Vec<Frame> {
    let mut v = Vec::new();
    let mut id = 0x7a00u16;
    let mut push4 = |v: &mut Vec<Frame>, note: &str, ttl: u8, m: &[u8]| {
        id += 1;
        v.push(Frame::new(note, vrrp4(m, ttl, id)));
    };
    let a1: &[u8] = &[10, 77, 0, 100];
    let a2: &[u8] = &[10, 77, 0, 101];
    let a3: &[u8] = &[10, 77, 0, 102];
    let pass = v2_sum(vrrp_msg(0x21, 1, 100, [1, 1], &[a1, a2, a3], b"secret12"));
    push4(
        &mut v,
        "v2, simple password of 8 bytes, 3 addresses",
        255,
        &pass,
    );
    push4(
        &mut v,
        "v2, simple password of 3 bytes (NUL-padded)",
        255,
        &v2_sum(vrrp_msg(0x21, 2, 254, [1, 3], &[a1], b"abc\0\0\0\0\0")),
    );
    push4(
        &mut v,
        "v2, simple password with a tab and an 8-bit byte",
        255,
        &v2_sum(vrrp_msg(0x21, 3, 1, [1, 1], &[a1], b"a\tb\xe9cdef")),
    );
    push4(
        &mut v,
        "v2, no authentication, no addresses",
        255,
        &v2_sum(vrrp_msg(0x21, 4, 100, [0, 1], &[], &[0; 8])),
    );
    push4(
        &mut v,
        "v2, IP authentication header type",
        255,
        &v2_sum(vrrp_msg(0x21, 5, 100, [2, 1], &[a1, a2], &[0; 8])),
    );
    push4(
        &mut v,
        "v2, authentication type 7",
        255,
        &v2_sum(vrrp_msg(0x21, 6, 100, [7, 1], &[a1], &[0; 8])),
    );
    push4(
        &mut v,
        "v2, priority 0 (master leaving), TTL 64",
        64,
        &v2_sum(vrrp_msg(0x21, 7, 0, [0, 1], &[a1], &[0; 8])),
    );
    let mut bad = pass.clone();
    spoil(&mut bad, 6);
    push4(&mut v, "v2 with a bad checksum", 255, &bad);
    push4(
        &mut v,
        "v3 over IPv4, interval 100 cs, owner (priority 255)",
        255,
        &v3_over_ipv4(vrrp_msg(0x31, 10, 255, [0x00, 100], &[a1, a2], &[])),
    );
    push4(
        &mut v,
        "v3 over IPv4, interval 4095 cs, reserved bits set",
        255,
        &v3_over_ipv4(vrrp_msg(0x31, 11, 100, [0xff, 0xff], &[a1], &[])),
    );
    let mut bad3 = v3_over_ipv4(vrrp_msg(0x31, 12, 100, [0x00, 100], &[a1], &[]));
    spoil(&mut bad3, 6);
    push4(&mut v, "v3 over IPv4 with a bad checksum", 255, &bad3);
    push4(
        &mut v,
        "v3 over IPv4, TTL 1",
        1,
        &v3_over_ipv4(vrrp_msg(0x31, 13, 100, [0x00, 100], &[a1], &[])),
    );
    push4(
        &mut v,
        "version 1 (nothing more printed)",
        255,
        &v2_sum(vrrp_msg(0x11, 14, 100, [0, 1], &[a1], &[0; 8])),
    );
    push4(
        &mut v,
        "version 4 (nothing more printed)",
        255,
        &v2_sum(vrrp_msg(0x41, 15, 100, [0, 1], &[a1], &[0; 8])),
    );
    push4(
        &mut v,
        "v2, type 2 (unknown)",
        255,
        &v2_sum(vrrp_msg(0x22, 16, 100, [0, 1], &[a1], &[0; 8])),
    );
    push4(
        &mut v,
        "v3, type 0 (unknown), TTL 2",
        2,
        &v3_over_ipv4(vrrp_msg(0x30, 17, 100, [0, 100], &[a1], &[])),
    );
    // IPv6.
    let x1: &[u8] = &[0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x64];
    let x2: &[u8] = &[
        0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x64,
    ];
    let v6 = v3_over_ipv6(vrrp_msg(0x31, 20, 100, [0, 100], &[x1, x2], &[]));
    v.push(Frame::new(
        "v3 over IPv6, two addresses",
        ip6(PROTO_VRRP, LL_SRC, VRRP_GROUP6, 255, &v6),
    ));
    let mut bad6 = v6.clone();
    spoil(&mut bad6, 6);
    v.push(Frame::new(
        "v3 over IPv6 with a bad checksum, hop limit 64",
        ip6(PROTO_VRRP, LL_SRC, VRRP_GROUP6, 64, &bad6),
    ));
    let v2over6 = v2_sum(vrrp_msg(0x21, 21, 100, [1, 1], &[x1], b"v6pass\0\0"));
    v.push(Frame::new(
        "v2 over IPv6 (16-byte addresses), simple password",
        ip6(PROTO_VRRP, LL_SRC, VRRP_GROUP6, 255, &v2over6),
    ));
    // An ICMP protocol unreachable quoting a VRRP advertisement.
    let quoted = {
        let mut ip = Ipv4::new(IP_CLI, VRRP_GROUP, PROTO_VRRP, 0x7aff);
        ip.ttl = 255;
        ip.build(&v2_sum(vrrp_msg(0x21, 30, 100, [0, 1], &[a1], &[0; 8])))
    };
    let unreach = icmp(3, 2, [0; 4], &quoted);
    v.push(Frame::new(
        "ICMP protocol unreachable quoting a v2 advertisement",
        pad60(eth_ip_rev(
            &Ipv4::new(IP_SRV, IP_CLI, PROTO_ICMP, 0x7b00).build(&unreach),
        )),
    ));
    // Cut by the capture (14 + 20 bytes before VRRP).
    let at = |n: usize| 34 + n;
    let v3 = v3_over_ipv4(vrrp_msg(0x31, 10, 100, [0, 100], &[a1, a2], &[]));
    let cuts: Vec<(&str, &[u8], usize)> = vec![
        ("cut before the first byte", &pass, at(0)),
        ("cut after the first byte", &pass, at(1)),
        ("v2 cut after the authentication type", &pass, at(5)),
        ("v3 cut in the interval", &v3, at(5)),
        ("v2 cut in the second address", &pass, at(14)),
        ("v2 cut in the password", &pass, at(23)),
        ("v3 cut in the first address", &v3, at(10)),
    ];
    for (note, m, snap) in cuts {
        id += 1;
        let mut ip = Ipv4::new(IP_SRV, VRRP_GROUP, PROTO_VRRP, id);
        ip.ttl = 255;
        v.push(Frame::snapped(note, eth_ip_rev(&ip.build(m)), snap));
    }
    v
}
