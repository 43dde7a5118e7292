//! Command-line arguments, as close to tcpdump's as clap allows. The doc
//! comments are the `--help` text; `tests/man.rs` keeps `man/netdecode.1`
//! in step with them.

use std::path::PathBuf;

use clap::{ArgAction, Parser, Subcommand, ValueEnum};

/// When to colour the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when standard output is a terminal and NO_COLOR is unset.
    Auto,
    Always,
    Never,
}

/// `-Q`: the direction of the packets captured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DirectionArg {
    In,
    Out,
    Inout,
}

/// Time stamp precision for printing and for live captures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Precision {
    Micro,
    Nano,
}

/// Capture packets or read a capture file, and print them as tcpdump
/// would; or reassemble TCP flows.
///
/// A filter expression (libpcap syntax, as in tcpdump) may follow the
/// options. Without -n, text output names what tcpdump names: TCP and UDP
/// ports (/etc/services), hosts (/etc/hosts, then reverse lookups through
/// the system resolver, waited for at most 150 ms per new address) and
/// MAC addresses (/etc/ethers, "Broadcast", "(oui Vendor)"). JSON is
/// always numeric.
#[derive(Debug, Parser)]
#[command(name = "netdecode", version, disable_help_subcommand = true)]
#[command(args_conflicts_with_subcommands = true, disable_version_flag = true)]
pub struct Args {
    /// Print the version and exit (-V reads a list of files, as in
    /// tcpdump).
    #[arg(long = "version", action = ArgAction::Version)]
    pub version: (),

    /// Capture live from INTERFACE (needs root or CAP_NET_RAW). Without -i
    /// or -r: the first interface libpcap lists (-D), as tcpdump.
    #[arg(short = 'i', long = "interface", value_name = "INTERFACE")]
    pub interface: Option<String>,

    /// Read packets from FILE (pcap or pcapng); "-" reads standard input.
    /// Give -r more than once to read several files in one run, in order
    /// (JSON and Parquet: decoded in parallel on the available cores).
    #[arg(short = 'r', value_name = "FILE", action = ArgAction::Append)]
    pub read: Vec<PathBuf>,

    /// Read the names of the capture files to read from FILE, one per
    /// line, as tcpdump's -V ("-": standard input); after any -r.
    #[arg(short = 'V', value_name = "FILE")]
    pub read_list: Option<PathBuf>,

    /// Write the raw packets to FILE in pcap format instead of decoding them;
    /// "-" writes to standard output.
    #[arg(short = 'w', value_name = "FILE")]
    pub write: Option<PathBuf>,

    /// With -w: before writing a packet, start a new file when the current
    /// one is larger than SIZE millions of bytes (1,000,000 bytes). Files
    /// after the first are named FILE1, FILE2 ... (see -W).
    #[arg(short = 'C', value_name = "SIZE", allow_hyphen_values = true)]
    pub file_size: Option<String>,

    /// With -w: start a new file every SECONDS seconds (at the first packet
    /// after they have passed); FILE is a strftime pattern (e.g.
    /// cap-%H%M%S.pcap) given the local time the file begins.
    #[arg(short = 'G', value_name = "SECONDS", allow_hyphen_values = true)]
    pub rotate_seconds: Option<String>,

    /// With -C: keep at most COUNT files, reused in a ring, their numbers
    /// padded with zeros; with -G alone: stop after COUNT files.
    #[arg(short = 'W', value_name = "COUNT", allow_hyphen_values = true)]
    pub file_count: Option<String>,

    /// With -C or -G: run COMMAND FILE on each file a rotation closes
    /// (e.g. -z gzip), without waiting for it.
    #[arg(short = 'z', value_name = "COMMAND")]
    pub postrotate: Option<String>,

    /// With -w: also print the packets (text, or JSON with --json) on
    /// standard output.
    #[arg(long = "print")]
    pub print: bool,

    /// When run as root: once the interface and the first savefile are
    /// open, give up root for USER (its groups, group and user id); stop if
    /// that fails. Later savefiles (-C, -G) are created as USER.
    #[arg(short = 'Z', long = "relinquish-privileges", value_name = "USER")]
    pub user: Option<String>,

