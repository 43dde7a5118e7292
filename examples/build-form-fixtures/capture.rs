//! Capture file writers: classic pcap (microsecond or nanosecond magic,
//! little-endian) and pcapng, both written field by field with fixed time
//! stamps so that the output is the same on every run.

use std::error::Error;
use std::fs;
use std::path::Path;

pub type Result<T> = std::result::Result<T, Box<dyn Error>>;

pub const LINKTYPE_NULL: u32 = 0;
pub const LINKTYPE_ETHERNET: u32 = 1;
pub const LINKTYPE_ATM_RFC1483: u32 = 100;
pub const LINKTYPE_RAW: u32 = 101;
pub const LINKTYPE_LOOP: u32 = 108;
pub const LINKTYPE_LINUX_SLL: u32 = 113;
pub const LINKTYPE_IPV4: u32 = 228;
pub const LINKTYPE_IPV6: u32 = 229;
pub const LINKTYPE_LINUX_SLL2: u32 = 276;

/// 2025-02-01T00:00:00Z: the first record's time stamp in every file.
pub const BASE_TS_SEC: u32 = 1_738_368_000;

const SNAPLEN: u32 = 262_144;

/// One record of a capture file.
pub struct Frame {
    /// What the frame is and, for a broken one, what is wrong with it.
    pub note: String,
    /// The captured bytes.
    pub data: Vec<u8>,
    /// Length on the wire (more than `data.len()` when a snapshot length
    /// cut the frame).
    pub wire_len: usize,
    /// A time stamp (seconds, nanoseconds) other than the record's
    /// default one (see `timestamp`).
    pub ts: Option<(u32, u32)>,
}

impl Frame {
    pub fn new(note: impl Into<String>, data: Vec<u8>) -> Frame {
        let wire_len = data.len();
        Frame {
            note: note.into(),
            data,
            wire_len,
            ts: None,
        }
    }

    /// The same frame with its own time stamp.
    pub fn at(mut self, secs: u32, nanos: u32) -> Frame {
        self.ts = Some((secs, nanos));
        self
    }

    /// A record whose header claims `wire_len` bytes on the wire, whatever
    /// that is (even less than what was captured: a broken record header).
    pub fn claiming(note: impl Into<String>, data: Vec<u8>, wire_len: usize) -> Frame {
        Frame {
            note: note.into(),
            data,
            wire_len,
            ts: None,
        }
    }

    /// The frame as a capture with snapshot length `snaplen` records it.
    pub fn snapped(note: impl Into<String>, mut data: Vec<u8>, snaplen: usize) -> Frame {
        let wire_len = data.len();
        data.truncate(snaplen);
        Frame {
            note: note.into(),
            data,
            wire_len,
            ts: None,
        }
    }
}

/// Time stamp resolution of a classic pcap file.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    Micro,
    Nano,
}

/// Record `i`'s time stamp: one record a second after `BASE_TS_SEC`, with a
/// fraction that varies so that every digit of the printed time is used.
/// Returns (seconds, nanoseconds).
pub fn timestamp(i: usize) -> (u32, u32) {
    let i = i as u64;
    let secs = BASE_TS_SEC + i as u32;
    let nanos = ((i * 123_456_789 + 987_654_321) % 1_000_000_000) as u32;
    (secs, nanos)
}

fn log(path: &Path, frames: &[Frame]) {
    println!("{}:", path.display());
    for (i, f) in frames.iter().enumerate() {
        println!(
            "  {:3} {:5}/{:<5} {}",
            i + 1,
            f.data.len(),
            f.wire_len,
            f.note
        );
    }
}

/// Writes a classic pcap file: 24-byte global header, then a 16-byte header
/// per record, all little-endian.
pub fn write_pcap(path: &Path, linktype: u32, res: Resolution, frames: &[Frame]) -> Result<()> {
    let magic: u32 = match res {
        Resolution::Micro => 0xa1b2_c3d4,
        Resolution::Nano => 0xa1b2_3c4d,
    };
    let mut out = Vec::new();
    out.extend_from_slice(&magic.to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes()); // version major
    out.extend_from_slice(&4u16.to_le_bytes()); // version minor
    out.extend_from_slice(&0i32.to_le_bytes()); // thiszone
    out.extend_from_slice(&0u32.to_le_bytes()); // sigfigs
    out.extend_from_slice(&SNAPLEN.to_le_bytes());
    out.extend_from_slice(&linktype.to_le_bytes());
    for (i, f) in frames.iter().enumerate() {
        let (secs, nanos) = f.ts.unwrap_or_else(|| timestamp(i));
        let frac = match res {
            Resolution::Micro => nanos / 1000,
            Resolution::Nano => nanos,
        };
        out.extend_from_slice(&secs.to_le_bytes());
        out.extend_from_slice(&frac.to_le_bytes());
        out.extend_from_slice(&u32::try_from(f.data.len())?.to_le_bytes()); // incl_len
        out.extend_from_slice(&u32::try_from(f.wire_len)?.to_le_bytes()); // orig_len
        out.extend_from_slice(&f.data);
    }
    log(path, frames);
    fs::write(path, out)?;
    Ok(())
}

