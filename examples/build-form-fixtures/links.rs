//! The link types other than Ethernet, one file each:
//! `link-sll.pcap` (Linux cooked v1, LINKTYPE_LINUX_SLL 113),
//! `link-sll2.pcap` (Linux cooked v2, LINKTYPE_LINUX_SLL2 276),
//! `link-null.pcap` (BSD loopback, LINKTYPE_NULL 0, host byte order),
//! `link-loop.pcap` (OpenBSD loopback, LINKTYPE_LOOP 108, network order),
//! `link-raw.pcap` (LINKTYPE_RAW 101) and `link-ipv4.pcap`
//! (LINKTYPE_IPV4 228). Each carries ICMP, TCP and UDP over IPv4, the
//! link's other payloads, and headers cut short.

use crate::capture::Frame;
use crate::wire::*;

/// Three IPv4 datagrams every link carries: an ICMP echo request, a TCP
/// SYN with options, a UDP datagram; all from the client to the server.
fn ip_set() -> Vec<(String, Vec<u8>)> {
    let echo = icmp(8, 0, [0x4e, 0x44, 0, 1], b"link layer test!");
    let syn = Tcp::new(40400, 5001, 0x3000_0000, 0, SYN)
        .options(&[2, 4, 0x05, 0xb4, 4, 2, 1, 3, 3, 7])
        .build(IP_CLI, IP_SRV, &[]);
    let dg = udp(IP_CLI, IP_SRV, 40000, 7777, b"netdecode udp test");
    vec![
        (
            "ICMP echo request".into(),
            Ipv4::new(IP_CLI, IP_SRV, PROTO_ICMP, 0x701).build(&echo),
        ),
        (
            "TCP SYN with options".into(),
            Ipv4::new(IP_CLI, IP_SRV, PROTO_TCP, 0x702).build(&syn),
        ),
        (
            "UDP 40000 > 7777".into(),
            Ipv4::new(IP_CLI, IP_SRV, PROTO_UDP, 0x703).build(&dg),
        ),
    ]
}

/// An ARP request body, Ethernet/IPv4.
fn arp_request() -> Vec<u8> {
    let mut a = vec![0, 1, 8, 0, 6, 4, 0, 1];
    a.extend_from_slice(&MAC_CLI);
    a.extend_from_slice(&IP_CLI);
    a.extend_from_slice(&[0; 6]);
    a.extend_from_slice(&IP_SRV);
    a
}

/// An STP configuration BPDU behind an LLC header (DSAP/SSAP 0x42, UI).
fn llc_stp() -> Vec<u8> {
    let mut b = vec![0x42, 0x42, 0x03]; // LLC
    b.extend_from_slice(&[0, 0, 0, 0, 0]); // protocol 0, version 0, config BPDU, flags 0
    b.extend_from_slice(&[0x80, 0x00, 0x02, 0x00, 0x00, 0x77, 0x00, 0x01]); // root id
    b.extend_from_slice(&[0, 0, 0, 4]); // root path cost
    b.extend_from_slice(&[0x80, 0x00, 0x02, 0x00, 0x00, 0x77, 0x00, 0x02]); // bridge id
    b.extend_from_slice(&[0x80, 0x01]); // port id
    b.extend_from_slice(&[0x00, 0x01, 0x14, 0x00, 0x02, 0x00, 0x0f, 0x00]); // ages, hello, delay (1/256 s)
    b
}

/// Linux cooked v1 header: packet type, ARPHRD type, address, protocol.
fn sll(pkttype: u16, hatype: u16, addr: &[u8], protocol: u16, payload: &[u8]) -> Vec<u8> {
    let mut h = Vec::new();
    h.extend_from_slice(&pkttype.to_be_bytes());
    h.extend_from_slice(&hatype.to_be_bytes());
    h.extend_from_slice(&(addr.len() as u16).to_be_bytes());
    let mut a = addr.to_vec();
    a.resize(8, 0); // the address field is always 8 bytes
    h.extend_from_slice(&a[..8]);
    h.extend_from_slice(&protocol.to_be_bytes());
    h.extend_from_slice(payload);
    h
}

