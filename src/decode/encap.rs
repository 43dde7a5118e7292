//! Encapsulation: a packet inside another (VXLAN, VXLAN-GPE, Geneve, GRE,
//! IP in IP, MPLS, NSH), decoded whole, level by level.
//!
//! # How a [`Decoded`] holds nested packets
//!
//! A frame is a stack of *levels*. Level 0 is the frame as captured; a
//! tunnel header (the VXLAN header after UDP, a GRE header, the IPv4
//! header an IP-in-IP packet carries, an MPLS label stack, a network
//! service header) ends a level,
//! and what follows it starts the next. An untunnelled frame has one level.
//!
//! ```text
//!  frame:  Ethernet | IPv4 | UDP | VXLAN | Ethernet | IPv4 | TCP | data
//!          '--------- level 0 ----------' '------ level 1 ----------'
//!  Decoded: encap.levels[0] = {link, vlans, llc, net, Tunnel::Vxlan(udp, hdr)}
//!           link, vlans, llc, net, transport, app, stop = level 1 (innermost)
//! ```
//!
//! * The layer fields of `Decoded` (`link`, `vlans`, `llc`, `net`,
//!   `transport`, `app`, and `stop`) hold the **innermost** level: the
//!   packet that is not carried any further. Everything that looks for
//!   "the connection" (flow reassembly, `ip_view`, a consumer matching on
//!   the inner packet) reads the same fields whether or not the frame was
//!   tunnelled, and finds the innermost TCP or UDP. (An inner level that
//!   starts at its network layer has [`Link::Inner`].)
//! * The **outer** levels sit in [`Decoded::encap`], outermost first, each
//!   a compact [`Level`]: its link, tags, LLC and network headers, and the
//!   [`Tunnel`] that ends it (with the UDP header that carried it, for
//!   the UDP tunnels). An outer level never needs a full transport or
//!   application record: only tunnels carry further levels.
//! * `frame`, `wire_len` and `link_hdr_len` stay properties of the whole
//!   frame (the `-x` dump, the pcap lengths). Each level also keeps its own
//!   bytes and length ([`Span`]), as the printer of an inner Ethernet frame
//!   needs them; [`Decoded::net_offset`] is where the innermost network
//!   layer starts.
//! * [`Decoded::level`] gives any level as a `Decoded` of its own (a copy
//!   on the stack whose layer fields are that level's, borrowing the
//!   decoded frame), so the printers and serialisers written for one
//!   packet serve every level unchanged; a tunnel's printer asks its view
//!   for [`Decoded::inner`] and prints that after its own header. Text
//!   comes out in wire order, outer to inner; JSON nests each inner level
//!   under `inner` beside its tunnel's object, and lists every level's
//!   layers in `layers`. Flow reassembly keys a connection by the
//!   innermost 4-tuple and the outer levels' tunnel identifiers
//!   (`app::segment::scope`).
//!
//! # Bounds
//!
//! At most [`MAX_DEPTH`] tunnels are followed per frame (tcpdump has no
//! limit). A deeper one keeps its tunnel header as the innermost level's
//! record and stops decoding with [`StopKind::Limit`]; decoding recursion
//! is bounded by the same count, and nothing is allocated: the levels are
//! a fixed array (a level is about 740 bytes, the array about 3 KB of the
//! record). The record of a datagram quoted inside an ICMP error does not
//! follow tunnels (its fixed-size quote chain has no room for levels):
//! the quote says it carries one (`icmp::Quote::tunnel`), and the text
//! printer, which prints what a quoted tunnel packet carries as tcpdump's
//! `-v` does, asks `icmp::decode_tunnel_quote` for a record of it.
//!
//! Decoders call `descend` once a tunnel header decoded whole; it files
//! the layers decoded so far as an outer level, clears them, and runs the
//! inner packet's decoder on the same `Decoded`.

