//! The adapter from decode to the reassembly engine: the TCP segment a
//! decoded packet carries, as a [`flow::Segment`], or why it carries none.

use std::net::{IpAddr, SocketAddr};

use crate::capture;
use crate::decode::{ipv4, tcp, Decoded, Net, Transport};
use crate::flow::{self, Segment, TcpFlags, Timestamp};

/// Why a packet gave no [`Segment`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotSegment {
    /// Not TCP over IPv4 (or the IPv4 header is unusable).
    NotTcp,
    /// An IPv4 fragment after the first: its TCP header is in another one.
    Fragment,
    /// TCP, but the fixed TCP header (or the IP header before it) was cut by
    /// the snaplen, or its data offset is impossible.
    CutHeader,
}

/// The TCP segment a decoded packet carries, for the reassembly engine.
///
/// Any link layer the decoder knows (Ethernet with or without VLAN tags,
/// Linux cooked, BSD loopback, raw IP) gives the same result. The payload
/// length comes from the IPv4 total length, not the frame length (see
/// [`flow::ipv4_tcp_payload_len`], which also handles a zero total length,
/// TCP segmentation offload); the payload is what was captured of it, so a
/// snaplen-cut segment has `payload.len() < payload_len`. A segment whose
/// options were cut still counts: its flags and sequence numbers were
/// captured.
pub fn tcp_segment<'a>(d: &Decoded<'a>, ts: capture::Timestamp) -> Result<Segment<'a>, NotSegment> {
    let (ip, t) = ipv4_tcp(d)?;
    let h = &t.header;
    let payload_len = flow::ipv4_tcp_payload_len(
        ip.header.total_len,
        u32::from(ip.header.header_len),
        u32::from(h.header_len),
        ip.length,
    );
    let payload = t
        .payload
        .get(..usize::try_from(payload_len).unwrap_or(usize::MAX))
        .unwrap_or(t.payload);
    Ok(Segment {
        ts: flow_time(ts),
        src: SocketAddr::new(IpAddr::V4(ip.header.src), h.src_port),
        dst: SocketAddr::new(IpAddr::V4(ip.header.dst), h.dst_port),
        seq: h.seq,
        ack: h.ack,
        // The AE (ex-NS) bit sits just above the eight classic flags.
        flags: TcpFlags(u16::from(h.flags) | u16::from(h.reserved & 0x01) << 8),
        window: h.window,
        payload,
        payload_len,
    })
}

/// The IPv4 and TCP layers of a packet, when its whole fixed TCP header
/// was captured and is valid.
fn ipv4_tcp<'a>(d: &Decoded<'a>) -> Result<(ipv4::Ipv4<'a>, tcp::Tcp<'a>), NotSegment> {
    let Net::Ipv4(ip) = d.net else {
        return Err(NotSegment::NotTcp);
    };
    let usable = matches!(
        ip.form,
        ipv4::Form::Ok
            | ipv4::Form::TruncatedIp
            | ipv4::Form::BadHeaderLen
            | ipv4::Form::BadTotalLen
    );
    if !usable || ip.header.proto != ipv4::PROTO_TCP {
        return Err(NotSegment::NotTcp);
    }
    if ip.header.frag_offset() != 0 {
        return Err(NotSegment::Fragment);
    }
    let transport = match ip.form {
        ipv4::Form::Ok => d.transport,
        ipv4::Form::BadTotalLen if ip.header.total_len == 0 => tso_transport(d, &ip),
        _ => return Err(NotSegment::CutHeader),
    };
    match transport {
        Transport::Tcp(t) if t.form == tcp::Form::Ok => Ok((ip, t)),
        _ => Err(NotSegment::CutHeader),
    }
}

