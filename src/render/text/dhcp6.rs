//! DHCPv6, as tcpdump's print-dhcp6.c prints it: `dhcp6 solicit`, and
//! with -v the transaction id (or a relay's addresses) and every option in
//! parentheses, nested options and relayed messages inside their parents.

use std::net::Ipv6Addr;

use super::fmt::{write_chars, write_fqdn};
use super::Cx;
use crate::decode::dhcp6::{code, AftrPiece, AuthInfo, Dhcp6, Duid, Item, NtpSub, Options, Value};

const PROTO: &str = "dhcp6";

fn msg_name(t: u8) -> Option<&'static str> {
    Some(match t {
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
        11 => "inf-req",
        12 => "relay-fwd",
        13 => "relay-reply",
        14 => "leasequery",
        15 => "leasequery-reply",
        _ => return None,
    })
}

fn opt_name(c: u16) -> Option<&'static str> {
    use code::*;
    Some(match c {
        CLIENTID => "client-ID",
        SERVERID => "server-ID",
        IA_NA => "IA_NA",
        IA_TA => "IA_TA",
        IAADDR => "IA_ADDR",
        ORO => "option-request",
        PREFERENCE => "preference",
        ELAPSED_TIME => "elapsed-time",
        RELAY_MSG => "relay-message",
        AUTH => "authentication",
        UNICAST => "server-unicast",
        STATUS_CODE => "status-code",
        RAPID_COMMIT => "rapid-commit",
        USER_CLASS => "user-class",
        VENDOR_CLASS => "vendor-class",
        VENDOR_OPTS => "vendor-specific-info",
        INTERFACE_ID => "interface-ID",
        RECONF_MSG => "reconfigure-message",
        RECONF_ACCEPT => "reconfigure-accept",
        SIP_SERVER_D => "SIP-servers-domain",
        SIP_SERVER_A => "SIP-servers-address",
        DNS_SERVERS => "DNS-server",
        DOMAIN_LIST => "DNS-search-list",
        IA_PD => "IA_PD",
        IAPREFIX => "IA_PD-prefix",
        SNTP_SERVERS => "SNTP-servers",
        LIFETIME => "lifetime",
        NIS_SERVERS => "NIS-server",
        NISP_SERVERS => "NIS+-server",
        NIS_NAME => "NIS-domain-name",
        NISP_NAME => "NIS+-domain-name",
        BCMCS_SERVER_D => "BCMCS-domain-name",
        BCMCS_SERVER_A => "BCMCS-server",
        GEOCONF_CIVIC => "Geoconf-Civic",
        REMOTE_ID => "Remote-ID",
        SUBSCRIBER_ID => "Subscriber-ID",
        CLIENT_FQDN => "Client-FQDN",
        PANA_AGENT => "PANA-agent",
        NEW_POSIX_TIMEZONE => "POSIX-timezone",
        NEW_TZDB_TIMEZONE => "POSIX-tz-database",
        ERO => "Echo-request-option",
        LQ_QUERY => "Lease-query",
        CLIENT_DATA => "LQ-client-data",
        CLT_TIME => "Clt-time",
        LQ_RELAY_DATA => "LQ-relay-data",
        LQ_CLIENT_LINK => "LQ-client-link",
        NTP_SERVER => "NTP-server",
        AFTR_NAME => "AFTR-Name",
        MUD_URL => "MUD-URL",
        _ => return None,
    })
}

fn write_opt_name(cx: &mut Cx<'_>, c: u16) {
    match opt_name(c) {
        Some(n) => cx.s(n),
        None => cx.f(format_args!("opt_{c}")),
    }
}

fn status_name(c: u16) -> Option<&'static str> {
    Some(match c {
        0 => "Success",
        1 => "UnspecFail",
        2 => "NoAddrsAvail",
        3 => "NoBinding",
        4 => "NotOnLink",
        5 => "UseMulticast",
        6 => "NoPrefixAvail",
        7 => "UnknownQueryType",
        8 => "MalformedQuery",
        9 => "NotConfigured",
        10 => "NotAllowed",
        _ => return None,
    })
}

/// tcpdump's `ip6addr_string`, numeric: RFC 5952 text, except that
/// IPv4-compatible addresses (::a.b.c.d) keep their dotted quad.
pub(super) fn write_ip6(cx: &mut Cx<'_>, a: Ipv6Addr) {
    let seg = a.segments();
    let compat = seg[..6] == [0; 6] && (seg[6] != 0 || seg[7] > 1);
    if compat {
        let [.., a, b, c, d] = a.octets();
        cx.f(format_args!("::{a}.{b}.{c}.{d}"));
    } else {
        cx.f(format_args!("{a}"));
    }
}

fn write_hex(cx: &mut Cx<'_>, b: &[u8]) {
    for x in b {
        cx.f(format_args!("{x:02x}"));
    }
}

