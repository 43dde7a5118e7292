//! NTP, as tcpdump's print-ntp.c and ntp.c print it: `NTPv4, Client,
//! length 48`, and with -v the leap indicator, stratum, poll, precision,
//! root delay and dispersion, reference id, the four time stamps (with
//! their UTC dates) and the two differences; control messages' header;
//! nothing past the leap indicator for mode 7.

use super::fmt::{write_addr, write_chars};
use super::Cx;
use crate::decode::ntp::{
    Body, ControlMsg, Ntp, ShortTime, TimeMsg, Timestamp, CONTROL_MSG_MIN_LEN, STRATUM_INFO_QUERY,
    STRATUM_INFO_REPLY, STRATUM_PRIMARY, STRATUM_UNSPECIFIED, TIME_MSG_MIN_LEN,
};
use crate::render::time::utc;

const PROTO: &str = "ntp";

/// How tcpdump stops when the captured bytes run out.
enum Cut {
    /// A `GET_*` read failed (tcpdump's longjmp).
    Jump,
    /// An `ND_TCHECK` failed: the marker, then a normal return.
    Check,
}

fn mode_name(mode: u8) -> &'static str {
    match mode {
        0 => "unspecified",
        1 => "symmetric active",
        2 => "symmetric passive",
        3 => "Client",
        4 => "Server",
        5 => "Broadcast",
        6 => "Control Message",
        _ => "Reserved",
    }
}

fn leap_name(bits: u8) -> &'static str {
    match bits {
        0x00 => "",
        0x40 => "+1s",
        0x80 => "-1s",
        _ => "clock unsynchronized",
    }
}

/// Prints an NTP message after the UDP endpoints.
pub(super) fn write(cx: &mut Cx<'_>, n: &Ntp<'_>) {
    match write_message(cx, n) {
        Ok(()) => {}
        Err(Cut::Jump) => cx.trunc_early_end(PROTO),
        Err(Cut::Check) => {
            let warn = cx.pal.warn;
            cx.styled(warn, format_args!(" [|{PROTO}]"));
        }
    }
}

fn write_message(cx: &mut Cx<'_>, n: &Ntp<'_>) -> Result<(), Cut> {
    let (Some(version), Some(mode), Some(leap)) = (n.version(), n.mode(), n.leap_bits()) else {
        return Err(Cut::Jump);
    };
    cx.f(format_args!("NTPv{version}"));
    if cx.o.verbose == 0 {
        cx.f(format_args!(", {}, length {}", mode_name(mode), n.length));
        return Ok(());
    }
    cx.f(format_args!(", {}, length {}\n", mode_name(mode), n.length));
    cx.f(format_args!(
        "\tLeap indicator: {} ({leap})",
        leap_name(leap)
    ));
    match &n.body {
        Body::Time(t) => write_time(cx, n, t),
        Body::Control(c) => write_control(cx, n, c),
        Body::Private => Ok(()),
    }
}

/// The rest of the message when it is shorter than its header: tcpdump
/// says `(invalid)`, then checks that the bytes it has been given were
/// captured.
fn invalid(cx: &mut Cx<'_>, n: &Ntp<'_>) -> Result<(), Cut> {
    cx.invalid();
    if n.complete {
        Ok(())
    } else {
        Err(Cut::Check)
    }
}

