//! Where packets come from: a capture file (pcap or pcapng, or standard
//! input) or a live interface, both through libpcap, with a BPF filter
//! compiled by libpcap (the records of a classic pcap file are read in
//! large blocks by [`pcapfile`]). Each packet is handed out borrowed, with its time
//! stamp and lengths.

mod bpf;
mod file;
mod live;
mod pcapfile;
mod pipe;
mod rotate;
mod savefile;
mod tstamp;

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use pcap::{Active, Capture, Offline, PacketHeader};

use crate::decode::LinkType;
use crate::error::{pcap_message, AppError};

pub use live::{
    default_interface, list_interfaces, list_linktypes, list_tstamp_types, time_stamp_type,
    Direction, LiveOptions, LiveStats,
};
pub use rotate::{RotateOptions, Saved, Savefiles};
pub use savefile::SaveFile;

/// libpcap's maximum snapshot length, tcpdump's default and the meaning of
/// `-s 0`.
pub const MAX_SNAPLEN: u32 = 262_144;

/// A packet time stamp: seconds since the epoch and nanoseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    pub secs: i64,
    /// Nanoseconds as libpcap hands them over: outside 0..10^9 only for a
    /// malformed file (libpcap reads a fraction field of 2^31 or more as
    /// negative), which tcpdump prints as it is.
    pub nanos: i64,
}

/// The precision a capture's time stamps were recorded with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TsPrecision {
    Micro,
    Nano,
}

/// One captured packet, borrowed from the capture's buffer.
#[derive(Clone, Copy, Debug)]
pub struct RawPacket<'a> {
    pub ts: Timestamp,
    /// Bytes captured.
    pub data: &'a [u8],
    /// Length on the wire.
    pub wire_len: u32,
}

enum Handle {
    File(Capture<Offline>),
    Live(Capture<Active>),
}

/// An open capture source.
pub struct Source {
    handle: Handle,
    linktype: LinkType,
    precision: TsPrecision,
    /// The snapshot length: the file's, or the one the capture was opened
    /// with.
    snaplen: u32,
    stop: Stopper,
    what: String,
    live_header: PacketHeader,
    live_buf: Vec<u8>,
    /// Read from a pipe through [`pipe::Proxy`]'s copy.
    piped: Option<pipe::ProxyStatus>,
    /// What opening the source warned about (tcpdump's "WARNING:" lines).
    warnings: Vec<String>,
    /// A classic pcap file whose records are read here rather than by
    /// libpcap (see [`pcapfile`]).
    records: Option<pcapfile::Records>,
}

impl Source {
    /// Opens a capture file, or standard input for "-", stopped by the
    /// process's stopper ([`Stopper::process`]).
    pub fn open_file(path: &Path, filter: Option<&str>) -> Result<Source, AppError> {
        file::open(path, filter, &Stopper::process())
    }

    /// [`Source::open_file`], stopped by `stop` (also while opening).
    pub fn open_file_with(
        path: &Path,
        filter: Option<&str>,
        stop: &Stopper,
    ) -> Result<Source, AppError> {
        file::open(path, filter, stop)
    }

    /// Opens a live capture on `interface`, stopped by the process's
    /// stopper ([`Stopper::process`]).
    pub fn open_live(
        interface: &str,
        opts: LiveOptions,
        filter: Option<&str>,
    ) -> Result<Source, AppError> {
        live::open(interface, opts, filter, &Stopper::process())
    }

    /// [`Source::open_live`], stopped by `stop`.
    pub fn open_live_with(
        interface: &str,
        opts: LiveOptions,
        filter: Option<&str>,
        stop: &Stopper,
    ) -> Result<Source, AppError> {
        live::open(interface, opts, filter, stop)
    }

    /// Whether the capture is read from a pipe (standard input, a FIFO),
    /// which a stop can cut short in the middle of a read.
    pub fn is_piped(&self) -> bool {
        self.piped.is_some()
    }

