//! The Ethernet configuration testing protocol in JSON: the `loopback`
//! object (docs/json.md, "loopback").

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::MacStr;
use crate::decode::loopback::{AfterSkip, Form, Loopback, Message};

pub(super) struct LoopbackView<'d, 'a>(pub &'d Loopback<'a>);

impl Serialize for LoopbackView<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let l = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("length", &l.length)?;
        let rest = match l.form() {
            Form::Short => {
                m.serialize_entry("invalid", "short")?;
                return m.end();
            }
            Form::Cut => return m.end(),
            Form::Skip { count, rest } => {
                m.serialize_entry("skip_count", &count)?;
                rest
            }
        };
        let (function, body) = match rest {
            AfterSkip::TooLong | AfterSkip::Short => {
                m.serialize_entry("invalid", "short")?;
                return m.end();
            }
            AfterSkip::Cut | AfterSkip::FunctionCut => return m.end(),
            AfterSkip::Message { function, body } => (function, body),
        };
        m.serialize_entry("function", &function)?;
        match body {
            Message::Reply { receipt, data_len } => {
                m.serialize_entry("receipt_number", &receipt)?;
                m.serialize_entry("data_length", &data_len)?;
            }
            Message::Forward { address, data_len } => {
                m.serialize_entry("forwarding_address", &MacStr(address))?;
                m.serialize_entry("data_length", &data_len)?;
            }
            Message::Short => m.serialize_entry("invalid", "short")?,
            Message::Cut | Message::Other => {}
        }
        m.end()
    }
}
