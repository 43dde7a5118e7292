//! The JSON renderer: one object per packet per line (NDJSON).
//!
//! Views are small borrowed structs built on the stack for each packet and
//! serialised straight into the output buffer; nothing is allocated per
//! packet. Field names are stable and documented in `docs/json.md`; any
//! change to their meaning bumps [`SCHEMA_VERSION`].

mod arp;
mod bcm_li;
mod cdp;
mod dhcp;
mod dhcp6;
mod dns;
mod dtp;
mod dvmrp;
mod ethernet;
mod icmp;
mod icmp6;
mod igmp;
mod ipv4;
mod ipv6;
mod link;
mod llc;
mod lldp;
mod loopback;
mod mptcp;
mod ntp;
mod pimv1;
mod stp;
mod syslog;
mod tcp;
mod tunnel;
mod udld;
mod udp;
mod vlan;
mod vrrp;
mod vtp;
mod writer;

pub(crate) use writer::to_vec;

use std::fmt::Write as _;

use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::capture::{RawPacket, TsPrecision};
use crate::decode::community_id::CommunityId;
use crate::decode::{self, App, Decoded, Link, Net, StopKind, Transport};
use crate::render::time::utc;

/// The version of the JSON schema this renderer writes.
pub const SCHEMA_VERSION: u32 = 1;

/// Per-run JSON settings.
#[derive(Clone, Copy, Debug)]
pub struct JsonOptions {
    pub precision: TsPrecision,
    pub linktype: i32,
}

/// A byte string as lowercase hex.
pub(crate) struct Hex<'a>(pub &'a [u8]);

impl Serialize for Hex<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&HexDisplay(self.0))
    }
}

pub(crate) struct HexDisplay<'a>(pub &'a [u8]);

impl std::fmt::Display for HexDisplay<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // From the digit table, 32 bytes to a `write_str` (was `fmt` for
        // each byte).
        for chunk in self.0.chunks(32) {
            let mut buf = StackStr::<64>::new();
            for &b in chunk {
                buf.push(HEX_DIGITS[usize::from(b >> 4)]);
                buf.push(HEX_DIGITS[usize::from(b & 0x0f)]);
            }
            f.write_str(buf.as_str())?;
        }
        Ok(())
    }
}

/// A byte string as colon-separated hex (`aa:bb:cc`).
pub(crate) struct HexDisplayColon<'a>(pub &'a [u8]);

impl Serialize for HexDisplayColon<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl std::fmt::Display for HexDisplayColon<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // As `HexDisplay`: 16 bytes to a `write_str`.
        for (k, chunk) in self.0.chunks(16).enumerate() {
            let mut buf = StackStr::<48>::new();
            for (i, &b) in chunk.iter().enumerate() {
                if k > 0 || i > 0 {
                    buf.push(b':');
                }
                buf.push(HEX_DIGITS[usize::from(b >> 4)]);
                buf.push(HEX_DIGITS[usize::from(b & 0x0f)]);
            }
            f.write_str(buf.as_str())?;
        }
        Ok(())
    }
}

/// A MAC address as `aa:bb:cc:dd:ee:ff`.
pub(crate) struct MacStr(pub decode::Mac);

impl Serialize for MacStr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Written from a digit table into a stack buffer: `collect_str`
        // with `{:02x}` went through `fmt` and serde_json's escaping once
        // per byte (a tenth of the JSON's instructions).
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut buf = [b':'; 17];
        for (byte, out) in self.0 .0.iter().zip(buf.chunks_mut(3)) {
            if let [hi, lo, ..] = out {
                *hi = HEX.get(usize::from(byte >> 4)).copied().unwrap_or(b'0');
                *lo = HEX.get(usize::from(byte & 0x0f)).copied().unwrap_or(b'0');
            }
        }
        s.serialize_str(std::str::from_utf8(&buf).unwrap_or_default())
    }
}

/// An IPv4 address as a JSON string, dotted decimal without `fmt` (what
/// `Ipv4Addr`'s own `Serialize` writes through `Display`).
pub(crate) struct Ip4Str(pub std::net::Ipv4Addr);

impl Serialize for Ip4Str {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut buf = StackStr::<16>::new();
        push_dotted(&mut buf, self.0);
        s.serialize_str(buf.as_str())
    }
}

