//! IGMP, as tcpdump's print-igmp.c prints it: queries (v1, v2, v3 with
//! sources), reports (v1, v2, v3 with group records), leaves, mtrace,
//! and the DVMRP and PIMv1 messages it hands to their printers; with -v,
//! a bad checksum.

use super::fmt::{write_addr as addr, write_relts};
use super::{dispatch, Cx};
use crate::decode::igmp::{self, Igmp, Message, QueryV3, RecordItem, ReportV3};

/// Whether the printer went on to its end (tcpdump did not longjmp out).
enum Flow {
    Go,
    Ended,
}

/// The message after `src > dst: `.
pub(super) fn write(cx: &mut Cx<'_>, m: &Igmp<'_>) {
    if cx.o.quiet {
        cx.s("igmp");
        return;
    }
    if let Flow::Ended = write_message(cx, m) {
        return;
    }
    if cx.o.verbose > 0 {
        if let (Some(sum), Some(field)) = (m.computed_checksum(), m.checksum()) {
            if sum != 0 {
                cx.f(format_args!(" bad igmp cksum {field:x}!"));
            }
        }
    }
}

/// tcpdump's longjmp out of the IGMP printer.
fn cut(cx: &mut Cx<'_>) -> Flow {
    cx.trunc_early_end("igmp");
    Flow::Ended
}

fn write_message(cx: &mut Cx<'_>, m: &Igmp<'_>) -> Flow {
    let len = m.len;
    match m.msg {
        Message::Cut => return cut(cx),
        Message::Query(q) => {
            cx.s("igmp query");
            let Some(mrt) = q.max_resp else {
                return cut(cx);
            };
            if mrt != 0 {
                cx.s(" v2");
                if mrt != 100 {
                    cx.f(format_args!(" [max resp time {mrt}]"));
                }
            } else {
                cx.s(" v1");
            }
            let Some(g) = q.group else {
                return cut(cx);
            };
            if !g.is_unspecified() {
                cx.s(" [gaddr ");
                addr(cx, g);
                cx.s("]");
            }
            if len != 8 {
                cx.f(format_args!(" [len {len}]"));
            }
        }
        Message::QueryV3(q) => {
            cx.s("igmp query");
            return write_query_v3(cx, &q, len);
        }
        Message::ReportV1(g) | Message::ReportV2(g) | Message::Leave(g) => {
            let Some(g) = g else {
                return cut(cx);
            };
            cx.s(match m.msg {
                Message::ReportV1(_) => "igmp v1 report ",
                Message::ReportV2(_) => "igmp v2 report ",
                _ => "igmp leave ",
            });
            addr(cx, g);
            if matches!(m.msg, Message::ReportV1(_)) && len != 8 {
                cx.f(format_args!(" [len {len}]"));
            }
        }
        Message::ReportV3(r) => {
            cx.s("igmp v3 report");
            return write_report_v3(cx, &r, len);
        }
        Message::DvmrpShort => {
            cx.f(format_args!("igmp dvmrp [len {len}]"));
        }
        Message::Dvmrp(_) | Message::Pimv1(_) => {
            cx.s(if matches!(m.msg, Message::Dvmrp(_)) {
                "igmp dvmrp"
            } else {
                "igmp pimv1"
            });
            if !dispatch::igmp_carried(cx, &m.msg) {
                return Flow::Ended;
            }
        }
        Message::Mtrace(t) => {
            if !t.valid_len {
                cx.f(format_args!(" [invalid len {len}]"));
                return Flow::Go;
            }
            let Some(q) = t.query else {
                return cut(cx);
            };
            cx.f(format_args!(
                "{} {}: ",
                if t.response { "mresp" } else { "mtrace" },
                q.qid
            ));
            addr(cx, q.src);
            cx.s(" to ");
            addr(cx, q.dst);
            cx.s(" reply-to ");
            addr(cx, q.resp_addr);
            if q.resp_addr.is_multicast() {
                cx.f(format_args!(" with-ttl {}", q.resp_ttl));
            }
        }
        Message::Unknown(t) => cx.f(format_args!("igmp-{t}")),
    }
    Flow::Go
}

/// tcpdump's `print_igmpv3_query`.
fn write_query_v3(cx: &mut Cx<'_>, q: &QueryV3<'_>, len: u32) -> Flow {
    cx.s(" v3");
    if !q.valid_len {
        cx.f(format_args!(" [invalid len {len}]"));
        return Flow::Go;
    }
    let Some(mrt) = q.max_resp_time() else {
        return cut(cx);
    };
    if q.max_resp_code != Some(100) {
        cx.s(" [max resp time ");
        if mrt < 600 {
            cx.f(format_args!("{}.{}s", mrt / 10, mrt % 10));
        } else {
            write_relts(cx, mrt / 10);
        }
        cx.s("]");
    }
    let Some(g) = q.group else {
        return cut(cx);
    };
    if g.is_unspecified() {
        return Flow::Go;
    }
    cx.s(" [gaddr ");
    addr(cx, g);
    let Some(n) = q.nsrcs else {
        return cut(cx);
    };
    if n > 0 {
        if !q.sources_fit {
            cx.s(" [invalid number of sources]");
        } else if cx.o.verbose > 1 {
            cx.s(" {");
            for a in q.sources.iter() {
                cx.s(" ");
                addr(cx, a);
            }
            if !q.sources.complete() {
                return cut(cx);
            }
            cx.s(" }");
        } else {
            cx.f(format_args!(", {n} source(s)"));
        }
    }
    cx.s("]");
    Flow::Go
}

fn record_type_name(t: u8) -> Option<&'static str> {
    use igmp::record_type as r;
    Some(match t {
        r::IS_INCLUDE => "is_in",
        r::IS_EXCLUDE => "is_ex",
        r::TO_INCLUDE => "to_in",
        r::TO_EXCLUDE => "to_ex",
        r::ALLOW => "allow",
        r::BLOCK => "block",
        _ => return None,
    })
}

/// tcpdump's `print_igmpv3_report`.
fn write_report_v3(cx: &mut Cx<'_>, r: &ReportV3<'_>, len: u32) -> Flow {
    if !r.valid_len {
        cx.f(format_args!(" [invalid len {len}]"));
        return Flow::Go;
    }
    let Some(n) = r.ngroups else {
        return cut(cx);
    };
    cx.f(format_args!(", {n} group record(s)"));
    if cx.o.verbose == 0 {
        return Flow::Go;
    }
    for item in r.records() {
        let g = match item {
            RecordItem::Record(g) => g,
            RecordItem::PastLength => {
                cx.s(" [invalid number of groups]");
                return Flow::Go;
            }
            RecordItem::Cut => return cut(cx),
        };
        cx.s(" [gaddr ");
        addr(cx, g.group);
        match record_type_name(g.record_type) {
            Some(name) => cx.f(format_args!(" {name}")),
            None => cx.f(format_args!("  [v3-report-#{}]", g.record_type)),
        }
        if !g.sources_fit {
            cx.f(format_args!(
                " [invalid number of sources {}]",
                g.sources.count
            ));
            return Flow::Go;
        }
        if cx.o.verbose == 1 {
            cx.f(format_args!(", {} source(s)", g.sources.count));
        } else {
            cx.s(" {");
            for a in g.sources.iter() {
                cx.s(" ");
                addr(cx, a);
            }
            if !g.sources.complete() {
                return cut(cx);
            }
            cx.s(" }");
        }
        cx.s("]");
    }
    Flow::Go
}
