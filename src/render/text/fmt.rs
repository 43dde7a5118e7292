//! Formatting every printer shares: addresses (with their names unless
//! -n, and IPv6 text as tcpdump writes it), MAC addresses, 802.1Q tag fields, tcpdump's escaped packet text and
//! its `hex_print` dump, plain hex digits, and relative times (`1h2m3s`). A
//! printer takes these from here, never from
//! another protocol's printer.

use std::fmt;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::Arc;

use super::Cx;
use crate::decode::fqdn::{Name, Piece};
use crate::decode::{Mac, VlanTag};
use crate::names::MacName;

/// Appends `n` in decimal, without `fmt` (the printers' hot path).
#[inline]
pub(crate) fn push_dec(out: &mut Vec<u8>, n: u64) {
    push_dec_pad(out, n, 0);
}

/// Appends `n` in decimal, zero-padded to `width` digits (`{n:0width$}`).
pub(crate) fn push_dec_pad(out: &mut Vec<u8>, n: u64, width: usize) {
    let mut buf = itoa::Buffer::new();
    let digits = buf.format(n).as_bytes();
    for _ in digits.len()..width {
        out.push(b'0');
    }
    out.extend_from_slice(digits);
}

/// Appends `n` as [`push_dec_pad`] does with width `N`, with a fixed-size
/// copy when `n` has at most `N` digits (time stamp fractions).
#[inline]
pub(crate) fn push_dec_fixed<const N: usize>(out: &mut Vec<u8>, n: u64) {
    let mut buf = [b'0'; N];
    let mut v = n;
    for d in buf.iter_mut().rev() {
        *d = b'0' + (v % 10) as u8;
        v /= 10;
    }
    if v == 0 {
        out.extend_from_slice(&buf);
    } else {
        push_dec_pad(out, n, N);
    }
}

/// A lowercase hex digit of the low 4 bits of `x`.
fn nibble(x: u8) -> u8 {
    let x = x & 0x0f;
    if x < 10 {
        b'0' + x
    } else {
        b'a' + x - 10
    }
}

/// Appends a byte as two lowercase hex digits (`{b:02x}`).
pub(crate) fn push_hex2(out: &mut Vec<u8>, b: u8) {
    out.extend_from_slice(&[nibble(b >> 4), nibble(b)]);
}

/// Appends `v` in lowercase hex, zero-padded to `width` digits (`{v:0width$x}`;
/// width 0 or 1 is `{v:x}`).
pub(crate) fn push_hex_pad(out: &mut Vec<u8>, v: u64, width: usize) {
    let mut buf = [b'0'; 16];
    let mut n = 0;
    let mut v = v;
    for d in buf.iter_mut().rev() {
        *d = nibble((v & 0x0f) as u8);
        v >>= 4;
        n += 1;
        if v == 0 {
            break;
        }
    }
    for _ in n..width {
        out.push(b'0');
    }
    out.extend_from_slice(buf.get(16 - n..).unwrap_or_default());
}

/// An IPv4 address as dotted decimal, without `fmt`.
fn push_ipv4(out: &mut Vec<u8>, a: std::net::Ipv4Addr) {
    // Each octet's digits and their count from a table, a dot after
    // each; at most 16 bytes, appended whole and cut to length.
    let mut buf = [0u8; 16];
    let mut pos = 0;
    for o in a.octets() {
        let entry = OCTETS[usize::from(o)];
        buf[pos..pos + 4].copy_from_slice(&entry);
        pos += usize::from(entry[3]);
        buf[pos] = b'.';
        pos += 1;
    }
    let at = out.len();
    out.extend_from_slice(&buf);
    out.truncate(at + pos - 1);
}

