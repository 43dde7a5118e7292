//! `vlan-deep.pcap`: stacks deeper than any fixed limit — 9, 16 and 100
//! 802.1Q/802.1ad tags over ICMP, UDP and a whole TCP connection (which
//! `flows` must count), and a 100-tag stack cut by the snapshot length.

use crate::capture::Frame;
use crate::wire::*;

/// `n` tags, outermost first: the outermost is 802.1ad when `qinq`, the
/// rest 802.1Q; VLAN ids 1..=n, priorities cycling 0-7.
fn stack(n: u16, qinq: bool) -> Vec<(u16, u16)> {
    (1..=n)
        .map(|i| {
            let tpid = if qinq && i == 1 {
                TPID_8021AD
            } else {
                TPID_8021Q
            };
            (tpid, ((i % 8) << 13) | i)
        })
        .collect()
}

fn deep(tags: &[(u16, u16)], fwd: bool, ip: &[u8]) -> Vec<u8> {
    let (dst, src) = if fwd {
        (MAC_SRV, MAC_CLI)
    } else {
        (MAC_CLI, MAC_SRV)
    };
    pad60(tagged(dst, src, tags, ETHERTYPE_IPV4, ip))
}

pub fn frames() -> Vec<Frame> {
    let mut v = Vec::new();
    let body = icmp(8, 0, [0x4e, 0x44, 0, 1], b"deep stack ping!");
    let request = Ipv4::new(IP_CLI, IP_SRV, PROTO_ICMP, 0x701).build(&body);

    // 1. ICMP echo request under 9 802.1Q tags.
    v.push(Frame::new(
        "ICMP echo request under 9 802.1Q tags",
        deep(&stack(9, false), true, &request),
    ));
    // 2. ICMP echo reply under 16 tags, the outermost 802.1ad.
    let body = icmp(0, 0, [0x4e, 0x44, 0, 1], b"deep stack ping!");
    let reply = Ipv4::new(IP_SRV, IP_CLI, PROTO_ICMP, 0x702).build(&body);
    v.push(Frame::new(
        "ICMP echo reply under 16 tags (802.1ad outermost)",
        deep(&stack(16, true), false, &reply),
    ));
    // 3. UDP under 100 tags.
    let seg = udp(IP_CLI, IP_SRV, 40000, 7777, b"a hundred tags");
    v.push(Frame::new(
        "UDP 40000 > 7777 under 100 tags",
        deep(
            &stack(100, false),
            true,
            &Ipv4::new(IP_CLI, IP_SRV, PROTO_UDP, 0x703).build(&seg),
        ),
    ));
    // 4-10. A TCP connection 40100 > 8080 under 100 tags: handshake, a
    // request, its acknowledgement, both FINs, the last ACK.
    let t100 = stack(100, false);
    let (c, s) = (1000u32, 5000u32);
    let seg = |fwd: bool, t: Tcp, id: u16, payload: &[u8]| {
        let (a, b) = if fwd {
            (IP_CLI, IP_SRV)
        } else {
            (IP_SRV, IP_CLI)
        };
        deep(
            &t100,
            fwd,
            &Ipv4::new(a, b, PROTO_TCP, id).build(&t.build(a, b, payload)),
        )
    };
    let req = b"hello, deep stack\n";
    let r = req.len() as u32;
    let steps: [(&str, bool, Tcp, &[u8]); 7] = [
        ("SYN", true, Tcp::new(40100, 8080, c, 0, SYN), b""),
        (
            "SYN-ACK",
            false,
            Tcp::new(8080, 40100, s, c + 1, SYN | ACK),
            b"",
        ),
        ("ACK", true, Tcp::new(40100, 8080, c + 1, s + 1, ACK), b""),
        (
            "request",
            true,
            Tcp::new(40100, 8080, c + 1, s + 1, PSH | ACK),
            req,
        ),
        (
            "FIN from the server",
            false,
            Tcp::new(8080, 40100, s + 1, c + 1 + r, FIN | ACK),
            b"",
        ),
        (
            "FIN from the client",
            true,
            Tcp::new(40100, 8080, c + 1 + r, s + 2, FIN | ACK),
            b"",
        ),
        (
            "last ACK",
            false,
            Tcp::new(8080, 40100, s + 2, c + 2 + r, ACK),
            b"",
        ),
    ];
    for (i, (what, fwd, t, payload)) in steps.into_iter().enumerate() {
        v.push(Frame::new(
            format!("TCP {what} under 100 tags"),
            seg(fwd, t, 0x710 + i as u16, payload),
        ));
    }
    // 11. The request again, cut by a snapshot length inside tag 51.
    v.push(Frame::snapped(
        "TCP segment under 100 tags, snapshot cut inside tag 51",
        seg(
            true,
            Tcp::new(40100, 8080, c + 1, s + 1, PSH | ACK),
            0x720,
            req,
        ),
        14 + 4 * 50 + 2,
    ));
    v
}
