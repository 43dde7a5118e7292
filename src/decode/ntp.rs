//! NTP (UDP port 123). RFC 1119 (v2), RFC 1305 (v3), RFC 5905 (v4); the
//! mode 6 control message header per draft-ietf-ntp-mode-6-cmds.
//!
//! An [`Ntp`] record holds the first byte (leap indicator, version, mode)
//! and, by mode, the typed fields of a time message ([`TimeMsg`]) or of a
//! control message ([`ControlMsg`]). Fields are read in wire order and each
//! is `None` when the captured bytes ended before it (every later field is
//! then `None` too), so a printer can stop exactly where tcpdump does.
//! Mode 7 (private) messages keep only the first byte, as tcpdump 4.99.3
//! prints nothing more of them.

use nom::number::complete::{be_u16, be_u32, i8 as nom_i8, u8 as nom_u8};

use super::bytes::{prefix, Res};

/// The length of a time message without extension fields, key id or
/// digest.
pub const TIME_MSG_MIN_LEN: u32 = 48;
/// The length of a control message header.
pub const CONTROL_MSG_MIN_LEN: u32 = 12;

pub const MODE_CONTROL: u8 = 6;
pub const MODE_PRIVATE: u8 = 7;
pub const STRATUM_UNSPECIFIED: u8 = 0;
pub const STRATUM_PRIMARY: u8 = 1;
/// Implementation-specific strata of the reference implementation.
pub const STRATUM_INFO_QUERY: u8 = 62;
pub const STRATUM_INFO_REPLY: u8 = 63;

/// A 32-bit NTP short format value: 16 bits of seconds, 16 of fraction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ShortTime {
    pub secs: u16,
    pub frac: u16,
}

/// A 64-bit NTP time stamp: seconds since 1900 (era 0) and a fraction of
/// 2^-32 seconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Timestamp {
    pub secs: u32,
    pub frac: u32,
}

impl Timestamp {
    /// True for the all-zero "unknown" time stamp.
    pub fn is_zero(&self) -> bool {
        self.secs == 0 && self.frac == 0
    }
}

/// A time message (modes 0-5), each field `None` from the first one that
/// was not captured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TimeMsg<'a> {
    pub stratum: Option<u8>,
    pub poll: Option<i8>,
    pub precision: Option<i8>,
    pub root_delay: Option<ShortTime>,
    pub root_dispersion: Option<ShortTime>,
    pub refid: Option<[u8; 4]>,
    pub reference: Option<Timestamp>,
    pub origin: Option<Timestamp>,
    pub receive: Option<Timestamp>,
    pub transmit: Option<Timestamp>,
    /// The key identifier, when the message has room for one after the
    /// header (it is read whatever the length; printers decide).
    pub key_id: Option<u32>,
    /// The captured bytes after the key identifier (a message digest when
    /// the length says there is one), at most 20.
    pub digest: &'a [u8],
}

impl TimeMsg<'_> {
    /// The reference identifier as a number (RFC 5905 section 7.3).
    pub fn reference_id(&self) -> Option<u32> {
        self.refid.map(u32::from_be_bytes)
    }
}

/// A control message (mode 6) header and its data.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ControlMsg<'a> {
    /// R, E, M bits and the opcode.
    pub control: Option<u8>,
    pub sequence: Option<u16>,
    pub status: Option<u16>,
    pub assoc: Option<u16>,
    pub offset: Option<u16>,
    pub count: Option<u16>,
    /// The captured data bytes, at most `count` of them.
    pub data: &'a [u8],
}

impl ControlMsg<'_> {
    pub fn response(c: u8) -> bool {
        c & 0x80 != 0
    }
    pub fn error(c: u8) -> bool {
        c & 0x40 != 0
    }
    pub fn more(c: u8) -> bool {
        c & 0x20 != 0
    }
    pub fn opcode(c: u8) -> u8 {
        c & 0x1f
    }
}

