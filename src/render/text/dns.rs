//! DNS, mDNS and DNS over TCP, as tcpdump's print-domain.c prints them:
//! the header line, questions, records (all sections with -vv, TTLs with
//! -vvv), EDNS options, and its truncation and error markers.

use super::fmt::write_char;
use super::Cx;
use crate::decode::dns::{
    class_name, eopt, option_name, rtype, type_name, Carrier, Cut, Dns, EdnsItem, EdnsOption, Form,
    Name, Piece, RData, TxtItem, A6, CLASS_IN, CLASS_MDNS_BIT,
};

const OPS: [&str; 16] = [
    "",
    " inv_q",
    " stat",
    " op3",
    " notify",
    " update",
    " op6",
    " op7",
    " op8",
    " updateA",
    " updateD",
    " updateDA",
    " updateM",
    " updateMA",
    " zoneInit",
    " zoneRef",
];

// tcpdump's table, "Resp17" and "Resp21" without their space included.
const RESP: [&str; 24] = [
    "",
    " FormErr",
    " ServFail",
    " NXDomain",
    " NotImp",
    " Refused",
    " YXDomain",
    " YXRRSet",
    " NXRRSet",
    " NotAuth",
    " NotZone",
    " Resp11",
    " Resp12",
    " Resp13",
    " Resp14",
    " NoChange",
    " BadVers",
    "Resp17",
    " Resp18",
    " Resp19",
    " Resp20",
    "Resp21",
    " Resp22",
    " BadCookie",
];

fn dau_name(a: u8) -> Option<&'static str> {
    Some(match a {
        0 => "DELETE",
        1 => "RSAMD5",
        2 => "DH",
        3 => "DS",
        5 => "RSASHA1",
        6 => "DSA-NSEC3-SHA1",
        7 => "RSASHA1-NSEC3-SHA1",
        8 => "RSASHA256",
        10 => "RSASHA512",
        12 => "ECC-GOST",
        13 => "ECDSAP256SHA256",
        14 => "ECDSAP384SHA384",
        15 => "ED25519",
        16 => "ED448",
        252 => "INDIRECT",
        253 => "PRIVATEDNS",
        254 => "PRIVATEOID",
        _ => return None,
    })
}

fn dhu_name(a: u8) -> Option<&'static str> {
    Some(match a {
        1 => "SHA-1",
        2 => "SHA-256",
        3 => "GOST_R_34.11-94",
        4 => "SHA-384",
        _ => return None,
    })
}

fn n3u_name(a: u8) -> Option<&'static str> {
    (a == 1).then_some("SHA-1")
}

fn write_type(cx: &mut Cx<'_>, t: u16) {
    match type_name(t) {
        Some(n) => cx.s(n),
        None => cx.f(format_args!("Type{t}")),
    }
}

fn write_class(cx: &mut Cx<'_>, c: u16) {
    match class_name(c) {
        Some(n) => cx.s(n),
        None => cx.f(format_args!("(Class {c})")),
    }
}

/// tcpdump's `unsigned_relts_print`: 1h2m3s.
fn write_relts(cx: &mut Cx<'_>, mut secs: u32) {
    if secs == 0 {
        cx.s("0s");
        return;
    }
    for (unit, name) in [
        (31_536_000, "y"),
        (604_800, "w"),
        (86_400, "d"),
        (3_600, "h"),
        (60, "m"),
        (1, "s"),
    ] {
        if secs >= unit {
            cx.f(format_args!("{}{name}", secs / unit));
            secs %= unit;
        }
    }
}

/// An IPv6 address as tcpdump's `addrtostr6` writes it: like RFC 5952,
/// but an IPv4-compatible address (`::a.b.c.d`, 96 zero bits and a
/// non-zero seventh word) keeps its dotted tail.
// TODO(merge): one IPv6 formatter for every printer once IPv6 lands.
struct Ip6(std::net::Ipv6Addr);

