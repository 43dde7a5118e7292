//! `flows --write DIR`: a sink that writes each direction's stream to its
//! own file, plus an index of the files (JSON lines).
//!
//! A direction's file is named `<src_ip>.<sport>-<dst_ip>.<dport>`, with
//! `-<reuse>` appended for the second and later connections on a 4-tuple,
//! and, for a connection carried in tunnels, each tunnel (outermost first)
//! and a `+` in front: `vxlan-<vni>`, `vxlan-gpe-<vni>`, `geneve-<vni>`,
//! `gre-<a>-<b>` (with `-key-<key>`), `ipip-<a>-<b>`. It is made only for a
//! stream with a byte (or, with `fill_gaps`, a filled gap). Missing bytes
//! are never invented: by default the bytes after a gap follow the bytes
//! before it, and the index gives every gap with its stream offset and the
//! file offset where it falls; with [`WriteOptions::fill_gaps`] a gap is
//! a run of zero bytes (a sparse hole) of its length, so file offsets are
//! stream offsets.
//!
//! `index.jsonl` gets one line per connection as it closes: the
//! [`ConnSummary`] fields, plus `files`: `{"to_server": F, "to_client": F}`
//! where `F` is `null` (nothing written that way) or a [`FileEntry`].
//!
//! A stream's bytes are gathered in chunks of their own until its
//! connection closes, within limits ([`FILE_BUFFER`] a file,
//! [`SINK_BUFFER`] in all), and the chunks are handed to the store
//! together, so that most files are created, written once (a `writev`)
//! and closed, and the bytes are copied once on their way (the store may
//! run on another thread: the chunks move there, and come back to be
//! reused). A few files are kept open at once
//! ([`WriteOptions::max_open_files`]); the longest open is closed to make
//! room, and reopened if needed.

use std::collections::{HashMap, VecDeque};
use std::fmt::Write as _;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, IoSlice, Seek, SeekFrom, Write};
use std::net::{IpAddr, SocketAddr};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use nix::fcntl::{openat, OFlag};
use nix::sys::stat::Mode;

use serde::{Serialize, Serializer};

use super::json::{gap_cause_name, ConnJson};
use crate::flow::{ConnInfo, ConnSummary, Direction, FlowSink, Gap, GapCause, TunnelId};
use crate::render::json::{push_dotted, StackStr};

/// Name of the index file.
pub const INDEX_NAME: &str = "index.jsonl";

/// The index's write buffer.
const INDEX_BUFFER: usize = 256 << 10;

/// How [`FileSink`] writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WriteOptions {
    /// Write a gap as zero bytes instead of leaving it out.
    pub fill_gaps: bool,
    /// Files kept open at once (at least 1).
    pub max_open_files: usize,
    /// The seed of the connections' Community IDs in the index.
    pub community_id_seed: u16,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            fill_gaps: false,
            max_open_files: 256,
            community_id_seed: 0,
        }
    }
}

/// A gap, as the index reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct FileGap {
    /// Stream offset of the first missing byte.
    pub offset: u64,
    /// Missing bytes.
    pub len: u64,
    /// Why they are missing.
    #[serde(serialize_with = "cause_name")]
    pub cause: GapCause,
    /// Where in the file the gap falls: the first byte after it (by
    /// default), or the first zero byte (with `fill_gaps`).
    pub file_offset: u64,
}

fn cause_name<S: Serializer>(c: &GapCause, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(gap_cause_name(*c))
}

/// A written file, as the index reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileEntry {
    /// File name, in the output directory.
    pub name: String,
    /// File size in bytes.
    pub size: u64,
    /// Every gap of the stream.
    pub gaps: Vec<FileGap>,
}

/// A stream file: its connection's ID and the stream's direction.
pub type FileKey = (u64, Direction);

/// Where [`FileSink`] puts the stream bytes: the files themselves, on this
/// thread ([`OpenFiles`]), or on threads of their own
/// (`app::file_threads`). The sink decides what goes where (file names,
/// offsets, holes, the index); a store only does the file system work.
pub trait StreamStore {
    /// Writes `chunks`, one after the other, at `pos` in `key`'s file.
    /// `new_name` is given on the first call for a file (it is created
    /// then, replacing any file of that name); later calls may come after
    /// other files were written. The chunks are the store's: those of
    /// [`CHUNK`] bytes may come back, emptied, through
    /// [`take_spare`](Self::take_spare).
    fn write(
        &mut self,
        key: FileKey,
        new_name: Option<&str>,
        pos: u64,
        chunks: Chunks,
    ) -> io::Result<()>;

