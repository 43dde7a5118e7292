//! Builds `fixtures/dhcp-built.pcap`: DHCP and BOOTP messages that a real
//! client and server in two namespaces do not easily produce — a relayed
//! exchange (giaddr, hops, option 82), NAK, DECLINE, RELEASE, INFORM,
//! option overload, malformed options, plain BOOTP (no options, CMU and
//! unknown vendor areas) and messages cut by a short snapshot length.
//!
//! Run: `cargo run --example build-dhcp-fixtures [OUT]` (default
//! `fixtures/dhcp-built.pcap`). The output is deterministic: fixed time
//! stamps, addresses and transaction IDs. See fixtures/README-dhcp.md for
//! what each packet is.

use std::fs;
use std::net::Ipv4Addr;

const COOKIE: [u8; 4] = [99, 130, 83, 99];

const CLIENT_MAC: [u8; 6] = [0x02, 0x00, 0x00, 0x00, 0xaa, 0x01];
const RELAY_MAC: [u8; 6] = [0x02, 0x00, 0x00, 0x00, 0x01, 0x01];
const SERVER_MAC: [u8; 6] = [0x02, 0x00, 0x00, 0x00, 0x02, 0x0a];
const BROADCAST_MAC: [u8; 6] = [0xff; 6];

const RELAY_CLIENT_SIDE: Ipv4Addr = Ipv4Addr::new(10, 1, 0, 1);
const RELAY_SERVER_SIDE: Ipv4Addr = Ipv4Addr::new(10, 2, 0, 1);
const SERVER: Ipv4Addr = Ipv4Addr::new(10, 2, 0, 10);
const LEASED: Ipv4Addr = Ipv4Addr::new(10, 1, 0, 50);
const ANY: Ipv4Addr = Ipv4Addr::UNSPECIFIED;
const ALL: Ipv4Addr = Ipv4Addr::BROADCAST;

/// The fixed BOOTP header (RFC 951).
#[derive(Clone)]
struct Bootp {
    op: u8,
    htype: u8,
    hlen: u8,
    hops: u8,
    xid: u32,
    secs: u16,
    flags: u16,
    ciaddr: Ipv4Addr,
    yiaddr: Ipv4Addr,
    siaddr: Ipv4Addr,
    giaddr: Ipv4Addr,
    chaddr: [u8; 16],
    sname: [u8; 64],
    file: [u8; 128],
}

impl Bootp {
    fn new(op: u8, xid: u32) -> Bootp {
        let mut chaddr = [0u8; 16];
        chaddr[..6].copy_from_slice(&CLIENT_MAC);
        Bootp {
            op,
            htype: 1,
            hlen: 6,
            hops: 0,
            xid,
            secs: 0,
            flags: 0,
            ciaddr: ANY,
            yiaddr: ANY,
            siaddr: ANY,
            giaddr: ANY,
            chaddr,
            sname: [0; 64],
            file: [0; 128],
        }
    }

    fn relayed(mut self) -> Bootp {
        self.hops = 1;
        self.giaddr = RELAY_CLIENT_SIDE;
        self
    }

    /// The message with `vend` as its vendor area.
    fn bytes(&self, vend: &[u8]) -> Vec<u8> {
        let mut b = vec![self.op, self.htype, self.hlen, self.hops];
        b.extend_from_slice(&self.xid.to_be_bytes());
        b.extend_from_slice(&self.secs.to_be_bytes());
        b.extend_from_slice(&self.flags.to_be_bytes());
        for a in [self.ciaddr, self.yiaddr, self.siaddr, self.giaddr] {
            b.extend_from_slice(&a.octets());
        }
        b.extend_from_slice(&self.chaddr);
        b.extend_from_slice(&self.sname);
        b.extend_from_slice(&self.file);
        b.extend_from_slice(vend);
        b
    }

    /// A DHCP message: cookie, options, end, padded to the 300-byte
    /// BOOTP minimum.
    fn dhcp(&self, options: &[Vec<u8>]) -> Vec<u8> {
        let mut vend = COOKIE.to_vec();
        for o in options {
            vend.extend_from_slice(o);
        }
        vend.push(255);
        let mut b = self.bytes(&vend);
        if b.len() < 300 {
            b.resize(300, 0);
        }
        b
    }
}