impl std::fmt::Display for Ip6 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let w = self.0.segments();
        if w[..6].iter().all(|&x| x == 0) && w[6] != 0 {
            let [.., a, b, c, d] = self.0.octets();
            return write!(f, "::{a}.{b}.{c}.{d}");
        }
        write!(f, "{}", self.0)
    }
}

/// Prints a name as tcpdump's `fqdn_print`; returns where it ended.
fn write_name(cx: &mut Cx<'_>, n: &Name<'_>) -> Result<usize, Cut> {
    n.walk(&mut |p| match p {
        Piece::Label(b) => {
            for &c in b {
                write_char(cx, c);
            }
        }
        Piece::Dot | Piece::Root => cx.s("."),
        Piece::Bits { bitlen, bytes } => write_bits(cx, bitlen, bytes),
        Piece::BadPtr => cx.s("<BAD PTR>"),
        Piece::Elt(e) => cx.f(format_args!("<ELT {e}>")),
        Piece::BadLabelType => cx.s("<BAD LABEL TYPE>"),
        Piece::TooLong => cx.s("<DOMAIN NAME TOO LONG>"),
    })
}

/// tcpdump's `blabel_print`, up to where the capture ends.
fn write_bits(cx: &mut Cx<'_>, bitlen: u16, bytes: &[u8]) {
    cx.s("\\[x");
    let mut it = bytes.iter();
    let mut b = bitlen;
    while b > 7 {
        let Some(v) = it.next() else { return };
        cx.f(format_args!("{v:02x}"));
        b -= 8;
    }
    if b > 4 {
        let Some(&v) = it.next() else { return };
        cx.f(format_args!("{:02x}", v & (0xffu8 << (8 - b))));
    } else if b > 0 {
        let Some(&v) = it.next() else { return };
        cx.f(format_args!("{:1x}", (v >> 4) & (0x0fu8 << (4 - b)) & 0x0f));
    }
    cx.f(format_args!("/{bitlen}]"));
}

fn write_str(cx: &mut Cx<'_>, b: &[u8]) {
    for &c in b {
        write_char(cx, c);
    }
}

/// tcpdump's `ns_qprint`.
fn write_question(cx: &mut Cx<'_>, dns: &Dns<'_>, cp: usize) -> Result<usize, Cut> {
    let q = dns.question(cp).ok_or(Cut::Null)?;
    cx.s(" ");
    write_type(cx, q.qtype);
    let mdns = dns.carrier == Carrier::Mdns;
    let class = if mdns {
        q.qclass & !CLASS_MDNS_BIT
    } else {
        q.qclass
    };
    if class != CLASS_IN {
        cx.s(" ");
        write_class(cx, class);
    }
    if mdns {
        cx.s(if q.qclass & CLASS_MDNS_BIT != 0 {
            " (QU)"
        } else {
            " (QM)"
        });
    }
    cx.s("? ");
    write_name(cx, &q.name).map(crate::decode::dns::Question::next)
}

