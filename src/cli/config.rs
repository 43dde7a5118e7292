//! What the arguments mean, decided once after parsing: the output mode,
//! the text options, colour, the filter expression.

use std::io::IsTerminal;
use std::path::PathBuf;

use super::args::{Args, ColorChoice, Precision};
use crate::error::AppError;
use crate::render::hex::DumpStyle;
use crate::render::text::{TextOptions, TimeFormat};

/// libpcap's maximum snapshot length, tcpdump's default and the meaning of
/// `-s 0`.
pub const MAX_SNAPLEN: u32 = 262_144;

/// Where packets come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Live(String),
}

/// What is done with each packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Text,
    Json,
    /// `-w`: raw packets written to a savefile, nothing decoded.
    Save,
}

/// Live capture settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LiveOptions {
    pub snaplen: u32,
    pub promisc: bool,
    /// Deliver packets as they arrive rather than in buffer-sized batches.
    pub immediate: bool,
}

/// The hex/ASCII dump requested, and whether it includes the link header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dump {
    pub style: DumpStyle,
    pub with_link_header: bool,
}

/// Everything a run needs, derived from [`Args`].
#[derive(Clone, Debug)]
pub struct Config {
    pub input: Input,
    pub filter: Option<String>,
    pub count: Option<u64>,
    pub mode: Mode,
    pub save_path: Option<PathBuf>,
    pub text: TextOptions,
    pub dump: Option<Dump>,
    pub color: bool,
    /// No -n: host, port and MAC names in text output.
    pub names: bool,
    pub line_buffered: bool,
    pub packet_buffered: bool,
    pub nano: bool,
    pub live: LiveOptions,
}

impl Config {
    /// Builds the configuration. `stdout_is_tty` is passed in so that tests
    /// can decide it.
    pub fn from_args(a: &Args, stdout_is_tty: bool) -> Result<Config, AppError> {
        let input = match (&a.read, &a.interface) {
            (Some(_), Some(_)) => {
                return Err(AppError::Usage("-r and -i cannot be used together".into()))
            }
            (Some(f), None) => Input::File(f.clone()),
            (None, Some(i)) => Input::Live(i.clone()),
            (None, None) => {
                return Err(AppError::Usage(
                    "no input: give -r FILE or -i INTERFACE (see --help)".into(),
                ))
            }
        };
        let filter = match &a.filter_file {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| AppError::Io {
                    context: format!("can't read filter file {}", path.display()),
                    source: e,
                })?;
                // tcpdump strips '#' comments from filter files.
                let joined: Vec<&str> = text
                    .lines()
                    .map(|l| l.split('#').next().unwrap_or(""))
                    .collect();
                Some(joined.join(" "))
            }
            None if a.expression.is_empty() => None,
            None => Some(a.expression.join(" ")),
        };
        let filter = filter.filter(|f| !f.trim().is_empty());
        let mode = if a.write.is_some() {
            Mode::Save
        } else if a.json {
            Mode::Json
        } else {
            Mode::Text
        };
        let time = match a.time {
            0 => TimeFormat::Local,
            1 => TimeFormat::None,
            2 => TimeFormat::Epoch,
            3 => TimeFormat::DeltaPrevious,
            4 => TimeFormat::Date,
            _ => TimeFormat::DeltaFirst,
        };
        let nano = a.nano || a.precision == Some(Precision::Nano);
        // tcpdump's precedence: -X over -x, and -A after both.
        let dump = if a.hex_ascii > 0 {
            Some(Dump {
                style: DumpStyle::HexAscii,
                with_link_header: a.hex_ascii > 1,
            })
        } else if a.hex > 0 {
            Some(Dump {
                style: DumpStyle::Hex,
                with_link_header: a.hex > 1,
            })
        } else if a.ascii > 0 {
            Some(Dump {
                style: DumpStyle::Ascii,
                with_link_header: a.ascii > 1,
            })
        } else {
            None
        };
        let color = match a.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                stdout_is_tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        let snaplen = match a.snaplen {
            None | Some(0) => MAX_SNAPLEN,
            Some(n) => n.min(MAX_SNAPLEN),
        };
        Ok(Config {
            input,
            filter,
            count: a.count,
            mode,
            save_path: a.write.clone(),
            text: TextOptions {
                verbose: a.verbose,
                link_header: a.link_header,
                quiet: a.quiet > 0,
                time,
                number: a.number,
                absolute_seq: a.absolute_seq,
                verify_checksums: !a.no_checksum,
                nano,
                // tcpdump: -q, -x and -X (not -A) turn off the default hex dump of
                // payloads it cannot decode.
                suppress_default_print: a.quiet > 0 || a.hex > 0 || a.hex_ascii > 0,
            },
            dump,
            color: color && mode == Mode::Text,
            // tcpdump 4.99: -nn is -n.
            names: a.numeric == 0 && mode == Mode::Text,
            line_buffered: a.line_buffered || stdout_is_tty,
            packet_buffered: a.packet_buffered,
            nano,
            live: LiveOptions {
                snaplen,
                promisc: !a.no_promisc,
                immediate: stdout_is_tty || a.line_buffered,
            },
        })
    }

    /// Whether standard output is a terminal.
    pub fn stdout_is_tty() -> bool {
        std::io::stdout().is_terminal()
    }
}
