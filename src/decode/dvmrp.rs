//! DVMRP (draft-ietf-idmr-dvmrp-v3, RFC 1075), carried in IGMP type 0x13,
//! as tcpdump's print-dvmrp.c reads it.
//!
//! The DVMRP type sits in the IGMP code byte; the message follows the
//! 8-byte IGMP header. Lists (probe neighbours, route reports, neighbour
//! lists) are walked lazily, step by step, by the claimed length as
//! tcpdump walks them; a step says when the length ran out (tcpdump's
//! `[length N < M]` complaints) or the capture did.

use std::net::Ipv4Addr;

use super::bytes::{be16_at, be32_at, suffix};

/// DVMRP message types (the IGMP code byte).
pub mod kind {
    pub const PROBE: u8 = 1;
    pub const REPORT: u8 = 2;
    pub const ASK_NEIGHBORS: u8 = 3;
    pub const NEIGHBORS: u8 = 4;
    pub const ASK_NEIGHBORS2: u8 = 5;
    pub const NEIGHBORS2: u8 = 6;
    pub const PRUNE: u8 = 7;
    pub const GRAFT: u8 = 8;
    pub const GRAFT_ACK: u8 = 9;
}

/// Neighbour flags of a Neighbors2 reply.
pub mod nflag {
    pub const TUNNEL: u8 = 0x01;
    pub const SRCRT: u8 = 0x02;
    pub const DOWN: u8 = 0x10;
    pub const DISABLED: u8 = 0x20;
    pub const QUERIER: u8 = 0x40;
}

/// A DVMRP message (its IGMP message is at least 8 bytes long).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dvmrp<'a> {
    /// The DVMRP type, when captured.
    pub code: Option<u8>,
    pub body: Body<'a>,
}

/// The message after the IGMP header, by type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body<'a> {
    /// The type was not captured, or tcpdump prints nothing more of it.
    None,
    Probe(Probe<'a>),
    Report(Walk<'a>),
    Neighbors(Walk<'a>),
    Neighbors2 {
        /// Major and minor version (IGMP bytes 7 and 6), when captured.
        version: Option<(u8, u8)>,
        neighbors: Walk<'a>,
    },
    Prune {
        /// Source and group, when both were captured.
        addrs: Option<(Ipv4Addr, Ipv4Addr)>,
        /// Prune lifetime in seconds.
        lifetime: Option<u32>,
    },
    Graft(Option<(Ipv4Addr, Ipv4Addr)>),
    GraftAck(Option<(Ipv4Addr, Ipv4Addr)>),
}

/// A probe: generation id and the neighbours heard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Probe<'a> {
    /// The DVMRP length (after the IGMP header).
    pub len: u32,
    pub genid: Option<u32>,
    neighbors: Walk<'a>,
}

impl<'a> Probe<'a> {
    /// The neighbour list; meaningful when `len >= 4`.
    pub fn neighbors(&self) -> Walk<'a> {
        self.neighbors
    }
}

/// One step of a DVMRP list walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item {
    /// A probe's neighbour.
    ProbeNeighbor(Ipv4Addr),
    /// A report's mask (its implied leading 255 included).
    Mask(Ipv4Addr),
    /// A report's route under the last mask.
    Route { origin: Ipv4Addr, metric: u8 },
    /// A neighbour of a Neighbors or Neighbors2 reply, with its local
    /// address's values; `neighbor` is `None` when the capture ended on
    /// it.
    Neighbor {
        local: Ipv4Addr,
        metric: u8,
        threshold: u8,
        /// Neighbors2 only (0 in the old format).
        flags: u8,
        neighbor: Option<Ipv4Addr>,
    },
    /// The remaining length (`left`) is shorter than the `need` bytes of
    /// the next entry; the walk ends (tcpdump's `[length N < M]`).
    Short { left: u32, need: u32 },
    /// A report's route is longer than what is left (tcpdump's
    /// `[Truncated Report]`); the walk ends.
    ShortRoute,
    /// A Neighbors2 entry claims more neighbours than the length holds;
    /// the walk ends.
    BadCount,
    /// The capture ended; the walk ends.
    Cut,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum WalkKind {
    Probe,
    Report,
    Neighbors,
    Neighbors2,
}

