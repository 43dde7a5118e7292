//! The adapter from decode to the reassembly engine: the TCP segment a
//! decoded packet carries, as a [`flow::Segment`], or why it carries none.

use std::net::{IpAddr, SocketAddr};

use crate::capture;
use crate::decode::encap::{self, Tunnel};
use crate::decode::{ipv4, ipv6, tcp, Decoded, Net, Transport};
use crate::flow::{self, Scope, Segment, TcpFlags, Timestamp, TunnelId};

/// Why a packet gave no [`Segment`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotSegment {
    /// Not TCP over IPv4 or IPv6 (or the IP header is unusable).
    NotTcp,
    /// An IP fragment after the first: its TCP header is in another one.
    Fragment,
    /// TCP, but the fixed TCP header (or the IP header before it) was cut by
    /// the snaplen, or its data offset is impossible.
    CutHeader,
}

/// The TCP segment a decoded packet carries, for the reassembly engine.
///
/// Any link layer the decoder knows (Ethernet with or without VLAN tags,
/// Linux cooked, BSD loopback, raw IP) and either IP version give the same
/// result. The payload length comes from the IP lengths, not the frame
/// length (see [`flow::ipv4_tcp_payload_len`] and
/// [`flow::ipv6_tcp_payload_len`], which also handle a zero length, TCP
/// segmentation offload); the payload is what was captured of it, so a
/// snaplen-cut segment has `payload.len() < payload_len`. A segment whose
/// options were cut still counts: its flags and sequence numbers were
/// captured.
///
/// In a tunnelled frame the segment is the innermost packet's, and the
/// tunnels it came through are its [`Scope`] (part of the connection's
/// key): a VXLAN, VXLAN-GPE or Geneve segment by its VNI, a GRE tunnel by
/// its endpoints and key, IP in IP by its endpoints. MPLS labels and NSH
/// service paths are not part of it (labels change hop by hop and differ
/// by direction; a service path is a route, not a segment).
pub fn tcp_segment<'a>(d: &Decoded<'a>, ts: capture::Timestamp) -> Result<Segment<'a>, NotSegment> {
    let Carried {
        src,
        dst,
        tcp: t,
        payload_len,
    } = match &d.net {
        Net::Ipv6(ip) => ipv6_tcp(d, ip)?,
        _ => ipv4_tcp(d)?,
    };
    let h = &t.header;
    let payload = t
        .payload
        .get(..usize::try_from(payload_len).unwrap_or(usize::MAX))
        .unwrap_or(t.payload);
    Ok(Segment {
        ts: flow_time(ts),
        src: SocketAddr::new(src, h.src_port),
        dst: SocketAddr::new(dst, h.dst_port),
        seq: h.seq,
        ack: h.ack,
        // The AE (ex-NS) bit sits just above the eight classic flags.
        flags: TcpFlags(u16::from(h.flags) | u16::from(h.reserved & 0x01) << 8),
        window: h.window,
        payload,
        payload_len,
        scope: scope(d),
    })
}

// Every tunnel a frame can hold fits a scope.
const _: () = assert!(encap::MAX_DEPTH <= flow::MAX_SCOPE);

/// The tunnels the innermost packet of `d` came through, outermost first.
pub fn scope(d: &Decoded<'_>) -> Scope {
    let mut scope = Scope::default();
    for level in d.encap.levels() {
        let ends = match level.net {
            Net::Ipv4(ip) => Some(TunnelId::ends(
                IpAddr::V4(ip.header.src),
                IpAddr::V4(ip.header.dst),
            )),
            Net::Ipv6(ip) => Some(TunnelId::ends(
                IpAddr::V6(ip.header.src),
                IpAddr::V6(ip.header.dst),
            )),
            _ => None,
        };
        let unspecified = IpAddr::from([0u8; 4]);
        let ends = ends.unwrap_or((unspecified, unspecified));
        let id = match level.tunnel {
            Tunnel::Vxlan(_, v) => TunnelId::Vxlan(v.vni.unwrap_or(0)),
            Tunnel::VxlanGpe(_, g) => TunnelId::VxlanGpe(g.vni.unwrap_or(0)),
            Tunnel::Geneve(_, g) => TunnelId::Geneve(g.vni),
            Tunnel::Gre(g) => TunnelId::Gre {
                ends,
                key: g.key.filter(|_| g.version() == Some(0)),
            },
            Tunnel::Ip { .. } => TunnelId::IpInIp { ends },
            // MPLS labels change hop by hop and differ by direction: they
            // identify no connection.
            Tunnel::Mpls(_) | Tunnel::MplsInUdp(_) | Tunnel::Nsh(_) => continue,
            // A lawful-intercept copy: the intercepted packet's own
            // addresses name its connection; the LI-ID names the intercept.
            Tunnel::BcmLi(..) => continue,
        };
        scope.push(id);
    }
    scope
}

