//! `netdecode dhcp` as text: a line per transaction, a line per finding,
//! and the table of servers at the end (and every `--interval`).

use std::fmt::Write as _;
use std::net::Ipv6Addr;

use super::{addr_list, evidence, local_time, quoted, seconds, write_table};
use crate::render::time::LocalZone;
use crate::watch::dhcp::{
    status_name, Family, Finding, FindingKind, Offer, Outcome, Reply, ServerRef, ServerSummary,
    Stats, Transaction, TransactionKind,
};
use crate::watch::Time;

/// A family's name as printed.
pub fn family_name(f: Family) -> &'static str {
    match f {
        Family::V4 => "DHCPv4",
        Family::V6 => "DHCPv6",
    }
}

/// A server as printed: its identifier, and where that is not the address
/// it sent from, that address too.
pub fn server_name(s: &ServerRef) -> String {
    match &s.id {
        crate::watch::dhcp::ServerId::Ip(a) if *a == s.ip => a.to_string(),
        id @ crate::watch::dhcp::ServerId::Ip(_) => format!("{id} (from {})", s.ip),
        id => format!("{} ({id})", s.ip),
    }
}

/// A server with its MAC and whether it came through a relay.
fn server_full(s: &ServerRef) -> String {
    let mut out = server_name(s);
    if let Some(m) = s.mac {
        let _ = write!(out, " [{m}]");
    }
    if s.relayed {
        out.push_str(" relayed");
    }
    out
}

fn prefixes(p: &[(Ipv6Addr, u8)]) -> String {
    p.iter()
        .map(|(a, l)| format!("{a}/{l}"))
        .collect::<Vec<_>>()
        .join(",")
}

fn offer_text(o: &Offer) -> String {
    let mut s = server_full(&o.server);
    s.push_str(" offered ");
    s.push_str(&addr_list(&o.addrs));
    if !o.prefixes.is_empty() {
        let _ = write!(s, " prefix {}", prefixes(&o.prefixes));
    }
    if let Some(l) = o.lease {
        let _ = write!(s, " lease {l}");
    }
    if let Some(m) = o.mask {
        let _ = write!(s, " mask {m}");
    }
    if let Some(r) = &o.routers {
        let _ = write!(s, " router {}", addr_list(r));
    }
    if let Some(d) = &o.dns {
        let _ = write!(s, " dns {}", addr_list(d));
    }
    if let Some(d) = &o.domain {
        let _ = write!(s, " domain {}", quoted(d));
    }
    if let Some(p) = o.preference {
        let _ = write!(s, " preference {p}");
    }
    if let Some(st) = o.status.filter(|c| *c != 0) {
        let _ = write!(s, " status {}", status_name(st));
    }
    let _ = write!(s, " (#{}", o.packet);
    if o.count > 1 {
        let _ = write!(s, ", {} times", o.count);
    }
    s.push(')');
    s
}

