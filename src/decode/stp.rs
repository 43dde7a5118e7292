//! Spanning tree BPDUs (802.1D STP, 802.1w RSTP, 802.1s MSTP, 802.1aq
//! SPB), as LLC (SAP 0x42) or SNAP (Cisco PVST+, RFC 2684) carries them.
//! IEEE 802.1D clause 9; IEEE 802.1Q-2018 clause 14.

use super::bytes::{be16_at, be32_at, prefix, suffix};

/// An 802.1D bridge or port identifier's eight bytes: priority, then MAC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BridgeId(pub [u8; 8]);

/// The four timers of a configuration BPDU, in 1/256 seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StpTimes {
    pub message_age: u16,
    pub max_age: u16,
    pub hello_time: u16,
    pub forward_delay: u16,
}

/// A spanning tree BPDU (802.1D, 802.1w, 802.1s, 802.1aq). Fields are read
/// on demand and are `None` when not captured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stp<'a> {
    /// The captured BPDU.
    pub bytes: &'a [u8],
    /// The BPDU's on-wire length.
    pub length: u32,
}

/// Byte offsets in a BPDU (IEEE 802.1Q-2018 clause 14).
mod bpdu {
    pub const PROTOCOL_ID: usize = 0;
    pub const VERSION: usize = 2;
    pub const TYPE: usize = 3;
    pub const FLAGS: usize = 4;
    pub const ROOT_ID: usize = 5;
    pub const ROOT_PATH_COST: usize = 13;
    pub const BRIDGE_ID: usize = 17;
    pub const PORT_ID: usize = 25;
    pub const MESSAGE_AGE: usize = 27;
    pub const V1_LENGTH: usize = 35;
    /// Length of the fixed part through the version 1 length.
    pub const FIXED_LEN: u32 = 36;
    pub const V3_LENGTH: usize = 36;
    pub const MCID_NAME: usize = 39;
    pub const MCID_NAME_LEN: usize = 32;
    pub const MCID_REVISION: usize = 71;
    pub const MCID_DIGEST: usize = 73;
    pub const CIST_INT_PATH_COST: usize = 89;
    pub const CIST_BRIDGE_ID: usize = 93;
    pub const CIST_REMAINING_HOPS: usize = 101;
    pub const MSTI: usize = 102;
    pub const MSTI_LEN: usize = 16;
    /// The MST configuration identifier's share of the version 3 length.
    pub const MST_CONFIG_INFO_LEN: u16 = 64;
    pub const MSTP_MIN_LEN: u32 = 102;
    pub const SPB_MIN_LEN: u32 = 87;
}

/// Byte offsets in an MSTI configuration message.
mod msti {
    pub const FLAGS: usize = 0;
    pub const REGIONAL_ROOT: usize = 1;
    pub const PATH_COST: usize = 9;
    pub const BRIDGE_PRIORITY: usize = 13;
    pub const PORT_PRIORITY: usize = 14;
    pub const REMAINING_HOPS: usize = 15;
}

/// Byte offsets in the SPB extension (IEEE 802.1aq clause 14), from its
/// version 4 length.
mod spb {
    pub const NAME: usize = 3;
    pub const NAME_LEN: usize = 32;
    pub const REVISION: usize = 35;
    pub const DIGEST: usize = 37;
    pub const AGREEMENT: usize = 53;
    pub const FORMAT: usize = 55;
    pub const CONVENTION: usize = 56;
    pub const EDGE_COUNT: usize = 57;
    pub const AGREEMENT_DIGEST: usize = 67;
}

/// One MSTI configuration message; each field `None` when not captured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Msti {
    pub flags: Option<u8>,
    /// The MSTI id: the low 12 bits of the regional root's priority field.
    pub id: Option<u16>,
    pub regional_root: Option<BridgeId>,
    pub path_cost: Option<u32>,
    /// The 4-bit bridge and port priorities.
    pub bridge_priority: Option<u8>,
    pub port_priority: Option<u8>,
    pub remaining_hops: Option<u8>,
}

