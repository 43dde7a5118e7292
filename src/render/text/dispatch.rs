//! Which printer follows which: the one place where the text printers
//! meet. A printer hands what its layer carries to a function here and
//! never calls another protocol's printer itself, so render/text/ has no
//! import circles. The order of the decoded layers (and so which record a
//! function here finds) is decided by `decode::dispatch`.

use super::{
    arp, bcm_li, cdp, dhcp, dhcp6, dns, dtp, dvmrp, encap, ethernet, geneve, gre, icmp, icmp6,
    igmp, ipv4, ipv6, llc, lldp, loopback, mobility, mpls, mptcp, nsh, ntp, pimv1, stp, syslog,
    tcp, txtproto, udld, udp, vrrp, vtp, vxlan, Cx,
};
use crate::decode::cdp::Cdp;
use crate::decode::dtp::Dtp;
use crate::decode::ethernet::Ethernet;
use crate::decode::igmp::Message;
use crate::decode::ipv4::Ipv4;
use crate::decode::ipv6::Ipv6;
use crate::decode::mptcp::Mptcp;
use crate::decode::stp::Stp;
use crate::decode::udld::Udld;
use crate::decode::vtp::Vtp;
use crate::decode::{App, Decoded, Link, Net, Transport};

/// What an ethertype (or SNAP protocol id, or cooked-header protocol)
/// carries; false when it is not decoded (the caller then prints the
/// link header and the raw bytes).
pub(super) fn ethertype_payload(cx: &mut Cx<'_>, d: &Decoded<'_>) -> bool {
    match &d.net {
        Net::Ipv4(ip) => {
            ipv4::write(cx, d, ip);
            true
        }
        Net::Arp(a) => {
            arp::write(cx, a);
            true
        }
        Net::Ipv6(ip) => {
            ipv6::write(cx, d, ip);
            true
        }
        Net::Lldp(l) => {
            lldp::write(cx, l);
            true
        }
        Net::Loopback(l) => {
            loopback::write(cx, l);
            true
        }
        Net::Mpls(m) => {
            mpls::write(cx, d, m);
            true
        }
        Net::Nsh(n) => {
            nsh::write(cx, d, n);
            true
        }
        Net::None => {
            // The network header did not fit at all: a failed fetch, after
            // which tcpdump gives up on the packet (and dumps all of it).
            if let Some(stop) = d.stop {
                cx.trunc_early_end(stop.layer.name());
            }
            true
        }
        Net::Llc(_) | Net::Unknown { .. } | Net::UnknownIpVersion(_) => false,
    }
}

/// An IEEE 802.2 LLC frame (after an 802.3 length field or a cooked
/// header's LLC protocol) of `length` bytes.
pub(super) fn llc(cx: &mut Cx<'_>, d: &Decoded<'_>, e: Option<&Ethernet>, length: u32) {
    llc::write_llc(cx, d, e, length);
}

/// A spanning tree BPDU (after LLC SAP 0x42 or a PVST+/RFC 2684 SNAP
/// header).
pub(super) fn stp(cx: &mut Cx<'_>, s: &Stp<'_>) {
    stp::write_stp(cx, s);
}

/// A CDP message (after a Cisco SNAP header).
pub(super) fn cdp(cx: &mut Cx<'_>, c: &Cdp<'_>) {
    cdp::write(cx, c);
}

/// A UDLD message (after a Cisco SNAP header).
pub(super) fn udld(cx: &mut Cx<'_>, m: &Udld<'_>) {
    udld::write(cx, m);
}

/// A VTP message (after a Cisco SNAP header).
pub(super) fn vtp(cx: &mut Cx<'_>, m: &Vtp<'_>) {
    vtp::write(cx, m);
}

/// A DTP message (after a Cisco SNAP header).
pub(super) fn dtp(cx: &mut Cx<'_>, m: &Dtp<'_>) {
    dtp::write(cx, m);
}

