//! Column builders for the static [`schema`](super::schema), filled by a
//! serde `Serializer`: the JSON renderer's views (which read decode's
//! records) serialise straight into the leaf columns of a Parquet row
//! group, so that a Parquet row holds exactly what the JSON line holds,
//! with no JSON text in between and no allocation per field.
//!
//! Each leaf column is kept the way a Parquet data page holds it
//! (Dremel's shredding): its repetition and definition levels, run-length
//! encoded as they come ([`Levels`]), and its values in the PLAIN
//! encoding ([`LeafData`]); `encode` reads the chunk's minimum and maximum
//! from the values ([`LeafData::min_max`]), compresses them and writes the
//! page, on the writing threads. A value appends one level to its leaf. What a field misses is
//! appended lazily: a top-level column (a layer) gets one run of level 0
//! for the rows it missed when it is next written or when the row group is
//! taken; a nested struct keeps a log of the levels of its slots (its own
//! level for each slot it is present in, the levels its parent gave it
//! when it was null), and a child takes the part of the log it missed
//! when it is next written or when the row group is taken (a leaf that
//! was never written gets the log itself, encoded once for all of them).
//! So a row costs work in proportion to the fields it has, not to the 765
//! leaf columns of the schema, nor to the ~45 fields of each TCP option.
//!
//! Every value written to a column produces exactly one slot in it
//! (value or null), whatever the value: a field the schema does not know,
//! or a value of a type its column cannot hold, is left out (null) and
//! counted in [`Problems`], which the tests require to stay empty over
//! every fixture.

use std::collections::BTreeMap;
use std::fmt::{self, Display, Write as _};
use std::sync::Arc;

use arrow_schema::{DataType, Field, Fields, TimeUnit};
use serde::ser::{self, Serialize};

use super::schema::{Ty, F};

/// Time stamp columns' unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TsUnit {
    Micro,
    Nano,
}

/// Fields the schema lacks and values of the wrong type, by path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Problems(pub BTreeMap<String, u64>);

