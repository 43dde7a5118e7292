//! The JSON writer: a serde [`Serializer`] that writes the views straight
//! into the output buffer, byte for byte as `serde_json::to_writer` with its
//! compact formatter does (tests/json_writer.rs compares the two on every
//! fixture), but faster on what the views are made of:
//!
//! * struct field names are `&'static str` from `#[derive(Serialize)]`
//!   (Rust identifiers or `rename`s, never anything that needs escaping):
//!   they are copied as they are, with no escaping scan;
//! * strings are scanned eight bytes at a time for a byte that needs
//!   escaping, and copied whole when there is none (almost always);
//! * integers go through `itoa`, floats through `zmij` (what serde_json
//!   1.0.154 uses), so the digits are the same.
//!
//! Escaping, when needed, is serde_json's: `\"`, `\\`, `\b`, `\t`, `\n`,
//! `\f`, `\r`, and `\u00xx` (lowercase hex) for the other control
//! characters; everything else, non-ASCII included, is copied.

use std::fmt;

use serde::ser::{
    self, Serialize, SerializeMap, SerializeSeq, SerializeStruct, SerializeStructVariant,
    SerializeTuple, SerializeTupleStruct, SerializeTupleVariant,
};

/// Serialises `value` as compact JSON onto the end of `out`.
///
/// # Errors
///
/// Only what `value`'s `Serialize` reports, or a map key that is not a
/// string, number, boolean or character (as serde_json refuses one). The
/// views never do; `out` may then hold part of the value.
pub fn to_vec<T: ?Sized + Serialize>(out: &mut Vec<u8>, value: &T) -> Result<(), Error> {
    value.serialize(&mut JsonWriter { out })
}

/// What can go wrong: a message, as serde's `Error::custom` gives it.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// The serializer; it appends to `out`.
pub struct JsonWriter<'o> {
    out: &'o mut Vec<u8>,
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// What a byte becomes inside a JSON string: 0 for itself, `b'u'` for
/// `\u00xx`, else the letter after the backslash (serde_json's table).
const ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = b'u';
        i += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0a] = b'n';
    t[0x0c] = b'f';
    t[0x0d] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

/// Whether any of the eight bytes of `w` is below 0x20, `"` or `\`.
fn word_needs_escape(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // Exact tests for "some byte is below n" (n <= 0x80) and "some byte is
    // zero" (after an xor with the byte to find).
    let below_space = w.wrapping_sub(ONES * 0x20) & !w;
    let quote = w ^ (ONES * u64::from(b'"'));
    let quote = quote.wrapping_sub(ONES) & !quote;
    let backslash = w ^ (ONES * u64::from(b'\\'));
    let backslash = backslash.wrapping_sub(ONES) & !backslash;
    (below_space | quote | backslash) & HIGHS != 0
}

/// Whether `s` holds a byte that JSON strings escape.
fn needs_escape(s: &[u8]) -> bool {
    let mut words = s.chunks_exact(8);
    for w in &mut words {
        let mut b = [0u8; 8];
        b.copy_from_slice(w);
        if word_needs_escape(u64::from_le_bytes(b)) {
            return true;
        }
    }
    words
        .remainder()
        .iter()
        .any(|&b| ESCAPE[usize::from(b)] != 0)
}

/// The contents of a JSON string (no quotes), escaped as serde_json does.
fn push_str_contents(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    if !needs_escape(bytes) {
        out.extend_from_slice(bytes);
        return;
    }
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc = ESCAPE[usize::from(b)];
        if esc == 0 {
            continue;
        }
        out.extend_from_slice(bytes.get(start..i).unwrap_or_default());
        if esc == b'u' {
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0x0f)],
            ]);
        } else {
            out.extend_from_slice(&[b'\\', esc]);
        }
        start = i + 1;
    }
    out.extend_from_slice(bytes.get(start..).unwrap_or_default());
}

/// A JSON string.
fn push_str(out: &mut Vec<u8>, s: &str) {
    if s.len() <= SHORT && push_short_str(out, s.as_bytes()) {
        return;
    }
    out.push(b'"');
    push_str_contents(out, s);
    out.push(b'"');
}

