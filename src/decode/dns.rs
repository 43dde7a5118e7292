//! DNS messages (RFC 1035; EDNS0 RFC 6891; mDNS RFC 6762 class bits), over
//! UDP and over TCP with its two-byte length prefix, walked the way
//! tcpdump's print-domain.c walks them.
//!
//! A [`Dns`] record holds the header, the extended RCODE (found by the same
//! pre-scan for the OPT record tcpdump does) and the message's captured
//! bytes. Questions and resource records are read lazily from a cursor
//! (an offset into the message): [`Dns::question`], [`Dns::skip_question`],
//! [`Dns::rr`]. Names are decompressed here, by [`Name::walk`], which
//! hands a visitor the name's pieces in order (labels, dots, bit labels and
//! tcpdump's error markers) and returns where the name ends, so a printer
//! never touches message bytes and nothing is allocated.
//!
//! Compression pointers must point strictly backwards (BIND's rule, which
//! tcpdump follows), so every walk ends: each pointer lowers the bound for
//! the next one. Reads never go past the captured bytes; where tcpdump's
//! printer would give up ([`Cut::Null`]) or its `GET_*` macros would abandon
//! the packet ([`Cut::Jump`]) the walk says so.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::bytes::{be16_at, be32_at, suffix};

/// DNS's well-known port.
pub const PORT: u16 = 53;
/// Multicast DNS (RFC 6762).
pub const MDNS_PORT: u16 = 5353;

/// The fixed header's size.
pub const HEADER_LEN: usize = 12;
/// The longest name tcpdump prints before `<DOMAIN NAME TOO LONG>`.
pub const MAX_NAME: u32 = 255;

/// Resource record types with special handling.
pub mod rtype {
    pub const A: u16 = 1;
    pub const NS: u16 = 2;
    pub const CNAME: u16 = 5;
    pub const SOA: u16 = 6;
    pub const PTR: u16 = 12;
    pub const MX: u16 = 15;
    pub const TXT: u16 = 16;
    pub const AAAA: u16 = 28;
    pub const SRV: u16 = 33;
    pub const A6: u16 = 38;
    pub const DNAME: u16 = 39;
    pub const OPT: u16 = 41;
    pub const UNSPECA: u16 = 104;
    pub const TSIG: u16 = 250;
    pub const URI: u16 = 256;
}

/// Classes.
pub const CLASS_IN: u16 = 1;
/// mDNS: the unicast-response bit of a question's class, and the
/// cache-flush bit of a record's class.
pub const CLASS_MDNS_BIT: u16 = 0x8000;

/// EDNS option codes tcpdump decodes.
pub mod eopt {
    pub const NSID: u16 = 3;
    pub const DAU: u16 = 5;
    pub const DHU: u16 = 6;
    pub const N3U: u16 = 7;
    pub const ECS: u16 = 8;
    pub const EXPIRE: u16 = 9;
    pub const COOKIE: u16 = 10;
    pub const KEEPALIVE: u16 = 11;
    pub const PADDING: u16 = 12;
    pub const CHAIN: u16 = 13;
    pub const KEYTAG: u16 = 14;
}

/// What carries the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Carrier {
    Udp,
    /// UDP port 5353: class top bits are mDNS flags.
    Mdns,
    /// TCP: a two-byte length prefix precedes the message.
    Tcp,
}

/// How far the message framing made sense, in the order tcpdump checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// TCP payload under two bytes.
    TcpShort,
    /// TCP: the length prefix was not captured.
    TcpPrefixCut,
    /// TCP: the prefix is not the segment's payload length less two.
    TcpPrefixMismatch {
        prefix: u16,
    },
    /// Shorter than the 12-byte header.
    Short,
    /// The header was not all captured.
    HeaderCut,
    Ok,
}

/// How a walk gave up, as tcpdump's printer does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cut {
    /// A printer returned NULL: ` [|domain]`.
    Null,
    /// A `GET_*` read past the capture (tcpdump's longjmp): ` [|domain]`,
    /// and the packet is abandoned.
    Jump,
}

/// The fixed header.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Header {
    pub id: u16,
    pub flags: u16,
    pub qdcount: u16,
    pub ancount: u16,
    pub nscount: u16,
    pub arcount: u16,
}

impl Header {
    pub fn response(&self) -> bool {
        self.flags & 0x8000 != 0
    }
    pub fn opcode(&self) -> u8 {
        ((self.flags >> 11) & 0xf) as u8
    }
    pub fn aa(&self) -> bool {
        self.flags & 0x0400 != 0
    }
    pub fn tc(&self) -> bool {
        self.flags & 0x0200 != 0
    }
    pub fn rd(&self) -> bool {
        self.flags & 0x0100 != 0
    }
    pub fn ra(&self) -> bool {
        self.flags & 0x0080 != 0
    }
    pub fn ad(&self) -> bool {
        self.flags & 0x0020 != 0
    }
    pub fn cd(&self) -> bool {
        self.flags & 0x0010 != 0
    }
    pub fn rcode(&self) -> u16 {
        self.flags & 0xf
    }
}