impl Msti {
    fn at(b: &[u8], base: usize) -> Msti {
        let byte = |n: usize| b.get(base + n).copied();
        Msti {
            flags: byte(msti::FLAGS),
            id: be16_at(b, base + msti::REGIONAL_ROOT).map(|p| p & 0x0fff),
            regional_root: bridge_id_at(b, base + msti::REGIONAL_ROOT),
            path_cost: be32_at(b, base + msti::PATH_COST),
            bridge_priority: byte(msti::BRIDGE_PRIORITY).map(|p| p >> 4),
            port_priority: byte(msti::PORT_PRIORITY).map(|p| p >> 4),
            remaining_hops: byte(msti::REMAINING_HOPS),
        }
    }
}

/// The SPB extension of an 802.1aq BPDU; each field `None` (or the name
/// short) where the capture ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spb<'a> {
    pub v4_length: Option<u16>,
    /// The auxiliary MCID name's 32 bytes, as captured.
    pub aux_name: &'a [u8],
    pub aux_revision: Option<u16>,
    pub aux_digest: Option<[u32; 4]>,
    pub agreement: Option<SpbAgreement>,
}

/// The agreement fields of the SPB extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpbAgreement {
    pub number: u8,
    pub discarded: u8,
    pub valid: bool,
    pub restricted: bool,
    pub format_id: u8,
    pub format_capabilities: u8,
    pub convention_id: u8,
    pub convention_capabilities: u8,
    pub edge_count: u16,
    pub digest: [u32; 5],
}

pub const STP_PROTO_REGULAR: u8 = 0;
pub const STP_PROTO_RAPID: u8 = 2;
pub const STP_PROTO_MSTP: u8 = 3;
pub const STP_PROTO_SPB: u8 = 4;
pub const BPDU_CONFIG: u8 = 0x00;
pub const BPDU_RSTP: u8 = 0x02;
pub const BPDU_TOPO_CHANGE: u8 = 0x80;

fn bridge_id_at(s: &[u8], off: usize) -> Option<BridgeId> {
    let b = s.get(off..off.checked_add(8)?)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(b);
    Some(BridgeId(a))
}

