//! TCP in JSON: the header with raw (absolute) numbers, a flags object,
//! typed options, and the text-protocol payload summaries. See the TCP
//! section of `docs/json.md`.

use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use super::Hex;
use crate::decode::tcp::options::{
    kind, BadOption, CutOption, FastOpen, OptItem, OptValue, Options, TcpAo,
};
use crate::decode::tcp::{self as t, Form, Tcp};
use crate::decode::txtproto::{Line, SshBanner, Text};

#[derive(Serialize)]
struct Flags {
    fin: bool,
    syn: bool,
    rst: bool,
    psh: bool,
    ack: bool,
    urg: bool,
    ece: bool,
    cwr: bool,
    /// RFC 3540 nonce sum / AccECN AE bit (the low bit of the reserved
    /// nibble).
    ae: bool,
}

#[derive(Serialize)]
pub(super) struct TcpView<'a> {
    src_port: u16,
    dst_port: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    seq: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ack: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    header_len: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    flags: Option<Flags>,
    #[serde(skip_serializing_if = "Option::is_none")]
    window: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    checksum: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    urgent: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    options: Option<OptionsView<'a>>,
    payload_len: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    invalid: Option<&'static str>,
}

pub(super) fn view<'a>(tcp: &Tcp<'a>) -> TcpView<'a> {
    let h = &tcp.header;
    let full = !matches!(tcp.form, Form::NoPorts | Form::ShortHeader);
    let with_options = matches!(tcp.form, Form::Ok | Form::HeaderTooLong) && h.header_len > 20;
    TcpView {
        src_port: h.src_port,
        dst_port: h.dst_port,
        seq: full.then_some(h.seq),
        ack: full.then_some(h.ack),
        header_len: full.then_some(h.header_len),
        flags: full.then(|| Flags {
            fin: tcp.has(t::FLAG_FIN),
            syn: tcp.has(t::FLAG_SYN),
            rst: tcp.has(t::FLAG_RST),
            psh: tcp.has(t::FLAG_PSH),
            ack: tcp.has(t::FLAG_ACK),
            urg: tcp.has(t::FLAG_URG),
            ece: tcp.has(t::FLAG_ECE),
            cwr: tcp.has(t::FLAG_CWR),
            ae: h.reserved & 0x01 != 0,
        }),
        window: full.then_some(h.window),
        checksum: full.then_some(h.checksum),
        urgent: full.then_some(h.urgent),
        options: with_options.then(|| OptionsView(tcp.options())),
        payload_len: if full { tcp.payload_len() } else { 0 },
        invalid: match tcp.form {
            Form::BadHeaderLen => Some("header_too_short"),
            Form::HeaderTooLong => Some("header_too_long"),
            _ => None,
        },
    }
}

/// The option walk as a list of objects; a walk that ends early ends with
/// an `{"error": ...}` object.
struct OptionsView<'a>(Options<'a>);