impl Problems {
    fn note(&mut self, path: &str, what: fmt::Arguments<'_>) {
        *self.0.entry(format!("{path}: {what}")).or_insert(0) += 1;
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn total(&self) -> u64 {
        self.0.values().sum()
    }

    pub fn merge(&mut self, other: Problems) {
        for (k, v) in other.0 {
            *self.0.entry(k).or_insert(0) += v;
        }
    }
}

/// What serialising a row needs besides the columns.
pub(crate) struct Ctx {
    pub problems: Problems,
    /// Scratch space for JSON-text columns.
    json: Vec<u8>,
}

impl Ctx {
    pub fn new() -> Self {
        Ctx {
            problems: Problems::default(),
            json: Vec::new(),
        }
    }
}

/// A stream of repetition or definition levels in Parquet's RLE /
/// bit-packed hybrid encoding, written as runs only (a run header, the
/// ULEB128 of the run's length times two, then the level in one byte: every
/// level of the schema fits in 8 bits). Runs are long here (a layer absent
/// for many rows, a field present in each of them), and zstd compresses the
/// short ones.
#[derive(Clone, Default)]
pub(crate) struct Levels {
    out: Vec<u8>,
    cur: u8,
    run: u32,
    n: u64,
}

/// How many bytes `v` begin `s`, counted eight at a time (the logs
/// [`StructCol`] hands down are mostly long runs).
#[inline]
fn run_len(s: &[u8], v: u8) -> usize {
    let pattern = u64::from_ne_bytes([v; 8]);
    let mut n = 0;
    let mut chunks = s.chunks_exact(8);
    for c in &mut chunks {
        let mut b = [0u8; 8];
        b.copy_from_slice(c);
        let diff = u64::from_le_bytes(b) ^ pattern;
        if diff != 0 {
            return n + (diff.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    n + chunks.remainder().iter().take_while(|&&b| b == v).count()
}

/// The longest run written (a run's header is at most 32 bits).
const MAX_RUN: u32 = 1 << 30;

impl Levels {
    /// Appends `k` levels `v`.
    #[inline]
    pub fn push(&mut self, v: u8, k: u32) {
        if v == self.cur && self.run < MAX_RUN - k.min(MAX_RUN) {
            self.run += k;
        } else {
            self.flush();
            self.cur = v;
            self.run = k;
        }
        self.n += u64::from(k);
    }

    /// Appends levels given one a byte.
    #[inline(always)]
    pub(crate) fn push_raw(&mut self, levels: &[u8]) {
        if levels.len() >= 16 {
            self.push_raw_long(levels);
            return;
        }
        {
            // Short slices (a child catching up a few slots): byte by byte.
            for &v in levels {
                if v == self.cur && self.run < MAX_RUN {
                    self.run += 1;
                } else {
                    self.flush();
                    self.cur = v;
                    self.run = 1;
                }
            }
            self.n += levels.len() as u64;
        }
    }

    /// [`Self::push_raw`] of a long slice, run by run.
    #[inline(never)]
    fn push_raw_long(&mut self, levels: &[u8]) {
        let mut rest = levels;
        while let Some(&v) = rest.first() {
            // At least the first byte (`v`), so that the loop ends.
            let k = run_len(rest, v).clamp(1, MAX_RUN as usize);
            self.push(v, k as u32);
            rest = rest.get(k..).unwrap_or(&[]);
        }
    }

    /// Levels given one a byte.
    fn from_raw(levels: &[u8]) -> Levels {
        let mut l = Levels::default();
        l.push_raw(levels);
        l
    }

    /// Writes the pending run.
    #[inline]
    pub fn flush(&mut self) {
        if self.run == 0 {
            return;
        }
        if self.run < 64 {
            // Most runs: a one-byte header.
            self.out
                .extend_from_slice(&[(self.run << 1) as u8, self.cur]);
        } else {
            self.flush_long();
        }
        self.run = 0;
    }

    fn flush_long(&mut self) {
        let mut buf = [0u8; 11];
        let mut len = 0;
        let mut h = u64::from(self.run) << 1;
        while let Some(b) = buf.get_mut(len) {
            let x = (h & 0x7f) as u8;
            h >>= 7;
            len += 1;
            if h == 0 {
                *b = x;
                break;
            }
            *b = x | 0x80;
        }
        if let Some(b) = buf.get_mut(len) {
            *b = self.cur;
            len += 1;
        }
        self.out.extend_from_slice(buf.get(..len).unwrap_or(&[]));
    }

    /// The levels written so far, encoded ([`Self::flush`] first).
    pub fn bytes(&self) -> &[u8] {
        &self.out
    }

    /// How many levels.
    pub fn len(&self) -> u64 {
        self.n
    }

    /// Appends another stream's levels.
    fn append(&mut self, o: &Levels) {
        self.flush();
        self.out.extend_from_slice(&o.out);
        self.cur = o.cur;
        self.run = o.run;
        self.n += o.n;
    }

    fn encoded_len(&self) -> usize {
        self.out.len() + if self.run > 0 { 6 } else { 0 }
    }

    /// The runs written (as this type writes them: runs only).
    pub(crate) fn runs(&self) -> Vec<(u8, u64)> {
        let mut v = Vec::new();
        let mut b = self.out.iter().copied();
        'runs: loop {
            let mut h = 0u64;
            let mut shift = 0;
            loop {
                let Some(x) = b.next() else {
                    break 'runs;
                };
                h |= u64::from(x & 0x7f) << shift;
                shift += 7;
                if x & 0x80 == 0 || shift > 63 {
                    break;
                }
            }
            let Some(level) = b.next() else {
                break;
            };
            v.push((level, h >> 1));
        }
        if self.run > 0 {
            v.push((self.cur, u64::from(self.run)));
        }
        v
    }

    /// The first `n` levels.
    fn truncated(&self, n: u64) -> Levels {
        let mut t = Levels::default();
        let mut left = n;
        for (level, k) in self.runs() {
            let k = k.min(left);
            let k32 = u32::try_from(k).unwrap_or(u32::MAX);
            t.push(level, k32);
            left -= u64::from(k32);
            if left == 0 {
                break;
            }
        }
        t
    }
}

/// A leaf column's physical type and how its statistics compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Bool,
    /// INT32, signed (also 8 and 16 bit, signed or not: they fit).
    I32,
    /// INT32 holding an unsigned 32-bit integer.
    U32,
    /// INT64 (also time stamps).
    I64,
    F64,
    /// BYTE_ARRAY (strings and JSON text).
    Bytes,
}

/// One leaf column's levels and values for the rows of a row group (or of
/// a batch, [`Shred`]), as a data page holds them.
#[derive(Default)]
pub struct LeafData {
    pub(crate) defs: Levels,
    /// Only for leaves below a list.
    pub(crate) reps: Levels,
    /// PLAIN encoded; booleans one byte each (bit-packed when the page is
    /// written).
    pub(crate) values: Vec<u8>,
    /// Values (non-null slots).
    pub(crate) count: u64,
}

impl LeafData {
    /// Bytes held (an estimate of the page before compression).
    pub(crate) fn encoded_len(&self) -> usize {
        self.values.len() + self.defs.encoded_len() + self.reps.encoded_len()
    }

    /// The integer values (and booleans) one by one, by their column's
    /// order (an unsigned 32-bit value as itself).
    fn each_int(&self, kind: Kind, mut f: impl FnMut(i64)) {
        let v = self.values.as_slice();
        match kind {
            Kind::Bool => v.iter().for_each(|&b| f(i64::from(b))),
            Kind::I32 => v
                .chunks_exact(4)
                .for_each(|c| f(i64::from(i32::from_le_bytes([c[0], c[1], c[2], c[3]])))),
            Kind::U32 => v
                .chunks_exact(4)
                .for_each(|c| f(i64::from(u32::from_le_bytes([c[0], c[1], c[2], c[3]])))),
            Kind::I64 => v.chunks_exact(8).for_each(|c| {
                let mut b = [0u8; 8];
                b.copy_from_slice(c);
                f(i64::from_le_bytes(b));
            }),
            Kind::F64 | Kind::Bytes => {}
        }
    }

    /// The chunk's minimum and maximum (`None` when it has no value, or
    /// for floating point), read from its values: done when the chunk is
    /// written, on the writing threads, not as each value comes.
    pub(crate) fn min_max(&self, kind: Kind) -> Option<(Stat<'_>, Stat<'_>)> {
        if self.count == 0 || kind == Kind::F64 {
            return None;
        }
        if kind == Kind::Bytes {
            let (mut lo, mut hi): (Option<&[u8]>, Option<&[u8]>) = (None, None);
            let (mut lo_key, mut hi_key) = (0u64, 0u64);
            let v = self.values.as_slice();
            let mut rest = v;
            while let (Some(h), Some(tail)) = (rest.get(..4), rest.get(4..)) {
                let len = u32::from_le_bytes([h[0], h[1], h[2], h[3]]) as usize;
                let (s, r) = tail.split_at(len.min(tail.len()));
                // Most values fall strictly between the two by their first
                // eight bytes, with no comparison of the rest.
                let key = prefix_key(s);
                match (lo, hi) {
                    (Some(_), Some(_)) if key > lo_key && key < hi_key => {}
                    (Some(l), Some(h)) => {
                        if s < l {
                            lo = Some(s);
                            lo_key = key;
                        } else if s > h {
                            hi = Some(s);
                            hi_key = key;
                        }
                    }
                    _ => (lo, hi, lo_key, hi_key) = (Some(s), Some(s), key, key),
                }
                rest = r;
            }
            return Some((Stat::Bytes(lo?), Stat::Bytes(hi?)));
        }
        let (mut lo, mut hi) = (i64::MAX, i64::MIN);
        self.each_int(kind, |x| {
            lo = lo.min(x);
            hi = hi.max(x);
        });
        Some((Stat::Int(lo), Stat::Int(hi)))
    }

    /// Keeps the first `rows` rows (a leaf of `kind` whose values have
    /// definition level `def`, with repetition levels if `has_rep`).
    fn truncate(&mut self, rows: u64, kind: Kind, def: u8, has_rep: bool) {
        // The levels of the rows kept: one per row, or up to the first
        // level of the row after them (repetition level 0).
        let mut keep = rows.min(self.defs.len());
        if has_rep {
            let (mut pos, mut started) = (0u64, 0u64);
            keep = self.reps.len();
            for (level, k) in self.reps.runs() {
                if level == 0 {
                    if started + k > rows {
                        keep = pos + (rows - started);
                        break;
                    }
                    started += k;
                }
                pos += k;
            }
            self.reps = self.reps.truncated(keep);
        }
        let defs = self.defs.truncated(keep);
        let values: u64 = defs
            .runs()
            .iter()
            .filter(|(l, _)| *l == def)
            .map(|(_, k)| k)
            .sum();
        self.defs = defs;
        // The values' bytes.
        let mut at = 0usize;
        for _ in 0..values {
            at += match kind {
                Kind::Bool => 1,
                Kind::I32 | Kind::U32 => 4,
                Kind::I64 | Kind::F64 => 8,
                Kind::Bytes => {
                    let mut h = [0u8; 4];
                    h.copy_from_slice(self.values.get(at..at + 4).unwrap_or(&[0; 4]));
                    4 + u32::from_le_bytes(h) as usize
                }
            };
        }
        self.values.truncate(at);
        self.count = values;
    }

    /// Empties it, keeping its buffers.
    fn clear(&mut self) {
        for l in [&mut self.defs, &mut self.reps] {
            l.out.clear();
            l.cur = 0;
            l.run = 0;
            l.n = 0;
        }
        self.values.clear();
        self.count = 0;
    }

    /// Appends another batch's data for the same column (and empties it,
    /// its buffers kept for the next batch); an INT64 column's values
    /// moved by `offset` (packet numbers).
    fn append(&mut self, o: &mut LeafData, kind: Kind, offset: i64) {
        self.defs.append(&o.defs);
        self.reps.append(&o.reps);
        if offset != 0 && kind == Kind::I64 {
            for c in o.values.chunks_exact_mut(8) {
                let mut b = [0u8; 8];
                b.copy_from_slice(c);
                c.copy_from_slice(&(i64::from_le_bytes(b) + offset).to_le_bytes());
            }
        }
        self.values.extend_from_slice(&o.values);
        self.count += o.count;
        o.clear();
    }
}

/// The first 8 bytes (zero-padded), big-endian: `a < b` gives
/// `key(a) <= key(b)`.
#[inline]
fn prefix_key(v: &[u8]) -> u64 {
    let mut b = [0u8; 8];
    for (d, s) in b.iter_mut().zip(v) {
        *d = *s;
    }
    u64::from_be_bytes(b)
}

/// A chunk's minimum or maximum ([`LeafData::min_max`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stat<'a> {
    Int(i64),
    Bytes(&'a [u8]),
}

/// A leaf column being built.
pub(crate) struct Leaf {
    ty: Ty,
    pub(crate) kind: Kind,
    ts: TsUnit,
    /// The definition level of a value (the column's maximum).
    pub(crate) def: u8,
    /// Below a list: repetition levels are written.
    pub(crate) has_rep: bool,
    /// The integers the column holds (none: `lo > hi`).
    lo: i64,
    hi: i64,
    pub(crate) data: LeafData,
}

impl Leaf {
    fn new(ty: Ty, ts: TsUnit, def: u8, has_rep: bool) -> Leaf {
        let kind = match ty {
            Ty::Bool => Kind::Bool,
            Ty::U8 | Ty::U16 | Ty::I8 | Ty::I32 => Kind::I32,
            Ty::U32 => Kind::U32,
            Ty::I64 | Ty::Ts => Kind::I64,
            Ty::F64 => Kind::F64,
            Ty::Str | Ty::Json | Ty::Struct(_) | Ty::List(_) => Kind::Bytes,
        };
        let (lo, hi) = match ty {
            Ty::U8 => (0, u8::MAX.into()),
            Ty::U16 => (0, u16::MAX.into()),
            Ty::U32 => (0, u32::MAX.into()),
            Ty::I8 => (i8::MIN.into(), i8::MAX.into()),
            Ty::I32 => (i32::MIN.into(), i32::MAX.into()),
            Ty::I64 => (i64::MIN, i64::MAX),
            _ => (1, 0),
        };
        Leaf {
            ty,
            kind,
            ts,
            def,
            has_rep,
            lo,
            hi,
            data: LeafData::default(),
        }
    }

    /// The levels of a value.
    #[inline]
    fn slot(&mut self, rep: u8) {
        self.data.defs.push(self.def, 1);
        if self.has_rep {
            self.data.reps.push(rep, 1);
        }
        self.data.count += 1;
    }

    #[inline]
    fn fill(&mut self, rep: u8, def: u8, n: u32) {
        self.data.defs.push(def, n);
        if self.has_rep {
            self.data.reps.push(rep, n);
        }
    }

    /// Appends the levels of a parent's log ([`StructCol`]); `reps`
    /// `None`: all 0.
    fn fill_from(&mut self, defs: &[u8], reps: Option<&[u8]>) {
        self.data.defs.push_raw(defs);
        if self.has_rep {
            match reps {
                Some(r) => self.data.reps.push_raw(r),
                None => self
                    .data
                    .reps
                    .push(0, u32::try_from(defs.len()).unwrap_or(u32::MAX)),
            }
        }
    }

    /// An integer, if the column's type holds it.
    #[inline]
    fn int(&mut self, x: i64, rep: u8) -> bool {
        if x < self.lo || x > self.hi {
            if matches!(self.ty, Ty::F64) {
                self.f64(x as f64, rep);
                return true;
            }
            return false;
        }
        if self.kind == Kind::I64 {
            self.data.values.extend_from_slice(&x.to_le_bytes());
        } else {
            // u32 as its bits; the others fit in i32.
            self.data
                .values
                .extend_from_slice(&(x as u32).to_le_bytes());
        }
        self.slot(rep);
        true
    }

    fn f64(&mut self, v: f64, rep: u8) {
        self.data.values.extend_from_slice(&v.to_le_bytes());
        self.slot(rep);
    }

    #[inline(never)]
    fn bool(&mut self, v: bool, rep: u8) {
        self.data.values.push(u8::from(v));
        self.slot(rep);
    }

    fn str(&mut self, v: &str, rep: u8) {
        let len = u32::try_from(v.len()).unwrap_or(u32::MAX);
        self.data.values.extend_from_slice(&len.to_le_bytes());
        if v.len() <= 32 {
            // A copy of variable length is a `memcpy` call.
            self.data.values.extend(v.bytes());
        } else {
            self.data.values.extend_from_slice(v.as_bytes());
        }
        self.slot(rep);
    }

    /// A string written by `Display`, straight into the values.
    fn display<T: Display + ?Sized>(&mut self, v: &T, rep: u8) {
        let start = self.data.values.len();
        self.data.values.extend_from_slice(&[0; 4]);
        let _ = write!(ValuesWriter(&mut self.data.values), "{v}");
        let len = self.data.values.len() - start - 4;
        let len = u32::try_from(len).unwrap_or(u32::MAX).to_le_bytes();
        if let Some(h) = self.data.values.get_mut(start..start + 4) {
            h.copy_from_slice(&len);
        }
        self.slot(rep);
    }

    /// A time stamp given as seconds and nanoseconds.
    pub fn ts(&mut self, secs: i64, nanos: i64, rep: u8) -> bool {
        if !matches!(self.ty, Ty::Ts) {
            return false;
        }
        let nanos = nanos.clamp(0, 999_999_999);
        let v = match self.ts {
            TsUnit::Micro => secs.saturating_mul(1_000_000).saturating_add(nanos / 1000),
            TsUnit::Nano => secs.saturating_mul(1_000_000_000).saturating_add(nanos),
        };
        self.data.values.extend_from_slice(&v.to_le_bytes());
        self.slot(rep);
        true
    }
}

/// `fmt::Write` into a leaf's values.
struct ValuesWriter<'a>(&'a mut Vec<u8>);

impl fmt::Write for ValuesWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// A column being built.
pub(crate) enum Col {
    Leaf(Leaf),
    Struct(StructCol),
    List(ListCol),
}

pub(crate) struct StructCol {
    pub path: String,
    pub fields: &'static [F],
    pub children: Vec<Col>,
    /// The definition level of a present struct (0: the row itself).
    def: u8,
    /// The repetition level of the slot being written.
    rep: u8,
    /// Where the last field was found: fields mostly come in order.
    hint: usize,
    /// Field indices by the address and length of a `&'static str` name
    /// (serde's struct field names, which the views give): a hit needs no
    /// name comparison. Direct-mapped, a power of two of slots, at least
    /// four per field ([`key_slots`]), so that names seldom evict each other.
    keys: Vec<StaticKey>,
    /// Below the top, the levels of every slot of this struct since the
    /// row group began, one byte each (its own present slots, at its
    /// level, and the nulls its parent gave it), that its children have
    /// not all taken yet: a child takes the levels it missed (as nulls
    /// below it) when it is next written or when the row group is taken,
    /// so that a slot costs nothing for the fields it lacks.
    log_defs: Vec<u8>,
    /// Their repetition levels (below a list only).
    log_reps: Vec<u8>,
    has_rep: bool,
    /// Each child's position in the log: the slots before it have been
    /// taken (its own value, or the log's level).
    pos: Vec<u32>,
    /// The present slot being written: its index in the log.
    slot: u32,
    /// The top (the row): rows ended, and the rows each child holds.
    root: bool,
    rows: u32,
    filled: Vec<u32>,
}

/// A field name's address and length, and the field's index.
#[derive(Clone, Copy, Default)]
struct StaticKey {
    ptr: usize,
    len: usize,
    index: usize,
}

/// Slots after its own where a name is looked for ([`StructCol::find_static`]).
const KEY_PROBES: usize = 3;

/// Slots of [`StructCol::keys`] for `fields` fields.
fn key_slots(fields: usize) -> usize {
    (fields * 4).next_power_of_two().max(8)
}

/// The slot of a name at address `ptr` among `slots` (a power of two):
/// Fibonacci hashing, the top bits of the product.
#[inline(always)]
fn key_slot(ptr: usize, slots: usize) -> usize {
    let h = (ptr as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> (64 - slots.trailing_zeros())) as usize
}

pub(crate) struct ListCol {
    path: String,
    item: Box<Col>,
    /// The definition level of a present (maybe empty) list; an element is
    /// `def + 1`, a present item `def + 2`.
    def: u8,
    /// The repetition level of the list's second and later elements.
    rep: u8,
}

/// The Arrow type of a schema type.
pub fn data_type(ty: &Ty, ts: TsUnit) -> DataType {
    match ty {
        Ty::Bool => DataType::Boolean,
        Ty::U8 => DataType::UInt8,
        Ty::U16 => DataType::UInt16,
        Ty::U32 => DataType::UInt32,
        Ty::I8 => DataType::Int8,
        Ty::I32 => DataType::Int32,
        Ty::I64 => DataType::Int64,
        Ty::F64 => DataType::Float64,
        Ty::Str | Ty::Json => DataType::Utf8,
        Ty::Ts => DataType::Timestamp(
            match ts {
                TsUnit::Micro => TimeUnit::Microsecond,
                TsUnit::Nano => TimeUnit::Nanosecond,
            },
            Some("UTC".into()),
        ),
        Ty::Struct(fields) => DataType::Struct(arrow_fields(fields, ts)),
        Ty::List(item) => DataType::List(Arc::new(Field::new("item", data_type(item, ts), true))),
    }
}

/// The Arrow fields of a struct (every field nullable).
pub fn arrow_fields(fields: &[F], ts: TsUnit) -> Fields {
    fields
        .iter()
        .map(|f| Field::new(f.name, data_type(&f.ty, ts), true))
        .collect()
}

impl Col {
    /// The column of `ty` below a parent whose present level is
    /// `parent_def` and whose elements repeat at `parent_rep` (0: not
    /// below a list). Every field is optional, as in the Arrow schema the
    /// file's Parquet schema is made from; a list is an optional group of
    /// a repeated group of an optional item.
    pub fn new(ty: &Ty, path: &str, ts: TsUnit, parent_def: u8, parent_rep: u8) -> Col {
        let def = parent_def + 1;
        match ty {
            Ty::Struct(fields) => Col::Struct(StructCol::nested(fields, path, ts, def, parent_rep)),
            Ty::List(item) => Col::List(ListCol {
                path: format!("{path}[]"),
                item: Box::new(Col::new(
                    item,
                    &format!("{path}[]"),
                    ts,
                    def + 1,
                    parent_rep + 1,
                )),
                def,
                rep: parent_rep + 1,
            }),
            _ => Col::Leaf(Leaf::new(*ty, ts, def, parent_rep > 0)),
        }
    }

