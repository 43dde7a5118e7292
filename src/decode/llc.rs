//! IEEE 802.2 LLC with the SNAP header (RFC 1042) that may follow it, and
//! what the SAPs and SNAP organisation/protocol codes say comes next.
//! IEEE 802.2; RFC 1042; RFC 2684 (bridged BPDUs).

use nom::number::complete::le_u16;

use super::bytes::{be16_at, suffix, u8 as byte};
use super::cdp::Cdp;
use super::dispatch;
use super::dtp::Dtp;
use super::error::{Layer, Stop};
use super::stp::Stp;
use super::udld::Udld;
use super::vtp::Vtp;
use super::{ipv4, Decoded, Net};

mod field {
    /// DSAP, SSAP and a one-byte (U frame) control field.
    pub const LLC_U_LEN: usize = 3;
    /// DSAP, SSAP and a two-byte (I or S frame) control field.
    pub const LLC_IS_LEN: usize = 4;
    /// OUI and protocol id.
    pub const SNAP_LEN: usize = 5;
}

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
    /// A Cisco Discovery Protocol message (Cisco OUI, protocol 0x2000).
    Cdp(Cdp<'a>),
    /// A Cisco Dynamic Trunking Protocol message (protocol 0x2004).
    Dtp(Dtp<'a>),
    /// A Cisco VLAN Trunking Protocol message (protocol 0x2003).
    Vtp(Vtp<'a>),
    /// A Cisco UDLD message (protocol 0x0111).
    Udld(Udld<'a>),
}

impl Llc<'_> {
    /// The name of the layer the body adds, for JSON's `layers`.
    pub fn layer_name(&self) -> Option<&'static str> {
        match self.body {
            LlcBody::Stp(_) => Some("stp"),
            LlcBody::Cdp(_) => Some("cdp"),
            LlcBody::Dtp(_) => Some("dtp"),
            LlcBody::Vtp(_) => Some("vtp"),
            LlcBody::Udld(_) => Some("udld"),
            _ => None,
        }
    }
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

/// Decodes the SNAP header after an LLC header, and what it announces
/// through `dispatch::snap`; `None` when the payload went to a
/// network-layer decoder.
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
    dispatch::snap(snap, rest, rest_len, inner_off, d)
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::super::stp::StpCheck;
    use super::super::{decode as decode_frame, Layer, LinkType, Net, Stop};
    use super::*;

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
        // A Cisco protocol id nothing decodes.
        let llc = [0xaa, 0xaa, 0x03, 0x00, 0x00, 0x0c, 0x20, 0x10, 0x01];
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

    #[test]
    fn cdp_problems_become_stops() {
        let mut llc = vec![0xaa, 0xaa, 0x03, 0x00, 0x00, 0x0c, 0x20, 0x00];
        llc.extend_from_slice(&[2, 180, 0, 0, 0, 1, 0, 6, b'a', b'b']);
        let f = frame_8023(&llc);
        let d = decode_frame(LinkType::ETHERNET, &f, f.len() as u32);
        let Net::Llc(l) = d.net else { panic!() };
        assert!(matches!(l.body, LlcBody::Cdp(_)));
        assert_eq!(d.stop, None);
        let d = decode_frame(LinkType::ETHERNET, &f[..30], f.len() as u32);
        assert_eq!(d.stop, Some(Stop::truncated(Layer::Cdp, 30)));
        // A TLV length of 3.
        let mut bad = llc.clone();
        bad[15] = 3;
        let f = frame_8023(&bad);
        let d = decode_frame(LinkType::ETHERNET, &f, f.len() as u32);
        assert_eq!(d.stop, Some(Stop::invalid(Layer::Cdp, 26)));
    }
}
