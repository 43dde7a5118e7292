//! LLDP, the Link Layer Discovery Protocol (IEEE 802.1AB), ethertype
//! 0x88cc: the basic TLVs, the IEEE 802.1 organisationally specific TLVs
//! (802.1AB annex D, 802.1Q DCB: ETS, PFC, congestion notification,
//! application priority, EVB and CDCP), the IEEE 802.3 ones (annex E /
//! 802.3 clause 79), ANSI/TIA-1057 LLDP-MED, the IANA MUD URL (RFC 8520)
//! and the pre-standard DCBX 1.01 TLVs.
//!
//! An [`Lldp`] record hands out a lazy iterator over its TLVs
//! ([`Lldp::tlvs`]); each [`Tlv`] is typed on demand ([`Tlv::body`]) into
//! a [`Body`] borrowing the packet bytes. Nothing is allocated. Where
//! tcpdump stops printing a TLV part-way (a value too short for the next
//! field), the typed value keeps what fit as `Option`s, so the text
//! printer can stop exactly where tcpdump does.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::bytes::{be16_at, be32_at, prefix, suffix, Mac};
use super::error::{Layer, Stop};
use super::{Decoded, Net};

pub const ETHERTYPE_LLDP: u16 = 0x88cc;

/// TLV types.
pub mod tlv {
    pub const END: u8 = 0;
    pub const CHASSIS_ID: u8 = 1;
    pub const PORT_ID: u8 = 2;
    pub const TTL: u8 = 3;
    pub const PORT_DESCR: u8 = 4;
    pub const SYSTEM_NAME: u8 = 5;
    pub const SYSTEM_DESCR: u8 = 6;
    pub const SYSTEM_CAP: u8 = 7;
    pub const MGMT_ADDR: u8 = 8;
    pub const ORG: u8 = 127;
}

/// Organisation codes of the organisationally specific TLVs decoded here.
pub mod oui {
    pub const IEEE_8021: u32 = 0x0080c2;
    pub const IEEE_8023: u32 = 0x00120f;
    pub const IANA: u32 = 0x00005e;
    pub const TIA: u32 = 0x0012bb;
    pub const DCBX: u32 = 0x001b21;
}

/// Address family numbers (IANA) with a printable address.
pub mod afi {
    pub const IPV4: u8 = 1;
    pub const IPV6: u8 = 2;
    pub const IEEE_802: u8 = 6;
}

/// An LLDP data unit: what was captured of it and its on-wire length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lldp<'a> {
    /// The on-wire length (everything after the Ethernet header).
    pub length: u32,
    /// The captured bytes, bounded by `length`.
    pub bytes: &'a [u8],
}

/// Decodes an LLDPDU: `p` is what was captured after the link header,
/// `length` its on-wire length.
pub fn decode(p: &[u8], length: u32) -> Lldp<'_> {
    Lldp {
        length,
        bytes: prefix(p, length as usize),
    }
}

/// Decodes an LLDPDU at `off` in the frame into `d`: its record, and a
/// truncation stop where the TLV list is cut.
pub fn decode_into<'a>(p: &'a [u8], length: u32, off: usize, d: &mut Decoded<'a>) {
    let l = decode(p, length);
    if let Some(at) = l.cut_at() {
        d.stop = Some(Stop::truncated(Layer::Lldp, off + at));
    }
    d.net = Net::Lldp(l);
}

impl<'a> Lldp<'a> {
    /// The TLVs in wire order, as far as tcpdump walks them.
    pub fn tlvs(&self) -> Tlvs<'a> {
        Tlvs {
            bytes: self.bytes,
            pos: 0,
            left: self.length,
            done: false,
        }
    }

    /// Where the TLV list was cut short (by the capture or the length), as
    /// an offset from the start of the LLDPDU.
    pub fn cut_at(&self) -> Option<usize> {
        let mut it = self.tlvs();
        loop {
            let at = it.pos;
            match it.next()? {
                Item::Tlv(_) => {}
                Item::HeaderCut | Item::ValueCut { .. } => return Some(at),
            }
        }
    }
}

/// One step of the TLV walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item<'a> {
    Tlv(Tlv<'a>),
    /// Two or more bytes are left by the length, but no whole TLV header
    /// was captured (tcpdump: truncated).
    HeaderCut,
    /// A TLV header whose value runs past the capture or the LLDPDU
    /// (tcpdump prints the header with -v, then: truncated).
    ValueCut {
        kind: u8,
        len: u16,
    },
}

/// The TLV iterator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlvs<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// On-wire bytes left from `pos`.
    left: u32,
    done: bool,
}

impl<'a> Iterator for Tlvs<'a> {
    type Item = Item<'a>;
    fn next(&mut self) -> Option<Item<'a>> {
        if self.done || self.left < 2 {
            return None;
        }
        let Some(h) = be16_at(self.bytes, self.pos) else {
            self.done = true;
            return Some(Item::HeaderCut);
        };
        let kind = (h >> 9) as u8;
        let len = h & 0x01ff;
        self.left -= 2;
        let start = self.pos + 2;
        if kind == tlv::END || len == 0 {
            // The End TLV, or one that would loop: the walk stops here.
            self.done = true;
            return Some(Item::Tlv(Tlv {
                kind,
                len,
                value: &[],
            }));
        }
        let end = start + usize::from(len);
        match self.bytes.get(start..end) {
            Some(value) if self.left >= u32::from(len) => {
                self.pos = end;
                self.left -= u32::from(len);
                Some(Item::Tlv(Tlv { kind, len, value }))
            }
            _ => {
                self.done = true;
                Some(Item::ValueCut { kind, len })
            }
        }
    }
}

/// One TLV whose value was captured whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlv<'a> {
    pub kind: u8,
    pub len: u16,
    /// The value, `len` bytes.
    pub value: &'a [u8],
}

