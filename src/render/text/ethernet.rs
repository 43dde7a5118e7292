//! Ethernet, 802.1Q/802.1ad, 802.2 LLC, SNAP and spanning tree BPDUs, as
//! tcpdump's print-ether.c, print-llc.c and print-stp.c print them.
//!
//! Payloads that tcpdump hands to printers netdecode does not have are
//! printed the way tcpdump prints payloads it does not know (link header
//! and raw bytes), so their lines differ from tcpdump's:
//! * ethertypes other than IPv4, ARP and RARP (IPv6, MPLS, PPPoE, LLDP,
//!   EAPOL, IPX, AppleTalk, DECnet, MACsec, Arista, ...);
//! * LLC frames for IPX (SAP 0xe0, and raw 802.3 IPX with both SAPs 0xff)
//!   and OSI (SAP 0xfe), which print as generic LLC frames;
//! * SNAP frames for Cisco CDP/VTP/DTP/UDLD, AppleTalk and RFC 2684 bridged
//!   Ethernet, Token Ring and FDDI, which print as unknown SNAP frames.

use super::tcp::SeqTable;
use super::{names, Cx};
use crate::decode::ethernet::{
    self as eth, BridgeId, Ethernet, Llc, LlcBody, LlcHeader, Snap, Stp, StpCheck,
};
use crate::decode::{Decoded, Layer, Mac, Net, VlanTag};
use crate::render::hex::{write_dump, DumpStyle};

/// `aa:bb:cc:dd:ee:ff`.
pub(crate) fn write_mac(cx: &mut Cx<'_>, m: &Mac) {
    let [a, b, c, d, e, f] = m.0;
    let addr = cx.pal.addr;
    cx.styled(
        addr,
        format_args!("{a:02x}:{b:02x}:{c:02x}:{d:02x}:{e:02x}:{f:02x}"),
    );
}

fn write_addresses(cx: &mut Cx<'_>, e: &Ethernet) {
    write_mac(cx, &e.src);
    cx.s(" > ");
    write_mac(cx, &e.dst);
    cx.s(", ");
}

/// tcpdump's `ether_type_print`.
pub(crate) fn write_ethertype(cx: &mut Cx<'_>, t: u16) {
    match (cx.o.quiet, names::ethertype(t)) {
        (false, name) => cx.f(format_args!(
            "ethertype {} (0x{t:04x})",
            name.unwrap_or("Unknown")
        )),
        (true, Some(name)) => cx.s(name),
        (true, None) => cx.f(format_args!("Unknown Ethertype (0x{t:04x})")),
    }
}

/// tcpdump's `ieee8021q_tci_string`.
pub(crate) fn write_tci(cx: &mut Cx<'_>, tag: &VlanTag) {
    cx.f(format_args!("vlan {}, p {}", tag.vid(), tag.pcp()));
    if tag.dei() {
        cx.s(", DEI");
    }
}

pub(super) fn write(cx: &mut Cx<'_>, tcp: &mut SeqTable, d: &Decoded<'_>, e: &Ethernet) {
    let eflag = cx.o.link_header;
    let orig_length = d.wire_len.max(d.frame.len() as u32);
    if eflag {
        write_addresses(cx, e);
    }
    let mut printed_length = false;
    let mut tpid = e.length_type;
    for tag in d.vlans.as_slice() {
        if eflag {
            write_ethertype(cx, tpid);
            if printed_length {
                cx.s(", ");
            } else {
                cx.f(format_args!(", length {orig_length}: "));
                printed_length = true;
            }
            write_tci(cx, tag);
            cx.s(", ");
        }
        tpid = tag.next;
    }
    if e.tags_truncated {
        cx.trunc(Layer::Vlan);
        return;
    }
    let header_len = 14 + 4 * d.vlans.as_slice().len() as u32;
    let rest = orig_length.saturating_sub(header_len);
    if e.is_8023() {
        let length = rest.min(u32::from(e.inner_type));
        if eflag {
            cx.s("802.3");
            if !printed_length {
                cx.f(format_args!(", length {length}: "));
            }
        }
        write_llc(cx, tcp, d, Some(e), length);
        return;
    }
    if e.inner_type == eth::ETHERTYPE_JUMBO {
        // tcpdump prints no type for jumbo frames, just their LLC header.
        write_llc(cx, tcp, d, Some(e), rest);
        return;
    }
    if eflag {
        write_ethertype(cx, e.inner_type);
        if printed_length {
            cx.s(", ");
        } else {
            cx.f(format_args!(", length {orig_length}: "));
        }
    }
    if !write_ethertype_payload(cx, tcp, d) {
        if !eflag {
            write_addresses(cx, e);
            write_ethertype(cx, e.inner_type);
            cx.f(format_args!(", length {orig_length}: "));
        }
        if let Net::Unknown { payload, .. } = d.net {
            cx.default_print(payload);
        }
    }
}

