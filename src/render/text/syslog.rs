//! Syslog, as tcpdump's print-syslog.c prints it: `SYSLOG user.notice,
//! length: 51`, with -v the facility and severity by name and number and
//! the message (unprintable bytes escaped), with -vv a hex dump of the
//! datagram.

use super::fmt::{hex_print, write_chars};
use super::Cx;
use crate::decode::syslog::{Message, Syslog};

const PROTO: &str = "syslog";

fn severity_name(s: u16) -> Option<&'static str> {
    Some(match s {
        0 => "emergency",
        1 => "alert",
        2 => "critical",
        3 => "error",
        4 => "warning",
        5 => "notice",
        6 => "info",
        7 => "debug",
        _ => return None,
    })
}

fn facility_name(f: u16) -> Option<&'static str> {
    Some(match f {
        0 => "kernel",
        1 => "user",
        2 => "mail",
        3 => "daemon",
        4 => "auth",
        5 => "syslog",
        6 => "lpr",
        7 => "news",
        8 => "uucp",
        9 => "cron",
        10 => "authpriv",
        11 => "ftp",
        12 => "ntp",
        13 => "security",
        14 => "console",
        15 => "cron",
        16 => "local0",
        17 => "local1",
        18 => "local2",
        19 => "local3",
        20 => "local4",
        21 => "local5",
        22 => "local6",
        23 => "local7",
        _ => return None,
    })
}

/// tcpdump's `tok2str(..., "unknown (%u)", v)`.
fn write_name(cx: &mut Cx<'_>, name: Option<&str>, v: u16) {
    match name {
        Some(n) => cx.s(n),
        None => cx.f(format_args!("unknown ({v})")),
    }
}

/// Prints a syslog datagram after the UDP endpoints.
pub(super) fn write(cx: &mut Cx<'_>, s: &Syslog<'_>) {
    match s {
        Syslog::Truncated => cx.trunc_early_end(PROTO),
        Syslog::Invalid => cx.invalid(),
        Syslog::Message(m) => write_message(cx, m),
    }
}

fn write_message(cx: &mut Cx<'_>, m: &Message<'_>) {
    let (f, s) = (m.facility(), m.severity());
    if cx.o.verbose == 0 {
        cx.s("SYSLOG ");
        write_name(cx, facility_name(f), f);
        cx.s(".");
        write_name(cx, severity_name(s), s);
        cx.f(format_args!(", length: {}", m.length));
        return;
    }
    cx.f(format_args!("SYSLOG, length: {}\n\tFacility ", m.length));
    write_name(cx, facility_name(f), f);
    cx.f(format_args!(" ({f}), Severity "));
    write_name(cx, severity_name(s), s);
    cx.f(format_args!(" ({s})\n\tMsg: "));
    write_chars(cx, m.msg);
    if !m.complete && m.length as usize > m.header_len {
        cx.trunc_early_end(PROTO);
        return;
    }
    if cx.o.verbose > 1 {
        hex_print(cx, "\n\t", m.raw);
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::super::ethernet::tests::{eth, eth_text, text};
    use crate::decode::bytes::checksum;

    /// IPv4 10.0.0.1 -> 10.0.0.2, UDP 40000 -> 514 carrying `msg`.
    fn packet(msg: &[u8]) -> Vec<u8> {
        #[rustfmt::skip]
        let mut p = vec![
            0x45, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
            64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        ];
        let total = 28 + msg.len() as u16;
        p[2..4].copy_from_slice(&total.to_be_bytes());
        let sum = checksum(&p, 0);
        p[10..12].copy_from_slice(&sum.to_be_bytes());
        p.extend_from_slice(&[0x9c, 0x40, 0x02, 0x02]);
        p.extend_from_slice(&(8 + msg.len() as u16).to_be_bytes());
        p.extend_from_slice(&[0, 0]);
        p.extend_from_slice(msg);
        p
    }

    const ADDRS: &str = "10.0.0.1.40000 > 10.0.0.2.514: ";

    #[test]
    fn plain() {
        assert_eq!(
            eth_text(0x0800, &packet(b"<13>hi"), ""),
            format!("IP {ADDRS}SYSLOG user.notice, length: 6")
        );
        assert_eq!(
            eth_text(0x0800, &packet(b"<999>hi"), ""),
            format!("IP {ADDRS}SYSLOG unknown (124).debug, length: 7")
        );
        assert_eq!(
            eth_text(0x0800, &packet(b"13>hi"), ""),
            format!("IP {ADDRS} (invalid)")
        );
    }

    #[test]
    fn verbose() {
        let got = eth_text(0x0800, &packet(b"<165>a\x00\x7f\xe9"), "-v");
        assert!(
            got.ends_with(&format!(
                "{ADDRS}SYSLOG, length: 9\n\tFacility local4 (20), Severity notice (5)\n\
                 \tMsg: a^@^?M-i"
            )),
            "{got}"
        );
        let got = eth_text(0x0800, &packet(b"<165>abc"), "-vv");
        assert!(
            got.ends_with("\tMsg: abc\n\t0x0000:  3c31 3635 3e61 6263"),
            "{got}"
        );
    }

    #[test]
    fn truncated() {
        let f = eth(0x0800, &packet(b"<165>abcdef"));
        let got = text(1, &f[..49], 53, "-v");
        assert!(got.ends_with("\tMsg: ab [|syslog]"), "{got}");
        let got = text(1, &f[..45], 53, "-v");
        assert!(got.ends_with(&format!("{ADDRS} [|syslog]")), "{got}");
        let got = text(1, &f[..42], 53, "");
        assert!(got.ends_with(&format!("{ADDRS} [|syslog]")), "{got}");
    }
}
