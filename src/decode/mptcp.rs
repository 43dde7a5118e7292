//! Multipath TCP options. RFC 8684 section 3 (and RFC 6824 for version 0).
//!
//! One TCP option kind (30) carries every MPTCP message; the high nibble of
//! its third byte names the subtype. [`decode`] reads the fields a subtype
//! has at the length it was given; [`Mptcp::valid`] is false when the
//! length (or, for MP_CAPABLE and MP_JOIN, the segment's SYN/ACK flags) do
//! not fit the subtype. The DSS subtype is read field by field, so a DSS
//! option that ends early keeps the fields before the gap.

use std::net::IpAddr;

use super::bytes::{be16_at, be32_at, ip_addr, prefix, suffix};

/// Subtype numbers (RFC 8684 section 3, table 1).
pub mod subtype {
    pub const CAPABLE: u8 = 0;
    pub const JOIN: u8 = 1;
    pub const DSS: u8 = 2;
    pub const ADD_ADDR: u8 = 3;
    pub const REMOVE_ADDR: u8 = 4;
    pub const PRIO: u8 = 5;
    pub const FAIL: u8 = 6;
    pub const FAST_CLOSE: u8 = 7;
}

/// DSS flag bits (RFC 8684 section 3.3).
pub mod dss_flag {
    /// DATA_FIN.
    pub const FIN: u8 = 0x10;
    /// The data sequence number is 8 bytes.
    pub const DSN8: u8 = 0x08;
    /// A mapping (DSN, subflow sequence number, length) is present.
    pub const MAP: u8 = 0x04;
    /// The data ACK is 8 bytes.
    pub const ACK8: u8 = 0x02;
    /// A data ACK is present.
    pub const ACK: u8 = 0x01;
}

/// A DSS field: absent (its flag is clear), present, or announced by its
/// flag but beyond the option's end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field<T> {
    Absent,
    Missing,
    Present(T),
}

/// A DSS mapping's fields, as far as the option holds them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DssMap {
    pub dsn: Field<u64>,
    pub subflow_seq: Option<u32>,
    pub data_len: Option<u16>,
    pub checksum: Option<u16>,
}

/// An MP_JOIN, by handshake step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Join<'a> {
    Syn {
        backup: bool,
        addr_id: u8,
        token: u32,
        nonce: u32,
    },
    SynAck {
        backup: bool,
        addr_id: u8,
        hmac: u64,
        nonce: u32,
    },
    Ack {
        hmac: &'a [u8],
    },
}

/// The fields of each subtype.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body<'a> {
    /// Nothing read (the option is too short for a subtype, or its fields
    /// do not fit).
    None,
    Capable {
        version: u8,
        checksum_required: bool,
        sender_key: Option<u64>,
        receiver_key: Option<u64>,
    },
    Join(Join<'a>),
    /// `None` when the option is too short for the flags or sits on a SYN.
    Dss {
        flags: u8,
        ack: Field<u64>,
        map: Option<DssMap>,
    },
    AddAddr {
        /// The low nibble of the subtype byte (IPVer in version 0, E bit in
        /// version 1).
        echo_bits: u8,
        addr_id: u8,
        addr: IpAddr,
        port: Option<u16>,
        hmac: Option<u64>,
    },
    RemoveAddr {
        ids: &'a [u8],
    },
    Prio {
        backup: bool,
        addr_id: Option<u8>,
    },
    Fail {
        dsn: u64,
    },
    FastClose {
        key: u64,
    },
    /// A subtype this decoder does not know.
    Unknown,
}

/// One MPTCP option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mptcp<'a> {
    /// The option's length byte.
    pub len: u8,
    /// The subtype nibble (absent when the option is shorter than 3 bytes).
    pub subtype: Option<u8>,
    pub body: Body<'a>,
    /// The fields fit the length and the segment's flags.
    pub valid: bool,
}

fn be64_at(s: &[u8], off: usize) -> Option<u64> {
    let hi = be32_at(s, off)?;
    let lo = be32_at(s, off.checked_add(4)?)?;
    Some((u64::from(hi) << 32) | u64::from(lo))
}

/// The SYN and ACK bits of the segment an option sits on: MP_CAPABLE and
/// MP_JOIN carry different fields in each step of the handshake.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SegFlags {
    pub syn: bool,
    pub ack: bool,
}

