//! `arp-forms.pcap`: ARP and RARP in every form tcpdump prints: request,
//! reply, gratuitous ARP, a request naming the target's hardware address,
//! reverse request and reply (EtherType 0x8035), inverse request and reply
//! (over Ethernet and Frame Relay), NAK and unknown operations, every named
//! and an unnamed hardware type, unknown protocol types, odd address
//! lengths, RFC 2225 ATM ARP, and packets cut inside the addresses.

use crate::capture::Frame;
use crate::wire::*;

/// An ARP body: hardware type, protocol type, operation and the four
/// addresses (their lengths give hlen and plen; sender and target
/// addresses of each kind must have equal lengths).
fn arp(hrd: u16, pro: u16, op: u16, sha: &[u8], spa: &[u8], tha: &[u8], tpa: &[u8]) -> Vec<u8> {
    let mut a = Vec::new();
    a.extend_from_slice(&hrd.to_be_bytes());
    a.extend_from_slice(&pro.to_be_bytes());
    a.push(sha.len() as u8);
    a.push(spa.len() as u8);
    a.extend_from_slice(&op.to_be_bytes());
    a.extend_from_slice(sha);
    a.extend_from_slice(spa);
    a.extend_from_slice(tha);
    a.extend_from_slice(tpa);
    a
}

/// Ethernet frame of `et` from the client, padded to 60 bytes.
fn frame(dst: [u8; 6], et: u16, body: &[u8]) -> Vec<u8> {
    pad60(ether(dst, MAC_CLI, et, body))
}

/// An ATM ARP body (RFC 2225 section 8.7): the type/length bytes carry the
/// E.164 flag (0x40) and a 6-bit length.
#[allow(clippy::too_many_arguments)]
fn atm(
    op: u16,
    sha: &[u8],
    e164: bool,
    ssa: &[u8],
    spa: &[u8],
    tha: &[u8],
    tsa: &[u8],
    tpa: &[u8],
) -> Vec<u8> {
    let tl = |n: usize, e: bool| n as u8 | if e { 0x40 } else { 0 };
    let mut a = Vec::new();
    a.extend_from_slice(&19u16.to_be_bytes()); // ATM (RFC 2225)
    a.extend_from_slice(&0x0800u16.to_be_bytes()); // IPv4
    a.push(tl(sha.len(), e164)); // sender ATM number type/length
    a.push(tl(ssa.len(), false)); // sender ATM subaddress type/length
    a.extend_from_slice(&op.to_be_bytes());
    a.push(spa.len() as u8); // sender protocol address length
    a.push(tl(tha.len(), e164)); // target ATM number type/length
    a.push(tl(tsa.len(), false)); // target ATM subaddress type/length
    a.push(tpa.len() as u8); // target protocol address length
    for part in [sha, ssa, spa, tha, tsa, tpa] {
        a.extend_from_slice(part);
    }
    a
}

const ETH: u16 = 1;
const IPV4: u16 = 0x0800;

