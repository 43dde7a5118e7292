//! Who claims which address: the IP and MAC pairs that ARP (RFC 826) and
//! IPv6 neighbour discovery (RFC 4861) show, and the findings an
//! administrator wants raised about them: duplicate addresses, a MAC that
//! flips between addresses, gratuitous ARP or unsolicited advertisements
//! that change a mapping, an RFC 5227 probe that was answered, a failed
//! IPv6 duplicate address detection (RFC 4862 §5.4), ARP storms.
//!
//! # Claims
//!
//! A packet *claims* an address for a MAC when it says "this address is
//! at this MAC": an ARP packet's sender fields (unless the sender address
//! is 0.0.0.0, a probe); a neighbour advertisement's target and target
//! link-layer address (else the frame's source); a neighbour or router
//! solicitation's or router advertisement's source address and source
//! link-layer address. A claim is *announced* when nobody asked for it: an
//! ARP packet whose sender and target addresses are the same (gratuitous
//! ARP, an RFC 5227 announcement), a neighbour advertisement without the
//! solicited flag.
//!
//! # Findings
//!
//! * duplicate address: an address claimed by a second MAC while the first
//!   MAC's last claim is at most [`Config::dup_window`] old;
//! * announced change: an announced claim that moves an address to another
//!   MAC;
//! * MAC flip: a MAC claiming address X, then Y, then X again within
//!   [`Config::flip_window`] (IPv4; a host with several addresses that
//!   answers ARP from each can do this too);
//! * probe answered: an ARP probe (sender 0.0.0.0) for an address, then
//!   within [`Config::probe_window`] a claim of that address, or a probe
//!   for it, from another MAC;
//! * DAD failed: a neighbour solicitation from `::` (duplicate address
//!   detection) for a target, then within the probe window an
//!   advertisement of that target, or a solicitation from `::` for it,
//!   from another MAC;
//! * ARP storm: more than [`Config::storm_rate`] ARP requests within one
//!   second on one VLAN; raised once until the rate falls below half of
//!   it.

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::{Evidence, Mac, Packet, Time, Vlans, SECOND};

/// An ARP operation the engine uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArpOp {
    Request,
    Reply,
}

/// What one packet says about neighbours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    /// An Ethernet/IPv4 ARP request or reply.
    Arp {
        op: ArpOp,
        sha: Mac,
        spa: Ipv4Addr,
        tha: Mac,
        tpa: Ipv4Addr,
    },
    /// A neighbour solicitation.
    Solicit {
        src: Ipv6Addr,
        target: Ipv6Addr,
        /// The source link-layer address option.
        slla: Option<Mac>,
    },
    /// A neighbour advertisement.
    Advert {
        src: Ipv6Addr,
        target: Ipv6Addr,
        /// The target link-layer address option.
        tlla: Option<Mac>,
        solicited: bool,
        override_flag: bool,
        router: bool,
    },
    /// A router solicitation or advertisement with a source link-layer
    /// address.
    Router {
        src: Ipv6Addr,
        slla: Mac,
        advert: bool,
    },
}

/// One packet's observation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Observation {
    pub packet: Packet,
    pub what: What,
}

/// Which protocol showed a pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Via {
    Arp,
    Nd,
}

/// An IP address and a MAC that claimed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    pub vlans: Vlans,
    pub ip: IpAddr,
    pub mac: Mac,
    pub via: Via,
    pub first_seen: Time,
    pub last_seen: Time,
    pub first_packet: u64,
    pub last_packet: u64,
    /// Claims seen.
    pub count: u64,
    /// Announced claims among them (gratuitous ARP, unsolicited
    /// advertisements).
    pub announced: u64,
}

