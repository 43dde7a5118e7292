//! LLDP in JSON: the `lldp` object (docs/json.md, "lldp"): the length and
//! every TLV in wire order with its typed value, serialised straight from
//! the borrowed record.

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::dhcp::{nul_text, Text};
use super::Hex;
use crate::decode::lldp::{
    self, cap, tlv, AddrValue, Body, CivicElement, Dcbx, DcbxBody, DcbxItem, DcbxTlvs, Dot1, Dot3,
    Ets, Feature, Iana, Id, Item, Lldp, LocationData, Med, MgmtAddr, NetAddr, Org, OrgData,
};

/// The `lldp` object.
pub(super) struct LldpView<'d, 'a>(pub &'d Lldp<'a>);

impl Serialize for LldpView<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("length", &self.0.length)?;
        m.serialize_entry("tlvs", &Tlvs(self.0))?;
        m.serialize_entry("truncated", &self.0.cut_at().is_some())?;
        m.end()
    }
}

struct Tlvs<'d, 'a>(&'d Lldp<'a>);

impl Serialize for Tlvs<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for item in self.0.tlvs() {
            match item {
                Item::Tlv(t) => seq.serialize_element(&TlvView(t))?,
                Item::ValueCut { kind, len } => seq.serialize_element(&CutView { kind, len })?,
                Item::HeaderCut => {}
            }
        }
        seq.end()
    }
}

fn tlv_name(t: u8) -> &'static str {
    match t {
        tlv::END => "end",
        tlv::CHASSIS_ID => "chassis_id",
        tlv::PORT_ID => "port_id",
        tlv::TTL => "ttl",
        tlv::PORT_DESCR => "port_description",
        tlv::SYSTEM_NAME => "system_name",
        tlv::SYSTEM_DESCR => "system_description",
        tlv::SYSTEM_CAP => "system_capabilities",
        tlv::MGMT_ADDR => "management_address",
        tlv::ORG => "organization_specific",
        _ => "unknown",
    }
}

/// A TLV whose value was not captured whole.
struct CutView {
    kind: u8,
    len: u16,
}

impl Serialize for CutView {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("type", &self.kind)?;
        m.serialize_entry("type_name", tlv_name(self.kind))?;
        m.serialize_entry("length", &self.len)?;
        m.serialize_entry("truncated", &true)?;
        m.end()
    }
}

struct TlvView<'a>(lldp::Tlv<'a>);

/// `"invalid": "short"`: the value is too short for the fields that follow.
fn short<M: SerializeMap>(m: &mut M) -> Result<(), M::Error> {
    m.serialize_entry("invalid", "short")
}

impl Serialize for TlvView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = &self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("type", &t.kind)?;
        m.serialize_entry("type_name", tlv_name(t.kind))?;
        m.serialize_entry("length", &t.len)?;
        match t.body() {
            Body::Stop => {}
            Body::ChassisId(id) | Body::PortId(id) => id_fields(&mut m, &id)?,
            Body::Ttl(Some(ttl)) => m.serialize_entry("ttl", &ttl)?,
            Body::Ttl(None) | Body::SystemCap(None) | Body::Org(None) => short(&mut m)?,
            Body::PortDescr(x) | Body::SystemName(x) | Body::SystemDescr(x) => {
                m.serialize_entry("text", &nul_text(x))?
            }
            Body::SystemCap(Some(c)) => {
                m.serialize_entry("system", &Caps(c.system))?;
                m.serialize_entry("enabled", &Caps(c.enabled))?;
            }
            Body::MgmtAddr(a) => mgmt_fields(&mut m, &a)?,
            Body::Org(Some(o)) => org_fields(&mut m, &o)?,
            Body::Unknown => m.serialize_entry("value", &Hex(t.value))?,
        }
        m.end()
    }
}

/// The system capability bits as booleans.
struct Caps(u16);

impl Serialize for Caps {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(8))?;
        for (bit, name) in [
            (cap::OTHER, "other"),
            (cap::REPEATER, "repeater"),
            (cap::BRIDGE, "bridge"),
            (cap::WLAN_AP, "wlan_ap"),
            (cap::ROUTER, "router"),
            (cap::TELEPHONE, "telephone"),
            (cap::DOCSIS, "docsis"),
            (cap::STATION_ONLY, "station_only"),
        ] {
            m.serialize_entry(name, &(self.0 & bit != 0))?;
        }
        m.end()
    }
}

