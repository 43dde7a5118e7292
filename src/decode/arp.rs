//! ARP and its relatives. RFC 826 (ARP); RFC 903 (RARP); RFC 2390 (inverse
//! ARP); RFC 2225 section 8.7 (ATM ARP, whose header differs).
//!
//! Address lengths always come from the header and are never assumed to be
//! 6 and 4: the accessors return `None` for an address that was not
//! captured.

use nom::number::complete::be_u16;

use super::bytes::{u8 as byte, Res};
use super::error::{Layer, Stop};
use super::{Decoded, Net};

mod field {
    /// hrd, pro, hln, pln, op.
    pub const HEADER_LEN: usize = 8;
    /// hrd, pro, shtl, sstl, op, spln, thtl, tstl, tpln.
    pub const ATM_HEADER_LEN: usize = 12;
    /// The length bits of an ATM ARP type/length byte (the 0x40 bit marks
    /// E.164 numbers).
    pub const ATM_LEN_MASK: u8 = 0x3f;
}

/// Hardware types (`ar_hrd`) that change how the packet is read.
pub const HRD_ETHER: u16 = 1;
pub const HRD_FRELAY: u16 = 15;
pub const HRD_ATM: u16 = 19;

pub const OP_REQUEST: u16 = 1;
pub const OP_REPLY: u16 = 2;
pub const OP_REVREQUEST: u16 = 3;
pub const OP_REVREPLY: u16 = 4;
pub const OP_INVREQUEST: u16 = 8;
pub const OP_INVREPLY: u16 = 9;
pub const OP_NAK: u16 = 10;

/// The protocol types whose addresses are IPv4 addresses (IPv4 and the
/// old trailer encapsulation).
pub fn is_ipv4_ptype(ptype: u16) -> bool {
    ptype == 0x0800 || ptype == 0x1000
}

/// The address lengths of the header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lengths {
    /// RFC 826: one hardware and one protocol address length.
    Plain { hlen: u8, plen: u8 },
    /// RFC 2225 ATM ARP: each side has an ATM number, an ATM subaddress
    /// (lengths already masked to their six length bits) and a protocol
    /// address of its own length.
    Atm {
        sha: u8,
        ssa: u8,
        spa: u8,
        tha: u8,
        tsa: u8,
        tpa: u8,
    },
}

/// One ARP packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arp<'a> {
    pub htype: u16,
    pub ptype: u16,
    pub op: u16,
    pub lengths: Lengths,
    /// On-wire length of the ARP packet and what follows it (tcpdump's
    /// `length`).
    pub length: u32,
    /// The captured bytes from the start of the ARP header to the end of
    /// the capture (tcpdump dumps them for an unknown operation).
    pub bytes: &'a [u8],
}

impl<'a> Arp<'a> {
    fn header_len(&self) -> usize {
        match self.lengths {
            Lengths::Plain { .. } => field::HEADER_LEN,
            Lengths::Atm { .. } => field::ATM_HEADER_LEN,
        }
    }

    /// The six address fields' lengths in wire order: sender hardware,
    /// sender subaddress, sender protocol, target hardware, target
    /// subaddress, target protocol (subaddresses are empty outside ATM).
    fn field_lens(&self) -> [usize; 6] {
        match self.lengths {
            Lengths::Plain { hlen, plen } => {
                let (h, p) = (usize::from(hlen), usize::from(plen));
                [h, 0, p, h, 0, p]
            }
            Lengths::Atm {
                sha,
                ssa,
                spa,
                tha,
                tsa,
                tpa,
            } => [sha, ssa, spa, tha, tsa, tpa].map(usize::from),
        }
    }

    fn field(&self, index: usize) -> Option<&'a [u8]> {
        let lens = self.field_lens();
        let start = self.header_len() + lens.iter().take(index).sum::<usize>();
        let len = *lens.get(index)?;
        self.bytes.get(start..start + len)
    }

    /// Sender hardware address (the ATM number for ATM ARP).
    pub fn sha(&self) -> Option<&'a [u8]> {
        self.field(0)
    }
    /// Sender ATM subaddress (empty outside ATM ARP).
    pub fn ssa(&self) -> Option<&'a [u8]> {
        self.field(1)
    }
    /// Sender protocol address.
    pub fn spa(&self) -> Option<&'a [u8]> {
        self.field(2)
    }
    /// Target hardware address (the ATM number for ATM ARP).
    pub fn tha(&self) -> Option<&'a [u8]> {
        self.field(3)
    }
    /// Target ATM subaddress (empty outside ATM ARP).
    pub fn tsa(&self) -> Option<&'a [u8]> {
        self.field(4)
    }
    /// Target protocol address.
    pub fn tpa(&self) -> Option<&'a [u8]> {
        self.field(5)
    }

    /// True when the header and every address were captured.
    pub fn complete(&self) -> bool {
        self.tpa().is_some()
    }

    /// The sender protocol address as IPv4, when the header says it is one.
    pub fn spa_ipv4(&self) -> Option<std::net::Ipv4Addr> {
        ipv4(self.ptype, self.spa())
    }

    /// The target protocol address as IPv4, when the header says it is one.
    pub fn tpa_ipv4(&self) -> Option<std::net::Ipv4Addr> {
        ipv4(self.ptype, self.tpa())
    }
}