/// Appends `a` in dotted decimal.
pub(crate) fn push_dotted<const N: usize>(buf: &mut StackStr<N>, a: std::net::Ipv4Addr) {
    for (i, o) in a.octets().into_iter().enumerate() {
        if i != 0 {
            buf.push_bytes(b".");
        }
        // A byte at a time: a copy of variable length is a `memcpy` call.
        if o >= 100 {
            buf.push(b'0' + o / 100);
        }
        if o >= 10 {
            buf.push(b'0' + o / 10 % 10);
        }
        buf.push(b'0' + o % 10);
    }
}

/// An IPv6 address as a JSON string without `fmt`, exactly as `Ipv6Addr`'s
/// `Display` (and so its own `Serialize`) writes it: `::ffff:a.b.c.d` for
/// IPv4-mapped addresses, otherwise the longest run of two or more zero
/// words (the first of equal ones) as `::`, words in lowercase hex.
pub(crate) struct Ip6Str(pub std::net::Ipv6Addr);

impl Serialize for Ip6Str {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut buf = StackStr::<48>::new();
        let w = self.0.segments();
        if let [0, 0, 0, 0, 0, 0xffff, ..] = w {
            let [.., a, b, c, d] = self.0.octets();
            buf.push_bytes(b"::ffff:");
            push_dotted(&mut buf, std::net::Ipv4Addr::new(a, b, c, d));
            return s.serialize_str(buf.as_str());
        }
        let (mut best, mut best_len, mut cur, mut cur_len) = (0usize, 0usize, 0usize, 0usize);
        for (i, &word) in w.iter().enumerate() {
            if word == 0 {
                if cur_len == 0 {
                    cur = i;
                }
                cur_len += 1;
                if cur_len > best_len {
                    (best, best_len) = (cur, cur_len);
                }
            } else {
                cur_len = 0;
            }
        }
        let words = |buf: &mut StackStr<48>, words: &[u16]| {
            for (i, &word) in words.iter().enumerate() {
                if i != 0 {
                    buf.push_bytes(b":");
                }
                // No leading zeros; a digit at a time (no `memcpy` call).
                let skip = (word.leading_zeros() / 4).min(3);
                for shift in [12, 8, 4, 0].into_iter().skip(skip as usize) {
                    buf.push(HEX_DIGITS[usize::from((word >> shift) & 0x0f)]);
                }
            }
        };
        if best_len > 1 {
            words(&mut buf, w.get(..best).unwrap_or_default());
            buf.push_bytes(b"::");
            words(&mut buf, w.get(best + best_len..).unwrap_or_default());
        } else {
            words(&mut buf, &w);
        }
        s.serialize_str(buf.as_str())
    }
}

const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

/// The packet's RFC 3339 UTC time stamp, at the capture's precision.
struct Rfc3339 {
    secs: i64,
    /// Within 0..10^9 (a malformed fraction is clamped).
    nanos: i64,
    nano: bool,
}

impl Serialize for Rfc3339 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = utc(self.secs);
        let mut buf = StackStr::<40>::new();
        if let Ok(year @ 0..=9999) = u32::try_from(c.year) {
            // Digits from the two-digit table, no `fmt`: years 0 to 9999
            // (every real capture).
            let [y0, y1] = two_digits(year / 100);
            let [y2, y3] = two_digits(year % 100);
            let [mo0, mo1] = two_digits(c.month);
            let [d0, d1] = two_digits(c.day);
            let [h0, h1] = two_digits(c.hour);
            let [mi0, mi1] = two_digits(c.minute);
            let [s0, s1] = two_digits(c.second);
            buf.push_bytes(&[
                y0, y1, y2, y3, b'-', mo0, mo1, b'-', d0, d1, b'T', h0, h1, b':', mi0, mi1, b':',
                s0, s1, b'.',
            ]);
            // `nanos` is within 0..10^9.
            let nanos = u32::try_from(self.nanos).unwrap_or(0);
            let (frac, digits) = if self.nano {
                (nanos, 9)
            } else {
                (nanos / 1000, 6)
            };
            let mut f = [b'0'; 9];
            let mut v = frac;
            for d in f.iter_mut().take(digits).rev() {
                *d = b'0' + (v % 10) as u8;
                v /= 10;
            }
            // Copies of known length (no `memcpy` call).
            if let (true, Some(f)) = (digits == 9, f.first_chunk::<9>()) {
                buf.push_bytes(f);
            } else if let Some(f) = f.first_chunk::<6>() {
                buf.push_bytes(f);
            }
            buf.push_bytes(b"Z");
        } else {
            let _ = write!(
                buf,
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                c.year, c.month, c.day, c.hour, c.minute, c.second
            );
            let _ = if self.nano {
                write!(buf, ".{:09}Z", self.nanos)
            } else {
                write!(buf, ".{:06}Z", self.nanos / 1000)
            };
        }
        s.serialize_str(buf.as_str())
    }
}

