//! The adapter from decode to the watch engines: the DHCP message or the
//! neighbour observation a decoded packet carries, built from the typed
//! values the decoders hand out (`decode::dhcp`, `decode::dhcp6`,
//! `decode::arp`, `decode::icmp6`), never from packet bytes.

use std::net::{IpAddr, Ipv4Addr};

use crate::capture::RawPacket;
use crate::decode::dhcp::{self as d4, Value as V4};
use crate::decode::dhcp6::{self as d6, Duid, Item as Item6, Value as V6};
use crate::decode::{arp, icmp6, App, Decoded, Link, Net, Transport};
use crate::watch::dhcp::{ClientId, Family, Message, ServerId};
use crate::watch::neighbors::{ArpOp, Observation, What};
use crate::watch::{Mac, Packet, Time, Vlans};

/// What every record carries: number, time, link addresses, VLAN tags.
pub fn packet(number: u64, raw: &RawPacket<'_>, d: &Decoded<'_>) -> Packet {
    let (src_mac, dst_mac) = match d.link {
        Link::Ethernet(e) => (Some(Mac(e.src.0)), Some(Mac(e.dst.0))),
        // Linux cooked captures give the sender's address only.
        Link::Sll(s) if s.hatype == 1 && s.halen == 6 => (six(&s.addr), None),
        Link::Sll2(s) if s.hatype == 1 && s.halen == 6 => (six(&s.addr), None),
        _ => (None, None),
    };
    Packet {
        number,
        time: Time::new(raw.ts.secs, raw.ts.nanos),
        src_mac,
        dst_mac,
        vlans: Vlans::from_ids(d.vlans.iter().map(|t| t.vid())),
    }
}

fn six(b: &[u8]) -> Option<Mac> {
    let a: [u8; 6] = b.get(..6)?.try_into().ok()?;
    Some(Mac(a))
}

/// Text as the decoder gives it (bytes as sent), up to the first NUL,
/// for the engines' string fields. Renderers escape what is not printable.
fn text(b: &[u8]) -> String {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    String::from_utf8_lossy(b.get(..end).unwrap_or(b)).into_owned()
}

fn ipv4s(w: d4::Words<'_, 4>) -> Vec<IpAddr> {
    w.map(|a| IpAddr::V4(Ipv4Addr::from(a))).collect()
}

/// The DHCP message (v4 or v6) a packet carries.
pub fn dhcp_message(p: Packet, d: &Decoded<'_>) -> Option<Message> {
    let ip = d.ip_view()?;
    match d.app {
        App::Bootp(b) => dhcpv4(p, ip.src, ip.dst, &b),
        App::Dhcp6(m) => dhcpv6(p, ip.src, ip.dst, &m),
        _ => None,
    }
}

fn dhcpv4(p: Packet, src: IpAddr, dst: IpAddr, b: &d4::Bootp<'_>) -> Option<Message> {
    if !b.has(d4::Field::Chaddr) {
        return None;
    }
    let mut m = Message::new(p, Family::V4, b.message_type().map(|t| t.0), b.xid);
    m.src = src;
    m.dst = dst;
    m.client_mac = b.client_mac().map(|x| Mac(x.0));
    m.client = Some(match m.client_mac {
        Some(mac) => ClientId::Mac(mac),
        None => ClientId::Hw(b.hardware_address().to_vec()),
    });
    let nonzero = |a: Ipv4Addr| (!a.is_unspecified()).then_some(a);
    m.ciaddr = nonzero(b.ciaddr);
    m.addrs = nonzero(b.yiaddr).map(IpAddr::V4).into_iter().collect();
    m.relay = nonzero(b.giaddr).map(IpAddr::V4);
    m.upstream = match b.op {
        d4::OP_REQUEST => m.relay.is_some(),
        _ => m.relay.is_some() && m.relay == Some(dst),
    };
    // The first of each option, over every option area (RFC 2131 §4.1).
    let mut seen = [false; 256];
    for (_, area) in b.areas() {
        for item in area {
            let o = match item {
                d4::Item::Opt(o) => o,
                d4::Item::End | d4::Item::Truncated { .. } => break,
                d4::Item::Pad { .. } => continue,
            };
            let Some(slot) = seen.get_mut(usize::from(o.code)) else {
                continue;
            };
            if std::mem::replace(slot, true) {
                continue;
            }
            match (o.code, o.value()) {
                (d4::code::SERVER_ID, V4::Addr(a)) => {
                    m.server_id = Some(ServerId::Ip(IpAddr::V4(a)))
                }
                (d4::code::REQUESTED_IP, V4::Addr(a)) => m.requested = Some(IpAddr::V4(a)),
                (d4::code::LEASE_TIME, V4::Seconds(s)) => m.lease = Some(s),
                (d4::code::SUBNET_MASK, V4::Addr(a)) => m.mask = Some(a),
                (3, V4::Addrs(w)) => m.routers = Some(ipv4s(w)),
                (6, V4::Addrs(w)) => m.dns = Some(ipv4s(w)),
                (d4::code::DOMAIN_NAME, V4::Text(t)) => m.domain = Some(text(t)),
                (d4::code::HOSTNAME, V4::Text(t)) => m.host_name = Some(text(t)),
                (d4::code::VENDOR_CLASS, V4::Text(t)) => m.vendor_class = Some(text(t)),
                (d4::code::MESSAGE, V4::Text(t)) => m.message = Some(text(t)),
                _ => {}
            }
        }
    }
    Some(m)
}