impl Serialize for OptionsView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        // The usual layout (NOP, NOP, time stamps) without the walk: the
        // same three objects (`aligned_timestamp`'s test checks that the
        // walk finds exactly these).
        if let Some((val, ecr)) = self.0.aligned_timestamp() {
            let nop = OptView {
                code: kind::NOP,
                value: &OptValue::Nop,
                bad_len: None,
            };
            seq.serialize_element(&nop)?;
            seq.serialize_element(&nop)?;
            seq.serialize_element(&OptView {
                code: kind::TIMESTAMP,
                value: &OptValue::Timestamp { val, ecr },
                bad_len: None,
            })?;
            return seq.end();
        }
        for item in self.0.clone() {
            match item {
                OptItem::Opt(o) => seq.serialize_element(&OptView {
                    code: o.kind,
                    value: &o.value,
                    bad_len: o.len_mismatch().then_some(o.len),
                })?,
                OptItem::Bad(BadOption::Mptcp(m)) => {
                    seq.serialize_element(&OptView {
                        code: kind::MPTCP,
                        value: &OptValue::Mptcp(m),
                        bad_len: None,
                    })?;
                    seq.serialize_element(&ErrorView {
                        error: "invalid",
                        code: Some(kind::MPTCP),
                        len: Some(m.len),
                    })?;
                }
                OptItem::Bad(b) => {
                    let (code, len) = match b {
                        BadOption::Length { kind, len } | BadOption::Short { kind, len } => {
                            (kind, len)
                        }
                        BadOption::NoMagic { len } => (kind::EXPERIMENT2, len),
                        BadOption::Mptcp(m) => (kind::MPTCP, m.len),
                    };
                    seq.serialize_element(&ErrorView {
                        error: match b {
                            BadOption::Length { .. } => "bad_length",
                            _ => "too_short",
                        },
                        code: Some(code),
                        len: Some(len),
                    })?;
                }
                OptItem::Cut(c) => {
                    let (code, len) = match c {
                        CutOption::Kind => (None, None),
                        CutOption::Length { kind } => (Some(kind), None),
                        CutOption::Data { kind, len, .. } => (Some(kind), Some(len)),
                    };
                    seq.serialize_element(&ErrorView {
                        error: "truncated",
                        code,
                        len,
                    })?;
                }
            }
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct ErrorView {
    error: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    len: Option<u8>,
}

struct OptView<'v, 'a> {
    code: u8,
    value: &'v OptValue<'a>,
    bad_len: Option<u8>,
}

/// The option's name in JSON.
fn kind_name(code: u8, v: &OptValue<'_>) -> &'static str {
    match v {
        OptValue::Eol => "eol",
        OptValue::Nop => "nop",
        OptValue::Mss(_) => "mss",
        OptValue::WindowScale(_) => "wscale",
        OptValue::SackPermitted => "sack_permitted",
        OptValue::Sack(_) => "sack",
        OptValue::Word(_) => match code {
            kind::ECHO => "echo",
            kind::ECHO_REPLY => "echo_reply",
            kind::CC => "cc",
            kind::CC_NEW => "cc_new",
            _ => "cc_echo",
        },
        OptValue::Timestamp { .. } => "timestamp",
        OptValue::Md5(_) => "md5",
        OptValue::Scps { .. } => "scps",
        OptValue::UserTimeout(_) => "user_timeout",
        OptValue::TcpAo(_) => "tcp_ao",
        OptValue::Mptcp(_) => "mptcp",
        OptValue::FastOpen(_) | OptValue::ExpFastOpen(_) => "fast_open",
        OptValue::Experimental { .. } => "experimental",
        OptValue::Unknown(_) => "unknown",
    }
}

impl Serialize for OptView<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // A struct, not a map, for the writer's unscanned keys (see
        // `PacketView`); `len` counts the fields always present.
        let mut m = s.serialize_struct("TcpOption", 2)?;
        m.serialize_field("kind", kind_name(self.code, self.value))?;
        m.serialize_field("code", &self.code)?;
        if let Some(l) = self.bad_len {
            m.serialize_field("bad_len", &l)?;
        }
        match self.value {
            OptValue::Eol | OptValue::Nop | OptValue::SackPermitted => {}
            OptValue::Mss(v) => {
                m.serialize_field("value", v)?;
            }
            OptValue::WindowScale(v) => {
                m.serialize_field("value", v)?;
            }
            OptValue::Sack(sack) => {
                if sack.is_valid() {
                    let blocks: SackBlocks<'_> = SackBlocks(sack);
                    m.serialize_field("blocks", &blocks)?;
                } else {
                    m.serialize_field("valid", &false)?;
                }
            }
            OptValue::Word(v) => {
                m.serialize_field("value", v)?;
            }
            OptValue::Timestamp { val, ecr } => {
                m.serialize_field("val", val)?;
                m.serialize_field("ecr", ecr)?;
            }
            OptValue::Md5(d) => {
                m.serialize_field("digest", &Hex(d))?;
            }
            OptValue::Scps {
                capabilities,
                connection_id,
            } => {
                m.serialize_field("capabilities", capabilities)?;
                m.serialize_field("connection_id", connection_id)?;
            }
            OptValue::UserTimeout(u) => {
                m.serialize_field("timeout", &u.timeout)?;
                m.serialize_field("unit", if u.minutes { "minutes" } else { "seconds" })?;
            }
            OptValue::TcpAo(ao) => {
                tcp_ao(&mut m, ao)?;
            }
            OptValue::Mptcp(mp) => {
                super::mptcp::fields(&mut m, mp)?;
            }
            OptValue::FastOpen(f) | OptValue::ExpFastOpen(f) => {
                if matches!(self.value, OptValue::ExpFastOpen(_)) {
                    m.serialize_field("experimental", &true)?;
                }
                match f {
                    FastOpen::Request => m.serialize_field("cookie_request", &true)?,
                    FastOpen::Cookie(c) => m.serialize_field("cookie", &Hex(c))?,
                    FastOpen::Invalid(c) => {
                        m.serialize_field("cookie", &Hex(c))?;
                        m.serialize_field("valid", &false)?;
                    }
                }
            }
            OptValue::Experimental { magic, data } => {
                m.serialize_field("magic", magic)?;
                m.serialize_field("data", &Hex(data))?;
            }
            OptValue::Unknown(data) => {
                m.serialize_field("data", &Hex(data))?;
            }
        }
        m.end()
    }
}

struct SackBlocks<'a>(&'a crate::decode::tcp::options::Sack<'a>);

impl Serialize for SackBlocks<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for (l, r) in self.0.blocks() {
            seq.serialize_element(&[l, r])?;
        }
        seq.end()
    }
}

fn tcp_ao<M: SerializeStruct>(m: &mut M, ao: &TcpAo<'_>) -> Result<(), M::Error> {
    if !ao.valid {
        return m.serialize_field("valid", &false);
    }
    m.serialize_field("key_id", &ao.key_id)?;
    m.serialize_field("rnext_key_id", &ao.rnext_key_id)?;
    m.serialize_field("mac", &Hex(ao.mac))
}

/// A text protocol payload: whether it starts a message, and its first
/// line when it does.
#[derive(Serialize)]
pub(super) struct TextView<'a> {
    is_message: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_line: Option<&'a str>,
    /// The first line ran past the end of the capture or of the segment.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    first_line_truncated: bool,
}

pub(super) fn text_view<'a>(text: &Text<'a>) -> TextView<'a> {
    let (line, truncated) = match text.line_at(0).0 {
        Line::Line(l) => (Some(l), false),
        Line::Unterminated(l) => (Some(l), true),
        Line::NotText | Line::CaptureEnd => (None, false),
    };
    TextView {
        is_message: text.is_message,
        // Lines hold printable ASCII and tabs only, so this never fails.
        first_line: if text.is_message {
            line.and_then(|l| std::str::from_utf8(l).ok())
        } else {
            None
        },
        first_line_truncated: text.is_message && truncated,
    }
}

#[derive(Serialize)]
pub(super) struct SshView<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    banner: Option<&'a str>,
}

pub(super) fn ssh_view<'a>(b: &SshBanner<'a>) -> SshView<'a> {
    SshView {
        banner: match b {
            SshBanner::Version(v) => std::str::from_utf8(v).ok(),
            _ => None,
        },
    }
}
