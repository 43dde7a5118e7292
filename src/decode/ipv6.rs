//! IPv6 and its extension headers: RFC 8200 (header, hop-by-hop and
//! destination options, routing, fragment), RFC 2675 (jumbo payload),
//! RFC 2711 (router alert), RFC 6275 (type 2 routing, home address),
//! RFC 8754 (segment routing header), RFC 4302 (AH), RFC 4303 (ESP).
//!
//! The extension header chain is walked once, the way tcpdump's
//! `ip6_print` walks it, into a fixed array of [`Ext`] records; the walk
//! ends at an upper layer (handed to its decoder) or at the point where
//! tcpdump stops ([`End`]).

use std::net::{IpAddr, Ipv6Addr};

use super::bytes::{be16_at, be32_at, prefix, suffix};
use super::dispatch::{self, IpCarrier};
use super::error::{Layer, Stop};
use super::{Decoded, Net};

pub const HEADER_LEN: usize = 40;

pub const NH_HOPOPTS: u8 = 0;
pub const NH_ICMP: u8 = 1;
pub const NH_IGMP: u8 = 2;
pub const NH_TCP: u8 = 6;
pub const NH_UDP: u8 = 17;
pub const NH_DCCP: u8 = 33;
pub const NH_ROUTING: u8 = 43;
pub const NH_FRAGMENT: u8 = 44;
pub const NH_ESP: u8 = 50;
pub const NH_AH: u8 = 51;
pub const NH_ICMPV6: u8 = 58;
pub const NH_NONE: u8 = 59;
pub const NH_DSTOPTS: u8 = 60;
pub const NH_MOBILITY_OLD: u8 = 62;
pub const NH_ND: u8 = 77;
pub const NH_SCTP: u8 = 132;
pub const NH_MOBILITY: u8 = 135;

/// The most extension headers kept; a longer chain stops as invalid.
pub const MAX_EXT: usize = 12;

/// The fixed IPv6 header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    pub version: u8,
    pub traffic_class: u8,
    pub flow_label: u32,
    pub payload_len: u16,
    pub next_header: u8,
    pub hop_limit: u8,
    pub src: Ipv6Addr,
    pub dst: Ipv6Addr,
}

impl Header {
    pub fn dscp(&self) -> u8 {
        self.traffic_class >> 2
    }
    pub fn ecn(&self) -> u8 {
        self.traffic_class & 3
    }
}

/// How far the fixed header made sense, in the order tcpdump checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// Fewer than 40 bytes were captured (`[|ip6]`).
    Short,
    /// The link layer says fewer than 40 bytes were on the wire.
    TruncatedIp6,
    /// The version nibble is not 6.
    BadVersion(u8),
    Ok,
}

/// Which options header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptsKind {
    HopByHop,
    Destination,
}

/// One extension header, as far as it was captured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ext<'a> {
    /// Hop-by-hop or destination options. `area` is the option area
    /// (captured whole unless `cut`); walk it with [`Ipv6::options`].
    Options {
        kind: OptsKind,
        next: u8,
        /// Header length in bytes ((len + 1) * 8).
        len: u32,
        area: &'a [u8],
        /// The length byte was not captured (tcpdump's failed fetch).
        no_len: bool,
        /// The header was not captured whole.
        cut: bool,
        /// The option walk ran into bytes it could not finish.
        opts_bad: bool,
    },
    /// A routing header; `bytes` are its captured bytes from its start to
    /// the end of the captured datagram.
    Routing { bytes: &'a [u8] },
    /// A fragment header; `bytes` holds up to its 8 captured bytes.
    /// `frag_len` is what tcpdump prints as the fragment's length (the
    /// payload length minus what precedes the fragment's data), computed
    /// as its unsigned `size_t` arithmetic does.
    Fragment { bytes: &'a [u8], frag_len: u64 },
    /// A mobility header (RFC 6275 section 6.1); `bytes` from its start.
    Mobility { bytes: &'a [u8] },
    /// An authentication header (RFC 4302), met where tcpdump's protocol
    /// demultiplexer meets it; `bytes` from its start.
    Ah { bytes: &'a [u8] },
}

impl<'a> Ext<'a> {
    pub fn name(&self) -> &'static str {
        match self {
            Ext::Options {
                kind: OptsKind::HopByHop,
                ..
            } => "hopopts",
            Ext::Options { .. } => "dstopts",
            Ext::Routing { .. } => "routing",
            Ext::Fragment { .. } => "fragment",
            Ext::Mobility { .. } => "mobility",
            Ext::Ah { .. } => "ah",
        }
    }
}

#[allow(clippy::len_without_is_empty)]
/// Routing header accessors (all `None` when not captured).
pub struct Routing<'a>(pub &'a [u8]);

impl<'a> Routing<'a> {
    pub fn next(&self) -> Option<u8> {
        self.0.first().copied()
    }
    pub fn len(&self) -> Option<u8> {
        self.0.get(1).copied()
    }
    pub fn rtype(&self) -> Option<u8> {
        self.0.get(2).copied()
    }
    pub fn segleft(&self) -> Option<u8> {
        self.0.get(3).copied()
    }
    /// Types 0 and 2: the reserved word.
    pub fn reserved(&self) -> Option<u32> {
        be32_at(self.0, 4)
    }
    /// Type 4: last entry, flags and tag.
    pub fn last_entry(&self) -> Option<u8> {
        self.0.get(4).copied()
    }
    pub fn flags(&self) -> Option<u8> {
        self.0.get(5).copied()
    }
    pub fn tag(&self) -> Option<u16> {
        be16_at(self.0, 6)
    }
    /// The `n` addresses from byte 8 on, each `None` once the capture ends.
    pub fn addresses(&self, n: usize) -> impl Iterator<Item = Option<Ipv6Addr>> + 'a {
        let b = self.0;
        (0..n).map(move |i| addr_at(b, 8 + 16 * i))
    }
}

