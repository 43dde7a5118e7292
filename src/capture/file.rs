//! Capture files and standard input.

use std::io::Read;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use pcap::{Capture, Precision};

use super::{set_filter, Handle, Source, TsPrecision};
use crate::decode::LinkType;
use crate::error::{pcap_message, AppError};

pub(super) fn open(path: &Path, filter: Option<&str>) -> Result<Source, AppError> {
    let what = path.display().to_string();
    // libpcap reads standard input for "-"; open with nanosecond precision
    // so that nothing the file holds is lost, and scale when printing.
    let mut cap =
        Capture::from_file_with_precision(path, Precision::Nano).map_err(|e| AppError::Open {
            what: what.clone(),
            message: pcap_message(&e),
        })?;
    set_filter(&mut cap, filter)?;
    let linktype = LinkType(cap.get_datalink().0);
    let precision = if path == Path::new("-") {
        TsPrecision::Micro
    } else {
        sniff_precision(path)
    };
    Ok(Source {
        handle: Handle::File(cap),
        linktype,
        precision,
        stop: Arc::new(AtomicBool::new(false)),
        live_header: super::empty_header(),
        live_buf: Vec::new(),
        what,
    })
}

/// The precision a capture file records, read from its header: the pcap
/// magic number, or pcapng's first interface's `if_tsresol` option.
/// libpcap converts time stamps but does not say what the file held.
fn sniff_precision(path: &Path) -> TsPrecision {
    let mut head = [0u8; 4096];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    let head = head.get(..n).unwrap_or(&[]);
    match head.get(..4) {
        Some([0x4d, 0x3c, 0xb2, 0xa1]) | Some([0xa1, 0xb2, 0x3c, 0x4d]) => TsPrecision::Nano,
        Some([0x0a, 0x0d, 0x0d, 0x0a]) => pcapng_precision(head),
        _ => TsPrecision::Micro,
    }
}

fn pcapng_precision(head: &[u8]) -> TsPrecision {
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
                    return if nano {
                        TsPrecision::Nano
                    } else {
                        TsPrecision::Micro
                    };
                }
                o += 4 + usize::from(len).div_ceil(4) * 4;
            }
            return TsPrecision::Micro;
        }
        off += blen;
    }
    TsPrecision::Micro
}
