//! IPv6 and its extension headers, as tcpdump's print-ip6.c,
//! print-ip6opts.c, print-rt6.c and print-frag6.c print them.

use super::fmt::{push_hex_pad, write_addr};
use super::{dispatch, Cx};
use crate::decode::ipv6::{
    self as ip6, End, Ext, Form, Fragment, Ipv6, JumboVerdict, Opt, OptsKind, Routing, SubOpt,
    SubOptions,
};
use crate::decode::Decoded;
use crate::names;

fn write_pair(cx: &mut Cx<'_>, ip: &Ipv6<'_>) {
    write_addr(cx, ip.header.src);
    cx.s(" > ");
    write_addr(cx, ip.header.dst);
    cx.s(": ");
}

/// tcpdump's `ip6_print`.
pub(super) fn write(cx: &mut Cx<'_>, d: &Decoded<'_>, ip: &Ipv6<'_>) {
    let h = &ip.header;
    match ip.form {
        Form::Short => {
            // ND_TCHECK, not a failed fetch: the dump starts at IP.
            cx.trunc_named("ip6");
            return;
        }
        Form::TruncatedIp6 => {
            cx.f(format_args!("truncated-ip6 {}", ip.length));
            return;
        }
        _ => {}
    }
    if !cx.o.link_header {
        let proto = cx.pal.proto;
        cx.styled_s(proto, "IP6");
        cx.s(" ");
    }
    if let Form::BadVersion(v) = ip.form {
        cx.f(format_args!("version error: {v} != 6"));
        return;
    }
    if ip.missing() > 0 {
        cx.f(format_args!(
            "truncated-ip6 - {} bytes missing!",
            ip.missing()
        ));
    }
    if cx.o.verbose > 0 {
        cx.s("(");
        if h.traffic_class != 0 {
            cx.s("class 0x");
            push_hex_pad(cx.out, h.traffic_class.into(), 2);
            cx.s(", ");
        }
        if h.flow_label != 0 {
            cx.s("flowlabel 0x");
            push_hex_pad(cx.out, h.flow_label.into(), 5);
            cx.s(", ");
        }
        cx.su("hlim ", h.hop_limit);
        cx.s(", next-header ");
        cx.s(names::ipproto(h.next_header).unwrap_or("unknown"));
        cx.su(" (", h.next_header);
        cx.su(") payload length: ", h.payload_len);
        cx.s(") ");
    }
    if !matches!(
        h.next_header,
        ip6::NH_TCP | ip6::NH_UDP | ip6::NH_DCCP | ip6::NH_SCTP
    ) {
        write_pair(cx, ip);
    }
    for ext in ip.exts() {
        if !write_ext(cx, ip, ext) {
            return;
        }
    }
    let ah_failed = ip.end == End::ExtFailed && matches!(ip.exts().last(), Some(Ext::Ah { .. }));
    match ip.end {
        End::Upper | End::AhCut => {}
        End::ExtFailed if ah_failed => {}
        End::HbhTwice => {
            cx.s("[The Hop-by-Hop Options header was already found]");
            cx.invalid();
            return;
        }
        End::HbhNotFirst => {
            cx.s("[The Hop-by-Hop Options header don't follow the IPv6 header]");
            cx.invalid();
            return;
        }
        End::NoJumbo => {
            write_no_jumbo(cx);
            return;
        }
        End::Truncated => {
            cx.trunc(crate::decode::Layer::Ip6);
            return;
        }
        End::TooMany => {
            cx.invalid();
            return;
        }
        End::ExtFailed | End::LaterFragment | End::FragmentAtEnd | End::Mobility => return,
    }
    if ip.jumbo_missing > 0 {
        cx.f(format_args!(
            "truncated-ip6 - {} bytes missing!",
            ip.jumbo_missing
        ));
    }
    for ext in ip.exts() {
        if let Ext::Ah { bytes } = ext {
            if !write_ah(cx, bytes) {
                return;
            }
        }
    }
    if ip.end == End::AhCut {
        cx.trunc_named("ah");
        return;
    }
    write_upper(cx, d, ip);
}

fn write_no_jumbo(cx: &mut Cx<'_>) {
    cx.s("[No valid Jumbo Payload Hop-by-Hop option found]");
    cx.invalid();
}

