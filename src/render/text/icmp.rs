//! ICMP, as tcpdump's print-icmp.c prints it: one summary per type and
//! code, the checksum with -v, and with -v the quoted datagram of an error
//! message (through the IPv4, UDP and TCP printers, as tcpdump's nested
//! `ip_print`) and RFC 4884 multi-part extensions.

use super::fmt::{hex_print, write_addr};
use super::{dispatch, Cx};
use crate::decode::bytes::cksum_shouldbe;
use crate::decode::icmp::{
    self as ic, kind, unreach, Body, ExtHeader, ExtItem, Extension, Icmp, Message, ObjData, Quote,
    Quoted, Quotes,
};
use crate::decode::ipv4::{self as ip4, Form, IpOption, Ipv4};
use crate::decode::{tcp, Decoded, Layer, Link, Net, StopKind, Tags, Transport};

/// tcpdump formats the summary into a buffer of `MAXHOSTNAMELEN + 100`
/// bytes; only a long router advertisement fills it.
const SUMMARY_MAX: usize = 64 + 100 - 1;

/// How deep quoted errors (an error quoting an error ...) are printed;
/// tcpdump has no limit, but only crafted packets nest at all.
const MAX_NESTING: usize = 64;

/// Whether printing goes on after a part of the packet: tcpdump either
/// returns from a printer (a checked length, `ND_TCHECK`) or abandons the
/// whole packet (a failed fetch, `GET_*`, which long-jumps out).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flow {
    Continue,
    End,
}

pub(super) fn write(cx: &mut Cx<'_>, _d: &Decoded<'_>, ip: &Ipv4<'_>, m: &Icmp<'_>) {
    let _ = write_message(cx, ip, &m.msg, &m.quotes, 0, 0);
}

/// A failed fetch: tcpdump abandons the packet (and dumps the whole frame
/// with -x, -X and -A).
fn end(cx: &mut Cx<'_>, layer: Layer) -> Flow {
    cx.trunc_early_end(layer.name());
    Flow::End
}

/// One message; `depth` is the level of `quotes` that `msg` quotes, and
/// `level` how deep in quotes `msg` itself is.
fn write_message(
    cx: &mut Cx<'_>,
    ip: &Ipv4<'_>,
    msg: &Message<'_>,
    quotes: &Quotes<'_>,
    depth: usize,
    level: usize,
) -> Flow {
    if let Body::Truncated { recoverable } = msg.body {
        if recoverable {
            cx.trunc(Layer::Icmp);
            return Flow::Continue;
        }
        return end(cx, Layer::Icmp);
    }
    let proto = cx.pal.proto;
    cx.styled_s(proto, "ICMP");
    cx.s(" ");
    summary(cx, msg);
    cx.f(format_args!(", length {}", msg.length));
    let verbose = cx.o.verbose > 0;
    // No checksum on a first fragment; tcpdump checks it even with -K.
    if verbose && !ip.header.more_fragments() {
        if let Some(sum) = msg.computed_checksum().filter(|&s| s != 0) {
            let Some(field) = msg.checksum else {
                return end(cx, Layer::Icmp);
            };
            let warn = cx.pal.warn;
            cx.styled(
                warn,
                format_args!(
                    " (wrong icmp cksum {:x} (->{:x})!)",
                    field,
                    cksum_shouldbe(field, sum)
                ),
            );
        }
    }
    if verbose && ic::is_error(msg.icmp_type) {
        cx.s("\n\t");
        // tcpdump fetches the quoted total length, bounds the capture by
        // it, and fetches it again: a length below 4 cuts its own field.
        if msg.quoted_len().is_none_or(|total| total < 4) {
            return end(cx, Layer::Icmp);
        }
        let flow = match quotes.get(depth) {
            Some(q) => write_quote(cx, q, quotes, depth, level),
            // The decoder stopped following the chain: ask for more of it.
            None if level < MAX_NESTING => {
                let more = ic::quotes_of(msg);
                match more.first() {
                    Some(q) => write_quote(cx, q, &more, 0, level),
                    None => Flow::End,
                }
            }
            None => Flow::End,
        };
        if flow == Flow::End {
            return Flow::End;
        }
    }
    if verbose {
        match msg.ext {
            Extension::None => {}
            Extension::Truncated => {
                cx.trunc(Layer::Icmp);
                return Flow::Continue;
            }
            Extension::Present(h) => return write_extension(cx, &h),
        }
    }
    Flow::Continue
}

