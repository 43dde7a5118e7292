//! ICMPv6: RFC 4443 (messages), RFC 4861 (neighbour discovery and its
//! options), RFC 2710 / RFC 3810 (MLDv1 / MLDv2), RFC 4620 (node
//! information), RFC 2894 (router renumbering), RFC 6275 (home agent
//! discovery, mobile prefixes), RFC 6550 (RPL), RFC 8106 (RDNSS, DNSSL),
//! RFC 4191 (route information), RFC 8781 (PREF64).
//!
//! [`decode`] reads every field tcpdump's `icmp6_print` prints into a
//! typed value, once. A field is `None` when the capture ended before it,
//! where tcpdump's `GET_*` would give up, so that a printer asking for the
//! fields in tcpdump's order stops where it stops. The parts of variable
//! length (neighbour discovery options, MLD sources and group records,
//! router renumbering prefixes, node information names and addresses, RPL
//! options) are iterators over the bounded message that yield typed items.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::bytes::{be16_at, be32_at, checksum, prefix, suffix};
use super::error::{Layer, Stop};
use super::fqdn::Name;
use super::ipv6::{addr_at, Fragment, NH_AH, NH_DSTOPTS, NH_FRAGMENT, NH_HOPOPTS, NH_ROUTING};
use super::ipv6::{NH_ICMPV6, NH_TCP, NH_UDP};
use super::{Decoded, Net, Transport};

pub const DST_UNREACH: u8 = 1;
pub const PACKET_TOO_BIG: u8 = 2;
pub const TIME_EXCEEDED: u8 = 3;
pub const PARAM_PROB: u8 = 4;
pub const ECHO_REQUEST: u8 = 128;
pub const ECHO_REPLY: u8 = 129;
pub const MLD_QUERY: u8 = 130;
pub const MLD_REPORT: u8 = 131;
pub const MLD_DONE: u8 = 132;
pub const ROUTER_SOLICIT: u8 = 133;
pub const ROUTER_ADVERT: u8 = 134;
pub const NEIGHBOR_SOLICIT: u8 = 135;
pub const NEIGHBOR_ADVERT: u8 = 136;
pub const REDIRECT: u8 = 137;
pub const ROUTER_RENUMBERING: u8 = 138;
pub const NI_QUERY: u8 = 139;
pub const NI_REPLY: u8 = 140;
pub const IND_SOLICIT: u8 = 141;
pub const IND_ADVERT: u8 = 142;
pub const MLDV2_REPORT: u8 = 143;
pub const HADISCOV_REQUEST: u8 = 144;
pub const HADISCOV_REPLY: u8 = 145;
pub const MOBILEPREFIX_SOLICIT: u8 = 146;
pub const MOBILEPREFIX_ADVERT: u8 = 147;
pub const RPL: u8 = 155;
pub const EXT_ECHO_REQUEST: u8 = 160;
pub const EXT_ECHO_REPLY: u8 = 161;

/// tcpdump's name for a message type.
pub fn type_name(t: u8) -> Option<&'static str> {
    Some(match t {
        DST_UNREACH => "destination unreachable",
        PACKET_TOO_BIG => "packet too big",
        TIME_EXCEEDED => "time exceeded in-transit",
        PARAM_PROB => "parameter problem",
        ECHO_REQUEST => "echo request",
        ECHO_REPLY => "echo reply",
        MLD_QUERY => "multicast listener query",
        MLD_REPORT => "multicast listener report",
        MLD_DONE => "multicast listener done",
        ROUTER_SOLICIT => "router solicitation",
        ROUTER_ADVERT => "router advertisement",
        NEIGHBOR_SOLICIT => "neighbor solicitation",
        NEIGHBOR_ADVERT => "neighbor advertisement",
        REDIRECT => "redirect",
        ROUTER_RENUMBERING => "router renumbering",
        IND_SOLICIT => "inverse neighbor solicitation",
        IND_ADVERT => "inverse neighbor advertisement",
        MLDV2_REPORT => "multicast listener report v2",
        HADISCOV_REQUEST => "ha discovery request",
        HADISCOV_REPLY => "ha discovery reply",
        MOBILEPREFIX_SOLICIT => "mobile router solicitation",
        MOBILEPREFIX_ADVERT => "mobile router advertisement",
        // tcpdump's table lists the KAME names of 139 and 140 first.
        NI_QUERY => "who-are-you request",
        NI_REPLY => "who-are-you reply",
        200 => "mtrace response",
        201 => "mtrace message",
        RPL => "RPL",
        _ => return None,
    })
}

/// An ICMPv6 message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Icmp6<'a> {
    /// The length the IP layer claims for the message.
    pub length: u32,
    /// The captured message, bounded by `length`: what tcpdump dumps in
    /// hex for the messages and options it does not decode.
    pub bytes: &'a [u8],
    pub icmp_type: Option<u8>,
    pub code: Option<u8>,
    /// The checksum field.
    pub checksum: Option<u16>,
    /// The checksum computed over the IPv6 pseudo-header and the message
    /// (0: it verifies), when the whole message was captured.
    pub computed: Option<u16>,
    pub body: Body<'a>,
}

impl Icmp6<'_> {
    /// The whole message was captured (its checksum can be verified).
    pub fn complete(&self) -> bool {
        self.bytes.len() as u64 >= u64::from(self.length)
    }
}