/// Linux cooked v2 header: protocol, interface index, ARPHRD type, packet
/// type, address.
fn sll2(
    protocol: u16,
    ifindex: u32,
    hatype: u16,
    pkttype: u8,
    addr: &[u8],
    payload: &[u8],
) -> Vec<u8> {
    let mut h = Vec::new();
    h.extend_from_slice(&protocol.to_be_bytes());
    h.extend_from_slice(&[0, 0]); // reserved
    h.extend_from_slice(&ifindex.to_be_bytes());
    h.extend_from_slice(&hatype.to_be_bytes());
    h.push(pkttype);
    h.push(addr.len() as u8);
    let mut a = addr.to_vec();
    a.resize(8, 0);
    h.extend_from_slice(&a[..8]);
    h.extend_from_slice(payload);
    h
}

const ARPHRD_ETHER: u16 = 1;
const ARPHRD_LOOPBACK: u16 = 772;
const ARPHRD_NONE: u16 = 0xfffe;

pub fn sll_frames() -> Vec<Frame> {
    let mut v = Vec::new();
    let ips = ip_set();
    // 1-3. IPv4 received (In), sent (Out), and seen for another host (P).
    for ((what, ip), pkttype) in ips.iter().zip([0u16, 4, 3]) {
        v.push(Frame::new(
            format!("packet type {pkttype}, Ethernet source: {what}"),
            sll(pkttype, ARPHRD_ETHER, &MAC_CLI, ETHERTYPE_IPV4, ip),
        ));
    }
    // 4. Broadcast ARP request.
    v.push(Frame::new(
        "packet type 1 (broadcast): ARP request",
        sll(1, ARPHRD_ETHER, &MAC_CLI, ETHERTYPE_ARP, &arp_request()),
    ));
    // 5. Multicast UDP.
    let dg = udp(IP_CLI, [239, 1, 2, 3], 40000, 7777, b"multicast");
    let ip = Ipv4::new(IP_CLI, [239, 1, 2, 3], PROTO_UDP, 0x710).build(&dg);
    v.push(Frame::new(
        "packet type 2 (multicast): UDP to 239.1.2.3",
        sll(2, ARPHRD_ETHER, &MAC_CLI, ETHERTYPE_IPV4, &ip),
    ));
    // 6. Loopback device: address length 6, all zeros (what -i any
    //    records for lo), and a tun device (ARPHRD_NONE, no address).
    v.push(Frame::new(
        "loopback (ARPHRD 772), 6 zero address bytes: ICMP echo",
        sll(0, ARPHRD_LOOPBACK, &[0; 6], ETHERTYPE_IPV4, &ips[0].1),
    ));
    v.push(Frame::new(
        "tun (ARPHRD_NONE), no address: UDP",
        sll(4, ARPHRD_NONE, &[], ETHERTYPE_IPV4, &ips[2].1),
    ));
    // 7. An unknown packet type (7) and an address of 8 bytes (not
    //    printed as a MAC), 4 bytes (an IPIP tunnel's).
    v.push(Frame::new(
        "packet type 7 (unknown), 8-byte address: TCP SYN",
        sll(
            7,
            0x0200,
            &[1, 2, 3, 4, 5, 6, 7, 8],
            ETHERTYPE_IPV4,
            &ips[1].1,
        ),
    ));
    v.push(Frame::new(
        "IPIP tunnel (ARPHRD 768), 4-byte address: ICMP echo",
        sll(0, 768, &IP_GW, ETHERTYPE_IPV4, &ips[0].1),
    ));
    // 8. 802.2 LLC (protocol 4) carrying an STP BPDU, and 802.3 (protocol
    //    1, Novell raw IPX: not decoded here, so a short dump).
    v.push(Frame::new(
        "protocol 4 (802.2): LLC STP configuration BPDU",
        sll(2, ARPHRD_ETHER, &MAC_CLI, 0x0004, &llc_stp()),
    ));
    // 9. An 802.1Q tag (vlan 5, p 3) over IPv4, and over an 802.3 length
    //    (read as 802.2 LLC).
    let mut tagged_ip = 0x6005u16.to_be_bytes().to_vec();
    tagged_ip.extend_from_slice(&ETHERTYPE_IPV4.to_be_bytes());
    tagged_ip.extend_from_slice(&ips[2].1);
    v.push(Frame::new(
        "802.1Q vlan 5 p 3 inside the cooked header: UDP",
        sll(0, ARPHRD_ETHER, &MAC_CLI, TPID_8021Q, &tagged_ip),
    ));
    let stp = llc_stp();
    let mut tagged_llc = 0x0005u16.to_be_bytes().to_vec();
    tagged_llc.extend_from_slice(&(stp.len() as u16).to_be_bytes());
    tagged_llc.extend_from_slice(&stp);
    v.push(Frame::new(
        "802.1Q vlan 5 then an 802.3 length: LLC STP",
        sll(2, ARPHRD_ETHER, &MAC_CLI, TPID_8021Q, &tagged_llc),
    ));
    // 10. Unknown EtherType, and an unknown protocol value below 1536.
    v.push(Frame::new(
        "EtherType 0x88b5 (not decoded)",
        sll(0, ARPHRD_ETHER, &MAC_CLI, 0x88b5, b"experimental payload"),
    ));
    v.push(Frame::new(
        "protocol 0x0010 (an unnamed Linux pseudo-protocol)",
        sll(0, ARPHRD_ETHER, &MAC_CLI, 0x0010, &[0xca, 0xfe, 0xba, 0xbe]),
    ));
    // 11. Cut: inside the cooked header, after it, inside the tag.
    let f = sll(0, ARPHRD_ETHER, &MAC_CLI, ETHERTYPE_IPV4, &ips[1].1);
    v.push(Frame::snapped(
        "cooked header cut at 10 bytes",
        f.clone(),
        10,
    ));
    v.push(Frame::snapped(
        "cooked header only (16 bytes)",
        f.clone(),
        16,
    ));
    v.push(Frame::snapped(
        "TCP SYN cut 8 bytes into TCP",
        f,
        16 + 20 + 8,
    ));
    let f = sll(0, ARPHRD_ETHER, &MAC_CLI, TPID_8021Q, &tagged_ip);
    v.push(Frame::snapped("802.1Q tag cut after 2 bytes", f, 18));
    v
}

