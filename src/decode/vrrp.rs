//! VRRP (IP protocol 112). RFC 3768 (version 2), RFC 5798 (version 3),
//! over IPv4 or IPv6, as tcpdump's print-vrrp.c reads it.
//!
//! A [`Vrrp`] record keeps the fixed header's fields (each `None` where
//! the capture ended before it), the IP layer's TTL or hop limit (tcpdump
//! complains when it is not 255), the address list (IPv4 or IPv6 by the
//! IP version under it, as tcpdump decides) and, for version 2 simple
//! authentication, the password. The checksum is verified here: over the
//! message for version 2, with the IP pseudo-header for version 3.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::bytes::{be16_at, checksum, prefix, suffix};
use super::{Decoded, Net, Transport};

/// The IP protocol number.
pub const PROTO: u8 = 112;
/// The only message type.
pub const TYPE_ADVERTISEMENT: u8 = 1;
/// The TTL (hop limit) every advertisement must carry.
pub const TTL: u8 = 255;
/// The fixed header.
pub const HEADER_LEN: usize = 8;
/// Version 2 authentication data.
pub const AUTH_LEN: usize = 8;

/// Version 2 authentication types (RFC 2338 section 5.3.6).
pub mod auth {
    pub const NONE: u8 = 0;
    pub const SIMPLE: u8 = 1;
    pub const AH: u8 = 2;
}

/// A VRRP message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Vrrp<'a> {
    /// The message length the IP layer claims.
    pub len: u32,
    /// The captured message, bounded by `len`.
    pub bytes: &'a [u8],
    /// The IP TTL or hop limit.
    pub ttl: u8,
    /// Carried by IPv6: the addresses are IPv6 addresses.
    pub ipv6: bool,
    /// The IP pseudo-header sum for the version 3 checksum.
    pseudo_sum: u32,
}

impl<'a> Vrrp<'a> {
    fn byte(&self, off: usize) -> Option<u8> {
        self.bytes.get(off).copied()
    }
    /// The version (high nibble of byte 0).
    pub fn version(&self) -> Option<u8> {
        self.byte(0).map(|b| b >> 4)
    }
    /// The type (low nibble of byte 0).
    pub fn kind(&self) -> Option<u8> {
        self.byte(0).map(|b| b & 0x0f)
    }
    /// A version 2 or 3 advertisement: the only messages with fields.
    pub fn is_advertisement(&self) -> bool {
        matches!(self.version(), Some(2 | 3)) && self.kind() == Some(TYPE_ADVERTISEMENT)
    }
    pub fn vrid(&self) -> Option<u8> {
        self.byte(1)
    }
    pub fn priority(&self) -> Option<u8> {
        self.byte(2)
    }
    /// The number of addresses.
    pub fn count(&self) -> Option<u8> {
        self.byte(3)
    }
    /// Version 2: the authentication type.
    pub fn auth_type(&self) -> Option<u8> {
        self.byte(4)
    }
    /// Version 2: the advertisement interval in seconds.
    pub fn interval_secs(&self) -> Option<u8> {
        self.byte(5)
    }
    /// Version 3: the maximum advertisement interval in centiseconds (12
    /// bits).
    pub fn interval_cs(&self) -> Option<u16> {
        be16_at(self.bytes, 4).map(|v| v & 0x0fff)
    }
    /// Version 3: the four reserved bits before the interval.
    pub fn reserved(&self) -> Option<u8> {
        self.byte(4).map(|b| b >> 4)
    }
    /// The checksum field.
    pub fn checksum(&self) -> Option<u16> {
        be16_at(self.bytes, 6)
    }
    /// The Internet checksum over the message (with the pseudo-header for
    /// version 3), 0 when it verifies; `None` when the message was not
    /// captured whole or is neither version 2 nor 3.
    pub fn computed_checksum(&self) -> Option<u16> {
        let len = usize::try_from(self.len).ok()?;
        if self.bytes.len() < len {
            return None;
        }
        let m = prefix(self.bytes, len);
        match self.version()? {
            2 => Some(checksum(m, 0)),
            3 => Some(checksum(m, self.pseudo_sum)),
            _ => None,
        }
    }
    /// The size of one address: 16 over IPv6, else 4.
    pub fn addr_size(&self) -> usize {
        if self.ipv6 {
            16
        } else {
            4
        }
    }
    /// The captured addresses, at most [`Vrrp::count`] of them.
    pub fn addrs(&self) -> impl Iterator<Item = IpAddr> + 'a {
        let n = usize::from(self.count().unwrap_or(0));
        let size = self.addr_size();
        suffix(self.bytes, HEADER_LEN)
            .chunks_exact(size)
            .take(n)
            .filter_map(|c| {
                if let Ok(a) = <[u8; 4]>::try_from(c) {
                    Some(IpAddr::V4(Ipv4Addr::from(a)))
                } else {
                    <[u8; 16]>::try_from(c)
                        .ok()
                        .map(|a| IpAddr::V6(Ipv6Addr::from(a)))
                }
            })
    }
    /// Every address the count claims was captured.
    pub fn addrs_complete(&self) -> bool {
        let n = usize::from(self.count().unwrap_or(0));
        suffix(self.bytes, HEADER_LEN).len() >= n * self.addr_size()
    }
    /// Version 2 simple authentication: the password as tcpdump prints
    /// it (up to the first NUL, at most 8 bytes) and whether the capture
    /// ended before its end. `None` for other messages.
    pub fn password(&self) -> Option<Password<'a>> {
        if self.version() != Some(2) || self.auth_type() != Some(auth::SIMPLE) {
            return None;
        }
        let at = HEADER_LEN + usize::from(self.count()?) * self.addr_size();
        let data = prefix(suffix(self.bytes, at), AUTH_LEN);
        let text_len = data.iter().position(|&c| c == 0).unwrap_or(data.len());
        Some(Password {
            text: prefix(data, text_len),
            cut: text_len == data.len() && data.len() < AUTH_LEN,
        })
    }
}

