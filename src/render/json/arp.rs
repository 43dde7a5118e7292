//! ARP in JSON.

use serde::Serialize;

use super::Hex;
use crate::decode::arp::Arp;

#[derive(Serialize)]
pub(super) struct ArpView<'a> {
    htype: u16,
    ptype: u16,
    hlen: u8,
    plen: u8,
    op: u16,
    sender_hw: Option<Hex<'a>>,
    sender_proto: Option<Hex<'a>>,
    target_hw: Option<Hex<'a>>,
    target_proto: Option<Hex<'a>>,
}

pub(super) fn view<'a>(a: &Arp<'a>) -> ArpView<'a> {
    ArpView {
        htype: a.htype,
        ptype: a.ptype,
        hlen: a.hlen,
        plen: a.plen,
        op: a.op,
        sender_hw: a.sha().map(Hex),
        sender_proto: a.spa().map(Hex),
        target_hw: a.tha().map(Hex),
        target_proto: a.tpa().map(Hex),
    }
}
