//! IEEE 802.2 LLC and SNAP, as tcpdump's print-llc.c prints them, and the
//! printers the SAPs and SNAP codes lead to.
//!
//! LLC frames for IPX (SAP 0xe0, and raw 802.3 IPX with both SAPs 0xff)
//! and OSI (SAP 0xfe) print as generic LLC frames, and SNAP frames for
//! AppleTalk and RFC 2684 bridged Ethernet, Token Ring and FDDI as unknown
//! SNAP frames: netdecode has no printers for them, so their lines differ
//! from tcpdump's. (Cisco's CDP, DTP, VTP, UDLD and PVST+ are decoded.)

use super::fmt::write_mac;
use super::{dispatch, Cx};
use crate::decode::ethernet::Ethernet;
use crate::decode::llc::{Llc, LlcBody, LlcHeader, Snap};
use crate::decode::{Decoded, Layer, Net};
use crate::names;
use crate::render::hex::{write_dump, DumpStyle};

fn write_sap(cx: &mut Cx<'_>, sap: u8, unknown: &str) {
    match names::llc_sap(sap) {
        Some(n) => cx.s(n),
        None => cx.f(format_args!("{unknown} 0x{sap:02x}")),
    }
}

fn llc_flag(v: u16) -> &'static str {
    match v {
        0 => "Command",
        1 => "Response",
        0x10 | 0x100 => "Poll",
        0x11 | 0x101 => "Final",
        _ => "?",
    }
}

/// tcpdump's `llc_print` and what follows: `e` gives the MAC addresses
/// (cooked captures have none), `length` is the on-wire length from the
/// LLC header on.
pub(super) fn write_llc(cx: &mut Cx<'_>, d: &Decoded<'_>, e: Option<&Ethernet>, length: u32) {
    let Some(h) = d.llc else {
        cx.trunc(Layer::Llc);
        if let Net::Llc(l) = &d.net {
            // tcpdump dumps what there is, whatever -q, -x and -X say.
            write_dump(cx.out, DumpStyle::HexAscii, l.bytes);
        }
        return;
    };
    if cx.o.link_header {
        let (dsap, ssap) = (h.dsap(), h.ssap());
        cx.f(format_args!(
            "LLC, dsap {} (0x{dsap:02x}) {}, ssap {} (0x{ssap:02x}) {}",
            names::llc_sap(dsap).unwrap_or("Unknown"),
            if h.dsap_field & 1 != 0 {
                "Group"
            } else {
                "Individual"
            },
            names::llc_sap(ssap).unwrap_or("Unknown"),
            if h.ssap_field & 1 != 0 {
                "Response"
            } else {
                "Command"
            },
        ));
        if h.is_u {
            cx.f(format_args!(", ctrl 0x{:02x}: ", h.control));
        } else {
            cx.f(format_args!(", ctrl 0x{:04x}: ", h.control));
        }
    }
    if let Some(snap) = h.snap {
        let after = length.saturating_sub(h.len() as u32 + 5);
        write_snap(cx, d, e, &snap, after);
        return;
    }
    match &d.net {
        Net::Llc(Llc {
            body: LlcBody::Stp(s),
            ..
        }) => dispatch::stp(cx, s),
        Net::Llc(Llc {
            body: LlcBody::SnapTruncated,
            ..
        }) => cx.trunc(Layer::Snap),
        Net::Llc(l) => write_llc_frame(cx, e, &h, l),
        // SAP 0x06: IP in LLC.
        _ => {
            dispatch::ethertype_payload(cx, d);
        }
    }
}