/// One option: code, length, data.
fn opt(code: u8, data: &[u8]) -> Vec<u8> {
    let mut o = vec![code, data.len() as u8];
    o.extend_from_slice(data);
    o
}

fn msg_type(t: u8) -> Vec<u8> {
    opt(53, &[t])
}

fn addrs(code: u8, list: &[Ipv4Addr]) -> Vec<u8> {
    let data: Vec<u8> = list.iter().flat_map(|a| a.octets()).collect();
    opt(code, &data)
}

fn secs(code: u8, v: u32) -> Vec<u8> {
    opt(code, &v.to_be_bytes())
}

fn client_id_mac() -> Vec<u8> {
    let mut d = vec![1];
    d.extend_from_slice(&CLIENT_MAC);
    opt(61, &d)
}

/// Sub-options (code, data) packed as code, length, data.
fn subs(list: &[(u8, &[u8])]) -> Vec<u8> {
    let mut d = Vec::new();
    for (c, v) in list {
        d.push(*c);
        d.push(v.len() as u8);
        d.extend_from_slice(v);
    }
    d
}

/// The relay agent information the relay adds (and the server echoes).
fn agent_info() -> Vec<u8> {
    let vendor = [0x00, 0x00, 0x0d, 0xe9, 0x03, 0x01, 0x01, 0x2a]; // enterprise 3561, one sub-option
    opt(
        82,
        &subs(&[
            (1, b"eth0/1:100"),
            (2, &CLIENT_MAC),
            (5, &[10, 1, 0, 0]),
            (6, b"subscriber-42"),
            (11, &RELAY_CLIENT_SIDE.octets()),
            (9, &vendor),
        ]),
    )
}

/// A DNS name list in wire format: "eng.example.net", "example.net" as a
/// pointer into the first, "lab." + pointer to the first.
fn domain_search() -> Vec<u8> {
    let mut d = Vec::new();
    for l in ["eng", "example", "net"] {
        d.push(l.len() as u8);
        d.extend_from_slice(l.as_bytes());
    }
    d.push(0);
    d.extend_from_slice(&[0xc0, 4]); // example.net
    d.extend_from_slice(&[3, b'l', b'a', b'b', 0xc0, 0]); // lab.eng.example.net
    opt(119, &d)
}

