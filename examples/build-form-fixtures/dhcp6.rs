//! `dhcpv6-forms.pcap`: DHCPv6 messages of every type, with every option
//! tcpdump 4.99.3 decodes (DUIDs of all types, IA_NA/IA_TA/IA_PD with
//! addresses, prefixes and status codes, DNS, SIP, NTP server sub-options,
//! authentication, leasequery, AFTR name, time zones, MUD URL), relay
//! messages nested two deep, every malformed length tcpdump answers with
//! `?`, domain names that break, and messages cut by a snapshot length.
//! Over IPv6 between fe80::ff:fe78:2 (client) and fe80::ff:fe78:1 /
//! ff02::1:2 (servers), UDP checksums computed.

use crate::capture::Frame;
use crate::wire::*;

const CLIENT_LL: [u8; 16] = [
    0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xfe, 0x78, 0, 2,
];
const SERVER_LL: [u8; 16] = [
    0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xfe, 0x78, 0, 1,
];
// (fe80::ff:fe78:2 and fe80::ff:fe78:1.)
const ALL_SERVERS: [u8; 16] = [0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2];
const MAC_ALL_SERVERS: [u8; 6] = [0x33, 0x33, 0, 1, 0, 2];

fn addr(s: &str) -> [u8; 16] {
    s.parse::<std::net::Ipv6Addr>()
        .map(|a| a.octets())
        .unwrap_or([0; 16])
}

/// An Ethernet/IPv6/UDP frame carrying `payload`, UDP checksum computed.
pub fn ip6_udp(
    src: [u8; 16],
    dst: [u8; 16],
    sport: u16,
    dport: u16,
    hlim: u8,
    payload: &[u8],
) -> Vec<u8> {
    let ulen = (8 + payload.len()) as u16;
    let mut u = Vec::new();
    u.extend_from_slice(&sport.to_be_bytes());
    u.extend_from_slice(&dport.to_be_bytes());
    u.extend_from_slice(&ulen.to_be_bytes());
    u.extend_from_slice(&[0, 0]);
    u.extend_from_slice(payload);
    let mut pseudo = Vec::new();
    pseudo.extend_from_slice(&src);
    pseudo.extend_from_slice(&dst);
    pseudo.extend_from_slice(&u32::from(ulen).to_be_bytes());
    pseudo.extend_from_slice(&[0, 0, 0, PROTO_UDP]);
    let mut sum = fold(ones_sum(&u, ones_sum(&pseudo, 0)));
    if sum == 0 {
        sum = 0xffff;
    }
    u[6..8].copy_from_slice(&sum.to_be_bytes());
    let mut ip = vec![0x60, 0, 0, 0];
    ip.extend_from_slice(&ulen.to_be_bytes());
    ip.extend_from_slice(&[PROTO_UDP, hlim]);
    ip.extend_from_slice(&src);
    ip.extend_from_slice(&dst);
    ip.extend_from_slice(&u);
    let (dmac, smac) = if dst[0] == 0xff {
        (MAC_ALL_SERVERS, MAC_CLI)
    } else if dst == CLIENT_LL {
        (MAC_CLI, MAC_SRV)
    } else {
        (MAC_SRV, MAC_CLI)
    };
    ether(dmac, smac, 0x86dd, &ip)
}

fn opt(code: u16, data: &[u8]) -> Vec<u8> {
    let mut v = code.to_be_bytes().to_vec();
    v.extend_from_slice(&(data.len() as u16).to_be_bytes());
    v.extend_from_slice(data);
    v
}

fn cat(parts: &[Vec<u8>]) -> Vec<u8> {
    parts.concat()
}

fn msg(t: u8, xid: u32, opts: &[Vec<u8>]) -> Vec<u8> {
    let mut m = vec![t];
    m.extend_from_slice(&xid.to_be_bytes()[1..]);
    m.extend(cat(opts));
    m
}

fn relay(t: u8, hops: u8, link: &str, peer: &str, opts: &[Vec<u8>]) -> Vec<u8> {
    let mut m = vec![t, hops];
    m.extend_from_slice(&addr(link));
    m.extend_from_slice(&addr(peer));
    m.extend(cat(opts));
    m
}

fn u32s(v: &[u32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_be_bytes()).collect()
}

