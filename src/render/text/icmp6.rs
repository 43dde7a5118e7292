//! ICMPv6, as tcpdump's print-icmp6.c prints it: errors with what they
//! quote, echo, neighbour discovery and its options, MLDv1/v2, node
//! information, router renumbering and RPL. Reads the typed fields of
//! `decode::icmp6`; a field that was not captured ends the line as
//! tcpdump's failed fetch does (` [|icmp6]`).

use std::net::IpAddr;

use super::fmt::{hex_print, write_addr, write_char, write_chars, write_fqdn, Ip6Text};
use super::Cx;
use crate::decode::bytes::cksum_shouldbe;
use crate::decode::icmp6::{
    self as i6, Body, DnsslItem, ErrorMsg, Icmp6, Mld, MldRecord, NdItem, NdOptions, NdValue,
    NiName, NiPiece, NodeInfo, RoutePrefix, Rpl, RplDao, RplOpt, RplOptions, RrItem, Rrenum,
};
use crate::decode::ipv6::Ipv6;
use crate::decode::Decoded;

/// A fetch failed: tcpdump's longjmp ` [|icmp6]`.
struct Gone;

type R = Result<(), Gone>;

fn get<T>(v: Option<T>) -> Result<T, Gone> {
    v.ok_or(Gone)
}

/// tcpdump's `icmp6_print`.
pub(super) fn write(cx: &mut Cx<'_>, _d: &Decoded<'_>, ip: &Ipv6<'_>, m: &Icmp6<'_>) {
    if m.length == 0 {
        cx.s("ICMP6, length 0");
        cx.invalid();
        return;
    }
    if write_msg(cx, ip, m).is_err() {
        cx.trunc_early_end("icmp6");
    }
}