/// A TCP header and what the IP layer under it says.
struct Carried<'a> {
    src: IpAddr,
    dst: IpAddr,
    tcp: tcp::Tcp<'a>,
    /// Payload bytes per the IP lengths.
    payload_len: u32,
}

/// The IPv4 and TCP layers of a packet, when its whole fixed TCP header
/// was captured and is valid.
fn ipv4_tcp<'a>(d: &Decoded<'a>) -> Result<Carried<'a>, NotSegment> {
    // By reference: the decoded layers are large, a copy costs.
    let Net::Ipv4(ip) = &d.net else {
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
    let hlen = usize::from(ip.header.header_len);
    let tso;
    let transport = match ip.form {
        ipv4::Form::Ok => &d.transport,
        ipv4::Form::BadTotalLen if ip.header.total_len == 0 => {
            tso = tso_transport(d, hlen, ip.length);
            &tso
        }
        _ => return Err(NotSegment::CutHeader),
    };
    match *transport {
        Transport::Tcp(t) if t.form == tcp::Form::Ok => Ok(Carried {
            src: IpAddr::V4(ip.header.src),
            dst: IpAddr::V4(ip.header.dst),
            payload_len: flow::ipv4_tcp_payload_len(
                ip.header.total_len,
                u32::from(ip.header.header_len),
                u32::from(t.header.header_len),
                ip.length,
            ),
            tcp: t,
        }),
        _ => Err(NotSegment::CutHeader),
    }
}

/// The IPv6 and TCP layers of a packet (past any extension headers), when
/// its whole fixed TCP header was captured and is valid.
fn ipv6_tcp<'a>(d: &Decoded<'a>, ip: &ipv6::Ipv6<'a>) -> Result<Carried<'a>, NotSegment> {
    if ip.form != ipv6::Form::Ok {
        return Err(NotSegment::NotTcp);
    }
    match ip.end {
        ipv6::End::Upper if ip.upper == ipv6::NH_TCP => {}
        ipv6::End::LaterFragment => {
            let next = ip.exts().last().and_then(|e| match e {
                ipv6::Ext::Fragment { bytes, .. } => ipv6::Fragment(bytes).next(),
                _ => None,
            });
            return Err(match next {
                Some(ipv6::NH_TCP) => NotSegment::Fragment,
                _ => NotSegment::NotTcp,
            });
        }
        _ => return Err(NotSegment::NotTcp),
    }
    let plen = ip.header.payload_len;
    let tso;
    let transport = if plen == 0 && ip.jumbo.is_none() {
        // As for IPv4: a capture of a segment left to the NIC to split.
        tso = tso_transport(d, ip.upper_offset, ip.length);
        &tso
    } else {
        &d.transport
    };
    let ext_len = ip.upper_offset.saturating_sub(ipv6::HEADER_LEN);
    match *transport {
        Transport::Tcp(t) if t.form == tcp::Form::Ok => Ok(Carried {
            src: IpAddr::V6(ip.header.src),
            dst: IpAddr::V6(ip.header.dst),
            payload_len: flow::ipv6_tcp_payload_len(
                plen,
                u32::try_from(ext_len).unwrap_or(u32::MAX),
                u32::from(t.header.header_len),
                ip.length,
            ),
            tcp: t,
        }),
        _ => Err(NotSegment::CutHeader),
    }
}

