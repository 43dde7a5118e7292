//! `netdecode dhcp --json` and `netdecode neighbors --json`: one JSON
//! object per line, each with a `type`: `transaction`, `finding`,
//! `server`, `pair`, `offer` (`--probe`) or `summary`. The engines' types
//! know nothing of serde; the names and their order here are the
//! documented ones (`docs/watch.md`).

use std::io;
use std::net::{IpAddr, Ipv4Addr};

use serde::Serialize;

use super::rfc3339;
use crate::watch::dhcp::{
    self, Decline, Family, Offer, OptionValue, Outcome, Range, Reply, Requested, ServerRef,
    ServerSummary, Transaction, TransactionKind,
};
use crate::watch::neighbors::{self, Pair, Via};
use crate::watch::{Evidence, Mac, Time, Vlans};

fn line<T: Serialize>(out: &mut Vec<u8>, v: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, v)?;
    out.push(b'\n');
    Ok(())
}

fn family(f: Family) -> &'static str {
    match f {
        Family::V4 => "dhcpv4",
        Family::V6 => "dhcpv6",
    }
}

fn mac(m: Option<Mac>) -> Option<String> {
    m.map(|m| m.to_string())
}

fn ips(a: &[IpAddr]) -> Vec<String> {
    a.iter().map(|x| x.to_string()).collect()
}

#[derive(Serialize)]
struct SegmentJson {
    vlans: Vec<u16>,
    relay: Option<String>,
}

fn segment(s: &dhcp::Segment) -> SegmentJson {
    SegmentJson {
        vlans: s.vlans.ids().to_vec(),
        relay: s.relay.map(|r| r.to_string()),
    }
}

#[derive(Serialize)]
struct ServerJson {
    id: String,
    ip: String,
    mac: Option<String>,
    relayed: bool,
}

fn server(s: &ServerRef) -> ServerJson {
    ServerJson {
        id: s.id.to_string(),
        ip: s.ip.to_string(),
        mac: mac(s.mac),
        relayed: s.relayed,
    }
}

#[derive(Serialize)]
struct PrefixJson {
    prefix: String,
    len: u8,
}

fn prefixes(p: &[(std::net::Ipv6Addr, u8)]) -> Vec<PrefixJson> {
    p.iter()
        .map(|(a, l)| PrefixJson {
            prefix: a.to_string(),
            len: *l,
        })
        .collect()
}

#[derive(Serialize)]
struct OfferJson<'a> {
    server: ServerJson,
    addrs: Vec<String>,
    prefixes: Vec<PrefixJson>,
    lease: Option<u32>,
    mask: Option<String>,
    routers: Option<Vec<String>>,
    dns: Option<Vec<String>>,
    domain: Option<&'a str>,
    preference: Option<u8>,
    status: Option<u16>,
    message: Option<&'a str>,
    packet: u64,
    time: String,
    count: u32,
}

fn offer(o: &Offer) -> OfferJson<'_> {
    OfferJson {
        server: server(&o.server),
        addrs: ips(&o.addrs),
        prefixes: prefixes(&o.prefixes),
        lease: o.lease,
        mask: o.mask.map(|m: Ipv4Addr| m.to_string()),
        routers: o.routers.as_deref().map(ips),
        dns: o.dns.as_deref().map(ips),
        domain: o.domain.as_deref(),
        preference: o.preference,
        status: o.status,
        message: o.message.as_deref(),
        packet: o.packet,
        time: rfc3339(o.time),
        count: o.count,
    }
}

#[derive(Serialize)]
struct RequestedJson {
    server: Option<String>,
    addr: Option<String>,
    offer: Option<usize>,
    packet: u64,
}

fn requested(r: &Requested) -> RequestedJson {
    RequestedJson {
        server: r.server.as_ref().map(|s| s.to_string()),
        addr: r.addr.map(|a| a.to_string()),
        offer: r.offer,
        packet: r.packet,
    }
}

