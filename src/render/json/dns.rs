//! DNS in JSON: the header with named flags, then the four sections as
//! arrays of typed objects (documented in docs/json.md, "dns").
//!
//! Sections are walked lazily from the borrowed message and names are
//! written straight into the output as they are decompressed: nothing is
//! allocated per packet. The walk stops at the first question or record
//! that cannot be read whole (cut by the capture, a bad compression
//! pointer, a bad label); `complete` then says so.

use std::fmt;
use std::net::IpAddr;

use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use super::Hex;
use crate::decode::dns::{
    eopt, option_name, type_name, Carrier, Dns, EdnsItem, Form, Name, Piece, RData, Rr, TxtItem,
    A6, CLASS_MDNS_BIT,
};

/// The `dns` object.
pub(crate) struct Message<'d, 'a>(pub &'d Dns<'a>);

fn rcode_name(r: u16) -> Option<&'static str> {
    Some(match r {
        0 => "NoError",
        1 => "FormErr",
        2 => "ServFail",
        3 => "NXDomain",
        4 => "NotImp",
        5 => "Refused",
        6 => "YXDomain",
        7 => "YXRRSet",
        8 => "NXRRSet",
        9 => "NotAuth",
        10 => "NotZone",
        16 => "BadVers",
        23 => "BadCookie",
        _ => return None,
    })
}

fn opcode_name(o: u8) -> Option<&'static str> {
    Some(match o {
        0 => "query",
        1 => "iquery",
        2 => "status",
        4 => "notify",
        5 => "update",
        _ => return None,
    })
}

/// A name in presentation form (RFC 1035 §5.1 escapes: `\.`, `\\` and
/// `\DDD` for bytes outside printable ASCII), written while walked.
struct NameStr<'a>(Name<'a>);

impl fmt::Display for NameStr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut res = Ok(());
        let _ = self.0.walk(&mut |p| match p {
            Piece::Label(b) => {
                // Runs of characters written as they are go out whole (one
                // `write_str`, no `fmt` per character).
                let mut rest = b;
                while !rest.is_empty() {
                    let plain = rest
                        .iter()
                        .position(|&c| !matches!(c, 0x21..=0x7e) || c == b'.' || c == b'\\')
                        .unwrap_or(rest.len());
                    let (run, tail) = rest.split_at(plain);
                    if !run.is_empty() {
                        // Printable ASCII.
                        put_str(&mut res, f, std::str::from_utf8(run).unwrap_or_default());
                    }
                    rest = match tail.split_first() {
                        Some((&c, tail)) => {
                            match c {
                                b'.' | b'\\' => put(&mut res, f, format_args!("\\{}", c as char)),
                                _ => put(&mut res, f, format_args!("\\{c:03}")),
                            }
                            tail
                        }
                        None => tail,
                    };
                }
            }
            Piece::Dot | Piece::Root => put_str(&mut res, f, "."),
            Piece::Bits { bitlen, bytes } => {
                // RFC 2673's form, as tcpdump writes it: whole bytes, then
                // the last bits masked, as two or one hex digits.
                put_str(&mut res, f, "\\[x");
                let mut b = bitlen;
                let mut it = bytes.iter();
                while b > 7 {
                    if let Some(v) = it.next() {
                        put(&mut res, f, format_args!("{v:02x}"));
                    }
                    b -= 8;
                }
                if let Some(&v) = it.next() {
                    if b > 4 {
                        put(&mut res, f, format_args!("{:02x}", v & (0xffu8 << (8 - b))));
                    } else if b > 0 {
                        put(
                            &mut res,
                            f,
                            format_args!("{:1x}", (v >> 4) & (0x0fu8 << (4 - b)) & 0x0f),
                        );
                    }
                }
                put(&mut res, f, format_args!("/{bitlen}]"));
            }
            Piece::BadPtr | Piece::Elt(_) | Piece::BadLabelType | Piece::TooLong => {}
        });
        res
    }
}

/// Writes `args` unless an earlier write failed.
fn put(res: &mut fmt::Result, f: &mut fmt::Formatter<'_>, args: fmt::Arguments<'_>) {
    if res.is_ok() {
        *res = f.write_fmt(args);
    }
}

/// Writes `s` unless an earlier write failed.
fn put_str(res: &mut fmt::Result, f: &mut fmt::Formatter<'_>, s: &str) {
    if res.is_ok() {
        *res = f.write_str(s);
    }
}

