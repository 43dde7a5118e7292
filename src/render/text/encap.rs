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
                cx.styled_s(warn, "[tunnel nesting limit]");
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

#[cfg(test)]
mod tests {
    use super::super::ethernet::tests::text;
    use crate::decode::encap::MAX_DEPTH;
    use crate::testdata::tunnel::*;

    #[test]
    fn levels_print_outer_to_inner() {
        let f = vxlan(5001, &ether(0x0800, &inner_tcp(7, 0x02, &[])));
        assert_eq!(
            text(1, &f, f.len() as u32, ""),
            "IP 10.0.0.1.51000 > 10.0.0.2.4789: VXLAN, flags [I] (0x08), vni 5001\n\
             IP 192.168.0.1.40000 > 192.168.0.2.80: Flags [S], seq 7, win 8192, length 0"
        );
        // -q: UDP is not looked into (as tcpdump), though it was decoded.
        assert_eq!(
            text(1, &f, f.len() as u32, "-q"),
            "IP 10.0.0.1.51000 > 10.0.0.2.4789: UDP, length 62"
        );
    }

    #[test]
    fn a_tunnel_nested_too_deep_says_so() {
        let inner = ipv4(17, INNER_A, INNER_B, &udp(1, 2, b"x"));
        let f = ipip(MAX_DEPTH + 1, &inner);
        let hop = "IP 10.0.0.1 > 10.0.0.2: ";
        assert_eq!(
            text(1, &f, f.len() as u32, ""),
            format!("{}[tunnel nesting limit]", hop.repeat(MAX_DEPTH + 1))
        );
        // The deepest that is followed prints whole.
        let f = ipip(MAX_DEPTH, &inner);
        assert_eq!(
            text(1, &f, f.len() as u32, ""),
            format!(
                "{}IP 192.168.0.1.1 > 192.168.0.2.2: UDP, length 1",
                hop.repeat(MAX_DEPTH)
            )
        );
    }
}
