//! VTP, Cisco's VLAN Trunking Protocol, carried in LLC/SNAP frames with
//! Cisco's OUI and protocol id 0x2003: summary and subset advertisements
//! (with their VLAN information fields and the TLVs inside them),
//! advertisement requests and join messages.
//!
//! A [`Vtp`] record types the 36-byte header ([`Vtp::header`]) and the
//! message body ([`Vtp::body`]); a subset advertisement's VLAN information
//! is a lazy walk ([`VlanWalk`]) that stops where tcpdump's printer stops:
//! at the end of the capture (tcpdump gives up on the packet) or at a
//! length that cannot be (tcpdump: invalid).

use std::net::Ipv4Addr;

use super::bytes::{be16_at, be32_at, prefix, suffix};

/// The SNAP protocol id of VTP under Cisco's OUI.
pub const PID_VTP: u16 = 0x2003;

pub const HEADER_LEN: usize = 36;
const DOMAIN_LEN: usize = 32;
const VLAN_FIXED_LEN: usize = 12;

/// Message codes.
pub mod code {
    pub const SUMMARY: u8 = 0x01;
    pub const SUBSET: u8 = 0x02;
    pub const REQUEST: u8 = 0x03;
    pub const JOIN: u8 = 0x04;
}

/// VLAN information TLV types.
pub mod vlan_tlv {
    pub const SR_RING: u8 = 0x01;
    pub const SR_BRIDGE: u8 = 0x02;
    pub const STP_TYPE: u8 = 0x03;
    pub const PARENT_VLAN: u8 = 0x04;
    pub const TRANS_BRIDGED: u8 = 0x05;
    pub const PRUNING: u8 = 0x06;
    pub const BRIDGE_TYPE: u8 = 0x07;
    pub const ARP_HOP_COUNT: u8 = 0x08;
    pub const STE_HOP_COUNT: u8 = 0x09;
    pub const BACKUP_CRF: u8 = 0x0a;
}

/// A VTP message: what was captured of it and its on-wire length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Vtp<'a> {
    /// The on-wire length (after the SNAP header).
    pub length: u32,
    /// The captured bytes, bounded by `length`.
    pub bytes: &'a [u8],
}

/// Decodes a VTP message: `p` is what was captured after the SNAP header,
/// `length` its on-wire length.
pub fn decode(p: &[u8], length: u32) -> Vtp<'_> {
    Vtp {
        length,
        bytes: prefix(p, length as usize),
    }
}

/// The fixed header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header<'a> {
    pub version: u8,
    pub code: u8,
    /// Followers (summary), sequence number (subset), reserved (others).
    pub byte2: u8,
    pub domain_len: u8,
    /// The 32-byte management domain field.
    pub domain: &'a [u8],
}

impl Header<'_> {
    /// The domain length is 1 to 32.
    pub fn domain_len_ok(&self) -> bool {
        (1..=DOMAIN_LEN).contains(&usize::from(self.domain_len))
    }
    /// The domain name: the first `domain_len` bytes of the field.
    pub fn domain_name(&self) -> &[u8] {
        prefix(self.domain, usize::from(self.domain_len))
    }
}

/// A summary advertisement's fields; each part `None` where the capture
/// ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Summary {
    /// Configuration revision and the updater's address.
    pub revision: Option<(u32, Ipv4Addr)>,
    pub timestamp: Option<[u32; 3]>,
    pub digest: Option<[u32; 4]>,
}

/// The message body after the header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body<'a> {
    Summary(Summary),
    /// The configuration revision (when captured) and the VLAN information.
    Subset {
        revision: Option<u32>,
        vlans: VlanWalk<'a>,
    },
    /// The start value (when captured).
    Request(Option<u32>),
    /// A join message or an unknown code: nothing more is read.
    Other,
}

impl<'a> Vtp<'a> {
    /// Whether the whole message was captured.
    pub fn complete(&self) -> bool {
        self.bytes.len() as u64 >= u64::from(self.length)
    }

    /// Shorter than the 36-byte header (tcpdump: invalid).
    pub fn too_short(&self) -> bool {
        self.length < HEADER_LEN as u32
    }

