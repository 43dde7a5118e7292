//! LLDP, as tcpdump's print-lldp.c prints it: `LLDP, length N` and the
//! system name, then with -v every TLV, with -vv each TLV's bytes too.

use super::fmt::{self, hex_print};
use super::Cx;
use crate::decode::lldp::{
    self, cap, chassis_subtype, dcbx, dot1, dot3, evb_mode, ifnum, location_format, med,
    port_subtype, tlv, AddrValue, Body, Civic, CivicElement, Coordinate, Dcbx, DcbxBody, DcbxItem,
    Dot1, Dot3, Ets, Feature, Iana, Id, Item, Lldp, LocationData, Med, MgmtAddr, NetAddr, Org,
    OrgData,
};
use crate::decode::Layer;
use crate::names;

/// tcpdump's `goto trunc`: the TLV ended before a field the printer
/// needs; ` [|lldp]` ends the packet's line.
struct Trunc;

/// What a TLV printer returns: whether the TLV's bytes are dumped with -v
/// (tcpdump's `hexdump`), or that the packet ends truncated.
type Printed = Result<bool, Trunc>;

fn tlv_name(t: u8) -> &'static str {
    match t {
        tlv::END => "End",
        tlv::CHASSIS_ID => "Chassis ID",
        tlv::PORT_ID => "Port ID",
        tlv::TTL => "Time to Live",
        tlv::PORT_DESCR => "Port Description",
        tlv::SYSTEM_NAME => "System Name",
        tlv::SYSTEM_DESCR => "System Description",
        tlv::SYSTEM_CAP => "System Capabilities",
        tlv::MGMT_ADDR => "Management Address",
        tlv::ORG => "Organization specific",
        _ => "Unknown",
    }
}

fn chassis_subtype_name(s: u8) -> &'static str {
    use chassis_subtype::*;
    match s {
        CHASSIS_COMPONENT => "Chassis component",
        INTERFACE_ALIAS => "Interface alias",
        PORT_COMPONENT => "Port component",
        MAC => "MAC address",
        NETWORK_ADDR => "Network address",
        INTERFACE_NAME => "Interface name",
        LOCAL => "Local",
        _ => "Unknown",
    }
}

fn port_subtype_name(s: u8) -> &'static str {
    use port_subtype::*;
    match s {
        INTERFACE_ALIAS => "Interface alias",
        PORT_COMPONENT => "Port component",
        MAC => "MAC address",
        NETWORK_ADDR => "Network Address",
        INTERFACE_NAME => "Interface Name",
        AGENT_CIRCUIT_ID => "Agent circuit ID",
        LOCAL => "Local",
        _ => "Unknown",
    }
}

const CAPABILITIES: &[(u32, &str)] = &[
    (cap::OTHER as u32, "Other"),
    (cap::REPEATER as u32, "Repeater"),
    (cap::BRIDGE as u32, "Bridge"),
    (cap::WLAN_AP as u32, "WLAN AP"),
    (cap::ROUTER as u32, "Router"),
    (cap::TELEPHONE as u32, "Telephone"),
    (cap::DOCSIS as u32, "Docsis"),
    (cap::STATION_ONLY as u32, "Station Only"),
];

const PROTO_VLAN_FLAGS: &[(u32, &str)] = &[(1 << 1, "supported"), (1 << 2, "enabled")];
const AGGREGATION: &[(u32, &str)] = &[(1 << 0, "supported"), (1 << 1, "enabled")];
const AUTONEG: &[(u32, &str)] = &[(1 << 0, "supported"), (1 << 1, "enabled")];

const PMD_CAPABILITIES: &[(u32, &str)] = &[
    (1 << 14, "10BASE-T hdx"),
    (1 << 13, "10BASE-T fdx"),
    (1 << 12, "100BASE-T4"),
    (1 << 11, "100BASE-TX hdx"),
    (1 << 10, "100BASE-TX fdx"),
    (1 << 9, "100BASE-T2 hdx"),
    (1 << 8, "100BASE-T2 fdx"),
    (1 << 7, "Pause for fdx links"),
    (1 << 6, "Asym PAUSE for fdx"),
    (1 << 5, "Sym PAUSE for fdx"),
    (1 << 4, "Asym and Sym PAUSE for fdx"),
    (1 << 3, "1000BASE-{X LX SX CX} hdx"),
    (1 << 2, "1000BASE-{X LX SX CX} fdx"),
    (1 << 1, "1000BASE-T hdx"),
    (1 << 0, "1000BASE-T fdx"),
];

const MDI: &[(u32, &str)] = &[
    (1 << 0, "PSE"),
    (1 << 1, "supported"),
    (1 << 2, "enabled"),
    (1 << 3, "can be controlled"),
];

const MED_CAPABILITIES: &[(u32, &str)] = &[
    (1 << 0, "LLDP-MED capabilities"),
    (1 << 1, "network policy"),
    (1 << 2, "location identification"),
    (1 << 3, "extended power via MDI-PSE"),
    (1 << 4, "extended power via MDI-PD"),
    (1 << 5, "Inventory"),
];

