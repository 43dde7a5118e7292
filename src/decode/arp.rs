//! ARP and RARP. RFC 826; RFC 903 (RARP); RFC 2390 (inverse ARP).

use nom::number::complete::be_u16;

use super::bytes::{suffix, u8 as byte, Res};
use super::error::{Layer, Stop};
use super::{Decoded, Net};

/// An ARP packet. Address lengths come from the header, never assumed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arp<'a> {
    pub htype: u16,
    pub ptype: u16,
    pub hlen: u8,
    pub plen: u8,
    pub op: u16,
    /// On-wire length of the ARP packet and what follows it.
    pub length: u32,
    /// The captured bytes after the fixed 8-byte header (the addresses).
    pub addrs: &'a [u8],
}

impl<'a> Arp<'a> {
    fn addr(&self, index: usize) -> Option<&'a [u8]> {
        let h = usize::from(self.hlen);
        let p = usize::from(self.plen);
        let (start, len) = match index {
            0 => (0, h),
            1 => (h, p),
            2 => (h + p, h),
            _ => (h + p + h, p),
        };
        self.addrs.get(start..start + len)
    }
    /// Sender hardware address, if captured.
    pub fn sha(&self) -> Option<&'a [u8]> {
        self.addr(0)
    }
    /// Sender protocol address, if captured.
    pub fn spa(&self) -> Option<&'a [u8]> {
        self.addr(1)
    }
    /// Target hardware address, if captured.
    pub fn tha(&self) -> Option<&'a [u8]> {
        self.addr(2)
    }
    /// Target protocol address, if captured.
    pub fn tpa(&self) -> Option<&'a [u8]> {
        self.addr(3)
    }
}

fn fixed(i: &[u8]) -> Res<'_, (u16, u16, u8, u8, u16)> {
    let (i, htype) = be_u16(i)?;
    let (i, ptype) = be_u16(i)?;
    let (i, hlen) = byte(i)?;
    let (i, plen) = byte(i)?;
    let (i, op) = be_u16(i)?;
    Ok((i, (htype, ptype, hlen, plen, op)))
}

/// Decodes an ARP packet at `off`.
pub fn decode<'a>(p: &'a [u8], length: u32, off: usize, d: &mut Decoded<'a>) {
    match fixed(p) {
        Ok((_, (htype, ptype, hlen, plen, op))) => {
            let arp = Arp {
                htype,
                ptype,
                hlen,
                plen,
                op,
                length,
                addrs: suffix(p, 8),
            };
            d.net = Net::Arp(arp);
            if arp.tpa().is_none() {
                d.stop = Some(Stop::truncated(Layer::Arp, off));
            }
        }
        Err(_) => d.stop = Some(Stop::truncated(Layer::Arp, off)),
    }
}
