//! `link-atm-rfc1483.pcap`: LINKTYPE_ATM_RFC1483 (100; libpcap's
//! DLT_ATM_RFC1483, 11): LLC-encapsulated payloads with no ATM header, as
//! RFC 1483/2684 routed and bridged PDUs: LLC/SNAP with ARP, IPv4 and an
//! unknown ethertype, a bridged BPDU, LLC with the IP SAP, an 802.6 MAC
//! header before an LLC frame (XID, I and S frames), and frames cut inside
//! each header.

use crate::capture::Frame;
use crate::wire::*;

/// An ARP request from the client for the server.
fn arp() -> Vec<u8> {
    let mut a = vec![0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01];
    a.extend_from_slice(&MAC_CLI);
    a.extend_from_slice(&IP_CLI);
    a.extend_from_slice(&[0; 6]);
    a.extend_from_slice(&IP_SRV);
    a
}

fn snap(ethertype: u16, payload: &[u8]) -> Vec<u8> {
    let mut f = vec![0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00];
    f.extend_from_slice(&ethertype.to_be_bytes());
    f.extend_from_slice(payload);
    f
}

/// An 802.6 MAC header (20 bytes) before `llc`.
fn ieee8026(llc: &[u8]) -> Vec<u8> {
    let mut f: Vec<u8> = (0..20).map(|i| 0x10 + i).collect();
    f.extend_from_slice(llc);
    f
}

pub fn frames() -> Vec<Frame> {
    let seg = udp(IP_CLI, IP_SRV, 40000, 7777, b"atm");
    let ip = Ipv4::new(IP_CLI, IP_SRV, PROTO_UDP, 0x4d01).build(&seg);
    let mut bpdu = vec![0xaa, 0xaa, 0x03, 0x00, 0x80, 0xc2, 0x00, 0x0e];
    bpdu.extend_from_slice(&[0, 0, 0, 0x80]); // topology change notification
    let v = vec![
        Frame::new("LLC/SNAP, ARP request", snap(0x0806, &arp())),
        Frame::new("LLC/SNAP, IPv4 UDP", snap(0x0800, &ip)),
        Frame::new(
            "LLC/SNAP, an unknown ethertype (dumped)",
            snap(0x88b5, &[1, 2, 3, 4]),
        ),
        Frame::new("LLC/SNAP, RFC 2684 bridged BPDU (TCN)", bpdu),
        Frame::new(
            "LLC with the IP SAP (0x06), IPv4 UDP",
            [&[0x06, 0x06, 0x03][..], &ip].concat(),
        ),
        Frame::new(
            "802.6 MAC header, then an LLC XID frame in the IEEE 802.2 format",
            ieee8026(&[0x04, 0x05, 0xbf, 0x81, 0x01, 0x02]),
        ),
        Frame::new(
            "802.6 MAC header, then an LLC I frame (dumped)",
            ieee8026(&[0x04, 0x04, 0x02, 0x04, 0xaa, 0xbb]),
        ),
        Frame::new(
            "802.6 MAC header, then an LLC S frame",
            ieee8026(&[0xf0, 0xf0, 0x01, 0x02]),
        ),
        Frame::snapped(
            "cut after 2 bytes of an LLC/SNAP header",
            snap(0x0806, &arp()),
            2,
        ),
        Frame::snapped("cut inside the SNAP header", snap(0x0806, &arp()), 6),
        Frame::snapped("cut inside the ARP body", snap(0x0806, &arp()), 20),
        Frame::snapped(
            "cut inside the 802.6 MAC header, after 12 bytes",
            ieee8026(&[0x04, 0x04, 0x03]),
            12,
        ),
        Frame::snapped(
            "cut inside the 802.6 MAC header, after 17 bytes",
            ieee8026(&[0x04, 0x04, 0x03]),
            17,
        ),
        Frame::snapped(
            "cut inside the LLC header after an 802.6 MAC header",
            ieee8026(&[0x04, 0x04, 0x03]),
            21,
        ),
    ];
    v
}
