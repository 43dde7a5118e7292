//! `stp-forms.pcap`: spanning tree BPDUs the Linux bridge
//! (fixtures/make-link-captures.sh, 802.1D only) does not send: RSTP with
//! every port role and flag, MSTP with and without MSTIs, SPB with its
//! extension, PVST+ and RFC 2684 SNAP encapsulations, unknown protocol ids,
//! versions and BPDU types, lengths too short for the BPDU type, and BPDUs
//! cut by the snapshot length.

use crate::capture::Frame;
use crate::wire::*;

/// The bridge group address.
const MAC_STP: [u8; 6] = [0x01, 0x80, 0xc2, 0x00, 0x00, 0x00];
/// Cisco's PVST+ address.
const MAC_PVST: [u8; 6] = [0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcd];

const ROOT: [u8; 8] = [0x80, 0x00, 0x02, 0x00, 0x00, 0x77, 0x01, 0x01];
const BRIDGE: [u8; 8] = [0x90, 0x01, 0x02, 0x00, 0x00, 0x77, 0x01, 0x02];

/// An 802.3 frame carrying `llc` (LLC header included), padded to 60.
fn frame_8023(dst: [u8; 6], llc: &[u8]) -> Vec<u8> {
    let mut f = Vec::new();
    f.extend_from_slice(&dst);
    f.extend_from_slice(&MAC_SRV);
    f.extend_from_slice(&(llc.len() as u16).to_be_bytes());
    f.extend_from_slice(llc);
    pad60(f)
}

/// A BPDU after the STP LLC header (SAPs 0x42, UI).
fn stp(bpdu: &[u8]) -> Vec<u8> {
    frame_8023(MAC_STP, &[&[0x42, 0x42, 0x03][..], bpdu].concat())
}

/// The 35-byte configuration BPDU body (36 with the version 1 length).
fn config(version: u8, kind: u8, flags: u8, with_v1: bool) -> Vec<u8> {
    let mut b = vec![0x00, 0x00, version, kind, flags];
    b.extend_from_slice(&ROOT);
    b.extend_from_slice(&200_000u32.to_be_bytes());
    b.extend_from_slice(&BRIDGE);
    b.extend_from_slice(&[0x80, 0x02]); // port id
    for t in [0x0180u16, 0x1400, 0x0200, 0x0f00] {
        b.extend_from_slice(&t.to_be_bytes()); // 1.5 s, 20 s, 2 s, 15 s
    }
    if with_v1 {
        b.push(0x00);
    }
    b
}

/// An MSTP BPDU with `mstis` MSTI messages; `v3_extra` is added to the
/// version 3 length.
fn mstp(version: u8, flags: u8, name: &[u8], mstis: u8, v3_extra: i32) -> Vec<u8> {
    let mut b = config(version, 0x02, flags, true);
    let v3 = 64 + 16 * i32::from(mstis) + v3_extra;
    b.extend_from_slice(&(v3 as u16).to_be_bytes());
    b.push(0x00); // configuration identifier format
    let mut n = [0u8; 32];
    for (slot, c) in n.iter_mut().zip(name) {
        *slot = *c;
    }
    b.extend_from_slice(&n);
    b.extend_from_slice(&[0x00, 0x07]); // revision
    b.extend_from_slice(&[
        0xac, 0x36, 0x17, 0x7f, 0x50, 0x28, 0x3c, 0xd4, 0xb8, 0x38, 0x21, 0xd8, 0xab, 0x26, 0xde,
        0x62,
    ]);
    b.extend_from_slice(&20_000u32.to_be_bytes()); // CIST internal path cost
    b.extend_from_slice(&BRIDGE);
    b.push(19); // remaining hops
    for i in 0..mstis {
        let role_flags = [0x7c, 0x79, 0x06, 0xa0][usize::from(i % 4)];
        b.push(role_flags);
        b.extend_from_slice(&[0x80 | i, i + 1, 0x02, 0x00, 0x00, 0x77, 0x01, 0x01]);
        b.extend_from_slice(&(1000u32 * u32::from(i + 1)).to_be_bytes());
        b.extend_from_slice(&[0x80, 0x90, 20 - i]);
    }
    b
}

/// The SPB extension: version 4 length, then 85 bytes.
fn spb_ext(v4: u16, name: &[u8]) -> Vec<u8> {
    let mut b = v4.to_be_bytes().to_vec();
    b.push(0x00);
    let mut n = [0u8; 32];
    for (slot, c) in n.iter_mut().zip(name) {
        *slot = *c;
    }
    b.extend_from_slice(&n);
    b.extend_from_slice(&[0x00, 0x02]); // revision
    b.extend_from_slice(&[0x11; 16]); // digest
    b.push(0b1011_1100); // agreement number 2, discarded 3, valid, restricted
    b.push(0x00);
    b.push(0x21); // format id 2, cap 1
    b.push(0x43); // convention id 4, cap 3
    b.extend_from_slice(&[0x00, 0x05]); // edge count
    b.extend_from_slice(&[0; 8]);
    b.extend_from_slice(&[
        0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32,
        0x10, 0x0f, 0x1e, 0x2d, 0x3c,
    ]);
    b
}

