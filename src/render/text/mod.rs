//! The text renderer: the lines tcpdump prints, byte for byte, for the
//! protocols netdecode decodes. One file per protocol, as tcpdump's
//! printers; this module assembles a packet's line (number, time stamp,
//! layers) and holds the state tcpdump keeps across packets (previous time
//! stamp, TCP sequence bases).

mod arp;
mod atm;
mod bcm_li;
mod cdp;
mod dhcp;
mod dhcp6;
mod dispatch;
mod dns;
mod dtp;
mod dvmrp;
mod encap;
mod ethernet;
mod fmt;
mod geneve;
mod gre;
mod icmp;
mod icmp6;
mod igmp;
mod ipv4;
mod ipv6;
mod link;
mod llc;
mod lldp;
mod loopback;
mod mobility;
mod mpls;
mod mptcp;
mod nsh;
mod ntp;
mod pimv1;
mod stp;
mod syslog;
mod tcp;
pub mod timestamp;
mod txtproto;
mod udld;
mod udp;
mod vrrp;
mod vtp;
mod vxlan;

use std::io::Write;

use owo_colors::Style;

use crate::capture::RawPacket;
use crate::decode::{Decoded, Layer, Link, Stop, StopKind};
use crate::names::Resolver;
use crate::render::Palette;

pub use tcp::SeqLookup;
pub use timestamp::TimeFormat;

/// What one packet's text takes from the packets before it (its number,
/// the time stamp deltas are taken from), made in order by
/// [`TextRenderer::carry`] so that packets can then be rendered apart, in
/// any order, by [`TextRenderer::render_carried`] (`app::parallel`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Carry {
    count: u64,
    reference: (i64, i64),
}

/// tcpdump's output flags, as far as the text renderer needs them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextOptions {
    /// -v count.
    pub verbose: u8,
    /// -e: print the link-level header.
    pub link_header: bool,
    /// -q: quiet output.
    pub quiet: bool,
    pub time: TimeFormat,
    /// -#: packet numbers.
    pub number: bool,
    /// -S: absolute TCP sequence numbers.
    pub absolute_seq: bool,
    /// Not -K: verify IP, TCP and UDP checksums (with -v).
    pub verify_checksums: bool,
    /// Nanosecond time stamps.
    pub nano: bool,
    /// -q, -x, -X: no hex dump for payloads that are not decoded.
    pub suppress_default_print: bool,
}

impl Default for TextOptions {
    fn default() -> TextOptions {
        TextOptions {
            verbose: 0,
            link_header: false,
            quiet: false,
            time: TimeFormat::Local,
            number: false,
            absolute_seq: false,
            verify_checksums: true,
            nano: false,
            suppress_default_print: false,
        }
    }
}

/// What the printers remember from one packet to the next (tcpdump keeps
/// these in globals). New per-protocol state goes here, not into printer
/// signatures.
#[derive(Default)]
pub(crate) struct State {
    /// Initial sequence numbers per TCP conversation, for relative
    /// sequence numbers.
    pub tcp_seqs: tcp::SeqTable,
}

/// The one context every protocol printer takes (`fn write(cx: &mut Cx<'_>,
/// ...)`): the output buffer, the options, the palette, the names and the
/// state kept across packets.
pub(crate) struct Cx<'o> {
    pub out: &'o mut Vec<u8>,
    pub o: &'o TextOptions,
    pub pal: &'o Palette,
    /// Host, port and MAC names (see [`crate::names`]); `None` with -n,
    /// for numbers.
    pub names: Option<&'o Resolver>,
    /// State kept across packets.
    pub state: &'o mut State,
    /// A printer gave up the way tcpdump's `GET_*` macros do (a longjmp
    /// out of the dissectors): tcpdump then dumps the whole frame with
    /// -x/-X/-A, link-layer header included.
    pub early_end: bool,
}

