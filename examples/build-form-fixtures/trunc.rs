//! `truncation.pcap`: a few full frames, each recorded again at a series
//! of snapshot lengths that end inside every layer: the Ethernet header,
//! a VLAN tag, the IPv4 header and its options, the TCP header and its
//! options, the HTTP payload, the UDP header, an ICMP error and the
//! datagram it quotes, an ICMP extension, an ARP packet. Last, record
//! headers whose lengths contradict each other.

use crate::capture::Frame;
use crate::wire::*;

fn cuts(v: &mut Vec<Frame>, what: &str, full: &[u8], snaplens: &[usize]) {
    for &n in snaplens {
        v.push(Frame::snapped(
            format!("{what}, snaplen {n}"),
            full.to_vec(),
            n,
        ));
    }
}

pub fn frames() -> Vec<Frame> {
    let mut v = Vec::new();

    // A. Ethernet, IPv4 with an RR option (8 bytes), TCP with mss,
    //    sackOK, TS, nop, wscale (20 bytes of options), HTTP GET.
    //    Layer boundaries: 14 (Ethernet), 42 (IPv4), 82 (TCP), 104.
    let get = b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
    let mut o = vec![
        2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 9, 0, 0, 0, 0, 1, 3, 3, 7,
    ];
    o.truncate(20);
    let seg = Tcp::new(40500, 80, 1, 1, PSH | ACK)
        .options(&o)
        .build(IP_CLI, IP_SRV, get);
    let ip = Ipv4::new(IP_CLI, IP_SRV, PROTO_TCP, 0x801)
        .options(&[7, 7, 4, 0, 0, 0, 0, 1])
        .build(&seg);
    let full = eth_ip(&ip);
    cuts(
        &mut v,
        "Ethernet/IPv4+RR/TCP+options/HTTP",
        &full,
        &[
            0, 6, 13, 14, 15, 25, 33, 34, 36, 40, 41, 42, 44, 46, 50, 54, 61, 62, 64, 66, 70, 74,
            78, 81, 82, 86, 90, 100,
        ],
    );

    // B. 802.1Q-tagged UDP: 18 (tag), 38 (IPv4), 46 (UDP).
    let seg = udp(IP_CLI, IP_SRV, 40000, 7777, b"tagged datagram");
    let ip = Ipv4::new(IP_CLI, IP_SRV, PROTO_UDP, 0x802).build(&seg);
    let full = tagged(
        MAC_SRV,
        MAC_CLI,
        &[(TPID_8021Q, 0xa064)],
        ETHERTYPE_IPV4,
        &ip,
    );
    cuts(
        &mut v,
        "802.1Q/IPv4/UDP",
        &full,
        &[15, 16, 17, 18, 19, 30, 38, 40, 42, 44, 46, 50],
    );

    // C. ICMP port unreachable quoting a whole UDP datagram: 34 (IPv4),
    //    42 (ICMP header), 62 (quoted IPv4), 70 (quoted UDP), 88.
    let probe_seg = udp(IP_CLI, IP_FAR, 40000, 33434, b"probe payload");
    let probe = Ipv4::new(IP_CLI, IP_FAR, PROTO_UDP, 0x803).build(&probe_seg);
    let msg = icmp(3, 3, [0; 4], &probe);
    let mut ip = Ipv4::new(IP_GW, IP_CLI, PROTO_ICMP, 0x804);
    ip.frag = 0;
    let full = eth_ip_rev(&ip.build(&msg));
    cuts(
        &mut v,
        "ICMP port unreachable quoting UDP",
        &full,
        &[
            35, 36, 38, 40, 42, 46, 50, 52, 54, 60, 62, 64, 66, 68, 70, 75,
        ],
    );

    // D. ICMP time exceeded with an RFC 4884 extension (MPLS object):
    //    the extension starts at 42 + 128 = 170.
    let mut body = probe.clone();
    body.resize(128, 0);
    let mut ext = vec![0x20, 0, 0, 0, 0, 8, 1, 1, 0x03, 0xe8, 0x51, 0x01];
    let sum = checksum(&ext);
    ext[2..4].copy_from_slice(&sum.to_be_bytes());
    body.extend_from_slice(&ext);
    let msg = icmp(11, 0, [0, 32, 0, 0], &body);
    let mut ip = Ipv4::new(IP_GW, IP_CLI, PROTO_ICMP, 0x805);
    ip.frag = 0;
    let full = eth_ip_rev(&ip.build(&msg));
    cuts(
        &mut v,
        "ICMP time exceeded with an MPLS extension",
        &full,
        &[100, 170, 172, 174, 176, 178, 180],
    );

    // E. ICMP queries: time stamp reply (cut in the times), address mask
    //    reply (cut in the mask), router advertisement (cut in an entry).
    let mut body = 1000u32.to_be_bytes().to_vec();
    body.extend_from_slice(&2000u32.to_be_bytes());
    body.extend_from_slice(&3000u32.to_be_bytes());
    let msg = icmp(14, 0, [0, 1, 0, 1], &body);
    let full = eth_ip_rev(&Ipv4::new(IP_SRV, IP_CLI, PROTO_ICMP, 0x806).build(&msg));
    cuts(
        &mut v,
        "ICMP time stamp reply",
        &full,
        &[38, 42, 46, 50, 54],
    );
    let msg = icmp(18, 0, [0, 1, 0, 1], &[255, 255, 0, 0]);
    let full = eth_ip_rev(&Ipv4::new(IP_SRV, IP_CLI, PROTO_ICMP, 0x807).build(&msg));
    cuts(&mut v, "ICMP address mask reply", &full, &[42, 44]);
    let mut body = IP_GW.to_vec();
    body.extend_from_slice(&[0, 0, 0, 1]);
    body.extend_from_slice(&[10, 77, 1, 254, 0, 0, 0, 2]);
    let msg = icmp(9, 0, [2, 2, 0x07, 0x08], &body);
    let full = eth_ip_rev(&Ipv4::new(IP_GW, [224, 0, 0, 1], PROTO_ICMP, 0x808).build(&msg));
    cuts(
        &mut v,
        "ICMP router advertisement",
        &full,
        &[38, 40, 42, 46, 50, 54],
    );

    // F. ARP request: 14 (Ethernet), 22 (fixed part), 42 (addresses).
    let mut a = vec![0, 1, 8, 0, 6, 4, 0, 1];
    a.extend_from_slice(&MAC_CLI);
    a.extend_from_slice(&IP_CLI);
    a.extend_from_slice(&[0; 6]);
    a.extend_from_slice(&IP_SRV);
    let full = ether(MAC_BCAST, MAC_CLI, ETHERTYPE_ARP, &a);
    cuts(
        &mut v,
        "ARP request",
        &full,
        &[16, 20, 21, 27, 28, 31, 37, 38, 41],
    );

    // G. TCP RST with a payload and an SSRR option in the IP header.
    let seg = Tcp::new(5001, 40501, 7, 0, RST).build(IP_SRV, IP_CLI, b"reset by peer");
    let ip = Ipv4::new(IP_SRV, IP_CLI, PROTO_TCP, 0x809)
        .options(&[137, 7, 4, IP_CLI[0], IP_CLI[1], IP_CLI[2], IP_CLI[3], 1])
        .build(&seg);
    let full = eth_ip_rev(&ip);
    cuts(
        &mut v,
        "IPv4+SSRR/TCP RST with payload",
        &full,
        &[38, 45, 62, 70, 75],
    );

    // H. Record headers whose original length is below the captured
    //    length, or zero: tcpdump reports the header as invalid instead of
    //    decoding the frame.
    let seg = udp(IP_CLI, IP_SRV, 40000, 7777, b"record header");
    let full = pad60(eth_ip(
        &Ipv4::new(IP_CLI, IP_SRV, PROTO_UDP, 0x80a).build(&seg),
    ));
    for wire in [59, 14, 0] {
        v.push(Frame::claiming(
            format!("UDP, 60 bytes captured, original length {wire}"),
            full.clone(),
            wire,
        ));
    }
    v.push(Frame::claiming(
        "no bytes captured, original length 60",
        Vec::new(),
        60,
    ));

    v
}