/// Reads an MPTCP option; `data` is the option after its kind and length
/// bytes, `len` its length byte, `seg` the segment's SYN and ACK bits.
pub fn decode(data: &[u8], len: u8, seg: SegFlags) -> Mptcp<'_> {
    let mut m = Mptcp {
        len,
        subtype: None,
        body: Body::None,
        valid: false,
    };
    // Offsets below count from the kind byte, as RFC 8684 draws them.
    let at = |off: usize| data.get(off.wrapping_sub(2)).copied();
    let u32_at = |off: usize| be32_at(data, off.wrapping_sub(2));
    let u64_at = |off: usize| be64_at(data, off.wrapping_sub(2));
    let Some(sub_byte) = at(2) else {
        return m;
    };
    let sub = sub_byte >> 4;
    m.subtype = Some(sub);
    let n = usize::from(len);
    let syn = seg.syn;
    let ack_only = seg.ack && !seg.syn;
    let (body, valid) = match sub {
        subtype::CAPABLE => {
            if !(((n == 12 || n == 4) && syn) || ((n == 20 || n == 22) && ack_only)) {
                (Body::None, false)
            } else {
                (
                    Body::Capable {
                        version: sub_byte & 0x0f,
                        checksum_required: at(3).unwrap_or(0) & 0x80 != 0,
                        sender_key: (n == 12 || n >= 20).then(|| u64_at(4)).flatten(),
                        receiver_key: (n >= 20).then(|| u64_at(12)).flatten(),
                    },
                    true,
                )
            }
        }
        subtype::JOIN => {
            let backup = sub_byte & 0x01 != 0;
            let addr_id = at(3).unwrap_or(0);
            match n {
                12 if syn => (
                    Body::Join(Join::Syn {
                        backup,
                        addr_id,
                        token: u32_at(4).unwrap_or(0),
                        nonce: u32_at(8).unwrap_or(0),
                    }),
                    true,
                ),
                16 if seg.syn && seg.ack => (
                    Body::Join(Join::SynAck {
                        backup,
                        addr_id,
                        hmac: u64_at(4).unwrap_or(0),
                        nonce: u32_at(12).unwrap_or(0),
                    }),
                    true,
                ),
                24 if seg.ack => (
                    Body::Join(Join::Ack {
                        hmac: prefix(suffix(data, 2), 20),
                    }),
                    true,
                ),
                _ => (Body::None, false),
            }
        }
        subtype::DSS => dss(data, n, syn),
        subtype::ADD_ADDR => add_addr(data, n, sub_byte),
        subtype::REMOVE_ADDR => {
            if n < 4 {
                (Body::None, false)
            } else {
                (
                    Body::RemoveAddr {
                        ids: prefix(suffix(data, 1), n - 3),
                    },
                    true,
                )
            }
        }
        subtype::PRIO => match n {
            3 | 4 => (
                Body::Prio {
                    backup: sub_byte & 0x01 != 0,
                    addr_id: if n == 4 { at(3) } else { None },
                },
                true,
            ),
            _ => (Body::None, false),
        },
        subtype::FAIL => match (n, u64_at(4)) {
            (12, Some(dsn)) => (Body::Fail { dsn }, true),
            _ => (Body::None, false),
        },
        subtype::FAST_CLOSE => match (n, u64_at(4)) {
            (12, Some(key)) => (Body::FastClose { key }, true),
            _ => (Body::None, false),
        },
        _ => (Body::Unknown, true),
    };
    m.body = body;
    m.valid = valid && n >= 3;
    m
}

fn dss(data: &[u8], n: usize, syn: bool) -> (Body<'_>, bool) {
    if n < 4 || syn {
        return (Body::None, false);
    }
    let flags = data.get(1).copied().unwrap_or(0);
    // Field cursor, counted from the kind byte, and what is left.
    let mut off = 4usize;
    let mut left = n - 4;
    let mut take = |size: usize| -> Option<usize> {
        if left < size {
            return None;
        }
        let at = off;
        off += size;
        left -= size;
        Some(at - 2)
    };
    let wide = |f: u8| flags & f != 0;
    let mut body_ack = Field::Absent;
    let mut map = None;
    let mut ok = true;
    if wide(dss_flag::ACK) {
        let size = if wide(dss_flag::ACK8) { 8 } else { 4 };
        body_ack = match take(size) {
            Some(i) if size == 8 => Field::Present(be64_at(data, i).unwrap_or(0)),
            Some(i) => Field::Present(u64::from(be32_at(data, i).unwrap_or(0))),
            None => {
                ok = false;
                Field::Missing
            }
        };
    }
    if ok && wide(dss_flag::MAP) {
        let size = if wide(dss_flag::DSN8) { 8 } else { 4 };
        let mut m = DssMap {
            dsn: Field::Missing,
            subflow_seq: None,
            data_len: None,
            checksum: None,
        };
        match take(size) {
            Some(i) if size == 8 => m.dsn = Field::Present(be64_at(data, i).unwrap_or(0)),
            Some(i) => m.dsn = Field::Present(u64::from(be32_at(data, i).unwrap_or(0))),
            None => ok = false,
        }
        if ok {
            m.subflow_seq = take(4).and_then(|i| be32_at(data, i));
            ok = m.subflow_seq.is_some();
        }
        if ok {
            m.data_len = take(2).and_then(|i| be16_at(data, i));
            ok = m.data_len.is_some();
        }
        if ok {
            // The checksum is there only when it was negotiated: take two
            // more bytes when there are two.
            m.checksum = take(2).and_then(|i| be16_at(data, i));
        }
        map = Some(m);
    }
    let body = Body::Dss {
        flags,
        ack: body_ack,
        map,
    };
    (body, ok && left == 0)
}