/// The fields of a message, by type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body<'a> {
    /// No fields: the type was not captured, or the type has none that
    /// tcpdump prints (inverse neighbour discovery, types it does not
    /// know).
    None,
    /// Destination unreachable, packet too big, time exceeded, parameter
    /// problem.
    Error(ErrorMsg),
    Echo {
        id: Option<u16>,
        seq: Option<u16>,
    },
    /// MLD query (either version: the length tells), report, done.
    Mld(Mld<'a>),
    Mldv2Report {
        ngroups: Option<u16>,
        records: MldRecords<'a>,
    },
    RouterSolicit {
        options: NdOptions<'a>,
    },
    RouterAdvert(RouterAdvert<'a>),
    NeighborSolicit {
        target: Option<Ipv6Addr>,
        options: NdOptions<'a>,
    },
    NeighborAdvert {
        /// The router, solicited and override flags and the reserved bits.
        flags: Option<u32>,
        target: Option<Ipv6Addr>,
        options: NdOptions<'a>,
    },
    Redirect {
        target: Option<Ipv6Addr>,
        destination: Option<Ipv6Addr>,
        options: NdOptions<'a>,
    },
    RouterRenumbering(Rrenum<'a>),
    NodeInfo(NodeInfo<'a>),
    /// Home agent address discovery request, mobile prefix solicitation:
    /// an identifier.
    Ident {
        id: Option<u16>,
    },
    HaReply {
        id: Option<u16>,
        /// The home agent addresses, to the end of the message.
        agents: Addrs<'a>,
    },
    MobilePrefixAdvert {
        id: Option<u16>,
        /// The managed (0x8000) and other (0x4000) flags.
        flags: Option<u16>,
        options: NdOptions<'a>,
    },
    Rpl(Rpl<'a>),
}

/// An error message and the packet it quotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorMsg {
    /// Bytes 4-7: the MTU of packet too big, the pointer of parameter
    /// problem (unused in the others).
    pub param: Option<u32>,
    pub quoted: Quoted,
}

/// What tcpdump reads of the IPv6 packet an error message quotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quoted {
    pub src: Option<Ipv6Addr>,
    pub dst: Option<Ipv6Addr>,
    /// tcpdump's `get_upperlayer`: the quoted TCP or UDP header's protocol
    /// and destination port, past the extension headers it knows; `None`
    /// when it cannot get there.
    pub upper: Option<(u8, u16)>,
}

impl Quoted {
    fn of(q: &[u8]) -> Quoted {
        Quoted {
            src: addr_at(q, 8),
            dst: addr_at(q, 24),
            upper: quoted_upper(q),
        }
    }
}

fn quoted_upper(b: &[u8]) -> Option<(u8, u16)> {
    let mut nh = *b.get(6)?;
    let mut off = 0usize;
    let mut hlen = 40usize;
    while off < b.len() {
        off += hlen;
        let h = suffix(b, off);
        match nh {
            NH_UDP | NH_TCP => return be16_at(h, 2).map(|p| (nh, p)),
            NH_HOPOPTS | NH_DSTOPTS | NH_ROUTING => {
                let l = *h.get(1)?;
                nh = *h.first()?;
                hlen = (usize::from(l) + 1) << 3;
            }
            NH_FRAGMENT => {
                let f = Fragment(h);
                if f.offset()? != 0 {
                    return None;
                }
                nh = f.next()?;
                hlen = 8;
            }
            NH_AH => {
                let l = *h.get(1)?;
                nh = *h.first()?;
                hlen = (usize::from(l) + 2) << 2;
            }
            _ => return None,
        }
    }
    None
}

/// An MLD message (RFC 2710; the query also RFC 3810).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mld<'a> {
    /// The whole 24-byte MLDv1 message was captured (tcpdump prints
    /// nothing of one cut short).
    pub complete_v1: bool,
    /// Maximum response delay (MLDv1), maximum response code (MLDv2).
    pub max_delay: Option<u16>,
    pub group: Option<Ipv6Addr>,
    /// MLDv2 query: the S flag (0x08) and QRV (0x07) byte.
    pub s_qrv: Option<u8>,
    /// MLDv2 query: the querier's query interval code.
    pub qqic: Option<u8>,
    /// MLDv2 query: the number of sources.
    pub nsrcs: Option<u16>,
    /// MLDv2 query: the `nsrcs` source addresses.
    pub sources: Addrs<'a>,
}

impl Mld<'_> {
    /// RFC 3810 section 5.1.3: the maximum response delay in
    /// milliseconds, from the code.
    pub fn max_resp_delay(&self) -> Option<u32> {
        self.max_delay.map(|c| {
            let c = u32::from(c);
            if c < 32768 {
                c
            } else {
                ((c & 0x0fff) | 0x1000) << (((c & 0x7000) >> 12) + 3)
            }
        })
    }

    /// RFC 3810 section 5.1.9: the querier's query interval in seconds.
    pub fn qqi(&self) -> Option<u32> {
        self.qqic.map(|q| {
            let q = u32::from(q);
            if q < 128 {
                q
            } else {
                ((q & 0x0f) | 0x10) << (((q & 0x70) >> 4) + 3)
            }
        })
    }
}

/// IPv6 addresses packed 16 bytes apart; each `None` once the capture
/// ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Addrs<'a> {
    bytes: &'a [u8],
    off: usize,
    left: usize,
}

impl<'a> Addrs<'a> {
    fn new(bytes: &'a [u8], off: usize, n: usize) -> Addrs<'a> {
        Addrs {
            bytes,
            off,
            left: n,
        }
    }
}

impl Iterator for Addrs<'_> {
    type Item = Option<Ipv6Addr>;
    fn next(&mut self) -> Option<Option<Ipv6Addr>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let a = addr_at(self.bytes, self.off);
        self.off = self.off.saturating_add(16);
        Some(a)
    }
}

/// One MLDv2 group record, or why the walk stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MldRecord<'a> {
    Record {
        rtype: Option<u8>,
        group: Option<Ipv6Addr>,
        nsrcs: Option<u16>,
        /// The source addresses.
        sources: Addrs<'a>,
        /// The message is too short for the sources the record claims.
        bad_sources: bool,
    },
    /// The message is too short for another record.
    BadGroups,
}

/// Walks MLDv2 report group records with tcpdump's length checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MldRecords<'a> {
    bytes: &'a [u8],
    len: u32,
    off: usize,
    left: u16,
}

impl<'a> Iterator for MldRecords<'a> {
    type Item = MldRecord<'a>;
    fn next(&mut self) -> Option<MldRecord<'a>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let g = self.off as u64;
        if u64::from(self.len) < g + 20 {
            self.left = 0;
            return Some(MldRecord::BadGroups);
        }
        let rec = suffix(self.bytes, self.off);
        let nsrcs = be16_at(rec, 2);
        let n = u64::from(nsrcs.unwrap_or(0));
        let bad = u64::from(self.len) < g + 20 + n * 16;
        let r = MldRecord::Record {
            rtype: rec.first().copied(),
            group: addr_at(rec, 4),
            nsrcs,
            sources: Addrs::new(rec, 20, n as usize),
            bad_sources: bad,
        };
        if bad || nsrcs.is_none() {
            self.left = 0;
        }
        self.off += 20 + (n as usize) * 16;
        Some(r)
    }
}

