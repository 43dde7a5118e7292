//! ARP and RARP, as tcpdump's print-arp.c prints them.

use std::net::Ipv4Addr;

use super::Cx;
use crate::decode::arp::Arp;
use crate::decode::{Decoded, Layer};

fn ip(cx: &mut Cx<'_>, a: Option<&[u8]>) {
    if let Some([a, b, c, d]) = a {
        super::ipv4::write_addr(cx, Ipv4Addr::new(*a, *b, *c, *d));
    }
}

pub(super) fn write(cx: &mut Cx<'_>, _d: &Decoded<'_>, a: &Arp<'_>) {
    cx.s("ARP, ");
    match a.op {
        1 => {
            cx.s("Request who-has ");
            ip(cx, a.tpa());
            cx.s(" tell ");
            ip(cx, a.spa());
        }
        2 => {
            ip(cx, a.spa());
            cx.s(" is-at ");
            if let Some(m) = a.sha().and_then(|s| <[u8; 6]>::try_from(s).ok()) {
                super::ethernet::write_mac(cx, &crate::decode::Mac(m));
            }
        }
        op => cx.f(format_args!("Unknown ({op})")),
    }
    if a.tpa().is_none() {
        cx.trunc(Layer::Arp);
        return;
    }
    cx.f(format_args!(", length {}", a.length));
}
