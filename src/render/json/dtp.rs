//! DTP in JSON: the `dtp` object (docs/json.md, "dtp").

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::dhcp::nul_text;
use super::{Hex, MacStr};
use crate::decode::dtp::{tlv, Dtp, Item, Value};

/// The `dtp` object.
pub(super) struct DtpView<'d, 'a>(pub &'d Dtp<'a>);

impl Serialize for DtpView<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("length", &d.length)?;
        if let Some(v) = d.version() {
            m.serialize_entry("version", &v)?;
        }
        m.serialize_entry("tlvs", &Tlvs(d))?;
        let invalid = d.tlvs().any(|i| {
            matches!(i, Item::Remaining { .. } | Item::BadLength { .. })
                || matches!(i, Item::Tlv(t) if t.value() == Value::BadLength)
        });
        if invalid {
            m.serialize_entry("invalid", "bad_length")?;
        }
        m.end()
    }
}

struct Tlvs<'d, 'a>(&'d Dtp<'a>);

impl Serialize for Tlvs<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for item in self.0.tlvs() {
            if let Item::Tlv(t) = item {
                seq.serialize_element(&TlvView(t))?;
            }
        }
        seq.end()
    }
}

struct TlvView<'a>(crate::decode::dtp::Tlv<'a>);

impl Serialize for TlvView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = &self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("type", &t.kind)?;
        m.serialize_entry(
            "type_name",
            match t.kind {
                tlv::DOMAIN => "domain",
                tlv::STATUS => "status",
                tlv::DTP_TYPE => "dtp_type",
                tlv::NEIGHBOR => "neighbor",
                _ => "unknown",
            },
        )?;
        m.serialize_entry("length", &t.len)?;
        if !t.complete() {
            m.serialize_entry("truncated", &true)?;
        }
        match t.value() {
            Value::Domain(d) => m.serialize_entry("domain", &nul_text(d))?,
            Value::Status(Some(b)) | Value::DtpType(Some(b)) => m.serialize_entry("value", &b)?,
            Value::Neighbor(Some(mac)) => m.serialize_entry("mac", &MacStr(mac))?,
            Value::BadLength | Value::Unknown => m.serialize_entry("data", &Hex(t.value))?,
            Value::Status(None) | Value::DtpType(None) | Value::Neighbor(None) => {}
        }
        m.end()
    }
}
