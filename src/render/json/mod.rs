//! The JSON renderer: one object per packet per line (NDJSON).
//!
//! Views are small borrowed structs built on the stack for each packet and
//! serialised straight into the output buffer; nothing is allocated per
//! packet. Field names are stable and documented in `docs/json.md`; any
//! change to their meaning bumps [`SCHEMA_VERSION`].

mod arp;
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

use std::fmt::Write as _;

use serde::ser::{SerializeMap, SerializeSeq};
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
        for b in self.0 {
            write!(f, "{b:02x}")?;
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
        for (i, b) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(":")?;
            }
            write!(f, "{b:02x}")?;
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
        s.serialize_str(buf.as_str())
    }
}

/// A fixed-capacity string on the stack.
struct StackStr<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> StackStr<N> {
    fn new() -> Self {
        StackStr {
            buf: [0; N],
            len: 0,
        }
    }
    fn as_str(&self) -> &str {
        std::str::from_utf8(self.buf.get(..self.len).unwrap_or(&[])).unwrap_or("")
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
        let mut seq = s.serialize_seq(None)?;
        for name in self.0.layer_names() {
            seq.serialize_element(name)?;
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
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("layers", &LevelLayers(self.0))?;
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
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("schema", &SCHEMA_VERSION)?;
        m.serialize_entry("n", &self.n)?;
        let nano = self.opts.precision == TsPrecision::Nano;
        m.serialize_entry(
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
        m.serialize_entry("ts_epoch", &(self.pkt.ts.secs as f64 + frac))?;
        m.serialize_entry("caplen", &self.pkt.data.len())?;
        m.serialize_entry("len", &self.pkt.wire_len)?;
        m.serialize_entry("linktype", &self.opts.linktype)?;
        m.serialize_entry("layers", &Layers(d))?;
        m.serialize_entry("truncated", &d.truncated())?;
        let stop = d.stop.map(|st| StopView {
            layer: st.layer.name(),
            offset: st.offset,
            reason: match st.kind {
                StopKind::Truncated => "truncated",
                StopKind::Invalid => "invalid",
                StopKind::Limit => "limit",
            },
        });
        m.serialize_entry("stop", &stop)?;
        if let Some(cid) = self.cid {
            m.serialize_entry("community_id", cid.as_str())?;
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
fn level_entries<M: SerializeMap>(m: &mut M, d: &Decoded<'_>) -> Result<(), M::Error> {
    match &d.link {
        Link::Ethernet(e) => m.serialize_entry("ethernet", &ethernet::view(e))?,
        Link::Sll(h) => m.serialize_entry("sll", &link::sll(h))?,
        Link::Sll2(h) => m.serialize_entry("sll2", &link::sll2(h))?,
        Link::Null(h) => m.serialize_entry("null", &link::null(h))?,
        Link::Atm(a) => m.serialize_entry(
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
        m.serialize_entry("vlan", &vlan::Vlans(d.vlans))?;
    }
    if let Some(h) = &d.llc {
        m.serialize_entry("llc", &llc::view(h))?;
    }
    match &d.net {
        Net::Ipv4(ip) => m.serialize_entry("ipv4", &ipv4::View(ip))?,
        Net::Ipv6(ip) => m.serialize_entry("ipv6", &ipv6::Ipv6View(ip))?,
        Net::Arp(a) => m.serialize_entry("arp", &arp::view(a))?,
        Net::Llc(l) => match &l.body {
            decode::llc::LlcBody::Stp(s) => m.serialize_entry("stp", &stp::view(s))?,
            decode::llc::LlcBody::Cdp(c) => m.serialize_entry("cdp", &cdp::CdpView(c))?,
            decode::llc::LlcBody::Dtp(x) => m.serialize_entry("dtp", &dtp::DtpView(x))?,
            decode::llc::LlcBody::Vtp(x) => m.serialize_entry("vtp", &vtp::VtpView(x))?,
            decode::llc::LlcBody::Udld(x) => m.serialize_entry("udld", &udld::UdldView(x))?,
            _ => {}
        },
        Net::Lldp(l) => m.serialize_entry("lldp", &lldp::LldpView(l))?,
        Net::Loopback(l) => m.serialize_entry("loopback", &loopback::LoopbackView(l))?,
        Net::Unknown { ethertype, .. } => m.serialize_entry("ethertype_unknown", ethertype)?,
        Net::UnknownIpVersion(v) => m.serialize_entry("ip_version_unknown", v)?,
        Net::Mpls(x) => m.serialize_entry("mpls", &tunnel::mpls_view(x))?,
        Net::Nsh(x) => m.serialize_entry("nsh", &tunnel::nsh_view(x))?,
        Net::None => {}
    }
    match &d.transport {
        Transport::Tcp(t) => m.serialize_entry("tcp", &tcp::view(t))?,
        Transport::Udp(u) => m.serialize_entry("udp", &udp::view(u))?,
        Transport::Icmp(i) => m.serialize_entry("icmp", &icmp::view(i))?,
        Transport::Icmp6(i) => m.serialize_entry(
            "icmpv6",
            &icmp6::Icmp6View {
                ip: match &d.net {
                    Net::Ipv6(ip) => Some(ip),
                    _ => None,
                },
                m: i,
            },
        )?,
        Transport::Igmp(g) => m.serialize_entry("igmp", &igmp::View(g))?,
        Transport::Vrrp(v) => m.serialize_entry("vrrp", &vrrp::View(v))?,
        Transport::Gre(g) => m.serialize_entry("gre", &tunnel::gre_view(g))?,
        // Not followed (too deep): what the IP header carries.
        Transport::IpInIp { proto, payload } if d.inner().is_none() => m.serialize_entry(
            "ip_payload",
            &OtherView {
                proto: *proto,
                captured: payload.len(),
            },
        )?,
        Transport::IpInIp { .. } => {}
        Transport::Other { proto, payload } => m.serialize_entry(
            "ip_payload",
            &OtherView {
                proto: *proto,
                captured: payload.len(),
            },
        )?,
        Transport::None => {}
    }
    match &d.app {
        App::Bootp(b) => m.serialize_entry("dhcp", &dhcp::view(b))?,
        App::Dns(msg) => m.serialize_entry("dns", &dns::Message(msg))?,
        App::Text(t) => m.serialize_entry(t.proto.name(), &tcp::text_view(t))?,
        App::Ssh(b) => m.serialize_entry("ssh", &tcp::ssh_view(b))?,
        App::Ntp(n) => m.serialize_entry("ntp", &ntp::view(n))?,
        App::Syslog(s) => m.serialize_entry("syslog", &syslog::view(s))?,
        App::Dhcp6(x) => m.serialize_entry("dhcpv6", &dhcp6::view(x))?,
        App::Vxlan(v) => m.serialize_entry("vxlan", &tunnel::vxlan_view(v))?,
        App::VxlanGpe(g) => m.serialize_entry("vxlan_gpe", &tunnel::gpe_view(g))?,
        App::Geneve(g) => m.serialize_entry("geneve", &tunnel::geneve_view(g))?,
        // MPLS over UDP: the `mpls` object is the inner level's.
        App::Mpls => {}
        App::None => {}
    }
    if let Some(inner) = d.inner() {
        m.serialize_entry("inner", &InnerView(&inner))?;
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
    // infallibly.
    let _ = serde_json::to_writer(&mut *out, &view);
    out.push(b'\n');
}
