//! Reading a capture from a pipe (standard input, a FIFO) so that a stop
//! request is obeyed at once, even while the pipe is quiet.
//!
//! libpcap reads a savefile with blocking stdio reads; on a pipe that
//! stalls (`ssh host tcpdump -w - | netdecode -r -`) such a read can wait
//! for ever, and a flag checked between packets is never looked at. So a
//! pipe is not handed to libpcap directly: a thread copies it into a pipe
//! of our own, whose read end libpcap opens by its `/dev/fd` name. To stop,
//! the write end is closed: libpcap's read returns at once (end of file)
//! and the packet loop sees the stop flag.
//!
//! ```text
//!  stdin / FIFO --read--> copy thread --write--> our pipe --/dev/fd/N--> libpcap
//!                          (keeps the first bytes: the header)     ▲
//!                 Stopper::stop ── closes the write end ───────────┘
//! ```
//!
//! The copy thread also keeps the first bytes that pass (the file header),
//! which tell the time stamp precision and snapshot length the capture was
//! recorded with: libpcap converts time stamps without saying what the
//! file held, and a pipe cannot be read twice.

use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use super::Stopper;

/// How many bytes of the start of the stream are kept for the header.
pub(super) const HEAD_MAX: usize = 64 * 1024;

/// Bytes copied per read.
const CHUNK: usize = 64 * 1024;

/// Where the copy thread reads from.
pub(super) enum Input {
    Stdin,
    /// A FIFO (or other file that is not a regular file), opened by the
    /// copy thread: opening a FIFO waits for its writer.
    Path(PathBuf),
}

/// A running copy: the path libpcap opens, and what the thread saw.
pub(super) struct Proxy {
    /// Our pipe's read end; kept open until libpcap has opened its own.
    reader: os_pipe::PipeReader,
    shared: Arc<Shared>,
}

#[derive(Default)]
struct Shared {
    /// The first bytes of the stream (at most [`HEAD_MAX`]).
    head: Mutex<Vec<u8>>,
    /// The error that ended the copy, if one did.
    error: Mutex<Option<io::Error>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Proxy {
    /// Starts copying `input`; a stop through `stop` closes the copy.
    pub(super) fn start(input: Input, stop: &Stopper) -> io::Result<Proxy> {
        let (reader, writer) = os_pipe::pipe()?;
        let writer = Arc::new(Mutex::new(Some(writer)));
        let shared = Arc::new(Shared::default());
        {
            let writer = Arc::clone(&writer);
            // The copy thread may hold the lock while it writes into a
            // full pipe (the reader is busy, not waiting): take the lock
            // on a thread of its own so that the caller never blocks.
            stop.on_stop(move || {
                let writer = Arc::clone(&writer);
                let _ = std::thread::Builder::new()
                    .name("netdecode-stop".into())
                    .spawn(move || drop(lock(&writer).take()));
            });
        }
        let thread_shared = Arc::clone(&shared);
        let thread_stop = stop.clone();
        std::thread::Builder::new()
            .name("netdecode-input".into())
            .spawn(move || copy(input, &writer, &thread_shared, &thread_stop))?;
        Ok(Proxy { reader, shared })
    }

    /// The name under which libpcap can open the pipe's read end.
    pub(super) fn path(&self) -> PathBuf {
        let fd = self.reader.as_raw_fd();
        let dev = PathBuf::from(format!("/dev/fd/{fd}"));
        if Path::new("/dev/fd").exists() {
            dev
        } else {
            PathBuf::from(format!("/proc/self/fd/{fd}"))
        }
    }

    /// What the copy thread keeps for the reader once libpcap has opened
    /// the pipe (our read end is then closed).
    pub(super) fn into_status(self) -> ProxyStatus {
        ProxyStatus {
            shared: self.shared,
        }
    }
}

/// The copy as the source sees it after opening: the header bytes, and
/// why the copy ended early, if it did.
pub(super) struct ProxyStatus {
    shared: Arc<Shared>,
}

impl ProxyStatus {
    /// The first bytes of the stream that have passed so far.
    pub(super) fn head(&self) -> Vec<u8> {
        lock(&self.shared.head).clone()
    }

    /// The error reading the input met, if any (taken once).
    pub(super) fn take_error(&self) -> Option<io::Error> {
        lock(&self.shared.error).take()
    }
}

fn copy(
    input: Input,
    writer: &Mutex<Option<os_pipe::PipeWriter>>,
    shared: &Shared,
    stop: &Stopper,
) {
    let fail = |e: io::Error| {
        *lock(&shared.error) = Some(e);
        drop(lock(writer).take());
    };
    let mut source: Box<dyn Read> = match input {
        Input::Stdin => Box::new(io::stdin()),
        Input::Path(p) => match File::open(&p) {
            Ok(f) => Box::new(f),
            Err(e) => return fail(e),
        },
    };
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = match source.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return fail(e),
        };
        let data = buf.get(..n).unwrap_or(&[]);
        {
            let mut head = lock(&shared.head);
            let room = HEAD_MAX.saturating_sub(head.len());
            head.extend_from_slice(data.get(..room.min(n)).unwrap_or(&[]));
        }
        let mut w = lock(writer);
        let Some(pipe) = w.as_mut() else { return };
        // A write error: libpcap closed its end (the run is over).
        if pipe.write_all(data).is_err() || stop.is_stopped() {
            *w = None;
            return;
        }
    }
    // End of input: close the pipe, so that libpcap sees the end too.
    drop(lock(writer).take());
}
