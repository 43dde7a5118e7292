//! MPLS (RFC 3032): a stack of 4-byte label entries, then a packet whose
//! type the label stack does not say; tcpdump guesses it from the bottom
//! label (explicit and implicit NULL) or the first payload byte, and so
//! does this decoder. A guessed IPv4 or IPv6 packet is decoded by
//! [`super::encap`] as a level of its own (an MPLS header ends a level,
//! like a tunnel header). MPLS arrives by ethertype (0x8847, 0x8848), in
//! GRE, in PPP and over UDP (port 6635).
//!
//! ```text
//!  |                Label                  | TC  |S|       TTL     |
//! ```

use super::bytes::{be32_at, prefix, suffix};
use super::encap::{self, Inner, Tunnel};
use super::error::{Layer, Stop};
use super::udp::Udp;
use super::{App, Decoded, Net};

pub const ETHERTYPE_UNICAST: u16 = 0x8847;
pub const ETHERTYPE_MULTICAST: u16 = 0x8848;
/// MPLS over UDP (RFC 7510).
pub const PORT: u16 = 6635;
/// PPP protocol numbers of MPLS.
pub const PPP_UNICAST: u16 = 0x0281;
pub const PPP_MULTICAST: u16 = 0x0283;

/// One label stack entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label {
    pub label: u32,
    /// Traffic class (the former EXP bits).
    pub tc: u8,
    /// Bottom of stack.
    pub bottom: bool,
    pub ttl: u8,
}

impl Label {
    fn from_word(w: u32) -> Label {
        Label {
            label: w >> 12,
            tc: ((w >> 9) & 0x07) as u8,
            bottom: w & 0x100 != 0,
            ttl: (w & 0xff) as u8,
        }
    }
}

/// How the walk down the label stack ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StackEnd {
    /// At an entry with the bottom-of-stack bit.
    Bottom,
    /// Fewer than 4 bytes of the length were left for the next entry
    /// (tcpdump's `(invalid)`); `captured` says whether those bytes were
    /// captured (if not, tcpdump also gives up the packet: `[|mpls]`).
    Short { captured: bool },
    /// The capture ended inside the next entry (`[|mpls]`).
    Cut,
}

/// What tcpdump takes the payload for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Payload {
    Ipv4,
    Ipv6,
    /// OSI (CLNP, ES-IS, IS-IS): netdecode has no OSI decoder.
    Osi,
    /// Nothing recognised: printed as bytes.
    Unknown,
    /// No byte left after the stack: nothing to print.
    Empty,
    /// The byte to guess from was not captured (`[|mpls]`).
    Cut,
}

/// An MPLS label stack and what follows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mpls<'a> {
    /// The label entries read, 4 bytes each.
    pub entries: &'a [u8],
    pub end: StackEnd,
    /// The MPLS packet's length (tcpdump's `length`).
    pub length: u32,
    /// After a whole stack: what the payload is taken for.
    pub payload_kind: Payload,
    /// The captured payload.
    pub payload: &'a [u8],
    pub payload_len: u32,
}

impl<'a> Mpls<'a> {
    /// The label entries, top first.
    pub fn labels(&self) -> impl Iterator<Item = Label> + 'a {
        let e = self.entries;
        (0..e.len() / 4).filter_map(move |i| be32_at(e, i * 4).map(Label::from_word))
    }
}

/// Decodes MPLS over UDP (RFC 7510): the datagram's payload (`p`, at
/// `off`, `length` bytes) is the next level, an MPLS packet.
pub fn decode_udp<'a>(p: &'a [u8], length: u32, off: usize, udp: Udp<'a>, d: &mut Decoded<'a>) {
    d.app = App::Mpls;
    encap::descend(
        d,
        Tunnel::MplsInUdp(udp),
        Layer::Mpls,
        p,
        length,
        off,
        Inner::Mpls,
    );
}

