//! CDP, the Cisco Discovery Protocol (versions 1 and 2), carried in
//! LLC/SNAP frames with Cisco's OUI and protocol id 0x2000: the header
//! (version, hold time, checksum) and the TLVs.
//!
//! A [`Cdp`] record hands out a lazy iterator over its TLVs ([`Cdp::tlvs`]);
//! each [`Tlv`] is typed on demand ([`Tlv::value`]). A TLV's value may be
//! captured only in part: the typed value then holds what was captured and
//! [`Tlv::complete`] is false, so the printer can stop where tcpdump's
//! reads fail. The address list is a lazy iterator of its own
//! ([`Addresses`]). Nothing is allocated.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::bytes::{be16_at, be32_at, prefix, suffix};
use super::error::StopKind;

/// The SNAP protocol id of CDP under Cisco's OUI.
pub const PID_CDP: u16 = 0x2000;

const HEADER_LEN: u32 = 4;
const TLV_HEADER_LEN: u32 = 4;

/// TLV types.
pub mod tlv {
    pub const DEVICE_ID: u16 = 0x01;
    pub const ADDRESS: u16 = 0x02;
    pub const PORT_ID: u16 = 0x03;
    pub const CAPABILITIES: u16 = 0x04;
    pub const VERSION: u16 = 0x05;
    pub const PLATFORM: u16 = 0x06;
    pub const PREFIXES: u16 = 0x07;
    pub const PROTOCOL_HELLO: u16 = 0x08;
    pub const VTP_DOMAIN: u16 = 0x09;
    pub const NATIVE_VLAN: u16 = 0x0a;
    pub const DUPLEX: u16 = 0x0b;
    pub const ATA186_ASSIGNMENT: u16 = 0x0e;
    pub const ATA186_REQUEST: u16 = 0x0f;
    pub const POWER: u16 = 0x10;
    pub const MTU: u16 = 0x11;
    pub const TRUST_BITMAP: u16 = 0x12;
    pub const UNTRUSTED_COS: u16 = 0x13;
    pub const SYSTEM_NAME: u16 = 0x14;
    pub const SYSTEM_OID: u16 = 0x15;
    pub const MGMT_ADDRESSES: u16 = 0x16;
    pub const PHYSICAL_LOCATION: u16 = 0x17;
    /// The highest type of tcpdump's table (types 0, 0x0c and 0x0d are
    /// empty slots in it).
    pub const LAST_KNOWN: u16 = 0x17;
}

/// A CDP message: what was captured of it and its on-wire length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cdp<'a> {
    /// The on-wire length (after the SNAP header).
    pub length: u32,
    /// The captured bytes, bounded by `length`.
    pub bytes: &'a [u8],
}

/// Decodes a CDP message: `p` is what was captured after the SNAP header,
/// `length` its on-wire length.
pub fn decode(p: &[u8], length: u32) -> Cdp<'_> {
    Cdp {
        length,
        bytes: prefix(p, length as usize),
    }
}

impl<'a> Cdp<'a> {
    /// Whether the whole message was captured.
    pub fn complete(&self) -> bool {
        self.bytes.len() as u64 >= u64::from(self.length)
    }
    /// Shorter than the 4-byte header (tcpdump: invalid).
    pub fn too_short(&self) -> bool {
        self.length < HEADER_LEN
    }
    pub fn version(&self) -> Option<u8> {
        self.bytes.first().copied()
    }
    /// The hold time in seconds.
    pub fn ttl(&self) -> Option<u8> {
        self.bytes.get(1).copied()
    }
    pub fn checksum(&self) -> Option<u16> {
        be16_at(self.bytes, 2)
    }
    /// The TLVs (none when the message is shorter than its header).
    pub fn tlvs(&self) -> Tlvs<'a> {
        Tlvs {
            bytes: self.bytes,
            pos: HEADER_LEN as usize,
            left: self.length.saturating_sub(HEADER_LEN),
            done: self.too_short(),
        }
    }

    /// Where and why the walk tcpdump makes ends early: invalid at the
    /// TLV whose length is impossible, else truncated where the capture
    /// ends. The offset counts from the start of the message.
    pub fn problem(&self) -> Option<(StopKind, usize)> {
        if self.too_short() {
            return Some((StopKind::Invalid, 0));
        }
        let mut it = self.tlvs();
        loop {
            let at = it.pos;
            match it.next() {
                None | Some(Item::HeaderCut) => break,
                Some(Item::Tlv(_)) => {}
                Some(
                    Item::ShortRemainder { .. } | Item::TooShort { .. } | Item::TooLong { .. },
                ) => return Some((StopKind::Invalid, at)),
            }
        }
        (!self.complete()).then_some((StopKind::Truncated, self.bytes.len()))
    }
}

