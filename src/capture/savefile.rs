//! `-w FILE|-`: packets written unchanged to a pcap file.
//!
//! The format is written here rather than through libpcap's dumper, which
//! writes through stdio and drops write errors: with it, a full disk went
//! unreported and `netdecode -i eth0 -w - | head -c 100` never ended. Here
//! every write error surfaces, and a closed pipe ends the run like a closed
//! standard output does.
//!
//! File layout (the classic pcap format, in the host's byte order, as
//! libpcap writes it): a 24-byte file header (magic, version 2.4, zone 0,
//! sigfigs 0, snaplen, link type), then per packet a 16-byte record header
//! (seconds, microseconds or nanoseconds, captured length, wire length)
//! followed by the captured bytes.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use super::{RawPacket, TsPrecision};
use crate::decode::LinkType;
use crate::error::AppError;

/// Magic number of a pcap file with microsecond time stamps.
const MAGIC_MICRO: u32 = 0xa1b2_c3d4;
/// Magic number of a pcap file with nanosecond time stamps.
const MAGIC_NANO: u32 = 0xa1b2_3c4d;
const VERSION_MAJOR: u16 = 2;
const VERSION_MINOR: u16 = 4;
const BUFFER: usize = 64 * 1024;

/// An open pcap savefile.
pub struct SaveFile {
    /// `None` once a write failed: what it still buffered is dropped
    /// unwritten, so that nothing follows the last whole record.
    out: Option<BufWriter<Box<dyn Write>>>,
    /// A regular file, written and read: cut back to its last whole record
    /// when a write fails.
    file: Option<(File, File)>,
    nano: bool,
    what: String,
    /// Bytes written so far (buffered ones included), header included.
    size: u64,
}

impl SaveFile {
    /// Creates `path` ("-": standard output) and writes the file header.
    pub fn create(
        path: &Path,
        linktype: LinkType,
        snaplen: u32,
        precision: TsPrecision,
    ) -> Result<SaveFile, AppError> {
        let (inner, what, file): (Box<dyn Write>, String, _) = if path == Path::new("-") {
            (Box::new(io::stdout()), "standard output".into(), None)
        } else {
            let what = path.display().to_string();
            let f = File::create(path).map_err(|e| AppError::io(what.clone(), e))?;
            // A regular file is also opened for reading: a failed write
            // reads the records back to cut the file after the last whole
            // one. (A FIFO is opened for writing only, so that its reader
            // closing it still ends the run.)
            let regular = f.metadata().is_ok_and(|m| m.is_file());
            let file = if regular {
                f.try_clone().ok().zip(File::open(path).ok())
            } else {
                None
            };
            (Box::new(f), what, file)
        };
        let nano = precision == TsPrecision::Nano;
        let mut sf = SaveFile {
            out: Some(BufWriter::with_capacity(BUFFER, inner)),
            file,
            nano,
            what,
            size: 0,
        };
        let magic = if nano { MAGIC_NANO } else { MAGIC_MICRO };
        let mut hdr = [0u8; 24];
        let fields: [&[u8]; 7] = [
            &magic.to_ne_bytes(),
            &VERSION_MAJOR.to_ne_bytes(),
            &VERSION_MINOR.to_ne_bytes(),
            &0i32.to_ne_bytes(),
            &0u32.to_ne_bytes(),
            &snaplen.to_ne_bytes(),
            &file_linktype(linktype).to_ne_bytes(),
        ];
        let mut at = 0;
        for f in fields {
            if let Some(dst) = hdr.get_mut(at..at + f.len()) {
                dst.copy_from_slice(f);
            }
            at += f.len();
        }
        let r = sf.out()?.write_all(&hdr);
        r.map_err(|e| sf.fail(e))?;
        sf.size = hdr.len() as u64;
        Ok(sf)
    }

