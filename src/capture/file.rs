//! Capture files and standard input.

use std::io::Read;
use std::path::Path;

use pcap::{Capture, Precision};

use super::MAX_SNAPLEN;
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
    let (precision, snaplen) = if path == Path::new("-") {
        (TsPrecision::Micro, MAX_SNAPLEN)
    } else {
        sniff_header(path)
    };
    Ok(Source {
        handle: Handle::File(cap),
        linktype,
        precision,
        snaplen,
        stop: super::Stopper::new(None),
        live_header: super::empty_header(),
        live_buf: Vec::new(),
        what,
    })
}

/// The precision and snapshot length a capture file records, read from its
/// header: the pcap magic number and snaplen field, or pcapng's first
/// interface's `if_tsresol` option and snaplen. libpcap converts time
/// stamps but does not say what the file held. A snapshot length of 0
/// (unlimited) or one that cannot be read is reported as [`MAX_SNAPLEN`].
fn sniff_header(path: &Path) -> (TsPrecision, u32) {
    let mut head = [0u8; 4096];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    let head = head.get(..n).unwrap_or(&[]);
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
    let (precision, snaplen) = match head.get(..4) {
        Some([0x4d, 0x3c, 0xb2, 0xa1]) => (TsPrecision::Nano, pcap_snaplen(true)),
        Some([0xa1, 0xb2, 0x3c, 0x4d]) => (TsPrecision::Nano, pcap_snaplen(false)),
        Some([0xd4, 0xc3, 0xb2, 0xa1]) => (TsPrecision::Micro, pcap_snaplen(true)),
        Some([0xa1, 0xb2, 0xc3, 0xd4]) => (TsPrecision::Micro, pcap_snaplen(false)),
        Some([0x0a, 0x0d, 0x0d, 0x0a]) => pcapng_header(head),
        _ => (TsPrecision::Micro, 0),
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
