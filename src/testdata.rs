//! Frames built byte by byte for the unit tests of decode/ and render/,
//! defined once so that the decoder's tests and every renderer's tests read
//! the same bytes. Raw-IP frames (link type RAW): they start at the IPv4
//! header.

/// ICMP port unreachable from 10.0.0.9 to 10.0.0.2, quoting a UDP datagram
/// (10.0.0.2:40000 -> 10.0.0.3:33434, ttl 1, 8 bytes of data) whole.
#[rustfmt::skip]
pub(crate) const PORT_UNREACH: [u8; 64] = [
    0x45, 0xc0, 0x00, 0x40, 0x00, 0x01, 0x00, 0x00, // IPv4, tos 0xc0, length 64, id 1
    0x40, 0x01, 0x65, 0xf2, 10, 0, 0, 9,             // ttl 64, ICMP, checksum, src
    10, 0, 0, 2,                                     // dst
    0x03, 0x03, 0x4c, 0x7c, 0x00, 0x00, 0x00, 0x00, // unreachable, port, checksum, unused
    0x45, 0x00, 0x00, 0x24, 0x12, 0x34, 0x40, 0x00, // quoted IPv4: length 36, id 0x1234, DF
    0x01, 0x11, 0x53, 0x91, 10, 0, 0, 2,             // ttl 1, UDP, checksum, src
    10, 0, 0, 3,                                     // dst
    0x9c, 0x40, 0x82, 0x9a, 0x00, 0x10, 0x00, 0x00, // UDP 40000 -> 33434, length 16
    b'a', b'b', b'c', b'd', b'e', b'f', b'g', b'h',
];

/// A BOOTP message in IPv4 and UDP (no checksums), Ethernet hardware
/// addresses, client hardware address 02:00:00:00:00:01, the DHCP magic
/// cookie, then the options given to [`BootpFrame::frame`]. The fields not here
/// (secs, ciaddr, siaddr, sname, file) are zero.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BootpFrame {
    pub op: u8,
    pub hops: u8,
    pub xid: u32,
    pub flags: u16,
    pub yiaddr: [u8; 4],
    pub giaddr: [u8; 4],
    pub src: [u8; 4],
    pub dst: [u8; 4],
    pub sport: u16,
    pub dport: u16,
}

impl BootpFrame {
    /// A client's request, 0.0.0.0:68 -> 255.255.255.255:67, xid 0x2a.
    pub(crate) fn request() -> BootpFrame {
        BootpFrame {
            op: 1,
            hops: 0,
            xid: 0x2a,
            flags: 0,
            yiaddr: [0; 4],
            giaddr: [0; 4],
            src: [0; 4],
            dst: [255; 4],
            sport: 68,
            dport: 67,
        }
    }

    /// The frame, with `options` after the magic cookie.
    pub(crate) fn frame(&self, options: &[u8]) -> Vec<u8> {
        let mut m = vec![0u8; 236];
        m[..4].copy_from_slice(&[self.op, 1, 6, self.hops]); // op, Ethernet, hlen 6, hops
        m[4..8].copy_from_slice(&self.xid.to_be_bytes());
        m[10..12].copy_from_slice(&self.flags.to_be_bytes());
        m[16..20].copy_from_slice(&self.yiaddr);
        m[24..28].copy_from_slice(&self.giaddr);
        m[28..34].copy_from_slice(&[2, 0, 0, 0, 0, 1]); // chaddr
        m.extend_from_slice(&[99, 130, 83, 99]); // magic cookie
        m.extend_from_slice(options);
        let udp_len = (8 + m.len()) as u16;
        let mut f = vec![
            0x45, 0, 0, 0, 0, 0, 0, 0, 64, 17, 0, 0, // IPv4, ttl 64, UDP, no checksum
        ];
        f[2..4].copy_from_slice(&(20 + udp_len).to_be_bytes());
        f.extend_from_slice(&self.src);
        f.extend_from_slice(&self.dst);
        f.extend_from_slice(&self.sport.to_be_bytes());
        f.extend_from_slice(&self.dport.to_be_bytes());
        f.extend_from_slice(&udp_len.to_be_bytes());
        f.extend_from_slice(&[0, 0]); // no checksum
        f.extend_from_slice(&m);
        f
    }
}

