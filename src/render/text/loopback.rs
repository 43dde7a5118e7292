//! The Ethernet configuration testing protocol, as tcpdump's
//! print-loopback.c prints it.

use super::fmt::write_mac;
use super::Cx;
use crate::decode::loopback::{
    AfterSkip, Form, Loopback, Message, FUNCTION_FORWARD, FUNCTION_REPLY,
};
use crate::decode::Layer;

/// tcpdump's `loopback_print`.
pub(super) fn write(cx: &mut Cx<'_>, l: &Loopback<'_>) {
    let complete = l.complete();
    // tcpdump's longjmp, or its check that the rest was captured.
    let check = |cx: &mut Cx<'_>| {
        if !complete {
            cx.trunc_early_end(Layer::Loopback.name());
        }
    };
    cx.s("Loopback");
    let (count, rest) = match l.form() {
        Form::Short => {
            cx.invalid();
            return check(cx);
        }
        Form::Cut => return cx.trunc_early_end(Layer::Loopback.name()),
        Form::Skip { count, rest } => (count, rest),
    };
    cx.f(format_args!(", skipCount {count}"));
    if count % 8 != 0 {
        cx.s(" (bogus)");
    }
    let (function, body) = match rest {
        AfterSkip::TooLong | AfterSkip::Short => {
            cx.invalid();
            return check(cx);
        }
        AfterSkip::Cut | AfterSkip::FunctionCut => {
            return cx.trunc_early_end(Layer::Loopback.name())
        }
        AfterSkip::Message { function, body } => (function, body),
    };
    match function {
        FUNCTION_REPLY => cx.s(", Reply"),
        FUNCTION_FORWARD => cx.s(", Forward Data"),
        f => cx.f(format_args!(",  invalid ({f})")),
    }
    match body {
        Message::Reply { receipt, data_len } => {
            cx.f(format_args!(
                ", receipt number {receipt}, data ({data_len} octets)"
            ));
            check(cx);
        }
        Message::Forward { address, data_len } => {
            cx.s(", forwarding address ");
            write_mac(cx, &address);
            cx.f(format_args!(", data ({data_len} octets)"));
            check(cx);
        }
        Message::Short => {
            cx.invalid();
            check(cx);
        }
        Message::Cut => cx.trunc_early_end(Layer::Loopback.name()),
        Message::Other => check(cx),
    }
}
