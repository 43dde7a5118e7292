//! IPv4. RFC 791 section 3.1; RFC 1071 (checksum).

use std::net::Ipv4Addr;

use nom::number::complete::be_u16;

use super::bytes::{
    be16_at, be32_at, checksum, ipv4_addr, ones_sum, prefix, suffix, u8 as byte, Res,
};
use super::dispatch::{self, IpCarrier};
use super::error::{Layer, Stop};
use super::{Decoded, Net, Transport};

mod field {
    pub const HEADER_LEN: usize = 20;
}

pub const PROTO_ICMP: u8 = 1;
pub const PROTO_IPIP: u8 = 4;
pub const PROTO_TCP: u8 = 6;
pub const PROTO_UDP: u8 = 17;
pub const PROTO_DCCP: u8 = 33;
pub const PROTO_IPV6: u8 = 41;
pub const PROTO_GRE: u8 = 47;
pub const PROTO_ICMPV6: u8 = 58;
pub const PROTO_NONE: u8 = 59;
pub const PROTO_ND: u8 = 77;
pub const PROTO_SCTP: u8 = 132;
pub const PROTO_ETHERNET: u8 = 143;

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
    /// Total length below the header length. (tcpdump 4.99.3 as Debian
    /// builds it has no GUESS_TSO, so a zero total length is this too.)
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
    /// The captured bytes from the options on, to the end of the captured
    /// datagram (what the option walk may read).
    pub options_tail: &'a [u8],
    /// The captured payload, bounded by the total length.
    pub payload: &'a [u8],
    /// The payload length the header claims (total length minus header
    /// length).
    pub payload_len: u32,
}

impl<'a> Ipv4<'a> {
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

    /// The destination a source route will end at (the last address of the
    /// first LSRR/SSRR option of at least 7 bytes), else the header's
    /// destination. Transport checksums are computed against it, as RFC 791
    /// requires and tcpdump's `ip_finddst` does.
    pub fn final_dst(&self) -> Ipv4Addr {
        for opt in self.options() {
            match opt {
                IpOption::Route(r) if r.code() != OPT_RR && r.data.len() >= 7 => {
                    if let Some(a) = super::bytes::be32_at(r.data, r.data.len() - 4) {
                        return Ipv4Addr::from(a);
                    }
                }
                IpOption::Eol
                | IpOption::BadLength { .. }
                | IpOption::Truncated { .. }
                | IpOption::Cut { .. } => break,
                _ => {}
            }
        }
        self.header.dst
    }

    /// The header's options, walked as tcpdump walks them.
    pub fn options(&self) -> Options<'a> {
        Options {
            rest: self.options_tail,
            length: usize::from(self.header.header_len).saturating_sub(field::HEADER_LEN),
            done: false,
        }
    }

    /// For IP-in-IP, the version nibble of the inner packet, if captured.
    pub fn inner_version(&self) -> Option<u8> {
        self.payload.first().map(|b| b >> 4)
    }
}

pub const OPT_EOL: u8 = 0;
pub const OPT_NOP: u8 = 1;
pub const OPT_RR: u8 = 7;
pub const OPT_TS: u8 = 68;
pub const OPT_TRACEROUTE: u8 = 82;
pub const OPT_SECURITY: u8 = 130;
pub const OPT_LSRR: u8 = 131;
pub const OPT_SSRR: u8 = 137;
pub const OPT_RA: u8 = 148;

