//! Reading the records of a classic pcap file ourselves, in large blocks.
//!
//! libpcap reads a savefile through stdio, one `fread` for each record
//! header and one for each packet, which glibc turns into a `read` of 4 KiB
//! at a time: on a file in the page cache, those system calls cost more
//! than everything else a quiet run (a filter that matches little) does.
//! For a regular file in the classic format, the file is opened with
//! libpcap as before (which checks the file header and knows the link
//! type, and compiles filters), and then its records are read here, 1 MiB
//! at a time, with the checks and the error messages of libpcap 1.10's
//! `pcap_next_packet` (sf-pcap.c). A filter is run by libpcap's own
//! interpreter ([`bpf::matches`]), on the captured bytes and the length on
//! the wire, as libpcap's reading loop runs it.
//!
//! Everything else (pcapng, the modified pcap formats, versions before
//! 2.4, pipes, and link types whose headers libpcap rewrites while
//! reading) stays with libpcap: [`Records::open`] says `None` for them.

use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::Path;

use super::bpf;
use super::{RawPacket, Timestamp};

/// How much is read at a time.
const BLOCK: usize = 1 << 20;

/// Size of a record header.
const RECORD: usize = 16;

/// libpcap's `max_snaplen_for_dlt`: the largest captured length it accepts
/// for a link type (its DLT value).
fn max_snaplen_for_dlt(dlt: i32) -> u32 {
    match dlt {
        231 => 128 * 1024 * 1024, // DBUS
        279 => 8 * 1024 * 1024,   // EBHSCR
        249 => 1024 * 1024,       // USBPCAP
        _ => super::MAX_SNAPLEN,
    }
}

/// Link types (DLT values) whose packets libpcap rewrites after reading:
/// the pseudo-headers it byte-swaps when the file's byte order is not the
/// host's (PFLOG, LINUX_SLL, LINUX_SLL2, USB_LINUX, USB_LINUX_MMAPPED,
/// NFLOG), and USB_LINUX_MMAPPED, whose lengths it fixes up in any case.
fn rewritten_by_libpcap(dlt: i32, swapped: bool) -> bool {
    dlt == 220 || (swapped && matches!(dlt, 117 | 113 | 276 | 189 | 239))
}

/// What a classic pcap file's magic number says: (little-endian,
/// nanosecond time stamps). `None` for anything else (pcapng, the modified
/// formats).
pub(super) fn classic_magic(head: &[u8]) -> Option<(bool, bool)> {
    match head.get(..4)? {
        [0xd4, 0xc3, 0xb2, 0xa1] => Some((true, false)),
        [0x4d, 0x3c, 0xb2, 0xa1] => Some((true, true)),
        [0xa1, 0xb2, 0xc3, 0xd4] => Some((false, false)),
        [0xa1, 0xb2, 0x3c, 0x4d] => Some((false, true)),
        _ => None,
    }
}

/// The records of a classic pcap file, read in blocks.
pub(super) struct Records {
    file: File,
    buf: Vec<u8>,
    /// The unread bytes are `buf[pos..end]`.
    pos: usize,
    end: usize,
    /// The file is little-endian.
    le: bool,
    /// ... which is not the host's byte order.
    swapped: bool,
    /// Time stamp fractions are nanoseconds (else microseconds).
    nano: bool,
    /// libpcap's snapshot length for the file (`pcap_adjust_snapshot`).
    snapshot: u32,
    max_caplen: u32,
    filter: Option<pcap::BpfProgram>,
    /// A packet cut to the snapshot length.
    spill: Vec<u8>,
}

/// A record's time stamp and lengths, and where its bytes are in the buffer.
struct Header {
    ts: Timestamp,
    caplen: u32,
    wire_len: u32,
    /// The bytes are in `spill` (a packet cut to the snapshot length),
    /// not yet taken from the buffer.
    spilled: bool,
}

