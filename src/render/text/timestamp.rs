//! tcpdump's time stamp formats (`ts_print` in util-print.c).

use super::fmt::push_dec_pad;
use super::Cx;
use crate::capture::Timestamp;
use crate::render::time::{Civil, LocalZone};

/// Which time stamp to print (-t count).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeFormat {
    /// Default: local time of day.
    Local,
    /// -t: none.
    None,
    /// -tt: seconds since the epoch.
    Epoch,
    /// -ttt: delta since the previous packet.
    DeltaPrevious,
    /// -tttt: local date and time.
    Date,
    /// -ttttt: delta since the first packet.
    DeltaFirst,
}

/// Time stamp state: the zone and the reference for deltas.
pub(crate) struct Clock {
    format: TimeFormat,
    nano: bool,
    zone: LocalZone,
    /// The time stamp deltas are taken from, at the printed precision.
    reference: (i64, i64),
}

/// tcpdump refuses seconds whose low 32 bits have the sign bit set (it
/// converts them through a 32-bit cast).
fn unconvertible(secs: i64) -> bool {
    (secs as u64 as u32) & 0x8000_0000 != 0
}

impl Clock {
    pub fn new(format: TimeFormat, nano: bool) -> Clock {
        let zone = match format {
            TimeFormat::Local | TimeFormat::Date => LocalZone::system(),
            _ => LocalZone::utc(),
        };
        Clock {
            format,
            nano,
            zone,
            reference: (0, 0),
        }
    }

    /// The fraction at the printed precision, as libpcap hands it to
    /// tcpdump (nanoseconds divided down to microseconds without -nano);
    /// it is not normalised, so a malformed file's fraction prints whole.
    fn frac(&self, ts: Timestamp) -> i64 {
        if self.nano {
            ts.nanos
        } else {
            ts.nanos / 1000
        }
    }

    /// `.ffffff` or `.fffffffff`, of the fraction cast to 32 bits as
    /// tcpdump's `%06u` does.
    fn write_frac(&self, cx: &mut Cx<'_>, frac: i64) {
        let f = u64::from(frac as u32);
        cx.s(".");
        push_dec_pad(cx.out, f, if self.nano { 9 } else { 6 });
    }

    fn write_hms(&self, cx: &mut Cx<'_>, c: &Civil, frac: i64, date: bool) {
        if date {
            cx.f(format_args!("{:04}-{:02}-{:02} ", c.year, c.month, c.day));
        }
        for (i, v) in [c.hour, c.minute, c.second].into_iter().enumerate() {
            if i != 0 {
                cx.s(":");
            }
            push_dec_pad(cx.out, u64::from(v), 2);
        }
        self.write_frac(cx, frac);
    }

    /// The reference a delta for a packet stamped `now` (at the printed
    /// precision) is taken from, and the reference moved on as tcpdump
    /// moves it.
    fn step(&mut self, now: (i64, i64)) -> (i64, i64) {
        // A zero reference counts as unset, as in tcpdump: a packet
        // stamped 0.0 does not become the reference.
        if self.reference == (0, 0) {
            self.reference = now;
        }
        let reference = self.reference;
        if self.format == TimeFormat::DeltaPrevious {
            self.reference = now;
        }
        reference
    }

    /// The state deltas are taken from (what [`Clock::write`] leaves for
    /// the next packet).
    pub fn reference(&self) -> (i64, i64) {
        self.reference
    }

    /// Sets the state deltas are taken from, as an earlier
    /// [`Clock::reference`] returned it.
    pub fn set_reference(&mut self, reference: (i64, i64)) {
        self.reference = reference;
    }

    /// Moves the state on as [`Clock::write`] does for a packet stamped
    /// `ts`, without writing.
    pub fn advance(&mut self, ts: Timestamp) {
        if matches!(
            self.format,
            TimeFormat::DeltaPrevious | TimeFormat::DeltaFirst
        ) {
            let now = (ts.secs, self.frac(ts));
            self.step(now);
        }
    }