fn add_addr(data: &[u8], n: usize, sub_byte: u8) -> (Body<'_>, bool) {
    // (address length, port present, hmac offset from the kind byte)
    let layout = match n {
        8 => (4, false, None),
        10 => (4, true, None),
        16 => (4, false, Some(8)),
        18 => (4, true, Some(10)),
        20 => (16, false, None),
        22 => (16, true, None),
        28 => (16, false, Some(20)),
        30 => (16, true, Some(22)),
        _ => return (Body::None, false),
    };
    let (alen, has_port, hmac_at) = layout;
    let Some(addr) = data.get(2..2 + alen).and_then(ip_addr) else {
        return (Body::None, false);
    };
    let body = Body::AddAddr {
        echo_bits: sub_byte & 0x0f,
        addr_id: data.get(1).copied().unwrap_or(0),
        addr,
        port: if has_port {
            be16_at(data, 2 + alen)
        } else {
            None
        },
        hmac: hmac_at.and_then(|off: usize| be64_at(data, off - 2)),
    };
    (body, true)
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    const SYN: SegFlags = SegFlags {
        syn: true,
        ack: false,
    };
    const ACK: SegFlags = SegFlags {
        syn: false,
        ack: true,
    };
    const SYN_ACK: SegFlags = SegFlags {
        syn: true,
        ack: true,
    };

    #[test]
    fn capable_depends_on_length_and_flags() {
        #[rustfmt::skip]
        let opt = [
            0x01, 0x81,                                     // v1, checksum required
            0, 0, 0, 0, 0, 0, 0, 0x0a,                      // sender key
            0, 0, 0, 0, 0, 0, 0, 0x0b,                      // receiver key
        ];
        let m = decode(&opt[..10], 12, SYN);
        assert!(m.valid);
        assert_eq!(
            m.body,
            Body::Capable {
                version: 1,
                checksum_required: true,
                sender_key: Some(10),
                receiver_key: None
            }
        );
        // The third ACK carries both keys; on a SYN that length is wrong.
        let m = decode(&opt, 20, ACK);
        assert!(m.valid);
        assert!(matches!(
            m.body,
            Body::Capable {
                receiver_key: Some(11),
                ..
            }
        ));
        assert!(!decode(&opt, 20, SYN_ACK).valid);
        assert!(!decode(&opt[..10], 12, ACK).valid);
    }

    #[test]
    fn dss_fields_stop_where_the_option_does() {
        #[rustfmt::skip]
        let full = [
            0x20, 0x05,             // DSS, flags M|A (4-byte ack and DSN)
            0x00, 0x00, 0x03, 0xe8, // data ack 1000
            0x00, 0x00, 0x07, 0xd0, // DSN 2000
            0x00, 0x00, 0x00, 0x01, // subflow seq 1
            0x00, 0x64,             // data-level length 100
            0xab, 0xcd,             // checksum
        ];
        let m = decode(&full, 20, ACK);
        assert!(m.valid);
        assert_eq!(
            m.body,
            Body::Dss {
                flags: 0x05,
                ack: Field::Present(1000),
                map: Some(DssMap {
                    dsn: Field::Present(2000),
                    subflow_seq: Some(1),
                    data_len: Some(100),
                    checksum: Some(0xabcd),
                })
            }
        );
        // Cut after the DSN: the mapping stops there and is invalid.
        let m = decode(&full[..10], 12, ACK);
        assert!(!m.valid);
        let Body::Dss { map: Some(map), .. } = m.body else {
            panic!("{m:?}")
        };
        assert_eq!((map.dsn, map.subflow_seq), (Field::Present(2000), None));
        // Flags announcing an 8-byte ack the option lacks.
        let m = decode(&[0x20, 0x03, 0, 0, 0, 1], 8, ACK);
        assert!(!m.valid);
        assert!(matches!(
            m.body,
            Body::Dss {
                ack: Field::Missing,
                ..
            }
        ));
        // Never on a SYN.
        assert_eq!(decode(&full, 20, SYN_ACK).body, Body::None);
    }

    #[test]
    fn add_addr_layouts() {
        #[rustfmt::skip]
        let v6 = [
            0x30, 0x07,                                     // ADD_ADDR v1, id 7
            0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 1,                         // 2001:db8::1
            0x1f, 0x90,                                     // port 8080
        ];
        let m = decode(&v6, 22, ACK);
        assert!(m.valid);
        assert_eq!(
            m.body,
            Body::AddAddr {
                echo_bits: 0,
                addr_id: 7,
                addr: "2001:db8::1".parse().unwrap(),
                port: Some(8080),
                hmac: None
            }
        );
        assert!(!decode(&v6[..10], 12, ACK).valid);
    }

    #[test]
    fn short_and_unknown() {
        let m = decode(&[], 2, ACK);
        assert_eq!((m.subtype, m.valid), (None, false));
        let m = decode(&[0xf0], 3, ACK);
        assert_eq!(
            (m.subtype, m.body, m.valid),
            (Some(15), Body::Unknown, true)
        );
        let m = decode(&[0x40, 1, 2, 3], 6, ACK);
        assert_eq!(m.body, Body::RemoveAddr { ids: &[1, 2, 3] });
    }
}
