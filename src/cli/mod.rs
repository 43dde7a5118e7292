//! The command line: clap arguments ([`args`]), turned once parsing is done
//! into the options of the layer below ([`config`]): an [`crate::app::Config`]
//! for the packet loop, a [`crate::app::flows::FlowCommand`] for `flows`
//! and `follow`. Nothing below this layer sees a clap type.

pub mod args;
pub mod config;
pub mod watch;
pub mod watch_args;

pub use args::Args;
pub use config::flow_command;
pub use watch::watch_command;
