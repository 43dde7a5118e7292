//! Who answers DHCP: transactions, servers per segment, and the findings
//! an administrator wants raised (RFC 2131 for DHCPv4, RFC 8415 for
//! DHCPv6).
//!
//! The caller hands every DHCP message over as a [`Message`] (the fields a
//! decoder typed, nothing parsed here) and lets time pass with
//! [`DhcpWatch::tick`]. Out come [`Event`]s: a [`Transaction`] when it
//! completes or times out, a [`Finding`] when one is raised; and, when
//! asked, the table of servers ([`DhcpWatch::servers`]).
//!
//! # Transactions
//!
//! A transaction is one client's attempt at a lease (DISCOVER, OFFERs,
//! REQUEST, ACK; SOLICIT, ADVERTISEs, REQUEST, REPLY), a renewal (REQUEST
//! without a server identifier; RENEW, REBIND, CONFIRM) or an INFORM
//! (INFORMATION-REQUEST). It is keyed by the client (its hardware address,
//! or for DHCPv6 its DUID) and the VLAN tags. A reply belongs to the
//! client's open transaction when its transaction ID is one the client
//! used in it (DHCPv6's REQUEST takes a new ID after the SOLICIT's).
//!
//! It ends: on a NAK (or a DHCPv6 REPLY whose status is a failure and that
//! grants nothing) or a DECLINE; [`Config::ack_hold`] after an ACK (a
//! client that finds its new address in use declines it within that
//! time, which makes the outcome DECLINE); after [`Config::idle`] without
//! a message (no answer, offers but no request, or a request but no
//! reply); when the client starts another one; or at the end of the
//! capture (`open`).
//!
//! # Segments
//!
//! A segment is where the client is: the VLAN tags of the capture, and for
//! traffic seen between a relay agent and a server (a client message with
//! `giaddr` set, a reply sent to `giaddr`, DHCPv6 relay messages) the
//! relay's address. Replies a relay forwards to a client on the captured
//! segment belong to that segment, marked `relayed`, so a local rogue
//! server and the relayed official one are compared with each other.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::{addr_key, Evidence, Mac, Packet, Sample, Time, Vlans};

/// DHCPv4 or DHCPv6.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    V4,
    V6,
}

/// Who the client is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ClientId {
    /// DHCPv4 with an Ethernet `chaddr`.
    Mac(Mac),
    /// DHCPv4 with another hardware address (the first `hlen` bytes).
    Hw(Vec<u8>),
    /// DHCPv6: the client identifier option's DUID.
    Duid(Vec<u8>),
}

/// Who a server is: its server identifier (DHCPv4 option 54, DHCPv6
/// option 2), else the address it sent from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ServerId {
    Ip(IpAddr),
    Duid(Vec<u8>),
}

/// Hexadecimal bytes joined by `:` (DUIDs, non-Ethernet hardware
/// addresses).
pub fn hex_colon(b: &[u8]) -> String {
    let mut s = String::with_capacity(b.len() * 3);
    for (i, x) in b.iter().enumerate() {
        if i > 0 {
            s.push(':');
        }
        s.push_str(&format!("{x:02x}"));
    }
    s
}

impl fmt::Display for ClientId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientId::Mac(m) => write!(f, "{m}"),
            ClientId::Hw(b) => write!(f, "hw {}", hex_colon(b)),
            ClientId::Duid(d) => write!(f, "duid {}", hex_colon(d)),
        }
    }
}

impl fmt::Display for ServerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServerId::Ip(a) => write!(f, "{a}"),
            ServerId::Duid(d) => write!(f, "duid {}", hex_colon(d)),
        }
    }
}

/// Where the clients are (see the module documentation).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Segment {
    pub vlans: Vlans,
    /// The relay agent's address, for traffic seen between relay and
    /// server; `None` for the captured segment itself.
    pub relay: Option<IpAddr>,
}

impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.vlans.is_empty(), self.relay) {
            (true, None) => f.write_str("local"),
            (false, None) => write!(f, "vlan {}", self.vlans),
            (true, Some(r)) => write!(f, "relay {r}"),
            (false, Some(r)) => write!(f, "vlan {} relay {r}", self.vlans),
        }
    }
}

/// DHCPv4 message types (option 53).
pub mod v4 {
    pub const DISCOVER: u8 = 1;
    pub const OFFER: u8 = 2;
    pub const REQUEST: u8 = 3;
    pub const DECLINE: u8 = 4;
    pub const ACK: u8 = 5;
    pub const NAK: u8 = 6;
    pub const RELEASE: u8 = 7;
    pub const INFORM: u8 = 8;
}

/// DHCPv6 message types (RFC 8415 §7.3) and status codes (§21.13).
pub mod v6 {
    pub const SOLICIT: u8 = 1;
    pub const ADVERTISE: u8 = 2;
    pub const REQUEST: u8 = 3;
    pub const CONFIRM: u8 = 4;
    pub const RENEW: u8 = 5;
    pub const REBIND: u8 = 6;
    pub const REPLY: u8 = 7;
    pub const RELEASE: u8 = 8;
    pub const DECLINE: u8 = 9;
    pub const RECONFIGURE: u8 = 10;
    pub const INFORMATION_REQUEST: u8 = 11;
    pub const RELAY_FORW: u8 = 12;
    pub const RELAY_REPL: u8 = 13;

    pub const STATUS_SUCCESS: u16 = 0;
}

/// The name of a message type, as the RFCs write it.
pub fn type_name(family: Family, t: Option<u8>) -> &'static str {
    match (family, t) {
        (Family::V4, None) => "BOOTP",
        (Family::V4, Some(t)) => match t {
            v4::DISCOVER => "DISCOVER",
            v4::OFFER => "OFFER",
            v4::REQUEST => "REQUEST",
            v4::DECLINE => "DECLINE",
            v4::ACK => "ACK",
            v4::NAK => "NAK",
            v4::RELEASE => "RELEASE",
            v4::INFORM => "INFORM",
            9 => "FORCERENEW",
            10 => "LEASEQUERY",
            11 => "LEASEUNASSIGNED",
            12 => "LEASEUNKNOWN",
            13 => "LEASEACTIVE",
            _ => "UNKNOWN",
        },
        (Family::V6, None) => "UNKNOWN",
        (Family::V6, Some(t)) => match t {
            v6::SOLICIT => "SOLICIT",
            v6::ADVERTISE => "ADVERTISE",
            v6::REQUEST => "REQUEST",
            v6::CONFIRM => "CONFIRM",
            v6::RENEW => "RENEW",
            v6::REBIND => "REBIND",
            v6::REPLY => "REPLY",
            v6::RELEASE => "RELEASE",
            v6::DECLINE => "DECLINE",
            v6::RECONFIGURE => "RECONFIGURE",
            v6::INFORMATION_REQUEST => "INFORMATION-REQUEST",
            v6::RELAY_FORW => "RELAY-FORW",
            v6::RELAY_REPL => "RELAY-REPL",
            _ => "UNKNOWN",
        },
    }
}

