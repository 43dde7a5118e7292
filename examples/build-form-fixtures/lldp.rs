//! `lldp-forms.pcap`: LLDP data units with every TLV form tcpdump prints
//! that lldpd (fixtures/make-link-captures.sh) does not send: every
//! chassis and port id subtype, network addresses of each family, the
//! IEEE 802.1 TLVs (VLANs, protocol identity, link aggregation, DCB:
//! congestion notification, ETS, PFC, application priority, EVB, CDCP),
//! the IEEE 802.3 ones, LLDP-MED (capabilities, network policy, the three
//! location formats, extended power, inventory), the IANA MUD URL, DCBX
//! 1.0 and 1.01, unknown TLVs and organisations, TLVs too short for their
//! fields, and PDUs cut by the snapshot length.

use crate::capture::Frame;
use crate::wire::*;

const ETHERTYPE_LLDP: u16 = 0x88cc;
/// The nearest-bridge LLDP group address.
const MAC_LLDP: [u8; 6] = [0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e];

const OUI_8021: [u8; 3] = [0x00, 0x80, 0xc2];
const OUI_8023: [u8; 3] = [0x00, 0x12, 0x0f];
const OUI_TIA: [u8; 3] = [0x00, 0x12, 0xbb];
const OUI_IANA: [u8; 3] = [0x00, 0x00, 0x5e];
const OUI_DCBX: [u8; 3] = [0x00, 0x1b, 0x21];

/// A TLV: 7-bit type, 9-bit length, value.
pub fn tlv(kind: u8, value: &[u8]) -> Vec<u8> {
    let h = u16::from(kind) << 9 | value.len() as u16;
    [&h.to_be_bytes()[..], value].concat()
}

/// An organisationally specific TLV.
fn org(oui: [u8; 3], subtype: u8, value: &[u8]) -> Vec<u8> {
    tlv(127, &[&oui[..], &[subtype], value].concat())
}

fn end() -> Vec<u8> {
    tlv(0, &[])
}

fn chassis_mac() -> Vec<u8> {
    tlv(1, &[&[4u8][..], &MAC_SRV].concat())
}

fn port_name(name: &str) -> Vec<u8> {
    tlv(2, &[&[5u8][..], name.as_bytes()].concat())
}

fn ttl(secs: u16) -> Vec<u8> {
    tlv(3, &secs.to_be_bytes())
}

/// The three mandatory TLVs, then `rest`, then End.
fn pdu(rest: &[Vec<u8>]) -> Vec<u8> {
    let mut p = [chassis_mac(), port_name("veth0"), ttl(120)].concat();
    for t in rest {
        p.extend_from_slice(t);
    }
    p.extend_from_slice(&end());
    p
}

fn frame(payload: &[u8]) -> Vec<u8> {
    pad60(ether(MAC_LLDP, MAC_SRV, ETHERTYPE_LLDP, payload))
}

fn f(note: &str, payload: &[u8]) -> Frame {
    Frame::new(note, frame(payload))
}

/// A management address TLV: address string (family + address),
/// interface numbering, OID.
fn mgmt(afi: u8, addr: &[u8], ifsub: u8, ifnum: u32, oid: &[u8]) -> Vec<u8> {
    let mut v = vec![addr.len() as u8 + 1, afi];
    v.extend_from_slice(addr);
    v.push(ifsub);
    v.extend_from_slice(&ifnum.to_be_bytes());
    v.push(oid.len() as u8);
    v.extend_from_slice(oid);
    tlv(8, &v)
}

const IPV6_ADDR: [u8; 16] = [
    0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
];

fn ets(flags: u8) -> Vec<u8> {
    let mut v = vec![flags];
    v.extend_from_slice(&[0x01, 0x23, 0x45, 0x67]); // priority -> TC
    v.extend_from_slice(&[10, 20, 30, 40, 0, 0, 0, 0]); // TC bandwidth
    v.extend_from_slice(&[2, 2, 2, 2, 0, 1, 255, 0]); // TSA
    v
}

fn dcbx_tlv(kind: u8, value: &[u8]) -> Vec<u8> {
    tlv(kind, value)
}

