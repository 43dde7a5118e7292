//! Live capture from a network interface.

use pcap::{Capture, Device, Precision};

use super::{set_filter, Handle, Source, Stopper, TsPrecision};
use crate::decode::LinkType;
use crate::error::{pcap_message, AppError};

/// Live capture settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LiveOptions {
    /// Bytes captured of each packet, at most [`super::MAX_SNAPLEN`].
    pub snaplen: u32,
    pub promisc: bool,
    /// Deliver packets as they arrive rather than in buffer-sized batches.
    pub immediate: bool,
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
    let inactive = Capture::from_device(interface).map_err(open_err)?;
    let mut cap = inactive
        .snaplen(opts.snaplen as i32)
        .promisc(opts.promisc)
        .immediate_mode(opts.immediate)
        // Wake up regularly so that Ctrl-C is noticed on a quiet link.
        .timeout(100)
        .precision(Precision::Nano)
        .open()
        .map_err(open_err)?;
    set_filter(&mut cap, filter)?;
    let breakloop = cap.breakloop_handle();
    stop.on_stop(move || breakloop.breakloop());
    let linktype = LinkType(cap.get_datalink().0);
    Ok(Source {
        handle: Handle::Live(cap),
        linktype,
        precision: TsPrecision::Nano,
        snaplen: opts.snaplen,
        stop: stop.clone(),
        live_header: super::empty_header(),
        live_buf: Vec::new(),
        what: interface.to_string(),
        piped: None,
    })
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
