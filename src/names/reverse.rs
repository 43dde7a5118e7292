//! Reverse lookups (address to host name) on a few worker threads, with
//! their answers cached; how long a packet waits for one is in the
//! [module docs](super).

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// How long the first packet showing an address waits for its host name.
pub const DEFAULT_WAIT: Duration = Duration::from_millis(150);

/// Reverse lookups run at the same time.
pub(super) const WORKERS: usize = 4;

/// Addresses waiting for a free worker; new addresses past this stay
/// numeric.
pub const MAX_QUEUED: usize = 1024;

/// A reverse lookup: the host name of an address, or `None`.
pub type ReverseLookup = Arc<dyn Fn(IpAddr) -> Option<String> + Send + Sync>;

pub(super) fn system_reverse(a: IpAddr) -> Option<String> {
    dns_lookup::lookup_addr(&a).ok()
}

pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Reverse lookups on worker threads, with their answers cached.
pub(super) struct Reverse {
    pub(super) shared: Arc<Shared>,
    wait: Duration,
}

pub(super) struct Shared {
    pub(super) state: Mutex<State>,
    /// Signalled when an answer is stored.
    answered: Condvar,
    /// Signalled when an address is queued, and at shutdown.
    work: Condvar,
    resolver: ReverseLookup,
}

#[derive(Default)]
pub(super) struct State {
    pub(super) cache: HashMap<IpAddr, Entry>,
    pub(super) queue: VecDeque<IpAddr>,
    /// Worker threads started.
    workers: usize,
    /// Workers inside a lookup.
    busy: usize,
    shutdown: bool,
}

pub(super) enum Entry {
    /// Queued or being looked up.
    Pending,
    Name(Arc<str>),
    Numeric,
}

impl Reverse {
    pub(super) fn new(resolver: ReverseLookup, wait: Duration) -> Reverse {
        Reverse {
            shared: Arc::new(Shared {
                state: Mutex::new(State::default()),
                answered: Condvar::new(),
                work: Condvar::new(),
                resolver,
            }),
            wait,
        }
    }

    pub(super) fn lookup(&self, a: IpAddr) -> Option<Arc<str>> {
        let sh = &*self.shared;
        let mut st = lock(&sh.state);
        match st.cache.get(&a) {
            Some(Entry::Name(n)) => return Some(Arc::clone(n)),
            Some(_) => return None,
            None => {}
        }
        if st.queue.len() >= MAX_QUEUED {
            st.cache.insert(a, Entry::Numeric);
            return None;
        }
        if st.workers < WORKERS && st.workers - st.busy <= st.queue.len() {
            let shared = Arc::clone(&self.shared);
            let started = std::thread::Builder::new()
                .name("netdecode-resolve".into())
                .spawn(move || work(&shared))
                .is_ok();
            if started {
                st.workers += 1;
            }
        }
        if st.workers == 0 {
            // No thread to look it up on: numbers it is.
            st.cache.insert(a, Entry::Numeric);
            return None;
        }
        // A worker takes it at once only if one is idle with nothing
        // queued before it; otherwise waiting would only add delay.
        let starts_now = st.workers - st.busy > st.queue.len();
        st.cache.insert(a, Entry::Pending);
        st.queue.push_back(a);
        sh.work.notify_one();
        if !starts_now {
            return None;
        }
        let deadline = Instant::now() + self.wait;
        loop {
            match st.cache.get(&a) {
                Some(Entry::Name(n)) => return Some(Arc::clone(n)),
                Some(Entry::Pending) => {}
                _ => return None,
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            st = sh
                .answered
                .wait_timeout(st, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }
}

impl Drop for Reverse {
    fn drop(&mut self) {
        lock(&self.shared.state).shutdown = true;
        self.shared.work.notify_all();
    }
}

/// A worker: takes queued addresses until shutdown. A worker stuck in a
/// slow lookup does not keep the process alive: nothing joins it.
fn work(sh: &Shared) {
    let mut st = lock(&sh.state);
    loop {
        if st.shutdown {
            return;
        }
        let Some(a) = st.queue.pop_front() else {
            st = sh.work.wait(st).unwrap_or_else(PoisonError::into_inner);
            continue;
        };
        st.busy += 1;
        drop(st);
        let name = (sh.resolver)(a);
        st = lock(&sh.state);
        st.busy -= 1;
        let entry = match name {
            Some(n) if !n.is_empty() => Entry::Name(n.into()),
            _ => Entry::Numeric,
        };
        st.cache.insert(a, entry);
        sh.answered.notify_all();
    }
}
