//! NSH, the network service header (RFC 8300): a base header, a service
//! path header, context headers (MD type 1: four words; MD type 2:
//! TLVs), then the packet its next protocol names (IPv4, IPv6, Ethernet),
//! which [`super::encap`] decodes as a level of its own. NSH arrives by
//! ethertype (0x894f) and in VXLAN-GPE.
//!
//! ```text
//!  |Ver|O|U|    TTL    |   Length  |U|U|U|U|MD Type| Next Protocol |
//!  |          Service Path Identifier (SPI)        | Service Index |
//!  |                 Context Header(s) ...                         |
//! ```

use super::bytes::{be16_at, be32_at, prefix, suffix};
use super::encap::{self, Inner, Tunnel};
use super::error::{Layer, Stop};
use super::vxlan::u24_at;
use super::{Decoded, Net};

pub const ETHERTYPE: u16 = 0x894f;
/// Base and service path headers.
pub const FIXED_LEN: u32 = 8;

pub const MD_TYPE1: u8 = 1;
pub const MD_TYPE2: u8 = 2;

pub const NEXT_IPV4: u8 = 1;
pub const NEXT_IPV6: u8 = 2;
pub const NEXT_ETHERNET: u8 = 3;

/// How far the header made sense, in the order tcpdump checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// The packet is shorter than the two fixed headers.
    TooShort,
    /// The base header was not captured.
    Cut,
    /// A version other than 0: tcpdump prints no more.
    BadVersion,
    /// The length field claims more than the packet holds.
    TooManyHeaders,
    /// The service path header was not captured.
    PathCut,
    /// A length field below 2 (the fixed headers alone are 2 words).
    LessThanTwo,
    /// The header is usable; `context_complete` says whether the context
    /// headers were captured whole.
    Ok,
}

/// A network service header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Nsh<'a> {
    pub form: Form,
    /// The NSH packet's length (tcpdump's `len`).
    pub length: u32,
    /// The base header word (valid from `BadVersion` on).
    pub base: u32,
    /// Service path identifier and index (valid from `LessThanTwo` on).
    pub spi: u32,
    pub si: u8,
    /// The context headers, as far as captured (bounded by the length
    /// field).
    pub context: &'a [u8],
    /// The payload, as captured, and its length.
    pub payload: &'a [u8],
    pub payload_len: u32,
}

impl<'a> Nsh<'a> {
    pub fn version(&self) -> u8 {
        (self.base >> 30) as u8
    }
    /// The O and U bits (tcpdump names 0x2, O).
    pub fn flags(&self) -> u8 {
        ((self.base >> 28) & 0x3) as u8
    }
    pub fn ttl(&self) -> u8 {
        ((self.base >> 22) & 0x3f) as u8
    }
    /// The header length in 4-byte words, fixed headers included.
    pub fn header_words(&self) -> u32 {
        (self.base >> 16) & 0x3f
    }
    pub fn md_type(&self) -> u8 {
        ((self.base >> 8) & 0x0f) as u8
    }
    pub fn next_protocol(&self) -> u8 {
        (self.base & 0xff) as u8
    }
    /// Bytes of context headers the length field announces.
    pub fn context_len(&self) -> usize {
        self.header_words().saturating_sub(2) as usize * 4
    }
    /// The context headers were captured whole.
    pub fn context_complete(&self) -> bool {
        self.context.len() >= self.context_len()
    }
    /// MD type 1's context words, as far as captured.
    pub fn words(&self) -> impl Iterator<Item = u32> + 'a {
        let c = self.context;
        (0..c.len() / 4).filter_map(move |i| be32_at(c, i * 4))
    }
    /// MD type 2's TLVs, walked as tcpdump walks them.
    pub fn tlvs(&self) -> Tlvs<'a> {
        Tlvs {
            rest: self.context,
            words_left: self.header_words().saturating_sub(2),
            done: false,
        }
    }
}

