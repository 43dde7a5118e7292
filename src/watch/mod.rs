//! Watch engines: who answers DHCP ([`dhcp`]) and who claims which
//! address ([`neighbors`]), as pure state machines over decoded packets.
//!
//! Like [`crate::flow`], nothing here does I/O, knows serde or the command
//! line, or parses packet bytes: `app` turns each decoded packet into one of
//! the input records of these modules ([`dhcp::Message`],
//! [`neighbors::Observation`]) and hands it over with the packet's number
//! and time; what the engines conclude comes back as records (transactions,
//! pairs, servers, [`dhcp::Finding`]s and [`neighbors::Finding`]s) that
//! `render::watch` prints.
//!
//! ```text
//!  app::watch ──Message/Observation──► DhcpWatch / NeighborWatch ──Event──► render::watch
//!             ──tick(now)────────────►   (state per client, server and address, aged out)
//! ```
//!
//! Time is the capture's: a packet's time stamp, or for a live capture the
//! clock when nothing arrives. Every table is bounded (entries aged out
//! after a time without traffic, and a cap on their number), so memory does
//! not grow with the length of the capture.

pub mod dhcp;
pub mod neighbors;

use std::fmt;
use std::net::IpAddr;

/// A capture time: nanoseconds since the epoch (years 1678 to 2262; times
/// outside saturate).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time(pub i64);

impl Time {
    /// From seconds and nanoseconds.
    pub fn new(secs: i64, nanos: i64) -> Time {
        Time(secs.saturating_mul(1_000_000_000).saturating_add(nanos))
    }
    pub fn from_secs(secs: i64) -> Time {
        Time::new(secs, 0)
    }
    /// Whole seconds since the epoch (rounded down).
    pub fn secs(self) -> i64 {
        self.0.div_euclid(1_000_000_000)
    }
    /// The nanoseconds past [`Time::secs`].
    pub fn subsec_nanos(self) -> u32 {
        self.0.rem_euclid(1_000_000_000) as u32
    }
    /// Nanoseconds from `earlier` to `self` (0 when `earlier` is later).
    pub fn since(self, earlier: Time) -> u64 {
        u64::try_from(self.0.saturating_sub(earlier.0)).unwrap_or(0)
    }
    /// This time plus `secs` seconds.
    pub fn plus_secs(self, secs: u64) -> Time {
        let ns = i64::try_from(secs)
            .unwrap_or(i64::MAX)
            .saturating_mul(1_000_000_000);
        Time(self.0.saturating_add(ns))
    }
}

/// One nanosecond-second.
pub const SECOND: u64 = 1_000_000_000;

/// An Ethernet (EUI-48) address.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Mac(pub [u8; 6]);

impl Mac {
    pub const BROADCAST: Mac = Mac([0xff; 6]);
    pub const ZERO: Mac = Mac([0; 6]);
    /// A group (multicast or broadcast) address.
    pub fn is_group(&self) -> bool {
        self.0[0] & 1 != 0
    }
}

impl fmt::Display for Mac {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d, e, g] = self.0;
        write!(f, "{a:02x}:{b:02x}:{c:02x}:{d:02x}:{e:02x}:{g:02x}")
    }
}

impl std::str::FromStr for Mac {
    type Err = String;
    /// Six hexadecimal bytes separated by `:` or `-` (`02:00:00:00:00:01`).
    fn from_str(s: &str) -> Result<Mac, String> {
        let bad = || format!("'{s}' is not a MAC address (six hex bytes, as 02:00:5e:10:00:01)");
        let mut out = [0u8; 6];
        let mut parts = s.split([':', '-']);
        for b in &mut out {
            let p = parts.next().ok_or_else(bad)?;
            if p.is_empty() || p.len() > 2 {
                return Err(bad());
            }
            *b = u8::from_str_radix(p, 16).map_err(|_| bad())?;
        }
        if parts.next().is_some() {
            return Err(bad());
        }
        Ok(Mac(out))
    }
}

/// The most VLAN tags a [`Vlans`] keeps (outermost first); deeper stacks
/// keep their first four.
pub const MAX_VLANS: usize = 4;

/// The VLAN IDs a frame was tagged with, outermost first (none: untagged).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Vlans {
    ids: [u16; MAX_VLANS],
    len: u8,
}

impl Vlans {
    pub const NONE: Vlans = Vlans {
        ids: [0; MAX_VLANS],
        len: 0,
    };
    /// From the IDs in wire order (outermost first).
    pub fn from_ids(ids: impl IntoIterator<Item = u16>) -> Vlans {
        let mut v = Vlans::NONE;
        for id in ids {
            if let Some(slot) = v.ids.get_mut(usize::from(v.len)) {
                *slot = id;
                v.len += 1;
            }
        }
        v
    }
    pub fn ids(&self) -> &[u16] {
        self.ids.get(..usize::from(self.len)).unwrap_or(&[])
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl fmt::Display for Vlans {
    /// `-` when untagged, else the IDs outermost first joined by `.`
    /// (`100`, `10.100`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("-");
        }
        for (i, id) in self.ids().iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{id}")?;
        }
        Ok(())
    }
}

