//! A flow sink run on a thread of its own (`flows --write`): the reading,
//! decoding and reassembly stay on the caller's thread, the file system
//! work (creating, writing and closing thousands of stream files: most of
//! the run's system time) moves to the other.
//!
//! The calls are recorded in batches (a batch's stream bytes are copied
//! into one buffer) and handed over through a bounded channel, so at most
//! [`IN_FLIGHT`] batches of about [`BATCH_BYTES`] are waiting; their
//! buffers come back to be reused. The sink sees the same calls in the
//! same order as it would on the caller's thread, so it writes the same
//! files. An error of the sink is reported by the first call after it is
//! known, else by [`ThreadedSink::finish`]; the calls after it are not
//! made, and the sink is finished (its files made whole) all the same.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

use crate::flow::{ConnInfo, ConnSummary, Direction, FlowSink, Gap};

/// A batch is handed over once its stream bytes reach this.
pub const BATCH_BYTES: usize = 128 << 10;
/// ... or once it holds this many calls.
const BATCH_CALLS: usize = 256;
/// The most batches handed over and not yet done.
pub const IN_FLIGHT: usize = 2;

/// One recorded call.
enum Call {
    Opened(ConnInfo),
    /// Its bytes end at `end` in the batch's data (they start where the
    /// previous `Data` call's end).
    Data {
        conn: ConnInfo,
        dir: Direction,
        offset: u64,
        end: usize,
    },
    Gap(ConnInfo, Direction, Gap),
    Closed(Box<ConnSummary>),
}

#[derive(Default)]
struct Batch {
    calls: Vec<Call>,
    data: Vec<u8>,
}

/// The first error of the sink, for the caller's thread to report.
#[derive(Default)]
struct Failure {
    failed: AtomicBool,
    error: Mutex<Option<io::Error>>,
}

impl Failure {
    fn set(&self, e: io::Error) {
        let mut slot = self.error.lock().unwrap_or_else(PoisonError::into_inner);
        if slot.is_none() && !self.failed.load(Ordering::Relaxed) {
            *slot = Some(e);
            self.failed.store(true, Ordering::Release);
        }
    }

    fn take(&self) -> Option<io::Error> {
        self.error
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }
}

/// See the module docs.
pub struct ThreadedSink {
    batch: Batch,
    to_thread: Option<SyncSender<Batch>>,
    spare: Receiver<Batch>,
    failure: Arc<Failure>,
    thread: Option<JoinHandle<io::Result<()>>>,
}

impl ThreadedSink {
    /// Runs `sink` on a new thread; `finish` is called on it there once
    /// every call was made (or an error stopped them).
    pub fn spawn<S, F>(mut sink: S, finish: F) -> io::Result<ThreadedSink>
    where
        S: FlowSink + Send + 'static,
        F: FnOnce(S) -> io::Result<()> + Send + 'static,
    {
        let (to_thread, batches) = sync_channel::<Batch>(IN_FLIGHT);
        let (give_back, spare) = sync_channel::<Batch>(IN_FLIGHT + 1);
        let failure = Arc::new(Failure::default());
        let fail = Arc::clone(&failure);
        let thread = std::thread::Builder::new()
            .name("netdecode-files".into())
            .spawn(move || {
                let mut ok = true;
                for mut batch in batches {
                    if ok {
                        if let Err(e) = replay(&mut sink, &batch) {
                            fail.set(e);
                            ok = false;
                        }
                    }
                    batch.calls.clear();
                    batch.data.clear();
                    // Full (the caller has enough) or gone: dropped.
                    let _ = give_back.try_send(batch);
                }
                let finished = finish(sink);
                match fail.take() {
                    Some(e) => Err(e),
                    None => finished,
                }
            })?;
        Ok(ThreadedSink {
            batch: Batch::default(),
            to_thread: Some(to_thread),
            spare,
            failure,
            thread: Some(thread),
        })
    }

    /// The sink's error, once it is known.
    fn check(&self) -> io::Result<()> {
        if !self.failure.failed.load(Ordering::Acquire) {
            return Ok(());
        }
        Err(self
            .failure
            .take()
            .unwrap_or_else(|| io::Error::other("writing the streams failed")))
    }

    /// Records a call; hands the batch over when it is full.
    fn record(&mut self, call: Call) -> io::Result<()> {
        self.batch.calls.push(call);
        if self.batch.data.len() >= BATCH_BYTES || self.batch.calls.len() >= BATCH_CALLS {
            self.hand_over()?;
        }
        Ok(())
    }

    fn hand_over(&mut self) -> io::Result<()> {
        self.check()?;
        if self.batch.calls.is_empty() {
            return Ok(());
        }
        let next = self.spare.try_recv().unwrap_or_default();
        let full = std::mem::replace(&mut self.batch, next);
        let sent = self.to_thread.as_ref().map(|t| t.send(full));
        match sent {
            Some(Ok(())) => Ok(()),
            // The thread is gone (it panicked): `finish` says how.
            Some(Err(_)) | None => Err(self
                .check()
                .err()
                .unwrap_or_else(|| io::Error::other("the thread writing the streams ended early"))),
        }
    }

    /// Hands over what is left, waits for the thread to make every call
    /// and finish the sink, and returns the first error.
    pub fn finish(mut self) -> io::Result<()> {
        let handed = self.hand_over();
        self.to_thread = None;
        let joined = match self.thread.take().map(JoinHandle::join) {
            Some(Ok(r)) => r,
            Some(Err(_)) => Err(io::Error::other("the thread writing the streams panicked")),
            None => Ok(()),
        };
        // An error the thread met first is the one to report; else the
        // one the last hand-over found.
        joined.and(handed)
    }
}

