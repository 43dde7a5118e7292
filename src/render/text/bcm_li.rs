//! The Broadcom lawful-intercept shim, as tcpdump's print-bcm-li.c prints
//! it, followed (with `-v`) by the packet it carries.

use super::encap::write_inner;
use super::Cx;
use crate::decode::bcm_li::{self as li, BcmLi};
use crate::decode::Decoded;

fn direction_name(v: u8) -> &'static str {
    match v {
        li::DIR_UNUSED => "unused",
        li::DIR_EGRESS => "egress",
        li::DIR_INGRESS => "ingress",
        _ => "unknown",
    }
}

fn type_name(v: u8) -> &'static str {
    match v {
        li::TYPE_UNDECIDED => "undecided",
        li::TYPE_IPV4 => "ipv4",
        li::TYPE_IPV6 => "ipv6",
        li::TYPE_ETHERNET => "ethernet",
        _ => "unknown",
    }
}

fn subtype_name(v: u8) -> &'static str {
    match v {
        li::SUBTYPE_SINGLE_VLAN => "single VLAN tag",
        li::SUBTYPE_DOUBLE_VLAN => "double VLAN tag",
        li::SUBTYPE_UNTAGGED => "untagged",
        _ => "unknown",
    }
}

pub(super) fn write(cx: &mut Cx<'_>, d: &Decoded<'_>, b: &BcmLi) {
    if b.too_short() {
        cx.f(format_args!(" (length {} < {})", b.length, li::SHIM_LEN));
        cx.invalid();
        return;
    }
    let (Some(dir), Some(ty), Some(sub), Some(id)) =
        (b.direction(), b.pkt_type(), b.pkt_subtype(), b.li_id())
    else {
        return cx.trunc_early_end("bcm_li");
    };
    let verbose = cx.o.verbose > 0;
    if verbose {
        cx.s("\n    ");
    }
    cx.f(format_args!(
        "BCM-LI-SHIM: direction {}, pkt-type {}, pkt-subtype {}, li-id {id}",
        direction_name(dir),
        type_name(ty),
        subtype_name(sub),
    ));
    if !verbose {
        // tcpdump only checks that the whole payload was captured.
        if !b.complete {
            cx.trunc_early_end("bcm_li");
        }
        return;
    }
    cx.s("\n    ");
    match ty {
        li::TYPE_ETHERNET | li::TYPE_IPV4 | li::TYPE_IPV6 => {
            write_inner(cx, d);
        }
        li::TYPE_UNDECIDED => match b.first.map(|x| x >> 4) {
            None => cx.trunc_early_end("bcm_li"),
            Some(4 | 6) => {
                write_inner(cx, d);
            }
            Some(_) => cx.s("unknown payload"),
        },
        _ => cx.invalid(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::ethernet::tests::text;
    use crate::testdata::tunnel::*;

    fn frame() -> Vec<u8> {
        // Egress (2), IPv4 (5), untagged (3), LI-ID 9.
        let mut p = (2u32 << 29 | 5 << 25 | 3 << 22 | 9).to_be_bytes().to_vec();
        p.extend_from_slice(&ipv4(17, INNER_A, INNER_B, &udp(1, 2, b"x")));
        ether(0x0800, &ipv4(17, OUTER_A, OUTER_B, &udp(49152, 5555, &p)))
    }

    const SHIM: &str =
        "BCM-LI-SHIM: direction egress, pkt-type ipv4, pkt-subtype untagged, li-id 9";

    #[test]
    fn the_inner_packet_only_with_v() {
        let f = frame();
        let wire = f.len() as u32;
        assert_eq!(
            text(1, &f, wire, ""),
            format!("IP 10.0.0.1.49152 > 10.0.0.2.5555: {SHIM}")
        );
        let v = text(1, &f, wire, "-v");
        assert!(
            v.contains(&format!("10.0.0.2.5555: \n    {SHIM}\n    IP (tos 0x0")),
            "{v}"
        );
        assert!(
            v.ends_with("\n    192.168.0.1.1 > 192.168.0.2.2: UDP, length 1"),
            "{v}"
        );
        assert_eq!(
            text(1, &f, wire, "-q"),
            "IP 10.0.0.1.49152 > 10.0.0.2.5555: UDP, length 33"
        );
    }

    #[test]
    fn a_cut_payload_is_checked_without_v() {
        let f = frame();
        let cut = &f[..f.len() - 1];
        assert_eq!(
            text(1, cut, f.len() as u32, ""),
            format!("IP 10.0.0.1.49152 > 10.0.0.2.5555: {SHIM} [|bcm_li]")
        );
    }
}
