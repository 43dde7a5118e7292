//! [`Resolver`]: the names the text renderer prints instead of numbers
//! (hosts, TCP and UDP ports, MAC addresses), built once at start-up.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use super::files::{parse_ethers, parse_hosts, parse_services};
use super::reverse::{system_reverse, Reverse, ReverseLookup, DEFAULT_WAIT};

/// The names the text renderer prints instead of numbers.
pub struct Resolver {
    tcp: HashMap<u16, Box<str>>,
    udp: HashMap<u16, Box<str>>,
    ethers: HashMap<[u8; 6], Box<str>>,
    hosts: HashMap<IpAddr, Arc<str>>,
    pub(super) reverse: Option<Reverse>,
}

impl Resolver {
    /// The system's names: /etc/services, /etc/ethers and /etc/hosts (each
    /// optional), then reverse lookups through the system resolver.
    pub fn system() -> Resolver {
        let read = |path: &str| {
            std::fs::read(path)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default()
        };
        Resolver::from_files(
            &read("/etc/services"),
            &read("/etc/ethers"),
            &read("/etc/hosts"),
        )
        .with_reverse(Arc::new(system_reverse), DEFAULT_WAIT)
    }

    /// Names from the text of a services, an ethers and a hosts file, with
    /// no reverse lookups.
    pub fn from_files(services: &str, ethers: &str, hosts: &str) -> Resolver {
        let (tcp, udp) = parse_services(services);
        Resolver {
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
    pub fn with_reverse(mut self, resolver: ReverseLookup, wait: Duration) -> Resolver {
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
            MacName::Oui(super::oui(oui).unwrap_or("Unknown"))
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

#[cfg(test)]
mod tests {
    use super::super::reverse::{lock, Entry, MAX_QUEUED, WORKERS};
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{mpsc, Mutex};
    use std::time::Instant;

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
        let n = Resolver::from_files(SERVICES, "", "");
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
        let n = Resolver::from_files(&text, "", "");
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
        let n = Resolver::from_files("", ethers, "");
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
        let n = Resolver::from_files("", "ff:ff:ff:ff:ff:ff everyone\n", "");
        assert_eq!(n.mac(&[0xff; 6]), MacName::Name("everyone"));
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
        let n = Resolver::from_files("", "", hosts);
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

    fn v4(n: u32) -> IpAddr {
        IpAddr::V4(Ipv4Addr::from(n))
    }

    #[test]
    fn quick_answers_are_used_at_once_and_cached() {
        let calls = Arc::new(AtomicUsize::new(0));
        let c = Arc::clone(&calls);
        let resolver: ReverseLookup = Arc::new(move |a| {
            c.fetch_add(1, Ordering::SeqCst);
            match a {
                IpAddr::V4(a) if a.octets()[3] == 1 => Some(format!("host-{a}")),
                _ => None,
            }
        });
        let n = Resolver::from_files("", "", "10.0.0.9 from-hosts\n")
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
    fn gated() -> (ReverseLookup, mpsc::Sender<()>, Arc<AtomicUsize>) {
        let (tx, rx) = mpsc::channel::<()>();
        let rx = Mutex::new(rx);
        let calls = Arc::new(AtomicUsize::new(0));
        let c = Arc::clone(&calls);
        let resolver: ReverseLookup = Arc::new(move |a| {
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
        let n = Resolver::from_files("", "", "").with_reverse(resolver, wait);
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
        let n = Resolver::from_files("", "", "").with_reverse(resolver, wait);
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
        let n = Resolver::from_files("", "", "").with_reverse(resolver, Duration::ZERO);
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
