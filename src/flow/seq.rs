//! Wrapping 32-bit TCP sequence numbers (RFC 9293 §3.4), compared the way
//! RFC 1982 compares serial numbers, and their mapping to 64-bit stream
//! offsets.
//!
//! The rest of `flow/` never looks at a raw sequence number: each direction
//! keeps a [`SeqMap`] from its base (the ISN + 1 after a SYN, or the first
//! sequence number seen when a connection is picked up mid-stream) and works
//! in `u64` offsets, so a stream that wraps past 2^32 (or many times over) is
//! just a longer stream.

/// `a - b` as a signed distance in `[-2^31, 2^31)`.
///
/// Positive when `a` is after `b` in sequence space.
pub fn seq_diff(a: u32, b: u32) -> i32 {
    a.wrapping_sub(b) as i32
}

/// `a` is before `b` in sequence space (RFC 1982 "less than").
///
/// Two numbers exactly 2^31 apart are not comparable in RFC 1982; here the
/// result for that one case is "`a` before `b`", as in the Linux kernel's
/// `before()`.
pub fn seq_lt(a: u32, b: u32) -> bool {
    seq_diff(a, b) < 0
}

/// `a` is before or equal to `b` in sequence space.
pub fn seq_le(a: u32, b: u32) -> bool {
    seq_diff(a, b) <= 0
}

/// Maps the sequence numbers of one direction to offsets from a base.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeqMap {
    base: u32,
}

impl SeqMap {
    /// `base` is the sequence number of stream offset 0.
    pub fn new(base: u32) -> Self {
        SeqMap { base }
    }

    /// The sequence number of stream offset 0.
    pub fn base(self) -> u32 {
        self.base
    }

    /// The sequence number of stream offset `off`.
    pub fn seq_at(self, off: u64) -> u32 {
        // Truncation is the point: offsets wrap onto sequence space.
        self.base.wrapping_add(off as u32)
    }

    /// The offset of `seq`, read as the offset nearest to `near`, a point
    /// already known to be in the stream: the result is within 2^31 either
    /// side of `near`. It is negative when `seq` is before the base.
    pub fn offset(self, seq: u32, near: u64) -> i64 {
        // Stream offsets stay far below 2^63: `near` fits an i64.
        near as i64 + i64::from(seq_diff(seq, self.seq_at(near)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_and_order_across_the_wrap() {
        assert_eq!(seq_diff(5, 3), 2);
        assert_eq!(seq_diff(3, 5), -2);
        assert_eq!(seq_diff(2, u32::MAX - 1), 4);
        assert_eq!(seq_diff(u32::MAX - 1, 2), -4);
        assert!(seq_lt(u32::MAX, 0));
        assert!(!seq_lt(0, u32::MAX));
        assert!(seq_le(7, 7));
        assert!(!seq_lt(7, 7));
        // The largest distance still read forwards.
        assert_eq!(seq_diff(0x7fff_ffff, 0), i32::MAX);
        // Exactly 2^31 apart: "before", as Linux does.
        assert!(seq_lt(0x8000_0000, 0));
        assert!(seq_lt(0, 0x8000_0000));
    }

    #[test]
    fn offsets_are_continuous_across_the_wrap() {
        let map = SeqMap::new(u32::MAX - 9);
        assert_eq!(map.offset(u32::MAX - 9, 0), 0);
        assert_eq!(map.offset(u32::MAX, 0), 9);
        assert_eq!(map.offset(0, 0), 10);
        assert_eq!(map.offset(5, 8), 15);
        assert_eq!(map.seq_at(10), 0);
        assert_eq!(map.seq_at(15), 5);
        // Before the base.
        assert_eq!(map.offset(u32::MAX - 12, 0), -3);
    }

    #[test]
    fn offsets_keep_growing_past_many_wraps() {
        let map = SeqMap::new(1000);
        // Five times round sequence space, then 17 bytes further.
        let near = 5 * (1u64 << 32) + 10;
        let seq = map.seq_at(near + 7);
        assert_eq!(map.offset(seq, near), (near + 7) as i64);
        let back = map.seq_at(near - 9);
        assert_eq!(map.offset(back, near), (near - 9) as i64);
    }

    #[test]
    fn offset_reads_within_half_the_space_of_near() {
        let map = SeqMap::new(0);
        let near = 1u64 << 32;
        // 2^31 - 1 ahead is ahead, 2^31 ahead reads as behind.
        assert_eq!(
            map.offset(map.seq_at(near + 0x7fff_ffff), near),
            (near + 0x7fff_ffff) as i64
        );
        assert_eq!(
            map.offset(map.seq_at(near + 0x8000_0000), near),
            (near - 0x8000_0000) as i64
        );
    }
}
