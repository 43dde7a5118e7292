//! IPv4. RFC 791 section 3.1; RFC 1071 (checksum).

use std::net::Ipv4Addr;

use nom::number::complete::be_u16;

use super::bytes::{checksum, ipv4_addr, ones_sum, prefix, suffix, u8 as byte, Res};
use super::error::{Layer, Stop};
use super::{icmp, tcp, udp, Decoded, Net, Transport};

mod field {
    pub const HEADER_LEN: usize = 20;
}

pub const PROTO_ICMP: u8 = 1;
pub const PROTO_TCP: u8 = 6;
pub const PROTO_UDP: u8 = 17;

/// Flag bits of the fragment field.
pub const FLAG_RESERVED: u16 = 0x8000;
pub const FLAG_DF: u16 = 0x4000;
pub const FLAG_MF: u16 = 0x2000;
pub const OFFSET_MASK: u16 = 0x1fff;

/// The fixed IPv4 header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    pub version: u8,
    /// Header length in bytes (IHL * 4).
    pub header_len: u8,
    pub tos: u8,
    pub total_len: u16,
    pub id: u16,
    /// Flags and fragment offset, as on the wire.
    pub frag: u16,
    pub ttl: u8,
    pub proto: u8,
    pub checksum: u16,
    pub src: Ipv4Addr,
    pub dst: Ipv4Addr,
}

impl Header {
    /// Fragment offset in bytes.
    pub fn frag_offset(&self) -> u32 {
        u32::from(self.frag & OFFSET_MASK) * 8
    }
    pub fn more_fragments(&self) -> bool {
        self.frag & FLAG_MF != 0
    }
    pub fn dont_fragment(&self) -> bool {
        self.frag & FLAG_DF != 0
    }
}

/// How far the header made sense, in the order tcpdump checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// The version nibble is not 4.
    BadVersion(u8),
    /// Fewer than 20 bytes were captured.
    Short,
    /// The link layer says fewer than 20 bytes were on the wire.
    TruncatedIp,
    /// IHL below 5.
    BadHeaderLen,
    /// Total length below the header length (and not 0, which means TSO).
    BadTotalLen,
    /// A usable header.
    Ok,
}

/// An IPv4 packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ipv4<'a> {
    pub form: Form,
    /// Valid unless `form` is `BadVersion` or `Short` (then zeroed but for
    /// the version).
    pub header: Header,
    /// On-wire bytes the link layer handed to IP.
    pub length: u32,
    /// The captured header bytes, options included (may be cut short).
    pub header_bytes: &'a [u8],
    /// The captured option bytes (may be cut short).
    pub options: &'a [u8],
    /// The captured payload, bounded by the total length.
    pub payload: &'a [u8],
    /// The payload length the header claims (total length minus header
    /// length; with a zero total length, what the link layer carried).
    pub payload_len: u32,
}

impl Ipv4<'_> {
    /// The whole header was captured.
    pub fn header_complete(&self) -> bool {
        self.header_bytes.len() >= usize::from(self.header.header_len)
    }

    /// The header checksum over the captured header, 0 when it verifies;
    /// `None` when the header was not captured whole.
    pub fn header_checksum(&self) -> Option<u16> {
        self.header_complete()
            .then(|| checksum(self.header_bytes, 0))
    }

    /// Bytes of total length not delivered by the link layer
    /// (tcpdump's "truncated-ip - N bytes missing!").
    pub fn missing(&self) -> u32 {
        u32::from(self.header.total_len).saturating_sub(self.length)
    }

    /// Sum of the TCP/UDP pseudo-header (RFC 793 section 3.1) for a
    /// transport segment of `len` bytes, to chain into [`checksum`].
    pub fn pseudo_header_sum(&self, len: u32) -> u32 {
        let s = u32::from(self.header.src);
        let d = u32::from(self.final_dst());
        let mut sum = (s >> 16) + (s & 0xffff) + (d >> 16) + (d & 0xffff);
        sum += u32::from(self.header.proto);
        sum += len & 0xffff;
        ones_sum(&[], sum)
    }

    /// The destination a source route will end at (the last address of an
    /// LSRR/SSRR option), else the header's destination. Checksums of the
    /// transport are computed against it, as RFC 791 requires.
    pub fn final_dst(&self) -> Ipv4Addr {
        for opt in options(self.options) {
            match opt {
                IpOption::Other { code, data } if code == OPT_LSRR || code == OPT_SSRR => {
                    if data.len() >= 5 {
                        let tail = suffix(data, data.len() - 4);
                        if let [a, b, c, d] = *tail {
                            return Ipv4Addr::new(a, b, c, d);
                        }
                    }
                    return self.header.dst;
                }
                IpOption::Bad { .. } => break,
                _ => {}
            }
        }
        self.header.dst
    }
}

pub const OPT_EOL: u8 = 0;
pub const OPT_NOP: u8 = 1;
pub const OPT_RR: u8 = 7;
pub const OPT_TS: u8 = 68;
pub const OPT_SECURITY: u8 = 130;
pub const OPT_LSRR: u8 = 131;
pub const OPT_SSRR: u8 = 137;
pub const OPT_RA: u8 = 148;