/// A network address: `afi` and `address` (a string; null for a family
/// with no printer).
struct AddrView(NetAddr);

impl Serialize for AddrView {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("afi", &self.0.afi)?;
        match self.0.addr {
            AddrValue::V4(a) => m.serialize_entry("address", &a)?,
            AddrValue::V6(a) => m.serialize_entry("address", &a)?,
            AddrValue::Mac(a) => m.serialize_entry("address", &super::MacStr(a))?,
            AddrValue::Other => m.serialize_entry("address", &())?,
        }
        m.end()
    }
}

fn id_fields<M: SerializeMap>(m: &mut M, id: &Id<'_>) -> Result<(), M::Error> {
    match *id {
        Id::Short => short(m),
        Id::Mac { subtype, mac } => {
            m.serialize_entry("subtype", &subtype)?;
            m.serialize_entry("mac", &super::MacStr(mac))
        }
        Id::Text { subtype, text } => {
            m.serialize_entry("subtype", &subtype)?;
            m.serialize_entry("id", &nul_text(text))
        }
        Id::Addr { subtype, addr } => {
            m.serialize_entry("subtype", &subtype)?;
            m.serialize_entry("address", &AddrView(addr))
        }
        Id::Bad { subtype } => {
            m.serialize_entry("subtype", &subtype)?;
            short(m)
        }
        Id::Other { subtype, value } => {
            m.serialize_entry("subtype", &subtype)?;
            m.serialize_entry("value", &Hex(value))
        }
    }
}

fn mgmt_fields<M: SerializeMap>(m: &mut M, a: &MgmtAddr<'_>) -> Result<(), M::Error> {
    if let Some((len, addr)) = a.addr {
        m.serialize_entry("address_length", &len)?;
        m.serialize_entry("address", &AddrView(addr))?;
    }
    if let Some((sub, num)) = a.interface {
        m.serialize_entry("interface_subtype", &sub)?;
        m.serialize_entry("interface_number", &num)?;
    }
    if let Some(oid) = a.oid.filter(|o| !o.is_empty()) {
        m.serialize_entry("oid", &Hex(oid))?;
    }
    if !a.complete {
        short(m)?;
    }
    Ok(())
}

/// Eight per-priority (or per-class) bits as booleans, bit 0 first.
struct Bits(u8);

impl Serialize for Bits {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(8))?;
        for i in 0..8 {
            seq.serialize_element(&(self.0 & (1 << i) != 0))?;
        }
        seq.end()
    }
}

fn org_fields<M: SerializeMap>(m: &mut M, o: &Org<'_>) -> Result<(), M::Error> {
    m.serialize_entry("oui", &o.oui)?;
    let (org, subtype) = match o.data {
        OrgData::NoSubtype => ("", None),
        OrgData::Unknown => ("unknown", None),
        OrgData::Ieee8021 { subtype, .. } => ("ieee_8021", Some(subtype)),
        OrgData::Ieee8023 { subtype, .. } => ("ieee_8023", Some(subtype)),
        OrgData::Iana { subtype, .. } => ("iana", Some(subtype)),
        OrgData::Tia { subtype, .. } => ("tia", Some(subtype)),
        OrgData::Dcbx { subtype, .. } => ("dcbx", Some(subtype)),
    };
    if !org.is_empty() {
        m.serialize_entry("organization", org)?;
    }
    if let Some(s) = subtype {
        m.serialize_entry("subtype", &s)?;
    }
    match o.data {
        OrgData::NoSubtype => short(m),
        OrgData::Unknown => Ok(()),
        OrgData::Ieee8021 { value, .. } => dot1_fields(m, &value),
        OrgData::Ieee8023 { value, .. } => dot3_fields(m, &value),
        OrgData::Iana { value, .. } => match value {
            Iana::MudUrl(u) => m.serialize_entry("mud_url", &Text(u)),
            Iana::Unknown => Ok(()),
        },
        OrgData::Tia { value, .. } => med_fields(m, &value),
        OrgData::Dcbx { value, .. } => match value {
            Dcbx::Rev1 => Ok(()),
            Dcbx::Tlvs(t) => m.serialize_entry("tlvs", &DcbxView(t)),
        },
    }
}

