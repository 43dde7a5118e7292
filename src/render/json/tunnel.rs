//! Tunnels in JSON: the `vxlan`, `vxlan_gpe`, `geneve`, `gre` and `mpls`
//! objects
//! (docs/json.md, "Tunnels"). What a tunnel carries is the `inner` object
//! beside it; fields not captured are left out.

use std::net::Ipv4Addr;

use serde::ser::SerializeSeq;
use serde::{Serialize, Serializer};

use super::Hex;
use crate::decode::geneve::{Form, Geneve, GeneveOption};
use crate::decode::gre::{self as g, Gre, PppPrefix, PppProtocol, Sre, SreCheck, SreItem};
use crate::decode::mpls::{Mpls, Payload, StackEnd};
use crate::decode::nsh::{self, Nsh, Tlv};
use crate::decode::vxlan::{self as vx, Gpe, Vxlan};

#[derive(Serialize)]
pub(super) struct VxlanView {
    #[serde(skip_serializing_if = "Option::is_none")]
    flags: Option<u8>,
    /// The I flag: the VNI is valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    vni_valid: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vni: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    invalid: Option<&'static str>,
}

pub(super) fn vxlan_view(v: &Vxlan) -> VxlanView {
    let ok = !v.too_short();
    VxlanView {
        flags: v.flags.filter(|_| ok),
        vni_valid: v.flags.filter(|_| ok).map(|f| f & vx::FLAG_I != 0),
        vni: v.vni.filter(|_| ok),
        invalid: v.too_short().then_some("too_short"),
    }
}

#[derive(Serialize)]
pub(super) struct GpeView {
    #[serde(skip_serializing_if = "Option::is_none")]
    flags: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vni_valid: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_protocol: Option<u8>,
    /// `ipv4`, `ipv6`, `ethernet`, `nsh` or `unknown`.
    #[serde(skip_serializing_if = "Option::is_none")]
    payload: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vni: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    invalid: Option<&'static str>,
}

pub(super) fn gpe_view(g: &Gpe) -> GpeView {
    let ok = !g.too_short();
    GpeView {
        flags: g.flags.filter(|_| ok),
        vni_valid: g.flags.filter(|_| ok).map(|f| f & vx::FLAG_I != 0),
        next_protocol: g.next_protocol.filter(|_| ok),
        payload: g.next_protocol.filter(|_| ok).map(|n| match n {
            vx::NEXT_IPV4 => "ipv4",
            vx::NEXT_IPV6 => "ipv6",
            vx::NEXT_ETHERNET => "ethernet",
            vx::NEXT_NSH => "nsh",
            _ => "unknown",
        }),
        vni: g.vni.filter(|_| ok),
        invalid: g.too_short().then_some("too_short"),
    }
}

#[derive(Serialize)]
pub(super) struct GeneveView<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    oam: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    critical: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    flags: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    protocol: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vni: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reserved: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    options_len: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    options: Option<GeneveOptions<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    invalid: Option<&'static str>,
}

pub(super) fn geneve_view<'a>(g: &Geneve<'a>) -> GeneveView<'a> {
    let fields = !matches!(g.form, Form::TooShort | Form::Cut);
    GeneveView {
        version: fields.then_some(g.version),
        oam: fields.then_some(g.flags & 0x80 != 0),
        critical: fields.then_some(g.flags & 0x40 != 0),
        flags: fields.then_some(g.flags),
        protocol: fields.then_some(g.protocol),
        vni: fields.then_some(g.vni),
        reserved: fields.then_some(g.reserved),
        options_len: fields.then_some(g.opts_len),
        options: (g.form == Form::Ok).then_some(GeneveOptions(*g)),
        invalid: match g.form {
            Form::TooShort => Some("too_short"),
            Form::BadVersion => Some("bad_version"),
            Form::OptionsTooLong => Some("options_too_long"),
            _ => None,
        },
    }
}

pub(super) struct GeneveOptions<'a>(Geneve<'a>);

impl Serialize for GeneveOptions<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for o in self.0.options() {
            seq.serialize_element(&OptionView(o))?;
        }
        seq.end()
    }
}

