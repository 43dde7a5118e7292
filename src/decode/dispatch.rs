//! Which decoder follows which: one table per demultiplexing key (link
//! type, ethertype, SNAP code, IP protocol, UDP port, TCP port), each in
//! tcpdump's order. A decoder hands its payload to a function here and
//! never calls the next protocol's decoder itself, so decode/ has no
//! import circles. Adding a protocol is one line in one of these tables.

use super::error::{Layer, Stop};
use super::ethernet::{ETHERTYPE_ARP, ETHERTYPE_IPV4, ETHERTYPE_IPV6, ETHERTYPE_RARP};
use super::ipv4::{
    PROTO_ETHERNET, PROTO_GRE, PROTO_ICMP, PROTO_IPIP, PROTO_IPV6, PROTO_TCP, PROTO_UDP,
};
use super::ipv6::NH_ICMPV6;
use super::llc::{LlcBody, Snap};
use super::stp::Stp;
use super::udp::{Udp, PORT_BOOTPC, PORT_BOOTPS, PORT_NTP, PORT_SYSLOG};
use super::{
    arp, atm, dhcp, dhcp6, dns, encap, ethernet, geneve, gre, icmp, icmp6, igmp, ipv4, ipv6,
};
use super::{
    bcm_li, cdp, dtp, link, llc, lldp, loopback, mpls, nsh, ntp, syslog, udld, vtp, vxlan,
};
use super::{tcp, txtproto, udp, vrrp, App, Decoded, Link, LinkType, Net, Transport};

/// The link-type table: decodes a frame by its libpcap link type.
/// `length` is the frame's length on the wire.
pub fn link_type<'a>(linktype: LinkType, frame: &'a [u8], length: u32, d: &mut Decoded<'a>) {
    match linktype {
        LinkType::ETHERNET => ethernet::decode(frame, length, d),
        LinkType::LINUX_SLL => link::decode_sll(frame, length, d),
        LinkType::LINUX_SLL2 => link::decode_sll2(frame, length, d),
        LinkType::ATM_RFC1483 => atm::decode(frame, length, d),
        LinkType::NULL | LinkType::LOOP => link::decode_null(frame, length, d),
        LinkType::RAW
        | LinkType::RAW_OPENBSD
        | LinkType::LINKTYPE_RAW
        | LinkType::IPV4
        | LinkType::IPV6 => {
            d.link = Link::Raw;
            link::decode_raw_ip(frame, length, d);
        }
        LinkType(other) => d.link = Link::Unsupported(other),
    }
}

/// The ethertype table: hands the payload of an ethertype-carrying link
/// layer (Ethernet, a VLAN tag, SNAP, a cooked header) to its decoder.
/// `length` is the on-wire length of `p`, `off` its offset in the frame.
pub fn ethertype<'a>(ethertype: u16, p: &'a [u8], length: u32, off: usize, d: &mut Decoded<'a>) {
    match ethertype {
        ETHERTYPE_IPV4 => ipv4::decode(p, length, off, d),
        ETHERTYPE_IPV6 => ipv6::decode(p, length, off, d),
        ETHERTYPE_ARP | ETHERTYPE_RARP => arp::decode(p, length, off, d),
        lldp::ETHERTYPE_LLDP => lldp::decode_into(p, length, off, d),
        loopback::ETHERTYPE_LOOPBACK => {
            let l = loopback::decode(p, length);
            if !l.complete() {
                d.stop = Some(Stop::truncated(Layer::Loopback, off + l.bytes.len()));
            }
            d.net = Net::Loopback(l);
        }
        mpls::ETHERTYPE_UNICAST | mpls::ETHERTYPE_MULTICAST => mpls::decode(p, length, off, d),
        nsh::ETHERTYPE => nsh::decode(p, length, off, d),
        _ => {
            d.net = Net::Unknown {
                ethertype,
                payload: p,
            }
        }
    }
}