/// Builders for tunnelled frames (Ethernet link type): checksums of IPv4
/// headers right, UDP checksums 0 (none).
pub(crate) mod tunnel {
    use crate::decode::bytes::checksum;

    pub(crate) const OUTER_A: [u8; 4] = [10, 0, 0, 1];
    pub(crate) const OUTER_B: [u8; 4] = [10, 0, 0, 2];
    pub(crate) const INNER_A: [u8; 4] = [192, 168, 0, 1];
    pub(crate) const INNER_B: [u8; 4] = [192, 168, 0, 2];

    /// An IPv4 header (DF, ttl 64, id 1) and `payload`.
    pub(crate) fn ipv4(proto: u8, src: [u8; 4], dst: [u8; 4], payload: &[u8]) -> Vec<u8> {
        let mut p = vec![0x45, 0, 0, 0, 0, 1, 0x40, 0, 64, proto, 0, 0];
        p[2..4].copy_from_slice(&(20 + payload.len() as u16).to_be_bytes());
        p.extend_from_slice(&src);
        p.extend_from_slice(&dst);
        let sum = checksum(&p, 0);
        p[10..12].copy_from_slice(&sum.to_be_bytes());
        p.extend_from_slice(payload);
        p
    }

    /// A UDP header without checksum and `payload`.
    pub(crate) fn udp(sport: u16, dport: u16, payload: &[u8]) -> Vec<u8> {
        let mut s = sport.to_be_bytes().to_vec();
        s.extend_from_slice(&dport.to_be_bytes());
        s.extend_from_slice(&(8 + payload.len() as u16).to_be_bytes());
        s.extend_from_slice(&[0, 0]);
        s.extend_from_slice(payload);
        s
    }

    /// A 20-byte TCP header (checksum 0) and `payload`.
    pub(crate) fn tcp(sport: u16, dport: u16, seq: u32, flags: u8, payload: &[u8]) -> Vec<u8> {
        let mut s = sport.to_be_bytes().to_vec();
        s.extend_from_slice(&dport.to_be_bytes());
        s.extend_from_slice(&seq.to_be_bytes());
        s.extend_from_slice(&[0, 0, 0, 0, 0x50, flags, 0x20, 0x00, 0, 0, 0, 0]);
        s.extend_from_slice(payload);
        s
    }

    /// An Ethernet II header and `payload`.
    pub(crate) fn ether(ethertype: u16, payload: &[u8]) -> Vec<u8> {
        let mut f = vec![2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1];
        f.extend_from_slice(&ethertype.to_be_bytes());
        f.extend_from_slice(payload);
        f
    }

    /// TCP port 40000 -> 80 between the inner hosts, in IPv4.
    pub(crate) fn inner_tcp(seq: u32, flags: u8, payload: &[u8]) -> Vec<u8> {
        ipv4(6, INNER_A, INNER_B, &tcp(40000, 80, seq, flags, payload))
    }

    /// The VXLAN header (I flag) for `vni`.
    pub(crate) fn vxlan_header(vni: u32) -> [u8; 8] {
        let w = (vni << 8).to_be_bytes();
        [0x08, 0, 0, 0, w[0], w[1], w[2], w[3]]
    }

    /// A frame: Ethernet, IPv4 between the outer hosts, UDP to port 4789,
    /// VXLAN `vni`, then the Ethernet frame `inner`.
    pub(crate) fn vxlan(vni: u32, inner: &[u8]) -> Vec<u8> {
        let mut v = vxlan_header(vni).to_vec();
        v.extend_from_slice(inner);
        ether(0x0800, &ipv4(17, OUTER_A, OUTER_B, &udp(51000, 4789, &v)))
    }

    /// A frame: Ethernet, then `depth` IPv4-in-IPv4 headers around
    /// `innermost` (an IPv4 packet).
    pub(crate) fn ipip(depth: usize, innermost: &[u8]) -> Vec<u8> {
        let mut p = innermost.to_vec();
        for _ in 0..depth {
            p = ipv4(4, OUTER_A, OUTER_B, &p);
        }
        ether(0x0800, &p)
    }
}
