//! IPv4, as tcpdump's print-ip.c prints it.

use super::fmt::{push_hex_pad, write_addr};
use super::{dispatch, truncated_at, Cx};
use crate::decode::ipv4::{self as ip4, Form, IpOption, Ipv4, Route, Timestamp, TsKind};
use crate::decode::{Decoded, Layer, Transport};
use crate::names;

/// `src > dst: `.
pub(crate) fn write_pair(cx: &mut Cx<'_>, ip: &Ipv4<'_>) {
    write_addr(cx, ip.header.src);
    cx.s(" > ");
    write_addr(cx, ip.header.dst);
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

pub(super) fn write(cx: &mut Cx<'_>, d: &Decoded<'_>, ip: &Ipv4<'_>) {
    let h = &ip.header;
    if let Form::BadVersion(v) = ip.form {
        write_bad_version(cx, v);
        return;
    }
    if !cx.o.link_header {
        let proto = cx.pal.proto;
        cx.styled_s(proto, "IP");
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
        cx.s("(tos 0x");
        push_hex_pad(cx.out, h.tos.into(), 0);
        match h.tos & 0x03 {
            1 => cx.s(",ECT(1)"),
            2 => cx.s(",ECT(0)"),
            3 => cx.s(",CE"),
            _ => {}
        }
        if h.ttl >= 1 {
            cx.su(", ttl ", h.ttl);
        }
        cx.su(", id ", h.id);
        cx.su(", offset ", h.frag_offset());
        cx.s(", flags [");
        frag_flags(cx, h.frag);
        cx.s("], proto ");
        cx.s(names::ipproto(h.proto).unwrap_or("unknown"));
        cx.su(" (", h.proto);
        cx.s(")");
        cx.su(", length ", h.total_len);
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
                    // A failed fetch: tcpdump gives up on the packet here
                    // (and dumps all of it).
                    cx.trunc_early_end(Layer::Ip.name());
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
        match cx.ip_protocol(h.proto) {
            Some(name) => cx.f(format_args!(": {name}")),
            None => cx.f(format_args!(": ip-proto-{}", h.proto)),
        }
        return;
    }
    // TCP and UDP print the addresses with their ports. So do SCTP and
    // DCCP in tcpdump; netdecode does not decode those and prints their
    // addresses here, except when the header was not captured whole:
    // then tcpdump prints no address for any of the four.
    let header_cut = truncated_at(d, Layer::Ip);
    let own_addresses = match h.proto {
        ip4::PROTO_TCP | ip4::PROTO_UDP => true,
        ip4::PROTO_SCTP | ip4::PROTO_DCCP => header_cut,
        _ => false,
    };
    if !own_addresses {
        write_pair(cx, ip);
    }
    if header_cut {
        cx.f(format_args!(
            " [remaining caplen({}) < header length({})]",
            ip.header_bytes.len(),
            h.header_len
        ));
        // tcpdump's nd_trunc_longjmp: the whole frame is dumped.
        cx.trunc_early_end(Layer::Ip.name());
        return;
    }
    if dispatch::ipv4_payload(cx, d, ip) {
        return;
    }
    match &d.transport {
        Transport::None => {
            // Only ICMP leaves no record: its type and code were not
            // captured, a failed fetch in tcpdump.
            if let Some(stop) = d.stop {
                cx.trunc_early_end(stop.layer.name());
            }
        }
        Transport::Other { proto, .. } => write_other_proto(cx, ip, *proto),
        // TCP, UDP, ICMP, IGMP, VRRP and tunnels went to their printers; only an
        // IPv6 next header leads to ICMPv6.
        Transport::Tcp(_)
        | Transport::Udp(_)
        | Transport::Icmp(_)
        | Transport::Icmp6(_)
        | Transport::Igmp(_)
        | Transport::Vrrp(_)
        | Transport::Gre(_)
        | Transport::IpInIp { .. } => {}
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
/// decode. Those tcpdump has printers for (GRE, OSPF, PIM, SCTP,
/// DCCP, ESP, AH, IPv6-in-IPv4, ...) print as unknown protocols
/// here, unlike tcpdump; so does IPv4-in-IPv4 unless the inner header's
/// version is wrong.
fn write_other_proto(cx: &mut Cx<'_>, ip: &Ipv4<'_>, proto: u8) {
    let unknown = |cx: &mut Cx<'_>| match cx.ip_protocol(proto) {
        Some(name) => cx.f(format_args!(" {name} {}", ip.payload_len)),
        None => cx.f(format_args!(" ip-proto-{proto} {}", ip.payload_len)),
    };
    match proto {
        ip4::PROTO_IPIP => match ip.inner_version() {
            None => cx.trunc_early_end(Layer::Ip.name()),
            Some(4) => unknown(cx),
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
        _ => unknown(cx),
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
            IpOption::Route(r) => {
                option_name(cx, r.code());
                if !write_route(cx, &r) {
                    return Walk::Truncated;
                }
            }
            IpOption::Timestamp(t) => {
                option_name(cx, ip4::OPT_TS);
                if !write_ts(cx, &t) {
                    return Walk::Truncated;
                }
            }
            IpOption::RouterAlert(ra) => {
                option_name(cx, ip4::OPT_RA);
                match ra.value {
                    None => cx.f(format_args!(" [bad length {}]", ra.length)),
                    Some(0) => {}
                    Some(v) => cx.f(format_args!(" value {v}")),
                }
            }
            IpOption::Other { code, .. } => option_name(cx, code),
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
fn pointer(ptr: Option<u8>) -> u32 {
    u32::from(ptr.unwrap_or(0)).wrapping_sub(1)
}

/// `ip_printroute`: RR, LSRR and SSRR; false when the capture ended
/// inside the addresses.
fn write_route(cx: &mut Cx<'_>, r: &Route<'_>) -> bool {
    let length = u32::from(r.length());
    if length < 3 {
        cx.f(format_args!(" [bad length {length}]"));
        return true;
    }
    if r.odd_length() {
        cx.f(format_args!(" [bad length {length}]"));
    }
    let ptr = pointer(r.pointer());
    if ptr < 3 || (ptr.wrapping_add(1) & 3) != 0 || ptr > length + 1 {
        cx.f(format_args!(" [bad ptr {}]", r.pointer().unwrap_or(0)));
    }
    for (off, entry) in r.entries() {
        let Some(a) = entry else {
            return false;
        };
        cx.s(" ");
        write_addr(cx, a);
        if ptr > off as u32 {
            cx.s(",");
        }
    }
    true
}

/// `ip_printts`: the time stamp option; false when the capture ended
/// inside the entries.
fn write_ts(cx: &mut Cx<'_>, t: &Timestamp<'_>) -> bool {
    let length = u32::from(t.length());
    let (Some(kind), Some((overflow, _))) = (t.kind(), t.overflow_flag()) else {
        cx.f(format_args!("[bad length {length}]"));
        return true;
    };
    cx.s(" TS{");
    let hoplen = t.entry_len() as u32;
    if (length - 4) & (hoplen - 1) != 0 {
        cx.f(format_args!("[bad length {length}]"));
    }
    let ptr = pointer(t.pointer());
    if ptr < 4 || (ptr.wrapping_sub(4) & (hoplen - 1)) != 0 || ptr > length + 1 {
        cx.f(format_args!("[bad ptr {}]", t.pointer().unwrap_or(0)));
    }
    let mut len = 0u32;
    let known = match kind {
        TsKind::TsOnly => {
            cx.s("TSONLY");
            true
        }
        TsKind::TsAndAddr => {
            cx.s("TS+ADDR");
            true
        }
        TsKind::Prespecified => {
            cx.s("PRESPEC");
            true
        }
        TsKind::Unknown(f) => {
            cx.f(format_args!("[bad ts type {f}]"));
            false
        }
    };
    if known {
        let mut mark = " ";
        len = 4;
        for (off, entry) in t.entries() {
            len = off as u32;
            if ptr == len {
                mark = " ^ ";
            }
            let Some(entry) = entry else {
                return false;
            };
            cx.f(format_args!("{mark}{}@", entry.timestamp));
            if let Some(a) = entry.addr {
                write_addr(cx, a);
            }
            mark = " ";
            len += hoplen;
        }
    }
    cx.s(if ptr == len { " ^ " } else { "" });
    if overflow != 0 {
        cx.f(format_args!(" [{overflow} hops not recorded]}} "));
    } else {
        cx.s("}");
    }
    true
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::super::ethernet::tests::{eth, eth_text, text};
    use crate::decode::bytes::checksum;

    /// An IPv4 packet from 10.0.0.1 to 10.0.0.2 with `opts` (padded with
    /// EOL to a multiple of 4), protocol `proto` and `payload`, its header
    /// checksum right.
    fn ip(opts: &[u8], proto: u8, payload: &[u8]) -> Vec<u8> {
        let mut opts = opts.to_vec();
        opts.resize(opts.len().div_ceil(4) * 4, 0);
        let hlen = 20 + opts.len();
        let total = (hlen + payload.len()) as u16;
        #[rustfmt::skip]
        let mut p = vec![
            0x40 | (hlen / 4) as u8, 0x00, 0, 0, // version, IHL, tos, length
            0x00, 0x01, 0x00, 0x00,              // id 1, no flags
            64, proto, 0, 0,                     // ttl, protocol, checksum
            10, 0, 0, 1, 10, 0, 0, 2,
        ];
        p[2..4].copy_from_slice(&total.to_be_bytes());
        p.extend_from_slice(&opts);
        let sum = checksum(&p, 0);
        p[10..12].copy_from_slice(&sum.to_be_bytes());
        p.extend_from_slice(payload);
        p
    }

    const UDP: [u8; 8] = [0x30, 0x39, 0x00, 0x36, 0x00, 0x08, 0x00, 0x00];

    #[test]
    fn header_errors() {
        assert_eq!(
            eth_text(0x0800, &[0x65, 0x00], ""),
            "IP6, wrong link-layer encapsulation (invalid)"
        );
        assert_eq!(eth_text(0x0800, &[0x35, 0x00], ""), "IP3 (invalid)");
        let p = ip(&[], 17, &UDP);
        assert_eq!(eth_text(0x0800, &p[..10], ""), "IP  [|ip]");
        assert_eq!(
            eth_text(0x0800, &p[..10], "-e"),
            "02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff, ethertype IPv4 (0x0800), length 24:  [|ip]"
        );
        let mut bad = p.clone();
        bad[0] = 0x44;
        assert_eq!(eth_text(0x0800, &bad, ""), "IP bad-hlen 16");
        // No TSO guess: a zero total length is bad.
        let mut bad = p.clone();
        bad[2..4].copy_from_slice(&[0, 0]);
        assert_eq!(eth_text(0x0800, &bad, ""), "IP bad-len 0");
        let mut bad = p.clone();
        bad[2..4].copy_from_slice(&[0, 10]);
        assert_eq!(eth_text(0x0800, &bad, ""), "IP bad-len 10");
        let mut long = p.clone();
        long[2..4].copy_from_slice(&[0, 0x40]);
        assert_eq!(
            eth_text(0x0800, &long, ""),
            "IP truncated-ip - 36 bytes missing! 10.0.0.1.12345 > 10.0.0.2.54: UDP, length 0"
        );
        // The link layer claims fewer than 20 bytes.
        assert_eq!(text(12, &p[..19], 19, ""), "IP  [|ip]");
    }

    #[test]
    fn verbose_header() {
        let mut p = ip(&[], 17, &UDP);
        p[1] = 0x01; // ECT(1)
        p[6] = 0x40; // DF
        assert_eq!(
            eth_text(0x0800, &p, "-v"),
            "IP (tos 0x1,ECT(1), ttl 64, id 1, offset 0, flags [DF], proto UDP (17), length 28, \
             bad cksum 66ce (->26cd)!)\n    10.0.0.1.12345 > 10.0.0.2.54: UDP, length 0"
        );
        assert_eq!(
            eth_text(0x0800, &p, "-v -K"),
            "IP (tos 0x1,ECT(1), ttl 64, id 1, offset 0, flags [DF], proto UDP (17), length 28)\
             \n    10.0.0.1.12345 > 10.0.0.2.54: UDP, length 0"
        );
    }

    #[test]
    fn fragments() {
        let mut p = ip(&[], 17, &UDP);
        p[6..8].copy_from_slice(&[0xe0, 0x01]); // rsvd, DF, MF, offset 8
        p[1] = 0x03;
        p[8] = 1;
        assert_eq!(
            eth_text(0x0800, &p, "-v -K"),
            "IP (tos 0x3,CE, ttl 1, id 1, offset 8, flags [+, DF, rsvd], proto UDP (17), length 28)\
             \n    10.0.0.1 > 10.0.0.2: ip-proto-17"
        );
        assert_eq!(
            eth_text(0x0800, &p, ""),
            "IP 10.0.0.1 > 10.0.0.2: ip-proto-17"
        );
    }

    #[test]
    fn protocols_not_decoded() {
        let cases: [(u8, &str); 6] = [
            (99, " ip-proto-99 8"),
            (4, "IP3 (invalid)"),
            (58, "[ICMPv6 requires IPv6] (invalid)"),
            (143, "[Ethernet requires IPv6] (invalid)"),
            (59, "no next header"),
            (77, " nd 8"),
        ];
        for (proto, what) in cases {
            assert_eq!(
                eth_text(0x0800, &ip(&[], proto, &UDP), ""),
                format!("IP 10.0.0.1 > 10.0.0.2: {what}"),
                "protocol {proto}"
            );
        }
    }

    /// The options part of the -v line for a packet with `opts`.
    fn options_line(opts: &[u8]) -> String {
        let p = ip(opts, 99, &[1, 2, 3, 4]);
        let line = eth_text(0x0800, &p, "-v");
        let total = 24 + opts.len().div_ceil(4) * 4;
        let head = format!(
            "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto unknown (99), length {total}, "
        );
        line.strip_prefix(&head)
            .and_then(|l| l.strip_suffix(")\n    10.0.0.1 > 10.0.0.2:  ip-proto-99 4"))
            .unwrap_or(&line)
            .to_string()
    }

    #[test]
    fn options() {
        #[rustfmt::skip]
        let cases: [(&[u8], &str); 12] = [
            // RR of 7 bytes, pointer past its one address.
            (&[7, 7, 8, 10, 0, 0, 9, 10, 0, 0, 8],
             "options (RR 10.0.0.9,,unknown 10 [bad length 0])"),
            // RR of 8 bytes: the second address is read past its end.
            (&[7, 8, 4, 10, 0, 0, 9, 10, 0, 0, 8, 0],
             "options (RR [bad length 8] 10.0.0.9 10.0.0.8,EOL)"),
            (&[131, 11, 12, 10, 0, 0, 9, 10, 0, 0, 8],
             "options (LSRR 10.0.0.9, 10.0.0.8,,EOL)"),
            (&[68, 16, 13, 1, 10, 0, 0, 1, 0, 0, 0, 10, 10, 0, 0, 2, 0, 0, 0, 2],
             "options (timestamp TS{[bad length 16]TS+ADDR 10@10.0.0.1 ^ 2@10.0.0.2},EOL)"),
            (&[68, 12, 5, 0, 0, 0, 0, 1, 0, 0, 0, 2],
             "options (timestamp TS{TSONLY ^ 1@ 2@})"),
            (&[68, 12, 5, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0],
             "options (timestamp TS{[bad ts type 2]},EOL)"),
            (&[68, 16, 13, 0x13, 10, 0, 0, 1, 0, 0, 0, 10, 10, 0, 0, 2, 0, 0, 0, 2],
             "options (timestamp TS{[bad length 16]PRESPEC 10@10.0.0.1 ^ 2@10.0.0.2 \
              [1 hops not recorded]} ,EOL)"),
            (&[148, 4, 0, 5], "options (RA value 5)"),
            (&[148, 3, 0, 0, 0], "options (RA [bad length 3],EOL)"),
            (&[254, 4, 0, 0, 130, 4, 0, 0], "options (unknown 254,security)"),
            (&[1, 68], "options (NOP,timestamp [bad length 0])"),
            (&[134, 4, 0, 0], "options (unknown 134)"),
        ];
        for (opts, want) in cases {
            assert_eq!(options_line(opts), want, "{opts:?}");
        }
    }

    #[test]
    fn options_cut_by_the_capture() {
        let p = ip(&[1, 7, 7, 4, 10, 0, 0, 9, 10, 0, 0, 8], 99, &[1, 2, 3, 4]);
        let f = eth(0x0800, &p);
        let head = "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto unknown (99), \
                    length 36, options (";
        #[rustfmt::skip]
        let cases: [(usize, &str); 4] = [
            (34, " [|ip]"),
            (35, "NOP, [|ip]"),
            (36, "NOP,RR [|ip]"),
            (40, "NOP,RR [truncated-option]))\n    10.0.0.1 > 10.0.0.2:  [|ip]"),
        ];
        for (n, tail) in cases {
            assert_eq!(
                text(1, &f[..n], 50, "-v"),
                format!("{head}{tail}"),
                "{n} bytes"
            );
            assert_eq!(
                text(1, &f[..n], 50, ""),
                format!(
                    "IP 10.0.0.1 > 10.0.0.2:  [remaining caplen({}) < header length(32)] [|ip]",
                    n - 14
                )
            );
        }
        // Protocols that print the addresses with their ports (TCP, UDP,
        // and in tcpdump SCTP and DCCP) leave them out when the header
        // was not captured whole.
        for proto in [6, 17, 33, 132] {
            let p = ip(
                &[1, 7, 7, 4, 10, 0, 0, 9, 10, 0, 0, 8],
                proto,
                &[1, 2, 3, 4],
            );
            let f = eth(0x0800, &p);
            assert_eq!(
                text(1, &f[..40], 50, ""),
                "IP  [remaining caplen(26) < header length(32)] [|ip]",
                "protocol {proto}"
            );
        }
    }
}