impl Cx<'_> {
    /// Writes plain text.
    #[inline]
    pub fn s(&mut self, s: &str) {
        self.out.extend_from_slice(s.as_bytes());
    }

    /// Writes formatted text (writing into a Vec cannot fail).
    pub fn f(&mut self, args: std::fmt::Arguments<'_>) {
        let _ = self.out.write_fmt(args);
    }

    /// Writes formatted text in a style (no escapes when colour is off).
    pub fn styled(&mut self, style: Style, args: std::fmt::Arguments<'_>) {
        if self.pal.enabled {
            let _ = write!(self.out, "{}", style.style(args));
        } else {
            let _ = self.out.write_fmt(args);
        }
    }

    /// Writes plain text in a style: [`Cx::styled`] without `fmt` when
    /// colour is off.
    #[inline]
    pub fn styled_s(&mut self, style: Style, s: &str) {
        if self.pal.enabled {
            self.styled(style, format_args!("{s}"));
        } else {
            self.s(s);
        }
    }

    /// `a`, `b`, `c` as one styled piece ([`Cx::styled`] of `{a}{b}{c}`),
    /// without `fmt` when colour is off.
    pub fn styled3(&mut self, style: Style, a: &str, b: &str, c: &str) {
        if self.pal.enabled {
            self.styled(style, format_args!("{a}{b}{c}"));
        } else {
            self.s(a);
            self.s(b);
            self.s(c);
        }
    }

    /// Starts a style for text written piecemeal; [`Cx::end_style`] ends
    /// it. Only call with colour on.
    pub fn start_style(&mut self, style: Style) {
        let _ = write!(self.out, "{}", style.prefix_formatter());
    }

    /// Ends a style started with [`Cx::start_style`].
    pub fn end_style(&mut self, style: Style) {
        let _ = write!(self.out, "{}", style.suffix_formatter());
    }

    /// tcpdump's ` [|proto]` truncation marker.
    pub fn trunc(&mut self, layer: Layer) {
        let warn = self.pal.warn;
        self.styled3(warn, " [|", layer.name(), "]");
    }

    /// tcpdump's ` [|proto]` for a dissector that ran out of captured
    /// bytes in a `GET_*` read (tcpdump's longjmp): the marker names the
    /// protocol last entered, and the dump that follows covers the whole
    /// frame.
    pub fn trunc_early_end(&mut self, proto: &str) {
        self.early_end = true;
        let warn = self.pal.warn;
        self.styled3(warn, " [|", proto, "]");
    }

    /// tcpdump's ` [|proto]` from `nd_print_trunc`: the printer stops but
    /// tcpdump does not give up on the packet.
    pub fn trunc_named(&mut self, proto: &str) {
        let warn = self.pal.warn;
        self.styled(warn, format_args!(" [|{proto}]"));
    }

    /// tcpdump's ` (invalid)`.
    pub fn invalid(&mut self) {
        let warn = self.pal.warn;
        self.styled_s(warn, " (invalid)");
    }

    /// The hex and ASCII dump tcpdump prints for payloads it cannot
    /// decode, unless -q, -x or -X turned it off.
    pub fn default_print(&mut self, bytes: &[u8]) {
        if !self.o.suppress_default_print {
            crate::render::hex::write_dump(
                self.out,
                crate::render::hex::DumpStyle::HexAscii,
                bytes,
            );
        }
    }
}

/// The text renderer, with the state tcpdump keeps between packets.
pub struct TextRenderer {
    opts: TextOptions,
    pal: Palette,
    names: Option<Resolver>,
    clock: timestamp::Clock,
    state: State,
    count: u64,
    early_end: bool,
}

impl TextRenderer {
    pub fn new(opts: TextOptions, pal: Palette) -> TextRenderer {
        TextRenderer {
            clock: timestamp::Clock::new(opts.time, opts.nano),
            opts,
            pal,
            names: None,
            state: State::default(),
            count: 0,
            early_end: false,
        }
    }

    /// Prints names instead of numbers (no -n).
    pub fn with_names(mut self, names: Resolver) -> TextRenderer {
        self.names = Some(names);
        self
    }

    /// Renders one packet's text (no trailing newline: the caller may add
    /// a dump first).
    pub fn render(&mut self, pkt: &RawPacket<'_>, d: &Decoded<'_>, out: &mut Vec<u8>) {
        self.count += 1;
        self.early_end = false;
        let mut cx = Cx {
            out,
            o: &self.opts,
            pal: &self.pal,
            names: self.names.as_ref(),
            state: &mut self.state,
            early_end: false,
        };
        if self.opts.number {
            let meta = cx.pal.meta;
            cx.styled(meta, format_args!("{:5}  ", self.count));
        }
        if invalid_header(&mut cx, pkt) {
            return;
        }
        self.clock.write(&mut cx, pkt.ts);
        // A tunnelled frame prints from its outermost level; tunnel
        // printers print the levels inside (see `decode::encap`).
        let outer;
        let d = if d.encap.is_empty() {
            d
        } else {
            outer = d.outermost();
            &outer
        };
        match d.link {
            Link::Ethernet(e) => ethernet::write(&mut cx, d, &e),
            Link::Sll(h) => link::write_sll(&mut cx, d, &h),
            Link::Sll2(h) => link::write_sll2(&mut cx, d, &h),
            Link::Null(h) => link::write_null(&mut cx, d, &h),
            Link::Atm(a) => atm::write(&mut cx, d, &a),
            Link::Raw => link::write_raw(&mut cx, d),
            // Only inner levels start without a link header.
            Link::Inner => {}
            Link::Unsupported(_) => {
                // tcpdump's answer for a link type libpcap knows but it
                // has no printer for: the word, then the captured bytes.
                cx.f(format_args!("UNSUPPORTED"));
                crate::render::hex::write_dump(
                    &mut *cx.out,
                    crate::render::hex::DumpStyle::HexAscii,
                    pkt.data,
                );
            }
            Link::None => {
                if let Some(stop) = d.stop {
                    cx.trunc(stop.layer);
                }
            }
        }
        self.early_end = cx.early_end;
    }

