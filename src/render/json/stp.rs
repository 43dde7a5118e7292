//! Spanning tree BPDUs in JSON: the `stp` object (docs/json.md, "Link
//! layers"): the fixed part, the timers, and for MSTP and SPB BPDUs the
//! MST configuration, the MSTI messages and the SPB extension.

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::dhcp::nul_text;
use crate::decode::stp::{self, BridgeId, Msti, Stp, StpCheck};

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

/// Words as one hex string.
struct Words<'a>(&'a [u32]);

impl Serialize for Words<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct D<'a>(&'a [u32]);
        impl std::fmt::Display for D<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                for w in self.0 {
                    write!(f, "{w:08x}")?;
                }
                Ok(())
            }
        }
        s.collect_str(&D(self.0))
    }
}

/// The `stp` object.
pub(super) struct StpView<'d, 'a>(&'d Stp<'a>);

pub(super) fn view<'d, 'a>(s: &'d Stp<'a>) -> StpView<'d, 'a> {
    StpView(s)
}

/// 1/256 seconds as seconds.
fn secs(v: u16) -> f64 {
    f64::from(v) / 256.0
}

impl Serialize for StpView<'_, '_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        let s = self.0;
        let mut m = ser.serialize_map(None)?;
        m.serialize_entry("protocol_id", &s.protocol_id())?;
        m.serialize_entry("version", &s.version())?;
        m.serialize_entry("bpdu_type", &s.bpdu_type())?;
        m.serialize_entry("flags", &s.flags())?;
        m.serialize_entry("root_id", &s.root_id().map(BridgeIdStr))?;
        m.serialize_entry("root_path_cost", &s.root_path_cost())?;
        m.serialize_entry("bridge_id", &s.bridge_id().map(BridgeIdStr))?;
        m.serialize_entry("port_id", &s.port_id())?;
        m.serialize_entry("length", &s.length)?;
        if let Some(t) = s.times() {
            m.serialize_entry("message_age", &secs(t.message_age))?;
            m.serialize_entry("max_age", &secs(t.max_age))?;
            m.serialize_entry("hello_time", &secs(t.hello_time))?;
            m.serialize_entry("forward_delay", &secs(t.forward_delay))?;
        }
        let check = s.check();
        if check == StpCheck::Invalid {
            m.serialize_entry("invalid", "bad_length")?;
        }
        let mst = s.bpdu_type() == Some(stp::BPDU_RSTP)
            && matches!(s.version(), Some(stp::STP_PROTO_MSTP | stp::STP_PROTO_SPB))
            && check != StpCheck::Invalid;
        if mst {
            if let Some(v3) = s.v3_length() {
                m.serialize_entry("v3_length", &v3)?;
            }
            m.serialize_entry("mcid_name", &nul_text(s.mcid_name()))?;
            if let Some(r) = s.mcid_revision() {
                m.serialize_entry("mcid_revision", &r)?;
            }
            if let Some(d) = s.mcid_digest() {
                m.serialize_entry("mcid_digest", &Words(&d))?;
            }
            if let Some(c) = s.cist_internal_path_cost() {
                m.serialize_entry("cist_internal_path_cost", &c)?;
            }
            if let Some(b) = s.cist_bridge_id() {
                m.serialize_entry("cist_bridge_id", &BridgeIdStr(b))?;
            }
            if let Some(h) = s.cist_remaining_hops() {
                m.serialize_entry("cist_remaining_hops", &h)?;
            }
            m.serialize_entry("mstis", &Mstis(s))?;
        }
        if let StpCheck::Spb { offset } = check {
            match s.spb_valid(offset) {
                Some(true) => m.serialize_entry("spb", &SpbView(s.spb(offset)))?,
                Some(false) => m.serialize_entry("invalid", "bad_length")?,
                None => {}
            }
        }
        m.end()
    }
}

struct Mstis<'d, 'a>(&'d Stp<'a>);

impl Serialize for Mstis<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for m in self.0.mstis() {
            seq.serialize_element(&MstiView(m))?;
        }
        seq.end()
    }
}

/// An MSTI message; fields not captured are left out.
struct MstiView(Msti);

impl Serialize for MstiView {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let x = &self.0;
        let mut m = s.serialize_map(None)?;
        if let Some(v) = x.id {
            m.serialize_entry("id", &v)?;
        }
        if let Some(v) = x.flags {
            m.serialize_entry("flags", &v)?;
        }
        if let Some(v) = x.regional_root {
            m.serialize_entry("regional_root_id", &BridgeIdStr(v))?;
        }
        if let Some(v) = x.path_cost {
            m.serialize_entry("path_cost", &v)?;
        }
        if let Some(v) = x.bridge_priority {
            m.serialize_entry("bridge_priority", &v)?;
        }
        if let Some(v) = x.port_priority {
            m.serialize_entry("port_priority", &v)?;
        }
        if let Some(v) = x.remaining_hops {
            m.serialize_entry("remaining_hops", &v)?;
        }
        m.end()
    }
}

/// The SPB extension; fields not captured are left out.
struct SpbView<'a>(stp::Spb<'a>);

impl Serialize for SpbView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let x = &self.0;
        let mut m = s.serialize_map(None)?;
        if let Some(v) = x.v4_length {
            m.serialize_entry("v4_length", &v)?;
        }
        m.serialize_entry("aux_mcid_name", &nul_text(x.aux_name))?;
        if let Some(v) = x.aux_revision {
            m.serialize_entry("aux_mcid_revision", &v)?;
        }
        if let Some(d) = x.aux_digest {
            m.serialize_entry("aux_mcid_digest", &Words(&d))?;
        }
        if let Some(a) = x.agreement {
            m.serialize_entry("agreement_number", &a.number)?;
            m.serialize_entry("discarded_agreement_number", &a.discarded)?;
            m.serialize_entry("agreement_valid", &a.valid)?;
            m.serialize_entry("restricted_role", &a.restricted)?;
            m.serialize_entry("format_id", &a.format_id)?;
            m.serialize_entry("format_capabilities", &a.format_capabilities)?;
            m.serialize_entry("convention_id", &a.convention_id)?;
            m.serialize_entry("convention_capabilities", &a.convention_capabilities)?;
            m.serialize_entry("edge_count", &a.edge_count)?;
            m.serialize_entry("agreement_digest", &Words(&a.digest))?;
        }
        m.end()
    }
}
