//! PIM version 1, carried in IGMP type 0x14, as tcpdump's print-pim.c
//! (`pimv1_print`) reads it.
//!
//! The PIM type sits in the IGMP code byte and the PIM version in the high
//! nibble of byte 4. Join/Prune, Graft and Graft-Ack messages are read
//! either as tcpdump's one-line summary (one group, one source) or as a
//! lazy walk ([`JoinPruneWalk`]) by the claimed length, whose steps say
//! where the length (tcpdump's `goto trunc`) or the capture ran out.

use std::net::Ipv4Addr;

use super::bytes::{be16_at, be32_at, suffix};

/// PIMv1 message types (the IGMP code byte).
pub mod kind {
    pub const QUERY: u8 = 0;
    pub const REGISTER: u8 = 1;
    pub const REGISTER_STOP: u8 = 2;
    pub const JOIN_PRUNE: u8 = 3;
    pub const RP_REACHABILITY: u8 = 4;
    pub const ASSERT: u8 = 5;
    pub const GRAFT: u8 = 6;
    pub const GRAFT_ACK: u8 = 7;
}

/// A PIMv1 message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pimv1<'a> {
    /// The PIM type, when captured.
    pub code: Option<u8>,
    /// The PIM version (high nibble of byte 4), when captured.
    pub version: Option<u8>,
    pub body: Body<'a>,
}

/// The message by type; only the fields tcpdump reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body<'a> {
    /// The type was not captured, or tcpdump reads nothing of it.
    None,
    Query {
        /// The mode nibble (0 dense, 1 sparse, 2 sparse-dense), when
        /// captured.
        mode: Option<u8>,
        /// Hold time in seconds.
        holdtime: Option<u16>,
    },
    /// A register: the encapsulated packet's source and destination,
    /// `None` when its 20-byte header was not captured.
    Register(Option<(Ipv4Addr, Ipv4Addr)>),
    /// A register-stop: source and group.
    RegisterStop(Option<(Ipv4Addr, Ipv4Addr)>),
    RpReachability {
        group: Option<Ipv4Addr>,
        mask: Option<Ipv4Addr>,
        rp: Option<Ipv4Addr>,
        holdtime: Option<u16>,
    },
    Assert {
        /// Source and group, when both were captured.
        addrs: Option<(Ipv4Addr, Ipv4Addr)>,
        mask: Option<Ipv4Addr>,
        /// The RP-tree bit with the preference (one word), and the
        /// metric.
        pref_metric: Option<(u32, u32)>,
    },
    /// Join/Prune, Graft or Graft-Ack (the code says which).
    JoinPrune(JoinPrune<'a>),
}

/// How a Join/Prune, Graft or Graft-Ack reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JoinPrune<'a> {
    /// Shorter than the 8-byte IGMP header.
    Short,
    /// One group with one source: tcpdump's one-line form.
    One(JoinPruneOne),
    /// Anything else, to walk.
    Walk(JoinPruneWalk<'a>),
}

/// The one-group, one-source form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JoinPruneOne {
    /// The upstream neighbour (RPF).
    pub upstream: Ipv4Addr,
    pub holdtime: u16,
    /// A join (else a prune).
    pub join: bool,
    pub group: Ipv4Addr,
    pub group_mask: Ipv4Addr,
    pub source: Ipv4Addr,
    /// The source's flags (sparse bit) and (WC, RPT, mask length) bytes.
    pub source_flags: u8,
    pub source_bits: u8,
}

/// One step of the Join/Prune walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JpItem {
    Upstream(Ipv4Addr),
    Holdtime(u16),
    Group(Ipv4Addr),
    GroupMask(Ipv4Addr),
    Counts {
        joins: u16,
        prunes: u16,
    },
    Source {
        join: bool,
        /// The sparse bit byte and the (WC, RPT, mask length) byte.
        flags: u8,
        bits: u8,
        addr: Ipv4Addr,
    },
    /// The claimed length ran out before the next field (tcpdump's
    /// `goto trunc`: ` [|pimv1]`, and printing goes on after the walk).
    Short,
    /// The capture ended in the next field, at the given stage.
    Cut(JpStage),
}

