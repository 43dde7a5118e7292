//! `icmp-types.pcap`: every ICMP type and code tcpdump names, the quoted
//! datagrams of error messages (IPv4 with UDP, TCP, ICMP, an unknown
//! protocol, IP options, a short quote, a quote that claims more than it
//! holds), router advertisements in each lifetime format, and RFC 4884
//! multi-part extensions with RFC 4950 MPLS and RFC 5837 interface objects.

use crate::capture::Frame;
use crate::wire::*;

const ROUTER_MAC: [u8; 6] = [0x02, 0x00, 0x00, 0x77, 0x00, 0xfe];

/// The datagram an error quotes: a UDP probe from the client to the far
/// host, port 33434, with `payload`.
fn probe(id: u16, payload: &[u8]) -> Vec<u8> {
    let seg = udp(IP_CLI, IP_FAR, 40000, 33434, payload);
    Ipv4::new(IP_CLI, IP_FAR, PROTO_UDP, id).build(&seg)
}

/// A TCP SYN from the client to the far host, port 80, with an MSS option.
fn syn(id: u16) -> Vec<u8> {
    let seg = Tcp::new(40001, 80, 0x1000_0000, 0, SYN)
        .options(&[2, 4, 0x05, 0xb4])
        .build(IP_CLI, IP_FAR, &[]);
    Ipv4::new(IP_CLI, IP_FAR, PROTO_TCP, id).build(&seg)
}

/// An ICMP message from the router to the client.
fn from_router(msg: &[u8], id: u16) -> Vec<u8> {
    let mut ip = Ipv4::new(IP_GW, IP_CLI, PROTO_ICMP, id);
    ip.frag = 0;
    ip.tos = 0xc0;
    ip.ttl = 255;
    ether(MAC_CLI, ROUTER_MAC, ETHERTYPE_IPV4, &ip.build(msg))
}

/// An ICMP message between the client and the server (queries).
fn query(from_client: bool, msg: &[u8], id: u16) -> Vec<u8> {
    if from_client {
        eth_ip(&Ipv4::new(IP_CLI, IP_SRV, PROTO_ICMP, id).build(msg))
    } else {
        eth_ip_rev(&Ipv4::new(IP_SRV, IP_CLI, PROTO_ICMP, id).build(msg))
    }
}

/// The first `n` bytes of a datagram (what an error message quotes).
fn head(d: &[u8], n: usize) -> Vec<u8> {
    d[..n.min(d.len())].to_vec()
}

/// An RFC 4884 multi-part error: `quoted` padded with zeros to 128 bytes,
/// the length field (in 32-bit words) set to `len_words`, then the
/// extension structure (version `version`, checksum computed unless
/// `bad_sum`) holding `objects`.
fn multipart(
    icmp_type: u8,
    code: u8,
    len_words: u8,
    quoted: &[u8],
    version: u8,
    bad_sum: bool,
    objects: &[Vec<u8>],
) -> Vec<u8> {
    let mut body = quoted.to_vec();
    body.resize(128, 0);
    let mut ext = vec![version << 4, 0, 0, 0];
    for o in objects {
        ext.extend_from_slice(o);
    }
    let mut sum = checksum(&ext);
    if bad_sum {
        sum ^= 0x5555;
    }
    ext[2..4].copy_from_slice(&sum.to_be_bytes());
    body.extend_from_slice(&ext);
    icmp(icmp_type, code, [0, len_words, 0, 0], &body)
}

/// An extension object: length (header included), class, C-type, data.
fn object(class: u8, ctype: u8, data: &[u8]) -> Vec<u8> {
    let mut o = ((4 + data.len()) as u16).to_be_bytes().to_vec();
    o.push(class);
    o.push(ctype);
    o.extend_from_slice(data);
    o
}

/// One MPLS label stack entry: label, traffic class, bottom of stack, TTL.
fn label(label: u32, tc: u8, bottom: bool, ttl: u8) -> [u8; 4] {
    ((label << 12) | (u32::from(tc) << 9) | (u32::from(bottom) << 8) | u32::from(ttl)).to_be_bytes()
}