    /// The definition level of a present value.
    fn def(&self) -> u8 {
        match self {
            Col::Leaf(l) => l.def,
            Col::Struct(s) => s.def,
            Col::List(l) => l.def,
        }
    }

    /// Appends `n` slots of levels `rep`, `def` to every leaf below.
    pub fn fill(&mut self, rep: u8, def: u8, n: u32) {
        if n == 0 {
            return;
        }
        match self {
            Col::Leaf(l) => l.fill(rep, def, n),
            Col::Struct(s) => {
                let n = n as usize;
                s.log_defs.resize(s.log_defs.len() + n, def);
                if s.has_rep {
                    s.log_reps.resize(s.log_reps.len() + n, rep);
                }
            }
            Col::List(l) => l.item.fill(rep, def, n),
        }
    }

    /// Appends the slots of a parent's log to every leaf below (`reps`
    /// `None`: all 0).
    fn fill_from(&mut self, defs: &[u8], reps: Option<&[u8]>) {
        if defs.is_empty() {
            return;
        }
        match self {
            Col::Leaf(l) => l.fill_from(defs, reps),
            Col::Struct(s) => {
                s.log_defs.extend_from_slice(defs);
                if s.has_rep {
                    match reps {
                        Some(r) => s.log_reps.extend_from_slice(r),
                        None => s.log_reps.resize(s.log_reps.len() + defs.len(), 0),
                    }
                }
            }
            Col::List(l) => l.item.fill_from(defs, reps),
        }
    }