/// What a finding says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FindingKind {
    /// `ip` claimed by `new` while `old`'s claim was recent.
    DuplicateAddress {
        ip: IpAddr,
        old: Mac,
        new: Mac,
        /// Seconds between the two claims (nanoseconds).
        apart_ns: u64,
    },
    /// An announced claim moved `ip` from `old` to `new`.
    AnnouncedChange { ip: IpAddr, old: Mac, new: Mac },
    /// `mac` claimed `addrs[0]`, then `addrs[1]`, then `addrs[0]` again.
    MacFlip { mac: Mac, addrs: [IpAddr; 2] },
    /// An ARP probe for `ip` by `prober` was answered by `owner`.
    ProbeAnswered {
        ip: Ipv4Addr,
        prober: Mac,
        owner: Mac,
    },
    /// Duplicate address detection of `ip` by `prober` met `owner`.
    DadFailed {
        ip: Ipv6Addr,
        prober: Mac,
        owner: Mac,
    },
    /// `requests` ARP requests within one second; `top` sent most of
    /// them (`top_count`).
    ArpStorm {
        requests: u64,
        threshold: u64,
        top: Option<Mac>,
        top_count: u64,
    },
}

impl FindingKind {
    /// The finding's name, as JSON and the text output give it.
    pub fn name(&self) -> &'static str {
        match self {
            FindingKind::DuplicateAddress { .. } => "duplicate-address",
            FindingKind::AnnouncedChange { .. } => "announced-change",
            FindingKind::MacFlip { .. } => "mac-flip",
            FindingKind::ProbeAnswered { .. } => "probe-answered",
            FindingKind::DadFailed { .. } => "dad-failed",
            FindingKind::ArpStorm { .. } => "arp-storm",
        }
    }
}

/// A finding, with the packets that prove it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub vlans: Vlans,
    /// When it was raised (the time of the packet that raised it).
    pub time: Time,
    pub kind: FindingKind,
    pub evidence: Evidence,
}

/// The engine's settings (times in seconds).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// How recent an earlier MAC's claim must be for a second MAC's claim
    /// to be a duplicate address.
    pub dup_window: u64,
    /// How long after a probe (or a DAD solicitation) an answer counts.
    pub probe_window: u64,
    /// How long X, Y, X may take to be a MAC flip.
    pub flip_window: u64,
    /// ARP requests per second over which a storm is raised.
    pub storm_rate: u64,
    /// Pairs and addresses not claimed for this long are forgotten (0:
    /// never, within `max_entries`).
    pub max_age: u64,
    /// Most pairs (and addresses, and MACs) remembered; past it, the least
    /// recently seen are forgotten.
    pub max_entries: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            dup_window: 300,
            probe_window: 10,
            flip_window: 60,
            storm_rate: 100,
            max_age: 3600,
            max_entries: 65_536,
        }
    }
}

/// Run-wide counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub observations: u64,
    pub arp: u64,
    pub nd: u64,
    pub claims: u64,
    pub findings: u64,
    /// Pairs forgotten (aged out, or past the limit).
    pub forgotten: u64,
}

#[derive(Clone, Copy, Debug)]
struct IpState {
    mac: Mac,
    last: Time,
    last_packet: u64,
}

#[derive(Clone, Debug, Default)]
struct MacState {
    /// The last distinct addresses claimed (oldest first), with the time
    /// and packet of the claim that changed to them.
    history: VecDeque<(IpAddr, Time, u64)>,
    flip_raised: bool,
    last: Time,
}

#[derive(Clone, Copy, Debug)]
struct Probe {
    mac: Mac,
    time: Time,
    packet: u64,
}

#[derive(Clone, Debug, Default)]
struct Storm {
    /// ARP requests of the last second (at most `storm_rate + 1`).
    window: VecDeque<(Time, u64, Mac)>,
    raised: bool,
}

type PairKey = (Vlans, IpAddr, Mac);

/// The neighbours engine.
#[derive(Debug)]
pub struct NeighborWatch {
    cfg: Config,
    pairs: HashMap<PairKey, Pair>,
    ips: HashMap<(Vlans, IpAddr), IpState>,
    macs: HashMap<(Vlans, Mac), MacState>,
    probes: HashMap<(Vlans, IpAddr), Probe>,
    dups: HashSet<(Vlans, IpAddr, Mac, Mac)>,
    storms: HashMap<Vlans, Storm>,
    next_sweep: Time,
    stats: Stats,
}