pub fn frames() -> Vec<Frame> {
    let mut v = Vec::new();
    let payload = b"netdecode probe!"; // 16 bytes
    let udp_probe = probe(0x2001, payload);
    let udp_quote = head(&udp_probe, 28);

    // 1-17. Destination unreachable, codes 0 to 15 and an unnamed 16, each
    //       quoting the probe's IPv4 header and UDP header (28 bytes).
    //       Code 2 (protocol) and 3 (port) are below; code 4 (need to
    //       fragment) carries the next-hop MTU.
    for code in [0u8, 1, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16] {
        let msg = icmp(3, code, [0; 4], &udp_quote);
        v.push(Frame::new(
            format!("unreachable code {code}, quoting IPv4 + UDP header"),
            from_router(&msg, 0x100 + u16::from(code)),
        ));
    }
    let msg = icmp(3, 4, [0, 0, 0x05, 0xdc], &udp_quote);
    v.push(Frame::new(
        "unreachable need to frag, mtu 1500",
        from_router(&msg, 0x104),
    ));
    let msg = icmp(3, 4, [0; 4], &udp_quote);
    v.push(Frame::new(
        "unreachable need to frag, mtu 0 (RFC 792 form)",
        from_router(&msg, 0x105),
    ));

    // Port unreachable, sent by the far host itself: quoting UDP (the
    // whole probe, payload included), TCP (the whole SYN), and a protocol
    // without ports (253, experimental).
    let msg = icmp(3, 3, [0; 4], &udp_probe);
    v.push(Frame::new(
        "udp port unreachable, quoting the whole UDP probe",
        from_router(&msg, 0x106),
    ));
    let tcp_syn = syn(0x2002);
    let msg = icmp(3, 3, [0; 4], &tcp_syn);
    v.push(Frame::new(
        "tcp port unreachable, quoting the whole TCP SYN",
        from_router(&msg, 0x107),
    ));
    let exp = Ipv4::new(IP_CLI, IP_FAR, 253, 0x2003).build(&[0x12, 0x34, 0x56, 0x78, 1, 2, 3, 4]);
    let msg = icmp(3, 3, [0; 4], &exp);
    v.push(Frame::new(
        "protocol 253 port unreachable (no ports: bytes 2-3 read as one)",
        from_router(&msg, 0x108),
    ));
    let msg = icmp(3, 2, [0; 4], &exp);
    v.push(Frame::new(
        "protocol 253 unreachable",
        from_router(&msg, 0x109),
    ));

    // Port unreachable quoting only the IPv4 header and the first 8 bytes
    // of the TCP SYN: the quoted TCP header is cut.
    let msg = icmp(3, 3, [0; 4], &head(&tcp_syn, 28));
    v.push(Frame::new(
        "tcp port unreachable, quoting 8 bytes of TCP",
        from_router(&msg, 0x10a),
    ));

    // Host unreachable quoting a datagram with IP options (RR) whose quote
    // ends after the UDP header; the quoted total length claims more.
    let mut ip = Ipv4::new(IP_CLI, IP_FAR, PROTO_UDP, 0x2004);
    ip.options = vec![7, 7, 4, 0, 0, 0, 0, 1];
    let opt_probe = ip.build(&udp(IP_CLI, IP_FAR, 40000, 33434, payload));
    let msg = icmp(3, 1, [0; 4], &head(&opt_probe, 36));
    v.push(Frame::new(
        "host unreachable quoting IPv4 with RR + UDP header (quoted length 52 > 36 quoted)",
        from_router(&msg, 0x10b),
    ));

    // 2. Source quench.
    let msg = icmp(4, 0, [0; 4], &udp_quote);
    v.push(Frame::new("source quench", from_router(&msg, 0x10c)));

    // 3. Redirects: codes 0 to 3 and an unnamed 4, gateway 10.77.0.253.
    for code in 0u8..=4 {
        let msg = icmp(5, code, [10, 77, 0, 253], &udp_quote);
        v.push(Frame::new(
            format!("redirect code {code} to 10.77.0.253"),
            from_router(&msg, 0x110 + u16::from(code)),
        ));
    }

    // 4. Time exceeded: in transit (quoting UDP, as traceroute sees it),
    //    in transit quoting an ICMP echo request (traceroute -I), in
    //    reassembly, and an unnamed code 2.
    let msg = icmp(11, 0, [0; 4], &udp_probe);
    v.push(Frame::new(
        "time exceeded in transit, quoting the UDP probe",
        from_router(&msg, 0x120),
    ));
    let echo = icmp(8, 0, [0x4e, 0x44, 0, 1], payload);
    let mut eip = Ipv4::new(IP_CLI, IP_FAR, PROTO_ICMP, 0x2005);
    eip.ttl = 1;
    let echo_dgram = eip.build(&echo);
    let msg = icmp(11, 0, [0; 4], &echo_dgram);
    v.push(Frame::new(
        "time exceeded in transit, quoting an ICMP echo request",
        from_router(&msg, 0x121),
    ));
    let msg = icmp(11, 1, [0; 4], &udp_quote);
    v.push(Frame::new(
        "ip reassembly time exceeded",
        from_router(&msg, 0x122),
    ));
    let msg = icmp(11, 2, [0; 4], &udp_quote);
    v.push(Frame::new("time exceeded code 2", from_router(&msg, 0x123)));

    // 5. Parameter problem: code 0 pointing at octet 20 (the first
    //    option: an unknown option 0x99 of length 0), and code 1 (required
    //    option missing), and code 2 (bad length).
    let mut bad = Ipv4::new(IP_CLI, IP_FAR, PROTO_UDP, 0x2006);
    bad.options = vec![0x99, 0, 1, 1];
    let bad_dgram = bad.build(&udp(IP_CLI, IP_FAR, 40000, 33434, payload));
    let msg = icmp(12, 0, [20, 0, 0, 0], &head(&bad_dgram, 32));
    v.push(Frame::new(
        "parameter problem, octet 20 (quoting IPv4 with a bad option)",
        from_router(&msg, 0x130),
    ));
    let msg = icmp(12, 1, [0; 4], &udp_quote);
    v.push(Frame::new(
        "parameter problem code 1",
        from_router(&msg, 0x131),
    ));
    let msg = icmp(12, 2, [0; 4], &udp_quote);
    v.push(Frame::new(
        "parameter problem code 2",
        from_router(&msg, 0x132),
    ));

    // 6. Router advertisements to 224.0.0.1: lifetime 1800 s (30:00) with
    //    two addresses, lifetime 45 s, lifetime 9000 s (2:30:00), an
    //    address entry size of 3 words, and a count of 3 with 2 entries.
    let ra = |num: u8, size: u8, life: u16, entries: &[([u8; 4], u32)]| {
        let mut body = Vec::new();
        for (a, pref) in entries {
            body.extend_from_slice(a);
            body.extend_from_slice(&pref.to_be_bytes());
        }
        let l = life.to_be_bytes();
        icmp(9, 0, [num, size, l[0], l[1]], &body)
    };
    let all_hosts = |msg: &[u8], id: u16| {
        let mut ip = Ipv4::new(IP_GW, [224, 0, 0, 1], PROTO_ICMP, id);
        ip.ttl = 1;
        ip.frag = 0;
        ether(
            [0x01, 0x00, 0x5e, 0, 0, 1],
            ROUTER_MAC,
            ETHERTYPE_IPV4,
            &ip.build(msg),
        )
    };
    let two = [(IP_GW, 0u32), ([10, 77, 1, 254], 0xffff_fff0)];
    v.push(Frame::new(
        "router advertisement, lifetime 30:00, 2 addresses",
        all_hosts(&ra(2, 2, 1800, &two), 0x140),
    ));
    v.push(Frame::new(
        "router advertisement, lifetime 45, 1 address",
        all_hosts(&ra(1, 2, 45, &two[..1]), 0x141),
    ));
    v.push(Frame::new(
        "router advertisement, lifetime 2:30:00, 0 addresses",
        all_hosts(&ra(0, 2, 9000, &[]), 0x142),
    ));
    v.push(Frame::new(
        "router advertisement, address entry size 3",
        all_hosts(&ra(1, 3, 600, &two[..1]), 0x143),
    ));
    v.push(Frame::new(
        "router advertisement claiming 3 addresses, holding 2",
        all_hosts(&ra(3, 2, 1800, &two), 0x144),
    ));

    // 7. Router solicitation to 224.0.0.2.
    let msg = icmp(10, 0, [0; 4], &[]);
    let mut ip = Ipv4::new(IP_CLI, [224, 0, 0, 2], PROTO_ICMP, 0x150);
    ip.ttl = 1;
    v.push(Frame::new(
        "router solicitation",
        ether(
            [0x01, 0x00, 0x5e, 0, 0, 2],
            MAC_CLI,
            ETHERTYPE_IPV4,
            &ip.build(&msg),
        ),
    ));

    // 8. Time stamp request and reply (times in ms since midnight UTC).
    let t = |h: u32, m: u32, s: u32, ms: u32| ((h * 3600 + m * 60 + s) * 1000 + ms).to_be_bytes();
    let mut body = t(9, 30, 15, 250).to_vec();
    body.extend_from_slice(&[0; 8]);
    let msg = icmp(13, 0, [0x4e, 0x44, 0, 7], &body);
    v.push(Frame::new(
        "time stamp request id 20036 seq 7",
        query(true, &msg, 0x160),
    ));
    let mut body = t(9, 30, 15, 250).to_vec();
    body.extend_from_slice(&t(9, 30, 15, 251));
    body.extend_from_slice(&t(23, 59, 59, 999));
    let msg = icmp(14, 0, [0x4e, 0x44, 0, 7], &body);
    v.push(Frame::new("time stamp reply", query(false, &msg, 0x161)));
    // A reply with a time stamp past midnight (non-standard: high bit set).
    let mut body = 0x8000_0001u32.to_be_bytes().to_vec();
    body.extend_from_slice(&t(0, 0, 0, 0));
    body.extend_from_slice(&u32::MAX.to_be_bytes());
    let msg = icmp(14, 0, [0, 1, 0, 8], &body);
    v.push(Frame::new(
        "time stamp reply with non-standard (high bit) times",
        query(false, &msg, 0x162),
    ));

    // 9. Information request and reply.
    let msg = icmp(15, 0, [0x4e, 0x44, 0, 9], &[]);
    v.push(Frame::new("information request", query(true, &msg, 0x170)));
    let msg = icmp(16, 0, [0x4e, 0x44, 0, 9], &[]);
    v.push(Frame::new("information reply", query(false, &msg, 0x171)));

    // 10. Address mask request and reply.
    let msg = icmp(17, 0, [0x4e, 0x44, 0, 10], &[0; 4]);
    v.push(Frame::new("address mask request", query(true, &msg, 0x180)));
    let msg = icmp(18, 0, [0x4e, 0x44, 0, 10], &[255, 255, 255, 0]);
    v.push(Frame::new(
        "address mask reply 255.255.255.0",
        query(false, &msg, 0x181),
    ));

    // 11. Echo request with code 1 (non-zero code), and unnamed types 19
    //     and 40 (Photuris).
    let msg = icmp(8, 1, [0x4e, 0x44, 0, 11], payload);
    v.push(Frame::new(
        "echo request with code 1",
        query(true, &msg, 0x190),
    ));
    let msg = icmp(19, 0, [0; 4], &[1, 2, 3, 4]);
    v.push(Frame::new("type 19 (reserved)", query(true, &msg, 0x191)));
    let msg = icmp(40, 3, [0; 4], &[]);
    v.push(Frame::new(
        "type 40 code 3 (Photuris)",
        query(true, &msg, 0x192),
    ));

    // 12. An error message with a wrong ICMP checksum.
    let mut msg = icmp(3, 3, [0; 4], &udp_probe);
    spoil(&mut msg, 2);
    v.push(Frame::new(
        "udp port unreachable, ICMP checksum wrong",
        from_router(&msg, 0x1a0),
    ));

    // 13. RFC 4884 multi-part messages. The quoted datagram is padded to
    //     128 bytes. First: time exceeded with the length field set (32
    //     words), an MPLS label stack object (class 1, C-type 1) of two
    //     entries, and an RFC 5837 interface information object (class 2,
    //     C-type 0x0e: ifIndex, IPv4 address and name).
    let mpls = object(
        1,
        1,
        &[label(16005, 0, false, 1), label(3, 5, true, 1)].concat(),
    );
    let mut ifinfo = Vec::new();
    ifinfo.extend_from_slice(&7u32.to_be_bytes()); // ifIndex 7
    ifinfo.extend_from_slice(&[0, 1, 0, 0]); // AFI 1 (IPv4), reserved
    ifinfo.extend_from_slice(&IP_GW); // address
    ifinfo.extend_from_slice(&[8, b'g', b'e', b'0', b'/', b'0', b'/', b'1']); // name sub-object
    let ifobj = object(2, 0x0e, &ifinfo);
    let msg = multipart(
        11,
        0,
        32,
        &udp_probe,
        2,
        false,
        &[mpls.clone(), ifobj.clone()],
    );
    v.push(Frame::new(
        "time exceeded, RFC 4884 length 32, MPLS object (2 labels) + RFC 5837 interface object",
        from_router(&msg, 0x1b0),
    ));

    // 14. Port unreachable, length field 0 (a pre-RFC 4884 sender): the
    //     extension is found by its checksum. One MPLS entry.
    let mpls1 = object(1, 1, &label(299_776, 7, true, 254));
    let msg = multipart(3, 3, 0, &udp_probe, 2, false, std::slice::from_ref(&mpls1));
    v.push(Frame::new(
        "udp port unreachable, length 0, extension found by checksum, MPLS object",
        from_router(&msg, 0x1b1),
    ));

    // 15. Length field 0 and no extension: 140 bytes of quote, whose last
    //     bytes do not sum to a valid checksum, so nothing is reported.
    let mut long = udp_probe.clone();
    long.resize(148 - 8, 0x5a);
    let msg = icmp(11, 0, [0; 4], &long);
    v.push(Frame::new(
        "time exceeded quoting 140 bytes, no extension (checksum fails)",
        from_router(&msg, 0x1b2),
    ));

    // 16. Extension version 1: not supported.
    let msg = multipart(
        11,
        0,
        32,
        &udp_probe,
        1,
        false,
        std::slice::from_ref(&mpls1),
    );
    v.push(Frame::new(
        "time exceeded, extension version 1 (not supported)",
        from_router(&msg, 0x1b3),
    ));

    // 17. Extension checksum wrong; an MPLS object with C-type 2
    //     (unknown, hex dumped), an unknown class 5 object, then an object
    //     whose length (2) is below its header size, which ends the walk.
    let odd = object(1, 2, &[0xde, 0xad, 0xbe, 0xef]);
    let unk = object(5, 1, &[1, 2, 3, 4, 5, 6, 7, 8]);
    let short = vec![0, 2, 3, 1, 0xaa, 0xbb, 0xcc, 0xdd];
    let msg = multipart(3, 1, 32, &udp_probe, 2, true, &[odd, unk, short]);
    v.push(Frame::new(
        "host unreachable, extension checksum wrong, MPLS C-type 2, class 5, object length 2",
        from_router(&msg, 0x1b4),
    ));

    // 18. Parameter problem with an extension: an object of class 0
    //     (ends the walk after its header line).
    let zero = object(0, 0, &[0; 4]);
    let msg = multipart(12, 0, 32, &udp_probe, 2, false, &[zero, mpls1]);
    v.push(Frame::new(
        "parameter problem with an extension: class 0 object first",
        from_router(&msg, 0x1b5),
    ));

    // 19. An object whose length runs past the end of the message.
    let mut big = object(2, 0x0e, &ifinfo);
    big[1] = 200;
    let msg = multipart(11, 0, 32, &udp_probe, 2, false, &[mpls, big]);
    v.push(Frame::new(
        "time exceeded, interface object claiming 200 bytes",
        from_router(&msg, 0x1b6),
    ));

    // 20. Redirect with extensions-shaped trailer: redirect is not a
    //     multi-part type, so nothing after the quote is decoded.
    let msg = multipart(5, 1, 32, &udp_probe, 2, false, &[ifobj]);
    v.push(Frame::new(
        "redirect with a trailing extension structure (not decoded)",
        from_router(&msg, 0x1b7),
    ));

    // 21. An error quoting an error: time exceeded quoting a port
    //     unreachable that itself quotes the UDP probe (decoded at every
    //     depth).
    let inner = icmp(3, 3, [0; 4], &udp_probe);
    let mut iip = Ipv4::new(IP_FAR, IP_CLI, PROTO_ICMP, 0x2007);
    iip.frag = 0;
    let inner_dgram = iip.build(&inner);
    let msg = icmp(11, 0, [0; 4], &inner_dgram);
    v.push(Frame::new(
        "time exceeded quoting a udp port unreachable quoting the probe",
        from_router(&msg, 0x1c0),
    ));

    // 22. Errors whose quote is missing or short: unreachable, time
    //     exceeded and redirect with nothing after the ICMP header,
    //     parameter problem with nothing after it, and a time exceeded
    //     quoting 12 bytes (no destination address).
    for (t, c, rest, what) in [
        (3u8, 1u8, [0u8; 4], "host unreachable"),
        (11, 0, [0; 4], "time exceeded"),
        (5, 1, [10, 77, 0, 253], "redirect"),
        (12, 0, [4, 0, 0, 0], "parameter problem"),
    ] {
        let msg = icmp(t, c, rest, &[]);
        v.push(Frame::new(
            format!("{what} with no quoted datagram"),
            pad60(from_router(&msg, 0x1d0 + u16::from(t))),
        ));
    }
    let msg = icmp(11, 0, [0; 4], &head(&udp_probe, 12));
    v.push(Frame::new(
        "time exceeded quoting 12 bytes (no destination address)",
        pad60(from_router(&msg, 0x1e0)),
    ));

    // 23. Quoted datagrams with bad headers: IP version 6 in the quote,
    //     IHL 4, total length 16 (< header).
    let mut q = udp_quote.clone();
    q[0] = 0x65;
    let msg = icmp(3, 3, [0; 4], &q);
    v.push(Frame::new(
        "port unreachable quoting IP version 6 bytes",
        from_router(&msg, 0x1e1),
    ));
    let mut q = udp_quote.clone();
    q[0] = 0x44;
    let msg = icmp(3, 3, [0; 4], &q);
    v.push(Frame::new(
        "port unreachable quoting IHL 4",
        from_router(&msg, 0x1e2),
    ));
    let mut q = udp_quote.clone();
    q[2] = 0;
    q[3] = 16;
    let msg = icmp(3, 1, [0; 4], &q);
    v.push(Frame::new(
        "host unreachable quoting total length 16",
        from_router(&msg, 0x1e3),
    ));

    // 24. A router advertisement with lifetime 0 (the router is going
    //     away) and a fragment of an echo request (no checksum check).
    v.push(Frame::new(
        "router advertisement, lifetime 0",
        all_hosts(&ra(1, 2, 0, &two[..1]), 0x1e4),
    ));
    let echo = icmp(8, 0, [0x4e, 0x44, 0, 24], &[0x61; 64]);
    let mut ip = Ipv4::new(IP_CLI, IP_SRV, PROTO_ICMP, 0x1e5);
    ip.frag = MF;
    v.push(Frame::new(
        "first fragment of an echo request (24 of 72 ICMP bytes)",
        eth_ip(&ip.build(&echo[..24])),
    ));

    v
}
