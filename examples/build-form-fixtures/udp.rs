//! `udp-forms.pcap`: UDP checksums (correct, wrong, absent, computed as
//! 0xffff), length fields that disagree with the IP payload, short IP
//! payloads, fragments, and datagrams cut by the snapshot length.
//!
//! `vlan-forms.pcap`: 802.1Q and 802.1ad tags with every priority, the DEI
//! bit, VLAN 0 and 4095, and what can follow a tag.

use crate::capture::Frame;
use crate::wire::*;

const SP: u16 = 40000;
const DP: u16 = 7777;

fn dgram(seg: &[u8], id: u16) -> Vec<u8> {
    eth_ip(&Ipv4::new(IP_CLI, IP_SRV, PROTO_UDP, id).build(seg))
}

/// A UDP header with the given length field and checksum, then `payload`.
fn raw_udp(len_field: u16, sum: u16, payload: &[u8]) -> Vec<u8> {
    let mut s = Vec::new();
    s.extend_from_slice(&SP.to_be_bytes());
    s.extend_from_slice(&DP.to_be_bytes());
    s.extend_from_slice(&len_field.to_be_bytes());
    s.extend_from_slice(&sum.to_be_bytes());
    s.extend_from_slice(payload);
    s
}

pub fn udp_forms() -> Vec<Frame> {
    let mut v = Vec::new();

    // 1. Checksum correct, 18 bytes.
    let seg = udp(IP_CLI, IP_SRV, SP, DP, b"netdecode udp test");
    v.push(Frame::new("checksum correct, 18 bytes", dgram(&seg, 0x501)));

    // 2. Checksum wrong.
    let mut seg = udp(IP_CLI, IP_SRV, SP, DP, b"netdecode udp test");
    spoil(&mut seg, 6);
    v.push(Frame::new("checksum wrong", dgram(&seg, 0x502)));

    // 3. No checksum (0).
    let seg = raw_udp(8 + 11, 0, b"no checksum");
    v.push(Frame::new("checksum 0 (none)", pad60(dgram(&seg, 0x503))));

    // 4. A datagram whose checksum computes to 0 and is sent as 0xffff:
    //    the last two payload bytes are chosen to make it so.
    let mut seg = raw_udp(8 + 8, 0, b"sum!\0\0\0\0");
    let mut pseudo = Vec::new();
    pseudo.extend_from_slice(&IP_CLI);
    pseudo.extend_from_slice(&IP_SRV);
    pseudo.extend_from_slice(&[0, PROTO_UDP, 0, 16]);
    let partial = !checksum(&[pseudo.as_slice(), &seg].concat()); // folded sum
    let fill = 0xffff - partial; // sum + fill == 0xffff
    seg[14..16].copy_from_slice(&fill.to_be_bytes());
    seg[6..8].copy_from_slice(&0xffffu16.to_be_bytes());
    v.push(Frame::new(
        "checksum 0xffff (computed 0)",
        pad60(dgram(&seg, 0x504)),
    ));

    // 5. Empty datagram: length 8.
    let seg = udp(IP_CLI, IP_SRV, SP, DP, &[]);
    v.push(Frame::new(
        "empty datagram, length 8",
        pad60(dgram(&seg, 0x505)),
    ));

    // 6. Length field 12 while the IP payload holds 28 bytes of UDP: the
    //    length field wins (the rest is ignored); checksum over 12 bytes.
    let mut seg = raw_udp(12, 0, b"abcdEXTRA BYTES 1234");
    set_l4_checksum(&mut seg[..12], 6, IP_CLI, IP_SRV, PROTO_UDP);
    v.push(Frame::new(
        "length field 12 < 28-byte IP payload",
        dgram(&seg, 0x506),
    ));

    // 7. Length field 0, 7 and 65535.
    v.push(Frame::new(
        "length field 0",
        pad60(dgram(&raw_udp(0, 0, b"zero"), 0x507)),
    ));
    v.push(Frame::new(
        "length field 7",
        pad60(dgram(&raw_udp(7, 0, b"seven"), 0x508)),
    ));
    v.push(Frame::new(
        "length field 65535 > 24-byte IP payload",
        pad60(dgram(&raw_udp(65535, 0, b"big claim1234567"), 0x509)),
    ));

    // 8. IP payload shorter than a UDP header: 6 bytes.
    let ip = Ipv4::new(IP_CLI, IP_SRV, PROTO_UDP, 0x50a).build(&raw_udp(8, 0, &[])[..6]);
    v.push(Frame::new(
        "IP payload of 6 bytes (< UDP header)",
        pad60(eth_ip(&ip)),
    ));

    // 9. Snapshot length cutting the header after the ports, and cutting
    //    the payload (no checksum verdict possible).
    let f = dgram(&udp(IP_CLI, IP_SRV, SP, DP, b"netdecode udp test"), 0x50b);
    v.push(Frame::snapped(
        "header cut after the ports (caplen 38)",
        f.clone(),
        38,
    ));
    v.push(Frame::snapped(
        "header cut after the length field (caplen 40)",
        f.clone(),
        40,
    ));
    v.push(Frame::snapped(
        "payload cut after 4 bytes (caplen 46)",
        f,
        46,
    ));

    // 10. First fragment (MF) of a 1000-byte datagram: the UDP length
    //     exceeds what this fragment holds; no checksum check.
    let full = udp(IP_CLI, IP_SRV, SP, DP, &[0x33; 992]);
    let mut ip = Ipv4::new(IP_CLI, IP_SRV, PROTO_UDP, 0x50c);
    ip.frag = MF;
    v.push(Frame::new(
        "first fragment, 64 of 1000 UDP bytes",
        eth_ip(&ip.build(&full[..64])),
    ));

    // 11. Odd-length payload, checksum correct.
    let seg = udp(IP_CLI, IP_SRV, SP, DP, b"odd");
    v.push(Frame::new(
        "3-byte payload, checksum correct",
        pad60(dgram(&seg, 0x50d)),
    ));

    // 12. Reply direction with port 7777 as the source.
    let seg = udp(IP_SRV, IP_CLI, DP, SP, b"reply");
    let ip = Ipv4::new(IP_SRV, IP_CLI, PROTO_UDP, 0x50e).build(&seg);
    v.push(Frame::new("reply 7777 > 40000", pad60(eth_ip_rev(&ip))));

    v
}

