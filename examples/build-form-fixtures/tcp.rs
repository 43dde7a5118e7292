//! `tcp-options.pcap`: every TCP option kind tcpdump decodes (mss, wscale,
//! sackOK, sack, echo, echoreply, TS, cc, ccnew, ccecho, md5, scps, uto,
//! tcp-ao, mptcp in each subtype, tfo, exp), unknown kinds, options whose
//! length disagrees with their kind, and broken option lists.
//!
//! `tcp-forms.pcap`: flags and the urgent pointer, bad data offsets, RST
//! segments with payload, HTTP request and response first lines, and TCP
//! checksums right and wrong.

use crate::capture::Frame;
use crate::wire::*;

/// Client and server ports of the option exchanges (iperf's, which
/// neither tcpdump nor netdecode decode further).
const CPORT: u16 = 40100;
const SPORT: u16 = 5001;
/// Initial sequence numbers.
const ISN_C: u32 = 0x1000_0000;
const ISN_S: u32 = 0x2000_0000;

fn c2s(t: Tcp, payload: &[u8], id: u16) -> Vec<u8> {
    let seg = t.build(IP_CLI, IP_SRV, payload);
    eth_ip(&Ipv4::new(IP_CLI, IP_SRV, PROTO_TCP, id).build(&seg))
}

fn s2c(t: Tcp, payload: &[u8], id: u16) -> Vec<u8> {
    let seg = t.build(IP_SRV, IP_CLI, payload);
    eth_ip_rev(&Ipv4::new(IP_SRV, IP_CLI, PROTO_TCP, id).build(&seg))
}

/// A client-to-server ACK carrying `opts`, after the handshake.
fn ack_c(opts: &[u8], id: u16) -> Vec<u8> {
    c2s(
        Tcp::new(CPORT, SPORT, ISN_C + 1, ISN_S + 1, ACK).options(opts),
        &[],
        id,
    )
}

fn ts(val: u32, ecr: u32) -> Vec<u8> {
    let mut o = vec![8, 10];
    o.extend_from_slice(&val.to_be_bytes());
    o.extend_from_slice(&ecr.to_be_bytes());
    o
}

fn sack(blocks: &[(u32, u32)]) -> Vec<u8> {
    let mut o = vec![5, (2 + 8 * blocks.len()) as u8];
    for (l, r) in blocks {
        o.extend_from_slice(&l.to_be_bytes());
        o.extend_from_slice(&r.to_be_bytes());
    }
    o
}

/// An MPTCP option: subtype in the high nibble of the third byte, `low`
/// in its low nibble, then `rest`.
fn mptcp(subtype: u8, low: u8, rest: &[u8]) -> Vec<u8> {
    let mut o = vec![30, (3 + rest.len()) as u8, (subtype << 4) | (low & 0xf)];
    o.extend_from_slice(rest);
    o
}

const NOP: u8 = 1;

