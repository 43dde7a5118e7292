//! BOOTP and DHCP. RFC 951 (BOOTP); RFC 1497 and RFC 2132 (vendor
//! extensions and DHCP options); RFC 2131 (DHCP, option overload §4.1);
//! RFC 3046 (relay agent information); RFC 3397 (domain search); RFC 3442
//! (classless static routes); RFC 3004 (user class); RFC 4702 (client
//! FQDN); RFC 3925 (vendor-identifying options); RFC 4388 (lease query).
//!
//! A [`Bootp`] record holds the fixed header fields, the captured slices of
//! `chaddr`, `sname`, `file` and the vendor area, and hands out lazy option
//! iterators ([`Options`]) over borrowed bytes: nothing is copied and
//! nothing is allocated. Option values are typed on demand
//! ([`DhcpOption::value`]); generic views (`addrs`, `u32s`, `u16s`, …) are
//! there for printers that format by their own tables.
//!
//! Like tcpdump's `bootp_print`, the decoder reads up to the end of the
//! captured IP datagram rather than the UDP length: a message cut by the
//! snapshot length keeps every field that fits ([`Bootp::has`]), and an
//! option area that ends inside an option yields [`Item::Truncated`].

use std::net::Ipv4Addr;
use std::slice::ChunksExact;

use nom::bytes::complete::take;
use nom::number::complete::u8 as nom_u8;

use super::bytes::{be16_at, be32_at, prefix, suffix, Res};
use super::error::{Layer, Stop, StopKind};
use super::Decoded;

/// Byte ranges of the fixed BOOTP header (RFC 951 §3).
pub mod field {
    use std::ops::Range;
    pub const OP: usize = 0;
    pub const HTYPE: usize = 1;
    pub const HLEN: usize = 2;
    pub const HOPS: usize = 3;
    pub const XID: Range<usize> = 4..8;
    pub const SECS: Range<usize> = 8..10;
    pub const FLAGS: Range<usize> = 10..12;
    pub const CIADDR: usize = 12;
    pub const YIADDR: usize = 16;
    pub const SIADDR: usize = 20;
    pub const GIADDR: usize = 24;
    pub const CHADDR: Range<usize> = 28..44;
    pub const SNAME: Range<usize> = 44..108;
    pub const FILE: Range<usize> = 108..236;
    /// The vendor area (RFC 951) / options field (RFC 2131), starting
    /// with the four-byte magic cookie.
    pub const VEND: usize = 236;
    /// The fixed part plus the magic cookie.
    pub const COOKIE_END: usize = 240;
}

/// RFC 1048 / RFC 2132 magic cookie, 99.130.83.99.
pub const MAGIC_COOKIE: [u8; 4] = [99, 130, 83, 99];
/// The CMU vendor area's magic, "CMU\0".
pub const CMU_MAGIC: [u8; 4] = *b"CMU\0";

pub const OP_REQUEST: u8 = 1;
pub const OP_REPLY: u8 = 2;
/// RFC 1542 §3.1.1: the broadcast bit of `flags`.
pub const FLAG_BROADCAST: u16 = 0x8000;
/// ARP hardware type 1, Ethernet.
pub const HTYPE_ETHERNET: u8 = 1;

/// Option codes this decoder types (RFC 2132 unless noted).
pub mod code {
    pub const PAD: u8 = 0;
    pub const SUBNET_MASK: u8 = 1;
    pub const TIME_OFFSET: u8 = 2;
    pub const HOSTNAME: u8 = 12;
    pub const DOMAIN_NAME: u8 = 15;
    pub const STATIC_ROUTES: u8 = 33;
    pub const VENDOR_SPECIFIC: u8 = 43;
    pub const NETBIOS_NODE_TYPE: u8 = 46;
    pub const REQUESTED_IP: u8 = 50;
    pub const LEASE_TIME: u8 = 51;
    pub const OVERLOAD: u8 = 52;
    pub const MESSAGE_TYPE: u8 = 53;
    pub const SERVER_ID: u8 = 54;
    pub const PARAMETER_REQUEST: u8 = 55;
    pub const MESSAGE: u8 = 56;
    pub const RENEWAL_TIME: u8 = 58;
    pub const REBINDING_TIME: u8 = 59;
    pub const VENDOR_CLASS: u8 = 60;
    pub const CLIENT_ID: u8 = 61;
    /// RFC 3004.
    pub const USER_CLASS: u8 = 77;
    /// RFC 4039.
    pub const RAPID_COMMIT: u8 = 80;
    /// RFC 4702.
    pub const CLIENT_FQDN: u8 = 81;
    /// RFC 3046.
    pub const RELAY_AGENT: u8 = 82;
    /// RFC 8910 (was RFC 7710).
    pub const CAPTIVE_PORTAL: u8 = 114;
    /// RFC 2563.
    pub const AUTO_CONFIGURE: u8 = 116;
    /// RFC 3397.
    pub const DOMAIN_SEARCH: u8 = 119;
    /// RFC 3442.
    pub const CLASSLESS_ROUTES: u8 = 121;
    /// RFC 3925.
    pub const VI_VENDOR_CLASS: u8 = 124;
    /// RFC 3925.
    pub const VI_VENDOR_SPECIFIC: u8 = 125;
    /// Microsoft's pre-RFC 3442 classless static routes.
    pub const MS_CLASSLESS_ROUTES: u8 = 249;
    pub const END: u8 = 255;
}

/// Relay agent sub-option codes (RFC 3046 and later).
pub mod agent {
    pub const CIRCUIT_ID: u8 = 1;
    pub const REMOTE_ID: u8 = 2;
    /// RFC 3527.
    pub const LINK_SELECTION: u8 = 5;
    /// RFC 3993.
    pub const SUBSCRIBER_ID: u8 = 6;
    /// RFC 5107.
    pub const SERVER_ID_OVERRIDE: u8 = 11;
}

/// A DHCP message type (option 53): an open enum over the raw value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MessageType(pub u8);

impl MessageType {
    pub const DISCOVER: MessageType = MessageType(1);
    pub const OFFER: MessageType = MessageType(2);
    pub const REQUEST: MessageType = MessageType(3);
    pub const DECLINE: MessageType = MessageType(4);
    pub const ACK: MessageType = MessageType(5);
    pub const NAK: MessageType = MessageType(6);
    pub const RELEASE: MessageType = MessageType(7);
    pub const INFORM: MessageType = MessageType(8);
    /// RFC 3203.
    pub const FORCE_RENEW: MessageType = MessageType(9);
    /// RFC 4388.
    pub const LEASE_QUERY: MessageType = MessageType(10);
    pub const LEASE_UNASSIGNED: MessageType = MessageType(11);
    pub const LEASE_UNKNOWN: MessageType = MessageType(12);
    pub const LEASE_ACTIVE: MessageType = MessageType(13);
}

/// The fixed header fields, in wire order, for asking what was captured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Op,
    Htype,
    Hlen,
    Hops,
    Xid,
    Secs,
    Flags,
    Ciaddr,
    Yiaddr,
    Siaddr,
    Giaddr,
    /// The first six bytes of `chaddr`, an Ethernet address.
    ChaddrMac,
    Chaddr,
    /// The first byte of `sname`.
    SnameFirst,
    Sname,
    /// The first byte of `file`.
    FileFirst,
    File,
    /// The magic cookie (the first four bytes of the vendor area).
    Cookie,
}