    /// Creates the file `name` (replacing any file of that name), writes
    /// `chunks` at `pos`, makes it `set_len` bytes long when given, and
    /// closes it: a whole file in one call, for a file no other call
    /// names (so a store on another thread may take it in any order).
    fn write_whole(
        &mut self,
        name: &str,
        pos: u64,
        chunks: Chunks,
        set_len: Option<u64>,
    ) -> io::Result<()>;

    /// Moves chunks the store is done with (emptied, at most
    /// [`SPARE_CHUNKS`]) onto `into`, for the next writes' bytes.
    fn take_spare(&mut self, into: &mut Vec<Vec<u8>>);

    /// Closes `key`'s file for good, after making it `set_len` bytes long
    /// when given (a trailing filled gap). A no-op for a file never written.
    fn close(&mut self, key: FileKey, set_len: Option<u64>) -> io::Result<()>;

    /// Closes the files still open; the first error of any call not yet
    /// reported.
    fn finish(self) -> io::Result<()>
    where
        Self: Sized;
}

/// What the index says of a stream, and its bytes not yet handed to the
/// store, kept until its connection closes.
#[derive(Debug)]
struct OutFile {
    name: String,
    /// The store was given its name: its file was created.
    created: bool,
    /// File length so far (filled gaps included).
    len: u64,
    gaps: Vec<FileGap>,
    /// Bytes not yet handed to the store, `buf_len` of them, to go at
    /// `buf_pos`: each chunk but the last is full.
    chunks: Chunks,
    buf_pos: u64,
    buf_len: usize,
}

impl OutFile {
    /// A stream's entry, made (and its file named) on first use.
    fn new(conn: &ConnInfo, dir: Direction) -> Self {
        OutFile {
            name: file_name(conn, dir),
            created: false,
            len: 0,
            gaps: Vec::new(),
            chunks: Vec::new(),
            buf_pos: 0,
            buf_len: 0,
        }
    }

    /// Hands the gathered bytes, if any, to `store` (naming the file if it
    /// is new); `held` loses their chunks.
    fn hand_over<S: StreamStore>(
        &mut self,
        key: FileKey,
        store: &mut S,
        held: &mut usize,
    ) -> io::Result<()> {
        if self.chunks.is_empty() {
            return Ok(());
        }
        let chunks = std::mem::take(&mut self.chunks);
        *held -= chunks.len() * CHUNK;
        self.buf_len = 0;
        let name = (!self.created).then_some(self.name.as_str());
        self.created = true;
        store.write(key, name, self.buf_pos, chunks)
    }
}

/// The chunks of [`FileSink`]'s files: how many bytes they hold, and
/// emptied ones to reuse.
#[derive(Debug, Default)]
struct Buffers {
    /// The capacity of every file's chunks.
    held: usize,
    spare: Vec<Vec<u8>>,
}

impl Buffers {
    /// Adds `bytes` to the `len` bytes gathered in `chunks` if the limits
    /// leave room for them; says whether it did.
    fn gather<S: StreamStore>(
        &mut self,
        store: &mut S,
        chunks: &mut Chunks,
        len: usize,
        bytes: &[u8],
    ) -> bool {
        if len + bytes.len() > FILE_BUFFER {
            return false;
        }
        let room = chunks.last().map_or(0, |c| CHUNK - c.len());
        let more = bytes.len().saturating_sub(room).div_ceil(CHUNK) * CHUNK;
        if self.held + more > SINK_BUFFER {
            return false;
        }
        self.held += more;
        let (head, mut rest) = bytes.split_at(room.min(bytes.len()));
        if let Some(last) = chunks.last_mut() {
            last.extend_from_slice(head);
        }
        while !rest.is_empty() {
            if self.spare.is_empty() {
                store.take_spare(&mut self.spare);
            }
            let mut chunk = self
                .spare
                .pop()
                .unwrap_or_else(|| Vec::with_capacity(CHUNK));
            let (part, after) = rest.split_at(CHUNK.min(rest.len()));
            chunk.extend_from_slice(part);
            chunks.push(chunk);
            rest = after;
        }
        true
    }
}

/// Writes streams to files in a directory; see the module docs.
#[derive(Debug)]
pub struct FileSink<S = OpenFiles> {
    opts: WriteOptions,
    files: HashMap<FileKey, OutFile, ahash::RandomState>,
    store: S,
    index: BufWriter<File>,
    /// The index line being written (kept for its allocation).
    line: Vec<u8>,
    buffers: Buffers,
}

#[derive(Serialize)]
struct IndexLine<'a> {
    #[serde(flatten)]
    conn: ConnJson<'a>,
    files: IndexFiles,
}