fn ipv4(ptype: u16, a: Option<&[u8]>) -> Option<std::net::Ipv4Addr> {
    match a? {
        [a, b, c, d] if is_ipv4_ptype(ptype) => Some(std::net::Ipv4Addr::new(*a, *b, *c, *d)),
        _ => None,
    }
}

/// What a Q.922 (frame relay) address field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Q922 {
    Dlci(u32),
    /// The extension bits say the address is malformed.
    Invalid,
    /// The field ends before the address does.
    Truncated,
}

/// Reads a Q.922 address (ITU-T Q.922 section 3.3) of two to four bytes,
/// as frame-relay ARP carries in its hardware address fields.
pub fn q922(addr: &[u8]) -> Q922 {
    const EA: u8 = 0x01;
    let Some(&b0) = addr.first() else {
        return Q922::Truncated;
    };
    if b0 & EA != 0 {
        return Q922::Invalid;
    }
    let Some(&b1) = addr.get(1) else {
        return Q922::Truncated;
    };
    let mut dlci = (u32::from(b0 & 0xfc) << 2) | u32::from((b1 & 0xf0) >> 4);
    if b1 & EA != 0 {
        return Q922::Dlci(dlci);
    }
    let mut rest = addr.get(2..).unwrap_or(&[]).iter();
    let Some(&b2) = rest.next() else {
        return Q922::Truncated;
    };
    let last = if b2 & EA == 0 {
        // A four-byte address: seven more DLCI bits here.
        dlci = (dlci << 7) | u32::from(b2 >> 1);
        match rest.next() {
            Some(&b) => b,
            None => return Q922::Truncated,
        }
    } else {
        b2
    };
    if last & EA == 0 {
        return Q922::Invalid;
    }
    Q922::Dlci((dlci << 6) | u32::from(last >> 2))
}

fn plain_header(i: &[u8]) -> Res<'_, (u16, u16, Lengths, u16)> {
    let (i, htype) = be_u16(i)?;
    let (i, ptype) = be_u16(i)?;
    let (i, hlen) = byte(i)?;
    let (i, plen) = byte(i)?;
    let (i, op) = be_u16(i)?;
    Ok((i, (htype, ptype, Lengths::Plain { hlen, plen }, op)))
}

fn atm_header(i: &[u8]) -> Res<'_, (u16, u16, Lengths, u16)> {
    let m = field::ATM_LEN_MASK;
    let (i, htype) = be_u16(i)?;
    let (i, ptype) = be_u16(i)?;
    let (i, shtl) = byte(i)?;
    let (i, sstl) = byte(i)?;
    let (i, op) = be_u16(i)?;
    let (i, spln) = byte(i)?;
    let (i, thtl) = byte(i)?;
    let (i, tstl) = byte(i)?;
    let (i, tpln) = byte(i)?;
    let lengths = Lengths::Atm {
        sha: shtl & m,
        ssa: sstl & m,
        spa: spln,
        tha: thtl & m,
        tsa: tstl & m,
        tpa: tpln,
    };
    Ok((i, (htype, ptype, lengths, op)))
}

/// Decodes an ARP packet at `off`; `length` is its on-wire length.
pub fn decode<'a>(p: &'a [u8], length: u32, off: usize, d: &mut Decoded<'a>) {
    let is_atm = be16(p) == Some(HRD_ATM);
    let parsed = if is_atm {
        atm_header(p)
    } else {
        plain_header(p)
    };
    let Ok((_, (htype, ptype, lengths, op))) = parsed else {
        d.stop = Some(Stop::truncated(Layer::Arp, off));
        return;
    };
    let arp = Arp {
        htype,
        ptype,
        op,
        lengths,
        length,
        bytes: p,
    };
    d.net = Net::Arp(arp);
    if !arp.complete() {
        d.stop = Some(Stop::truncated(Layer::Arp, off));
    }
}