/// A failed `GET_*` (tcpdump's longjmp) in a relay message's header.
struct Jump;

/// Prints a DHCPv6 message after the UDP endpoints.
pub(super) fn write(cx: &mut Cx<'_>, m: &Dhcp6<'_>) {
    if write_message(cx, m).is_err() {
        cx.trunc_early_end(PROTO);
    }
}

fn trunc(cx: &mut Cx<'_>) {
    let warn = cx.pal.warn;
    cx.styled(warn, format_args!(" [|{PROTO}]"));
}

fn write_message(cx: &mut Cx<'_>, m: &Dhcp6<'_>) -> Result<(), Jump> {
    cx.s("dhcp6");
    let Some(t) = m.msg_type else {
        trunc(cx);
        return Ok(());
    };
    if cx.o.verbose == 0 {
        cx.s(" ");
        write_msg_name(cx, t);
        return Ok(());
    }
    cx.s(" ");
    write_msg_name(cx, t);
    cx.s(" (");
    if m.is_relay() {
        // tcpdump fetches each address before it prints its label.
        let link = m.link_addr().ok_or(Jump)?;
        cx.s("linkaddr=");
        write_ip6(cx, link);
        let peer = m.peer_addr().ok_or(Jump)?;
        cx.s(" peeraddr=");
        write_ip6(cx, peer);
    } else {
        cx.f(format_args!("xid={:x}", m.xid().unwrap_or(0)));
    }
    write_options(cx, m.options())?;
    cx.s(")");
    Ok(())
}

fn write_msg_name(cx: &mut Cx<'_>, t: u8) {
    match msg_name(t) {
        Some(n) => cx.s(n),
        None => cx.f(format_args!("msgtype-{t}")),
    }
}

/// tcpdump's `dhcp6opt_print`: `Err(Jump)` only from a relayed message.
fn write_options(cx: &mut Cx<'_>, opts: Options<'_>) -> Result<(), Jump> {
    for item in opts {
        let o = match item {
            Item::Opt(o) => o,
            Item::Truncated => {
                trunc(cx);
                return Ok(());
            }
        };
        cx.s(" (");
        write_opt_name(cx, o.code);
        match write_value(cx, o.value())? {
            Next::Close => cx.s(")"),
            Next::Leave => {
                trunc(cx);
                return Ok(());
            }
        }
    }
    Ok(())
}

/// What follows an option's value.
enum Next {
    /// The closing parenthesis.
    Close,
    /// tcpdump's `goto trunc`: the marker, and the rest of the list is
    /// skipped.
    Leave,
}