use super::bcm_li::BcmLi;
use super::error::{Layer, Stop, StopKind};
use super::ethernet;
use super::geneve::Geneve;
use super::gre::Gre;
use super::llc::LlcHeader;
use super::mpls::{self, Mpls};
use super::nsh::{self, Nsh};
use super::udp::Udp;
use super::vxlan::{Gpe, Vxlan};
use super::{dispatch, ipv4, ipv6, App, Decoded, Link, Net, Tags, Transport};

/// The most tunnels followed in one frame.
pub const MAX_DEPTH: usize = 4;

/// Where a level's bytes are in the frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span<'a> {
    /// The captured bytes, from the level's first header to the end of
    /// what the levels around it bound.
    pub bytes: &'a [u8],
    /// The level's on-wire length, as the header before it claims.
    pub length: u32,
    /// Offset of its first byte in the frame.
    pub offset: usize,
}

/// The tunnel header that ends an outer level, with what carried it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tunnel<'a> {
    /// VXLAN in UDP: the next level is an Ethernet frame.
    Vxlan(Udp<'a>, Vxlan),
    /// VXLAN-GPE in UDP: an IPv4 or IPv6 packet or an Ethernet frame.
    VxlanGpe(Udp<'a>, Gpe),
    /// Geneve in UDP: what its protocol type names.
    Geneve(Udp<'a>, Geneve<'a>),
    /// GRE: IPv4, IPv6, an Ethernet frame (transparent bridging), or IP
    /// in the PPP of version 1.
    Gre(Gre<'a>),
    /// IP in IP: IPv4 (protocol 4) or IPv6 (41) right after an IPv4 or
    /// IPv6 header, or an Ethernet frame (143) after IPv6.
    Ip { proto: u8, payload: &'a [u8] },
    /// An MPLS label stack (the level's network layer): IPv4 or IPv6.
    Mpls(Mpls<'a>),
    /// MPLS over UDP: the next level is an MPLS packet.
    MplsInUdp(Udp<'a>),
    /// A network service header (the level's network layer): IPv4, IPv6
    /// or Ethernet.
    Nsh(Nsh<'a>),
    /// The Broadcom lawful-intercept shim in UDP: an Ethernet frame, an
    /// IPv4 or an IPv6 packet.
    BcmLi(Udp<'a>, BcmLi),
}

impl<'a> Tunnel<'a> {
    /// The transport record of the level this tunnel ends.
    pub fn transport(&self) -> Transport<'a> {
        match *self {
            Tunnel::Vxlan(u, _)
            | Tunnel::VxlanGpe(u, _)
            | Tunnel::Geneve(u, _)
            | Tunnel::MplsInUdp(u)
            | Tunnel::BcmLi(u, _) => Transport::Udp(u),
            Tunnel::Gre(g) => Transport::Gre(g),
            Tunnel::Ip { proto, payload } => Transport::IpInIp { proto, payload },
            Tunnel::Mpls(_) | Tunnel::Nsh(_) => Transport::None,
        }
    }

    /// The application record of the level this tunnel ends.
    pub fn app(&self) -> App<'a> {
        match *self {
            Tunnel::Vxlan(_, v) => App::Vxlan(v),
            Tunnel::VxlanGpe(_, g) => App::VxlanGpe(g),
            Tunnel::Geneve(_, g) => App::Geneve(g),
            Tunnel::MplsInUdp(_) => App::Mpls,
            Tunnel::BcmLi(_, b) => App::BcmLi(b),
            Tunnel::Gre(_) | Tunnel::Ip { .. } | Tunnel::Mpls(_) | Tunnel::Nsh(_) => App::None,
        }
    }
}

/// An outer level: the headers up to and including a tunnel header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Level<'a> {
    pub span: Span<'a>,
    pub link: Link,
    pub vlans: Tags<'a>,
    pub llc: Option<LlcHeader>,
    pub net: Net<'a>,
    pub tunnel: Tunnel<'a>,
}

impl Level<'_> {
    /// The level's layer names in wire order (as [`Decoded::level_names`]
    /// gives them for a view of it).
    pub fn names(&self) -> [Option<&'static str>; 6] {
        let (transport, app) = match self.tunnel {
            Tunnel::Vxlan(..) => (Some("udp"), Some("vxlan")),
            Tunnel::VxlanGpe(..) => (Some("udp"), Some("vxlan_gpe")),
            Tunnel::Geneve(..) => (Some("udp"), Some("geneve")),
            Tunnel::MplsInUdp(_) => (Some("udp"), None),
            Tunnel::BcmLi(..) => (Some("udp"), Some("bcm_li")),
            Tunnel::Gre(_) => (Some("gre"), None),
            Tunnel::Ip { .. } | Tunnel::Mpls(_) | Tunnel::Nsh(_) => (None, None),
        };
        [
            super::link_name(&self.link),
            (!self.vlans.is_empty()).then_some("vlan"),
            self.llc.map(|_| "llc"),
            super::net_name(&self.net),
            transport,
            app,
        ]
    }
}

/// The outer levels of a frame (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Encap<'a> {
    levels: [Option<Level<'a>>; MAX_DEPTH],
    len: usize,
    /// The innermost level's bytes, when there are outer levels.
    inner: Option<Span<'a>>,
    /// Where the innermost level's network layer starts in the frame (after
    /// its link header), when there are outer levels.
    inner_net: usize,
    /// Which level a view made by [`Decoded::level`] shows; `None` for the
    /// decoded frame itself (its layer fields are the innermost level).
    view: Option<usize>,
    /// Tunnels are not followed (a datagram quoted in an ICMP error).
    closed: bool,
    /// In a view, the decoded frame it shows a level of.
    root: Option<&'a Decoded<'a>>,
}

impl<'a> Encap<'a> {
    pub const EMPTY: Encap<'a> = Encap {
        levels: [None; MAX_DEPTH],
        len: 0,
        inner: None,
        inner_net: 0,
        view: None,
        closed: false,
        root: None,
    };

    /// No levels, built field by field (a copy of [`Encap::EMPTY`], a
    /// constant of several kilobytes, would be a memcpy per packet).
    #[inline(always)]
    pub fn empty() -> Encap<'a> {
        Encap {
            levels: [None; MAX_DEPTH],
            len: 0,
            inner: None,
            inner_net: 0,
            view: None,
            closed: false,
            root: None,
        }
    }

    /// The outer levels, outermost first.
    pub fn levels(&self) -> impl Iterator<Item = &Level<'a>> + '_ {
        self.levels.iter().take(self.len).flatten()
    }

    /// The number of outer levels (tunnels followed).
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The outer level `k`.
    pub fn get(&self, k: usize) -> Option<&Level<'a>> {
        self.levels.get(k)?.as_ref().filter(|_| k < self.len)
    }

    /// The innermost level's bytes, when the frame was tunnelled.
    pub fn inner_span(&self) -> Option<Span<'a>> {
        self.inner
    }

    /// This is a view made by [`Decoded::level`], not a decoded frame.
    pub fn is_view(&self) -> bool {
        self.root.is_some()
    }

    /// Tunnels are followed (not inside an ICMP error's quote).
    pub fn follows(&self) -> bool {
        !self.closed
    }

    /// Stops tunnels being followed, for a quoted datagram.
    pub(crate) fn close(&mut self) {
        self.closed = true;
    }
}

