//! BOOTP/DHCP in JSON: the fixed header, then the options twice: typed
//! values keyed by snake_case name (`options`) and, in wire order with
//! their codes, `option_list`. Documented in docs/json.md ("DHCP").
//!
//! Everything serialises straight from the borrowed record: option areas
//! are walked lazily and nothing is allocated per packet (text that is not
//! UTF-8 has its bad bytes replaced while it is written).

use std::fmt::{self, Display, Write as _};
use std::net::Ipv4Addr;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::Hex;
use crate::decode::dhcp::{
    code, Area, Bootp, ClassItem, Cmu, CmuField, DhcpOption, DnsName, Field, Fqdn, Item, RouteItem,
    Routes, SubItem, SubOptions, Value, Vendor, ViBlocks, FQDN_FLAG_E, FQDN_FLAG_N, FQDN_FLAG_O,
    FQDN_FLAG_S,
};

/// The `dhcp` object.
pub(super) struct DhcpView<'d, 'a>(&'d Bootp<'a>);

pub(super) fn view<'d, 'a>(b: &'d Bootp<'a>) -> DhcpView<'d, 'a> {
    DhcpView(b)
}

/// snake_case option names (IANA's registry names, shortened).
pub(crate) fn option_name(c: u8) -> Option<&'static str> {
    crate::decode::dhcp::option_spec(c).name
}

/// snake_case DHCP message type names.
fn message_type_name(t: u8) -> Option<&'static str> {
    Some(match t {
        1 => "discover",
        2 => "offer",
        3 => "request",
        4 => "decline",
        5 => "ack",
        6 => "nak",
        7 => "release",
        8 => "inform",
        9 => "force_renew",
        10 => "lease_query",
        11 => "lease_unassigned",
        12 => "lease_unknown",
        13 => "lease_active",
        14 => "bulk_lease_query",
        15 => "lease_query_done",
        16 => "active_lease_query",
        17 => "lease_query_status",
        18 => "tls",
        _ => return None,
    })
}

fn agent_sub_name(c: u8) -> Option<&'static str> {
    Some(match c {
        1 => "circuit_id",
        2 => "remote_id",
        4 => "docsis_device_class",
        5 => "link_selection",
        6 => "subscriber_id",
        7 => "radius_attributes",
        8 => "authentication",
        9 => "vendor_specific",
        10 => "relay_agent_flags",
        11 => "server_id_override",
        12 => "relay_id",
        151 => "virtual_subnet_selection",
        152 => "virtual_subnet_selection_control",
        _ => return None,
    })
}

/// The key of an option: its name, or `option_<code>`.
struct Key(u8);

impl Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match option_name(self.0) {
            Some(n) => f.write_str(n),
            None => write!(f, "option_{}", self.0),
        }
    }
}

impl Serialize for Key {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Bytes as text, invalid UTF-8 replaced by U+FFFD.
pub(super) struct Text<'a>(pub &'a [u8]);

impl Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for chunk in self.0.utf8_chunks() {
            f.write_str(chunk.valid())?;
            if !chunk.invalid().is_empty() {
                f.write_char(char::REPLACEMENT_CHARACTER)?;
            }
        }
        Ok(())
    }
}

impl Serialize for Text<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A NUL-terminated fixed field as text (up to the first NUL).
pub(super) fn nul_text(b: &[u8]) -> Text<'_> {
    let n = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    Text(b.get(..n).unwrap_or(b))
}

/// Bytes as colon-separated hex.
struct ColonHex<'a>(&'a [u8]);

impl Serialize for ColonHex<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("{}", ColonHexDisplay(self.0)))
    }
}

struct ColonHexDisplay<'a>(&'a [u8]);

impl Display for ColonHexDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_char(':')?;
            }
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

/// A DNS name as dotted text (dots and non-printables in labels escaped
/// as in master files).
struct Name<'a>(DnsName<'a>);

impl Display for Name<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut any = false;
        for label in self.0.labels().flatten() {
            if any {
                f.write_char('.')?;
            }
            any = true;
            for &c in label {
                match c {
                    b'.' | b'\\' => write!(f, "\\{}", char::from(c))?,
                    0x21..=0x7e => f.write_char(char::from(c))?,
                    _ => write!(f, "\\{c:03}")?,
                }
            }
        }
        if !any {
            f.write_char('.')?;
        }
        Ok(())
    }
}