    /// Kernel capture buffer size, in KiB (1024 bytes).
    #[arg(short = 'B', long = "buffer-size", value_name = "SIZE",
          value_parser = clap::value_parser!(u32).range(1..))]
    pub buffer_kib: Option<u32>,

    /// Capture only packets received (in), sent (out) or both (inout).
    #[arg(short = 'Q', long = "direction", value_name = "DIRECTION")]
    pub direction: Option<DirectionArg>,

    /// Capture with link type LINKTYPE (a name as -L lists, e.g. EN10MB).
    #[arg(short = 'y', long = "linktype", value_name = "LINKTYPE")]
    pub linktype: Option<String>,

    /// List the link types the interface (-i, or the default one) can
    /// capture with and exit.
    #[arg(short = 'L', long = "list-data-link-types")]
    pub list_linktypes: bool,

    /// Time stamp type TYPE for a live capture, by libpcap's name (host,
    /// host_lowprec, host_hiprec, host_hiprec_unsynced, adapter,
    /// adapter_unsynced; -J lists what the interface offers). A type the interface does not offer is a
    /// warning, as in tcpdump, and libpcap's default is used.
    #[arg(short = 'j', long = "time-stamp-type", value_name = "TYPE")]
    pub tstamp_type: Option<String>,

    /// List the time stamp types the interface (-i, or the default one)
    /// offers and exit.
    #[arg(short = 'J', long = "list-time-stamp-types")]
    pub list_tstamp_types: bool,

    /// Deliver each packet as it arrives, not in batches (the default when
    /// standard output is a terminal, or with -l).
    #[arg(long = "immediate-mode")]
    pub immediate: bool,

    /// Print only the number of packets read (with -r, on standard output),
    /// not the packets.
    #[arg(long = "count")]
    pub count_only: bool,

    /// Exit after receiving COUNT packets (a whole number above 0).
    // Taken as text, hyphen included, so that a bad value gets tcpdump's
    // answer (`cli::config`), not clap's.
    #[arg(short = 'c', value_name = "COUNT", allow_hyphen_values = true)]
    pub count: Option<String>,

    /// Snapshot length: capture at most SNAPLEN bytes of each packet,
    /// 0 to 262144 (0 means 262144, the default); as tcpdump, a leading 0x
    /// means hexadecimal and a leading 0 octal.
    #[arg(
        short = 's',
        long = "snapshot-length",
        value_name = "SNAPLEN",
        allow_hyphen_values = true
    )]
    pub snaplen: Option<String>,

    /// Do not put the interface into promiscuous mode.
    #[arg(short = 'p', long = "no-promiscuous-mode")]
    pub no_promisc: bool,

    /// List the interfaces available for capture and exit.
    #[arg(short = 'D', long = "list-interfaces")]
    pub list_interfaces: bool,

    /// Make standard output line buffered.
    #[arg(short = 'l')]
    pub line_buffered: bool,

    /// Read the filter expression from FILE (the command-line expression is
    /// then ignored).
    #[arg(short = 'F', value_name = "FILE")]
    pub filter_file: Option<PathBuf>,

    /// Do not convert addresses, ports or protocols to names (-nn is the
    /// same, as in tcpdump 4.99).
    #[arg(short = 'n', action = ArgAction::Count)]
    pub numeric: u8,

    /// Print the link-level header on each line.
    #[arg(short = 'e')]
    pub link_header: bool,

    /// Quick (quiet) output: less protocol information.
    #[arg(short = 'q', action = ArgAction::Count)]
    pub quiet: u8,

    /// Time stamps: -t none, -tt seconds since the epoch, -ttt delta from
    /// the previous packet, -tttt date and time, -ttttt delta from the first
    /// packet.
    #[arg(short = 't', action = ArgAction::Count)]
    pub time: u8,

    /// Verbose output; -vv and -vvv for more.
    #[arg(short = 'v', action = ArgAction::Count)]
    pub verbose: u8,

    /// Print each packet in hex after its header line (-xx: link header
    /// included).
    #[arg(short = 'x', action = ArgAction::Count)]
    pub hex: u8,

    /// Print each packet in hex and ASCII (-XX: link header included).
    #[arg(short = 'X', action = ArgAction::Count)]
    pub hex_ascii: u8,

    /// Print each packet in ASCII (-AA: link header included).
    #[arg(short = 'A', action = ArgAction::Count)]
    pub ascii: u8,

    /// Print a packet number at the start of each line.
    #[arg(short = '#', long = "number")]
    pub number: bool,

    /// Print absolute, not relative, TCP sequence numbers.
    #[arg(short = 'S', long = "absolute-tcp-sequence-numbers")]
    pub absolute_seq: bool,

    /// Do not verify IP, TCP or UDP checksums.
    #[arg(short = 'K', long = "dont-verify-checksums")]
    pub no_checksum: bool,

    /// Packet-buffered output: flush after each packet written with -w.
    #[arg(short = 'U', long = "packet-buffered")]
    pub packet_buffered: bool,

    /// Time stamps with nanosecond precision (same as
    /// --time-stamp-precision=nano).
    #[arg(long = "nano")]
    pub nano: bool,

    /// Time stamps with microsecond precision, the default (same as
    /// --time-stamp-precision=micro).
    #[arg(long = "micro", conflicts_with_all = ["nano", "precision"])]
    pub micro: bool,

    /// Time stamp precision: micro or nano. Reading a file, it sets what
    /// is printed; live, the precision the capture is made with (micro by
    /// default, as tcpdump), which -w writes (a nanosecond pcap file with
    /// nano).
    #[arg(long = "time-stamp-precision", value_name = "PRECISION")]
    pub precision: Option<Precision>,

    /// Print one JSON object per packet per line instead of text.
    #[arg(long = "json")]
    pub json: bool,

    /// Write the packets to DIR as Apache Parquet files (part-00000.parquet,
    /// ...): one row per packet, the columns of the JSON output, typed;
    /// zstd-compressed. DIR is created if needed and must not hold Parquet
    /// files already. Read it as one table with DuckDB or Spark.
    #[arg(long = "parquet", value_name = "DIR", conflicts_with_all = ["json", "write"])]
    pub parquet: Option<PathBuf>,

    /// With --parquet: start a new file once one reaches BYTES (K, M or G
    /// suffix, powers of 1024; default 1G).
    #[arg(long = "parquet-max-bytes", value_name = "BYTES", default_value = "1G",
          value_parser = parse_size)]
    pub parquet_max_bytes: usize,

    /// The seed of the Community ID (v1) of each packet in JSON output:
    /// 0 to 65535, 0 by default, as in Zeek and Suricata.
    #[arg(long = "community-id-seed", value_name = "SEED", default_value_t = 0)]
    pub community_id_seed: u16,

    /// Threads that decode and print the packets of a file (1 to 256, at
    /// most 4 used): by default as many as cores for JSON and -x/-X/-A
    /// dumps of a large file, else 1 (Parquet: 1 unless asked).
    /// Output is the same whatever the number.
    #[arg(long = "threads", value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: Option<u16>,

    /// Colour the output: auto, always or never.
    #[arg(long = "color", value_name = "WHEN", default_value = "auto")]
    pub color: ColorChoice,

    /// Filter expression (libpcap syntax), e.g. "tcp port 80 and host 10.0.0.1".
    #[arg(value_name = "EXPRESSION")]
    pub expression: Vec<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the TCP connections of a capture file with their statistics.
    Flows(FlowsArgs),
    /// Print the reassembled conversation of one TCP connection.
    Follow(FollowArgs),
    /// Follow DHCP and DHCPv6: one line per transaction, the servers per
    /// segment, and findings (competing or unauthorized servers,
    /// overlapping ranges, NAKs, DECLINEs, clients without a lease).
    Dhcp(super::watch_args::DhcpArgs),
    /// List IP and MAC address pairs from ARP and IPv6 neighbor discovery,
    /// with findings (duplicate addresses, conflicts, gratuitous changes,
    /// ARP storms).
    Neighbors(super::watch_args::NeighborsArgs),
}

