//! The stream files of `flows --write` written on threads of their own:
//! the reading, decoding and reassembly, and the sink's bookkeeping and
//! index ([`FileSink`](crate::render::flows::FileSink)), stay on the
//! caller's thread; the file system work (creating, writing and closing
//! thousands of stream files: most of the run's system time) is shared
//! out by connection among [`FileThreads`]' stores, each on a thread.
//!
//! A store's calls are recorded in batches (a write's buffer moved in, a
//! new file's name copied) and handed over through a bounded channel, so
//! at most [`IN_FLIGHT`] batches of about [`BATCH_BYTES`] wait for each
//! thread; the batches, and the buffers written, come back to be reused
//! (see [`StreamStore::take_spare`]). A whole file
//! ([`StreamStore::write_whole`], the usual case) goes to the thread with
//! the least work waiting, so that the reading thread seldom waits for
//! one thread while the other has nothing to do. Each store sees
//! the calls for its files in the order they were made, and a file's calls
//! all go to one store, so the files are the same as with one store on
//! the caller's thread. An error of a store is reported by the first call
//! after it is known, else by [`FileThreads::finish`]; that store gets no
//! more calls, and every store is finished (its files closed) all the
//! same.

use std::io;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

use crate::render::flows::{keep_spare, Chunks, FileKey, StreamStore, SPARE_CHUNKS};

/// A batch is handed over once its bytes reach this.
pub const BATCH_BYTES: usize = 128 << 10;
/// ... or once it holds this many calls.
const BATCH_CALLS: usize = 1024;
/// The most batches handed over to a thread and not yet done.
pub const IN_FLIGHT: usize = 4;

/// One recorded call.
enum Call {
    Write {
        key: FileKey,
        pos: u64,
        /// The new file's name ends here in the batch's `names` and starts
        /// where the previous write's ends (the same for a file already
        /// named).
        name_end: usize,
        chunks: Chunks,
    },
    Close {
        key: FileKey,
        set_len: Option<u64>,
    },
    /// A whole file; its name as a write's.
    Whole {
        pos: u64,
        name_end: usize,
        chunks: Chunks,
        set_len: Option<u64>,
    },
}

#[derive(Default)]
struct Batch {
    calls: Vec<Call>,
    names: Vec<u8>,
    /// The memory of the calls' bytes (names included).
    bytes: usize,
    /// Emptied chunks, on the way back.
    spare: Vec<Vec<u8>>,
}

impl Batch {
    /// Counts a call's file name (kept in `names`) and chunks; where the
    /// name ends.
    fn add(&mut self, name: &str, chunks: &Chunks) -> usize {
        self.names.extend_from_slice(name.as_bytes());
        // The memory the chunks hold, not only their bytes.
        let held: usize = chunks.iter().map(|c| c.capacity().max(c.len())).sum();
        self.bytes += name.len() + held;
        self.names.len()
    }
}

/// The first error of a store, for the caller's thread to report.
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

/// One store's thread, seen from the caller's.
struct Worker {
    batch: Batch,
    /// Batches handed over and not yet done.
    pending: Arc<AtomicUsize>,
    to_thread: Option<SyncSender<Batch>>,
    spare: Receiver<Batch>,
    thread: Option<JoinHandle<io::Result<()>>>,
}

/// See the module docs.
pub struct FileThreads {
    workers: Vec<Worker>,
    failure: Arc<Failure>,
    /// Batches come back, emptied, for reuse.
    spare_batches: Vec<Batch>,
    /// Chunks written, emptied, for reuse.
    spare_bufs: Vec<Vec<u8>>,
}

