//! The application layer: what a run does, between the command line above
//! and capture, decode, flow and render below. The packet loop
//! ([`packets`]) and the reassembly subcommands ([`flows`]) sit side by
//! side; [`segment`] adapts decoded packets to the reassembly engine.

pub mod config;
pub mod file_threads;
pub mod flows;
pub mod inputs;
pub mod packets;
pub mod parallel;
pub mod privileges;
pub mod segment;
pub mod signals;
pub mod watch;

pub use config::Config;
pub use packets::{interruption, open_savefile, open_source, run, write_live_summary, Summary};
pub use signals::catch_signals;