fn duid_llt() -> Vec<u8> {
    cat(&[vec![0, 1, 0, 1], u32s(&[721_155_524]), MAC_CLI.to_vec()])
}
fn duid_en() -> Vec<u8> {
    cat(&[vec![0, 2], u32s(&[32473]), b"netdecode-srv".to_vec()])
}
fn duid_ll() -> Vec<u8> {
    cat(&[vec![0, 3, 0, 1], MAC_SRV.to_vec()])
}
fn duid_uuid() -> Vec<u8> {
    cat(&[vec![0, 4], (0..16u8).collect()])
}

fn ia_addr(a: &str, pl: u32, vl: u32, sub: &[Vec<u8>]) -> Vec<u8> {
    opt(5, &cat(&[addr(a).to_vec(), u32s(&[pl, vl]), cat(sub)]))
}
fn ia_na(iaid: u32, t1: u32, t2: u32, sub: &[Vec<u8>]) -> Vec<u8> {
    opt(3, &cat(&[u32s(&[iaid, t1, t2]), cat(sub)]))
}
fn ia_pd(iaid: u32, t1: u32, t2: u32, sub: &[Vec<u8>]) -> Vec<u8> {
    opt(25, &cat(&[u32s(&[iaid, t1, t2]), cat(sub)]))
}
fn ia_prefix(p: &str, len: u8, pl: u32, vl: u32, sub: &[Vec<u8>]) -> Vec<u8> {
    opt(
        26,
        &cat(&[u32s(&[pl, vl]), vec![len], addr(p).to_vec(), cat(sub)]),
    )
}
fn status(code: u16, text: &str) -> Vec<u8> {
    opt(
        13,
        &cat(&[code.to_be_bytes().to_vec(), text.as_bytes().to_vec()]),
    )
}
fn name(labels: &[&str]) -> Vec<u8> {
    let mut v = Vec::new();
    for l in labels {
        v.push(l.len() as u8);
        v.extend_from_slice(l.as_bytes());
    }
    v.push(0);
    v
}
fn codes(c: &[u16]) -> Vec<u8> {
    c.iter().flat_map(|x| x.to_be_bytes()).collect()
}
fn addrs(list: &[&str]) -> Vec<u8> {
    list.iter().flat_map(|a| addr(a)).collect()
}