    /// Hands every struct's log below down to the leaves.
    fn settle(&mut self) {
        match self {
            Col::Leaf(_) => {}
            Col::Struct(s) => s.settle(),
            Col::List(l) => l.item.settle(),
        }
    }

    /// A null in the slot repeating at `rep`.
    fn null(&mut self, rep: u8) {
        let def = self.def().saturating_sub(1);
        self.fill(rep, def, 1);
    }

    /// Calls `f` on every leaf below, in the file's column order.
    pub fn for_each_leaf(&mut self, f: &mut impl FnMut(&mut Leaf)) {
        match self {
            Col::Leaf(l) => f(l),
            Col::Struct(s) => {
                for c in &mut s.children {
                    c.for_each_leaf(f);
                }
            }
            Col::List(l) => l.item.for_each_leaf(f),
        }
    }

    fn path(&self) -> &str {
        match self {
            Col::Leaf(_) => "",
            Col::Struct(s) => &s.path,
            Col::List(l) => &l.path,
        }
    }

    fn type_name(&self) -> &'static str {
        match self {
            Col::Leaf(l) => match l.ty {
                Ty::Bool => "boolean",
                Ty::U8 => "uint8",
                Ty::U16 => "uint16",
                Ty::U32 => "uint32",
                Ty::I8 => "int8",
                Ty::I32 => "int32",
                Ty::I64 => "int64",
                Ty::F64 => "double",
                Ty::Str => "string",
                Ty::Json => "json",
                Ty::Ts => "timestamp",
                Ty::Struct(_) => "struct",
                Ty::List(_) => "list",
            },
            Col::Struct(_) => "struct",
            Col::List(_) => "list",
        }
    }
}

/// The rows of a batch or a row group: each leaf column's data, in the
/// file's column order.
#[derive(Default)]
pub struct Shred {
    pub rows: u64,
    pub leaves: Vec<LeafData>,
}

impl Shred {
    /// Keeps the first `rows` rows; `layout` is the leaves' ([`StructCol::leaf_layout`]).
    pub(crate) fn truncate(&mut self, rows: u64, layout: &[(Kind, u8, bool)]) {
        if rows >= self.rows {
            return;
        }
        for (l, &(kind, def, rep)) in self.leaves.iter_mut().zip(layout) {
            l.truncate(rows, kind, def, rep);
        }
        self.rows = rows;
    }
}

impl StructCol {
    /// The top-level struct: a row.
    pub fn new(fields: &'static [F], path: &str, ts: TsUnit) -> StructCol {
        let mut s = StructCol::nested(fields, path, ts, 0, 0);
        s.root = true;
        s.filled = vec![0; fields.len()];
        s
    }

    fn nested(fields: &'static [F], path: &str, ts: TsUnit, def: u8, rep: u8) -> StructCol {
        let child_path = |name: &str| {
            if path.is_empty() {
                name.to_string()
            } else {
                format!("{path}.{name}")
            }
        };
        StructCol {
            path: path.to_string(),
            fields,
            children: fields
                .iter()
                .map(|f| Col::new(&f.ty, &child_path(f.name), ts, def, rep))
                .collect(),
            def,
            rep: 0,
            hint: 0,
            keys: vec![StaticKey::default(); key_slots(fields.len())],
            log_defs: Vec::new(),
            log_reps: Vec::new(),
            has_rep: rep > 0,
            pos: vec![0; fields.len()],
            slot: 0,
            root: false,
            rows: 0,
            filled: Vec::new(),
        }
    }

    /// The index of the field `name`.
    fn find(&mut self, name: &str) -> Option<usize> {
        let n = self.fields.len();
        for k in 0..n {
            let i = (self.hint + k) % n;
            if self.fields.get(i).is_some_and(|f| f.name == name) {
                self.hint = if i + 1 >= n { 0 } else { i + 1 };
                return Some(i);
            }
        }
        None
    }

    /// The index of the field `name`, a name with a fixed address: two
    /// `&'static str` at the same address with the same length are the
    /// same string, so the index found for it once is kept by address.
    #[inline(always)]
    fn find_static(&mut self, name: &'static str) -> Option<usize> {
        let ptr = name.as_ptr() as usize;
        let slot = key_slot(ptr, self.keys.len());
        if let Some(k) = self.keys.get(slot) {
            if k.ptr == ptr && k.len == name.len() {
                return Some(k.index);
            }
        }
        self.find_static_slow(name, ptr, slot)
    }

    /// A name not in its slot: looked for in the next few (linear
    /// probing), else found by comparing names and kept in the first free
    /// one of them (or in its own slot, when none is free).
    #[inline(never)]
    fn find_static_slow(&mut self, name: &'static str, ptr: usize, slot: usize) -> Option<usize> {
        let n = self.keys.len();
        let mut free = None;
        for k in 1..=KEY_PROBES {
            let at = (slot + k) & (n - 1);
            match self.keys.get(at) {
                Some(key) if key.ptr == ptr && key.len == name.len() => return Some(key.index),
                Some(key) if key.ptr == 0 && free.is_none() => free = Some(at),
                _ => {}
            }
        }
        let index = self.find(name)?;
        let at = match self.keys.get(slot) {
            Some(key) if key.ptr == 0 => slot,
            _ => free.unwrap_or(slot),
        };
        if let Some(k) = self.keys.get_mut(at) {
            *k = StaticKey {
                ptr,
                len: name.len(),
                index,
            };
        }
        Some(index)
    }

    /// Starts a slot (a row, at the top) whose first levels repeat at
    /// `rep`: nothing set yet.
    #[inline(always)]
    pub fn begin(&mut self, rep: u8) {
        self.hint = 0;
        self.rep = rep;
        if !self.root {
            self.slot = u32::try_from(self.log_defs.len()).unwrap_or(u32::MAX);
            self.log_defs.push(self.def);
            if self.has_rep {
                self.log_reps.push(rep);
            }
        }
    }

