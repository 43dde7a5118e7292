//! DVMRP in JSON: the `dvmrp` object inside `igmp` (docs/json.md,
//! "igmp"): type, and by type the probe's generation id and neighbours,
//! the report's routes, neighbour lists, and prune/graft source and group.

use std::net::Ipv4Addr;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::decode::dvmrp::{kind, Body, Dvmrp, Item, Walk};

/// The `dvmrp` object.
pub(super) struct View<'a>(&'a Dvmrp<'a>);

/// The view.
pub(super) fn view<'a>(d: &'a Dvmrp<'a>) -> View<'a> {
    View(d)
}

fn name(code: u8) -> &'static str {
    match code {
        kind::PROBE => "probe",
        kind::REPORT => "report",
        kind::ASK_NEIGHBORS => "ask_neighbors",
        kind::NEIGHBORS => "neighbors",
        kind::ASK_NEIGHBORS2 => "ask_neighbors2",
        kind::NEIGHBORS2 => "neighbors2",
        kind::PRUNE => "prune",
        kind::GRAFT => "graft",
        kind::GRAFT_ACK => "graft_ack",
        _ => "unknown",
    }
}

#[derive(Serialize)]
struct Route {
    mask: Ipv4Addr,
    origin: Ipv4Addr,
    metric: u8,
}

#[derive(Serialize)]
struct Neighbor {
    local: Ipv4Addr,
    metric: u8,
    threshold: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    flags: Option<u8>,
    neighbor: Ipv4Addr,
}

/// A probe's neighbours.
struct ProbeNeighbors<'a>(Walk<'a>);

impl Serialize for ProbeNeighbors<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.filter_map(|i| match i {
            Item::ProbeNeighbor(a) => Some(a),
            _ => None,
        }))
    }
}

/// A report's routes, each with the mask it came under.
struct Routes<'a>(Walk<'a>);

impl Serialize for Routes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut mask = Ipv4Addr::UNSPECIFIED;
        s.collect_seq(self.0.filter_map(|i| match i {
            Item::Mask(m) => {
                mask = m;
                None
            }
            Item::Route { origin, metric } => Some(Route {
                mask,
                origin,
                metric,
            }),
            _ => None,
        }))
    }
}

/// A neighbour list (flags in the Neighbors2 format only).
struct Neighbors<'a>(Walk<'a>);

impl Serialize for Neighbors<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v2 = self.0.is_neighbors2();
        s.collect_seq(self.0.filter_map(|i| match i {
            Item::Neighbor {
                local,
                metric,
                threshold,
                flags,
                neighbor: Some(neighbor),
            } => Some(Neighbor {
                local,
                metric,
                threshold,
                flags: v2.then_some(flags),
                neighbor,
            }),
            _ => None,
        }))
    }
}

/// A walk ended on a length that does not fit.
fn ends_invalid(w: Walk<'_>) -> bool {
    matches!(
        w.last(),
        Some(Item::Short { .. } | Item::ShortRoute | Item::BadCount)
    )
}

impl Serialize for View<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let mut m = s.serialize_map(None)?;
        if let Some(c) = d.code {
            m.serialize_entry("type", &c)?;
            m.serialize_entry("name", name(c))?;
        }
        let mut invalid = false;
        match d.body {
            Body::None => {}
            Body::Probe(p) => {
                if let Some(g) = p.genid {
                    m.serialize_entry("generation_id", &g)?;
                    m.serialize_entry("neighbors", &ProbeNeighbors(p.neighbors()))?;
                }
                invalid = p.len < 4 || ends_invalid(p.neighbors());
            }
            Body::Report(w) => {
                m.serialize_entry("routes", &Routes(w))?;
                invalid = ends_invalid(w);
            }
            Body::Neighbors(w) => {
                m.serialize_entry("neighbors", &Neighbors(w))?;
                invalid = ends_invalid(w);
            }
            Body::Neighbors2 { version, neighbors } => {
                if let Some((major, minor)) = version {
                    m.serialize_entry("major_version", &major)?;
                    m.serialize_entry("minor_version", &minor)?;
                }
                m.serialize_entry("neighbors", &Neighbors(neighbors))?;
                invalid = ends_invalid(neighbors);
            }
            Body::Prune { addrs, lifetime } => {
                if let Some((src, group)) = addrs {
                    m.serialize_entry("src", &src)?;
                    m.serialize_entry("group", &group)?;
                }
                if let Some(t) = lifetime {
                    m.serialize_entry("lifetime", &t)?;
                }
            }
            Body::Graft(addrs) | Body::GraftAck(addrs) => {
                if let Some((src, group)) = addrs {
                    m.serialize_entry("src", &src)?;
                    m.serialize_entry("group", &group)?;
                }
            }
        }
        if invalid {
            m.serialize_entry("invalid", "bad_length")?;
        }
        m.end()
    }
}