/// One step of the TLV walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item<'a> {
    Tlv(Tlv<'a>),
    /// Fewer bytes than a TLV header are left by the length (tcpdump:
    /// invalid). `captured`: whether those bytes were captured.
    ShortRemainder {
        left: u32,
        captured: bool,
    },
    /// The capture ended inside a TLV header.
    HeaderCut,
    /// A TLV length below the header's 4 bytes (tcpdump: invalid).
    TooShort {
        kind: u16,
        len: u16,
        captured: bool,
    },
    /// A TLV length beyond what is left of the message (tcpdump: invalid).
    TooLong {
        kind: u16,
        len: u16,
        left: u32,
        captured: bool,
    },
}

/// The TLV iterator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlvs<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// On-wire bytes left from `pos`.
    left: u32,
    done: bool,
}

impl<'a> Iterator for Tlvs<'a> {
    type Item = Item<'a>;
    fn next(&mut self) -> Option<Item<'a>> {
        if self.done || self.left == 0 {
            return None;
        }
        // Whether everything from `pos` to the end of the message was
        // captured (tcpdump checks it after an invalid length).
        let captured = self.bytes.len() as u64 >= self.pos as u64 + u64::from(self.left);
        if self.left < TLV_HEADER_LEN {
            self.done = true;
            return Some(Item::ShortRemainder {
                left: self.left,
                captured,
            });
        }
        let (Some(kind), Some(len)) = (
            be16_at(self.bytes, self.pos),
            be16_at(self.bytes, self.pos + 2),
        ) else {
            self.done = true;
            return Some(Item::HeaderCut);
        };
        if u32::from(len) < TLV_HEADER_LEN {
            self.done = true;
            return Some(Item::TooShort {
                kind,
                len,
                captured,
            });
        }
        if u32::from(len) > self.left {
            self.done = true;
            return Some(Item::TooLong {
                kind,
                len,
                left: self.left,
                captured,
            });
        }
        let start = self.pos + TLV_HEADER_LEN as usize;
        let value_len = len - TLV_HEADER_LEN as u16;
        let value = prefix(suffix(self.bytes, start), usize::from(value_len));
        self.pos = start + usize::from(value_len);
        self.left -= u32::from(len);
        Some(Item::Tlv(Tlv {
            kind,
            value_len,
            value,
        }))
    }
}

/// One TLV whose length is sane; its value may be captured in part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlv<'a> {
    pub kind: u16,
    /// The value's length (the TLV length less its 4-byte header).
    pub value_len: u16,
    /// The captured part of the value.
    pub value: &'a [u8],
}

/// How tcpdump reads a TLV's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Text,
    Addresses,
    Capabilities,
    Version,
    Prefixes,
    /// Known, but printed by no one (Protocol-Hello, System Object ID and
    /// the empty table slots 0, 0x0c and 0x0d).
    None,
    U16,
    Duplex,
    Ata186,
    Power,
    Mtu,
    Byte,
    PhysicalLocation,
}

/// tcpdump's table: the shape and the value length bounds of a type.
fn shape(kind: u16) -> Option<(Shape, u16, Option<u16>)> {
    use tlv::*;
    Some(match kind {
        DEVICE_ID | PORT_ID | PLATFORM | VTP_DOMAIN | SYSTEM_NAME => (Shape::Text, 0, None),
        ADDRESS => (Shape::Addresses, 0, None),
        CAPABILITIES => (Shape::Capabilities, 4, Some(4)),
        VERSION => (Shape::Version, 0, None),
        PREFIXES => (Shape::Prefixes, 0, None),
        NATIVE_VLAN => (Shape::U16, 2, Some(2)),
        DUPLEX => (Shape::Duplex, 1, Some(1)),
        ATA186_ASSIGNMENT => (Shape::Ata186, 3, Some(3)),
        ATA186_REQUEST => (Shape::Ata186, 2, Some(3)),
        POWER => (Shape::Power, 1, Some(3)),
        MTU => (Shape::Mtu, 4, Some(4)),
        TRUST_BITMAP | UNTRUSTED_COS => (Shape::Byte, 1, Some(1)),
        MGMT_ADDRESSES => (Shape::Addresses, 4, None),
        PHYSICAL_LOCATION => (Shape::PhysicalLocation, 1, None),
        0..=LAST_KNOWN => (Shape::None, 0, None),
        _ => return None,
    })
}

