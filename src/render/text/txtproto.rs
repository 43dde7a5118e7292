//! Text protocols over TCP as tcpdump's `txtproto_print` shows them (HTTP,
//! RTSP, FTP, SMTP, WHOIS), and the SSH banner (print-ssh.c).
//!
//! Without -v: the protocol name and, for a request or response, its
//! first line. With -v: every text line, one per output line after a tab.

use super::Cx;
use crate::decode::txtproto::{Line, Proto, SshBanner, Text};

fn trunc(cx: &mut Cx<'_>, proto: &str) {
    let warn = cx.pal.warn;
    cx.styled(warn, format_args!(" [|{proto}]"));
}

fn write_bytes(cx: &mut Cx<'_>, b: &[u8]) {
    // Only printable ASCII and tabs reach here.
    cx.out.extend_from_slice(b);
}

pub(super) fn write(cx: &mut Cx<'_>, text: &Text<'_>) {
    let name = text.proto.name();
    let caps = match text.proto {
        Proto::Http => "HTTP",
        Proto::Rtsp => "RTSP",
        Proto::Ftp => "FTP",
        Proto::Smtp => "SMTP",
        Proto::Whois => "WHOIS",
    };
    let style = cx.pal.proto;
    cx.styled(style, format_args!("{caps}"));
    if !text.is_message {
        return;
    }
    if cx.o.verbose > 0 {
        cx.f(format_args!(", length: {}", text.length));
        for line in text.lines() {
            match line {
                Line::Line(l) => {
                    cx.s("\n\t");
                    write_bytes(cx, l);
                }
                Line::Unterminated(l) => {
                    cx.s("\n\t");
                    write_bytes(cx, l);
                    trunc(cx, name);
                }
                Line::NotText => {}
                Line::CaptureEnd => cx.trunc_early_end(name),
            }
        }
    } else {
        match text.line_at(0).0 {
            Line::Line(l) => {
                cx.s(": ");
                write_bytes(cx, l);
            }
            Line::Unterminated(l) => {
                cx.s(": ");
                write_bytes(cx, l);
                trunc(cx, name);
            }
            Line::NotText => {}
            Line::CaptureEnd => cx.trunc_early_end(name),
        }
    }
}

pub(super) fn write_ssh(cx: &mut Cx<'_>, banner: &SshBanner<'_>) {
    match banner {
        SshBanner::Version(v) => {
            cx.s(": ");
            let style = cx.pal.proto;
            cx.styled_s(style, "SSH");
            cx.s(": ");
            write_bytes(cx, v);
        }
        SshBanner::None => {}
        SshBanner::CaptureEnd => cx.trunc_early_end("ssh"),
    }
}