fn be16(p: &[u8]) -> Option<u16> {
    super::bytes::be16_at(p, 0)
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[rustfmt::skip]
    static REQUEST: [u8; 28] = [
        0x00, 0x01, 0x08, 0x00, // Ethernet, IPv4
        0x06, 0x04, 0x00, 0x01, // hln 6, pln 4, request
        0x02, 0x00, 0x00, 0x00, 0x00, 0x01, // sha
        10, 0, 0, 1,                        // spa
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // tha
        10, 0, 0, 2,                        // tpa
    ];

    fn arp(p: &[u8]) -> (Option<Arp<'_>>, Option<Stop>) {
        let mut d = Decoded::new(p, p.len() as u32);
        decode(p, 46, 14, &mut d);
        match d.net {
            Net::Arp(a) => (Some(a), d.stop),
            _ => (None, d.stop),
        }
    }

    #[test]
    fn fields_of_a_request() {
        let (a, stop) = arp(&REQUEST);
        let a = a.expect("arp");
        assert_eq!(stop, None);
        assert_eq!(a.op, OP_REQUEST);
        assert_eq!(a.sha(), Some(&REQUEST[8..14]));
        assert_eq!(a.spa_ipv4(), Some("10.0.0.1".parse().expect("addr")));
        assert_eq!(a.tpa_ipv4(), Some("10.0.0.2".parse().expect("addr")));
        assert_eq!(a.tha(), Some(&[0u8; 6][..]));
        assert_eq!(a.ssa(), Some(&[][..]));
    }

    #[test]
    fn every_truncation() {
        for n in 0..REQUEST.len() {
            let (a, stop) = arp(&REQUEST[..n]);
            assert_eq!(stop, Some(Stop::truncated(Layer::Arp, 14)), "len {n}");
            assert_eq!(a.is_some(), n >= 8, "len {n}");
        }
    }

    #[test]
    fn odd_lengths_every_truncation() {
        // hln 3, pln 5: addresses at 8, 11, 16, 19; 24 bytes in all.
        let mut p = vec![0x00, 0x20, 0x12, 0x34, 3, 5, 0x00, 0x07];
        p.extend((0u8..16).map(|b| b + 1));
        for n in 0..=p.len() {
            let (a, stop) = arp(&p[..n]);
            if n < 8 {
                assert!(a.is_none());
                continue;
            }
            let a = a.expect("header");
            assert_eq!(a.sha().is_some(), n >= 11, "len {n}");
            assert_eq!(a.spa().is_some(), n >= 16, "len {n}");
            assert_eq!(a.tha().is_some(), n >= 19, "len {n}");
            assert_eq!(a.tpa().is_some(), n >= 24, "len {n}");
            assert_eq!(stop.is_none(), n == 24, "len {n}");
            assert_eq!(a.spa_ipv4(), None);
        }
        let (a, _) = arp(&p);
        assert_eq!(a.expect("arp").tpa(), Some(&p[19..24]));
    }

    #[test]
    fn atm_layout_and_truncation() {
        #[rustfmt::skip]
        let p = [
            0x00, 0x13, 0x08, 0x00, // ATM, IPv4
            0x42, 0x01, 0x00, 0x01, // shtl 2 (E.164 bit set), sstl 1, request
            0x04, 0x00, 0x00, 0x04, // spln 4, thtl 0, tstl 0, tpln 4
            0xaa, 0xbb, 0xcc,       // sha, ssa
            10, 0, 0, 1,            // spa
            10, 0, 0, 2,            // tpa
        ];
        let (a, stop) = arp(&p);
        let a = a.expect("arp");
        assert_eq!(stop, None);
        assert_eq!(a.sha(), Some(&[0xaa, 0xbb][..]));
        assert_eq!(a.ssa(), Some(&[0xcc][..]));
        assert_eq!(a.tha(), Some(&[][..]));
        assert_eq!(a.tpa_ipv4(), Some("10.0.0.2".parse().expect("addr")));
        for n in 0..p.len() {
            let (_, stop) = arp(&p[..n]);
            assert_eq!(stop, Some(Stop::truncated(Layer::Arp, 14)), "len {n}");
        }
    }

    #[test]
    fn q922_addresses() {
        // DLCI 16 in a two-byte address: 0000 01|0 0 | 0000 0001 with EA.
        assert_eq!(q922(&[0x04, 0x01]), Q922::Dlci(16));
        assert_eq!(q922(&[0x05, 0x01]), Q922::Invalid);
        assert_eq!(q922(&[0x04]), Q922::Truncated);
        assert_eq!(q922(&[]), Q922::Truncated);
        // Three bytes: 10 + 6 bits.
        assert_eq!(q922(&[0x04, 0x00, 0x05]), Q922::Dlci(16 << 6 | 1));
        // Four bytes: 10 + 7 + 6 bits.
        assert_eq!(
            q922(&[0x04, 0x00, 0x02, 0x09]),
            Q922::Dlci((16 << 7 | 1) << 6 | 2)
        );
        assert_eq!(q922(&[0x04, 0x00, 0x02, 0x08]), Q922::Invalid);
        assert_eq!(q922(&[0x04, 0x00, 0x02]), Q922::Truncated);
    }
}