impl<'a> Stp<'a> {
    fn u8_at(&self, off: usize) -> Option<u8> {
        self.bytes.get(off).copied()
    }
    pub fn protocol_id(&self) -> Option<u16> {
        be16_at(self.bytes, bpdu::PROTOCOL_ID)
    }
    pub fn version(&self) -> Option<u8> {
        self.u8_at(bpdu::VERSION)
    }
    pub fn bpdu_type(&self) -> Option<u8> {
        self.u8_at(bpdu::TYPE)
    }
    pub fn flags(&self) -> Option<u8> {
        self.u8_at(bpdu::FLAGS)
    }
    /// The root identifier (the CIST root for MSTP).
    pub fn root_id(&self) -> Option<BridgeId> {
        bridge_id_at(self.bytes, bpdu::ROOT_ID)
    }
    /// The root path cost (the CIST external path cost for MSTP).
    pub fn root_path_cost(&self) -> Option<u32> {
        be32_at(self.bytes, bpdu::ROOT_PATH_COST)
    }
    /// The bridge identifier (the CIST regional root for MSTP).
    pub fn bridge_id(&self) -> Option<BridgeId> {
        bridge_id_at(self.bytes, bpdu::BRIDGE_ID)
    }
    pub fn port_id(&self) -> Option<u16> {
        be16_at(self.bytes, bpdu::PORT_ID)
    }
    pub fn times(&self) -> Option<StpTimes> {
        let t = |i: usize| be16_at(self.bytes, bpdu::MESSAGE_AGE + 2 * i);
        Some(StpTimes {
            message_age: t(0)?,
            max_age: t(1)?,
            hello_time: t(2)?,
            forward_delay: t(3)?,
        })
    }
    pub fn v1_length(&self) -> Option<u8> {
        self.u8_at(bpdu::V1_LENGTH)
    }
    /// The version 3 length of an MSTP BPDU.
    pub fn v3_length(&self) -> Option<u16> {
        be16_at(self.bytes, bpdu::V3_LENGTH)
    }
    /// The MST configuration name's 32 bytes, as captured.
    pub fn mcid_name(&self) -> &'a [u8] {
        prefix(suffix(self.bytes, bpdu::MCID_NAME), bpdu::MCID_NAME_LEN)
    }
    pub fn mcid_revision(&self) -> Option<u16> {
        be16_at(self.bytes, bpdu::MCID_REVISION)
    }
    pub fn mcid_digest(&self) -> Option<[u32; 4]> {
        let w = |i: usize| be32_at(self.bytes, bpdu::MCID_DIGEST + 4 * i);
        Some([w(0)?, w(1)?, w(2)?, w(3)?])
    }
    pub fn cist_internal_path_cost(&self) -> Option<u32> {
        be32_at(self.bytes, bpdu::CIST_INT_PATH_COST)
    }
    pub fn cist_bridge_id(&self) -> Option<BridgeId> {
        bridge_id_at(self.bytes, bpdu::CIST_BRIDGE_ID)
    }
    pub fn cist_remaining_hops(&self) -> Option<u8> {
        self.u8_at(bpdu::CIST_REMAINING_HOPS)
    }
    /// How many MSTI messages the version 3 length announces.
    pub fn msti_count(&self) -> usize {
        match self.v3_length() {
            Some(v3) if v3 > bpdu::MST_CONFIG_INFO_LEN => {
                usize::from(v3 - bpdu::MST_CONFIG_INFO_LEN) / bpdu::MSTI_LEN
            }
            _ => 0,
        }
    }
    /// The MSTI configuration messages the version 3 length announces, as
    /// far as each was captured.
    pub fn mstis(&self) -> impl Iterator<Item = Msti> + 'a {
        let b = self.bytes;
        (0..self.msti_count()).map(move |i| Msti::at(b, bpdu::MSTI + bpdu::MSTI_LEN * i))
    }

    /// The SPB extension of an 802.1aq BPDU at `offset` (see
    /// [`StpCheck::Spb`]), as far as captured.
    pub fn spb(&self, offset: usize) -> Spb<'a> {
        let b = self.bytes;
        let at = |n: usize| offset.saturating_add(n);
        let w = |n: usize| be32_at(b, at(n));
        let agreement = (|| {
            let a = b.get(at(spb::AGREEMENT)).copied()?;
            let f = b.get(at(spb::FORMAT)).copied()?;
            let c = b.get(at(spb::CONVENTION)).copied()?;
            let d = |i: usize| w(spb::AGREEMENT_DIGEST + 4 * i);
            Some(SpbAgreement {
                number: a >> 6,
                discarded: (a >> 4) & 0x03,
                valid: a & 0x08 != 0,
                restricted: a & 0x04 != 0,
                format_id: f >> 4,
                format_capabilities: f & 0x0f,
                convention_id: c >> 4,
                convention_capabilities: c & 0x0f,
                edge_count: be16_at(b, at(spb::EDGE_COUNT))?,
                digest: [d(0)?, d(1)?, d(2)?, d(3)?, d(4)?],
            })
        })();
        Spb {
            v4_length: be16_at(b, offset),
            aux_name: prefix(suffix(b, at(spb::NAME)), spb::NAME_LEN),
            aux_revision: be16_at(b, at(spb::REVISION)),
            aux_digest: (|| {
                let d = |i: usize| w(spb::DIGEST + 4 * i);
                Some([d(0)?, d(1)?, d(2)?, d(3)?])
            })(),
            agreement,
        }
    }

    /// How the BPDU's length checks come out, in tcpdump's order.
    pub fn check(&self) -> StpCheck {
        if self.length < 4 {
            return StpCheck::Invalid;
        }
        let (Some(version), Some(kind)) = (self.version(), self.bpdu_type()) else {
            return StpCheck::Ok;
        };
        match kind {
            BPDU_CONFIG if self.length < bpdu::FIXED_LEN - 1 => StpCheck::Invalid,
            BPDU_RSTP if version == STP_PROTO_RAPID && self.length < bpdu::FIXED_LEN => {
                StpCheck::Invalid
            }
            BPDU_RSTP if version == STP_PROTO_MSTP || version == STP_PROTO_SPB => {
                self.check_mstp(version)
            }
            _ => StpCheck::Ok,
        }
    }

    fn check_mstp(&self, version: u8) -> StpCheck {
        if self.length < bpdu::MSTP_MIN_LEN {
            return StpCheck::Invalid;
        }
        let Some(v1) = self.v1_length() else {
            return StpCheck::Truncated;
        };
        if v1 != 0 {
            return StpCheck::Invalid;
        }
        let Some(v3) = self.v3_length() else {
            return StpCheck::Truncated;
        };
        let mstp_len = u32::from(v3) + 2;
        if self.length < bpdu::FIXED_LEN + mstp_len {
            return StpCheck::Invalid;
        }
        if version == STP_PROTO_SPB {
            return StpCheck::Spb {
                offset: (bpdu::FIXED_LEN + mstp_len) as usize,
            };
        }
        StpCheck::Ok
    }

    /// For an SPB BPDU, whether the SPB extension's length checks pass;
    /// `None` when its length field was not captured.
    pub fn spb_valid(&self, offset: usize) -> Option<bool> {
        let v4 = be16_at(self.bytes, offset)?;
        let spb_len = u32::from(v4) + 2;
        Some(self.length >= offset as u32 + spb_len && spb_len >= bpdu::SPB_MIN_LEN)
    }
}