/// A router advertisement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RouterAdvert<'a> {
    pub hop_limit: Option<u8>,
    /// Managed (0x80), other (0x40), home agent (0x20), preference
    /// (0x18), IPv6-only (0x02).
    pub flags: Option<u8>,
    pub lifetime: Option<u16>,
    pub reachable: Option<u32>,
    pub retrans: Option<u32>,
    pub options: NdOptions<'a>,
}

/// A default router or route preference (RFC 4191 section 2.1), as
/// tcpdump names it: bits 4-3 of `flags`.
pub fn route_pref(flags: u8) -> &'static str {
    match (flags >> 3) & 3 {
        0 => "medium",
        1 => "high",
        2 => "rsv",
        _ => "low",
    }
}

pub const OPT_SOURCE_LINKADDR: u8 = 1;
pub const OPT_TARGET_LINKADDR: u8 = 2;
pub const OPT_PREFIX_INFORMATION: u8 = 3;
pub const OPT_REDIRECTED_HEADER: u8 = 4;
pub const OPT_MTU: u8 = 5;
pub const OPT_ADVINTERVAL: u8 = 7;
pub const OPT_HOMEAGENT_INFO: u8 = 8;
pub const OPT_NONCE: u8 = 14;
pub const OPT_ROUTE_INFO: u8 = 24;
pub const OPT_RDNSS: u8 = 25;
pub const OPT_DNSSL: u8 = 31;
pub const OPT_PREF64: u8 = 38;

/// tcpdump's name for a neighbour discovery option.
pub fn option_name(t: u8) -> Option<&'static str> {
    Some(match t {
        OPT_SOURCE_LINKADDR => "source link-address",
        OPT_TARGET_LINKADDR => "destination link-address",
        OPT_PREFIX_INFORMATION => "prefix info",
        OPT_REDIRECTED_HEADER => "redirected header",
        OPT_MTU => "mtu",
        OPT_RDNSS => "rdnss",
        OPT_DNSSL => "dnssl",
        OPT_ADVINTERVAL => "advertisement interval",
        OPT_HOMEAGENT_INFO => "homeagent information",
        OPT_ROUTE_INFO => "route info",
        _ => return None,
    })
}

/// Walks neighbour discovery options as tcpdump's `icmp6_opt_print`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NdOptions<'a> {
    msg: &'a [u8],
    /// Where the options start in `msg`.
    start: usize,
    pos: usize,
    resid: i64,
    done: bool,
}

impl<'a> NdOptions<'a> {
    fn new(msg: &'a [u8], length: u32, start: usize) -> NdOptions<'a> {
        NdOptions {
            msg,
            start,
            pos: start,
            resid: i64::from(length) - start as i64,
            done: false,
        }
    }
}

/// One step of the option walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NdItem<'a> {
    Opt(NdOption<'a>),
    /// The walk stops: tcpdump's `goto trunc` (a zero length, an option
    /// past the capture, the length byte not captured).
    Trunc,
}

impl<'a> Iterator for NdOptions<'a> {
    type Item = NdItem<'a>;
    fn next(&mut self) -> Option<NdItem<'a>> {
        let rest = suffix(self.msg, self.pos);
        if self.done || rest.is_empty() {
            return None;
        }
        let (Some(&ty), Some(&len)) = (rest.first(), rest.get(1)) else {
            self.done = true;
            return Some(NdItem::Trunc);
        };
        if self.resid <= 0 {
            self.done = true;
            return None;
        }
        let n = usize::from(len) << 3;
        if len == 0 || n > rest.len() {
            self.done = true;
            return Some(NdItem::Trunc);
        }
        let o = NdOption {
            ty,
            len,
            bytes: prefix(rest, n),
            msg: self.msg,
            at: self.pos,
            start: self.start,
        };
        self.pos += n;
        self.resid -= n as i64;
        Some(NdItem::Opt(o))
    }
}

/// One neighbour discovery option, captured whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NdOption<'a> {
    pub ty: u8,
    /// Length in units of 8 bytes.
    pub len: u8,
    /// The option, type and length bytes included.
    pub bytes: &'a [u8],
    msg: &'a [u8],
    /// Where the option starts in `msg`.
    at: usize,
    /// Where the option list starts in `msg`.
    start: usize,
}

