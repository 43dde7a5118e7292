//! Output of `netdecode dhcp` and `netdecode neighbors`: what the watch
//! engines report, as text lines and tables ([`dhcp`], [`neighbors`]) or
//! as JSON lines ([`json`]). The field names and texts are documented in
//! `docs/watch.md`.

pub mod dhcp;
pub mod json;
pub mod neighbors;

use std::fmt::Write as _;
use std::net::IpAddr;

use crate::render::time::{utc, LocalZone};
use crate::watch::{Evidence, Time};

pub use dhcp::DhcpPrinter;
pub use neighbors::NeighborPrinter;

/// Local date and time with microseconds: `2024-05-01 10:00:00.123456`.
pub fn local_time(zone: &LocalZone, t: Time) -> String {
    let c = zone.civil(t.secs());
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:06}",
        c.year,
        c.month,
        c.day,
        c.hour,
        c.minute,
        c.second,
        t.subsec_nanos() / 1000
    )
}

/// RFC 3339 in UTC with nanoseconds: `2024-05-01T10:00:00.123456789Z`.
pub fn rfc3339(t: Time) -> String {
    let c = utc(t.secs());
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:09}Z",
        c.year,
        c.month,
        c.day,
        c.hour,
        c.minute,
        c.second,
        t.subsec_nanos()
    )
}

/// Text from the network, quoted, with anything but printable ASCII
/// escaped (`\xNN`, `\"`, `\\`).
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for b in s.bytes() {
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x20..=0x7e => out.push(char::from(b)),
            _ => {
                let _ = write!(out, "\\x{b:02x}");
            }
        }
    }
    out.push('"');
    out
}

/// Addresses joined by `,` (`-` for none).
pub fn addr_list(a: &[IpAddr]) -> String {
    if a.is_empty() {
        return "-".into();
    }
    a.iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// The packet numbers a finding rests on: `packets 2,3` (`+N more`).
pub fn evidence(e: &Evidence) -> String {
    let list = e
        .packets
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let word = if e.packets.len() == 1 && e.more == 0 {
        "packet"
    } else {
        "packets"
    };
    if e.more > 0 {
        format!("{word} {list} (+{} more)", e.more)
    } else {
        format!("{word} {list}")
    }
}

/// A duration in nanoseconds as seconds with microseconds (`0.012345 s`).
pub fn seconds(ns: u64) -> String {
    format!("{}.{:06} s", ns / 1_000_000_000, ns % 1_000_000_000 / 1000)
}

/// Columns as wide as their widest cell; numbers (and cells marked so)
/// right-aligned; two spaces between columns, none after the last.
pub(crate) fn write_table(out: &mut Vec<u8>, head: &[(&str, bool)], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = head.iter().map(|(h, _)| h.len()).collect();
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut s = String::new();
        for (i, (c, ((_, right), w))) in cells.zip(head.iter().zip(&widths)).enumerate() {
            if i > 0 {
                s.push_str("  ");
            }
            let pad = w.saturating_sub(c.chars().count());
            if *right {
                s.extend(std::iter::repeat_n(' ', pad));
                s.push_str(c);
            } else {
                s.push_str(c);
                s.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.extend_from_slice(s.trim_end().as_bytes());
        out.push(b'\n');
    };
    line(&mut head.iter().map(|(h, _)| *h));
    for r in rows {
        line(&mut r.iter().map(String::as_str));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(
            rfc3339(Time::new(1_700_000_000, 5)),
            "2023-11-14T22:13:20.000000005Z"
        );
        assert_eq!(
            local_time(&LocalZone::utc(), Time::new(1_700_000_000, 123_456_789)),
            "2023-11-14 22:13:20.123456"
        );
        assert_eq!(quoted("a\"b\\c\u{1}é"), "\"a\\\"b\\\\c\\x01\\xc3\\xa9\"");
        assert_eq!(evidence(&Evidence::of([3])), "packet 3");
        let mut e = Evidence::of(1..=12);
        e.add(40);
        assert_eq!(evidence(&e), "packets 1,2,3,4,5,6,7,8,9,10,11,12 (+1 more)");
        assert_eq!(seconds(12_345_678), "0.012345 s");
        let mut out = Vec::new();
        write_table(
            &mut out,
            &[("A", false), ("NUM", true), ("Z", false)],
            &[vec!["xyz".into(), "5".into(), "".into()]],
        );
        assert_eq!(String::from_utf8(out).unwrap(), "A    NUM  Z\nxyz    5\n");
    }
}
