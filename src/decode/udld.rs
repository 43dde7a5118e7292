//! UDLD, Cisco's UniDirectional Link Detection protocol (RFC 5171), carried
//! in LLC/SNAP frames with Cisco's OUI and protocol id 0x0111: version,
//! opcode, flags, checksum, then TLVs.
//!
//! A [`Udld`] record hands out a lazy iterator over its TLVs
//! ([`Udld::tlvs`]) that stops where tcpdump's walk stops. tcpdump's
//! length checks after an invalid length all run to the end of the
//! message, so [`Udld::complete`] settles them.

use super::bytes::{be16_at, be32_at, prefix, suffix};

/// The SNAP protocol id of UDLD under Cisco's OUI.
pub const PID_UDLD: u16 = 0x0111;

/// TLV types.
pub mod tlv {
    pub const DEVICE_ID: u16 = 0x0001;
    pub const PORT_ID: u16 = 0x0002;
    pub const ECHO: u16 = 0x0003;
    pub const MESSAGE_INTERVAL: u16 = 0x0004;
    pub const TIMEOUT_INTERVAL: u16 = 0x0005;
    pub const DEVICE_NAME: u16 = 0x0006;
    pub const SEQ_NUMBER: u16 = 0x0007;
}

/// A UDLD message: what was captured of it and its on-wire length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Udld<'a> {
    pub length: u32,
    pub bytes: &'a [u8],
}

/// Decodes a UDLD message: `p` is what was captured after the SNAP header,
/// `length` its on-wire length.
pub fn decode(p: &[u8], length: u32) -> Udld<'_> {
    Udld {
        length,
        bytes: prefix(p, length as usize),
    }
}

/// The first two bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    pub version: u8,
    pub opcode: u8,
    /// Bit 0 recommended timeout, bit 1 resynch.
    pub flags: u8,
}

impl<'a> Udld<'a> {
    /// Whether the whole message was captured.
    pub fn complete(&self) -> bool {
        self.bytes.len() as u64 >= u64::from(self.length)
    }
    /// Shorter than the 4-byte header (tcpdump: invalid).
    pub fn too_short(&self) -> bool {
        self.length < 4
    }
    pub fn header(&self) -> Option<Header> {
        let b0 = *self.bytes.first()?;
        Some(Header {
            version: b0 >> 5,
            opcode: b0 & 0x1f,
            flags: *self.bytes.get(1)?,
        })
    }
    pub fn checksum(&self) -> Option<u16> {
        be16_at(self.bytes, 2)
    }
    pub fn tlvs(&self) -> Tlvs<'a> {
        Tlvs {
            bytes: self.bytes,
            pos: 4,
            left: self.length.saturating_sub(4),
            done: self.too_short(),
        }
    }
}

/// One step of the TLV walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item<'a> {
    Tlv(Tlv<'a>),
    /// Fewer than 4 bytes left (tcpdump: invalid).
    Short,
    /// The capture ended inside a TLV header.
    HeaderCut,
    /// A TLV length of 4 or less, or beyond the message (tcpdump prints its
    /// header, then: invalid).
    BadLength {
        kind: u16,
        len: u16,
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
        if self.left < 4 {
            self.done = true;
            return Some(Item::Short);
        }
        let (Some(kind), Some(len)) = (
            be16_at(self.bytes, self.pos),
            be16_at(self.bytes, self.pos + 2),
        ) else {
            self.done = true;
            return Some(Item::HeaderCut);
        };
        if len <= 4 || u32::from(len - 4) > self.left - 4 {
            self.done = true;
            return Some(Item::BadLength { kind, len });
        }
        let n = usize::from(len - 4);
        let value = prefix(suffix(self.bytes, self.pos + 4), n);
        self.pos += usize::from(len);
        self.left -= u32::from(len);
        Some(Item::Tlv(Tlv { kind, len, value }))
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
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value<'a> {
    /// Device id, port id, device name: text up to a NUL.
    Name(&'a [u8]),
    /// The echoed (device id, port id) pairs, printed as text.
    Echo(&'a [u8]),
    /// Message or timeout interval in seconds.
    Interval(Option<u8>),
    SeqNumber(Option<u32>),
    /// An interval or sequence number TLV of the wrong length (tcpdump:
    /// invalid).
    BadLength,
    Unknown,
}

impl<'a> Tlv<'a> {
    pub fn complete(&self) -> bool {
        self.value.len() + 4 == usize::from(self.len)
    }
    pub fn value_len(&self) -> usize {
        usize::from(self.len) - 4
    }
    pub fn value(&self) -> Value<'a> {
        let v = self.value;
        let n = self.value_len();
        match self.kind {
            tlv::DEVICE_ID | tlv::PORT_ID | tlv::DEVICE_NAME => Value::Name(v),
            tlv::ECHO => Value::Echo(v),
            tlv::MESSAGE_INTERVAL | tlv::TIMEOUT_INTERVAL if n == 1 => {
                Value::Interval(v.first().copied())
            }
            tlv::SEQ_NUMBER if n == 4 => Value::SeqNumber(be32_at(v, 0)),
            tlv::MESSAGE_INTERVAL | tlv::TIMEOUT_INTERVAL | tlv::SEQ_NUMBER => Value::BadLength,
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
            &[0x21u8, 0x03, 0xab, 0xcd][..],
            &[0, 1, 0, 8, b's', b'w', b'1', 0],
            &[0, 4, 0, 5, 7],
            &[0, 7, 0, 8, 0, 0, 0, 9],
            &[0, 5, 0, 6, 1, 2],
        ]
        .concat();
        let u = decode(&m, m.len() as u32);
        assert_eq!(
            u.header(),
            Some(Header {
                version: 1,
                opcode: 1,
                flags: 3
            })
        );
        let v: Vec<_> = u
            .tlvs()
            .map(|i| match i {
                Item::Tlv(t) => t.value(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            v,
            vec![
                Value::Name(b"sw1\0"),
                Value::Interval(Some(7)),
                Value::SeqNumber(Some(9)),
                Value::BadLength
            ]
        );
        let short = [0x21u8, 1, 0, 0, 0, 1, 0, 4];
        assert_eq!(
            decode(&short, 8).tlvs().next(),
            Some(Item::BadLength { kind: 1, len: 4 })
        );
    }
}
