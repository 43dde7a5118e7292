//! Ethernet, 802.1Q/802.1ad and 802.2 LLC, as tcpdump's print-ether.c and
//! print-llc.c print them.

use super::{names, Cx};
use crate::decode::ethernet::{Ethernet, Llc};
use crate::decode::{Decoded, Layer, Mac, Net, VlanTag};

use super::tcp::SeqTable;

/// `aa:bb:cc:dd:ee:ff`.
pub(crate) fn write_mac(cx: &mut Cx<'_>, m: &Mac) {
    let [a, b, c, d, e, f] = m.0;
    let addr = cx.pal.addr;
    cx.styled(
        addr,
        format_args!("{a:02x}:{b:02x}:{c:02x}:{d:02x}:{e:02x}:{f:02x}"),
    );
}

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

/// tcpdump's `ieee8021q_tci_string`.
pub(crate) fn write_tci(cx: &mut Cx<'_>, tag: &VlanTag) {
    cx.f(format_args!("vlan {}, p {}", tag.vid(), tag.pcp()));
    if tag.dei() {
        cx.s(", DEI");
    }
}

pub(super) fn write(cx: &mut Cx<'_>, tcp: &mut SeqTable, d: &Decoded<'_>, e: &Ethernet) {
    let eflag = cx.o.link_header;
    let orig_length = d.wire_len.max(d.frame.len() as u32);
    if eflag {
        write_addresses(cx, e);
    }
    let mut printed_length = false;
    let mut tpid = e.length_type;
    for tag in d.vlans.as_slice() {
        if eflag {
            write_ethertype(cx, tpid);
            if printed_length {
                cx.s(", ");
            } else {
                cx.f(format_args!(", length {orig_length}: "));
                printed_length = true;
            }
            write_tci(cx, tag);
            cx.s(", ");
        }
        tpid = tag.next;
    }
    if e.tags_truncated {
        cx.trunc(Layer::Vlan);
        return;
    }
    if e.is_8023() {
        let payload_len = orig_length
            .saturating_sub(d.link_hdr_len_before_llc() as u32)
            .min(u32::from(e.inner_type));
        if eflag {
            cx.s("802.3");
            if !printed_length {
                cx.f(format_args!(", length {payload_len}: "));
            }
        }
        write_llc(cx, d, e, payload_len);
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
    if !write_ethertype_payload(cx, tcp, d) {
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

/// Prints what an ethertype carries; false when it is not decoded (the
/// caller then prints the link header and the raw bytes).
pub(super) fn write_ethertype_payload(
    cx: &mut Cx<'_>,
    tcp: &mut SeqTable,
    d: &Decoded<'_>,
) -> bool {
    match &d.net {
        Net::Ipv4(ip) => {
            super::ipv4::write(cx, tcp, d, ip);
            true
        }
        Net::Arp(a) => {
            super::arp::write(cx, d, a);
            true
        }
        Net::None => {
            // The network header did not fit at all.
            if let Some(stop) = d.stop {
                cx.trunc(stop.layer);
            }
            true
        }
        Net::Llc(_) | Net::Unknown { .. } | Net::UnknownIpVersion(_) => false,
    }
}

fn sap_name(sap: u8) -> Option<&'static str> {
    Some(match sap {
        0x00 => "Null",
        0xff => "Global",
        0x02 => "802.1B I",
        0x03 => "802.1B G",
        0x06 => "IP",
        0x04 => "SNA",
        0x0e => "ProWay NM",
        0x42 => "STP",
        0x4e => "RS511",
        0x7e => "ISO8208",
        0x8e => "ProWay",
        0xaa => "SNAP",
        0xe0 => "IPX",
        0xf0 => "NetBeui",
        0xfe => "OSI",
        _ => return None,
    })
}

fn llc_cmd(c: u8) -> Option<&'static str> {
    Some(match c {
        0x03 => "ui",
        0xe3 => "test",
        0xaf => "xid",
        0x63 => "ua",
        0x43 => "disc",
        0x0f => "dm",
        0x6f => "sabme",
        0x87 => "frmr",
        _ => return None,
    })
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

/// The generic part of tcpdump's `llc_print`: SAPs and the frame type.
/// Payloads of the SAPs tcpdump decodes further (STP, SNAP, IPX, OSI) are
/// shown with the generic line and their raw bytes.
fn write_llc(cx: &mut Cx<'_>, d: &Decoded<'_>, e: &Ethernet, length: u32) {
    let Net::Llc(llc) = &d.net else {
        cx.trunc(Layer::Llc);
        let start = d.link_hdr_len.min(d.frame.len());
        let bytes = d.frame.get(start..).unwrap_or(&[]);
        let _ =
            crate::render::hex::write_dump(cx.out, crate::render::hex::DumpStyle::HexAscii, bytes);
        return;
    };
    let Llc {
        dsap: dsap_field,
        ssap: ssap_field,
        control,
        is_u,
        payload,
    } = *llc;
    let dsap = dsap_field & !1;
    let ssap = ssap_field & !1;
    let hdrlen: u32 = if is_u { 3 } else { 4 };
    if cx.o.link_header {
        cx.f(format_args!(
            "LLC, dsap {} (0x{dsap:02x}) {}, ssap {} (0x{ssap:02x}) {}",
            sap_name(dsap).unwrap_or("Unknown"),
            if dsap_field & 1 != 0 {
                "Group"
            } else {
                "Individual"
            },
            sap_name(ssap).unwrap_or("Unknown"),
            if ssap_field & 1 != 0 {
                "Response"
            } else {
                "Command"
            },
        ));
        if is_u {
            cx.f(format_args!(", ctrl 0x{control:02x}: "));
        } else {
            cx.f(format_args!(", ctrl 0x{control:04x}: "));
        }
    } else {
        let dname = |cx: &mut Cx<'_>, sap: u8, what: &str| match sap_name(sap) {
            Some(n) => cx.s(n),
            None => cx.f(format_args!("Unknown {what} 0x{sap:02x}")),
        };
        if ssap == dsap {
            write_mac(cx, &e.src);
            cx.s(" > ");
            write_mac(cx, &e.dst);
            cx.s(" ");
            dname(cx, dsap, "DSAP");
            cx.s(" ");
        } else {
            write_mac(cx, &e.src);
            cx.s(" ");
            dname(cx, ssap, "SSAP");
            cx.s(" > ");
            write_mac(cx, &e.dst);
            cx.s(" ");
            dname(cx, dsap, "DSAP");
            cx.s(" ");
        }
    }
    let length = length.saturating_sub(hdrlen);
    let gsap = u16::from(ssap_field & 1);
    if is_u {
        let cmd = (control & 0xef) as u8;
        cx.s("Unnumbered, ");
        match llc_cmd(cmd) {
            Some(n) => cx.s(n),
            None => cx.f(format_args!("{cmd:02x}")),
        }
        cx.f(format_args!(
            ", Flags [{}], length {}",
            llc_flag(gsap | (control & 0x10)),
            length + hdrlen
        ));
        if control & !0x10 == 0xaf && length > 0 {
            if let [0x81, a, b, ..] = payload {
                cx.f(format_args!(": {a:02x} {b:02x}"));
                return;
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
            length + hdrlen
        ));
        return;
    } else {
        cx.f(format_args!(
            "Information, send seq {}, rcv seq {}, Flags [{}], length {}",
            (control >> 1) & 0x7f,
            (control >> 9) & 0x7f,
            llc_flag(gsap | (control & 0x100)),
            length + hdrlen
        ));
    }
    cx.default_print(payload);
}

impl Decoded<'_> {
    /// The link header length up to (not including) an LLC header.
    fn link_hdr_len_before_llc(&self) -> usize {
        14 + 4 * self.vlans.as_slice().len()
    }
}
