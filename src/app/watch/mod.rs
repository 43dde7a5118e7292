//! The `dhcp` and `neighbors` subcommands: the watch engines driven over a
//! capture file or a live interface, beside the packet loop.
//!
//! ```text
//! capture::Source --RawPacket--> decode --Decoded--> input::{dhcp_message, neighbor_observation}
//!        │ (live: woken every second)                          │
//!        └──────── tick(now) ──────────► watch::{DhcpWatch, NeighborWatch}
//!                                                              │ Event / Finding
//!                                  render::watch (text lines and tables, JSON lines)
//! ```
//!
//! Packet numbers are positions in the capture (the first packet is 1),
//! counting the packets a filter expression rejects, so that a finding's
//! packets are the ones `netdecode -r FILE -#` (without a filter) and
//! Wireshark number so. For a live capture they count the packets received.

pub mod input;
pub mod probe;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::capture::{LiveOptions, Next, PacketFilter, RawPacket, Source, Stopper};
use crate::decode::{self, Decoded};
use crate::error::AppError;
use crate::render::time::LocalZone;
use crate::render::watch::{json, DhcpPrinter, NeighborPrinter};
use crate::render::Output;
use crate::watch::dhcp::{self, DhcpWatch, Event};
use crate::watch::neighbors::{self, NeighborWatch};
use crate::watch::Time;

pub use crate::watch::dhcp::{Allowed, Config as DhcpEngine};
pub use crate::watch::neighbors::Config as NeighborsEngine;
pub use crate::watch::Mac;
pub use probe::ProbeOptions;

/// The exit status when a run raised at least one finding (0: none; 1
/// and 2 are errors).
pub const EXIT_FINDINGS: u8 = 3;

/// Where packets come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Live(String),
}

/// What both subcommands take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WatchOptions {
    pub input: Input,
    /// Only the packets it accepts are looked at.
    pub filter: Option<String>,
    pub json: bool,
    /// Print the summary every this many seconds (of capture time).
    pub interval: Option<u64>,
    pub live: LiveOptions,
    /// Print times in UTC rather than local time.
    pub utc: bool,
}

/// `netdecode dhcp`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DhcpOptions {
    pub watch: WatchOptions,
    pub engine: dhcp::Config,
}

/// `netdecode neighbors`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NeighborsOptions {
    pub watch: WatchOptions,
    pub engine: neighbors::Config,
}

/// A watch subcommand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WatchCommand {
    Dhcp(DhcpOptions),
    Probe(ProbeOptions),
    Neighbors(NeighborsOptions),
}

/// The filter a live capture gets when none is given: the traffic the
/// command looks at, tagged or not.
const DHCP_FILTER: &str = "udp port 67 or udp port 68 or udp port 546 or udp port 547 \
     or (vlan and (udp port 67 or udp port 68 or udp port 546 or udp port 547))";
const NEIGHBORS_FILTER: &str = "arp or icmp6 or (vlan and (arp or icmp6))";

/// Runs a watch subcommand, writing to standard output; `stop` (see
/// `app::catch_signals`) ends it as the end of the input would.
pub fn run(cmd: &WatchCommand, stop: &Stopper) -> Result<ExitCode, AppError> {
    match cmd {
        WatchCommand::Dhcp(o) => {
            let zone = zone(o.watch.utc);
            let mut a = DhcpRun {
                engine: DhcpWatch::new(o.engine.clone()),
                printer: DhcpPrinter::new(zone),
                json: o.watch.json,
                events: Vec::new(),
            };
            drive(&o.watch, DHCP_FILTER, stop, &mut a)
        }
        WatchCommand::Neighbors(o) => {
            let zone = zone(o.watch.utc);
            let mut a = NeighborRun {
                engine: NeighborWatch::new(o.engine.clone()),
                printer: NeighborPrinter::new(zone),
                json: o.watch.json,
                found: Vec::new(),
            };
            drive(&o.watch, NEIGHBORS_FILTER, stop, &mut a)
        }
        WatchCommand::Probe(o) => probe::run(o, stop),
    }
}

fn zone(utc: bool) -> LocalZone {
    if utc {
        LocalZone::utc()
    } else {
        LocalZone::system()
    }
}