    /// Ends the slot: at the top, the row is counted and the columns it
    /// did not write are left short; below, the fields not given take
    /// this slot's level from the log later.
    #[inline(always)]
    pub fn end(&mut self) {
        if self.root {
            self.rows += 1;
        }
    }

    /// Child `i` takes the log's levels from its position up to `to`.
    fn catch_up(&mut self, i: usize, to: usize) {
        let (Some(p), Some(c)) = (self.pos.get_mut(i), self.children.get_mut(i)) else {
            return;
        };
        let from = *p as usize;
        if from < to {
            let defs = self.log_defs.get(from..to).unwrap_or(&[]);
            let reps = if self.has_rep {
                self.log_reps.get(from..to)
            } else {
                None
            };
            c.fill_from(defs, reps);
        }
        *p = u32::try_from(to).unwrap_or(u32::MAX);
    }

    /// Makes child `i` ready for this slot's value; `false` if it has one
    /// already.
    #[inline(always)]
    fn claim(&mut self, i: usize) -> bool {
        // Most often the child is up to date: it took the slot before.
        if self.root {
            let rows = self.rows;
            if let Some(f) = self.filled.get_mut(i) {
                if *f == rows {
                    *f = rows + 1;
                    return true;
                }
            }
        } else {
            let slot = self.slot;
            if let Some(p) = self.pos.get_mut(i) {
                if *p == slot {
                    *p = slot + 1;
                    return true;
                }
            }
        }
        self.claim_slow(i)
    }

    #[inline(never)]
    fn claim_slow(&mut self, i: usize) -> bool {
        if self.root {
            let rows = self.rows;
            let (Some(f), Some(c)) = (self.filled.get_mut(i), self.children.get_mut(i)) else {
                return false;
            };
            if *f > rows {
                return false;
            }
            c.fill(0, 0, rows - *f);
            *f = rows + 1;
            true
        } else {
            let slot = self.slot;
            let p = match self.pos.get(i) {
                Some(&p) if p <= slot => p,
                _ => return false,
            };
            if p < slot {
                self.catch_up(i, slot as usize);
            }
            // Past this slot's own level: the child gives its value.
            if let Some(p) = self.pos.get_mut(i) {
                *p = slot + 1;
            }
            true
        }
    }

    /// Every child takes the rest of the log, and so on down. A leaf that
    /// has no level yet in this row group (most fields of most structs)
    /// gets the log itself, encoded once.
    fn settle(&mut self) {
        if !self.root {
            let to = self.log_defs.len();
            let mut shared: Option<(Levels, Levels)> = None;
            for i in 0..self.children.len() {
                let fresh = self.pos.get(i) == Some(&0)
                    && matches!(self.children.get(i), Some(Col::Leaf(l)) if l.data.defs.len() == 0);
                if !fresh || to == 0 {
                    self.catch_up(i, to);
                    continue;
                }
                let (defs, reps) = shared.get_or_insert_with(|| {
                    let reps = if self.has_rep {
                        Levels::from_raw(&self.log_reps)
                    } else {
                        Levels::default()
                    };
                    (Levels::from_raw(&self.log_defs), reps)
                });
                if let Some(Col::Leaf(l)) = self.children.get_mut(i) {
                    l.data.defs = defs.clone();
                    if l.has_rep {
                        l.data.reps = reps.clone();
                    }
                }
            }
            self.log_defs.clear();
            self.log_reps.clear();
            self.pos.iter_mut().for_each(|p| *p = 0);
        }
        for c in &mut self.children {
            c.settle();
        }
    }

    /// Sets the time stamp field `name` of the row (outside serde).
    pub fn put_ts(&mut self, name: &str, secs: i64, nanos: i64) {
        let Some(i) = self.find(name) else {
            return;
        };
        let rep = self.rep;
        if let Some(Col::Leaf(l)) = self.children.get(i) {
            if !matches!(l.ty, Ty::Ts) {
                return;
            }
        }
        if self.claim(i) {
            if let Some(Col::Leaf(l)) = self.children.get_mut(i) {
                l.ts(secs, nanos, rep);
            }
        }
    }

    /// One field's value.
    fn field<T: Serialize + ?Sized>(&mut self, name: &str, v: &T, ctx: &mut Ctx) {
        let i = self.find(name);
        self.field_at(i, name, v, ctx);
    }

    /// One field's value, its name a `&'static str` ([`Self::find_static`]).
    #[inline(always)]
    fn field_static<T: Serialize + ?Sized>(&mut self, name: &'static str, v: &T, ctx: &mut Ctx) {
        match self.find_static(name) {
            Some(i) if self.claim(i) => {
                let rep = self.rep;
                if let Some(c) = self.children.get_mut(i) {
                    put(c, v, ctx, rep);
                }
            }
            i => self.field_refused(i, name, ctx),
        }
    }

    /// The value of field `i` (`None`: no column is named `name`).
    fn field_at<T: Serialize + ?Sized>(
        &mut self,
        i: Option<usize>,
        name: &str,
        v: &T,
        ctx: &mut Ctx,
    ) {
        match i {
            Some(i) if self.claim(i) => {
                let rep = self.rep;
                if let Some(c) = self.children.get_mut(i) {
                    put(c, v, ctx, rep);
                }
            }
            i => self.field_refused(i, name, ctx),
        }
    }

    /// A field with no column, or given twice.
    #[cold]
    #[inline(never)]
    fn field_refused(&mut self, i: Option<usize>, name: &str, ctx: &mut Ctx) {
        let Some(i) = i else {
            ctx.problems
                .note(&self.path, format_args!("no column for field {name:?}"));
            return;
        };
        // A duplicate key: the first wins, as in the JSON reader's view.
        // The writer fills `ts` itself before the view does.
        let ts = matches!(self.children.get(i), Some(Col::Leaf(l)) if matches!(l.ty, Ty::Ts));
        if !ts {
            ctx.problems
                .note(&self.path, format_args!("field {name:?} given twice"));
        }
    }

    /// Rows held (the top).
    pub fn rows(&self) -> u64 {
        u64::from(self.rows)
    }

    /// Fills every column up to the rows ended (the top).
    fn fill_rows(&mut self) {
        let rows = self.rows;
        for (c, f) in self.children.iter_mut().zip(self.filled.iter_mut()) {
            c.fill(0, 0, rows - *f);
            *f = rows;
        }
    }

    /// Bytes held, about what the row group's pages hold before
    /// compression (the top).
    pub fn held_bytes(&mut self) -> usize {
        let mut n = 0;
        for c in &mut self.children {
            c.for_each_leaf(&mut |l| n += l.data.encoded_len());
        }
        n
    }

    /// The rows so far, taken (the top): the columns start empty again.
    pub fn take(&mut self) -> Shred {
        let mut shred = Shred::default();
        self.take_into(&mut shred);
        shred
    }

    /// [`Self::take`] into `shred`, whose buffers (emptied by
    /// [`Self::append`]) the columns keep for the rows to come: batches
    /// handed back and forth allocate nothing once warm.
    pub fn take_into(&mut self, shred: &mut Shred) {
        self.fill_rows();
        self.settle();
        let mut k = 0;
        let leaves = &mut shred.leaves;
        for c in &mut self.children {
            c.for_each_leaf(&mut |l| {
                match leaves.get_mut(k) {
                    Some(d) => {
                        d.clear();
                        std::mem::swap(d, &mut l.data);
                    }
                    None => leaves.push(std::mem::take(&mut l.data)),
                }
                k += 1;
            });
        }
        leaves.truncate(k);
        shred.rows = u64::from(self.rows);
        self.rows = 0;
        self.filled.iter_mut().for_each(|f| *f = 0);
    }