/// `{:02}` of a number below 100.
fn two_digits(v: u32) -> [u8; 2] {
    let v = (v % 100) as u8;
    [b'0' + v / 10, b'0' + v % 10]
}

/// A fixed-capacity string on the stack.
pub(crate) struct StackStr<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> StackStr<N> {
    pub(crate) fn new() -> Self {
        StackStr {
            buf: [0; N],
            len: 0,
        }
    }
    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(self.buf.get(..self.len).unwrap_or(&[])).unwrap_or("")
    }
    /// Appends `b` (ASCII) when it fits.
    #[inline]
    pub(crate) fn push(&mut self, b: u8) {
        if let Some(d) = self.buf.get_mut(self.len) {
            *d = b;
            self.len += 1;
        }
    }
    /// Appends `bytes` (ASCII) when they fit.
    #[inline]
    pub(crate) fn push_bytes(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        if let Some(dst) = self.buf.get_mut(self.len..end) {
            dst.copy_from_slice(bytes);
            self.len = end;
        }
    }
    /// Appends `v` in decimal when it fits.
    pub(crate) fn push_dec(&mut self, v: u64) {
        self.push_bytes(itoa::Buffer::new().format(v).as_bytes());
    }
}

impl<const N: usize> std::fmt::Write for StackStr<N> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        let dst = self.buf.get_mut(self.len..end).ok_or(std::fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

struct Layers<'d, 'a>(&'d Decoded<'a>);

impl Serialize for Layers<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let mut seq = s.serialize_seq(None)?;
        if d.encap.is_empty() && !d.encap.is_view() {
            // No tunnel (almost every packet): what `layer_names` gives
            // then, without its chain of iterators (a third of this
            // list's cost).
            for name in d.level_names().into_iter().flatten() {
                seq.serialize_element(name)?;
            }
        } else {
            for name in d.layer_names() {
                seq.serialize_element(name)?;
            }
        }
        seq.end()
    }
}

/// The layer names of a level view and the levels inside it.
struct LevelLayers<'d, 'a>(&'d Decoded<'a>);

impl Serialize for LevelLayers<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let mut seq = s.serialize_seq(None)?;
        for k in d.level_index()..d.levels() {
            if let Some(v) = d.level(k) {
                for name in v.level_names().into_iter().flatten() {
                    seq.serialize_element(name)?;
                }
            }
        }
        seq.end()
    }
}

/// A tunnel's inner level (see `decode::encap`): an object with its own
/// `layers` and layer objects, and its own `inner` when it carries one.
struct InnerView<'d, 'a>(&'d Decoded<'a>);

impl Serialize for InnerView<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // A struct, not a map, like `PacketView`.
        let mut m = s.serialize_struct("Inner", 1)?;
        m.serialize_field("layers", &LevelLayers(self.0))?;
        level_entries(&mut m, self.0)?;
        m.end()
    }
}

/// A DLT_ATM_RFC1483 frame's framing.
#[derive(Serialize)]
struct AtmView {
    framing: &'static str,
}

#[derive(Serialize)]
struct StopView {
    layer: &'static str,
    offset: usize,
    reason: &'static str,
}

/// The whole packet.
pub(crate) struct PacketView<'d, 'a> {
    pub n: u64,
    pub pkt: &'d RawPacket<'a>,
    pub d: &'d Decoded<'a>,
    /// The packet's Community ID, computed once by the caller.
    pub cid: Option<&'d CommunityId>,
    pub opts: &'d JsonOptions,
}