/// One IPv4 option, borrowed from the header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IpOption<'a> {
    /// End of the option list; the walk stops.
    Eol,
    Nop,
    /// Record route, loose or strict source route (RFC 791).
    Route(Route<'a>),
    /// Internet timestamp (RFC 791).
    Timestamp(Timestamp<'a>),
    /// Router alert (RFC 2113).
    RouterAlert(RouterAlert),
    /// Any other option (security, traceroute, unknown), captured whole.
    Other {
        code: u8,
        /// The option, type and length bytes included.
        data: &'a [u8],
    },
    /// A length below 2 or beyond the options area; the walk stops.
    BadLength {
        code: u8,
        len: u8,
    },
    /// The capture ends before the option does; the walk stops.
    Truncated {
        code: u8,
    },
    /// The capture ends before the option's type (`code` is `None`) or
    /// length byte; the walk stops, and tcpdump abandons the packet.
    Cut {
        code: Option<u8>,
    },
}

impl IpOption<'_> {
    /// True when tcpdump's printer for this option runs out of captured
    /// bytes in its route or time stamp entries (which it reads from the
    /// option's start for the option's length, in 4- or 8-byte steps, so
    /// past the end of an option whose length is not a whole number of
    /// entries), and reports `[truncated-option]`.
    pub fn entries_cut(&self) -> bool {
        match self {
            IpOption::Route(r) => r.entries().any(|(_, a)| a.is_none()),
            IpOption::Timestamp(t) => t.entries().any(|(_, e)| e.is_none()),
            _ => false,
        }
    }
}

/// A record route (RR), loose (LSRR) or strict (SSRR) source route option
/// (RFC 791 section 3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Route<'a> {
    /// The option, type and length bytes included.
    data: &'a [u8],
    /// The captured bytes from the option's start to the end of the
    /// captured datagram (tcpdump reads the last entry from here, past the
    /// option's end, when the length is not 3 plus a multiple of 4).
    tail: &'a [u8],
}

impl<'a> Route<'a> {
    /// [`OPT_RR`], [`OPT_LSRR`] or [`OPT_SSRR`].
    pub fn code(&self) -> u8 {
        self.data.first().copied().unwrap_or(0)
    }
    /// The length byte.
    pub fn length(&self) -> u8 {
        self.data.len() as u8
    }
    /// The pointer byte (1-based offset of the next free slot); `None`
    /// when the option is shorter than 3 bytes.
    pub fn pointer(&self) -> Option<u8> {
        self.data.get(2).copied()
    }
    /// The length is not 3 plus a whole number of addresses.
    pub fn odd_length(&self) -> bool {
        (u32::from(self.length()) + 1) & 3 != 0
    }
    /// The addresses as tcpdump's `ip_printroute` reads them: 4 bytes
    /// apart from byte 3 while below the option's length, each with its
    /// offset in the option; `None` when the capture ended first.
    pub fn entries(&self) -> impl Iterator<Item = (usize, Option<Ipv4Addr>)> + 'a {
        option_entries(self.tail, self.data.len(), 3, 4)
            .map(|(off, e)| (off, e.and_then(|b| be32_at(b, 0)).map(Ipv4Addr::from)))
    }
    /// The addresses that lie wholly inside the option, in order.
    pub fn addresses(&self) -> impl Iterator<Item = Ipv4Addr> + 'a {
        suffix(self.data, 3)
            .chunks_exact(4)
            .filter_map(|c| be32_at(c, 0))
            .map(Ipv4Addr::from)
    }
}

/// The internet timestamp option (RFC 791 section 3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timestamp<'a> {
    /// The option, type and length bytes included.
    data: &'a [u8],
    /// As [`Route`]'s.
    tail: &'a [u8],
}

/// How a timestamp option's entries are laid out (its flag nibble).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TsKind {
    /// 0: time stamps only.
    TsOnly,
    /// 1: each an address and its time stamp.
    TsAndAddr,
    /// 3: time stamps for prespecified addresses.
    Prespecified,
    /// Any other flag value.
    Unknown(u8),
}

/// One entry of a timestamp option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TsEntry {
    /// The address, for [`TsKind::TsAndAddr`] and [`TsKind::Prespecified`].
    pub addr: Option<Ipv4Addr>,
    pub timestamp: u32,
}

