//! GRE: version 0 (RFC 1701, RFC 2784, RFC 2890: checksum, offset, key,
//! sequence number, source routing) and version 1, the enhanced GRE of
//! PPTP (RFC 2637: call id, sequence and acknowledgement numbers, PPP
//! payload). What GRE carries (IPv4, IPv6, Ethernet by transparent
//! bridging, PPP) is decoded by [`super::encap`] as a level of its own.
//!
//! ```text
//!  |C|R|K|S|s|Recur|A| Flags | Ver |         Protocol Type         |
//!  |      Checksum (optional)      |       Offset (optional)       |
//!  |                         Key (optional)                        |
//!  |                    Sequence Number (optional)                 |
//!  |               Acknowledgment Number (v1, optional)            |
//!  |                         Routing (optional)                    |
//! ```

use super::bytes::{be16_at, be32_at, suffix};
use super::encap::{self, Inner, Tunnel};
use super::error::{Layer, Stop};
use super::{mpls, Decoded, Transport};

pub const FLAG_CHECKSUM: u16 = 0x8000;
pub const FLAG_ROUTING: u16 = 0x4000;
pub const FLAG_KEY: u16 = 0x2000;
pub const FLAG_SEQ: u16 = 0x1000;
pub const FLAG_STRICT_ROUTE: u16 = 0x0800;
pub const FLAG_ACK: u16 = 0x0080;
pub const VERSION_MASK: u16 = 0x0007;

/// Source route entry address families.
pub const SRE_IP: u16 = 0x0800;
pub const SRE_ASN: u16 = 0xfffe;

pub const ETHERTYPE_IPV4: u16 = 0x0800;
pub const ETHERTYPE_IPV6: u16 = 0x86dd;
pub const ETHERTYPE_TEB: u16 = 0x6558;
pub const ETHERTYPE_PPP: u16 = 0x880b;

/// The PPP protocols whose payload is decoded further (RFC 1661, RFC
/// 5072); tcpdump also hands IP tagged with its ethertype and VJ
/// uncompressed TCP to its IPv4 printer.
pub const PPP_IP: u16 = 0x0021;
pub const PPP_VJNC: u16 = 0x002f;
pub const PPP_IPV6: u16 = 0x0057;
pub const PPP_COMP: u16 = 0x00fd;

/// A GRE header, as far as tcpdump reads it. Each optional field is `Some`
/// when its flag is set and it was captured within the GRE length; the
/// first field that a flag announces but is `None` is where the capture
/// (or the length) ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gre<'a> {
    /// The IP payload length (tcpdump's `length`).
    pub length: u32,
    /// The flags and version word; `None` when not captured.
    pub flags: Option<u16>,
    pub protocol: Option<u16>,
    /// Version 0 with C or R.
    pub checksum: Option<u16>,
    pub offset: Option<u16>,
    /// The key (version 0) or payload length and call id (version 1).
    pub key: Option<u32>,
    pub seq: Option<u32>,
    /// Version 1 with A.
    pub ack: Option<u32>,
    /// Version 0 with R: the source route entries, from the first to the
    /// end of the captured packet.
    pub routing: &'a [u8],
    /// The GRE length left at the first source route entry.
    pub routing_len: u32,
    /// The payload (empty unless the header was read whole).
    pub payload: &'a [u8],
    pub payload_len: u32,
    /// Version 1 with a sequence number and protocol PPP: the PPP header.
    pub ppp: Option<Ppp>,
}

impl<'a> Gre<'a> {
    pub fn version(&self) -> Option<u8> {
        self.flags.map(|f| (f & VERSION_MASK) as u8)
    }
    pub fn has(&self, flag: u16) -> bool {
        self.flags.is_some_and(|f| f & flag != 0)
    }
    /// The source route entries, walked as tcpdump walks them.
    pub fn sres(&self) -> Sres<'a> {
        Sres {
            rest: self.routing,
            len: self.routing_len,
            done: !(self.version() == Some(0) && self.has(FLAG_ROUTING)),
        }
    }
    /// The whole header was read (and, with R, the routing walk ended at
    /// its terminating entry).
    pub fn complete(&self) -> bool {
        let Some(v) = self.version() else {
            return false;
        };
        if self.protocol.is_none() {
            return false;
        }
        match v {
            0 => {
                let cr = self.has(FLAG_CHECKSUM) || self.has(FLAG_ROUTING);
                !(cr && self.offset.is_none()
                    || self.has(FLAG_KEY) && self.key.is_none()
                    || self.has(FLAG_SEQ) && self.seq.is_none())
                    && self.sres().all(|s| !matches!(s, SreItem::Cut))
            }
            1 => {
                !(self.has(FLAG_KEY) && self.key.is_none()
                    || self.has(FLAG_SEQ) && self.seq.is_none()
                    || self.has(FLAG_ACK) && self.ack.is_none())
            }
            _ => true,
        }
    }
}

