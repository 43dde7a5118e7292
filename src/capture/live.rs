//! Live capture from a network interface.

use pcap::{Active, Capture, Device, Linktype, Precision};

use super::{set_filter, tstamp, Handle, Source, Stopper, TsPrecision};
use crate::decode::LinkType;
use crate::error::{pcap_message, AppError};

/// Live capture settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveOptions {
    /// Bytes captured of each packet, at most [`super::MAX_SNAPLEN`].
    pub snaplen: u32,
    pub promisc: bool,
    /// Deliver packets as they arrive rather than in buffer-sized batches.
    pub immediate: bool,
    /// `-B`: the kernel buffer, in KiB (libpcap's default when `None`).
    pub buffer_kib: Option<u32>,
    /// `-Q`: the direction of the packets captured.
    pub direction: Option<Direction>,
    /// `-y`: the link type to capture with, by libpcap's name (EN10MB).
    pub linktype: Option<String>,
    /// The interface was named (`-i`), not picked by
    /// [`default_interface`]: as tcpdump 4.99, only a named "any" device
    /// captures in Linux cooked v2 (LINUX_SLL2); picked, it keeps
    /// libpcap's Linux cooked v1.
    pub named: bool,
    /// `--time-stamp-precision nano` (or `--nano`): the handle hands out
    /// nanoseconds, and `-w` writes a nanosecond savefile; microseconds
    /// otherwise, as tcpdump.
    pub nano: bool,
    /// `-j`: the time stamp type, by libpcap's number (see
    /// [`time_stamp_type`]).
    pub tstamp_type: Option<i32>,
}

/// `-Q`: which packets a live capture sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Received by the interface.
    In,
    /// Sent by it.
    Out,
    /// Both (libpcap's default).
    InOut,
}

/// Counters libpcap keeps for a live capture.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LiveStats {
    /// Packets received by the filter.
    pub received: u32,
    /// Packets dropped by the kernel for lack of buffer space.
    pub dropped: u32,
}

pub(super) fn open(
    interface: &str,
    opts: LiveOptions,
    filter: Option<&str>,
    stop: &Stopper,
) -> Result<Source, AppError> {
    let open_err = |e: pcap::Error| {
        let message = pcap_message(&e);
        let lower = message.to_ascii_lowercase();
        if lower.contains("permission") || lower.contains("not permitted") {
            AppError::Permission {
                interface: interface.to_string(),
                message,
            }
        } else {
            AppError::Open {
                what: interface.to_string(),
                message,
            }
        }
    };
    let mut inactive = Capture::from_device(interface).map_err(open_err)?;
    if let Some(kib) = opts.buffer_kib {
        let bytes = i32::try_from(u64::from(kib) * 1024).unwrap_or(i32::MAX);
        inactive = inactive.buffer_size(bytes);
    }
    let inactive = inactive
        .snaplen(opts.snaplen as i32)
        .promisc(opts.promisc)
        .immediate_mode(opts.immediate)
        // Wake up regularly so that Ctrl-C is noticed on a quiet link.
        .timeout(100)
        .precision(if opts.nano {
            Precision::Nano
        } else {
            Precision::Micro
        });
    // As tcpdump: a type the device does not offer is a warning (libpcap
    // then uses its default), an error only when libpcap refuses outright.
    let mut warnings = Vec::new();
    if let Some(t) = opts.tstamp_type {
        let status = tstamp::set(&inactive, t);
        if status < 0 {
            return Err(AppError::Pcap {
                context: format!("{interface}: Can't set time stamp type"),
                message: tstamp::status_text(status),
            });
        } else if status > 0 {
            warnings.push(format!(
                "When trying to set timestamp type '{}' on {interface}: {}",
                tstamp::type_name(t).unwrap_or_default(),
                tstamp::status_text(status)
            ));
        }
    }
    // As tcpdump, the warning is printed even when the open then fails.
    let mut cap = inactive
        .open()
        .map_err(|e| AppError::after_warnings(std::mem::take(&mut warnings), open_err(e)))?;
    // As tcpdump 4.99: the "any" device in Linux cooked v2, which names
    // each packet's interface and direction.
    if opts.named && interface.starts_with("any") {
        cap.set_datalink(pcap::Linktype(LinkType::LINUX_SLL2.0))
            .map_err(open_err)?;
    }
    if let Some(name) = &opts.linktype {
        let bad = || AppError::BadValue(format!("invalid data link type {name}"));
        let lt = Linktype::from_name(name).map_err(|_| bad())?;
        cap.set_datalink(lt).map_err(|e| AppError::Pcap {
            context: interface.to_string(),
            message: pcap_message(&e),
        })?;
    }
    if let Some(d) = opts.direction {
        let d = match d {
            Direction::In => pcap::Direction::In,
            Direction::Out => pcap::Direction::Out,
            Direction::InOut => pcap::Direction::InOut,
        };
        cap.direction(d).map_err(|e| AppError::Pcap {
            context: format!("{interface}: can't set the direction"),
            message: pcap_message(&e),
        })?;
    }
    set_filter(&mut cap, filter)?;
    let breakloop = cap.breakloop_handle();
    stop.on_stop(move || breakloop.breakloop());
    let linktype = LinkType(cap.get_datalink().0);
    Ok(Source {
        handle: Handle::Live(cap),
        linktype,
        precision: if opts.nano {
            TsPrecision::Nano
        } else {
            TsPrecision::Micro
        },
        snaplen: opts.snaplen,
        stop: stop.clone(),
        live_header: super::empty_header(),
        live_buf: Vec::new(),
        what: interface.to_string(),
        piped: None,
        warnings,
        records: None,
    })
}

