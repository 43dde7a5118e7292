//! Differential test against an independent decoder: for every Ethernet
//! fixture packet that etherparse decodes without complaint, our IPv4, TCP
//! and UDP fields must equal its fields.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use etherparse::{LaxNetSlice, LaxSlicedPacket, LenSource, TransportSlice};
use netdecode::decode::ipv4::Form;
use netdecode::decode::{self, LinkType, Net, Transport};

#[test]
fn fields_agree_with_etherparse() {
    let mut compared = 0;
    for f in common::fixtures() {
        let (lt, pkts) = common::read_packets(&f);
        if lt != 1 {
            continue;
        }
        for (i, p) in pkts.iter().enumerate() {
            let Ok(theirs) = LaxSlicedPacket::from_ethernet(&p.data) else {
                continue;
            };
            if theirs.stop_err.is_some() {
                continue;
            }
            let decoded = decode::decode(LinkType::ETHERNET, &p.data, p.wire_len);
            // etherparse does not follow tunnels: compare the frame's
            // outermost level.
            let ours = decoded.outermost();
            let at = format!("{} packet {}", f.display(), i + 1);
            // Where the header's lengths contradict each other the two
            // decoders follow different policies (tcpdump's, for us:
            // stop; etherparse's lax mode: fall back to the slice), so
            // only consistent packets are compared.
            let consistent = match &theirs.net {
                Some(LaxNetSlice::Ipv4(ip)) => {
                    ip.payload().len_source == LenSource::Ipv4HeaderTotalLen
                }
                _ => true,
            };
            if !consistent {
                continue;
            }
            if let (Some(LaxNetSlice::Ipv4(ip)), Net::Ipv4(our_ip)) = (&theirs.net, &ours.net) {
                assert_eq!(our_ip.form, Form::Ok, "{at}");
                let h = ip.header();
                assert_eq!(our_ip.header.src, h.source_addr(), "{at}");
                assert_eq!(our_ip.header.dst, h.destination_addr(), "{at}");
                assert_eq!(our_ip.header.ttl, h.ttl(), "{at}");
                assert_eq!(our_ip.header.id, h.identification(), "{at}");
                assert_eq!(our_ip.header.total_len, h.total_len(), "{at}");
                assert_eq!(our_ip.header.proto, h.protocol().0, "{at}");
                assert_eq!(our_ip.header.checksum, h.header_checksum(), "{at}");
                assert_eq!(our_ip.payload, ip.payload().payload, "{at}");
                compared += 1;
            }
            match (&theirs.transport, &ours.transport) {
                (Some(TransportSlice::Tcp(t)), Transport::Tcp(o)) => {
                    assert_eq!(o.header.src_port, t.source_port(), "{at}");
                    assert_eq!(o.header.dst_port, t.destination_port(), "{at}");
                    assert_eq!(o.header.seq, t.sequence_number(), "{at}");
                    assert_eq!(o.header.ack, t.acknowledgment_number(), "{at}");
                    assert_eq!(o.header.window, t.window_size(), "{at}");
                    assert_eq!(o.header.header_len as usize, t.header_len(), "{at}");
                    assert_eq!(o.has(decode::tcp::FLAG_SYN), t.syn(), "{at}");
                    assert_eq!(o.has(decode::tcp::FLAG_FIN), t.fin(), "{at}");
                    assert_eq!(o.has(decode::tcp::FLAG_RST), t.rst(), "{at}");
                    assert_eq!(o.payload, t.payload(), "{at}");
                }
                // An IPv6 payload length of 0 without a jumbo option leaves no
                // bytes for UDP (tcpdump: `[|udp]`); etherparse reads on.
                (Some(TransportSlice::Udp(_)), Transport::Udp(o))
                    if o.form == decode::udp::Form::NoPorts => {}
                (Some(TransportSlice::Udp(u)), Transport::Udp(o)) => {
                    assert_eq!(o.src_port, u.source_port(), "{at}");
                    assert_eq!(o.dst_port, u.destination_port(), "{at}");
                    assert_eq!(o.length_field, u.length(), "{at}");
                    assert_eq!(o.checksum, u.checksum(), "{at}");
                    // A length field that disagrees with the IP payload is
                    // handled by policy (see above); compare the rest.
                    if u32::from(o.length_field) == o.ip_len {
                        assert_eq!(o.payload, u.payload(), "{at}");
                    }
                }
                (Some(TransportSlice::Icmpv4(i)), Transport::Icmp(o)) => {
                    assert_eq!(o.msg.icmp_type, i.type_u8(), "{at}");
                    assert_eq!(o.msg.code, i.code_u8(), "{at}");
                    assert_eq!(o.msg.checksum, Some(i.checksum()), "{at}");
                }
                (Some(TransportSlice::Icmpv6(i)), Transport::Icmp6(o)) => {
                    assert_eq!(o.icmp_type, Some(i.type_u8()), "{at}");
                    assert_eq!(o.code, Some(i.code_u8()), "{at}");
                }
                (Some(TransportSlice::Igmp(i)), Transport::Igmp(o)) => {
                    assert_eq!(o.kind(), Some(i.type_u8()), "{at}");
                    assert_eq!(
                        o.bytes.get(1).copied(),
                        Some(i.max_resp_code_or_reserved()),
                        "{at}"
                    );
                    assert_eq!(o.checksum(), Some(i.checksum()), "{at}");
                    if let Some(sum) = o.computed_checksum() {
                        assert_eq!(sum == 0, i.is_checksum_valid(), "{at}");
                    }
                    let group = match o.msg {
                        decode::igmp::Message::Query(q) => q.group,
                        decode::igmp::Message::QueryV3(q) => q.group,
                        decode::igmp::Message::ReportV1(g)
                        | decode::igmp::Message::ReportV2(g)
                        | decode::igmp::Message::Leave(g) => g,
                        _ => None,
                    };
                    if let Some(g) = group {
                        assert_eq!(g.octets(), i.bytes4to7(), "{at}");
                    }
                }
                (None, _) | (_, Transport::None) | (_, Transport::Other { .. }) => {}
                (t, o) => panic!("{at}: etherparse sees {t:?}, we see {o:?}"),
            }
        }
    }
    assert!(compared > 0, "no IPv4 packet compared");
}
