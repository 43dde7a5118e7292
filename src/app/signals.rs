//! SIGINT, SIGTERM and SIGHUP: the first one stops the run cleanly (the
//! source stops at once, even in the middle of a blocked read; what was
//! read is printed and written, files are completed); a second one ends
//! the process at once, with the status a shell gives a process the signal
//! killed (128 + its number).
//!
//! SIGUSR1 prints the counters on standard error, as tcpdump does, and the
//! run goes on: packets captured so far (exact), and the kernel's received
//! and dropped counters as the packet loop last read them (every
//! [`STATS_EVERY`] packets and at each drop check).

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGUSR1};
use signal_hook::iterator::Signals;

use crate::capture::{LiveStats, Stopper};

/// How often (in packets) the packet loop reads the kernel's counters.
pub const STATS_EVERY: u64 = 256;

/// The counters SIGUSR1 prints, kept up to date by the packet loop.
pub struct Counters {
    packets: AtomicU64,
    live: AtomicBool,
    received: AtomicU32,
    dropped: AtomicU32,
}

/// The process's counters.
pub static COUNTERS: Counters = Counters {
    packets: AtomicU64::new(0),
    live: AtomicBool::new(false),
    received: AtomicU32::new(0),
    dropped: AtomicU32::new(0),
};

impl Counters {
    pub fn set_packets(&self, n: u64) {
        self.packets.store(n, Ordering::Relaxed);
    }

    pub fn set_live(&self, s: LiveStats) {
        self.received.store(s.received, Ordering::Relaxed);
        self.dropped.store(s.dropped, Ordering::Relaxed);
        self.live.store(true, Ordering::Relaxed);
    }

    /// What the counters hold now, as the end-of-run summary has it.
    pub fn summary(&self) -> super::Summary {
        super::Summary {
            packets: self.packets.load(Ordering::Relaxed),
            live: self.live.load(Ordering::Relaxed).then(|| LiveStats {
                received: self.received.load(Ordering::Relaxed),
                dropped: self.dropped.load(Ordering::Relaxed),
            }),
        }
    }
}

/// Installs the handlers and returns the stopper they stop: the process's
/// ([`Stopper::process`]), which every source opens with unless given
/// another. Call it before opening any source. Should the handlers fail to
/// install, the signals keep their default action (the process ends).
pub fn catch_signals() -> Stopper {
    let stop = Stopper::process();
    let Ok(mut signals) = Signals::new([SIGINT, SIGTERM, SIGHUP, SIGUSR1]) else {
        return stop;
    };
    let s = stop.clone();
    let _ = std::thread::Builder::new()
        .name("netdecode-signals".into())
        .spawn(move || {
            for sig in signals.forever() {
                if sig == SIGUSR1 {
                    let summary = COUNTERS.summary();
                    let _ = super::write_live_summary(&mut std::io::stderr(), &summary);
                    continue;
                }
                if s.is_stopped() {
                    std::process::exit(128 + sig);
                }
                s.stop_by_signal(sig);
            }
        });
    stop
}
