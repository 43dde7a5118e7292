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

/// Where the MSTI messages of an MSTP BPDU start, and their length.
pub const MSTI_OFFSET: usize = bpdu::MSTI;
pub const MSTI_LEN: usize = bpdu::MSTI_LEN;

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
    /// A bridge identifier at `off` (the MSTI messages hold them).
    pub fn bridge_id_at(&self, off: usize) -> Option<BridgeId> {
        bridge_id_at(self.bytes, off)
    }
    /// Byte `off` of the BPDU, for the SPB extension printed at an offset
    /// that depends on the version 3 length.
    pub fn byte(&self, off: usize) -> Option<u8> {
        self.u8_at(off)
    }
    pub fn be16(&self, off: usize) -> Option<u16> {
        be16_at(self.bytes, off)
    }
    pub fn be32(&self, off: usize) -> Option<u32> {
        be32_at(self.bytes, off)
    }
    /// `n` bytes at `off`, as far as captured.
    pub fn slice(&self, off: usize, n: usize) -> &'a [u8] {
        prefix(suffix(self.bytes, off), n)
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
        let v4 = self.be16(offset)?;
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