/// Prints what an ethertype carries; false when it is not decoded (the
/// caller then prints the link header and the raw bytes).
pub(super) fn write_ethertype_payload(
    cx: &mut Cx<'_>,
    tcp: &mut SeqTable,
    d: &Decoded<'_>,
) -> bool {
    match &d.net {
        Net::Ipv4(ip) => {
            super::ipv4::write(cx, tcp, d, ip);
            true
        }
        Net::Arp(a) => {
            super::arp::write(cx, a);
            true
        }
        Net::None => {
            // The network header did not fit at all.
            if let Some(stop) = d.stop {
                cx.trunc(stop.layer);
            }
            true
        }
        Net::Llc(_) | Net::Unknown { .. } | Net::UnknownIpVersion(_) => false,
    }
}

fn write_sap(cx: &mut Cx<'_>, sap: u8, unknown: &str) {
    match names::llc_sap(sap) {
        Some(n) => cx.s(n),
        None => cx.f(format_args!("{unknown} 0x{sap:02x}")),
    }
}

fn llc_flag(v: u16) -> &'static str {
    match v {
        0 => "Command",
        1 => "Response",
        0x10 | 0x100 => "Poll",
        0x11 | 0x101 => "Final",
        _ => "?",
    }
}

/// tcpdump's `llc_print` and what follows: `e` gives the MAC addresses
/// (cooked captures have none), `length` is the on-wire length from the
/// LLC header on.
pub(super) fn write_llc(
    cx: &mut Cx<'_>,
    tcp: &mut SeqTable,
    d: &Decoded<'_>,
    e: Option<&Ethernet>,
    length: u32,
) {
    let Some(h) = d.llc else {
        cx.trunc(Layer::Llc);
        if let Net::Llc(l) = &d.net {
            // tcpdump dumps what there is, whatever -q, -x and -X say.
            let _ = write_dump(cx.out, DumpStyle::HexAscii, l.bytes);
        }
        return;
    };
    if cx.o.link_header {
        let (dsap, ssap) = (h.dsap(), h.ssap());
        cx.f(format_args!(
            "LLC, dsap {} (0x{dsap:02x}) {}, ssap {} (0x{ssap:02x}) {}",
            names::llc_sap(dsap).unwrap_or("Unknown"),
            if h.dsap_field & 1 != 0 {
                "Group"
            } else {
                "Individual"
            },
            names::llc_sap(ssap).unwrap_or("Unknown"),
            if h.ssap_field & 1 != 0 {
                "Response"
            } else {
                "Command"
            },
        ));
        if h.is_u {
            cx.f(format_args!(", ctrl 0x{:02x}: ", h.control));
        } else {
            cx.f(format_args!(", ctrl 0x{:04x}: ", h.control));
        }
    }
    if let Some(snap) = h.snap {
        let after = length.saturating_sub(h.len() as u32 + 5);
        write_snap(cx, tcp, d, e, &snap, after);
        return;
    }
    match &d.net {
        Net::Llc(Llc {
            body: LlcBody::Stp(s),
            ..
        }) => write_stp(cx, s),
        Net::Llc(Llc {
            body: LlcBody::SnapTruncated,
            ..
        }) => cx.trunc(Layer::Snap),
        Net::Llc(l) => write_llc_frame(cx, e, &h, l),
        // SAP 0x06: IP in LLC.
        _ => {
            write_ethertype_payload(cx, tcp, d);
        }
    }
}

