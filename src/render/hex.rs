//! Raw packet dumps: `-x`, `-xx`, `-X`, `-XX`, `-A` and `-AA`, byte for byte as
//! tcpdump 4.99.3 prints them (`hex_print`, `hex_and_ascii_print` and `ascii_print`
//! in print-ascii.c, called from `pretty_print_packet` in print.c).
//!
//! # What the caller passes
//!
//! tcpdump prints the packet's text line, then the dump, then one `'\n'` that ends the
//! packet. [`write_dump`] writes only the dump; the caller writes the text line before it
//! and the final `'\n'` after it. Exactly one dump style applies per packet: `-X` beats
//! `-x`, and `-x` beats `-A`. The levels choose the bytes:
//!
//! * `-xx`, `-XX`, `-AA`: the whole captured frame, `data[..caplen]`, link header included.
//! * `-x`, `-X`, `-A`: `data[hdrlen..caplen]`, where `hdrlen` is the length of the
//!   link-layer header that the link printer consumed. When `caplen <= hdrlen` (nothing
//!   follows the header, or the capture ends inside it) tcpdump prints **nothing at
//!   all**: not even the `'\n'` that `-A` otherwise starts with. [`dump_slice`] applies
//!   this rule.
//!
//! The dump always runs to the end of the capture (`caplen`), never to the end that a
//! length field claims: Ethernet trailer padding after the IP total length is dumped,
//! and a frame cut short by the snaplen is dumped up to the last captured byte with no
//! marker (the text line carries the `[|proto]`).
//!
//! `hdrlen` as measured with tcpdump 4.99.3 on hand-built pcap files:
//!
//! | link type / frame                            | `hdrlen`                       |
//! |----------------------------------------------|--------------------------------|
//! | EN10MB, Ethernet II (any ethertype, known or not, ARP included) | 14          |
//! | EN10MB, one 802.1Q tag / 802.1ad + 802.1Q    | 18 / 22 (each tag adds 4)      |
//! | EN10MB, 802.3 length field + LLC U frame     | 14 + 3 = 17                    |
//! | EN10MB, 802.3 + LLC I/S frame (2-byte ctrl)  | 14 + 4 = 18                    |
//! | EN10MB, 802.3 + LLC + SNAP (`aa aa 03`)      | 14 + 3 + 5 = 22                |
//! | EN10MB, type/length 0x05f0 (1520, neither)  | 14 (printed as an unknown ethertype) |
//! | `LINUX_SLL`                                  | 16                             |
//! | `NULL` (BSD loopback)                        | 4                              |
//! | `RAW` (101)                                  | 0, so `-x` = `-xx`             |
//!
//! Truncation inside the link header (caplen 10, `[|ether]`; caplen 16 inside a VLAN
//! tag, `[|vlan]`; caplen 16 inside the LLC header, `[|llc]`) prints no dump for `-x`,
//! and the full capture for `-xx`. Caplen exactly 14 on Ethernet II prints no `-x`
//! dump; caplen 15 prints one byte. A record with caplen 0 makes tcpdump print only
//! `[Invalid header: caplen==0]`, with no dump in any mode.
//!
//! # Format
//!
//! * Hex (`-x`): for each 16 bytes `"\n\t0x%04x: "` with the offset from the start of the
//!   dumped range, then `" %02x%02x"` per 2-byte word and `" %02x"` for an odd last byte.
//!   No padding and no trailing space. Offsets above `0xffff` take more digits
//!   (`0x10000:`).
//! * Hex and ASCII (`-X`): the same, but the hex column is padded with spaces to 40
//!   characters, then two spaces and one character per byte: the byte itself when it is
//!   graphic ASCII (`0x21..=0x7e`), `'.'` otherwise (space included).
//! * ASCII (`-A`): `'\n'`, then one character per byte: graphic ASCII, space, tab and
//!   LF are printed as they are, other bytes as `'.'`. A CR prints `'.'` only when at
//!   least two bytes follow it and the next one is not LF; otherwise it prints nothing
//!   (so `"\r\n"` becomes `"\n"`). Lines are not wrapped.
//!
//! An empty range prints nothing for hex and hex-and-ASCII, and `"\n"` for ASCII (what
//! `ascii_print` does for length 0). tcpdump's own default payload dump for unknown
//! protocols (`ND_DEFAULTPRINT`) is the hex-and-ASCII format with offsets from 0, so
//! text printers can reuse `write_dump(out, DumpStyle::HexAscii, payload)` for it.

