//! Ethernet and 802.1Q/802.1ad tags, as tcpdump's print-ether.c prints
//! them; an 802.3 frame's payload goes to the LLC printer (`llc.rs`).
//!
//! Payloads that tcpdump hands to printers netdecode does not have are
//! printed the way tcpdump prints payloads it does not know (link header
//! and raw bytes), so their lines differ from tcpdump's: ethertypes other
//! than those `decode::dispatch` decodes (PPPoE, EAPOL, slow protocols,
//! CFM, IPX, AppleTalk, DECnet, MACsec, Arista, ...).

use super::fmt::{write_mac, write_tci};
use super::{dispatch, Cx};
use crate::decode::ethernet::{self as eth, Ethernet};
use crate::decode::{Decoded, Layer, Net};
use crate::names;

fn write_addresses(cx: &mut Cx<'_>, e: &Ethernet) {
    write_mac(cx, &e.src);
    cx.s(" > ");
    write_mac(cx, &e.dst);
    cx.s(", ");
}

/// tcpdump's `ether_type_print`.
pub(crate) fn write_ethertype(cx: &mut Cx<'_>, t: u16) {
    match (cx.o.quiet, names::ethertype(t)) {
        (false, name) => cx.f(format_args!(
            "ethertype {} (0x{t:04x})",
            name.unwrap_or("Unknown")
        )),
        (true, Some(name)) => cx.s(name),
        (true, None) => cx.f(format_args!("Unknown Ethertype (0x{t:04x})")),
    }
}

