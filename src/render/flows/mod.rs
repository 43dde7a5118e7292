//! Every output of the `flows` and `follow` subcommands: the connection
//! table and its totals ([`table`]), JSON lines ([`json`]), the streams
//! written to files with their index ([`files`]), what `flows` prints
//! ([`report`]) and `follow`'s conversation ([`follow`]). The figures come
//! from [`crate::flow`]; nothing here parses packets. `docs/flows.md`
//! describes every column and field.

pub mod files;
pub mod follow;
pub mod json;
pub mod report;
pub mod table;

pub use files::{
    create_dir, keep_spare, Chunks, FileEntry, FileGap, FileKey, FileSink, OpenFiles, StreamStore,
    WriteOptions, INDEX_NAME, SPARE_CHUNKS,
};
pub use follow::{FollowStyle, FollowWriter};
pub use json::write_json_line;
pub(crate) use json::ConnJson;
pub use report::{Listing, Report};
pub use table::{Row, Table, Totals};
