//! Names for numbers, as tcpdump prints them without `-n` (its
//! addrtoname.c): service names for TCP and UDP ports, host names for IP
//! addresses, and the forms it gives MAC addresses (a name from
//! /etc/ethers, `Broadcast`, or the address followed by `(oui Vendor)`).
//! Also the protocol keywords tcpdump prints for IP protocols it does not
//! decode (`udp` rather than `ip-proto-17`).
//!
//! A [`Names`] is built once at start-up (JSON stays numeric and never
//! builds one) and the text printers reach it through `Cx`; without it
//! (`-n`, `-nn`: the same thing in tcpdump 4.99) everything prints as
//! numbers. Port and MAC names are tables read when it is built; host
//! names come from /etc/hosts, read then too, and otherwise from reverse
//! lookups through the system resolver (`getnameinfo`, which follows
//! nsswitch.conf as tcpdump's `gethostbyaddr` does).
//!
//! # Reverse lookups never hold up output for long
//!
//! tcpdump blocks on each lookup; with an unreachable name server that is
//! seconds per new address. Here lookups run on a few worker threads. The
//! first packet that shows an address waits for its answer for at most
//! [`DEFAULT_WAIT`], and only when a worker is free to start on it at once
//! (when every worker is busy, waiting would only add up delays: the
//! address prints as a number straight away and its lookup is queued).
//! An address whose answer is not there in time prints as a number, and
//! so does every later packet while the lookup is still running; when the
//! answer arrives late it is kept, and later packets show the name. The
//! choice favours names over a run-long consistency that tcpdump does not
//! offer either: it prints a name or the number depending on the answer,
//! whenever it comes. A failed lookup is cached as numeric and never
//! retried. At most [`MAX_QUEUED`] addresses wait for a worker; past that,
//! new addresses stay numeric without a lookup.
//!
//! Not done: tcpdump's `-f` (foreign addresses numeric) and `-N` (host
//! names without their domain), which netdecode does not take; the
//! nsswitch "db" sources for services and ethers (tcpdump reads them
//! through libc; netdecode reads /etc/services and /etc/ethers itself).

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::net::IpAddr;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use super::{names, Cx};
use crate::decode::Mac;

/// How long the first packet showing an address waits for its host name.
pub const DEFAULT_WAIT: Duration = Duration::from_millis(150);

/// Reverse lookups run at the same time.
const WORKERS: usize = 4;

/// Addresses waiting for a free worker; new addresses past this stay
/// numeric.
pub const MAX_QUEUED: usize = 1024;

/// A reverse lookup: the host name of an address, or `None`.
pub type Resolver = Arc<dyn Fn(IpAddr) -> Option<String> + Send + Sync>;

/// The names the text renderer prints instead of numbers.
pub struct Names {
    tcp: HashMap<u16, Box<str>>,
    udp: HashMap<u16, Box<str>>,
    ethers: HashMap<[u8; 6], Box<str>>,
    hosts: HashMap<IpAddr, Arc<str>>,
    reverse: Option<Reverse>,
}

impl Names {
    /// The system's names: /etc/services, /etc/ethers and /etc/hosts (each
    /// optional), then reverse lookups through the system resolver.
    pub fn system() -> Names {
        let read = |path: &str| {
            std::fs::read(path)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default()
        };
        Names::from_files(
            &read("/etc/services"),
            &read("/etc/ethers"),
            &read("/etc/hosts"),
        )
        .with_reverse(Arc::new(system_reverse), DEFAULT_WAIT)
    }

    /// Names from the text of a services, an ethers and a hosts file, with
    /// no reverse lookups.
    pub fn from_files(services: &str, ethers: &str, hosts: &str) -> Names {
        let (tcp, udp) = parse_services(services);
        Names {
            tcp,
            udp,
            ethers: parse_ethers(ethers),
            hosts: parse_hosts(hosts),
            reverse: None,
        }
    }

    /// Adds reverse lookups through `resolver` for addresses the hosts
    /// file does not name, each waited for at most `wait` (see the module
    /// docs).
    pub fn with_reverse(mut self, resolver: Resolver, wait: Duration) -> Names {
        self.reverse = Some(Reverse::new(resolver, wait));
        self
    }

    /// The service name of a TCP port (tcpdump's `tcpport_string`).
    pub fn tcp_port(&self, port: u16) -> Option<&str> {
        self.tcp.get(&port).map(|s| &**s)
    }

    /// The service name of a UDP port (tcpdump's `udpport_string`).
    pub fn udp_port(&self, port: u16) -> Option<&str> {
        self.udp.get(&port).map(|s| &**s)
    }

