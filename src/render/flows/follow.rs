//! `follow`: one connection's conversation, a turn at a time, as tshark's
//! `follow,tcp,ascii` and `follow,tcp,hex` print it, or the raw bytes.

use std::io;
use std::net::SocketAddr;

use super::table::plural;
use crate::flow::{ConnInfo, ConnSummary, Direction, FlowSink, Gap, GapCause};
use crate::render::Output;

/// Why bytes are missing, as `follow` shows it.
pub fn gap_cause_label(c: GapCause) -> &'static str {
    match c {
        GapCause::Lost => "not captured",
        GapCause::Snaplen => "cut by the snapshot length",
        GapCause::Limit => "given up by a memory limit",
    }
}

/// How `follow` prints a conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FollowStyle {
    /// tshark's `follow,tcp,ascii`, a turn at a time.
    Ascii,
    /// tshark's `follow,tcp,hex`, a turn at a time.
    Hex,
    /// The bytes alone.
    Raw,
}

const RULE: &str = "===================================================================";

/// The node number of a direction's sender: 0 the client, 1 the server.
fn node(dir: Direction) -> usize {
    match dir {
        Direction::ClientToServer => 0,
        Direction::ServerToClient => 1,
    }
}

/// Lines of the server's turns are indented by a tab, as tshark does.
fn indent(dir: Direction) -> &'static str {
    match dir {
        Direction::ClientToServer => "",
        Direction::ServerToClient => "\t",
    }
}

/// The header before the conversation (nothing for [`FollowStyle::Raw`]).
pub fn write_follow_header(
    buf: &mut Vec<u8>,
    style: FollowStyle,
    conn: &ConnInfo,
    filter: Option<&str>,
) {
    let name = match style {
        FollowStyle::Ascii => "ascii",
        FollowStyle::Hex => "hex",
        FollowStyle::Raw => return,
    };
    let mut s = format!("\n{RULE}\nFollow: tcp,{name}\nStream: {}\n", conn.id);
    if let Some(f) = filter {
        s.push_str(&format!("Filter: {f}\n"));
    }
    for dir in Direction::BOTH {
        let (from, _) = conn.endpoints(dir);
        s.push_str(&format!("Node {}: {from}\n", node(dir)));
    }
    buf.extend_from_slice(s.as_bytes());
}

/// The line after the conversation (nothing for [`FollowStyle::Raw`]).
pub fn write_follow_footer(buf: &mut Vec<u8>, style: FollowStyle) {
    if style != FollowStyle::Raw {
        buf.extend_from_slice(RULE.as_bytes());
        buf.push(b'\n');
    }
}

/// What the ASCII view shows for byte `b`, `next` being the byte after it:
/// printable ASCII, tab, line feed, and a carriage return that ends a line
/// (CR LF) as they are; anything else as a dot.
fn ascii_char(b: u8, next: Option<u8>) -> u8 {
    match b {
        0x20..=0x7e | b'\n' | b'\t' => b,
        b'\r' if next == Some(b'\n') => b,
        _ => b'.',
    }
}

/// One turn: bytes `dir`'s sender sent in a row, from stream offset
/// `offset`.
pub fn write_follow_turn(
    buf: &mut Vec<u8>,
    style: FollowStyle,
    dir: Direction,
    offset: u64,
    bytes: &[u8],
) {
    match style {
        FollowStyle::Raw => buf.extend_from_slice(bytes),
        FollowStyle::Ascii => {
            buf.extend_from_slice(format!("{}{}\n", indent(dir), bytes.len()).as_bytes());
            let nexts = bytes.iter().skip(1).map(|&b| Some(b)).chain([None]);
            buf.extend(bytes.iter().zip(nexts).map(|(&b, n)| ascii_char(b, n)));
            buf.push(b'\n');
        }
        FollowStyle::Hex => write_hex(buf, indent(dir), offset, bytes),
    }
}

/// Bytes missing from `dir`'s stream: a marker line (nothing for
/// [`FollowStyle::Raw`], which never invents bytes).
pub fn write_follow_gap(buf: &mut Vec<u8>, style: FollowStyle, dir: Direction, gap: &Gap) {
    if style == FollowStyle::Raw {
        return;
    }
    let line = format!(
        "{}[{} missing at offset {}: {}]\n",
        indent(dir),
        plural(gap.len, "byte", "bytes"),
        gap.offset,
        gap_cause_label(gap.cause)
    );
    buf.extend_from_slice(line.as_bytes());
}