/// Makes a batch's calls on `sink`.
fn replay<S: FlowSink>(sink: &mut S, batch: &Batch) -> io::Result<()> {
    let mut start = 0;
    for call in &batch.calls {
        match call {
            Call::Opened(conn) => sink.opened(conn)?,
            Call::Data {
                conn,
                dir,
                offset,
                end,
            } => {
                let bytes = batch.data.get(start..*end).unwrap_or_default();
                start = *end;
                sink.data(conn, *dir, *offset, bytes)?;
            }
            Call::Gap(conn, dir, gap) => sink.gap(conn, *dir, gap)?,
            Call::Closed(summary) => sink.closed(summary)?,
        }
    }
    Ok(())
}

impl FlowSink for ThreadedSink {
    fn opened(&mut self, conn: &ConnInfo) -> io::Result<()> {
        self.record(Call::Opened(conn.clone()))
    }
    fn data(
        &mut self,
        conn: &ConnInfo,
        dir: Direction,
        offset: u64,
        bytes: &[u8],
    ) -> io::Result<()> {
        self.batch.data.extend_from_slice(bytes);
        let end = self.batch.data.len();
        self.record(Call::Data {
            conn: conn.clone(),
            dir,
            offset,
            end,
        })
    }
    fn gap(&mut self, conn: &ConnInfo, dir: Direction, gap: &Gap) -> io::Result<()> {
        self.record(Call::Gap(conn.clone(), dir, *gap))
    }
    fn closed(&mut self, summary: &ConnSummary) -> io::Result<()> {
        self.record(Call::Closed(Box::new(summary.clone())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::tests::{c, handshake, s, ACK, CI, FIN, SI};
    use crate::flow::{FlowTable, Limits};

    /// Records what it is called with, as text.
    #[derive(Default)]
    struct Log(Vec<String>);

    impl FlowSink for Log {
        fn opened(&mut self, conn: &ConnInfo) -> io::Result<()> {
            self.0.push(format!("opened {}", conn.id));
            Ok(())
        }
        fn data(&mut self, conn: &ConnInfo, dir: Direction, off: u64, b: &[u8]) -> io::Result<()> {
            self.0.push(format!("data {} {dir:?} {off} {b:?}", conn.id));
            Ok(())
        }
        fn gap(&mut self, conn: &ConnInfo, dir: Direction, gap: &Gap) -> io::Result<()> {
            self.0.push(format!("gap {} {dir:?} {gap:?}", conn.id));
            Ok(())
        }
        fn closed(&mut self, summary: &ConnSummary) -> io::Result<()> {
            self.0.push(format!("closed {summary:?}"));
            Ok(())
        }
    }

    /// A connection with a gap in the client's stream, many times over.
    fn run(sink: &mut dyn FlowSink) {
        let mut table = FlowTable::new(Limits::default());
        for k in 0..300u32 {
            let (ci, si) = (CI + k * 1000, SI + k * 1000);
            let mut segs = handshake(ci, si);
            segs.extend([
                c(ci + 1, si + 1, ACK, b"abc"),
                c(ci + 7, si + 1, ACK, b"ghi"),
                s(si + 1, ci + 4, ACK, b"ok"),
                c(ci + 10, si + 3, ACK | FIN, b""),
                s(si + 3, ci + 11, ACK | FIN, b""),
            ]);
            for seg in &segs {
                table.push(seg, &mut *sink).unwrap();
            }
        }
        table.finish(&mut *sink).unwrap();
    }

    #[test]
    fn the_sink_on_its_thread_gets_the_same_calls_in_the_same_order() {
        let mut direct = Log::default();
        run(&mut direct);
        assert!(direct.0.len() > 1500, "{}", direct.0.len());
        let (tx, rx) = std::sync::mpsc::channel();
        let mut threaded = ThreadedSink::spawn(Log::default(), move |log| {
            tx.send(log.0).unwrap();
            Ok(())
        })
        .unwrap();
        run(&mut threaded);
        threaded.finish().unwrap();
        assert_eq!(rx.recv().unwrap(), direct.0);
    }

    /// Fails its `n`th data call.
    struct FailAt(usize);

    impl FlowSink for FailAt {
        fn data(&mut self, _: &ConnInfo, _: Direction, _: u64, _: &[u8]) -> io::Result<()> {
            self.0 = self.0.saturating_sub(1);
            if self.0 == 0 {
                return Err(io::Error::new(io::ErrorKind::StorageFull, "full"));
            }
            Ok(())
        }
    }

    #[test]
    fn an_error_of_the_sink_is_reported_and_it_is_still_finished() {
        let (tx, rx) = std::sync::mpsc::channel();
        let mut threaded = ThreadedSink::spawn(FailAt(5), move |_| {
            tx.send(()).unwrap();
            Ok(())
        })
        .unwrap();
        let mut table = FlowTable::new(Limits::default());
        let mut reported = None;
        'outer: for k in 0..20_000u32 {
            let (ci, si) = (CI + k * 1000, SI + k * 1000);
            let mut segs = handshake(ci, si);
            segs.push(c(ci + 1, si + 1, ACK, &[7; 200]));
            for seg in &segs {
                if let Err(e) = table.push(seg, &mut threaded) {
                    reported = Some(e);
                    break 'outer;
                }
            }
        }
        let finished = threaded.finish();
        let e = reported.or(finished.err()).expect("the error is reported");
        assert_eq!(e.kind(), io::ErrorKind::StorageFull);
        rx.recv().unwrap();
    }
}
