//! The IPv6 mobility header (RFC 6275), as tcpdump's print-mobility.c
//! prints it.

use super::fmt::write_addr;
use super::Cx;
use crate::decode::ipv6::{Ipv6, MobMsg, MobOpt, Mobility};

const NAMES: [&str; 8] = ["BRR", "HoTI", "CoTI", "HoT", "CoT", "BU", "BA", "BE"];
const MIN_LEN: [u32; 8] = [8, 16, 16, 24, 24, 12, 12, 24];

/// tcpdump's `mobility_print`.
pub(super) fn write(cx: &mut Cx<'_>, _ip: &Ipv6<'_>, bytes: &[u8]) {
    let m = Mobility(bytes);
    if !write_body(cx, &m) {
        cx.trunc_named("mobility");
    }
}

/// A failed fetch: tcpdump gives up on the packet.
fn gone(cx: &mut Cx<'_>) -> bool {
    cx.trunc_early_end("mobility");
    true
}

/// False when tcpdump ends with its ` [|mobility]`.
fn write_body(cx: &mut Cx<'_>, m: &Mobility<'_>) -> bool {
    let Some(mhlen) = m.len() else {
        return false;
    };
    let Some(t) = m.mtype() else {
        return gone(cx);
    };
    if let Some(&min) = MIN_LEN.get(usize::from(t)) {
        if mhlen < min {
            cx.f(format_args!(
                "(header length {mhlen} is too small for type {t})"
            ));
            return false;
        }
    }
    match NAMES.get(usize::from(t)) {
        Some(n) => cx.f(format_args!("mobility: {n}")),
        None => cx.f(format_args!("mobility: type-#{t}")),
    }
    let v = cx.o.verbose > 0;
    let Some(msg) = m.message() else {
        return gone(cx);
    };
    let hlen: usize = match msg {
        MobMsg::Brr => 8,
        MobMsg::InitTest { home, cookie } => {
            if v {
                let Some((a, b)) = cookie else {
                    return gone(cx);
                };
                let who = if home { "Home" } else { "Care-of" };
                cx.f(format_args!(" {who} Init Cookie={a:08x}:{b:08x}"));
            }
            16
        }
        MobMsg::Test {
            home,
            nonce_index,
            cookie,
            token,
        } => {
            let Some(n) = nonce_index else {
                return gone(cx);
            };
            cx.f(format_args!(" nonce id=0x{n:x}"));
            let who = if home { "Home" } else { "Care-of" };
            if v {
                let Some((a, b)) = cookie else {
                    return gone(cx);
                };
                cx.f(format_args!(" {who} Init Cookie={a:08x}:{b:08x}"));
                let Some((a, b)) = token else {
                    return gone(cx);
                };
                cx.f(format_args!(" {who} Keygen Token={a:08x}:{b:08x}"));
            }
            24
        }
        MobMsg::BindingUpdate {
            seq,
            flags,
            lifetime,
        } => {
            let Some(seq) = seq else {
                return gone(cx);
            };
            cx.f(format_args!(" seq#={seq}"));
            let Some(flags) = flags else {
                return false;
            };
            let bits = (flags >> 12) & 0x0f;
            if bits != 0 {
                cx.s(" ");
                let mut any = false;
                for (b, n) in [(8, "A"), (4, "H"), (2, "L"), (1, "K")] {
                    if bits & b != 0 {
                        cx.s(n);
                        any = true;
                    }
                }
                if !any {
                    cx.f(format_args!("bits-#0x{bits:x}"));
                }
            }
            let Some(l) = lifetime else {
                return gone(cx);
            };
            cx.f(format_args!(" lifetime={}", u32::from(l) << 2));
            12
        }
        MobMsg::BindingAck {
            status,
            flags,
            seq,
            lifetime,
        } => {
            let Some(st) = status else {
                return gone(cx);
            };
            cx.f(format_args!(" status={st}"));
            let Some(k) = flags else {
                return gone(cx);
            };
            if k & 0x80 != 0 {
                cx.s(" K");
            }
            let Some(seq) = seq else {
                return gone(cx);
            };
            cx.f(format_args!(" seq#={seq}"));
            let Some(l) = lifetime else {
                return gone(cx);
            };
            cx.f(format_args!(" lifetime={}", u32::from(l) << 2));
            12
        }
        MobMsg::BindingError { status, home } => {
            let Some(st) = status else {
                return gone(cx);
            };
            cx.f(format_args!(" status={st}"));
            let Some(a) = home else {
                return gone(cx);
            };
            cx.s(" homeaddr ");
            write_addr(cx, a);
            24
        }
        MobMsg::Other => {
            cx.f(format_args!(" len={}", m.len_byte().unwrap_or(0)));
            return true;
        }
    };
    if v {
        let len = (mhlen as usize).saturating_sub(hlen);
        for o in m.options(hlen, len) {
            match o {
                MobOpt::Pad1 => cx.s("(pad1)"),
                MobOpt::PadN => cx.s("(padn)"),
                MobOpt::Refresh(Some(r)) => cx.f(format_args!("(refresh: {})", u32::from(r) << 2)),
                MobOpt::AltCoa(Some(a)) => {
                    cx.s("(alt-CoA: ");
                    write_addr(cx, a);
                    cx.s(")");
                }
                MobOpt::NonceId(Some(h), Some(c)) => {
                    cx.f(format_args!("(ni: ho=0x{h:04x} co=0x{c:04x})"))
                }
                MobOpt::Auth => cx.s("(auth)"),
                MobOpt::Other { ty, len } => cx.f(format_args!("(type-0x{ty:02x}: len={len})")),
                MobOpt::Short(ty) => {
                    match ty {
                        1 => cx.s("(padn: trunc)"),
                        2 => cx.s("(refresh: trunc)"),
                        3 => cx.s("(altcoa: trunc)"),
                        4 => cx.s("(ni: trunc)"),
                        5 => cx.s("(auth: trunc)"),
                        _ => cx.f(format_args!("(sopt_type {ty}: trunc)")),
                    }
                    return false;
                }
                MobOpt::Cut => return false,
                MobOpt::NotCaptured
                | MobOpt::Refresh(None)
                | MobOpt::AltCoa(None)
                | MobOpt::NonceId(..) => return gone(cx),
            }
        }
    }
    true
}