impl Field {
    /// How many message bytes must be captured for the field to be.
    pub fn end(self) -> usize {
        match self {
            Field::Op => field::OP + 1,
            Field::Htype => field::HTYPE + 1,
            Field::Hlen => field::HLEN + 1,
            Field::Hops => field::HOPS + 1,
            Field::Xid => field::XID.end,
            Field::Secs => field::SECS.end,
            Field::Flags => field::FLAGS.end,
            Field::Ciaddr => field::CIADDR + 4,
            Field::Yiaddr => field::YIADDR + 4,
            Field::Siaddr => field::SIADDR + 4,
            Field::Giaddr => field::GIADDR + 4,
            Field::ChaddrMac => field::CHADDR.start + 6,
            Field::Chaddr => field::CHADDR.end,
            Field::SnameFirst => field::SNAME.start + 1,
            Field::Sname => field::SNAME.end,
            Field::FileFirst => field::FILE.start + 1,
            Field::File => field::FILE.end,
            Field::Cookie => field::COOKIE_END,
        }
    }
}

/// A BOOTP message. Fields not captured read as zero (or empty slices);
/// [`Bootp::has`] says which were.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bootp<'a> {
    /// The captured message, bounded by the IP datagram (not by the UDP
    /// length: tcpdump reads up to the end of the captured datagram).
    pub raw: &'a [u8],
    /// The message length the UDP and IP layers claim (tcpdump's
    /// `length`).
    pub length: u32,
    /// Offset of the message in the captured frame.
    pub offset: usize,
    pub op: u8,
    pub htype: u8,
    pub hlen: u8,
    pub hops: u8,
    pub xid: u32,
    pub secs: u16,
    pub flags: u16,
    pub ciaddr: Ipv4Addr,
    pub yiaddr: Ipv4Addr,
    pub siaddr: Ipv4Addr,
    pub giaddr: Ipv4Addr,
    /// The captured part of the 16-byte `chaddr` field.
    pub chaddr: &'a [u8],
    /// The captured part of the 64-byte `sname` field.
    pub sname: &'a [u8],
    /// The captured part of the 128-byte `file` field.
    pub file: &'a [u8],
    /// The captured vendor area: magic cookie and options.
    pub vend: &'a [u8],
}

/// What the vendor area holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vendor<'a> {
    /// Fewer than four bytes of it were captured.
    Short,
    /// RFC 1048 extensions / DHCP options after the magic cookie.
    Rfc1048(Options<'a>),
    /// The CMU vendor block.
    Cmu(Cmu<'a>),
    /// Another first word (zero when the area is unused).
    Other(u32),
}

/// Where an option came from (RFC 2131 §4.1 order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    Options,
    /// The `file` field, when option 52 says so.
    File,
    /// The `sname` field, when option 52 says so.
    Sname,
}

impl<'a> Bootp<'a> {
    /// Whether `f` was captured whole.
    pub fn has(&self, f: Field) -> bool {
        self.raw.len() >= f.end()
    }

    /// The whole message (per its claimed length) was captured.
    pub fn captured_whole(&self) -> bool {
        self.raw.len() as u64 >= u64::from(self.length)
    }

    pub fn broadcast(&self) -> bool {
        self.flags & FLAG_BROADCAST != 0
    }

    /// The client's Ethernet address, when htype/hlen say it is one and
    /// it was captured.
    pub fn client_mac(&self) -> Option<super::Mac> {
        if self.htype != HTYPE_ETHERNET || self.hlen != 6 {
            return None;
        }
        let b = self.chaddr.get(..6)?;
        <[u8; 6]>::try_from(b).ok().map(super::Mac)
    }

    /// The first `hlen` bytes of `chaddr` (at most 16, as captured).
    pub fn hardware_address(&self) -> &'a [u8] {
        prefix(self.chaddr, usize::from(self.hlen))
    }

    /// What the vendor area holds.
    pub fn vendor(&self) -> Vendor<'a> {
        let Some(magic) = self.vend.get(..4) else {
            return Vendor::Short;
        };
        if magic == MAGIC_COOKIE {
            Vendor::Rfc1048(self.options())
        } else if magic == CMU_MAGIC {
            Vendor::Cmu(Cmu { vend: self.vend })
        } else {
            Vendor::Other(be32_at(magic, 0).unwrap_or(0))
        }
    }

    /// The magic cookie, when captured.
    pub fn cookie(&self) -> Option<u32> {
        be32_at(self.vend, 0)
    }

    /// The options after an RFC 1048 magic cookie (empty when the vendor
    /// area holds something else).
    pub fn options(&self) -> Options<'a> {
        let body = match self.vend.get(..4) {
            Some(m) if m == MAGIC_COOKIE => suffix(self.vend, 4),
            _ => &[],
        };
        Options::new(
            body,
            self.offset + field::COOKIE_END,
            // An option running past a message captured whole is
            // malformed; otherwise the capture cut it.
            if self.captured_whole() {
                StopKind::Invalid
            } else {
                StopKind::Truncated
            },
        )
    }

    /// The first option with `code` in the options field.
    pub fn option(&self, code: u8) -> Option<DhcpOption<'a>> {
        self.options().find_code(code)
    }

    /// Option 52's value, if present.
    pub fn overload(&self) -> Option<u8> {
        self.option(code::OVERLOAD)
            .and_then(|o| o.data.first().copied())
    }

    /// The message type (option 53), if present and one byte long.
    pub fn message_type(&self) -> Option<MessageType> {
        match self.option(code::MESSAGE_TYPE)?.data {
            [t] => Some(MessageType(*t)),
            _ => None,
        }
    }

    /// Options of an overloaded `file` or `sname` field (RFC 2131 §4.1),
    /// or `None` when option 52 does not name that field.
    pub fn overload_options(&self, area: Area) -> Option<Options<'a>> {
        // RFC 2131 §4.1 defines 1 (file), 2 (sname) and 3 (both).
        let o = self.overload().filter(|o| (1..=3).contains(o))?;
        let (bit, bytes, range) = match area {
            Area::Options => return None,
            Area::File => (1, self.file, field::FILE),
            Area::Sname => (2, self.sname, field::SNAME),
        };
        if o & bit == 0 {
            return None;
        }
        let kind = if bytes.len() == range.len() {
            StopKind::Invalid
        } else {
            StopKind::Truncated
        };
        Some(Options::new(bytes, self.offset + range.start, kind))
    }

    /// Every option area in RFC 2131 order: the options field, then
    /// `file` and `sname` when overloaded.
    pub fn areas(&self) -> impl Iterator<Item = (Area, Options<'a>)> {
        let main =
            matches!(self.vendor(), Vendor::Rfc1048(_)).then(|| (Area::Options, self.options()));
        let file = self.overload_options(Area::File).map(|o| (Area::File, o));
        let sname = self.overload_options(Area::Sname).map(|o| (Area::Sname, o));
        [main, file, sname].into_iter().flatten()
    }
}

/// The CMU vendor block (CMU's bootp implementation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cmu<'a> {
    pub vend: &'a [u8],
}

/// The address fields of a CMU vendor block, in their wire order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmuField {
    SubnetMask,
    Gateway,
    Dns1,
    Dns2,
    Ien1,
    Ien2,
    Ts1,
    Ts2,
}

/// CMU flag: the subnet mask field is valid.
pub const CMU_VF_SMASK: u8 = 1;

impl Cmu<'_> {
    /// The first byte of the flags word, when the whole word was captured.
    pub fn flags(&self) -> Option<u8> {
        self.vend.get(4..8).and_then(|w| w.first().copied())
    }
    /// An address field, when captured.
    pub fn addr(&self, f: CmuField) -> Option<Ipv4Addr> {
        let off = 8 + 4 * f as usize;
        be32_at(self.vend, off).map(Ipv4Addr::from)
    }
}

