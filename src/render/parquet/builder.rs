//! Column builders for the static [`schema`](super::schema), filled by a
//! serde `Serializer`: the JSON renderer's views (which read decode's
//! records) serialise straight into typed Arrow columns, so that a Parquet
//! row holds exactly what the JSON line holds, with no JSON text in
//! between and no allocation per field.
//!
//! Every call that fills a column appends exactly one value (or null) to
//! it, whatever the value: a field the schema does not know, or a value of
//! a type its column cannot hold, is left out (null) and counted in
//! [`Problems`], which the tests require to stay empty over every fixture.
//!
//! A column no row of a batch wrote to (a layer none of its packets has)
//! is not filled: the batch gets a shared all-null array for it
//! (`Nulls`).

use std::collections::BTreeMap;
use std::fmt::{self, Display, Write as _};
use std::sync::Arc;

use arrow_array::builder::{
    ArrayBuilder, BooleanBuilder, Float64Builder, Int32Builder, Int64Builder, Int8Builder,
    StringBuilder, TimestampMicrosecondBuilder, TimestampNanosecondBuilder, UInt16Builder,
    UInt32Builder, UInt8Builder,
};
use arrow_array::types::{
    ArrowPrimitiveType, Float64Type, Int32Type, Int64Type, Int8Type, TimestampMicrosecondType,
    TimestampNanosecondType, UInt16Type, UInt32Type, UInt8Type,
};
use arrow_array::{ArrayRef, BooleanArray, ListArray, PrimitiveArray, StringArray, StructArray};
use arrow_buffer::{
    BooleanBuffer, Buffer, MutableBuffer, NullBuffer, NullBufferBuilder, OffsetBuffer, ScalarBuffer,
};
use arrow_schema::{DataType, Field, FieldRef, Fields, TimeUnit};
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

/// A column being built.
pub(crate) enum Col {
    Bool(BooleanBuilder),
    U8(UInt8Builder),
    U16(UInt16Builder),
    U32(UInt32Builder),
    I8(Int8Builder),
    I32(Int32Builder),
    I64(Int64Builder),
    F64(Float64Builder),
    Str(StringBuilder),
    Json(StringBuilder),
    TsMicro(TimestampMicrosecondBuilder, TsParts),
    TsNano(TimestampNanosecondBuilder, TsParts),
    Struct(StructCol),
    List(ListCol),
}

/// The `{"secs", "nanos"}` of a time stamp given as an object.
#[derive(Default)]
pub(crate) struct TsParts {
    secs: Option<i64>,
    nanos: Option<i64>,
}

pub(crate) struct StructCol {
    pub path: String,
    pub fields: &'static [F],
    pub children: Vec<Col>,
    nulls: NullBufferBuilder,
    /// Where the last field was found: fields mostly come in order.
    hint: usize,
    /// Field indices by the address and length of a `&'static str` name
    /// (serde's struct field names, which the views give): a hit needs no
    /// name comparison. Direct-mapped, [`KEY_SLOTS`] slots.
    keys: Vec<StaticKey>,
    len: usize,
    /// The all-null columns of batches (top level only).
    null_cols: Nulls,
    /// The Arrow fields of `fields`, made once.
    arrow: Fields,
}

/// A field name's address and length, and the field's index.
#[derive(Clone, Copy, Default)]
struct StaticKey {
    ptr: usize,
    len: usize,
    index: usize,
}

/// Slots of [`StructCol::keys`].
const KEY_SLOTS: usize = 64;

