//! Frame builders shared by every family: Ethernet, IPv4, TCP, UDP and ICMP
//! headers written field by field, with their checksums computed, so that a
//! frame is wrong only where its comment says it is.

/// The real captures' link and network addresses (fixtures/make-captures.sh).
pub const MAC_SRV: [u8; 6] = [0x02, 0x00, 0x00, 0x77, 0x00, 0x01];
pub const MAC_CLI: [u8; 6] = [0x02, 0x00, 0x00, 0x77, 0x00, 0x02];
pub const MAC_BCAST: [u8; 6] = [0xff; 6];
pub const IP_SRV: [u8; 4] = [10, 77, 0, 1];
pub const IP_CLI: [u8; 4] = [10, 77, 0, 2];
/// A router between the client and farther networks, for ICMP errors,
/// source routes and route records.
pub const IP_GW: [u8; 4] = [10, 77, 0, 254];
/// A host beyond the router.
pub const IP_FAR: [u8; 4] = [192, 0, 2, 7];

pub const ETHERTYPE_IPV4: u16 = 0x0800;
pub const ETHERTYPE_ARP: u16 = 0x0806;
pub const ETHERTYPE_RARP: u16 = 0x8035;
pub const TPID_8021Q: u16 = 0x8100;
pub const TPID_8021AD: u16 = 0x88a8;

pub const PROTO_ICMP: u8 = 1;
pub const PROTO_TCP: u8 = 6;
pub const PROTO_UDP: u8 = 17;

/// Ones'-complement sum of `data` (odd length padded with a zero byte) added
/// to `sum`, not yet folded.
pub fn ones_sum(data: &[u8], mut sum: u32) -> u32 {
    let mut chunks = data.chunks_exact(2);
    for c in &mut chunks {
        sum += u32::from(u16::from_be_bytes([c[0], c[1]]));
    }
    if let [last] = chunks.remainder() {
        sum += u32::from(*last) << 8;
    }
    sum
}