impl Records {
    /// Opens `path` again, past its file header, when it is a classic pcap
    /// file this module reads as libpcap would; `dlt` is the link type
    /// libpcap found in it. `None` leaves the file to libpcap.
    pub(super) fn open(path: &Path, dlt: i32) -> Option<Records> {
        let mut file = File::open(path).ok()?;
        if !file.metadata().ok()?.is_file() {
            return None;
        }
        let mut head = [0u8; 24];
        file.read_exact(&mut head).ok()?;
        let (le, nano) = classic_magic(&head)?;
        // The file's byte order is not the host's.
        let swapped = le != cfg!(target_endian = "little");
        let u16_at = |at: usize| {
            let b = [head[at], head[at + 1]];
            if le {
                u16::from_le_bytes(b)
            } else {
                u16::from_be_bytes(b)
            }
        };
        let u32_at = |at: usize| {
            let b = [head[at], head[at + 1], head[at + 2], head[at + 3]];
            if le {
                u32::from_le_bytes(b)
            } else {
                u32::from_be_bytes(b)
            }
        };
        // Versions before 2.4 may have their lengths swapped.
        if u16_at(4) != 2 || u16_at(6) < 4 || rewritten_by_libpcap(dlt, swapped) {
            return None;
        }
        let max_caplen = max_snaplen_for_dlt(dlt);
        let snaplen = u32_at(16);
        let snapshot = if snaplen == 0 || snaplen > i32::MAX as u32 {
            max_caplen
        } else {
            snaplen
        };
        Some(Records {
            file,
            buf: vec![0; BLOCK],
            pos: 0,
            end: 0,
            le,
            swapped,
            nano,
            snapshot,
            max_caplen,
            filter: None,
            spill: Vec::new(),
        })
    }

    /// Packets the compiled `filter` rejects are skipped.
    pub(super) fn set_filter(&mut self, filter: pcap::BpfProgram) {
        self.filter = Some(filter);
    }

