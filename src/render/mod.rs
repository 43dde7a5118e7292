//! Renderers: decoded records in, bytes out. Text (tcpdump's lines), hex
//! and ASCII dumps, and JSON. Renderers never parse packet bytes; the hex
//! dump is the one place that reads them, to print them.

pub mod color;
pub mod flows;
pub mod hex;
pub mod json;
pub mod output;
pub mod parquet;
pub mod text;
pub mod time;

pub use color::Palette;
pub use output::Output;
