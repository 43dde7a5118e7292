//! TCP options. RFC 9293 section 3.2 (EOL, NOP, MSS), RFC 7323 (window
//! scale, timestamps), RFC 2018 (SACK), RFC 1072 (echo), RFC 1644 (CC),
//! RFC 2385 (MD5 signature), RFC 5482 (user timeout), RFC 5925 (TCP-AO),
//! RFC 8684 (MPTCP, decoded in [`crate::decode::mptcp`]), RFC 7413 (Fast Open), RFC 6994 (shared experimental
//! options).
//!
//! [`Options`] walks the option area lazily over borrowed bytes. The walk is
//! tcpdump's: an option of a fixed-size kind (MSS, window scale, timestamps,
//! ...) is read at its kind's size whatever its length byte says, and the
//! walk goes on right after the bytes read. A length byte that disagrees
//! with the kind is kept in [`TcpOption::len`] so that printers can flag it;
//! guessing which of the two is right is not the decoder's business, and
//! following tcpdump keeps `netdecode` comparable with it byte for byte.
//!
//! The walk ends at EOL, at the end of the option area, at an option that
//! makes no sense ([`OptItem::Bad`]) or where the capture ends
//! ([`OptItem::Cut`]).

use super::super::bytes::{be16_at, be32_at, prefix, suffix};
use super::super::mptcp::{self, Mptcp, SegFlags};

/// Option kinds (IANA "TCP Option Kind Numbers").
pub mod kind {
    pub const EOL: u8 = 0;
    pub const NOP: u8 = 1;
    pub const MSS: u8 = 2;
    pub const WSCALE: u8 = 3;
    pub const SACK_OK: u8 = 4;
    pub const SACK: u8 = 5;
    pub const ECHO: u8 = 6;
    pub const ECHO_REPLY: u8 = 7;
    pub const TIMESTAMP: u8 = 8;
    pub const CC: u8 = 11;
    pub const CC_NEW: u8 = 12;
    pub const CC_ECHO: u8 = 13;
    pub const MD5: u8 = 19;
    pub const SCPS: u8 = 20;
    pub const UTO: u8 = 28;
    pub const TCP_AO: u8 = 29;
    pub const MPTCP: u8 = 30;
    pub const FAST_OPEN: u8 = 34;
    /// RFC 4727 experimental kind, shared through RFC 6994 magic numbers.
    pub const EXPERIMENT2: u8 = 254;
}

/// RFC 6994 experiment identifier of the pre-RFC TCP Fast Open option.
pub const MAGIC_FAST_OPEN: u16 = 0xf989;
/// Length of an RFC 2385 MD5 digest.
pub const MD5_LEN: usize = 16;

/// The data of a SACK option: blocks of two sequence numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sack<'a> {
    /// The option data (length minus 2), as captured.
    pub data: &'a [u8],
    /// The data length the option's length byte announces (length minus
    /// 2), whatever was captured of it.
    pub claimed: usize,
}

impl<'a> Sack<'a> {
    /// A well-formed SACK option carries whole 8-byte blocks (judged by
    /// its length byte, as tcpdump does, not by what was captured).
    pub fn is_valid(&self) -> bool {
        self.claimed % 8 == 0
    }
    /// The number of blocks the option claims.
    pub fn count(&self) -> usize {
        self.claimed / 8
    }
    /// The (left edge, right edge) pairs that were captured whole.
    pub fn blocks(&self) -> impl Iterator<Item = (u32, u32)> + 'a {
        let data = self.data;
        (0..data.len() / 8)
            .filter_map(move |i| Some((be32_at(data, i * 8)?, be32_at(data, i * 8 + 4)?)))
    }
}

