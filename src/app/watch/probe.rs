//! `netdecode dhcp --probe`: broadcast one DHCPDISCOVER and list every
//! offer that comes back, as dhcp_probe does. Never a REQUEST, so no
//! server commits a lease; the offers are fed to the DHCP engine, which
//! raises the same findings as for a capture (several servers, servers not
//! allowed, different options, overlapping ranges).

use std::io::Write;
use std::net::Ipv4Addr;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use super::{input, stdout_err, wall_clock, zone, Ticker, EXIT_FINDINGS};
use crate::capture::{LiveOptions, Next, Source, Stopper};
use crate::decode;
use crate::error::AppError;
use crate::render::watch::{json, DhcpPrinter};
use crate::render::Output;
use crate::watch::dhcp::{self, v4, DhcpWatch, Event, Family, Offer};
use crate::watch::Mac;

/// `netdecode dhcp --probe`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProbeOptions {
    pub interface: String,
    /// The client hardware address to send from (default: the
    /// interface's).
    pub mac: Option<Mac>,
    /// Seconds to wait for offers.
    pub timeout: u64,
    pub json: bool,
    pub utc: bool,
    pub engine: dhcp::Config,
    pub live: LiveOptions,
}

/// The BOOTP client and server ports.
const CLIENT_PORT: u16 = 68;
const SERVER_PORT: u16 = 67;
/// RFC 1542 §2.1: BOOTP messages are at least 300 bytes.
const MIN_BOOTP: usize = 300;
/// What the probe asks for (option 55): subnet mask, router, DNS, domain
/// name, broadcast address, NTP servers, lease time, server identifier,
/// renewal and rebinding times.
const PARAMETERS: [u8; 10] = [1, 3, 6, 15, 28, 42, 51, 54, 58, 59];

/// The one's-complement sum of 16-bit words (an odd byte padded).
fn ones_sum(mut sum: u32, bytes: &[u8]) -> u32 {
    let mut chunks = bytes.chunks_exact(2);
    for c in &mut chunks {
        sum += u32::from(u16::from_be_bytes([c[0], c[1]]));
    }
    if let [b] = chunks.remainder() {
        sum += u32::from(*b) << 8;
    }
    sum
}