/// Which dump tcpdump was asked for. `Hex` = -x (1) / -xx (2); `HexAscii` = -X / -XX; `Ascii` = -A / -AA.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DumpStyle {
    Hex,
    HexAscii,
    Ascii,
}

/// Bytes per dump line.
const BYTES_PER_LINE: usize = 16;
/// Width of the hex column in `-X`: 8 words of `" xxxx"`.
const HEX_COLUMN_WIDTH: usize = 40;
/// Prefix of every hex line (tcpdump's `ident` argument) plus the `0x` of the offset.
const LINE_PREFIX: &[u8] = b"\n\t0x";
const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

/// Where a full line's hex column starts: prefix, four offset digits, `": "`.
const HEX_COLUMN: usize = LINE_PREFIX.len() + 4 + 2;
/// A full `-x` line (16 bytes, offset below `0x10000`).
const FULL_HEX_LINE: usize = HEX_COLUMN + HEX_COLUMN_WIDTH;
/// A full `-X` line: the `-x` line, two spaces, 16 ASCII characters.
const FULL_ASCII_LINE: usize = FULL_HEX_LINE + 2 + BYTES_PER_LINE;

/// A full `-X` line before its offset, hex and ASCII are filled in; its
/// first [`FULL_HEX_LINE`] bytes are the `-x` line.
const LINE_TEMPLATE: [u8; FULL_ASCII_LINE] = {
    let mut t = [b' '; FULL_ASCII_LINE];
    let mut i = 0;
    while i < LINE_PREFIX.len() {
        t[i] = LINE_PREFIX[i];
        i += 1;
    }
    t[HEX_COLUMN - 2] = b':';
    t
};

/// Each byte's two lowercase hex digits (`%02x`).
const HEX_PAIRS: [[u8; 2]; 256] = {
    let mut t = [[0u8; 2]; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = [HEX_DIGITS[i >> 4], HEX_DIGITS[i & 0x0f]];
        i += 1;
    }
    t
};

/// Each byte's character in the `-X` ASCII column: itself when graphic
/// (`isgraph()` in the C locale, `0x21..=0x7e`), `'.'` otherwise.
const GRAPHIC_OR_DOT: [u8; 256] = {
    let mut t = [b'.'; 256];
    let mut i = 0x21;
    while i <= 0x7e {
        t[i] = i as u8;
        i += 1;
    }
    t
};

/// The bytes tcpdump dumps for one captured frame.
///
/// `captured` is the frame as captured (`caplen` bytes), `link_header_len` the length of
/// the link-layer header that the link printer consumed (see the table in the module
/// docs), and `include_link_header` is true for `-xx`, `-XX` and `-AA`.
///
/// Returns `None` when tcpdump prints no dump at all: without the link header, when
/// nothing follows it (`caplen <= hdrlen`, which includes a capture that ends inside
/// the link header). With the link header the whole capture is returned.
#[must_use]
pub fn dump_slice(
    captured: &[u8],
    link_header_len: usize,
    include_link_header: bool,
) -> Option<&[u8]> {
    if include_link_header {
        Some(captured)
    } else {
        captured
            .get(link_header_len..)
            .filter(|rest| !rest.is_empty())
    }
}