/// The decimal digits of 0 to 255, left-aligned in 3 bytes, and their
/// count in the fourth.
static OCTETS: [[u8; 4]; 256] = {
    let mut t = [[0u8; 4]; 256];
    let mut i = 0;
    while i < 256 {
        let (h, d, u) = ((i / 100) as u8, (i / 10 % 10) as u8, (i % 10) as u8);
        t[i] = if i >= 100 {
            [b'0' + h, b'0' + d, b'0' + u, 3]
        } else if i >= 10 {
            [b'0' + d, b'0' + u, 0, 2]
        } else {
            [b'0' + u, 0, 0, 1]
        };
        i += 1;
    }
    t
};

/// A 16-bit word in lowercase hex without leading zeros (`{w:x}`).
fn push_hex_word(out: &mut Vec<u8>, w: u16) {
    let mut started = false;
    for shift in [12u16, 8, 4, 0] {
        let d = ((w >> shift) & 0x0f) as u8;
        if started || d != 0 || shift == 0 {
            out.push(nibble(d));
            started = true;
        }
    }
}

/// An IPv6 address as [`Ip6Text`] writes it, without `fmt`.
fn push_ipv6(out: &mut Vec<u8>, a: Ipv6Addr) {
    let w = a.segments();
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
    out.reserve(45);
    for (i, &word) in w.iter().enumerate() {
        if best != usize::MAX && i >= best && i < best + best_len {
            if i == best {
                out.push(b':');
            }
            continue;
        }
        if i != 0 {
            out.push(b':');
        }
        if i == 6 && best == 0 && (best_len == 6 || (best_len == 5 && w.get(5) == Some(&0xffff))) {
            let [.., a, b, c, d] = a.octets();
            push_ipv4(out, std::net::Ipv4Addr::new(a, b, c, d));
            return;
        }
        push_hex_word(out, word);
    }
    if best != usize::MAX && best + best_len == 8 {
        out.push(b':');
    }
}

/// An IPv4 or IPv6 address, or its host name without -n.
pub(crate) fn write_addr(cx: &mut Cx<'_>, a: impl Into<IpAddr>) {
    let a = a.into();
    if cx.names.is_none() && !cx.pal.enabled {
        match a {
            IpAddr::V4(v4) => push_ipv4(cx.out, v4),
            IpAddr::V6(v6) => push_ipv6(cx.out, v6),
        }
        return;
    }
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

/// tcpdump's `nd_printjnp`: up to `n` bytes of `bytes`, stopping at a NUL,
/// each as [`write_char`] writes it; false when `bytes` (what was
/// captured) ended first, where tcpdump's read fails.
pub(crate) fn write_jnp(cx: &mut Cx<'_>, bytes: &[u8], n: usize) -> bool {
    for i in 0..n {
        match bytes.get(i) {
            None => return false,
            Some(0) => break,
            Some(&c) => write_char(cx, c),
        }
    }
    true
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
            cx.s(" ");
            push_hex2(cx.out, *a);
            push_hex2(cx.out, *b);
        }
        i += 1;
    }
    if let [last] = pairs.remainder() {
        if i % 8 == 0 {
            cx.f(format_args!("{ident}0x{:04x}: ", i * 2));
        }
        cx.s(" ");
        push_hex2(cx.out, *last);
    }
}

/// tcpdump's `fqdn_print` for one name; `Err` when it returned NULL.
pub(crate) fn write_fqdn(cx: &mut Cx<'_>, n: &Name<'_>) -> Result<(), ()> {
    for p in n.pieces() {
        match p {
            Piece::Label(b) => write_chars(cx, b),
            Piece::Dot => cx.s("."),
            Piece::BitLabel { bits, data } => {
                cx.s("\\[x");
                let mut b = u32::from(bits);
                let mut it = data.iter();
                while b > 7 {
                    match it.next() {
                        Some(x) => cx.f(format_args!("{x:02x}")),
                        None => break,
                    }
                    b -= 8;
                }
                if let Some(tc) = it.next() {
                    if b > 4 {
                        cx.f(format_args!("{:02x}", tc & (0xffu8 << (8 - b))));
                    } else if b > 0 {
                        cx.f(format_args!(
                            "{:1x}",
                            ((tc >> 4) & 0x0f) & (0x0fu8 << (4 - b))
                        ));
                    }
                }
                cx.f(format_args!("/{bits}]"));
            }
            Piece::BadPointer => cx.s("<BAD PTR>"),
            Piece::BadLabelType => cx.s("<BAD LABEL TYPE>"),
            Piece::UnknownElt(e) => cx.f(format_args!("<ELT {e}>")),
            Piece::TooLong => cx.s("<DOMAIN NAME TOO LONG>"),
            Piece::End(Some(_)) => return Ok(()),
            Piece::End(None) => return Err(()),
        }
    }
    Ok(())
}

