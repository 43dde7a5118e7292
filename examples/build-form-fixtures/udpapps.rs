//! `ntp-forms.pcap`: NTP messages the ntpsec tools in
//! fixtures/make-udpapps-captures.sh do not send: every mode (symmetric,
//! broadcast, mode 0, mode 7), every leap indicator, strata 1, 16, 62 and
//! 63, poll values out of range, key ids and digests, extension bytes,
//! control message replies with data, short messages and cut ones.
//!
//! `syslog-forms.pcap`: priorities at the edges (no digits, three digits,
//! four digits, unknown facilities), missing `<` or `>`, control and 8-bit
//! bytes in the message, cut datagrams.

use crate::capture::Frame;
use crate::wire::*;

const NTP: u16 = 123;
const SYSLOG: u16 = 514;

fn dgram(sport: u16, dport: u16, payload: &[u8], id: u16) -> Vec<u8> {
    let seg = udp(IP_CLI, IP_SRV, sport, dport, payload);
    pad60(eth_ip(
        &Ipv4::new(IP_CLI, IP_SRV, PROTO_UDP, id).build(&seg),
    ))
}

fn stamp(secs: u32, frac: u32) -> [u8; 8] {
    let mut b = [0u8; 8];
    b[..4].copy_from_slice(&secs.to_be_bytes());
    b[4..].copy_from_slice(&frac.to_be_bytes());
    b
}

/// A 48-byte time message.
#[allow(clippy::too_many_arguments)]
fn time_msg(
    first: u8,
    stratum: u8,
    poll: i8,
    precision: i8,
    refid: [u8; 4],
    stamps: [[u8; 8]; 4],
) -> Vec<u8> {
    let mut m = vec![first, stratum, poll as u8, precision as u8];
    m.extend_from_slice(&[0x00, 0x01, 0x80, 0x00]); // root delay 1.5
    m.extend_from_slice(&[0x00, 0x00, 0x19, 0x99]); // root dispersion
    m.extend_from_slice(&refid);
    for s in stamps {
        m.extend_from_slice(&s);
    }
    m
}

const T_REF: u32 = 3_944_678_400; // 2025-01-01
const T_ORG: u32 = 3_944_678_460;

fn stamps() -> [[u8; 8]; 4] {
    [
        stamp(T_REF, 0x1234_5678),
        stamp(T_ORG, 0x8000_0000),
        stamp(T_ORG, 0x8100_0000),
        stamp(T_ORG + 1, 0x0100_0000),
    ]
}

