//! Community ID flow hashing, version 1 (the specification in Corelight's
//! `community-id-spec` repository; ICMP and ICMPv6 handling as Zeek's and
//! the reference `pycommunityid`).
//!
//! An ID names a flow the same way whichever direction a packet goes and
//! whichever tool computed it, so that netdecode's records join with Zeek's
//! and Suricata's logs: `"1:"` then the base64 of a SHA-1 digest over
//!
//! ```text
//! seed (2 bytes) . saddr (4|16) . daddr (4|16) . proto (1) . 0 (1) [. sport (2) . dport (2)]
//! ```
//!
//! all in network byte order, with the endpoints ordered so that the
//! smaller address (then the smaller port) comes first. ICMP and ICMPv6
//! have no ports: the type stands for the source port, and for the
//! destination port either the type of the matching reply or request
//! (echo, router and neighbour discovery, ...), or else the code; those
//! other messages are one-way, and their endpoints are never swapped.
//! Other IP protocols hash without ports.
//!
//! The ID is computed from decoded values ([`FlowTuple::of_packet`] reads a
//! [`Decoded`] record, [`FlowTuple::transport`] a connection's endpoints),
//! never from bytes, and formats nothing beyond its own short string.

use std::net::{IpAddr, SocketAddr};

use sha1::{Digest, Sha1};

use super::{icmp, tcp, udp, Decoded, Transport};

/// IP protocol numbers the ID treats specially.
pub mod proto {
    pub const ICMP: u8 = 1;
    pub const IGMP: u8 = 2;
    pub const TCP: u8 = 6;
    pub const UDP: u8 = 17;
    pub const ICMPV6: u8 = 58;
    pub const GRE: u8 = 47;
    pub const VRRP: u8 = 112;
    pub const SCTP: u8 = 132;
}

/// The ICMP types that have a counterpart (request and reply), as Zeek
/// pairs them.
fn icmp_counterpart(t: u8) -> Option<u8> {
    use icmp::kind::*;
    Some(match t {
        ECHO => ECHO_REPLY,
        ECHO_REPLY => ECHO,
        TSTAMP => TSTAMP_REPLY,
        TSTAMP_REPLY => TSTAMP,
        INFO_REQUEST => INFO_REPLY,
        INFO_REPLY => INFO_REQUEST,
        ROUTER_SOLICIT => ROUTER_ADVERT,
        ROUTER_ADVERT => ROUTER_SOLICIT,
        MASK_REQUEST => MASK_REPLY,
        MASK_REPLY => MASK_REQUEST,
        _ => return None,
    })
}

/// The ICMPv6 types that have a counterpart, as Zeek pairs them: echo,
/// MLD query and report, router and neighbour discovery, node information
/// ("who are you") and home agent address discovery.
fn icmp6_counterpart(t: u8) -> Option<u8> {
    Some(match t {
        128 => 129,
        129 => 128,
        130 => 131,
        131 => 130,
        133 => 134,
        134 => 133,
        135 => 136,
        136 => 135,
        139 => 140,
        140 => 139,
        144 => 145,
        145 => 144,
        _ => return None,
    })
}

/// The flow tuple an ID is computed from, as seen by one packet (not yet
/// ordered).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FlowTuple {
    pub proto: u8,
    pub src: IpAddr,
    pub dst: IpAddr,
    /// Source and destination ports (for ICMP, the type and its
    /// counterpart or code); none for port-less protocols.
    pub ports: Option<(u16, u16)>,
    /// ICMP messages without a counterpart: the endpoints stay as they are.
    pub one_way: bool,
}

impl FlowTuple {
    /// A TCP, UDP or SCTP flow between two endpoints.
    pub fn transport(proto: u8, src: SocketAddr, dst: SocketAddr) -> FlowTuple {
        FlowTuple {
            proto,
            src: src.ip(),
            dst: dst.ip(),
            ports: Some((src.port(), dst.port())),
            one_way: false,
        }
    }

    /// An ICMP (`v6` false) or ICMPv6 message of a type and code.
    pub fn icmp(v6: bool, src: IpAddr, dst: IpAddr, icmp_type: u8, code: u8) -> FlowTuple {
        let (proto, other) = if v6 {
            (proto::ICMPV6, icmp6_counterpart(icmp_type))
        } else {
            (proto::ICMP, icmp_counterpart(icmp_type))
        };
        FlowTuple {
            proto,
            src,
            dst,
            ports: Some((u16::from(icmp_type), u16::from(other.unwrap_or(code)))),
            one_way: other.is_none(),
        }
    }

    /// A flow of an IP protocol without ports.
    pub fn ip(proto: u8, src: IpAddr, dst: IpAddr) -> FlowTuple {
        FlowTuple {
            proto,
            src,
            dst,
            ports: None,
            one_way: false,
        }
    }

