//! ICMPv6 in JSON: the header, the fields the type gives meaning to,
//! neighbour discovery options, MLD records and what an error quotes.
//! See docs/json.md.

use std::net::Ipv6Addr;

use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use super::Hex;
use crate::decode::fqdn::Piece;
use crate::decode::icmp6::{
    self as i6, Body, DnsslItem, DnsslNames, Icmp6, MldRecord, MldRecords, NdItem, NdOption,
    NdOptions, NdValue,
};
use crate::decode::ipv6::Ipv6;

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
        let mut o = s.serialize_struct("Object", 1)?;
        let (Some(t), Some(code)) = (m.icmp_type, m.code) else {
            o.serialize_field("length", &m.length)?;
            o.serialize_field("truncated", &true)?;
            return o.end();
        };
        o.serialize_field("type", &t)?;
        o.serialize_field("code", &code)?;
        o.serialize_field("name", &name(t))?;
        o.serialize_field("checksum", &m.checksum)?;
        if let (Some(ip), Some(sum)) = (self.ip, m.computed) {
            if !ip.fragmented {
                o.serialize_field("checksum_ok", &(sum == 0))?;
            }
        }
        o.serialize_field("length", &m.length)?;
        let mut nd = None;
        match m.body {
            Body::Error(e) => {
                if t == i6::PACKET_TOO_BIG {
                    o.serialize_field("mtu", &e.param)?;
                }
                if t == i6::PARAM_PROB {
                    o.serialize_field("pointer", &e.param)?;
                }
                o.serialize_field(
                    "quoted",
                    &Quoted {
                        src: e.quoted.src,
                        dst: e.quoted.dst,
                        upper: e.quoted.upper,
                    },
                )?;
            }
            Body::Echo { id, seq } => {
                o.serialize_field("id", &id)?;
                o.serialize_field("seq", &seq)?;
            }
            Body::Mld(q) => {
                o.serialize_field("max_delay", &q.max_delay)?;
                o.serialize_field("group", &q.group)?;
                if t == i6::MLD_QUERY && m.length >= 28 {
                    o.serialize_field("num_sources", &q.nsrcs)?;
                }
            }
            Body::Mldv2Report { records, .. } => {
                o.serialize_field("records", &Records(records))?;
            }
            Body::RouterSolicit { options } => nd = Some(options),
            Body::RouterAdvert(ra) => {
                o.serialize_field("hop_limit", &ra.hop_limit)?;
                o.serialize_field("flags", &ra.flags)?;
                o.serialize_field("router_lifetime", &ra.lifetime)?;
                o.serialize_field("reachable_time", &ra.reachable)?;
                o.serialize_field("retrans_timer", &ra.retrans)?;
                nd = Some(ra.options);
            }
            Body::NeighborSolicit { target, options } => {
                o.serialize_field("target", &target)?;
                nd = Some(options);
            }
            Body::NeighborAdvert {
                flags,
                target,
                options,
            } => {
                o.serialize_field("target", &target)?;
                o.serialize_field("router", &flags.map(|f| f & 0x8000_0000 != 0))?;
                o.serialize_field("solicited", &flags.map(|f| f & 0x4000_0000 != 0))?;
                o.serialize_field("override", &flags.map(|f| f & 0x2000_0000 != 0))?;
                nd = Some(options);
            }
            Body::Redirect {
                target,
                destination,
                options,
            } => {
                o.serialize_field("target", &target)?;
                o.serialize_field("destination", &destination)?;
                nd = Some(options);
            }
            _ => {}
        }
        if let Some(options) = nd {
            o.serialize_field("options", &NdOpts(options))?;
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

struct Records<'a>(MldRecords<'a>);

impl Serialize for Records<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for r in self.0 {
            if let MldRecord::Record {
                rtype,
                group,
                sources,
                ..
            } = r
            {
                seq.serialize_element(&RecordView {
                    record_type: rtype,
                    group,
                    sources: sources.map_while(|a| a).collect(),
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

struct NdOpts<'a>(NdOptions<'a>);

impl Serialize for NdOpts<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for o in self.0 {
            if let NdItem::Opt(o) = o {
                seq.serialize_element(&NdOptView(o))?;
            }
        }
        seq.end()
    }
}

struct NdOptView<'a>(NdOption<'a>);

impl Serialize for NdOptView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let o = &self.0;
        let mut m = s.serialize_struct("Object", 1)?;
        m.serialize_field("type", &o.ty)?;
        let name = match o.ty {
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
        m.serialize_field("name", name)?;
        m.serialize_field("length", &(usize::from(o.len) * 8))?;
        // The fields within the option's own length.
        match o.own_value() {
            NdValue::LinkAddr(a) => m.serialize_field("address", &super::HexDisplayColon(a))?,
            NdValue::Prefix {
                prefix_len,
                flags,
                valid,
                preferred,
                prefix,
            } => {
                m.serialize_field("prefix", &prefix)?;
                m.serialize_field("prefix_len", &prefix_len)?;
                m.serialize_field("flags", &flags)?;
                m.serialize_field("valid_lifetime", &valid)?;
                m.serialize_field("preferred_lifetime", &preferred)?;
            }
            NdValue::Mtu(mtu) => m.serialize_field("mtu", &mtu)?,
            NdValue::Rdnss { lifetime, servers } => {
                m.serialize_field("lifetime", &lifetime)?;
                let a: Vec<Ipv6Addr> = servers.map_while(|a| a).collect();
                m.serialize_field("servers", &a)?;
            }
            NdValue::Dnssl { lifetime, names } => {
                m.serialize_field("lifetime", &lifetime)?;
                m.serialize_field("domains", &domains(names))?;
            }
            NdValue::RouteInfo {
                prefix_len,
                flags,
                lifetime,
                ..
            } => {
                m.serialize_field("prefix_len", &prefix_len)?;
                m.serialize_field("preference", &flags.map(|f| (f >> 3) & 3))?;
                m.serialize_field("lifetime", &lifetime)?;
            }
            NdValue::Pref64 {
                scaled_lifetime_plc,
                prefix,
            } => {
                let sl = scaled_lifetime_plc;
                m.serialize_field("lifetime", &sl.map(|v| u32::from(v >> 3) * 8))?;
                m.serialize_field("prefix_len", &sl.and_then(|v| i6::pref64_prefix_len(v & 7)))?;
                let mut a = [0u8; 16];
                for (d, s) in a.iter_mut().zip(prefix.unwrap_or_default()) {
                    *d = s;
                }
                m.serialize_field("prefix", &Ipv6Addr::from(a))?;
            }
            NdValue::RedirectedHeader(_)
            | NdValue::AdvInterval(_)
            | NdValue::HomeAgent { .. }
            | NdValue::Nonce(_)
            | NdValue::Other(_) => m.serialize_field("data", &Hex(o.data()))?,
        }
        m.end()
    }
}

/// DNSSL domain names as dotted strings: each name whose walk ended
/// well, up to the first that did not.
fn domains(names: DnsslNames<'_>) -> Vec<String> {
    let mut out = Vec::new();
    for item in names {
        let DnsslItem::Name(n) = item else {
            break;
        };
        let mut cur = String::new();
        let mut ok = false;
        for p in n.pieces() {
            match p {
                Piece::Label(l) => {
                    if !cur.is_empty() {
                        cur.push('.');
                    }
                    cur.push_str(&String::from_utf8_lossy(l));
                }
                Piece::Dot => {}
                Piece::End(e) => {
                    ok = e.is_some();
                    break;
                }
                _ => break,
            }
        }
        if !ok {
            break;
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}