/// The generic part of `llc_print`: SAPs and the frame type, then the
/// frame's bytes (from the LLC header on) unless -q, -x or -X.
fn write_llc_frame(cx: &mut Cx<'_>, e: Option<&Ethernet>, h: &LlcHeader, l: &Llc<'_>) {
    let (dsap, ssap) = (h.dsap(), h.ssap());
    if !cx.o.link_header {
        match e {
            Some(e) if ssap == dsap => {
                write_mac(cx, &e.src);
                cx.s(" > ");
                write_mac(cx, &e.dst);
                cx.s(" ");
                write_sap(cx, dsap, "Unknown DSAP");
            }
            None if ssap == dsap => write_sap(cx, dsap, "Unknown DSAP"),
            Some(e) => {
                write_mac(cx, &e.src);
                cx.s(" ");
                write_sap(cx, ssap, "Unknown SSAP");
                cx.s(" > ");
                write_mac(cx, &e.dst);
                cx.s(" ");
                write_sap(cx, dsap, "Unknown DSAP");
            }
            None => {
                write_sap(cx, ssap, "Unknown SSAP");
                cx.s(" > ");
                write_sap(cx, dsap, "Unknown DSAP");
            }
        }
        cx.s(" ");
    }
    let gsap = u16::from(h.ssap_field & 1);
    let control = h.control;
    let payload = match l.body {
        LlcBody::Other(p) => p,
        _ => &[],
    };
    let payload_len = l.length.saturating_sub(h.len() as u32);
    if h.is_u {
        let cmd = (control & 0xef) as u8;
        cx.s("Unnumbered, ");
        match names::llc_cmd(cmd) {
            Some(n) => cx.s(n),
            None => cx.f(format_args!("{cmd:02x}")),
        }
        cx.f(format_args!(
            ", Flags [{}], length {}",
            llc_flag(gsap | (control & 0x10)),
            l.length
        ));
        if control & !0x10 == 0xaf {
            // XID: an empty one, or the IEEE 802.2 format, ends the frame.
            if payload_len == 0 {
                return;
            }
            match payload {
                [] => {
                    cx.trunc(Layer::Llc);
                    return;
                }
                [0x81, rest @ ..] => {
                    match rest {
                        [a, b, ..] if payload_len >= 3 => cx.f(format_args!(": {a:02x} {b:02x}")),
                        _ => {
                            cx.trunc(Layer::Llc);
                            let _ = write_dump(cx.out, DumpStyle::HexAscii, payload);
                        }
                    }
                    return;
                }
                _ => {}
            }
        }
    } else if control & 0x01 == 0x01 {
        let s = match (control >> 2) & 0x03 {
            0 => "Receiver Ready",
            1 => "Receiver not Ready",
            2 => "Reject",
            _ => "?",
        };
        cx.f(format_args!(
            "Supervisory, {s}, rcv seq {}, Flags [{}], length {}",
            (control >> 9) & 0x7f,
            llc_flag(gsap | (control & 0x100)),
            l.length
        ));
        return;
    } else {
        cx.f(format_args!(
            "Information, send seq {}, rcv seq {}, Flags [{}], length {}",
            (control >> 1) & 0x7f,
            (control >> 9) & 0x7f,
            llc_flag(gsap | (control & 0x100)),
            l.length
        ));
    }
    cx.default_print(l.bytes);
}