pub(crate) struct ListCol {
    path: String,
    /// The Arrow field of the items, made once.
    field: FieldRef,
    item: Box<Col>,
    item_ty: Ty,
    offsets: Vec<i32>,
    nulls: NullBufferBuilder,
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
    pub fn new(ty: &Ty, path: &str, ts: TsUnit) -> Col {
        match ty {
            Ty::Bool => Col::Bool(BooleanBuilder::new()),
            Ty::U8 => Col::U8(UInt8Builder::new()),
            Ty::U16 => Col::U16(UInt16Builder::new()),
            Ty::U32 => Col::U32(UInt32Builder::new()),
            Ty::I8 => Col::I8(Int8Builder::new()),
            Ty::I32 => Col::I32(Int32Builder::new()),
            Ty::I64 => Col::I64(Int64Builder::new()),
            Ty::F64 => Col::F64(Float64Builder::new()),
            Ty::Str => Col::Str(StringBuilder::new()),
            Ty::Json => Col::Json(StringBuilder::new()),
            Ty::Ts => match ts {
                TsUnit::Micro => Col::TsMicro(
                    TimestampMicrosecondBuilder::new().with_timezone("UTC"),
                    TsParts::default(),
                ),
                TsUnit::Nano => Col::TsNano(
                    TimestampNanosecondBuilder::new().with_timezone("UTC"),
                    TsParts::default(),
                ),
            },
            Ty::Struct(fields) => Col::Struct(StructCol::new(fields, path, ts)),
            Ty::List(item) => Col::List(ListCol {
                path: format!("{path}[]"),
                field: Arc::new(Field::new("item", data_type(item, ts), true)),
                item: Box::new(Col::new(item, &format!("{path}[]"), ts)),
                item_ty: **item,
                offsets: vec![0],
                nulls: NullBufferBuilder::new(0),
            }),
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Col::Bool(b) => b.len(),
            Col::U8(b) => b.len(),
            Col::U16(b) => b.len(),
            Col::U32(b) => b.len(),
            Col::I8(b) => b.len(),
            Col::I32(b) => b.len(),
            Col::I64(b) => b.len(),
            Col::F64(b) => b.len(),
            Col::Str(b) | Col::Json(b) => b.len(),
            Col::TsMicro(b, _) => b.len(),
            Col::TsNano(b, _) => b.len(),
            Col::Struct(s) => s.len,
            Col::List(l) => l.offsets.len().saturating_sub(1),
        }
    }

    pub fn append_null(&mut self) {
        self.append_nulls(1);
    }

    /// Appends `n` nulls. A struct's children are not touched: they are
    /// filled up to the struct's length when next written to, or when the
    /// column is finished ([`Col::fill_to`]), so that a row costs nothing
    /// for the hundreds of columns of layers it does not have.
    pub fn append_nulls(&mut self, n: usize) {
        if n == 0 {
            return;
        }
        match self {
            Col::Bool(b) => b.append_nulls(n),
            Col::U8(b) => b.append_nulls(n),
            Col::U16(b) => b.append_nulls(n),
            Col::U32(b) => b.append_nulls(n),
            Col::I8(b) => b.append_nulls(n),
            Col::I32(b) => b.append_nulls(n),
            Col::I64(b) => b.append_nulls(n),
            Col::F64(b) => b.append_nulls(n),
            Col::Str(b) | Col::Json(b) => b.append_nulls(n),
            Col::TsMicro(b, _) => b.append_nulls(n),
            Col::TsNano(b, _) => b.append_nulls(n),
            Col::Struct(s) => {
                s.nulls.append_n_nulls(n);
                s.len += n;
            }
            Col::List(l) => {
                let last = l.offsets.last().copied().unwrap_or(0);
                l.offsets.extend(std::iter::repeat_n(last, n));
                l.nulls.append_n_nulls(n);
            }
        }
    }

    /// Appends nulls until the column holds `len` values.
    pub fn fill_to(&mut self, len: usize) {
        let have = self.len();
        if have < len {
            self.append_nulls(len - have);
        }
    }

    /// Appends a time stamp given as seconds and nanoseconds.
    pub fn append_ts(&mut self, secs: i64, nanos: i64) -> bool {
        let nanos = nanos.clamp(0, 999_999_999);
        match self {
            Col::TsMicro(b, _) => {
                b.append_value(secs.saturating_mul(1_000_000).saturating_add(nanos / 1000))
            }
            Col::TsNano(b, _) => {
                b.append_value(secs.saturating_mul(1_000_000_000).saturating_add(nanos))
            }
            _ => return false,
        }
        true
    }