#[derive(Serialize)]
struct ReplyJson<'a> {
    server: ServerJson,
    addrs: Vec<String>,
    prefixes: Vec<PrefixJson>,
    lease: Option<u32>,
    status: Option<u16>,
    message: Option<&'a str>,
    packet: u64,
    time: String,
    after_ns: Option<u64>,
}

fn reply(r: &Reply) -> ReplyJson<'_> {
    ReplyJson {
        server: server(&r.server),
        addrs: ips(&r.addrs),
        prefixes: prefixes(&r.prefixes),
        lease: r.lease,
        status: r.status,
        message: r.message.as_deref(),
        packet: r.packet,
        time: rfc3339(r.time),
        after_ns: r.after_ns,
    }
}

#[derive(Serialize)]
struct DeclineJson {
    addr: Option<String>,
    packet: u64,
    time: String,
}

fn decline(d: &Decline) -> DeclineJson {
    DeclineJson {
        addr: d.addr.map(|a| a.to_string()),
        packet: d.packet,
        time: rfc3339(d.time),
    }
}

fn outcome(o: Outcome) -> &'static str {
    match o {
        Outcome::Ack => "ack",
        Outcome::Nak => "nak",
        Outcome::Decline => "decline",
        Outcome::NoAnswer => "no_answer",
        Outcome::NoRequest => "no_request",
        Outcome::NoReply => "no_reply",
    }
}

fn kind(k: TransactionKind) -> &'static str {
    match k {
        TransactionKind::Lease => "lease",
        TransactionKind::Renew => "renew",
        TransactionKind::Reboot => "reboot",
        TransactionKind::Inform => "inform",
        TransactionKind::Unknown => "unknown",
    }
}

#[derive(Serialize)]
struct TransactionJson<'a> {
    #[serde(rename = "type")]
    ty: &'static str,
    id: u64,
    family: &'static str,
    kind: &'static str,
    segment: SegmentJson,
    client: String,
    client_mac: Option<String>,
    host_name: Option<&'a str>,
    vendor_class: Option<&'a str>,
    xids: &'a [u32],
    relay: Option<String>,
    start: String,
    end: String,
    discovers: u32,
    requests: u32,
    offers: Vec<OfferJson<'a>>,
    requested: Option<RequestedJson>,
    ack: Option<ReplyJson<'a>>,
    nak: Option<ReplyJson<'a>>,
    decline: Option<DeclineJson>,
    outcome: &'static str,
    open: bool,
    packets: &'a [u64],
    more_packets: u64,
}

/// A transaction as a JSON line.
pub fn transaction(out: &mut Vec<u8>, t: &Transaction) -> io::Result<()> {
    line(
        out,
        &TransactionJson {
            ty: "transaction",
            id: t.id,
            family: family(t.family),
            kind: kind(t.kind),
            segment: segment(&t.segment),
            client: t.client.to_string(),
            client_mac: mac(t.client_mac),
            host_name: t.host_name.as_deref(),
            vendor_class: t.vendor_class.as_deref(),
            xids: &t.xids,
            relay: t.relay.map(|r| r.to_string()),
            start: rfc3339(t.start),
            end: rfc3339(t.end),
            discovers: t.discovers,
            requests: t.requests,
            offers: t.offers.iter().map(offer).collect(),
            requested: t.requested.as_ref().map(requested),
            ack: t.ack.as_ref().map(reply),
            nak: t.nak.as_ref().map(reply),
            decline: t.decline.as_ref().map(decline),
            outcome: outcome(t.outcome),
            open: t.open,
            packets: &t.packets.items,
            more_packets: t.packets.dropped,
        },
    )
}