/// A PPP header (RFC 1661, with address and control fields or a
/// compressed protocol field, RFC 1662), as tcpdump's `ppp_print` reads
/// it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ppp {
    /// The PPP frame's length (tcpdump's `olen`).
    pub length: u32,
    /// What the first two bytes say; `None` when the frame is shorter
    /// than 2 bytes or they were not captured (see `protocol`).
    pub prefix: Option<PppPrefix>,
    pub protocol: PppProtocol,
    /// Header bytes before the payload.
    pub header_len: u32,
}

/// The first two bytes of a PPP frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PppPrefix {
    /// Not address and control: the protocol field starts the frame.
    None,
    /// Address and control, 0xff03.
    AddressControl,
    /// pppd's "in" (0x0003) and "out" (0x0103) marks.
    PppdIn,
    PppdOut,
}

/// The protocol field of a PPP header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PppProtocol {
    Known(u16),
    /// The length ran out first (tcpdump's `[|ppp]`).
    Short,
    /// The capture ran out first (a failed fetch: `[|ppp]`, whole-frame
    /// dump).
    Cut,
}

/// One step of the source route walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SreItem<'a> {
    Entry(Sre<'a>),
    /// The walk ran out of bytes (captured or claimed): tcpdump's `[|gre]`.
    Cut,
}

/// A source route entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sre<'a> {
    pub af: u16,
    pub sre_offset: u8,
    pub sre_len: u8,
    /// The captured bytes from the entry's data on.
    pub data: &'a [u8],
    /// The GRE length left at the entry's data.
    pub avail: u32,
}

/// How tcpdump reads a source route entry's data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SreCheck {
    BadOffset,
    BadLength,
    BadOffLen,
    /// Addresses (IP) or AS numbers (ASN), `width` bytes each.
    Entries {
        width: usize,
    },
    /// Another address family: not read.
    Other,
}

impl<'a> Sre<'a> {
    pub fn check(&self) -> SreCheck {
        let width = match self.af {
            SRE_IP => 4,
            SRE_ASN => 2,
            _ => return SreCheck::Other,
        };
        let mask = width as u8 - 1;
        if self.sre_offset & mask != 0 {
            SreCheck::BadOffset
        } else if self.sre_len & mask != 0 {
            SreCheck::BadLength
        } else if self.sre_offset >= self.sre_len {
            SreCheck::BadOffLen
        } else {
            SreCheck::Entries { width }
        }
    }

    /// The entries: each its offset in the data and its value, `None` for
    /// the one the capture or the length cut (the last).
    pub fn entries(&self) -> impl Iterator<Item = (usize, Option<u32>)> + 'a {
        let width = match self.check() {
            SreCheck::Entries { width } => width,
            _ => 0,
        };
        let (data, avail, n) = (self.data, self.avail, usize::from(self.sre_len));
        let mut cut = false;
        (0..n)
            .step_by(width.max(1))
            .take_while(move |_| width > 0)
            .map_while(move |off| {
                if cut {
                    return None;
                }
                let v = if (avail as usize) < off + width {
                    None
                } else if width == 4 {
                    be32_at(data, off)
                } else {
                    be16_at(data, off).map(u32::from)
                };
                cut = v.is_none();
                Some((off, v))
            })
    }

    /// The data was read whole (no `[|gre]` inside the entry).
    pub fn complete(&self) -> bool {
        self.entries().all(|(_, v)| v.is_some())
    }
}

/// The source route walk of tcpdump's `gre_print_0`.
#[derive(Clone, Debug)]
pub struct Sres<'a> {
    rest: &'a [u8],
    len: u32,
    done: bool,
}

impl<'a> Sres<'a> {
    /// The bytes after the terminating entry, and the length left there,
    /// when the walk ends there.
    fn end(mut self) -> Option<(&'a [u8], u32)> {
        for item in self.by_ref() {
            if item == SreItem::Cut {
                return None;
            }
        }
        Some((self.rest, self.len))
    }
}