/// A lazy walk over a DVMRP list, by the claimed length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Walk<'a> {
    kind: WalkKind,
    data: &'a [u8],
    pos: usize,
    left: u32,
    done: bool,
    /// Report: byte width of the origins under the current mask, 0
    /// before a mask.
    width: usize,
    /// Neighbour lists: the current local address entry and how many
    /// neighbours it still has.
    local: Option<(Ipv4Addr, u8, u8, u8)>,
    count: u8,
}

impl<'a> Walk<'a> {
    fn new(kind: WalkKind, data: &'a [u8], left: u32) -> Walk<'a> {
        Walk {
            kind,
            data,
            pos: 0,
            left,
            done: false,
            width: 0,
            local: None,
            count: 0,
        }
    }

    /// A probe's neighbour list.
    pub fn is_probe(&self) -> bool {
        self.kind == WalkKind::Probe
    }
    /// A Neighbors2 reply's list.
    pub fn is_neighbors2(&self) -> bool {
        self.kind == WalkKind::Neighbors2
    }

    fn at(&self, off: usize) -> Option<u8> {
        self.data.get(self.pos + off).copied()
    }

    fn end(&mut self, item: Item) -> Option<Item> {
        self.done = true;
        Some(item)
    }

    fn probe(&mut self) -> Option<Item> {
        if self.left == 0 {
            return None;
        }
        if self.left < 4 {
            return self.end(Item::Short {
                left: self.left,
                need: 4,
            });
        }
        let Some(a) = be32_at(self.data, self.pos) else {
            return self.end(Item::Cut);
        };
        self.pos += 4;
        self.left -= 4;
        Some(Item::ProbeNeighbor(Ipv4Addr::from(a)))
    }

    fn report(&mut self) -> Option<Item> {
        if self.width == 0 {
            if self.left == 0 {
                return None;
            }
            if self.left < 3 {
                return self.end(Item::Short {
                    left: self.left,
                    need: 3,
                });
            }
            let (Some(a), Some(b), Some(c)) = (self.at(0), self.at(1), self.at(2)) else {
                return self.end(Item::Cut);
            };
            self.width = if c != 0 {
                4
            } else if b != 0 {
                3
            } else if a != 0 {
                2
            } else {
                1
            };
            self.pos += 3;
            self.left -= 3;
            return Some(Item::Mask(Ipv4Addr::new(255, a, b, c)));
        }
        let w = self.width;
        if self.left < w as u32 + 1 {
            return self.end(Item::ShortRoute);
        }
        let mut origin = [0u8; 4];
        for (i, o) in origin.iter_mut().enumerate().take(w) {
            let Some(b) = self.at(i) else {
                return self.end(Item::Cut);
            };
            *o = b;
        }
        let Some(m) = self.at(w) else {
            return self.end(Item::Cut);
        };
        self.pos += w + 1;
        self.left -= w as u32 + 1;
        if m & 0x80 != 0 {
            // The last route under this mask.
            self.width = 0;
        }
        Some(Item::Route {
            origin: Ipv4Addr::from(origin),
            metric: m & 0x7f,
        })
    }

    fn neighbors(&mut self, v2: bool) -> Option<Item> {
        let head = if v2 { 8 } else { 7 };
        loop {
            if let Some((local, metric, threshold, flags)) = self.local {
                if self.count > 0 && (!v2 || self.left > 0) {
                    self.count -= 1;
                    if self.left < 4 {
                        return self.end(Item::Short {
                            left: self.left,
                            need: 4,
                        });
                    }
                    let neighbor = be32_at(self.data, self.pos).map(Ipv4Addr::from);
                    if neighbor.is_none() {
                        self.done = true;
                    }
                    self.pos += 4;
                    self.left -= 4;
                    return Some(Item::Neighbor {
                        local,
                        metric,
                        threshold,
                        flags,
                        neighbor,
                    });
                }
                self.local = None;
                if v2 && self.count > 0 {
                    return self.end(Item::BadCount);
                }
            }
            if self.left == 0 {
                return None;
            }
            if self.left < head {
                return self.end(Item::Short {
                    left: self.left,
                    need: head,
                });
            }
            let local = be32_at(self.data, self.pos).map(Ipv4Addr::from);
            let (Some(local), Some(metric), Some(threshold)) = (local, self.at(4), self.at(5))
            else {
                return self.end(Item::Cut);
            };
            let (flags, count) = if v2 {
                (self.at(6), self.at(7))
            } else {
                (Some(0), self.at(6))
            };
            let (Some(flags), Some(count)) = (flags, count) else {
                return self.end(Item::Cut);
            };
            self.pos += head as usize;
            self.left -= head;
            self.local = Some((local, metric, threshold, flags));
            self.count = count;
        }
    }
}

impl Iterator for Walk<'_> {
    type Item = Item;
    fn next(&mut self) -> Option<Item> {
        if self.done {
            return None;
        }
        match self.kind {
            WalkKind::Probe => self.probe(),
            WalkKind::Report => self.report(),
            WalkKind::Neighbors => self.neighbors(false),
            WalkKind::Neighbors2 => self.neighbors(true),
        }
    }
}

