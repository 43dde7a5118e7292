//! Packet decoders: captured bytes in, typed records out.
//!
//! `decode` turns one captured frame into a [`Decoded`] record. Each protocol
//! has its own file with its own record type; which decoder follows which
//! (by link type, ethertype, IP protocol, UDP or TCP port) is said once, in
//! the tables of [`dispatch`], in tcpdump's order (the few LLC SAPs that
//! change how a frame is read are in `llc.rs`).
//!
//! # The contract
//!
//! * Decoding never panics and never reads outside the captured bytes,
//!   whatever those bytes are. There is no indexing, no unchecked slicing and
//!   no `unwrap` on values derived from input in this module tree; length
//!   arithmetic is checked or saturating.
//! * Each layer's payload is bounded by both what its length fields claim and
//!   what was captured (tcpdump's `nd_push_snaplen`); trailer bytes past the
//!   IPv4 total length are never handed to TCP or UDP.
//! * A packet that ends early is not an error: the record keeps every layer
//!   that decoded, fields that fit, and a [`Stop`] saying which layer ran out
//!   (`Truncated`) or met impossible bytes (`Invalid`) and where.
//! * Decoders know nothing of output flags and never format text.
//!
//! `tests/robustness.rs` checks the contract over every truncation of every
//! fixture packet plus seeded mutations.

#![deny(clippy::indexing_slicing)]

pub mod arp;
pub mod atm;
pub mod bcm_li;
pub mod bytes;
pub mod cdp;
pub mod community_id;
pub mod dhcp;
pub mod dhcp6;
pub mod dispatch;
pub mod dns;
pub mod dtp;
pub mod dvmrp;
pub mod encap;
pub mod error;
pub mod ethernet;
pub mod fqdn;
pub mod geneve;
pub mod gre;
pub mod icmp;
pub mod icmp6;
pub mod igmp;
pub mod ipv4;
pub mod ipv6;
pub mod link;
pub mod llc;
pub mod lldp;
pub mod loopback;
pub mod mpls;
pub mod mptcp;
pub mod nsh;
pub mod ntp;
pub mod pimv1;
pub mod stp;
pub mod syslog;
pub mod tcp;
pub mod txtproto;
pub mod udld;
pub mod udp;
pub mod vrrp;
pub mod vtp;
pub mod vxlan;

pub use bytes::Mac;
pub use encap::Encap;
pub use error::{Layer, Stop, StopKind};
use nom::number::complete::be_u16;

/// A libpcap data link type (DLT_* value, as `pcap_datalink` returns it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LinkType(pub i32);

impl LinkType {
    /// Whether [`decode`] decodes this link type (else every packet's
    /// link is [`Link::Unsupported`]).
    pub fn is_decoded(self) -> bool {
        !matches!(decode(self, &[], 0).link, Link::Unsupported(_))
    }

    pub const NULL: LinkType = LinkType(0);
    pub const ETHERNET: LinkType = LinkType(1);
    pub const ATM_RFC1483: LinkType = LinkType(atm::DLT_ATM_RFC1483);
    /// DLT_RAW as Linux libpcap reports LINKTYPE_RAW (101).
    pub const RAW: LinkType = LinkType(12);
    /// DLT_RAW on OpenBSD; also accepted.
    pub const RAW_OPENBSD: LinkType = LinkType(14);
    pub const LINKTYPE_RAW: LinkType = LinkType(101);
    pub const LOOP: LinkType = LinkType(108);
    pub const LINUX_SLL: LinkType = LinkType(113);
    pub const IPV4: LinkType = LinkType(228);
    pub const IPV6: LinkType = LinkType(229);
    pub const LINUX_SLL2: LinkType = LinkType(276);
}

/// One 802.1Q/802.1ad tag: the TPID that announced it and its TCI.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VlanTag {
    pub tpid: u16,
    pub tci: u16,
    /// The length/type field that follows the tag.
    pub next: u16,
}

