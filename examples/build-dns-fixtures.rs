//! Builds `fixtures/dns-built.pcap`: DNS messages a real resolver and
//! server in two namespaces do not easily produce — record types dnsmasq
//! does not serve (NAPTR, CAA, URI, DS, DNSKEY, RRSIG, NSEC, NSEC3, TSIG,
//! A6, UNSPECA, HINFO, SSHFP, DNAME), every EDNS option tcpdump decodes
//! (valid and invalid), every RCODE including extended ones, opcodes and
//! odd header bits, compression pointers that loop, point forwards or out
//! of the capture, bad and extended label types, over-long names, mDNS
//! class bits, LLMNR, DNS over TCP with good, wrong and cut length
//! prefixes, and messages cut by a short snapshot length.
//!
//! Run: `cargo run --example build-dns-fixtures [OUT]` (default
//! `fixtures/dns-built.pcap`). The output is deterministic: fixed time
//! stamps, addresses, ports and IDs.

use std::fs;
use std::net::Ipv4Addr;

const CLIENT_MAC: [u8; 6] = [0x02, 0x00, 0x00, 0x00, 0xd0, 0x01];
const SERVER_MAC: [u8; 6] = [0x02, 0x00, 0x00, 0x00, 0xd0, 0x02];
const CLIENT: Ipv4Addr = Ipv4Addr::new(10, 53, 0, 2);
const SERVER: Ipv4Addr = Ipv4Addr::new(10, 53, 0, 1);
const MDNS_GROUP: Ipv4Addr = Ipv4Addr::new(224, 0, 0, 251);

// ---- DNS messages ---------------------------------------------------------

/// A name in wire form: labels, then the root.
fn name(s: &str) -> Vec<u8> {
    let mut b = Vec::new();
    for l in s.split('.').filter(|l| !l.is_empty()) {
        b.push(l.len() as u8);
        b.extend_from_slice(l.as_bytes());
    }
    b.push(0);
    b
}

/// A compression pointer to `off`.
fn ptr(off: u16) -> Vec<u8> {
    (0xc000 | off).to_be_bytes().to_vec()
}

fn header(id: u16, flags: u16, counts: [u16; 4]) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend_from_slice(&id.to_be_bytes());
    b.extend_from_slice(&flags.to_be_bytes());
    for c in counts {
        b.extend_from_slice(&c.to_be_bytes());
    }
    b
}

fn question(n: &[u8], qtype: u16, class: u16) -> Vec<u8> {
    let mut b = n.to_vec();
    b.extend_from_slice(&qtype.to_be_bytes());
    b.extend_from_slice(&class.to_be_bytes());
    b
}

fn rr(n: &[u8], rtype: u16, class: u16, ttl: u32, data: &[u8]) -> Vec<u8> {
    let mut b = n.to_vec();
    b.extend_from_slice(&rtype.to_be_bytes());
    b.extend_from_slice(&class.to_be_bytes());
    b.extend_from_slice(&ttl.to_be_bytes());
    b.extend_from_slice(&(data.len() as u16).to_be_bytes());
    b.extend_from_slice(data);
    b
}

/// An OPT record: UDP size, extended RCODE, flags, options.
fn opt(size: u16, ext_rcode: u8, flags: u16, options: &[(u16, Vec<u8>)]) -> Vec<u8> {
    let mut data = Vec::new();
    for (code, v) in options {
        data.extend_from_slice(&code.to_be_bytes());
        data.extend_from_slice(&(v.len() as u16).to_be_bytes());
        data.extend_from_slice(v);
    }
    let ttl = (u32::from(ext_rcode) << 24) | u32::from(flags);
    rr(&[0], 41, size, ttl, &data)
}

fn cat(parts: &[Vec<u8>]) -> Vec<u8> {
    parts.concat()
}

fn be16(v: u16) -> Vec<u8> {
    v.to_be_bytes().to_vec()
}

fn be32(v: u32) -> Vec<u8> {
    v.to_be_bytes().to_vec()
}

// ---- Frames -------------------------------------------------------------

fn ones_sum(data: &[u8], mut sum: u32) -> u32 {
    for c in data.chunks(2) {
        let w = match c {
            [a, b] => u16::from_be_bytes([*a, *b]),
            [a] => u16::from_be_bytes([*a, 0]),
            _ => 0,
        };
        sum += u32::from(w);
    }
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    sum
}