pub(super) fn write(cx: &mut Cx<'_>, d: &Decoded<'_>, e: &Ethernet) {
    let eflag = cx.o.link_header;
    let orig_length = d.wire_len.max(d.frame.len() as u32);
    if eflag {
        write_addresses(cx, e);
    }
    let mut printed_length = false;
    let mut tpid = e.length_type;
    for tag in d.vlans.iter() {
        if eflag {
            write_ethertype(cx, tpid);
            if printed_length {
                cx.s(", ");
            } else {
                cx.f(format_args!(", length {orig_length}: "));
                printed_length = true;
            }
            write_tci(cx, &tag);
            cx.s(", ");
        }
        tpid = tag.next;
    }
    if e.tags_truncated {
        cx.trunc(Layer::Vlan);
        return;
    }
    let header_len = 14 + 4 * d.vlans.len() as u32;
    let rest = orig_length.saturating_sub(header_len);
    if e.is_8023() {
        let length = rest.min(u32::from(e.inner_type));
        if eflag {
            cx.s("802.3");
            if !printed_length {
                cx.f(format_args!(", length {length}: "));
            }
        }
        dispatch::llc(cx, d, Some(e), length);
        return;
    }
    if e.inner_type == eth::ETHERTYPE_JUMBO {
        // tcpdump prints no type for jumbo frames, just their LLC header.
        dispatch::llc(cx, d, Some(e), rest);
        return;
    }
    if eflag {
        write_ethertype(cx, e.inner_type);
        if printed_length {
            cx.s(", ");
        } else {
            cx.f(format_args!(", length {orig_length}: "));
        }
    }
    if !dispatch::ethertype_payload(cx, d) {
        if !eflag {
            write_addresses(cx, e);
            write_ethertype(cx, e.inner_type);
            cx.f(format_args!(", length {orig_length}: "));
        }
        if let Net::Unknown { payload, .. } = d.net {
            cx.default_print(payload);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod tests {
    use crate::capture::{RawPacket, Timestamp};
    use crate::decode::{decode, LinkType};
    use crate::render::text::{TextOptions, TextRenderer, TimeFormat};
    use crate::render::Palette;

    /// One packet's text as the renderer writes it (no time stamp, no
    /// final newline), with tcpdump-style `flags` (`-e`, `-v`, `-vv`,
    /// `-q`, `-K`).
    pub(crate) fn text(lt: i32, frame: &[u8], wire: u32, flags: &str) -> String {
        let mut o = TextOptions {
            time: TimeFormat::None,
            ..TextOptions::default()
        };
        for f in flags.split_whitespace() {
            match f {
                "-e" => o.link_header = true,
                "-v" => o.verbose += 1,
                "-vv" => o.verbose += 2,
                "-q" => {
                    o.quiet = true;
                    o.suppress_default_print = true;
                }
                "-K" => o.verify_checksums = false,
                other => unreachable!("flag {other}"),
            }
        }
        let d = decode(LinkType(lt), frame, wire);
        let pkt = RawPacket {
            ts: Timestamp::default(),
            data: frame,
            wire_len: wire,
        };
        let mut out = Vec::new();
        TextRenderer::new(o, Palette::plain()).render(&pkt, &d, &mut out);
        String::from_utf8(out).unwrap()
    }

    /// An Ethernet frame from 02:00:00:00:00:01 to the broadcast address.
    pub(crate) fn eth(length_type: u16, payload: &[u8]) -> Vec<u8> {
        let mut f = vec![0xff; 6];
        f.extend_from_slice(&[0x02, 0, 0, 0, 0, 0x01]);
        f.extend_from_slice(&length_type.to_be_bytes());
        f.extend_from_slice(payload);
        f
    }

    /// An Ethernet frame's text, its wire length being its length.
    pub(crate) fn eth_text(length_type: u16, payload: &[u8], flags: &str) -> String {
        let f = eth(length_type, payload);
        text(1, &f, f.len() as u32, flags)
    }

    pub(crate) const SRC_DST: &str = "02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff";

    #[rustfmt::skip]
    pub(crate) const ARP: [u8; 28] = [
        0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, // Ethernet/IPv4 request
        0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 10, 0, 0, 1, // sender
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 10, 0, 0, 2, // target
    ];

    pub(crate) fn with(prefix: &[u8], payload: &[u8]) -> Vec<u8> {
        [prefix, payload].concat()
    }

    #[test]
    fn vlan_tags_with_priority_and_dei() {
        #[rustfmt::skip]
        let tags = [
            0x30, 0x64, 0x81, 0x00, // vid 100, pcp 1, DEI; then 802.1Q
            0x00, 0x05, 0x08, 0x06, // vid 5; then ARP
        ];
        let p = with(&tags, &ARP);
        assert_eq!(
            eth_text(0x9100, &p, "-e"),
            format!(
                "{SRC_DST}, ethertype 802.1Q-9100 (0x9100), length 50: vlan 100, p 1, DEI, \
                 ethertype 802.1Q (0x8100), vlan 5, p 0, ethertype ARP (0x0806), \
                 Request who-has 10.0.0.2 tell 10.0.0.1, length 28"
            )
        );
        assert_eq!(
            eth_text(0x9100, &p, ""),
            "ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28"
        );
    }

    #[test]
    fn truncated_tags() {
        let f = eth(0x8100, &[0xb0]);
        assert_eq!(text(1, &f, 60, "-e"), format!("{SRC_DST},  [|vlan]"));
        assert_eq!(text(1, &f, 60, ""), " [|vlan]");
        let f = eth(0x8100, &[0xb0, 0x64, 0x88, 0xa8, 0x00]);
        assert_eq!(
            text(1, &f, 60, "-e"),
            format!(
                "{SRC_DST}, ethertype 802.1Q (0x8100), length 60: vlan 100, p 5, DEI,  [|vlan]"
            )
        );
        assert_eq!(text(1, &f[..8], 60, "-e"), " [|ether]");
        assert_eq!(text(1, &f[..13], 60, ""), " [|ether]");
    }

    #[test]
    fn unknown_ethertypes() {
        let header = format!("{SRC_DST}, ethertype Unknown (0x1234), length 16: ");
        let dump = "\n\t0x0000:  0001                                     ..";
        assert_eq!(eth_text(0x1234, &[0, 1], ""), format!("{header}{dump}"));
        assert_eq!(eth_text(0x1234, &[0, 1], "-e"), format!("{header}{dump}"));
        let quiet = format!("{SRC_DST}, Unknown Ethertype (0x1234), length 16: ");
        assert_eq!(eth_text(0x1234, &[0, 1], "-q"), quiet);
        assert_eq!(eth_text(0x1234, &[0, 1], "-e -q"), quiet);
    }

    #[test]
    fn network_header_missing() {
        assert_eq!(text(1, &eth(0x0800, &[]), 60, ""), " [|ip]");
        assert_eq!(
            text(1, &eth(0x0800, &[]), 60, "-e"),
            format!("{SRC_DST}, ethertype IPv4 (0x0800), length 60:  [|ip]")
        );
    }

    /// An 802.3 frame holding `llc` and `pad` bytes of padding.
    pub(crate) fn llc_text(llc: &[u8], pad: usize, flags: &str) -> String {
        let mut p = llc.to_vec();
        p.resize(llc.len() + pad, 0);
        eth_text(llc.len() as u16, &p, flags)
    }

    #[test]
    fn jumbo_frames_print_no_type() {
        assert_eq!(
            eth_text(0x8870, &[0x04, 0x04, 0x03, 0x00], "-e"),
            format!(
                "{SRC_DST}, LLC, dsap SNA (0x04) Individual, ssap SNA (0x04) Command, ctrl 0x03: \
                 Unnumbered, ui, Flags [Command], length 4\
                 \n\t0x0000:  0404 0300                                ...."
            )
        );
    }
}