/// Authentication header accessors.
pub struct Ah<'a>(pub &'a [u8]);

impl<'a> Ah<'a> {
    pub fn next(&self) -> Option<u8> {
        self.0.first().copied()
    }
    pub fn len_field(&self) -> Option<u8> {
        self.0.get(1).copied()
    }
    /// Header length in bytes ((len + 2) * 4).
    pub fn header_len(&self) -> Option<usize> {
        self.len_field().map(|l| (usize::from(l) + 2) * 4)
    }
    pub fn reserved(&self) -> Option<u16> {
        be16_at(self.0, 2)
    }
    pub fn spi(&self) -> Option<u32> {
        be32_at(self.0, 4)
    }
    pub fn seq(&self) -> Option<u32> {
        be32_at(self.0, 8)
    }
    /// The integrity check value as captured (up to the header length).
    pub fn icv(&self) -> &'a [u8] {
        let n = self.header_len().unwrap_or(12);
        prefix(suffix(self.0, 12), n.saturating_sub(12))
    }
    /// The whole header was captured.
    pub fn complete(&self) -> bool {
        self.header_len().is_some_and(|n| self.0.len() >= n.max(12))
    }
}

/// Fragment header accessors.
pub struct Fragment<'a>(pub &'a [u8]);

impl Fragment<'_> {
    pub fn next(&self) -> Option<u8> {
        self.0.first().copied()
    }
    /// Offset (in 8-octet units) and flags word, as on the wire.
    pub fn offlg(&self) -> Option<u16> {
        be16_at(self.0, 2)
    }
    pub fn offset(&self) -> Option<u16> {
        self.offlg().map(|v| v >> 3)
    }
    pub fn more(&self) -> Option<bool> {
        self.offlg().map(|v| v & 1 != 0)
    }
    pub fn ident(&self) -> Option<u32> {
        be32_at(self.0, 4)
    }
}

#[allow(clippy::len_without_is_empty)]
/// Mobility header accessors (RFC 6275 section 6.1); `None` when not
/// captured.
pub struct Mobility<'a>(pub &'a [u8]);

impl<'a> Mobility<'a> {
    /// Header length in bytes ((len + 1) * 8).
    pub fn len(&self) -> Option<u32> {
        self.0.get(1).map(|&l| (u32::from(l) + 1) << 3)
    }
    pub fn len_byte(&self) -> Option<u8> {
        self.0.get(1).copied()
    }
    pub fn mtype(&self) -> Option<u8> {
        self.0.get(2).copied()
    }
    /// The message's fields, by its type (`None` when the type was not
    /// captured).
    pub fn message(&self) -> Option<MobMsg> {
        let b = self.0;
        let pair = |off: usize| Some((be32_at(b, off)?, be32_at(b, off + 4)?));
        Some(match self.mtype()? {
            MH_BRR => MobMsg::Brr,
            t @ (MH_HOTI | MH_COTI) => MobMsg::InitTest {
                home: t == MH_HOTI,
                cookie: pair(8),
            },
            t @ (MH_HOT | MH_COT) => MobMsg::Test {
                home: t == MH_HOT,
                nonce_index: be16_at(b, 6),
                cookie: pair(8),
                token: pair(16),
            },
            MH_BU => MobMsg::BindingUpdate {
                seq: be16_at(b, 6),
                flags: be16_at(b, 8),
                lifetime: be16_at(b, 10),
            },
            MH_BA => MobMsg::BindingAck {
                status: b.get(6).copied(),
                flags: b.get(7).copied(),
                seq: be16_at(b, 8),
                lifetime: be16_at(b, 10),
            },
            MH_BE => MobMsg::BindingError {
                status: b.get(6).copied(),
                home: addr_at(b, 8),
            },
            _ => MobMsg::Other,
        })
    }
    /// The options from `off` for `len` bytes.
    pub fn options(&self, off: usize, len: usize) -> MobOptions<'a> {
        MobOptions {
            b: suffix(self.0, off),
            len,
            i: 0,
            done: false,
        }
    }
}

pub const MH_BRR: u8 = 0;
pub const MH_HOTI: u8 = 1;
pub const MH_COTI: u8 = 2;
pub const MH_HOT: u8 = 3;
pub const MH_COT: u8 = 4;
pub const MH_BU: u8 = 5;
pub const MH_BA: u8 = 6;
pub const MH_BE: u8 = 7;

