//! VRRP, as tcpdump's print-vrrp.c prints it: version, type, a TTL other
//! than 255, virtual router id, priority, authentication type (v2) and
//! interval; with -v a bad checksum, the addresses and a v2 simple
//! password.

use super::fmt::{write_addr, write_char};
use super::Cx;
use crate::decode::vrrp::{auth, Vrrp, TTL, TYPE_ADVERTISEMENT};

fn cut(cx: &mut Cx<'_>) {
    cx.trunc_early_end("vrrp");
}

/// The message after `src > dst: `.
pub(super) fn write(cx: &mut Cx<'_>, v: &Vrrp<'_>) {
    cx.s("VRRP");
    let (Some(version), Some(kind)) = (v.version(), v.kind()) else {
        return cut(cx);
    };
    cx.f(format_args!("v{version}, "));
    if kind == TYPE_ADVERTISEMENT {
        cx.s("Advertisement");
    } else {
        cx.f(format_args!("unknown type ({kind})"));
    }
    if v.ttl != TTL {
        cx.f(format_args!(", (ttl {})", v.ttl));
    }
    if !v.is_advertisement() {
        return;
    }
    let (Some(vrid), Some(prio)) = (v.vrid(), v.priority()) else {
        return cut(cx);
    };
    cx.f(format_args!(", vrid {vrid}, prio {prio}"));
    if version == 2 {
        let Some(a) = v.auth_type() else {
            return cut(cx);
        };
        match a {
            auth::NONE => cx.s(", authtype none"),
            auth::SIMPLE => cx.s(", authtype simple"),
            auth::AH => cx.s(", authtype ah"),
            _ => cx.f(format_args!(", authtype #{a}")),
        }
        let Some(i) = v.interval_secs() else {
            return cut(cx);
        };
        cx.f(format_args!(", intvl {i}s, length {}", v.len));
    } else {
        let Some(i) = v.interval_cs() else {
            return cut(cx);
        };
        cx.f(format_args!(", intvl {i}cs, length {}", v.len));
    }
    if cx.o.verbose == 0 {
        return;
    }
    let Some(n) = v.count() else {
        return cut(cx);
    };
    if let (Some(sum), Some(field)) = (v.computed_checksum(), v.checksum()) {
        if sum != 0 {
            cx.f(format_args!(", (bad vrrp cksum {field:x})"));
        }
    }
    cx.s(", addrs");
    if n > 1 {
        cx.f(format_args!("({n})"));
    }
    cx.s(":");
    let mut sep = " ";
    for a in v.addrs() {
        cx.s(sep);
        write_addr(cx, a);
        sep = ",";
    }
    if !v.addrs_complete() {
        return cut(cx);
    }
    if let Some(p) = v.password() {
        cx.s(" auth \"");
        for &c in p.text {
            write_char(cx, c);
        }
        if p.cut {
            return cut(cx);
        }
        cx.s("\"");
    }
}