impl Serialize for PacketView<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.d;
        // A struct, not a map: its keys are `&'static str`, which the JSON
        // writer copies as they are, where a map key goes through the
        // escaping scan (an eighth of the JSON's instructions were map
        // keys). `len` counts the fields always present: JSON (the writer,
        // serde_json) only tells zero from more.
        let mut m = s.serialize_struct("Packet", 10)?;
        m.serialize_field("schema", &SCHEMA_VERSION)?;
        m.serialize_field("n", &self.n)?;
        let nano = self.opts.precision == TsPrecision::Nano;
        m.serialize_field(
            "ts",
            &Rfc3339 {
                secs: self.pkt.ts.secs,
                nanos: self.pkt.ts.nanos.clamp(0, 999_999_999),
                nano,
            },
        )?;
        let frac = if nano {
            self.pkt.ts.nanos.clamp(0, 999_999_999) as f64 / 1e9
        } else {
            (self.pkt.ts.nanos.clamp(0, 999_999_999) / 1000) as f64 / 1e6
        };
        m.serialize_field("ts_epoch", &(self.pkt.ts.secs as f64 + frac))?;
        m.serialize_field("caplen", &self.pkt.data.len())?;
        m.serialize_field("len", &self.pkt.wire_len)?;
        m.serialize_field("linktype", &self.opts.linktype)?;
        m.serialize_field("layers", &Layers(d))?;
        m.serialize_field("truncated", &d.truncated())?;
        let stop = d.stop.map(|st| StopView {
            layer: st.layer.name(),
            offset: st.offset,
            reason: match st.kind {
                StopKind::Truncated => "truncated",
                StopKind::Invalid => "invalid",
                StopKind::Limit => "limit",
            },
        });
        m.serialize_field("stop", &stop)?;
        if let Some(cid) = self.cid {
            m.serialize_field("community_id", cid.as_str())?;
        }
        if d.encap.is_empty() {
            level_entries(&mut m, d)?;
        } else {
            level_entries(&mut m, &d.outermost())?;
        }
        m.end()
    }
}

