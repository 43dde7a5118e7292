//! VXLAN and VXLAN-GPE, as tcpdump's print-vxlan.c and print-vxlan-gpe.c
//! print them, followed by what they carry.

use super::encap::write_inner;
use super::Cx;
use crate::decode::vxlan::{self as vx, Gpe, Vxlan};
use crate::decode::Decoded;

pub(super) fn write(cx: &mut Cx<'_>, d: &Decoded<'_>, v: &Vxlan) {
    cx.s("VXLAN");
    if v.too_short() {
        cx.invalid();
        return;
    }
    let Some(flags) = v.flags else {
        return cx.trunc_early_end("vxlan");
    };
    let name = if flags & vx::FLAG_I != 0 {
        "I"
    } else {
        "invalid"
    };
    cx.f(format_args!(", flags [{name}] (0x{flags:02x}), "));
    let Some(vni) = v.vni else {
        return cx.trunc_early_end("vxlan");
    };
    cx.f(format_args!("vni {vni}\n"));
    if v.reserved.is_none() {
        return cx.trunc_early_end("vxlan");
    }
    write_inner(cx, d);
}

pub(super) fn write_gpe(cx: &mut Cx<'_>, d: &Decoded<'_>, g: &Gpe) {
    cx.s("VXLAN-GPE, ");
    if g.too_short() {
        cx.f(format_args!(" (len {} < {})", g.length, vx::HEADER_LEN));
        cx.invalid();
        return;
    }
    let Some(flags) = g.flags else {
        return cx.trunc_early_end("vxlan_gpe");
    };
    cx.s("flags [");
    let mut any = false;
    for (bit, name) in [
        (vx::FLAG_I, "I"),
        (vx::GPE_FLAG_P, "P"),
        (vx::GPE_FLAG_B, "B"),
        (vx::GPE_FLAG_O, "O"),
    ] {
        if flags & bit != 0 {
            cx.s(name);
            any = true;
        }
    }
    if !any {
        cx.s("none");
    }
    cx.s("], ");
    let (Some(next), Some(vni), Some(_)) = (g.next_protocol, g.vni, g.reserved) else {
        return cx.trunc_early_end("vxlan_gpe");
    };
    cx.f(format_args!("vni {vni}"));
    cx.s(if cx.o.verbose > 0 { "\n    " } else { ": " });
    match next {
        vx::NEXT_IPV4 | vx::NEXT_IPV6 | vx::NEXT_ETHERNET | vx::NEXT_NSH => {
            write_inner(cx, d);
        }
        _ => {
            cx.s("ERROR: unknown-next-protocol");
            cx.invalid();
        }
    }
}