#[derive(Serialize)]
struct IndexFiles {
    to_server: Option<FileEntry>,
    to_client: Option<FileEntry>,
}

/// Creates `dir` if needed.
pub fn create_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)
}

impl FileSink<OpenFiles> {
    /// Creates `dir` if needed, and its index (replacing an old one); the
    /// files are written on this thread.
    pub fn create(dir: impl AsRef<Path>, opts: WriteOptions) -> io::Result<Self> {
        let dir = dir.as_ref();
        create_dir(dir)?;
        let store = OpenFiles::new(dir, opts.max_open_files)?;
        FileSink::with_store(dir, opts, store)
    }
}

impl<S: StreamStore> FileSink<S> {
    /// A sink whose stream files `store` writes (in `dir`, which exists);
    /// creates the index (replacing an old one).
    pub fn with_store(dir: &Path, opts: WriteOptions, store: S) -> io::Result<Self> {
        // A line is about 1.3 KB: written 200 at a time, not 6.
        let index = BufWriter::with_capacity(INDEX_BUFFER, File::create(dir.join(INDEX_NAME))?);
        Ok(FileSink {
            opts,
            files: HashMap::default(),
            store,
            index,
            line: Vec::new(),
            buffers: Buffers::default(),
        })
    }

    /// Closes the files still open, flushes the index and finishes the
    /// store (even after an error). Call it after
    /// [`crate::flow::FlowTable::finish`].
    pub fn finish(mut self) -> io::Result<()> {
        let keys: Vec<FileKey> = self.files.keys().copied().collect();
        let closed = keys
            .into_iter()
            .try_for_each(|key| self.finalize(key).map(drop))
            .and_then(|()| self.index.flush());
        let finished = self.store.finish();
        closed.and(finished)
    }

    /// Closes `key`'s file and describes it (None if never created).
    fn finalize(&mut self, key: FileKey) -> io::Result<Option<FileEntry>> {
        let Some(mut f) = self.files.remove(&key) else {
            return Ok(None);
        };
        // A gap at the end is a hole not yet made.
        let set_len = (self.opts.fill_gaps && f.len > 0).then_some(f.len);
        if !f.created && (!f.chunks.is_empty() || set_len.is_some()) {
            // Nothing of it went to the store yet (the usual case): the
            // whole file in one call.
            let chunks = std::mem::take(&mut f.chunks);
            self.buffers.held -= chunks.len() * CHUNK;
            f.created = true;
            self.store
                .write_whole(&f.name, f.buf_pos, chunks, set_len)?;
        } else {
            f.hand_over(key, &mut self.store, &mut self.buffers.held)?;
            if f.created {
                self.store.close(key, set_len)?;
            }
        }
        Ok(f.created.then_some(FileEntry {
            name: f.name,
            size: f.len,
            gaps: f.gaps,
        }))
    }
}

/// The file name for `dir`'s stream of `conn`.
pub fn file_name(conn: &ConnInfo, dir: Direction) -> String {
    let (src, dst) = conn.endpoints(dir);
    let mut name = String::with_capacity(64);
    // Writing to a String cannot fail.
    for t in conn.scope.tunnels() {
        let _ = match t {
            TunnelId::None => write!(name, "tunnel"),
            TunnelId::Vxlan(v) => write!(name, "vxlan-{v}"),
            TunnelId::VxlanGpe(v) => write!(name, "vxlan-gpe-{v}"),
            TunnelId::Geneve(v) => write!(name, "geneve-{v}"),
            TunnelId::Gre { ends, key } => {
                let _ = write!(name, "gre-{}-{}", ends.0, ends.1);
                match key {
                    Some(k) => write!(name, "-key-{k}"),
                    None => Ok(()),
                }
            }
            TunnelId::IpInIp { ends } => write!(name, "ipip-{}-{}", ends.0, ends.1),
        };
        name.push('+');
    }
    push_endpoint(&mut name, src);
    name.push('-');
    push_endpoint(&mut name, dst);
    if conn.reuse > 0 {
        name.push('-');
        push_decimal(&mut name, conn.reuse.into());
    }
    name
}

/// Appends `addr`'s address (as `Display` writes it) and port, with a dot
/// between: IPv4 addresses and the numbers without `fmt`.
fn push_endpoint(name: &mut String, addr: SocketAddr) {
    match addr.ip() {
        IpAddr::V4(a) => {
            let mut text = StackStr::<16>::new();
            push_dotted(&mut text, a);
            text.push(b'.');
            name.push_str(text.as_str());
        }
        // Writing to a String cannot fail.
        IpAddr::V6(a) => {
            let _ = write!(name, "{a}.");
        }
    }
    push_decimal(name, addr.port().into());
}