/// The TCP layer of a packet whose IPv4 total length is 0: what a capture
/// on the sending host shows of a segment the stack left to the NIC to
/// split (TCP segmentation offload). The decoder follows tcpdump, which
/// calls that length bad and stops; for reassembly the frame is the packet,
/// so the TCP decoder is run on what follows the IPv4 header, with the
/// length the link layer gave.
fn tso_transport<'a>(d: &Decoded<'a>, ip: &ipv4::Ipv4<'a>) -> Transport<'a> {
    let hlen = usize::from(ip.header.header_len);
    let start = d.link_hdr_len.saturating_add(hlen);
    let Some(bytes) = d.frame.get(start..) else {
        return Transport::None;
    };
    let mut inner = *d;
    tcp::decode(
        bytes,
        ip.length.saturating_sub(u32::from(ip.header.header_len)),
        start,
        &mut inner,
    );
    inner.transport
}

/// A capture time stamp for the engine. A malformed file can give a
/// fraction outside 0..10^9 (libpcap reads a field of 2^31 or more as
/// negative): it is carried into the seconds.
fn flow_time(ts: capture::Timestamp) -> Timestamp {
    const NS: i64 = 1_000_000_000;
    let secs = ts.secs.saturating_add(ts.nanos.div_euclid(NS));
    Timestamp::new(secs, u32::try_from(ts.nanos.rem_euclid(NS)).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::{self, LinkType};

    #[rustfmt::skip]
    const FRAME: [u8; 62] = [
        // Ethernet: dst, src, 802.1Q tag (TPID 0x8100, VLAN 100), type IPv4
        0x02, 0, 0, 0x77, 0, 0x01,  0x02, 0, 0, 0x77, 0, 0x02,
        0x81, 0x00, 0x00, 0x64,  0x08, 0x00,
        // IPv4: v4 ihl 5, tos, total length 44, id, DF, ttl 64, proto 6, cksum
        0x45, 0x00, 0x00, 0x2c,  0x00, 0x01, 0x40, 0x00,  0x40, 0x06, 0x00, 0x00,
        10, 77, 0, 2,  10, 77, 0, 1,
        // TCP: ports 40000 -> 80, seq 1000, ack 2000, offset 5, flags PSH|ACK, window 512
        0x9c, 0x40, 0x00, 0x50,  0x00, 0x00, 0x03, 0xe8,  0x00, 0x00, 0x07, 0xd0,
        0x50, 0x18, 0x02, 0x00,  0x00, 0x00, 0x00, 0x00,
        // payload "abcd"
        b'a', b'b', b'c', b'd',
    ];

    fn ts() -> capture::Timestamp {
        capture::Timestamp { secs: 5, nanos: 7 }
    }

    #[test]
    fn malformed_fractions_carry_into_seconds() {
        let t = |secs, nanos| flow_time(capture::Timestamp { secs, nanos });
        assert_eq!(t(5, 7), Timestamp::new(5, 7));
        assert_eq!(t(5, -1), Timestamp::new(4, 999_999_999));
        assert_eq!(t(5, 2_500_000_000), Timestamp::new(7, 500_000_000));
        assert_eq!(t(i64::MAX, 1_000_000_000), Timestamp::new(i64::MAX, 0));
    }

    #[test]
    fn vlan_tagged_segment() {
        let d = decode::decode(LinkType::ETHERNET, &FRAME, FRAME.len() as u32);
        let s = tcp_segment(&d, ts()).unwrap();
        assert_eq!(s.src, "10.77.0.2:40000".parse().unwrap());
        assert_eq!(s.dst, "10.77.0.1:80".parse().unwrap());
        assert_eq!((s.seq, s.ack, s.window), (1000, 2000, 512));
        assert_eq!(s.flags, TcpFlags(TcpFlags::PSH | TcpFlags::ACK));
        assert_eq!((s.payload, s.payload_len), (&b"abcd"[..], 4));
        assert_eq!(s.ts, Timestamp::new(5, 7));
    }

    #[test]
    fn padding_is_not_payload_and_snaplen_cut_is_short() {
        // Two bytes of Ethernet padding after the IP packet.
        let mut padded = FRAME.to_vec();
        padded.extend_from_slice(&[0, 0]);
        let d = decode::decode(LinkType::ETHERNET, &padded, padded.len() as u32);
        let s = tcp_segment(&d, ts()).unwrap();
        assert_eq!((s.payload, s.payload_len), (&b"abcd"[..], 4));
        // Cut 3 bytes into the payload: the length still says 4.
        let cut = &FRAME[..61];
        let d = decode::decode(LinkType::ETHERNET, cut, FRAME.len() as u32);
        let s = tcp_segment(&d, ts()).unwrap();
        assert_eq!((s.payload, s.payload_len), (&b"abc"[..], 4));
    }

    #[test]
    fn zero_total_length_is_tso() {
        // The decoder (as tcpdump) stops at the bad length; the adapter
        // takes the frame as the packet, behind the VLAN tag too.
        let mut f = FRAME;
        f[20] = 0;
        f[21] = 0;
        let d = decode::decode(LinkType::ETHERNET, &f, f.len() as u32);
        assert!(matches!(d.transport, Transport::None));
        let s = tcp_segment(&d, ts()).unwrap();
        assert_eq!((s.payload, s.payload_len), (&b"abcd"[..], 4));
        assert_eq!((s.seq, s.src.port()), (1000, 40000));
        // Cut by the snaplen: what was captured, the length from the wire.
        let d = decode::decode(LinkType::ETHERNET, &f[..60], f.len() as u32);
        let s = tcp_segment(&d, ts()).unwrap();
        assert_eq!((s.payload, s.payload_len), (&b"ab"[..], 4));
    }

    #[test]
    fn ae_bit_is_kept() {
        let mut f = FRAME;
        f[50] = 0x51; // data offset 5, AE set
        let d = decode::decode(LinkType::ETHERNET, &f, f.len() as u32);
        let s = tcp_segment(&d, ts()).unwrap();
        assert_eq!(s.flags.0, 0x100 | u16::from(tcp::FLAG_PSH | tcp::FLAG_ACK));
    }

    #[test]
    fn fragments_and_cut_headers_are_skipped() {
        // A later fragment (offset 185 × 8).
        let mut f = FRAME;
        f[24] = 0x00;
        f[25] = 0xb9;
        let d = decode::decode(LinkType::ETHERNET, &f, f.len() as u32);
        assert_eq!(tcp_segment(&d, ts()).err(), Some(NotSegment::Fragment));
        // Cut inside the fixed TCP header (ports and half the sequence).
        let d = decode::decode(LinkType::ETHERNET, &FRAME[..44], FRAME.len() as u32);
        assert_eq!(tcp_segment(&d, ts()).err(), Some(NotSegment::CutHeader));
        // Cut inside the IP header.
        let d = decode::decode(LinkType::ETHERNET, &FRAME[..30], FRAME.len() as u32);
        assert!(tcp_segment(&d, ts()).is_err());
        // A total length shorter than the IP header (not 0): invalid.
        let mut f = FRAME;
        f[21] = 10;
        let d = decode::decode(LinkType::ETHERNET, &f, f.len() as u32);
        assert_eq!(tcp_segment(&d, ts()).err(), Some(NotSegment::CutHeader));
        // A data offset below 5.
        let mut f = FRAME;
        f[50] = 0x40;
        let d = decode::decode(LinkType::ETHERNET, &f, f.len() as u32);
        assert_eq!(tcp_segment(&d, ts()).err(), Some(NotSegment::CutHeader));
        // UDP.
        let mut f = FRAME;
        f[27] = 17;
        let d = decode::decode(LinkType::ETHERNET, &f, f.len() as u32);
        assert_eq!(tcp_segment(&d, ts()).err(), Some(NotSegment::NotTcp));
    }

    #[test]
    fn raw_ip_link_gives_the_same_segment() {
        let ip = &FRAME[18..];
        let d = decode::decode(LinkType::RAW, ip, ip.len() as u32);
        let s = tcp_segment(&d, ts()).unwrap();
        assert_eq!((s.seq, s.payload), (1000, &b"abcd"[..]));
    }
}
