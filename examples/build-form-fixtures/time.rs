//! Time stamp resolutions: `nano.pcap` (classic pcap with the nanosecond
//! magic a1b23c4d) and `forms.pcapng` (pcapng with millisecond time stamps,
//! a packet comment, a Simple Packet Block cut by the interface's snapshot
//! length, and a truncated record).

use crate::capture::{Frame, NgRecord, BASE_TS_SEC};
use crate::wire::*;

/// A UDP datagram from the client carrying `text`.
fn datagram(text: &[u8], id: u16) -> Vec<u8> {
    let seg = udp(IP_CLI, IP_SRV, 40000, 7777, text);
    eth_ip(&Ipv4::new(IP_CLI, IP_SRV, PROTO_UDP, id).build(&seg))
}

/// Nanosecond-resolution records. The first six use the default time
/// stamps of `capture::timestamp` (all nine fraction digits used); the
/// rest have their own: a fraction of .999999999 (which microsecond
/// output truncates, not rounds), a step back in time (a negative delta
/// for -ttt), the last nanosecond of a day and the first of the next (a
/// date change for -tttt), and the epoch itself.
pub fn nano_frames() -> Vec<Frame> {
    let mut v = Vec::new();
    for i in 0..6u16 {
        let text = format!("nanosecond record {i}");
        v.push(Frame::new(
            format!("UDP, {} bytes", text.len()),
            datagram(text.as_bytes(), 0x900 + i),
        ));
    }
    let base = BASE_TS_SEC;
    let own: [(u32, u32, &str); 5] = [
        (base + 10, 999_999_999, "at +10.999999999 s"),
        (
            base + 5,
            1,
            "at +5.000000001 s (earlier than the record before)",
        ),
        (base + 86_399, 999_999_999, "at 23:59:59.999999999"),
        (base + 86_400, 0, "at 00:00:00.000000000 the next day"),
        (0, 1, "at the epoch + 1 ns"),
    ];
    for (i, (secs, nanos, when)) in own.into_iter().enumerate() {
        let text = format!("own time stamp {i}");
        v.push(
            Frame::new(
                format!("UDP {when}"),
                datagram(text.as_bytes(), 0x920 + i as u16),
            )
            .at(secs, nanos),
        );
    }
    let echo = icmp(8, 0, [0x4e, 0x44, 0, 1], b"nano echo");
    v.push(Frame::new(
        "ICMP echo request",
        eth_ip(&Ipv4::new(IP_CLI, IP_SRV, PROTO_ICMP, 0x910).build(&echo)),
    ));
    v
}

pub fn pcapng_records() -> Vec<NgRecord> {
    let echo = icmp(8, 0, [0x4e, 0x44, 0, 2], b"pcapng echo");
    vec![
        NgRecord::Enhanced(
            Frame::new(
                "UDP in an Enhanced Packet Block",
                datagram(b"pcapng epb", 0xa01),
            ),
            None,
        ),
        NgRecord::Enhanced(
            Frame::new(
                "UDP with an opt_comment",
                datagram(b"pcapng commented", 0xa02),
            ),
            Some("a packet comment"),
        ),
        NgRecord::Enhanced(
            Frame::snapped(
                "UDP with captured length 50 of 66",
                datagram(b"pcapng cut by snaplen!!!", 0xa03),
                50,
            ),
            None,
        ),
        // A Simple Packet Block holds min(original length, interface
        // snaplen) bytes: 128 of this 242-byte frame.
        NgRecord::Simple(Frame::snapped(
            "UDP in a Simple Packet Block (no time stamp), 128 of 242 bytes",
            datagram(&[0x5b; 200], 0xa04),
            128,
        )),
        NgRecord::Enhanced(
            Frame::new(
                "ICMP echo request",
                eth_ip(&Ipv4::new(IP_CLI, IP_SRV, PROTO_ICMP, 0xa05).build(&echo)),
            ),
            None,
        ),
    ]
}