/// tcpdump's `snap_print`: `length` is the on-wire length after the SNAP
/// header.
fn write_snap(
    cx: &mut Cx<'_>,
    tcp: &mut SeqTable,
    d: &Decoded<'_>,
    e: Option<&Ethernet>,
    snap: &Snap,
    length: u32,
) {
    let Snap { oui, pid } = *snap;
    let oui_name = names::oui(oui).unwrap_or("Unknown");
    let pid_name = names::snap_pid(oui, pid).unwrap_or("Unknown");
    if cx.o.link_header {
        cx.f(format_args!(
            "oui {oui_name} (0x{oui:06x}), {} {pid_name} (0x{pid:04x}), length {length}: ",
            if oui == 0 { "ethertype" } else { "pid" },
        ));
    }
    match &d.net {
        Net::Llc(Llc {
            body: LlcBody::Stp(s),
            ..
        }) => write_stp(cx, s),
        Net::Llc(l) => {
            if !cx.o.link_header {
                if let Some(e) = e {
                    write_mac(cx, &e.src);
                    cx.s(" > ");
                    write_mac(cx, &e.dst);
                    cx.s(" ");
                }
                if oui == 0 {
                    cx.f(format_args!(
                        "SNAP, ethertype {} (0x{pid:04x}), length {length}: ",
                        names::ethertype(pid).unwrap_or("Unknown")
                    ));
                } else {
                    cx.f(format_args!(
                        "SNAP, oui {oui_name} (0x{oui:06x}), pid {pid_name} (0x{pid:04x}), length {length}: "
                    ));
                }
            }
            cx.default_print(l.bytes);
        }
        _ => {
            write_ethertype_payload(cx, tcp, d);
        }
    }
}

fn write_bridge_id(cx: &mut Cx<'_>, b: &BridgeId) {
    let [p0, p1, m0, m1, m2, m3, m4, m5] = b.0;
    cx.f(format_args!(
        "{p0:02x}{p1:02x}.{m0:02x}:{m1:02x}:{m2:02x}:{m3:02x}:{m4:02x}:{m5:02x}"
    ));
}

fn write_stp_flags(cx: &mut Cx<'_>, flags: u8) {
    const NAMES: [(u8, &str); 6] = [
        (0x01, "Topology change"),
        (0x02, "Proposal"),
        (0x10, "Learn"),
        (0x20, "Forward"),
        (0x40, "Agreement"),
        (0x80, "Topology change ACK"),
    ];
    let mut sep = "";
    for (bit, name) in NAMES {
        if flags & bit != 0 {
            cx.s(sep);
            cx.s(name);
            sep = ", ";
        }
    }
    if sep.is_empty() {
        cx.s("none");
    }
}

fn port_role(flags: u8) -> &'static str {
    match (flags & 0x0c) >> 2 {
        1 => "Alternate",
        2 => "Root",
        3 => "Designated",
        _ => "Unknown",
    }
}

/// tcpdump's `nd_printjnp`: up to `n` bytes, stopping at a NUL, with
/// non-ASCII and control characters escaped; false when the capture ended
/// first.
fn write_jnp(cx: &mut Cx<'_>, bytes: &[u8], n: usize) -> bool {
    for i in 0..n {
        let Some(&c) = bytes.get(i) else {
            return false;
        };
        if c == 0 {
            break;
        }
        let mut c = c;
        if !c.is_ascii() {
            c &= 0x7f;
            cx.s("M-");
        }
        if !(0x20..0x7f).contains(&c) {
            c ^= 0x40;
            cx.s("^");
        }
        cx.f(format_args!("{}", char::from(c)));
    }
    true
}

/// Unwraps a field for the STP printer, or prints ` [|stp]` and returns.
macro_rules! need {
    ($cx:expr, $v:expr) => {
        match $v {
            Some(v) => v,
            None => {
                $cx.trunc(Layer::Stp);
                return;
            }
        }
    };
}