/// tcpdump's `bittok2str`: the names of the set bits in table order,
/// `, `-separated, or `none` when no bit of the table is set.
fn write_bits(cx: &mut Cx<'_>, table: &[(u32, &str)], v: u32, none: &str) {
    let mut sep = "";
    for &(bit, name) in table {
        if v & bit != 0 {
            cx.s(sep);
            cx.s(name);
            sep = ", ";
        }
    }
    if sep.is_empty() {
        cx.s(none);
    }
}

/// tcpdump's `nd_printjnp` over a whole, captured value.
fn write_jnp(cx: &mut Cx<'_>, bytes: &[u8]) {
    fmt::write_jnp(cx, bytes, bytes.len());
}

fn dot1_subtype_name(s: u8) -> &'static str {
    use dot1::*;
    match s {
        PORT_VLAN_ID => "Port VLAN Id",
        PROTO_VLAN_ID => "Port and Protocol VLAN ID",
        VLAN_NAME => "VLAN name",
        PROTOCOL_IDENTITY => "Protocol Identity",
        LINK_AGGREGATION => "Link aggregation",
        CONGESTION_NOTIFICATION => "Congestion Notification",
        ETS_CONFIGURATION => "ETS Configuration",
        ETS_RECOMMENDATION => "ETS Recommendation",
        PFC_CONFIGURATION => "Priority Flow Control Configuration",
        APPLICATION_PRIORITY => "Application Priority",
        EVB => "EVB",
        CDCP => "CDCP",
        _ => "unknown",
    }
}

fn dot3_subtype_name(s: u8) -> &'static str {
    use dot3::*;
    match s {
        MAC_PHY => "MAC/PHY configuration/status",
        POWER_VIA_MDI => "Power via MDI",
        LINK_AGGREGATION => "Link aggregation",
        MAX_FRAME_SIZE => "Max frame size",
        _ => "unknown",
    }
}

fn med_subtype_name(s: u8) -> &'static str {
    use med::*;
    match s {
        CAPABILITIES => "LLDP-MED Capabilities",
        NETWORK_POLICY => "Network policy",
        LOCATION_ID => "Location identification",
        EXTENDED_POWER => "Extended power-via-MDI",
        HARDWARE_REV => "Inventory - hardware revision",
        FIRMWARE_REV => "Inventory - firmware revision",
        SOFTWARE_REV => "Inventory - software revision",
        SERIAL_NUMBER => "Inventory - serial number",
        MANUFACTURER => "Inventory - manufacturer name",
        MODEL => "Inventory - model name",
        ASSET_ID => "Inventory - asset ID",
        _ => "unknown",
    }
}

fn inventory_name(s: u8) -> &'static str {
    use med::*;
    match s {
        HARDWARE_REV => "Hardware revision",
        FIRMWARE_REV => "Firmware revision",
        SOFTWARE_REV => "Software revision",
        SERIAL_NUMBER => "Serial number",
        MANUFACTURER => "Manufacturer name",
        MODEL => "Model name",
        ASSET_ID => "Asset ID",
        _ => "unknown",
    }
}

/// RFC 3636 dot3MauType names as tcpdump spells them.
fn mau_type(t: u16) -> &'static str {
    const NAMES: [&str; 41] = [
        "Unknown",
        "AUI",
        "10BASE_5",
        "FOIRL",
        "10BASE2",
        "10BASET duplex mode unknown",
        "10BASEFP",
        "10BASEFB",
        "10BASEFL duplex mode unknown",
        "10BROAD36",
        "10BASET hdx",
        "10BASET fdx",
        "10BASEFL hdx",
        "10BASEFL fdx",
        "100BASET4",
        "100BASETX hdx",
        "100BASETX fdx",
        "100BASEFX hdx",
        "100BASEFX fdx",
        "100BASET2 hdx",
        "100BASET2 fdx",
        "1000BASEX hdx",
        "1000BASEX fdx",
        "1000BASELX hdx",
        "1000BASELX fdx",
        "1000BASESX hdx",
        "1000BASESX fdx",
        "1000BASECX hdx",
        "1000BASECX fdx",
        "1000BASET hdx",
        "1000BASET fdx",
        "10GBASEX",
        "10GBASELX4",
        "10GBASER",
        "10GBASEER",
        "10GBASELR",
        "10GBASESR",
        "10GBASEW",
        "10GBASEEW",
        "10GBASELW",
        "10GBASESW",
    ];
    NAMES.get(usize::from(t)).copied().unwrap_or("unknown")
}

/// The RFC 1700 address family names tcpdump knows (`af_values`).
fn afi_name(a: u8) -> &'static str {
    match a {
        0 => "Reserved",
        1 => "IPv4",
        2 => "IPv6",
        3 => "NSAP",
        4 => "HDLC",
        5 => "BBN 1822",
        6 => "802",
        7 => "E.163",
        8 => "E.164",
        9 => "F.69",
        10 => "X.121",
        11 => "Novell IPX",
        12 => "Appletalk",
        13 => "Decnet IV",
        14 => "Banyan Vines",
        15 => "E.164 with NSAP subaddress",
        196 => "Layer-2 VPN",
        25 => "VPLS",
        _ => "Unknown",
    }
}