/// A DUID's Ethernet address (DUID-LLT and DUID-LL of hardware type 1).
fn duid_mac(v: V6<'_>) -> Option<Mac> {
    match v {
        V6::Duid(Duid::Llt {
            hw_type: 1, addr, ..
        })
        | V6::Duid(Duid::Ll { hw_type: 1, addr }) => six(addr).filter(|_| addr.len() == 6),
        _ => None,
    }
}

/// A domain name from a name list option's first name, when it walks
/// cleanly.
fn first_name(names: d6::Names<'_>) -> Option<String> {
    let name = names.into_iter().next()?;
    let mut s = String::new();
    for piece in name.pieces() {
        match piece {
            d6::Piece::Label(l) => s.push_str(&String::from_utf8_lossy(l)),
            d6::Piece::Dot => s.push('.'),
            d6::Piece::End(Some(_)) => return Some(s),
            _ => return None,
        }
    }
    None
}

fn dhcpv6(p: Packet, src: IpAddr, dst: IpAddr, outer: &d6::Dhcp6<'_>) -> Option<Message> {
    // Unwrap relay messages down to the client's or server's message.
    let mut msg = *outer;
    let mut relay = None;
    for _ in 0..32 {
        if !msg.is_relay() {
            break;
        }
        if relay.is_none() {
            relay = msg.link_addr().map(IpAddr::V6);
        }
        let inner = msg.options().find_map(|i| match i {
            Item6::Opt(o) if o.code == d6::code::RELAY_MSG => match o.value() {
                V6::Relayed(m) => Some(m),
                _ => None,
            },
            _ => None,
        })?;
        msg = inner;
    }
    if msg.is_relay() {
        return None;
    }
    let t = msg.msg_type?;
    let mut m = Message::new(p, Family::V6, Some(t), msg.xid()?);
    m.src = src;
    m.dst = dst;
    m.upstream = outer.is_relay();
    m.relay = relay;
    let client_msg = !matches!(t, 2 | 7 | 10);
    let mut addrs = Vec::new();
    let mut ia_failure: Option<(u16, String)> = None;
    for item in msg.options() {
        let Item6::Opt(o) = item else { break };
        let v = o.value();
        match (o.code, v) {
            (d6::code::CLIENTID, V6::Duid(_)) => {
                m.client = Some(ClientId::Duid(o.data.to_vec()));
                m.client_mac = duid_mac(v);
            }
            (d6::code::SERVERID, V6::Duid(_)) => {
                m.server_id = Some(ServerId::Duid(o.data.to_vec()))
            }
            (d6::code::STATUS_CODE, V6::StatusCode { code, message }) => {
                m.status = Some(code);
                m.message = Some(text(message));
            }
            (d6::code::PREFERENCE, V6::Preference(x)) => m.preference = Some(x),
            (d6::code::DNS_SERVERS, V6::Addrs(a)) => m.dns = Some(a.map(IpAddr::V6).collect()),
            (d6::code::DOMAIN_LIST, V6::Names(n)) => m.domain = first_name(n),
            (d6::code::IA_NA, V6::Ia { options, .. })
            | (d6::code::IA_PD, V6::Ia { options, .. })
            | (d6::code::IA_TA, V6::IaTa { options, .. }) => {
                for sub in options {
                    let Item6::Opt(s) = sub else { break };
                    match s.value() {
                        V6::IaAddr { addr, valid, .. } => {
                            addrs.push(IpAddr::V6(addr));
                            m.lease.get_or_insert(valid);
                        }
                        V6::IaPrefix {
                            prefix,
                            prefix_len,
                            valid,
                            ..
                        } => {
                            m.prefixes.push((prefix, prefix_len));
                            m.lease.get_or_insert(valid);
                        }
                        V6::StatusCode { code, message } if code != 0 => {
                            ia_failure.get_or_insert((code, text(message)));
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    if m.status.is_none() {
        if let Some((code, text)) = ia_failure {
            m.status = Some(code);
            m.message = Some(text);
        }
    }
    if client_msg {
        m.requested = addrs.first().copied();
        if m.client_mac.is_none() {
            m.client_mac = p.src_mac.filter(|_| !m.upstream);
        }
    } else {
        m.addrs = addrs;
    }
    Some(m)
}

/// The neighbour observation (ARP, or IPv6 neighbour discovery) a packet
/// carries.
pub fn neighbor_observation(p: Packet, d: &Decoded<'_>) -> Option<Observation> {
    let what = match (&d.net, &d.transport) {
        (Net::Arp(a), _) => arp_what(a)?,
        (Net::Ipv6(ip), Transport::Icmp6(i)) => nd_what(ip.header.src, i)?,
        _ => return None,
    };
    Some(Observation { packet: p, what })
}

fn arp_what(a: &arp::Arp<'_>) -> Option<What> {
    let plain_ethernet =
        a.htype == arp::HRD_ETHER && matches!(a.lengths, arp::Lengths::Plain { hlen: 6, plen: 4 });
    if !plain_ethernet || !a.complete() {
        return None;
    }
    let op = match a.op {
        arp::OP_REQUEST => ArpOp::Request,
        arp::OP_REPLY => ArpOp::Reply,
        _ => return None,
    };
    Some(What::Arp {
        op,
        sha: six(a.sha()?)?,
        spa: a.spa_ipv4()?,
        tha: six(a.tha()?)?,
        tpa: a.tpa_ipv4()?,
    })
}

/// The first Ethernet link-layer address option of a neighbour
/// discovery message.
fn nd_lladdr(options: icmp6::NdOptions<'_>) -> Option<Mac> {
    for item in options {
        let icmp6::NdItem::Opt(o) = item else { break };
        if let icmp6::NdValue::LinkAddr(a) = o.value() {
            if a.len() == 6 {
                return six(a);
            }
        }
    }
    None
}

/// Neighbour advertisement flags (RFC 4861 §4.4).
const NA_ROUTER: u32 = 0x8000_0000;
const NA_SOLICITED: u32 = 0x4000_0000;
const NA_OVERRIDE: u32 = 0x2000_0000;

fn nd_what(src: std::net::Ipv6Addr, i: &icmp6::Icmp6<'_>) -> Option<What> {
    match i.body {
        icmp6::Body::NeighborSolicit { target, options } => Some(What::Solicit {
            src,
            target: target?,
            slla: nd_lladdr(options),
        }),
        icmp6::Body::NeighborAdvert {
            flags,
            target,
            options,
        } => {
            let flags = flags?;
            Some(What::Advert {
                src,
                target: target?,
                tlla: nd_lladdr(options),
                solicited: flags & NA_SOLICITED != 0,
                override_flag: flags & NA_OVERRIDE != 0,
                router: flags & NA_ROUTER != 0,
            })
        }
        icmp6::Body::RouterSolicit { options } => Some(What::Router {
            src,
            slla: nd_lladdr(options)?,
            advert: false,
        }),
        icmp6::Body::RouterAdvert(ra) => Some(What::Router {
            src,
            slla: nd_lladdr(ra.options)?,
            advert: true,
        }),
        _ => None,
    }
}
