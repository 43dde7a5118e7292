//! BOOTP and DHCP, as tcpdump's print-bootp.c prints them.

use super::Cx;
use crate::decode::dhcp::Bootp;
use crate::decode::udp::Udp;
use crate::decode::{Decoded, Layer};

pub(super) fn write(cx: &mut Cx<'_>, _d: &Decoded<'_>, b: &Bootp<'_>) {
    cx.s("BOOTP/DHCP, ");
    match b.op {
        1 => {
            cx.s("Request");
            if b.htype == 1 && b.hlen == 6 {
                if let Some(m) = b.chaddr.get(..6).and_then(|s| <[u8; 6]>::try_from(s).ok()) {
                    cx.s(" from ");
                    super::ethernet::write_mac(cx, &crate::decode::Mac(m));
                }
            }
        }
        2 => cx.s("Reply"),
        op => cx.f(format_args!("unknown (0x{op:02x})")),
    }
    cx.f(format_args!(", length {}", b.length));
}

/// A BOOTP message whose fixed part was not captured whole.
pub(super) fn write_short(cx: &mut Cx<'_>, _d: &Decoded<'_>, _u: &Udp<'_>) {
    cx.s("BOOTP/DHCP");
    cx.trunc(Layer::Bootp);
}