/// An address as printed: its host name or its number.
pub(crate) struct Host {
    addr: IpAddr,
    name: Option<Arc<str>>,
}

impl fmt::Display for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.name {
            Some(n) => f.write_str(n),
            None => match self.addr {
                IpAddr::V6(a) => Ip6Text(a).fmt(f),
                IpAddr::V4(a) => a.fmt(f),
            },
        }
    }
}

/// A port as printed: its service name or its number.
#[derive(Clone, Copy)]
pub(crate) struct Port<'a> {
    num: u16,
    name: Option<&'a str>,
}

impl fmt::Display for Port<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name {
            Some(n) => f.write_str(n),
            None => self.num.fmt(f),
        }
    }
}

/// A MAC address as printed.
#[derive(Clone, Copy)]
pub(crate) struct MacText<'a> {
    mac: [u8; 6],
    name: Option<MacName<'a>>,
}

impl fmt::Display for MacText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(MacName::Name(n)) = self.name {
            return f.write_str(n);
        }
        let [a, b, c, d, e, g] = self.mac;
        write!(f, "{a:02x}:{b:02x}:{c:02x}:{d:02x}:{e:02x}:{g:02x}")?;
        if let Some(MacName::Oui(v)) = self.name {
            write!(f, " (oui {v})")?;
        }
        Ok(())
    }
}

/// A port after `sep` (`.` between address and port), in the port style.
pub(crate) fn write_port(cx: &mut Cx<'_>, sep: &str, p: Port<'_>) {
    if p.name.is_none() && !cx.pal.enabled {
        if let [b] = sep.as_bytes() {
            cx.out.push(*b);
        } else {
            cx.s(sep);
        }
        cx.u(p.num);
        return;
    }
    let style = cx.pal.port;
    cx.styled(style, format_args!("{sep}{p}"));
}

/// What the printers call: names when `Cx::names` is set, numbers
/// otherwise.
impl<'o> Cx<'o> {
    /// An unsigned integer in decimal (`{n}`), without `fmt`.
    #[inline]
    pub fn u(&mut self, n: impl Into<u64>) {
        push_dec(self.out, n.into());
    }

    /// `s` then an unsigned integer in decimal (`{s}{n}`).
    #[inline]
    pub fn su(&mut self, s: &str, n: impl Into<u64>) {
        self.s(s);
        push_dec(self.out, n.into());
    }

    /// An IPv4 or IPv6 address.
    pub fn host(&self, a: impl Into<IpAddr>) -> Host {
        let addr = a.into();
        Host {
            addr,
            name: self.names.and_then(|n| n.host(addr)),
        }
    }

    /// A TCP port.
    pub fn tcp_port(&self, num: u16) -> Port<'o> {
        Port {
            num,
            name: self.names.and_then(|n| n.tcp_port(num)),
        }
    }

    /// A UDP port.
    pub fn udp_port(&self, num: u16) -> Port<'o> {
        Port {
            num,
            name: self.names.and_then(|n| n.udp_port(num)),
        }
    }

    /// A MAC address.
    pub fn mac(&self, m: &Mac) -> MacText<'o> {
        MacText {
            mac: m.0,
            name: self.names.map(|n| n.mac(&m.0)),
        }
    }

    /// The keyword of an IP protocol tcpdump does not decode, or `None`
    /// for `ip-proto-N`.
    pub fn ip_protocol(&self, p: u8) -> Option<&'static str> {
        self.names.and_then(|_| crate::names::ip_protocol(p))
    }
}