/// The SNAP table (tcpdump's `snap_print`): what an LLC/SNAP header's
/// organisation code and protocol id carry. `p` is what follows the SNAP
/// header, `length` its on-wire length, `off` its offset in the frame.
/// `None` when the payload went to a network-layer decoder (an ethertype
/// under RFC 1042 or Cisco's bridged encapsulation); otherwise the LLC
/// frame's body.
pub(crate) fn snap<'a>(
    snap: Snap,
    p: &'a [u8],
    length: u32,
    off: usize,
    d: &mut Decoded<'a>,
) -> Option<LlcBody<'a>> {
    let Snap { oui, pid } = snap;
    match (oui, pid) {
        (llc::OUI_ENCAP_ETHER | llc::OUI_CISCO_90, t) if ethernet::is_decoded_ethertype(t) => {
            ethertype(t, p, length, off, d);
            None
        }
        (llc::OUI_CISCO, cdp::PID_CDP) => {
            let c = cdp::decode(p, length);
            d.stop = c.problem().map(|(kind, at)| Stop {
                layer: Layer::Cdp,
                offset: off + at,
                kind,
            });
            Some(LlcBody::Cdp(c))
        }
        (llc::OUI_CISCO, udld::PID_UDLD) => {
            let m = udld::decode(p, length);
            if !m.complete() {
                d.stop = Some(Stop::truncated(Layer::Udld, off + m.bytes.len()));
            }
            Some(LlcBody::Udld(m))
        }
        (llc::OUI_CISCO, vtp::PID_VTP) => {
            let m = vtp::decode(p, length);
            if !m.complete() {
                d.stop = Some(Stop::truncated(Layer::Vtp, off + m.bytes.len()));
            }
            Some(LlcBody::Vtp(m))
        }
        (llc::OUI_CISCO, dtp::PID_DTP) => {
            let m = dtp::decode(p, length);
            if m.truncated() {
                d.stop = Some(Stop::truncated(Layer::Dtp, off + m.bytes.len()));
            }
            Some(LlcBody::Dtp(m))
        }
        (llc::OUI_CISCO, llc::PID_CISCO_PVST | llc::PID_CISCO_VLANBRIDGE)
        | (llc::OUI_RFC2684, llc::PID_RFC2684_BPDU) => Some(LlcBody::Stp(Stp { bytes: p, length })),
        _ => Some(LlcBody::Snap(p)),
    }
}

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
        // IGMP over IPv6 is left to the printer ("requires IPv4").
        (igmp::PROTO, IpCarrier::Ipv4 | IpCarrier::Ipv4Quoted) => igmp::decode(p, length, off, d),
        (vrrp::PROTO, _) => vrrp::decode(p, length, off, d),
        // Tunnels, followed unless inside an ICMP error's quote.
        (PROTO_GRE, _) if d.encap.follows() => gre::decode(p, length, off, d),
        (PROTO_IPIP | PROTO_IPV6, _) | (PROTO_ETHERNET, IpCarrier::Ipv6) if d.encap.follows() => {
            encap::ip_in_ip(proto, p, length, off, d)
        }
        (proto, _) => d.transport = Transport::Other { proto, payload: p },
    }
}

/// Which of the application printers netdecode decodes tcpdump's
/// `udp_print` picks for a port pair. tcpdump tries its printers in a fixed
/// order, so a port it knows (decoded here or not) can hide another: a
/// datagram from port 53 to port 123 is DNS, not NTP.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PortPrinter {
    Dns(dns::Carrier),
    Bootp,
    Ntp,
    Syslog,
    Dhcp6,
    Vxlan,
    Geneve,
    VxlanGpe,
    Mpls,
    BcmLi,
    /// A printer netdecode does not have, or none.
    Other,
}

