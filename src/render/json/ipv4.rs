//! The JSON view of the IPv4 header (`ipv4`).

use std::net::Ipv4Addr;

use serde::{Serialize, Serializer};

use super::Hex;
use crate::decode::ipv4::{self, Form, Ipv4};

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
    src: Ipv4Addr,
    dst: Ipv4Addr,
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
        src: h.src,
        dst: h.dst,
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
        invalid: match ip.form {
            Form::BadHeaderLen => Some("bad_header_length"),
            Form::BadTotalLen => Some("bad_total_length"),
            Form::TruncatedIp => Some("short_packet"),
            Form::BadVersion(_) | Form::Short | Form::Ok => None,
        },
    }
}
