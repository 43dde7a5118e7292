//! PIM version 1 inside IGMP, as tcpdump's print-pim.c (`pimv1_print`)
//! prints it: the type, its fields by type, Join/Prune lists with -v and
//! -vv, and the version when it is not 1.

use std::net::Ipv4Addr;

use super::fmt::{write_addr as addr, write_relts};
use super::Cx;

/// Whether the printer went on to its end (tcpdump did not longjmp out).
enum Flow {
    Go,
    Ended,
}
use crate::decode::pimv1::{kind, Body, JoinPrune, JoinPruneOne, JpItem, JpStage, Pimv1};

const ALL_ONES: Ipv4Addr = Ipv4Addr::BROADCAST;

fn cut(cx: &mut Cx<'_>) -> Flow {
    cx.trunc_early_end("pimv1");
    Flow::Ended
}

fn type_name(code: u8) -> Option<&'static str> {
    Some(match code {
        kind::QUERY => "Query",
        kind::REGISTER => "Register",
        kind::REGISTER_STOP => "Register-Stop",
        kind::JOIN_PRUNE => "Join/Prune",
        kind::RP_REACHABILITY => "RP-reachable",
        kind::ASSERT => "Assert",
        kind::GRAFT => "Graft",
        kind::GRAFT_ACK => "Graft-ACK",
        _ => return None,
    })
}

/// How the body ended.
enum End {
    /// Go on to the version.
    Go,
    /// tcpdump's `goto trunc` in `pimv1_print`: ` [|pimv1]`, no version,
    /// but IGMP goes on.
    Trunc,
    Ended,
}

/// `pimv1_print`, after `igmp pimv1`.
pub(super) fn write(cx: &mut Cx<'_>, p: &Pimv1<'_>) -> bool {
    matches!(message(cx, p), Flow::Go)
}

fn message(cx: &mut Cx<'_>, p: &Pimv1<'_>) -> Flow {
    let Some(code) = p.code else {
        return cut(cx);
    };
    match type_name(code) {
        Some(n) => cx.f(format_args!(" {n}")),
        None => cx.f(format_args!(" [type {code}]")),
    }
    match body(cx, &p.body) {
        End::Go => {}
        End::Trunc => {
            cx.trunc_named("pimv1");
            return Flow::Go;
        }
        End::Ended => return Flow::Ended,
    }
    let Some(v) = p.version else {
        return cut(cx);
    };
    if v != 1 {
        cx.f(format_args!(" [v{v}]"));
    }
    Flow::Go
}

fn ended(cx: &mut Cx<'_>) -> End {
    cut(cx);
    End::Ended
}