fn stdout_err(e: std::io::Error) -> AppError {
    AppError::io("standard output", e)
}

/// What a subcommand does with the packets and with time.
trait Analysis {
    /// One packet (already past the filter).
    fn packet(&mut self, number: u64, raw: &RawPacket<'_>, d: &Decoded<'_>, out: &mut Vec<u8>);
    /// Time passes without a packet.
    fn tick(&mut self, now: Time, out: &mut Vec<u8>);
    /// The summary: every `--interval`, and (`last`) at the end.
    fn summary(&mut self, now: Time, last: bool, out: &mut Vec<u8>);
    /// The end: what is still open is reported.
    fn finish(&mut self, out: &mut Vec<u8>);
    fn findings(&self) -> u64;
}

/// The wall clock, as a capture time.
fn wall_clock() -> Time {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    Time::new(
        i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        i64::from(d.subsec_nanos()),
    )
}

/// Wakes a live capture every `period` until dropped, so that time
/// passes on a quiet link.
struct Ticker(Arc<AtomicBool>);

impl Ticker {
    fn start(source: &mut Source, period: Duration) -> Option<Ticker> {
        let waker = source.wakeup()?;
        let done = Arc::new(AtomicBool::new(false));
        let flag = done.clone();
        std::thread::spawn(move || {
            while !flag.load(Ordering::SeqCst) {
                std::thread::sleep(period);
                if !flag.load(Ordering::SeqCst) {
                    waker.wake();
                }
            }
        });
        Some(Ticker(done))
    }
}

impl Drop for Ticker {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// Opens the source: a file unfiltered (the filter is applied here, so
/// that packet numbers are positions in the file), a live interface with
/// the filter, or `default_filter` without one.
fn open(
    o: &WatchOptions,
    default_filter: &str,
    stop: &Stopper,
) -> Result<(Source, Option<PacketFilter>), AppError> {
    match &o.input {
        Input::File(path) => {
            let source = Source::open_file_with(path, None, stop)?;
            let filter = match &o.filter {
                Some(f) => Some(source.compile_filter(f)?),
                None => None,
            };
            Ok((source, filter))
        }
        Input::Live(iface) => {
            let filter = o.filter.as_deref().unwrap_or(default_filter);
            Ok((
                Source::open_live_with(iface, o.live.clone(), Some(filter), stop)?,
                None,
            ))
        }
    }
}

/// The loop shared by both subcommands.
fn drive(
    o: &WatchOptions,
    default_filter: &str,
    stop: &Stopper,
    a: &mut dyn Analysis,
) -> Result<ExitCode, AppError> {
    let (mut source, filter) = open(o, default_filter, stop)?;
    let live = source.is_live();
    if let Input::Live(iface) = &o.input {
        let _ = writeln!(
            std::io::stderr(),
            "netdecode: watching {iface}, link-type {} (Ctrl-C to stop)",
            source.linktype().0
        );
    }
    let _ticker = if live {
        Ticker::start(&mut source, Duration::from_millis(500))
    } else {
        None
    };
    let linktype = source.linktype();
    let mut out = Output::stdout(live);
    let interval = o.interval.filter(|&s| s > 0);
    let mut next_summary: Option<Time> = None;
    let mut now = Time(i64::MIN);
    let mut number = 0u64;
    let mut read_error = None;
    loop {
        let ev = match source.next_event() {
            Ok(e) => e,
            Err(e) => {
                read_error = Some(e);
                break;
            }
        };
        match ev {
            Next::End => break,
            Next::Idle => {
                now = now.max(wall_clock());
                a.tick(now, out.buf());
            }
            Next::Packet(p) => {
                number += 1;
                let t = Time::new(p.ts.secs, p.ts.nanos);
                now = now.max(t);
                if filter.as_ref().is_none_or(|f| f.matches(&p)) {
                    let d = decode::decode(linktype, p.data, p.wire_len);
                    a.packet(number, &p, &d, out.buf());
                }
            }
        }
        if let Some(iv) = interval {
            if now > Time(i64::MIN) {
                let due = *next_summary.get_or_insert(now.plus_secs(iv));
                if now >= due {
                    a.tick(now, out.buf());
                    a.summary(now, false, out.buf());
                    next_summary = Some(due.plus_secs(iv).max(now));
                }
            }
        }
        out.end_packet().map_err(stdout_err)?;
    }
    a.finish(out.buf());
    let at = if now == Time(i64::MIN) {
        wall_clock()
    } else {
        now
    };
    a.summary(at, true, out.buf());
    out.flush().map_err(stdout_err)?;
    if let Some(e) = read_error.or_else(|| crate::app::interruption(&source)) {
        return Err(e);
    }
    Ok(if a.findings() > 0 {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    })
}

struct DhcpRun {
    engine: DhcpWatch,
    printer: DhcpPrinter,
    json: bool,
    events: Vec<Event>,
}

impl DhcpRun {
    fn flush_events(&mut self, out: &mut Vec<u8>) {
        for e in self.events.drain(..) {
            match (&e, self.json) {
                (Event::Transaction(t), false) => self.printer.transaction(out, t),
                (Event::Finding(f), false) => self.printer.finding(out, f),
                (Event::Transaction(t), true) => {
                    let _ = json::transaction(out, t);
                }
                (Event::Finding(f), true) => {
                    let _ = json::dhcp_finding(out, f);
                }
            }
        }
    }
}

impl Analysis for DhcpRun {
    fn packet(&mut self, number: u64, raw: &RawPacket<'_>, d: &Decoded<'_>, out: &mut Vec<u8>) {
        let p = input::packet(number, raw, d);
        match input::dhcp_message(p, d) {
            Some(m) => self.engine.push(m, &mut self.events),
            None => self.engine.tick(p.time, &mut self.events),
        }
        self.flush_events(out);
    }