/// The TCP layer of a packet whose IP length is 0: what a capture on the
/// sending host shows of a segment the stack left to the NIC to split
/// (TCP segmentation offload). The decoder follows tcpdump, which calls
/// that length bad (IPv4) or gives the upper layer nothing (IPv6) and
/// stops; for reassembly the frame is the packet, so the TCP decoder is run
/// on what follows the IP headers (`hlen` bytes), with the length the link
/// layer gave (`ip_len` bytes from the start of the IP header).
fn tso_transport<'a>(d: &Decoded<'a>, hlen: usize, ip_len: u32) -> Transport<'a> {
    let start = d.net_offset().saturating_add(hlen);
    let Some(bytes) = d.frame.get(start..) else {
        return Transport::None;
    };
    let mut inner = *d;
    tcp::decode(
        bytes,
        ip_len.saturating_sub(u32::try_from(hlen).unwrap_or(u32::MAX)),
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

    /// An Ethernet frame with IPv6 (`nh` first, then `ext`) carrying the
    /// TCP header and payload of [`FRAME`].
    fn frame6(nh: u8, ext: &[u8], plen: Option<u16>) -> Vec<u8> {
        let tcp = &FRAME[38..];
        let mut f = vec![
            0x02, 0, 0, 0x77, 0, 0x01, 0x02, 0, 0, 0x77, 0, 0x02, 0x86, 0xdd,
        ];
        f.extend_from_slice(&[0x60, 0, 0, 0]);
        let len = plen.unwrap_or((ext.len() + tcp.len()) as u16);
        f.extend_from_slice(&len.to_be_bytes());
        f.extend_from_slice(&[nh, 64]);
        f.extend_from_slice(
            &"2001:db8::2"
                .parse::<std::net::Ipv6Addr>()
                .unwrap()
                .octets(),
        );
        f.extend_from_slice(
            &"2001:db8::1"
                .parse::<std::net::Ipv6Addr>()
                .unwrap()
                .octets(),
        );
        f.extend_from_slice(ext);
        f.extend_from_slice(tcp);
        f
    }

    #[test]
    fn ipv6_segment_past_extension_headers() {
        let f = frame6(6, &[], None);
        let d = decode::decode(LinkType::ETHERNET, &f, f.len() as u32);
        let s = tcp_segment(&d, ts()).unwrap();
        assert_eq!(s.src, "[2001:db8::2]:40000".parse().unwrap());
        assert_eq!(s.dst, "[2001:db8::1]:80".parse().unwrap());
        assert_eq!(
            (s.seq, s.ack, s.payload, s.payload_len),
            (1000, 2000, &b"abcd"[..], 4)
        );
        // A destination options header (8 bytes of PadN) before TCP, and
        // Ethernet padding after the packet.
        let mut f = frame6(60, &[6, 0, 1, 4, 0, 0, 0, 0], None);
        f.extend_from_slice(&[0; 6]);
        let d = decode::decode(LinkType::ETHERNET, &f, f.len() as u32);
        let s = tcp_segment(&d, ts()).unwrap();
        assert_eq!((s.seq, s.payload, s.payload_len), (1000, &b"abcd"[..], 4));
        // Cut by the snaplen two bytes into the payload.
        let d = decode::decode(LinkType::ETHERNET, &f[..f.len() - 8], f.len() as u32);
        let s = tcp_segment(&d, ts()).unwrap();
        assert_eq!((s.payload, s.payload_len), (&b"ab"[..], 4));
        // Raw IPv6 gives the same segment.
        let ip = &f[14..f.len() - 6];
        let d = decode::decode(LinkType::IPV6, ip, ip.len() as u32);
        assert_eq!(tcp_segment(&d, ts()).unwrap().payload, b"abcd");
    }

    #[test]
    fn ipv6_zero_payload_length_is_tso() {
        let f = frame6(6, &[], Some(0));
        let d = decode::decode(LinkType::ETHERNET, &f, f.len() as u32);
        let s = tcp_segment(&d, ts()).unwrap();
        assert_eq!((s.seq, s.payload, s.payload_len), (1000, &b"abcd"[..], 4));
    }

    #[test]
    fn ipv6_fragments_and_others() {
        // A first fragment (offset 0, M set) still gives its segment.
        let f = frame6(44, &[6, 0, 0, 1, 0, 0, 0, 9], None);
        let d = decode::decode(LinkType::ETHERNET, &f, f.len() as u32);
        assert_eq!(tcp_segment(&d, ts()).unwrap().seq, 1000);
        // A later fragment of TCP is counted as one; of UDP it is not TCP.
        let f = frame6(44, &[6, 0, 0, 0xb8, 0, 0, 0, 9], None);
        let d = decode::decode(LinkType::ETHERNET, &f, f.len() as u32);
        assert_eq!(tcp_segment(&d, ts()).err(), Some(NotSegment::Fragment));
        let f = frame6(44, &[17, 0, 0, 0xb8, 0, 0, 0, 9], None);
        let d = decode::decode(LinkType::ETHERNET, &f, f.len() as u32);
        assert_eq!(tcp_segment(&d, ts()).err(), Some(NotSegment::NotTcp));
        // Cut inside the TCP header; UDP.
        let f = frame6(6, &[], None);
        let d = decode::decode(LinkType::ETHERNET, &f[..64], f.len() as u32);
        assert_eq!(tcp_segment(&d, ts()).err(), Some(NotSegment::CutHeader));
        let f = frame6(17, &[], None);
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

    mod tunnels {
        use super::*;
        use crate::flow::{FlowTable, Limits, Scope};
        use crate::testdata::tunnel::*;

        fn seg_of(f: &[u8]) -> Segment<'_> {
            let d = decode::decode(LinkType::ETHERNET, f, f.len() as u32);
            tcp_segment(&d, ts()).unwrap()
        }

        #[test]
        fn the_innermost_connection_with_the_vni_as_scope() {
            let f = vxlan(5001, &ether(0x0800, &inner_tcp(9, 0x18, b"abc")));
            let s = seg_of(&f);
            assert_eq!(s.src, "192.168.0.1:40000".parse().unwrap());
            assert_eq!((s.seq, s.payload, s.payload_len), (9, &b"abc"[..], 3));
            assert_eq!(s.scope.tunnels(), [TunnelId::Vxlan(5001)]);
            // Untunnelled: no scope.
            let plain = ether(0x0800, &inner_tcp(9, 0x18, b"abc"));
            assert!(seg_of(&plain).scope.is_empty());
        }

        #[test]
        fn gre_and_ip_in_ip_scopes_are_their_endpoints_either_way() {
            let tcp = inner_tcp(1, 0x10, b"");
            let mut g = vec![0x20, 0x00, 0x08, 0x00, 0, 0, 0, 42];
            g.extend_from_slice(&tcp);
            let there = ether(0x0800, &ipv4(47, OUTER_A, OUTER_B, &g));
            let back = ether(0x0800, &ipv4(47, OUTER_B, OUTER_A, &g));
            let ends = TunnelId::ends(OUTER_A.into(), OUTER_B.into());
            let want = [TunnelId::Gre {
                ends,
                key: Some(42),
            }];
            assert_eq!(seg_of(&there).scope.tunnels(), want);
            assert_eq!(seg_of(&back).scope.tunnels(), want);
            let f = ipip(2, &tcp);
            assert_eq!(
                seg_of(&f).scope.tunnels(),
                [TunnelId::IpInIp { ends }, TunnelId::IpInIp { ends }]
            );
        }

        #[test]
        fn the_same_four_tuple_in_two_vnis_is_two_connections() {
            let syn = |vni| vxlan(vni, &ether(0x0800, &inner_tcp(100, 0x02, &[])));
            let (a, b, plain) = (syn(1), syn(2), ether(0x0800, &inner_tcp(100, 0x02, &[])));
            let mut table = FlowTable::new(Limits::default());
            let mut out: Vec<crate::flow::ConnSummary> = Vec::new();
            for f in [&a, &b, &plain] {
                table.push(&seg_of(f), &mut out).unwrap();
            }
            table.finish(&mut out).unwrap();
            assert_eq!(out.len(), 3);
            let scopes: Vec<Scope> = out.iter().map(|c| c.scope).collect();
            assert_eq!(scopes[0].tunnels(), [TunnelId::Vxlan(1)]);
            assert_eq!(scopes[1].tunnels(), [TunnelId::Vxlan(2)]);
            assert!(scopes[2].is_empty());
        }

        #[test]
        fn tso_inside_a_tunnel_reads_the_inner_segment() {
            // An inner IPv4 total length of 0, as a sender's capture shows.
            let mut inner = inner_tcp(5, 0x18, b"abcd");
            inner[2] = 0;
            inner[3] = 0;
            let f = vxlan(7, &ether(0x0800, &inner));
            let s = seg_of(&f);
            assert_eq!((s.seq, s.payload, s.payload_len), (5, &b"abcd"[..], 4));
            assert_eq!(s.scope.tunnels(), [TunnelId::Vxlan(7)]);
        }
    }
}
