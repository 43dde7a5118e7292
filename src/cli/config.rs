//! What the arguments mean, decided once after parsing: the run's
//! [`Config`] (output mode, text options, colour, filter expression) and
//! the options of the `flows` and `follow` subcommands.

use std::io::IsTerminal;
use std::net::SocketAddr;

use super::args::{
    Args, ColorChoice, Command, DirectionArg, FlowsArgs, FollowArgs, FollowFormat, LimitArgs,
    Precision,
};
use crate::app::config::{
    Config, Direction, Dump, DumpStyle, Input, LiveOptions, Mode, ParquetOptions, RotateOptions,
    TextOptions, TimeFormat, MAX_SNAPLEN,
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
        let mut files = a.read.clone();
        if let Some(list) = &a.read_list {
            let text = if list.as_os_str() == "-" {
                std::io::read_to_string(std::io::stdin())
            } else {
                std::fs::read_to_string(list)
            }
            .map_err(|e| AppError::io(format!("can't read file list {}", list.display()), e))?;
            files.extend(
                text.lines()
                    .map(str::trim_end)
                    .filter(|l| !l.is_empty())
                    .map(std::path::PathBuf::from),
            );
            if files.is_empty() {
                return Err(AppError::Usage(format!(
                    "the file list {} names no file",
                    list.display()
                )));
            }
        }
        let input = match (files.len(), &a.interface) {
            (1.., Some(_)) => {
                return Err(AppError::Usage("-r and -i cannot be used together".into()))
            }
            (1, None) => Input::File(files.remove(0)),
            (2.., None) => {
                if files.iter().any(|f| f.as_os_str() == "-") {
                    return Err(AppError::Usage(
                        "standard input (-) can only be read alone, not with other files".into(),
                    ));
                }
                if a.write.is_some() {
                    return Err(AppError::Usage(
                        "-w with several input files is not supported".into(),
                    ));
                }
                Input::Files(files)
            }
            (0, Some(i)) => Input::Live(i.clone()),
            // As tcpdump 4.99: neither -r nor -i captures on the first
            // interface libpcap lists.
            (0, None) => Input::Live(crate::app::config::default_interface()?),
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
        let count = a.count.as_deref().map(packet_count).transpose()?;
        let snaplen = match a.snaplen.as_deref().map(snapshot_length).transpose()? {
            None | Some(0) => MAX_SNAPLEN,
            Some(n) => n,
        };
        let rotate = rotate_options(a)?;
        let print =
            (a.print && mode == Mode::Save).then_some(if a.json { Mode::Json } else { Mode::Text });
        // What standard output shows: text decides colour and names.
        let text_out = mode == Mode::Text || print == Some(Mode::Text);
        Ok(Config {
            input,
            filter,
            count,
            mode,
            save_path: a.write.clone(),
            rotate,
            print,
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
            color: color && text_out,
            // tcpdump 4.99: -nn is -n.
            names: a.numeric == 0 && text_out,
            line_buffered: a.line_buffered || stdout_is_tty,
            packet_buffered: a.packet_buffered,
            nano,
            live: LiveOptions {
                snaplen,
                promisc: !a.no_promisc,
                immediate: a.immediate || stdout_is_tty || a.line_buffered,
                buffer_kib: a.buffer_kib,
                direction: a.direction.map(|d| match d {
                    DirectionArg::In => Direction::In,
                    DirectionArg::Out => Direction::Out,
                    DirectionArg::Inout => Direction::InOut,
                }),
                linktype: a.linktype.clone(),
                named: a.interface.is_some(),
                nano,
                tstamp_type: a
                    .tstamp_type
                    .as_deref()
                    .map(crate::app::config::time_stamp_type)
                    .transpose()?,
            },
            community_id_seed: a.community_id_seed,
            parquet_dir: a.parquet.clone(),
            parquet: ParquetOptions {
                max_file_bytes: a.parquet_max_bytes as u64,
                ..ParquetOptions::default()
            },
            count_only: a.count_only,
        })
    }

    /// Whether standard output is a terminal.
    pub fn stdout_is_tty() -> bool {
        std::io::stdout().is_terminal()
    }
}