/// Appends `v` in decimal.
fn push_decimal(name: &mut String, v: u64) {
    name.push_str(itoa::Buffer::new().format(v));
}

impl<S: StreamStore> FlowSink for FileSink<S> {
    type Error = io::Error;
    fn data(
        &mut self,
        conn: &ConnInfo,
        dir: Direction,
        _offset: u64,
        bytes: &[u8],
    ) -> io::Result<()> {
        let key = (conn.id, dir);
        let f = self
            .files
            .entry(key)
            .or_insert_with(|| OutFile::new(conn, dir));
        let pos = f.len;
        let store = &mut self.store;
        if bytes.is_empty() {
            // Not from the flow table; the file is made all the same.
            if !f.created {
                f.created = true;
                store.write(key, Some(&f.name), pos, Vec::new())?;
            }
            return Ok(());
        }
        f.len += bytes.len() as u64;
        let buffers = &mut self.buffers;
        // Gathered after the bytes before them (the usual case) ...
        let follows = f.chunks.is_empty() || f.buf_pos + f.buf_len as u64 == pos;
        if !(follows && buffers.gather(store, &mut f.chunks, f.buf_len, bytes)) {
            // ... else those go to the store first, and these start anew,
            // or go as they are when there is no room for them.
            f.hand_over(key, store, &mut buffers.held)?;
            if !buffers.gather(store, &mut f.chunks, 0, bytes) {
                let name = (!f.created).then_some(f.name.as_str());
                f.created = true;
                return store.write(key, name, pos, vec![bytes.to_vec()]);
            }
        }
        if f.buf_len == 0 {
            f.buf_pos = pos;
        }
        f.buf_len += bytes.len();
        Ok(())
    }

    fn gap(&mut self, conn: &ConnInfo, dir: Direction, gap: &Gap) -> io::Result<()> {
        let fill = self.opts.fill_gaps;
        let f = self
            .files
            .entry((conn.id, dir))
            .or_insert_with(|| OutFile::new(conn, dir));
        f.gaps.push(FileGap {
            offset: gap.offset,
            len: gap.len,
            cause: gap.cause,
            file_offset: f.len,
        });
        if fill {
            // Left as a hole: the next write is past it, `finalize`
            // extends the file over a trailing one.
            f.len += gap.len;
        }
        Ok(())
    }

    fn closed(&mut self, summary: &ConnSummary) -> io::Result<()> {
        let to_server = self.finalize((summary.id, Direction::ClientToServer))?;
        let to_client = self.finalize((summary.id, Direction::ServerToClient))?;
        let line = IndexLine {
            conn: ConnJson::new(summary, self.opts.community_id_seed),
            files: IndexFiles {
                to_server,
                to_client,
            },
        };
        // Through the packets' JSON writer (serde_json's bytes, faster)
        // into a reused buffer.
        let mut buf = std::mem::take(&mut self.line);
        buf.clear();
        let written = crate::render::json::to_vec(&mut buf, &line).map_err(io::Error::other);
        buf.push(b'\n');
        let r = written.and_then(|()| self.index.write_all(&buf));
        self.line = buf;
        r
    }
}

/// Bytes written one after the other: a file's gathered chunks.
pub type Chunks = Vec<Vec<u8>>;

/// The size of the chunks a stream's bytes are gathered in.
pub const CHUNK: usize = 8 << 10;
/// Bytes gathered for one file before they go to the store: a stream
/// this long or shorter is written in one call, when its connection
/// closes.
pub const FILE_BUFFER: usize = 64 << 10;
/// Bytes gathered (chunk capacity) for all files of a [`FileSink`] at
/// once; over it, a file's bytes go to the store as they come.
pub const SINK_BUFFER: usize = 4 << 20;
/// Emptied chunks kept for reuse, at most, by a store or a sink.
pub const SPARE_CHUNKS: usize = 64;

/// Keeps `chunk`, emptied, among `spare` if it is a gathering chunk and
/// there are fewer than [`SPARE_CHUNKS`].
pub fn keep_spare(spare: &mut Vec<Vec<u8>>, mut chunk: Vec<u8>) {
    if spare.len() < SPARE_CHUNKS && chunk.capacity() == CHUNK {
        chunk.clear();
        spare.push(chunk);
    }
}