/// One IPv4 option, borrowed from the header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IpOption<'a> {
    Eol,
    Nop,
    /// Any other option: its code and the whole option (code and length
    /// bytes included), whose length was checked against the options area.
    Other {
        code: u8,
        data: &'a [u8],
    },
    /// An option whose length byte is below 2 or runs past the options
    /// area; iteration ends after it.
    Bad {
        code: u8,
        len: u8,
    },
    /// The options area was cut by the capture inside this option.
    Truncated {
        code: u8,
    },
}

/// Iterates over the options of an IPv4 header, as tcpdump's
/// `ip_optprint` walks them.
pub fn options(area: &[u8]) -> Options<'_> {
    Options {
        rest: area,
        done: false,
    }
}

pub struct Options<'a> {
    rest: &'a [u8],
    done: bool,
}

impl<'a> Iterator for Options<'a> {
    type Item = IpOption<'a>;
    fn next(&mut self) -> Option<IpOption<'a>> {
        if self.done {
            return None;
        }
        let code = *self.rest.first()?;
        match code {
            OPT_EOL => {
                self.done = true;
                Some(IpOption::Eol)
            }
            OPT_NOP => {
                self.rest = suffix(self.rest, 1);
                Some(IpOption::Nop)
            }
            _ => {
                let Some(&len) = self.rest.get(1) else {
                    self.done = true;
                    return Some(IpOption::Truncated { code });
                };
                if len < 2 {
                    self.done = true;
                    return Some(IpOption::Bad { code, len });
                }
                match self.rest.get(..usize::from(len)) {
                    Some(data) => {
                        self.rest = suffix(self.rest, usize::from(len));
                        Some(IpOption::Other { code, data })
                    }
                    None => {
                        self.done = true;
                        Some(IpOption::Bad { code, len })
                    }
                }
            }
        }
    }
}

fn fixed_header(i: &[u8]) -> Res<'_, Header> {
    let (i, vihl) = byte(i)?;
    let (i, tos) = byte(i)?;
    let (i, total_len) = be_u16(i)?;
    let (i, id) = be_u16(i)?;
    let (i, frag) = be_u16(i)?;
    let (i, ttl) = byte(i)?;
    let (i, proto) = byte(i)?;
    let (i, checksum) = be_u16(i)?;
    let (i, src) = ipv4_addr(i)?;
    let (i, dst) = ipv4_addr(i)?;
    Ok((
        i,
        Header {
            version: vihl >> 4,
            header_len: (vihl & 0x0f) * 4,
            tos,
            total_len,
            id,
            frag,
            ttl,
            proto,
            checksum,
            src,
            dst,
        },
    ))
}

/// Decodes an IPv4 packet at `off`; `length` is what the link layer says
/// was on the wire from here on.
pub fn decode<'a>(p: &'a [u8], length: u32, off: usize, d: &mut Decoded<'a>) {
    decode_with(p, length, off, d, icmp::decode);
}

/// Decodes the IPv4 datagram quoted in an ICMP error (tcpdump's nested
/// `ip_print`). As [`decode`], except that a quoted ICMP message's own
/// quote is not followed: `icmp.rs` walks nested quotes itself, to a fixed
/// depth.
pub(crate) fn decode_quoted<'a>(p: &'a [u8], length: u32, off: usize, d: &mut Decoded<'a>) {
    decode_with(p, length, off, d, icmp::decode_quoted);
}

type IcmpDecoder = for<'b> fn(&'b [u8], u32, usize, &mut Decoded<'b>);