/// `-C`, `-G`, `-W`, `-z`, checked and refused in tcpdump's words.
fn rotate_options(a: &Args) -> Result<RotateOptions, AppError> {
    let whole = |s: &str| {
        let d = s.strip_prefix('+').unwrap_or(s);
        if !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()) {
            d.parse::<u64>().ok()
        } else {
            None
        }
    };
    let size = match a.file_size.as_deref() {
        None => None,
        Some(s) => {
            let n = whole(s)
                .filter(|&n| n > 0)
                .ok_or_else(|| AppError::BadValue(format!("invalid file size {s}")))?;
            let bytes = n
                .checked_mul(1_000_000)
                .filter(|&b| b <= i64::MAX as u64)
                .ok_or_else(|| AppError::BadValue(format!("file size {s} is too large")))?;
            Some(bytes)
        }
    };
    let seconds = match a.rotate_seconds.as_deref() {
        None => None,
        Some(s) => {
            let n = whole(s)
                .ok_or_else(|| AppError::BadValue(format!("invalid number of seconds {s}")))?;
            // tcpdump: -G 0 is no rotation.
            (n > 0).then_some(n)
        }
    };
    let files = match a.file_count.as_deref() {
        None => None,
        Some(s) => Some(
            whole(s)
                .and_then(|n| u32::try_from(n).ok())
                .filter(|&n| n > 0 && n <= i32::MAX as u32)
                .ok_or_else(|| AppError::BadValue(format!("invalid number of output files {s}")))?,
        ),
    };
    let rotating = size.is_some() || seconds.is_some();
    for (flag, given) in [
        ("-C", size.is_some()),
        ("-G", seconds.is_some()),
        ("-W", files.is_some()),
        ("-z", a.postrotate.is_some()),
        ("--print", a.print),
    ] {
        if given && a.write.is_none() {
            return Err(AppError::Usage(format!("{flag} needs -w FILE")));
        }
    }
    if rotating && a.write.as_deref() == Some(std::path::Path::new("-")) {
        return Err(AppError::Usage(
            "-C and -G need a file name for -w, not standard output".into(),
        ));
    }
    Ok(RotateOptions {
        size,
        seconds,
        files,
        command: a.postrotate.clone(),
    })
}

/// `-c COUNT`: a whole number above 0. tcpdump takes the value with
/// atoi() and refuses what is not above 0 with `invalid packet count X`
/// (exit 1); the same words here, for anything that is not plain digits
/// (where atoi would quietly read "10x" as 10).
fn packet_count(s: &str) -> Result<u64, AppError> {
    let digits = s.strip_prefix('+').unwrap_or(s);
    match digits.parse::<u64>() {
        Ok(n) if n > 0 && digits.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
        _ => Err(AppError::BadValue(format!("invalid packet count {s}"))),
    }
}

/// `-s SNAPLEN`, read as tcpdump reads it (strtol with base 0: a leading
/// 0x is hexadecimal, a leading 0 octal; the whole value must be a number)
/// and refused as tcpdump refuses it, outside 0 to 262144.
fn snapshot_length(s: &str) -> Result<u32, AppError> {
    let bad = || {
        AppError::BadValue(format!(
            "invalid snaplen {s} (must be >= 0 and <= {MAX_SNAPLEN})"
        ))
    };
    let t = s.trim_start();
    let (negative, t) = match t.as_bytes().first() {
        Some(b'-') => (true, t.get(1..).unwrap_or("")),
        Some(b'+') => (false, t.get(1..).unwrap_or("")),
        _ => (false, t),
    };
    let (radix, digits) = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        (16, h)
    } else if t.len() > 1 && t.starts_with('0') {
        (8, t.get(1..).unwrap_or(""))
    } else {
        (10, t)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return Err(bad());
    }
    let n = u64::from_str_radix(digits, radix).map_err(|_| bad())?;
    match u32::try_from(n) {
        Ok(n) if !negative || n == 0 => {
            if n <= MAX_SNAPLEN {
                Ok(n)
            } else {
                Err(bad())
            }
        }
        _ => Err(bad()),
    }
}

/// The reassembly subcommand the arguments ask for.
pub fn flow_command(cmd: &Command) -> Result<FlowCommand, AppError> {
    Ok(match cmd {
        Command::Flows(a) => FlowCommand::Flows(flows_options(a)),
        Command::Follow(a) => FlowCommand::Follow(follow_options(a)?),
        Command::Dhcp(_) | Command::Neighbors(_) => {
            return Err(AppError::Usage(
                "not a reassembly subcommand (see cli::watch_command)".into(),
            ))
        }
    })
}

/// The engine's limits from the command line.
fn limits(a: &LimitArgs) -> Limits {
    Limits {
        max_conn_buffered: a.max_per_flow,
        max_total_buffered: a.max_total,
        retain_per_direction: a.retain,
        max_state: a.max_state,
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

/// Two connection ends, `ADDR:PORT` each (`[ADDR]:PORT` for IPv6), as two
/// words or one with a comma between them; `None` when the words are not
/// exactly that.
fn two_ends(words: &[String]) -> Option<(SocketAddr, SocketAddr)> {
    let joined = words.join(",");
    let mut it = joined
        .split(',')
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(str::parse::<SocketAddr>);
    match (it.next(), it.next(), it.next()) {
        (Some(Ok(a)), Some(Ok(b)), None) => Some((a, b)),
        _ => None,
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
    // `ID [FILTER]`: the connection's ID in `flows FILTER`; two ends
    // (`ADDR:PORT ADDR:PORT` or tshark's `ADDR:PORT,ADDR:PORT`, an IPv6
    // address in brackets): the first connection between them; else a
    // filter that picks the connection of the first TCP packet it accepts.
    let target = match (first.trim().parse::<u64>(), two_ends(&a.stream)) {
        (Ok(id), _) => FollowTarget::Id {
            id,
            filter: join_filter(rest),
        },
        (_, Some((x, y))) => FollowTarget::Between(x, y),
        _ => FollowTarget::FirstMatch(join_filter(&a.stream).ok_or_else(no_stream)?),
    };
    Ok(FollowOptions {
        read: a.read.clone(),
        style,
        limits: limits(&a.limits),
        target,
    })
}