/// The name of a DHCPv6 status code (RFC 8415 §21.13, RFC 7653).
pub fn status_name(code: u16) -> &'static str {
    match code {
        0 => "Success",
        1 => "UnspecFail",
        2 => "NoAddrsAvail",
        3 => "NoBinding",
        4 => "NotOnLink",
        5 => "UseMulticast",
        6 => "NoPrefixAvail",
        _ => "unknown status",
    }
}

/// One DHCP message, as the decoder typed it. Addresses that are zero
/// (`0.0.0.0`) in the message are `None` or left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub packet: Packet,
    pub family: Family,
    /// DHCPv4 option 53 (`None`: plain BOOTP); the DHCPv6 message type
    /// (of the innermost message, relay messages unwrapped).
    pub msg_type: Option<u8>,
    /// The transaction ID (24 bits for DHCPv6).
    pub xid: u32,
    pub client: Option<ClientId>,
    /// The client's Ethernet address: `chaddr`; for DHCPv6 the address in a
    /// DUID-LL or DUID-LLT, else the source of a client's frame.
    pub client_mac: Option<Mac>,
    pub server_id: Option<ServerId>,
    /// IP source and destination of the packet.
    pub src: IpAddr,
    pub dst: IpAddr,
    /// DHCPv4 `giaddr`, or the link address of the (outermost) DHCPv6
    /// relay message.
    pub relay: Option<IpAddr>,
    /// Seen between relay and server (see the module documentation).
    pub upstream: bool,
    /// DHCPv4 `ciaddr`.
    pub ciaddr: Option<Ipv4Addr>,
    /// Addresses given: DHCPv4 `yiaddr`; DHCPv6 IA addresses.
    pub addrs: Vec<IpAddr>,
    /// DHCPv6 delegated prefixes (IA_PD).
    pub prefixes: Vec<(Ipv6Addr, u8)>,
    /// The address a client asks for: DHCPv4 option 50; the addresses of
    /// a DHCPv6 client's IAs.
    pub requested: Option<IpAddr>,
    /// Lease time (option 51), or the valid lifetime of the first DHCPv6
    /// address, in seconds.
    pub lease: Option<u32>,
    pub mask: Option<Ipv4Addr>,
    pub routers: Option<Vec<IpAddr>>,
    pub dns: Option<Vec<IpAddr>>,
    pub domain: Option<String>,
    /// Host name (option 12; the DHCPv6 client FQDN).
    pub host_name: Option<String>,
    /// Vendor class (option 60; DHCPv6 option 16's first data).
    pub vendor_class: Option<String>,
    /// The server's message (option 56; a DHCPv6 status message).
    pub message: Option<String>,
    /// DHCPv6: the top-level status code, else the first failure inside
    /// an IA.
    pub status: Option<u16>,
    /// DHCPv6 preference.
    pub preference: Option<u8>,
}

impl Message {
    /// A message with only the fields every message has; the rest empty.
    pub fn new(packet: Packet, family: Family, msg_type: Option<u8>, xid: u32) -> Message {
        let unspecified = match family {
            Family::V4 => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            Family::V6 => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
        };
        Message {
            packet,
            family,
            msg_type,
            xid,
            client: None,
            client_mac: None,
            server_id: None,
            src: unspecified,
            dst: unspecified,
            relay: None,
            upstream: false,
            ciaddr: None,
            addrs: Vec::new(),
            prefixes: Vec::new(),
            requested: None,
            lease: None,
            mask: None,
            routers: None,
            dns: None,
            domain: None,
            host_name: None,
            vendor_class: None,
            message: None,
            status: None,
            preference: None,
        }
    }

    /// The message type's name.
    pub fn type_name(&self) -> &'static str {
        type_name(self.family, self.msg_type)
    }

    fn role(&self) -> Role {
        match (self.family, self.msg_type) {
            (Family::V4, Some(t)) => match t {
                v4::DISCOVER => Role::Discover,
                v4::OFFER => Role::Offer,
                v4::REQUEST if self.server_id.is_some() => Role::Select,
                v4::REQUEST => Role::Renew,
                v4::DECLINE => Role::Decline,
                v4::ACK => Role::Ack,
                v4::NAK => Role::Nak,
                v4::RELEASE => Role::Release,
                v4::INFORM => Role::Inform,
                _ => Role::Other,
            },
            (Family::V6, Some(t)) => match t {
                v6::SOLICIT => Role::Discover,
                v6::ADVERTISE => Role::Offer,
                v6::REQUEST => Role::Select,
                v6::CONFIRM | v6::RENEW | v6::REBIND => Role::Renew,
                v6::REPLY => {
                    let failed = self.status.is_some_and(|s| s != v6::STATUS_SUCCESS);
                    if failed && self.addrs.is_empty() && self.prefixes.is_empty() {
                        Role::Nak
                    } else {
                        Role::Ack
                    }
                }
                v6::RELEASE => Role::Release,
                v6::DECLINE => Role::Decline,
                v6::INFORMATION_REQUEST => Role::Inform,
                _ => Role::Other,
            },
            _ => Role::Other,
        }
    }

    /// The segment this message was seen on.
    fn segment(&self) -> Segment {
        Segment {
            vlans: self.packet.vlans,
            relay: if self.upstream { self.relay } else { None },
        }
    }

    fn server_ref(&self) -> ServerRef {
        ServerRef {
            id: self.server_id.clone().unwrap_or(ServerId::Ip(self.src)),
            ip: self.src,
            mac: self.packet.src_mac,
            relayed: self.relay.is_some(),
        }
    }
}

/// What a message does in a transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Discover,
    Offer,
    /// A REQUEST that names the server chosen (DHCPv6: any REQUEST).
    Select,
    /// A REQUEST for an address already held (renewing, rebinding,
    /// rebooting); DHCPv6 RENEW, REBIND, CONFIRM.
    Renew,
    Ack,
    Nak,
    Decline,
    Release,
    Inform,
    Other,
}