/// A version 2 simple-authentication password.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Password<'a> {
    /// The bytes before the first NUL, at most 8.
    pub text: &'a [u8],
    /// The capture ended before a NUL or the eighth byte.
    pub cut: bool,
}

/// Decodes a VRRP message: `p` is the captured IP payload, `len` the IP
/// payload length; the IP layer is already in `d`.
pub fn decode<'a>(p: &'a [u8], len: u32, _off: usize, d: &mut Decoded<'a>) {
    let (ttl, ipv6) = match &d.net {
        Net::Ipv4(ip) => (ip.header.ttl, false),
        Net::Ipv6(ip) => (ip.header.hop_limit, true),
        _ => (0, false),
    };
    let pseudo_sum = d.ip_view().map_or(0, |ip| ip.pseudo_sum(PROTO, len));
    d.transport = Transport::Vrrp(Vrrp {
        len,
        bytes: prefix(p, usize::try_from(len).unwrap_or(usize::MAX)),
        ttl,
        ipv6,
        pseudo_sum,
    });
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn v2(bytes: &[u8], len: u32) -> Vrrp<'_> {
        Vrrp {
            len,
            bytes,
            ttl: 255,
            ipv6: false,
            pseudo_sum: 0,
        }
    }

    #[test]
    fn version_2_fields_checksum_and_password() {
        let mut m = vec![0x21, 42, 100, 2, 1, 3, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2];
        m.extend_from_slice(b"secret\0\0");
        let s = checksum(&m, 0);
        m[6..8].copy_from_slice(&s.to_be_bytes());
        let v = v2(&m, m.len() as u32);
        assert!(v.is_advertisement());
        assert_eq!(
            (v.vrid(), v.priority(), v.count()),
            (Some(42), Some(100), Some(2))
        );
        assert_eq!(v.interval_secs(), Some(3));
        assert_eq!(v.computed_checksum(), Some(0));
        assert_eq!(v.addrs().count(), 2);
        assert!(v.addrs_complete());
        assert_eq!(
            v.password(),
            Some(Password {
                text: b"secret",
                cut: false
            })
        );
        // Cut in the password: not checksummed, password marked cut.
        let v = v2(&m[..20], m.len() as u32);
        assert_eq!(v.computed_checksum(), None);
        assert_eq!(
            v.password(),
            Some(Password {
                text: b"secr",
                cut: true
            })
        );
        // Cut in the addresses.
        let v = v2(&m[..14], m.len() as u32);
        assert_eq!(v.addrs().count(), 1);
        assert!(!v.addrs_complete());
    }

    #[test]
    fn version_3_interval_and_ipv6_addresses() {
        let mut m = vec![0x31, 7, 100, 1, 0x10 | 0x03, 0xe8, 0, 0];
        m.extend_from_slice(&[0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
        let v = Vrrp {
            ipv6: true,
            ..v2(&m, m.len() as u32)
        };
        assert_eq!(v.interval_cs(), Some(1000));
        assert_eq!(v.reserved(), Some(1));
        assert_eq!(v.password(), None);
        assert_eq!(
            v.addrs().collect::<Vec<_>>(),
            ["fe80::1".parse::<IpAddr>().unwrap()]
        );
        assert!(!v2(&[0x11], 8).is_advertisement());
        assert_eq!(v2(&[], 8).version(), None);
    }
}
