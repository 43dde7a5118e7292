//! The JSON view of 802.1Q/802.1ad tags (`vlan`, outermost first).

use serde::ser::SerializeSeq;
use serde::{Serialize, Serializer};

use crate::decode::Tags;

#[derive(Serialize)]
struct VlanView {
    tpid: u16,
    id: u16,
    pcp: u8,
    dei: bool,
    ethertype: u16,
}

pub(super) struct Vlans<'d>(pub Tags<'d>);

impl Serialize for Vlans<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for t in self.0.iter() {
            seq.serialize_element(&VlanView {
                tpid: t.tpid,
                id: t.vid(),
                pcp: t.pcp(),
                dei: t.dei(),
                ethertype: t.next,
            })?;
        }
        seq.end()
    }
}