fn write_msg(cx: &mut Cx<'_>, ip: &Ipv6<'_>, m: &Icmp6<'_>) -> R {
    let length = m.length;
    let v = cx.o.verbose;
    // tcpdump verifies ICMPv6 checksums even with -K.
    if v > 0 && !ip.fragmented && m.complete() {
        let field = get(m.checksum)?;
        match m.computed {
            Some(sum) if sum != 0 => cx.f(format_args!(
                "[bad icmp6 cksum 0x{field:04x} -> 0x{:04x}!] ",
                cksum_shouldbe(field, sum)
            )),
            _ => cx.s("[icmp6 sum ok] "),
        }
    }
    let t = get(m.icmp_type)?;
    match i6::type_name(t) {
        Some(n) => cx.f(format_args!("ICMP6, {n}")),
        None => cx.f(format_args!("ICMP6, unknown icmp6 type ({t})")),
    }
    if v > 0
        && matches!(
            t,
            i6::ROUTER_SOLICIT
                | i6::ROUTER_ADVERT
                | i6::NEIGHBOR_ADVERT
                | i6::NEIGHBOR_SOLICIT
                | i6::REDIRECT
                | i6::HADISCOV_REPLY
                | i6::MOBILEPREFIX_ADVERT
        )
    {
        cx.f(format_args!(", length {length}"));
    }
    let code = get(m.code)?;
    match (t, m.body) {
        (i6::DST_UNREACH, Body::Error(e)) => {
            if !write_unreach(cx, m, code, &e)? {
                return Ok(());
            }
        }
        (i6::PACKET_TOO_BIG, Body::Error(e)) => {
            let mtu = get(e.param)?;
            cx.f(format_args!(", mtu {mtu}"));
        }
        (i6::TIME_EXCEEDED, Body::Error(e)) => match code {
            0 => {
                let dst = get(e.quoted.dst)?;
                cx.s(" for ");
                write_addr(cx, dst);
            }
            1 => cx.s(" (reassembly)"),
            c => cx.f(format_args!(", unknown code ({c})")),
        },
        (i6::PARAM_PROB, Body::Error(e)) => {
            if e.quoted.dst.is_none() {
                cx.trunc_named("icmp6");
                return Ok(());
            }
            let what = match code {
                0 => Some("erroneous"),
                1 => Some("next header"),
                2 => Some("option"),
                3 => Some("incomplete header chain"),
                _ => None,
            };
            match what {
                Some(w) => {
                    let ptr = get(e.param)?;
                    cx.f(format_args!(", {w} - octet {ptr}"));
                }
                None => cx.f(format_args!(", code-#{code}")),
            }
        }
        (_, Body::Echo { id, seq }) => {
            let id = get(id)?;
            let seq = get(seq)?;
            cx.f(format_args!(", id {id}, seq {seq}"));
        }
        (i6::MLD_QUERY, Body::Mld(q)) => {
            if length == 24 {
                write_mld(cx, &q)?;
            } else if length >= 28 {
                cx.s(" v2");
                write_mldv2_query(cx, length, &q)?;
            } else {
                cx.f(format_args!(" unknown-version (len {length}) "));
            }
        }
        (_, Body::Mld(q)) => write_mld(cx, &q)?,
        (_, Body::RouterSolicit { options }) => {
            if v > 0 && !write_nd_options(cx, options)? {
                cx.trunc_named("icmp6");
            }
        }
        (_, Body::RouterAdvert(ra)) => {
            if v > 0 {
                // One printf: every field fetched first.
                let (hl, flags) = (get(ra.hop_limit)?, get(ra.flags)?);
                let (life, reach) = (get(ra.lifetime)?, get(ra.reachable)?);
                let retrans = get(ra.retrans)?;
                cx.f(format_args!("\n\thop limit {hl}, Flags ["));
                write_bits(
                    cx,
                    u32::from(flags),
                    &[
                        (0x80, "managed"),
                        (0x40, "other stateful"),
                        (0x20, "home agent"),
                        (0x02, "ipv6 only"),
                    ],
                    ", ",
                );
                cx.f(format_args!(
                    "], pref {}, router lifetime {life}s, reachable time {reach}ms, retrans timer {retrans}ms",
                    i6::route_pref(flags)
                ));
                if !write_nd_options(cx, ra.options)? {
                    cx.trunc_named("icmp6");
                }
            }
        }
        (_, Body::NeighborSolicit { target, options }) => {
            let target = get(target)?;
            cx.s(", who has ");
            write_addr(cx, target);
            if v > 0 && !write_nd_options(cx, options)? {
                cx.trunc_named("icmp6");
            }
        }
        (
            _,
            Body::NeighborAdvert {
                flags,
                target,
                options,
            },
        ) => {
            let target = get(target)?;
            cx.s(", tgt is ");
            write_addr(cx, target);
            if v > 0 {
                let flags = get(flags)?;
                cx.s(", Flags [");
                write_bits(
                    cx,
                    flags,
                    &[
                        (0x8000_0000, "router"),
                        (0x4000_0000, "solicited"),
                        (0x2000_0000, "override"),
                    ],
                    ", ",
                );
                cx.s("]");
                if !write_nd_options(cx, options)? {
                    cx.trunc_named("icmp6");
                }
            }
        }
        (
            _,
            Body::Redirect {
                target,
                destination,
                options,
            },
        ) => {
            let destination = get(destination)?;
            cx.s(", ");
            write_addr(cx, destination);
            let target = get(target)?;
            cx.s(" to ");
            write_addr(cx, target);
            if v > 0 && !write_nd_options(cx, options)? {
                cx.trunc_named("icmp6");
            }
        }
        (_, Body::RouterRenumbering(rr)) => write_rrenum(cx, code, &rr)?,
        (_, Body::NodeInfo(ni)) => write_nodeinfo(cx, t, code, length, &ni)?,
        (_, Body::Mldv2Report { ngroups, records }) => {
            if length < 8 {
                cx.f(format_args!(" [invalid len {length}]"));
            } else {
                let ngroups = get(ngroups)?;
                cx.f(format_args!(", {ngroups} group record(s)"));
                if v > 0 {
                    write_mldv2_records(cx, records)?;
                }
            }
        }
        (_, Body::Ident { id }) => {
            let id = get(id)?;
            cx.f(format_args!(", id 0x{id:04x}"));
        }
        (_, Body::HaReply { id, agents }) => {
            if v > 0 {
                let id = get(id)?;
                cx.f(format_args!(", id 0x{id:04x}"));
                for a in agents {
                    let a = get(a)?;
                    cx.s(", ");
                    write_addr(cx, a);
                }
            }
        }
        (_, Body::MobilePrefixAdvert { id, flags, options }) => {
            if v > 0 {
                let id = get(id)?;
                cx.f(format_args!(", id 0x{id:04x}"));
                let flags = get(flags)?;
                if flags & 0xc000 != 0 {
                    cx.s(" ");
                }
                if flags & 0x8000 != 0 {
                    cx.s("M");
                }
                if flags & 0x4000 != 0 {
                    cx.s("O");
                }
                if !write_nd_options(cx, options)? {
                    cx.trunc_named("icmp6");
                }
            }
        }
        (_, Body::Rpl(r)) => write_rpl(cx, code, &r)?,
        (i6::IND_SOLICIT | i6::IND_ADVERT, _) => {}
        _ => {
            cx.f(format_args!(", length {length}"));
            if v <= 1 {
                hex_print(cx, "\n\t", m.bytes);
            }
            return Ok(());
        }
    }
    if v == 0 {
        cx.f(format_args!(", length {length}"));
    }
    Ok(())
}

