//! `cdp-forms.pcap`: CDP messages with every TLV form tcpdump prints that
//! lldpd (fixtures/make-link-captures.sh) does not send: every type of
//! tcpdump's table (prefixes, VTP domain, native VLAN, duplex, ATA-186,
//! power, MTU, AVVID, system name and OID, management addresses, physical
//! location), address lists of every protocol form and every length error,
//! values outside tcpdump's length bounds, unknown types, impossible TLV
//! and message lengths, and messages cut by the snapshot length.

use crate::capture::Frame;
use crate::wire::*;

/// Cisco's multicast address for CDP, VTP, DTP and UDLD.
const MAC_CDP: [u8; 6] = [0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcc];

/// A TLV: type, length (header included), value.
fn tlv(kind: u16, value: &[u8]) -> Vec<u8> {
    let mut v = kind.to_be_bytes().to_vec();
    v.extend_from_slice(&(value.len() as u16 + 4).to_be_bytes());
    v.extend_from_slice(value);
    v
}

/// A CDP message: version, TTL, a checksum (not verified by tcpdump),
/// then the TLVs.
fn msg(version: u8, ttl: u8, tlvs: &[Vec<u8>]) -> Vec<u8> {
    let mut m = vec![version, ttl, 0xbe, 0xef];
    for t in tlvs {
        m.extend_from_slice(t);
    }
    m
}

/// An 802.3 frame with LLC/SNAP (Cisco OUI, protocol 0x2000) carrying
/// `body`, padded to 60 bytes.
fn frame(body: &[u8]) -> Vec<u8> {
    let mut llc = vec![0xaa, 0xaa, 0x03, 0x00, 0x00, 0x0c, 0x20, 0x00];
    llc.extend_from_slice(body);
    let mut f = Vec::new();
    f.extend_from_slice(&MAC_CDP);
    f.extend_from_slice(&MAC_SRV);
    f.extend_from_slice(&(llc.len() as u16).to_be_bytes());
    f.extend_from_slice(&llc);
    pad60(f)
}

fn f(note: &str, body: &[u8]) -> Frame {
    Frame::new(note, frame(body))
}

/// An address entry: protocol type, protocol bytes, address.
fn addr(pt: u8, protocol: &[u8], a: &[u8]) -> Vec<u8> {
    let mut v = vec![pt, protocol.len() as u8];
    v.extend_from_slice(protocol);
    v.extend_from_slice(&(a.len() as u16).to_be_bytes());
    v.extend_from_slice(a);
    v
}

fn v4(a: [u8; 4]) -> Vec<u8> {
    addr(1, &[0xcc], &a)
}

fn v6() -> Vec<u8> {
    addr(
        2,
        &[0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x86, 0xdd],
        &[
            0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0, 0, 0xff, 0xfe, 0x77, 0, 1,
        ],
    )
}

/// An address list: a count, then the entries.
fn addrs(count: u32, entries: &[Vec<u8>]) -> Vec<u8> {
    let mut v = count.to_be_bytes().to_vec();
    for e in entries {
        v.extend_from_slice(e);
    }
    v
}

