//! What one run of the packet loop is asked to do ([`Config`]), and the
//! option types of the layers it drives, re-exported so that the command
//! line builds a run by talking to `app` alone.

use std::path::PathBuf;

pub use crate::capture::{
    default_interface, time_stamp_type, Direction, LiveOptions, RotateOptions, MAX_SNAPLEN,
};
pub use crate::render::hex::DumpStyle;
pub use crate::render::parquet::ParquetOptions;
pub use crate::render::text::{TextOptions, TimeFormat};

/// Where packets come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    /// Several capture files, read in this order (see [`super::inputs`]).
    Files(Vec<PathBuf>),
    Live(String),
}

/// What is done with each packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Text,
    Json,
    /// `-w`: raw packets written to a savefile, nothing decoded.
    Save,
    /// `--parquet DIR`: rows of Parquet files.
    Parquet,
}

/// The hex/ASCII dump requested, and whether it includes the link header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dump {
    pub style: DumpStyle,
    pub with_link_header: bool,
}

/// Everything a run of the packet loop needs (built by `cli::config` from
/// the arguments).
#[derive(Clone, Debug)]
pub struct Config {
    pub input: Input,
    pub filter: Option<String>,
    pub count: Option<u64>,
    pub mode: Mode,
    pub save_path: Option<PathBuf>,
    /// `-C`, `-G`, `-W`, `-z`: how the savefiles rotate.
    pub rotate: RotateOptions,
    /// `--print` with `-w`: packets are also decoded to standard output,
    /// as this mode (text or JSON) says.
    pub print: Option<Mode>,
    pub text: TextOptions,
    pub dump: Option<Dump>,
    pub color: bool,
    /// No -n: host, port and MAC names in text output.
    pub names: bool,
    pub line_buffered: bool,
    pub packet_buffered: bool,
    pub nano: bool,
    pub live: LiveOptions,
    /// The seed of Community IDs (0 unless asked otherwise).
    pub community_id_seed: u16,
    /// `--parquet DIR` and how its files are cut.
    pub parquet_dir: Option<PathBuf>,
    pub parquet: ParquetOptions,
    /// `--count`: print only the number of packets.
    pub count_only: bool,
}