pub fn sll2_frames() -> Vec<Frame> {
    let mut v = Vec::new();
    let ips = ip_set();
    // 1-3. IPv4 on interface 1 (lo, present on every Linux host) and on
    //      an index no host has (printed as "?").
    for ((what, ip), (pkttype, ifindex)) in ips.iter().zip([(0u8, 1u32), (4, 9999), (3, 100_000)]) {
        v.push(Frame::new(
            format!("ifindex {ifindex}, packet type {pkttype}: {what}"),
            sll2(ETHERTYPE_IPV4, ifindex, ARPHRD_ETHER, pkttype, &MAC_CLI, ip),
        ));
    }
    v.push(Frame::new(
        "ifindex 9999, broadcast: ARP request",
        sll2(
            ETHERTYPE_ARP,
            9999,
            ARPHRD_ETHER,
            1,
            &MAC_CLI,
            &arp_request(),
        ),
    ));
    v.push(Frame::new(
        "ifindex 9999, multicast, no address: UDP",
        sll2(ETHERTYPE_IPV4, 9999, ARPHRD_NONE, 2, &[], &ips[2].1),
    ));
    v.push(Frame::new(
        "ifindex 9999, packet type 9 (unknown), 2-byte address: ICMP",
        sll2(ETHERTYPE_IPV4, 9999, 0x0200, 9, &[0xab, 0xcd], &ips[0].1),
    ));
    v.push(Frame::new(
        "ifindex 9999, protocol 4 (802.2): LLC STP",
        sll2(0x0004, 9999, ARPHRD_ETHER, 2, &MAC_CLI, &llc_stp()),
    ));
    let mut tagged_ip = 0xa00cu16.to_be_bytes().to_vec();
    tagged_ip.extend_from_slice(&ETHERTYPE_IPV4.to_be_bytes());
    tagged_ip.extend_from_slice(&ips[0].1);
    v.push(Frame::new(
        "ifindex 9999, 802.1Q vlan 12 p 5: ICMP",
        sll2(TPID_8021Q, 9999, ARPHRD_ETHER, 0, &MAC_CLI, &tagged_ip),
    ));
    v.push(Frame::new(
        "ifindex 9999, EtherType 0x88b5 (not decoded)",
        sll2(
            0x88b5,
            9999,
            ARPHRD_ETHER,
            0,
            &MAC_CLI,
            b"experimental payload",
        ),
    ));
    let f = sll2(ETHERTYPE_IPV4, 9999, ARPHRD_ETHER, 0, &MAC_CLI, &ips[1].1);
    v.push(Frame::snapped(
        "cooked v2 header cut at 12 bytes",
        f.clone(),
        12,
    ));
    v.push(Frame::snapped(
        "cooked v2 header only (20 bytes)",
        f.clone(),
        20,
    ));
    v.push(Frame::snapped("IPv4 cut at 10 bytes", f, 30));
    v
}