impl<'a> NdOption<'a> {
    /// What follows the type and length bytes (tcpdump's hex dump of it).
    pub fn data(&self) -> &'a [u8] {
        suffix(self.bytes, 2)
    }

    /// The option's fields read where tcpdump reads them: at their
    /// offsets from the option's start, past its end when it is short
    /// (so into the options after it), as far as the message was
    /// captured.
    pub fn value(&self) -> NdValue<'a> {
        self.value_in(suffix(self.msg, self.at), true)
    }

    /// The option's fields, each `None` unless it lies within the
    /// option's own length.
    pub fn own_value(&self) -> NdValue<'a> {
        self.value_in(self.bytes, false)
    }

    fn value_in(&self, b: &'a [u8], tcpdump: bool) -> NdValue<'a> {
        let len = self.len;
        match self.ty {
            OPT_SOURCE_LINKADDR | OPT_TARGET_LINKADDR => NdValue::LinkAddr(self.data()),
            OPT_PREFIX_INFORMATION => NdValue::Prefix {
                prefix_len: b.get(2).copied(),
                flags: b.get(3).copied(),
                valid: be32_at(b, 4),
                preferred: be32_at(b, 8),
                prefix: addr_at(b, 16),
            },
            // tcpdump dumps as many bytes as the option has, from the
            // start of the option list.
            OPT_REDIRECTED_HEADER => {
                NdValue::RedirectedHeader(prefix(suffix(self.msg, self.start), self.bytes.len()))
            }
            OPT_MTU => NdValue::Mtu(be32_at(b, 4)),
            OPT_RDNSS => NdValue::Rdnss {
                lifetime: be32_at(b, 4),
                servers: Addrs::new(b, 8, usize::from(len.saturating_sub(1) / 2)),
            },
            OPT_DNSSL => NdValue::Dnssl {
                lifetime: be32_at(b, 4),
                names: DnsslNames {
                    msg: if tcpdump { self.msg } else { self.bytes },
                    at: if tcpdump { self.at } else { 0 },
                    base: if tcpdump { self.start } else { 0 },
                    p: 8,
                    end: self.bytes.len(),
                    done: false,
                },
            },
            OPT_ADVINTERVAL => NdValue::AdvInterval(be32_at(b, 4)),
            OPT_HOMEAGENT_INFO => NdValue::HomeAgent {
                preference: be16_at(b, 4),
                lifetime: be16_at(b, 6),
            },
            OPT_ROUTE_INFO => {
                let k = match len {
                    1 => Some(0),
                    2 => Some(8),
                    3 => Some(16),
                    _ => None,
                };
                let prefix = match k.map(|k| b.get(8..8 + k)) {
                    None => RoutePrefix::BadLength,
                    Some(None) => RoutePrefix::NotCaptured,
                    Some(Some(p)) => {
                        let mut a = [0u8; 16];
                        for (d, s) in a.iter_mut().zip(p) {
                            *d = *s;
                        }
                        RoutePrefix::Prefix(Ipv6Addr::from(a))
                    }
                };
                NdValue::RouteInfo {
                    prefix_len: b.get(2).copied(),
                    flags: b.get(3).copied(),
                    lifetime: be32_at(b, 4),
                    prefix,
                }
            }
            OPT_NONCE => NdValue::Nonce(self.data()),
            OPT_PREF64 => NdValue::Pref64 {
                scaled_lifetime_plc: be16_at(b, 2),
                prefix: b.get(4..16).and_then(|p| <[u8; 12]>::try_from(p).ok()),
            },
            _ => NdValue::Other(self.data()),
        }
    }
}

/// The fields of a neighbour discovery option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NdValue<'a> {
    /// Source or target link-layer address (as long as the option).
    LinkAddr(&'a [u8]),
    Prefix {
        prefix_len: Option<u8>,
        /// On-link (0x80), autonomous (0x40), router address (0x20).
        flags: Option<u8>,
        valid: Option<u32>,
        preferred: Option<u32>,
        prefix: Option<Ipv6Addr>,
    },
    /// The bytes tcpdump dumps for a redirected header option.
    RedirectedHeader(&'a [u8]),
    Mtu(Option<u32>),
    Rdnss {
        lifetime: Option<u32>,
        servers: Addrs<'a>,
    },
    Dnssl {
        lifetime: Option<u32>,
        names: DnsslNames<'a>,
    },
    /// Advertisement interval, milliseconds.
    AdvInterval(Option<u32>),
    HomeAgent {
        preference: Option<u16>,
        lifetime: Option<u16>,
    },
    RouteInfo {
        prefix_len: Option<u8>,
        /// The preference is bits 4-3 ([`route_pref`]).
        flags: Option<u8>,
        lifetime: Option<u32>,
        prefix: RoutePrefix,
    },
    Nonce(&'a [u8]),
    /// PREF64 (RFC 8781): the scaled lifetime (high 13 bits) and prefix
    /// length code (low 3 bits), and the prefix's first 96 bits.
    Pref64 {
        scaled_lifetime_plc: Option<u16>,
        prefix: Option<[u8; 12]>,
    },
    /// Another option: its data.
    Other(&'a [u8]),
}

/// The prefix of a route information option (as long as the option's
/// length says: 0, 8 or 16 bytes, zero-filled).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoutePrefix {
    Prefix(Ipv6Addr),
    /// Its bytes were not captured.
    NotCaptured,
    /// An option length other than 1, 2 or 3 (tcpdump gives up).
    BadLength,
}

/// The PREF64 prefix length for a prefix length code (RFC 8781 section
/// 4).
pub fn pref64_prefix_len(plc: u16) -> Option<u8> {
    match plc {
        0 => Some(96),
        1 => Some(64),
        2 => Some(56),
        3 => Some(48),
        4 => Some(40),
        5 => Some(32),
        _ => None,
    }
}

/// The domain names of a DNSSL option, as tcpdump walks them: while the
/// next byte is inside the option and not 0, a name ([`Name`], compression
/// pointers relative to the start of the option list).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DnsslNames<'a> {
    msg: &'a [u8],
    /// The option's offset in `msg`.
    at: usize,
    base: usize,
    /// The next name's offset in the option.
    p: usize,
    /// The option's length.
    end: usize,
    done: bool,
}

/// A DNSSL name, or a byte tcpdump reads that was not captured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DnsslItem<'a> {
    Name(Name<'a>),
    NotCaptured,
}

impl<'a> Iterator for DnsslNames<'a> {
    type Item = DnsslItem<'a>;
    fn next(&mut self) -> Option<DnsslItem<'a>> {
        if self.done || self.p >= self.end {
            return None;
        }
        let start = self.at + self.p;
        match self.msg.get(start) {
            None => {
                self.done = true;
                Some(DnsslItem::NotCaptured)
            }
            Some(0) => None,
            Some(_) => {
                let name = Name::at(self.msg, start, self.base);
                match name.next_pos() {
                    Some(e) => self.p = e.saturating_sub(self.at),
                    None => self.done = true,
                }
                Some(DnsslItem::Name(name))
            }
        }
    }
}

/// A router renumbering message (RFC 2894).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rrenum<'a> {
    /// The 16-byte header was captured.
    pub header: bool,
    pub seq: Option<u32>,
    pub segment: Option<u8>,
    /// Test (0x80), report (0x40), all (0x20), specified (0x10),
    /// processed (0x08).
    pub flags: Option<u8>,
    pub max_delay: Option<u16>,
    pub reserved: Option<u32>,
    /// A command's match-prefix part, when its prefix was captured.
    pub matched: Option<RrMatch<'a>>,
}

/// The match-prefix part of a router renumbering command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RrMatch<'a> {
    pub op: u8,
    pub op_len: u8,
    pub ordinal: u8,
    pub match_len: u8,
    pub min_len: u8,
    pub max_len: u8,
    pub prefix: Ipv6Addr,
    /// The use-prefix parts; `None` when the operation length does not
    /// make whole parts.
    pub uses: Option<RrUses<'a>>,
}