/// Destination unreachable; `Ok(false)` when the line ends here.
fn write_unreach(cx: &mut Cx<'_>, m: &Icmp6<'_>, code: u8, e: &ErrorMsg) -> Result<bool, Gone> {
    let q = &e.quoted;
    match code {
        0 => cx.s(", unreachable route"),
        1 => cx.s(",  unreachable prohibited"),
        2 => cx.s(", beyond scope"),
        3 => cx.s(", unreachable address"),
        4 => cx.s(", unreachable port"),
        c => cx.f(format_args!(", unknown unreach code ({c})")),
    }
    match code {
        0 | 1 | 3 => {
            let dst = get(q.dst)?;
            cx.s(" ");
            write_addr(cx, dst);
        }
        2 => {
            let (dst, src) = (get(q.dst)?, get(q.src)?);
            cx.s(" ");
            write_addr(cx, dst);
            cx.s(", source address ");
            write_addr(cx, src);
        }
        4 => {
            let Some((prot, dport)) = q.upper else {
                cx.trunc_named("icmp6");
                return Ok(false);
            };
            let dst = get(q.dst)?;
            cx.s(", ");
            write_addr(cx, dst);
            match prot {
                6 => {
                    let p = cx.tcp_port(dport);
                    cx.f(format_args!(" tcp port {p}"));
                }
                17 => {
                    let p = cx.udp_port(dport);
                    cx.f(format_args!(" udp port {p}"));
                }
                _ => cx.f(format_args!(" protocol {prot} port {dport} unreachable")),
            }
        }
        _ => {
            if cx.o.verbose <= 1 {
                hex_print(cx, "\n\t", m.bytes);
                return Ok(false);
            }
        }
    }
    Ok(true)
}

/// tcpdump's `bittok2str`: the names of the set bits, or "none".
fn write_bits(cx: &mut Cx<'_>, v: u32, table: &[(u32, &str)], sep: &str) {
    let mut first = true;
    for &(bit, name) in table {
        if v & bit != 0 {
            if !first {
                cx.s(sep);
            }
            cx.s(name);
            first = false;
        }
    }
    if first {
        cx.s("none");
    }
}

fn write_lifetime(cx: &mut Cx<'_>, v: u32) {
    if v == u32::MAX {
        cx.s("infinity");
    } else {
        cx.f(format_args!("{v}s"));
    }
}

/// tcpdump's `mld6_print`.
fn write_mld(cx: &mut Cx<'_>, m: &Mld<'_>) -> R {
    if !m.complete_v1 {
        return Ok(());
    }
    let delay = get(m.max_delay)?;
    cx.f(format_args!("max resp delay: {delay} "));
    let group = get(m.group)?;
    cx.s("addr: ");
    write_addr(cx, group);
    Ok(())
}