fn addr_at(b: &[u8], off: usize) -> Option<Ipv4Addr> {
    be32_at(b, off).map(Ipv4Addr::from)
}

/// Reads a DVMRP message; `igmp` is the captured IGMP message (header
/// included, bounded by `len`), `len` its claimed length (8 or more).
pub fn parse(igmp: &[u8], len: u32) -> Dvmrp<'_> {
    let code = igmp.get(1).copied();
    let data = suffix(igmp, 8);
    let left = len.saturating_sub(8);
    let pair = addr_at(data, 0).zip(addr_at(data, 4));
    let body = match code {
        Some(kind::PROBE) => Body::Probe(Probe {
            len: left,
            genid: be32_at(data, 0),
            neighbors: Walk::new(WalkKind::Probe, suffix(data, 4), left.saturating_sub(4)),
        }),
        Some(kind::REPORT) => Body::Report(Walk::new(WalkKind::Report, data, left)),
        Some(kind::NEIGHBORS) => Body::Neighbors(Walk::new(WalkKind::Neighbors, data, left)),
        Some(kind::NEIGHBORS2) => Body::Neighbors2 {
            version: be16_at(igmp, 6).map(|v| ((v & 0xff) as u8, (v >> 8) as u8)),
            neighbors: Walk::new(WalkKind::Neighbors2, data, left),
        },
        Some(kind::PRUNE) => Body::Prune {
            addrs: pair,
            lifetime: be32_at(data, 8),
        },
        Some(kind::GRAFT) => Body::Graft(pair),
        Some(kind::GRAFT_ACK) => Body::GraftAck(pair),
        _ => Body::None,
    };
    Dvmrp { code, body }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn msg(code: u8, rest: &[u8]) -> Vec<u8> {
        let mut m = vec![0x13, code, 0, 0, 0, 0, 3, 0xff];
        m.extend_from_slice(rest);
        m
    }

    #[test]
    fn probe_neighbors() {
        let m = msg(1, &[0, 0, 0, 7, 10, 0, 0, 1, 10, 0, 0, 2, 9]);
        let Body::Probe(p) = parse(&m, m.len() as u32).body else {
            panic!()
        };
        assert_eq!(p.genid, Some(7));
        let items: Vec<_> = p.neighbors().collect();
        assert_eq!(
            items,
            [
                Item::ProbeNeighbor(Ipv4Addr::new(10, 0, 0, 1)),
                Item::ProbeNeighbor(Ipv4Addr::new(10, 0, 0, 2)),
                Item::Short { left: 1, need: 4 },
            ]
        );
        let items: Vec<_> = parse(&m[..17], m.len() as u32).body.probe_items().collect();
        assert_eq!(items.last(), Some(&Item::Cut));
    }

    impl Body<'_> {
        fn probe_items(&self) -> Walk<'_> {
            match self {
                Body::Probe(p) => p.neighbors(),
                _ => panic!(),
            }
        }
    }

    #[test]
    fn report_masks_and_routes() {
        // Mask 255.255.0.0 (width 2): 10.1 metric 1, 10.2 metric 3 (last);
        // mask 255.255.255.0: 192.168.1 metric 2 (last).
        let m = msg(
            2,
            &[
                0xff, 0, 0, 10, 1, 1, 10, 2, 0x83, 0xff, 0xff, 0, 192, 168, 1, 0x82,
            ],
        );
        let Body::Report(w) = parse(&m, m.len() as u32).body else {
            panic!()
        };
        let items: Vec<_> = w.collect();
        assert_eq!(
            items,
            [
                Item::Mask(Ipv4Addr::new(255, 255, 0, 0)),
                Item::Route {
                    origin: Ipv4Addr::new(10, 1, 0, 0),
                    metric: 1
                },
                Item::Route {
                    origin: Ipv4Addr::new(10, 2, 0, 0),
                    metric: 3
                },
                Item::Mask(Ipv4Addr::new(255, 255, 255, 0)),
                Item::Route {
                    origin: Ipv4Addr::new(192, 168, 1, 0),
                    metric: 2
                },
            ]
        );
        // The length ends inside a route.
        let Body::Report(w) = parse(&m, m.len() as u32 - 1).body else {
            panic!()
        };
        assert_eq!(w.last(), Some(Item::ShortRoute));
    }

    #[test]
    fn neighbors2_counts() {
        let m = msg(
            6,
            &[
                10, 0, 0, 1, 1, 1, 0x41, 2, 10, 0, 0, 2, 10, 0, 0, 3, // two neighbours
                10, 0, 0, 9, 1, 1, 0, 2, 10, 0, 0, 4, // claims two, has one
            ],
        );
        let Body::Neighbors2 { version, neighbors } = parse(&m, m.len() as u32).body else {
            panic!()
        };
        assert_eq!(version, Some((0xff, 3)));
        let items: Vec<_> = neighbors.collect();
        assert_eq!(items.len(), 4);
        assert!(matches!(
            items[0],
            Item::Neighbor {
                flags: 0x41,
                neighbor: Some(_),
                ..
            }
        ));
        assert_eq!(items[3], Item::BadCount);
    }

    #[test]
    fn old_neighbors_cut_on_a_neighbor() {
        let m = msg(4, &[10, 0, 0, 1, 1, 1, 1, 10, 0, 0, 2]);
        let Body::Neighbors(w) = parse(&m[..17], m.len() as u32).body else {
            panic!()
        };
        let items: Vec<_> = w.collect();
        assert!(matches!(items[..], [Item::Neighbor { neighbor: None, .. }]));
    }

    #[test]
    fn every_truncation_walks() {
        for code in 1..=9 {
            let m = msg(
                code,
                &[
                    0xff, 0, 0, 10, 1, 1, 10, 2, 0x83, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
                ],
            );
            for n in 0..=m.len() {
                for len in [8, n as u32, m.len() as u32, 200] {
                    let d = parse(&m[..n], len.max(8));
                    let w = match d.body {
                        Body::Probe(p) => p.neighbors(),
                        Body::Report(w) | Body::Neighbors(w) => w,
                        Body::Neighbors2 { neighbors, .. } => neighbors,
                        _ => continue,
                    };
                    assert!(w.count() < 100);
                }
            }
        }
    }
}