/// The text tcpdump puts between `ICMP ` and `, length`.
fn summary(cx: &mut Cx<'_>, msg: &Message<'_>) {
    let code = msg.code;
    match msg.body {
        Body::Echo { id, seq } => {
            let what = if msg.icmp_type == kind::ECHO {
                "request"
            } else {
                "reply"
            };
            cx.f(format_args!("echo {what}, id {id}, seq {seq}"));
        }
        Body::Unreachable {
            dst,
            proto,
            port,
            mtu,
        } => match code {
            unreach::PORT => {
                write_addr(cx, dst);
                match proto {
                    ip4::PROTO_TCP => {
                        let port = cx.tcp_port(port);
                        cx.f(format_args!(" tcp port {port} unreachable"));
                    }
                    ip4::PROTO_UDP => {
                        let port = cx.udp_port(port);
                        cx.f(format_args!(" udp port {port} unreachable"));
                    }
                    _ => cx.f(format_args!(" protocol {proto} port {port} unreachable")),
                }
            }
            unreach::PROTOCOL => {
                write_addr(cx, dst);
                cx.f(format_args!(" protocol {proto} unreachable"));
            }
            unreach::NEED_FRAG => {
                write_addr(cx, dst);
                cx.s(" unreachable - need to frag");
                if mtu != 0 {
                    cx.f(format_args!(" (mtu {mtu})"));
                }
            }
            _ => {
                let (before, after) = unreach_words(code);
                cx.s(before);
                write_addr(cx, dst);
                match after {
                    Some(a) => cx.s(a),
                    None => cx.f(format_args!(" unreachable - #{code}")),
                }
            }
        },
        Body::Redirect { dst, gateway } => {
            let to = match code {
                0 | 2 => " to net ",
                1 | 3 => " to host ",
                _ => " to ",
            };
            match code {
                0 | 1 => cx.s("redirect "),
                2 | 3 => cx.s("redirect-tos "),
                _ => cx.f(format_args!("redirect-#{code} ")),
            }
            write_addr(cx, dst);
            cx.s(to);
            write_addr(cx, gateway);
        }
        Body::RouterAdvert {
            num,
            entry_size,
            lifetime,
            ..
        } => {
            // Plain text: tcpdump cuts this summary at its buffer size.
            let start = cx.out.len();
            cx.s("router advertisement lifetime ");
            let l = u32::from(lifetime);
            if l < 60 {
                cx.f(format_args!("{l}"));
            } else if l < 3600 {
                cx.f(format_args!("{}:{:02}", l / 60, l % 60));
            } else {
                cx.f(format_args!(
                    "{}:{:02}:{:02}",
                    l / 3600,
                    (l % 3600) / 60,
                    l % 60
                ));
            }
            cx.f(format_args!(" {num}:"));
            if entry_size != 2 {
                cx.f(format_args!(" [size {entry_size}]"));
            } else {
                for e in msg.router_entries() {
                    let host = cx.host(e.addr);
                    cx.f(format_args!(" {{{host} {}}}", e.preference));
                }
            }
            cx.out.truncate(start + SUMMARY_MAX);
        }
        Body::TimeExceeded { .. } => match code {
            0 => cx.s("time exceeded in-transit"),
            1 => cx.s("ip reassembly time exceeded"),
            _ => cx.f(format_args!("time exceeded-#{code}")),
        },
        Body::ParamProblem { pointer } => match (code, pointer) {
            (0, Some(p)) => cx.f(format_args!("parameter problem - octet {p}")),
            _ => cx.f(format_args!("parameter problem - code {code}")),
        },
        Body::MaskReply { mask } => cx.f(format_args!("address mask is 0x{mask:08x}")),
        Body::TimestampRequest { id, seq } => {
            cx.f(format_args!("time stamp query id {id} seq {seq}"));
        }
        Body::TimestampReply {
            id,
            seq,
            originate,
            receive,
            transmit,
        } => {
            cx.f(format_args!("time stamp reply id {id} seq {seq}: org "));
            write_ms_of_day(cx, originate);
            cx.s(", recv ");
            write_ms_of_day(cx, receive);
            cx.s(", xmit ");
            write_ms_of_day(cx, transmit);
        }
        Body::Plain | Body::Truncated { .. } => match type_name(msg.icmp_type) {
            Some(n) => cx.s(n),
            None => cx.f(format_args!("type-#{}", msg.icmp_type)),
        },
    }
}

/// The words around the address for unreachable codes without extra
/// fields; `None` for codes tcpdump has no name for.
fn unreach_words(code: u8) -> (&'static str, Option<&'static str>) {
    match code {
        unreach::NET => ("net ", Some(" unreachable")),
        unreach::HOST => ("host ", Some(" unreachable")),
        unreach::SRC_ROUTE_FAILED => ("", Some(" unreachable - source route failed")),
        unreach::NET_UNKNOWN => ("net ", Some(" unreachable - unknown")),
        unreach::HOST_UNKNOWN => ("host ", Some(" unreachable - unknown")),
        unreach::ISOLATED => ("", Some(" unreachable - source host isolated")),
        unreach::NET_PROHIB => ("net ", Some(" unreachable - admin prohibited")),
        unreach::HOST_PROHIB => ("host ", Some(" unreachable - admin prohibited")),
        unreach::TOS_NET => ("net ", Some(" unreachable - tos prohibited")),
        unreach::TOS_HOST => ("host ", Some(" unreachable - tos prohibited")),
        unreach::FILTER_PROHIB => ("host ", Some(" unreachable - admin prohibited filter")),
        unreach::HOST_PRECEDENCE => ("host ", Some(" unreachable - host precedence violation")),
        unreach::PRECEDENCE_CUTOFF => ("host ", Some(" unreachable - precedence cutoff")),
        _ => ("", None),
    }
}

/// tcpdump's names for the types it prints with no fields (`icmp2str`).
fn type_name(t: u8) -> Option<&'static str> {
    Some(match t {
        kind::ECHO_REPLY => "echo reply",
        kind::SOURCE_QUENCH => "source quench",
        kind::ECHO => "echo request",
        kind::ROUTER_SOLICIT => "router solicitation",
        kind::TSTAMP => "time stamp request",
        kind::TSTAMP_REPLY => "time stamp reply",
        kind::INFO_REQUEST => "information request",
        kind::INFO_REPLY => "information reply",
        kind::MASK_REQUEST => "address mask request",
        _ => return None,
    })
}

/// Milliseconds since midnight as `hh:mm:ss.mmm` (hours may exceed 23).
fn write_ms_of_day(cx: &mut Cx<'_>, t: u32) {
    let (ms, s) = (t % 1000, t / 1000);
    let (m, s) = (s / 60, s % 60);
    let (h, m) = (m / 60, m % 60);
    cx.f(format_args!("{h:02}:{m:02}:{s:02}.{ms:03}"));
}

