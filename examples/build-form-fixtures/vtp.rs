//! `vtp-forms.pcap`: Cisco VTP messages (LLC/SNAP, Cisco OUI, protocol
//! 0x2003): summary and subset advertisements (VLAN information with every
//! TLV type tcpdump names, unknown TLVs, TLVs past the field or of the wrong
//! length, fields too short, names too long), advertisement requests, join
//! messages, unknown codes, bad domain lengths, short messages and cuts.
//!
//! `loopback-forms.pcap`: Ethernet configuration testing protocol
//! (ethertype 0x9000) messages: replies, forward-data messages, skip counts
//! that are not multiples of 8 or run past the message, unknown functions,
//! short messages and cuts.
//!
//! No namespace here speaks VTP (Cisco switches do) or sends CTP frames, so
//! these are built.

use crate::capture::Frame;
use crate::wire::*;

const MAC_CISCO: [u8; 6] = [0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcc];

/// An 802.3 frame with LLC/SNAP carrying a VTP message, padded to 60.
fn frame(body: &[u8]) -> Vec<u8> {
    let mut llc = vec![0xaa, 0xaa, 0x03, 0x00, 0x00, 0x0c, 0x20, 0x03];
    llc.extend_from_slice(body);
    let mut f = Vec::new();
    f.extend_from_slice(&MAC_CISCO);
    f.extend_from_slice(&MAC_SRV);
    f.extend_from_slice(&(llc.len() as u16).to_be_bytes());
    f.extend_from_slice(&llc);
    pad60(f)
}

fn header(code: u8, byte2: u8, domain_len: u8, domain: &[u8]) -> Vec<u8> {
    let mut h = vec![0x01, code, byte2, domain_len];
    h.extend_from_slice(domain);
    h.resize(36, 0);
    h
}

/// A VLAN information field: status, type, name, id, then TLVs.
fn vlan(status: u8, kind: u8, id: u16, name: &[u8], tlvs: &[u8]) -> Vec<u8> {
    let padded = name.len().div_ceil(4) * 4;
    let len = 12 + padded + tlvs.len();
    let mut v = vec![len as u8, status, kind, name.len() as u8];
    v.extend_from_slice(&id.to_be_bytes());
    v.extend_from_slice(&1500u16.to_be_bytes());
    v.extend_from_slice(&(100_000 + u32::from(id)).to_be_bytes());
    v.extend_from_slice(name);
    v.resize(12 + padded, 0);
    v.extend_from_slice(tlvs);
    v
}

fn summary() -> Vec<u8> {
    let mut m = header(0x01, 1, 3, b"lab");
    m.extend_from_slice(&[0, 0, 0, 0x2a]);
    m.extend_from_slice(&IP_SRV);
    m.extend_from_slice(b"930301000900");
    m.extend_from_slice(&[0xfb, 0x39, 0x3c, 0xf6, 0x70, 0x14, 0xe5, 0x0a]);
    m.extend_from_slice(&[0xa7, 0x9c, 0x7c, 0x5b, 0x19, 0x3f, 0x6f, 0xe1]);
    m
}

fn subset(vlans: &[Vec<u8>]) -> Vec<u8> {
    let mut m = header(0x02, 1, 3, b"lab");
    m.extend_from_slice(&[0, 0, 0, 0x2a]);
    for v in vlans {
        m.extend_from_slice(v);
    }
    m
}

