//! UDP. RFC 768.

use nom::number::complete::be_u16;

use super::bytes::{prefix, suffix, Res};
use super::error::{Layer, Stop};
use super::{dhcp, dhcp6, dns, geneve, ntp, syslog, vxlan, App, Decoded, Transport};

mod field {
    pub const HEADER_LEN: usize = 8;
}

pub const PORT_BOOTPS: u16 = 67;
pub const PORT_BOOTPC: u16 = 68;
pub const PORT_NTP: u16 = 123;
pub const PORT_SYSLOG: u16 = 514;

/// How far the header made sense, in the order tcpdump checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// Not even both ports were captured.
    NoPorts,
    /// The IP payload is shorter than a UDP header ("truncated-udp").
    ShortIpPayload,
    /// The ports were captured but not the length field.
    NoLength,
    /// The length field is below 8 ("truncated-udplength").
    BadLength,
    /// The checksum field was not captured.
    NoChecksum,
    /// A usable header.
    Ok,
}

/// A UDP datagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Udp<'a> {
    pub form: Form,
    pub src_port: u16,
    pub dst_port: u16,
    /// The length field (header included), as on the wire.
    pub length_field: u16,
    pub checksum: u16,
    /// The payload length the IP layer claims for the whole datagram.
    pub ip_len: u32,
    /// The captured datagram, header included, bounded by the IP payload.
    pub segment: &'a [u8],
    /// The captured payload, bounded by both length fields.
    pub payload: &'a [u8],
}

impl Udp<'_> {
    /// Payload length per the UDP length field (tcpdump's `ulen`).
    pub fn ulen(&self) -> u32 {
        self.total_len().saturating_sub(field::HEADER_LEN as u32)
    }
    /// The datagram's length: the length field, or for an IPv6 jumbogram
    /// (RFC 2675: a zero field and more than 65535 bytes) the IP layer's.
    pub fn total_len(&self) -> u32 {
        if self.length_field == 0 && self.ip_len > 65535 {
            self.ip_len
        } else {
            u32::from(self.length_field)
        }
    }
    /// Payload length per the IP layer, bounded by the UDP length field.
    pub fn payload_len(&self) -> u32 {
        self.ulen()
            .min(self.ip_len.saturating_sub(field::HEADER_LEN as u32))
    }
    /// The whole datagram (per the length fields) was captured.
    pub fn complete(&self) -> bool {
        self.segment.len() as u64 >= u64::from(self.payload_len()) + field::HEADER_LEN as u64
    }
}

fn ports(i: &[u8]) -> Res<'_, (u16, u16)> {
    let (i, s) = be_u16(i)?;
    let (i, d) = be_u16(i)?;
    Ok((i, (s, d)))
}