impl NeighborWatch {
    pub fn new(cfg: Config) -> NeighborWatch {
        NeighborWatch {
            cfg,
            pairs: HashMap::new(),
            ips: HashMap::new(),
            macs: HashMap::new(),
            probes: HashMap::new(),
            dups: HashSet::new(),
            storms: HashMap::new(),
            next_sweep: Time(i64::MIN),
            stats: Stats::default(),
        }
    }

    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// The pairs held, by VLAN, address and MAC.
    pub fn pairs(&self) -> Vec<Pair> {
        let mut v: Vec<Pair> = self.pairs.values().cloned().collect();
        v.sort_by_key(|p| (p.vlans, p.ip, p.mac, p.via));
        v
    }

    /// Takes one observation; findings it raises are appended to `out`.
    pub fn push(&mut self, o: Observation, out: &mut Vec<Finding>) {
        let p = o.packet;
        self.tick(p.time);
        self.stats.observations += 1;
        match o.what {
            What::Arp {
                op,
                sha,
                spa,
                tha: _,
                tpa,
            } => {
                self.stats.arp += 1;
                if op == ArpOp::Request {
                    self.storm(&p, sha, out);
                }
                if spa.is_unspecified() {
                    if op == ArpOp::Request {
                        self.probe(&p, IpAddr::V4(tpa), sha, out);
                    }
                    return;
                }
                let announced = spa == tpa;
                self.answer(&p, IpAddr::V4(spa), sha, out);
                self.claim(&p, IpAddr::V4(spa), sha, Via::Arp, announced, out);
            }
            What::Solicit { src, target, slla } => {
                self.stats.nd += 1;
                if src.is_unspecified() {
                    if let Some(mac) = p.src_mac {
                        self.probe(&p, IpAddr::V6(target), mac, out);
                    }
                    return;
                }
                if let Some(mac) = slla {
                    self.claim(&p, IpAddr::V6(src), mac, Via::Nd, false, out);
                }
            }
            What::Advert {
                target,
                tlla,
                solicited,
                ..
            } => {
                self.stats.nd += 1;
                if let Some(mac) = tlla.or(p.src_mac) {
                    self.answer(&p, IpAddr::V6(target), mac, out);
                    self.claim(&p, IpAddr::V6(target), mac, Via::Nd, !solicited, out);
                }
            }
            What::Router { src, slla, .. } => {
                self.stats.nd += 1;
                if !src.is_unspecified() {
                    self.claim(&p, IpAddr::V6(src), slla, Via::Nd, false, out);
                }
            }
        }
    }

    /// Lets time pass: forgets what is older than the limits allow.
    pub fn tick(&mut self, now: Time) {
        if now < self.next_sweep {
            return;
        }
        self.next_sweep = now.plus_secs(60);
        let window = self.cfg.probe_window;
        self.probes.retain(|_, p| p.time.plus_secs(window) > now);
        if self.cfg.max_age > 0 {
            let age = self.cfg.max_age;
            let fresh = |t: Time| t.plus_secs(age) > now;
            let before = self.pairs.len();
            self.pairs.retain(|_, p| fresh(p.last_seen));
            self.stats.forgotten += (before - self.pairs.len()) as u64;
            self.ips.retain(|_, s| fresh(s.last));
            self.macs.retain(|_, s| fresh(s.last));
            let ips = &self.ips;
            self.dups
                .retain(|(v, ip, _, _)| ips.contains_key(&(*v, *ip)));
        }
        self.storms.retain(|_, s| {
            s.window
                .back()
                .is_some_and(|(t, _, _)| t.plus_secs(1) > now)
                || s.raised
        });
        self.bound();
    }