/// tcpdump 4.99.3's `udp_print` port chain, as far as the last printer
/// netdecode decodes (MPLS).
pub fn udp_port(sport: u16, dport: u16) -> PortPrinter {
    let either = |ports: &[u16]| ports.iter().any(|&p| p == sport || p == dport);
    if either(&[dns::PORT]) {
        PortPrinter::Dns(dns::Carrier::Udp)
    } else if either(&[dns::MDNS_PORT]) {
        PortPrinter::Dns(dns::Carrier::Mdns)
    } else if either(&[525, 69]) {
        PortPrinter::Other
    } else if either(&[PORT_BOOTPC, PORT_BOOTPS]) {
        PortPrinter::Bootp
    } else if either(&[520, 654, 500, 4500, 7500, 8500, 161, 162]) {
        PortPrinter::Other
    } else if either(&[PORT_NTP]) {
        PortPrinter::Ntp
    } else if either(&[88, 750, 1701, 137, 138, 2103, 2104])
        || dport == 3456
        || (7000..=7009).contains(&sport)
        || (7000..=7009).contains(&dport)
        || either(&[521])
    {
        PortPrinter::Other
    } else if either(&[dhcp6::PORT_CLIENT, dhcp6::PORT_SERVER]) {
        PortPrinter::Dhcp6
    } else if either(&[5359, 6696, 6697, 8231])
        || dport == 4567
        || either(&[496, 1645, 1812, 1646, 1813, 1700, 3799])
        || dport == 1985
        || either(&[921, 646, 698, 3503])
    {
        PortPrinter::Other
    } else if sport == bcm_li::PORT {
        PortPrinter::BcmLi
    } else if [3784, 4784, 6784, 3785].contains(&dport)
        || either(&[701, 1589, 6343, 12223, 12222, 5060])
    {
        PortPrinter::Other
    } else if either(&[PORT_SYSLOG]) {
        PortPrinter::Syslog
    } else if either(&[8472]) {
        // OTV
        PortPrinter::Other
    } else if either(&[vxlan::PORT]) {
        PortPrinter::Vxlan
    } else if either(&[geneve::PORT]) {
        PortPrinter::Geneve
    } else if either(&[4342]) {
        // LISP control
        PortPrinter::Other
    } else if either(&[vxlan::GPE_PORT]) {
        PortPrinter::VxlanGpe
    } else if either(&[17754]) {
        // ZEP
        PortPrinter::Other
    } else if either(&[mpls::PORT]) {
        PortPrinter::Mpls
    } else {
        PortPrinter::Other
    }
}

/// Decodes a UDP datagram's payload (`msg`, at `off` in the frame) with
/// the application decoder [`udp_port`] picks.
pub(crate) fn udp_payload<'a>(u: &Udp<'a>, msg: &'a [u8], off: usize, d: &mut Decoded<'a>) {
    match udp_port(u.src_port, u.dst_port) {
        // Like BOOTP, DNS reads up to the end of the captured IP datagram.
        PortPrinter::Dns(carrier) => d.app = App::Dns(dns::decode(msg, u.payload_len(), carrier)),
        PortPrinter::Bootp => {
            // Like tcpdump, BOOTP reads up to the end of the captured IP
            // datagram; its claimed length is the UDP one.
            d.app = App::Bootp(dhcp::decode(msg, u.payload_len(), off, d));
        }
        // So do these (tcpdump bounds them by the IP datagram only).
        PortPrinter::Ntp => d.app = App::Ntp(ntp::decode(msg, u.payload_len())),
        PortPrinter::Syslog => d.app = App::Syslog(syslog::decode(msg, u.payload_len())),
        PortPrinter::Dhcp6 => d.app = App::Dhcp6(dhcp6::decode(msg, u.payload_len())),
        // Tunnels: not inside an ICMP error's quote.
        _ if !d.encap.follows() => {}
        PortPrinter::Vxlan => vxlan::decode(msg, u.payload_len(), off, *u, d),
        PortPrinter::Geneve => geneve::decode(msg, u.payload_len(), off, *u, d),
        PortPrinter::VxlanGpe => vxlan::decode_gpe(msg, u.payload_len(), off, *u, d),
        PortPrinter::Mpls => mpls::decode_udp(msg, u.payload_len(), off, *u, d),
        PortPrinter::BcmLi => bcm_li::decode(msg, u.payload_len(), off, *u, d),
        PortPrinter::Other => {}
    }
}

/// The application protocol tcpdump picks for a segment by its ports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PortProto {
    Telnet,
    Smtp,
    Whois,
    Bgp,
    Pptp,
    Redis,
    Ssh,
    NetbiosSsn,
    Smb,
    Beep,
    OpenFlow,
    Ftp,
    Http,
    Rtsp,
    Domain,
    Msdp,
    RpkiRtr,
    Ldp,
    Nfs,
}

