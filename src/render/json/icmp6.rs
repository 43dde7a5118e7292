//! ICMPv6 in JSON: the header, the fields the type gives meaning to,
//! neighbour discovery options, MLD records and what an error quotes.
//! See docs/json.md.

use std::net::Ipv6Addr;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::Hex;
use crate::decode::bytes::checksum;
use crate::decode::icmp6::{self as i6, Icmp6, MldRecord, NdOpt};
use crate::decode::ipv6::{addr_at, Ipv6};

pub(super) struct Icmp6View<'i, 'a> {
    pub ip: Option<&'i Ipv6<'a>>,
    pub m: &'i Icmp6<'a>,
}

fn name(t: u8) -> Option<&'static str> {
    Some(match t {
        i6::DST_UNREACH => "dest_unreachable",
        i6::PACKET_TOO_BIG => "packet_too_big",
        i6::TIME_EXCEEDED => "time_exceeded",
        i6::PARAM_PROB => "parameter_problem",
        i6::ECHO_REQUEST => "echo_request",
        i6::ECHO_REPLY => "echo_reply",
        i6::MLD_QUERY => "mld_query",
        i6::MLD_REPORT => "mld_report",
        i6::MLD_DONE => "mld_done",
        i6::ROUTER_SOLICIT => "router_solicitation",
        i6::ROUTER_ADVERT => "router_advertisement",
        i6::NEIGHBOR_SOLICIT => "neighbor_solicitation",
        i6::NEIGHBOR_ADVERT => "neighbor_advertisement",
        i6::REDIRECT => "redirect",
        i6::ROUTER_RENUMBERING => "router_renumbering",
        i6::NI_QUERY => "node_info_query",
        i6::NI_REPLY => "node_info_reply",
        i6::MLDV2_REPORT => "mldv2_report",
        i6::RPL => "rpl",
        160 => "extended_echo_request",
        161 => "extended_echo_reply",
        _ => return None,
    })
}

impl Serialize for Icmp6View<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let m = self.m;
        let mut o = s.serialize_map(None)?;
        let (Some(t), Some(code)) = (m.icmp_type(), m.code()) else {
            o.serialize_entry("length", &m.length)?;
            o.serialize_entry("truncated", &true)?;
            return o.end();
        };
        o.serialize_entry("type", &t)?;
        o.serialize_entry("code", &code)?;
        o.serialize_entry("name", &name(t))?;
        o.serialize_entry("checksum", &m.checksum())?;
        if let Some(ip) = self.ip {
            if m.complete() && !ip.fragmented && m.length > 0 {
                let ok = checksum(m.bytes, ip.pseudo_header_sum(58, m.length)) == 0;
                o.serialize_entry("checksum_ok", &ok)?;
            }
        }
        o.serialize_entry("length", &m.length)?;
        let q = m.quoted();
        let mut nd_off = None;
        match t {
            i6::DST_UNREACH | i6::TIME_EXCEEDED | i6::PARAM_PROB | i6::PACKET_TOO_BIG => {
                if t == i6::PACKET_TOO_BIG {
                    o.serialize_entry("mtu", &m.u32_at(4))?;
                }
                if t == i6::PARAM_PROB {
                    o.serialize_entry("pointer", &m.u32_at(4))?;
                }
                o.serialize_entry(
                    "quoted",
                    &Quoted {
                        src: q.src(),
                        dst: q.dst(),
                        upper: q.upper(),
                    },
                )?;
            }
            i6::ECHO_REQUEST | i6::ECHO_REPLY => {
                o.serialize_entry("id", &m.u16_at(4))?;
                o.serialize_entry("seq", &m.u16_at(6))?;
            }
            i6::MLD_QUERY | i6::MLD_REPORT | i6::MLD_DONE => {
                o.serialize_entry("max_delay", &m.u16_at(4))?;
                o.serialize_entry("group", &m.addr_at(8))?;
                if t == i6::MLD_QUERY && m.length >= 28 {
                    o.serialize_entry("num_sources", &m.u16_at(26))?;
                }
            }
            i6::MLDV2_REPORT => {
                o.serialize_entry("records", &Records(m))?;
            }
            i6::ROUTER_SOLICIT => nd_off = Some(8),
            i6::ROUTER_ADVERT => {
                o.serialize_entry("hop_limit", &m.u8_at(4))?;
                o.serialize_entry("flags", &m.u8_at(5))?;
                o.serialize_entry("router_lifetime", &m.u16_at(6))?;
                o.serialize_entry("reachable_time", &m.u32_at(8))?;
                o.serialize_entry("retrans_timer", &m.u32_at(12))?;
                nd_off = Some(16);
            }
            i6::NEIGHBOR_SOLICIT => {
                o.serialize_entry("target", &m.addr_at(8))?;
                nd_off = Some(24);
            }
            i6::NEIGHBOR_ADVERT => {
                let f = m.u32_at(4);
                o.serialize_entry("target", &m.addr_at(8))?;
                o.serialize_entry("router", &f.map(|f| f & 0x8000_0000 != 0))?;
                o.serialize_entry("solicited", &f.map(|f| f & 0x4000_0000 != 0))?;
                o.serialize_entry("override", &f.map(|f| f & 0x2000_0000 != 0))?;
                nd_off = Some(24);
            }
            i6::REDIRECT => {
                o.serialize_entry("target", &m.addr_at(8))?;
                o.serialize_entry("destination", &m.addr_at(24))?;
                nd_off = Some(40);
            }
            _ => {}
        }
        if let Some(off) = nd_off {
            o.serialize_entry("options", &NdOpts(m, off))?;
        }
        o.end()
    }
}

#[derive(Serialize)]
struct Quoted {
    src: Option<Ipv6Addr>,
    dst: Option<Ipv6Addr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    upper: Option<(u8, u16)>,
}

