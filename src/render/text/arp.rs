//! ARP, RARP, inverse ARP and ATM ARP, as tcpdump's print-arp.c prints
//! them.

use super::{names, Cx};
use crate::decode::arp::{self as a, Arp, Lengths, Q922};
use crate::decode::{Layer, Mac};
use crate::render::hex::{write_dump, DumpStyle};

/// How hardware addresses are spelled (tcpdump's `linkaddr_string` types).
#[derive(Clone, Copy, PartialEq, Eq)]
enum LinkAddr {
    Ether,
    FrameRelay,
    Atm,
}

/// A hardware address: a MAC when it is six bytes on an Ethernet-like
/// link, a DLCI on frame relay, otherwise colon-separated hex.
fn write_linkaddr(cx: &mut Cx<'_>, addr: &[u8], kind: LinkAddr) {
    let style = cx.pal.addr;
    match (addr, kind) {
        ([], _) => cx.s("<empty>"),
        (&[b0, b1, b2, b3, b4, b5], LinkAddr::Ether) => {
            super::ethernet::write_mac(cx, &Mac([b0, b1, b2, b3, b4, b5]))
        }
        (_, LinkAddr::FrameRelay) => match a::q922(addr) {
            Q922::Dlci(d) => cx.styled(style, format_args!("DLCI {d}")),
            Q922::Invalid => cx.s("<Invalid DLCI>"),
            Q922::Truncated => cx.s("<Truncated>"),
        },
        (_, _) => write_hex_colons(cx, addr),
    }
}

fn write_hex_colons(cx: &mut Cx<'_>, addr: &[u8]) {
    let style = cx.pal.addr;
    for (i, b) in addr.iter().enumerate() {
        let sep = if i == 0 { "" } else { ":" };
        cx.styled(style, format_args!("{sep}{b:02x}"));
    }
}

fn write_hrd_and_pro(cx: &mut Cx<'_>, arp: &Arp<'_>) {
    match names::arp_hrd(arp.htype) {
        Some(n) => cx.s(n),
        None => cx.f(format_args!("Unknown Hardware ({})", arp.htype)),
    }
    match arp.lengths {
        Lengths::Plain { hlen, .. } => cx.f(format_args!(" (len {hlen})")),
        Lengths::Atm { .. } => {}
    }
    cx.s(", ");
    match names::ethertype(arp.ptype) {
        Some(n) => cx.s(n),
        None => cx.f(format_args!("Unknown Protocol (0x{:04x})", arp.ptype)),
    }
    match arp.lengths {
        Lengths::Plain { plen, .. } => cx.f(format_args!(" (len {plen})")),
        Lengths::Atm { spa, tpa, .. } => cx.f(format_args!(" (len {spa}/{tpa})")),
    }
}

/// A protocol address, or why it is not printed as IPv4 (`complaint` is
/// tcpdump's wording for a bad length on this side).
fn write_paddr(cx: &mut Cx<'_>, arp: &Arp<'_>, addr: Option<&[u8]>, complaint: &str) {
    if !a::is_ipv4_ptype(arp.ptype) {
        cx.s("<wrong proto type>");
        return;
    }
    match addr {
        Some(&[b0, b1, b2, b3]) => {
            super::ipv4::write_addr(cx, std::net::Ipv4Addr::new(b0, b1, b2, b3))
        }
        _ => cx.s(complaint),
    }
}

/// An ATM ARP hardware address: the ATM number and, if any, its
/// subaddress.
fn write_atm_addr(cx: &mut Cx<'_>, number: Option<&[u8]>, sub: Option<&[u8]>) {
    let number = number.unwrap_or(&[]);
    if number.is_empty() {
        cx.s("<No address>");
        return;
    }
    write_linkaddr(cx, number, LinkAddr::Atm);
    if let Some(sub) = sub.filter(|s| !s.is_empty()) {
        cx.s(",");
        write_linkaddr(cx, sub, LinkAddr::Atm);
    }
}