/// A DNS message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dns<'a> {
    pub carrier: Carrier,
    pub form: Form,
    /// The message length: the UDP payload length, or the TCP payload's
    /// less the prefix.
    pub length: u32,
    /// The captured message from its header on (after any TCP prefix).
    pub msg: &'a [u8],
    pub header: Header,
    /// The RCODE with the upper bits from an OPT record, when the pre-scan
    /// reached one.
    pub rcode: u16,
}

/// Decodes a message; `p` is the captured payload from its first byte (the
/// TCP prefix included), `length` the payload's length on the wire.
pub fn decode(p: &[u8], length: u32, carrier: Carrier) -> Dns<'_> {
    let mut d = Dns {
        carrier,
        form: Form::Ok,
        length,
        msg: p,
        header: Header::default(),
        rcode: 0,
    };
    if carrier == Carrier::Tcp {
        if length < 2 {
            d.form = Form::TcpShort;
            return d;
        }
        d.length = length - 2;
        let Some(prefix) = be16_at(p, 0) else {
            d.form = Form::TcpPrefixCut;
            return d;
        };
        if u32::from(prefix) != d.length {
            d.form = Form::TcpPrefixMismatch { prefix };
            return d;
        }
        d.msg = suffix(p, 2);
    }
    if d.length < HEADER_LEN as u32 {
        d.form = Form::Short;
        return d;
    }
    let m = d.msg;
    let (Some(id), Some(flags), Some(qd), Some(an), Some(ns), Some(ar)) = (
        be16_at(m, 0),
        be16_at(m, 2),
        be16_at(m, 4),
        be16_at(m, 6),
        be16_at(m, 8),
        be16_at(m, 10),
    ) else {
        d.form = Form::HeaderCut;
        return d;
    };
    d.header = Header {
        id,
        flags,
        qdcount: qd,
        ancount: an,
        nscount: ns,
        arcount: ar,
    };
    d.rcode = d.header.rcode() | (d.opt_rcode_bits().unwrap_or(0) << 4);
    d
}

impl<'a> Dns<'a> {
    /// Where the question section starts.
    pub fn start(&self) -> usize {
        HEADER_LEN
    }

    /// The captured end (tcpdump's snapend) as a cursor.
    pub fn end(&self) -> usize {
        self.msg.len()
    }

    /// Whether `cp` is before the captured end.
    pub fn before_end(&self, cp: usize) -> bool {
        cp < self.msg.len()
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.msg.get(at).copied()
    }

    /// tcpdump's pre-scan for the OPT record: the extended RCODE's upper
    /// eight bits, if the scan reaches an OPT record in the additional
    /// section.
    fn opt_rcode_bits(&self) -> Option<u16> {
        let h = &self.header;
        let snap = self.end();
        let mut cp = self.start();
        for _ in 0..h.qdcount {
            cp = self.skip_name(cp)? + 4;
            if cp >= snap {
                return None;
            }
        }
        for _ in 0..u32::from(h.ancount) + u32::from(h.nscount) {
            cp = self.skip_name(cp)? + 8;
            let rdlen = be16_at(self.msg, cp)?;
            cp += 2 + usize::from(rdlen);
            if cp >= snap {
                return None;
            }
        }
        for _ in 0..h.arcount {
            cp = self.skip_name(cp)?;
            let t = be16_at(self.msg, cp)?;
            cp += 4;
            let ext = self.byte(cp)?;
            if t == rtype::OPT {
                return Some(u16::from(ext));
            }
            cp += 4;
            let rdlen = be16_at(self.msg, cp)?;
            cp += 2 + usize::from(rdlen);
            if cp >= snap {
                return None;
            }
        }
        None
    }

    /// tcpdump's `ns_nskip`: the end of the name at `cp` without following
    /// pointers, or `None` when it cannot be read.
    pub fn skip_name(&self, mut cp: usize) -> Option<usize> {
        let mut i = self.byte(cp)?;
        cp += 1;
        while i != 0 {
            match i & 0xc0 {
                0xc0 => return Some(cp + 1),
                0x40 => {
                    if i & 0x3f != 1 {
                        return None;
                    }
                    let bitlen = match self.byte(cp)? {
                        0 => 256,
                        b => usize::from(b),
                    };
                    cp += 1 + bitlen.div_ceil(8);
                }
                0x80 => return None,
                _ => cp += usize::from(i),
            }
            i = self.byte(cp)?;
            cp += 1;
        }
        Some(cp)
    }

