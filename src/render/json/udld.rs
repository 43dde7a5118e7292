//! UDLD in JSON: the `udld` object (docs/json.md, "udld").

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::dhcp::{nul_text, Text};
use super::Hex;
use crate::decode::udld::{tlv, Item, Udld, Value};

pub(super) struct UdldView<'d, 'a>(pub &'d Udld<'a>);

impl Serialize for UdldView<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let u = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("length", &u.length)?;
        if u.too_short() {
            m.serialize_entry("invalid", "short_message")?;
            return m.end();
        }
        if let Some(h) = u.header() {
            m.serialize_entry("version", &h.version)?;
            m.serialize_entry("opcode", &h.opcode)?;
            m.serialize_entry("recommended_timeout", &(h.flags & 0x01 != 0))?;
            m.serialize_entry("resynch", &(h.flags & 0x02 != 0))?;
            m.serialize_entry("flags", &h.flags)?;
        }
        if let Some(c) = u.checksum() {
            m.serialize_entry("checksum", &c)?;
        }
        m.serialize_entry("tlvs", &Tlvs(u))?;
        let invalid = u.tlvs().any(|i| {
            matches!(i, Item::Short | Item::BadLength { .. })
                || matches!(i, Item::Tlv(t) if t.value() == Value::BadLength)
        });
        if invalid {
            m.serialize_entry("invalid", "bad_length")?;
        }
        m.end()
    }
}

struct Tlvs<'d, 'a>(&'d Udld<'a>);

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

struct TlvView<'a>(crate::decode::udld::Tlv<'a>);

impl Serialize for TlvView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = &self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("type", &t.kind)?;
        m.serialize_entry(
            "type_name",
            match t.kind {
                tlv::DEVICE_ID => "device_id",
                tlv::PORT_ID => "port_id",
                tlv::ECHO => "echo",
                tlv::MESSAGE_INTERVAL => "message_interval",
                tlv::TIMEOUT_INTERVAL => "timeout_interval",
                tlv::DEVICE_NAME => "device_name",
                tlv::SEQ_NUMBER => "sequence_number",
                _ => "unknown",
            },
        )?;
        m.serialize_entry("length", &t.len)?;
        if !t.complete() {
            m.serialize_entry("truncated", &true)?;
        }
        match t.value() {
            Value::Name(n) => m.serialize_entry("text", &nul_text(n))?,
            Value::Echo(e) => m.serialize_entry("text", &Text(e))?,
            Value::Interval(Some(s)) => m.serialize_entry("seconds", &s)?,
            Value::SeqNumber(Some(n)) => m.serialize_entry("sequence_number", &n)?,
            Value::BadLength | Value::Unknown => m.serialize_entry("data", &Hex(t.value))?,
            Value::Interval(None) | Value::SeqNumber(None) => {}
        }
        m.end()
    }
}
