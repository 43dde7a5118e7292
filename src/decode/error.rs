//! Why decoding stopped before the end of a packet.
//!
//! Running out of captured bytes and meeting bytes that make no sense are
//! different outcomes: tcpdump prints ` [|proto]` for the first and
//! ` (invalid)` (or a protocol-specific complaint) for the second.

use std::fmt;

/// The protocol layer a stop happened in. The names are tcpdump's
/// `ndo_protocol` strings, used in its `[|proto]` truncation marker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layer {
    Ether,
    Vlan,
    Llc,
    Sll,
    Sll2,
    Null,
    Snap,
    Stp,
    Arp,
    Ip,
    Ip6,
    Icmp,
    Icmp6,
    Udp,
    Tcp,
    Bootp,
    Domain,
    Lldp,
    Cdp,
    Dtp,
    Vtp,
    Udld,
    Loopback,
    Atm,
    Vxlan,
    VxlanGpe,
    Geneve,
    Gre,
    Ppp,
    Mpls,
    Nsh,
    BcmLi,
}

impl Layer {
    /// tcpdump's name for the layer, as in ` [|tcp]`.
    pub fn name(self) -> &'static str {
        match self {
            Layer::Ether => "ether",
            Layer::Vlan => "vlan",
            Layer::Llc => "llc",
            Layer::Sll => "sll",
            Layer::Sll2 => "sll2",
            Layer::Null => "null",
            Layer::Snap => "snap",
            Layer::Stp => "stp",
            Layer::Arp => "arp",
            Layer::Ip => "ip",
            Layer::Ip6 => "ip6",
            Layer::Icmp6 => "icmp6",
            Layer::Icmp => "icmp",
            Layer::Udp => "udp",
            Layer::Tcp => "tcp",
            Layer::Bootp => "bootp",
            Layer::Domain => "domain",
            Layer::Lldp => "lldp",
            Layer::Cdp => "cdp",
            Layer::Dtp => "dtp",
            Layer::Vtp => "vtp",
            Layer::Udld => "udld",
            Layer::Loopback => "loopback",
            Layer::Atm => "atm",
            Layer::Vxlan => "vxlan",
            Layer::VxlanGpe => "vxlan_gpe",
            Layer::Geneve => "geneve",
            Layer::Gre => "gre",
            Layer::Ppp => "ppp",
            Layer::Mpls => "mpls",
            Layer::Nsh => "nsh",
            Layer::BcmLi => "bcm_li",
        }
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What went wrong at the stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopKind {
    /// The captured bytes ended before the layer did.
    Truncated,
    /// The bytes are there but impossible for this protocol.
    Invalid,
    /// A tunnel nested deeper than netdecode follows
    /// ([`super::encap::MAX_DEPTH`]): the packet inside it is not decoded.
    Limit,
}

/// Where and why decoding stopped. `offset` counts from the start of the
/// captured frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stop {
    pub layer: Layer,
    pub offset: usize,
    pub kind: StopKind,
}

impl Stop {
    pub fn truncated(layer: Layer, offset: usize) -> Stop {
        Stop {
            layer,
            offset,
            kind: StopKind::Truncated,
        }
    }
    pub fn invalid(layer: Layer, offset: usize) -> Stop {
        Stop {
            layer,
            offset,
            kind: StopKind::Invalid,
        }
    }
}
