//! `dtp-forms.pcap`: Cisco DTP messages (LLC/SNAP, Cisco OUI, protocol
//! 0x2004) with every TLV tcpdump prints, unknown TLVs, wrong lengths, a
//! type-0 TLV, and messages cut by the snapshot length. Nothing on our
//! namespaces speaks DTP (a Cisco switch does), so these are built.

use crate::capture::Frame;
use crate::wire::*;

const MAC_CISCO: [u8; 6] = [0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcc];

fn tlv(kind: u16, value: &[u8]) -> Vec<u8> {
    let mut v = kind.to_be_bytes().to_vec();
    v.extend_from_slice(&(value.len() as u16 + 4).to_be_bytes());
    v.extend_from_slice(value);
    v
}

/// An 802.3 frame with LLC/SNAP carrying a DTP message, padded to 60.
fn frame(body: &[u8]) -> Vec<u8> {
    let mut llc = vec![0xaa, 0xaa, 0x03, 0x00, 0x00, 0x0c, 0x20, 0x04];
    llc.extend_from_slice(body);
    let mut f = Vec::new();
    f.extend_from_slice(&MAC_CISCO);
    f.extend_from_slice(&MAC_SRV);
    f.extend_from_slice(&(llc.len() as u16).to_be_bytes());
    f.extend_from_slice(&llc);
    pad60(f)
}

fn msg(tlvs: &[Vec<u8>]) -> Vec<u8> {
    let mut m = vec![0x01];
    for t in tlvs {
        m.extend_from_slice(t);
    }
    m
}

pub fn frames() -> Vec<Frame> {
    let domain = tlv(1, b"lab\0\0\0");
    let status = tlv(2, &[0x81]);
    let kind = tlv(3, &[0xa5]);
    let neighbor = tlv(4, &MAC_CLI);
    let f = |note: &str, body: Vec<u8>| Frame::new(note, frame(&body));
    let mut v = vec![
        f(
            "domain, status, type and neighbour",
            msg(&[domain.clone(), status.clone(), kind.clone(), neighbor.clone()]),
        ),
        f(
            "a domain with control and 8-bit bytes, an unknown TLV (5), then a type-0 TLV ending the walk",
            msg(&[tlv(1, b"x\x01\xe9"), tlv(5, &[1, 2, 3]), tlv(0, &[]), status.clone()]),
        ),
        f("a status TLV of length 6 (invalid)", msg(&[tlv(2, &[0x81, 0])])),
        f("a neighbour TLV of length 8 (invalid)", msg(&[tlv(4, &[1, 2, 3, 4])])),
        f("a TLV length of 3 (invalid)", msg(&[vec![0, 1, 0, 3]])),
        f(
            "a TLV longer than the message (invalid)",
            msg(&[status.clone(), vec![0, 1, 0, 40, b'a']]),
        ),
        f("2 bytes after the last TLV (invalid)", msg(&[status.clone(), vec![0, 9]])),
        f("an empty message", vec![]),
        f("version 2, no TLVs", vec![0x02]),
    ];
    // The message starts at byte 22; its TLVs at 23: domain 23-32,
    // status 33-37, type 38-42, neighbour 43-52.
    let full = frame(&msg(&[domain, status, kind, neighbor]));
    for (cut, note) in [
        (22, "before the version"),
        (25, "inside the first TLV header"),
        (29, "inside the domain"),
        (37, "before the status value"),
        (50, "inside the neighbour address"),
    ] {
        v.push(Frame::snapped(
            format!("snapshot length {cut}: cut {note}"),
            full.clone(),
            cut,
        ));
    }
    v
}

/// An 802.3 frame with LLC/SNAP (Cisco OUI, protocol 0x0111) carrying a
/// UDLD message, padded to 60.
fn udld_frame(body: &[u8]) -> Vec<u8> {
    let mut llc = vec![0xaa, 0xaa, 0x03, 0x00, 0x00, 0x0c, 0x01, 0x11];
    llc.extend_from_slice(body);
    let mut f = Vec::new();
    f.extend_from_slice(&MAC_CISCO);
    f.extend_from_slice(&MAC_SRV);
    f.extend_from_slice(&(llc.len() as u16).to_be_bytes());
    f.extend_from_slice(&llc);
    pad60(f)
}

/// A UDLD message: version 1, `opcode`, `flags`, a checksum, the TLVs.
fn udld(opcode: u8, flags: u8, tlvs: &[Vec<u8>]) -> Vec<u8> {
    let mut m = vec![0x20 | opcode, flags, 0x6d, 0x85];
    for t in tlvs {
        m.extend_from_slice(t);
    }
    m
}

/// `udld-forms.pcap`: Cisco UDLD messages (RFC 5171) with every TLV
/// tcpdump prints, every opcode and flag, wrong lengths and cuts.
pub fn udld_frames() -> Vec<Frame> {
    let f = |note: &str, body: Vec<u8>| Frame::new(note, udld_frame(&body));
    let id = tlv(1, b"FOX06310RB6");
    let port = tlv(2, b"Gi0/1");
    let echo = tlv(3, &[0, 0, 0, 1, 0, 0x0b, b'F', b'O', b'X', b'0', b'6']);
    let msg = tlv(4, &[7]);
    let timeout = tlv(5, &[5]);
    let name = tlv(6, b"sw-a\0");
    let seq = tlv(7, &[0, 0, 0, 42]);
    let mut v = vec![
        f(
            "probe, every TLV",
            udld(
                1,
                0,
                &[
                    id.clone(),
                    port.clone(),
                    echo,
                    msg,
                    timeout,
                    name,
                    seq.clone(),
                ],
            ),
        ),
        f(
            "echo message with both flags",
            udld(2, 0x03, &[id.clone(), port.clone()]),
        ),
        f(
            "flush message with reserved flags",
            udld(3, 0xfc, std::slice::from_ref(&id)),
        ),
        f("opcode 0, no TLVs", udld(0, 0, &[])),
        f("opcode 9, no TLVs", udld(9, 0, &[])),
        f("an unknown TLV (8)", udld(1, 0, &[tlv(8, &[1, 2, 3])])),
        f(
            "an interval of 2 bytes (invalid)",
            udld(1, 0, &[tlv(4, &[0, 7])]),
        ),
        f(
            "a sequence number of 2 bytes (invalid)",
            udld(1, 0, &[tlv(7, &[0, 7])]),
        ),
        f(
            "a TLV length of 4 (invalid)",
            udld(1, 0, &[vec![0, 1, 0, 4]]),
        ),
        f(
            "a TLV longer than the message (invalid)",
            udld(1, 0, &[vec![0, 2, 0, 30, b'x']]),
        ),
        f(
            "2 bytes after the last TLV (invalid)",
            udld(1, 0, &[seq, vec![0, 1]]),
        ),
        f("a message of 3 bytes (invalid)", vec![0x21, 0, 0]),
    ];
    // The message starts at byte 22; its TLVs at 26: device id 26-40,
    // port id 41-49.
    let full = udld_frame(&udld(1, 0, &[id, port]));
    for (cut, note) in [
        (23, "after the first byte"),
        (25, "inside the checksum"),
        (28, "inside the first TLV header"),
        (35, "inside the device id"),
        (47, "inside the port id"),
    ] {
        v.push(Frame::snapped(
            format!("snapshot length {cut}: cut {note}"),
            full.clone(),
            cut,
        ));
    }
    v
}
