//! IPv6 in JSON: the fixed header and the extension headers in wire order
//! (`ext`). See docs/json.md.

use std::net::Ipv6Addr;

use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use super::{Hex, Ip6Str};
use crate::decode::ipv6::{
    End, Ext, Form, Fragment, Ipv6, JumboVerdict, Mobility, Opt, OptsKind, Routing,
};

pub(super) struct Ipv6View<'i, 'a>(pub &'i Ipv6<'a>);

impl Serialize for Ipv6View<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ip = self.0;
        let h = &ip.header;
        let mut m = s.serialize_struct("Object", 1)?;
        match ip.form {
            Form::Short | Form::TruncatedIp6 => {
                m.serialize_field("invalid", "short_packet")?;
                return m.end();
            }
            Form::BadVersion(v) => {
                m.serialize_field("version", &v)?;
                m.serialize_field("invalid", "bad_version")?;
                return m.end();
            }
            Form::Ok => {}
        }
        m.serialize_field("src", &Ip6Str(h.src))?;
        m.serialize_field("dst", &Ip6Str(h.dst))?;
        m.serialize_field("version", &h.version)?;
        m.serialize_field("traffic_class", &h.traffic_class)?;
        m.serialize_field("dscp", &h.dscp())?;
        m.serialize_field("ecn", &h.ecn())?;
        m.serialize_field("flow_label", &h.flow_label)?;
        m.serialize_field("payload_length", &h.payload_len)?;
        m.serialize_field("next_header", &h.next_header)?;
        m.serialize_field("hop_limit", &h.hop_limit)?;
        m.serialize_field("ext", &Exts(ip))?;
        if ip.end == End::Upper {
            m.serialize_field("upper", &ip.upper)?;
        }
        if let Some(j) = ip.jumbo {
            m.serialize_field("jumbo_length", &j)?;
        }
        if ip.final_dst != h.dst {
            m.serialize_field("final_dst", &Ip6Str(ip.final_dst))?;
        }
        let invalid = match ip.end {
            End::HbhTwice => Some("duplicate_hop_by_hop"),
            End::HbhNotFirst => Some("hop_by_hop_not_first"),
            End::NoJumbo => Some("no_jumbo_payload_option"),
            End::TooMany => Some("too_many_extension_headers"),
            End::ExtFailed => Some("bad_extension_header"),
            End::Truncated | End::AhCut => Some("truncated"),
            _ => None,
        };
        if let Some(i) = invalid {
            m.serialize_field("invalid", i)?;
        }
        m.end()
    }
}

struct Exts<'i, 'a>(&'i Ipv6<'a>);

impl Serialize for Exts<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for e in self.0.exts() {
            seq.serialize_element(&ExtView(self.0, e))?;
        }
        seq.end()
    }
}

struct ExtView<'i, 'a>(&'i Ipv6<'a>, &'i Ext<'a>);