    /// The finished column (the builder is left empty).
    pub fn finish(&mut self, ty: &Ty, ts: TsUnit, nulls: &mut Nulls) -> ArrayRef {
        match self {
            Col::Bool(b) => Arc::new(b.finish()),
            Col::U8(b) => Arc::new(b.finish()),
            Col::U16(b) => Arc::new(b.finish()),
            Col::U32(b) => Arc::new(b.finish()),
            Col::I8(b) => Arc::new(b.finish()),
            Col::I32(b) => Arc::new(b.finish()),
            Col::I64(b) => Arc::new(b.finish()),
            Col::F64(b) => Arc::new(b.finish()),
            Col::Str(b) | Col::Json(b) => Arc::new(b.finish()),
            Col::TsMicro(b, _) => Arc::new(b.finish()),
            Col::TsNano(b, _) => Arc::new(b.finish()),
            Col::Struct(s) => Arc::new(s.finish_array(ts, nulls)),
            Col::List(l) => {
                let item_ty = l.item_ty;
                let values = if l.item.len() == 0 {
                    nulls.array(l.field.data_type(), 0)
                } else {
                    l.item.finish(&item_ty, ts, nulls)
                };
                let offsets = std::mem::replace(&mut l.offsets, vec![0]);
                let _ = ty;
                Arc::new(ListArray::new(
                    l.field.clone(),
                    OffsetBuffer::new(ScalarBuffer::from(offsets)),
                    values,
                    l.nulls.finish(),
                ))
            }
        }
    }

    fn type_name(&self) -> &'static str {
        match self {
            Col::Bool(_) => "boolean",
            Col::U8(_) => "uint8",
            Col::U16(_) => "uint16",
            Col::U32(_) => "uint32",
            Col::I8(_) => "int8",
            Col::I32(_) => "int32",
            Col::I64(_) => "int64",
            Col::F64(_) => "double",
            Col::Str(_) => "string",
            Col::Json(_) => "json",
            Col::TsMicro(..) | Col::TsNano(..) => "timestamp",
            Col::Struct(_) => "struct",
            Col::List(_) => "list",
        }
    }
}

