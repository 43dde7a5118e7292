//! Line-oriented text protocols over TCP: HTTP (RFC 9112 section 3 and
//! 4, plus WebDAV methods), RTSP (RFC 7826), FTP (RFC 959), SMTP (RFC
//! 5321), WHOIS (RFC 3912); and the SSH version banner (RFC 4253 section
//! 4.2).
//!
//! What is decoded is what tcpdump's `txtproto_print` looks at: whether
//! the payload starts like a request or a response (a known method as the
//! first token, or a three-digit status code as the first or second
//! token), and its lines. A line ends at LF or CR LF; a line holding
//! anything but printable ASCII and tabs ends the text. Lines are read
//! lazily from the captured bytes; the walk reports whether text ran past
//! the capture or past the segment without a line end.

use super::bytes::prefix;

/// Which text protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proto {
    Http,
    Rtsp,
    Ftp,
    Smtp,
    Whois,
}

impl Proto {
    /// The protocol's lowercase name (tcpdump's `ndo_protocol`).
    pub fn name(self) -> &'static str {
        match self {
            Proto::Http => "http",
            Proto::Rtsp => "rtsp",
            Proto::Ftp => "ftp",
            Proto::Smtp => "smtp",
            Proto::Whois => "whois",
        }
    }
}

/// How a protocol's messages are told apart from continuation data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Requests start with one of these methods; responses carry a status
    /// code as their second token (HTTP-like).
    Methods(&'static [&'static str]),
    /// Every payload is text to show (FTP and SMTP commands and replies,
    /// WHOIS).
    AllText,
}

/// HTTP/1.x methods, WebDAV's included (RFC 4918, RFC 3253, RFC 3744 ...).
pub const HTTP_METHODS: &[&str] = &[
    "GET",
    "PUT",
    "COPY",
    "HEAD",
    "LOCK",
    "MOVE",
    "POLL",
    "POST",
    "BCOPY",
    "BMOVE",
    "MKCOL",
    "TRACE",
    "LABEL",
    "MERGE",
    "DELETE",
    "SEARCH",
    "UNLOCK",
    "REPORT",
    "UPDATE",
    "NOTIFY",
    "BDELETE",
    "CONNECT",
    "OPTIONS",
    "CHECKIN",
    "PROPFIND",
    "CHECKOUT",
    "CCM_POST",
    "SUBSCRIBE",
    "PROPPATCH",
    "BPROPFIND",
    "BPROPPATCH",
    "UNCHECKOUT",
    "MKACTIVITY",
    "MKWORKSPACE",
    "UNSUBSCRIBE",
    "RPC_CONNECT",
    "VERSION-CONTROL",
    "BASELINE-CONTROL",
];

/// RTSP methods (RFC 7826 section 13).
pub const RTSP_METHODS: &[&str] = &[
    "DESCRIBE",
    "ANNOUNCE",
    "GET_PARAMETER",
    "OPTIONS",
    "PAUSE",
    "PLAY",
    "RECORD",
    "REDIRECT",
    "SETUP",
    "SET_PARAMETER",
    "TEARDOWN",
];

/// How `proto` marks its messages.
pub fn kind_of(proto: Proto) -> Kind {
    match proto {
        Proto::Http => Kind::Methods(HTTP_METHODS),
        Proto::Rtsp => Kind::Methods(RTSP_METHODS),
        Proto::Ftp | Proto::Smtp | Proto::Whois => Kind::AllText,
    }
}

/// The longest token looked at (tcpdump's MAX_TOKEN).
const MAX_TOKEN: usize = 128;

/// A text protocol payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text<'a> {
    pub proto: Proto,
    /// The captured payload.
    pub data: &'a [u8],
    /// The payload length the segment claims.
    pub length: u32,
    /// The payload starts a request or response (always true for
    /// [`Kind::AllText`] protocols).
    pub is_message: bool,
}

