//! DHCPv6 in JSON: the `dhcpv6` object (docs/json.md, "dhcpv6"): the
//! header, then every option in wire order with its typed value; nested
//! options and relayed messages nest the same way. Serialised straight
//! from the borrowed record.

use std::fmt::{self, Display, Write as _};

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::dhcp::Text;
use super::Hex;
use crate::decode::dhcp6::{
    code, AftrLabels, AftrPiece, AuthInfo, Dhcp6, Duid, Item, Name, NtpSub, Options, Piece, Value,
};

fn msg_name(t: u8) -> &'static str {
    match t {
        1 => "solicit",
        2 => "advertise",
        3 => "request",
        4 => "confirm",
        5 => "renew",
        6 => "rebind",
        7 => "reply",
        8 => "release",
        9 => "decline",
        10 => "reconfigure",
        11 => "information_request",
        12 => "relay_forw",
        13 => "relay_repl",
        14 => "leasequery",
        15 => "leasequery_reply",
        _ => "unknown",
    }
}

/// snake_case option names (IANA's registry names).
fn opt_name(c: u16) -> Option<&'static str> {
    use code::*;
    Some(match c {
        CLIENTID => "client_id",
        SERVERID => "server_id",
        IA_NA => "ia_na",
        IA_TA => "ia_ta",
        IAADDR => "iaaddr",
        ORO => "oro",
        PREFERENCE => "preference",
        ELAPSED_TIME => "elapsed_time",
        RELAY_MSG => "relay_msg",
        AUTH => "auth",
        UNICAST => "unicast",
        STATUS_CODE => "status_code",
        RAPID_COMMIT => "rapid_commit",
        USER_CLASS => "user_class",
        VENDOR_CLASS => "vendor_class",
        VENDOR_OPTS => "vendor_opts",
        INTERFACE_ID => "interface_id",
        RECONF_MSG => "reconf_msg",
        RECONF_ACCEPT => "reconf_accept",
        SIP_SERVER_D => "sip_server_d",
        SIP_SERVER_A => "sip_server_a",
        DNS_SERVERS => "dns_servers",
        DOMAIN_LIST => "domain_list",
        IA_PD => "ia_pd",
        IAPREFIX => "iaprefix",
        NIS_SERVERS => "nis_servers",
        NISP_SERVERS => "nisp_servers",
        NIS_NAME => "nis_domain_name",
        NISP_NAME => "nisp_domain_name",
        SNTP_SERVERS => "sntp_servers",
        LIFETIME => "information_refresh_time",
        BCMCS_SERVER_D => "bcmcs_server_d",
        BCMCS_SERVER_A => "bcmcs_server_a",
        GEOCONF_CIVIC => "geoconf_civic",
        REMOTE_ID => "remote_id",
        SUBSCRIBER_ID => "subscriber_id",
        CLIENT_FQDN => "client_fqdn",
        PANA_AGENT => "pana_agent",
        NEW_POSIX_TIMEZONE => "new_posix_timezone",
        NEW_TZDB_TIMEZONE => "new_tzdb_timezone",
        ERO => "ero",
        LQ_QUERY => "lq_query",
        CLIENT_DATA => "client_data",
        CLT_TIME => "clt_time",
        LQ_RELAY_DATA => "lq_relay_data",
        LQ_CLIENT_LINK => "lq_client_link",
        NTP_SERVER => "ntp_server",
        AFTR_NAME => "aftr_name",
        MUD_URL => "mud_url",
        _ => return None,
    })
}

struct OptName(u16);

impl Serialize for OptName {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match opt_name(self.0) {
            Some(n) => s.serialize_str(n),
            None => s.collect_str(&format_args!("option_{}", self.0)),
        }
    }
}

/// The `dhcpv6` object.
pub(super) struct Dhcp6View<'d, 'a>(pub &'d Dhcp6<'a>);

impl Serialize for Dhcp6View<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("length", &d.length)?;
        let Some(t) = d.msg_type else {
            return m.end();
        };
        m.serialize_entry("msg_type", &t)?;
        m.serialize_entry("msg_type_name", msg_name(t))?;
        if d.is_relay() {
            m.serialize_entry("hop_count", &d.hop_count())?;
            if let Some(a) = d.link_addr() {
                m.serialize_entry("link_addr", &a)?;
            }
            if let Some(a) = d.peer_addr() {
                m.serialize_entry("peer_addr", &a)?;
            }
            if d.peer_addr().is_none() {
                return m.end();
            }
        } else {
            m.serialize_entry("xid", &d.xid())?;
        }
        m.serialize_entry("options", &OptionsView(d.options()))?;
        if d.options().any(|i| i == Item::Truncated) {
            m.serialize_entry("options_truncated", &true)?;
        }
        m.end()
    }
}