/// What an IPv4 header's protocol field names; false when no printer of
/// an IP protocol took it (IPv4 then prints its own line for it).
pub(super) fn ipv4_payload(cx: &mut Cx<'_>, d: &Decoded<'_>, ip: &Ipv4<'_>) -> bool {
    match &d.transport {
        Transport::Tcp(t) => tcp::write(cx, d, ip, t),
        Transport::Udp(u) => {
            if let Some(view) = d.ip_view() {
                udp::write(cx, d, &view, u)
            }
        }
        Transport::Icmp(i) => icmp::write(cx, d, ip, i),
        Transport::Igmp(m) => igmp::write(cx, m),
        Transport::Vrrp(v) => vrrp::write(cx, v),
        Transport::Gre(g) => gre::write(cx, d, g),
        Transport::IpInIp { .. } => {
            encap::write_inner(cx, d);
        }
        _ => return false,
    }
    true
}

/// What an IGMP message of type DVMRP or PIMv1 carries; false when the
/// printer gave up on the packet (tcpdump's longjmp).
pub(super) fn igmp_carried(cx: &mut Cx<'_>, m: &Message<'_>) -> bool {
    match m {
        Message::Dvmrp(d) => dvmrp::write(cx, d),
        Message::Pimv1(p) => pimv1::write(cx, p),
        _ => true,
    }
}

/// An MPTCP option in a TCP option list (after `mptcp`).
pub(super) fn mptcp_option(cx: &mut Cx<'_>, m: &Mptcp<'_>) {
    mptcp::write(cx, m);
}

/// The IPv4 datagram an ICMP error quotes (tcpdump's nested `ip_print`).
pub(super) fn icmp_quote(cx: &mut Cx<'_>, d: &Decoded<'_>, ip: &Ipv4<'_>) {
    ipv4::write(cx, d, ip);
}

/// What IPv6's last next header names; false when no printer of an IP
/// protocol took it.
pub(super) fn ipv6_payload(cx: &mut Cx<'_>, d: &Decoded<'_>, ip: &Ipv6<'_>) -> bool {
    match &d.transport {
        Transport::Tcp(t) => {
            if let Some(view) = d.ip_view() {
                tcp::write_over(cx, d, &view, t);
            }
        }
        Transport::Udp(u) => {
            if let Some(view) = d.ip_view() {
                udp::write(cx, d, &view, u);
            }
        }
        Transport::Icmp6(i) => icmp6::write(cx, d, ip, i),
        Transport::Vrrp(v) => vrrp::write(cx, v),
        Transport::Gre(g) => gre::write(cx, d, g),
        Transport::IpInIp { .. } => {
            encap::write_inner(cx, d);
        }
        _ => return false,
    }
    true
}

/// An IPv6 mobility header (next header 135).
pub(super) fn mobility(cx: &mut Cx<'_>, ip: &Ipv6<'_>, bytes: &[u8]) {
    mobility::write(cx, ip, bytes);
}

/// The application a UDP datagram carries (the decoder chose it by port,
/// in tcpdump's order); false when none was decoded.
pub(super) fn udp_payload(cx: &mut Cx<'_>, d: &Decoded<'_>) -> bool {
    match &d.app {
        App::Bootp(b) => dhcp::write(cx, d, b),
        App::Ntp(n) => ntp::write(cx, n),
        App::Syslog(s) => syslog::write(cx, s),
        App::Dhcp6(m) => dhcp6::write(cx, m),
        App::Dns(m) => dns::write(cx, m),
        App::Vxlan(v) => vxlan::write(cx, d, v),
        App::VxlanGpe(g) => vxlan::write_gpe(cx, d, g),
        App::Geneve(g) => geneve::write(cx, d, g),
        App::Mpls => {
            encap::write_inner(cx, d);
        }
        App::BcmLi(b) => bcm_li::write(cx, d, b),
        _ => return false,
    }
    true
}

/// What a tunnel carries (`d` is a view of the inner level, see
/// `decode::encap`): an Ethernet frame, or a network-layer packet the
/// tunnel header named; false when nothing decoded the latter.
pub(super) fn tunnel_payload(cx: &mut Cx<'_>, d: &Decoded<'_>) -> bool {
    match d.link {
        Link::Ethernet(e) => {
            ethernet::write(cx, d, &e);
            true
        }
        _ => ethertype_payload(cx, d),
    }
}

/// The application a TCP segment carries (chosen by port).
pub(super) fn tcp_payload(cx: &mut Cx<'_>, d: &Decoded<'_>) {
    match &d.app {
        App::Text(text) => {
            cx.s(": ");
            txtproto::write(cx, text);
        }
        App::Ssh(banner) => txtproto::write_ssh(cx, banner),
        App::Dns(m) => dns::write(cx, m),
        _ => {}
    }
}
