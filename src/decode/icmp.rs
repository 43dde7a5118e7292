//! ICMP. RFC 792; RFC 950 (address mask); RFC 1191 (next-hop MTU);
//! RFC 1256 (router discovery); RFC 1812 section 5.2.7.1 (unreachable
//! codes 13-15); RFC 4884 (multi-part messages); RFC 4950 (MPLS label
//! stack object); RFC 5837 (interface information object).
//!
//! An error message (unreachable, source quench, redirect, time exceeded,
//! parameter problem) quotes the start of the datagram that caused it. The
//! quote is decoded eagerly, with the IPv4, UDP and TCP decoders, into a
//! [`Quote`]: the outermost message holds the whole chain of quotes
//! ([`Quotes`]), since a quoted ICMP message may itself be an error that
//! quotes a datagram. The chain is walked iteratively and stops after
//! [`MAX_QUOTE_DEPTH`] levels, so the record stays fixed-size and hostile
//! nesting cannot exhaust the stack.

use std::net::Ipv4Addr;

use super::bytes::{be16_at, be32_at, checksum, prefix, suffix};
use super::dispatch::{self, PortPrinter};
use super::error::{Layer, Stop};
use super::{igmp, ipv4, tcp, udp, vrrp, App, Decoded, Net, Transport};

/// Message types (RFC 792 and later; the IANA "ICMP Type Numbers" registry).
pub mod kind {
    pub const ECHO_REPLY: u8 = 0;
    pub const UNREACH: u8 = 3;
    pub const SOURCE_QUENCH: u8 = 4;
    pub const REDIRECT: u8 = 5;
    pub const ECHO: u8 = 8;
    pub const ROUTER_ADVERT: u8 = 9;
    pub const ROUTER_SOLICIT: u8 = 10;
    pub const TIME_EXCEEDED: u8 = 11;
    pub const PARAM_PROBLEM: u8 = 12;
    pub const TSTAMP: u8 = 13;
    pub const TSTAMP_REPLY: u8 = 14;
    pub const INFO_REQUEST: u8 = 15;
    pub const INFO_REPLY: u8 = 16;
    pub const MASK_REQUEST: u8 = 17;
    pub const MASK_REPLY: u8 = 18;
    /// RFC 8335 extended echo request and reply.
    pub const EXT_ECHO: u8 = 42;
    pub const EXT_ECHO_REPLY: u8 = 43;
}

/// Destination unreachable codes (RFC 792, RFC 1122, RFC 1812).
pub mod unreach {
    pub const NET: u8 = 0;
    pub const HOST: u8 = 1;
    pub const PROTOCOL: u8 = 2;
    pub const PORT: u8 = 3;
    pub const NEED_FRAG: u8 = 4;
    pub const SRC_ROUTE_FAILED: u8 = 5;
    pub const NET_UNKNOWN: u8 = 6;
    pub const HOST_UNKNOWN: u8 = 7;
    pub const ISOLATED: u8 = 8;
    pub const NET_PROHIB: u8 = 9;
    pub const HOST_PROHIB: u8 = 10;
    pub const TOS_NET: u8 = 11;
    pub const TOS_HOST: u8 = 12;
    pub const FILTER_PROHIB: u8 = 13;
    pub const HOST_PRECEDENCE: u8 = 14;
    pub const PRECEDENCE_CUTOFF: u8 = 15;
}

/// Byte offsets from the start of the ICMP message.
mod field {
    pub const CODE: usize = 1;
    pub const CHECKSUM: usize = 2;
    /// Identifier (echo, timestamp, information), or the parameter
    /// problem pointer, or the router advertisement address count.
    pub const ID: usize = 4;
    pub const SEQ: usize = 6;
    pub const GATEWAY: usize = 4;
    pub const POINTER: usize = 4;
    /// RFC 4884 length of the original datagram, in 32-bit words.
    pub const ORIG_LEN: usize = 5;
    /// RFC 1191 next-hop MTU.
    pub const MTU: usize = 6;
    pub const RA_NUM: usize = 4;
    pub const RA_SIZE: usize = 5;
    pub const RA_LIFETIME: usize = 6;
    pub const RA_ENTRIES: usize = 8;
    pub const RA_ENTRY_LEN: usize = 8;
    pub const ORIGINATE: usize = 8;
    pub const RECEIVE: usize = 12;
    pub const TRANSMIT: usize = 16;
    pub const MASK: usize = 8;
    /// The quoted datagram of an error message.
    pub const QUOTE: usize = 8;
    /// Fields of the quoted IPv4 header.
    pub const QUOTE_TOTAL_LEN: usize = QUOTE + 2;
    pub const QUOTE_PROTO: usize = QUOTE + 9;
    pub const QUOTE_DST: usize = QUOTE + 16;
    /// RFC 4884: the extension structure follows a 128-byte original
    /// datagram field (tcpdump looks for it there whatever the length
    /// attribute says).
    pub const EXT: usize = QUOTE + 128;
    /// The captured bytes tcpdump insists on before looking at an
    /// extension: the message up to the first byte of extension data.
    pub const EXT_MIN_CAPTURED: usize = EXT + 5;
    pub const EXT_HEADER_LEN: u32 = 4;
    pub const EXT_OBJECT_HEADER_LEN: u32 = 4;
}

