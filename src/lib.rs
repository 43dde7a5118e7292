//! netdecode: packet capture and protocol decoding in the spirit of tcpdump.
//!
//! The pipeline, one packet at a time:
//!
//! ```text
//! capture::Source --RawPacket--> decode::decode --Decoded--> render (text | hex | JSON) --> Output
//! ```
//!
//! Capture hands out packets borrowed from libpcap's buffer; decoders
//! borrow from those bytes and never format; renderers consume the records
//! and never parse. See [`decode`] for the panic contract.

pub mod app;
pub mod capture;
pub mod cli;
pub mod decode;
pub mod error;
pub mod flow;
pub mod names;
pub mod render;
#[cfg(test)]
pub(crate) mod testdata;
pub mod watch;