/// A server as seen in one message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerRef {
    pub id: ServerId,
    /// The address it sent from (a relay's, for a relayed reply).
    pub ip: IpAddr,
    /// The Ethernet source of its frame (a relay's, for a relayed reply).
    pub mac: Option<Mac>,
    /// Its replies came through a relay agent (`giaddr` set).
    pub relayed: bool,
}

/// What a transaction is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransactionKind {
    /// A new lease: DISCOVER (SOLICIT) first.
    Lease,
    /// A REQUEST from a client's own address (renewing, rebinding);
    /// RENEW, REBIND.
    Renew,
    /// A REQUEST for the client's old address without one of its own
    /// (INIT-REBOOT); CONFIRM.
    Reboot,
    /// INFORM; INFORMATION-REQUEST.
    Inform,
    /// The capture shows only the replies.
    Unknown,
}

/// One server's answer to the client's DISCOVER or SOLICIT.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offer {
    pub server: ServerRef,
    pub addrs: Vec<IpAddr>,
    pub prefixes: Vec<(Ipv6Addr, u8)>,
    pub lease: Option<u32>,
    pub mask: Option<Ipv4Addr>,
    pub routers: Option<Vec<IpAddr>>,
    pub dns: Option<Vec<IpAddr>>,
    pub domain: Option<String>,
    pub preference: Option<u8>,
    pub status: Option<u16>,
    pub message: Option<String>,
    /// The first offer's packet, and how many the server sent.
    pub packet: u64,
    pub time: Time,
    pub count: u32,
}

impl Offer {
    /// The offer a message (an OFFER or ADVERTISE) makes.
    pub fn from_message(m: &Message) -> Offer {
        Offer {
            server: m.server_ref(),
            addrs: m.addrs.clone(),
            prefixes: m.prefixes.clone(),
            lease: m.lease,
            mask: m.mask,
            routers: m.routers.clone(),
            dns: m.dns.clone(),
            domain: m.domain.clone(),
            preference: m.preference,
            status: m.status,
            message: m.message.clone(),
            packet: m.packet.number,
            time: m.packet.time,
            count: 1,
        }
    }
}

/// The client's choice: its REQUEST naming a server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requested {
    pub server: Option<ServerId>,
    pub addr: Option<IpAddr>,
    /// Which of [`Transaction::offers`] it takes up.
    pub offer: Option<usize>,
    pub packet: u64,
}

/// The server's final answer: ACK (REPLY) or NAK.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    pub server: ServerRef,
    pub addrs: Vec<IpAddr>,
    pub prefixes: Vec<(Ipv6Addr, u8)>,
    pub lease: Option<u32>,
    pub message: Option<String>,
    pub status: Option<u16>,
    pub packet: u64,
    pub time: Time,
    /// From the transaction's first client message (DISCOVER, or the
    /// REQUEST of a renewal) to this reply, when the capture has it.
    pub after_ns: Option<u64>,
}

/// A DECLINE: the client found the address in use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decline {
    pub addr: Option<IpAddr>,
    pub packet: u64,
    pub time: Time,
}

/// How a transaction ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Ack,
    Nak,
    Decline,
    /// No server answered.
    NoAnswer,
    /// Servers offered; the client requested none of the offers seen.
    NoRequest,
    /// The client requested; no ACK or NAK came.
    NoReply,
}

/// One client's transaction (see the module documentation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transaction {
    /// Numbered from 1 in order of first packet.
    pub id: u64,
    pub family: Family,
    pub kind: TransactionKind,
    pub segment: Segment,
    pub client: ClientId,
    pub client_mac: Option<Mac>,
    pub host_name: Option<String>,
    pub vendor_class: Option<String>,
    /// The transaction IDs used, first first (at most 8).
    pub xids: Vec<u32>,
    /// The client's messages were relayed (its `giaddr` was set).
    pub relay: Option<IpAddr>,
    pub start: Time,
    pub end: Time,
    /// DISCOVERs (SOLICITs) and REQUESTs (of any kind) the client sent.
    pub discovers: u32,
    pub requests: u32,
    pub offers: Vec<Offer>,
    pub requested: Option<Requested>,
    pub ack: Option<Reply>,
    pub nak: Option<Reply>,
    pub decline: Option<Decline>,
    pub outcome: Outcome,
    /// Every packet of the transaction, in order (bounded).
    pub packets: Sample,
    /// Still open when the capture ended: its outcome is what was seen so
    /// far.
    pub open: bool,
}

/// The option values servers on one segment should agree on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OptionKind {
    Router,
    Dns,
    SubnetMask,
}

impl OptionKind {
    pub fn name(self) -> &'static str {
        match self {
            OptionKind::Router => "router",
            OptionKind::Dns => "dns",
            OptionKind::SubnetMask => "subnet-mask",
        }
    }
}

/// An option's value as a server gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionValue {
    pub server: ServerRef,
    pub addrs: Vec<IpAddr>,
    /// The packet it was first seen in.
    pub packet: u64,
}

/// The range of addresses one server handed out (offered or acknowledged).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Range {
    pub server: ServerRef,
    pub low: IpAddr,
    pub high: IpAddr,
    /// The packets that gave `low` and `high`.
    pub low_packet: u64,
    pub high_packet: u64,
}

/// What a finding says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FindingKind {
    /// More than one server answers on one segment: every server that
    /// did so far, the new one last.
    MultipleServers { servers: Vec<ServerRef> },
    /// Two servers hand out addresses from overlapping ranges.
    OverlappingRanges { a: Range, b: Range },
    /// Two servers give different values of an option.
    DifferentOption {
        option: OptionKind,
        a: OptionValue,
        b: OptionValue,
    },
    /// A server not named by `--allowed-server`.
    UnauthorizedServer { server: ServerRef },
    /// A NAK (a DHCPv6 REPLY with a failure status that grants nothing).
    Nak {
        client: ClientId,
        client_mac: Option<Mac>,
        server: ServerRef,
        requested: Option<IpAddr>,
        message: Option<String>,
        status: Option<u16>,
    },
    /// A DECLINE: the client found the address it was given in use.
    Decline {
        client: ClientId,
        client_mac: Option<Mac>,
        addr: Option<IpAddr>,
        server: Option<ServerRef>,
    },
    /// A client sent `tries` DISCOVERs and REQUESTs without getting an
    /// ACK.
    NoAck {
        client: ClientId,
        client_mac: Option<Mac>,
        tries: u32,
        since: Time,
    },
}

