//! ARP in JSON.

use std::net::Ipv4Addr;

use serde::{Serialize, Serializer};

use super::{HexDisplayColon, Ip4Str};
use crate::decode::arp::{Arp, Lengths};

/// A hardware address as colon-separated hex (`aa:bb:cc:dd:ee:ff` for a
/// MAC address, any length otherwise).
struct HwAddr<'a>(&'a [u8]);

impl Serialize for HwAddr<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // From the digit table (was `fmt` for each byte).
        s.collect_str(&HexDisplayColon(self.0))
    }
}

/// A protocol address: dotted quad for IPv4, colon hex otherwise.
enum ProtoAddr<'a> {
    V4(Ipv4Addr),
    Other(&'a [u8]),
}

impl Serialize for ProtoAddr<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            // What `Display` writes, without `fmt`.
            ProtoAddr::V4(a) => Ip4Str(*a).serialize(s),
            ProtoAddr::Other(b) => s.collect_str(&HexDisplayColon(b)),
        }
    }
}

#[derive(Serialize)]
pub(super) struct ArpView<'a> {
    htype: u16,
    ptype: u16,
    /// Hardware address length (the sender's ATM number length for ATM ARP).
    hlen: u8,
    /// Protocol address length (the sender's for ATM ARP).
    plen: u8,
    op: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    op_name: Option<&'static str>,
    sender_hw: Option<HwAddr<'a>>,
    sender_proto: Option<ProtoAddr<'a>>,
    target_hw: Option<HwAddr<'a>>,
    target_proto: Option<ProtoAddr<'a>>,
    /// ATM ARP only: the ATM subaddresses.
    #[serde(skip_serializing_if = "Option::is_none")]
    sender_subaddr: Option<HwAddr<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_subaddr: Option<HwAddr<'a>>,
    length: u32,
}

fn op_name(op: u16) -> Option<&'static str> {
    Some(match op {
        1 => "request",
        2 => "reply",
        3 => "reverse_request",
        4 => "reverse_reply",
        8 => "inverse_request",
        9 => "inverse_reply",
        10 => "nak",
        _ => return None,
    })
}

pub(super) fn view<'a>(a: &Arp<'a>) -> ArpView<'a> {
    let proto = |addr: Option<&'a [u8]>, v4: Option<Ipv4Addr>| {
        addr.map(|b| v4.map_or(ProtoAddr::Other(b), ProtoAddr::V4))
    };
    let (hlen, plen, atm) = match a.lengths {
        Lengths::Plain { hlen, plen } => (hlen, plen, false),
        Lengths::Atm { sha, spa, .. } => (sha, spa, true),
    };
    ArpView {
        htype: a.htype,
        ptype: a.ptype,
        hlen,
        plen,
        op: a.op,
        op_name: op_name(a.op),
        sender_hw: a.sha().map(HwAddr),
        sender_proto: proto(a.spa(), a.spa_ipv4()),
        target_hw: a.tha().map(HwAddr),
        target_proto: proto(a.tpa(), a.tpa_ipv4()),
        sender_subaddr: a.ssa().filter(|_| atm).map(HwAddr),
        target_subaddr: a.tsa().filter(|_| atm).map(HwAddr),
        length: a.length,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::view;
    use crate::decode::{decode, LinkType, Net};

    fn json(arp: &[u8]) -> String {
        let mut f = vec![0xff; 6];
        f.extend_from_slice(&[2, 0, 0, 0, 0, 1, 0x08, 0x06]);
        f.extend_from_slice(arp);
        let d = decode(LinkType::ETHERNET, &f, f.len() as u32);
        let Net::Arp(a) = d.net else {
            panic!("not ARP")
        };
        serde_json::to_string(&view(&a)).unwrap()
    }

    #[test]
    fn addresses_by_type() {
        #[rustfmt::skip]
        let request = [
            0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
            0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 10, 0, 0, 1,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 10, 0, 0, 2,
        ];
        assert_eq!(
            json(&request),
            r#"{"htype":1,"ptype":2048,"hlen":6,"plen":4,"op":1,"op_name":"request","sender_hw":"02:00:00:00:00:01","sender_proto":"10.0.0.1","target_hw":"00:00:00:00:00:00","target_proto":"10.0.0.2","length":28}"#
        );
        // IPv6 protocol type with 4-byte addresses: not dotted quads.
        let mut odd = request;
        odd[2..4].copy_from_slice(&[0x86, 0xdd]);
        odd[7] = 7;
        let j = json(&odd);
        assert!(j.contains(r#""op":7,"sender_hw""#), "{j}");
        assert!(j.contains(r#""sender_proto":"0a:00:00:01""#), "{j}");
        // Cut after the sender's addresses.
        let j = json(&request[..20]);
        assert!(
            j.contains(r#""sender_proto":"10.0.0.1","target_hw":null,"target_proto":null"#),
            "{j}"
        );
    }

    #[test]
    fn atm_subaddresses() {
        #[rustfmt::skip]
        let atm = [
            0x00, 0x13, 0x08, 0x00, 0x42, 0x01, 0x00, 0x02,
            0x04, 0x02, 0x01, 0x04, 0xaa, 0xbb, 0xcc, 10, 0, 0, 1,
            0xdd, 0xee, 0xff, 10, 0, 0, 2,
        ];
        assert_eq!(
            json(&atm),
            r#"{"htype":19,"ptype":2048,"hlen":2,"plen":4,"op":2,"op_name":"reply","sender_hw":"aa:bb","sender_proto":"10.0.0.1","target_hw":"dd:ee","target_proto":"10.0.0.2","sender_subaddr":"cc","target_subaddr":"ff","length":26}"#
        );
    }
}
