//! CDP, as tcpdump's print-cdp.c prints it: the version, hold time and
//! device id (and every other TLV as hex) without -v; with -v every TLV
//! decoded.

use super::fmt::{hex_print, write_addr, write_char, write_chars};
use super::Cx;
use crate::decode::cdp::{self, cap, tlv, AddrItem, AddrShort, Ata186, Cdp, Item, Tlv, Value};
use crate::decode::Layer;

fn tlv_name(kind: u16) -> Option<&'static str> {
    use tlv::*;
    Some(match kind {
        DEVICE_ID => "Device-ID",
        ADDRESS => "Address",
        PORT_ID => "Port-ID",
        CAPABILITIES => "Capability",
        VERSION => "Version String",
        PLATFORM => "Platform",
        PREFIXES => "Prefixes",
        PROTOCOL_HELLO => "Protocol-Hello option",
        VTP_DOMAIN => "VTP Management Domain",
        NATIVE_VLAN => "Native VLAN ID",
        DUPLEX => "Duplex",
        ATA186_ASSIGNMENT => "ATA-186 VoIP VLAN assignment",
        ATA186_REQUEST => "ATA-186 VoIP VLAN request",
        POWER => "power consumption",
        MTU => "MTU",
        TRUST_BITMAP => "AVVID trust bitmap",
        UNTRUSTED_COS => "AVVID untrusted ports CoS",
        SYSTEM_NAME => "System Name",
        SYSTEM_OID => "System Object ID (not decoded)",
        MGMT_ADDRESSES => "Management Addresses",
        PHYSICAL_LOCATION => "Physical Location",
        _ => return None,
    })
}

fn name(kind: u16) -> &'static str {
    tlv_name(kind).unwrap_or("unknown field type")
}

fn plural(n: u32) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// tcpdump's longjmp out of the printer (` [|cdp]`, the whole frame dumped
/// with -x).
struct Cut;

fn cut(cx: &mut Cx<'_>) {
    cx.trunc_early_end(Layer::Cdp.name());
}

/// ` (invalid)`, then tcpdump's check that the rest of the message was
/// captured.
fn invalid(cx: &mut Cx<'_>, rest_captured: bool) {
    cx.invalid();
    if !rest_captured {
        cut(cx);
    }
}

/// tcpdump's `cdp_print`.
pub(super) fn write(cx: &mut Cx<'_>, c: &Cdp<'_>) {
    let v = cx.o.verbose;
    if c.too_short() {
        cx.f(format_args!(" (packet length {} < 4)", c.length));
        invalid(cx, c.complete());
        return;
    }
    let (Some(version), Some(ttl)) = (c.version(), c.ttl()) else {
        return cut(cx);
    };
    cx.f(format_args!("CDPv{version}, ttl: {ttl}s"));
    let Some(checksum) = c.checksum() else {
        return cut(cx);
    };
    if v > 0 {
        cx.f(format_args!(
            ", checksum: 0x{checksum:04x} (unverified), length {}",
            c.length
        ));
    }
    for item in c.tlvs() {
        match item {
            Item::Tlv(t) => {
                if write_tlv(cx, &t).is_err() {
                    return cut(cx);
                }
            }
            Item::ShortRemainder { left, captured } => {
                cx.f(format_args!(" (remaining packet length {left} < 4)"));
                return invalid(cx, captured);
            }
            Item::HeaderCut => return cut(cx),
            Item::TooShort {
                kind,
                len,
                captured,
            } => {
                if v > 0 {
                    cx.f(format_args!(
                        "\n\t{} (0x{kind:02x}), TLV length: {len} byte{} (too short)",
                        name(kind),
                        plural(u32::from(len))
                    ));
                } else {
                    cx.f(format_args!(", {} TLV length {len} too short", name(kind)));
                }
                return invalid(cx, captured);
            }
            Item::TooLong {
                len,
                left,
                captured,
                ..
            } => {
                cx.f(format_args!(" (TLV length {len} > {left})"));
                return invalid(cx, captured);
            }
        }
    }
    if v == 0 {
        cx.f(format_args!(", length {}", c.length));
    }
}

fn write_tlv(cx: &mut Cx<'_>, t: &Tlv<'_>) -> Result<(), Cut> {
    let v = cx.o.verbose;
    let device_id = t.kind == tlv::DEVICE_ID;
    if v == 0 && device_id {
        cx.s(", Device-ID ");
    } else if v > 0 {
        cx.f(format_args!(
            "\n\t{} (0x{:02x}), value length: {} byte{}: ",
            name(t.kind),
            t.kind,
            t.value_len,
            plural(u32::from(t.value_len))
        ));
    }
    let value = t.value();
    let mut covered = false;
    if t.known() {
        if value == Value::Malformed {
            cx.s(" (malformed TLV)");
        } else if v > 0 || device_id {
            write_value(cx, t, &value)?;
            covered = true;
        }
    }
    if !covered {
        if !t.complete() {
            return Err(Cut);
        }
        hex_print(cx, "\n\t  ", t.value);
    }
    Ok(())
}