impl Serialize for ExtView<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Object", 1)?;
        m.serialize_field("type", self.1.name())?;
        match *self.1 {
            Ext::Options {
                kind,
                next,
                len,
                cut,
                no_len,
                ..
            } => {
                if no_len {
                    m.serialize_field("truncated", &true)?;
                    return m.end();
                }
                m.serialize_field("next_header", &next)?;
                m.serialize_field("length", &len)?;
                if cut {
                    m.serialize_field("truncated", &true)?;
                } else {
                    m.serialize_field("options", &OptsView(self.0, self.1))?;
                }
                let _ = kind == OptsKind::HopByHop;
            }
            Ext::Routing { bytes } => {
                let r = Routing(bytes);
                m.serialize_field("next_header", &r.next())?;
                m.serialize_field("length", &r.len().map(|l| (u32::from(l) + 1) * 8))?;
                m.serialize_field("routing_type", &r.rtype())?;
                m.serialize_field("segments_left", &r.segleft())?;
                if r.rtype() == Some(4) {
                    m.serialize_field("last_entry", &r.last_entry())?;
                    m.serialize_field("flags", &r.flags())?;
                    m.serialize_field("tag", &r.tag())?;
                }
                let n = usize::from(r.len().unwrap_or(0) / 2);
                let addrs: Vec<Ipv6Addr> = r.addresses(n).map_while(|a| a).collect();
                if matches!(r.rtype(), Some(0 | 2 | 4)) {
                    m.serialize_field(
                        if r.rtype() == Some(4) {
                            "segments"
                        } else {
                            "addresses"
                        },
                        &addrs,
                    )?;
                }
            }
            Ext::Fragment { bytes, .. } => {
                let f = Fragment(bytes);
                m.serialize_field("next_header", &f.next())?;
                m.serialize_field("offset", &f.offlg().map(|v| u32::from(v & 0xfff8)))?;
                m.serialize_field("more", &f.more())?;
                m.serialize_field("id", &f.ident())?;
            }
            Ext::Ah { bytes } => {
                let a = crate::decode::ipv6::Ah(bytes);
                m.serialize_field("next_header", &a.next())?;
                m.serialize_field("length", &a.header_len())?;
                m.serialize_field("spi", &a.spi())?;
                m.serialize_field("seq", &a.seq())?;
                m.serialize_field("icv", &Hex(a.icv()))?;
            }
            Ext::Mobility { bytes } => {
                let mh = Mobility(bytes);
                m.serialize_field("length", &mh.len())?;
                m.serialize_field("mh_type", &mh.mtype())?;
            }
        }
        m.end()
    }
}

struct OptsView<'i, 'a>(&'i Ipv6<'a>, &'i Ext<'a>);

impl Serialize for OptsView<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for o in self.0.options(self.1) {
            seq.serialize_element(&OptView(o))?;
        }
        seq.end()
    }
}

struct OptView<'a>(Opt<'a>);

impl Serialize for OptView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Object", 1)?;
        match self.0 {
            Opt::Pad1 => m.serialize_field("name", "pad1")?,
            Opt::PadN => m.serialize_field("name", "padn")?,
            Opt::RouterAlert(v) => {
                m.serialize_field("name", "router_alert")?;
                m.serialize_field("value", &v)?;
            }
            Opt::Jumbo(v, verdict) => {
                m.serialize_field("name", "jumbo")?;
                m.serialize_field("value", &v)?;
                let why = match verdict {
                    JumboVerdict::Ok => None,
                    JumboVerdict::AlreadySeen => Some("already_seen"),
                    JumboVerdict::NotHopByHop => Some("not_hop_by_hop"),
                    JumboVerdict::PayloadLenNonZero => Some("payload_length_not_zero"),
                    JumboVerdict::TooShort => Some("below_65536"),
                };
                if let Some(w) = why {
                    m.serialize_field("invalid", w)?;
                }
            }
            Opt::HomeAddress(a, sub) => {
                m.serialize_field("name", "home_address")?;
                m.serialize_field("value", &a)?;
                if !sub.is_empty() {
                    m.serialize_field("sub_options", &Hex(sub))?;
                }
            }
            Opt::Other { ty, len, data } => {
                m.serialize_field("type", &ty)?;
                m.serialize_field(
                    "name",
                    match ty {
                        crate::decode::ipv6::OPT_TUNNEL_LIMIT => "tunnel_limit",
                        _ => "unknown",
                    },
                )?;
                m.serialize_field("length", &len)?;
                m.serialize_field("data", &Hex(data))?;
            }
            Opt::PadNTrunc
            | Opt::RouterAlertTrunc
            | Opt::JumboTrunc
            | Opt::HomeAddressTrunc
            | Opt::OtherTrunc(_)
            | Opt::Cut => m.serialize_field("invalid", "truncated")?,
            Opt::RouterAlertBadLen(l) | Opt::JumboBadLen(l) | Opt::HomeAddressBadLen(l) => {
                m.serialize_field("invalid", "bad_length")?;
                m.serialize_field("length", &l)?;
            }
        }
        m.end()
    }
}