/// tcpdump's `lldp_network_addr_print`.
fn write_net_addr(cx: &mut Cx<'_>, a: &NetAddr) {
    cx.f(format_args!("AFI {} ({})", afi_name(a.afi), a.afi));
    match a.addr {
        AddrValue::V4(ip) => {
            cx.s(": ");
            fmt::write_addr(cx, ip);
        }
        AddrValue::V6(ip) => {
            cx.s(": ");
            fmt::write_addr(cx, ip);
        }
        AddrValue::Mac(m) => {
            cx.s(": ");
            fmt::write_mac(cx, &m);
        }
        AddrValue::Other => cx.s(", no AF printer !"),
    }
}

/// tcpdump's `lldp_print`.
pub(super) fn write(cx: &mut Cx<'_>, l: &Lldp<'_>) {
    let v = cx.o.verbose;
    cx.f(format_args!("LLDP, length {}", l.length));
    for item in l.tlvs() {
        let t = match item {
            Item::Tlv(t) => t,
            Item::HeaderCut => {
                cx.trunc(Layer::Lldp);
                return;
            }
            Item::ValueCut { kind, len } => {
                if v > 0 {
                    write_tlv_header(cx, kind, len);
                }
                cx.trunc(Layer::Lldp);
                return;
            }
        };
        if v > 0 {
            write_tlv_header(cx, t.kind, t.len);
        }
        let body = t.body();
        if body == Body::Stop {
            return;
        }
        match write_body(cx, &body) {
            Ok(hexdump) => {
                if v > 1 || (v > 0 && hexdump) {
                    hex_print(cx, "\n\t  ", t.value);
                }
            }
            Err(Trunc) => {
                cx.trunc(Layer::Lldp);
                return;
            }
        }
    }
}

fn write_tlv_header(cx: &mut Cx<'_>, kind: u8, len: u16) {
    cx.f(format_args!(
        "\n\t{} TLV ({kind}), length {len}",
        tlv_name(kind)
    ));
}

fn write_body(cx: &mut Cx<'_>, body: &Body<'_>) -> Printed {
    let v = cx.o.verbose;
    if let Body::SystemName(name) = body {
        // Printed without -v too, as the CDP printer prints the device id.
        cx.s(": ");
        write_jnp(cx, name);
        return Ok(false);
    }
    if v == 0 {
        return Ok(false);
    }
    match *body {
        Body::Stop | Body::SystemName(_) => Ok(false),
        Body::ChassisId(id) => write_id(cx, &id, chassis_subtype_name),
        Body::PortId(id) => write_id(cx, &id, port_subtype_name),
        Body::Ttl(ttl) => {
            let ttl = ttl.ok_or(Trunc)?;
            cx.f(format_args!(": TTL {ttl}s"));
            Ok(false)
        }
        Body::PortDescr(d) => {
            cx.s(": ");
            write_jnp(cx, d);
            Ok(false)
        }
        Body::SystemDescr(d) => {
            cx.s("\n\t  ");
            write_jnp(cx, d);
            Ok(false)
        }
        Body::SystemCap(c) => {
            let c = c.ok_or(Trunc)?;
            cx.s("\n\t  System  Capabilities [");
            write_bits(cx, CAPABILITIES, u32::from(c.system), "none");
            cx.f(format_args!("] (0x{:04x})", c.system));
            cx.s("\n\t  Enabled Capabilities [");
            write_bits(cx, CAPABILITIES, u32::from(c.enabled), "none");
            cx.f(format_args!("] (0x{:04x})", c.enabled));
            Ok(false)
        }
        Body::MgmtAddr(m) => write_mgmt_addr(cx, &m),
        Body::Org(o) => write_org(cx, &o.ok_or(Trunc)?),
        Body::Unknown => Ok(true),
    }
}

fn write_id(cx: &mut Cx<'_>, id: &Id<'_>, name: fn(u8) -> &'static str) -> Printed {
    let subtype = match *id {
        Id::Short => return Err(Trunc),
        Id::Mac { subtype, .. }
        | Id::Text { subtype, .. }
        | Id::Addr { subtype, .. }
        | Id::Bad { subtype }
        | Id::Other { subtype, .. } => subtype,
    };
    cx.f(format_args!(
        "\n\t  Subtype {} ({subtype}): ",
        name(subtype)
    ));
    match *id {
        Id::Mac { mac, .. } => fmt::write_mac(cx, &mac),
        Id::Text { text, .. } => write_jnp(cx, text),
        Id::Addr { addr, .. } => write_net_addr(cx, &addr),
        Id::Other { .. } => return Ok(true),
        Id::Short | Id::Bad { .. } => return Err(Trunc),
    }
    Ok(false)
}

fn write_mgmt_addr(cx: &mut Cx<'_>, m: &MgmtAddr<'_>) -> Printed {
    let (alen, addr) = m.addr.ok_or(Trunc)?;
    cx.f(format_args!("\n\t  Management Address length {alen}, "));
    write_net_addr(cx, &addr);
    let (sub, num) = m.interface.ok_or(Trunc)?;
    let name = match sub {
        ifnum::IFINDEX => "Interface Index",
        ifnum::SYSTEM_PORT => "System Port Number",
        _ => "Unknown",
    };
    cx.f(format_args!(
        "\n\t  {name} Interface Numbering ({sub}): {num}"
    ));
    if let Some(oid) = m.oid.filter(|o| !o.is_empty()) {
        cx.f(format_args!("\n\t  OID length {}", oid.len()));
        write_jnp(cx, oid);
    }
    if m.complete {
        Ok(false)
    } else {
        Err(Trunc)
    }
}

