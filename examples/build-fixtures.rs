//! Builds the fixture captures that real peers on a veth pair cannot produce:
//! VLAN-tagged frames (this kernel has no 802.1Q devices) and deliberately
//! malformed frames.
//!
//! ```text
//! cargo run --example build-fixtures -- fixtures/
//! ```
//!
//! Writes `vlan.pcap` and `malformed.pcap` into the given directory. Output is
//! byte-for-byte deterministic: fixed addresses, fixed timestamps, no
//! randomness. Well-formed packets are built with etherparse's
//! `PacketBuilder`, which fills in lengths and checksums. Malformed ones are
//! written as byte arrays, one commented line per field; each carries exactly
//! one defect, and its checksums are computed (by the helpers at the bottom)
//! so that nothing but the named defect is wrong. See fixtures/README.md for
//! the frame-by-frame list.
//!
//! The pcap files are written by hand: the classic 24-byte global header and
//! 16-byte record headers, little-endian, microsecond timestamps, linktype 1
//! (Ethernet).

use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

use etherparse::{
    ArpHardwareId, ArpOperation, ArpPacket, EtherType, IpHeaders, Ipv4Header, Ipv4Options,
    PacketBuilder,
};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

// Same link and network addresses as the real captures (fixtures/make-captures.sh).
const MAC_SRV: [u8; 6] = [0x02, 0x00, 0x00, 0x77, 0x00, 0x01];
const MAC_CLI: [u8; 6] = [0x02, 0x00, 0x00, 0x77, 0x00, 0x02];
const MAC_BCAST: [u8; 6] = [0xff; 6];
const IP_SRV: [u8; 4] = [10, 77, 0, 1];
const IP_CLI: [u8; 4] = [10, 77, 0, 2];
// Addresses used inside VLAN 100.
const IP_V100_SRV: [u8; 4] = [10, 77, 100, 1];
const IP_V100_CLI: [u8; 4] = [10, 77, 100, 2];

const ETHERTYPE_IPV4: u16 = 0x0800;
const ETHERTYPE_ARP: u16 = 0x0806;
const TPID_8021Q: u16 = 0x8100;
const TPID_8021AD: u16 = 0x88a8;
const TPID_QINQ_OLD: u16 = 0x9100; // pre-standard Q-in-Q, still seen in the field

/// 2025-01-01T00:00:00Z: the first record's timestamp.
const BASE_TS_SEC: u32 = 1_735_689_600;

/// One record of a capture file.
struct Frame {
    /// What the frame is and, for malformed ones, what is wrong with it.
    note: &'static str,
    /// The captured bytes.
    data: Vec<u8>,
    /// Length on the wire when it is longer than `data` (capture truncated
    /// by a snaplen); `None` means the whole frame was captured.
    wire_len: Option<usize>,
}

impl Frame {
    fn new(note: &'static str, data: Vec<u8>) -> Frame {
        Frame {
            note,
            data,
            wire_len: None,
        }
    }

    /// A frame of which only the first `caplen` bytes were captured.
    fn snapped(note: &'static str, data: Vec<u8>, caplen: usize) -> Frame {
        let wire_len = data.len();
        let data = data[..caplen.min(wire_len)].to_vec();
        Frame {
            note,
            data,
            wire_len: Some(wire_len),
        }
    }
}

fn main() -> Result<()> {
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .ok_or("usage: build-fixtures OUTDIR")?;
    fs::create_dir_all(&dir)?;
    write_capture(&dir.join("vlan.pcap"), &vlan_frames()?)?;
    write_capture(&dir.join("malformed.pcap"), &malformed_frames()?)?;
    Ok(())
}

// ---------------------------------------------------------------------------
// pcap writer
// ---------------------------------------------------------------------------

const PCAP_MAGIC_USEC: u32 = 0xa1b2_c3d4;
const PCAP_SNAPLEN: u32 = 262_144;
const LINKTYPE_ETHERNET: u32 = 1;