/// Strings up to this long (addresses, time stamps, names) take
/// [`push_short_str`].
const SHORT: usize = 32;

/// `"bytes"` when none of `bytes` (at most [`SHORT`]) needs escaping;
/// `false`, and `out` as it was, otherwise. The copy needs no `memcpy` call
/// (they were the biggest single cost of `--json`, as many of them are
/// short): room of a fixed size, filled with quotes, is added to `out`
/// (a few inlined stores), the bytes are copied into it a word at a time,
/// and `out` is cut after the quote that follows them.
fn push_short_str(out: &mut Vec<u8>, bytes: &[u8]) -> bool {
    let start = out.len();
    out.extend_from_slice(&[b'"'; SHORT + 2]);
    let copied = match out.get_mut(start + 1..start + 1 + SHORT) {
        Some(room) => copy_unescaped(room, bytes),
        None => false,
    };
    out.truncate(if copied {
        start + bytes.len() + 2
    } else {
        start
    });
    copied
}

/// Copies `bytes` to the start of `room` if none of them needs escaping
/// (whether it did); `room` is at least as long as `bytes`.
#[inline]
fn copy_unescaped(room: &mut [u8], bytes: &[u8]) -> bool {
    let mut words = bytes.chunks_exact(8);
    let mut dst = room.chunks_exact_mut(8);
    for (w, d) in (&mut words).zip(&mut dst) {
        let mut b = [0u8; 8];
        b.copy_from_slice(w);
        if word_needs_escape(u64::from_le_bytes(b)) {
            return false;
        }
        d.copy_from_slice(&b);
    }
    let rest = words.remainder();
    let Some(tail) = room.get_mut(bytes.len() - rest.len()..) else {
        return false;
    };
    for (d, &b) in tail.iter_mut().zip(rest) {
        if ESCAPE[usize::from(b)] != 0 {
            return false;
        }
        *d = b;
    }
    true
}

/// `{:02}` of every number below 100.
const DIGITS2: [[u8; 2]; 100] = {
    let mut t = [[0u8; 2]; 100];
    let mut i = 0;
    while i < 100 {
        t[i] = [b'0' + (i / 10) as u8, b'0' + (i % 10) as u8];
        i += 1;
    }
    t
};

/// An unsigned integer in decimal (what `itoa` writes), without a `memcpy`
/// call: the digits are written, two at a time from the right, into room
/// of a fixed size added to `out`, which is then cut to their length.
#[inline]
fn push_u64(out: &mut Vec<u8>, mut v: u64) {
    // Most are below 100 (lengths of options, flags, small counts).
    if v < 10 {
        out.push(b'0' + v as u8);
        return;
    }
    if v < 100 {
        if let Some(d) = DIGITS2.get(v as usize) {
            out.extend_from_slice(d);
            return;
        }
    }
    // Ports and other 16-bit values without `ilog10` (v >= 100 here).
    let len = if v < 1_000 {
        3
    } else if v < 10_000 {
        4
    } else if v < 100_000 {
        5
    } else {
        v.ilog10() as usize + 1
    };
    let start = out.len();
    out.extend_from_slice(&[b'0'; 20]);
    if let Some(mut rest) = out.get_mut(start..start + len) {
        while let [head @ .., hi, lo] = rest {
            [*hi, *lo] = DIGITS2[(v % 100) as usize];
            v /= 100;
            rest = head;
        }
        if let [d] = rest {
            *d = b'0' + (v % 10) as u8;
        }
    }
    out.truncate(start + len);
}

/// A signed integer in decimal.
#[inline]
fn push_i64(out: &mut Vec<u8>, v: i64) {
    if v < 0 {
        out.push(b'-');
    }
    push_u64(out, v.unsigned_abs());
}

fn push_int<I: itoa::Integer>(out: &mut Vec<u8>, v: I) {
    out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
}

/// Escapes what `fmt` writes into it (`collect_str`).
struct Escaper<'a>(&'a mut Vec<u8>);