    /// What opening the source warned about, once (e.g. a time stamp
    /// type the device does not offer), for the caller to print.
    pub fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.warnings)
    }

    /// How the source names its input in messages ("-" for standard input).
    pub fn name(&self) -> &str {
        &self.what
    }

    pub fn linktype(&self) -> LinkType {
        self.linktype
    }

    /// The link type as tcpdump names it on its "listening on" line:
    /// `EN10MB (Ethernet)`, from libpcap's name and description (the
    /// number alone when libpcap has no name for it).
    pub fn linktype_label(&self) -> String {
        let lt = pcap::Linktype(self.linktype.0);
        match (lt.get_name(), lt.get_description()) {
            (Ok(name), Ok(desc)) => format!("{name} ({desc})"),
            _ => self.linktype.0.to_string(),
        }
    }

    /// The precision the capture recorded its time stamps with.
    pub fn precision(&self) -> TsPrecision {
        self.precision
    }

    pub fn is_live(&self) -> bool {
        matches!(self.handle, Handle::Live(_))
    }

    /// A handle that, from any thread (a Ctrl-C handler), makes
    /// [`Source::next_packet`] return `None`.
    pub fn stopper(&self) -> Stopper {
        self.stop.clone()
    }

    /// The next packet, or `None` at the end of a file or once stopped.
    pub fn next_packet(&mut self) -> Result<Option<RawPacket<'_>>, AppError> {
        if self.stop.is_stopped() {
            return Ok(None);
        }
        if let Some(r) = &mut self.records {
            return r.next().map_err(|message| AppError::Corrupt { message });
        }
        match &mut self.handle {
            Handle::File(c) => match c.next_packet() {
                Ok(p) => Ok(Some(RawPacket::new(p.header, p.data))),
                // A stop closes a pipe in the middle of a packet: what
                // libpcap then says is the stop, not damage.
                Err(_) if self.stop.is_stopped() => Ok(None),
                Err(e) => {
                    if let Some(io) = self.piped.as_ref().and_then(|p| p.take_error()) {
                        return Err(AppError::io(self.what.clone(), io));
                    }
                    match e {
                        pcap::Error::NoMorePackets => Ok(None),
                        e => Err(AppError::Corrupt {
                            message: pcap_message(&e),
                        }),
                    }
                }
            },
            Handle::Live(c) => {
                // A live read wakes up on its time-out so that Ctrl-C is
                // noticed; the packet is copied out of libpcap's ring so
                // that the retry loop holds no borrow of the handle.
                loop {
                    if self.stop.is_stopped() {
                        return Ok(None);
                    }
                    match c.next_packet() {
                        Ok(p) => {
                            self.live_header = *p.header;
                            self.live_buf.clear();
                            self.live_buf.extend_from_slice(p.data);
                            break;
                        }
                        Err(pcap::Error::TimeoutExpired) => continue,
                        Err(pcap::Error::NoMorePackets) => return Ok(None),
                        Err(e) => {
                            return Err(AppError::Pcap {
                                context: self.what.clone(),
                                message: pcap_message(&e),
                            })
                        }
                    }
                }
                Ok(Some(RawPacket::with_precision(
                    &self.live_header,
                    &self.live_buf,
                    self.precision,
                )))
            }
        }
    }

    /// Like [`Source::next_packet`], but a live capture also returns
    /// [`Next::Idle`] when its read wakes up without a packet (its time-out,
    /// or a [`Wakeup`]), so that the caller can act on time passing.
    pub fn next_event(&mut self) -> Result<Next<'_>, AppError> {
        if self.stop.is_stopped() {
            return Ok(Next::End);
        }
        let Handle::Live(c) = &mut self.handle else {
            return Ok(match self.next_packet()? {
                Some(p) => Next::Packet(p),
                None => Next::End,
            });
        };
        match c.next_packet() {
            Ok(p) => {
                self.live_header = *p.header;
                self.live_buf.clear();
                self.live_buf.extend_from_slice(p.data);
            }
            Err(pcap::Error::TimeoutExpired) => return Ok(Next::Idle),
            // A break: the stopper's, or a wake-up.
            Err(pcap::Error::NoMorePackets) if self.stop.is_stopped() => return Ok(Next::End),
            Err(pcap::Error::NoMorePackets) => return Ok(Next::Idle),
            Err(e) => {
                return Err(AppError::Pcap {
                    context: self.what.clone(),
                    message: pcap_message(&e),
                })
            }
        }
        Ok(Next::Packet(RawPacket::with_precision(
            &self.live_header,
            &self.live_buf,
            self.precision,
        )))
    }

    /// For a live capture, a handle that wakes a blocked
    /// [`Source::next_event`] up (it returns [`Next::Idle`]).
    pub fn wakeup(&mut self) -> Option<Wakeup> {
        match &mut self.handle {
            Handle::Live(c) => Some(Wakeup(Arc::new(c.breakloop_handle()))),
            Handle::File(_) => None,
        }
    }

    /// Compiles a filter expression for this source's link type, to be
    /// applied by [`PacketFilter::matches`] rather than by libpcap: the
    /// packets it rejects are still read, and still counted.
    pub fn compile_filter(&self, expr: &str) -> Result<PacketFilter, AppError> {
        let program = match &self.handle {
            Handle::File(c) => c.compile(expr, true),
            Handle::Live(c) => c.compile(expr, true),
        };
        program.map(PacketFilter).map_err(|e| AppError::Filter {
            message: pcap_message(&e),
        })
    }

    /// Sends a frame on a live capture's interface.
    pub fn send(&mut self, frame: &[u8]) -> Result<(), AppError> {
        match &mut self.handle {
            Handle::Live(c) => c.sendpacket(frame).map_err(|e| {
                let message = pcap_message(&e);
                let lower = message.to_ascii_lowercase();
                if lower.contains("permission") || lower.contains("not permitted") {
                    AppError::Permission {
                        interface: self.what.clone(),
                        message: format!("can't send: {message}"),
                    }
                } else {
                    AppError::Pcap {
                        context: format!("{}: can't send", self.what),
                        message,
                    }
                }
            }),
            Handle::File(_) => Err(AppError::Usage(format!(
                "{}: a capture file cannot send packets",
                self.what
            ))),
        }
    }

    /// Creates a pcap savefile at `path` ("-": standard output) with this
    /// source's link type and snapshot length, and time stamps at its
    /// precision, or in nanoseconds when `nano`; rotated as `rotate` says.
    pub fn savefile(
        &self,
        path: &Path,
        nano: bool,
        rotate: RotateOptions,
    ) -> Result<Savefiles, AppError> {
        let precision = if nano {
            TsPrecision::Nano
        } else {
            self.precision
        };
        Savefiles::create(path, rotate, self.linktype, self.snaplen, precision)
    }

    /// Packet statistics of a live capture.
    pub fn stats(&mut self) -> Option<LiveStats> {
        match &mut self.handle {
            Handle::Live(c) => c.stats().ok().map(|s| LiveStats {
                received: s.received,
                dropped: s.dropped,
            }),
            Handle::File(_) => None,
        }
    }
}