    fn tick(&mut self, now: Time, out: &mut Vec<u8>) {
        self.engine.tick(now, &mut self.events);
        self.flush_events(out);
    }

    fn summary(&mut self, now: Time, last: bool, out: &mut Vec<u8>) {
        let servers = self.engine.servers();
        let stats = self.engine.stats();
        if self.json {
            for s in &servers {
                let _ = json::server_summary(out, s);
            }
            let _ = json::dhcp_summary(out, &stats, now, last);
        } else {
            self.printer.summary(out, &servers, &stats, now, last);
        }
    }

    fn finish(&mut self, out: &mut Vec<u8>) {
        self.engine.finish(&mut self.events);
        self.flush_events(out);
    }

    fn findings(&self) -> u64 {
        self.engine.stats().findings
    }
}

struct NeighborRun {
    engine: NeighborWatch,
    printer: NeighborPrinter,
    json: bool,
    found: Vec<neighbors::Finding>,
}

impl NeighborRun {
    fn flush_found(&mut self, out: &mut Vec<u8>) {
        for f in self.found.drain(..) {
            if self.json {
                let _ = json::neighbor_finding(out, &f);
            } else {
                self.printer.finding(out, &f);
            }
        }
    }
}

impl Analysis for NeighborRun {
    fn packet(&mut self, number: u64, raw: &RawPacket<'_>, d: &Decoded<'_>, out: &mut Vec<u8>) {
        let p = input::packet(number, raw, d);
        match input::neighbor_observation(p, d) {
            Some(o) => self.engine.push(o, &mut self.found),
            None => self.engine.tick(p.time),
        }
        self.flush_found(out);
    }

    fn tick(&mut self, now: Time, _out: &mut Vec<u8>) {
        self.engine.tick(now);
    }

    fn summary(&mut self, now: Time, last: bool, out: &mut Vec<u8>) {
        let pairs = self.engine.pairs();
        let stats = self.engine.stats();
        if self.json {
            for p in &pairs {
                let _ = json::pair(out, p);
            }
            let _ = json::neighbor_summary(out, &stats, pairs.len(), now, last);
        } else {
            self.printer.summary(out, &pairs, &stats, now, last);
        }
    }

    fn finish(&mut self, out: &mut Vec<u8>) {
        self.flush_found(out);
    }

    fn findings(&self) -> u64 {
        self.engine.stats().findings
    }
}
