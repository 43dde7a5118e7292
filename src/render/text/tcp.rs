//! TCP, as tcpdump's print-tcp.c prints it: flags, relative sequence
//! numbers (tcpdump keeps per-conversation state for them), options
//! (print-mptcp.c for MPTCP), checksum verification with -v, RST data
//! with -v, and the payload printers tcpdump picks by port that netdecode
//! has (text protocols in `txtproto.rs`).

use std::collections::HashMap;
use std::net::IpAddr;

use super::fmt::{push_hex_pad, write_addr, write_char, write_hex, write_port};
use super::{dispatch, Cx};
use crate::decode::bytes::{cksum_shouldbe, prefix};
use crate::decode::ipv4::Ipv4;
use crate::decode::tcp::options::{
    kind, BadOption, CutOption, FastOpen, OptItem, OptValue, Partial, TcpAo, TcpOption,
};
use crate::decode::tcp::{self as t, Form, Tcp};
use crate::decode::Decoded;

/// Initial sequence numbers per conversation, keyed in one collating order
/// for both directions (tcpdump's `tcp_seq_hash`). Entries are never
/// removed, as in tcpdump. Hashed with aHash keyed at random per process
/// (`runtime-rng`): cheaper than SipHash per packet, and still keyed, so a
/// capture cannot be built to make the lookups collide.
///
/// For rendering packets apart (on several threads), the lookups can be
/// made in order beforehand ([`predict`]) and replayed: a table in replay
/// mode answers from the recorded lookups of one packet and notes whether
/// the printer asked exactly those.
#[derive(Default)]
pub struct SeqTable {
    map: HashMap<ConvKey, Bases, ahash::RandomState>,
    /// Replay mode: the packet's recorded lookups, the next one, and
    /// whether every lookup so far matched.
    replaying: bool,
    replay: Vec<SeqLookup>,
    next: usize,
    matched: bool,
}

/// One lookup of the table, recorded by [`predict`]: what was asked and
/// what the table answered.
#[derive(Clone, Copy)]
pub struct SeqLookup {
    key: ConvKey,
    seq: u32,
    ack: u32,
    syn: bool,
    answer: (u32, u32, Rel),
}

impl SeqTable {
    /// Answers the next lookups from `lookups` (one packet's, from
    /// [`predict`]) instead of the table.
    pub(crate) fn replay(&mut self, lookups: &[SeqLookup]) {
        self.replaying = true;
        self.replay.clear();
        self.replay.extend_from_slice(lookups);
        self.next = 0;
        self.matched = true;
    }

    /// Ends replay mode: true when the printer asked exactly the recorded
    /// lookups, in order (its numbers are then the ones the table in order
    /// gives).
    pub(crate) fn replayed(&mut self) -> bool {
        self.replaying = false;
        self.matched && self.next == self.replay.len()
    }

    fn answer(&mut self, key: ConvKey, h: &t::Header) -> (u32, u32, Rel) {
        let syn = h.flags & t::FLAG_SYN != 0;
        match self.replay.get(self.next) {
            Some(l) if l.key == key && l.seq == h.seq && l.ack == h.ack && l.syn == syn => {
                self.next += 1;
                l.answer
            }
            _ => {
                self.matched = false;
                (h.seq, h.ack, Rel::default())
            }
        }
    }
}