/// What [`Source::next_event`] found.
#[derive(Debug)]
pub enum Next<'a> {
    Packet(RawPacket<'a>),
    /// A live capture woke up without a packet.
    Idle,
    /// The end of the file, or the source was stopped.
    End,
}

/// Wakes a live capture's blocked read (see [`Source::wakeup`]).
#[derive(Clone)]
pub struct Wakeup(Arc<pcap::BreakLoop>);

impl Wakeup {
    pub fn wake(&self) {
        self.0.breakloop();
    }
}

/// A compiled filter (see [`Source::compile_filter`]).
pub struct PacketFilter(pcap::BpfProgram);

impl PacketFilter {
    /// Whether the filter accepts the packet, as libpcap decides while
    /// reading a file (its captured bytes, and its length on the wire for
    /// `greater`, `less` and `len`).
    pub fn matches(&self, p: &RawPacket<'_>) -> bool {
        bpf::matches(&self.0, p.data, p.wire_len)
    }
}

/// Stops a source from another thread (a signal handler's): the flag the
/// packet loop checks, the signal that set it, and what wakes up a read
/// that is blocked.
///
/// A flag alone is not enough. On Linux, a live capture waits in `poll`
/// with no time-out (the kernel's block time-out only fires once a packet
/// has arrived), so on a quiet interface the read would never return to
/// look at the flag: `pcap_breakloop` wakes it. A capture read from a pipe
/// waits in a blocking read: closing our end of the pipe ends it (see
/// [`pipe`]). Each source registers its waker when it opens; create the
/// stopper (and install the signal handler that uses it) before opening,
/// so that a stop while opening (a pipe that never sends its header) works
/// too.
#[derive(Clone, Default)]
pub struct Stopper {
    inner: Arc<StopState>,
}