fn write_capture(path: &Path, frames: &[Frame]) -> Result<()> {
    let mut out = Vec::new();
    // Global header.
    out.extend_from_slice(&PCAP_MAGIC_USEC.to_le_bytes()); // magic: LE, microseconds
    out.extend_from_slice(&2u16.to_le_bytes()); // version major
    out.extend_from_slice(&4u16.to_le_bytes()); // version minor
    out.extend_from_slice(&0i32.to_le_bytes()); // thiszone
    out.extend_from_slice(&0u32.to_le_bytes()); // sigfigs
    out.extend_from_slice(&PCAP_SNAPLEN.to_le_bytes()); // snaplen
    out.extend_from_slice(&LINKTYPE_ETHERNET.to_le_bytes()); // network
    println!("{}:", path.display());
    for (i, frame) in frames.iter().enumerate() {
        let index = u32::try_from(i)?;
        let caplen = u32::try_from(frame.data.len())?;
        let wire_len = u32::try_from(frame.wire_len.unwrap_or(frame.data.len()))?;
        // Record header: one record a second, with varied microseconds so
        // that timestamp printing is exercised.
        out.extend_from_slice(&(BASE_TS_SEC + index).to_le_bytes()); // ts_sec
        out.extend_from_slice(&((index * 123_457) % 1_000_000).to_le_bytes()); // ts_usec
        out.extend_from_slice(&caplen.to_le_bytes()); // incl_len
        out.extend_from_slice(&wire_len.to_le_bytes()); // orig_len
        out.extend_from_slice(&frame.data);
        println!("  {:2}  {:4}/{:<4} {}", i + 1, caplen, wire_len, frame.note);
    }
    fs::write(path, out)?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Ethernet and 802.1Q helpers
// ---------------------------------------------------------------------------

/// A VLAN tag: TPID plus the TCI fields.
#[derive(Clone, Copy)]
struct Tag {
    tpid: u16,
    pcp: u8,
    dei: bool,
    vid: u16,
}

impl Tag {
    fn tci(self) -> u16 {
        (u16::from(self.pcp & 0x7) << 13) | (u16::from(self.dei) << 12) | (self.vid & 0x0fff)
    }
}

/// Ethernet II header, any number of VLAN tags, EtherType, payload.
fn ether(dst: [u8; 6], src: [u8; 6], tags: &[Tag], ethertype: u16, payload: &[u8]) -> Vec<u8> {
    let mut f = Vec::with_capacity(14 + 4 * tags.len() + payload.len());
    f.extend_from_slice(&dst);
    f.extend_from_slice(&src);
    for tag in tags {
        f.extend_from_slice(&tag.tpid.to_be_bytes());
        f.extend_from_slice(&tag.tci().to_be_bytes());
    }
    f.extend_from_slice(&ethertype.to_be_bytes());
    f.extend_from_slice(payload);
    f
}

/// Pads a frame to the 60-byte Ethernet minimum (64 with the FCS, which
/// captures do not include), as a NIC does on transmit.
fn pad60(mut f: Vec<u8>) -> Vec<u8> {
    if f.len() < 60 {
        f.resize(60, 0);
    }
    f
}

// ---------------------------------------------------------------------------
// vlan.pcap
// ---------------------------------------------------------------------------

fn vlan_frames() -> Result<Vec<Frame>> {
    // VLAN 100, priority 5 (video): the "priority bit set" tag.
    let v100 = Tag {
        tpid: TPID_8021Q,
        pcp: 5,
        dei: false,
        vid: 100,
    };
    let arp = |op: ArpOperation, sha: [u8; 6], spa: [u8; 4], tha: [u8; 6], tpa: [u8; 4]| {
        ArpPacket::new(
            ArpHardwareId::ETHERNET,
            EtherType::IPV4,
            op,
            &sha,
            &spa,
            &tha,
            &tpa,
        )
        .map(|p| p.to_bytes().to_vec())
    };
    let icmp_echo_payload: Vec<u8> = (0u8..32).collect();

    let mut frames = Vec::new();

    let req = arp(
        ArpOperation::REQUEST,
        MAC_CLI,
        IP_V100_CLI,
        [0; 6],
        IP_V100_SRV,
    )?;
    frames.push(Frame::new(
        "802.1Q vlan 100 p 5: ARP request who-has 10.77.100.1 tell 10.77.100.2 (padded to 60)",
        pad60(ether(MAC_BCAST, MAC_CLI, &[v100], ETHERTYPE_ARP, &req)),
    ));
    let rep = arp(
        ArpOperation::REPLY,
        MAC_SRV,
        IP_V100_SRV,
        MAC_CLI,
        IP_V100_CLI,
    )?;
    frames.push(Frame::new(
        "802.1Q vlan 100 p 5: ARP reply 10.77.100.1 is-at 02:00:00:77:00:01 (padded to 60)",
        pad60(ether(MAC_CLI, MAC_SRV, &[v100], ETHERTYPE_ARP, &rep)),
    ));

    let mut ip = Vec::new();
    PacketBuilder::ipv4(IP_V100_CLI, IP_V100_SRV, 64)
        .icmpv4_echo_request(0x4e44, 1)
        .write(&mut ip, &icmp_echo_payload)?;
    frames.push(Frame::new(
        "802.1Q vlan 100 p 5: ICMP echo request id 0x4e44 seq 1, 32 data bytes",
        ether(MAC_SRV, MAC_CLI, &[v100], ETHERTYPE_IPV4, &ip),
    ));

    let mut ip = Vec::new();
    PacketBuilder::ipv4(IP_V100_SRV, IP_V100_CLI, 64)
        .icmpv4_echo_reply(0x4e44, 1)
        .write(&mut ip, &icmp_echo_payload)?;
    frames.push(Frame::new(
        "802.1Q vlan 100 p 5: ICMP echo reply id 0x4e44 seq 1, 32 data bytes",
        ether(MAC_CLI, MAC_SRV, &[v100], ETHERTYPE_IPV4, &ip),
    ));

    let mut ip = Vec::new();
    PacketBuilder::ipv4(IP_V100_CLI, IP_V100_SRV, 64)
        .udp(40000, 7777)
        .write(&mut ip, b"netdecode vlan 100")?;
    frames.push(Frame::new(
        "802.1Q vlan 100 p 5: UDP 40000 > 7777, 18 bytes",
        ether(MAC_SRV, MAC_CLI, &[v100], ETHERTYPE_IPV4, &ip),
    ));

    // Priority-tagged frame (802.1p): VID 0, PCP 6, DEI set.
    let prio = Tag {
        tpid: TPID_8021Q,
        pcp: 6,
        dei: true,
        vid: 0,
    };
    let mut ip = Vec::new();
    PacketBuilder::ipv4(IP_CLI, IP_SRV, 64)
        .udp(40001, 7777)
        .write(&mut ip, b"priority tag")?;
    frames.push(Frame::new(
        "802.1Q vlan 0 (priority tag) p 6 DEI: UDP 40001 > 7777, 12 bytes (padded to 60)",
        pad60(ether(MAC_SRV, MAC_CLI, &[prio], ETHERTYPE_IPV4, &ip)),
    ));

    // 802.1ad double tag: S-tag 0x88a8 vid 200 outside, C-tag 0x8100 vid 100 inside.
    let s200 = Tag {
        tpid: TPID_8021AD,
        pcp: 0,
        dei: false,
        vid: 200,
    };
    let mut ip = Vec::new();
    PacketBuilder::ipv4(IP_V100_CLI, IP_V100_SRV, 64)
        .udp(40002, 7777)
        .write(&mut ip, b"q-in-q 200/100")?;
    frames.push(Frame::new(
        "802.1ad vlan 200, 802.1Q vlan 100 p 5: UDP 40002 > 7777, 14 bytes",
        ether(MAC_SRV, MAC_CLI, &[s200, v100], ETHERTYPE_IPV4, &ip),
    ));

    // Same, ARP inside two tags (padded).
    let req = arp(
        ArpOperation::REQUEST,
        MAC_CLI,
        IP_V100_CLI,
        [0; 6],
        IP_V100_SRV,
    )?;
    frames.push(Frame::new(
        "802.1ad vlan 200, 802.1Q vlan 100 p 5: ARP request (padded to 60)",
        pad60(ether(
            MAC_BCAST,
            MAC_CLI,
            &[s200, v100],
            ETHERTYPE_ARP,
            &req,
        )),
    ));

    // Three stacked tags: 802.1ad 300, 802.1Q 200, 802.1Q 100.
    let q200 = Tag {
        tpid: TPID_8021Q,
        pcp: 0,
        dei: false,
        vid: 200,
    };
    let s300 = Tag {
        tpid: TPID_8021AD,
        pcp: 1,
        dei: false,
        vid: 300,
    };
    let mut ip = Vec::new();
    PacketBuilder::ipv4(IP_V100_CLI, IP_V100_SRV, 64)
        .icmpv4_echo_request(0x4e44, 2)
        .write(&mut ip, &icmp_echo_payload)?;
    frames.push(Frame::new(
        "802.1ad vlan 300 p 1, 802.1Q vlan 200, 802.1Q vlan 100 p 5: ICMP echo request seq 2",
        ether(MAC_SRV, MAC_CLI, &[s300, q200, v100], ETHERTYPE_IPV4, &ip),
    ));

    // Pre-standard 0x9100 outer tag over an 802.1Q tag.
    let old = Tag {
        tpid: TPID_QINQ_OLD,
        pcp: 0,
        dei: false,
        vid: 400,
    };
    let mut ip = Vec::new();
    PacketBuilder::ipv4(IP_V100_CLI, IP_V100_SRV, 64)
        .udp(40003, 7777)
        .write(&mut ip, b"0x9100 outer tag")?;
    frames.push(Frame::new(
        "QinQ 0x9100 vlan 400, 802.1Q vlan 100 p 5: UDP 40003 > 7777, 16 bytes",
        ether(MAC_SRV, MAC_CLI, &[old, v100], ETHERTYPE_IPV4, &ip),
    ));

    Ok(frames)
}

// ---------------------------------------------------------------------------
// malformed.pcap
// ---------------------------------------------------------------------------

/// Ethernet II header client -> server for EtherType `et`.
fn eth_hdr(et: u16) -> Vec<u8> {
    ether(MAC_SRV, MAC_CLI, &[], et, &[])
}

fn malformed_frames() -> Result<Vec<Frame>> {
    let mut frames = Vec::new();

    // 1. IPv4 header length below the minimum.
    let mut f = eth_hdr(ETHERTYPE_IPV4);
    let ip = 14;
    f.extend_from_slice(&[
        0x43, 0x00, // version 4, IHL 3 (12 bytes: < 5 is invalid); TOS 0
        0x00, 0x1c, // total length 28
        0x00, 0x01, // identification
        0x40, 0x00, // flags DF, fragment offset 0
        0x40, 0x11, // TTL 64, protocol UDP
        0x00, 0x00, // header checksum (computed over 20 bytes below)
        10, 77, 0, 2, // source
        10, 77, 0, 1, // destination
        0x9c, 0x40, 0x1e, 0x61, // UDP 40000 > 7777
        0x00, 0x08, 0x00, 0x00, // UDP length 8, no checksum
    ]);
    set_ipv4_checksum_len(&mut f, ip, 20);
    frames.push(Frame::new("IPv4 IHL 3 (< 5)", pad60(f)));

    // 2. Version 6 in the version field of an EtherType 0x0800 frame.
    let mut f = eth_hdr(ETHERTYPE_IPV4);
    f.extend_from_slice(&[
        0x65, 0x00, // version 6 (wrong for EtherType IPv4), IHL 5; TOS 0
        0x00, 0x1c, // total length 28
        0x00, 0x02, // identification
        0x40, 0x00, // DF
        0x40, 0x11, // TTL 64, UDP
        0x00, 0x00, // header checksum (computed)
        10, 77, 0, 2, // source
        10, 77, 0, 1, // destination
        0x9c, 0x40, 0x1e, 0x61, // UDP 40000 > 7777
        0x00, 0x08, 0x00, 0x00, // UDP length 8, no checksum
    ]);
    set_ipv4_checksum(&mut f, ip);
    frames.push(Frame::new(
        "IP version 6 in an EtherType 0x0800 frame",
        pad60(f),
    ));

    // 3. Total length claims more than the frame holds.
    let mut f = eth_hdr(ETHERTYPE_IPV4);
    f.extend_from_slice(&[
        0x45, 0x00, // version 4, IHL 5
        0x00, 0xc8, // total length 200, but only 28 bytes follow
        0x00, 0x03, // identification
        0x40, 0x00, // DF
        0x40, 0x11, // TTL 64, UDP
        0x00, 0x00, // header checksum (computed)
        10, 77, 0, 2, // source
        10, 77, 0, 1, // destination
        0x9c, 0x40, 0x1e, 0x61, // UDP 40000 > 7777
        0x00, 0x08, 0x00, 0x00, // UDP length 8, no checksum
    ]);
    set_ipv4_checksum(&mut f, ip);
    frames.push(Frame::new(
        "IPv4 total length 200 > 28 bytes present (frame not padded)",
        f,
    ));

    // 4. Total length smaller than the header itself.
    let mut f = eth_hdr(ETHERTYPE_IPV4);
    f.extend_from_slice(&[
        0x45, 0x00, // version 4, IHL 5 (20 bytes)
        0x00, 0x10, // total length 16 (< 20)
        0x00, 0x04, // identification
        0x40, 0x00, // DF
        0x40, 0x11, // TTL 64, UDP
        0x00, 0x00, // header checksum (computed)
        10, 77, 0, 2, // source
        10, 77, 0, 1, // destination
        0x9c, 0x40, 0x1e, 0x61, // UDP 40000 > 7777
        0x00, 0x08, 0x00, 0x00, // UDP length 8, no checksum
    ]);
    set_ipv4_checksum(&mut f, ip);
    frames.push(Frame::new("IPv4 total length 16 < IHL 20", pad60(f)));

    // 5. TCP data offset below the minimum.
    let mut f = eth_hdr(ETHERTYPE_IPV4);
    f.extend_from_slice(&[
        0x45, 0x00, 0x00, 0x28, // IPv4, IHL 5, total length 40
        0x00, 0x05, 0x40, 0x00, // id 5, DF
        0x40, 0x06, 0x00, 0x00, // TTL 64, TCP, checksum (computed)
        10, 77, 0, 2, 10, 77, 0, 1, // 10.77.0.2 > 10.77.0.1
        0xa0, 0x00, 0x1f, 0x90, // TCP 40960 > 8080
        0x00, 0x00, 0x10, 0x00, // sequence number 4096
        0x00, 0x00, 0x00, 0x00, // acknowledgment number 0
        0x30, 0x02, // data offset 3 (12 bytes: < 5 is invalid), flags SYN
        0xfa, 0xf0, // window 64240
        0x00, 0x00, // checksum (computed)
        0x00, 0x00, // urgent pointer
    ]);
    set_ipv4_checksum(&mut f, ip);
    set_l4_checksum(&mut f, ip, 16);
    frames.push(Frame::new("TCP data offset 3 (< 5)", pad60(f)));

    // 6. TCP header with 40 bytes of options, capture cut (caplen 62) in the
    //    middle of the options: data offset runs past the captured bytes.
    let mut f = eth_hdr(ETHERTYPE_IPV4);
    f.extend_from_slice(&[
        0x45, 0x00, 0x00, 0x50, // IPv4, IHL 5, total length 80
        0x00, 0x06, 0x40, 0x00, // id 6, DF
        0x40, 0x06, 0x00, 0x00, // TTL 64, TCP, checksum (computed)
        10, 77, 0, 2, 10, 77, 0, 1, // 10.77.0.2 > 10.77.0.1
        0xa0, 0x01, 0x1f, 0x90, // TCP 40961 > 8080
        0x00, 0x00, 0x20, 0x00, // seq 8192
        0x00, 0x00, 0x00, 0x00, // ack 0
        0xf0, 0x02, // data offset 15 (60 bytes), SYN
        0xfa, 0xf0, // window 64240
        0x00, 0x00, // checksum (computed)
        0x00, 0x00, // urgent pointer
        0x02, 0x04, 0x05, 0xb4, // MSS 1460
        0x04, 0x02, // sackOK
        0x08, 0x0a, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, // TS val 1 ecr 0
        0x01, 0x03, 0x03, 0x07, // NOP, wscale 7
        0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, // NOP x 20 (fill to 40)
        0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, //
        0x01, 0x01, 0x01, 0x01, //
    ]);
    set_ipv4_checksum(&mut f, ip);
    set_l4_checksum(&mut f, ip, 16);
    frames.push(Frame::snapped(
        "TCP data offset 15 (60 bytes) but capture cut after 28 TCP bytes (caplen 62 of 94)",
        f,
        62,
    ));

    // 6b. Data offset larger than the IP payload (nothing cut by the capture).
    let mut f = eth_hdr(ETHERTYPE_IPV4);
    f.extend_from_slice(&[
        0x45, 0x00, 0x00, 0x28, // IPv4, IHL 5, total length 40 (20 bytes for TCP)
        0x00, 0x07, 0x40, 0x00, // id 7, DF
        0x40, 0x06, 0x00, 0x00, // TTL 64, TCP, checksum (computed)
        10, 77, 0, 2, 10, 77, 0, 1, // 10.77.0.2 > 10.77.0.1
        0xa0, 0x02, 0x1f, 0x90, // TCP 40962 > 8080
        0x00, 0x00, 0x30, 0x00, // seq 12288
        0x00, 0x00, 0x00, 0x00, // ack 0
        0xf0, 0x02, // data offset 15 (60 bytes > 20 in the IP payload), SYN
        0xfa, 0xf0, // window 64240
        0x00, 0x00, // checksum (computed)
        0x00, 0x00, // urgent pointer
    ]);
    set_ipv4_checksum(&mut f, ip);
    set_l4_checksum(&mut f, ip, 16);
    frames.push(Frame::new(
        "TCP data offset 15 (60 bytes) > 20-byte IP payload",
        pad60(f),
    ));

    // 7. A TCP option whose length runs past the end of the TCP header.
    let mut f = eth_hdr(ETHERTYPE_IPV4);
    f.extend_from_slice(&[
        0x45, 0x00, 0x00, 0x2c, // IPv4, IHL 5, total length 44
        0x00, 0x08, 0x40, 0x00, // id 8, DF
        0x40, 0x06, 0x00, 0x00, // TTL 64, TCP, checksum (computed)
        10, 77, 0, 2, 10, 77, 0, 1, // 10.77.0.2 > 10.77.0.1
        0xa0, 0x03, 0x1f, 0x90, // TCP 40963 > 8080
        0x00, 0x00, 0x40, 0x00, // seq 16384
        0x00, 0x00, 0x00, 0x00, // ack 0
        0x60, 0x02, // data offset 6 (24 bytes: 4 bytes of options), SYN
        0xfa, 0xf0, // window 64240
        0x00, 0x00, // checksum (computed)
        0x00, 0x00, // urgent pointer
        0x08, 0x0a, 0x00, 0x00, // TS option claims length 10, only 4 bytes of options
    ]);
    set_ipv4_checksum(&mut f, ip);
    set_l4_checksum(&mut f, ip, 16);
    frames.push(Frame::new(
        "TCP option TS with length 10 in a 4-byte option area",
        pad60(f),
    ));

    // 8. UDP length field below the UDP header size.
    let mut f = eth_hdr(ETHERTYPE_IPV4);
    f.extend_from_slice(&[
        0x45, 0x00, 0x00, 0x20, // IPv4, IHL 5, total length 32
        0x00, 0x09, 0x40, 0x00, // id 9, DF
        0x40, 0x11, 0x00, 0x00, // TTL 64, UDP, checksum (computed)
        10, 77, 0, 2, 10, 77, 0, 1, // 10.77.0.2 > 10.77.0.1
        0x9c, 0x40, 0x1e, 0x61, // UDP 40000 > 7777
        0x00, 0x04, // UDP length 4 (< 8)
        0x00, 0x00, // no checksum
        b'a', b'b', b'c', b'd', // 4 payload bytes
    ]);
    set_ipv4_checksum(&mut f, ip);
    frames.push(Frame::new("UDP length 4 (< 8)", pad60(f)));

    // 9. UDP length larger than the IP payload.
    let mut f = eth_hdr(ETHERTYPE_IPV4);
    f.extend_from_slice(&[
        0x45, 0x00, 0x00, 0x20, // IPv4, IHL 5, total length 32 (12 bytes for UDP)
        0x00, 0x0a, 0x40, 0x00, // id 10, DF
        0x40, 0x11, 0x00, 0x00, // TTL 64, UDP, checksum (computed)
        10, 77, 0, 2, 10, 77, 0, 1, // 10.77.0.2 > 10.77.0.1
        0x9c, 0x40, 0x1e, 0x61, // UDP 40000 > 7777
        0x00, 0x64, // UDP length 100 (> 12)
        0x00, 0x00, // no checksum
        b'a', b'b', b'c', b'd', // 4 payload bytes
    ]);
    set_ipv4_checksum(&mut f, ip);
    frames.push(Frame::new("UDP length 100 > 12-byte IP payload", pad60(f)));

    // 10. ARP with unusual address lengths: hlen 8, plen 16.
    let mut arp = vec![
        0x00, 0x01, // hardware type Ethernet
        0x08, 0x00, // protocol type IPv4
        0x08, // hardware address length 8 (not 6)
        0x10, // protocol address length 16 (not 4)
        0x00, 0x01, // operation request
    ];
    arp.extend_from_slice(&[0x02, 0x00, 0x00, 0x77, 0x00, 0x02, 0xaa, 0xbb]); // sender hw (8)
    arp.extend((0u8..16).map(|i| 0xa0 + i)); // sender protocol address (16)
    arp.extend_from_slice(&[0u8; 8]); // target hw (8)
    arp.extend((0u8..16).map(|i| 0xb0 + i)); // target protocol address (16)
    frames.push(Frame::new(
        "ARP hlen 8 plen 16 (56-byte body)",
        ether(MAC_BCAST, MAC_CLI, &[], ETHERTYPE_ARP, &arp),
    ));

    // 11. Unknown EtherType.
    let payload: Vec<u8> = (0u8..46).collect();
    frames.push(Frame::new(
        "EtherType 0x1234 (unknown), 46 bytes 00..2d",
        ether(MAC_SRV, MAC_CLI, &[], 0x1234, &payload),
    ));

    // 12. IEEE 802.3 frame (length field) with LLC and a spanning tree
    //     configuration BPDU, padded to 60.
    let mut f = vec![
        0x01, 0x80, 0xc2, 0x00, 0x00, 0x00, // destination: STP multicast
        0x02, 0x00, 0x00, 0x77, 0x00, 0x01, // source
        0x00, 0x26, // length 38 (<= 1500: 802.3 length, not EtherType)
        0x42, // LLC DSAP 0x42 (spanning tree)
        0x42, // LLC SSAP 0x42, command
        0x03, // LLC control: UI
        0x00, 0x00, // BPDU protocol id 0
        0x00, // version 0 (802.1D)
        0x00, // type: configuration
        0x00, // flags
        0x80, 0x00, 0x02, 0x00, 0x00, 0x77, 0x00, 0x01, // root id 8000.02:00:00:77:00:01
        0x00, 0x00, 0x00, 0x00, // root path cost 0
        0x80, 0x00, 0x02, 0x00, 0x00, 0x77, 0x00, 0x01, // bridge id 8000.02:00:00:77:00:01
        0x80, 0x01, // port id 0x8001
        0x00, 0x00, // message age 0
        0x14, 0x00, // max age 20 s (1/256 s units)
        0x02, 0x00, // hello time 2 s
        0x0f, 0x00, // forward delay 15 s
    ];
    f = pad60(f);
    frames.push(Frame::new(
        "802.3 length 38, LLC 0x42/0x42 UI, STP config BPDU, padded",
        f,
    ));

    // 13. ICMP echo request cut by the capture inside the ICMP header.
    let mut ip_pkt = Vec::new();
    PacketBuilder::ipv4(IP_CLI, IP_SRV, 64)
        .icmpv4_echo_request(0x4e44, 7)
        .write(&mut ip_pkt, &[0x5a; 56])?;
    frames.push(Frame::snapped(
        "ICMP echo request cut after 6 ICMP bytes (caplen 40 of 98)",
        ether(MAC_SRV, MAC_CLI, &[], ETHERTYPE_IPV4, &ip_pkt),
        40,
    ));

    // 14. IPv4 with an unknown protocol number.
    let mut f = eth_hdr(ETHERTYPE_IPV4);
    f.extend_from_slice(&[
        0x45, 0x00, 0x00, 0x24, // IPv4, IHL 5, total length 36
        0x00, 0x0e, 0x40, 0x00, // id 14, DF
        0x40, 0x63, 0x00,
        0x00, // TTL 64, protocol 99 (any private encryption scheme), checksum
        10, 77, 0, 2, 10, 77, 0, 1, // 10.77.0.2 > 10.77.0.1
    ]);
    f.extend_from_slice(b"unknown proto 99"); // 16 payload bytes
    set_ipv4_checksum(&mut f, ip);
    frames.push(Frame::new("IPv4 protocol 99 (unknown), 16 bytes", pad60(f)));

    // 15. A non-first fragment of a UDP datagram: no UDP header in it.
    let mut f = eth_hdr(ETHERTYPE_IPV4);
    f.extend_from_slice(&[
        0x45, 0x00, 0x00, 0x28, // IPv4, IHL 5, total length 40
        0x00, 0x0f, // id 15
        0x00, 0xb9, // flags none (last fragment), fragment offset 185 (1480 bytes)
        0x40, 0x11, 0x00, 0x00, // TTL 64, UDP, checksum (computed)
        10, 77, 0, 2, 10, 77, 0, 1, // 10.77.0.2 > 10.77.0.1
    ]);
    f.extend_from_slice(b"tail of a datagram..");
    set_ipv4_checksum(&mut f, ip);
    frames.push(Frame::new(
        "IPv4 fragment offset 1480, last, UDP: 20 data bytes, no UDP header",
        f,
    ));

    // 16. IPv4 options: record route, NOP, end of options list.
    let options = [
        0x07, 0x0b, 0x08, // RR, length 11, pointer 8 (one slot filled)
        10, 77, 0, 2, // slot 1: 10.77.0.2
        0, 0, 0, 0,    // slot 2: empty
        0x01, // NOP
        0x00, // EOL
        0x00, 0x00, 0x00, // padding to 16 bytes (IHL 9)
    ];
    let mut hdr = Ipv4Header::new(0, 64, etherparse::ip_number::ICMP, IP_CLI, IP_SRV)?;
    hdr.identification = 16;
    hdr.options = Ipv4Options::try_from(&options[..])?;
    let mut f = Vec::new();
    PacketBuilder::ethernet2(MAC_CLI, MAC_SRV)
        .ip(IpHeaders::Ipv4(hdr, Default::default()))
        .icmpv4_echo_request(0x4e44, 16)
        .write(&mut f, &[0x5a; 8])?;
    frames.push(Frame::new(
        "valid: IPv4 options RR, NOP, EOL (IHL 9), ICMP echo",
        f,
    ));

    // 17. TCP options on a SYN: MSS, NOP, wscale, sackOK, TS, an unknown kind, NOP, EOL.
    let mut f = Vec::new();
    PacketBuilder::ethernet2(MAC_CLI, MAC_SRV)
        .ipv4(IP_CLI, IP_SRV, 64)
        .tcp(40964, 8080, 0x0001_0000, 64240)
        .syn()
        .options_raw(&[
            0x02, 0x04, 0x05, 0xb4, // MSS 1460
            0x01, // NOP
            0x03, 0x03, 0x07, // window scale 7
            0x04, 0x02, // SACK permitted
            0x08, 0x0a, 0x00, 0x00, 0x30, 0x39, 0x00, 0x00, 0x00, 0x00, // TS val 12345 ecr 0
            0x63, 0x04, 0xbe, 0xef, // kind 99 (unassigned), length 4, data be ef
            0x01, // NOP
            0x00, // EOL
            0x00, 0x00, // padding after EOL
        ])?
        .write(&mut f, &[])?;
    frames.push(Frame::new(
        "valid: TCP SYN options mss, nop, wscale, sackOK, TS, kind 99, nop, eol",
        f,
    ));

    // 18. TCP ACK with SACK blocks.
    let mut f = Vec::new();
    PacketBuilder::ethernet2(MAC_CLI, MAC_SRV)
        .ipv4(IP_CLI, IP_SRV, 64)
        .tcp(40964, 8080, 0x0001_0001, 501)
        .ack(0x0002_0001)
        .options_raw(&[
            0x01, 0x01, // NOP, NOP
            0x08, 0x0a, 0x00, 0x00, 0x30, 0x3a, 0x00, 0x00, 0xd4,
            0x31, // TS val 12346 ecr 54321
            0x01, 0x01, // NOP, NOP
            0x05, 0x12, // SACK, length 18: two blocks
            0x00, 0x02, 0x05, 0xb9, 0x00, 0x02, 0x0b, 0x69, // left 132537, right 133993
            0x00, 0x02, 0x11, 0x19, 0x00, 0x02, 0x16, 0xc9, // left 135449, right 136905
        ])?
        .write(&mut f, &[])?;
    frames.push(Frame::new(
        "valid: TCP ACK options nop, nop, TS, nop, nop, SACK with 2 blocks",
        f,
    ));

    // 19. Every TCP flag bit set, with an urgent pointer.
    let mut f = Vec::new();
    PacketBuilder::ethernet2(MAC_CLI, MAC_SRV)
        .ipv4(IP_CLI, IP_SRV, 64)
        .tcp(40965, 8080, 0x0003_0000, 1024)
        .fin()
        .syn()
        .rst()
        .psh()
        .ack(0x0004_0000)
        .urg(3)
        .ece()
        .cwr()
        .write(&mut f, b"URG!")?;
    frames.push(Frame::new(
        "valid checksums: TCP flags FIN SYN RST PSH ACK URG ECE CWR, urgent pointer 3, 4 bytes",
        f,
    ));

    // 20. An Ethernet header and nothing else.
    frames.push(Frame::new(
        "Ethernet header only (14 bytes), EtherType IPv4, no payload",
        eth_hdr(ETHERTYPE_IPV4),
    ));

    // 21. Shorter than an Ethernet header.
    frames.push(Frame::new(
        "10-byte frame (shorter than an Ethernet header)",
        vec![0x02, 0x00, 0x00, 0x77, 0x00, 0x01, 0x02, 0x00, 0x00, 0x77],
    ));

    // 22. A valid-looking IPv4/UDP packet with a wrong IPv4 header checksum.
    let mut ip_pkt = Vec::new();
    PacketBuilder::ipv4(IP_CLI, IP_SRV, 64)
        .udp(40000, 7777)
        .write(&mut ip_pkt, b"bad ip cksum")?;
    let mut f = ether(MAC_SRV, MAC_CLI, &[], ETHERTYPE_IPV4, &ip_pkt);
    f[ip + 10] ^= 0xff; // flip the high byte of the header checksum
    frames.push(Frame::new(
        "IPv4 header checksum wrong (high byte flipped)",
        pad60(f),
    ));

    // 23. UDP with a wrong checksum (IPv4 header fine).
    let mut ip_pkt = Vec::new();
    PacketBuilder::ipv4(IP_CLI, IP_SRV, 64)
        .udp(40000, 7777)
        .write(&mut ip_pkt, b"bad udp cksum")?;
    let mut f = ether(MAC_SRV, MAC_CLI, &[], ETHERTYPE_IPV4, &ip_pkt);
    f[ip + 20 + 6] ^= 0xff; // flip the high byte of the UDP checksum
    frames.push(Frame::new(
        "UDP checksum wrong (high byte flipped)",
        pad60(f),
    ));

    Ok(frames)
}

// ---------------------------------------------------------------------------
// Checksums (RFC 1071)
// ---------------------------------------------------------------------------

fn ones_complement_sum(data: &[u8], mut sum: u32) -> u32 {
    let mut chunks = data.chunks_exact(2);
    for c in &mut chunks {
        sum += u32::from(u16::from_be_bytes([c[0], c[1]]));
    }
    if let [last] = chunks.remainder() {
        sum += u32::from(*last) << 8;
    }
    sum
}

fn fold(mut sum: u32) -> u16 {
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

/// Sets the IPv4 header checksum of the header at `ip`, over IHL * 4 bytes.
fn set_ipv4_checksum(f: &mut [u8], ip: usize) {
    let ihl = usize::from(f[ip] & 0x0f) * 4;
    set_ipv4_checksum_len(f, ip, ihl);
}

/// Sets the IPv4 header checksum over `len` bytes (for headers whose IHL is
/// itself the defect).
fn set_ipv4_checksum_len(f: &mut [u8], ip: usize, len: usize) {
    f[ip + 10] = 0;
    f[ip + 11] = 0;
    let sum = fold(ones_complement_sum(&f[ip..ip + len], 0));
    f[ip + 10..ip + 12].copy_from_slice(&sum.to_be_bytes());
}

/// Sets the TCP/UDP checksum at offset `field` of the transport header that
/// follows the 20-byte IPv4 header at `ip`; the segment is everything after
/// that header up to the end of the frame.
fn set_l4_checksum(f: &mut [u8], ip: usize, field: usize) {
    let l4 = ip + 20;
    f[l4 + field] = 0;
    f[l4 + field + 1] = 0;
    let seg_len = f.len() - l4;
    let mut pseudo = Vec::with_capacity(12);
    pseudo.extend_from_slice(&f[ip + 12..ip + 20]); // source, destination
    pseudo.push(0);
    pseudo.push(f[ip + 9]); // protocol
    pseudo.extend_from_slice(&(seg_len as u16).to_be_bytes());
    let sum = ones_complement_sum(&pseudo, 0);
    let sum = fold(ones_complement_sum(&f[l4..], sum));
    f[l4 + field..l4 + field + 2].copy_from_slice(&sum.to_be_bytes());
}
