//! `ipv4-options.pcap`: the IPv4 header as `tcpdump -v` prints it. Every
//! option tcpdump names (RR, LSRR, SSRR, timestamp in each flag form, RA,
//! security, traceroute, NOP, EOL), unknown options, bad option lengths and
//! pointers, options cut by the snapshot length, the source-route final
//! destination in the TCP/UDP pseudo-header, ECN code points, fragment
//! flags, TTL 0, and bad header checksums.

use crate::capture::Frame;
use crate::wire::*;

/// A route option (RR 7, LSRR 131, SSRR 137): code, length, pointer, slots.
fn route(code: u8, ptr: u8, slots: &[[u8; 4]]) -> Vec<u8> {
    let mut o = vec![code, (3 + 4 * slots.len()) as u8, ptr];
    for s in slots {
        o.extend_from_slice(s);
    }
    o
}

/// A timestamp option (68): pointer, overflow count and flag, then entries
/// of a time stamp (flag 0) or address + time stamp (flags 1 and 3).
fn ts(ptr: u8, oflw: u8, flag: u8, entries: &[([u8; 4], u32)]) -> Vec<u8> {
    let with_addr = flag != 0;
    let per = if with_addr { 8 } else { 4 };
    let mut o = vec![68, (4 + per * entries.len()) as u8, ptr, (oflw << 4) | flag];
    for (a, t) in entries {
        if with_addr {
            o.extend_from_slice(a);
        }
        o.extend_from_slice(&t.to_be_bytes());
    }
    o
}

const NOP: u8 = 1;
const EOL: u8 = 0;
const RR: u8 = 7;
const LSRR: u8 = 131;
const SSRR: u8 = 137;

/// 16 bytes of ICMP echo data.
const ECHO_DATA: &[u8] = b"netdecode ip opt";

/// An ICMP echo request from the client to the server with `ip`'s options.
fn echo(ip: Ipv4, seq: u16) -> Vec<u8> {
    let msg = icmp(8, 0, [0x4e, 0x44, 0, seq as u8], ECHO_DATA);
    eth_ip(&ip.build(&msg))
}

fn opts(id: u16, options: &[u8]) -> Ipv4 {
    Ipv4::new(IP_CLI, IP_SRV, PROTO_ICMP, id).options(options)
}