/// One step of the line walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Line<'a> {
    /// A line, without its LF or CR LF.
    Line(&'a [u8]),
    /// Printable text up to the end of the segment with no line end.
    Unterminated(&'a [u8]),
    /// Not text (a control byte, a lone CR, or a CR as the last byte of
    /// the segment): the walk ends.
    NotText,
    /// The capture ended before the line did: the walk ends.
    CaptureEnd,
}

fn is_print(c: u8) -> bool {
    (0x20..0x7f).contains(&c)
}

impl<'a> Text<'a> {
    /// Reads `data` (captured) of a `length`-byte payload.
    pub fn new(proto: Proto, data: &'a [u8], length: u32, kind: Kind) -> Text<'a> {
        let data = prefix(data, length as usize);
        let is_message = match kind {
            Kind::AllText => true,
            Kind::Methods(methods) => is_message(data, length as usize, methods),
        };
        Text {
            proto,
            data,
            length,
            is_message,
        }
    }

    /// The line starting at `idx`, and where the next one starts.
    pub fn line_at(&self, idx: usize) -> (Line<'a>, usize) {
        let len = self.length as usize;
        let mut i = idx;
        while i < len {
            let Some(&c) = self.data.get(i) else {
                return (Line::CaptureEnd, i);
            };
            match c {
                b'\n' => return (Line::Line(self.slice(idx, i)), i + 1),
                b'\r' => {
                    if i + 1 >= len {
                        return (Line::NotText, i);
                    }
                    return match self.data.get(i + 1) {
                        None => (Line::CaptureEnd, i),
                        Some(b'\n') => (Line::Line(self.slice(idx, i)), i + 2),
                        Some(_) => (Line::NotText, i),
                    };
                }
                c if !is_print(c) && c != b'\t' => return (Line::NotText, i),
                _ => i += 1,
            }
        }
        (Line::Unterminated(self.slice(idx, i)), i)
    }

    fn slice(&self, from: usize, to: usize) -> &'a [u8] {
        self.data.get(from..to).unwrap_or(&[])
    }

    /// Every line from the start, up to and including the step that ends
    /// the walk.
    pub fn lines(&self) -> Lines<'a> {
        Lines {
            text: *self,
            idx: 0,
            done: false,
        }
    }
}

/// The line walk of a [`Text`].
#[derive(Clone, Debug)]
pub struct Lines<'a> {
    text: Text<'a>,
    idx: usize,
    done: bool,
}

impl<'a> Iterator for Lines<'a> {
    type Item = Line<'a>;
    fn next(&mut self) -> Option<Line<'a>> {
        if self.done || self.idx >= self.text.length as usize {
            return None;
        }
        let (line, next) = self.text.line_at(self.idx);
        if !matches!(line, Line::Line(_)) {
            self.done = true;
        }
        self.idx = next;
        Some(line)
    }
}

/// The token at `idx`: printable ASCII up to a blank or line end, at most
/// `MAX_TOKEN` bytes, and where the next token starts; `None` when there is
/// no such token.
fn token(data: &[u8], idx: usize, len: usize) -> Option<(&[u8], usize)> {
    let mut i = idx;
    while i < len {
        let c = *data.get(i)?;
        if !c.is_ascii() {
            return None;
        }
        if matches!(c, b' ' | b'\t' | b'\r' | b'\n') {
            break;
        }
        if !is_print(c) || i - idx >= MAX_TOKEN {
            return None;
        }
        i += 1;
    }
    if i == idx {
        return None;
    }
    let tok = data.get(idx..i)?;
    while i < len {
        let Some(&c) = data.get(i) else { break };
        if c == b'\r' || c == b'\n' || !is_print(c) || (c != b' ' && c != b'\t') {
            break;
        }
        i += 1;
    }
    Some((tok, i))
}

/// Whether the payload starts with a method or carries a three-digit
/// status code as its second token.
fn is_message(data: &[u8], len: usize, methods: &[&str]) -> bool {
    let Some((first, idx)) = token(data, 0, len) else {
        return false;
    };
    if methods
        .iter()
        .any(|m| m.as_bytes().eq_ignore_ascii_case(first))
    {
        return true;
    }
    match token(data, idx, len) {
        Some((second, _)) => second.len() == 3 && second.iter().all(u8::is_ascii_digit),
        None => false,
    }
}

/// The SSH version banner a connection starts with ("SSH-2.0-...").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SshBanner<'a> {
    /// The banner line, without its line end.
    Version(&'a [u8]),
    /// The payload is not (or not a whole) banner line.
    None,
    /// The capture ended before the banner could be told.
    CaptureEnd,
}

