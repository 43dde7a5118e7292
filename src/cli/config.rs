//! What the arguments mean, decided once after parsing: the run's
//! [`Config`] (output mode, text options, colour, filter expression) and
//! the options of the `flows` and `follow` subcommands.

use std::io::IsTerminal;

use super::args::{
    Args, ColorChoice, Command, FlowsArgs, FollowArgs, FollowFormat, LimitArgs, Precision,
};
use crate::app::config::{
    Config, Dump, DumpStyle, Input, LiveOptions, Mode, ParquetOptions, TextOptions, TimeFormat,
    MAX_SNAPLEN,
};
use crate::app::flows::{
    FlowCommand, FlowsOptions, FollowOptions, FollowStyle, FollowTarget, Limits, WriteOptions,
};
use crate::error::AppError;

// `Config` is app's type; building it from the arguments is the command
// line's business, so the constructor lives here.
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
        } else if a.parquet.is_some() {
            Mode::Parquet
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
            community_id_seed: a.community_id_seed,
            parquet_dir: a.parquet.clone(),
            parquet: ParquetOptions {
                max_file_bytes: a.parquet_max_bytes as u64,
                ..ParquetOptions::default()
            },
        })
    }

    /// Whether standard output is a terminal.
    pub fn stdout_is_tty() -> bool {
        std::io::stdout().is_terminal()
    }
}

/// The reassembly subcommand the arguments ask for.
pub fn flow_command(cmd: &Command) -> Result<FlowCommand, AppError> {
    Ok(match cmd {
        Command::Flows(a) => FlowCommand::Flows(flows_options(a)),
        Command::Follow(a) => FlowCommand::Follow(follow_options(a)?),
    })
}

/// The engine's limits from the command line.
fn limits(a: &LimitArgs) -> Limits {
    Limits {
        max_conn_buffered: a.max_per_flow,
        max_total_buffered: a.max_total,
        retain_per_direction: a.retain,
    }
}

/// Filter words as one expression; none if they are blank.
fn join_filter(words: &[String]) -> Option<String> {
    let f = words.join(" ");
    (!f.trim().is_empty()).then_some(f)
}

fn flows_options(a: &FlowsArgs) -> FlowsOptions {
    let write = a.write.as_ref().map(|dir| {
        let opts = WriteOptions {
            fill_gaps: a.fill_gaps,
            max_open_files: usize::try_from(a.max_open_files).unwrap_or(usize::MAX),
            community_id_seed: a.community_id_seed,
        };
        (dir.clone(), opts)
    });
    FlowsOptions {
        read: a.read.clone(),
        filter: join_filter(&a.expression),
        json: a.json,
        write,
        limits: limits(&a.limits),
        community_id_seed: a.community_id_seed,
        parquet: a.parquet.clone().map(|dir| {
            (
                dir,
                ParquetOptions {
                    max_file_bytes: a.parquet_max_bytes as u64,
                    ..ParquetOptions::default()
                },
            )
        }),
    }
}

fn follow_options(a: &FollowArgs) -> Result<FollowOptions, AppError> {
    let style = match a.format {
        FollowFormat::Ascii => FollowStyle::Ascii,
        FollowFormat::Hex => FollowStyle::Hex,
        FollowFormat::Raw => FollowStyle::Raw,
    };
    let no_stream =
        || AppError::Usage("follow: give a connection ID or a filter expression".into());
    let (first, rest) = a.stream.split_first().ok_or_else(no_stream)?;
    // `ID [FILTER]`: the connection's ID in `flows FILTER`; else a filter
    // that picks the connection of the first TCP packet it accepts.
    let target = match first.trim().parse::<u64>() {
        Ok(id) => FollowTarget::Id {
            id,
            filter: join_filter(rest),
        },
        Err(_) => FollowTarget::FirstMatch(join_filter(&a.stream).ok_or_else(no_stream)?),
    };
    Ok(FollowOptions {
        read: a.read.clone(),
        style,
        limits: limits(&a.limits),
        target,
    })
}