fn write_value(cx: &mut Cx<'_>, v: Value<'_>) -> Result<Next, Jump> {
    match v {
        Value::Malformed => cx.s(" ?"),
        Value::Duid(d) => match d {
            Duid::Llt {
                hw_type,
                time,
                addr,
            } => {
                cx.f(format_args!(" hwaddr/time type {hw_type} time {time} "));
                write_hex(cx, addr);
            }
            Duid::En { enterprise, id } => {
                cx.s(" vid ");
                write_hex(cx, &enterprise.to_be_bytes());
                write_hex(cx, id.get(..4).unwrap_or(id));
            }
            Duid::Ll { hw_type, addr } => {
                cx.f(format_args!(" hwaddr type {hw_type} "));
                write_hex(cx, addr);
            }
            Duid::Other {
                duid_type, short, ..
            } => {
                if short {
                    cx.s(" ?");
                } else {
                    cx.f(format_args!(" type {duid_type}"));
                }
            }
        },
        Value::IaAddr {
            addr,
            preferred,
            valid,
            options,
        } => {
            cx.s(" ");
            write_ip6(cx, addr);
            cx.f(format_args!(" pltime:{preferred} vltime:{valid}"));
            write_options(cx, options)?;
        }
        Value::Codes(codes) => {
            for code in codes {
                cx.s(" ");
                write_opt_name(cx, code);
            }
        }
        Value::Preference(p) => cx.f(format_args!(" {p}")),
        Value::Elapsed(t) => cx.f(format_args!(" {t}")),
        Value::Relayed(m) => {
            // tcpdump closes the parenthesis it opens before the relayed
            // message, and leaves the option's own open.
            cx.s(" (");
            write_message(cx, &m)?;
        }
        Value::Auth {
            protocol,
            algorithm,
            rdm,
            replay,
            info,
        } => {
            match protocol {
                2 => cx.s(" proto: delayed"),
                3 => cx.s(" proto: reconfigure"),
                p => cx.f(format_args!(" proto: {p}")),
            }
            match algorithm {
                1 => cx.s(", alg: HMAC-MD5"),
                a => cx.f(format_args!(", alg: {a}")),
            }
            match rdm {
                0 => cx.s(", RDM: mono"),
                r => cx.f(format_args!(", RDM: {r}")),
            }
            cx.s(", RD:");
            for shift in [48, 32, 16, 0] {
                cx.f(format_args!(" {:04x}", (replay >> shift) & 0xffff));
            }
            match info {
                AuthInfo::None => {}
                AuthInfo::Unknown => cx.s(" ??"),
                AuthInfo::Delayed {
                    realm,
                    key_id,
                    hmac,
                } => {
                    if !realm.is_empty() {
                        cx.s(", realm: ");
                    }
                    write_hex(cx, realm);
                    cx.f(format_args!(", key ID: {key_id:08x}, HMAC-MD5:"));
                    for w in hmac.chunks(4) {
                        cx.s(" ");
                        write_hex(cx, w);
                    }
                }
                AuthInfo::Reconfig { kind, value } => {
                    match kind {
                        1 => cx.s(" reconfig-key"),
                        2 => cx.s(" type: HMAC-MD5"),
                        _ => cx.s(" type: ??"),
                    }
                    cx.s(" value:");
                    for w in value.chunks(4) {
                        cx.s(" ");
                        write_hex(cx, w);
                    }
                }
            }
        }
        Value::Opaque(_) => {}
        Value::Id(id) => {
            cx.s(" ");
            write_hex(cx, id.get(..10).unwrap_or(id));
            cx.s("...");
        }
        Value::ReconfMsg(t) => match t {
            5 => cx.s(" for renew"),
            11 => cx.s(" for inf-req"),
            t => cx.f(format_args!(" for ???({t:02x})")),
        },
        Value::Addrs(addrs) => {
            for a in addrs {
                cx.s(" ");
                write_ip6(cx, a);
            }
        }
        Value::Names(names) => {
            for n in names {
                cx.s(" ");
                if write_fqdn(cx, &n).is_err() {
                    return Ok(Next::Leave);
                }
            }
        }
        Value::StatusCode { code: sc, .. } => {
            cx.s(" ");
            match status_name(sc) {
                _ if sc > 255 => cx.s("INVALID code"),
                Some(n) => cx.s(n),
                None => cx.f(format_args!("code{sc}")),
            }
        }
        Value::Ia {
            iaid,
            t1,
            t2,
            options,
        } => {
            cx.f(format_args!(" IAID:{iaid} T1:{t1} T2:{t2}"));
            write_options(cx, options)?;
        }
        Value::IaTa { iaid, options } => {
            cx.f(format_args!(" IAID:{iaid}"));
            write_options(cx, options)?;
        }
        Value::IaPrefix {
            preferred,
            valid,
            prefix_len,
            prefix,
            options,
        } => {
            cx.s(" ");
            write_ip6(cx, prefix);
            cx.f(format_args!(
                "/{prefix_len} pltime:{preferred} vltime:{valid}"
            ));
            write_options(cx, options)?;
        }
        Value::Seconds(s) => cx.f(format_args!(" {s}")),
        Value::RemoteId { enterprise, id } => {
            cx.f(format_args!(" {enterprise} "));
            write_hex(cx, id.get(..10).unwrap_or(id));
            cx.s("...");
        }
        Value::LqQuery {
            query_type,
            link,
            options,
        } => {
            match query_type {
                1 => cx.s(" by-address"),
                2 => cx.s(" by-clientID"),
                t => cx.f(format_args!(" type_{t}")),
            }
            cx.s(" ");
            write_ip6(cx, link);
            write_options(cx, options)?;
        }
        Value::ClientData(options) => write_options(cx, options)?,
        Value::LqRelayData { peer, message } => {
            cx.s(" ");
            write_ip6(cx, peer);
            cx.s(" ");
            write_hex(cx, message.get(..10).unwrap_or(message));
            cx.s("...");
        }
        Value::NtpServer(subs) => {
            for s in subs {
                match s {
                    NtpSub::Truncated => return Ok(Next::Leave),
                    NtpSub::Addr { code: sc, addr } => {
                        cx.f(format_args!(" subopt:{sc} "));
                        write_ip6(cx, addr);
                    }
                    NtpSub::Fqdn(n) => {
                        cx.s(" subopt:3 ");
                        if write_fqdn(cx, &n).is_err() {
                            return Ok(Next::Leave);
                        }
                    }
                    NtpSub::Other { code: sc, .. } => cx.f(format_args!(" subopt:{sc} ?")),
                }
            }
        }
        Value::AftrName(labels) => {
            cx.s(" ");
            for p in labels {
                match p {
                    AftrPiece::Label(l) => write_chars(cx, l),
                    AftrPiece::Dot => cx.s("."),
                    AftrPiece::Bad => cx.s(" ?"),
                }
            }
        }
        Value::Text(t) => {
            cx.s(" ");
            write_chars(cx, t);
        }
    }
    Ok(Next::Close)
}