pub(super) fn write(cx: &mut Cx<'_>, arp: &Arp<'_>) {
    // tcpdump checks that every address was captured before it prints
    // anything.
    if !arp.complete() {
        cx.trunc(Layer::Arp);
        return;
    }
    if !cx.o.link_header {
        cx.s("ARP, ");
    }
    let verbose = cx.o.verbose > 0;
    let addresses_known = a::is_ipv4_ptype(arp.ptype)
        && match arp.lengths {
            Lengths::Plain { hlen, plen } => plen == 4 && hlen != 0,
            Lengths::Atm { spa, tpa, .. } => spa == 4 && tpa == 4,
        };
    if !addresses_known || verbose {
        write_hrd_and_pro(cx, arp);
        if !verbose {
            // The address formats are unknown: stop at the types.
            cx.f(format_args!(", length {}", arp.length));
            return;
        }
    }
    if verbose {
        cx.s(", ");
    }
    match names::arp_op(arp.op) {
        Some(n) => cx.s(n),
        None => cx.f(format_args!("Unknown ({})", arp.op)),
    }
    cx.s(" ");
    let known = match arp.lengths {
        Lengths::Plain { .. } => write_plain_op(cx, arp),
        Lengths::Atm { .. } => write_atm_op(cx, arp),
    };
    if known {
        cx.f(format_args!(", length {}", arp.length));
    } else {
        // tcpdump's ND_DEFAULTPRINT here ignores -q/-x/-X.
        let _ = write_dump(cx.out, DumpStyle::HexAscii, arp.bytes);
    }
}

/// The operation of an RFC 826 packet; false for an operation tcpdump
/// does not know.
fn write_plain_op(cx: &mut Cx<'_>, arp: &Arp<'_>) -> bool {
    let kind = if arp.htype == a::HRD_FRELAY {
        LinkAddr::FrameRelay
    } else {
        LinkAddr::Ether
    };
    let sha = arp.sha().unwrap_or(&[]);
    let tha = arp.tha().unwrap_or(&[]);
    match arp.op {
        a::OP_REQUEST => {
            cx.s("who-has ");
            write_paddr(cx, arp, arp.tpa(), "<wrong len>");
            if tha.iter().any(|&b| b != 0) {
                cx.s(" (");
                write_linkaddr(cx, tha, kind);
                cx.s(")");
            }
            cx.s(" tell ");
            write_paddr(cx, arp, arp.spa(), "<wrong len>");
        }
        a::OP_REPLY => {
            write_paddr(cx, arp, arp.spa(), "<wrong len>");
            cx.s(" is-at ");
            write_linkaddr(cx, sha, kind);
        }
        a::OP_REVREQUEST | a::OP_INVREQUEST => {
            cx.s("who-is ");
            write_linkaddr(cx, tha, kind);
            cx.s(" tell ");
            write_linkaddr(cx, sha, kind);
        }
        a::OP_REVREPLY => {
            write_linkaddr(cx, tha, kind);
            cx.s(" at ");
            write_paddr(cx, arp, arp.tpa(), "<wrong len>");
        }
        a::OP_INVREPLY => {
            write_linkaddr(cx, sha, kind);
            cx.s(" at ");
            write_paddr(cx, arp, arp.spa(), "<wrong len>");
        }
        _ => return false,
    }
    true
}

/// The operation of an ATM ARP packet; false for one tcpdump does not
/// know (RARP operations included).
fn write_atm_op(cx: &mut Cx<'_>, arp: &Arp<'_>) -> bool {
    match arp.op {
        a::OP_REQUEST => {
            cx.s("who-has ");
            write_paddr(cx, arp, arp.tpa(), "<wrong tplen>");
            if arp.tha().is_some_and(|t| !t.is_empty()) {
                cx.s(" (");
                write_atm_addr(cx, arp.tha(), arp.tsa());
                cx.s(")");
            }
            cx.s(" tell ");
            write_paddr(cx, arp, arp.spa(), "<wrong splen>");
        }
        a::OP_REPLY => {
            write_paddr(cx, arp, arp.spa(), "<wrong splen>");
            cx.s(" is-at ");
            write_atm_addr(cx, arp.sha(), arp.ssa());
        }
        a::OP_INVREQUEST => {
            cx.s("who-is ");
            write_atm_addr(cx, arp.tha(), arp.tsa());
            cx.s(" tell ");
            write_atm_addr(cx, arp.sha(), arp.ssa());
        }
        a::OP_INVREPLY => {
            write_atm_addr(cx, arp.sha(), arp.ssa());
            // tcpdump prints no space before "at" here.
            cx.s("at ");
            write_paddr(cx, arp, arp.spa(), "<wrong splen>");
        }
        a::OP_NAK => {
            cx.s("for ");
            write_paddr(cx, arp, arp.spa(), "<wrong splen>");
        }
        _ => return false,
    }
    true
}
