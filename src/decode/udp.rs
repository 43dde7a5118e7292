//! UDP. RFC 768.

use nom::number::complete::be_u16;

use super::bytes::{checksum, prefix, suffix, Res};
use super::dispatch;
use super::error::{Layer, Stop};
use super::{Decoded, Transport};

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
    /// The Internet checksum over the datagram (header and payload, per
    /// the length fields) chained onto the pseudo-header sum `ip` gives:
    /// 0 when the checksum field is right.
    pub fn checksum_over(&self, ip: &super::IpView) -> u16 {
        let len = self.payload_len() + field::HEADER_LEN as u32;
        checksum(prefix(self.segment, len as usize), ip.pseudo_sum(17, len))
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
    dispatch::udp_payload(&u, suffix(p, field::HEADER_LEN), off + field::HEADER_LEN, d);
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