/// tshark's hex follow layout: the stream offset (8 upper-case hex
/// digits), 16 bytes in two groups of 8, then the same bytes as ASCII in
/// two groups of 8, non-printables as dots.
fn write_hex(buf: &mut Vec<u8>, indent: &str, offset: u64, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for (i, chunk) in bytes.chunks(16).enumerate() {
        let mut line = Vec::with_capacity(80);
        line.extend_from_slice(indent.as_bytes());
        let at = offset + 16 * i as u64;
        line.extend_from_slice(format!("{:08X}  ", at & 0xffff_ffff).as_bytes());
        let mut width = 0;
        for (j, &b) in chunk.iter().enumerate() {
            if j == 8 {
                line.push(b' ');
                width += 1;
            }
            line.push(HEX[usize::from(b >> 4)]);
            line.push(HEX[usize::from(b & 0x0f)]);
            line.push(b' ');
            width += 3;
        }
        // The hex field is 49 columns wide (16 × 3 + the group space).
        line.resize(line.len() + (49 - width), b' ');
        line.push(b' ');
        for (j, &b) in chunk.iter().enumerate() {
            if j == 8 {
                line.push(b' ');
            }
            line.push(if (0x20..=0x7e).contains(&b) { b } else { b'.' });
        }
        // tshark leaves no trailing blanks (a space as the last byte shows
        // in the hex only).
        while line.last() == Some(&b' ') {
            line.pop();
        }
        line.push(b'\n');
        buf.extend_from_slice(&line);
    }
}

/// Prints one connection's conversation as it is reassembled, holding one
/// turn (the bytes one side sent in a row) at a time; in raw form not even
/// that.
pub struct FollowWriter<'o> {
    /// The connection printed, once known.
    id: Option<u64>,
    /// Else its two ends, in either order: the first connection between
    /// them is the one printed.
    ends: Option<(SocketAddr, SocketAddr)>,
    style: FollowStyle,
    label: Option<String>,
    out: &'o mut Output,
    /// The turn being gathered: who, its first stream offset, its bytes.
    turn: Option<(Direction, u64, Vec<u8>)>,
    /// A gap not yet printed: the next ones may continue it.
    gap: Option<(Direction, Gap)>,
    opened: bool,
    closed: bool,
    evicted: bool,
}

impl<'o> FollowWriter<'o> {
    /// Prints connection `id` in `style`; `label` (the filter that picked
    /// it, if any) is shown in the header.
    pub fn new(id: u64, style: FollowStyle, label: Option<String>, out: &'o mut Output) -> Self {
        FollowWriter {
            id: Some(id),
            ends: None,
            style,
            label,
            out,
            turn: None,
            gap: None,
            opened: false,
            closed: false,
            evicted: false,
        }
    }

    /// Prints the first connection between `a` and `b` (either way round)
    /// in `style`.
    pub fn between(a: SocketAddr, b: SocketAddr, style: FollowStyle, out: &'o mut Output) -> Self {
        FollowWriter {
            id: None,
            ends: Some((a, b)),
            ..FollowWriter::new(0, style, None, out)
        }
    }

    /// The connection was seen.
    pub fn seen(&self) -> bool {
        self.opened
    }

    /// The connection ended and its footer was printed.
    pub fn done(&self) -> bool {
        self.closed
    }

    /// The connection was evicted by the state limit before its end: its
    /// conversation stops where it was evicted.
    pub fn evicted(&self) -> bool {
        self.evicted
    }

    fn end_turn(&mut self) -> io::Result<()> {
        if let Some((dir, offset, bytes)) = self.turn.take() {
            write_follow_turn(self.out.buf(), self.style, dir, offset, &bytes);
            self.out.end_packet()?;
        }
        Ok(())
    }

    fn end_gap(&mut self) {
        if let Some((dir, gap)) = self.gap.take() {
            write_follow_gap(self.out.buf(), self.style, dir, &gap);
        }
    }
}