impl<'a> Timestamp<'a> {
    /// The length byte.
    pub fn length(&self) -> u8 {
        self.data.len() as u8
    }
    /// The pointer byte; `None` when the option is shorter than 3 bytes.
    pub fn pointer(&self) -> Option<u8> {
        self.data.get(2).copied()
    }
    /// The overflow nibble (hops that could not record a time stamp) and
    /// the flag nibble; `None` when the option is shorter than 4 bytes.
    pub fn overflow_flag(&self) -> Option<(u8, u8)> {
        self.data.get(3).map(|b| (b >> 4, b & 0x0f))
    }
    /// The entry layout; `None` when the option is shorter than 4 bytes.
    pub fn kind(&self) -> Option<TsKind> {
        self.overflow_flag().map(|(_, f)| match f {
            0 => TsKind::TsOnly,
            1 => TsKind::TsAndAddr,
            3 => TsKind::Prespecified,
            f => TsKind::Unknown(f),
        })
    }
    /// Bytes per entry: 4 for time stamps only, else 8 (as tcpdump
    /// reckons, whatever the flag).
    pub fn entry_len(&self) -> usize {
        match self.overflow_flag() {
            Some((_, 0)) | None => 4,
            Some(_) => 8,
        }
    }
    /// The entries as tcpdump's `ip_printts` reads them: from byte 4, one
    /// [`Timestamp::entry_len`] apart while below the option's length,
    /// each with its offset; `None` when the capture ended first. Empty
    /// for an unknown flag or an option shorter than 4 bytes.
    pub fn entries(&self) -> impl Iterator<Item = (usize, Option<TsEntry>)> + 'a {
        let width = self.entry_len();
        let known = matches!(
            self.kind(),
            Some(TsKind::TsOnly | TsKind::TsAndAddr | TsKind::Prespecified)
        );
        let len = if known { self.data.len() } else { 0 };
        option_entries(self.tail, len, 4, width).map(move |(off, e)| (off, e.and_then(ts_entry)))
    }
    /// The entries that lie wholly inside the option, in order.
    pub fn records(&self) -> impl Iterator<Item = TsEntry> + 'a {
        let known = matches!(
            self.kind(),
            Some(TsKind::TsOnly | TsKind::TsAndAddr | TsKind::Prespecified)
        );
        let body = if known { suffix(self.data, 4) } else { &[] };
        body.chunks_exact(self.entry_len()).filter_map(ts_entry)
    }
}

/// A timestamp entry of 4 (time stamp) or 8 (address, time stamp) bytes.
fn ts_entry(b: &[u8]) -> Option<TsEntry> {
    match b.len() {
        4 => Some(TsEntry {
            addr: None,
            timestamp: be32_at(b, 0)?,
        }),
        8 => Some(TsEntry {
            addr: Some(Ipv4Addr::from(be32_at(b, 0)?)),
            timestamp: be32_at(b, 4)?,
        }),
        _ => None,
    }
}

/// The router alert option (RFC 2113).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RouterAlert {
    /// The length byte (4 on a well-formed option).
    pub length: u8,
    /// The value; `None` when the option is shorter than 4 bytes.
    pub value: Option<u16>,
}

/// Walks the options of an IPv4 header as tcpdump's `ip_optprint` does.
pub struct Options<'a> {
    /// The captured bytes from the current option on, to the end of the
    /// captured datagram.
    rest: &'a [u8],
    /// What remains of the options area, per the header length.
    length: usize,
    done: bool,
}