    /// The tuple of a decoded packet: TCP and UDP with their ports, ICMP
    /// and ICMPv6 with their type and code, and any other IP protocol
    /// without ports. None when there is no IP layer, when the ports (or
    /// ICMP type and code) were not captured or the protocol needs ports
    /// that are not decoded (SCTP), and for fragments after the first of
    /// a protocol with ports, whose transport header is in another packet
    /// (IPv6 does not decode past a later fragment header at all).
    pub fn of_packet(d: &Decoded<'_>) -> Option<FlowTuple> {
        let ip = d.ip_view()?;
        let (src, dst) = (ip.src, ip.dst);
        match &d.transport {
            Transport::Tcp(t) if t.form == tcp::Form::NoPorts => None,
            Transport::Udp(u) if u.form == udp::Form::NoPorts => None,
            Transport::Tcp(t) => Some(FlowTuple::transport(
                proto::TCP,
                SocketAddr::new(src, t.header.src_port),
                SocketAddr::new(dst, t.header.dst_port),
            )),
            Transport::Udp(u) => Some(FlowTuple::transport(
                proto::UDP,
                SocketAddr::new(src, u.src_port),
                SocketAddr::new(dst, u.dst_port),
            )),
            Transport::Icmp(i) => Some(FlowTuple::icmp(
                false,
                src,
                dst,
                i.msg.icmp_type,
                i.msg.code,
            )),
            Transport::Icmp6(i) => Some(FlowTuple::icmp(true, src, dst, i.icmp_type?, i.code?)),
            // A later IPv4 fragment of TCP, UDP or ICMP lands here too: its
            // ports are in the first fragment, so it has no ID; a port-less
            // protocol's fragments all hash the same.
            Transport::Other { proto, .. } => {
                let needs_ports = matches!(
                    *proto,
                    proto::TCP | proto::UDP | proto::SCTP | proto::ICMP | proto::ICMPV6
                );
                (!needs_ports).then(|| FlowTuple::ip(*proto, src, dst))
            }
            // Port-less protocols that netdecode decodes.
            Transport::Igmp(_) => Some(FlowTuple::ip(proto::IGMP, src, dst)),
            Transport::Vrrp(_) => Some(FlowTuple::ip(proto::VRRP, src, dst)),
            // A tunnel whose inner packet is not decoded further (the
            // innermost level): the tunnel's own flow.
            Transport::Gre(_) => Some(FlowTuple::ip(proto::GRE, src, dst)),
            Transport::IpInIp { proto, .. } => Some(FlowTuple::ip(*proto, src, dst)),
            Transport::None => None,
        }
    }

    /// The tuple with the smaller endpoint first (unless one-way).
    fn ordered(&self) -> FlowTuple {
        let (sp, dp) = self.ports.unwrap_or((0, 0));
        let swap = !self.one_way
            && match addr_bytes(&self.src).cmp(&addr_bytes(&self.dst)) {
                std::cmp::Ordering::Greater => true,
                std::cmp::Ordering::Less => false,
                std::cmp::Ordering::Equal => sp > dp,
            };
        if swap {
            FlowTuple {
                src: self.dst,
                dst: self.src,
                ports: self.ports.map(|(s, d)| (d, s)),
                ..*self
            }
        } else {
            *self
        }
    }

    /// The SHA-1 digest the ID is the base64 of.
    pub fn digest(&self, seed: u16) -> [u8; 20] {
        let t = self.ordered();
        let mut h = Sha1::new();
        h.update(seed.to_be_bytes());
        h.update(addr_bytes(&t.src).as_slice());
        h.update(addr_bytes(&t.dst).as_slice());
        h.update([t.proto, 0]);
        if let Some((sp, dp)) = t.ports {
            h.update(sp.to_be_bytes());
            h.update(dp.to_be_bytes());
        }
        h.finalize().into()
    }

    /// The Community ID, version 1, with the given seed (0 by default in
    /// every implementation).
    pub fn community_id(&self, seed: u16) -> CommunityId {
        CommunityId::from_digest(&self.digest(seed))
    }
}

/// An address in network byte order (4 or 16 bytes).
struct AddrBytes {
    buf: [u8; 16],
    len: usize,
}

impl AddrBytes {
    fn as_slice(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&self.buf)
    }
}

impl PartialEq for AddrBytes {
    fn eq(&self, o: &Self) -> bool {
        self.as_slice() == o.as_slice()
    }
}

impl Eq for AddrBytes {}

impl PartialOrd for AddrBytes {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for AddrBytes {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.as_slice().cmp(o.as_slice())
    }
}

fn addr_bytes(a: &IpAddr) -> AddrBytes {
    let mut buf = [0u8; 16];
    match a {
        IpAddr::V4(v4) => {
            for (d, s) in buf.iter_mut().zip(v4.octets()) {
                *d = s;
            }
            AddrBytes { buf, len: 4 }
        }
        IpAddr::V6(v6) => AddrBytes {
            buf: v6.octets(),
            len: 16,
        },
    }
}

/// Length of `1:` plus the base64 of 20 bytes (28 characters, one `=`).
const ID_LEN: usize = 30;

/// A version 1 Community ID, `1:` and 28 base64 characters, kept inline.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct CommunityId([u8; ID_LEN]);

impl CommunityId {
    fn from_digest(digest: &[u8; 20]) -> CommunityId {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let sym = |v: u32| ALPHABET.get((v & 63) as usize).copied().unwrap_or(b'=');
        let mut out = *b"1:============================";
        // 20 bytes: six whole 3-byte groups, then 2 bytes (3 symbols, "=").
        let mut o = 2;
        for chunk in digest.chunks(3) {
            let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
            let v = (b(0) << 16) | (b(1) << 8) | b(2);
            let n = chunk.len() + 1;
            for (k, slot) in out.iter_mut().skip(o).take(n).enumerate() {
                *slot = sym(v >> (18 - 6 * k));
            }
            o += 4;
        }
        CommunityId(out)
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII is ever written into the buffer.
        std::str::from_utf8(&self.0).unwrap_or("")
    }
}

impl std::fmt::Display for CommunityId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for CommunityId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CommunityId({})", self.as_str())
    }
}

/// The Community ID of a decoded packet (see [`FlowTuple::of_packet`] for
/// which packets have one).
pub fn of_packet(d: &Decoded<'_>, seed: u16) -> Option<CommunityId> {
    FlowTuple::of_packet(d).map(|t| t.community_id(seed))
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests;
