//! The JSON views of the Linux cooked headers (`sll`, `sll2`) and the BSD
//! loopback header (`null`).

use serde::Serialize;

use super::Hex;
use crate::decode::link::{Null, Sll, Sll2};

#[derive(Serialize)]
pub(super) struct SllView<'d> {
    /// SLL2 only: the capturing interface's index.
    #[serde(skip_serializing_if = "Option::is_none")]
    ifindex: Option<u32>,
    packet_type: u16,
    hatype: u16,
    /// The link-layer address, as long as the header says it is (at most
    /// the 8 bytes the header holds).
    address: Hex<'d>,
    protocol: u16,
}

#[derive(Serialize)]
pub(super) struct NullView {
    family: u32,
}

pub(super) fn sll(h: &Sll) -> SllView<'_> {
    SllView {
        ifindex: None,
        packet_type: h.pkttype,
        hatype: h.hatype,
        address: Hex(h.addr.get(..usize::from(h.halen)).unwrap_or(&h.addr)),
        protocol: h.protocol,
    }
}

pub(super) fn sll2(h: &Sll2) -> SllView<'_> {
    SllView {
        ifindex: Some(h.ifindex),
        packet_type: u16::from(h.pkttype),
        hatype: h.hatype,
        address: Hex(h.addr.get(..usize::from(h.halen)).unwrap_or(&h.addr)),
        protocol: h.protocol,
    }
}

pub(super) fn null(h: &Null) -> NullView {
    NullView { family: h.family }
}