    /// The header; `None` when it was not captured whole.
    pub fn header(&self) -> Option<Header<'a>> {
        let b = self.bytes.get(..HEADER_LEN)?;
        Some(Header {
            version: *b.first()?,
            code: *b.get(1)?,
            byte2: *b.get(2)?,
            domain_len: *b.get(3)?,
            domain: b.get(4..4 + DOMAIN_LEN)?,
        })
    }

    pub fn body(&self) -> Body<'a> {
        let b = self.bytes;
        let w = |off: usize| be32_at(b, off);
        match self.bytes.get(1).copied() {
            Some(code::SUMMARY) => Body::Summary(Summary {
                revision: w(36).zip(w(40)).map(|(r, a)| (r, Ipv4Addr::from(a))),
                timestamp: (|| Some([w(44)?, w(48)?, w(52)?]))(),
                digest: (|| Some([w(56)?, w(60)?, w(64)?, w(68)?]))(),
            }),
            Some(code::SUBSET) => Body::Subset {
                revision: w(36),
                vlans: VlanWalk {
                    bytes: b,
                    pos: 40,
                    length: self.length,
                    state: Walk::Vlan,
                },
            },
            Some(code::REQUEST) => Body::Request(w(36)),
            _ => Body::Other,
        }
    }
}

/// A VLAN information field's fixed part and name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VlanInfo<'a> {
    pub status: u8,
    pub kind: u8,
    pub vlan_id: u16,
    pub mtu: u16,
    /// The 802.10 index.
    pub said: u32,
    /// The name, `name_len` bytes.
    pub name: &'a [u8],
}

/// A TLV inside a VLAN information field (1-byte type, length in 16-bit
/// words).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VlanTlv<'a> {
    pub kind: u8,
    /// The length in 16-bit words.
    pub words: u8,
    /// The 16-bit value (tcpdump reads only one-word TLVs).
    pub value: u16,
    /// The TLV's 4 bytes (tcpdump dumps those it does not decode).
    pub raw: &'a [u8],
}

/// Why tcpdump calls a VLAN information field invalid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VlanInvalid {
    /// A field shorter than its fixed part.
    ShortField,
    /// A name longer than the field.
    LongName,
    /// One byte left for a TLV.
    ShortTlv,
    /// A TLV longer than the field (its type is printed first).
    PastEnd { kind: u8 },
    /// A TLV of a length other than one word (its type is printed first).
    BadLength { kind: u8, words: u8 },
}