    /// Reserves in each leaf what the same leaf of `like` holds, and a
    /// quarter more: rows built after rows like those grow no buffer, and
    /// so copy none (growing a buffer by doubling copies it each time). A
    /// reservation follows the last rows, never more than a quarter above
    /// what a row group held, so memory stays bounded by the row group's
    /// size (a few MiB more at peak than growing as rows come: the
    /// buffers are taken whole at the start, bench/README.md).
    pub fn reserve_like(&mut self, like: &mut StructCol) {
        let mut sizes = Vec::with_capacity(1024);
        for c in &mut like.children {
            c.for_each_leaf(&mut |l| {
                sizes.push((
                    l.data.values.len(),
                    l.data.defs.out.len(),
                    l.data.reps.out.len(),
                ))
            });
        }
        let mut it = sizes.into_iter();
        for c in &mut self.children {
            c.for_each_leaf(&mut |l| {
                if let Some((v, d, r)) = it.next() {
                    l.data.values.reserve(v + v / 4);
                    l.data.defs.out.reserve(d + d / 4);
                    l.data.reps.out.reserve(r + r / 4);
                }
            });
        }
    }

    /// Appends rows taken from another top-level struct of the same schema
    /// ([`Self::take`]), with the INT64 leaf number `moved` moved by
    /// `offset`.
    pub fn append(&mut self, shred: &mut Shred, moved: Option<usize>, offset: i64) {
        self.fill_rows();
        self.settle();
        let mut from = shred.leaves.iter_mut();
        let mut k = 0;
        for c in &mut self.children {
            c.for_each_leaf(&mut |l| {
                if let Some(d) = from.next() {
                    let off = if moved == Some(k) { offset } else { 0 };
                    l.data.append(d, l.kind, off);
                }
                k += 1;
            });
        }
        let rows = u32::try_from(shred.rows).unwrap_or(u32::MAX);
        shred.rows = 0;
        self.rows = self.rows.saturating_add(rows);
        let r = self.rows;
        self.filled.iter_mut().for_each(|f| *f = r);
    }

    /// The leaf number (in the file's column order) of top-level field
    /// `name`, if it is a leaf.
    pub fn leaf_index(&mut self, name: &str) -> Option<usize> {
        let i = self.find(name)?;
        let mut k = 0;
        for c in self.children.iter_mut().take(i) {
            c.for_each_leaf(&mut |_| k += 1);
        }
        matches!(self.children.get(i), Some(Col::Leaf(_))).then_some(k)
    }

    /// Each leaf's kind, maximum definition level and whether it has
    /// repetition levels, in the file's column order.
    pub fn leaf_layout(&mut self) -> Vec<(Kind, u8, bool)> {
        let mut v = Vec::new();
        for c in &mut self.children {
            c.for_each_leaf(&mut |l| v.push((l.kind, l.def, l.has_rep)));
        }
        v
    }
}

/// Puts one value into a column, in the slot repeating at `rep`: JSON-text
/// columns take the value's JSON, the others its typed value.
#[inline(always)]
pub(crate) fn put<T: Serialize + ?Sized>(col: &mut Col, v: &T, ctx: &mut Ctx, rep: u8) {
    if let Col::Leaf(l) = col {
        if matches!(l.ty, Ty::Json) {
            put_json(col, v, ctx, rep);
            return;
        }
    }
    let _ = v.serialize(ColSer { col, ctx, rep });
}

/// A JSON-text column takes the value's JSON.
#[inline(never)]
fn put_json<T: Serialize + ?Sized>(col: &mut Col, v: &T, ctx: &mut Ctx, rep: u8) {
    ctx.json.clear();
    match serde_json::to_writer(&mut ctx.json, v) {
        Ok(()) => match (std::str::from_utf8(&ctx.json), &mut *col) {
            (Ok(s), Col::Leaf(l)) if s != "null" => l.str(s, rep),
            _ => col.null(rep),
        },
        Err(_) => col.null(rep),
    }
}

/// The serde error type (never returned in practice: problems are noted,
/// not raised, so that columns stay aligned).
#[derive(Debug)]
pub(crate) struct SerError(String);

impl Display for SerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SerError {}

impl ser::Error for SerError {
    fn custom<M: Display>(msg: M) -> Self {
        SerError(msg.to_string())
    }
}

/// Serialises one value into one column, in the slot repeating at `rep`.
pub(crate) struct ColSer<'c> {
    col: &'c mut Col,
    ctx: &'c mut Ctx,
    rep: u8,
}

impl ColSer<'_> {
    fn mismatch(self, what: &str) -> Result<(), SerError> {
        self.ctx.problems.note(
            self.col.path(),
            format_args!("a {what} for a {} column", self.col.type_name()),
        );
        self.col.null(self.rep);
        Ok(())
    }

    #[inline]
    fn int(self, v: i64) -> Result<(), SerError> {
        if let Col::Leaf(l) = &mut *self.col {
            if l.int(v, self.rep) {
                return Ok(());
            }
        }
        self.int_mismatch(v.into())
    }

    #[cold]
    fn int_mismatch(self, v: i128) -> Result<(), SerError> {
        let what = format!("number {v}");
        self.mismatch(&what)
    }
}

impl<'c> ColSer<'c> {
    /// An object for a column other than a struct: a time stamp given as
    /// `{"secs", "nanos"}`, or a value of the wrong shape.
    #[inline(never)]
    fn object_elsewhere(self) -> Compound<'c> {
        let rep = self.rep;
        let ts = matches!(&*self.col, Col::Leaf(l) if matches!(l.ty, Ty::Ts));
        match self.col {
            col if !ts => Compound::Skip(col, self.ctx, "object", rep),
            Col::Leaf(l) => Compound::Ts(l, self.ctx, None, rep, TsParts::default()),
            col => Compound::Skip(col, self.ctx, "object", rep),
        }
    }
}

impl<'c> ser::Serializer for ColSer<'c> {
    type Ok = ();
    type Error = SerError;
    type SerializeSeq = Compound<'c>;
    type SerializeTuple = Compound<'c>;
    type SerializeTupleStruct = Compound<'c>;
    type SerializeTupleVariant = ser::Impossible<(), SerError>;
    type SerializeMap = Compound<'c>;
    type SerializeStruct = Compound<'c>;
    type SerializeStructVariant = ser::Impossible<(), SerError>;

