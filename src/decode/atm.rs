//! DLT_ATM_RFC1483 (libpcap link type 11): ATM payloads with RFC 1483/2684
//! LLC encapsulation and no ATM header, as tcpdump's `atm_if_print` reads
//! them: an LLC header (SNAP, ISO or IP SAPs) at the start, or an IEEE
//! 802.6 MAC header of 20 bytes before it (a Fore driver's), or a Cisco
//! NLPID byte (OSI, which netdecode does not decode).

use super::error::{Layer, Stop};
use super::llc::decode_llc;
use super::{Decoded, Link, Net};

/// The link type (`DLT_ATM_RFC1483`).
pub const DLT_ATM_RFC1483: i32 = 11;

/// A Cisco-style NLPID frame starts with the UI control byte alone.
const CNLPID: u8 = 0x03;
/// The LLC UI headers taken to start the payload (SNAP, ISO, IP SAPs).
const LLC_HEADERS: [[u8; 3]; 3] = [[0xaa, 0xaa, 0x03], [0xfe, 0xfe, 0x03], [0x06, 0x06, 0x03]];
/// The IEEE 802.6 MAC header skipped before any other LLC header.
const IEEE_802_6_LEN: usize = 20;

/// How the frame is framed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Atm {
    /// A Cisco NLPID byte, then an OSI PDU (not decoded).
    Cnlpid,
    /// An LLC header at the start.
    Llc,
    /// An IEEE 802.6 MAC header, then an LLC header. `words` are its first
    /// 16 bytes as tcpdump prints them with -e (`None` when not captured).
    Ieee8026 { words: Option<[u32; 4]> },
}

/// Decodes a DLT_ATM_RFC1483 frame. `length` is the on-wire length.
pub fn decode<'a>(frame: &'a [u8], length: u32, d: &mut Decoded<'a>) {
    let Some(&first) = frame.first() else {
        d.stop = Some(Stop::truncated(Layer::Atm, 0));
        return;
    };
    if first == CNLPID {
        d.link = Link::Atm(Atm::Cnlpid);
        d.link_hdr_len = 1;
        d.net = Net::Unknown {
            ethertype: 0,
            payload: frame.get(1..).unwrap_or(&[]),
        };
        return;
    }
    let Some(head) = frame.get(..3) else {
        d.stop = Some(Stop::truncated(Layer::Atm, 0));
        return;
    };
    let hdr = if LLC_HEADERS.iter().any(|h| h == head) {
        d.link = Link::Atm(Atm::Llc);
        0
    } else {
        let w = |i: usize| super::bytes::be32_at(frame, 4 * i);
        let words = (|| Some([w(0)?, w(1)?, w(2)?, w(3)?]))();
        d.link = Link::Atm(Atm::Ieee8026 { words });
        if frame.len() < IEEE_802_6_LEN {
            d.link_hdr_len = frame.len();
            d.stop = Some(Stop::truncated(Layer::Atm, frame.len()));
            return;
        }
        IEEE_802_6_LEN
    };
    d.link_hdr_len = hdr;
    let p = frame.get(hdr..).unwrap_or(&[]);
    // The LLC header counts as link header even when what follows is only
    // dumped (tcpdump's atm_llc_print adds it either way).
    decode_llc(p, length.saturating_sub(hdr as u32), hdr, d);
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::super::{decode as decode_frame, LinkType};
    use super::*;

    #[test]
    fn framings() {
        let snap = [0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x06];
        let d = decode_frame(LinkType(DLT_ATM_RFC1483), &snap, 8);
        assert_eq!(d.link, Link::Atm(Atm::Llc));
        assert!(d.llc.is_some());
        let mut fore = vec![0x30; 20];
        fore.extend_from_slice(&[0x04, 0x04, 0x03]);
        let d = decode_frame(LinkType(DLT_ATM_RFC1483), &fore, 23);
        assert!(matches!(
            d.link,
            Link::Atm(Atm::Ieee8026 { words: Some(_) })
        ));
        assert_eq!(d.llc.map(|h| h.dsap()), Some(4));
        let d = decode_frame(LinkType(DLT_ATM_RFC1483), &fore[..10], 23);
        assert_eq!(d.link, Link::Atm(Atm::Ieee8026 { words: None }));
        assert_eq!(d.stop, Some(Stop::truncated(Layer::Atm, 10)));
        let d = decode_frame(LinkType(DLT_ATM_RFC1483), &[0x03, 0x81], 2);
        assert_eq!(d.link, Link::Atm(Atm::Cnlpid));
        let d = decode_frame(LinkType(DLT_ATM_RFC1483), &[0xaa], 2);
        assert_eq!(d.stop, Some(Stop::truncated(Layer::Atm, 0)));
    }
}