impl FileThreads {
    /// Runs each store on a new thread; connection `id`'s files go to
    /// store `id % stores.len()`. Each is finished there once every call
    /// was made (or an error stopped them).
    pub fn spawn<S>(stores: Vec<S>) -> io::Result<FileThreads>
    where
        S: StreamStore + Send + 'static,
    {
        let failure = Arc::new(Failure::default());
        let mut threads = FileThreads {
            workers: Vec::with_capacity(stores.len()),
            failure: Arc::clone(&failure),
            spare_batches: Vec::new(),
            spare_bufs: Vec::new(),
        };
        for (i, mut store) in stores.into_iter().enumerate() {
            let (to_thread, batches) = sync_channel::<Batch>(IN_FLIGHT);
            let (give_back, spare) = sync_channel::<Batch>(IN_FLIGHT + 1);
            let fail = Arc::clone(&failure);
            let pending = Arc::new(AtomicUsize::new(0));
            let done = Arc::clone(&pending);
            let spawned = std::thread::Builder::new()
                .name(format!("netdecode-files-{i}"))
                .spawn(move || {
                    let mut ok = true;
                    for mut batch in batches {
                        if ok {
                            if let Err(e) = replay(&mut store, &mut batch) {
                                fail.set(e);
                                ok = false;
                            }
                        }
                        batch.calls.clear();
                        batch.names.clear();
                        batch.bytes = 0;
                        store.take_spare(&mut batch.spare);
                        done.fetch_sub(1, Ordering::Relaxed);
                        // Full (the caller has enough) or gone: dropped.
                        let _ = give_back.try_send(batch);
                    }
                    let finished = store.finish();
                    match fail.take() {
                        Some(e) => Err(e),
                        None => finished,
                    }
                });
            let thread = match spawned {
                Ok(t) => t,
                Err(e) => {
                    // The threads started are ended (they have no calls).
                    let _ = threads.finish();
                    return Err(e);
                }
            };
            threads.workers.push(Worker {
                batch: Batch::default(),
                pending,
                to_thread: Some(to_thread),
                spare,
                thread: Some(thread),
            });
        }
        if threads.workers.is_empty() {
            return Err(io::Error::other("no store to write the streams"));
        }
        Ok(threads)
    }

    /// A store's error, once it is known.
    fn check(&self) -> io::Result<()> {
        if !self.failure.failed.load(Ordering::Acquire) {
            return Ok(());
        }
        Err(self
            .failure
            .take()
            .unwrap_or_else(|| io::Error::other("writing the streams failed")))
    }

    /// The worker whose store has `key`'s file.
    fn worker(&self, key: FileKey) -> usize {
        // The remainder is below the number of workers, a usize.
        (key.0 % self.workers.len() as u64) as usize
    }

    /// Records a call for worker `w`; hands its batch over when it is full.
    fn record(&mut self, w: usize, call: Call) -> io::Result<()> {
        let Some(worker) = self.workers.get_mut(w) else {
            return Ok(());
        };
        worker.batch.calls.push(call);
        if worker.batch.bytes >= BATCH_BYTES || worker.batch.calls.len() >= BATCH_CALLS {
            self.hand_over(w)?;
        }
        Ok(())
    }

    /// Takes the batches the threads gave back: their buffers, and
    /// themselves, are kept for reuse (a few).
    fn collect(&mut self) {
        for worker in &self.workers {
            while let Ok(mut batch) = worker.spare.try_recv() {
                for buf in batch.spare.drain(..) {
                    keep_spare(&mut self.spare_bufs, buf);
                }
                if self.spare_batches.len() < 2 * self.workers.len() {
                    self.spare_batches.push(batch);
                }
            }
        }
    }

    fn hand_over(&mut self, w: usize) -> io::Result<()> {
        self.check()?;
        if self
            .workers
            .get(w)
            .is_none_or(|wk| wk.batch.calls.is_empty())
        {
            return Ok(());
        }
        if self.spare_batches.is_empty() {
            self.collect();
        }
        let next = self.spare_batches.pop().unwrap_or_default();
        let Some(worker) = self.workers.get_mut(w) else {
            return Ok(());
        };
        let full = std::mem::replace(&mut worker.batch, next);
        worker.pending.fetch_add(1, Ordering::Relaxed);
        let sent = worker.to_thread.as_ref().map(|t| t.send(full));
        match sent {
            Some(Ok(())) => Ok(()),
            // The thread is gone (it panicked): `finish` says how.
            Some(Err(_)) | None => Err(self
                .check()
                .err()
                .unwrap_or_else(|| io::Error::other("a thread writing the streams ended early"))),
        }
    }