/// A mobility message's fields (RFC 6275 section 6.1), each `None` when
/// not captured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MobMsg {
    /// Binding refresh request.
    Brr,
    /// Home (or care-of) test init: the init cookie.
    InitTest {
        home: bool,
        cookie: Option<(u32, u32)>,
    },
    /// Home (or care-of) test.
    Test {
        home: bool,
        nonce_index: Option<u16>,
        cookie: Option<(u32, u32)>,
        token: Option<(u32, u32)>,
    },
    BindingUpdate {
        seq: Option<u16>,
        /// A (0x8000), H (0x4000), L (0x2000), K (0x1000) and reserved bits.
        flags: Option<u16>,
        /// In units of 4 seconds.
        lifetime: Option<u16>,
    },
    BindingAck {
        status: Option<u8>,
        /// K (0x80) and reserved bits.
        flags: Option<u8>,
        seq: Option<u16>,
        /// In units of 4 seconds.
        lifetime: Option<u16>,
    },
    BindingError {
        status: Option<u8>,
        home: Option<Ipv6Addr>,
    },
    Other,
}

/// One mobility option (tcpdump's `mobility_opt_print`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MobOpt {
    Pad1,
    PadN,
    Refresh(Option<u16>),
    AltCoa(Option<Ipv6Addr>),
    NonceId(Option<u16>, Option<u16>),
    Auth,
    Other {
        ty: u8,
        len: u8,
    },
    /// Too short for its type: tcpdump names it and stops.
    Short(u8),
    /// The walk stops without a word.
    Cut,
    /// A byte tcpdump reads was not captured (its failed fetch).
    NotCaptured,
}

pub struct MobOptions<'a> {
    b: &'a [u8],
    len: usize,
    i: usize,
    done: bool,
}

impl Iterator for MobOptions<'_> {
    type Item = MobOpt;
    fn next(&mut self) -> Option<MobOpt> {
        if self.done || self.i >= self.len {
            return None;
        }
        let i = self.i;
        let mut stop = |o: MobOpt| {
            self.done = true;
            Some(o)
        };
        let Some(&ty) = self.b.get(i) else {
            return stop(MobOpt::NotCaptured);
        };
        let optlen = if ty == 0 {
            1
        } else if i + 1 < self.len {
            match self.b.get(i + 1) {
                Some(&l) => usize::from(l) + 2,
                None => return stop(MobOpt::NotCaptured),
            }
        } else {
            return stop(MobOpt::Cut);
        };
        if i + optlen > self.len {
            return stop(MobOpt::Cut);
        }
        if self.b.get(i + optlen).is_none() {
            return stop(MobOpt::Cut);
        }
        let left = self.len - i;
        let min = match ty {
            0 => 0,
            1 | 6.. => 2,
            2 => 4,
            3 => 18,
            4 => 6,
            _ => 12,
        };
        if left < min {
            return stop(MobOpt::Short(ty));
        }
        let o = match ty {
            0 => MobOpt::Pad1,
            1 => MobOpt::PadN,
            2 => MobOpt::Refresh(be16_at(self.b, i + 2)),
            3 => MobOpt::AltCoa(addr_at(self.b, i + 2)),
            4 => MobOpt::NonceId(be16_at(self.b, i + 2), be16_at(self.b, i + 4)),
            5 => MobOpt::Auth,
            _ => MobOpt::Other {
                ty,
                len: self.b.get(i + 1).copied().unwrap_or(0),
            },
        };
        self.i += optlen;
        Some(o)
    }
}

/// The IPv6 address at `off`, if captured.
pub fn addr_at(b: &[u8], off: usize) -> Option<Ipv6Addr> {
    let s = b.get(off..off.checked_add(16)?)?;
    let mut a = [0u8; 16];
    a.copy_from_slice(s);
    Some(Ipv6Addr::from(a))
}

/// How the walk of the header chain ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// At an upper-layer protocol (`Ipv6::upper`), handed to its decoder.
    Upper,
    /// A second hop-by-hop header.
    HbhTwice,
    /// A hop-by-hop header after another extension header.
    HbhNotFirst,
    /// Payload length 0 without a valid jumbo payload option.
    NoJumbo,
    /// An extension header's walk failed (the last [`Ext`] says how).
    ExtFailed,
    /// A non-first fragment: no upper layer to decode.
    LaterFragment,
    /// The fragment header ended the captured bytes.
    FragmentAtEnd,
    /// A mobility header ends the walk.
    Mobility,
    /// The lengths do not add up (tcpdump's `[|ip6]`).
    Truncated,
    /// More extension headers than [`MAX_EXT`].
    TooMany,
    /// Not a byte of an authentication header was captured (`[|ah]`).
    AhCut,
}

/// An IPv6 packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ipv6<'a> {
    pub form: Form,
    /// Valid when `form` is `Ok` or `BadVersion` (zeroed otherwise).
    pub header: Header,
    /// On-wire bytes the link layer handed to IP.
    pub length: u32,
    exts: [Option<Ext<'a>>; MAX_EXT],
    pub end: End,
    /// The upper-layer protocol (the last next-header value).
    pub upper: u8,
    /// The captured upper-layer bytes, bounded by the lengths.
    pub payload: &'a [u8],
    /// The upper-layer length the lengths claim.
    pub payload_len: u32,
    /// Where the upper layer starts, in bytes from the start of the fixed
    /// header (40 plus the extension headers; 0 until the walk got there).
    pub upper_offset: usize,
    /// A fragment header was seen.
    pub fragmented: bool,
    /// A valid jumbo payload option gave the length.
    pub jumbo: Option<u32>,
    /// Bytes the jumbo payload length claims beyond the wire length.
    pub jumbo_missing: u32,
    /// The destination a routing header ends at (for checksums).
    pub final_dst: Ipv6Addr,
}