/// The deepest chain of quotes decoded (an error quoting an error quoting
/// ...). Real stacks never nest errors (RFC 1122 section 3.2.2), so more
/// than one level only appears in crafted packets.
pub const MAX_QUOTE_DEPTH: usize = 2;

/// True for the error messages that quote the offending datagram.
pub fn is_error(icmp_type: u8) -> bool {
    matches!(
        icmp_type,
        kind::UNREACH
            | kind::SOURCE_QUENCH
            | kind::REDIRECT
            | kind::TIME_EXCEEDED
            | kind::PARAM_PROBLEM
    )
}

/// True for the types that may carry RFC 4884 multi-part extensions.
pub fn may_have_extensions(icmp_type: u8) -> bool {
    matches!(
        icmp_type,
        kind::UNREACH | kind::TIME_EXCEEDED | kind::PARAM_PROBLEM
    )
}

/// The fields of a message that its type gives meaning to, or why they
/// are missing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body<'a> {
    /// Echo request or reply.
    Echo { id: u16, seq: u16 },
    /// Destination unreachable. `dst` and `proto` come from the quoted
    /// IPv4 header; `port` is the quoted destination port (code 3 only,
    /// else 0), found after a header of the quoted IHL, as tcpdump does
    /// without checking it; `mtu` is the RFC 1191 next-hop MTU (code 4
    /// only, else 0).
    Unreachable {
        dst: Ipv4Addr,
        proto: u8,
        port: u16,
        mtu: u16,
    },
    /// Redirect `dst` to `gateway`.
    Redirect { dst: Ipv4Addr, gateway: Ipv4Addr },
    /// Router advertisement. `entries` holds the `num` (address,
    /// preference) pairs when `entry_size` is 2 words, else nothing.
    RouterAdvert {
        num: u8,
        entry_size: u8,
        lifetime: u16,
        entries: &'a [u8],
    },
    /// Time exceeded; `dst` is the quoted destination.
    TimeExceeded { dst: Ipv4Addr },
    /// Parameter problem; `pointer` is the octet pointer (code 0 only).
    ParamProblem { pointer: Option<u8> },
    /// Timestamp request.
    TimestampRequest { id: u16, seq: u16 },
    /// Timestamp reply: milliseconds since midnight UT.
    TimestampReply {
        id: u16,
        seq: u16,
        originate: u32,
        receive: u32,
        transmit: u32,
    },
    /// Address mask reply.
    MaskReply { mask: u32 },
    /// A type with no fields that tcpdump reads (source quench, router
    /// solicitation, information request/reply, mask request, unknown
    /// types).
    Plain,
    /// The fields this type needs were not captured. `recoverable` is
    /// true where tcpdump checks the length and returns from the ICMP
    /// printer (`ND_TCHECK`), false where a failed fetch ends the whole
    /// packet (`GET_*`): it matters for a message quoted in another one,
    /// whose printing continues after a recoverable stop.
    Truncated { recoverable: bool },
}

/// One (address, preference) pair of a router advertisement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RouterEntry {
    pub addr: Ipv4Addr,
    pub preference: u32,
}

/// The RFC 4884 extension structure, looked for where tcpdump looks: 128
/// bytes into the original datagram field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extension<'a> {
    /// Not a type that carries extensions, or the message is too short to
    /// hold one (136 bytes or less).
    None,
    /// The message is long enough, but its first 141 bytes were not all
    /// captured.
    Truncated,
    Present(ExtHeader<'a>),
}

/// An extension header and its objects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExtHeader<'a> {
    /// The RFC 4884 length attribute of the message (byte 5), in words.
    pub orig_len: u8,
    pub version: u8,
    pub checksum: u16,
    /// Claimed bytes from the extension header to the end of the message.
    pub length: u32,
    /// The Internet checksum over those bytes (0 when it verifies);
    /// `None` when they were not all captured.
    pub computed: Option<u16>,
    /// The captured bytes from the extension header on.
    pub area: &'a [u8],
}

impl<'a> ExtHeader<'a> {
    /// tcpdump's heuristic: with no length attribute, the extension is
    /// only believed when its checksum verifies (or cannot be checked).
    pub fn believed(&self) -> bool {
        !(self.orig_len == 0 && self.computed.is_some_and(|s| s != 0))
    }

    /// The objects, walked as tcpdump walks them (RFC 4884 section 7).
    pub fn objects(&self) -> Objects<'a> {
        Objects {
            area: self.area,
            pos: field::EXT_HEADER_LEN as usize,
            left: self.length.wrapping_sub(field::EXT_HEADER_LEN),
            done: false,
        }
    }
}

/// One step of the object walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtItem<'a> {
    /// An object header; what follows it.
    Object {
        length: u16,
        class: u8,
        ctype: u8,
        data: ObjData<'a>,
    },
    /// The next object header was not captured (the walk ends).
    Truncated,
}

/// The contents of an extension object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjData<'a> {
    /// Class 0 or a length below the object header: the walk ends.
    Bad,
    /// RFC 4950 MPLS label stack (class 1, C-type 1): its first entry.
    Mpls {
        label: u32,
        tc: u8,
        bottom: bool,
        ttl: u8,
    },
    /// The first MPLS entry was not captured (the walk ends).
    MplsTruncated,
    /// Any other object: the captured part of its data.
    Raw(&'a [u8]),
}