/// What a tunnel says its payload is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inner {
    Ethernet,
    Ipv4,
    Ipv6,
    /// Whatever the ethertype dispatch makes of it.
    Ethertype(u16),
    /// An MPLS label stack.
    Mpls,
    /// A network service header.
    Nsh,
}

/// Files the layers decoded so far as an outer level ended by `tunnel`,
/// and decodes the inner packet (`bytes` as captured, `length` on the wire,
/// at `offset` in the frame) as the next level. With [`MAX_DEPTH`] levels
/// already filed, stops at `layer` with [`StopKind::Limit`] instead; inside
/// an ICMP quote, does nothing.
pub(crate) fn descend<'a>(
    d: &mut Decoded<'a>,
    tunnel: Tunnel<'a>,
    layer: Layer,
    bytes: &'a [u8],
    length: u32,
    offset: usize,
    inner: Inner,
) {
    if d.encap.closed {
        return;
    }
    if d.encap.len >= MAX_DEPTH {
        d.stop = Some(Stop {
            layer,
            offset,
            kind: StopKind::Limit,
        });
        return;
    }
    let span = d.encap.inner.unwrap_or(Span {
        bytes: d.frame,
        length: d.wire_len.max(d.frame.len() as u32),
        offset: 0,
    });
    let level = Level {
        span,
        link: d.link,
        vlans: d.vlans,
        llc: d.llc,
        net: d.net,
        tunnel,
    };
    let Some(slot) = d.encap.levels.get_mut(d.encap.len) else {
        return;
    };
    *slot = Some(level);
    d.encap.len += 1;
    d.encap.inner = Some(Span {
        bytes,
        length,
        offset,
    });
    d.link = match inner {
        Inner::Ethernet => Link::None,
        _ => Link::Inner,
    };
    d.vlans = Tags::default();
    d.llc = None;
    d.net = Net::None;
    d.transport = Transport::None;
    d.app = App::None;
    // The frame's link header is the outermost one.
    let link_hdr_len = d.link_hdr_len;
    match inner {
        Inner::Ethernet => {
            if bytes.len() > length as usize {
                // tcpdump's `[length N < caplen M]`: more bytes than the
                // length says (a UDP length below the IP datagram's).
                d.stop = Some(Stop::invalid(Layer::Ether, offset));
            } else {
                ethernet::decode_at(bytes, length, offset, d);
            }
        }
        Inner::Ipv4 => ipv4::decode(bytes, length, offset, d),
        Inner::Ipv6 => ipv6::decode(bytes, length, offset, d),
        Inner::Ethertype(t) => dispatch::ethertype(t, bytes, length, offset, d),
        Inner::Mpls => mpls::decode(bytes, length, offset, d),
        Inner::Nsh => nsh::decode(bytes, length, offset, d),
    }
    d.encap.inner_net = match inner {
        Inner::Ethernet => d.link_hdr_len,
        _ => offset,
    };
    d.link_hdr_len = link_hdr_len;
}

