//! GRE, as tcpdump's print-gre.c prints it (and the PPP header that
//! version 1 carries, as print-ppp.c does), followed by what it carries.

use std::net::Ipv4Addr;

use super::encap::write_inner;
use super::Cx;
use crate::decode::gre::{self as g, Gre, Ppp, PppPrefix, PppProtocol, SreCheck, SreItem};
use crate::decode::{mpls, Decoded};
use crate::names;

const FLAG_NAMES: [(u16, &str); 6] = [
    (g::FLAG_CHECKSUM, "checksum present"),
    (g::FLAG_ROUTING, "routing present"),
    (g::FLAG_KEY, "key present"),
    (g::FLAG_SEQ, "sequence# present"),
    (g::FLAG_STRICT_ROUTE, "source routing present"),
    (g::FLAG_ACK, "ack present"),
];

fn write_flags(cx: &mut Cx<'_>, flags: u16) {
    cx.s(", Flags [");
    let mut sep = "";
    for (bit, name) in FLAG_NAMES {
        if flags & bit != 0 {
            cx.s(sep);
            cx.s(name);
            sep = ", ";
        }
    }
    if sep.is_empty() {
        cx.s("none");
    }
    cx.s("]");
}

fn trunc(cx: &mut Cx<'_>) {
    cx.trunc_named("gre");
}

fn write_proto(cx: &mut Cx<'_>, proto: u16) {
    if cx.o.link_header {
        cx.f(format_args!(
            ", proto {} (0x{proto:04x})",
            names::ethertype(proto).unwrap_or("unknown")
        ));
    }
}

pub(super) fn write(cx: &mut Cx<'_>, d: &Decoded<'_>, gre: &Gre<'_>) {
    let Some(flags) = gre.flags else {
        return trunc(cx);
    };
    let version = flags & g::VERSION_MASK;
    cx.f(format_args!("GREv{version}"));
    match version {
        0 => write_v0(cx, d, gre, flags),
        1 => write_v1(cx, d, gre, flags),
        _ => cx.s(" ERROR: unknown-version"),
    }
}

fn write_v0(cx: &mut Cx<'_>, d: &Decoded<'_>, gre: &Gre<'_>, flags: u16) {
    if cx.o.verbose > 0 {
        write_flags(cx, flags);
    }
    let Some(proto) = gre.protocol else {
        return trunc(cx);
    };
    if flags & (g::FLAG_CHECKSUM | g::FLAG_ROUTING) != 0 {
        let Some(sum) = gre.checksum else {
            return trunc(cx);
        };
        if cx.o.verbose > 0 {
            cx.f(format_args!(", sum 0x{sum:x}"));
        }
        let Some(off) = gre.offset else {
            return trunc(cx);
        };
        cx.f(format_args!(", off 0x{off:x}"));
    }
    if flags & g::FLAG_KEY != 0 {
        let Some(key) = gre.key else {
            return trunc(cx);
        };
        cx.f(format_args!(", key=0x{key:x}"));
    }
    if flags & g::FLAG_SEQ != 0 {
        let Some(seq) = gre.seq else {
            return trunc(cx);
        };
        cx.f(format_args!(", seq {seq}"));
    }
    for item in gre.sres() {
        let SreItem::Entry(sre) = item else {
            return trunc(cx);
        };
        match sre.af {
            g::SRE_IP => cx.s(", (rtaf=ip"),
            g::SRE_ASN => cx.s(", (rtaf=asn"),
            af => cx.f(format_args!(", (rtaf=0x{af:x})")),
        }
        match sre.check() {
            SreCheck::Other => continue,
            SreCheck::BadOffset => cx.f(format_args!(", badoffset={}", sre.sre_offset)),
            SreCheck::BadLength => cx.f(format_args!(", badlength={}", sre.sre_len)),
            SreCheck::BadOffLen => cx.f(format_args!(
                ", badoff/len={}/{}",
                sre.sre_offset, sre.sre_len
            )),
            SreCheck::Entries { width } => {
                for (off, v) in sre.entries() {
                    let Some(v) = v else {
                        break;
                    };
                    let mark = if off == usize::from(sre.sre_offset) {
                        "*"
                    } else {
                        ""
                    };
                    if width == 4 {
                        cx.f(format_args!(" {mark}{}", Ipv4Addr::from(v)));
                    } else {
                        cx.f(format_args!(" {mark}{v:x}"));
                    }
                }
            }
        }
        cx.s(")");
    }
    write_proto(cx, proto);
    cx.f(format_args!(", length {}", gre.length));
    separator(cx);
    match proto {
        g::ETHERTYPE_IPV4
        | g::ETHERTYPE_IPV6
        | g::ETHERTYPE_TEB
        | mpls::ETHERTYPE_UNICAST
        | mpls::ETHERTYPE_MULTICAST => {
            write_inner(cx, d);
        }
        // IPX, AppleTalk and OSI have printers in tcpdump that netdecode
        // does not have: they print as unknown protocols.
        _ => cx.f(format_args!("gre-proto-0x{proto:x}")),
    }
}