/// TCP Fast Open cookie data (RFC 7413 section 4.1.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FastOpen<'a> {
    /// No cookie: a cookie request.
    Request,
    /// A cookie of 4 to 16 bytes, even length.
    Cookie(&'a [u8]),
    /// Cookie bytes of a length RFC 7413 does not allow.
    Invalid(&'a [u8]),
}

impl<'a> FastOpen<'a> {
    fn new(data: &'a [u8]) -> FastOpen<'a> {
        match data.len() {
            0 => FastOpen::Request,
            n if n % 2 == 0 && (4..=16).contains(&n) => FastOpen::Cookie(data),
            _ => FastOpen::Invalid(data),
        }
    }
}

/// The user timeout option (RFC 5482), derived once from its 16-bit field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UserTimeout {
    /// The field as sent.
    pub raw: u16,
    /// RFC 5482's granularity bit (the high bit): the timeout is in minutes
    /// when set, in seconds otherwise.
    pub minutes: bool,
    /// RFC 5482's 15-bit timeout.
    pub timeout: u16,
    /// The seconds tcpdump 4.99 prints: it takes the low bit for the
    /// granularity (minutes when set) and the upper 15 bits for the value.
    pub tcpdump_seconds: u32,
}

impl UserTimeout {
    pub fn new(raw: u16) -> UserTimeout {
        let value = u32::from(raw >> 1);
        UserTimeout {
            raw,
            minutes: raw & 0x8000 != 0,
            timeout: raw & 0x7fff,
            tcpdump_seconds: if raw & 1 != 0 { value * 60 } else { value },
        }
    }
}

/// TCP Authentication Option fields (RFC 5925 section 2.2), as far as
/// they were captured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TcpAo<'a> {
    /// False when the option is shorter than its two key ids.
    pub valid: bool,
    pub key_id: Option<u8>,
    pub rnext_key_id: Option<u8>,
    /// The MAC bytes (captured ones only when the option was cut).
    pub mac: &'a [u8],
}