impl Serialize for Name<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Serialize for DhcpView<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let b = self.0;
        let mut m = s.serialize_map(None)?;
        let has = |f: Field| b.has(f);
        if has(Field::Op) {
            m.serialize_entry("op", &b.op)?;
            m.serialize_entry(
                "op_name",
                match b.op {
                    1 => "request",
                    2 => "reply",
                    _ => "unknown",
                },
            )?;
        }
        if has(Field::Htype) {
            m.serialize_entry("htype", &b.htype)?;
        }
        if has(Field::Hlen) {
            m.serialize_entry("hlen", &b.hlen)?;
        }
        if has(Field::Hops) {
            m.serialize_entry("hops", &b.hops)?;
        }
        if has(Field::Xid) {
            m.serialize_entry("xid", &b.xid)?;
        }
        if has(Field::Secs) {
            m.serialize_entry("secs", &b.secs)?;
        }
        if has(Field::Flags) {
            m.serialize_entry("flags", &b.flags)?;
            m.serialize_entry("broadcast", &b.broadcast())?;
        }
        for (f, key, a) in [
            (Field::Ciaddr, "ciaddr", b.ciaddr),
            (Field::Yiaddr, "yiaddr", b.yiaddr),
            (Field::Siaddr, "siaddr", b.siaddr),
            (Field::Giaddr, "giaddr", b.giaddr),
        ] {
            if has(f) {
                m.serialize_entry(key, &a)?;
            }
        }
        if has(Field::Chaddr) {
            m.serialize_entry("chaddr", &ColonHex(b.hardware_address()))?;
        }
        let overload = b.overload().unwrap_or(0);
        if has(Field::Sname) && overload & 2 == 0 {
            m.serialize_entry("sname", &nul_text(b.sname))?;
        }
        if has(Field::File) && overload & 1 == 0 {
            m.serialize_entry("file", &nul_text(b.file))?;
        }
        let vendor = b.vendor();
        let kind = match vendor {
            Vendor::Short => None,
            Vendor::Rfc1048(_) => Some("rfc1048"),
            Vendor::Cmu(_) => Some("cmu"),
            Vendor::Other(0) => Some("none"),
            Vendor::Other(_) => Some("other"),
        };
        if let Some(kind) = kind {
            m.serialize_entry("vendor", kind)?;
        }
        if let Some(c) = b.cookie() {
            m.serialize_entry("cookie", &c)?;
        }
        if let Vendor::Cmu(c) = vendor {
            m.serialize_entry("cmu", &CmuView(c))?;
        }
        let Vendor::Rfc1048(main) = vendor else {
            return m.end();
        };
        if let Some(t) = b.message_type() {
            m.serialize_entry("message_type", message_type_name(t.0).unwrap_or("unknown"))?;
            m.serialize_entry("message_type_code", &t.0)?;
        }
        m.serialize_entry("options", &Keyed(b))?;
        m.serialize_entry("option_list", &Listed(b))?;
        // What the options field looks like around its options.
        let mut end = false;
        let mut pad = 0usize;
        let mut truncated = None;
        for item in main {
            match item {
                Item::Pad { count } => pad += count,
                Item::End => {
                    end = true;
                    break;
                }
                Item::Truncated {
                    code,
                    len,
                    available,
                    ..
                } => {
                    truncated = Some((code, len, available.len()));
                }
                Item::Opt(_) => {}
            }
        }
        m.serialize_entry("end", &end)?;
        m.serialize_entry("pad_bytes", &pad)?;
        if end {
            let after = main_after_end(b);
            m.serialize_entry("bytes_after_end", &after)?;
        }
        if let Some((c, len, available)) = truncated {
            m.serialize_entry(
                "truncated_option",
                &TruncatedView {
                    code: c,
                    length: len,
                    available,
                },
            )?;
        }
        m.end()
    }
}

/// Bytes of the options field after its end option.
fn main_after_end(b: &Bootp<'_>) -> usize {
    let mut opts = b.options();
    while let Some(item) = opts.next() {
        if item == Item::End {
            return opts.remaining().len();
        }
    }
    0
}