/// The messages, each with where it goes and a note.
#[allow(clippy::vec_init_then_push)] // one push per message, each with its comment
fn messages() -> Vec<(&'static str, bool, Vec<u8>)> {
    let mut v: Vec<(&'static str, bool, Vec<u8>)> = Vec::new();
    // (note, from client?, message)
    v.push((
        "solicit: DUID-LLT, ORO, elapsed time, IA_NA, IA_PD, rapid commit, classes",
        true,
        msg(
            1,
            0x00e4a4a3,
            &[
                opt(1, &duid_llt()),
                opt(6, &codes(&[23, 24, 56, 64, 59, 136, 31, 21, 22, 999])),
                opt(8, &[0, 0]),
                ia_na(1, 0, 0, &[]),
                ia_pd(2, 3600, 5400, &[]),
                opt(14, &[]),
                opt(15, b"\x00\x04user"),
                opt(16, b"\x00\x00\x7e\xd9\x00\x05class"),
                opt(17, b"\x00\x00\x7e\xd9\x00\x01\x00\x02hi"),
                opt(20, &[]),
            ],
        ),
    ));
    v.push((
        "advertise: DUID-EN, IA_NA with address and status, preference, DNS, search list, SIP, NTP, AFTR, time zones, MUD URL",
        false,
        msg(
            2,
            0x00e4a4a3,
            &[
                ia_na(1, 1800, 2880, &[ia_addr("2001:db8:78::100", 3600, 7200, &[status(0, "ok")])]),
                opt(2, &duid_en()),
                opt(1, &duid_llt()),
                opt(7, &[255]),
                opt(12, &addr("2001:db8:78::1")),
                opt(23, &addrs(&["2001:db8:78::53", "2001:db8:78::54"])),
                opt(24, &cat(&[name(&["example", "com"]), name(&["lab", "example", "org"])])),
                opt(21, &cat(&[name(&["sip", "example", "com"]), name(&[])])),
                opt(22, &addrs(&["2001:db8:78::5060"])),
                opt(31, &addrs(&["2001:db8:78::123"])),
                opt(
                    56,
                    &cat(&[
                        opt(1, &addr("2001:db8:78::123")),
                        opt(2, &addr("ff05::101")),
                        opt(3, &name(&["ntp", "example", "com"])),
                    ]),
                ),
                opt(64, &name(&["aftr", "example", "net"])),
                opt(41, b"CET-1CEST,M3.5.0,M10.5.0/3"),
                opt(42, b"Europe/Brussels"),
                opt(112, b"https://mud.example.com/device\0junk"),
                opt(32, &u32s(&[86400])),
                status(0, "all addresses available"),
            ],
        ),
    ));
    v.push((
        "request: DUID-LL, IA_PD with a prefix and its status, IA_TA with an address",
        true,
        msg(
            3,
            0x0012b08a,
            &[
                opt(1, &duid_ll()),
                opt(2, &duid_en()),
                ia_pd(
                    2,
                    3600,
                    5400,
                    &[ia_prefix(
                        "2001:db8:7800::",
                        56,
                        4500,
                        7200,
                        &[status(6, "")],
                    )],
                ),
                opt(
                    4,
                    &cat(&[
                        u32s(&[3]),
                        ia_addr("2001:db8:78::dead:beef", 4500, 7200, &[]),
                    ]),
                ),
                opt(8, &[0x01, 0x2c]),
            ],
        ),
    ));
    v.push((
        "reply: DUID-UUID, status codes 1-10 and unknown, NIS, BCMCS, PANA, opaque options",
        false,
        msg(
            7,
            0x0012b08a,
            &[
                opt(1, &duid_uuid()),
                ia_na(
                    1,
                    0,
                    0,
                    &[
                        status(1, "x"),
                        status(2, ""),
                        status(3, ""),
                        status(4, ""),
                        status(5, ""),
                        status(7, ""),
                        status(8, ""),
                        status(9, ""),
                        status(10, ""),
                        status(11, ""),
                        status(255, ""),
                        status(256, ""),
                    ],
                ),
                opt(27, &addrs(&["2001:db8:78::27"])),
                opt(28, &addrs(&["2001:db8:78::28", "::1.2.3.4"])),
                opt(29, &name(&["nis", "example"])),
                opt(30, &name(&["nisplus", "example"])),
                opt(33, &name(&["bcmcs", "example"])),
                opt(34, &addrs(&["2001:db8:78::34"])),
                opt(40, &addrs(&["2001:db8:78::40"])),
                opt(36, b"\x00US\x01\x02CA"),
                opt(39, b"\x01\x04host\x07example\x00"),
                opt(99, b"unknown option 99"),
            ],
        ),
    ));
    for (t, note) in [
        (4, "confirm"),
        (5, "renew"),
        (6, "rebind"),
        (8, "release"),
        (9, "decline"),
        (11, "information request"),
        (99, "message type 99"),
    ] {
        v.push((
            note,
            true,
            msg(
                t,
                0x00abcdef,
                &[
                    opt(1, &duid_llt()),
                    ia_na(1, 0, 0, &[ia_addr("2001:db8:78::100", 0, 0, &[])]),
                ],
            ),
        ));
    }
    for (r, note) in [
        (5u8, "reconfigure for renew"),
        (11, "reconfigure for inf-req"),
        (7, "reconfigure for 7"),
    ] {
        v.push((
            note,
            false,
            msg(10, 0, &[opt(2, &duid_en()), opt(19, &[r])]),
        ));
    }
    v.push((
        "authentication: delayed with realm, empty, short; reconfigure key types; unknown protocol",
        false,
        msg(
            7,
            0x00010203,
            &[
                opt(
                    11,
                    &cat(&[
                        vec![2, 1, 0],
                        u32s(&[0, 7]),
                        b"realm".to_vec(),
                        u32s(&[0x1234, 1, 2, 3, 4]),
                    ]),
                ),
                opt(11, &cat(&[vec![2, 1, 0], u32s(&[0, 8])])),
                opt(11, &cat(&[vec![2, 1, 0], u32s(&[0, 9]), vec![1, 2, 3]])),
                opt(
                    11,
                    &cat(&[vec![3, 1, 0], u32s(&[0, 10]), vec![1], u32s(&[5, 6, 7, 8])]),
                ),
                opt(
                    11,
                    &cat(&[vec![3, 1, 0], u32s(&[0, 11]), vec![2], u32s(&[5, 6, 7, 8])]),
                ),
                opt(
                    11,
                    &cat(&[vec![3, 1, 0], u32s(&[0, 12]), vec![9], u32s(&[5, 6, 7, 8])]),
                ),
                opt(11, &cat(&[vec![3, 2, 1], u32s(&[0, 13]), vec![1]])),
                opt(11, &cat(&[vec![4, 2, 1], u32s(&[0xffff_ffff, 14])])),
                opt(11, &[2, 1, 0, 0, 0]),
            ],
        ),
    ));
    v.push((
        "leasequery by address with an IA_ADDR, by client id, type 3",
        true,
        msg(
            14,
            0x00777777,
            &[
                opt(
                    44,
                    &cat(&[
                        vec![1],
                        addr("2001:db8:78::1").to_vec(),
                        ia_addr("2001:db8:78::100", 0, 0, &[]),
                    ]),
                ),
                opt(
                    44,
                    &cat(&[vec![2], addr("::").to_vec(), opt(1, &duid_llt())]),
                ),
                opt(44, &cat(&[vec![3], addr("::").to_vec()])),
            ],
        ),
    ));
    v.push((
        "leasequery reply: client data, client last transaction time, relay data, client link",
        false,
        msg(
            15,
            0x00777777,
            &[
                opt(
                    45,
                    &cat(&[
                        opt(1, &duid_llt()),
                        ia_addr("2001:db8:78::100", 1, 2, &[]),
                        opt(46, &u32s(&[600])),
                    ]),
                ),
                opt(45, &[]),
                opt(
                    47,
                    &cat(&[addr("fe80::1").to_vec(), b"relay message bytes".to_vec()]),
                ),
                opt(47, &addr("fe80::2")),
                opt(48, &addrs(&["2001:db8:78::", "2001:db8:79::"])),
            ],
        ),
    ));
    let inner = msg(1, 0x00313233, &[opt(1, &duid_llt()), opt(8, &[0, 5])]);
    v.push((
        "relay-forward: interface id, remote id, subscriber id, the relayed solicit",
        true,
        relay(
            12,
            0,
            "2001:db8:78::1",
            "fe80::200:ff:fe78:2",
            &[
                opt(18, b"eth0.100/port-7/vlan"),
                opt(37, &cat(&[u32s(&[3561]), b"remote-agent-id-long".to_vec()])),
                opt(38, b"sub"),
                opt(9, &inner),
            ],
        ),
    ));
    let adv = msg(2, 0x00313233, &[opt(2, &duid_en()), opt(7, &[10])]);
    let inner_relay = relay(
        13,
        0,
        "2001:db8:78::1",
        "fe80::200:ff:fe78:2",
        &[opt(18, b"p7"), opt(9, &adv)],
    );
    v.push((
        "relay-reply holding a relay-reply holding an advertise",
        false,
        relay(
            13,
            1,
            "::",
            "fe80::1",
            &[opt(9, &inner_relay), opt(18, b"outer")],
        ),
    ));
    v.push((
        "relay-forward whose relayed message is 3 bytes",
        true,
        relay(
            12,
            0,
            "::",
            "fe80::1",
            &[opt(9, &[1, 0, 0]), opt(18, b"after")],
        ),
    ));
    v.push((
        "relay-forward whose relayed relay-forward is too short for its addresses",
        true,
        relay(
            12,
            1,
            "::",
            "fe80::1",
            &[opt(9, &[12, 0, 0x20, 1, 0x0d, 0xb8])],
        ),
    ));
    // Malformed lengths: tcpdump answers " ?".
    v.push((
        "malformed lengths: DUIDs, IA_ADDR, ORO, preference, elapsed time, addresses, status, IAs, prefix, times",
        false,
        msg(
            7,
            0x00bad000,
            &[
                opt(1, &[0]),
                opt(1, &[0, 1, 0, 1, 0, 0]),
                opt(2, &[0, 2, 0, 0, 0, 9, 1, 2, 3]),
                opt(2, &[0, 3, 0]),
                opt(2, &[0, 5]),
                opt(5, &[0; 20]),
                opt(6, &[0, 23, 0]),
                opt(7, &[1, 2]),
                opt(8, &[0, 0, 1]),
                opt(23, &[0; 15]),
                opt(13, &[0]),
                opt(3, &[0; 8]),
                opt(4, &[0; 2]),
                opt(25, &[0; 11]),
                opt(26, &[0; 24]),
                opt(32, &[0; 3]),
                opt(46, &[0; 5]),
                opt(37, &[0; 3]),
                opt(44, &[0; 16]),
                opt(47, &[0; 15]),
                opt(56, &[0; 3]),
                opt(64, &[3, b'a', b'b']),
                opt(41, b"CET"),
                opt(19, &[5, 5]),
                opt(11, &[2, 1, 0, 0, 0, 0, 0, 0, 0, 0]),
            ],
        ),
    ));
    v.push((
        "NTP server sub-options: short address, unknown code, one running past the option",
        false,
        msg(
            7,
            0x00bad001,
            &[
                opt(
                    56,
                    &cat(&[opt(1, &[0; 8]), opt(9, &[1]), opt(2, &addr("ff02::101"))]),
                ),
                opt(56, &cat(&[opt(1, &addr("::1")), vec![0, 3, 0, 9, 3]])),
                opt(23, &addrs(&["2001:db8::1"])),
            ],
        ),
    ));
    v.push((
        "AFTR names: label overrunning the option, name without its root label",
        false,
        msg(
            7,
            0x00bad002,
            &[
                opt(64, &[4, b'a', b'f', b't', b'r', 9, b'x', b'y']),
                opt(64, &[4, b'a', b'f', b't', b'r', 3, b'n', b'e', b't']),
            ],
        ),
    ));
    v.push((
        "search lists: root name, bad label type, unknown extended label, a compression pointer",
        false,
        msg(
            7,
            0x00bad003,
            &[
                opt(24, &[0]),
                opt(24, &cat(&[name(&["ok"]), vec![0x80, 0]])),
                opt(24, &[0x42, 0]),
                opt(24, &[1, b'a', 0xc0, 0x00]),
                opt(23, &addrs(&["2001:db8::2"])),
            ],
        ),
    ));
    v.push((
        "search list whose last name runs into the next option",
        false,
        msg(
            7,
            0x00bad004,
            &[opt(24, b"\x03abc\x03def"), opt(8, &[0, 1])],
        ),
    ));
    v.push((
        "option list ending inside an option header and an option running past the message",
        false,
        cat(&[
            msg(7, 0x00bad005, &[opt(8, &[0, 1])]),
            vec![0, 23, 0, 32, 1, 2, 3],
        ]),
    ));
    v.push(("message of 3 bytes", true, vec![1, 0, 0]));
    v
}

pub fn dhcpv6_forms() -> Vec<Frame> {
    let mut v = Vec::new();
    for (note, from_client, m) in messages() {
        let f = if from_client {
            ip6_udp(CLIENT_LL, ALL_SERVERS, 546, 547, 1, &m)
        } else {
            ip6_udp(SERVER_LL, CLIENT_LL, 547, 546, 64, &m)
        };
        v.push(Frame::new(note, f));
    }
    // Cut by a snapshot length: in the header, in an option, in a nested
    // IA, in a relay's addresses and in its relayed message.
    let all = messages();
    let pick = |i: usize| all.get(i).map(|(_, c, m)| (*c, m.clone()));
    let cuts = [
        (1usize, 64usize, "advertise cut in the header"),
        (1, 100, "advertise cut inside the IA_NA"),
        (1, 200, "advertise cut in the search list"),
        (0, 90, "solicit cut in the option request"),
        (17, 70, "relay-forward cut in the link address"),
        (17, 150, "relay-forward cut in the relayed message"),
    ];
    for (i, cut, note) in cuts {
        if let Some((from_client, m)) = pick(i) {
            let f = if from_client {
                ip6_udp(CLIENT_LL, ALL_SERVERS, 546, 547, 1, &m)
            } else {
                ip6_udp(SERVER_LL, CLIENT_LL, 547, 546, 64, &m)
            };
            v.push(Frame::snapped(note, f, cut));
        }
    }
    v
}