    /// Keeps the tables within `max_entries`, forgetting the least
    /// recently seen.
    fn bound(&mut self) {
        let max = self.cfg.max_entries.max(16);
        if self.pairs.len() > max {
            let mut seen: Vec<(Time, PairKey)> =
                self.pairs.iter().map(|(k, p)| (p.last_seen, *k)).collect();
            seen.sort_by_key(|(t, _)| *t);
            let drop = self.pairs.len() - max * 9 / 10;
            for (_, k) in seen.into_iter().take(drop) {
                self.pairs.remove(&k);
                self.stats.forgotten += 1;
            }
        }
        if self.ips.len() > max {
            let mut seen: Vec<(Time, (Vlans, IpAddr))> =
                self.ips.iter().map(|(k, s)| (s.last, *k)).collect();
            seen.sort_by_key(|(t, _)| *t);
            let drop = self.ips.len() - max * 9 / 10;
            for (_, k) in seen.into_iter().take(drop) {
                self.ips.remove(&k);
            }
        }
        if self.macs.len() > max {
            let mut seen: Vec<(Time, (Vlans, Mac))> =
                self.macs.iter().map(|(k, s)| (s.last, *k)).collect();
            seen.sort_by_key(|(t, _)| *t);
            let drop = self.macs.len() - max * 9 / 10;
            for (_, k) in seen.into_iter().take(drop) {
                self.macs.remove(&k);
            }
        }
        if self.probes.len() > max {
            self.probes.clear();
        }
        if self.dups.len() > max {
            self.dups.clear();
        }
    }

    fn raise(&mut self, out: &mut Vec<Finding>, p: &Packet, kind: FindingKind, evidence: Evidence) {
        self.stats.findings += 1;
        out.push(Finding {
            vlans: p.vlans,
            time: p.time,
            kind,
            evidence,
        });
    }

    /// `mac` says `ip` is at `mac`.
    fn claim(
        &mut self,
        p: &Packet,
        ip: IpAddr,
        mac: Mac,
        via: Via,
        announced: bool,
        out: &mut Vec<Finding>,
    ) {
        self.stats.claims += 1;
        // Between sweeps, a flood of new addresses is cut back at once.
        let max = self.cfg.max_entries.max(16);
        if self.pairs.len() > max + max / 2 || self.ips.len() > max + max / 2 {
            self.bound();
        }
        let (n, t) = (p.number, p.time);
        let pair = self.pairs.entry((p.vlans, ip, mac)).or_insert(Pair {
            vlans: p.vlans,
            ip,
            mac,
            via,
            first_seen: t,
            last_seen: t,
            first_packet: n,
            last_packet: n,
            count: 0,
            announced: 0,
        });
        pair.last_seen = t;
        pair.last_packet = n;
        pair.count += 1;
        pair.announced += u64::from(announced);
        // The address's owner.
        let previous = self.ips.insert(
            (p.vlans, ip),
            IpState {
                mac,
                last: t,
                last_packet: n,
            },
        );
        if let Some(old) = previous.filter(|o| o.mac != mac) {
            let apart = t.since(old.last);
            let (x, y) = if old.mac < mac {
                (old.mac, mac)
            } else {
                (mac, old.mac)
            };
            let key = (p.vlans, ip, x, y);
            if apart <= self.cfg.dup_window.saturating_mul(SECOND) && !self.dups.contains(&key) {
                self.dups.insert(key);
                self.raise(
                    out,
                    p,
                    FindingKind::DuplicateAddress {
                        ip,
                        old: old.mac,
                        new: mac,
                        apart_ns: apart,
                    },
                    Evidence::of([old.last_packet, n]),
                );
            }
            if announced {
                self.raise(
                    out,
                    p,
                    FindingKind::AnnouncedChange {
                        ip,
                        old: old.mac,
                        new: mac,
                    },
                    Evidence::of([old.last_packet, n]),
                );
            }
        }
        // The MAC's addresses (IPv4: an IPv6 host has several by design).
        if ip.is_ipv4() {
            let flip_window = self.cfg.flip_window.saturating_mul(SECOND);
            let st = self.macs.entry((p.vlans, mac)).or_default();
            st.last = t;
            if st.history.back().map(|(a, _, _)| *a) != Some(ip) {
                st.history.push_back((ip, t, n));
                if st.history.len() > 3 {
                    st.history.pop_front();
                }
                let flip = match (st.history.front(), st.history.get(1), st.history.get(2)) {
                    (Some(&(x, tx, px)), Some(&(y, _, py)), Some(&(z, _, pz))) => {
                        (z == x && t.since(tx) <= flip_window).then_some(([x, y], [px, py, pz]))
                    }
                    _ => None,
                };
                if let Some((addrs, packets)) = flip {
                    if !st.flip_raised {
                        st.flip_raised = true;
                        self.raise(
                            out,
                            p,
                            FindingKind::MacFlip { mac, addrs },
                            Evidence::of(packets),
                        );
                    }
                }
            }
        }
    }