fn write_time(cx: &mut Cx<'_>, n: &Ntp<'_>, t: &TimeMsg<'_>) -> Result<(), Cut> {
    if n.length < TIME_MSG_MIN_LEN {
        return invalid(cx, n);
    }
    let stratum = t.stratum.ok_or(Cut::Jump)?;
    let sname = match stratum {
        STRATUM_UNSPECIFIED => "unspecified",
        STRATUM_PRIMARY => "primary reference",
        2..=15 => "secondary reference",
        _ => "reserved",
    };
    cx.f(format_args!(", Stratum {stratum} ({sname})"));
    let poll = t.poll.ok_or(Cut::Jump)?;
    cx.f(format_args!(", poll {poll}"));
    if (0..32).contains(&poll) {
        cx.f(format_args!(" ({}s)", 1u32 << poll));
    } else if (-31..0).contains(&poll) {
        cx.f(format_args!(" (1/{}s)", 1u32 << -poll));
    }
    let precision = t.precision.ok_or(Cut::Jump)?;
    cx.f(format_args!(", precision {precision}"));
    let delay = t.root_delay.ok_or(Cut::Check)?;
    cx.s("\n\tRoot Delay: ");
    write_short(cx, delay);
    let disp = t.root_dispersion.ok_or(Cut::Check)?;
    cx.s(", Root dispersion: ");
    write_short(cx, disp);
    let refid = t.refid.ok_or(Cut::Check)?;
    cx.s(", Reference-ID: ");
    match stratum {
        STRATUM_UNSPECIFIED => cx.s("(unspec)"),
        STRATUM_PRIMARY => write_chars(cx, &refid),
        STRATUM_INFO_QUERY | STRATUM_INFO_REPLY => {
            write_addr(cx, std::net::Ipv4Addr::from(refid));
            cx.s(if stratum == STRATUM_INFO_QUERY {
                " INFO_QUERY"
            } else {
                " INFO_REPLY"
            });
            return Ok(());
        }
        _ => cx.f(format_args!("0x{:08x}", t.reference_id().unwrap_or(0))),
    }
    let reference = t.reference.ok_or(Cut::Check)?;
    cx.s("\n\t  Reference Timestamp:  ");
    write_time_stamp(cx, reference);
    let origin = t.origin.ok_or(Cut::Check)?;
    cx.s("\n\t  Originator Timestamp: ");
    write_time_stamp(cx, origin);
    let receive = t.receive.ok_or(Cut::Check)?;
    cx.s("\n\t  Receive Timestamp:    ");
    write_time_stamp(cx, receive);
    let transmit = t.transmit.ok_or(Cut::Check)?;
    cx.s("\n\t  Transmit Timestamp:   ");
    write_time_stamp(cx, transmit);
    cx.s("\n\t    Originator - Receive Timestamp:  ");
    write_delta(cx, origin, receive);
    cx.s("\n\t    Originator - Transmit Timestamp: ");
    write_delta(cx, origin, transmit);
    let extra = n.length - TIME_MSG_MIN_LEN;
    match extra {
        4 | 20 | 24 => {
            let key = t.key_id.ok_or(Cut::Jump)?;
            cx.f(format_args!("\n\tKey id: {key}"));
            if extra > 4 {
                let want = (extra - 4) as usize;
                let digest = t.digest.get(..want).ok_or(Cut::Check)?;
                cx.s("\n\tAuthentication: ");
                for b in digest {
                    cx.f(format_args!("{b:02x}"));
                }
            }
        }
        0 => {}
        _ => cx.f(format_args!("\n\t({extra} more bytes after the header)")),
    }
    Ok(())
}

fn write_control(cx: &mut Cx<'_>, n: &Ntp<'_>, c: &ControlMsg<'_>) -> Result<(), Cut> {
    if n.length < CONTROL_MSG_MIN_LEN {
        return invalid(cx, n);
    }
    let control = c.control.ok_or(Cut::Jump)?;
    cx.f(format_args!(
        ", {}, {}, {}, OpCode={}\n",
        if ControlMsg::response(control) {
            "Response"
        } else {
            "Request"
        },
        if ControlMsg::error(control) {
            "Error"
        } else {
            "OK"
        },
        if ControlMsg::more(control) {
            "More"
        } else {
            "Last"
        },
        ControlMsg::opcode(control)
    ));
    let sequence = c.sequence.ok_or(Cut::Jump)?;
    cx.f(format_args!("\tSequence={sequence}"));
    let status = c.status.ok_or(Cut::Jump)?;
    // C's %#hx: no 0x for zero.
    if status == 0 {
        cx.s(", Status=0");
    } else {
        cx.f(format_args!(", Status={status:#x}"));
    }
    let assoc = c.assoc.ok_or(Cut::Jump)?;
    cx.f(format_args!(", Assoc.={assoc}"));
    let offset = c.offset.ok_or(Cut::Jump)?;
    cx.f(format_args!(", Offset={offset}"));
    let count = c.count.ok_or(Cut::Jump)?;
    cx.f(format_args!(", Count={count}"));
    if CONTROL_MSG_MIN_LEN + u32::from(count) > n.length {
        return invalid(cx, n);
    }
    if count != 0 {
        if c.data.len() < usize::from(count) {
            return Err(Cut::Check);
        }
        cx.s("\n\tTO-BE-DONE: data not interpreted");
    }
    Ok(())
}