pub fn ntp_forms() -> Vec<Frame> {
    let mut v = Vec::new();
    let mut id = 0x7000;
    let mut push = |v: &mut Vec<Frame>, note: &str, sport: u16, dport: u16, m: &[u8]| {
        id += 1;
        v.push(Frame::new(note, dgram(sport, dport, m, id)));
    };
    // Modes 0-5 and 7, versions 1-4, every leap indicator.
    let modes: [(u8, &str); 7] = [
        (3 << 3, "v3 mode 0 (unspecified), LI 0"),
        (0x41 | (4 << 3), "v4 symmetric active, LI +1s"),
        (0x82 | (4 << 3), "v4 symmetric passive, LI -1s"),
        (0xc3 | (1 << 3), "v1 client, LI unsynchronized"),
        (0x04 | (2 << 3), "v2 server"),
        (0x05 | (4 << 3), "v4 broadcast"),
        (0x07 | (2 << 3), "v2 mode 7 (private)"),
    ];
    for (first, note) in modes {
        let m = time_msg(first, 3, 6, -20, [10, 77, 0, 9], stamps());
        push(&mut v, note, NTP, NTP, &m);
    }
    // Strata and reference ids.
    let m = time_msg(0x24, 1, 4, -29, *b"GPS\0", stamps());
    push(&mut v, "stratum 1, refid GPS\\0", NTP, 40001, &m);
    let m = time_msg(0x24, 1, 4, -29, [b'P', 0xe9, 0x07, b'S'], stamps());
    push(
        &mut v,
        "stratum 1, refid with 8-bit and control bytes",
        NTP,
        40001,
        &m,
    );
    let m = time_msg(0xe4, 16, 10, -6, *b"INIT", stamps());
    push(&mut v, "stratum 16 (reserved)", NTP, 40001, &m);
    let m = time_msg(0xe3, 0, 17, 0, *b"RATE", stamps());
    push(&mut v, "stratum 0 kiss RATE, poll 17", 40001, NTP, &m);
    let m = time_msg(0x24, 62, 6, -20, [10, 77, 0, 1], stamps());
    push(&mut v, "stratum 62 (INFO_QUERY)", 40001, NTP, &m);
    let m = time_msg(0x24, 63, 6, -20, [10, 77, 0, 1], stamps());
    push(&mut v, "stratum 63 (INFO_REPLY)", NTP, 40001, &m);
    // Poll values.
    for poll in [-6i8, -31, -32, 31, 32, 127, -128] {
        let m = time_msg(0x23, 0, poll, 0, [0; 4], stamps());
        push(&mut v, &format!("poll {poll}"), 40001, NTP, &m);
    }
    // Time stamps at the edges of era 0, differences with borrows.
    let edge = [
        stamp(1, 0xffff_ffff),
        stamp(u32::MAX, 0x0000_0001),
        stamp(u32::MAX - 1, 0xffff_ffff),
        stamp(0x7fff_ffff, 0),
    ];
    let m = time_msg(0x24, 2, 6, -20, [10, 77, 0, 9], edge);
    push(
        &mut v,
        "time stamps at 1900 and 2036, negative differences",
        NTP,
        40001,
        &m,
    );
    let same = [
        stamp(0, 0),
        stamp(T_ORG, 5),
        stamp(T_ORG, 5),
        stamp(T_ORG, 4),
    ];
    let m = time_msg(0x24, 2, 6, -20, [10, 77, 0, 9], same);
    push(
        &mut v,
        "equal and slightly smaller time stamps",
        NTP,
        40001,
        &m,
    );
    // Authentication.
    let base = time_msg(0x23, 2, 6, -20, [10, 77, 0, 9], stamps());
    let mut m = base.clone();
    m.extend_from_slice(&0u32.to_be_bytes());
    push(&mut v, "key id only (crypto-NAK)", 40001, NTP, &m);
    let mut m = base.clone();
    m.extend_from_slice(&7u32.to_be_bytes());
    m.extend((0..16u8).map(|i| i * 17));
    push(&mut v, "key id and MD5 digest", 40001, NTP, &m);
    let mut m = base.clone();
    m.extend_from_slice(&0xdead_beefu32.to_be_bytes());
    m.extend((0..20u8).map(|i| 0xff - i));
    push(&mut v, "key id and SHA-1 digest", 40001, NTP, &m);
    let mut m = base.clone();
    m.extend_from_slice(&[0x02, 0x04, 0x00, 0x10]);
    m.extend_from_slice(&[0xab; 12]);
    push(&mut v, "an extension field (16 bytes more)", 40001, NTP, &m);
    // Short and cut messages.
    push(&mut v, "time message of 20 bytes", 40001, NTP, &base[..20]);
    push(&mut v, "empty NTP datagram", 40001, NTP, &[]);
    let full = dgram(40001, NTP, &base, 0x7100);
    for (cut, note) in [
        (43, "cut after the first byte"),
        (46, "cut before the root delay"),
        (52, "cut in the root dispersion"),
        (58, "cut before the reference time stamp"),
        (80, "cut in the receive time stamp"),
    ] {
        v.push(Frame::snapped(note, full.clone(), cut));
    }
    let mut m = base.clone();
    m.extend_from_slice(&7u32.to_be_bytes());
    m.extend_from_slice(&[0x55; 16]);
    let full = dgram(40001, NTP, &m, 0x7101);
    v.push(Frame::snapped("digest cut", full.clone(), 100));
    v.push(Frame::snapped("key id cut", full, 92));
    // Control messages (mode 6).
    let ctl = |control: u8, seq: u16, status: u16, assoc: u16, offset: u16, data: &[u8]| {
        let mut m = vec![(2 << 3) | 6, control];
        m.extend_from_slice(&seq.to_be_bytes());
        m.extend_from_slice(&status.to_be_bytes());
        m.extend_from_slice(&assoc.to_be_bytes());
        m.extend_from_slice(&offset.to_be_bytes());
        m.extend_from_slice(&(data.len() as u16).to_be_bytes());
        m.extend_from_slice(data);
        m
    };
    let data = b"version=\"ntpd ntpsec-1.2.2\", leap=00, stratum=5\r\n";
    push(
        &mut v,
        "control: read variables request",
        40002,
        NTP,
        &ctl(0x02, 3, 0, 0, 0, &[]),
    );
    push(
        &mut v,
        "control: response with data",
        NTP,
        40002,
        &ctl(0x82, 3, 0x0615, 0, 0, data),
    );
    push(
        &mut v,
        "control: error response, more to come",
        NTP,
        40002,
        &ctl(0xe2, 4, 0x0400, 0x1234, 468, b"xy"),
    );
    let mut m = ctl(0x01, 5, 0, 0, 0, &[]);
    m[11] = 40; // count past the end
    push(
        &mut v,
        "control: count larger than the message",
        40002,
        NTP,
        &m,
    );
    push(
        &mut v,
        "control: 8 bytes (short)",
        40002,
        NTP,
        &ctl(0x02, 3, 0, 0, 0, &[])[..8],
    );
    let full = dgram(NTP, 40002, &ctl(0x82, 3, 0x0615, 0, 0, data), 0x7102);
    v.push(Frame::snapped(
        "control: cut in the header",
        full.clone(),
        49,
    ));
    v.push(Frame::snapped("control: cut in the data", full, 60));
    v
}

pub fn syslog_forms() -> Vec<Frame> {
    let mut v = Vec::new();
    let mut id = 0x7200;
    let mut push = |v: &mut Vec<Frame>, note: &str, m: &[u8]| {
        id += 1;
        v.push(Frame::new(note, dgram(40003, SYSLOG, m, id)));
    };
    push(&mut v, "no digits: <>", b"<>empty priority");
    push(&mut v, "<0> kernel emergency", b"<0>kernel: panic");
    push(&mut v, "<191> local7.debug", b"<191>local7 debug");
    push(&mut v, "<192> facility 24 (unknown)", b"<192>facility 24");
    push(&mut v, "<999> facility 124 (unknown)", b"<999>big");
    push(&mut v, "<1234> four digits: invalid", b"<1234>too long");
    push(&mut v, "no <: invalid", b"13>no open");
    push(&mut v, "no >: invalid", b"<13 no close");
    push(&mut v, "priority only", b"<13>");
    push(
        &mut v,
        "control, DEL and 8-bit bytes",
        b"<14>tab\there\r\n\x00\x7f\x80\xff end",
    );
    let m = b"<30>from port 514 to 514";
    id += 1;
    v.push(Frame::new("both ports 514", dgram(SYSLOG, SYSLOG, m, id)));
    let full = dgram(40003, SYSLOG, b"<165>cut somewhere in the message", 0x7300);
    v.push(Frame::snapped("cut in the priority", full.clone(), 44));
    v.push(Frame::snapped("cut after the priority", full.clone(), 47));
    v.push(Frame::snapped("cut in the message", full, 55));
    v
}