/// One step through an option area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item<'a> {
    /// A run of `count` pad bytes.
    Pad {
        count: usize,
    },
    End,
    Opt(DhcpOption<'a>),
    /// The area ended inside an option: its length byte or part of its
    /// data is missing. `kind` says whether the capture cut it or the
    /// option runs past the end of the message. Nothing follows.
    Truncated {
        code: u8,
        len: Option<u8>,
        available: &'a [u8],
        kind: StopKind,
        /// Offset of the option's code byte in the frame.
        offset: usize,
    },
}

/// A lazy iterator over an option area (TLVs; pad and end are single
/// bytes). It carries on after an end option, as tcpdump does at -vvv;
/// consumers that honour the end option stop there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options<'a> {
    rest: &'a [u8],
    offset: usize,
    kind: StopKind,
}

/// An option's length byte and data.
fn tlv(i: &[u8]) -> Res<'_, &[u8]> {
    let (i, len) = nom_u8(i)?;
    take(usize::from(len))(i)
}

impl<'a> Options<'a> {
    pub fn new(area: &'a [u8], offset: usize, kind: StopKind) -> Options<'a> {
        Options {
            rest: area,
            offset,
            kind,
        }
    }

    /// The bytes not yet walked.
    pub fn remaining(&self) -> &'a [u8] {
        self.rest
    }

    /// The first option with `code` before the end option.
    pub fn find_code(self, c: u8) -> Option<DhcpOption<'a>> {
        for item in self {
            match item {
                Item::Opt(o) if o.code == c => return Some(o),
                Item::End | Item::Truncated { .. } => return None,
                _ => {}
            }
        }
        None
    }

    /// Where the walk stops early, if it does before an end option.
    pub fn stop(self) -> Option<Stop> {
        for item in self {
            match item {
                Item::End => return None,
                Item::Truncated { kind, offset, .. } => {
                    return Some(Stop {
                        layer: Layer::Bootp,
                        offset,
                        kind,
                    })
                }
                _ => {}
            }
        }
        None
    }

    fn advance(&mut self, n: usize) {
        self.rest = suffix(self.rest, n);
        self.offset += n;
    }
}

impl<'a> Iterator for Options<'a> {
    type Item = Item<'a>;

    fn next(&mut self) -> Option<Item<'a>> {
        let (&c, after) = self.rest.split_first()?;
        match c {
            code::PAD => {
                let count = self.rest.iter().take_while(|&&b| b == code::PAD).count();
                self.advance(count);
                Some(Item::Pad { count })
            }
            code::END => {
                self.advance(1);
                Some(Item::End)
            }
            _ => match tlv(after) {
                Ok((_, data)) => {
                    self.advance(2 + data.len());
                    Some(Item::Opt(DhcpOption { code: c, data }))
                }
                Err(_) => {
                    let item = Item::Truncated {
                        code: c,
                        len: after.first().copied(),
                        available: suffix(after, 1),
                        kind: self.kind,
                        offset: self.offset,
                    };
                    self.rest = &[];
                    Some(item)
                }
            },
        }
    }
}

/// One option (neither pad nor end) with all its data captured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DhcpOption<'a> {
    pub code: u8,
    pub data: &'a [u8],
}

/// Big-endian fixed-size words of an option, plus what is left over.
#[derive(Clone, Debug)]
pub struct Words<'a, const N: usize>(ChunksExact<'a, u8>);

impl<'a, const N: usize> Words<'a, N> {
    pub fn new(data: &'a [u8]) -> Self {
        Words(data.chunks_exact(N))
    }
    /// Bytes after the last whole word.
    pub fn remainder(&self) -> usize {
        self.0.remainder().len()
    }
}

impl<'a> Words<'a, 2> {
    /// The words as big-endian 16-bit numbers.
    pub fn be16s(self) -> impl Iterator<Item = u16> + 'a {
        self.map(u16::from_be_bytes)
    }
}

impl<const N: usize> Iterator for Words<'_, N> {
    type Item = [u8; N];
    fn next(&mut self) -> Option<[u8; N]> {
        self.0.next().and_then(|c| <[u8; N]>::try_from(c).ok())
    }
}

/// The parts of a client FQDN option (RFC 4702 §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fqdn<'a> {
    pub flags: u8,
    pub rcode1: u8,
    pub rcode2: u8,
    /// ASCII, or DNS wire format when the E flag is set.
    pub name: &'a [u8],
}

pub const FQDN_FLAG_S: u8 = 0x01;
pub const FQDN_FLAG_O: u8 = 0x02;
pub const FQDN_FLAG_E: u8 = 0x04;
pub const FQDN_FLAG_N: u8 = 0x08;

