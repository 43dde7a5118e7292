//! Tunnel forms the kernel here cannot make devices for, or that no real
//! tunnel endpoint sends:
//!
//! `vxlan-forms.pcap`: VXLAN flags and reserved bits, what the inner
//! Ethernet frame carries (tags, ARP, IPv6, LLC, unknown ethertypes), the
//! UDP port on either side, VXLAN over IPv6 and in a VLAN, a UDP length
//! below the IP payload, payloads too short for the header, cuts inside the
//! header and inside the inner packet; VXLAN-GPE with each next protocol.
//!
//! `geneve-forms.pcap`: Geneve with and without options (every option class
//! tcpdump names, critical types, data of several lengths, a bad option
//! length), its flags and reserved bits, what it carries by protocol type
//! (IPv4, IPv6, ARP, Ethernet, an unknown type), version 1, payloads too
//! short and options too long, cuts; over IPv6.
//!
//! `gre-forms.pcap`: GRE version 0 with every optional field (checksum and
//! offset, key, sequence number, source routes of the IP and ASN families
//! with good and bad offsets and lengths), carrying IPv4, IPv6, Ethernet
//! (transparent bridging) and unknown protocols; version 1 (PPTP) with call
//! ID, sequence and acknowledgement numbers and the PPP it carries (address
//! and control fields or not, IP, IPv6, compressed and unknown protocols);
//! an unknown version; GRE over IPv6; cuts at every field.
//!
//! `ipip-forms.pcap`: IPv4 in IPv4, IPv6 in IPv4, IPv4 in IPv6, IPv6 in
//! IPv6, Ethernet in IPv6, inner headers of the wrong version, empty and
//! cut inner packets, a later fragment, tunnels four deep, and a frame that
//! nests GRE, VXLAN and IP in IP.

use crate::capture::Frame;
use crate::wire::*;

const PROTO_IPIP: u8 = 4;
const PROTO_IPV6: u8 = 41;
const PROTO_GRE: u8 = 47;
const PROTO_ETHERNET: u8 = 143;
const ETHERTYPE_IPV6: u16 = 0x86dd;
const ETHERTYPE_TEB: u16 = 0x6558;
const ETHERTYPE_PPP: u16 = 0x880b;
const TPID_8021Q_: u16 = TPID_8021Q;

const VXLAN: u16 = 4789;
const VXLAN_GPE: u16 = 4790;
const GENEVE: u16 = 6081;