/// Fails where tcpdump's reads would: at the end of the captured value.
fn whole(t: &Tlv<'_>) -> Result<(), Cut> {
    if t.complete() {
        Ok(())
    } else {
        Err(Cut)
    }
}

fn write_value(cx: &mut Cx<'_>, t: &Tlv<'_>, value: &Value<'_>) -> Result<(), Cut> {
    match *value {
        Value::Text(s) => {
            cx.s("'");
            write_chars(cx, s);
            whole(t)?;
            cx.s("'");
        }
        Value::Version(s) => {
            cx.s("\n\t  ");
            for &c in s {
                if c == b'\n' {
                    cx.s("\n\t  ");
                } else {
                    write_char(cx, c);
                }
            }
            whole(t)?;
        }
        Value::Capabilities(c) => {
            let c = c.ok_or(Cut)?;
            cx.f(format_args!("(0x{c:08x}): "));
            let mut sep = "";
            for (bit, n) in [
                (cap::ROUTER, "Router"),
                (cap::TRANSPARENT_BRIDGE, "Transparent Bridge"),
                (cap::SOURCE_ROUTE_BRIDGE, "Source Route Bridge"),
                (cap::L2_SWITCH, "L2 Switch"),
                (cap::L3, "L3 capable"),
                (cap::IGMP_SNOOPING, "IGMP snooping"),
                (cap::L1, "L1 capable"),
            ] {
                if c & bit != 0 {
                    cx.s(sep);
                    cx.s(n);
                    sep = ", ";
                }
            }
            if sep.is_empty() {
                cx.s("none");
            }
        }
        Value::NativeVlan(n) => cx.f(format_args!("{}", n.ok_or(Cut)?)),
        Value::Duplex(d) => cx.s(if d.ok_or(Cut)? { "full" } else { "half" }),
        Value::Ata186(a) => match a.ok_or(Cut)? {
            Ata186::Unknown(u) => cx.f(format_args!("unknown 0x{u:04x}")),
            Ata186::App { app, vlan } => cx.f(format_args!("app {app}, vlan {vlan}")),
        },
        Value::Power(p) => cx.f(format_args!("{:.2}W", f64::from(p.ok_or(Cut)?) / 1000.0)),
        Value::Mtu(m) => cx.f(format_args!("{} bytes", m.ok_or(Cut)?)),
        Value::Byte(b) => cx.f(format_args!("0x{:02x}", b.ok_or(Cut)?)),
        Value::PhysicalLocation { kind, location } => {
            cx.f(format_args!("0x{:02x}", kind.ok_or(Cut)?));
            if t.value_len > 1 {
                cx.s("/");
                write_chars(cx, location);
                whole(t)?;
            }
        }
        Value::Prefixes(p) => {
            if !p.well_formed() {
                cx.f(format_args!(
                    " [length {} is not a multiple of 5]",
                    t.value_len
                ));
                return whole(t);
            }
            cx.f(format_args!(" IPv4 Prefixes ({}):", p.count()));
            for (a, len) in p.iter() {
                cx.f(format_args!(" {a}/{len}"));
            }
            whole(t)?;
        }
        Value::Addresses(list) => write_addresses(cx, t, list)?,
        // A type tcpdump names but has no printer for: nothing, but the
        // value must have been captured.
        Value::NotDecoded | Value::Unknown | Value::Malformed => whole(t)?,
    }
    Ok(())
}

/// tcpdump's `cdp_print_addr`.
fn write_addresses(cx: &mut Cx<'_>, t: &Tlv<'_>, list: cdp::Addresses<'_>) -> Result<(), Cut> {
    for item in list {
        let remaining = match item {
            AddrItem::V4 { remaining, addr } => {
                cx.f(format_args!("IPv4 ({remaining}) "));
                write_addr(cx, addr);
                remaining
            }
            AddrItem::V6 { remaining, addr } => {
                cx.f(format_args!("IPv6 ({remaining}) "));
                write_addr(cx, addr);
                remaining
            }
            AddrItem::Other {
                remaining,
                pt,
                protocol,
                al,
                address,
            } => {
                cx.f(format_args!("pt=0x{pt:02x}, pl={}, pb=", protocol.len()));
                for b in protocol {
                    cx.f(format_args!(" {b:02x}"));
                }
                cx.f(format_args!(", al={al}, a="));
                let Some(a) = address else {
                    cx.s(" (not enough space for A)");
                    return whole(t);
                };
                for b in a {
                    cx.f(format_args!(" {b:02x}"));
                }
                if a.len() < usize::from(al) {
                    return Err(Cut);
                }
                remaining
            }
            AddrItem::Short(s) => {
                cx.s(match s {
                    AddrShort::Count => " (not enough space for num)",
                    AddrShort::TypeAndLength => " (not enough space for PT+PL)",
                    AddrShort::ProtocolAndLength => " (not enough space for P+AL)",
                    AddrShort::Address => " (not enough space for A)",
                });
                return whole(t);
            }
            AddrItem::Cut => return Err(Cut),
            AddrItem::Stray(n) => {
                cx.f(format_args!(" ({n} bytes of stray data)"));
                continue;
            }
        };
        if remaining > 1 {
            cx.s(" ");
        }
    }
    Ok(())
}
