//! VRRP in JSON: the `vrrp` object (docs/json.md, "vrrp"): version, type,
//! router id, priority, interval, authentication (v2), checksum verdict,
//! addresses and the IP TTL. Fields not captured are left out.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::decode::vrrp::{auth, Vrrp};

/// The `vrrp` object.
pub(super) struct View<'a>(pub &'a Vrrp<'a>);

impl Serialize for View<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        let mut m = s.serialize_map(None)?;
        // The capture ended before the message did.
        let truncated = v.bytes.len() < usize::try_from(v.len).unwrap_or(usize::MAX);
        if let (Some(version), Some(kind)) = (v.version(), v.kind()) {
            m.serialize_entry("version", &version)?;
            m.serialize_entry("type", &kind)?;
            m.serialize_entry(
                "type_name",
                if kind == 1 {
                    "advertisement"
                } else {
                    "unknown"
                },
            )?;
        }
        m.serialize_entry("length", &v.len)?;
        m.serialize_entry("ttl", &v.ttl)?;
        if v.is_advertisement() {
            if let Some(x) = v.vrid() {
                m.serialize_entry("vrid", &x)?;
            }
            if let Some(x) = v.priority() {
                m.serialize_entry("priority", &x)?;
            }
            if let Some(x) = v.count() {
                m.serialize_entry("addr_count", &x)?;
            }
            if v.version() == Some(2) {
                if let Some(a) = v.auth_type() {
                    m.serialize_entry("auth_type", &a)?;
                    let name = match a {
                        auth::NONE => "none",
                        auth::SIMPLE => "simple",
                        auth::AH => "ah",
                        _ => "unknown",
                    };
                    m.serialize_entry("auth_type_name", name)?;
                }
                if let Some(i) = v.interval_secs() {
                    m.serialize_entry("interval_s", &i)?;
                }
            } else if let Some(i) = v.interval_cs() {
                m.serialize_entry("interval_cs", &i)?;
            }
            if let Some(c) = v.checksum() {
                m.serialize_entry("checksum", &c)?;
            }
            if let Some(sum) = v.computed_checksum() {
                m.serialize_entry("checksum_ok", &(sum == 0))?;
            }
            if v.count().is_some() {
                m.serialize_entry("addrs", &Addrs(v))?;
            }
            if let Some(p) = v.password() {
                m.serialize_entry("password", &String::from_utf8_lossy(p.text))?;
            }
        }
        if truncated {
            m.serialize_entry("truncated", &true)?;
        }
        m.end()
    }
}

struct Addrs<'a>(&'a Vrrp<'a>);

impl Serialize for Addrs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.addrs())
    }
}