    /// Appends one packet, unchanged.
    pub fn write(&mut self, pkt: &RawPacket<'_>) -> Result<(), AppError> {
        let frac = fraction_field(pkt.ts.nanos, self.nano);
        let caplen = u32::try_from(pkt.data.len()).unwrap_or(u32::MAX);
        let mut rec = [0u8; 16];
        // pcap stores seconds in 32 bits; a time stamp beyond 2106 wraps.
        for (i, v) in [pkt.ts.secs as u32, frac, caplen, pkt.wire_len]
            .into_iter()
            .enumerate()
        {
            if let Some(dst) = rec.get_mut(i * 4..i * 4 + 4) {
                dst.copy_from_slice(&v.to_ne_bytes());
            }
        }
        let out = self.out()?;
        let r = out.write_all(&rec).and_then(|()| out.write_all(pkt.data));
        r.map_err(|e| self.fail(e))?;
        self.size += (rec.len() + pkt.data.len()) as u64;
        Ok(())
    }

    /// How the file is named in messages.
    pub fn name(&self) -> &str {
        &self.what
    }

    /// Bytes written so far, the file header included (as tcpdump's
    /// `pcap_dump_ftell`, buffered bytes count).
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Writes out everything buffered.
    pub fn flush(&mut self) -> Result<(), AppError> {
        if self.out.is_none() {
            // Failed before: the error was reported then.
            return Ok(());
        }
        let r = self.out()?.flush();
        r.map_err(|e| self.fail(e))
    }

    fn out(&mut self) -> Result<&mut BufWriter<Box<dyn Write>>, AppError> {
        match self.out.as_mut() {
            Some(o) => Ok(o),
            None => Err(AppError::io(
                self.what.clone(),
                io::Error::other("an earlier write failed"),
            )),
        }
    }

    /// A write failed: drop what is still buffered (unwritten), cut a
    /// regular file back to its last whole record, and name the file in
    /// the error.
    fn fail(&mut self, e: io::Error) -> AppError {
        if let Some(w) = self.out.take() {
            // into_parts hands the buffer back without writing it.
            let _ = w.into_parts();
        }
        if let Some((w, r)) = &self.file {
            if let Ok(len) = whole_length(r) {
                let _ = w.set_len(len);
            }
        }
        AppError::io(self.what.clone(), e)
    }
}

/// The length of the file's header and the whole records after it, read
/// back from the file (its own byte order: the one written here).
fn whole_length(f: &File) -> io::Result<u64> {
    use std::os::unix::fs::FileExt;
    let len = f.metadata()?.len();
    if len < 24 {
        return Ok(0);
    }
    let mut at = 24u64;
    let mut rec = [0u8; 16];
    while at + 16 <= len {
        f.read_exact_at(&mut rec, at)?;
        let mut caplen = [0u8; 4];
        caplen.copy_from_slice(rec.get(8..12).unwrap_or(&[0; 4]));
        let next = at + 16 + u64::from(u32::from_ne_bytes(caplen));
        if next > len {
            break;
        }
        at = next;
    }
    Ok(at)
}

/// The record's fraction field: nanoseconds, or microseconds, as 32 bits.
/// A time stamp libpcap read from a malformed field (2^31 or more, which
/// it takes as negative) is written back as the same bits.
fn fraction_field<N: Into<i64>>(nanos: N, nano: bool) -> u32 {
    let n: i64 = nanos.into();
    let f = if nano { n } else { n / 1000 };
    f as u32
}