impl StructCol {
    pub fn new(fields: &'static [F], path: &str, ts: TsUnit) -> StructCol {
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
                .map(|f| Col::new(&f.ty, &child_path(f.name), ts))
                .collect(),
            nulls: NullBufferBuilder::new(0),
            hint: 0,
            keys: vec![StaticKey::default(); KEY_SLOTS],
            len: 0,
            null_cols: Nulls::default(),
            arrow: arrow_fields(fields, ts),
        }
    }

    /// The index of the field `name`.
    fn find(&mut self, name: &str) -> Option<usize> {
        let n = self.fields.len();
        for k in 0..n {
            let i = (self.hint + k) % n;
            if self.fields.get(i).is_some_and(|f| f.name == name) {
                self.hint = (i + 1) % n.max(1);
                return Some(i);
            }
        }
        None
    }

    /// The index of the field `name`, a name with a fixed address: two
    /// `&'static str` at the same address with the same length are the
    /// same string, so the index found for it once is kept by address.
    fn find_static(&mut self, name: &'static str) -> Option<usize> {
        let ptr = name.as_ptr() as usize;
        let slot = (ptr ^ (ptr >> 6)) % KEY_SLOTS;
        if let Some(k) = self.keys.get(slot) {
            if k.ptr == ptr && k.len == name.len() {
                let i = k.index;
                self.hint = (i + 1) % self.fields.len().max(1);
                return Some(i);
            }
        }
        let index = self.find(name)?;
        if let Some(k) = self.keys.get_mut(slot) {
            *k = StaticKey {
                ptr,
                len: name.len(),
                index,
            };
        }
        Some(index)
    }

    /// Starts a row: nothing set yet.
    pub fn begin(&mut self) {
        self.hint = 0;
    }

    /// A field's column, ready for the caller to append the row's value
    /// (outside serde).
    pub fn child_mut(&mut self, name: &str) -> Option<&mut Col> {
        let i = self.find(name)?;
        let row = self.len;
        let c = self.children.get_mut(i)?;
        c.fill_to(row);
        Some(c)
    }

    /// Ends a row. Fields not given are null: their columns are left
    /// short and filled when next written or finished.
    pub fn end(&mut self, valid: bool) {
        self.nulls.append(valid);
        self.len += 1;
    }

    /// One field's value.
    fn field<T: Serialize + ?Sized>(&mut self, name: &str, v: &T, ctx: &mut Ctx) {
        let i = self.find(name);
        self.field_at(i, name, v, ctx);
    }

    /// One field's value, its name a `&'static str` ([`Self::find_static`]).
    fn field_static<T: Serialize + ?Sized>(&mut self, name: &'static str, v: &T, ctx: &mut Ctx) {
        let i = self.find_static(name);
        self.field_at(i, name, v, ctx);
    }

    /// The value of field `i` (`None`: no column is named `name`).
    fn field_at<T: Serialize + ?Sized>(
        &mut self,
        i: Option<usize>,
        name: &str,
        v: &T,
        ctx: &mut Ctx,
    ) {
        let Some(i) = i else {
            ctx.problems
                .note(&self.path, format_args!("no column for field {name:?}"));
            return;
        };
        let row = self.len;
        match self.children.get(i) {
            // Not given yet in this row (a column holds a value for the
            // row being built once it is longer than the struct).
            Some(c) if c.len() <= row => {}
            _ => {
                // A duplicate key: the first wins, as in the JSON reader's
                // view. The writer fills `ts` itself before the view does.
                if !matches!(
                    self.children.get(i),
                    Some(Col::TsMicro(..) | Col::TsNano(..))
                ) {
                    ctx.problems
                        .note(&self.path, format_args!("field {name:?} given twice"));
                }
                return;
            }
        }
        if let Some(c) = self.children.get_mut(i) {
            c.fill_to(row);
            put(c, v, ctx);
        }
    }

    pub fn finish_array(&mut self, ts: TsUnit, nulls: &mut Nulls) -> StructArray {
        let len = self.len;
        let arrays = self.finish_children(len, ts, nulls);
        self.len = 0;
        StructArray::new(self.arrow.clone(), arrays, self.nulls.finish())
    }

    /// The children as columns (for the top level: a record batch).
    pub fn finish_columns(&mut self, ts: TsUnit) -> Vec<ArrayRef> {
        let len = self.len;
        let mut nulls = std::mem::take(&mut self.null_cols);
        let arrays = self.finish_children(len, ts, &mut nulls);
        self.null_cols = nulls;
        self.len = 0;
        let _ = self.nulls.finish();
        arrays
    }

    /// Each child as an array of `len` values. A child no row of the
    /// batch wrote to (most columns of a batch: the layers its packets do
    /// not have) is an all-null array from `nulls`, neither filled nor
    /// allocated.
    fn finish_children(&mut self, len: usize, ts: TsUnit, nulls: &mut Nulls) -> Vec<ArrayRef> {
        self.children
            .iter_mut()
            .zip(self.fields)
            .zip(self.arrow.iter())
            .map(|((c, f), a)| {
                if len > 0 && c.len() == 0 {
                    nulls.array(a.data_type(), len)
                } else {
                    c.fill_to(len);
                    c.finish(&f.ty, ts, nulls)
                }
            })
            .collect()
    }
}