/// Where a Join/Prune walk's capture ended (tcpdump prints a label
/// before some reads).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JpStage {
    Upstream,
    Holdtime,
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum JpState {
    Upstream,
    Holdtime,
    Groups,
    Group,
    Mask,
    Counts,
    Sources,
    Done,
}

/// The Join/Prune walk over the IGMP message, from byte 8 on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JoinPruneWalk<'a> {
    igmp: &'a [u8],
    pos: usize,
    left: u32,
    state: JpState,
    groups: u8,
    joins: u16,
    prunes: u16,
    done_sources: u32,
}

impl<'a> JoinPruneWalk<'a> {
    fn new(igmp: &'a [u8], left: u32) -> JoinPruneWalk<'a> {
        JoinPruneWalk {
            igmp,
            pos: 8,
            left,
            state: JpState::Upstream,
            groups: 0,
            joins: 0,
            prunes: 0,
            done_sources: 0,
        }
    }

    /// Whether `n` bytes of claimed length are left.
    fn need(&self, n: u32) -> bool {
        self.left >= n
    }
    fn advance(&mut self, n: u32) {
        self.pos += n as usize;
        self.left -= n;
    }
    fn end(&mut self, item: JpItem) -> Option<JpItem> {
        self.state = JpState::Done;
        Some(item)
    }
}

impl Iterator for JoinPruneWalk<'_> {
    type Item = JpItem;
    fn next(&mut self) -> Option<JpItem> {
        let b = self.igmp;
        let pos = self.pos;
        match self.state {
            JpState::Done => None,
            JpState::Upstream => {
                if !self.need(4) {
                    return self.end(JpItem::Short);
                }
                let Some(a) = be32_at(b, pos) else {
                    return self.end(JpItem::Cut(JpStage::Upstream));
                };
                self.advance(4);
                self.state = JpState::Holdtime;
                Some(JpItem::Upstream(Ipv4Addr::from(a)))
            }
            JpState::Holdtime => {
                if !self.need(4) {
                    return self.end(JpItem::Short);
                }
                let Some(h) = be16_at(b, pos + 2) else {
                    return self.end(JpItem::Cut(JpStage::Holdtime));
                };
                self.advance(4);
                self.state = JpState::Groups;
                Some(JpItem::Holdtime(h))
            }
            JpState::Groups => {
                // The group count; not an item of its own.
                if !self.need(4) {
                    return self.end(JpItem::Short);
                }
                let Some(&n) = b.get(pos + 3) else {
                    return self.end(JpItem::Cut(JpStage::Other));
                };
                self.advance(4);
                self.groups = n;
                self.state = JpState::Group;
                self.next()
            }
            JpState::Group => {
                if self.groups == 0 {
                    self.state = JpState::Done;
                    return None;
                }
                if !self.need(4) {
                    return self.end(JpItem::Short);
                }
                let Some(a) = be32_at(b, pos) else {
                    return self.end(JpItem::Cut(JpStage::Other));
                };
                self.advance(4);
                self.state = JpState::Mask;
                Some(JpItem::Group(Ipv4Addr::from(a)))
            }
            JpState::Mask => {
                if !self.need(4) {
                    return self.end(JpItem::Short);
                }
                let Some(a) = be32_at(b, pos) else {
                    return self.end(JpItem::Cut(JpStage::Other));
                };
                self.advance(4);
                self.state = JpState::Counts;
                Some(JpItem::GroupMask(Ipv4Addr::from(a)))
            }
            JpState::Counts => {
                if !self.need(4) {
                    return self.end(JpItem::Short);
                }
                let (Some(joins), Some(prunes)) = (be16_at(b, pos), be16_at(b, pos + 2)) else {
                    return self.end(JpItem::Cut(JpStage::Other));
                };
                self.advance(4);
                self.joins = joins;
                self.prunes = prunes;
                self.done_sources = 0;
                self.state = JpState::Sources;
                Some(JpItem::Counts { joins, prunes })
            }
            JpState::Sources => {
                let total = u32::from(self.joins) + u32::from(self.prunes);
                if self.done_sources >= total {
                    self.groups -= 1;
                    self.state = JpState::Group;
                    return self.next();
                }
                if !self.need(6) {
                    return self.end(JpItem::Short);
                }
                let (Some(&flags), Some(&bits), Some(a)) =
                    (b.get(pos), b.get(pos + 1), be32_at(b, pos + 2))
                else {
                    return self.end(JpItem::Cut(JpStage::Other));
                };
                let join = self.done_sources < u32::from(self.joins);
                self.done_sources += 1;
                self.advance(6);
                Some(JpItem::Source {
                    join,
                    flags,
                    bits,
                    addr: Ipv4Addr::from(a),
                })
            }
        }
    }
}