/// tcpdump's `mldv2_query_print`.
fn write_mldv2_query(cx: &mut Cx<'_>, len: u32, m: &Mld<'_>) -> R {
    if len < 28 {
        cx.f(format_args!(" [invalid len {len}]"));
        return Ok(());
    }
    let mrt = get(m.max_resp_delay())?;
    let v = cx.o.verbose;
    if v > 0 {
        cx.f(format_args!(" [max resp delay={mrt}]"));
    }
    let group = get(m.group)?;
    cx.s(" [gaddr ");
    write_addr(cx, group);
    if v > 0 {
        let s = get(m.s_qrv)?;
        if s & 0x08 != 0 {
            cx.s(" sflag");
        }
        if s & 0x07 != 0 {
            cx.f(format_args!(" robustness={}", s & 0x07));
        }
        let qqi = get(m.qqi())?;
        cx.f(format_args!(" qqi={qqi}"));
    }
    let nsrcs = u32::from(get(m.nsrcs)?);
    if nsrcs > 0 {
        if u64::from(len) < 28 + u64::from(nsrcs) * 16 {
            cx.s(" [invalid number of sources]");
        } else if v > 1 {
            cx.s(" {");
            for a in m.sources {
                let a = get(a)?;
                cx.s(" ");
                write_addr(cx, a);
            }
            cx.s(" }");
        } else {
            cx.f(format_args!(", {nsrcs} source(s)"));
        }
    }
    cx.s("]");
    Ok(())
}

/// The group records of tcpdump's `mldv2_report_print`.
fn write_mldv2_records(cx: &mut Cx<'_>, records: i6::MldRecords<'_>) -> R {
    let v = cx.o.verbose;
    for r in records {
        match r {
            MldRecord::BadGroups => {
                cx.s(" [invalid number of groups]");
                return Ok(());
            }
            MldRecord::Record {
                rtype,
                group,
                nsrcs,
                sources,
                bad_sources,
            } => {
                let group = get(group)?;
                cx.s(" [gaddr ");
                write_addr(cx, group);
                let t = get(rtype)?;
                match t {
                    1 => cx.s(" is_in"),
                    2 => cx.s(" is_ex"),
                    3 => cx.s(" to_in"),
                    4 => cx.s(" to_ex"),
                    5 => cx.s(" allow"),
                    6 => cx.s(" block"),
                    _ => cx.f(format_args!("  [v2-report-#{t}]")),
                }
                let n = get(nsrcs)?;
                if bad_sources {
                    cx.f(format_args!(" [invalid number of sources {n}]"));
                    return Ok(());
                }
                if v == 1 {
                    cx.f(format_args!(", {n} source(s)"));
                } else {
                    cx.s(" {");
                    for a in sources {
                        let a = get(a)?;
                        cx.s(" ");
                        write_addr(cx, a);
                    }
                    cx.s(" }");
                }
                cx.s("]");
            }
        }
    }
    Ok(())
}

