//! Ethernet II and IEEE 802.3 framing, 802.1Q/802.1ad tags, IEEE 802.2 LLC
//! with SNAP, the spanning tree BPDUs LLC carries, and the ethertype
//! dispatch that every link layer carrying ethertypes shares.
//! IEEE 802.3 clause 3; IEEE 802.1Q clause 9; IEEE 802.2; RFC 1042 (SNAP);
//! IEEE 802.1D clause 9 and 802.1Q clause 14 (BPDUs).

use nom::number::complete::{be_u16, le_u16};

use super::bytes::{be16_at, be32_at, mac, prefix, suffix, u8 as byte, Mac};
use super::dispatch;
use super::error::{Layer, Stop};
use super::{ipv4, Decoded, Link, Net, VlanTag};

mod field {
    /// Destination and source addresses, then the length/type field.
    pub const HEADER_LEN: usize = 14;
    pub const TAG_LEN: usize = 4;
    /// Values up to this are 802.3 length fields, not ethertypes.
    pub const MAX_LENGTH_VAL: u16 = 1500;
    /// DSAP, SSAP and a one-byte (U frame) control field.
    pub const LLC_U_LEN: usize = 3;
    /// DSAP, SSAP and a two-byte (I or S frame) control field.
    pub const LLC_IS_LEN: usize = 4;
    /// OUI and protocol id.
    pub const SNAP_LEN: usize = 5;
}

pub const ETHERTYPE_IPV4: u16 = 0x0800;
pub const ETHERTYPE_ARP: u16 = 0x0806;
pub const ETHERTYPE_RARP: u16 = 0x8035;
pub const ETHERTYPE_8021Q: u16 = 0x8100;
pub const ETHERTYPE_8021Q9100: u16 = 0x9100;
pub const ETHERTYPE_8021Q9200: u16 = 0x9200;
pub const ETHERTYPE_8021QINQ: u16 = 0x88a8;
pub const ETHERTYPE_IPV6: u16 = 0x86dd;
/// Alteon jumbo frames: an LLC header follows the type field.
pub const ETHERTYPE_JUMBO: u16 = 0x8870;

/// LLC service access points that change how a frame is read.
pub const SAP_IP: u8 = 0x06;
pub const SAP_STP: u8 = 0x42;
pub const SAP_SNAP: u8 = 0xaa;
pub const SAP_GLOBAL: u8 = 0xff;
/// The control field of an unnumbered-information frame.
pub const LLC_UI: u16 = 0x03;

/// SNAP organisation codes whose protocol ids are ethertypes (RFC 1042
/// encapsulation and Cisco's bridged frames).
pub const OUI_ENCAP_ETHER: u32 = 0x000000;
pub const OUI_CISCO_90: u32 = 0x0000f8;
pub const OUI_CISCO: u32 = 0x00000c;
/// RFC 2684 bridged frames.
pub const OUI_RFC2684: u32 = 0x0080c2;
/// Cisco PVST+ and VLAN-bridge BPDUs.
pub const PID_CISCO_PVST: u16 = 0x010b;
pub const PID_CISCO_VLANBRIDGE: u16 = 0x010c;
/// RFC 2684 bridged spanning tree BPDUs.
pub const PID_RFC2684_BPDU: u16 = 0x000e;

/// True for the TPIDs tcpdump treats as VLAN tags.
pub fn is_vlan_tpid(t: u16) -> bool {
    matches!(
        t,
        ETHERTYPE_8021Q | ETHERTYPE_8021Q9100 | ETHERTYPE_8021Q9200 | ETHERTYPE_8021QINQ
    )
}

/// The ethertypes netdecode decodes further.
pub fn is_decoded_ethertype(t: u16) -> bool {
    matches!(t, ETHERTYPE_IPV4 | ETHERTYPE_ARP | ETHERTYPE_RARP)
}

