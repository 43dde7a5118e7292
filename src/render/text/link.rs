//! Linux cooked captures (v1 and v2), BSD loopback and raw IP, as
//! tcpdump's print-sll.c, print-null.c and print-raw.c print them.
//!
//! Payloads tcpdump decodes with printers netdecode does not have (802.3
//! IPX and radiotap in cooked captures; ISO, AppleTalk, IPX and IPv6 on
//! loopback) are printed as tcpdump prints unknown payloads (link header
//! and raw bytes). IPv6 on a raw link, which has no link header to show,
//! prints as `IP6 [unsupported], length N` and its bytes.

use std::sync::OnceLock;

use super::ethernet::{write_ethertype_payload, write_llc, write_mac, write_tci};
use super::tcp::SeqTable;
use super::{names, stop_at, Cx};
use crate::decode::link::{Null, Sll, Sll2, SLL_P_802_2, SLL_P_802_3};
use crate::decode::{Decoded, Layer, Mac, Net};

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

/// The address (when it is a MAC), protocol and length part of the cooked
/// header line, shared by v1 and v2.
fn cooked_line(cx: &mut Cx<'_>, halen: u16, addr: &[u8; 8], protocol: u16, length: u32) {
    if halen == 6 {
        let [a, b, c, d, e, f, _, _] = *addr;
        write_mac(cx, &Mac([a, b, c, d, e, f]));
        cx.s(" ");
    }
    if cx.o.quiet {
        return;
    }
    match protocol {
        SLL_P_802_3 => cx.s("802.3"),
        SLL_P_802_2 => cx.s("802.2"),
        0..=1500 => cx.f(format_args!("ethertype Unknown (0x{protocol:04x})")),
        _ => cx.f(format_args!(
            "ethertype {} (0x{protocol:04x})",
            names::ethertype(protocol).unwrap_or("Unknown")
        )),
    }
    cx.f(format_args!(", length {length}: "));
}

/// What follows a cooked header: tags, then the payload. `header` prints
/// the cooked header line for an unknown ethertype without -e, given the
/// length tcpdump shows there.
fn cooked_rest(
    cx: &mut Cx<'_>,
    tcp: &mut SeqTable,
    d: &Decoded<'_>,
    header_len: u32,
    header: impl Fn(&mut Cx<'_>, u32),
) {
    let tags = d.vlans.as_slice();
    for tag in tags {
        if cx.o.link_header {
            write_tci(cx, tag);
            cx.s(", ");
        }
        if !cx.o.quiet {
            let next = if tag.next <= 1500 {
                SLL_P_802_2
            } else {
                tag.next
            };
            cx.f(format_args!(
                "ethertype {}, ",
                names::ethertype(next).unwrap_or("Unknown")
            ));
        }
    }
    if stop_at(d, Layer::Vlan).is_some() {
        cx.trunc(Layer::Vlan);
        return;
    }
    // tcpdump's length after the cooked header and the tags.
    let length = d
        .wire_len
        .saturating_sub(header_len + 4 * tags.len() as u32);
    if d.llc.is_some() || matches!(d.net, Net::Llc(_)) {
        write_llc(cx, tcp, d, None, length);
        return;
    }
    if let Net::Unknown { ethertype, payload } = d.net {
        if ethertype > 1500 && !cx.o.link_header {
            header(cx, length + header_len);
        }
        cx.default_print(payload);
        return;
    }
    write_ethertype_payload(cx, tcp, d);
}

pub(super) fn write_sll(cx: &mut Cx<'_>, tcp: &mut SeqTable, d: &Decoded<'_>, h: &Sll) {
    let line = |cx: &mut Cx<'_>, length: u32| {
        cx.f(format_args!("{:>3} ", pkttype(h.pkttype)));
        cooked_line(cx, h.halen, &h.addr, h.protocol, length);
    };
    if cx.o.link_header {
        line(cx, d.wire_len);
    }
    cooked_rest(cx, tcp, d, 16, line);
}

pub(super) fn write_sll2(cx: &mut Cx<'_>, tcp: &mut SeqTable, d: &Decoded<'_>, h: &Sll2) {
    // tcpdump names the interface as the machine reading the capture
    // knows it, "?" when it has no interface of that index.
    cx.f(format_args!(
        "{:<5} {:<3} ",
        interface_name(h.ifindex).unwrap_or("?"),
        pkttype(u16::from(h.pkttype))
    ));
    let line = |cx: &mut Cx<'_>, length: u32| {
        cx.f(format_args!("ifindex {} ", h.ifindex));
        cooked_line(cx, u16::from(h.halen), &h.addr, h.protocol, length);
    };
    if cx.o.link_header {
        line(cx, d.wire_len);
    }
    cooked_rest(cx, tcp, d, 20, line);
}

/// The name of this host's interface `index` (`if_indextoname`), read once
/// from /sys/class/net.
fn interface_name(index: u32) -> Option<&'static str> {
    static NAMES: OnceLock<Vec<(u32, String)>> = OnceLock::new();
    NAMES
        .get_or_init(|| {
            let Ok(dir) = std::fs::read_dir("/sys/class/net") else {
                return Vec::new();
            };
            dir.flatten()
                .filter_map(|e| {
                    let idx = std::fs::read_to_string(e.path().join("ifindex")).ok()?;
                    Some((idx.trim().parse().ok()?, e.file_name().into_string().ok()?))
                })
                .collect()
        })
        .iter()
        .find(|(i, _)| *i == index)
        .map(|(_, n)| n.as_str())
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
        Net::Unknown { payload, .. } => {
            // IPv6, which netdecode does not decode (tcpdump does).
            cx.f(format_args!("IP6 [unsupported], length {}", d.wire_len));
            cx.default_print(payload);
        }
        _ => {
            write_ethertype_payload(cx, tcp, d);
        }
    }
}