/// The CMU vendor block's captured fields.
struct CmuView<'a>(Cmu<'a>);

impl Serialize for CmuView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = &self.0;
        let mut m = s.serialize_map(None)?;
        if let Some(f) = c.flags() {
            m.serialize_entry("flags", &f)?;
        }
        for (f, key) in [
            (CmuField::SubnetMask, "subnet_mask"),
            (CmuField::Gateway, "gateway"),
            (CmuField::Dns1, "dns_server_1"),
            (CmuField::Dns2, "dns_server_2"),
            (CmuField::Ien1, "ien116_server_1"),
            (CmuField::Ien2, "ien116_server_2"),
            (CmuField::Ts1, "time_server_1"),
            (CmuField::Ts2, "time_server_2"),
        ] {
            if let Some(a) = c.addr(f) {
                m.serialize_entry(key, &a)?;
            }
        }
        m.end()
    }
}

#[derive(Serialize)]
struct TruncatedView {
    code: u8,
    /// The option's length byte, when it was there.
    length: Option<u8>,
    /// Data bytes present.
    available: usize,
}

/// Every option of every area, in RFC 2131 order, up to each area's end.
fn each_option<'a>(b: &Bootp<'a>) -> impl Iterator<Item = (Area, DhcpOption<'a>)> {
    b.areas().flat_map(|(area, opts)| {
        opts.take_while(|i| *i != Item::End)
            .filter_map(move |i| match i {
                Item::Opt(o) => Some((area, o)),
                _ => None,
            })
    })
}

struct Keyed<'d, 'a>(&'d Bootp<'a>);

impl Serialize for Keyed<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        for (i, (_, o)) in each_option(self.0).enumerate() {
            // The first instance of a code wins; later ones are in the list.
            if each_option(self.0).take(i).any(|(_, p)| p.code == o.code) {
                continue;
            }
            m.serialize_entry(&Key(o.code), &ValueView(o))?;
        }
        m.end()
    }
}

struct Listed<'d, 'a>(&'d Bootp<'a>);

impl Serialize for Listed<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for (area, o) in each_option(self.0) {
            seq.serialize_element(&ListEntry { area, o })?;
        }
        seq.end()
    }
}

struct ListEntry<'a> {
    area: Area,
    o: DhcpOption<'a>,
}

impl Serialize for ListEntry<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("code", &self.o.code)?;
        m.serialize_entry("name", &Key(self.o.code))?;
        m.serialize_entry("length", &self.o.data.len())?;
        match self.area {
            Area::Options => {}
            Area::File => m.serialize_entry("area", "file")?,
            Area::Sname => m.serialize_entry("area", "sname")?,
        }
        m.serialize_entry("value", &ValueView(self.o))?;
        m.end()
    }
}

/// One option's typed value.
struct ValueView<'a>(DhcpOption<'a>);

impl Serialize for ValueView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let o = self.0;
        match o.value() {
            Value::MessageType(t) => match message_type_name(t.0) {
                Some(n) => s.serialize_str(n),
                None => s.serialize_u8(t.0),
            },
            Value::Addr(a) => a.serialize(s),
            Value::Addrs(w) => s.collect_seq(w.map(Ipv4Addr::from)),
            Value::AddrPairs(w) => {
                let (k1, k2) = if o.code == code::STATIC_ROUTES {
                    ("destination", "router")
                } else {
                    ("address", "mask")
                };
                s.collect_seq(w.map(|p| Pair { k1, k2, p }))
            }
            Value::Seconds(v) => s.serialize_u32(v),
            Value::Offset(v) => s.serialize_i32(v),
            Value::U16(v) => s.serialize_u16(v),
            Value::U16s(w) => s.collect_seq(w.be16s()),
            Value::U8(v) => s.serialize_u8(v),
            Value::Bool(v) => s.serialize_bool(v),
            Value::Text(t) => Text(t).serialize(s),
            Value::ParameterList(l) => s.collect_seq(l.iter().map(|&c| Param(c))),
            Value::ClientId { htype, id } => {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("type", &htype)?;
                if htype == 0 {
                    m.serialize_entry("id", &Text(id))?;
                } else {
                    m.serialize_entry("id", &ColonHex(id))?;
                }
                m.end()
            }
            Value::Fqdn(f) => FqdnView(f).serialize(s),
            Value::RelayAgent(subs) => AgentView(subs).serialize(s),
            Value::ClasslessRoutes(r) => RoutesView(r).serialize(s),
            Value::DomainSearch(n) => s.collect_seq(n.flatten().map(Name)),
            Value::UserClass(u) => s.collect_seq(u.filter_map(|c| match c {
                ClassItem::Instance(d) => Some(Text(d)),
                _ => None,
            })),
            Value::ViVendorClass(v) => ViView {
                blocks: v,
                sub: false,
            }
            .serialize(s),
            Value::ViVendorSpecific(v) => ViView {
                blocks: v,
                sub: true,
            }
            .serialize(s),
            Value::Flag => s.serialize_bool(true),
            Value::Raw(d) => Hex(d).serialize(s),
            Value::Malformed(d) => {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("malformed", &true)?;
                m.serialize_entry("hex", &Hex(d))?;
                m.end()
            }
        }
    }
}