/// Memory limits of TCP reassembly (shared by `flows` and `follow`).
#[derive(Clone, Copy, Debug, clap::Args)]
pub struct LimitArgs {
    /// Memory one connection may hold for out-of-order data; over it, the
    /// first hole is given up (reported as a gap) and the data delivered.
    /// Sizes take a K, M or G suffix (powers of 1024).
    #[arg(long = "max-buffer-per-flow", value_name = "BYTES", default_value = "4M",
          value_parser = parse_size)]
    pub max_per_flow: usize,
    /// Memory all connections together may hold (out-of-order and retained
    /// data); over it, the connections holding most give theirs up.
    #[arg(long = "max-buffer-total", value_name = "BYTES", default_value = "256M",
          value_parser = parse_size)]
    pub max_total: usize,
    /// Delivered bytes kept per direction until acknowledged, to tell an
    /// identical retransmission from one whose data differs (0: keep none).
    #[arg(long = "retain-per-direction", value_name = "BYTES", default_value = "128K",
          value_parser = parse_size)]
    pub retain: usize,
    /// Memory the connection state may take (the table of connections, each
    /// live connection's figures, the records closed ones leave), beside
    /// the buffers; over it, connections are evicted (records of closed
    /// ones first, then live ones that carried no payload, then the others,
    /// longest idle first), each eviction counted and reported.
    #[arg(long = "max-state", value_name = "BYTES", default_value = "64M",
          value_parser = parse_size)]
    pub max_state: usize,
}

