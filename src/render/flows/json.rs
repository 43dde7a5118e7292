//! JSON views of the engine's figures: a closed connection as one line of
//! `flows --json` and of `index.jsonl`. The engine's types know nothing of
//! serde; the field names and their order here are the documented ones
//! (`docs/flows.md`).

use std::io;
use std::net::SocketAddr;

use serde::ser::{Serialize, Serializer};
use serde::Serialize as DeriveSerialize;

use super::table::conn_community_id;
use crate::decode::community_id::CommunityId;
use crate::flow::{
    Began, ConnSummary, DirSummary, Ended, Gap, GapCause, Scope, Span, Timestamp, TunnelId,
};
use crate::render::json::{push_dotted, StackStr};

/// One connection as a JSON line: the [`ConnSummary`] fields, the same as
/// `index.jsonl` without `files`.
pub fn write_json_line(buf: &mut Vec<u8>, s: &ConnSummary, seed: u16) -> io::Result<()> {
    // The packets' JSON writer: serde_json's bytes, faster.
    crate::render::json::to_vec(buf, &ConnJson::new(s, seed)).map_err(io::Error::other)?;
    buf.push(b'\n');
    Ok(())
}

/// How a connection began, as JSON names it.
pub fn began_name(b: Began) -> &'static str {
    match b {
        Began::Handshake => "handshake",
        Began::SynOnly => "syn_only",
        Began::SynAckOnly => "syn_ack_only",
        Began::Midstream => "midstream",
    }
}

/// How a connection ended, as JSON names it.
pub fn ended_name(e: Ended) -> &'static str {
    match e {
        Ended::FinBoth => "fin_both",
        Ended::FinClient => "fin_client",
        Ended::FinServer => "fin_server",
        Ended::RstClient => "rst_client",
        Ended::RstServer => "rst_server",
        Ended::Open => "open",
    }
}

/// Why bytes are missing, as JSON names it.
pub fn gap_cause_name(c: GapCause) -> &'static str {
    match c {
        GapCause::Lost => "lost",
        GapCause::Snaplen => "snaplen",
        GapCause::Limit => "limit",
    }
}

/// A [`ConnSummary`] as JSON.
#[derive(DeriveSerialize)]
pub(crate) struct ConnJson<'a> {
    id: u64,
    reuse: u32,
    client: AddrJson<'a>,
    server: AddrJson<'a>,
    community_id: CidJson,
    start: TimeJson,
    end: TimeJson,
    duration_ns: u64,
    began: &'static str,
    ended: &'static str,
    evicted: bool,
    to_server: DirJson<'a>,
    to_client: DirJson<'a>,
    #[serde(skip_serializing_if = "ScopeJson::is_empty")]
    tunnels: ScopeJson<'a>,
}

impl<'a> ConnJson<'a> {
    /// The JSON of a connection, its Community ID computed with `seed`.
    pub(crate) fn new(s: &'a ConnSummary, seed: u16) -> Self {
        ConnJson {
            id: s.id,
            reuse: s.reuse,
            client: AddrJson(&s.client),
            server: AddrJson(&s.server),
            community_id: CidJson(conn_community_id(s, seed)),
            start: TimeJson::from(s.start),
            end: TimeJson::from(s.end),
            duration_ns: s.duration_ns,
            began: began_name(s.began),
            ended: ended_name(s.ended),
            evicted: s.evicted,
            to_server: DirJson::from(&s.to_server),
            to_client: DirJson::from(&s.to_client),
            tunnels: ScopeJson(&s.scope),
        }
    }
}

/// An end of a connection as serde writes a [`SocketAddr`]; an IPv4 one's
/// text (`a.b.c.d:port`) made without `fmt`.
struct AddrJson<'a>(&'a SocketAddr);

impl Serialize for AddrJson<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            SocketAddr::V4(a) if ser.is_human_readable() => {
                let mut text = StackStr::<21>::new();
                push_dotted(&mut text, *a.ip());
                text.push(b':');
                text.push_dec(a.port().into());
                ser.serialize_str(text.as_str())
            }
            a => a.serialize(ser),
        }
    }
}

/// A Community ID as its string.
struct CidJson(CommunityId);

impl Serialize for CidJson {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        ser.serialize_str(self.0.as_str())
    }
}