struct Pair {
    k1: &'static str,
    k2: &'static str,
    p: [u8; 8],
}

impl Serialize for Pair {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let [a, b, c, d, e, f, g, h] = self.p;
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry(self.k1, &Ipv4Addr::new(a, b, c, d))?;
        m.serialize_entry(self.k2, &Ipv4Addr::new(e, f, g, h))?;
        m.end()
    }
}

struct Param(u8);

impl Serialize for Param {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("code", &self.0)?;
        m.serialize_entry("name", &Key(self.0))?;
        m.end()
    }
}

struct FqdnView<'a>(Fqdn<'a>);

impl Serialize for FqdnView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let f = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("flags", &f.flags)?;
        m.serialize_entry("server_updates", &(f.flags & FQDN_FLAG_S != 0))?;
        m.serialize_entry("override", &(f.flags & FQDN_FLAG_O != 0))?;
        m.serialize_entry("encoded", &(f.flags & FQDN_FLAG_E != 0))?;
        m.serialize_entry("no_updates", &(f.flags & FQDN_FLAG_N != 0))?;
        m.serialize_entry("rcode1", &f.rcode1)?;
        m.serialize_entry("rcode2", &f.rcode2)?;
        let wire = DnsName::uncompressed(f.name);
        if f.flags & FQDN_FLAG_E == 0 {
            m.serialize_entry("name", &Text(f.name))?;
        } else if !f.name.is_empty() && wire.is_valid() {
            m.serialize_entry("name", &Name(wire))?;
        } else {
            m.serialize_entry("name_hex", &Hex(f.name))?;
        }
        m.end()
    }
}

struct AgentView<'a>(SubOptions<'a>);

impl Serialize for AgentView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.map(SubView))
    }
}

struct SubView<'a>(SubItem<'a>);

impl Serialize for SubView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        match self.0 {
            SubItem::Sub { code: c, data } => {
                m.serialize_entry("code", &c)?;
                m.serialize_entry("name", &agent_sub_name(c))?;
                m.serialize_entry("length", &data.len())?;
                m.serialize_entry("hex", &Hex(data))?;
                if !data.is_empty() && data.iter().all(|b| (0x20..0x7f).contains(b)) {
                    m.serialize_entry("text", &Text(data))?;
                }
                if matches!(c, 5 | 11) {
                    if let Ok(a) = <[u8; 4]>::try_from(data) {
                        m.serialize_entry("address", &Ipv4Addr::from(a))?;
                    }
                }
            }
            SubItem::PastEnd {
                code: c,
                len,
                available,
            } => {
                m.serialize_entry("code", &c)?;
                m.serialize_entry("name", &agent_sub_name(c))?;
                m.serialize_entry("length", &len)?;
                m.serialize_entry("malformed", "past_end")?;
                m.serialize_entry("available", &available)?;
            }
            SubItem::Trailing(n) => {
                m.serialize_entry("malformed", "trailing")?;
                m.serialize_entry("available", &n)?;
            }
        }
        m.end()
    }
}

struct RoutesView<'a>(Routes<'a>);

impl Serialize for RoutesView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.filter_map(|r| match r {
            RouteItem::Route(r) => Some(RouteView {
                network: r.dest,
                prefix_len: r.width,
                router: r.router,
            }),
            _ => None,
        }))
    }
}

