//! VXLAN (RFC 7348, UDP port 4789) and VXLAN-GPE
//! (draft-ietf-nvo3-vxlan-gpe, UDP port 4790): an 8-byte header, then the
//! inner packet, which [`super::encap`] decodes as a level of its own.
//!
//! ```text
//!  VXLAN       |R|R|R|R|I|R|R|R|            Reserved                   |
//!              |        VXLAN Network Identifier (VNI) |   Reserved    |
//!  VXLAN-GPE   |R|R|Ver|I|P|R|O|       Reserved        | Next Protocol |
//!              |        VXLAN Network Identifier (VNI) |   Reserved    |
//! ```

use super::encap::{self, Inner, Tunnel};
use super::error::{Layer, Stop};
use super::udp::Udp;
use super::{App, Decoded};

pub const PORT: u16 = 4789;
pub const GPE_PORT: u16 = 4790;
pub const HEADER_LEN: usize = 8;

/// The I flag: the VNI is valid.
pub const FLAG_I: u8 = 0x08;
/// VXLAN-GPE flags (besides I): next protocol present, BUM traffic, OAM.
pub const GPE_FLAG_P: u8 = 0x04;
pub const GPE_FLAG_B: u8 = 0x02;
pub const GPE_FLAG_O: u8 = 0x01;

/// VXLAN-GPE next protocols.
pub const NEXT_IPV4: u8 = 1;
pub const NEXT_IPV6: u8 = 2;
pub const NEXT_ETHERNET: u8 = 3;
pub const NEXT_NSH: u8 = 4;

/// A VXLAN header, as far as it was captured (tcpdump reads the flags,
/// then the VNI, then checks the last reserved byte).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Vxlan {
    /// The UDP payload length (tcpdump's `len`).
    pub length: u32,
    pub flags: Option<u8>,
    /// The 24-bit VNI.
    pub vni: Option<u32>,
    /// The second reserved byte.
    pub reserved: Option<u8>,
}

impl Vxlan {
    /// The payload is shorter than a VXLAN header: tcpdump prints
    /// `(invalid)` and nothing else.
    pub fn too_short(&self) -> bool {
        self.length < HEADER_LEN as u32
    }
    /// The whole header was captured.
    pub fn complete(&self) -> bool {
        !self.too_short() && self.reserved.is_some()
    }
}

/// A VXLAN-GPE header, as far as it was captured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gpe {
    /// The UDP payload length.
    pub length: u32,
    pub flags: Option<u8>,
    /// What follows the header (1 IPv4, 2 IPv6, 3 Ethernet, 4 NSH).
    pub next_protocol: Option<u8>,
    pub vni: Option<u32>,
    pub reserved: Option<u8>,
}

impl Gpe {
    pub fn too_short(&self) -> bool {
        self.length < HEADER_LEN as u32
    }
    pub fn complete(&self) -> bool {
        !self.too_short() && self.reserved.is_some()
    }
    /// The next protocol is one tcpdump knows.
    pub fn known_next(&self) -> bool {
        matches!(
            self.next_protocol,
            Some(NEXT_IPV4 | NEXT_IPV6 | NEXT_ETHERNET | NEXT_NSH)
        )
    }
}

/// The 24-bit big-endian value at `off`, if captured (tcpdump's
/// `GET_BE_U_3`).
pub fn u24_at(p: &[u8], off: usize) -> Option<u32> {
    let b = p.get(off..off.checked_add(3)?)?;
    Some(b.iter().fold(0u32, |a, &x| a << 8 | u32::from(x)))
}

/// Decodes a VXLAN header at `off` and the Ethernet frame it carries.
/// `p` runs to the end of the captured IP datagram, `length` is the UDP
/// payload length.
pub fn decode<'a>(p: &'a [u8], length: u32, off: usize, udp: Udp<'a>, d: &mut Decoded<'a>) {
    let v = Vxlan {
        length,
        flags: p.first().copied(),
        vni: u24_at(p, 4),
        reserved: p.get(7).copied(),
    };
    d.app = App::Vxlan(v);
    if v.too_short() {
        d.stop = Some(Stop::invalid(Layer::Vxlan, off));
        return;
    }
    if !v.complete() {
        d.stop = Some(Stop::truncated(Layer::Vxlan, off));
        return;
    }
    let inner = super::bytes::suffix(p, HEADER_LEN);
    encap::descend(
        d,
        Tunnel::Vxlan(udp, v),
        Layer::Vxlan,
        inner,
        length - HEADER_LEN as u32,
        off + HEADER_LEN,
        Inner::Ethernet,
    );
}