/// tcpdump's `ip_demux_print` for IPv6.
fn write_upper(cx: &mut Cx<'_>, d: &Decoded<'_>, ip: &Ipv6<'_>) {
    let len = ip.payload_len;
    if dispatch::ipv6_payload(cx, d, ip) {
        return;
    }
    match ip.upper {
        ip6::NH_ICMP | ip6::NH_IGMP => {
            cx.f(format_args!(
                "[{} requires IPv4]",
                names::ipproto(ip.upper).unwrap_or("unknown")
            ));
            cx.invalid();
        }
        ip6::NH_NONE => cx.s("no next header"),
        ip6::NH_ND => cx.f(format_args!(" nd {len}")),
        ip6::NH_ESP => match ip.esp() {
            Some((spi, seq)) => cx.f(format_args!(
                "ESP(spi=0x{spi:08x},seq=0x{seq:x}), length {len}"
            )),
            None => cx.trunc_named("esp"),
        },
        proto => match cx.ip_protocol(proto) {
            Some(name) => cx.f(format_args!(" {name} {len}")),
            None => cx.f(format_args!(" ip-proto-{proto} {len}")),
        },
    }
}

/// Prints one extension header; false when tcpdump stops there.
fn write_ext(cx: &mut Cx<'_>, ip: &Ipv6<'_>, ext: &Ext<'_>) -> bool {
    match *ext {
        Ext::Options {
            kind, no_len, cut, ..
        } => {
            let proto = match kind {
                OptsKind::HopByHop => "hbhopt",
                OptsKind::Destination => "dstopt",
            };
            if no_len {
                cx.trunc_early_end(proto);
                return false;
            }
            if cut {
                cx.trunc_named(proto);
                if ip.end == End::NoJumbo {
                    write_no_jumbo(cx);
                }
                return false;
            }
            let walk = match kind {
                OptsKind::HopByHop => {
                    cx.s("HBH ");
                    true
                }
                OptsKind::Destination => {
                    cx.s("DSTOPT ");
                    cx.o.verbose > 0
                }
            };
            if walk && !write_options(cx, ip, ext) {
                cx.trunc_named(proto);
                if ip.end == End::NoJumbo {
                    write_no_jumbo(cx);
                }
                return false;
            }
            true
        }
        Ext::Fragment { bytes, frag_len } => {
            let f = Fragment(bytes);
            if cx.o.verbose > 0 {
                let (Some(id), Some(offlg)) = (f.ident(), f.offlg()) else {
                    cx.trunc_early_end("frag6");
                    return false;
                };
                cx.f(format_args!(
                    "frag (0x{id:08x}:{}|{frag_len})",
                    offlg & 0xfff8
                ));
            } else {
                let Some(offlg) = f.offlg() else {
                    cx.trunc_early_end("frag6");
                    return false;
                };
                cx.f(format_args!("frag ({}|{frag_len})", offlg & 0xfff8));
            }
            if f.offlg().is_some_and(|v| v & 0xfff8 != 0) {
                return false;
            }
            cx.s(" ");
            true
        }
        Ext::Routing { bytes } => write_routing(cx, bytes),
        // Printed with the upper layer, where tcpdump's demultiplexer
        // meets it.
        Ext::Ah { .. } => true,
        Ext::Mobility { bytes } => {
            dispatch::mobility(cx, ip, bytes);
            false
        }
    }
}

/// tcpdump's `ah_print`; false when a fetch failed.
fn write_ah(cx: &mut Cx<'_>, bytes: &[u8]) -> bool {
    let a = ip6::Ah(bytes);
    cx.s("AH");
    let (Some(l), Some(hl)) = (a.len_field(), a.header_len()) else {
        cx.trunc_early_end("ah");
        return false;
    };
    cx.s("(");
    if cx.o.verbose > 0 {
        cx.f(format_args!("length={l}({hl}-bytes),"));
    }
    let Some(rsv) = a.reserved() else {
        cx.trunc_early_end("ah");
        return false;
    };
    if rsv != 0 {
        cx.f(format_args!("reserved=0x{rsv:x}[MustBeZero],"));
    }
    let Some(spi) = a.spi() else {
        cx.trunc_early_end("ah");
        return false;
    };
    cx.f(format_args!("spi=0x{spi:08x},"));
    let Some(seq) = a.seq() else {
        cx.trunc_early_end("ah");
        return false;
    };
    cx.f(format_args!("seq=0x{seq:x},icv=0x"));
    for b in a.icv() {
        cx.f(format_args!("{b:02x}"));
    }
    if !a.complete() {
        cx.trunc_early_end("ah");
        return false;
    }
    cx.s("): ");
    true
}