impl FindingKind {
    /// The finding's name, as JSON and the text output give it.
    pub fn name(&self) -> &'static str {
        match self {
            FindingKind::MultipleServers { .. } => "multiple-servers",
            FindingKind::OverlappingRanges { .. } => "overlapping-ranges",
            FindingKind::DifferentOption { .. } => "different-options",
            FindingKind::UnauthorizedServer { .. } => "unauthorized-server",
            FindingKind::Nak { .. } => "nak",
            FindingKind::Decline { .. } => "decline",
            FindingKind::NoAck { .. } => "no-ack",
        }
    }
}

/// A finding, with the packets that prove it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub family: Family,
    pub segment: Segment,
    /// When it was raised (the time of the packet that raised it).
    pub time: Time,
    pub kind: FindingKind,
    pub evidence: Evidence,
}

/// What the engine reports as it goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Transaction(Box<Transaction>),
    Finding(Box<Finding>),
}

/// A server named by `--allowed-server`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Allowed {
    Ip(IpAddr),
    Mac(Mac),
}

/// The engine's settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// When not empty, a server none of these names is a finding.
    pub allowed: Vec<Allowed>,
    /// Seconds without a message after which a transaction ends.
    pub idle: u64,
    /// Seconds an ACKed transaction waits for a DECLINE.
    pub ack_hold: u64,
    /// Seconds without traffic after which a client's or server's state is
    /// forgotten.
    pub max_age: u64,
    /// Most open transactions (and clients remembered); past it, the
    /// least recently active are ended (transactions) or forgotten.
    pub max_clients: usize,
    /// Most servers remembered.
    pub max_servers: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            allowed: Vec::new(),
            idle: 30,
            ack_hold: 5,
            max_age: 3600,
            max_clients: 65_536,
            max_servers: 4096,
        }
    }
}

/// A server's figures on one segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerSummary {
    pub family: Family,
    pub segment: Segment,
    /// As first seen (address, MAC).
    pub server: ServerRef,
    /// Other source addresses or MACs seen for it after the first.
    pub other_ips: Vec<IpAddr>,
    pub other_macs: Vec<Mac>,
    pub first_seen: Time,
    pub last_seen: Time,
    pub first_packet: u64,
    pub offers: u64,
    pub acks: u64,
    pub naks: u64,
    /// Distinct clients answered (counted up to [`MAX_DISTINCT`]).
    pub clients: u64,
    /// Distinct addresses handed out (counted up to [`MAX_DISTINCT`]).
    pub addresses: u64,
    pub range: Option<Range>,
    /// Shortest and longest lease, in seconds.
    pub lease: Option<(u32, u32)>,
    /// The option values it gave first.
    pub mask: Option<Ipv4Addr>,
    pub routers: Option<Vec<IpAddr>>,
    pub dns: Option<Vec<IpAddr>>,
    pub domain: Option<String>,
    /// Whether `--allowed-server` names it (`None` without that option).
    pub allowed: Option<bool>,
}

/// Distinct clients and addresses are counted per server up to this many.
pub const MAX_DISTINCT: usize = 65_536;

/// Run-wide counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub messages: u64,
    pub v4_messages: u64,
    pub v6_messages: u64,
    pub transactions: u64,
    pub acked: u64,
    pub findings: u64,
    /// Replies that matched no open transaction (late or repeated).
    pub stray_replies: u64,
    /// Transactions ended early, or clients and servers forgotten, to keep
    /// within the limits.
    pub evicted: u64,
}

#[derive(Clone, Debug)]
struct ServerState {
    summary: ServerSummary,
    clients: HashSet<ClientId>,
    addresses: HashSet<IpAddr>,
    /// First value of each option and its packet.
    options: Vec<(OptionKind, Vec<IpAddr>, u64)>,
}

#[derive(Clone, Debug)]
struct Open {
    t: Transaction,
    last: Time,
    /// Client messages' packets, for a NAK's and a NoAck's evidence.
    client_packets: Sample,
}

#[derive(Clone, Debug, Default)]
struct ClientState {
    /// DISCOVERs and REQUESTs since the last ACK, and their packets.
    tries: u32,
    packets: Sample,
    since: Option<Time>,
    raised: bool,
    /// Transaction IDs of its last finished transactions.
    recent_xids: Vec<u32>,
    last_seen: Time,
}

type ClientKey = (Vlans, ClientId);
type ServerKey = (Family, Segment, ServerId);

/// Which pairs of servers a finding was raised for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Raised {
    Overlap(Family, Segment, ServerId, ServerId),
    Option(Family, Segment, OptionKind, ServerId, ServerId),
}

/// The DHCP engine.
#[derive(Debug)]
pub struct DhcpWatch {
    cfg: Config,
    open: HashMap<ClientKey, Open>,
    clients: HashMap<ClientKey, ClientState>,
    servers: HashMap<ServerKey, ServerState>,
    raised: HashSet<Raised>,
    next_id: u64,
    next_check: Time,
    next_sweep: Time,
    now: Time,
    stats: Stats,
}

/// Most transaction IDs and packets kept per transaction.
const MAX_XIDS: usize = 8;
const MAX_PACKETS: usize = 16;

impl DhcpWatch {
    pub fn new(cfg: Config) -> DhcpWatch {
        DhcpWatch {
            cfg,
            open: HashMap::new(),
            clients: HashMap::new(),
            servers: HashMap::new(),
            raised: HashSet::new(),
            next_id: 1,
            next_check: Time(i64::MIN),
            next_sweep: Time(i64::MIN),
            now: Time(i64::MIN),
            stats: Stats::default(),
        }
    }

    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// Takes one message.
    pub fn push(&mut self, m: Message, out: &mut Vec<Event>) {
        self.tick(m.packet.time, out);
        self.stats.messages += 1;
        match m.family {
            Family::V4 => self.stats.v4_messages += 1,
            Family::V6 => self.stats.v6_messages += 1,
        }
        let Some(client) = m.client.clone() else {
            return;
        };
        let key = (m.packet.vlans, client);
        match m.role() {
            Role::Discover => self.client_start(&key, &m, TransactionKind::Lease, out),
            Role::Inform => self.client_start(&key, &m, TransactionKind::Inform, out),
            Role::Renew => {
                // Without an address of its own, a client asking for its
                // old one is rebooting (INIT-REBOOT; DHCPv6 CONFIRM).
                let reboot = match m.family {
                    Family::V4 => m.ciaddr.is_none(),
                    Family::V6 => m.msg_type == Some(v6::CONFIRM),
                };
                let kind = if reboot {
                    TransactionKind::Reboot
                } else {
                    TransactionKind::Renew
                };
                self.client_start(&key, &m, kind, out)
            }
            Role::Select => self.select(&key, &m, out),
            Role::Offer | Role::Ack | Role::Nak => self.reply(&key, &m, out),
            Role::Decline => self.decline(&key, &m, out),
            Role::Release => {
                if let Some(o) = self.open.remove(&key) {
                    self.end_transaction(key.clone(), o, false, out);
                }
            }
            Role::Other => {}
        }
        if let Some(c) = self.clients.get_mut(&key) {
            c.last_seen = m.packet.time;
        }
        if let Some(o) = self.open.get(&key) {
            self.next_check = self.next_check.min(self.deadline(o));
        }
    }