/// All-null arrays for the columns a batch did not write to, made over
/// one zeroed buffer that they only read, and kept: the null columns of a
/// type and length are one array, shared by every column and batch that
/// needs it. So a column of a layer no packet of the batch has costs no
/// allocation, no filling, and no copy.
#[derive(Default)]
pub(crate) struct Nulls {
    zeros: Buffer,
    /// Leaf arrays (and validity, offsets) made so far, by type and
    /// length: a handful of types, a few lengths.
    leaves: Vec<(DataType, usize, ArrayRef)>,
    validity: Vec<(usize, NullBuffer)>,
    offsets: Vec<(usize, OffsetBuffer<i32>)>,
}

/// Most cached arrays of each kind before the cache starts again.
const NULLS_CACHED: usize = 64;

impl Nulls {
    /// The zeroed buffer, long enough for the values or offsets of a
    /// column of `len` values (8 bytes a value, and one offset more).
    fn zeros(&mut self, len: usize) -> Buffer {
        let need = (len + 1) * 8;
        if self.zeros.len() < need {
            self.zeros = Buffer::from(MutableBuffer::from_len_zeroed(need.next_power_of_two()));
        }
        self.zeros.clone()
    }

    fn validity(&mut self, len: usize) -> Option<NullBuffer> {
        if len == 0 {
            return None;
        }
        if let Some((_, v)) = self.validity.iter().find(|(l, _)| *l == len) {
            return Some(v.clone());
        }
        let v = NullBuffer::new(BooleanBuffer::new(self.zeros(len), 0, len));
        if self.validity.len() >= NULLS_CACHED {
            self.validity.clear();
        }
        self.validity.push((len, v.clone()));
        Some(v)
    }

    fn offsets(&mut self, len: usize) -> OffsetBuffer<i32> {
        if let Some((_, o)) = self.offsets.iter().find(|(l, _)| *l == len) {
            return o.clone();
        }
        let o = OffsetBuffer::new(ScalarBuffer::new(self.zeros(len), 0, len + 1));
        if self.offsets.len() >= NULLS_CACHED {
            self.offsets.clear();
        }
        self.offsets.push((len, o.clone()));
        o
    }

    /// An array of `len` nulls of type `dt`.
    pub(crate) fn array(&mut self, dt: &DataType, len: usize) -> ArrayRef {
        match dt {
            DataType::Struct(fields) => {
                let children = fields
                    .iter()
                    .map(|f| self.array(f.data_type(), len))
                    .collect();
                Arc::new(StructArray::new(
                    fields.clone(),
                    children,
                    self.validity(len),
                ))
            }
            DataType::List(item) => {
                let values = self.array(item.data_type(), 0);
                Arc::new(ListArray::new(
                    item.clone(),
                    self.offsets(len),
                    values,
                    self.validity(len),
                ))
            }
            _ => {
                if let Some((_, _, a)) = self.leaves.iter().find(|(t, l, _)| *l == len && t == dt) {
                    return a.clone();
                }
                let a = self.leaf(dt, len);
                if self.leaves.len() >= NULLS_CACHED {
                    self.leaves.clear();
                }
                self.leaves.push((dt.clone(), len, a.clone()));
                a
            }
        }
    }

