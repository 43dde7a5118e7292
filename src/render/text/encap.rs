//! What tunnels carry: the inner level of a tunnelled frame, printed after
//! the tunnel header as tcpdump's nested printers print it (see
//! `decode::encap` for how a frame's levels are kept).

use super::Cx;
use crate::decode::{Decoded, Layer, Link, StopKind};

/// The inner level of the level `d` shows, if decoding followed the
/// tunnel; else tcpdump's output cannot be reproduced past this point and
/// a marker says why (the tunnel was nested too deep).
pub(super) fn write_inner(cx: &mut Cx<'_>, d: &Decoded<'_>) -> Inner {
    match d.inner() {
        Some(inner) => {
            if write_level(cx, &inner) {
                Inner::Printed
            } else {
                Inner::Unknown
            }
        }
        None => {
            if d.stop.is_some_and(|s| s.kind == StopKind::Limit) {
                let warn = cx.pal.warn;
                cx.styled(warn, format_args!("[tunnel nesting limit]"));
            }
            Inner::Printed
        }
    }
}

/// What [`write_inner`] did.
pub(super) enum Inner {
    Printed,
    /// A payload the ethertype dispatch did not decode: the tunnel's
    /// printer says what it was.
    Unknown,
}

/// One level, from its first header: an Ethernet frame or a network-layer
/// packet. False when it is a network-layer payload nothing decoded.
fn write_level(cx: &mut Cx<'_>, d: &Decoded<'_>) -> bool {
    match d.link {
        Link::Ethernet(_) | Link::Inner => super::dispatch::tunnel_payload(cx, d),
        _ => {
            // The Ethernet frame did not decode: tcpdump's `ether_print`
            // checks.
            match d.stop {
                Some(s) if s.layer == Layer::Ether && s.kind == StopKind::Invalid => {
                    cx.f(format_args!(
                        "[length {} < caplen {}]",
                        d.wire_len,
                        d.frame.len()
                    ));
                    cx.invalid();
                }
                Some(s) => cx.trunc(s.layer),
                None => {}
            }
            true
        }
    }
}