/// One offer as `--probe` prints it when it arrives.
pub fn probe_offer(out: &mut Vec<u8>, o: &Offer) -> io::Result<()> {
    #[derive(Serialize)]
    struct ProbeOfferJson<'a> {
        #[serde(rename = "type")]
        ty: &'static str,
        #[serde(flatten)]
        offer: OfferJson<'a>,
    }
    line(
        out,
        &ProbeOfferJson {
            ty: "offer",
            offer: offer(o),
        },
    )
}

#[derive(Serialize)]
struct RangeJson {
    server: ServerJson,
    low: String,
    high: String,
    low_packet: u64,
    high_packet: u64,
}

fn range(r: &Range) -> RangeJson {
    RangeJson {
        server: server(&r.server),
        low: r.low.to_string(),
        high: r.high.to_string(),
        low_packet: r.low_packet,
        high_packet: r.high_packet,
    }
}

#[derive(Serialize)]
struct OptionValueJson {
    server: ServerJson,
    value: Vec<String>,
    packet: u64,
}

fn option_value(v: &OptionValue) -> OptionValueJson {
    OptionValueJson {
        server: server(&v.server),
        value: ips(&v.addrs),
        packet: v.packet,
    }
}

/// A finding's own fields, after the common ones.
#[derive(Serialize)]
#[serde(untagged)]
enum DhcpDetails<'a> {
    Servers {
        servers: Vec<ServerJson>,
    },
    Ranges {
        ranges: [RangeJson; 2],
    },
    Option {
        option: &'static str,
        values: [OptionValueJson; 2],
    },
    Server {
        server: ServerJson,
    },
    Nak {
        client: String,
        client_mac: Option<String>,
        server: ServerJson,
        requested: Option<String>,
        message: Option<&'a str>,
        status: Option<u16>,
    },
    Decline {
        client: String,
        client_mac: Option<String>,
        addr: Option<String>,
        server: Option<ServerJson>,
    },
    NoAck {
        client: String,
        client_mac: Option<String>,
        tries: u32,
        since: String,
    },
}

#[derive(Serialize)]
struct FindingJson<'a, D: Serialize> {
    #[serde(rename = "type")]
    ty: &'static str,
    finding: &'static str,
    time: String,
    packets: &'a [u64],
    more_packets: u64,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    family: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    segment: Option<SegmentJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vlans: Option<Vec<u16>>,
    #[serde(flatten)]
    details: D,
}

fn finding_head<'a, D: Serialize>(
    name: &'static str,
    time: Time,
    ev: &'a Evidence,
    message: String,
    details: D,
) -> FindingJson<'a, D> {
    FindingJson {
        ty: "finding",
        finding: name,
        time: rfc3339(time),
        packets: &ev.packets,
        more_packets: ev.more,
        message,
        family: None,
        segment: None,
        vlans: None,
        details,
    }
}

/// A DHCP finding as a JSON line.
pub fn dhcp_finding(out: &mut Vec<u8>, f: &dhcp::Finding) -> io::Result<()> {
    use dhcp::FindingKind as K;
    let details = match &f.kind {
        K::MultipleServers { servers } => DhcpDetails::Servers {
            servers: servers.iter().map(server).collect(),
        },
        K::OverlappingRanges { a, b } => DhcpDetails::Ranges {
            ranges: [range(a), range(b)],
        },
        K::DifferentOption { option, a, b } => DhcpDetails::Option {
            option: option.name(),
            values: [option_value(a), option_value(b)],
        },
        K::UnauthorizedServer { server: s } => DhcpDetails::Server { server: server(s) },
        K::Nak {
            client,
            client_mac,
            server: s,
            requested,
            message,
            status,
        } => DhcpDetails::Nak {
            client: client.to_string(),
            client_mac: mac(*client_mac),
            server: server(s),
            requested: requested.map(|r| r.to_string()),
            message: message.as_deref(),
            status: *status,
        },
        K::Decline {
            client,
            client_mac,
            addr,
            server: s,
        } => DhcpDetails::Decline {
            client: client.to_string(),
            client_mac: mac(*client_mac),
            addr: addr.map(|a| a.to_string()),
            server: s.as_ref().map(server),
        },
        K::NoAck {
            client,
            client_mac,
            tries,
            since,
        } => DhcpDetails::NoAck {
            client: client.to_string(),
            client_mac: mac(*client_mac),
            tries: *tries,
            since: rfc3339(*since),
        },
    };
    let mut j = finding_head(
        f.kind.name(),
        f.time,
        &f.evidence,
        super::dhcp::finding_message(f),
        details,
    );
    j.family = Some(family(f.family));
    j.segment = Some(segment(&f.segment));
    line(out, &j)
}