/// One step of the VLAN information walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VlanItem<'a> {
    Vlan(VlanInfo<'a>),
    Tlv(VlanTlv<'a>),
    /// The capture ended (tcpdump gives up on the packet).
    Cut,
    /// A length that cannot be: the walk ends (tcpdump: invalid).
    Invalid(VlanInvalid),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Walk {
    /// At a VLAN information field.
    Vlan,
    /// Inside one: `left` bytes of TLVs remain.
    Tlvs {
        left: usize,
    },
    /// The field just given is invalid: say so next.
    Invalid(VlanInvalid),
    Done,
}

/// The walk over a subset advertisement's VLAN information fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VlanWalk<'a> {
    bytes: &'a [u8],
    pos: usize,
    length: u32,
    state: Walk,
}

impl<'a> VlanWalk<'a> {
    fn end(&mut self, item: VlanItem<'a>) -> Option<VlanItem<'a>> {
        self.state = Walk::Done;
        Some(item)
    }
}

impl<'a> Iterator for VlanWalk<'a> {
    type Item = VlanItem<'a>;
    fn next(&mut self) -> Option<VlanItem<'a>> {
        let b = self.bytes;
        match self.state {
            Walk::Done => None,
            Walk::Vlan => {
                if self.pos as u64 >= u64::from(self.length) {
                    self.state = Walk::Done;
                    return None;
                }
                let Some(&len) = b.get(self.pos) else {
                    return self.end(VlanItem::Cut);
                };
                if len == 0 {
                    self.state = Walk::Done;
                    return None;
                }
                let len = usize::from(len);
                let Some(field) = b.get(self.pos..self.pos + len) else {
                    return self.end(VlanItem::Cut);
                };
                if len < VLAN_FIXED_LEN {
                    return self.end(VlanItem::Invalid(VlanInvalid::ShortField));
                }
                let byte = |i: usize| field.get(i).copied().unwrap_or(0);
                let name_len = usize::from(byte(3));
                let padded = name_len.div_ceil(4) * 4;
                let info = VlanInfo {
                    status: byte(1),
                    kind: byte(2),
                    vlan_id: be16_at(field, 4).unwrap_or(0),
                    mtu: be16_at(field, 6).unwrap_or(0),
                    said: be32_at(field, 8).unwrap_or(0),
                    name: prefix(suffix(field, VLAN_FIXED_LEN), name_len),
                };
                let after_fixed = len - VLAN_FIXED_LEN;
                if after_fixed < padded {
                    // tcpdump prints the fixed part, then calls the name
                    // invalid.
                    self.state = Walk::Invalid(VlanInvalid::LongName);
                    return Some(VlanItem::Vlan(VlanInfo { name: &[], ..info }));
                }
                self.pos += VLAN_FIXED_LEN + padded;
                self.state = Walk::Tlvs {
                    left: after_fixed - padded,
                };
                Some(VlanItem::Vlan(info))
            }
            Walk::Invalid(why) => self.end(VlanItem::Invalid(why)),
            Walk::Tlvs { left } => {
                if left == 0 {
                    self.state = Walk::Vlan;
                    return self.next();
                }
                if left < 2 {
                    return self.end(VlanItem::Invalid(VlanInvalid::ShortTlv));
                }
                let kind = b.get(self.pos).copied().unwrap_or(0);
                let words = b.get(self.pos + 1).copied().unwrap_or(0);
                let size = usize::from(words) * 2 + 2;
                if left < size {
                    return self.end(VlanItem::Invalid(VlanInvalid::PastEnd { kind }));
                }
                if words != 1 {
                    return self.end(VlanItem::Invalid(VlanInvalid::BadLength { kind, words }));
                }
                let raw = b.get(self.pos..self.pos + 4).unwrap_or(&[]);
                let value = be16_at(raw, 2).unwrap_or(0);
                self.pos += size;
                self.state = Walk::Tlvs { left: left - size };
                Some(VlanItem::Tlv(VlanTlv {
                    kind,
                    words,
                    value,
                    raw,
                }))
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn header(code: u8, byte2: u8, domain: &[u8]) -> Vec<u8> {
        let mut h = vec![1, code, byte2, domain.len() as u8];
        h.extend_from_slice(domain);
        h.resize(HEADER_LEN, 0);
        h
    }

    #[test]
    fn summary() {
        let mut m = header(code::SUMMARY, 0, b"lab");
        m.extend_from_slice(&[0, 0, 0, 2, 10, 0, 0, 1]);
        m.extend_from_slice(&[0x11; 12]);
        m.extend_from_slice(&[0x22; 8]);
        let v = decode(&m, 72);
        let h = v.header().expect("header");
        assert_eq!(h.domain_name(), b"lab");
        let Body::Summary(s) = v.body() else { panic!() };
        assert_eq!(s.revision, Some((2, Ipv4Addr::new(10, 0, 0, 1))));
        assert_eq!(s.timestamp, Some([0x1111_1111; 3]));
        assert_eq!(s.digest, None);
    }

    #[test]
    fn subset_vlans() {
        let mut m = header(code::SUBSET, 1, b"lab");
        m.extend_from_slice(&[0, 0, 0, 2]);
        // One VLAN with a 4-byte name and a pruning TLV, then one with a
        // TLV of two words.
        m.extend_from_slice(&[20, 0, 1, 4, 0, 10, 0x05, 0xdc, 0, 1, 0x86, 0xaa]);
        m.extend_from_slice(b"ten\0");
        m.extend_from_slice(&[vlan_tlv::PRUNING, 1, 0, 1]);
        m.extend_from_slice(&[20, 0, 1, 1, 0, 11, 0x05, 0xdc, 0, 1, 0x86, 0xab]);
        m.extend_from_slice(b"x\0\0\0");
        m.extend_from_slice(&[vlan_tlv::STP_TYPE, 2, 0, 1]);
        let v = decode(&m, m.len() as u32);
        let Body::Subset { revision, vlans } = v.body() else {
            panic!()
        };
        assert_eq!(revision, Some(2));
        let items: Vec<_> = vlans.collect();
        assert_eq!(items.len(), 4);
        assert!(matches!(
            items[0],
            VlanItem::Vlan(VlanInfo {
                vlan_id: 10,
                name: b"ten\0",
                ..
            })
        ));
        assert!(matches!(
            items[1],
            VlanItem::Tlv(VlanTlv {
                kind: vlan_tlv::PRUNING,
                value: 1,
                ..
            })
        ));
        assert_eq!(
            items[3],
            VlanItem::Invalid(VlanInvalid::PastEnd {
                kind: vlan_tlv::STP_TYPE
            })
        );
        // Cut inside the second VLAN's field.
        let v = decode(&m[..70], m.len() as u32);
        let Body::Subset { vlans, .. } = v.body() else {
            panic!()
        };
        assert_eq!(vlans.last(), Some(VlanItem::Cut));
    }
}