/// The layer objects of one level (`d` is a level view, see
/// `decode::encap`), then its `inner` level if it has one.
fn level_entries<M: SerializeStruct>(m: &mut M, d: &Decoded<'_>) -> Result<(), M::Error> {
    match &d.link {
        Link::Ethernet(e) => m.serialize_field("ethernet", &ethernet::view(e))?,
        Link::Sll(h) => m.serialize_field("sll", &link::sll(h))?,
        Link::Sll2(h) => m.serialize_field("sll2", &link::sll2(h))?,
        Link::Null(h) => m.serialize_field("null", &link::null(h))?,
        Link::Atm(a) => m.serialize_field(
            "atm",
            &AtmView {
                framing: match a {
                    decode::atm::Atm::Llc => "llc",
                    decode::atm::Atm::Ieee8026 { .. } => "ieee802_6",
                    decode::atm::Atm::Cnlpid => "cnlpid",
                },
            },
        )?,
        Link::None | Link::Raw | Link::Inner | Link::Unsupported(_) => {}
    }
    if !d.vlans.is_empty() {
        m.serialize_field("vlan", &vlan::Vlans(d.vlans))?;
    }
    if let Some(h) = &d.llc {
        m.serialize_field("llc", &llc::view(h))?;
    }
    match &d.net {
        Net::Ipv4(ip) => m.serialize_field("ipv4", &ipv4::View(ip))?,
        Net::Ipv6(ip) => m.serialize_field("ipv6", &ipv6::Ipv6View(ip))?,
        Net::Arp(a) => m.serialize_field("arp", &arp::view(a))?,
        Net::Llc(l) => match &l.body {
            decode::llc::LlcBody::Stp(s) => m.serialize_field("stp", &stp::view(s))?,
            decode::llc::LlcBody::Cdp(c) => m.serialize_field("cdp", &cdp::CdpView(c))?,
            decode::llc::LlcBody::Dtp(x) => m.serialize_field("dtp", &dtp::DtpView(x))?,
            decode::llc::LlcBody::Vtp(x) => m.serialize_field("vtp", &vtp::VtpView(x))?,
            decode::llc::LlcBody::Udld(x) => m.serialize_field("udld", &udld::UdldView(x))?,
            _ => {}
        },
        Net::Lldp(l) => m.serialize_field("lldp", &lldp::LldpView(l))?,
        Net::Loopback(l) => m.serialize_field("loopback", &loopback::LoopbackView(l))?,
        Net::Unknown { ethertype, .. } => m.serialize_field("ethertype_unknown", ethertype)?,
        Net::UnknownIpVersion(v) => m.serialize_field("ip_version_unknown", v)?,
        Net::Mpls(x) => m.serialize_field("mpls", &tunnel::mpls_view(x))?,
        Net::Nsh(x) => m.serialize_field("nsh", &tunnel::nsh_view(x))?,
        Net::None => {}
    }
    match &d.transport {
        Transport::Tcp(t) => m.serialize_field("tcp", &tcp::view(t))?,
        Transport::Udp(u) => m.serialize_field("udp", &udp::view(u))?,
        Transport::Icmp(i) => m.serialize_field("icmp", &icmp::view(i))?,
        Transport::Icmp6(i) => m.serialize_field(
            "icmpv6",
            &icmp6::Icmp6View {
                ip: match &d.net {
                    Net::Ipv6(ip) => Some(ip),
                    _ => None,
                },
                m: i,
            },
        )?,
        Transport::Igmp(g) => m.serialize_field("igmp", &igmp::View(g))?,
        Transport::Vrrp(v) => m.serialize_field("vrrp", &vrrp::View(v))?,
        Transport::Gre(g) => m.serialize_field("gre", &tunnel::gre_view(g))?,
        // Not followed (too deep): what the IP header carries.
        Transport::IpInIp { proto, payload } if d.inner().is_none() => m.serialize_field(
            "ip_payload",
            &OtherView {
                proto: *proto,
                captured: payload.len(),
            },
        )?,
        Transport::IpInIp { .. } => {}
        Transport::Other { proto, payload } => m.serialize_field(
            "ip_payload",
            &OtherView {
                proto: *proto,
                captured: payload.len(),
            },
        )?,
        Transport::None => {}
    }
    match &d.app {
        App::Bootp(b) => m.serialize_field("dhcp", &dhcp::view(b))?,
        App::Dns(msg) => m.serialize_field("dns", &dns::Message(msg))?,
        App::Text(t) => m.serialize_field(t.proto.name(), &tcp::text_view(t))?,
        App::Ssh(b) => m.serialize_field("ssh", &tcp::ssh_view(b))?,
        App::Ntp(n) => m.serialize_field("ntp", &ntp::view(n))?,
        App::Syslog(s) => m.serialize_field("syslog", &syslog::view(s))?,
        App::Dhcp6(x) => m.serialize_field("dhcpv6", &dhcp6::view(x))?,
        App::Vxlan(v) => m.serialize_field("vxlan", &tunnel::vxlan_view(v))?,
        App::VxlanGpe(g) => m.serialize_field("vxlan_gpe", &tunnel::gpe_view(g))?,
        App::Geneve(g) => m.serialize_field("geneve", &tunnel::geneve_view(g))?,
        // MPLS over UDP: the `mpls` object is the inner level's.
        App::Mpls => {}
        App::BcmLi(b) => m.serialize_field("bcm_li", &bcm_li::view(b))?,
        App::None => {}
    }
    if let Some(inner) = d.inner() {
        m.serialize_field("inner", &InnerView(&inner))?;
    }
    Ok(())
}

#[derive(Serialize)]
struct OtherView {
    proto: u8,
    captured: usize,
}