#[derive(Clone, Copy)]
struct Ends {
    src_mac: [u8; 6],
    dst_mac: [u8; 6],
    src: Ipv4Addr,
    dst: Ipv4Addr,
    sport: u16,
    dport: u16,
}

fn query_ends(sport: u16, dport: u16) -> Ends {
    Ends {
        src_mac: CLIENT_MAC,
        dst_mac: SERVER_MAC,
        src: CLIENT,
        dst: SERVER,
        sport,
        dport,
    }
}

fn reply_ends(sport: u16, dport: u16) -> Ends {
    Ends {
        src_mac: SERVER_MAC,
        dst_mac: CLIENT_MAC,
        src: SERVER,
        dst: CLIENT,
        sport,
        dport,
    }
}

fn ip_frame(e: &Ends, id: u16, proto: u8, mut l4: Vec<u8>, sum_at: usize) -> Vec<u8> {
    let total = (20 + l4.len()) as u16;
    let mut ip = vec![0x45, 0x00];
    ip.extend_from_slice(&total.to_be_bytes());
    ip.extend_from_slice(&id.to_be_bytes());
    ip.extend_from_slice(&[0x40, 0x00, 64, proto, 0, 0]);
    ip.extend_from_slice(&e.src.octets());
    ip.extend_from_slice(&e.dst.octets());
    let sum = !(ones_sum(&ip, 0) as u16);
    ip[10..12].copy_from_slice(&sum.to_be_bytes());

    let mut pseudo = Vec::new();
    pseudo.extend_from_slice(&e.src.octets());
    pseudo.extend_from_slice(&e.dst.octets());
    pseudo.extend_from_slice(&[0, proto]);
    pseudo.extend_from_slice(&(l4.len() as u16).to_be_bytes());
    let mut sum = !(ones_sum(&l4, ones_sum(&pseudo, 0)) as u16);
    if sum == 0 && proto == 17 {
        sum = 0xffff;
    }
    l4[sum_at..sum_at + 2].copy_from_slice(&sum.to_be_bytes());

    let mut f = Vec::new();
    f.extend_from_slice(&e.dst_mac);
    f.extend_from_slice(&e.src_mac);
    f.extend_from_slice(&[0x08, 0x00]);
    f.extend_from_slice(&ip);
    f.extend_from_slice(&l4);
    f
}

fn udp(e: &Ends, id: u16, payload: &[u8]) -> Vec<u8> {
    let mut u = Vec::new();
    u.extend_from_slice(&e.sport.to_be_bytes());
    u.extend_from_slice(&e.dport.to_be_bytes());
    u.extend_from_slice(&((8 + payload.len()) as u16).to_be_bytes());
    u.extend_from_slice(&[0, 0]);
    u.extend_from_slice(payload);
    ip_frame(e, id, 17, u, 6)
}

fn tcp(e: &Ends, id: u16, seq: u32, ack: u32, payload: &[u8]) -> Vec<u8> {
    let mut t = Vec::new();
    t.extend_from_slice(&e.sport.to_be_bytes());
    t.extend_from_slice(&e.dport.to_be_bytes());
    t.extend_from_slice(&seq.to_be_bytes());
    t.extend_from_slice(&ack.to_be_bytes());
    t.extend_from_slice(&[0x50, 0x18]); // 20-byte header, PSH|ACK
    t.extend_from_slice(&[0xfa, 0xf0, 0, 0, 0, 0]);
    t.extend_from_slice(payload);
    ip_frame(e, id, 6, t, 16)
}

/// A DNS message with its TCP length prefix.
fn framed(m: &[u8]) -> Vec<u8> {
    let mut b = be16(m.len() as u16);
    b.extend_from_slice(m);
    b
}

struct Pcap {
    out: Vec<u8>,
    secs: u32,
    count: usize,
}

impl Pcap {
    fn new() -> Pcap {
        let mut out = Vec::new();
        out.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
        out.extend_from_slice(&2u16.to_le_bytes());
        out.extend_from_slice(&4u16.to_le_bytes());
        out.extend_from_slice(&0i32.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&262_144u32.to_le_bytes());
        out.extend_from_slice(&1u32.to_le_bytes()); // LINKTYPE_ETHERNET
        Pcap {
            out,
            // 2026-01-01 00:00:00 UTC.
            secs: 1_767_225_600,
            count: 0,
        }
    }