fn write_org(cx: &mut Cx<'_>, o: &Org<'_>) -> Printed {
    cx.f(format_args!(
        ": OUI {} (0x{:06x})",
        names::oui(o.oui).unwrap_or("Unknown"),
        o.oui
    ));
    Ok(match o.data {
        OrgData::NoSubtype => false,
        OrgData::Unknown => true,
        OrgData::Ieee8021 { subtype, value } => {
            write_subtype(cx, dot1_subtype_name(subtype), subtype);
            write_dot1(cx, &value)
        }
        OrgData::Ieee8023 { subtype, value } => {
            write_subtype(cx, dot3_subtype_name(subtype), subtype);
            write_dot3(cx, &value)
        }
        OrgData::Iana { subtype, value } => {
            let name = if subtype == lldp::IANA_MUD_URL {
                "MUD-URL"
            } else {
                "unknown"
            };
            write_subtype(cx, name, subtype);
            match value {
                Iana::MudUrl(url) => {
                    cx.s("\n\t  MUD-URL=");
                    fmt::write_chars(cx, url);
                    false
                }
                Iana::Unknown => true,
            }
        }
        OrgData::Tia { subtype, value } => {
            write_subtype(cx, med_subtype_name(subtype), subtype);
            write_med(cx, subtype, &value)
        }
        OrgData::Dcbx { subtype, value } => {
            let name = match subtype {
                lldp::DCBX_REV_1 => "DCB Capability Exchange Protocol Rev 1",
                lldp::DCBX_REV_1_01 => "DCB Capability Exchange Protocol Rev 1.01",
                _ => "unknown",
            };
            write_subtype(cx, name, subtype);
            match value {
                Dcbx::Rev1 => true,
                Dcbx::Tlvs(t) => write_dcbx(cx, t),
            }
        }
    })
}

fn write_subtype(cx: &mut Cx<'_>, name: &str, subtype: u8) {
    cx.f(format_args!("\n\t  {name} Subtype ({subtype})"));
}

/// A row of per-priority bits: `%-2d ` for bit 0 to bit 7.
fn write_priority_bits(cx: &mut Cx<'_>, bits: u8) {
    cx.s("\n\t     Priority : 0  1  2  3  4  5  6  7");
    cx.s("\n\t     Value    : ");
    for i in 0..8 {
        cx.f(format_args!("{:<2} ", (bits >> i) & 1));
    }
}

fn write_row(cx: &mut Cx<'_>, values: &[u8; 8]) {
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            cx.s(" ");
        }
        cx.f(format_args!("{v:<3}"));
    }
}

fn write_ets_tables(cx: &mut Cx<'_>, e: &Ets) {
    cx.s("\n\t    Priority Assignment Table");
    cx.s("\n\t     Priority : 0   1   2   3   4   5   6   7");
    cx.s("\n\t     Value    : ");
    write_row(cx, &e.priority_tc);
    cx.s("\n\t    TC Bandwidth Table");
    cx.s("\n\t     TC%   : 0   1   2   3   4   5   6   7");
    cx.s("\n\t     Value : ");
    write_row(cx, &e.tc_bandwidth);
    cx.s("\n\t    TSA Assignment Table");
    cx.s("\n\t     Traffic Class: 0   1   2   3   4   5   6   7");
    cx.s("\n\t     Value        : ");
    write_row(cx, &e.tsa);
}

