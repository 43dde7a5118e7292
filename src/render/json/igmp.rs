//! IGMP in JSON: the `igmp` object (docs/json.md, "igmp"): type, length,
//! checksum, and the typed fields of queries, reports (v3 group records
//! with their sources), leaves and mtrace; DVMRP and PIMv1 messages as
//! nested `dvmrp` and `pimv1` objects. Fields not captured are left out.

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use crate::decode::igmp::{self, Addrs, Igmp, Message, RecordItem, ReportV3};

/// The `igmp` object.
pub(super) struct View<'a>(pub &'a Igmp<'a>);

fn kind_name(m: &Message<'_>) -> Option<&'static str> {
    Some(match m {
        Message::Cut => return None,
        Message::Query(_) | Message::QueryV3(_) => "query",
        Message::ReportV1(_) => "report_v1",
        Message::ReportV2(_) => "report_v2",
        Message::Leave(_) => "leave",
        Message::ReportV3(_) => "report_v3",
        Message::Dvmrp(_) | Message::DvmrpShort => "dvmrp",
        Message::Pimv1(_) => "pimv1",
        Message::Mtrace(t) if t.response => "mtrace_response",
        Message::Mtrace(_) => "mtrace",
        Message::Unknown(_) => "unknown",
    })
}

fn record_type_name(t: u8) -> &'static str {
    use igmp::record_type as r;
    match t {
        r::IS_INCLUDE => "is_include",
        r::IS_EXCLUDE => "is_exclude",
        r::TO_INCLUDE => "to_include",
        r::TO_EXCLUDE => "to_exclude",
        r::ALLOW => "allow_new_sources",
        r::BLOCK => "block_old_sources",
        _ => "unknown",
    }
}

/// A list of captured addresses.
struct AddrList<'a>(Addrs<'a>);

impl Serialize for AddrList<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter())
    }
}

struct Records<'a>(ReportV3<'a>);

impl Serialize for Records<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for item in self.0.records() {
            let RecordItem::Record(g) = item else {
                break;
            };
            seq.serialize_element(&RecordView {
                record_type: g.record_type,
                record_type_name: record_type_name(g.record_type),
                aux_len: g.aux_len,
                group: g.group,
                num_sources: g.sources.count,
                sources: AddrList(g.sources),
            })?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct RecordView<'a> {
    record_type: u8,
    record_type_name: &'static str,
    aux_len: u8,
    group: std::net::Ipv4Addr,
    num_sources: u16,
    sources: AddrList<'a>,
}

impl Serialize for View<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let g = self.0;
        let mut m = s.serialize_map(None)?;
        if let Some(t) = g.kind() {
            m.serialize_entry("type", &t)?;
        }
        m.serialize_entry("name", &kind_name(&g.msg))?;
        m.serialize_entry("length", &g.len)?;
        if let Some(c) = g.checksum() {
            m.serialize_entry("checksum", &c)?;
        }
        if let Some(sum) = g.computed_checksum() {
            m.serialize_entry("checksum_ok", &(sum == 0))?;
        }
        // The capture ended before the message did.
        let truncated = g.bytes.len() < usize::try_from(g.len).unwrap_or(usize::MAX);
        let mut invalid = None;
        // A field that is missing from a message captured whole: the
        // message is too short for its type.
        let missing = |present: bool| (!present && !truncated).then_some("bad_length");
        match g.msg {
            Message::Cut => {}
            Message::Query(q) => {
                if let Some(v) = q.version() {
                    m.serialize_entry("version", &v)?;
                }
                if let Some(t) = q.max_resp {
                    m.serialize_entry("max_resp_time", &t)?;
                }
                invalid = missing(q.group.is_some());
                if let Some(a) = q.group {
                    m.serialize_entry("group", &a)?;
                }
            }
            Message::QueryV3(q) => {
                m.serialize_entry("version", &3)?;
                if !q.valid_len {
                    invalid = Some("bad_length");
                }
                if let Some(t) = q.max_resp_time() {
                    m.serialize_entry("max_resp_time", &t)?;
                }
                if let Some(a) = q.group {
                    m.serialize_entry("group", &a)?;
                }
                if let (Some(sup), Some(qrv)) = (q.suppress(), q.qrv()) {
                    m.serialize_entry("suppress", &sup)?;
                    m.serialize_entry("qrv", &qrv)?;
                }
                if let Some(qqi) = q.qqi() {
                    m.serialize_entry("qqi", &qqi)?;
                }
                if let Some(n) = q.nsrcs {
                    m.serialize_entry("num_sources", &n)?;
                    m.serialize_entry("sources", &AddrList(q.sources))?;
                    if !q.sources_fit {
                        invalid = invalid.or(Some("bad_source_count"));
                    }
                }
            }
            Message::ReportV1(a) | Message::ReportV2(a) | Message::Leave(a) => {
                let v = if matches!(g.msg, Message::ReportV1(_)) {
                    1
                } else {
                    2
                };
                m.serialize_entry("version", &v)?;
                invalid = missing(a.is_some());
                if let Some(a) = a {
                    m.serialize_entry("group", &a)?;
                }
            }
            Message::ReportV3(r) => {
                m.serialize_entry("version", &3)?;
                if !r.valid_len {
                    invalid = Some("bad_length");
                }
                if let Some(n) = r.ngroups {
                    m.serialize_entry("num_records", &n)?;
                    m.serialize_entry("records", &Records(r))?;
                    for item in r.records() {
                        match item {
                            RecordItem::Record(rec) if !rec.sources_fit => {
                                invalid = invalid.or(Some("bad_source_count"))
                            }
                            RecordItem::PastLength => {
                                invalid = invalid.or(Some("bad_record_count"))
                            }
                            RecordItem::Record(_) | RecordItem::Cut => {}
                        }
                    }
                }
            }
            Message::DvmrpShort => invalid = Some("bad_length"),
            Message::Dvmrp(d) => m.serialize_entry("dvmrp", &super::dvmrp::view(&d))?,
            Message::Pimv1(p) => m.serialize_entry("pimv1", &super::pimv1::view(&p))?,
            Message::Mtrace(t) => {
                if !t.valid_len {
                    invalid = Some("bad_length");
                }
                if let Some(q) = t.query {
                    m.serialize_entry("hops", &q.hops)?;
                    m.serialize_entry("group", &q.group)?;
                    m.serialize_entry("src", &q.src)?;
                    m.serialize_entry("dst", &q.dst)?;
                    m.serialize_entry("response_addr", &q.resp_addr)?;
                    m.serialize_entry("response_ttl", &q.resp_ttl)?;
                    m.serialize_entry("query_id", &q.qid)?;
                }
            }
            Message::Unknown(_) => {}
        }
        if let Some(why) = invalid {
            m.serialize_entry("invalid", why)?;
        }
        if truncated {
            m.serialize_entry("truncated", &true)?;
        }
        m.end()
    }
}