fn plural(n: u32, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn reply_status(r: &Reply) -> String {
    let mut s = String::new();
    if let Some(st) = r.status.filter(|c| *c != 0) {
        let _ = write!(s, " {}", status_name(st));
    }
    if let Some(m) = r.message.as_deref().filter(|m| !m.is_empty()) {
        let _ = write!(s, " {}", quoted(m));
    }
    s
}

/// One transaction's line.
pub fn transaction_line(zone: &LocalZone, t: &Transaction) -> String {
    let mut s = local_time(zone, t.start);
    let _ = write!(s, " #{} {} {}", t.id, family_name(t.family), t.client);
    if let Some(m) = t
        .client_mac
        .filter(|m| crate::watch::dhcp::ClientId::Mac(*m) != t.client)
    {
        let _ = write!(s, " [{m}]");
    }
    if let Some(h) = &t.host_name {
        let _ = write!(s, " host {}", quoted(h));
    }
    if let Some(v) = &t.vendor_class {
        let _ = write!(s, " vendor {}", quoted(v));
    }
    let xids: Vec<String> = t.xids.iter().map(|x| format!("0x{x:08x}")).collect();
    let _ = write!(s, " xid {}", xids.join("/"));
    let seg = t.segment.to_string();
    if seg != "local" {
        let _ = write!(s, " {seg}");
    }
    if let (Some(r), None) = (t.relay, t.segment.relay) {
        let _ = write!(s, " relayed by {r}");
    }
    let kind = match t.kind {
        TransactionKind::Lease => "",
        TransactionKind::Renew => " renew",
        TransactionKind::Reboot => " reboot",
        TransactionKind::Inform => " inform",
        TransactionKind::Unknown => " (replies only)",
    };
    s.push_str(kind);
    s.push_str(": ");
    let requests = match t.family {
        Family::V4 => "REQUEST",
        Family::V6 => "request",
    };
    match t.outcome {
        Outcome::Ack => {
            if let Some(a) = &t.ack {
                s.push_str("ACK");
                if !a.addrs.is_empty() {
                    let _ = write!(s, " {}", addr_list(&a.addrs));
                }
                if !a.prefixes.is_empty() {
                    let _ = write!(s, " prefix {}", prefixes(&a.prefixes));
                }
                if let Some(l) = a.lease {
                    let _ = write!(s, " lease {l}");
                }
                let _ = write!(s, " from {} (#{})", server_full(&a.server), a.packet);
                if let Some(ns) = a.after_ns {
                    let _ = write!(s, " after {}", seconds(ns));
                }
            }
        }
        Outcome::Nak => {
            if let Some(n) = &t.nak {
                let _ = write!(
                    s,
                    "NAK from {} (#{}){}",
                    server_full(&n.server),
                    n.packet,
                    reply_status(n)
                );
            }
        }
        Outcome::Decline => {
            if let Some(d) = &t.decline {
                s.push_str("DECLINE");
                if let Some(a) = d.addr {
                    let _ = write!(s, " {a}");
                }
                let _ = write!(s, " (#{})", d.packet);
                if let Some(a) = &t.ack {
                    let _ = write!(
                        s,
                        " after ACK from {} (#{})",
                        server_full(&a.server),
                        a.packet
                    );
                }
            }
        }
        Outcome::NoAnswer => {
            s.push_str("no answer");
            if t.discovers > 0 {
                let first = match t.family {
                    Family::V4 => "DISCOVER",
                    Family::V6 => "SOLICIT",
                };
                let _ = write!(s, " to {}", plural(t.discovers, first));
            } else if t.requests > 0 {
                let _ = write!(s, " to {}", plural(t.requests, requests));
            }
        }
        Outcome::NoRequest => s.push_str("no request"),
        Outcome::NoReply => {
            let _ = write!(s, "no reply to {}", plural(t.requests, requests));
        }
    }
    if t.open {
        s.push_str(" (still open at the end)");
    }
    if !t.offers.is_empty() {
        let offers: Vec<String> = t.offers.iter().map(offer_text).collect();
        let _ = write!(s, "; offers: {}", offers.join("; "));
    }
    if let Some(r) = &t.requested {
        s.push_str("; requested");
        if let Some(a) = r.addr {
            let _ = write!(s, " {a}");
        }
        if let Some(srv) = &r.server {
            let _ = write!(s, " from {srv}");
        }
        let _ = write!(s, " (#{})", r.packet);
    }
    let mut list: Vec<String> = t.packets.items.iter().map(|p| p.to_string()).collect();
    if t.packets.dropped > 0 {
        if let Some(last) = list.pop() {
            list.push(format!("+{} more", t.packets.dropped));
            list.push(last);
        }
    }
    let _ = write!(s, "; packets {}", list.join(","));
    s
}

/// What a finding says, in words.
pub fn finding_message(f: &Finding) -> String {
    match &f.kind {
        FindingKind::MultipleServers { servers } => {
            let names: Vec<String> = servers.iter().map(server_full).collect();
            format!("{} servers answer: {}", servers.len(), names.join(", "))
        }
        FindingKind::OverlappingRanges { a, b } => format!(
            "overlapping ranges: {} handed out {} to {} (#{}, #{}), {} handed out {} to {} (#{}, #{})",
            server_name(&a.server),
            a.low,
            a.high,
            a.low_packet,
            a.high_packet,
            server_name(&b.server),
            b.low,
            b.high,
            b.low_packet,
            b.high_packet
        ),
        FindingKind::DifferentOption { option, a, b } => format!(
            "different {}: {} gives {} (#{}), {} gives {} (#{})",
            option.name(),
            server_name(&a.server),
            addr_list(&a.addrs),
            a.packet,
            server_name(&b.server),
            addr_list(&b.addrs),
            b.packet
        ),
        FindingKind::UnauthorizedServer { server } => {
            format!("{} is not an allowed server", server_full(server))
        }
        FindingKind::Nak {
            client,
            server,
            requested,
            message,
            status,
            ..
        } => {
            let mut s = format!("{} refused {client}", server_name(server));
            if let Some(r) = requested {
                let _ = write!(s, " (requested {r})");
            }
            if let Some(st) = status.filter(|c| *c != 0) {
                let _ = write!(s, ": {}", status_name(st));
            }
            if let Some(m) = message.as_deref().filter(|m| !m.is_empty()) {
                let _ = write!(s, ": {}", quoted(m));
            }
            s
        }
        FindingKind::Decline {
            client,
            addr,
            server,
            ..
        } => {
            let mut s = format!("{client} declined");
            if let Some(a) = addr {
                let _ = write!(s, " {a}");
            }
            if let Some(srv) = server {
                let _ = write!(s, " from {}", server_name(srv));
            }
            s.push_str(": address in use");
            s
        }
        FindingKind::NoAck { client, tries, .. } => {
            let what = match f.family {
                Family::V4 => "DISCOVERs and REQUESTs",
                Family::V6 => "SOLICITs and requests",
            };
            format!("{client} sent {tries} {what} without getting an ACK")
        }
    }
}

/// One finding's line.
pub fn finding_line(zone: &LocalZone, f: &Finding) -> String {
    let mut s = local_time(zone, f.time);
    let _ = write!(s, " FINDING {} {}", f.kind.name(), family_name(f.family));
    let seg = f.segment.to_string();
    if seg != "local" {
        let _ = write!(s, " {seg}");
    }
    let _ = write!(s, ": {}; {}", finding_message(f), evidence(&f.evidence));
    s
}

/// Prints `netdecode dhcp` as text.
pub struct DhcpPrinter {
    zone: LocalZone,
}

impl DhcpPrinter {
    pub fn new(zone: LocalZone) -> DhcpPrinter {
        DhcpPrinter { zone }
    }

    pub fn transaction(&self, out: &mut Vec<u8>, t: &Transaction) {
        out.extend_from_slice(transaction_line(&self.zone, t).as_bytes());
        out.push(b'\n');
    }

    /// An offer as `--probe` prints it when it arrives.
    pub fn offer(&self, out: &mut Vec<u8>, o: &Offer) {
        let line = format!(
            "{} OFFER from {}",
            local_time(&self.zone, o.time),
            offer_text(o)
        );
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }

    pub fn finding(&self, out: &mut Vec<u8>, f: &Finding) {
        out.extend_from_slice(finding_line(&self.zone, f).as_bytes());
        out.push(b'\n');
    }

    /// The servers table and the counts under it. `last` says whether
    /// this is the end of the run, `at` the time it was taken.
    pub fn summary(
        &self,
        out: &mut Vec<u8>,
        servers: &[ServerSummary],
        stats: &Stats,
        at: Time,
        last: bool,
    ) {
        let when = if last { "at the end" } else { "so far" };
        let _ = writeln!(
            StrOut(out),
            "\nDHCP servers {when} ({}):",
            local_time(&self.zone, at)
        );
        if servers.is_empty() {
            out.extend_from_slice(b"no DHCP server seen\n");
        } else {
            let with_allowed = servers.iter().any(|s| s.allowed.is_some());
            let mut head: Vec<(&str, bool)> = vec![
                ("SEGMENT", false),
                ("FAMILY", false),
                ("SERVER", false),
                ("MAC", false),
                ("FIRST", true),
                ("OFFERS", true),
                ("ACKS", true),
                ("NAKS", true),
                ("CLIENTS", true),
                ("ADDRESSES", true),
                ("RANGE", false),
                ("LEASE", false),
                ("MASK", false),
                ("ROUTER", false),
                ("DNS", false),
                ("DOMAIN", false),
            ];
            if with_allowed {
                head.push(("ALLOWED", false));
            }
            let rows: Vec<Vec<String>> = servers
                .iter()
                .map(|s| {
                    let mut mac = s.server.mac.map_or("-".into(), |m| m.to_string());
                    if s.server.relayed {
                        mac.push_str(" relayed");
                    }
                    let mut r = vec![
                        s.segment.to_string(),
                        family_name(s.family).into(),
                        server_name(&s.server),
                        mac,
                        format!("#{}", s.first_packet),
                        s.offers.to_string(),
                        s.acks.to_string(),
                        s.naks.to_string(),
                        s.clients.to_string(),
                        s.addresses.to_string(),
                        s.range
                            .as_ref()
                            .map_or("-".into(), |r| format!("{}-{}", r.low, r.high)),
                        match s.lease {
                            None => "-".into(),
                            Some((a, b)) if a == b => a.to_string(),
                            Some((a, b)) => format!("{a}-{b}"),
                        },
                        s.mask.map_or("-".into(), |m| m.to_string()),
                        s.routers.as_deref().map_or("-".into(), addr_list),
                        s.dns.as_deref().map_or("-".into(), addr_list),
                        s.domain.as_deref().map_or("-".into(), quoted),
                    ];
                    if with_allowed {
                        r.push(match s.allowed {
                            Some(true) => "yes".into(),
                            Some(false) => "NO".into(),
                            None => "-".into(),
                        });
                    }
                    r
                })
                .collect();
            write_table(out, &head, &rows);
        }
        let _ = writeln!(
            StrOut(out),
            "{} DHCP messages (DHCPv4 {}, DHCPv6 {}), {} transactions ({} acknowledged), {} findings",
            stats.messages,
            stats.v4_messages,
            stats.v6_messages,
            stats.transactions,
            stats.acked,
            stats.findings
        );
    }
}

/// `write!` into a byte buffer.
pub(crate) struct StrOut<'a>(pub &'a mut Vec<u8>);

impl std::fmt::Write for StrOut<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}