/// tcpdump's `lldp_private_8021_print` after the subtype line.
fn write_dot1(cx: &mut Cx<'_>, d: &Dot1<'_>) -> bool {
    match *d {
        Dot1::PortVlanId(Some(pvid)) => {
            cx.f(format_args!("\n\t    port vlan id (PVID): {pvid}"));
        }
        Dot1::ProtoVlanId(Some(p)) => {
            cx.f(format_args!(
                "\n\t    port and protocol vlan id (PPVID): {}, flags [",
                p.id
            ));
            write_bits(cx, PROTO_VLAN_FLAGS, u32::from(p.flags), "none");
            cx.f(format_args!("] (0x{:02x})", p.flags));
        }
        Dot1::VlanName { vid, name } => {
            if let Some(vid) = vid {
                cx.f(format_args!("\n\t    vlan id (VID): {vid}"));
            }
            if let Some(name) = name {
                cx.s("\n\t    vlan name: ");
                write_jnp(cx, name);
            }
        }
        Dot1::ProtocolIdentity(Some(p)) => {
            cx.s("\n\t    protocol identity: ");
            write_jnp(cx, p);
        }
        Dot1::LinkAggregation(Some(a)) => write_aggregation(cx, a.status, a.port_id),
        Dot1::CongestionNotification(Some(c)) => {
            cx.s("\n\t    Pre-Priority CNPV Indicator");
            write_priority_bits(cx, c.cnpv);
            cx.s("\n\t    Pre-Priority Ready Indicator");
            write_priority_bits(cx, c.ready);
        }
        Dot1::EtsConfiguration(Some(e)) => {
            // tcpdump prints the willing bit again where the credit-based
            // shaper bit belongs.
            cx.f(format_args!(
                "\n\t    Willing:{}, CBS:{}, RES:{}, Max TCs:{}",
                u8::from(e.willing()),
                if e.willing() { 2 } else { 0 },
                e.reserved(),
                e.max_tcs()
            ));
            write_ets_tables(cx, &e);
        }
        Dot1::EtsRecommendation(Some(e)) => {
            cx.f(format_args!("\n\t    RES: {}", e.flags));
            write_ets_tables(cx, &e);
        }
        Dot1::PfcConfiguration(Some(p)) => {
            cx.f(format_args!(
                "\n\t    Willing: {}, MBC: {}, RES: {}, PFC cap:{} ",
                u8::from(p.willing),
                u8::from(p.mbc),
                p.reserved,
                p.capability
            ));
            cx.s("\n\t    PFC Enable");
            write_priority_bits(cx, p.enable);
        }
        Dot1::ApplicationPriority { reserved, table } => {
            if let Some(r) = reserved {
                cx.f(format_args!("\n\t    RES: {r}"));
            }
            if let Some(t) = table {
                cx.s("\n\t    Application Priority Table");
                for a in t {
                    cx.f(format_args!(
                        "\n\t      Priority: {}, RES: {}, Sel: {}, Protocol ID: {}",
                        a.priority, a.reserved, a.selector, a.protocol
                    ));
                }
            }
        }
        Dot1::Evb(Some(e)) => {
            cx.s("\n\t    EVB Bridge Status");
            cx.f(format_args!(
                "\n\t      RES: {}, BGID: {}, RRCAP: {}, RRCTR: {}",
                e.bridge_reserved,
                u8::from(e.bgid),
                u8::from(e.rrcap),
                u8::from(e.rrctr)
            ));
            cx.s("\n\t    EVB Station Status");
            cx.f(format_args!(
                "\n\t      RES: {}, SGID: {}, RRREQ: {},RRSTAT: {}",
                e.station_reserved,
                u8::from(e.sgid),
                u8::from(e.rrreq),
                e.rrstat
            ));
            let mode = match e.mode {
                evb_mode::NOT_SUPPORTED => "Not Supported",
                evb_mode::BRIDGE => "EVB Bridge",
                evb_mode::STATION => "EVB Station",
                _ => "Reserved for future Standardization",
            };
            cx.f(format_args!(
                "\n\t    R: {}, RTE: {}, EVB Mode: {mode} [{}]",
                e.r, e.rte, e.mode
            ));
            cx.f(format_args!(
                "\n\t    ROL: {}, RWD: {}, RES: {}, ROL: {}, RKA: {}",
                u8::from(e.rol_rwd),
                e.rwd,
                e.reserved,
                u8::from(e.rol_rka),
                e.rka
            ));
        }
        Dot1::Cdcp(Some(c)) => {
            cx.f(format_args!(
                "\n\t    Role: {}, RES: {}, Scomp: {} ChnCap: {}",
                c.role,
                c.reserved,
                u8::from(c.scomp),
                c.channel_capacity
            ));
            for (scid, svid) in c.channels.into_iter().flatten() {
                cx.f(format_args!("\n\t    SCID: {scid}, SVID: {svid}"));
            }
        }
        Dot1::Unknown => return true,
        Dot1::PortVlanId(None)
        | Dot1::ProtoVlanId(None)
        | Dot1::ProtocolIdentity(None)
        | Dot1::LinkAggregation(None)
        | Dot1::CongestionNotification(None)
        | Dot1::EtsConfiguration(None)
        | Dot1::EtsRecommendation(None)
        | Dot1::PfcConfiguration(None)
        | Dot1::Evb(None)
        | Dot1::Cdcp(None) => {}
    }
    false
}

fn write_aggregation(cx: &mut Cx<'_>, status: u8, port_id: u32) {
    cx.s("\n\t    aggregation status [");
    write_bits(cx, AGGREGATION, u32::from(status), "none");
    cx.f(format_args!("], aggregation port ID {port_id}"));
}

/// tcpdump's `lldp_private_8023_print` after the subtype line.
fn write_dot3(cx: &mut Cx<'_>, d: &Dot3) -> bool {
    match *d {
        Dot3::MacPhy(Some(m)) => {
            cx.s("\n\t    autonegotiation [");
            write_bits(cx, AUTONEG, u32::from(m.autoneg), "none");
            cx.f(format_args!("] (0x{:02x})", m.autoneg));
            cx.s("\n\t    PMD autoneg capability [");
            write_bits(cx, PMD_CAPABILITIES, u32::from(m.pmd_capability), "unknown");
            cx.f(format_args!("] (0x{:04x})", m.pmd_capability));
            cx.f(format_args!(
                "\n\t    MAU type {} (0x{:04x})",
                mau_type(m.mau_type),
                m.mau_type
            ));
        }
        Dot3::PowerViaMdi(Some(p)) => {
            cx.s("\n\t    MDI power support [");
            write_bits(cx, MDI, u32::from(p.support), "none");
            let pair = match p.pair {
                1 => "signal",
                2 => "spare",
                _ => "unknown",
            };
            let class = match p.class {
                1 => "class0",
                2 => "class1",
                3 => "class2",
                4 => "class3",
                5 => "class4",
                _ => "unknown",
            };
            cx.f(format_args!("], power pair {pair}, power class {class}"));
        }
        Dot3::LinkAggregation(Some(a)) => write_aggregation(cx, a.status, a.port_id),
        Dot3::MaxFrameSize(Some(m)) => cx.f(format_args!("\n\t    MTU size {m}")),
        Dot3::Unknown => return true,
        Dot3::MacPhy(None)
        | Dot3::PowerViaMdi(None)
        | Dot3::LinkAggregation(None)
        | Dot3::MaxFrameSize(None) => {}
    }
    false
}

