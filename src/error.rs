//! Errors that end a run, each printed as one line by `main`.

use std::fmt;

/// An error that ends the run.
#[derive(Debug)]
pub enum AppError {
    /// Bad combination of arguments.
    Usage(String),
    /// An option's value that tcpdump refuses with exit status 1 (e.g.
    /// `invalid packet count -1`): the same words, the same status.
    BadValue(String),
    /// What the arguments ask for is not in the input (e.g. a connection
    /// that `follow` cannot find).
    NotFound(String),
    /// Reading or writing a file or stream.
    Io {
        context: String,
        source: std::io::Error,
    },
    /// libpcap refused to open the capture source.
    Open { what: String, message: String },
    /// `-Z USER`: the user is unknown, or giving up root failed.
    Privileges(String),
    /// No permission to capture on the interface.
    Permission { interface: String, message: String },
    /// The capture's link type is one libpcap does not know (it cannot
    /// even compile an empty filter for it): tcpdump refuses it too.
    LinkType { message: String },
    /// libpcap could not compile the filter expression.
    Filter { message: String },
    /// The capture file is damaged or ends in the middle of a packet.
    Corrupt { message: String },
    /// A signal stopped the reading of a pipe before its end. The run
    /// writes what it had read first; the status is tcpdump's (1), whose
    /// read of a pipe a signal interrupts with an error.
    Interrupted { what: String, signal: Option<i32> },
    /// Any other libpcap error.
    Pcap { context: String, message: String },
    /// An error that came after warnings (tcpdump's "WARNING:" lines, e.g.
    /// a `-j` time stamp type the device does not offer, then a failed
    /// open): `main` prints the warnings first, then the error.
    Warned {
        warnings: Vec<String>,
        error: Box<AppError>,
    },
}

impl AppError {
    /// The process exit status for this error: 2 for a usage error, as
    /// clap exits for the ones it finds; 1 for everything else, as tcpdump.
    pub fn exit_code(&self) -> u8 {
        match self {
            AppError::Usage(_) => 2,
            AppError::Warned { error, .. } => error.exit_code(),
            _ => 1,
        }
    }

    /// True when the error is a closed pipe on output, which ends the run
    /// quietly and successfully (as `netdecode | head` expects).
    pub fn is_broken_pipe(&self) -> bool {
        match self {
            AppError::Io { source, .. } => source.kind() == std::io::ErrorKind::BrokenPipe,
            AppError::Warned { error, .. } => error.is_broken_pipe(),
            _ => false,
        }
    }

    /// `error`, preceded by `warnings` when there are any.
    pub fn after_warnings(warnings: Vec<String>, error: AppError) -> AppError {
        if warnings.is_empty() {
            error
        } else {
            AppError::Warned {
                warnings,
                error: Box::new(error),
            }
        }
    }

    /// The warnings to print before this error (see [`AppError::Warned`]).
    pub fn warnings(&self) -> &[String] {
        match self {
            AppError::Warned { warnings, .. } => warnings,
            _ => &[],
        }
    }

    pub fn io(context: impl Into<String>, source: std::io::Error) -> AppError {
        AppError::Io {
            context: context.into(),
            source,
        }
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::Usage(m)
            | AppError::BadValue(m)
            | AppError::NotFound(m)
            | AppError::Privileges(m) => {
                write!(f, "{m}")
            }
            AppError::Io { context, source } => write!(f, "{context}: {source}"),
            AppError::Open { what, message } => {
                // libpcap often names the file itself.
                if message.starts_with(what.as_str()) {
                    write!(f, "{message}")
                } else {
                    write!(f, "{what}: {message}")
                }
            }
            AppError::Permission { interface, message } => write!(
                f,
                "{interface}: {message} (run as root, or grant the capability: \
                 setcap cap_net_raw,cap_net_admin=eip $(command -v netdecode))"
            ),
            AppError::LinkType { message } => write!(f, "{message}"),
            AppError::Filter { message } => write!(f, "bad filter expression: {message}"),
            AppError::Corrupt { message } => write!(f, "capture file damaged: {message}"),
            AppError::Pcap { context, message } => write!(f, "{context}: {message}"),
            AppError::Warned { error, .. } => error.fmt(f),
            AppError::Interrupted { what, signal } => {
                let what = if what == "-" { "standard input" } else { what };
                match signal {
                    Some(n) => write!(
                        f,
                        "{what}: reading interrupted by {} before the end of the input",
                        signal_name(*n)
                    ),
                    None => write!(f, "{what}: reading interrupted before the end of the input"),
                }
            }
        }
    }
}

impl std::error::Error for AppError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AppError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The name of a signal netdecode handles (SIGINT, SIGTERM, SIGHUP), or
/// "signal N".
pub fn signal_name(n: i32) -> String {
    match n {
        libc::SIGINT => "SIGINT".into(),
        libc::SIGTERM => "SIGTERM".into(),
        libc::SIGHUP => "SIGHUP".into(),
        libc::SIGPIPE => "SIGPIPE".into(),
        n => format!("signal {n}"),
    }
}

/// One line of text from a libpcap error (its messages never end in a
/// newline, but be sure).
pub fn pcap_message(e: &pcap::Error) -> String {
    let s = match e {
        pcap::Error::PcapError(m) => m.clone(),
        other => other.to_string(),
    };
    s.lines().collect::<Vec<_>>().join(" ")
}
