//! Domain names as tcpdump's `fqdn_print` (`ns_nprint`) walks them:
//! labels, RFC 2673 bit-string labels, compression pointers that must
//! point backwards, and the complaints it prints. Shared by the decoders
//! whose names tcpdump prints with it (DHCPv6, ICMPv6 DNSSL).

/// RFC 1035's limit on a name's presentation length, as tcpdump counts.
pub const MAX_NAME: usize = 255;

/// A domain name at an offset of the capture. `base` is what tcpdump takes
/// as the start of the message for compression pointers (for DHCPv6, the
/// end of the option: a quirk kept so that pointers print as tcpdump's).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Name<'a> {
    cap: &'a [u8],
    start: usize,
    base: usize,
}

/// One piece of a walked name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Label bytes (cut at the capture's end or at 255 characters).
    Label(&'a [u8]),
    /// The dot after a label, or the lone dot of the root name.
    Dot,
    /// An RFC 2673 bit-string label: the bit count and its bytes.
    BitLabel { bits: u16, data: &'a [u8] },
    /// A compression pointer that does not point backwards.
    BadPointer,
    /// Label type 0x80.
    BadLabelType,
    /// An extended label type other than bit-string.
    UnknownElt(u8),
    /// The name is longer than 255 characters.
    TooLong,
    /// The walk ended; `Some(offset)` after the name, `None` when it failed
    /// (tcpdump's NULL: the option list is abandoned).
    End(Option<usize>),
}

impl<'a> Name<'a> {
    pub fn at(cap: &'a [u8], start: usize, base: usize) -> Name<'a> {
        Name { cap, start, base }
    }

    /// The walk's pieces in order, the last one [`Piece::End`].
    pub fn pieces(&self) -> NameWalk<'a> {
        NameWalk {
            cap: self.cap,
            base: self.base,
            state: WalkState::Start,
            cp: self.start,
            rp: None,
            compressed: false,
            max_offset: self.start.wrapping_sub(self.base) as u32,
            chars: 0,
            len: 0,
            byte: 0,
            pending: [None; 5],
        }
    }

    /// Where the next name starts, or `None` when the walk fails.
    pub fn next_pos(&self) -> Option<usize> {
        self.pieces().find_map(|p| match p {
            Piece::End(e) => Some(e),
            _ => None,
        })?
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum WalkState {
    Start,
    Loop,
    Done,
}

/// The walk of one name (tcpdump's `fqdn_print` as an iterator).
#[derive(Clone, Debug)]
pub struct NameWalk<'a> {
    cap: &'a [u8],
    base: usize,
    state: WalkState,
    cp: usize,
    rp: Option<usize>,
    compressed: bool,
    max_offset: u32,
    chars: usize,
    /// The current label's length (tcpdump's `l`).
    len: usize,
    /// The current label byte (tcpdump's `i`).
    byte: u8,
    /// Pieces queued to be handed out before the walk goes on.
    pending: [Option<Piece<'a>>; 5],
}

impl<'a> NameWalk<'a> {
    fn byte_at(&self, p: usize) -> Option<u8> {
        self.cap.get(p).copied()
    }

    /// tcpdump's `labellen`: `Err` with the piece to print (if any) on
    /// failure.
    fn label_len(&self, p: usize) -> Result<usize, Option<Piece<'a>>> {
        let i = self.byte_at(p).ok_or(None)?;
        match i & 0xc0 {
            0x40 => {
                let elt = i & 0x3f;
                if elt != 1 {
                    return Err(Some(Piece::UnknownElt(elt)));
                }
                let bits = self.byte_at(p + 1).ok_or(None)?;
                let bits = if bits == 0 { 256 } else { usize::from(bits) };
                Ok(bits.div_ceil(8) + 1)
            }
            0x80 => Err(Some(Piece::BadLabelType)),
            _ => Ok(usize::from(i)),
        }
    }

    fn push(&mut self, p: Piece<'a>) {
        if let Some(slot) = self.pending.iter_mut().find(|s| s.is_none()) {
            *slot = Some(p);
        }
    }

    fn fail(&mut self, p: Option<Piece<'a>>) {
        if let Some(p) = p {
            self.push(p);
        }
        self.push(Piece::End(None));
        self.state = WalkState::Done;
    }

    fn finish(&mut self) {
        if self.chars > MAX_NAME {
            self.push(Piece::TooLong);
        }
        self.push(Piece::End(self.rp));
        self.state = WalkState::Done;
    }

    /// Reads the next label byte and its length; false on failure.
    fn advance(&mut self) -> bool {
        let Some(i) = self.byte_at(self.cp) else {
            self.fail(None);
            return false;
        };
        let l = match self.label_len(self.cp) {
            Ok(l) => l,
            Err(p) => {
                self.fail(p);
                return false;
            }
        };
        self.byte = i;
        self.len = l;
        self.cp += 1;
        true
    }

    fn step(&mut self) {
        match self.state {
            WalkState::Done => {}
            WalkState::Start => {
                if !self.advance() {
                    return;
                }
                if self.byte & 0xc0 != 0xc0 {
                    self.rp = Some(self.cp + self.len);
                }
                if self.byte == 0 {
                    self.push(Piece::Dot);
                    self.push(Piece::End(self.rp));
                    self.state = WalkState::Done;
                } else {
                    self.state = WalkState::Loop;
                }
            }
            WalkState::Loop => {
                if self.byte == 0 || self.cp >= self.cap.len() {
                    self.finish();
                    return;
                }
                match self.byte & 0xc0 {
                    0xc0 => {
                        if !self.compressed {
                            self.rp = Some(self.cp + 1);
                            self.compressed = true;
                        }
                        let Some(lo) = self.byte_at(self.cp) else {
                            return self.fail(None);
                        };
                        let offset = ((u32::from(self.byte) << 8) | u32::from(lo)) & 0x3fff;
                        if offset >= self.max_offset {
                            return self.fail(Some(Piece::BadPointer));
                        }
                        self.max_offset = offset;
                        self.cp = self.base.wrapping_add(offset as usize);
                        self.advance();
                        return;
                    }
                    0x40 => {
                        let elt = self.byte & 0x3f;
                        if elt != 1 {
                            return self.fail(Some(Piece::UnknownElt(elt)));
                        }
                        let Some(b) = self.byte_at(self.cp) else {
                            return self.fail(None);
                        };
                        let bits: u16 = if b == 0 { 256 } else { u16::from(b) };
                        let nbytes = usize::from(bits).div_ceil(8);
                        let data = self
                            .cap
                            .get(self.cp + 1..self.cp + 1 + nbytes)
                            .unwrap_or_else(|| self.cap.get(self.cp + 1..).unwrap_or(&[]));
                        if data.len() < nbytes {
                            return self.fail(None);
                        }
                        self.push(Piece::BitLabel { bits, data });
                    }
                    0x80 => return self.fail(Some(Piece::BadLabelType)),
                    _ => {
                        let l = self.len;
                        let take = if self.chars + l <= MAX_NAME {
                            l
                        } else {
                            MAX_NAME.saturating_sub(self.chars)
                        };
                        if take > 0 || self.chars + l <= MAX_NAME {
                            let end = (self.cp + take).min(self.cap.len());
                            let bytes = self.cap.get(self.cp..end).unwrap_or(&[]);
                            self.push(Piece::Label(bytes));
                            if bytes.len() < take {
                                return self.fail(None);
                            }
                        }
                        self.chars += l;
                    }
                }
                self.cp += self.len;
                if self.chars <= MAX_NAME {
                    self.push(Piece::Dot);
                }
                self.chars += 1;
                if !self.advance() {
                    return;
                }
                if !self.compressed {
                    self.rp = self.rp.map(|r| r + self.len + 1);
                }
            }
        }
    }
}

impl<'a> Iterator for NameWalk<'a> {
    type Item = Piece<'a>;
    fn next(&mut self) -> Option<Piece<'a>> {
        loop {
            if let Some(p) = self.pending.iter_mut().find_map(|s| s.take()) {
                // Keep queue order: shift what is left to the front.
                self.pending.rotate_left(1);
                return Some(p);
            }
            if self.state == WalkState::Done {
                return None;
            }
            self.step();
        }
    }
}
