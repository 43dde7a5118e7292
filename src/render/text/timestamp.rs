//! tcpdump's time stamp formats (`ts_print` in util-print.c).

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
    reference: Option<(i64, u32)>,
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
            reference: None,
        }
    }

    /// The fraction at the printed precision (libpcap truncates nanoseconds
    /// to microseconds).
    fn frac(&self, ts: Timestamp) -> u32 {
        if self.nano {
            ts.nanos
        } else {
            ts.nanos / 1000
        }
    }

    fn write_frac(&self, cx: &mut Cx<'_>, frac: u32) {
        if self.nano {
            cx.f(format_args!(".{frac:09}"));
        } else {
            cx.f(format_args!(".{frac:06}"));
        }
    }

    fn write_hms(&self, cx: &mut Cx<'_>, c: &Civil, frac: u32, date: bool) {
        if date {
            cx.f(format_args!("{:04}-{:02}-{:02} ", c.year, c.month, c.day));
        }
        cx.f(format_args!(
            "{:02}:{:02}:{:02}",
            c.hour, c.minute, c.second
        ));
        self.write_frac(cx, frac);
    }

    pub fn write(&mut self, cx: &mut Cx<'_>, ts: Timestamp) {
        let frac = self.frac(ts);
        let meta = cx.pal.meta;
        let start = cx.out.len();
        // tcpdump refuses time stamps that do not fit a signed 32-bit
        // time_t the way it converts them.
        let unconvertible = (ts.secs as u64 as u32) & 0x8000_0000 != 0;
        match self.format {
            TimeFormat::None => return,
            TimeFormat::Local | TimeFormat::Date => {
                if unconvertible {
                    cx.s("[Error converting time]");
                } else {
                    let c = self.zone.civil(ts.secs);
                    self.write_hms(cx, &c, frac, self.format == TimeFormat::Date);
                }
            }
            TimeFormat::Epoch => {
                if unconvertible {
                    cx.s("[Error converting time]");
                } else {
                    cx.f(format_args!("{}", ts.secs as u32));
                    self.write_frac(cx, frac);
                }
            }
            TimeFormat::DeltaPrevious | TimeFormat::DeltaFirst => {
                let scale: i64 = if self.nano { 1_000_000_000 } else { 1_000_000 };
                let now = (ts.secs, frac);
                let reference = *self.reference.get_or_insert(now);
                let a = now.0 * scale + i64::from(now.1);
                let b = reference.0 * scale + i64::from(reference.1);
                let (neg, diff) = if a < b { (true, b - a) } else { (false, a - b) };
                cx.s(if neg { "-" } else { " " });
                let secs = diff / scale;
                let c = crate::render::time::utc(secs);
                self.write_hms(cx, &c, (diff % scale) as u32, false);
                if self.format == TimeFormat::DeltaPrevious {
                    self.reference = Some(now);
                }
            }
        }
        if cx.pal.enabled {
            let text = cx.out.split_off(start);
            let text = String::from_utf8_lossy(&text).into_owned();
            cx.styled(meta, format_args!("{text}"));
        }
        cx.s(" ");
    }
}