pub fn frames() -> Vec<Frame> {
    let mut v = Vec::new();
    let f = |note: &str, data: Vec<u8>| Frame::new(note, data);

    v.push(f(
        "802.1D configuration BPDU, no flags",
        stp(&config(0, 0x00, 0x00, false)),
    ));
    v.push(f(
        "802.1D configuration BPDU with the topology change and acknowledgement flags",
        stp(&config(0, 0x00, 0x81, false)),
    ));
    v.push(f(
        "802.1D topology change notification",
        stp(&[0, 0, 0, 0x80]),
    ));
    for (flags, role) in [
        (0x3c, "designated, learning, forwarding"),
        (0x78, "root, learning, forwarding, agreement"),
        (0x06, "alternate, proposal"),
        (0x02, "unknown role (0), proposal"),
        (0xff, "every flag"),
    ] {
        v.push(f(
            &format!("802.1w RSTP BPDU: {role}"),
            stp(&config(2, 0x02, flags, true)),
        ));
    }
    v.push(f(
        "802.1w RSTP BPDU of 35 bytes, no version 1 length (invalid)",
        stp(&config(2, 0x02, 0x3c, false)),
    ));
    v.push(f(
        "802.1w version with a configuration BPDU type (printed as 802.1D config, with a port role)",
        stp(&config(2, 0x00, 0x08, false)),
    ));
    v.push(f(
        "configuration BPDU of 34 bytes (invalid)",
        stp(&config(0, 0x00, 0x00, false)[..34]),
    ));
    v.push(f("BPDU of 3 bytes (invalid)", stp(&[0, 0, 0])));
    v.push(f("protocol id 0x0001", stp(&[0, 1, 0, 0, 0])));
    v.push(f("protocol version 7", stp(&[0, 0, 7, 0, 0])));
    v.push(f(
        "802.1D BPDU type 0x42 (unknown)",
        stp(&config(0, 0x42, 0x00, true)),
    ));
    v.push(f(
        "802.1s MSTP BPDU without MSTIs",
        stp(&mstp(3, 0x7c, b"region-1", 0, 0)),
    ));
    v.push(f(
        "802.1s MSTP BPDU with four MSTIs (roles and flags vary), MCID name with control and 8-bit bytes",
        stp(&mstp(3, 0x3c, b"r\x01\x7f\xe9gion", 4, 0)),
    ));
    v.push(f(
        "802.1s MSTP BPDU whose version 3 length leaves half an MSTI after a whole one",
        stp(&[mstp(3, 0x3c, b"half", 1, 8), vec![0x3c; 8]].concat()),
    ));
    v.push(f(
        "802.1s MSTP BPDU with a version 1 length of 1 (invalid)",
        stp(&{
            let mut b = mstp(3, 0x3c, b"x", 0, 0);
            b[35] = 1;
            b
        }),
    ));
    v.push(f(
        "802.1s MSTP BPDU whose version 3 length runs past the BPDU (invalid)",
        stp(&mstp(3, 0x3c, b"long", 0, 32)),
    ));
    v.push(f(
        "802.1s MSTP BPDU of 101 bytes (invalid)",
        stp(&mstp(3, 0x3c, b"short", 0, 0)[..101]),
    ));
    v.push(f(
        "802.1aq SPB BPDU with one MSTI and the SPB extension",
        stp(&[mstp(4, 0x7c, b"spb-region", 1, 0), spb_ext(85, b"aux-name")].concat()),
    ));
    v.push(f(
        "802.1aq SPB BPDU whose version 4 length is below the minimum (invalid)",
        stp(&[mstp(4, 0x7c, b"spb", 0, 0), spb_ext(40, b"aux")].concat()),
    ));
    v.push(f(
        "802.1aq SPB BPDU without its extension (invalid)",
        stp(&mstp(4, 0x7c, b"spb", 0, 0)),
    ));

    // SNAP encapsulations.
    let mut pvst = vec![0xaa, 0xaa, 0x03, 0x00, 0x00, 0x0c, 0x01, 0x0b];
    pvst.extend_from_slice(&config(2, 0x02, 0x3c, true));
    pvst.extend_from_slice(&[0x00, 0x00, 0x00, 0x02, 0x00, 0x64]); // PVID TLV
    v.push(f(
        "Cisco PVST+ RSTP BPDU (SNAP, pid 0x010b)",
        frame_8023(MAC_PVST, &pvst),
    ));
    let mut vb = vec![0xaa, 0xaa, 0x03, 0x00, 0x00, 0x0c, 0x01, 0x0c];
    vb.extend_from_slice(&config(0, 0x00, 0x01, false));
    v.push(f(
        "Cisco VLAN-bridge BPDU (SNAP, pid 0x010c)",
        frame_8023(MAC_PVST, &vb),
    ));
    let mut rfc = vec![0xaa, 0xaa, 0x03, 0x00, 0x80, 0xc2, 0x00, 0x0e];
    rfc.extend_from_slice(&config(0, 0x00, 0x00, false));
    v.push(f(
        "RFC 2684 bridged BPDU (SNAP, OUI 0x0080c2, pid 0x000e)",
        frame_8023(MAC_STP, &rfc),
    ));

    // Cut BPDUs.
    let rstp = stp(&config(2, 0x02, 0x3c, true));
    for cut in [19, 21, 25, 40, 50] {
        v.push(Frame::snapped(
            format!("RSTP BPDU cut at {cut} bytes"),
            rstp.clone(),
            cut,
        ));
    }
    let m = stp(&mstp(3, 0x3c, b"cut-region", 2, 0));
    for cut in [55, 60, 70, 100, 116, 130, 140, 150] {
        v.push(Frame::snapped(
            format!("MSTP BPDU with two MSTIs cut at {cut} bytes"),
            m.clone(),
            cut,
        ));
    }
    let s = stp(&[mstp(4, 0x7c, b"spb", 0, 0), spb_ext(85, b"aux")].concat());
    for cut in [120, 122, 150, 180, 200] {
        v.push(Frame::snapped(
            format!("SPB BPDU cut at {cut} bytes"),
            s.clone(),
            cut,
        ));
    }
    v
}
