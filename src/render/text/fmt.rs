//! Formatting every printer shares: addresses (with their names unless
//! -n, and IPv6 text as tcpdump writes it), MAC addresses, 802.1Q tag fields, tcpdump's escaped packet text and
//! its `hex_print` dump. A printer takes these from here, never from
//! another protocol's printer.

use std::fmt;
use std::net::{IpAddr, Ipv6Addr};

use super::Cx;
use crate::decode::{Mac, VlanTag};

/// An IPv4 or IPv6 address, or its host name without -n.
pub(crate) fn write_addr(cx: &mut Cx<'_>, a: impl Into<IpAddr>) {
    let style = cx.pal.addr;
    let host = cx.host(a);
    cx.styled(style, format_args!("{host}"));
}

/// An IPv6 address as tcpdump's `addrtostr6` writes it: RFC 5952 zero
/// compression, and the last 32 bits dotted when the address is
/// IPv4-compatible (`::a.b.c.d`) or IPv4-mapped (`::ffff:a.b.c.d`).
pub(crate) struct Ip6Text(pub Ipv6Addr);

impl fmt::Display for Ip6Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = self.0.segments();
        // The longest run of zero words (the first of equal ones), if 2+.
        let (mut best, mut best_len) = (usize::MAX, 0usize);
        let mut i = 0;
        while i < 8 {
            if w.get(i) == Some(&0) {
                let start = i;
                while w.get(i) == Some(&0) {
                    i += 1;
                }
                if i - start > best_len {
                    best = start;
                    best_len = i - start;
                }
            } else {
                i += 1;
            }
        }
        if best_len < 2 {
            best = usize::MAX;
        }
        for (i, word) in w.iter().enumerate() {
            if best != usize::MAX && i >= best && i < best + best_len {
                if i == best {
                    f.write_str(":")?;
                }
                continue;
            }
            if i != 0 {
                f.write_str(":")?;
            }
            if i == 6
                && best == 0
                && (best_len == 6 || (best_len == 5 && w.get(5) == Some(&0xffff)))
            {
                let o = self.0.octets();
                let (a, b, c, d) = (o[12], o[13], o[14], o[15]);
                return write!(f, "{a}.{b}.{c}.{d}");
            }
            write!(f, "{word:x}")?;
        }
        if best != usize::MAX && best + best_len == 8 {
            f.write_str(":")?;
        }
        Ok(())
    }
}

/// `aa:bb:cc:dd:ee:ff`; without -n, tcpdump's name for it (`Broadcast`,
/// `aa:bb:cc:dd:ee:ff (oui Vendor)`, an /etc/ethers name).
pub(crate) fn write_mac(cx: &mut Cx<'_>, m: &Mac) {
    let addr = cx.pal.addr;
    let mac = cx.mac(m);
    cx.styled(addr, format_args!("{mac}"));
}

/// tcpdump's `ieee8021q_tci_string`: `vlan V, p P[, DEI]`.
pub(crate) fn write_tci(cx: &mut Cx<'_>, tag: &VlanTag) {
    cx.f(format_args!("vlan {}, p {}", tag.vid(), tag.pcp()));
    if tag.dei() {
        cx.s(", DEI");
    }
}

/// tcpdump's `fn_print_char`: `M-` for the high bit, `^` for controls.
pub(crate) fn write_char(cx: &mut Cx<'_>, c: u8) {
    let mut c = c;
    if !c.is_ascii() {
        c &= 0x7f;
        cx.s("M-");
    }
    if !(0x20..0x7f).contains(&c) {
        c ^= 0x40;
        cx.s("^");
    }
    cx.out.push(c);
}

/// Bytes as tcpdump prints packet text ([`write_char`] on each).
pub(crate) fn write_chars(cx: &mut Cx<'_>, bytes: &[u8]) {
    for &b in bytes {
        write_char(cx, b);
    }
}

/// tcpdump's `hex_print`: 16 bytes a line as 16-bit groups, offsets from 0.
pub(crate) fn hex_print(cx: &mut Cx<'_>, ident: &str, bytes: &[u8]) {
    let mut pairs = bytes.chunks_exact(2);
    let mut i = 0usize;
    for p in &mut pairs {
        if i % 8 == 0 {
            cx.f(format_args!("{ident}0x{:04x}: ", i * 2));
        }
        if let [a, b] = p {
            cx.f(format_args!(" {a:02x}{b:02x}"));
        }
        i += 1;
    }
    if let [last] = pairs.remainder() {
        if i % 8 == 0 {
            cx.f(format_args!("{ident}0x{:04x}: ", i * 2));
        }
        cx.f(format_args!(" {last:02x}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_as_tcpdump_writes_them() {
        for (a, want) in [
            ("::", "::"),
            ("::1", "::1"),
            ("fe80::1", "fe80::1"),
            ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
            ("2001:db8::", "2001:db8::"),
            ("::ffff:10.0.0.1", "::ffff:10.0.0.1"),
            ("::10.0.0.1", "::10.0.0.1"),
            ("1:0:2:0:3:0:4:0", "1:0:2:0:3:0:4:0"),
            ("::1:0:0:0:1", "::1:0:0:0:1"),
        ] {
            let a: Ipv6Addr = a.parse().unwrap_or(Ipv6Addr::UNSPECIFIED);
            assert_eq!(Ip6Text(a).to_string(), want);
        }
    }
}