/// A connection's tunnels as JSON: an array, outermost first, of objects
/// with `type` (`vxlan`, `vxlan_gpe`, `geneve`, `gre`, `ipip`) and `vni`,
/// or `endpoints` (two addresses, lower first) and for GRE `key`.
struct ScopeJson<'a>(&'a Scope);

impl ScopeJson<'_> {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for ScopeJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        let mut seq = s.serialize_seq(Some(self.0.tunnels().len()))?;
        for t in self.0.tunnels() {
            struct One<'b>(&'b TunnelId);
            impl Serialize for One<'_> {
                fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    let mut m = s.serialize_map(None)?;
                    match self.0 {
                        TunnelId::None => m.serialize_entry("type", "none")?,
                        TunnelId::Vxlan(v) | TunnelId::VxlanGpe(v) | TunnelId::Geneve(v) => {
                            let name = match self.0 {
                                TunnelId::Vxlan(_) => "vxlan",
                                TunnelId::VxlanGpe(_) => "vxlan_gpe",
                                _ => "geneve",
                            };
                            m.serialize_entry("type", name)?;
                            m.serialize_entry("vni", v)?;
                        }
                        TunnelId::Gre { ends, key } => {
                            m.serialize_entry("type", "gre")?;
                            m.serialize_entry("endpoints", &[ends.0, ends.1])?;
                            if let Some(k) = key {
                                m.serialize_entry("key", k)?;
                            }
                        }
                        TunnelId::IpInIp { ends } => {
                            m.serialize_entry("type", "ipip")?;
                            m.serialize_entry("endpoints", &[ends.0, ends.1])?;
                        }
                    }
                    m.end()
                }
            }
            seq.serialize_element(&One(t))?;
        }
        seq.end()
    }
}

/// A [`Timestamp`] as JSON: `{"secs": S, "nanos": N}`.
#[derive(DeriveSerialize)]
struct TimeJson {
    secs: i64,
    nanos: u32,
}

impl From<Timestamp> for TimeJson {
    fn from(t: Timestamp) -> Self {
        TimeJson {
            secs: t.secs,
            nanos: t.nanos,
        }
    }
}

/// A [`DirSummary`] as JSON.
#[derive(DeriveSerialize)]
struct DirJson<'a> {
    packets: u64,
    bytes: u64,
    stream_bytes: u64,
    missing_bytes: u64,
    isn: Option<u32>,
    syn: bool,
    fin: bool,
    rst: bool,
    retransmitted_bytes: u64,
    unverified_bytes: u64,
    out_of_order_segments: u64,
    conflicts: u64,
    conflict_bytes: u64,
    conflict_ranges: Spans<'a>,
    gaps: Gaps<'a>,
    limit_gap_bytes: u64,
    late_bytes: u64,
    before_start_bytes: u64,
    keepalives: u64,
    zero_window_probes: u64,
    probe_bytes: u64,
}

impl<'a> From<&'a DirSummary> for DirJson<'a> {
    fn from(d: &'a DirSummary) -> Self {
        DirJson {
            packets: d.packets,
            bytes: d.bytes,
            stream_bytes: d.stream_bytes,
            missing_bytes: d.missing_bytes,
            isn: d.isn,
            syn: d.syn,
            fin: d.fin,
            rst: d.rst,
            retransmitted_bytes: d.retransmitted_bytes,
            unverified_bytes: d.unverified_bytes,
            out_of_order_segments: d.out_of_order_segments,
            conflicts: d.conflicts,
            conflict_bytes: d.conflict_bytes,
            conflict_ranges: Spans(&d.conflict_ranges),
            gaps: Gaps(&d.gaps),
            limit_gap_bytes: d.limit_gap_bytes,
            late_bytes: d.late_bytes,
            before_start_bytes: d.before_start_bytes,
            keepalives: d.keepalives,
            zero_window_probes: d.zero_window_probes,
            probe_bytes: d.probe_bytes,
        }
    }
}

/// [`Span`]s as a JSON array of `{"offset", "len"}`.
struct Spans<'a>(&'a [Span]);

impl Serialize for Spans<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        #[derive(DeriveSerialize)]
        struct SpanJson {
            offset: u64,
            len: u64,
        }
        ser.collect_seq(self.0.iter().map(|s| SpanJson {
            offset: s.offset,
            len: s.len,
        }))
    }
}

/// [`Gap`]s as a JSON array of `{"offset", "len", "cause"}`.
struct Gaps<'a>(&'a [Gap]);

