//! Spanning tree BPDUs (802.1D, 802.1w, 802.1s, 802.1aq), as tcpdump's
//! print-stp.c prints them.

use super::fmt::write_jnp;
use super::Cx;
use crate::decode::stp::{self, BridgeId, Stp, StpCheck};
use crate::decode::Layer;

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
pub(super) fn write_stp(cx: &mut Cx<'_>, s: &Stp<'_>) {
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
        stp::STP_PROTO_REGULAR => cx.s("STP 802.1d"),
        stp::STP_PROTO_RAPID => cx.s("STP 802.1w"),
        stp::STP_PROTO_MSTP => cx.s("STP 802.1s"),
        stp::STP_PROTO_SPB => cx.s("STP 802.1aq"),
        v => {
            cx.f(format_args!("STP Unknown STP protocol (0x{v:02x})"));
            return;
        }
    }
    let kind = need!(cx, s.bpdu_type());
    match kind {
        stp::BPDU_CONFIG => cx.s(", Config"),
        stp::BPDU_RSTP => cx.s(", Rapid STP"),
        stp::BPDU_TOPO_CHANGE => cx.s(", Topology Change"),
        k => cx.f(format_args!(", Unknown BPDU Type (0x{k:02x})")),
    }
    let mstp =
        kind == stp::BPDU_RSTP && (version == stp::STP_PROTO_MSTP || version == stp::STP_PROTO_SPB);
    let config =
        kind == stp::BPDU_CONFIG || (kind == stp::BPDU_RSTP && version == stp::STP_PROTO_RAPID);
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
    if version == stp::STP_PROTO_RAPID {
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
    for m in s.mstis() {
        let (Some(mflags), Some(id)) = (m.flags, m.id) else {
            cx.trunc_early_end(Layer::Stp.name());
            return false;
        };
        cx.f(format_args!("\n\tMSTI {id}, Flags ["));
        write_stp_flags(cx, mflags);
        cx.f(format_args!("], port-role {}", port_role(mflags)));
        let root = need_b!(m.regional_root);
        let cost = need_b!(m.path_cost);
        cx.s("\n\t\tMSTI regional-root-id ");
        write_bridge_id(cx, &root);
        cx.f(format_args!(", pathcost {cost}"));
        let (bridge, port, hops) = need_b!((|| Some((
            m.bridge_priority?,
            m.port_priority?,
            m.remaining_hops?
        )))());
        cx.f(format_args!(
            "\n\t\tMSTI bridge-prio {bridge}, port-prio {port}, hops {hops}"
        ));
    }
    true
}

/// The SPB extension of an 802.1aq BPDU, printed with -v only.
fn write_spb(cx: &mut Cx<'_>, s: &Stp<'_>, offset: usize) {
    if cx.o.verbose == 0 {
        return;
    }
    let x = s.spb(offset);
    let v4 = need!(cx, x.v4_length);
    cx.f(format_args!("\n\tv4len {v4}, AUXMCID Name "));
    if !write_jnp(cx, x.aux_name, 32) {
        cx.trunc_early_end(Layer::Stp.name());
        return;
    }
    let rev = need!(cx, x.aux_revision);
    let [d0, d1, d2, d3] = need!(cx, x.aux_digest);
    cx.f(format_args!(
        ", Rev {rev},\n\t\tdigest {d0:08x}{d1:08x}{d2:08x}{d3:08x}"
    ));
    let a = need!(cx, x.agreement);
    let [g0, g1, g2, g3, g4] = a.digest;
    // tcpdump prints the whole format and convention bytes as their
    // "capabilities".
    cx.f(format_args!(
        "\n\tAgreement num {}, Discarded Agreement num {}, Agreement valid-flag {},\
         \n\tRestricted role-flag: {}, Format id {} cap {}, Convention id {} cap {},\
         \n\tEdge count {}, Agreement digest {g0:08x}{g1:08x}{g2:08x}{g3:08x}{g4:08x}",
        a.number,
        a.discarded,
        u8::from(a.valid),
        u8::from(a.restricted),
        a.format_id,
        a.format_id << 4 | a.format_capabilities,
        a.convention_id,
        a.convention_id << 4 | a.convention_capabilities,
        a.edge_count,
    ));
}

#[cfg(test)]
mod tests {
    use super::super::ethernet::tests::{eth, llc_text, text, with};

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