#[derive(Serialize)]
struct LeaseJson {
    min: u32,
    max: u32,
}

#[derive(Serialize)]
struct ServerSummaryJson<'a> {
    #[serde(rename = "type")]
    ty: &'static str,
    family: &'static str,
    segment: SegmentJson,
    server: ServerJson,
    other_ips: Vec<String>,
    other_macs: Vec<String>,
    first_seen: String,
    last_seen: String,
    first_packet: u64,
    offers: u64,
    acks: u64,
    naks: u64,
    clients: u64,
    addresses: u64,
    range: Option<RangeJson>,
    lease: Option<LeaseJson>,
    mask: Option<String>,
    routers: Option<Vec<String>>,
    dns: Option<Vec<String>>,
    domain: Option<&'a str>,
    allowed: Option<bool>,
}

/// A server's figures as a JSON line.
pub fn server_summary(out: &mut Vec<u8>, s: &ServerSummary) -> io::Result<()> {
    line(
        out,
        &ServerSummaryJson {
            ty: "server",
            family: family(s.family),
            segment: segment(&s.segment),
            server: server(&s.server),
            other_ips: ips(&s.other_ips),
            other_macs: s.other_macs.iter().map(|m| m.to_string()).collect(),
            first_seen: rfc3339(s.first_seen),
            last_seen: rfc3339(s.last_seen),
            first_packet: s.first_packet,
            offers: s.offers,
            acks: s.acks,
            naks: s.naks,
            clients: s.clients,
            addresses: s.addresses,
            range: s.range.as_ref().map(range),
            lease: s.lease.map(|(min, max)| LeaseJson { min, max }),
            mask: s.mask.map(|m| m.to_string()),
            routers: s.routers.as_deref().map(ips),
            dns: s.dns.as_deref().map(ips),
            domain: s.domain.as_deref(),
            allowed: s.allowed,
        },
    )
}

/// The end of a summary: the counts so far.
pub fn dhcp_summary(out: &mut Vec<u8>, st: &dhcp::Stats, at: Time, last: bool) -> io::Result<()> {
    #[derive(Serialize)]
    struct J {
        #[serde(rename = "type")]
        ty: &'static str,
        command: &'static str,
        time: String,
        last: bool,
        messages: u64,
        dhcpv4_messages: u64,
        dhcpv6_messages: u64,
        transactions: u64,
        acknowledged: u64,
        findings: u64,
        stray_replies: u64,
        evicted: u64,
    }
    line(
        out,
        &J {
            ty: "summary",
            command: "dhcp",
            time: rfc3339(at),
            last,
            messages: st.messages,
            dhcpv4_messages: st.v4_messages,
            dhcpv6_messages: st.v6_messages,
            transactions: st.transactions,
            acknowledged: st.acked,
            findings: st.findings,
            stray_replies: st.stray_replies,
            evicted: st.evicted,
        },
    )
}

fn via(v: Via) -> &'static str {
    super::neighbors::via_name(v)
}