/// The first protocol in tcpdump's order whose port either side uses.
pub fn tcp_port(sport: u16, dport: u16) -> Option<PortProto> {
    use PortProto as P;
    const ORDER: [(&[u16], PortProto); 19] = [
        (&[tcp::port::TELNET], P::Telnet),
        (&[tcp::port::SMTP], P::Smtp),
        (&[tcp::port::WHOIS], P::Whois),
        (&[tcp::port::BGP], P::Bgp),
        (&[tcp::port::PPTP], P::Pptp),
        (&[tcp::port::REDIS], P::Redis),
        (&[tcp::port::SSH], P::Ssh),
        (&[tcp::port::NETBIOS_SSN], P::NetbiosSsn),
        (&[tcp::port::SMB], P::Smb),
        (&[tcp::port::BEEP], P::Beep),
        (&[tcp::port::OPENFLOW_OLD, tcp::port::OPENFLOW], P::OpenFlow),
        (&[tcp::port::FTP], P::Ftp),
        (&[tcp::port::HTTP, tcp::port::HTTP_ALT], P::Http),
        (&[tcp::port::RTSP, tcp::port::RTSP_ALT], P::Rtsp),
        (&[tcp::port::DOMAIN], P::Domain),
        (&[tcp::port::MSDP], P::Msdp),
        (&[tcp::port::RPKI_RTR], P::RpkiRtr),
        (&[tcp::port::LDP], P::Ldp),
        (&[tcp::port::NFS], P::Nfs),
    ];
    ORDER
        .iter()
        .find(|(ports, _)| ports.iter().any(|&p| p == sport || p == dport))
        .map(|&(_, proto)| proto)
}

/// Decodes a TCP segment's payload with the application decoder
/// [`tcp_port`] picks (for the protocols netdecode decodes).
pub(crate) fn tcp_payload<'a>(t: &tcp::Tcp<'a>, payload_len: u32, d: &mut Decoded<'a>) {
    let text = |proto| {
        App::Text(txtproto::Text::new(
            proto,
            t.payload,
            payload_len,
            txtproto::kind_of(proto),
        ))
    };
    d.app = match tcp_port(t.header.src_port, t.header.dst_port) {
        Some(PortProto::Http) => text(txtproto::Proto::Http),
        Some(PortProto::Ftp) => text(txtproto::Proto::Ftp),
        Some(PortProto::Smtp) => text(txtproto::Proto::Smtp),
        Some(PortProto::Rtsp) => text(txtproto::Proto::Rtsp),
        Some(PortProto::Whois) => text(txtproto::Proto::Whois),
        Some(PortProto::Ssh) => App::Ssh(txtproto::SshBanner::new(t.payload, payload_len)),
        Some(PortProto::Domain) => App::Dns(dns::decode(t.payload, payload_len, dns::Carrier::Tcp)),
        _ => App::None,
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bcm_li_takes_its_place_in_the_udp_chain() {
        let p = bcm_li::PORT;
        // Only as the source port.
        assert_eq!(udp_port(p, 5555), PortPrinter::BcmLi);
        assert_eq!(udp_port(5555, p), PortPrinter::Other);
        // Printers before it win (DNS, mDNS, NTP, DHCPv6, OLSR, LSP-ping).
        assert_eq!(udp_port(p, 53), PortPrinter::Dns(dns::Carrier::Udp));
        assert_eq!(udp_port(p, 5353), PortPrinter::Dns(dns::Carrier::Mdns));
        assert_eq!(udp_port(p, PORT_NTP), PortPrinter::Ntp);
        assert_eq!(udp_port(p, dhcp6::PORT_SERVER), PortPrinter::Dhcp6);
        assert_eq!(udp_port(p, 698), PortPrinter::Other);
        assert_eq!(udp_port(p, 3503), PortPrinter::Other);
        // It wins over those after it (BFD, syslog, VXLAN, Geneve, MPLS).
        for dport in [3784, PORT_SYSLOG, vxlan::PORT, geneve::PORT, mpls::PORT] {
            assert_eq!(udp_port(p, dport), PortPrinter::BcmLi, "dport {dport}");
        }
    }
}
