//! IGMP (IP protocol 2). RFC 1112 (version 1), RFC 2236 (version 2),
//! RFC 3376 (version 3), and what tcpdump's print-igmp.c shows beside
//! them: multicast traceroute (draft-ietf-idmr-traceroute-ipm) and, by
//! type, DVMRP ([`super::dvmrp`]) and PIM version 1 ([`super::pimv1`]).
//!
//! An [`Igmp`] record keeps the claimed length (the IP payload length),
//! the captured bytes bounded by it, and the typed message. Fields are
//! `None` where the capture ended before them, so a printer can stop
//! exactly where tcpdump's reads fail. Version 3 group records and source
//! lists are walked lazily over the captured bytes, the way tcpdump walks
//! them: by the number of sources, ignoring the auxiliary data length.

use std::net::Ipv4Addr;

use super::bytes::{be16_at, be32_at, checksum, prefix, suffix};
use super::{dvmrp, pimv1, Decoded, Transport};

/// The IP protocol number.
pub const PROTO: u8 = 2;

/// Message types (IANA "IGMP Type Numbers").
pub mod kind {
    pub const QUERY: u8 = 0x11;
    pub const REPORT_V1: u8 = 0x12;
    pub const DVMRP: u8 = 0x13;
    pub const PIMV1: u8 = 0x14;
    pub const REPORT_V2: u8 = 0x16;
    pub const LEAVE: u8 = 0x17;
    pub const MTRACE_RESP: u8 = 0x1e;
    pub const MTRACE: u8 = 0x1f;
    pub const REPORT_V3: u8 = 0x22;
}

/// Version 3 group record types (RFC 3376 section 4.2.12).
pub mod record_type {
    pub const IS_INCLUDE: u8 = 1;
    pub const IS_EXCLUDE: u8 = 2;
    pub const TO_INCLUDE: u8 = 3;
    pub const TO_EXCLUDE: u8 = 4;
    pub const ALLOW: u8 = 5;
    pub const BLOCK: u8 = 6;
}

/// The shortest version 3 query.
pub const QUERY_V3_MIN_LEN: u32 = 12;
/// The shortest version 3 report tcpdump accepts.
pub const REPORT_V3_MIN_LEN: u32 = 16;
/// An mtrace query: the 8-byte IGMP header and the 16-byte query.
pub const MTRACE_MIN_LEN: u32 = 24;
/// The IGMP header in front of a DVMRP or PIMv1 message.
pub const HEADER_LEN: u32 = 8;

/// An IGMP message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Igmp<'a> {
    /// The message length the IP layer claims.
    pub len: u32,
    /// The captured message, bounded by `len`.
    pub bytes: &'a [u8],
    pub msg: Message<'a>,
}

impl Igmp<'_> {
    /// The type byte, when captured.
    pub fn kind(&self) -> Option<u8> {
        self.bytes.first().copied()
    }

    /// The checksum field, when captured.
    pub fn checksum(&self) -> Option<u16> {
        be16_at(self.bytes, 2)
    }

    /// The Internet checksum over the whole message (0 when it verifies);
    /// `None` when the message is shorter than its checksum field or was
    /// not captured whole, as tcpdump checks it only then.
    pub fn computed_checksum(&self) -> Option<u16> {
        let len = usize::try_from(self.len).ok()?;
        (len >= 4 && self.bytes.len() >= len).then(|| checksum(prefix(self.bytes, len), 0))
    }
}

