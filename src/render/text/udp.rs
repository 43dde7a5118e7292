//! UDP, as tcpdump's print-udp.c prints it.
//!
//! Without -q, tcpdump hands the payload of these ports (source or
//! destination unless noted) to printers of their own instead of printing
//! `UDP, length N`: 53 domain, 5353 mDNS, 525 timed, 69 TFTP, 67/68 BOOTP,
//! 520 RIP, 654 AODV, 500 ISAKMP, 4500 ISAKMP NAT-T, 7500/8500 ISAKMP,
//! 161/162 SNMP, 123 NTP, 88/750 Kerberos, 1701 L2TP, destination 3456
//! VAT, 2103/2104 Zephyr, 7000-7009 Rx (AFS), 521 RIPng, 546/547 DHCPv6,
//! 5359 AHCP, 6696/6697 Babel, 8231 HNCP, destination 4567 whiteboard,
//! 496 Cisco Auto-RP, 1645/1812/1646/1813/1700/3799 RADIUS, destination
//! 1985 HSRP, 921 lwres, 646 LDP, 698 OLSR, 3503 MPLS LSP ping, source
//! 49152 BCM LI, destination 3784/4784/6784/3785 BFD, 701 LMP, 1589 VQP,
//! 6343 sFlow, 12222/12223 LWAPP, 5060 SIP, 514 syslog, 8472 OTV, 4789
//! VXLAN, 6081 Geneve, 4342 LISP, 4790 VXLAN-GPE, 17754 ZEP, 6635 MPLS,
//! 319/320 PTP, 30490 SOME/IP, AppleTalk (LAP) on the KIP ports, and NFS
//! requests to or replies from 2049 (by their RPC direction).
//!
//! netdecode decodes BOOTP/DHCP, NTP, DHCPv6 and syslog of these; datagrams on the other ports
//! print as `UDP, length N`, which differs from tcpdump's output for them.

use super::fmt::{write_addr, write_port};
use super::{dispatch, Cx};
use crate::decode::bytes::cksum_shouldbe;
use crate::decode::udp::{Form, Udp};
use crate::decode::{Decoded, IpView, Layer};

/// tcpdump's `udpipaddr_print`: `src.sport > dst.dport: `, or only the
/// ports after IPv6 extension headers.
fn write_endpoints(cx: &mut Cx<'_>, ip: &IpView, sport: u16, dport: u16) {
    let (sport, dport) = (cx.udp_port(sport), cx.udp_port(dport));
    if ip.direct {
        write_addr(cx, ip.src);
        write_port(cx, ".", sport);
        cx.s(" > ");
        write_addr(cx, ip.dst);
        write_port(cx, ".", dport);
    } else {
        write_port(cx, "", sport);
        cx.s(" > ");
        write_port(cx, "", dport);
    }
    cx.s(": ");
}