fn addr_at(b: &[u8], off: usize) -> Option<Ipv4Addr> {
    be32_at(b, off).map(Ipv4Addr::from)
}

fn join_prune(igmp: &[u8], len: u32) -> JoinPrune<'_> {
    if len < 8 {
        return JoinPrune::Short;
    }
    let jp = suffix(igmp, 8);
    // tcpdump's test is on captured bytes: 30 of them, one group, and
    // one join or one prune.
    if jp.len() >= 30 && jp.get(11) == Some(&1) {
        let one = (|| {
            let joins = be16_at(jp, 20)?;
            let prunes = be16_at(jp, 22)?;
            (u32::from(joins) + u32::from(prunes) == 1).then_some(())?;
            Some(JoinPruneOne {
                upstream: addr_at(jp, 0)?,
                holdtime: be16_at(jp, 6)?,
                join: joins != 0,
                group: addr_at(jp, 12)?,
                group_mask: addr_at(jp, 16)?,
                source: addr_at(jp, 26)?,
                source_flags: *jp.get(24)?,
                source_bits: *jp.get(25)?,
            })
        })();
        if let Some(one) = one {
            return JoinPrune::One(one);
        }
    }
    JoinPrune::Walk(JoinPruneWalk::new(igmp, len - 8))
}

/// Reads a PIMv1 message; `igmp` is the captured IGMP message (bounded by
/// `len`), `len` its claimed length.
pub fn parse(igmp: &[u8], len: u32) -> Pimv1<'_> {
    let code = igmp.get(1).copied();
    let body = match code {
        Some(kind::QUERY) => Body::Query {
            mode: igmp.get(8).map(|b| b >> 4),
            holdtime: be16_at(igmp, 10),
        },
        Some(kind::REGISTER) => Body::Register(if igmp.len() >= 28 {
            addr_at(igmp, 20).zip(addr_at(igmp, 24))
        } else {
            None
        }),
        Some(kind::REGISTER_STOP) => Body::RegisterStop(addr_at(igmp, 8).zip(addr_at(igmp, 12))),
        Some(kind::RP_REACHABILITY) => Body::RpReachability {
            group: addr_at(igmp, 8),
            mask: addr_at(igmp, 12),
            rp: addr_at(igmp, 16),
            holdtime: be16_at(igmp, 22),
        },
        Some(kind::ASSERT) => Body::Assert {
            addrs: addr_at(igmp, 16).zip(addr_at(igmp, 8)),
            mask: addr_at(igmp, 12),
            pref_metric: be32_at(igmp, 20).zip(be32_at(igmp, 24)),
        },
        Some(kind::JOIN_PRUNE | kind::GRAFT | kind::GRAFT_ACK) => {
            Body::JoinPrune(join_prune(igmp, len))
        }
        _ => Body::None,
    };
    Pimv1 {
        code,
        version: igmp.get(4).map(|b| b >> 4),
        body,
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// A group address and its (join?, source) list.
    type GroupSpec<'a> = (&'a [u8; 4], &'a [(bool, [u8; 4])]);

    fn jp(groups: &[GroupSpec<'_>]) -> Vec<u8> {
        let mut m = vec![0x14, 3, 0, 0, 0x10, 0, 0, 0];
        m.extend_from_slice(&[10, 0, 0, 1, 0, 0, 0, 210, 0, 0, 0, groups.len() as u8]);
        for (g, srcs) in groups {
            m.extend_from_slice(&g[..]);
            m.extend_from_slice(&[255, 255, 255, 255]);
            let j = srcs.iter().filter(|s| s.0).count() as u16;
            let p = srcs.len() as u16 - j;
            m.extend_from_slice(&j.to_be_bytes());
            m.extend_from_slice(&p.to_be_bytes());
            for (_, a) in srcs.iter() {
                m.extend_from_slice(&[1, 32]); // sparse; SPT, /32
                m.extend_from_slice(a);
            }
        }
        m
    }

    #[test]
    fn one_line_form() {
        let m = jp(&[(&[224, 1, 1, 1], &[(true, [10, 9, 9, 9])])]);
        let p = parse(&m, m.len() as u32);
        assert_eq!(p.version, Some(1));
        let Body::JoinPrune(JoinPrune::One(one)) = p.body else {
            panic!("{:?}", p.body)
        };
        assert!(one.join);
        assert_eq!(one.holdtime, 210);
        assert_eq!(one.source, Ipv4Addr::new(10, 9, 9, 9));
        assert_eq!(one.group, Ipv4Addr::new(224, 1, 1, 1));
    }

    #[test]
    fn walk_form() {
        let m = jp(&[
            (
                &[224, 1, 1, 1],
                &[(true, [10, 9, 9, 9]), (false, [10, 9, 9, 8])],
            ),
            (&[224, 1, 1, 2], &[]),
        ]);
        let p = parse(&m, m.len() as u32);
        let Body::JoinPrune(JoinPrune::Walk(w)) = p.body else {
            panic!()
        };
        let items: Vec<_> = w.collect();
        assert_eq!(items.len(), 10, "{items:?}");
        assert_eq!(items[0], JpItem::Upstream(Ipv4Addr::new(10, 0, 0, 1)));
        assert_eq!(items[1], JpItem::Holdtime(210));
        assert!(matches!(items[5], JpItem::Source { join: true, .. }));
        assert!(matches!(items[6], JpItem::Source { join: false, .. }));
        assert_eq!(
            items[9],
            JpItem::Counts {
                joins: 0,
                prunes: 0
            }
        );
        // The length ends early; the capture ends early.
        let Body::JoinPrune(JoinPrune::Walk(w)) = parse(&m[..m.len() - 3], m.len() as u32).body
        else {
            panic!()
        };
        let items: Vec<_> = w.collect();
        assert_eq!(items.last(), Some(&JpItem::Cut(JpStage::Other)));
        let Body::JoinPrune(JoinPrune::Walk(w)) = parse(&m, 27).body else {
            panic!()
        };
        let items: Vec<_> = w.collect();
        assert_eq!(items.last(), Some(&JpItem::Short));
        let Body::JoinPrune(JoinPrune::Walk(w)) = parse(&m[..13], 27).body else {
            panic!()
        };
        let items: Vec<_> = w.collect();
        assert_eq!(
            items,
            [
                JpItem::Upstream(Ipv4Addr::new(10, 0, 0, 1)),
                JpItem::Cut(JpStage::Holdtime)
            ]
        );
    }

    #[test]
    fn other_types() {
        let mut m = vec![0x14, 5, 0, 0, 0x20, 0, 0, 0];
        m.extend_from_slice(&[224, 0, 0, 9, 255, 255, 255, 0, 10, 0, 0, 1]);
        m.extend_from_slice(&[0x80, 0, 0, 5, 0, 0, 0, 7]);
        let p = parse(&m, m.len() as u32);
        assert_eq!(p.version, Some(2));
        assert_eq!(
            p.body,
            Body::Assert {
                addrs: Some((Ipv4Addr::new(10, 0, 0, 1), Ipv4Addr::new(224, 0, 0, 9))),
                mask: Some(Ipv4Addr::new(255, 255, 255, 0)),
                pref_metric: Some((0x8000_0005, 7)),
            }
        );
        let p = parse(&m[..2], m.len() as u32);
        assert_eq!(p.version, None);
        // A register needs the 20-byte header it carries.
        m[1] = 1;
        assert_eq!(
            parse(&m, m.len() as u32).body,
            Body::Register(Some((
                Ipv4Addr::new(128, 0, 0, 5),
                Ipv4Addr::new(0, 0, 0, 7)
            )))
        );
        assert_eq!(parse(&m[..27], m.len() as u32).body, Body::Register(None));
    }
}