/// Decodes a VXLAN-GPE header at `off` and what its next protocol says
/// follows.
pub fn decode_gpe<'a>(p: &'a [u8], length: u32, off: usize, udp: Udp<'a>, d: &mut Decoded<'a>) {
    let g = Gpe {
        length,
        flags: p.first().copied(),
        next_protocol: p.get(3).copied(),
        vni: u24_at(p, 4),
        reserved: p.get(7).copied(),
    };
    d.app = App::VxlanGpe(g);
    if g.too_short() {
        d.stop = Some(Stop::invalid(Layer::VxlanGpe, off));
        return;
    }
    if !g.complete() {
        d.stop = Some(Stop::truncated(Layer::VxlanGpe, off));
        return;
    }
    let inner = match g.next_protocol {
        Some(NEXT_IPV4) => Inner::Ipv4,
        Some(NEXT_IPV6) => Inner::Ipv6,
        Some(NEXT_ETHERNET) => Inner::Ethernet,
        Some(NEXT_NSH) => Inner::Nsh,
        _ => {
            d.stop = Some(Stop::invalid(Layer::VxlanGpe, off));
            return;
        }
    };
    encap::descend(
        d,
        Tunnel::VxlanGpe(udp, g),
        Layer::VxlanGpe,
        super::bytes::suffix(p, HEADER_LEN),
        length - HEADER_LEN as u32,
        off + HEADER_LEN,
        inner,
    );
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::super::{decode as decode_frame, LinkType, Net};
    use super::*;
    use crate::decode::error::StopKind;
    use crate::testdata::tunnel::*;

    fn udp_frame(dport: u16, payload: &[u8]) -> Vec<u8> {
        ether(
            0x0800,
            &ipv4(17, OUTER_A, OUTER_B, &udp(51000, dport, payload)),
        )
    }

    fn app(f: &[u8], wire: usize) -> (App<'_>, Option<Stop>) {
        let d = decode_frame(LinkType::ETHERNET, f, wire as u32);
        let app = match d.encap.get(0) {
            Some(level) => level.tunnel.app(),
            None => d.app,
        };
        (app, d.stop)
    }

    #[test]
    fn header_fields() {
        let mut p = vxlan_header(0xabcdef).to_vec();
        p[0] = 0x8c;
        p[7] = 0x42;
        p.extend_from_slice(&ether(0x1234, b"x"));
        let f = udp_frame(PORT, &p);
        let (App::Vxlan(v), None) = app(&f, f.len()) else {
            panic!()
        };
        assert_eq!(v.flags, Some(0x8c));
        assert_eq!(v.vni, Some(0xabcdef));
        assert_eq!(v.reserved, Some(0x42));
        assert!(v.complete());
    }

    #[test]
    fn every_cut_of_the_header() {
        let f = udp_frame(PORT, &vxlan_header(5));
        let hdr = 14 + 20 + 8;
        for n in hdr..hdr + HEADER_LEN {
            let (App::Vxlan(v), Some(stop)) = app(&f[..n], f.len()) else {
                panic!("cut at {n}")
            };
            assert_eq!((stop.layer, stop.kind), (Layer::Vxlan, StopKind::Truncated));
            let got = n - hdr;
            assert_eq!(v.flags.is_some(), got >= 1);
            assert_eq!(v.vni.is_some(), got >= 7);
            assert!(v.reserved.is_none());
        }
        // Whole header, no inner frame: the Ethernet decoder runs out.
        let d = decode_frame(LinkType::ETHERNET, &f, f.len() as u32);
        assert_eq!(d.levels(), 2);
        assert_eq!(d.stop.map(|s| s.layer), Some(Layer::Ether));
    }

    #[test]
    fn too_short_for_a_header() {
        let f = udp_frame(PORT, &[8, 0, 0, 0, 0]);
        let (App::Vxlan(v), Some(stop)) = app(&f, f.len()) else {
            panic!()
        };
        assert!(v.too_short());
        assert_eq!(stop.kind, StopKind::Invalid);
    }

    #[test]
    fn gpe_next_protocols() {
        let inner = ipv4(17, INNER_A, INNER_B, &udp(1, 2, b"a"));
        // NSH is a level too (here with a bad length: nothing inside it).
        for (next, levels) in [(NEXT_IPV4, 2), (NEXT_NSH, 2), (9, 1)] {
            let mut p = vec![0x0c, 0, 0, next, 0, 0, 0x17, 0];
            p.extend_from_slice(&inner);
            let f = udp_frame(GPE_PORT, &p);
            let d = decode_frame(LinkType::ETHERNET, &f, f.len() as u32);
            assert_eq!(d.levels(), levels, "next {next}");
            let App::VxlanGpe(g) = d.outermost().app else {
                panic!()
            };
            assert_eq!((g.next_protocol, g.vni), (Some(next), Some(0x17)));
            assert_eq!(g.known_next(), next != 9);
            if levels == 2 {
                let net_ok = match next {
                    NEXT_NSH => matches!(d.net, Net::Nsh(_)),
                    _ => matches!(d.net, Net::Ipv4(_)),
                };
                assert!(net_ok, "next {next}");
                assert!(matches!(d.link, crate::decode::Link::Inner));
            }
        }
    }
}