    /// What tcpdump's `etheraddr_string` makes of a MAC address.
    pub fn mac(&self, m: &[u8; 6]) -> MacName<'_> {
        if let Some(n) = self.ethers.get(m) {
            MacName::Name(n)
        } else if *m == [0xff; 6] {
            MacName::Name("Broadcast")
        } else {
            let oui = u32::from_be_bytes([0, m[0], m[1], m[2]]);
            MacName::Oui(names::oui(oui).unwrap_or("Unknown"))
        }
    }

    /// The host name of an address (tcpdump's `ipaddr_string`), or `None`
    /// to print it as a number.
    pub fn host(&self, a: IpAddr) -> Option<Arc<str>> {
        if let Some(n) = self.hosts.get(&a) {
            return Some(Arc::clone(n));
        }
        self.reverse.as_ref().and_then(|r| r.lookup(a))
    }
}

/// tcpdump's name for a MAC address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MacName<'a> {
    /// A name replacing the address (/etc/ethers, `Broadcast`).
    Name(&'a str),
    /// The address followed by ` (oui VENDOR)`.
    Oui(&'static str),
}

fn system_reverse(a: IpAddr) -> Option<String> {
    dns_lookup::lookup_addr(&a).ok()
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Reverse lookups on worker threads, with their answers cached.
struct Reverse {
    shared: Arc<Shared>,
    wait: Duration,
}

struct Shared {
    state: Mutex<State>,
    /// Signalled when an answer is stored.
    answered: Condvar,
    /// Signalled when an address is queued, and at shutdown.
    work: Condvar,
    resolver: Resolver,
}

#[derive(Default)]
struct State {
    cache: HashMap<IpAddr, Entry>,
    queue: VecDeque<IpAddr>,
    /// Worker threads started.
    workers: usize,
    /// Workers inside a lookup.
    busy: usize,
    shutdown: bool,
}

enum Entry {
    /// Queued or being looked up.
    Pending,
    Name(Arc<str>),
    Numeric,
}

impl Reverse {
    fn new(resolver: Resolver, wait: Duration) -> Reverse {
        Reverse {
            shared: Arc::new(Shared {
                state: Mutex::new(State::default()),
                answered: Condvar::new(),
                work: Condvar::new(),
                resolver,
            }),
            wait,
        }
    }

    fn lookup(&self, a: IpAddr) -> Option<Arc<str>> {
        let sh = &*self.shared;
        let mut st = lock(&sh.state);
        match st.cache.get(&a) {
            Some(Entry::Name(n)) => return Some(Arc::clone(n)),
            Some(_) => return None,
            None => {}
        }
        if st.queue.len() >= MAX_QUEUED {
            st.cache.insert(a, Entry::Numeric);
            return None;
        }
        if st.workers < WORKERS && st.workers - st.busy <= st.queue.len() {
            let shared = Arc::clone(&self.shared);
            let started = std::thread::Builder::new()
                .name("netdecode-resolve".into())
                .spawn(move || work(&shared))
                .is_ok();
            if started {
                st.workers += 1;
            }
        }
        if st.workers == 0 {
            // No thread to look it up on: numbers it is.
            st.cache.insert(a, Entry::Numeric);
            return None;
        }
        // A worker takes it at once only if one is idle with nothing
        // queued before it; otherwise waiting would only add delay.
        let starts_now = st.workers - st.busy > st.queue.len();
        st.cache.insert(a, Entry::Pending);
        st.queue.push_back(a);
        sh.work.notify_one();
        if !starts_now {
            return None;
        }
        let deadline = Instant::now() + self.wait;
        loop {
            match st.cache.get(&a) {
                Some(Entry::Name(n)) => return Some(Arc::clone(n)),
                Some(Entry::Pending) => {}
                _ => return None,
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            st = sh
                .answered
                .wait_timeout(st, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }
}

impl Drop for Reverse {
    fn drop(&mut self) {
        lock(&self.shared.state).shutdown = true;
        self.shared.work.notify_all();
    }
}

/// A worker: takes queued addresses until shutdown. A worker stuck in a
/// slow lookup does not keep the process alive: nothing joins it.
fn work(sh: &Shared) {
    let mut st = lock(&sh.state);
    loop {
        if st.shutdown {
            return;
        }
        let Some(a) = st.queue.pop_front() else {
            st = sh.work.wait(st).unwrap_or_else(PoisonError::into_inner);
            continue;
        };
        st.busy += 1;
        drop(st);
        let name = (sh.resolver)(a);
        st = lock(&sh.state);
        st.busy -= 1;
        let entry = match name {
            Some(n) if !n.is_empty() => Entry::Name(n.into()),
            _ => Entry::Numeric,
        };
        st.cache.insert(a, entry);
        sh.answered.notify_all();
    }
}

/// C's `strtoul` on the start of `s`: leading blanks, a sign, the base
/// prefix when `base` is 0 or 16, digits; the value (saturated, negated
/// modulo 2^64 after a minus) and the rest, or `None` without digits.
fn strtoul(s: &str, base: u32) -> Option<(u64, &str)> {
    let t = s.trim_start_matches(|c: char| c.is_ascii_whitespace());
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let hex_prefix = (t.starts_with("0x") || t.starts_with("0X"))
        && t[2..].starts_with(|c: char| c.is_ascii_hexdigit());
    let (base, t) = match base {
        0 if hex_prefix => (16, &t[2..]),
        0 if t.starts_with('0') => (8, t),
        0 => (10, t),
        16 if hex_prefix => (16, &t[2..]),
        b => (b, t),
    };
    let end = t.find(|c: char| !c.is_digit(base)).unwrap_or(t.len());
    if end == 0 {
        return None;
    }
    let (digits, rest) = t.split_at(end);
    let v = digits.chars().fold(0u64, |v, c| {
        v.saturating_mul(u64::from(base))
            .saturating_add(u64::from(c.to_digit(base).unwrap_or(0)))
    });
    Some((if neg { v.wrapping_neg() } else { v }, rest))
}

/// The lines of a name file with their comments cut (from `#` on, as the
/// C library does) and their leading blanks removed; empty ones dropped.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim_start())
        .filter(|l| !l.is_empty())
}

/// The first word of `l` and what follows it, blanks skipped.
fn word(l: &str) -> (&str, &str) {
    let l = l.trim_start();
    let end = l.find(|c: char| c.is_ascii_whitespace()).unwrap_or(l.len());
    (&l[..end], l[end..].trim_start())
}

type PortNames = HashMap<u16, Box<str>>;

/// services(5): `name port/protocol [aliases...]`. The first name given
/// for a port and protocol wins, as in tcpdump's tables, which keep every
/// entry in file order and return the first.
fn parse_services(text: &str) -> (PortNames, PortNames) {
    let (mut tcp, mut udp) = (HashMap::new(), HashMap::new());
    for l in lines(text) {
        let (name, rest) = word(l);
        let Some((port, rest)) = strtoul(rest, 0) else {
            continue;
        };
        let Some(rest) = rest.strip_prefix('/') else {
            continue;
        };
        let (proto, _aliases) = word(rest);
        // The C library keeps the port in 16 bits.
        let port = port as u16;
        let table = match proto {
            "tcp" => &mut tcp,
            "udp" => &mut udp,
            _ => continue,
        };
        table.entry(port).or_insert_with(|| name.into());
    }
    (tcp, udp)
}

/// ethers(5): `xx:xx:xx:xx:xx:xx name`, hexadecimal octets of one or two
/// digits. The first line for an address wins.
fn parse_ethers(text: &str) -> HashMap<[u8; 6], Box<str>> {
    let mut map = HashMap::new();
    'line: for l in lines(text) {
        let mut mac = [0u8; 6];
        let mut rest = l;
        for (i, octet) in mac.iter_mut().enumerate() {
            let Some((v, r)) = strtoul(rest, 16) else {
                continue 'line;
            };
            let Ok(v) = u8::try_from(v) else {
                continue 'line;
            };
            *octet = v;
            rest = match (i, r.strip_prefix(':')) {
                (0..=4, Some(r)) => r,
                (5, None) if r.starts_with(|c: char| c.is_ascii_whitespace()) => r,
                _ => continue 'line,
            };
        }
        let (name, _) = word(rest);
        if !name.is_empty() {
            map.entry(mac).or_insert_with(|| name.into());
        }
    }
    map
}

/// hosts(5): `address canonical-name [aliases...]`. The canonical name of
/// the first line for an address is its name, as the C library's reverse
/// lookup gives it.
fn parse_hosts(text: &str) -> HashMap<IpAddr, Arc<str>> {
    let mut map = HashMap::new();
    for l in lines(text) {
        let (addr, rest) = word(l);
        let (name, _aliases) = word(rest);
        if let (Ok(a), false) = (addr.parse::<IpAddr>(), name.is_empty()) {
            map.entry(a).or_insert_with(|| name.into());
        }
    }
    map
}

/// The keyword tcpdump 4.99 prints for an IP protocol it does not decode
/// (its own copy of the IANA keywords, /etc/protocols spellings).
pub fn ip_protocol(p: u8) -> Option<&'static str> {
    Some(match p {
        0 => "hopopt",
        1 => "icmp",
        2 => "igmp",
        3 => "ggp",
        4 => "ipencap",
        5 => "st",
        6 => "tcp",
        7 => "cbt",
        8 => "egp",
        9 => "igp",
        10 => "bbn-rcc-mon",
        11 => "nvp-ii",
        12 => "pup",
        13 => "argus",
        14 => "emcon",
        15 => "xnet",
        16 => "chaos",
        17 => "udp",
        18 => "mux",
        19 => "dcn-meas",
        20 => "hmp",
        21 => "prm",
        22 => "xns-idp",
        23 => "trunk-1",
        24 => "trunk-2",
        25 => "leaf-1",
        26 => "leaf-2",
        27 => "rdp",
        28 => "irtp",
        29 => "iso-tp4",
        30 => "netblt",
        31 => "mfe-nsp",
        32 => "merit-inp",
        33 => "dccp",
        34 => "3pc",
        35 => "idpr",
        36 => "xtp",
        37 => "ddp",
        38 => "idpr-cmtp",
        39 => "tp++",
        40 => "il",
        41 => "ipv6",
        42 => "sdrp",
        43 => "ipv6-route",
        44 => "ipv6-frag",
        45 => "idrp",
        46 => "rsvp",
        47 => "gre",
        48 => "dsr",
        49 => "bna",
        50 => "esp",
        51 => "ah",
        52 => "i-nlsp",
        53 => "swipe",
        54 => "narp",
        55 => "mobile",
        56 => "tlsp",
        57 => "skip",
        58 => "ipv6-icmp",
        59 => "ipv6-nonxt",
        60 => "ipv6-opts",
        62 => "cftp",
        64 => "sat-expak",
        65 => "kryptolan",
        66 => "rvd",
        67 => "ippc",
        69 => "sat-mon",
        70 => "visa",
        71 => "ipcv",
        72 => "cpnx",
        73 => "rspf",
        74 => "wsn",
        75 => "pvp",
        76 => "br-sat-mon",
        77 => "sun-nd",
        78 => "wb-mon",
        79 => "wb-expak",
        80 => "iso-ip",
        81 => "vmtp",
        82 => "secure-vmtp",
        83 => "vines",
        84 => "ttp",
        85 => "nsfnet-igp",
        86 => "dgp",
        87 => "tcf",
        88 => "eigrp",
        89 => "ospf",
        90 => "sprite-rpc",
        91 => "larp",
        92 => "mtp",
        93 => "ax.25",
        94 => "ipip",
        95 => "micp",
        96 => "scc-sp",
        97 => "etherip",
        98 => "encap",
        100 => "gmtp",
        101 => "ifmp",
        102 => "pnni",
        103 => "pim",
        104 => "aris",
        105 => "scps",
        106 => "qnx",
        107 => "a/n",
        108 => "ipcomp",
        109 => "snp",
        110 => "compaq-peer",
        111 => "ipx-in-ip",
        112 => "vrrp",
        113 => "pgm",
        115 => "l2tp",
        116 => "ddx",
        117 => "iatp",
        118 => "stp",
        119 => "srp",
        120 => "uti",
        121 => "smp",
        122 => "sm",
        123 => "ptp",
        124 => "isis",
        125 => "fire",
        126 => "crtp",
        127 => "crudp",
        128 => "sscopmce",
        129 => "iplt",
        130 => "sps",
        131 => "pipe",
        132 => "sctp",
        133 => "fc",
        134 => "rsvp-e2e-ignore",
        135 => "mobility-header",
        136 => "udplite",
        137 => "mpls-in-ip",
        138 => "manet",
        139 => "hip",
        140 => "shim6",
        141 => "wesp",
        142 => "rohc",
        253 => "exptest-253",
        254 => "exptest-254",
        255 => "reserved",
        _ => return None,
    })
}

/// An address as printed: its host name or its number.
pub(crate) struct Host {
    addr: IpAddr,
    name: Option<Arc<str>>,
}

impl fmt::Display for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.name {
            Some(n) => f.write_str(n),
            None => match self.addr {
                IpAddr::V6(a) => super::fmt::Ip6Text(a).fmt(f),
                IpAddr::V4(a) => a.fmt(f),
            },
        }
    }
}