/// tcpdump's `lldp_private_tia_print` after the subtype line.
fn write_med(cx: &mut Cx<'_>, subtype: u8, m: &Med<'_>) -> bool {
    match *m {
        Med::Capabilities(Some(c)) => {
            cx.s("\n\t    Media capabilities [");
            write_bits(cx, MED_CAPABILITIES, u32::from(c.capabilities), "none");
            cx.f(format_args!("] (0x{:04x})", c.capabilities));
            let device = match c.device_type {
                1 => "endpoint class 1",
                2 => "endpoint class 2",
                3 => "endpoint class 3",
                4 => "network connectivity",
                _ => "unknown",
            };
            cx.f(format_args!(
                "\n\t    Device type [{device}] (0x{:02x})",
                c.device_type
            ));
        }
        Med::NetworkPolicy(Some(p)) => {
            let app = match p.application {
                1 => "voice",
                2 => "voice signaling",
                3 => "guest voice",
                4 => "guest voice signaling",
                5 => "softphone voice",
                6 => "video conferencing",
                7 => "streaming video",
                8 => "video signaling",
                _ => "none",
            };
            cx.f(format_args!(
                "\n\t    Application type [{app}] (0x{:02x}), Flags [",
                p.application
            ));
            let flags = [
                (p.unknown, "Unknown"),
                (p.tagged, "Tagged"),
                (p.reserved, "reserved"),
            ];
            let mut sep = "";
            for (set, name) in flags {
                if set {
                    cx.s(sep);
                    cx.s(name);
                    sep = ", ";
                }
            }
            if sep.is_empty() {
                cx.s("none");
            }
            cx.f(format_args!(
                "]\n\t    Vlan id {}, L2 priority {}, DSCP value {}",
                p.vlan, p.l2_priority, p.dscp
            ));
        }
        Med::Location(Some(l)) => {
            let name = match l.format {
                location_format::COORDINATE => "coordinate-based LCI",
                location_format::CIVIC => "civic address LCI",
                location_format::ECS_ELIN => "ECS ELIN",
                _ => "unknown",
            };
            cx.f(format_args!(
                "\n\t    Location data format {name} (0x{:02x})",
                l.format
            ));
            match l.data {
                LocationData::Coordinate(Some(c)) => write_coordinate(cx, &c),
                LocationData::Civic(Some(c)) => write_civic(cx, &c),
                LocationData::Coordinate(None) | LocationData::Civic(None) => {}
                LocationData::EcsElin(id) => {
                    cx.s("\n\t    ECS ELIN id ");
                    write_jnp(cx, id);
                }
                LocationData::Other(b) => {
                    cx.s("\n\t    Location ID ");
                    hex_print(cx, "\n\t      ", b);
                }
            }
        }
        Med::ExtendedPower(Some(p)) => {
            // tcpdump tests the low two bits of the priority for the power
            // type (an operator precedence slip in print-lldp.c).
            let kind = if p.priority & 0x03 != 0 {
                "PD device"
            } else {
                "PSE device"
            };
            let source = match p.source {
                1 => "PSE - primary power source",
                2 => "local - backup power source",
                3 => "PSE+local - reserved",
                _ => "none",
            };
            let prio = match p.priority {
                1 => "critical",
                2 => "high",
                3 => "low",
                _ => "none",
            };
            cx.f(format_args!(
                "\n\t    Power type [{kind}], Power source [{source}]\
                 \n\t    Power priority [{prio}] (0x{:02x})",
                p.priority
            ));
            if p.value < 1024 {
                cx.f(format_args!(
                    ", Power {:.1} Watts",
                    f32::from(p.value) / 10.0
                ));
            } else {
                cx.f(format_args!(", Power {} (Reserved)", p.value));
            }
        }
        Med::Inventory(s) => {
            cx.f(format_args!("\n\t  {} ", inventory_name(subtype)));
            write_jnp(cx, s);
        }
        Med::Unknown => return true,
        Med::Capabilities(None)
        | Med::NetworkPolicy(None)
        | Med::Location(None)
        | Med::ExtendedPower(None) => {}
    }
    false
}

fn write_coordinate(cx: &mut Cx<'_>, c: &Coordinate) {
    let alt = match c.altitude_type {
        1 => "meters",
        2 => "floors",
        _ => "unknown",
    };
    let datum = match c.datum {
        1 => "World Geodesic System 1984",
        2 => "North American Datum 1983 (NAVD88)",
        3 => "North American Datum 1983 (MLLW)",
        _ => "unknown",
    };
    cx.f(format_args!(
        "\n\t    Latitude resolution {}, latitude value {}\
         \n\t    Longitude resolution {}, longitude value {}\
         \n\t    Altitude type {alt} ({})\
         \n\t    Altitude resolution {}, altitude value 0x{:x}\
         \n\t    Datum {datum} (0x{:02x})",
        c.latitude_resolution,
        c.latitude,
        c.longitude_resolution,
        c.longitude,
        c.altitude_type,
        c.altitude_resolution,
        c.altitude,
        c.datum
    ));
}

