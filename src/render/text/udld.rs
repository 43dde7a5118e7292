//! UDLD, as tcpdump's print-udld.c prints it: version, opcode and flags,
//! and with -v the checksum and every TLV.

use super::fmt::{write_chars, write_jnp};
use super::Cx;
use crate::decode::udld::{tlv, Item, Udld, Value};
use crate::decode::Layer;

fn tlv_name(kind: u16) -> &'static str {
    match kind {
        tlv::DEVICE_ID => "Device-ID TLV",
        tlv::PORT_ID => "Port-ID TLV",
        tlv::ECHO => "Echo TLV",
        tlv::MESSAGE_INTERVAL => "Message Interval TLV",
        tlv::TIMEOUT_INTERVAL => "Timeout Interval TLV",
        tlv::DEVICE_NAME => "Device Name TLV",
        tlv::SEQ_NUMBER => "Sequence Number TLV",
        _ => "Unknown",
    }
}

fn cut(cx: &mut Cx<'_>) {
    cx.trunc_early_end(Layer::Udld.name());
}

/// tcpdump's `udld_print`.
pub(super) fn write(cx: &mut Cx<'_>, u: &Udld<'_>) {
    let complete = u.complete();
    // ` (invalid)`, then tcpdump's check that the rest was captured.
    let invalid = |cx: &mut Cx<'_>| {
        cx.invalid();
        if !complete {
            cut(cx);
        }
    };
    if u.too_short() {
        return invalid(cx);
    }
    let Some(h) = u.header() else {
        return cut(cx);
    };
    let code = match h.opcode {
        1 => "Probe message",
        2 => "Echo message",
        3 => "Flush message",
        _ => "Reserved",
    };
    cx.f(format_args!(
        "UDLDv{}, Code {code} ({:x}), Flags [",
        h.version, h.opcode
    ));
    const FLAGS: [&str; 8] = [
        "RT", "RSY", "MBZ-2", "MBZ-3", "MBZ-4", "MBZ-5", "MBZ-6", "MBZ-7",
    ];
    let mut sep = "";
    for (i, name) in FLAGS.iter().enumerate() {
        if h.flags & (1 << i) != 0 {
            cx.s(sep);
            cx.s(name);
            sep = ", ";
        }
    }
    if sep.is_empty() {
        cx.s("none");
    }
    cx.f(format_args!("] (0x{:02x}), length {}", h.flags, u.length));
    if cx.o.verbose == 0 {
        if !complete {
            cut(cx);
        }
        return;
    }
    let Some(sum) = u.checksum() else {
        return cut(cx);
    };
    cx.f(format_args!("\n\tChecksum 0x{sum:04x} (unverified)"));
    for item in u.tlvs() {
        let t = match item {
            Item::Tlv(t) => t,
            Item::Short => return invalid(cx),
            Item::HeaderCut => return cut(cx),
            Item::BadLength { kind, len } => {
                cx.f(format_args!(
                    "\n\t{} (0x{kind:04x}) TLV, length {len}",
                    tlv_name(kind)
                ));
                return invalid(cx);
            }
        };
        cx.f(format_args!(
            "\n\t{} (0x{:04x}) TLV, length {}",
            tlv_name(t.kind),
            t.kind,
            t.len
        ));
        match t.value() {
            Value::Name(n) => {
                cx.s(", ");
                if !write_jnp(cx, n, t.value_len()) {
                    return cut(cx);
                }
            }
            Value::Echo(e) => {
                cx.s(", ");
                write_chars(cx, e);
                if !t.complete() {
                    return cut(cx);
                }
            }
            Value::Interval(i) => match i {
                Some(s) => cx.f(format_args!(", {s}s")),
                None => return cut(cx),
            },
            Value::SeqNumber(n) => match n {
                Some(n) => cx.f(format_args!(", {n}")),
                None => return cut(cx),
            },
            Value::BadLength => return invalid(cx),
            Value::Unknown => {
                if !t.complete() {
                    return cut(cx);
                }
            }
        }
    }
}