/// What the type byte says the message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Message<'a> {
    /// Not even the type byte was captured.
    Cut,
    /// A version 1 or 2 query (shorter than 12 bytes).
    Query(Query),
    /// A version 3 query (12 bytes or more).
    QueryV3(QueryV3<'a>),
    /// A version 1 membership report: the group.
    ReportV1(Option<Ipv4Addr>),
    /// A version 2 membership report: the group.
    ReportV2(Option<Ipv4Addr>),
    /// A version 2 leave: the group.
    Leave(Option<Ipv4Addr>),
    ReportV3(ReportV3<'a>),
    /// A DVMRP message of 8 bytes or more.
    Dvmrp(dvmrp::Dvmrp<'a>),
    /// A DVMRP message shorter than its IGMP header.
    DvmrpShort,
    Pimv1(pimv1::Pimv1<'a>),
    /// An mtrace query or response.
    Mtrace(Mtrace),
    /// A type tcpdump does not decode.
    Unknown(u8),
}

/// A version 1 or 2 query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Query {
    /// Max response time in tenths of a second; zero in version 1.
    pub max_resp: Option<u8>,
    /// The group; zero in a general query.
    pub group: Option<Ipv4Addr>,
}

impl Query {
    /// 1 for a version 1 query (no max response time), else 2.
    pub fn version(&self) -> Option<u8> {
        self.max_resp.map(|m| if m == 0 { 1 } else { 2 })
    }
}

/// A version 3 query (RFC 3376 section 4.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueryV3<'a> {
    /// The length is at least 12 and a multiple of 4.
    pub valid_len: bool,
    pub max_resp_code: Option<u8>,
    /// The group; zero in a general query.
    pub group: Option<Ipv4Addr>,
    /// The S flag and QRV (byte 8).
    pub flags: Option<u8>,
    /// The querier's query interval code.
    pub qqic: Option<u8>,
    pub nsrcs: Option<u16>,
    /// The length has room for `nsrcs` sources.
    pub sources_fit: bool,
    pub sources: Addrs<'a>,
}

/// An RFC 3376 section 4.1.1 code: values from 128 on are a floating
/// point number with a 3-bit exponent and a 4-bit mantissa.
pub fn code_value(code: u8) -> u32 {
    if code < 128 {
        u32::from(code)
    } else {
        (u32::from(code & 0x0f) | 0x10) << (u32::from((code & 0x70) >> 4) + 3)
    }
}

impl QueryV3<'_> {
    /// The max response time in tenths of a second.
    pub fn max_resp_time(&self) -> Option<u32> {
        self.max_resp_code.map(code_value)
    }
    /// The S flag: suppress router-side processing.
    pub fn suppress(&self) -> Option<bool> {
        self.flags.map(|f| f & 0x08 != 0)
    }
    /// The querier's robustness variable.
    pub fn qrv(&self) -> Option<u8> {
        self.flags.map(|f| f & 0x07)
    }
    /// The querier's query interval in seconds.
    pub fn qqi(&self) -> Option<u32> {
        self.qqic.map(code_value)
    }
}

/// A list of IPv4 addresses: as many as a count claims, of which the
/// captured ones can be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Addrs<'a> {
    /// The captured addresses (whole ones only).
    bytes: &'a [u8],
    /// How many the message claims.
    pub count: u16,
}

impl<'a> Addrs<'a> {
    pub const EMPTY: Addrs<'static> = Addrs {
        bytes: &[],
        count: 0,
    };

    /// The first `count` addresses of `area`, as far as captured.
    pub fn new(area: &'a [u8], count: u16) -> Addrs<'a> {
        let n = (area.len() / 4).min(usize::from(count));
        Addrs {
            bytes: prefix(area, n * 4),
            count,
        }
    }
    /// The captured addresses.
    pub fn iter(&self) -> impl Iterator<Item = Ipv4Addr> + 'a {
        self.bytes
            .chunks_exact(4)
            .filter_map(|c| be32_at(c, 0).map(Ipv4Addr::from))
    }
    /// Every claimed address was captured.
    pub fn complete(&self) -> bool {
        self.bytes.len() / 4 >= usize::from(self.count)
    }
}

/// A version 3 report (RFC 3376 section 4.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportV3<'a> {
    /// The length is at least 16 and a multiple of 4.
    pub valid_len: bool,
    pub ngroups: Option<u16>,
    len: u32,
    bytes: &'a [u8],
}

impl<'a> ReportV3<'a> {
    /// The group records, as tcpdump walks them.
    pub fn records(&self) -> Records<'a> {
        Records {
            bytes: self.bytes,
            len: self.len,
            off: 8,
            left: self.ngroups.unwrap_or(0),
        }
    }
}