impl VlanTag {
    pub fn vid(&self) -> u16 {
        self.tci & 0x0fff
    }
    pub fn pcp(&self) -> u8 {
        (self.tci >> 13) as u8
    }
    pub fn dei(&self) -> bool {
        self.tci & 0x1000 != 0
    }
}

/// A stack of VLAN tags in wire order (outermost first), of any depth and
/// without allocation: the captured tag area (each tag's TCI and the
/// length/type after it, 4 bytes a tag) and the count of complete tags the
/// decoder accepted. [`Tags::iter`] decodes the typed [`VlanTag`]s from it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tags<'a> {
    /// The TPID that announced the outermost tag.
    first_tpid: u16,
    /// Starts at the outermost tag's TCI; holds at least `4 * len` bytes.
    area: &'a [u8],
    len: usize,
}

impl<'a> Tags<'a> {
    /// Bytes a tag takes after its TPID (TCI and the next length/type).
    pub const TAG_BYTES: usize = 4;

    /// An empty stack whose tags (once [`Tags::grow`] counts them) start
    /// at `area`, the outermost tag's TCI, announced by `first_tpid`.
    pub fn starting(first_tpid: u16, area: &'a [u8]) -> Tags<'a> {
        Tags {
            first_tpid,
            area,
            len: 0,
        }
    }
    /// Counts one more tag; false (nothing counted) when the area does not
    /// hold it.
    pub fn grow(&mut self) -> bool {
        let need = (self.len + 1).saturating_mul(Self::TAG_BYTES);
        if self.area.len() < need {
            return false;
        }
        self.len += 1;
        true
    }
    pub fn len(&self) -> usize {
        self.len
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// The tags, outermost first.
    pub fn iter(&self) -> TagIter<'a> {
        TagIter {
            tpid: self.first_tpid,
            rest: self.area,
            left: self.len,
        }
    }
}

impl<'a> IntoIterator for &Tags<'a> {
    type Item = VlanTag;
    type IntoIter = TagIter<'a>;
    fn into_iter(self) -> TagIter<'a> {
        self.iter()
    }
}

/// Decodes the tags of a [`Tags`] one by one.
#[derive(Clone, Debug)]
pub struct TagIter<'a> {
    tpid: u16,
    rest: &'a [u8],
    left: usize,
}

impl Iterator for TagIter<'_> {
    type Item = VlanTag;
    fn next(&mut self) -> Option<VlanTag> {
        if self.left == 0 {
            return None;
        }
        let (i, tci) = be_u16::<_, nom::error::Error<&[u8]>>(self.rest).ok()?;
        let (i, next) = be_u16::<_, nom::error::Error<&[u8]>>(i).ok()?;
        let tag = VlanTag {
            tpid: self.tpid,
            tci,
            next,
        };
        self.tpid = next;
        self.rest = i;
        self.left -= 1;
        Some(tag)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.left))
    }
}

/// The link layer of a frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    /// Not even the link header fit (see `Decoded::stop`).
    None,
    Ethernet(ethernet::Ethernet),
    Sll(link::Sll),
    Sll2(link::Sll2),
    Null(link::Null),
    /// DLT_ATM_RFC1483: LLC-encapsulated ATM payloads.
    Atm(atm::Atm),
    /// Raw IP (DLT_RAW, LINKTYPE_IPV4/IPV6): no link header.
    Raw,
    /// A tunnelled packet that starts at its network layer (the tunnel
    /// header named it): no link header. See [`encap`].
    Inner,
    /// A link type netdecode does not decode.
    Unsupported(i32),
}