    fn leaf(&mut self, dt: &DataType, len: usize) -> ArrayRef {
        fn prim<T: ArrowPrimitiveType>(
            len: usize,
            zeros: Buffer,
            nulls: Option<NullBuffer>,
        ) -> PrimitiveArray<T> {
            PrimitiveArray::<T>::new(ScalarBuffer::new(zeros, 0, len), nulls)
        }
        let zeros = self.zeros(len);
        let nulls = self.validity(len);
        match dt {
            DataType::Boolean => {
                Arc::new(BooleanArray::new(BooleanBuffer::new(zeros, 0, len), nulls))
            }
            DataType::UInt8 => Arc::new(prim::<UInt8Type>(len, zeros, nulls)),
            DataType::UInt16 => Arc::new(prim::<UInt16Type>(len, zeros, nulls)),
            DataType::UInt32 => Arc::new(prim::<UInt32Type>(len, zeros, nulls)),
            DataType::Int8 => Arc::new(prim::<Int8Type>(len, zeros, nulls)),
            DataType::Int32 => Arc::new(prim::<Int32Type>(len, zeros, nulls)),
            DataType::Int64 => Arc::new(prim::<Int64Type>(len, zeros, nulls)),
            DataType::Float64 => Arc::new(prim::<Float64Type>(len, zeros, nulls)),
            DataType::Timestamp(TimeUnit::Microsecond, tz) => Arc::new(
                prim::<TimestampMicrosecondType>(len, zeros, nulls).with_timezone_opt(tz.clone()),
            ),
            DataType::Timestamp(TimeUnit::Nanosecond, tz) => Arc::new(
                prim::<TimestampNanosecondType>(len, zeros, nulls).with_timezone_opt(tz.clone()),
            ),
            DataType::Utf8 => Arc::new(StringArray::new(
                self.offsets(len),
                Buffer::from(Vec::<u8>::new()),
                nulls,
            )),
            // No type of the schema (`data_type` makes none): arrow's own.
            _ => arrow_array::new_null_array(dt, len),
        }
    }
}

/// Puts one value into a column: JSON-text columns take the value's JSON,
/// the others its typed value.
pub(crate) fn put<T: Serialize + ?Sized>(col: &mut Col, v: &T, ctx: &mut Ctx) {
    if let Col::Json(b) = col {
        ctx.json.clear();
        match serde_json::to_writer(&mut ctx.json, v) {
            Ok(()) => match std::str::from_utf8(&ctx.json) {
                Ok(s) if s != "null" => b.append_value(s),
                _ => b.append_null(),
            },
            Err(_) => b.append_null(),
        }
        return;
    }
    let before = col.len();
    let _ = v.serialize(ColSer { col, ctx });
    // Whatever happened, the column grew by one.
    debug_assert_eq!(col.len(), before + 1);
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

/// Serialises one value into one column.
pub(crate) struct ColSer<'c> {
    col: &'c mut Col,
    ctx: &'c mut Ctx,
}