/// tcpdump's `stp_print`.
fn write_stp(cx: &mut Cx<'_>, s: &Stp<'_>) {
    if s.length < 4 {
        cx.invalid();
        return;
    }
    let protocol_id = need!(cx, s.protocol_id());
    if protocol_id != 0 {
        cx.f(format_args!("unknown STP version, length {}", s.length));
        return;
    }
    let version = need!(cx, s.version());
    match version {
        eth::STP_PROTO_REGULAR => cx.s("STP 802.1d"),
        eth::STP_PROTO_RAPID => cx.s("STP 802.1w"),
        eth::STP_PROTO_MSTP => cx.s("STP 802.1s"),
        eth::STP_PROTO_SPB => cx.s("STP 802.1aq"),
        v => {
            cx.f(format_args!("STP Unknown STP protocol (0x{v:02x})"));
            return;
        }
    }
    let kind = need!(cx, s.bpdu_type());
    match kind {
        eth::BPDU_CONFIG => cx.s(", Config"),
        eth::BPDU_RSTP => cx.s(", Rapid STP"),
        eth::BPDU_TOPO_CHANGE => cx.s(", Topology Change"),
        k => cx.f(format_args!(", Unknown BPDU Type (0x{k:02x})")),
    }
    let mstp =
        kind == eth::BPDU_RSTP && (version == eth::STP_PROTO_MSTP || version == eth::STP_PROTO_SPB);
    let config =
        kind == eth::BPDU_CONFIG || (kind == eth::BPDU_RSTP && version == eth::STP_PROTO_RAPID);
    match s.check() {
        StpCheck::Invalid => cx.invalid(),
        StpCheck::Truncated => cx.trunc(Layer::Stp),
        StpCheck::Ok if config => write_stp_config(cx, s, version),
        StpCheck::Ok if mstp => {
            write_mstp(cx, s);
        }
        StpCheck::Ok => {}
        StpCheck::Spb { offset } => {
            if !write_mstp(cx, s) {
                return;
            }
            match s.spb_valid(offset) {
                None => cx.trunc(Layer::Stp),
                Some(false) => cx.invalid(),
                Some(true) => write_spb(cx, s, offset),
            }
        }
    }
}

fn write_stp_times(cx: &mut Cx<'_>, s: &Stp<'_>) -> bool {
    let Some(t) = s.times() else {
        cx.trunc(Layer::Stp);
        return false;
    };
    let secs = |v: u16| f64::from(v) / 256.0;
    cx.f(format_args!(
        "\n\tmessage-age {:.2}s, max-age {:.2}s, hello-time {:.2}s, forwarding-delay {:.2}s",
        secs(t.message_age),
        secs(t.max_age),
        secs(t.hello_time),
        secs(t.forward_delay)
    ));
    true
}

fn write_stp_config(cx: &mut Cx<'_>, s: &Stp<'_>, version: u8) {
    let flags = need!(cx, s.flags());
    cx.s(", Flags [");
    write_stp_flags(cx, flags);
    cx.s("]");
    let bridge = need!(cx, s.bridge_id());
    let port = need!(cx, s.port_id());
    cx.s(", bridge-id ");
    write_bridge_id(cx, &bridge);
    cx.f(format_args!(".{port:04x}, length {}", s.length));
    if cx.o.verbose == 0 {
        return;
    }
    if !write_stp_times(cx, s) {
        return;
    }
    let root = need!(cx, s.root_id());
    let cost = need!(cx, s.root_path_cost());
    cx.s("\n\troot-id ");
    write_bridge_id(cx, &root);
    cx.f(format_args!(", root-pathcost {cost}"));
    if version == eth::STP_PROTO_RAPID {
        cx.f(format_args!(", port-role {}", port_role(flags)));
    }
}