impl fmt::Write for Escaper<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        push_str_contents(self.0, s);
        Ok(())
    }
}

/// Where a sequence or map is: nothing written yet, or after an element
/// (serde_json's `State`; `Empty` when it was closed at once, for a length
/// of zero).
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Empty,
    First,
    Rest,
}

/// An open array or object.
pub struct Compound<'w, 'o> {
    ser: &'w mut JsonWriter<'o>,
    state: State,
}

impl Compound<'_, '_> {
    /// The comma before every element but the first.
    fn separate(&mut self) {
        if self.state != State::First {
            self.ser.out.push(b',');
        }
        self.state = State::Rest;
    }

    fn close(self, c: u8) {
        if self.state != State::Empty {
            self.ser.out.push(c);
        }
    }
}

impl<'w, 'o> JsonWriter<'o> {
    fn open(&'w mut self, c: u8, close: u8, len: Option<usize>) -> Compound<'w, 'o> {
        self.out.push(c);
        let state = if len == Some(0) {
            self.out.push(close);
            State::Empty
        } else {
            State::First
        };
        Compound { ser: self, state }
    }

    /// `{"variant":` of an externally tagged enum variant.
    fn open_variant(&mut self, variant: &'static str) {
        self.out.push(b'{');
        push_str(self.out, variant);
        self.out.push(b':');
    }
}

impl<'w, 'o> ser::Serializer for &'w mut JsonWriter<'o> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'w, 'o>;
    type SerializeTuple = Compound<'w, 'o>;
    type SerializeTupleStruct = Compound<'w, 'o>;
    type SerializeTupleVariant = Compound<'w, 'o>;
    type SerializeMap = Compound<'w, 'o>;
    type SerializeStruct = Compound<'w, 'o>;
    type SerializeStructVariant = Compound<'w, 'o>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        // Two literals: copies of known length, no `memcpy` call.
        if v {
            self.out.extend_from_slice(b"true");
        } else {
            self.out.extend_from_slice(b"false");
        }
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        push_i64(self.out, i64::from(v));
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        push_i64(self.out, i64::from(v));
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        push_i64(self.out, i64::from(v));
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        push_i64(self.out, v);
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        push_int(self.out, v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        push_u64(self.out, u64::from(v));
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        push_u64(self.out, u64::from(v));
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        push_u64(self.out, u64::from(v));
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        push_u64(self.out, v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        push_int(self.out, v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        if v.is_finite() {
            let mut b = zmij::Buffer::new();
            self.out.extend_from_slice(b.format_finite(v).as_bytes());
        } else {
            self.out.extend_from_slice(b"null");
        }
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        if v.is_finite() {
            let mut b = zmij::Buffer::new();
            self.out.extend_from_slice(b.format_finite(v).as_bytes());
        } else {
            self.out.extend_from_slice(b"null");
        }
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        push_str(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        push_str(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            SerializeSeq::serialize_element(&mut seq, b)?;
        }
        SerializeSeq::end(seq)
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.open_variant(variant);
        value.serialize(&mut *self)?;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'w, 'o>, Error> {
        Ok(self.open(b'[', b']', len))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'w, 'o>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'w, 'o>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'w, 'o>, Error> {
        self.open_variant(variant);
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'w, 'o>, Error> {
        Ok(self.open(b'{', b'}', len))
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'w, 'o>, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'w, 'o>, Error> {
        self.open_variant(variant);
        self.serialize_map(Some(len))
    }
    fn collect_str<T: ?Sized + fmt::Display>(self, value: &T) -> Result<(), Error> {
        self.out.push(b'"');
        // Escaper never fails; a Display that does leaves what it wrote.
        let _ = fmt::write(&mut Escaper(self.out), format_args!("{value}"));
        self.out.push(b'"');
        Ok(())
    }
}

impl SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.separate();
        value.serialize(&mut *self.ser)
    }
    fn end(self) -> Result<(), Error> {
        self.close(b']');
        Ok(())
    }
}

impl SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Error> {
        SerializeSeq::end(self)
    }
}

impl SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Error> {
        SerializeSeq::end(self)
    }
}

impl SerializeTupleVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Error> {
        let Compound { ser, state } = self;
        if state != State::Empty {
            ser.out.push(b']');
        }
        ser.out.push(b'}');
        Ok(())
    }
}

impl SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        self.separate();
        key.serialize(KeyWriter(&mut *self.ser.out))?;
        self.ser.out.push(b':');
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.ser)
    }
    fn end(self) -> Result<(), Error> {
        self.close(b'}');
        Ok(())
    }
}

