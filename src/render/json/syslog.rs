//! Syslog in JSON: the `syslog` object (docs/json.md, "syslog"): the
//! priority split into facility and severity, and the message text.

use serde::Serialize;

use super::dhcp::Text;
use crate::decode::syslog::Syslog;

fn facility_name(f: u16) -> &'static str {
    match f {
        0 => "kern",
        1 => "user",
        2 => "mail",
        3 => "daemon",
        4 => "auth",
        5 => "syslog",
        6 => "lpr",
        7 => "news",
        8 => "uucp",
        9 => "cron",
        10 => "authpriv",
        11 => "ftp",
        12 => "ntp",
        13 => "security",
        14 => "console",
        15 => "solaris_cron",
        16 => "local0",
        17 => "local1",
        18 => "local2",
        19 => "local3",
        20 => "local4",
        21 => "local5",
        22 => "local6",
        23 => "local7",
        _ => "unknown",
    }
}

fn severity_name(s: u16) -> &'static str {
    match s {
        0 => "emerg",
        1 => "alert",
        2 => "crit",
        3 => "err",
        4 => "warning",
        5 => "notice",
        6 => "info",
        _ => "debug",
    }
}

#[derive(Serialize)]
pub(super) struct SyslogView<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    length: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    priority: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    facility: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    facility_name: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    severity: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    severity_name: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    invalid: Option<&'static str>,
}

pub(super) fn view<'a>(s: &Syslog<'a>) -> SyslogView<'a> {
    let mut v = SyslogView {
        length: None,
        priority: None,
        facility: None,
        facility_name: None,
        severity: None,
        severity_name: None,
        message: None,
        invalid: None,
    };
    match s {
        Syslog::Message(m) => {
            v.length = Some(m.length);
            v.priority = Some(m.pri);
            v.facility = Some(m.facility());
            v.facility_name = Some(facility_name(m.facility()));
            v.severity = Some(m.severity());
            v.severity_name = Some(severity_name(m.severity()));
            v.message = Some(Text(m.msg));
        }
        Syslog::Invalid => v.invalid = Some("bad_priority"),
        Syslog::Truncated => {}
    }
    v
}
