//! BOOTP and DHCP. RFC 951 (BOOTP); RFC 2131 (DHCP); RFC 2132 (options).

use std::net::Ipv4Addr;

use nom::bytes::complete::take;
use nom::number::complete::{be_u16, be_u32};

use super::bytes::{ipv4_addr, u8 as byte, Res};
use super::error::{Layer, Stop};
use super::Decoded;

/// A BOOTP message. Only the fields that were captured are meaningful:
/// `fields` counts how many of the fixed fields (in wire order, op first)
/// were captured, since tcpdump prints the ones it has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bootp<'a> {
    pub op: u8,
    pub htype: u8,
    pub hlen: u8,
    pub hops: u8,
    pub xid: u32,
    pub secs: u16,
    pub flags: u16,
    pub ciaddr: Ipv4Addr,
    pub yiaddr: Ipv4Addr,
    pub siaddr: Ipv4Addr,
    pub giaddr: Ipv4Addr,
    /// Client hardware address field (16 bytes on the wire).
    pub chaddr: &'a [u8],
    pub sname: &'a [u8],
    pub file: &'a [u8],
    /// Everything after the fixed part: the magic cookie and options.
    pub vend: &'a [u8],
    /// The message length the UDP layer claims.
    pub length: u32,
    /// The whole fixed part was captured.
    pub complete: bool,
}

fn fixed(i: &[u8]) -> Res<'_, Bootp<'_>> {
    let (i, op) = byte(i)?;
    let (i, htype) = byte(i)?;
    let (i, hlen) = byte(i)?;
    let (i, hops) = byte(i)?;
    let (i, xid) = be_u32(i)?;
    let (i, secs) = be_u16(i)?;
    let (i, flags) = be_u16(i)?;
    let (i, ciaddr) = ipv4_addr(i)?;
    let (i, yiaddr) = ipv4_addr(i)?;
    let (i, siaddr) = ipv4_addr(i)?;
    let (i, giaddr) = ipv4_addr(i)?;
    let (i, chaddr) = take(16usize)(i)?;
    let (i, sname) = take(64usize)(i)?;
    let (i, file) = take(128usize)(i)?;
    Ok((
        i,
        Bootp {
            op,
            htype,
            hlen,
            hops,
            xid,
            secs,
            flags,
            ciaddr,
            yiaddr,
            siaddr,
            giaddr,
            chaddr,
            sname,
            file,
            vend: i,
            length: 0,
            complete: true,
        },
    ))
}

/// Decodes a BOOTP message at `off`.
pub fn decode<'a>(p: &'a [u8], length: u32, off: usize, d: &mut Decoded<'a>) -> Option<Bootp<'a>> {
    match fixed(p) {
        Ok((_, mut b)) => {
            b.length = length;
            Some(b)
        }
        Err(_) => {
            d.stop = Some(Stop::truncated(Layer::Bootp, off));
            None
        }
    }
}