    #[inline(always)]
    fn serialize_bool(self, v: bool) -> Result<(), SerError> {
        match &mut *self.col {
            Col::Leaf(l) if l.kind == Kind::Bool => {
                l.bool(v, self.rep);
                Ok(())
            }
            _ => self.mismatch("boolean"),
        }
    }
    fn serialize_i8(self, v: i8) -> Result<(), SerError> {
        self.int(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), SerError> {
        self.int(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), SerError> {
        self.int(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), SerError> {
        self.int(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), SerError> {
        self.int(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), SerError> {
        self.int(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), SerError> {
        self.int(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), SerError> {
        match i64::try_from(v) {
            Ok(x) => self.int(x),
            Err(_) => match &mut *self.col {
                Col::Leaf(l) if matches!(l.ty, Ty::F64) => {
                    l.f64(v as f64, self.rep);
                    Ok(())
                }
                _ => self.int_mismatch(v.into()),
            },
        }
    }
    fn serialize_f32(self, v: f32) -> Result<(), SerError> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<(), SerError> {
        match &mut *self.col {
            Col::Leaf(l) if matches!(l.ty, Ty::F64) => {
                l.f64(v, self.rep);
                Ok(())
            }
            _ => self.mismatch("float"),
        }
    }
    fn serialize_char(self, v: char) -> Result<(), SerError> {
        let mut buf = [0u8; 4];
        self.serialize_str(v.encode_utf8(&mut buf))
    }
    fn serialize_str(self, v: &str) -> Result<(), SerError> {
        match &mut *self.col {
            Col::Leaf(l) if matches!(l.ty, Ty::Str) => {
                l.str(v, self.rep);
                Ok(())
            }
            _ => self.mismatch("string"),
        }
    }
    fn collect_str<T: Display + ?Sized>(self, v: &T) -> Result<(), SerError> {
        match &mut *self.col {
            Col::Leaf(l) if matches!(l.ty, Ty::Str) => {
                // Written straight into the column's values.
                l.display(v, self.rep);
                Ok(())
            }
            _ => self.mismatch("string"),
        }
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), SerError> {
        self.mismatch("byte string")
    }
    fn serialize_none(self) -> Result<(), SerError> {
        self.col.null(self.rep);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), SerError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), SerError> {
        self.col.null(self.rep);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), SerError> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), SerError> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), SerError> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), SerError> {
        self.mismatch("enum variant")
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'c>, SerError> {
        let rep = self.rep;
        match self.col {
            Col::List(l) => Ok(Compound::List(l, self.ctx, rep, 0)),
            col => Ok(Compound::Skip(col, self.ctx, "array", rep)),
        }
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'c>, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Compound<'c>, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, SerError> {
        Err(SerError("tuple variants are not written".into()))
    }
    #[inline(always)]
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'c>, SerError> {
        let rep = self.rep;
        match self.col {
            Col::Struct(s) => {
                s.begin(rep);
                Ok(Compound::Struct(s, self.ctx, None))
            }
            col => Ok(ColSer {
                col,
                ctx: self.ctx,
                rep,
            }
            .object_elsewhere()),
        }
    }
    #[inline(always)]
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Compound<'c>, SerError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, SerError> {
        Err(SerError("struct variants are not written".into()))
    }
}

/// The `{"secs", "nanos"}` of a time stamp given as an object.
#[derive(Default)]
pub(crate) struct TsParts {
    secs: Option<i64>,
    nanos: Option<i64>,
}

/// An array or object being written.
pub(crate) enum Compound<'c> {
    Struct(&'c mut StructCol, &'c mut Ctx, Option<KeyBuf>),
    /// A list, its slot's repetition level, and the elements so far.
    List(&'c mut ListCol, &'c mut Ctx, u8, u32),
    /// A `{"secs", "nanos"}` time stamp.
    Ts(&'c mut Leaf, &'c mut Ctx, Option<KeyBuf>, u8, TsParts),
    /// A value of the wrong shape for its column: consumed, then null.
    Skip(&'c mut Col, &'c mut Ctx, &'static str, u8),
}

/// A map key, kept between `serialize_key` and `serialize_value`.
pub(crate) struct KeyBuf(String);

impl Compound<'_> {
    #[inline(always)]
    fn element<T: Serialize + ?Sized>(&mut self, v: &T) {
        match self {
            Compound::List(l, ctx, rep, count) => {
                // The first element starts the list's slot; the others
                // repeat at the list's level.
                let r = if *count == 0 { *rep } else { l.rep };
                put(&mut l.item, v, ctx, r);
                *count += 1;
            }
            Compound::Skip(..) => {}
            Compound::Struct(s, ctx, _) => {
                ctx.problems
                    .note(&s.path, format_args!("an array element in an object"));
            }
            Compound::Ts(..) => {}
        }
    }

    /// A struct's field: its name has a fixed address.
    #[inline(always)]
    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) {
        match self {
            Compound::Struct(s, ctx, _) => s.field_static(key, v, ctx),
            _ => self.entry(key, v),
        }
    }

    #[inline(never)]
    fn entry<T: Serialize + ?Sized>(&mut self, key: &str, v: &T) {
        match self {
            Compound::Struct(s, ctx, _) => s.field(key, v, ctx),
            Compound::Ts(_, _, _, _, parts) => {
                let n = v.serialize(IntCapture).ok().flatten();
                match key {
                    "secs" => parts.secs = n,
                    "nanos" => parts.nanos = n,
                    _ => {}
                }
            }
            Compound::List(..) | Compound::Skip(..) => {}
        }
    }

    #[inline(always)]
    fn finish(self) {
        match self {
            Compound::Struct(s, _, _) => s.end(),
            other => other.finish_elsewhere(),
        }
    }

    #[inline(never)]
    fn finish_elsewhere(self) {
        match self {
            Compound::Struct(s, _, _) => s.end(),
            Compound::List(l, _, rep, count) => {
                if count == 0 {
                    // Present and empty.
                    let def = l.def;
                    l.item.fill(rep, def, 1);
                }
            }
            Compound::Ts(leaf, ctx, _, rep, parts) => match (parts.secs, parts.nanos) {
                (Some(s), Some(n)) => {
                    leaf.ts(s, n, rep);
                }
                _ => {
                    ctx.problems
                        .note("", format_args!("a time stamp without secs and nanos"));
                    let def = leaf.def.saturating_sub(1);
                    leaf.fill(rep, def, 1);
                }
            },
            Compound::Skip(col, ctx, what, rep) => {
                ColSer { col, ctx, rep }.mismatch(what).unwrap_or(());
            }
        }
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = SerError;
    #[inline(always)]
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
        self.element(v);
        Ok(())
    }
    fn end(self) -> Result<(), SerError> {
        self.finish();
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = SerError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
        self.element(v);
        Ok(())
    }
    fn end(self) -> Result<(), SerError> {
        self.finish();
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
        self.element(v);
        Ok(())
    }
    fn end(self) -> Result<(), SerError> {
        self.finish();
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = SerError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), SerError> {
        let k = key_string(key);
        match self {
            Compound::Struct(_, _, slot) | Compound::Ts(_, _, slot, _, _) => {
                *slot = Some(KeyBuf(k))
            }
            Compound::List(..) | Compound::Skip(..) => {}
        }
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
        let key = match self {
            Compound::Struct(_, _, slot) | Compound::Ts(_, _, slot, _, _) => slot.take(),
            Compound::List(..) | Compound::Skip(..) => None,
        };
        if let Some(KeyBuf(k)) = key {
            self.entry(&k, v);
        }
        Ok(())
    }
    fn serialize_entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(
        &mut self,
        key: &K,
        v: &V,
    ) -> Result<(), SerError> {
        with_key(key, |k| self.entry(k, v));
        Ok(())
    }
    fn end(self) -> Result<(), SerError> {
        self.finish();
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = SerError;
    #[inline(always)]
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), SerError> {
        self.field(key, v);
        Ok(())
    }
    fn skip_field(&mut self, _: &'static str) -> Result<(), SerError> {
        // A skipped field stays unset, and so null.
        Ok(())
    }
    fn end(self) -> Result<(), SerError> {
        self.finish();
        Ok(())
    }
}

/// A key of any kind as a string (its JSON text without quotes).
fn key_string<T: Serialize + ?Sized>(key: &T) -> String {
    match serde_json::to_value(key) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(v) => v.to_string(),
        Err(_) => String::new(),
    }
}

/// A map key copied onto the stack (keys are short field names).
struct StackKey {
    buf: [u8; 64],
    len: usize,
}

impl StackKey {
    fn new() -> Self {
        StackKey {
            buf: [0; 64],
            len: 0,
        }
    }
    fn as_str(&self) -> &str {
        std::str::from_utf8(self.buf.get(..self.len).unwrap_or(&[])).unwrap_or("")
    }
}

impl fmt::Write for StackKey {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let dst = self.buf.get_mut(self.len..end).ok_or(fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Calls `f` with a map key as a string, without allocating for short
/// string keys.
fn with_key<K: Serialize + ?Sized>(key: &K, f: impl FnOnce(&str)) {
    let mut buf = StackKey::new();
    if key.serialize(KeyCapture(&mut buf)).unwrap_or(false) {
        f(buf.as_str());
    } else {
        f(&key_string(key));
    }
}

/// Copies a string key into a [`StackKey`]; anything else is refused
/// (`false`) and goes the slow way.
struct KeyCapture<'b>(&'b mut StackKey);

macro_rules! reject {
    ($($name:ident($($arg:ty),*);)*) => {
        $(fn $name(self, $(_: $arg),*) -> Result<Self::Ok, SerError> { Ok(Default::default()) })*
    };
}

impl ser::Serializer for KeyCapture<'_> {
    type Ok = bool;
    type Error = SerError;
    type SerializeSeq = ser::Impossible<Self::Ok, SerError>;
    type SerializeTuple = ser::Impossible<Self::Ok, SerError>;
    type SerializeTupleStruct = ser::Impossible<Self::Ok, SerError>;
    type SerializeTupleVariant = ser::Impossible<Self::Ok, SerError>;
    type SerializeMap = ser::Impossible<Self::Ok, SerError>;
    type SerializeStruct = ser::Impossible<Self::Ok, SerError>;
    type SerializeStructVariant = ser::Impossible<Self::Ok, SerError>;

