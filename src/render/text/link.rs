//! Linux cooked captures, BSD loopback and raw IP, as print-sll.c,
//! print-null.c and print-raw.c print them.

use super::ethernet::{write_ethertype_payload, write_tci};
use super::tcp::SeqTable;
use super::{names, Cx};
use crate::decode::link::{Null, Sll, Sll2};
use crate::decode::{Decoded, Net};

fn pkttype(t: u16) -> &'static str {
    match t {
        0 => "In",
        1 => "B",
        2 => "M",
        3 => "P",
        4 => "Out",
        _ => "?",
    }
}

fn sll_line(cx: &mut Cx<'_>, pkt: u16, halen: u16, addr: &[u8; 8], protocol: u16, length: u32) {
    cx.f(format_args!("{:>3} ", pkttype(pkt)));
    if halen == 6 {
        let [a, b, c, d, e, f, _, _] = *addr;
        super::ethernet::write_mac(cx, &crate::decode::Mac([a, b, c, d, e, f]));
        cx.s(" ");
    }
    if !cx.o.quiet {
        if protocol <= 1500 {
            match protocol {
                1 => cx.s("802.3"),
                4 => cx.s("802.2"),
                _ => cx.f(format_args!("ethertype Unknown (0x{protocol:04x})")),
            }
        } else {
            cx.f(format_args!(
                "ethertype {} (0x{protocol:04x})",
                names::ethertype(protocol).unwrap_or("Unknown")
            ));
        }
        cx.f(format_args!(", length {length}: "));
    }
}

fn cooked_rest(cx: &mut Cx<'_>, tcp: &mut SeqTable, d: &Decoded<'_>, header: impl Fn(&mut Cx<'_>)) {
    for tag in d.vlans.as_slice() {
        if cx.o.link_header {
            write_tci(cx, tag);
            cx.s(", ");
        }
        if !cx.o.quiet {
            let next = if tag.next <= 1500 { 4 } else { tag.next };
            cx.f(format_args!(
                "ethertype {}, ",
                names::ethertype(next).unwrap_or("Unknown")
            ));
        }
    }
    if let Net::Unknown { ethertype, payload } = d.net {
        if ethertype > 1500 && !cx.o.link_header {
            header(cx);
        }
        cx.default_print(payload);
        return;
    }
    if !write_ethertype_payload(cx, tcp, d) && !cx.o.link_header {
        header(cx);
    }
}

pub(super) fn write_sll(cx: &mut Cx<'_>, tcp: &mut SeqTable, d: &Decoded<'_>, h: &Sll) {
    let length = d.wire_len;
    let line = |cx: &mut Cx<'_>| sll_line(cx, h.pkttype, h.halen, &h.addr, h.protocol, length);
    if cx.o.link_header {
        line(cx);
    }
    cooked_rest(cx, tcp, d, line);
}

pub(super) fn write_sll2(cx: &mut Cx<'_>, tcp: &mut SeqTable, d: &Decoded<'_>, h: &Sll2) {
    let length = d.wire_len;
    let line = |cx: &mut Cx<'_>| {
        cx.f(format_args!("ifindex {} ", h.ifindex));
        sll_line(
            cx,
            u16::from(h.pkttype),
            u16::from(h.halen),
            &h.addr,
            h.protocol,
            length,
        )
    };
    if cx.o.link_header {
        line(cx);
    }
    cooked_rest(cx, tcp, d, line);
}

fn null_line(cx: &mut Cx<'_>, family: u32, length: u32) {
    match (cx.o.quiet, names::bsd_af(family)) {
        (false, n) => cx.f(format_args!("AF {} ({family})", n.unwrap_or("Unknown"))),
        (true, Some(n)) => cx.s(n),
        (true, None) => cx.f(format_args!("Unknown AF {family}")),
    }
    cx.f(format_args!(", length {length}: "));
}

pub(super) fn write_null(cx: &mut Cx<'_>, tcp: &mut SeqTable, d: &Decoded<'_>, h: &Null) {
    if cx.o.link_header {
        null_line(cx, h.family, d.wire_len);
    }
    match d.net {
        Net::Unknown { payload, .. } => {
            if !cx.o.link_header {
                null_line(cx, h.family, d.wire_len);
            }
            cx.default_print(payload);
        }
        _ => {
            write_ethertype_payload(cx, tcp, d);
        }
    }
}

pub(super) fn write_raw(cx: &mut Cx<'_>, tcp: &mut SeqTable, d: &Decoded<'_>) {
    if cx.o.link_header {
        cx.s("ip: ");
    }
    match d.net {
        Net::UnknownIpVersion(v) => cx.f(format_args!("unknown ip {v}")),
        _ => {
            write_ethertype_payload(cx, tcp, d);
        }
    }
}