    /// Lets time pass: ends the transactions whose time is up.
    pub fn tick(&mut self, now: Time, out: &mut Vec<Event>) {
        if now > self.now {
            self.now = now;
        }
        if now >= self.next_check {
            self.expire(now, out);
        }
        if now >= self.next_sweep {
            self.sweep(now);
            self.next_sweep = now.plus_secs(60);
        }
    }

    /// Ends every open transaction (the capture ended): each is reported,
    /// `open` when its time was not up.
    pub fn finish(&mut self, out: &mut Vec<Event>) {
        let mut all: Vec<(ClientKey, Open)> = self.open.drain().collect();
        all.sort_by_key(|(_, o)| o.t.id);
        for (k, o) in all {
            let done = o.t.ack.is_some();
            self.end_transaction(k, o, !done, out);
        }
    }

    /// The servers, by family, segment and first packet.
    pub fn servers(&self) -> Vec<ServerSummary> {
        let mut v: Vec<ServerSummary> = self.servers.values().map(|s| s.summary.clone()).collect();
        v.sort_by(|a, b| {
            (a.family, a.segment, a.first_packet).cmp(&(b.family, b.segment, b.first_packet))
        });
        v
    }

    fn deadline(&self, o: &Open) -> Time {
        if o.t.ack.is_some() {
            o.last.plus_secs(self.cfg.ack_hold)
        } else {
            o.last.plus_secs(self.cfg.idle)
        }
    }

    fn expire(&mut self, now: Time, out: &mut Vec<Event>) {
        let mut due: Vec<ClientKey> = Vec::new();
        let mut next = Time(i64::MAX);
        for (k, o) in &self.open {
            let d = self.deadline(o);
            if d <= now {
                due.push(k.clone());
            } else {
                next = next.min(d);
            }
        }
        let mut done: Vec<(ClientKey, Open)> = due
            .into_iter()
            .filter_map(|k| self.open.remove(&k).map(|o| (k, o)))
            .collect();
        done.sort_by_key(|(_, o)| o.t.id);
        for (k, o) in done {
            self.end_transaction(k, o, false, out);
        }
        // Scan again at the next deadline, but at most once a second.
        self.next_check = next.max(now.plus_secs(1));
    }

    /// Forgets clients and servers not seen for `max_age`, and keeps their
    /// numbers within the limits.
    fn sweep(&mut self, now: Time) {
        let age = self.cfg.max_age;
        let before = self.clients.len() + self.servers.len();
        self.clients.retain(|_, c| c.last_seen.plus_secs(age) > now);
        self.servers
            .retain(|_, s| s.summary.last_seen.plus_secs(age) > now);
        let after = self.clients.len() + self.servers.len();
        self.stats.evicted += (before - after) as u64;
        if self.clients.len() > self.cfg.max_clients {
            let mut seen: Vec<(Time, ClientKey)> = self
                .clients
                .iter()
                .map(|(k, c)| (c.last_seen, k.clone()))
                .collect();
            seen.sort();
            let drop = self.clients.len() - self.cfg.max_clients * 9 / 10;
            for (_, k) in seen.into_iter().take(drop) {
                self.clients.remove(&k);
                self.stats.evicted += 1;
            }
        }
        if self.raised.len() > 4 * self.cfg.max_servers * self.cfg.max_servers.min(64) {
            self.raised.clear();
        }
    }

    fn new_transaction(&mut self, key: &ClientKey, m: &Message, kind: TransactionKind) -> Open {
        let id = self.next_id;
        self.next_id += 1;
        let client_msg = !matches!(m.role(), Role::Offer | Role::Ack | Role::Nak);
        let mut packets = Sample::default();
        packets.push(m.packet.number, MAX_PACKETS);
        Open {
            t: Transaction {
                id,
                family: m.family,
                kind,
                segment: m.segment(),
                client: key.1.clone(),
                client_mac: m
                    .client_mac
                    .or(if client_msg { m.packet.src_mac } else { None }),
                host_name: None,
                vendor_class: None,
                xids: vec![m.xid],
                relay: if client_msg { m.relay } else { None },
                start: m.packet.time,
                end: m.packet.time,
                discovers: 0,
                requests: 0,
                offers: Vec::new(),
                requested: None,
                ack: None,
                nak: None,
                decline: None,
                outcome: Outcome::NoAnswer,
                packets,
                open: false,
            },
            last: m.packet.time,
            client_packets: Sample::default(),
        }
    }

    /// Makes room for one more open transaction.
    fn room(&mut self, out: &mut Vec<Event>) {
        if self.open.len() < self.cfg.max_clients {
            return;
        }
        let oldest = self
            .open
            .iter()
            .min_by_key(|(_, o)| (o.last, o.t.id))
            .map(|(k, _)| k.clone());
        if let Some(k) = oldest {
            if let Some(o) = self.open.remove(&k) {
                self.stats.evicted += 1;
                self.end_transaction(k, o, false, out);
            }
        }
    }

    /// Notes a client message in its transaction.
    fn client_note(o: &mut Open, m: &Message) {
        o.last = m.packet.time;
        o.t.end = m.packet.time;
        o.t.packets.push(m.packet.number, MAX_PACKETS);
        o.client_packets.push(m.packet.number, MAX_PACKETS);
        if let Some(h) = &m.host_name {
            o.t.host_name.get_or_insert_with(|| h.clone());
        }
        if let Some(v) = &m.vendor_class {
            o.t.vendor_class.get_or_insert_with(|| v.clone());
        }
        if o.t.client_mac.is_none() {
            o.t.client_mac = m.client_mac.or(m.packet.src_mac);
        }
        if !o.t.xids.contains(&m.xid) && o.t.xids.len() < MAX_XIDS {
            o.t.xids.push(m.xid);
        }
        match m.role() {
            Role::Discover => o.t.discovers += 1,
            Role::Select | Role::Renew => o.t.requests += 1,
            _ => {}
        }
    }

