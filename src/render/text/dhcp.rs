//! BOOTP and DHCP, as tcpdump's print-bootp.c prints them: the header
//! line, the `-v` field block, and the `Vendor-rfc1048 Extensions` with
//! tcpdump's option names and value formats. Where tcpdump would stop at
//! the end of the captured bytes, this printer prints the fields that fit
//! and then ` [|bootp]`.

use super::fmt::{write_addr, write_chars, write_mac};
use super::Cx;
use crate::decode::dhcp::{
    code, option_spec, Bootp, ClassItem, Cmu, CmuField, DhcpOption, Field, Item, Options,
    RouteItem, SubItem, TcpdumpFormat as Fmt, Vendor, CMU_VF_SMASK, FLAG_BROADCAST, HTYPE_ETHERNET,
    OP_REPLY, OP_REQUEST,
};
use crate::decode::{Decoded, Layer};

/// tcpdump's name and format for an option code (from the option table).
fn tag(c: u8) -> (Fmt, &'static str) {
    let spec = option_spec(c);
    (spec.tcpdump_format, spec.tcpdump_name)
}

/// tcpdump's names for DHCP message types.
fn message_type(t: u8) -> Option<&'static str> {
    Some(match t {
        1 => "Discover",
        2 => "Offer",
        3 => "Request",
        4 => "Decline",
        5 => "ACK",
        6 => "NACK",
        7 => "Release",
        8 => "Inform",
        10 => "LeaseQuery",
        11 => "LeaseUnassigned",
        12 => "LeaseUnknown",
        13 => "LeaseActive",
        _ => return None,
    })
}

/// Client identifier hardware types tcpdump names.
fn arp_hardware(t: u8) -> Option<&'static str> {
    Some(match t {
        0x01 => "ether",
        0x06 => "ieee802",
        0x07 => "arcnet",
        0x0f => "frelay",
        0x17 => "strip",
        0x18 => "ieee1394",
        _ => return None,
    })
}

fn agent_sub_option(c: u8) -> &'static str {
    match c {
        1 => "Circuit-ID",
        2 => "Remote-ID",
        6 => "Subscriber-ID",
        _ => "Unknown",
    }
}

/// `"text"`.
fn write_quoted(cx: &mut Cx<'_>, bytes: &[u8]) {
    cx.s("\"");
    write_chars(cx, bytes);
    cx.s("\"");
}

/// tcpdump's `hex_print` with an indent: offsets every 16 bytes, bytes
/// grouped in pairs.
fn write_hex(cx: &mut Cx<'_>, indent: &str, bytes: &[u8]) {
    for (i, pair) in bytes.chunks(2).enumerate() {
        if i % 8 == 0 {
            cx.f(format_args!("{indent}0x{:04x}: ", i * 2));
        }
        match pair {
            [a, b] => cx.f(format_args!(" {a:02x}{b:02x}")),
            [a] => cx.f(format_args!(" {a:02x}")),
            _ => {}
        }
    }
}

/// How tcpdump stops when the captured bytes run out.
enum Cut {
    /// A `GET_*` read failed: tcpdump longjmps out of the printers, and a
    /// -x/-X/-A dump then covers the whole frame.
    Jump,
    /// An explicit length check failed: tcpdump prints the marker and
    /// returns normally.
    Check,
}

/// Prints a BOOTP message after the UDP endpoints.
pub(super) fn write(cx: &mut Cx<'_>, _d: &Decoded<'_>, b: &Bootp<'_>) {
    match write_message(cx, b) {
        Ok(()) => {}
        Err(Cut::Jump) => cx.trunc_early_end(Layer::Bootp.name()),
        Err(Cut::Check) => cx.trunc(Layer::Bootp),
    }
}