pub fn frames() -> Vec<Frame> {
    let mut v = Vec::new();
    let dev = tlv(0x01, b"router-1.example");

    v.push(f(
        "CDPv2: device id, addresses (IPv4, IPv6), port id, capabilities, version (three lines), platform, prefixes, VTP domain, native VLAN, duplex",
        &msg(
            2,
            180,
            &[
                dev.clone(),
                tlv(0x02, &addrs(2, &[v4(IP_SRV), v6()])),
                tlv(0x03, b"GigabitEthernet0/1"),
                tlv(0x04, &[0, 0, 0, 0x29]),
                tlv(0x05, b"Fixture IOS\nVersion 1.0\r\n\x01 build\x00x"),
                tlv(0x06, b"fixture-3000"),
                tlv(0x07, &[10, 77, 0, 0, 24, 192, 0, 2, 0, 25]),
                tlv(0x09, b"lab"),
                tlv(0x0a, &[0x00, 0x64]),
                tlv(0x0b, &[0x01]),
            ],
        ),
    ));
    v.push(f(
        "CDPv2: half duplex, ATA-186 assignment and both request forms, power of 1, 2 and 3 bytes, MTU, AVVID, system name, system OID, management addresses, physical location",
        &msg(
            2,
            60,
            &[
                dev.clone(),
                tlv(0x0b, &[0x00]),
                tlv(0x0e, &[0x01, 0x00, 0x64]),
                tlv(0x0f, &[0x20, 0x00]),
                tlv(0x0f, &[0x02, 0x00, 0xc8]),
                tlv(0x10, &[0x0f]),
                tlv(0x10, &[0x1f, 0x40]),
                tlv(0x10, &[0x01, 0x86, 0xa0]),
                tlv(0x11, &[0x00, 0x00, 0x05, 0xdc]),
                tlv(0x12, &[0x00]),
                tlv(0x13, &[0x05]),
                tlv(0x14, b"router-1"),
                tlv(0x15, &[0x06, 0x08, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x09, 0x01, 0x01]),
                tlv(0x16, &addrs(1, &[v4(IP_CLI)])),
                tlv(0x17, &[0x07]),
                tlv(0x17, &[0x01, b'R', b'a', b'c', b'k', b' ', b'4']),
            ],
        ),
    ));
    v.push(f(
        "CDPv1: capabilities none and every bit, Protocol-Hello, types 0, 0x0c, 0x0d (table slots without names) and 0x1a, 0x4242 (beyond it)",
        &msg(
            1,
            0,
            &[
                dev.clone(),
                tlv(0x04, &[0, 0, 0, 0]),
                tlv(0x04, &[0xff, 0xff, 0xff, 0xff]),
                tlv(0x08, &[0x00, 0x00, 0x0c, 0x01, 0x12, 0x00, 0x00]),
                tlv(0x00, &[0x01, 0x02]),
                tlv(0x0c, &[]),
                tlv(0x0d, &[0xff]),
                tlv(0x1a, &[0, 0, 0, 1, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]),
                tlv(0x4242, b"abc"),
            ],
        ),
    ));
    v.push(f(
        "values outside tcpdump's bounds: capability of 3 bytes, native VLAN of 3, duplex of 0, ATA-186 assignment of 2, power of 4, MTU of 2, AVVID of 2, management addresses of 3, physical location of 0",
        &msg(
            2,
            180,
            &[
                tlv(0x04, &[0, 0, 1]),
                tlv(0x0a, &[0, 1, 2]),
                tlv(0x0b, &[]),
                tlv(0x0e, &[1, 2]),
                tlv(0x10, &[0, 0, 0, 1]),
                tlv(0x11, &[5, 0xdc]),
                tlv(0x12, &[1, 2]),
                tlv(0x16, &[0, 0, 1]),
                tlv(0x17, &[]),
                dev.clone(),
            ],
        ),
    ));
    v.push(f(
        "address lists: an unknown protocol, a count of 0 with stray bytes, three entries, a count larger than the entries, a protocol longer than the list, addresses longer than the list",
        &msg(
            2,
            180,
            &[
                tlv(0x02, &addrs(1, &[addr(1, &[0x81], &[0x00, 0x10, 0x7b])])),
                tlv(0x02, &[addrs(0, &[]), vec![1, 2, 3]].concat()),
                tlv(0x02, &addrs(3, &[v4([192, 0, 2, 1]), addr(2, &[0xaa, 0xaa], &[1]), v6()])),
                tlv(0x02, &[addrs(2, &[v4([192, 0, 2, 9])]), vec![7]].concat()),
                tlv(0x02, &addrs(1, &[vec![1, 9, 0xcc, 0, 4]])),
                tlv(0x02, &addrs(1, &[vec![1, 1, 0xcc, 0, 4, 10, 0]])),
                tlv(0x16, &addrs(1, &[vec![5, 0, 0, 9, 1, 2, 3]])),
                tlv(0x02, &[0, 0]),
                tlv(0x02, &addrs(1, &[v4([10, 0, 0, 1])[..5].to_vec()])),
                tlv(0x02, &addrs(2, &[v4([10, 0, 0, 1]), vec![1]])),
                tlv(0x02, &addrs(1, &[addr(2, &[0xaa, 0xaa, 0x03, 0, 0, 0, 0x86, 0xdd], &[1, 2, 3, 4])])),
            ],
        ),
    ));
    v.push(f(
        "prefixes whose length is not a multiple of 5, then an empty prefix list",
        &msg(
            2,
            180,
            &[
                tlv(0x07, &[10, 0, 0, 0, 8, 1, 2]),
                tlv(0x07, &[]),
                dev.clone(),
            ],
        ),
    ));

    // Impossible lengths end the message with " (invalid)".
    v.push(f("a message of 3 bytes", &[2, 180, 0]));
    v.push(f(
        "2 bytes after the last TLV",
        &[msg(2, 180, std::slice::from_ref(&dev)), vec![0, 1]].concat(),
    ));
    v.push(f(
        "a TLV length of 2, with -v and without",
        &[
            msg(2, 180, std::slice::from_ref(&dev)),
            vec![0x00, 0x06, 0x00, 0x02],
        ]
        .concat(),
    ));
    v.push(f(
        "a TLV length of 1 for an unknown type",
        &[msg(2, 180, &[]), vec![0x00, 0x33, 0x00, 0x01]].concat(),
    ));
    v.push(f(
        "a TLV longer than the message",
        &[
            msg(2, 180, std::slice::from_ref(&dev)),
            vec![0x00, 0x03, 0x00, 0x20, b'x'],
        ]
        .concat(),
    ));
    v.push(f("a header and no TLVs", &msg(2, 180, &[])));

    // Messages cut by the snapshot length. The message starts at byte 22
    // (after the 802.3 header and LLC/SNAP); its TLVs at 26: device id
    // 26-45, version 46-66, capabilities 67-74, addresses 75-100 (count
    // 79-82, IPv4 entry 83-91, unknown-protocol entry 92-100), prefixes
    // 101-114, physical location 115-123, duplex 124-128.
    let full = frame(&msg(
        2,
        180,
        &[
            dev.clone(),
            tlv(0x05, b"line one\nline two"),
            tlv(0x04, &[0, 0, 0, 0x28]),
            tlv(
                0x02,
                &addrs(2, &[v4(IP_SRV), addr(1, &[0x81], &[1, 2, 3, 4])]),
            ),
            tlv(0x07, &[10, 0, 0, 0, 8, 172, 16, 0, 0, 12]),
            tlv(0x17, &[0x02, b'r', b'o', b'o', b'm']),
            tlv(0x0b, &[1]),
        ],
    ));
    for (cut, note) in [
        (23, "inside the header, after the version"),
        (25, "inside the checksum"),
        (28, "inside the first TLV header"),
        (36, "inside the device id"),
        (56, "inside the version string's first line"),
        (62, "inside the version string's second line"),
        (70, "inside the capabilities TLV's header"),
        (73, "inside the capabilities"),
        (81, "inside the address count"),
        (90, "inside the first (IPv4) address"),
        (99, "inside the second (unknown protocol) address"),
        (110, "after the first of two prefixes"),
        (120, "inside the physical location"),
        (126, "inside the duplex TLV's header"),
    ] {
        v.push(Frame::snapped(
            format!("snapshot length {cut}: cut {note}"),
            full.clone(),
            cut,
        ));
    }
    v
}