fn write_civic(cx: &mut Cx<'_>, c: &Civic<'_>) {
    let what = match c.what {
        0 => "location of DHCP server",
        1 => "location of the network element believed to be closest to the client",
        2 => "location of the client",
        _ => "unknown",
    };
    cx.f(format_args!(
        "\n\t    LCI length {}, LCI what {what} (0x{:02x}), Country-code ",
        c.lci_len, c.what
    ));
    write_jnp(cx, c.country);
    for e in c.elements {
        let (ca_type, ca_len, value) = match e {
            CivicElement::Element { ca_type, value } => (ca_type, value.len(), Some(value)),
            CivicElement::Bad { ca_type, ca_len } => (ca_type, usize::from(ca_len), None),
            CivicElement::Trailing => return,
        };
        let name = match ca_type {
            1 => "national subdivisions (state,canton,region,province,prefecture)",
            2 => "county, parish, gun, district",
            3 => "city, township, shi",
            4 => "city division, borough, city district, ward chou",
            5 => "neighborhood, block",
            6 => "street",
            _ => "unknown",
        };
        cx.f(format_args!(
            "\n\t      CA type '{name}' ({ca_type}), length {ca_len}: "
        ));
        match value {
            Some(v) => write_jnp(cx, v),
            None => return,
        }
    }
}

fn write_feature(cx: &mut Cx<'_>, f: &Feature) {
    cx.f(format_args!(
        "\n\t      Oper_Version: {}\n\t      Max_Version: {}\
         \n\t      Info block(0x{:02X}): Enable bit: {}, Willing bit: {}, Error Bit: {}\
         \n\t      SubType: {}",
        f.oper_version,
        f.max_version,
        f.info,
        u8::from(f.enable()),
        u8::from(f.willing()),
        u8::from(f.error()),
        f.subtype
    ));
}

/// tcpdump's `lldp_private_dcbx_print` after the subtype line: returns
/// whether the last TLV asked for a dump.
fn write_dcbx(cx: &mut Cx<'_>, tlvs: lldp::DcbxTlvs<'_>) -> bool {
    let v = cx.o.verbose;
    let mut hexdump = false;
    for item in tlvs {
        let t = match item {
            DcbxItem::Tlv(t) => t,
            DcbxItem::Stop { .. } => return false,
        };
        hexdump = false;
        match t.body {
            DcbxBody::Control {
                oper_version,
                max_version,
                seq,
                ack,
            } => {
                cx.f(format_args!(
                    "\n\t    Control - Protocol Control (type 0x{:x}, length {})\
                     \n\t      Oper_Version: {oper_version}\
                     \n\t      Max_Version: {max_version}\
                     \n\t      Sequence Number: {seq}\
                     \n\t      Acknowledgement Number: {ack}",
                    dcbx::CONTROL,
                    t.len
                ));
            }
            DcbxBody::PriorityGroups {
                feature,
                pgid,
                percent,
                num_tcs,
            } => {
                cx.f(format_args!(
                    "\n\t    Feature - Priority Group (type 0x{:x}, length {})",
                    dcbx::PRIORITY_GROUPS,
                    t.len
                ));
                write_feature(cx, &feature);
                cx.s("\n\t      Priority Allocation");
                for (i, p) in pgid.iter().enumerate() {
                    cx.f(format_args!("\n\t          PgId_{i}: {p}"));
                }
                cx.s("\n\t      Priority Group Allocation");
                for (i, p) in percent.iter().enumerate() {
                    cx.f(format_args!("\n\t          Pg percentage[{i}]: {p}"));
                }
                cx.f(format_args!("\n\t      NumTCsSupported: {num_tcs}"));
            }
            DcbxBody::Pfc {
                feature,
                config,
                num_tcs,
            } => {
                cx.f(format_args!(
                    "\n\t    Feature - Priority Flow Control (type 0x{:x}, length {})",
                    dcbx::PFC,
                    t.len
                ));
                write_feature(cx, &feature);
                cx.f(format_args!("\n\t      PFC Config (0x{config:02X})"));
                for i in 0..8 {
                    let on = if config & (1 << i) != 0 {
                        "Enabled"
                    } else {
                        "Disabled"
                    };
                    cx.f(format_args!("\n\t          Priority Bit {i}: {on}"));
                }
                cx.f(format_args!("\n\t      NumTCPFCSupported: {num_tcs}"));
            }
            DcbxBody::Application { feature, apps } => {
                cx.f(format_args!(
                    "\n\t    Feature - Application (type 0x{:x}, length {})",
                    dcbx::APPLICATION,
                    t.len
                ));
                write_feature(cx, &feature);
                for a in apps {
                    cx.f(format_args!(
                        "\n\t      Application Value\
                         \n\t          Application Protocol ID: 0x{:04x}\
                         \n\t          SF (0x{:x}) Application Protocol ID is {}\
                         \n\t          OUI: 0x{:06x}\
                         \n\t          User Priority Map: 0x{:02x}",
                        a.protocol,
                        a.selector,
                        if a.selector != 0 {
                            "Socket Number"
                        } else {
                            "L2 EtherType"
                        },
                        a.oui,
                        a.priority_map
                    ));
                }
            }
            DcbxBody::Unknown => hexdump = true,
        }
        if v > 1 || (v > 0 && hexdump) {
            hex_print(cx, "\n\t    ", t.value);
        }
    }
    hexdump
}