struct OptionView<'a>(GeneveOption<'a>);

impl Serialize for OptionView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct V<'a> {
            class: u16,
            #[serde(rename = "type")]
            opt_type: u8,
            critical: bool,
            length: u32,
            #[serde(skip_serializing_if = "Option::is_none")]
            data: Option<Hex<'a>>,
            #[serde(skip_serializing_if = "std::ops::Not::not")]
            bad_length: bool,
        }
        let o = &self.0;
        V {
            class: o.class,
            opt_type: o.opt_type,
            critical: o.critical(),
            length: o.len,
            data: (!o.bad_length).then_some(Hex(o.data)),
            bad_length: o.bad_length,
        }
        .serialize(s)
    }
}

#[derive(Serialize)]
struct GreFlags {
    checksum: bool,
    routing: bool,
    key: bool,
    sequence: bool,
    strict_route: bool,
    ack: bool,
}

#[derive(Serialize)]
pub(super) struct GreView<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    flags: Option<GreFlags>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recursion: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    protocol: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    checksum: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    offset: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<u32>,
    /// Version 1: the key's halves.
    #[serde(skip_serializing_if = "Option::is_none")]
    payload_length: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    call_id: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sequence: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ack: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    routing: Option<Routes<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ppp: Option<PppView>,
    length: u32,
}

pub(super) fn gre_view<'a>(gre: &Gre<'a>) -> GreView<'a> {
    let v1 = gre.version() == Some(1);
    GreView {
        version: gre.version(),
        flags: gre.flags.map(|f| GreFlags {
            checksum: f & g::FLAG_CHECKSUM != 0,
            routing: f & g::FLAG_ROUTING != 0,
            key: f & g::FLAG_KEY != 0,
            sequence: f & g::FLAG_SEQ != 0,
            strict_route: f & g::FLAG_STRICT_ROUTE != 0,
            ack: f & g::FLAG_ACK != 0,
        }),
        recursion: gre.flags.map(|f| ((f >> 8) & 0x07) as u8),
        protocol: gre.protocol,
        checksum: gre.checksum,
        offset: gre.offset,
        key: gre.key.filter(|_| !v1),
        payload_length: gre.key.filter(|_| v1).map(|k| (k >> 16) as u16),
        call_id: gre.key.filter(|_| v1).map(|k| k as u16),
        sequence: gre.seq,
        ack: gre.ack,
        routing: (gre.version() == Some(0) && gre.has(g::FLAG_ROUTING) && gre.protocol.is_some())
            .then_some(Routes(*gre)),
        ppp: gre.ppp.map(|p| PppView {
            address_control: p.prefix == Some(PppPrefix::AddressControl),
            protocol: match p.protocol {
                PppProtocol::Known(v) => Some(v),
                _ => None,
            },
        }),
        length: gre.length,
    }
}

#[derive(Serialize)]
struct PppView {
    address_control: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    protocol: Option<u16>,
}

/// The source route entries that were read.
pub(super) struct Routes<'a>(Gre<'a>);

impl Serialize for Routes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for item in self.0.sres() {
            if let SreItem::Entry(sre) = item {
                seq.serialize_element(&SreView(sre))?;
            }
        }
        seq.end()
    }
}

struct SreView<'a>(Sre<'a>);

impl Serialize for SreView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct V<'a> {
            address_family: u16,
            offset: u8,
            length: u8,
            #[serde(skip_serializing_if = "Option::is_none")]
            entries: Option<Entries<'a>>,
        }
        let sre = self.0;
        V {
            address_family: sre.af,
            offset: sre.sre_offset,
            length: sre.sre_len,
            entries: matches!(sre.check(), SreCheck::Entries { .. }).then_some(Entries(sre)),
        }
        .serialize(s)
    }
}

/// IPv4 addresses (strings) or AS numbers, as far as captured.
struct Entries<'a>(Sre<'a>);

impl Serialize for Entries<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for (_, v) in self.0.entries() {
            let Some(v) = v else {
                break;
            };
            if self.0.af == g::SRE_IP {
                seq.serialize_element(&Ipv4Addr::from(v))?;
            } else {
                seq.serialize_element(&v)?;
            }
        }
        seq.end()
    }
}

