//! Spanning tree BPDUs in JSON.

use serde::{Serialize, Serializer};

use crate::decode::stp::{BridgeId, Stp};

/// An 802.1D bridge identifier as `pppp.aa:bb:cc:dd:ee:ff`.
struct BridgeIdStr(BridgeId);

impl Serialize for BridgeIdStr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let [p0, p1, m0, m1, m2, m3, m4, m5] = self.0 .0;
        s.collect_str(&format_args!(
            "{p0:02x}{p1:02x}.{m0:02x}:{m1:02x}:{m2:02x}:{m3:02x}:{m4:02x}:{m5:02x}"
        ))
    }
}

#[derive(Serialize)]
pub(super) struct StpView {
    protocol_id: Option<u16>,
    version: Option<u8>,
    bpdu_type: Option<u8>,
    flags: Option<u8>,
    root_id: Option<BridgeIdStr>,
    root_path_cost: Option<u32>,
    bridge_id: Option<BridgeIdStr>,
    port_id: Option<u16>,
    length: u32,
}

pub(super) fn view(s: &Stp<'_>) -> StpView {
    StpView {
        protocol_id: s.protocol_id(),
        version: s.version(),
        bpdu_type: s.bpdu_type(),
        flags: s.flags(),
        root_id: s.root_id().map(BridgeIdStr),
        root_path_cost: s.root_path_cost(),
        bridge_id: s.bridge_id().map(BridgeIdStr),
        port_id: s.port_id(),
        length: s.length,
    }
}