/// The message; `Err` where tcpdump ran out of captured bytes.
fn write_message(cx: &mut Cx<'_>, b: &Bootp<'_>) -> Result<(), Cut> {
    need(b, Field::Op)?;
    cx.s("BOOTP/DHCP, ");
    match b.op {
        OP_REQUEST => cx.s("Request"),
        OP_REPLY => cx.s("Reply"),
        op => cx.f(format_args!("unknown (0x{op:02x})")),
    }
    need(b, Field::Hlen)?;
    let ether = b.htype == HTYPE_ETHERNET && b.hlen == 6;
    if ether && b.op == OP_REQUEST {
        let mac = b.client_mac().ok_or(Cut::Jump)?;
        cx.s(" from ");
        write_mac(cx, &mac);
    }
    cx.f(format_args!(", length {}", b.length));
    if cx.o.verbose == 0 {
        return Ok(());
    }
    if !b.has(Field::Secs) {
        return Err(Cut::Check);
    }
    if b.htype != HTYPE_ETHERNET {
        cx.f(format_args!(", htype {}", b.htype));
    }
    if !ether {
        cx.f(format_args!(", hlen {}", b.hlen));
    }
    if b.hops != 0 {
        cx.f(format_args!(", hops {}", b.hops));
    }
    if b.xid != 0 {
        cx.f(format_args!(", xid 0x{:x}", b.xid));
    }
    if b.secs != 0 {
        cx.f(format_args!(", secs {}", b.secs));
    }
    need(b, Field::Flags)?;
    let flags = if b.flags & FLAG_BROADCAST != 0 {
        "Broadcast"
    } else {
        "none"
    };
    cx.f(format_args!(", Flags [{flags}]"));
    if cx.o.verbose > 1 {
        cx.f(format_args!(" (0x{:04x})", b.flags));
    }
    for (f, label, a) in [
        (Field::Ciaddr, "Client-IP", b.ciaddr),
        (Field::Yiaddr, "Your-IP", b.yiaddr),
        (Field::Siaddr, "Server-IP", b.siaddr),
        (Field::Giaddr, "Gateway-IP", b.giaddr),
    ] {
        need(b, f)?;
        if !a.is_unspecified() {
            cx.f(format_args!("\n\t  {label} "));
            write_addr(cx, a);
        }
    }
    if ether {
        let mac = b.client_mac().ok_or(Cut::Jump)?;
        cx.s("\n\t  Client-Ethernet-Address ");
        write_mac(cx, &mac);
    }
    need(b, Field::SnameFirst)?;
    write_name_field(cx, "sname", b.sname, 64)?;
    need(b, Field::FileFirst)?;
    write_name_field(cx, "file", b.file, 128)?;
    match b.vendor() {
        Vendor::Short => Err(Cut::Check),
        Vendor::Rfc1048(opts) => write_rfc1048(cx, b, opts),
        Vendor::Cmu(c) => write_cmu(cx, &c),
        Vendor::Other(w) => {
            if w != 0 {
                cx.f(format_args!("\n\t  Vendor-#0x{w:x}"));
            }
            Ok(())
        }
    }
}

/// A field tcpdump reads with `GET_*`.
fn need(b: &Bootp<'_>, f: Field) -> Result<(), Cut> {
    if b.has(f) {
        Ok(())
    } else {
        Err(Cut::Jump)
    }
}

/// `sname` or `file`: NUL-terminated text in a fixed field, printed when
/// its first byte is not NUL. No NUL within the field or the capture
/// counts as truncation, as in tcpdump.
fn write_name_field(cx: &mut Cx<'_>, label: &str, captured: &[u8], size: usize) -> Result<(), Cut> {
    if captured.first().is_none_or(|&c| c == 0) {
        return Ok(());
    }
    cx.f(format_args!("\n\t  {label} \""));
    let text = captured.get(..size).unwrap_or(captured);
    match text.iter().position(|&c| c == 0) {
        Some(n) => {
            write_chars(cx, text.get(..n).unwrap_or(text));
            cx.s("\"");
            Ok(())
        }
        None => {
            write_chars(cx, text);
            cx.s("\"");
            Err(Cut::Check)
        }
    }
}

fn write_cmu(cx: &mut Cx<'_>, c: &Cmu<'_>) -> Result<(), Cut> {
    cx.s(" vend-cmu");
    let flags = c.flags().ok_or(Cut::Check)?;
    if flags & !CMU_VF_SMASK != 0 {
        cx.f(format_args!(" F:0x{flags:x}"));
    }
    let sm = if flags & CMU_VF_SMASK != 0 {
        "SM"
    } else {
        "SM*"
    };
    for (f, label) in [
        (CmuField::Gateway, "DG"),
        (CmuField::SubnetMask, sm),
        (CmuField::Dns1, "NS1"),
        (CmuField::Dns2, "NS2"),
        (CmuField::Ien1, "IEN1"),
        (CmuField::Ien2, "IEN2"),
        (CmuField::Ts1, "TS1"),
        (CmuField::Ts2, "TS2"),
    ] {
        let a = c.addr(f).ok_or(Cut::Check)?;
        if !a.is_unspecified() {
            cx.f(format_args!(" {label}:"));
            write_addr(cx, a);
        }
    }
    Ok(())
}