#[derive(Serialize)]
struct RouteView {
    network: Ipv4Addr,
    prefix_len: u8,
    router: Ipv4Addr,
}

struct ViView<'a> {
    blocks: ViBlocks<'a>,
    sub: bool,
}

impl Serialize for ViView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for b in self.blocks.flatten() {
            seq.serialize_element(&ViBlockView { b, sub: self.sub })?;
        }
        seq.end()
    }
}

struct ViBlockView<'a> {
    b: crate::decode::dhcp::ViBlock<'a>,
    sub: bool,
}

impl Serialize for ViBlockView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("enterprise", &self.b.enterprise)?;
        if self.sub {
            m.serialize_entry("suboptions", &ViSubs(self.b.sub_options()))?;
        } else {
            m.serialize_entry("hex", &Hex(self.b.data))?;
        }
        m.end()
    }
}

struct ViSubs<'a>(SubOptions<'a>);

impl Serialize for ViSubs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.map(|i| match i {
            SubItem::Sub { code: c, data } => ViSub {
                code: Some(c),
                hex: Some(Hex(data)),
                malformed: None,
            },
            _ => ViSub {
                code: None,
                hex: None,
                malformed: Some(true),
            },
        }))
    }
}

#[derive(Serialize)]
struct ViSub<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hex: Option<Hex<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    malformed: Option<bool>,
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::decode::{decode, App, LinkType};
    use crate::testdata::BootpFrame;

    fn json(options: &[u8]) -> serde_json::Value {
        let reply = BootpFrame {
            op: 2,
            hops: 1,
            xid: 0,
            yiaddr: [10, 0, 0, 9],
            giaddr: [10, 0, 0, 1],
            src: [10, 0, 0, 2],
            dst: [10, 0, 0, 1],
            sport: 67,
            ..BootpFrame::request()
        };
        let f = reply.frame(options);
        let d = decode(LinkType::RAW, &f, f.len() as u32);
        let App::Bootp(b) = d.app else {
            panic!("not BOOTP")
        };
        serde_json::to_value(view(&b)).unwrap()
    }

    #[test]
    fn typed_options() {
        let v = json(&[
            53, 1, 2, // offer
            54, 4, 10, 0, 0, 1, // server id
            51, 4, 0, 0, 0x0e, 0x10, // lease time 3600
            55, 2, 1, 119, // parameter request list
            121, 8, 24, 192, 168, 1, 10, 0, 0, 1, // 192.168.1.0/24 via 10.0.0.1
            119, 9, 3, b'l', b'a', b'b', 0, 1, b'x', 0xc0, 0, // lab, x.lab
            82, 4, 5, 2, 0, 0, // link selection, too short for an address
            54, 4, 10, 0, 0, 99, // a second server id: only in the list
            255,
        ]);
        let d = &v;
        assert_eq!(d["message_type"], "offer");
        assert_eq!(d["giaddr"], "10.0.0.1");
        assert_eq!(d["chaddr"], "02:00:00:00:00:01");
        let o = &d["options"];
        assert_eq!(o["server_id"], "10.0.0.1");
        assert_eq!(o["lease_time"], 3600);
        assert_eq!(o["parameter_request_list"][1]["name"], "domain_search");
        assert_eq!(
            o["classless_static_routes"][0],
            serde_json::json!({"network": "192.168.1.0", "prefix_len": 24, "router": "10.0.0.1"})
        );
        assert_eq!(o["domain_search"], serde_json::json!(["lab", "x.lab"]));
        assert_eq!(o["relay_agent_information"][0]["hex"], "0000");
        let list = d["option_list"].as_array().unwrap();
        assert_eq!(list.len(), 8);
        assert_eq!(list[7]["value"], "10.0.0.99");
        assert_eq!(d["end"], true);
    }

    #[test]
    fn malformed_and_unknown() {
        let v = json(&[
            51, 2, 0, 1, // lease time of 2 bytes
            222, 2, 0xab, 0xcd, // unknown
        ]);
        assert_eq!(
            v["options"]["lease_time"],
            serde_json::json!({"malformed": true, "hex": "0001"})
        );
        assert_eq!(v["options"]["option_222"], "abcd");
        assert_eq!(v["end"], false);
    }
}