    pub fn write(&mut self, cx: &mut Cx<'_>, ts: Timestamp) {
        let frac = self.frac(ts);
        let meta = cx.pal.meta;
        if self.format == TimeFormat::None {
            return;
        }
        if cx.pal.enabled {
            cx.start_style(meta);
        }
        match self.format {
            TimeFormat::None => {}
            TimeFormat::Local | TimeFormat::Date => {
                if unconvertible(ts.secs) {
                    cx.s("[Error converting time]");
                } else {
                    let c = self.zone.civil(ts.secs);
                    self.write_hms(cx, &c, frac, self.format == TimeFormat::Date);
                }
            }
            TimeFormat::Epoch => {
                if unconvertible(ts.secs) {
                    cx.s("[Error converting time]");
                } else {
                    cx.f(format_args!("{}", ts.secs as u32));
                    self.write_frac(cx, frac);
                }
            }
            TimeFormat::DeltaPrevious | TimeFormat::DeltaFirst => {
                let now = (ts.secs, frac);
                let reference = self.step(now);
                let negative = now < reference;
                let (a, b) = if negative {
                    (reference, now)
                } else {
                    (now, reference)
                };
                let (mut secs, mut frac) = (a.0.wrapping_sub(b.0), a.1 - b.1);
                if frac < 0 {
                    secs = secs.wrapping_sub(1);
                    frac += if self.nano { 1_000_000_000 } else { 1_000_000 };
                }
                cx.s(if negative { "-" } else { " " });
                if unconvertible(secs) {
                    cx.s("[Error converting time]");
                } else {
                    let c = crate::render::time::utc(secs);
                    self.write_hms(cx, &c, frac, false);
                }
            }
        }
        if cx.pal.enabled {
            cx.end_style(meta);
        }
        cx.s(" ");
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::render::text::TextOptions;
    use crate::render::Palette;

    /// Time stamps as libpcap hands them over (at nanosecond precision)
    /// for a microsecond file with these seconds and microseconds fields:
    /// zeros, a backwards step, malformed fractions (0x30303030 and
    /// 0xffffffff, which libpcap reads as -1) and seconds of 2^31 and
    /// 2^32 - 1 (which it reads as negative).
    const STAMPS: [(i64, i64); 9] = [
        (0, 0),
        (5, 999_999_000),
        (4, 5_000),
        (0, 0),
        (7, 808_464_432_000),
        (7, 1_000),
        (-2_147_483_648, 5_000),
        (-1, 0),
        (3, -1_000),
    ];

    fn stamps(format: TimeFormat, nano: bool) -> Vec<String> {
        let o = TextOptions::default();
        let pal = Palette::plain();
        let mut clock = Clock::new(format, nano);
        STAMPS
            .iter()
            .map(|&(secs, nanos)| {
                let mut out = Vec::new();
                let mut cx = Cx {
                    out: &mut out,
                    o: &o,
                    pal: &pal,
                    names: None,
                    state: &mut super::super::State::default(),
                    early_end: false,
                };
                clock.write(&mut cx, Timestamp { secs, nanos });
                String::from_utf8(out)
                    .unwrap()
                    .trim_end_matches(' ')
                    .to_string()
            })
            .collect()
    }

    // The expected strings are tcpdump 4.99.3's for the same file.

    #[test]
    fn epoch() {
        assert_eq!(
            stamps(TimeFormat::Epoch, false),
            [
                "0.000000",
                "5.999999",
                "4.000005",
                "0.000000",
                "7.808464432",
                "7.000001",
                "[Error converting time]",
                "[Error converting time]",
                "3.4294967295",
            ]
        );
        assert_eq!(
            stamps(TimeFormat::Epoch, true)[4..],
            [
                "7.1010580352",
                "7.000001000",
                "[Error converting time]",
                "[Error converting time]",
                "3.4294966296",
            ]
        );
    }

    #[test]
    fn delta_from_previous() {
        assert_eq!(
            stamps(TimeFormat::DeltaPrevious, false),
            [
                " 00:00:00.000000",
                " 00:00:00.000000",
                "-00:00:01.999994",
                "-00:00:04.000005",
                " 00:00:00.000000",
                "-00:00:00.808464431",
                "-[Error converting time]",
                " 03:14:06.999995",
                " 00:00:03.999999",
            ]
        );
        assert_eq!(
            stamps(TimeFormat::DeltaPrevious, true)[5],
            "-00:00:00.1010579352"
        );
    }

    #[test]
    fn delta_from_first() {
        // The first packet's 0.0 never becomes the reference.
        assert_eq!(
            stamps(TimeFormat::DeltaFirst, false),
            [
                " 00:00:00.000000",
                " 00:00:00.000000",
                "-00:00:01.999994",
                "-00:00:05.999999",
                " 00:00:02.807464433",
                " 00:00:01.000002",
                "-[Error converting time]",
                "-00:00:06.999999",
                "-00:00:02.1000000",
            ]
        );
        assert_eq!(
            stamps(TimeFormat::DeltaFirst, true)[4..],
            [
                " 00:00:02.010581352",
                " 00:00:01.000002000",
                "-[Error converting time]",
                "-00:00:06.999999000",
                "-00:00:02.1000000000",
            ]
        );
    }

    #[test]
    fn none_prints_nothing() {
        assert!(stamps(TimeFormat::None, false).iter().all(String::is_empty));
    }

    #[test]
    fn coloured_stamps_wrap_the_text_and_none_writes_nothing() {
        let o = TextOptions::default();
        let pal = Palette::colored();
        for (format, want) in [
            (TimeFormat::None, String::new()),
            (
                TimeFormat::Epoch,
                format!(
                    "{}5.000001{} ",
                    pal.meta.prefix_formatter(),
                    pal.meta.suffix_formatter()
                ),
            ),
        ] {
            let mut out = Vec::new();
            let mut cx = Cx {
                out: &mut out,
                o: &o,
                pal: &pal,
                names: None,
                state: &mut super::super::State::default(),
                early_end: false,
            };
            Clock::new(format, false).write(
                &mut cx,
                Timestamp {
                    secs: 5,
                    nanos: 1_000,
                },
            );
            assert_eq!(String::from_utf8(out).unwrap(), want, "{format:?}");
        }
    }
}
