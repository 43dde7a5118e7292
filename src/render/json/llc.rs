//! IEEE 802.2 LLC and SNAP headers in JSON.

use serde::Serialize;

use crate::decode::llc::LlcHeader;

#[derive(Serialize)]
pub(super) struct LlcView {
    dsap: u8,
    ssap: u8,
    control: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    snap: Option<SnapView>,
}

#[derive(Serialize)]
struct SnapView {
    oui: u32,
    pid: u16,
}

pub(super) fn view(h: &LlcHeader) -> LlcView {
    LlcView {
        dsap: h.dsap_field,
        ssap: h.ssap_field,
        control: h.control,
        snap: h.snap.map(|sn| SnapView {
            oui: sn.oui,
            pid: sn.pid,
        }),
    }
}
