//! ICMP. RFC 792; RFC 950 (address mask); RFC 1256 (router discovery);
//! RFC 4884 and RFC 5837 (extensions).

use nom::number::complete::be_u16;

use super::bytes::{suffix, u8 as byte, Res};
use super::error::{Layer, Stop};
use super::{Decoded, Transport};

/// An ICMP message: the common header and the rest, borrowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Icmp<'a> {
    pub icmp_type: u8,
    pub code: u8,
    pub checksum: u16,
    /// The message length the IP layer claims.
    pub length: u32,
    /// The captured message, header included.
    pub message: &'a [u8],
    /// The captured bytes after the 4-byte common header.
    pub body: &'a [u8],
}

fn common(i: &[u8]) -> Res<'_, (u8, u8, u16)> {
    let (i, t) = byte(i)?;
    let (i, c) = byte(i)?;
    let (i, s) = be_u16(i)?;
    Ok((i, (t, c, s)))
}

/// Decodes an ICMP message at `off`; `length` is the IP payload length.
pub fn decode<'a>(p: &'a [u8], length: u32, off: usize, d: &mut Decoded<'a>) {
    match common(p) {
        Ok((_, (icmp_type, code, checksum))) => {
            d.transport = Transport::Icmp(Icmp {
                icmp_type,
                code,
                checksum,
                length,
                message: p,
                body: suffix(p, 4),
            });
        }
        Err(_) => d.stop = Some(Stop::truncated(Layer::Icmp, off)),
    }
}
