//! The JSON view of the Ethernet header (`ethernet`).

use serde::Serialize;

use super::MacStr;
use crate::decode::ethernet::Ethernet;

#[derive(Serialize)]
pub(super) struct EthernetView {
    src: MacStr,
    dst: MacStr,
    /// The type field after any tags (an 802.3 length when <= 1500).
    ethertype: u16,
}

pub(super) fn view(e: &Ethernet) -> EthernetView {
    EthernetView {
        src: MacStr(e.src),
        dst: MacStr(e.dst),
        ethertype: e.inner_type,
    }
}