/// One version 3 group record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GroupRecord<'a> {
    pub record_type: u8,
    /// Auxiliary data length in 32-bit words (tcpdump skips no aux data).
    pub aux_len: u8,
    pub group: Ipv4Addr,
    /// The message length has room for the record's sources; when it has
    /// not, the walk ends after this record.
    pub sources_fit: bool,
    pub sources: Addrs<'a>,
}

/// One step of the group record walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordItem<'a> {
    Record(GroupRecord<'a>),
    /// The message length ends before the next record's header (tcpdump's
    /// "invalid number of groups"); the walk ends.
    PastLength,
    /// The capture ends inside the next record's header; the walk ends.
    Cut,
}

/// The group records of a version 3 report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Records<'a> {
    bytes: &'a [u8],
    len: u32,
    off: usize,
    left: u16,
}

impl<'a> Iterator for Records<'a> {
    type Item = RecordItem<'a>;
    fn next(&mut self) -> Option<RecordItem<'a>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let end = |r: &mut Records<'a>, item| {
            r.left = 0;
            Some(item)
        };
        if u64::from(self.len) < self.off as u64 + 8 {
            return end(self, RecordItem::PastLength);
        }
        let h = suffix(self.bytes, self.off);
        let (Some(&record_type), Some(&aux_len), Some(nsrcs), Some(group)) =
            (h.first(), h.get(1), be16_at(h, 2), be32_at(h, 4))
        else {
            return end(self, RecordItem::Cut);
        };
        let size = 8 + 4 * usize::from(nsrcs);
        let sources_fit = u64::from(self.len) >= (self.off + size) as u64;
        let rec = GroupRecord {
            record_type,
            aux_len,
            group: Ipv4Addr::from(group),
            sources_fit,
            sources: Addrs::new(suffix(h, 8), nsrcs),
        };
        if !sources_fit {
            self.left = 0;
        }
        self.off += size;
        Some(RecordItem::Record(rec))
    }
}

/// An mtrace query or response (type 0x1f or 0x1e): its query fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mtrace {
    /// Type 0x1e.
    pub response: bool,
    /// The length holds the header and the query (24 bytes).
    pub valid_len: bool,
    /// The query, when all of it was captured.
    pub query: Option<MtraceQuery>,
}

/// The fields tcpdump prints of an mtrace query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MtraceQuery {
    pub hops: u8,
    pub group: Ipv4Addr,
    pub src: Ipv4Addr,
    pub dst: Ipv4Addr,
    pub resp_addr: Ipv4Addr,
    pub resp_ttl: u8,
    /// The 24-bit query id.
    pub qid: u32,
}

fn addr_at(b: &[u8], off: usize) -> Option<Ipv4Addr> {
    be32_at(b, off).map(Ipv4Addr::from)
}

/// Decodes an IGMP message: `p` is the captured IP payload, `len` the
/// IP payload length.
pub fn decode<'a>(p: &'a [u8], len: u32, _off: usize, d: &mut Decoded<'a>) {
    d.transport = Transport::Igmp(parse(p, len));
}

