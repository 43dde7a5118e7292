//! TCP. RFC 9293 section 3.1 (header), RFC 7323 (window scale,
//! timestamps), RFC 2018 (SACK).

use nom::number::complete::{be_u16, be_u32};

use super::bytes::{prefix, suffix, u8 as byte, Res};
use super::error::{Layer, Stop};
use super::{Decoded, Transport};

mod field {
    pub const HEADER_LEN: usize = 20;
}

pub const FLAG_FIN: u8 = 0x01;
pub const FLAG_SYN: u8 = 0x02;
pub const FLAG_RST: u8 = 0x04;
pub const FLAG_PSH: u8 = 0x08;
pub const FLAG_ACK: u8 = 0x10;
pub const FLAG_URG: u8 = 0x20;
pub const FLAG_ECE: u8 = 0x40;
pub const FLAG_CWR: u8 = 0x80;

/// How far the header made sense.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// Not even both ports were captured.
    NoPorts,
    /// Ports captured, but not the rest of the fixed header.
    ShortHeader,
    /// Data offset below 5 words.
    BadHeaderLen,
    /// A usable fixed header (options may still be cut short).
    Ok,
}

/// The fixed TCP header.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Header {
    pub src_port: u16,
    pub dst_port: u16,
    pub seq: u32,
    pub ack: u32,
    /// Header length in bytes (data offset * 4).
    pub header_len: u8,
    /// The four reserved bits and the AE (NS) bit, as on the wire.
    pub reserved: u8,
    pub flags: u8,
    pub window: u16,
    pub checksum: u16,
    pub urgent: u16,
}

/// A TCP segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tcp<'a> {
    pub form: Form,
    pub header: Header,
    /// The segment length the IP layer claims (header included).
    pub length: u32,
    /// The captured segment, header included, bounded by the IP payload.
    pub segment: &'a [u8],
    /// The captured option bytes (may be cut short by the capture).
    pub options: &'a [u8],
    /// The captured payload.
    pub payload: &'a [u8],
}

impl Tcp<'_> {
    /// Payload length per the IP layer (0 when the header claims more).
    pub fn payload_len(&self) -> u32 {
        self.length
            .saturating_sub(u32::from(self.header.header_len))
    }
    /// The whole header, options included, was captured.
    pub fn options_complete(&self) -> bool {
        self.segment.len() >= usize::from(self.header.header_len)
    }
    pub fn has(&self, flag: u8) -> bool {
        self.header.flags & flag != 0
    }
}

fn fixed(i: &[u8]) -> Res<'_, Header> {
    let (i, src_port) = be_u16(i)?;
    let (i, dst_port) = be_u16(i)?;
    let (i, seq) = be_u32(i)?;
    let (i, ack) = be_u32(i)?;
    let (i, off) = byte(i)?;
    let (i, flags) = byte(i)?;
    let (i, window) = be_u16(i)?;
    let (i, checksum) = be_u16(i)?;
    let (i, urgent) = be_u16(i)?;
    Ok((
        i,
        Header {
            src_port,
            dst_port,
            seq,
            ack,
            header_len: (off >> 4) * 4,
            reserved: off & 0x0f,
            flags,
            window,
            checksum,
            urgent,
        },
    ))
}

/// Decodes a TCP segment at `off`; `length` is the IP payload length.
pub fn decode<'a>(p: &'a [u8], length: u32, off: usize, d: &mut Decoded<'a>) {
    let mut t = Tcp {
        form: Form::NoPorts,
        header: Header::default(),
        length,
        segment: p,
        options: &[],
        payload: &[],
    };
    let header = match fixed(p) {
        Ok((_, h)) => h,
        Err(_) => {
            if let (Some(sp), Some(dp)) = (super::bytes::be16_at(p, 0), super::bytes::be16_at(p, 2))
            {
                t.form = Form::ShortHeader;
                t.header.src_port = sp;
                t.header.dst_port = dp;
            }
            d.transport = Transport::Tcp(t);
            d.stop = Some(Stop::truncated(Layer::Tcp, off));
            return;
        }
    };
    t.header = header;
    let hlen = usize::from(header.header_len);
    if hlen < field::HEADER_LEN {
        t.form = Form::BadHeaderLen;
        d.transport = Transport::Tcp(t);
        d.stop = Some(Stop::invalid(Layer::Tcp, off));
        return;
    }
    t.form = Form::Ok;
    t.options = prefix(suffix(p, field::HEADER_LEN), hlen - field::HEADER_LEN);
    t.payload = suffix(p, hlen);
    d.transport = Transport::Tcp(t);
    if p.len() < hlen {
        d.stop = Some(Stop::truncated(Layer::Tcp, off));
    }
}