/// An option value typed per its RFC. Values whose length does not fit
/// their type are [`Value::Malformed`].
#[derive(Clone, Debug)]
pub enum Value<'a> {
    MessageType(MessageType),
    Addr(Ipv4Addr),
    Addrs(Words<'a, 4>),
    /// (address, address) pairs: policy filters (address, mask) and
    /// static routes (destination, router).
    AddrPairs(Words<'a, 8>),
    /// A duration in seconds.
    Seconds(u32),
    /// A signed offset in seconds (option 2).
    Offset(i32),
    U16(u16),
    U16s(Words<'a, 2>),
    U8(u8),
    Bool(bool),
    /// Text as sent (NVT ASCII per the RFCs; not necessarily UTF-8).
    Text(&'a [u8]),
    ParameterList(&'a [u8]),
    ClientId {
        htype: u8,
        id: &'a [u8],
    },
    Fqdn(Fqdn<'a>),
    RelayAgent(SubOptions<'a>),
    ClasslessRoutes(Routes<'a>),
    DomainSearch(DnsNames<'a>),
    UserClass(UserClasses<'a>),
    ViVendorClass(ViBlocks<'a>),
    ViVendorSpecific(ViBlocks<'a>),
    /// A zero-length flag option (rapid commit).
    Flag,
    /// An option this decoder does not type: raw bytes.
    Raw(&'a [u8]),
    /// A known option whose length does not fit its type.
    Malformed(&'a [u8]),
}

/// How each typed option's value is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Addr,
    Addrs,
    AddrPairs,
    Seconds,
    Offset,
    U16,
    U16s,
    U8,
    Bool,
    Text,
    Flag,
}

/// tcpdump's format for an option's value (its `tag2str` format letters),
/// which the text printer follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TcpdumpFormat {
    /// Not in tcpdump's table: chosen from the length.
    Unknown,
    /// Dotted decimal bytes (also tcpdump's fallback).
    Bytes,
    /// Quoted text.
    Text,
    /// IPv4 addresses.
    Addrs,
    /// Unsigned 32-bit words.
    U32,
    /// Signed 32-bit words.
    I32,
    /// Address pairs.
    Pairs,
    /// 16-bit words.
    U16,
    /// Y/N booleans.
    Bool,
    /// An option with a printer of its own.
    Special,
}

/// Everything netdecode knows of one option code, in one place: the name
/// JSON gives it, the name and value format tcpdump prints, and the type
/// [`DhcpOption::value`] decodes its value to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OptionSpec {
    /// The JSON name (snake_case, after the RFCs), if netdecode has one.
    pub name: Option<&'static str>,
    /// tcpdump's name (`Unknown` for a code tcpdump does not know).
    pub tcpdump_name: &'static str,
    pub tcpdump_format: TcpdumpFormat,
    shape: Option<Shape>,
}

/// The DHCP option table: one row per option code netdecode knows.
pub fn option_spec(code: u8) -> OptionSpec {
    use Shape as S;
    use TcpdumpFormat as F;
    #[rustfmt::skip]
    let (name, tcpdump_name, tcpdump_format, shape) = match code {
        0 => (Some("pad"), "PAD", F::Bytes, None),
        1 => (Some("subnet_mask"), "Subnet-Mask", F::Addrs, Some(S::Addr)),
        2 => (Some("time_offset"), "Time-Zone", F::I32, Some(S::Offset)),
        3 => (Some("router"), "Default-Gateway", F::Addrs, Some(S::Addrs)),
        4 => (Some("time_server"), "Time-Server", F::Addrs, Some(S::Addrs)),
        5 => (Some("name_server"), "IEN-Name-Server", F::Addrs, Some(S::Addrs)),
        6 => (Some("domain_name_server"), "Domain-Name-Server", F::Addrs, Some(S::Addrs)),
        7 => (Some("log_server"), "LOG", F::Addrs, Some(S::Addrs)),
        8 => (Some("cookie_server"), "CS", F::Addrs, Some(S::Addrs)),
        9 => (Some("lpr_server"), "LPR-Server", F::Addrs, Some(S::Addrs)),
        10 => (Some("impress_server"), "IM", F::Addrs, Some(S::Addrs)),
        11 => (Some("resource_location_server"), "RL", F::Addrs, Some(S::Addrs)),
        12 => (Some("hostname"), "Hostname", F::Text, Some(S::Text)),
        13 => (Some("boot_file_size"), "BS", F::U16, Some(S::U16)),
        14 => (Some("merit_dump_file"), "DP", F::Text, Some(S::Text)),
        15 => (Some("domain_name"), "Domain-Name", F::Text, Some(S::Text)),
        16 => (Some("swap_server"), "SS", F::Addrs, Some(S::Addr)),
        17 => (Some("root_path"), "RP", F::Text, Some(S::Text)),
        18 => (Some("extensions_path"), "EP", F::Text, Some(S::Text)),
        19 => (Some("ip_forwarding"), "IPF", F::Bool, Some(S::Bool)),
        20 => (Some("non_local_source_routing"), "SRT", F::Bool, Some(S::Bool)),
        21 => (Some("policy_filter"), "PF", F::Pairs, Some(S::AddrPairs)),
        22 => (Some("max_datagram_reassembly_size"), "RSZ", F::U16, Some(S::U16)),
        23 => (Some("default_ip_ttl"), "TTL", F::Bytes, Some(S::U8)),
        24 => (Some("path_mtu_aging_timeout"), "MTU-Timeout", F::U32, Some(S::Seconds)),
        25 => (Some("path_mtu_plateau_table"), "MTU-Table", F::U16, Some(S::U16s)),
        26 => (Some("interface_mtu"), "MTU", F::U16, Some(S::U16)),
        27 => (Some("all_subnets_local"), "LSN", F::Bool, Some(S::Bool)),
        28 => (Some("broadcast_address"), "BR", F::Addrs, Some(S::Addr)),
        29 => (Some("perform_mask_discovery"), "MD", F::Bool, Some(S::Bool)),
        30 => (Some("mask_supplier"), "MS", F::Bool, Some(S::Bool)),
        31 => (Some("perform_router_discovery"), "Router-Discovery", F::Bool, Some(S::Bool)),
        32 => (Some("router_solicitation_address"), "RSA", F::Addrs, Some(S::Addr)),
        33 => (Some("static_routes"), "Static-Route", F::Pairs, Some(S::AddrPairs)),
        34 => (Some("trailer_encapsulation"), "UT", F::Bool, Some(S::Bool)),
        35 => (Some("arp_cache_timeout"), "AT", F::U32, Some(S::Seconds)),
        36 => (Some("ethernet_encapsulation"), "IE", F::Bool, Some(S::Bool)),
        37 => (Some("tcp_default_ttl"), "TT", F::Bytes, Some(S::U8)),
        38 => (Some("tcp_keepalive_interval"), "KI", F::U32, Some(S::Seconds)),
        39 => (Some("tcp_keepalive_garbage"), "KG", F::Bool, Some(S::Bool)),
        40 => (Some("nis_domain"), "YD", F::Text, Some(S::Text)),
        41 => (Some("nis_servers"), "YS", F::Addrs, Some(S::Addrs)),
        42 => (Some("ntp_servers"), "NTP", F::Addrs, Some(S::Addrs)),
        43 => (Some("vendor_specific"), "Vendor-Option", F::Bytes, None),
        44 => (Some("netbios_name_servers"), "Netbios-Name-Server", F::Addrs, Some(S::Addrs)),
        45 => (Some("netbios_dd_servers"), "WDD", F::Addrs, Some(S::Addrs)),
        46 => (Some("netbios_node_type"), "Netbios-Node", F::Special, Some(S::U8)),
        47 => (Some("netbios_scope"), "Netbios-Scope", F::Text, Some(S::Text)),
        48 => (Some("x_font_servers"), "XFS", F::Addrs, Some(S::Addrs)),
        49 => (Some("x_display_managers"), "XDM", F::Addrs, Some(S::Addrs)),
        50 => (Some("requested_ip"), "Requested-IP", F::Addrs, Some(S::Addr)),
        51 => (Some("lease_time"), "Lease-Time", F::U32, Some(S::Seconds)),
        52 => (Some("option_overload"), "OO", F::Special, Some(S::U8)),
        53 => (Some("message_type"), "DHCP-Message", F::Bytes, None),
        54 => (Some("server_id"), "Server-ID", F::Addrs, Some(S::Addr)),
        55 => (Some("parameter_request_list"), "Parameter-Request", F::Bytes, None),
        56 => (Some("message"), "MSG", F::Text, Some(S::Text)),
        57 => (Some("max_message_size"), "MSZ", F::U16, Some(S::U16)),
        58 => (Some("renewal_time"), "RN", F::U32, Some(S::Seconds)),
        59 => (Some("rebinding_time"), "RB", F::U32, Some(S::Seconds)),
        60 => (Some("vendor_class"), "Vendor-Class", F::Text, Some(S::Text)),
        61 => (Some("client_id"), "Client-ID", F::Special, None),
        62 => (Some("netware_ip_domain"), "Unknown", F::Unknown, Some(S::Text)),
        63 => (Some("netware_ip_option"), "Unknown", F::Unknown, None),
        64 => (Some("nis_plus_domain"), "N+D", F::U16, Some(S::Text)),
        65 => (Some("nis_plus_servers"), "N+S", F::Addrs, Some(S::Addrs)),
        66 => (Some("tftp_server_name"), "TFTP", F::Text, Some(S::Text)),
        67 => (Some("bootfile_name"), "BF", F::Text, Some(S::Text)),
        68 => (Some("mobile_ip_home_agent"), "MH", F::Addrs, Some(S::Addrs)),
        69 => (Some("smtp_servers"), "SMTP", F::Addrs, Some(S::Addrs)),
        70 => (Some("pop3_servers"), "POP3", F::Addrs, Some(S::Addrs)),
        71 => (Some("nntp_servers"), "NNTP", F::Addrs, Some(S::Addrs)),
        72 => (Some("www_servers"), "WWW", F::Addrs, Some(S::Addrs)),
        73 => (Some("finger_servers"), "FG", F::Addrs, Some(S::Addrs)),
        74 => (Some("irc_servers"), "IRC", F::Addrs, Some(S::Addrs)),
        75 => (Some("streettalk_servers"), "STS", F::Addrs, Some(S::Addrs)),
        76 => (Some("streettalk_directory_assistance_servers"), "STDA", F::Addrs, Some(S::Addrs)),
        77 => (Some("user_class"), "User-Class", F::Special, None),
        78 => (Some("slp_directory_agent"), "SLP-DA", F::Bytes, None),
        79 => (Some("slp_service_scope"), "SLP-SCOPE", F::Bytes, None),
        80 => (Some("rapid_commit"), "SLP-NA", F::Text, Some(S::Flag)),
        81 => (Some("client_fqdn"), "FQDN", F::Special, None),
        82 => (Some("relay_agent_information"), "Agent-Information", F::Special, None),
        83 => (Some("isns"), "ARMT", F::Bytes, None),
        85 => (Some("nds_servers"), "Unknown", F::Unknown, Some(S::Addrs)),
        86 => (Some("nds_tree_name"), "Unknown", F::Unknown, Some(S::Text)),
        87 => (Some("nds_context"), "Unknown", F::Unknown, Some(S::Text)),
        88 => (Some("bcmcs_domain_names"), "TZSTR", F::Text, None),
        89 => (Some("bcmcs_addresses"), "FQDNS", F::Bytes, Some(S::Addrs)),
        90 => (Some("authentication"), "AUTH", F::Bytes, None),
        91 => (Some("client_last_transaction_time"), "Last-Transaction-Time", F::I32, Some(S::Seconds)),
        92 => (Some("associated_ip"), "Associated-IP", F::Addrs, Some(S::Addrs)),
        93 => (Some("client_system_architecture"), "ARCH", F::U16, Some(S::U16s)),
        94 => (Some("client_ndi"), "NDI", F::Bytes, None),
        95 => (Some("ldap"), "LDAP", F::Text, Some(S::Text)),
        97 => (Some("client_uuid"), "GUID", F::Bytes, None),
        98 => (Some("user_auth"), "UAP", F::Text, Some(S::Text)),
        99 => (Some("geoconf_civic"), "Unknown", F::Unknown, None),
        100 => (Some("posix_timezone"), "POSIX-TZ", F::Text, Some(S::Text)),
        101 => (Some("tz_database_name"), "TZ-Name", F::Text, Some(S::Text)),
        108 => (Some("ipv6_only_preferred"), "Unknown", F::Unknown, Some(S::Seconds)),
        112 => (Some("netinfo_address"), "NI", F::Addrs, Some(S::Addrs)),
        113 => (Some("netinfo_tag"), "NITAG", F::Text, Some(S::Text)),
        114 => (Some("captive_portal"), "URL", F::Text, Some(S::Text)),
        116 => (Some("auto_configure"), "NOAUTO", F::Bool, Some(S::Bool)),
        117 => (Some("name_service_search"), "NSSEARCH", F::U16, None),
        118 => (Some("subnet_selection"), "SUBNET", F::Addrs, Some(S::Addr)),
        119 => (Some("domain_search"), "Unknown", F::Unknown, None),
        120 => (Some("sip_servers"), "Unknown", F::Unknown, None),
        121 => (Some("classless_static_routes"), "Classless-Static-Route", F::Special, None),
        124 => (Some("vi_vendor_class"), "Unknown", F::Unknown, None),
        125 => (Some("vi_vendor_specific"), "Unknown", F::Unknown, None),
        138 => (Some("capwap_access_controllers"), "Unknown", F::Unknown, Some(S::Addrs)),
        150 => (Some("tftp_server_address"), "TFTP-Server-Address", F::Addrs, Some(S::Addrs)),
        161 => (Some("mud_url"), "MUD-URL", F::Text, Some(S::Text)),
        249 => (Some("ms_classless_static_routes"), "Classless-Static-Route-Microsoft", F::Special, None),
        252 => (Some("wpad"), "Unknown", F::Unknown, Some(S::Text)),
        255 => (Some("end"), "END", F::Bytes, None),
        _ => (None, "Unknown", F::Unknown, None),
    };
    OptionSpec {
        name,
        tcpdump_name,
        tcpdump_format,
        shape,
    }
}

impl<'a> DhcpOption<'a> {
    /// The data as IPv4 addresses.
    pub fn addrs(&self) -> Words<'a, 4> {
        Words::new(self.data)
    }
    /// The data as big-endian 32-bit words.
    pub fn u32s(&self) -> impl Iterator<Item = u32> + 'a {
        Words::<4>::new(self.data).map(u32::from_be_bytes)
    }
    /// The data as IPv4 addresses (a partial last word left out).
    pub fn ipv4s(&self) -> impl Iterator<Item = Ipv4Addr> + 'a {
        Words::<4>::new(self.data).map(Ipv4Addr::from)
    }
    /// The data as big-endian signed 32-bit words.
    pub fn i32s(&self) -> impl Iterator<Item = i32> + 'a {
        Words::<4>::new(self.data).map(i32::from_be_bytes)
    }
    /// The data as big-endian 16-bit words.
    pub fn u16s(&self) -> impl Iterator<Item = u16> + 'a {
        Words::<2>::new(self.data).map(u16::from_be_bytes)
    }
    /// The data as pairs of IPv4 addresses.
    pub fn addr_pairs(&self) -> impl Iterator<Item = (Ipv4Addr, Ipv4Addr)> + 'a {
        Words::<8>::new(self.data).map(|w| {
            let [a, b, c, d, e, f, g, h] = w;
            (Ipv4Addr::new(a, b, c, d), Ipv4Addr::new(e, f, g, h))
        })
    }

    /// Client identifier (option 61): type byte and identifier.
    pub fn client_id(&self) -> Option<(u8, &'a [u8])> {
        let (&t, id) = self.data.split_first()?;
        Some((t, id))
    }

    /// Client FQDN (option 81), when at least its three fixed bytes are
    /// there.
    pub fn fqdn(&self) -> Option<Fqdn<'a>> {
        match self.data {
            [flags, rcode1, rcode2, name @ ..] => Some(Fqdn {
                flags: *flags,
                rcode1: *rcode1,
                rcode2: *rcode2,
                name,
            }),
            _ => None,
        }
    }

    /// Sub-options (relay agent information and the like).
    pub fn sub_options(&self) -> SubOptions<'a> {
        SubOptions { rest: self.data }
    }

    /// Classless static routes (options 121 and 249).
    pub fn routes(&self) -> Routes<'a> {
        Routes {
            rest: self.data,
            done: false,
        }
    }

    /// User class instances (option 77).
    pub fn user_classes(&self) -> UserClasses<'a> {
        UserClasses {
            rest: self.data,
            done: false,
        }
    }

    /// The value, typed per the option's RFC.
    pub fn value(&self) -> Value<'a> {
        let d = self.data;
        let bad = Value::Malformed(d);
        match self.code {
            code::MESSAGE_TYPE => match d {
                [t] => Value::MessageType(MessageType(*t)),
                _ => bad,
            },
            code::PARAMETER_REQUEST => Value::ParameterList(d),
            code::CLIENT_ID => match self.client_id() {
                Some((htype, id)) => Value::ClientId { htype, id },
                None => bad,
            },
            code::CLIENT_FQDN => self.fqdn().map_or(bad, Value::Fqdn),
            code::RELAY_AGENT => Value::RelayAgent(self.sub_options()),
            code::CLASSLESS_ROUTES | code::MS_CLASSLESS_ROUTES => {
                let r = self.routes();
                if r.too_short() || r.clone().any(|i| !matches!(i, RouteItem::Route(_))) {
                    bad
                } else {
                    Value::ClasslessRoutes(r)
                }
            }
            code::DOMAIN_SEARCH => {
                let n = DnsNames::new(d);
                if n.clone().all(|r| r.is_some()) {
                    Value::DomainSearch(n)
                } else {
                    bad
                }
            }
            code::USER_CLASS => {
                let u = self.user_classes();
                if u.too_short() || u.clone().any(|i| !matches!(i, ClassItem::Instance(_))) {
                    bad
                } else {
                    Value::UserClass(u)
                }
            }
            code::VI_VENDOR_CLASS | code::VI_VENDOR_SPECIFIC => {
                let v = ViBlocks { rest: d };
                if v.clone().all(|b| b.is_some()) && !d.is_empty() {
                    if self.code == code::VI_VENDOR_CLASS {
                        Value::ViVendorClass(v)
                    } else {
                        Value::ViVendorSpecific(v)
                    }
                } else {
                    bad
                }
            }
            c => match option_spec(c).shape {
                None => Value::Raw(d),
                Some(s) => typed(s, d).unwrap_or(bad),
            },
        }
    }
}