/// The network layer.
// IPv6 keeps its extension headers in place (fixed size, no allocation);
// records are passed by reference.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Net<'a> {
    None,
    Arp(arp::Arp<'a>),
    Ipv4(ipv4::Ipv4<'a>),
    Ipv6(ipv6::Ipv6<'a>),
    /// An IEEE 802.2 LLC frame whose payload no network-layer decoder
    /// took (its header is [`Decoded::llc`]).
    Llc(llc::Llc<'a>),
    /// An LLDP data unit (ethertype 0x88cc).
    Lldp(lldp::Lldp<'a>),
    /// An Ethernet configuration testing protocol message (ethertype
    /// 0x9000).
    Loopback(loopback::Loopback<'a>),
    /// An ethertype this decoder does not know; `payload` is what follows.
    Unknown {
        ethertype: u16,
        payload: &'a [u8],
    },
    /// Raw-IP link whose version nibble is neither 4 nor 6.
    UnknownIpVersion(u8),
    /// An MPLS label stack (what it carries, when IPv4 or IPv6, is the
    /// next level: see [`encap`]).
    Mpls(mpls::Mpls<'a>),
    /// A network service header (what it carries is the next level).
    Nsh(nsh::Nsh<'a>),
}

/// The transport layer.
// An ICMP error holds the datagram it quotes, decoded in place (fixed size,
// no allocation); records are passed by reference.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transport<'a> {
    None,
    Icmp(icmp::Icmp<'a>),
    Icmp6(icmp6::Icmp6<'a>),
    Udp(udp::Udp<'a>),
    Tcp(tcp::Tcp<'a>),
    /// IGMP (over IPv4 only), with the DVMRP and PIMv1 messages it carries.
    Igmp(igmp::Igmp<'a>),
    Vrrp(vrrp::Vrrp<'a>),
    Gre(gre::Gre<'a>),
    /// IP in IP (protocol 4 or 41 after IPv4 or IPv6, 143 after IPv6):
    /// the next level (see [`encap`]) is the packet in `payload`.
    IpInIp {
        proto: u8,
        payload: &'a [u8],
    },
    /// A protocol this decoder does not know, or a non-first fragment.
    Other {
        proto: u8,
        payload: &'a [u8],
    },
}

/// The application layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum App<'a> {
    None,
    Bootp(dhcp::Bootp<'a>),
    /// DNS or mDNS, over UDP or TCP.
    Dns(dns::Dns<'a>),
    /// A line-oriented text protocol over TCP (HTTP, RTSP, FTP, SMTP, WHOIS).
    Text(txtproto::Text<'a>),
    /// The SSH version banner.
    Ssh(txtproto::SshBanner<'a>),
    Ntp(ntp::Ntp<'a>),
    Syslog(syslog::Syslog<'a>),
    Dhcp6(dhcp6::Dhcp6<'a>),
    Vxlan(vxlan::Vxlan),
    VxlanGpe(vxlan::Gpe),
    Geneve(geneve::Geneve<'a>),
    /// MPLS over UDP (RFC 7510): the payload is an MPLS packet, decoded as
    /// the next level (see [`encap`]).
    Mpls,
    /// The Broadcom lawful-intercept shim: what it names follows as the
    /// next level (see [`encap`]).
    BcmLi(bcm_li::BcmLi),
}

/// What the transport layers need from the IP layer under them, for
/// either IP version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IpView {
    pub src: std::net::IpAddr,
    pub dst: std::net::IpAddr,
    /// The destination the transport checksum covers (a source route's or
    /// routing header's last hop).
    pub cksum_dst: std::net::IpAddr,
    /// tcpdump's `fragmented`: no checksum check, no length complaint.
    pub fragmented: bool,
    /// The IP header's own protocol field names the transport (else, as
    /// after IPv6 extension headers, tcpdump prints ports without
    /// addresses).
    pub direct: bool,
    pub v6: bool,
}

impl IpView {
    /// The pseudo-header sum for `len` bytes of `proto`.
    pub fn pseudo_sum(&self, proto: u8, len: u32) -> u32 {
        ipv6::pseudo_sum(self.src, self.cksum_dst, proto, len)
    }
}

/// One decoded packet: every layer that decoded, and where decoding stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The captured bytes of the whole frame.
    pub frame: &'a [u8],
    /// The frame's length on the wire.
    pub wire_len: u32,
    pub link: Link,
    /// Bytes of link-layer header (VLAN tags and LLC included), which tcpdump
    /// leaves out of `-x`/`-X`/`-A` dumps.
    pub link_hdr_len: usize,
    pub vlans: Tags<'a>,
    /// The IEEE 802.2 LLC header (with its SNAP header, if any) between
    /// the link header and the network layer, when the frame has one.
    pub llc: Option<llc::LlcHeader>,
    pub net: Net<'a>,
    pub transport: Transport<'a>,
    pub app: App<'a>,
    /// Where decoding stopped early, if it did.
    pub stop: Option<Stop>,
    /// The outer levels of a tunnelled frame; the layer fields above are
    /// then the innermost packet's. See [`encap`].
    pub encap: Encap<'a>,
}

impl<'a> Decoded<'a> {
    /// An empty record for `frame`, to decode into with [`decode_into`].
    // Inlined so that the record is built where the caller keeps it, not
    // built and then moved (the record is several kilobytes).
    #[inline(always)]
    pub fn new(frame: &'a [u8], wire_len: u32) -> Decoded<'a> {
        Decoded {
            frame,
            wire_len,
            link: Link::None,
            link_hdr_len: 0,
            vlans: Tags::default(),
            llc: None,
            net: Net::None,
            transport: Transport::None,
            app: App::None,
            stop: None,
            encap: Encap::empty(),
        }
    }

    /// A record for a datagram quoted in an ICMP error: tunnels in it are
    /// not followed.
    pub(crate) fn quoted(frame: &'a [u8], wire_len: u32) -> Decoded<'a> {
        let mut d = Decoded::new(frame, wire_len);
        d.encap.close();
        d
    }

    /// True when the packet was cut by the snapshot length or ran out of
    /// bytes somewhere.
    pub fn truncated(&self) -> bool {
        matches!(
            self.stop,
            Some(Stop {
                kind: StopKind::Truncated,
                ..
            })
        ) || (self.frame.len() as u64) < u64::from(self.wire_len)
    }

    /// The IP layer under the transport, if it is IPv4 or IPv6.
    pub fn ip_view(&self) -> Option<IpView> {
        use std::net::IpAddr;
        match &self.net {
            Net::Ipv4(ip) => Some(IpView {
                src: IpAddr::V4(ip.header.src),
                dst: IpAddr::V4(ip.header.dst),
                cksum_dst: IpAddr::V4(ip.final_dst()),
                fragmented: ip.header.more_fragments(),
                direct: true,
                v6: false,
            }),
            Net::Ipv6(ip) => Some(IpView {
                src: IpAddr::V6(ip.header.src),
                dst: IpAddr::V6(ip.header.dst),
                cksum_dst: IpAddr::V6(ip.final_dst),
                fragmented: ip.fragmented,
                direct: ip.header.next_header == ip.upper,
                v6: true,
            }),
            _ => None,
        }
    }

    /// The layer names in wire order (every level, outer to inner), for
    /// JSON's `layers` list.
    pub fn layer_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        // Outer levels from their compact records, then the innermost
        // level's own fields; a view (whose fields are another level's)
        // goes through the decoded frame it shows.
        let view = self.encap.is_view();
        let outer = self
            .encap
            .levels()
            .filter(move |_| !view)
            .flat_map(|l| l.names().into_iter().flatten());
        let own = (!view)
            .then(|| self.level_names())
            .into_iter()
            .flat_map(|n| n.into_iter().flatten());
        let views = (0..if view { self.levels() } else { 0 }).flat_map(move |k| {
            self.level(k)
                .map(|v| v.level_names())
                .unwrap_or([None; 6])
                .into_iter()
                .flatten()
        });
        outer.chain(own).chain(views)
    }

    /// The layer names of this record's own level, in wire order.
    pub fn level_names(&self) -> [Option<&'static str>; 6] {
        [
            link_name(&self.link),
            (!self.vlans.is_empty()).then_some("vlan"),
            self.llc.map(|_| "llc"),
            net_name(&self.net),
            transport_name(&self.transport),
            app_name(&self.app),
        ]
    }
}

/// The JSON layer name of a link record.
pub(crate) fn link_name(link: &Link) -> Option<&'static str> {
    match link {
        Link::None | Link::Raw | Link::Inner | Link::Unsupported(_) => None,
        Link::Ethernet(_) => Some("ethernet"),
        Link::Sll(_) => Some("sll"),
        Link::Sll2(_) => Some("sll2"),
        Link::Null(_) => Some("null"),
        Link::Atm(_) => Some("atm"),
    }
}

/// The JSON layer name of a net record.
pub(crate) fn net_name(net: &Net<'_>) -> Option<&'static str> {
    match net {
        Net::None | Net::UnknownIpVersion(_) => None,
        Net::Arp(_) => Some("arp"),
        Net::Ipv4(_) => Some("ipv4"),
        Net::Ipv6(_) => Some("ipv6"),
        Net::Llc(l) => l.layer_name(),
        Net::Lldp(_) => Some("lldp"),
        Net::Loopback(_) => Some("loopback"),
        Net::Unknown { .. } => None,
        Net::Mpls(_) => Some("mpls"),
        Net::Nsh(_) => Some("nsh"),
    }
}

/// The JSON layer name of a transport record.
pub(crate) fn transport_name(transport: &Transport<'_>) -> Option<&'static str> {
    match transport {
        Transport::None | Transport::Other { .. } | Transport::IpInIp { .. } => None,
        Transport::Icmp(_) => Some("icmp"),
        Transport::Icmp6(_) => Some("icmpv6"),
        Transport::Udp(_) => Some("udp"),
        Transport::Tcp(_) => Some("tcp"),
        Transport::Igmp(_) => Some("igmp"),
        Transport::Vrrp(_) => Some("vrrp"),
        Transport::Gre(_) => Some("gre"),
    }
}

/// The JSON layer name of a app record.
pub(crate) fn app_name(app: &App<'_>) -> Option<&'static str> {
    match app {
        App::None => None,
        App::Bootp(_) => Some("dhcp"),
        App::Dns(_) => Some("dns"),
        App::Text(t) => Some(t.proto.name()),
        App::Ssh(_) => Some("ssh"),
        App::Ntp(_) => Some("ntp"),
        App::Syslog(_) => Some("syslog"),
        App::Dhcp6(_) => Some("dhcpv6"),
        App::Vxlan(_) => Some("vxlan"),
        App::VxlanGpe(_) => Some("vxlan_gpe"),
        App::Geneve(_) => Some("geneve"),
        App::Mpls => None,
        App::BcmLi(_) => Some("bcm_li"),
    }
}

/// Decodes one captured frame of the given link type. `wire_len` is the
/// frame's original length (pcap's `len`), `frame` its captured bytes.
pub fn decode(linktype: LinkType, frame: &[u8], wire_len: u32) -> Decoded<'_> {
    let mut d = Decoded::new(frame, wire_len);
    decode_into(linktype, &mut d);
    d
}

/// Decodes the frame of `d`, a record fresh from [`Decoded::new`], into
/// it: what [`decode`] does without moving the record (the packet loop's
/// way; the record is several kilobytes, and a move is a memcpy).
pub fn decode_into(linktype: LinkType, d: &mut Decoded<'_>) {
    // A header claiming fewer bytes on the wire than were captured is
    // bogus; decode against what was captured.
    let (frame, wire_len) = (d.frame, d.wire_len);
    let length = wire_len.max(frame.len() as u32);
    dispatch::link_type(linktype, frame, length, d);
}