/// The use-prefix parts after a match-prefix part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RrUses<'a> {
    bytes: &'a [u8],
    off: usize,
    left: usize,
}

/// One use-prefix part, or the capture's end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RrItem {
    Use(RrUse),
    Cut,
}

/// A use-prefix part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RrUse {
    pub use_len: u8,
    pub keep_len: u8,
    pub mask: u8,
    pub ra_flags: u8,
    pub valid: u32,
    pub preferred: u32,
    /// Decrement valid (0x80) and preferred (0x40) lifetimes.
    pub flags: u8,
    pub prefix: Ipv6Addr,
}

impl Iterator for RrUses<'_> {
    type Item = RrItem;
    fn next(&mut self) -> Option<RrItem> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let b = suffix(self.bytes, self.off);
        self.off += 32;
        match rr_use(b) {
            Some(u) => Some(RrItem::Use(u)),
            None => {
                self.left = 0;
                Some(RrItem::Cut)
            }
        }
    }
}

fn rr_use(b: &[u8]) -> Option<RrUse> {
    Some(RrUse {
        use_len: *b.first()?,
        keep_len: *b.get(1)?,
        mask: *b.get(2)?,
        ra_flags: *b.get(3)?,
        valid: be32_at(b, 4)?,
        preferred: be32_at(b, 8)?,
        flags: *b.get(12)?,
        prefix: addr_at(b, 16)?,
    })
}

fn rr_match(b: &[u8]) -> Option<RrMatch<'_>> {
    let prefix = addr_at(b, 24)?;
    let op_len = *b.get(17)?;
    let n = i32::from(op_len) - 3;
    Some(RrMatch {
        op: *b.get(16)?,
        op_len,
        ordinal: *b.get(18)?,
        match_len: *b.get(19)?,
        min_len: *b.get(20)?,
        max_len: *b.get(21)?,
        prefix,
        uses: (n % 4 == 0).then_some(RrUses {
            bytes: b,
            off: 40,
            left: usize::try_from(n / 4).unwrap_or(0),
        }),
    })
}

fn rrenum(b: &[u8]) -> Rrenum<'_> {
    let matched = rr_match(b);
    Rrenum {
        header: b.len() >= 16,
        seq: be32_at(b, 4),
        segment: b.get(8).copied(),
        flags: b.get(9).copied(),
        max_delay: be16_at(b, 10),
        reserved: be32_at(b, 12),
        matched,
    }
}

/// A node information query or reply (RFC 4620).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeInfo<'a> {
    /// Bytes of the message captured.
    pub captured: usize,
    pub qtype: Option<u16>,
    pub flags: Option<u16>,
    /// Query: an IPv6 subject (bytes 16-31).
    pub subject_v6: Option<Ipv6Addr>,
    /// Query: an IPv4 subject (bytes 16-19).
    pub subject_v4: Option<Ipv4Addr>,
    /// Query: a name subject (from byte 16); `None` when not a byte of it
    /// was captured.
    pub subject_name: Option<NiName<'a>>,
    /// Reply with a name: its TTL (bytes 16-19).
    pub ttl: Option<u32>,
    /// Reply with a name: the name (from byte 20).
    pub name: Option<NiName<'a>>,
    /// Reply with node addresses: each TTL and address, as far as whole
    /// ones were captured.
    pub addrs: NiAddrs<'a>,
}

/// The node address flags (RFC 4620 section 6.1): all (0x40), global
/// (0x20), site-local (0x10), link-local (0x08), IPv4-compatible (0x04),
/// IPv6 addresses (0x02), truncated (0x01).
pub const NI_FLAG_TRUNCATE: u16 = 0x01;

/// A node information name as tcpdump's `dnsname_print` reads it (no
/// decompression), or in the form of draft 03 (a length byte and text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NiName<'a> {
    /// The text after the length byte.
    Draft03(&'a [u8]),
    Dns(NiLabels<'a>),
}

impl<'a> NiName<'a> {
    fn of(b: &'a [u8]) -> Option<NiName<'a>> {
        let &first = b.first()?;
        Some(if usize::from(first) == b.len() - 1 {
            NiName::Draft03(suffix(b, 1))
        } else {
            NiName::Dns(NiLabels {
                b,
                cp: 0,
                dot: false,
                done: false,
            })
        })
    }
}

/// The walk of a node information name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NiLabels<'a> {
    b: &'a [u8],
    cp: usize,
    /// A dot is due after the label just handed out.
    dot: bool,
    done: bool,
}

/// One piece of a node information name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NiPiece<'a> {
    Label(&'a [u8]),
    /// Between labels, or the root name's.
    Dot,
    /// A label running past the data, or bytes after the root label
    /// (tcpdump's `???`).
    Bad,
}

impl<'a> Iterator for NiLabels<'a> {
    type Item = NiPiece<'a>;
    fn next(&mut self) -> Option<NiPiece<'a>> {
        if self.dot {
            self.dot = false;
            return Some(NiPiece::Dot);
        }
        let ep = self.b.len();
        if self.done || self.cp >= ep {
            return None;
        }
        let i = usize::from(self.b.get(self.cp).copied().unwrap_or(0));
        self.cp += 1;
        if i != 0 {
            if i > ep - self.cp {
                self.done = true;
                return Some(NiPiece::Bad);
            }
            let label = self.b.get(self.cp..self.cp + i).unwrap_or(&[]);
            self.cp += i;
            // tcpdump's dot: only when a label follows.
            self.dot = self.cp + 1 < ep && self.b.get(self.cp).is_some_and(|&c| c != 0);
            Some(NiPiece::Label(label))
        } else {
            self.done = true;
            if self.cp == ep {
                Some(NiPiece::Dot)
            } else if self.cp + 1 == ep && self.b.get(self.cp) == Some(&0) {
                None
            } else {
                Some(NiPiece::Bad)
            }
        }
    }
}

/// The node addresses of a reply: a TTL and an address each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NiAddrs<'a> {
    b: &'a [u8],
    off: usize,
}

