//! ARP, RARP, inverse ARP and ATM ARP, as tcpdump's print-arp.c prints
//! them.

use super::fmt::{write_addr, write_mac};
use super::Cx;
use crate::decode::arp::{self as a, Arp, Lengths, Q922};
use crate::decode::{Layer, Mac};
use crate::names;
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
            write_mac(cx, &Mac([b0, b1, b2, b3, b4, b5]))
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
        Some(&[b0, b1, b2, b3]) => write_addr(cx, std::net::Ipv4Addr::new(b0, b1, b2, b3)),
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
    // anything, and gives up on the packet (dumping all of it) if not.
    if !arp.complete() {
        cx.trunc_early_end(Layer::Arp.name());
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
        write_dump(cx.out, DumpStyle::HexAscii, arp.bytes);
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

#[cfg(test)]
mod tests {
    use super::super::ethernet::tests::{eth, eth_text, text};

    #[rustfmt::skip]
    const REQUEST: [u8; 28] = [
        0x00, 0x01, 0x08, 0x00,             // Ethernet, IPv4
        0x06, 0x04, 0x00, 0x01,             // hln 6, pln 4, request
        0x02, 0x00, 0x00, 0x00, 0x00, 0x01, // sender MAC
        10, 0, 0, 1,                        // sender IPv4
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // target MAC (unknown)
        10, 0, 0, 2,                        // target IPv4
    ];

    /// REQUEST with operation `op` and target MAC 0a:0b:0c:0d:0e:0f.
    fn with_op(op: u8) -> Vec<u8> {
        let mut p = REQUEST.to_vec();
        p[7] = op;
        p[18..24].copy_from_slice(&[0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f]);
        p
    }

    #[test]
    fn request_in_each_mode() {
        let line = "Request who-has 10.0.0.2 tell 10.0.0.1, length 28";
        assert_eq!(eth_text(0x0806, &REQUEST, ""), format!("ARP, {line}"));
        assert_eq!(eth_text(0x0806, &REQUEST, "-q"), format!("ARP, {line}"));
        assert_eq!(
            eth_text(0x0806, &REQUEST, "-e"),
            format!(
                "02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: {line}"
            )
        );
        assert_eq!(
            eth_text(0x0806, &REQUEST, "-v"),
            format!("ARP, Ethernet (len 6), IPv4 (len 4), {line}")
        );
    }

    #[test]
    fn every_operation() {
        let cases: [(u8, u16, &str); 6] = [
            (
                1,
                0x0806,
                "Request who-has 10.0.0.2 (0a:0b:0c:0d:0e:0f) tell 10.0.0.1",
            ),
            (2, 0x0806, "Reply 10.0.0.1 is-at 02:00:00:00:00:01"),
            (
                3,
                0x8035,
                "Reverse Request who-is 0a:0b:0c:0d:0e:0f tell 02:00:00:00:00:01",
            ),
            (4, 0x8035, "Reverse Reply 0a:0b:0c:0d:0e:0f at 10.0.0.2"),
            (
                8,
                0x0806,
                "Inverse Request who-is 0a:0b:0c:0d:0e:0f tell 02:00:00:00:00:01",
            ),
            (9, 0x0806, "Inverse Reply 02:00:00:00:00:01 at 10.0.0.1"),
        ];
        for (op, ethertype, line) in cases {
            assert_eq!(
                eth_text(ethertype, &with_op(op), ""),
                format!("ARP, {line}, length 28"),
                "op {op}"
            );
        }
    }

    #[test]
    fn unknown_operation_is_dumped_whatever_the_flags() {
        let mut p = with_op(5);
        p.extend_from_slice(&[0, 0]); // padding, dumped too
        let dump = "\n\t0x0000:  0001 0800 0604 0005 0200 0000 0001 0a00  ................\
                    \n\t0x0010:  0001 0a0b 0c0d 0e0f 0a00 0002 0000       ..............";
        assert_eq!(eth_text(0x0806, &p, ""), format!("ARP, Unknown (5) {dump}"));
        assert_eq!(
            eth_text(0x0806, &p, "-q"),
            format!("ARP, Unknown (5) {dump}")
        );
        // NAK is an ATM ARP operation only.
        assert!(eth_text(0x0806, &with_op(10), "").starts_with("ARP, NACK Reply \n\t0x0000:"));
    }

    #[test]
    fn unusual_types_and_lengths() {
        // An IPv6 protocol type: only the types without -v.
        let mut p = with_op(1);
        p[2..4].copy_from_slice(&[0x86, 0xdd]);
        assert_eq!(
            eth_text(0x0806, &p, ""),
            "ARP, Ethernet (len 6), IPv6 (len 4), length 28"
        );
        assert_eq!(
            eth_text(0x0806, &p, "-v"),
            "ARP, Ethernet (len 6), IPv6 (len 4), Request who-has <wrong proto type> \
             (0a:0b:0c:0d:0e:0f) tell <wrong proto type>, length 28"
        );
        // hln 0, pln 3: empty hardware addresses, short protocol ones.
        #[rustfmt::skip]
        let p = [
            0x00, 0x01, 0x08, 0x00, 0x00, 0x03, 0x00, 0x02, // reply
            10, 0, 0,                                       // spa
            11, 0, 0,                                       // tpa
        ];
        assert_eq!(
            eth_text(0x0806, &p, "-v"),
            "ARP, Ethernet (len 0), IPv4 (len 3), Reply <wrong len> is-at <empty>, length 14"
        );
        // IEEE 1394, five-byte hardware addresses in hex.
        #[rustfmt::skip]
        let p = [
            0x00, 0x18, 0x08, 0x00, 0x05, 0x04, 0x00, 0x09, // inverse reply
            1, 2, 3, 4, 5, 10, 0, 0, 1,                     // sha, spa
            0, 0, 0, 0, 0, 10, 0, 0, 2,                     // tha, tpa
        ];
        assert_eq!(
            eth_text(0x0806, &p, "-v"),
            "ARP, IEEE 1394 (len 5), IPv4 (len 4), Inverse Reply 01:02:03:04:05 at 10.0.0.1, \
             length 26"
        );
    }

    #[test]
    fn frame_relay_addresses_are_dlcis() {
        #[rustfmt::skip]
        let p = [
            0x00, 0x0f, 0x08, 0x00, 0x02, 0x04, 0x00, 0x02, // frame relay, reply
            0x04, 0x01, 10, 0, 0, 1,                        // DLCI 16, spa
            0x04, 0x11, 10, 0, 0, 2,                        // DLCI 17, tpa
        ];
        assert_eq!(
            eth_text(0x0806, &p, ""),
            "ARP, Reply 10.0.0.1 is-at DLCI 16, length 20"
        );
    }

    /// An ATM ARP packet with operation `op`.
    fn atm(op: u8) -> Vec<u8> {
        #[rustfmt::skip]
        let p = vec![
            0x00, 0x13, 0x08, 0x00, // ATM, IPv4
            0x42, 0x01, 0x00, op,   // E.164 number of 2, subaddress of 1
            0x04, 0x02, 0x01, 0x04, // spln 4, target number 2, subaddress 1, tpln 4
            0xaa, 0xbb, 0xcc,       // sender number and subaddress
            10, 0, 0, 1,            // sender IPv4
            0xdd, 0xee, 0xff,       // target number and subaddress
            10, 0, 0, 2,            // target IPv4
        ];
        p
    }

    #[test]
    fn atm_arp() {
        let cases: [(u8, &str); 5] = [
            (1, "Request who-has 10.0.0.2 (dd:ee,ff) tell 10.0.0.1"),
            (2, "Reply 10.0.0.1 is-at aa:bb,cc"),
            (8, "Inverse Request who-is dd:ee,ff tell aa:bb,cc"),
            (9, "Inverse Reply aa:bb,ccat 10.0.0.1"),
            (10, "NACK Reply for 10.0.0.1"),
        ];
        for (op, line) in cases {
            assert_eq!(
                eth_text(0x0806, &atm(op), ""),
                format!("ARP, {line}, length 26"),
                "op {op}"
            );
        }
        assert_eq!(
            eth_text(0x0806, &atm(1), "-v"),
            "ARP, ATM, IPv4 (len 4/4), Request who-has 10.0.0.2 (dd:ee,ff) tell 10.0.0.1, \
             length 26"
        );
        // RARP operations are unknown to ATM ARP.
        assert_eq!(
            eth_text(0x0806, &atm(3), ""),
            "ARP, Reverse Request \n\t0x0000:  0013 0800 4201 0003 0402 0104 aabb cc0a  \
             ....B...........\n\t0x0010:  0000 01dd eeff 0a00 0002                 .........."
        );
        // No hardware addresses and a three-byte sender address.
        #[rustfmt::skip]
        let p = [
            0x00, 0x13, 0x08, 0x00, 0x00, 0x00, 0x00, 0x02,
            0x03, 0x00, 0x00, 0x04, 10, 0, 0, 10, 0, 0, 2,
        ];
        assert_eq!(
            eth_text(0x0806, &p, ""),
            "ARP, ATM, IPv4 (len 3/4), length 19"
        );
        assert_eq!(
            eth_text(0x0806, &p, "-v"),
            "ARP, ATM, IPv4 (len 3/4), Reply <wrong splen> is-at <No address>, length 19"
        );
    }

    #[test]
    fn every_truncation_prints_only_the_marker() {
        // Odd lengths: hln 3, pln 5.
        #[rustfmt::skip]
        let p = [
            0x00, 0x01, 0x08, 0x00, 0x03, 0x05, 0x00, 0x01,
            0xaa, 0xbb, 0xcc, 1, 2, 3, 4, 5,
            0xdd, 0xee, 0xff, 6, 7, 8, 9, 0,
        ];
        for (atm_case, packet) in [(false, p.to_vec()), (true, atm(1))] {
            let f = eth(0x0806, &packet);
            for n in 14..f.len() {
                for flags in ["", "-e", "-v"] {
                    let got = text(1, &f[..n], 60, flags);
                    let want = if flags == "-e" {
                        "02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), \
                         length 60:  [|arp]"
                    } else {
                        " [|arp]"
                    };
                    assert_eq!(got, want, "atm {atm_case}, {n} bytes, {flags:?}");
                }
            }
            assert!(!text(1, &f, 60, "").contains("[|arp]"));
        }
        assert_eq!(
            text(1, &eth(0x0806, &p), 60, ""),
            "ARP, Ethernet (len 3), IPv4 (len 5), length 46"
        );
    }
}
