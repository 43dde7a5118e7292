//! A sink that keeps one connection's conversation, turn by turn, for
//! `follow` (as `tshark -z follow,tcp`).

use std::io;

use super::{ConnInfo, ConnSummary, Direction, FlowSink, Gap};

/// One turn of a conversation, or bytes missing from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FollowItem {
    /// Bytes one side sent in a row, starting at stream offset `offset`.
    Data {
        /// Who sent them.
        dir: Direction,
        /// Stream offset of the first byte.
        offset: u64,
        /// The bytes.
        bytes: Vec<u8>,
    },
    /// Bytes of `dir`'s stream that are missing.
    Gap {
        /// Whose stream.
        dir: Direction,
        /// Where and how many.
        gap: Gap,
    },
}

/// Keeps the conversation of the connection with one [`ConnInfo::id`]; the
/// others pass by.
///
/// Consecutive bytes from one side make one turn; a turn ends when the other
/// side's bytes come, or at a gap.
#[derive(Debug, Default)]
pub struct FollowCollector {
    id: u64,
    items: Vec<FollowItem>,
    info: Option<ConnInfo>,
    summary: Option<ConnSummary>,
}

impl FollowCollector {
    /// Follows connection `id`.
    pub fn new(id: u64) -> Self {
        FollowCollector {
            id,
            ..Default::default()
        }
    }

    /// The turns so far.
    pub fn items(&self) -> &[FollowItem] {
        &self.items
    }

    /// The connection's identity, once seen.
    pub fn info(&self) -> Option<&ConnInfo> {
        self.info.as_ref()
    }

    /// The connection's summary, once closed.
    pub fn summary(&self) -> Option<&ConnSummary> {
        self.summary.as_ref()
    }

    /// The turns and the summary.
    pub fn into_parts(self) -> (Vec<FollowItem>, Option<ConnSummary>) {
        (self.items, self.summary)
    }
}

impl FlowSink for FollowCollector {
    fn opened(&mut self, conn: &ConnInfo) -> io::Result<()> {
        if conn.id == self.id {
            self.info = Some(conn.clone());
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
        if conn.id != self.id {
            return Ok(());
        }
        if let Some(FollowItem::Data {
            dir: last_dir,
            offset: last_offset,
            bytes: last,
        }) = self.items.last_mut()
        {
            if *last_dir == dir && *last_offset + last.len() as u64 == offset {
                last.extend_from_slice(bytes);
                return Ok(());
            }
        }
        self.items.push(FollowItem::Data {
            dir,
            offset,
            bytes: bytes.to_vec(),
        });
        Ok(())
    }

    fn gap(&mut self, conn: &ConnInfo, dir: Direction, gap: &Gap) -> io::Result<()> {
        if conn.id == self.id {
            self.items.push(FollowItem::Gap { dir, gap: *gap });
        }
        Ok(())
    }

    fn closed(&mut self, summary: &ConnSummary) -> io::Result<()> {
        if summary.id == self.id {
            self.summary = Some(summary.clone());
        }
        Ok(())
    }
}
