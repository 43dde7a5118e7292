//! ICMP in JSON.

use serde::Serialize;

use crate::decode::icmp::Icmp;

#[derive(Serialize)]
pub(super) struct IcmpView {
    #[serde(rename = "type")]
    icmp_type: u8,
    code: u8,
    checksum: u16,
    length: u32,
}

pub(super) fn view(i: &Icmp<'_>) -> IcmpView {
    IcmpView {
        icmp_type: i.icmp_type,
        code: i.code,
        checksum: i.checksum,
        length: i.length,
    }
}