    /// Whether [`TextRenderer::carry`] needs the decoded packet (for
    /// relative TCP sequence numbers: not with -S or -q).
    pub fn carry_needs_decode(&self) -> bool {
        !self.opts.quiet && !self.opts.absolute_seq
    }

    /// Moves the state kept across packets on as [`TextRenderer::render`]
    /// would for this packet, without rendering it, and returns what its
    /// text takes from the packets before it; the TCP sequence lookups
    /// its printers make are appended to `seqs` (given `d`, the decoded
    /// packet, when [`TextRenderer::carry_needs_decode`]).
    pub fn carry(
        &mut self,
        pkt: &RawPacket<'_>,
        d: Option<&Decoded<'_>>,
        seqs: &mut Vec<SeqLookup>,
    ) -> Carry {
        self.count += 1;
        let carry = Carry {
            count: self.count,
            reference: self.clock.reference(),
        };
        if Self::header_invalid(pkt) {
            return carry;
        }
        self.clock.advance(pkt.ts);
        if let Some(d) = d {
            tcp::predict(&mut self.state.tcp_seqs, &self.opts, d, seqs);
        }
        carry
    }

    /// Renders one packet as [`TextRenderer::render`] does after the
    /// packets before it, given what [`TextRenderer::carry`] made of them
    /// (`carry` and the packet's `seqs`). False when the printers looked
    /// up TCP sequence numbers other than those predicted: the text may
    /// then differ from an in-order render.
    pub fn render_carried(
        &mut self,
        pkt: &RawPacket<'_>,
        d: &Decoded<'_>,
        out: &mut Vec<u8>,
        carry: Carry,
        seqs: &[SeqLookup],
    ) -> bool {
        self.count = carry.count.wrapping_sub(1);
        self.clock.set_reference(carry.reference);
        self.state.tcp_seqs.replay(seqs);
        self.render(pkt, d, out);
        self.state.tcp_seqs.replayed()
    }

    /// Whether the last packet rendered ended the way a tcpdump longjmp
    /// does (see [`Cx::early_end`]): its dump then starts at the frame's
    /// first byte.
    pub fn ended_early(&self) -> bool {
        self.early_end
    }

    /// Where tcpdump's -x/-X/-A dump of the packet just rendered starts
    /// (before [`crate::render::hex::dump_slice`] applies -xx/-XX/-AA):
    /// after the link-layer header, or at byte 0 when a printer gave up the
    /// way tcpdump's longjmp does.
    pub fn dump_start(&self, d: &Decoded<'_>) -> usize {
        if self.ended_early() {
            0
        } else if d.stop.is_some_and(|s| s.kind == StopKind::Truncated)
            && d.net == crate::decode::Net::None
        {
            d.link_hdr_len.min(d.frame.len())
        } else {
            d.link_hdr_len
        }
    }

    /// Whether the renderer ended the packet early because its pcap header
    /// was invalid (then no dump follows either).
    pub fn header_invalid(pkt: &RawPacket<'_>) -> bool {
        pkt.data.is_empty() || pkt.wire_len == 0 || (pkt.wire_len as usize) < pkt.data.len()
    }
}

/// tcpdump's sanity checks on the pcap record header.
fn invalid_header(cx: &mut Cx<'_>, pkt: &RawPacket<'_>) -> bool {
    let caplen = pkt.data.len();
    let mut any = false;
    let mut note = |cx: &mut Cx<'_>, s: std::fmt::Arguments<'_>| {
        cx.s(if any { "," } else { "[Invalid header:" });
        any = true;
        cx.f(s);
    };
    if caplen == 0 {
        note(cx, format_args!(" caplen==0"));
    }
    if pkt.wire_len == 0 {
        note(cx, format_args!(" len==0"));
    } else if (pkt.wire_len as usize) < caplen {
        note(
            cx,
            format_args!(" len({}) < caplen({})", pkt.wire_len, caplen),
        );
    }
    if any {
        cx.s("]");
    }
    any
}

/// The stop for `layer`, if decoding stopped there.
pub(crate) fn stop_at(d: &Decoded<'_>, layer: Layer) -> Option<Stop> {
    d.stop.filter(|s| s.layer == layer)
}

/// True when decoding stopped at `layer` for lack of bytes.
pub(crate) fn truncated_at(d: &Decoded<'_>, layer: Layer) -> bool {
    stop_at(d, layer).is_some_and(|s| s.kind == StopKind::Truncated)
}