#[cfg(test)]
mod tests {
    use super::super::ethernet::tests::{eth, text};

    fn tlv(kind: u8, value: &[u8]) -> Vec<u8> {
        let h = u16::from(kind) << 9 | value.len() as u16;
        [&h.to_be_bytes()[..], value].concat()
    }

    fn lldp(tlvs: &[Vec<u8>]) -> Vec<u8> {
        eth(0x88cc, &tlvs.concat())
    }

    #[test]
    fn system_name_without_v() {
        let f = lldp(&[
            tlv(1, &[4, 2, 0, 0, 0, 0, 1]),
            tlv(5, b"sw\x01"),
            tlv(0, &[]),
        ]);
        assert_eq!(text(1, &f, f.len() as u32, ""), "LLDP, length 16: sw^A");
        assert_eq!(
            text(1, &f[..20], f.len() as u32, ""),
            "LLDP, length 16 [|lldp]"
        );
    }

    #[test]
    fn verbose_tlvs() {
        let f = lldp(&[
            tlv(1, &[4, 2, 0, 0, 0, 0, 1]),
            tlv(2, &[5, b'e', b't', b'h', b'0']),
            tlv(3, &[0, 120]),
            tlv(7, &[0, 0x14, 0, 0x00]),
            tlv(8, &[5, 1, 10, 0, 0, 1, 2, 0, 0, 0, 3, 0]),
            tlv(0, &[]),
        ]);
        let t = text(1, &f, f.len() as u32, "-v");
        assert_eq!(
            t,
            "LLDP, length 42\
             \n\tChassis ID TLV (1), length 7\
             \n\t  Subtype MAC address (4): 02:00:00:00:00:01\
             \n\tPort ID TLV (2), length 5\
             \n\t  Subtype Interface Name (5): eth0\
             \n\tTime to Live TLV (3), length 2: TTL 120s\
             \n\tSystem Capabilities TLV (7), length 4\
             \n\t  System  Capabilities [Bridge, Router] (0x0014)\
             \n\t  Enabled Capabilities [none] (0x0000)\
             \n\tManagement Address TLV (8), length 12\
             \n\t  Management Address length 5, AFI IPv4 (1): 10.0.0.1\
             \n\t  Interface Index Interface Numbering (2): 3\
             \n\tEnd TLV (0), length 0"
        );
        let vv = text(1, &f, f.len() as u32, "-vv");
        assert!(vv.contains("TTL 120s\n\t  0x0000:  0078\n"), "{vv}");
    }

    #[test]
    fn short_tlvs_end_the_line() {
        let f = lldp(&[tlv(3, &[0]), tlv(0, &[])]);
        assert_eq!(
            text(1, &f, f.len() as u32, "-v"),
            "LLDP, length 5\n\tTime to Live TLV (3), length 1 [|lldp]"
        );
        assert_eq!(text(1, &f, f.len() as u32, ""), "LLDP, length 5");
        let f = lldp(&[tlv(99, &[1, 2, 3]), tlv(0, &[])]);
        assert_eq!(
            text(1, &f, f.len() as u32, "-v"),
            "LLDP, length 7\n\tUnknown TLV (99), length 3\
             \n\t  0x0000:  0102 03\n\tEnd TLV (0), length 0"
        );
    }

    #[test]
    fn org_tlvs() {
        let f = lldp(&[
            tlv(127, &[0x00, 0x80, 0xc2, 1, 0, 7]),
            tlv(127, &[0x00, 0x12, 0x0f, 4, 0x05, 0xdc]),
            tlv(127, &[0x00, 0x12, 0xbb, 2, 1, 0x40, 0x14, 0xae]),
            tlv(127, &[0x12, 0x34, 0x56, 1]),
            tlv(0, &[]),
        ]);
        assert_eq!(
            text(1, &f, f.len() as u32, "-v"),
            "LLDP, length 34\
             \n\tOrganization specific TLV (127), length 6: OUI Ethernet bridged (0x0080c2)\
             \n\t  Port VLAN Id Subtype (1)\
             \n\t    port vlan id (PVID): 7\
             \n\tOrganization specific TLV (127), length 6: OUI IEEE 802.3 Private (0x00120f)\
             \n\t  Max frame size Subtype (4)\
             \n\t    MTU size 1500\
             \n\tOrganization specific TLV (127), length 8: OUI ANSI/TIA (0x0012bb)\
             \n\t  Network policy Subtype (2)\
             \n\t    Application type [voice] (0x01), Flags [Tagged]\
             \n\t    Vlan id 10, L2 priority 2, DSCP value 46\
             \n\tOrganization specific TLV (127), length 4: OUI Unknown (0x123456)\
             \n\t  0x0000:  1234 5601\
             \n\tEnd TLV (0), length 0"
        );
    }
}
