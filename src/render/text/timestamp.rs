//! tcpdump's time stamp formats (`ts_print` in util-print.c).

use super::fmt::{push_dec_fixed, push_dec_pad};
use super::Cx;
use crate::capture::Timestamp;
use crate::render::time::{Civil, LocalZone};
use std::io::Write as _;

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
    /// The second `local_text` was written for: packets of one second
    /// share the zone lookup and the calendar arithmetic.
    local_secs: Option<i64>,
    /// `[YYYY-MM-DD ]HH:MM:SS.` of local time at `local_secs`.
    local_text: Vec<u8>,
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
            local_secs: None,
            local_text: Vec::new(),
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
        cx.s(".");
        self.write_frac_digits(cx.out, frac);
    }

    /// The digits of [`Clock::write_frac`], without the dot.
    fn write_frac_digits(&self, out: &mut Vec<u8>, frac: i64) {
        let f = u64::from(frac as u32);
        if self.nano {
            push_dec_fixed::<9>(out, f);
        } else {
            push_dec_fixed::<6>(out, f);
        }
    }

    /// Local time of day (with the date for -tttt) of `secs`, then the
    /// fraction. The text up to the fraction is kept for the next packet
    /// of the same second.
    fn write_local(&mut self, cx: &mut Cx<'_>, secs: i64, frac: i64, date: bool) {
        if self.local_secs != Some(secs) {
            let c = self.zone.civil(secs);
            let text = &mut self.local_text;
            text.clear();
            if date {
                // Once a second: `fmt` is fine here (and keeps `{:04}`'s
                // sign handling).
                let _ = write!(text, "{:04}-{:02}-{:02} ", c.year, c.month, c.day);
            }
            push_dec_pad(text, u64::from(c.hour), 2);
            text.push(b':');
            push_dec_pad(text, u64::from(c.minute), 2);
            text.push(b':');
            push_dec_pad(text, u64::from(c.second), 2);
            text.push(b'.');
            self.local_secs = Some(secs);
        }
        cx.out.extend_from_slice(&self.local_text);
        self.write_frac_digits(cx.out, frac);
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
                    let date = self.format == TimeFormat::Date;
                    self.write_local(cx, ts.secs, frac, date);
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

    /// What `clock` writes for each of `stamps`, in turn.
    fn written(clock: &mut Clock, stamps: &[(i64, i64)]) -> Vec<String> {
        let o = TextOptions::default();
        let pal = Palette::plain();
        stamps
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
                String::from_utf8(out).unwrap()
            })
            .collect()
    }

    fn stamps(format: TimeFormat, nano: bool) -> Vec<String> {
        written(&mut Clock::new(format, nano), &STAMPS)
            .into_iter()
            .map(|s| s.trim_end_matches(' ').to_string())
            .collect()
    }

    // The expected strings are tcpdump 4.99.3's for the same file.

    /// Local time in a fixed zone (UTC), where the text of a second is
    /// reused by the packets that share it: seconds repeated, moved on,
    /// moved back, across midnight and the year's end.
    #[test]
    fn local_time_reuses_the_second_only_while_it_lasts() {
        let stamps = [
            (1_575_842_394, 5_000),
            (1_575_842_394, 999_999_000),
            (1_575_842_395, 0),
            (1_575_842_394, 1_000),
            (1_577_836_799, 123_456_789),
            (1_577_836_800, 7),
        ];
        let run = |format, nano| -> Vec<String> {
            let mut clock = Clock::new(format, nano);
            clock.zone = LocalZone::utc();
            written(&mut clock, &stamps)
        };
        assert_eq!(
            run(TimeFormat::Local, false),
            [
                "21:59:54.000005 ",
                "21:59:54.999999 ",
                "21:59:55.000000 ",
                "21:59:54.000001 ",
                "23:59:59.123456 ",
                "00:00:00.000000 ",
            ]
        );
        assert_eq!(
            run(TimeFormat::Date, true),
            [
                "2019-12-08 21:59:54.000005000 ",
                "2019-12-08 21:59:54.999999000 ",
                "2019-12-08 21:59:55.000000000 ",
                "2019-12-08 21:59:54.000001000 ",
                "2019-12-31 23:59:59.123456789 ",
                "2020-01-01 00:00:00.000000007 ",
            ]
        );
    }

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