struct OptionsView<'a>(Options<'a>);

impl Serialize for OptionsView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for item in self.0 {
            if let Item::Opt(o) = item {
                seq.serialize_element(&OptView {
                    code: o.code,
                    length: o.data.len(),
                    value: o.value(),
                })?;
            }
        }
        seq.end()
    }
}

struct OptView<'a> {
    code: u16,
    length: usize,
    value: Value<'a>,
}

impl Serialize for OptView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("code", &self.code)?;
        m.serialize_entry("name", &OptName(self.code))?;
        m.serialize_entry("length", &self.length)?;
        match self.value {
            Value::Malformed => {
                m.serialize_entry("malformed", &true)?;
            }
            v => m.serialize_entry("value", &ValueView(v))?,
        }
        m.end()
    }
}

struct ValueView<'a>(Value<'a>);

impl Serialize for ValueView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Malformed => s.serialize_none(),
            Value::Duid(d) => {
                let mut m = s.serialize_map(None)?;
                match d {
                    Duid::Llt {
                        hw_type,
                        time,
                        addr,
                    } => {
                        m.serialize_entry("duid_type", &1)?;
                        m.serialize_entry("hw_type", &hw_type)?;
                        m.serialize_entry("time", &time)?;
                        m.serialize_entry("link_addr", &Hex(addr))?;
                    }
                    Duid::En { enterprise, id } => {
                        m.serialize_entry("duid_type", &2)?;
                        m.serialize_entry("enterprise", &enterprise)?;
                        m.serialize_entry("id", &Hex(id))?;
                    }
                    Duid::Ll { hw_type, addr } => {
                        m.serialize_entry("duid_type", &3)?;
                        m.serialize_entry("hw_type", &hw_type)?;
                        m.serialize_entry("link_addr", &Hex(addr))?;
                    }
                    Duid::Other {
                        duid_type,
                        data,
                        short,
                    } => {
                        m.serialize_entry("duid_type", &duid_type)?;
                        m.serialize_entry("data", &Hex(data))?;
                        if short {
                            m.serialize_entry("malformed", &true)?;
                        }
                    }
                }
                m.end()
            }
            Value::IaAddr {
                addr,
                preferred,
                valid,
                options,
            } => {
                let mut m = s.serialize_map(None)?;
                m.serialize_entry("addr", &addr)?;
                m.serialize_entry("preferred_lifetime", &preferred)?;
                m.serialize_entry("valid_lifetime", &valid)?;
                m.serialize_entry("options", &OptionsView(options))?;
                m.end()
            }
            Value::Codes(c) => s.collect_seq(c),
            Value::Preference(p) => s.serialize_u8(p),
            Value::Elapsed(t) => s.serialize_u16(t),
            Value::Relayed(msg) => Dhcp6View(&msg).serialize(s),
            Value::Auth {
                protocol,
                algorithm,
                rdm,
                replay,
                info,
            } => {
                let mut m = s.serialize_map(None)?;
                m.serialize_entry("protocol", &protocol)?;
                m.serialize_entry("algorithm", &algorithm)?;
                m.serialize_entry("rdm", &rdm)?;
                m.serialize_entry("replay_detection", &replay)?;
                match info {
                    AuthInfo::None | AuthInfo::Unknown => {}
                    AuthInfo::Delayed {
                        realm,
                        key_id,
                        hmac,
                    } => {
                        m.serialize_entry("realm", &Hex(realm))?;
                        m.serialize_entry("key_id", &key_id)?;
                        m.serialize_entry("hmac_md5", &Hex(hmac))?;
                    }
                    AuthInfo::Reconfig { kind, value } => {
                        m.serialize_entry("reconfig_type", &kind)?;
                        m.serialize_entry("reconfig_value", &Hex(value))?;
                    }
                }
                m.end()
            }
            Value::Opaque(b) | Value::Id(b) => Hex(b).serialize(s),
            Value::ReconfMsg(t) => s.serialize_u8(t),
            Value::Addrs(a) => s.collect_seq(a),
            Value::Names(names) => s.collect_seq(names.map(NameStr)),
            Value::StatusCode { code: c, message } => {
                let mut m = s.serialize_map(None)?;
                m.serialize_entry("code", &c)?;
                m.serialize_entry("message", &Text(message))?;
                m.end()
            }
            Value::Ia {
                iaid,
                t1,
                t2,
                options,
            } => {
                let mut m = s.serialize_map(None)?;
                m.serialize_entry("iaid", &iaid)?;
                m.serialize_entry("t1", &t1)?;
                m.serialize_entry("t2", &t2)?;
                m.serialize_entry("options", &OptionsView(options))?;
                m.end()
            }
            Value::IaTa { iaid, options } => {
                let mut m = s.serialize_map(None)?;
                m.serialize_entry("iaid", &iaid)?;
                m.serialize_entry("options", &OptionsView(options))?;
                m.end()
            }
            Value::IaPrefix {
                preferred,
                valid,
                prefix_len,
                prefix,
                options,
            } => {
                let mut m = s.serialize_map(None)?;
                m.serialize_entry("prefix", &format_args!("{prefix}/{prefix_len}"))?;
                m.serialize_entry("prefix_len", &prefix_len)?;
                m.serialize_entry("preferred_lifetime", &preferred)?;
                m.serialize_entry("valid_lifetime", &valid)?;
                m.serialize_entry("options", &OptionsView(options))?;
                m.end()
            }
            Value::Seconds(v) => s.serialize_u32(v),
            Value::RemoteId { enterprise, id } => {
                let mut m = s.serialize_map(None)?;
                m.serialize_entry("enterprise", &enterprise)?;
                m.serialize_entry("id", &Hex(id))?;
                m.end()
            }
            Value::LqQuery {
                query_type,
                link,
                options,
            } => {
                let mut m = s.serialize_map(None)?;
                m.serialize_entry("query_type", &query_type)?;
                m.serialize_entry("link_addr", &link)?;
                m.serialize_entry("options", &OptionsView(options))?;
                m.end()
            }
            Value::ClientData(options) => {
                let mut m = s.serialize_map(None)?;
                m.serialize_entry("options", &OptionsView(options))?;
                m.end()
            }
            Value::LqRelayData { peer, message } => {
                let mut m = s.serialize_map(None)?;
                m.serialize_entry("peer_addr", &peer)?;
                m.serialize_entry("message", &Hex(message))?;
                m.end()
            }
            Value::NtpServer(subs) => {
                let mut seq = s.serialize_seq(None)?;
                for sub in subs {
                    seq.serialize_element(&NtpSubView(sub))?;
                }
                seq.end()
            }
            Value::AftrName(labels) => s.collect_str(&AftrStr(labels)),
            Value::Text(t) => Text(t).serialize(s),
        }
    }
}