impl<'a> Ipv6<'a> {
    /// The extension headers in wire order.
    pub fn exts(&self) -> impl Iterator<Item = &Ext<'a>> + '_ {
        self.exts.iter().flatten()
    }

    /// An ESP payload's SPI and sequence number, when more than those 8
    /// bytes were captured (as tcpdump's `esp_print` requires).
    pub fn esp(&self) -> Option<(u32, u32)> {
        match (be32_at(self.payload, 0), be32_at(self.payload, 4)) {
            (Some(spi), Some(seq)) if self.payload.len() > 8 => Some((spi, seq)),
            _ => None,
        }
    }

    /// Bytes of payload length not delivered by the link layer (tcpdump's
    /// "truncated-ip6 - N bytes missing!").
    pub fn missing(&self) -> u32 {
        if self.header.payload_len == 0 {
            0
        } else {
            (u32::from(self.header.payload_len) + HEADER_LEN as u32).saturating_sub(self.length)
        }
    }

    /// Sum of the upper-layer pseudo-header (RFC 8200 section 8.1) for
    /// `len` bytes of protocol `proto`, to chain into `checksum`.
    pub fn pseudo_header_sum(&self, proto: u8, len: u32) -> u32 {
        pseudo_sum(
            IpAddr::V6(self.header.src),
            IpAddr::V6(self.final_dst),
            proto,
            len,
        )
    }

    /// Walks an options header's area.
    pub fn options(&self, ext: &Ext<'a>) -> Options<'a> {
        match *ext {
            Ext::Options { kind, area, .. } => Options::new(area, kind, self.header.payload_len),
            _ => Options::new(&[], OptsKind::Destination, 0),
        }
    }
}

/// The one's complement sum of a TCP/UDP/ICMPv6 pseudo-header, for either
/// IP version (the 16-bit words of both addresses, the protocol and the
/// length).
pub fn pseudo_sum(src: IpAddr, dst: IpAddr, proto: u8, len: u32) -> u32 {
    let mut sum: u32 = 0;
    let mut add = |b: &[u8]| {
        for w in b.chunks(2) {
            let hi = u32::from(w.first().copied().unwrap_or(0));
            let lo = u32::from(w.get(1).copied().unwrap_or(0));
            sum += (hi << 8) | lo;
        }
    };
    match (src, dst) {
        (IpAddr::V4(s), IpAddr::V4(d)) => {
            add(&s.octets());
            add(&d.octets());
        }
        (IpAddr::V6(s), IpAddr::V6(d)) => {
            add(&s.octets());
            add(&d.octets());
        }
        // Mixed families never come from one header.
        _ => {}
    }
    sum += u32::from(proto);
    sum += len >> 16;
    sum += len & 0xffff;
    super::bytes::ones_sum(&[], sum)
}

pub const OPT_PAD1: u8 = 0;
pub const OPT_PADN: u8 = 1;
pub const OPT_JUMBO: u8 = 0xc2;
pub const OPT_ROUTER_ALERT: u8 = 0x05;
pub const OPT_HOME_ADDRESS: u8 = 0xc9;
pub const OPT_TUNNEL_LIMIT: u8 = 0x04;

/// Why tcpdump does not take a jumbo payload option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JumboVerdict {
    Ok,
    AlreadySeen,
    NotHopByHop,
    PayloadLenNonZero,
    TooShort,
}

/// One hop-by-hop or destination option, as tcpdump's
/// `ip6_opt_process` sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opt<'a> {
    Pad1,
    PadN,
    RouterAlert(u16),
    Jumbo(u32, JumboVerdict),
    /// A home address with its sub-options (walk with [`SubOptions`]).
    HomeAddress(Ipv6Addr, &'a [u8]),
    /// Any other option: type and length byte.
    Other {
        ty: u8,
        len: u8,
        data: &'a [u8],
    },
    /// Options the walk stops at, with tcpdump's complaint.
    PadNTrunc,
    RouterAlertTrunc,
    RouterAlertBadLen(u8),
    JumboTrunc,
    JumboBadLen(u8),
    HomeAddressTrunc,
    HomeAddressBadLen(u8),
    OtherTrunc(u8),
    /// The option's length runs past the area (no complaint).
    Cut,
}

impl Opt<'_> {
    /// The walk stops here.
    pub fn fails(&self) -> bool {
        matches!(
            self,
            Opt::PadNTrunc
                | Opt::RouterAlertTrunc
                | Opt::RouterAlertBadLen(_)
                | Opt::JumboTrunc
                | Opt::JumboBadLen(_)
                | Opt::HomeAddressTrunc
                | Opt::HomeAddressBadLen(_)
                | Opt::OtherTrunc(_)
                | Opt::Cut
        )
    }
}

/// Walks an option area.
#[derive(Clone, Debug)]
pub struct Options<'a> {
    area: &'a [u8],
    i: usize,
    kind: OptsKind,
    payload_len: u16,
    seen_jumbo: bool,
    done: bool,
}

