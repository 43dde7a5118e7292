//! BOOTP/DHCP in JSON.

use std::net::Ipv4Addr;

use serde::Serialize;

use super::Hex;
use crate::decode::dhcp::Bootp;

#[derive(Serialize)]
pub(super) struct DhcpView<'a> {
    op: u8,
    htype: u8,
    hlen: u8,
    hops: u8,
    xid: u32,
    secs: u16,
    broadcast: bool,
    ciaddr: Ipv4Addr,
    yiaddr: Ipv4Addr,
    siaddr: Ipv4Addr,
    giaddr: Ipv4Addr,
    chaddr: Hex<'a>,
}

pub(super) fn view<'a>(b: &Bootp<'a>) -> DhcpView<'a> {
    let hlen = usize::from(b.hlen).min(b.chaddr.len());
    DhcpView {
        op: b.op,
        htype: b.htype,
        hlen: b.hlen,
        hops: b.hops,
        xid: b.xid,
        secs: b.secs,
        broadcast: b.flags & 0x8000 != 0,
        ciaddr: b.ciaddr,
        yiaddr: b.yiaddr,
        siaddr: b.siaddr,
        giaddr: b.giaddr,
        chaddr: Hex(b.chaddr.get(..hlen).unwrap_or(b.chaddr)),
    }
}
