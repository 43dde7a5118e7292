//! `netdecode neighbors` as text: a line per finding, and the table of
//! address and MAC pairs at the end (and every `--interval`).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::net::IpAddr;

use super::dhcp::StrOut;
use super::{evidence, local_time, seconds, write_table};
use crate::render::time::LocalZone;
use crate::watch::neighbors::{Finding, FindingKind, Pair, Stats, Via};
use crate::watch::{Time, Vlans};

/// A protocol's name as printed.
pub fn via_name(v: Via) -> &'static str {
    match v {
        Via::Arp => "arp",
        Via::Nd => "nd",
    }
}

/// What a finding says, in words.
pub fn finding_message(f: &Finding) -> String {
    match &f.kind {
        FindingKind::DuplicateAddress {
            ip,
            old,
            new,
            apart_ns,
        } => format!(
            "{ip} is claimed by {old} and by {new} ({} apart)",
            seconds(*apart_ns)
        ),
        FindingKind::AnnouncedChange { ip, old, new } => {
            let how = match ip {
                IpAddr::V4(_) => "a gratuitous ARP",
                IpAddr::V6(_) => "an unsolicited neighbor advertisement",
            };
            format!("{how} moves {ip} from {old} to {new}")
        }
        FindingKind::MacFlip { mac, addrs } => {
            format!("{mac} flips between {} and {}", addrs[0], addrs[1])
        }
        FindingKind::ProbeAnswered { ip, prober, owner } => {
            format!("address conflict: {owner} answered {prober}'s ARP probe for {ip}")
        }
        FindingKind::DadFailed { ip, prober, owner } => format!(
            "duplicate address detection failed: {owner} answered {prober}'s solicitation for {ip}"
        ),
        FindingKind::ArpStorm {
            requests,
            threshold,
            top,
            top_count,
        } => {
            let mut s =
                format!("{requests} ARP requests within one second (more than {threshold})");
            if let Some(m) = top {
                let _ = write!(s, ", {top_count} of them from {m}");
            }
            s
        }
    }
}

/// One finding's line.
pub fn finding_line(zone: &LocalZone, f: &Finding) -> String {
    let mut s = local_time(zone, f.time);
    let _ = write!(s, " FINDING {}", f.kind.name());
    if !f.vlans.is_empty() {
        let _ = write!(s, " vlan {}", f.vlans);
    }
    let _ = write!(s, ": {}; {}", finding_message(f), evidence(&f.evidence));
    s
}

/// Prints `netdecode neighbors` as text.
pub struct NeighborPrinter {
    zone: LocalZone,
}

impl NeighborPrinter {
    pub fn new(zone: LocalZone) -> NeighborPrinter {
        NeighborPrinter { zone }
    }

    pub fn finding(&self, out: &mut Vec<u8>, f: &Finding) {
        out.extend_from_slice(finding_line(&self.zone, f).as_bytes());
        out.push(b'\n');
    }

    /// The pairs table and the counts under it.
    pub fn summary(&self, out: &mut Vec<u8>, pairs: &[Pair], stats: &Stats, at: Time, last: bool) {
        let when = if last { "at the end" } else { "so far" };
        let _ = writeln!(
            StrOut(out),
            "\nneighbors {when} ({}):",
            local_time(&self.zone, at)
        );
        if pairs.is_empty() {
            out.extend_from_slice(b"no address claimed\n");
        } else {
            let mut macs: HashMap<(Vlans, IpAddr), usize> = HashMap::new();
            for p in pairs {
                *macs.entry((p.vlans, p.ip)).or_default() += 1;
            }
            let head = [
                ("VLAN", false),
                ("ADDRESS", false),
                ("MAC", false),
                ("VIA", false),
                ("FIRST SEEN", false),
                ("LAST SEEN", false),
                ("FIRST", true),
                ("LAST", true),
                ("COUNT", true),
                ("ANNOUNCED", true),
                ("MACS", true),
            ];
            let rows: Vec<Vec<String>> = pairs
                .iter()
                .map(|p| {
                    vec![
                        p.vlans.to_string(),
                        p.ip.to_string(),
                        p.mac.to_string(),
                        via_name(p.via).into(),
                        local_time(&self.zone, p.first_seen),
                        local_time(&self.zone, p.last_seen),
                        format!("#{}", p.first_packet),
                        format!("#{}", p.last_packet),
                        p.count.to_string(),
                        p.announced.to_string(),
                        macs.get(&(p.vlans, p.ip)).copied().unwrap_or(1).to_string(),
                    ]
                })
                .collect();
            write_table(out, &head, &rows);
        }
        let _ = writeln!(
            StrOut(out),
            "{} ARP and {} neighbor discovery packets, {} pairs, {} findings",
            stats.arp,
            stats.nd,
            pairs.len(),
            stats.findings
        );
    }
}