    /// A DISCOVER, a renewing REQUEST or an INFORM: a retransmission in
    /// the open transaction, or a new transaction.
    fn client_start(
        &mut self,
        key: &ClientKey,
        m: &Message,
        kind: TransactionKind,
        out: &mut Vec<Event>,
    ) {
        let retransmission = self.open.get(key).is_some_and(|o| {
            o.t.kind == kind && o.t.xids.contains(&m.xid) && o.t.ack.is_none() && o.t.nak.is_none()
        });
        if !retransmission {
            if let Some(o) = self.open.remove(key) {
                self.end_transaction(key.clone(), o, false, out);
            }
            self.room(out);
            let o = self.new_transaction(key, m, kind);
            self.open.insert(key.clone(), o);
        }
        if let Some(o) = self.open.get_mut(key) {
            if retransmission {
                Self::client_note(o, m);
            } else {
                // The packet is already listed.
                o.client_packets.push(m.packet.number, MAX_PACKETS);
                if let Some(h) = &m.host_name {
                    o.t.host_name = Some(h.clone());
                }
                if let Some(v) = &m.vendor_class {
                    o.t.vendor_class = Some(v.clone());
                }
                match m.role() {
                    Role::Discover => o.t.discovers += 1,
                    Role::Renew => {
                        o.t.requests += 1;
                        // (Reboot or renew: both ask for an address held.)
                        o.t.requested = Some(Requested {
                            server: None,
                            addr: m.requested.or(m.ciaddr.map(IpAddr::V4)),
                            offer: None,
                            packet: m.packet.number,
                        });
                    }
                    _ => {}
                }
            }
        }
    }

    /// A REQUEST naming the server chosen.
    fn select(&mut self, key: &ClientKey, m: &Message, out: &mut Vec<Event>) {
        let continues = self.open.get(key).is_some_and(|o| {
            o.t.ack.is_none()
                && o.t.nak.is_none()
                && (o.t.xids.contains(&m.xid)
                    || (o.t.kind == TransactionKind::Lease && !o.t.offers.is_empty()))
        });
        if !continues {
            if let Some(o) = self.open.remove(key) {
                self.end_transaction(key.clone(), o, false, out);
            }
            self.room(out);
            let mut o = self.new_transaction(key, m, TransactionKind::Lease);
            o.t.packets = Sample::default();
            self.open.insert(key.clone(), o);
        }
        if let Some(o) = self.open.get_mut(key) {
            Self::client_note(o, m);
            let offer = o.t.offers.iter().position(|f| {
                m.server_id.as_ref() == Some(&f.server.id)
                    && (m.requested.is_none()
                        || f.addrs.is_empty()
                        || m.requested.is_some_and(|r| f.addrs.contains(&r)))
            });
            o.t.requested = Some(Requested {
                server: m.server_id.clone(),
                addr: m.requested,
                offer,
                packet: m.packet.number,
            });
        }
    }

    /// An OFFER, ACK or NAK (ADVERTISE, REPLY).
    fn reply(&mut self, key: &ClientKey, m: &Message, out: &mut Vec<Event>) {
        let role = m.role();
        let matched = self
            .open
            .get(key)
            .is_some_and(|o| o.t.xids.contains(&m.xid));
        let recent = self
            .clients
            .get(key)
            .is_some_and(|c| c.recent_xids.contains(&m.xid));
        let segment = match self.open.get(key) {
            Some(o) if matched => o.t.segment,
            _ => m.segment(),
        };
        self.server_seen(segment, m, out);
        if !matched {
            // A late or repeated reply to an earlier transaction, or one
            // that does not fit the client's open transaction.
            if recent || self.open.contains_key(key) {
                self.stats.stray_replies += 1;
                return;
            }
            // The capture missed the client's side: a transaction from
            // the reply on.
            self.room(out);
            let kind = match role {
                Role::Offer => TransactionKind::Lease,
                _ => TransactionKind::Unknown,
            };
            let o = self.new_transaction(key, m, kind);
            self.open.insert(key.clone(), o);
        } else if let Some(o) = self.open.get_mut(key) {
            o.t.packets.push(m.packet.number, MAX_PACKETS);
        }
        let Some(o) = self.open.get_mut(key) else {
            return;
        };
        o.last = m.packet.time;
        o.t.end = m.packet.time;
        if o.t.client_mac.is_none() {
            o.t.client_mac = m.client_mac;
        }
        match role {
            Role::Offer => {
                let server = m.server_ref();
                match o.t.offers.iter_mut().find(|f| f.server.id == server.id) {
                    Some(f) => f.count += 1,
                    None => o.t.offers.push(Offer::from_message(m)),
                }
            }
            Role::Ack | Role::Nak => {
                let first_client = o.t.discovers + o.t.requests > 0;
                let r = Reply {
                    server: m.server_ref(),
                    addrs: m.addrs.clone(),
                    prefixes: m.prefixes.clone(),
                    lease: m.lease,
                    message: m.message.clone(),
                    status: m.status,
                    packet: m.packet.number,
                    time: m.packet.time,
                    after_ns: first_client.then(|| m.packet.time.since(o.t.start)),
                };
                if role == Role::Ack {
                    o.t.ack.get_or_insert(r);
                    if o.t.kind == TransactionKind::Inform {
                        if let Some(o) = self.open.remove(key) {
                            self.end_transaction(key.clone(), o, false, out);
                        }
                    }
                } else {
                    o.t.nak = Some(r);
                    if let Some(o) = self.open.remove(key) {
                        self.end_transaction(key.clone(), o, false, out);
                    }
                }
            }
            _ => {}
        }
    }

    /// A DECLINE.
    fn decline(&mut self, key: &ClientKey, m: &Message, out: &mut Vec<Event>) {
        let joins = self
            .open
            .get(key)
            .is_some_and(|o| o.t.ack.is_some() || o.t.xids.contains(&m.xid));
        if !joins {
            if let Some(o) = self.open.remove(key) {
                self.end_transaction(key.clone(), o, false, out);
            }
            self.room(out);
            let mut o = self.new_transaction(key, m, TransactionKind::Unknown);
            o.t.packets = Sample::default();
            self.open.insert(key.clone(), o);
        }
        if let Some(mut o) = self.open.remove(key) {
            Self::client_note(&mut o, m);
            o.t.decline = Some(Decline {
                addr: m.requested.or_else(|| m.addrs.first().copied()),
                packet: m.packet.number,
                time: m.packet.time,
            });
            self.end_transaction(key.clone(), o, false, out);
        }
    }