/// The MSTP part of an 802.1s or 802.1aq BPDU; false when the capture
/// ended inside it.
fn write_mstp(cx: &mut Cx<'_>, s: &Stp<'_>) -> bool {
    macro_rules! need_b {
        ($v:expr) => {
            match $v {
                Some(v) => v,
                None => {
                    cx.trunc(Layer::Stp);
                    return false;
                }
            }
        };
    }
    let flags = need_b!(s.flags());
    cx.s(", CIST Flags [");
    write_stp_flags(cx, flags);
    cx.f(format_args!("], length {}", s.length));
    if cx.o.verbose == 0 {
        return true;
    }
    cx.f(format_args!("\n\tport-role {}, ", port_role(flags)));
    let root = need_b!(s.root_id());
    let cost = need_b!(s.root_path_cost());
    cx.s("CIST root-id ");
    write_bridge_id(cx, &root);
    cx.f(format_args!(", CIST ext-pathcost {cost}"));
    let regional = need_b!(s.bridge_id());
    cx.s("\n\tCIST regional-root-id ");
    write_bridge_id(cx, &regional);
    cx.s(", ");
    let port = need_b!(s.port_id());
    cx.f(format_args!("CIST port-id {port:04x},"));
    if !write_stp_times(cx, s) {
        return false;
    }
    let v3 = need_b!(s.v3_length());
    cx.f(format_args!("\n\tv3len {v3}, MCID Name "));
    if !write_jnp(cx, s.mcid_name(), 32) {
        cx.trunc(Layer::Stp);
        return false;
    }
    let rev = need_b!(s.mcid_revision());
    let [d0, d1, d2, d3] = need_b!(s.mcid_digest());
    cx.f(format_args!(
        ", rev {rev},\n\t\tdigest {d0:08x}{d1:08x}{d2:08x}{d3:08x}, "
    ));
    let internal = need_b!(s.cist_internal_path_cost());
    cx.f(format_args!("CIST int-root-pathcost {internal},"));
    let cist_bridge = need_b!(s.cist_bridge_id());
    cx.s("\n\tCIST bridge-id ");
    write_bridge_id(cx, &cist_bridge);
    cx.s(", ");
    let hops = need_b!(s.cist_remaining_hops());
    cx.f(format_args!("CIST remaining-hops {hops}"));
    for i in 0..s.msti_count() {
        let base = eth::MSTI_OFFSET + eth::MSTI_LEN * i;
        let (Some(mflags), Some(prio)) = (s.byte(base), s.be16(base + 1)) else {
            cx.trunc(Layer::Stp);
            return false;
        };
        cx.f(format_args!("\n\tMSTI {}, Flags [", prio & 0x0fff));
        write_stp_flags(cx, mflags);
        cx.f(format_args!("], port-role {}", port_role(mflags)));
        let root = need_b!(s.bridge_id_at(base + 1));
        let cost = need_b!(s.be32(base + 9));
        cx.s("\n\t\tMSTI regional-root-id ");
        write_bridge_id(cx, &root);
        cx.f(format_args!(", pathcost {cost}"));
        let (bridge, port, hops) = need_b!((|| Some((
            s.byte(base + 13)?,
            s.byte(base + 14)?,
            s.byte(base + 15)?
        )))());
        cx.f(format_args!(
            "\n\t\tMSTI bridge-prio {}, port-prio {}, hops {hops}",
            bridge >> 4,
            port >> 4
        ));
    }
    true
}

/// The SPB extension of an 802.1aq BPDU, printed with -v only.
fn write_spb(cx: &mut Cx<'_>, s: &Stp<'_>, offset: usize) {
    if cx.o.verbose == 0 {
        return;
    }
    let v4 = need!(cx, s.be16(offset));
    cx.f(format_args!("\n\tv4len {v4}, AUXMCID Name "));
    if !write_jnp(cx, s.slice(offset + 3, 32), 32) {
        cx.trunc(Layer::Stp);
        return;
    }
    let rev = need!(cx, s.be16(offset + 35));
    let dg = |i: usize| s.be32(offset + 37 + 4 * i);
    let [d0, d1, d2, d3] = need!(cx, (|| Some([dg(0)?, dg(1)?, dg(2)?, dg(3)?]))());
    cx.f(format_args!(
        ", Rev {rev},\n\t\tdigest {d0:08x}{d1:08x}{d2:08x}{d3:08x}"
    ));
    let agreement = need!(cx, s.byte(offset + 53));
    let format = need!(cx, s.byte(offset + 55));
    let convention = need!(cx, s.byte(offset + 56));
    let edge = need!(cx, s.be16(offset + 57));
    let ad = |i: usize| s.be32(offset + 67 + 4 * i);
    let a = need!(cx, (|| Some([ad(0)?, ad(1)?, ad(2)?, ad(3)?, ad(4)?]))());
    cx.f(format_args!(
        "\n\tAgreement num {}, Discarded Agreement num {}, Agreement valid-flag {},\
         \n\tRestricted role-flag: {}, Format id {} cap {}, Convention id {} cap {},\
         \n\tEdge count {edge}, Agreement digest {:08x}{:08x}{:08x}{:08x}{:08x}",
        agreement >> 6,
        (agreement >> 4) & 0x3,
        (agreement >> 3) & 0x1,
        (agreement >> 2) & 0x1,
        format >> 4,
        format,
        convention >> 4,
        convention,
        a[0],
        a[1],
        a[2],
        a[3],
        a[4]
    ));
}