fn aggregation<M: SerializeMap>(
    m: &mut M,
    a: Option<lldp::LinkAggregation>,
) -> Result<(), M::Error> {
    let Some(a) = a else { return short(m) };
    m.serialize_entry("aggregation_capable", &a.capable())?;
    m.serialize_entry("aggregation_enabled", &a.enabled())?;
    m.serialize_entry("aggregation_port_id", &a.port_id)
}

fn ets_fields<M: SerializeMap>(m: &mut M, e: &Ets, config: bool) -> Result<(), M::Error> {
    if config {
        m.serialize_entry("willing", &e.willing())?;
        m.serialize_entry("cbs", &e.cbs())?;
        m.serialize_entry("max_tcs", &e.max_tcs())?;
    }
    m.serialize_entry("priority_tc", &e.priority_tc)?;
    m.serialize_entry("tc_bandwidth", &e.tc_bandwidth)?;
    m.serialize_entry("tsa", &e.tsa)
}

fn dot1_fields<M: SerializeMap>(m: &mut M, d: &Dot1<'_>) -> Result<(), M::Error> {
    match *d {
        Dot1::PortVlanId(Some(p)) => m.serialize_entry("pvid", &p),
        Dot1::ProtoVlanId(Some(p)) => {
            m.serialize_entry("ppvid", &p.id)?;
            m.serialize_entry("supported", &p.supported)?;
            m.serialize_entry("enabled", &p.enabled)
        }
        Dot1::VlanName { vid, name } => {
            if let Some(v) = vid {
                m.serialize_entry("vid", &v)?;
            }
            match name {
                Some(n) => m.serialize_entry("vlan_name", &nul_text(n)),
                None => short(m),
            }
        }
        Dot1::ProtocolIdentity(Some(p)) => m.serialize_entry("protocol_identity", &Hex(p)),
        Dot1::LinkAggregation(a) => aggregation(m, a),
        Dot1::CongestionNotification(Some(c)) => {
            m.serialize_entry("cnpv", &Bits(c.cnpv))?;
            m.serialize_entry("ready", &Bits(c.ready))
        }
        Dot1::EtsConfiguration(Some(e)) => ets_fields(m, &e, true),
        Dot1::EtsRecommendation(Some(e)) => ets_fields(m, &e, false),
        Dot1::PfcConfiguration(Some(p)) => {
            m.serialize_entry("willing", &p.willing)?;
            m.serialize_entry("mbc", &p.mbc)?;
            m.serialize_entry("capability", &p.capability)?;
            m.serialize_entry("enabled", &Bits(p.enable))
        }
        Dot1::ApplicationPriority { reserved, table } => {
            if reserved.is_none() {
                return short(m);
            }
            let Some(t) = table else { return Ok(()) };
            m.serialize_entry("applications", &Apps(t))
        }
        Dot1::Evb(Some(e)) => {
            m.serialize_entry("bgid", &e.bgid)?;
            m.serialize_entry("rrcap", &e.rrcap)?;
            m.serialize_entry("rrctr", &e.rrctr)?;
            m.serialize_entry("sgid", &e.sgid)?;
            m.serialize_entry("rrreq", &e.rrreq)?;
            m.serialize_entry("rrstat", &e.rrstat)?;
            m.serialize_entry("r", &e.r)?;
            m.serialize_entry("rte", &e.rte)?;
            m.serialize_entry("mode", &e.mode)?;
            m.serialize_entry("rol_rwd", &e.rol_rwd)?;
            m.serialize_entry("rwd", &e.rwd)?;
            m.serialize_entry("rol_rka", &e.rol_rka)?;
            m.serialize_entry("rka", &e.rka)
        }
        Dot1::Cdcp(Some(c)) => {
            m.serialize_entry("role", &c.role)?;
            m.serialize_entry("scomp", &c.scomp)?;
            m.serialize_entry("channel_capacity", &c.channel_capacity)?;
            match c.channels {
                Some(ch) => m.serialize_entry("channels", &ChannelsView(ch)),
                None => short(m),
            }
        }
        Dot1::Unknown => Ok(()),
        Dot1::PortVlanId(None)
        | Dot1::ProtoVlanId(None)
        | Dot1::ProtocolIdentity(None)
        | Dot1::CongestionNotification(None)
        | Dot1::EtsConfiguration(None)
        | Dot1::EtsRecommendation(None)
        | Dot1::PfcConfiguration(None)
        | Dot1::Evb(None)
        | Dot1::Cdcp(None) => short(m),
    }
}