    /// The next packet (that the filter accepts), `None` at the end of the
    /// file, or libpcap's words for what is wrong with the file.
    pub(super) fn next(&mut self) -> Result<Option<RawPacket<'_>>, String> {
        let (h, at) = loop {
            let Some(h) = self.header()? else {
                return Ok(None);
            };
            let at = if h.spilled {
                None
            } else {
                Some(self.take(h.caplen)?)
            };
            let keep = match &self.filter {
                Some(f) => bpf::matches(f, self.bytes(at, h.caplen), h.wire_len),
                None => true,
            };
            if keep {
                break (h, at);
            }
        };
        Ok(Some(RawPacket {
            ts: h.ts,
            data: self.bytes(at, h.caplen),
            wire_len: h.wire_len,
        }))
    }

    /// A packet's bytes: `caplen` bytes at `at` in the buffer, or the
    /// spilled packet.
    fn bytes(&self, at: Option<usize>, caplen: u32) -> &[u8] {
        match at {
            Some(at) => &self.buf[at..at + caplen as usize],
            None => &self.spill,
        }
    }

    /// Reads the next record header; checks its captured length as libpcap
    /// does, and reads past what is beyond the snapshot length.
    fn header(&mut self) -> Result<Option<Header>, String> {
        let got = self.fill(RECORD)?;
        if got < RECORD {
            if got == 0 {
                return Ok(None);
            }
            return Err(format!(
                "truncated dump file; tried to read {RECORD} header bytes, only got {got}"
            ));
        }
        let b = &self.buf[self.pos..self.pos + RECORD];
        let word = |at: usize| {
            let w = [b[at], b[at + 1], b[at + 2], b[at + 3]];
            if self.le {
                u32::from_le_bytes(w)
            } else {
                u32::from_be_bytes(w)
            }
        };
        // libpcap's record time stamp fields are signed 32-bit numbers,
        // which its byte swap (SWAPLONG, through u_int) makes unsigned: a
        // field of 2^31 or more is negative only in the host's byte order.
        let field = |v: u32| {
            if self.swapped {
                i64::from(v)
            } else {
                i64::from(v as i32)
            }
        };
        let secs = field(word(0));
        let frac = field(word(4));
        let (caplen, wire_len) = (word(8), word(12));
        self.pos += RECORD;
        let ts = Timestamp {
            secs,
            nanos: if self.nano { frac } else { frac * 1000 },
        };
        if caplen > self.max_caplen {
            return Err(if caplen > self.snapshot {
                format!(
                    "invalid packet capture length {caplen}, bigger than snaplen of {}",
                    self.snapshot
                )
            } else {
                format!(
                    "invalid packet capture length {caplen}, bigger than maximum of {}",
                    self.max_caplen
                )
            });
        }
        if caplen > self.snapshot {
            // libpcap keeps the first `snapshot` bytes and reads past the
            // rest; so do we, keeping them aside.
            let keep = self.snapshot as usize;
            let got = self.fill(keep)?;
            if got < keep {
                return Err(format!(
                    "truncated dump file; tried to read {keep} captured bytes, only got {got}"
                ));
            }
            self.spill.clear();
            self.spill
                .extend_from_slice(&self.buf[self.pos..self.pos + keep]);
            self.pos += keep;
            self.discard((caplen as usize) - keep, caplen, keep)?;
            return Ok(Some(Header {
                ts,
                caplen: self.snapshot,
                wire_len,
                spilled: true,
            }));
        }
        Ok(Some(Header {
            ts,
            caplen,
            wire_len,
            spilled: false,
        }))
    }

    /// Reads past `n` bytes of a packet of `caplen` bytes of which `read`
    /// have been read.
    fn discard(&mut self, mut n: usize, caplen: u32, mut read: usize) -> Result<(), String> {
        while n > 0 {
            if self.pos == self.end {
                let len = self.buf.len();
                let got = self.read_some(0, len)?;
                self.pos = 0;
                self.end = got;
                if got == 0 {
                    return Err(format!(
                        "truncated dump file; tried to read {caplen} captured bytes, only got {read}"
                    ));
                }
            }
            let k = (self.end - self.pos).min(n);
            self.pos += k;
            n -= k;
            read += k;
        }
        Ok(())
    }

    /// Takes the `caplen` bytes of a packet; where they start in the buffer.
    fn take(&mut self, caplen: u32) -> Result<usize, String> {
        let want = caplen as usize;
        let got = self.fill(want)?;
        if got < want {
            return Err(format!(
                "truncated dump file; tried to read {caplen} captured bytes, only got {got}"
            ));
        }
        let at = self.pos;
        self.pos += want;
        Ok(at)
    }

    /// Makes `want` bytes available at `pos` if the file has them; how
    /// many are (fewer only at the end of the file).
    fn fill(&mut self, want: usize) -> Result<usize, String> {
        if self.end - self.pos >= want {
            return Ok(want);
        }
        // Move what is left to the front, and make room.
        self.buf.copy_within(self.pos..self.end, 0);
        self.end -= self.pos;
        self.pos = 0;
        if self.buf.len() < want {
            self.buf.resize(want.next_power_of_two(), 0);
        }
        while self.end < want {
            let room = self.buf.len() - self.end;
            let n = self.read_some(self.end, room)?;
            if n == 0 {
                break;
            }
            self.end += n;
        }
        Ok(self.end.min(want))
    }

    /// One read of up to `len` bytes into the buffer at `at`.
    fn read_some(&mut self, at: usize, len: usize) -> Result<usize, String> {
        loop {
            match self.file.read(&mut self.buf[at..at + len]) {
                Ok(n) => return Ok(n),
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(format!("error reading dump file: {}", os_text(&e))),
            }
        }
    }
}