/// What follows the first byte, by mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body<'a> {
    Time(TimeMsg<'a>),
    Control(ControlMsg<'a>),
    /// Mode 7 (private/reserved): not decoded.
    Private,
}

/// An NTP message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ntp<'a> {
    /// The message length per the UDP header.
    pub length: u32,
    /// All `length` bytes were captured.
    pub complete: bool,
    /// LI, VN and mode; `None` when not even that byte was captured.
    pub first: Option<u8>,
    pub body: Body<'a>,
}

impl Ntp<'_> {
    /// The version number (bits 3-5).
    pub fn version(&self) -> Option<u8> {
        self.first.map(|b| (b >> 3) & 7)
    }
    pub fn mode(&self) -> Option<u8> {
        self.first.map(|b| b & 7)
    }
    /// The leap indicator as tcpdump shows it: the top two bits in place
    /// (0, 64, 128 or 192).
    pub fn leap_bits(&self) -> Option<u8> {
        self.first.map(|b| b & 0xc0)
    }
}

fn short(i: &[u8]) -> Res<'_, ShortTime> {
    let (i, secs) = be_u16(i)?;
    let (i, frac) = be_u16(i)?;
    Ok((i, ShortTime { secs, frac }))
}

fn stamp(i: &[u8]) -> Res<'_, Timestamp> {
    let (i, secs) = be_u32(i)?;
    let (i, frac) = be_u32(i)?;
    Ok((i, Timestamp { secs, frac }))
}

/// Runs `p` on `*i`; on success advances `*i` and returns the value.
fn step<'a, T>(i: &mut &'a [u8], p: impl Fn(&'a [u8]) -> Res<'a, T>) -> Option<T> {
    let (rest, v) = p(i).ok()?;
    *i = rest;
    Some(v)
}

fn time_msg(mut i: &[u8]) -> TimeMsg<'_> {
    let mut t = TimeMsg::default();
    // Each field only when every earlier one was captured.
    (|| {
        t.stratum = Some(step(&mut i, nom_u8)?);
        t.poll = Some(step(&mut i, nom_i8)?);
        t.precision = Some(step(&mut i, nom_i8)?);
        t.root_delay = Some(step(&mut i, short)?);
        t.root_dispersion = Some(step(&mut i, short)?);
        t.refid = Some(step(&mut i, |b| {
            let (r, v) = be_u32(b)?;
            Ok((r, v.to_be_bytes()))
        })?);
        t.reference = Some(step(&mut i, stamp)?);
        t.origin = Some(step(&mut i, stamp)?);
        t.receive = Some(step(&mut i, stamp)?);
        t.transmit = Some(step(&mut i, stamp)?);
        t.key_id = Some(step(&mut i, be_u32)?);
        t.digest = prefix(i, 20);
        Some(())
    })();
    t
}

fn control_msg(mut i: &[u8]) -> ControlMsg<'_> {
    let mut c = ControlMsg::default();
    (|| {
        let _first = step(&mut i, nom_u8)?;
        c.control = Some(step(&mut i, nom_u8)?);
        c.sequence = Some(step(&mut i, be_u16)?);
        c.status = Some(step(&mut i, be_u16)?);
        c.assoc = Some(step(&mut i, be_u16)?);
        c.offset = Some(step(&mut i, be_u16)?);
        let count = step(&mut i, be_u16)?;
        c.count = Some(count);
        c.data = prefix(i, usize::from(count));
        Some(())
    })();
    c
}