impl<'a> Iterator for Sres<'a> {
    type Item = SreItem<'a>;
    fn next(&mut self) -> Option<SreItem<'a>> {
        if self.done {
            return None;
        }
        let header = (be16_at(self.rest, 0), self.rest.get(2), self.rest.get(3));
        let (Some(af), Some(&sre_offset), Some(&sre_len)) = header else {
            self.done = true;
            return Some(SreItem::Cut);
        };
        if self.len < 4 {
            self.done = true;
            return Some(SreItem::Cut);
        }
        self.rest = suffix(self.rest, 4);
        self.len -= 4;
        if af == 0 && sre_len == 0 {
            self.done = true;
            return None;
        }
        let sre = Sre {
            af,
            sre_offset,
            sre_len,
            data: self.rest,
            avail: self.len,
        };
        if !sre.complete() || self.len < u32::from(sre_len) {
            // The entry prints, then the walk ends truncated.
            self.len = 0;
            self.rest = &[];
            return Some(SreItem::Entry(sre));
        }
        self.rest = suffix(self.rest, usize::from(sre_len));
        self.len -= u32::from(sre_len);
        Some(SreItem::Entry(sre))
    }
}

/// Reads the header fields in tcpdump's order into `g`; returns where the
/// payload starts, `None` when the header was cut (by the capture or the
/// length).
fn header<'a>(p: &'a [u8], g: &mut Gre<'a>) -> Option<usize> {
    let length = g.length as usize;
    // A field at `at`, when both captured and within the length.
    let field16 = |at: usize| be16_at(p, at).filter(|_| length >= at + 2);
    let field32 = |at: usize| be32_at(p, at).filter(|_| length >= at + 4);
    g.flags = field16(0);
    let flags = g.flags?;
    g.protocol = field16(2);
    g.protocol?;
    let mut at = 4;
    let has = |f: u16| flags & f != 0;
    match flags & VERSION_MASK {
        0 => {
            if has(FLAG_CHECKSUM) || has(FLAG_ROUTING) {
                g.checksum = field16(at);
                g.checksum?;
                g.offset = field16(at + 2);
                g.offset?;
                at += 4;
            }
            if has(FLAG_KEY) {
                g.key = field32(at);
                g.key?;
                at += 4;
            }
            if has(FLAG_SEQ) {
                g.seq = field32(at);
                g.seq?;
                at += 4;
            }
            if has(FLAG_ROUTING) {
                g.routing = suffix(p, at);
                g.routing_len = (length - at) as u32;
                let (rest, _) = g.sres().end()?;
                at = p.len() - rest.len();
            }
            Some(at)
        }
        1 => {
            if has(FLAG_KEY) {
                g.key = field32(at);
                g.key?;
                at += 4;
            }
            if has(FLAG_SEQ) {
                g.seq = field32(at);
                g.seq?;
                at += 4;
            }
            if has(FLAG_ACK) {
                g.ack = field32(at);
                g.ack?;
                at += 4;
            }
            Some(at)
        }
        _ => Some(at),
    }
}

/// Reads a PPP header as tcpdump's `ppp_print` does: `p` is the PPP
/// frame, `length` its length.
pub fn ppp(p: &[u8], length: u32) -> Ppp {
    let mut h = Ppp {
        length,
        prefix: None,
        protocol: PppProtocol::Short,
        header_len: 0,
    };
    if length < 2 {
        return h;
    }
    let Some(first) = be16_at(p, 0) else {
        h.protocol = PppProtocol::Cut;
        return h;
    };
    let prefix = match first {
        0x0003 => PppPrefix::PppdIn,
        0x0103 => PppPrefix::PppdOut,
        0xff03 => PppPrefix::AddressControl,
        _ => PppPrefix::None,
    };
    h.prefix = Some(prefix);
    let at: usize = if prefix == PppPrefix::None { 0 } else { 2 };
    if length - (at as u32) < 2 {
        return h;
    }
    let (protocol, width) = match p.get(at) {
        None => (None, 0),
        Some(&b) if b % 2 == 1 => (Some(u16::from(b)), 1),
        Some(_) => (be16_at(p, at), 2),
    };
    match protocol {
        Some(v) => {
            h.protocol = PppProtocol::Known(v);
            h.header_len = (at + width) as u32;
        }
        None => h.protocol = PppProtocol::Cut,
    }
    h
}