/// RFC 3442 routes: default, 192.168.50/24, 172.16/16, a host route.
fn classless(code: u8) -> Vec<u8> {
    let d = [
        0, 10, 1, 0, 1, // default via 10.1.0.1
        24, 192, 168, 50, 10, 1, 0, 254, // 192.168.50.0/24 via 10.1.0.254
        16, 172, 16, 10, 1, 0, 253, // 172.16.0.0/16 via 10.1.0.253
        32, 10, 9, 9, 9, 10, 1, 0, 252, // 10.9.9.9/32 via 10.1.0.252
    ];
    opt(code, &d)
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

struct Endpoints {
    src_mac: [u8; 6],
    dst_mac: [u8; 6],
    src: Ipv4Addr,
    dst: Ipv4Addr,
    sport: u16,
    dport: u16,
}

fn client_to_all() -> Endpoints {
    Endpoints {
        src_mac: CLIENT_MAC,
        dst_mac: BROADCAST_MAC,
        src: ANY,
        dst: ALL,
        sport: 68,
        dport: 67,
    }
}

fn relay_to_server() -> Endpoints {
    Endpoints {
        src_mac: RELAY_MAC,
        dst_mac: SERVER_MAC,
        src: RELAY_SERVER_SIDE,
        dst: SERVER,
        sport: 67,
        dport: 67,
    }
}

fn server_to_relay() -> Endpoints {
    Endpoints {
        src_mac: SERVER_MAC,
        dst_mac: RELAY_MAC,
        src: SERVER,
        dst: RELAY_SERVER_SIDE,
        sport: 67,
        dport: 67,
    }
}

fn client_to_server(src: Ipv4Addr) -> Endpoints {
    Endpoints {
        src_mac: CLIENT_MAC,
        dst_mac: SERVER_MAC,
        src,
        dst: SERVER,
        sport: 68,
        dport: 67,
    }
}

/// Ethernet + IPv4 + UDP (checksums computed) around `payload`.
fn frame(e: &Endpoints, id: u16, payload: &[u8]) -> Vec<u8> {
    let udp_len = (8 + payload.len()) as u16;
    let total = 20 + udp_len;
    let mut ip = vec![0x45, 0x00];
    ip.extend_from_slice(&total.to_be_bytes());
    ip.extend_from_slice(&id.to_be_bytes());
    ip.extend_from_slice(&[0x00, 0x00, 64, 17, 0, 0]);
    ip.extend_from_slice(&e.src.octets());
    ip.extend_from_slice(&e.dst.octets());
    let sum = !(ones_sum(&ip, 0) as u16);
    ip[10..12].copy_from_slice(&sum.to_be_bytes());

    let mut udp = Vec::new();
    udp.extend_from_slice(&e.sport.to_be_bytes());
    udp.extend_from_slice(&e.dport.to_be_bytes());
    udp.extend_from_slice(&udp_len.to_be_bytes());
    udp.extend_from_slice(&[0, 0]);
    udp.extend_from_slice(payload);
    let mut pseudo = Vec::new();
    pseudo.extend_from_slice(&e.src.octets());
    pseudo.extend_from_slice(&e.dst.octets());
    pseudo.extend_from_slice(&[0, 17]);
    pseudo.extend_from_slice(&udp_len.to_be_bytes());
    let mut sum = !(ones_sum(&udp, ones_sum(&pseudo, 0)) as u16);
    if sum == 0 {
        sum = 0xffff;
    }
    udp[6..8].copy_from_slice(&sum.to_be_bytes());

    let mut f = Vec::new();
    f.extend_from_slice(&e.dst_mac);
    f.extend_from_slice(&e.src_mac);
    f.extend_from_slice(&[0x08, 0x00]);
    f.extend_from_slice(&ip);
    f.extend_from_slice(&udp);
    f
}

struct Pcap {
    out: Vec<u8>,
    secs: u32,
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
                                                    // 2026-01-01 00:00:00 UTC.
        Pcap {
            out,
            secs: 1_767_225_600,
        }
    }

    /// Adds a frame, of which only `caplen` bytes were captured.
    fn add_cut(&mut self, f: &[u8], caplen: usize) {
        let caplen = caplen.min(f.len());
        self.secs += 1;
        self.out.extend_from_slice(&self.secs.to_le_bytes());
        self.out.extend_from_slice(&0u32.to_le_bytes());
        self.out.extend_from_slice(&(caplen as u32).to_le_bytes());
        self.out.extend_from_slice(&(f.len() as u32).to_le_bytes());
        self.out.extend_from_slice(&f[..caplen]);
    }

    fn add(&mut self, f: &[u8]) {
        self.add_cut(f, f.len());
    }
}