/// tcpdump's `udp_print`.
pub(crate) fn write(cx: &mut Cx<'_>, d: &Decoded<'_>, ip: &IpView, u: &Udp<'_>) {
    match u.form {
        Form::NoPorts => {
            // udpipaddr_print without ports.
            if ip.direct {
                write_addr(cx, ip.src);
                cx.s(" > ");
                write_addr(cx, ip.dst);
                cx.s(": ");
            }
            cx.trunc(Layer::Udp);
            return;
        }
        Form::ShortIpPayload => {
            write_endpoints(cx, ip, u.src_port, u.dst_port);
            cx.f(format_args!("truncated-udp {}", u.ip_len));
            return;
        }
        Form::NoLength | Form::NoChecksum => {
            write_endpoints(cx, ip, u.src_port, u.dst_port);
            cx.trunc(Layer::Udp);
            return;
        }
        Form::BadLength => {
            write_endpoints(cx, ip, u.src_port, u.dst_port);
            cx.f(format_args!("truncated-udplength {}", u.length_field));
            return;
        }
        Form::Ok => {}
    }
    write_endpoints(cx, ip, u.src_port, u.dst_port);
    let fragmented = ip.fragmented;
    let check = if ip.v6 {
        cx.o.verbose > 0
    } else {
        cx.o.verbose > 1
    };
    if check && cx.o.verify_checksums && !fragmented {
        if u.checksum == 0 && !ip.v6 {
            cx.s("[no cksum] ");
        } else if u.complete() {
            let sum = u.checksum_over(ip);
            if sum != 0 {
                cx.f(format_args!(
                    "[bad udp cksum 0x{:04x} -> 0x{:04x}!] ",
                    u.checksum,
                    cksum_shouldbe(u.checksum, sum)
                ));
            } else {
                cx.s("[udp sum ok] ");
            }
        }
    }
    if !cx.o.quiet && dispatch::udp_payload(cx, d) {
        return;
    }
    let ulen = u.ulen();
    let length = u.payload_len();
    if ulen > length && !fragmented {
        cx.f(format_args!("UDP, bad length {ulen} > {length}"));
    } else {
        cx.su("UDP, length ", ulen);
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::super::ethernet::tests::{eth, eth_text, text};
    use crate::decode::bytes::checksum;

    /// An IPv4 packet from 10.0.0.1 to 10.0.0.2 carrying `udp` (a UDP
    /// datagram as bytes), its header checksum right.
    fn ip(udp: &[u8]) -> Vec<u8> {
        #[rustfmt::skip]
        let mut p = vec![
            0x45, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
            64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        ];
        p[2..4].copy_from_slice(&(20 + udp.len() as u16).to_be_bytes());
        let sum = checksum(&p, 0);
        p[10..12].copy_from_slice(&sum.to_be_bytes());
        p.extend_from_slice(udp);
        p
    }

    #[rustfmt::skip]
    const DATAGRAM: [u8; 12] = [
        0x30, 0x39, 0x00, 0x36, // 12345 -> 54
        0x00, 0x0c, 0xf6, 0x9d, // length 12, right checksum
        b'a', b'b', b'c', b'd',
    ];
    const ADDRS: &str = "10.0.0.1.12345 > 10.0.0.2.54:";
    const V_HEAD: &str = "IP (tos 0x0, ttl 64, id 1, offset 0, flags [none], proto UDP (17), \
                          length 32)\n    ";

    #[test]
    fn plain_and_quiet() {
        let p = ip(&DATAGRAM);
        assert_eq!(
            eth_text(0x0800, &p, ""),
            format!("IP {ADDRS} UDP, length 4")
        );
        assert_eq!(
            eth_text(0x0800, &p, "-q"),
            format!("IP {ADDRS} UDP, length 4")
        );
    }

    #[test]
    fn checksums_with_vv() {
        let p = ip(&DATAGRAM);
        assert_eq!(
            eth_text(0x0800, &p, "-vv"),
            format!("{V_HEAD}{ADDRS} [udp sum ok] UDP, length 4")
        );
        // Only -vv checks; -K turns it off.
        assert_eq!(
            eth_text(0x0800, &p, "-v"),
            format!("{V_HEAD}{ADDRS} UDP, length 4")
        );
        assert_eq!(
            eth_text(0x0800, &p, "-vv -K"),
            format!("{V_HEAD}{ADDRS} UDP, length 4")
        );
        let mut bad = DATAGRAM;
        bad[6..8].copy_from_slice(&[0x12, 0x34]);
        let p = ip(&bad);
        assert_eq!(
            eth_text(0x0800, &p, "-vv"),
            format!("{V_HEAD}{ADDRS} [bad udp cksum 0x1234 -> 0xf69d!] UDP, length 4")
        );
        // Not checked when the datagram was not captured whole.
        let f = eth(0x0800, &p);
        assert_eq!(
            text(1, &f[..44], 46, "-vv"),
            format!("{V_HEAD}{ADDRS} UDP, length 4")
        );
        let mut none = DATAGRAM;
        none[6..8].copy_from_slice(&[0, 0]);
        assert_eq!(
            eth_text(0x0800, &ip(&none), "-vv"),
            format!("{V_HEAD}{ADDRS} [no cksum] UDP, length 4")
        );
    }

    #[test]
    fn length_errors() {
        // The IP payload holds less than the UDP length says.
        assert_eq!(
            eth_text(0x0800, &ip(&DATAGRAM[..8]), ""),
            format!("IP {ADDRS} UDP, bad length 4 > 0")
        );
        let mut short = DATAGRAM;
        short[4..6].copy_from_slice(&[0, 7]);
        assert_eq!(
            eth_text(0x0800, &ip(&short), ""),
            format!("IP {ADDRS} truncated-udplength 7")
        );
        assert_eq!(
            eth_text(0x0800, &ip(&DATAGRAM[..6]), ""),
            format!("IP {ADDRS} truncated-udp 6")
        );
    }

    #[test]
    fn every_truncation() {
        let f = eth(0x0800, &ip(&DATAGRAM));
        for n in 34..f.len() {
            let want = match n - 34 {
                0..=3 => "IP 10.0.0.1 > 10.0.0.2:  [|udp]".to_string(),
                4..=7 => format!("IP {ADDRS}  [|udp]"),
                _ => format!("IP {ADDRS} UDP, length 4"),
            };
            assert_eq!(text(1, &f[..n], 46, ""), want, "{n} bytes");
        }
    }

    #[test]
    fn fragments() {
        let mut p = ip(&DATAGRAM);
        p[6] = 0x20; // more fragments
        let sum = checksum(&[&p[..10], &[0, 0], &p[12..20]].concat(), 0);
        p[10..12].copy_from_slice(&sum.to_be_bytes());
        // No checksum check and no bad-length complaint for a fragment.
        assert_eq!(
            eth_text(0x0800, &p, "-vv"),
            format!(
                "IP (tos 0x0, ttl 64, id 1, offset 0, flags [+], proto UDP (17), length 32)\
                 \n    {ADDRS} UDP, length 4"
            )
        );
        p[2..4].copy_from_slice(&[0, 28]);
        assert_eq!(
            eth_text(0x0800, &p[..28], ""),
            format!("IP {ADDRS} UDP, length 4")
        );
    }
}
