//! What the arguments of `dhcp` and `neighbors` mean: the
//! [`WatchCommand`] the application layer runs.

use std::net::IpAddr;

use super::args::Command;
use super::watch_args::{DhcpArgs, NeighborsArgs, WatchSourceArgs};
use crate::app::config::{LiveOptions, MAX_SNAPLEN};
use crate::app::watch::{
    Allowed, DhcpEngine, DhcpOptions, Input, Mac, NeighborsEngine, NeighborsOptions, ProbeOptions,
    WatchCommand, WatchOptions,
};
use crate::error::AppError;

/// The watch subcommand the arguments ask for, if they ask for one.
pub fn watch_command(cmd: &Command) -> Result<Option<WatchCommand>, AppError> {
    Ok(Some(match cmd {
        Command::Dhcp(a) => dhcp(a)?,
        Command::Neighbors(a) => WatchCommand::Neighbors(neighbors(a)?),
        _ => return Ok(None),
    }))
}

fn filter(words: &[String]) -> Option<String> {
    let f = words.join(" ");
    (!f.trim().is_empty()).then_some(f)
}

fn watch_options(
    name: &str,
    s: &WatchSourceArgs,
    words: &[String],
) -> Result<WatchOptions, AppError> {
    let input = match (&s.read, &s.interface) {
        (Some(f), None) => Input::File(f.clone()),
        (None, Some(i)) => Input::Live(i.clone()),
        (Some(_), Some(_)) => {
            return Err(AppError::Usage(format!(
                "{name}: -r and -i cannot be used together"
            )))
        }
        (None, None) => {
            return Err(AppError::Usage(format!(
                "{name}: no input: give -r FILE or -i INTERFACE (see netdecode {name} --help)"
            )))
        }
    };
    Ok(WatchOptions {
        input,
        filter: filter(words),
        json: s.json,
        interval: s.interval,
        live: LiveOptions {
            snaplen: MAX_SNAPLEN,
            promisc: !s.no_promisc,
            immediate: true,
            buffer_kib: None,
            direction: None,
            linktype: None,
            named: true,
            nano: true,
            tstamp_type: None,
        },
        utc: s.utc,
    })
}

/// An `--allowed-server` value: an IPv4 or IPv6 address, or a MAC.
pub fn parse_allowed(s: &str) -> Result<Allowed, AppError> {
    if let Ok(ip) = s.trim().parse::<IpAddr>() {
        return Ok(Allowed::Ip(ip));
    }
    s.trim().parse::<Mac>().map(Allowed::Mac).map_err(|_| {
        AppError::Usage(format!(
            "--allowed-server: '{s}' is neither an IP address nor a MAC address"
        ))
    })
}

fn dhcp(a: &DhcpArgs) -> Result<WatchCommand, AppError> {
    let allowed = a
        .allowed_server
        .iter()
        .map(|s| parse_allowed(s))
        .collect::<Result<Vec<_>, _>>()?;
    let engine = DhcpEngine {
        allowed,
        ..DhcpEngine::default()
    };
    let watch = watch_options("dhcp", &a.source, &a.expression)?;
    if !a.probe && (a.mac.is_some() || a.timeout.is_some()) {
        return Err(AppError::Usage(
            "dhcp: --mac and --timeout go with --probe".into(),
        ));
    }
    if a.probe {
        let Input::Live(interface) = watch.input else {
            return Err(AppError::Usage("dhcp: --probe needs -i INTERFACE".into()));
        };
        if watch.filter.is_some() {
            return Err(AppError::Usage(
                "dhcp: --probe takes no filter expression (it listens for the answers to its own DISCOVER)"
                    .into(),
            ));
        }
        if watch.interval.is_some() {
            return Err(AppError::Usage("dhcp: --probe takes no --interval".into()));
        }
        let mac = match &a.mac {
            Some(m) => Some(
                m.parse::<Mac>()
                    .map_err(|e| AppError::Usage(format!("--mac: {e}")))?,
            ),
            None => None,
        };
        return Ok(WatchCommand::Probe(ProbeOptions {
            interface,
            mac,
            timeout: a.timeout.unwrap_or(5),
            json: watch.json,
            utc: watch.utc,
            engine,
            live: watch.live,
        }));
    }
    Ok(WatchCommand::Dhcp(DhcpOptions { watch, engine }))
}

fn neighbors(a: &NeighborsArgs) -> Result<NeighborsOptions, AppError> {
    let engine = NeighborsEngine {
        storm_rate: a.storm_rate,
        max_age: a.max_age,
        ..NeighborsEngine::default()
    };
    Ok(NeighborsOptions {
        watch: watch_options("neighbors", &a.source, &a.expression)?,
        engine,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_servers() {
        assert_eq!(
            parse_allowed("10.0.0.1").unwrap(),
            Allowed::Ip("10.0.0.1".parse().unwrap())
        );
        assert_eq!(
            parse_allowed("fe80::1").unwrap(),
            Allowed::Ip("fe80::1".parse().unwrap())
        );
        assert_eq!(
            parse_allowed("02:00:00:00:00:01").unwrap(),
            Allowed::Mac(Mac([2, 0, 0, 0, 0, 1]))
        );
        assert!(parse_allowed("server1").is_err());
    }
}
