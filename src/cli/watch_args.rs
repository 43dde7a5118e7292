//! Arguments of `netdecode dhcp` and `netdecode neighbors`. The doc
//! comments are the `--help` text; `tests/man.rs` keeps `man/netdecode.1`
//! in step with them.

use std::path::PathBuf;

/// Where the packets come from, and how often to print the summary.
#[derive(Debug, clap::Args)]
pub struct WatchSourceArgs {
    /// Read packets from FILE (pcap or pcapng); "-" reads standard input.
    #[arg(short = 'r', value_name = "FILE", conflicts_with = "interface")]
    pub read: Option<PathBuf>,
    /// Capture live from INTERFACE (needs root or CAP_NET_RAW); Ctrl-C
    /// prints the summary and stops.
    #[arg(short = 'i', long = "interface", value_name = "INTERFACE")]
    pub interface: Option<String>,
    /// Print one JSON object per line (transactions, findings, servers or
    /// pairs, and a summary) instead of text.
    #[arg(long = "json")]
    pub json: bool,
    /// Also print the summary every SECONDS (of capture time: packet time
    /// stamps for a file, the clock for a live capture).
    #[arg(long = "interval", value_name = "SECONDS",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub interval: Option<u64>,
    /// Print times in UTC instead of local time.
    #[arg(long = "utc")]
    pub utc: bool,
    /// Do not put the interface into promiscuous mode.
    #[arg(short = 'p', long = "no-promiscuous-mode")]
    pub no_promisc: bool,
}

/// Arguments of `netdecode dhcp`.
#[derive(Debug, clap::Args)]
pub struct DhcpArgs {
    #[command(flatten)]
    pub source: WatchSourceArgs,
    /// A server that may answer (its address or MAC address); repeatable.
    /// Any other server that answers is a finding (unauthorized-server).
    #[arg(long = "allowed-server", value_name = "IP|MAC")]
    pub allowed_server: Vec<String>,
    /// Broadcast one DHCPDISCOVER on the interface given with -i (never a
    /// REQUEST: no lease is taken) and list the offers that come back
    /// within the time-out.
    #[arg(long = "probe", requires = "interface", conflicts_with = "read")]
    pub probe: bool,
    /// With --probe: the client MAC address to send from (default: the
    /// interface's).
    #[arg(long = "mac", value_name = "MAC")]
    pub mac: Option<String>,
    /// With --probe: how long to wait for offers, in seconds (default 5).
    #[arg(long = "timeout", value_name = "SECONDS",
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: Option<u64>,
    /// Filter expression (libpcap syntax): only the packets it accepts are
    /// looked at. Live, the default is the DHCP and DHCPv6 ports.
    #[arg(value_name = "EXPRESSION", trailing_var_arg = true)]
    pub expression: Vec<String>,
}

/// Arguments of `netdecode neighbors`.
#[derive(Debug, clap::Args)]
pub struct NeighborsArgs {
    #[command(flatten)]
    pub source: WatchSourceArgs,
    /// ARP requests per second on one VLAN over which an arp-storm finding
    /// is raised.
    #[arg(long = "storm-rate", value_name = "N", default_value_t = 100,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub storm_rate: u64,
    /// Forget pairs not seen for SECONDS of capture time (0: never; at most
    /// 65536 pairs are kept, the least recently seen dropped first).
    #[arg(long = "max-age", value_name = "SECONDS", default_value_t = 3600)]
    pub max_age: u64,
    /// Filter expression (libpcap syntax): only the packets it accepts are
    /// looked at. Live, the default is ARP and ICMPv6.
    #[arg(value_name = "EXPRESSION", trailing_var_arg = true)]
    pub expression: Vec<String>,
}