/// Capability bits.
pub mod cap {
    pub const ROUTER: u32 = 0x01;
    pub const TRANSPARENT_BRIDGE: u32 = 0x02;
    pub const SOURCE_ROUTE_BRIDGE: u32 = 0x04;
    pub const L2_SWITCH: u32 = 0x08;
    pub const L3: u32 = 0x10;
    pub const IGMP_SNOOPING: u32 = 0x20;
    pub const L1: u32 = 0x40;
}

/// A TLV's value, typed. `None`s and short slices are what the capture
/// did not hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value<'a> {
    /// Device-ID, Port-ID, Platform, VTP management domain, system name.
    Text(&'a [u8]),
    /// The version string (its newlines indent as tcpdump prints them).
    Version(&'a [u8]),
    Addresses(Addresses<'a>),
    Capabilities(Option<u32>),
    Prefixes(Prefixes<'a>),
    NativeVlan(Option<u16>),
    /// True for full duplex.
    Duplex(Option<bool>),
    Ata186(Option<Ata186>),
    /// Power consumption in milliwatts.
    Power(Option<u32>),
    Mtu(Option<u32>),
    /// AVVID trust bitmap or untrusted ports CoS.
    Byte(Option<u8>),
    PhysicalLocation {
        kind: Option<u8>,
        location: &'a [u8],
    },
    /// A type tcpdump names but does not decode.
    NotDecoded,
    /// A type beyond tcpdump's table.
    Unknown,
    /// A value length outside tcpdump's bounds for the type.
    Malformed,
}

/// An ATA-186 VoIP VLAN request or assignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ata186 {
    /// The 2-byte request form, whose meaning is unknown.
    Unknown(u16),
    App {
        app: u8,
        vlan: u16,
    },
}

impl<'a> Tlv<'a> {
    /// Whether the whole value was captured.
    pub fn complete(&self) -> bool {
        self.value.len() == usize::from(self.value_len)
    }

    /// The type has a slot in tcpdump's table (named or not).
    pub fn known(&self) -> bool {
        shape(self.kind).is_some()
    }

    pub fn value(&self) -> Value<'a> {
        let v = self.value;
        let Some((shape, min, max)) = shape(self.kind) else {
            return Value::Unknown;
        };
        let n = self.value_len;
        if (min > 0 && n < min) || max.is_some_and(|m| n > m) {
            return Value::Malformed;
        }
        let b = |off: usize| v.get(off).copied();
        match shape {
            Shape::Text => Value::Text(v),
            Shape::Version => Value::Version(v),
            Shape::Addresses => Value::Addresses(Addresses {
                value: v,
                left: u32::from(n),
                pos: 0,
                num: None,
                done: false,
            }),
            Shape::Capabilities => Value::Capabilities(be32_at(v, 0)),
            Shape::Prefixes => Value::Prefixes(Prefixes {
                value: v,
                value_len: n,
            }),
            Shape::None => Value::NotDecoded,
            Shape::U16 => Value::NativeVlan(be16_at(v, 0)),
            Shape::Duplex => Value::Duplex(b(0).map(|d| d != 0)),
            Shape::Ata186 => Value::Ata186(if n == 2 {
                be16_at(v, 0).map(Ata186::Unknown)
            } else {
                b(0).zip(be16_at(v, 1))
                    .map(|(app, vlan)| Ata186::App { app, vlan })
            }),
            Shape::Power => Value::Power(match n {
                1 => b(0).map(u32::from),
                2 => be16_at(v, 0).map(u32::from),
                _ => v
                    .get(..3)
                    .map(|s| s.iter().fold(0u32, |a, &x| a << 8 | u32::from(x))),
            }),
            Shape::Mtu => Value::Mtu(be32_at(v, 0)),
            Shape::Byte => Value::Byte(b(0)),
            Shape::PhysicalLocation => Value::PhysicalLocation {
                kind: b(0),
                location: suffix(v, 1),
            },
        }
    }
}

/// IPv4 prefixes: 5 bytes each (address, prefix length).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prefixes<'a> {
    value: &'a [u8],
    value_len: u16,
}

impl<'a> Prefixes<'a> {
    /// The value length is a multiple of 5.
    pub fn well_formed(&self) -> bool {
        self.value_len % 5 == 0
    }
    /// How many prefixes the length announces.
    pub fn count(&self) -> u16 {
        self.value_len / 5
    }
    /// The prefixes that were captured whole.
    pub fn iter(&self) -> impl Iterator<Item = (Ipv4Addr, u8)> + 'a {
        self.value.chunks_exact(5).filter_map(|c| match *c {
            [a, b, c, d, len] => Some((Ipv4Addr::new(a, b, c, d), len)),
            _ => None,
        })
    }
}

