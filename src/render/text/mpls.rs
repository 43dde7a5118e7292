//! MPLS, as tcpdump's print-mpls.c prints it, followed by the packet it
//! carries when that is IPv4 or IPv6.

use super::encap::write_inner;
use super::Cx;
use crate::decode::mpls::{Mpls, Payload, StackEnd};
use crate::decode::Decoded;

/// tcpdump's names of the reserved labels (0-15).
const RESERVED: [&str; 16] = [
    "IPv4 explicit NULL",
    "router alert",
    "IPv6 explicit NULL",
    "implicit NULL",
    "rsvd",
    "rsvd",
    "rsvd",
    "rsvd",
    "rsvd",
    "rsvd",
    "rsvd",
    "rsvd",
    "rsvd",
    "rsvd",
    "rsvd",
    "rsvd",
];

pub(super) fn write(cx: &mut Cx<'_>, d: &Decoded<'_>, m: &Mpls<'_>) {
    let v = cx.o.verbose > 0;
    cx.s("MPLS");
    for (i, l) in m.labels().enumerate() {
        cx.s(if i > 0 && v { "\n\t" } else { " " });
        cx.f(format_args!("(label {}", l.label));
        if v {
            if let Some(name) = usize::try_from(l.label).ok().and_then(|i| RESERVED.get(i)) {
                cx.f(format_args!(" ({name})"));
            }
        }
        cx.f(format_args!(", tc {}", l.tc));
        if l.bottom {
            cx.s(", [S]");
        }
        cx.f(format_args!(", ttl {})", l.ttl));
    }
    match m.end {
        StackEnd::Bottom => {}
        StackEnd::Cut => return cx.trunc_early_end("mpls"),
        StackEnd::Short { captured } => {
            cx.invalid();
            if !captured {
                cx.trunc_early_end("mpls");
            }
            return;
        }
    }
    match m.payload_kind {
        Payload::Empty => {}
        Payload::Cut => cx.trunc_early_end("mpls"),
        Payload::Unknown => {
            if !cx.o.suppress_default_print {
                cx.default_print(m.payload);
                if m.payload.len() < m.payload_len as usize {
                    cx.trunc_early_end("mpls");
                }
            }
        }
        Payload::Ipv4 | Payload::Ipv6 => {
            cx.s(if v { "\n\t" } else { " " });
            write_inner(cx, d);
        }
        // netdecode has no OSI printer (tcpdump's isoclns_print): the
        // bytes.
        Payload::Osi => {
            cx.s(if v { "\n\t" } else { " " });
            cx.default_print(m.payload);
        }
    }
}