/// A port as printed: its service name or its number.
#[derive(Clone, Copy)]
pub(crate) struct Port<'a> {
    num: u16,
    name: Option<&'a str>,
}

impl fmt::Display for Port<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name {
            Some(n) => f.write_str(n),
            None => self.num.fmt(f),
        }
    }
}

/// A MAC address as printed.
#[derive(Clone, Copy)]
pub(crate) struct MacText<'a> {
    mac: [u8; 6],
    name: Option<MacName<'a>>,
}

impl fmt::Display for MacText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(MacName::Name(n)) = self.name {
            return f.write_str(n);
        }
        let [a, b, c, d, e, g] = self.mac;
        write!(f, "{a:02x}:{b:02x}:{c:02x}:{d:02x}:{e:02x}:{g:02x}")?;
        if let Some(MacName::Oui(v)) = self.name {
            write!(f, " (oui {v})")?;
        }
        Ok(())
    }
}

/// What the printers call: names when `Cx::names` is set, numbers
/// otherwise.
impl<'o> Cx<'o> {
    /// An IPv4 or IPv6 address.
    pub fn host(&self, a: impl Into<IpAddr>) -> Host {
        let addr = a.into();
        Host {
            addr,
            name: self.names.and_then(|n| n.host(addr)),
        }
    }