impl<'a> Options<'a> {
    fn new(area: &'a [u8], kind: OptsKind, payload_len: u16) -> Options<'a> {
        Options {
            area,
            i: 0,
            kind,
            payload_len,
            seen_jumbo: false,
            done: false,
        }
    }
}

impl<'a> Iterator for Options<'a> {
    type Item = Opt<'a>;
    fn next(&mut self) -> Option<Opt<'a>> {
        let len = self.area.len();
        if self.done || self.i >= len {
            return None;
        }
        let rest = suffix(self.area, self.i);
        let ty = rest.first().copied()?;
        let stop = |s: &mut Self, o: Opt<'a>| {
            s.done = true;
            Some(o)
        };
        let optlen = if ty == OPT_PAD1 {
            1
        } else if self.i + 1 < len {
            usize::from(rest.get(1).copied().unwrap_or(0)) + 2
        } else {
            return stop(self, Opt::Cut);
        };
        if self.i + optlen > len {
            return stop(self, Opt::Cut);
        }
        let left = len - self.i;
        let lenb = rest.get(1).copied().unwrap_or(0);
        let opt = match ty {
            OPT_PAD1 => Opt::Pad1,
            OPT_PADN => {
                if left < 2 {
                    return stop(self, Opt::PadNTrunc);
                }
                Opt::PadN
            }
            OPT_ROUTER_ALERT => {
                if left < 4 {
                    return stop(self, Opt::RouterAlertTrunc);
                }
                if lenb != 2 {
                    return stop(self, Opt::RouterAlertBadLen(lenb));
                }
                Opt::RouterAlert(be16_at(rest, 2).unwrap_or(0))
            }
            OPT_JUMBO => {
                if left < 6 {
                    return stop(self, Opt::JumboTrunc);
                }
                if lenb != 4 {
                    return stop(self, Opt::JumboBadLen(lenb));
                }
                let v = be32_at(rest, 2).unwrap_or(0);
                let verdict = if self.seen_jumbo {
                    JumboVerdict::AlreadySeen
                } else if self.kind != OptsKind::HopByHop {
                    JumboVerdict::NotHopByHop
                } else if self.payload_len != 0 {
                    JumboVerdict::PayloadLenNonZero
                } else if v < 65536 {
                    JumboVerdict::TooShort
                } else {
                    JumboVerdict::Ok
                };
                self.seen_jumbo = true;
                Opt::Jumbo(v, verdict)
            }
            OPT_HOME_ADDRESS => {
                if left < 18 {
                    return stop(self, Opt::HomeAddressTrunc);
                }
                if lenb < 16 {
                    return stop(self, Opt::HomeAddressBadLen(lenb));
                }
                let a = addr_at(rest, 2).unwrap_or(Ipv6Addr::UNSPECIFIED);
                Opt::HomeAddress(a, prefix(suffix(rest, 18), optlen - 18))
            }
            _ => {
                if left < 2 {
                    return stop(self, Opt::OtherTrunc(ty));
                }
                Opt::Other {
                    ty,
                    len: lenb,
                    data: prefix(suffix(rest, 2), optlen - 2),
                }
            }
        };
        self.i += optlen;
        Some(opt)
    }
}

/// A sub-option of a home address option (tcpdump's `ip6_sopt_print`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubOpt {
    Pad1,
    PadN,
    Other { ty: u8, len: u8 },
    PadNTrunc,
    OtherTrunc(u8),
    Cut,
}

/// Walks a home address option's sub-options.
pub struct SubOptions<'a> {
    area: &'a [u8],
    i: usize,
    done: bool,
}

impl<'a> SubOptions<'a> {
    pub fn new(area: &'a [u8]) -> SubOptions<'a> {
        SubOptions {
            area,
            i: 0,
            done: false,
        }
    }
}

impl Iterator for SubOptions<'_> {
    type Item = SubOpt;
    fn next(&mut self) -> Option<SubOpt> {
        let len = self.area.len();
        if self.done || self.i >= len {
            return None;
        }
        let rest = suffix(self.area, self.i);
        let ty = rest.first().copied()?;
        let optlen = if ty == OPT_PAD1 {
            1
        } else if self.i + 1 < len {
            usize::from(rest.get(1).copied().unwrap_or(0)) + 2
        } else {
            self.done = true;
            return Some(SubOpt::Cut);
        };
        if self.i + optlen > len {
            self.done = true;
            return Some(SubOpt::Cut);
        }
        let left = len - self.i;
        let o = match ty {
            OPT_PAD1 => SubOpt::Pad1,
            OPT_PADN if left < 2 => {
                self.done = true;
                return Some(SubOpt::PadNTrunc);
            }
            OPT_PADN => SubOpt::PadN,
            _ if left < 2 => {
                self.done = true;
                return Some(SubOpt::OtherTrunc(ty));
            }
            _ => SubOpt::Other {
                ty,
                len: rest.get(1).copied().unwrap_or(0),
            },
        };
        self.i += optlen;
        Some(o)
    }
}

fn header(p: &[u8]) -> Option<Header> {
    let w = be32_at(p, 0)?;
    Some(Header {
        version: (w >> 28) as u8,
        traffic_class: ((w >> 20) & 0xff) as u8,
        flow_label: w & 0x000f_ffff,
        payload_len: be16_at(p, 4)?,
        next_header: *p.get(6)?,
        hop_limit: *p.get(7)?,
        src: addr_at(p, 8)?,
        dst: addr_at(p, 24)?,
    })
}

const ZERO_HEADER: Header = Header {
    version: 0,
    traffic_class: 0,
    flow_label: 0,
    payload_len: 0,
    next_header: 0,
    hop_limit: 0,
    src: Ipv6Addr::UNSPECIFIED,
    dst: Ipv6Addr::UNSPECIFIED,
};