/// The outcome of a BPDU's length checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StpCheck {
    Ok,
    /// A length is impossible for the BPDU type (tcpdump's ` (invalid)`).
    Invalid,
    /// A field needed for the checks was not captured.
    Truncated,
    /// An SPB BPDU: its MSTP part checked out and its SPB extension starts
    /// at `offset`.
    Spb {
        offset: usize,
    },
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// An MSTP BPDU with one MSTI, then an SPB extension.
    fn spb_bpdu() -> Vec<u8> {
        let mut b = vec![0, 0, STP_PROTO_SPB, BPDU_RSTP, 0x3c];
        b.resize(36, 0);
        b.extend_from_slice(&[0x00, 64 + 16]); // v3 length: one MSTI
        b.resize(102, 0);
        b.extend_from_slice(&[0x7c, 0x80, 0x05, 2, 0, 0, 0, 0, 1, 0, 0, 0x03, 0xe8]);
        b.extend_from_slice(&[0x80, 0x90, 20]);
        let spb_at = b.len();
        assert_eq!(spb_at, 118);
        b.extend_from_slice(&[0, 85]);
        b.resize(spb_at + 53, 0x11);
        b.extend_from_slice(&[0b1011_1100, 0, 0x21, 0x43, 0, 5]);
        b.resize(spb_at + 87, 0x22);
        b
    }

    #[test]
    fn msti_and_spb_fields() {
        let b = spb_bpdu();
        let s = Stp {
            bytes: &b,
            length: b.len() as u32,
        };
        let offset = match s.check() {
            StpCheck::Spb { offset } => offset,
            other => panic!("{other:?}"),
        };
        assert_eq!(offset, 118);
        assert_eq!(s.spb_valid(offset), Some(true));
        let m: Vec<_> = s.mstis().collect();
        assert_eq!(m.len(), 1);
        assert_eq!(
            (m[0].flags, m[0].id, m[0].path_cost),
            (Some(0x7c), Some(5), Some(1000))
        );
        assert_eq!(
            (
                m[0].bridge_priority,
                m[0].port_priority,
                m[0].remaining_hops
            ),
            (Some(8), Some(9), Some(20))
        );
        let x = s.spb(offset);
        assert_eq!(x.v4_length, Some(85));
        let a = x.agreement.expect("agreement");
        assert_eq!(
            (a.number, a.discarded, a.valid, a.restricted),
            (2, 3, true, true)
        );
        assert_eq!((a.format_id, a.format_capabilities), (2, 1));
        assert_eq!((a.convention_id, a.convention_capabilities), (4, 3));
        assert_eq!(a.edge_count, 5);
        assert_eq!(a.digest, [0x2222_2222; 5]);
    }

    #[test]
    fn cut_bpdus_keep_what_fit() {
        let b = spb_bpdu();
        let s = Stp {
            bytes: &b[..110],
            length: b.len() as u32,
        };
        let m = s.mstis().next().expect("one msti");
        assert_eq!((m.id, m.regional_root, m.path_cost), (Some(5), None, None));
        let s = Stp {
            bytes: &b[..150],
            length: b.len() as u32,
        };
        let x = s.spb(118);
        // The name starts at 121: 29 of its 32 bytes were captured.
        assert_eq!(x.aux_name.len(), 29);
        assert_eq!(x.aux_revision, None);
        assert_eq!(x.aux_digest, None);
        assert_eq!(x.agreement, None);
    }
}