fn typed(s: Shape, d: &[u8]) -> Option<Value<'_>> {
    let exact = |n: usize| (d.len() == n).then_some(());
    let multiple = |n: usize| (!d.is_empty() && d.len() % n == 0).then_some(());
    Some(match s {
        Shape::Addr => {
            exact(4)?;
            Value::Addr(Ipv4Addr::from(be32_at(d, 0)?))
        }
        Shape::Addrs => {
            multiple(4)?;
            Value::Addrs(Words::new(d))
        }
        Shape::AddrPairs => {
            multiple(8)?;
            Value::AddrPairs(Words::new(d))
        }
        Shape::Seconds => {
            exact(4)?;
            Value::Seconds(be32_at(d, 0)?)
        }
        Shape::Offset => {
            exact(4)?;
            Value::Offset(be32_at(d, 0)? as i32)
        }
        Shape::U16 => {
            exact(2)?;
            Value::U16(be16_at(d, 0)?)
        }
        Shape::U16s => {
            multiple(2)?;
            Value::U16s(Words::new(d))
        }
        Shape::U8 => match d {
            [v] => Value::U8(*v),
            _ => return None,
        },
        Shape::Bool => match d {
            [0] => Value::Bool(false),
            [1] => Value::Bool(true),
            _ => return None,
        },
        Shape::Text => {
            if d.is_empty() {
                return None;
            }
            Value::Text(d)
        }
        Shape::Flag => {
            exact(0)?;
            Value::Flag
        }
    })
}