/// Decodes a GRE packet at `off`; `length` is the IP payload length.
pub fn decode<'a>(p: &'a [u8], length: u32, off: usize, d: &mut Decoded<'a>) {
    let mut g = Gre {
        length,
        flags: None,
        protocol: None,
        checksum: None,
        offset: None,
        key: None,
        seq: None,
        ack: None,
        routing: &[],
        routing_len: 0,
        payload: &[],
        payload_len: 0,
        ppp: None,
    };
    let Some(hlen) = header(p, &mut g) else {
        d.transport = Transport::Gre(g);
        d.stop = Some(Stop::truncated(Layer::Gre, off));
        return;
    };
    g.payload = suffix(p, hlen);
    g.payload_len = length - hlen as u32;
    let (version, protocol) = (g.version(), g.protocol.unwrap_or(0));
    let inner_off = off + hlen;
    let inner = match version {
        Some(0) => match protocol {
            ETHERTYPE_IPV4 => Some(Inner::Ipv4),
            ETHERTYPE_IPV6 => Some(Inner::Ipv6),
            ETHERTYPE_TEB => Some(Inner::Ethernet),
            mpls::ETHERTYPE_UNICAST | mpls::ETHERTYPE_MULTICAST => Some(Inner::Mpls),
            _ => None,
        },
        Some(1) if g.has(FLAG_SEQ) && protocol == ETHERTYPE_PPP => {
            let h = ppp(g.payload, g.payload_len);
            g.ppp = Some(h);
            match h.protocol {
                PppProtocol::Short | PppProtocol::Cut => {
                    d.transport = Transport::Gre(g);
                    d.stop = Some(Stop::truncated(Layer::Ppp, inner_off));
                    return;
                }
                PppProtocol::Known(PPP_IP | PPP_VJNC | ETHERTYPE_IPV4) => Some(Inner::Ipv4),
                PppProtocol::Known(PPP_IPV6 | ETHERTYPE_IPV6) => Some(Inner::Ipv6),
                PppProtocol::Known(mpls::PPP_UNICAST | mpls::PPP_MULTICAST) => Some(Inner::Mpls),
                PppProtocol::Known(_) => None,
            }
        }
        _ => None,
    };
    d.transport = Transport::Gre(g);
    let Some(inner) = inner else {
        return;
    };
    let (bytes, len, at) = match g.ppp {
        Some(h) => (
            suffix(g.payload, h.header_len as usize),
            g.payload_len - h.header_len,
            inner_off + h.header_len as usize,
        ),
        None => (g.payload, g.payload_len, inner_off),
    };
    encap::descend(d, Tunnel::Gre(g), Layer::Gre, bytes, len, at, inner);
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::super::{decode as decode_frame, LinkType, Net};
    use super::*;
    use crate::testdata::tunnel::*;

    fn gre_frame(g: &[u8]) -> Vec<u8> {
        ether(0x0800, &ipv4(47, OUTER_A, OUTER_B, g))
    }

    fn gre_of(f: &[u8], wire: usize) -> (Gre<'_>, usize, Option<Stop>) {
        let d = decode_frame(LinkType::ETHERNET, f, wire as u32);
        // The GRE header ends the outer level, or is the last record when
        // nothing was decoded inside it.
        let t = match d.encap.get(0) {
            Some(level) => level.tunnel.transport(),
            None => d.transport,
        };
        let Transport::Gre(g) = t else {
            panic!("not GRE")
        };
        (g, d.levels(), d.stop)
    }

    #[test]
    fn version_0_fields_and_payload() {
        let inner = ipv4(17, INNER_A, INNER_B, &udp(1, 2, b"a"));
        let mut g = vec![
            0xb0, 0x00, 0x08, 0x00, 0xab, 0xcd, 0, 4, 0, 0, 0, 9, 0, 0, 0, 3,
        ];
        g.extend_from_slice(&inner);
        let f = gre_frame(&g);
        let (gre, levels, stop) = gre_of(&f, f.len());
        assert_eq!(stop, None);
        assert_eq!(levels, 2);
        assert_eq!(gre.version(), Some(0));
        assert_eq!((gre.checksum, gre.offset), (Some(0xabcd), Some(4)));
        assert_eq!((gre.key, gre.seq), (Some(9), Some(3)));
        assert_eq!(gre.payload, &inner[..]);
        assert!(gre.complete());
        // Every cut inside the header stops at GRE.
        for n in 34..34 + 16 {
            let (gre, levels, stop) = gre_of(&f[..n], f.len());
            assert_eq!(levels, 1);
            assert_eq!(stop.map(|s| s.layer), Some(Layer::Gre), "cut at {n}");
            assert!(!gre.complete());
        }
    }

    #[test]
    fn source_routes() {
        // IP entry: two addresses, offset 4 (the second current); ASN
        // entry with a bad offset; the terminator.
        let mut g = vec![0x40, 0x00, 0x08, 0x00, 0, 0, 0, 0];
        g.extend_from_slice(&[0x08, 0x00, 4, 8, 1, 1, 1, 1, 2, 2, 2, 2]);
        g.extend_from_slice(&[0xff, 0xfe, 1, 4, 0, 1, 0, 2]);
        g.extend_from_slice(&[0, 0, 0, 0]);
        let f = gre_frame(&g);
        let (gre, _, stop) = gre_of(&f, f.len());
        let items: Vec<_> = gre.sres().collect();
        assert_eq!(items.len(), 2);
        let SreItem::Entry(ip) = items[0] else {
            panic!()
        };
        assert_eq!(ip.check(), SreCheck::Entries { width: 4 });
        let entries: Vec<_> = ip.entries().collect();
        assert_eq!(
            entries,
            vec![(0, Some(0x0101_0101)), (4, Some(0x0202_0202))]
        );
        let SreItem::Entry(asn) = items[1] else {
            panic!()
        };
        assert_eq!(asn.check(), SreCheck::BadOffset);
        assert!(gre.complete());
        // The inner IPv4 packet is empty: the IPv4 decoder stops.
        assert_eq!(stop.map(|s| s.layer), Some(Layer::Ip));
        // Routing that runs past the length: cut.
        let f = gre_frame(&g[..14]);
        let (gre, _, stop) = gre_of(&f, f.len());
        assert_eq!(gre.sres().last(), Some(SreItem::Cut));
        assert_eq!(stop.map(|s| s.layer), Some(Layer::Gre));
    }

    #[test]
    fn pptp_ppp_forms() {
        let inner = ipv4(17, INNER_A, INNER_B, &udp(1, 2, b"a"));
        let v1 = |ppp: &[u8]| {
            let mut g = vec![0x30, 0x01, 0x88, 0x0b, 0, 0, 0, 5, 0, 0, 0, 1];
            g.extend_from_slice(ppp);
            gre_frame(&g)
        };
        let with_ac = v1(&[&[0xff, 0x03, 0x00, 0x21][..], &inner].concat());
        let (gre, levels, _) = gre_of(&with_ac, with_ac.len());
        let ppp = gre.ppp.unwrap();
        assert_eq!(ppp.prefix, Some(PppPrefix::AddressControl));
        assert_eq!(ppp.protocol, PppProtocol::Known(PPP_IP));
        assert_eq!((ppp.header_len, levels), (4, 2));
        let pfc = v1(&[&[0x21][..], &inner].concat());
        let (gre, levels, _) = gre_of(&pfc, pfc.len());
        let ppp = gre.ppp.unwrap();
        assert_eq!(
            (ppp.prefix, ppp.header_len, levels),
            (Some(PppPrefix::None), 1, 2)
        );
        let short = v1(&[0xff]);
        let (gre, levels, stop) = gre_of(&short, short.len());
        assert_eq!(gre.ppp.unwrap().protocol, PppProtocol::Short);
        assert_eq!((levels, stop.map(|s| s.layer)), (1, Some(Layer::Ppp)));
        let other = v1(&[0xc0, 0x21, 1, 1, 0, 4]);
        let (gre, levels, stop) = gre_of(&other, other.len());
        assert_eq!(gre.ppp.unwrap().protocol, PppProtocol::Known(0xc021));
        assert_eq!((levels, stop), (1, None));
    }

    #[test]
    fn teb_carries_ethernet() {
        let eth = ether(0x0800, &ipv4(17, INNER_A, INNER_B, &udp(1, 2, b"a")));
        let mut g = vec![0x00, 0x00, 0x65, 0x58];
        g.extend_from_slice(&eth);
        let f = gre_frame(&g);
        let d = decode_frame(LinkType::ETHERNET, &f, f.len() as u32);
        assert_eq!(d.levels(), 2);
        assert!(matches!(d.link, crate::decode::Link::Ethernet(_)));
        assert!(matches!(d.net, Net::Ipv4(_)));
        assert_eq!(d.link_hdr_len, 14);
        assert_eq!(d.net_offset(), 14 + 20 + 4 + 14);
    }
}
