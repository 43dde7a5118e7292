//! DVMRP inside IGMP, as tcpdump's print-dvmrp.c prints it: the type,
//! and by type the probe's generation id and neighbours (-v, -vv), the
//! route report (-vv), neighbour lists, prune, graft and graft-ack.

use std::net::Ipv4Addr;

use super::fmt::{write_addr as addr, write_relts};
use super::Cx;

/// Whether the printer went on to its end (tcpdump did not longjmp out).
enum Flow {
    Go,
    Ended,
}
use crate::decode::dvmrp::{kind, nflag, Body, Dvmrp, Item, Walk};

fn cut(cx: &mut Cx<'_>) -> Flow {
    cx.trunc_early_end("dvmrp");
    Flow::Ended
}

fn type_name(code: u8) -> Option<&'static str> {
    Some(match code {
        kind::PROBE => "Probe",
        kind::REPORT => "Report",
        kind::ASK_NEIGHBORS => "Ask-neighbors(old)",
        kind::NEIGHBORS => "Neighbors(old)",
        kind::ASK_NEIGHBORS2 => "Ask-neighbors2",
        kind::NEIGHBORS2 => "Neighbors2",
        kind::PRUNE => "Prune",
        kind::GRAFT => "Graft",
        kind::GRAFT_ACK => "Graft-ACK",
        _ => return None,
    })
}

/// `dvmrp_print`, after `igmp dvmrp`.
pub(super) fn write(cx: &mut Cx<'_>, d: &Dvmrp<'_>) -> bool {
    matches!(body(cx, d), Flow::Go)
}

fn body(cx: &mut Cx<'_>, d: &Dvmrp<'_>) -> Flow {
    let Some(code) = d.code else {
        return cut(cx);
    };
    match type_name(code) {
        Some(n) => cx.f(format_args!(" {n}")),
        None => cx.f(format_args!(" [type {code}]")),
    }
    match d.body {
        Body::None => Flow::Go,
        Body::Probe(p) => {
            if cx.o.verbose == 0 {
                return Flow::Go;
            }
            if p.len < 4 {
                cx.f(format_args!(" [full length {} < 4]", p.len));
                cx.invalid();
                return Flow::Go;
            }
            cx.s(if cx.o.verbose > 1 { "\n\t" } else { " " });
            let Some(genid) = p.genid else {
                return cut(cx);
            };
            cx.f(format_args!("genid {genid}"));
            if cx.o.verbose < 2 {
                return Flow::Go;
            }
            walk(cx, p.neighbors())
        }
        Body::Report(w) => {
            if cx.o.verbose > 1 {
                walk(cx, w)
            } else {
                Flow::Go
            }
        }
        Body::Neighbors(w) => walk(cx, w),
        Body::Neighbors2 { version, neighbors } => {
            let Some((major, minor)) = version else {
                return cut(cx);
            };
            cx.f(format_args!(" (v {major}.{minor}):"));
            walk(cx, neighbors)
        }
        Body::Prune { addrs, lifetime } => {
            let Flow::Go = src_grp(cx, addrs) else {
                return Flow::Ended;
            };
            cx.s(" timer ");
            let Some(t) = lifetime else {
                return cut(cx);
            };
            write_relts(cx, t);
            Flow::Go
        }
        Body::Graft(addrs) | Body::GraftAck(addrs) => src_grp(cx, addrs),
    }
}

fn src_grp(cx: &mut Cx<'_>, addrs: Option<(Ipv4Addr, Ipv4Addr)>) -> Flow {
    let Some((src, grp)) = addrs else {
        return cut(cx);
    };
    cx.s(" src ");
    addr(cx, src);
    cx.s(" grp ");
    addr(cx, grp);
    Flow::Go
}

/// A list walk: probe neighbours, report routes, neighbour lists.
fn walk(cx: &mut Cx<'_>, w: Walk<'_>) -> Flow {
    for item in w {
        match item {
            Item::ProbeNeighbor(a) => {
                cx.s("\n\tneighbor ");
                addr(cx, a);
            }
            Item::Mask(m) => cx.f(format_args!("\n\tMask {m}")),
            Item::Route { origin, metric } => cx.f(format_args!("\n\t  {origin} metric {metric}")),
            Item::Neighbor {
                local,
                metric,
                threshold,
                flags,
                neighbor,
            } => {
                let v2 = w.is_neighbors2();
                cx.s(" [");
                addr(cx, local);
                cx.s(if v2 { " -> " } else { " ->" });
                let Some(n) = neighbor else {
                    return cut(cx);
                };
                if v2 {
                    addr(cx, n);
                    cx.f(format_args!(" ({metric}/{threshold}"));
                    for (bit, name) in [
                        (nflag::TUNNEL, "/tunnel"),
                        (nflag::SRCRT, "/srcrt"),
                        (nflag::QUERIER, "/querier"),
                        (nflag::DISABLED, "/disabled"),
                        (nflag::DOWN, "/down"),
                    ] {
                        if flags & bit != 0 {
                            cx.s(name);
                        }
                    }
                    cx.s(")]");
                } else {
                    cx.s(" ");
                    addr(cx, n);
                    cx.f(format_args!(", ({metric}/{threshold})]"));
                }
            }
            Item::Short { left, need } => {
                if w.is_probe() {
                    cx.f(format_args!("[remaining length {left} < {need}]"));
                } else {
                    cx.f(format_args!(" [length {left} < {need}]"));
                }
                cx.invalid();
            }
            Item::ShortRoute => {
                cx.s("\n\t  [Truncated Report]");
                cx.invalid();
            }
            Item::BadCount => {
                cx.s(" [invalid ncount]");
                cx.invalid();
            }
            Item::Cut => return cut(cx),
        }
    }
    Flow::Go
}
