//! ICMPv6, as tcpdump's print-icmp6.c prints it: errors with what they
//! quote, echo, neighbour discovery and its options, MLDv1/v2, node
//! information, router renumbering and RPL.

use std::net::{IpAddr, Ipv4Addr};

use super::fmt::{hex_print, write_addr, write_char};
use super::Cx;
use crate::decode::bytes::{checksum, cksum_shouldbe};
use crate::decode::icmp6::{self as i6, Icmp6, MldRecord, NdOpt};
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
        let field = get(m.checksum())?;
        let sum = checksum(m.bytes, ip.pseudo_header_sum(58, length));
        if sum != 0 {
            cx.f(format_args!(
                "[bad icmp6 cksum 0x{field:04x} -> 0x{:04x}!] ",
                cksum_shouldbe(field, sum)
            ));
        } else {
            cx.s("[icmp6 sum ok] ");
        }
    }
    let t = get(m.icmp_type())?;
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
    let code = get(m.code())?;
    let q = m.quoted();
    match t {
        i6::DST_UNREACH => {
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
                    cx.s(" ");
                    write_addr(cx, get(q.dst())?);
                }
                2 => {
                    cx.s(" ");
                    write_addr(cx, get(q.dst())?);
                    cx.s(", source address ");
                    write_addr(cx, get(q.src())?);
                }
                4 => {
                    let Some((prot, dport)) = q.upper() else {
                        cx.trunc_named("icmp6");
                        return Ok(());
                    };
                    let dst = get(q.dst())?;
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
                    if v <= 1 {
                        hex_print(cx, "\n\t", m.bytes);
                        return Ok(());
                    }
                }
            }
        }
        i6::PACKET_TOO_BIG => {
            let mtu = get(m.u32_at(4))?;
            cx.f(format_args!(", mtu {mtu}"));
        }
        i6::TIME_EXCEEDED => match code {
            0 => {
                cx.s(" for ");
                write_addr(cx, get(q.dst())?);
            }
            1 => cx.s(" (reassembly)"),
            c => cx.f(format_args!(", unknown code ({c})")),
        },
        i6::PARAM_PROB => {
            if q.dst().is_none() {
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
                    let ptr = get(m.u32_at(4))?;
                    cx.f(format_args!(", {w} - octet {ptr}"));
                }
                None => cx.f(format_args!(", code-#{code}")),
            }
        }
        i6::ECHO_REQUEST | i6::ECHO_REPLY => {
            let id = get(m.u16_at(4))?;
            let seq = get(m.u16_at(6))?;
            cx.f(format_args!(", id {id}, seq {seq}"));
        }
        i6::MLD_QUERY => {
            if length == 24 {
                write_mld(cx, m)?;
            } else if length >= 28 {
                cx.s(" v2");
                write_mldv2_query(cx, m)?;
            } else {
                cx.f(format_args!(" unknown-version (len {length}) "));
            }
        }
        i6::MLD_REPORT | i6::MLD_DONE => write_mld(cx, m)?,
        i6::ROUTER_SOLICIT => {
            if v > 0 && !write_nd_options(cx, m, 8)? {
                cx.trunc_named("icmp6");
            }
        }
        i6::ROUTER_ADVERT => {
            if v > 0 {
                let hl = get(m.u8_at(4))?;
                let flags = get(m.u8_at(5))?;
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
                let life = get(m.u16_at(6))?;
                let reach = get(m.u32_at(8))?;
                let retrans = get(m.u32_at(12))?;
                cx.f(format_args!(
                    "], pref {}, router lifetime {life}s, reachable time {reach}ms, retrans timer {retrans}ms",
                    rtpref(flags)
                ));
                if !write_nd_options(cx, m, 16)? {
                    cx.trunc_named("icmp6");
                }
            }
        }
        i6::NEIGHBOR_SOLICIT => {
            cx.s(", who has ");
            write_addr(cx, get(m.addr_at(8))?);
            if v > 0 && !write_nd_options(cx, m, 24)? {
                cx.trunc_named("icmp6");
            }
        }
        i6::NEIGHBOR_ADVERT => {
            cx.s(", tgt is ");
            write_addr(cx, get(m.addr_at(8))?);
            if v > 0 {
                let flags = get(m.u32_at(4))?;
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
                if !write_nd_options(cx, m, 24)? {
                    cx.trunc_named("icmp6");
                }
            }
        }
        i6::REDIRECT => {
            cx.s(", ");
            write_addr(cx, get(m.addr_at(24))?);
            cx.s(" to ");
            write_addr(cx, get(m.addr_at(8))?);
            if v > 0 && !write_nd_options(cx, m, 40)? {
                cx.trunc_named("icmp6");
            }
        }
        i6::ROUTER_RENUMBERING => write_rrenum(cx, m)?,
        i6::NI_QUERY | i6::NI_REPLY => write_nodeinfo(cx, m)?,
        i6::IND_SOLICIT | i6::IND_ADVERT => {}
        i6::MLDV2_REPORT => write_mldv2_report(cx, m)?,
        i6::MOBILEPREFIX_SOLICIT | i6::HADISCOV_REQUEST => {
            let id = get(m.u16_at(4))?;
            cx.f(format_args!(", id 0x{id:04x}"));
        }
        i6::HADISCOV_REPLY => {
            if v > 0 {
                let id = get(m.u16_at(4))?;
                cx.f(format_args!(", id 0x{id:04x}"));
                let mut off = 8usize;
                while (off as u64) < u64::from(length) {
                    cx.s(", ");
                    write_addr(cx, get(m.addr_at(off))?);
                    off += 16;
                }
            }
        }
        i6::MOBILEPREFIX_ADVERT => {
            if v > 0 {
                let id = get(m.u16_at(4))?;
                cx.f(format_args!(", id 0x{id:04x}"));
                let flags = get(m.u16_at(6))?;
                if flags & 0xc000 != 0 {
                    cx.s(" ");
                }
                if flags & 0x8000 != 0 {
                    cx.s("M");
                }
                if flags & 0x4000 != 0 {
                    cx.s("O");
                }
                if !write_nd_options(cx, m, 8)? {
                    cx.trunc_named("icmp6");
                }
            }
        }
        i6::RPL => write_rpl(cx, m, code)?,
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