impl SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    // Inlined into each view's `serialize`, where `key` is a literal: its
    // copy is then a few moves of known length instead of a `memcpy` call
    // (those calls were a tenth of `--json`'s instructions).
    #[inline(always)]
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let out = &mut *self.ser.out;
        if self.state == State::First {
            out.push(b'"');
        } else {
            out.extend_from_slice(b",\"");
        }
        self.state = State::Rest;
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(b"\":");
        value.serialize(&mut *self.ser)
    }
    fn end(self) -> Result<(), Error> {
        SerializeMap::end(self)
    }
}

impl SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result<(), Error> {
        let Compound { ser, state } = self;
        if state != State::Empty {
            ser.out.push(b'}');
        }
        ser.out.push(b'}');
        Ok(())
    }
}

/// A map key: a string as it is, numbers and booleans quoted, as
/// serde_json's `MapKeySerializer` writes them; anything else is an error.
struct KeyWriter<'o>(&'o mut Vec<u8>);

fn key_must_be_a_string() -> Error {
    Error("key must be a string".to_owned())
}

impl KeyWriter<'_> {
    fn quoted(self, f: impl FnOnce(&mut Vec<u8>)) -> Result<(), Error> {
        self.0.push(b'"');
        f(self.0);
        self.0.push(b'"');
        Ok(())
    }
}