pub fn frames() -> Vec<Frame> {
    let mut v = Vec::new();
    let ms = |h: u32, m: u32, s: u32| (h * 3600 + m * 60 + s) * 1000;

    // 1. RR with three empty slots, pointer 4 (nothing recorded yet), plus
    //    a NOP to fill the word.
    let mut o = route(RR, 4, &[[0; 4]; 3]);
    o.push(NOP);
    v.push(Frame::new(
        "RR, 3 empty slots, ptr 4; NOP",
        echo(opts(0x101, &o), 1),
    ));

    // 2. RR with two of three slots filled (pointer 12 at the third).
    let mut o = route(RR, 12, &[IP_CLI, IP_GW, [0; 4]]);
    o.push(NOP);
    v.push(Frame::new(
        "RR, 2 of 3 slots recorded, ptr 12; NOP",
        echo(opts(0x102, &o), 2),
    ));

    // 3. RR full: the pointer (16) is one past the last slot.
    let mut o = route(RR, 16, &[IP_CLI, IP_GW, IP_FAR]);
    o.push(EOL);
    v.push(Frame::new(
        "RR full, ptr 16 past the end; EOL",
        echo(opts(0x103, &o), 3),
    ));

    // 4. RR filling a 60-byte header: 9 slots, 39 bytes, then EOL.
    let slots: Vec<[u8; 4]> = (1..=9).map(|i| [10, 77, i, 1]).collect();
    let o = route(RR, 40, &slots);
    v.push(Frame::new(
        "RR with 9 slots, all recorded (IHL 15)",
        echo(opts(0x104, &o), 4),
    ));

    // 5. LSRR via the gateway to a far host: the IP destination is the next
    //    hop (10.77.0.254), the route's last address (192.0.2.7) the final
    //    destination; the UDP checksum uses the final destination, as the
    //    sender computes it, so tcpdump -v calls it correct.
    let mut o = route(LSRR, 4, &[IP_FAR]);
    o.push(NOP);
    let ip = Ipv4::new(IP_CLI, IP_GW, PROTO_UDP, 0x105).options(&o);
    let seg = udp(IP_CLI, IP_FAR, 40000, 7777, b"loose source route");
    v.push(Frame::new(
        "LSRR 192.0.2.7 ptr 4; NOP; UDP checksum over the final destination (correct)",
        eth_ip(&ip.build(&seg)),
    ));

    // 6. Same route, UDP checksum computed over the IP destination instead:
    //    wrong for a source-routed datagram.
    let seg = udp(IP_CLI, IP_GW, 40000, 7777, b"loose source route");
    v.push(Frame::new(
        "LSRR 192.0.2.7; UDP checksum over the first hop (incorrect)",
        eth_ip(&ip.build(&seg)),
    ));

    // 7. SSRR with two hops, one done (pointer 8), TCP SYN whose checksum
    //    uses the final destination (correct).
    let mut o = route(SSRR, 8, &[IP_GW, IP_FAR]);
    o.push(NOP);
    let ip = Ipv4::new(IP_CLI, IP_GW, PROTO_TCP, 0x107).options(&o);
    let seg = Tcp::new(40001, 80, 1000, 0, SYN).build(IP_CLI, IP_FAR, &[]);
    v.push(Frame::new(
        "SSRR 10.77.0.254, 192.0.2.7 ptr 8; NOP; TCP SYN checksum over the final destination (correct)",
        eth_ip(&ip.build(&seg)),
    ));

    // 8. LSRR with no address (length 3): no final destination, so the
    //    pseudo-header uses the IP destination (correct).
    let o = [LSRR, 3, 4, NOP];
    let ip = Ipv4::new(IP_CLI, IP_SRV, PROTO_UDP, 0x108).options(&o);
    let seg = udp(IP_CLI, IP_SRV, 40000, 7777, b"empty route");
    v.push(Frame::new(
        "LSRR of length 3 (no address); NOP; UDP checksum over the IP destination (correct)",
        eth_ip(&ip.build(&seg)),
    ));

    // 9. RR of length 6 (not 3 + 4n) with pointer 5 (not 4 + 4n): both
    //    flagged; the one address tcpdump prints runs into the NOPs after.
    let o = [RR, 6, 5, 10, 77, 0, NOP, NOP];
    v.push(Frame::new(
        "RR length 6 (bad), ptr 5 (bad); NOP, NOP",
        echo(opts(0x109, &o), 9),
    ));

    // 10. RR of length 2: too short for a pointer.
    let o = [RR, 2, NOP, NOP];
    v.push(Frame::new(
        "RR length 2 (too short); NOP, NOP",
        echo(opts(0x10a, &o), 10),
    ));

    // 11. RR whose pointer (20) is past the end of its 11 bytes.
    let mut o = route(RR, 20, &[IP_CLI, IP_GW]);
    o.push(NOP);
    v.push(Frame::new(
        "RR ptr 20 beyond length 11; NOP",
        echo(opts(0x10b, &o), 11),
    ));

    // 12. Timestamp, flag 0 (time stamps only), 3 slots, one recorded
    //     (pointer 9 at the second), no overflow.
    let o = ts(9, 0, 0, &[([0; 4], ms(12, 0, 1)), ([0; 4], 0), ([0; 4], 0)]);
    v.push(Frame::new(
        "TS flag 0 (TSONLY), 3 slots, 1 recorded, ptr 9",
        echo(opts(0x10c, &o), 12),
    ));

    // 13. Timestamp, flag 1 (address and time stamp), both entries
    //     recorded (pointer 21, past the end), 3 hops not recorded.
    let o = ts(
        21,
        3,
        1,
        &[(IP_CLI, ms(1, 2, 3) + 4), (IP_GW, ms(1, 2, 3) + 9)],
    );
    v.push(Frame::new(
        "TS flag 1 (TS+ADDR), 2 entries recorded, ptr 21, overflow 3",
        echo(opts(0x10d, &o), 13),
    ));

    // 14. Timestamp, flag 3 (prespecified addresses), one of two recorded.
    let o = ts(13, 0, 3, &[(IP_GW, ms(23, 59, 59) + 999), (IP_SRV, 0)]);
    v.push(Frame::new(
        "TS flag 3 (PRESPEC), 1 of 2 recorded, ptr 13",
        echo(opts(0x10e, &o), 14),
    ));

    // 15. Timestamp with flag 2 (undefined).
    let o = ts(5, 0, 2, &[(IP_GW, 1), (IP_SRV, 2)]);
    v.push(Frame::new(
        "TS flag 2 (undefined), ptr 5",
        echo(opts(0x10f, &o), 15),
    ));

    // 16. Timestamp flag 0 of length 10 (not 4 + 4n) with pointer 6 (not
    //     5 + 4n); two NOPs after it hold what the second slot reads.
    let o = [68, 10, 6, 0x00, 0, 0, 0, 1, 0, 0, NOP, NOP];
    v.push(Frame::new(
        "TS length 10 (bad), ptr 6 (bad); NOP, NOP",
        echo(opts(0x110, &o), 16),
    ));

    // 17. Timestamp of length 3: shorter than its fixed part.
    let o = [68, 3, 5, NOP];
    v.push(Frame::new(
        "TS length 3 (too short); NOP",
        echo(opts(0x111, &o), 17),
    ));

    // 18. Timestamp whose pointer (1) is below the first slot.
    let o = ts(1, 0, 0, &[([0; 4], 7)]);
    v.push(Frame::new(
        "TS ptr 1 (below the first slot)",
        echo(opts(0x112, &o), 18),
    ));

    // 19. Router Alert with value 0 (RFC 2113: examine packet), then a RA
    //     with value 5.
    let o = [148, 4, 0, 0, 148, 4, 0, 5];
    v.push(Frame::new(
        "RA value 0; RA value 5",
        echo(opts(0x113, &o), 19),
    ));

    // 20. Router Alert of length 2: no value.
    let o = [148, 2, NOP, NOP];
    v.push(Frame::new(
        "RA length 2 (bad); NOP, NOP",
        echo(opts(0x114, &o), 20),
    ));

    // 21. NOP, NOP, EOL, then bytes after the end of the list (ignored).
    let o = [NOP, NOP, EOL, 0x44, 0x55, 0x66, 0x77, 0x88];
    v.push(Frame::new(
        "NOP, NOP, EOL, 5 bytes after EOL",
        echo(opts(0x115, &o), 21),
    ));

    // 22. Options tcpdump names but does not decode: security (130,
    //     length 11) and traceroute (82, length 12); then an unknown one
    //     (158, length 4).
    let mut o = vec![130, 11, 0xf1, 0x35, 0, 0, 0, 0, 0, 0, 0, NOP];
    o.extend_from_slice(&[82, 12, 0, 0, 0, 1, 0, 2, 10, 77, 0, 2]);
    o.extend_from_slice(&[158, 4, 0xbe, 0xef]);
    v.push(Frame::new(
        "security (130), NOP, traceroute (82), unknown 158",
        echo(opts(0x116, &o), 22),
    ));

    // 23. An option whose length byte is 1 (less than 2).
    let o = [RR, 1, NOP, NOP];
    v.push(Frame::new("RR length 1 (< 2)", echo(opts(0x117, &o), 23)));

    // 24. An unknown option whose length byte is 0.
    let o = [0x99, 0, NOP, NOP];
    v.push(Frame::new(
        "unknown 153 length 0",
        echo(opts(0x118, &o), 24),
    ));

    // 25. A timestamp option claiming 40 bytes in an 8-byte option area.
    let o = [68, 40, 5, 0, 0, 0, 0, 1];
    v.push(Frame::new(
        "TS length 40 > 8-byte option area",
        echo(opts(0x119, &o), 25),
    ));

    // 26. ECN ECT(1), TTL 1, no flags ("none").
    let mut ip = opts(0x11a, &[]);
    ip.tos = 0x01;
    ip.ttl = 1;
    ip.frag = 0;
    v.push(Frame::new(
        "tos 0x1 ECT(1), ttl 1, flags none",
        echo(ip, 26),
    ));

    // 27. DSCP EF with ECT(0), TTL 0 (not printed by -v), DF.
    let mut ip = opts(0x11b, &[]);
    ip.tos = 0xb8 | 0x02;
    ip.ttl = 0;
    v.push(Frame::new("tos 0xba ECT(0), ttl 0", echo(ip, 27)));

    // 28. CE, the reserved ("evil") bit, MF: the first fragment of an echo
    //     request whose data would continue.
    let mut ip = opts(0x11c, &[]);
    ip.tos = 0x03;
    ip.frag = 0x8000 | MF;
    v.push(Frame::new(
        "tos 0x3 CE, flags [rsvd, +] (first fragment)",
        echo(ip, 28),
    ));

    // 29. A middle fragment (offset 1480, MF set, DF set as well) of UDP:
    //     no transport header to decode.
    let mut ip = Ipv4::new(IP_CLI, IP_SRV, PROTO_UDP, 0x11d);
    ip.frag = DF | MF | (1480 / 8);
    v.push(Frame::new(
        "fragment offset 1480, flags [DF, +], UDP (not decoded)",
        eth_ip(&ip.build(b"fragment middle data")),
    ));

    // 30. Header checksum wrong, with options (RA).
    let mut f = echo(opts(0x11e, &[148, 4, 0, 0]), 30);
    spoil(&mut f, 14 + 10);
    v.push(Frame::new("RA; IPv4 header checksum wrong", f));

    // 31. Header checksum wrong, checksum field 0.
    let mut f = echo(opts(0x11f, &[]), 31);
    f[14 + 10] = 0;
    f[14 + 11] = 0;
    v.push(Frame::new("IPv4 header checksum 0 (wrong)", f));

    // 32. Header checksum correct, ICMP checksum wrong.
    let mut f = echo(opts(0x120, &[]), 32);
    spoil(&mut f, 14 + 20 + 2);
    v.push(Frame::new("ICMP checksum wrong", f));

    // 33-35. The 9-slot RR packet captured to 14 + 20 + 10 bytes (inside
    //     the option), to 14 + 60 (the whole header, nothing after it) and
    //     to 14 + 62 (2 ICMP bytes).
    let full = echo(opts(0x121, &route(RR, 40, &slots)), 33);
    v.push(Frame::snapped(
        "RR (IHL 15) cut inside the option (caplen 44)",
        full.clone(),
        44,
    ));
    v.push(Frame::snapped(
        "RR (IHL 15) cut after the header (caplen 74)",
        full.clone(),
        74,
    ));
    v.push(Frame::snapped(
        "RR (IHL 15) cut 2 bytes into ICMP (caplen 76)",
        full,
        76,
    ));

    // 36. Options cut before the option list's first byte is complete:
    //     only the fixed 20-byte header captured.
    let full = echo(opts(0x122, &ts(9, 0, 0, &[([0; 4], 5), ([0; 4], 0)])), 36);
    v.push(Frame::snapped(
        "TS option, header cut at 20 bytes (caplen 34)",
        full,
        34,
    ));

    // 37. Total length 0 (what a TSO send shows before segmentation), and
    //     total length 40 with IHL 15 (a 60-byte header).
    let mut f = echo(opts(0x123, &[]), 37);
    f[14 + 2] = 0;
    f[14 + 3] = 0;
    fix_ip_checksum(&mut f, 14);
    v.push(Frame::new("total length 0", f));
    let mut f = echo(opts(0x124, &route(RR, 40, &slots)), 38);
    f[14 + 2] = 0;
    f[14 + 3] = 40;
    fix_ip_checksum(&mut f, 14);
    v.push(Frame::new("IHL 15 (60 bytes) with total length 40", f));

    // 38. Total length 30 in a 60-byte frame: the rest is Ethernet
    //     padding, not ICMP data.
    let ip = opts(0x125, &[]).build(&icmp(8, 0, [0x4e, 0x44, 0, 39], &[0xee, 0xee]));
    v.push(Frame::new(
        "echo request with 2 data bytes, frame padded to 60",
        pad60(eth_ip(&ip)),
    ));

    v
}