/// The extension object walk; see [`ExtHeader::objects`].
#[derive(Clone, Debug)]
pub struct Objects<'a> {
    area: &'a [u8],
    pos: usize,
    /// Bytes left per the message length, as tcpdump counts them (with
    /// its unsigned wrap-around when the message ends inside the header).
    left: u32,
    done: bool,
}

impl<'a> Iterator for Objects<'a> {
    type Item = ExtItem<'a>;
    fn next(&mut self) -> Option<ExtItem<'a>> {
        if self.done || self.left <= field::EXT_OBJECT_HEADER_LEN {
            return None;
        }
        let head = self
            .pos
            .checked_add(4)
            .and_then(|e| self.area.get(self.pos..e));
        let Some(&[l0, l1, class, ctype]) = head else {
            self.done = true;
            return Some(ExtItem::Truncated);
        };
        let length = u16::from_be_bytes([l0, l1]);
        self.pos += 4;
        self.left -= field::EXT_OBJECT_HEADER_LEN;
        if class == 0 || u32::from(length) < field::EXT_OBJECT_HEADER_LEN {
            self.done = true;
            return Some(ExtItem::Object {
                length,
                class,
                ctype,
                data: ObjData::Bad,
            });
        }
        let data_len = u32::from(length) - field::EXT_OBJECT_HEADER_LEN;
        let data = if class == 1 && ctype == 1 {
            match be32_at(self.area, self.pos) {
                Some(raw) => ObjData::Mpls {
                    label: raw >> 12,
                    tc: ((raw >> 9) & 7) as u8,
                    bottom: raw & 0x100 != 0,
                    ttl: raw as u8,
                },
                None => {
                    self.done = true;
                    ObjData::MplsTruncated
                }
            }
        } else {
            ObjData::Raw(prefix(suffix(self.area, self.pos), data_len as usize))
        };
        if self.left < data_len {
            self.done = true;
        } else {
            self.left -= data_len;
            self.pos = self.pos.saturating_add(data_len as usize);
        }
        Some(ExtItem::Object {
            length,
            class,
            ctype,
            data,
        })
    }
}

/// One ICMP message, without what it quotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Message<'a> {
    pub icmp_type: u8,
    pub code: u8,
    /// The checksum field, when captured.
    pub checksum: Option<u16>,
    /// The message length the IP layer claims.
    pub length: u32,
    /// The captured message, header included, bounded by the IP length.
    pub bytes: &'a [u8],
    /// The second word of the header (identifier and sequence number,
    /// gateway, pointer, ...), when captured.
    pub rest: Option<u32>,
    pub body: Body<'a>,
    pub ext: Extension<'a>,
    /// Where the message starts in the captured frame.
    pub offset: usize,
}

impl<'a> Message<'a> {
    /// The Internet checksum over the whole message (0 when it verifies);
    /// `None` when the message was not captured whole.
    pub fn computed_checksum(&self) -> Option<u16> {
        let len = usize::try_from(self.length).ok()?;
        (self.bytes.len() >= len).then(|| checksum(prefix(self.bytes, len), 0))
    }

    /// The total length field of the quoted IPv4 header, when this is an
    /// error message and the field was captured.
    pub fn quoted_len(&self) -> Option<u16> {
        if is_error(self.icmp_type) {
            be16_at(self.bytes, field::QUOTE_TOTAL_LEN)
        } else {
            None
        }
    }

    /// The router advertisement entries (empty for other types).
    pub fn router_entries(&self) -> impl Iterator<Item = RouterEntry> + 'a {
        let entries = match self.body {
            Body::RouterAdvert { entries, .. } => entries,
            _ => &[],
        };
        entries.chunks_exact(field::RA_ENTRY_LEN).filter_map(|e| {
            Some(RouterEntry {
                addr: Ipv4Addr::from(be32_at(e, 0)?),
                preference: be32_at(e, 4)?,
            })
        })
    }
}

/// One level of quoting: the datagram an error message quotes, as far as
/// it was quoted and captured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quote<'a> {
    /// The quoted bytes, bounded by the quoted total length.
    pub bytes: &'a [u8],
    /// `None` when not even the first byte is there (a zero total length).
    pub ip: Option<ipv4::Ipv4<'a>>,
    pub transport: Quoted<'a>,
    pub app: App<'a>,
    /// Where decoding of the quoted datagram stopped, if it did.
    pub stop: Option<Stop>,
    /// The quoted total length.
    pub length: u32,
    /// The datagram carries a tunnel (GRE, IP in IP, or UDP to a tunnel's
    /// port), which a quote's record does not follow: see
    /// [`decode_tunnel_quote`].
    pub tunnel: bool,
}