/// A TLV's value, typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body<'a> {
    /// The End TLV, or a TLV of length 0: the list stops here.
    Stop,
    ChassisId(Id<'a>),
    PortId(Id<'a>),
    /// Time to live in seconds; `None` when shorter than 2 bytes.
    Ttl(Option<u16>),
    PortDescr(&'a [u8]),
    SystemName(&'a [u8]),
    SystemDescr(&'a [u8]),
    /// `None` when shorter than 4 bytes.
    SystemCap(Option<Capabilities>),
    MgmtAddr(MgmtAddr<'a>),
    /// `None` when shorter than the 3-byte organisation code.
    Org(Option<Org<'a>>),
    /// A TLV type tcpdump does not decode.
    Unknown,
}

impl<'a> Tlv<'a> {
    pub fn body(&self) -> Body<'a> {
        let v = self.value;
        if self.kind == tlv::END || self.len == 0 {
            return Body::Stop;
        }
        match self.kind {
            tlv::CHASSIS_ID => Body::ChassisId(Id::decode(v, IdKind::Chassis)),
            tlv::PORT_ID => Body::PortId(Id::decode(v, IdKind::Port)),
            tlv::TTL => Body::Ttl(be16_at(v, 0)),
            tlv::PORT_DESCR => Body::PortDescr(v),
            tlv::SYSTEM_NAME => Body::SystemName(v),
            tlv::SYSTEM_DESCR => Body::SystemDescr(v),
            tlv::SYSTEM_CAP => Body::SystemCap(
                be16_at(v, 0)
                    .zip(be16_at(v, 2))
                    .map(|(system, enabled)| Capabilities { system, enabled }),
            ),
            tlv::MGMT_ADDR => Body::MgmtAddr(MgmtAddr::decode(v)),
            tlv::ORG => Body::Org(Org::decode(v)),
            _ => Body::Unknown,
        }
    }
}

fn byte(b: &[u8], off: usize) -> Option<u8> {
    b.get(off).copied()
}

fn be24_at(b: &[u8], off: usize) -> Option<u32> {
    let s = b.get(off..off.checked_add(3)?)?;
    Some(s.iter().fold(0u32, |a, &x| a << 8 | u32::from(x)))
}

fn mac_at(b: &[u8], off: usize) -> Option<Mac> {
    let s = b.get(off..off.checked_add(6)?)?;
    let mut a = [0u8; 6];
    a.copy_from_slice(s);
    Some(Mac(a))
}

/// System capability bits (both the supported and the enabled set).
pub mod cap {
    pub const OTHER: u16 = 1 << 0;
    pub const REPEATER: u16 = 1 << 1;
    pub const BRIDGE: u16 = 1 << 2;
    pub const WLAN_AP: u16 = 1 << 3;
    pub const ROUTER: u16 = 1 << 4;
    pub const TELEPHONE: u16 = 1 << 5;
    pub const DOCSIS: u16 = 1 << 6;
    pub const STATION_ONLY: u16 = 1 << 7;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Capabilities {
    pub system: u16,
    pub enabled: u16,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum IdKind {
    Chassis,
    Port,
}

/// A chassis or port identifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Id<'a> {
    /// Shorter than a subtype and one byte (tcpdump: truncated).
    Short,
    Mac {
        subtype: u8,
        mac: Mac,
    },
    /// A name (chassis or port component, interface alias or name, agent
    /// circuit id, locally assigned).
    Text {
        subtype: u8,
        text: &'a [u8],
    },
    Addr {
        subtype: u8,
        addr: NetAddr,
    },
    /// A MAC or network address subtype whose value does not hold one
    /// (tcpdump prints the subtype, then: truncated).
    Bad {
        subtype: u8,
    },
    /// A subtype tcpdump does not decode (dumped with -v).
    Other {
        subtype: u8,
        value: &'a [u8],
    },
}

pub mod chassis_subtype {
    pub const CHASSIS_COMPONENT: u8 = 1;
    pub const INTERFACE_ALIAS: u8 = 2;
    pub const PORT_COMPONENT: u8 = 3;
    pub const MAC: u8 = 4;
    pub const NETWORK_ADDR: u8 = 5;
    pub const INTERFACE_NAME: u8 = 6;
    pub const LOCAL: u8 = 7;
}

pub mod port_subtype {
    pub const INTERFACE_ALIAS: u8 = 1;
    pub const PORT_COMPONENT: u8 = 2;
    pub const MAC: u8 = 3;
    pub const NETWORK_ADDR: u8 = 4;
    pub const INTERFACE_NAME: u8 = 5;
    pub const AGENT_CIRCUIT_ID: u8 = 6;
    pub const LOCAL: u8 = 7;
}

impl<'a> Id<'a> {
    fn decode(v: &'a [u8], kind: IdKind) -> Id<'a> {
        let (Some(subtype), true) = (byte(v, 0), v.len() >= 2) else {
            return Id::Short;
        };
        let rest = suffix(v, 1);
        let (mac, addr) = match kind {
            IdKind::Chassis => (chassis_subtype::MAC, chassis_subtype::NETWORK_ADDR),
            IdKind::Port => (port_subtype::MAC, port_subtype::NETWORK_ADDR),
        };
        match subtype {
            s if s == mac => match mac_at(rest, 0) {
                Some(mac) => Id::Mac { subtype, mac },
                None => Id::Bad { subtype },
            },
            s if s == addr => match NetAddr::decode(rest) {
                Some(addr) => Id::Addr { subtype, addr },
                None => Id::Bad { subtype },
            },
            1..=7 => Id::Text {
                subtype,
                text: rest,
            },
            _ => Id::Other {
                subtype,
                value: rest,
            },
        }
    }
}

/// A network address: an IANA address family number and, for the
/// families tcpdump prints, the address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NetAddr {
    pub afi: u8,
    pub addr: AddrValue,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddrValue {
    V4(Ipv4Addr),
    V6(Ipv6Addr),
    Mac(Mac),
    /// A family tcpdump has no printer for.
    Other,
}

impl NetAddr {
    /// The family byte and the address; `None` when the address is too
    /// short for its family.
    fn decode(b: &[u8]) -> Option<NetAddr> {
        let afi = byte(b, 0)?;
        let a = suffix(b, 1);
        let addr = match afi {
            afi::IPV4 => AddrValue::V4(Ipv4Addr::from(be32_at(a, 0)?)),
            afi::IPV6 => {
                let s: [u8; 16] = a.get(..16)?.try_into().ok()?;
                AddrValue::V6(Ipv6Addr::from(s))
            }
            afi::IEEE_802 => AddrValue::Mac(mac_at(a, 0)?),
            _ => AddrValue::Other,
        };
        Some(NetAddr { afi, addr })
    }
}

/// A management address TLV, as far as its parts fit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MgmtAddr<'a> {
    /// The address string length and the address; `None` when they do
    /// not fit (tcpdump: truncated, nothing printed).
    pub addr: Option<(u8, NetAddr)>,
    /// The interface numbering subtype and number; `None` when they do not
    /// fit after the address.
    pub interface: Option<(u8, u32)>,
    /// The object identifier, when one follows.
    pub oid: Option<&'a [u8]>,
    /// False when the TLV ends inside a part (tcpdump: truncated after the
    /// last part that fit).
    pub complete: bool,
}

/// Interface numbering subtypes.
pub mod ifnum {
    pub const IFINDEX: u8 = 2;
    pub const SYSTEM_PORT: u8 = 3;
}

impl<'a> MgmtAddr<'a> {
    fn decode(v: &'a [u8]) -> MgmtAddr<'a> {
        let mut m = MgmtAddr {
            addr: None,
            interface: None,
            oid: None,
            complete: false,
        };
        let Some(alen) = byte(v, 0) else {
            return m;
        };
        let Some(a) = v.get(1..1 + usize::from(alen)) else {
            return m;
        };
        let Some(addr) = NetAddr::decode(a) else {
            return m;
        };
        m.addr = Some((alen, addr));
        let rest = suffix(v, 1 + usize::from(alen));
        let (Some(sub), Some(num)) = (byte(rest, 0), be32_at(rest, 1)) else {
            return m;
        };
        m.interface = Some((sub, num));
        let rest = suffix(rest, 5);
        if let Some(olen) = byte(rest, 0) {
            match rest.get(1..1 + usize::from(olen)) {
                Some(oid) => m.oid = Some(oid),
                None => return m,
            }
        }
        m.complete = true;
        m
    }
}

/// An organisationally specific TLV.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Org<'a> {
    pub oui: u32,
    pub data: OrgData<'a>,
}

/// What an organisationally specific TLV holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrgData<'a> {
    /// Too short for the subtype of a known organisation (tcpdump prints
    /// nothing more).
    NoSubtype,
    Ieee8021 {
        subtype: u8,
        value: Dot1<'a>,
    },
    Ieee8023 {
        subtype: u8,
        value: Dot3,
    },
    Iana {
        subtype: u8,
        value: Iana<'a>,
    },
    Tia {
        subtype: u8,
        value: Med<'a>,
    },
    Dcbx {
        subtype: u8,
        value: Dcbx<'a>,
    },
    /// An organisation tcpdump does not decode (dumped with -v).
    Unknown,
}

impl<'a> Org<'a> {
    fn decode(v: &'a [u8]) -> Option<Org<'a>> {
        let o = be24_at(v, 0)?;
        let sub = byte(v, 3);
        let data = match (o, sub) {
            (oui::IEEE_8021, Some(s)) => OrgData::Ieee8021 {
                subtype: s,
                value: Dot1::decode(s, v),
            },
            (oui::IEEE_8023, Some(s)) => OrgData::Ieee8023 {
                subtype: s,
                value: Dot3::decode(s, v),
            },
            (oui::IANA, Some(s)) if v.len() >= 8 => OrgData::Iana {
                subtype: s,
                value: match s {
                    IANA_MUD_URL => Iana::MudUrl(suffix(v, 4)),
                    _ => Iana::Unknown,
                },
            },
            (oui::TIA, Some(s)) => OrgData::Tia {
                subtype: s,
                value: Med::decode(s, v),
            },
            (oui::DCBX, Some(s)) => OrgData::Dcbx {
                subtype: s,
                value: if s == DCBX_REV_1 {
                    Dcbx::Rev1
                } else {
                    Dcbx::Tlvs(DcbxTlvs {
                        bytes: suffix(v, 4),
                    })
                },
            },
            (oui::IEEE_8021 | oui::IEEE_8023 | oui::IANA | oui::TIA | oui::DCBX, _) => {
                OrgData::NoSubtype
            }
            _ => OrgData::Unknown,
        };
        Some(Org { oui: o, data })
    }
}

/// IEEE 802.1 subtypes.
pub mod dot1 {
    pub const PORT_VLAN_ID: u8 = 1;
    pub const PROTO_VLAN_ID: u8 = 2;
    pub const VLAN_NAME: u8 = 3;
    pub const PROTOCOL_IDENTITY: u8 = 4;
    pub const LINK_AGGREGATION: u8 = 7;
    pub const CONGESTION_NOTIFICATION: u8 = 8;
    pub const ETS_CONFIGURATION: u8 = 9;
    pub const ETS_RECOMMENDATION: u8 = 10;
    pub const PFC_CONFIGURATION: u8 = 11;
    pub const APPLICATION_PRIORITY: u8 = 12;
    pub const EVB: u8 = 13;
    pub const CDCP: u8 = 14;
}

/// An IEEE 802.1 TLV. Each part is `None` when the TLV is too short for
/// it (tcpdump then prints nothing more of the TLV).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dot1<'a> {
    PortVlanId(Option<u16>),
    ProtoVlanId(Option<ProtoVlan>),
    VlanName {
        vid: Option<u16>,
        name: Option<&'a [u8]>,
    },
    ProtocolIdentity(Option<&'a [u8]>),
    LinkAggregation(Option<LinkAggregation>),
    CongestionNotification(Option<CongestionNotification>),
    EtsConfiguration(Option<Ets>),
    EtsRecommendation(Option<Ets>),
    PfcConfiguration(Option<Pfc>),
    ApplicationPriority {
        reserved: Option<u8>,
        /// `None` when no table follows or its length is not a multiple
        /// of three.
        table: Option<AppPriorities<'a>>,
    },
    Evb(Option<Evb>),
    Cdcp(Option<Cdcp<'a>>),
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProtoVlan {
    pub supported: bool,
    pub enabled: bool,
    /// The flags byte as sent.
    pub flags: u8,
    pub id: u16,
}

/// Link aggregation (802.1 or 802.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkAggregation {
    /// The status byte: bit 0 capable, bit 1 enabled.
    pub status: u8,
    pub port_id: u32,
}

impl LinkAggregation {
    pub fn capable(&self) -> bool {
        self.status & 0x01 != 0
    }
    pub fn enabled(&self) -> bool {
        self.status & 0x02 != 0
    }
}

/// Congestion notification: per-priority bit maps (bit n for priority n).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CongestionNotification {
    pub cnpv: u8,
    pub ready: u8,
}

/// ETS configuration or recommendation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ets {
    /// The first byte as sent (a recommendation prints it whole as
    /// reserved bits).
    pub flags: u8,
    /// Traffic class of each priority 0..7.
    pub priority_tc: [u8; 8],
    /// Bandwidth percentage of each traffic class.
    pub tc_bandwidth: [u8; 8],
    /// Transmission selection algorithm of each traffic class.
    pub tsa: [u8; 8],
}

impl Ets {
    pub fn willing(&self) -> bool {
        self.flags & 0x80 != 0
    }
    pub fn cbs(&self) -> bool {
        self.flags & 0x40 != 0
    }
    pub fn reserved(&self) -> u8 {
        (self.flags >> 3) & 0x07
    }
    pub fn max_tcs(&self) -> u8 {
        self.flags & 0x07
    }
}

/// PFC configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pfc {
    pub willing: bool,
    pub mbc: bool,
    pub reserved: u8,
    pub capability: u8,
    /// Bit n set: PFC enabled on priority n.
    pub enable: u8,
}

/// An application priority table: 3-byte entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AppPriorities<'a>(&'a [u8]);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AppPriority {
    pub priority: u8,
    pub reserved: u8,
    pub selector: u8,
    pub protocol: u16,
}

impl Iterator for AppPriorities<'_> {
    type Item = AppPriority;
    fn next(&mut self) -> Option<AppPriority> {
        let b = byte(self.0, 0)?;
        let protocol = be16_at(self.0, 1)?;
        self.0 = suffix(self.0, 3);
        Some(AppPriority {
            priority: b >> 5,
            reserved: (b >> 3) & 0x03,
            selector: b & 0x07,
            protocol,
        })
    }
}

/// EVB (802.1Qbg).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Evb {
    pub bridge_reserved: u8,
    pub bgid: bool,
    pub rrcap: bool,
    pub rrctr: bool,
    pub station_reserved: u8,
    pub sgid: bool,
    pub rrreq: bool,
    pub rrstat: u8,
    pub r: u8,
    pub rte: u8,
    pub mode: u8,
    pub rol_rwd: bool,
    pub rwd: u8,
    pub reserved: u8,
    pub rol_rka: bool,
    pub rka: u8,
}

/// EVB modes.
pub mod evb_mode {
    pub const NOT_SUPPORTED: u8 = 0;
    pub const BRIDGE: u8 = 1;
    pub const STATION: u8 = 2;
    pub const RESERVED: u8 = 3;
}

/// CDCP (802.1Qbg S-channel discovery).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cdcp<'a> {
    pub role: u8,
    pub reserved: u8,
    pub scomp: bool,
    pub channel_capacity: u16,
    /// `None` when the channel list's length is not a multiple of three.
    pub channels: Option<Channels<'a>>,
}