/// tcpdump's `ns_rprint`.
fn write_rr(cx: &mut Cx<'_>, dns: &Dns<'_>, cp: usize) -> Result<usize, Cut> {
    let end = if cx.o.verbose > 0 {
        cx.s(" ");
        Some(write_name(cx, &dns.name(cp))?)
    } else {
        dns.skip_name(cp)
    };
    let Some(rr) = dns.rr(end) else {
        return Ok(dns.end());
    };
    let class = rr.class_value();
    if class != CLASS_IN && rr.rtype != rtype::OPT {
        cx.s(" ");
        write_class(cx, class);
    }
    if rr.cache_flush() {
        cx.s(" (Cache flush)");
    }
    if rr.rtype != rtype::OPT && cx.o.verbose > 2 {
        cx.s(" [");
        write_relts(cx, rr.ttl);
        cx.s("]");
    }
    cx.s(" ");
    write_type(cx, rr.rtype);
    if !rr.data_captured() {
        return Err(Cut::Null);
    }
    match rr.data() {
        RData::A(a) => cx.f(format_args!(" {}", a.ok_or(Cut::Null)?)),
        RData::Aaaa(a) => cx.f(format_args!(" {}", Ip6(a.ok_or(Cut::Null)?))),
        RData::Name(n) => {
            cx.s(" ");
            write_name(cx, &n)?;
        }
        RData::Soa { mname } => {
            if cx.o.verbose > 0 {
                cx.s(" ");
                let e = write_name(cx, &mname)?;
                cx.s(" ");
                let e = write_name(cx, &rr.soa_rname(e))?;
                let nums = rr.soa_numbers(e).ok_or(Cut::Null)?;
                for v in nums {
                    cx.f(format_args!(" {v}"));
                }
            }
        }
        RData::Mx {
            preference,
            exchange,
        } => {
            cx.s(" ");
            let pref = preference.ok_or(Cut::Null)?;
            write_name(cx, &exchange)?;
            cx.f(format_args!(" {pref}"));
        }
        RData::Txt(txt) => {
            for item in txt {
                cx.s(" \"");
                match item {
                    TxtItem::NoLength => return Err(Cut::Null),
                    TxtItem::Str { bytes, cut } => {
                        write_str(cx, bytes);
                        if cut {
                            return Err(Cut::Null);
                        }
                    }
                }
                cx.s("\"");
            }
        }
        RData::Srv(srv) => {
            cx.s(" ");
            let s = srv.ok_or(Cut::Null)?;
            write_name(cx, &s.target)?;
            cx.f(format_args!(":{} {} {}", s.port, s.priority, s.weight));
        }
        RData::A6(a6) => match a6 {
            A6::Cut => return Err(Cut::Null),
            A6::BadPlen(p) => cx.f(format_args!(" {p}(bad plen)")),
            A6::Ok {
                plen,
                suffix,
                complete,
                prefix,
            } => {
                if !complete {
                    return Err(Cut::Jump);
                }
                if let Some(a) = suffix {
                    cx.f(format_args!(" {plen} {}", Ip6(a)));
                }
                if let Some(n) = prefix {
                    cx.s(" ");
                    write_name(cx, &n)?;
                }
            }
        },
        RData::Uri(u) => {
            let (prio, weight) = u.priority_weight.ok_or(Cut::Jump)?;
            cx.f(format_args!(" {prio} {weight} "));
            write_str(cx, u.target);
            if u.cut {
                return Err(Cut::Null);
            }
        }
        RData::Opt(o) => {
            cx.f(format_args!(" UDPsize={}", o.udp_size));
            if o.flags & 0x8000 != 0 {
                cx.s(" DO");
            }
            let mut any = false;
            for item in o.options {
                if !any {
                    cx.s(" [");
                    any = true;
                }
                match item {
                    EdnsItem::NoCode => return Err(Cut::Null),
                    EdnsItem::Cut { code } => {
                        write_option_name(cx, code);
                        return Err(Cut::Null);
                    }
                    EdnsItem::Opt(opt) => {
                        write_option(cx, &opt);
                        if opt.more {
                            cx.s(",");
                        }
                    }
                }
            }
            if any {
                cx.s("]");
            }
        }
        RData::UnspecA(b) => write_str(cx, b),
        RData::Tsig { algorithm } => {
            if cx.o.verbose > 0 {
                cx.s(" ");
                let e = write_name(cx, &algorithm)?;
                let f = rr.tsig_fields(e);
                let fields = [
                    ("fudge", f.fudge),
                    ("maclen", f.mac_len),
                    ("origid", f.original_id),
                    ("error", f.error),
                    ("otherlen", f.other_len),
                ];
                for (name, v) in fields {
                    cx.f(format_args!(" {name}={}", v.ok_or(Cut::Null)?));
                }
            }
        }
        RData::Other(_) => {}
    }
    Ok(rr.next)
}

fn write_option_name(cx: &mut Cx<'_>, code: u16) {
    match option_name(code) {
        Some(n) => cx.s(n),
        None => cx.f(format_args!("Opt{code}")),
    }
}