    /// The name at `cp`, pointers relative to the message.
    pub fn name(&self, cp: usize) -> Name<'a> {
        Name {
            msg: self.msg,
            start: cp,
            base: 0,
        }
    }

    /// Skips a question (tcpdump's `ns_nskip` and four bytes).
    pub fn skip_question(&self, cp: usize) -> Option<usize> {
        self.skip_name(cp).map(|e| e + 4)
    }

    /// The question at `cp`: `None` when its name cannot be skipped or its
    /// type and class were not captured (tcpdump then prints nothing of
    /// it).
    pub fn question(&self, cp: usize) -> Option<Question<'a>> {
        let e = self.skip_name(cp)?;
        let qtype = be16_at(self.msg, e)?;
        let qclass = be16_at(self.msg, e + 2)?;
        Some(Question {
            name: self.name(cp),
            qtype,
            qclass,
        })
    }

    /// The fixed part and data of the record whose owner name ends at
    /// `name_end` (from [`Dns::skip_name`] or [`Name::walk`]); `None`
    /// when the name could not be read or the ten fixed bytes were not
    /// captured (tcpdump then prints nothing more of the record and moves
    /// to the captured end).
    pub fn rr(&self, name_end: Option<usize>) -> Option<Rr<'a>> {
        let cp = name_end?;
        if cp.checked_add(10)? > self.end() {
            return None;
        }
        let rtype = be16_at(self.msg, cp)?;
        let class = be16_at(self.msg, cp + 2)?;
        let ttl = be32_at(self.msg, cp + 4)?;
        let rdlen = be16_at(self.msg, cp + 8)?;
        let data = cp + 10;
        let next = data + usize::from(rdlen);
        Some(Rr {
            dns: *self,
            rtype,
            class,
            ttl,
            rdlen,
            data,
            next,
        })
    }
}

/// One question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Question<'a> {
    pub name: Name<'a>,
    pub qtype: u16,
    pub qclass: u16,
}

impl Question<'_> {
    /// The cursor after the question, given where its name's walk ended.
    pub fn next(name_end: usize) -> usize {
        name_end + 4
    }
}

/// One piece of a name, in print order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Label bytes (all of the label that is printed; tcpdump stops
    /// printing at 255 name characters and at the captured end).
    Label(&'a [u8]),
    /// The dot after a label.
    Dot,
    /// An RFC 2673 bit-string label: its bit count and the captured bytes
    /// of its value (fewer than it needs when the capture ended).
    Bits { bitlen: u16, bytes: &'a [u8] },
    /// A compression pointer that does not point backwards: `<BAD PTR>`.
    BadPtr,
    /// An extended label type other than bit-string: `<ELT n>`.
    Elt(u8),
    /// Label type 0b10: `<BAD LABEL TYPE>`.
    BadLabelType,
    /// The name ran past 255 characters: `<DOMAIN NAME TOO LONG>`.
    TooLong,
    /// The root name: `.`.
    Root,
}

/// A name somewhere in the captured bytes. Pointers count from `base`
/// (the message start; an EDNS CHAIN option counts from its data's end,
/// as tcpdump does).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Name<'a> {
    msg: &'a [u8],
    start: usize,
    base: usize,
}

impl<'a> Name<'a> {
    fn byte(&self, at: usize) -> Option<u8> {
        self.msg.get(at).copied()
    }