fn write_rfc1048(cx: &mut Cx<'_>, b: &Bootp<'_>, opts: Options<'_>) -> Result<(), Cut> {
    cx.s("\n\t  Vendor-rfc1048 Extensions");
    cx.f(format_args!(
        "\n\t    Magic Cookie 0x{:08x}",
        b.cookie().unwrap_or(0)
    ));
    let all = cx.o.verbose > 2;
    for item in opts {
        match item {
            Item::Pad { count } => {
                if all {
                    cx.s("\n\t    PAD (0), length 0");
                    if count > 1 {
                        cx.f(format_args!(", occurs {count}"));
                    }
                }
            }
            Item::End => {
                if !all {
                    return Ok(());
                }
                cx.s("\n\t    END (255), length 0");
            }
            Item::Truncated { code, len, .. } => {
                // The length byte is read with GET_U_1; the data is
                // checked with ND_TCHECK_LEN.
                let Some(len) = len else {
                    return Err(Cut::Jump);
                };
                write_option_head(cx, code, usize::from(len));
                return Err(Cut::Check);
            }
            Item::Opt(o) => write_option(cx, &o),
        }
    }
    Ok(())
}

fn write_option_head(cx: &mut Cx<'_>, c: u8, len: usize) {
    let (_, name) = tag(c);
    let sep = if len > 0 { ": " } else { "" };
    cx.f(format_args!("\n\t    {name} ({c}), length {len}{sep}"));
}

fn write_option(cx: &mut Cx<'_>, o: &DhcpOption<'_>) {
    let len = o.data.len();
    write_option_head(cx, o.code, len);
    if o.code == code::MESSAGE_TYPE {
        if let [t] = o.data {
            match message_type(*t) {
                Some(name) => cx.s(name),
                None => cx.f(format_args!("Unknown ({t})")),
            }
            return;
        }
    }
    if o.code == code::PARAMETER_REQUEST {
        for (i, &t) in o.data.iter().enumerate() {
            cx.s(if i % 4 == 0 { "\n\t      " } else { ", " });
            cx.f(format_args!("{} ({t})", tag(t).1));
        }
        return;
    }
    let fmt = match tag(o.code).0 {
        Fmt::Unknown if len & 1 != 0 => Fmt::Bytes,
        Fmt::Unknown if len & 2 != 0 => Fmt::U16,
        Fmt::Unknown => Fmt::U32,
        f => f,
    };
    let left = match fmt {
        Fmt::Text => {
            write_quoted(cx, o.data);
            0
        }
        Fmt::Addrs => {
            for (i, a) in o.ipv4s().enumerate() {
                if i > 0 {
                    cx.s(",");
                }
                write_addr(cx, a);
            }
            len % 4
        }
        Fmt::U32 | Fmt::I32 => {
            for (i, (u, s)) in o.u32s().zip(o.i32s()).enumerate() {
                if i > 0 {
                    cx.s(",");
                }
                match fmt {
                    Fmt::I32 => cx.f(format_args!("{s}")),
                    _ => cx.f(format_args!("{u}")),
                }
            }
            len % 4
        }
        Fmt::Pairs => {
            let left = len % 8;
            for (i, (a, m)) in o.addr_pairs().enumerate() {
                if i > 0 {
                    cx.s(",");
                }
                cx.s("(");
                write_addr(cx, a);
                cx.s(":");
                write_addr(cx, m);
                cx.s(")");
            }
            left
        }
        Fmt::U16 => {
            for (i, v) in o.u16s().enumerate() {
                if i > 0 {
                    cx.s(",");
                }
                cx.f(format_args!("{v}"));
            }
            len % 2
        }
        Fmt::Bool => {
            for (i, &v) in o.data.iter().enumerate() {
                if i > 0 {
                    cx.s(",");
                }
                match v {
                    0 => cx.s("N"),
                    1 => cx.s("Y"),
                    v => cx.f(format_args!("{v}?")),
                }
            }
            0
        }
        Fmt::Special => write_special(cx, o),
        Fmt::Bytes | Fmt::Unknown => {
            for (i, v) in o.data.iter().enumerate() {
                if i > 0 {
                    cx.s(".");
                }
                cx.f(format_args!("{v}"));
            }
            0
        }
    };
    if left > 0 {
        cx.f(format_args!("\n\t  trailing data length {left}"));
    }
}

