//! The `bcm_li` object: the Broadcom lawful-intercept shim (docs/json.md,
//! "Tunnels"). What it carries is the `inner` object beside it; fields not
//! captured are left out.

use serde::Serialize;

use crate::decode::bcm_li::BcmLi;
use crate::decode::encap::Inner;

#[derive(Serialize)]
pub(super) struct View {
    #[serde(skip_serializing_if = "Option::is_none")]
    direction: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pkt_type: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pkt_subtype: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    li_id: Option<u32>,
    /// What follows the shim: `ethernet`, `ipv4`, `ipv6` or `unknown`.
    #[serde(skip_serializing_if = "Option::is_none")]
    payload: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    invalid: Option<&'static str>,
}

pub(super) fn view(b: &BcmLi) -> View {
    let ok = !b.too_short();
    let payload = match b.inner() {
        Some(Inner::Ethernet) => "ethernet",
        Some(Inner::Ipv4) => "ipv4",
        Some(Inner::Ipv6) => "ipv6",
        _ => "unknown",
    };
    View {
        direction: b.direction().filter(|_| ok),
        pkt_type: b.pkt_type().filter(|_| ok),
        pkt_subtype: b.pkt_subtype().filter(|_| ok),
        li_id: b.li_id().filter(|_| ok),
        payload: b.shim.filter(|_| ok).map(|_| payload),
        invalid: b.too_short().then_some("too_short"),
    }
}
