//! Name resolution: names for numbers, as tcpdump prints them without
//! `-n` (its addrtoname.c): service names for TCP and UDP ports, host names for IP
//! addresses, and the forms it gives MAC addresses (a name from
//! /etc/ethers, `Broadcast`, or the address followed by `(oui Vendor)`).
//! Also the protocol keywords tcpdump prints for IP protocols it does not
//! decode (`udp` rather than `ip-proto-17`).
//!
//! A [`Resolver`] is built once at start-up (JSON stays numeric and never
//! builds one) and the text printers reach it through `Cx`; without it
//! (`-n`, `-nn`: the same thing in tcpdump 4.99) everything prints as
//! numbers. Port and MAC names are tables read when it is built; host
//! names come from /etc/hosts, read then too, and otherwise from reverse
//! lookups through the system resolver (`getnameinfo`, which follows
//! nsswitch.conf as tcpdump's `gethostbyaddr` does).
//!
//! # Reverse lookups never hold up output for long
//!
//! tcpdump blocks on each lookup; with an unreachable name server that is
//! seconds per new address. Here lookups run on a few worker threads. The
//! first packet that shows an address waits for its answer for at most
//! [`DEFAULT_WAIT`], and only when a worker is free to start on it at once
//! (when every worker is busy, waiting would only add up delays: the
//! address prints as a number straight away and its lookup is queued).
//! An address whose answer is not there in time prints as a number, and
//! so does every later packet while the lookup is still running; when the
//! answer arrives late it is kept, and later packets show the name. The
//! choice favours names over a run-long consistency that tcpdump does not
//! offer either: it prints a name or the number depending on the answer,
//! whenever it comes. A failed lookup is cached as numeric and never
//! retried. At most [`MAX_QUEUED`] addresses wait for a worker; past that,
//! new addresses stay numeric without a lookup.
//!
//! Not done: tcpdump's `-f` (foreign addresses numeric) and `-N` (host
//! names without their domain), which netdecode does not take; the
//! nsswitch "db" sources for services and ethers (tcpdump reads them
//! through libc; netdecode reads /etc/services and /etc/ethers itself).

//!
//! The parts: [`Resolver`] (`resolver.rs`) answers for hosts, ports and
//! MAC addresses; `reverse.rs` runs the reverse lookups on worker threads;
//! `files.rs` parses hosts(5), services(5) and ethers(5); `tables.rs`
//! holds tcpdump's value-to-name tables (ethertypes, IP protocols, OUIs,
//! LLC SAPs, ...) that printers use with or without `-n`.

mod files;
mod resolver;
mod reverse;
mod tables;

pub use resolver::{MacName, Resolver};
pub use reverse::{ReverseLookup, DEFAULT_WAIT, MAX_QUEUED};
pub use tables::*;
