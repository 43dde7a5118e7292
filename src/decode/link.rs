//! Link layers other than Ethernet: Linux cooked capture v1 and v2 (what
//! `-i any` produces), BSD loopback (DLT_NULL / DLT_LOOP) and raw IP.
//! See <https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html>,
//! `LINKTYPE_LINUX_SLL2.html` and `LINKTYPE_NULL.html`.

use nom::bytes::complete::take;
use nom::number::complete::{be_u16, be_u32};

use super::bytes::{u8 as byte, Res};
use super::dispatch;
use super::error::{Layer, Stop};
use super::ethernet::ETHERTYPE_8021Q;
use super::llc::decode_llc;
use super::{ipv4, ipv6, Decoded, Link, Net, Tags};

mod field {
    pub const SLL_HEADER_LEN: usize = 16;
    pub const SLL2_HEADER_LEN: usize = 20;
    pub const NULL_HEADER_LEN: usize = 4;
}

/// BSD address family for IPv4 in DLT_NULL/DLT_LOOP headers.
pub const BSD_AF_INET: u32 = 2;
/// BSD address families for IPv6 (NetBSD/OpenBSD, FreeBSD, Darwin).
pub const BSD_AF_INET6_BSD: u32 = 24;
pub const BSD_AF_INET6_FREEBSD: u32 = 28;
pub const BSD_AF_INET6_DARWIN: u32 = 30;

/// Linux pseudo-protocols of cooked captures (values up to 1500).
pub const SLL_P_802_3: u16 = 0x0001;
pub const SLL_P_802_2: u16 = 0x0004;

/// A Linux cooked capture (v1) header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sll {
    pub pkttype: u16,
    pub hatype: u16,
    pub halen: u16,
    pub addr: [u8; 8],
    pub protocol: u16,
}

/// A Linux cooked capture v2 header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sll2 {
    pub protocol: u16,
    pub ifindex: u32,
    pub hatype: u16,
    pub pkttype: u8,
    pub halen: u8,
    pub addr: [u8; 8],
}

/// A BSD loopback header: the address family of the payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Null {
    pub family: u32,
}

fn addr8(i: &[u8]) -> Res<'_, [u8; 8]> {
    let (i, b) = take(8usize)(i)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(b);
    Ok((i, a))
}

fn sll_header(i: &[u8]) -> Res<'_, Sll> {
    let (i, pkttype) = be_u16(i)?;
    let (i, hatype) = be_u16(i)?;
    let (i, halen) = be_u16(i)?;
    let (i, addr) = addr8(i)?;
    let (i, protocol) = be_u16(i)?;
    Ok((
        i,
        Sll {
            pkttype,
            hatype,
            halen,
            addr,
            protocol,
        },
    ))
}

fn sll2_header(i: &[u8]) -> Res<'_, Sll2> {
    let (i, protocol) = be_u16(i)?;
    let (i, _reserved) = be_u16(i)?;
    let (i, ifindex) = be_u32(i)?;
    let (i, hatype) = be_u16(i)?;
    let (i, pkttype) = byte(i)?;
    let (i, halen) = byte(i)?;
    let (i, addr) = addr8(i)?;
    Ok((
        i,
        Sll2 {
            protocol,
            ifindex,
            hatype,
            pkttype,
            halen,
            addr,
        },
    ))
}

/// Decodes a Linux cooked (v1) frame.
pub fn decode_sll<'a>(frame: &'a [u8], length: u32, d: &mut Decoded<'a>) {
    let Ok((rest, h)) = sll_header(frame) else {
        d.stop = Some(Stop::truncated(Layer::Sll, 0));
        return;
    };
    d.link = Link::Sll(h);
    d.link_hdr_len = field::SLL_HEADER_LEN;
    let len = length.saturating_sub(field::SLL_HEADER_LEN as u32);
    cooked_payload(h.protocol, rest, len, field::SLL_HEADER_LEN, d);
}