pub fn options() -> Vec<Frame> {
    let mut v = Vec::new();
    let mut id = 0x300;
    let mut next = || {
        id += 1;
        id
    };

    // 1. SYN as Linux sends it: mss, sackOK, TS, nop, wscale.
    let mut o = vec![2, 4, 0x05, 0xb4, 4, 2];
    o.extend(ts(100, 0));
    o.extend([NOP, 3, 3, 7]);
    v.push(Frame::new(
        "SYN: mss 1460, sackOK, TS val 100 ecr 0, nop, wscale 7",
        c2s(
            Tcp::new(CPORT, SPORT, ISN_C, 0, SYN).options(&o),
            &[],
            next(),
        ),
    ));

    // 2. SYN-ACK: mss, nop, nop, sackOK, nop, wscale 14, nop, nop, TS.
    let mut o = vec![2, 4, 0x05, 0x78, NOP, NOP, 4, 2, NOP, 3, 3, 14, NOP, NOP];
    o.extend(ts(200, 100));
    v.push(Frame::new(
        "SYN-ACK: mss 1400, nop, nop, sackOK, nop, wscale 14, nop, nop, TS",
        s2c(
            Tcp::new(SPORT, CPORT, ISN_S, ISN_C + 1, SYN | ACK).options(&o),
            &[],
            next(),
        ),
    ));

    // 3. ACK with nop, nop, TS (relative sequence numbers from here on).
    let mut o = vec![NOP, NOP];
    o.extend(ts(101, 200));
    v.push(Frame::new("ACK: nop, nop, TS", ack_c(&o, next())));

    // 4. SACK with one block, then three blocks plus TS (40 bytes), then
    //    four blocks (the most that fit).
    let b = |l: u32, r: u32| (ISN_S + 1 + l, ISN_S + 1 + r);
    let mut o = vec![NOP, NOP];
    o.extend(sack(&[b(1449, 2897)]));
    v.push(Frame::new("ACK: nop, nop, sack 1 block", ack_c(&o, next())));
    let mut o = vec![NOP, NOP];
    o.extend(ts(102, 201));
    o.extend([NOP, NOP]);
    o.extend(sack(&[b(5793, 7241), b(2897, 4345), b(8689, 10137)]));
    v.push(Frame::new(
        "ACK: nop, nop, TS, nop, nop, sack 3 blocks (40 bytes)",
        ack_c(&o, next()),
    ));
    let mut o = vec![NOP, NOP];
    o.extend(sack(&[b(100, 200), b(300, 400), b(500, 600), (1, 2)]));
    v.push(Frame::new(
        "ACK: nop, nop, sack 4 blocks (the last one below the ISN: wraps)",
        ack_c(&o, next()),
    ));
    // The server's SACK, relative to the client's sequence numbers.
    let mut o = vec![NOP, NOP];
    o.extend(sack(&[(ISN_C + 1 + 1000, ISN_C + 1 + 2000)]));
    v.push(Frame::new(
        "server ACK: nop, nop, sack 1 block (reverse direction)",
        s2c(
            Tcp::new(SPORT, CPORT, ISN_S + 1, ISN_C + 1, ACK).options(&o),
            &[],
            next(),
        ),
    ));
    // A SACK whose length is not 2 + 8n.
    let o = [NOP, 5, 7, 0, 0, 0, 1, 0];
    v.push(Frame::new(
        "ACK: nop, sack of length 7 (invalid)",
        ack_c(&o, next()),
    ));

    // 5. RFC 1072/1644 options: echo, echoreply, cc, ccnew, ccecho.
    let mut o = Vec::new();
    for (kind, val) in [(6u8, 1u32), (7, 2), (11, 3), (12, 4), (13, 5)] {
        o.push(kind);
        o.push(6);
        o.extend_from_slice(&val.to_be_bytes());
    }
    o.extend([NOP, NOP]);
    v.push(Frame::new(
        "ACK: echo, echoreply, cc, ccnew, ccecho, nop, nop",
        ack_c(&o, next()),
    ));

    // 6. TCP MD5 signature (RFC 2385): 16 bytes of digest.
    let mut o = vec![NOP, NOP, 19, 18];
    o.extend((0u8..16).map(|i| i * 17));
    v.push(Frame::new(
        "ACK: nop, nop, md5 (16-byte digest)",
        ack_c(&o, next()),
    ));

    // 7. SCPS capabilities, user timeout in seconds and in minutes.
    let o = [20, 4, 0xa5, 9, 28, 4, 0x02, 0x58, 28, 4, 0x80, 0x03];
    v.push(Frame::new(
        "ACK: scps, uto 0x258, uto 0x8003",
        ack_c(&o, next()),
    ));

    // 8. TCP-AO (RFC 5925): key ids only, key ids and a 12-byte MAC, and a
    //    length of 3 (invalid).
    let mut o = vec![29, 4, 1, 2, 29, 16, 3, 4];
    o.extend((0u8..12).map(|i| 0xa0 + i));
    o.extend([29, 3, 5, NOP]);
    v.push(Frame::new(
        "ACK: tcp-ao without MAC, with a 12-byte MAC, of length 3",
        ack_c(&o, next()),
    ));

    // 9. TCP Fast Open (kind 34): cookie request in a SYN, a cookie in a
    //    SYN with data, an odd-length cookie.
    let o = [2, 4, 0x05, 0xb4, 34, 2, NOP, NOP];
    v.push(Frame::new(
        "SYN: mss, tfo cookie request",
        c2s(
            Tcp::new(CPORT + 1, SPORT, ISN_C, 0, SYN).options(&o),
            &[],
            next(),
        ),
    ));
    let mut o = vec![34, 10];
    o.extend([0xc0, 0x0c, 0x1e, 0x5a, 0x11, 0x22, 0x33, 0x44]);
    o.extend([NOP, NOP]);
    v.push(Frame::new(
        "SYN with 5 data bytes: tfo 8-byte cookie",
        c2s(
            Tcp::new(CPORT + 2, SPORT, ISN_C, 0, SYN).options(&o),
            b"hello",
            next(),
        ),
    ));
    let o = [34, 7, 1, 2, 3, 4, 5, NOP];
    v.push(Frame::new(
        "ACK: tfo of length 7 (invalid cookie)",
        ack_c(&o, next()),
    ));

    // 10. Experimental option 254 (RFC 6994): Fast Open magic 0xf989 with
    //     no cookie and with a cookie, another magic, and one too short
    //     for a magic.
    let o = [
        254, 4, 0xf9, 0x89, 254, 12, 0xf9, 0x89, 1, 2, 3, 4, 5, 6, 7, 8, 254, 6, 0x4e, 0x44, 0, 1,
    ];
    v.push(Frame::new(
        "SYN: exp-tfo cookiereq, exp-tfo cookie, exp-4e44",
        c2s(
            Tcp::new(CPORT + 3, SPORT, ISN_C, 0, SYN).options(&o),
            &[],
            next(),
        ),
    ));
    let o = [254, 3, 0xf9, NOP];
    v.push(Frame::new(
        "ACK: exp of length 3 (no room for the magic)",
        ack_c(&o, next()),
    ));

    // 11. Unknown kinds: 99 with data, 200 without, 253 (RFC 4727
    //     experiment), 15.
    let o = [
        99, 6, 0xde, 0xad, 0xbe, 0xef, 200, 2, 253, 4, 0x12, 0x34, 15, 3, 0x77, NOP,
    ];
    v.push(Frame::new(
        "ACK: unknown-99, unknown-200, unknown-253, unknown-15",
        ack_c(&o, next()),
    ));

    // 12. Known kinds with lengths that disagree with the kind.
    // tcpdump steps over the bytes the kind defines, not over the length
    // byte's count, so each option's surplus byte is read as the next
    // option: NOP here.
    let o = [
        2, 5, 0x05, 0xb4, NOP, 3, 4, 7, NOP, 4, 3, NOP, NOP, NOP, NOP, NOP,
    ];
    v.push(Frame::new(
        "ACK: mss of length 5, wscale of length 4, sackOK of length 3",
        ack_c(&o, next()),
    ));
    let mut o = vec![8, 12];
    o.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 2, 0xff, 0xff]);
    v.push(Frame::new("ACK: TS of length 12", ack_c(&o, next())));
    let o = [2, 2, 0x05, 0xb4];
    v.push(Frame::new(
        "ACK: mss of length 2 (reads the next 2 bytes)",
        ack_c(&o, next()),
    ));
    let o = [NOP, NOP, 2, 2];
    v.push(Frame::new(
        "ACK: nop, nop, mss of length 2 at the end (bad)",
        ack_c(&o, next()),
    ));

    // 13. Broken lists: an option length of 1, an option running past the
    //     header, EOL followed by non-zero bytes, EOL first.
    let o = [NOP, 8, 1, NOP];
    v.push(Frame::new(
        "ACK: nop, TS of length 1 (bad)",
        ack_c(&o, next()),
    ));
    let o = [NOP, NOP, 99, 12, 1, 2, 3, 4];
    v.push(Frame::new(
        "ACK: unknown-99 of length 12 in 8 bytes (bad)",
        ack_c(&o, next()),
    ));
    let o = [NOP, 0, 2, 4, 0x05, 0xb4, 0, 0];
    v.push(Frame::new(
        "ACK: nop, eol, then an mss after the end",
        ack_c(&o, next()),
    ));
    let o = [0, 1, 1, 1];
    v.push(Frame::new("ACK: eol first", ack_c(&o, next())));

    // 13b. An MD5 signature on a segment with data that the snapshot
    //      length cuts: tcpdump cannot even try to check it.
    let mut o = vec![NOP, NOP, 19, 18];
    o.extend((0u8..16).map(|i| 0xff - i));
    let f = c2s(
        Tcp::new(CPORT, SPORT, ISN_C + 1, ISN_S + 1, PSH | ACK).options(&o),
        b"signed data",
        next(),
    );
    v.push(Frame::snapped(
        "PSH|ACK with md5 and 11 data bytes, 4 captured",
        f,
        14 + 20 + 40 + 4,
    ));

    // 14. MPTCP (RFC 6824/8684), option kind 30, every subtype.
    // MP_CAPABLE: v0 SYN with the sender's key; v1 SYN (no key);
    // SYN-ACK with a key; third ACK with both keys and checksums (C);
    // v1 ACK with data-level length (22 bytes); an unknown version.
    let key_a = 0x0102_0304_0506_0708u64.to_be_bytes();
    let key_b = 0x1122_3344_5566_7788u64.to_be_bytes();
    let mp = |subtype: u8, low: u8, rest: &[u8]| mptcp(subtype, low, rest);
    let syn_c = |o: &[u8], port: u16, id: u16| {
        c2s(Tcp::new(port, SPORT, ISN_C, 0, SYN).options(o), &[], id)
    };
    let synack_s = |o: &[u8], port: u16, id: u16| {
        s2c(
            Tcp::new(SPORT, port, ISN_S, ISN_C + 1, SYN | ACK).options(o),
            &[],
            id,
        )
    };
    let ack_p = |o: &[u8], port: u16, id: u16| {
        c2s(
            Tcp::new(port, SPORT, ISN_C + 1, ISN_S + 1, ACK).options(o),
            &[],
            id,
        )
    };
    let mut o = mp(0, 0, &[[0x81].as_slice(), &key_a].concat());
    o.extend([NOP, NOP]);
    v.push(Frame::new(
        "SYN: mptcp capable v0 csum, key",
        syn_c(&o, 40200, next()),
    ));
    let o = mp(0, 1, &[0x00]);
    v.push(Frame::new(
        "SYN: mptcp capable v1, no key",
        syn_c(&o, 40201, next()),
    ));
    let mut o = mp(0, 0, &[[0x01].as_slice(), &key_b].concat());
    o.extend([NOP, NOP]);
    v.push(Frame::new(
        "SYN-ACK: mptcp capable v0, key",
        synack_s(&o, 40200, next()),
    ));
    let mut o = mp(0, 0, &[[0x81].as_slice(), &key_a, &key_b].concat());
    o.extend([NOP]);
    v.push(Frame::new(
        "ACK: mptcp capable v0 csum, both keys",
        ack_p(&o, 40200, next()),
    ));
    let mut o = mp(
        0,
        1,
        &[[0x01].as_slice(), &key_a, &key_b, &[0x05, 0xdc]].concat(),
    );
    o.extend([NOP, NOP]);
    v.push(Frame::new(
        "ACK: mptcp capable v1, both keys, data length",
        ack_p(&o, 40201, next()),
    ));
    let o = mp(0, 3, &[0x00]);
    v.push(Frame::new(
        "SYN: mptcp capable, unknown version 3",
        syn_c(&o, 40202, next()),
    ));
    let mut o = mp(0, 0, &[[0x81].as_slice(), &key_a].concat());
    o.extend([NOP, NOP]);
    v.push(Frame::new(
        "ACK: mptcp capable of length 12 without SYN (bad)",
        ack_p(&o, 40200, next()),
    ));

    // MP_JOIN: SYN (backup, token, nonce), SYN-ACK (truncated HMAC,
    // nonce), ACK (20-byte HMAC), and a join of a length that fits no
    // handshake step.
    let mut o = mp(
        1,
        1,
        &[
            [3u8].as_slice(),
            &0xdead_beefu32.to_be_bytes(),
            &0x0102_0304u32.to_be_bytes(),
        ]
        .concat(),
    );
    o.extend([NOP, NOP]);
    v.push(Frame::new(
        "SYN: mptcp join backup id 3, token, nonce",
        syn_c(&o, 40203, next()),
    ));
    let o = mp(
        1,
        0,
        &[
            [4u8].as_slice(),
            &0x0a0b_0c0d_0e0f_1011u64.to_be_bytes(),
            &0x5566_7788u32.to_be_bytes(),
        ]
        .concat(),
    );
    v.push(Frame::new(
        "SYN-ACK: mptcp join id 4, hmac, nonce",
        synack_s(&o, 40203, next()),
    ));
    let hmac: Vec<u8> = (0u8..20).map(|i| 0xf0 ^ i).collect();
    let o = mp(1, 0, &[[0u8].as_slice(), &hmac].concat());
    v.push(Frame::new(
        "ACK: mptcp join, 20-byte hmac",
        ack_p(&o, 40203, next()),
    ));
    let o = mp(1, 0, &[5, 0, 0, 0, 0]);
    v.push(Frame::new(
        "ACK: mptcp join of length 8 (bad)",
        ack_p(&o, 40203, next()),
    ));

    // DSS: data ACK (4 bytes); 8-byte data ACK with a 4-byte mapping and
    // checksum; 8-byte mapping without checksum, DATA_FIN; a DSS with no
    // ACK and no mapping; a DSS in a SYN (bad).
    let o = mp(2, 0, &[0x01, 0, 0, 0x10, 0]);
    v.push(Frame::new(
        "ACK: mptcp dss ack (4 bytes)",
        ack_p(&o, 40200, next()),
    ));
    let mut rest = vec![0x07];
    rest.extend(0x0000_0001_0000_0002u64.to_be_bytes()); // data ack
    rest.extend(1000u32.to_be_bytes()); // data sequence number
    rest.extend(1u32.to_be_bytes()); // subflow sequence number
    rest.extend(1448u16.to_be_bytes()); // data-level length
    rest.extend(0xabcdu16.to_be_bytes()); // checksum
    let o = mp(2, 0, &rest);
    v.push(Frame::new(
        "ACK: mptcp dss 8-byte ack, 4-byte seq, subseq, len, csum",
        ack_p(&o, 40200, next()),
    ));
    let mut rest = vec![0x1c];
    rest.extend(0x0000_00ff_0000_0001u64.to_be_bytes());
    rest.extend(2u32.to_be_bytes());
    rest.extend(0u16.to_be_bytes());
    let mut o = mp(2, 0, &rest);
    o.extend([NOP, NOP]);
    v.push(Frame::new(
        "ACK: mptcp dss fin, 8-byte seq, no csum",
        ack_p(&o, 40200, next()),
    ));
    let mut o = mp(2, 0, &[0x00]);
    o.extend([NOP, NOP, NOP, NOP]);
    v.push(Frame::new(
        "ACK: mptcp dss with no flags",
        ack_p(&o, 40200, next()),
    ));
    let mut o = mp(2, 0, &[0x01, 0, 0, 0, 1]);
    o.extend([NOP, NOP, NOP]);
    v.push(Frame::new(
        "SYN: mptcp dss (bad in a SYN)",
        syn_c(&o, 40204, next()),
    ));

    // ADD_ADDR: IPv4 in every length (8, 10 with port, 16 with HMAC, 18
    // with both), IPv6 in every length (20, 22, 28, 30), the echo flag,
    // v0 forms and an unknown version/echo nibble.
    let p = 8080u16.to_be_bytes();
    let h = 0x1234_5678_9abc_def0u64.to_be_bytes();
    let v6: [u8; 16] = [
        0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
    ];
    let adds: [(u8, Vec<u8>, &str); 11] = [
        (0, [[1u8].as_slice(), &IP_SRV].concat(), "v1 id 1 IPv4"),
        (
            1,
            [[2u8].as_slice(), &IP_SRV, &p].concat(),
            "v1-echo id 2 IPv4:port",
        ),
        (
            0,
            [[3u8].as_slice(), &IP_SRV, &h].concat(),
            "v1 id 3 IPv4 hmac",
        ),
        (
            0,
            [[4u8].as_slice(), &IP_SRV, &p, &h].concat(),
            "v1 id 4 IPv4:port hmac",
        ),
        (0, [[5u8].as_slice(), &v6].concat(), "v1 id 5 IPv6"),
        (0, [[6u8].as_slice(), &v6, &p].concat(), "v1 id 6 IPv6:port"),
        (0, [[7u8].as_slice(), &v6, &h].concat(), "v1 id 7 IPv6 hmac"),
        (
            0,
            [[8u8].as_slice(), &v6, &p, &h].concat(),
            "v1 id 8 IPv6:port hmac",
        ),
        (4, [[9u8].as_slice(), &IP_SRV].concat(), "v0-ip4 id 9"),
        (6, [[10u8].as_slice(), &v6].concat(), "v0-ip6 id 10"),
        (
            3,
            [[11u8].as_slice(), &IP_SRV].concat(),
            "unknown version/echo 3",
        ),
    ];
    for (low, rest, what) in adds {
        let mut o = mp(3, low, &rest);
        while o.len() % 4 != 0 {
            o.push(NOP);
        }
        v.push(Frame::new(
            format!("ACK: mptcp add-addr {what}"),
            ack_p(&o, 40200, next()),
        ));
    }
    let o = mp(3, 0, &[1, 10, 77]);
    v.push(Frame::new(
        "ACK: mptcp add-addr of length 6 (bad)",
        ack_p(&o, 40200, next()),
    ));

    // REMOVE_ADDR with one and three ids; MP_PRIO without and with an
    // address id; MP_FAIL; MP_FASTCLOSE; subtypes 8 (MP_TCPRST) and 15.
    let mut o = mp(4, 0, &[1]);
    o.extend(mp(4, 0, &[2, 3, 4]));
    o.extend([NOP, NOP]);
    v.push(Frame::new(
        "ACK: mptcp rem-addr id 1, rem-addr id 2 3 4",
        ack_p(&o, 40200, next()),
    ));
    let mut o = mp(5, 0, &[]);
    o.push(NOP);
    o.extend(mp(5, 1, &[3]));
    v.push(Frame::new(
        "ACK: mptcp prio non-backup, prio backup id 3",
        ack_p(&o, 40200, next()),
    ));
    let o = mp(
        6,
        0,
        &[[0u8].as_slice(), &0x0000_0000_0001_0000u64.to_be_bytes()].concat(),
    );
    v.push(Frame::new(
        "ACK: mptcp fail seq 65536",
        ack_p(&o, 40200, next()),
    ));
    let o = mp(7, 0, &[[0u8].as_slice(), &key_b].concat());
    v.push(Frame::new(
        "ACK|RST: mptcp fast-close key",
        c2s(
            Tcp::new(40200, SPORT, ISN_C + 1, ISN_S + 1, ACK | RST).options(&o),
            &[],
            next(),
        ),
    ));
    let o = mp(8, 0, &[0x01]);
    v.push(Frame::new(
        "ACK: mptcp subtype 8 (unknown to tcpdump)",
        ack_p(&o, 40200, next()),
    ));
    let mut o = mp(15, 0, &[]);
    o.push(NOP);
    v.push(Frame::new(
        "ACK: mptcp subtype 15",
        ack_p(&o, 40200, next()),
    ));
    let o = [30, 2, NOP, NOP];
    v.push(Frame::new(
        "ACK: mptcp of length 2 (bad)",
        ack_p(&o, 40200, next()),
    ));
    let mut rest = vec![0x07];
    rest.extend(0x0000_0001_0000_0002u64.to_be_bytes());
    rest.extend(1000u32.to_be_bytes());
    rest.extend(1u32.to_be_bytes());
    rest.extend(1448u16.to_be_bytes());
    rest.extend(0xabcdu16.to_be_bytes());
    let f = ack_p(&mp(2, 0, &rest), 40200, next());
    for cut in [14 + 20 + 20 + 2, 14 + 20 + 20 + 9, 14 + 20 + 20 + 20] {
        v.push(Frame::snapped(
            format!("ACK: mptcp dss cut after {} option bytes", cut - 54),
            f.clone(),
            cut,
        ));
    }

    // 15. Late additions (appended to keep the numbering above).
    // A SACK of length 7 whose data the capture cuts: tcpdump judges it
    // by its length byte, never reading the data.
    let f = ack_c(&[NOP, 5, 7, 0, 0, 0, 1, 0], next());
    v.push(Frame::snapped(
        "ACK: nop, sack of length 7 cut after its length byte",
        f,
        14 + 20 + 20 + 3,
    ));
    // The option area's last byte is a kind that takes a length: tcpdump
    // reads the length from the byte after the header, a payload byte
    // when there is one (then: bad option), and runs out of packet when
    // there is none.
    let o = [NOP, NOP, NOP, 8];
    v.push(Frame::new(
        "PSH|ACK: nop, nop, nop, then TS kind as the header's last byte, 3 data bytes",
        c2s(
            Tcp::new(CPORT, SPORT, ISN_C + 1, ISN_S + 1, PSH | ACK).options(&o),
            b"abc",
            next(),
        ),
    ));
    v.push(Frame::new(
        "ACK: nop, nop, nop, then TS kind as the header's last byte, no data",
        ack_c(&o, next()),
    ));
    let f = c2s(
        Tcp::new(CPORT, SPORT, ISN_C + 1, ISN_S + 1, PSH | ACK).options(&o),
        b"abc",
        next(),
    );
    v.push(Frame::snapped(
        "PSH|ACK: as above with 3 data bytes, capture ending with the header",
        f,
        14 + 20 + 24,
    ));

    v
}