impl Iterator for NiAddrs<'_> {
    type Item = (u32, Ipv6Addr);
    fn next(&mut self) -> Option<(u32, Ipv6Addr)> {
        let ttl = be32_at(self.b, self.off)?;
        let a = addr_at(self.b, self.off + 4)?;
        self.off += 20;
        Some((ttl, a))
    }
}

fn node_info(b: &[u8]) -> NodeInfo<'_> {
    NodeInfo {
        captured: b.len(),
        qtype: be16_at(b, 4),
        flags: be16_at(b, 6),
        subject_v6: addr_at(b, 16),
        subject_v4: be32_at(b, 16).map(Ipv4Addr::from),
        subject_name: NiName::of(suffix(b, 16)),
        ttl: be32_at(b, 16),
        name: NiName::of(suffix(b, 20)),
        addrs: NiAddrs { b, off: 16 },
    }
}

/// An RPL control message (RFC 6550).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rpl<'a> {
    /// Code bit 0x80: a secured message, which tcpdump does not decode.
    Secure,
    /// DODAG information solicitation.
    Dis,
    Dio(RplDio<'a>),
    /// Destination advertisement object (acknowledgement: `ack` true).
    Dao(RplDao<'a>),
    Unknown,
}

/// A DODAG information object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RplDio<'a> {
    /// The message body's length (after the ICMPv6 header).
    pub length: u32,
    pub instance: Option<u8>,
    pub rank: Option<u16>,
    /// Grounded (0x80), mode of operation (0x38), preference (0x07).
    pub g_mop_prf: Option<u8>,
    pub dtsn: Option<u8>,
    pub dagid: Option<Ipv6Addr>,
    /// Options after the 24-byte base.
    pub options: RplOptions<'a>,
}

/// A destination advertisement object or its acknowledgement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RplDao<'a> {
    pub ack: bool,
    /// The message body's length (after the ICMPv6 header).
    pub length: u32,
    /// Body bytes captured.
    pub captured: usize,
    pub instance: Option<u8>,
    /// DAO: K (0x80), D (0x40); DAO-ACK: D (0x80).
    pub flags: Option<u8>,
    pub seq: Option<u8>,
    /// DAO-ACK: the status.
    pub status: Option<u8>,
    /// The DODAG ID (when the D flag says there is one).
    pub dagid: Option<Ipv6Addr>,
    /// Options after the base (and the DODAG ID, if any).
    pub options: RplOptions<'a>,
}

impl RplDao<'_> {
    /// The D flag: a DODAG ID follows.
    pub fn has_dagid(&self) -> Option<bool> {
        let d = if self.ack { 0x80 } else { 0x40 };
        self.flags.map(|f| f & d != 0)
    }
}

/// Walks RPL options as tcpdump's `rpl_printopts`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RplOptions<'a> {
    b: &'a [u8],
    p: usize,
    length: u32,
    done: bool,
}

/// One RPL option, or why the walk stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RplOpt<'a> {
    Pad1,
    Opt {
        ty: u8,
        /// Its length, type and length bytes included.
        len: u32,
        /// What follows the type and length bytes.
        data: &'a [u8],
        /// The option was captured whole and fits the message (else the
        /// walk stops after it, as tcpdump's `[|icmp6]`).
        whole: bool,
    },
    /// Fewer than 2 bytes left for an option's type and length.
    TooShort,
    /// The type or length byte was not captured.
    NotCaptured,
}

impl<'a> Iterator for RplOptions<'a> {
    type Item = RplOpt<'a>;
    fn next(&mut self) -> Option<RplOpt<'a>> {
        if self.done || self.length == 0 {
            return None;
        }
        let Some(&ty) = self.b.get(self.p) else {
            self.done = true;
            return Some(RplOpt::NotCaptured);
        };
        if ty == 0 {
            self.p += 1;
            self.length -= 1;
            return Some(RplOpt::Pad1);
        }
        if self.length < 2 {
            self.done = true;
            return Some(RplOpt::TooShort);
        }
        let Some(&l) = self.b.get(self.p + 1) else {
            self.done = true;
            return Some(RplOpt::NotCaptured);
        };
        let len = u32::from(l) + 2;
        let all = self.b.get(self.p..self.p + len as usize);
        let whole = all.is_some() && self.length >= len;
        let o = RplOpt::Opt {
            ty,
            len,
            data: all.map(|a| suffix(a, 2)).unwrap_or(&[]),
            whole,
        };
        if whole {
            self.p += len as usize;
            self.length -= len;
        } else {
            self.done = true;
        }
        Some(o)
    }
}

fn rpl(b: &[u8], length: u32, code: u8) -> Rpl<'_> {
    if code & 0x80 != 0 {
        return Rpl::Secure;
    }
    let body = suffix(b, 4);
    let length = length.saturating_sub(4);
    let opts = |start: usize| RplOptions {
        b: suffix(body, start),
        p: 0,
        length: length.saturating_sub(start as u32),
        done: false,
    };
    match code & 0x7f {
        0 => Rpl::Dis,
        1 => Rpl::Dio(RplDio {
            length,
            instance: body.first().copied(),
            rank: be16_at(body, 2),
            g_mop_prf: body.get(4).copied(),
            dtsn: body.get(5).copied(),
            dagid: addr_at(body, 8),
            options: opts(24),
        }),
        c @ (2 | 3) => {
            let ack = c == 3;
            let flags = body.get(1).copied();
            let d = if ack { 0x80 } else { 0x40 };
            let start = if flags.is_some_and(|f| f & d != 0) {
                20
            } else {
                4
            };
            Rpl::Dao(RplDao {
                ack,
                length,
                captured: body.len(),
                instance: body.first().copied(),
                flags,
                seq: body.get(if ack { 2 } else { 3 }).copied(),
                status: if ack { body.get(3).copied() } else { None },
                dagid: addr_at(body, 4),
                options: opts(start),
            })
        }
        _ => Rpl::Unknown,
    }
}