/// One step through a sub-option list (code, length, data), as relay
/// agent information (RFC 3046 §2.0) and V-I vendor options use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubItem<'a> {
    Sub {
        code: u8,
        data: &'a [u8],
    },
    /// The sub-option's length runs past the end of the option; the rest
    /// of the option is skipped.
    PastEnd {
        code: u8,
        len: u8,
        available: usize,
    },
    /// A single byte left over, too short for a sub-option header.
    Trailing(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SubOptions<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for SubOptions<'a> {
    type Item = SubItem<'a>;
    fn next(&mut self) -> Option<SubItem<'a>> {
        match self.rest {
            [] => None,
            [_] => {
                self.rest = &[];
                Some(SubItem::Trailing(1))
            }
            [code, len, rest @ ..] => {
                let (code, len) = (*code, *len);
                match rest.get(..usize::from(len)) {
                    Some(data) => {
                        self.rest = suffix(rest, usize::from(len));
                        Some(SubItem::Sub { code, data })
                    }
                    None => {
                        self.rest = &[];
                        Some(SubItem::PastEnd {
                            code,
                            len,
                            available: rest.len(),
                        })
                    }
                }
            }
        }
    }
}

/// A classless static route (RFC 3442 §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Route {
    /// Prefix length, 0 to 32.
    pub width: u8,
    /// The destination, significant octets followed by zeros.
    pub dest: Ipv4Addr,
    pub router: Ipv4Addr,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RouteItem {
    Route(Route),
    /// A prefix length over 32; the rest of the option is skipped.
    BadWidth(u8),
    /// Fewer bytes left than the descriptor needs; the rest is skipped.
    Short {
        remaining: usize,
        need: usize,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Routes<'a> {
    rest: &'a [u8],
    done: bool,
}

impl Routes<'_> {
    /// Shorter than the smallest route (a default route, five bytes).
    pub fn too_short(&self) -> bool {
        self.rest.len() < 5
    }
}

impl Iterator for Routes<'_> {
    type Item = RouteItem;
    fn next(&mut self) -> Option<RouteItem> {
        if self.done {
            return None;
        }
        let (&width, rest) = self.rest.split_first()?;
        if width > 32 {
            self.done = true;
            return Some(RouteItem::BadWidth(width));
        }
        let sig = usize::from(width).div_ceil(8);
        let need = sig + 4;
        let (Some(dest), Some(router)) = (rest.get(..sig), rest.get(sig..need)) else {
            self.done = true;
            return Some(RouteItem::Short {
                remaining: rest.len(),
                need,
            });
        };
        let mut d = [0u8; 4];
        for (slot, b) in d.iter_mut().zip(dest) {
            *slot = *b;
        }
        let r = be32_at(router, 0).unwrap_or(0);
        self.rest = suffix(rest, need);
        Some(RouteItem::Route(Route {
            width,
            dest: Ipv4Addr::from(d),
            router: Ipv4Addr::from(r),
        }))
    }
}

/// One step through a user class option (RFC 3004 §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClassItem<'a> {
    Instance(&'a [u8]),
    /// An instance of length zero; the rest is skipped.
    ZeroLength,
    /// An instance longer than what is left; the rest is skipped.
    Overrun,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UserClasses<'a> {
    rest: &'a [u8],
    done: bool,
}

impl UserClasses<'_> {
    /// Shorter than one instance can be (two bytes).
    pub fn too_short(&self) -> bool {
        self.rest.len() < 2
    }
}

impl<'a> Iterator for UserClasses<'a> {
    type Item = ClassItem<'a>;
    fn next(&mut self) -> Option<ClassItem<'a>> {
        if self.done {
            return None;
        }
        let (&len, rest) = self.rest.split_first()?;
        if len == 0 {
            self.done = true;
            return Some(ClassItem::ZeroLength);
        }
        match rest.get(..usize::from(len)) {
            Some(data) => {
                self.rest = suffix(rest, usize::from(len));
                Some(ClassItem::Instance(data))
            }
            None => {
                self.done = true;
                Some(ClassItem::Overrun)
            }
        }
    }
}

/// A vendor-identifying block (RFC 3925 §3, §4): an enterprise number
/// and its data (opaque class data for option 124, sub-options for 125).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ViBlock<'a> {
    pub enterprise: u32,
    pub data: &'a [u8],
}

impl<'a> ViBlock<'a> {
    /// The data as sub-options (option 125).
    pub fn sub_options(&self) -> SubOptions<'a> {
        SubOptions { rest: self.data }
    }
    /// The data as length-prefixed class strings (option 124).
    pub fn classes(&self) -> UserClasses<'a> {
        UserClasses {
            rest: self.data,
            done: false,
        }
    }
}