fn decode_with<'a>(
    p: &'a [u8],
    length: u32,
    off: usize,
    d: &mut Decoded<'a>,
    icmp_decode: IcmpDecoder,
) {
    let Some(&vihl) = p.first() else {
        d.stop = Some(Stop::truncated(Layer::Ip, off));
        return;
    };
    let mut ip = Ipv4 {
        form: Form::Ok,
        header: Header {
            version: vihl >> 4,
            header_len: (vihl & 0x0f) * 4,
            tos: 0,
            total_len: 0,
            id: 0,
            frag: 0,
            ttl: 0,
            proto: 0,
            checksum: 0,
            src: Ipv4Addr::UNSPECIFIED,
            dst: Ipv4Addr::UNSPECIFIED,
        },
        length,
        header_bytes: prefix(p, field::HEADER_LEN),
        options: &[],
        payload: &[],
        payload_len: 0,
    };
    if ip.header.version != 4 {
        ip.form = Form::BadVersion(ip.header.version);
        d.net = Net::Ipv4(ip);
        d.stop = Some(Stop::invalid(Layer::Ip, off));
        return;
    }
    let Ok((_, header)) = fixed_header(p) else {
        ip.form = Form::Short;
        d.net = Net::Ipv4(ip);
        d.stop = Some(Stop::truncated(Layer::Ip, off));
        return;
    };
    ip.header = header;
    let hlen = usize::from(header.header_len);
    ip.header_bytes = prefix(p, hlen.max(field::HEADER_LEN));
    let mut len = u32::from(header.total_len);
    ip.form = if length < field::HEADER_LEN as u32 {
        Form::TruncatedIp
    } else if hlen < field::HEADER_LEN {
        Form::BadHeaderLen
    } else if len < hlen as u32 && len != 0 {
        Form::BadTotalLen
    } else {
        Form::Ok
    };
    if ip.form != Form::Ok {
        d.net = Net::Ipv4(ip);
        d.stop = Some(Stop::invalid(Layer::Ip, off));
        return;
    }
    if len == 0 {
        // A zero total length is what TCP segmentation offload leaves in
        // captures of outgoing packets: trust the link layer (tcpdump's
        // GUESS_TSO).
        len = length;
    }
    // Inner layers see no more than the total length and what was
    // captured.
    let bounded = prefix(p, len as usize);
    ip.options = prefix(suffix(bounded, field::HEADER_LEN), hlen - field::HEADER_LEN);
    ip.payload = suffix(bounded, hlen);
    ip.payload_len = len.saturating_sub(hlen as u32);
    d.net = Net::Ipv4(ip);
    if bounded.len() < hlen {
        d.stop = Some(Stop::truncated(Layer::Ip, off));
        return;
    }
    let inner_off = off + hlen;
    if header.frag & OFFSET_MASK != 0 {
        d.transport = Transport::Other {
            proto: header.proto,
            payload: ip.payload,
        };
        return;
    }
    match header.proto {
        PROTO_TCP => tcp::decode(ip.payload, ip.payload_len, inner_off, d),
        PROTO_UDP => udp::decode(ip.payload, ip.payload_len, inner_off, d),
        PROTO_ICMP => icmp_decode(ip.payload, ip.payload_len, inner_off, d),
        proto => {
            d.transport = Transport::Other {
                proto,
                payload: ip.payload,
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::super::{decode as decode_frame, LinkType};
    use super::*;

    #[rustfmt::skip]
    static PACKET: [u8; 28] = [
        0x45, 0x00, 0x00, 0x1c, // v4, ihl 5, tos 0, total length 28
        0x12, 0x34, 0x40, 0x00, // id 0x1234, DF
        0x40, 0x63, 0x00, 0x00, // ttl 64, proto 99, checksum (filled below)
        10, 0, 0, 1,            // src
        10, 0, 0, 2,            // dst
        1, 2, 3, 4, 5, 6, 7, 8, // payload
    ];

    fn packet() -> [u8; 28] {
        let mut p = PACKET;
        let c = checksum(&p[..20], 0);
        p[10..12].copy_from_slice(&c.to_be_bytes());
        p
    }

    #[test]
    fn parses_header_and_bounds_payload() {
        let mut framed = packet().to_vec();
        framed.extend_from_slice(&[0xee; 6]); // link-layer trailer
        let d = decode_frame(LinkType::RAW, &framed, framed.len() as u32);
        let Net::Ipv4(ip) = d.net else {
            panic!("not ipv4")
        };
        assert_eq!(ip.form, Form::Ok);
        assert_eq!(ip.header.src, Ipv4Addr::new(10, 0, 0, 1));
        assert_eq!(ip.header.proto, 99);
        assert!(ip.header.dont_fragment());
        assert_eq!(ip.payload, &[1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(ip.header_checksum(), Some(0));
        assert!(matches!(d.transport, Transport::Other { proto: 99, .. }));
    }

    #[test]
    fn bad_forms() {
        let mut p = packet();
        p[0] = 0x44;
        let d = decode_frame(LinkType::RAW, &p, 28);
        let Net::Ipv4(ip) = d.net else { panic!() };
        assert_eq!(ip.form, Form::BadHeaderLen);
        let mut p = packet();
        p[2..4].copy_from_slice(&10u16.to_be_bytes());
        let d = decode_frame(LinkType::RAW, &p, 28);
        let Net::Ipv4(ip) = d.net else { panic!() };
        assert_eq!(ip.form, Form::BadTotalLen);
        let mut p = packet();
        p[0] = 0x65;
        let frame = [[0u8; 12].as_slice(), &[8, 0], &p].concat();
        let d = decode_frame(LinkType::ETHERNET, &frame, 42);
        let Net::Ipv4(ip) = d.net else { panic!() };
        assert_eq!(ip.form, Form::BadVersion(6));
    }

    #[test]
    fn every_truncation() {
        let p = packet();
        for n in 0..p.len() {
            let d = decode_frame(LinkType::RAW, &p[..n], 28);
            if n < 20 {
                assert_eq!(d.stop, Some(Stop::truncated(Layer::Ip, 0)), "len {n}");
            } else {
                assert_eq!(d.stop, None, "len {n}");
            }
        }
    }

    #[test]
    fn option_walk_stops_on_bad_length() {
        let area = [OPT_NOP, OPT_RR, 7, 4, 0, 0, 0, 0, 0x99, 1];
        let v: Vec<_> = options(&area).collect();
        assert_eq!(v[0], IpOption::Nop);
        assert!(matches!(v[1], IpOption::Other { code: OPT_RR, .. }));
        assert_eq!(v[2], IpOption::Bad { code: 0x99, len: 1 });
        assert_eq!(v.len(), 3);
    }
}
