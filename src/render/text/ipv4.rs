//! IPv4, as tcpdump's print-ip.c prints it.

use std::net::Ipv4Addr;

use super::tcp::SeqTable;
use super::{names, truncated_at, Cx};
use crate::decode::ipv4::{self as ip4, Form, IpOption, Ipv4};
use crate::decode::{Decoded, Layer, Transport};

pub(crate) fn write_addr(cx: &mut Cx<'_>, a: Ipv4Addr) {
    let style = cx.pal.addr;
    cx.styled(style, format_args!("{a}"));
}

/// `src > dst: `.
pub(crate) fn write_pair(cx: &mut Cx<'_>, ip: &Ipv4<'_>) {
    write_addr(cx, ip.header.src);
    cx.s(" > ");
    write_addr(cx, ip.header.dst);
    cx.s(": ");
}

/// `src.sport > dst.dport: `.
pub(crate) fn write_endpoints(cx: &mut Cx<'_>, ip: &Ipv4<'_>, sport: u16, dport: u16) {
    let port = cx.pal.port;
    write_addr(cx, ip.header.src);
    cx.styled(port, format_args!(".{sport}"));
    cx.s(" > ");
    write_addr(cx, ip.header.dst);
    cx.styled(port, format_args!(".{dport}"));
    cx.s(": ");
}

fn frag_flags(cx: &mut Cx<'_>, frag: u16) {
    let mut first = true;
    for (bit, name) in [
        (ip4::FLAG_MF, "+"),
        (ip4::FLAG_DF, "DF"),
        (ip4::FLAG_RESERVED, "rsvd"),
    ] {
        if frag & bit != 0 {
            if !first {
                cx.s(", ");
            }
            cx.s(name);
            first = false;
        }
    }
    if first {
        cx.s("none");
    }
}

pub(super) fn write(cx: &mut Cx<'_>, tcp: &mut SeqTable, d: &Decoded<'_>, ip: &Ipv4<'_>) {
    let h = &ip.header;
    if let Form::BadVersion(v) = ip.form {
        write_bad_version(cx, v);
        return;
    }
    if !cx.o.link_header {
        let proto = cx.pal.proto;
        cx.styled(proto, format_args!("IP"));
        cx.s(" ");
    }
    match ip.form {
        Form::Short => {
            cx.trunc(Layer::Ip);
            return;
        }
        Form::TruncatedIp => {
            cx.f(format_args!("truncated-ip {}", ip.length));
            return;
        }
        Form::BadHeaderLen => {
            cx.f(format_args!("bad-hlen {}", h.header_len));
            return;
        }
        _ => {}
    }
    if ip.missing() > 0 {
        cx.f(format_args!(
            "truncated-ip - {} bytes missing! ",
            ip.missing()
        ));
    }
    if ip.form == Form::BadTotalLen {
        cx.f(format_args!("bad-len {}", h.total_len));
        return;
    }
    if cx.o.verbose > 0 {
        cx.f(format_args!("(tos 0x{:x}", h.tos));
        match h.tos & 0x03 {
            1 => cx.s(",ECT(1)"),
            2 => cx.s(",ECT(0)"),
            3 => cx.s(",CE"),
            _ => {}
        }
        if h.ttl >= 1 {
            cx.f(format_args!(", ttl {}", h.ttl));
        }
        cx.f(format_args!(
            ", id {}, offset {}, flags [",
            h.id,
            h.frag_offset()
        ));
        frag_flags(cx, h.frag);
        cx.f(format_args!(
            "], proto {} ({})",
            names::ipproto(h.proto).unwrap_or("unknown"),
            h.proto
        ));
        cx.f(format_args!(", length {}", h.total_len));
        let mut truncated = false;
        if h.header_len > 20 {
            cx.s(", options (");
            match write_options(cx, ip) {
                Walk::Done => {}
                Walk::Truncated => {
                    cx.s(" [truncated-option]");
                    truncated = true;
                }
                Walk::Abandoned => {
                    // tcpdump gives up on the packet here.
                    cx.trunc(Layer::Ip);
                    return;
                }
            }
            cx.s(")");
        }
        if cx.o.verify_checksums {
            if let Some(sum) = ip.header_checksum() {
                if sum != 0 {
                    cx.f(format_args!(
                        ", bad cksum {:x} (->{:x})!",
                        h.checksum,
                        crate::decode::bytes::cksum_shouldbe(h.checksum, sum)
                    ));
                }
            }
        }
        cx.s(")\n    ");
        if truncated {
            write_addr(cx, h.src);
            cx.s(" > ");
            write_addr(cx, h.dst);
            cx.s(": ");
            cx.trunc(Layer::Ip);
            return;
        }
    }
    if h.frag_offset() != 0 {
        // Not the first fragment: no transport header to show.
        write_addr(cx, h.src);
        cx.s(" > ");
        write_addr(cx, h.dst);
        cx.f(format_args!(": ip-proto-{}", h.proto));
        return;
    }
    // TCP and UDP print the addresses with their ports. (So do SCTP and
    // DCCP in tcpdump, but netdecode does not decode those.)
    if !matches!(h.proto, ip4::PROTO_TCP | ip4::PROTO_UDP) {
        write_pair(cx, ip);
    }
    if truncated_at(d, Layer::Ip) {
        cx.f(format_args!(
            " [remaining caplen({}) < header length({})]",
            ip.header_bytes.len(),
            h.header_len
        ));
        cx.trunc(Layer::Ip);
        return;
    }
    match &d.transport {
        Transport::Tcp(t) => super::tcp::write(cx, tcp, d, ip, t),
        Transport::Udp(u) => super::udp::write(cx, d, ip, u),
        Transport::Icmp(i) => super::icmp::write(cx, d, ip, i),
        Transport::None => {
            if let Some(stop) = d.stop {
                cx.trunc(stop.layer);
            }
        }
        Transport::Other { proto, .. } => write_other_proto(cx, ip, *proto),
    }
}