/// The quoted datagram, through the IPv4 printer and what it calls.
fn write_quote(
    cx: &mut Cx<'_>,
    q: &Quote<'_>,
    quotes: &Quotes<'_>,
    depth: usize,
    level: usize,
) -> Flow {
    let Some(ip) = q.ip else {
        // Not even the version nibble of the quoted header.
        return end(cx, Layer::Ip);
    };
    if q.tunnel {
        // The datagram and the packet its tunnel carries, decoded whole
        // (the quote's own record does not follow tunnels); printing goes
        // on unless a printer gave the packet up.
        let full = ic::decode_tunnel_quote(q);
        let top = full.outermost();
        if let Net::Ipv4(ip) = top.net {
            dispatch::icmp_quote(cx, &top, &ip);
        }
        return if cx.early_end {
            Flow::End
        } else {
            Flow::Continue
        };
    }
    // A quoted ICMP message is printed here rather than by the IPv4
    // printer, to follow the chain and learn whether printing goes on.
    let (transport, stop) = match q.transport {
        Quoted::None => (Transport::None, q.stop),
        Quoted::Udp(u) => (Transport::Udp(u), q.stop),
        Quoted::Tcp(t) => (Transport::Tcp(t), q.stop),
        Quoted::Other { proto, payload } => (Transport::Other { proto, payload }, q.stop),
        Quoted::Igmp(m) => (Transport::Igmp(m), q.stop),
        Quoted::Vrrp(v) => (Transport::Vrrp(v), q.stop),
        Quoted::Icmp(_) => (Transport::None, q.stop.filter(|s| s.layer == Layer::Ip)),
    };
    let d = Decoded {
        frame: q.bytes,
        wire_len: q.bytes.len() as u32,
        link: Link::Raw,
        link_hdr_len: 0,
        vlans: Tags::default(),
        llc: None,
        net: Net::Ipv4(ip),
        transport,
        app: q.app,
        stop,
        encap: crate::decode::Encap::EMPTY,
    };
    dispatch::icmp_quote(cx, &d, &ip);
    if options_cut(&ip) {
        // The IPv4 printer stopped at the options and returned.
        return Flow::Continue;
    }
    match q.transport {
        Quoted::Icmp(inner) => write_message(cx, &ip, &inner, quotes, depth + 1, level + 1),
        // Their printers end the packet themselves when the quote is cut.
        Quoted::Igmp(_) | Quoted::Vrrp(_) if cx.early_end => Flow::End,
        _ => flow_after(q, &ip),
    }
}

/// Whether tcpdump goes on after printing a quoted datagram that is not
/// ICMP: its IPv4, UDP and TCP printers return after a short header, other
/// truncations end the packet.
fn flow_after(q: &Quote<'_>, ip: &Ipv4<'_>) -> Flow {
    let Some(stop) = q.stop else {
        return Flow::Continue;
    };
    if stop.kind == StopKind::Invalid {
        return Flow::Continue;
    }
    let goes_on = match stop.layer {
        Layer::Ip => ip.form == Form::Short || options_cut(ip),
        Layer::Udp => true,
        // A short header, or a header longer than the segment, returns;
        // a header cut inside its options does not.
        Layer::Tcp => match q.transport {
            Quoted::Tcp(t) => t.form != tcp::Form::Ok || u32::from(t.header.header_len) > t.length,
            _ => true,
        },
        _ => false,
    };
    if goes_on {
        Flow::Continue
    } else {
        Flow::End
    }
}

/// True when the IPv4 printer reports `[truncated-option]` for these
/// options (and returns), rather than printing what follows them.
fn options_cut(ip: &Ipv4<'_>) -> bool {
    if ip.form != Form::Ok || ip.header.header_len <= 20 {
        return false;
    }
    for opt in ip.options() {
        match opt {
            IpOption::Truncated { .. } => return true,
            _ if opt.entries_cut() => return true,
            IpOption::Nop
            | IpOption::Route(_)
            | IpOption::Timestamp(_)
            | IpOption::RouterAlert(_)
            | IpOption::Other { .. } => {}
            IpOption::Eol | IpOption::BadLength { .. } | IpOption::Cut { .. } => return false,
        }
    }
    false
}