    /// tcpdump's `labellen`: a label's length for cursor arithmetic, or a
    /// failure (after reporting an error piece).
    fn labellen(&self, cp: usize, visit: &mut impl FnMut(Piece<'a>)) -> Option<usize> {
        let i = self.byte(cp)?;
        match i & 0xc0 {
            0x40 => {
                let elt = i & 0x3f;
                if elt != 1 {
                    visit(Piece::Elt(elt));
                    return None;
                }
                let bitlen = match self.byte(cp + 1)? {
                    0 => 256,
                    b => usize::from(b),
                };
                Some(bitlen.div_ceil(8) + 1)
            }
            0x80 => {
                visit(Piece::BadLabelType);
                None
            }
            _ => Some(usize::from(i)),
        }
    }

    /// Walks the name as tcpdump's `fqdn_print` does, handing `visit`
    /// each piece; returns the cursor after the name where it sits in the
    /// record (which may lie past the captured end), or how the walk gave
    /// up.
    pub fn walk(&self, visit: &mut impl FnMut(Piece<'a>)) -> Result<usize, Cut> {
        let snap = self.msg.len();
        let mut cp = self.start;
        let mut l = self.labellen(cp, visit).ok_or(Cut::Null)?;
        let mut max_offset = (self.start as i64 - self.base as i64) as u32;
        let mut i = self.byte(cp).ok_or(Cut::Null)?;
        cp += 1;
        let mut compress = false;
        let mut rp = (i & 0xc0 != 0xc0).then_some(cp + l);
        if i == 0 {
            visit(Piece::Root);
            return rp.ok_or(Cut::Null);
        }
        let mut name_chars: u32 = 0;
        while i != 0 && cp < snap {
            match i & 0xc0 {
                0xc0 => {
                    if !compress {
                        rp = Some(cp + 1);
                        compress = true;
                    }
                    let lo = self.byte(cp).ok_or(Cut::Null)?;
                    let offset = ((u32::from(i) << 8) | u32::from(lo)) & 0x3fff;
                    if offset >= max_offset {
                        visit(Piece::BadPtr);
                        return Err(Cut::Null);
                    }
                    max_offset = offset;
                    cp = self.base + offset as usize;
                    i = self.byte(cp).ok_or(Cut::Null)?;
                    l = self.labellen(cp, visit).ok_or(Cut::Null)?;
                    cp += 1;
                    continue;
                }
                0x40 => {
                    // labellen accepted only bit-string labels.
                    let bitlen = match self.byte(cp) {
                        Some(0) => 256u16,
                        Some(b) => u16::from(b),
                        None => return Err(Cut::Null),
                    };
                    let need = usize::from(bitlen).div_ceil(8);
                    let bytes = self.msg.get(cp + 1..).unwrap_or(&[]);
                    let bytes = bytes.get(..need).unwrap_or(bytes);
                    visit(Piece::Bits { bitlen, bytes });
                    if bytes.len() < need {
                        return Err(Cut::Jump);
                    }
                }
                0x80 => {
                    visit(Piece::BadLabelType);
                    return Err(Cut::Null);
                }
                _ => {
                    let want = if name_chars + l as u32 <= MAX_NAME {
                        Some(l)
                    } else if name_chars < MAX_NAME {
                        Some((MAX_NAME - name_chars) as usize)
                    } else {
                        None
                    };
                    if let Some(n) = want {
                        let avail = self.msg.get(cp..).unwrap_or(&[]);
                        let shown = avail.get(..n).unwrap_or(avail);
                        if !shown.is_empty() {
                            visit(Piece::Label(shown));
                        }
                        if shown.len() < n {
                            return Err(Cut::Null);
                        }
                    }
                    name_chars += l as u32;
                }
            }
            cp += l;
            if name_chars <= MAX_NAME {
                visit(Piece::Dot);
            }
            name_chars += 1;
            i = self.byte(cp).ok_or(Cut::Null)?;
            l = self.labellen(cp, visit).ok_or(Cut::Null)?;
            cp += 1;
            if !compress {
                rp = rp.map(|r| r + l + 1);
            }
        }
        if name_chars > MAX_NAME {
            visit(Piece::TooLong);
        }
        rp.ok_or(Cut::Null)
    }

    /// The cursor after the name, as [`Name::walk`] finds it.
    pub fn end(&self) -> Result<usize, Cut> {
        self.walk(&mut |_| {})
    }
}

/// A resource record's fixed part; its data is read by [`Rr::data`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rr<'a> {
    dns: Dns<'a>,
    pub rtype: u16,
    /// The class field as on the wire (for OPT, the UDP payload size).
    pub class: u16,
    /// The TTL field (for OPT, extended RCODE, version and flags).
    pub ttl: u32,
    pub rdlen: u16,
    /// Where the data starts.
    pub data: usize,
    /// The cursor after the data.
    pub next: usize,
}

/// The typed data of a record, read as tcpdump's `ns_rprint` reads it:
/// fields it checks before printing are `Option`s, `None` where the
/// capture ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RData<'a> {
    A(Option<Ipv4Addr>),
    Aaaa(Option<Ipv6Addr>),
    /// NS, CNAME, PTR, DNAME.
    Name(Name<'a>),
    /// Its names in order; see [`Rr::soa_rname`] and [`Rr::soa_numbers`].
    Soa {
        mname: Name<'a>,
    },
    Mx {
        preference: Option<u16>,
        exchange: Name<'a>,
    },
    Txt(Txt<'a>),
    Srv(Option<Srv<'a>>),
    A6(A6<'a>),
    Uri(Uri<'a>),
    Opt(Opt<'a>),
    /// Printed as one string.
    UnspecA(&'a [u8]),
    /// The algorithm name; the fields after it by [`Rr::tsig_fields`].
    Tsig {
        algorithm: Name<'a>,
    },
    /// A type tcpdump prints by name only; the captured data.
    Other(&'a [u8]),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Srv<'a> {
    pub priority: u16,
    pub weight: u16,
    pub port: u16,
    pub target: Name<'a>,
}

/// An A6 record (RFC 2874).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum A6<'a> {
    /// The prefix length byte was not captured.
    Cut,
    /// A prefix length over 128.
    BadPlen(u8),
    /// The address suffix (zero-filled prefix), `None` for /128 or when
    /// the capture ended inside it (see `complete`); the prefix name when
    /// the prefix length is not zero.
    Ok {
        plen: u8,
        suffix: Option<Ipv6Addr>,
        complete: bool,
        prefix: Option<Name<'a>>,
    },
}

/// A URI record (RFC 7553).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Uri<'a> {
    /// Priority and weight, `None` when the capture ended in them.
    pub priority_weight: Option<(u16, u16)>,
    /// The target bytes shown: the rest of the data, or (with a data
    /// length under 4) everything up to the captured end.
    pub target: &'a [u8],
    /// The target was cut by the capture.
    pub cut: bool,
}

/// TXT character-strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Txt<'a> {
    msg: &'a [u8],
    cp: usize,
    end: usize,
}

/// One character-string: its captured bytes and whether it was cut.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TxtItem<'a> {
    /// The length byte was not captured.
    NoLength,
    Str {
        bytes: &'a [u8],
        cut: bool,
    },
}

impl<'a> Iterator for Txt<'a> {
    type Item = TxtItem<'a>;
    fn next(&mut self) -> Option<TxtItem<'a>> {
        if self.cp >= self.end {
            return None;
        }
        let Some(&n) = self.msg.get(self.cp) else {
            self.cp = self.end;
            return Some(TxtItem::NoLength);
        };
        let n = usize::from(n);
        let avail = self.msg.get(self.cp + 1..).unwrap_or(&[]);
        let bytes = avail.get(..n).unwrap_or(avail);
        let cut = bytes.len() < n;
        self.cp = if cut { self.end } else { self.cp + 1 + n };
        Some(TxtItem::Str { bytes, cut })
    }
}

/// An OPT pseudo-record (RFC 6891).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Opt<'a> {
    /// The requestor's UDP payload size (the class field).
    pub udp_size: u16,
    pub ext_rcode: u8,
    pub version: u8,
    /// The flags (DO is 0x8000).
    pub flags: u16,
    pub options: EdnsOptions<'a>,
}

/// EDNS options, read while the cursor is inside the record's data (an
/// option may run past it, as tcpdump reads it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EdnsOptions<'a> {
    msg: &'a [u8],
    cp: usize,
    end: usize,
}

/// One EDNS option as far as it was captured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdnsItem<'a> {
    /// The option code was not captured.
    NoCode,
    /// The code but not the length, or not all the data.
    Cut {
        code: u16,
    },
    Opt(EdnsOption<'a>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EdnsOption<'a> {
    pub code: u16,
    pub data: &'a [u8],
    /// For CHAIN: the name in the data, pointers counted from the data's
    /// end (tcpdump's reading).
    chain: Name<'a>,
    /// More options follow inside the record.
    pub more: bool,
}

impl<'a> EdnsOption<'a> {
    /// The CHAIN option's closest trust point name.
    pub fn chain_name(&self) -> Name<'a> {
        self.chain
    }

    /// The TCP keepalive timeout (RFC 7828) in units of 100 ms, when the
    /// data is exactly its two bytes.
    pub fn keepalive(&self) -> Option<u16> {
        match self.data {
            [a, b] => Some(u16::from_be_bytes([*a, *b])),
            _ => None,
        }
    }

    /// The EXPIRE value in seconds (RFC 7314), when the data is exactly its
    /// four bytes.
    pub fn expire(&self) -> Option<u32> {
        match self.data {
            [a, b, c, d] => Some(u32::from_be_bytes([*a, *b, *c, *d])),
            _ => None,
        }
    }

    /// The key tags of an EDNS key tag option (RFC 8145); `None` when the
    /// data is not a whole number of them.
    pub fn key_tags(&self) -> Option<impl Iterator<Item = u16> + 'a> {
        (self.data.len() % 2 == 0).then(|| self.data.chunks_exact(2).filter_map(|c| be16_at(c, 0)))
    }

    /// Typed value of a client-subnet option, when valid by tcpdump's
    /// checks: family, source and scope prefix lengths, and the address
    /// zero-filled.
    pub fn client_subnet(&self) -> Option<ClientSubnet> {
        let d = self.data;
        let family = be16_at(d, 0)?;
        let src = *d.get(2)?;
        let scope = *d.get(3)?;
        let addr = suffix(d, 4);
        let bits: u16 = match family {
            1 => 32,
            2 => 128,
            _ => return None,
        };
        if addr.len() > usize::from(bits / 8)
            || u16::from(src) > bits
            || u16::from(scope) > bits
            || usize::from(src).div_ceil(8) != addr.len()
        {
            return None;
        }
        let mut buf = [0u8; 16];
        for (b, a) in buf.iter_mut().zip(addr) {
            *b = *a;
        }
        let address = if family == 1 {
            let [a, b, c, dd, ..] = buf;
            std::net::IpAddr::V4(Ipv4Addr::new(a, b, c, dd))
        } else {
            std::net::IpAddr::V6(Ipv6Addr::from(buf))
        };
        Some(ClientSubnet {
            family,
            source_prefix: src,
            scope_prefix: scope,
            address,
        })
    }
}

/// EDNS Client Subnet (RFC 7871).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientSubnet {
    pub family: u16,
    pub source_prefix: u8,
    pub scope_prefix: u8,
    pub address: std::net::IpAddr,
}

