//! Linux cooked captures (v1 and v2), BSD loopback and raw IP, as
//! tcpdump's print-sll.c, print-null.c and print-raw.c print them.
//!
//! Payloads tcpdump decodes with printers netdecode does not have (802.3
//! IPX and radiotap in cooked captures; ISO, AppleTalk, IPX and IPv6 on
//! loopback) are printed as tcpdump prints unknown payloads (link header
//! and raw bytes). IPv6 on a raw link, which has no link header to show,
//! prints as `IP6 [unsupported], length N` and its bytes.

use std::sync::OnceLock;

use super::fmt::{write_mac, write_tci};
use super::{dispatch, stop_at, Cx};
use crate::decode::link::{Null, Sll, Sll2, SLL_P_802_2, SLL_P_802_3};
use crate::decode::{Decoded, Layer, Mac, Net};
use crate::names;

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
    d: &Decoded<'_>,
    header_len: u32,
    header: impl Fn(&mut Cx<'_>, u32),
) {
    for tag in d.vlans.iter() {
        if cx.o.link_header {
            write_tci(cx, &tag);
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
        .saturating_sub(header_len + 4 * d.vlans.len() as u32);
    if d.llc.is_some() || matches!(d.net, Net::Llc(_)) {
        dispatch::llc(cx, d, None, length);
        return;
    }
    if let Net::Unknown { ethertype, payload } = d.net {
        if ethertype > 1500 && !cx.o.link_header {
            header(cx, length + header_len);
        }
        cx.default_print(payload);
        return;
    }
    dispatch::ethertype_payload(cx, d);
}

pub(super) fn write_sll(cx: &mut Cx<'_>, d: &Decoded<'_>, h: &Sll) {
    let line = |cx: &mut Cx<'_>, length: u32| {
        cx.f(format_args!("{:>3} ", pkttype(h.pkttype)));
        cooked_line(cx, h.halen, &h.addr, h.protocol, length);
    };
    if cx.o.link_header {
        line(cx, d.wire_len);
    }
    cooked_rest(cx, d, 16, line);
}

pub(super) fn write_sll2(cx: &mut Cx<'_>, d: &Decoded<'_>, h: &Sll2) {
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
    cooked_rest(cx, d, 20, line);
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

pub(super) fn write_null(cx: &mut Cx<'_>, d: &Decoded<'_>, h: &Null) {
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
            dispatch::ethertype_payload(cx, d);
        }
    }
}

