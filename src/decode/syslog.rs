//! Syslog over UDP (port 514). RFC 3164 and RFC 5424: the `<PRI>` prefix
//! (facility and severity) and the message after it, as bytes.
//!
//! Like tcpdump's `syslog_print`, the priority is at most three decimal
//! digits between `<` and `>`; anything else is [`Syslog::Invalid`]. The
//! message is kept as the captured bytes (it may hold any octet, NUL
//! included, RFC 5424 §8.2).

/// The most priority digits read.
pub const MAX_DIGITS: usize = 3;

/// A syslog message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Message<'a> {
    /// The message length per the UDP header.
    pub length: u32,
    /// The priority value (facility * 8 + severity), as read.
    pub pri: u16,
    /// Bytes of `<PRI>` before the message.
    pub header_len: usize,
    /// The captured message bytes after `<PRI>`, bounded by `length`.
    pub msg: &'a [u8],
    /// The whole message was captured.
    pub complete: bool,
    /// The captured bytes from the `<`, bounded by `length` (for
    /// tcpdump's -vv hex dump).
    pub raw: &'a [u8],
}

impl Message<'_> {
    /// tcpdump's facility: bits 3-9 of the priority.
    pub fn facility(&self) -> u16 {
        (self.pri & 0x03f8) >> 3
    }
    pub fn severity(&self) -> u16 {
        self.pri & 7
    }
}

/// The outcome of reading a syslog datagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syslog<'a> {
    Message(Message<'a>),
    /// No `<`, or no `>` after at most three digits.
    Invalid,
    /// The captured bytes ended inside `<PRI>`.
    Truncated,
}

/// Decodes a syslog datagram. `msg` is what was captured from the start of
/// the message to the end of the IP datagram; `length` is the UDP payload
/// length.
pub fn decode(msg: &[u8], length: u32) -> Syslog<'_> {
    let mut bytes = msg.iter().copied();
    match bytes.next() {
        None => return Syslog::Truncated,
        Some(b'<') => {}
        Some(_) => return Syslog::Invalid,
    }
    let mut pri: u16 = 0;
    let mut off = 1;
    let close = loop {
        let Some(b) = bytes.next() else {
            return Syslog::Truncated;
        };
        if off <= MAX_DIGITS && b.is_ascii_digit() {
            pri = pri * 10 + u16::from(b - b'0');
            off += 1;
        } else {
            break b;
        }
    };
    if close != b'>' {
        return Syslog::Invalid;
    }
    off += 1;
    let end = usize::try_from(length).unwrap_or(usize::MAX);
    let raw = msg.get(..end).unwrap_or(msg);
    Syslog::Message(Message {
        length,
        pri,
        header_len: off,
        msg: raw.get(off..).unwrap_or(&[]),
        complete: msg.len() >= end,
        raw,
    })
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn priority_and_message() {
        let m = b"<13>Sep 12 hello";
        let Syslog::Message(s) = decode(m, m.len() as u32) else {
            panic!()
        };
        assert_eq!((s.pri, s.facility(), s.severity()), (13, 1, 5));
        assert_eq!(s.header_len, 4);
        assert_eq!(s.msg, b"Sep 12 hello");
        assert!(s.complete);
    }

    #[test]
    fn bad_forms() {
        assert_eq!(decode(b"13>x", 4), Syslog::Invalid);
        assert_eq!(decode(b"<1234>x", 7), Syslog::Invalid);
        assert_eq!(decode(b"<1x", 3), Syslog::Invalid);
        assert_eq!(decode(b"", 3), Syslog::Truncated);
        assert_eq!(decode(b"<12", 5), Syslog::Truncated);
        // Zero digits are allowed.
        assert!(matches!(
            decode(b"<>x", 3),
            Syslog::Message(Message { pri: 0, .. })
        ));
    }

    #[test]
    fn truncated_message() {
        let Syslog::Message(s) = decode(b"<165>abc", 20) else {
            panic!()
        };
        assert_eq!((s.facility(), s.severity()), (20, 5));
        assert_eq!(s.msg, b"abc");
        assert!(!s.complete);
    }
}