pub fn frames() -> Vec<Frame> {
    let mut v = Vec::new();

    // 1: a full PDU of the basic TLVs, as a switch sends it.
    v.push(f(
        "chassis MAC, port name, TTL, port and system description, system name, capabilities, three management addresses, End",
        &pdu(&[
            tlv(4, b"uplink to core"),
            tlv(5, b"sw1.example"),
            tlv(6, b"Linux 6.1 x86_64\nsecond line \x01\x7f\xe9"),
            tlv(7, &[0x00, 0xff, 0x00, 0x14]),
            mgmt(1, &IP_SRV, 2, 3, &[]),
            mgmt(2, &IPV6_ADDR, 3, 0x0102_0304, &[]),
            mgmt(6, &MAC_CLI, 1, 7, &[0x2b, 0x06, 0x01, 0x02, 0x01]),
        ]),
    ));

    // 2-9: chassis id subtypes.
    for (sub, value, note) in [
        (1u8, &b"chassis-1"[..], "chassis component"),
        (2, b"alias", "interface alias"),
        (3, b"port comp", "port component"),
        (6, b"eth0", "interface name"),
        (7, b"local\x00ignored", "locally assigned, NUL inside"),
        (0, b"\x01\x02", "reserved subtype 0"),
        (9, b"\xaa\xbb\xcc", "unknown subtype 9"),
    ] {
        v.push(f(
            &format!("chassis id: {note}"),
            &[
                tlv(1, &[&[sub][..], value].concat()),
                port_name("p"),
                ttl(5),
                end(),
            ]
            .concat(),
        ));
    }
    for (value, note) in [
        (&[5u8, 1, 10, 77, 0, 1][..], "IPv4 network address"),
        (
            &[
                5u8, 2, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9,
            ][..],
            "IPv6 network address",
        ),
        (&[5u8, 6, 2, 0, 0, 0x77, 0, 2][..], "802 network address"),
        (
            &[5u8, 12, 1, 2, 3][..],
            "network address of a family with no printer (Appletalk)",
        ),
        (
            &[5u8, 0][..],
            "network address of reserved family 0, no address",
        ),
    ] {
        v.push(f(
            &format!("chassis id: {note}"),
            &[tlv(1, value), port_name("p"), ttl(5), end()].concat(),
        ));
    }
    v.push(f(
        "chassis id: IPv4 network address one byte short (truncated)",
        &[tlv(1, &[5, 1, 10, 77, 0]), ttl(5), end()].concat(),
    ));
    v.push(f(
        "chassis id: MAC address subtype with 5 bytes (truncated)",
        &[tlv(1, &[4, 2, 0, 0, 0x77, 0]), ttl(5), end()].concat(),
    ));
    v.push(f(
        "chassis id: length 1, subtype only (truncated)",
        &[tlv(1, &[4]), ttl(5), end()].concat(),
    ));

    // Port id subtypes.
    for (value, note) in [
        (&[1u8, b'a', b'l'][..], "interface alias"),
        (&[2u8, b'p', b'c'][..], "port component"),
        (&[3u8, 2, 0, 0, 0x77, 0, 2][..], "MAC address"),
        (&[4u8, 1, 192, 0, 2, 7][..], "IPv4 network address"),
        (&[6u8, b'c', b'i', b'd'][..], "agent circuit id"),
        (&[7u8, b'7'][..], "locally assigned"),
        (&[8u8, 0xde, 0xad][..], "unknown subtype 8"),
        (
            &[3u8, 2, 0, 0][..],
            "MAC address subtype with 3 bytes (truncated)",
        ),
        (
            &[4u8, 2, 0, 1][..],
            "IPv6 network address too short (truncated)",
        ),
    ] {
        v.push(f(
            &format!("port id: {note}"),
            &[chassis_mac(), tlv(2, value), ttl(5), end()].concat(),
        ));
    }

    // Basic TLVs too short for their fields, unknown types, list ends.
    v.push(f(
        "TTL of 1 byte (truncated)",
        &[chassis_mac(), tlv(3, &[0]), end()].concat(),
    ));
    v.push(f(
        "system capabilities of 3 bytes (truncated)",
        &pdu(&[tlv(7, &[0, 4, 0])]),
    ));
    v.push(f(
        "capabilities: every bit, none enabled; reserved bits only",
        &pdu(&[
            tlv(7, &[0xff, 0xff, 0x00, 0x00]),
            tlv(7, &[0x01, 0x00, 0x00, 0x00]),
        ]),
    ));
    v.push(f(
        "unknown TLV types 9 and 126, then an empty system name (length 0 ends the list)",
        &[
            chassis_mac(),
            tlv(9, &[1, 2, 3, 4, 5]),
            tlv(126, &[0xff; 17]),
            tlv(5, &[]),
            tlv(5, b"not printed"),
        ]
        .concat(),
    ));
    v.push(f(
        "no End TLV: the PDU ends with the frame (padding read as TLVs)",
        &[chassis_mac(), port_name("x"), ttl(1)].concat(),
    ));
    v.push(f(
        "descriptions with control, 8-bit and NUL bytes",
        &pdu(&[
            tlv(4, b"tab\there\x00after"),
            tlv(5, b"\x80\xff\x1b[0m"),
            tlv(6, b"\x00leading NUL"),
        ]),
    ));

    // Management address forms.
    for (value, note) in [
        (&[][..], "empty (length 0 ends the list)"),
        (&[5u8][..], "address length only (truncated)"),
        (
            &[9u8, 1, 10, 0, 0, 1][..],
            "address length beyond the TLV (truncated)",
        ),
        (
            &[3u8, 1, 10, 0][..],
            "IPv4 address too short for its family (truncated)",
        ),
        (
            &[5u8, 1, 10, 0, 0, 1, 2, 0, 0][..],
            "interface number cut (truncated)",
        ),
        (
            &[5u8, 1, 10, 0, 0, 1, 2, 0, 0, 0, 1][..],
            "no OID length byte",
        ),
        (
            &[5u8, 1, 10, 0, 0, 1, 9, 0, 0, 0, 1, 4, 1, 2][..],
            "unknown numbering, OID longer than the TLV (truncated)",
        ),
        (
            &[1u8, 1, 2, 0, 0, 0, 1, 3, b'a', 0, b'b'][..],
            "address string of the family only (IPv4, no address: truncated)",
        ),
        (
            &[2u8, 77, 0, 3, 0, 0, 0, 1, 2, b'o', b'k'][..],
            "family 77 with no printer, system port numbering, OID",
        ),
    ] {
        v.push(f(
            &format!("management address: {note}"),
            &pdu(&[tlv(8, value)]),
        ));
    }

    // Organisationally specific TLVs: lengths below the OUI and subtype.
    v.push(f(
        "organisation TLV of 2 bytes (truncated)",
        &pdu(&[tlv(127, &[0x00, 0x80])]),
    ));
    v.push(f(
        "IEEE 802.1, 802.3, TIA and DCBX TLVs of 3 bytes (no subtype); IANA of 7",
        &pdu(&[
            tlv(127, &OUI_8021),
            tlv(127, &OUI_8023),
            tlv(127, &OUI_TIA),
            tlv(127, &OUI_DCBX),
            tlv(127, &[&OUI_IANA[..], &[1, b'h', b't', b't']].concat()),
        ]),
    ));
    v.push(f(
        "unknown organisations (Cisco, an unassigned OUI)",
        &pdu(&[
            org([0x00, 0x00, 0x0c], 1, &[1, 2, 3]),
            org([0x12, 0x34, 0x56], 7, &[]),
        ]),
    ));

    // IEEE 802.1.
    v.push(f(
        "802.1: port VLAN id, protocol VLAN ids (flag combinations), VLAN names, protocol identities, link aggregation",
        &pdu(&[
            org(OUI_8021, 1, &[0x00, 0x64]),
            org(OUI_8021, 2, &[0x06, 0x00, 0x0a]),
            org(OUI_8021, 2, &[0x00, 0x0f, 0xff]),
            org(OUI_8021, 2, &[0xf9, 0x00, 0x01]),
            org(OUI_8021, 3, &[0x00, 0x64, 0x04, b'u', b's', b'e', b'r']),
            org(OUI_8021, 3, &[0x0f, 0xfe, 0x00]),
            org(OUI_8021, 4, &[0x02, 0x88, 0x8e]),
            org(OUI_8021, 4, &[0x03, b'S', b'T', b'P']),
            org(OUI_8021, 7, &[0x03, 0x00, 0x00, 0x01, 0x00]),
            org(OUI_8021, 7, &[0x00, 0xff, 0xff, 0xff, 0xff]),
        ]),
    ));
    v.push(f(
        "802.1: congestion notification, ETS configuration (willing and not), ETS recommendation, PFC",
        &pdu(&[
            org(OUI_8021, 8, &[0x88, 0x08]),
            org(OUI_8021, 9, &ets(0x83)),
            org(OUI_8021, 9, &ets(0x4f)),
            org(OUI_8021, 10, &ets(0x00)),
            org(OUI_8021, 11, &[0xc8, 0x18]),
            org(OUI_8021, 11, &[0x31, 0x00]),
        ]),
    ));
    v.push(f(
        "802.1: application priority with a table of 3, without one, with a cut entry; EVB; CDCP with 2 channels, with a cut channel",
        &pdu(&[
            org(OUI_8021, 12, &[0x00, 0x61, 0x0c, 0xbc, 0x83, 0x89, 0x06, 0xfa, 0x12, 0xb5]),
            org(OUI_8021, 12, &[0x07]),
            org(OUI_8021, 12, &[0x00, 0x61, 0x0c, 0xbc, 0x83]),
            org(OUI_8021, 13, &[0xff, 0xff, 0xf4, 0x5f, 0xff]),
            org(OUI_8021, 13, &[0x00, 0x00, 0x00, 0x80, 0x00]),
            org(OUI_8021, 14, &[0xf8, 0x00, 0x00, 0x02, 0x00, 0x10, 0x01, 0x00, 0x20, 0x02]),
            org(OUI_8021, 14, &[0x80, 0x00, 0xff, 0xff, 0x00, 0x10]),
        ]),
    ));
    v.push(f(
        "802.1: every subtype one byte too short, then an unknown subtype (5)",
        &pdu(&[
            org(OUI_8021, 1, &[0x00]),
            org(OUI_8021, 2, &[0x02, 0x00]),
            org(OUI_8021, 3, &[0x00]),
            org(OUI_8021, 3, &[0x00, 0x01]),
            org(OUI_8021, 3, &[0x00, 0x01, 0x05, b'a']),
            org(OUI_8021, 4, &[]),
            org(OUI_8021, 4, &[0x04, b'a', b'b']),
            org(OUI_8021, 7, &[0x03, 0x00, 0x00, 0x01]),
            org(OUI_8021, 8, &[0x01]),
            org(OUI_8021, 9, &ets(0x80)[..20]),
            org(OUI_8021, 10, &ets(0x80)[..20]),
            org(OUI_8021, 11, &[0x00]),
            org(OUI_8021, 12, &[]),
            org(OUI_8021, 13, &[0, 0, 0, 0]),
            org(OUI_8021, 14, &[0, 0, 0]),
            org(OUI_8021, 5, &[0xaa, 0xbb]),
        ]),
    ));

    // IEEE 802.3.
    v.push(f(
        "802.3: MAC/PHY (every PMD bit, MAU types known and unknown), power via MDI, link aggregation, maximum frame size",
        &pdu(&[
            org(OUI_8023, 1, &[0x03, 0x6c, 0x01, 0x00, 0x1e]),
            org(OUI_8023, 1, &[0x01, 0xff, 0xff, 0x00, 0x28]),
            org(OUI_8023, 1, &[0x00, 0x80, 0x00, 0x00, 0x29]),
            org(OUI_8023, 1, &[0x00, 0x00, 0x00, 0x00, 0x00]),
            org(OUI_8023, 2, &[0x0f, 0x01, 0x03]),
            org(OUI_8023, 2, &[0x00, 0x02, 0x05]),
            org(OUI_8023, 2, &[0x06, 0x07, 0x00]),
            org(OUI_8023, 3, &[0x01, 0x00, 0x00, 0x00, 0x00]),
            org(OUI_8023, 4, &[0x23, 0x28]),
        ]),
    ));
    v.push(f(
        "802.3: every subtype one byte too short, then unknown subtype 9",
        &pdu(&[
            org(OUI_8023, 1, &[0x03, 0x6c, 0x01, 0x00]),
            org(OUI_8023, 2, &[0x0f, 0x01]),
            org(OUI_8023, 3, &[0x01, 0x00, 0x00, 0x00]),
            org(OUI_8023, 4, &[0x23]),
            org(OUI_8023, 9, &[1, 2, 3]),
        ]),
    ));

    // LLDP-MED.
    v.push(f(
        "LLDP-MED: capabilities, network policies, extended power, inventory",
        &pdu(&[
            org(OUI_TIA, 1, &[0x00, 0x3f, 0x03]),
            org(OUI_TIA, 1, &[0x00, 0x00, 0x09]),
            org(OUI_TIA, 2, &[0x01, 0x60, 0x14, 0xae]),
            org(OUI_TIA, 2, &[0x02, 0x80, 0x00, 0x00]),
            org(OUI_TIA, 2, &[0x09, 0x3f, 0xff, 0xff]),
            org(OUI_TIA, 4, &[0x51, 0x00, 0x96]),
            org(OUI_TIA, 4, &[0x62, 0x04, 0x00]),
            org(OUI_TIA, 4, &[0x9c, 0x00, 0x00]),
            org(OUI_TIA, 4, &[0x00, 0xff, 0xff]),
            org(OUI_TIA, 5, b"rev A"),
            org(OUI_TIA, 6, b"1.0.2"),
            org(OUI_TIA, 7, b"7.3\x00x"),
            org(OUI_TIA, 8, b"SN123"),
            org(OUI_TIA, 9, b"Maker"),
            org(OUI_TIA, 10, b"Model X"),
            org(OUI_TIA, 11, b""),
            org(OUI_TIA, 12, &[0xab]),
        ]),
    ));
    v.push(f(
        "LLDP-MED location: coordinates, civic address, ECS ELIN, unknown format, and short forms",
        &pdu(&[
            org(
                OUI_TIA,
                3,
                &[
                    0x01, 0x6a, 0x1a, 0x2b, 0x3c, 0x4d, 0x69, 0xff, 0xee, 0xdd, 0xcc, 0x12, 0x3f,
                    0x00, 0x01, 0x02, 0x01,
                ],
            ),
            org(
                OUI_TIA,
                3,
                &[
                    0x02, 0x12, 0x02, b'D', b'E', 0x01, 0x02, b'B', b'Y', 0x03, 0x06, b'M', 0xfc,
                    b'n', b'c', b'h', b'n', 0x13, 0x01, b'7',
                ],
            ),
            org(OUI_TIA, 3, &[0x03, b'9', b'1', b'1', b'0', b'0', b'1']),
            org(OUI_TIA, 3, &[0x07, 0xde, 0xad, 0xbe, 0xef]),
            org(OUI_TIA, 3, &[0x01, 0x00, 0x00]),
            org(OUI_TIA, 3, &[0x02]),
            org(OUI_TIA, 3, &[0x02, 0x02, 0x00, b'U', b'S']),
            org(OUI_TIA, 3, &[0x02, 0x08, 0x00, b'U', b'S']),
            org(OUI_TIA, 3, &[]),
        ]),
    ));
    v.push(f(
        "LLDP-MED civic address: an element of length 0 ends it",
        &pdu(&[org(
            OUI_TIA,
            3,
            &[
                0x02, 0x09, 0x00, b'F', b'R', 0x06, 0x01, b'R', 0x07, 0x00, 0x00,
            ],
        )]),
    ));
    v.push(f(
        "LLDP-MED civic address: an element longer than the LCI, then one byte left over",
        &pdu(&[
            org(
                OUI_TIA,
                3,
                &[0x02, 0x07, 0x00, b'F', b'R', 0x06, 0x05, b'R', b'u'],
            ),
            org(
                OUI_TIA,
                3,
                &[0x02, 0x06, 0x01, b'F', b'R', 0x01, 0x01, b'X', 0x02],
            ),
        ]),
    ));
    v.push(f(
        "LLDP-MED: every subtype one byte too short",
        &pdu(&[
            org(OUI_TIA, 1, &[0x00, 0x3f]),
            org(OUI_TIA, 2, &[0x01, 0x60, 0x14]),
            org(OUI_TIA, 4, &[0x51, 0x00]),
        ]),
    ));

    // IANA.
    v.push(f(
        "IANA: MUD URLs (with a NUL and an 8-bit byte), unknown subtype",
        &pdu(&[
            org(OUI_IANA, 1, b"https://mud.example/v1/thing"),
            org(OUI_IANA, 1, b"ab\x00c\xe9"),
            org(OUI_IANA, 2, b"abcd"),
        ]),
    ));

    // DCBX.
    let control = dcbx_tlv(1, &[0, 0, 0, 0, 0, 0x2a, 0, 0, 0, 0x29]);
    let pg = dcbx_tlv(
        2,
        &[
            0, 0, 0xa0, 0, 0x01, 0x23, 0x45, 0x67, 50, 25, 25, 0, 0, 0, 0, 0, 8,
        ],
    );
    let pfc = dcbx_tlv(3, &[0, 0, 0xe0, 0, 0x09, 8]);
    let app = dcbx_tlv(
        4,
        &[
            0, 0, 0x80, 0, 0x89, 0x06, 0x00, 0x1b, 0x21, 0x08, 0x0c, 0xbc, 0x40, 0x00, 0x00, 0x10,
            0xff,
        ],
    );
    v.push(f(
        "DCBX 1.01: control, priority groups, PFC, application (two entries and a short tail)",
        &pdu(&[org(
            OUI_DCBX,
            2,
            &[control.clone(), pg.clone(), pfc.clone(), app].concat(),
        )]),
    ));
    v.push(f(
        "DCBX 1.01: an unknown TLV last (dumped with -v), then one of a subtype 3",
        &pdu(&[
            org(
                OUI_DCBX,
                2,
                &[pfc.clone(), dcbx_tlv(9, &[1, 2, 3])].concat(),
            ),
            org(OUI_DCBX, 3, &control),
        ]),
    ));
    v.push(f(
        "DCBX 1.01: a priority group TLV too short, a TLV longer than what is left, a TLV of length 0",
        &pdu(&[
            org(OUI_DCBX, 2, &[control.clone(), dcbx_tlv(2, &[0; 16]), pfc.clone()].concat()),
            org(OUI_DCBX, 2, &[dcbx_tlv(9, &[1]), vec![0x06, 0x20, 0x00]].concat()),
            org(OUI_DCBX, 2, &[dcbx_tlv(9, &[1]), vec![0x06, 0x00], pfc].concat()),
            org(OUI_DCBX, 2, &[dcbx_tlv(9, &[1]), vec![0x06]].concat()),
        ]),
    ));
    v.push(f(
        "DCBX 1.0 (not decoded) and a DCBX application TLV with no entries",
        &pdu(&[
            org(OUI_DCBX, 1, &control),
            org(OUI_DCBX, 2, &dcbx_tlv(4, &[1, 2, 0x20, 3])),
        ]),
    ));

    // Cut PDUs.
    let full = pdu(&[tlv(5, b"sw1.example"), mgmt(1, &IP_SRV, 2, 3, &[])]);
    let whole = frame(&full);
    for (cut, note) in [
        (15, "cut inside the first TLV header"),
        (20, "cut inside the chassis id value"),
        (39, "cut inside the system name"),
        (52, "cut inside the management address"),
    ] {
        v.push(Frame::snapped(
            format!("snapshot length {cut}: {note}"),
            whole.clone(),
            cut,
        ));
    }

    // Other carriers.
    v.push(Frame::new(
        "an 802.1Q-tagged LLDP PDU",
        pad60(tagged(
            MAC_LLDP,
            MAC_SRV,
            &[(TPID_8021Q, 0x6005)],
            ETHERTYPE_LLDP,
            &pdu(&[tlv(5, b"tagged")]),
        )),
    ));
    let body = pdu(&[tlv(5, b"snap")]);
    let mut snap = vec![0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x88, 0xcc];
    snap.extend_from_slice(&body);
    let mut f8023 = Vec::new();
    f8023.extend_from_slice(&MAC_LLDP);
    f8023.extend_from_slice(&MAC_SRV);
    f8023.extend_from_slice(&(snap.len() as u16).to_be_bytes());
    f8023.extend_from_slice(&snap);
    v.push(Frame::new(
        "an LLDP PDU in an 802.3 frame with LLC/SNAP (OUI 0, ethertype 0x88cc)",
        pad60(f8023),
    ));
    v
}
