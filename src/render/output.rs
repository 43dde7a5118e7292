//! The one writer all standard output goes through.
//!
//! Rust's `stdout` is line-buffered, which is several times slower than
//! block buffering when writing into a pipe or a file. `Output` writes whole
//! packets into a large buffer and flushes it when full, after every packet
//! when asked (a terminal, `-l`), and always before the run ends.

use std::io::{self, Write};

/// Buffered output with a per-packet flush policy.
pub struct Output {
    inner: Box<dyn Write>,
    buf: Vec<u8>,
    flush_each: bool,
}

const CAPACITY: usize = 64 * 1024;

impl Output {
    /// Wraps a writer. With `flush_each`, each [`Output::end_packet`]
    /// flushes.
    pub fn new(inner: Box<dyn Write>, flush_each: bool) -> Output {
        Output {
            inner,
            buf: Vec::with_capacity(CAPACITY),
            flush_each,
        }
    }

    /// Standard output.
    pub fn stdout(flush_each: bool) -> Output {
        Output::new(Box::new(io::stdout()), flush_each)
    }

    /// The buffer to render into; the caller appends one packet's bytes.
    pub fn buf(&mut self) -> &mut Vec<u8> {
        &mut self.buf
    }

    /// Marks the end of a packet: writes out when the buffer is full or
    /// when flushing per packet.
    pub fn end_packet(&mut self) -> io::Result<()> {
        if self.flush_each || self.buf.len() >= CAPACITY {
            self.flush()?;
        }
        Ok(())
    }

    /// Appends the bytes of several whole packets and ends them, as
    /// [`Output::buf`] and [`Output::end_packet`] would, but a run of at
    /// least a buffer's size is written straight out (after what is
    /// buffered) instead of being copied into the buffer first. When
    /// flushing per packet, the caller ends each packet itself.
    pub fn write_packets(&mut self, bytes: &[u8]) -> io::Result<()> {
        if self.flush_each || bytes.len() < CAPACITY {
            self.buf.extend_from_slice(bytes);
            return self.end_packet();
        }
        if !self.buf.is_empty() {
            self.inner.write_all(&self.buf)?;
            self.buf.clear();
        }
        self.inner.write_all(bytes)
    }

    /// Whether each packet is flushed as it ends (a terminal, `-l`).
    pub fn flushes_each_packet(&self) -> bool {
        self.flush_each
    }

    /// Writes out everything buffered.
    pub fn flush(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            self.inner.write_all(&self.buf)?;
            self.buf.clear();
        }
        self.inner.flush()
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        // Errors here (a closed pipe) have nowhere to go.
        let _ = self.flush();
    }
}
