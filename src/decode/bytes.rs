//! Small nom helpers shared by the decoders.
//!
//! Every decoder uses nom's *complete* parsers: the whole captured frame is
//! in memory, so running out of input means the capture was cut short, never
//! "wait for more". [`Res`] is the result type they share.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use nom::bytes::complete::take;
use nom::number::complete::{be_u32, u8 as nom_u8};
use nom::IResult;

/// A nom result over captured bytes.
pub type Res<'a, T> = IResult<&'a [u8], T, nom::error::Error<&'a [u8]>>;

/// A 48-bit IEEE 802 MAC address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Mac(pub [u8; 6]);

pub fn mac(i: &[u8]) -> Res<'_, Mac> {
    let (i, b) = take(6usize)(i)?;
    let mut a = [0u8; 6];
    a.copy_from_slice(b);
    Ok((i, Mac(a)))
}

pub fn ipv4_addr(i: &[u8]) -> Res<'_, Ipv4Addr> {
    let (i, v) = be_u32(i)?;
    Ok((i, Ipv4Addr::from(v)))
}

pub fn u8(i: &[u8]) -> Res<'_, u8> {
    nom_u8(i)
}

/// The first `n` bytes of `s`, or all of it when shorter.
pub fn prefix(s: &[u8], n: usize) -> &[u8] {
    s.get(..n).unwrap_or(s)
}

/// `s` from `n` on, or nothing when `n` is past its end.
pub fn suffix(s: &[u8], n: usize) -> &[u8] {
    s.get(n..).unwrap_or(&[])
}

/// Big-endian u16 at `off`, if captured.
pub fn be16_at(s: &[u8], off: usize) -> Option<u16> {
    let b = s.get(off..off.checked_add(2)?)?;
    Some(u16::from_be_bytes([*b.first()?, *b.get(1)?]))
}

/// An IPv4 (4 bytes) or IPv6 (16 bytes) address; `None` for any other
/// length.
pub fn ip_addr(b: &[u8]) -> Option<IpAddr> {
    if let Ok(a) = <[u8; 4]>::try_from(b) {
        Some(IpAddr::V4(Ipv4Addr::from(a)))
    } else if let Ok(a) = <[u8; 16]>::try_from(b) {
        Some(IpAddr::V6(Ipv6Addr::from(a)))
    } else {
        None
    }
}

/// Big-endian u32 at `off`, if captured.
pub fn be32_at(s: &[u8], off: usize) -> Option<u32> {
    let b = s.get(off..off.checked_add(4)?)?;
    let mut a = [0u8; 4];
    a.copy_from_slice(b);
    Some(u32::from_be_bytes(a))
}

/// The Internet checksum (RFC 1071) of `data`, folded, starting from `sum`.
/// Returns the one's-complement sum *before* the final inversion, so that
/// callers can chain pseudo-headers.
pub fn ones_sum(data: &[u8], mut sum: u32) -> u32 {
    let mut chunks = data.chunks_exact(2);
    for c in &mut chunks {
        if let [a, b] = c {
            sum += u32::from(u16::from_be_bytes([*a, *b]));
        }
    }
    if let [last] = chunks.remainder() {
        sum += u32::from(*last) << 8;
    }
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    sum
}

/// The final checksum value: 0 means the data (including its checksum field)
/// verifies.
pub fn checksum(data: &[u8], sum: u32) -> u16 {
    !(ones_sum(data, sum) as u16)
}

/// tcpdump's `in_cksum_shouldbe`: the checksum field value that would have
/// made the data verify, given the field's value and the checksum computed
/// over the data with the field in place.
pub fn cksum_shouldbe(field: u16, computed: u16) -> u16 {
    let mut s = u32::from(field) + u32::from(computed);
    s = (s & 0xffff) + (s >> 16);
    s = (s & 0xffff) + (s >> 16);
    s as u16
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn checksum_of_rfc1071_example() {
        // RFC 1071 section 3 example bytes.
        let d = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
        assert_eq!(ones_sum(&d, 0), 0xddf2);
        assert_eq!(checksum(&d, 0), !0xddf2);
    }

    #[test]
    fn helpers_never_read_past_the_end() {
        assert_eq!(be16_at(&[1], 0), None);
        assert_eq!(be16_at(&[1, 2], usize::MAX), None);
        assert_eq!(be32_at(&[1, 2, 3, 4], 0), Some(0x01020304));
        assert_eq!(prefix(&[1, 2], 5), &[1, 2]);
        assert_eq!(suffix(&[1, 2], 5), &[] as &[u8]);
    }
}