/// RFC 4884 extensions.
fn write_extension(cx: &mut Cx<'_>, h: &ExtHeader<'_>) -> Flow {
    if !h.believed() {
        return Flow::Continue;
    }
    cx.f(format_args!("\n\tICMP Multi-Part extension v{}", h.version));
    if h.version != 2 {
        cx.s(" packet not supported");
        return Flow::Continue;
    }
    if let Some(sum) = h.computed {
        cx.f(format_args!(
            ", checksum 0x{:04x} ({}correct), length {}",
            h.checksum,
            if sum != 0 { "in" } else { "" },
            h.length
        ));
    }
    for item in h.objects() {
        let ExtItem::Object {
            length,
            class,
            ctype,
            data,
        } = item
        else {
            cx.trunc(Layer::Icmp);
            return Flow::Continue;
        };
        let name = match class {
            1 => "MPLS Stack Entry",
            2 => "Interface Identification",
            _ => "unknown",
        };
        cx.f(format_args!(
            "\n\t  {name} Object ({class}), Class-Type: {ctype}, length {length}"
        ));
        match data {
            ObjData::Bad => return Flow::Continue,
            ObjData::Mpls {
                label,
                tc,
                bottom,
                ttl,
            } => {
                cx.f(format_args!("\n\t    label {label}, tc {tc}"));
                if bottom {
                    cx.s(", [S]");
                }
                cx.f(format_args!(", ttl {ttl}"));
            }
            ObjData::MplsTruncated => return end(cx, Layer::Icmp),
            ObjData::Raw(bytes) => hex_print(cx, "\n\t    ", bytes),
        }
    }
    Flow::Continue
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::super::TextOptions;
    use super::*;
    use crate::decode::bytes::checksum;
    use crate::decode::{decode, LinkType};
    use crate::render::Palette;
    use crate::testdata::PORT_UNREACH;

    /// The text of one raw-IP frame of which `caplen` bytes were captured.
    fn render(frame: &[u8], caplen: usize, verbose: u8) -> String {
        let captured = &frame[..caplen.min(frame.len())];
        let d = decode(LinkType::RAW, captured, frame.len() as u32);
        let o = TextOptions {
            verbose,
            ..TextOptions::default()
        };
        let pal = Palette::plain();
        let mut out = Vec::new();
        let mut cx = Cx {
            out: &mut out,
            o: &o,
            pal: &pal,
            names: None,
            state: &mut super::super::State::default(),
            early_end: false,
        };
        super::super::link::write_raw(&mut cx, &d);
        String::from_utf8(out).unwrap()
    }

    const OUTER: ([u8; 4], [u8; 4]) = ([10, 0, 0, 9], [10, 0, 0, 2]);
    const INNER: ([u8; 4], [u8; 4]) = ([10, 0, 0, 2], [10, 0, 0, 3]);

    /// An IPv4 header (id 1, no options, good checksum) and its payload.
    fn ip(
        proto: u8,
        (src, dst): ([u8; 4], [u8; 4]),
        ttl: u8,
        frag: u16,
        payload: &[u8],
    ) -> Vec<u8> {
        let total = (20 + payload.len()) as u16;
        let mut p = vec![0x45, 0];
        p.extend(total.to_be_bytes());
        p.extend([0, 1]);
        p.extend(frag.to_be_bytes());
        p.extend([ttl, proto, 0, 0]);
        p.extend(src);
        p.extend(dst);
        let c = checksum(&p, 0);
        p[10..12].copy_from_slice(&c.to_be_bytes());
        p.extend(payload);
        p
    }

    /// As [`ip`], but with a total length field of `total`.
    fn ip_claiming(total: u16, proto: u8, addrs: ([u8; 4], [u8; 4]), payload: &[u8]) -> Vec<u8> {
        let mut p = ip(proto, addrs, 64, 0, payload);
        p[2..4].copy_from_slice(&total.to_be_bytes());
        p[10..12].copy_from_slice(&[0, 0]);
        let c = checksum(&p[..20], 0);
        p[10..12].copy_from_slice(&c.to_be_bytes());
        p
    }

    /// An ICMP message; `sum` overrides the (otherwise correct) checksum.
    fn icmp(t: u8, c: u8, rest: [u8; 4], data: &[u8], sum: Option<u16>) -> Vec<u8> {
        let mut m = vec![t, c, 0, 0];
        m.extend(rest);
        m.extend(data);
        let s = sum.unwrap_or_else(|| checksum(&m, 0));
        m[2..4].copy_from_slice(&s.to_be_bytes());
        m
    }

    /// A message from 10.0.0.9 to 10.0.0.2.
    fn msg(t: u8, c: u8, rest: [u8; 4], data: &[u8]) -> Vec<u8> {
        ip(1, OUTER, 64, 0, &icmp(t, c, rest, data, None))
    }

    /// A UDP probe to a closed port, as quoted (TTL 1, no checksum).
    fn quoted_udp() -> Vec<u8> {
        #[rustfmt::skip]
        let udp = [
            0x9c, 0x40, 0x82, 0x9a, // ports 40000 -> 33434
            0x00, 0x0c, 0x00, 0x00, // length 12, no checksum
            b'a', b'b', b'c', b'd',
        ];
        ip(17, INNER, 1, 0, &udp)
    }

    /// The first 8 bytes of a TCP segment, as routers quote it.
    fn quoted_tcp() -> Vec<u8> {
        // ports 40000 -> 80, sequence number 1
        ip(6, INNER, 64, 0, &[0x9c, 0x40, 0, 80, 0, 0, 0, 1])
    }

    fn quoted_echo() -> Vec<u8> {
        ip(1, INNER, 64, 0, &icmp(8, 0, [0, 77, 0, 5], &[], None))
    }

    /// Router advertisement entries: 10.0.0.(i+1), preference i.
    fn entries(n: u8) -> Vec<u8> {
        (0..n).flat_map(|i| [10, 0, 0, i + 1, 0, 0, 0, i]).collect()
    }

    fn be32s(v: &[u32]) -> Vec<u8> {
        v.iter().flat_map(|x| x.to_be_bytes()).collect()
    }

    /// One message of each type and code, with what tcpdump 4.99.3 prints
    /// for it by default and with -v.
    fn cases() -> Vec<(&'static str, Vec<u8>)> {
        let (qu, qt, qe) = (quoted_udp(), quoted_tcp(), quoted_echo());
        let gw = [192, 168, 1, 254];
        let mut v = vec![
            ("echo_request", msg(8, 0, [4, 210, 0, 7], b"payload!")),
            ("echo_reply", msg(0, 0, [4, 210, 0, 7], b"payload!")),
        ];
        let names = [
            "unreach_0",
            "unreach_1",
            "unreach_2",
            "unreach_3",
            "unreach_4",
            "unreach_5",
            "unreach_6",
            "unreach_7",
            "unreach_8",
            "unreach_9",
            "unreach_10",
            "unreach_11",
            "unreach_12",
            "unreach_13",
            "unreach_14",
            "unreach_15",
            "unreach_16",
        ];
        for (c, name) in names.into_iter().enumerate() {
            v.push((name, msg(3, c as u8, [0; 4], &qu)));
        }
        v.push(("need_frag_mtu", msg(3, 4, [0, 0, 0x05, 0x78], &qu)));
        v.push(("port_unreach_tcp", msg(3, 3, [0; 4], &qt)));
        v.push(("port_unreach_icmp", msg(3, 3, [0; 4], &qe)));
        v.push(("source_quench", msg(4, 0, [0; 4], &qu)));
        for (c, name) in [
            "redirect_0",
            "redirect_1",
            "redirect_2",
            "redirect_3",
            "redirect_4",
        ]
        .into_iter()
        .enumerate()
        {
            v.push((name, msg(5, c as u8, gw, &qu)));
        }
        v.extend([
            ("router_advert", msg(9, 0, [3, 2, 0x1c, 0x20], &entries(3))),
            ("router_advert_short", msg(9, 0, [0, 2, 0, 30], &[])),
            ("router_advert_min", msg(9, 0, [1, 2, 0, 90], &entries(1))),
            (
                "router_advert_size3",
                msg(9, 0, [2, 3, 0x07, 0x08], &entries(2)),
            ),
            (
                "router_advert_long",
                msg(9, 0, [20, 2, 0xff, 0xff], &entries(20)),
            ),
            ("router_solicit", msg(10, 0, [0; 4], &[])),
            ("time_exceeded_0", msg(11, 0, [0; 4], &qu)),
            ("time_exceeded_1", msg(11, 1, [0; 4], &qu)),
            ("time_exceeded_2", msg(11, 2, [0; 4], &qu)),
            ("time_exceeded_icmp", msg(11, 0, [0; 4], &qe)),
            ("param_problem_0", msg(12, 0, [5, 0, 0, 0], &qu)),
            ("param_problem_1", msg(12, 1, [5, 0, 0, 0], &qu)),
            ("tstamp", msg(13, 0, [0, 5, 0, 6], &be32s(&[1000, 0, 0]))),
            (
                "tstamp_reply",
                msg(
                    14,
                    0,
                    [0, 5, 0, 6],
                    &be32s(&[45_296_789, 86_399_999, u32::MAX]),
                ),
            ),
            ("info_request", msg(15, 0, [0, 5, 0, 6], &[])),
            ("info_reply", msg(16, 0, [0, 5, 0, 6], &[])),
            ("mask_request", msg(17, 0, [0, 5, 0, 6], &[0; 4])),
            ("mask_reply", msg(18, 0, [0, 5, 0, 6], &[255, 255, 255, 0])),
            ("ext_echo", msg(42, 0, [0, 5, 6, 1], &[])),
            ("ext_echo_reply", msg(43, 0, [0, 5, 6, 1], &[])),
            ("unknown_200", msg(200, 7, [0; 4], &[])),
            (
                "bad_cksum",
                ip(
                    1,
                    OUTER,
                    64,
                    0,
                    &icmp(8, 0, [0, 1, 0, 1], b"data", Some(0x1234)),
                ),
            ),
            (
                "bad_cksum_mf",
                ip(
                    1,
                    OUTER,
                    64,
                    0x2000,
                    &icmp(8, 0, [0, 1, 0, 1], b"data", Some(0x1234)),
                ),
            ),
        ]);
        v
    }

    #[rustfmt::skip]
    const EXPECTED: &[(&str, &str, &str)] = &[
        (
            "echo_request",
            "IP 10.0.0.9 > 10.0.0.2: ICMP echo request, id 1234, seq 7, length 16",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 36)\n    10.0.0.9 > 10.0.0.2: ICMP echo request, id 1234, seq 7, length 16",
        ),
        (
            "echo_reply",
            "IP 10.0.0.9 > 10.0.0.2: ICMP echo reply, id 1234, seq 7, length 16",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 36)\n    10.0.0.9 > 10.0.0.2: ICMP echo reply, id 1234, seq 7, length 16",
        ),
        (
            "unreach_0",
            "IP 10.0.0.9 > 10.0.0.2: ICMP net 10.0.0.3 unreachable, length 40",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP net 10.0.0.3 unreachable, length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "unreach_1",
            "IP 10.0.0.9 > 10.0.0.2: ICMP host 10.0.0.3 unreachable, length 40",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP host 10.0.0.3 unreachable, length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "unreach_2",
            "IP 10.0.0.9 > 10.0.0.2: ICMP 10.0.0.3 protocol 17 unreachable, length 40",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP 10.0.0.3 protocol 17 unreachable, length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "unreach_3",
            "IP 10.0.0.9 > 10.0.0.2: ICMP 10.0.0.3 udp port 33434 unreachable, length 40",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP 10.0.0.3 udp port 33434 unreachable, length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "unreach_4",
            "IP 10.0.0.9 > 10.0.0.2: ICMP 10.0.0.3 unreachable - need to frag, length 40",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP 10.0.0.3 unreachable - need to frag, length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "unreach_5",
            "IP 10.0.0.9 > 10.0.0.2: ICMP 10.0.0.3 unreachable - source route failed, length 40",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP 10.0.0.3 unreachable - source route failed, length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "unreach_6",
            "IP 10.0.0.9 > 10.0.0.2: ICMP net 10.0.0.3 unreachable - unknown, length 40",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP net 10.0.0.3 unreachable - unknown, length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "unreach_7",
            "IP 10.0.0.9 > 10.0.0.2: ICMP host 10.0.0.3 unreachable - unknown, length 40",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP host 10.0.0.3 unreachable - unknown, length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "unreach_8",
            "IP 10.0.0.9 > 10.0.0.2: ICMP 10.0.0.3 unreachable - source host isolated, length 40",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP 10.0.0.3 unreachable - source host isolated, length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "unreach_9",
            "IP 10.0.0.9 > 10.0.0.2: ICMP net 10.0.0.3 unreachable - admin prohibited, length 40",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP net 10.0.0.3 unreachable - admin prohibited, length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "unreach_10",
            "IP 10.0.0.9 > 10.0.0.2: ICMP host 10.0.0.3 unreachable - admin prohibited, length 40",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP host 10.0.0.3 unreachable - admin prohibited, length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "unreach_11",
            "IP 10.0.0.9 > 10.0.0.2: ICMP net 10.0.0.3 unreachable - tos prohibited, length 40",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP net 10.0.0.3 unreachable - tos prohibited, length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "unreach_12",
            "IP 10.0.0.9 > 10.0.0.2: ICMP host 10.0.0.3 unreachable - tos prohibited, length 40",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP host 10.0.0.3 unreachable - tos prohibited, length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "unreach_13",
            "IP 10.0.0.9 > 10.0.0.2: ICMP host 10.0.0.3 unreachable - admin prohibited filter, length 40",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP host 10.0.0.3 unreachable - admin prohibited filter, length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "unreach_14",
            "IP 10.0.0.9 > 10.0.0.2: ICMP host 10.0.0.3 unreachable - host precedence violation, length 40",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP host 10.0.0.3 unreachable - host precedence violation, length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "unreach_15",
            "IP 10.0.0.9 > 10.0.0.2: ICMP host 10.0.0.3 unreachable - precedence cutoff, length 40",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP host 10.0.0.3 unreachable - precedence cutoff, length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "unreach_16",
            "IP 10.0.0.9 > 10.0.0.2: ICMP 10.0.0.3 unreachable - #16, length 40",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP 10.0.0.3 unreachable - #16, length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "need_frag_mtu",
            "IP 10.0.0.9 > 10.0.0.2: ICMP 10.0.0.3 unreachable - need to frag (mtu 1400), length 40",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP 10.0.0.3 unreachable - need to frag (mtu 1400), length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "port_unreach_tcp",
            "IP 10.0.0.9 > 10.0.0.2: ICMP 10.0.0.3 tcp port 80 unreachable, length 36",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 56)\n    10.0.0.9 > 10.0.0.2: ICMP 10.0.0.3 tcp port 80 unreachable, length 36\n\tIP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto TCP (6), length 28)\n    10.0.0.2.40000 > 10.0.0.3.80:  [|tcp]",
        ),
        (
            "port_unreach_icmp",
            "IP 10.0.0.9 > 10.0.0.2: ICMP 10.0.0.3 protocol 1 port 63405 unreachable, length 36",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 56)\n    10.0.0.9 > 10.0.0.2: ICMP 10.0.0.3 protocol 1 port 63405 unreachable, length 36\n\tIP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 28)\n    10.0.0.2 > 10.0.0.3: ICMP echo request, id 77, seq 5, length 8",
        ),
        (
            "source_quench",
            "IP 10.0.0.9 > 10.0.0.2: ICMP source quench, length 40",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP source quench, length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "redirect_0",
            "IP 10.0.0.9 > 10.0.0.2: ICMP redirect 10.0.0.3 to net 192.168.1.254, length 40",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP redirect 10.0.0.3 to net 192.168.1.254, length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "redirect_1",
            "IP 10.0.0.9 > 10.0.0.2: ICMP redirect 10.0.0.3 to host 192.168.1.254, length 40",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP redirect 10.0.0.3 to host 192.168.1.254, length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "redirect_2",
            "IP 10.0.0.9 > 10.0.0.2: ICMP redirect-tos 10.0.0.3 to net 192.168.1.254, length 40",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP redirect-tos 10.0.0.3 to net 192.168.1.254, length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "redirect_3",
            "IP 10.0.0.9 > 10.0.0.2: ICMP redirect-tos 10.0.0.3 to host 192.168.1.254, length 40",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP redirect-tos 10.0.0.3 to host 192.168.1.254, length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "redirect_4",
            "IP 10.0.0.9 > 10.0.0.2: ICMP redirect-#4 10.0.0.3 to 192.168.1.254, length 40",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP redirect-#4 10.0.0.3 to 192.168.1.254, length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "router_advert",
            "IP 10.0.0.9 > 10.0.0.2: ICMP router advertisement lifetime 2:00:00 3: {10.0.0.1 0} {10.0.0.2 1} {10.0.0.3 2}, length 32",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 52)\n    10.0.0.9 > 10.0.0.2: ICMP router advertisement lifetime 2:00:00 3: {10.0.0.1 0} {10.0.0.2 1} {10.0.0.3 2}, length 32",
        ),
        (
            "router_advert_short",
            "IP 10.0.0.9 > 10.0.0.2: ICMP router advertisement lifetime 30 0:, length 8",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 28)\n    10.0.0.9 > 10.0.0.2: ICMP router advertisement lifetime 30 0:, length 8",
        ),
        (
            "router_advert_min",
            "IP 10.0.0.9 > 10.0.0.2: ICMP router advertisement lifetime 1:30 1: {10.0.0.1 0}, length 16",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 36)\n    10.0.0.9 > 10.0.0.2: ICMP router advertisement lifetime 1:30 1: {10.0.0.1 0}, length 16",
        ),
        (
            "router_advert_size3",
            "IP 10.0.0.9 > 10.0.0.2: ICMP router advertisement lifetime 30:00 2: [size 3], length 24",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 44)\n    10.0.0.9 > 10.0.0.2: ICMP router advertisement lifetime 30:00 2: [size 3], length 24",
        ),
        (
            "router_advert_long",
            "IP 10.0.0.9 > 10.0.0.2: ICMP router advertisement lifetime 18:12:15 20: {10.0.0.1 0} {10.0.0.2 1} {10.0.0.3 2} {10.0.0.4 3} {10.0.0.5 4} {10.0.0.6 5} {10.0.0.7 6} {10.0.0.8 7} {10.0.0.9 8} {10, length 168",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 188)\n    10.0.0.9 > 10.0.0.2: ICMP router advertisement lifetime 18:12:15 20: {10.0.0.1 0} {10.0.0.2 1} {10.0.0.3 2} {10.0.0.4 3} {10.0.0.5 4} {10.0.0.6 5} {10.0.0.7 6} {10.0.0.8 7} {10.0.0.9 8} {10, length 168",
        ),
        (
            "router_solicit",
            "IP 10.0.0.9 > 10.0.0.2: ICMP router solicitation, length 8",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 28)\n    10.0.0.9 > 10.0.0.2: ICMP router solicitation, length 8",
        ),
        (
            "time_exceeded_0",
            "IP 10.0.0.9 > 10.0.0.2: ICMP time exceeded in-transit, length 40",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP time exceeded in-transit, length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "time_exceeded_1",
            "IP 10.0.0.9 > 10.0.0.2: ICMP ip reassembly time exceeded, length 40",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP ip reassembly time exceeded, length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "time_exceeded_2",
            "IP 10.0.0.9 > 10.0.0.2: ICMP time exceeded-#2, length 40",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP time exceeded-#2, length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "time_exceeded_icmp",
            "IP 10.0.0.9 > 10.0.0.2: ICMP time exceeded in-transit, length 36",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 56)\n    10.0.0.9 > 10.0.0.2: ICMP time exceeded in-transit, length 36\n\tIP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 28)\n    10.0.0.2 > 10.0.0.3: ICMP echo request, id 77, seq 5, length 8",
        ),
        (
            "param_problem_0",
            "IP 10.0.0.9 > 10.0.0.2: ICMP parameter problem - octet 5, length 40",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP parameter problem - octet 5, length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "param_problem_1",
            "IP 10.0.0.9 > 10.0.0.2: ICMP parameter problem - code 1, length 40",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP parameter problem - code 1, length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "tstamp",
            "IP 10.0.0.9 > 10.0.0.2: ICMP time stamp query id 5 seq 6, length 20",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 40)\n    10.0.0.9 > 10.0.0.2: ICMP time stamp query id 5 seq 6, length 20",
        ),
        (
            "tstamp_reply",
            "IP 10.0.0.9 > 10.0.0.2: ICMP time stamp reply id 5 seq 6: org 12:34:56.789, recv 23:59:59.999, xmit 1193:02:47.295, length 20",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 40)\n    10.0.0.9 > 10.0.0.2: ICMP time stamp reply id 5 seq 6: org 12:34:56.789, recv 23:59:59.999, xmit 1193:02:47.295, length 20",
        ),
        (
            "info_request",
            "IP 10.0.0.9 > 10.0.0.2: ICMP information request, length 8",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 28)\n    10.0.0.9 > 10.0.0.2: ICMP information request, length 8",
        ),
        (
            "info_reply",
            "IP 10.0.0.9 > 10.0.0.2: ICMP information reply, length 8",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 28)\n    10.0.0.9 > 10.0.0.2: ICMP information reply, length 8",
        ),
        (
            "mask_request",
            "IP 10.0.0.9 > 10.0.0.2: ICMP address mask request, length 12",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 32)\n    10.0.0.9 > 10.0.0.2: ICMP address mask request, length 12",
        ),
        (
            "mask_reply",
            "IP 10.0.0.9 > 10.0.0.2: ICMP address mask is 0xffffff00, length 12",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 32)\n    10.0.0.9 > 10.0.0.2: ICMP address mask is 0xffffff00, length 12",
        ),
        (
            "ext_echo",
            "IP 10.0.0.9 > 10.0.0.2: ICMP type-#42, length 8",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 28)\n    10.0.0.9 > 10.0.0.2: ICMP type-#42, length 8",
        ),
        (
            "ext_echo_reply",
            "IP 10.0.0.9 > 10.0.0.2: ICMP type-#43, length 8",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 28)\n    10.0.0.9 > 10.0.0.2: ICMP type-#43, length 8",
        ),
        (
            "unknown_200",
            "IP 10.0.0.9 > 10.0.0.2: ICMP type-#200, length 8",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 28)\n    10.0.0.9 > 10.0.0.2: ICMP type-#200, length 8",
        ),
        (
            "bad_cksum",
            "IP 10.0.0.9 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 12",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 32)\n    10.0.0.9 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 12 (wrong icmp cksum 1234 (->1f3b)!)",
        ),
        (
            "bad_cksum_mf",
            "IP 10.0.0.9 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 12",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [+], proto ICMP (1), length 32)\n    10.0.0.9 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 12",
        ),
    ];

    #[test]
    fn every_type_and_code_as_tcpdump_prints_it() {
        let cases = cases();
        assert_eq!(cases.len(), EXPECTED.len());
        for ((name, frame), (ename, default, verbose)) in cases.iter().zip(EXPECTED) {
            assert_eq!(name, ename);
            assert_eq!(render(frame, frame.len(), 0), *default, "{name}");
            assert_eq!(render(frame, frame.len(), 1), *verbose, "{name} -v");
        }
    }

    /// A time exceeded message whose 128-byte original datagram field holds
    /// `quote`, followed by an RFC 4884 extension with one MPLS entry.
    fn with_extension(quote: &[u8]) -> Vec<u8> {
        let mut data = quote.to_vec();
        data.resize(128, 0);
        #[rustfmt::skip]
        data.extend([
            0x20, 0x00, 0xc5, 0x5f, // version 2, checksum
            0x00, 0x08, 0x01, 0x01, // object: length 8, class 1 (MPLS), c-type 1
            0x18, 0x96, 0x01, 0x01, // label 100704, tc 0, bottom of stack, ttl 1
        ]);
        // The RFC 4884 length attribute: 32 words.
        msg(11, 0, [0, 32, 0, 0], &data)
    }

    #[test]
    fn quotes_nested_and_cut_as_tcpdump_prints_them() {
        let mut chain = quoted_udp();
        for i in 0..6 {
            chain = ip(
                1,
                ([10, 1, 0, i], [10, 0, 0, 2]),
                64,
                0,
                &icmp(3, 1, [0; 4], &chain, None),
            );
        }
        let udp = [
            0x9c, 0x40, 0x82, 0x9a, 0x00, 0x0c, 0x00, 0x00, b'a', b'b', b'c', b'd',
        ];
        let cases = [
            ("chain_7", msg(11, 0, [0; 4], &chain)),
            (
                "quote_len_2",
                msg(3, 3, [0; 4], &ip_claiming(2, 17, INNER, &udp)),
            ),
            (
                "ext_after_short_ip",
                with_extension(&ip_claiming(10, 17, INNER, &udp)),
            ),
            ("ext_after_short_tcp", with_extension(&quoted_tcp())),
            (
                "no_ext_after_cut_echo",
                with_extension(&ip_claiming(
                    26,
                    1,
                    INNER,
                    &icmp(8, 0, [0, 1, 0, 2], b"abcd", None),
                )),
            ),
        ];
        for ((name, frame), (ename, verbose)) in cases.iter().zip(NESTED) {
            assert_eq!(name, ename);
            assert_eq!(render(frame, frame.len(), 1), *verbose, "{name}");
        }
    }

    #[rustfmt::skip]
    const NESTED: &[(&str, &str)] = &[
        (
            "chain_7",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 228)\n    10.0.0.9 > 10.0.0.2: ICMP time exceeded in-transit, length 208\n\tIP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 200)\n    10.1.0.5 > 10.0.0.2: ICMP host 10.0.0.2 unreachable, length 180\n\tIP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 172)\n    10.1.0.4 > 10.0.0.2: ICMP host 10.0.0.2 unreachable, length 152\n\tIP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 144)\n    10.1.0.3 > 10.0.0.2: ICMP host 10.0.0.2 unreachable, length 124\n\tIP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 116)\n    10.1.0.2 > 10.0.0.2: ICMP host 10.0.0.2 unreachable, length 96\n\tIP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 88)\n    10.1.0.1 > 10.0.0.2: ICMP host 10.0.0.2 unreachable, length 68\n\tIP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.1.0.0 > 10.0.0.2: ICMP host 10.0.0.3 unreachable, length 40\n\tIP (tos 0x0, ttl 1, id 1, offset 0, flags [none], proto UDP (17), length 32)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 4",
        ),
        (
            "quote_len_2",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 60)\n    10.0.0.9 > 10.0.0.2: ICMP 10.0.0.3 udp port 33434 unreachable, length 40\n\t [|icmp]",
        ),
        (
            "ext_after_short_ip",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 168)\n    10.0.0.9 > 10.0.0.2: ICMP time exceeded in-transit, length 148\n\tIP  [|ip]\n\tICMP Multi-Part extension v2, checksum 0xc55f (correct), length 12\n\t  MPLS Stack Entry Object (1), Class-Type: 1, length 8\n\t    label 100704, tc 0, [S], ttl 1",
        ),
        (
            "ext_after_short_tcp",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 168)\n    10.0.0.9 > 10.0.0.2: ICMP time exceeded in-transit, length 148\n\tIP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto TCP (6), length 28)\n    10.0.0.2.40000 > 10.0.0.3.80:  [|tcp]\n\tICMP Multi-Part extension v2, checksum 0xc55f (correct), length 12\n\t  MPLS Stack Entry Object (1), Class-Type: 1, length 8\n\t    label 100704, tc 0, [S], ttl 1",
        ),
        (
            "no_ext_after_cut_echo",
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 168)\n    10.0.0.9 > 10.0.0.2: ICMP time exceeded in-transit, length 148\n\tIP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 26)\n    10.0.0.2 > 10.0.0.3:  [|icmp]",
        ),
    ];

    /// What tcpdump prints for each captured length (inclusive ranges).
    #[rustfmt::skip]
    const PORT_UNREACH_CUT: &[(usize, usize, &str, &str)] = &[
        (20, 51,
         "IP 10.0.0.9 > 10.0.0.2:  [|icmp]",
         "IP (tos 0xc0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 64)\n    10.0.0.9 > 10.0.0.2:  [|icmp]"),
        (52, 55,
         "IP 10.0.0.9 > 10.0.0.2: ICMP 10.0.0.3 udp port 33434 unreachable, length 44",
         "IP (tos 0xc0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 64)\n    10.0.0.9 > 10.0.0.2: ICMP 10.0.0.3 udp port 33434 unreachable, length 44\n\tIP (tos 0x0, ttl 1, id 4660, offset 0, flags [DF], proto UDP (17), length 36)\n    10.0.0.2.40000 > 10.0.0.3.33434:  [|udp]"),
        (56, 64,
         "IP 10.0.0.9 > 10.0.0.2: ICMP 10.0.0.3 udp port 33434 unreachable, length 44",
         "IP (tos 0xc0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 64)\n    10.0.0.9 > 10.0.0.2: ICMP 10.0.0.3 udp port 33434 unreachable, length 44\n\tIP (tos 0x0, ttl 1, id 4660, offset 0, flags [DF], proto UDP (17), length 36)\n    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 8"),
    ];

    #[test]
    fn port_unreachable_cut_at_every_length() {
        for &(from, to, default, verbose) in PORT_UNREACH_CUT {
            for n in from..=to {
                assert_eq!(render(&PORT_UNREACH, n, 0), default, "caplen {n}");
                assert_eq!(render(&PORT_UNREACH, n, 1), verbose, "caplen {n} -v");
            }
        }
    }

    /// Time exceeded from 10.0.0.9 for a UDP probe, with an MPLS extension:
    /// a traceroute reply from an MPLS router.
    fn time_exceeded_mpls() -> Vec<u8> {
        #[rustfmt::skip]
        let head = [
            0x45, 0xc0, 0x00, 0xa8, 0x00, 0x01, 0x00, 0x00, // IPv4, tos 0xc0, length 168, id 1
            0x40, 0x01, 0x65, 0x8a, 10, 0, 0, 9,             // ttl 64, ICMP, checksum, src
            10, 0, 0, 2,                                     // dst
            0x0b, 0x00, 0x97, 0x0a, 0x00, 0x20, 0x00, 0x00, // time exceeded, checksum, length 32 words
            0x45, 0x00, 0x00, 0x28, 0x12, 0x34, 0x00, 0x00, // quoted IPv4: length 40, id 0x1234
            0x01, 0x11, 0x93, 0x8d, 10, 0, 0, 2,             // ttl 1, UDP, checksum, src
            10, 0, 0, 3,                                     // dst
            0x9c, 0x40, 0x82, 0x9a, 0x00, 0x14, 0x00, 0x00, // UDP 40000 -> 33434, length 20
        ];
        let mut p = head.to_vec();
        p.extend(b"probe-data!!");
        p.resize(20 + 8 + 128, 0); // the padded original datagram field
        #[rustfmt::skip]
        p.extend([
            0x20, 0x00, 0xc5, 0x5f, // extension: version 2, checksum
            0x00, 0x08, 0x01, 0x01, // object: length 8, MPLS label stack, c-type 1
            0x18, 0x96, 0x01, 0x01, // label 100704, tc 0, S, ttl 1
        ]);
        p
    }

    #[rustfmt::skip]
    const TIME_EXCEEDED_CUT: &[(usize, usize, &str)] = &[
        (20, 47, "    10.0.0.9 > 10.0.0.2:  [|icmp]"),
        (48, 51, "    10.0.0.2 > 10.0.0.3:  [|udp] [|icmp]"),
        (52, 55, "    10.0.0.2.40000 > 10.0.0.3.33434:  [|udp] [|icmp]"),
        (56, 160, "    10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 12 [|icmp]"),
        (161, 163, "\tICMP Multi-Part extension v2 [|icmp]"),
        (164, 167, "\t  MPLS Stack Entry Object (1), Class-Type: 1, length 8 [|icmp]"),
        (168, 168, "\t    label 100704, tc 0, [S], ttl 1"),
    ];

    #[test]
    fn time_exceeded_with_extension_cut_at_every_length() {
        let p = time_exceeded_mpls();
        assert_eq!(p.len(), 168);
        let full = render(&p, p.len(), 1);
        assert_eq!(
            full,
            "IP (tos 0xc0, ttl 64, id 1, offset 0, flags [none], proto ICMP (1), length 168)\n    \
             10.0.0.9 > 10.0.0.2: ICMP time exceeded in-transit, length 148\n\t\
             IP (tos 0x0, ttl 1, id 4660, offset 0, flags [none], proto UDP (17), length 40)\n    \
             10.0.0.2.40000 > 10.0.0.3.33434: UDP, length 12\n\t\
             ICMP Multi-Part extension v2, checksum 0xc55f (correct), length 12\n\t  \
             MPLS Stack Entry Object (1), Class-Type: 1, length 8\n\t    \
             label 100704, tc 0, [S], ttl 1"
        );
        for &(from, to, last) in TIME_EXCEEDED_CUT {
            for n in from..=to {
                let v = render(&p, n, 1);
                // Everything before the cut is a prefix of the whole output.
                let end = v.rfind('\n').unwrap();
                assert!(full.starts_with(&v[..end]), "caplen {n}: {v}");
                assert_eq!(&v[end + 1..], last, "caplen {n}");
                let expected = if n < 48 {
                    "IP 10.0.0.9 > 10.0.0.2:  [|icmp]"
                } else {
                    "IP 10.0.0.9 > 10.0.0.2: ICMP time exceeded in-transit, length 148"
                };
                assert_eq!(render(&p, n, 0), expected, "caplen {n}");
            }
        }
    }
}