fn main() -> std::io::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "fixtures/dhcp-built.pcap".to_string());
    let mut p = Pcap::new();
    let mut id = 0x1000u16;
    let mut next_id = || {
        id += 1;
        id
    };

    // 1-4: a relayed exchange (client -> relay -> server and back; the
    // relay's hops and giaddr set, option 82 added and echoed).
    let xid = 0x5eed_0001;
    let mut discover = Bootp::new(1, xid).relayed();
    discover.flags = 0x8000;
    discover.secs = 3;
    let prl = [
        1, 3, 6, 15, 26, 28, 42, 51, 54, 58, 59, 119, 121, 249, 252, 114, 43, 125,
    ];
    let m = discover.dhcp(&[
        msg_type(1),
        client_id_mac(),
        opt(55, &prl),
        opt(57, &1500u16.to_be_bytes()),
        opt(60, b"netdecode-test"),
        opt(12, b"relay-client"),
        agent_info(),
    ]);
    p.add(&frame(&relay_to_server(), next_id(), &m));

    let mut offer = Bootp::new(2, xid).relayed();
    offer.flags = 0x8000;
    offer.yiaddr = LEASED;
    offer.siaddr = SERVER;
    let vendor43 = subs(&[(1, b"acs.example.net"), (2, &[0, 1])]);
    let mut vi125 = 4491u32.to_be_bytes().to_vec(); // CableLabs
    let vi_subs = subs(&[(1, &[10, 2, 0, 20]), (2, b"cm")]);
    vi125.push(vi_subs.len() as u8);
    vi125.extend_from_slice(&vi_subs);
    let m = offer.dhcp(&[
        msg_type(2),
        addrs(54, &[SERVER]),
        secs(51, 86400),
        secs(58, 43200),
        secs(59, 75600),
        addrs(1, &[Ipv4Addr::new(255, 255, 255, 0)]),
        addrs(3, &[RELAY_CLIENT_SIDE]),
        addrs(
            6,
            &[Ipv4Addr::new(10, 2, 0, 53), Ipv4Addr::new(10, 2, 0, 54)],
        ),
        opt(15, b"example.net"),
        domain_search(),
        classless(121),
        classless(249),
        addrs(42, &[Ipv4Addr::new(10, 2, 0, 123)]),
        opt(2, &(-18000i32).to_be_bytes()),
        opt(114, b"https://portal.example.net/api"),
        opt(43, &vendor43),
        opt(125, &vi125),
        agent_info(),
    ]);
    p.add(&frame(&server_to_relay(), next_id(), &m));

    let mut request = Bootp::new(1, xid).relayed();
    request.flags = 0x8000;
    request.secs = 4;
    let mut vi124 = 4491u32.to_be_bytes().to_vec();
    let class = [9, b'd', b'o', b'c', b's', b'i', b's', b'3', b'.', b'0'];
    vi124.push(class.len() as u8);
    vi124.extend_from_slice(&class);
    let mut fqdn = vec![0x01, 0, 0]; // S: the server updates the A RR
    fqdn.extend_from_slice(b"relay-client.example.net");
    let m = request.dhcp(&[
        msg_type(3),
        opt(61, b"\x00client-xyz"),
        addrs(50, &[LEASED]),
        addrs(54, &[SERVER]),
        opt(81, &fqdn),
        opt(77, &[4, b'i', b'P', b'X', b'E', 3, b'l', b'a', b'b']),
        opt(124, &vi124),
        opt(80, &[]),
        opt(116, &[1]),
        opt(55, &prl),
        agent_info(),
    ]);
    p.add(&frame(&relay_to_server(), next_id(), &m));

    let mut ack = offer.clone();
    ack.flags = 0x8000;
    // E flag: the name in DNS wire format; S+O: the server overrode the client.
    let mut fqdn = vec![0x07, 255, 255];
    for l in ["relay-client", "example", "net"] {
        fqdn.push(l.len() as u8);
        fqdn.extend_from_slice(l.as_bytes());
    }
    fqdn.push(0);
    let m = ack.dhcp(&[
        msg_type(5),
        addrs(54, &[SERVER]),
        secs(51, 86400),
        addrs(1, &[Ipv4Addr::new(255, 255, 255, 0)]),
        addrs(3, &[RELAY_CLIENT_SIDE]),
        opt(81, &fqdn),
        agent_info(),
    ]);
    p.add(&frame(&server_to_relay(), next_id(), &m));

    // 5: a NAK through the relay.
    let mut nak = Bootp::new(2, 0x5eed_0002).relayed();
    nak.flags = 0x8000;
    let m = nak.dhcp(&[
        msg_type(6),
        addrs(54, &[SERVER]),
        opt(56, b"requested address not available"),
        agent_info(),
    ]);
    p.add(&frame(&server_to_relay(), next_id(), &m));

    // 6: DECLINE (the client found the address in use).
    let decline = Bootp::new(1, 0x5eed_0003);
    let m = decline.dhcp(&[
        msg_type(4),
        addrs(50, &[LEASED]),
        addrs(54, &[SERVER]),
        client_id_mac(),
        opt(56, b"address in use"),
    ]);
    p.add(&frame(&client_to_all(), next_id(), &m));

    // 7: RELEASE, unicast from the leased address.
    let mut release = Bootp::new(1, 0x5eed_0004);
    release.ciaddr = LEASED;
    let m = release.dhcp(&[msg_type(7), addrs(54, &[SERVER]), client_id_mac()]);
    p.add(&frame(&client_to_server(LEASED), next_id(), &m));

    // 8: INFORM from a host with a static address; the parameter list
    // names options tcpdump does not know; an RFC 4361 client id.
    let mut inform = Bootp::new(1, 0x5eed_0005);
    inform.ciaddr = Ipv4Addr::new(10, 3, 0, 7);
    let m = inform.dhcp(&[
        msg_type(8),
        opt(55, &[1, 3, 6, 15, 44, 46, 47, 119, 252, 200, 0, 255, 81]),
        opt(60, b"MSFT 5.0"),
        opt(61, &[0xff, 0, 0, 0, 1, 0, 1, 0, 1, 0x2a, 0x2b, 0x2c, 0x2d]),
        opt(12, b"inform-host"),
    ]);
    let mut to_all = client_to_all();
    to_all.src = inform.ciaddr;
    p.add(&frame(&to_all, next_id(), &m));

    // 9: option overload: options continue in `file`, then `sname`.
    let mut ov = Bootp::new(2, 0x5eed_0006);
    ov.yiaddr = LEASED;
    let file_opts = [
        opt(15, b"overload.example"),
        opt(67, b"pxelinux.0"),
        vec![255],
    ]
    .concat();
    ov.file[..file_opts.len()].copy_from_slice(&file_opts);
    let sname_opts = [
        opt(12, b"from-sname"),
        addrs(3, &[RELAY_CLIENT_SIDE]),
        vec![255],
    ]
    .concat();
    ov.sname[..sname_opts.len()].copy_from_slice(&sname_opts);
    let m = ov.dhcp(&[
        msg_type(2),
        addrs(54, &[SERVER]),
        secs(51, 3600),
        opt(52, &[3]),
    ]);
    p.add(&frame(&server_to_relay(), next_id(), &m));

    // 10: an option running past the end of a whole message.
    let run = Bootp::new(1, 0x5eed_0007);
    let mut vend = COOKIE.to_vec();
    vend.extend_from_slice(&msg_type(1));
    vend.extend_from_slice(&[12, 40, b'a', b'b', b'c', b'd', b'e']);
    let m = run.bytes(&vend);
    p.add(&frame(&client_to_all(), next_id(), &m));

    // 11: malformed and odd options, padding, and no end option.
    let odd = Bootp::new(1, 0x5eed_0008);
    let mut vend = COOKIE.to_vec();
    for o in [
        opt(53, &[1, 2]),                          // message type, length 2
        vec![0, 0, 0],                             // padding
        opt(1, &[255, 255, 0]),                    // address, 3 bytes
        opt(6, &[10, 0, 0, 1, 10, 0]),             // one address and 2 bytes
        opt(121, &[8, 10, 10]),                    // shorter than a route
        opt(249, &[33, 10, 0, 0, 0, 1]),           // mask width 33
        opt(121, &[0, 10, 0, 0, 1, 24, 192, 168]), // a route, then one cut short
        opt(77, &[3, b'a', b'b', b'c', 0, 1]),     // zero-length instance
        opt(77, &[9, b'x']),                       // instance past the end
        opt(82, &[1, 2, b'c', b'1', 2, 9, b'r']),  // sub-option past the end
        opt(82, &[1, 1, b'c', 7]),                 // a trailing byte
        opt(61, &[]),                              // empty client id
        opt(81, &[1, 0]),                          // FQDN shorter than 3
        opt(81, &[0x31, 0, 1, b'h']),              // FQDN MBZ bits set
        opt(46, &[3]),                             // unknown NetBIOS node type
        opt(46, &[]),                              // empty NetBIOS node type
        opt(52, &[7]),                             // unknown overload value
        opt(19, &[0, 1, 2]),                       // booleans, one not 0/1
        opt(26, &[5, 220, 1]),                     // MTU and a stray byte
        opt(33, &[10, 0, 0, 0, 10, 0, 0, 1, 7]),   // static route and a stray byte
        opt(200, &[1, 2, 3]),                      // unknown, odd length
        opt(201, &[1, 2, 3, 4, 5, 6]),             // unknown, 2 mod 4
        opt(202, &[0, 0, 1, 0, 0, 0, 2, 0]),       // unknown, multiple of 4
        opt(203, &[]),                             // unknown, empty
        opt(12, b"tab\there\x7f\xe9"),             // control and non-ASCII bytes
        opt(80, &[]),                              // rapid commit
    ] {
        vend.extend_from_slice(&o);
    }
    vend.extend_from_slice(&[0; 7]);
    let m = odd.bytes(&vend);
    p.add(&frame(&client_to_all(), next_id(), &m));

    // 12: options after the end option (tcpdump shows them at -vvv).
    let after = Bootp::new(1, 0x5eed_0009);
    let m = after.dhcp(&[msg_type(1), vec![255, 0, 0], opt(12, b"after-end")]);
    p.add(&frame(&client_to_all(), next_id(), &m));

    // 13-14: BOOTP without DHCP options: a request with an empty vendor
    // area, and a reply naming the boot server and file.
    let mut boot = Bootp::new(1, 0x0000_b007);
    boot.secs = 12;
    let m = boot.bytes(&[0; 64]);
    p.add(&frame(&client_to_all(), next_id(), &m));
    let mut reply = Bootp::new(2, 0x0000_b007);
    reply.yiaddr = Ipv4Addr::new(10, 2, 0, 77);
    reply.siaddr = SERVER;
    reply.sname[..10].copy_from_slice(b"bootserver");
    reply.file[..20].copy_from_slice(b"/tftpboot/pxelinux.0");
    let m = reply.bytes(&[0; 64]);
    let mut to_client = server_to_relay();
    to_client.dst = Ipv4Addr::new(10, 2, 0, 77);
    to_client.dport = 68;
    p.add(&frame(&to_client, next_id(), &m));

    // 15: a CMU vendor area; 16: an unknown vendor magic; 17: not
    // Ethernet (htype 6), an unknown op.
    let cmu_reply = Bootp::new(2, 0x0000_c0c0);
    let mut vend = b"CMU\0".to_vec();
    vend.extend_from_slice(&[0x01, 0, 0, 0]); // flags: subnet mask valid
    for a in [
        [255, 255, 255, 0], // subnet mask
        [10, 2, 0, 1],      // gateway
        [10, 2, 0, 53],     // DNS 1
        [0, 0, 0, 0],       // DNS 2
        [0, 0, 0, 0],
        [0, 0, 0, 0],
        [10, 2, 0, 123], // time server 1
        [0, 0, 0, 0],
    ] {
        vend.extend_from_slice(&a);
    }
    vend.resize(64, 0);
    p.add(&frame(&to_client, next_id(), &cmu_reply.bytes(&vend)));
    let other = Bootp::new(1, 0x0000_0ddd);
    let mut vend = vec![0x12, 0x34, 0x56, 0x78];
    vend.resize(64, 0);
    p.add(&frame(&client_to_all(), next_id(), &other.bytes(&vend)));
    let mut tr = Bootp::new(3, 0x0000_7272);
    tr.htype = 6;
    tr.flags = 0x8001;
    let m = tr.dhcp(&[msg_type(9)]);
    p.add(&frame(&client_to_all(), next_id(), &m));

    // 18-23: a DISCOVER with a server name, cut by the snapshot length at
    // the UDP header end, after op, inside the header (as tcpdump's
    // bootp_asan test), inside sname, inside the cookie and inside an option.
    let mut cut = Bootp::new(1, 0x5eed_000a);
    cut.sname[..12].copy_from_slice(b"wanted-serve");
    let m = cut.dhcp(&[msg_type(1), opt(12, b"cut-host"), opt(55, &prl)]);
    let f = frame(&client_to_all(), next_id(), &m);
    for payload in [0, 1, 10, 50, 238, 249] {
        p.add_cut(&f, 42 + payload);
    }

    // 24-25: a reply (no "from" address to print) cut after secs and
    // after flags.
    let mut cut_reply = Bootp::new(2, 0x5eed_000b);
    cut_reply.secs = 7;
    let m = cut_reply.dhcp(&[msg_type(5)]);
    let f = frame(&server_to_relay(), next_id(), &m);
    for payload in [10, 14] {
        p.add_cut(&f, 42 + payload);
    }

    // 26: the UDP length ends inside the options (the IP datagram holds
    // the whole message): like tcpdump, the options are read to the end
    // of the IP datagram. No UDP checksum.
    let short = Bootp::new(1, 0x5eed_000c);
    let m = short.dhcp(&[msg_type(1), opt(12, b"past-udp-length")]);
    let mut f = frame(&client_to_all(), next_id(), &m);
    let udp_len = (8 + 240 + 3 + 4) as u16;
    f[38..40].copy_from_slice(&udp_len.to_be_bytes());
    f[40..42].copy_from_slice(&[0, 0]);
    p.add(&f);

    fs::write(&path, &p.out)?;
    eprintln!("wrote {path}");
    Ok(())
}