/// The transport layer of a quoted datagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quoted<'a> {
    None,
    Udp(udp::Udp<'a>),
    Tcp(tcp::Tcp<'a>),
    /// A quoted ICMP message; what it quotes in turn is the next level of
    /// the chain.
    Icmp(Message<'a>),
    Igmp(igmp::Igmp<'a>),
    Vrrp(vrrp::Vrrp<'a>),
    Other {
        proto: u8,
        payload: &'a [u8],
    },
}

/// The chain of quotes of an error message, outermost first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quotes<'a> {
    levels: [Option<Quote<'a>>; MAX_QUOTE_DEPTH],
    len: usize,
    /// The chain went deeper than [`MAX_QUOTE_DEPTH`].
    pub cut: bool,
}

impl<'a> Quotes<'a> {
    const EMPTY: Quotes<'a> = Quotes {
        levels: [None; MAX_QUOTE_DEPTH],
        len: 0,
        cut: false,
    };

    /// The levels decoded, outermost first.
    pub fn levels(&self) -> impl Iterator<Item = &Quote<'a>> + '_ {
        self.levels.iter().take(self.len).flatten()
    }

    pub fn first(&self) -> Option<&Quote<'a>> {
        self.get(0)
    }

    /// The level at `depth` (0 is what the outermost message quotes).
    pub fn get(&self, depth: usize) -> Option<&Quote<'a>> {
        self.levels.get(depth)?.as_ref()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn push(&mut self, q: Quote<'a>) -> bool {
        match self.levels.get_mut(self.len) {
            Some(slot) => {
                *slot = Some(q);
                self.len += 1;
                true
            }
            None => false,
        }
    }
}

/// An ICMP message and the chain of datagrams it quotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Icmp<'a> {
    pub msg: Message<'a>,
    pub quotes: Quotes<'a>,
}

/// The fields a message's type needs, in the order tcpdump fetches them.
fn body(p: &[u8], icmp_type: u8, code: u8) -> Body<'_> {
    let u16_at = |o| be16_at(p, o);
    let addr_at = |o| be32_at(p, o).map(Ipv4Addr::from);
    let fatal = Body::Truncated { recoverable: false };
    let soft = Body::Truncated { recoverable: true };
    let got = match icmp_type {
        kind::ECHO | kind::ECHO_REPLY => (|| {
            Some(Body::Echo {
                id: u16_at(field::ID)?,
                seq: u16_at(field::SEQ)?,
            })
        })(),
        kind::UNREACH => {
            let (mut proto, mut port, mut mtu) = (0, 0, 0);
            match code {
                unreach::PORT => {
                    let Some(&pr) = p.get(field::QUOTE_PROTO) else {
                        return soft;
                    };
                    let ihl = p.get(field::QUOTE).map_or(0, |v| usize::from(v & 0x0f) * 4);
                    let Some(dport) = u16_at(field::QUOTE + ihl + 2) else {
                        return fatal;
                    };
                    proto = pr;
                    port = dport;
                }
                unreach::PROTOCOL => {
                    let Some(&pr) = p.get(field::QUOTE_PROTO) else {
                        return fatal;
                    };
                    proto = pr;
                }
                unreach::NEED_FRAG => {
                    let Some(m) = u16_at(field::MTU) else {
                        return fatal;
                    };
                    mtu = m;
                }
                _ => {}
            }
            addr_at(field::QUOTE_DST).map(|dst| Body::Unreachable {
                dst,
                proto,
                port,
                mtu,
            })
        }
        kind::REDIRECT => (|| {
            Some(Body::Redirect {
                dst: addr_at(field::QUOTE_DST)?,
                gateway: addr_at(field::GATEWAY)?,
            })
        })(),
        kind::ROUTER_ADVERT => {
            let (Some(&num), Some(&entry_size), Some(lifetime)) = (
                p.get(field::RA_NUM),
                p.get(field::RA_SIZE),
                u16_at(field::RA_LIFETIME),
            ) else {
                return soft;
            };
            let mut entries: &[u8] = &[];
            if entry_size == 2 {
                let want = usize::from(num) * field::RA_ENTRY_LEN;
                let Some(e) = p.get(field::RA_ENTRIES..field::RA_ENTRIES + want) else {
                    return soft;
                };
                entries = e;
            }
            Some(Body::RouterAdvert {
                num,
                entry_size,
                lifetime,
                entries,
            })
        }
        kind::TIME_EXCEEDED => match addr_at(field::QUOTE_DST) {
            Some(dst) => Some(Body::TimeExceeded { dst }),
            None => return soft,
        },
        kind::PARAM_PROBLEM => {
            let pointer = p.get(field::POINTER).copied();
            if code == 0 && pointer.is_none() {
                None
            } else {
                Some(Body::ParamProblem { pointer })
            }
        }
        kind::MASK_REPLY => be32_at(p, field::MASK).map(|mask| Body::MaskReply { mask }),
        kind::TSTAMP => (|| {
            Some(Body::TimestampRequest {
                id: u16_at(field::ID)?,
                seq: u16_at(field::SEQ)?,
            })
        })(),
        kind::TSTAMP_REPLY => {
            let Some(transmit) = be32_at(p, field::TRANSMIT) else {
                return soft;
            };
            (|| {
                Some(Body::TimestampReply {
                    id: u16_at(field::ID)?,
                    seq: u16_at(field::SEQ)?,
                    originate: be32_at(p, field::ORIGINATE)?,
                    receive: be32_at(p, field::RECEIVE)?,
                    transmit,
                })
            })()
        }
        _ => Some(Body::Plain),
    };
    got.unwrap_or(fatal)
}

fn extension(p: &[u8], icmp_type: u8, length: u32) -> Extension<'_> {
    if !may_have_extensions(icmp_type) || length <= field::EXT as u32 {
        return Extension::None;
    }
    if p.len() < field::EXT_MIN_CAPTURED {
        return Extension::Truncated;
    }
    let area = suffix(p, field::EXT);
    let ext_len = length - field::EXT as u32;
    let (Some(&vres), Some(sum), Some(&orig_len)) =
        (area.first(), be16_at(area, 2), p.get(field::ORIG_LEN))
    else {
        return Extension::Truncated;
    };
    Extension::Present(ExtHeader {
        orig_len,
        version: vres >> 4,
        checksum: sum,
        length: ext_len,
        computed: (area.len() as u64 >= u64::from(ext_len))
            .then(|| checksum(prefix(area, ext_len as usize), 0)),
        area,
    })
}

