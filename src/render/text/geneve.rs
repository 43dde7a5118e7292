//! Geneve, as tcpdump's print-geneve.c prints it, followed by what it
//! carries.

use super::encap::{write_inner, Inner};
use super::Cx;
use crate::decode::geneve::{self as gv, Form, Geneve};
use crate::decode::Decoded;
use crate::names;

/// tcpdump's `format_opt_class`.
fn class_name(class: u16) -> &'static str {
    match class {
        0x0100 => "Linux",
        0x0101 => "Open vSwitch",
        0x0102 => "Open Virtual Networking (OVN)",
        0x0103 => "In-band Network Telemetry (INT)",
        0x0104 => "VMware",
        0..=0x00ff => "Standard",
        0xfff0..=0xffff => "Experimental",
        _ => "Unknown",
    }
}

pub(super) fn write(cx: &mut Cx<'_>, d: &Decoded<'_>, g: &Geneve<'_>) {
    cx.s("Geneve");
    match g.form {
        Form::TooShort => {
            cx.f(format_args!(" [length {} < 8]", g.length));
            cx.invalid();
            return;
        }
        Form::Cut => return cx.trunc_named("geneve"),
        Form::BadVersion => {
            cx.f(format_args!(" ERROR: unknown-version {}", g.version));
            return;
        }
        _ => {}
    }
    cx.s(", Flags [");
    let mut any = false;
    for (bit, name) in [
        (0x80, "O"),
        (0x40, "C"),
        (0x20, "R1"),
        (0x10, "R2"),
        (0x08, "R3"),
        (0x04, "R4"),
        (0x02, "R5"),
        (0x01, "R6"),
    ] {
        if g.flags & bit != 0 {
            cx.s(name);
            any = true;
        }
    }
    if !any {
        cx.s("none");
    }
    cx.f(format_args!("], vni 0x{:x}", g.vni));
    if g.reserved != 0 {
        cx.f(format_args!(", rsvd 0x{:x}", g.reserved));
    }
    if cx.o.link_header {
        cx.f(format_args!(
            ", proto {} (0x{:04x})",
            names::ethertype(g.protocol).unwrap_or("unknown"),
            g.protocol
        ));
    }
    match g.form {
        Form::OptionsTooLong => {
            cx.f(format_args!(
                " truncated-geneve - {} bytes missing",
                g.missing()
            ));
            return;
        }
        Form::OptionsCut => return cx.trunc_named("geneve"),
        _ => {}
    }
    if g.opts_len > 0 {
        cx.s(", options [");
        if cx.o.verbose > 0 {
            write_options(cx, g);
        } else {
            cx.f(format_args!("{} bytes", g.opts_len));
        }
        cx.s("]");
    }
    cx.s(if cx.o.verbose < 1 { ": " } else { "\n\t" });
    if let Inner::Unknown = write_inner(cx, d) {
        cx.f(format_args!("geneve-proto-0x{:x}", g.protocol));
    }
}

/// tcpdump's `geneve_opts_print`.
fn write_options(cx: &mut Cx<'_>, g: &Geneve<'_>) {
    let mut sep = "";
    for o in g.options() {
        cx.s(sep);
        sep = ", ";
        cx.f(format_args!(
            "class {} (0x{:x}) type 0x{:x}{} len {}",
            class_name(o.class),
            o.class,
            o.opt_type,
            if o.critical() { "(C)" } else { "" },
            o.len
        ));
        if o.bad_length {
            cx.s(" [bad length]");
            return;
        }
        if cx.o.verbose > 1 && o.len > 4 {
            cx.s(" data");
            for w in gv::data_words(o.data) {
                cx.f(format_args!(" {w:08x}"));
            }
        }
    }
}