/// The generic part of `llc_print`: SAPs and the frame type, then the
/// frame's bytes (from the LLC header on) unless -q, -x or -X.
fn write_llc_frame(cx: &mut Cx<'_>, e: Option<&Ethernet>, h: &LlcHeader, l: &Llc<'_>) {
    let (dsap, ssap) = (h.dsap(), h.ssap());
    if !cx.o.link_header {
        match e {
            Some(e) if ssap == dsap => {
                write_mac(cx, &e.src);
                cx.s(" > ");
                write_mac(cx, &e.dst);
                cx.s(" ");
                write_sap(cx, dsap, "Unknown DSAP");
            }
            None if ssap == dsap => write_sap(cx, dsap, "Unknown DSAP"),
            Some(e) => {
                write_mac(cx, &e.src);
                cx.s(" ");
                write_sap(cx, ssap, "Unknown SSAP");
                cx.s(" > ");
                write_mac(cx, &e.dst);
                cx.s(" ");
                write_sap(cx, dsap, "Unknown DSAP");
            }
            None => {
                write_sap(cx, ssap, "Unknown SSAP");
                cx.s(" > ");
                write_sap(cx, dsap, "Unknown DSAP");
            }
        }
        cx.s(" ");
    }
    let gsap = u16::from(h.ssap_field & 1);
    let control = h.control;
    let payload = match l.body {
        LlcBody::Other(p) => p,
        _ => &[],
    };
    let payload_len = l.length.saturating_sub(h.len() as u32);
    if h.is_u {
        let cmd = (control & 0xef) as u8;
        cx.s("Unnumbered, ");
        match names::llc_cmd(cmd) {
            Some(n) => cx.s(n),
            None => cx.f(format_args!("{cmd:02x}")),
        }
        cx.f(format_args!(
            ", Flags [{}], length {}",
            llc_flag(gsap | (control & 0x10)),
            l.length
        ));
        if control & !0x10 == 0xaf {
            // XID: an empty one, or the IEEE 802.2 format, ends the frame.
            if payload_len == 0 {
                return;
            }
            match payload {
                [] => {
                    cx.trunc(Layer::Llc);
                    return;
                }
                [0x81, rest @ ..] => {
                    match rest {
                        [a, b, ..] if payload_len >= 3 => cx.f(format_args!(": {a:02x} {b:02x}")),
                        _ => {
                            cx.trunc(Layer::Llc);
                            write_dump(cx.out, DumpStyle::HexAscii, payload);
                        }
                    }
                    return;
                }
                _ => {}
            }
        }
    } else if control & 0x01 == 0x01 {
        let s = match (control >> 2) & 0x03 {
            0 => "Receiver Ready",
            1 => "Receiver not Ready",
            2 => "Reject",
            _ => "?",
        };
        cx.f(format_args!(
            "Supervisory, {s}, rcv seq {}, Flags [{}], length {}",
            (control >> 9) & 0x7f,
            llc_flag(gsap | (control & 0x100)),
            l.length
        ));
        return;
    } else {
        cx.f(format_args!(
            "Information, send seq {}, rcv seq {}, Flags [{}], length {}",
            (control >> 1) & 0x7f,
            (control >> 9) & 0x7f,
            llc_flag(gsap | (control & 0x100)),
            l.length
        ));
    }
    cx.default_print(l.bytes);
}

