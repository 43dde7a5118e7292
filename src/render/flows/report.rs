//! What `flows` prints on standard output: the connection table, or a JSON
//! line per connection as it closes, then the totals; with `--write` the
//! totals and where the files went.

use std::io::{self, Write};
use std::path::Path;

use super::json::write_json_line;
use super::table::{write_totals, write_written, Row, RowStore, Table, Totals};
use crate::flow::{ConnSummary, FlowSink};
use crate::render::time::LocalZone;
use crate::render::Output;

/// What `flows` prints per connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Listing {
    /// The table, printed at the end in order of ID.
    Table,
    /// A JSON line, printed as the connection closes.
    Json,
    /// Nothing (with --write: the index has it all).
    Nothing,
}

/// The sink behind `flows`' standard output.
pub struct Report<'o> {
    listing: Listing,
    out: &'o mut Output,
    /// The table's rows, kept until the end (a few dozen bytes a
    /// connection).
    rows: RowStore,
    /// The per-connection figures of the totals (limit losses).
    conn_totals: Totals,
    conns: u64,
    /// Writing to standard output failed (so that the error is reported
    /// as such, not as one of --write's).
    stdout_failed: bool,
    /// The seed of the connections' Community IDs.
    seed: u16,
}

impl<'o> Report<'o> {
    /// A report that lists connections as `listing` says, on `out`.
    /// (`seed`: the seed of the connections' Community IDs.)
    pub fn new(listing: Listing, out: &'o mut Output, seed: u16) -> Self {
        Report {
            listing,
            out,
            rows: RowStore::default(),
            conn_totals: Totals::default(),
            conns: 0,
            stdout_failed: false,
            seed,
        }
    }

    /// Whether an error the sink returned was standard output's.
    pub fn stdout_failed(&self) -> bool {
        self.stdout_failed
    }

    /// Prints what follows the last connection: the table and the totals
    /// (`totals` has the run's figures; the per-connection ones are added
    /// here), and with `--write` where the files went. With JSON lines,
    /// which hold connections only, bytes given up by a memory limit are
    /// reported on standard error.
    pub fn finish(self, mut totals: Totals, written: Option<&Path>) -> io::Result<()> {
        totals.limit_gap_bytes = self.conn_totals.limit_gap_bytes;
        totals.limit_conns = self.conn_totals.limit_conns;
        let out = self.out;
        match self.listing {
            Listing::Json => {
                if totals.limit_gap_bytes > 0 || totals.state_events > 0 {
                    let mut note = Vec::new();
                    write_totals(&mut note, self.conns, &totals);
                    let note = String::from_utf8_lossy(&note);
                    let _ = writeln!(
                        io::stderr(),
                        "netdecode: {}",
                        note.trim().replace('\n', "; ")
                    );
                }
            }
            Listing::Table => {
                let rows = self.rows;
                let mut t = Table::sized(rows.iter(), LocalZone::system())
                    .with_community_id_seed(self.seed);
                t.write_header(out.buf());
                for r in rows.iter() {
                    t.write_row(out.buf(), &r);
                    out.end_packet()?;
                }
                out.buf().push(b'\n');
                write_totals(out.buf(), self.conns, &totals);
            }
            Listing::Nothing => {
                write_totals(out.buf(), self.conns, &totals);
                if let Some(dir) = written {
                    write_written(out.buf(), dir);
                }
            }
        }
        Ok(())
    }
}

impl FlowSink for Report<'_> {
    type Error = io::Error;
    fn closed(&mut self, s: &ConnSummary) -> io::Result<()> {
        self.conns += 1;
        self.conn_totals.add_conn(s);
        match self.listing {
            Listing::Table => self.rows.push(&Row::from(s)),
            Listing::Json => {
                let r = write_json_line(self.out.buf(), s, self.seed)
                    .and_then(|()| self.out.end_packet());
                self.stdout_failed = r.is_err();
                r?;
            }
            Listing::Nothing => {}
        }
        Ok(())
    }
}