/// What every input record carries about its packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Packet {
    /// The packet's number: its position in the capture, from 1.
    pub number: u64,
    pub time: Time,
    /// The link layer's source and destination, when it has Ethernet
    /// addresses.
    pub src_mac: Option<Mac>,
    pub dst_mac: Option<Mac>,
    pub vlans: Vlans,
}

/// The packet numbers a finding rests on: at most [`MAX_EVIDENCE`], in
/// increasing order, and how many more there were.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Evidence {
    pub packets: Vec<u64>,
    /// Packets of the same kind not listed.
    pub more: u64,
}

/// How many packet numbers a finding lists.
pub const MAX_EVIDENCE: usize = 12;

impl Evidence {
    pub fn of(packets: impl IntoIterator<Item = u64>) -> Evidence {
        let mut e = Evidence::default();
        for p in packets {
            e.add(p);
        }
        e
    }
    /// Adds a packet number (kept once).
    pub fn add(&mut self, p: u64) {
        if self.packets.contains(&p) {
            return;
        }
        if self.packets.len() < MAX_EVIDENCE {
            self.packets.push(p);
            self.packets.sort_unstable();
        } else {
            self.more += 1;
        }
    }
}

/// A bounded list kept in order of arrival: the first `cap - 1` items and
/// the latest one, with a count of those dropped in between.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sample {
    pub items: Vec<u64>,
    pub dropped: u64,
}

impl Sample {
    pub fn push(&mut self, v: u64, cap: usize) {
        if self.items.len() < cap.max(2) {
            self.items.push(v);
        } else if let Some(last) = self.items.last_mut() {
            *last = v;
            self.dropped += 1;
        }
    }
    pub fn count(&self) -> u64 {
        self.items.len() as u64 + self.dropped
    }
}

/// An address as a number, for ranges over either family.
pub(crate) fn addr_key(a: IpAddr) -> (u8, u128) {
    match a {
        IpAddr::V4(v) => (4, u128::from(u32::from(v))),
        IpAddr::V6(v) => (6, u128::from(v)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_arithmetic() {
        let t = Time::new(5, 7);
        assert_eq!((t.secs(), t.subsec_nanos()), (5, 7));
        assert_eq!(t.plus_secs(2).since(t), 2 * SECOND);
        assert_eq!(t.since(t.plus_secs(1)), 0);
        assert_eq!(Time::new(-1, 0).secs(), -1);
        assert_eq!(Time::new(i64::MAX, 0).plus_secs(u64::MAX).0, i64::MAX);
    }

    #[test]
    fn macs_parse_and_print() {
        let m: Mac = "02:00:5e:10:00:0A".parse().unwrap();
        assert_eq!(m.to_string(), "02:00:5e:10:00:0a");
        assert_eq!("2-0-5e-10-0-a".parse::<Mac>().unwrap(), m);
        for bad in [
            "",
            "02:00:5e:10:00",
            "02:00:5e:10:00:0a:01",
            "020:0:0:0:0:0",
            "zz:0:0:0:0:0",
        ] {
            assert!(bad.parse::<Mac>().is_err(), "{bad}");
        }
        assert!(Mac::BROADCAST.is_group() && !m.is_group());
    }

    #[test]
    fn vlan_stacks() {
        assert_eq!(Vlans::NONE.to_string(), "-");
        assert_eq!(Vlans::from_ids([100]).to_string(), "100");
        assert_eq!(Vlans::from_ids([10, 100]).to_string(), "10.100");
        assert_eq!(Vlans::from_ids(1..10).ids(), &[1, 2, 3, 4]);
    }

    #[test]
    fn evidence_is_bounded_and_sorted() {
        let mut e = Evidence::of([5, 3, 5]);
        assert_eq!(e.packets, [3, 5]);
        for p in 10..30 {
            e.add(p);
        }
        assert_eq!(e.packets.len(), MAX_EVIDENCE);
        assert_eq!(e.more, 20 - (MAX_EVIDENCE as u64 - 2));
        let mut s = Sample::default();
        for v in 1..=10 {
            s.push(v, 4);
        }
        assert_eq!(s.items, [1, 2, 3, 10]);
        assert_eq!(s.count(), 10);
    }
}

#[cfg(test)]
mod tests_dhcp;
#[cfg(test)]
mod tests_neighbors;