impl ColSer<'_> {
    fn mismatch(self, what: &str) -> Result<(), SerError> {
        let path = match &*self.col {
            Col::Struct(s) => s.path.clone(),
            Col::List(l) => l.path.clone(),
            _ => String::new(),
        };
        self.ctx.problems.note(
            &path,
            format_args!("a {what} for a {} column", self.col.type_name()),
        );
        self.col.append_null();
        Ok(())
    }

    fn int(self, v: i128) -> Result<(), SerError> {
        macro_rules! fit {
            ($b:expr, $t:ty) => {
                match <$t>::try_from(v) {
                    Ok(x) => {
                        $b.append_value(x);
                        return Ok(());
                    }
                    Err(_) => {}
                }
            };
        }
        match self.col {
            Col::U8(b) => fit!(b, u8),
            Col::U16(b) => fit!(b, u16),
            Col::U32(b) => fit!(b, u32),
            Col::I8(b) => fit!(b, i8),
            Col::I32(b) => fit!(b, i32),
            Col::I64(b) => fit!(b, i64),
            Col::F64(b) => {
                b.append_value(v as f64);
                return Ok(());
            }
            _ => {}
        }
        let what = format!("number {v}");
        self.mismatch(&what)
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

    fn serialize_bool(self, v: bool) -> Result<(), SerError> {
        match self.col {
            Col::Bool(b) => {
                b.append_value(v);
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
        self.int(v.into())
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
        self.int(v.into())
    }
    fn serialize_f32(self, v: f32) -> Result<(), SerError> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<(), SerError> {
        match self.col {
            Col::F64(b) => {
                b.append_value(v);
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
        match self.col {
            Col::Str(b) => {
                b.append_value(v);
                Ok(())
            }
            _ => self.mismatch("string"),
        }
    }
    fn collect_str<T: Display + ?Sized>(self, v: &T) -> Result<(), SerError> {
        match self.col {
            Col::Str(b) => {
                // Written straight into the column's buffer.
                let _ = write!(b, "{v}");
                b.append_value("");
                Ok(())
            }
            _ => self.mismatch("string"),
        }
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), SerError> {
        self.mismatch("byte string")
    }
    fn serialize_none(self) -> Result<(), SerError> {
        self.col.append_null();
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), SerError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), SerError> {
        self.col.append_null();
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
        match self.col {
            Col::List(l) => Ok(Compound::List(l, self.ctx)),
            col => Ok(Compound::Skip(col, self.ctx, "array")),
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
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'c>, SerError> {
        match self.col {
            Col::Struct(s) => {
                s.begin();
                Ok(Compound::Struct(s, self.ctx, None))
            }
            Col::TsMicro(_, parts) | Col::TsNano(_, parts) => {
                *parts = TsParts::default();
                Ok(Compound::Ts(self.col, self.ctx, None))
            }
            col => Ok(Compound::Skip(col, self.ctx, "object")),
        }
    }
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

/// An array or object being written.
pub(crate) enum Compound<'c> {
    Struct(&'c mut StructCol, &'c mut Ctx, Option<KeyBuf>),
    List(&'c mut ListCol, &'c mut Ctx),
    /// A `{"secs", "nanos"}` time stamp.
    Ts(&'c mut Col, &'c mut Ctx, Option<KeyBuf>),
    /// A value of the wrong shape for its column: consumed, then null.
    Skip(&'c mut Col, &'c mut Ctx, &'static str),
}

/// A map key, kept between `serialize_key` and `serialize_value`.
pub(crate) struct KeyBuf(String);

impl Compound<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, v: &T) {
        match self {
            Compound::List(l, ctx) => {
                put(&mut l.item, v, ctx);
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
    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) {
        match self {
            Compound::Struct(s, ctx, _) => s.field_static(key, v, ctx),
            _ => self.entry(key, v),
        }
    }

    fn entry<T: Serialize + ?Sized>(&mut self, key: &str, v: &T) {
        match self {
            Compound::Struct(s, ctx, _) => s.field(key, v, ctx),
            Compound::Ts(col, _, _) => {
                let n = v.serialize(IntCapture).ok().flatten();
                if let Col::TsMicro(_, parts) | Col::TsNano(_, parts) = &mut **col {
                    match key {
                        "secs" => parts.secs = n,
                        "nanos" => parts.nanos = n,
                        _ => {}
                    }
                }
            }
            Compound::List(..) | Compound::Skip(..) => {}
        }
    }

    fn finish(self) {
        match self {
            Compound::Struct(s, _, _) => s.end(true),
            Compound::List(l, _) => {
                let n = l.item.len();
                l.offsets.push(i32::try_from(n).unwrap_or(i32::MAX));
                l.nulls.append_non_null();
            }
            Compound::Ts(col, ctx, _) => {
                let (secs, nanos) = match &*col {
                    Col::TsMicro(_, p) | Col::TsNano(_, p) => (p.secs, p.nanos),
                    _ => (None, None),
                };
                match (secs, nanos) {
                    (Some(s), Some(n)) => {
                        col.append_ts(s, n);
                    }
                    _ => {
                        ctx.problems
                            .note("", format_args!("a time stamp without secs and nanos"));
                        col.append_null();
                    }
                }
            }
            Compound::Skip(col, ctx, what) => {
                ColSer { col, ctx }.mismatch(what).unwrap_or(());
            }
        }
    }
}

impl ser::SerializeSeq for Compound<'_> {
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
            Compound::Struct(_, _, slot) | Compound::Ts(_, _, slot) => *slot = Some(KeyBuf(k)),
            Compound::List(..) | Compound::Skip(..) => {}
        }
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
        let key = match self {
            Compound::Struct(_, _, slot) | Compound::Ts(_, _, slot) => slot.take(),
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
