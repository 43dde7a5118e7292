//! Ethernet II and IEEE 802.3 framing and 802.1Q/802.1ad tags; what the
//! final type field names is decoded through `dispatch.rs`.
//! IEEE 802.3 clause 3; IEEE 802.1Q clause 9. An 802.3 frame's payload is
//! an LLC frame (`llc.rs`).

use nom::number::complete::be_u16;

use super::bytes::{mac, prefix, Mac};
use super::dispatch;
use super::error::{Layer, Stop};
use super::llc::decode_llc;
use super::{lldp, loopback, Decoded, Link, Tags};

mod field {
    /// Destination and source addresses, then the length/type field.
    pub const HEADER_LEN: usize = 14;
    pub const TAG_LEN: usize = 4;
    /// Values up to this are 802.3 length fields, not ethertypes.
    pub const MAX_LENGTH_VAL: u16 = 1500;
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

/// True for the TPIDs tcpdump treats as VLAN tags.
pub fn is_vlan_tpid(t: u16) -> bool {
    matches!(
        t,
        ETHERTYPE_8021Q | ETHERTYPE_8021Q9100 | ETHERTYPE_8021Q9200 | ETHERTYPE_8021QINQ
    )
}

/// The ethertypes netdecode decodes further.
pub fn is_decoded_ethertype(t: u16) -> bool {
    matches!(
        t,
        ETHERTYPE_IPV4
            | ETHERTYPE_ARP
            | ETHERTYPE_RARP
            | lldp::ETHERTYPE_LLDP
            | loopback::ETHERTYPE_LOOPBACK
    )
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

/// Decodes an Ethernet frame. `length` is the on-wire length.
pub fn decode<'a>(frame: &'a [u8], length: u32, d: &mut Decoded<'a>) {
    decode_at(frame, length, 0, d);
}

/// Decodes an Ethernet frame that starts at `base` in the captured frame
/// (a tunnel's inner frame; 0 for the frame itself).
pub fn decode_at<'a>(frame: &'a [u8], length: u32, base: usize, d: &mut Decoded<'a>) {
    let Ok((rest, (dst, src, length_type))) = header(frame) else {
        d.stop = Some(Stop::truncated(Layer::Ether, base));
        d.link_hdr_len = base + frame.len();
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
    let mut off = base + field::HEADER_LEN;
    let mut len = length.saturating_sub(field::HEADER_LEN as u32);
    while is_vlan_tpid(eth.inner_type) {
        let tag = if len < field::TAG_LEN as u32 {
            None
        } else {
            tag(p).ok()
        };
        let Some((rest, (_, next))) = tag else {
            eth.tags_truncated = true;
            d.link = Link::Ethernet(eth);
            d.link_hdr_len = off + p.len().min(len as usize);
            d.stop = Some(Stop::truncated(Layer::Vlan, off));
            return;
        };
        if d.vlans.is_empty() {
            d.vlans = Tags::starting(eth.inner_type, p);
        }
        if !d.vlans.grow() {
            // Cannot happen: the tag was just read from the same bytes.
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

    /// A stack of any depth is decoded (no fixed limit), and what it
    /// carries after it.
    #[test]
    fn deep_stacks() {
        for n in [9usize, 16, 100, 300] {
            let mut f = vec![0u8; 12];
            for i in 0..n {
                f.extend_from_slice(&ETHERTYPE_8021Q.to_be_bytes());
                f.extend_from_slice(&(i as u16 & 0x0fff).to_be_bytes());
            }
            f.extend_from_slice(&[0x12, 0x34, 0xaa, 0xbb]);
            let d = decode_frame(LinkType::ETHERNET, &f, f.len() as u32);
            assert_eq!(d.vlans.len(), n);
            assert!(d.stop.is_none(), "{n}: {:?}", d.stop);
            let tags: Vec<_> = d.vlans.iter().collect();
            assert_eq!(tags.len(), n);
            assert_eq!(tags[n - 1].vid(), (n as u16 - 1) & 0x0fff);
            assert_eq!(tags[n - 1].next, 0x1234);
            assert_eq!(d.link_hdr_len, 14 + 4 * n);
            assert!(matches!(
                d.net,
                Net::Unknown {
                    ethertype: 0x1234,
                    ..
                }
            ));
            // Cut inside the last tag: the complete ones are kept.
            let cut = f.get(..14 + 4 * (n - 1) + 1).unwrap();
            let d = decode_frame(LinkType::ETHERNET, cut, f.len() as u32);
            assert_eq!(d.vlans.len(), n - 1);
            assert_eq!(d.stop.map(|s| s.layer), Some(Layer::Vlan));
        }
    }

    #[test]
    fn stacked_tags() {
        let d = decode_frame(LinkType::ETHERNET, &TAGGED, 60);
        let tags: Vec<_> = d.vlans.iter().collect();
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
}
