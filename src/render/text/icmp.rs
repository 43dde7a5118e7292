//! ICMP, as tcpdump's print-icmp.c prints it.

use super::Cx;
use crate::decode::bytes::be16_at;
use crate::decode::icmp::Icmp;
use crate::decode::ipv4::Ipv4;
use crate::decode::Decoded;

pub(super) fn write(cx: &mut Cx<'_>, _d: &Decoded<'_>, _ip: &Ipv4<'_>, m: &Icmp<'_>) {
    cx.s("ICMP ");
    match m.icmp_type {
        0 | 8 => {
            cx.s(if m.icmp_type == 8 {
                "echo request"
            } else {
                "echo reply"
            });
            if let (Some(id), Some(seq)) = (be16_at(m.body, 0), be16_at(m.body, 2)) {
                cx.f(format_args!(", id {id}, seq {seq}"));
            }
        }
        t => cx.f(format_args!("type-#{t}")),
    }
    cx.f(format_args!(", length {}", m.length));
}