/// Makes, in the table, the lookups the printer would make for the
/// packet `d` (TCP as the packet's transport, over IPv4 or IPv6), and
/// records them in `out`. TCP quoted in ICMP errors is not predicted: a
/// replay then reports the difference (see [`SeqTable::replayed`]).
pub(crate) fn predict(
    seqs: &mut SeqTable,
    o: &super::TextOptions,
    d: &Decoded<'_>,
    out: &mut Vec<SeqLookup>,
) {
    if o.quiet || o.absolute_seq {
        return;
    }
    let crate::decode::Transport::Tcp(tcp) = &d.transport else {
        return;
    };
    if matches!(
        tcp.form,
        Form::NoPorts | Form::ShortHeader | Form::BadHeaderLen
    ) || !tcp.has(t::FLAG_ACK)
    {
        return;
    }
    let Some(ip) = d.ip_view() else {
        return;
    };
    let under = Under {
        src: ip.src,
        dst: ip.dst,
        with_addrs: ip.direct,
        fragmented: ip.fragmented,
        pseudo_sum: None,
    };
    let h = &tcp.header;
    let answer = relative(seqs, &under, h);
    out.push(SeqLookup {
        key: conv_key(&under, h).1,
        seq: h.seq,
        ack: h.ack,
        syn: h.flags & t::FLAG_SYN != 0,
        answer,
    });
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct ConvKey {
    src: IpAddr,
    dst: IpAddr,
    ports: u32,
}

/// tcpdump's `seq` and `ack` of a table entry: the initial sequence number
/// of the side that sorts first and of the other side.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
struct Bases {
    seq: u32,
    ack: u32,
}

/// What the TCP printer needs from the network layer under it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Under {
    pub src: IpAddr,
    pub dst: IpAddr,
    /// Print addresses with the ports (false when the network layer's
    /// next-header field is not TCP itself, e.g. IPv6 extension headers).
    pub with_addrs: bool,
    /// More fragments follow: no checksum check.
    pub fragmented: bool,
    /// The pseudo-header sum for the segment's length, when the network
    /// layer has one.
    pub pseudo_sum: Option<u32>,
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

/// The most RST payload bytes shown (tcpdump's MAX_RST_DATA_LEN).
const MAX_RST_DATA: usize = 30;

/// TCP over IPv4.
pub(super) fn write(cx: &mut Cx<'_>, d: &Decoded<'_>, ip: &Ipv4<'_>, tcp: &Tcp<'_>) {
    let under = Under {
        src: IpAddr::V4(ip.header.src),
        dst: IpAddr::V4(ip.header.dst),
        with_addrs: true,
        fragmented: ip.header.more_fragments(),
        pseudo_sum: Some(ip.pseudo_header_sum(tcp.length)),
    };
    write_tcp(cx, d, &under, tcp);
}

/// TCP over IPv4 or IPv6.
pub(super) fn write_over(
    cx: &mut Cx<'_>,
    d: &Decoded<'_>,
    ip: &crate::decode::IpView,
    tcp: &Tcp<'_>,
) {
    let under = Under {
        src: ip.src,
        dst: ip.dst,
        with_addrs: ip.direct,
        fragmented: ip.fragmented,
        pseudo_sum: Some(ip.pseudo_sum(6, tcp.length)),
    };
    write_tcp(cx, d, &under, tcp);
}

/// tcpdump's ` [|proto]` with a protocol name of our own choosing.
fn trunc(cx: &mut Cx<'_>, proto: &str) {
    let warn = cx.pal.warn;
    cx.styled3(warn, " [|", proto, "]");
}

/// How sequence numbers in the header and in SACK blocks are shown.
#[derive(Clone, Copy, Default)]
struct Rel {
    /// The segment goes from the side that sorts second.
    rev: bool,
    bases: Bases,
}

impl Rel {
    /// SACK edges are relative to the receiver's (the acknowledged side's)
    /// base.
    fn sack(&self, v: u32) -> u32 {
        v.wrapping_sub(if self.rev {
            self.bases.seq
        } else {
            self.bases.ack
        })
    }
}

/// The conversation's key, in one collating order for both directions,
/// and whether the segment goes from the side that sorts second.
fn conv_key(under: &Under, h: &t::Header) -> (bool, ConvKey) {
    let (sp, dp) = (h.src_port, h.dst_port);
    let rev = sp > dp || (sp == dp && addr_bytes_gt(under.src, under.dst));
    let key = if rev {
        ConvKey {
            src: under.dst,
            dst: under.src,
            ports: (u32::from(dp) << 16) | u32::from(sp),
        }
    } else {
        ConvKey {
            src: under.src,
            dst: under.dst,
            ports: (u32::from(sp) << 16) | u32::from(dp),
        }
    };
    (rev, key)
}

/// Looks up (or records) the conversation's bases and returns the numbers
/// to print. A SYN, or a conversation not seen yet, (re)records the bases
/// and leaves the numbers absolute.
fn relative(seqs: &mut SeqTable, under: &Under, h: &t::Header) -> (u32, u32, Rel) {
    let (rev, key) = conv_key(under, h);
    if seqs.replaying {
        return seqs.answer(key, h);
    }
    let (mut seq, mut ack) = (h.seq, h.ack);
    let syn = h.flags & t::FLAG_SYN != 0;
    let bases = match seqs.map.get(&key) {
        Some(&b) if !syn => {
            if rev {
                seq = seq.wrapping_sub(b.ack);
                ack = ack.wrapping_sub(b.seq);
            } else {
                seq = seq.wrapping_sub(b.seq);
                ack = ack.wrapping_sub(b.ack);
            }
            b
        }
        _ => {
            let b = if rev {
                Bases {
                    seq: ack.wrapping_sub(1),
                    ack: seq,
                }
            } else {
                Bases {
                    seq,
                    ack: ack.wrapping_sub(1),
                }
            };
            seqs.map.insert(key, b);
            b
        }
    };
    (seq, ack, Rel { rev, bases })
}

/// memcmp(src, dst) > 0 on the network-order address bytes.
fn addr_bytes_gt(a: IpAddr, b: IpAddr) -> bool {
    match (a, b) {
        (IpAddr::V4(a), IpAddr::V4(b)) => a.octets() > b.octets(),
        (IpAddr::V6(a), IpAddr::V6(b)) => a.octets() > b.octets(),
        _ => false,
    }
}

/// A TCP segment over any network layer.
pub(crate) fn write_tcp(cx: &mut Cx<'_>, d: &Decoded<'_>, under: &Under, tcp: &Tcp<'_>) {
    let h = &tcp.header;
    if tcp.form == Form::NoPorts {
        write_addr(cx, under.src);
        cx.s(" > ");
        write_addr(cx, under.dst);
        cx.s(":");
        trunc(cx, "tcp");
        return;
    }
    let (sport, dport) = (cx.tcp_port(h.src_port), cx.tcp_port(h.dst_port));
    if under.with_addrs {
        write_addr(cx, under.src);
        write_port(cx, ".", sport);
        cx.s(" > ");
        write_addr(cx, under.dst);
        write_port(cx, ".", dport);
    } else {
        write_port(cx, "", sport);
        cx.s(" > ");
        write_port(cx, "", dport);
    }
    cx.s(": ");
    if tcp.form == Form::ShortHeader {
        trunc(cx, "tcp");
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
    write_flags(cx, h.flags);

    let (seq, ack, rel) = if !cx.o.absolute_seq && tcp.has(t::FLAG_ACK) {
        relative(&mut cx.state.tcp_seqs, under, h)
    } else {
        (h.seq, h.ack, Rel::default())
    };

    if tcp.form == Form::HeaderTooLong {
        cx.f(format_args!(
            " [bad hdr length {hlen} - too long, > {length}]"
        ));
        return;
    }
    if cx.o.verbose > 0 && cx.o.verify_checksums && !under.fragmented && tcp.complete() {
        if let Some(pseudo) = under.pseudo_sum {
            let sum = tcp.checksum_over(pseudo);
            cx.s(", cksum 0x");
            push_hex_pad(cx.out, h.checksum.into(), 4);
            if sum != 0 {
                cx.f(format_args!(
                    " (incorrect -> 0x{:04x})",
                    cksum_shouldbe(h.checksum, sum)
                ));
            } else {
                cx.s(" (correct)");
            }
        }
    }
    let length = length - hlen;
    if cx.o.verbose > 1 || length > 0 || h.flags & (t::FLAG_SYN | t::FLAG_FIN | t::FLAG_RST) != 0 {
        cx.su(", seq ", seq);
        if length > 0 {
            cx.su(":", seq.wrapping_add(length));
        }
    }
    if tcp.has(t::FLAG_ACK) {
        cx.su(", ack ", ack);
    }
    cx.su(", win ", h.window);
    if tcp.has(t::FLAG_URG) {
        cx.f(format_args!(", urg {}", h.urgent));
    }
    // tcpdump names truncation after the last printer it entered; an MPTCP
    // option switches it to "mptcp" for the rest of the segment.
    let mut proto = "tcp";
    if hlen > 20 {
        cx.s(", options [");
        if !write_options(cx, tcp, &rel, &mut proto) {
            return;
        }
        cx.s("]");
    }
    cx.su(", length ", length);
    if length == 0 {
        return;
    }
    if !tcp.options_complete() {
        cx.f(format_args!(
            " [remaining caplen({}) < header length({})]",
            tcp.segment.len(),
            hlen
        ));
        cx.trunc_early_end(proto);
        return;
    }
    if tcp.has(t::FLAG_RST) && cx.o.verbose > 0 {
        write_rst_data(cx, tcp.payload, length);
        return;
    }
    dispatch::tcp_payload(cx, d);
}

fn write_flags(cx: &mut Cx<'_>, flags: u8) {
    cx.s("Flags [");
    let mut names = [0u8; 8];
    let mut n = 0;
    for (bit, c) in FLAG_NAMES {
        if flags & bit != 0 {
            if let Some(slot) = names.get_mut(n) {
                *slot = c as u8;
                n += 1;
            }
        }
    }
    let names = std::str::from_utf8(prefix(&names, n)).unwrap_or("");
    let style = cx.pal.flags;
    cx.styled_s(style, if n == 0 { "none" } else { names });
    cx.s("]");
}

/// tcpdump's name for an option kind.
fn option_name(cx: &mut Cx<'_>, k: u8) {
    let name = match k {
        kind::EOL => "eol",
        kind::NOP => "nop",
        kind::MSS => "mss",
        kind::WSCALE => "wscale",
        kind::SACK_OK => "sackOK",
        kind::SACK => "sack",
        kind::ECHO => "echo",
        kind::ECHO_REPLY => "echoreply",
        kind::TIMESTAMP => "TS",
        kind::CC => "cc",
        kind::CC_NEW => "ccnew",
        kind::CC_ECHO => "",
        kind::MD5 => "md5",
        kind::SCPS => "scps",
        kind::UTO => "uto",
        kind::TCP_AO => "tcp-ao",
        kind::MPTCP => "mptcp",
        kind::FAST_OPEN => "tfo",
        kind::EXPERIMENT2 => "exp",
        other => {
            cx.su("unknown-", other);
            return;
        }
    };
    cx.s(name);
}

/// The option list after `options [`; false when it ended the line (a bad
/// option or the end of the capture), true when `]` is still to come.
fn write_options(cx: &mut Cx<'_>, tcp: &Tcp<'_>, rel: &Rel, proto: &mut &'static str) -> bool {
    let options = tcp.options();
    if let Some((val, ecr)) = options.aligned_timestamp() {
        // What the walk below prints for these three options.
        cx.su("nop,nop,TS val ", val);
        cx.su(" ecr ", ecr);
        return true;
    }
    let mut first = true;
    for item in options {
        if !first {
            cx.s(",");
        }
        match item {
            OptItem::Opt(o) => {
                write_option(cx, tcp, &o, rel, proto);
                if o.len_mismatch() {
                    cx.su("[len ", o.len);
                    cx.s("]");
                }
            }
            OptItem::Bad(bad) => {
                match bad {
                    BadOption::Length { .. } => {}
                    BadOption::Short { kind, .. } => option_name(cx, kind),
                    BadOption::NoMagic { .. } => option_name(cx, kind::EXPERIMENT2),
                    BadOption::Mptcp(m) => {
                        option_name(cx, kind::MPTCP);
                        *proto = "mptcp";
                        dispatch::mptcp_option(cx, &m);
                    }
                }
                let warn = cx.pal.warn;
                cx.styled_s(warn, "[bad opt]");
                if !first {
                    cx.s("]");
                }
                return false;
            }
            OptItem::Cut(cut) => {
                if let CutOption::Data { kind, len, partial } = cut {
                    option_name(cx, kind);
                    write_partial(cx, len, &partial, rel);
                    trunc(cx, proto);
                    if !first {
                        cx.s(">");
                    }
                } else {
                    // The kind or length byte itself is missing: tcpdump's
                    // read fails and leaves the dissectors.
                    cx.trunc_early_end(proto);
                }
                return false;
            }
        }
        first = false;
    }
    true
}

fn write_option(
    cx: &mut Cx<'_>,
    tcp: &Tcp<'_>,
    o: &TcpOption<'_>,
    rel: &Rel,
    proto: &mut &'static str,
) {
    option_name(cx, o.kind);
    match o.value {
        OptValue::Eol | OptValue::Nop | OptValue::SackPermitted => {}
        OptValue::Mss(v) => cx.su(" ", v),
        OptValue::WindowScale(v) => cx.su(" ", v),
        OptValue::Sack(s) => {
            if !s.is_valid() {
                cx.s(" invalid sack");
            } else {
                cx.su(" ", s.count() as u64);
                cx.s(" ");
                for (l, r) in s.blocks() {
                    cx.su("{", rel.sack(l));
                    cx.su(":", rel.sack(r));
                    cx.s("}");
                }
            }
        }
        OptValue::Word(v) => cx.su(" ", v),
        OptValue::Timestamp { val, ecr } => {
            cx.su(" val ", val);
            cx.su(" ecr ", ecr);
        }
        OptValue::Md5(digest) => {
            // tcpdump cannot check a signature without the secret (-M,
            // which netdecode does not take) nor without the whole
            // segment.
            cx.s(" ");
            if tcp.complete() {
                cx.s("shared secret not supplied with -M, ");
            } else {
                cx.s("snaplen too short, ");
            }
            cx.s("can't check - ");
            write_hex(cx, digest);
        }
        OptValue::Scps {
            capabilities,
            connection_id,
        } => cx.f(format_args!(" cap {capabilities:02x} id {connection_id}")),
        OptValue::UserTimeout(u) => {
            cx.f(format_args!(" 0x{:x} {}", u.raw, u.tcpdump_seconds));
        }
        OptValue::TcpAo(ao) => write_tcp_ao(cx, &ao, o.len),
        OptValue::Mptcp(m) => {
            *proto = "mptcp";
            dispatch::mptcp_option(cx, &m);
        }
        OptValue::FastOpen(f) => {
            cx.s(" ");
            write_fast_open(cx, &f);
        }
        OptValue::ExpFastOpen(f) => {
            cx.s("-tfo");
            write_fast_open(cx, &f);
        }
        OptValue::Experimental { magic, .. } => cx.f(format_args!("-{magic:04x}")),
        OptValue::Unknown(data) => {
            if !data.is_empty() {
                cx.s(" 0x");
                write_hex(cx, data);
            }
        }
    }
}

fn write_fast_open(cx: &mut Cx<'_>, f: &FastOpen<'_>) {
    match f {
        FastOpen::Request => cx.s(" cookiereq"),
        FastOpen::Cookie(c) => {
            cx.s(" cookie ");
            write_hex(cx, c);
        }
        FastOpen::Invalid(_) => cx.invalid(),
    }
}

/// TCP-AO fields; with a cut option, as far as they were captured.
fn write_tcp_ao(cx: &mut Cx<'_>, ao: &TcpAo<'_>, len: u8) {
    if !ao.valid {
        cx.invalid();
        return;
    }
    let Some(k) = ao.key_id else { return };
    cx.f(format_args!(" keyid {k}"));
    let Some(r) = ao.rnext_key_id else { return };
    cx.f(format_args!(" rnextkeyid {r}"));
    if len > 4 {
        cx.s(" mac 0x");
        write_hex(cx, ao.mac);
    }
}

/// What tcpdump shows of an option the capture cut, before ` [|tcp]`.
fn write_partial(cx: &mut Cx<'_>, len: u8, partial: &Partial<'_>, rel: &Rel) {
    match partial {
        Partial::None => {}
        Partial::Sack(s) => {
            cx.f(format_args!(" {} ", usize::from(len).saturating_sub(2) / 8));
            for (l, r) in s.blocks() {
                cx.f(format_args!("{{{}:{}}}", rel.sack(l), rel.sack(r)));
            }
        }
        Partial::TcpAo(ao) => write_tcp_ao(cx, ao, len),
        Partial::Bytes(b) => {
            if len > 2 {
                cx.s(" 0x");
                write_hex(cx, b);
            }
        }
    }
}

/// tcpdump's `print_tcp_rst_data`: RFC 1122 section 4.2.2.12 allows
/// text in a RST explaining it.
fn write_rst_data(cx: &mut Cx<'_>, payload: &[u8], length: u32) {
    let captured_all = payload.len() as u64 >= u64::from(length);
    cx.s(if captured_all { " [RST" } else { " [!RST" });
    let mut n = length as usize;
    if n > MAX_RST_DATA {
        n = MAX_RST_DATA;
        cx.s("+");
    }
    cx.s(" ");
    for &c in prefix(payload, n) {
        write_char(cx, c);
    }
    cx.s("]");
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::super::{State, TextOptions};
    use super::*;
    use crate::decode::tcp::tests::{segment, segment_between, SYN_OPTS};
    use crate::decode::tcp::{FLAG_ACK, FLAG_FIN, FLAG_PSH, FLAG_RST, FLAG_SYN};
    use crate::decode::{decode, LinkType, Net, Transport};
    use crate::render::Palette;

    fn opts(verbose: u8) -> TextOptions {
        TextOptions {
            verbose,
            ..TextOptions::default()
        }
    }

    /// The TCP part of the line for a raw-IP frame (wire length `wire`).
    fn line_with(o: &TextOptions, seqs: &mut State, frame: &[u8], wire: usize) -> String {
        let d = decode(LinkType::RAW, frame, wire as u32);
        let (Net::Ipv4(ip), Transport::Tcp(t)) = (d.net, d.transport) else {
            panic!("not tcp: {d:?}")
        };
        let mut out = Vec::new();
        let pal = Palette::plain();
        let mut cx = Cx {
            out: &mut out,
            o,
            pal: &pal,
            names: None,
            state: seqs,
            early_end: false,
        };
        write(&mut cx, &d, &ip, &t);
        String::from_utf8(out).unwrap()
    }

    fn line(o: &TextOptions, frame: &[u8]) -> String {
        line_with(o, &mut State::default(), frame, frame.len())
    }

    /// What `options [...]` shows for an option area.
    fn options_of(area: &[u8]) -> String {
        let f = segment((1, 2), FLAG_SYN, 1, 0, area, &[]);
        let l = line(&opts(0), &f);
        let start = l.find("options [").expect("options") + 9;
        l[start..].trim_end_matches(", length 0").to_string()
    }

    #[test]
    fn every_option_kind() {
        #[rustfmt::skip]
        let cases: &[(&[u8], &str)] = &[
            (&SYN_OPTS, "mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7]"),
            (&[0x06, 0x06, 0, 0, 0, 9, 0, 0], "echo 9,eol]"),
            (&[0x07, 0x06, 0, 0, 0, 9, 0, 0], "echoreply 9,eol]"),
            (&[0x0b, 0x06, 0, 0, 0, 9, 0, 0], "cc 9,eol]"),
            (&[0x0c, 0x06, 0, 0, 0, 9, 0, 0], "ccnew 9,eol]"),
            (&[0x0d, 0x06, 0, 0, 0, 9, 0, 0], " 9,eol]"),
            (&[0x14, 0x04, 0x0a, 0x0b], "scps cap 0a id 11]"),
            (&[0x1c, 0x04, 0x81, 0xf4], "uto 0x81f4 16634]"),
            (&[0x1c, 0x04, 0x80, 0x03], "uto 0x8003 983100]"),
            (&[0x1d, 0x06, 1, 2, 0xaa, 0xbb, 0, 0], "tcp-ao keyid 1 rnextkeyid 2 mac 0xaabb,eol]"),
            (&[0x1d, 0x03, 1, 0], "tcp-ao (invalid),eol]"),
            (&[0x22, 0x02, 0, 0], "tfo  cookiereq,eol]"),
            (&[0x22, 0x06, 1, 2, 3, 4, 0, 0], "tfo  cookie 01020304,eol]"),
            (&[0x22, 0x05, 1, 2, 3, 0, 0, 0], "tfo  (invalid),eol]"),
            (&[0xfe, 0x04, 0xf9, 0x89], "exp-tfo cookiereq]"),
            (&[0xfe, 0x0a, 0xf9, 0x89, 9, 9, 9, 9, 0, 0, 1, 1], "exp-tfo cookie 090909090000,nop,nop]"),
            (&[0xfe, 0x04, 0xab, 0xcd], "exp-abcd]"),
            (&[0x09, 0x02, 0, 0], "unknown-9,eol]"),
            (&[0x09, 0x04, 0xaa, 0xbb], "unknown-9 0xaabb]"),
            (&[0x01, 0x01, 0x01, 0x00], "nop,nop,nop,eol]"),
            (&[0x02, 0x05, 0x05, 0xb4, 0x01, 0, 0, 0], "mss 1460[len 5],nop,eol]"),
            (&[0x05, 0x05, 1, 2, 3, 1, 1, 1], "sack invalid sack,nop,nop,nop]"),
            (&[0x05, 0x02, 0x01, 0x00], "sack 0 ,nop,eol]"),
            // Bad lengths end the line; a closing bracket only after a
            // first option.
            (&[0x09, 0x01, 0, 0], "[bad opt]"),
            (&[0x01, 0x09, 0x04, 0], "nop,[bad opt]]"),
            (&[0x01, 0x08, 0x03, 0], "nop,TS[bad opt]]"),
            (&[0xfe, 0x03, 0xf9, 0], "exp[bad opt]"),
        ];
        for (area, want) in cases {
            assert_eq!(&options_of(area), want, "{area:02x?}");
        }
    }

    #[test]
    fn md5_without_secret() {
        let mut area = vec![0x13, 0x12];
        area.extend(1..=16u8);
        area.extend([0, 0]);
        let want = "md5 shared secret not supplied with -M, can't check - \
                    0102030405060708090a0b0c0d0e0f10,eol]";
        assert_eq!(options_of(&area), want);
        // With the payload cut by the capture.
        let f = segment((1, 2), FLAG_ACK, 1, 1, &area, b"abc");
        let l = line_with(&opts(0), &mut State::default(), &f[..f.len() - 1], f.len());
        assert!(
            l.contains("[md5 snaplen too short, can't check - 0102"),
            "{l}"
        );
    }

    #[test]
    fn mptcp_options() {
        #[rustfmt::skip]
        let cases: &[(u8, &[u8], &str)] = &[
            (FLAG_SYN, &[0x1e, 0x0c, 0x00, 0x81, 0, 0, 0, 0, 0, 0, 0, 1],
             "mptcp 12 capable v0 csum {0x1}]"),
            (FLAG_SYN, &[0x1e, 0x0c, 0x11, 0x01, 0xaa, 0xbb, 0xcc, 0xdd, 0x11, 0x22, 0x33, 0x44],
             "mptcp 12 join backup id 1 token 0xaabbccdd nonce 0x11223344]"),
            (FLAG_ACK, &[0x1e, 0x08, 0x20, 0x01, 0, 0, 0x03, 0xe8],
             "mptcp 8 dss ack 1000]"),
            (FLAG_ACK, &[0x1e, 0x06, 0x20, 0x05, 0, 0, 1, 1],
             "mptcp 6 dss ack [bad opt]"),
            (FLAG_ACK, &[0x1e, 0x08, 0x30, 0x05, 192, 168, 0, 1],
             "mptcp 8 add-addr v1 id 5 192.168.0.1]"),
            (FLAG_ACK, &[0x1e, 0x04, 0x50, 0x02],
             "mptcp 4 prio non-backup id 2]"),
            (FLAG_ACK, &[0x1e, 0x0c, 0x70, 0, 0, 0, 0, 0, 0, 0, 0, 0xff],
             "mptcp 12 fast-close key 0xff]"),
            (FLAG_ACK, &[0x1e, 0x0c, 0x00, 0x81, 0, 0, 0, 0, 0, 0, 0, 1],
             "mptcp 12 capable[bad opt]"),
        ];
        for (flags, area, want) in cases {
            let f = segment((1, 2), *flags, 1, 1, area, &[]);
            let l = line_with(&opts(0), &mut State::default(), &f, f.len());
            let got = &l[l.find("options [").unwrap() + 9..];
            assert_eq!(got.trim_end_matches(", length 0"), *want);
        }
    }

    #[test]
    fn options_cut_by_the_capture() {
        let f = segment((1, 2), FLAG_SYN, 1, 0, &SYN_OPTS, &[]);
        let o = opts(0);
        let at = |cap: usize| {
            let l = line_with(&o, &mut State::default(), &f[..20 + cap], f.len());
            l[l.find(": ").unwrap() + 2..].to_string()
        };
        let head = "Flags [S], seq 1, win 1000, options [";
        // Before the first kind byte, and between kind and length: the
        // marker alone.
        assert_eq!(at(20), format!("{head} [|tcp]"));
        assert_eq!(at(21), format!("{head} [|tcp]"));
        // Inside the first option's data: its name, no closing mark.
        assert_eq!(at(22), format!("{head}mss [|tcp]"));
        // After complete options: the separator, then the marker.
        assert_eq!(at(26), format!("{head}mss 1460,sackOK, [|tcp]"));
        // Inside a later option's data: name, marker and '>'.
        assert_eq!(at(30), format!("{head}mss 1460,sackOK,TS [|tcp]>"));
        // The fixed header cut: ports, then the marker.
        assert_eq!(at(10), " [|tcp]");
        let l = line_with(&o, &mut State::default(), &f[..22], f.len());
        assert_eq!(l, "10.0.0.1 > 10.0.0.2: [|tcp]");
    }

    #[test]
    fn sack_blocks_partly_captured() {
        #[rustfmt::skip]
        let area = [
            0x01, 0x01, 0x05, 0x12,
            0, 0, 0, 10, 0, 0, 0, 20, // {10:20}
            0, 0, 0, 30, 0, 0, 0, 40, // {30:40}
        ];
        let f = segment((1, 2), FLAG_ACK, 1, 1, &area, &[]);
        let l = line_with(&opts(0), &mut State::default(), &f[..f.len() - 2], f.len());
        assert!(
            l.ends_with("options [nop,nop,sack 2 {10:20} [|tcp]>"),
            "{l}"
        );
    }

    #[test]
    fn length_byte_of_the_last_option_read_after_the_header() {
        // nop, nop, nop, then a TS kind as the option area's last byte:
        // tcpdump reads its length from the next byte. A payload byte
        // there makes the option bad; no byte there (the datagram ends, or
        // the capture does) runs out of packet.
        let area = [0x01, 0x01, 0x01, 0x08];
        let f = segment((1, 2), FLAG_ACK, 1, 1, &area, b"abc");
        let l = line_with(&opts(0), &mut State::default(), &f, f.len());
        assert!(l.ends_with("options [nop,nop,nop,[bad opt]]"), "{l}");
        let l = line_with(&opts(0), &mut State::default(), &f[..f.len() - 3], f.len());
        assert!(l.ends_with("options [nop,nop,nop, [|tcp]"), "{l}");
        let f = segment((1, 2), FLAG_ACK, 1, 1, &area, &[]);
        let l = line_with(&opts(0), &mut State::default(), &f, f.len());
        assert!(l.ends_with("options [nop,nop,nop, [|tcp]"), "{l}");
    }

    #[test]
    fn invalid_sack_length_judged_by_its_length_byte() {
        // nop, SACK of length 7 (5 data bytes: not whole blocks). tcpdump
        // never reads the data of such an option, so however little of it
        // was captured (here none of it), it is "invalid sack".
        let area = [0x01, 0x05, 0x07, 0, 0, 0, 1, 0];
        let f = segment((1, 2), FLAG_ACK, 1, 1, &area, &[]);
        for cut in [0, 3, 5] {
            let l = line_with(
                &opts(0),
                &mut State::default(),
                &f[..f.len() - cut],
                f.len(),
            );
            assert!(
                l.ends_with("options [nop,sack invalid sack], length 0"),
                "cut {cut}: {l}"
            );
        }
    }

    #[test]
    fn relative_and_absolute_sequence_numbers() {
        let o = opts(0);
        let mut seqs = State::default();
        let c = (5000, 80);
        let s = (80, 5000);
        let back = |ports, flags, seq, ack, opts: &[u8]| {
            segment_between(
                [10, 0, 0, 2],
                [10, 0, 0, 1],
                ports,
                flags,
                seq,
                ack,
                opts,
                &[],
            )
        };
        let syn = segment(c, FLAG_SYN, 4294967290, 0, &[], &[]);
        let synack = back(s, FLAG_SYN | FLAG_ACK, 100, 4294967291, &[]);
        let ack = segment(c, FLAG_ACK, 4294967291, 101, &[], &[]);
        let data = segment(c, FLAG_ACK | FLAG_PSH, 4294967291, 101, &[], b"0123456789");
        #[rustfmt::skip]
        let sack_opts = [
            0x01, 0x01, 0x05, 0x0a,
            0, 0, 0, 5, 0, 0, 0, 9, // a block past the wrap
        ];
        let sack = back(s, FLAG_ACK, 101, 5, &sack_opts);
        let fin = back(s, FLAG_FIN | FLAG_ACK, 101, 5, &[]);
        let l = |f: &[u8], seqs: &mut State| {
            let l = line_with(&o, seqs, f, f.len());
            l[l.find("Flags").unwrap()..].to_string()
        };
        assert_eq!(
            l(&syn, &mut seqs),
            "Flags [S], seq 4294967290, win 1000, length 0"
        );
        // The SYN-ACK records the bases and prints absolute numbers.
        assert_eq!(
            l(&synack, &mut seqs),
            "Flags [S.], seq 100, ack 4294967291, win 1000, length 0"
        );
        assert_eq!(l(&ack, &mut seqs), "Flags [.], ack 1, win 1000, length 0");
        assert_eq!(
            l(&data, &mut seqs),
            "Flags [P.], seq 1:11, ack 1, win 1000, length 10: HTTP"
        );
        assert_eq!(
            l(&sack, &mut seqs),
            "Flags [.], ack 11, win 1000, options [nop,nop,sack 1 {11:15}], length 0"
        );
        assert_eq!(
            l(&fin, &mut seqs),
            "Flags [F.], seq 1, ack 11, win 1000, length 0"
        );
        // -S: absolute everywhere, SACK blocks included.
        let abs = TextOptions {
            absolute_seq: true,
            ..o
        };
        let l = line_with(&abs, &mut seqs, &sack, sack.len());
        assert!(
            l.ends_with("ack 5, win 1000, options [nop,nop,sack 1 {5:9}], length 0"),
            "{l}"
        );
        // A conversation first seen mid-stream: absolute, then relative.
        let mut fresh = State::default();
        let l = line_with(&o, &mut fresh, &data, data.len());
        assert!(l.contains("seq 4294967291:5, ack 101,"), "{l}");
        let l = line_with(&o, &mut fresh, &data, data.len());
        assert!(l.contains("seq 0:10, ack 1,"), "{l}");
    }

    #[test]
    fn checksum_verdicts() {
        let f = segment((5000, 5001), FLAG_ACK | FLAG_PSH, 1, 1, &[], b"abc");
        let v = opts(1);
        let l = line(&v, &f);
        assert!(l.contains("Flags [P.], cksum 0x"), "{l}");
        assert!(l.contains(" (correct), seq 1:4"), "{l}");
        let mut bad = f.clone();
        bad[36] ^= 0x01; // checksum field's high byte
        let want = u16::from_be_bytes([f[36], f[37]]);
        let l = line(&v, &bad);
        assert!(
            l.contains(&format!("(incorrect -> 0x{want:04x})")),
            "{l} {want:04x}"
        );
        // Not with -K, not when the segment was not captured whole, not on
        // a fragment, not without -v.
        let no_k = TextOptions {
            verify_checksums: false,
            ..v
        };
        assert!(!line(&no_k, &bad).contains("cksum"));
        let cut = line_with(&v, &mut State::default(), &f[..f.len() - 1], f.len());
        assert!(!cut.contains("cksum"), "{cut}");
        let mut frag = f.clone();
        frag[6] = 0x20; // MF
        frag[10..12].copy_from_slice(&[0, 0]);
        let c = crate::decode::bytes::checksum(&frag[..20], 0);
        frag[10..12].copy_from_slice(&c.to_be_bytes());
        assert!(!line(&v, &frag).contains("cksum"));
        assert!(!line(&opts(0), &bad).contains("cksum"));
    }

    #[test]
    fn header_length_complaints_and_quiet() {
        let mut f = segment((1, 2), FLAG_ACK, 1, 1, &[], b"xyz");
        let q = TextOptions {
            quiet: true,
            ..opts(0)
        };
        assert_eq!(line(&q, &f), "10.0.0.1.1 > 10.0.0.2.2: tcp 3");
        f[32] = 0x40;
        assert_eq!(
            line(&opts(0), &f),
            "10.0.0.1.1 > 10.0.0.2.2:  tcp 7 [bad hdr length 16 - too short, < 20]"
        );
        f[32] = 0xf0;
        assert_eq!(
            line(&opts(0), &f),
            "10.0.0.1.1 > 10.0.0.2.2: Flags [.] [bad hdr length 60 - too long, > 23]"
        );
        assert_eq!(
            line(&q, &f),
            "10.0.0.1.1 > 10.0.0.2.2: tcp 4294967259 [bad hdr length 60 - too long, > 23]"
        );
    }

    #[test]
    fn rst_data() {
        let payload = b"reset because of \x80\xff\x7f\x00\x1b and a long tail here";
        let f = segment((1, 2), FLAG_RST | FLAG_ACK, 1, 1, &[], payload);
        let l = line(&opts(1), &f);
        assert!(
            l.ends_with("length 43 [RST+ reset because of M-^@M-^?^?^@^[ and a l]"),
            "{l}"
        );
        let l = line_with(&opts(1), &mut State::default(), &f[..f.len() - 30], f.len());
        assert!(l.ends_with("length 43 [!RST+ reset because]"), "{l}");
        // Without -v, nothing.
        assert!(line(&opts(0), &f).ends_with("length 43"));
    }

    #[test]
    fn http_first_line_and_verbose_lines() {
        let f = segment(
            (80, 5000),
            FLAG_ACK | FLAG_PSH,
            1,
            1,
            &[],
            b"HTTP/1.1 200 OK\r\nA: b\r\n\r\nbody",
        );
        assert!(line(&opts(0), &f).ends_with("length 29: HTTP: HTTP/1.1 200 OK"));
        assert!(line(&opts(1), &f).ends_with(
            "length 29: HTTP, length: 29\n\tHTTP/1.1 200 OK\n\tA: b\n\t\n\tbody [|http]"
        ));
        let not = segment((80, 5000), FLAG_ACK, 1, 1, &[], b"more body\r\n");
        assert!(line(&opts(1), &not).ends_with("length 11: HTTP"));
    }

    #[test]
    fn longjmp_truncations_mark_the_packet() {
        let f = segment((1, 2), FLAG_SYN, 1, 0, &SYN_OPTS, &[]);
        let o = opts(0);
        let pal = Palette::plain();
        for (cap, early) in [(41usize, true), (42, false), (46, true), (50, false)] {
            let d = decode(LinkType::RAW, &f[..cap], f.len() as u32);
            let (Net::Ipv4(ip), Transport::Tcp(t)) = (d.net, d.transport) else {
                panic!()
            };
            let mut out = Vec::new();
            let mut cx = Cx {
                out: &mut out,
                o: &o,
                pal: &pal,
                names: None,
                state: &mut State::default(),
                early_end: false,
            };
            write(&mut cx, &d, &ip, &t);
            assert_eq!(cx.early_end, early, "cap {cap}");
        }
    }

    /// The entry point other network layers (IPv6) use: ports without
    /// addresses when the next header is not TCP itself, and sequence
    /// bases keyed by IPv6 addresses.
    #[test]
    fn over_another_network_layer() {
        let f = segment((80, 5000), FLAG_ACK, 1000, 2000, &[], b"x");
        let d = decode(LinkType::RAW, &f, f.len() as u32);
        let Transport::Tcp(t) = d.transport else {
            panic!()
        };
        let a: IpAddr = "2001:db8::2".parse().unwrap();
        let b: IpAddr = "2001:db8::1".parse().unwrap();
        let o = opts(1);
        let pal = Palette::plain();
        let mut seqs = State::default();
        let mut run = |under: &Under| {
            let mut out = Vec::new();
            let mut cx = Cx {
                out: &mut out,
                o: &o,
                pal: &pal,
                names: None,
                state: &mut seqs,
                early_end: false,
            };
            write_tcp(&mut cx, &d, under, &t);
            String::from_utf8(out).unwrap()
        };
        let mut under = Under {
            src: a,
            dst: b,
            with_addrs: true,
            fragmented: false,
            pseudo_sum: None,
        };
        assert_eq!(
            run(&under),
            "2001:db8::2.80 > 2001:db8::1.5000: Flags [.], seq 1000:1001, ack 2000, \
             win 1000, length 1: HTTP"
        );
        under.with_addrs = false;
        assert_eq!(
            run(&under),
            "80 > 5000: Flags [.], seq 0:1, ack 1, win 1000, length 1: HTTP"
        );
    }

    #[test]
    fn other_text_protocols_and_ssh() {
        let ftp = segment((21, 5000), FLAG_ACK | FLAG_PSH, 1, 1, &[], b"220 hello\r\n");
        assert!(line(&opts(0), &ftp).ends_with("length 11: FTP: 220 hello"));
        assert!(line(&opts(1), &ftp).ends_with("length 11: FTP, length: 11\n\t220 hello"));
        // SMTP wins over HTTP: tcpdump tries port 25 first.
        let smtp = segment((25, 80), FLAG_ACK | FLAG_PSH, 1, 1, &[], b"EHLO x\r\n");
        assert!(line(&opts(0), &smtp).ends_with("length 8: SMTP: EHLO x"));
        let ssh = segment((22, 5000), FLAG_ACK | FLAG_PSH, 1, 1, &[], b"SSH-2.0-x\r\n");
        assert!(line(&opts(0), &ssh).ends_with("length 11: SSH: SSH-2.0-x"));
        let l = line_with(&opts(0), &mut State::default(), &ssh[..42], ssh.len());
        assert!(l.ends_with("length 11 [|ssh]"), "{l}");
        // A port tcpdump has a printer for that netdecode lacks: the line
        // stops after the length.
        let bgp = segment((179, 5000), FLAG_ACK | FLAG_PSH, 1, 1, &[], b"\xff\xff");
        assert!(line(&opts(0), &bgp).ends_with("length 2"));
    }
}