/// The address list of an Address or Management Addresses TLV, as
/// tcpdump walks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Addresses<'a> {
    /// The captured value.
    value: &'a [u8],
    /// Value bytes left on the wire from `pos`.
    left: u32,
    pos: usize,
    /// Addresses still announced; `None` before the count is read.
    num: Option<u32>,
    done: bool,
}

/// What the address walk meets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddrItem<'a> {
    /// An IPv4 address (NLPID 0xcc). `remaining` counts this one and those
    /// after it.
    V4 { remaining: u32, addr: Ipv4Addr },
    /// An IPv6 address (an LLC/SNAP header with ethertype 0x86dd).
    V6 { remaining: u32, addr: Ipv6Addr },
    /// Any other protocol: its type, the protocol bytes, the address
    /// length and the address (as captured), or `None` when the address
    /// length runs past the value.
    Other {
        remaining: u32,
        pt: u8,
        protocol: &'a [u8],
        al: u16,
        address: Option<&'a [u8]>,
    },
    /// A length that does not fit: the walk stops.
    Short(AddrShort),
    /// The capture ended (tcpdump gives up on the packet).
    Cut,
    /// Bytes after the last announced address.
    Stray(u32),
}

/// Which part of an address entry did not fit in the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddrShort {
    /// The 4-byte address count.
    Count,
    /// The protocol type and protocol length bytes.
    TypeAndLength,
    /// The protocol and the address length.
    ProtocolAndLength,
    /// The address.
    Address,
}

const NLPID_IP: u8 = 0xcc;
const PT_NLPID: u8 = 1;
const PT_IEEE_802_2: u8 = 2;
const PROT_IPV6: [u8; 8] = [0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x86, 0xdd];

impl<'a> Addresses<'a> {
    fn finish(&mut self, item: AddrItem<'a>) -> Option<AddrItem<'a>> {
        self.done = true;
        Some(item)
    }

    fn advance(&mut self, n: usize) {
        self.pos += n;
        self.left = self.left.saturating_sub(n as u32);
    }
}

impl<'a> Iterator for Addresses<'a> {
    type Item = AddrItem<'a>;
    fn next(&mut self) -> Option<AddrItem<'a>> {
        if self.done {
            return None;
        }
        let v = self.value;
        let num = match self.num {
            Some(n) => n,
            None => {
                if self.left < 4 {
                    return self.finish(AddrItem::Short(AddrShort::Count));
                }
                let Some(n) = be32_at(v, 0) else {
                    return self.finish(AddrItem::Cut);
                };
                self.advance(4);
                n
            }
        };
        self.num = Some(num);
        if num == 0 {
            self.done = true;
            return (self.left > 0).then_some(AddrItem::Stray(self.left));
        }
        if self.left < 2 {
            return self.finish(AddrItem::Short(AddrShort::TypeAndLength));
        }
        let (Some(&pt), Some(&pl)) = (v.get(self.pos), v.get(self.pos + 1)) else {
            return self.finish(AddrItem::Cut);
        };
        self.advance(2);
        let pl_n = usize::from(pl);
        if self.left < u32::from(pl) + 2 {
            return self.finish(AddrItem::Short(AddrShort::ProtocolAndLength));
        }
        let Some(al) = be16_at(v, self.pos + pl_n) else {
            return self.finish(AddrItem::Cut);
        };
        let protocol = prefix(suffix(v, self.pos), pl_n);
        self.advance(pl_n + 2);
        let al_n = usize::from(al);
        let fits = self.left >= u32::from(al);
        let addr = prefix(suffix(v, self.pos), al_n);
        let item = if pt == PT_NLPID && protocol == [NLPID_IP] && al == 4 {
            if !fits {
                return self.finish(AddrItem::Short(AddrShort::Address));
            }
            let Some(a) = be32_at(v, self.pos) else {
                return self.finish(AddrItem::Cut);
            };
            AddrItem::V4 {
                remaining: num,
                addr: Ipv4Addr::from(a),
            }
        } else if pt == PT_IEEE_802_2 && protocol == PROT_IPV6 && al == 16 {
            if !fits {
                return self.finish(AddrItem::Short(AddrShort::Address));
            }
            let Ok(a) = <[u8; 16]>::try_from(addr) else {
                return self.finish(AddrItem::Cut);
            };
            AddrItem::V6 {
                remaining: num,
                addr: Ipv6Addr::from(a),
            }
        } else {
            let item = AddrItem::Other {
                remaining: num,
                pt,
                protocol,
                al,
                address: fits.then_some(addr),
            };
            if !fits || addr.len() < al_n {
                // The walk ends after this entry: a length that does not
                // fit, or an address the capture cut.
                self.done = true;
                return Some(item);
            }
            item
        };
        self.advance(al_n);
        self.num = Some(num - 1);
        Some(item)
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn tlv(kind: u16, value: &[u8]) -> Vec<u8> {
        let mut v = kind.to_be_bytes().to_vec();
        v.extend_from_slice(&(value.len() as u16 + 4).to_be_bytes());
        v.extend_from_slice(value);
        v
    }