/// A byte count: digits, optionally followed by K, M or G (powers of 1024,
/// case-insensitive, an optional trailing B or iB).
pub fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let body = lower
        .strip_suffix("ib")
        .or_else(|| lower.strip_suffix('b'))
        .unwrap_or(&lower);
    let (digits, shift) = match body.char_indices().last() {
        Some((i, 'k')) => (&body[..i], 10),
        Some((i, 'm')) => (&body[..i], 20),
        Some((i, 'g')) => (&body[..i], 30),
        _ => (body, 0),
    };
    let n: usize = digits
        .parse()
        .map_err(|_| format!("'{s}' is not a size (digits, optionally followed by K, M or G)"))?;
    n.checked_mul(1usize << shift)
        .ok_or_else(|| format!("'{s}' is too large"))
}

/// Arguments of `netdecode flows`.
#[derive(Debug, clap::Args)]
pub struct FlowsArgs {
    /// The capture file to read ("-" for standard input).
    #[arg(short = 'r', value_name = "FILE", required = true)]
    pub read: PathBuf,
    /// Print one JSON object per connection per line, as connections close,
    /// instead of the table.
    #[arg(long = "json")]
    pub json: bool,
    /// Write each direction's reassembled bytes to its own file in DIR, and
    /// an index of the files with every connection's figures (index.jsonl);
    /// only the totals are printed (and, with --json, the JSON lines).
    #[arg(long = "write", value_name = "DIR")]
    pub write: Option<PathBuf>,
    /// With --write: pad missing bytes (gaps) with zeros, so that file
    /// offsets are stream offsets. By default the bytes after a gap follow
    /// the bytes before it, and index.jsonl lists every gap.
    #[arg(long = "fill-gaps", requires = "write")]
    pub fill_gaps: bool,
    /// With --write: files kept open at once.
    #[arg(long = "max-open-files", value_name = "N", default_value_t = 256,
          requires = "write", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_open_files: u32,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Write the connections to DIR as Apache Parquet files, one row per
    /// connection with the fields of --json; only the totals are printed.
    #[arg(long = "parquet", value_name = "DIR")]
    pub parquet: Option<PathBuf>,
    /// With --parquet: start a new file once one reaches BYTES (default 1G).
    #[arg(long = "parquet-max-bytes", value_name = "BYTES", default_value = "1G",
          value_parser = parse_size)]
    pub parquet_max_bytes: usize,
    /// The seed of each connection's Community ID (v1): 0 to 65535, 0 by
    /// default, as in Zeek and Suricata.
    #[arg(long = "community-id-seed", value_name = "SEED", default_value_t = 0)]
    pub community_id_seed: u16,
    /// Filter expression (libpcap syntax): only the packets it accepts are
    /// reassembled. Options may come before or after it, as in the main
    /// mode; words after `--` are all filter.
    #[arg(value_name = "EXPRESSION")]
    pub expression: Vec<String>,
}

/// How `follow` prints the conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FollowFormat {
    /// Text: printable ASCII, tabs, line feeds and CR-LF pairs as they are,
    /// other bytes as dots; each turn headed by its length.
    Ascii,
    /// Hex dump: stream offset, 16 bytes in hex, the same as ASCII.
    Hex,
    /// The bytes themselves, both sides' turns one after the other, with no
    /// header or separator.
    Raw,
}

/// Arguments of `netdecode follow`.
#[derive(Debug, clap::Args)]
pub struct FollowArgs {
    /// The capture file to read ("-" for standard input, unless STREAM is
    /// a filter expression alone).
    #[arg(short = 'r', value_name = "FILE", required = true)]
    pub read: PathBuf,
    /// Output format: ascii, hex or raw.
    #[arg(long = "format", value_name = "FORMAT", default_value = "ascii")]
    pub format: FollowFormat,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// The connection: its ID in `netdecode flows`; or an ID then a filter
    /// expression: its ID in `netdecode flows FILTER`; or its two ends,
    /// ADDR:PORT each ([ADDR]:PORT for IPv6), as two words or joined by a
    /// comma: the first connection between them; or a filter expression
    /// alone (libpcap syntax): the connection of the first TCP packet it
    /// accepts. Options may come before or after it.
    #[arg(value_name = "STREAM", required = true, num_args = 1..)]
    pub stream: Vec<String>,
}