/// The Ethernet header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ethernet {
    pub dst: Mac,
    pub src: Mac,
    /// The length/type field right after the addresses.
    pub length_type: u16,
    /// The length/type field after any VLAN tags: the one that says what the
    /// payload is (or, if <= 1500, an 802.3 length).
    pub inner_type: u16,
    /// True when the frame ran out inside the VLAN tags, so `inner_type` is
    /// the last type that was read.
    pub tags_truncated: bool,
}

impl Ethernet {
    /// True for an IEEE 802.3 frame, whose final type field is a length.
    pub fn is_8023(&self) -> bool {
        self.inner_type <= field::MAX_LENGTH_VAL && !self.tags_truncated
    }
}

/// A SNAP header (RFC 1042): an organisation code and a protocol id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Snap {
    pub oui: u32,
    pub pid: u16,
}

/// An IEEE 802.2 LLC header, with the SNAP header that may follow it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LlcHeader {
    /// The DSAP field, individual/group bit included.
    pub dsap_field: u8,
    /// The SSAP field, command/response bit included.
    pub ssap_field: u8,
    /// One byte for U frames, two (little-endian) for I and S frames.
    pub control: u16,
    pub is_u: bool,
    pub snap: Option<Snap>,
}

impl LlcHeader {
    /// The DSAP without its individual/group bit.
    pub fn dsap(&self) -> u8 {
        self.dsap_field & !1
    }
    /// The SSAP without its command/response bit.
    pub fn ssap(&self) -> u8 {
        self.ssap_field & !1
    }
    /// The header length: 3 or 4 bytes (SNAP not included).
    pub fn len(&self) -> usize {
        if self.is_u {
            field::LLC_U_LEN
        } else {
            field::LLC_IS_LEN
        }
    }
    /// Never true: an LLC header has at least three bytes.
    pub fn is_empty(&self) -> bool {
        false
    }
    /// Both SAPs are `sap` and the frame is a UI frame.
    fn is_ui_for(&self, sap: u8) -> bool {
        self.dsap() == sap && self.ssap() == sap && self.control == LLC_UI
    }
}

/// An LLC frame whose payload is not handed to a network-layer decoder.
/// The header itself, when it was captured, is [`Decoded::llc`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Llc<'a> {
    /// The captured bytes from the LLC header on, bounded by the 802.3
    /// length (what tcpdump dumps for payloads it does not decode).
    pub bytes: &'a [u8],
    /// The on-wire length from the LLC header on.
    pub length: u32,
    pub body: LlcBody<'a>,
}

/// What follows an LLC header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LlcBody<'a> {
    /// The LLC header itself was cut short.
    Truncated,
    /// A payload printed only as bytes: what follows the LLC header.
    Other(&'a [u8]),
    /// The SNAP header was cut short.
    SnapTruncated,
    /// A SNAP frame whose protocol is not decoded: what follows the SNAP
    /// header.
    Snap(&'a [u8]),
    /// A spanning tree BPDU.
    Stp(Stp<'a>),
}

impl Llc<'_> {
    /// The name of the layer the body adds, for JSON's `layers`.
    pub fn layer_name(&self) -> Option<&'static str> {
        match self.body {
            LlcBody::Stp(_) => Some("stp"),
            _ => None,
        }
    }
}

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

