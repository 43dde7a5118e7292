//! `-w` with rotation, as tcpdump 4.99 rotates: `-C` (a new file once the
//! current one has grown past a size), `-G` (a new file every so many
//! seconds, its name made by strftime), `-W` (with `-C`, a ring of that
//! many files; with `-G` alone, stop after that many files) and `-z` (a
//! command run on each file closed by a rotation).
//!
//! Names follow tcpdump's: with `-C`, the first file is `FILE`, then
//! `FILE1`, `FILE2` ...; with `-W N` as well the number is padded with
//! zeros to the width of N-1 and every name carries it (`FILE0`, `FILE1`
//! ... for N up to 10; `FILE00` ... for N up to 100). With `-G`, `FILE` is
//! first given to strftime with the local time the period began.
//!
//! As in tcpdump, a rotation is decided when a packet arrives, before it
//! is written: a file grows past the `-C` size by at most one packet, and
//! `-G` periods are measured on the wall clock from the start of the
//! capture, not on the packets' time stamps.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use super::{RawPacket, SaveFile, TsPrecision};
use crate::decode::LinkType;
use crate::error::AppError;

/// How savefiles rotate (all `None`: one file, no rotation).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RotateOptions {
    /// `-C`: bytes (tcpdump's millions of bytes, multiplied out) a file may
    /// reach before the next packet goes to a new file.
    pub size: Option<u64>,
    /// `-G`: seconds after which the next packet goes to a new file.
    pub seconds: Option<u64>,
    /// `-W`: the number of files (a ring with `-C`, a limit with `-G`).
    pub files: Option<u32>,
    /// `-z`: a command run, with the file's name as its only argument, on
    /// each file a rotation closes.
    pub command: Option<String>,
}

/// What became of a packet handed to [`Savefiles::write`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saved {
    /// Written.
    Written,
    /// Not written: `-G` with `-W` made its last file, and the run ends
    /// (tcpdump: "Maximum file limit reached").
    Limit(u32),
}

/// The savefile(s) of a run, rotating as [`RotateOptions`] asks.
pub struct Savefiles {
    base: PathBuf,
    opts: RotateOptions,
    linktype: LinkType,
    snaplen: u32,
    precision: TsPrecision,
    current: SaveFile,
    /// The current file's number in the `-C` sequence.
    size_count: u32,
    /// Files `-G` has closed.
    time_count: u32,
    /// When the current `-G` period began (seconds since the epoch).
    period_start: i64,
    /// Digits of the `-C` file number (tcpdump's WflagChars).
    digits: usize,
    /// `-z` commands still running.
    children: Vec<Child>,
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

impl Savefiles {
    /// Creates the first file.
    pub fn create(
        base: &Path,
        opts: RotateOptions,
        linktype: LinkType,
        snaplen: u32,
        precision: TsPrecision,
    ) -> Result<Savefiles, AppError> {
        let digits = opts.files.map(width).unwrap_or(0);
        let period_start = now();
        let name = file_name(base, &opts, period_start, 0, digits)?;
        let current = SaveFile::create(&name, linktype, snaplen, precision)?;
        Ok(Savefiles {
            base: base.to_path_buf(),
            opts,
            linktype,
            snaplen,
            precision,
            current,
            size_count: 0,
            time_count: 0,
            period_start,
            digits,
            children: Vec::new(),
        })
    }

    /// Writes one packet, first rotating if its time (`-G`) or the file's
    /// size (`-C`) says so.
    pub fn write(&mut self, pkt: &RawPacket<'_>) -> Result<Saved, AppError> {
        if let Some(secs) = self.opts.seconds {
            let t = now();
            if t - self.period_start >= i64::try_from(secs).unwrap_or(i64::MAX) {
                self.period_start = t;
                self.time_count += 1;
                if self.opts.size.is_none() {
                    if let Some(max) = self.opts.files.filter(|&w| self.time_count >= w) {
                        // The last file is closed (its command run) and
                        // no new one begins.
                        self.close_current()?;
                        return Ok(Saved::Limit(max));
                    }
                }
                self.size_count = 0;
                self.rotate()?;
            }
        }
        if let Some(size) = self.opts.size {
            if self.current.size() > size {
                self.size_count += 1;
                if self.opts.files.is_some_and(|w| self.size_count >= w) {
                    self.size_count = 0;
                }
                self.rotate()?;
            }
        }
        self.current.write(pkt)?;
        Ok(Saved::Written)
    }

    /// Writes out everything buffered in the current file.
    pub fn flush(&mut self) -> Result<(), AppError> {
        self.current.flush()
    }

    /// The current file's name.
    pub fn current_name(&self) -> &str {
        self.current.name()
    }

    /// Closes the current file (flushed, its `-z` command started).
    fn close_current(&mut self) -> Result<(), AppError> {
        self.current.flush()?;
        if let Some(cmd) = &self.opts.command {
            let name = self.current.name().to_string();
            self.children
                .retain_mut(|c| !matches!(c.try_wait(), Ok(Some(_))));
            match Command::new(cmd).arg(&name).stdin(Stdio::null()).spawn() {
                Ok(child) => self.children.push(child),
                // tcpdump reports a command that cannot run and goes on.
                Err(e) => eprintln!("netdecode: can't run -z command {cmd} on {name}: {e}"),
            }
        }
        Ok(())
    }

