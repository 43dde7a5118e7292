//! netdecode: packet capture and protocol decoding in the spirit of tcpdump.
//!
//! The pipeline, one packet at a time:
//!
//! ```text
//! capture (live or file) -> decode::decode -> render (text | hex | JSON) -> Output
//!   RawPacket<'a>            Decoded<'a>        borrowed records, no parsing
//! ```
//!
//! Decoders borrow from the captured bytes and never format; renderers
//! consume records and never parse. See [`decode`] for the panic contract.

pub mod decode;