fn body(cx: &mut Cx<'_>, b: &Body<'_>) -> End {
    let verbose = cx.o.verbose > 0;
    match *b {
        Body::None => {}
        Body::Query { mode, holdtime } => {
            match mode {
                Some(0) => cx.s(" Dense-mode"),
                Some(1) => cx.s(" Sparse-mode"),
                Some(2) => cx.s(" Sparse-Dense-mode"),
                Some(m) => cx.f(format_args!(" mode-{m}")),
                None => {}
            }
            if verbose {
                cx.s(" (Hold-time ");
                let Some(h) = holdtime else {
                    return ended(cx);
                };
                write_relts(cx, u32::from(h));
                cx.s(")");
            }
        }
        Body::Register(addrs) => {
            let Some((src, dst)) = addrs else {
                return End::Trunc;
            };
            for_pair(cx, src, dst);
        }
        Body::RegisterStop(addrs) => {
            let Some((src, grp)) = addrs else {
                return ended(cx);
            };
            for_pair(cx, src, grp);
        }
        Body::RpReachability {
            group,
            mask,
            rp,
            holdtime,
        } => {
            if verbose {
                let Some(g) = group else {
                    return ended(cx);
                };
                cx.s(" group ");
                addr(cx, g);
                let Some(m) = mask else {
                    return ended(cx);
                };
                if m != ALL_ONES {
                    cx.s("/");
                    addr(cx, m);
                }
                let Some(rp) = rp else {
                    return ended(cx);
                };
                cx.s(" RP ");
                addr(cx, rp);
                cx.s(" hold ");
                let Some(h) = holdtime else {
                    return ended(cx);
                };
                write_relts(cx, u32::from(h));
            }
        }
        Body::Assert {
            addrs,
            mask,
            pref_metric,
        } => {
            let Some((src, grp)) = addrs else {
                return ended(cx);
            };
            for_pair(cx, src, grp);
            let Some(m) = mask else {
                return ended(cx);
            };
            if m != ALL_ONES {
                cx.s("/");
                addr(cx, m);
            }
            let Some((pref, metric)) = pref_metric else {
                return ended(cx);
            };
            cx.f(format_args!(
                " {} pref {} metric {metric}",
                if pref & 0x8000_0000 != 0 {
                    "RP-tree"
                } else {
                    "SPT"
                },
                pref & 0x7fff_ffff
            ));
        }
        Body::JoinPrune(jp) => {
            if !verbose {
                return End::Go;
            }
            match jp {
                JoinPrune::Short => return End::Trunc,
                JoinPrune::One(one) => write_one(cx, &one),
                JoinPrune::Walk(w) => {
                    let vv = cx.o.verbose > 1;
                    for item in w {
                        match item {
                            JpItem::Upstream(a) => {
                                if vv {
                                    cx.s("\n");
                                }
                                cx.s(" Upstream Nbr: ");
                                addr(cx, a);
                            }
                            JpItem::Holdtime(h) => {
                                if vv {
                                    cx.s("\n");
                                }
                                cx.s(" Hold time: ");
                                write_relts(cx, u32::from(h));
                                if !vv {
                                    break;
                                }
                            }
                            JpItem::Group(g) => {
                                cx.s("\n\tGroup: ");
                                addr(cx, g);
                            }
                            JpItem::GroupMask(m) => {
                                if m != ALL_ONES {
                                    cx.s("/");
                                    addr(cx, m);
                                }
                            }
                            JpItem::Counts { joins, prunes } => {
                                cx.f(format_args!(" joined: {joins} pruned: {prunes}"))
                            }
                            JpItem::Source {
                                join,
                                flags,
                                bits,
                                addr: a,
                            } => {
                                cx.f(format_args!(
                                    "\n\t{} {}{}{}",
                                    if join { "Join " } else { "Prune" },
                                    if flags & 0x01 != 0 {
                                        "Sparse "
                                    } else {
                                        "Dense "
                                    },
                                    if bits & 0x80 != 0 { "WC " } else { "" },
                                    if bits & 0x40 != 0 { "RP " } else { "SPT " },
                                ));
                                addr(cx, a);
                                cx.f(format_args!("/{}", bits & 0x3f));
                            }
                            JpItem::Short => {
                                // The walk's own `goto trunc`: the version
                                // is still printed.
                                cx.trunc_named("pimv1");
                                break;
                            }
                            JpItem::Cut(stage) => {
                                if vv && stage != JpStage::Other {
                                    cx.s("\n");
                                }
                                if stage == JpStage::Holdtime {
                                    cx.s(" Hold time: ");
                                }
                                return ended(cx);
                            }
                        }
                    }
                }
            }
        }
    }
    End::Go
}

fn for_pair(cx: &mut Cx<'_>, a: Ipv4Addr, b: Ipv4Addr) {
    cx.s(" for ");
    addr(cx, a);
    cx.s(" > ");
    addr(cx, b);
}

/// The one-group, one-source Join/Prune line.
fn write_one(cx: &mut Cx<'_>, one: &JoinPruneOne) {
    cx.s(" RPF ");
    addr(cx, one.upstream);
    cx.s(" ");
    if one.holdtime != 180 {
        cx.s("Hold ");
        write_relts(cx, u32::from(one.holdtime));
    }
    cx.s(if one.join { "Join (" } else { "Prune (" });
    addr(cx, one.source);
    cx.f(format_args!("/{}, ", one.source_bits & 0x3f));
    addr(cx, one.group);
    if one.group_mask != ALL_ONES {
        cx.s("/");
        addr(cx, one.group_mask);
    }
    cx.f(format_args!(
        ") {}{} {}",
        if one.source_flags & 0x01 != 0 {
            "Sparse"
        } else {
            "Dense"
        },
        if one.source_bits & 0x80 != 0 {
            " WC"
        } else {
            ""
        },
        if one.source_bits & 0x40 != 0 {
            "RP"
        } else {
            "SPT"
        },
    ));
}