/// tcpdump's `icmp6_opt_print`; `Ok(false)` for its `goto trunc`.
fn write_nd_options(cx: &mut Cx<'_>, options: NdOptions<'_>) -> Result<bool, Gone> {
    let v = cx.o.verbose;
    for item in options {
        let NdItem::Opt(o) = item else {
            return Ok(false);
        };
        let (ty, len) = (o.ty, o.len);
        let n = usize::from(len) << 3;
        cx.f(format_args!(
            "\n\t  {} option ({ty}), length {n} ({len}): ",
            i6::option_name(ty).unwrap_or("unknown")
        ));
        match o.value() {
            NdValue::LinkAddr(a) => {
                for (i, b) in a.iter().enumerate() {
                    if i > 0 {
                        cx.s(":");
                    }
                    cx.f(format_args!("{b:02x}"));
                }
            }
            NdValue::Prefix {
                prefix_len,
                flags,
                valid,
                preferred,
                prefix,
            } => {
                // One printf: every field fetched first.
                let (prefix, plen) = (get(prefix)?, get(prefix_len)?);
                let (flags, valid) = (get(flags)?, get(valid)?);
                write_addr(cx, prefix);
                cx.f(format_args!(
                    "/{plen}{}, Flags [",
                    if len != 4 { "badlen" } else { "" }
                ));
                write_bits(
                    cx,
                    u32::from(flags),
                    &[(0x80, "onlink"), (0x40, "auto"), (0x20, "router")],
                    ", ",
                );
                cx.s("], valid time ");
                write_lifetime(cx, valid);
                cx.s(", pref. time ");
                write_lifetime(cx, get(preferred)?);
            }
            NdValue::RedirectedHeader(b) => hex_print(cx, "\n\t    ", b),
            NdValue::Mtu(mtu) => {
                let mtu = get(mtu)?;
                cx.f(format_args!(
                    " {mtu}{}",
                    if len != 1 { "bad option length" } else { "" }
                ));
            }
            NdValue::Rdnss { lifetime, servers } => {
                let life = get(lifetime)?;
                cx.f(format_args!(" lifetime {life}s,"));
                for a in servers {
                    let a = get(a)?;
                    cx.s(" addr: ");
                    write_addr(cx, a);
                }
            }
            NdValue::Dnssl { lifetime, names } => {
                let life = get(lifetime)?;
                cx.f(format_args!(" lifetime {life}s, domain(s):"));
                for name in names {
                    let DnsslItem::Name(name) = name else {
                        return Err(Gone);
                    };
                    cx.s(" ");
                    if write_fqdn(cx, &name).is_err() {
                        return Ok(false);
                    }
                }
            }
            NdValue::AdvInterval(iv) => {
                let iv = get(iv)?;
                cx.f(format_args!(" {iv}ms"));
            }
            NdValue::HomeAgent {
                preference,
                lifetime,
            } => {
                let pref = get(preference)?;
                let life = get(lifetime)?;
                cx.f(format_args!(" preference {pref}, lifetime {life}"));
            }
            NdValue::RouteInfo {
                prefix_len,
                flags,
                lifetime,
                prefix,
            } => {
                if lifetime.is_none() {
                    return Ok(false);
                }
                let prefix = match prefix {
                    RoutePrefix::Prefix(a) => a,
                    RoutePrefix::NotCaptured => return Err(Gone),
                    RoutePrefix::BadLength => return Ok(false),
                };
                cx.s(" ");
                write_addr(cx, prefix);
                let plen = get(prefix_len)?;
                cx.f(format_args!("/{plen}"));
                let flags = get(flags)?;
                cx.f(format_args!(", pref={}", i6::route_pref(flags)));
                cx.s(", lifetime=");
                write_lifetime(cx, get(lifetime)?);
            }
            // Options tcpdump 4.99.3 does not decode.
            NdValue::Nonce(_) | NdValue::Pref64 { .. } | NdValue::Other(_) => {
                if v <= 1 {
                    hex_print(cx, "\n\t  ", o.data());
                    return Ok(true);
                }
            }
        }
        if v > 1 {
            hex_print(cx, "\n\t    ", o.data());
        }
    }
    Ok(true)
}

/// tcpdump's `dnsname_print`, or the draft 03 form.
fn write_ni_name(cx: &mut Cx<'_>, name: &NiName<'_>) {
    match name {
        NiName::Draft03(text) => {
            if cx.o.verbose > 0 {
                cx.s(", 03 draft");
            }
            cx.s(", \"");
            for &c in text.iter() {
                write_char(cx, c);
            }
            cx.s("\"");
        }
        NiName::Dns(labels) => {
            cx.s(", \"");
            for p in *labels {
                match p {
                    NiPiece::Label(l) => write_chars(cx, l),
                    NiPiece::Dot => cx.s("."),
                    NiPiece::Bad => cx.s("???"),
                }
            }
            cx.s("\"");
        }
    }
}

fn write_nodeaddr_flags(cx: &mut Cx<'_>, i: u16, with_t: bool) {
    let f = |b: u16, s: &'static str| if i & b != 0 { s } else { "" };
    cx.f(format_args!(
        " [{}{}{}{}{}{}{}]",
        f(0x40, "a"),
        f(0x20, "G"),
        f(0x10, "S"),
        f(0x08, "L"),
        f(0x04, "C"),
        f(0x02, "A"),
        if with_t {
            f(i6::NI_FLAG_TRUNCATE, "T")
        } else {
            ""
        }
    ));
}