struct Records<'i, 'a>(&'i Icmp6<'a>);

impl Serialize for Records<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for r in self.0.mldv2_records() {
            if let MldRecord::Record {
                rtype,
                group,
                nsrcs,
                sources,
                ..
            } = r
            {
                let srcs: Vec<Ipv6Addr> = (0..usize::from(nsrcs.unwrap_or(0)))
                    .map_while(|i| addr_at(sources, i * 16))
                    .collect();
                seq.serialize_element(&RecordView {
                    record_type: rtype,
                    group,
                    sources: srcs,
                })?;
            }
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct RecordView {
    record_type: Option<u8>,
    group: Option<Ipv6Addr>,
    sources: Vec<Ipv6Addr>,
}

struct NdOpts<'i, 'a>(&'i Icmp6<'a>, usize);

impl Serialize for NdOpts<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for o in self.0.nd_options(self.1) {
            if let NdOpt::Opt { ty, len, bytes, .. } = o {
                seq.serialize_element(&NdOptView { ty, len, bytes })?;
            }
        }
        seq.end()
    }
}

struct NdOptView<'a> {
    ty: u8,
    len: u8,
    bytes: &'a [u8],
}

impl Serialize for NdOptView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let b = Icmp6 {
            length: self.bytes.len() as u32,
            bytes: self.bytes,
        };
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("type", &self.ty)?;
        let name = match self.ty {
            i6::OPT_SOURCE_LINKADDR => "source_lladdr",
            i6::OPT_TARGET_LINKADDR => "target_lladdr",
            i6::OPT_PREFIX_INFORMATION => "prefix_info",
            i6::OPT_REDIRECTED_HEADER => "redirected_header",
            i6::OPT_MTU => "mtu",
            i6::OPT_ADVINTERVAL => "advertisement_interval",
            i6::OPT_HOMEAGENT_INFO => "home_agent_info",
            i6::OPT_NONCE => "nonce",
            i6::OPT_ROUTE_INFO => "route_info",
            i6::OPT_RDNSS => "rdnss",
            i6::OPT_DNSSL => "dnssl",
            i6::OPT_PREF64 => "pref64",
            _ => "unknown",
        };
        m.serialize_entry("name", name)?;
        m.serialize_entry("length", &(usize::from(self.len) * 8))?;
        let data = crate::decode::bytes::suffix(self.bytes, 2);
        match self.ty {
            i6::OPT_SOURCE_LINKADDR | i6::OPT_TARGET_LINKADDR => {
                m.serialize_entry("address", &super::HexDisplayColon(data))?;
            }
            i6::OPT_PREFIX_INFORMATION => {
                m.serialize_entry("prefix", &b.addr_at(16))?;
                m.serialize_entry("prefix_len", &b.u8_at(2))?;
                m.serialize_entry("flags", &b.u8_at(3))?;
                m.serialize_entry("valid_lifetime", &b.u32_at(4))?;
                m.serialize_entry("preferred_lifetime", &b.u32_at(8))?;
            }
            i6::OPT_MTU => m.serialize_entry("mtu", &b.u32_at(4))?,
            i6::OPT_RDNSS => {
                m.serialize_entry("lifetime", &b.u32_at(4))?;
                let n = usize::from(self.len.saturating_sub(1) / 2);
                let a: Vec<Ipv6Addr> = (0..n).map_while(|i| b.addr_at(8 + 16 * i)).collect();
                m.serialize_entry("servers", &a)?;
            }
            i6::OPT_DNSSL => {
                m.serialize_entry("lifetime", &b.u32_at(4))?;
                m.serialize_entry(
                    "domains",
                    &Domains(crate::decode::bytes::suffix(self.bytes, 8)),
                )?;
            }
            i6::OPT_ROUTE_INFO => {
                m.serialize_entry("prefix_len", &b.u8_at(2))?;
                m.serialize_entry("preference", &b.u8_at(3).map(|f| (f >> 3) & 3))?;
                m.serialize_entry("lifetime", &b.u32_at(4))?;
            }
            i6::OPT_PREF64 => {
                let sl = b.u16_at(2);
                m.serialize_entry("lifetime", &sl.map(|v| u32::from(v >> 3) * 8))?;
                let plc = sl.map(|v| v & 7);
                let plen = plc.and_then(|c| match c {
                    0 => Some(96),
                    1 => Some(64),
                    2 => Some(56),
                    3 => Some(48),
                    4 => Some(40),
                    5 => Some(32),
                    _ => None,
                });
                m.serialize_entry("prefix_len", &plen)?;
                let mut a = [0u8; 16];
                if let Some(p) = data.get(2..14) {
                    a.get_mut(..12).unwrap_or(&mut []).copy_from_slice(p);
                }
                m.serialize_entry("prefix", &Ipv6Addr::from(a))?;
            }
            _ => m.serialize_entry("data", &Hex(data))?,
        }
        m.end()
    }
}

/// DNSSL domain names (RFC 8106: uncompressed), as dotted strings.
struct Domains<'a>(&'a [u8]);

impl Serialize for Domains<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        let b = self.0;
        let mut p = 0usize;
        let mut cur = String::new();
        while let Some(&l) = b.get(p) {
            if l == 0 {
                if cur.is_empty() {
                    break;
                }
                seq.serialize_element(&cur)?;
                cur.clear();
                p += 1;
                continue;
            }
            if l & 0xc0 != 0 {
                break;
            }
            let Some(label) = b.get(p + 1..p + 1 + usize::from(l)) else {
                break;
            };
            if !cur.is_empty() {
                cur.push('.');
            }
            cur.push_str(&String::from_utf8_lossy(label));
            p += 1 + usize::from(l);
        }
        seq.end()
    }
}
