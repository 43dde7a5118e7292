//! The command line: clap arguments ([`args`]) and the configuration
//! derived from them once parsing is done ([`config`]).

pub mod args;
pub mod config;

pub use args::Args;
pub use config::Config;