/// A name as a string, or null when it cannot be decompressed whole.
struct NameField<'a>(Name<'a>);

impl Serialize for NameField<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.end().is_ok() {
            s.collect_str(&NameStr(self.0))
        } else {
            s.serialize_none()
        }
    }
}

/// The cursor where section `k` (0 questions, 1 answers, 2 authority,
/// 3 additional) starts, if every earlier entry was read whole.
fn section_start(dns: &Dns<'_>, k: usize) -> Option<usize> {
    let h = &dns.header;
    let mut cp = dns.start();
    if k == 0 {
        return Some(cp);
    }
    for _ in 0..h.qdcount {
        let q = dns.question(cp)?;
        cp = q.name.end().ok()? + 4;
    }
    let counts = [h.ancount, h.nscount];
    for &c in counts.iter().take(k - 1) {
        for _ in 0..c {
            cp = next_rr(dns, cp)?.1;
        }
    }
    Some(cp)
}

/// The record at `cp` and the cursor after it, if it was captured whole.
fn next_rr<'a>(dns: &Dns<'a>, cp: usize) -> Option<(Rr<'a>, usize)> {
    let end = dns.name(cp).end().ok()?;
    let rr = dns.rr(Some(end))?;
    rr.data_captured().then_some((rr, rr.next))
}

fn section_count(dns: &Dns<'_>, k: usize) -> u16 {
    let h = &dns.header;
    [h.qdcount, h.ancount, h.nscount, h.arcount][k]
}

/// How many entries of section `k` can be read whole.
fn readable(dns: &Dns<'_>, k: usize) -> usize {
    let Some(mut cp) = section_start(dns, k) else {
        return 0;
    };
    let mut n = 0;
    for _ in 0..section_count(dns, k) {
        if k == 0 {
            let Some(q) = dns.question(cp) else { break };
            let Ok(e) = q.name.end() else { break };
            cp = e + 4;
        } else {
            let Some((_, next)) = next_rr(dns, cp) else {
                break;
            };
            cp = next;
        }
        n += 1;
    }
    n
}

struct Questions<'d, 'a>(&'d Dns<'a>);

impl Serialize for Questions<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let dns = self.0;
        let mdns = dns.carrier == Carrier::Mdns;
        let mut seq = s.serialize_seq(None)?;
        let mut cp = dns.start();
        for _ in 0..readable(dns, 0) {
            let Some(q) = dns.question(cp) else { break };
            let Ok(end) = q.name.end() else { break };
            cp = end + 4;
            seq.serialize_element(&QuestionView {
                name: NameField(q.name),
                qtype: q.qtype,
                type_name: type_name(q.qtype),
                class: if mdns {
                    q.qclass & !CLASS_MDNS_BIT
                } else {
                    q.qclass
                },
                unicast_response: mdns.then_some(q.qclass & CLASS_MDNS_BIT != 0),
            })?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct QuestionView<'a> {
    name: NameField<'a>,
    #[serde(rename = "type")]
    qtype: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    type_name: Option<&'static str>,
    class: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    unicast_response: Option<bool>,
}

struct Records<'d, 'a>(&'d Dns<'a>, usize);

impl Serialize for Records<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (dns, k) = (self.0, self.1);
        let mut seq = s.serialize_seq(None)?;
        if let Some(mut cp) = section_start(dns, k) {
            for _ in 0..readable(dns, k) {
                let Some((rr, next)) = next_rr(dns, cp) else {
                    break;
                };
                seq.serialize_element(&RecordView {
                    owner: dns.name(cp),
                    rr,
                })?;
                cp = next;
            }
        }
        seq.end()
    }
}

struct RecordView<'a> {
    owner: Name<'a>,
    rr: Rr<'a>,
}

impl Serialize for RecordView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let rr = &self.rr;
        let mut m = s.serialize_struct("Object", 1)?;
        m.serialize_field("name", &NameField(self.owner))?;
        m.serialize_field("type", &rr.rtype)?;
        if let Some(n) = type_name(rr.rtype) {
            m.serialize_field("type_name", n)?;
        }
        let data = rr.data();
        if let RData::Opt(o) = data {
            // OPT reuses class and TTL (RFC 6891 §6.1.2).
            m.serialize_field("udp_size", &o.udp_size)?;
            m.serialize_field("ext_rcode", &o.ext_rcode)?;
            m.serialize_field("version", &o.version)?;
            m.serialize_field("dnssec_ok", &(o.flags & 0x8000 != 0))?;
            m.serialize_field("options", &Options(o.options))?;
            return m.end();
        }
        m.serialize_field("class", &rr.class_value())?;
        if rr.cache_flush() {
            m.serialize_field("cache_flush", &true)?;
        }
        m.serialize_field("ttl", &rr.ttl)?;
        m.serialize_field("rdlength", &rr.rdlen)?;
        m.serialize_field("data", &DataView { rr, data })?;
        m.end()
    }
}