fn body<'a>(t: u8, code: Option<u8>, b: &'a [u8], length: u32) -> Body<'a> {
    let nd = |start| NdOptions::new(b, length, start);
    match t {
        DST_UNREACH | PACKET_TOO_BIG | TIME_EXCEEDED | PARAM_PROB => Body::Error(ErrorMsg {
            param: be32_at(b, 4),
            quoted: Quoted::of(suffix(b, 8)),
        }),
        ECHO_REQUEST | ECHO_REPLY => Body::Echo {
            id: be16_at(b, 4),
            seq: be16_at(b, 6),
        },
        MLD_QUERY | MLD_REPORT | MLD_DONE => {
            let nsrcs = be16_at(b, 26);
            Body::Mld(Mld {
                complete_v1: b.len() >= 24,
                max_delay: be16_at(b, 4),
                group: addr_at(b, 8),
                s_qrv: b.get(24).copied(),
                qqic: b.get(25).copied(),
                nsrcs,
                sources: Addrs::new(b, 28, usize::from(nsrcs.unwrap_or(0))),
            })
        }
        MLDV2_REPORT => {
            let ngroups = be16_at(b, 6);
            Body::Mldv2Report {
                ngroups,
                records: MldRecords {
                    bytes: b,
                    len: length,
                    off: 8,
                    left: ngroups.unwrap_or(0),
                },
            }
        }
        ROUTER_SOLICIT => Body::RouterSolicit { options: nd(8) },
        ROUTER_ADVERT => Body::RouterAdvert(RouterAdvert {
            hop_limit: b.get(4).copied(),
            flags: b.get(5).copied(),
            lifetime: be16_at(b, 6),
            reachable: be32_at(b, 8),
            retrans: be32_at(b, 12),
            options: nd(16),
        }),
        NEIGHBOR_SOLICIT => Body::NeighborSolicit {
            target: addr_at(b, 8),
            options: nd(24),
        },
        NEIGHBOR_ADVERT => Body::NeighborAdvert {
            flags: be32_at(b, 4),
            target: addr_at(b, 8),
            options: nd(24),
        },
        REDIRECT => Body::Redirect {
            target: addr_at(b, 8),
            destination: addr_at(b, 24),
            options: nd(40),
        },
        ROUTER_RENUMBERING => Body::RouterRenumbering(rrenum(b)),
        NI_QUERY | NI_REPLY => Body::NodeInfo(node_info(b)),
        MOBILEPREFIX_SOLICIT | HADISCOV_REQUEST => Body::Ident { id: be16_at(b, 4) },
        HADISCOV_REPLY => Body::HaReply {
            id: be16_at(b, 4),
            agents: Addrs::new(b, 8, (length.saturating_sub(8) as usize).div_ceil(16)),
        },
        MOBILEPREFIX_ADVERT => Body::MobilePrefixAdvert {
            id: be16_at(b, 4),
            flags: be16_at(b, 6),
            options: nd(8),
        },
        RPL => match code {
            Some(c) => Body::Rpl(rpl(b, length, c)),
            None => Body::None,
        },
        _ => Body::None,
    }
}