    fn msg(tlvs: &[Vec<u8>]) -> Vec<u8> {
        [&[2u8, 180, 0x12, 0x34][..], &tlvs.concat()].concat()
    }

    #[test]
    fn header_and_values() {
        let m = msg(&[
            tlv(1, b"sw"),
            tlv(4, &[0, 0, 0, 0x28]),
            tlv(0x0b, &[1]),
            tlv(0x10, &[0x1f, 0x40]),
            tlv(0x0a, &[0, 1, 2]),
            tlv(0x30, &[9]),
        ]);
        let c = decode(&m, m.len() as u32);
        assert_eq!(
            (c.version(), c.ttl(), c.checksum()),
            (Some(2), Some(180), Some(0x1234))
        );
        let v: Vec<_> = c
            .tlvs()
            .map(|i| match i {
                Item::Tlv(t) => t.value(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            v,
            vec![
                Value::Text(b"sw"),
                Value::Capabilities(Some(0x28)),
                Value::Duplex(Some(true)),
                Value::Power(Some(8000)),
                Value::Malformed,
                Value::Unknown,
            ]
        );
        assert_eq!(c.problem(), None);
    }

    #[test]
    fn bad_lengths() {
        let mut m = msg(&[tlv(1, b"a")]);
        m.extend_from_slice(&[0, 3, 0, 2]);
        let c = decode(&m, m.len() as u32);
        assert_eq!(
            c.tlvs().nth(1),
            Some(Item::TooShort {
                kind: 3,
                len: 2,
                captured: true
            })
        );
        assert_eq!(c.problem(), Some((StopKind::Invalid, 9)));
        let m = msg(&[tlv(1, b"abc")]);
        let c = decode(&m, m.len() as u32 - 1);
        assert!(matches!(
            c.tlvs().next(),
            Some(Item::TooLong {
                len: 7,
                left: 6,
                ..
            })
        ));
        let c = decode(&m, 6);
        assert_eq!(
            c.tlvs().next(),
            Some(Item::ShortRemainder {
                left: 2,
                captured: true
            })
        );
        assert!(decode(&m, 3).too_short());
    }

    #[test]
    fn addresses() {
        let mut a = vec![0, 0, 0, 3];
        a.extend_from_slice(&[1, 1, 0xcc, 0, 4, 10, 0, 0, 1]);
        a.extend_from_slice(&[2, 8]);
        a.extend_from_slice(&PROT_IPV6);
        a.extend_from_slice(&[0, 16]);
        a.extend_from_slice(&[0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
        a.extend_from_slice(&[1, 1, 0x81, 0, 2, 0xab, 0xcd, 0xee]);
        let m = msg(&[tlv(2, &a)]);
        let c = decode(&m, m.len() as u32);
        let Some(Item::Tlv(t)) = c.tlvs().next() else {
            panic!()
        };
        let Value::Addresses(it) = t.value() else {
            panic!()
        };
        let items: Vec<_> = it.collect();
        assert_eq!(items.len(), 4);
        assert_eq!(
            items[0],
            AddrItem::V4 {
                remaining: 3,
                addr: Ipv4Addr::new(10, 0, 0, 1)
            }
        );
        assert!(matches!(items[1], AddrItem::V6 { remaining: 2, .. }));
        assert_eq!(
            items[2],
            AddrItem::Other {
                remaining: 1,
                pt: 1,
                protocol: &[0x81],
                al: 2,
                address: Some(&[0xab, 0xcd])
            }
        );
        assert_eq!(items[3], AddrItem::Stray(1));
        // Cut inside the IPv6 address.
        let c = decode(&m[..40], m.len() as u32);
        let Some(Item::Tlv(t)) = c.tlvs().next() else {
            panic!()
        };
        assert!(!t.complete());
        let Value::Addresses(it) = t.value() else {
            panic!()
        };
        assert_eq!(it.last(), Some(AddrItem::Cut));
        assert_eq!(c.problem(), Some((StopKind::Truncated, 40)));
    }
}