fn fold(mut sum: u32) -> u16 {
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

/// An Ethernet frame holding a broadcast DHCPDISCOVER from `mac` with
/// transaction ID `xid` and the broadcast flag set (so that servers
/// broadcast their offers, which reach us whatever MAC we sent from).
pub fn discover_frame(mac: Mac, xid: u32) -> Vec<u8> {
    let mut bootp = Vec::with_capacity(MIN_BOOTP);
    bootp.extend_from_slice(&[1, 1, 6, 0]); // op BOOTREQUEST, htype Ethernet, hlen 6, hops
    bootp.extend_from_slice(&xid.to_be_bytes());
    bootp.extend_from_slice(&0u16.to_be_bytes()); // secs
    bootp.extend_from_slice(&0x8000u16.to_be_bytes()); // flags: broadcast
    bootp.extend_from_slice(&[0; 16]); // ciaddr, yiaddr, siaddr, giaddr
    bootp.extend_from_slice(&mac.0);
    bootp.extend_from_slice(&[0; 10]); // rest of chaddr
    bootp.extend_from_slice(&[0; 64 + 128]); // sname, file
    bootp.extend_from_slice(&[99, 130, 83, 99]);
    bootp.extend_from_slice(&[53, 1, v4::DISCOVER]);
    bootp.extend_from_slice(&[55, PARAMETERS.len() as u8]);
    bootp.extend_from_slice(&PARAMETERS);
    bootp.push(255);
    if bootp.len() < MIN_BOOTP {
        bootp.resize(MIN_BOOTP, 0);
    }
    let udp_len = 8 + bootp.len();
    let ip_len = 20 + udp_len;
    let (src, dst) = (Ipv4Addr::UNSPECIFIED, Ipv4Addr::BROADCAST);
    let mut ip = Vec::with_capacity(20);
    ip.extend_from_slice(&[0x45, 0x10]); // version 4, IHL 5, TOS low delay
    ip.extend_from_slice(&(ip_len as u16).to_be_bytes());
    ip.extend_from_slice(&[0, 0, 0, 0]); // id, flags, fragment offset
    ip.extend_from_slice(&[64, 17, 0, 0]); // TTL, UDP, checksum (below)
    ip.extend_from_slice(&src.octets());
    ip.extend_from_slice(&dst.octets());
    let ck = fold(ones_sum(0, &ip));
    ip[10..12].copy_from_slice(&ck.to_be_bytes());
    let mut udp = Vec::with_capacity(udp_len);
    udp.extend_from_slice(&CLIENT_PORT.to_be_bytes());
    udp.extend_from_slice(&SERVER_PORT.to_be_bytes());
    udp.extend_from_slice(&(udp_len as u16).to_be_bytes());
    udp.extend_from_slice(&[0, 0]);
    udp.extend_from_slice(&bootp);
    let mut pseudo = Vec::with_capacity(12);
    pseudo.extend_from_slice(&src.octets());
    pseudo.extend_from_slice(&dst.octets());
    pseudo.extend_from_slice(&[0, 17]);
    pseudo.extend_from_slice(&(udp_len as u16).to_be_bytes());
    let ck = match fold(ones_sum(ones_sum(0, &pseudo), &udp)) {
        0 => 0xffff,
        c => c,
    };
    udp[6..8].copy_from_slice(&ck.to_be_bytes());
    let mut frame = Vec::with_capacity(14 + ip_len);
    frame.extend_from_slice(&Mac::BROADCAST.0);
    frame.extend_from_slice(&mac.0);
    frame.extend_from_slice(&0x0800u16.to_be_bytes());
    frame.extend_from_slice(&ip);
    frame.extend_from_slice(&udp);
    frame
}

/// The interface's Ethernet address, from sysfs.
fn interface_mac(iface: &str) -> Result<Mac, AppError> {
    let path = format!("/sys/class/net/{iface}/address");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        AppError::Usage(format!(
            "--probe: can't read the MAC address of {iface} ({path}: {e}); give one with --mac"
        ))
    })?;
    text.trim().parse().map_err(|e: String| {
        AppError::Usage(format!(
            "--probe: {iface} has no Ethernet address ({e}); give one with --mac"
        ))
    })
}

