//! NTP in JSON: the `ntp` object (docs/json.md, "ntp"): version, mode,
//! leap indicator, and the typed fields of a time or control message;
//! fields not captured are left out.

use serde::{Serialize, Serializer};

use super::dhcp::nul_text;
use super::Hex;
use crate::decode::ntp::{Body, ControlMsg, Ntp, ShortTime, TimeMsg, Timestamp};
use crate::render::time::utc;

/// NTP era 0 starts 2,208,988,800 s before the Unix epoch.
const NTP_UNIX_OFFSET: i64 = 2_208_988_800;

fn mode_name(mode: u8) -> &'static str {
    match mode {
        0 => "unspecified",
        1 => "symmetric_active",
        2 => "symmetric_passive",
        3 => "client",
        4 => "server",
        5 => "broadcast",
        6 => "control",
        _ => "private",
    }
}

/// A short-format value in seconds.
fn short_secs(v: ShortTime) -> f64 {
    f64::from(v.secs) + f64::from(v.frac) / 65536.0
}

/// A time stamp: its two words and, unless zero, its UTC time in era 0.
struct Stamp(Timestamp);

#[derive(Serialize)]
struct StampView {
    seconds: u32,
    fraction: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    utc: Option<UtcStr>,
}

/// RFC 3339 with nanoseconds.
struct UtcStr(Timestamp);

impl Serialize for UtcStr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = utc(i64::from(self.0.secs) - NTP_UNIX_OFFSET);
        let nanos = (u64::from(self.0.frac) * 1_000_000_000) >> 32;
        s.collect_str(&format_args!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{nanos:09}Z",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        ))
    }
}

impl Serialize for Stamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        StampView {
            seconds: self.0.secs,
            fraction: self.0.frac,
            utc: (!self.0.is_zero()).then_some(UtcStr(self.0)),
        }
        .serialize(s)
    }
}

/// The reference id's text (strata 0 and 1: a kiss code or a clock
/// source), up to the first NUL.
struct RefText([u8; 4]);

impl Serialize for RefText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        nul_text(&self.0).serialize(s)
    }
}

#[derive(Serialize)]
pub(super) struct NtpView<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mode: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mode_name: Option<&'static str>,
    /// The two-bit leap indicator.
    #[serde(skip_serializing_if = "Option::is_none")]
    leap: Option<u8>,
    length: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    stratum: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    poll: Option<i8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    precision: Option<i8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    root_delay: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    root_dispersion: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference_id: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference_id_text: Option<RefText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference_time: Option<Stamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    origin_time: Option<Stamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    receive_time: Option<Stamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    transmit_time: Option<Stamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    key_id: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    digest: Option<Hex<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extra_bytes: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    control: Option<ControlView<'a>>,
}

#[derive(Serialize)]
struct ControlView<'a> {
    response: bool,
    error: bool,
    more: bool,
    opcode: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    sequence: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    association_id: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    offset: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<Hex<'a>>,
}

fn time_fields<'a>(v: &mut NtpView<'a>, n: &Ntp<'a>, t: &TimeMsg<'a>) {
    v.stratum = t.stratum;
    v.poll = t.poll;
    v.precision = t.precision;
    v.root_delay = t.root_delay.map(short_secs);
    v.root_dispersion = t.root_dispersion.map(short_secs);
    v.reference_id = t.reference_id();
    v.reference_id_text = match (t.stratum, t.refid) {
        (Some(0 | 1), Some(r)) => Some(RefText(r)),
        _ => None,
    };
    v.reference_time = t.reference.map(Stamp);
    v.origin_time = t.origin.map(Stamp);
    v.receive_time = t.receive.map(Stamp);
    v.transmit_time = t.transmit.map(Stamp);
    let extra = n.length.saturating_sub(48);
    if matches!(extra, 4 | 20 | 24) {
        v.key_id = t.key_id;
        let want = (extra - 4) as usize;
        if want > 0 {
            v.digest = t.digest.get(..want).map(Hex);
        }
    } else if extra > 0 {
        v.extra_bytes = Some(extra);
    }
}

fn control_view<'a>(c: &ControlMsg<'a>) -> Option<ControlView<'a>> {
    let b = c.control?;
    Some(ControlView {
        response: ControlMsg::response(b),
        error: ControlMsg::error(b),
        more: ControlMsg::more(b),
        opcode: ControlMsg::opcode(b),
        sequence: c.sequence,
        status: c.status,
        association_id: c.assoc,
        offset: c.offset,
        count: c.count,
        data: (!c.data.is_empty()).then_some(Hex(c.data)),
    })
}

pub(super) fn view<'a>(n: &Ntp<'a>) -> NtpView<'a> {
    let mut v = NtpView {
        version: n.version(),
        mode: n.mode(),
        mode_name: n.mode().map(mode_name),
        leap: n.leap_bits().map(|b| b >> 6),
        length: n.length,
        stratum: None,
        poll: None,
        precision: None,
        root_delay: None,
        root_dispersion: None,
        reference_id: None,
        reference_id_text: None,
        reference_time: None,
        origin_time: None,
        receive_time: None,
        transmit_time: None,
        key_id: None,
        digest: None,
        extra_bytes: None,
        control: None,
    };
    match &n.body {
        Body::Time(t) if n.length >= 48 => time_fields(&mut v, n, t),
        Body::Control(c) => v.control = control_view(c),
        Body::Time(_) | Body::Private => {}
    }
    v
}
