//! MPTCP options in JSON (RFC 8684): the fields of the TCP option of kind
//! 30, by subtype, inside the TCP layer's option list. See the TCP
//! section of `docs/json.md`.

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use super::Hex;
use crate::decode::mptcp::{self, Body, Field, Join, Mptcp};

/// A 64-bit key or MAC as 16 hex digits (JSON numbers lose precision
/// past 2^53 in many readers).
struct Hex64(u64);

impl Serialize for Hex64 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("{:016x}", self.0))
    }
}

/// The subtype's fields, written into the option's object.
pub(super) fn fields<M: SerializeStruct>(m: &mut M, mp: &Mptcp<'_>) -> Result<(), M::Error> {
    let name = match mp.subtype {
        Some(mptcp::subtype::CAPABLE) => "capable",
        Some(mptcp::subtype::JOIN) => "join",
        Some(mptcp::subtype::DSS) => "dss",
        Some(mptcp::subtype::ADD_ADDR) => "add_addr",
        Some(mptcp::subtype::REMOVE_ADDR) => "remove_addr",
        Some(mptcp::subtype::PRIO) => "prio",
        Some(mptcp::subtype::FAIL) => "fail",
        Some(mptcp::subtype::FAST_CLOSE) => "fast_close",
        Some(_) => "unknown",
        None => "none",
    };
    m.serialize_field("subtype", name)?;
    if let Some(code) = mp.subtype {
        m.serialize_field("subtype_code", &code)?;
    }
    if !mp.valid {
        m.serialize_field("valid", &false)?;
    }
    match mp.body {
        Body::None | Body::Unknown => {}
        Body::Capable {
            version,
            checksum_required,
            sender_key,
            receiver_key,
        } => {
            m.serialize_field("version", &version)?;
            m.serialize_field("checksum_required", &checksum_required)?;
            if let Some(k) = sender_key {
                m.serialize_field("sender_key", &Hex64(k))?;
            }
            if let Some(k) = receiver_key {
                m.serialize_field("receiver_key", &Hex64(k))?;
            }
        }
        Body::Join(j) => match j {
            Join::Syn {
                backup,
                addr_id,
                token,
                nonce,
            } => {
                m.serialize_field("step", "syn")?;
                m.serialize_field("backup", &backup)?;
                m.serialize_field("addr_id", &addr_id)?;
                m.serialize_field("token", &token)?;
                m.serialize_field("nonce", &nonce)?;
            }
            Join::SynAck {
                backup,
                addr_id,
                hmac,
                nonce,
            } => {
                m.serialize_field("step", "syn_ack")?;
                m.serialize_field("backup", &backup)?;
                m.serialize_field("addr_id", &addr_id)?;
                m.serialize_field("hmac", &Hex64(hmac))?;
                m.serialize_field("nonce", &nonce)?;
            }
            Join::Ack { hmac } => {
                m.serialize_field("step", "ack")?;
                m.serialize_field("hmac", &Hex(hmac))?;
            }
        },
        Body::Dss { flags, ack, map } => {
            m.serialize_field("data_fin", &(flags & mptcp::dss_flag::FIN != 0))?;
            if let Field::Present(a) = ack {
                m.serialize_field("data_ack", &a)?;
            }
            if let Some(map) = map {
                if let Field::Present(d) = map.dsn {
                    m.serialize_field("dsn", &d)?;
                }
                if let Some(v) = map.subflow_seq {
                    m.serialize_field("subflow_seq", &v)?;
                }
                if let Some(v) = map.data_len {
                    m.serialize_field("data_len", &v)?;
                }
                if let Some(v) = map.checksum {
                    m.serialize_field("checksum", &v)?;
                }
            }
        }
        Body::AddAddr {
            echo_bits,
            addr_id,
            addr,
            port,
            hmac,
        } => {
            m.serialize_field("echo_bits", &echo_bits)?;
            m.serialize_field("addr_id", &addr_id)?;
            m.serialize_field("addr", &addr)?;
            if let Some(p) = port {
                m.serialize_field("port", &p)?;
            }
            if let Some(h) = hmac {
                m.serialize_field("hmac", &Hex64(h))?;
            }
        }
        Body::RemoveAddr { ids } => m.serialize_field("addr_ids", ids)?,
        Body::Prio { backup, addr_id } => {
            m.serialize_field("backup", &backup)?;
            if let Some(id) = addr_id {
                m.serialize_field("addr_id", &id)?;
            }
        }
        Body::Fail { dsn } => m.serialize_field("dsn", &dsn)?,
        Body::FastClose { key } => m.serialize_field("key", &Hex64(key))?,
    }
    Ok(())
}
