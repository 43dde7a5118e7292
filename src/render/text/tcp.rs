//! TCP, as tcpdump's print-tcp.c prints it: flags, relative sequence
//! numbers (tcpdump keeps per-connection state for them), options,
//! checksum verification with -v.

use std::collections::HashMap;
use std::net::Ipv4Addr;

use super::ipv4::{write_endpoints, write_pair};
use super::Cx;
use crate::decode::bytes::{checksum, cksum_shouldbe, prefix};
use crate::decode::ipv4::Ipv4;
use crate::decode::tcp::{self as t, Form, Tcp};
use crate::decode::{Decoded, Layer};

/// Initial sequence numbers per conversation, keyed in one collating order
/// for both directions (tcpdump's `tcp_seq_hash`).
#[derive(Default)]
pub struct SeqTable {
    map: HashMap<ConvKey, (u32, u32)>,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct ConvKey {
    src: Ipv4Addr,
    dst: Ipv4Addr,
    ports: u32,
}

const FLAG_NAMES: [(u8, char); 8] = [
    (t::FLAG_FIN, 'F'),
    (t::FLAG_SYN, 'S'),
    (t::FLAG_RST, 'R'),
    (t::FLAG_PSH, 'P'),
    (t::FLAG_ACK, '.'),
    (t::FLAG_URG, 'U'),
    (t::FLAG_ECE, 'E'),
    (t::FLAG_CWR, 'W'),
];

pub(super) fn write(
    cx: &mut Cx<'_>,
    seqs: &mut SeqTable,
    d: &Decoded<'_>,
    ip: &Ipv4<'_>,
    tcp: &Tcp<'_>,
) {
    let h = &tcp.header;
    if tcp.form == Form::NoPorts {
        write_pair(cx, ip);
        cx.trunc(Layer::Tcp);
        return;
    }
    write_endpoints(cx, ip, h.src_port, h.dst_port);
    if tcp.form == Form::ShortHeader {
        cx.trunc(Layer::Tcp);
        return;
    }
    let hlen = u32::from(h.header_len);
    let length = tcp.length;
    if tcp.form == Form::BadHeaderLen {
        cx.f(format_args!(
            " tcp {} [bad hdr length {} - too short, < 20]",
            length.wrapping_sub(hlen),
            hlen
        ));
        return;
    }
    if cx.o.quiet {
        cx.f(format_args!("tcp {}", length.wrapping_sub(hlen)));
        if hlen > length {
            cx.f(format_args!(
                " [bad hdr length {hlen} - too long, > {length}]"
            ));
        }
        return;
    }
    cx.s("Flags [");
    let style = cx.pal.flags;
    let mut names = [0u8; 8];
    let mut n = 0;
    for (bit, c) in FLAG_NAMES {
        if h.flags & bit != 0 {
            if let Some(slot) = names.get_mut(n) {
                *slot = c as u8;
                n += 1;
            }
        }
    }
    let names = std::str::from_utf8(prefix(&names, n)).unwrap_or("");
    cx.styled(
        style,
        format_args!("{}", if n == 0 { "none" } else { names }),
    );
    cx.s("]");

    let (mut seq, mut ack) = (h.seq, h.ack);
    if !cx.o.absolute_seq && tcp.has(t::FLAG_ACK) {
        let (src, dst) = (ip.header.src, ip.header.dst);
        let rev =
            h.src_port > h.dst_port || (h.src_port == h.dst_port && src.octets() > dst.octets());
        let key = if rev {
            ConvKey {
                src: dst,
                dst: src,
                ports: (u32::from(h.dst_port) << 16) | u32::from(h.src_port),
            }
        } else {
            ConvKey {
                src,
                dst,
                ports: (u32::from(h.src_port) << 16) | u32::from(h.dst_port),
            }
        };
        match seqs.map.get(&key) {
            Some(&(bseq, back)) if !tcp.has(t::FLAG_SYN) => {
                if rev {
                    seq = seq.wrapping_sub(back);
                    ack = ack.wrapping_sub(bseq);
                } else {
                    seq = seq.wrapping_sub(bseq);
                    ack = ack.wrapping_sub(back);
                }
            }
            _ => {
                let entry = if rev {
                    (ack.wrapping_sub(1), seq)
                } else {
                    (seq, ack.wrapping_sub(1))
                };
                seqs.map.insert(key, entry);
            }
        }
    }

    if hlen > length {
        cx.f(format_args!(
            " [bad hdr length {hlen} - too long, > {length}]"
        ));
        return;
    }
    let fragmented = ip.header.more_fragments();
    if cx.o.verbose > 0
        && cx.o.verify_checksums
        && !fragmented
        && tcp.segment.len() as u64 >= u64::from(length)
    {
        let seg = prefix(tcp.segment, length as usize);
        let sum = checksum(seg, ip.pseudo_header_sum(length));
        cx.f(format_args!(", cksum 0x{:04x}", h.checksum));
        if sum != 0 {
            cx.f(format_args!(
                " (incorrect -> 0x{:04x})",
                cksum_shouldbe(h.checksum, sum)
            ));
        } else {
            cx.s(" (correct)");
        }
    }
    let length = length - hlen;
    if cx.o.verbose > 1 || length > 0 || h.flags & (t::FLAG_SYN | t::FLAG_FIN | t::FLAG_RST) != 0 {
        cx.f(format_args!(", seq {seq}"));
        if length > 0 {
            cx.f(format_args!(":{}", seq.wrapping_add(length)));
        }
    }
    if tcp.has(t::FLAG_ACK) {
        cx.f(format_args!(", ack {ack}"));
    }
    cx.f(format_args!(", win {}", h.window));
    if tcp.has(t::FLAG_URG) {
        cx.f(format_args!(", urg {}", h.urgent));
    }
    if hlen > 20 {
        cx.s(", options [");
        if !write_options(cx, tcp) {
            cx.s("]");
            cx.trunc(Layer::Tcp);
            return;
        }
        cx.s("]");
    }
    cx.f(format_args!(", length {length}"));
    let _ = d;
}

/// The options list; false when the capture cut it short.
fn write_options(cx: &mut Cx<'_>, tcp: &Tcp<'_>) -> bool {
    let mut rest = tcp.options;
    let mut sep = "";
    let full = usize::from(tcp.header.header_len).saturating_sub(20);
    let mut remaining = full;
    while remaining > 0 {
        let Some(&kind) = rest.first() else {
            return false;
        };
        cx.s(sep);
        sep = ",";
        let len = match kind {
            0 | 1 => 1usize,
            _ => match rest.get(1) {
                Some(&l) => usize::from(l),
                None => return false,
            },
        };
        match kind {
            0 => cx.s("eol"),
            1 => cx.s("nop"),
            2 => cx.s("mss"),
            3 => cx.s("wscale"),
            4 => cx.s("sackOK"),
            5 => cx.s("sack"),
            8 => cx.s("TS"),
            k => cx.f(format_args!("unknown-{k}")),
        }
        if kind > 1 {
            if len < 2 || len > remaining {
                cx.f(format_args!(" [bad opt]"));
                return true;
            }
            let Some(data) = rest.get(2..len) else {
                return false;
            };
            match (kind, data) {
                (2, [a, b]) => cx.f(format_args!(" {}", u16::from_be_bytes([*a, *b]))),
                (3, [a]) => cx.f(format_args!(" {a}")),
                (8, [a, b, c, d, e, f, g, h]) => cx.f(format_args!(
                    " val {} ecr {}",
                    u32::from_be_bytes([*a, *b, *c, *d]),
                    u32::from_be_bytes([*e, *f, *g, *h])
                )),
                (5, blocks) => {
                    cx.f(format_args!(" {}", blocks.len() / 8));
                    for b in blocks.chunks_exact(8) {
                        if let [a, b1, c, d, e, f, g, h] = *b {
                            cx.f(format_args!(
                                " {{{}:{}}}",
                                u32::from_be_bytes([a, b1, c, d]),
                                u32::from_be_bytes([e, f, g, h])
                            ));
                        }
                    }
                }
                (4, []) => {}
                (_, data) => {
                    if kind > 8 || kind == 6 || kind == 7 {
                        cx.s(" ");
                        for b in data {
                            cx.f(format_args!("{b:02x}"));
                        }
                    }
                }
            }
        }
        if kind == 0 {
            break;
        }
        rest = crate::decode::bytes::suffix(rest, len);
        remaining = remaining.saturating_sub(len);
    }
    true
}