impl<'a> Iterator for Options<'a> {
    type Item = IpOption<'a>;
    fn next(&mut self) -> Option<IpOption<'a>> {
        if self.done || self.length == 0 {
            return None;
        }
        let stop = |s: &mut Self, o: IpOption<'a>| {
            s.done = true;
            Some(o)
        };
        let Some(&code) = self.rest.first() else {
            return stop(self, IpOption::Cut { code: None });
        };
        let len = if code == OPT_EOL || code == OPT_NOP {
            1
        } else {
            match self.rest.get(1) {
                None => return stop(self, IpOption::Cut { code: Some(code) }),
                Some(&l) if l < 2 => return stop(self, IpOption::BadLength { code, len: l }),
                Some(&l) => l,
            }
        };
        let n = usize::from(len);
        if n > self.length {
            return stop(self, IpOption::BadLength { code, len });
        }
        let Some(data) = self.rest.get(..n) else {
            return stop(self, IpOption::Truncated { code });
        };
        let opt = match code {
            OPT_EOL => return stop(self, IpOption::Eol),
            OPT_NOP => IpOption::Nop,
            OPT_RR | OPT_LSRR | OPT_SSRR => IpOption::Route(Route {
                data,
                tail: self.rest,
            }),
            OPT_TS => IpOption::Timestamp(Timestamp {
                data,
                tail: self.rest,
            }),
            OPT_RA => IpOption::RouterAlert(RouterAlert {
                length: len,
                value: if n < 4 { None } else { be16_at(data, 2) },
            }),
            _ => IpOption::Other { code, data },
        };
        self.rest = suffix(self.rest, n);
        self.length -= n;
        Some(opt)
    }
}

/// The 32-bit entries of a route or time stamp option, read as tcpdump
/// reads them: `width` bytes apart from byte `start` while below the
/// option's length, each `None` when the capture ended first.
fn option_entries<'a>(
    tail: &'a [u8],
    opt_len: usize,
    start: usize,
    width: usize,
) -> impl Iterator<Item = (usize, Option<&'a [u8]>)> + 'a {
    (start..opt_len)
        .step_by(width.max(1))
        .map(move |off| (off, tail.get(off..off + width)))
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
    decode_with(p, length, off, d, IpCarrier::Ipv4);
}

/// Decodes the IPv4 datagram quoted in an ICMP error (tcpdump's nested
/// `ip_print`). As [`decode`], except that a quoted ICMP message's own
/// quote is not followed: `icmp.rs` walks nested quotes itself, to a fixed
/// depth.
pub(crate) fn decode_quoted<'a>(p: &'a [u8], length: u32, off: usize, d: &mut Decoded<'a>) {
    decode_with(p, length, off, d, IpCarrier::Ipv4Quoted);
}

