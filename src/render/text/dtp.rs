//! DTP, as tcpdump's print-dtp.c prints it: `DTPv1, length N`, and with -v
//! every TLV.

use super::fmt::{write_jnp, write_mac};
use super::Cx;
use crate::decode::dtp::{tlv, Dtp, Item, Value};
use crate::decode::Layer;

fn tlv_name(kind: u16) -> &'static str {
    match kind {
        tlv::DOMAIN => "Domain",
        tlv::STATUS => "Status",
        tlv::DTP_TYPE => "DTP type",
        tlv::NEIGHBOR => "Neighbor",
        _ => "Unknown",
    }
}

/// tcpdump's longjmp out of the printer.
fn cut(cx: &mut Cx<'_>) {
    cx.trunc_early_end(Layer::Dtp.name());
}

/// ` (invalid)`, then tcpdump's check that the rest was captured.
fn invalid(cx: &mut Cx<'_>, rest_captured: bool) {
    cx.invalid();
    if !rest_captured {
        cut(cx);
    }
}

/// tcpdump's `dtp_print`.
pub(super) fn write(cx: &mut Cx<'_>, d: &Dtp<'_>) {
    if d.length == 0 {
        cx.s("[zero packet length]");
        cx.invalid();
        return;
    }
    let Some(version) = d.version() else {
        return cut(cx);
    };
    cx.f(format_args!("DTPv{version}, length {}", d.length));
    if cx.o.verbose == 0 {
        return;
    }
    for item in d.tlvs() {
        let t = match item {
            Item::Tlv(t) => t,
            Item::Zero => return,
            Item::HeaderCut => return cut(cx),
            Item::Remaining { left, captured } => {
                cx.f(format_args!("[{left} bytes remaining]"));
                return invalid(cx, captured);
            }
            Item::BadLength {
                kind,
                len,
                captured,
            } => {
                cx.f(format_args!(
                    "\n\t{} (0x{kind:04x}) TLV, length {len}[invalid TLV length {len}]",
                    tlv_name(kind)
                ));
                return invalid(cx, captured);
            }
        };
        cx.f(format_args!(
            "\n\t{} (0x{:04x}) TLV, length {}",
            tlv_name(t.kind),
            t.kind,
            t.len
        ));
        match t.value() {
            Value::Domain(name) => {
                cx.s(", ");
                if !write_jnp(cx, name, usize::from(t.len) - 4) {
                    return cut(cx);
                }
            }
            Value::Status(b) | Value::DtpType(b) => match b {
                Some(b) => cx.f(format_args!(", 0x{b:x}")),
                None => return cut(cx),
            },
            Value::Neighbor(m) => match m {
                Some(m) => {
                    cx.s(", ");
                    write_mac(cx, &m);
                }
                None => return cut(cx),
            },
            Value::BadLength => return invalid(cx, t.rest_captured),
            Value::Unknown => {
                if !t.complete() {
                    return cut(cx);
                }
            }
        }
    }
}
