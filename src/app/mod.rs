//! The application layer: what a run does, between the command line above
//! and capture, decode, flow and render below. The packet loop
//! ([`packets`]) and the reassembly subcommands ([`flows`]) sit side by
//! side; [`segment`] adapts decoded packets to the reassembly engine.

pub mod config;
pub mod flows;
pub mod packets;
pub mod segment;
pub mod watch;

pub use config::Config;
pub use packets::{open_source, run, stop_on_interrupt, write_live_summary, Summary};
