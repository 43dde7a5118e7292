//! UDP, as tcpdump's print-udp.c prints it.

use super::ipv4::{write_endpoints, write_pair};
use super::Cx;
use crate::decode::bytes::{checksum, cksum_shouldbe};
use crate::decode::ipv4::Ipv4;
use crate::decode::udp::{Form, Udp};
use crate::decode::{App, Decoded, Layer};

/// The well-known ports tcpdump hands to a printer of their own; netdecode
/// does not decode these yet, so their datagrams print as plain UDP.
pub(crate) fn write(cx: &mut Cx<'_>, d: &Decoded<'_>, ip: &Ipv4<'_>, u: &Udp<'_>) {
    match u.form {
        Form::NoPorts => {
            // udpipaddr_print without ports.
            write_pair(cx, ip);
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
    let fragmented = ip.header.more_fragments();
    if cx.o.verbose > 1 && cx.o.verify_checksums && !fragmented {
        if u.checksum == 0 {
            cx.s("[no cksum] ");
        } else if u.complete() {
            let len = u.payload_len() + 8;
            let seg = crate::decode::bytes::prefix(u.segment, len as usize);
            let sum = checksum(seg, ip.pseudo_header_sum(len));
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
    if !cx.o.quiet {
        if let App::Bootp(b) = &d.app {
            super::dhcp::write(cx, d, b);
            return;
        }
    }
    let ulen = u.ulen();
    let length = u.payload_len();
    if ulen > length && !fragmented {
        cx.f(format_args!("UDP, bad length {ulen} > {length}"));
    } else {
        cx.f(format_args!("UDP, length {ulen}"));
    }
}