/// One MD type 2 context TLV, or where the walk ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tlv<'a> {
    Entry {
        class: u16,
        tlv_type: u8,
        /// The value's length in bytes (7 bits).
        len: u8,
        /// The value's bytes, as far as captured.
        value: &'a [u8],
        /// The value (with its padding) runs past the context headers
        /// (tcpdump's `(length too big)`): the walk ends after it.
        too_big: bool,
    },
    /// The capture ended inside a TLV's header (a failed fetch).
    Cut,
}

/// MD type 2 TLVs.
#[derive(Clone, Debug)]
pub struct Tlvs<'a> {
    rest: &'a [u8],
    /// Context words not yet walked.
    words_left: u32,
    done: bool,
}

impl<'a> Iterator for Tlvs<'a> {
    type Item = Tlv<'a>;
    fn next(&mut self) -> Option<Tlv<'a>> {
        if self.done || self.words_left == 0 {
            return None;
        }
        let (Some(class), Some(&tlv_type), Some(&l)) =
            (be16_at(self.rest, 0), self.rest.get(2), self.rest.get(3))
        else {
            self.done = true;
            return Some(Tlv::Cut);
        };
        let len = l & 0x7f;
        let padded = u32::from(len).div_ceil(4);
        self.words_left -= 1;
        let too_big = self.words_left < padded;
        let value = prefix(suffix(self.rest, 4), usize::from(len));
        if too_big {
            self.done = true;
        } else {
            self.rest = suffix(self.rest, 4 + padded as usize * 4);
            self.words_left -= padded;
        }
        Some(Tlv::Entry {
            class,
            tlv_type,
            len,
            value,
            too_big,
        })
    }
}

