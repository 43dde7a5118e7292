//! DTP, Cisco's Dynamic Trunking Protocol, carried in LLC/SNAP frames with
//! Cisco's OUI and protocol id 0x2004: a version byte, then TLVs (VTP
//! domain, trunk status, trunk type, neighbour MAC address).
//!
//! A [`Dtp`] record hands out a lazy iterator over its TLVs ([`Dtp::tlvs`])
//! that stops where tcpdump's walk stops; a TLV's value may be captured in
//! part (then [`Tlv::complete`] is false).

use super::bytes::{be16_at, prefix, suffix, Mac};

/// The SNAP protocol id of DTP under Cisco's OUI.
pub const PID_DTP: u16 = 0x2004;

/// TLV types.
pub mod tlv {
    pub const DOMAIN: u16 = 0x0001;
    pub const STATUS: u16 = 0x0002;
    pub const DTP_TYPE: u16 = 0x0003;
    pub const NEIGHBOR: u16 = 0x0004;
}

/// A DTP message: what was captured of it and its on-wire length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dtp<'a> {
    /// The on-wire length (after the SNAP header).
    pub length: u32,
    /// The captured bytes, bounded by `length`.
    pub bytes: &'a [u8],
}

/// Decodes a DTP message: `p` is what was captured after the SNAP header,
/// `length` its on-wire length.
pub fn decode(p: &[u8], length: u32) -> Dtp<'_> {
    Dtp {
        length,
        bytes: prefix(p, length as usize),
    }
}

impl<'a> Dtp<'a> {
    pub fn version(&self) -> Option<u8> {
        self.bytes.first().copied()
    }

    /// The TLVs after the version byte.
    pub fn tlvs(&self) -> Tlvs<'a> {
        Tlvs {
            bytes: self.bytes,
            pos: 1,
            left: self.length.saturating_sub(1),
            done: self.length == 0,
        }
    }

    /// Whether the walk tcpdump makes ends cut short by the capture.
    pub fn truncated(&self) -> bool {
        self.tlvs().any(|i| match i {
            Item::Tlv(t) => !t.complete(),
            Item::HeaderCut => true,
            Item::Remaining { captured, .. } | Item::BadLength { captured, .. } => !captured,
            Item::Zero => false,
        })
    }
}

/// One step of the TLV walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item<'a> {
    Tlv(Tlv<'a>),
    /// A TLV of type 0: tcpdump stops there, silently.
    Zero,
    /// Fewer than 4 bytes left (tcpdump: invalid). `captured`: whether
    /// they were captured.
    Remaining {
        left: u32,
        captured: bool,
    },
    /// The capture ended inside a TLV header.
    HeaderCut,
    /// A TLV length below 4 or beyond what is left (tcpdump: invalid).
    BadLength {
        kind: u16,
        len: u16,
        captured: bool,
    },
}

/// The TLV iterator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlvs<'a> {
    bytes: &'a [u8],
    pos: usize,
    left: u32,
    done: bool,
}

impl<'a> Iterator for Tlvs<'a> {
    type Item = Item<'a>;
    fn next(&mut self) -> Option<Item<'a>> {
        if self.done || self.left == 0 {
            return None;
        }
        let captured = self.bytes.len() as u64 >= self.pos as u64 + u64::from(self.left);
        if self.left < 4 {
            self.done = true;
            return Some(Item::Remaining {
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
        if kind == 0 {
            self.done = true;
            return Some(Item::Zero);
        }
        if len < 4 || u32::from(len) > self.left {
            self.done = true;
            return Some(Item::BadLength {
                kind,
                len,
                captured,
            });
        }
        let value_len = usize::from(len - 4);
        let value = prefix(suffix(self.bytes, self.pos + 4), value_len);
        self.pos += usize::from(len);
        self.left -= u32::from(len);
        Some(Item::Tlv(Tlv {
            kind,
            len,
            value,
            rest_captured: captured,
        }))
    }
}

/// One TLV with a sane length; its value may be captured in part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlv<'a> {
    pub kind: u16,
    /// The TLV length, header included.
    pub len: u16,
    /// The captured part of the value.
    pub value: &'a [u8],
    /// Whether everything from this TLV to the end of the message was
    /// captured (what tcpdump checks after an invalid TLV).
    pub rest_captured: bool,
}

/// A TLV's value, typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value<'a> {
    /// The VTP domain name, as captured.
    Domain(&'a [u8]),
    /// Trunk status or trunk type; `None` when not captured.
    Status(Option<u8>),
    DtpType(Option<u8>),
    Neighbor(Option<Mac>),
    /// A status, type or neighbour TLV of the wrong length (tcpdump:
    /// invalid, and the walk ends).
    BadLength,
    /// A type tcpdump does not decode.
    Unknown,
}

impl<'a> Tlv<'a> {
    /// Whether the whole value was captured.
    pub fn complete(&self) -> bool {
        self.value.len() + 4 == usize::from(self.len)
    }

    pub fn value(&self) -> Value<'a> {
        let v = self.value;
        match (self.kind, self.len) {
            (tlv::DOMAIN, _) => Value::Domain(v),
            (tlv::STATUS, 5) => Value::Status(v.first().copied()),
            (tlv::DTP_TYPE, 5) => Value::DtpType(v.first().copied()),
            (tlv::NEIGHBOR, 10) => Value::Neighbor(
                v.get(..6)
                    .and_then(|m| <[u8; 6]>::try_from(m).ok())
                    .map(Mac),
            ),
            (tlv::STATUS | tlv::DTP_TYPE | tlv::NEIGHBOR, _) => Value::BadLength,
            _ => Value::Unknown,
        }
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn walk() {
        let m = [
            &[1u8][..],
            &[0, 1, 0, 10, b'c', b'i', b's', b'c', b'o', 0],
            &[0, 2, 0, 5, 0x81],
            &[0, 4, 0, 10, 0, 0x1f, 0x6d, 0x96, 0xec, 0x04],
            &[0, 3, 0, 6, 0xa5, 0],
        ]
        .concat();
        let d = decode(&m, m.len() as u32);
        assert_eq!(d.version(), Some(1));
        let v: Vec<_> = d
            .tlvs()
            .map(|i| match i {
                Item::Tlv(t) => t.value(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            v,
            vec![
                Value::Domain(b"cisco\0"),
                Value::Status(Some(0x81)),
                Value::Neighbor(Some(Mac([0, 0x1f, 0x6d, 0x96, 0xec, 0x04]))),
                Value::BadLength,
            ]
        );
        assert!(!d.truncated());
        let d = decode(&m[..12], m.len() as u32);
        assert!(d.truncated());
        let zero = [1u8, 0, 0, 0, 4];
        assert_eq!(decode(&zero, 5).tlvs().next(), Some(Item::Zero));
    }
}