/// Writes every byte of `chunks` to `file` (`writev`, 16 chunks at a time).
fn write_chunks(file: &mut File, chunks: &[Vec<u8>]) -> io::Result<()> {
    for group in chunks.chunks(16) {
        let mut slices = [IoSlice::new(&[]); 16];
        for (slot, chunk) in slices.iter_mut().zip(group) {
            *slot = IoSlice::new(chunk);
        }
        let mut left = slices.get_mut(..group.len()).unwrap_or_default();
        while !left.is_empty() {
            match file.write_vectored(left) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => IoSlice::advance_slices(&mut left, n),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(())
}

/// A stream file as [`OpenFiles`] knows it.
#[derive(Debug)]
struct Stored {
    name: String,
    /// The file was created (it may be closed now).
    created: bool,
    file: Option<File>,
    /// Where the open file is, if known.
    pos: Option<u64>,
    open_stamp: u64,
}

/// The stream files, written on this thread, as the bytes come; the
/// files still being written are kept open, a few at once (the one open
/// longest is closed to make room, and reopened if needed).
#[derive(Debug)]
pub struct OpenFiles {
    /// The directory, open: files are opened relative to it (no walk of
    /// its path each time).
    dir: File,
    max_open: usize,
    files: HashMap<FileKey, Stored, ahash::RandomState>,
    open_order: VecDeque<(FileKey, u64)>,
    open_count: usize,
    stamp: u64,
    /// Chunks written, for reuse.
    spare: Vec<Vec<u8>>,
}

impl OpenFiles {
    /// Files in `dir` (which exists), at most `max_open` open at once.
    pub fn new(dir: &Path, max_open: usize) -> io::Result<Self> {
        let dir = OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_DIRECTORY)
            .open(dir)?;
        Ok(OpenFiles {
            dir,
            max_open: max_open.max(1),
            files: HashMap::default(),
            open_order: VecDeque::new(),
            open_count: 0,
            stamp: 0,
            spare: Vec::new(),
        })
    }

    /// Opens `name` in the directory for writing, created (replacing a
    /// file of that name) if `create`.
    fn open_in_dir(&self, name: &str, create: bool) -> io::Result<File> {
        let mut flags = OFlag::O_WRONLY | OFlag::O_CLOEXEC;
        if create {
            flags |= OFlag::O_CREAT | OFlag::O_TRUNC;
        }
        let fd = openat(&self.dir, name, flags, Mode::from_bits_truncate(0o666))?;
        Ok(File::from(fd))
    }

    /// Opens `key`'s file if it is not, closing the longest open if needed.
    fn ensure_open(&mut self, key: FileKey) -> io::Result<()> {
        match self.files.get(&key) {
            Some(f) if f.file.is_none() => {}
            _ => return Ok(()),
        }
        while self.open_count >= self.max_open {
            if !self.close_oldest() {
                break;
            }
        }
        self.stamp += 1;
        let stamp = self.stamp;
        let Some((name, created)) = self.files.get(&key).map(|f| (f.name.as_str(), f.created))
        else {
            return Ok(());
        };
        let file = self.open_in_dir(name, !created)?;
        let Some(f) = self.files.get_mut(&key) else {
            return Ok(());
        };
        f.pos = if f.created { None } else { Some(0) };
        f.created = true;
        f.file = Some(file);
        f.open_stamp = stamp;
        self.open_count += 1;
        self.open_order.push_back((key, stamp));
        Ok(())
    }

    fn close_oldest(&mut self) -> bool {
        while let Some((key, stamp)) = self.open_order.pop_front() {
            if let Some(f) = self.files.get_mut(&key) {
                if f.open_stamp == stamp && f.file.is_some() {
                    f.file = None;
                    f.pos = None;
                    self.open_count -= 1;
                    return true;
                }
            }
        }
        false
    }
}

impl StreamStore for OpenFiles {
    fn write(
        &mut self,
        key: FileKey,
        new_name: Option<&str>,
        pos: u64,
        chunks: Chunks,
    ) -> io::Result<()> {
        if let Some(name) = new_name {
            if let Some(old) = self.files.insert(
                key,
                Stored {
                    name: name.to_owned(),
                    created: false,
                    file: None,
                    pos: None,
                    open_stamp: 0,
                },
            ) {
                if old.file.is_some() {
                    self.open_count -= 1;
                }
            }
        }
        self.ensure_open(key)?;
        let written = match self.files.get_mut(&key) {
            Some(Stored {
                file: Some(file),
                pos: at,
                ..
            }) => {
                let seek = match *at {
                    Some(p) if p == pos => Ok(0),
                    _ => file.seek(SeekFrom::Start(pos)),
                };
                *at = None;
                let r = seek.and_then(|_| write_chunks(file, &chunks));
                if r.is_ok() {
                    let len: usize = chunks.iter().map(Vec::len).sum();
                    *at = Some(pos + len as u64);
                }
                r
            }
            _ => Ok(()),
        };
        for chunk in chunks {
            keep_spare(&mut self.spare, chunk);
        }
        written
    }

    fn write_whole(
        &mut self,
        name: &str,
        pos: u64,
        chunks: Chunks,
        set_len: Option<u64>,
    ) -> io::Result<()> {
        let written = self.open_in_dir(name, true).and_then(|mut file| {
            if pos > 0 {
                file.seek(SeekFrom::Start(pos))?;
            }
            write_chunks(&mut file, &chunks)?;
            match set_len {
                Some(len) => file.set_len(len),
                None => Ok(()),
            }
        });
        for chunk in chunks {
            keep_spare(&mut self.spare, chunk);
        }
        written
    }

    fn take_spare(&mut self, into: &mut Vec<Vec<u8>>) {
        while into.len() < SPARE_CHUNKS {
            match self.spare.pop() {
                Some(b) => into.push(b),
                None => break,
            }
        }
    }

    fn close(&mut self, key: FileKey, set_len: Option<u64>) -> io::Result<()> {
        let opened = match (self.files.get(&key), set_len) {
            (None, _) => return Ok(()),
            (Some(_), Some(_)) => self.ensure_open(key),
            (Some(_), None) => Ok(()),
        };
        let Some(f) = self.files.remove(&key) else {
            return opened;
        };
        if f.file.is_some() {
            self.open_count -= 1;
        }
        opened?;
        if let (Some(len), Some(file)) = (set_len, f.file.as_ref()) {
            file.set_len(len)?;
        }
        Ok(())
    }

    fn finish(mut self) -> io::Result<()> {
        let keys: Vec<FileKey> = self.files.keys().copied().collect();
        for key in keys {
            self.close(key, None)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::tests::{
        c, client, handshake, s, server, whole_connection, ACK, C2S, CI, FIN, RST, S2C, SI, SYN,
    };
    use crate::flow::{FlowTable, Limits, Segment, Timestamp};

    /// Reads a written file.
    fn read(dir: &std::path::Path, name: &str) -> Vec<u8> {
        std::fs::read(dir.join(name)).unwrap()
    }

    /// The index, one JSON value per line.
    fn index(dir: &std::path::Path) -> Vec<serde_json::Value> {
        std::fs::read_to_string(dir.join("index.jsonl"))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// A connection whose client stream misses [3, 6) and [9, 11) (before the FIN).
    fn holey_connection() -> Vec<Segment<'static>> {
        let mut segs = handshake(CI, SI);
        segs.extend([
            c(CI + 1, SI + 1, ACK, b"abc"),
            c(CI + 7, SI + 1, ACK, b"ghi"),
            s(SI + 1, CI + 4, ACK, b"ok"),
            c(CI + 12, SI + 3, ACK | FIN, b""),
            s(SI + 3, CI + 13, ACK | FIN, b""),
            c(CI + 13, SI + 4, ACK, b""),
        ]);
        segs
    }

    fn write_all(segs: &[Segment<'_>], dir: &std::path::Path, opts: WriteOptions) {
        let mut table = FlowTable::new(Limits::default());
        let mut sink = FileSink::create(dir, opts).unwrap();
        for seg in segs {
            table.push(seg, &mut sink).unwrap();
        }
        table.finish(&mut sink).unwrap();
        sink.finish().unwrap();
    }

    #[test]
    fn file_names_come_from_the_endpoints_and_reuse() {
        let mut info = ConnInfo {
            id: 7,
            reuse: 0,
            client: client(),
            server: server(),
            start: Timestamp::default(),
            scope: Default::default(),
        };
        assert_eq!(file_name(&info, C2S), "10.0.0.1.40000-10.0.0.2.80");
        assert_eq!(file_name(&info, S2C), "10.0.0.2.80-10.0.0.1.40000");
        info.reuse = 2;
        assert_eq!(file_name(&info, C2S), "10.0.0.1.40000-10.0.0.2.80-2");
        info.client = "[2001:db8::1]:443".parse().unwrap();
        assert_eq!(file_name(&info, C2S), "2001:db8::1.443-10.0.0.2.80-2");
        info.client = "[::ffff:192.0.2.9]:0".parse().unwrap();
        info.server = "255.0.109.1:65535".parse().unwrap();
        info.reuse = 4_000_000_000;
        assert_eq!(
            file_name(&info, S2C),
            "255.0.109.1.65535-::ffff:192.0.2.9.0-4000000000"
        );
        // The same as `Display` writes, for every octet.
        for o in 0..=255u8 {
            let a = SocketAddr::from(([o, 99 - o / 3, 1, o / 10], 7));
            let mut name = String::new();
            push_endpoint(&mut name, a);
            assert_eq!(name, format!("{}.7", a.ip()));
        }
    }

    #[test]
    fn written_streams_follow_on_across_gaps_and_the_index_gives_every_gap() {
        let dir = tempfile::tempdir().unwrap();
        write_all(&holey_connection(), dir.path(), WriteOptions::default());
        assert_eq!(read(dir.path(), "10.0.0.1.40000-10.0.0.2.80"), b"abcghi");
        assert_eq!(read(dir.path(), "10.0.0.2.80-10.0.0.1.40000"), b"ok");
        let index = index(dir.path());
        assert_eq!(index.len(), 1);
        let line = &index[0];
        assert_eq!(line["id"], 0);
        assert_eq!(line["ended"], "fin_both");
        assert_eq!(line["to_server"]["missing_bytes"], 5);
        let up = &line["files"]["to_server"];
        assert_eq!(up["name"], "10.0.0.1.40000-10.0.0.2.80");
        assert_eq!(up["size"], 6);
        assert_eq!(
            up["gaps"],
            serde_json::json!([
                {"offset": 3, "len": 3, "cause": "lost", "file_offset": 3},
                {"offset": 9, "len": 2, "cause": "lost", "file_offset": 6},
            ])
        );
        assert_eq!(line["files"]["to_client"]["gaps"], serde_json::json!([]));
    }

    #[test]
    fn fill_gaps_writes_zeros_in_place_of_missing_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let opts = WriteOptions {
            fill_gaps: true,
            ..WriteOptions::default()
        };
        write_all(&holey_connection(), dir.path(), opts);
        assert_eq!(
            read(dir.path(), "10.0.0.1.40000-10.0.0.2.80"),
            b"abc\0\0\0ghi\0\0"
        );
        let index = index(dir.path());
        let up = &index[0]["files"]["to_server"];
        assert_eq!(up["size"], 11);
        assert_eq!(up["gaps"][1]["file_offset"], 9);
    }

    #[test]
    fn a_direction_with_nothing_written_has_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let segs = [
            c(CI, 0, SYN, b""),
            s(SI, CI + 1, SYN | ACK, b""),
            c(CI + 1, SI + 1, RST, b""),
        ];
        write_all(&segs, dir.path(), WriteOptions::default());
        let index = index(dir.path());
        assert_eq!(index[0]["ended"], "rst_client");
        assert!(index[0]["files"]["to_server"].is_null());
        assert!(index[0]["files"]["to_client"].is_null());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["index.jsonl"]);
    }

    #[test]
    fn a_reused_4_tuple_gets_numbered_files() {
        let dir = tempfile::tempdir().unwrap();
        let mut segs = whole_connection(CI, SI, b"one", b"1");
        segs.extend(whole_connection(900_000, 800_000, b"two", b"2"));
        write_all(&segs, dir.path(), WriteOptions::default());
        assert_eq!(read(dir.path(), "10.0.0.1.40000-10.0.0.2.80"), b"one");
        assert_eq!(read(dir.path(), "10.0.0.1.40000-10.0.0.2.80-1"), b"two");
        assert_eq!(read(dir.path(), "10.0.0.2.80-10.0.0.1.40000-1"), b"2");
        let index = index(dir.path());
        assert_eq!(index.len(), 2);
        assert_eq!(index[1]["reuse"], 1);
        assert_eq!(
            index[1]["files"]["to_server"]["name"],
            "10.0.0.1.40000-10.0.0.2.80-1"
        );
    }

    #[test]
    fn more_streams_than_open_files_are_reopened_and_appended() {
        let dir = tempfile::tempdir().unwrap();
        let other: SocketAddr = "10.0.0.3:50000".parse().unwrap();
        let from_other = |seq: u32, payload: &'static [u8]| Segment {
            src: other,
            ..c(seq, 1, ACK, payload)
        };
        let segs = [
            c(1, 1, ACK, b"aa"),
            from_other(1, b"xx"),
            s(1, 3, ACK, b"AA"),
            c(3, 3, ACK, b"bb"),
            from_other(5, b"zz"),
            from_other(3, b"yy"),
            c(5, 3, ACK, b"cc"),
        ];
        let opts = WriteOptions {
            fill_gaps: true,
            max_open_files: 1,
            community_id_seed: 0,
        };
        write_all(&segs, dir.path(), opts);
        assert_eq!(read(dir.path(), "10.0.0.1.40000-10.0.0.2.80"), b"aabbcc");
        assert_eq!(read(dir.path(), "10.0.0.2.80-10.0.0.1.40000"), b"AA");
        assert_eq!(read(dir.path(), "10.0.0.3.50000-10.0.0.2.80"), b"xxyyzz");
    }

    /// Many streams given a piece at a time, interleaved, with filled
    /// gaps, some past [`FILE_BUFFER`] and together past [`SINK_BUFFER`],
    /// two files open at most: each file holds its bytes at their offsets,
    /// zeros in the gaps (a trailing one too).
    #[test]
    fn every_byte_lands_at_its_offset_whatever_is_gathered() {
        let dir = tempfile::tempdir().unwrap();
        let opts = WriteOptions {
            fill_gaps: true,
            max_open_files: 2,
            community_id_seed: 0,
        };
        let store = OpenFiles::new(dir.path(), 2).unwrap();
        let mut sink = FileSink::with_store(dir.path(), opts, store).unwrap();
        let files = 300u64;
        let conns: Vec<ConnInfo> = (0..files)
            .map(|id| ConnInfo {
                id,
                reuse: 0,
                client: SocketAddr::new([10, 1, 0, id as u8].into(), 1000 + id as u16),
                server: server(),
                start: Timestamp::default(),
                scope: Default::default(),
            })
            .collect();
        // Each file's expected content.
        let mut model: Vec<Vec<u8>> = vec![Vec::new(); files as usize];
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        let mut step = || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        let mut max_held = 0;
        for round in 0..40u64 {
            for (conn, m) in conns.iter().zip(&mut model) {
                let id = conn.id;
                let r = step();
                // A few files get big pieces, the others small ones.
                let len = if id % 7 == 0 { 1 + r % 9000 } else { r % 700 } as usize;
                let at = m.len() as u64;
                if r % 5 == 0 {
                    let len = 1 + (r >> 20) % 300;
                    let gap = Gap {
                        offset: at,
                        len,
                        cause: GapCause::Lost,
                    };
                    sink.gap(conn, C2S, &gap).unwrap();
                    m.resize(m.len() + len as usize, 0);
                }
                let bytes = vec![(id * 31 + round) as u8; len];
                sink.data(conn, C2S, m.len() as u64, &bytes).unwrap();
                m.extend_from_slice(&bytes);
                max_held = max_held.max(sink.buffers.held);
            }
        }
        assert!(max_held <= SINK_BUFFER, "{max_held}");
        assert!(max_held > SINK_BUFFER / 2, "{max_held}");
        assert!(sink.store.open_count <= 2);
        // Every third file ends in a gap: a hole made by set_len.
        for (conn, m) in conns.iter().zip(&mut model).step_by(3) {
            let gap = Gap {
                offset: m.len() as u64,
                len: 100,
                cause: GapCause::Lost,
            };
            sink.gap(conn, C2S, &gap).unwrap();
            m.resize(m.len() + 100, 0);
        }
        sink.finish().unwrap();
        for (conn, m) in conns.iter().zip(&model) {
            let got = read(dir.path(), &file_name(conn, C2S));
            assert!(
                got == *m,
                "file {}: {} bytes, want {}",
                conn.id,
                got.len(),
                m.len()
            );
        }
        assert!(model.iter().any(|m| m.len() > 2 * FILE_BUFFER));
    }

    /// Chunks of any length, more than one `writev` takes, and empty
    /// ones, land one after the other at the position given; chunks of
    /// [`CHUNK`] bytes come back for reuse.
    #[test]
    fn a_store_writes_every_chunk_in_order_and_gives_chunks_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = OpenFiles::new(dir.path(), 1).unwrap();
        let chunks: Chunks = (0..40u8)
            .map(|i| {
                let mut c = Vec::with_capacity(CHUNK);
                c.resize(usize::from(i % 5) * 1000, i);
                c
            })
            .collect();
        let mut want = vec![0u8; 10];
        want.extend(chunks.concat());
        want.extend_from_slice(b"end");
        let key = (1, C2S);
        store.write(key, Some("f"), 10, chunks).unwrap();
        // Another file takes the one open slot: "f" is reopened.
        store
            .write((2, C2S), Some("g"), 0, vec![b"g".to_vec()])
            .unwrap();
        store
            .write(key, None, want.len() as u64 - 3, vec![b"end".to_vec()])
            .unwrap();
        let mut spare = Vec::new();
        store.take_spare(&mut spare);
        assert_eq!(spare.len(), 40);
        assert!(spare.iter().all(|c| c.is_empty() && c.capacity() == CHUNK));
        store.finish().unwrap();
        assert_eq!(read(dir.path(), "f"), want);
        assert_eq!(read(dir.path(), "g"), b"g");
    }
}