/// Decodes a Linux cooked v2 frame.
pub fn decode_sll2<'a>(frame: &'a [u8], length: u32, d: &mut Decoded<'a>) {
    let Ok((rest, h)) = sll2_header(frame) else {
        d.stop = Some(Stop::truncated(Layer::Sll2, 0));
        return;
    };
    d.link = Link::Sll2(h);
    d.link_hdr_len = field::SLL2_HEADER_LEN;
    let len = length.saturating_sub(field::SLL2_HEADER_LEN as u32);
    cooked_payload(h.protocol, rest, len, field::SLL2_HEADER_LEN, d);
}

/// The payload of a cooked header: an ethertype, an 802.1Q tag, or (for
/// values up to 1500) a Linux pseudo-protocol: 802.2 frames are decoded as
/// LLC, others (802.3 IPX among them) are not decoded.
fn cooked_payload<'a>(protocol: u16, p: &'a [u8], len: u32, off: usize, d: &mut Decoded<'a>) {
    if protocol == ETHERTYPE_8021Q {
        let tag = (|| {
            let (i, tci) = be_u16(p)?;
            let (i, next) = be_u16(i)?;
            Ok::<_, nom::Err<nom::error::Error<&[u8]>>>((i, tci, next))
        })();
        let Ok((rest, _, next)) = tag else {
            d.link_hdr_len = off + p.len();
            d.stop = Some(Stop::truncated(Layer::Vlan, off));
            return;
        };
        if d.vlans.is_empty() {
            d.vlans = Tags::starting(protocol, p);
        }
        if !d.vlans.grow() {
            d.stop = Some(Stop::invalid(Layer::Vlan, off));
            return;
        }
        d.link_hdr_len = off + 4;
        // A length after a tag means an 802.2 frame, as tcpdump reads it.
        let next = if next <= 1500 { SLL_P_802_2 } else { next };
        return cooked_payload(next, rest, len.saturating_sub(4), off + 4, d);
    }
    match protocol {
        SLL_P_802_2 => {
            if decode_llc(p, len, off, d) {
                // tcpdump does not count an LLC header it only dumps as
                // part of a cooked link header.
                d.link_hdr_len = off;
            }
        }
        0..=1500 => {
            d.net = Net::Unknown {
                ethertype: protocol,
                payload: p,
            }
        }
        _ => dispatch::ethertype(protocol, p, len, off, d),
    }
}

/// Decodes a BSD loopback frame. DLT_NULL's family is in the capturing
/// host's byte order and DLT_LOOP's is big-endian; like tcpdump, read it in
/// this host's order and swap it when the upper half is not zero.
pub fn decode_null<'a>(frame: &'a [u8], length: u32, d: &mut Decoded<'a>) {
    let Some((family, rest)) = frame.split_first_chunk::<4>() else {
        d.stop = Some(Stop::truncated(Layer::Null, 0));
        return;
    };
    let mut family = u32::from_ne_bytes(*family);
    if family & 0xffff_0000 != 0 {
        family = family.swap_bytes();
    }
    d.link = Link::Null(Null { family });
    d.link_hdr_len = field::NULL_HEADER_LEN;
    let len = length.saturating_sub(field::NULL_HEADER_LEN as u32);
    match family {
        BSD_AF_INET => ipv4::decode(rest, len, field::NULL_HEADER_LEN, d),
        BSD_AF_INET6_BSD | BSD_AF_INET6_FREEBSD | BSD_AF_INET6_DARWIN => {
            ipv6::decode(rest, len, field::NULL_HEADER_LEN, d)
        }
        _ => {
            d.net = Net::Unknown {
                ethertype: 0,
                payload: rest,
            }
        }
    }
}

/// Decodes a raw IP packet, choosing the version from its first nibble.
pub fn decode_raw_ip<'a>(frame: &'a [u8], length: u32, d: &mut Decoded<'a>) {
    match frame.first().map(|b| b >> 4) {
        None => d.stop = Some(Stop::truncated(Layer::Ip, 0)),
        Some(4) => ipv4::decode(frame, length, 0, d),
        Some(6) => ipv6::decode(frame, length, 0, d),
        Some(v) => {
            d.net = Net::UnknownIpVersion(v);
        }
    }
}