struct DataView<'d, 'a> {
    rr: &'d Rr<'a>,
    data: RData<'a>,
}

impl Serialize for DataView<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let rr = self.rr;
        let mut m = s.serialize_struct("Object", 1)?;
        match self.data {
            RData::A(a) => m.serialize_field("address", &a)?,
            RData::Aaaa(a) => m.serialize_field("address", &a)?,
            RData::Name(n) => m.serialize_field("target", &NameField(n))?,
            RData::Soa { mname } => {
                m.serialize_field("mname", &NameField(mname))?;
                let rname = mname.end().ok().map(|e| rr.soa_rname(e));
                m.serialize_field("rname", &rname.map(NameField))?;
                let nums = rname
                    .and_then(|r| r.end().ok())
                    .and_then(|e| rr.soa_numbers(e));
                for (k, key) in ["serial", "refresh", "retry", "expire", "minimum"]
                    .iter()
                    .enumerate()
                {
                    m.serialize_field(key, &nums.map(|n| n[k]))?;
                }
            }
            RData::Mx {
                preference,
                exchange,
            } => {
                m.serialize_field("preference", &preference)?;
                m.serialize_field("exchange", &NameField(exchange))?;
            }
            RData::Txt(t) => m.serialize_field("strings", &TxtStrings(t))?,
            RData::Srv(srv) => {
                m.serialize_field("priority", &srv.map(|v| v.priority))?;
                m.serialize_field("weight", &srv.map(|v| v.weight))?;
                m.serialize_field("port", &srv.map(|v| v.port))?;
                m.serialize_field("target", &srv.map(|v| NameField(v.target)))?;
            }
            RData::A6(a6) => match a6 {
                A6::Cut => {}
                A6::BadPlen(p) => m.serialize_field("prefix_len", &p)?,
                A6::Ok {
                    plen,
                    suffix,
                    prefix,
                    ..
                } => {
                    m.serialize_field("prefix_len", &plen)?;
                    m.serialize_field("suffix", &suffix)?;
                    m.serialize_field("prefix_name", &prefix.map(NameField))?;
                }
            },
            RData::Uri(u) => {
                m.serialize_field("priority", &u.priority_weight.map(|p| p.0))?;
                m.serialize_field("weight", &u.priority_weight.map(|p| p.1))?;
                m.serialize_field("target", &Lossy(u.target))?;
            }
            RData::Tsig { algorithm } => {
                m.serialize_field("algorithm", &NameField(algorithm))?;
                let f = algorithm
                    .end()
                    .ok()
                    .map(|e| rr.tsig_fields(e))
                    .unwrap_or_default();
                m.serialize_field("fudge", &f.fudge)?;
                m.serialize_field("mac_len", &f.mac_len)?;
                m.serialize_field("original_id", &f.original_id)?;
                m.serialize_field("error", &f.error)?;
                m.serialize_field("other_len", &f.other_len)?;
            }
            RData::UnspecA(b) => m.serialize_field("text", &Lossy(b))?,
            RData::Opt(_) | RData::Other(_) => m.serialize_field("rdata", &Hex(rr.rdata()))?,
        }
        m.end()
    }
}

/// Bytes as a string, invalid UTF-8 replaced.
struct Lossy<'a>(&'a [u8]);

impl Serialize for Lossy<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&LossyDisplay(self.0))
    }
}

struct LossyDisplay<'a>(&'a [u8]);

impl fmt::Display for LossyDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for chunk in self.0.utf8_chunks() {
            f.write_str(chunk.valid())?;
            if !chunk.invalid().is_empty() {
                f.write_str("\u{fffd}")?;
            }
        }
        Ok(())
    }
}

struct TxtStrings<'a>(crate::decode::dns::Txt<'a>);

impl Serialize for TxtStrings<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for item in self.0 {
            if let TxtItem::Str { bytes, cut: false } = item {
                seq.serialize_element(&Lossy(bytes))?;
            }
        }
        seq.end()
    }
}