/// The loopback header (address family) then the payload; `big_endian`
/// selects the byte order of the family.
fn null(family: u32, big_endian: bool, payload: &[u8]) -> Vec<u8> {
    let mut f = if big_endian {
        family.to_be_bytes().to_vec()
    } else {
        family.to_le_bytes().to_vec()
    };
    f.extend_from_slice(payload);
    f
}

/// Frames for LINKTYPE_NULL (`big_endian` false: the writing host's
/// order, little-endian here) or LINKTYPE_LOOP (network order).
pub fn null_frames(big_endian: bool) -> Vec<Frame> {
    let mut v = Vec::new();
    let ips = ip_set();
    // tcpdump and libpcap are local to a little-endian host here: LOOP is
    // always big-endian; NULL in the other order is what a capture from a
    // big-endian host looks like, and is recognized by the upper bytes.
    for (what, ip) in &ips {
        v.push(Frame::new(
            format!("AF_INET (2): {what}"),
            null(2, big_endian, ip),
        ));
    }
    v.push(Frame::new(
        "AF_INET (2) in the other byte order: ICMP echo",
        null(2, !big_endian, &ips[0].1),
    ));
    v.push(Frame::new(
        "family 6 (NS): not decoded",
        null(6, big_endian, &[0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3]),
    ));
    v.push(Frame::new(
        "family 99 (unknown): not decoded",
        null(99, big_endian, b"unknown family payload"),
    ));
    v.push(Frame::new("family 2, no payload", null(2, big_endian, &[])));
    let f = null(2, big_endian, &ips[1].1);
    v.push(Frame::snapped("header cut at 3 bytes", f.clone(), 3));
    v.push(Frame::snapped("IPv4 header cut at 12 bytes", f.clone(), 16));
    v.push(Frame::snapped("TCP cut after 14 bytes", f, 4 + 20 + 14));
    v
}

/// Frames for LINKTYPE_RAW / LINKTYPE_IPV4: IPv4 with no link header.
pub fn raw_frames() -> Vec<Frame> {
    let mut v = Vec::new();
    let ips = ip_set();
    for (what, ip) in &ips {
        v.push(Frame::new(what.clone(), ip.clone()));
    }
    // An ICMP port unreachable quoting the UDP datagram.
    let msg = icmp(3, 3, [0; 4], &ips[2].1);
    let mut ip = Ipv4::new(IP_SRV, IP_CLI, PROTO_ICMP, 0x720);
    ip.frag = 0;
    v.push(Frame::new(
        "ICMP port unreachable quoting the UDP datagram",
        ip.build(&msg),
    ));
    // Version nibbles other than 4 and 6.
    let mut bad = ips[0].1.clone();
    bad[0] = 0x55;
    v.push(Frame::new("version 5", bad.clone()));
    bad[0] = 0x05;
    v.push(Frame::new("version 0", bad));
    v.push(Frame::snapped("IPv4 cut at 1 byte", ips[1].1.clone(), 1));
    v.push(Frame::snapped("IPv4 cut at 19 bytes", ips[1].1.clone(), 19));
    v.push(Frame::snapped(
        "TCP cut after 13 bytes",
        ips[1].1.clone(),
        33,
    ));
    v
}