/// Decodes a UDP datagram at `off`; `length` is the IP payload length.
pub fn decode<'a>(p: &'a [u8], length: u32, off: usize, d: &mut Decoded<'a>) {
    let mut u = Udp {
        form: Form::NoPorts,
        src_port: 0,
        dst_port: 0,
        length_field: 0,
        checksum: 0,
        ip_len: length,
        segment: p,
        payload: &[],
    };
    let Ok((rest, (sport, dport))) = ports(p) else {
        d.transport = Transport::Udp(u);
        d.stop = Some(Stop::truncated(Layer::Udp, off));
        return;
    };
    u.src_port = sport;
    u.dst_port = dport;
    if length < field::HEADER_LEN as u32 {
        u.form = Form::ShortIpPayload;
        d.transport = Transport::Udp(u);
        d.stop = Some(Stop::invalid(Layer::Udp, off));
        return;
    }
    let Ok((rest, ulen)) = be_u16::<_, nom::error::Error<&[u8]>>(rest) else {
        u.form = Form::NoLength;
        d.transport = Transport::Udp(u);
        d.stop = Some(Stop::truncated(Layer::Udp, off));
        return;
    };
    u.length_field = ulen;
    if usize::from(ulen) < field::HEADER_LEN && !(ulen == 0 && length > 65535) {
        u.form = Form::BadLength;
        d.transport = Transport::Udp(u);
        d.stop = Some(Stop::invalid(Layer::Udp, off));
        return;
    }
    let Ok((_, sum)) = be_u16::<_, nom::error::Error<&[u8]>>(rest) else {
        u.form = Form::NoChecksum;
        d.transport = Transport::Udp(u);
        d.stop = Some(Stop::truncated(Layer::Udp, off));
        return;
    };
    u.checksum = sum;
    u.form = Form::Ok;
    u.payload = prefix(suffix(p, field::HEADER_LEN), u.payload_len() as usize);
    d.transport = Transport::Udp(u);
    let msg = suffix(p, field::HEADER_LEN);
    match port_printer(sport, dport) {
        // Like BOOTP, DNS reads up to the end of the captured IP datagram.
        PortPrinter::Dns(carrier) => d.app = App::Dns(dns::decode(msg, u.payload_len(), carrier)),
        PortPrinter::Bootp => {
            // Like tcpdump, BOOTP reads up to the end of the captured IP
            // datagram; its claimed length is the UDP one.
            d.app = App::Bootp(dhcp::decode(
                msg,
                u.payload_len(),
                off + field::HEADER_LEN,
                d,
            ));
        }
        // So do these (tcpdump bounds them by the IP datagram only).
        PortPrinter::Ntp => d.app = App::Ntp(ntp::decode(msg, u.payload_len())),
        PortPrinter::Syslog => d.app = App::Syslog(syslog::decode(msg, u.payload_len())),
        PortPrinter::Dhcp6 => d.app = App::Dhcp6(dhcp6::decode(msg, u.payload_len())),
        // Tunnels: not inside an ICMP error's quote.
        _ if !d.encap.follows() => {}
        PortPrinter::Vxlan => vxlan::decode(msg, u.payload_len(), off + field::HEADER_LEN, u, d),
        PortPrinter::Geneve => geneve::decode(msg, u.payload_len(), off + field::HEADER_LEN, u, d),
        PortPrinter::VxlanGpe => {
            vxlan::decode_gpe(msg, u.payload_len(), off + field::HEADER_LEN, u, d)
        }
        PortPrinter::Other => {}
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
    /// A printer netdecode does not have, or none.
    Other,
}

/// tcpdump 4.99.3's `udp_print` port chain, as far as the last printer
/// netdecode decodes (VXLAN-GPE).
pub fn port_printer(sport: u16, dport: u16) -> PortPrinter {
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
        || sport == 49152
        || [3784, 4784, 6784, 3785].contains(&dport)
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
    } else {
        PortPrinter::Other
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::super::{decode as decode_frame, LinkType};
    use super::*;

    #[rustfmt::skip]
    static PACKET: [u8; 32] = [
        0x45, 0x00, 0x00, 0x20, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        0x30, 0x39, 0x00, 0x35, // ports 12345 -> 53
        0x00, 0x0c, 0x00, 0x00, // length 12, no checksum
        b'a', b'b', b'c', b'd',
    ];

    #[test]
    fn payload_bounded_by_length_field() {
        let d = decode_frame(LinkType::RAW, &PACKET, 32);
        let Transport::Udp(u) = d.transport else {
            panic!()
        };
        assert_eq!((u.src_port, u.dst_port), (12345, 53));
        assert_eq!(u.payload, b"abcd");
        assert_eq!(u.ulen(), 4);
        assert!(u.complete());
    }

    #[test]
    fn every_truncation() {
        for n in 20..PACKET.len() {
            let d = decode_frame(LinkType::RAW, &PACKET[..n], 32);
            let Transport::Udp(u) = d.transport else {
                panic!()
            };
            let expect = match n {
                20..=23 => Form::NoPorts,
                24..=25 => Form::NoLength,
                26..=27 => Form::NoChecksum,
                _ => Form::Ok,
            };
            assert_eq!(u.form, expect, "len {n}");
        }
    }
}