fn separator(cx: &mut Cx<'_>) {
    cx.s(if cx.o.verbose < 1 { ": " } else { "\n\t" });
}

fn write_v1(cx: &mut Cx<'_>, d: &Decoded<'_>, gre: &Gre<'_>, flags: u16) {
    if cx.o.verbose > 0 {
        write_flags(cx, flags);
    }
    let Some(proto) = gre.protocol else {
        return trunc(cx);
    };
    if flags & g::FLAG_KEY != 0 {
        let Some(key) = gre.key else {
            return trunc(cx);
        };
        cx.f(format_args!(", call {}", key & 0xffff));
    }
    if flags & g::FLAG_SEQ != 0 {
        let Some(seq) = gre.seq else {
            return trunc(cx);
        };
        cx.f(format_args!(", seq {seq}"));
    }
    if flags & g::FLAG_ACK != 0 {
        let Some(ack) = gre.ack else {
            return trunc(cx);
        };
        cx.f(format_args!(", ack {ack}"));
    }
    if flags & g::FLAG_SEQ == 0 {
        cx.s(", no-payload");
    }
    write_proto(cx, proto);
    cx.f(format_args!(", length {}", gre.length));
    if flags & g::FLAG_SEQ == 0 {
        return;
    }
    separator(cx);
    match (proto, gre.ppp) {
        (g::ETHERTYPE_PPP, Some(ppp)) => write_ppp(cx, d, gre, &ppp),
        _ => cx.f(format_args!("gre-proto-0x{proto:x}")),
    }
}

/// tcpdump's `ppp_print` and `handle_ppp`, for the protocols netdecode
/// decodes; control protocols (LCP, IPCP, CHAP, PAP, CCP, ...) print as
/// their names and bytes, unlike tcpdump.
fn write_ppp(cx: &mut Cx<'_>, d: &Decoded<'_>, gre: &Gre<'_>, ppp: &Ppp) {
    if cx.o.link_header {
        match ppp.prefix {
            Some(PppPrefix::PppdIn) => cx.s("In  "),
            Some(PppPrefix::PppdOut) => cx.s("Out "),
            _ => {}
        }
    }
    let proto = match ppp.protocol {
        PppProtocol::Known(p) => p,
        PppProtocol::Short => return cx.trunc_named("ppp"),
        PppProtocol::Cut => return cx.trunc_early_end("ppp"),
    };
    if cx.o.link_header {
        let name = ppp_name(proto);
        cx.f(format_args!(
            "{} (0x{proto:04x}), length {}",
            name.unwrap_or("unknown"),
            ppp.length
        ));
        if name.is_none() {
            return;
        }
        cx.s(": ");
    }
    match proto {
        g::PPP_IP
        | g::PPP_VJNC
        | g::ETHERTYPE_IPV4
        | g::PPP_IPV6
        | g::ETHERTYPE_IPV6
        | mpls::PPP_UNICAST
        | mpls::PPP_MULTICAST => {
            write_inner(cx, d);
        }
        g::PPP_COMP => cx.s("compressed PPP data"),
        _ => {
            match ppp_name(proto) {
                Some(n) => cx.f(format_args!("{n} ")),
                None => cx.f(format_args!("unknown PPP protocol (0x{proto:04x}) ")),
            }
            let body = crate::decode::bytes::suffix(gre.payload, ppp.header_len as usize);
            let n = (ppp.length.saturating_sub(ppp.header_len) as usize).min(body.len());
            super::fmt::hex_print(cx, "\n\t", crate::decode::bytes::prefix(body, n));
        }
    }
}

/// tcpdump's `ppptype2str`.
fn ppp_name(p: u16) -> Option<&'static str> {
    Some(match p {
        0x0021 => "IP",
        0x0023 => "OSI",
        0x0025 => "NS",
        0x0027 => "DECNET",
        0x0029 => "APPLE",
        0x002b => "IPX",
        0x002d => "VJC IP",
        0x002f => "VJNC IP",
        0x0031 => "BRPDU",
        0x0033 => "STII",
        0x0035 => "VINES",
        0x0281 | 0x0283 => "MPLS",
        0x00fd => "Compressed",
        0x003d => "MLPPP",
        0x0057 => "IP6",
        0x0201 => "HELLO",
        0x0231 => "LUXCOM",
        0x0233 => "SNS",
        0x8021 => "IPCP",
        0x8023 => "OSICP",
        0x8025 => "NSCP",
        0x8027 => "DECNETCP",
        0x8029 => "APPLECP",
        0x802b => "IPXCP",
        0x8033 => "STIICP",
        0x8035 => "VINESCP",
        0x8057 => "IP6CP",
        0x8281 => "MPLSCP",
        0xc021 => "LCP",
        0xc023 => "PAP",
        0xc025 => "LQM",
        0xc223 => "CHAP",
        0xc227 => "EAP",
        0xc027 => "SPAP",
        0xc123 => "Old-SPAP",
        0xc02b => "BACP",
        0xc02d => "BAP",
        0xc03d => "MLPPP-CP",
        0x80fd => "CCP",
        _ => return None,
    })
}