/// tcpdump's `p_sfix`: seconds, then the fraction in millionths,
/// truncated.
fn write_short(cx: &mut Cx<'_>, v: ShortTime) {
    let micros = (f64::from(v.frac) / 65536.0 * 1_000_000.0) as i32;
    cx.f(format_args!("{}.{micros:06}", v.secs));
}

/// A 32-bit binary fraction in billionths, truncated, as tcpdump computes
/// it (in double precision).
fn nanos(frac: u32) -> u32 {
    (f64::from(frac) / 4_294_967_296.0 * 1_000_000_000.0) as u32
}

/// tcpdump's `p_ntp_time`: seconds.billionths and, unless the seconds are
/// zero, the UTC date of era 0 (1900-2036).
fn write_time_stamp(cx: &mut Cx<'_>, t: Timestamp) {
    cx.f(format_args!("{}.{:09}", t.secs, nanos(t.frac)));
    if t.secs != 0 {
        let c = utc(i64::from(t.secs) - 2_208_988_800);
        cx.f(format_args!(
            " ({:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z)",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        ));
    }
}

/// tcpdump's `p_ntp_delta`: `new - old` with a sign, or `new` as a time
/// stamp when `old` is zero.
fn write_delta(cx: &mut Cx<'_>, old: Timestamp, new: Timestamp) {
    if old.is_zero() {
        write_time_stamp(cx, new);
        return;
    }
    let (neg, secs, frac) = if new.secs > old.secs {
        let borrow = u32::from(old.frac > new.frac);
        (
            false,
            (new.secs - old.secs).wrapping_sub(borrow),
            new.frac.wrapping_sub(old.frac),
        )
    } else if new.secs < old.secs {
        let borrow = u32::from(new.frac > old.frac);
        (
            true,
            (old.secs - new.secs).wrapping_sub(borrow),
            old.frac.wrapping_sub(new.frac),
        )
    } else if new.frac > old.frac {
        (false, 0, new.frac - old.frac)
    } else {
        (true, 0, old.frac - new.frac)
    };
    cx.f(format_args!(
        "{}{secs}.{:09}",
        if neg { "-" } else { "+" },
        nanos(frac)
    ));
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::super::ethernet::tests::{eth, eth_text, text};
    use crate::decode::bytes::checksum;

    /// IPv4 10.0.0.1 -> 10.0.0.2, UDP 49445 -> 123 carrying `msg`.
    fn packet(msg: &[u8], sport: u16, dport: u16) -> Vec<u8> {
        #[rustfmt::skip]
        let mut p = vec![
            0x45, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
            64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        ];
        let total = 28 + msg.len() as u16;
        p[2..4].copy_from_slice(&total.to_be_bytes());
        let sum = checksum(&p, 0);
        p[10..12].copy_from_slice(&sum.to_be_bytes());
        p.extend_from_slice(&sport.to_be_bytes());
        p.extend_from_slice(&dport.to_be_bytes());
        p.extend_from_slice(&(8 + msg.len() as u16).to_be_bytes());
        p.extend_from_slice(&[0, 0]);
        p.extend_from_slice(msg);
        p
    }

    const V_HEAD: &str = "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto UDP (17), \
                          length 76)\n    10.0.0.1.49445 > 10.0.0.2.123: ";

    #[rustfmt::skip]
    const SERVER: [u8; 48] = [
        0x24, 0x02, 0x08, 0xe8,
        0x00, 0x00, 0x00, 0x15,
        0x00, 0x00, 0x09, 0x51,
        0x84, 0xc7, 0x07, 0xc9,
        0xdd, 0x47, 0x9e, 0x3a, 0x56, 0x76, 0x8b, 0x00,
        0xdd, 0x47, 0xa2, 0xf4, 0xed, 0xb1, 0x5a, 0x00,
        0xdd, 0x47, 0xa2, 0xf4, 0xee, 0x10, 0x20, 0x00,
        0xdd, 0x47, 0xa2, 0xf4, 0xee, 0x12, 0x40, 0x00,
    ];

    #[test]
    fn summary_line() {
        assert_eq!(
            eth_text(0x0800, &packet(&SERVER, 49445, 123), ""),
            "IP 10.0.0.1.49445 > 10.0.0.2.123: NTPv4, Server, length 48"
        );
        // -q leaves the payload alone.
        assert_eq!(
            eth_text(0x0800, &packet(&SERVER, 49445, 123), "-q"),
            "IP 10.0.0.1.49445 > 10.0.0.2.123: UDP, length 48"
        );
        // DNS comes first in tcpdump's port chain.
        // (the bytes print as a DNS message, its ID first, not as NTP).
        let line = eth_text(0x0800, &packet(&SERVER, 53, 123), "");
        assert!(
            line.starts_with("IP 10.0.0.1.53 > 10.0.0.2.123: 9218 ") && !line.contains("NTP"),
            "{line}"
        );
    }

    #[test]
    fn verbose_time_message() {
        let got = eth_text(0x0800, &packet(&SERVER, 49445, 123), "-v");
        let want = format!(
            "{V_HEAD}NTPv4, Server, length 48\n\
             \tLeap indicator:  (0), Stratum 2 (secondary reference), poll 8 (256s), precision -24\n\
             \tRoot Delay: 0.000320, Root dispersion: 0.036392, Reference-ID: 0x84c707c9\n\
             \t  Reference Timestamp:  3712458298.337746322 (2017-08-23T06:24:58Z)\n\
             \t  Originator Timestamp: 3712459508.928487420 (2017-08-23T06:45:08Z)\n\
             \t  Receive Timestamp:    3712459508.929933547 (2017-08-23T06:45:08Z)\n\
             \t  Transmit Timestamp:   3712459508.929965972 (2017-08-23T06:45:08Z)\n\
             \t    Originator - Receive Timestamp:  +0.001446127\n\
             \t    Originator - Transmit Timestamp: +0.001478552"
        );
        assert_eq!(got, want);
    }

    #[test]
    fn deltas_and_dates() {
        let mut m = SERVER;
        // Receive before originate: a negative difference with a borrow.
        m[32..40].copy_from_slice(&[0xdd, 0x47, 0xa2, 0xf3, 0xff, 0, 0, 0]);
        // The last second of era 0 and the first of 1900.
        m[40..48].copy_from_slice(&[0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
        m[16..24].copy_from_slice(&[0, 0, 0, 1, 0x80, 0, 0, 0]);
        let got = eth_text(0x0800, &packet(&m, 49445, 123), "-v");
        assert!(
            got.contains("Reference Timestamp:  1.500000000 (1900-01-01T00:00:01Z)"),
            "{got}"
        );
        assert!(
            got.contains("Transmit Timestamp:   4294967295.000000000 (2036-02-07T06:28:15Z)"),
            "{got}"
        );
        assert!(
            got.contains("Originator - Receive Timestamp:  -0.932393670"),
            "{got}"
        );
        assert!(
            got.contains("Originator - Transmit Timestamp: +582507786.071512579"),
            "{got}"
        );
    }

    #[test]
    fn key_digest_and_extra() {
        let mut m = SERVER.to_vec();
        m.extend_from_slice(&[0, 0, 0, 9]);
        let got = eth_text(0x0800, &packet(&m, 49445, 123), "-v");
        assert!(got.ends_with("\n\tKey id: 9"), "{got}");
        m.extend_from_slice(&[0x11; 16]);
        let got = eth_text(0x0800, &packet(&m, 49445, 123), "-v");
        assert!(
            got.ends_with("\n\tKey id: 9\n\tAuthentication: 11111111111111111111111111111111"),
            "{got}"
        );
        m.extend_from_slice(&[0x22; 4]);
        let got = eth_text(0x0800, &packet(&m, 49445, 123), "-v");
        assert!(
            got.ends_with("\n\tAuthentication: 1111111111111111111111111111111122222222"),
            "{got}"
        );
        m.push(0);
        let got = eth_text(0x0800, &packet(&m, 49445, 123), "-v");
        assert!(
            got.ends_with("\n\t(25 more bytes after the header)"),
            "{got}"
        );
    }

    #[test]
    fn control_and_private() {
        let m = [0x16, 0x02, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0];
        let got = eth_text(0x0800, &packet(&m, 49445, 123), "-v");
        assert!(
            got.ends_with(
                "NTPv2, Control Message, length 12\n\tLeap indicator:  (0), Request, OK, Last, \
             OpCode=2\n\tSequence=1, Status=0, Assoc.=0, Offset=0, Count=0"
            ),
            "{got}"
        );
        let m = [0xd6, 0xe1, 0, 1, 6, 0x15, 0, 3, 0, 0, 0, 2, b'a', b'b'];
        let got = eth_text(0x0800, &packet(&m, 49445, 123), "-v");
        assert!(
            got.ends_with(
                "\tLeap indicator: clock unsynchronized (192), Response, Error, More, OpCode=1\n\
             \tSequence=1, Status=0x615, Assoc.=3, Offset=0, Count=2\n\
             \tTO-BE-DONE: data not interpreted"
            ),
            "{got}"
        );
        // The count runs past the message.
        let m = [0x16, 0x02, 0, 1, 0, 0, 0, 0, 0, 0, 0, 9];
        let got = eth_text(0x0800, &packet(&m, 49445, 123), "-v");
        assert!(got.ends_with("Count=9 (invalid)"), "{got}");
        let m = [0x97, 0, 3, 0];
        let got = eth_text(0x0800, &packet(&m, 49445, 123), "-v");
        assert!(
            got.ends_with("NTPv2, Reserved, length 4\n\tLeap indicator: -1s (128)"),
            "{got}"
        );
    }

    #[test]
    fn short_and_truncated() {
        let got = eth_text(0x0800, &packet(&SERVER[..20], 49445, 123), "-v");
        assert!(
            got.ends_with("NTPv4, Server, length 20\n\tLeap indicator:  (0) (invalid)"),
            "{got}"
        );
        let f = eth(0x0800, &packet(&SERVER, 49445, 123));
        // Cut inside the stratum/poll/precision: tcpdump's longjmp.
        let got = text(1, &f[..43], 90, "-v");
        assert!(got.ends_with("Leap indicator:  (0) [|ntp]"), "{got}");
        // Cut inside the root delay: an explicit check.
        let got = text(1, &f[..47], 90, "-v");
        assert!(got.ends_with("precision -24 [|ntp]"), "{got}");
        let got = text(1, &f[..60], 90, "-v");
        assert!(got.ends_with("Reference-ID: 0x84c707c9 [|ntp]"), "{got}");
        let got = text(1, &f[..42], 90, "");
        assert!(got.ends_with("10.0.0.2.123:  [|ntp]"), "{got}");
    }
}