/// The blocks of a V-I option; `None` when a block runs past the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ViBlocks<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for ViBlocks<'a> {
    type Item = Option<ViBlock<'a>>;
    fn next(&mut self) -> Option<Option<ViBlock<'a>>> {
        if self.rest.is_empty() {
            return None;
        }
        let block = be32_at(self.rest, 0).and_then(|enterprise| {
            let len = usize::from(*self.rest.get(4)?);
            let data = self.rest.get(5..5 + len)?;
            Some((ViBlock { enterprise, data }, 5 + len))
        });
        match block {
            Some((b, n)) => {
                self.rest = suffix(self.rest, n);
                Some(Some(b))
            }
            None => {
                self.rest = &[];
                Some(None)
            }
        }
    }
}

/// The most compression pointers followed in one name.
const MAX_POINTERS: usize = 64;

/// A list of DNS names in wire format with RFC 1035 §4.1.4 compression,
/// pointers relative to the start of `buf` (RFC 3397 §2). Yields `None`
/// for a name that is malformed, then stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DnsNames<'a> {
    buf: &'a [u8],
    pos: usize,
    done: bool,
}

impl<'a> DnsNames<'a> {
    pub fn new(buf: &'a [u8]) -> DnsNames<'a> {
        DnsNames {
            buf,
            pos: 0,
            done: false,
        }
    }
}

impl<'a> Iterator for DnsNames<'a> {
    type Item = Option<DnsName<'a>>;
    fn next(&mut self) -> Option<Option<DnsName<'a>>> {
        if self.done || self.pos >= self.buf.len() {
            return None;
        }
        let name = DnsName {
            buf: self.buf,
            start: self.pos,
        };
        // Find where this name ends in place: after its root label or
        // after its first pointer.
        let mut p = self.pos;
        let end = loop {
            match self.buf.get(p) {
                None => break None,
                Some(0) => break Some(p + 1),
                Some(&l) if l & 0xc0 == 0xc0 => {
                    break (p + 1 < self.buf.len()).then_some(p + 2);
                }
                Some(&l) if l & 0xc0 != 0 => break None,
                Some(&l) => p += 1 + usize::from(l),
            }
        };
        match end {
            Some(e) if name.labels().all(|l| l.is_some()) => {
                self.pos = e;
                Some(Some(name))
            }
            _ => {
                self.done = true;
                Some(None)
            }
        }
    }
}

/// One DNS name inside a buffer that compression pointers refer to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DnsName<'a> {
    buf: &'a [u8],
    start: usize,
}

impl<'a> DnsName<'a> {
    /// A name in uncompressed wire format at the start of `buf`.
    pub fn uncompressed(buf: &'a [u8]) -> DnsName<'a> {
        DnsName { buf, start: 0 }
    }

    /// The labels in order, following pointers; `None` marks a bad label
    /// or pointer and ends the walk. The root label is not yielded.
    pub fn labels(&self) -> Labels<'a> {
        Labels {
            buf: self.buf,
            pos: self.start,
            hops: 0,
            done: false,
        }
    }

    /// Whether the name is well formed.
    pub fn is_valid(&self) -> bool {
        self.labels().all(|l| l.is_some())
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Labels<'a> {
    buf: &'a [u8],
    pos: usize,
    hops: usize,
    done: bool,
}

impl<'a> Iterator for Labels<'a> {
    type Item = Option<&'a [u8]>;
    fn next(&mut self) -> Option<Option<&'a [u8]>> {
        if self.done {
            return None;
        }
        loop {
            let Some(&l) = self.buf.get(self.pos) else {
                self.done = true;
                return Some(None);
            };
            match l & 0xc0 {
                0x00 if l == 0 => {
                    self.done = true;
                    return None;
                }
                0x00 => {
                    let start = self.pos + 1;
                    let label = self.buf.get(start..start + usize::from(l));
                    self.pos = start + usize::from(l);
                    if label.is_none() {
                        self.done = true;
                    }
                    return Some(label);
                }
                0xc0 => {
                    let target = be16_at(self.buf, self.pos).map(|p| usize::from(p & 0x3fff));
                    self.hops += 1;
                    match target {
                        // Pointers must go backwards (loops are refused too).
                        Some(t) if t < self.pos && self.hops <= MAX_POINTERS => self.pos = t,
                        _ => {
                            self.done = true;
                            return Some(None);
                        }
                    }
                }
                _ => {
                    self.done = true;
                    return Some(None);
                }
            }
        }
    }
}