/// Options with a format of their own; returns the bytes left over.
fn write_special(cx: &mut Cx<'_>, o: &DhcpOption<'_>) -> usize {
    let len = o.data.len();
    match o.code {
        code::NETBIOS_NODE_TYPE | code::OVERLOAD => {
            let Some((&v, rest)) = o.data.split_first() else {
                cx.s("[ERROR: length < 1 bytes]");
                return 0;
            };
            let name = if o.code == code::OVERLOAD {
                match v {
                    1 => Some("file"),
                    2 => Some("sname"),
                    3 => Some("file+sname"),
                    _ => None,
                }
            } else {
                match v {
                    1 => Some("b-node"),
                    2 => Some("p-node"),
                    4 => Some("m-node"),
                    8 => Some("h-node"),
                    _ => None,
                }
            };
            match name {
                Some(n) => cx.s(n),
                None => cx.f(format_args!("#{v}")),
            }
            rest.len()
        }
        code::CLIENT_FQDN => {
            let Some(f) = o.fqdn() else {
                cx.s("[ERROR: length < 3 bytes]");
                return 0;
            };
            if f.flags & 0xf0 != 0 {
                cx.f(format_args!(
                    "[ERROR: MBZ nibble 0x{:x} != 0] ",
                    f.flags >> 4
                ));
            }
            if f.flags & 0x0f != 0 {
                cx.s("[");
                for (bit, c) in [(0x01, "S"), (0x02, "O"), (0x04, "E"), (0x08, "N")] {
                    if f.flags & bit != 0 {
                        cx.s(c);
                    }
                }
                cx.s("] ");
            }
            if f.rcode1 != 0 || f.rcode2 != 0 {
                cx.f(format_args!("{}/{} ", f.rcode1, f.rcode2));
            }
            write_quoted(cx, f.name);
            0
        }
        code::CLIENT_ID => {
            let Some((t, id)) = o.client_id() else {
                cx.s("[ERROR: length < 1 bytes]");
                return 0;
            };
            if t == 0 {
                write_quoted(cx, id);
                return 0;
            }
            match arp_hardware(t) {
                Some(n) => cx.f(format_args!("{n} ")),
                None => cx.f(format_args!("hardware-type {t}, ")),
            }
            for (i, v) in id.iter().enumerate() {
                if i > 0 {
                    cx.s(":");
                }
                cx.f(format_args!("{v:02x}"));
            }
            0
        }
        code::RELAY_AGENT => {
            let mut left = 0;
            for s in o.sub_options() {
                match s {
                    SubItem::Sub { code: c, data } => {
                        cx.f(format_args!(
                            "\n\t      {} SubOption {c}, length {}: ",
                            agent_sub_option(c),
                            data.len()
                        ));
                        match c {
                            1 | 2 | 6 => write_chars(cx, data),
                            _ => write_hex(cx, "\n\t\t", data),
                        }
                    }
                    SubItem::PastEnd { code: c, len, .. } => cx.f(format_args!(
                        "\n\t      {} SubOption {c}, length {len}: length goes past end of option",
                        agent_sub_option(c)
                    )),
                    SubItem::Trailing(n) => left = n,
                }
            }
            left
        }
        code::CLASSLESS_ROUTES | code::MS_CLASSLESS_ROUTES => {
            let routes = o.routes();
            if routes.too_short() {
                cx.s("[ERROR: length < 5 bytes]");
                return 0;
            }
            for (i, r) in routes.enumerate() {
                if i > 0 {
                    cx.s(",");
                }
                match r {
                    RouteItem::Route(r) => {
                        cx.s("(");
                        if r.width == 0 {
                            cx.s("default");
                        } else {
                            write_addr(cx, r.dest);
                            cx.f(format_args!("/{}", r.width));
                        }
                        cx.s(":");
                        write_addr(cx, r.router);
                        cx.s(")");
                    }
                    RouteItem::BadWidth(w) => {
                        cx.f(format_args!("[ERROR: Mask width ({w}) > 32]"));
                    }
                    RouteItem::Short { remaining, need } => cx.f(format_args!(
                        "[ERROR: Remaining length ({remaining}) < {need} bytes]"
                    )),
                }
            }
            0
        }
        code::USER_CLASS => {
            let classes = o.user_classes();
            if classes.too_short() {
                cx.s("[ERROR: length < 2 bytes]");
                return 0;
            }
            for (i, c) in classes.enumerate() {
                cx.f(format_args!("\n\t      instance#{}: ", i + 1));
                match c {
                    ClassItem::Instance(data) => {
                        write_quoted(cx, data);
                        cx.f(format_args!(", length {}", data.len()));
                    }
                    ClassItem::ZeroLength => cx.s("[ERROR: suboption length must be non-zero]"),
                    ClassItem::Overrun => cx.s("[ERROR: invalid option]"),
                }
            }
            0
        }
        c => {
            cx.f(format_args!("[unknown special tag {c}, size {len}]"));
            0
        }
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::decode::{decode, App, LinkType};
    use crate::render::text::TextOptions;
    use crate::render::Palette;
    use crate::testdata::BootpFrame;

    /// IPv4 + UDP 68 -> 67 around a BOOTP request with these options.
    fn frame(options: &[u8]) -> Vec<u8> {
        BootpFrame::request().frame(options)
    }

    fn text(f: &[u8], wire: usize, verbose: u8) -> String {
        let d = decode(LinkType::RAW, f, wire as u32);
        let App::Bootp(b) = d.app else {
            panic!("not BOOTP")
        };
        let mut out = Vec::new();
        let o = TextOptions {
            verbose,
            ..TextOptions::default()
        };
        let pal = Palette::plain();
        let mut cx = Cx {
            out: &mut out,
            o: &o,
            pal: &pal,
            names: None,
            state: &mut super::super::State::default(),
            early_end: false,
        };
        write(&mut cx, &d, &b);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn header_line_and_options() {
        let f = frame(&[
            53, 1, 8, // DHCP-Message: Inform
            82, 6, 1, 2, b'a', b'b', 5, 0, // Circuit-ID "ab", sub-option 5 empty
            121, 5, 0, 10, 0, 0, 1, // default route via 10.0.0.1
            255,
        ]);
        assert_eq!(
            text(&f, f.len(), 0),
            "BOOTP/DHCP, Request from 02:00:00:00:00:01, length 259"
        );
        assert_eq!(
            text(&f, f.len(), 1),
            "BOOTP/DHCP, Request from 02:00:00:00:00:01, length 259, xid 0x2a, Flags [none]\
             \n\t  Client-Ethernet-Address 02:00:00:00:00:01\
             \n\t  Vendor-rfc1048 Extensions\
             \n\t    Magic Cookie 0x63825363\
             \n\t    DHCP-Message (53), length 1: Inform\
             \n\t    Agent-Information (82), length 6: \
             \n\t      Circuit-ID SubOption 1, length 2: ab\
             \n\t      Unknown SubOption 5, length 0: \
             \n\t    Classless-Static-Route (121), length 5: (default:10.0.0.1)"
        );
    }

    #[test]
    fn fields_that_fit_then_trunc() {
        let f = frame(&[53, 1, 1, 255]);
        // 28 bytes of IP/UDP header, then op .. secs (10 bytes): the
        // "from" address is not there.
        assert_eq!(text(&f[..38], f.len(), 1), "BOOTP/DHCP, Request [|bootp]");
        // A reply has no "from": the header prints up to secs.
        let mut r = f.clone();
        r[28] = 2;
        assert_eq!(
            text(&r[..38], r.len(), 1),
            "BOOTP/DHCP, Reply, length 244, xid 0x2a [|bootp]"
        );
        // Cut inside an option's data.
        let g = frame(&[12, 4, b'h', b'o', b's', b't', 255]);
        assert!(text(&g[..g.len() - 2], g.len(), 1)
            .ends_with("\n\t    Hostname (12), length 4:  [|bootp]"));
        // Nothing captured at all.
        assert_eq!(text(&f[..28], f.len(), 1), " [|bootp]");
    }

    #[test]
    fn unknown_options_by_length() {
        let f = frame(&[
            200, 3, 1, 2, 3, // odd: bytes
            201, 2, 1, 2, // 2 mod 4: shorts
            202, 4, 0, 0, 1, 0, // multiple of 4: longs
            255,
        ]);
        let t = text(&f, f.len(), 1);
        assert!(t.ends_with(
            "Unknown (200), length 3: 1.2.3\
             \n\t    Unknown (201), length 2: 258\
             \n\t    Unknown (202), length 4: 256"
        ));
    }
}
