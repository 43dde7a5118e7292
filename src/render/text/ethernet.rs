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

use super::fmt::{write_mac, write_tci};
use super::{dispatch, Cx};
use crate::decode::ethernet::{
    self as eth, BridgeId, Ethernet, Llc, LlcBody, LlcHeader, Snap, Stp, StpCheck,
};
use crate::decode::{Decoded, Layer, Net};
use crate::names;
use crate::render::hex::{write_dump, DumpStyle};

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

pub(super) fn write(cx: &mut Cx<'_>, d: &Decoded<'_>, e: &Ethernet) {
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
        dispatch::llc(cx, d, Some(e), length);
        return;
    }
    if e.inner_type == eth::ETHERTYPE_JUMBO {
        // tcpdump prints no type for jumbo frames, just their LLC header.
        dispatch::llc(cx, d, Some(e), rest);
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
    if !dispatch::ethertype_payload(cx, d) {
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
pub(super) fn write_llc(cx: &mut Cx<'_>, d: &Decoded<'_>, e: Option<&Ethernet>, length: u32) {
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
        write_snap(cx, d, e, &snap, after);
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
            dispatch::ethertype_payload(cx, d);
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
fn write_snap(cx: &mut Cx<'_>, d: &Decoded<'_>, e: Option<&Ethernet>, snap: &Snap, length: u32) {
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
            dispatch::ethertype_payload(cx, d);
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

/// Unwraps a field for the STP printer, or ends the packet as tcpdump's
/// failed fetch does (` [|stp]`, whole frame dumped) and returns.
macro_rules! need {
    ($cx:expr, $v:expr) => {
        match $v {
            Some(v) => v,
            None => {
                $cx.trunc_early_end(Layer::Stp.name());
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
        StpCheck::Truncated => cx.trunc_early_end(Layer::Stp.name()),
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
                None => cx.trunc_early_end(Layer::Stp.name()),
                Some(false) => cx.invalid(),
                Some(true) => write_spb(cx, s, offset),
            }
        }
    }
}

fn write_stp_times(cx: &mut Cx<'_>, s: &Stp<'_>) -> bool {
    let Some(t) = s.times() else {
        cx.trunc_early_end(Layer::Stp.name());
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
                    cx.trunc_early_end(Layer::Stp.name());
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
        cx.trunc_early_end(Layer::Stp.name());
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
            cx.trunc_early_end(Layer::Stp.name());
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
        cx.trunc_early_end(Layer::Stp.name());
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod tests {
    use crate::capture::{RawPacket, Timestamp};
    use crate::decode::{decode, LinkType};
    use crate::render::text::{TextOptions, TextRenderer, TimeFormat};
    use crate::render::Palette;

    /// One packet's text as the renderer writes it (no time stamp, no
    /// final newline), with tcpdump-style `flags` (`-e`, `-v`, `-vv`,
    /// `-q`, `-K`).
    pub(crate) fn text(lt: i32, frame: &[u8], wire: u32, flags: &str) -> String {
        let mut o = TextOptions {
            time: TimeFormat::None,
            ..TextOptions::default()
        };
        for f in flags.split_whitespace() {
            match f {
                "-e" => o.link_header = true,
                "-v" => o.verbose += 1,
                "-vv" => o.verbose += 2,
                "-q" => {
                    o.quiet = true;
                    o.suppress_default_print = true;
                }
                "-K" => o.verify_checksums = false,
                other => unreachable!("flag {other}"),
            }
        }
        let d = decode(LinkType(lt), frame, wire);
        let pkt = RawPacket {
            ts: Timestamp::default(),
            data: frame,
            wire_len: wire,
        };
        let mut out = Vec::new();
        TextRenderer::new(o, Palette::plain()).render(&pkt, &d, &mut out);
        String::from_utf8(out).unwrap()
    }

    /// An Ethernet frame from 02:00:00:00:00:01 to the broadcast address.
    pub(crate) fn eth(length_type: u16, payload: &[u8]) -> Vec<u8> {
        let mut f = vec![0xff; 6];
        f.extend_from_slice(&[0x02, 0, 0, 0, 0, 0x01]);
        f.extend_from_slice(&length_type.to_be_bytes());
        f.extend_from_slice(payload);
        f
    }

    /// An Ethernet frame's text, its wire length being its length.
    pub(crate) fn eth_text(length_type: u16, payload: &[u8], flags: &str) -> String {
        let f = eth(length_type, payload);
        text(1, &f, f.len() as u32, flags)
    }

    const SRC_DST: &str = "02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff";

    #[rustfmt::skip]
    const ARP: [u8; 28] = [
        0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, // Ethernet/IPv4 request
        0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 10, 0, 0, 1, // sender
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 10, 0, 0, 2, // target
    ];

    fn with(prefix: &[u8], payload: &[u8]) -> Vec<u8> {
        [prefix, payload].concat()
    }

    #[test]
    fn vlan_tags_with_priority_and_dei() {
        #[rustfmt::skip]
        let tags = [
            0x30, 0x64, 0x81, 0x00, // vid 100, pcp 1, DEI; then 802.1Q
            0x00, 0x05, 0x08, 0x06, // vid 5; then ARP
        ];
        let p = with(&tags, &ARP);
        assert_eq!(
            eth_text(0x9100, &p, "-e"),
            format!(
                "{SRC_DST}, ethertype 802.1Q-9100 (0x9100), length 50: vlan 100, p 1, DEI, \
                 ethertype 802.1Q (0x8100), vlan 5, p 0, ethertype ARP (0x0806), \
                 Request who-has 10.0.0.2 tell 10.0.0.1, length 28"
            )
        );
        assert_eq!(
            eth_text(0x9100, &p, ""),
            "ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28"
        );
    }

    #[test]
    fn truncated_tags() {
        let f = eth(0x8100, &[0xb0]);
        assert_eq!(text(1, &f, 60, "-e"), format!("{SRC_DST},  [|vlan]"));
        assert_eq!(text(1, &f, 60, ""), " [|vlan]");
        let f = eth(0x8100, &[0xb0, 0x64, 0x88, 0xa8, 0x00]);
        assert_eq!(
            text(1, &f, 60, "-e"),
            format!(
                "{SRC_DST}, ethertype 802.1Q (0x8100), length 60: vlan 100, p 5, DEI,  [|vlan]"
            )
        );
        assert_eq!(text(1, &f[..8], 60, "-e"), " [|ether]");
        assert_eq!(text(1, &f[..13], 60, ""), " [|ether]");
    }

    #[test]
    fn unknown_ethertypes() {
        let header = format!("{SRC_DST}, ethertype Unknown (0x1234), length 16: ");
        let dump = "\n\t0x0000:  0001                                     ..";
        assert_eq!(eth_text(0x1234, &[0, 1], ""), format!("{header}{dump}"));
        assert_eq!(eth_text(0x1234, &[0, 1], "-e"), format!("{header}{dump}"));
        let quiet = format!("{SRC_DST}, Unknown Ethertype (0x1234), length 16: ");
        assert_eq!(eth_text(0x1234, &[0, 1], "-q"), quiet);
        assert_eq!(eth_text(0x1234, &[0, 1], "-e -q"), quiet);
    }

    #[test]
    fn network_header_missing() {
        assert_eq!(text(1, &eth(0x0800, &[]), 60, ""), " [|ip]");
        assert_eq!(
            text(1, &eth(0x0800, &[]), 60, "-e"),
            format!("{SRC_DST}, ethertype IPv4 (0x0800), length 60:  [|ip]")
        );
    }

    /// An 802.3 frame holding `llc` and `pad` bytes of padding.
    fn llc_text(llc: &[u8], pad: usize, flags: &str) -> String {
        let mut p = llc.to_vec();
        p.resize(llc.len() + pad, 0);
        eth_text(llc.len() as u16, &p, flags)
    }

    #[test]
    fn generic_llc_frames() {
        // A UI frame with a response SSAP: dumped from the LLC header on,
        // padding left out.
        let ui = [0x04, 0x05, 0x03, 0x02, 0xaa, 0xbb];
        let dump = "\n\t0x0000:  0405 0302 aabb                           ......";
        assert_eq!(
            llc_text(&ui, 40, ""),
            format!("{SRC_DST} SNA Unnumbered, ui, Flags [Response], length 6{dump}")
        );
        assert_eq!(
            llc_text(&ui, 40, "-e"),
            format!(
                "{SRC_DST}, 802.3, length 6: LLC, dsap SNA (0x04) Individual, ssap SNA (0x04) \
                 Response, ctrl 0x03: Unnumbered, ui, Flags [Response], length 6{dump}"
            )
        );
        // An S frame: nothing dumped.
        assert_eq!(
            llc_text(&[0x04, 0x04, 0x0d, 0x40], 40, ""),
            format!("{SRC_DST} SNA Supervisory, ?, rcv seq 32, Flags [Command], length 4")
        );
        // Different SAPs.
        assert_eq!(
            llc_text(&[0x06, 0x43, 0x00, 0x02], 0, "-q"),
            "02:00:00:00:00:01 STP > ff:ff:ff:ff:ff:ff IP \
             Information, send seq 0, rcv seq 1, Flags [Response], length 4"
        );
    }

    #[test]
    fn xid_frames() {
        assert_eq!(
            llc_text(&[0x04, 0x04, 0xaf], 0, ""),
            format!("{SRC_DST} SNA Unnumbered, xid, Flags [Command], length 3")
        );
        assert_eq!(
            llc_text(&[0x04, 0x05, 0xbf, 0x81, 0x01, 0x02], 0, ""),
            format!("{SRC_DST} SNA Unnumbered, xid, Flags [Final], length 6: 01 02")
        );
        assert_eq!(
            llc_text(&[0x04, 0x05, 0xaf, 0x81, 0x01], 0, ""),
            format!(
                "{SRC_DST} SNA Unnumbered, xid, Flags [Response], length 5 [|llc]\
                 \n\t0x0000:  8101                                     .."
            )
        );
        assert_eq!(
            llc_text(&[0x04, 0x05, 0xaf, 0x42], 0, ""),
            format!(
                "{SRC_DST} SNA Unnumbered, xid, Flags [Response], length 4\
                 \n\t0x0000:  0405 af42                                ...B"
            )
        );
    }

    #[test]
    fn truncated_llc_is_dumped_whatever_the_flags() {
        assert_eq!(
            llc_text(&[0x04, 0x04], 0, "-q"),
            " [|llc]\n\t0x0000:  0404                                     .."
        );
        assert_eq!(
            llc_text(&[0x04, 0x04, 0x00], 0, "-e"),
            format!(
                "{SRC_DST}, 802.3, length 3:  [|llc]\
                 \n\t0x0000:  0404 00                                  ..."
            )
        );
    }

    #[test]
    fn snap() {
        let arp = with(&[0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x08, 0x06], &ARP);
        assert_eq!(
            llc_text(&arp, 0, ""),
            "ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28"
        );
        assert_eq!(
            llc_text(&arp, 0, "-e"),
            format!(
                "{SRC_DST}, 802.3, length 36: LLC, dsap SNAP (0xaa) Individual, ssap SNAP (0xaa) \
                 Command, ctrl 0x03: oui Ethernet (0x000000), ethertype ARP (0x0806), length 28: \
                 Request who-has 10.0.0.2 tell 10.0.0.1, length 28"
            )
        );
        let odd = [0xaa, 0xaa, 0x03, 0x12, 0x34, 0x56, 0x20, 0x00, 0x41, 0x42];
        assert_eq!(
            llc_text(&odd, 0, ""),
            format!(
                "{SRC_DST} SNAP, oui Unknown (0x123456), pid Unknown (0x2000), length 2: \
                 \n\t0x0000:  aaaa 0312 3456 2000 4142                 ....4V..AB"
            )
        );
        let unknown = [0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x12, 0x34, 0x41, 0x42];
        assert_eq!(
            llc_text(&unknown, 0, ""),
            format!(
                "{SRC_DST} SNAP, ethertype Unknown (0x1234), length 2: \
                 \n\t0x0000:  aaaa 0300 0000 1234 4142                 .......4AB"
            )
        );
        assert_eq!(
            llc_text(&[0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x08], 0, "-e"),
            format!(
                "{SRC_DST}, 802.3, length 7: LLC, dsap SNAP (0xaa) Individual, ssap SNAP (0xaa) \
                 Command, ctrl 0x03:  [|snap]"
            )
        );
    }

    #[test]
    fn jumbo_frames_print_no_type() {
        assert_eq!(
            eth_text(0x8870, &[0x04, 0x04, 0x03, 0x00], "-e"),
            format!(
                "{SRC_DST}, LLC, dsap SNA (0x04) Individual, ssap SNA (0x04) Command, ctrl 0x03: \
                 Unnumbered, ui, Flags [Command], length 4\
                 \n\t0x0000:  0404 0300                                ...."
            )
        );
    }

    #[rustfmt::skip]
    const CONFIG_BPDU: [u8; 38] = [
        0x42, 0x42, 0x03,                               // LLC: STP SAPs, UI
        0x00, 0x00, 0x00, 0x00,                         // protocol 0, 802.1d, config
        0x81,                                           // topology change (ACK)
        0x80, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, // root id
        0x00, 0x00, 0x00, 0x04,                         // root path cost 4
        0x80, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02, // bridge id
        0x80, 0x01,                                     // port id
        0x01, 0x00, 0x14, 0x00, 0x02, 0x00, 0x0f, 0x00, // 1s, 20s, 2s, 15s
    ];

    #[test]
    fn stp_config() {
        let line = "STP 802.1d, Config, Flags [Topology change, Topology change ACK], \
                    bridge-id 8000.02:00:00:00:00:02.8001, length 35";
        assert_eq!(llc_text(&CONFIG_BPDU, 0, ""), line);
        assert_eq!(
            llc_text(&CONFIG_BPDU, 0, "-v"),
            format!(
                "{line}\n\tmessage-age 1.00s, max-age 20.00s, hello-time 2.00s, \
                 forwarding-delay 15.00s\n\troot-id 8000.02:00:00:00:00:01, root-pathcost 4"
            )
        );
        let f = eth(38, &CONFIG_BPDU);
        assert_eq!(text(1, &f[..50], 80, "-v"), format!("{line} [|stp]"));
        assert_eq!(
            text(1, &f[..30], 80, ""),
            "STP 802.1d, Config, Flags [Topology change, Topology change ACK] [|stp]"
        );
    }

    #[test]
    fn stp_rapid_and_odd_bpdus() {
        let mut rstp = CONFIG_BPDU.to_vec();
        rstp[5] = 0x02; // 802.1w
        rstp[6] = 0x02; // RSTP
        rstp[7] = 0x3c; // learn, forward, designated
        rstp.push(0x00); // version 1 length
        assert_eq!(
            llc_text(&rstp, 0, "-v"),
            "STP 802.1w, Rapid STP, Flags [Learn, Forward], bridge-id 8000.02:00:00:00:00:02.8001, \
             length 36\n\tmessage-age 1.00s, max-age 20.00s, hello-time 2.00s, \
             forwarding-delay 15.00s\n\troot-id 8000.02:00:00:00:00:01, root-pathcost 4, \
             port-role Designated"
        );
        let bpdu = |b: &[u8]| llc_text(&with(&[0x42, 0x42, 0x03], b), 0, "");
        assert_eq!(bpdu(&[0, 0, 0, 0x80]), "STP 802.1d, Topology Change");
        assert_eq!(bpdu(&[0, 0, 0]), " (invalid)");
        assert_eq!(bpdu(&[0, 0, 5, 0]), "STP Unknown STP protocol (0x05)");
        assert_eq!(bpdu(&[0, 0, 0, 1]), "STP 802.1d, Unknown BPDU Type (0x01)");
        assert_eq!(bpdu(&[0, 1, 0, 0, 0]), "unknown STP version, length 5");
        assert_eq!(bpdu(&[0, 0, 0, 0, 0, 0x80]), "STP 802.1d, Config (invalid)");
    }

    #[test]
    fn mstp_default_line() {
        let mut b = CONFIG_BPDU.to_vec();
        b[5] = 0x03; // 802.1s
        b[6] = 0x02;
        b[7] = 0x7c;
        b.extend_from_slice(&[0x00, 0x00, 0x40]); // v1 length, v3 length 64
        b.resize(3 + 102, 0);
        assert_eq!(
            llc_text(&b, 0, ""),
            "STP 802.1s, Rapid STP, CIST Flags [Learn, Forward, Agreement], length 102"
        );
    }
}
