//! VTP in JSON: the `vtp` object (docs/json.md, "vtp").

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::dhcp::nul_text;
use crate::decode::vtp::{Body, VlanInvalid, VlanItem, VlanWalk, Vtp};

pub(super) struct VtpView<'d, 'a>(pub &'d Vtp<'a>);

impl Serialize for VtpView<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("length", &v.length)?;
        if v.too_short() {
            m.serialize_entry("invalid", "short_message")?;
            return m.end();
        }
        let Some(h) = v.header() else {
            return m.end();
        };
        m.serialize_entry("version", &h.version)?;
        m.serialize_entry("code", &h.code)?;
        m.serialize_entry("followers_or_sequence", &h.byte2)?;
        if !h.domain_len_ok() {
            m.serialize_entry("invalid", "bad_domain_length")?;
            return m.end();
        }
        m.serialize_entry("domain", &nul_text(h.domain_name()))?;
        match v.body() {
            Body::Summary(s) => {
                if let Some((rev, updater)) = s.revision {
                    m.serialize_entry("config_revision", &rev)?;
                    m.serialize_entry("updater", &updater)?;
                }
                if let Some(t) = s.timestamp {
                    m.serialize_entry("timestamp", &t)?;
                }
                if let Some([a, b, c, d]) = s.digest {
                    m.serialize_entry("md5_digest", &format_args!("{a:08x}{b:08x}{c:08x}{d:08x}"))?;
                }
            }
            Body::Subset { revision, vlans } => {
                if let Some(rev) = revision {
                    m.serialize_entry("config_revision", &rev)?;
                }
                m.serialize_entry("vlans", &Vlans(vlans))?;
                if vlans.clone().any(|i| matches!(i, VlanItem::Invalid(_))) {
                    m.serialize_entry("invalid", "bad_vlan_info")?;
                }
            }
            Body::Request(Some(start)) => m.serialize_entry("start_value", &start)?,
            Body::Request(None) | Body::Other => {}
        }
        m.end()
    }
}

/// The VLAN information fields, each with its TLVs.
struct Vlans<'a>(VlanWalk<'a>);

impl Serialize for Vlans<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        let mut it = self.0;
        while let Some(item) = it.next() {
            let VlanItem::Vlan(v) = item else { continue };
            // The walk is a copyable cursor: what follows this field, read
            // ahead without consuming it.
            let after = it;
            let name_ok = !matches!(
                after.clone().next(),
                Some(VlanItem::Invalid(VlanInvalid::LongName))
            );
            seq.serialize_element(&VlanView {
                status: v.status,
                kind: v.kind,
                vlan_id: v.vlan_id,
                mtu: v.mtu,
                said: v.said,
                name: name_ok.then(|| nul_text(v.name)),
                tlvs: Tlvs(after),
            })?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct VlanView<'a> {
    status: u8,
    #[serde(rename = "type")]
    kind: u8,
    vlan_id: u16,
    mtu: u16,
    said: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<super::dhcp::Text<'a>>,
    tlvs: Tlvs<'a>,
}

/// The TLVs right after a VLAN information field's name.
struct Tlvs<'a>(VlanWalk<'a>);

impl Serialize for Tlvs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct T {
            #[serde(rename = "type")]
            kind: u8,
            value: u16,
        }
        let mut seq = s.serialize_seq(None)?;
        for item in self.0 {
            let VlanItem::Tlv(t) = item else { break };
            seq.serialize_element(&T {
                kind: t.kind,
                value: t.value,
            })?;
        }
        seq.end()
    }
}