/// The HTTP exchanges' ports.
const HTTP_CPORT: u16 = 40300;

pub fn forms() -> Vec<Frame> {
    let mut v = Vec::new();
    let mut id = 0x400;
    let mut next = || {
        id += 1;
        id
    };

    // 1. Urgent data: URG with pointer 5 over 10 bytes; URG with pointer 0;
    //    a pointer of 7 without URG (not printed).
    let mut t = Tcp::new(CPORT, SPORT, ISN_C, ISN_S, PSH | ACK | URG);
    t.urp = 5;
    v.push(Frame::new(
        "PSH|ACK|URG, urgent pointer 5, 10 data bytes",
        c2s(t, b"urgent!abc", next()),
    ));
    let mut t = Tcp::new(CPORT, SPORT, ISN_C + 10, ISN_S, ACK | URG);
    t.urp = 0;
    v.push(Frame::new("ACK|URG, urgent pointer 0", c2s(t, &[], next())));
    let mut t = Tcp::new(CPORT, SPORT, ISN_C + 10, ISN_S, ACK);
    t.urp = 7;
    v.push(Frame::new(
        "ACK, urgent pointer 7 without URG",
        c2s(t, &[], next()),
    ));

    // 2. Flags: none at all with data, SYN with ECE and CWR (ECN setup),
    //    SYN-ACK with ECE, FIN|PSH|ACK with data, window 0.
    v.push(Frame::new(
        "no flags, 4 data bytes",
        c2s(Tcp::new(CPORT + 1, SPORT, 1, 0, 0), b"null", next()),
    ));
    v.push(Frame::new(
        "SYN|ECE|CWR",
        c2s(
            Tcp::new(CPORT + 2, SPORT, 5000, 0, SYN | 0x40 | 0x80),
            &[],
            next(),
        ),
    ));
    v.push(Frame::new(
        "SYN|ACK|ECE",
        s2c(
            Tcp::new(SPORT, CPORT + 2, 9000, 5001, SYN | ACK | 0x40),
            &[],
            next(),
        ),
    ));
    v.push(Frame::new(
        "FIN|PSH|ACK, 3 data bytes",
        c2s(
            Tcp::new(CPORT + 2, SPORT, 5001, 9001, FIN | PSH | ACK),
            b"bye",
            next(),
        ),
    ));
    let mut t = Tcp::new(SPORT, CPORT + 2, 9001, 5005, ACK);
    t.win = 0;
    v.push(Frame::new("ACK, window 0", s2c(t, &[], next())));
    v.push(Frame::new(
        "ACK|CWR, sequence number wrapping past 2^32",
        c2s(
            Tcp::new(CPORT + 3, SPORT, 0xffff_fff0, 1, ACK | 0x80),
            &[0x42; 32],
            next(),
        ),
    ));

    // 3. Bad data offsets: 4 and 0 (below 5), 15 with a 20-byte segment,
    //    6 with a 22-byte segment.
    for (doff, what) in [(4u8, "data offset 4 (16 bytes)"), (0, "data offset 0")] {
        let mut seg = Tcp::new(CPORT + 4, SPORT, 1, 0, SYN).build(IP_CLI, IP_SRV, &[]);
        seg[12] = doff << 4;
        set_l4_checksum(&mut seg, 16, IP_CLI, IP_SRV, PROTO_TCP);
        let ip = Ipv4::new(IP_CLI, IP_SRV, PROTO_TCP, next()).build(&seg);
        v.push(Frame::new(what, pad60(eth_ip(&ip))));
    }
    let mut seg = Tcp::new(CPORT + 4, SPORT, 1, 0, SYN).build(IP_CLI, IP_SRV, &[]);
    seg[12] = 15 << 4;
    set_l4_checksum(&mut seg, 16, IP_CLI, IP_SRV, PROTO_TCP);
    let ip = Ipv4::new(IP_CLI, IP_SRV, PROTO_TCP, next()).build(&seg);
    v.push(Frame::new(
        "data offset 15 (60 bytes) in a 20-byte segment",
        pad60(eth_ip(&ip)),
    ));
    let mut seg = Tcp::new(CPORT + 4, SPORT, 1, 0, ACK).build(IP_CLI, IP_SRV, &[0, 0]);
    seg[12] = 6 << 4;
    set_l4_checksum(&mut seg, 16, IP_CLI, IP_SRV, PROTO_TCP);
    let ip = Ipv4::new(IP_CLI, IP_SRV, PROTO_TCP, next()).build(&seg);
    v.push(Frame::new(
        "data offset 6 (24 bytes) in a 22-byte segment",
        pad60(eth_ip(&ip)),
    ));

    // 4. RST with a reason in ASCII, with more than 30 bytes (tcpdump
    //    shows 30 and a '+'), with control and non-ASCII bytes, cut by
    //    the snapshot length, and with no payload.
    v.push(Frame::new(
        "RST|ACK with 16-byte ASCII payload",
        s2c(
            Tcp::new(SPORT, CPORT + 5, 7000, 8000, RST | ACK),
            b"port is closed!\n",
            next(),
        ),
    ));
    v.push(Frame::new(
        "RST with 46-byte payload",
        s2c(
            Tcp::new(SPORT, CPORT + 5, 7000, 0, RST),
            b"connection reset: idle timeout exceeded (300s)",
            next(),
        ),
    ));
    v.push(Frame::new(
        "RST with control and non-ASCII bytes",
        s2c(
            Tcp::new(SPORT, CPORT + 5, 7000, 0, RST),
            &[
                b'o', b'k', 0x00, 0x07, 0x1b, 0x7f, 0x80, 0xc3, 0xa9, 0xff, b'!',
            ],
            next(),
        ),
    ));
    let f = s2c(
        Tcp::new(SPORT, CPORT + 5, 7000, 0, RST),
        b"this text is cut by the snaplen",
        next(),
    );
    v.push(Frame::snapped(
        "RST with 31-byte payload, 10 bytes captured",
        f,
        14 + 20 + 20 + 10,
    ));
    v.push(Frame::new(
        "RST with no payload",
        pad60(s2c(Tcp::new(SPORT, CPORT + 5, 7000, 0, RST), &[], next())),
    ));

    // 5. HTTP first lines (tcpdump prints the first line, -v every line
    //    of the header).
    let get = b"GET /index.html HTTP/1.1\r\nHost: 10.77.0.1\r\nUser-Agent: netdecode-fixture\r\nAccept: */*\r\n\r\n";
    v.push(Frame::new(
        "HTTP GET request to port 80",
        c2s(Tcp::new(HTTP_CPORT, 80, 1, 1, PSH | ACK), get, next()),
    ));
    let resp = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nhello\n";
    v.push(Frame::new(
        "HTTP 200 response from port 80, header and body",
        s2c(
            Tcp::new(80, HTTP_CPORT, 1, 1 + get.len() as u32, PSH | ACK),
            resp,
            next(),
        ),
    ));
    let post = b"POST /api/v1/items HTTP/1.1\r\nHost: 10.77.0.1:8080\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"id\": 12345}";
    v.push(Frame::new(
        "HTTP POST request with a JSON body to port 8080",
        c2s(
            Tcp::new(HTTP_CPORT + 1, 8080, 1, 1, PSH | ACK),
            post,
            next(),
        ),
    ));
    let resp = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
    v.push(Frame::new(
        "HTTP 404 response from port 8080",
        s2c(
            Tcp::new(8080, HTTP_CPORT + 1, 1, 1 + post.len() as u32, PSH | ACK),
            resp,
            next(),
        ),
    ));
    let head = b"head / HTTP/1.0\n\n";
    v.push(Frame::new(
        "HTTP request in lower case with bare LF line ends",
        c2s(Tcp::new(HTTP_CPORT + 2, 80, 1, 1, PSH | ACK), head, next()),
    ));
    let opts = b"OPTIONS * HTTP/1.1\r\nHost: x";
    v.push(Frame::new(
        "HTTP OPTIONS request whose second line has no line end",
        c2s(Tcp::new(HTTP_CPORT + 3, 80, 1, 1, PSH | ACK), opts, next()),
    ));
    let resp = b"HTTP/1.0 301 Moved Permanently\r\nLocation: http://10.77.0.1/\r\n\r\n";
    v.push(Frame::new(
        "HTTP/1.0 301 response",
        s2c(Tcp::new(80, HTTP_CPORT + 3, 1, 29, PSH | ACK), resp, next()),
    ));
    let weird = b"FOO 123 bar\r\n";
    v.push(Frame::new(
        "unknown word with a 3-digit second token (printed as a response)",
        s2c(Tcp::new(80, HTTP_CPORT + 4, 1, 1, PSH | ACK), weird, next()),
    ));
    let notcmd = b"HELLO world\r\n";
    v.push(Frame::new(
        "text on port 80 that is neither a request nor a response",
        c2s(
            Tcp::new(HTTP_CPORT + 4, 80, 1, 1, PSH | ACK),
            notcmd,
            next(),
        ),
    ));
    v.push(Frame::new(
        "binary data on port 80",
        c2s(
            Tcp::new(HTTP_CPORT + 4, 80, 14, 1, PSH | ACK),
            &[0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5],
            next(),
        ),
    ));
    let long = [b"GET /".as_slice(), &[b'a'; 300], b" HTTP/1.1\r\n\r\n"].concat();
    v.push(Frame::new(
        "HTTP GET with a 300-character path",
        c2s(Tcp::new(HTTP_CPORT + 5, 80, 1, 1, PSH | ACK), &long, next()),
    ));
    let f = c2s(Tcp::new(HTTP_CPORT + 6, 80, 1, 1, PSH | ACK), get, next());
    v.push(Frame::snapped(
        "HTTP GET cut 20 bytes into the request line",
        f,
        14 + 20 + 20 + 20,
    ));

    // 6. Checksums: correct with an odd-length payload, wrong, and zero.
    v.push(Frame::new(
        "PSH|ACK, 7 data bytes (odd length), checksum correct",
        c2s(
            Tcp::new(CPORT + 6, SPORT, 1, 1, PSH | ACK),
            b"odd len",
            next(),
        ),
    ));
    let mut f = c2s(
        Tcp::new(CPORT + 6, SPORT, 8, 1, PSH | ACK),
        b"bad sum!",
        next(),
    );
    spoil(&mut f, 14 + 20 + 16);
    v.push(Frame::new("PSH|ACK, 8 data bytes, checksum wrong", f));
    let mut f = pad60(c2s(Tcp::new(CPORT + 6, SPORT, 16, 1, ACK), &[], next()));
    f[14 + 20 + 16] = 0;
    f[14 + 20 + 17] = 0;
    v.push(Frame::new("ACK, checksum 0 (wrong)", f));

    // 7. A segment in an IPv4 datagram with trailing Ethernet padding
    //    that is not part of it, and a SYN with data.
    v.push(Frame::new(
        "ACK with 1 data byte, padded to 60 (padding not counted)",
        pad60(c2s(Tcp::new(CPORT + 7, SPORT, 1, 1, ACK), b"x", next())),
    ));
    v.push(Frame::new(
        "SYN with 8 data bytes",
        c2s(Tcp::new(CPORT + 8, SPORT, 1, 0, SYN), b"syn data", next()),
    ));

    // 8. The other line-oriented protocols tcpdump picks by port: FTP,
    //    SMTP, RTSP, WHOIS requests and replies, and an SSH banner.
    let text: [(u16, bool, &[u8], &str); 9] = [
        (21, true, b"USER anonymous\r\n", "FTP command"),
        (
            21,
            false,
            b"230-Welcome\r\n230 Login successful.\r\n",
            "FTP multi-line reply",
        ),
        (25, true, b"EHLO client.example\r\n", "SMTP EHLO"),
        (
            25,
            false,
            b"250-mail.example\r\n250 SIZE 1000000\r\n",
            "SMTP 250 reply",
        ),
        (
            554,
            true,
            b"OPTIONS rtsp://10.77.0.1/s RTSP/1.0\r\nCSeq: 1\r\n\r\n",
            "RTSP OPTIONS",
        ),
        (
            554,
            false,
            b"RTSP/1.0 200 OK\r\nCSeq: 1\r\n\r\n",
            "RTSP 200 reply",
        ),
        (43, true, b"example.com\r\n", "WHOIS query"),
        (43, false, b"Domain Name: EXAMPLE.COM\r\n", "WHOIS answer"),
        (
            22,
            false,
            b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n",
            "SSH banner",
        ),
    ];
    for (port, from_client, payload, what) in text {
        let f = if from_client {
            c2s(
                Tcp::new(HTTP_CPORT + 10, port, 1, 1, PSH | ACK),
                payload,
                next(),
            )
        } else {
            s2c(
                Tcp::new(port, HTTP_CPORT + 10, 1, 1, PSH | ACK),
                payload,
                next(),
            )
        };
        v.push(Frame::new(format!("{what} (port {port})"), f));
    }
    v
}
