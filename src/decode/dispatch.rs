//! Which decoder follows which: one table per demultiplexing key (IP
//! protocol here; ethertype, UDP port and TCP port join it). A decoder hands
//! its payload to a function here and never calls the next protocol's
//! decoder itself, so decode/ has no import circles.

use super::ipv4::{PROTO_ICMP, PROTO_TCP, PROTO_UDP};
use super::ipv6::NH_ICMPV6;
use super::{icmp, icmp6, tcp, udp, Decoded, Transport};

/// The network layer an IP payload sits on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IpCarrier {
    Ipv4,
    /// The IPv4 datagram quoted in an ICMP error: a quoted ICMP message's
    /// own quote is not followed (`icmp.rs` walks nested quotes itself, to
    /// a fixed depth).
    Ipv4Quoted,
    /// IPv6, after its extension headers.
    Ipv6,
}

/// tcpdump's `ip_demux_print`: decodes an IP payload by the IPv4 protocol
/// field or IPv6's last next header. `length` is what the IP layer says
/// the payload's length is, `off` its offset in the frame. A protocol with
/// no decoder leaves [`Transport::Other`].
pub(crate) fn ip_protocol<'a>(
    proto: u8,
    over: IpCarrier,
    p: &'a [u8],
    length: u32,
    off: usize,
    d: &mut Decoded<'a>,
) {
    match (proto, over) {
        (PROTO_TCP, _) => tcp::decode(p, length, off, d),
        (PROTO_UDP, _) => udp::decode(p, length, off, d),
        (PROTO_ICMP, IpCarrier::Ipv4) => icmp::decode(p, length, off, d),
        (PROTO_ICMP, IpCarrier::Ipv4Quoted) => icmp::decode_quoted(p, length, off, d),
        (NH_ICMPV6, IpCarrier::Ipv6) => icmp6::decode(p, length, off, d),
        (proto, _) => d.transport = Transport::Other { proto, payload: p },
    }
}