/// The destination a routing header ends at, as tcpdump's `ip6_finddst`
/// finds it (types 0 and 2: the last address; type 4: segment 0).
fn find_dst(ip: &Ipv6<'_>) -> Ipv6Addr {
    for e in ip.exts() {
        if let Ext::Routing { bytes } = e {
            let r = Routing(bytes);
            let (Some(len), Some(t)) = (r.len(), r.rtype()) else {
                break;
            };
            if len % 2 == 1 {
                break;
            }
            match t {
                0 | 2 => {
                    let mut dst = ip.header.dst;
                    for a in r.addresses(usize::from(len / 2)) {
                        match a {
                            Some(a) => dst = a,
                            None => break,
                        }
                    }
                    return dst;
                }
                4 => return addr_at(bytes, 8).unwrap_or(ip.header.dst),
                _ => break,
            }
        }
    }
    ip.header.dst
}

/// Decodes an IPv6 packet at `off`; `length` is what the link layer says
/// was on the wire from here on.
pub fn decode<'a>(p: &'a [u8], length: u32, off: usize, d: &mut Decoded<'a>) {
    let mut ip = Ipv6 {
        form: Form::Short,
        header: ZERO_HEADER,
        length,
        exts: [None; MAX_EXT],
        end: End::Truncated,
        upper: 0,
        payload: &[],
        payload_len: 0,
        upper_offset: 0,
        fragmented: false,
        jumbo: None,
        jumbo_missing: 0,
        final_dst: Ipv6Addr::UNSPECIFIED,
    };
    let Some(h) = header(p) else {
        d.net = Net::Ipv6(ip);
        d.stop = Some(Stop::truncated(Layer::Ip6, off));
        return;
    };
    if length < HEADER_LEN as u32 {
        ip.form = Form::TruncatedIp6;
        d.net = Net::Ipv6(ip);
        d.stop = Some(Stop::invalid(Layer::Ip6, off));
        return;
    }
    ip.header = h;
    ip.final_dst = h.dst;
    if h.version != 6 {
        ip.form = Form::BadVersion(h.version);
        d.net = Net::Ipv6(ip);
        d.stop = Some(Stop::invalid(Layer::Ip6, off));
        return;
    }
    ip.form = Form::Ok;
    let plen = u32::from(h.payload_len);
    // tcpdump's `len`: what the header claims, or with a zero payload
    // length (a jumbogram or a TSO capture) the link length plus 40.
    let mut len: u64 = if plen != 0 {
        u64::from(plen) + HEADER_LEN as u64
    } else {
        u64::from(length) + HEADER_LEN as u64
    };
    let bounded = prefix(p, usize::try_from(len).unwrap_or(usize::MAX));
    let mut nh = h.next_header;
    let mut cur = HEADER_LEN; // start of the current header
    len -= HEADER_LEN as u64;
    let mut total_advance = HEADER_LEN as u64;
    let mut found_ext = false;
    let mut found_hbh = false;
    let mut prev_nh_is_none = true;
    let mut n_ext = 0usize;
    let mut found_ah = false;
    let mut ah_len: u64 = 0;
    let push = |ip: &mut Ipv6<'a>, n: &mut usize, e: Ext<'a>| -> bool {
        match ip.exts.get_mut(*n) {
            Some(slot) => {
                *slot = Some(e);
                *n += 1;
                true
            }
            None => false,
        }
    };
    let end = loop {
        let here = suffix(bounded, cur);
        let advance: u64;
        // After AH only upper-layer protocols follow: tcpdump's
        // demultiplexer knows no extension headers.
        let key = if found_ah && nh != NH_AH { u8::MAX } else { nh };
        match key {
            NH_HOPOPTS | NH_DSTOPTS => {
                let kind = if nh == NH_HOPOPTS {
                    OptsKind::HopByHop
                } else {
                    OptsKind::Destination
                };
                if kind == OptsKind::HopByHop {
                    if found_hbh {
                        break End::HbhTwice;
                    }
                    if !prev_nh_is_none {
                        break End::HbhNotFirst;
                    }
                }
                let next = here.first().copied().unwrap_or(0);
                let Some(&lb) = here.get(1) else {
                    let e = Ext::Options {
                        kind,
                        next,
                        len: 0,
                        area: &[],
                        no_len: true,
                        cut: true,
                        opts_bad: true,
                    };
                    if !push(&mut ip, &mut n_ext, e) {
                        break End::TooMany;
                    }
                    break End::ExtFailed;
                };
                let hlen = (u32::from(lb) + 1) * 8;
                let whole = here.get(..hlen as usize);
                let mut e = Ext::Options {
                    kind,
                    next,
                    len: hlen,
                    area: whole.map(|w| suffix(w, 2)).unwrap_or(&[]),
                    no_len: false,
                    cut: whole.is_none(),
                    opts_bad: false,
                };
                let mut jumbo_ok = None;
                let mut bad = whole.is_none();
                if !bad {
                    let opts = match e {
                        Ext::Options { area, .. } => Options::new(area, kind, h.payload_len),
                        _ => Options::new(&[], kind, 0),
                    };
                    for o in opts {
                        if o.fails() {
                            bad = true;
                        }
                        if let Opt::Jumbo(v, JumboVerdict::Ok) = o {
                            jumbo_ok = Some(v);
                        }
                    }
                }
                if let Ext::Options { opts_bad, .. } = &mut e {
                    *opts_bad = bad;
                }
                if !push(&mut ip, &mut n_ext, e) {
                    break End::TooMany;
                }
                if kind == OptsKind::HopByHop {
                    if let Some(v) = jumbo_ok {
                        ip.jumbo = Some(v);
                    }
                    if plen == 0 && ip.jumbo.is_none() {
                        break End::NoJumbo;
                    }
                }
                // Destination options are walked only with -v: a bad
                // option stops tcpdump then, and the renderer does too.
                if bad && (kind == OptsKind::HopByHop || whole.is_none()) {
                    break End::ExtFailed;
                }
                found_ext = true;
                if kind == OptsKind::HopByHop {
                    found_hbh = true;
                }
                advance = u64::from(hlen);
            }
            NH_FRAGMENT => {
                let fb = prefix(here, 8);
                let frag_len = (HEADER_LEN as u64 + u64::from(plen))
                    .wrapping_sub(cur as u64)
                    .wrapping_sub(8);
                if !push(
                    &mut ip,
                    &mut n_ext,
                    Ext::Fragment {
                        bytes: fb,
                        frag_len,
                    },
                ) {
                    break End::TooMany;
                }
                let f = Fragment(fb);
                match f.offset() {
                    None => break End::ExtFailed,
                    Some(o) if o != 0 => break End::LaterFragment,
                    _ => {}
                }
                if bounded.len() <= cur + 8 {
                    break End::FragmentAtEnd;
                }
                found_ext = true;
                ip.fragmented = true;
                advance = 8;
            }
            NH_MOBILITY | NH_MOBILITY_OLD => {
                if !push(&mut ip, &mut n_ext, Ext::Mobility { bytes: here }) {
                    break End::TooMany;
                }
                break End::Mobility;
            }
            NH_ROUTING => {
                if here.is_empty() {
                    break End::Truncated;
                }
                if !push(&mut ip, &mut n_ext, Ext::Routing { bytes: here }) {
                    break End::TooMany;
                }
                let r = Routing(here);
                let ok = match (r.len(), r.rtype()) {
                    (Some(l), Some(t)) => {
                        matches!(t, 0 | 2 | 4)
                            && l % 2 == 0
                            && r.addresses(usize::from(l / 2)).all(|a| a.is_some())
                            && (t != 4 || (r.last_entry().is_some() && r.tag().is_some()))
                            && ((t != 0 && t != 2) || r.reserved().is_some())
                    }
                    _ => false,
                };
                if !ok {
                    break End::ExtFailed;
                }
                found_ext = true;
                advance = (u64::from(r.len().unwrap_or(0)) + 1) * 8;
            }
            NH_AH => {
                // tcpdump's demultiplexer: AH, then whatever follows it.
                // The lengths run on from here as it reckons them.
                if here.is_empty() {
                    break End::AhCut;
                }
                if !push(&mut ip, &mut n_ext, Ext::Ah { bytes: here }) {
                    break End::TooMany;
                }
                let a = Ah(here);
                if !a.complete() {
                    break End::ExtFailed;
                }
                let adv = a.header_len().unwrap_or(0) as u64;
                ah_len = ah_len.wrapping_add(adv);
                nh = a.next().unwrap_or(0);
                cur += adv as usize;
                found_ah = true;
                continue;
            }
            _ => {
                // The upper layer.
                let mut upper_len = len;
                let mut upper_bytes = here;
                if let Some(j) = ip.jumbo {
                    let jl = u64::from(j) + HEADER_LEN as u64;
                    if jl < total_advance {
                        break End::Truncated;
                    }
                    if u64::from(length) < jl {
                        ip.jumbo_missing = (jl - u64::from(length)) as u32;
                    }
                    let jb = prefix(p, usize::try_from(jl).unwrap_or(usize::MAX));
                    upper_bytes = suffix(jb, cur);
                    upper_len = jl - total_advance;
                } else if plen == 0 {
                    if found_ext {
                        break End::Truncated;
                    }
                    upper_bytes = &[];
                    upper_len = 0;
                }
                if found_ah {
                    upper_bytes = suffix(bounded, cur);
                    upper_len = upper_len.wrapping_sub(ah_len) & 0xffff_ffff;
                }
                ip.upper = nh;
                ip.payload = upper_bytes;
                ip.payload_len = upper_len as u32;
                ip.upper_offset = cur;
                break End::Upper;
            }
        }
        prev_nh_is_none = false;
        nh = here.first().copied().unwrap_or(0);
        // tcpdump: `while (cp < snapend && advance > 0)`, `len < advance`.
        if cur >= bounded.len() {
            break End::Truncated;
        }
        if len < advance {
            break End::Truncated;
        }
        cur += advance as usize;
        len -= advance;
        total_advance += advance;
    };
    ip.end = end;
    ip.final_dst = find_dst(&ip);
    let upper_off = off + cur;
    let (payload, payload_len, upper) = (ip.payload, ip.payload_len, ip.upper);
    d.net = Net::Ipv6(ip);
    match end {
        End::Upper => {}
        End::ExtFailed | End::Truncated | End::FragmentAtEnd | End::AhCut => {
            d.stop = Some(Stop::truncated(Layer::Ip6, off));
            return;
        }
        End::HbhTwice | End::HbhNotFirst | End::NoJumbo | End::TooMany => {
            d.stop = Some(Stop::invalid(Layer::Ip6, off));
            return;
        }
        End::LaterFragment | End::Mobility => return,
    }
    dispatch::ip_protocol(upper, IpCarrier::Ipv6, payload, payload_len, upper_off, d);
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::super::{decode as decode_frame, LinkType, Transport};
    use super::*;

    fn packet(nh: u8, plen: u16, rest: &[u8]) -> Vec<u8> {
        let mut p = vec![0x60, 0x00, 0x00, 0x01];
        p.extend_from_slice(&plen.to_be_bytes());
        p.extend_from_slice(&[nh, 64]);
        p.extend_from_slice(&[0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
        p.extend_from_slice(&[0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
        p.extend_from_slice(rest);
        p
    }

    fn ip6(d: &Decoded<'_>) -> Ipv6<'static> {
        match d.net {
            Net::Ipv6(ip) => Ipv6 {
                exts: [None; MAX_EXT],
                payload: &[],
                ..ip
            },
            _ => panic!("not ipv6"),
        }
    }

    #[test]
    fn fixed_header_and_no_next_header() {
        let p = packet(NH_NONE, 4, &[1, 2, 3, 4]);
        let d = decode_frame(LinkType::IPV6, &p, p.len() as u32);
        let ip = ip6(&d);
        assert_eq!(ip.form, Form::Ok);
        assert_eq!(ip.header.flow_label, 1);
        assert_eq!(ip.header.hop_limit, 64);
        assert_eq!(ip.end, End::Upper);
        assert_eq!(ip.upper, NH_NONE);
        assert_eq!(ip.payload_len, 4);
        assert!(matches!(d.transport, Transport::Other { proto: 59, .. }));
    }

    #[test]
    fn hop_by_hop_jumbo() {
        // HBH: next 59, len 0, jumbo option 70000.
        let mut rest = vec![NH_NONE, 0, OPT_JUMBO, 4];
        rest.extend_from_slice(&70000u32.to_be_bytes());
        let p = packet(NH_HOPOPTS, 0, &rest);
        let d = decode_frame(LinkType::IPV6, &p, p.len() as u32);
        let ip = ip6(&d);
        assert_eq!(ip.jumbo, Some(70000));
        assert_eq!(ip.end, End::Upper);
        assert_eq!(ip.payload_len, 70000 + 40 - 48);
        // Without the option: no valid jumbo.
        let p = packet(NH_HOPOPTS, 0, &[NH_NONE, 0, 1, 4, 0, 0, 0, 0]);
        let d = decode_frame(LinkType::IPV6, &p, p.len() as u32);
        assert_eq!(ip6(&d).end, End::NoJumbo);
    }

    #[test]
    fn routing_and_fragments() {
        let mut rest = vec![NH_NONE, 2, 0, 1, 0, 0, 0, 0];
        rest.extend_from_slice(&[0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9]);
        let p = packet(NH_ROUTING, 24, &rest);
        let d = decode_frame(LinkType::IPV6, &p, p.len() as u32);
        let ip = ip6(&d);
        assert_eq!(ip.end, End::Upper);
        assert_eq!(ip.final_dst, "fe80::9".parse::<Ipv6Addr>().unwrap());
        // A later fragment carries no upper layer.
        let p = packet(
            NH_FRAGMENT,
            16,
            &[NH_UDP, 0, 0x00, 0xb9, 0, 0, 0, 7, 1, 2, 3, 4, 5, 6, 7, 8],
        );
        let d = decode_frame(LinkType::IPV6, &p, p.len() as u32);
        assert_eq!(ip6(&d).end, End::LaterFragment);
        assert_eq!(d.transport, Transport::None);
    }

    #[test]
    fn every_truncation_never_panics() {
        let mut rest = vec![NH_DSTOPTS, 0, OPT_PADN, 4, 0, 0, 0, 0];
        rest.extend_from_slice(&[NH_UDP, 0, 1, 0, 0, 0, 0, 0]);
        rest.extend_from_slice(&[0, 1, 0, 2, 0, 8, 0, 0]);
        let p = packet(NH_HOPOPTS, rest.len() as u16, &rest);
        for n in 1..=p.len() {
            let d = decode_frame(LinkType::IPV6, &p[..n], p.len() as u32);
            if n < 40 {
                assert_eq!(d.stop, Some(Stop::truncated(Layer::Ip6, 0)));
            }
        }
        let d = decode_frame(LinkType::IPV6, &p, p.len() as u32);
        assert!(matches!(d.transport, Transport::Udp(_)));
    }

    #[test]
    fn mobility_messages_are_typed() {
        // Binding update: payload proto 59, length 1 (16 bytes), type 5,
        // reserved, checksum, seq 7, A and K flags, lifetime 10 (40 s).
        let bu = [59, 1, 5, 0, 0, 0, 0, 7, 0x90, 0, 0, 10, 1, 2, 0, 0];
        assert_eq!(
            Mobility(&bu).message(),
            Some(MobMsg::BindingUpdate {
                seq: Some(7),
                flags: Some(0x9000),
                lifetime: Some(10),
            })
        );
        assert_eq!(Mobility(&bu).len(), Some(16));
        // A binding error cut inside its home address.
        let mut be = vec![59, 2, 7, 0, 0, 0, 3, 0];
        be.extend_from_slice(&[0x20, 0x01, 0x0d, 0xb8]);
        assert_eq!(
            Mobility(&be).message(),
            Some(MobMsg::BindingError {
                status: Some(3),
                home: None,
            })
        );
        assert_eq!(Mobility(&[59, 0]).message(), None);
    }
}
