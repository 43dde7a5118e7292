//! Calendar arithmetic for time stamps: UTC and local civil time without a
//! per-packet allocation.

use jiff::tz::TimeZone;

/// A broken-down civil time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

/// Days since 1970-01-01 to a (year, month, day), proleptic Gregorian
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Seconds since the epoch to UTC civil time.
pub fn utc(secs: i64) -> Civil {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400) as u32;
    let (year, month, day) = civil_from_days(days);
    Civil {
        year,
        month,
        day,
        hour: rem / 3600,
        minute: rem / 60 % 60,
        second: rem % 60,
    }
}

/// Where jiff's zoneinfo database is when `TZDIR` is not set (the first
/// of its candidate directories).
const ZONEINFO: &str = "/usr/share/zoneinfo";

/// A zone name that is a plain relative path under the zoneinfo directory.
fn plain_zone_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && name
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// The zone `TimeZone::try_system` resolves, read straight from its TZif
/// file in the cases where jiff would look that same name up in its
/// zoneinfo database: `TZ` set to a zone name (not a POSIX rule, a path or
/// a `:` value), or `TZ` unset and /etc/localtime a link into a zoneinfo
/// directory. jiff's lookup first lists the whole database (about 3.3
/// million instructions, the cost of some 600 packets of `-n`); the file
/// is the one it would find. Anything else (or a missing or unreadable
/// file) is left to jiff.
fn zoneinfo_file() -> Option<TimeZone> {
    if std::env::var_os("TZDIR").is_some() || !std::path::Path::new(ZONEINFO).is_dir() {
        return None;
    }
    let name = match std::env::var("TZ") {
        Ok(tz) => {
            if tz.starts_with(':') || tz.contains("zoneinfo/") || TimeZone::posix(&tz).is_ok() {
                return None;
            }
            tz
        }
        Err(std::env::VarError::NotPresent) => {
            let target = std::fs::read_link("/etc/localtime").ok()?;
            let target = target.to_str()?;
            let at = target.rfind("zoneinfo/")? + "zoneinfo/".len();
            target[at..].to_string()
        }
        Err(std::env::VarError::NotUnicode(_)) => return None,
    };
    if !plain_zone_name(&name) {
        return None;
    }
    let data = std::fs::read(format!("{ZONEINFO}/{name}")).ok()?;
    TimeZone::tzif(&name, &data).ok()
}

/// The local time zone (TZ, else /etc/localtime), resolved once.
pub struct LocalZone {
    tz: TimeZone,
}

impl LocalZone {
    pub fn system() -> LocalZone {
        LocalZone {
            tz: zoneinfo_file()
                .or_else(|| TimeZone::try_system().ok())
                .unwrap_or(TimeZone::UTC),
        }
    }

    pub fn utc() -> LocalZone {
        LocalZone { tz: TimeZone::UTC }
    }

    /// Seconds since the epoch to local civil time.
    pub fn civil(&self, secs: i64) -> Civil {
        let offset = jiff::Timestamp::from_second(secs)
            .map(|t| i64::from(self.tz.to_offset(t).seconds()))
            .unwrap_or(0);
        utc(secs + offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_names_read_from_the_zoneinfo_directory() {
        for name in ["UTC", "Etc/UTC", "America/Argentina/Buenos_Aires"] {
            assert!(plain_zone_name(name), "{name}");
        }
        for name in [
            "",
            "/etc/localtime",
            "../etc/passwd",
            "Etc/../UTC",
            "Etc//UTC",
            "./UTC",
            "Etc/",
        ] {
            assert!(!plain_zone_name(name), "{name}");
        }
    }

    #[test]
    fn known_dates() {
        assert_eq!(
            utc(0),
            Civil {
                year: 1970,
                month: 1,
                day: 1,
                hour: 0,
                minute: 0,
                second: 0
            }
        );
        // 2019-12-08 21:59:54 UTC
        assert_eq!(
            utc(1_575_842_394),
            Civil {
                year: 2019,
                month: 12,
                day: 8,
                hour: 21,
                minute: 59,
                second: 54
            }
        );
        // 2038-01-19 03:14:08 UTC, past 2^31.
        assert_eq!(
            utc(2_147_483_648),
            Civil {
                year: 2038,
                month: 1,
                day: 19,
                hour: 3,
                minute: 14,
                second: 8
            }
        );
        assert_eq!(utc(-1).year, 1969);
    }
}
