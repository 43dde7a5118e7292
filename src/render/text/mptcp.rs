//! MPTCP options as tcpdump's print-mptcp.c prints them: the length, the
//! subtype's name and its fields, after `mptcp` in a TCP option list.

use super::fmt::write_hex;
use super::Cx;
use crate::decode::mptcp::{self, Body, Field, Join, Mptcp};

fn subtype_name(sub: u8) -> &'static str {
    match sub {
        mptcp::subtype::CAPABLE => "capable",
        mptcp::subtype::JOIN => "join",
        mptcp::subtype::DSS => "dss",
        mptcp::subtype::ADD_ADDR => "add-addr",
        mptcp::subtype::REMOVE_ADDR => "rem-addr",
        mptcp::subtype::PRIO => "prio",
        mptcp::subtype::FAIL => "fail",
        mptcp::subtype::FAST_CLOSE => "fast-close",
        _ => "unknown",
    }
}

/// print-mptcp.c: length, subtype and the subtype's fields (as far as
/// they were read when the option is invalid).
pub(super) fn write(cx: &mut Cx<'_>, m: &Mptcp<'_>) {
    let Some(sub) = m.subtype else { return };
    cx.f(format_args!(" {} {}", m.len, subtype_name(sub)));
    match m.body {
        Body::None | Body::Unknown => {}
        Body::Capable {
            version,
            checksum_required,
            sender_key,
            receiver_key,
        } => {
            if version > 1 {
                cx.f(format_args!(" Unknown Version ({version})"));
                return;
            }
            cx.f(format_args!(" v{version}"));
            if checksum_required {
                cx.s(" csum");
            }
            if let Some(s) = sender_key {
                cx.f(format_args!(" {{0x{s:x}"));
                if let Some(r) = receiver_key {
                    cx.f(format_args!(",0x{r:x}"));
                }
                cx.s("}");
            }
        }
        Body::Join(j) => match j {
            Join::Syn {
                backup,
                addr_id,
                token,
                nonce,
            } => {
                if backup {
                    cx.s(" backup");
                }
                cx.f(format_args!(
                    " id {addr_id} token 0x{token:x} nonce 0x{nonce:x}"
                ));
            }
            Join::SynAck {
                backup,
                addr_id,
                hmac,
                nonce,
            } => {
                if backup {
                    cx.s(" backup");
                }
                cx.f(format_args!(
                    " id {addr_id} hmac 0x{hmac:x} nonce 0x{nonce:x}"
                ));
            }
            Join::Ack { hmac } => {
                cx.s(" hmac 0x");
                write_hex(cx, hmac);
            }
        },
        Body::Dss { flags, ack, map } => write_dss(cx, flags, ack, map),
        Body::AddAddr {
            echo_bits,
            addr_id,
            addr,
            port,
            hmac,
        } => {
            let name = match echo_bits {
                0x6 => "v0-ip6",
                0x4 => "v0-ip4",
                0x1 => "v1-echo",
                0x0 => "v1",
                _ => "[bad version/echo]",
            };
            let addr = cx.host(addr);
            cx.f(format_args!(" {name} id {addr_id} {addr}"));
            if let Some(p) = port {
                cx.f(format_args!(":{p}"));
            }
            if let Some(h) = hmac {
                cx.f(format_args!(" hmac 0x{h:x}"));
            }
        }
        Body::RemoveAddr { ids } => {
            cx.s(" id");
            for id in ids {
                cx.f(format_args!(" {id}"));
            }
        }
        Body::Prio { backup, addr_id } => {
            cx.s(if backup { " backup" } else { " non-backup" });
            if let Some(id) = addr_id {
                cx.f(format_args!(" id {id}"));
            }
        }
        Body::Fail { dsn } => cx.f(format_args!(" seq {dsn}")),
        Body::FastClose { key } => cx.f(format_args!(" key 0x{key:x}")),
    }
}

fn write_dss(cx: &mut Cx<'_>, flags: u8, ack: Field<u64>, map: Option<mptcp::DssMap>) {
    use mptcp::dss_flag as f;
    if flags & f::FIN != 0 {
        cx.s(" fin");
    }
    if flags & f::ACK != 0 {
        cx.s(" ack ");
        match ack {
            Field::Present(v) => cx.f(format_args!("{v}")),
            _ => return,
        }
    }
    let Some(m) = map else { return };
    cx.s(" seq ");
    match m.dsn {
        Field::Present(v) => cx.f(format_args!("{v}")),
        _ => return,
    }
    let Some(ssn) = m.subflow_seq else { return };
    cx.f(format_args!(" subseq {ssn}"));
    let Some(len) = m.data_len else { return };
    cx.f(format_args!(" len {len}"));
    if let Some(c) = m.checksum {
        cx.f(format_args!(" csum 0x{c:x}"));
    }
}