/// Folds a sum to 16 bits and complements it: the Internet checksum.
pub fn fold(mut sum: u32) -> u16 {
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

pub fn checksum(data: &[u8]) -> u16 {
    fold(ones_sum(data, 0))
}

/// Ethernet II header plus payload, no tag.
pub fn ether(dst: [u8; 6], src: [u8; 6], ethertype: u16, payload: &[u8]) -> Vec<u8> {
    tagged(dst, src, &[], ethertype, payload)
}

/// Ethernet II header with VLAN tags (TPID, TCI), outermost first.
pub fn tagged(
    dst: [u8; 6],
    src: [u8; 6],
    tags: &[(u16, u16)],
    ethertype: u16,
    payload: &[u8],
) -> Vec<u8> {
    let mut f = Vec::with_capacity(14 + 4 * tags.len() + payload.len());
    f.extend_from_slice(&dst);
    f.extend_from_slice(&src);
    for (tpid, tci) in tags {
        f.extend_from_slice(&tpid.to_be_bytes());
        f.extend_from_slice(&tci.to_be_bytes());
    }
    f.extend_from_slice(&ethertype.to_be_bytes());
    f.extend_from_slice(payload);
    f
}

/// Client to server over Ethernet, carrying IPv4.
pub fn eth_ip(ip: &[u8]) -> Vec<u8> {
    ether(MAC_SRV, MAC_CLI, ETHERTYPE_IPV4, ip)
}

/// Server to client over Ethernet, carrying IPv4.
pub fn eth_ip_rev(ip: &[u8]) -> Vec<u8> {
    ether(MAC_CLI, MAC_SRV, ETHERTYPE_IPV4, ip)
}

/// Pads a frame to the 60-byte Ethernet minimum, as a NIC does.
pub fn pad60(mut f: Vec<u8>) -> Vec<u8> {
    if f.len() < 60 {
        f.resize(60, 0);
    }
    f
}

/// An IPv4 header's fields. `build` fills in IHL, total length and the
/// header checksum.
#[derive(Clone)]
pub struct Ipv4 {
    pub tos: u8,
    pub id: u16,
    /// Flags (reserved 0x8000, DF 0x4000, MF 0x2000) and offset in 8-byte units.
    pub frag: u16,
    pub ttl: u8,
    pub proto: u8,
    pub src: [u8; 4],
    pub dst: [u8; 4],
    /// Option bytes; `build` pads them with EOL to a multiple of 4.
    pub options: Vec<u8>,
}

pub const DF: u16 = 0x4000;
pub const MF: u16 = 0x2000;

impl Ipv4 {
    pub fn new(src: [u8; 4], dst: [u8; 4], proto: u8, id: u16) -> Ipv4 {
        Ipv4 {
            tos: 0,
            id,
            frag: DF,
            ttl: 64,
            proto,
            src,
            dst,
            options: Vec::new(),
        }
    }

    pub fn options(mut self, options: &[u8]) -> Ipv4 {
        self.options = options.to_vec();
        self
    }

    /// The header and payload with correct lengths and checksum.
    pub fn build(&self, payload: &[u8]) -> Vec<u8> {
        let mut opts = self.options.clone();
        while opts.len() % 4 != 0 {
            opts.push(0); // EOL padding
        }
        let hlen = 20 + opts.len();
        let total = (hlen + payload.len()) as u16;
        let mut h = Vec::with_capacity(hlen + payload.len());
        h.push(0x40 | (hlen / 4) as u8); // version 4, IHL
        h.push(self.tos);
        h.extend_from_slice(&total.to_be_bytes());
        h.extend_from_slice(&self.id.to_be_bytes());
        h.extend_from_slice(&self.frag.to_be_bytes());
        h.push(self.ttl);
        h.push(self.proto);
        h.extend_from_slice(&[0, 0]); // checksum, below
        h.extend_from_slice(&self.src);
        h.extend_from_slice(&self.dst);
        h.extend_from_slice(&opts);
        let sum = checksum(&h);
        h[10..12].copy_from_slice(&sum.to_be_bytes());
        h.extend_from_slice(payload);
        h
    }
}

/// Recomputes the IPv4 header checksum of the packet starting at `ip`
/// (after a field was changed on purpose).
pub fn fix_ip_checksum(f: &mut [u8], ip: usize) {
    let hlen = usize::from(f[ip] & 0x0f) * 4;
    f[ip + 10] = 0;
    f[ip + 11] = 0;
    let sum = checksum(&f[ip..ip + hlen]);
    f[ip + 10..ip + 12].copy_from_slice(&sum.to_be_bytes());
}

/// Sum of the TCP/UDP pseudo-header.
fn pseudo(src: [u8; 4], dst: [u8; 4], proto: u8, len: usize) -> u32 {
    let mut p = Vec::with_capacity(12);
    p.extend_from_slice(&src);
    p.extend_from_slice(&dst);
    p.push(0);
    p.push(proto);
    p.extend_from_slice(&(len as u16).to_be_bytes());
    ones_sum(&p, 0)
}

/// Writes the TCP/UDP checksum at `field` of `seg`, over the pseudo-header
/// with addresses `src` and `dst` (for a source-routed datagram, `dst` is
/// the route's final destination).
pub fn set_l4_checksum(seg: &mut [u8], field: usize, src: [u8; 4], dst: [u8; 4], proto: u8) {
    seg[field] = 0;
    seg[field + 1] = 0;
    let mut sum = fold(ones_sum(seg, pseudo(src, dst, proto, seg.len())));
    if proto == PROTO_UDP && sum == 0 {
        sum = 0xffff; // 0 means "no checksum" in UDP
    }
    seg[field..field + 2].copy_from_slice(&sum.to_be_bytes());
}

/// TCP flag bits.
pub const FIN: u8 = 0x01;
pub const SYN: u8 = 0x02;
pub const RST: u8 = 0x04;
pub const PSH: u8 = 0x08;
pub const ACK: u8 = 0x10;
pub const URG: u8 = 0x20;

/// A TCP segment's fields. `build` fills in the data offset and checksum.
#[derive(Clone)]
pub struct Tcp {
    pub sport: u16,
    pub dport: u16,
    pub seq: u32,
    pub ack: u32,
    pub flags: u8,
    pub win: u16,
    pub urp: u16,
    /// Option bytes; `build` pads them with EOL to a multiple of 4.
    pub options: Vec<u8>,
}

impl Tcp {
    pub fn new(sport: u16, dport: u16, seq: u32, ack: u32, flags: u8) -> Tcp {
        Tcp {
            sport,
            dport,
            seq,
            ack,
            flags,
            win: 64240,
            urp: 0,
            options: Vec::new(),
        }
    }

    pub fn options(mut self, options: &[u8]) -> Tcp {
        self.options = options.to_vec();
        self
    }

    /// The segment with its checksum over the pseudo-header `src`/`dst`.
    pub fn build(&self, src: [u8; 4], dst: [u8; 4], payload: &[u8]) -> Vec<u8> {
        let mut opts = self.options.clone();
        while opts.len() % 4 != 0 {
            opts.push(0);
        }
        let hlen = 20 + opts.len();
        let mut s = Vec::with_capacity(hlen + payload.len());
        s.extend_from_slice(&self.sport.to_be_bytes());
        s.extend_from_slice(&self.dport.to_be_bytes());
        s.extend_from_slice(&self.seq.to_be_bytes());
        s.extend_from_slice(&self.ack.to_be_bytes());
        s.push(((hlen / 4) as u8) << 4); // data offset
        s.push(self.flags);
        s.extend_from_slice(&self.win.to_be_bytes());
        s.extend_from_slice(&[0, 0]); // checksum, below
        s.extend_from_slice(&self.urp.to_be_bytes());
        s.extend_from_slice(&opts);
        s.extend_from_slice(payload);
        set_l4_checksum(&mut s, 16, src, dst, PROTO_TCP);
        s
    }
}

/// A UDP datagram with a correct checksum.
pub fn udp(src: [u8; 4], dst: [u8; 4], sport: u16, dport: u16, payload: &[u8]) -> Vec<u8> {
    let mut s = Vec::with_capacity(8 + payload.len());
    s.extend_from_slice(&sport.to_be_bytes());
    s.extend_from_slice(&dport.to_be_bytes());
    s.extend_from_slice(&((8 + payload.len()) as u16).to_be_bytes());
    s.extend_from_slice(&[0, 0]);
    s.extend_from_slice(payload);
    set_l4_checksum(&mut s, 6, src, dst, PROTO_UDP);
    s
}

/// An ICMP message: type, code, the 4 bytes after the checksum, the body;
/// checksum computed.
pub fn icmp(icmp_type: u8, code: u8, rest: [u8; 4], body: &[u8]) -> Vec<u8> {
    let mut m = vec![icmp_type, code, 0, 0];
    m.extend_from_slice(&rest);
    m.extend_from_slice(body);
    let sum = checksum(&m);
    m[2..4].copy_from_slice(&sum.to_be_bytes());
    m
}

/// Flips the high byte of the 16-bit field at `at`: a checksum made wrong.
pub fn spoil(f: &mut [u8], at: usize) {
    f[at] ^= 0xff;
}