/// An I/O error in the C library's words (`strerror`), as libpcap prints
/// it, without Rust's " (os error N)".
fn os_text(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error ") {
        Some(at) => s[..at].to_string(),
        None => s,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use pcap::{Capture, Precision};

    /// What a reader produced: each packet's time stamp, lengths and bytes,
    /// then the error that ended it, if any.
    type Run = (Vec<(i64, i64, u32, Vec<u8>)>, Option<String>);

    fn ours(path: &Path, dlt: i32, filter: Option<&str>) -> Run {
        let mut r = Records::open(path, dlt).expect("read here");
        if let Some(f) = filter {
            let cap = Capture::from_file(path).unwrap();
            r.set_filter(cap.compile(f, true).unwrap());
        }
        let mut out = Vec::new();
        loop {
            match r.next() {
                Ok(Some(p)) => out.push((p.ts.secs, p.ts.nanos, p.wire_len, p.data.to_vec())),
                Ok(None) => return (out, None),
                Err(e) => return (out, Some(e)),
            }
        }
    }

    /// libpcap reading the same file, as `Source` did before.
    fn libpcap(path: &Path, filter: Option<&str>) -> Run {
        let mut cap = Capture::from_file_with_precision(path, Precision::Nano).unwrap();
        if let Some(f) = filter {
            cap.filter(f, true).unwrap();
        }
        let mut out = Vec::new();
        loop {
            match cap.next_packet() {
                Ok(p) => {
                    let r = RawPacket::new(p.header, p.data);
                    out.push((r.ts.secs, r.ts.nanos, r.wire_len, r.data.to_vec()));
                }
                Err(pcap::Error::NoMorePackets) => return (out, None),
                Err(e) => return (out, Some(crate::error::pcap_message(&e))),
            }
        }
    }

    /// The first difference between two runs, rather than both.
    fn same(a: &Run, b: &Run, what: &str) {
        for (n, (x, y)) in a.0.iter().zip(&b.0).enumerate() {
            assert_eq!(x, y, "{what}: packet {n}");
        }
        assert_eq!(a.0.len(), b.0.len(), "{what}: packets");
        assert_eq!(a.1, b.1, "{what}: error");
    }

    fn header(magic: u32, be: bool, snaplen: u32, dlt: u32) -> Vec<u8> {
        let mut h = Vec::new();
        let w32 = |h: &mut Vec<u8>, v: u32| {
            h.extend_from_slice(&if be { v.to_be_bytes() } else { v.to_le_bytes() })
        };
        w32(&mut h, magic);
        let v16 = |v: u16| if be { v.to_be_bytes() } else { v.to_le_bytes() };
        h.extend_from_slice(&v16(2));
        h.extend_from_slice(&v16(4));
        for v in [0, 0, snaplen, dlt] {
            w32(&mut h, v);
        }
        h
    }

    fn record(be: bool, secs: u32, frac: u32, caplen: u32, wire: u32, data: &[u8]) -> Vec<u8> {
        let mut r = Vec::new();
        for v in [secs, frac, caplen, wire] {
            r.extend_from_slice(&if be { v.to_be_bytes() } else { v.to_le_bytes() });
        }
        r.extend_from_slice(data);
        r
    }

    fn frame(len: usize, seed: u8) -> Vec<u8> {
        let mut f = vec![0xff; 6];
        f.extend_from_slice(&[2, 0, 0, 0, 0, seed, 0x08, 0x00]);
        f.extend((0..len.saturating_sub(14)).map(|i| (i as u8).wrapping_mul(seed)));
        f.truncate(len);
        f
    }

    /// Crafted files, well-formed and damaged in each way libpcap names,
    /// in both byte orders and both precisions: the packets and the error
    /// are libpcap's, byte for byte.
    #[test]
    fn reads_as_libpcap_does() {
        let dir = tempfile::tempdir().unwrap();
        let mut cases: Vec<(&str, Vec<u8>)> = Vec::new();
        for be in [false, true] {
            for magic in [0xa1b2_c3d4u32, 0xa1b2_3c4d] {
                let h = header(magic, be, 100, 1);
                let a = frame(60, 3);
                let big = frame(200, 5);
                let mut ok = h.clone();
                for i in 0..3000u32 {
                    // Enough packets to cross the 1 MiB blocks, with odd sizes.
                    let f = frame(14 + (i as usize * 7) % 87, i as u8);
                    ok.extend(record(be, i, i * 3, f.len() as u32, 1500, &f));
                }
                ok.extend(record(be, 5, 0xffff_fff0, 60, 60, &a));
                ok.extend(record(be, 0x8000_0000, 7, 60, 60, &a));
                cases.push(("ok", ok.clone()));
                let mut cut_data = ok.clone();
                cut_data.extend(&record(be, 1, 2, 60, 60, &a)[..40]);
                cases.push(("cut in data", cut_data));
                let mut cut_head = ok.clone();
                cut_head.extend(&record(be, 1, 2, 60, 60, &a)[..9]);
                cases.push(("cut in header", cut_head));
                let mut over = h.clone();
                over.extend(record(be, 1, 2, 200, 300, &big));
                over.extend(record(be, 1, 3, 60, 60, &a));
                cases.push(("over snaplen", over.clone()));
                cases.push(("over snaplen, cut in rest", over[..24 + 16 + 150].to_vec()));
                cases.push(("over snaplen, cut in kept", over[..24 + 16 + 50].to_vec()));
                let mut huge = h.clone();
                huge.extend(record(be, 1, 2, 300_000, 300_000, &a));
                cases.push(("over maximum", huge));
            }
        }
        // A snapshot length of 0 means libpcap's maximum.
        let mut zero = header(0xa1b2_c3d4, false, 0, 1);
        zero.extend(record(false, 1, 2, 70_000, 70_000, &frame(70_000, 9)));
        cases.push(("snaplen 0", zero));
        for (i, (what, bytes)) in cases.iter().enumerate() {
            let path = dir.path().join(format!("{i}.pcap"));
            std::fs::write(&path, bytes).unwrap();
            let theirs = libpcap(&path, None);
            same(
                &ours(&path, 1, None),
                &theirs,
                &format!("{what} (case {i})"),
            );
            // The filter sees the length on the wire, not the captured one.
            for f in ["greater 1000", "less 80", "ether[20] = 0"] {
                same(
                    &ours(&path, 1, Some(f)),
                    &libpcap(&path, Some(f)),
                    &format!("{what} (case {i}), {f}"),
                );
            }
            if what.starts_with("cut") || what.contains("maximum") {
                assert!(theirs.1.is_some(), "{what}: libpcap found no damage");
            }
        }
    }

    /// What libpcap rewrites while reading, and formats other than classic
    /// pcap 2.4, are left to libpcap.
    #[test]
    fn leaves_other_files_to_libpcap() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.pcap");
        let cases: [(Vec<u8>, i32, bool); 5] = [
            (header(0xa1b2_c3d4, false, 0, 1), 1, true),
            (header(0xa1b2_c3d4, true, 0, 113), 113, false),
            (header(0xa1b2_c3d4, false, 0, 113), 113, true),
            (header(0xa1b2_c3d4, false, 0, 220), 220, false),
            (header(0xa1b2_cd34, false, 0, 1), 1, false),
        ];
        for (i, (bytes, dlt, read_here)) in cases.into_iter().enumerate() {
            std::fs::write(&path, &bytes).unwrap();
            assert_eq!(Records::open(&path, dlt).is_some(), read_here, "case {i}");
        }
        let mut old = header(0xa1b2_c3d4, false, 0, 1);
        old[6] = 3;
        std::fs::write(&path, &old).unwrap();
        assert!(Records::open(&path, 1).is_none());
    }
}
