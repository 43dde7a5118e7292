//! The Broadcom lawful-intercept shim (UDP from port 49152): a 4-byte
//! header, then the intercepted packet, which [`super::encap`] decodes as a
//! level of its own when the shim names what it is.
//!
//! ```text
//!  |dir. | pkt-type |subtype|              LI-ID (22 bits)             |
//!   3 bits  4 bits   3 bits
//! ```

use super::encap::{self, Inner, Tunnel};
use super::error::{Layer, Stop};
use super::udp::Udp;
use super::{App, Decoded};

/// tcpdump's `BCM_LI_PORT`: only the source port counts.
pub const PORT: u16 = 49152;
pub const SHIM_LEN: usize = 4;

/// Directions.
pub const DIR_UNUSED: u8 = 1;
pub const DIR_EGRESS: u8 = 2;
pub const DIR_INGRESS: u8 = 3;

/// Packet types: what follows the shim.
pub const TYPE_UNDECIDED: u8 = 4;
pub const TYPE_IPV4: u8 = 5;
pub const TYPE_IPV6: u8 = 6;
pub const TYPE_ETHERNET: u8 = 7;

/// Packet subtypes.
pub const SUBTYPE_SINGLE_VLAN: u8 = 1;
pub const SUBTYPE_DOUBLE_VLAN: u8 = 2;
pub const SUBTYPE_UNTAGGED: u8 = 3;

/// A BCM-LI shim, as far as it was captured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BcmLi {
    /// The UDP payload length (tcpdump's `length`).
    pub length: u32,
    /// The 32-bit shim, if captured.
    pub shim: Option<u32>,
    /// Every byte the UDP length claims was captured (tcpdump checks this
    /// when it does not print the intercepted packet).
    pub complete: bool,
    /// The first byte after the shim, if captured (an undecided packet's
    /// IP version is guessed from it).
    pub first: Option<u8>,
}

impl BcmLi {
    /// The payload is shorter than a shim: tcpdump prints
    /// `(length N < 4) (invalid)`.
    pub fn too_short(&self) -> bool {
        self.length < SHIM_LEN as u32
    }
    pub fn direction(&self) -> Option<u8> {
        self.shim.map(|s| (s >> 29 & 0x7) as u8)
    }
    pub fn pkt_type(&self) -> Option<u8> {
        self.shim.map(|s| (s >> 25 & 0xf) as u8)
    }
    pub fn pkt_subtype(&self) -> Option<u8> {
        self.shim.map(|s| (s >> 22 & 0x7) as u8)
    }
    pub fn li_id(&self) -> Option<u32> {
        self.shim.map(|s| s & 0x3f_ffff)
    }
    /// What follows the shim: the type, or for an undecided one the IP
    /// version its first nibble names; `None` when it is not known (or
    /// the byte was not captured).
    pub fn inner(&self) -> Option<Inner> {
        match self.pkt_type()? {
            TYPE_ETHERNET => Some(Inner::Ethernet),
            TYPE_IPV4 => Some(Inner::Ipv4),
            TYPE_IPV6 => Some(Inner::Ipv6),
            TYPE_UNDECIDED => match self.first? >> 4 {
                4 => Some(Inner::Ipv4),
                6 => Some(Inner::Ipv6),
                _ => None,
            },
            _ => None,
        }
    }
}