    /// Closes the current file and opens the next one.
    fn rotate(&mut self) -> Result<(), AppError> {
        self.close_current()?;
        let name = file_name(
            &self.base,
            &self.opts,
            self.period_start,
            self.size_count,
            self.digits,
        )?;
        self.current = SaveFile::create(&name, self.linktype, self.snaplen, self.precision)?;
        Ok(())
    }
}

/// tcpdump's width of the file number for `-W files`: the digits of
/// files-1 (0 for a single file).
fn width(files: u32) -> usize {
    let mut x = files.saturating_sub(1);
    let mut c = 0;
    while x > 0 {
        c += 1;
        x /= 10;
    }
    c
}

/// A file's name: `base` (through strftime at `time` with `-G`), then the
/// `-C` number, zero-padded to `digits`, when there is `-C` (with no `-W`,
/// the first file has no number).
fn file_name(
    base: &Path,
    opts: &RotateOptions,
    time: i64,
    count: u32,
    digits: usize,
) -> Result<PathBuf, AppError> {
    let mut name = if opts.seconds.is_some() {
        let pattern = base.to_string_lossy();
        let zoned = jiff::Timestamp::from_second(time)
            .map(|t| t.to_zoned(jiff::tz::TimeZone::system()))
            .map_err(|e| AppError::BadValue(format!("time out of range: {e}")))?;
        jiff::fmt::strtime::format(pattern.as_bytes(), &zoned).map_err(|e| {
            AppError::BadValue(format!("invalid -w file name pattern {pattern}: {e}"))
        })?
    } else {
        base.to_string_lossy().into_owned()
    };
    if opts.size.is_some() && (count != 0 || digits != 0) {
        name.push_str(&format!("{count:0digits$}"));
    }
    if opts.seconds.is_none() && opts.size.is_none() {
        return Ok(base.to_path_buf());
    }
    Ok(PathBuf::from(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(size: Option<u64>, seconds: Option<u64>, files: Option<u32>) -> RotateOptions {
        RotateOptions {
            size,
            seconds,
            files,
            command: None,
        }
    }

    #[test]
    fn widths_as_tcpdump() {
        assert_eq!(width(1), 0);
        assert_eq!(width(2), 1);
        assert_eq!(width(10), 1);
        assert_eq!(width(11), 2);
        assert_eq!(width(100), 2);
        assert_eq!(width(101), 3);
    }

    #[test]
    fn size_names() {
        let b = Path::new("/x/cap");
        let o = opts(Some(1), None, None);
        assert_eq!(file_name(b, &o, 0, 0, 0).unwrap(), Path::new("/x/cap"));
        assert_eq!(file_name(b, &o, 0, 2, 0).unwrap(), Path::new("/x/cap2"));
        let o = opts(Some(1), None, Some(12));
        assert_eq!(file_name(b, &o, 0, 0, 2).unwrap(), Path::new("/x/cap00"));
        assert_eq!(file_name(b, &o, 0, 11, 2).unwrap(), Path::new("/x/cap11"));
    }

    #[test]
    fn time_names_use_strftime() {
        let o = opts(None, Some(5), None);
        let n = file_name(Path::new("cap-%Y.pcap"), &o, 0, 0, 0).unwrap();
        let s = n.to_string_lossy();
        assert!(s == "cap-1970.pcap" || s == "cap-1969.pcap", "{s}");
        // No -G: the name is taken as it is.
        let o = opts(Some(1), None, None);
        let n = file_name(Path::new("cap-%Y"), &o, 0, 0, 0).unwrap();
        assert_eq!(n, Path::new("cap-%Y"));
    }

    fn packet(data: &[u8]) -> RawPacket<'_> {
        RawPacket {
            ts: super::super::Timestamp { secs: 1, nanos: 0 },
            data,
            wire_len: data.len() as u32,
        }
    }

    #[test]
    fn ring_of_files() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("r");
        // 30 bytes: more than the file header, less than header and one
        // packet, so each packet goes to a file of its own.
        let mut s = Savefiles::create(
            &base,
            opts(Some(30), None, Some(3)),
            LinkType::ETHERNET,
            100,
            TsPrecision::Micro,
        )
        .unwrap();
        for i in 0..5u8 {
            assert_eq!(s.write(&packet(&[i; 20])).unwrap(), Saved::Written);
        }
        s.flush().unwrap();
        drop(s);
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["r0", "r1", "r2"]);
        // The ring wrapped: r0 holds packet 3, r1 packet 4, r2 packet 2.
        for (name, first) in [("r0", 3u8), ("r1", 4), ("r2", 2)] {
            let b = std::fs::read(dir.path().join(name)).unwrap();
            assert_eq!(b.len(), 24 + 16 + 20, "{name}");
            assert_eq!(b[40], first, "{name}");
        }
    }
}