/// Decodes an MPLS label stack at `off` (`p` captured, `length` on the
/// wire) and the packet it carries.
pub fn decode<'a>(p: &'a [u8], length: u32, off: usize, d: &mut Decoded<'a>) {
    let mut m = Mpls {
        entries: &[],
        end: StackEnd::Cut,
        length,
        payload_kind: Payload::Empty,
        payload: &[],
        payload_len: 0,
    };
    let mut at = 0usize;
    let mut left = length;
    let bottom = loop {
        if left < 4 {
            let rest = suffix(p, at);
            m.end = StackEnd::Short {
                captured: rest.len() >= left as usize,
            };
            break None;
        }
        let Some(w) = be32_at(p, at) else {
            m.end = StackEnd::Cut;
            break None;
        };
        at += 4;
        left -= 4;
        let l = Label::from_word(w);
        if l.bottom {
            m.end = StackEnd::Bottom;
            break Some(l);
        }
    };
    m.entries = prefix(p, at);
    let Some(bottom) = bottom else {
        d.net = Net::Mpls(m);
        d.stop = Some(match m.end {
            StackEnd::Short { captured: true } => Stop::invalid(Layer::Mpls, off),
            _ => Stop::truncated(Layer::Mpls, off),
        });
        return;
    };
    m.payload = suffix(p, at);
    m.payload_len = left;
    m.payload_kind = match bottom.label {
        0 | 3 => Payload::Ipv4,
        2 => Payload::Ipv6,
        _ if left == 0 => Payload::Empty,
        _ => match m.payload.first() {
            // tcpdump fetches the byte: a failed fetch ends the packet.
            None => Payload::Cut,
            Some(0x45..=0x4f) => Payload::Ipv4,
            Some(0x60..=0x6f) => Payload::Ipv6,
            Some(0x81..=0x83) => Payload::Osi,
            Some(_) => Payload::Unknown,
        },
    };
    d.net = Net::Mpls(m);
    if m.payload_kind == Payload::Cut
        || (m.payload_kind == Payload::Unknown && m.payload.len() < m.payload_len as usize)
    {
        d.stop = Some(Stop::truncated(Layer::Mpls, off + at));
    }
    let inner = match m.payload_kind {
        Payload::Ipv4 => Inner::Ipv4,
        Payload::Ipv6 => Inner::Ipv6,
        _ => return,
    };
    encap::descend(
        d,
        Tunnel::Mpls(m),
        Layer::Mpls,
        m.payload,
        m.payload_len,
        off + at,
        inner,
    );
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::super::{decode as decode_frame, LinkType, Transport};
    use super::*;
    use crate::decode::error::StopKind;
    use crate::testdata::tunnel::*;

    fn entry(label: u32, bottom: bool, ttl: u8) -> [u8; 4] {
        (label << 12 | u32::from(bottom) << 8 | 5 << 9 | u32::from(ttl)).to_be_bytes()
    }

    fn mpls_frame(stack: &[[u8; 4]], payload: &[u8]) -> Vec<u8> {
        let mut p: Vec<u8> = stack.concat();
        p.extend_from_slice(payload);
        ether(ETHERTYPE_UNICAST, &p)
    }

    #[test]
    fn stack_and_guessed_payload() {
        let ip = ipv4(17, INNER_A, INNER_B, &udp(1, 2, b"a"));
        let f = mpls_frame(&[entry(100, false, 64), entry(200, true, 63)], &ip);
        let d = decode_frame(LinkType::ETHERNET, &f, f.len() as u32);
        assert_eq!(d.levels(), 2);
        assert!(matches!(d.transport, Transport::Udp(_)));
        let level = d.encap.get(0).unwrap();
        let Net::Mpls(m) = level.net else { panic!() };
        let labels: Vec<_> = m.labels().collect();
        assert_eq!(labels.len(), 2);
        assert_eq!(
            (labels[0].label, labels[0].tc, labels[0].bottom),
            (100, 5, false)
        );
        assert_eq!(
            (labels[1].label, labels[1].ttl, labels[1].bottom),
            (200, 63, true)
        );
        assert_eq!(m.payload_kind, Payload::Ipv4);
        // IPv6 explicit NULL needs no guess; unknown bytes stay bytes.
        let f = mpls_frame(&[entry(2, true, 1)], b"\x00\x01");
        let d = decode_frame(LinkType::ETHERNET, &f, f.len() as u32);
        assert_eq!(d.levels(), 2);
        let f = mpls_frame(&[entry(16, true, 1)], b"\x00\x01");
        let d = decode_frame(LinkType::ETHERNET, &f, f.len() as u32);
        let Net::Mpls(m) = d.net else { panic!() };
        assert_eq!((m.payload_kind, d.levels()), (Payload::Unknown, 1));
    }

    #[test]
    fn short_and_cut_stacks() {
        // No bottom of stack: the length runs out.
        let f = mpls_frame(&[entry(16, false, 1)], b"\x00\x01");
        let d = decode_frame(LinkType::ETHERNET, &f, f.len() as u32);
        let Net::Mpls(m) = d.net else { panic!() };
        assert_eq!(m.end, StackEnd::Short { captured: true });
        assert_eq!(d.stop.map(|s| s.kind), Some(StopKind::Invalid));
        // The capture runs out inside an entry.
        let f = mpls_frame(&[entry(16, false, 1), entry(17, true, 1)], &[]);
        let d = decode_frame(LinkType::ETHERNET, &f[..20], f.len() as u32);
        let Net::Mpls(m) = d.net else { panic!() };
        assert_eq!((m.end, m.labels().count()), (StackEnd::Cut, 1));
        assert_eq!(d.stop.map(|s| s.layer), Some(Layer::Mpls));
    }
}
