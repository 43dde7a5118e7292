//! TCP, as tcpdump's print-tcp.c prints it: flags, relative sequence
//! numbers (tcpdump keeps per-conversation state for them), options
//! (print-mptcp.c for MPTCP), checksum verification with -v, RST data
//! with -v, and the payload printers tcpdump picks by port that netdecode
//! has (text protocols in `txtproto.rs`).

use std::collections::HashMap;
use std::net::IpAddr;

use super::Cx;
use crate::decode::bytes::{checksum, cksum_shouldbe, prefix};
use crate::decode::ipv4::Ipv4;
use crate::decode::tcp::mptcp::{self, Body, Field, Join, Mptcp};
use crate::decode::tcp::options::{
    kind, BadOption, CutOption, FastOpen, OptItem, OptValue, Partial, TcpAo, TcpOption,
};
use crate::decode::tcp::{self as t, Form, Tcp};
use crate::decode::{App, Decoded};

/// Initial sequence numbers per conversation, keyed in one collating order
/// for both directions (tcpdump's `tcp_seq_hash`). Entries are never
/// removed, as in tcpdump.
#[derive(Default)]
pub struct SeqTable {
    map: HashMap<ConvKey, Bases>,
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
pub(super) fn write(
    cx: &mut Cx<'_>,
    seqs: &mut SeqTable,
    d: &Decoded<'_>,
    ip: &Ipv4<'_>,
    tcp: &Tcp<'_>,
) {
    let under = Under {
        src: IpAddr::V4(ip.header.src),
        dst: IpAddr::V4(ip.header.dst),
        with_addrs: true,
        fragmented: ip.header.more_fragments(),
        pseudo_sum: Some(ip.pseudo_header_sum(tcp.length)),
    };
    write_tcp(cx, seqs, d, &under, tcp);
}

fn write_addr(cx: &mut Cx<'_>, a: IpAddr) {
    let style = cx.pal.addr;
    cx.styled(style, format_args!("{a}"));
}

/// tcpdump's ` [|proto]` with a protocol name of our own choosing.
fn trunc(cx: &mut Cx<'_>, proto: &str) {
    let warn = cx.pal.warn;
    cx.styled(warn, format_args!(" [|{proto}]"));
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

/// Looks up (or records) the conversation's bases and returns the numbers
/// to print. A SYN, or a conversation not seen yet, (re)records the bases
/// and leaves the numbers absolute.
fn relative(seqs: &mut SeqTable, under: &Under, h: &t::Header) -> (u32, u32, Rel) {
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
pub(crate) fn write_tcp(
    cx: &mut Cx<'_>,
    seqs: &mut SeqTable,
    d: &Decoded<'_>,
    under: &Under,
    tcp: &Tcp<'_>,
) {
    let h = &tcp.header;
    if tcp.form == Form::NoPorts {
        write_addr(cx, under.src);
        cx.s(" > ");
        write_addr(cx, under.dst);
        cx.s(":");
        trunc(cx, "tcp");
        return;
    }
    let port = cx.pal.port;
    if under.with_addrs {
        write_addr(cx, under.src);
        cx.styled(port, format_args!(".{}", h.src_port));
        cx.s(" > ");
        write_addr(cx, under.dst);
        cx.styled(port, format_args!(".{}", h.dst_port));
    } else {
        cx.styled(port, format_args!("{}", h.src_port));
        cx.s(" > ");
        cx.styled(port, format_args!("{}", h.dst_port));
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
        relative(seqs, under, h)
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
            let sum = checksum(prefix(tcp.segment, length as usize), pseudo);
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
    cx.f(format_args!(", length {length}"));
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
    match &d.app {
        App::Text(text) => {
            cx.s(": ");
            super::txtproto::write(cx, text);
        }
        App::Ssh(banner) => super::txtproto::write_ssh(cx, banner),
        _ => {}
    }
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
    cx.styled(
        style,
        format_args!("{}", if n == 0 { "none" } else { names }),
    );
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
            cx.f(format_args!("unknown-{other}"));
            return;
        }
    };
    cx.s(name);
}

fn write_hex(cx: &mut Cx<'_>, bytes: &[u8]) {
    for b in bytes {
        cx.f(format_args!("{b:02x}"));
    }
}

/// The option list after `options [`; false when it ended the line (a bad
/// option or the end of the capture), true when `]` is still to come.
fn write_options(cx: &mut Cx<'_>, tcp: &Tcp<'_>, rel: &Rel, proto: &mut &'static str) -> bool {
    let mut first = true;
    for item in tcp.options() {
        if !first {
            cx.s(",");
        }
        match item {
            OptItem::Opt(o) => {
                write_option(cx, tcp, &o, rel, proto);
                if o.len_mismatch() {
                    cx.f(format_args!("[len {}]", o.len));
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
                        write_mptcp(cx, &m);
                    }
                }
                let warn = cx.pal.warn;
                cx.styled(warn, format_args!("[bad opt]"));
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
        OptValue::Mss(v) => cx.f(format_args!(" {v}")),
        OptValue::WindowScale(v) => cx.f(format_args!(" {v}")),
        OptValue::Sack(s) => {
            if !s.is_valid() {
                cx.s(" invalid sack");
            } else {
                cx.f(format_args!(" {} ", s.count()));
                for (l, r) in s.blocks() {
                    cx.f(format_args!("{{{}:{}}}", rel.sack(l), rel.sack(r)));
                }
            }
        }
        OptValue::Word(v) => cx.f(format_args!(" {v}")),
        OptValue::Timestamp { val, ecr } => cx.f(format_args!(" val {val} ecr {ecr}")),
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
        OptValue::UserTimeout(raw) => {
            // The low bit says minutes (1) or seconds (0).
            let secs = if raw & 1 != 0 {
                u32::from(raw >> 1) * 60
            } else {
                u32::from(raw >> 1)
            };
            cx.f(format_args!(" 0x{raw:x} {secs}"));
        }
        OptValue::TcpAo(ao) => write_tcp_ao(cx, &ao, o.len),
        OptValue::Mptcp(m) => {
            *proto = "mptcp";
            write_mptcp(cx, &m);
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

fn mptcp_subtype_name(sub: u8) -> &'static str {
    match sub {
        mptcp::subtype::CAPABLE => "capable",
        mptcp::subtype::JOIN => "join",
        mptcp::subtype::DSS => "dss",
        mptcp::subtype::ADD_ADDR => "add-addr",
        mptcp::subtype::REMOVE_ADDR => "rem-addr",
        mptcp::subtype::PRIO => "prio",
        mptcp::subtype::FAIL => "fail",
        mptcp::subtype::FAST_CLOSE => "fast-close",
        _ => "unknown",
    }
}

/// print-mptcp.c: length, subtype and the subtype's fields (as far as
/// they were read when the option is invalid).
fn write_mptcp(cx: &mut Cx<'_>, m: &Mptcp<'_>) {
    let Some(sub) = m.subtype else { return };
    cx.f(format_args!(" {} {}", m.len, mptcp_subtype_name(sub)));
    match m.body {
        Body::None | Body::Unknown => {}
        Body::Capable {
            version,
            checksum_required,
            sender_key,
            receiver_key,
        } => {
            if version > 1 {
                cx.f(format_args!(" Unknown Version ({version})"));
                return;
            }
            cx.f(format_args!(" v{version}"));
            if checksum_required {
                cx.s(" csum");
            }
            if let Some(s) = sender_key {
                cx.f(format_args!(" {{0x{s:x}"));
                if let Some(r) = receiver_key {
                    cx.f(format_args!(",0x{r:x}"));
                }
                cx.s("}");
            }
        }
        Body::Join(j) => match j {
            Join::Syn {
                backup,
                addr_id,
                token,
                nonce,
            } => {
                if backup {
                    cx.s(" backup");
                }
                cx.f(format_args!(
                    " id {addr_id} token 0x{token:x} nonce 0x{nonce:x}"
                ));
            }
            Join::SynAck {
                backup,
                addr_id,
                hmac,
                nonce,
            } => {
                if backup {
                    cx.s(" backup");
                }
                cx.f(format_args!(
                    " id {addr_id} hmac 0x{hmac:x} nonce 0x{nonce:x}"
                ));
            }
            Join::Ack { hmac } => {
                cx.s(" hmac 0x");
                write_hex(cx, hmac);
            }
        },
        Body::Dss { flags, ack, map } => write_dss(cx, flags, ack, map),
        Body::AddAddr {
            echo_bits,
            addr_id,
            addr,
            port,
            hmac,
        } => {
            let name = match echo_bits {
                0x6 => "v0-ip6",
                0x4 => "v0-ip4",
                0x1 => "v1-echo",
                0x0 => "v1",
                _ => "[bad version/echo]",
            };
            cx.f(format_args!(" {name} id {addr_id} {addr}"));
            if let Some(p) = port {
                cx.f(format_args!(":{p}"));
            }
            if let Some(h) = hmac {
                cx.f(format_args!(" hmac 0x{h:x}"));
            }
        }
        Body::RemoveAddr { ids } => {
            cx.s(" id");
            for id in ids {
                cx.f(format_args!(" {id}"));
            }
        }
        Body::Prio { backup, addr_id } => {
            cx.s(if backup { " backup" } else { " non-backup" });
            if let Some(id) = addr_id {
                cx.f(format_args!(" id {id}"));
            }
        }
        Body::Fail { dsn } => cx.f(format_args!(" seq {dsn}")),
        Body::FastClose { key } => cx.f(format_args!(" key 0x{key:x}")),
    }
}

fn write_dss(cx: &mut Cx<'_>, flags: u8, ack: Field<u64>, map: Option<mptcp::DssMap>) {
    use mptcp::dss_flag as f;
    if flags & f::FIN != 0 {
        cx.s(" fin");
    }
    if flags & f::ACK != 0 {
        cx.s(" ack ");
        match ack {
            Field::Present(v) => cx.f(format_args!("{v}")),
            _ => return,
        }
    }
    let Some(m) = map else { return };
    cx.s(" seq ");
    match m.dsn {
        Field::Present(v) => cx.f(format_args!("{v}")),
        _ => return,
    }
    let Some(ssn) = m.subflow_seq else { return };
    cx.f(format_args!(" subseq {ssn}"));
    let Some(len) = m.data_len else { return };
    cx.f(format_args!(" len {len}"));
    if let Some(c) = m.checksum {
        cx.f(format_args!(" csum 0x{c:x}"));
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

/// tcpdump's `fn_print_char`: `M-` for the high bit, `^` for controls.
pub(super) fn write_char(cx: &mut Cx<'_>, c: u8) {
    let mut c = c;
    if !c.is_ascii() {
        c &= 0x7f;
        cx.s("M-");
    }
    if !(0x20..0x7f).contains(&c) {
        c ^= 0x40;
        cx.s("^");
    }
    cx.f(format_args!("{}", c as char));
}