fn decode_with<'a>(p: &'a [u8], length: u32, off: usize, d: &mut Decoded<'a>, over: IpCarrier) {
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
        options_tail: &[],
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
    let len = u32::from(header.total_len);
    ip.form = if length < field::HEADER_LEN as u32 {
        Form::TruncatedIp
    } else if hlen < field::HEADER_LEN {
        Form::BadHeaderLen
    } else if len < hlen as u32 {
        Form::BadTotalLen
    } else {
        Form::Ok
    };
    if ip.form != Form::Ok {
        d.net = Net::Ipv4(ip);
        d.stop = Some(Stop::invalid(Layer::Ip, off));
        return;
    }
    // Inner layers see no more than the total length and what was
    // captured.
    let bounded = prefix(p, len as usize);
    ip.options_tail = suffix(bounded, field::HEADER_LEN);
    ip.options = prefix(ip.options_tail, hlen - field::HEADER_LEN);
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
    dispatch::ip_protocol(header.proto, over, ip.payload, ip.payload_len, inner_off, d);
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
        // No TSO guessing: a zero total length is bad too.
        p[2..4].copy_from_slice(&0u16.to_be_bytes());
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

    fn with_options(opts: &[u8], captured: usize) -> Vec<u8> {
        let mut p = packet().to_vec();
        p[0] = 0x45 + (opts.len() / 4) as u8;
        let total = (28 + opts.len()) as u16;
        p[2..4].copy_from_slice(&total.to_be_bytes());
        p.splice(20..20, opts.iter().copied());
        p.truncate(captured);
        p
    }

    fn walk(opts: &[u8], captured: usize) -> Vec<IpOption<'static>> {
        let p: &'static [u8] = Box::leak(with_options(opts, captured).into_boxed_slice());
        let d = decode_frame(LinkType::RAW, p, (28 + opts.len()) as u32);
        let Net::Ipv4(ip) = d.net else { panic!() };
        ip.options().collect()
    }

    #[test]
    fn option_walk() {
        // NOP, RR of 7 bytes, then an option with length 1.
        let opts = [OPT_NOP, OPT_RR, 7, 4, 1, 2, 3, 4, 0x99, 1, 0, 0];
        let v = walk(&opts, 40);
        assert_eq!(v[0], IpOption::Nop);
        let IpOption::Route(r) = v[1] else { panic!() };
        assert_eq!((r.code(), r.length(), r.pointer()), (OPT_RR, 7, Some(4)));
        assert_eq!(
            r.addresses().collect::<Vec<_>>(),
            [Ipv4Addr::new(1, 2, 3, 4)]
        );
        // The tail runs on to the end of the captured datagram.
        assert_eq!(r.tail.len(), 40 - 21);
        assert_eq!(v[2], IpOption::BadLength { code: 0x99, len: 1 });
        assert_eq!(v.len(), 3);
        // An option longer than what is left of the area.
        let v = walk(&[OPT_NOP, OPT_TS, 8, 5], 40);
        assert_eq!(
            v[1],
            IpOption::BadLength {
                code: OPT_TS,
                len: 8
            }
        );
        // EOL ends the walk.
        let v = walk(&[OPT_EOL, OPT_NOP, OPT_NOP, OPT_NOP], 40);
        assert_eq!(v, vec![IpOption::Eol]);
    }

    #[test]
    fn option_walk_every_truncation() {
        let opts = [OPT_NOP, OPT_RA, 4, 0, 0, 0, 0, 0];
        for n in 20..28 {
            let v = walk(&opts, n);
            let last = v.last().copied();
            let expect = match n {
                20 => Some(IpOption::Cut { code: None }),
                21 => Some(IpOption::Cut { code: None }),
                22 => Some(IpOption::Cut { code: Some(OPT_RA) }),
                23..=24 => Some(IpOption::Truncated { code: OPT_RA }),
                25 => Some(IpOption::Cut { code: None }),
                _ => Some(IpOption::Eol),
            };
            assert_eq!(last, expect, "captured {n}");
        }
    }

    #[test]
    fn final_dst_follows_source_route() {
        // LSRR with one address, pointer past it: final destination 9.9.9.9.
        let opts = [OPT_NOP, OPT_LSRR, 7, 8, 9, 9, 9, 9];
        let p = with_options(&opts, 36);
        let d = decode_frame(LinkType::RAW, &p, 36);
        let Net::Ipv4(ip) = d.net else { panic!() };
        assert_eq!(ip.final_dst(), Ipv4Addr::new(9, 9, 9, 9));
        // Shorter than 7 bytes: ignored, the walk goes on.
        let opts = [OPT_LSRR, 3, 4, OPT_NOP];
        let p = with_options(&opts, 32);
        let d = decode_frame(LinkType::RAW, &p, 32);
        let Net::Ipv4(ip) = d.net else { panic!() };
        assert_eq!(ip.final_dst(), Ipv4Addr::new(10, 0, 0, 2));
    }

    #[test]
    fn entries_read_past_the_option() {
        let tail = [7u8, 9, 4, 1, 1, 1, 1, 2, 2, 2, 2];
        let v: Vec<_> = option_entries(&tail, 9, 3, 4).collect();
        assert_eq!(v, vec![(3, Some(&tail[3..7])), (7, Some(&tail[7..11]))]);
        let v: Vec<_> = option_entries(&tail[..9], 9, 3, 4).collect();
        assert_eq!(v[1], (7, None));
    }
}