/// `-j NAME`: the time stamp type libpcap knows by that name ("host",
/// "adapter", ...), as tcpdump refuses an unknown one.
pub fn time_stamp_type(name: &str) -> Result<i32, AppError> {
    tstamp::type_by_name(name)
        .ok_or_else(|| AppError::BadValue(format!("invalid time stamp type {name}")))
}

/// `-J`: the time stamp types `interface` offers, as tcpdump lists them
/// (on standard error).
pub fn list_tstamp_types(interface: &str, err: &mut dyn std::io::Write) -> Result<(), AppError> {
    let cap = Capture::from_device(interface).map_err(|e| AppError::Open {
        what: interface.to_string(),
        message: pcap_message(&e),
    })?;
    let types = tstamp::list(&cap).map_err(|message| AppError::Pcap {
        context: interface.to_string(),
        message,
    })?;
    let w = |e| AppError::io("standard error", e);
    if types.is_empty() {
        writeln!(err, "Time stamp type cannot be set for {interface}").map_err(w)?;
        return Ok(());
    }
    writeln!(
        err,
        "Time stamp types for {interface} (use option -j to set):"
    )
    .map_err(w)?;
    for t in types {
        match tstamp::type_name(t) {
            Some(name) => writeln!(
                err,
                "  {name} ({})",
                tstamp::type_description(t).unwrap_or_default()
            )
            .map_err(w)?,
            None => writeln!(err, "  {t}").map_err(w)?,
        }
    }
    Ok(())
}

/// `-L`: the link types `interface` can capture with, as tcpdump lists
/// them (on standard error, as tcpdump does), those netdecode does not
/// decode marked "(printing not supported)".
pub fn list_linktypes(interface: &str, err: &mut dyn std::io::Write) -> Result<(), AppError> {
    let cap: Capture<Active> = Capture::from_device(interface)
        .and_then(|c| c.open())
        .map_err(|e| AppError::Open {
            what: interface.to_string(),
            message: pcap_message(&e),
        })?;
    let list = cap.list_datalinks().map_err(|e| AppError::Pcap {
        context: interface.to_string(),
        message: pcap_message(&e),
    })?;
    let w = |e| AppError::io("standard error", e);
    writeln!(
        err,
        "Data link types for {interface} (use option -y to set):"
    )
    .map_err(w)?;
    for lt in list {
        let unsupported = if LinkType(lt.0).is_decoded() {
            ""
        } else {
            " (printing not supported)"
        };
        match (lt.get_name(), lt.get_description()) {
            (Ok(n), Ok(d)) => writeln!(err, "  {n} ({d}){unsupported}").map_err(w)?,
            _ => writeln!(err, "  DLT {} (printing not supported)", lt.0).map_err(w)?,
        }
    }
    Ok(())
}

/// The interface a live capture uses when none is named: as tcpdump 4.99,
/// the first of libpcap's list (`pcap_findalldevs`, which puts interfaces
/// that are up, running and not loopback first; "any" in a namespace with
/// no such interface).
pub fn default_interface() -> Result<String, AppError> {
    let devices = Device::list().map_err(|e| AppError::Pcap {
        context: "can't list interfaces".into(),
        message: pcap_message(&e),
    })?;
    devices
        .into_iter()
        .next()
        .map(|d| d.name)
        .ok_or_else(|| AppError::NotFound("no interfaces available for capture".into()))
}

/// Lists the interfaces libpcap can capture on, as `tcpdump -D` does.
pub fn list_interfaces(out: &mut dyn std::io::Write) -> Result<(), AppError> {
    let devices = Device::list().map_err(|e| AppError::Pcap {
        context: "can't list interfaces".into(),
        message: pcap_message(&e),
    })?;
    for (n, d) in devices.iter().enumerate() {
        let mut flags = Vec::new();
        if d.flags.is_loopback() {
            flags.push("Loopback");
        }
        if d.flags.is_up() {
            flags.push("Up");
        }
        if d.flags.is_running() {
            flags.push("Running");
        }
        let desc = d
            .desc
            .as_deref()
            .map(|s| format!(" ({s})"))
            .unwrap_or_default();
        let flags = if flags.is_empty() {
            String::new()
        } else {
            format!(" [{}]", flags.join(", "))
        };
        writeln!(out, "{}.{}{}{}", n + 1, d.name, desc, flags)
            .map_err(|e| AppError::io("standard output", e))?;
    }
    Ok(())
}
