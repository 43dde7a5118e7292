//! CDP in JSON: the `cdp` object (docs/json.md, "cdp"): the header and
//! every TLV in wire order with its typed value.

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::dhcp::Text;
use super::Hex;
use crate::decode::cdp::{self, cap, tlv, AddrItem, AddrShort, Ata186, Cdp, Item, Value};

/// The `cdp` object.
pub(super) struct CdpView<'d, 'a>(pub &'d Cdp<'a>);

impl Serialize for CdpView<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("length", &c.length)?;
        if c.too_short() {
            m.serialize_entry("invalid", "short_message")?;
            return m.end();
        }
        if let Some(v) = c.version() {
            m.serialize_entry("version", &v)?;
        }
        if let Some(t) = c.ttl() {
            m.serialize_entry("ttl", &t)?;
        }
        if let Some(sum) = c.checksum() {
            m.serialize_entry("checksum", &sum)?;
        }
        m.serialize_entry("tlvs", &Tlvs(c))?;
        let invalid = c.tlvs().find_map(|i| match i {
            Item::ShortRemainder { .. } => Some("short_remainder"),
            Item::TooShort { .. } => Some("tlv_too_short"),
            Item::TooLong { .. } => Some("tlv_too_long"),
            Item::Tlv(_) | Item::HeaderCut => None,
        });
        if let Some(why) = invalid {
            m.serialize_entry("invalid", why)?;
        }
        m.end()
    }
}

struct Tlvs<'d, 'a>(&'d Cdp<'a>);

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

fn type_name(kind: u16) -> &'static str {
    use tlv::*;
    match kind {
        DEVICE_ID => "device_id",
        ADDRESS => "address",
        PORT_ID => "port_id",
        CAPABILITIES => "capabilities",
        VERSION => "version",
        PLATFORM => "platform",
        PREFIXES => "prefixes",
        PROTOCOL_HELLO => "protocol_hello",
        VTP_DOMAIN => "vtp_domain",
        NATIVE_VLAN => "native_vlan",
        DUPLEX => "duplex",
        ATA186_ASSIGNMENT => "ata186_vlan_assignment",
        ATA186_REQUEST => "ata186_vlan_request",
        POWER => "power",
        MTU => "mtu",
        TRUST_BITMAP => "trust_bitmap",
        UNTRUSTED_COS => "untrusted_cos",
        SYSTEM_NAME => "system_name",
        SYSTEM_OID => "system_oid",
        MGMT_ADDRESSES => "management_addresses",
        PHYSICAL_LOCATION => "physical_location",
        _ => "unknown",
    }
}

struct TlvView<'a>(cdp::Tlv<'a>);

impl Serialize for TlvView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = &self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("type", &t.kind)?;
        m.serialize_entry("type_name", type_name(t.kind))?;
        m.serialize_entry("length", &t.value_len)?;
        if !t.complete() {
            m.serialize_entry("truncated", &true)?;
        }
        match t.value() {
            Value::Text(x) | Value::Version(x) => m.serialize_entry("text", &Text(x))?,
            Value::Addresses(a) => m.serialize_entry("addresses", &AddrsView(a))?,
            Value::Capabilities(Some(c)) => m.serialize_entry("capabilities", &Caps(c))?,
            Value::Prefixes(p) => {
                if p.well_formed() {
                    m.serialize_entry("prefixes", &PrefixesView(p))?;
                } else {
                    m.serialize_entry("invalid", "bad_length")?;
                    m.serialize_entry("value", &Hex(t.value))?;
                }
            }
            Value::NativeVlan(Some(v)) => m.serialize_entry("vlan", &v)?,
            Value::Duplex(Some(full)) => m.serialize_entry("full_duplex", &full)?,
            Value::Ata186(Some(Ata186::App { app, vlan })) => {
                m.serialize_entry("app", &app)?;
                m.serialize_entry("vlan", &vlan)?;
            }
            Value::Ata186(Some(Ata186::Unknown(u))) => m.serialize_entry("value", &u)?,
            Value::Power(Some(mw)) => m.serialize_entry("milliwatts", &mw)?,
            Value::Mtu(Some(mtu)) => m.serialize_entry("mtu", &mtu)?,
            Value::Byte(Some(b)) => m.serialize_entry("value", &b)?,
            Value::PhysicalLocation { kind, location } => {
                if let Some(k) = kind {
                    m.serialize_entry("location_type", &k)?;
                }
                m.serialize_entry("location", &Text(location))?;
            }
            Value::Malformed => {
                m.serialize_entry("invalid", "bad_length")?;
                m.serialize_entry("value", &Hex(t.value))?;
            }
            Value::NotDecoded | Value::Unknown => m.serialize_entry("value", &Hex(t.value))?,
            Value::Capabilities(None)
            | Value::NativeVlan(None)
            | Value::Duplex(None)
            | Value::Ata186(None)
            | Value::Power(None)
            | Value::Mtu(None)
            | Value::Byte(None) => {}
        }
        m.end()
    }
}

/// Capability bits as booleans.
struct Caps(u32);

impl Serialize for Caps {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(7))?;
        for (bit, name) in [
            (cap::ROUTER, "router"),
            (cap::TRANSPARENT_BRIDGE, "transparent_bridge"),
            (cap::SOURCE_ROUTE_BRIDGE, "source_route_bridge"),
            (cap::L2_SWITCH, "l2_switch"),
            (cap::L3, "l3"),
            (cap::IGMP_SNOOPING, "igmp_snooping"),
            (cap::L1, "l1"),
        ] {
            m.serialize_entry(name, &(self.0 & bit != 0))?;
        }
        m.end()
    }
}

struct PrefixesView<'a>(cdp::Prefixes<'a>);

impl Serialize for PrefixesView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for (a, len) in self.0.iter() {
            seq.serialize_element(&format_args!("{a}/{len}"))?;
        }
        seq.end()
    }
}

struct AddrsView<'a>(cdp::Addresses<'a>);

impl Serialize for AddrsView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for item in self.0 {
            match item {
                AddrItem::V4 { addr, .. } => seq.serialize_element(&AddrView {
                    protocol: "ipv4",
                    address: &addr,
                })?,
                AddrItem::V6 { addr, .. } => seq.serialize_element(&AddrView {
                    protocol: "ipv6",
                    address: &addr,
                })?,
                AddrItem::Other {
                    pt,
                    protocol,
                    al,
                    address,
                    ..
                } => seq.serialize_element(&OtherAddr {
                    protocol_type: pt,
                    protocol: Hex(protocol),
                    address_length: al,
                    address: address.map(Hex),
                })?,
                AddrItem::Short(what) => seq.serialize_element(&Problem {
                    invalid: match what {
                        AddrShort::Count => "no_count",
                        AddrShort::TypeAndLength => "no_protocol_type",
                        AddrShort::ProtocolAndLength => "no_protocol",
                        AddrShort::Address => "no_address",
                    },
                })?,
                AddrItem::Stray(n) => seq.serialize_element(&Stray { stray_bytes: n })?,
                AddrItem::Cut => {}
            }
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct AddrView<'a, T: Serialize> {
    protocol: &'static str,
    address: &'a T,
}

#[derive(Serialize)]
struct OtherAddr<'a> {
    protocol_type: u8,
    protocol: Hex<'a>,
    address_length: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<Hex<'a>>,
}

#[derive(Serialize)]
struct Problem {
    invalid: &'static str,
}

#[derive(Serialize)]
struct Stray {
    stray_bytes: u32,
}
