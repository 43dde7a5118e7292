//! PIMv1 in JSON: the `pimv1` object inside `igmp` (docs/json.md,
//! "igmp"): type, version, and the fields of each message type; Join/Prune,
//! Graft and Graft-Ack with their groups, joins and prunes.

use std::net::Ipv4Addr;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::decode::pimv1::{kind, Body, JoinPrune, JpItem, Pimv1};

/// The `pimv1` object.
pub(super) struct View<'a>(&'a Pimv1<'a>);

/// The view.
pub(super) fn view<'a>(p: &'a Pimv1<'a>) -> View<'a> {
    View(p)
}

fn name(code: u8) -> &'static str {
    match code {
        kind::QUERY => "query",
        kind::REGISTER => "register",
        kind::REGISTER_STOP => "register_stop",
        kind::JOIN_PRUNE => "join_prune",
        kind::RP_REACHABILITY => "rp_reachability",
        kind::ASSERT => "assert",
        kind::GRAFT => "graft",
        kind::GRAFT_ACK => "graft_ack",
        _ => "unknown",
    }
}

/// A joined or pruned source.
#[derive(Serialize)]
struct Source {
    addr: Ipv4Addr,
    mask_len: u8,
    sparse: bool,
    wildcard: bool,
    rpt: bool,
}

impl Source {
    fn new(addr: Ipv4Addr, flags: u8, bits: u8) -> Source {
        Source {
            addr,
            mask_len: bits & 0x3f,
            sparse: flags & 0x01 != 0,
            wildcard: bits & 0x80 != 0,
            rpt: bits & 0x40 != 0,
        }
    }
}

#[derive(Serialize)]
struct Group {
    group: Ipv4Addr,
    #[serde(skip_serializing_if = "Option::is_none")]
    group_mask: Option<Ipv4Addr>,
    joins: Vec<Source>,
    prunes: Vec<Source>,
}

impl Serialize for View<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let mut m = s.serialize_map(None)?;
        if let Some(c) = p.code {
            m.serialize_entry("type", &c)?;
            m.serialize_entry("name", name(c))?;
        }
        if let Some(v) = p.version {
            m.serialize_entry("version", &v)?;
        }
        match p.body {
            Body::None => {}
            Body::Query { mode, holdtime } => {
                if let Some(mode) = mode {
                    m.serialize_entry("mode", &mode)?;
                    let n = match mode {
                        0 => "dense",
                        1 => "sparse",
                        2 => "sparse_dense",
                        _ => "unknown",
                    };
                    m.serialize_entry("mode_name", n)?;
                }
                if let Some(h) = holdtime {
                    m.serialize_entry("holdtime", &h)?;
                }
            }
            Body::Register(a) => {
                if let Some((src, dst)) = a {
                    m.serialize_entry("src", &src)?;
                    m.serialize_entry("dst", &dst)?;
                }
            }
            Body::RegisterStop(a) => {
                if let Some((src, group)) = a {
                    m.serialize_entry("src", &src)?;
                    m.serialize_entry("group", &group)?;
                }
            }
            Body::RpReachability {
                group,
                mask,
                rp,
                holdtime,
            } => {
                if let Some(g) = group {
                    m.serialize_entry("group", &g)?;
                }
                if let Some(g) = mask {
                    m.serialize_entry("group_mask", &g)?;
                }
                if let Some(r) = rp {
                    m.serialize_entry("rp", &r)?;
                }
                if let Some(h) = holdtime {
                    m.serialize_entry("holdtime", &h)?;
                }
            }
            Body::Assert {
                addrs,
                mask,
                pref_metric,
            } => {
                if let Some((src, group)) = addrs {
                    m.serialize_entry("src", &src)?;
                    m.serialize_entry("group", &group)?;
                }
                if let Some(g) = mask {
                    m.serialize_entry("group_mask", &g)?;
                }
                if let Some((pref, metric)) = pref_metric {
                    m.serialize_entry("rpt", &(pref & 0x8000_0000 != 0))?;
                    m.serialize_entry("preference", &(pref & 0x7fff_ffff))?;
                    m.serialize_entry("metric", &metric)?;
                }
            }
            Body::JoinPrune(JoinPrune::Short) => m.serialize_entry("invalid", "bad_length")?,
            Body::JoinPrune(JoinPrune::One(one)) => {
                m.serialize_entry("upstream", &one.upstream)?;
                m.serialize_entry("holdtime", &one.holdtime)?;
                let src = Source::new(one.source, one.source_flags, one.source_bits);
                let (joins, prunes) = if one.join {
                    (vec![src], vec![])
                } else {
                    (vec![], vec![src])
                };
                let g = Group {
                    group: one.group,
                    group_mask: Some(one.group_mask),
                    joins,
                    prunes,
                };
                m.serialize_entry("groups", &[g])?;
            }
            Body::JoinPrune(JoinPrune::Walk(w)) => {
                let mut groups: Vec<Group> = Vec::new();
                let mut short = false;
                for item in w {
                    match item {
                        JpItem::Upstream(a) => m.serialize_entry("upstream", &a)?,
                        JpItem::Holdtime(h) => m.serialize_entry("holdtime", &h)?,
                        JpItem::Group(g) => groups.push(Group {
                            group: g,
                            group_mask: None,
                            joins: Vec::new(),
                            prunes: Vec::new(),
                        }),
                        JpItem::GroupMask(mask) => {
                            if let Some(g) = groups.last_mut() {
                                g.group_mask = Some(mask);
                            }
                        }
                        JpItem::Counts { .. } => {}
                        JpItem::Source {
                            join,
                            flags,
                            bits,
                            addr,
                        } => {
                            if let Some(g) = groups.last_mut() {
                                let src = Source::new(addr, flags, bits);
                                if join {
                                    g.joins.push(src);
                                } else {
                                    g.prunes.push(src);
                                }
                            }
                        }
                        JpItem::Short => short = true,
                        JpItem::Cut(_) => {}
                    }
                }
                m.serialize_entry("groups", &groups)?;
                if short {
                    m.serialize_entry("invalid", "bad_length")?;
                }
            }
        }
        m.end()
    }
}