impl<'a> Decoded<'a> {
    /// The number of levels: 1 for an untunnelled frame, one more per
    /// tunnel followed.
    pub fn levels(&self) -> usize {
        self.encap.len + 1
    }

    /// Which level this record shows: the innermost for a decoded frame,
    /// the one asked for in a view from [`Decoded::level`].
    pub fn level_index(&self) -> usize {
        self.encap.view.unwrap_or(self.encap.len)
    }

    /// Level `k` (0 is the frame as captured) as a record of its own: its
    /// layers in the layer fields, its own bytes and length in `frame` and
    /// `wire_len`, no stop unless it is the innermost level. `None` past
    /// the innermost level. A view borrows the decoded frame, so that its
    /// [`Decoded::inner`] can make the next level's.
    pub fn level<'x>(&'x self, k: usize) -> Option<Decoded<'x>> {
        let root: &'x Decoded<'x> = match self.encap.root {
            Some(r) => r,
            None => self,
        };
        let n = root.encap.len;
        if k > n {
            return None;
        }
        let mut v = *root;
        v.encap.view = Some(k);
        v.encap.root = Some(root);
        if k == n {
            if let Some(s) = root.encap.inner {
                v.frame = s.bytes;
                v.wire_len = s.length;
                v.link_hdr_len = 0;
            }
            return Some(v);
        }
        let l = root.encap.get(k)?;
        v.frame = l.span.bytes;
        v.wire_len = l.span.length;
        if k > 0 {
            v.link_hdr_len = 0;
        }
        v.link = l.link;
        v.vlans = l.vlans;
        v.llc = l.llc;
        v.net = l.net;
        v.transport = l.tunnel.transport();
        v.app = l.tunnel.app();
        v.stop = None;
        Some(v)
    }

    /// The level inside this one, when this is a view of an outer level.
    pub fn inner(&self) -> Option<Decoded<'_>> {
        match self.encap.view {
            Some(k) if k < self.encap.len => self.level(k + 1),
            _ => None,
        }
    }

    /// Where the (innermost) network layer starts in the frame: after the
    /// link header, or after the inner frame's link header in a tunnel.
    pub fn net_offset(&self) -> usize {
        if self.encap.inner.is_some() {
            self.encap.inner_net
        } else {
            self.link_hdr_len
        }
    }

    /// The outermost level: the record itself when nothing was tunnelled.
    pub fn outermost(&self) -> Decoded<'_> {
        if self.encap.is_empty() {
            *self
        } else {
            self.level(0).unwrap_or(*self)
        }
    }
}