struct Apps<'a>(lldp::AppPriorities<'a>);

impl Serialize for Apps<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for a in self.0 {
            seq.serialize_element(&AppView {
                priority: a.priority,
                selector: a.selector,
                protocol: a.protocol,
            })?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct AppView {
    priority: u8,
    selector: u8,
    protocol: u16,
}

struct ChannelsView<'a>(lldp::Channels<'a>);

impl Serialize for ChannelsView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Channel {
            scid: u16,
            svid: u16,
        }
        let mut seq = s.serialize_seq(None)?;
        for (scid, svid) in self.0 {
            seq.serialize_element(&Channel { scid, svid })?;
        }
        seq.end()
    }
}

fn dot3_fields<M: SerializeMap>(m: &mut M, d: &Dot3) -> Result<(), M::Error> {
    match *d {
        Dot3::MacPhy(Some(p)) => {
            m.serialize_entry("autoneg_supported", &(p.autoneg & 0x01 != 0))?;
            m.serialize_entry("autoneg_enabled", &(p.autoneg & 0x02 != 0))?;
            m.serialize_entry("pmd_capability", &p.pmd_capability)?;
            m.serialize_entry("mau_type", &p.mau_type)
        }
        Dot3::PowerViaMdi(Some(p)) => {
            m.serialize_entry("port_class_pse", &(p.support & 0x01 != 0))?;
            m.serialize_entry("power_supported", &(p.support & 0x02 != 0))?;
            m.serialize_entry("power_enabled", &(p.support & 0x04 != 0))?;
            m.serialize_entry("pair_control", &(p.support & 0x08 != 0))?;
            m.serialize_entry("power_pair", &p.pair)?;
            m.serialize_entry("power_class", &p.class)
        }
        Dot3::LinkAggregation(a) => aggregation(m, a),
        Dot3::MaxFrameSize(Some(s)) => m.serialize_entry("max_frame_size", &s),
        Dot3::Unknown => Ok(()),
        Dot3::MacPhy(None) | Dot3::PowerViaMdi(None) | Dot3::MaxFrameSize(None) => short(m),
    }
}

fn med_fields<M: SerializeMap>(m: &mut M, d: &Med<'_>) -> Result<(), M::Error> {
    match *d {
        Med::Capabilities(Some(c)) => {
            m.serialize_entry("capabilities", &c.capabilities)?;
            m.serialize_entry("device_type", &c.device_type)
        }
        Med::NetworkPolicy(Some(p)) => {
            m.serialize_entry("application", &p.application)?;
            m.serialize_entry("unknown_policy", &p.unknown)?;
            m.serialize_entry("tagged", &p.tagged)?;
            m.serialize_entry("vlan", &p.vlan)?;
            m.serialize_entry("l2_priority", &p.l2_priority)?;
            m.serialize_entry("dscp", &p.dscp)
        }
        Med::Location(Some(l)) => {
            m.serialize_entry("location_format", &l.format)?;
            match l.data {
                LocationData::Coordinate(Some(c)) => {
                    m.serialize_entry("latitude_resolution", &c.latitude_resolution)?;
                    m.serialize_entry("latitude", &c.latitude)?;
                    m.serialize_entry("longitude_resolution", &c.longitude_resolution)?;
                    m.serialize_entry("longitude", &c.longitude)?;
                    m.serialize_entry("altitude_type", &c.altitude_type)?;
                    m.serialize_entry("altitude_resolution", &c.altitude_resolution)?;
                    m.serialize_entry("altitude", &c.altitude)?;
                    m.serialize_entry("datum", &c.datum)
                }
                LocationData::Civic(Some(c)) => {
                    m.serialize_entry("what", &c.what)?;
                    m.serialize_entry("country", &Text(c.country))?;
                    m.serialize_entry("elements", &CivicView(c.elements))
                }
                LocationData::Coordinate(None) | LocationData::Civic(None) => short(m),
                LocationData::EcsElin(e) => m.serialize_entry("elin", &nul_text(e)),
                LocationData::Other(b) => m.serialize_entry("value", &Hex(b)),
            }
        }
        Med::ExtendedPower(Some(p)) => {
            m.serialize_entry("power_type", &p.power_type)?;
            m.serialize_entry("power_source", &p.source)?;
            m.serialize_entry("power_priority", &p.priority)?;
            m.serialize_entry("power_tenths_watt", &p.value)
        }
        Med::Inventory(t) => m.serialize_entry("text", &nul_text(t)),
        Med::Unknown => Ok(()),
        Med::Capabilities(None)
        | Med::NetworkPolicy(None)
        | Med::Location(None)
        | Med::ExtendedPower(None) => short(m),
    }
}