/// Bytes as lowercase hex digits, without separators.
pub(crate) fn write_hex(cx: &mut Cx<'_>, bytes: &[u8]) {
    for &b in bytes {
        push_hex2(cx.out, b);
    }
}

/// tcpdump's `unsigned_relts_print`: a number of seconds as `1y2w3d4h5m6s`
/// (units that are zero left out), or `0s`.
pub(crate) fn write_relts(cx: &mut Cx<'_>, mut secs: u32) {
    if secs == 0 {
        cx.s("0s");
        return;
    }
    for (unit, name) in [
        (31_536_000, "y"),
        (604_800, "w"),
        (86_400, "d"),
        (3_600, "h"),
        (60, "m"),
        (1, "s"),
    ] {
        if secs >= unit {
            cx.f(format_args!("{}{name}", secs / unit));
            secs %= unit;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_and_hex_as_fmt_writes_them() {
        for n in [0u64, 1, 9, 10, 99, 100, 65535, 4_294_967_295, u64::MAX] {
            for w in [0usize, 2, 4, 6, 9] {
                let mut out = Vec::new();
                push_dec_pad(&mut out, n, w);
                assert_eq!(String::from_utf8(out).unwrap(), format!("{n:0w$}"));
            }
        }
        for n in [
            999_999u64,
            1_000_000,
            99_999_999,
            100_000_000,
            999_999_999,
            1_000_000_000,
        ] {
            for w in [6usize, 8, 9, 16, 17, 25] {
                let mut out = b"-".to_vec();
                push_dec_pad(&mut out, n, w);
                assert_eq!(String::from_utf8(out).unwrap(), format!("-{n:0w$}"));
            }
            let mut out = Vec::new();
            push_dec_fixed::<6>(&mut out, n);
            push_dec_fixed::<9>(&mut out, n);
            assert_eq!(String::from_utf8(out).unwrap(), format!("{n:06}{n:09}"));
        }
        for n in [
            0u64,
            1,
            0xf,
            0x10,
            0xabc,
            0xffff,
            0xf_ffff,
            0xdead_beef,
            u64::MAX,
        ] {
            for w in [0usize, 1, 2, 4, 5, 8, 17] {
                let mut out = Vec::new();
                push_hex_pad(&mut out, n, w);
                assert_eq!(String::from_utf8(out).unwrap(), format!("{n:0w$x}"));
            }
        }
        for b in 0..=255u8 {
            let mut out = Vec::new();
            push_hex2(&mut out, b);
            assert_eq!(String::from_utf8(out).unwrap(), format!("{b:02x}"));
        }
        for a in ["0.0.0.0", "10.1.0.77", "255.255.255.255", "192.0.2.100"] {
            let mut out = Vec::new();
            push_ipv4(&mut out, a.parse().unwrap());
            assert_eq!(String::from_utf8(out).unwrap(), a);
        }
    }

    /// The table writers append after what is already there, and agree
    /// with `fmt` on every digit count and every octet in every place.
    #[test]
    fn table_writers_agree_with_fmt() {
        let mut n = 1u64;
        let mut values = vec![0u64, u64::MAX, u64::from(u32::MAX)];
        while let Some(next) = n.checked_mul(10) {
            values.extend([n - 1, n, n + 1, n * 7 + 3]);
            n = next;
        }
        values.extend([n - 1, n, n + 1]);
        for v in values {
            let mut out = b"x=".to_vec();
            push_dec(&mut out, v);
            push_dec_pad(&mut out, v, 12);
            push_dec_fixed::<6>(&mut out, v);
            push_dec_fixed::<9>(&mut out, v);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                format!("x={v}{v:012}{v:06}{v:09}")
            );
        }
        for o in 0..=255u8 {
            for at in 0..4 {
                let mut octets = [255, 0, 9, 10];
                octets[at] = o;
                let a = std::net::Ipv4Addr::from(octets);
                let mut out = b"> ".to_vec();
                push_ipv4(&mut out, a);
                out.push(b':');
                assert_eq!(String::from_utf8(out).unwrap(), format!("> {a}:"));
            }
        }
    }

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
            let mut out = Vec::new();
            push_ipv6(&mut out, a);
            assert_eq!(String::from_utf8(out).unwrap(), want);
        }
        // The table-driven writer agrees with the fmt one on addresses
        // with every pattern of zero words and word widths.
        let mut x = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let mut seg = [0u16; 8];
            for (i, s) in seg.iter_mut().enumerate() {
                let r = (x >> (i * 8)) as u16;
                *s = match r % 5 {
                    0 | 1 => 0,
                    2 => r >> 12,
                    3 => 0xffff,
                    _ => r.rotate_left(i as u32),
                };
            }
            let a = Ipv6Addr::from(seg);
            let mut out = Vec::new();
            push_ipv6(&mut out, a);
            assert_eq!(String::from_utf8(out).unwrap(), Ip6Text(a).to_string());
        }
    }

    #[test]
    fn mac_text() {
        let names = crate::names::Resolver::from_files("", "02:00:00:00:00:01 named\n", "");
        let o = super::super::TextOptions::default();
        let pal = crate::render::Palette::plain();
        let mut out = Vec::new();
        let mut cx = Cx {
            out: &mut out,
            o: &o,
            pal: &pal,
            early_end: false,
            state: &mut super::super::State::default(),
            names: Some(&names),
        };
        let show = |cx: &Cx<'_>, m: [u8; 6]| cx.mac(&Mac(m)).to_string();
        assert_eq!(show(&cx, [2, 0, 0, 0, 0, 1]), "named");
        assert_eq!(show(&cx, [0xff; 6]), "Broadcast");
        assert_eq!(
            show(&cx, [2, 0, 0, 0, 0xab, 2]),
            "02:00:00:00:ab:02 (oui Unknown)"
        );
        assert_eq!(
            show(&cx, [0, 0, 0x0c, 1, 2, 3]),
            "00:00:0c:01:02:03 (oui Cisco)"
        );
        cx.names = None;
        assert_eq!(show(&cx, [0xff; 6]), "ff:ff:ff:ff:ff:ff");
        assert_eq!(show(&cx, [2, 0, 0, 0, 0, 1]), "02:00:00:00:00:01");
        assert_eq!(cx.tcp_port(80).to_string(), "80");
        assert_eq!(cx.ip_protocol(17), None);
    }

    /// One Ethernet frame's text with names from these files, time stamps
    /// off.
    fn text_with_names(frame: &[u8], link_header: bool) -> String {
        use crate::capture::{RawPacket, Timestamp};
        use crate::decode::{decode, LinkType};
        use crate::render::text::{TextOptions, TextRenderer, TimeFormat};
        let names = crate::names::Resolver::from_files(
            "http 80/tcp\nssh 22/tcp\nseven 7777/udp\n",
            "",
            "10.0.0.1 gw.example\n",
        );
        let o = TextOptions {
            time: TimeFormat::None,
            link_header,
            ..TextOptions::default()
        };
        let d = decode(LinkType(1), frame, frame.len() as u32);
        let pkt = RawPacket {
            ts: Timestamp::default(),
            data: frame,
            wire_len: frame.len() as u32,
        };
        let mut out = Vec::new();
        TextRenderer::new(o, crate::render::Palette::plain())
            .with_names(names)
            .render(&pkt, &d, &mut out);
        String::from_utf8(out).unwrap()
    }

    /// Ethernet from 00:00:0c:01:02:03 (Cisco) to `dst`, then IPv4 from
    /// 10.0.0.1 to 10.0.0.2 (checksums left at zero: not checked here).
    fn frame(dst: [u8; 6], proto: u8, frag: u16, payload: &[u8]) -> Vec<u8> {
        let mut f = dst.to_vec();
        f.extend_from_slice(&[0x00, 0x00, 0x0c, 0x01, 0x02, 0x03]); // source
        f.extend_from_slice(&[0x08, 0x00]); // IPv4
        f.extend_from_slice(&[0x45, 0x00]); // version 4, IHL 5; TOS
        f.extend_from_slice(&(20 + payload.len() as u16).to_be_bytes()); // total length
        f.extend_from_slice(&[0x00, 0x01]); // id
        f.extend_from_slice(&frag.to_be_bytes()); // flags, fragment offset
        f.extend_from_slice(&[64, proto, 0, 0]); // TTL, protocol, checksum
        f.extend_from_slice(&[10, 0, 0, 1, 10, 0, 0, 2]); // addresses
        f.extend_from_slice(payload);
        f
    }

    #[test]
    fn printers_print_names() {
        let tcp_syn = [
            0x9c, 0x40, 0x00, 0x50, // ports 40000 -> 80
            0, 0, 0, 1, 0, 0, 0, 0, // seq 1, ack 0
            0x50, 0x02, 0x04, 0x00, // offset 5, SYN, window 1024
            0, 0, 0, 0, // checksum, urgent pointer
        ];
        assert_eq!(
            text_with_names(&frame([0xff; 6], 6, 0, &tcp_syn), true),
            "00:00:0c:01:02:03 (oui Cisco) > Broadcast, ethertype IPv4 (0x0800), \
             length 54: gw.example.40000 > 10.0.0.2.http: Flags [S], seq 1, win 1024, length 0"
        );
        let udp = [
            0x9c, 0x41, 0x1e, 0x61, // ports 40001 -> 7777
            0x00, 0x0c, 0x00, 0x00, // length 12, no checksum
            b'a', b'b', b'c', b'd',
        ];
        let local = [0x02, 0, 0, 0, 0, 0x09];
        assert_eq!(
            text_with_names(&frame(local, 17, 0, &udp), true),
            "00:00:0c:01:02:03 (oui Cisco) > 02:00:00:00:00:09 (oui Unknown), ethertype IPv4 \
             (0x0800), length 46: gw.example.40001 > 10.0.0.2.seven: UDP, length 4"
        );
        // Not the first fragment; a protocol tcpdump does not decode.
        assert_eq!(
            text_with_names(&frame(local, 17, 0x0002, &[0; 16]), false),
            "IP gw.example > 10.0.0.2: udp"
        );
        assert_eq!(
            text_with_names(&frame(local, 253, 0, &[0; 8]), false),
            "IP gw.example > 10.0.0.2:  exptest-253 8"
        );
        assert_eq!(
            text_with_names(&frame(local, 99, 0, &[0; 8]), false),
            "IP gw.example > 10.0.0.2:  ip-proto-99 8"
        );
        // ICMP port unreachable, quoting UDP to 7777 and TCP to 22.
        for (proto, port, line) in [
            (17u8, [0x1e, 0x61], "udp port seven unreachable"),
            (6, [0x00, 0x16], "tcp port ssh unreachable"),
        ] {
            let mut icmp = vec![3, 3, 0, 0, 0, 0, 0, 0]; // port unreachable
            icmp.extend_from_slice(&[0x45, 0, 0, 28, 0, 1, 0, 0, 64, proto, 0, 0]);
            icmp.extend_from_slice(&[10, 0, 0, 2, 10, 0, 0, 1]); // quoted addresses
            icmp.extend_from_slice(&[0x9c, 0x42]); // quoted source port
            icmp.extend_from_slice(&port);
            icmp.extend_from_slice(&[0, 8, 0, 0]);
            assert_eq!(
                text_with_names(&frame(local, 1, 0, &icmp), false),
                format!("IP gw.example > 10.0.0.2: ICMP gw.example {line}, length 36")
            );
        }
    }
}