    fn serialize_str(self, v: &str) -> Result<bool, SerError> {
        self.0.len = 0;
        Ok(self.0.write_str(v).is_ok())
    }
    fn collect_str<T: Display + ?Sized>(self, v: &T) -> Result<bool, SerError> {
        self.0.len = 0;
        Ok(write!(self.0, "{v}").is_ok())
    }
    reject! {
        serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_i32(i32);
        serialize_i64(i64); serialize_u8(u8); serialize_u16(u16); serialize_u32(u32);
        serialize_u64(u64); serialize_f32(f32); serialize_f64(f64); serialize_char(char);
        serialize_bytes(&[u8]); serialize_none(); serialize_unit();
        serialize_unit_struct(&'static str);
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<bool, SerError> {
        self.serialize_str(variant)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<bool, SerError> {
        v.serialize(self)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<bool, SerError> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<bool, SerError> {
        Ok(false)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, SerError> {
        Err(SerError("key".into()))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, SerError> {
        Err(SerError("key".into()))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, SerError> {
        Err(SerError("key".into()))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, SerError> {
        Err(SerError("key".into()))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, SerError> {
        Err(SerError("key".into()))
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, SerError> {
        Err(SerError("key".into()))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, SerError> {
        Err(SerError("key".into()))
    }
}

/// Captures an integer (a time stamp's `secs` or `nanos`).
struct IntCapture;

impl ser::Serializer for IntCapture {
    type Ok = Option<i64>;
    type Error = SerError;
    type SerializeSeq = ser::Impossible<Self::Ok, SerError>;
    type SerializeTuple = ser::Impossible<Self::Ok, SerError>;
    type SerializeTupleStruct = ser::Impossible<Self::Ok, SerError>;
    type SerializeTupleVariant = ser::Impossible<Self::Ok, SerError>;
    type SerializeMap = ser::Impossible<Self::Ok, SerError>;
    type SerializeStruct = ser::Impossible<Self::Ok, SerError>;
    type SerializeStructVariant = ser::Impossible<Self::Ok, SerError>;

    fn serialize_i64(self, v: i64) -> Result<Self::Ok, SerError> {
        Ok(Some(v))
    }
    fn serialize_u64(self, v: u64) -> Result<Self::Ok, SerError> {
        Ok(i64::try_from(v).ok())
    }
    fn serialize_i32(self, v: i32) -> Result<Self::Ok, SerError> {
        Ok(Some(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Result<Self::Ok, SerError> {
        Ok(Some(v.into()))
    }
    reject! {
        serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_u8(u8);
        serialize_u16(u16); serialize_f32(f32); serialize_f64(f64); serialize_char(char);
        serialize_str(&str); serialize_bytes(&[u8]); serialize_none(); serialize_unit();
        serialize_unit_struct(&'static str);
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<Self::Ok, SerError> {
        Ok(None)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<Self::Ok, SerError> {
        v.serialize(self)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<Self::Ok, SerError> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Self::Ok, SerError> {
        Ok(None)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, SerError> {
        Err(SerError("int".into()))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, SerError> {
        Err(SerError("int".into()))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, SerError> {
        Err(SerError("int".into()))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, SerError> {
        Err(SerError("int".into()))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, SerError> {
        Err(SerError("int".into()))
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, SerError> {
        Err(SerError("int".into()))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, SerError> {
        Err(SerError("int".into()))
    }
}

/// Serialises a whole row (an object) into the top-level columns.
pub(crate) fn put_row<T: Serialize + ?Sized>(row: &mut StructCol, v: &T, ctx: &mut Ctx) {
    // The row is a struct column whose children are the batch's columns;
    // the caller has called `begin` and may have filled some fields.
    let r = v.serialize(RowSer { row, ctx });
    if let Err(e) = r {
        ctx.problems
            .note("", format_args!("the row could not be written: {e}"));
    }
}

/// The top level: like a struct column, but the caller ends the row.
struct RowSer<'c> {
    row: &'c mut StructCol,
    ctx: &'c mut Ctx,
}

struct RowMap<'c> {
    row: &'c mut StructCol,
    ctx: &'c mut Ctx,
    key: Option<String>,
}

impl<'c> ser::Serializer for RowSer<'c> {
    type Ok = ();
    type Error = SerError;
    type SerializeSeq = ser::Impossible<(), SerError>;
    type SerializeTuple = ser::Impossible<(), SerError>;
    type SerializeTupleStruct = ser::Impossible<(), SerError>;
    type SerializeTupleVariant = ser::Impossible<(), SerError>;
    type SerializeMap = RowMap<'c>;
    type SerializeStruct = RowMap<'c>;
    type SerializeStructVariant = ser::Impossible<(), SerError>;

    fn serialize_map(self, _: Option<usize>) -> Result<RowMap<'c>, SerError> {
        Ok(RowMap {
            row: self.row,
            ctx: self.ctx,
            key: None,
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<RowMap<'c>, SerError> {
        self.serialize_map(Some(len))
    }

    fn serialize_bool(self, _: bool) -> Result<(), SerError> {
        Err(SerError("a row is an object".into()))
    }
    fn serialize_i8(self, _: i8) -> Result<(), SerError> {
        Err(SerError("a row is an object".into()))
    }
    fn serialize_i16(self, _: i16) -> Result<(), SerError> {
        Err(SerError("a row is an object".into()))
    }
    fn serialize_i32(self, _: i32) -> Result<(), SerError> {
        Err(SerError("a row is an object".into()))
    }
    fn serialize_i64(self, _: i64) -> Result<(), SerError> {
        Err(SerError("a row is an object".into()))
    }
    fn serialize_u8(self, _: u8) -> Result<(), SerError> {
        Err(SerError("a row is an object".into()))
    }
    fn serialize_u16(self, _: u16) -> Result<(), SerError> {
        Err(SerError("a row is an object".into()))
    }
    fn serialize_u32(self, _: u32) -> Result<(), SerError> {
        Err(SerError("a row is an object".into()))
    }
    fn serialize_u64(self, _: u64) -> Result<(), SerError> {
        Err(SerError("a row is an object".into()))
    }
    fn serialize_f32(self, _: f32) -> Result<(), SerError> {
        Err(SerError("a row is an object".into()))
    }
    fn serialize_f64(self, _: f64) -> Result<(), SerError> {
        Err(SerError("a row is an object".into()))
    }
    fn serialize_char(self, _: char) -> Result<(), SerError> {
        Err(SerError("a row is an object".into()))
    }
    fn serialize_str(self, _: &str) -> Result<(), SerError> {
        Err(SerError("a row is an object".into()))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), SerError> {
        Err(SerError("a row is an object".into()))
    }
    fn serialize_none(self) -> Result<(), SerError> {
        Err(SerError("a row is an object".into()))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), SerError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), SerError> {
        Err(SerError("a row is an object".into()))
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), SerError> {
        Err(SerError("a row is an object".into()))
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), SerError> {
        Err(SerError("a row is an object".into()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), SerError> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), SerError> {
        Err(SerError("a row is an object".into()))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, SerError> {
        Err(SerError("a row is an object".into()))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, SerError> {
        Err(SerError("a row is an object".into()))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, SerError> {
        Err(SerError("a row is an object".into()))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, SerError> {
        Err(SerError("a row is an object".into()))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, SerError> {
        Err(SerError("a row is an object".into()))
    }
}

impl ser::SerializeMap for RowMap<'_> {
    type Ok = ();
    type Error = SerError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), SerError> {
        self.key = Some(key_string(key));
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
        if let Some(k) = self.key.take() {
            self.row.field(&k, v, self.ctx);
        }
        Ok(())
    }
    fn serialize_entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(
        &mut self,
        key: &K,
        v: &V,
    ) -> Result<(), SerError> {
        with_key(key, |k| self.row.field(k, v, self.ctx));
        Ok(())
    }
    fn end(self) -> Result<(), SerError> {
        Ok(())
    }
}

impl ser::SerializeStruct for RowMap<'_> {
    type Ok = ();
    type Error = SerError;
    #[inline(always)]
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), SerError> {
        self.row.field_static(key, v, self.ctx);
        Ok(())
    }
    fn end(self) -> Result<(), SerError> {
        Ok(())
    }
}