/// tcpdump's `rt6_print`; false when it stops.
fn write_routing(cx: &mut Cx<'_>, bytes: &[u8]) -> bool {
    let r = Routing(bytes);
    cx.s("RT6");
    let Some(len) = r.len() else {
        cx.trunc_early_end("rt6");
        return false;
    };
    cx.f(format_args!(" (len={len}"));
    let Some(t) = r.rtype() else {
        cx.trunc_early_end("rt6");
        return false;
    };
    cx.f(format_args!(", type={t}"));
    if t == 0 {
        cx.s(" [Deprecated]");
    }
    let Some(segleft) = r.segleft() else {
        cx.trunc_early_end("rt6");
        return false;
    };
    cx.f(format_args!(", segleft={segleft}"));
    match t {
        0 | 2 => {
            let Some(rsv) = r.reserved() else {
                cx.trunc_early_end("rt6");
                return false;
            };
            if rsv != 0 || cx.o.verbose > 0 {
                cx.f(format_args!(", rsv=0x{rsv:x}"));
            }
        }
        4 => {
            let Some(last) = r.last_entry() else {
                cx.trunc_early_end("rt6");
                return false;
            };
            cx.f(format_args!(", last-entry={last}"));
            let Some(flags) = r.flags() else {
                cx.trunc_early_end("rt6");
                return false;
            };
            if flags != 0 || cx.o.verbose > 0 {
                cx.f(format_args!(", flags=0x{flags:x}"));
            }
            let Some(tag) = r.tag() else {
                cx.trunc_early_end("rt6");
                return false;
            };
            cx.f(format_args!(", tag={tag:x}"));
        }
        _ => {
            cx.s(" (unknown type)");
            cx.invalid();
            return false;
        }
    }
    if len % 2 == 1 {
        cx.f(format_args!(" (invalid length {len})"));
        cx.invalid();
        return false;
    }
    for (i, a) in r.addresses(usize::from(len / 2)).enumerate() {
        let Some(a) = a else {
            cx.trunc_early_end("rt6");
            return false;
        };
        cx.f(format_args!(", [{i}]"));
        write_addr(cx, a);
    }
    cx.s(") ");
    true
}

/// tcpdump's `ip6_opt_process`; false when the walk failed.
fn write_options(cx: &mut Cx<'_>, ip: &Ipv6<'_>, ext: &Ext<'_>) -> bool {
    let v = cx.o.verbose > 0;
    for o in ip.options(ext) {
        match o {
            Opt::Pad1 if v => cx.s("(pad1)"),
            Opt::PadN if v => cx.s("(padn)"),
            Opt::RouterAlert(a) if v => cx.f(format_args!("(rtalert: 0x{a:04x}) ")),
            Opt::Jumbo(j, verdict) if v => match verdict {
                JumboVerdict::Ok => cx.f(format_args!("(jumbo: {j}) ")),
                JumboVerdict::AlreadySeen => cx.f(format_args!("(jumbo: {j} - already seen) ")),
                JumboVerdict::NotHopByHop => {
                    cx.f(format_args!("(jumbo: {j} - not a hop-by-hop option) "))
                }
                JumboVerdict::PayloadLenNonZero => {
                    cx.f(format_args!("(jumbo: {j} - payload len != 0) "))
                }
                JumboVerdict::TooShort => cx.f(format_args!("(jumbo: {j} - < 65536) ")),
            },
            Opt::HomeAddress(a, sub) if v => {
                cx.s("(homeaddr: ");
                write_addr(cx, a);
                for s in SubOptions::new(sub) {
                    match s {
                        SubOpt::Pad1 => cx.s(", pad1"),
                        SubOpt::PadN => cx.s(", padn"),
                        SubOpt::Other { ty, len } => {
                            cx.f(format_args!(", sopt_type 0x{ty:02x}: len={len}"))
                        }
                        SubOpt::PadNTrunc => {
                            cx.s(", padn: trunc");
                            return false;
                        }
                        SubOpt::OtherTrunc(ty) => {
                            cx.f(format_args!(", sopt_type {ty}: trunc)"));
                            return false;
                        }
                        SubOpt::Cut => return false,
                    }
                }
                cx.s(")");
            }
            Opt::Other { ty, len, .. } if v => {
                cx.f(format_args!("(opt_type 0x{ty:02x}: len={len})"))
            }
            Opt::PadNTrunc => {
                cx.s("(padn: trunc)");
                return false;
            }
            Opt::RouterAlertTrunc => {
                cx.s("(rtalert: trunc)");
                return false;
            }
            Opt::RouterAlertBadLen(l) => {
                cx.f(format_args!("(rtalert: invalid len {l})"));
                return false;
            }
            Opt::JumboTrunc => {
                cx.s("(jumbo: trunc)");
                return false;
            }
            Opt::JumboBadLen(l) => {
                cx.f(format_args!("(jumbo: invalid len {l})"));
                return false;
            }
            Opt::HomeAddressTrunc => {
                cx.s("(homeaddr: trunc)");
                return false;
            }
            Opt::HomeAddressBadLen(l) => {
                cx.f(format_args!("(homeaddr: invalid len {l})"));
                return false;
            }
            Opt::OtherTrunc(ty) => {
                cx.f(format_args!("(type {ty}: trunc)"));
                return false;
            }
            Opt::Cut => return false,
            _ => {}
        }
    }
    if v {
        cx.s(" ");
    }
    true
}