/// IP in IP: the packet after an IP header whose protocol is 4 (IPv4), 41
/// (IPv6) or, after IPv6, 143 (Ethernet). `payload` is what the outer
/// header bounds, `length` its claimed length, `offset` where it starts.
pub(crate) fn ip_in_ip<'a>(
    proto: u8,
    payload: &'a [u8],
    length: u32,
    offset: usize,
    d: &mut Decoded<'a>,
) {
    d.transport = Transport::IpInIp { proto, payload };
    let inner = match proto {
        ipv4::PROTO_IPIP => Inner::Ipv4,
        ipv4::PROTO_IPV6 => Inner::Ipv6,
        _ => Inner::Ethernet,
    };
    descend(
        d,
        Tunnel::Ip { proto, payload },
        Layer::Ip,
        payload,
        length,
        offset,
        inner,
    );
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::super::{decode, LinkType};
    use super::*;
    use crate::testdata::tunnel::*;

    fn frame(f: &[u8]) -> Decoded<'_> {
        decode(LinkType::ETHERNET, f, f.len() as u32)
    }

    #[test]
    fn vxlan_frame_has_two_levels_and_the_inner_tcp_on_top() {
        let f = vxlan(5001, &ether(0x0800, &inner_tcp(7, 0x02, &[])));
        let d = frame(&f);
        assert_eq!(d.levels(), 2);
        assert_eq!(d.stop, None);
        // The layer fields are the innermost packet's.
        let Net::Ipv4(ip) = d.net else { panic!() };
        assert_eq!(ip.header.src, std::net::Ipv4Addr::from(INNER_A));
        assert!(matches!(d.transport, Transport::Tcp(t) if t.header.seq == 7));
        assert!(matches!(d.link, Link::Ethernet(_)));
        // The frame keeps its own link header length.
        assert_eq!(d.link_hdr_len, 14);
        assert_eq!(d.net_offset(), 14 + 20 + 8 + 8 + 14);
        // The outer level: IPv4, UDP, VXLAN.
        let outer = d.encap.get(0).unwrap();
        assert!(
            matches!(outer.tunnel, Tunnel::Vxlan(u, v) if u.dst_port == 4789 && v.vni == Some(5001))
        );
        assert_eq!(outer.span.offset, 0);
        let v0 = d.level(0).unwrap();
        let Net::Ipv4(ip0) = v0.net else { panic!() };
        assert_eq!(ip0.header.dst, std::net::Ipv4Addr::from(OUTER_B));
        assert!(matches!(v0.app, App::Vxlan(_)));
        assert_eq!(v0.stop, None);
        // Its inner level is the innermost, with its own bytes.
        let v1 = v0.inner().unwrap();
        assert_eq!(v1.level_index(), 1);
        assert_eq!(v1.frame.len(), f.len() - 50);
        assert_eq!(v1.wire_len as usize, f.len() - 50);
        assert!(v1.inner().is_none());
        assert!(matches!(v1.transport, Transport::Tcp(_)));
        let names: Vec<_> = d.layer_names().collect();
        assert_eq!(
            names,
            ["ethernet", "ipv4", "udp", "vxlan", "ethernet", "ipv4", "tcp"]
        );
        // A view lists the same (the whole frame's) layers.
        assert_eq!(v0.layer_names().collect::<Vec<_>>(), names);
        assert_eq!(v1.layer_names().collect::<Vec<_>>(), names);
    }

    #[test]
    fn an_untunnelled_frame_is_its_own_outermost_level() {
        let f = ether(0x0800, &inner_tcp(1, 0x10, b"x"));
        let d = frame(&f);
        assert_eq!(d.levels(), 1);
        assert!(d.encap.is_empty());
        assert_eq!(
            d.outermost(),
            d.level(0)
                .map(|mut v| {
                    v.encap.view = None;
                    v.encap.root = None;
                    v
                })
                .unwrap()
        );
        assert_eq!(d.net_offset(), d.link_hdr_len);
    }

    #[test]
    fn nesting_stops_at_the_limit() {
        let inner = ipv4(17, INNER_A, INNER_B, &udp(1, 2, b"deep"));
        // MAX_DEPTH tunnels are followed.
        let f = ipip(MAX_DEPTH, &inner);
        let d = frame(&f);
        assert_eq!(d.levels(), MAX_DEPTH + 1);
        assert_eq!(d.stop, None);
        assert!(matches!(d.transport, Transport::Udp(_)));
        // One more is not: the last tunnel stays the innermost record.
        let f = ipip(MAX_DEPTH + 1, &inner);
        let d = frame(&f);
        assert_eq!(d.levels(), MAX_DEPTH + 1);
        assert!(matches!(d.transport, Transport::IpInIp { proto: 4, .. }));
        let stop = d.stop.unwrap();
        assert_eq!((stop.layer, stop.kind), (Layer::Ip, StopKind::Limit));
        assert_eq!(stop.offset, 14 + 20 * (MAX_DEPTH + 1));
        // Views of every level work, and the last has no inner level.
        for k in 0..d.levels() {
            let v = d.level(k).unwrap();
            assert_eq!(v.inner().is_some(), k + 1 < d.levels());
        }
        assert!(d.level(d.levels()).is_none());
    }

    #[test]
    fn icmp_quotes_do_not_follow_tunnels() {
        // An ICMP port unreachable quoting a whole VXLAN datagram.
        let vx = &vxlan(9, &ether(0x0800, &inner_tcp(1, 0x02, &[])))[14..];
        let mut icmp = vec![3, 3, 0, 0, 0, 0, 0, 0];
        icmp.extend_from_slice(vx);
        let sum = crate::decode::bytes::checksum(&icmp, 0);
        icmp[2..4].copy_from_slice(&sum.to_be_bytes());
        let f = ether(0x0800, &ipv4(1, OUTER_B, OUTER_A, &icmp));
        let d = frame(&f);
        assert_eq!(d.levels(), 1);
        let Transport::Icmp(i) = d.transport else {
            panic!()
        };
        let q = i.quotes.first().unwrap();
        assert_eq!(q.app, App::None);
        // It says it carries a tunnel, and a record of it follows it.
        assert!(q.tunnel);
        let full = super::super::icmp::decode_tunnel_quote(q);
        assert_eq!(full.levels(), 2);
        assert!(matches!(full.transport, Transport::Tcp(t) if t.header.seq == 1));
        assert!(matches!(full.outermost().app, App::Vxlan(_)));
    }

    #[test]
    fn every_cut_of_a_nested_frame_decodes_and_views_without_panic() {
        let tcp = ether(0x0800, &inner_tcp(1, 0x18, b"payload"));
        let gre_teb = {
            let mut g = vec![0x20, 0x00, 0x65, 0x58, 0, 0, 0, 9];
            g.extend_from_slice(&vxlan(77, &tcp));
            ether(0x0800, &ipv4(47, OUTER_A, OUTER_B, &g))
        };
        for n in 0..=gre_teb.len() {
            let d = decode(LinkType::ETHERNET, &gre_teb[..n], gre_teb.len() as u32);
            for k in 0..d.levels() {
                let v = d.level(k).unwrap();
                let _ = v.layer_names().count();
                let _ = v.inner();
            }
            if n == gre_teb.len() {
                assert_eq!(d.levels(), 3);
                assert_eq!(d.stop, None);
            }
        }
    }
}