/// The record for `len` claimed bytes of which `p` were captured.
pub fn parse(p: &[u8], len: u32) -> Igmp<'_> {
    let bytes = prefix(p, usize::try_from(len).unwrap_or(usize::MAX));
    let group = addr_at(bytes, 4);
    let msg = match bytes.first().copied() {
        None => Message::Cut,
        Some(kind::QUERY) if len >= QUERY_V3_MIN_LEN => {
            let nsrcs = be16_at(bytes, 10);
            let n = u64::from(nsrcs.unwrap_or(0));
            Message::QueryV3(QueryV3 {
                valid_len: len % 4 == 0,
                max_resp_code: bytes.get(1).copied(),
                group,
                flags: bytes.get(8).copied(),
                qqic: bytes.get(9).copied(),
                nsrcs,
                sources_fit: u64::from(len) >= 12 + 4 * n,
                sources: Addrs::new(suffix(bytes, 12), nsrcs.unwrap_or(0)),
            })
        }
        Some(kind::QUERY) => Message::Query(Query {
            max_resp: bytes.get(1).copied(),
            group,
        }),
        Some(kind::REPORT_V1) => Message::ReportV1(group),
        Some(kind::REPORT_V2) => Message::ReportV2(group),
        Some(kind::LEAVE) => Message::Leave(group),
        Some(kind::REPORT_V3) => Message::ReportV3(ReportV3 {
            valid_len: len >= REPORT_V3_MIN_LEN && len % 4 == 0,
            ngroups: be16_at(bytes, 6),
            len,
            bytes,
        }),
        Some(kind::DVMRP) if len < HEADER_LEN => Message::DvmrpShort,
        Some(kind::DVMRP) => Message::Dvmrp(dvmrp::parse(bytes, len)),
        Some(kind::PIMV1) => Message::Pimv1(pimv1::parse(bytes, len)),
        Some(t @ (kind::MTRACE | kind::MTRACE_RESP)) => {
            let query = (|| {
                Some(MtraceQuery {
                    hops: *bytes.get(1)?,
                    group: addr_at(bytes, 4)?,
                    src: addr_at(bytes, 8)?,
                    dst: addr_at(bytes, 12)?,
                    resp_addr: addr_at(bytes, 16)?,
                    resp_ttl: *bytes.get(20)?,
                    qid: be32_at(bytes, 20)? & 0x00ff_ffff,
                })
            })();
            Message::Mtrace(Mtrace {
                response: t == kind::MTRACE_RESP,
                valid_len: len >= MTRACE_MIN_LEN,
                query,
            })
        }
        Some(t) => Message::Unknown(t),
    };
    Igmp { len, bytes, msg }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn with_checksum(mut m: Vec<u8>) -> Vec<u8> {
        let s = checksum(&m, 0);
        m[2..4].copy_from_slice(&s.to_be_bytes());
        m
    }

    #[test]
    fn v1_and_v2_queries_reports_and_leave() {
        let q = with_checksum(vec![0x11, 100, 0, 0, 0, 0, 0, 0]);
        let m = parse(&q, 8);
        assert_eq!(m.computed_checksum(), Some(0));
        let Message::Query(qu) = m.msg else {
            panic!("{:?}", m.msg)
        };
        assert_eq!(qu.version(), Some(2));
        assert_eq!(qu.group, Some(Ipv4Addr::UNSPECIFIED));
        let m = parse(&[0x11, 0], 8);
        assert_eq!(
            m.msg,
            Message::Query(Query {
                max_resp: Some(0),
                group: None
            })
        );
        assert_eq!(m.computed_checksum(), None);
        let r = [0x16, 0, 0, 0, 239, 1, 2, 3];
        assert_eq!(
            parse(&r, 8).msg,
            Message::ReportV2(Some(Ipv4Addr::new(239, 1, 2, 3)))
        );
        assert_eq!(parse(&r[..7], 8).msg, Message::ReportV2(None));
        assert_eq!(parse(&[0x17], 8).msg, Message::Leave(None));
        assert_eq!(parse(&[], 8).msg, Message::Cut);
        assert_eq!(parse(&[0x42], 8).msg, Message::Unknown(0x42));
    }

    #[test]
    fn v3_query_codes_and_sources() {
        assert_eq!(code_value(100), 100);
        // 0xff: mantissa 0xf, exponent 7: (0x1f) << 10.
        assert_eq!(code_value(0xff), 31744);
        let mut q = vec![0x11, 0x8a, 0, 0, 232, 1, 1, 1, 0x0a, 125, 0, 2];
        q.extend_from_slice(&[10, 0, 0, 1, 10, 0, 0, 2]);
        let m = parse(&q, 20);
        let Message::QueryV3(v3) = m.msg else {
            panic!()
        };
        assert!(v3.valid_len && v3.sources_fit);
        assert_eq!(v3.max_resp_time(), Some((0x0a | 0x10) << 3));
        assert_eq!(v3.suppress(), Some(true));
        assert_eq!(v3.qrv(), Some(2));
        assert_eq!(v3.qqi(), Some(125));
        assert_eq!(v3.sources.iter().count(), 2);
        assert!(v3.sources.complete());
        // Cut in the second source.
        let Message::QueryV3(v3) = parse(&q[..19], 20).msg else {
            panic!()
        };
        assert_eq!(v3.sources.iter().count(), 1);
        assert!(!v3.sources.complete());
        // Three sources claimed, room for two.
        q[11] = 3;
        let Message::QueryV3(v3) = parse(&q, 20).msg else {
            panic!()
        };
        assert!(!v3.sources_fit);
        // Not a multiple of 4.
        let Message::QueryV3(v3) = parse(&q, 13).msg else {
            panic!()
        };
        assert!(!v3.valid_len);
    }

    #[test]
    fn v3_report_walk() {
        let mut r = vec![0x22, 0, 0, 0, 0, 0, 0, 3];
        r.extend_from_slice(&[1, 0, 0, 1, 239, 0, 0, 1, 10, 0, 0, 9]); // is_in, 1 source
        r.extend_from_slice(&[4, 0, 0, 0, 239, 0, 0, 2]); // to_ex, none
        let m = parse(&r, r.len() as u32);
        let Message::ReportV3(rep) = m.msg else {
            panic!()
        };
        assert!(rep.valid_len);
        let items: Vec<_> = rep.records().collect();
        assert_eq!(items.len(), 3);
        let RecordItem::Record(g) = items[0] else {
            panic!()
        };
        assert_eq!(g.group, Ipv4Addr::new(239, 0, 0, 1));
        assert_eq!(
            g.sources.iter().collect::<Vec<_>>(),
            [Ipv4Addr::new(10, 0, 0, 9)]
        );
        assert!(matches!(items[1], RecordItem::Record(g) if g.record_type == 4));
        assert_eq!(items[2], RecordItem::PastLength);
        // The capture ends in the second record's header.
        let Message::ReportV3(rep) = parse(&r[..24], r.len() as u32).msg else {
            panic!()
        };
        let items: Vec<_> = rep.records().collect();
        assert_eq!(items.len(), 2);
        assert_eq!(items[1], RecordItem::Cut);
        // A record claiming more sources than the length holds ends it.
        r[11] = 9;
        let Message::ReportV3(rep) = parse(&r, r.len() as u32).msg else {
            panic!()
        };
        let items: Vec<_> = rep.records().collect();
        assert!(matches!(items[..], [RecordItem::Record(g)] if !g.sources_fit));
    }

    #[test]
    fn mtrace_needs_the_whole_query() {
        let mut m = vec![0x1f, 5, 0, 0, 239, 0, 0, 1];
        m.extend_from_slice(&[10, 0, 0, 1, 10, 0, 0, 2, 224, 0, 1, 32, 64, 0, 1, 2]);
        let Message::Mtrace(t) = parse(&m, 24).msg else {
            panic!()
        };
        let q = t.query.expect("captured");
        assert!(!t.response && t.valid_len);
        assert_eq!((q.qid, q.resp_ttl, q.hops), (0x102, 64, 5));
        let Message::Mtrace(t) = parse(&m[..23], 24).msg else {
            panic!()
        };
        assert!(t.query.is_none());
        let Message::Mtrace(t) = parse(&m, 20).msg else {
            panic!()
        };
        assert!(!t.valid_len);
    }

    #[test]
    fn every_truncation_decodes() {
        let mut r = vec![0x22, 0, 0, 0, 0, 0, 0, 2];
        r.extend_from_slice(&[1, 0, 0, 2, 239, 0, 0, 1, 10, 0, 0, 9, 10, 0, 0, 8]);
        r.extend_from_slice(&[6, 0, 0, 1, 239, 0, 0, 2, 10, 0, 0, 7]);
        for n in 0..=r.len() {
            let m = parse(&r[..n], r.len() as u32);
            if let Message::ReportV3(rep) = m.msg {
                for item in rep.records() {
                    if let RecordItem::Record(g) = item {
                        let _ = g.sources.iter().count();
                    }
                }
            }
        }
    }
}
