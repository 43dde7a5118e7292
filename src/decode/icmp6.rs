//! ICMPv6: RFC 4443 (messages), RFC 4861 (neighbour discovery and its
//! options), RFC 2710 / RFC 3810 (MLDv1 / MLDv2), RFC 8106 (RDNSS,
//! DNSSL), RFC 4191 (route information), RFC 8781 (PREF64).
//!
//! The record keeps the captured message bytes; typed accessors read each
//! field where tcpdump's `icmp6_print` reads it, `None` when it was not
//! captured (where tcpdump's `GET_*` would give up).

use std::net::Ipv6Addr;

use super::bytes::{be16_at, be32_at, prefix, suffix};
use super::error::{Layer, Stop};
use super::ipv6::{addr_at, Fragment, NH_AH, NH_DSTOPTS, NH_FRAGMENT, NH_HOPOPTS, NH_ROUTING};
use super::ipv6::{NH_TCP, NH_UDP};
use super::{Decoded, Transport};

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
    /// The captured message, bounded by `length`.
    pub bytes: &'a [u8],
}

impl<'a> Icmp6<'a> {
    pub fn icmp_type(&self) -> Option<u8> {
        self.bytes.first().copied()
    }
    pub fn code(&self) -> Option<u8> {
        self.bytes.get(1).copied()
    }
    pub fn checksum(&self) -> Option<u16> {
        be16_at(self.bytes, 2)
    }
    /// The whole message was captured (its checksum can be verified).
    pub fn complete(&self) -> bool {
        self.bytes.len() as u64 >= u64::from(self.length)
    }
    pub fn u8_at(&self, off: usize) -> Option<u8> {
        self.bytes.get(off).copied()
    }
    pub fn u16_at(&self, off: usize) -> Option<u16> {
        be16_at(self.bytes, off)
    }
    pub fn u32_at(&self, off: usize) -> Option<u32> {
        be32_at(self.bytes, off)
    }
    pub fn addr_at(&self, off: usize) -> Option<Ipv6Addr> {
        addr_at(self.bytes, off)
    }
    /// The quoted packet of an error message (from byte 8 on).
    pub fn quoted(&self) -> Quoted<'a> {
        Quoted(suffix(self.bytes, 8))
    }
    /// The neighbour discovery options from byte `off` on.
    pub fn nd_options(&self, off: usize) -> NdOptions<'a> {
        NdOptions {
            all: suffix(self.bytes, off),
            rest: suffix(self.bytes, off),
            resid: i64::from(self.length) - off as i64,
            done: false,
        }
    }
    /// MLDv2 report group records (RFC 3810 section 5.2).
    pub fn mldv2_records(&self) -> MldRecords<'a> {
        MldRecords {
            bytes: self.bytes,
            len: self.length,
            off: 8,
            left: self.u16_at(6).unwrap_or(0),
        }
    }
}

/// The IPv6 packet quoted in an error message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quoted<'a>(pub &'a [u8]);

impl<'a> Quoted<'a> {
    pub fn src(&self) -> Option<Ipv6Addr> {
        addr_at(self.0, 8)
    }
    pub fn dst(&self) -> Option<Ipv6Addr> {
        addr_at(self.0, 24)
    }
    /// tcpdump's `get_upperlayer`: the quoted TCP or UDP header's protocol
    /// and destination port, past the extension headers it knows; `None`
    /// when it cannot get there.
    pub fn upper(&self) -> Option<(u8, u16)> {
        let b = self.0;
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

/// One neighbour discovery option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NdOpt<'a> {
    /// A whole option: `bytes` is the option (type and length included);
    /// `tail` runs on to the end of the captured message (some fields
    /// are read past a short option, as tcpdump reads them).
    Opt {
        ty: u8,
        /// Length in 8-octet units.
        len: u8,
        bytes: &'a [u8],
        tail: &'a [u8],
        /// The options area from its start (the redirected header option
        /// dumps from there, as tcpdump does).
        area: &'a [u8],
    },
    /// The walk stops: tcpdump's `goto trunc` (a zero length, an option
    /// past the capture, the length byte not captured).
    Trunc,
}

impl NdOpt<'_> {
    /// A source or target link-layer address option holding an Ethernet
    /// address (six bytes, option length 1): its type and the address.
    pub fn ethernet_addr(&self) -> Option<(u8, super::Mac)> {
        match self {
            NdOpt::Opt {
                ty: ty @ (OPT_SOURCE_LINKADDR | OPT_TARGET_LINKADDR),
                len: 1,
                bytes,
                ..
            } => {
                let a: [u8; 6] = bytes.get(2..8)?.try_into().ok()?;
                Some((*ty, super::Mac(a)))
            }
            _ => None,
        }
    }
}

/// The fixed part of a neighbour advertisement (RFC 4861 §4.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NeighborAdvert {
    pub router: bool,
    pub solicited: bool,
    pub override_flag: bool,
    pub target: Ipv6Addr,
}