impl<'a> TcpAo<'a> {
    fn new(data: &'a [u8], claimed: usize) -> TcpAo<'a> {
        TcpAo {
            valid: claimed >= 2,
            key_id: data.first().copied(),
            rnext_key_id: data.get(1).copied(),
            mac: suffix(data, 2),
        }
    }
}

/// What an option says, by kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptValue<'a> {
    Eol,
    Nop,
    Mss(u16),
    WindowScale(u8),
    SackPermitted,
    Sack(Sack<'a>),
    /// Echo, echo reply (RFC 1072) and the T/TCP CC options (RFC 1644):
    /// one 32-bit value; [`TcpOption::kind`] tells which.
    Word(u32),
    Timestamp {
        val: u32,
        ecr: u32,
    },
    /// The 16-byte RFC 2385 digest.
    Md5(&'a [u8]),
    /// SCPS capabilities (CCSDS 714.0-B-2).
    Scps {
        capabilities: u8,
        connection_id: u8,
    },
    /// User timeout (RFC 5482).
    UserTimeout(UserTimeout),
    TcpAo(TcpAo<'a>),
    Mptcp(Mptcp<'a>),
    FastOpen(FastOpen<'a>),
    /// Fast Open in the RFC 6994 experimental option (magic 0xf989).
    ExpFastOpen(FastOpen<'a>),
    /// Another RFC 6994 experiment: its magic number and data.
    Experimental {
        magic: u16,
        data: &'a [u8],
    },
    /// A kind without a decoder: its data.
    Unknown(&'a [u8]),
}

/// One option, complete.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TcpOption<'a> {
    pub kind: u8,
    /// The length byte (1 for EOL and NOP).
    pub len: u8,
    /// The bytes the walk used, kind and length bytes included; differs
    /// from `len` when the length byte disagrees with the kind's size.
    pub used: usize,
    pub value: OptValue<'a>,
}

impl TcpOption<'_> {
    /// The length byte disagrees with the kind's size.
    pub fn len_mismatch(&self) -> bool {
        self.used != usize::from(self.len)
    }
}

/// An option that ends the walk because it makes no sense.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadOption<'a> {
    /// The length byte is below 2 or runs past the option area.
    Length { kind: u8, len: u8 },
    /// A fixed-size option with more data than the option area has left.
    Short { kind: u8, len: u8 },
    /// An RFC 6994 experimental option too short for its magic number.
    NoMagic { len: u8 },
    /// An MPTCP option whose fields do not fit its length or the
    /// segment's flags; holds what could be read.
    Mptcp(Mptcp<'a>),
}

/// What was captured of an option the capture cut.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Partial<'a> {
    /// Nothing worth showing.
    None,
    /// SACK blocks (only whole captured blocks are meaningful).
    Sack(Sack<'a>),
    TcpAo(TcpAo<'a>),
    /// The data bytes of an option without a decoder.
    Bytes(&'a [u8]),
}

/// Where the capture ended inside the option area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CutOption<'a> {
    /// Before an option's kind byte.
    Kind,
    /// After the kind byte, before the length byte.
    Length { kind: u8 },
    /// Inside the option's data.
    Data {
        kind: u8,
        len: u8,
        partial: Partial<'a>,
    },
}

/// One step of the option walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptItem<'a> {
    Opt(TcpOption<'a>),
    /// The walk ends: the option makes no sense.
    Bad(BadOption<'a>),
    /// The walk ends: the capture ended.
    Cut(CutOption<'a>),
}

/// The lazy option walk; see the module documentation.
#[derive(Clone, Debug)]
pub struct Options<'a> {
    /// The captured bytes of the option area.
    captured: &'a [u8],
    /// The byte right after the option area, if captured: tcpdump reads a
    /// length byte there when the area's last byte is a kind that takes
    /// one.
    after: Option<u8>,
    /// Offset of the next option within the area.
    pos: usize,
    /// Bytes of the option area (per the header length) not yet walked.
    remaining: usize,
    /// The segment's TCP flags (MPTCP subtypes depend on them).
    flags: u8,
    done: bool,
}

impl<'a> Options<'a> {
    /// Walks an option area of `area_len` bytes (header length minus 20)
    /// in a segment with `flags`; `captured` is what was captured from the
    /// start of the area on (bounded by the segment, not by the area).
    pub fn new(captured: &'a [u8], area_len: usize, flags: u8) -> Options<'a> {
        Options {
            captured: prefix(captured, area_len),
            after: captured.get(area_len).copied(),
            pos: 0,
            remaining: area_len,
            flags,
            done: false,
        }
    }

    /// The timestamps of an option area that is exactly RFC 7323
    /// appendix A's layout, NOP, NOP, timestamps (12 bytes, the one Linux
    /// puts on every segment after the handshake), captured whole, before
    /// the walk starts: `(val, ecr)`. The walk yields the same three
    /// options; this is its short cut (Linux's own stack has the same one,
    /// `tcp_parse_aligned_timestamp`).
    #[inline]
    pub fn aligned_timestamp(&self) -> Option<(u32, u32)> {
        if self.pos != 0 || self.remaining != 12 || self.done {
            return None;
        }
        match *self.captured {
            [1, 1, kind::TIMESTAMP, 10, a0, a1, a2, a3, b0, b1, b2, b3] => Some((
                u32::from_be_bytes([a0, a1, a2, a3]),
                u32::from_be_bytes([b0, b1, b2, b3]),
            )),
            _ => None,
        }
    }

    fn end(&mut self, item: OptItem<'a>) -> Option<OptItem<'a>> {
        self.done = true;
        Some(item)
    }

    /// The `n` data bytes at the walk position, if all were captured.
    fn data(&self, n: usize) -> Option<&'a [u8]> {
        self.captured.get(self.pos..self.pos.checked_add(n)?)
    }

    /// What was captured from the walk position on.
    fn rest(&self) -> &'a [u8] {
        suffix(self.captured, self.pos)
    }
}

/// The data size of kinds tcpdump reads at a fixed size.
fn fixed_size(kind: u8) -> Option<usize> {
    match kind {
        kind::EOL | kind::NOP | kind::SACK_OK => Some(0),
        kind::WSCALE => Some(1),
        kind::MSS | kind::SCPS | kind::UTO => Some(2),
        kind::ECHO | kind::ECHO_REPLY | kind::CC | kind::CC_NEW | kind::CC_ECHO => Some(4),
        kind::TIMESTAMP => Some(8),
        kind::MD5 => Some(MD5_LEN),
        _ => None,
    }
}

fn fixed_value(kind: u8, d: &[u8]) -> OptValue<'_> {
    let b16 = be16_at(d, 0).unwrap_or(0);
    let b32 = |off| be32_at(d, off).unwrap_or(0);
    match kind {
        kind::EOL => OptValue::Eol,
        kind::NOP => OptValue::Nop,
        kind::SACK_OK => OptValue::SackPermitted,
        kind::WSCALE => OptValue::WindowScale(d.first().copied().unwrap_or(0)),
        kind::MSS => OptValue::Mss(b16),
        kind::UTO => OptValue::UserTimeout(UserTimeout::new(b16)),
        kind::SCPS => OptValue::Scps {
            capabilities: d.first().copied().unwrap_or(0),
            connection_id: d.get(1).copied().unwrap_or(0),
        },
        kind::TIMESTAMP => OptValue::Timestamp {
            val: b32(0),
            ecr: b32(4),
        },
        kind::MD5 => OptValue::Md5(d),
        _ => OptValue::Word(b32(0)),
    }
}

impl<'a> Iterator for Options<'a> {
    type Item = OptItem<'a>;

    #[inline]
    fn next(&mut self) -> Option<OptItem<'a>> {
        if self.done || self.remaining == 0 {
            return None;
        }
        let Some(&kind) = self.captured.get(self.pos) else {
            return self.end(OptItem::Cut(CutOption::Kind));
        };
        let len = if kind == kind::EOL || kind == kind::NOP {
            self.pos += 1;
            self.remaining -= 1;
            1u8
        } else {
            // With one byte of the area left, tcpdump still reads the
            // length byte, from whatever follows the header.
            let len_byte = match self.remaining {
                1 => self.after,
                _ => self.captured.get(self.pos + 1).copied(),
            };
            let Some(len) = len_byte else {
                return self.end(OptItem::Cut(CutOption::Length { kind }));
            };
            if len < 2 || usize::from(len) > self.remaining {
                return self.end(OptItem::Bad(BadOption::Length { kind, len }));
            }
            self.pos += 2;
            self.remaining -= 2;
            len
        };
        let header = if len == 1 { 1 } else { 2 };
        let cut = |partial| OptItem::Cut(CutOption::Data { kind, len, partial });
        // Bytes of data the option's own length byte announces.
        let claimed = usize::from(len).saturating_sub(2);
        let (datalen, value) = if let Some(size) = fixed_size(kind) {
            if size > self.remaining {
                return self.end(OptItem::Bad(BadOption::Short { kind, len }));
            }
            let Some(d) = self.data(size) else {
                return self.end(cut(Partial::None));
            };
            (size, fixed_value(kind, d))
        } else {
            match kind {
                kind::SACK => {
                    let sack = Sack {
                        data: prefix(self.rest(), claimed),
                        claimed,
                    };
                    if claimed % 8 != 0 {
                        // tcpdump reports the length and skips the data
                        // without reading it.
                        (claimed, OptValue::Sack(sack))
                    } else if sack.data.len() < claimed {
                        return self.end(cut(Partial::Sack(sack)));
                    } else {
                        (claimed, OptValue::Sack(sack))
                    }
                }
                kind::TCP_AO => {
                    let data = prefix(self.rest(), claimed);
                    let ao = TcpAo::new(data, claimed);
                    if ao.valid && data.len() < claimed {
                        return self.end(cut(Partial::TcpAo(ao)));
                    }
                    (claimed, OptValue::TcpAo(ao))
                }
                _ => {
                    let Some(data) = self.data(claimed) else {
                        let partial = match kind {
                            kind::MPTCP | kind::FAST_OPEN | kind::EXPERIMENT2 => Partial::None,
                            _ => Partial::Bytes(prefix(self.rest(), claimed)),
                        };
                        return self.end(cut(partial));
                    };
                    let value = match kind {
                        kind::MPTCP => {
                            let seg = SegFlags {
                                syn: self.flags & super::FLAG_SYN != 0,
                                ack: self.flags & super::FLAG_ACK != 0,
                            };
                            let m = mptcp::decode(data, len, seg);
                            if !m.valid {
                                return self.end(OptItem::Bad(BadOption::Mptcp(m)));
                            }
                            OptValue::Mptcp(m)
                        }
                        kind::FAST_OPEN => OptValue::FastOpen(FastOpen::new(data)),
                        kind::EXPERIMENT2 => match be16_at(data, 0) {
                            None => return self.end(OptItem::Bad(BadOption::NoMagic { len })),
                            Some(MAGIC_FAST_OPEN) => {
                                OptValue::ExpFastOpen(FastOpen::new(suffix(data, 2)))
                            }
                            Some(magic) => OptValue::Experimental {
                                magic,
                                data: suffix(data, 2),
                            },
                        },
                        _ => OptValue::Unknown(data),
                    };
                    (claimed, value)
                }
            }
        };
        self.pos += datalen;
        self.remaining -= datalen;
        if kind == kind::EOL {
            self.done = true;
        }
        Some(OptItem::Opt(TcpOption {
            kind,
            len,
            used: header + datalen,
            value,
        }))
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    /// The short cut agrees with the walk: on the aligned layout it gives
    /// the walk's three options' values; anything else (another order, a
    /// different length byte, a longer area, a cut capture) is left to
    /// the walk.
    #[test]
    fn aligned_timestamp_is_the_walk_on_its_layout() {
        let ts = [1, 1, 8, 10, 0xde, 0xad, 0xbe, 0xef, 0, 0, 0x01, 0x02];
        let o = Options::new(&ts, 12, 0x10);
        assert_eq!(o.aligned_timestamp(), Some((0xdead_beef, 0x0102)));
        let walked: Vec<_> = o.collect();
        assert!(matches!(
            walked.as_slice(),
            [
                OptItem::Opt(TcpOption {
                    kind: kind::NOP,
                    len: 1,
                    used: 1,
                    value: OptValue::Nop
                }),
                OptItem::Opt(TcpOption {
                    kind: kind::NOP,
                    len: 1,
                    used: 1,
                    value: OptValue::Nop
                }),
                OptItem::Opt(TcpOption {
                    kind: kind::TIMESTAMP,
                    len: 10,
                    used: 10,
                    value: OptValue::Timestamp {
                        val: 0xdead_beef,
                        ecr: 0x0102
                    }
                })
            ]
        ));
        // Captured beyond the area (payload follows): still the layout.
        let mut more = ts.to_vec();
        more.extend_from_slice(b"GET /");
        assert!(Options::new(&more, 12, 0x18).aligned_timestamp().is_some());
        // Not the layout.
        let mut other = ts;
        other[3] = 12;
        assert_eq!(Options::new(&other, 12, 0x10).aligned_timestamp(), None);
        let swapped = [8, 10, 0, 0, 0, 1, 0, 0, 0, 2, 1, 1];
        assert_eq!(Options::new(&swapped, 12, 0x10).aligned_timestamp(), None);
        let mut longer = ts.to_vec();
        longer.extend_from_slice(&[1, 1, 1, 1]);
        assert_eq!(Options::new(&longer, 16, 0x10).aligned_timestamp(), None);
        assert_eq!(Options::new(&ts[..11], 12, 0x10).aligned_timestamp(), None);
        assert_eq!(Options::new(&ts, 10, 0x10).aligned_timestamp(), None);
        let mut walk = Options::new(&ts, 12, 0x10);
        walk.next();
        assert_eq!(walk.aligned_timestamp(), None);
    }

    #[test]
    fn user_timeout_both_readings() {
        // RFC 5482: G set, 500 minutes; tcpdump: low bit clear, 16634 s.
        let u = UserTimeout::new(0x81f4);
        assert_eq!(
            (u.minutes, u.timeout, u.tcpdump_seconds),
            (true, 500, 16634)
        );
        // RFC 5482: G set, 3 minutes; tcpdump: low bit set, 16385 minutes.
        let u = UserTimeout::new(0x8003);
        assert_eq!((u.minutes, u.timeout, u.tcpdump_seconds), (true, 3, 983100));
        let u = UserTimeout::new(0x003c);
        assert_eq!((u.minutes, u.timeout, u.tcpdump_seconds), (false, 60, 30));
    }
}