    /// Hands over what is left, waits for every thread to make its calls
    /// and finish its store, and returns the first error.
    pub fn finish(mut self) -> io::Result<()> {
        let mut handed = Ok(());
        for w in 0..self.workers.len() {
            let r = self.hand_over(w);
            if handed.is_ok() {
                handed = r;
            }
        }
        for worker in &mut self.workers {
            worker.to_thread = None;
        }
        let mut joined = Ok(());
        for worker in &mut self.workers {
            let r = match worker.thread.take().map(JoinHandle::join) {
                Some(Ok(r)) => r,
                Some(Err(_)) => Err(io::Error::other("a thread writing the streams panicked")),
                None => Ok(()),
            };
            if joined.is_ok() {
                joined = r;
            }
        }
        // An error a thread met first is the one to report; else the one
        // the last hand-over found.
        joined.and(handed)
    }
}

/// Makes a batch's calls on `store`.
fn replay<S: StreamStore>(store: &mut S, batch: &mut Batch) -> io::Result<()> {
    let mut start = 0;
    for call in batch.calls.drain(..) {
        match call {
            Call::Write {
                key,
                pos,
                name_end,
                chunks,
            } => {
                let name = batch.names.get(start..name_end).unwrap_or_default();
                let name = match name_end - start {
                    0 => None,
                    _ => Some(std::str::from_utf8(name).map_err(io::Error::other)?),
                };
                start = name_end;
                store.write(key, name, pos, chunks)?;
            }
            Call::Close { key, set_len } => store.close(key, set_len)?,
            Call::Whole {
                pos,
                name_end,
                chunks,
                set_len,
            } => {
                let name = batch.names.get(start..name_end).unwrap_or_default();
                let name = std::str::from_utf8(name).map_err(io::Error::other)?;
                start = name_end;
                store.write_whole(name, pos, chunks, set_len)?;
            }
        }
    }
    Ok(())
}

impl StreamStore for FileThreads {
    fn write(
        &mut self,
        key: FileKey,
        new_name: Option<&str>,
        pos: u64,
        chunks: Chunks,
    ) -> io::Result<()> {
        let w = self.worker(key);
        let Some(worker) = self.workers.get_mut(w) else {
            return Ok(());
        };
        let name_end = worker.batch.add(new_name.unwrap_or_default(), &chunks);
        self.record(
            w,
            Call::Write {
                key,
                pos,
                name_end,
                chunks,
            },
        )
    }

    fn write_whole(
        &mut self,
        name: &str,
        pos: u64,
        chunks: Chunks,
        set_len: Option<u64>,
    ) -> io::Result<()> {
        // The worker with the least work waiting: batches handed over,
        // then the batch being filled.
        let w = self
            .workers
            .iter()
            .enumerate()
            .min_by_key(|(_, wk)| (wk.pending.load(Ordering::Relaxed), wk.batch.bytes))
            .map_or(0, |(w, _)| w);
        let Some(worker) = self.workers.get_mut(w) else {
            return Ok(());
        };
        let name_end = worker.batch.add(name, &chunks);
        self.record(
            w,
            Call::Whole {
                pos,
                name_end,
                chunks,
                set_len,
            },
        )
    }

    fn take_spare(&mut self, into: &mut Vec<Vec<u8>>) {
        if self.spare_bufs.is_empty() {
            self.collect();
        }
        while into.len() < SPARE_CHUNKS {
            match self.spare_bufs.pop() {
                Some(b) => into.push(b),
                None => break,
            }
        }
    }

    fn close(&mut self, key: FileKey, set_len: Option<u64>) -> io::Result<()> {
        let w = self.worker(key);
        self.record(w, Call::Close { key, set_len })
    }