/// tcpdump's `icmp6_nodeinfo_print`.
fn write_nodeinfo(cx: &mut Cx<'_>, t: u8, code: u8, length: u32, ni: &NodeInfo<'_>) -> R {
    let siz = ni.captured;
    let v = cx.o.verbose;
    if t == i6::NI_QUERY {
        if siz == 12 {
            cx.s(" who-are-you request");
            return Ok(());
        }
        cx.s(" node information query");
        if siz < 16 {
            cx.trunc_named("icmp6");
            return Ok(());
        }
        cx.s(" (");
        let qtype = get(ni.qtype)?;
        match qtype {
            0 => cx.s("noop"),
            1 => {
                cx.s("supported qtypes");
                let i = get(ni.flags)?;
                if i != 0 {
                    cx.f(format_args!(" [{}]", if i & 1 != 0 { "C" } else { "" }));
                }
            }
            2 => cx.s("DNS name"),
            3 => {
                cx.s("node addresses");
                let i = get(ni.flags)?;
                if i != 0 {
                    write_nodeaddr_flags(cx, i, false);
                }
            }
            _ => cx.s("unknown"),
        }
        if qtype == 0 || qtype == 1 {
            if siz != 16 && v > 0 {
                cx.s(", invalid len");
            }
            cx.s(")");
            return Ok(());
        }
        if siz == 16 {
            cx.s(", 03 draft)");
            return Ok(());
        }
        match code {
            0 => {
                if siz >= 32 {
                    if siz != 32 {
                        if v > 0 {
                            cx.s(", invalid subject len");
                        }
                    } else {
                        let a = get(ni.subject_v6)?;
                        cx.s(", subject=");
                        write_addr(cx, a);
                    }
                }
            }
            1 => {
                cx.s(", subject=DNS name");
                write_ni_name(cx, &get(ni.subject_name)?);
            }
            2 => {
                if siz >= 20 {
                    if siz != 20 {
                        if v > 0 {
                            cx.s(", invalid subject len");
                        }
                    } else {
                        let a = get(ni.subject_v4)?;
                        let style = cx.pal.addr;
                        let host = cx.host(IpAddr::V4(a));
                        cx.s(", subject=");
                        cx.styled(style, format_args!("{host}"));
                    }
                }
            }
            _ => cx.s(", unknown subject"),
        }
        cx.s(")");
        return Ok(());
    }
    // Reply.
    if length as usize > siz || siz < 16 {
        cx.trunc_named("icmp6");
        return Ok(());
    }
    cx.s(" node information reply (");
    let mut comma = false;
    match code {
        0 if v > 0 => {
            cx.s("success");
            comma = true;
        }
        1 | 2 => {
            cx.s(if code == 1 { "refused" } else { "unknown" });
            comma = true;
            if siz != 16 && v > 0 {
                cx.s(", invalid length");
            }
        }
        _ => {}
    }
    if code != 0 {
        cx.s(")");
        return Ok(());
    }
    if comma {
        cx.s(", ");
    }
    match get(ni.qtype)? {
        0 => {
            cx.s("noop");
            if siz != 16 && v > 0 {
                cx.s(", invalid length");
            }
        }
        1 => {
            cx.s("supported qtypes");
            let i = get(ni.flags)?;
            if i != 0 {
                cx.f(format_args!(" [{}]", if i & 1 != 0 { "C" } else { "" }));
            }
        }
        2 => {
            cx.s("DNS name");
            write_ni_name(cx, &get(ni.name)?);
            if get(ni.flags)? & 1 != 0 {
                let ttl = get(ni.ttl)?;
                cx.f(format_args!(" [TTL={ttl}]"));
            }
        }
        3 => {
            cx.s("node addresses");
            for (ttl, a) in ni.addrs {
                cx.s(" ");
                write_addr(cx, a);
                cx.f(format_args!("({ttl})"));
            }
            let f = get(ni.flags)?;
            if f != 0 {
                write_nodeaddr_flags(cx, f, true);
            }
        }
        _ => cx.s("unknown"),
    }
    cx.s(")");
    Ok(())
}

