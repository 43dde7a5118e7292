//! ICMP in JSON: the header, the fields the type gives meaning to, the
//! datagram an error quotes, and RFC 4884 extensions. See docs/json.md.

use std::net::Ipv4Addr;

use serde::ser::SerializeSeq;
use serde::{Serialize, Serializer};

use super::Hex;
use crate::decode::icmp::{
    kind, unreach, Body, ExtHeader, ExtItem, Extension, Icmp, Message, ObjData, Quoted,
};
use crate::decode::ipv4::Form;
use crate::decode::tcp;
use crate::decode::udp;

#[derive(Serialize)]
pub(super) struct IcmpView<'a> {
    #[serde(rename = "type")]
    icmp_type: u8,
    code: u8,
    /// snake_case name of the type; null when unknown.
    name: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code_name: Option<&'static str>,
    /// null when not captured.
    checksum: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    checksum_ok: Option<bool>,
    length: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    seq: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gateway: Option<Ipv4Addr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mtu: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pointer: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    originate: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    receive: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    transmit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mask: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lifetime: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    num_addrs: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    addr_entry_size: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    routers: Option<Routers<'a>>,
    /// The fields the type needs were not all captured.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    truncated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    quoted: Option<QuotedView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extensions: Option<ExtView<'a>>,
}

/// The datagram an error message quotes (the first level only).
#[derive(Serialize)]
struct QuotedView {
    src: Ipv4Addr,
    dst: Ipv4Addr,
    proto: u8,
    ttl: u8,
    id: u16,
    length: u16,
    header_len: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    src_port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dst_port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    icmp_type: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    icmp_code: Option<u8>,
    /// Quoted bytes captured (bounded by the quoted total length).
    captured: usize,
}

struct Routers<'a>(Message<'a>);

#[derive(Serialize)]
struct RouterView {
    addr: Ipv4Addr,
    /// RFC 1256: a signed, two's-complement preference.
    preference: i32,
}

impl Serialize for Routers<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for e in self.0.router_entries() {
            seq.serialize_element(&RouterView {
                addr: e.addr,
                preference: e.preference as i32,
            })?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct ExtView<'a> {
    version: u8,
    checksum: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    checksum_ok: Option<bool>,
    length: u32,
    objects: Objects<'a>,
}

struct Objects<'a>(ExtHeader<'a>);

#[derive(Serialize)]
struct ObjectView<'a> {
    class: u8,
    ctype: u8,
    length: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    mpls: Option<MplsView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<Hex<'a>>,
}

#[derive(Serialize)]
struct MplsView {
    label: u32,
    tc: u8,
    bottom_of_stack: bool,
    ttl: u8,
}

impl Serialize for Objects<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        // A version other than 2 is not walked (nor printed by tcpdump).
        if self.0.version == 2 {
            for item in self.0.objects() {
                let ExtItem::Object {
                    length,
                    class,
                    ctype,
                    data,
                } = item
                else {
                    break;
                };
                let (mpls, raw) = match data {
                    ObjData::Mpls {
                        label,
                        tc,
                        bottom,
                        ttl,
                    } => (
                        Some(MplsView {
                            label,
                            tc,
                            bottom_of_stack: bottom,
                            ttl,
                        }),
                        None,
                    ),
                    ObjData::Raw(b) => (None, Some(Hex(b))),
                    ObjData::Bad | ObjData::MplsTruncated => (None, None),
                };
                seq.serialize_element(&ObjectView {
                    class,
                    ctype,
                    length,
                    mpls,
                    data: raw,
                })?;
            }
        }
        seq.end()
    }
}

/// The snake_case name of a type.
pub(crate) fn type_name(t: u8) -> Option<&'static str> {
    Some(match t {
        kind::ECHO_REPLY => "echo_reply",
        kind::UNREACH => "dest_unreachable",
        kind::SOURCE_QUENCH => "source_quench",
        kind::REDIRECT => "redirect",
        kind::ECHO => "echo_request",
        kind::ROUTER_ADVERT => "router_advertisement",
        kind::ROUTER_SOLICIT => "router_solicitation",
        kind::TIME_EXCEEDED => "time_exceeded",
        kind::PARAM_PROBLEM => "parameter_problem",
        kind::TSTAMP => "timestamp_request",
        kind::TSTAMP_REPLY => "timestamp_reply",
        kind::INFO_REQUEST => "info_request",
        kind::INFO_REPLY => "info_reply",
        kind::MASK_REQUEST => "address_mask_request",
        kind::MASK_REPLY => "address_mask_reply",
        kind::EXT_ECHO => "extended_echo_request",
        kind::EXT_ECHO_REPLY => "extended_echo_reply",
        _ => return None,
    })
}

