//! NSH, as tcpdump's print-nsh.c prints it, followed by what it carries.

use super::encap::write_inner;
use super::Cx;
use crate::decode::nsh::{self as ns, Form, Nsh, Tlv};
use crate::decode::Decoded;

fn md_name(cx: &mut Cx<'_>, md: u8) {
    match md {
        0 => cx.s("reserved"),
        1 => cx.s("1"),
        2 => cx.s("2"),
        0x0f => cx.s("experimental"),
        m => cx.f(format_args!("unknown (0x{m:02x})")),
    }
}

fn next_name(cx: &mut Cx<'_>, np: u8) {
    match np {
        1 => cx.s("IPv4"),
        2 => cx.s("IPv6"),
        3 => cx.s("Ethernet"),
        4 => cx.s("NSH"),
        5 => cx.s("MPLS"),
        0xfe => cx.s("Experiment 1"),
        0xff => cx.s("Experiment 2"),
        n => cx.f(format_args!("unknown (0x{n:02x})")),
    }
}

pub(super) fn write(cx: &mut Cx<'_>, d: &Decoded<'_>, n: &Nsh<'_>) {
    let v = cx.o.verbose;
    match n.form {
        Form::TooShort => {
            cx.f(format_args!(
                " (packet length {} < {})",
                n.length,
                ns::FIXED_LEN
            ));
            return cx.invalid();
        }
        Form::Cut => return cx.trunc_early_end("nsh"),
        _ => {}
    }
    cx.s("NSH, ");
    if v > 1 {
        cx.f(format_args!("ver {}, ", n.version()));
    }
    if n.form == Form::BadVersion {
        return;
    }
    cx.s(if n.flags() & 0x2 != 0 {
        "flags [O], "
    } else {
        "flags [none], "
    });
    if v > 2 {
        cx.f(format_args!(
            "TTL {}, length {}, md type ",
            n.ttl(),
            n.header_words()
        ));
        md_name(cx, n.md_type());
        cx.s(", ");
    }
    if v > 1 {
        cx.s("next-protocol ");
        next_name(cx, n.next_protocol());
        cx.s(", ");
    }
    match n.form {
        Form::TooManyHeaders => {
            cx.f(format_args!(
                " (too many headers for packet length {})",
                n.length
            ));
            return cx.invalid();
        }
        Form::PathCut => return cx.trunc_early_end("nsh"),
        _ => {}
    }
    cx.f(format_args!(
        "service-path-id 0x{:06x}, service-index 0x{:x}",
        n.spi, n.si
    ));
    if n.form == Form::LessThanTwo {
        cx.s(" (less than two headers)");
        return cx.invalid();
    }
    if v > 2 && n.md_type() == ns::MD_TYPE1 {
        if n.header_words() != 6 {
            cx.s(" (invalid length for the MD type)");
            return cx.invalid();
        }
        for (i, w) in n.words().enumerate() {
            cx.f(format_args!("\n        Context[{i:02}]: 0x{w:08x}"));
        }
    } else if v > 2 && n.md_type() == ns::MD_TYPE2 {
        for t in n.tlvs() {
            let Tlv::Entry {
                class,
                tlv_type,
                len,
                value,
                too_big,
            } = t
            else {
                return cx.trunc_early_end("nsh");
            };
            cx.f(format_args!(
                "\n        TLV Class {class}, Type {tlv_type}, Len {len}"
            ));
            if too_big {
                cx.s(" (length too big)");
                return cx.invalid();
            }
            if len > 0 {
                cx.s("\n            Value: ");
                for (i, b) in value.iter().enumerate() {
                    cx.f(format_args!("{}{b:02x}", if i == 0 { "0x" } else { ":" }));
                }
                if value.len() < usize::from(len) {
                    return cx.trunc_early_end("nsh");
                }
            }
        }
    }
    if !n.context_complete() {
        return cx.trunc_early_end("nsh");
    }
    cx.s(if v > 0 { "\n    " } else { ": " });
    match n.next_protocol() {
        ns::NEXT_IPV4 | ns::NEXT_IPV6 | ns::NEXT_ETHERNET => {
            write_inner(cx, d);
        }
        _ => cx.s("ERROR: unknown-next-protocol"),
    }
}