impl<'a> Iterator for EdnsOptions<'a> {
    type Item = EdnsItem<'a>;
    fn next(&mut self) -> Option<EdnsItem<'a>> {
        if self.cp >= self.end {
            return None;
        }
        let Some(code) = be16_at(self.msg, self.cp) else {
            self.cp = self.end;
            return Some(EdnsItem::NoCode);
        };
        let Some(len) = be16_at(self.msg, self.cp + 2) else {
            self.cp = self.end;
            return Some(EdnsItem::Cut { code });
        };
        let start = self.cp + 4;
        let stop = start + usize::from(len);
        let Some(data) = self.msg.get(start..stop) else {
            self.cp = self.end;
            return Some(EdnsItem::Cut { code });
        };
        self.cp = stop;
        Some(EdnsItem::Opt(EdnsOption {
            code,
            data,
            chain: Name {
                msg: self.msg,
                start,
                base: stop,
            },
            more: stop < self.end,
        }))
    }
}

/// The TSIG fields after the algorithm name, each `None` from where the
/// capture ended.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TsigFields {
    pub fudge: Option<u16>,
    pub mac_len: Option<u16>,
    pub original_id: Option<u16>,
    pub error: Option<u16>,
    pub other_len: Option<u16>,
}

impl<'a> Rr<'a> {
    /// The record's data was captured whole (else tcpdump stops after the
    /// type).
    pub fn data_captured(&self) -> bool {
        self.next <= self.dns.end()
    }

    /// The owner's class without the mDNS cache-flush bit (on mDNS).
    pub fn class_value(&self) -> u16 {
        if self.dns.carrier == Carrier::Mdns {
            self.class & !CLASS_MDNS_BIT
        } else {
            self.class
        }
    }