/// Decodes an Ethernet frame. `length` is the on-wire length.
pub fn decode<'a>(frame: &'a [u8], length: u32, d: &mut Decoded<'a>) {
    let Ok((rest, (dst, src, length_type))) = header(frame) else {
        d.stop = Some(Stop::truncated(Layer::Ether, 0));
        d.link_hdr_len = frame.len();
        return;
    };
    let mut eth = Ethernet {
        dst,
        src,
        length_type,
        inner_type: length_type,
        tags_truncated: false,
    };
    let mut p = rest;
    let mut off = field::HEADER_LEN;
    let mut len = length.saturating_sub(field::HEADER_LEN as u32);
    while is_vlan_tpid(eth.inner_type) {
        let tag = if len < field::TAG_LEN as u32 {
            None
        } else {
            tag(p).ok()
        };
        let Some((rest, (tci, next))) = tag else {
            eth.tags_truncated = true;
            d.link = Link::Ethernet(eth);
            d.link_hdr_len = off + p.len().min(len as usize);
            d.stop = Some(Stop::truncated(Layer::Vlan, off));
            return;
        };
        if !d.vlans.push(VlanTag {
            tpid: eth.inner_type,
            tci,
            next,
        }) {
            d.link = Link::Ethernet(eth);
            d.link_hdr_len = off;
            d.stop = Some(Stop::invalid(Layer::Vlan, off));
            return;
        }
        eth.inner_type = next;
        p = rest;
        off += field::TAG_LEN;
        len = len.saturating_sub(field::TAG_LEN as u32);
    }
    d.link = Link::Ethernet(eth);
    d.link_hdr_len = off;
    if eth.is_8023() {
        // An 802.3 length field bounds the payload when it is smaller than
        // what the frame holds (the rest is padding).
        let l = u32::from(eth.inner_type).min(len);
        decode_llc(prefix(p, l as usize), l, off, d);
    } else if eth.inner_type == ETHERTYPE_JUMBO {
        decode_llc(p, len, off, d);
    } else {
        dispatch::ethertype(eth.inner_type, p, len, off, d);
    }
}

fn header(i: &[u8]) -> super::bytes::Res<'_, (Mac, Mac, u16)> {
    let (i, dst) = mac(i)?;
    let (i, src) = mac(i)?;
    let (i, t) = be_u16(i)?;
    Ok((i, (dst, src, t)))
}

fn tag(i: &[u8]) -> super::bytes::Res<'_, (u16, u16)> {
    let (i, tci) = be_u16(i)?;
    let (i, next) = be_u16(i)?;
    Ok((i, (tci, next)))
}

fn llc_header(p: &[u8]) -> Option<LlcHeader> {
    let (i, dsap_field) = byte(p).ok()?;
    let (i, ssap_field) = byte(i).ok()?;
    let (_, c) = byte(i).ok()?;
    let (control, is_u) = if c & 0x03 == 0x03 {
        (u16::from(c), true)
    } else {
        (le_u16::<_, nom::error::Error<&[u8]>>(i).ok()?.1, false)
    };
    Some(LlcHeader {
        dsap_field,
        ssap_field,
        control,
        is_u,
        snap: None,
    })
}

/// Decodes an IEEE 802.2 LLC frame at `off`: `p` is bounded by the frame's
/// length field where it has one, and `length` is its on-wire length.
/// Returns true when the frame's payload is left to a raw dump (tcpdump's
/// `llc_print` returning a negative length); callers that do not count
/// the LLC header as link header then.
pub fn decode_llc<'a>(p: &'a [u8], length: u32, off: usize, d: &mut Decoded<'a>) -> bool {
    let mut llc = Llc {
        bytes: p,
        length,
        body: LlcBody::Truncated,
    };
    let Some(mut h) = llc_header(p).filter(|h| length >= h.len() as u32) else {
        d.link_hdr_len = off + p.len();
        d.net = Net::Llc(llc);
        d.stop = Some(Stop::truncated(Layer::Llc, off));
        return false;
    };
    let hlen = h.len();
    let rest = suffix(p, hlen);
    let rest_len = length - hlen as u32;
    let inner_off = off + hlen;
    d.link_hdr_len = inner_off;
    d.llc = Some(h);
    if h.dsap_field == SAP_GLOBAL && h.ssap_field == SAP_GLOBAL {
        // A raw Netware 802.3 frame: IPX without an LLC header, which
        // netdecode does not decode; it prints as an LLC frame.
        d.link_hdr_len = off;
        llc.body = LlcBody::Other(rest);
    } else if h.is_ui_for(SAP_SNAP) {
        let body = decode_snap(&mut h, rest, rest_len, inner_off, d);
        d.llc = Some(h);
        let Some(body) = body else {
            return false;
        };
        llc.body = body;
    } else if h.is_ui_for(SAP_STP) {
        llc.body = LlcBody::Stp(Stp {
            bytes: rest,
            length: rest_len,
        });
    } else if h.is_ui_for(SAP_IP) {
        ipv4::decode(rest, rest_len, inner_off, d);
        return false;
    } else {
        llc.body = LlcBody::Other(rest);
    }
    d.net = Net::Llc(llc);
    match llc.body {
        LlcBody::Snap(_) => true,
        LlcBody::Other(payload) => generic_dumps_payload(&h, payload, rest_len),
        _ => false,
    }
}