pub fn vlan_forms() -> Vec<Frame> {
    let mut v = Vec::new();
    let tci = |pcp: u16, dei: bool, vid: u16| (pcp << 13) | (u16::from(dei) << 12) | vid;
    let seg = udp(IP_CLI, IP_SRV, SP, DP, b"tagged");
    let ip = Ipv4::new(IP_CLI, IP_SRV, PROTO_UDP, 0x601).build(&seg);

    // 1-8. 802.1Q vlan 10 with each priority 0-7, DEI set on odd ones.
    for pcp in 0u16..8 {
        let dei = pcp % 2 == 1;
        v.push(Frame::new(
            format!("802.1Q vlan 10, p {pcp}{}", if dei { ", DEI" } else { "" }),
            pad60(tagged(
                MAC_SRV,
                MAC_CLI,
                &[(TPID_8021Q, tci(pcp, dei, 10))],
                ETHERTYPE_IPV4,
                &ip,
            )),
        ));
    }

    // 9. VLAN 4095 (reserved) and VLAN 1.
    v.push(Frame::new(
        "802.1Q vlan 4095, p 0",
        pad60(tagged(
            MAC_SRV,
            MAC_CLI,
            &[(TPID_8021Q, tci(0, false, 4095))],
            ETHERTYPE_IPV4,
            &ip,
        )),
    ));
    v.push(Frame::new(
        "802.1Q vlan 1, p 0, DEI",
        pad60(tagged(
            MAC_SRV,
            MAC_CLI,
            &[(TPID_8021Q, tci(0, true, 1))],
            ETHERTYPE_IPV4,
            &ip,
        )),
    ));

    // 10. 802.1ad S-tag with priority 3 and DEI over an 802.1Q C-tag
    //     priority 7 VLAN 0 (priority tag inside).
    v.push(Frame::new(
        "802.1ad vlan 1000 p 3 DEI, 802.1Q vlan 0 p 7",
        pad60(tagged(
            MAC_SRV,
            MAC_CLI,
            &[
                (TPID_8021AD, tci(3, true, 1000)),
                (TPID_8021Q, tci(7, false, 0)),
            ],
            ETHERTYPE_IPV4,
            &ip,
        )),
    ));

    // 11. A tag followed by an 802.3 length and LLC (SNAP, an unknown OUI).
    let llc = [0xaa, 0xaa, 0x03, 0x12, 0x34, 0x56, 0x00, 0x01, 1, 2, 3, 4];
    let mut f = tagged(
        MAC_BCAST,
        MAC_CLI,
        &[(TPID_8021Q, tci(2, false, 20))],
        llc.len() as u16,
        &llc,
    );
    f = pad60(f);
    v.push(Frame::new(
        "802.1Q vlan 20 p 2, 802.3 length 12, LLC/SNAP (unknown OUI 0x123456)",
        f,
    ));

    // 12. A tag followed by an unknown EtherType.
    v.push(Frame::new(
        "802.1Q vlan 30, EtherType 0x88b5 (local experimental)",
        pad60(tagged(
            MAC_SRV,
            MAC_CLI,
            &[(TPID_8021Q, tci(0, false, 30))],
            0x88b5,
            b"experimental payload",
        )),
    ));

    // 13. Tags cut by the snapshot length: after the TPID, after the TCI,
    //     and after the inner EtherType.
    let f = tagged(
        MAC_SRV,
        MAC_CLI,
        &[
            (TPID_8021AD, tci(1, false, 200)),
            (TPID_8021Q, tci(5, false, 100)),
        ],
        ETHERTYPE_IPV4,
        &ip,
    );
    for cut in [14, 16, 18, 20, 22, 26] {
        v.push(Frame::snapped(
            format!("802.1ad vlan 200 + 802.1Q vlan 100 cut at {cut} bytes"),
            f.clone(),
            cut,
        ));
    }
    v
}