impl FlowSink for FollowWriter<'_> {
    type Error = io::Error;
    fn opened(&mut self, conn: &ConnInfo) -> io::Result<()> {
        if let (None, Some((a, b))) = (self.id, self.ends) {
            if (conn.client, conn.server) == (a, b) || (conn.client, conn.server) == (b, a) {
                self.id = Some(conn.id);
            }
        }
        if Some(conn.id) == self.id {
            self.opened = true;
            write_follow_header(self.out.buf(), self.style, conn, self.label.as_deref());
        }
        Ok(())
    }

    fn data(
        &mut self,
        conn: &ConnInfo,
        dir: Direction,
        offset: u64,
        bytes: &[u8],
    ) -> io::Result<()> {
        if Some(conn.id) != self.id {
            return Ok(());
        }
        self.end_gap();
        if self.style == FollowStyle::Raw {
            self.out.buf().extend_from_slice(bytes);
            return self.out.end_packet();
        }
        match &mut self.turn {
            Some((d, start, buf)) if *d == dir && *start + buf.len() as u64 == offset => {
                buf.extend_from_slice(bytes);
                Ok(())
            }
            _ => {
                self.end_turn()?;
                self.turn = Some((dir, offset, bytes.to_vec()));
                Ok(())
            }
        }
    }

    fn gap(&mut self, conn: &ConnInfo, dir: Direction, gap: &Gap) -> io::Result<()> {
        if Some(conn.id) != self.id {
            return Ok(());
        }
        self.end_turn()?;
        // Consecutive gaps of one side and one cause (a segment each) are
        // shown as one.
        match &mut self.gap {
            Some((d, g)) if *d == dir && g.cause == gap.cause && g.offset + g.len == gap.offset => {
                g.len += gap.len;
            }
            _ => {
                self.end_gap();
                self.gap = Some((dir, *gap));
            }
        }
        Ok(())
    }

    fn closed(&mut self, summary: &ConnSummary) -> io::Result<()> {
        if Some(summary.id) == self.id {
            self.end_turn()?;
            self.end_gap();
            write_follow_footer(self.out.buf(), self.style);
            self.closed = true;
            self.evicted = summary.evicted;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::Timestamp;

    fn conn() -> ConnInfo {
        ConnInfo {
            id: 3,
            reuse: 0,
            client: "10.0.0.2:40000".parse().unwrap(),
            server: "10.0.0.1:80".parse().unwrap(),
            start: Timestamp::new(0, 0),
            scope: Default::default(),
        }
    }

    fn text(buf: Vec<u8>) -> String {
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn hex_lines_like_tshark() {
        // 23 bytes: one full line, one of 7 bytes; the server's turn is
        // indented by a tab and its offsets are its own stream's.
        let bytes = b"GET /hello.txt HTTP/1.1";
        let mut buf = Vec::new();
        write_follow_turn(
            &mut buf,
            FollowStyle::Hex,
            Direction::ServerToClient,
            0x50,
            bytes,
        );
        let want = [
            "\t00000050  47 45 54 20 2f 68 65 6c  6c 6f 2e 74 78 74 20 48  GET /hel lo.txt H\n",
            // 7 bytes: 20 columns of hex, 30 blanks to the ASCII.
            "\t00000060  54 54 50 2f 31 2e 31",
            "                              ",
            "TTP/1.1\n",
        ];
        assert_eq!(text(buf), want.concat());
    }

    #[test]
    fn hex_line_of_nine_bytes_splits_the_ascii() {
        let mut buf = Vec::new();
        write_follow_turn(
            &mut buf,
            FollowStyle::Hex,
            Direction::ClientToServer,
            0xa0,
            b"ab\x00defgh\xff",
        );
        // 9 bytes: 28 columns of hex, 23 blanks; offsets in upper case.
        let want = [
            "000000A0  61 62 00 64 65 66 67 68  ff",
            &" ".repeat(23),
            "ab.defgh .\n",
        ];
        assert_eq!(text(buf), want.concat());
    }

    #[test]
    fn ascii_keeps_lines_and_dots_the_rest() {
        let mut buf = Vec::new();
        // CR LF kept, a lone CR and a NUL and 0xff dotted.
        write_follow_turn(
            &mut buf,
            FollowStyle::Ascii,
            Direction::ClientToServer,
            0,
            b"a\r\nb\rc\x00\xff\t",
        );
        assert_eq!(text(buf), "9\na\r\nb.c..\t\n");
        let mut buf = Vec::new();
        write_follow_turn(
            &mut buf,
            FollowStyle::Ascii,
            Direction::ServerToClient,
            9,
            b"ok",
        );
        assert_eq!(text(buf), "\t2\nok\n");
    }

    #[test]
    fn raw_is_the_bytes_and_never_a_gap() {
        let mut buf = Vec::new();
        write_follow_header(&mut buf, FollowStyle::Raw, &conn(), None);
        write_follow_turn(
            &mut buf,
            FollowStyle::Raw,
            Direction::ClientToServer,
            0,
            b"\x00\x01",
        );
        let gap = Gap {
            offset: 2,
            len: 5,
            cause: GapCause::Lost,
        };
        write_follow_gap(&mut buf, FollowStyle::Raw, Direction::ClientToServer, &gap);
        write_follow_turn(
            &mut buf,
            FollowStyle::Raw,
            Direction::ServerToClient,
            0,
            b"\xff",
        );
        write_follow_footer(&mut buf, FollowStyle::Raw);
        assert_eq!(buf, b"\x00\x01\xff");
    }

    #[test]
    fn header_names_both_nodes_and_gaps_are_marked() {
        let mut buf = Vec::new();
        write_follow_header(&mut buf, FollowStyle::Ascii, &conn(), Some("port 80"));
        let gap = Gap {
            offset: 1448,
            len: 1,
            cause: GapCause::Snaplen,
        };
        write_follow_gap(
            &mut buf,
            FollowStyle::Ascii,
            Direction::ServerToClient,
            &gap,
        );
        write_follow_footer(&mut buf, FollowStyle::Ascii);
        assert_eq!(
            text(buf),
            format!(
                "\n{RULE}\nFollow: tcp,ascii\nStream: 3\nFilter: port 80\n\
                 Node 0: 10.0.0.2:40000\nNode 1: 10.0.0.1:80\n\
                 \t[1 byte missing at offset 1448: cut by the snapshot length]\n{RULE}\n"
            )
        );
    }
}