impl Serialize for Gaps<'_> {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        #[derive(DeriveSerialize)]
        struct GapJson {
            offset: u64,
            len: u64,
            cause: &'static str,
        }
        ser.collect_seq(self.0.iter().map(|g| GapJson {
            offset: g.offset,
            len: g.len,
            cause: gap_cause_name(g.cause),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::tests::{c, handshake, ACK, CI, SI};
    use crate::flow::{FlowTable, Limits};

    #[test]
    fn addresses_are_written_as_serde_writes_them() {
        let mut addrs: Vec<SocketAddr> = (0..=255u8)
            .map(|o| SocketAddr::from(([o, 255 - o, o / 10, 7], u16::from(o) * 257)))
            .collect();
        addrs.extend(
            ["0.0.0.0:0", "255.255.255.255:65535", "[2001:db8::1%3]:80"]
                .map(|a| a.parse::<SocketAddr>().unwrap()),
        );
        for a in addrs {
            assert_eq!(
                serde_json::to_string(&AddrJson(&a)).unwrap(),
                serde_json::to_string(&a).unwrap()
            );
        }
    }

    #[test]
    fn summary_json_has_stable_snake_case_fields() {
        let mut segs = handshake(CI, SI);
        let mut cut = c(CI + 1, SI + 1, ACK, b"ab");
        cut.payload_len = 3;
        segs.push(cut);
        let mut table = FlowTable::new(Limits::default());
        let mut closed: Vec<ConnSummary> = Vec::new();
        for seg in &segs {
            table.push(seg, &mut closed).unwrap();
        }
        table.finish(&mut closed).unwrap();
        let mut buf = Vec::new();
        write_json_line(&mut buf, &closed[0], 0).unwrap();
        let want = concat!(
            r#"{"id":0,"reuse":0,"client":"10.0.0.1:40000","server":"10.0.0.2:80","#,
            r#""community_id":"1:3k1SoWXs/FltHw2aBCgUTgbDQF4=","#,
            r#""start":{"secs":0,"nanos":0},"end":{"secs":0,"nanos":0},"duration_ns":0,"#,
            r#""began":"handshake","ended":"open","evicted":false,"#,
            r#""to_server":{"packets":3,"bytes":3,"stream_bytes":3,"missing_bytes":1,"#,
            r#""isn":1000,"syn":true,"fin":false,"rst":false,"retransmitted_bytes":0,"#,
            r#""unverified_bytes":0,"out_of_order_segments":0,"conflicts":0,"conflict_bytes":0,"#,
            r#""conflict_ranges":[],"gaps":[{"offset":2,"len":1,"cause":"snaplen"}],"#,
            r#""limit_gap_bytes":0,"late_bytes":0,"before_start_bytes":0,"keepalives":0,"#,
            r#""zero_window_probes":0,"probe_bytes":0},"#,
            r#""to_client":{"packets":1,"bytes":0,"stream_bytes":0,"missing_bytes":0,"#,
            r#""isn":5000,"syn":true,"fin":false,"rst":false,"retransmitted_bytes":0,"#,
            r#""unverified_bytes":0,"out_of_order_segments":0,"conflicts":0,"conflict_bytes":0,"#,
            r#""conflict_ranges":[],"gaps":[],"#,
            r#""limit_gap_bytes":0,"late_bytes":0,"before_start_bytes":0,"keepalives":0,"#,
            r#""zero_window_probes":0,"probe_bytes":0}}"#,
            "\n",
        );
        assert_eq!(String::from_utf8(buf).unwrap(), want);
    }

    #[test]
    fn every_name_is_the_documented_snake_case() {
        let began = [
            Began::Handshake,
            Began::SynOnly,
            Began::SynAckOnly,
            Began::Midstream,
        ]
        .map(began_name);
        assert_eq!(
            began,
            ["handshake", "syn_only", "syn_ack_only", "midstream"]
        );
        let ended = [
            Ended::FinBoth,
            Ended::FinClient,
            Ended::FinServer,
            Ended::RstClient,
            Ended::RstServer,
            Ended::Open,
        ]
        .map(ended_name);
        assert_eq!(
            ended,
            [
                "fin_both",
                "fin_client",
                "fin_server",
                "rst_client",
                "rst_server",
                "open"
            ]
        );
        let causes = [GapCause::Lost, GapCause::Snaplen, GapCause::Limit].map(gap_cause_name);
        assert_eq!(causes, ["lost", "snaplen", "limit"]);
    }
}