    /// Reports a transaction that ended, and the findings its end raises.
    fn end_transaction(&mut self, key: ClientKey, o: Open, open: bool, out: &mut Vec<Event>) {
        let Open {
            mut t,
            client_packets,
            ..
        } = o;
        t.open = open;
        let mut found = Vec::new();
        t.outcome = if t.decline.is_some() {
            Outcome::Decline
        } else if t.nak.is_some() {
            Outcome::Nak
        } else if t.ack.is_some() {
            Outcome::Ack
        } else if t.requested.is_some() {
            Outcome::NoReply
        } else if !t.offers.is_empty() {
            Outcome::NoRequest
        } else {
            Outcome::NoAnswer
        };
        self.stats.transactions += 1;
        let time = t.end;
        let evidence_client = t.client_mac;
        match t.outcome {
            Outcome::Nak => {
                if let Some(n) = &t.nak {
                    let mut ev = Evidence::default();
                    if let Some(r) = &t.requested {
                        ev.add(r.packet);
                    }
                    ev.add(n.packet);
                    self.raise(
                        &mut found,
                        t.family,
                        t.segment,
                        n.time,
                        FindingKind::Nak {
                            client: t.client.clone(),
                            client_mac: evidence_client,
                            server: n.server.clone(),
                            requested: t.requested.as_ref().and_then(|r| r.addr),
                            message: n.message.clone(),
                            status: n.status,
                        },
                        ev,
                    );
                }
            }
            Outcome::Decline => {
                if let Some(d) = &t.decline {
                    let mut ev = Evidence::default();
                    if let Some(a) = &t.ack {
                        ev.add(a.packet);
                    }
                    ev.add(d.packet);
                    self.raise(
                        &mut found,
                        t.family,
                        t.segment,
                        d.time,
                        FindingKind::Decline {
                            client: t.client.clone(),
                            client_mac: evidence_client,
                            addr: d
                                .addr
                                .or_else(|| t.ack.as_ref().and_then(|a| a.addrs.first().copied())),
                            server: t.ack.as_ref().map(|a| a.server.clone()),
                        },
                        ev,
                    );
                }
            }
            _ => {}
        }
        // Retries without an ACK: every DISCOVER and REQUEST, less the
        // one REQUEST that normally follows a DISCOVER.
        let tries =
            (t.discovers + t.requests).saturating_sub(u32::from(t.discovers > 0 && t.requests > 0));
        let c = self.clients.entry(key).or_default();
        c.last_seen = c.last_seen.max(time);
        if c.recent_xids.len() >= 4 {
            c.recent_xids.remove(0);
        }
        if let Some(x) = t.xids.last() {
            c.recent_xids.push(*x);
        }
        let mut raise_no_ack = None;
        if t.outcome == Outcome::Ack {
            c.tries = 0;
            c.packets = Sample::default();
            c.since = None;
            c.raised = false;
            self.stats.acked += 1;
        } else if tries > 0 && t.kind != TransactionKind::Inform && t.outcome != Outcome::Decline {
            c.tries = c.tries.saturating_add(tries);
            c.since.get_or_insert(t.start);
            for p in &client_packets.items {
                c.packets.push(*p, MAX_PACKETS);
            }
            c.packets.dropped += client_packets.dropped;
            if c.tries >= 2 && !c.raised {
                c.raised = true;
                raise_no_ack = Some((c.tries, c.since.unwrap_or(t.start), c.packets.clone()));
            }
        }
        if let Some((tries, since, packets)) = raise_no_ack {
            let mut ev = Evidence::of(packets.items.iter().copied());
            ev.more += packets.dropped;
            self.raise(
                &mut found,
                t.family,
                t.segment,
                time,
                FindingKind::NoAck {
                    client: t.client.clone(),
                    client_mac: evidence_client,
                    tries,
                    since,
                },
                ev,
            );
        }
        out.push(Event::Transaction(Box::new(t)));
        out.append(&mut found);
    }

    fn is_allowed(&self, s: &ServerRef) -> bool {
        self.cfg.allowed.iter().any(|a| match a {
            Allowed::Ip(ip) => s.ip == *ip || s.id == ServerId::Ip(*ip),
            Allowed::Mac(mac) => s.mac == Some(*mac),
        })
    }