/// tcpdump's `eopt_print` for a captured option.
fn write_option(cx: &mut Cx<'_>, opt: &EdnsOption<'_>) {
    write_option_name(cx, opt.code);
    let d = opt.data;
    if d.is_empty() {
        return;
    }
    cx.s(" ");
    let len = d.len();
    let list = |cx: &mut Cx<'_>, name: fn(u8) -> Option<&'static str>| {
        for (k, &a) in d.iter().enumerate() {
            if k > 0 {
                cx.s(" ");
            }
            match name(a) {
                Some(n) => cx.s(n),
                None => cx.f(format_args!("Alg_{a}")),
            }
        }
    };
    match opt.code {
        eopt::ECS => match opt.client_subnet() {
            Some(s) => {
                match s.address {
                    std::net::IpAddr::V4(a) => cx.f(format_args!("{a}")),
                    std::net::IpAddr::V6(a) => cx.f(format_args!("{}", Ip6(a))),
                }
                cx.f(format_args!("/{}/{}", s.source_prefix, s.scope_prefix));
            }
            None => cx.invalid(),
        },
        eopt::COOKIE => {
            if len < 8 || (len > 8 && len < 16) || len > 40 {
                cx.invalid();
            } else {
                for (k, b) in d.iter().enumerate() {
                    if k == 8 {
                        cx.s(" ");
                    }
                    cx.f(format_args!("{b:02x}"));
                }
            }
        }
        eopt::KEEPALIVE => match opt.keepalive() {
            Some(t) => cx.f(format_args!("{:.1} sec", f64::from(t) / 10.0)),
            None => cx.invalid(),
        },
        eopt::EXPIRE => match opt.expire() {
            Some(e) => cx.f(format_args!("{e} sec")),
            None => cx.invalid(),
        },
        eopt::PADDING => cx.f(format_args!("({len})")),
        eopt::KEYTAG => match opt.key_tags() {
            None => cx.invalid(),
            Some(tags) => {
                for (k, t) in tags.enumerate() {
                    if k > 0 {
                        cx.s(" ");
                    }
                    cx.f(format_args!("{t}"));
                }
            }
        },
        eopt::DAU => list(cx, dau_name),
        eopt::DHU => list(cx, dhu_name),
        eopt::N3U => list(cx, n3u_name),
        eopt::CHAIN => {
            // tcpdump ignores whether the name printed whole.
            let _ = write_name(cx, &opt.chain_name());
        }
        _ => {
            for b in d {
                cx.f(format_args!("{b:02x}"));
            }
        }
    }
}

/// Prints a section's records the way `domain_print` loops over them;
/// `label` is printed before a section that is not the answer section,
/// which tcpdump starts only while bytes remain.
fn write_section(
    cx: &mut Cx<'_>,
    dns: &Dns<'_>,
    mut cp: usize,
    count: u16,
    label: Option<&str>,
) -> Result<usize, Cut> {
    let mut left = count;
    let start = match label {
        None => left > 0,
        Some(_) => dns.before_end(cp) && left > 0,
    };
    if start {
        if let Some(l) = label {
            cx.s(l);
        }
        cp = write_rr(cx, dns, cp)?;
        left -= 1;
        while dns.before_end(cp) && left > 0 {
            cx.s(",");
            cp = write_rr(cx, dns, cp)?;
            left -= 1;
        }
    }
    if left > 0 {
        return Err(Cut::Null);
    }
    Ok(cp)
}