/// Writes one packet as a JSON line; `cid` is its Community ID, if it
/// has one.
pub fn write_packet(
    out: &mut Vec<u8>,
    n: u64,
    pkt: &RawPacket<'_>,
    d: &Decoded<'_>,
    cid: Option<&CommunityId>,
    opts: &JsonOptions,
) {
    let view = PacketView {
        n,
        pkt,
        d,
        cid,
        opts,
    };
    // Serialising into a Vec cannot fail: every view type serialises
    // infallibly, with string keys. The writer writes what
    // `serde_json::to_writer` would (compared on every fixture below).
    let _ = writer::to_vec(out, &view);
    out.push(b'\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::{Source, Stopper};

    #[test]
    fn addresses_as_std_writes_them() {
        use std::net::{Ipv4Addr, Ipv6Addr};
        for a in [[0, 0, 0, 0], [1, 22, 103, 255], [10, 0, 99, 100], [255; 4]] {
            let a = Ipv4Addr::from(a);
            assert_eq!(
                serde_json::to_string(&Ip4Str(a)).unwrap(),
                serde_json::to_string(&a).unwrap()
            );
        }
        // Every pattern of zero and non-zero words, with two kinds of
        // non-zero word, plus the IPv4-mapped and -compatible forms.
        let mut addrs: Vec<Ipv6Addr> = (0u32..1 << 16)
            .map(|bits| {
                let mut w = [0u16; 8];
                for (i, x) in w.iter_mut().enumerate() {
                    *x = match (bits >> (2 * i)) & 3 {
                        0 | 1 => 0,
                        2 => 0x1,
                        _ => 0xfe80 + i as u16,
                    };
                }
                Ipv6Addr::from(w)
            })
            .collect();
        addrs.push("::ffff:1.2.3.4".parse().unwrap());
        addrs.push("::1.2.3.4".parse().unwrap());
        addrs.push("::ffff:0:1.2.3.4".parse().unwrap());
        addrs.push("ffff::ffff:1.2.3.4".parse().unwrap());
        addrs.push("::ffff".parse().unwrap());
        addrs.push("::ffff:0.0.0.0".parse().unwrap());
        for a in addrs {
            assert_eq!(
                serde_json::to_string(&Ip6Str(a)).unwrap(),
                serde_json::to_string(&a).unwrap()
            );
        }
    }

    /// The time stamp as `fmt` writes it (what the digits replaced).
    fn rfc3339_fmt(secs: i64, nanos: i64, nano: bool) -> String {
        let c = utc(secs);
        let date = format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        );
        if nano {
            format!("\"{date}.{nanos:09}Z\"")
        } else {
            format!("\"{date}.{:06}Z\"", nanos / 1000)
        }
    }

    #[test]
    fn rfc3339_without_fmt() {
        let secs = [
            0,
            1,
            -1,
            951_782_400,     // 2000-02-29
            1_700_000_000,   // 2023
            253_402_300_799, // 9999-12-31T23:59:59
            253_402_300_800, // 10000-01-01: fmt path
            -62_167_219_200, // 0000-01-01
            -62_167_219_201, // -0001: fmt path
            i64::from(u32::MAX),
        ];
        for secs in secs {
            for nanos in [0, 1, 999, 1000, 123_456_789, 999_999_999] {
                for nano in [false, true] {
                    let ts = Rfc3339 { secs, nanos, nano };
                    assert_eq!(
                        serde_json::to_string(&ts).unwrap(),
                        rfc3339_fmt(secs, nanos, nano),
                        "{secs} {nanos} {nano}"
                    );
                }
            }
        }
    }

    /// Every packet of every fixture, serialised by the JSON writer and by
    /// serde_json: the same bytes.
    #[test]
    fn writer_matches_serde_json_on_every_fixture() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                name.ends_with(".pcap") || name.ends_with(".pcapng")
            })
            .collect();
        paths.sort();
        assert!(paths.len() > 50, "{} fixtures", paths.len());
        let (mut files, mut packets) = (0, 0u64);
        for path in &paths {
            // At the file's precision and at nanoseconds (-nano).
            for nano in [false, true] {
                // A few fixtures are broken files on purpose.
                let Ok(mut src) = Source::open_file_with(path, None, &Stopper::new()) else {
                    continue;
                };
                files += usize::from(!nano);
                let linktype = src.linktype();
                let opts = JsonOptions {
                    precision: if nano {
                        TsPrecision::Nano
                    } else {
                        src.precision()
                    },
                    linktype: linktype.0,
                };
                let mut n = 0;
                while let Ok(Some(pkt)) = src.next_packet() {
                    n += 1;
                    let d = decode::decode(linktype, pkt.data, pkt.wire_len);
                    let cid = crate::decode::community_id::of_packet(&d, 0);
                    let view = PacketView {
                        n,
                        pkt: &pkt,
                        d: &d,
                        cid: cid.as_ref(),
                        opts: &opts,
                    };
                    let mut ours = Vec::new();
                    writer::to_vec(&mut ours, &view).unwrap();
                    let theirs = serde_json::to_vec(&view).unwrap();
                    assert!(
                        ours == theirs,
                        "{} packet {n}:\n{}\n{}",
                        path.display(),
                        String::from_utf8_lossy(&ours),
                        String::from_utf8_lossy(&theirs)
                    );
                    packets += 1;
                }
            }
        }
        assert!(
            files > 50 && packets > 1000,
            "{files} files, {packets} packets"
        );
    }
}
