//! The JSON view of the IPv4 header (`ipv4`).

use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use super::{Hex, Ip4Str};
use crate::decode::ipv4::{self, Form, IpOption, Ipv4, TsEntry, TsKind};

/// `ipv4`: the whole header, or only its version when no more was read.
pub(super) struct View<'d, 'a>(pub &'d Ipv4<'a>);

impl Serialize for View<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ip = self.0;
        match ip.form {
            // Only the version nibble was read: say so, rather than show
            // zeroed fields as if they had been on the wire.
            Form::BadVersion(_) | Form::Short => Ipv4Partial {
                version: ip.header.version,
                invalid: matches!(ip.form, Form::BadVersion(_)).then_some("bad_version"),
            }
            .serialize(s),
            _ => full(ip).serialize(s),
        }
    }
}

#[derive(Serialize)]
struct IpFlags {
    df: bool,
    mf: bool,
    reserved: bool,
}

#[derive(Serialize)]
struct Ipv4View<'a> {
    src: Ip4Str,
    dst: Ip4Str,
    version: u8,
    header_len: u8,
    tos: u8,
    length: u16,
    id: u16,
    flags: IpFlags,
    frag_offset: u32,
    ttl: u8,
    proto: u8,
    checksum: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    checksum_ok: Option<bool>,
    #[serde(skip_serializing_if = "<[u8]>::is_empty")]
    options: HexBytes<'a>,
    #[serde(skip_serializing_if = "OptionList::is_empty")]
    option_list: OptionList<'a>,
    /// Why the header is unusable, when it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    invalid: Option<&'static str>,
}

/// Bytes as hex, skipped when empty.
struct HexBytes<'a>(&'a [u8]);

impl std::ops::Deref for HexBytes<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.0
    }
}

impl Serialize for HexBytes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Hex(self.0).serialize(s)
    }
}

/// An IPv4 header of which only the version nibble was usable.
#[derive(Serialize)]
struct Ipv4Partial {
    version: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    invalid: Option<&'static str>,
}

fn full<'a>(ip: &Ipv4<'a>) -> Ipv4View<'a> {
    let h = &ip.header;
    Ipv4View {
        src: Ip4Str(h.src),
        dst: Ip4Str(h.dst),
        version: h.version,
        header_len: h.header_len,
        tos: h.tos,
        length: h.total_len,
        id: h.id,
        flags: IpFlags {
            df: h.dont_fragment(),
            mf: h.more_fragments(),
            reserved: h.frag & ipv4::FLAG_RESERVED != 0,
        },
        frag_offset: h.frag_offset(),
        ttl: h.ttl,
        proto: h.proto,
        checksum: h.checksum,
        checksum_ok: ip.header_checksum().map(|s| s == 0),
        options: HexBytes(ip.options),
        option_list: OptionList(*ip),
        invalid: match ip.form {
            Form::BadHeaderLen => Some("bad_header_length"),
            Form::BadTotalLen => Some("bad_total_length"),
            Form::TruncatedIp => Some("short_packet"),
            Form::BadVersion(_) | Form::Short | Form::Ok => None,
        },
    }
}

/// `option_list`: the options as the decoder typed them, in order.
struct OptionList<'a>(Ipv4<'a>);

impl OptionList<'_> {
    fn is_empty(&self) -> bool {
        self.0.options().next().is_none()
    }
}

impl Serialize for OptionList<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for o in self.0.options() {
            seq.serialize_element(&OptionView(o))?;
        }
        seq.end()
    }
}

struct OptionView<'a>(IpOption<'a>);

impl Serialize for OptionView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Object", 1)?;
        match self.0 {
            IpOption::Eol => m.serialize_field("kind", "eol")?,
            IpOption::Nop => m.serialize_field("kind", "nop")?,
            IpOption::Route(r) => {
                let kind = match r.code() {
                    ipv4::OPT_RR => "rr",
                    ipv4::OPT_LSRR => "lsrr",
                    _ => "ssrr",
                };
                m.serialize_field("kind", kind)?;
                m.serialize_field("code", &r.code())?;
                m.serialize_field("length", &r.length())?;
                m.serialize_field("pointer", &r.pointer())?;
                m.serialize_field("addresses", &Seq(|| r.addresses()))?;
                if r.odd_length() {
                    m.serialize_field("bad_length", &true)?;
                }
            }
            IpOption::Timestamp(t) => {
                m.serialize_field("kind", "timestamp")?;
                m.serialize_field("code", &ipv4::OPT_TS)?;
                m.serialize_field("length", &t.length())?;
                m.serialize_field("pointer", &t.pointer())?;
                m.serialize_field("overflow", &t.overflow_flag().map(|(o, _)| o))?;
                m.serialize_field("flag", &t.overflow_flag().map(|(_, f)| f))?;
                let layout = t.kind().map(|k| match k {
                    TsKind::TsOnly => "timestamps",
                    TsKind::TsAndAddr => "addresses_and_timestamps",
                    TsKind::Prespecified => "prespecified",
                    TsKind::Unknown(_) => "unknown",
                });
                m.serialize_field("layout", &layout)?;
                m.serialize_field("entries", &Seq(|| t.records().map(TsView)))?;
            }
            IpOption::RouterAlert(ra) => {
                m.serialize_field("kind", "router_alert")?;
                m.serialize_field("code", &ipv4::OPT_RA)?;
                m.serialize_field("length", &ra.length)?;
                m.serialize_field("value", &ra.value)?;
            }
            IpOption::Other { code, data } => {
                let kind = match code {
                    ipv4::OPT_SECURITY => "security",
                    ipv4::OPT_TRACEROUTE => "traceroute",
                    _ => "unknown",
                };
                m.serialize_field("kind", kind)?;
                m.serialize_field("code", &code)?;
                m.serialize_field("length", &data.len())?;
                m.serialize_field("data", &Hex(data.get(2..).unwrap_or(&[])))?;
            }
            IpOption::BadLength { code, len } => {
                m.serialize_field("error", "bad_length")?;
                m.serialize_field("code", &code)?;
                m.serialize_field("len", &len)?;
            }
            IpOption::Truncated { code } => {
                m.serialize_field("error", "truncated")?;
                m.serialize_field("code", &code)?;
            }
            IpOption::Cut { code } => {
                m.serialize_field("error", "truncated")?;
                if let Some(code) = code {
                    m.serialize_field("code", &code)?;
                }
            }
        }
        m.end()
    }
}

/// One timestamp entry: `timestamp`, and `address` when the layout has
/// addresses.
struct TsView(TsEntry);

impl Serialize for TsView {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Object", 1)?;
        if let Some(a) = self.0.addr {
            m.serialize_field("address", &a)?;
        }
        m.serialize_field("timestamp", &self.0.timestamp)?;
        m.end()
    }
}

/// A sequence serialised from an iterator made on demand.
struct Seq<F>(F);

impl<F, I> Serialize for Seq<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}