/// A pair as a JSON line.
pub fn pair(out: &mut Vec<u8>, p: &Pair) -> io::Result<()> {
    #[derive(Serialize)]
    struct J {
        #[serde(rename = "type")]
        ty: &'static str,
        vlans: Vec<u16>,
        ip: String,
        mac: String,
        via: &'static str,
        first_seen: String,
        last_seen: String,
        first_packet: u64,
        last_packet: u64,
        count: u64,
        announced: u64,
    }
    line(
        out,
        &J {
            ty: "pair",
            vlans: p.vlans.ids().to_vec(),
            ip: p.ip.to_string(),
            mac: p.mac.to_string(),
            via: via(p.via),
            first_seen: rfc3339(p.first_seen),
            last_seen: rfc3339(p.last_seen),
            first_packet: p.first_packet,
            last_packet: p.last_packet,
            count: p.count,
            announced: p.announced,
        },
    )
}

#[derive(Serialize)]
#[serde(untagged)]
enum NeighborDetails {
    Claim {
        ip: String,
        old_mac: String,
        new_mac: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        apart_ns: Option<u64>,
    },
    Flip {
        mac: String,
        addrs: [String; 2],
    },
    Conflict {
        ip: String,
        prober: String,
        owner: String,
    },
    Storm {
        requests: u64,
        threshold: u64,
        top_mac: Option<String>,
        top_count: u64,
    },
}

/// A neighbours finding as a JSON line.
pub fn neighbor_finding(out: &mut Vec<u8>, f: &neighbors::Finding) -> io::Result<()> {
    use neighbors::FindingKind as K;
    let details = match &f.kind {
        K::DuplicateAddress {
            ip,
            old,
            new,
            apart_ns,
        } => NeighborDetails::Claim {
            ip: ip.to_string(),
            old_mac: old.to_string(),
            new_mac: new.to_string(),
            apart_ns: Some(*apart_ns),
        },
        K::AnnouncedChange { ip, old, new } => NeighborDetails::Claim {
            ip: ip.to_string(),
            old_mac: old.to_string(),
            new_mac: new.to_string(),
            apart_ns: None,
        },
        K::MacFlip { mac, addrs } => NeighborDetails::Flip {
            mac: mac.to_string(),
            addrs: [addrs[0].to_string(), addrs[1].to_string()],
        },
        K::ProbeAnswered { ip, prober, owner } => NeighborDetails::Conflict {
            ip: ip.to_string(),
            prober: prober.to_string(),
            owner: owner.to_string(),
        },
        K::DadFailed { ip, prober, owner } => NeighborDetails::Conflict {
            ip: ip.to_string(),
            prober: prober.to_string(),
            owner: owner.to_string(),
        },
        K::ArpStorm {
            requests,
            threshold,
            top,
            top_count,
        } => NeighborDetails::Storm {
            requests: *requests,
            threshold: *threshold,
            top_mac: top.map(|m| m.to_string()),
            top_count: *top_count,
        },
    };
    let mut j = finding_head(
        f.kind.name(),
        f.time,
        &f.evidence,
        super::neighbors::finding_message(f),
        details,
    );
    j.vlans = Some(vlans(f.vlans));
    line(out, &j)
}

fn vlans(v: Vlans) -> Vec<u16> {
    v.ids().to_vec()
}

/// The end of a neighbours summary: the counts so far.
pub fn neighbor_summary(
    out: &mut Vec<u8>,
    st: &neighbors::Stats,
    pairs: usize,
    at: Time,
    last: bool,
) -> io::Result<()> {
    #[derive(Serialize)]
    struct J {
        #[serde(rename = "type")]
        ty: &'static str,
        command: &'static str,
        time: String,
        last: bool,
        arp_packets: u64,
        nd_packets: u64,
        claims: u64,
        pairs: usize,
        findings: u64,
        forgotten: u64,
    }
    line(
        out,
        &J {
            ty: "summary",
            command: "neighbors",
            time: rfc3339(at),
            last,
            arp_packets: st.arp,
            nd_packets: st.nd,
            claims: st.claims,
            pairs,
            findings: st.findings,
            forgotten: st.forgotten,
        },
    )
}