/// S-channel id / S-VLAN id pairs, 3 bytes each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Channels<'a>(&'a [u8]);

impl Iterator for Channels<'_> {
    /// (SCID, SVID)
    type Item = (u16, u16);
    fn next(&mut self) -> Option<(u16, u16)> {
        let v = be24_at(self.0, 0)?;
        self.0 = suffix(self.0, 3);
        Some(((v >> 12) as u16, (v & 0x0fff) as u16))
    }
}

impl<'a> Dot1<'a> {
    fn decode(subtype: u8, v: &'a [u8]) -> Dot1<'a> {
        let len = v.len();
        let at_least = |n: usize| len >= n;
        match subtype {
            dot1::PORT_VLAN_ID => Dot1::PortVlanId(be16_at(v, 4).filter(|_| at_least(6))),
            dot1::PROTO_VLAN_ID => {
                Dot1::ProtoVlanId(byte(v, 4).zip(be16_at(v, 5)).map(|(flags, id)| ProtoVlan {
                    supported: flags & 0x02 != 0,
                    enabled: flags & 0x04 != 0,
                    flags,
                    id,
                }))
            }
            dot1::VLAN_NAME => {
                let vid = be16_at(v, 4);
                let name = byte(v, 6).and_then(|n| v.get(7..7 + usize::from(n)));
                Dot1::VlanName { vid, name }
            }
            dot1::PROTOCOL_IDENTITY => {
                Dot1::ProtocolIdentity(byte(v, 4).and_then(|n| v.get(5..5 + usize::from(n))))
            }
            dot1::LINK_AGGREGATION => Dot1::LinkAggregation(link_aggregation(v)),
            dot1::CONGESTION_NOTIFICATION => Dot1::CongestionNotification(
                byte(v, 4)
                    .zip(byte(v, 5))
                    .map(|(cnpv, ready)| CongestionNotification { cnpv, ready }),
            ),
            dot1::ETS_CONFIGURATION => Dot1::EtsConfiguration(ets(v)),
            dot1::ETS_RECOMMENDATION => Dot1::EtsRecommendation(ets(v)),
            dot1::PFC_CONFIGURATION => {
                Dot1::PfcConfiguration(byte(v, 4).zip(byte(v, 5)).filter(|_| at_least(6)).map(
                    |(f, enable)| Pfc {
                        willing: f & 0x80 != 0,
                        mbc: f & 0x40 != 0,
                        reserved: (f >> 4) & 0x03,
                        capability: f & 0x0f,
                        enable,
                    },
                ))
            }
            dot1::APPLICATION_PRIORITY => {
                let reserved = byte(v, 4);
                let table = (len > 5 && (len - 5) % 3 == 0).then(|| AppPriorities(suffix(v, 5)));
                Dot1::ApplicationPriority { reserved, table }
            }
            dot1::EVB => Dot1::Evb(evb(v)),
            dot1::CDCP => Dot1::Cdcp(cdcp(v)),
            _ => Dot1::Unknown,
        }
    }
}

fn link_aggregation(v: &[u8]) -> Option<LinkAggregation> {
    Some(LinkAggregation {
        status: byte(v, 4)?,
        port_id: be32_at(v, 5)?,
    })
}

fn ets(v: &[u8]) -> Option<Ets> {
    const LEN: usize = 25;
    let b = v.get(..LEN)?;
    let flags = byte(b, 4)?;
    let mut priority_tc = [0u8; 8];
    for (i, slot) in priority_tc.iter_mut().enumerate() {
        let n = byte(b, 5 + i / 2)?;
        *slot = if i % 2 == 0 { n >> 4 } else { n & 0x0f };
    }
    let mut tc_bandwidth = [0u8; 8];
    tc_bandwidth.copy_from_slice(b.get(9..17)?);
    let mut tsa = [0u8; 8];
    tsa.copy_from_slice(b.get(17..25)?);
    Some(Ets {
        flags,
        priority_tc,
        tc_bandwidth,
        tsa,
    })
}

fn evb(v: &[u8]) -> Option<Evb> {
    let b = v.get(4..9)?;
    let [b4, b5, b6, b7, b8]: [u8; 5] = b.try_into().ok()?;
    Some(Evb {
        bridge_reserved: b4 >> 3,
        bgid: b4 & 0x04 != 0,
        rrcap: b4 & 0x02 != 0,
        rrctr: b4 & 0x01 != 0,
        station_reserved: b5 >> 4,
        sgid: b5 & 0x08 != 0,
        rrreq: b5 & 0x04 != 0,
        rrstat: b5 & 0x03,
        r: b6 >> 5,
        rte: b6 & 0x1f,
        mode: b7 >> 6,
        rol_rwd: b7 & 0x20 != 0,
        rwd: b7 & 0x1f,
        reserved: b8 >> 6,
        rol_rka: b8 & 0x20 != 0,
        rka: b8 & 0x1f,
    })
}

fn cdcp(v: &[u8]) -> Option<Cdcp<'_>> {
    if v.len() < 8 {
        return None;
    }
    let b = byte(v, 4)?;
    let rest = suffix(v, 8);
    Some(Cdcp {
        role: b >> 7,
        reserved: (b >> 4) & 0x07,
        scomp: b & 0x08 != 0,
        channel_capacity: be16_at(v, 6)? & 0x0fff,
        channels: (rest.len() % 3 == 0).then_some(Channels(rest)),
    })
}