/// The snake_case name of a code, for the types whose codes have names.
pub(crate) fn code_name(t: u8, code: u8) -> Option<&'static str> {
    Some(match (t, code) {
        (kind::UNREACH, unreach::NET) => "net_unreachable",
        (kind::UNREACH, unreach::HOST) => "host_unreachable",
        (kind::UNREACH, unreach::PROTOCOL) => "protocol_unreachable",
        (kind::UNREACH, unreach::PORT) => "port_unreachable",
        (kind::UNREACH, unreach::NEED_FRAG) => "fragmentation_needed",
        (kind::UNREACH, unreach::SRC_ROUTE_FAILED) => "source_route_failed",
        (kind::UNREACH, unreach::NET_UNKNOWN) => "net_unknown",
        (kind::UNREACH, unreach::HOST_UNKNOWN) => "host_unknown",
        (kind::UNREACH, unreach::ISOLATED) => "source_host_isolated",
        (kind::UNREACH, unreach::NET_PROHIB) => "net_prohibited",
        (kind::UNREACH, unreach::HOST_PROHIB) => "host_prohibited",
        (kind::UNREACH, unreach::TOS_NET) => "net_tos_unreachable",
        (kind::UNREACH, unreach::TOS_HOST) => "host_tos_unreachable",
        (kind::UNREACH, unreach::FILTER_PROHIB) => "admin_prohibited",
        (kind::UNREACH, unreach::HOST_PRECEDENCE) => "host_precedence_violation",
        (kind::UNREACH, unreach::PRECEDENCE_CUTOFF) => "precedence_cutoff",
        (kind::REDIRECT, 0) => "redirect_net",
        (kind::REDIRECT, 1) => "redirect_host",
        (kind::REDIRECT, 2) => "redirect_tos_net",
        (kind::REDIRECT, 3) => "redirect_tos_host",
        (kind::TIME_EXCEEDED, 0) => "ttl_exceeded_in_transit",
        (kind::TIME_EXCEEDED, 1) => "reassembly_time_exceeded",
        (kind::PARAM_PROBLEM, 0) => "pointer",
        (kind::PARAM_PROBLEM, 1) => "missing_option",
        (kind::PARAM_PROBLEM, 2) => "bad_length",
        _ => return None,
    })
}

pub(super) fn view<'a>(i: &Icmp<'a>) -> IcmpView<'a> {
    let m = &i.msg;
    let mut v = IcmpView {
        icmp_type: m.icmp_type,
        code: m.code,
        name: type_name(m.icmp_type),
        code_name: code_name(m.icmp_type, m.code),
        checksum: m.checksum,
        checksum_ok: m.computed_checksum().map(|s| s == 0),
        length: m.length,
        id: None,
        seq: None,
        gateway: None,
        mtu: None,
        pointer: None,
        originate: None,
        receive: None,
        transmit: None,
        mask: None,
        lifetime: None,
        num_addrs: None,
        addr_entry_size: None,
        routers: None,
        truncated: false,
        quoted: None,
        extensions: None,
    };
    match m.body {
        Body::Echo { id, seq } | Body::TimestampRequest { id, seq } => {
            v.id = Some(id);
            v.seq = Some(seq);
        }
        Body::Unreachable { mtu, .. } => {
            if m.code == unreach::NEED_FRAG {
                v.mtu = Some(mtu);
            }
        }
        Body::Redirect { gateway, .. } => v.gateway = Some(gateway),
        Body::RouterAdvert {
            num,
            entry_size,
            lifetime,
            ..
        } => {
            v.num_addrs = Some(num);
            v.addr_entry_size = Some(entry_size);
            v.lifetime = Some(lifetime);
            v.routers = Some(Routers(*m));
        }
        Body::ParamProblem { pointer } => v.pointer = pointer,
        Body::TimestampReply {
            id,
            seq,
            originate,
            receive,
            transmit,
        } => {
            v.id = Some(id);
            v.seq = Some(seq);
            v.originate = Some(originate);
            v.receive = Some(receive);
            v.transmit = Some(transmit);
        }
        Body::MaskReply { mask } => v.mask = Some(mask),
        Body::Plain => match (m.icmp_type, m.rest) {
            (kind::INFO_REQUEST | kind::INFO_REPLY | kind::MASK_REQUEST, Some(r)) => {
                v.id = Some((r >> 16) as u16);
                v.seq = Some(r as u16);
            }
            // RFC 8335: a 16-bit identifier, then an 8-bit sequence number.
            (kind::EXT_ECHO | kind::EXT_ECHO_REPLY, Some(r)) => {
                v.id = Some((r >> 16) as u16);
                v.seq = Some(u16::from((r >> 8) as u8));
            }
            _ => {}
        },
        Body::TimeExceeded { .. } => {}
        Body::Truncated { .. } => v.truncated = true,
    }
    v.quoted = quoted(i);
    if let Extension::Present(h) = m.ext {
        if h.believed() {
            v.extensions = Some(ExtView {
                version: h.version,
                checksum: h.checksum,
                checksum_ok: h.computed.map(|s| s == 0),
                length: h.length,
                objects: Objects(h),
            });
        }
    }
    v
}

