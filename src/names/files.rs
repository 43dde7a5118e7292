//! Parsers for the name files tcpdump's C library reads: services(5),
//! ethers(5) and hosts(5), with the C library's quirks (`strtoul` port
//! numbers, `#` comments anywhere, the first entry winning).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;

/// C's `strtoul` on the start of `s`: leading blanks, a sign, the base
/// prefix when `base` is 0 or 16, digits; the value (saturated, negated
/// modulo 2^64 after a minus) and the rest, or `None` without digits.
fn strtoul(s: &str, base: u32) -> Option<(u64, &str)> {
    let t = s.trim_start_matches(|c: char| c.is_ascii_whitespace());
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let hex_prefix = (t.starts_with("0x") || t.starts_with("0X"))
        && t[2..].starts_with(|c: char| c.is_ascii_hexdigit());
    let (base, t) = match base {
        0 if hex_prefix => (16, &t[2..]),
        0 if t.starts_with('0') => (8, t),
        0 => (10, t),
        16 if hex_prefix => (16, &t[2..]),
        b => (b, t),
    };
    let end = t.find(|c: char| !c.is_digit(base)).unwrap_or(t.len());
    if end == 0 {
        return None;
    }
    let (digits, rest) = t.split_at(end);
    let v = digits.chars().fold(0u64, |v, c| {
        v.saturating_mul(u64::from(base))
            .saturating_add(u64::from(c.to_digit(base).unwrap_or(0)))
    });
    Some((if neg { v.wrapping_neg() } else { v }, rest))
}

/// The lines of a name file with their comments cut (from `#` on, as the
/// C library does) and their leading blanks removed; empty ones dropped.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim_start())
        .filter(|l| !l.is_empty())
}

/// The first word of `l` and what follows it, blanks skipped.
fn word(l: &str) -> (&str, &str) {
    let l = l.trim_start();
    let end = l.find(|c: char| c.is_ascii_whitespace()).unwrap_or(l.len());
    (&l[..end], l[end..].trim_start())
}

pub(super) type PortNames = HashMap<u16, Box<str>>;

/// services(5): `name port/protocol [aliases...]`. The first name given
/// for a port and protocol wins, as in tcpdump's tables, which keep every
/// entry in file order and return the first.
pub(super) fn parse_services(text: &str) -> (PortNames, PortNames) {
    let (mut tcp, mut udp) = (HashMap::new(), HashMap::new());
    for l in lines(text) {
        let (name, rest) = word(l);
        let Some((port, rest)) = strtoul(rest, 0) else {
            continue;
        };
        let Some(rest) = rest.strip_prefix('/') else {
            continue;
        };
        let (proto, _aliases) = word(rest);
        // The C library keeps the port in 16 bits.
        let port = port as u16;
        let table = match proto {
            "tcp" => &mut tcp,
            "udp" => &mut udp,
            _ => continue,
        };
        table.entry(port).or_insert_with(|| name.into());
    }
    (tcp, udp)
}

/// ethers(5): `xx:xx:xx:xx:xx:xx name`, hexadecimal octets of one or two
/// digits. The first line for an address wins.
pub(super) fn parse_ethers(text: &str) -> HashMap<[u8; 6], Box<str>> {
    let mut map = HashMap::new();
    'line: for l in lines(text) {
        let mut mac = [0u8; 6];
        let mut rest = l;
        for (i, octet) in mac.iter_mut().enumerate() {
            let Some((v, r)) = strtoul(rest, 16) else {
                continue 'line;
            };
            let Ok(v) = u8::try_from(v) else {
                continue 'line;
            };
            *octet = v;
            rest = match (i, r.strip_prefix(':')) {
                (0..=4, Some(r)) => r,
                (5, None) if r.starts_with(|c: char| c.is_ascii_whitespace()) => r,
                _ => continue 'line,
            };
        }
        let (name, _) = word(rest);
        if !name.is_empty() {
            map.entry(mac).or_insert_with(|| name.into());
        }
    }
    map
}

/// hosts(5): `address canonical-name [aliases...]`. The canonical name of
/// the first line for an address is its name, as the C library's reverse
/// lookup gives it.
pub(super) fn parse_hosts(text: &str) -> HashMap<IpAddr, Arc<str>> {
    let mut map = HashMap::new();
    for l in lines(text) {
        let (addr, rest) = word(l);
        let (name, _aliases) = word(rest);
        if let (Ok(a), false) = (addr.parse::<IpAddr>(), name.is_empty()) {
            map.entry(a).or_insert_with(|| name.into());
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strtoul_as_c() {
        assert_eq!(strtoul("80/tcp", 0), Some((80, "/tcp")));
        assert_eq!(strtoul(" 0x50/", 0), Some((80, "/")));
        assert_eq!(strtoul("0x/", 0), Some((0, "x/")));
        assert_eq!(strtoul("010", 0), Some((8, "")));
        assert_eq!(strtoul("-1", 10), Some((u64::MAX, "")));
        assert_eq!(strtoul("ab:", 16), Some((0xab, ":")));
        assert_eq!(strtoul("0xab:", 16), Some((0xab, ":")));
        assert_eq!(strtoul("99999999999999999999999", 10), Some((u64::MAX, "")));
        assert_eq!(strtoul("/", 0), None);
        assert_eq!(strtoul("", 16), None);
    }
}
