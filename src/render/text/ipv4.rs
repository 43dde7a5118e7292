//! IPv4, as tcpdump's print-ip.c prints it.

use std::net::Ipv4Addr;

use super::tcp::SeqTable;
use super::{names, truncated_at, Cx};
use crate::decode::bytes::be32_at;
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
        if v == 6 {
            cx.s("IP6, wrong link-layer encapsulation");
        } else {
            cx.f(format_args!("IP{v}"));
        }
        cx.invalid();
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
            truncated = !write_options(cx, ip);
            if truncated {
                cx.s(" [truncated-option]");
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
    if h.frag_offset() == 0 {
        let tcp_or_udp = matches!(h.proto, ip4::PROTO_TCP | ip4::PROTO_UDP | 33 | 132);
        if !tcp_or_udp {
            write_pair(cx, ip);
        }
        if truncated_at(d, Layer::Ip) {
            cx.f(format_args!(
                " [remaining caplen({}) < header length({})]",
                ip.header_bytes.len(),
                h.header_len
            ));
            // tcpdump's nd_trunc_longjmp: the whole frame is dumped.
            cx.trunc_early_end(Layer::Ip.name());
            return;
        }
        match &d.transport {
            Transport::Tcp(t) => super::tcp::write(cx, tcp, d, ip, t),
            Transport::Udp(u) => super::udp::write(cx, d, ip, u),
            Transport::Icmp(i) => super::icmp::write(cx, tcp, d, ip, i),
            Transport::None => {
                // Only ICMP leaves no record: its type and code were not
                // captured, a failed fetch in tcpdump.
                if let Some(stop) = d.stop {
                    cx.trunc_early_end(stop.layer.name());
                }
            }
            Transport::Other { proto, .. } => {
                cx.f(format_args!(" ip-proto-{proto} {}", ip.payload_len));
            }
        }
    } else {
        write_addr(cx, h.src);
        cx.s(" > ");
        write_addr(cx, h.dst);
        cx.f(format_args!(": ip-proto-{}", h.proto));
    }
}

/// tcpdump's `ip_optprint`; false when the options were cut by the
/// capture.
fn write_options(cx: &mut Cx<'_>, ip: &Ipv4<'_>) -> bool {
    let area_len = usize::from(ip.header.header_len).saturating_sub(20);
    let captured_all = ip.options.len() >= area_len;
    let mut sep = "";
    let mut walked = 0usize;
    for opt in ip4::options(ip.options) {
        cx.s(sep);
        sep = ",";
        match opt {
            IpOption::Eol => {
                cx.s("EOL");
                return true;
            }
            IpOption::Nop => {
                cx.s("NOP");
                walked += 1;
            }
            IpOption::Bad { code, len } => {
                option_name(cx, code);
                cx.f(format_args!(" [bad length {len}]"));
                return true;
            }
            IpOption::Truncated { code } => {
                option_name(cx, code);
                return false;
            }
            IpOption::Other { code, data } => {
                option_name(cx, code);
                walked += data.len();
                match code {
                    ip4::OPT_RR | ip4::OPT_LSRR | ip4::OPT_SSRR => write_route(cx, data),
                    ip4::OPT_TS => write_ts(cx, data),
                    ip4::OPT_RA => {
                        if data.len() < 4 {
                            cx.f(format_args!(" [bad length {}]", data.len()));
                        } else if let Some(v) = crate::decode::bytes::be16_at(data, 2) {
                            if v != 0 {
                                cx.f(format_args!(" value {v}"));
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    // The option walk ended early only if the area was not captured whole.
    captured_all || walked >= area_len
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
        82 => cx.s("traceroute"),
        c => cx.f(format_args!("unknown {c}")),
    }
}

/// `ip_printroute`: RR, LSRR and SSRR.
fn write_route(cx: &mut Cx<'_>, opt: &[u8]) {
    let length = opt.len();
    if length < 3 {
        cx.f(format_args!(" [bad length {length}]"));
        return;
    }
    if (length + 1) & 3 != 0 {
        cx.f(format_args!(" [bad length {length}]"));
    }
    let raw_ptr = opt.get(2).copied().unwrap_or(0);
    let ptr = usize::from(raw_ptr).wrapping_sub(1);
    if ptr < 3 || (ptr.wrapping_add(1) & 3) != 0 || ptr > length + 1 {
        cx.f(format_args!(" [bad ptr {raw_ptr}]"));
    }
    let mut len = 3;
    while len < length {
        let Some(a) = be32_at(opt, len) else { return };
        cx.s(" ");
        write_addr(cx, Ipv4Addr::from(a));
        if ptr > len {
            cx.s(",");
        }
        len += 4;
    }
}

/// `ip_printts`: the timestamp option.
fn write_ts(cx: &mut Cx<'_>, opt: &[u8]) {
    let length = opt.len();
    if length < 4 {
        cx.f(format_args!("[bad length {length}]"));
        return;
    }
    cx.s(" TS{");
    let flags = opt.get(3).copied().unwrap_or(0);
    let hoplen = if flags & 0x0f != 0 { 8 } else { 4 };
    if (length - 4) & (hoplen - 1) != 0 {
        cx.f(format_args!("[bad length {length}]"));
    }
    let raw_ptr = opt.get(2).copied().unwrap_or(0);
    let ptr = usize::from(raw_ptr).wrapping_sub(1);
    let mut len = 0;
    if ptr < 4 || (ptr.wrapping_sub(4) & (hoplen - 1)) != 0 || ptr > length + 1 {
        cx.f(format_args!("[bad ptr {raw_ptr}]"));
    }
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
        while len < length {
            if ptr == len {
                kind = " ^ ";
            }
            let Some(ts) = be32_at(opt, len + hoplen - 4) else {
                break;
            };
            cx.f(format_args!("{kind}{ts}@"));
            if hoplen == 8 {
                if let Some(a) = be32_at(opt, len) {
                    write_addr(cx, Ipv4Addr::from(a));
                }
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
}
