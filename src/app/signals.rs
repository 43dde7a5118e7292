//! SIGINT, SIGTERM and SIGHUP: the first one stops the run cleanly (the
//! source stops at once, even in the middle of a blocked read; what was
//! read is printed and written, files are completed); a second one ends
//! the process at once, with the status a shell gives a process the signal
//! killed (128 + its number).

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use crate::capture::Stopper;

/// Installs the handlers and returns the stopper they stop. Call it
/// before opening the source, and open the source with this stopper.
/// Should the handlers fail to install, the signals keep their default
/// action (the process ends).
pub fn catch_signals() -> Stopper {
    let stop = Stopper::new();
    let Ok(mut signals) = Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return stop;
    };
    let s = stop.clone();
    let _ = std::thread::Builder::new()
        .name("netdecode-signals".into())
        .spawn(move || {
            for sig in signals.forever() {
                if s.is_stopped() {
                    std::process::exit(128 + sig);
                }
                s.stop_by_signal(sig);
            }
        });
    stop
}