    fn finish(self) -> io::Result<()> {
        FileThreads::finish(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::Direction;

    /// Records what it is called with, as text, and sends it on finish.
    struct Log(Vec<String>, std::sync::mpsc::Sender<Vec<String>>);

    impl StreamStore for Log {
        fn write(
            &mut self,
            key: FileKey,
            name: Option<&str>,
            pos: u64,
            b: Chunks,
        ) -> io::Result<()> {
            let b = b.concat();
            self.0.push(format!("write {key:?} {name:?} {pos} {b:?}"));
            Ok(())
        }
        fn take_spare(&mut self, _: &mut Vec<Vec<u8>>) {}
        fn close(&mut self, key: FileKey, set_len: Option<u64>) -> io::Result<()> {
            self.0.push(format!("close {key:?} {set_len:?}"));
            Ok(())
        }
        fn write_whole(
            &mut self,
            name: &str,
            pos: u64,
            b: Chunks,
            set_len: Option<u64>,
        ) -> io::Result<()> {
            let b = b.concat();
            self.0.push(format!("whole {name} {pos} {b:?} {set_len:?}"));
            Ok(())
        }
        fn finish(self) -> io::Result<()> {
            self.1.send(self.0).unwrap();
            Ok(())
        }
    }

    /// A write (key, new name, position, bytes) or, when the flag is set,
    /// a close at that position.
    type CallFn<'a> = dyn FnMut(FileKey, Option<&str>, u64, &[u8], bool) + 'a;

    /// The calls of many files, interleaved, with and without names.
    fn run(store: &mut CallFn<'_>) {
        for k in 0..3000u64 {
            for dir in [Direction::ClientToServer, Direction::ServerToClient] {
                let key = (k / 3, dir);
                let name = format!("f{}", k / 3);
                let first = k % 3 == 0;
                let bytes = vec![k as u8; (k % 200) as usize];
                store(key, first.then_some(name.as_str()), k * 7, &bytes, false);
                if k % 3 == 2 {
                    store(key, None, k, &[], true);
                }
            }
        }
    }

    #[test]
    fn each_store_gets_its_files_calls_in_order() {
        let (tx, rx) = std::sync::mpsc::channel();
        let stores = (0..3).map(|_| Log(Vec::new(), tx.clone())).collect();
        let mut threads = FileThreads::spawn(stores).unwrap();
        run(&mut |key, name, pos, bytes, close| {
            if close {
                threads.close(key, Some(pos)).unwrap();
            } else {
                threads.write(key, name, pos, vec![bytes.to_vec()]).unwrap();
            }
        });
        threads.finish().unwrap();
        // What each store should have seen: the calls of connections
        // `id % 3 == i`, in the order made.
        let mut expected = vec![Vec::new(); 3];
        run(&mut |key, name, pos, bytes, close| {
            let log = &mut expected[(key.0 % 3) as usize];
            if close {
                log.push(format!("close {key:?} {:?}", Some(pos)));
            } else {
                log.push(format!("write {key:?} {name:?} {pos} {bytes:?}"));
            }
        });
        let mut got: Vec<Vec<String>> = rx.iter().take(3).collect();
        got.sort_by_key(|log| log.first().cloned());
        expected.sort_by_key(|log| log.first().cloned());
        assert!(expected.iter().all(|log| log.len() > 1500));
        assert_eq!(got, expected);
    }

    /// Whole files go to any store, each once, while the other calls
    /// still reach their file's store in order; a store slowed down gets
    /// fewer of them.
    #[test]
    fn whole_files_go_to_the_least_busy_store() {
        /// A log that takes its time over the whole files of store 0.
        struct Slow(Log, bool);
        impl StreamStore for Slow {
            fn write(&mut self, k: FileKey, n: Option<&str>, p: u64, b: Chunks) -> io::Result<()> {
                self.0.write(k, n, p, b)
            }
            fn close(&mut self, k: FileKey, l: Option<u64>) -> io::Result<()> {
                self.0.close(k, l)
            }
            fn write_whole(
                &mut self,
                n: &str,
                p: u64,
                b: Chunks,
                l: Option<u64>,
            ) -> io::Result<()> {
                if self.1 {
                    std::thread::sleep(std::time::Duration::from_micros(100));
                }
                self.0.write_whole(n, p, b, l)
            }
            fn take_spare(&mut self, _: &mut Vec<Vec<u8>>) {}
            fn finish(mut self) -> io::Result<()> {
                if self.1 {
                    self.0 .0.push("slow".into());
                }
                self.0.finish()
            }
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let stores = (0..2)
            .map(|i| Slow(Log(Vec::new(), tx.clone()), i == 0))
            .collect();
        let mut threads = FileThreads::spawn(stores).unwrap();
        let mut wholes = Vec::new();
        for k in 0..2000u64 {
            let name = format!("w{k}");
            let bytes = vec![k as u8; 40_000 + (k % 7) as usize * 1000];
            let set_len = (k % 5 == 0).then_some(k);
            threads
                .write_whole(&name, k, vec![bytes.clone()], set_len)
                .unwrap();
            wholes.push(format!("whole {name} {k} {bytes:?} {set_len:?}"));
            if k % 10 == 0 {
                let key = (k, Direction::ClientToServer);
                threads.write(key, Some("k"), 0, vec![vec![1]]).unwrap();
                threads.write(key, None, 1, vec![vec![2]]).unwrap();
                threads.close(key, None).unwrap();
            }
        }
        threads.finish().unwrap();
        let logs: Vec<Vec<String>> = rx.iter().take(2).collect();
        let mut got: Vec<String> = logs
            .iter()
            .flatten()
            .filter(|l| l.starts_with("whole"))
            .cloned()
            .collect();
        got.sort();
        wholes.sort();
        assert_eq!(got, wholes);
        // The other calls: each file's three in order, on its store.
        for log in &logs {
            let keyed: Vec<&String> = log
                .iter()
                .filter(|l| !l.starts_with("whole") && *l != "slow")
                .collect();
            assert_eq!(keyed.len() % 3, 0);
            for c in keyed.chunks(3) {
                assert!(c[0].starts_with("write") && c[0].contains("Some(\"k\") 0 [1]"));
                assert!(c[1].contains("None 1 [2]") && c[2].starts_with("close"));
            }
        }
        // Both stores got whole files, the slow one fewer.
        let count = |slow: bool| {
            let log = logs
                .iter()
                .find(|l| l.last().is_some_and(|l| l == "slow") == slow);
            log.unwrap()
                .iter()
                .filter(|l| l.starts_with("whole"))
                .count()
        };
        let (slow, fast) = (count(true), count(false));
        assert!(0 < slow && slow < fast, "slow store {slow}, fast {fast}");
    }

    /// Fails its `n`th write.
    struct FailAt(usize, std::sync::mpsc::Sender<()>);

    impl StreamStore for FailAt {
        fn write(&mut self, _: FileKey, _: Option<&str>, _: u64, _: Chunks) -> io::Result<()> {
            self.0 = self.0.saturating_sub(1);
            if self.0 == 0 {
                return Err(io::Error::new(io::ErrorKind::StorageFull, "full"));
            }
            Ok(())
        }
        fn take_spare(&mut self, _: &mut Vec<Vec<u8>>) {}
        fn close(&mut self, _: FileKey, _: Option<u64>) -> io::Result<()> {
            Ok(())
        }
        fn write_whole(&mut self, _: &str, _: u64, _: Chunks, _: Option<u64>) -> io::Result<()> {
            Ok(())
        }
        fn finish(self) -> io::Result<()> {
            self.1.send(()).unwrap();
            Ok(())
        }
    }

    #[test]
    fn an_error_of_a_store_is_reported_and_every_store_is_finished() {
        let (tx, rx) = std::sync::mpsc::channel();
        let stores = vec![FailAt(usize::MAX, tx.clone()), FailAt(5, tx)];
        let mut threads = FileThreads::spawn(stores).unwrap();
        let mut reported = None;
        for k in 0..200_000u64 {
            let key = (k, Direction::ClientToServer);
            if let Err(e) = threads.write(key, Some("f"), 0, vec![vec![7; 200]]) {
                reported = Some(e);
                break;
            }
        }
        let finished = threads.finish();
        let e = reported.or(finished.err()).expect("the error is reported");
        assert_eq!(e.kind(), io::ErrorKind::StorageFull);
        assert_eq!(rx.iter().take(2).count(), 2);
    }
}