/// Decodes an NTP message. `msg` is what was captured from the start of
/// the message to the end of the IP datagram; `length` is the UDP payload
/// length.
pub fn decode(msg: &[u8], length: u32) -> Ntp<'_> {
    let first = msg.first().copied();
    let body = match first.map(|b| b & 7) {
        Some(MODE_CONTROL) => Body::Control(control_msg(msg)),
        Some(MODE_PRIVATE) => Body::Private,
        Some(_) => Body::Time(time_msg(msg.get(1..).unwrap_or(&[]))),
        None => Body::Private,
    };
    Ntp {
        length,
        complete: msg.len() as u64 >= u64::from(length),
        first,
        body,
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// A server reply (NTPv4, mode 4, stratum 2).
    #[rustfmt::skip]
    pub(crate) const SERVER: [u8; 48] = [
        0x24, 0x02, 0x08, 0xe8, // LI 0, v4, mode 4; stratum 2; poll 8; precision -24
        0x00, 0x00, 0x00, 0x15, // root delay 0.000320
        0x00, 0x00, 0x09, 0x51, // root dispersion
        0x84, 0xc7, 0x07, 0xc9, // refid
        0xdd, 0x47, 0x9e, 0x3a, 0x56, 0x76, 0x8b, 0x00,
        0xdd, 0x47, 0xa2, 0xf4, 0xed, 0xb1, 0x5a, 0x00,
        0xdd, 0x47, 0xa2, 0xf4, 0xee, 0x10, 0x20, 0x00,
        0xdd, 0x47, 0xa2, 0xf4, 0xee, 0x12, 0x40, 0x00,
    ];

    #[test]
    fn server_reply() {
        let n = decode(&SERVER, 48);
        assert_eq!(
            (n.version(), n.mode(), n.leap_bits()),
            (Some(4), Some(4), Some(0))
        );
        assert!(n.complete);
        let Body::Time(t) = n.body else { panic!() };
        assert_eq!(t.stratum, Some(2));
        assert_eq!(t.poll, Some(8));
        assert_eq!(t.precision, Some(-24));
        assert_eq!(
            t.root_delay,
            Some(ShortTime {
                secs: 0,
                frac: 0x15
            })
        );
        assert_eq!(t.refid, Some([0x84, 0xc7, 0x07, 0xc9]));
        assert_eq!(t.reference.map(|s| s.secs), Some(0xdd47_9e3a));
        assert_eq!(
            t.transmit,
            Some(Timestamp {
                secs: 0xdd47_a2f4,
                frac: 0xee12_4000
            })
        );
        assert_eq!(t.key_id, None);
        assert!(t.digest.is_empty());
    }

    #[test]
    fn truncation_keeps_a_prefix() {
        for n in 0..SERVER.len() {
            let m = decode(&SERVER[..n], 48);
            assert!(!m.complete);
            let Body::Time(t) = m.body else {
                assert_eq!(n, 0);
                continue;
            };
            assert_eq!(t.stratum.is_some(), n >= 2, "{n}");
            assert_eq!(t.root_delay.is_some(), n >= 8, "{n}");
            assert_eq!(t.refid.is_some(), n >= 16, "{n}");
            assert_eq!(t.transmit.is_some(), n >= 48, "{n}");
        }
    }

    #[test]
    fn key_and_digest() {
        let mut m = SERVER.to_vec();
        m.extend_from_slice(&[0, 0, 0, 7]);
        m.extend_from_slice(&[0xab; 20]);
        let n = decode(&m, 72);
        let Body::Time(t) = n.body else { panic!() };
        assert_eq!(t.key_id, Some(7));
        assert_eq!(t.digest.len(), 20);
    }

    #[test]
    fn control_message() {
        let m = [
            0x16, 0x82, 0, 1, 0x06, 0x15, 0, 0, 0, 0, 0, 4, b'a', b'b', b'c',
        ];
        let n = decode(&m, 16);
        assert_eq!(n.mode(), Some(6));
        let Body::Control(c) = n.body else { panic!() };
        assert_eq!(c.control, Some(0x82));
        assert!(ControlMsg::response(0x82));
        assert_eq!(ControlMsg::opcode(0x82), 2);
        assert_eq!(c.status, Some(0x0615));
        assert_eq!(c.count, Some(4));
        assert_eq!(c.data, b"abc");
    }

    #[test]
    fn private_and_empty() {
        assert_eq!(decode(&[0x17, 0, 3, 0], 4).body, Body::Private);
        let n = decode(&[], 48);
        assert_eq!(n.first, None);
    }
}