pub fn frames() -> Vec<Frame> {
    let mut v = Vec::new();
    let zero6 = [0u8; 6];

    // 1. Request, broadcast, target hardware address zero.
    let b = arp(ETH, IPV4, 1, &MAC_CLI, &IP_CLI, &zero6, &IP_SRV);
    v.push(Frame::new(
        "request who-has 10.77.0.1 tell 10.77.0.2",
        frame(MAC_BCAST, ETHERTYPE_ARP, &b),
    ));

    // 2. Request naming the target's hardware address (a unicast probe, as
    //    Linux sends to refresh an entry).
    let b = arp(ETH, IPV4, 1, &MAC_CLI, &IP_CLI, &MAC_SRV, &IP_SRV);
    v.push(Frame::new(
        "unicast request with the target MAC filled in",
        frame(MAC_SRV, ETHERTYPE_ARP, &b),
    ));

    // 3. Reply.
    let b = arp(ETH, IPV4, 2, &MAC_SRV, &IP_SRV, &MAC_CLI, &IP_CLI);
    v.push(Frame::new(
        "reply 10.77.0.1 is-at 02:00:00:77:00:01",
        pad60(ether(MAC_CLI, MAC_SRV, ETHERTYPE_ARP, &b)),
    ));

    // 4. Gratuitous ARP (request for the sender's own address) and an ARP
    //    probe (RFC 5227: sender address 0.0.0.0).
    let b = arp(ETH, IPV4, 1, &MAC_CLI, &IP_CLI, &zero6, &IP_CLI);
    v.push(Frame::new(
        "gratuitous request who-has 10.77.0.2 tell 10.77.0.2",
        frame(MAC_BCAST, ETHERTYPE_ARP, &b),
    ));
    let b = arp(ETH, IPV4, 1, &MAC_CLI, &[0; 4], &zero6, &IP_CLI);
    v.push(Frame::new(
        "probe who-has 10.77.0.2 tell 0.0.0.0",
        frame(MAC_BCAST, ETHERTYPE_ARP, &b),
    ));

    // 5. RARP request and reply (EtherType 0x8035, operations 3 and 4).
    let b = arp(ETH, IPV4, 3, &MAC_CLI, &[0; 4], &MAC_CLI, &[0; 4]);
    v.push(Frame::new(
        "RARP reverse request who-is 02:00:00:77:00:02",
        frame(MAC_BCAST, ETHERTYPE_RARP, &b),
    ));
    let b = arp(ETH, IPV4, 4, &MAC_SRV, &IP_SRV, &MAC_CLI, &IP_CLI);
    v.push(Frame::new(
        "RARP reverse reply 02:00:00:77:00:02 at 10.77.0.2",
        pad60(ether(MAC_CLI, MAC_SRV, ETHERTYPE_RARP, &b)),
    ));

    // 6. Reverse operations carried with EtherType ARP, and a plain
    //    request carried with EtherType RARP.
    let b = arp(ETH, IPV4, 3, &MAC_CLI, &[0; 4], &MAC_CLI, &[0; 4]);
    v.push(Frame::new(
        "reverse request in an ARP (0x0806) frame",
        frame(MAC_BCAST, ETHERTYPE_ARP, &b),
    ));
    let b = arp(ETH, IPV4, 1, &MAC_CLI, &IP_CLI, &zero6, &IP_SRV);
    v.push(Frame::new(
        "request in a RARP (0x8035) frame",
        frame(MAC_BCAST, ETHERTYPE_RARP, &b),
    ));

    // 7. Inverse ARP (RFC 2390) request and reply over Ethernet.
    let b = arp(ETH, IPV4, 8, &MAC_CLI, &IP_CLI, &MAC_SRV, &[0; 4]);
    v.push(Frame::new(
        "inverse request who-is 02:00:00:77:00:01 tell 02:00:00:77:00:02",
        frame(MAC_SRV, ETHERTYPE_ARP, &b),
    ));
    let b = arp(ETH, IPV4, 9, &MAC_SRV, &IP_SRV, &MAC_CLI, &IP_CLI);
    v.push(Frame::new(
        "inverse reply 02:00:00:77:00:01 at 10.77.0.1",
        pad60(ether(MAC_CLI, MAC_SRV, ETHERTYPE_ARP, &b)),
    ));

    // 8. Inverse ARP over Frame Relay hardware (type 15): the hardware
    //    addresses are 2-byte Q.922 addresses (DLCI 100 and 200).
    let q922 = |dlci: u16| [((dlci >> 4) << 2) as u8, (((dlci & 0xf) << 4) | 1) as u8];
    let b = arp(15, IPV4, 8, &q922(100), &IP_CLI, &q922(200), &[0; 4]);
    v.push(Frame::new(
        "Frame Relay inverse request, DLCI 100 asks DLCI 200",
        frame(MAC_BCAST, ETHERTYPE_ARP, &b),
    ));
    let b = arp(15, IPV4, 9, &q922(200), &IP_SRV, &q922(100), &IP_CLI);
    v.push(Frame::new(
        "Frame Relay inverse reply, DLCI 200 at 10.77.0.1",
        frame(MAC_BCAST, ETHERTYPE_ARP, &b),
    ));
    // A Frame Relay request whose 4-byte hardware address is a 4-byte
    // Q.922 address.
    let b = arp(
        15,
        IPV4,
        1,
        &[0x18, 0x41, 0x00, 0x01],
        &IP_CLI,
        &[0; 4],
        &IP_SRV,
    );
    v.push(Frame::new(
        "Frame Relay request with 4-byte hardware addresses",
        frame(MAC_BCAST, ETHERTYPE_ARP, &b),
    ));

    // 9. Operation 10 (NAK, defined only for ATM) and an unknown
    //    operation 25: tcpdump dumps the packet.
    let b = arp(ETH, IPV4, 10, &MAC_CLI, &IP_CLI, &zero6, &IP_SRV);
    v.push(Frame::new(
        "operation 10 (NAK) over Ethernet",
        frame(MAC_BCAST, ETHERTYPE_ARP, &b),
    ));
    let b = arp(ETH, IPV4, 25, &MAC_CLI, &IP_CLI, &zero6, &IP_SRV);
    v.push(Frame::new(
        "unknown operation 25",
        frame(MAC_BCAST, ETHERTYPE_ARP, &b),
    ));

    // 10. Each named hardware type with its usual address length, and an
    //     unnamed one (0x1234).
    let hw: [(u16, usize, &str); 7] = [
        (6, 6, "IEEE 802 (TokenRing)"),
        (7, 1, "ARCNET, 1-byte addresses"),
        (23, 6, "Strip"),
        (24, 16, "IEEE 1394, 16-byte addresses"),
        (32, 20, "InfiniBand, 20-byte addresses"),
        (0x1234, 6, "unnamed hardware type 0x1234"),
        (ETH, 8, "Ethernet type with 8-byte hardware addresses"),
    ];
    for (hrd, hlen, what) in hw {
        let sha: Vec<u8> = (0..hlen as u8).map(|i| 0x10 + i).collect();
        let tha = vec![0u8; hlen];
        let b = arp(hrd, IPV4, 1, &sha, &IP_CLI, &tha, &IP_SRV);
        v.push(Frame::new(
            format!("request, hardware {what}"),
            frame(MAC_BCAST, ETHERTYPE_ARP, &b),
        ));
    }
    // The same unnamed type answered.
    let sha: Vec<u8> = (0..6u8).map(|i| 0x20 + i).collect();
    let b = arp(0x1234, IPV4, 2, &sha, &IP_SRV, &MAC_CLI, &IP_CLI);
    v.push(Frame::new(
        "reply, unnamed hardware type 0x1234",
        frame(MAC_CLI, ETHERTYPE_ARP, &b),
    ));

    // 11. Hardware address length 0 (hardware type Ethernet).
    let b = arp(ETH, IPV4, 1, &[], &IP_CLI, &[], &IP_SRV);
    v.push(Frame::new(
        "request with hardware address length 0",
        frame(MAC_BCAST, ETHERTYPE_ARP, &b),
    ));
    let b = arp(ETH, IPV4, 2, &[], &IP_SRV, &[], &IP_CLI);
    v.push(Frame::new(
        "reply with hardware address length 0",
        frame(MAC_BCAST, ETHERTYPE_ARP, &b),
    ));

    // 12. Protocol types: an unknown one (0x9999), the trailer
    //     encapsulation type (0x1000, printed as IPv4), and a named
    //     non-IP type (0x86dd with 16-byte addresses).
    let b = arp(ETH, 0x9999, 1, &MAC_CLI, &IP_CLI, &zero6, &IP_SRV);
    v.push(Frame::new(
        "request, unknown protocol type 0x9999",
        frame(MAC_BCAST, ETHERTYPE_ARP, &b),
    ));
    let b = arp(ETH, 0x9999, 2, &MAC_SRV, &IP_SRV, &MAC_CLI, &IP_CLI);
    v.push(Frame::new(
        "reply, unknown protocol type 0x9999",
        frame(MAC_CLI, ETHERTYPE_ARP, &b),
    ));
    let b = arp(ETH, 0x1000, 1, &MAC_CLI, &IP_CLI, &zero6, &IP_SRV);
    v.push(Frame::new(
        "request, trailer protocol type 0x1000",
        frame(MAC_BCAST, ETHERTYPE_ARP, &b),
    ));
    let a6 = |last: u8| {
        let mut a = [0u8; 16];
        a[0] = 0xfe;
        a[1] = 0x80;
        a[15] = last;
        a
    };
    let b = arp(ETH, 0x86dd, 1, &MAC_CLI, &a6(2), &zero6, &a6(1));
    v.push(Frame::new(
        "request, protocol type 0x86dd with 16-byte addresses",
        frame(MAC_BCAST, ETHERTYPE_ARP, &b),
    ));

    // 13. Odd protocol address lengths for IPv4: 6 and 2 bytes.
    let b = arp(
        ETH,
        IPV4,
        1,
        &MAC_CLI,
        &[10, 77, 0, 2, 0, 0],
        &zero6,
        &[10, 77, 0, 1, 0, 0],
    );
    v.push(Frame::new(
        "request, IPv4 with protocol address length 6",
        frame(MAC_BCAST, ETHERTYPE_ARP, &b),
    ));
    let b = arp(ETH, IPV4, 2, &MAC_SRV, &[10, 77], &MAC_CLI, &[10, 77]);
    v.push(Frame::new(
        "reply, IPv4 with protocol address length 2",
        frame(MAC_CLI, ETHERTYPE_ARP, &b),
    ));
    let b = arp(ETH, IPV4, 3, &MAC_CLI, &[0; 6], &MAC_CLI, &[0; 6]);
    v.push(Frame::new(
        "reverse request, protocol address length 6",
        frame(MAC_BCAST, ETHERTYPE_RARP, &b),
    ));
    let b = arp(ETH, IPV4, 4, &MAC_SRV, &[0; 2], &MAC_CLI, &[0; 2]);
    v.push(Frame::new(
        "reverse reply, protocol address length 2",
        frame(MAC_CLI, ETHERTYPE_RARP, &b),
    ));

    // 14. RFC 2225 ATM ARP: a 20-byte NSAP ATM number (sender) with no
    //     subaddress, an E.164 number (8 bytes) with a 20-byte subaddress,
    //     in each operation.
    let nsap_a: Vec<u8> = (0..20u8).map(|i| 0x47 + i).collect();
    let nsap_b: Vec<u8> = (0..20u8).map(|i| 0x39 ^ i).collect();
    let e164 = [0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38];
    let b = atm(1, &nsap_a, false, &[], &IP_CLI, &[], &[], &IP_SRV);
    v.push(Frame::new(
        "ATM ARP request, target ATM number empty",
        frame(MAC_BCAST, ETHERTYPE_ARP, &b),
    ));
    let b = atm(1, &e164, true, &nsap_a, &IP_CLI, &e164, &nsap_b, &IP_SRV);
    v.push(Frame::new(
        "ATM ARP request, E.164 numbers with subaddresses",
        frame(MAC_BCAST, ETHERTYPE_ARP, &b),
    ));
    let b = atm(2, &nsap_b, false, &[], &IP_SRV, &nsap_a, &[], &IP_CLI);
    v.push(Frame::new(
        "ATM ARP reply",
        frame(MAC_CLI, ETHERTYPE_ARP, &b),
    ));
    let b = atm(2, &e164, true, &nsap_b, &IP_SRV, &nsap_a, &[], &IP_CLI);
    v.push(Frame::new(
        "ATM ARP reply with a subaddress",
        frame(MAC_CLI, ETHERTYPE_ARP, &b),
    ));
    let b = atm(8, &nsap_a, false, &[], &IP_CLI, &nsap_b, &[], &[]);
    v.push(Frame::new(
        "ATM inverse request",
        frame(MAC_BCAST, ETHERTYPE_ARP, &b),
    ));
    let b = atm(9, &nsap_b, false, &[], &IP_SRV, &nsap_a, &[], &IP_CLI);
    v.push(Frame::new(
        "ATM inverse reply",
        frame(MAC_CLI, ETHERTYPE_ARP, &b),
    ));
    let b = atm(10, &nsap_b, false, &[], &IP_SRV, &nsap_a, &[], &IP_CLI);
    v.push(Frame::new("ATM ARP NAK", frame(MAC_CLI, ETHERTYPE_ARP, &b)));
    let b = atm(3, &nsap_a, false, &[], &IP_CLI, &[], &[], &[]);
    v.push(Frame::new(
        "ATM ARP operation 3 (dumped)",
        frame(MAC_BCAST, ETHERTYPE_ARP, &b),
    ));
    let b = atm(1, &[], false, &[], &IP_CLI, &[], &[], &IP_SRV);
    v.push(Frame::new(
        "ATM ARP request with no ATM numbers",
        frame(MAC_BCAST, ETHERTYPE_ARP, &b),
    ));
    let b = atm(
        1,
        &nsap_a,
        false,
        &[],
        &[10, 77],
        &[],
        &[],
        &[10, 77, 0, 1, 0, 0],
    );
    v.push(Frame::new(
        "ATM ARP request, protocol lengths 2 and 6",
        frame(MAC_BCAST, ETHERTYPE_ARP, &b),
    ));

    // 15. Truncation: a request cut after the fixed header (22 bytes),
    //     inside the sender protocol address (30), inside the target
    //     protocol address (40), and an ATM request cut in its numbers.
    let b = arp(ETH, IPV4, 1, &MAC_CLI, &IP_CLI, &zero6, &IP_SRV);
    let full = ether(MAC_BCAST, MAC_CLI, ETHERTYPE_ARP, &b);
    for cut in [15, 22, 30, 40] {
        v.push(Frame::snapped(
            format!("request cut at {cut} bytes"),
            full.clone(),
            cut,
        ));
    }
    let b = atm(1, &nsap_a, false, &[], &IP_CLI, &[], &[], &IP_SRV);
    let full = ether(MAC_BCAST, MAC_CLI, ETHERTYPE_ARP, &b);
    for cut in [24, 40, 50] {
        v.push(Frame::snapped(
            format!("ATM request cut at {cut} bytes"),
            full.clone(),
            cut,
        ));
    }

    // 16. ARP in 802.1Q vlan 7, priority 7, DEI set.
    let b = arp(ETH, IPV4, 1, &MAC_CLI, &IP_CLI, &zero6, &IP_SRV);
    v.push(Frame::new(
        "request in 802.1Q vlan 7, p 7, DEI",
        pad60(tagged(
            MAC_BCAST,
            MAC_CLI,
            &[(TPID_8021Q, 0xf007)],
            ETHERTYPE_ARP,
            &b,
        )),
    ));

    v
}
