//! VTP, as tcpdump's print-vtp.c prints it: `VTPv1, Message ...`, and with
//! -v the domain and every field of the message.

use super::fmt::{hex_print, write_addr, write_jnp};
use super::Cx;
use crate::decode::vtp::{code, vlan_tlv, Body, VlanInvalid, VlanItem, Vtp};
use crate::decode::Layer;

fn message_name(c: u8) -> &'static str {
    match c {
        code::SUMMARY => "Summary advertisement",
        code::SUBSET => "Subset advertisement",
        code::REQUEST => "Advertisement request",
        code::JOIN => "Join message",
        _ => "Unknown message type",
    }
}

fn tlv_name(t: u8) -> &'static str {
    use vlan_tlv::*;
    match t {
        SR_RING => "Source-Routing Ring Number TLV",
        SR_BRIDGE => "Source-Routing Bridge Number TLV",
        STP_TYPE => "STP type TLV",
        PARENT_VLAN => "Parent VLAN TLV",
        TRANS_BRIDGED => "Translationally bridged VLANs TLV",
        PRUNING => "Pruning TLV",
        BRIDGE_TYPE => "Bridge Type TLV",
        ARP_HOP_COUNT => "Max ARP Hop Count TLV",
        STE_HOP_COUNT => "Max STE Hop Count TLV",
        BACKUP_CRF => "Backup CRF Mode TLV",
        _ => "Unknown",
    }
}

/// tcpdump's longjmp out of the printer.
fn cut(cx: &mut Cx<'_>) {
    cx.trunc_early_end(Layer::Vtp.name());
}

/// ` (invalid)`, then tcpdump's check that the whole message was captured.
fn invalid(cx: &mut Cx<'_>, v: &Vtp<'_>) {
    cx.invalid();
    if !v.complete() {
        cut(cx);
    }
}

/// tcpdump's `vtp_print`.
pub(super) fn write(cx: &mut Cx<'_>, v: &Vtp<'_>) {
    if v.too_short() {
        return invalid(cx, v);
    }
    let Some(h) = v.header() else {
        return cut(cx);
    };
    cx.f(format_args!(
        "VTPv{}, Message {} (0x{:02x}), length {}",
        h.version,
        message_name(h.code),
        h.code,
        v.length
    ));
    if cx.o.verbose == 0 {
        if !v.complete() {
            cut(cx);
        }
        return;
    }
    cx.s("\n\tDomain name: ");
    if !h.domain_len_ok() {
        cx.f(format_args!(" [invalid MgmtD Len {}]", h.domain_len));
        return invalid(cx, v);
    }
    write_jnp(cx, h.domain, usize::from(h.domain_len));
    let field = match h.code {
        code::SUMMARY => "Followers",
        code::SUBSET => "Seq number",
        code::REQUEST | code::JOIN => "Rsvd",
        _ => "Unknown",
    };
    cx.f(format_args!(", {field}: {}", h.byte2));
    match v.body() {
        Body::Summary(s) => {
            let Some((rev, updater)) = s.revision else {
                return cut(cx);
            };
            cx.f(format_args!("\n\t  Config Rev {rev:x}, Updater "));
            write_addr(cx, updater);
            let Some([t0, t1, t2]) = s.timestamp else {
                return cut(cx);
            };
            cx.f(format_args!(", Timestamp 0x{t0:08x} 0x{t1:08x} 0x{t2:08x}"));
            let Some([d0, d1, d2, d3]) = s.digest else {
                return cut(cx);
            };
            cx.f(format_args!(
                ", MD5 digest: {d0:08x}{d1:08x}{d2:08x}{d3:08x}"
            ));
        }
        Body::Subset { revision, vlans } => {
            let Some(rev) = revision else {
                return cut(cx);
            };
            cx.f(format_args!(", Config Rev {rev:x}"));
            for item in vlans {
                match item {
                    VlanItem::Vlan(i) => {
                        let status = match i.status {
                            0 => "Operational",
                            1 => "Suspended",
                            _ => "Unknown",
                        };
                        let kind = match i.kind {
                            1 => "Ethernet",
                            2 => "FDDI",
                            3 => "TrCRF",
                            4 => "FDDI-net",
                            5 => "TrBRF",
                            _ => "Unknown",
                        };
                        cx.f(format_args!(
                            "\n\tVLAN info status {status}, type {kind}, VLAN-id {}, MTU {}, \
                             SAID 0x{:08x}, Name ",
                            i.vlan_id, i.mtu, i.said
                        ));
                        write_jnp(cx, i.name, i.name.len());
                    }
                    VlanItem::Tlv(t) => {
                        cx.f(format_args!(
                            "\n\t\t{} (0x{:04x}) TLV",
                            tlv_name(t.kind),
                            t.kind
                        ));
                        let n = t.value;
                        match t.kind {
                            vlan_tlv::STE_HOP_COUNT => cx.f(format_args!(", {n}")),
                            vlan_tlv::PRUNING => cx.f(format_args!(
                                ", {} ({n})",
                                if n == 1 { "Enabled" } else { "Disabled" }
                            )),
                            vlan_tlv::STP_TYPE => cx.f(format_args!(
                                ", {} ({n})",
                                match n {
                                    1 => "SRT",
                                    2 => "SRB",
                                    3 => "Auto",
                                    _ => "Unknown",
                                }
                            )),
                            vlan_tlv::BRIDGE_TYPE => cx.f(format_args!(
                                ", {} ({n})",
                                if n == 1 { "SRB" } else { "SRT" }
                            )),
                            vlan_tlv::BACKUP_CRF => cx.f(format_args!(
                                ", {} ({n})",
                                if n == 1 { "Backup" } else { "Not backup" }
                            )),
                            _ => hex_print(cx, "\n\t\t  ", t.raw),
                        }
                    }
                    VlanItem::Cut => return cut(cx),
                    VlanItem::Invalid(why) => {
                        match why {
                            VlanInvalid::PastEnd { kind } => cx.f(format_args!(
                                "\n\t\t{} (0x{kind:04x}) TLV (TLV goes past the end of the packet)",
                                tlv_name(kind)
                            )),
                            VlanInvalid::BadLength { kind, words } => cx.f(format_args!(
                                "\n\t\t{} (0x{kind:04x}) TLV (invalid TLV length {words} != 1)",
                                tlv_name(kind)
                            )),
                            VlanInvalid::ShortField
                            | VlanInvalid::LongName
                            | VlanInvalid::ShortTlv => {}
                        }
                        return invalid(cx, v);
                    }
                }
            }
        }
        Body::Request(start) => match start {
            Some(s) => cx.f(format_args!("\n\tStart value: {s}")),
            None => cut(cx),
        },
        Body::Other => {}
    }
}