struct NtpSubView<'a>(NtpSub<'a>);

impl Serialize for NtpSubView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        match self.0 {
            NtpSub::Addr { code: c, addr } => {
                m.serialize_entry("suboption", &c)?;
                m.serialize_entry("addr", &addr)?;
            }
            NtpSub::Fqdn(n) => {
                m.serialize_entry("suboption", &3)?;
                m.serialize_entry("fqdn", &NameStr(n))?;
            }
            NtpSub::Other { code: c, data } => {
                m.serialize_entry("suboption", &c)?;
                m.serialize_entry("data", &Hex(data))?;
            }
            NtpSub::Truncated => m.serialize_entry("truncated", &true)?,
        }
        m.end()
    }
}

/// A name as text: labels joined by dots (invalid UTF-8 replaced),
/// bit-string labels in RFC 2673 form, the tcpdump complaints in angle
/// brackets.
struct NameStr<'a>(Name<'a>);

impl Display for NameStr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in self.0.pieces() {
            match p {
                Piece::Label(b) => write!(f, "{}", Text(b))?,
                Piece::Dot => f.write_char('.')?,
                Piece::BitLabel { bits, data } => {
                    f.write_str("\\[x")?;
                    for b in data {
                        write!(f, "{b:02x}")?;
                    }
                    write!(f, "/{bits}]")?;
                }
                Piece::BadPointer => f.write_str("<BAD PTR>")?,
                Piece::BadLabelType => f.write_str("<BAD LABEL TYPE>")?,
                Piece::UnknownElt(e) => write!(f, "<ELT {e}>")?,
                Piece::TooLong => f.write_str("<DOMAIN NAME TOO LONG>")?,
                Piece::End(_) => break,
            }
        }
        Ok(())
    }
}

impl Serialize for NameStr<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

struct AftrStr<'a>(AftrLabels<'a>);

impl Display for AftrStr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in self.0 {
            match p {
                AftrPiece::Label(b) => write!(f, "{}", Text(b))?,
                AftrPiece::Dot => f.write_char('.')?,
                AftrPiece::Bad => break,
            }
        }
        Ok(())
    }
}

pub(super) fn view<'d, 'a>(d: &'d Dhcp6<'a>) -> Dhcp6View<'d, 'a> {
    Dhcp6View(d)
}