type Waker = Box<dyn Fn() + Send + Sync>;

#[derive(Default)]
struct StopState {
    flag: AtomicBool,
    /// The signal that stopped the run (0: none, or stopped otherwise).
    signal: AtomicI32,
    wakers: Mutex<Vec<Waker>>,
}

impl Stopper {
    /// A stopper nothing has stopped.
    pub fn new() -> Stopper {
        Stopper::default()
    }

    /// The process's stopper: the one the signal handler stops (see
    /// `app::catch_signals`), and the one [`Source::open_file`] and
    /// [`Source::open_live`] open with, so that every source a run opens
    /// obeys the signals.
    pub fn process() -> Stopper {
        static PROCESS: OnceLock<Stopper> = OnceLock::new();
        PROCESS.get_or_init(Stopper::new).clone()
    }

    /// Makes the sources' next (or current, blocked) read return `None`.
    pub fn stop(&self) {
        self.inner.flag.store(true, Ordering::SeqCst);
        let wakers = self.inner.wakers.lock().unwrap_or_else(|e| e.into_inner());
        for w in wakers.iter() {
            w();
        }
    }

    /// [`Stopper::stop`], recording that signal `signal` asked for it.
    pub fn stop_by_signal(&self, signal: i32) {
        let _ = self
            .inner
            .signal
            .compare_exchange(0, signal, Ordering::SeqCst, Ordering::SeqCst);
        self.stop();
    }

    pub fn is_stopped(&self) -> bool {
        self.inner.flag.load(Ordering::SeqCst)
    }

    /// The signal that stopped the run, if a signal did.
    pub fn signal(&self) -> Option<i32> {
        match self.inner.signal.load(Ordering::SeqCst) {
            0 => None,
            n => Some(n),
        }
    }

    /// Runs `wake` when the stopper is stopped (now, if it already is).
    fn on_stop(&self, wake: impl Fn() + Send + Sync + 'static) {
        let mut wakers = self.inner.wakers.lock().unwrap_or_else(|e| e.into_inner());
        if self.is_stopped() {
            wake();
        }
        wakers.push(Box::new(wake));
    }
}

impl<'a> RawPacket<'a> {
    /// A packet from a handle opened with nanosecond precision (every
    /// file, and live captures asked for nanoseconds): tv_usec holds
    /// nanoseconds.
    fn new(header: &PacketHeader, data: &'a [u8]) -> RawPacket<'a> {
        Self::with_precision(header, data, TsPrecision::Nano)
    }

    /// A packet from a handle opened with `precision`.
    fn with_precision(
        header: &PacketHeader,
        data: &'a [u8],
        precision: TsPrecision,
    ) -> RawPacket<'a> {
        let secs = header.ts.tv_sec;
        // suseconds_t is i64 here but i32 on some platforms.
        #[allow(clippy::useless_conversion)]
        let frac = i64::from(header.ts.tv_usec);
        let nanos = match precision {
            TsPrecision::Nano => frac,
            TsPrecision::Micro => frac.saturating_mul(1000),
        };
        RawPacket {
            ts: Timestamp { secs, nanos },
            data,
            wire_len: header.len,
        }
    }
}

/// Compiles and installs a filter, mapping libpcap's complaint to
/// [`AppError::Filter`].
///
/// First, as tcpdump does (it compiles its expression even when there is
/// none), an empty filter is compiled: libpcap refuses that for a link
/// type it does not know at all, and so the capture is refused with
/// libpcap's words (`unknown data link type N (...)`) before any packet
/// is read, rather than printed as packets nothing can decode.
fn set_filter<T: pcap::Activated + ?Sized>(
    cap: &mut Capture<T>,
    filter: Option<&str>,
) -> Result<(), AppError> {
    cap.compile("", true).map_err(|e| AppError::LinkType {
        message: pcap_message(&e),
    })?;
    if let Some(f) = filter {
        cap.filter(f, true).map_err(|e| AppError::Filter {
            message: pcap_message(&e),
        })?;
    }
    Ok(())
}

fn empty_header() -> PacketHeader {
    PacketHeader {
        ts: libc::timeval {
            tv_sec: 0,
            tv_usec: 0,
        },
        caplen: 0,
        len: 0,
    }
}