#[derive(Serialize)]
pub(super) struct MplsView<'a> {
    labels: Labels<'a>,
    /// `ipv4`, `ipv6`, `osi`, `unknown` or `none`, after a whole stack.
    #[serde(skip_serializing_if = "Option::is_none")]
    payload: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    invalid: Option<&'static str>,
}

pub(super) fn mpls_view<'a>(m: &Mpls<'a>) -> MplsView<'a> {
    MplsView {
        labels: Labels(*m),
        payload: match (m.end, m.payload_kind) {
            (StackEnd::Bottom, Payload::Ipv4) => Some("ipv4"),
            (StackEnd::Bottom, Payload::Ipv6) => Some("ipv6"),
            (StackEnd::Bottom, Payload::Osi) => Some("osi"),
            (StackEnd::Bottom, Payload::Unknown) => Some("unknown"),
            (StackEnd::Bottom, Payload::Empty) => Some("none"),
            _ => None,
        },
        invalid: matches!(m.end, StackEnd::Short { .. }).then_some("no_bottom_of_stack"),
    }
}

pub(super) struct Labels<'a>(Mpls<'a>);

impl Serialize for Labels<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct L {
            label: u32,
            tc: u8,
            bottom: bool,
            ttl: u8,
        }
        let mut seq = s.serialize_seq(None)?;
        for l in self.0.labels() {
            seq.serialize_element(&L {
                label: l.label,
                tc: l.tc,
                bottom: l.bottom,
                ttl: l.ttl,
            })?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
pub(super) struct NshView<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    oam: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ttl: Option<u8>,
    /// Header length in 4-byte words.
    #[serde(skip_serializing_if = "Option::is_none")]
    length: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    md_type: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_protocol: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    service_path_id: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    service_index: Option<u8>,
    /// MD type 1: the context words; MD type 2: the TLVs.
    #[serde(skip_serializing_if = "Option::is_none")]
    context: Option<Hex<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tlvs: Option<NshTlvs<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    invalid: Option<&'static str>,
}

pub(super) fn nsh_view<'a>(n: &Nsh<'a>) -> NshView<'a> {
    use nsh::Form as F;
    let base = !matches!(n.form, F::TooShort | F::Cut);
    let path = matches!(n.form, F::Ok | F::LessThanTwo);
    let ok = n.form == F::Ok;
    NshView {
        version: base.then(|| n.version()),
        oam: base.then(|| n.flags() & 0x2 != 0),
        ttl: base.then(|| n.ttl()),
        length: base.then(|| n.header_words()),
        md_type: base.then(|| n.md_type()),
        next_protocol: base.then(|| n.next_protocol()),
        service_path_id: path.then_some(n.spi),
        service_index: path.then_some(n.si),
        context: (ok && n.md_type() != nsh::MD_TYPE2).then_some(Hex(n.context)),
        tlvs: (ok && n.md_type() == nsh::MD_TYPE2).then_some(NshTlvs(*n)),
        invalid: match n.form {
            F::TooShort => Some("too_short"),
            F::BadVersion => Some("bad_version"),
            F::TooManyHeaders => Some("too_many_headers"),
            F::LessThanTwo => Some("less_than_two_headers"),
            _ => None,
        },
    }
}

pub(super) struct NshTlvs<'a>(Nsh<'a>);

impl Serialize for NshTlvs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct T<'a> {
            class: u16,
            #[serde(rename = "type")]
            tlv_type: u8,
            length: u8,
            value: Hex<'a>,
            #[serde(skip_serializing_if = "std::ops::Not::not")]
            too_big: bool,
        }
        let mut seq = s.serialize_seq(None)?;
        for t in self.0.tlvs() {
            if let Tlv::Entry {
                class,
                tlv_type,
                len,
                value,
                too_big,
            } = t
            {
                seq.serialize_element(&T {
                    class,
                    tlv_type,
                    length: len,
                    value: Hex(value),
                    too_big,
                })?;
            }
        }
        seq.end()
    }
}