impl Icmp6<'_> {
    /// The target address of a neighbour solicitation (RFC 4861 §4.3),
    /// when captured.
    pub fn ns_target(&self) -> Option<Ipv6Addr> {
        (self.icmp_type()? == NEIGHBOR_SOLICIT)
            .then(|| self.addr_at(8))
            .flatten()
    }

    /// A neighbour advertisement's flags and target, when captured.
    pub fn neighbor_advert(&self) -> Option<NeighborAdvert> {
        if self.icmp_type()? != NEIGHBOR_ADVERT {
            return None;
        }
        let flags = self.u8_at(4)?;
        Some(NeighborAdvert {
            router: flags & 0x80 != 0,
            solicited: flags & 0x40 != 0,
            override_flag: flags & 0x20 != 0,
            target: self.addr_at(8)?,
        })
    }

    /// The first Ethernet link-layer address option of a neighbour
    /// discovery message (RS, RA, NS, NA): its type and address.
    pub fn nd_ethernet_addr(&self) -> Option<(u8, super::Mac)> {
        let off = match self.icmp_type()? {
            ROUTER_SOLICIT => 8,
            ROUTER_ADVERT => 16,
            NEIGHBOR_SOLICIT | NEIGHBOR_ADVERT => 24,
            _ => return None,
        };
        self.nd_options(off).find_map(|o| o.ethernet_addr())
    }
}

/// Walks neighbour discovery options as tcpdump's `icmp6_opt_print`.
#[derive(Clone, Debug)]
pub struct NdOptions<'a> {
    all: &'a [u8],
    rest: &'a [u8],
    resid: i64,
    done: bool,
}

impl<'a> Iterator for NdOptions<'a> {
    type Item = NdOpt<'a>;
    fn next(&mut self) -> Option<NdOpt<'a>> {
        if self.done || self.rest.is_empty() {
            return None;
        }
        let (Some(&ty), Some(&len)) = (self.rest.first(), self.rest.get(1)) else {
            self.done = true;
            return Some(NdOpt::Trunc);
        };
        if self.resid <= 0 {
            self.done = true;
            return None;
        }
        let n = usize::from(len) << 3;
        if len == 0 || n > self.rest.len() {
            self.done = true;
            return Some(NdOpt::Trunc);
        }
        let o = NdOpt::Opt {
            ty,
            len,
            bytes: prefix(self.rest, n),
            tail: self.rest,
            area: self.all,
        };
        self.rest = suffix(self.rest, n);
        self.resid -= n as i64;
        Some(o)
    }
}

/// One MLDv2 group record, or why the walk stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MldRecord<'a> {
    Record {
        rtype: Option<u8>,
        group: Option<Ipv6Addr>,
        nsrcs: Option<u16>,
        /// The source addresses (may be cut by the capture).
        sources: &'a [u8],
        /// The length check for the sources failed.
        bad_sources: bool,
    },
    /// The message is too short for another record.
    BadGroups,
}

/// Walks MLDv2 report group records with tcpdump's length checks.
#[derive(Clone, Debug)]
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
            sources: prefix(suffix(rec, 20), (n * 16) as usize),
            bad_sources: bad,
        };
        if bad || nsrcs.is_none() {
            self.left = 0;
        }
        self.off += 20 + (n as usize) * 16;
        Some(r)
    }
}

/// Decodes an ICMPv6 message at `off`; `length` is the IPv6 payload
/// length.
pub fn decode<'a>(p: &'a [u8], length: u32, off: usize, d: &mut Decoded<'a>) {
    let bytes = prefix(p, length as usize);
    d.transport = Transport::Icmp6(Icmp6 { length, bytes });
    if length > 0 && bytes.len() < 2 {
        d.stop = Some(Stop::truncated(Layer::Icmp6, off));
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn nd_options_walk() {
        // NS: type, code, cksum, reserved, target, then SLLA and a zero.
        let mut m = vec![135, 0, 0, 0, 0, 0, 0, 0];
        m.extend_from_slice(&[0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
        m.extend_from_slice(&[1, 1, 2, 0, 0, 0, 0, 1]);
        m.extend_from_slice(&[3, 0]);
        let i = Icmp6 {
            length: m.len() as u32,
            bytes: &m,
        };
        let v: Vec<_> = i.nd_options(24).collect();
        assert_eq!(v.len(), 2);
        assert!(matches!(v[0], NdOpt::Opt { ty: 1, len: 1, .. }));
        assert_eq!(v[1], NdOpt::Trunc);
    }

    #[test]
    fn neighbor_fields() {
        // NA: R|S|O, target fe80::1, TLLA 02:00:00:00:00:0b.
        let mut m = vec![136, 0, 0, 0, 0xe0, 0, 0, 0];
        m.extend_from_slice(&[0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
        m.extend_from_slice(&[2, 1, 2, 0, 0, 0, 0, 0x0b]);
        let i = Icmp6 {
            length: m.len() as u32,
            bytes: &m,
        };
        let na = i.neighbor_advert().unwrap();
        assert!(na.router && na.solicited && na.override_flag);
        assert_eq!(na.target, "fe80::1".parse::<Ipv6Addr>().unwrap());
        assert_eq!(
            i.nd_ethernet_addr(),
            Some((
                OPT_TARGET_LINKADDR,
                super::super::Mac([2, 0, 0, 0, 0, 0x0b])
            ))
        );
        assert_eq!(i.ns_target(), None);
        // Cut inside the target: nothing.
        let cut = Icmp6 {
            length: m.len() as u32,
            bytes: &m[..20],
        };
        assert_eq!(cut.neighbor_advert(), None);
        assert_eq!(cut.nd_ethernet_addr(), None);
    }

    #[test]
    fn quoted_upper_layer() {
        let mut q = vec![0x60, 0, 0, 0, 0, 8, NH_UDP, 64];
        q.extend_from_slice(&[0; 32]);
        q.extend_from_slice(&[0x30, 0x39, 0, 53, 0, 8, 0, 0]);
        assert_eq!(Quoted(&q).upper(), Some((NH_UDP, 53)));
        assert_eq!(Quoted(&q[..42]).upper(), None);
    }
}
