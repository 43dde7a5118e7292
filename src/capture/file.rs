//! Capture files and standard input.

use std::io::Read;
use std::path::Path;

use pcap::{Capture, Precision};

use super::MAX_SNAPLEN;
use super::{pcapfile, pipe, set_filter, Handle, Source, Stopper, TsPrecision};
use crate::decode::LinkType;
use crate::error::{pcap_message, AppError};

pub(super) fn open(path: &Path, filter: Option<&str>, stop: &Stopper) -> Result<Source, AppError> {
    let what = path.display().to_string();
    let open_err = |message: String| AppError::Open {
        what: what.clone(),
        message,
    };
    // A pipe (standard input, a FIFO) is read through a copy that a stop
    // can close; a regular file directly.
    let input = if path == Path::new("-") {
        Some(pipe::Input::Stdin)
    } else {
        match std::fs::metadata(path) {
            Ok(m) if !m.is_file() && !m.is_dir() => Some(pipe::Input::Path(path.to_path_buf())),
            _ => None,
        }
    };
    let proxy = match input {
        Some(input) => {
            Some(pipe::Proxy::start(input, stop).map_err(|e| AppError::io(what.clone(), e))?)
        }
        None => None,
    };
    let pcap_path = proxy
        .as_ref()
        .map_or_else(|| path.to_path_buf(), pipe::Proxy::path);
    // Open with nanosecond precision so that nothing the file holds is
    // lost, and scale when printing.
    let opened = Capture::from_file_with_precision(&pcap_path, Precision::Nano);
    let piped = proxy.map(pipe::Proxy::into_status);
    let mut cap = match opened {
        Ok(c) => c,
        // Stopped before the header came: nothing was read.
        Err(_) if stop.is_stopped() => return Err(interrupted(&what, stop)),
        Err(e) => {
            if let Some(io) = piped.as_ref().and_then(pipe::ProxyStatus::take_error) {
                return Err(AppError::io(what.clone(), io));
            }
            return Err(open_err(pcap_message(&e)));
        }
    };
    set_filter(&mut cap, filter)?;
    let linktype = LinkType(cap.get_datalink().0);
    let (precision, snaplen) = match &piped {
        // libpcap has read the header (through the first interface, for
        // pcapng) before its open returns, so the copy has seen it.
        Some(p) => sniff_bytes(&p.head()),
        None => sniff_header(path),
    };
    // A regular file in the classic format: its records are read here.
    let mut records = match &piped {
        None => pcapfile::Records::open(path, linktype.0),
        Some(_) => None,
    };
    if let (Some(r), Some(f)) = (records.as_mut(), filter) {
        let program = cap.compile(f, true).map_err(|e| AppError::Filter {
            message: pcap_message(&e),
        })?;
        r.set_filter(program);
    }
    Ok(Source {
        handle: Handle::File(cap),
        linktype,
        precision,
        snaplen,
        stop: stop.clone(),
        live_header: super::empty_header(),
        live_buf: Vec::new(),
        what,
        piped,
        warnings: Vec::new(),
        records,
    })
}

/// The error for a stop that came before the end of the input.
pub(super) fn interrupted(what: &str, stop: &Stopper) -> AppError {
    AppError::Interrupted {
        what: what.to_string(),
        signal: stop.signal(),
    }
}

/// The precision and snapshot length a capture file records, read from its
/// header: the pcap magic number and snaplen field, or pcapng's first
/// interface's `if_tsresol` option and snaplen. libpcap converts time
/// stamps but does not say what the file held. A snapshot length of 0
/// (unlimited) or one that cannot be read is reported as [`MAX_SNAPLEN`].
fn sniff_header(path: &Path) -> (TsPrecision, u32) {
    let mut head = Vec::new();
    let _ = std::fs::File::open(path)
        .and_then(|f| f.take(pipe::HEAD_MAX as u64).read_to_end(&mut head));
    sniff_bytes(&head)
}

/// [`sniff_header`] of the first bytes of a capture.
fn sniff_bytes(head: &[u8]) -> (TsPrecision, u32) {
    let pcap_snaplen = |le: bool| -> u32 {
        let b: Option<[u8; 4]> = head.get(16..20).and_then(|b| b.try_into().ok());
        b.map(|b| {
            if le {
                u32::from_le_bytes(b)
            } else {
                u32::from_be_bytes(b)
            }
        })
        .unwrap_or(0)
    };
    let (precision, snaplen) = match pcapfile::classic_magic(head) {
        Some((le, true)) => (TsPrecision::Nano, pcap_snaplen(le)),
        Some((le, false)) => (TsPrecision::Micro, pcap_snaplen(le)),
        None if head.starts_with(&[0x0a, 0x0d, 0x0d, 0x0a]) => pcapng_header(head),
        None => (TsPrecision::Micro, 0),
    };
    let snaplen = if snaplen == 0 { MAX_SNAPLEN } else { snaplen };
    (precision, snaplen)
}

fn pcapng_header(head: &[u8]) -> (TsPrecision, u32) {
    let be = matches!(head.get(8..12), Some([0x1a, 0x2b, 0x3c, 0x4d]));
    let u32_at = |off: usize| -> Option<u32> {
        let b: [u8; 4] = head.get(off..off + 4)?.try_into().ok()?;
        Some(if be {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    };
    let u16_at = |off: usize| -> Option<u16> {
        let b: [u8; 2] = head.get(off..off + 2)?.try_into().ok()?;
        Some(if be {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        })
    };
    // Walk blocks to the first Interface Description Block (type 1).
    let mut off = 0usize;
    while let (Some(btype), Some(blen)) = (u32_at(off), u32_at(off + 4)) {
        let blen = blen as usize;
        if blen < 12 {
            break;
        }
        if btype == 1 {
            // IDB: type, length, linktype(2), reserved(2), snaplen(4), options.
            let snaplen = u32_at(off + 12).unwrap_or(0);
            let end = off + blen - 4;
            let mut o = off + 16;
            while let (Some(code), Some(len)) = (u16_at(o), u16_at(o + 2)) {
                if code == 0 || o + 4 > end {
                    break;
                }
                if code == 9 {
                    let v = head.get(o + 4).copied().unwrap_or(6);
                    let nano = if v & 0x80 != 0 {
                        v & 0x7f >= 30
                    } else {
                        v >= 9
                    };
                    let precision = if nano {
                        TsPrecision::Nano
                    } else {
                        TsPrecision::Micro
                    };
                    return (precision, snaplen);
                }
                o += 4 + usize::from(len).div_ceil(4) * 4;
            }
            return (TsPrecision::Micro, snaplen);
        }
        off += blen;
    }
    (TsPrecision::Micro, 0)
}