/// A transaction ID nobody else is likely to use.
fn new_xid() -> u32 {
    let t = wall_clock();
    let mix = (t.0 as u64) ^ (u64::from(std::process::id()) << 32) ^ 0x9e37_79b9_7f4a_7c15;
    (mix ^ (mix >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) as u32
}

/// The permission error, said for the probe.
fn probe_permission(e: AppError) -> AppError {
    match e {
        AppError::Permission { interface, message } => AppError::Permission {
            interface,
            message: format!("--probe needs permission to send and capture: {message}"),
        },
        other => other,
    }
}

/// Runs the probe.
pub fn run(o: &ProbeOptions, stop: &Stopper) -> Result<ExitCode, AppError> {
    let mac = match o.mac {
        Some(m) => m,
        None => interface_mac(&o.interface)?,
    };
    let filter = Some("udp and (port 67 or port 68)");
    let mut source = Source::open_live_with(&o.interface, o.live.clone(), filter, stop)
        .map_err(probe_permission)?;
    let _ticker = Ticker::start(&mut source, Duration::from_millis(100));
    let linktype = source.linktype();
    let xid = new_xid();
    let frame = discover_frame(mac, xid);
    source.send(&frame).map_err(probe_permission)?;
    let _ = writeln!(
        std::io::stderr(),
        "netdecode: sent a DHCPDISCOVER on {} from {mac} (xid 0x{xid:08x}), waiting {} s for offers",
        o.interface,
        o.timeout
    );
    let printer = DhcpPrinter::new(zone(o.utc));
    let mut out = Output::stdout(true);
    let mut engine = DhcpWatch::new(o.engine.clone());
    let mut events: Vec<Event> = Vec::new();
    let mut offers = 0u64;
    let deadline = Instant::now() + Duration::from_secs(o.timeout);
    let mut number = 0u64;
    let mut error = None;
    while Instant::now() < deadline {
        let p = match source.next_event() {
            Ok(Next::Packet(p)) => p,
            Ok(Next::Idle) => continue,
            Ok(Next::End) => break,
            Err(e) => {
                error = Some(e);
                break;
            }
        };
        number += 1;
        let d = decode::decode(linktype, p.data, p.wire_len);
        let pk = input::packet(number, &p, &d);
        let Some(m) = input::dhcp_message(pk, &d) else {
            continue;
        };
        if m.family != Family::V4 || m.xid != xid {
            continue;
        }
        if m.msg_type == Some(v4::OFFER) {
            offers += 1;
            let offer = offer_of(&m);
            let buf = out.buf();
            if o.json {
                let _ = json::probe_offer(buf, &offer);
            } else {
                printer.offer(buf, &offer);
            }
        }
        engine.push(m, &mut events);
        out.end_packet().map_err(stdout_err)?;
    }
    engine.finish(&mut events);
    let buf = out.buf();
    for e in &events {
        match (e, o.json) {
            (Event::Finding(f), false) => printer.finding(buf, f),
            (Event::Finding(f), true) => {
                let _ = json::dhcp_finding(buf, f);
            }
            _ => {}
        }
    }
    let servers = engine.servers();
    if o.json {
        for s in &servers {
            let _ = json::server_summary(buf, s);
        }
        let _ = json::dhcp_summary(buf, &engine.stats(), wall_clock(), true);
    } else {
        let line = format!(
            "{offers} offer{} from {} server{} within {} s\n",
            if offers == 1 { "" } else { "s" },
            servers.len(),
            if servers.len() == 1 { "" } else { "s" },
            o.timeout
        );
        buf.extend_from_slice(line.as_bytes());
    }
    out.flush().map_err(stdout_err)?;
    if let Some(e) = error {
        return Err(e);
    }
    Ok(if engine.stats().findings > 0 {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    })
}

/// An offer as the probe prints it.
fn offer_of(m: &dhcp::Message) -> Offer {
    dhcp::Offer::from_message(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::{dhcp as d4, App, LinkType, Transport};

    #[test]
    fn the_discover_decodes_as_one() {
        let mac = Mac([2, 0, 0, 0x77, 0, 9]);
        let f = discover_frame(mac, 0x1234_5678);
        let d = decode::decode(LinkType::ETHERNET, &f, f.len() as u32);
        assert!(d.stop.is_none(), "{:?}", d.stop);
        let Transport::Udp(u) = d.transport else {
            panic!("not UDP: {:?}", d.transport)
        };
        assert_eq!((u.src_port, u.dst_port), (68, 67));
        let App::Bootp(b) = d.app else {
            panic!("not BOOTP")
        };
        assert_eq!(b.xid, 0x1234_5678);
        assert!(b.broadcast());
        assert_eq!(b.client_mac().map(|m| m.0), Some(mac.0));
        assert_eq!(b.message_type(), Some(d4::MessageType::DISCOVER));
        assert_eq!(b.raw.len(), MIN_BOOTP);
        // Checksums verify: tcpdump -vv would not complain.
        let ip = &f[14..34];
        assert_eq!(fold(ones_sum(0, ip)), 0);
        let m = input::dhcp_message(input::packet(1, &raw(&f), &d), &d).unwrap();
        assert_eq!(m.msg_type, Some(v4::DISCOVER));
        assert!(m.requested.is_none() && m.server_id.is_none());
    }

    fn raw(f: &[u8]) -> crate::capture::RawPacket<'_> {
        crate::capture::RawPacket {
            ts: crate::capture::Timestamp { secs: 1, nanos: 0 },
            data: f,
            wire_len: f.len() as u32,
        }
    }

    #[test]
    fn xids_differ() {
        let a = new_xid();
        std::thread::sleep(Duration::from_millis(2));
        assert_ne!(a, new_xid());
    }
}