    /// mDNS: the cache-flush bit.
    pub fn cache_flush(&self) -> bool {
        self.dns.carrier == Carrier::Mdns && self.class & CLASS_MDNS_BIT != 0
    }

    /// The data bytes as captured.
    pub fn rdata(&self) -> &'a [u8] {
        let s = self.dns.msg.get(self.data..).unwrap_or(&[]);
        s.get(..usize::from(self.rdlen)).unwrap_or(s)
    }

    /// The typed data.
    pub fn data(&self) -> RData<'a> {
        let m = self.dns.msg;
        let cp = self.data;
        match self.rtype {
            rtype::A => RData::A(be32_at(m, cp).map(Ipv4Addr::from)),
            rtype::AAAA => RData::Aaaa(m.get(cp..cp + 16).and_then(|b| {
                let a: [u8; 16] = b.try_into().ok()?;
                Some(Ipv6Addr::from(a))
            })),
            rtype::NS | rtype::CNAME | rtype::PTR | rtype::DNAME => RData::Name(self.dns.name(cp)),
            rtype::SOA => RData::Soa {
                mname: self.dns.name(cp),
            },
            rtype::MX => RData::Mx {
                preference: be16_at(m, cp),
                exchange: self.dns.name(cp + 2),
            },
            rtype::TXT => RData::Txt(Txt {
                msg: m,
                cp,
                end: self.next,
            }),
            rtype::SRV => RData::Srv(
                match (be16_at(m, cp), be16_at(m, cp + 2), be16_at(m, cp + 4)) {
                    (Some(priority), Some(weight), Some(port)) => Some(Srv {
                        priority,
                        weight,
                        port,
                        target: self.dns.name(cp + 6),
                    }),
                    _ => None,
                },
            ),
            rtype::A6 => RData::A6(self.a6()),
            rtype::URI => {
                let pw = be16_at(m, cp).zip(be16_at(m, cp + 2));
                let len = usize::from(self.rdlen);
                let from = m.get(cp + 4..).unwrap_or(&[]);
                let (target, cut) = if len >= 4 {
                    let t = from.get(..len - 4).unwrap_or(from);
                    (t, t.len() < len - 4)
                } else {
                    // tcpdump's length less 4 wraps: it prints to the end.
                    (from, true)
                };
                RData::Uri(Uri {
                    priority_weight: pw,
                    target,
                    cut,
                })
            }
            rtype::OPT => RData::Opt(Opt {
                udp_size: self.class,
                ext_rcode: (self.ttl >> 24) as u8,
                version: (self.ttl >> 16) as u8,
                flags: self.ttl as u16,
                options: EdnsOptions {
                    msg: m,
                    cp,
                    end: self.next,
                },
            }),
            rtype::UNSPECA => RData::UnspecA(self.rdata()),
            rtype::TSIG => RData::Tsig {
                algorithm: self.dns.name(cp),
            },
            _ => RData::Other(self.rdata()),
        }
    }

    fn a6(&self) -> A6<'a> {
        let m = self.dns.msg;
        let cp = self.data;
        let Some(plen) = m.get(cp).copied() else {
            return A6::Cut;
        };
        if plen > 128 {
            return A6::BadPlen(plen);
        }
        let pbyte = usize::from(plen & !7) / 8;
        let want = 16 - pbyte;
        let have = m.get(cp + 1..).unwrap_or(&[]);
        let have = have.get(..want).unwrap_or(have);
        let complete = have.len() == want;
        let suffix = (plen < 128 && complete).then(|| {
            let mut a = [0u8; 16];
            for (d, s) in a.iter_mut().skip(pbyte).zip(have) {
                *d = *s;
            }
            Ipv6Addr::from(a)
        });
        A6::Ok {
            plen,
            suffix,
            complete: complete || plen == 128,
            prefix: (plen > 0).then(|| self.dns.name(cp + 1 + want)),
        }
    }

    /// The SOA responsible-mailbox name, after the primary name that ended
    /// at `mname_end`.
    pub fn soa_rname(&self, mname_end: usize) -> Name<'a> {
        self.dns.name(mname_end)
    }

    /// The SOA serial, refresh, retry, expire and minimum after the
    /// mailbox name that ended at `rname_end`, if all were captured.
    pub fn soa_numbers(&self, rname_end: usize) -> Option<[u32; 5]> {
        let m = self.dns.msg;
        let mut out = [0u32; 5];
        for (k, v) in out.iter_mut().enumerate() {
            *v = be32_at(m, rname_end + 4 * k)?;
        }
        Some(out)
    }

    /// The TSIG fields after the algorithm name that ended at `alg_end`.
    pub fn tsig_fields(&self, alg_end: usize) -> TsigFields {
        let m = self.dns.msg;
        let mut f = TsigFields::default();
        let mut cp = alg_end + 6;
        f.fudge = be16_at(m, cp);
        if f.fudge.is_none() {
            return f;
        }
        cp += 2;
        f.mac_len = be16_at(m, cp);
        let Some(mac) = f.mac_len else { return f };
        cp += 2 + usize::from(mac);
        f.original_id = be16_at(m, cp);
        if f.original_id.is_none() {
            return f;
        }
        cp += 2;
        f.error = be16_at(m, cp);
        if f.error.is_none() {
            return f;
        }
        f.other_len = be16_at(m, cp + 2);
        f
    }
}