/// tcpdump's `snap_print`: `length` is the on-wire length after the SNAP
/// header.
fn write_snap(cx: &mut Cx<'_>, d: &Decoded<'_>, e: Option<&Ethernet>, snap: &Snap, length: u32) {
    let Snap { oui, pid } = *snap;
    let oui_name = names::oui(oui).unwrap_or("Unknown");
    let pid_name = names::snap_pid(oui, pid).unwrap_or("Unknown");
    if cx.o.link_header {
        cx.f(format_args!(
            "oui {oui_name} (0x{oui:06x}), {} {pid_name} (0x{pid:04x}), length {length}: ",
            if oui == 0 { "ethertype" } else { "pid" },
        ));
    }
    match &d.net {
        Net::Llc(Llc {
            body: LlcBody::Stp(s),
            ..
        }) => dispatch::stp(cx, s),
        Net::Llc(Llc {
            body: LlcBody::Cdp(c),
            ..
        }) => dispatch::cdp(cx, c),
        Net::Llc(Llc {
            body: LlcBody::Dtp(m),
            ..
        }) => dispatch::dtp(cx, m),
        Net::Llc(Llc {
            body: LlcBody::Vtp(m),
            ..
        }) => dispatch::vtp(cx, m),
        Net::Llc(Llc {
            body: LlcBody::Udld(m),
            ..
        }) => dispatch::udld(cx, m),
        Net::Llc(l) => {
            if !cx.o.link_header {
                if let Some(e) = e {
                    write_mac(cx, &e.src);
                    cx.s(" > ");
                    write_mac(cx, &e.dst);
                    cx.s(" ");
                }
                if oui == 0 {
                    cx.f(format_args!(
                        "SNAP, ethertype {} (0x{pid:04x}), length {length}: ",
                        names::ethertype(pid).unwrap_or("Unknown")
                    ));
                } else {
                    cx.f(format_args!(
                        "SNAP, oui {oui_name} (0x{oui:06x}), pid {pid_name} (0x{pid:04x}), length {length}: "
                    ));
                }
            }
            cx.default_print(l.bytes);
        }
        _ => {
            dispatch::ethertype_payload(cx, d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::ethernet::tests::{llc_text, with, ARP, SRC_DST};

    #[test]
    fn generic_llc_frames() {
        // A UI frame with a response SSAP: dumped from the LLC header on,
        // padding left out.
        let ui = [0x04, 0x05, 0x03, 0x02, 0xaa, 0xbb];
        let dump = "\n\t0x0000:  0405 0302 aabb                           ......";
        assert_eq!(
            llc_text(&ui, 40, ""),
            format!("{SRC_DST} SNA Unnumbered, ui, Flags [Response], length 6{dump}")
        );
        assert_eq!(
            llc_text(&ui, 40, "-e"),
            format!(
                "{SRC_DST}, 802.3, length 6: LLC, dsap SNA (0x04) Individual, ssap SNA (0x04) \
                 Response, ctrl 0x03: Unnumbered, ui, Flags [Response], length 6{dump}"
            )
        );
        // An S frame: nothing dumped.
        assert_eq!(
            llc_text(&[0x04, 0x04, 0x0d, 0x40], 40, ""),
            format!("{SRC_DST} SNA Supervisory, ?, rcv seq 32, Flags [Command], length 4")
        );
        // Different SAPs.
        assert_eq!(
            llc_text(&[0x06, 0x43, 0x00, 0x02], 0, "-q"),
            "02:00:00:00:00:01 STP > ff:ff:ff:ff:ff:ff IP \
             Information, send seq 0, rcv seq 1, Flags [Response], length 4"
        );
    }

    #[test]
    fn xid_frames() {
        assert_eq!(
            llc_text(&[0x04, 0x04, 0xaf], 0, ""),
            format!("{SRC_DST} SNA Unnumbered, xid, Flags [Command], length 3")
        );
        assert_eq!(
            llc_text(&[0x04, 0x05, 0xbf, 0x81, 0x01, 0x02], 0, ""),
            format!("{SRC_DST} SNA Unnumbered, xid, Flags [Final], length 6: 01 02")
        );
        assert_eq!(
            llc_text(&[0x04, 0x05, 0xaf, 0x81, 0x01], 0, ""),
            format!(
                "{SRC_DST} SNA Unnumbered, xid, Flags [Response], length 5 [|llc]\
                 \n\t0x0000:  8101                                     .."
            )
        );
        assert_eq!(
            llc_text(&[0x04, 0x05, 0xaf, 0x42], 0, ""),
            format!(
                "{SRC_DST} SNA Unnumbered, xid, Flags [Response], length 4\
                 \n\t0x0000:  0405 af42                                ...B"
            )
        );
    }

    #[test]
    fn truncated_llc_is_dumped_whatever_the_flags() {
        assert_eq!(
            llc_text(&[0x04, 0x04], 0, "-q"),
            " [|llc]\n\t0x0000:  0404                                     .."
        );
        assert_eq!(
            llc_text(&[0x04, 0x04, 0x00], 0, "-e"),
            format!(
                "{SRC_DST}, 802.3, length 3:  [|llc]\
                 \n\t0x0000:  0404 00                                  ..."
            )
        );
    }

    #[test]
    fn snap() {
        let arp = with(&[0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x08, 0x06], &ARP);
        assert_eq!(
            llc_text(&arp, 0, ""),
            "ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28"
        );
        assert_eq!(
            llc_text(&arp, 0, "-e"),
            format!(
                "{SRC_DST}, 802.3, length 36: LLC, dsap SNAP (0xaa) Individual, ssap SNAP (0xaa) \
                 Command, ctrl 0x03: oui Ethernet (0x000000), ethertype ARP (0x0806), length 28: \
                 Request who-has 10.0.0.2 tell 10.0.0.1, length 28"
            )
        );
        let odd = [0xaa, 0xaa, 0x03, 0x12, 0x34, 0x56, 0x20, 0x00, 0x41, 0x42];
        assert_eq!(
            llc_text(&odd, 0, ""),
            format!(
                "{SRC_DST} SNAP, oui Unknown (0x123456), pid Unknown (0x2000), length 2: \
                 \n\t0x0000:  aaaa 0312 3456 2000 4142                 ....4V..AB"
            )
        );
        let unknown = [0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x12, 0x34, 0x41, 0x42];
        assert_eq!(
            llc_text(&unknown, 0, ""),
            format!(
                "{SRC_DST} SNAP, ethertype Unknown (0x1234), length 2: \
                 \n\t0x0000:  aaaa 0300 0000 1234 4142                 .......4AB"
            )
        );
        assert_eq!(
            llc_text(&[0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x08], 0, "-e"),
            format!(
                "{SRC_DST}, 802.3, length 7: LLC, dsap SNAP (0xaa) Individual, ssap SNAP (0xaa) \
                 Command, ctrl 0x03:  [|snap]"
            )
        );
    }
}