/// The overlay: two hosts behind the tunnel endpoints (IP_CLI, IP_SRV).
const IN_A: [u8; 4] = [192, 168, 77, 1];
const IN_B: [u8; 4] = [192, 168, 77, 2];
const MAC_IN_A: [u8; 6] = [0x02, 0x00, 0x00, 0x77, 0x10, 0x01];
const MAC_IN_B: [u8; 6] = [0x02, 0x00, 0x00, 0x77, 0x10, 0x02];
/// IPv6 tunnel endpoints and overlay hosts.
const V6_A: [u8; 16] = [0xfd, 0x77, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];
const V6_B: [u8; 16] = [0xfd, 0x77, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
const IN6_A: [u8; 16] = [0xfd, 0x77, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
const IN6_B: [u8; 16] = [0xfd, 0x77, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];

const NH_UDP: u8 = 17;
const NH_TCP: u8 = 6;
const NH_ICMPV6: u8 = 58;

/// An IPv6 header (hop limit 64, no flow label) and its payload.
fn ip6(nh: u8, src: [u8; 16], dst: [u8; 16], payload: &[u8]) -> Vec<u8> {
    let mut p = vec![0x60, 0, 0, 0];
    p.extend_from_slice(&(payload.len() as u16).to_be_bytes());
    p.push(nh);
    p.push(64);
    p.extend_from_slice(&src);
    p.extend_from_slice(&dst);
    p.extend_from_slice(payload);
    p
}

/// The upper-layer checksum of `seg` over the IPv6 pseudo-header.
fn sum6(src: [u8; 16], dst: [u8; 16], nh: u8, seg: &[u8]) -> u16 {
    let mut p = Vec::with_capacity(40);
    p.extend_from_slice(&src);
    p.extend_from_slice(&dst);
    p.extend_from_slice(&(seg.len() as u32).to_be_bytes());
    p.extend_from_slice(&[0, 0, 0, nh]);
    fold(ones_sum(seg, ones_sum(&p, 0)))
}

fn udp6(src: [u8; 16], dst: [u8; 16], sport: u16, dport: u16, payload: &[u8]) -> Vec<u8> {
    let mut s = Vec::with_capacity(8 + payload.len());
    s.extend_from_slice(&sport.to_be_bytes());
    s.extend_from_slice(&dport.to_be_bytes());
    s.extend_from_slice(&((8 + payload.len()) as u16).to_be_bytes());
    s.extend_from_slice(&[0, 0]);
    s.extend_from_slice(payload);
    let sum = match sum6(src, dst, NH_UDP, &s) {
        0 => 0xffff,
        v => v,
    };
    s[6..8].copy_from_slice(&sum.to_be_bytes());
    s
}

fn tcp6(src: [u8; 16], dst: [u8; 16], t: &Tcp, payload: &[u8]) -> Vec<u8> {
    // Build with a dummy pseudo-header, then redo the checksum for IPv6.
    let mut s = t.build([0; 4], [0; 4], payload);
    s[16] = 0;
    s[17] = 0;
    let sum = sum6(src, dst, NH_TCP, &s);
    s[16..18].copy_from_slice(&sum.to_be_bytes());
    s
}

/// An IPv4 packet from `src` to `dst`.
fn ip4(proto: u8, src: [u8; 4], dst: [u8; 4], id: u16, payload: &[u8]) -> Vec<u8> {
    Ipv4::new(src, dst, proto, id).build(payload)
}

// ---- what tunnels carry ----

/// IPv4/UDP in the overlay: A to B, port 40000 to 7777.
fn inner_udp4() -> Vec<u8> {
    ip4(
        PROTO_UDP,
        IN_A,
        IN_B,
        0x0101,
        &udp(IN_A, IN_B, 40000, 7777, b"overlay"),
    )
}

/// IPv4/TCP in the overlay: a SYN with options, or data.
fn inner_tcp4(flags: u8, payload: &[u8]) -> Vec<u8> {
    let mut t = Tcp::new(40000, 80, 1_000_000, 0, flags);
    if flags & SYN != 0 {
        t = t.options(&[2, 4, 0x05, 0x8c, 1, 1, 4, 2]);
    } else {
        t.ack = 2_000_000;
    }
    ip4(PROTO_TCP, IN_A, IN_B, 0x0102, &t.build(IN_A, IN_B, payload))
}

/// IPv6/UDP in the overlay.
fn inner_udp6() -> Vec<u8> {
    ip6(
        NH_UDP,
        IN6_A,
        IN6_B,
        &udp6(IN6_A, IN6_B, 40000, 7777, b"v6"),
    )
}

/// An ICMPv6 echo request in the overlay.
fn inner_echo6() -> Vec<u8> {
    let mut m = vec![128, 0, 0, 0, 0x12, 0x34, 0, 1];
    m.extend_from_slice(b"ping");
    let sum = sum6(IN6_A, IN6_B, NH_ICMPV6, &m);
    m[2..4].copy_from_slice(&sum.to_be_bytes());
    ip6(NH_ICMPV6, IN6_A, IN6_B, &m)
}

/// An ARP request in the overlay.
fn inner_arp() -> Vec<u8> {
    let mut a = vec![0, 1, 8, 0, 6, 4, 0, 1];
    a.extend_from_slice(&MAC_IN_A);
    a.extend_from_slice(&IN_A);
    a.extend_from_slice(&[0; 6]);
    a.extend_from_slice(&IN_B);
    a
}

/// An overlay Ethernet frame from A to B.
fn inner_eth(ethertype: u16, payload: &[u8]) -> Vec<u8> {
    ether(MAC_IN_B, MAC_IN_A, ethertype, payload)
}

// ---- the tunnels ----

fn vxlan_hdr(flags: u8, vni: u32, reserved: [u8; 3], reserved2: u8) -> Vec<u8> {
    let mut h = vec![flags];
    h.extend_from_slice(&reserved);
    h.extend_from_slice(&(vni << 8 | u32::from(reserved2)).to_be_bytes());
    h
}

fn vxlan(vni: u32, inner: &[u8]) -> Vec<u8> {
    let mut p = vxlan_hdr(0x08, vni, [0; 3], 0);
    p.extend_from_slice(inner);
    p
}

fn gpe(flags: u8, next: u8, vni: u32, inner: &[u8]) -> Vec<u8> {
    let mut p = vec![flags, 0, 0, next];
    p.extend_from_slice(&(vni << 8).to_be_bytes());
    p.extend_from_slice(inner);
    p
}

/// A Geneve header: version 0 unless `ver_opt` says otherwise (its first
/// byte is computed from the options when `ver_opt` is `None`).
fn geneve(
    ver_opt: Option<u8>,
    flags: u8,
    proto: u16,
    vni: u32,
    reserved: u8,
    options: &[u8],
    inner: &[u8],
) -> Vec<u8> {
    let first = ver_opt.unwrap_or((options.len() / 4) as u8);
    let mut p = vec![first, flags];
    p.extend_from_slice(&proto.to_be_bytes());
    p.extend_from_slice(&(vni << 8 | u32::from(reserved)).to_be_bytes());
    p.extend_from_slice(options);
    p.extend_from_slice(inner);
    p
}

/// A Geneve option: class, type, data (a multiple of 4 bytes).
fn gopt(class: u16, t: u8, data: &[u8]) -> Vec<u8> {
    let mut o = class.to_be_bytes().to_vec();
    o.push(t);
    o.push((data.len() / 4) as u8);
    o.extend_from_slice(data);
    o
}

/// A GRE header and payload: flags and version word, protocol, then the
/// optional fields as given.
fn gre(flags: u16, proto: u16, fields: &[u8], payload: &[u8]) -> Vec<u8> {
    let mut p = flags.to_be_bytes().to_vec();
    p.extend_from_slice(&proto.to_be_bytes());
    p.extend_from_slice(fields);
    p.extend_from_slice(payload);
    p
}

fn be32s(words: &[u32]) -> Vec<u8> {
    words.iter().flat_map(|w| w.to_be_bytes()).collect()
}

/// UDP from the client's tunnel endpoint to the server's, over Ethernet.
fn over_udp(sport: u16, dport: u16, payload: &[u8]) -> Vec<u8> {
    eth_ip(&ip4(
        PROTO_UDP,
        IP_CLI,
        IP_SRV,
        0x2000,
        &udp(IP_CLI, IP_SRV, sport, dport, payload),
    ))
}

/// The same over IPv6.
fn over_udp6(sport: u16, dport: u16, payload: &[u8]) -> Vec<u8> {
    ether(
        MAC_SRV,
        MAC_CLI,
        ETHERTYPE_IPV6,
        &ip6(NH_UDP, V6_A, V6_B, &udp6(V6_A, V6_B, sport, dport, payload)),
    )
}

/// An IP protocol `proto` packet between the tunnel endpoints.
fn over_ip(proto: u8, payload: &[u8]) -> Vec<u8> {
    eth_ip(&ip4(proto, IP_CLI, IP_SRV, 0x3000, payload))
}

fn over_ip6(nh: u8, payload: &[u8]) -> Vec<u8> {
    ether(
        MAC_SRV,
        MAC_CLI,
        ETHERTYPE_IPV6,
        &ip6(nh, V6_A, V6_B, payload),
    )
}

/// An ICMP error (type `t`, code `c`) from the server's tunnel endpoint
/// back to the client's, quoting the first `n` bytes of the IPv4 datagram
/// of `frame` (an Ethernet frame).
fn icmp_quoting(t: u8, c: u8, frame: &[u8], n: usize) -> Vec<u8> {
    let dg = &frame[14..];
    let quoted = &dg[..n.min(dg.len())];
    let rest = if t == 3 && c == 4 {
        [0, 0, 0x05, 0xdc]
    } else {
        [0; 4]
    };
    eth_ip_rev(&ip4(
        PROTO_ICMP,
        IP_SRV,
        IP_CLI,
        0x4000,
        &icmp(t, c, rest, quoted),
    ))
}

/// Where the payload of an Ethernet/IPv4/UDP frame starts.
const UDP_PAYLOAD: usize = 14 + 20 + 8;
/// Where the payload of an Ethernet/IPv4 frame starts.
const IP_PAYLOAD: usize = 14 + 20;

pub fn vxlan_forms() -> Vec<Frame> {
    let tcp_frame = inner_eth(ETHERTYPE_IPV4, &inner_tcp4(SYN, &[]));
    let udp_frame = inner_eth(ETHERTYPE_IPV4, &inner_udp4());
    let mut v = vec![
        Frame::new(
            "VXLAN, VNI 5001: TCP SYN in the overlay",
            over_udp(51152, VXLAN, &vxlan(5001, &tcp_frame)),
        ),
        Frame::new(
            "VXLAN: UDP in the overlay",
            over_udp(51153, VXLAN, &vxlan(5001, &udp_frame)),
        ),
        Frame::new(
            "VXLAN: TCP data (HTTP) in the overlay",
            over_udp(
                51152,
                VXLAN,
                &vxlan(
                    5001,
                    &inner_eth(
                        ETHERTYPE_IPV4,
                        &inner_tcp4(PSH | ACK, b"GET / HTTP/1.1\r\nHost: b\r\n\r\n"),
                    ),
                ),
            ),
        ),
        Frame::new(
            "VXLAN without the I flag",
            over_udp(51154, VXLAN, &{
                let mut p = vxlan_hdr(0x00, 5001, [0; 3], 0);
                p.extend_from_slice(&udp_frame);
                p
            }),
        ),
        Frame::new(
            "VXLAN with reserved flag bits and reserved bytes set",
            over_udp(51155, VXLAN, &{
                let mut p = vxlan_hdr(0x8c, 5001, [0x12, 0x34, 0x56], 0x78);
                p.extend_from_slice(&udp_frame);
                p
            }),
        ),
        Frame::new(
            "VXLAN, the largest VNI",
            over_udp(51156, VXLAN, &vxlan(0xff_ffff, &udp_frame)),
        ),
        Frame::new(
            "VXLAN from port 4789 to another",
            over_udp(VXLAN, 33333, &vxlan(7, &udp_frame)),
        ),
        Frame::new(
            "VXLAN: ARP in an 802.1Q-tagged inner frame",
            over_udp(
                51157,
                VXLAN,
                &vxlan(
                    5001,
                    &tagged(
                        [0xff; 6],
                        MAC_IN_A,
                        &[(TPID_8021Q_, 0x2064)],
                        ETHERTYPE_ARP,
                        &inner_arp(),
                    ),
                ),
            ),
        ),
        Frame::new(
            "VXLAN: IPv6 UDP in the overlay",
            over_udp(
                51158,
                VXLAN,
                &vxlan(5001, &inner_eth(ETHERTYPE_IPV6, &inner_udp6())),
            ),
        ),
        Frame::new(
            "VXLAN: ICMPv6 echo in the overlay",
            over_udp(
                51158,
                VXLAN,
                &vxlan(5001, &inner_eth(ETHERTYPE_IPV6, &inner_echo6())),
            ),
        ),
        Frame::new(
            "VXLAN: an unknown ethertype in the overlay",
            over_udp(
                51159,
                VXLAN,
                &vxlan(5001, &inner_eth(0x88b5, b"local experimental")),
            ),
        ),
        Frame::new(
            "VXLAN: an 802.3 frame with an LLC header (XID) in the overlay",
            over_udp(
                51160,
                VXLAN,
                &vxlan(5001, &{
                    let llc = [0x42, 0x42, 0xaf, 0x81, 0x01, 0x00];
                    ether(MAC_IN_B, MAC_IN_A, llc.len() as u16, &llc)
                }),
            ),
        ),
        Frame::new(
            "VXLAN over IPv6",
            over_udp6(51161, VXLAN, &vxlan(5001, &udp_frame)),
        ),
        Frame::new("VXLAN in an 802.1Q-tagged frame", {
            let dg = ip4(
                PROTO_UDP,
                IP_CLI,
                IP_SRV,
                0x2001,
                &udp(IP_CLI, IP_SRV, 51162, VXLAN, &vxlan(5001, &udp_frame)),
            );
            tagged(MAC_SRV, MAC_CLI, &[(TPID_8021Q_, 100)], ETHERTYPE_IPV4, &dg)
        }),
        Frame::new(
            "VXLAN in VXLAN",
            over_udp(
                51163,
                VXLAN,
                &vxlan(
                    100,
                    &inner_eth(
                        ETHERTYPE_IPV4,
                        &ip4(
                            PROTO_UDP,
                            IN_A,
                            IN_B,
                            0x0103,
                            &udp(IN_A, IN_B, 51164, VXLAN, &vxlan(200, &udp_frame)),
                        ),
                    ),
                ),
            ),
        ),
        Frame::new(
            "VXLAN: a UDP payload of 7 bytes, too short for the header",
            over_udp(51165, VXLAN, &[0x08, 0, 0, 0, 0, 0x13, 0x89]),
        ),
        Frame::new(
            "VXLAN: the header and no inner frame",
            over_udp(51166, VXLAN, &vxlan(5001, &[])),
        ),
        Frame::new(
            "VXLAN: an inner frame of 10 bytes",
            over_udp(51167, VXLAN, &vxlan(5001, &udp_frame[..10])),
        ),
        Frame::new("VXLAN: a UDP length 4 bytes short of the IP payload", {
            let mut seg = udp(IP_CLI, IP_SRV, 51168, VXLAN, &vxlan(5001, &udp_frame));
            seg.extend_from_slice(&[0xde, 0xad, 0xbe, 0xef]);
            eth_ip(&ip4(PROTO_UDP, IP_CLI, IP_SRV, 0x2002, &seg))
        }),
        Frame::new("VXLAN: a bad UDP checksum", {
            let mut f = over_udp(51169, VXLAN, &vxlan(5001, &udp_frame));
            spoil(&mut f, UDP_PAYLOAD - 2);
            f
        }),
    ];
    let vx = over_udp(51180, VXLAN, &vxlan(5001, &tcp_frame));
    for (n, what) in [
        (28, "the UDP header"),
        (40, "the VXLAN header and 8 bytes"),
        (usize::MAX, "all of it"),
    ] {
        v.push(Frame::new(
            format!("ICMP port unreachable quoting a VXLAN datagram: {what}"),
            icmp_quoting(3, 3, &vx, n),
        ));
    }
    v.push(Frame::new(
        "ICMP fragmentation needed quoting a Geneve datagram",
        icmp_quoting(
            3,
            4,
            &over_udp(
                51181,
                GENEVE,
                &geneve(None, 0, ETHERTYPE_IPV4, 0x1389, 0, &[], &inner_udp4()),
            ),
            usize::MAX,
        ),
    ));
    let full = over_udp(51170, VXLAN, &vxlan(5001, &tcp_frame));
    for (cut, what) in [
        (0, "before the VXLAN header"),
        (3, "after the VXLAN flags"),
        (7, "before the last reserved byte"),
        (8, "after the VXLAN header"),
        (20, "inside the inner Ethernet header's type"),
        (30, "inside the inner IPv4 header"),
        (50, "inside the inner TCP header"),
    ] {
        v.push(Frame::snapped(
            format!("VXLAN cut {what}"),
            full.clone(),
            UDP_PAYLOAD + cut,
        ));
    }
    // VXLAN-GPE.
    let gpe_flags = 0x0c; // I and P
    v.extend([
        Frame::new(
            "VXLAN-GPE: IPv4",
            over_udp(51171, VXLAN_GPE, &gpe(gpe_flags, 1, 6001, &inner_udp4())),
        ),
        Frame::new(
            "VXLAN-GPE: IPv6",
            over_udp(51172, VXLAN_GPE, &gpe(gpe_flags, 2, 6001, &inner_udp6())),
        ),
        Frame::new(
            "VXLAN-GPE: Ethernet",
            over_udp(51173, VXLAN_GPE, &gpe(gpe_flags, 3, 6001, &tcp_frame)),
        ),
        Frame::new(
            "VXLAN-GPE: every flag (I, P, B, O)",
            over_udp(51174, VXLAN_GPE, &gpe(0x0f, 1, 6001, &inner_udp4())),
        ),
        Frame::new(
            "VXLAN-GPE: no flags",
            over_udp(51175, VXLAN_GPE, &gpe(0x00, 1, 6001, &inner_udp4())),
        ),
        Frame::new(
            "VXLAN-GPE: an unknown next protocol",
            over_udp(51176, VXLAN_GPE, &gpe(gpe_flags, 9, 6001, b"????")),
        ),
        Frame::new(
            "VXLAN-GPE: a UDP payload of 5 bytes",
            over_udp(51177, VXLAN_GPE, &[0x0c, 0, 0, 1, 0]),
        ),
    ]);
    let full = over_udp(51178, VXLAN_GPE, &gpe(gpe_flags, 1, 6001, &inner_udp4()));
    for (cut, what) in [
        (0, "before its header"),
        (2, "after its flags"),
        (6, "in its VNI"),
    ] {
        v.push(Frame::snapped(
            format!("VXLAN-GPE cut {what}"),
            full.clone(),
            UDP_PAYLOAD + cut,
        ));
    }
    v
}

pub fn geneve_forms() -> Vec<Frame> {
    let tcp_frame = inner_eth(ETHERTYPE_IPV4, &inner_tcp4(SYN, &[]));
    let udp4 = inner_udp4();
    let options: Vec<u8> = [
        gopt(0x0100, 0x01, &[]),
        gopt(0x0101, 0x02, &[0xde, 0xad, 0xbe, 0xef]),
        gopt(0x0102, 0x80, &[1, 2, 3, 4, 5, 6, 7, 8]),
        gopt(0x0103, 0x03, &[0, 0, 0, 9]),
        gopt(0x0104, 0x81, &[]),
        gopt(0x0042, 0x04, &[0xca, 0xfe, 0xf0, 0x0d]),
        gopt(0xfff5, 0x05, &[]),
        gopt(0x0132, 0x06, &[0x80, 0, 0, 0xd1]),
    ]
    .concat();
    let mut v =
        vec![
        Frame::new(
            "Geneve, VNI 0x1389: IPv4 (UDP), no options",
            over_udp(50000, GENEVE, &geneve(None, 0, ETHERTYPE_IPV4, 0x1389, 0, &[], &udp4)),
        ),
        Frame::new(
            "Geneve: options of every class tcpdump names, critical types, data of 0 to 8 bytes",
            over_udp(
                50001,
                GENEVE,
                &geneve(None, 0, ETHERTYPE_IPV4, 0x1389, 0, &options, &udp4),
            ),
        ),
        Frame::new(
            "Geneve: the OAM and critical flags, all reserved flag bits, a reserved byte",
            over_udp(
                50002,
                GENEVE,
                &geneve(None, 0xff, ETHERTYPE_IPV4, 0x1389, 0x5a, &[], &udp4),
            ),
        ),
        Frame::new(
            "Geneve: Ethernet (transparent bridging)",
            over_udp(
                50003,
                GENEVE,
                &geneve(
                    None,
                    0,
                    ETHERTYPE_TEB,
                    0x1389,
                    0,
                    &gopt(0x0102, 0x80, &[0, 0, 0, 1]),
                    &tcp_frame,
                ),
            ),
        ),
        Frame::new(
            "Geneve: IPv6",
            over_udp(
                50004,
                GENEVE,
                &geneve(None, 0, ETHERTYPE_IPV6, 0x1389, 0, &[], &inner_udp6()),
            ),
        ),
        Frame::new(
            "Geneve: ARP",
            over_udp(
                50005,
                GENEVE,
                &geneve(None, 0, ETHERTYPE_ARP, 0x1389, 0, &[], &inner_arp()),
            ),
        ),
        Frame::new(
            "Geneve: an unknown protocol type",
            over_udp(
                50006,
                GENEVE,
                &geneve(None, 0, 0x1234, 0x1389, 0, &[], b"payload"),
            ),
        ),
        Frame::new(
            "Geneve version 1",
            over_udp(
                50007,
                GENEVE,
                &geneve(Some(0x40), 0, ETHERTYPE_IPV4, 0x1389, 0, &[], &udp4),
            ),
        ),
        Frame::new(
            "Geneve: a UDP payload of 7 bytes",
            over_udp(50008, GENEVE, &[0, 0, 8, 0, 0, 0x13, 0x89]),
        ),
        Frame::new(
            "Geneve: an options length (40 bytes) beyond the payload",
            over_udp(
                50009,
                GENEVE,
                &geneve(Some(10), 0, ETHERTYPE_IPV4, 0x1389, 0, &[0; 12], &[]),
            ),
        ),
        Frame::new(
            "Geneve: an option whose length runs past the options",
            over_udp(50010, GENEVE, &{
                let mut o = gopt(0x0101, 0x02, &[1, 2, 3, 4]);
                o[3] = 3; // claims 12 data bytes
                geneve(Some(2), 0, ETHERTYPE_IPV4, 0x1389, 0, &o, &udp4)
            }),
        ),
        Frame::new(
            "Geneve over IPv6, with an option",
            over_udp6(
                50011,
                GENEVE,
                &geneve(
                    None,
                    0,
                    ETHERTYPE_IPV4,
                    0x1389,
                    0,
                    &gopt(0x0100, 0x01, &[0, 0, 0, 0x2a]),
                    &udp4,
                ),
            ),
        ),
    ];
    let full = over_udp(
        50012,
        GENEVE,
        &geneve(None, 0, ETHERTYPE_IPV4, 0x1389, 0, &options, &udp4),
    );
    for (cut, what) in [
        (0, "before its header"),
        (5, "inside its header"),
        (8, "after its header, before the options"),
        (30, "inside the options"),
        (8 + options.len() + 10, "inside the inner IPv4 header"),
    ] {
        v.push(Frame::snapped(
            format!("Geneve cut {what}"),
            full.clone(),
            UDP_PAYLOAD + cut,
        ));
    }
    v
}

pub fn gre_forms() -> Vec<Frame> {
    let udp4 = inner_udp4();
    let tcp_frame = inner_eth(ETHERTYPE_IPV4, &inner_tcp4(PSH | ACK, b"data"));
    let key = be32s(&[0x4d]);
    let key_seq = be32s(&[0x1234_5678, 42]);
    // Source routes: two IPv4 addresses with the second current, then the
    // terminating entry.
    let sre_ip = [
        &[0x08, 0x00, 4, 8][..],
        &[10, 1, 1, 1, 10, 2, 2, 2],
        &[0, 0, 0, 0],
    ]
    .concat();
    let sre_asn = [
        &[0xff, 0xfe, 2, 6][..],
        &[0xfd, 0xe8, 0xfd, 0xe9, 0xfd, 0xea],
        &[0, 0, 0, 0],
    ]
    .concat();
    let sre_bad = [
        &[0x08, 0x00, 3, 8][..],
        &[10, 1, 1, 1, 10, 2, 2, 2],
        &[0x08, 0x00, 0, 6],
        &[10, 3, 3, 3, 0, 0],
        &[0x08, 0x00, 8, 8],
        &[10, 4, 4, 4, 10, 5, 5, 5],
        &[0xff, 0xfe, 1, 4],
        &[0, 1, 0, 2],
        &[0x12, 0x34, 0, 2],
        &[0xab, 0xcd],
        &[0, 0, 0, 0],
    ]
    .concat();
    let cr = [0xab, 0xcd, 0, 0]; // checksum (not checked) and offset
    let ppp_ip = [&[0xff, 0x03, 0x00, 0x21][..], &udp4].concat();
    let mut v = vec![
        Frame::new(
            "GRE: IPv4",
            over_ip(PROTO_GRE, &gre(0, ETHERTYPE_IPV4, &[], &udp4)),
        ),
        Frame::new(
            "GRE with a key: IPv4 (TCP SYN)",
            over_ip(
                PROTO_GRE,
                &gre(0x2000, ETHERTYPE_IPV4, &key, &inner_tcp4(SYN, &[])),
            ),
        ),
        Frame::new(
            "GRE with a key and a sequence number: IPv6",
            over_ip(
                PROTO_GRE,
                &gre(0x3000, ETHERTYPE_IPV6, &key_seq, &inner_udp6()),
            ),
        ),
        Frame::new(
            "GRE with a checksum and offset: IPv4",
            over_ip(PROTO_GRE, &gre(0x8000, ETHERTYPE_IPV4, &cr, &udp4)),
        ),
        Frame::new(
            "GRE with a key: Ethernet (transparent bridging)",
            over_ip(PROTO_GRE, &gre(0x2000, ETHERTYPE_TEB, &key, &tcp_frame)),
        ),
        Frame::new(
            "GRE with IPv4 source routes, the second address current",
            over_ip(
                PROTO_GRE,
                &gre(0x4000, ETHERTYPE_IPV4, &[&cr[..], &sre_ip].concat(), &udp4),
            ),
        ),
        Frame::new(
            "GRE with AS source routes, strict routing and recursion bits",
            over_ip(
                PROTO_GRE,
                &gre(0x4f00, ETHERTYPE_IPV4, &[&cr[..], &sre_asn].concat(), &udp4),
            ),
        ),
        Frame::new(
            "GRE source routes with bad offsets and lengths, an unknown family",
            over_ip(
                PROTO_GRE,
                &gre(0x4000, ETHERTYPE_IPV4, &[&cr[..], &sre_bad].concat(), &udp4),
            ),
        ),
        Frame::new(
            "GRE source routes longer than the packet",
            over_ip(
                PROTO_GRE,
                &gre(
                    0x4000,
                    ETHERTYPE_IPV4,
                    &[&cr[..], &sre_ip[..10]].concat(),
                    &[],
                ),
            ),
        ),
        Frame::new(
            "GRE: an unknown protocol type",
            over_ip(PROTO_GRE, &gre(0, 0x1234, &[], b"opaque")),
        ),
        Frame::new(
            "GRE: every flag of version 0",
            over_ip(
                PROTO_GRE,
                &gre(
                    0xf880,
                    ETHERTYPE_IPV4,
                    &[&cr[..], &key_seq, &[0, 0, 0, 0]].concat(),
                    &udp4,
                ),
            ),
        ),
        Frame::new(
            "GRE version 1 (PPTP): call ID, sequence and ack; PPP with IP",
            over_ip(
                PROTO_GRE,
                &gre(
                    0x3081,
                    ETHERTYPE_PPP,
                    &be32s(&[(ppp_ip.len() as u32) << 16 | 7, 100, 99]),
                    &ppp_ip,
                ),
            ),
        ),
        Frame::new(
            "GRE version 1: an acknowledgement only",
            over_ip(
                PROTO_GRE,
                &gre(0x2081, ETHERTYPE_PPP, &be32s(&[7, 101]), &[]),
            ),
        ),
        Frame::new(
            "GRE version 1: PPP without address and control, a compressed protocol field",
            over_ip(
                PROTO_GRE,
                &gre(
                    0x3001,
                    ETHERTYPE_PPP,
                    &be32s(&[8, 102]),
                    &[&[0x21][..], &udp4].concat(),
                ),
            ),
        ),
        Frame::new(
            "GRE version 1: PPP with IPv6",
            over_ip(
                PROTO_GRE,
                &gre(
                    0x3001,
                    ETHERTYPE_PPP,
                    &be32s(&[8, 103]),
                    &[&[0xff, 0x03, 0x00, 0x57][..], &inner_udp6()].concat(),
                ),
            ),
        ),
        Frame::new(
            "GRE version 1: compressed PPP data",
            over_ip(
                PROTO_GRE,
                &gre(
                    0x3001,
                    ETHERTYPE_PPP,
                    &be32s(&[8, 104]),
                    &[0xff, 0x03, 0x00, 0xfd, 0x90, 0x00, 0x12, 0x34],
                ),
            ),
        ),
        Frame::new(
            "GRE version 1: an unknown PPP protocol",
            over_ip(
                PROTO_GRE,
                &gre(
                    0x3001,
                    ETHERTYPE_PPP,
                    &be32s(&[8, 105]),
                    &[
                        0xff, 0x03, 0x12, 0x36, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
                        16, 17,
                    ],
                ),
            ),
        ),
        Frame::new(
            "GRE version 1: PPP of one byte",
            over_ip(
                PROTO_GRE,
                &gre(0x3001, ETHERTYPE_PPP, &be32s(&[8, 106]), &[0xff]),
            ),
        ),
        Frame::new(
            "GRE version 1: not PPP",
            over_ip(
                PROTO_GRE,
                &gre(0x3001, ETHERTYPE_IPV4, &be32s(&[8, 107]), &udp4),
            ),
        ),
        Frame::new(
            "GRE version 2",
            over_ip(PROTO_GRE, &gre(0x0002, ETHERTYPE_IPV4, &[], &udp4)),
        ),
        Frame::new("GRE: one byte", over_ip(PROTO_GRE, &[0x20])),
        Frame::new(
            "GRE: a key flag and no key",
            over_ip(PROTO_GRE, &gre(0x2000, ETHERTYPE_IPV4, &[0, 0], &[])),
        ),
        Frame::new(
            "GRE over IPv6: IPv4",
            over_ip6(PROTO_GRE, &gre(0x2000, ETHERTYPE_IPV4, &key, &udp4)),
        ),
    ];
    let keyed = over_ip(PROTO_GRE, &gre(0x2000, ETHERTYPE_IPV4, &key, &udp4));
    for (n, what) in [
        (28, "its header"),
        (40, "12 bytes of IPv4"),
        (usize::MAX, "all of it"),
    ] {
        v.push(Frame::new(
            format!("ICMP time exceeded quoting a GRE packet: {what}"),
            icmp_quoting(11, 0, &keyed, n),
        ));
    }
    let full = over_ip(
        PROTO_GRE,
        &gre(0xb000, ETHERTYPE_IPV4, &[&cr[..], &key_seq].concat(), &udp4),
    );
    for (cut, what) in [
        (1, "in its flags"),
        (3, "in its protocol type"),
        (5, "in its checksum"),
        (7, "in its offset"),
        (10, "in its key"),
        (14, "in its sequence number"),
        (30, "in the IPv4 header it carries"),
    ] {
        v.push(Frame::snapped(
            format!("GRE cut {what}"),
            full.clone(),
            IP_PAYLOAD + cut,
        ));
    }
    let routed = over_ip(
        PROTO_GRE,
        &gre(0x4000, ETHERTYPE_IPV4, &[&cr[..], &sre_ip].concat(), &udp4),
    );
    for (cut, what) in [
        (10, "in a source route entry's header"),
        (14, "in its addresses"),
    ] {
        v.push(Frame::snapped(
            format!("GRE source routes cut {what}"),
            routed.clone(),
            IP_PAYLOAD + cut,
        ));
    }
    let pptp = over_ip(
        PROTO_GRE,
        &gre(0x3001, ETHERTYPE_PPP, &be32s(&[8, 108]), &ppp_ip),
    );
    for (cut, what) in [
        (13, "in its PPP header"),
        (20, "in the IPv4 header PPP carries"),
    ] {
        v.push(Frame::snapped(
            format!("GRE version 1 cut {what}"),
            pptp.clone(),
            IP_PAYLOAD + cut,
        ));
    }
    v
}

pub fn ipip_forms() -> Vec<Frame> {
    let udp4 = inner_udp4();
    let v6 = inner_udp6();
    let tcp6 = ip6(
        NH_TCP,
        IN6_A,
        IN6_B,
        &tcp6(IN6_A, IN6_B, &Tcp::new(40000, 443, 1, 0, SYN), &[]),
    );
    let mut v = vec![
        Frame::new("IPv4 in IPv4: UDP", over_ip(PROTO_IPIP, &udp4)),
        Frame::new(
            "IPv4 in IPv4: TCP SYN",
            over_ip(PROTO_IPIP, &inner_tcp4(SYN, &[])),
        ),
        Frame::new("IPv6 in IPv4: UDP", over_ip(PROTO_IPV6, &v6)),
        Frame::new("IPv6 in IPv4: TCP SYN", over_ip(PROTO_IPV6, &tcp6)),
        Frame::new("IPv4 in IPv6: UDP", over_ip6(PROTO_IPIP, &udp4)),
        Frame::new(
            "IPv6 in IPv6: ICMPv6 echo",
            over_ip6(PROTO_IPV6, &inner_echo6()),
        ),
        Frame::new(
            "Ethernet in IPv6: ARP",
            over_ip6(PROTO_ETHERNET, &inner_eth(ETHERTYPE_ARP, &inner_arp())),
        ),
        Frame::new(
            "Ethernet in IPv4 (which requires IPv6)",
            over_ip(PROTO_ETHERNET, &inner_eth(ETHERTYPE_ARP, &inner_arp())),
        ),
        Frame::new(
            "IPv4 in IPv4 holding an IPv6 header",
            over_ip(PROTO_IPIP, &v6),
        ),
        Frame::new(
            "IPv6 in IPv4 holding an IPv4 header",
            over_ip(PROTO_IPV6, &udp4),
        ),
        Frame::new("IPv4 in IPv4 with nothing inside", over_ip(PROTO_IPIP, &[])),
        Frame::new(
            "IPv4 in IPv4: 10 bytes of the inner header",
            over_ip(PROTO_IPIP, &udp4[..10]),
        ),
        Frame::new("IPv4 in IPv4, a later fragment", {
            let mut ip = Ipv4::new(IP_CLI, IP_SRV, PROTO_IPIP, 0x3001);
            ip.frag = 0x0010;
            eth_ip(&ip.build(&udp4[..16]))
        }),
        Frame::new("IP in IP four deep: IPv4, IPv6, IPv4, IPv6, then UDP", {
            let l4 = ip6(NH_UDP, IN6_A, IN6_B, &udp6(IN6_A, IN6_B, 1, 2, b"deep"));
            let l3 = ip4(PROTO_IPV6, [172, 16, 0, 3], [172, 16, 0, 4], 3, &l4);
            let l2 = ip6(PROTO_IPIP, V6_A, V6_B, &l3);
            over_ip(PROTO_IPV6, &l2)
        }),
        Frame::new("GRE, Ethernet, VXLAN, IP in IP, TCP: three tunnels", {
            let tcp = inner_tcp4(PSH | ACK, b"nested");
            let ipip = ip6(PROTO_IPIP, IN6_A, IN6_B, &tcp);
            let vx_frame = inner_eth(ETHERTYPE_IPV6, &ipip);
            let underlay = ip4(
                PROTO_UDP,
                [172, 16, 0, 1],
                [172, 16, 0, 2],
                0x0104,
                &udp(
                    [172, 16, 0, 1],
                    [172, 16, 0, 2],
                    51000,
                    VXLAN,
                    &vxlan(42, &vx_frame),
                ),
            );
            let teb = inner_eth(ETHERTYPE_IPV4, &underlay);
            over_ip(PROTO_GRE, &gre(0x2000, ETHERTYPE_TEB, &be32s(&[9]), &teb))
        }),
    ];
    let ipip4 = over_ip(PROTO_IPIP, &udp4);
    for (n, what) in [
        (28, "8 bytes of the inner header"),
        (usize::MAX, "all of it"),
    ] {
        v.push(Frame::new(
            format!("ICMP port unreachable quoting IPv4 in IPv4: {what}"),
            icmp_quoting(3, 3, &ipip4, n),
        ));
    }
    let full = over_ip(PROTO_IPV6, &v6);
    for (cut, what) in [
        (0, "before the inner header"),
        (20, "inside the inner header"),
    ] {
        v.push(Frame::snapped(
            format!("IPv6 in IPv4 cut {what}"),
            full.clone(),
            IP_PAYLOAD + cut,
        ));
    }
    v
}

/// An MPLS label stack entry: label, traffic class, bottom of stack, TTL.
fn label(label: u32, tc: u8, bottom: bool, ttl: u8) -> [u8; 4] {
    (label << 12 | u32::from(tc) << 9 | u32::from(bottom) << 8 | u32::from(ttl)).to_be_bytes()
}

const ETHERTYPE_MPLS: u16 = 0x8847;
const ETHERTYPE_MPLS_MULTI: u16 = 0x8848;
const MPLS_UDP: u16 = 6635;

/// `mpls-forms.pcap`: MPLS label stacks over Ethernet (unicast and
/// multicast ethertypes, in a VLAN), in GRE, in PPTP's PPP and over UDP:
/// the reserved labels, IPv4 and IPv6 found by the bottom label or by the
/// first payload byte, payloads of unknown type and none, stacks without a
/// bottom entry, cuts.
pub fn mpls_forms() -> Vec<Frame> {
    let udp4 = inner_udp4();
    let udp6 = inner_udp6();
    let stack = |entries: &[[u8; 4]], payload: &[u8]| [entries.concat(), payload.to_vec()].concat();
    let over_eth = |t: u16, p: &[u8]| ether(MAC_SRV, MAC_CLI, t, p);
    let mut v = vec![
        Frame::new(
            "MPLS: two labels, then IPv4 (guessed from its first byte)",
            over_eth(
                ETHERTYPE_MPLS,
                &stack(&[label(100, 0, false, 64), label(200, 5, true, 63)], &udp4),
            ),
        ),
        Frame::new(
            "MPLS: IPv4 explicit NULL",
            over_eth(ETHERTYPE_MPLS, &stack(&[label(0, 0, true, 64)], &udp4)),
        ),
        Frame::new(
            "MPLS: IPv6 explicit NULL",
            over_eth(ETHERTYPE_MPLS, &stack(&[label(2, 0, true, 64)], &udp6)),
        ),
        Frame::new(
            "MPLS: implicit NULL",
            over_eth(ETHERTYPE_MPLS, &stack(&[label(3, 7, true, 1)], &udp4)),
        ),
        Frame::new(
            "MPLS multicast: router alert, then IPv6 (guessed)",
            over_eth(
                ETHERTYPE_MPLS_MULTI,
                &stack(&[label(1, 0, false, 64), label(16, 0, true, 64)], &udp6),
            ),
        ),
        Frame::new(
            "MPLS: a payload of unknown type",
            over_eth(
                ETHERTYPE_MPLS,
                &stack(
                    &[label(1_048_575, 0, true, 255)],
                    b"\x00\x01\x02 not a packet",
                ),
            ),
        ),
        Frame::new(
            "MPLS: nothing after the stack",
            over_eth(ETHERTYPE_MPLS, &stack(&[label(17, 0, true, 9)], &[])),
        ),
        Frame::new(
            "MPLS: no bottom of stack, 2 bytes left",
            over_eth(ETHERTYPE_MPLS, &stack(&[label(17, 0, false, 9)], &[1, 2])),
        ),
        Frame::new(
            "MPLS in an 802.1Q-tagged frame",
            tagged(
                MAC_SRV,
                MAC_CLI,
                &[(TPID_8021Q_, 5)],
                ETHERTYPE_MPLS,
                &stack(&[label(600, 0, true, 64)], &udp4),
            ),
        ),
        Frame::new(
            "MPLS in GRE",
            over_ip(
                PROTO_GRE,
                &gre(
                    0x2000,
                    ETHERTYPE_MPLS,
                    &be32s(&[7]),
                    &stack(&[label(300, 0, true, 64)], &udp4),
                ),
            ),
        ),
        Frame::new(
            "MPLS over UDP (port 6635)",
            over_udp(51200, MPLS_UDP, &stack(&[label(400, 0, true, 64)], &udp4)),
        ),
        Frame::new(
            "MPLS in PPTP's PPP",
            over_ip(
                PROTO_GRE,
                &gre(
                    0x3001,
                    ETHERTYPE_PPP,
                    &be32s(&[8, 1]),
                    &[
                        &[0xff, 0x03, 0x02, 0x81][..],
                        &stack(&[label(500, 0, true, 64)], &udp6),
                    ]
                    .concat(),
                ),
            ),
        ),
    ];
    let full = over_eth(
        ETHERTYPE_MPLS,
        &stack(&[label(16, 0, false, 64), label(17, 0, true, 1)], &udp4),
    );
    for (cut, what) in [
        (16, "inside the first entry"),
        (20, "inside the second entry"),
        (30, "inside the IPv4 header"),
    ] {
        v.push(Frame::snapped(
            format!("MPLS cut {what}"),
            full.clone(),
            cut,
        ));
    }
    let unknown = over_eth(
        ETHERTYPE_MPLS,
        &stack(&[label(16, 0, true, 64)], &[0u8; 40]),
    );
    for (cut, what) in [
        (18, "before the payload"),
        (30, "inside a payload of unknown type"),
    ] {
        v.push(Frame::snapped(
            format!("MPLS cut {what}"),
            unknown.clone(),
            cut,
        ));
    }
    v
}

const ETHERTYPE_NSH: u16 = 0x894f;

/// An NSH header: base header fields, SPI 0x123, SI 0xff, then `context`.
fn nsh(ver: u8, oam: bool, words: u32, md: u8, next: u8, context: &[u8]) -> Vec<u8> {
    let base = u32::from(ver) << 30
        | u32::from(oam) << 29
        | 63 << 22
        | words << 16
        | u32::from(md) << 8
        | u32::from(next);
    let mut h = base.to_be_bytes().to_vec();
    h.extend_from_slice(&(0x123u32 << 8 | 0xff).to_be_bytes());
    h.extend_from_slice(context);
    h
}

/// `nsh-forms.pcap`: the network service header by ethertype and in
/// VXLAN-GPE: MD type 1 context words, MD type 2 TLVs (with and without a
/// value, a value too long), an experimental MD type, IPv4, IPv6 and
/// Ethernet inside, an unknown next protocol, version 1, lengths that
/// contradict each other, cuts in every part.
pub fn nsh_forms() -> Vec<Frame> {
    let udp4 = inner_udp4();
    let over_eth = |p: &[u8]| ether(MAC_SRV, MAC_CLI, ETHERTYPE_NSH, p);
    let md1: Vec<u8> = (0u8..16).collect();
    let tlvs = [
        0x01, 0x02, 0x03, 0x05, 1, 2, 3, 4, 5, 0, 0, 0, //
        0x00, 0x07, 0x08, 0x00,
    ];
    let with = |h: Vec<u8>, p: &[u8]| [h, p.to_vec()].concat();
    let mut v = vec![
        Frame::new(
            "NSH, MD type 1: IPv4",
            over_eth(&with(nsh(0, false, 6, 1, 1, &md1), &udp4)),
        ),
        Frame::new(
            "NSH, the O bit, MD type 1 without context headers: IPv6",
            over_eth(&with(nsh(0, true, 2, 1, 2, &[]), &inner_udp6())),
        ),
        Frame::new(
            "NSH, an experimental MD type: Ethernet",
            over_eth(&with(
                nsh(0, false, 2, 15, 3, &[]),
                &inner_eth(ETHERTYPE_IPV4, &udp4),
            )),
        ),
        Frame::new(
            "NSH, MD type 2 TLVs: IPv4",
            over_eth(&with(nsh(0, false, 6, 2, 1, &tlvs), &udp4)),
        ),
        Frame::new(
            "NSH, an MD type 2 TLV longer than the context headers",
            over_eth(&with(
                nsh(0, false, 4, 2, 1, &[0x01, 0x02, 0x03, 0x7f, 1, 2, 3, 4]),
                &udp4,
            )),
        ),
        Frame::new(
            "NSH, MD type 1 with 2 context words",
            over_eth(&with(nsh(0, false, 4, 1, 1, &[0; 8]), &udp4)),
        ),
        Frame::new(
            "NSH, a reserved MD type and an unknown next protocol",
            over_eth(&with(nsh(0, false, 2, 0, 9, &[]), b"xx")),
        ),
        Frame::new(
            "NSH version 1",
            over_eth(&with(nsh(1, false, 2, 1, 1, &[]), &udp4)),
        ),
        Frame::new(
            "NSH, a length of 30 words",
            over_eth(&with(nsh(0, false, 30, 1, 1, &[]), &udp4)),
        ),
        Frame::new(
            "NSH, a length of 1 word",
            over_eth(&with(nsh(0, false, 1, 1, 1, &[]), &udp4)),
        ),
        Frame::new("NSH, 3 bytes", over_eth(&[0x00, 0x02, 0x01])),
        Frame::new(
            "NSH in VXLAN-GPE",
            over_udp(
                51300,
                VXLAN_GPE,
                &gpe(0x0c, 4, 77, &with(nsh(0, false, 2, 1, 1, &[]), &udp4)),
            ),
        ),
    ];
    let md1_frame = over_eth(&with(nsh(0, false, 6, 1, 1, &md1), &udp4));
    for (cut, what) in [
        (16, "in the base header"),
        (20, "in the service path header"),
        (30, "in the context headers"),
        (50, "in the IPv4 header"),
    ] {
        v.push(Frame::snapped(
            format!("NSH, MD type 1, cut {what}"),
            md1_frame.clone(),
            cut,
        ));
    }
    let md2_frame = over_eth(&with(nsh(0, false, 6, 2, 1, &tlvs), &udp4));
    for (cut, what) in [(28, "in a TLV's value"), (36, "in a TLV's padding")] {
        v.push(Frame::snapped(
            format!("NSH, MD type 2, cut {what}"),
            md2_frame.clone(),
            cut,
        ));
    }
    v
}

// ---- BCM-LI ----

const BCM_LI: u16 = 49152;

/// A BCM-LI shim (direction 3 bits, packet type 4, subtype 3, LI-ID 22)
/// and the packet it carries.
fn bcm_li(dir: u32, ty: u32, sub: u32, id: u32, inner: &[u8]) -> Vec<u8> {
    let mut p = (dir << 29 | ty << 25 | sub << 22 | id)
        .to_be_bytes()
        .to_vec();
    p.extend_from_slice(inner);
    p
}

/// `bcmli-forms.pcap`: the Broadcom lawful-intercept shim tcpdump decodes
/// on UDP from port 49152: each direction, packet type (Ethernet, IPv4,
/// IPv6, undecided with each guess, unknown) and subtype, the largest
/// LI-ID, over IPv6, payloads too short for the shim, cuts in the shim and
/// in the packet it carries, an ICMP error quoting one; and UDP to port
/// 49152 and from 49152 to ports later in tcpdump's chain. (Ports before
/// it in the chain whose printers netdecode lacks, LSP-ping's, are left to
/// `decode::dispatch`'s unit test: their text would differ.)
pub fn bcmli_forms() -> Vec<Frame> {
    let tcp_frame = inner_eth(ETHERTYPE_IPV4, &inner_tcp4(SYN, &[]));
    let arp_frame = tagged(
        [0xff; 6],
        MAC_IN_A,
        &[(TPID_8021Q_, 0x2064)],
        ETHERTYPE_ARP,
        &inner_arp(),
    );
    let mut v = vec![
        Frame::new(
            "BCM-LI: egress, Ethernet, untagged: TCP SYN",
            over_udp(BCM_LI, 5555, &bcm_li(2, 7, 3, 1, &tcp_frame)),
        ),
        Frame::new(
            "BCM-LI: ingress, Ethernet, single VLAN tag: ARP",
            over_udp(BCM_LI, 5555, &bcm_li(3, 7, 1, 2, &arp_frame)),
        ),
        Frame::new(
            "BCM-LI: ingress, IPv4, single VLAN tag, the largest LI-ID",
            over_udp(BCM_LI, 5555, &bcm_li(3, 5, 1, 0x3f_ffff, &inner_udp4())),
        ),
        Frame::new(
            "BCM-LI: unused direction, IPv6, double VLAN tag",
            over_udp(BCM_LI, 5555, &bcm_li(1, 6, 2, 77, &inner_udp6())),
        ),
        Frame::new(
            "BCM-LI: direction 0, undecided (IPv4), subtype 0",
            over_udp(BCM_LI, 5555, &bcm_li(0, 4, 0, 100, &inner_udp4())),
        ),
        Frame::new(
            "BCM-LI: direction 7, undecided (IPv6), subtype 7",
            over_udp(BCM_LI, 5555, &bcm_li(7, 4, 7, 101, &inner_echo6())),
        ),
        Frame::new(
            "BCM-LI: undecided, neither IPv4 nor IPv6",
            over_udp(BCM_LI, 5555, &bcm_li(2, 4, 3, 102, b"????")),
        ),
        Frame::new(
            "BCM-LI: packet type 9 (unknown)",
            over_udp(BCM_LI, 5555, &bcm_li(2, 9, 3, 103, b"????")),
        ),
        Frame::new(
            "BCM-LI: packet type 0 (unknown), nothing after the shim",
            over_udp(BCM_LI, 5555, &bcm_li(3, 0, 0, 104, &[])),
        ),
        Frame::new(
            "BCM-LI: IPv4 type carrying an IPv6 packet",
            over_udp(BCM_LI, 5555, &bcm_li(2, 5, 3, 105, &inner_udp6())),
        ),
        Frame::new(
            "BCM-LI: Ethernet type, nothing after the shim",
            over_udp(BCM_LI, 5555, &bcm_li(2, 7, 3, 106, &[])),
        ),
        Frame::new(
            "BCM-LI: a UDP payload of 3 bytes",
            over_udp(BCM_LI, 5555, &[0x4e, 0, 0]),
        ),
        Frame::new("BCM-LI: an empty UDP payload", over_udp(BCM_LI, 5555, &[])),
        Frame::new(
            "BCM-LI over IPv6: egress, IPv4",
            over_udp6(BCM_LI, 5555, &bcm_li(2, 5, 3, 107, &inner_udp4())),
        ),
        Frame::new(
            "UDP to port 49152: not BCM-LI",
            over_udp(51190, BCM_LI, &bcm_li(2, 5, 3, 108, &inner_udp4())),
        ),
        Frame::new(
            "UDP from port 49152 to the BFD control port: BCM-LI first",
            over_udp(BCM_LI, 3784, &bcm_li(2, 5, 3, 109, &inner_udp4())),
        ),
        Frame::new(
            "UDP from port 49152 to the VXLAN port: BCM-LI first",
            over_udp(BCM_LI, VXLAN, &bcm_li(2, 7, 3, 110, &tcp_frame)),
        ),
        Frame::new(
            "UDP from port 49152 to the syslog port: syslog is after it",
            over_udp(BCM_LI, 514, &bcm_li(2, 5, 3, 111, &inner_udp4())),
        ),
    ];
    let li = over_udp(BCM_LI, 5555, &bcm_li(3, 5, 3, 113, &inner_udp4()));
    v.push(Frame::new(
        "ICMP port unreachable quoting a BCM-LI datagram",
        icmp_quoting(3, 3, &li, usize::MAX),
    ));
    v.push(Frame::new(
        "ICMP port unreachable quoting a BCM-LI datagram's first 30 bytes",
        icmp_quoting(3, 3, &li, 30),
    ));
    for (cut, what) in [
        (0, "before the shim"),
        (2, "inside the shim"),
        (4, "after the shim"),
        (10, "inside the inner IPv4 header"),
        (30, "inside the inner UDP header"),
        (35, "inside the inner UDP payload"),
    ] {
        v.push(Frame::snapped(
            format!("BCM-LI (IPv4) cut {what}"),
            li.clone(),
            UDP_PAYLOAD + cut,
        ));
    }
    let eth = over_udp(BCM_LI, 5555, &bcm_li(2, 7, 3, 114, &tcp_frame));
    for (cut, what) in [
        (10, "inside the inner Ethernet header"),
        (40, "inside the inner TCP header"),
    ] {
        v.push(Frame::snapped(
            format!("BCM-LI (Ethernet) cut {what}"),
            eth.clone(),
            UDP_PAYLOAD + cut,
        ));
    }
    let und = over_udp(BCM_LI, 5555, &bcm_li(2, 4, 3, 115, &inner_udp4()));
    v.push(Frame::snapped(
        "BCM-LI (undecided) cut after the shim",
        und,
        UDP_PAYLOAD + 4,
    ));
    v
}