/// The mnemonic of a record type (tcpdump's table), if it has one.
pub fn type_name(t: u16) -> Option<&'static str> {
    Some(match t {
        1 => "A",
        2 => "NS",
        3 => "MD",
        4 => "MF",
        5 => "CNAME",
        6 => "SOA",
        7 => "MB",
        8 => "MG",
        9 => "MR",
        10 => "NULL",
        11 => "WKS",
        12 => "PTR",
        13 => "HINFO",
        14 => "MINFO",
        15 => "MX",
        16 => "TXT",
        17 => "RP",
        18 => "AFSDB",
        19 => "X25",
        20 => "ISDN",
        21 => "RT",
        22 => "NSAP",
        23 => "NSAP_PTR",
        24 => "SIG",
        25 => "KEY",
        26 => "PX",
        27 => "GPOS",
        28 => "AAAA",
        29 => "LOC",
        30 => "NXT",
        31 => "EID",
        32 => "NIMLOC",
        33 => "SRV",
        34 => "ATMA",
        35 => "NAPTR",
        36 => "KX",
        37 => "CERT",
        38 => "A6",
        39 => "DNAME",
        40 => "SINK",
        41 => "OPT",
        42 => "APL",
        43 => "DS",
        44 => "SSHFP",
        45 => "IPSECKEY",
        46 => "RRSIG",
        47 => "NSEC",
        48 => "DNSKEY",
        99 => "SPF",
        100 => "UINFO",
        101 => "UID",
        102 => "GID",
        103 => "UNSPEC",
        104 => "UNSPECA",
        249 => "TKEY",
        250 => "TSIG",
        251 => "IXFR",
        252 => "AXFR",
        253 => "MAILB",
        254 => "MAILA",
        255 => "ANY",
        256 => "URI",
        _ => return None,
    })
}

/// The mnemonic of a class (tcpdump's table), if it has one.
pub fn class_name(c: u16) -> Option<&'static str> {
    Some(match c {
        1 => "IN",
        3 => "CHAOS",
        4 => "HS",
        255 => "ANY",
        _ => return None,
    })
}

/// The name of an EDNS option code (tcpdump's table), if it has one.
pub fn option_name(c: u16) -> Option<&'static str> {
    Some(match c {
        1 => "LLQ",
        2 => "UL",
        3 => "NSID",
        5 => "DAU",
        6 => "DHU",
        7 => "N3U",
        8 => "ECS",
        9 => "EXPIRE",
        10 => "COOKIE",
        11 => "KEEPALIVE",
        12 => "PADDING",
        13 => "CHAIN",
        14 => "KEY-TAG",
        16 => "CLIENT-TAG",
        17 => "SERVER-TAG",
        _ => return None,
    })
}