    /// Adds a frame, of which only `caplen` bytes were captured.
    fn add_cut(&mut self, f: &[u8], caplen: usize, what: &str) {
        let caplen = caplen.min(f.len());
        self.secs += 1;
        self.count += 1;
        self.out.extend_from_slice(&self.secs.to_le_bytes());
        self.out.extend_from_slice(&0u32.to_le_bytes());
        self.out.extend_from_slice(&(caplen as u32).to_le_bytes());
        self.out.extend_from_slice(&(f.len() as u32).to_le_bytes());
        self.out.extend_from_slice(&f[..caplen]);
        println!("{:3} {caplen}/{} {what}", self.count, f.len());
    }

    fn add(&mut self, f: &[u8], what: &str) {
        self.add_cut(f, f.len(), what);
    }
}

fn main() -> std::io::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "fixtures/dns-built.pcap".to_string());
    let mut p = Pcap::new();
    let mut ip_id = 0x5300u16;
    let mut next_id = || {
        ip_id += 1;
        ip_id
    };
    let q = query_ends(40000, 53);
    let r = reply_ends(53, 40000);

    // A query with every EDNS option tcpdump decodes, valid forms.
    let opts = vec![
        (8, cat(&[be16(1), vec![24, 0], vec![192, 0, 2]])), // ECS 192.0.2.0/24/0
        (
            8,
            cat(&[be16(2), vec![56, 0], vec![0x20, 1, 0xd, 0xb8, 0, 0, 0x12]]),
        ),
        (10, vec![1, 2, 3, 4, 5, 6, 7, 8]),
        (11, be16(1234)),
        (9, be32(86400)),
        (12, vec![0; 5]),
        (14, cat(&[be16(20326), be16(19036)])),
        (5, vec![8, 10, 13, 15, 99]),
        (6, vec![1, 2, 3, 4, 9]),
        (7, vec![1, 2]),
        (3, b"ns1".to_vec()),
        (13, name("example.")),
        (1, vec![0, 1, 0, 1]),
        (16, vec![]),
        (65001, vec![0xde, 0xad]),
    ];
    let m = cat(&[
        header(0x1001, 0x0130, [1, 0, 0, 1]),
        question(&name("www.example."), 1, 1),
        opt(1232, 0, 0x8000, &opts),
    ]);
    p.add(
        &udp(&q, next_id(), &m),
        "query, every EDNS option, DO, AD and CD",
    );

    // The same options in invalid forms.
    let bad = vec![
        (8, vec![0, 1, 24]),                                    // too short
        (8, cat(&[be16(3), vec![8, 0], vec![10]])),             // family 3
        (8, cat(&[be16(1), vec![33, 0], vec![1, 2, 3, 4, 5]])), // too long
        (8, cat(&[be16(1), vec![16, 0], vec![10]])),            // prefix/len mismatch
        (10, vec![1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),              // 10 bytes
        (10, vec![7; 24]),                                      // client + server
        (11, vec![1]),
        (9, vec![1, 2]),
        (14, vec![1, 2, 3]),
        (12, vec![]),
    ];
    let m = cat(&[
        header(0x1002, 0x0100, [1, 0, 0, 1]),
        question(&name("bad.example."), 16, 1),
        opt(4096, 0, 0, &bad),
    ]);
    p.add(&udp(&q, next_id(), &m), "query, invalid EDNS options");

    // A response with record types dnsmasq does not serve.
    let qn = name("odd.example.");
    let owner = ptr(12);
    let naptr = cat(&[
        be16(100),
        be16(10),
        vec![1, b'U', 7],
        b"E2U+sip".to_vec(),
        vec![0],
        name("sip.example."),
    ]);
    let caa = cat(&[vec![0, 5], b"issue".to_vec(), b"ca.example".to_vec()]);
    let uri = cat(&[be16(10), be16(1), b"https://www.example/".to_vec()]);
    let ds = cat(&[be16(20326), vec![8, 2], vec![0xab; 32]]);
    let dnskey = cat(&[
        be16(257),
        vec![3, 8],
        vec![0x03, 0x01, 0x00, 0x01, 0xaa, 0xbb],
    ]);
    let rrsig = cat(&[
        be16(1),
        vec![8, 2],
        be32(3600),
        be32(1_800_000_000),
        be32(1_700_000_000),
        be16(20326),
        name("example."),
        vec![0x5a; 16],
    ]);
    let nsec = cat(&[name("zzz.example."), vec![0, 6, 0x40, 0x01, 0, 0, 0, 0x03]]);
    let nsec3 = cat(&[
        vec![1, 0],
        be16(10),
        vec![4, 0xaa, 0xbb, 0xcc, 0xdd],
        vec![20],
        vec![0x11; 20],
        vec![0, 1, 0x40],
    ]);
    let tsig = cat(&[
        name("hmac-sha256."),
        vec![0, 0, 0x65, 0x5f, 0x1a, 0x00],
        be16(300),
        be16(4),
        vec![1, 2, 3, 4],
        be16(0x1003),
        be16(0),
        be16(0),
    ]);
    let soa = cat(&[
        name("ns1.example."),
        name("hostmaster.example."),
        be32(2026010101),
        be32(7200),
        be32(3600),
        be32(1209600),
        be32(300),
    ]);
    let mx = cat(&[be16(10), name("mail.example.")]);
    let srv = cat(&[be16(0), be16(5), be16(5060), name("sip.example.")]);
    let txt = cat(&[
        vec![5],
        b"hello".to_vec(),
        vec![0],
        vec![6],
        vec![b'a', 0x01, b'"', 0x7f, 0xe9, b'z'],
    ]);
    let hinfo = cat(&[vec![3], b"x86".to_vec(), vec![5], b"Linux".to_vec()]);
    let a6_0 = cat(&[
        vec![0],
        vec![0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
    ]);
    let a6_64 = cat(&[
        vec![64],
        vec![0, 0, 0, 0, 0, 0, 0, 2],
        name("prefix.example."),
    ]);
    let a6_128 = cat(&[vec![128], name("prefix.example.")]);
    let a6_bad = vec![200];
    let records = [
        rr(&owner, 35, 1, 60, &naptr),
        rr(&owner, 257, 1, 60, &caa),
        rr(&owner, 256, 1, 60, &uri),
        rr(&owner, 43, 1, 3600, &ds),
        rr(&owner, 48, 1, 86400, &dnskey),
        rr(&owner, 46, 1, 86400, &rrsig),
        rr(&owner, 47, 1, 300, &nsec),
        rr(&owner, 50, 1, 300, &nsec3),
        rr(&owner, 44, 1, 300, &[1, 1, 0xaa, 0xbb]),
        rr(&owner, 13, 1, 300, &hinfo),
        rr(&owner, 6, 1, 3661, &soa),
        rr(&owner, 15, 1, 90061, &mx),
        rr(&owner, 33, 1, 31_626_061, &srv),
        rr(&owner, 16, 1, 0, &txt),
        rr(&owner, 38, 1, 60, &a6_0),
        rr(&owner, 38, 1, 60, &a6_64),
        rr(&owner, 38, 1, 60, &a6_128),
        rr(&owner, 38, 1, 60, &a6_bad),
        rr(&owner, 104, 1, 60, b"plain text"),
        rr(&owner, 39, 1, 60, &name("other.example.")),
        rr(
            &owner,
            28,
            1,
            60,
            &[0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x53],
        ),
        rr(&owner, 1, 3, 60, &[10, 0, 0, 1]),
        rr(&owner, 1, 4, 60, &[10, 0, 0, 2]),
        rr(&owner, 1, 255, 60, &[10, 0, 0, 3]),
        rr(&owner, 1, 42, 60, &[10, 0, 0, 4]),
        rr(&owner, 99, 1, 60, b"\x04spf1"),
        rr(&owner, 65280, 1, 60, &[1, 2, 3]),
    ];
    let mut m = cat(&[
        header(0x1003, 0x8580, [1, records.len() as u16, 0, 2]),
        question(&qn, 255, 1),
    ]);
    for r in &records {
        m.extend_from_slice(r);
    }
    m.extend_from_slice(&rr(&name("key.example."), 250, 255, 0, &tsig));
    m.extend_from_slice(&opt(1232, 0, 0x8000, &[(10, vec![9; 16])]));
    let odd = udp(&r, next_id(), &m);
    p.add(&odd, "response, odd record types, classes and TTLs, TSIG");
    // The same response cut by the capture inside several records.
    for cut in [60, 75, 100, 150, 260, 380, 520, 700] {
        p.add_cut(
            &odd,
            cut,
            "the odd-types response cut by the snapshot length",
        );
    }

    // Every RCODE in the header, and extended ones through OPT.
    for rc in 0..16u16 {
        let m = header(0x2000 + rc, 0x8180 | rc, [0, 0, 0, 0]);
        p.add(
            &udp(&r, next_id(), &m),
            "header-only response, RCODE in the header",
        );
    }
    for (ext, rc) in [(1u8, 0u16), (1, 1), (1, 5), (1, 7), (1, 8), (255, 15)] {
        let m = cat(&[
            header(0x2100 + u16::from(ext) + rc, 0x8100 | rc, [0, 0, 0, 1]),
            opt(512, ext, 0, &[]),
        ]);
        p.add(&udp(&r, next_id(), &m), "response, extended RCODE via OPT");
    }

    // Opcodes and header bits in queries and responses.
    for (flags, counts) in [
        (0x0800u16, [0u16, 1, 0, 0]), // IQUERY, one answer
        (0x0800, [2, 2, 0, 0]),       // IQUERY, odd counts
        (0x1000, [1, 0, 0, 0]),       // STATUS
        (0x2100, [1, 0, 1, 0]),       // NOTIFY
        (0x2800, [1, 1, 1, 1]),       // UPDATE with counts
        (0x7800, [0, 0, 0, 0]),       // opcode 15, no question
        (0x01cf, [1, 0, 0, 0]),       // odd bits in a query
        (0xfe00, [1, 0, 0, 0]),       // opcode 15 response, AA, TC
    ] {
        let mut m = header(0x3000 + flags % 0x100, flags, counts);
        for _ in 0..counts[0] {
            m.extend_from_slice(&question(&name("op.example."), 1, 1));
        }
        for _ in 0..counts[1] + counts[2] + counts[3] {
            m.extend_from_slice(&rr(&name("op.example."), 1, 1, 60, &[10, 0, 0, 9]));
        }
        let e = if flags & 0x8000 != 0 { r } else { q };
        p.add(&udp(&e, next_id(), &m), "opcodes and header bits");
    }

    // Several questions in a query and in a response.
    let m = cat(&[
        header(0x3100, 0x0100, [3, 0, 0, 0]),
        question(&name("one.example."), 1, 1),
        question(&ptr(12), 28, 1),
        question(&name("two.example."), 15, 3),
    ]);
    p.add(&udp(&q, next_id(), &m), "query with three questions");
    let m = cat(&[
        header(0x3100, 0x8180, [2, 1, 0, 0]),
        question(&name("one.example."), 1, 1),
        question(&ptr(12), 28, 1),
        rr(&ptr(12), 1, 1, 60, &[10, 0, 0, 1]),
    ]);
    p.add(&udp(&r, next_id(), &m), "response with two questions");

    // Compression pointers and labels gone wrong.
    let loops: [(&str, Vec<u8>); 5] = [
        ("pointer to itself", ptr(12)),
        (
            "pointer forwards",
            cat(&[vec![1, b'a'], ptr(40), vec![0, 0, 0, 0, 0, 0, 0, 0]]),
        ),
        (
            "pointer past the message",
            cat(&[vec![1, b'a'], ptr(0x3fff)]),
        ),
        (
            "two pointers in a loop",
            cat(&[vec![1, b'a'], ptr(16), vec![1, b'b'], ptr(12)]),
        ),
        (
            "pointer to a pointer to itself",
            cat(&[vec![1, b'a'], ptr(14), ptr(12)]),
        ),
    ];
    for (what, n) in loops.iter() {
        let m = cat(&[
            header(0x4000, 0x0100, [1, 0, 0, 0]),
            n.clone(),
            vec![0, 1, 0, 1],
        ]);
        p.add(&udp(&q, next_id(), &m), &format!("query name: {what}"));
    }
    // Label types in CNAME data, printed at every verbosity.
    let labels: [(&str, Vec<u8>); 6] = [
        ("reserved label type", vec![1, b'a', 0x80, b'x', 0]),
        ("extended label type", vec![1, b'a', 0x42, 0]),
        ("bit-string label", vec![0x41, 12, 0xab, 0xcd, 0]),
        (
            "bit-string labels, odd lengths",
            vec![
                0x41, 3, 0xe0, 0x41, 7, 0xfe, 0x41, 0, 0x5a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x11, 0,
            ],
        ),
        (
            "bit-string label, value past the data",
            vec![0x41, 64, 1, 2],
        ),
        ("label past the data", vec![9, b'a', b'b']),
    ];
    for (what, n) in labels.iter() {
        let m = cat(&[
            header(0x4010, 0x8180, [0, 1, 0, 0]),
            rr(&name("l.example."), 5, 1, 60, n),
        ]);
        p.add(&udp(&r, next_id(), &m), &format!("CNAME data: {what}"));
    }
    // A response whose answer owner is a chain of pointers, each backwards.
    let m = cat(&[
        header(0x4011, 0x8180, [0, 2, 0, 0]),
        rr(&name("x.example."), 1, 1, 60, &[10, 0, 0, 1]),
        rr(&cat(&[vec![1, b'y'], ptr(12)]), 1, 1, 60, &[10, 0, 0, 2]),
    ]);
    let mut m2 = m.clone();
    m2.extend_from_slice(&rr(
        &cat(&[vec![1, b'z'], ptr(37)]),
        1,
        1,
        60,
        &[10, 0, 0, 3],
    ));
    m2[7] = 3;
    p.add(
        &udp(&r, next_id(), &m2),
        "response, owner names through pointer chains",
    );
    // A response whose answer owner and data names go wrong.
    let m = cat(&[
        header(0x4001, 0x8180, [1, 3, 0, 0]),
        question(&name("ok.example."), 1, 1),
        rr(&ptr(12), 5, 1, 60, &ptr(200)),
        rr(&ptr(12), 5, 1, 60, &[0x80, 0]),
        rr(&ptr(12), 1, 1, 60, &[10, 0, 0, 1]),
    ]);
    p.add(
        &udp(&r, next_id(), &m),
        "response, CNAME data with a bad pointer",
    );
    let m = cat(&[
        header(0x4002, 0x8180, [0, 2, 0, 0]),
        rr(&ptr(0x100), 1, 1, 60, &[10, 0, 0, 1]),
        rr(&name("fine.example."), 1, 1, 60, &[10, 0, 0, 2]),
    ]);
    p.add(
        &udp(&r, next_id(), &m),
        "response, answer owner with a bad pointer",
    );
    // Names longer than 255 characters.
    let long: String = (0..6)
        .map(|k| format!("{}.", char::from(b'a' + k).to_string().repeat(60)))
        .collect();
    let m = cat(&[
        header(0x4003, 0x0100, [1, 0, 0, 0]),
        question(&name(&long), 1, 1),
    ]);
    p.add(&udp(&q, next_id(), &m), "query for a 366-character name");
    // Short and cut messages.
    p.add(
        &udp(&q, next_id(), &[0x12, 0x34, 1, 0, 0]),
        "5-byte DNS payload",
    );
    let m = cat(&[
        header(0x4004, 0x0100, [1, 0, 0, 0]),
        question(&name("cut.example."), 1, 1),
    ]);
    let f = udp(&q, next_id(), &m);
    for cut in [45, 53, 55, 60, 70] {
        p.add_cut(&f, cut, "query cut by the snapshot length");
    }
    // Counts larger than the message.
    let m = cat(&[
        header(0x4005, 0x8180, [1, 5, 3, 2]),
        question(&name("few.example."), 1, 1),
        rr(&ptr(12), 1, 1, 60, &[10, 0, 0, 1]),
    ]);
    p.add(
        &udp(&r, next_id(), &m),
        "response claiming more records than it holds",
    );
    // An A record with a short data length; TXT running past its data.
    let m = cat(&[
        header(0x4006, 0x8180, [0, 2, 0, 0]),
        rr(&name("short.example."), 1, 1, 60, &[10, 0]),
        rr(&ptr(12), 16, 1, 60, &[9, b'a', b'b']),
    ]);
    p.add(
        &udp(&r, next_id(), &m),
        "response, records whose data lengths disagree",
    );
    // URI with a data length under four.
    let m = cat(&[
        header(0x4007, 0x8180, [0, 1, 0, 0]),
        rr(&name("u.example."), 256, 1, 60, &[0, 1]),
    ]);
    p.add(
        &udp(&r, next_id(), &m),
        "response, URI with two bytes of data",
    );

    // mDNS: a QU and a QM question, a response with cache-flush records.
    let mq = Ends {
        dst_mac: [0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb],
        dst: MDNS_GROUP,
        ..query_ends(5353, 5353)
    };
    let m = cat(&[
        header(0, 0, [2, 0, 0, 0]),
        question(&name("printer.local."), 12, 0x8001),
        question(&name("_ipp._tcp.local."), 12, 1),
    ]);
    p.add(&udp(&mq, next_id(), &m), "mDNS query, QU and QM");
    let mr = Ends {
        dst_mac: [0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb],
        dst: MDNS_GROUP,
        ..reply_ends(5353, 5353)
    };
    let m = cat(&[
        header(0, 0x8400, [0, 2, 0, 1]),
        rr(&name("printer.local."), 1, 0x8001, 120, &[10, 53, 0, 1]),
        rr(
            &name("_ipp._tcp.local."),
            12,
            1,
            4500,
            &cat(&[vec![7], b"printer".to_vec(), ptr(12)]),
        ),
        rr(
            &ptr(12),
            47,
            0x8001,
            120,
            &cat(&[ptr(12), vec![0, 1, 0x40]]),
        ),
    ]);
    p.add(&udp(&mr, next_id(), &m), "mDNS response, cache flush");
    // LLMNR (tcpdump 4.99.3 does not decode it).
    let m = cat(&[
        header(0x5355, 0, [1, 0, 0, 0]),
        question(&name("host."), 1, 1),
    ]);
    p.add(&udp(&query_ends(40001, 5355), next_id(), &m), "LLMNR query");

    // DNS over TCP.
    let tq = query_ends(40002, 53);
    let tr = reply_ends(53, 40002);
    let m = cat(&[
        header(0x6001, 0x0100, [1, 0, 0, 0]),
        question(&name("tcp.example."), 1, 1),
    ]);
    p.add(
        &tcp(&tq, next_id(), 1, 1, &framed(&m)),
        "DNS over TCP, a query",
    );
    let resp = cat(&[
        header(0x6001, 0x8180, [1, 2, 0, 0]),
        question(&name("tcp.example."), 1, 1),
        rr(&ptr(12), 1, 1, 60, &[10, 0, 0, 1]),
        rr(&ptr(12), 1, 1, 60, &[10, 0, 0, 2]),
    ]);
    let whole = framed(&resp);
    p.add(
        &tcp(&tr, next_id(), 1, 32, &whole),
        "DNS over TCP, the response",
    );
    let (a, b) = whole.split_at(20);
    p.add(
        &tcp(&tr, next_id(), 1, 32, a),
        "DNS over TCP, a response split: first part",
    );
    p.add(
        &tcp(&tr, next_id(), 21, 32, b),
        "DNS over TCP, a response split: second part",
    );
    let two = cat(&[framed(&m), framed(&m)]);
    p.add(
        &tcp(&tq, next_id(), 32, 1, &two),
        "DNS over TCP, two queries in one segment",
    );
    p.add(&tcp(&tq, next_id(), 96, 1, &[0]), "DNS over TCP, one byte");
    let f = tcp(&tq, next_id(), 97, 1, &framed(&m));
    p.add_cut(&f, 55, "DNS over TCP, prefix cut by the snapshot length");
    p.add_cut(&f, 60, "DNS over TCP, header cut by the snapshot length");
    p.add(
        &tcp(&tq, next_id(), 129, 1, &framed(&[1, 2, 3])),
        "DNS over TCP, 3-byte message",
    );

    fs::write(&path, &p.out)?;
    eprintln!("wrote {path}: {} packets", p.count);
    Ok(())
}