/// Decodes one message; `None` when not even its type and code were
/// captured.
fn message(p: &[u8], length: u32, offset: usize) -> Option<Message<'_>> {
    let (&icmp_type, &code) = (p.first()?, p.get(field::CODE)?);
    Some(Message {
        icmp_type,
        code,
        checksum: be16_at(p, field::CHECKSUM),
        length,
        bytes: p,
        rest: be32_at(p, field::ID),
        body: body(p, icmp_type, code),
        ext: extension(p, icmp_type, length),
        offset,
    })
}

/// Decodes a message into `d` without following its quote.
fn decode_message<'a>(
    p: &'a [u8],
    length: u32,
    off: usize,
    d: &mut Decoded<'a>,
) -> Option<Message<'a>> {
    let Some(msg) = message(p, length, off) else {
        d.stop = Some(Stop::truncated(Layer::Icmp, off));
        return None;
    };
    if let Body::Truncated { .. } = msg.body {
        d.stop = Some(Stop::truncated(Layer::Icmp, off));
    }
    Some(msg)
}

/// Decodes an ICMP message at `off` and the chain of datagrams it quotes;
/// `length` is the IP payload length.
pub fn decode<'a>(p: &'a [u8], length: u32, off: usize, d: &mut Decoded<'a>) {
    if let Some(msg) = decode_message(p, length, off, d) {
        d.transport = Transport::Icmp(Icmp {
            msg,
            quotes: quotes_of(&msg),
        });
    }
}

/// Decodes the chain of datagrams that `msg` quotes, up to
/// [`MAX_QUOTE_DEPTH`] levels; a printer that wants to go deeper calls it
/// again on the last quoted message.
pub fn quotes_of<'a>(msg: &Message<'a>) -> Quotes<'a> {
    let mut quotes = Quotes::EMPTY;
    let mut cur = *msg;
    while let Some(total) = cur.quoted_len() {
        let bytes = prefix(suffix(cur.bytes, field::QUOTE), usize::from(total));
        let mut scratch = Decoded::quoted(bytes, u32::from(total));
        ipv4::decode_quoted(
            bytes,
            u32::from(total),
            cur.offset + field::QUOTE,
            &mut scratch,
        );
        let ip = match scratch.net {
            Net::Ipv4(ip) => Some(ip),
            _ => None,
        };
        let transport = match scratch.transport {
            Transport::None => Quoted::None,
            Transport::Udp(u) => Quoted::Udp(u),
            Transport::Tcp(t) => Quoted::Tcp(t),
            Transport::Icmp(i) => Quoted::Icmp(i.msg),
            Transport::Igmp(m) => Quoted::Igmp(m),
            Transport::Vrrp(v) => Quoted::Vrrp(v),
            // An IPv4 header never leads to ICMPv6.
            Transport::Icmp6(_) => Quoted::None,
            Transport::Other { proto, payload } => Quoted::Other { proto, payload },
            // Quoted datagrams do not follow tunnels.
            Transport::Gre(_) | Transport::IpInIp { .. } => Quoted::None,
        };
        let tunnel = match scratch.transport {
            Transport::Other { proto, .. } => {
                matches!(proto, ipv4::PROTO_GRE | ipv4::PROTO_IPIP | ipv4::PROTO_IPV6)
            }
            Transport::Udp(u) => matches!(
                dispatch::udp_port(u.src_port, u.dst_port),
                PortPrinter::Vxlan
                    | PortPrinter::Geneve
                    | PortPrinter::VxlanGpe
                    | PortPrinter::Mpls
                    | PortPrinter::BcmLi
            ),
            _ => false,
        };
        let level = Quote {
            bytes,
            ip,
            transport,
            app: scratch.app,
            stop: scratch.stop,
            length: u32::from(total),
            tunnel,
        };
        if !quotes.push(level) {
            quotes.cut = true;
            break;
        }
        match transport {
            Quoted::Icmp(inner) => cur = inner,
            _ => break,
        }
    }
    quotes
}

/// Decodes a quoted datagram that carries a tunnel, following it: tcpdump
/// prints what a quoted tunnel packet carries. A quote's fixed-size record
/// holds no levels of its own (see `encap`), so the printer of a quote whose
/// [`Quote::tunnel`] is set asks for this record instead; its offsets count
/// from the quote's first byte, and an ICMP message inside it does not have
/// its own quote followed.
pub fn decode_tunnel_quote<'a>(q: &Quote<'a>) -> Decoded<'a> {
    let mut d = Decoded::new(q.bytes, q.length);
    ipv4::decode_quoted(q.bytes, q.length, 0, &mut d);
    d
}