/// Decodes an NSH packet at `off` (`p` captured, `length` on the wire) and
/// what it carries.
pub fn decode<'a>(p: &'a [u8], length: u32, off: usize, d: &mut Decoded<'a>) {
    let mut n = Nsh {
        form: Form::TooShort,
        length,
        base: 0,
        spi: 0,
        si: 0,
        context: &[],
        payload: &[],
        payload_len: 0,
    };
    let stop = |d: &mut Decoded<'a>, n: Nsh<'a>, s: Stop| {
        d.net = Net::Nsh(n);
        d.stop = Some(s);
    };
    if length < FIXED_LEN {
        return stop(d, n, Stop::invalid(Layer::Nsh, off));
    }
    let Some(base) = be32_at(p, 0) else {
        n.form = Form::Cut;
        return stop(d, n, Stop::truncated(Layer::Nsh, off));
    };
    n.base = base;
    if n.version() != 0 {
        n.form = Form::BadVersion;
        return stop(d, n, Stop::invalid(Layer::Nsh, off));
    }
    let hlen = n.header_words() * 4;
    if length < hlen {
        n.form = Form::TooManyHeaders;
        return stop(d, n, Stop::invalid(Layer::Nsh, off));
    }
    let (Some(spi), Some(&si)) = (u24_at(p, 4), p.get(7)) else {
        n.form = Form::PathCut;
        return stop(d, n, Stop::truncated(Layer::Nsh, off));
    };
    n.spi = spi;
    n.si = si;
    if n.header_words() < 2 {
        n.form = Form::LessThanTwo;
        return stop(d, n, Stop::invalid(Layer::Nsh, off));
    }
    n.form = Form::Ok;
    n.context = prefix(suffix(p, FIXED_LEN as usize), n.context_len());
    if !n.context_complete() {
        return stop(d, n, Stop::truncated(Layer::Nsh, off));
    }
    n.payload = suffix(p, hlen as usize);
    n.payload_len = length - hlen;
    d.net = Net::Nsh(n);
    let inner = match n.next_protocol() {
        NEXT_IPV4 => Inner::Ipv4,
        NEXT_IPV6 => Inner::Ipv6,
        NEXT_ETHERNET => Inner::Ethernet,
        _ => return,
    };
    encap::descend(
        d,
        Tunnel::Nsh(n),
        Layer::Nsh,
        n.payload,
        n.payload_len,
        off + hlen as usize,
        inner,
    );
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::super::{decode as decode_frame, LinkType};
    use super::*;
    use crate::testdata::tunnel::*;

    /// An NSH header: TTL 63, `words` header words, `md`, `next`, SPI 0x123,
    /// SI 0xff, then `context`.
    fn nsh(words: u32, md: u8, next: u8, context: &[u8]) -> Vec<u8> {
        let base = 63 << 22 | words << 16 | u32::from(md) << 8 | u32::from(next);
        let mut h = base.to_be_bytes().to_vec();
        h.extend_from_slice(&[0x00, 0x01, 0x23, 0xff]);
        h.extend_from_slice(context);
        h
    }

    #[test]
    fn md1_then_ipv4() {
        let ip = ipv4(17, INNER_A, INNER_B, &udp(1, 2, b"a"));
        let mut p = nsh(6, MD_TYPE1, NEXT_IPV4, &[0; 16]);
        p.extend_from_slice(&ip);
        let f = ether(ETHERTYPE, &p);
        let d = decode_frame(LinkType::ETHERNET, &f, f.len() as u32);
        assert_eq!(d.levels(), 2);
        let Net::Nsh(n) = d.encap.get(0).unwrap().net else {
            panic!()
        };
        assert_eq!((n.form, n.spi, n.si, n.ttl()), (Form::Ok, 0x123, 0xff, 63));
        assert_eq!(
            (n.header_words(), n.md_type(), n.words().count()),
            (6, 1, 4)
        );
        assert_eq!(n.payload_len as usize, ip.len());
    }

    #[test]
    fn md2_tlvs() {
        // A TLV with 5 value bytes (2 words padded), one with none.
        let ctx = [
            0x01, 0x02, 0x03, 0x05, 1, 2, 3, 4, 5, 0, 0, 0, //
            0x00, 0x07, 0x08, 0x00,
        ];
        let p = nsh(6, MD_TYPE2, 9, &ctx);
        let f = ether(ETHERTYPE, &p);
        let d = decode_frame(LinkType::ETHERNET, &f, f.len() as u32);
        let Net::Nsh(n) = d.net else { panic!() };
        let t: Vec<_> = n.tlvs().collect();
        assert_eq!(t.len(), 2);
        assert!(matches!(
            t[0],
            Tlv::Entry {
                class: 0x0102,
                len: 5,
                too_big: false,
                ..
            }
        ));
        assert!(matches!(t[1], Tlv::Entry { len: 0, .. }));
        // A value longer than the context headers.
        let ctx = [0x01, 0x02, 0x03, 0x7f, 1, 2, 3, 4];
        let p = nsh(4, MD_TYPE2, 9, &ctx);
        let f = ether(ETHERTYPE, &p);
        let d = decode_frame(LinkType::ETHERNET, &f, f.len() as u32);
        let Net::Nsh(n) = d.net else { panic!() };
        assert!(matches!(
            n.tlvs().next(),
            Some(Tlv::Entry { too_big: true, .. })
        ));
    }

    #[test]
    fn forms() {
        for (p, form) in [
            (vec![0u8; 7], Form::TooShort),
            (nsh(2, 1, 1, &[]), Form::Ok),
            (nsh(9, 1, 1, &[]), Form::TooManyHeaders),
            (nsh(1, 1, 1, &[]), Form::LessThanTwo),
            (
                [&[0x40][..], &nsh(2, 1, 1, &[])[1..]].concat(),
                Form::BadVersion,
            ),
        ] {
            let f = ether(ETHERTYPE, &p);
            let d = decode_frame(LinkType::ETHERNET, &f, f.len() as u32);
            let n = match d.net {
                Net::Nsh(n) => n,
                _ => match d.encap.get(0).map(|l| l.net) {
                    Some(Net::Nsh(n)) => n,
                    _ => panic!(),
                },
            };
            assert_eq!(n.form, form);
        }
        // Cut in the base header, then in the service path header.
        let f = ether(ETHERTYPE, &nsh(2, 1, 1, &[]));
        for (n, form) in [(16, Form::Cut), (20, Form::PathCut)] {
            let d = decode_frame(LinkType::ETHERNET, &f[..n], f.len() as u32);
            let Net::Nsh(h) = d.net else { panic!() };
            assert_eq!(h.form, form);
        }
    }
}
