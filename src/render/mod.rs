//! Renderers: decoded records in, bytes out. Text (tcpdump's lines), hex
//! and ASCII dumps, JSON, and the flows outputs.
//!
//! # Renderers never parse packet bytes
//!
//! `decode/` turns bytes into typed values once; a renderer reads those
//! values. It never reads a multi-byte field, runs a parser or walks raw
//! offsets (`tests/layers.rs` scans for that). The exceptions, where
//! tcpdump defines the output on the bytes themselves and a renderer
//! prints them as they are, without taking them apart, are these:
//!
//! * hex and ASCII dumps: [`hex`] (`-x`, `-X`, `-A`), `Cx::default_print`
//!   (tcpdump's `default_print` for payloads it cannot decode) and
//!   `text::fmt::hex_print` (tcpdump's `hex_print` inside a printer);
//! * packet text, escaped as tcpdump escapes it (`text::fmt::write_char`,
//!   `write_chars`): the lines of a text protocol (`text::txtproto`: HTTP,
//!   FTP, SMTP, RTSP, WHOIS, the SSH banner), RST data, DHCP and NTP
//!   strings, syslog messages;
//! * byte strings printed whole as hex or dotted bytes (option data,
//!   identifiers, MACs, digests), in text and in JSON (`json::Hex`);
//! * the flows outputs, which write reassembled stream bytes.
//!
//! The few renderer files the byte-parsing scan must let through are
//! listed, with the reason, in `RENDER_PARSES_ALLOWED` in
//! `tests/layers.rs` (now only the flows table, which reads back its own
//! compact row encoding).

pub mod color;
pub mod flows;
pub mod hex;
pub mod json;
pub mod output;
pub mod parquet;
pub mod text;
pub mod time;
pub mod watch;

pub use color::Palette;
pub use output::Output;