/// tcpdump's complaint about a version nibble that is not 4.
fn write_bad_version(cx: &mut Cx<'_>, v: u8) {
    if v == 6 {
        cx.s("IP6, wrong link-layer encapsulation");
    } else {
        cx.f(format_args!("IP{v}"));
    }
    cx.invalid();
}

/// What tcpdump's `ip_demux_print` shows for protocols netdecode does not
/// decode. Those tcpdump has printers for (IGMP, GRE, OSPF, PIM, SCTP,
/// DCCP, ESP, AH, VRRP, IPv6-in-IPv4, ...) print as unknown protocols
/// here, unlike tcpdump; so does IPv4-in-IPv4 unless the inner header's
/// version is wrong.
fn write_other_proto(cx: &mut Cx<'_>, ip: &Ipv4<'_>, proto: u8) {
    match proto {
        ip4::PROTO_IPIP => match ip.inner_version() {
            None => cx.trunc(Layer::Ip),
            Some(4) => cx.f(format_args!(" ip-proto-{proto} {}", ip.payload_len)),
            Some(v) => write_bad_version(cx, v),
        },
        ip4::PROTO_ICMPV6 | ip4::PROTO_ETHERNET => {
            cx.f(format_args!(
                "[{} requires IPv6]",
                names::ipproto(proto).unwrap_or("unknown")
            ));
            cx.invalid();
        }
        ip4::PROTO_NONE => cx.s("no next header"),
        ip4::PROTO_ND => cx.f(format_args!(" nd {}", ip.payload_len)),
        _ => cx.f(format_args!(" ip-proto-{proto} {}", ip.payload_len)),
    }
}

/// How the option walk ended.
enum Walk {
    Done,
    /// An option was cut by the capture (tcpdump's `[truncated-option]`).
    Truncated,
    /// The capture ended on an option's type or length byte: tcpdump
    /// abandons the packet.
    Abandoned,
}

/// tcpdump's `ip_optprint`.
fn write_options(cx: &mut Cx<'_>, ip: &Ipv4<'_>) -> Walk {
    let mut sep = "";
    for opt in ip.options() {
        cx.s(sep);
        sep = ",";
        match opt {
            IpOption::Eol => cx.s("EOL"),
            IpOption::Nop => cx.s("NOP"),
            IpOption::Cut { code: None } => return Walk::Abandoned,
            IpOption::Cut { code: Some(code) } => {
                option_name(cx, code);
                return Walk::Abandoned;
            }
            IpOption::BadLength { code, len } => {
                option_name(cx, code);
                cx.f(format_args!(" [bad length {len}]"));
            }
            IpOption::Truncated { code } => {
                option_name(cx, code);
                return Walk::Truncated;
            }
            IpOption::Other { code, data, tail } => {
                option_name(cx, code);
                let complete = match code {
                    ip4::OPT_RR | ip4::OPT_LSRR | ip4::OPT_SSRR => write_route(cx, data, tail),
                    ip4::OPT_TS => write_ts(cx, data, tail),
                    ip4::OPT_RA => {
                        if data.len() < 4 {
                            cx.f(format_args!(" [bad length {}]", data.len()));
                        } else if let Some(v) = crate::decode::bytes::be16_at(data, 2) {
                            if v != 0 {
                                cx.f(format_args!(" value {v}"));
                            }
                        }
                        true
                    }
                    _ => true,
                };
                if !complete {
                    return Walk::Truncated;
                }
            }
        }
    }
    Walk::Done
}