/// Whether tcpdump follows its generic line for this LLC frame with a raw
/// dump: not for S frames, nor for XID frames that are empty or in the
/// IEEE 802.2 format.
fn generic_dumps_payload(h: &LlcHeader, payload: &[u8], payload_len: u32) -> bool {
    if h.is_u && h.control & !0x10 == 0xaf {
        return !(payload_len == 0 || matches!(payload.first(), None | Some(&0x81)));
    }
    h.is_u || h.control & 0x01 == 0
}

/// Decodes the SNAP header after an LLC header and what it announces;
/// `None` when the payload went to a network-layer decoder.
fn decode_snap<'a>(
    h: &mut LlcHeader,
    p: &'a [u8],
    length: u32,
    off: usize,
    d: &mut Decoded<'a>,
) -> Option<LlcBody<'a>> {
    let snap = match (p.get(..3), be16_at(p, 3)) {
        (Some(o), Some(pid)) if length >= field::SNAP_LEN as u32 => Snap {
            oui: o.iter().fold(0u32, |a, &b| a << 8 | u32::from(b)),
            pid,
        },
        _ => {
            d.link_hdr_len = off + field::SNAP_LEN;
            d.stop = Some(Stop::truncated(Layer::Snap, off));
            return Some(LlcBody::SnapTruncated);
        }
    };
    h.snap = Some(snap);
    let rest = suffix(p, field::SNAP_LEN);
    let rest_len = length - field::SNAP_LEN as u32;
    let inner_off = off + field::SNAP_LEN;
    d.link_hdr_len = inner_off;
    let Snap { oui, pid } = snap;
    let ethertype_pid = oui == OUI_ENCAP_ETHER || oui == OUI_CISCO_90;
    let stp = (oui == OUI_CISCO && matches!(pid, PID_CISCO_PVST | PID_CISCO_VLANBRIDGE))
        || (oui == OUI_RFC2684 && pid == PID_RFC2684_BPDU);
    if ethertype_pid && is_decoded_ethertype(pid) {
        dispatch::ethertype(pid, rest, rest_len, inner_off, d);
        None
    } else if stp {
        Some(LlcBody::Stp(Stp {
            bytes: rest,
            length: rest_len,
        }))
    } else {
        Some(LlcBody::Snap(rest))
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::super::{decode as decode_frame, LinkType, Net};
    use super::*;

    #[rustfmt::skip]
    static TAGGED: [u8; 22] = [
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // dst
        0x02, 0x00, 0x00, 0x00, 0x00, 0x01, // src
        0x88, 0xa8, 0x00, 0xc8,             // 802.1ad, vid 200
        0x81, 0x00, 0x27, 0xd1,             // 802.1Q, pcp 1, vid 2001
        0x12, 0x34,                         // unknown ethertype
    ];

    #[test]
    fn stacked_tags() {
        let d = decode_frame(LinkType::ETHERNET, &TAGGED, 60);
        let tags = d.vlans.as_slice();
        assert_eq!(tags.len(), 2);
        assert_eq!(tags[0].vid(), 200);
        assert_eq!(tags[0].tpid, ETHERTYPE_8021QINQ);
        assert_eq!(tags[1].vid(), 2001);
        assert_eq!(tags[1].pcp(), 1);
        assert_eq!(tags[1].next, 0x1234);
        assert_eq!(d.link_hdr_len, 22);
        assert!(matches!(
            d.net,
            Net::Unknown {
                ethertype: 0x1234,
                ..
            }
        ));
        assert_eq!(d.stop, None);
    }

    #[test]
    fn every_truncation_of_tagged_frame() {
        for n in 0..TAGGED.len() {
            let d = decode_frame(LinkType::ETHERNET, &TAGGED[..n], 60);
            let stop = d.stop.expect("short frames stop");
            if n < 14 {
                assert_eq!(stop, Stop::truncated(Layer::Ether, 0));
            } else {
                assert_eq!(stop.layer, Layer::Vlan, "len {n}");
            }
        }
    }

    fn frame_8023(llc: &[u8]) -> Vec<u8> {
        let mut f = vec![0xff; 6];
        f.extend_from_slice(&[2, 0, 0, 0, 0, 1]);
        f.extend_from_slice(&(llc.len() as u16).to_be_bytes());
        f.extend_from_slice(llc);
        f
    }

    #[test]
    fn llc_frame_kinds() {
        // An I frame between SNA SAPs: two control bytes.
        let f = frame_8023(&[0x04, 0x05, 0x02, 0x04, 0xaa, 0xbb]);
        let d = decode_frame(LinkType::ETHERNET, &f, f.len() as u32);
        let h = d.llc.expect("llc");
        assert_eq!(
            (h.dsap(), h.ssap(), h.control, h.is_u),
            (4, 4, 0x0402, false)
        );
        assert_eq!(d.link_hdr_len, 18);
        let Net::Llc(l) = d.net else { panic!() };
        assert_eq!(l.body, LlcBody::Other(&[0xaa, 0xbb]));
        assert_eq!(l.bytes.len(), 6);

        // SNAP carrying ARP goes to the ARP decoder.
        let mut snap = vec![0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x06];
        snap.extend_from_slice(&[0, 1, 8, 0, 6, 4, 0, 1]);
        snap.extend_from_slice(&[0; 20]);
        let f = frame_8023(&snap);
        let d = decode_frame(LinkType::ETHERNET, &f, f.len() as u32);
        assert_eq!(
            d.llc.and_then(|h| h.snap),
            Some(Snap {
                oui: 0,
                pid: 0x0806
            })
        );
        assert!(matches!(d.net, Net::Arp(_)));
        assert_eq!(d.link_hdr_len, 22);

        // An STP BPDU.
        let f = frame_8023(&[0x42, 0x42, 0x03, 0, 0, 0, 0]);
        let d = decode_frame(LinkType::ETHERNET, &f, f.len() as u32);
        let Net::Llc(l) = d.net else { panic!() };
        let LlcBody::Stp(s) = l.body else { panic!() };
        assert_eq!(
            (s.protocol_id(), s.version(), s.flags()),
            (Some(0), Some(0), None)
        );
        assert_eq!(s.length, 4);
    }

    #[test]
    fn every_truncation_of_snap() {
        let llc = [0xaa, 0xaa, 0x03, 0x00, 0x00, 0x0c, 0x20, 0x00, 0x01];
        let f = frame_8023(&llc);
        for n in 14..f.len() {
            let d = decode_frame(LinkType::ETHERNET, &f[..n], f.len() as u32);
            let expect = match n - 14 {
                0..=2 => Some(Stop::truncated(Layer::Llc, 14)),
                3..=7 => Some(Stop::truncated(Layer::Snap, 17)),
                _ => None,
            };
            assert_eq!(d.stop, expect, "len {n}");
        }
    }

    #[test]
    fn length_field_bounds_llc() {
        // The 802.3 length says 3 bytes; the rest is padding.
        let mut f = frame_8023(&[0x42, 0x42, 0x03]);
        f.extend_from_slice(&[0; 10]);
        let d = decode_frame(LinkType::ETHERNET, &f, f.len() as u32);
        let Net::Llc(l) = d.net else { panic!() };
        assert_eq!(l.bytes.len(), 3);
        let LlcBody::Stp(s) = l.body else { panic!() };
        assert_eq!(s.length, 0);
        assert_eq!(s.check(), StpCheck::Invalid);
    }
}