    /// A TCP port.
    pub fn tcp_port(&self, num: u16) -> Port<'o> {
        Port {
            num,
            name: self.names.and_then(|n| n.tcp_port(num)),
        }
    }

    /// A UDP port.
    pub fn udp_port(&self, num: u16) -> Port<'o> {
        Port {
            num,
            name: self.names.and_then(|n| n.udp_port(num)),
        }
    }

    /// A MAC address.
    pub fn mac(&self, m: &Mac) -> MacText<'o> {
        MacText {
            mac: m.0,
            name: self.names.map(|n| n.mac(&m.0)),
        }
    }

    /// The keyword of an IP protocol tcpdump does not decode, or `None`
    /// for `ip-proto-N`.
    pub fn ip_protocol(&self, p: u8) -> Option<&'static str> {
        self.names.and_then(|_| ip_protocol(p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;

    const SERVICES: &str = "\
# comment line
tcpmux\t\t1/tcp\t\t\t\t# TCP port service multiplexer
echo\t\t7/tcp
echo\t\t7/udp
  domain\t53/tcp\t\t\t\t# leading blanks are skipped
domain\t\t53/udp
http\t\t80/tcp\t\twww\t\t# WorldWideWeb HTTP
www-dup\t\t80/tcp\t\t# a second name for 80/tcp: the first wins
ddp-only\t4/ddp
sctp-only\t9/sctp
hexport\t\t0x1f90/udp
octport\t\t017/tcp
big\t\t65616/udp
noslash\t\t81 tcp
nodigits\tx/tcp
cut#ftp\t21/tcp
";

    #[test]
    fn services_first_name_per_port_and_protocol() {
        let n = Names::from_files(SERVICES, "", "");
        assert_eq!(n.tcp_port(1), Some("tcpmux"));
        assert_eq!(n.tcp_port(7), Some("echo"));
        assert_eq!(n.udp_port(7), Some("echo"));
        assert_eq!(n.tcp_port(53), Some("domain"));
        assert_eq!(n.udp_port(53), Some("domain"));
        assert_eq!(n.tcp_port(80), Some("http"));
        // Other protocols are not kept.
        assert_eq!(n.tcp_port(4), None);
        assert_eq!(n.udp_port(9), None);
        // strtoul with base 0: hexadecimal and octal.
        assert_eq!(n.udp_port(8080), Some("hexport"));
        assert_eq!(n.tcp_port(15), Some("octport"));
        // Kept in 16 bits: 65616 is 80.
        assert_eq!(n.udp_port(80), Some("big"));
        // Malformed lines and comments.
        assert_eq!(n.tcp_port(81), None);
        assert_eq!(n.tcp_port(21), None);
        assert_eq!((n.tcp.len(), n.udp.len()), (5, 4));
    }

    #[test]
    fn services_of_this_system_name_common_ports() {
        // Debian's netbase: the names tcpdump prints for the fixtures.
        let Ok(text) = std::fs::read_to_string("/etc/services") else {
            eprintln!("skipped: no /etc/services");
            return;
        };
        let n = Names::from_files(&text, "", "");
        assert_eq!(n.tcp_port(8080), Some("http-alt"));
        assert_eq!(n.udp_port(67), Some("bootps"));
        assert_eq!(n.udp_port(68), Some("bootpc"));
        assert_eq!(n.udp_port(8080), None);
    }

    #[test]
    fn mac_forms() {
        let ethers = "\
# mac name
02:00:00:77:00:01 server
0:0:c:1:2:3\trouter # one-digit octets
02:00:00:77:00:01 second-name-ignored
ff:ff:ff:ff:ff:fe\t
1:2:3:4:5 short
1:2:3:4:5:6:7 long
100:2:3:4:5:6 wide
";
        let n = Names::from_files("", ethers, "");
        assert_eq!(n.mac(&[2, 0, 0, 0x77, 0, 1]), MacName::Name("server"));
        assert_eq!(n.mac(&[0, 0, 0x0c, 1, 2, 3]), MacName::Name("router"));
        assert_eq!(n.mac(&[0xff; 6]), MacName::Name("Broadcast"));
        // Lines without a name or a well-formed address name nothing.
        assert_eq!(n.ethers.len(), 2);
        // Locally administered: no vendor.
        assert_eq!(n.mac(&[2, 0, 0, 0x77, 0, 2]), MacName::Oui("Unknown"));
        // Vendors from tcpdump's OUI table.
        assert_eq!(n.mac(&[0, 0, 0x0c, 9, 9, 9]), MacName::Oui("Cisco"));
        assert_eq!(n.mac(&[0, 0, 0, 0, 0, 0]), MacName::Oui("Ethernet"));
        assert_eq!(
            n.mac(&[0, 0x80, 0xc2, 0, 0, 0]),
            MacName::Oui("Ethernet bridged")
        );
        assert_eq!(n.mac(&[8, 0, 9, 1, 2, 3]), MacName::Oui("Hewlett-Packard"));
        // A name in /etc/ethers wins over "Broadcast".
        let n = Names::from_files("", "ff:ff:ff:ff:ff:ff everyone\n", "");
        assert_eq!(n.mac(&[0xff; 6]), MacName::Name("everyone"));
    }

    #[test]
    fn mac_text() {
        let names = Names::from_files("", "02:00:00:00:00:01 named\n", "");
        let o = super::super::TextOptions::default();
        let pal = crate::render::Palette::plain();
        let mut out = Vec::new();
        let mut cx = Cx {
            out: &mut out,
            o: &o,
            pal: &pal,
            early_end: false,
            state: &mut super::super::State::default(),
            names: Some(&names),
        };
        let show = |cx: &Cx<'_>, m: [u8; 6]| cx.mac(&Mac(m)).to_string();
        assert_eq!(show(&cx, [2, 0, 0, 0, 0, 1]), "named");
        assert_eq!(show(&cx, [0xff; 6]), "Broadcast");
        assert_eq!(
            show(&cx, [2, 0, 0, 0, 0xab, 2]),
            "02:00:00:00:ab:02 (oui Unknown)"
        );
        assert_eq!(
            show(&cx, [0, 0, 0x0c, 1, 2, 3]),
            "00:00:0c:01:02:03 (oui Cisco)"
        );
        cx.names = None;
        assert_eq!(show(&cx, [0xff; 6]), "ff:ff:ff:ff:ff:ff");
        assert_eq!(show(&cx, [2, 0, 0, 0, 0, 1]), "02:00:00:00:00:01");
        assert_eq!(cx.tcp_port(80).to_string(), "80");
        assert_eq!(cx.ip_protocol(17), None);
    }

    #[test]
    fn hosts_canonical_name_of_the_first_line() {
        let hosts = "\
127.0.0.1 localhost
127.0.0.1 other  # a second line for the address is not used
10.0.0.1\tgw.example gw
::1 ip6-localhost ip6-loopback
10.0.0.2
300.1.1.1 bad
";
        let n = Names::from_files("", "", hosts);
        let v4 = |a, b, c, d| IpAddr::V4(Ipv4Addr::new(a, b, c, d));
        assert_eq!(n.host(v4(127, 0, 0, 1)).as_deref(), Some("localhost"));
        assert_eq!(n.host(v4(10, 0, 0, 1)).as_deref(), Some("gw.example"));
        assert_eq!(
            n.host(IpAddr::V6(Ipv6Addr::LOCALHOST)).as_deref(),
            Some("ip6-localhost")
        );
        assert_eq!(n.host(v4(10, 0, 0, 2)), None);
        assert_eq!(n.hosts.len(), 3);
    }

    #[test]
    fn protocol_keywords() {
        assert_eq!(ip_protocol(17), Some("udp"));
        assert_eq!(ip_protocol(4), Some("ipencap"));
        assert_eq!(ip_protocol(99), None);
        assert_eq!(ip_protocol(253), Some("exptest-253"));
        assert_eq!((0..=255).filter_map(ip_protocol).count(), 141);
    }

    #[test]
    fn strtoul_as_c() {
        assert_eq!(strtoul("80/tcp", 0), Some((80, "/tcp")));
        assert_eq!(strtoul(" 0x50/", 0), Some((80, "/")));
        assert_eq!(strtoul("0x/", 0), Some((0, "x/")));
        assert_eq!(strtoul("010", 0), Some((8, "")));
        assert_eq!(strtoul("-1", 10), Some((u64::MAX, "")));
        assert_eq!(strtoul("ab:", 16), Some((0xab, ":")));
        assert_eq!(strtoul("0xab:", 16), Some((0xab, ":")));
        assert_eq!(strtoul("99999999999999999999999", 10), Some((u64::MAX, "")));
        assert_eq!(strtoul("/", 0), None);
        assert_eq!(strtoul("", 16), None);
    }

    /// One Ethernet frame's text with names from these files, time stamps
    /// off.
    fn text_with_names(frame: &[u8], link_header: bool) -> String {
        use crate::capture::{RawPacket, Timestamp};
        use crate::decode::{decode, LinkType};
        use crate::render::text::{TextOptions, TextRenderer, TimeFormat};
        let names = Names::from_files(
            "http 80/tcp\nssh 22/tcp\nseven 7777/udp\n",
            "",
            "10.0.0.1 gw.example\n",
        );
        let o = TextOptions {
            time: TimeFormat::None,
            link_header,
            ..TextOptions::default()
        };
        let d = decode(LinkType(1), frame, frame.len() as u32);
        let pkt = RawPacket {
            ts: Timestamp::default(),
            data: frame,
            wire_len: frame.len() as u32,
        };
        let mut out = Vec::new();
        TextRenderer::new(o, crate::render::Palette::plain())
            .with_names(names)
            .render(&pkt, &d, &mut out);
        String::from_utf8(out).unwrap()
    }

    /// Ethernet from 00:00:0c:01:02:03 (Cisco) to `dst`, then IPv4 from
    /// 10.0.0.1 to 10.0.0.2 (checksums left at zero: not checked here).
    fn frame(dst: [u8; 6], proto: u8, frag: u16, payload: &[u8]) -> Vec<u8> {
        let mut f = dst.to_vec();
        f.extend_from_slice(&[0x00, 0x00, 0x0c, 0x01, 0x02, 0x03]); // source
        f.extend_from_slice(&[0x08, 0x00]); // IPv4
        f.extend_from_slice(&[0x45, 0x00]); // version 4, IHL 5; TOS
        f.extend_from_slice(&(20 + payload.len() as u16).to_be_bytes()); // total length
        f.extend_from_slice(&[0x00, 0x01]); // id
        f.extend_from_slice(&frag.to_be_bytes()); // flags, fragment offset
        f.extend_from_slice(&[64, proto, 0, 0]); // TTL, protocol, checksum
        f.extend_from_slice(&[10, 0, 0, 1, 10, 0, 0, 2]); // addresses
        f.extend_from_slice(payload);
        f
    }

    #[test]
    fn printers_print_names() {
        let tcp_syn = [
            0x9c, 0x40, 0x00, 0x50, // ports 40000 -> 80
            0, 0, 0, 1, 0, 0, 0, 0, // seq 1, ack 0
            0x50, 0x02, 0x04, 0x00, // offset 5, SYN, window 1024
            0, 0, 0, 0, // checksum, urgent pointer
        ];
        assert_eq!(
            text_with_names(&frame([0xff; 6], 6, 0, &tcp_syn), true),
            "00:00:0c:01:02:03 (oui Cisco) > Broadcast, ethertype IPv4 (0x0800), \
             length 54: gw.example.40000 > 10.0.0.2.http: Flags [S], seq 1, win 1024, length 0"
        );
        let udp = [
            0x9c, 0x41, 0x1e, 0x61, // ports 40001 -> 7777
            0x00, 0x0c, 0x00, 0x00, // length 12, no checksum
            b'a', b'b', b'c', b'd',
        ];
        let local = [0x02, 0, 0, 0, 0, 0x09];
        assert_eq!(
            text_with_names(&frame(local, 17, 0, &udp), true),
            "00:00:0c:01:02:03 (oui Cisco) > 02:00:00:00:00:09 (oui Unknown), ethertype IPv4 \
             (0x0800), length 46: gw.example.40001 > 10.0.0.2.seven: UDP, length 4"
        );
        // Not the first fragment; a protocol tcpdump does not decode.
        assert_eq!(
            text_with_names(&frame(local, 17, 0x0002, &[0; 16]), false),
            "IP gw.example > 10.0.0.2: udp"
        );
        assert_eq!(
            text_with_names(&frame(local, 253, 0, &[0; 8]), false),
            "IP gw.example > 10.0.0.2:  exptest-253 8"
        );
        assert_eq!(
            text_with_names(&frame(local, 99, 0, &[0; 8]), false),
            "IP gw.example > 10.0.0.2:  ip-proto-99 8"
        );
        // ICMP port unreachable, quoting UDP to 7777 and TCP to 22.
        for (proto, port, line) in [
            (17u8, [0x1e, 0x61], "udp port seven unreachable"),
            (6, [0x00, 0x16], "tcp port ssh unreachable"),
        ] {
            let mut icmp = vec![3, 3, 0, 0, 0, 0, 0, 0]; // port unreachable
            icmp.extend_from_slice(&[0x45, 0, 0, 28, 0, 1, 0, 0, 64, proto, 0, 0]);
            icmp.extend_from_slice(&[10, 0, 0, 2, 10, 0, 0, 1]); // quoted addresses
            icmp.extend_from_slice(&[0x9c, 0x42]); // quoted source port
            icmp.extend_from_slice(&port);
            icmp.extend_from_slice(&[0, 8, 0, 0]);
            assert_eq!(
                text_with_names(&frame(local, 1, 0, &icmp), false),
                format!("IP gw.example > 10.0.0.2: ICMP gw.example {line}, length 36")
            );
        }
    }

    fn v4(n: u32) -> IpAddr {
        IpAddr::V4(Ipv4Addr::from(n))
    }

    #[test]
    fn quick_answers_are_used_at_once_and_cached() {
        let calls = Arc::new(AtomicUsize::new(0));
        let c = Arc::clone(&calls);
        let resolver: Resolver = Arc::new(move |a| {
            c.fetch_add(1, Ordering::SeqCst);
            match a {
                IpAddr::V4(a) if a.octets()[3] == 1 => Some(format!("host-{a}")),
                _ => None,
            }
        });
        let n = Names::from_files("", "", "10.0.0.9 from-hosts\n")
            .with_reverse(resolver, Duration::from_secs(5));
        let a = v4(0x0a00_0001);
        assert_eq!(n.host(a).as_deref(), Some("host-10.0.0.1"));
        assert_eq!(n.host(a).as_deref(), Some("host-10.0.0.1"));
        // A failed lookup is numeric, and cached too.
        assert_eq!(n.host(v4(0x0a00_0002)), None);
        assert_eq!(n.host(v4(0x0a00_0002)), None);
        // The hosts file answers without a lookup.
        assert_eq!(n.host(v4(0x0a00_0009)).as_deref(), Some("from-hosts"));
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    /// A resolver that answers only when the test lets it.
    fn gated() -> (Resolver, mpsc::Sender<()>, Arc<AtomicUsize>) {
        let (tx, rx) = mpsc::channel::<()>();
        let rx = Mutex::new(rx);
        let calls = Arc::new(AtomicUsize::new(0));
        let c = Arc::clone(&calls);
        let resolver: Resolver = Arc::new(move |a| {
            c.fetch_add(1, Ordering::SeqCst);
            let _ = lock(&rx).recv();
            Some(format!("late-{a}"))
        });
        (resolver, tx, calls)
    }

    #[test]
    fn slow_answers_wait_once_then_arrive_for_later_packets() {
        let (resolver, release, calls) = gated();
        let wait = Duration::from_millis(100);
        let n = Names::from_files("", "", "").with_reverse(resolver, wait);
        let a = v4(0x0a00_0001);
        let t = Instant::now();
        assert_eq!(n.host(a), None);
        let first = t.elapsed();
        assert!(first >= wait, "waited {first:?}");
        assert!(first < Duration::from_secs(2), "waited {first:?}");
        // Still pending: numeric again, without waiting.
        let t = Instant::now();
        assert_eq!(n.host(a), None);
        assert!(t.elapsed() < wait, "waited {:?}", t.elapsed());
        // The answer comes late and is kept for later packets.
        release.send(()).unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        while n.host(a).is_none() {
            assert!(Instant::now() < deadline, "late answer never stored");
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(n.host(a).as_deref(), Some("late-10.0.0.1"));
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_stuck_resolver_never_adds_up_waits() {
        let (resolver, release, calls) = gated();
        let wait = Duration::from_millis(100);
        let n = Names::from_files("", "", "").with_reverse(resolver, wait);
        let t = Instant::now();
        for i in 0..200 {
            assert_eq!(n.host(v4(0x0a00_0000 + i)), None);
        }
        let spent = t.elapsed();
        // Only lookups a free worker starts at once are waited for: one
        // wait per worker, however many addresses.
        let bound = wait * (WORKERS as u32 + 6);
        assert!(spent < bound, "200 new addresses took {spent:?}");
        assert!(spent >= wait * WORKERS as u32, "took {spent:?}");
        assert_eq!(calls.load(Ordering::SeqCst), WORKERS);
        drop(release);
    }

    #[test]
    fn the_queue_is_bounded() {
        let (resolver, release, _calls) = gated();
        let n = Names::from_files("", "", "").with_reverse(resolver, Duration::ZERO);
        let total = (MAX_QUEUED + WORKERS + 50) as u32;
        for i in 0..total {
            assert_eq!(n.host(v4(0x0b00_0000 + i)), None);
        }
        {
            let st = lock(&n.reverse.as_ref().unwrap().shared.state);
            assert!(st.queue.len() <= MAX_QUEUED, "{}", st.queue.len());
            let numeric = st
                .cache
                .values()
                .filter(|e| matches!(e, Entry::Numeric))
                .count();
            assert!(numeric >= 50, "{numeric} numeric at once");
        }
        drop(release);
    }
}