/// tcpdump's `icmp6_rrenum_print`.
fn write_rrenum(cx: &mut Cx<'_>, code: u8, rr: &Rrenum<'_>) -> R {
    let v = cx.o.verbose;
    if !rr.header {
        cx.trunc_named("icmp6");
        return Ok(());
    }
    match code {
        0 => cx.s(", command"),
        1 => cx.s(", result"),
        255 => cx.s(", sequence number reset"),
        c => cx.f(format_args!(", code-#{c}")),
    }
    let seq = get(rr.seq)?;
    cx.f(format_args!(", seq={seq}"));
    if v > 0 {
        let fl = get(rr.flags)?;
        cx.s("[");
        if fl != 0 {
            let f = |b: u8, s: &'static str| if fl & b != 0 { s } else { "" };
            cx.f(format_args!(
                "{}{}{}{}{},",
                f(0x80, "T"),
                f(0x40, "R"),
                f(0x20, "A"),
                f(0x10, "S"),
                f(0x08, "P")
            ));
        }
        let seg = get(rr.segment)?;
        let delay = get(rr.max_delay)?;
        cx.f(format_args!("seg={seg},maxdelay={delay}"));
        let rsvd = get(rr.reserved)?;
        if rsvd != 0 {
            cx.f(format_args!("rsvd=0x{rsvd:x}"));
        }
        cx.s("]");
    }
    if code != 0 {
        return Ok(());
    }
    let Some(mm) = rr.matched else {
        cx.trunc_named("icmp6");
        return Ok(());
    };
    let sep = if v > 1 { "\n\t" } else { " " };
    cx.s(sep);
    cx.s("match(");
    match mm.op {
        1 => cx.s("add"),
        2 => cx.s("change"),
        3 => cx.s("setglobal"),
        c => cx.f(format_args!("#{c}")),
    }
    if v > 0 {
        cx.f(format_args!(
            ",ord={},min={},max={}",
            mm.ordinal, mm.min_len, mm.max_len
        ));
    }
    cx.f(format_args!(",{}/{})", Ip6Text(mm.prefix), mm.match_len));
    let Some(uses) = mm.uses else {
        cx.trunc_named("icmp6");
        return Ok(());
    };
    for item in uses {
        let RrItem::Use(u) = item else {
            cx.trunc_named("icmp6");
            return Ok(());
        };
        cx.s(sep);
        cx.s("use(");
        if u.flags != 0 {
            cx.f(format_args!(
                "{}{},",
                if u.flags & 0x80 != 0 { "V" } else { "" },
                if u.flags & 0x40 != 0 { "P" } else { "" }
            ));
        }
        if v > 0 {
            cx.f(format_args!(
                "mask=0x{:x},raflags=0x{:x},",
                u.mask, u.ra_flags
            ));
            if u.valid == u32::MAX {
                cx.s("vltime=infty,");
            } else {
                cx.f(format_args!("vltime={},", u.valid));
            }
            if u.preferred == u32::MAX {
                cx.s("pltime=infty,");
            } else {
                cx.f(format_args!("pltime={},", u.preferred));
            }
        }
        cx.f(format_args!(
            "{}/{}/{})",
            Ip6Text(u.prefix),
            u.use_len,
            u.keep_len
        ));
    }
    Ok(())
}

/// tcpdump's `rpl_print`.
fn write_rpl(cx: &mut Cx<'_>, code: u8, r: &Rpl<'_>) -> R {
    let v = cx.o.verbose;
    if let Rpl::Secure = r {
        cx.s(", (SEC) [worktodo]");
        return Ok(());
    }
    cx.s(", (CLR)");
    match r {
        Rpl::Secure => {}
        Rpl::Dis => cx.s("DODAG Information Solicitation"),
        Rpl::Dio(dio) => {
            cx.s("DODAG Information Object");
            if v > 0 {
                if dio.length < 24 {
                    // tcpdump's ND_LCHECK_ZU.
                    cx.f(format_args!(" [length {} < 24]", dio.length));
                    cx.invalid();
                    return Ok(());
                }
                let dagid = get(dio.dagid)?;
                let dtsn = get(dio.dtsn)?;
                let inst = get(dio.instance)?;
                let rank = get(dio.rank)?;
                let mp = get(dio.g_mop_prf)?;
                cx.s(" [dagid:");
                write_addr(cx, dagid);
                cx.f(format_args!(
                    ",seq:{dtsn},instance:{inst},rank:{rank},{}mop:",
                    if mp & 0x80 != 0 { "grounded," } else { "" }
                ));
                match (mp >> 3) & 7 {
                    0 => cx.s("nonstoring"),
                    1 => cx.s("storing"),
                    2 => cx.s("nonstoring-multicast"),
                    3 => cx.s("storing-multicast"),
                    o => cx.f(format_args!("mop{o}")),
                }
                cx.f(format_args!(",prf:{}]", mp & 7));
                if v > 1 {
                    write_rpl_opts(cx, dio.options)?;
                }
            }
        }
        Rpl::Dao(dao) if !dao.ack => {
            cx.s("Destination Advertisement Object");
            if v > 0 {
                write_dao(cx, dao)?;
            }
        }
        Rpl::Dao(dao) => {
            cx.s("Destination Advertisement Object Ack");
            if v > 0 {
                write_dao_ack(cx, dao)?;
            }
        }
        Rpl::Unknown => cx.f(format_args!("RPL message, unknown code {code}")),
    }
    Ok(())
}