fn quoted(i: &Icmp<'_>) -> Option<QuotedView> {
    let q = i.quotes.first()?;
    let ip = q.ip?;
    if matches!(ip.form, Form::Short | Form::BadVersion(_)) {
        return None;
    }
    let h = &ip.header;
    let mut v = QuotedView {
        src: h.src,
        dst: h.dst,
        proto: h.proto,
        ttl: h.ttl,
        id: h.id,
        length: h.total_len,
        header_len: h.header_len,
        src_port: None,
        dst_port: None,
        icmp_type: None,
        icmp_code: None,
        captured: q.bytes.len(),
    };
    match q.transport {
        Quoted::Udp(u) if u.form != udp::Form::NoPorts => {
            v.src_port = Some(u.src_port);
            v.dst_port = Some(u.dst_port);
        }
        Quoted::Tcp(t) if t.form != tcp::Form::NoPorts => {
            v.src_port = Some(t.header.src_port);
            v.dst_port = Some(t.header.dst_port);
        }
        Quoted::Icmp(m) => {
            v.icmp_type = Some(m.icmp_type);
            v.icmp_code = Some(m.code);
        }
        _ => {}
    }
    Some(v)
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::decode::{decode, LinkType, Transport};
    use crate::testdata::PORT_UNREACH;
    use serde_json::{json, Value};

    fn json_of(frame: &[u8]) -> Value {
        let d = decode(LinkType::RAW, frame, frame.len() as u32);
        let Transport::Icmp(i) = d.transport else {
            panic!("not icmp")
        };
        serde_json::to_value(view(&i)).unwrap()
    }

    #[test]
    fn port_unreachable() {
        assert_eq!(
            json_of(&PORT_UNREACH),
            json!({
                "type": 3, "code": 3, "name": "dest_unreachable",
                "code_name": "port_unreachable", "checksum": 0x4c7c,
                "checksum_ok": true, "length": 44,
                "quoted": {
                    "src": "10.0.0.2", "dst": "10.0.0.3", "proto": 17, "ttl": 1,
                    "id": 0x1234, "length": 36, "header_len": 20,
                    "src_port": 40000, "dst_port": 33434, "captured": 36
                }
            })
        );
    }

    #[test]
    fn cut_message_and_other_types() {
        // Cut inside the quoted UDP ports: the quoted port is missing.
        let v = json_of(&PORT_UNREACH[..50]);
        assert_eq!(v["truncated"], json!(true));
        assert_eq!(v["checksum_ok"], Value::Null);
        assert_eq!(v["quoted"]["src"], json!("10.0.0.2"));
        assert_eq!(v["quoted"].get("src_port"), None);

        // Need to fragment, next-hop MTU 1400.
        let mut f = PORT_UNREACH;
        f[21] = 4;
        f[26..28].copy_from_slice(&1400u16.to_be_bytes());
        let v = json_of(&f);
        assert_eq!(
            (&v["code_name"], &v["mtu"], &v["checksum_ok"]),
            (&json!("fragmentation_needed"), &json!(1400), &json!(false))
        );

        // Redirect to 192.168.1.254.
        let mut f = PORT_UNREACH;
        f[20..22].copy_from_slice(&[5, 1]);
        f[24..28].copy_from_slice(&[192, 168, 1, 254]);
        let v = json_of(&f);
        assert_eq!(
            (&v["name"], &v["code_name"], &v["gateway"]),
            (
                &json!("redirect"),
                &json!("redirect_host"),
                &json!("192.168.1.254")
            )
        );

        // An unknown type keeps its numbers and has a null name.
        let mut f = PORT_UNREACH;
        f[20] = 99;
        let v = json_of(&f);
        assert_eq!((&v["type"], &v["name"]), (&json!(99), &Value::Null));
        assert_eq!(v.get("quoted"), None);
    }
}