/// Decodes an ICMPv6 message at `off`; `length` is the upper-layer length
/// the IPv6 header gives.
pub fn decode<'a>(p: &'a [u8], length: u32, off: usize, d: &mut Decoded<'a>) {
    let bytes = prefix(p, length as usize);
    let icmp_type = bytes.first().copied();
    let code = bytes.get(1).copied();
    let complete = bytes.len() as u64 >= u64::from(length);
    let computed = match &d.net {
        Net::Ipv6(ip) if complete && length > 0 => {
            Some(checksum(bytes, ip.pseudo_header_sum(NH_ICMPV6, length)))
        }
        _ => None,
    };
    d.transport = Transport::Icmp6(Icmp6 {
        length,
        bytes,
        icmp_type,
        code,
        checksum: be16_at(bytes, 2),
        computed,
        body: match icmp_type {
            Some(t) => body(t, code, bytes, length),
            None => Body::None,
        },
    });
    if length > 0 && bytes.len() < 2 {
        d.stop = Some(Stop::truncated(Layer::Icmp6, off));
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn msg(m: &[u8]) -> Icmp6<'_> {
        let mut d = Decoded::new(m, m.len() as u32);
        decode(m, m.len() as u32, 0, &mut d);
        match d.transport {
            Transport::Icmp6(i) => i,
            _ => panic!("not ICMPv6"),
        }
    }

    #[test]
    fn nd_options_walk_and_short_options() {
        // NS: type, code, cksum, reserved, target, then SLLA, an MTU
        // option of length 2 (16 bytes) and a zero length.
        let mut m = vec![135, 0, 0, 0, 0, 0, 0, 0];
        m.extend_from_slice(&[0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
        m.extend_from_slice(&[1, 1, 2, 0, 0, 0, 0, 1]);
        m.extend_from_slice(&[5, 2, 0, 0, 0, 0, 5, 0xdc, 9, 9, 9, 9, 9, 9, 9, 9]);
        m.extend_from_slice(&[3, 0]);
        let i = msg(&m);
        let Body::NeighborSolicit { target, options } = i.body else {
            panic!("{:?}", i.body);
        };
        assert_eq!(target, Some("fe80::1".parse().unwrap()));
        let v: Vec<_> = options.collect();
        assert_eq!(v.len(), 3);
        let NdItem::Opt(sll) = v[0] else { panic!() };
        assert_eq!(sll.value(), NdValue::LinkAddr(&[2, 0, 0, 0, 0, 1]));
        let NdItem::Opt(mtu) = v[1] else { panic!() };
        assert_eq!(mtu.value(), NdValue::Mtu(Some(1500)));
        assert_eq!(v[2], NdItem::Trunc);
        // A prefix option of length 1: tcpdump reads its fields past its
        // end; within the option only the first ones exist.
        let mut m = vec![133, 0, 0, 0, 0, 0, 0, 0];
        m.extend_from_slice(&[3, 1, 64, 0xc0, 0, 0, 0, 10]);
        m.extend_from_slice(&[0, 0, 0, 20, 0, 0, 0, 0]);
        let i = msg(&m);
        let Body::RouterSolicit { mut options } = i.body else {
            panic!()
        };
        let Some(NdItem::Opt(o)) = options.next() else {
            panic!()
        };
        let NdValue::Prefix {
            prefix_len,
            valid,
            preferred,
            prefix,
            ..
        } = o.value()
        else {
            panic!()
        };
        assert_eq!(
            (prefix_len, valid, preferred, prefix),
            (Some(64), Some(10), Some(20), None)
        );
        let NdValue::Prefix {
            valid, preferred, ..
        } = o.own_value()
        else {
            panic!()
        };
        assert_eq!((valid, preferred), (Some(10), None));
    }

    #[test]
    fn quoted_upper_layer() {
        let mut q = vec![0x60, 0, 0, 0, 0, 8, NH_UDP, 64];
        q.extend_from_slice(&[0; 32]);
        q.extend_from_slice(&[0x30, 0x39, 0, 53, 0, 8, 0, 0]);
        assert_eq!(quoted_upper(&q), Some((NH_UDP, 53)));
        assert_eq!(quoted_upper(&q[..42]), None);
        let mut m = vec![1, 4, 0, 0, 0, 0, 0, 0];
        m.extend_from_slice(&q);
        let Body::Error(e) = msg(&m).body else {
            panic!()
        };
        assert_eq!(e.quoted.upper, Some((NH_UDP, 53)));
        assert_eq!(e.quoted.dst, Some(Ipv6Addr::UNSPECIFIED));
    }

    #[test]
    fn mldv2_codes_and_records() {
        let mut m = vec![130, 0, 0, 0, 0x80, 0x01, 0, 0];
        m.extend_from_slice(&[0; 16]);
        m.extend_from_slice(&[0x0a, 0x90, 0, 1]);
        m.extend_from_slice(&[0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7]);
        let Body::Mld(q) = msg(&m).body else { panic!() };
        assert_eq!(q.max_resp_delay(), Some(0x1001 << 3));
        assert_eq!(q.qqi(), Some(0x10 << 4));
        assert_eq!((q.s_qrv, q.nsrcs), (Some(0x0a), Some(1)));
        assert_eq!(
            q.sources.collect::<Vec<_>>(),
            [Some("2001:db8::7".parse().unwrap())]
        );
        // A report whose second record's sources run past the message.
        let mut m = vec![143, 0, 0, 0, 0, 0, 0, 2];
        m.extend_from_slice(&[4, 0, 0, 0]);
        m.extend_from_slice(&[0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xfb]);
        m.extend_from_slice(&[1, 0, 0, 3]);
        m.extend_from_slice(&[0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xfc]);
        let Body::Mldv2Report { ngroups, records } = msg(&m).body else {
            panic!()
        };
        assert_eq!(ngroups, Some(2));
        let r: Vec<_> = records.collect();
        assert_eq!(r.len(), 2);
        assert!(matches!(
            r[0],
            MldRecord::Record {
                rtype: Some(4),
                bad_sources: false,
                ..
            }
        ));
        assert!(matches!(
            r[1],
            MldRecord::Record {
                nsrcs: Some(3),
                bad_sources: true,
                ..
            }
        ));
    }

    #[test]
    fn node_information_names() {
        // A reply with a DNS name: TTL, then "a.bc." and the root.
        let mut m = vec![140, 0, 0, 0, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0];
        m.extend_from_slice(&[0, 0, 0, 30, 1, b'a', 2, b'b', b'c', 0]);
        let Body::NodeInfo(ni) = msg(&m).body else {
            panic!()
        };
        assert_eq!((ni.qtype, ni.ttl), (Some(2), Some(30)));
        let Some(NiName::Dns(mut labels)) = ni.name else {
            panic!("{:?}", ni.name)
        };
        assert_eq!(labels.next(), Some(NiPiece::Label(b"a")));
        assert_eq!(labels.next(), Some(NiPiece::Dot));
        assert_eq!(labels.next(), Some(NiPiece::Label(b"bc")));
        // No dot before the root label, then the root's dot.
        assert_eq!(labels.next(), Some(NiPiece::Dot));
        assert_eq!(labels.next(), None);
        // Draft 03: a length byte covering the rest.
        assert_eq!(NiName::of(b"\x03abc"), Some(NiName::Draft03(b"abc")));
    }

    #[test]
    fn rpl_dao_options() {
        // DAO without a DODAG ID, then a PadN option of 4 and a cut one.
        let m = [155, 2, 0, 0, 7, 0x00, 0, 9, 1, 2, 0, 0, 5, 9, 1];
        let Body::Rpl(Rpl::Dao(dao)) = msg(&m).body else {
            panic!()
        };
        assert_eq!(
            (dao.instance, dao.seq, dao.has_dagid()),
            (Some(7), Some(9), Some(false))
        );
        let o: Vec<_> = dao.options.collect();
        assert_eq!(
            o,
            [
                RplOpt::Opt {
                    ty: 1,
                    len: 4,
                    data: &[0, 0],
                    whole: true
                },
                RplOpt::Opt {
                    ty: 5,
                    len: 11,
                    data: &[],
                    whole: false
                },
            ]
        );
    }

    #[test]
    fn router_renumbering_parts() {
        let mut m = vec![138, 0, 0, 0, 0, 0, 0, 1, 0, 0x80, 0, 5, 0, 0, 0, 0];
        m.extend_from_slice(&[1, 11, 0, 64, 0, 128, 0, 0]);
        m.extend_from_slice(&[0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        m.extend_from_slice(&[48, 64, 0, 0, 0, 0, 0, 10, 0, 0, 0, 20, 0x80, 0, 0, 0]);
        m.extend_from_slice(&[0x20, 0x01, 0x0d, 0xb9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        m.extend_from_slice(&[1, 2, 3]);
        let Body::RouterRenumbering(rr) = msg(&m).body else {
            panic!()
        };
        assert_eq!((rr.header, rr.seq, rr.flags), (true, Some(1), Some(0x80)));
        let mm = rr.matched.unwrap();
        assert_eq!((mm.op, mm.match_len, mm.max_len), (1, 64, 128));
        let uses: Vec<_> = mm.uses.unwrap().collect();
        assert_eq!(uses.len(), 2);
        assert!(matches!(
            uses[0],
            RrItem::Use(RrUse {
                use_len: 48,
                valid: 10,
                ..
            })
        ));
        assert_eq!(uses[1], RrItem::Cut);
    }
}