/// Whether a UDP datagram between these ports carries DNS, and how.
pub fn udp_carrier(sport: u16, dport: u16) -> Option<Carrier> {
    if sport == PORT || dport == PORT {
        Some(Carrier::Udp)
    } else if sport == MDNS_PORT || dport == MDNS_PORT {
        Some(Carrier::Mdns)
    } else {
        None
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn name_text(n: &Name<'_>) -> (String, Result<usize, Cut>) {
        let mut s = String::new();
        let r = n.walk(&mut |p| match p {
            Piece::Label(b) => s.push_str(&String::from_utf8_lossy(b)),
            Piece::Dot => s.push('.'),
            Piece::Root => s.push('.'),
            Piece::BadPtr => s.push_str("<BAD PTR>"),
            Piece::Elt(e) => s.push_str(&format!("<ELT {e}>")),
            Piece::BadLabelType => s.push_str("<BAD LABEL TYPE>"),
            Piece::TooLong => s.push_str("<DOMAIN NAME TOO LONG>"),
            Piece::Bits { bitlen, .. } => s.push_str(&format!("[bits {bitlen}]")),
        });
        (s, r)
    }

    /// A response: id 0x1234, one question and one answer, the answer's
    /// owner a pointer to the question name.
    #[rustfmt::skip]
    const RESPONSE: [u8; 45] = [
        0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0,
        3, b'w', b'w', b'w', 2, b'e', b'x', 0, 0, 1, 0, 1,
        0xc0, 12, 0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4, 10, 0, 0, 1,
        0, 0, 0, 0, 0,
    ];

    #[test]
    fn header_question_and_answer() {
        let d = decode(&RESPONSE[..40], 40, Carrier::Udp);
        assert_eq!(d.form, Form::Ok);
        assert_eq!(d.header.id, 0x1234);
        assert!(d.header.response() && d.header.rd() && d.header.ra());
        let q = d.question(12).unwrap();
        assert_eq!((q.qtype, q.qclass), (1, 1));
        assert_eq!(name_text(&q.name), ("www.ex.".to_string(), Ok(20)));
        let next = Question::next(20);
        let owner = d.name(next);
        assert_eq!(name_text(&owner), ("www.ex.".to_string(), Ok(26)));
        let rr = d.rr(d.skip_name(next)).unwrap();
        assert_eq!((rr.rtype, rr.ttl, rr.rdlen), (1, 3600, 4));
        assert_eq!(rr.data(), RData::A(Some(Ipv4Addr::new(10, 0, 0, 1))));
        assert_eq!(rr.next, 40);
        assert!(rr.data_captured());
    }

    #[test]
    fn pointers_must_go_backwards() {
        // A name that points at itself, and one that points forwards.
        let mut m = RESPONSE;
        m[24] = 0xc0;
        m[25] = 24;
        let d = decode(&m[..40], 40, Carrier::Udp);
        assert_eq!(name_text(&d.name(24)), ("<BAD PTR>".into(), Err(Cut::Null)));
        m[25] = 30;
        let d = decode(&m[..40], 40, Carrier::Udp);
        assert_eq!(name_text(&d.name(24)), ("<BAD PTR>".into(), Err(Cut::Null)));
        // A chain of pointers each going backwards ends.
        let mut m = vec![0u8; 12];
        m.extend_from_slice(&[1, b'a', 0]);
        for k in 0..100u8 {
            let target = if k == 0 { 12 } else { 15 + 2 * (k - 1) };
            m.extend_from_slice(&[0xc0, target]);
        }
        let d = decode(&m, m.len() as u32, Carrier::Udp);
        let last = m.len() - 2;
        assert_eq!(name_text(&d.name(last)), ("a.".into(), Ok(last + 2)));
    }

    #[test]
    fn label_types_and_truncation() {
        let mut m = vec![0u8; 12];
        m.extend_from_slice(&[0x80, 0]);
        let d = decode(&m, 14, Carrier::Udp);
        assert_eq!(
            name_text(&d.name(12)),
            ("<BAD LABEL TYPE>".into(), Err(Cut::Null))
        );
        m[12] = 0x42;
        let d = decode(&m, 14, Carrier::Udp);
        assert_eq!(name_text(&d.name(12)), ("<ELT 2>".into(), Err(Cut::Null)));
        // A label cut by the capture prints what there is.
        let mut m = vec![0u8; 12];
        m.extend_from_slice(&[5, b'a', b'b']);
        let d = decode(&m, 20, Carrier::Udp);
        assert_eq!(name_text(&d.name(12)), ("ab".into(), Err(Cut::Null)));
        assert_eq!(d.skip_name(12), None);
        // A bit-string label whose value was cut: a longjmp.
        let mut m = vec![0u8; 12];
        m.extend_from_slice(&[0x41, 16, 0xab]);
        let d = decode(&m, 20, Carrier::Udp);
        assert_eq!(name_text(&d.name(12)), ("[bits 16]".into(), Err(Cut::Jump)));
    }

    #[test]
    fn long_names_stop_printing_at_255() {
        let mut m = vec![0u8; 12];
        for _ in 0..5 {
            m.push(63);
            m.extend_from_slice(&[b'x'; 63]);
        }
        m.push(0);
        let d = decode(&m, m.len() as u32, Carrier::Udp);
        let (s, r) = name_text(&d.name(12));
        assert!(s.ends_with("<DOMAIN NAME TOO LONG>"));
        // Four labels and their dots (256 characters), then the marker.
        assert_eq!(s.len(), 256 + "<DOMAIN NAME TOO LONG>".len());
        assert_eq!(r, Ok(m.len()));
    }

    #[test]
    fn tcp_prefix() {
        let mut m = vec![0, 40];
        m.extend_from_slice(&RESPONSE[..40]);
        let d = decode(&m, 42, Carrier::Tcp);
        assert_eq!((d.form, d.length, d.header.id), (Form::Ok, 40, 0x1234));
        let d = decode(&m, 43, Carrier::Tcp);
        assert_eq!(d.form, Form::TcpPrefixMismatch { prefix: 40 });
        assert_eq!(decode(&m[..1], 42, Carrier::Tcp).form, Form::TcpPrefixCut);
        assert_eq!(decode(&m[..1], 1, Carrier::Tcp).form, Form::TcpShort);
        assert_eq!(decode(&m[..10], 42, Carrier::Tcp).form, Form::HeaderCut);
    }

    #[test]
    fn extended_rcode_from_opt() {
        // BADVERS: rcode 0 in the header, 1 in the OPT record's TTL.
        #[rustfmt::skip]
        let m = [
            0, 1, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 1,
            0, 0, 41, 0x10, 0, 1, 0, 0, 0, 0, 0,
        ];
        let d = decode(&m, m.len() as u32, Carrier::Udp);
        assert_eq!(d.rcode, 16);
        let rr = d.rr(d.skip_name(12)).unwrap();
        let RData::Opt(o) = rr.data() else { panic!() };
        assert_eq!((o.udp_size, o.ext_rcode, o.options.count()), (4096, 1, 0));
    }

    #[test]
    fn every_truncation_is_bounded() {
        for n in 0..RESPONSE.len() {
            let d = decode(&RESPONSE[..n], 45, Carrier::Udp);
            if d.form != Form::Ok {
                continue;
            }
            let _ = d.name(12).end();
            let _ = d.rr(d.skip_name(24)).map(|r| r.data());
        }
    }
}