    /// An ARP probe or a DAD solicitation for `ip` by `mac`.
    fn probe(&mut self, p: &Packet, ip: IpAddr, mac: Mac, out: &mut Vec<Finding>) {
        let key = (p.vlans, ip);
        if let Some(other) = self.live_probe(&key, p.time).filter(|o| o.mac != mac) {
            self.probes.remove(&key);
            self.conflict(p, ip, other, mac, out);
            return;
        }
        self.probes.insert(
            key,
            Probe {
                mac,
                time: p.time,
                packet: p.number,
            },
        );
    }

    fn live_probe(&self, key: &(Vlans, IpAddr), now: Time) -> Option<Probe> {
        self.probes
            .get(key)
            .copied()
            .filter(|o| now.since(o.time) <= self.cfg.probe_window.saturating_mul(SECOND))
    }

    /// A claim of `ip` by `mac`: does it answer a probe?
    fn answer(&mut self, p: &Packet, ip: IpAddr, mac: Mac, out: &mut Vec<Finding>) {
        let key = (p.vlans, ip);
        let Some(probe) = self.live_probe(&key, p.time) else {
            return;
        };
        self.probes.remove(&key);
        if probe.mac != mac {
            self.conflict(p, ip, probe, mac, out);
        }
    }

    fn conflict(
        &mut self,
        p: &Packet,
        ip: IpAddr,
        probe: Probe,
        owner: Mac,
        out: &mut Vec<Finding>,
    ) {
        let kind = match ip {
            IpAddr::V4(ip) => FindingKind::ProbeAnswered {
                ip,
                prober: probe.mac,
                owner,
            },
            IpAddr::V6(ip) => FindingKind::DadFailed {
                ip,
                prober: probe.mac,
                owner,
            },
        };
        self.raise(out, p, kind, Evidence::of([probe.packet, p.number]));
    }

    /// Counts an ARP request towards a storm.
    fn storm(&mut self, p: &Packet, sha: Mac, out: &mut Vec<Finding>) {
        let rate = self.cfg.storm_rate.max(1);
        let cap = usize::try_from(rate)
            .unwrap_or(usize::MAX)
            .saturating_add(1);
        let s = self.storms.entry(p.vlans).or_default();
        while s
            .window
            .front()
            .is_some_and(|(t, _, _)| p.time.since(*t) >= SECOND)
        {
            s.window.pop_front();
        }
        s.window.push_back((p.time, p.number, sha));
        if s.window.len() > cap {
            s.window.pop_front();
        }
        let n = s.window.len() as u64;
        if n > rate && !s.raised {
            s.raised = true;
            let mut counts: HashMap<Mac, u64> = HashMap::new();
            for (_, _, m) in &s.window {
                *counts.entry(*m).or_default() += 1;
            }
            let top = counts
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)));
            let mut ev = Evidence::default();
            for (_, pkt, _) in &s.window {
                ev.add(*pkt);
            }
            let kind = FindingKind::ArpStorm {
                requests: n,
                threshold: rate,
                top: top.map(|(m, _)| m),
                top_count: top.map_or(0, |(_, c)| c),
            };
            self.raise(out, p, kind, ev);
        } else if n <= rate / 2 {
            s.raised = false;
        }
    }
}