/// Decodes a BCM-LI shim at `off` and the packet it carries. `p` runs to
/// the end of the captured IP datagram, `length` is the UDP payload length.
pub fn decode<'a>(p: &'a [u8], length: u32, off: usize, udp: Udp<'a>, d: &mut Decoded<'a>) {
    let rest = super::bytes::suffix(p, SHIM_LEN);
    let b = BcmLi {
        length,
        shim: super::bytes::be32_at(p, 0),
        complete: p.len() as u64 >= u64::from(length),
        first: rest.first().copied(),
    };
    d.app = App::BcmLi(b);
    if b.too_short() {
        d.stop = Some(Stop::invalid(Layer::BcmLi, off));
        return;
    }
    if b.shim.is_none() {
        d.stop = Some(Stop::truncated(Layer::BcmLi, off));
        return;
    }
    if b.pkt_type() == Some(TYPE_UNDECIDED) && b.first.is_none() {
        d.stop = Some(Stop::truncated(Layer::BcmLi, off + SHIM_LEN));
        return;
    }
    let Some(inner) = b.inner() else {
        return;
    };
    encap::descend(
        d,
        Tunnel::BcmLi(udp, b),
        Layer::BcmLi,
        rest,
        length - SHIM_LEN as u32,
        off + SHIM_LEN,
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

    fn frame(sport: u16, dport: u16, payload: &[u8]) -> Vec<u8> {
        ether(
            0x0800,
            &ipv4(17, OUTER_A, OUTER_B, &udp(sport, dport, payload)),
        )
    }

    fn shim(dir: u32, ty: u32, sub: u32, id: u32) -> [u8; 4] {
        (dir << 29 | ty << 25 | sub << 22 | id).to_be_bytes()
    }

    fn bcm(d: &Decoded<'_>) -> Option<BcmLi> {
        let app = match d.encap.get(0) {
            Some(level) => level.tunnel.app(),
            None => d.app,
        };
        match app {
            App::BcmLi(b) => Some(b),
            _ => None,
        }
    }

    #[test]
    fn shim_fields() {
        let mut p = shim(3, 5, 2, 0x2a_bcde).to_vec();
        p.extend_from_slice(&ipv4(17, INNER_A, INNER_B, &udp(1, 2, b"a")));
        let f = frame(PORT, 9, &p);
        let d = decode_frame(LinkType::ETHERNET, &f, f.len() as u32);
        let b = bcm(&d).unwrap();
        assert_eq!(
            (b.direction(), b.pkt_type(), b.pkt_subtype(), b.li_id()),
            (Some(3), Some(5), Some(2), Some(0x2a_bcde))
        );
        assert!(b.complete);
        assert_eq!(d.levels(), 2);
        assert!(matches!(d.net, Net::Ipv4(_)));
        assert_eq!(d.stop, None);
    }

    #[test]
    fn only_the_source_port() {
        let f = frame(9, PORT, &shim(2, 7, 3, 1));
        let d = decode_frame(LinkType::ETHERNET, &f, f.len() as u32);
        assert_eq!(bcm(&d), None);
    }

    #[test]
    fn undecided_guesses_from_the_first_nibble() {
        for (first, levels, v6) in [(0x45, 2, false), (0x60, 2, true), (0x11, 1, false)] {
            let mut p = shim(1, 4, 3, 7).to_vec();
            p.push(first);
            let f = frame(PORT, 9, &p);
            let d = decode_frame(LinkType::ETHERNET, &f, f.len() as u32);
            assert_eq!(d.levels(), levels, "first {first:#x}");
            if levels == 2 {
                assert_eq!(matches!(d.net, Net::Ipv6(_)), v6);
            }
        }
        // Nothing after the shim: the guess runs out of bytes.
        let f = frame(PORT, 9, &shim(1, 4, 3, 7));
        let d = decode_frame(LinkType::ETHERNET, &f, f.len() as u32);
        let s = d.stop.unwrap();
        assert_eq!((s.layer, s.kind), (Layer::BcmLi, StopKind::Truncated));
    }

    #[test]
    fn unknown_type_carries_nothing() {
        let mut p = shim(0, 9, 0, 7).to_vec();
        p.extend_from_slice(b"abcd");
        let f = frame(PORT, 9, &p);
        let d = decode_frame(LinkType::ETHERNET, &f, f.len() as u32);
        assert_eq!(d.levels(), 1);
        assert_eq!(d.stop, None);
        assert_eq!(bcm(&d).unwrap().inner(), None);
    }

    #[test]
    fn every_cut_and_too_short() {
        let mut p = shim(2, 7, 1, 3).to_vec();
        p.extend_from_slice(&ether(0x1234, b"xy"));
        let f = frame(PORT, 9, &p);
        let hdr = 14 + 20 + 8;
        for n in hdr..hdr + SHIM_LEN {
            let d = decode_frame(LinkType::ETHERNET, &f[..n], f.len() as u32);
            let b = bcm(&d).unwrap();
            assert_eq!(b.shim, None, "cut at {n}");
            assert!(!b.complete);
            let s = d.stop.unwrap();
            assert_eq!((s.layer, s.kind), (Layer::BcmLi, StopKind::Truncated));
        }
        for n in hdr + SHIM_LEN..f.len() {
            let d = decode_frame(LinkType::ETHERNET, &f[..n], f.len() as u32);
            assert!(!bcm(&d).unwrap().complete, "cut at {n}");
        }
        let f = frame(PORT, 9, &[0xff, 0, 0]);
        let d = decode_frame(LinkType::ETHERNET, &f, f.len() as u32);
        assert!(bcm(&d).unwrap().too_short());
        assert_eq!(d.stop.unwrap().kind, StopKind::Invalid);
    }
}