impl ser::Serializer for KeyWriter<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        push_str(self.0, v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        push_str(self.0, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.quoted(|o| o.extend_from_slice(if v { b"true" } else { b"false" }))
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.quoted(|o| push_int(o, v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.quoted(|o| push_int(o, v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.quoted(|o| push_int(o, v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.quoted(|o| push_int(o, v))
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.quoted(|o| push_int(o, v))
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.quoted(|o| push_int(o, v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.quoted(|o| push_int(o, v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.quoted(|o| push_int(o, v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.quoted(|o| push_int(o, v))
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.quoted(|o| push_int(o, v))
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        if !v.is_finite() {
            return Err(Error("float key must be finite".to_owned()));
        }
        self.quoted(|o| o.extend_from_slice(zmij::Buffer::new().format_finite(v).as_bytes()))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        if !v.is_finite() {
            return Err(Error("float key must be finite".to_owned()));
        }
        self.quoted(|o| o.extend_from_slice(zmij::Buffer::new().format_finite(v).as_bytes()))
    }
    fn collect_str<T: ?Sized + fmt::Display>(self, value: &T) -> Result<(), Error> {
        self.quoted(|o| {
            let _ = fmt::write(&mut Escaper(o), format_args!("{value}"));
        })
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, _value: &T) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_must_be_a_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::Serialize;
    use std::collections::BTreeMap;

    fn both<T: Serialize>(v: &T) -> (String, String) {
        let mut ours = b"x".to_vec();
        to_vec(&mut ours, v).unwrap();
        let theirs = serde_json::to_string(v).unwrap();
        (String::from_utf8(ours).unwrap(), format!("x{theirs}"))
    }

    #[derive(Serialize)]
    enum E {
        Unit,
        New(u8),
        Tuple(u8, i8),
        Struct { a: u8, b: Option<u8> },
        EmptyStruct {},
        EmptyTuple(),
    }

    #[derive(Serialize)]
    struct S<'a> {
        s: &'a str,
        c: char,
        f: f64,
        g: f32,
        i: i64,
        u: u128,
        b: bool,
        o: Option<u16>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u16>,
        v: Vec<E>,
        bytes: &'a [u8],
        m: BTreeMap<u32, &'a str>,
        bm: BTreeMap<bool, u8>,
        cm: BTreeMap<char, u8>,
        t: (u8, &'a str),
        unit: (),
        nan: f64,
        inf: f32,
        #[serde(rename = "type")]
        kind: u8,
    }

    #[test]
    fn same_as_serde_json() {
        let v = S {
            s: "a\"b\\c\u{1}\u{7f}\u{e9}\t\n\r\u{8}\u{c}\u{1f} end",
            c: '\n',
            f: 1.5e300,
            g: 0.1,
            i: i64::MIN,
            u: u128::MAX,
            b: true,
            o: None,
            skipped: None,
            v: vec![
                E::Unit,
                E::New(7),
                E::Tuple(1, -1),
                E::Struct { a: 1, b: None },
                E::EmptyStruct {},
                E::EmptyTuple(),
            ],
            bytes: &[0, 255],
            m: [(1, "x"), (22, "y\"")].into_iter().collect(),
            bm: [(true, 1)].into_iter().collect(),
            cm: [('"', 1)].into_iter().collect(),
            t: (3, ""),
            unit: (),
            nan: f64::NAN,
            inf: f32::INFINITY,
            kind: 9,
        };
        let (ours, theirs) = both(&v);
        assert_eq!(ours, theirs);
        let (ours, theirs) = both(&Vec::<u8>::new());
        assert_eq!(ours, theirs);
        let (ours, theirs) = both(&BTreeMap::<String, u8>::new());
        assert_eq!(ours, theirs);
        let (ours, theirs) = both(&format_args!("{}\"{}", 1, "\u{0}"));
        assert_eq!(ours, theirs);
        // Every number of digits, and the ends of every integer type.
        let mut ints: Vec<u64> = (0..20)
            .flat_map(|k| {
                let p = 10u64.pow(k);
                [p - 1, p, p + 1]
            })
            .collect();
        ints.push(u64::MAX);
        let (ours, theirs) = both(&ints);
        assert_eq!(ours, theirs);
        let ends = (
            i8::MIN,
            i16::MIN,
            i32::MIN,
            i64::MIN,
            i64::MAX,
            u8::MAX,
            u16::MAX,
            u32::MAX,
        );
        let (ours, theirs) = both(&ends);
        assert_eq!(ours, theirs);
    }

    #[test]
    fn non_string_keys_are_refused() {
        let m: BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into_iter().collect();
        assert!(to_vec(&mut Vec::new(), &m).is_err());
        assert!(serde_json::to_string(&m).is_err());
    }

    proptest! {
        #[test]
        fn strings_as_serde_json(s in "\\PC*|[\\x00-\\x7f]{0,40}") {
            let (ours, theirs) = both(&s);
            prop_assert_eq!(ours, theirs);
        }

        #[test]
        fn bytes_near_the_escapes(v in proptest::collection::vec(
            prop_oneof![0u8..0x22, Just(b'\\'), 0x5bu8..0x5e, Just(0x7f), 0x20u8..0x7f], 0..40)) {
            let s = String::from_utf8(v).unwrap();
            let (ours, theirs) = both(&s);
            prop_assert_eq!(ours, theirs);
        }

        #[test]
        fn integers_as_serde_json(u in any::<u64>(), i in any::<i64>(), small in 0u64..100_000,
            shift in 0u32..64, b in any::<bool>()) {
            let (ours, theirs) = both(&(u, i, small, u >> shift, -(small as i64), b));
            prop_assert_eq!(ours, theirs);
        }

        #[test]
        fn short_strings_as_serde_json(v in proptest::collection::vec(
            prop_oneof![0u8..0x22, Just(b'\\'), 0x20u8..0x7f], 0..=SHORT + 1)) {
            let s = String::from_utf8(v).unwrap();
            let (ours, theirs) = both(&s);
            prop_assert_eq!(ours, theirs);
        }

        #[test]
        fn floats_as_serde_json(f in any::<f64>(), g in any::<f32>()) {
            let (ours, theirs) = both(&(f, g));
            prop_assert_eq!(ours, theirs);
        }
    }
}