/// Appends the dump of `bytes` to `out` exactly as tcpdump's print.c/util-print.c
/// write it after the packet's text line, including the leading newline/tab prefixes.
/// `bytes` is already the range to dump (the caller chooses whether the link header
/// is included: -x vs -xx).
///
/// Never panics. Nothing goes through `fmt`: each full 16-byte line is filled into a
/// line template from digit tables on the stack and appended with one copy.
pub fn write_dump(out: &mut Vec<u8>, style: DumpStyle, bytes: &[u8]) {
    match style {
        DumpStyle::Hex => hex_lines(out, bytes, false),
        DumpStyle::HexAscii => hex_lines(out, bytes, true),
        DumpStyle::Ascii => ascii(out, bytes),
    }
}

/// `-x` and `-X`: one line per 16 bytes.
fn hex_lines(out: &mut Vec<u8>, bytes: &[u8], with_ascii: bool) {
    let line_len = if with_ascii {
        FULL_ASCII_LINE
    } else {
        FULL_HEX_LINE
    };
    out.reserve(
        bytes
            .len()
            .div_ceil(BYTES_PER_LINE)
            .saturating_mul(line_len),
    );
    let mut lines = bytes.chunks_exact(BYTES_PER_LINE);
    let mut offset: usize = 0;
    for line in &mut lines {
        match <&[u8; BYTES_PER_LINE]>::try_from(line) {
            Ok(full) if offset <= 0xffff => full_line(out, offset, full, with_ascii),
            _ => partial_line(out, offset, line, with_ascii),
        }
        offset = offset.saturating_add(BYTES_PER_LINE);
    }
    let rest = lines.remainder();
    if !rest.is_empty() {
        partial_line(out, offset, rest, with_ascii);
    }
}

/// A line of 16 bytes at an offset below `0x10000` (four offset digits): the
/// template filled in from the tables, then one copy into `out`.
fn full_line(out: &mut Vec<u8>, offset: usize, bytes: &[u8; BYTES_PER_LINE], with_ascii: bool) {
    let mut line = LINE_TEMPLATE;
    let (head, tail) = line.split_at_mut(HEX_COLUMN);
    if let [.., d0, d1, d2, d3, _, _] = head {
        let hi = HEX_PAIRS[(offset >> 8) & 0xff];
        let lo = HEX_PAIRS[offset & 0xff];
        [*d0, *d1] = hi;
        [*d2, *d3] = lo;
    }
    let (hex, ascii) = tail.split_at_mut(HEX_COLUMN_WIDTH);
    for (dst, word) in hex.chunks_exact_mut(5).zip(bytes.chunks_exact(2)) {
        if let ([_, a, b, c, d], [x, y]) = (dst, word) {
            [*a, *b] = HEX_PAIRS[usize::from(*x)];
            [*c, *d] = HEX_PAIRS[usize::from(*y)];
        }
    }
    if with_ascii {
        // `ascii` is the two spaces, then the column.
        for (dst, &b) in ascii.iter_mut().skip(2).zip(bytes) {
            *dst = GRAPHIC_OR_DOT[usize::from(b)];
        }
        out.extend_from_slice(&line);
    } else {
        out.extend_from_slice(line.get(..FULL_HEX_LINE).unwrap_or_default());
    }
}

/// Any line: the last, shorter one, or one whose offset needs more than four
/// digits.
fn partial_line(out: &mut Vec<u8>, offset: usize, line: &[u8], with_ascii: bool) {
    out.extend_from_slice(LINE_PREFIX);
    push_offset(out, offset);
    out.extend_from_slice(b": ");
    let mut hex_width = 0;
    for word in line.chunks(2) {
        out.push(b' ');
        hex_width += 1;
        for &b in word {
            out.extend_from_slice(&HEX_PAIRS[usize::from(b)]);
            hex_width += 2;
        }
    }
    if with_ascii {
        for _ in hex_width..HEX_COLUMN_WIDTH {
            out.push(b' ');
        }
        out.extend_from_slice(b"  ");
        out.extend(line.iter().map(|&b| GRAPHIC_OR_DOT[usize::from(b)]));
    }
}