fn option_name(cx: &mut Cx<'_>, code: u8) {
    match code {
        ip4::OPT_EOL => cx.s("EOL"),
        ip4::OPT_NOP => cx.s("NOP"),
        ip4::OPT_TS => cx.s("timestamp"),
        ip4::OPT_SECURITY => cx.s("security"),
        ip4::OPT_RR => cx.s("RR"),
        ip4::OPT_SSRR => cx.s("SSRR"),
        ip4::OPT_LSRR => cx.s("LSRR"),
        ip4::OPT_RA => cx.s("RA"),
        ip4::OPT_TRACEROUTE => cx.s("traceroute"),
        c => cx.f(format_args!("unknown {c}")),
    }
}

/// The option's pointer byte minus one, as tcpdump's unsigned arithmetic
/// has it (a zero pointer wraps around).
fn pointer(opt: &[u8]) -> u32 {
    u32::from(opt.get(2).copied().unwrap_or(0)).wrapping_sub(1)
}

/// `ip_printroute`: RR, LSRR and SSRR; false when the capture ended
/// inside the addresses.
fn write_route(cx: &mut Cx<'_>, opt: &[u8], tail: &[u8]) -> bool {
    let length = opt.len() as u32;
    if length < 3 {
        cx.f(format_args!(" [bad length {length}]"));
        return true;
    }
    if (length + 1) & 3 != 0 {
        cx.f(format_args!(" [bad length {length}]"));
    }
    let ptr = pointer(opt);
    if ptr < 3 || (ptr.wrapping_add(1) & 3) != 0 || ptr > length + 1 {
        cx.f(format_args!(
            " [bad ptr {}]",
            opt.get(2).copied().unwrap_or(0)
        ));
    }
    for (off, entry) in ip4::option_entries(tail, opt.len(), 3, 4) {
        let Some(&[a, b, c, d]) = entry else {
            return false;
        };
        cx.s(" ");
        write_addr(cx, Ipv4Addr::new(a, b, c, d));
        if ptr > off as u32 {
            cx.s(",");
        }
    }
    true
}

/// `ip_printts`: the time stamp option; false when the capture ended
/// inside the entries.
fn write_ts(cx: &mut Cx<'_>, opt: &[u8], tail: &[u8]) -> bool {
    let length = opt.len() as u32;
    if length < 4 {
        cx.f(format_args!("[bad length {length}]"));
        return true;
    }
    cx.s(" TS{");
    let flags = opt.get(3).copied().unwrap_or(0);
    let hoplen: u32 = if flags & 0x0f != 0 { 8 } else { 4 };
    if (length - 4) & (hoplen - 1) != 0 {
        cx.f(format_args!("[bad length {length}]"));
    }
    let ptr = pointer(opt);
    if ptr < 4 || (ptr.wrapping_sub(4) & (hoplen - 1)) != 0 || ptr > length + 1 {
        cx.f(format_args!(
            "[bad ptr {}]",
            opt.get(2).copied().unwrap_or(0)
        ));
    }
    let mut len = 0u32;
    let known = match flags & 0x0f {
        0 => {
            cx.s("TSONLY");
            true
        }
        1 => {
            cx.s("TS+ADDR");
            true
        }
        3 => {
            cx.s("PRESPEC");
            true
        }
        t => {
            cx.f(format_args!("[bad ts type {t}]"));
            false
        }
    };
    if known {
        let mut kind = " ";
        len = 4;
        for (off, entry) in ip4::option_entries(tail, opt.len(), 4, hoplen as usize) {
            len = off as u32;
            if ptr == len {
                kind = " ^ ";
            }
            let Some(entry) = entry else {
                return false;
            };
            let ts = crate::decode::bytes::be32_at(entry, entry.len() - 4).unwrap_or(0);
            cx.f(format_args!("{kind}{ts}@"));
            if let &[a, b, c, d, _, _, _, _] = entry {
                write_addr(cx, Ipv4Addr::new(a, b, c, d));
            }
            kind = " ";
            len += hoplen;
        }
    }
    cx.s(if ptr == len { " ^ " } else { "" });
    if flags >> 4 != 0 {
        cx.f(format_args!(" [{} hops not recorded]}} ", flags >> 4));
    } else {
        cx.s("}");
    }
    true
}