/// Decodes an ICMP message quoted in another one: its own quote is left to
/// the outermost [`decode`], which walks the chain.
pub(crate) fn decode_quoted<'a>(p: &'a [u8], length: u32, off: usize, d: &mut Decoded<'a>) {
    if let Some(msg) = decode_message(p, length, off, d) {
        d.transport = Transport::Icmp(Icmp {
            msg,
            quotes: Quotes::EMPTY,
        });
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::super::{decode as decode_frame, LinkType, StopKind};
    use super::*;
    use crate::testdata::PORT_UNREACH;

    fn icmp_of(frame: &[u8], wire: u32) -> (Option<Icmp<'_>>, Option<Stop>) {
        let d = decode_frame(LinkType::RAW, frame, wire);
        match d.transport {
            Transport::Icmp(i) => (Some(i), d.stop),
            _ => (None, d.stop),
        }
    }

    /// A message after a 20-byte IPv4 header; only the ICMP checksum is
    /// computed (the decoder does not check the IPv4 one).
    fn frame(t: u8, c: u8, rest: [u8; 4], data: &[u8]) -> Vec<u8> {
        let total = (28 + data.len()) as u16;
        let mut p = vec![
            0x45, 0, 0, 0, 0, 1, 0, 0, 64, 1, 0, 0, 10, 0, 0, 9, 10, 0, 0, 2,
        ];
        p[2..4].copy_from_slice(&total.to_be_bytes());
        let mut m = vec![t, c, 0, 0];
        m.extend(rest);
        m.extend(data);
        let s = checksum(&m, 0);
        m[2..4].copy_from_slice(&s.to_be_bytes());
        p.extend(m);
        p
    }

    #[test]
    fn port_unreachable_fields_and_quote() {
        let (Some(i), stop) = icmp_of(&PORT_UNREACH, 64) else {
            panic!("no icmp")
        };
        assert_eq!(stop, None);
        let m = i.msg;
        assert_eq!((m.icmp_type, m.code, m.length), (3, 3, 44));
        assert_eq!(m.computed_checksum(), Some(0));
        assert_eq!(
            m.body,
            Body::Unreachable {
                dst: Ipv4Addr::new(10, 0, 0, 3),
                proto: 17,
                port: 33434,
                mtu: 0
            }
        );
        assert_eq!(m.quoted_len(), Some(36));
        assert_eq!(m.ext, Extension::None);
        assert_eq!(i.quotes.len(), 1);
        let q = i.quotes.first().unwrap();
        let ip = q.ip.unwrap();
        assert_eq!(ip.header.src, Ipv4Addr::new(10, 0, 0, 2));
        assert_eq!(ip.header.id, 0x1234);
        let Quoted::Udp(u) = q.transport else {
            panic!("not udp")
        };
        assert_eq!((u.src_port, u.dst_port, u.ulen()), (40000, 33434, 8));
        assert_eq!(u.payload, b"abcdefgh");
        // Stops inside the quote are offsets in the outer frame.
        assert_eq!(q.stop, None);
    }

    #[test]
    fn port_unreachable_cut_at_every_length() {
        for n in 0..=PORT_UNREACH.len() {
            let (i, stop) = icmp_of(&PORT_UNREACH[..n], 64);
            let msg_len = n.saturating_sub(20);
            if n < 20 {
                assert!(i.is_none(), "len {n}");
                continue;
            }
            if msg_len < 2 {
                assert!(i.is_none(), "len {n}");
                assert_eq!(stop, Some(Stop::truncated(Layer::Icmp, 20)), "len {n}");
                continue;
            }
            let i = i.unwrap();
            // The quoted protocol is checked (recoverable), then the port
            // and the address are fetched (fatal).
            let want_body = match msg_len {
                0..=17 => Some(Body::Truncated { recoverable: true }),
                18..=31 => Some(Body::Truncated { recoverable: false }),
                _ => None,
            };
            match want_body {
                Some(b) => {
                    assert_eq!(i.msg.body, b, "len {n}");
                    assert_eq!(stop, Some(Stop::truncated(Layer::Icmp, 20)), "len {n}");
                }
                None => {
                    assert!(
                        matches!(i.msg.body, Body::Unreachable { port: 33434, .. }),
                        "len {n}"
                    );
                    assert_eq!(stop, None, "len {n}");
                }
            }
            assert_eq!(i.msg.checksum.is_some(), msg_len >= 4, "len {n}");
            assert_eq!(
                i.msg.computed_checksum().is_some(),
                msg_len >= 44,
                "len {n}"
            );
            // The quote is decoded once its total length field is there.
            assert_eq!(i.quotes.len(), usize::from(msg_len >= 12), "len {n}");
            if let Some(q) = i.quotes.first() {
                let ip = q.ip.unwrap();
                match msg_len - 8 {
                    0..=19 => {
                        assert_eq!(ip.form, ipv4::Form::Short, "len {n}");
                        assert_eq!(q.stop, Some(Stop::truncated(Layer::Ip, 28)), "len {n}");
                    }
                    20..=23 => {
                        assert!(
                            matches!(q.transport, Quoted::Udp(u) if u.form == udp::Form::NoPorts)
                        );
                        assert_eq!(q.stop, Some(Stop::truncated(Layer::Udp, 48)), "len {n}");
                    }
                    _ => assert!(matches!(q.transport, Quoted::Udp(u) if u.src_port == 40000)),
                }
            }
        }
    }

    #[test]
    fn type_specific_fields() {
        let f = frame(8, 0, [0x04, 0xd2, 0, 7], b"ping");
        let (Some(i), _) = icmp_of(&f, 36) else {
            panic!()
        };
        assert_eq!(i.msg.body, Body::Echo { id: 1234, seq: 7 });
        assert!(i.quotes.is_empty());

        let f = frame(3, 4, [0, 0, 0x05, 0xdc], &PORT_UNREACH[28..]);
        let (Some(i), _) = icmp_of(&f, f.len() as u32) else {
            panic!()
        };
        assert!(matches!(i.msg.body, Body::Unreachable { mtu: 1500, .. }));

        let f = frame(5, 1, [192, 168, 1, 254], &PORT_UNREACH[28..]);
        let (Some(i), _) = icmp_of(&f, f.len() as u32) else {
            panic!()
        };
        assert_eq!(
            i.msg.body,
            Body::Redirect {
                dst: Ipv4Addr::new(10, 0, 0, 3),
                gateway: Ipv4Addr::new(192, 168, 1, 254)
            }
        );

        // Two router entries: 10.0.0.1 preference 5, 10.0.0.2 preference -1.
        #[rustfmt::skip]
        let entries = [10, 0, 0, 1, 0, 0, 0, 5, 10, 0, 0, 2, 0xff, 0xff, 0xff, 0xff];
        let f = frame(9, 0, [2, 2, 0x07, 0x08], &entries);
        let (Some(i), _) = icmp_of(&f, f.len() as u32) else {
            panic!()
        };
        assert!(matches!(
            i.msg.body,
            Body::RouterAdvert {
                num: 2,
                entry_size: 2,
                lifetime: 1800,
                ..
            }
        ));
        let e: Vec<_> = i.msg.router_entries().collect();
        assert_eq!(e.len(), 2);
        assert_eq!(e[1].addr, Ipv4Addr::new(10, 0, 0, 2));
        assert_eq!(e[1].preference, u32::MAX);
        // One entry missing: recoverable.
        let (Some(i), stop) = icmp_of(&f[..f.len() - 1], f.len() as u32) else {
            panic!()
        };
        assert_eq!(i.msg.body, Body::Truncated { recoverable: true });
        assert_eq!(stop.map(|s| s.kind), Some(StopKind::Truncated));

        let f = frame(14, 0, [0, 5, 0, 6], &[0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3]);
        let (Some(i), _) = icmp_of(&f, f.len() as u32) else {
            panic!()
        };
        assert_eq!(
            i.msg.body,
            Body::TimestampReply {
                id: 5,
                seq: 6,
                originate: 1,
                receive: 2,
                transmit: 3
            }
        );

        let f = frame(12, 0, [7, 0, 0, 0], &PORT_UNREACH[28..]);
        let (Some(i), _) = icmp_of(&f, f.len() as u32) else {
            panic!()
        };
        assert_eq!(i.msg.body, Body::ParamProblem { pointer: Some(7) });

        let f = frame(18, 0, [0, 5, 0, 6], &[255, 255, 240, 0]);
        let (Some(i), _) = icmp_of(&f, f.len() as u32) else {
            panic!()
        };
        assert_eq!(i.msg.body, Body::MaskReply { mask: 0xffff_f000 });

        let f = frame(42, 0, [0, 5, 6, 1], &[]);
        let (Some(i), _) = icmp_of(&f, f.len() as u32) else {
            panic!()
        };
        assert_eq!((i.msg.body, i.msg.rest), (Body::Plain, Some(0x0005_0601)));
    }

    /// A time exceeded message: the quote padded to 128 bytes, then `ext`.
    fn with_ext(orig_len: u8, ext: &[u8]) -> Vec<u8> {
        let mut data = PORT_UNREACH[28..].to_vec();
        data.resize(128, 0);
        data.extend(ext);
        frame(11, 0, [0, orig_len, 0, 0], &data)
    }

    #[test]
    fn extension_objects() {
        #[rustfmt::skip]
        let ext = [
            0x20, 0x00, 0x00, 0x00, // version 2, checksum (filled below)
            0x00, 0x0c, 0x01, 0x01, // MPLS label stack, two entries
            0x00, 0x01, 0x06, 0xff, // label 16, tc 3, ttl 255
            0x00, 0x01, 0x11, 0x02, // label 17, S, ttl 2
            0x00, 0x07, 0x02, 0x0e, // interface information, 3 bytes of data
            b'a', b'b', b'c',
        ];
        let mut ext = ext.to_vec();
        let s = checksum(&ext, 0);
        ext[2..4].copy_from_slice(&s.to_be_bytes());
        let f = with_ext(32, &ext);
        let (Some(i), _) = icmp_of(&f, f.len() as u32) else {
            panic!()
        };
        let Extension::Present(h) = i.msg.ext else {
            panic!("{:?}", i.msg.ext)
        };
        assert!(h.believed());
        assert_eq!((h.version, h.length, h.computed), (2, 23, Some(0)));
        let items: Vec<_> = h.objects().collect();
        assert_eq!(
            items,
            [
                ExtItem::Object {
                    length: 12,
                    class: 1,
                    ctype: 1,
                    data: ObjData::Mpls {
                        label: 16,
                        tc: 3,
                        bottom: false,
                        ttl: 255
                    }
                },
                ExtItem::Object {
                    length: 7,
                    class: 2,
                    ctype: 14,
                    data: ObjData::Raw(b"abc")
                },
            ]
        );
        // Without a length attribute, a bad checksum means no extension.
        let mut bad = ext.clone();
        bad[2] ^= 1;
        let f = with_ext(0, &bad);
        let (Some(i), _) = icmp_of(&f, f.len() as u32) else {
            panic!()
        };
        assert!(matches!(i.msg.ext, Extension::Present(h) if !h.believed()));
        // Cut inside the second object's header: the walk reports it.
        let (Some(i), _) = icmp_of(&f[..f.len() - 5], f.len() as u32) else {
            panic!()
        };
        let Extension::Present(h) = i.msg.ext else {
            panic!()
        };
        assert!(h.believed(), "unverifiable checksum is believed");
        assert_eq!(h.objects().last(), Some(ExtItem::Truncated));
        // Fewer than 141 bytes captured.
        let (Some(i), _) = icmp_of(&f[..20 + 140], f.len() as u32) else {
            panic!()
        };
        assert_eq!(i.msg.ext, Extension::Truncated);
        // Too short to hold one: 136 bytes.
        let f = with_ext(32, &[]);
        let (Some(i), _) = icmp_of(&f, f.len() as u32) else {
            panic!()
        };
        assert_eq!(i.msg.ext, Extension::None);
    }

    #[test]
    fn extension_needs_141_bytes_of_message() {
        // A message ending 2 bytes into the extension header: the IP total
        // length bounds what is captured, so tcpdump's length check fails
        // before its remaining-length arithmetic could wrap around.
        let mut f = with_ext(32, &[0x20, 0x00, 0x00, 0x00, 0x00, 0x08, 0x07, 0x01]);
        let total = (20 + 8 + 128 + 2) as u16;
        f[2..4].copy_from_slice(&total.to_be_bytes());
        let (Some(i), _) = icmp_of(&f, f.len() as u32) else {
            panic!()
        };
        assert_eq!(i.msg.length, 138);
        assert_eq!(i.msg.ext, Extension::Truncated);
        // A zero-length object ends the walk after its header.
        let f = with_ext(
            32,
            &[0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 0x01, 1, 2, 3, 4],
        );
        let (Some(i), _) = icmp_of(&f, f.len() as u32) else {
            panic!()
        };
        let Extension::Present(h) = i.msg.ext else {
            panic!()
        };
        assert_eq!(
            h.objects().collect::<Vec<_>>(),
            [ExtItem::Object {
                length: 0,
                class: 7,
                ctype: 1,
                data: ObjData::Bad
            }]
        );
    }

    #[test]
    fn nested_quotes_are_walked_to_a_fixed_depth() {
        // An unreachable quoting an unreachable ... quoting a UDP datagram.
        let mut q = PORT_UNREACH[28..].to_vec();
        for _ in 0..6 {
            let inner = frame(3, 1, [0; 4], &q);
            q = inner;
        }
        let f = frame(11, 0, [0; 4], &q);
        let (Some(i), stop) = icmp_of(&f, f.len() as u32) else {
            panic!()
        };
        assert_eq!(stop, None);
        assert_eq!(i.quotes.len(), MAX_QUOTE_DEPTH);
        assert!(i.quotes.cut);
        // The rest of the chain, on demand: 7 levels in all, then UDP.
        let mut chain = i.quotes;
        let mut levels = chain.len();
        while chain.cut {
            let Some(Quoted::Icmp(last)) = chain.get(chain.len() - 1).map(|q| q.transport) else {
                panic!()
            };
            chain = quotes_of(&last);
            levels += chain.len();
        }
        assert_eq!(levels, 7);
        let innermost = chain.get(chain.len() - 1).unwrap();
        assert!(matches!(innermost.transport, Quoted::Udp(_)));
        assert_eq!(
            innermost.ip.map(|ip| ip.header.src),
            Some(Ipv4Addr::new(10, 0, 0, 2))
        );
        // Stops stay frame offsets: cut inside the innermost UDP header.
        let deepest = 20 + 7 * (8 + 20);
        let (Some(i), _) = icmp_of(&f[..deepest + 2], f.len() as u32) else {
            panic!()
        };
        let mut chain = i.quotes;
        while chain.cut {
            let Some(Quoted::Icmp(last)) = chain.get(chain.len() - 1).map(|q| q.transport) else {
                panic!()
            };
            chain = quotes_of(&last);
        }
        assert_eq!(
            chain.get(chain.len() - 1).and_then(|q| q.stop),
            Some(Stop::truncated(Layer::Udp, deepest))
        );
    }

    #[test]
    fn hostile_bytes_never_panic() {
        // Every truncation of every one-byte mutation of a message with an
        // extension and a nested quote.
        let mut q = PORT_UNREACH[28..].to_vec();
        q = frame(3, 3, [0; 4], &q);
        let mut data = q;
        data.resize(128, 0);
        data.extend([0x20, 0, 0, 0, 0, 8, 1, 1, 0, 0, 0x11, 1, 0, 6, 2, 2, 1, 2]);
        let base = frame(11, 0, [0, 32, 0, 0], &data);
        for pos in 20..base.len() {
            for v in [0u8, 1, 4, 0x45, 0x4f, 0xff] {
                let mut f = base.clone();
                f[pos] = v;
                for n in (0..=f.len()).step_by(7) {
                    let (i, _) = icmp_of(&f[..n], f.len() as u32);
                    if let Some(i) = i {
                        if let Extension::Present(h) = i.msg.ext {
                            assert!(h.objects().count() < 64);
                        }
                        let _ = i.msg.router_entries().count();
                        for q in i.quotes.levels() {
                            if let Quoted::Icmp(m) = q.transport {
                                let _ = quotes_of(&m);
                            }
                        }
                    }
                }
            }
        }
    }
}