struct CivicView<'a>(lldp::CivicElements<'a>);

impl Serialize for CivicView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for e in self.0 {
            match e {
                CivicElement::Element { ca_type, value } => {
                    seq.serialize_element(&CivicElem {
                        ca_type,
                        value: nul_text(value),
                        invalid: None,
                    })?;
                }
                CivicElement::Bad { ca_type, .. } => {
                    seq.serialize_element(&CivicElem {
                        ca_type,
                        value: Text(&[]),
                        invalid: Some("bad_length"),
                    })?;
                }
                CivicElement::Trailing => {}
            }
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct CivicElem<'a> {
    ca_type: u8,
    value: Text<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    invalid: Option<&'static str>,
}

struct DcbxView<'a>(DcbxTlvs<'a>);

impl Serialize for DcbxView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for item in self.0 {
            if let DcbxItem::Tlv(t) = item {
                seq.serialize_element(&DcbxTlvView(t))?;
            }
        }
        seq.end()
    }
}

struct DcbxTlvView<'a>(lldp::DcbxTlv<'a>);

fn feature_fields<M: SerializeMap>(m: &mut M, f: &Feature) -> Result<(), M::Error> {
    m.serialize_entry("oper_version", &f.oper_version)?;
    m.serialize_entry("max_version", &f.max_version)?;
    m.serialize_entry("enable", &f.enable())?;
    m.serialize_entry("willing", &f.willing())?;
    m.serialize_entry("error", &f.error())?;
    m.serialize_entry("subtype", &f.subtype)
}

impl Serialize for DcbxTlvView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = &self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("type", &t.kind)?;
        m.serialize_entry("length", &t.len)?;
        match t.body {
            DcbxBody::Control {
                oper_version,
                max_version,
                seq,
                ack,
            } => {
                m.serialize_entry("oper_version", &oper_version)?;
                m.serialize_entry("max_version", &max_version)?;
                m.serialize_entry("seq", &seq)?;
                m.serialize_entry("ack", &ack)?;
            }
            DcbxBody::PriorityGroups {
                feature,
                pgid,
                percent,
                num_tcs,
            } => {
                feature_fields(&mut m, &feature)?;
                m.serialize_entry("pgid", &pgid)?;
                m.serialize_entry("pg_percent", &percent)?;
                m.serialize_entry("num_tcs", &num_tcs)?;
            }
            DcbxBody::Pfc {
                feature,
                config,
                num_tcs,
            } => {
                feature_fields(&mut m, &feature)?;
                m.serialize_entry("enabled", &Bits(config))?;
                m.serialize_entry("num_tcs", &num_tcs)?;
            }
            DcbxBody::Application { feature, apps } => {
                feature_fields(&mut m, &feature)?;
                m.serialize_entry("applications", &DcbxApps(apps))?;
            }
            DcbxBody::Unknown => m.serialize_entry("value", &Hex(t.value))?,
        }
        m.end()
    }
}

struct DcbxApps<'a>(lldp::DcbxApps<'a>);

impl Serialize for DcbxApps<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct App {
            protocol: u16,
            selector: u8,
            oui: u32,
            priority_map: u8,
        }
        let mut seq = s.serialize_seq(None)?;
        for a in self.0 {
            seq.serialize_element(&App {
                protocol: a.protocol,
                selector: a.selector,
                oui: a.oui,
                priority_map: a.priority_map,
            })?;
        }
        seq.end()
    }
}