/// Decodes a BOOTP message: `p` is the captured UDP payload up to the end
/// of the IP datagram, `length` the length the UDP/IP layers claim, `off`
/// its offset in the frame. Sets a stop when the message is cut short
/// or an option overruns it.
pub fn decode<'a>(p: &'a [u8], length: u32, off: usize, d: &mut Decoded<'a>) -> Bootp<'a> {
    let byte = |i: usize| p.get(i).copied().unwrap_or(0);
    let addr = |i: usize| Ipv4Addr::from(be32_at(p, i).unwrap_or(0));
    let slice = |r: std::ops::Range<usize>| prefix(suffix(p, r.start), r.len());
    let b = Bootp {
        raw: p,
        length,
        offset: off,
        op: byte(field::OP),
        htype: byte(field::HTYPE),
        hlen: byte(field::HLEN),
        hops: byte(field::HOPS),
        xid: be32_at(p, field::XID.start).unwrap_or(0),
        secs: be16_at(p, field::SECS.start).unwrap_or(0),
        flags: be16_at(p, field::FLAGS.start).unwrap_or(0),
        ciaddr: addr(field::CIADDR),
        yiaddr: addr(field::YIADDR),
        siaddr: addr(field::SIADDR),
        giaddr: addr(field::GIADDR),
        chaddr: slice(field::CHADDR),
        sname: slice(field::SNAME),
        file: slice(field::FILE),
        vend: suffix(p, field::VEND),
    };
    if !b.has(Field::Cookie) {
        // The fixed part and cookie did not fit: cut by the capture, or a
        // message too short to be BOOTP.
        let kind = if b.captured_whole() {
            StopKind::Invalid
        } else {
            StopKind::Truncated
        };
        d.stop = Some(Stop {
            layer: Layer::Bootp,
            offset: off + p.len(),
            kind,
        });
    } else if let Some(stop) = b.areas().find_map(|(_, o)| o.stop()) {
        d.stop = Some(stop);
    } else if !b.captured_whole() && !b.options().any(|i| i == Item::End) {
        // The capture ended between options, before the end option.
        d.stop = Some(Stop::truncated(Layer::Bootp, off + p.len()));
    }
    b
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::decode::{decode as decode_frame, App, LinkType};
    use crate::testdata::BootpFrame;

    /// A DHCPDISCOVER over IPv4/UDP (raw IP link), options as given.
    fn discover(options: &[u8]) -> Vec<u8> {
        let broadcast = BootpFrame {
            xid: 0x1234_5678,
            flags: 0x8000,
            ..BootpFrame::request()
        };
        broadcast.frame(options)
    }

    fn bootp(frame: &[u8], wire: usize) -> (Bootp<'_>, Option<Stop>) {
        let d = decode_frame(LinkType::RAW, frame, wire as u32);
        let App::Bootp(b) = d.app else {
            panic!("no bootp in {:?}", d)
        };
        (b, d.stop)
    }

    #[test]
    fn fixed_part_and_options() {
        let f = discover(&[
            53, 1, 1, // message type: discover
            55, 3, 1, 3, 6, // parameter request list
            0, 0,   // pad
            255, // end
        ]);
        let (b, stop) = bootp(&f, f.len());
        assert_eq!(stop, None);
        assert_eq!((b.op, b.htype, b.hlen, b.xid), (1, 1, 6, 0x1234_5678));
        assert!(b.broadcast());
        assert_eq!(b.client_mac(), Some(crate::decode::Mac([2, 0, 0, 0, 0, 1])));
        assert_eq!(b.message_type(), Some(MessageType::DISCOVER));
        let items: Vec<_> = b.options().collect();
        assert_eq!(
            items,
            vec![
                Item::Opt(DhcpOption {
                    code: 53,
                    data: &[1]
                }),
                Item::Opt(DhcpOption {
                    code: 55,
                    data: &[1, 3, 6]
                }),
                Item::Pad { count: 2 },
                Item::End,
            ]
        );
    }

    #[test]
    fn option_running_past_the_message_is_invalid() {
        // Option 12 claims 9 bytes, 2 are there; the message was captured whole.
        let f = discover(&[53, 1, 1, 12, 9, b'a', b'b']);
        let (b, stop) = bootp(&f, f.len());
        let stop = stop.unwrap();
        assert_eq!((stop.layer, stop.kind), (Layer::Bootp, StopKind::Invalid));
        assert_eq!(stop.offset, 20 + 8 + 240 + 3);
        let last = b.options().last().unwrap();
        assert!(matches!(
            last,
            Item::Truncated {
                code: 12,
                len: Some(9),
                available: b"ab",
                kind: StopKind::Invalid,
                ..
            }
        ));
    }

    #[test]
    fn every_truncation_keeps_what_fits() {
        let f = discover(&[53, 1, 3, 50, 4, 10, 0, 0, 9, 255]);
        let full = f.len();
        for n in 28..full {
            let (b, stop) = bootp(&f[..n], full);
            let got = n - 28;
            assert_eq!(b.raw.len(), got);
            assert_eq!(b.has(Field::Flags), got >= 12, "len {n}");
            assert_eq!(b.has(Field::Cookie), got >= 240, "len {n}");
            assert_eq!(b.chaddr.len(), got.saturating_sub(28).min(16));
            // Until the end option is captured, decoding stops for lack of bytes.
            if got < full - 28 {
                assert_eq!(stop.map(|s| s.kind), Some(StopKind::Truncated), "len {n}");
            }
            assert!(b.options().count() <= 3);
        }
    }

    #[test]
    fn typed_values() {
        let v = |c: u8, d: &'static [u8]| DhcpOption { code: c, data: d }.value();
        assert!(matches!(v(51, &[0, 0, 0x0e, 0x10]), Value::Seconds(3600)));
        assert!(matches!(v(2, &[0xff, 0xff, 0xff, 0xff]), Value::Offset(-1)));
        assert!(matches!(v(54, &[10, 0, 0, 1]), Value::Addr(a) if a == Ipv4Addr::new(10, 0, 0, 1)));
        assert!(matches!(v(54, &[10, 0, 0]), Value::Malformed(_)));
        assert!(
            matches!(v(6, &[1, 1, 1, 1, 8, 8, 8, 8]), Value::Addrs(a) if a.clone().count() == 2)
        );
        assert!(matches!(v(80, &[]), Value::Flag));
        assert!(matches!(
            v(61, &[1, 2, 0, 0, 0, 0, 1]),
            Value::ClientId { htype: 1, .. }
        ));
        assert!(matches!(v(200, &[1]), Value::Raw(&[1])));
        assert!(matches!(v(19, &[2]), Value::Malformed(_)));
    }

    #[test]
    fn classless_routes() {
        // 0/0 via 10.0.0.1; 10.17/16 via 10.0.0.2; then a width of 33.
        let d = [0, 10, 0, 0, 1, 16, 10, 17, 10, 0, 0, 2, 33, 1];
        let o = DhcpOption {
            code: 121,
            data: &d,
        };
        let r: Vec<_> = o.routes().collect();
        assert_eq!(r.len(), 3);
        assert_eq!(
            r[1],
            RouteItem::Route(Route {
                width: 16,
                dest: Ipv4Addr::new(10, 17, 0, 0),
                router: Ipv4Addr::new(10, 0, 0, 2)
            })
        );
        assert_eq!(r[2], RouteItem::BadWidth(33));
        assert!(matches!(o.value(), Value::Malformed(_)));
        let short = DhcpOption {
            code: 121,
            data: &[24, 192, 168, 1, 10, 0],
        };
        assert_eq!(
            short.routes().collect::<Vec<_>>(),
            vec![RouteItem::Short {
                remaining: 5,
                need: 7
            }]
        );
    }

    #[test]
    fn agent_sub_options() {
        let d = [1, 2, b'e', b'0', 2, 9, b'x'];
        let s: Vec<_> = DhcpOption { code: 82, data: &d }.sub_options().collect();
        assert_eq!(
            s,
            vec![
                SubItem::Sub {
                    code: 1,
                    data: b"e0"
                },
                SubItem::PastEnd {
                    code: 2,
                    len: 9,
                    available: 1
                },
            ]
        );
        let t: Vec<_> = DhcpOption {
            code: 82,
            data: &[1, 0, 7],
        }
        .sub_options()
        .collect();
        assert_eq!(
            t,
            vec![SubItem::Sub { code: 1, data: &[] }, SubItem::Trailing(1)]
        );
    }

    #[test]
    fn domain_search_with_compression() {
        // "eng.example.com", then "example.com" as a pointer to offset 4.
        let d = [
            3, b'e', b'n', b'g', 7, b'e', b'x', b'a', b'm', b'p', b'l', b'e', 3, b'c', b'o', b'm',
            0, 0xc0, 4,
        ];
        let names: Vec<Vec<&[u8]>> = DnsNames::new(&d)
            .map(|n| n.unwrap().labels().map(|l| l.unwrap()).collect())
            .collect();
        assert_eq!(
            names,
            vec![
                vec![&b"eng"[..], b"example", b"com"],
                vec![&b"example"[..], b"com"]
            ]
        );
        // A pointer to itself is refused.
        let bad = [0xc0, 0];
        assert_eq!(DnsNames::new(&bad).next(), Some(None));
    }

    #[test]
    fn overload_reads_file_and_sname() {
        let mut f = discover(&[52, 1, 3, 255]);
        // file field at 28 + 108, sname at 28 + 44 (after IP and UDP headers).
        f[28 + 108..28 + 108 + 4].copy_from_slice(&[12, 1, b'h', 255]);
        f[28 + 44..28 + 44 + 3].copy_from_slice(&[53, 1, 2]);
        let (b, _) = bootp(&f, f.len());
        let areas: Vec<_> = b
            .areas()
            .map(|(a, o)| (a, o.filter(|i| matches!(i, Item::Opt(_))).count()))
            .collect();
        assert_eq!(
            areas,
            vec![(Area::Options, 1), (Area::File, 1), (Area::Sname, 1)]
        );
    }

    #[test]
    fn no_panic_on_any_prefix_of_junk() {
        let junk: Vec<u8> = (0..=255u8).cycle().take(600).collect();
        for n in 0..junk.len() {
            let mut d = Decoded::new(&junk[..n], n as u32);
            let b = decode(&junk[..n], n as u32, 0, &mut d);
            for (_, area) in b.areas() {
                for item in area {
                    if let Item::Opt(o) = item {
                        let _ = o.value();
                        o.sub_options().for_each(drop);
                        o.routes().for_each(drop);
                        o.user_classes().for_each(drop);
                        DnsNames::new(o.data).for_each(drop);
                    }
                }
            }
        }
    }
}