impl<'a> SshBanner<'a> {
    /// Reads `data` (captured) of a `length`-byte payload.
    pub fn new(data: &'a [u8], length: u32) -> SshBanner<'a> {
        let data = prefix(data, length as usize);
        let len = length as usize;
        for (i, &want) in b"SSH-".iter().enumerate() {
            match data.get(i) {
                None => return SshBanner::CaptureEnd,
                Some(&c) if c != want => return SshBanner::None,
                Some(_) => {}
            }
        }
        let mut i = 4;
        while i < len {
            let Some(&c) = data.get(i) else {
                return SshBanner::CaptureEnd;
            };
            match c {
                b'\n' => return SshBanner::Version(prefix(data, i)),
                b'\r' => {
                    if i + 1 >= len {
                        return SshBanner::None;
                    }
                    return match data.get(i + 1) {
                        None => SshBanner::CaptureEnd,
                        Some(b'\n') => SshBanner::Version(prefix(data, i)),
                        Some(_) => SshBanner::None,
                    };
                }
                c if !is_print(c) => return SshBanner::None,
                _ => i += 1,
            }
        }
        SshBanner::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn http(data: &[u8]) -> Text<'_> {
        Text::new(Proto::Http, data, data.len() as u32, kind_of(Proto::Http))
    }

    #[test]
    fn requests_and_responses_are_messages() {
        assert!(http(b"GET / HTTP/1.1\r\n").is_message);
        assert!(http(b"propfind /x HTTP/1.1\r\n").is_message);
        assert!(http(b"HTTP/1.1 200 OK\r\n").is_message);
        assert!(http(b"FOO    123 x\r\n").is_message);
        // A tab ends the blanks after a token: no second token.
        assert!(!http(b"FOO\t123 x\r\n").is_message);
        assert!(!http(b"FOO 1234\r\n").is_message);
        assert!(!http(b" GET /\r\n").is_message);
        assert!(!http(b"\x01GET /\r\n").is_message);
        assert!(!http(b"").is_message);
        // Tokens are at most 128 bytes.
        let mut long = vec![b'a'; 129];
        long.extend_from_slice(b" 200 OK\r\n");
        assert!(!http(&long).is_message);
        let t = Text::new(Proto::Ftp, b"\x01\x02", 2, kind_of(Proto::Ftp));
        assert!(t.is_message);
    }

    #[test]
    fn line_walk() {
        let t = http(b"HTTP/1.1 200 OK\r\nA: b\n\r\nbody");
        let lines: Vec<_> = t.lines().collect();
        assert_eq!(
            lines,
            vec![
                Line::Line(b"HTTP/1.1 200 OK"),
                Line::Line(b"A: b"),
                Line::Line(b""),
                Line::Unterminated(b"body"),
            ]
        );
        // A CR as the segment's last byte, or before anything but LF.
        assert_eq!(http(b"abc\r").line_at(0).0, Line::NotText);
        assert_eq!(http(b"abc\rx\n").line_at(0).0, Line::NotText);
        assert_eq!(http(b"a\tb\x7f\n").line_at(0).0, Line::NotText);
        // The capture ends before the segment does.
        let cut = Text::new(Proto::Http, b"GET / HT", 20, kind_of(Proto::Http));
        assert_eq!(cut.line_at(0).0, Line::CaptureEnd);
        let cut = Text::new(Proto::Http, b"GET /\r", 20, kind_of(Proto::Http));
        assert_eq!(cut.line_at(0).0, Line::CaptureEnd);
    }

    #[test]
    fn ssh_banner() {
        assert_eq!(
            SshBanner::new(b"SSH-2.0-x\r\nrest", 15),
            SshBanner::Version(b"SSH-2.0-x")
        );
        assert_eq!(
            SshBanner::new(b"SSH-2.0-x\n", 10),
            SshBanner::Version(b"SSH-2.0-x")
        );
        assert_eq!(SshBanner::new(b"SSH-2.0-x", 9), SshBanner::None);
        assert_eq!(SshBanner::new(b"SSH-2.0-x\r", 10), SshBanner::None);
        assert_eq!(SshBanner::new(b"XSH-", 4), SshBanner::None);
        assert_eq!(SshBanner::new(b"SS", 10), SshBanner::CaptureEnd);
        assert_eq!(SshBanner::new(b"SSH-2.0", 10), SshBanner::CaptureEnd);
    }
}