/// The link-type value a pcap file records for a libpcap DLT value. They
/// are equal except for a few old types whose DLT numbers differ between
/// systems (libpcap maps them the same way when it writes a file).
fn file_linktype(dlt: LinkType) -> u32 {
    let v = match dlt.0 {
        11 => 100, // ATM RFC 1483
        12 => 101, // raw IP
        15 => 102, // BSD/OS SLIP
        16 => 103, // BSD/OS PPP
        19 => 106, // ATM CLIP
        other => other,
    };
    u32::try_from(v).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::Timestamp;

    fn packet(data: &[u8]) -> RawPacket<'_> {
        RawPacket {
            ts: Timestamp {
                secs: 1_700_000_000,
                nanos: 123_456_789,
            },
            data,
            wire_len: 60,
        }
    }

    fn write_one(precision: TsPrecision) -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.pcap");
        let mut sf = SaveFile::create(&path, LinkType::RAW, 65535, precision).unwrap();
        sf.write(&packet(&[0x45, 0x00, 0x00, 0x14])).unwrap();
        sf.flush().unwrap();
        drop(sf);
        std::fs::read(&path).unwrap()
    }

    fn u32_at(b: &[u8], at: usize) -> u32 {
        u32::from_ne_bytes(b[at..at + 4].try_into().unwrap())
    }

    #[test]
    fn micro_file_layout() {
        let b = write_one(TsPrecision::Micro);
        assert_eq!(b.len(), 24 + 16 + 4);
        assert_eq!(u32_at(&b, 0), MAGIC_MICRO);
        // version 2.4
        assert_eq!(
            &b[4..8],
            &[2u16.to_ne_bytes(), 4u16.to_ne_bytes()].concat()[..]
        );
        assert_eq!(u32_at(&b, 16), 65535); // snaplen
        assert_eq!(u32_at(&b, 20), 101); // DLT_RAW is written as LINKTYPE_RAW
        assert_eq!(u32_at(&b, 24), 1_700_000_000); // seconds
        assert_eq!(u32_at(&b, 28), 123_456); // microseconds
        assert_eq!(u32_at(&b, 32), 4); // captured
        assert_eq!(u32_at(&b, 36), 60); // on the wire
        assert_eq!(&b[40..], &[0x45, 0x00, 0x00, 0x14]);
    }

    #[test]
    fn nano_file_keeps_nanoseconds() {
        let b = write_one(TsPrecision::Nano);
        assert_eq!(u32_at(&b, 0), MAGIC_NANO);
        assert_eq!(u32_at(&b, 28), 123_456_789);
    }

    #[test]
    fn libpcap_reads_it_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rt.pcap");
        let mut sf =
            SaveFile::create(&path, LinkType::ETHERNET, 262_144, TsPrecision::Nano).unwrap();
        let frame = [0xffu8; 14];
        sf.write(&packet(&frame)).unwrap();
        sf.flush().unwrap();
        drop(sf);
        let mut cap =
            pcap::Capture::from_file_with_precision(&path, pcap::Precision::Nano).unwrap();
        assert_eq!(cap.get_datalink().0, 1);
        let p = cap.next_packet().unwrap();
        assert_eq!(p.data, &frame);
        assert_eq!(p.header.len, 60);
        assert_eq!(p.header.ts.tv_usec, 123_456_789);
    }

    #[test]
    fn fraction_fields() {
        assert_eq!(fraction_field(123_456_789u32, true), 123_456_789);
        assert_eq!(fraction_field(123_456_789u32, false), 123_456);
        // A field of 0x80000001 microseconds, read by libpcap as negative
        // and scaled to nanoseconds, is written back unchanged.
        let read = i64::from(0x8000_0001u32 as i32) * 1000;
        assert_eq!(fraction_field(read, false), 0x8000_0001);
        assert_eq!(fraction_field(-5i64, true), 0xffff_fffb);
    }

    #[test]
    fn write_errors_are_reported() {
        // /dev/full fails every write with ENOSPC; the buffer hides it until
        // the flush, which must report it.
        let Ok(mut sf) = SaveFile::create(
            Path::new("/dev/full"),
            LinkType::ETHERNET,
            262_144,
            TsPrecision::Micro,
        ) else {
            eprintln!("skipped: /dev/full cannot be opened");
            return;
        };
        sf.write(&packet(&[0u8; 60])).unwrap();
        let e = sf.flush().unwrap_err();
        assert!(e.to_string().contains("/dev/full"), "{e}");
    }
}