fn write_body(cx: &mut Cx<'_>, dns: &Dns<'_>) -> Result<(), Cut> {
    let h = &dns.header;
    let vv = cx.o.verbose > 1;
    let mut cp = dns.start();
    if h.response() {
        let rcode = dns.rcode;
        cx.f(format_args!("{}{}", h.id, OPS[usize::from(h.opcode())]));
        match RESP.get(usize::from(rcode)) {
            Some(s) => cx.s(s),
            None => cx.f(format_args!(" Resp{}", rcode & 0xfff)),
        }
        cx.f(format_args!(
            "{}{}{}{}",
            if h.aa() { "*" } else { "" },
            if h.ra() { "" } else { "-" },
            if h.tc() { "|" } else { "" },
            if h.ad() { "$" } else { "" },
        ));
        if h.qdcount != 1 {
            cx.f(format_args!(" [{}q]", h.qdcount));
        }
        for i in 0..h.qdcount {
            if i != 0 {
                cx.s(",");
            }
            if vv {
                cx.s(" q:");
                cp = write_question(cx, dns, cp)?;
            } else {
                cp = dns.skip_question(cp).ok_or(Cut::Null)?;
            }
        }
        cx.f(format_args!(" {}/{}/{}", h.ancount, h.nscount, h.arcount));
        cp = write_section(cx, dns, cp, h.ancount, None)?;
        if vv {
            cp = write_section(cx, dns, cp, h.nscount, Some(" ns:"))?;
            write_section(cx, dns, cp, h.arcount, Some(" ar:"))?;
        }
    } else {
        cx.f(format_args!(
            "{}{}{}{}",
            h.id,
            OPS[usize::from(h.opcode())],
            if h.rd() { "+" } else { "" },
            if h.cd() { "%" } else { "" },
        ));
        if h.flags & 0x6cf != 0 {
            cx.f(format_args!(" [b2&3=0x{:x}]", h.flags));
        }
        if h.opcode() == 1 {
            if h.qdcount != 0 {
                cx.f(format_args!(" [{}q]", h.qdcount));
            }
            if h.ancount != 1 {
                cx.f(format_args!(" [{}a]", h.ancount));
            }
        } else {
            if h.ancount != 0 {
                cx.f(format_args!(" [{}a]", h.ancount));
            }
            if h.qdcount != 1 {
                cx.f(format_args!(" [{}q]", h.qdcount));
            }
        }
        if h.nscount != 0 {
            cx.f(format_args!(" [{}n]", h.nscount));
        }
        if h.arcount != 0 {
            cx.f(format_args!(" [{}au]", h.arcount));
        }
        let mut left = h.qdcount;
        if left > 0 {
            cp = write_question(cx, dns, cp)?;
            left -= 1;
            while dns.before_end(cp) && left > 0 {
                cp = write_question(cx, dns, cp)?;
                left -= 1;
            }
        }
        if left > 0 {
            return Err(Cut::Null);
        }
        if vv {
            cp = write_section(cx, dns, cp, h.ancount, None)?;
            cp = write_section(cx, dns, cp, h.nscount, Some(" ns:"))?;
            write_section(cx, dns, cp, h.arcount, Some(" ar:"))?;
        }
    }
    cx.f(format_args!(" ({})", dns.length));
    Ok(())
}

