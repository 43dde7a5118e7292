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