fn rtpref(flags: u8) -> &'static str {
    match (flags >> 3) & 3 {
        0 => "medium",
        1 => "high",
        2 => "rsv",
        _ => "low",
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
fn write_mld(cx: &mut Cx<'_>, m: &Icmp6<'_>) -> R {
    if m.bytes.len() < 24 {
        return Ok(());
    }
    let delay = get(m.u16_at(4))?;
    cx.f(format_args!("max resp delay: {delay} addr: "));
    write_addr(cx, get(m.addr_at(8))?);
    Ok(())
}

/// tcpdump's `mldv2_query_print`.
fn write_mldv2_query(cx: &mut Cx<'_>, m: &Icmp6<'_>) -> R {
    let len = m.length;
    if len < 28 {
        cx.f(format_args!(" [invalid len {len}]"));
        return Ok(());
    }
    let mrc = u32::from(get(m.u16_at(4))?);
    let mrt = if mrc < 32768 {
        mrc
    } else {
        ((mrc & 0x0fff) | 0x1000) << (((mrc & 0x7000) >> 12) + 3)
    };
    let v = cx.o.verbose;
    if v > 0 {
        cx.f(format_args!(" [max resp delay={mrt}]"));
    }
    cx.s(" [gaddr ");
    write_addr(cx, get(m.addr_at(8))?);
    if v > 0 {
        let s = get(m.u8_at(24))?;
        if s & 0x08 != 0 {
            cx.s(" sflag");
        }
        if s & 0x07 != 0 {
            cx.f(format_args!(" robustness={}", s & 0x07));
        }
        let q = u32::from(get(m.u8_at(25))?);
        let qqi = if q < 128 {
            q
        } else {
            ((q & 0x0f) | 0x10) << (((q & 0x70) >> 4) + 3)
        };
        cx.f(format_args!(" qqi={qqi}"));
    }
    let nsrcs = u32::from(get(m.u16_at(26))?);
    if nsrcs > 0 {
        if u64::from(len) < 28 + u64::from(nsrcs) * 16 {
            cx.s(" [invalid number of sources]");
        } else if v > 1 {
            cx.s(" {");
            for i in 0..nsrcs as usize {
                cx.s(" ");
                write_addr(cx, get(m.addr_at(28 + i * 16))?);
            }
            cx.s(" }");
        } else {
            cx.f(format_args!(", {nsrcs} source(s)"));
        }
    }
    cx.s("]");
    Ok(())
}

/// tcpdump's `mldv2_report_print`.
fn write_mldv2_report(cx: &mut Cx<'_>, m: &Icmp6<'_>) -> R {
    if m.length < 8 {
        cx.f(format_args!(" [invalid len {}]", m.length));
        return Ok(());
    }
    let ngroups = get(m.u16_at(6))?;
    cx.f(format_args!(", {ngroups} group record(s)"));
    let v = cx.o.verbose;
    if v == 0 {
        return Ok(());
    }
    for r in m.mldv2_records() {
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
                cx.s(" [gaddr ");
                write_addr(cx, get(group)?);
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
                    for i in 0..usize::from(n) {
                        cx.s(" ");
                        write_addr(cx, get(crate::decode::ipv6::addr_at(sources, i * 16))?);
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
fn write_nd_options(cx: &mut Cx<'_>, m: &Icmp6<'_>, off: usize) -> Result<bool, Gone> {
    let v = cx.o.verbose;
    for o in m.nd_options(off) {
        let NdOpt::Opt {
            ty,
            len,
            bytes,
            tail,
            area,
        } = o
        else {
            return Ok(false);
        };
        let n = usize::from(len) << 3;
        cx.f(format_args!(
            "\n\t  {} option ({ty}), length {n} ({len}): ",
            i6::option_name(ty).unwrap_or("unknown")
        ));
        let t = crate::decode::icmp6::Icmp6 {
            length: tail.len() as u32,
            bytes: tail,
        };
        match ty {
            i6::OPT_SOURCE_LINKADDR | i6::OPT_TARGET_LINKADDR => {
                for (i, b) in bytes.iter().skip(2).enumerate() {
                    if i > 0 {
                        cx.s(":");
                    }
                    cx.f(format_args!("{b:02x}"));
                }
            }
            i6::OPT_PREFIX_INFORMATION => {
                let prefix = get(t.addr_at(16))?;
                let plen = get(t.u8_at(2))?;
                write_addr(cx, prefix);
                cx.f(format_args!(
                    "/{plen}{}, Flags [",
                    if len != 4 { "badlen" } else { "" }
                ));
                let flags = get(t.u8_at(3))?;
                write_bits(
                    cx,
                    u32::from(flags),
                    &[(0x80, "onlink"), (0x40, "auto"), (0x20, "router")],
                    ", ",
                );
                cx.s("], valid time ");
                write_lifetime(cx, get(t.u32_at(4))?);
                cx.s(", pref. time ");
                write_lifetime(cx, get(t.u32_at(8))?);
            }
            i6::OPT_REDIRECTED_HEADER => {
                hex_print(cx, "\n\t    ", crate::decode::bytes::prefix(area, n));
            }
            i6::OPT_MTU => {
                let mtu = get(t.u32_at(4))?;
                cx.f(format_args!(
                    " {mtu}{}",
                    if len != 1 { "bad option length" } else { "" }
                ));
            }
            i6::OPT_RDNSS => {
                let life = get(t.u32_at(4))?;
                cx.f(format_args!(" lifetime {life}s,"));
                for i in 0..usize::from(len.saturating_sub(1) / 2) {
                    cx.s(" addr: ");
                    write_addr(cx, get(t.addr_at(8 + 16 * i))?);
                }
            }
            i6::OPT_DNSSL => {
                let life = get(t.u32_at(4))?;
                cx.f(format_args!(" lifetime {life}s, domain(s):"));
                let mut p = 8usize;
                while p < n && get(t.u8_at(p))? != 0 {
                    cx.s(" ");
                    match write_fqdn(cx, tail, p) {
                        Some(next) => p = next,
                        None => return Ok(false),
                    }
                }
            }
            i6::OPT_ADVINTERVAL => {
                let iv = get(t.u32_at(4))?;
                cx.f(format_args!(" {iv}ms"));
            }
            i6::OPT_HOMEAGENT_INFO => {
                let pref = get(t.u16_at(4))?;
                let life = get(t.u16_at(6))?;
                cx.f(format_args!(" preference {pref}, lifetime {life}"));
            }
            i6::OPT_ROUTE_INFO => {
                if t.u32_at(4).is_none() {
                    return Ok(false);
                }
                let mut a = [0u8; 16];
                match len {
                    1 => {}
                    2 | 3 => {
                        let k = if len == 2 { 8 } else { 16 };
                        let src = get(tail.get(8..8 + k))?;
                        a.get_mut(..k).unwrap_or(&mut []).copy_from_slice(src);
                    }
                    _ => return Ok(false),
                }
                cx.s(" ");
                write_addr(cx, std::net::Ipv6Addr::from(a));
                let plen = get(t.u8_at(2))?;
                cx.f(format_args!("/{plen}"));
                let flags = get(t.u8_at(3))?;
                cx.f(format_args!(", pref={}", rtpref(flags)));
                cx.s(", lifetime=");
                write_lifetime(cx, get(t.u32_at(4))?);
            }
            _ => {
                if v <= 1 {
                    hex_print(cx, "\n\t  ", crate::decode::bytes::suffix(bytes, 2));
                    return Ok(true);
                }
            }
        }
        if v > 1 {
            hex_print(cx, "\n\t    ", crate::decode::bytes::suffix(bytes, 2));
        }
    }
    Ok(true)
}

/// tcpdump's `fqdn_print` for a name at `p` in `area` (no compression is
/// expected in DNSSL, but pointers backwards within the area are
/// followed). Returns where the name ends, `None` when it gave up.
fn write_fqdn(cx: &mut Cx<'_>, area: &[u8], mut p: usize) -> Option<usize> {
    let mut max_offset = p;
    let mut end: Option<usize> = None;
    let mut chars = 0usize;
    let mut first = true;
    loop {
        let i = *area.get(p)?;
        match i & 0xc0 {
            0xc0 => {
                let lo = *area.get(p + 1)?;
                if end.is_none() {
                    end = Some(p + 2);
                }
                let off = (usize::from(i & 0x3f) << 8) | usize::from(lo);
                if off >= max_offset {
                    cx.s("<BAD PTR>");
                    return None;
                }
                max_offset = off;
                p = off;
                continue;
            }
            0x40 => {
                cx.f(format_args!("<ELT {}>", i & 0x3f));
                return None;
            }
            0x80 => {
                cx.s("<BAD LABEL TYPE>");
                return None;
            }
            _ => {}
        }
        if i == 0 {
            if first {
                cx.s(".");
            }
            if chars > 255 {
                cx.s("<DOMAIN NAME TOO LONG>");
            }
            return Some(end.unwrap_or(p + 1));
        }
        first = false;
        let l = usize::from(i);
        let label = area.get(p + 1..)?;
        let take = if chars + l <= 255 {
            l
        } else {
            255usize.saturating_sub(chars)
        };
        for k in 0..take {
            let &c = label.get(k)?;
            write_char(cx, c);
        }
        chars += l;
        p += 1 + l;
        if chars <= 255 {
            cx.s(".");
        }
        chars += 1;
    }
}

/// tcpdump's `dnsname_print` (node information names).
fn write_dnsname(cx: &mut Cx<'_>, b: &[u8]) {
    cx.s(", \"");
    let mut cp = 0usize;
    let ep = b.len();
    while cp < ep {
        let i = usize::from(b.get(cp).copied().unwrap_or(0));
        cp += 1;
        if i != 0 {
            if i > ep - cp {
                cx.s("???");
                break;
            }
            let mut n = i;
            while n > 0 && cp < ep {
                write_char(cx, b.get(cp).copied().unwrap_or(0));
                cp += 1;
                n -= 1;
            }
            if cp + 1 < ep && b.get(cp).copied().unwrap_or(0) != 0 {
                cx.s(".");
            }
        } else {
            if cp == ep {
                cx.s(".");
            } else if cp + 1 == ep && b.get(cp) == Some(&0) {
                // truncated
            } else {
                cx.s("???");
            }
            break;
        }
    }
    cx.s("\"");
}

fn write_ni_name(cx: &mut Cx<'_>, b: &[u8]) {
    let v = cx.o.verbose;
    if b.first().map(|&c| usize::from(c)) == Some(b.len().wrapping_sub(1)) && !b.is_empty() {
        if v > 0 {
            cx.s(", 03 draft");
        }
        cx.s(", \"");
        for &c in b.iter().skip(1) {
            write_char(cx, c);
        }
        cx.s("\"");
    } else {
        write_dnsname(cx, b);
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
        if with_t { f(0x01, "T") } else { "" }
    ));
}

/// tcpdump's `icmp6_nodeinfo_print`.
fn write_nodeinfo(cx: &mut Cx<'_>, m: &Icmp6<'_>) -> R {
    let b = m.bytes;
    let siz = b.len();
    let v = cx.o.verbose;
    let t = get(m.icmp_type())?;
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
        let qtype = get(m.u16_at(4))?;
        match qtype {
            0 => cx.s("noop"),
            1 => {
                cx.s("supported qtypes");
                let i = get(m.u16_at(6))?;
                if i != 0 {
                    cx.f(format_args!(" [{}]", if i & 1 != 0 { "C" } else { "" }));
                }
            }
            2 => cx.s("DNS name"),
            3 => {
                cx.s("node addresses");
                let i = get(m.u16_at(6))?;
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
        let subj = crate::decode::bytes::suffix(b, 16);
        match get(m.code())? {
            0 => {
                if siz >= 32 {
                    if siz != 32 {
                        if v > 0 {
                            cx.s(", invalid subject len");
                        }
                    } else {
                        cx.s(", subject=");
                        write_addr(cx, get(m.addr_at(16))?);
                    }
                }
            }
            1 => {
                cx.s(", subject=DNS name");
                get(subj.first())?;
                write_ni_name(cx, subj);
            }
            2 => {
                if siz >= 20 {
                    if siz != 20 {
                        if v > 0 {
                            cx.s(", invalid subject len");
                        }
                    } else {
                        let a = Ipv4Addr::from(get(m.u32_at(16))?);
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
    if m.length as usize > siz {
        cx.trunc_named("icmp6");
        return Ok(());
    }
    if siz < 16 {
        cx.trunc_named("icmp6");
        return Ok(());
    }
    cx.s(" node information reply (");
    let code = get(m.code())?;
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
    match get(m.u16_at(4))? {
        0 => {
            cx.s("noop");
            if siz != 16 && v > 0 {
                cx.s(", invalid length");
            }
        }
        1 => {
            cx.s("supported qtypes");
            let i = get(m.u16_at(6))?;
            if i != 0 {
                cx.f(format_args!(" [{}]", if i & 1 != 0 { "C" } else { "" }));
            }
        }
        2 => {
            cx.s("DNS name");
            let name = crate::decode::bytes::suffix(b, 20);
            get(name.first())?;
            write_ni_name(cx, name);
            if get(m.u16_at(6))? & 1 != 0 {
                let ttl = get(m.u32_at(16))?;
                cx.f(format_args!(" [TTL={ttl}]"));
            }
        }
        3 => {
            cx.s("node addresses");
            let mut i = 16usize;
            while i < siz {
                if i + 20 > siz {
                    break;
                }
                let a = get(m.addr_at(i + 4))?;
                let ttl = get(m.u32_at(i))?;
                cx.s(" ");
                write_addr(cx, a);
                cx.f(format_args!("({ttl})"));
                i += 20;
            }
            let f = get(m.u16_at(6))?;
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
fn write_rrenum(cx: &mut Cx<'_>, m: &Icmp6<'_>) -> R {
    let v = cx.o.verbose;
    if m.bytes.len() < 16 {
        cx.trunc_named("icmp6");
        return Ok(());
    }
    let code = get(m.code())?;
    match code {
        0 => cx.s(", command"),
        1 => cx.s(", result"),
        255 => cx.s(", sequence number reset"),
        c => cx.f(format_args!(", code-#{c}")),
    }
    let seq = get(m.u32_at(4))?;
    cx.f(format_args!(", seq={seq}"));
    if v > 0 {
        let fl = get(m.u8_at(9))?;
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
        let seg = get(m.u8_at(8))?;
        let delay = get(m.u16_at(10))?;
        cx.f(format_args!("seg={seg},maxdelay={delay}"));
        let rsvd = get(m.u32_at(12))?;
        if rsvd != 0 {
            cx.f(format_args!("rsvd=0x{rsvd:x}"));
        }
        cx.s("]");
    }
    if code != 0 {
        return Ok(());
    }
    if m.addr_at(24).is_none() {
        cx.trunc_named("icmp6");
        return Ok(());
    }
    cx.s(if v > 1 { "\n\t" } else { " " });
    cx.s("match(");
    match get(m.u8_at(16))? {
        1 => cx.s("add"),
        2 => cx.s("change"),
        3 => cx.s("setglobal"),
        c => cx.f(format_args!("#{c}")),
    }
    if v > 0 {
        cx.f(format_args!(
            ",ord={},min={},max={}",
            get(m.u8_at(18))?,
            get(m.u8_at(20))?,
            get(m.u8_at(21))?
        ));
    }
    let prefix = get(m.addr_at(24))?;
    cx.f(format_args!(
        ",{}/{})",
        super::fmt::Ip6Text(prefix),
        get(m.u8_at(19))?
    ));
    let n = i32::from(get(m.u8_at(17))?) - 3;
    if n % 4 != 0 {
        cx.trunc_named("icmp6");
        return Ok(());
    }
    let mut off = 40usize;
    for _ in 0..(n / 4).max(0) {
        if m.addr_at(off + 16).is_none() {
            cx.trunc_named("icmp6");
            return Ok(());
        }
        cx.s(if v > 1 { "\n\t" } else { " " });
        cx.s("use(");
        let fl = get(m.u8_at(off + 12))?;
        if fl != 0 {
            cx.f(format_args!(
                "{}{},",
                if fl & 0x80 != 0 { "V" } else { "" },
                if fl & 0x40 != 0 { "P" } else { "" }
            ));
        }
        if v > 0 {
            cx.f(format_args!(
                "mask=0x{:x},raflags=0x{:x},",
                get(m.u8_at(off + 2))?,
                get(m.u8_at(off + 3))?
            ));
            let vl = get(m.u32_at(off + 4))?;
            if vl == u32::MAX {
                cx.s("vltime=infty,");
            } else {
                cx.f(format_args!("vltime={vl},"));
            }
            let pl = get(m.u32_at(off + 8))?;
            if pl == u32::MAX {
                cx.s("pltime=infty,");
            } else {
                cx.f(format_args!("pltime={pl},"));
            }
        }
        let prefix = get(m.addr_at(off + 16))?;
        cx.f(format_args!(
            "{}/{}/{})",
            super::fmt::Ip6Text(prefix),
            get(m.u8_at(off))?,
            get(m.u8_at(off + 1))?
        ));
        off += 32;
    }
    Ok(())
}

/// tcpdump's `rpl_print` (the message body starts at byte 4).
fn write_rpl(cx: &mut Cx<'_>, m: &Icmp6<'_>, code: u8) -> R {
    let v = cx.o.verbose;
    if code & 0x80 != 0 {
        cx.s(", (SEC) [worktodo]");
        return Ok(());
    }
    cx.s(", (CLR)");
    let length = m.length.saturating_sub(4);
    let body = crate::decode::bytes::suffix(m.bytes, 4);
    let b = Icmp6 {
        length,
        bytes: body,
    };
    match code & 0x7f {
        0 => cx.s("DODAG Information Solicitation"),
        1 => {
            cx.s("DODAG Information Object");
            if v > 0 {
                if length < 24 {
                    cx.invalid();
                    return Ok(());
                }
                let dagid = get(b.addr_at(8))?;
                let dtsn = get(b.u8_at(5))?;
                let inst = get(b.u8_at(0))?;
                let rank = get(b.u16_at(2))?;
                let mp = get(b.u8_at(4))?;
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
                    write_rpl_opts(cx, crate::decode::bytes::suffix(body, 24), length - 24)?;
                }
            }
        }
        2 => {
            cx.s("Destination Advertisement Object");
            if v > 0 {
                if body.len() < 20 {
                    cx.trunc_named("icmp6");
                    return Ok(());
                }
                if length < 4 {
                    cx.s(" [|length too short]");
                    return Ok(());
                }
                let flags = get(b.u8_at(1))?;
                let mut rest = 4usize;
                let mut dagid = None;
                if flags & 0x40 != 0 {
                    if length < 20 {
                        cx.s(" [|length too short]");
                        return Ok(());
                    }
                    dagid = Some(get(b.addr_at(4))?);
                    rest = 20;
                }
                cx.s(" [dagid:");
                match dagid {
                    Some(a) => cx.f(format_args!("{}", super::fmt::Ip6Text(a))),
                    None => cx.s("<elided>"),
                }
                cx.f(format_args!(
                    ",seq:{},instance:{}{}{},{flags:02x}]",
                    get(b.u8_at(3))?,
                    get(b.u8_at(0))?,
                    if flags & 0x80 != 0 { ",acK" } else { "" },
                    if flags & 0x40 != 0 { ",Dagid" } else { "" }
                ));
                if v > 1 {
                    write_rpl_opts(
                        cx,
                        crate::decode::bytes::suffix(body, rest),
                        length - rest as u32,
                    )?;
                }
            }
        }
        3 => {
            cx.s("Destination Advertisement Object Ack");
            if v > 0 {
                if body.len() < 4 {
                    cx.trunc_named("icmp6");
                    return Ok(());
                }
                if length < 4 {
                    cx.s(" [|dao-length too short]");
                    return Ok(());
                }
                let flags = get(b.u8_at(1))?;
                let mut rest = 4usize;
                let mut dagid = None;
                if flags & 0x80 != 0 {
                    if body.len() < 20 {
                        cx.trunc_named("icmp6");
                        return Ok(());
                    }
                    if length < 20 {
                        cx.s(" [|dao-length too short]");
                        return Ok(());
                    }
                    dagid = Some(get(b.addr_at(4))?);
                    rest = 20;
                }
                cx.s(" [dagid:");
                match dagid {
                    Some(a) => cx.f(format_args!("{}", super::fmt::Ip6Text(a))),
                    None => cx.s("<elided>"),
                }
                cx.f(format_args!(
                    ",seq:{},instance:{},status:{}]",
                    get(b.u8_at(2))?,
                    get(b.u8_at(0))?,
                    get(b.u8_at(3))?
                ));
                if v > 1 {
                    write_rpl_opts(
                        cx,
                        crate::decode::bytes::suffix(body, rest),
                        length - rest as u32,
                    )?;
                }
            }
        }
        _ => cx.f(format_args!("RPL message, unknown code {code}")),
    }
    Ok(())
}

/// tcpdump's `rpl_printopts`.
fn write_rpl_opts(cx: &mut Cx<'_>, opts: &[u8], mut length: u32) -> R {
    let mut p = 0usize;
    while length != 0 {
        let ty = get(opts.get(p).copied())?;
        let optlen;
        if ty == 0 {
            optlen = 1;
            cx.s(" opt:pad1");
        } else {
            if length < 2 {
                cx.trunc_named("icmp6");
                return Ok(());
            }
            optlen = u32::from(get(opts.get(p + 1).copied())?) + 2;
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
                Some(n) => cx.f(format_args!(" opt:{n} len:{optlen} ")),
                None => cx.f(format_args!(" opt:subopt:{ty} len:{optlen} ")),
            }
            let Some(all) = opts.get(p..p + optlen as usize) else {
                cx.trunc_named("icmp6");
                return Ok(());
            };
            if length < optlen {
                cx.trunc_named("icmp6");
                return Ok(());
            }
            if cx.o.verbose > 2 {
                hex_print(cx, " ", crate::decode::bytes::suffix(all, 2));
            }
        }
        p += optlen as usize;
        length = length.saturating_sub(optlen);
    }
    Ok(())
}