/// tcpdump's `domain_print`.
pub(crate) fn write(cx: &mut Cx<'_>, dns: &Dns<'_>) {
    match dns.form {
        Form::TcpShort => {
            cx.f(format_args!(" [DNS over TCP: length {} < 2]", dns.length));
            cx.invalid();
            return;
        }
        Form::TcpPrefixCut => {
            cx.trunc_early_end("domain");
            return;
        }
        Form::TcpPrefixMismatch { prefix } => {
            cx.f(format_args!(
                " [prefix length({prefix}) != length({})]",
                dns.length
            ));
            cx.invalid();
            return;
        }
        _ => {}
    }
    if dns.carrier == Carrier::Tcp {
        cx.s(" ");
    }
    match dns.form {
        Form::Short => {
            cx.f(format_args!("domain [length {} < 12]", dns.length));
            cx.invalid();
        }
        Form::HeaderCut => cx.trunc(crate::decode::Layer::Domain),
        _ => match write_body(cx, dns) {
            Ok(()) => {}
            Err(Cut::Null) => cx.trunc(crate::decode::Layer::Domain),
            Err(Cut::Jump) => cx.trunc_early_end("domain"),
        },
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::super::ethernet::tests::{eth, text};

    /// IPv4 + UDP from 10.0.0.1.5000 to 10.0.0.2.53 (or the reverse for a
    /// response) around `dns`, UDP checksum zero.
    fn frame(dns: &[u8], response: bool, dport: u16) -> Vec<u8> {
        let (sp, dp) = if response {
            (dport, 5000)
        } else {
            (5000, dport)
        };
        let mut p = vec![
            0x45, 0, 0, 0, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        ];
        p[2..4].copy_from_slice(&(28 + dns.len() as u16).to_be_bytes());
        p.extend_from_slice(&sp.to_be_bytes());
        p.extend_from_slice(&dp.to_be_bytes());
        p.extend_from_slice(&(8 + dns.len() as u16).to_be_bytes());
        p.extend_from_slice(&[0, 0]);
        p.extend_from_slice(dns);
        eth(0x0800, &p)
    }

    /// The DNS part of the line (after the ports' colon).
    fn line(dns: &[u8], response: bool, flags: &str) -> String {
        let f = frame(dns, response, 53);
        let t = text(1, &f, f.len() as u32, flags);
        let at = t.find(".53: ").or_else(|| t.find(".5000: ")).unwrap();
        t[at..].split_once(": ").unwrap().1.to_string()
    }

    #[rustfmt::skip]
    const RESPONSE: [u8; 57] = [
        0x12, 0x34, 0x85, 0x80, 0, 1, 0, 1, 0, 1, 0, 0,
        3, b'w', b'w', b'w', 2, b'e', b'x', 0, 0, 1, 0, 1,
        // www.ex. A 10.0.0.1, TTL 3661
        0xc0, 12, 0, 1, 0, 1, 0, 0, 0x0e, 0x4d, 0, 4, 10, 0, 0, 1,
        // ex. NS ns.ex. (TTL 0)
        0xc0, 16, 0, 2, 0, 1, 0, 0, 0, 0, 0, 5, 2, b'n', b's', 0xc0, 16,
    ];

    #[test]
    fn response_at_each_verbosity() {
        assert_eq!(line(&RESPONSE, true, ""), "4660* 1/1/0 A 10.0.0.1 (57)");
        assert_eq!(
            line(&RESPONSE, true, "-v"),
            "4660* 1/1/0 www.ex. A 10.0.0.1 (57)"
        );
        assert_eq!(
            line(&RESPONSE, true, "-vv"),
            "[no cksum] 4660* q: A? www.ex. 1/1/0 www.ex. A 10.0.0.1 ns: ex. NS ns.ex. (57)"
        );
        assert_eq!(
            line(&RESPONSE, true, "-vv -v"),
            "[no cksum] 4660* q: A? www.ex. 1/1/0 www.ex. [1h1m1s] A 10.0.0.1 ns: ex. [0s] NS ns.ex. (57)"
        );
        // -q: no DNS at all.
        assert_eq!(line(&RESPONSE, true, "-q"), "UDP, length 57");
    }

    #[test]
    fn query_with_bad_pointer_and_cut_name() {
        #[rustfmt::skip]
        let q = [
            0xab, 0xcd, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
            1, b'a', 0xc0, 12, 0, 1, 0, 1,
        ];
        assert_eq!(line(&q, false, ""), "43981+ A? a.<BAD PTR> [|domain]");
        // The capture ends inside the name: tcpdump prints nothing of the
        // question.
        let f = frame(&q, false, 53);
        let t = text(1, &f[..f.len() - 6], f.len() as u32, "");
        assert!(t.ends_with(".53: 43981+ [|domain]"), "{t}");
    }

    #[test]
    fn short_message_and_mdns() {
        assert_eq!(
            line(&[1, 2, 3], false, ""),
            "domain [length 3 < 12] (invalid)"
        );
        #[rustfmt::skip]
        let q = [
            0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
            1, b'h', 5, b'l', b'o', b'c', b'a', b'l', 0, 0, 1, 0x80, 1,
        ];
        let f = frame(&q, false, 5353);
        let t = text(1, &f, f.len() as u32, "");
        assert!(t.ends_with(".5353: 0 A (QU)? h.local. (25)"), "{t}");
    }
}