pub(super) fn write_raw(cx: &mut Cx<'_>, d: &Decoded<'_>) {
    if cx.o.link_header {
        cx.s("ip: ");
    }
    match d.net {
        Net::UnknownIpVersion(v) => cx.f(format_args!("unknown ip {v}")),
        _ => {
            dispatch::ethertype_payload(cx, d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::ethernet::tests::text;

    #[rustfmt::skip]
    const ARP: [u8; 28] = [
        0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, // Ethernet/IPv4 request
        0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 10, 0, 0, 1, // sender
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 10, 0, 0, 2, // target
    ];
    const ARP_LINE: &str = "Request who-has 10.0.0.2 tell 10.0.0.1, length 28";

    #[rustfmt::skip]
    const IPV4: [u8; 24] = [
        0x45, 0x00, 0x00, 0x18, 0x00, 0x01, 0x00, 0x00, // total length 24
        0x40, 0x63, 0x00, 0x00, 10, 0, 0, 1, 10, 0, 0, 2, // protocol 99
        1, 2, 3, 4,
    ];
    const IPV4_LINE: &str = "10.0.0.1 > 10.0.0.2:  ip-proto-99 4";

    /// A cooked v1 frame: packet type, a MAC address, `protocol`, `payload`.
    fn sll(pkttype: u8, protocol: u16, payload: &[u8]) -> Vec<u8> {
        #[rustfmt::skip]
        let mut f = vec![
            0x00, pkttype, 0x00, 0x01, 0x00, 0x06,          // type, ARPHRD_ETHER, halen 6
            0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, // address
        ];
        f.extend_from_slice(&protocol.to_be_bytes());
        f.extend_from_slice(payload);
        f
    }

    fn sll_text(f: &[u8], flags: &str) -> String {
        text(113, f, f.len() as u32, flags)
    }

    #[test]
    fn cooked_header_line() {
        for (t, name) in [(0, " In"), (4, "Out"), (7, "  ?")] {
            assert_eq!(
                sll_text(&sll(t, 0x0806, &ARP), "-e"),
                format!("{name} 02:00:00:00:00:01 ethertype ARP (0x0806), length 44: {ARP_LINE}")
            );
        }
        assert_eq!(
            sll_text(&sll(0, 0x0806, &ARP), ""),
            format!("ARP, {ARP_LINE}")
        );
        // A four-byte address is not shown.
        let mut f = sll(0, 0x0800, &IPV4);
        f[5] = 4;
        assert_eq!(
            sll_text(&f, "-e"),
            format!(" In ethertype IPv4 (0x0800), length 40: {IPV4_LINE}")
        );
        assert_eq!(text(113, &f[..15], 40, ""), " [|sll]");
    }

    #[test]
    fn cooked_unknown_protocols() {
        let line = " In 02:00:00:00:00:01 ethertype Unknown (0x1234), length 18: ";
        let dump = "\n\t0x0000:  0011                                     ..";
        let f = sll(0, 0x1234, &[0x00, 0x11]);
        assert_eq!(sll_text(&f, ""), format!("{line}{dump}"));
        assert_eq!(sll_text(&f, "-e"), format!("{line}{dump}"));
        assert_eq!(sll_text(&f, "-q"), " In 02:00:00:00:00:01 ");
        // A Linux pseudo-protocol other than 802.2: only the bytes.
        assert_eq!(sll_text(&sll(0, 0x0003, &[0x00, 0x11]), ""), dump);
    }

    #[test]
    fn cooked_vlan_tags() {
        let tagged = |inner: u16, p: &[u8]| {
            let mut body = vec![0x20, 0x05];
            body.extend_from_slice(&inner.to_be_bytes());
            body.extend_from_slice(p);
            sll(0, 0x8100, &body)
        };
        assert_eq!(
            sll_text(&tagged(0x0806, &ARP), "-e"),
            format!(
                " In 02:00:00:00:00:01 ethertype 802.1Q (0x8100), length 48: vlan 5, p 1, \
                 ethertype ARP, {ARP_LINE}"
            )
        );
        assert_eq!(
            sll_text(&tagged(0x0806, &ARP), ""),
            format!("ethertype ARP, ARP, {ARP_LINE}")
        );
        // An unknown type after a tag: the cooked line shows the tag's
        // protocol and the length after the tag.
        assert_eq!(
            sll_text(&tagged(0x1234, &[0x00, 0x11]), ""),
            "ethertype Unknown,  In 02:00:00:00:00:01 ethertype 802.1Q (0x8100), length 18: \
             \n\t0x0000:  0011                                     .."
        );
        // A length after a tag means 802.2.
        assert_eq!(
            sll_text(&tagged(0x0030, &[0x04, 0x04, 0x03, 0x00, 0x11]), ""),
            "ethertype Unknown, SNA Unnumbered, ui, Flags [Command], length 5\
             \n\t0x0000:  0404 0300 11                             ....."
        );
        assert_eq!(
            sll_text(&sll(0, 0x8100, &[0x20]), "-e"),
            " In 02:00:00:00:00:01 ethertype 802.1Q (0x8100), length 17:  [|vlan]"
        );
    }

    #[test]
    fn cooked_llc() {
        let f = sll(0, 0x0004, &[0x04, 0x04, 0x03, 0x00, 0x11]);
        let dump = "\n\t0x0000:  0404 0300 11                             .....";
        assert_eq!(
            sll_text(&f, ""),
            format!("SNA Unnumbered, ui, Flags [Command], length 5{dump}")
        );
        assert_eq!(
            sll_text(&f, "-e"),
            format!(
                " In 02:00:00:00:00:01 802.2, length 21: LLC, dsap SNA (0x04) Individual, \
                 ssap SNA (0x04) Command, ctrl 0x03: Unnumbered, ui, Flags [Command], length 5\
                 {dump}"
            )
        );
    }

    /// A cooked v2 frame on interface 999 (which no test host has).
    fn sll2(protocol: u16, pkttype: u8, payload: &[u8]) -> Vec<u8> {
        let mut f = protocol.to_be_bytes().to_vec();
        #[rustfmt::skip]
        f.extend_from_slice(&[
            0x00, 0x00, 0x00, 0x00, 0x03, 0xe7, // reserved, interface index 999
            0x00, 0x01, pkttype, 0x06,          // ARPHRD_ETHER, packet type, halen 6
            0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
        ]);
        f.extend_from_slice(payload);
        f
    }

    #[test]
    fn cooked_v2() {
        let f = sll2(0x0806, 4, &ARP);
        assert_eq!(
            text(276, &f, f.len() as u32, ""),
            format!("?     Out ARP, {ARP_LINE}")
        );
        assert_eq!(
            text(276, &f, f.len() as u32, "-e"),
            format!(
                "?     Out ifindex 999 02:00:00:00:00:01 ethertype ARP (0x0806), length 48: \
                 {ARP_LINE}"
            )
        );
        let mut f = sll2(0x1234, 0, &[0x00, 0x11]);
        f[11] = 4; // a four-byte address
        assert_eq!(
            text(276, &f, f.len() as u32, ""),
            "?     In  ifindex 999 ethertype Unknown (0x1234), length 22: \
             \n\t0x0000:  0011                                     .."
        );
        assert_eq!(text(276, &f[..19], 40, ""), " [|sll2]");
    }

    #[test]
    fn loopback() {
        let null = |family: [u8; 4], p: &[u8], lt: i32, flags: &str| {
            let f = [&family[..], p].concat();
            text(lt, &f, f.len() as u32, flags)
        };
        assert_eq!(null([2, 0, 0, 0], &IPV4, 0, ""), format!("IP {IPV4_LINE}"));
        assert_eq!(
            null([2, 0, 0, 0], &IPV4, 0, "-e"),
            format!("AF IPv4 (2), length 28: {IPV4_LINE}")
        );
        // DLT_LOOP is big-endian; the upper-half test swaps it.
        assert_eq!(
            null([0, 0, 0, 2], &IPV4, 108, "-e"),
            format!("AF IPv4 (2), length 28: {IPV4_LINE}")
        );
        assert_eq!(
            null([2, 0, 0, 0], &IPV4, 0, "-e -q"),
            format!("IPv4, length 28: {IPV4_LINE}")
        );
        assert_eq!(
            null([6, 0, 0, 0], &[0x00, 0x11], 0, ""),
            "AF NS (6), length 6: \n\t0x0000:  0011                                     .."
        );
        assert_eq!(
            null([99, 0, 0, 0], &[0x00, 0x11], 0, "-q"),
            "Unknown AF 99, length 6: "
        );
        assert_eq!(text(0, &[2, 0], 40, ""), " [|null]");
    }

    #[test]
    fn raw_ip() {
        for lt in [12, 101, 228, 229] {
            assert_eq!(text(lt, &IPV4, 24, ""), format!("IP {IPV4_LINE}"), "{lt}");
        }
        assert_eq!(text(12, &IPV4, 24, "-e"), format!("ip: {IPV4_LINE}"));
        assert_eq!(text(12, &[0x50, 0x00], 2, ""), "unknown ip 5");
        assert_eq!(text(101, &[0x50, 0x00], 2, "-e"), "ip: unknown ip 5");
        // IPv6 by its version nibble; two bytes are not a header.
        assert_eq!(text(12, &[0x60, 0x00], 2, "-q"), " [|ip6]");
    }
}