pub fn vtp_frames() -> Vec<Frame> {
    let f = |note: &str, body: Vec<u8>| Frame::new(note, frame(&body));
    let tlvs_all: Vec<u8> = [
        [0x01, 1, 0x00, 0x10],
        [0x02, 1, 0x00, 0x01],
        [0x03, 1, 0x00, 0x02],
        [0x04, 1, 0x03, 0xea],
        [0x05, 1, 0x00, 0x00],
        [0x06, 1, 0x00, 0x01],
        [0x07, 1, 0x00, 0x01],
        [0x08, 1, 0x00, 0x07],
        [0x09, 1, 0x00, 0x07],
        [0x0a, 1, 0x00, 0x01],
        [0x20, 1, 0xab, 0xcd],
    ]
    .concat();
    let mut v = vec![
        f("summary advertisement", summary()),
        f(
            "subset advertisement: VLANs of every status and type, names of 0, 4 and 7 bytes",
            subset(&[
                vlan(0, 1, 1, b"default", &[]),
                vlan(1, 2, 1002, b"fddi", &[]),
                vlan(0, 3, 1003, b"", &[]),
                vlan(7, 9, 200, b"odd\x01", &[]),
            ]),
        ),
        f(
            "subset advertisement: a VLAN with every TLV type tcpdump names and an unknown one",
            subset(&[vlan(0, 5, 1005, b"trbrf", &tlvs_all)]),
        ),
        f(
            "subset advertisement: other TLV values (pruning off, STP type 9, bridge SRT, not backup)",
            subset(&[vlan(
                0,
                3,
                1004,
                b"trcrf",
                &[
                    [0x06, 1, 0, 0],
                    [0x03, 1, 0, 9],
                    [0x07, 1, 0, 2],
                    [0x0a, 1, 0, 0],
                ]
                .concat(),
            )]),
        ),
        f(
            "subset advertisement: a TLV of two words (invalid)",
            subset(&[vlan(0, 1, 10, b"v10", &[0x03, 2, 0, 1, 0, 0])]),
        ),
        f(
            "subset advertisement: a TLV past the field (invalid)",
            subset(&[vlan(0, 1, 10, b"v10", &[0x03, 1, 0])]),
        ),
        f(
            "subset advertisement: one byte left for a TLV (invalid)",
            subset(&[vlan(0, 1, 10, b"v10", &[0x03])]),
        ),
        f(
            "subset advertisement: a VLAN field of 8 bytes (invalid)",
            subset(&[vec![8, 0, 1, 0, 0, 10, 5, 0xdc]]),
        ),
        f(
            "subset advertisement: a name longer than its field (invalid)",
            subset(&[vec![16, 0, 1, 9, 0, 10, 5, 0xdc, 0, 1, 0x86, 0xaa, b'a', b'b', b'c', b'd']]),
        ),
        f(
            "subset advertisement: a VLAN field of length 0 ends the list",
            subset(&[vlan(0, 1, 10, b"v10", &[]), vec![0], vlan(0, 1, 11, b"v11", &[])]),
        ),
        f("advertisement request", [header(0x03, 0, 3, b"lab"), vec![0, 0, 0, 5]].concat()),
        f("join message", header(0x04, 0, 3, b"lab")),
        f("unknown code 9", header(0x09, 7, 3, b"lab")),
        f("domain length 0 (invalid)", header(0x01, 0, 0, b"")),
        f("domain length 33 (invalid)", header(0x01, 0, 33, b"lab")),
        f(
            "advertisement request, a domain with a control byte and a NUL, no start value (cut)",
            header(0x03, 0, 6, b"a\x01b\x00cd"),
        ),
        f("a message of 20 bytes (invalid)", header(0x01, 0, 3, b"lab")[..20].to_vec()),
    ];
    // The message starts at byte 22; its header ends at 58.
    let sum = frame(&summary());
    for (cut, note) in [
        (40, "inside the header"),
        (60, "inside the revision"),
        (70, "inside the time stamp"),
        (86, "inside the digest"),
    ] {
        v.push(Frame::snapped(
            format!("summary advertisement cut at {cut}: {note}"),
            sum.clone(),
            cut,
        ));
    }
    let sub = frame(&subset(&[
        vlan(0, 1, 1, b"default", &[0x06, 1, 0, 1]),
        vlan(0, 1, 2, b"two", &[]),
    ]));
    for (cut, note) in [
        (61, "inside the revision"),
        (70, "inside the first VLAN field"),
        (86, "inside the second VLAN field"),
    ] {
        v.push(Frame::snapped(
            format!("subset advertisement cut at {cut}: {note}"),
            sub.clone(),
            cut,
        ));
    }
    v.push(Frame::snapped(
        "advertisement request cut inside the start value",
        frame(&[header(0x03, 0, 3, b"lab"), vec![0, 0, 0, 5]].concat()),
        60,
    ));
    v
}

/// An Ethernet frame carrying a CTP message, padded to 60.
fn ctp(payload: &[u8]) -> Vec<u8> {
    pad60(ether(MAC_SRV, MAC_SRV, 0x9000, payload))
}

pub fn loopback_frames() -> Vec<Frame> {
    let f = |note: &str, payload: &[u8]| Frame::new(note, ctp(payload));
    let mut fwd = vec![0, 0, 2, 0];
    fwd.extend_from_slice(&MAC_CLI);
    fwd.extend_from_slice(&[1, 0, 7, 0]);
    let mut v = vec![
        f("reply, receipt number 7", &[0, 0, 1, 0, 7, 0]),
        f("forward data to the client, then its reply", &fwd),
        f(
            "skip count 8, then a reply",
            &[8, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 9, 0],
        ),
        f(
            "skip count 4 (bogus), then a reply",
            &[4, 0, 0, 0, 0, 0, 1, 0, 1, 0],
        ),
        f("unknown function 3", &[0, 0, 3, 0, 1, 2]),
        Frame::new(
            "a skip count past the message (invalid)",
            ether(MAC_SRV, MAC_SRV, 0x9000, &[0x40, 0, 1, 0]),
        ),
        Frame::new(
            "a message of one byte (invalid)",
            ether(MAC_SRV, MAC_SRV, 0x9000, &[0]),
        ),
        Frame::new(
            "no room for a function after the skip count (invalid)",
            ether(MAC_SRV, MAC_SRV, 0x9000, &[0, 0, 1]),
        ),
        Frame::new(
            "a reply without its receipt number (invalid)",
            ether(MAC_SRV, MAC_SRV, 0x9000, &[0, 0, 1, 0, 7]),
        ),
        Frame::new(
            "a forward message without a whole address (invalid)",
            ether(MAC_SRV, MAC_SRV, 0x9000, &[0, 0, 2, 0, 2, 0, 0]),
        ),
    ];
    let whole = ctp(&fwd);
    for cut in [15, 17, 19, 22, 28] {
        v.push(Frame::snapped(
            format!("forward message cut at {cut}"),
            whole.clone(),
            cut,
        ));
    }
    v
}