/// IEEE 802.3 subtypes.
pub mod dot3 {
    pub const MAC_PHY: u8 = 1;
    pub const POWER_VIA_MDI: u8 = 2;
    pub const LINK_AGGREGATION: u8 = 3;
    pub const MAX_FRAME_SIZE: u8 = 4;
}

/// An IEEE 802.3 TLV; `None` when too short for its fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dot3 {
    MacPhy(Option<MacPhy>),
    PowerViaMdi(Option<PowerViaMdi>),
    LinkAggregation(Option<LinkAggregation>),
    MaxFrameSize(Option<u16>),
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MacPhy {
    /// Bit 0 supported, bit 1 enabled.
    pub autoneg: u8,
    /// ifMauAutoNegCapAdvertisedBits (RFC 3636).
    pub pmd_capability: u16,
    /// dot3MauType (RFC 3636).
    pub mau_type: u16,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PowerViaMdi {
    /// Bit 0 port class PSE, 1 supported, 2 enabled, 3 pairs controllable.
    pub support: u8,
    pub pair: u8,
    pub class: u8,
}

impl Dot3 {
    fn decode(subtype: u8, v: &[u8]) -> Dot3 {
        match subtype {
            dot3::MAC_PHY => Dot3::MacPhy((|| {
                Some(MacPhy {
                    autoneg: byte(v, 4)?,
                    pmd_capability: be16_at(v, 5)?,
                    mau_type: be16_at(v, 7)?,
                })
            })()),
            dot3::POWER_VIA_MDI => Dot3::PowerViaMdi((|| {
                Some(PowerViaMdi {
                    support: byte(v, 4)?,
                    pair: byte(v, 5)?,
                    class: byte(v, 6)?,
                })
            })()),
            dot3::LINK_AGGREGATION => Dot3::LinkAggregation(link_aggregation(v)),
            dot3::MAX_FRAME_SIZE => Dot3::MaxFrameSize(be16_at(v, 4)),
            _ => Dot3::Unknown,
        }
    }
}

pub const IANA_MUD_URL: u8 = 1;

/// An IANA TLV.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Iana<'a> {
    /// A manufacturer usage description URL (RFC 8520).
    MudUrl(&'a [u8]),
    Unknown,
}

/// LLDP-MED (ANSI/TIA-1057) subtypes.
pub mod med {
    pub const CAPABILITIES: u8 = 1;
    pub const NETWORK_POLICY: u8 = 2;
    pub const LOCATION_ID: u8 = 3;
    pub const EXTENDED_POWER: u8 = 4;
    pub const HARDWARE_REV: u8 = 5;
    pub const FIRMWARE_REV: u8 = 6;
    pub const SOFTWARE_REV: u8 = 7;
    pub const SERIAL_NUMBER: u8 = 8;
    pub const MANUFACTURER: u8 = 9;
    pub const MODEL: u8 = 10;
    pub const ASSET_ID: u8 = 11;
}

/// An LLDP-MED TLV; `None` when too short for its fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Med<'a> {
    Capabilities(Option<MedCapabilities>),
    NetworkPolicy(Option<NetworkPolicy>),
    Location(Option<Location<'a>>),
    ExtendedPower(Option<ExtendedPower>),
    /// An inventory string (subtypes 5 to 11).
    Inventory(&'a [u8]),
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MedCapabilities {
    pub capabilities: u16,
    pub device_type: u8,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NetworkPolicy {
    pub application: u8,
    /// The U, T and X bits.
    pub unknown: bool,
    pub tagged: bool,
    pub reserved: bool,
    pub vlan: u16,
    pub l2_priority: u8,
    pub dscp: u8,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExtendedPower {
    pub power_type: u8,
    pub source: u8,
    pub priority: u8,
    /// In tenths of a watt.
    pub value: u16,
}

/// A location identification TLV.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location<'a> {
    pub format: u8,
    pub data: LocationData<'a>,
}

pub mod location_format {
    pub const COORDINATE: u8 = 1;
    pub const CIVIC: u8 = 2;
    pub const ECS_ELIN: u8 = 3;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocationData<'a> {
    /// `None` when shorter than the 16-byte coordinate LCI.
    Coordinate(Option<Coordinate>),
    /// `None` when the civic address LCI does not fit.
    Civic(Option<Civic<'a>>),
    EcsElin(&'a [u8]),
    /// A format tcpdump does not decode: the bytes after the format.
    Other(&'a [u8]),
}

/// RFC 3825 coordinates, as raw fixed-point fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Coordinate {
    pub latitude_resolution: u8,
    /// 34 bits.
    pub latitude: u64,
    pub longitude_resolution: u8,
    pub longitude: u64,
    pub altitude_type: u8,
    pub altitude_resolution: u8,
    /// 30 bits.
    pub altitude: u32,
    pub datum: u8,
}

/// A civic address LCI (RFC 4776).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civic<'a> {
    pub lci_len: u8,
    pub what: u8,
    pub country: &'a [u8],
    pub elements: CivicElements<'a>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CivicElements<'a> {
    rest: &'a [u8],
    done: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CivicElement<'a> {
    Element {
        ca_type: u8,
        value: &'a [u8],
    },
    /// An element of type 0, length 0, or longer than what is left: its
    /// header is printed, then nothing more of the TLV.
    Bad {
        ca_type: u8,
        ca_len: u8,
    },
    /// One byte left over, too short for an element header (not printed).
    Trailing,
}

impl<'a> Iterator for CivicElements<'a> {
    type Item = CivicElement<'a>;
    fn next(&mut self) -> Option<CivicElement<'a>> {
        if self.done || self.rest.is_empty() {
            return None;
        }
        let (Some(ca_type), Some(ca_len)) = (byte(self.rest, 0), byte(self.rest, 1)) else {
            self.done = true;
            return Some(CivicElement::Trailing);
        };
        let body = suffix(self.rest, 2);
        let n = usize::from(ca_len);
        match body.get(..n) {
            Some(value) if ca_type != 0 && ca_len != 0 => {
                self.rest = suffix(body, n);
                Some(CivicElement::Element { ca_type, value })
            }
            _ => {
                self.done = true;
                Some(CivicElement::Bad { ca_type, ca_len })
            }
        }
    }
}

impl<'a> Med<'a> {
    fn decode(subtype: u8, v: &'a [u8]) -> Med<'a> {
        match subtype {
            med::CAPABILITIES => Med::Capabilities(be16_at(v, 4).zip(byte(v, 6)).map(
                |(capabilities, device_type)| MedCapabilities {
                    capabilities,
                    device_type,
                },
            )),
            med::NETWORK_POLICY => Med::NetworkPolicy((|| {
                let application = byte(v, 4)?;
                let f = byte(v, 5)?;
                let w1 = be16_at(v, 5)?;
                let w2 = be16_at(v, 6)?;
                byte(v, 7)?;
                Some(NetworkPolicy {
                    application,
                    unknown: f & 0x80 != 0,
                    tagged: f & 0x40 != 0,
                    reserved: f & 0x20 != 0,
                    vlan: (w1 & 0x1ffe) >> 1,
                    l2_priority: ((w2 & 0x01ff) >> 6) as u8,
                    dscp: (w2 & 0x003f) as u8,
                })
            })()),
            med::LOCATION_ID => Med::Location(location(v)),
            med::EXTENDED_POWER => Med::ExtendedPower((|| {
                let b = byte(v, 4)?;
                Some(ExtendedPower {
                    power_type: b >> 6,
                    source: (b >> 4) & 0x03,
                    priority: b & 0x0f,
                    value: be16_at(v, 5)?,
                })
            })()),
            med::HARDWARE_REV..=med::ASSET_ID => Med::Inventory(suffix(v, 4)),
            _ => Med::Unknown,
        }
    }
}

fn latlon(v: &[u8], off: usize) -> Option<u64> {
    let hi = u64::from(byte(v, off)? & 0x03);
    Some(hi << 32 | u64::from(be32_at(v, off + 1)?))
}

fn location(v: &[u8]) -> Option<Location<'_>> {
    let format = byte(v, 4)?;
    let data = match format {
        location_format::COORDINATE => LocationData::Coordinate((|| {
            if v.len() < 21 {
                return None;
            }
            Some(Coordinate {
                latitude_resolution: byte(v, 5)? >> 2,
                latitude: latlon(v, 5)?,
                longitude_resolution: byte(v, 10)? >> 2,
                longitude: latlon(v, 10)?,
                altitude_type: byte(v, 15)? >> 4,
                altitude_resolution: ((be16_at(v, 15)? >> 6) & 0x3f) as u8,
                altitude: be32_at(v, 16)? & 0x3fff_ffff,
                datum: byte(v, 20)?,
            })
        })()),
        location_format::CIVIC => LocationData::Civic((|| {
            let lci_len = byte(v, 5)?;
            if lci_len < 3 || v.len() < 7 + usize::from(lci_len) {
                return None;
            }
            Some(Civic {
                lci_len,
                what: byte(v, 6)?,
                country: v.get(7..9)?,
                elements: CivicElements {
                    rest: v.get(9..6 + usize::from(lci_len))?,
                    done: false,
                },
            })
        })()),
        location_format::ECS_ELIN => LocationData::EcsElin(suffix(v, 5)),
        _ => LocationData::Other(suffix(v, 5)),
    };
    Some(Location { format, data })
}

/// DCBX subtypes.
pub const DCBX_REV_1: u8 = 1;
pub const DCBX_REV_1_01: u8 = 2;

/// A pre-standard DCBX TLV.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dcbx<'a> {
    /// DCBX revision 1.0, which tcpdump does not decode (dumped with -v).
    Rev1,
    /// The TLVs of DCBX 1.01 (or of an unknown revision, read the same
    /// way).
    Tlvs(DcbxTlvs<'a>),
}

/// DCBX TLV types.
pub mod dcbx {
    pub const CONTROL: u8 = 1;
    pub const PRIORITY_GROUPS: u8 = 2;
    pub const PFC: u8 = 3;
    pub const APPLICATION: u8 = 4;
}

/// The TLVs inside a DCBX 1.01 TLV.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DcbxTlvs<'a> {
    bytes: &'a [u8],
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DcbxItem<'a> {
    Tlv(DcbxTlv<'a>),
    /// The walk stops without printing anything more: a TLV of type or
    /// length 0, one longer than what is left, or a known TLV too short
    /// for its fields.
    Stop {
        kind: u8,
        len: u16,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DcbxTlv<'a> {
    pub kind: u8,
    pub len: u16,
    pub value: &'a [u8],
    pub body: DcbxBody<'a>,
}

/// The common head of a DCBX feature TLV.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Feature {
    pub oper_version: u8,
    pub max_version: u8,
    /// Enable (bit 7), willing (bit 6), error (bit 5).
    pub info: u8,
    pub subtype: u8,
}

impl Feature {
    pub fn enable(&self) -> bool {
        self.info & 0x80 != 0
    }
    pub fn willing(&self) -> bool {
        self.info & 0x40 != 0
    }
    pub fn error(&self) -> bool {
        self.info & 0x20 != 0
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DcbxBody<'a> {
    Control {
        oper_version: u8,
        max_version: u8,
        seq: u32,
        ack: u32,
    },
    PriorityGroups {
        feature: Feature,
        /// The priority group of each priority 0..7.
        pgid: [u8; 8],
        /// Bandwidth percentage of each priority group.
        percent: [u8; 8],
        num_tcs: u8,
    },
    Pfc {
        feature: Feature,
        /// Bit n: PFC enabled on priority n.
        config: u8,
        num_tcs: u8,
    },
    Application {
        feature: Feature,
        apps: DcbxApps<'a>,
    },
    Unknown,
}

/// DCBX application entries, 6 bytes each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DcbxApps<'a>(&'a [u8]);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DcbxApp {
    pub protocol: u16,
    /// Selector: 0 an ethertype, otherwise a socket number.
    pub selector: u8,
    pub oui: u32,
    pub priority_map: u8,
}

impl Iterator for DcbxApps<'_> {
    type Item = DcbxApp;
    fn next(&mut self) -> Option<DcbxApp> {
        let protocol = be16_at(self.0, 0)?;
        let u = be24_at(self.0, 2)?;
        let priority_map = byte(self.0, 5)?;
        self.0 = suffix(self.0, 6);
        Some(DcbxApp {
            protocol,
            selector: (u >> 22) as u8,
            oui: u & 0x003f_ffff,
            priority_map,
        })
    }
}

fn feature(v: &[u8]) -> Option<Feature> {
    Some(Feature {
        oper_version: byte(v, 0)?,
        max_version: byte(v, 1)?,
        info: byte(v, 2)?,
        subtype: byte(v, 3)?,
    })
}

fn dcbx_body(kind: u8, v: &[u8]) -> Option<DcbxBody<'_>> {
    let len = v.len();
    Some(match kind {
        dcbx::CONTROL if len >= 10 => DcbxBody::Control {
            oper_version: byte(v, 0)?,
            max_version: byte(v, 1)?,
            seq: be32_at(v, 2)?,
            ack: be32_at(v, 6)?,
        },
        dcbx::PRIORITY_GROUPS if len >= 17 => {
            let pg = be32_at(v, 4)?;
            let mut pgid = [0u8; 8];
            for (i, slot) in pgid.iter_mut().enumerate() {
                *slot = ((pg >> (28 - 4 * i)) & 0x0f) as u8;
            }
            let mut percent = [0u8; 8];
            percent.copy_from_slice(v.get(8..16)?);
            DcbxBody::PriorityGroups {
                feature: feature(v)?,
                pgid,
                percent,
                num_tcs: byte(v, 16)?,
            }
        }
        dcbx::PFC if len >= 6 => DcbxBody::Pfc {
            feature: feature(v)?,
            config: byte(v, 4)?,
            num_tcs: byte(v, 5)?,
        },
        dcbx::APPLICATION if len >= 4 => {
            let entries = suffix(v, 4);
            DcbxBody::Application {
                feature: feature(v)?,
                apps: DcbxApps(prefix(entries, entries.len() / 6 * 6)),
            }
        }
        dcbx::CONTROL | dcbx::PRIORITY_GROUPS | dcbx::PFC | dcbx::APPLICATION => return None,
        _ => DcbxBody::Unknown,
    })
}

impl<'a> Iterator for DcbxTlvs<'a> {
    type Item = DcbxItem<'a>;
    fn next(&mut self) -> Option<DcbxItem<'a>> {
        let h = be16_at(self.bytes, 0)?;
        let kind = (h >> 9) as u8;
        let len = h & 0x01ff;
        let rest = suffix(self.bytes, 2);
        let stop = DcbxItem::Stop { kind, len };
        self.bytes = &[];
        if kind == 0 || len == 0 {
            return Some(stop);
        }
        let Some(value) = rest.get(..usize::from(len)) else {
            return Some(stop);
        };
        let Some(body) = dcbx_body(kind, value) else {
            return Some(stop);
        };
        self.bytes = suffix(rest, usize::from(len));
        Some(DcbxItem::Tlv(DcbxTlv {
            kind,
            len,
            value,
            body,
        }))
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn tlv(kind: u8, value: &[u8]) -> Vec<u8> {
        let h = u16::from(kind) << 9 | value.len() as u16;
        let mut v = h.to_be_bytes().to_vec();
        v.extend_from_slice(value);
        v
    }

    fn bodies(pdu: &[u8]) -> Vec<Body<'_>> {
        decode(pdu, pdu.len() as u32)
            .tlvs()
            .map(|i| match i {
                Item::Tlv(t) => t.body(),
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn basic_tlvs() {
        let pdu = [
            tlv(1, &[4, 2, 0, 0, 0, 0, 1]),
            tlv(2, &[5, b'e', b't', b'h', b'0']),
            tlv(3, &[0, 120]),
            tlv(5, b"host"),
            tlv(7, &[0, 0x14, 0, 0x10]),
            tlv(8, &[5, 1, 10, 0, 0, 1, 2, 0, 0, 0, 3, 0]),
            tlv(0, &[]),
            vec![0; 10],
        ]
        .concat();
        let b = bodies(&pdu);
        assert_eq!(b.len(), 7);
        assert_eq!(
            b[0],
            Body::ChassisId(Id::Mac {
                subtype: 4,
                mac: Mac([2, 0, 0, 0, 0, 1])
            })
        );
        assert_eq!(
            b[1],
            Body::PortId(Id::Text {
                subtype: 5,
                text: b"eth0"
            })
        );
        assert_eq!(b[2], Body::Ttl(Some(120)));
        assert_eq!(b[3], Body::SystemName(b"host"));
        assert_eq!(
            b[4],
            Body::SystemCap(Some(Capabilities {
                system: 0x14,
                enabled: 0x10
            }))
        );
        assert_eq!(
            b[5],
            Body::MgmtAddr(MgmtAddr {
                addr: Some((
                    5,
                    NetAddr {
                        afi: 1,
                        addr: AddrValue::V4(Ipv4Addr::new(10, 0, 0, 1))
                    }
                )),
                interface: Some((2, 3)),
                oid: Some(&[]),
                complete: true,
            })
        );
        assert_eq!(b[6], Body::Stop);
    }

    #[test]
    fn cut_tlvs() {
        let pdu = [tlv(5, b"abcdef"), tlv(6, b"xyz")].concat();
        // The whole second TLV is on the wire, only part of it captured.
        let l = decode(&pdu[..10], pdu.len() as u32);
        let items: Vec<_> = l.tlvs().collect();
        assert!(matches!(items[0], Item::Tlv(_)));
        assert_eq!(items[1], Item::ValueCut { kind: 6, len: 3 });
        assert_eq!(items.len(), 2);
        assert_eq!(l.cut_at(), Some(8));
        let l = decode(&pdu[..9], pdu.len() as u32);
        assert_eq!(l.tlvs().nth(1), Some(Item::HeaderCut));
        // A length shorter than the TLVs cuts the value too.
        let l = decode(&pdu, 10);
        assert_eq!(l.tlvs().nth(1), Some(Item::ValueCut { kind: 6, len: 3 }));
        // One byte left on the wire ends the walk quietly.
        let l = decode(&pdu, 9);
        assert_eq!(l.tlvs().count(), 1);
        assert_eq!(l.cut_at(), None);
    }

    #[test]
    fn short_values_keep_what_fit() {
        let pdu = tlv(8, &[6, 1, 10, 0, 0, 1, 2, 0, 0]);
        let b = bodies(&pdu);
        let Body::MgmtAddr(m) = b[0] else { panic!() };
        assert!(m.addr.is_some() && m.interface.is_none() && !m.complete);
        let pdu = tlv(127, &[0x00, 0x80, 0xc2, 3, 0, 5, 4, b'a']);
        let b = bodies(&pdu);
        assert_eq!(
            b[0],
            Body::Org(Some(Org {
                oui: oui::IEEE_8021,
                data: OrgData::Ieee8021 {
                    subtype: 3,
                    value: Dot1::VlanName {
                        vid: Some(5),
                        name: None
                    }
                }
            }))
        );
        let pdu = tlv(127, &[0x00, 0x12]);
        let b = bodies(&pdu);
        assert_eq!(b[0], Body::Org(None));
        let pdu = tlv(127, &[0x00, 0x00, 0x5e, 1, b'h', b't']);
        let b = bodies(&pdu);
        assert_eq!(
            b[0],
            Body::Org(Some(Org {
                oui: oui::IANA,
                data: OrgData::NoSubtype
            }))
        );
    }

    #[test]
    fn dcbx_walk() {
        let control = tlv(1, &[0, 0, 0, 0, 0, 7, 0, 0, 0, 9]);
        let pfc = tlv(3, &[0, 0, 0x80, 0, 0x08, 8]);
        let short_pg = tlv(2, &[0, 0, 0]);
        let v = [&[0x00, 0x1b, 0x21, 2][..], &control, &pfc, &short_pg].concat();
        let pdu = tlv(127, &v);
        let Body::Org(Some(Org {
            data:
                OrgData::Dcbx {
                    value: Dcbx::Tlvs(t),
                    ..
                },
            ..
        })) = bodies(&pdu)[0]
        else {
            panic!()
        };
        let items: Vec<_> = t.collect();
        assert_eq!(items.len(), 3);
        assert!(matches!(
            items[0],
            DcbxItem::Tlv(DcbxTlv {
                body: DcbxBody::Control { seq: 7, ack: 9, .. },
                ..
            })
        ));
        assert!(matches!(
            items[1],
            DcbxItem::Tlv(DcbxTlv {
                body: DcbxBody::Pfc { config: 8, .. },
                ..
            })
        ));
        assert_eq!(items[2], DcbxItem::Stop { kind: 2, len: 3 });
    }

    #[test]
    fn civic_elements() {
        // format 2, LCI length 9, what 2, "US", element type 3 "ab", then
        // an element of length 0.
        let v = [
            &[
                0x00, 0x12, 0xbb, 3, 2, 9, 2, b'U', b'S', 3, 2, b'a', b'b', 6, 0,
            ][..],
            &[0],
        ]
        .concat();
        let pdu = tlv(127, &v);
        let Body::Org(Some(Org {
            data:
                OrgData::Tia {
                    value: Med::Location(Some(loc)),
                    ..
                },
            ..
        })) = bodies(&pdu)[0]
        else {
            panic!()
        };
        let LocationData::Civic(Some(c)) = loc.data else {
            panic!()
        };
        assert_eq!(c.country, b"US");
        let e: Vec<_> = c.elements.collect();
        assert_eq!(
            e,
            vec![
                CivicElement::Element {
                    ca_type: 3,
                    value: b"ab"
                },
                CivicElement::Bad {
                    ca_type: 6,
                    ca_len: 0
                }
            ]
        );
    }
}