/// `-A`: a newline, then the bytes as text.
fn ascii(out: &mut Vec<u8>, bytes: &[u8]) {
    out.reserve(bytes.len().saturating_add(1));
    out.push(b'\n');
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\r' {
            // print-ascii.c: a CR becomes '.' only in the middle of a line, that is
            // when the next byte is not LF and it is not one of the last two bytes.
            let after = bytes.get(i.saturating_add(1)..).unwrap_or_default();
            if after.len() > 1 && after.first() != Some(&b'\n') {
                out.push(b'.');
            }
        } else if b.is_ascii_graphic() || b == b' ' || b == b'\t' || b == b'\n' {
            out.push(b);
        } else {
            out.push(b'.');
        }
    }
}

/// `%04x`: lowercase hex, at least four digits, more when the offset needs them.
fn push_offset(out: &mut Vec<u8>, offset: usize) {
    let significant = (usize::BITS - offset.leading_zeros()).div_ceil(4);
    for nibble in (0..significant.max(4)).rev() {
        let digit = offset.checked_shr(nibble * 4).unwrap_or(0) & 0x0f;
        out.push(HEX_DIGITS[digit]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dump(style: DumpStyle, bytes: &[u8]) -> String {
        let mut out = Vec::new();
        write_dump(&mut out, style, bytes);
        // -A passes bytes >= 0x80 through only as '.', so the output is always ASCII.
        String::from_utf8(out).unwrap()
    }

    fn check(bytes: &[u8], hex: &str, hex_ascii: &str, ascii: &str) {
        assert_eq!(dump(DumpStyle::Hex, bytes), hex, "-x");
        assert_eq!(dump(DumpStyle::HexAscii, bytes), hex_ascii, "-X");
        assert_eq!(dump(DumpStyle::Ascii, bytes), ascii, "-A");
    }

    // Unless a test says otherwise, the expected strings below were produced by the
    // system tcpdump 4.99.3 for the same bytes: each input written as the only packet
    // of a LINKTYPE_RAW (101) pcap (link header length 0; first byte chosen so the IP
    // version nibble is neither 4 nor 6, which makes the text line just
    // "unknown ip N"), run with `tcpdump -r F -t -n -xx|-XX|-AA`, and the dump cut out
    // between that text line and the packet's final '\n'.

    #[test]
    fn empty() {
        // From the source, not from tcpdump: print.c never dumps an empty range
        // (caplen 0 is rejected, and -x/-X/-A skip caplen <= hdrlen), and for
        // length 0 hex_print and hex_and_ascii_print print nothing while
        // ascii_print prints its leading "\n".
        check(&[], "", "", "\n");
    }

    #[test]
    fn one_byte() {
        check(
            &[0x00],
            "\n\t0x0000:  00",
            "\n\t0x0000:  00                                       .",
            "\n.",
        );
    }

    #[test]
    fn fifteen_bytes() {
        let bytes: Vec<u8> = (0x10..0x1f).collect();
        check(
            &bytes,
            "\n\t0x0000:  1011 1213 1415 1617 1819 1a1b 1c1d 1e",
            "\n\t0x0000:  1011 1213 1415 1617 1819 1a1b 1c1d 1e    ...............",
            "\n...............",
        );
    }

    #[test]
    fn sixteen_bytes() {
        let bytes: Vec<u8> = (0x10..0x20).collect();
        check(
            &bytes,
            "\n\t0x0000:  1011 1213 1415 1617 1819 1a1b 1c1d 1e1f",
            "\n\t0x0000:  1011 1213 1415 1617 1819 1a1b 1c1d 1e1f  ................",
            "\n................",
        );
    }

    #[test]
    fn seventeen_bytes() {
        let bytes: Vec<u8> = (0x10..0x21).collect();
        check(
            &bytes,
            "\n\t0x0000:  1011 1213 1415 1617 1819 1a1b 1c1d 1e1f\n\t0x0010:  20",
            "\n\t0x0000:  1011 1213 1415 1617 1819 1a1b 1c1d 1e1f  ................\
             \n\t0x0010:  20                                       .",
            "\n................ ",
        );
    }

    #[test]
    fn two_bytes() {
        check(
            &[0x58, 0x00],
            "\n\t0x0000:  5800",
            "\n\t0x0000:  5800                                     X.",
            "\nX.",
        );
    }

    #[test]
    fn three_bytes() {
        check(
            &[0x58, 0x0d, 0x0a],
            "\n\t0x0000:  580d 0a",
            "\n\t0x0000:  580d 0a                                  X..",
            "\nX\n",
        );
    }

    #[test]
    fn thirty_one_bytes() {
        let bytes: Vec<u8> = (0x50..0x6f).collect();
        check(
            &bytes,
            "\n\t0x0000:  5051 5253 5455 5657 5859 5a5b 5c5d 5e5f\
             \n\t0x0010:  6061 6263 6465 6667 6869 6a6b 6c6d 6e",
            "\n\t0x0000:  5051 5253 5455 5657 5859 5a5b 5c5d 5e5f  PQRSTUVWXYZ[\\]^_\
             \n\t0x0010:  6061 6263 6465 6667 6869 6a6b 6c6d 6e    `abcdefghijklmn",
            "\nPQRSTUVWXYZ[\\]^_`abcdefghijklmn",
        );
    }

    #[test]
    fn thirty_three_bytes() {
        let bytes: Vec<u8> = (0x70..0x91).collect();
        check(
            &bytes,
            "\n\t0x0000:  7071 7273 7475 7677 7879 7a7b 7c7d 7e7f\
             \n\t0x0010:  8081 8283 8485 8687 8889 8a8b 8c8d 8e8f\
             \n\t0x0020:  90",
            "\n\t0x0000:  7071 7273 7475 7677 7879 7a7b 7c7d 7e7f  pqrstuvwxyz{|}~.\
             \n\t0x0010:  8081 8283 8485 8687 8889 8a8b 8c8d 8e8f  ................\
             \n\t0x0020:  90                                       .",
            "\npqrstuvwxyz{|}~..................",
        );
    }

    #[test]
    fn all_byte_values() {
        let bytes: Vec<u8> = (0..=255).collect();
        check(
            &bytes,
            "\n\t0x0000:  0001 0203 0405 0607 0809 0a0b 0c0d 0e0f\
             \n\t0x0010:  1011 1213 1415 1617 1819 1a1b 1c1d 1e1f\
             \n\t0x0020:  2021 2223 2425 2627 2829 2a2b 2c2d 2e2f\
             \n\t0x0030:  3031 3233 3435 3637 3839 3a3b 3c3d 3e3f\
             \n\t0x0040:  4041 4243 4445 4647 4849 4a4b 4c4d 4e4f\
             \n\t0x0050:  5051 5253 5455 5657 5859 5a5b 5c5d 5e5f\
             \n\t0x0060:  6061 6263 6465 6667 6869 6a6b 6c6d 6e6f\
             \n\t0x0070:  7071 7273 7475 7677 7879 7a7b 7c7d 7e7f\
             \n\t0x0080:  8081 8283 8485 8687 8889 8a8b 8c8d 8e8f\
             \n\t0x0090:  9091 9293 9495 9697 9899 9a9b 9c9d 9e9f\
             \n\t0x00a0:  a0a1 a2a3 a4a5 a6a7 a8a9 aaab acad aeaf\
             \n\t0x00b0:  b0b1 b2b3 b4b5 b6b7 b8b9 babb bcbd bebf\
             \n\t0x00c0:  c0c1 c2c3 c4c5 c6c7 c8c9 cacb cccd cecf\
             \n\t0x00d0:  d0d1 d2d3 d4d5 d6d7 d8d9 dadb dcdd dedf\
             \n\t0x00e0:  e0e1 e2e3 e4e5 e6e7 e8e9 eaeb eced eeef\
             \n\t0x00f0:  f0f1 f2f3 f4f5 f6f7 f8f9 fafb fcfd feff",
            "\n\t0x0000:  0001 0203 0405 0607 0809 0a0b 0c0d 0e0f  ................\
             \n\t0x0010:  1011 1213 1415 1617 1819 1a1b 1c1d 1e1f  ................\
             \n\t0x0020:  2021 2223 2425 2627 2829 2a2b 2c2d 2e2f  .!\"#$%&'()*+,-./\
             \n\t0x0030:  3031 3233 3435 3637 3839 3a3b 3c3d 3e3f  0123456789:;<=>?\
             \n\t0x0040:  4041 4243 4445 4647 4849 4a4b 4c4d 4e4f  @ABCDEFGHIJKLMNO\
             \n\t0x0050:  5051 5253 5455 5657 5859 5a5b 5c5d 5e5f  PQRSTUVWXYZ[\\]^_\
             \n\t0x0060:  6061 6263 6465 6667 6869 6a6b 6c6d 6e6f  `abcdefghijklmno\
             \n\t0x0070:  7071 7273 7475 7677 7879 7a7b 7c7d 7e7f  pqrstuvwxyz{|}~.\
             \n\t0x0080:  8081 8283 8485 8687 8889 8a8b 8c8d 8e8f  ................\
             \n\t0x0090:  9091 9293 9495 9697 9899 9a9b 9c9d 9e9f  ................\
             \n\t0x00a0:  a0a1 a2a3 a4a5 a6a7 a8a9 aaab acad aeaf  ................\
             \n\t0x00b0:  b0b1 b2b3 b4b5 b6b7 b8b9 babb bcbd bebf  ................\
             \n\t0x00c0:  c0c1 c2c3 c4c5 c6c7 c8c9 cacb cccd cecf  ................\
             \n\t0x00d0:  d0d1 d2d3 d4d5 d6d7 d8d9 dadb dcdd dedf  ................\
             \n\t0x00e0:  e0e1 e2e3 e4e5 e6e7 e8e9 eaeb eced eeef  ................\
             \n\t0x00f0:  f0f1 f2f3 f4f5 f6f7 f8f9 fafb fcfd feff  ................",
            // 0x00-0x08 '.', TAB, LF, 0x0b 0x0c '.', CR '.' (mid-line), 0x0e-0x1f '.',
            // space and 0x21-0x7e as they are, 0x7f-0xff '.'.
            "\n.........\t\n..................... !\"#$%&'()*+,-./0123456789:;<=>?@\
             ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\
             ................................................................\
             .................................................................",
        );
    }

    #[test]
    fn ascii_crlf_lines() {
        check(
            b"POST / HTTP/1.1\r\nHost: a\r\n\r\n",
            "\n\t0x0000:  504f 5354 202f 2048 5454 502f 312e 310d\
             \n\t0x0010:  0a48 6f73 743a 2061 0d0a 0d0a",
            "\n\t0x0000:  504f 5354 202f 2048 5454 502f 312e 310d  POST./.HTTP/1.1.\
             \n\t0x0010:  0a48 6f73 743a 2061 0d0a 0d0a            .Host:.a....",
            "\nPOST / HTTP/1.1\nHost: a\n\n",
        );
    }

    #[test]
    fn ascii_lone_crs() {
        // CR then 'A' with more bytes after: '.'; CR before CR: '.'; CR before LF:
        // dropped; the last two bytes are CRs: both dropped.
        check(
            b"X\rA\r\r\n\r\r",
            "\n\t0x0000:  580d 410d 0d0a 0d0d",
            "\n\t0x0000:  580d 410d 0d0a 0d0d                      X.A.....",
            "\nX.A.\n",
        );
    }

    #[test]
    fn ascii_cr_near_the_end() {
        // Each expected string from `tcpdump -AA` on the bytes in the comment.
        assert_eq!(dump(DumpStyle::Ascii, b"\r"), "\n"); // 0d
        assert_eq!(dump(DumpStyle::Ascii, b"\r\n"), "\n\n"); // 0d0a
        assert_eq!(dump(DumpStyle::Ascii, b"\rA"), "\nA"); // 0d41
        assert_eq!(dump(DumpStyle::Ascii, b"X\r"), "\nX"); // 580d
        assert_eq!(dump(DumpStyle::Ascii, b"X\rA"), "\nXA"); // 580d41
        assert_eq!(dump(DumpStyle::Ascii, b"X\r\r"), "\nX"); // 580d0d
        assert_eq!(dump(DumpStyle::Ascii, b"X\r\r\n"), "\nX.\n"); // 580d0d0a
        assert_eq!(dump(DumpStyle::Ascii, b"X\rA\r"), "\nX.A"); // 580d410d
        assert_eq!(dump(DumpStyle::Ascii, b"X\r\nA"), "\nX\nA"); // 580d0a41
        assert_eq!(dump(DumpStyle::Ascii, b"XA\r\rA"), "\nXA.A"); // 58410d0d41
        assert_eq!(dump(DumpStyle::Ascii, b"\n\r"), "\n\n"); // 0a0d
        assert_eq!(dump(DumpStyle::Ascii, b"X\rX\rX\r"), "\nX.X.X"); // 580d580d580d
        assert_eq!(dump(DumpStyle::Ascii, b"\t\t"), "\n\t\t"); // 0909
        assert_eq!(dump(DumpStyle::Ascii, b"  "), "\n  "); // 2020
        assert_eq!(dump(DumpStyle::Ascii, &[0x7f, 0x80, 0xff]), "\n..."); // 7f80ff
    }

    #[test]
    fn offsets_past_0xffff() {
        // tcpdump -xx / -XX on 0x10011 zero bytes (pcap snaplen 262144): the last two
        // lines of its dump.
        let bytes = vec![0u8; 0x10011];
        let hex = dump(DumpStyle::Hex, &bytes);
        assert!(hex.ends_with(
            "\n\t0xfff0:  0000 0000 0000 0000 0000 0000 0000 0000\
             \n\t0x10000:  0000 0000 0000 0000 0000 0000 0000 0000\
             \n\t0x10010:  00"
        ));
        let hex_ascii = dump(DumpStyle::HexAscii, &bytes);
        assert!(hex_ascii.ends_with(
            "\n\t0x10000:  0000 0000 0000 0000 0000 0000 0000 0000  ................\
             \n\t0x10010:  00                                       ."
        ));
        assert_eq!(hex.matches('\n').count(), 0x1002);
        assert_eq!(hex_ascii.matches('\n').count(), 0x1002);
    }

    #[test]
    fn offset_digits() {
        // Not from tcpdump: printf("%04x") for offsets it can never reach with a
        // 262144-byte snaplen.
        let mut out = Vec::new();
        for offset in [0, 0xabc, 0xffff, 0x1_0000, 0xdead_beef] {
            push_offset(&mut out, offset);
            out.push(b' ');
        }
        push_offset(&mut out, usize::MAX);
        let want = format!("0000 0abc ffff 10000 deadbeef {:x}", usize::MAX);
        assert_eq!(String::from_utf8(out).unwrap(), want);
    }

    #[test]
    fn dump_slice_ranges() {
        let frame: Vec<u8> = (0..20).collect();
        // -xx / -XX / -AA: everything, whatever the header length.
        assert_eq!(dump_slice(&frame, 14, true), Some(&frame[..]));
        assert_eq!(dump_slice(&frame, 99, true), Some(&frame[..]));
        // -x / -X / -A: what follows the link header.
        assert_eq!(dump_slice(&frame, 14, false), Some(&frame[14..]));
        assert_eq!(dump_slice(&frame, 0, false), Some(&frame[..]));
        assert_eq!(dump_slice(&frame, 19, false), Some(&frame[19..]));
        // Nothing after the header, or capture ending inside it: no dump at all.
        assert_eq!(dump_slice(&frame, 20, false), None);
        assert_eq!(dump_slice(&frame, 22, false), None);
        assert_eq!(dump_slice(&[], 0, false), None);
    }

    #[test]
    fn appends_after_what_is_there() {
        // The packet's text line is in the buffer before the dump: it stays, and
        // each style appends exactly the model's bytes, for frames whose last
        // line is full, short, or a single byte.
        for len in [1514usize, 1520, 1521, 64, 0] {
            let frame: Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
            for style in [DumpStyle::Hex, DumpStyle::HexAscii, DumpStyle::Ascii] {
                let mut out = b"text line".to_vec();
                write_dump(&mut out, style, &frame);
                let mut want = b"text line".to_vec();
                want.extend_from_slice(model(style, &frame).as_bytes());
                assert_eq!(out, want, "{style:?}, {len} bytes");
            }
        }
    }

    #[test]
    fn long_frames_match_the_model() {
        // Past 0x10000 bytes the offsets take five digits (the slower line path).
        let frame: Vec<u8> = (0..0x10025u32).map(|i| (i * 31 + 7) as u8).collect();
        for style in [DumpStyle::Hex, DumpStyle::HexAscii, DumpStyle::Ascii] {
            assert_eq!(dump(style, &frame), model(style, &frame), "{style:?}");
        }
    }

    /// A plain reading of print-ascii.c with `format!`, to check the buffered
    /// implementation against on inputs of any length.
    fn model(style: DumpStyle, bytes: &[u8]) -> String {
        let mut s = String::new();
        match style {
            DumpStyle::Hex | DumpStyle::HexAscii => {
                for (n, line) in bytes.chunks(16).enumerate() {
                    let hex: String = line
                        .chunks(2)
                        .map(|w| {
                            w.iter()
                                .fold(" ".to_string(), |a, b| a + &format!("{b:02x}"))
                        })
                        .collect();
                    s += &format!("\n\t0x{:04x}: ", n * 16);
                    if style == DumpStyle::Hex {
                        s += &hex;
                    } else {
                        let text: String = line
                            .iter()
                            .map(|&b| {
                                if (0x21..=0x7e).contains(&b) {
                                    b as char
                                } else {
                                    '.'
                                }
                            })
                            .collect();
                        s += &format!("{hex:<40}  {text}");
                    }
                }
            }
            DumpStyle::Ascii => {
                s.push('\n');
                for (i, &b) in bytes.iter().enumerate() {
                    let left = bytes.len() - i - 1;
                    match b {
                        b'\r' if left > 1 && bytes[i + 1] != b'\n' => s.push('.'),
                        b'\r' => {}
                        b'\t' | b'\n' | b' ' | 0x21..=0x7e => s.push(b as char),
                        _ => s.push('.'),
                    }
                }
            }
        }
        s
    }

    proptest! {
        #[test]
        fn matches_model(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            for style in [DumpStyle::Hex, DumpStyle::HexAscii, DumpStyle::Ascii] {
                prop_assert_eq!(dump(style, &bytes), model(style, &bytes));
            }
        }

        #[test]
        fn ascii_heavy_in_cr_lf(bytes in proptest::collection::vec(
            prop_oneof![Just(b'\r'), Just(b'\n'), Just(b'a'), Just(0u8)], 0..40)) {
            prop_assert_eq!(dump(DumpStyle::Ascii, &bytes), model(DumpStyle::Ascii, &bytes));
        }
    }
}