/// A pcapng block: type, total length, body padded to 32 bits, total length.
fn block(out: &mut Vec<u8>, block_type: u32, body: &[u8]) {
    let padded = body.len().div_ceil(4) * 4;
    let total = (12 + padded) as u32;
    out.extend_from_slice(&block_type.to_le_bytes());
    out.extend_from_slice(&total.to_le_bytes());
    out.extend_from_slice(body);
    out.resize(out.len() + padded - body.len(), 0);
    out.extend_from_slice(&total.to_le_bytes());
}

/// A pcapng option: code, length, value padded to 32 bits.
fn option(out: &mut Vec<u8>, code: u16, value: &[u8]) {
    out.extend_from_slice(&code.to_le_bytes());
    out.extend_from_slice(&(value.len() as u16).to_le_bytes());
    out.extend_from_slice(value);
    out.resize(out.len() + value.len().div_ceil(4) * 4 - value.len(), 0);
}

/// One record of a pcapng file and the block that carries it.
pub enum NgRecord {
    /// Enhanced Packet Block on interface 0, with an optional comment.
    Enhanced(Frame, Option<&'static str>),
    /// Simple Packet Block: no time stamp, no captured length of its own
    /// (the interface's snaplen cuts it).
    Simple(Frame),
}

/// Writes a little-endian pcapng file: a Section Header Block with a
/// `shb_userappl` option, one Interface Description Block (`if_name`, and
/// `if_tsresol` = `tsresol` unless it is 6, the default), then the records.
pub fn write_pcapng(
    path: &Path,
    linktype: u16,
    snaplen: u32,
    tsresol: u8,
    records: &[NgRecord],
) -> Result<()> {
    let mut out = Vec::new();

    let mut shb = Vec::new();
    shb.extend_from_slice(&0x1a2b_3c4du32.to_le_bytes()); // byte-order magic
    shb.extend_from_slice(&1u16.to_le_bytes()); // major version
    shb.extend_from_slice(&0u16.to_le_bytes()); // minor version
    shb.extend_from_slice(&(-1i64).to_le_bytes()); // section length: unknown
    option(&mut shb, 4, b"netdecode build-form-fixtures"); // shb_userappl
    option(&mut shb, 0, b""); // opt_endofopt
    block(&mut out, 0x0a0d_0d0a, &shb);

    let mut idb = Vec::new();
    idb.extend_from_slice(&linktype.to_le_bytes());
    idb.extend_from_slice(&0u16.to_le_bytes()); // reserved
    idb.extend_from_slice(&snaplen.to_le_bytes());
    option(&mut idb, 2, b"ndfx0"); // if_name
    if tsresol != 6 {
        option(&mut idb, 9, &[tsresol]); // if_tsresol
    }
    option(&mut idb, 0, b"");
    block(&mut out, 1, &idb);

    // Units per second of the interface's time stamps.
    let units: u64 = if tsresol & 0x80 != 0 {
        1 << (tsresol & 0x7f)
    } else {
        10u64.pow(u32::from(tsresol))
    };
    let mut frames = Vec::new();
    for (i, r) in records.iter().enumerate() {
        match r {
            NgRecord::Enhanced(f, comment) => {
                let (secs, nanos) = f.ts.unwrap_or_else(|| timestamp(i));
                let ts = u64::from(secs) * units + u64::from(nanos) * units / 1_000_000_000;
                let mut epb = Vec::new();
                epb.extend_from_slice(&0u32.to_le_bytes()); // interface 0
                epb.extend_from_slice(&((ts >> 32) as u32).to_le_bytes());
                epb.extend_from_slice(&(ts as u32).to_le_bytes());
                epb.extend_from_slice(&u32::try_from(f.data.len())?.to_le_bytes());
                epb.extend_from_slice(&u32::try_from(f.wire_len)?.to_le_bytes());
                epb.extend_from_slice(&f.data);
                epb.resize(epb.len().div_ceil(4) * 4, 0);
                if let Some(c) = comment {
                    option(&mut epb, 1, c.as_bytes()); // opt_comment
                    option(&mut epb, 0, b"");
                }
                block(&mut out, 6, &epb);
                frames.push(Frame {
                    note: f.note.clone(),
                    data: f.data.clone(),
                    wire_len: f.wire_len,
                    ts: None,
                });
            }
            NgRecord::Simple(f) => {
                let mut spb = Vec::new();
                spb.extend_from_slice(&u32::try_from(f.wire_len)?.to_le_bytes());
                spb.extend_from_slice(&f.data);
                block(&mut out, 3, &spb);
                frames.push(Frame {
                    note: f.note.clone(),
                    data: f.data.clone(),
                    wire_len: f.wire_len,
                    ts: None,
                });
            }
        }
    }
    log(path, &frames);
    fs::write(path, out)?;
    Ok(())
}