struct Options<'a>(crate::decode::dns::EdnsOptions<'a>);

impl Serialize for Options<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for item in self.0 {
            let EdnsItem::Opt(o) = item else { break };
            seq.serialize_element(&OptionView(o))?;
        }
        seq.end()
    }
}

struct OptionView<'a>(crate::decode::dns::EdnsOption<'a>);

impl Serialize for OptionView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let o = &self.0;
        let d = o.data;
        let mut m = s.serialize_struct("Object", 1)?;
        m.serialize_field("code", &o.code)?;
        if let Some(n) = option_name(o.code) {
            m.serialize_field("name", n)?;
        }
        m.serialize_field("data", &Hex(d))?;
        match o.code {
            eopt::ECS => {
                if let Some(c) = o.client_subnet() {
                    m.serialize_field("family", &c.family)?;
                    m.serialize_field("source_prefix", &c.source_prefix)?;
                    m.serialize_field("scope_prefix", &c.scope_prefix)?;
                    let a: IpAddr = c.address;
                    m.serialize_field("address", &a)?;
                }
            }
            eopt::COOKIE if d.len() >= 8 => {
                m.serialize_field("client", &Hex(d.get(..8).unwrap_or(d)))?;
                if d.len() > 8 {
                    m.serialize_field("server", &Hex(d.get(8..).unwrap_or(&[])))?;
                }
            }
            eopt::KEEPALIVE => {
                if let Some(t) = o.keepalive() {
                    m.serialize_field("timeout_100ms", &t)?;
                }
            }
            eopt::EXPIRE => {
                if let Some(e) = o.expire() {
                    m.serialize_field("expire", &e)?;
                }
            }
            eopt::PADDING => m.serialize_field("padding_len", &d.len())?,
            eopt::CHAIN => m.serialize_field("chain", &NameField(o.chain_name()))?,
            eopt::NSID => m.serialize_field("nsid", &Lossy(d))?,
            _ => {}
        }
        m.end()
    }
}

#[derive(Serialize)]
struct Flags {
    aa: bool,
    tc: bool,
    rd: bool,
    ra: bool,
    ad: bool,
    cd: bool,
}

impl Serialize for Message<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let dns = self.0;
        let mut m = s.serialize_struct("Object", 1)?;
        m.serialize_field(
            "transport",
            match dns.carrier {
                Carrier::Udp => "udp",
                Carrier::Mdns => "mdns",
                Carrier::Tcp => "tcp",
            },
        )?;
        m.serialize_field("length", &dns.length)?;
        let invalid = match dns.form {
            Form::TcpShort => Some("tcp_too_short"),
            Form::TcpPrefixMismatch { prefix } => {
                m.serialize_field("tcp_length_prefix", &prefix)?;
                Some("tcp_length_mismatch")
            }
            Form::Short => Some("short"),
            Form::TcpPrefixCut | Form::HeaderCut => Some("truncated"),
            Form::Ok => None,
        };
        if let Some(why) = invalid {
            m.serialize_field("invalid", why)?;
            return m.end();
        }
        let h = &dns.header;
        m.serialize_field("id", &h.id)?;
        m.serialize_field("response", &h.response())?;
        m.serialize_field("opcode", &h.opcode())?;
        if let Some(n) = opcode_name(h.opcode()) {
            m.serialize_field("opcode_name", n)?;
        }
        m.serialize_field("rcode", &dns.rcode)?;
        if let Some(n) = rcode_name(dns.rcode) {
            m.serialize_field("rcode_name", n)?;
        }
        m.serialize_field(
            "flags",
            &Flags {
                aa: h.aa(),
                tc: h.tc(),
                rd: h.rd(),
                ra: h.ra(),
                ad: h.ad(),
                cd: h.cd(),
            },
        )?;
        m.serialize_field("qdcount", &h.qdcount)?;
        m.serialize_field("ancount", &h.ancount)?;
        m.serialize_field("nscount", &h.nscount)?;
        m.serialize_field("arcount", &h.arcount)?;
        m.serialize_field("questions", &Questions(dns))?;
        m.serialize_field("answers", &Records(dns, 1))?;
        m.serialize_field("authorities", &Records(dns, 2))?;
        m.serialize_field("additionals", &Records(dns, 3))?;
        let complete = (0..4).all(|k| readable(dns, k) == usize::from(section_count(dns, k)));
        m.serialize_field("complete", &complete)?;
        m.end()
    }
}