    /// Takes note of a server's reply on `segment`, raising what a new
    /// server, a new option value or a wider range shows.
    fn server_seen(&mut self, segment: Segment, m: &Message, out: &mut Vec<Event>) {
        let role = m.role();
        let sref = m.server_ref();
        let key: ServerKey = (m.family, segment, sref.id.clone());
        let (n, t) = (m.packet.number, m.packet.time);
        let same_segment = |k: &ServerKey| k.0 == m.family && k.1 == segment && k.2 != sref.id;
        if !self.servers.contains_key(&key) {
            if self.servers.len() >= self.cfg.max_servers {
                let oldest = self
                    .servers
                    .iter()
                    .min_by_key(|(_, s)| s.summary.last_seen)
                    .map(|(k, _)| k.clone());
                if let Some(k) = oldest {
                    self.servers.remove(&k);
                    self.stats.evicted += 1;
                }
            }
            let allowed = (!self.cfg.allowed.is_empty()).then(|| self.is_allowed(&sref));
            let mut others: Vec<(u64, ServerRef)> = self
                .servers
                .iter()
                .filter(|(k, _)| same_segment(k))
                .map(|(_, s)| (s.summary.first_packet, s.summary.server.clone()))
                .collect();
            others.sort_by_key(|(p, _)| *p);
            self.servers.insert(
                key.clone(),
                ServerState {
                    summary: ServerSummary {
                        family: m.family,
                        segment,
                        server: sref.clone(),
                        other_ips: Vec::new(),
                        other_macs: Vec::new(),
                        first_seen: t,
                        last_seen: t,
                        first_packet: n,
                        offers: 0,
                        acks: 0,
                        naks: 0,
                        clients: 0,
                        addresses: 0,
                        range: None,
                        lease: None,
                        mask: None,
                        routers: None,
                        dns: None,
                        domain: None,
                        allowed,
                    },
                    clients: HashSet::new(),
                    addresses: HashSet::new(),
                    options: Vec::new(),
                },
            );
            if !others.is_empty() {
                let ev = Evidence::of(others.iter().map(|(p, _)| *p).chain([n]));
                let mut servers: Vec<ServerRef> = others.into_iter().map(|(_, s)| s).collect();
                servers.push(sref.clone());
                self.raise(
                    out,
                    m.family,
                    segment,
                    t,
                    FindingKind::MultipleServers { servers },
                    ev,
                );
            }
            if allowed == Some(false) {
                self.raise(
                    out,
                    m.family,
                    segment,
                    t,
                    FindingKind::UnauthorizedServer {
                        server: sref.clone(),
                    },
                    Evidence::of([n]),
                );
            }
        }
        let Some(st) = self.servers.get_mut(&key) else {
            return;
        };
        let sum = &mut st.summary;
        sum.last_seen = sum.last_seen.max(t);
        if sref.ip != sum.server.ip && !sum.other_ips.contains(&sref.ip) && sum.other_ips.len() < 8
        {
            sum.other_ips.push(sref.ip);
        }
        if let Some(mac) = sref.mac {
            if sum.server.mac != Some(mac)
                && !sum.other_macs.contains(&mac)
                && sum.other_macs.len() < 8
            {
                sum.other_macs.push(mac);
            }
        }
        match role {
            Role::Offer => sum.offers += 1,
            Role::Ack => sum.acks += 1,
            Role::Nak => sum.naks += 1,
            _ => {}
        }
        if let Some(c) = &m.client {
            if st.clients.len() < MAX_DISTINCT {
                st.clients.insert(c.clone());
            }
            sum.clients = st.clients.len() as u64;
        }
        if !matches!(role, Role::Offer | Role::Ack) {
            return;
        }
        // Addresses handed out.
        let mut widened = false;
        for &a in &m.addrs {
            if st.addresses.len() < MAX_DISTINCT {
                st.addresses.insert(a);
            }
            let k = addr_key(a);
            match &mut sum.range {
                None => {
                    sum.range = Some(Range {
                        server: sref.clone(),
                        low: a,
                        high: a,
                        low_packet: n,
                        high_packet: n,
                    });
                    widened = true;
                }
                Some(r) => {
                    if k.0 == addr_key(r.low).0 && k < addr_key(r.low) {
                        r.low = a;
                        r.low_packet = n;
                        widened = true;
                    }
                    if k.0 == addr_key(r.high).0 && k > addr_key(r.high) {
                        r.high = a;
                        r.high_packet = n;
                        widened = true;
                    }
                }
            }
        }
        sum.addresses = st.addresses.len() as u64;
        if let Some(l) = m.lease {
            sum.lease = Some(match sum.lease {
                None => (l, l),
                Some((lo, hi)) => (lo.min(l), hi.max(l)),
            });
        }
        if sum.domain.is_none() {
            sum.domain = m.domain.clone();
        }
        // First values of the options servers should agree on.
        let mut new_values: Vec<(OptionKind, Vec<IpAddr>)> = Vec::new();
        let given = [
            (OptionKind::Router, m.routers.clone()),
            (OptionKind::Dns, m.dns.clone()),
            (OptionKind::SubnetMask, m.mask.map(|x| vec![IpAddr::V4(x)])),
        ];
        for (kind, value) in given {
            let Some(v) = value else { continue };
            if st.options.iter().any(|(k, _, _)| *k == kind) {
                continue;
            }
            match kind {
                OptionKind::Router => sum.routers = Some(v.clone()),
                OptionKind::Dns => sum.dns = Some(v.clone()),
                OptionKind::SubnetMask => {
                    sum.mask = m.mask;
                }
            }
            st.options.push((kind, v.clone(), n));
            new_values.push((kind, v));
        }
        let my_range = if widened { sum.range.clone() } else { None };
        let mine = sum.server.clone();
        // Compare with the other servers of the segment.
        let mut found: Vec<(FindingKind, Evidence)> = Vec::new();
        let mut others: Vec<(&ServerKey, &ServerState)> = self
            .servers
            .iter()
            .filter(|(k, _)| same_segment(k))
            .collect();
        others.sort_by_key(|(_, s)| s.summary.first_packet);
        for (ok, other) in others {
            for (kind, v) in &new_values {
                let Some((_, w, wp)) = other.options.iter().find(|(k, _, _)| k == kind) else {
                    continue;
                };
                let pair = Raised::Option(m.family, segment, *kind, ok.2.clone(), sref.id.clone());
                if w == v || self.raised.contains(&pair) {
                    continue;
                }
                self.raised.insert(pair);
                found.push((
                    FindingKind::DifferentOption {
                        option: *kind,
                        a: OptionValue {
                            server: other.summary.server.clone(),
                            addrs: w.clone(),
                            packet: *wp,
                        },
                        b: OptionValue {
                            server: mine.clone(),
                            addrs: v.clone(),
                            packet: n,
                        },
                    },
                    Evidence::of([*wp, n]),
                ));
            }
            if let (Some(r), Some(q)) = (&my_range, &other.summary.range) {
                let (rl, rh, ql, qh) = (
                    addr_key(r.low),
                    addr_key(r.high),
                    addr_key(q.low),
                    addr_key(q.high),
                );
                let (x, y) = if ok.2 < sref.id {
                    (ok.2.clone(), sref.id.clone())
                } else {
                    (sref.id.clone(), ok.2.clone())
                };
                let pair = Raised::Overlap(m.family, segment, x, y);
                if rl.0 == ql.0 && rl <= qh && ql <= rh && !self.raised.contains(&pair) {
                    self.raised.insert(pair);
                    found.push((
                        FindingKind::OverlappingRanges {
                            a: q.clone(),
                            b: r.clone(),
                        },
                        Evidence::of([q.low_packet, q.high_packet, r.low_packet, r.high_packet]),
                    ));
                }
            }
        }
        for (kind, ev) in found {
            self.raise(out, m.family, segment, t, kind, ev);
        }
    }

    fn raise(
        &mut self,
        out: &mut Vec<Event>,
        family: Family,
        segment: Segment,
        time: Time,
        kind: FindingKind,
        evidence: Evidence,
    ) {
        self.stats.findings += 1;
        out.push(Event::Finding(Box::new(Finding {
            family,
            segment,
            time,
            kind,
            evidence,
        })));
    }
}
