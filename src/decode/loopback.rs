//! The Ethernet configuration testing protocol ("loopback", ethertype
//! 0x9000): a skip count, then a reply or forward-data message (the CTP
//! specification; tcpdump's print-loopback.c).
//!
//! [`Loopback::form`] types the message as far as it goes, stopping where
//! tcpdump's printer stops. Every length check of tcpdump's runs to the end
//! of the message, so whether the message was captured whole
//! ([`Loopback::complete`]) settles each of them.

use super::bytes::{prefix, suffix, Mac};

pub const ETHERTYPE_LOOPBACK: u16 = 0x9000;

pub const FUNCTION_REPLY: u16 = 1;
pub const FUNCTION_FORWARD: u16 = 2;

/// A loopback message: what was captured and its on-wire length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Loopback<'a> {
    pub length: u32,
    pub bytes: &'a [u8],
}

/// Decodes a loopback message: `p` is what was captured after the
/// Ethernet header, `length` its on-wire length.
pub fn decode(p: &[u8], length: u32) -> Loopback<'_> {
    Loopback {
        length,
        bytes: prefix(p, length as usize),
    }
}

/// How far the message goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// Shorter than the skip count (tcpdump: invalid).
    Short,
    /// The capture ended before the skip count.
    Cut,
    /// The skip count, then what follows it.
    Skip { count: u16, rest: AfterSkip },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterSkip {
    /// A skip count beyond the message (tcpdump: invalid).
    TooLong,
    /// The skipped bytes were not captured.
    Cut,
    /// Too short for a function code (tcpdump: invalid).
    Short,
    /// The function code was not captured.
    FunctionCut,
    Message {
        function: u16,
        body: Message,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Message {
    /// A reply: the receipt number and the data length.
    Reply { receipt: u16, data_len: u32 },
    /// A forward-data message: where to, and the data length.
    Forward { address: Mac, data_len: u32 },
    /// A reply or forward message too short for its fields (tcpdump:
    /// invalid).
    Short,
    /// The capture ended inside the reply's or forward message's fields.
    Cut,
    /// Another function: nothing more is read.
    Other,
}

impl Loopback<'_> {
    /// Whether the whole message was captured.
    pub fn complete(&self) -> bool {
        self.bytes.len() as u64 >= u64::from(self.length)
    }

    pub fn form(&self) -> Form {
        let b = self.bytes;
        let le16 = |off: usize| {
            b.get(off..off + 2).map(|s| {
                u16::from_le_bytes([
                    s.first().copied().unwrap_or(0),
                    s.get(1).copied().unwrap_or(0),
                ])
            })
        };
        let len = self.length;
        if len < 2 {
            return Form::Short;
        }
        let Some(count) = le16(0) else {
            return Form::Cut;
        };
        let left = len - 2;
        let rest = if u32::from(count) > left {
            AfterSkip::TooLong
        } else if b.len() < 2 + usize::from(count) {
            AfterSkip::Cut
        } else {
            let at = 2 + usize::from(count);
            let left = left - u32::from(count);
            if left < 2 {
                AfterSkip::Short
            } else if let Some(function) = le16(at) {
                let left = left - 2;
                let body_at = at + 2;
                let body = match function {
                    FUNCTION_REPLY if left < 2 => Message::Short,
                    FUNCTION_REPLY => match le16(body_at) {
                        Some(receipt) => Message::Reply {
                            receipt,
                            data_len: left - 2,
                        },
                        None => Message::Cut,
                    },
                    FUNCTION_FORWARD if left < 6 => Message::Short,
                    FUNCTION_FORWARD => match suffix(b, body_at).get(..6) {
                        Some(m) => Message::Forward {
                            address: Mac(<[u8; 6]>::try_from(m).unwrap_or_default()),
                            data_len: left - 6,
                        },
                        None => Message::Cut,
                    },
                    _ => Message::Other,
                };
                AfterSkip::Message { function, body }
            } else {
                AfterSkip::FunctionCut
            }
        };
        Form::Skip { count, rest }
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let reply = [0, 0, 1, 0, 7, 0, 0xaa, 0xbb];
        assert_eq!(
            decode(&reply, 8).form(),
            Form::Skip {
                count: 0,
                rest: AfterSkip::Message {
                    function: FUNCTION_REPLY,
                    body: Message::Reply {
                        receipt: 7,
                        data_len: 2
                    }
                }
            }
        );
        assert_eq!(decode(&[0], 1).form(), Form::Short);
        assert_eq!(decode(&[0], 8).form(), Form::Cut);
        let skip = [8, 0, 0];
        assert_eq!(
            decode(&skip, 3).form(),
            Form::Skip {
                count: 8,
                rest: AfterSkip::TooLong
            }
        );
        let fwd = [0, 0, 2, 0, 2, 0, 0, 0, 0, 1];
        assert!(matches!(
            decode(&fwd, 10).form(),
            Form::Skip {
                rest: AfterSkip::Message {
                    body: Message::Forward { data_len: 0, .. },
                    ..
                },
                ..
            }
        ));
    }
}