fn write_dao(cx: &mut Cx<'_>, dao: &RplDao<'_>) -> R {
    if dao.captured < 20 {
        cx.trunc_named("icmp6");
        return Ok(());
    }
    if dao.length < 4 {
        cx.s(" [|length too short]");
        return Ok(());
    }
    let flags = get(dao.flags)?;
    let mut dagid = None;
    if flags & 0x40 != 0 {
        if dao.length < 20 {
            cx.s(" [|length too short]");
            return Ok(());
        }
        dagid = Some(get(dao.dagid)?);
    }
    cx.s(" [dagid:");
    match dagid {
        Some(a) => cx.f(format_args!("{}", Ip6Text(a))),
        None => cx.s("<elided>"),
    }
    cx.f(format_args!(
        ",seq:{},instance:{}{}{},{flags:02x}]",
        get(dao.seq)?,
        get(dao.instance)?,
        if flags & 0x80 != 0 { ",acK" } else { "" },
        if flags & 0x40 != 0 { ",Dagid" } else { "" }
    ));
    if cx.o.verbose > 1 {
        write_rpl_opts(cx, dao.options)?;
    }
    Ok(())
}

fn write_dao_ack(cx: &mut Cx<'_>, dao: &RplDao<'_>) -> R {
    if dao.captured < 4 {
        cx.trunc_named("icmp6");
        return Ok(());
    }
    if dao.length < 4 {
        cx.s(" [|dao-length too short]");
        return Ok(());
    }
    let flags = get(dao.flags)?;
    let mut dagid = None;
    if flags & 0x80 != 0 {
        if dao.captured < 20 {
            cx.trunc_named("icmp6");
            return Ok(());
        }
        if dao.length < 20 {
            cx.s(" [|dao-length too short]");
            return Ok(());
        }
        dagid = Some(get(dao.dagid)?);
    }
    cx.s(" [dagid:");
    match dagid {
        Some(a) => cx.f(format_args!("{}", Ip6Text(a))),
        None => cx.s("<elided>"),
    }
    cx.f(format_args!(
        ",seq:{},instance:{},status:{}]",
        get(dao.seq)?,
        get(dao.instance)?,
        get(dao.status)?
    ));
    if cx.o.verbose > 1 {
        write_rpl_opts(cx, dao.options)?;
    }
    Ok(())
}

/// tcpdump's `rpl_printopts`.
fn write_rpl_opts(cx: &mut Cx<'_>, opts: RplOptions<'_>) -> R {
    for o in opts {
        match o {
            RplOpt::Pad1 => cx.s(" opt:pad1"),
            RplOpt::TooShort => {
                cx.trunc_named("icmp6");
                return Ok(());
            }
            RplOpt::NotCaptured => return Err(Gone),
            RplOpt::Opt {
                ty,
                len,
                data,
                whole,
            } => {
                let name = match ty {
                    1 => Some("padN"),
                    2 => Some("metrics"),
                    3 => Some("routinginfo"),
                    4 => Some("config"),
                    5 => Some("rpltarget"),
                    6 => Some("transitinfo"),
                    8 => Some("destprefix"),
                    9 => Some("rpltargetdesc"),
                    _ => None,
                };
                match name {
                    Some(n) => cx.f(format_args!(" opt:{n} len:{len} ")),
                    None => cx.f(format_args!(" opt:subopt:{ty} len:{len} ")),
                }
                if !whole {
                    cx.trunc_named("icmp6");
                    return Ok(());
                }
                if cx.o.verbose > 2 {
                    hex_print(cx, " ", data);
                }
            }
        }
    }
    Ok(())
}
